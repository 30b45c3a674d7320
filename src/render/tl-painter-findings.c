/* tl-painter-findings.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pointing at what the analyses found.  A lost update: a cross on the
 * write that overwrote another worker's, joined by a dashed line to the
 * write it erased.  A deadlock: a band over each thread of the cycle for
 * as long as it lasts, and arrows from each waiter to the thread holding
 * what it waits for, named "deadlock".  Drawn in the error colour, over
 * the spans, below the gutter.
 */
#define G_LOG_DOMAIN "tl-painter"

#include "config.h"

#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* Half a lost update's cross: a mark's size. */
static double
cross_half (TlPainter *self)
{
  return MAX (4.0, round (self->palette->marker_size * 0.45));
}

/* Not the palette's error mark (vermillion, close to the hand-over
 * arrows' orange): a deep red, darker than every state's fill, so that
 * it reads in every style and to red-weak eyes by its darkness. */
static const TlRgba finding_colour = { 0.78, 0.0, 0.13, 1.0 };
static const double dots[] = { 1.5, 2.5 };

static void
draw_cross (cairo_t *cr,
            double   x,
            double   y,
            double   half)
{
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (2.0, half / 2));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  tl_rgba_set_source (cr, &finding_colour);
  cairo_move_to (cr, x - half, y - half);
  cairo_line_to (cr, x + half, y + half);
  cairo_move_to (cr, x + half, y - half);
  cairo_line_to (cr, x - half, y + half);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_tl_painter_draw_lost_update_swatch (TlPainter *self,
                                     cairo_t   *cr,
                                     double     x,
                                     double     y,
                                     double     w,
                                     double     h)
{
  cairo_save (cr);
  cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
  cairo_set_line_width (cr, MAX (1.5, self->palette->line_width * 0.6));
  tl_rgba_set_source (cr, &finding_colour);
  cairo_move_to (cr, x + 2, y + h / 2);
  cairo_line_to (cr, x + w - h / 2, y + h / 2);
  cairo_stroke (cr);
  cairo_restore (cr);
  draw_cross (cr, x + w - h / 2, y + h / 2, MIN (cross_half (self), h / 2));
}

void
_tl_painter_draw_deadlock_swatch (TlPainter *self,
                                  cairo_t   *cr,
                                  double     x,
                                  double     y,
                                  double     w,
                                  double     h)
{
  TlRgba band = finding_colour;

  band.a = 0.25;
  tl_rgba_set_source (cr, &band);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
  tl_rgba_set_source (cr, &finding_colour);
  cairo_set_line_width (cr, MAX (1.5, self->palette->line_width * 0.6));
  cairo_rectangle (cr, x + 0.75, y + 0.75, w - 1.5, h - 1.5);
  cairo_stroke (cr);
}

/* The vertical middle of a lane's state track on screen. */
static gboolean
lane_y (TlPainter             *self,
        const TlViewport      *viewport,
        const TlPaintGeometry *g,
        guint32                lane,
        double                *y,
        double                *h)
{
  guint r = tl_layout_lookup_lane (self->layout, lane);
  const TlRow *row;
  double ty, th;

  if (r == G_MAXUINT)
    return FALSE;
  row = tl_layout_get_row (self->layout, r);
  if (row->kind != TL_ROW_LANE || !tl_layout_get_track (self->layout, row, 0, &ty, &th))
    return FALSE;
  *y = _tl_painter_screen_y (g, viewport, ty) + th / 2;
  *h = th;
  return TRUE;
}

static gboolean
draw_lost_update (TlPainter             *self,
                  cairo_t               *cr,
                  const TlViewport      *viewport,
                  const TlPaintGeometry *g,
                  const TlFinding       *f,
                  const TlRgba          *colour)
{
  double x = tl_time_map_x (&g->map, f->by_ts);
  double lost_x = tl_time_map_x (&g->map, f->ts);
  double y, h, lost_y, lost_h;

  if (!lane_y (self, viewport, g, f->by_lane, &y, &h))
    return FALSE;
  if (x < g->plot_x - cross_half (self) || x > g->plot_x + g->plot_width + cross_half (self))
    return FALSE;

  /* What it erased, when that is on screen too. */
  if (lane_y (self, viewport, g, f->lane, &lost_y, &lost_h))
    {
      cairo_save (cr);
      cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
      cairo_set_line_width (cr, MAX (1.5, self->palette->line_width * 0.6));
      tl_rgba_set_source (cr, colour);
      cairo_move_to (cr, lost_x, lost_y);
      cairo_line_to (cr, x, y);
      cairo_stroke (cr);
      cairo_arc (cr, lost_x, lost_y, MAX (2.5, cross_half (self) * 0.6), 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  draw_cross (cr, x, y, cross_half (self));
  return TRUE;
}

static gboolean
draw_deadlock_edge (TlPainter             *self,
                    cairo_t               *cr,
                    const TlViewport      *viewport,
                    const TlPaintGeometry *g,
                    const TlFinding       *f,
                    const TlRgba          *colour,
                    gboolean               label)
{
  gint64 end = f->end == G_MAXINT64 ? _tl_painter_open_end (self, viewport) : f->end;
  double x0 = tl_time_map_x_clamped (&g->map, f->ts);
  double x1 = tl_time_map_x_clamped (&g->map, MAX (end, f->ts));
  double y, h, to_y, to_h, mid;
  TlRgba band = *colour;

  if (!lane_y (self, viewport, g, f->lane, &y, &h))
    return FALSE;

  /* The waiter stuck, for as long as the cycle lasts. */
  band.a = 0.18;
  tl_rgba_set_source (cr, &band);
  cairo_rectangle (cr, x0, y - h / 2 - 2, MAX (x1 - x0, 2.0), h + 4);
  cairo_fill (cr);
  tl_rgba_set_source (cr, colour);
  cairo_set_line_width (cr, MAX (1.5, self->palette->line_width * 0.6));
  cairo_rectangle (cr, x0 + 0.75, y - h / 2 - 1.25, MAX (x1 - x0 - 1.5, 1.0), h + 2.5);
  cairo_stroke (cr);

  /* ... waiting for the thread that holds what it needs. */
  if (lane_y (self, viewport, g, f->by_lane, &to_y, &to_h) && x0 >= g->plot_x - 1)
    {
      double ax = x0 + 10, tip = to_y + (to_y > y ? -to_h / 2 : to_h / 2);
      double dir = tip > y ? 1.0 : -1.0;

      mid = (y + tip) / 2;
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, ax, y + dir * h / 2);
      cairo_curve_to (cr, ax + 14, mid, ax + 14, mid, ax, tip);
      cairo_stroke (cr);
      cairo_move_to (cr, ax, tip);
      cairo_line_to (cr, ax + 6, tip - dir * 7);
      cairo_line_to (cr, ax - 4, tip - dir * 5);
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  if (label && x0 >= g->plot_x - 1)
    {
      const char *word = tl_describe_finding_words (TL_FINDING_DEADLOCK);
      int tw, th;

      tl_text_cache_measure (self->text, TL_FONT_SMALL, word, 0, &tw, &th);
      tl_rgba_set_source (cr, colour);
      cairo_rectangle (cr, x0 + 24, y - h / 2 - th - 3, tw + 8, th + 2);
      cairo_fill (cr);
      tl_rgba_set_source (cr, &self->palette->background);
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, word, 0, x0 + 28, y - h / 2 - th - 2);
    }
  return TRUE;
}

void
_tl_painter_draw_findings (TlPainter             *self,
                           cairo_t               *cr,
                           const TlViewport      *viewport,
                           const TlPaintGeometry *g)
{
  const TlRgba *colour = &finding_colour;
  gint64 last_cycle = G_MININT64;
  guint n;
  const TlFinding *findings = tl_trace_model_get_findings_until (self->model, self->horizon, &n);

  if (n == 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_clip (cr);
  for (guint i = 0; i < n; i++)
    {
      const TlFinding *f = &findings[i];

      if (f->kind == TL_FINDING_LOST_UPDATE)
        {
          if (f->by_ts >= viewport->t0 && f->by_ts <= viewport->t1 &&
              draw_lost_update (self, cr, viewport, g, f, colour))
            self->drawn_findings |= 1u << f->kind;
        }
      else if (f->ts <= viewport->t1 && (f->end == G_MAXINT64 || f->end >= viewport->t0))
        {
          /* One label per cycle: its edges share a start. */
          if (draw_deadlock_edge (self, cr, viewport, g, f, colour, f->ts != last_cycle))
            self->drawn_findings |= 1u << f->kind;
          last_cycle = f->ts;
        }
    }
  cairo_restore (cr);
}
