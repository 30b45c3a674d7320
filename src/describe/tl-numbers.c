/* tl-numbers.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-numbers.h"

#define NS_PER_US G_GINT64_CONSTANT (1000)
#define NS_PER_MS G_GINT64_CONSTANT (1000000)
#define NS_PER_S  G_GINT64_CONSTANT (1000000000)
#define NS_PER_MIN (60 * NS_PER_S)
#define NS_PER_H   (60 * NS_PER_MIN)

/* @mag / @step, rounded half up: in whole steps. */
static guint64
round_div (guint64 mag,
           guint64 step)
{
  return mag / step + (mag % step >= (step + 1) / 2 ? 1 : 0);
}

/* A value below a second in @unit: one decimal below 100, none above.
 * FALSE if it rounds to 1000 of the unit or more. */
static gboolean
format_small (GString    *out,
              guint64     mag,
              gint64      unit,
              const char *unit_name)
{
  guint64 tenths = round_div (mag, (guint64) unit / 10);
  guint64 whole;

  if (tenths < 1000)
    {
      g_string_append_printf (out, "%.1f %s", (double) tenths / 10, unit_name);
      return TRUE;
    }
  whole = round_div (mag, (guint64) unit);
  if (whole < 1000)
    {
      g_string_append_printf (out, "%" G_GUINT64_FORMAT " %s", whole, unit_name);
      return TRUE;
    }
  return FALSE;
}

static void
format_large (GString *out,
              guint64  mag)
{
  guint64 hundredths = round_div (mag, NS_PER_S / 100);
  guint64 tenths = round_div (mag, NS_PER_S / 10);
  guint64 seconds = round_div (mag, NS_PER_S);
  guint64 minutes = round_div (mag, NS_PER_MIN);

  if (hundredths < 1000)
    g_string_append_printf (out, "%.2f s", (double) hundredths / 100);
  else if (tenths < 600)
    g_string_append_printf (out, "%.1f s", (double) tenths / 10);
  else if (seconds < 3600 && seconds % 60 == 0)
    /* TRANSLATORS: a duration in whole minutes */
    g_string_append_printf (out, _("%u min"), (guint) (seconds / 60));
  else if (seconds < 3600)
    /* TRANSLATORS: a duration in minutes and seconds */
    g_string_append_printf (out, _("%u min %u s"), (guint) (seconds / 60), (guint) (seconds % 60));
  else if (minutes % 60 == 0)
    /* TRANSLATORS: a duration in whole hours */
    g_string_append_printf (out, _("%u h"), (guint) MIN (minutes / 60, G_MAXUINT));
  else
    /* TRANSLATORS: a duration in hours and minutes */
    g_string_append_printf (out, _("%u h %u min"), (guint) MIN (minutes / 60, G_MAXUINT),
                            (guint) (minutes % 60));
}

char *
tl_format_duration (gint64 ns)
{
  GString *out = g_string_new (ns < 0 ? "-" : NULL);
  /* |G_MININT64| does not fit a gint64. */
  guint64 mag = ns < 0 ? (guint64) -(ns + 1) + 1 : (guint64) ns;

  if (mag < NS_PER_US)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT " ns", mag);
  else if (!format_small (out, mag, NS_PER_US, "µs") &&
           !format_small (out, mag, NS_PER_MS, "ms"))
    format_large (out, mag);
  return g_string_free (out, FALSE);
}

/* @value with two decimals below 10, one below 100, none above. */
static char *
format_two_decimals (double value)
{
  double mag = fabs (value);

  if (round (mag * 100) < 1000)
    return g_strdup_printf ("%.2f", value);
  if (round (mag * 10) < 1000)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.0f", value);
}

char *
tl_format_ratio (double ratio)
{
  g_autofree char *number = NULL;

  if (!isfinite (ratio))
    return g_strdup ("—");
  number = format_two_decimals (ratio);
  /* TRANSLATORS: a ratio such as a speed-up, "1.77×" */
  return g_strdup_printf (_("%s×"), number);
}

char *
tl_format_percent (double share)
{
  double percent = share * 100;
  double tenths = round (percent * 10);
  g_autofree char *number = NULL;

  if (!isfinite (share))
    return g_strdup ("—");
  if (percent == 0)
    number = g_strdup ("0");
  else if (percent > 0 && tenths == 0)
    {
      number = g_strdup_printf ("%.1f", 0.1);
      /* TRANSLATORS: a share too small to show, "<0.1%" */
      return g_strdup_printf (_("<%s%%"), number);
    }
  else if (tenths < 100)
    number = g_strdup_printf ("%.1f", tenths / 10);
  else if (percent < 100 && round (percent) >= 100)
    number = g_strdup ("99");
  else
    number = g_strdup_printf ("%.0f", percent);
  /* TRANSLATORS: a share, "45%" */
  return g_strdup_printf (_("%s%%"), number);
}

char *
tl_format_number (double value)
{
  double mag = fabs (value);
  char *text;
  gsize len;
  int decimals;

  if (!isfinite (value))
    return g_strdup ("—");
  if (mag >= 100 || mag == 0)
    return g_strdup_printf ("%.0f", value);
  decimals = CLAMP (2 - (int) floor (log10 (mag)), 0, 9);
  text = g_strdup_printf ("%.*f", decimals, value);
  /* Trailing zeros, then the decimal point, whatever the locale's is. */
  len = strlen (text);
  if (decimals > 0)
    {
      while (len > 0 && text[len - 1] == '0')
        len--;
      if (len > 0 && !g_ascii_isdigit (text[len - 1]))
        len--;
      text[len] = '\0';
    }
  return text;
}

static const char *
axis_unit_name (gint64 unit)
{
  switch (unit)
    {
    case NS_PER_S:
      return _("s");
    case NS_PER_MS:
      return _("ms");
    case NS_PER_US:
      return _("µs");
    default:
      return _("ns");
    }
}

char *
tl_format_axis_time (gint64 offset,
                     gint64 step)
{
  gint64 unit;
  double ratio;
  int decimals;

  step = MAX (step, 1);
  /* The largest unit the step is at least a tenth of: 500 µs reads
   * "0.5 ms", 20 µs reads "20 µs". */
  if (step * 10 >= NS_PER_S)
    unit = NS_PER_S;
  else if (step * 10 >= NS_PER_MS)
    unit = NS_PER_MS;
  else if (step * 10 >= NS_PER_US)
    unit = NS_PER_US;
  else
    unit = 1;
  ratio = (double) step / (double) unit;
  decimals = ratio >= 1 ? 0 : (int) ceil (-log10 (ratio) - 1e-9);

  /* Deep into a long trace "12500040 µs" is unreadable: "12.50004 s". */
  if (unit < NS_PER_S && llabs (offset) >= 10000 * unit)
    {
      for (gint64 u = unit; u < NS_PER_S; u *= 1000)
        decimals += 3;
      unit = NS_PER_S;
      /* Drop the zeros the step never fills. */
      while (decimals > 0 && (step % (NS_PER_S / (gint64) pow (10, decimals - 1))) == 0)
        decimals--;
    }
  return g_strdup_printf ("%.*f %s", decimals, (double) offset / (double) unit, axis_unit_name (unit));
}

char *
tl_format_moment (gint64 offset,
                  gint64 resolution)
{
  guint64 mag = offset < 0 ? (guint64) -(offset + 1) + 1 : (guint64) offset;
  gint64 unit, digit;
  int decimals = 0;

  if (mag >= NS_PER_S)
    unit = NS_PER_S;
  else if (mag >= NS_PER_MS)
    unit = NS_PER_MS;
  else if (mag >= NS_PER_US)
    unit = NS_PER_US;
  else
    unit = 1;
  /* As many decimals as it takes for the last one to be worth no more
   * than the resolution. */
  for (digit = unit; digit > MAX (resolution, 1) && digit > 1; digit /= 10)
    decimals++;
  return g_strdup_printf ("%.*f %s", decimals, (double) offset / (double) unit, axis_unit_name (unit));
}
