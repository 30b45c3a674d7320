/* tl-text-fit.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <string.h>

#include "tl-text-fit.h"

#define ELLIPSIS "…"

typedef struct
{
  TlTextMeasure measure;
  gpointer      data;
  double        max_width;
  GString      *out;
} Fit;

/* @prefix's first @k characters, the ellipsis, then @suffix. */
static void
join (GString    *out,
      const char *prefix,
      glong       k,
      const char *suffix)
{
  g_string_truncate (out, 0);
  g_string_append_len (out, prefix, g_utf8_offset_to_pointer (prefix, k) - prefix);
  g_string_append (out, ELLIPSIS);
  g_string_append (out, suffix);
}

static gboolean
fits (Fit        *fit,
      const char *text,
      double      max_width)
{
  return fit->measure (text, fit->data) <= max_width;
}

/* The longest k with @prefix[0..k) … @suffix within @max_width, left in
 * @fit->out; -1 (and @fit->out unspecified) when not even k = 0 fits. */
static glong
fit_prefix (Fit        *fit,
            const char *prefix,
            const char *suffix,
            double      max_width)
{
  glong lo = 0, hi = g_utf8_strlen (prefix, -1);

  join (fit->out, prefix, 0, suffix);
  if (!fits (fit, fit->out->str, max_width))
    return -1;
  while (lo < hi)
    {
      glong mid = (lo + hi + 1) / 2;

      join (fit->out, prefix, mid, suffix);
      if (fits (fit, fit->out->str, max_width))
        lo = mid;
      else
        hi = mid - 1;
    }
  join (fit->out, prefix, lo, suffix);
  return lo;
}

/* Where a name's identifying end starts: its trailing number with the
 * character before it ("-4", " 12"), or else its last third. */
static const char *
identity_tail (const char *text)
{
  const char *end = text + strlen (text);
  const char *p = end;
  glong n_chars;

  while (p > text && g_ascii_isdigit (p[-1]))
    p--;
  if (p < end && p > text)
    return g_utf8_find_prev_char (text, p);
  n_chars = g_utf8_strlen (text, -1);
  return g_utf8_offset_to_pointer (text, n_chars - n_chars / 3);
}

/* Whatever fits from the start; nothing when that is not one letter. */
static void
fit_start (Fit        *fit,
           const char *text)
{
  if (fit_prefix (fit, text, "", fit->max_width) <= 0)
    g_string_truncate (fit->out, 0);
}

/* The middle goes: as much of the start as fits before the tail. */
static void
fit_middle (Fit        *fit,
            const char *text)
{
  const char *tail = identity_tail (text);
  g_autofree char *head = g_strndup (text, tail - text);

  if (fits (fit, text, fit->max_width))
    {
      g_string_assign (fit->out, text);
      return;
    }
  if (fit_prefix (fit, head, tail, fit->max_width) < 0)
    fit_start (fit, text);
}

char *
tl_text_fit (const char    *text,
             double         max_width,
             TlTextMeasure  measure,
             gpointer       user_data)
{
  Fit fit = { measure, user_data, max_width, g_string_new (NULL) };
  size_t len;
  const char *open;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (measure != NULL, NULL);

  len = strlen (text);
  open = len > 2 && text[len - 1] == ')' ? strrchr (text, '(') : NULL;
  if (fits (&fit, text, max_width))
    {
      g_string_assign (fit.out, text);
    }
  else if (open != NULL && open > text && open[-1] == ' ')
    {
      /* "Name (note)": the note gives way first, then the name. */
      g_autofree char *head = g_strndup (text, open + 1 - text);
      g_autofree char *inner = g_strndup (open + 1, len - 1 - (gsize) (open + 1 - text));

      if (fit_prefix (&fit, inner, ")", max_width - measure (head, user_data)) > 0)
        {
          g_string_prepend (fit.out, head);
        }
      else
        {
          head[open - 1 - text] = '\0';
          fit_middle (&fit, head);
        }
    }
  else if (open != NULL && open > text)
    {
      /* "call(arguments)": the arguments say which one it is. */
      g_autofree char *head = g_strndup (text, open - text);

      if (fit_prefix (&fit, head, open, max_width) < 0)
        fit_middle (&fit, open);
    }
  else
    {
      fit_middle (&fit, text);
    }
  /* A letter and an ellipsis say nothing. */
  if (strcmp (fit.out->str, text) != 0 && g_utf8_strlen (fit.out->str, -1) < 3)
    g_string_truncate (fit.out, 0);
  return g_string_free (fit.out, FALSE);
}

char *
tl_text_fit_end (const char    *text,
                 double         max_width,
                 TlTextMeasure  measure,
                 gpointer       user_data)
{
  Fit fit = { measure, user_data, max_width, g_string_new (NULL) };

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (measure != NULL, NULL);

  if (fits (&fit, text, max_width))
    g_string_assign (fit.out, text);
  else if (fit_prefix (&fit, text, "", max_width) <= 0)
    g_string_truncate (fit.out, 0);
  return g_string_free (fit.out, FALSE);
}
