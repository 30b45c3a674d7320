/* tl-format-common.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-format"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tl-format-private.h"

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

int
_tl_format_open_regular (const char  *path,
                         guint64     *size,
                         GError     **error)
{
  struct stat st;
  int fd, saved;

  /* Non-blocking, so that opening a FIFO with no writer returns at once;
   * what it is, fstat () then tells. */
  fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not open “%s”: %s", path, g_strerror (saved));
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      saved = errno;
      g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not open “%s”: %s", path, g_strerror (saved));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR,
                   S_ISDIR (st.st_mode) ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                   S_ISDIR (st.st_mode) ? "“%s” is a folder, not a trace file"
                                        : "“%s” is not a regular file (a pipe or a device, "
                                          "perhaps): only files can be opened",
                   path);
      return -1;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  *size = (guint64) st.st_size;
  return fd;
}

TlTraceFormat
tl_trace_format_sniff (const char  *path,
                       GError     **error)
{
  guint8 head[64];
  gsize n = 0;
  guint64 size;
  int fd = _tl_format_open_regular (path, &size, error);

  if (fd < 0)
    return TL_TRACE_FORMAT_UNKNOWN;
  while (n < sizeof head)
    {
      gssize r = read (fd, head + n, sizeof head - n);

      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int saved = errno;

          g_close (fd, NULL);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not read “%s”: %s", path, g_strerror (saved));
          return TL_TRACE_FORMAT_UNKNOWN;
        }
      if (r == 0)
        break;
      n += (gsize) r;
    }
  g_close (fd, NULL);

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
