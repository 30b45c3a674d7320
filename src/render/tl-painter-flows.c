/* tl-painter-flows.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Arrows between lanes: messages, hand-overs, errors, wake-ups.  Which
 * arrows are drawn and where their ends are is decided here once, for
 * the drawing and for hit testing alike, so that a click finds exactly
 * the arrows on screen.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-painter-private.h"

/* Arrows closer than this many pixels apart stop telling anything: past
 * one per FLOW_SPACING_PX of the plot, one per FLOW_BIN_PX is drawn. */
#define FLOW_SPACING_PX 12.0
#define FLOW_BIN_PX 16.0
/* How far back to look for arrows that start before the view. */
#define MAX_LOOK_BACK 4096


/* The vertical middle of a lane's state track, or of its process's row
 * when the process is folded; FALSE when the lane has no row. */
static gboolean
flow_end_y (TlPainter             *self,
            const TlViewport      *viewport,
            const TlPaintGeometry *g,
            guint32                lane,
            double                *y)
{
  guint r = tl_layout_lookup_lane (self->layout, lane);
  const TlRow *row;
  double ty, th;

  if (r == G_MAXUINT)
    return FALSE;
  row = tl_layout_get_row (self->layout, r);
  if (row->kind != TL_ROW_LANE)
    {
      ty = row->y;
      th = row->height;
    }
  else if (!tl_layout_get_track (self->layout, row, 0, &ty, &th))
    {
      return FALSE;
    }
  *y = _tl_painter_screen_y (g, viewport, ty) + th / 2;
  return TRUE;
}

gboolean
_tl_painter_flow_segment (TlPainter             *self,
                          const TlViewport      *viewport,
                          const TlPaintGeometry *g,
                          const TlFlow          *flow,
                          double                 segment[4])
{
  double x0, x1, y0, y1, top = g->plot_y, bottom = g->plot_y + g->plot_height;
  /* Far enough off the plot that the slope on screen stays right, near
   * enough that cairo never meets huge coordinates. */
  double margin = 2000;

  if (!flow_end_y (self, viewport, g, flow->from_lane, &y0) ||
      !flow_end_y (self, viewport, g, flow->to_lane, &y1))
    return FALSE;
  if ((y0 < top && y1 < top) || (y0 > bottom && y1 > bottom))
    return FALSE;
  x0 = CLAMP (tl_time_map_x (&g->map, flow->from_ts), g->plot_x - margin,
              g->plot_x + g->plot_width + margin);
  x1 = CLAMP (tl_time_map_x (&g->map, flow->to_ts), g->plot_x - margin,
              g->plot_x + g->plot_width + margin);
  if ((x0 < g->plot_x && x1 < g->plot_x) ||
      (x0 > g->plot_x + g->plot_width && x1 > g->plot_x + g->plot_width))
    return FALSE;
  segment[0] = x0;
  segment[1] = y0;
  segment[2] = x1;
  segment[3] = y1;
  return TRUE;
}

void
_tl_painter_set_flow_dash (TlPainter  *self,
                           cairo_t    *cr,
                           TlFlowKind  kind)
{
  double w = self->palette->line_width;
  double dashed[] = { 5 * w, 3 * w };
  double dotted[] = { w, 2.5 * w };

  switch (kind)
    {
    case TL_FLOW_HANDOVER:
      cairo_set_dash (cr, dashed, 2, 0);
      break;
    case TL_FLOW_WAKE:
      cairo_set_dash (cr, dotted, 2, 0);
      break;
    case TL_FLOW_MESSAGE:
    case TL_FLOW_ERROR:
    case TL_FLOW_GENERIC:
    case TL_N_FLOW_KINDS:
    default:
      cairo_set_dash (cr, NULL, 0, 0);
      break;
    }
}

/* The first flow of [lo, hi) that starts at or after @t (flows are sorted
 * by their start). */
static guint
first_flow_from (const TlFlow *flows,
                 guint         lo,
                 guint         hi,
                 gint64        t)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (flows[mid].from_ts < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Whether @flow is drawn at all: it crosses the view, and had arrived by
 * the horizon (live, every flow has; an arrow is made when its message
 * is received). */
static inline gboolean
flow_shown (TlPainter             *self,
            const TlPaintGeometry *g,
            const TlFlow          *flow)
{
  return flow->to_ts >= g->map.t0 && flow->from_ts <= g->map.t1 && _tl_painter_flow_arrived (self, flow);
}

/* How many of flows[lo, hi), which start in view, are shown, counting no
 * further than @max + 1. */
static guint
count_shown (TlPainter             *self,
             const TlPaintGeometry *g,
             const TlFlow          *flows,
             guint                  lo,
             guint                  hi,
             guint                  max)
{
  gint64 last_start = MIN (g->map.t1, self->horizon);
  guint n = 0;

  for (guint i = lo; i < hi && n <= max && flows[i].from_ts <= last_start; i++)
    if (flow_shown (self, g, &flows[i]))
      n++;
  return n;
}

guint
_tl_painter_pick_flows (TlPainter             *self,
                        const TlPaintGeometry *g,
                        GArray                *picked)
{
  const TlFlow *flows;
  guint n_flows, first, n, lo;
  guint budget = (guint) (g->plot_width / FLOW_SPACING_PX);

  g_array_set_size (picked, 0);
  flows = tl_trace_model_get_flows (self->model, &n_flows);
  tl_trace_model_get_flow_range (self->model, g->map.t0, g->map.t1, &first, &n);
  if (n == 0)
    return 0;

  /* The model's range reaches back by its longest arrow, which may be
   * very long: count only the arrows that start in view... */
  lo = first_flow_from (flows, first, first + n, g->map.t0);
  if (count_shown (self, g, flows, lo, first + n, budget) <= budget)
    {
      /* ...then add those that come into view from the left, looking
       * back a bounded way. */
      for (guint i = lo; i-- > first && lo - i <= MAX_LOOK_BACK && picked->len < budget;)
        if (flow_shown (self, g, &flows[i]))
          g_array_append_val (picked, i);
      for (guint i = lo; i < first + n && flows[i].from_ts <= MIN (g->map.t1, self->horizon); i++)
        if (flow_shown (self, g, &flows[i]))
          g_array_append_val (picked, i);
      return 0;
    }

  /* Too many to tell apart: the first that starts in each few pixels. */
  for (double x = g->plot_x; x < g->plot_x + g->plot_width; x += FLOW_BIN_PX)
    {
      gint64 t1 = tl_time_map_time (&g->map, x + FLOW_BIN_PX);
      guint i = first_flow_from (flows, lo, first + n, tl_time_map_time (&g->map, x));

      /* Past the horizon, nothing has arrived. */
      while (i < first + n && flows[i].from_ts < t1 && flows[i].from_ts <= self->horizon &&
             !flow_shown (self, g, &flows[i]))
        i++;
      if (i < first + n && flows[i].from_ts < t1 && flow_shown (self, g, &flows[i]))
        g_array_append_val (picked, i);
    }
  return first + n - lo - MIN (picked->len, first + n - lo);
}

/* For the legend: the GIL passing on is not a lock passing on. */
static void
note_drawn (TlPainter    *self,
            const TlFlow *flow)
{
  const TlObject *object = flow->ref < tl_trace_model_get_n_objects (self->model)
                           ? tl_trace_model_get_object (self->model, flow->ref) : NULL;

  if (flow->kind == TL_FLOW_HANDOVER && object != NULL && object->role == TL_ROLE_GIL)
    self->drawn_gil_passes = TRUE;
  else
    self->drawn_flows |= 1u << flow->kind;
}

void
_tl_painter_draw_flows (TlPainter             *self,
                        cairo_t               *cr,
                        const TlViewport      *viewport,
                        const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) heads = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  const TlFlow *flows;
  guint n_flows;
  double head = p->marker_size * 0.8;

  self->stats.flows_skipped += _tl_painter_pick_flows (self, g, picked);
  if (picked->len == 0)
    return;
  flows = tl_trace_model_get_flows (self->model, &n_flows);

  cairo_save (cr);
  cairo_set_line_width (cr, p->line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint kind = 0; kind < TL_N_FLOW_KINDS; kind++)
    {
      g_array_set_size (heads, 0);
      for (guint i = 0; i < picked->len; i++)
        {
          const TlFlow *flow = &flows[g_array_index (picked, guint, i)];
          double segment[4];

          if (flow->kind == kind && _tl_painter_flow_segment (self, viewport, g, flow, segment))
            {
              g_array_append_vals (heads, segment, 1);
              self->stats.flows++;
              note_drawn (self, flow);
            }
        }
      if (heads->len == 0)
        continue;
      _tl_painter_set_flow_dash (self, cr, kind);
      tl_rgba_set_source (cr, &p->flow[kind]);
      /* One stroke per arrow: in one path, crossing arrows would make
       * cairo resolve every crossing, which costs far more. */
      for (guint i = 0; i < heads->len; i++)
        {
          const double *h = &g_array_index (heads, double, i * 4);

          cairo_move_to (cr, h[0], h[1]);
          cairo_line_to (cr, h[2], h[3]);
          cairo_stroke (cr);
        }

      for (guint i = 0; i < heads->len; i++)
        {
          const double *h = &g_array_index (heads, double, i * 4);
          double dx = h[2] - h[0], dy = h[3] - h[1];
          double len = sqrt (dx * dx + dy * dy);
          double ux, uy;

          if (len < 1)
            continue;
          ux = dx / len;
          uy = dy / len;

          cairo_move_to (cr, h[2], h[3]);
          cairo_line_to (cr, h[2] - ux * head - uy * head * 0.5, h[3] - uy * head + ux * head * 0.5);
          cairo_line_to (cr, h[2] - ux * head + uy * head * 0.5, h[3] - uy * head - ux * head * 0.5);
          cairo_close_path (cr);
        }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}
