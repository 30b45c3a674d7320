/* tl-time-axis.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-numbers.h"
#include "tl-time-axis.h"

void
tl_tick_scale_choose (TlTickScale *self,
                      double       ns_per_px,
                      double       min_spacing)
{
  static const int mantissas[] = { 1, 2, 5 };
  gint64 power = 1;

  g_return_if_fail (self != NULL);

  self->step = 1;
  self->minor = 1;
  for (int e = 0; e < 18; e++, power *= 10)
    {
      gboolean found = FALSE;

      for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
        {
          gint64 step = mantissas[m] * power;

          if ((double) step / ns_per_px >= min_spacing || e == 17)
            {
              self->step = step;
              self->minor = mantissas[m] == 2 ? step / 4 : step / 5;
              found = TRUE;
              break;
            }
        }
      if (found)
        break;
    }
  self->minor = MAX (self->minor, 1);
}

char *
tl_tick_scale_format (const TlTickScale *self,
                      gint64             offset)
{
  g_return_val_if_fail (self != NULL, NULL);
  return tl_format_axis_time (offset, self->step);
}

gboolean
tl_parse_duration (const char  *text,
                   gint64      *ns,
                   GError     **error)
{
  static const struct { const char *suffix; double scale; } units[] = {
    { "ns", 1.0 },
    { "us", 1e3 },
    { "µs", 1e3 },
    { "ms", 1e6 },
    { "s", 1e9 },
    { "", 1e9 },
  };
  g_autofree char *copy = NULL;
  const char *rest;
  char *end = NULL;
  double value;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  value = g_ascii_strtod (copy, &end);
  if (end == copy || !isfinite (value))
    goto fail;
  rest = end;
  while (*rest == ' ')
    rest++;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (rest, units[i].suffix) == 0)
      {
        double result = value * units[i].scale;

        if (fabs (result) > 9e18)
          goto fail;
        *ns = (gint64) llround (result);
        return TRUE;
      }

fail:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a time: use seconds, or a number with ns, us, ms or s"), text);
  return FALSE;
}
