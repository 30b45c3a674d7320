/* tl-json-scanner-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pull tokenizer for JSON that streams: it sees the input as a series of
 * windows handed over by a refill function, never holds more than one
 * window, and never keeps a pointer into a window across a refill.  Values
 * a reader is not interested in (viztracer's file_info: the source of every
 * traced file) are skipped with memchr, without decoding them.
 *
 * The caller drives the grammar: it peeks at the next significant byte and
 * asks for a string, a number, or a skip.  Every function returns FALSE on
 * failure, with ->status saying why.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TL_JSON_STATUS_OK = 0,
  TL_JSON_STATUS_EOF,       /* the input ended inside a value */
  TL_JSON_STATUS_SYNTAX,    /* not JSON at ->error_offset */
  TL_JSON_STATUS_FAILED,    /* the input itself failed (I/O, cancelled): ->error */
} TlJsonStatus;

/* Hands over the next window of input: *len == 0 at the end.  The window
 * stays valid until the next call.  FALSE with @error on failure. */
typedef gboolean (*TlJsonRefillFunc) (gpointer     user_data,
                                      const char **data,
                                      gsize       *len,
                                      GError     **error);

/* A growable byte buffer; strings in it are NUL-terminated. */
typedef struct
{
  char  *data;
  gsize  len;
  gsize  alloc;
} TlJsonBuf;

typedef enum
{
  TL_JSON_ATOM_INVALID = 0,
  TL_JSON_ATOM_NUMBER,      /* a JSON number */
  TL_JSON_ATOM_NONFINITE,   /* NaN, Infinity, -Infinity (Python writes them) */
  TL_JSON_ATOM_TRUE,
  TL_JSON_ATOM_FALSE,
  TL_JSON_ATOM_NULL,
} TlJsonAtom;

/* Longest number text kept; longer ones are consumed and reported unusable. */
#define TL_JSON_ATOM_MAX 63

typedef struct
{
  const char       *p;
  const char       *end;
  const char       *window;
  guint64           window_offset;
  TlJsonRefillFunc  refill;
  gpointer          refill_data;

  TlJsonStatus      status;
  guint64           error_offset;
  GError           *error;
  gboolean          at_eof;

  TlJsonBuf         key;          /* keys that cross a window or hold escapes */

  /* While _tl_json_scanner_copy_value () runs: where the bytes it has not
   * copied yet begin in the window, and where they go. */
  TlJsonBuf        *copy;
  const char       *copy_from;
  gsize             copy_left;
  gboolean          copy_cut;
} TlJsonScanner;

void      _tl_json_scanner_init         (TlJsonScanner     *self,
                                         const char        *data,
                                         gsize              len,
                                         TlJsonRefillFunc   refill,
                                         gpointer           refill_data);
void      _tl_json_scanner_clear        (TlJsonScanner     *self);

/* Offset of the next byte in the whole input. */
guint64   _tl_json_scanner_get_offset   (const TlJsonScanner *self);

int       _tl_json_scanner_peek_slow    (TlJsonScanner     *self);

/* The next byte that is not white space, without consuming it; -1 at the
 * end of the input (or on failure: see ->status). */
static inline int
_tl_json_scanner_peek (TlJsonScanner *self)
{
  while (self->p < self->end)
    {
      guchar c = (guchar) *self->p;

      if (c > ' ')
        return c;
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        return c;
      self->p++;
    }
  return _tl_json_scanner_peek_slow (self);
}

/* Consumes the byte _tl_json_scanner_peek () returned. */
static inline void
_tl_json_scanner_advance (TlJsonScanner *self)
{
  self->p++;
}

/* Mark the input as cut short, or as not JSON, here. */
gboolean  _tl_json_scanner_fail_eof     (TlJsonScanner     *self);
gboolean  _tl_json_scanner_fail_syntax  (TlJsonScanner     *self);

/* At the very start: skips a UTF-8 byte order mark, as some Windows
 * tools write one. */
gboolean  _tl_json_scanner_skip_bom     (TlJsonScanner     *self);

/* Consumes @c (after white space), or fails. */
gboolean  _tl_json_scanner_expect       (TlJsonScanner     *self,
                                         char               c);

/* At a '"': decodes the string and appends it, NUL-terminated, to @out;
 * *start is where it begins in @out.  Beyond @max_len bytes the rest is
 * consumed and dropped (*truncated set). */
gboolean  _tl_json_scanner_read_string  (TlJsonScanner     *self,
                                         TlJsonBuf         *out,
                                         gsize              max_len,
                                         gsize             *start,
                                         gboolean          *truncated);

/* At a '"': a string seen in place, without a copy when it can be: *str
 * points into the window (not NUL-terminated) or, for a string that
 * crosses a window or holds escapes, into ->key, decoded.  Valid only
 * until the next call on @self; at most @max_len bytes of it. */
gboolean  _tl_json_scanner_read_view    (TlJsonScanner     *self,
                                         gsize              max_len,
                                         const char       **str,
                                         gsize             *len);

/* At a '"': an object key, as _tl_json_scanner_read_view (). */
gboolean  _tl_json_scanner_read_key     (TlJsonScanner     *self,
                                         const char       **key,
                                         gsize             *len);

/* A number or a literal.  @buf (TL_JSON_ATOM_MAX + 1 bytes) receives its
 * text, NUL-terminated (empty if it was too long to keep). */
gboolean  _tl_json_scanner_read_atom    (TlJsonScanner     *self,
                                         char              *buf,
                                         gsize             *len,
                                         TlJsonAtom        *atom);

/* A number (what _tl_json_scanner_read_atom () takes) as its value times
 * 10^@scale, exactly, rounded half away from zero; *usable FALSE when it
 * is no number or needs more than 63 bits.  @text, if not NULL, receives
 * the atom's text (TL_JSON_ATOM_MAX + 1 bytes) when it was not a plain
 * decimal, and "" otherwise. */
gboolean  _tl_json_scanner_read_scaled  (TlJsonScanner     *self,
                                         int                scale,
                                         gint64            *value,
                                         gboolean          *usable,
                                         char              *text);

/* Skips the next value, whatever it is, without decoding it. */
gboolean  _tl_json_scanner_skip_value   (TlJsonScanner     *self);

/* Skips the next value as _tl_json_scanner_skip_value () does, and
 * appends its JSON text to @out as it was in the input (a string with its
 * quotes and escapes), NUL-terminated: a value kept to be decoded later,
 * or shown as JSON.  Beyond @max_len bytes the rest is skipped, not
 * copied (*truncated set). */
gboolean  _tl_json_scanner_copy_value   (TlJsonScanner     *self,
                                         TlJsonBuf         *out,
                                         gsize              max_len,
                                         gboolean          *truncated);

/* The text of a JSON string @data (with its quotes, as
 * _tl_json_scanner_copy_value () keeps one), decoded, g_free'd; NULL if
 * it is no JSON string. */
char     *_tl_json_decode_string        (const char        *data,
                                         gsize              len,
                                         gsize             *text_len);

/* Exact decimal arithmetic on number text: the value times 10^@scale,
 * rounded half away from zero, as a sign and a magnitude.  FALSE if the
 * text is no finite number or the result needs more than 64 bits. */
gboolean  _tl_json_parse_scaled         (const char        *text,
                                         gsize              len,
                                         int                scale,
                                         gboolean          *negative,
                                         guint64           *magnitude);

/* The same, into a signed 64-bit value. */
gboolean  _tl_json_parse_int64          (const char        *text,
                                         gsize              len,
                                         int                scale,
                                         gint64            *value);

void      _tl_json_buf_reserve          (TlJsonBuf         *buf,
                                         gsize              extra);
void      _tl_json_buf_append           (TlJsonBuf         *buf,
                                         const char        *data,
                                         gsize              len);
void      _tl_json_buf_clear            (TlJsonBuf         *buf);

G_END_DECLS
