/* tl-painter-frame.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A frame: the rows in view, bottom to top (backgrounds and grid, spans,
 * what goes over them, arrows, marks), then the findings, the gutter, the
 * axis, the lesson and the legend; the overlay (selection, hover) is its
 * own layer.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-painter-private.h"

/* A process's header shows its life, from its start to its end: all a
 * folded process shows. */
static void
draw_life (TlPainter             *self,
           cairo_t               *cr,
           guint32                index,
           const TlRow           *row,
           double                 y,
           gint64                 open_end,
           const TlPaintGeometry *g)
{
  gint64 begin = tl_trace_model_get_process_begin (self->model, index);
  gint64 end = open_end;
  double h = MAX (2.0, round (row->height * (row->collapsed ? 0.4 : 0.18)));
  double x0, x1;

  if (!tl_trace_model_process_ended (self->model, index, self->horizon, &end) || end == TL_TS_NONE)
    end = open_end;
  if (begin == TL_TS_NONE || end < begin)
    return;
  x0 = MAX (tl_time_map_x_clamped (&g->map, begin), g->plot_x);
  x1 = MIN (tl_time_map_x_clamped (&g->map, end), g->plot_x + g->plot_width);
  if (x1 <= x0)
    return;
  tl_rgba_set_source (cr, &self->palette->text_dim);
  cairo_rectangle (cr, floor (x0), floor (y + (row->height - h) / 2), MAX (1.0, floor (x1 - x0)), h);
  cairo_fill (cr);
}

/* What the view cannot show, each lane as its life. */
static void
draw_folded (TlPainter             *self,
             cairo_t               *cr,
             const TlRow           *row,
             double                 y,
             gint64                 open_end,
             const TlPaintGeometry *g)
{
  double h = MAX (2.0, round (row->height * 0.4));
  guint n;
  const guint32 *lanes = tl_layout_get_folded (self->layout, row, &n);

  tl_rgba_set_source (cr, &self->palette->text_dim);
  for (guint i = 0; i < n; i++)
    {
      gint64 begin, end;
      double x0, x1;

      if (!tl_trace_model_get_lane_life (self->model, lanes[i], self->horizon, &begin, &end))
        continue;
      if (end == G_MAXINT64)
        end = open_end;
      if (end < begin)
        continue;
      x0 = MAX (tl_time_map_x_clamped (&g->map, begin), g->plot_x);
      x1 = MIN (tl_time_map_x_clamped (&g->map, end), g->plot_x + g->plot_width);
      if (x1 < x0)
        continue;
      cairo_rectangle (cr, floor (x0), floor (y + (row->height - h) / 2), MAX (1.0, floor (x1 - x0)), h);
    }
  cairo_fill (cr);
}

static void
draw_rows (TlPainter             *self,
           cairo_t               *cr,
           const TlViewport      *viewport,
           const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  guint n_rows = tl_layout_get_n_rows (self->layout);
  guint first_row, end_row;
  gint64 open_end = _tl_painter_open_end (self, viewport);
  TlSummaryStats stats = { 0 };

  for (guint c = 0; c < TL_PAINT_N_SLOTS; c++)
    g_array_set_size (self->rects[c], 0);
  g_array_set_size (self->drawn, 0);
  g_array_set_size (self->open, 0);

  first_row = tl_layout_find_row (self->layout, MAX (0.0, viewport->scroll_y));
  if (first_row == G_MAXUINT)
    first_row = n_rows;
  for (end_row = first_row; end_row < n_rows; end_row++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, end_row);

      if (_tl_painter_screen_y (g, viewport, row->y) >= g->plot_y + g->plot_height)
        break;
    }

  self->plot = (TlRect) { g->plot_x, g->plot_y, g->plot_width, g->plot_height };

  /* Row backgrounds: process bands and a faint stripe on every other lane. */
  for (guint r = first_row; r < end_row; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      double y = floor (_tl_painter_screen_y (g, viewport, row->y) + 0.5);
      double top = MAX (y, g->plot_y), bottom = MIN (y + row->height, g->plot_y + g->plot_height);

      if (bottom <= top)
        continue;
      if (row->kind != TL_ROW_LANE)
        {
          tl_rgba_set_source (cr, &p->process_bg);
          cairo_rectangle (cr, g->plot_x, top, g->plot_width, bottom - top);
          cairo_fill (cr);
          if (row->kind == TL_ROW_PROCESS)
            draw_life (self, cr, row->process, row, y, open_end, g);
          else
            draw_folded (self, cr, row, y, open_end, g);
        }
      else if (row->stripe % 2 == 1)
        {
          tl_rgba_set_source (cr, &p->row_alt);
          cairo_rectangle (cr, g->plot_x, top, g->plot_width, bottom - top);
          cairo_fill (cr);
        }
    }
  _tl_painter_draw_grid (self, cr, viewport, g);

  for (guint r = first_row; r < end_row; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      TlLane *lane;

      self->stats.rows++;
      if (row->kind != TL_ROW_LANE)
        continue;
      if (row->lane_kind == TL_LANE_COUNTER)
        {
          _tl_painter_draw_counter (self, cr, row, viewport, g);
          continue;
        }
      lane = tl_trace_model_get_lane (self->model, row->lane);
      for (guint t = 0; t < row->n_tracks; t++)
        {
          double ty, th;

          if (!tl_layout_get_track (self->layout, row, t, &ty, &th))
            continue;
          ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
          if (ty + th < g->plot_y || ty > g->plot_y + g->plot_height)
            continue;
          /* Stacked tracks keep a pixel between them. */
          if (t > 0)
            {
              ty += 1;
              th -= 1;
            }
          g_array_set_size (self->runs, 0);
          tl_trace_summary_collect_spans (self->summary, row->lane, t, &g->map, self->merge_width,
                                          tl_lane_count_ended_spans (lane, t, self->horizon),
                                          self->runs, &stats);
          _tl_painter_draw_track_runs (self, row->lane, t, ty, th);
        }
      _tl_painter_draw_open_spans (self, row, viewport, g, open_end);
    }

  for (guint c = 0; c < TL_PAINT_N_SLOTS; c++)
    if (self->rects[c]->len > 0 && c < TL_PAINT_N_CLASSES)
      self->drawn_classes |= 1u << c;
    else if (self->rects[c]->len > 0)
      self->drawn_origins |= 1u << ((c - TL_PAINT_FIRST_CALL_SLOT) / TL_N_FUNCTION_FILLS);
  _tl_painter_fill_batches (self, cr);

  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_clip (cr);
  _tl_painter_draw_span_details (self, cr);
  _tl_painter_draw_search (self, cr, viewport, g);
  /* Marks over arrows: an arrow starts or ends at one. */
  if (self->options & TL_PAINT_SHOW_FLOWS)
    _tl_painter_draw_flows (self, cr, viewport, g);
  _tl_painter_draw_span_labels (self, cr);
  if (self->options & TL_PAINT_SHOW_INSTANTS)
    {
      _tl_painter_draw_marks (self, cr, first_row, end_row, viewport, g);
      _tl_painter_draw_process_ends (self, cr, first_row, end_row, viewport, g);
    }
  cairo_restore (cr);

  self->stats.nodes += stats.nodes;
}

void
tl_painter_draw (TlPainter        *self,
                 cairo_t          *cr,
                 const TlViewport *viewport,
                 TlPaintLayers     layers)
{
  TlPaintGeometry g;

  g_return_if_fail (TL_IS_PAINTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (viewport != NULL);
  g_return_if_fail (viewport->t1 > viewport->t0);

  _tl_painter_sync (self);
  _tl_painter_ensure_style (self);
  tl_painter_get_geometry (self, viewport, &g);

  if (layers & TL_PAINT_LAYER_BASE)
    {
      tl_text_cache_reset_min_shown (self->text);
      if (self->drawn_texts != NULL)
        g_ptr_array_set_size (self->drawn_texts, 0);
      memset (&self->stats, 0, sizeof self->stats);
      self->drawn_classes = self->drawn_marks = self->drawn_flows = self->drawn_findings = 0;
      self->drawn_origins = 0;
      self->drawn_gil_passes = self->drawn_counters = FALSE;
      cairo_save (cr);
      tl_rgba_set_source (cr, &self->palette->background);
      cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
      cairo_fill (cr);
      draw_rows (self, cr, viewport, &g);
      _tl_painter_draw_findings (self, cr, viewport, &g);
      _tl_painter_draw_ghost (self, cr, viewport, &g);
      _tl_painter_draw_gutter (self, cr, viewport, &g);
      if (g.axis_height > 0)
        _tl_painter_draw_axis (self, cr, viewport, &g);
      if (g.lesson_width > 0)
        _tl_painter_draw_lesson (self, cr, viewport, &g);
      if (g.legend_height > 0)
        _tl_painter_draw_legend (self, cr, viewport, &g);
      cairo_restore (cr);
    }
  if (layers & TL_PAINT_LAYER_OVERLAY)
    {
      cairo_save (cr);
      _tl_painter_draw_range (self, cr, viewport, &g);
      _tl_painter_draw_overlay (self, cr, viewport, &g);
      cairo_restore (cr);
    }
  self->min_text = tl_text_cache_get_min_shown (self->text);
}
