/* tl-format.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading and saving by file name, whatever the format.
 */
#define G_LOG_DOMAIN "tl-format"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "tl-chrome-json.h"
#include "tl-format-private.h"
#include "tl-tltrace.h"

TlTraceModel *
tl_trace_file_load (const char            *path,
                    TlFormatProgressFunc   progress,
                    gpointer               user_data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  switch (tl_trace_format_sniff (path, error))
    {
    case TL_TRACE_FORMAT_TLTRACE:
      return tl_tltrace_load (path, progress, user_data, cancellable, error);
    case TL_TRACE_FORMAT_CHROME_JSON:
      return tl_chrome_json_load (path, progress, user_data, cancellable, error);
    case TL_TRACE_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

/* Below this a whole load is about as quick as a preview. */
#define PREVIEW_MIN_BYTES (32u << 20)

TlTraceModel *
tl_trace_file_load_preview (const char    *path,
                            guint64        max_events,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0 || st.st_size < (goffset) PREVIEW_MIN_BYTES)
    return NULL;
  if (tl_trace_format_sniff (path, NULL) != TL_TRACE_FORMAT_TLTRACE)
    return NULL;
  return tl_tltrace_load_preview (path, max_events, cancellable, error);
}

static gboolean
save_chrome_json (TlTraceModel          *model,
                  const char            *path,
                  TlFormatProgressFunc   progress,
                  gpointer               user_data,
                  GCancellable          *cancellable,
                  GError               **error)
{
  TlFormatOutput *output = _tl_format_output_new (path, TL_FORMAT_OUTPUT_DEFAULT, error);
  g_autoptr(GOutputStream) file = NULL;
  g_autoptr(GOutputStream) out = NULL;

  if (output == NULL)
    return FALSE;
  file = g_unix_output_stream_new (_tl_format_output_get_fd (output), FALSE);
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);

      out = g_converter_output_stream_new (file, G_CONVERTER (gzip));
    }
  else
    {
      out = g_buffered_output_stream_new_sized (file, 1 << 20);
    }

  if (!tl_chrome_json_save (model, out, progress, user_data, cancellable, error) ||
      !g_output_stream_close (out, cancellable, error))
    {
      _tl_format_output_abort (output);
      return FALSE;
    }
  return _tl_format_output_commit (output, error);
}

gboolean
tl_trace_file_save (TlTraceModel          *model,
                    const char            *path,
                    TlFormatProgressFunc   progress,
                    gpointer               user_data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  switch (tl_trace_format_for_path (path))
    {
    case TL_TRACE_FORMAT_TLTRACE:
      return tl_tltrace_save (model, path, progress, user_data, cancellable, error);
    case TL_TRACE_FORMAT_CHROME_JSON:
      return save_chrome_json (model, path, progress, user_data, cancellable, error);
    case TL_TRACE_FORMAT_UNKNOWN:
    default:
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNKNOWN_FORMAT,
                   "Cannot tell the format from the name “%s”: use .tltrace, .json or .json.gz",
                   path);
      return FALSE;
    }
}
