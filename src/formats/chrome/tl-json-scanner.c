/* tl-json-scanner.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measured against YAJL and json-glib by tests/formats/chrome/bench-chrome-json.c;
 * fuzzed by tests/fuzz/fuzz-chrome-json.c.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <string.h>

#include "tl-json-scanner-private.h"

/* Longest key kept whole; keys we know are short, others are only skipped. */
#define KEY_MAX 4096

/* Bytes that may make up a number or a literal. */
static const guint8 atom_chars[256] = {
  ['+'] = 1, ['-'] = 1, ['.'] = 1,
  ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
  ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
  ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
  ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
  ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
  ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
  ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
  ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
  ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
  ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* What a skip must stop at inside an object or an array. */
static const guint8 structural[256] = {
  ['"'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1,
};

/* ---- buffers ------------------------------------------------------------ */

void
_tl_json_buf_reserve (TlJsonBuf *buf,
                      gsize      extra)
{
  gsize need = buf->len + extra + 1;

  if (need <= buf->alloc)
    return;
  buf->alloc = MAX (need, MAX (buf->alloc * 2, 256));
  buf->data = g_realloc (buf->data, buf->alloc);
}

void
_tl_json_buf_append (TlJsonBuf  *buf,
                     const char *data,
                     gsize       len)
{
  _tl_json_buf_reserve (buf, len);
  memcpy (buf->data + buf->len, data, len);
  buf->len += len;
}

void
_tl_json_buf_clear (TlJsonBuf *buf)
{
  g_clear_pointer (&buf->data, g_free);
  buf->len = buf->alloc = 0;
}

/* ---- windows ------------------------------------------------------------ */

void
_tl_json_scanner_init (TlJsonScanner    *self,
                       const char       *data,
                       gsize             len,
                       TlJsonRefillFunc  refill,
                       gpointer          refill_data)
{
  memset (self, 0, sizeof *self);
  /* Without data, the first peek asks @refill for it. */
  self->window = self->p = data;
  self->end = data != NULL ? data + len : NULL;
  self->refill = refill;
  self->refill_data = refill_data;
}

void
_tl_json_scanner_clear (TlJsonScanner *self)
{
  g_clear_error (&self->error);
  _tl_json_buf_clear (&self->key);
}

guint64
_tl_json_scanner_get_offset (const TlJsonScanner *self)
{
  return self->window_offset + (self->window != NULL ? (guint64) (self->p - self->window) : 0);
}

/* What a copy has not taken yet of the window, up to @to. */
static void
copy_up_to (TlJsonScanner *self,
            const char    *to)
{
  gsize n = (gsize) (to - self->copy_from);

  if (n > self->copy_left)
    {
      n = self->copy_left;
      self->copy_cut = TRUE;
    }
  _tl_json_buf_append (self->copy, self->copy_from, n);
  self->copy_left -= n;
  self->copy_from = to;
}

/* Replaces the (consumed) window with the next one. */
static gboolean
fill (TlJsonScanner *self)
{
  const char *data = NULL;
  gsize len = 0;

  if (G_UNLIKELY (self->copy != NULL))
    copy_up_to (self, self->end);
  if (self->at_eof || self->status != TL_JSON_STATUS_OK)
    return FALSE;
  if (self->window != NULL)
    self->window_offset += (guint64) (self->end - self->window);
  self->window = self->p = self->end;
  if (self->refill == NULL)
    {
      self->at_eof = TRUE;
      return FALSE;
    }
  if (!self->refill (self->refill_data, &data, &len, &self->error))
    {
      self->status = TL_JSON_STATUS_FAILED;
      return FALSE;
    }
  if (len == 0)
    {
      self->at_eof = TRUE;
      return FALSE;
    }
  self->window = self->p = data;
  self->end = data + len;
  self->copy_from = data;
  return TRUE;
}

static gboolean
fail_at_end (TlJsonScanner *self)
{
  if (self->status == TL_JSON_STATUS_OK)
    {
      self->status = TL_JSON_STATUS_EOF;
      self->error_offset = _tl_json_scanner_get_offset (self);
    }
  return FALSE;
}

static gboolean
fail_syntax (TlJsonScanner *self)
{
  if (self->status == TL_JSON_STATUS_OK)
    {
      self->status = TL_JSON_STATUS_SYNTAX;
      self->error_offset = _tl_json_scanner_get_offset (self);
    }
  return FALSE;
}

gboolean
_tl_json_scanner_fail_eof (TlJsonScanner *self)
{
  return fail_at_end (self);
}

gboolean
_tl_json_scanner_fail_syntax (TlJsonScanner *self)
{
  return fail_syntax (self);
}

int
_tl_json_scanner_peek_slow (TlJsonScanner *self)
{
  for (;;)
    {
      while (self->p < self->end)
        {
          guchar c = (guchar) *self->p;

          if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return c;
          self->p++;
        }
      if (!fill (self))
        return -1;
    }
}

/* The next byte, white space included; -1 at the end.  After it, p - 1 is
 * still inside the window, so one byte can be given back. */
static int
next_byte (TlJsonScanner *self)
{
  if (self->p == self->end && !fill (self))
    return -1;
  return (guchar) *self->p++;
}

gboolean
_tl_json_scanner_skip_bom (TlJsonScanner *self)
{
  static const guchar bom[] = { 0xef, 0xbb, 0xbf };

  for (guint i = 0; i < G_N_ELEMENTS (bom); i++)
    {
      if (self->p == self->end && !fill (self))
        return i == 0 || fail_at_end (self);
      if ((guchar) *self->p != bom[i])
        return i == 0 || fail_syntax (self);
      self->p++;
    }
  return TRUE;
}

gboolean
_tl_json_scanner_expect (TlJsonScanner *self,
                         char           c)
{
  int next = _tl_json_scanner_peek (self);

  if (next == (guchar) c)
    {
      self->p++;
      return TRUE;
    }
  if (next < 0)
    return fail_at_end (self);
  return fail_syntax (self);
}

/* ---- strings ------------------------------------------------------------ */

typedef struct
{
  TlJsonBuf *out;
  gsize      kept;
  gsize      max_len;
  gboolean   truncated;
} StringSink;

static void
sink_append (StringSink *sink,
             const char *data,
             gsize       len)
{
  if (sink->kept + len > sink->max_len)
    {
      len = sink->max_len - sink->kept;
      sink->truncated = TRUE;
    }
  _tl_json_buf_append (sink->out, data, len);
  sink->kept += len;
}

static void
sink_append_unichar (StringSink *sink,
                     gunichar    c)
{
  char utf8[6];
  int n = g_unichar_to_utf8 (c, utf8);

  sink_append (sink, utf8, (gsize) n);
}

static int
read_hex4 (TlJsonScanner *self)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int c = next_byte (self);
      int digit = g_ascii_xdigit_value ((char) c);

      if (c < 0 || digit < 0)
        {
          if (c < 0)
            fail_at_end (self);
          else
            fail_syntax (self);
          return -1;
        }
      value = value * 16 + digit;
    }
  return value;
}

/* After a backslash and the byte @c that follows it. */
static gboolean
decode_escape (TlJsonScanner *self,
               StringSink    *sink,
               int            c)
{
  int cp, low, next;

  switch (c)
    {
    case '"': sink_append (sink, "\"", 1); return TRUE;
    case '\\': sink_append (sink, "\\", 1); return TRUE;
    case '/': sink_append (sink, "/", 1); return TRUE;
    case 'b': sink_append (sink, "\b", 1); return TRUE;
    case 'f': sink_append (sink, "\f", 1); return TRUE;
    case 'n': sink_append (sink, "\n", 1); return TRUE;
    case 'r': sink_append (sink, "\r", 1); return TRUE;
    case 't': sink_append (sink, "\t", 1); return TRUE;
    case 'u':
      break;
    case -1:
      return fail_at_end (self);
    default:
      return fail_syntax (self);
    }

  if ((cp = read_hex4 (self)) < 0)
    return FALSE;
  /* NUL would end the C string early; lone surrogates are no characters. */
  if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
    {
      sink_append_unichar (sink, 0xfffd);
      return TRUE;
    }
  if (cp < 0xd800 || cp > 0xdbff)
    {
      sink_append_unichar (sink, (gunichar) cp);
      return TRUE;
    }

  /* A high surrogate wants a low one right after it. */
  next = next_byte (self);
  if (next != '\\')
    {
      sink_append_unichar (sink, 0xfffd);
      if (next < 0)
        return fail_at_end (self);
      self->p--;
      return TRUE;
    }
  next = next_byte (self);
  if (next != 'u')
    {
      sink_append_unichar (sink, 0xfffd);
      return decode_escape (self, sink, next);
    }
  if ((low = read_hex4 (self)) < 0)
    return FALSE;
  if (low >= 0xdc00 && low <= 0xdfff)
    {
      sink_append_unichar (sink, 0x10000 + (((gunichar) cp - 0xd800) << 10) + ((gunichar) low - 0xdc00));
      return TRUE;
    }
  sink_append_unichar (sink, 0xfffd);
  sink_append_unichar (sink, low == 0 || (low >= 0xd800 && low <= 0xdfff) ? 0xfffd : (gunichar) low);
  return TRUE;
}

/* The first quote or backslash in [p, end), or end.  Most strings of a
 * trace are short (keys, "X", "FEE"): look at a few bytes by hand before
 * calling memchr. */
static inline const char *
find_special (const char *p,
              const char *end)
{
  const char *near = end - p > 16 ? p + 16 : end;
  const char *quote, *backslash;

  for (; p < near; p++)
    if (*p == '"' || *p == '\\')
      return p;
  if (p == end)
    return end;
  quote = memchr (p, '"', (gsize) (end - p));
  if (quote == NULL)
    quote = end;
  backslash = memchr (p, '\\', (gsize) (quote - p));
  return backslash != NULL ? backslash : quote;
}

/* After the opening quote. */
static gboolean
read_string_body (TlJsonScanner *self,
                  StringSink    *sink)
{
  for (;;)
    {
      const char *stop;

      if (self->p == self->end && !fill (self))
        return fail_at_end (self);

      stop = find_special (self->p, self->end);
      sink_append (sink, self->p, (gsize) (stop - self->p));
      self->p = stop;
      if (stop == self->end)
        continue;
      self->p++;
      if (*stop == '"')
        return TRUE;
      if (!decode_escape (self, sink, next_byte (self)))
        return FALSE;
    }
}

gboolean
_tl_json_scanner_read_string (TlJsonScanner *self,
                              TlJsonBuf     *out,
                              gsize          max_len,
                              gsize         *start,
                              gboolean      *truncated)
{
  StringSink sink = { out, 0, max_len, FALSE };

  g_assert (self->p < self->end && *self->p == '"');
  *start = out->len;
  self->p++;
  if (!read_string_body (self, &sink))
    return FALSE;
  _tl_json_buf_reserve (out, 1);
  out->data[out->len++] = '\0';
  if (truncated != NULL)
    *truncated = sink.truncated;
  return TRUE;
}

gboolean
_tl_json_scanner_read_view (TlJsonScanner  *self,
                            gsize           max_len,
                            const char    **str,
                            gsize          *len)
{
  StringSink sink = { &self->key, 0, max_len, FALSE };
  const char *quote;

  g_assert (self->p < self->end && *self->p == '"');
  self->p++;

  /* Nearly always: the whole string is in the window, with no escapes. */
  quote = find_special (self->p, self->end);
  if (quote != self->end && *quote == '"')
    {
      *str = self->p;
      *len = MIN ((gsize) (quote - self->p), max_len);
      self->p = quote + 1;
      return TRUE;
    }

  self->key.len = 0;
  if (!read_string_body (self, &sink))
    return FALSE;
  _tl_json_buf_reserve (&self->key, 1);
  self->key.data[self->key.len] = '\0';
  *str = self->key.data;
  *len = self->key.len;
  return TRUE;
}

gboolean
_tl_json_scanner_read_key (TlJsonScanner  *self,
                           const char    **key,
                           gsize          *len)
{
  return _tl_json_scanner_read_view (self, KEY_MAX, key, len);
}

/* ---- numbers and literals ---------------------------------------------- */

static gboolean
is_json_number (const char *s,
                gsize       len)
{
  gsize i = 0;

  if (i < len && s[i] == '-')
    i++;
  if (i < len && s[i] == '0')
    i++;
  else if (i < len && s[i] >= '1' && s[i] <= '9')
    while (i < len && g_ascii_isdigit (s[i]))
      i++;
  else
    return FALSE;
  if (i < len && s[i] == '.')
    {
      i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  return i == len;
}

static TlJsonAtom
classify (const char *s,
          gsize       len)
{
  if (is_json_number (s, len))
    return TL_JSON_ATOM_NUMBER;
  if (len == 4 && memcmp (s, "true", 4) == 0)
    return TL_JSON_ATOM_TRUE;
  if (len == 5 && memcmp (s, "false", 5) == 0)
    return TL_JSON_ATOM_FALSE;
  if (len == 4 && memcmp (s, "null", 4) == 0)
    return TL_JSON_ATOM_NULL;
  if ((len == 3 && memcmp (s, "NaN", 3) == 0) ||
      (len == 8 && memcmp (s, "Infinity", 8) == 0) ||
      (len == 9 && memcmp (s, "-Infinity", 9) == 0))
    return TL_JSON_ATOM_NONFINITE;
  return TL_JSON_ATOM_INVALID;
}

gboolean
_tl_json_scanner_read_atom (TlJsonScanner *self,
                            char          *buf,
                            gsize         *len,
                            TlJsonAtom    *atom)
{
  gsize n = 0;
  gboolean too_long = FALSE;
  const char *run;
  int first = _tl_json_scanner_peek (self);

  if (first < 0)
    return fail_at_end (self);
  if (!atom_chars[first])
    return fail_syntax (self);

  /* Nearly always: the atom ends inside the window. */
  run = self->p;
  while (run < self->end && atom_chars[(guchar) *run])
    run++;
  if (run < self->end && run - self->p <= TL_JSON_ATOM_MAX)
    {
      n = (gsize) (run - self->p);
      memcpy (buf, self->p, n);
      self->p = run;
    }
  else
    {
      for (;;)
        {
          while (self->p < self->end && atom_chars[(guchar) *self->p])
            {
              if (n < TL_JSON_ATOM_MAX)
                buf[n++] = *self->p;
              else
                too_long = TRUE;
              self->p++;
            }
          if (self->p < self->end || !fill (self))
            break;
        }
      if (self->status != TL_JSON_STATUS_OK)
        return FALSE;
    }
  buf[n] = '\0';

  if (too_long)
    {
      /* Valid or not, it is no number we could use: say so, keep going. */
      *atom = buf[0] == '-' || g_ascii_isdigit (buf[0]) ? TL_JSON_ATOM_NUMBER : TL_JSON_ATOM_INVALID;
      buf[0] = '\0';
      n = 0;
    }
  else
    {
      *atom = classify (buf, n);
    }
  *len = n;
  /* The input may end right after a number: only the reader knows whether
   * that is early. */
  if (*atom == TL_JSON_ATOM_INVALID)
    return self->p == self->end && self->at_eof ? fail_at_end (self) : fail_syntax (self);
  return TRUE;
}

gboolean
_tl_json_scanner_read_scaled (TlJsonScanner *self,
                              int            scale,
                              gint64        *value,
                              gboolean      *usable,
                              char          *text)
{
  const char *p = self->p, *end = self->end;
  gboolean negative = FALSE;
  guint64 v = 0;
  int digits = 0, fraction = 0, rounding = -1;
  char buf[TL_JSON_ATOM_MAX + 1];
  TlJsonAtom atom;
  gsize n;

  /* Nearly always: a plain decimal, whole in the window, read in one go. */
  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (p >= end || !g_ascii_isdigit (*p))
    goto general;
  if (*p == '0')
    {
      if (++p < end && g_ascii_isdigit (*p))
        goto general;
    }
  else
    {
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (++digits > 18)
            goto general;
          v = v * 10 + (guint64) (*p - '0');
        }
    }
  if (p < end && *p == '.')
    {
      if (++p >= end || !g_ascii_isdigit (*p))
        goto general;
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (fraction < scale)
            {
              if (++digits > 18)
                goto general;
              v = v * 10 + (guint64) (*p - '0');
              fraction++;
            }
          else if (rounding < 0)
            {
              rounding = *p - '0';
            }
        }
    }
  /* An exponent, the end of the window, something that is no number, or
   * a number too long for the general path to keep (which must not give
   * another answer when the number happens to cross a window): the
   * general path decides. */
  if (p >= end || atom_chars[(guchar) *p] || p - self->p > TL_JSON_ATOM_MAX)
    goto general;
  for (; fraction < scale; fraction++)
    {
      if (++digits > 18)
        goto general;
      v *= 10;
    }
  /* Half a unit or more in the first digit dropped rounds away from zero. */
  if (rounding >= 5)
    v++;
  *value = negative ? -(gint64) v : (gint64) v;
  *usable = TRUE;
  if (text != NULL)
    text[0] = '\0';
  self->p = p;
  return TRUE;

general:
  if (!_tl_json_scanner_read_atom (self, text != NULL ? text : buf, &n, &atom))
    return FALSE;
  *usable = atom == TL_JSON_ATOM_NUMBER && _tl_json_parse_int64 (text != NULL ? text : buf, n, scale, value);
  return TRUE;
}

/* ---- skipping ----------------------------------------------------------- */

/* After the opening quote: finds the closing one.  A quote is escaped when
 * an odd number of backslashes precede it; @carry counts those that ended
 * the previous window. */
static gboolean
skip_string_body (TlJsonScanner *self)
{
  gsize carry = 0;

  for (;;)
    {
      const char *quote = memchr (self->p, '"', (gsize) (self->end - self->p));
      const char *r;
      gsize n = 0;

      if (quote == NULL)
        {
          r = self->end;
          while (r > self->p && r[-1] == '\\')
            r--, n++;
          carry = r == self->p ? carry + n : n;
          self->p = self->end;
          if (!fill (self))
            return fail_at_end (self);
          continue;
        }

      r = quote;
      while (r > self->p && r[-1] == '\\')
        r--, n++;
      if (r == self->p)
        n += carry;
      carry = 0;
      self->p = quote + 1;
      if ((n & 1) == 0)
        return TRUE;
    }
}

/* After the opening bracket or brace.  Brackets are counted, not matched:
 * what is skipped is not validated. */
static gboolean
skip_container (TlJsonScanner *self)
{
  gsize depth = 1;

  for (;;)
    {
      while (self->p < self->end)
        {
          guchar c = (guchar) *self->p++;

          if (!structural[c])
            continue;
          switch (c)
            {
            case '"':
              if (!skip_string_body (self))
                return FALSE;
              break;
            case '{':
            case '[':
              depth++;
              break;
            default:
              if (--depth == 0)
                return TRUE;
              break;
            }
        }
      if (!fill (self))
        return fail_at_end (self);
    }
}

gboolean
_tl_json_scanner_skip_value (TlJsonScanner *self)
{
  char buf[TL_JSON_ATOM_MAX + 1];
  TlJsonAtom atom;
  gsize len;

  switch (_tl_json_scanner_peek (self))
    {
    case -1:
      return fail_at_end (self);
    case '"':
      self->p++;
      return skip_string_body (self);
    case '{':
    case '[':
      self->p++;
      return skip_container (self);
    default:
      return _tl_json_scanner_read_atom (self, buf, &len, &atom);
    }
}

/* ---- exact decimals ----------------------------------------------------- */

/* value = value * 10 + digit, unless that needs more than 64 bits. */
static gboolean
push_digit (guint64 *value,
            char     digit)
{
  guint64 d = (guint64) (digit - '0');

  if (*value > (G_MAXUINT64 - d) / 10)
    return FALSE;
  *value = *value * 10 + d;
  return TRUE;
}

gboolean
_tl_json_parse_scaled (const char *text,
                       gsize       len,
                       int         scale,
                       gboolean   *negative,
                       guint64    *magnitude)
{
  char digits[TL_JSON_ATOM_MAX + 1];
  gsize n = 0, i = 0, first, mark;
  long exponent = 0, shift;
  guint64 value = 0;

  /* One pass that checks the grammar of a JSON number as it goes. */
  if (len == 0 || len > TL_JSON_ATOM_MAX)
    return FALSE;
  *negative = text[0] == '-';
  if (*negative)
    i++;
  if (i >= len || !g_ascii_isdigit (text[i]))
    return FALSE;
  if (text[i] == '0')
    i++;
  else
    while (i < len && g_ascii_isdigit (text[i]))
      digits[n++] = text[i++];
  if (i < len && text[i] == '.')
    {
      for (mark = ++i; i < len && g_ascii_isdigit (text[i]); i++)
        {
          digits[n++] = text[i];
          exponent--;
        }
      if (i == mark)
        return FALSE;
    }
  if (i < len && (text[i] == 'e' || text[i] == 'E'))
    {
      gboolean exp_negative = FALSE;
      long e = 0;

      if (++i < len && (text[i] == '+' || text[i] == '-'))
        exp_negative = text[i++] == '-';
      /* Past a few hundred, the answer is 0 or overflow either way. */
      for (mark = i; i < len && g_ascii_isdigit (text[i]); i++)
        e = MIN (e * 10 + (text[i] - '0'), 100000);
      if (i == mark)
        return FALSE;
      exponent += exp_negative ? -e : e;
    }
  if (i != len)
    return FALSE;

  for (first = 0; first < n && digits[first] == '0'; first++)
    ;
  shift = exponent + scale;
  if (first == n)
    {
      *magnitude = 0;
      return TRUE;
    }

  if (shift >= 0)
    {
      for (gsize d = first; d < n; d++)
        if (!push_digit (&value, digits[d]))
          return FALSE;
      for (long s = 0; s < shift; s++)
        {
          if (value > G_MAXUINT64 / 10)
            return FALSE;
          value *= 10;
        }
    }
  else
    {
      long keep = (long) (n - first) + shift;

      if (keep < 0)
        {
          *magnitude = 0;
          return TRUE;
        }
      for (long d = 0; d < keep; d++)
        if (!push_digit (&value, digits[first + (gsize) d]))
          return FALSE;
      if (digits[first + (gsize) keep] >= '5')
        {
          if (value == G_MAXUINT64)
            return FALSE;
          value++;
        }
    }
  *magnitude = value;
  return TRUE;
}

gboolean
_tl_json_parse_int64 (const char *text,
                      gsize       len,
                      int         scale,
                      gint64     *value)
{
  gboolean negative;
  guint64 magnitude;

  if (!_tl_json_parse_scaled (text, len, scale, &negative, &magnitude))
    return FALSE;
  if (negative)
    {
      if (magnitude > (guint64) G_MAXINT64 + 1)
        return FALSE;
      *value = magnitude == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) magnitude;
    }
  else
    {
      if (magnitude > (guint64) G_MAXINT64)
        return FALSE;
      *value = (gint64) magnitude;
    }
  return TRUE;
}

/* ---- values kept as JSON ------------------------------------------------- */

gboolean
_tl_json_scanner_copy_value (TlJsonScanner *self,
                             TlJsonBuf     *out,
                             gsize          max_len,
                             gboolean      *truncated)
{
  gboolean ok;

  if (_tl_json_scanner_peek (self) < 0)
    return fail_at_end (self);
  self->copy = out;
  self->copy_from = self->p;
  self->copy_left = max_len;
  self->copy_cut = FALSE;
  ok = _tl_json_scanner_skip_value (self);
  if (ok)
    copy_up_to (self, self->p);
  if (truncated != NULL)
    *truncated = self->copy_cut;
  self->copy = NULL;
  _tl_json_buf_append (out, "", 1);
  out->len--;
  return ok;
}

char *
_tl_json_decode_string (const char *data,
                        gsize       len,
                        gsize      *text_len)
{
  TlJsonScanner scanner;
  TlJsonBuf out = { 0 };
  gsize start;

  _tl_json_scanner_init (&scanner, data, len, NULL, NULL);
  if (_tl_json_scanner_peek (&scanner) != '"' ||
      !_tl_json_scanner_read_string (&scanner, &out, G_MAXSIZE, &start, NULL))
    {
      _tl_json_scanner_clear (&scanner);
      _tl_json_buf_clear (&out);
      return NULL;
    }
  _tl_json_scanner_clear (&scanner);
  *text_len = out.len - 1;
  return out.data;
}
