/* tl-chrome-input.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes under the JSON: from memory or a stream, inflated on the fly
 * when they are gzip, one window at a time so that a file of any size
 * needs two buffers of memory.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "tl-chrome-private.h"

#define GZIP_OUT_CHUNK (1024 * 1024)

typedef enum
{
  GZIP_OK = 0,
  GZIP_TRUNCATED,
  GZIP_CORRUPT,
} GzipState;

struct _TlChromeInput
{
  /* Raw bytes: all of them (memory) or one chunk at a time (stream). */
  const char           *data;
  gsize                 len;
  gboolean              data_given;   /* memory input handed out already */
  GInputStream         *stream;
  char                 *chunk;
  gsize                 chunk_size;
  char                  head[2];
  gboolean              raw_eof;
  gboolean              started;

  guint64               raw_read;
  guint64               total_size;
  TlFormatProgressFunc  progress;
  gpointer              user_data;
  GCancellable         *cancellable;
  double                last_fraction;

  gboolean              gzip;
  z_stream              zs;
  char                 *out;
  gsize                 out_size;
  gboolean              member_ended;
  gboolean              done;
  GzipState             gzip_state;
};

static void
input_init_common (TlChromeInput *self)
{
  self->last_fraction = -1.0;
}

TlChromeInput *
_tl_chrome_input_new_data (const char *data,
                           gsize       len)
{
  TlChromeInput *self = g_new0 (TlChromeInput, 1);

  input_init_common (self);
  self->data = data;
  self->len = len;
  self->total_size = len;
  self->out_size = GZIP_OUT_CHUNK;
  return self;
}

TlChromeInput *
_tl_chrome_input_new_stream (GInputStream         *stream,
                             gsize                 chunk_size,
                             guint64               total_size,
                             TlFormatProgressFunc  progress,
                             gpointer              user_data,
                             GCancellable         *cancellable)
{
  TlChromeInput *self = g_new0 (TlChromeInput, 1);

  g_return_val_if_fail (chunk_size > 0, NULL);

  input_init_common (self);
  self->stream = g_object_ref (stream);
  self->chunk_size = chunk_size;
  self->chunk = g_malloc (chunk_size);
  self->total_size = total_size;
  self->progress = progress;
  self->user_data = user_data;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  /* Tests read in tiny chunks; inflate into equally tiny windows then. */
  self->out_size = MIN (chunk_size, GZIP_OUT_CHUNK);
  return self;
}

void
_tl_chrome_input_free (TlChromeInput *self)
{
  if (self == NULL)
    return;
  if (self->gzip)
    inflateEnd (&self->zs);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_free (self->chunk);
  g_free (self->out);
  g_free (self);
}

gboolean
_tl_chrome_input_is_gzip (TlChromeInput *self)
{
  return self->gzip;
}

static void
report_progress (TlChromeInput *self)
{
  double fraction;

  if (self->progress == NULL || self->total_size == 0)
    return;
  fraction = MIN (1.0, (double) self->raw_read / (double) self->total_size);
  /* About a hundred calls for a whole file, whatever its size. */
  if (fraction - self->last_fraction < 0.01 && fraction < 1.0)
    return;
  self->last_fraction = fraction;
  self->progress (fraction, self->user_data);
}

/* The next raw bytes into ->data/->len; ->len == 0 at the end. */
static gboolean
read_raw (TlChromeInput  *self,
          GError        **error)
{
  gssize n;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  if (self->stream == NULL)
    {
      /* Memory: everything at once, then nothing. */
      if (self->data_given)
        self->len = 0;
      self->data_given = TRUE;
      if (self->len == 0)
        self->raw_eof = TRUE;
      return TRUE;
    }

  n = g_input_stream_read (self->stream, self->chunk, self->chunk_size, self->cancellable, error);
  if (n < 0)
    return FALSE;
  self->data = self->chunk;
  self->len = (gsize) n;
  self->raw_read += (guint64) n;
  if (n == 0)
    self->raw_eof = TRUE;
  report_progress (self);
  return TRUE;
}

static gboolean
start_gzip (TlChromeInput *self)
{
  memset (&self->zs, 0, sizeof self->zs);
  /* 16 + MAX_WBITS: a gzip wrapper, not zlib's. */
  if (inflateInit2 (&self->zs, 16 + MAX_WBITS) != Z_OK)
    return FALSE;
  self->gzip = TRUE;
  self->out = g_malloc (self->out_size);
  self->zs.next_in = (Bytef *) self->data;
  self->zs.avail_in = (uInt) self->len;
  return TRUE;
}

static gboolean
is_gzip_magic (const char *data,
               gsize       len)
{
  return len >= 2 && (guchar) data[0] == 0x1f && (guchar) data[1] == 0x8b;
}

/* Feeds inflate more raw input when it has used up what it had. */
static gboolean
feed_inflate (TlChromeInput  *self,
              GError        **error)
{
  if (self->zs.avail_in > 0 || self->raw_eof)
    return TRUE;
  if (!read_raw (self, error))
    return FALSE;
  self->zs.next_in = (Bytef *) self->data;
  self->zs.avail_in = (uInt) self->len;
  return TRUE;
}

static gboolean
refill_gzip (TlChromeInput  *self,
             const char    **data,
             gsize          *len,
             GError        **error)
{
  while (!self->done)
    {
      gsize produced;
      int ret;

      if (!feed_inflate (self, error))
        return FALSE;

      if (self->member_ended)
        {
          /* Another member may follow (concatenated gzip files); anything
           * else after the end is padding, as gzip(1) treats it. */
          if (self->zs.avail_in == 0 && self->raw_eof)
            {
              self->done = TRUE;
              break;
            }
          if (self->zs.avail_in < 2 && !self->raw_eof)
            {
              /* Too little to tell; it is rare enough to go byte by byte. */
              if (self->zs.avail_in == 1 && (guchar) self->zs.next_in[0] != 0x1f)
                {
                  self->done = TRUE;
                  break;
                }
            }
          else if (!is_gzip_magic ((const char *) self->zs.next_in, self->zs.avail_in))
            {
              self->done = TRUE;
              break;
            }
          inflateReset (&self->zs);
          self->member_ended = FALSE;
        }

      self->zs.next_out = (Bytef *) self->out;
      self->zs.avail_out = (uInt) self->out_size;
      ret = inflate (&self->zs, Z_NO_FLUSH);
      produced = self->out_size - self->zs.avail_out;

      switch (ret)
        {
        case Z_STREAM_END:
          self->member_ended = TRUE;
          break;
        case Z_OK:
          break;
        case Z_BUF_ERROR:
          /* No progress possible: more input, or the stream was cut. */
          if (self->zs.avail_in == 0 && self->raw_eof)
            {
              self->gzip_state = GZIP_TRUNCATED;
              self->done = TRUE;
            }
          break;
        case Z_NEED_DICT:
        case Z_DATA_ERROR:
        case Z_MEM_ERROR:
        case Z_STREAM_ERROR:
        default:
          self->gzip_state = GZIP_CORRUPT;
          self->done = TRUE;
          break;
        }
      if (!self->done && produced == 0 && self->zs.avail_in == 0 && self->raw_eof &&
          !self->member_ended)
        {
          self->gzip_state = GZIP_TRUNCATED;
          self->done = TRUE;
        }
      if (produced > 0)
        {
          *data = self->out;
          *len = produced;
          return TRUE;
        }
    }
  *data = NULL;
  *len = 0;
  return TRUE;
}

gboolean
_tl_chrome_input_refill (gpointer      input,
                         const char  **data,
                         gsize        *len,
                         GError      **error)
{
  TlChromeInput *self = input;

  if (!self->started)
    {
      self->started = TRUE;
      if (self->stream != NULL)
        {
          gsize n = 0;

          /* The two magic bytes together, however small the chunks. */
          if (g_cancellable_set_error_if_cancelled (self->cancellable, error) ||
              !g_input_stream_read_all (self->stream, self->head, sizeof self->head, &n,
                                        self->cancellable, error))
            return FALSE;
          self->data = self->head;
          self->len = n;
          self->raw_read += n;
          self->raw_eof = n < sizeof self->head;
        }
      else if (!read_raw (self, error))
        {
          return FALSE;
        }
      if (is_gzip_magic (self->data, self->len))
        {
          if (!start_gzip (self))
            {
              g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT,
                           "Could not start decompressing");
              return FALSE;
            }
          return refill_gzip (self, data, len, error);
        }
      *data = self->data;
      *len = self->len;
      return TRUE;
    }

  if (self->gzip)
    return refill_gzip (self, data, len, error);
  if (!read_raw (self, error))
    return FALSE;
  *data = self->data;
  *len = self->len;
  return TRUE;
}

void
_tl_chrome_input_report (TlChromeInput *self,
                         TlTraceModel  *model)
{
  switch (self->gzip_state)
    {
    case GZIP_TRUNCATED:
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                  "The compressed file is cut short; what came before the cut was loaded");
      break;
    case GZIP_CORRUPT:
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT, TL_TS_NONE,
                                  "The compressed data is damaged after %" G_GUINT64_FORMAT
                                  " bytes; what came before was loaded",
                                  (guint64) self->zs.total_out);
      break;
    case GZIP_OK:
    default:
      break;
    }
}
