/* tl-preload-stdio.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * What a C program prints with stdio.  The C library writes a stream's
 * buffer with an internal call we cannot see, possibly much later (a pipe
 * is fully buffered), so the text is recorded when the program prints it,
 * which is also what a timeline should show.  Characters put one at a
 * time (putchar, fputc) are not recorded.
 */
#include "config.h"

#include <string.h>

#include "tl-preload-private.h"

#define PRINT_MAX 1024

static bool
is_output (FILE *stream)
{
  return stream == stdout || stream == stderr;
}

static void
record_formatted (const char *format,
                  va_list     args) __attribute__ ((format (printf, 1, 0)));

static void
record_formatted (const char *format,
                  va_list     args)
{
  char text[PRINT_MAX];
  int n;

  _tl_thread.inside++;
  n = vsnprintf (text, sizeof text, format, args);
  if (n > 0)
    _tl_preload_record_print (text, (size_t) n < sizeof text ? (size_t) n : sizeof text - 1);
  _tl_thread.inside--;
}

TL_EXPORT int
vfprintf (FILE       *stream,
          const char *format,
          va_list     args)
{
  if (!TL_PASS_THROUGH () && is_output (stream))
    {
      va_list copy;

      va_copy (copy, args);
      record_formatted (format, copy);
      va_end (copy);
    }
  return TL_REAL (vfprintf) (stream, format, args);
}

TL_EXPORT int
vprintf (const char *format,
         va_list     args)
{
  return vfprintf (stdout, format, args);
}

TL_EXPORT int
fprintf (FILE       *stream,
         const char *format,
         ...)
{
  va_list args;
  int r;

  va_start (args, format);
  r = vfprintf (stream, format, args);
  va_end (args);
  return r;
}

TL_EXPORT int
printf (const char *format,
        ...)
{
  va_list args;
  int r;

  va_start (args, format);
  r = vfprintf (stdout, format, args);
  va_end (args);
  return r;
}

/* What -D_FORTIFY_SOURCE turns the calls above into. */
TL_EXPORT int
__vfprintf_chk (FILE       *stream,
                int         flag,
                const char *format,
                va_list     args)
{
  if (!TL_PASS_THROUGH () && is_output (stream))
    {
      va_list copy;

      va_copy (copy, args);
      record_formatted (format, copy);
      va_end (copy);
    }
  return TL_REAL (__vfprintf_chk) (stream, flag, format, args);
}

TL_EXPORT int
__vprintf_chk (int         flag,
               const char *format,
               va_list     args)
{
  return __vfprintf_chk (stdout, flag, format, args);
}

TL_EXPORT int
__fprintf_chk (FILE       *stream,
               int         flag,
               const char *format,
               ...)
{
  va_list args;
  int r;

  va_start (args, format);
  r = __vfprintf_chk (stream, flag, format, args);
  va_end (args);
  return r;
}

TL_EXPORT int
__printf_chk (int         flag,
              const char *format,
              ...)
{
  va_list args;
  int r;

  va_start (args, format);
  r = __vfprintf_chk (stdout, flag, format, args);
  va_end (args);
  return r;
}

TL_EXPORT int
puts (const char *text)
{
  if (!TL_PASS_THROUGH ())
    {
      size_t len = strlen (text);
      char line[PRINT_MAX];

      if (len > sizeof line - 1)
        len = sizeof line - 1;
      memcpy (line, text, len);
      line[len] = '\n';
      _tl_thread.inside++;
      _tl_preload_record_print (line, len + 1);
      _tl_thread.inside--;
    }
  return TL_REAL (puts) (text);
}

TL_EXPORT int
fputs (const char *text,
       FILE       *stream)
{
  if (!TL_PASS_THROUGH () && is_output (stream))
    {
      _tl_thread.inside++;
      _tl_preload_record_print (text, strlen (text));
      _tl_thread.inside--;
    }
  return TL_REAL (fputs) (text, stream);
}

TL_EXPORT size_t
fwrite (const void *data,
        size_t      size,
        size_t      n,
        FILE       *stream)
{
  if (!TL_PASS_THROUGH () && is_output (stream) && size > 0)
    {
      _tl_thread.inside++;
      _tl_preload_record_print (data, size * n);
      _tl_thread.inside--;
    }
  return TL_REAL (fwrite) (data, size, n, stream);
}
