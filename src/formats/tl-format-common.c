/* tl-format-common.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-format"

#include "config.h"

#include <string.h>

#include "tl-format.h"

#define TLTRACE_MAGIC "TLTRACE"

G_DEFINE_QUARK (tl-format-error-quark, tl_format_error)

TlTraceFormat
tl_trace_format_for_path (const char *path)
{
  g_autofree char *lower = NULL;

  if (path == NULL)
    return TL_TRACE_FORMAT_UNKNOWN;
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".tltrace"))
    return TL_TRACE_FORMAT_TLTRACE;
  if (g_str_has_suffix (lower, ".json") || g_str_has_suffix (lower, ".json.gz"))
    return TL_TRACE_FORMAT_CHROME_JSON;
  return TL_TRACE_FORMAT_UNKNOWN;
}

TlTraceFormat
tl_trace_format_sniff (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 head[64];
  gsize n = 0;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return TL_TRACE_FORMAT_UNKNOWN;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, error))
    return TL_TRACE_FORMAT_UNKNOWN;

  if (n >= strlen (TLTRACE_MAGIC) && memcmp (head, TLTRACE_MAGIC, strlen (TLTRACE_MAGIC)) == 0)
    return TL_TRACE_FORMAT_TLTRACE;
  /* gzip, or JSON's first non-blank character. */
  if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    return TL_TRACE_FORMAT_CHROME_JSON;
  for (gsize i = 0; i < n; i++)
    {
      if (g_ascii_isspace (head[i]))
        continue;
      if (head[i] == '{' || head[i] == '[')
        return TL_TRACE_FORMAT_CHROME_JSON;
      break;
    }

  if (tl_trace_format_for_path (path) != TL_TRACE_FORMAT_UNKNOWN && n == 0)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY, "The file is empty");
      return TL_TRACE_FORMAT_UNKNOWN;
    }
  g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNKNOWN_FORMAT,
               "This is neither a Threadline trace nor a Chrome trace (JSON)");
  return TL_TRACE_FORMAT_UNKNOWN;
}

const char *
tl_trace_format_to_string (TlTraceFormat format)
{
  switch (format)
    {
    case TL_TRACE_FORMAT_TLTRACE:
      return "tltrace";
    case TL_TRACE_FORMAT_CHROME_JSON:
      return "chrome-json";
    case TL_TRACE_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}
