/* tl-chrome-source.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The source of the traced files (viztracer's file_info) is as big as the
 * rest of a trace, often bigger, and seldom looked at.  From a plain file,
 * the import keeps only where each file's source lies and reads it again
 * when someone looks, if the trace file is still what it was; from other
 * input (gzip, memory) it keeps the JSON string as it was, undecoded.
 * Either way it is decoded on first use.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tl-chrome-import-private.h"
#include "tl-trace-model-code.h"

/* A source bigger than this (as JSON) is left out: no program's file is,
 * and a hostile trace's would be held whole while it is read. */
#define SOURCE_MAX ((guint64) 16 * 1024 * 1024)

struct _TlChromeFile
{
  gint    ref_count;
  int     fd;
  guint64 size;
  gint64  mtime_ns;
};

typedef struct
{
  TlChromeFile *file;
  guint64       offset;
  guint64       len;
} FileRange;

static gboolean
file_stat (int      fd,
           guint64 *size,
           gint64  *mtime_ns)
{
  struct stat st;

  if (fstat (fd, &st) != 0)
    return FALSE;
  *size = (guint64) st.st_size;
  *mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  return TRUE;
}

TlChromeFile *
_tl_chrome_file_new (int fd)
{
  TlChromeFile *self = g_new0 (TlChromeFile, 1);

  self->ref_count = 1;
  self->fd = dup (fd);
  if (self->fd < 0 || !file_stat (self->fd, &self->size, &self->mtime_ns))
    {
      _tl_chrome_file_unref (self);
      return NULL;
    }
  return self;
}

TlChromeFile *
_tl_chrome_file_ref (TlChromeFile *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
_tl_chrome_file_unref (TlChromeFile *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  g_free (self);
}

static void
range_free (gpointer data)
{
  FileRange *range = data;

  _tl_chrome_file_unref (range->file);
  g_free (range);
}

/* The bytes of @range, if the file has not changed since it was read. */
static char *
read_range (const FileRange *range)
{
  guint64 size;
  gint64 mtime_ns;
  char *buf;
  gsize done = 0;

  if (range->len > SOURCE_MAX || !file_stat (range->file->fd, &size, &mtime_ns) ||
      size != range->file->size || mtime_ns != range->file->mtime_ns)
    return NULL;
  buf = g_malloc (range->len);
  while (done < range->len)
    {
      gssize n = pread (range->file->fd, buf + done, range->len - done, (off_t) (range->offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_free (buf);
          return NULL;
        }
      done += (gsize) n;
    }
  return buf;
}

/* A TlSourceDecodeFunc over a FileRange. */
static char *
decode_range (const char *data,
              gsize       len,
              gsize      *text_len)
{
  FileRange range;
  g_autofree char *json = NULL;

  if (len != sizeof range)
    return NULL;
  memcpy (&range, data, sizeof range);
  json = read_range (&range);
  return json != NULL ? _tl_json_decode_string (json, range.len, text_len) : NULL;
}

/* A TlSourceDecodeFunc over the JSON string itself. */
static char *
decode_copy (const char *data,
             gsize       len,
             gsize      *text_len)
{
  return _tl_json_decode_string (data, len, text_len);
}

gboolean
_tl_chrome_import_source (TlChromeImport *self,
                          TlJsonScanner  *scanner,
                          const char     *path)
{
  guint32 id = _tl_chrome_import_intern (self, path);
  g_autoptr(GBytes) bytes = NULL;
  TlSourceDecodeFunc decode;

  if (self->file != NULL && !_tl_chrome_input_is_gzip (self->input))
    {
      FileRange *range = g_new0 (FileRange, 1);

      range->offset = _tl_json_scanner_get_offset (scanner);
      if (!_tl_json_scanner_skip_value (scanner))
        {
          g_free (range);
          return FALSE;
        }
      range->len = _tl_json_scanner_get_offset (scanner) - range->offset;
      range->file = _tl_chrome_file_ref (self->file);
      bytes = g_bytes_new_with_free_func (range, sizeof *range, range_free, range);
      decode = decode_range;
    }
  else
    {
      TlJsonBuf copy = { 0 };
      gboolean truncated = FALSE;

      if (!_tl_json_scanner_copy_value (scanner, &copy, SOURCE_MAX, &truncated))
        {
          _tl_json_buf_clear (&copy);
          return FALSE;
        }
      if (truncated)
        {
          _tl_json_buf_clear (&copy);
          return TRUE;
        }
      bytes = g_bytes_new_take (g_realloc (copy.data, copy.len + 1), copy.len);
      decode = decode_copy;
    }
  if (id != TL_INDEX_NONE)
    tl_trace_model_add_source (self->model, id, bytes, decode);
  return TRUE;
}
