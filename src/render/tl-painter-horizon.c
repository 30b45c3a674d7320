/* tl-painter-horizon.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A replay's playhead is the frame's horizon: the trace is drawn as it
 * stood then (tl-horizon.h), so that a class sees what the live run
 * showed at that moment and can guess what comes next.  The same rules
 * hold live, where the horizon is simply everything received: spans
 * still going are drawn to "now", a message sent and not received yet is
 * on its way.  A teacher may prefer the future faded to a ghost: then the
 * whole trace is drawn, and a veil goes over what lies after the playhead.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-painter-private.h"

/* How much of the future shows through its veil. */
#define GHOST_SHOWS 0.3

gint64
_tl_painter_horizon_for (TlPainter        *self,
                         const TlViewport *viewport)
{
  if (viewport->playhead == TL_TS_NONE || self->ghost)
    return TL_HORIZON_NONE;
  return viewport->playhead;
}

guint
_tl_painter_lane_open (TlPainter *self,
                       guint32    lane,
                       GArray    *out)
{
  g_array_set_size (out, 0);
  return tl_lane_collect_open_at (tl_trace_model_get_lane (self->model, lane), self->horizon, out);
}

gboolean
_tl_painter_flow_arrived (TlPainter    *self,
                          const TlFlow *flow)
{
  return flow->to_ts <= self->horizon && flow->from_ts <= self->horizon;
}

/* The message flow that @send began, when there is one: flows are sorted
 * by their start. */
static const TlFlow *
message_of (TlTraceModel    *model,
            guint32          lane,
            const TlInstant *send)
{
  guint n, lo = 0, hi;
  const TlFlow *flows = tl_trace_model_get_flows (model, &n);

  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (flows[mid].from_ts < send->ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < n && flows[i].from_ts == send->ts; i++)
    if (flows[i].kind == TL_FLOW_MESSAGE && flows[i].from_lane == lane && flows[i].id == send->arg &&
        flows[i].ref == send->ref)
      return &flows[i];
  return NULL;
}

gboolean
_tl_painter_in_flight (TlPainter       *self,
                       guint32          lane,
                       const TlInstant *send)
{
  const TlFlow *flow;

  if (send->kind != TL_EVENT_SEND || send->ts > self->horizon)
    return FALSE;
  flow = message_of (self->model, lane, send);
  return flow == NULL || !_tl_painter_flow_arrived (self, flow);
}

void
_tl_painter_draw_ghost (TlPainter             *self,
                        cairo_t               *cr,
                        const TlViewport      *viewport,
                        const TlPaintGeometry *g)
{
  TlRgba veil = self->palette->background;
  double x;

  if (!self->ghost || viewport->playhead == TL_TS_NONE)
    return;
  x = MAX (g->plot_x, ceil (tl_time_map_x_clamped (&g->map, viewport->playhead)));
  if (x >= g->plot_x + g->plot_width)
    return;
  veil.a = 1.0 - GHOST_SHOWS;
  tl_rgba_set_source (cr, &veil);
  cairo_rectangle (cr, x, g->plot_y, g->plot_x + g->plot_width - x, g->plot_height);
  cairo_fill (cr);
}
