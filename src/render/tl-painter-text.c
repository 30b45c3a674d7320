/* tl-painter-text.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text as the painter places it: shortened to fit (tl-text-fit.h), with a
 * backdrop where it goes over spans.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-painter-private.h"
#include "tl-text-fit.h"

static double
measure (const char *text,
         gpointer    data)
{
  TlPainter *self = data;
  int w;

  tl_text_cache_measure (self->text, self->fit_font, text, 0, &w, NULL);
  return w;
}

void
_tl_painter_fit_text (TlPainter  *self,
                      TlFont      font,
                      const char *text,
                      double      max_width,
                      GString    *out)
{
  g_autofree char *fitted = NULL;

  self->fit_font = font;
  fitted = tl_text_fit (text, max_width, measure, self);
  g_string_assign (out, fitted);
}

void
_tl_painter_fit_text_end (TlPainter  *self,
                          TlFont      font,
                          const char *text,
                          double      max_width,
                          GString    *out)
{
  g_autofree char *fitted = NULL;

  self->fit_font = font;
  fitted = tl_text_fit_end (text, max_width, measure, self);
  g_string_assign (out, fitted);
}

void
_tl_painter_show_haloed (TlPainter    *self,
                         cairo_t      *cr,
                         TlFont        font,
                         const char   *text,
                         double        x,
                         double        y)
{
  const TlPalette *p = self->palette;
  const double halo[4] = { p->background.r, p->background.g, p->background.b, 0.9 };
  const double ink[4] = { p->text.r, p->text.g, p->text.b, 1.0 };

  tl_text_cache_show_haloed (self->text, cr, font, text, x, y, halo,
                             MAX (2.0, round (p->font_size / 6)), ink);
}

void
_tl_painter_show_label (TlPainter    *self,
                        cairo_t      *cr,
                        TlFont        font,
                        const char   *text,
                        double        x,
                        double        y,
                        const TlRgba *ink,
                        const TlRgba *backdrop)
{
  int w, h;

  if (backdrop != NULL)
    {
      tl_text_cache_measure (self->text, font, text, 0, &w, &h);
      tl_rgba_set_source (cr, backdrop);
      cairo_rectangle (cr, x - 2, y, w + 4, h);
      cairo_fill (cr);
    }
  tl_rgba_set_source (cr, ink);
  tl_text_cache_show (self->text, cr, font, text, 0, x, y);
}
