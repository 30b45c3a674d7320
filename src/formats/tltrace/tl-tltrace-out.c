/* tl-tltrace-out.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing a .tltrace: the file header, then sealed chunks (header with
 * length, count and checksums, payload, padding), in order, to a file
 * that takes its name when committed.  Shared by the streaming writer and
 * by saving a model.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tl-tltrace-private.h"

/* Small pieces (headers, padding, small chunks) gather here; large
 * payloads go straight to the descriptor. */
#define BUFFER_SIZE   (64u * 1024u)
#define DIRECT_WRITE  (16u * 1024u)

struct _TltraceOut
{
  TlFormatOutput *output;
  int             fd;
  char           *path;
  GByteArray     *buffer;
  gboolean        failed;
};

static gboolean
write_all (TltraceOut  *out,
           const void  *data,
           gsize        len,
           GError     **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize n = write (out->fd, p, len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          out->failed = TRUE;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not write “%s”: %s", out->path, g_strerror (saved));
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

TltraceOut *
_tl_tltrace_out_new (const char           *path,
                     TlFormatOutputFlags   flags,
                     TltraceClock          clock,
                     GError              **error)
{
  TlFormatOutput *output = _tl_format_output_new (path, flags, error);
  TltraceOut *out;
  TltraceFileHeader header = { { 0 } };

  if (output == NULL)
    return NULL;
  out = g_new0 (TltraceOut, 1);
  out->output = output;
  out->fd = _tl_format_output_get_fd (output);
  out->path = g_strdup (path);
  out->buffer = g_byte_array_sized_new (BUFFER_SIZE);

  memcpy (header.magic, TLTRACE_MAGIC, TLTRACE_MAGIC_LEN);
  header.version_major = TLTRACE_VERSION_MAJOR;
  header.version_minor = TLTRACE_VERSION_MINOR;
  header.byte_order = TLTRACE_BYTE_ORDER;
  header.header_size = sizeof header;
  header.clock = clock;
  header.checksum = _tl_tltrace_header_checksum (&header);
  g_byte_array_append (out->buffer, (const guint8 *) &header, sizeof header);

  /* The header goes out at once: a recording cut off before its first
   * chunk is then still recognisable as one. */
  if (!_tl_tltrace_out_flush (out, error))
    {
      _tl_tltrace_out_free (out);
      return NULL;
    }
  return out;
}

gboolean
_tl_tltrace_out_flush (TltraceOut  *out,
                       GError     **error)
{
  gboolean ok;

  if (out->failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not write “%s”: an earlier write failed", out->path);
      return FALSE;
    }
  ok = write_all (out, out->buffer->data, out->buffer->len, error);
  g_byte_array_set_size (out->buffer, 0);
  return ok;
}

gboolean
_tl_tltrace_out_chunk (TltraceOut  *out,
                       guint16      type,
                       guint32      count,
                       const void  *payload,
                       gsize        length,
                       GError     **error)
{
  static const guint8 zeros[8] = { 0 };
  TltraceChunkHeader header = { 0 };
  gsize padding = TLTRACE_ALIGN8 (length) - length;

  g_assert (length <= TLTRACE_CHUNK_MAX);

  if (out->failed)
    return _tl_tltrace_out_flush (out, error);

  header.magic = TLTRACE_CHUNK_MAGIC;
  header.type = type;
  header.length = (guint32) length;
  header.count = count;
  header.checksum = _tl_tltrace_checksum (payload, length);
  header.header_checksum = _tl_tltrace_header_checksum (&header);

  g_byte_array_append (out->buffer, (const guint8 *) &header, sizeof header);
  if (length >= DIRECT_WRITE)
    {
      if (!_tl_tltrace_out_flush (out, error) || !write_all (out, payload, length, error))
        return FALSE;
    }
  else if (length > 0)
    {
      g_byte_array_append (out->buffer, payload, (guint) length);
    }
  g_byte_array_append (out->buffer, zeros, (guint) padding);

  if (out->buffer->len >= BUFFER_SIZE)
    return _tl_tltrace_out_flush (out, error);
  return TRUE;
}

gboolean
_tl_tltrace_out_failed (TltraceOut *out)
{
  return out->failed;
}

gboolean
_tl_tltrace_out_commit (TltraceOut  *out,
                        GError     **error)
{
  TlFormatOutput *output = g_steal_pointer (&out->output);

  if (!_tl_tltrace_out_flush (out, error))
    {
      _tl_format_output_abort (output);
      return FALSE;
    }
  return _tl_format_output_commit (output, error);
}

void
_tl_tltrace_out_free (TltraceOut *out)
{
  if (out == NULL)
    return;
  /* Not committed: the destination stays as it was. */
  _tl_format_output_abort (out->output);
  g_byte_array_unref (out->buffer);
  g_free (out->path);
  g_free (out);
}
