/* tl-painter-moments.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moments a class is shown, in the overlay: the event a step landed on,
 * ringed in the playhead's colour so that the eye goes from the playhead
 * to it (a mark, or the edge of a span where it begins or ends); and a
 * teacher's bookmarks, each a flag on the time axis with its note, and a
 * faint line down the lanes.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-bookmarks.h"
#include "tl-painter-private.h"

/* Room kept free between a bookmark's note and the next flag. */
#define NOTE_GAP 6.0

/* Close round the mark, so that the words beside it (the value read)
 * stay readable; and a bar under the lane, so that the eye finds it. */
static void
ring (TlPainter    *self,
      cairo_t      *cr,
      double        x,
      double        y,
      double        radius,
      double        width,
      double        below)
{
  const TlPalette *p = self->palette;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_line_width (cr, width);
  tl_rgba_set_source (cr, &p->playhead);
  cairo_stroke (cr);
  cairo_rectangle (cr, floor (x - radius), floor (below), ceil (2 * radius), MAX (2.0, round (width)));
  cairo_fill (cr);
}

void
_tl_painter_draw_step (TlPainter             *self,
                       cairo_t               *cr,
                       const TlViewport      *viewport,
                       const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  double width = MAX (2.0, round (p->line_width));
  TlRect rect;
  double x;

  if (!self->has_step || !_tl_painter_item_rect (self, viewport, g, &self->step.item, &rect))
    return;
  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_clip (cr);
  if (self->step.item.type == TL_ITEM_INSTANT)
    {
      ring (self, cr, rect.x + rect.w / 2, rect.y + rect.h / 2, rect.w / 2, width, rect.y + rect.h + width);
      cairo_restore (cr);
      return;
    }

  /* A span: its outline, and a bar where it begins or ends. */
  x = floor (tl_time_map_x_clamped (&g->map, self->step.ts)) + 0.5;
  cairo_rectangle (cr, rect.x - 1.5, rect.y - 1.5, rect.w + 3, rect.h + 3);
  cairo_set_line_width (cr, 2);
  tl_rgba_set_source (cr, &p->playhead);
  cairo_stroke (cr);
  cairo_rectangle (cr, x - width / 2 - 1.5, rect.y - rect.h * 0.4 - 1.5, width + 3, rect.h * 1.8 + 3);
  tl_rgba_set_source (cr, &p->background);
  cairo_fill (cr);
  cairo_rectangle (cr, x - width / 2, rect.y - rect.h * 0.4, width, rect.h * 1.8);
  tl_rgba_set_source (cr, &p->playhead);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The flag of a bookmark at @x, its top at @top, @h tall. */
static void
flag (TlPainter    *self,
      cairo_t      *cr,
      double        x,
      double        top,
      double        h,
      const TlRgba *colour)
{
  double w = MAX (2.0, round (self->palette->line_width));
  double s = round (self->palette->marker_size * 0.9);

  tl_rgba_set_source (cr, colour);
  cairo_rectangle (cr, x - w / 2, top, w, h);
  cairo_fill (cr);
  cairo_move_to (cr, x + w / 2, top);
  cairo_line_to (cr, x + w / 2 + s, top + s / 2);
  cairo_line_to (cr, x + w / 2, top + s);
  cairo_close_path (cr);
  cairo_fill (cr);
}

void
_tl_painter_draw_bookmarks (TlPainter             *self,
                            cairo_t               *cr,
                            const TlViewport      *viewport,
                            const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  const TlRgba *colour = &p->mark[TL_MARK_USER];
  g_autoptr(GString) fitted = g_string_new (NULL);
  guint n = tl_trace_model_get_n_bookmarks (self->model);
  double dash[] = { 4, 4 };
  double top = g->axis_height > 0 ? g->axis_y : g->plot_y;
  double h = g->axis_height > 0 ? g->axis_height : p->marker_size * 2;
  int text_h;

  if (n == 0)
    return;
  _tl_painter_ensure_style (self);
  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &text_h);
  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, top, g->plot_width, g->plot_y + g->plot_height - top);
  cairo_clip (cr);
  for (guint i = 0; i < n; i++)
    {
      const TlBookmark *b = tl_trace_model_get_bookmark (self->model, i);
      double x = floor (tl_time_map_x (&g->map, b->ts)) + 0.5, next_x, room;
      int w;

      if (x < g->plot_x - 1 || x > g->plot_x + g->plot_width + 1)
        continue;
      /* Down the lanes, faintly. */
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, 0.6);
      cairo_move_to (cr, x, g->plot_y);
      cairo_line_to (cr, x, g->plot_y + g->plot_height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      flag (self, cr, x, top, h, colour);

      /* Its note, as far as the next flag allows. */
      if (*b->note == '\0')
        continue;
      next_x = i + 1 < n ? tl_time_map_x (&g->map, tl_trace_model_get_bookmark (self->model, i + 1)->ts)
                         : g->plot_x + g->plot_width;
      room = MIN (next_x, g->plot_x + g->plot_width) - x - p->marker_size - NOTE_GAP - 6;
      _tl_painter_fit_text_end (self, TL_FONT_SMALL, b->note, room, fitted);
      if (fitted->len == 0)
        continue;
      tl_text_cache_measure (self->text, TL_FONT_SMALL, fitted->str, 0, &w, NULL);
      tl_rgba_set_source (cr, colour);
      cairo_rectangle (cr, x + p->marker_size, top + 1, w + 6, MIN ((double) text_h, h - 2));
      cairo_fill (cr);
      tl_rgba_set_source (cr, tl_palette_text_on (p, colour));
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, fitted->str, 0, x + p->marker_size + 3, top + 1);
      self->stats.texts++;
    }
  cairo_restore (cr);
}
