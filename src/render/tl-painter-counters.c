/* tl-painter-counters.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A counter lane (a shared value over time, a queue's length, a
 * semaphore's permits in use) is a step line under a band of numbers:
 * each new value written where it begins, as far as room allows, and
 * the value at the end of the view always.  The gutter gives its range
 * (tl-painter-gutter.c), so the line has a scale.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* Past this many samples a pixel, nothing but the last value is named. */
#define MAX_SAMPLES_PER_PX 4

/* The band of numbers above the line, and the line's own. */
static void
bands (TlPainter *self,
       double     ty,
       double     th,
       double    *text_y,
       double    *line_top,
       double    *line_bottom)
{
  int text_h;

  tl_text_cache_measure (self->text, TL_FONT_SMALL, "0", 0, NULL, &text_h);
  *text_y = ty;
  *line_top = ty + MIN (text_h, th * 0.6);
  *line_bottom = ty + th - 2;
}

static void
draw_line (TlPainter             *self,
           cairo_t               *cr,
           double                 min,
           double                 max,
           double                 top,
           double                 bottom)
{
  const TlRgba *c = &self->palette->counter;
  double scale = max > min ? (bottom - top) / (max - min) : 0;
  double w = MAX (2.0, round (self->palette->line_width));

  /* A faint area down to the lowest value, the range of each column over
   * it: where a column holds one value, a step of the line. */
  for (guint i = 0; i < self->columns->len; i++)
    {
      const TlCounterColumn *col = &g_array_index (self->columns, TlCounterColumn, i);
      double y = bottom - (col->max - min) * scale;

      cairo_rectangle (cr, floor (col->x0), y, MAX (1.0, ceil (col->x1) - floor (col->x0)), bottom - y);
    }
  cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.22);
  cairo_fill (cr);
  for (guint i = 0; i < self->columns->len; i++)
    {
      const TlCounterColumn *col = &g_array_index (self->columns, TlCounterColumn, i);
      double y0 = bottom - (col->max - min) * scale, y1 = bottom - (col->min - min) * scale;

      cairo_rectangle (cr, floor (col->x0), round (y0 - w / 2),
                       MAX (1.0, ceil (col->x1) - floor (col->x0)), MAX (w, y1 - y0 + w));
    }
  /* Rises and falls between columns. */
  for (guint i = 1; i < self->columns->len; i++)
    {
      const TlCounterColumn *a = &g_array_index (self->columns, TlCounterColumn, i - 1);
      const TlCounterColumn *b = &g_array_index (self->columns, TlCounterColumn, i);
      double ya = bottom - (a->max - min) * scale, yb = bottom - (b->max - min) * scale;

      if (fabs (b->x0 - a->x1) < 1.0 && ya != yb)
        cairo_rectangle (cr, floor (b->x0), round (MIN (ya, yb) - w / 2), w, fabs (ya - yb) + w);
    }
  tl_rgba_set_source (cr, c);
  cairo_fill (cr);
}

/* Where @samples[@i]'s value gives way to another within the view (an
 * x), or +inf. */
static double
held_until (const TlCounterSample *samples,
            guint                  i,
            guint                  n,
            const TlTimeMap       *map)
{
  for (guint j = i + 1; j < n; j++)
    if (samples[j].value != samples[i].value)
      return tl_time_map_x (map, samples[j].ts);
  return INFINITY;
}

/* Whether @samples[@i] (at @x) gives way, before its number (@width
 * wide) would end, to a value that holds at least as long: then that one
 * is the value to name (a semaphore's second holder a moment after its
 * first).  A value that changes steadily (a counter climbing) holds no
 * value for long: each is named in turn, as room allows. */
static gboolean
overtaken (const TlCounterSample *samples,
           guint                  i,
           guint                  n,
           const TlTimeMap       *map,
           double                 x,
           double                 width)
{
  if (held_until (samples, i, n, map) >= x + width)
    return FALSE;
  for (guint j = i + 1; j < n; j++)
    {
      double xj = tl_time_map_x (map, samples[j].ts);

      if (xj >= x + width)
        break;
      if (samples[j].value != samples[j - 1].value && held_until (samples, j, n, map) - xj >= width)
        return TRUE;
    }
  return FALSE;
}

/* The value of @lane's samples at @t: the last one at or before it. */
static gboolean
value_at (const TlCounterSample *samples,
          guint                  n,
          gint64                 t,
          double                *value)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (samples[mid].ts <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  *value = samples[lo - 1].value;
  return TRUE;
}

static void
draw_numbers (TlPainter             *self,
              cairo_t               *cr,
              const TlRow           *row,
              const TlPaintGeometry *g,
              gint64                 end,
              double                 text_y)
{
  const TlPalette *p = self->palette;
  TlLane *lane = tl_trace_model_get_lane (self->model, row->lane);
  guint n, first, last;
  const TlCounterSample *samples = tl_lane_get_samples (lane, &n);

  n = tl_lane_count_samples_until (lane, self->horizon);
  double gap = round (p->font_size * 0.6), used = g->plot_x, right = g->plot_x + g->plot_width;
  double value;
  g_autofree char *current = NULL;
  int cw;

  if (n == 0)
    return;
  /* The value at the end of the view, right-aligned: always there. */
  if (value_at (samples, n, MIN (end, g->map.t1), &value))
    {
      current = tl_format_number (value);
      tl_text_cache_measure (self->text, TL_FONT_SMALL, current, 0, &cw, NULL);
      right -= cw + 4;
      _tl_painter_show_label (self, cr, TL_FONT_SMALL, current, right + 2, text_y, &p->text, NULL);
      self->stats.texts++;
      right -= gap;
    }

  /* Each new value where it begins, while they are few enough to read. */
  for (first = 0; first < n && samples[first].ts < g->map.t0; first++)
    ;
  for (last = first; last < n && samples[last].ts <= MIN (end, g->map.t1); last++)
    ;
  if (last - first > MAX_SAMPLES_PER_PX * g->plot_width)
    return;
  for (guint i = first; i < last; i++)
    {
      g_autofree char *text = NULL;
      double x = tl_time_map_x (&g->map, samples[i].ts);
      int w;

      if (i > 0 && samples[i].value == samples[i - 1].value)
        continue;
      if (x < used)
        continue;
      text = tl_format_number (samples[i].value);
      tl_text_cache_measure (self->text, TL_FONT_SMALL, text, 0, &w, NULL);
      if (x + w > right)
        break;
      if (overtaken (samples, i, last, &g->map, x, 2 + w + gap))
        continue;
      tl_rgba_set_source (cr, &p->text);
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, text, 0, x + 2, text_y);
      self->stats.texts++;
      used = x + 2 + w + gap;
    }
}

/* The value is known up to "now" (live) or the playhead, not after. */
static void
clip_columns (GArray *columns,
              double  end_x)
{
  end_x = ceil (end_x);
  while (columns->len > 0)
    {
      TlCounterColumn *last = &g_array_index (columns, TlCounterColumn, columns->len - 1);

      if (last->x0 < end_x)
        {
          last->x1 = MIN (last->x1, end_x);
          break;
        }
      g_array_set_size (columns, columns->len - 1);
    }
}

void
_tl_painter_draw_counter (TlPainter             *self,
                          cairo_t               *cr,
                          const TlRow           *row,
                          const TlViewport      *viewport,
                          const TlPaintGeometry *g)
{
  guint until = tl_lane_count_samples_until (tl_trace_model_get_lane (self->model, row->lane), self->horizon);
  double ty, th, min, max, text_y, top, bottom;

  if (!tl_trace_summary_get_counter_range (self->summary, row->lane, until, &min, &max))
    return;
  if (!tl_layout_get_track (self->layout, row, 0, &ty, &th))
    return;
  ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
  if (min > 0)
    min = 0;

  g_array_set_size (self->columns, 0);
  tl_trace_summary_collect_counter (self->summary, row->lane, &g->map, 1.0, until, self->columns, NULL);
  clip_columns (self->columns, tl_time_map_x_clamped (&g->map, _tl_painter_open_end (self, viewport)));
  if (self->columns->len == 0)
    return;
  self->drawn_counters = TRUE;

  bands (self, ty, th, &text_y, &top, &bottom);
  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_clip (cr);
  draw_line (self, cr, min, max, top, bottom);
  if (self->options & TL_PAINT_SHOW_LABELS)
    draw_numbers (self, cr, row, g, _tl_painter_open_end (self, viewport), text_y);
  cairo_restore (cr);
}
