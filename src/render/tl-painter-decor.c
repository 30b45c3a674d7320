/* tl-painter-decor.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything around the lanes: the grid, the time axis, and the overlay (hover, selection, the live
 * "now" line and the replay playhead).
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"
#include "tl-time-axis.h"

#define PAD 8.0

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- grid and axis ------------------------------------------------------- */

static void
tick_scale (TlPainter             *self,
            const TlPaintGeometry *g,
            TlTickScale           *scale)
{
  tl_tick_scale_choose (scale, g->map.ns_per_px, self->palette->min_tick_spacing);
}

void
_tl_painter_draw_grid (TlPainter             *self,
                       cairo_t               *cr,
                       const TlViewport      *viewport,
                       const TlPaintGeometry *g)
{
  gint64 origin = _tl_painter_origin (self, viewport);
  TlTickScale scale;

  tick_scale (self, g, &scale);
  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  for (gint64 k = floor_div (g->map.t0 - origin, scale.step);; k++)
    {
      gint64 t = origin + k * scale.step;
      double x;

      if (t > g->map.t1)
        break;
      x = floor (tl_time_map_x (&g->map, t)) + 0.5;
      if (x < g->plot_x)
        continue;
      cairo_move_to (cr, x, g->plot_y);
      cairo_line_to (cr, x, g->plot_y + g->plot_height);
    }
  tl_rgba_set_source (cr, &self->palette->grid);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_tl_painter_draw_axis (TlPainter             *self,
                       cairo_t               *cr,
                       const TlViewport      *viewport,
                       const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  gint64 origin = _tl_painter_origin (self, viewport);
  double bottom = g->axis_y + g->axis_height;
  double major = round (p->axis_height * 0.22), minor = round (p->axis_height * 0.12);
  g_autofree char *window = NULL;
  TlTickScale scale;
  int text_h;

  tick_scale (self, g, &scale);
  tl_text_cache_measure (self->text, TL_FONT_SMALL, "0", 0, NULL, &text_h);

  cairo_save (cr);
  tl_rgba_set_source (cr, &p->axis_bg);
  cairo_rectangle (cr, 0, g->axis_y, viewport->width, g->axis_height);
  cairo_fill (cr);

  /* The gutter's corner says how much time the plot spans. */
  window = tl_format_duration (g->map.t1 - g->map.t0);
  tl_rgba_set_source (cr, &p->text_dim);
  tl_text_cache_show (self->text, cr, TL_FONT_SMALL, window, (int) (g->gutter_width - 2 * PAD),
                      PAD, g->axis_y + floor ((g->axis_height - text_h) / 2));

  cairo_rectangle (cr, g->plot_x, g->axis_y, g->plot_width, g->axis_height);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.0);
  for (gint64 k = floor_div (g->map.t0 - origin, scale.minor);; k++)
    {
      gint64 t = origin + k * scale.minor;
      double x;

      if (t > g->map.t1)
        break;
      x = floor (tl_time_map_x (&g->map, t)) + 0.5;
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom - ((t - origin) % scale.step == 0 ? major : minor));
    }
  tl_rgba_set_source (cr, &p->text_dim);
  cairo_stroke (cr);

  tl_rgba_set_source (cr, &p->text);
  for (gint64 k = floor_div (g->map.t0 - origin, scale.step);; k++)
    {
      gint64 t = origin + k * scale.step;
      g_autofree char *label = NULL;
      double x;
      int w;

      if (t < g->map.t0)
        continue;
      if (t > g->map.t1)
        break;
      x = tl_time_map_x (&g->map, t);
      label = tl_tick_scale_format (&scale, t - origin);
      tl_text_cache_measure (self->text, TL_FONT_SMALL, label, 0, &w, NULL);
      /* Centred on its tick, but kept whole at the plot's edges. */
      x = CLAMP (floor (x - w / 2.0), g->plot_x + 2, g->plot_x + g->plot_width - w - 2);
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, label, 0, x,
                          g->axis_y + floor ((g->axis_height - major - text_h) / 2));
    }
  cairo_reset_clip (cr);

  tl_rgba_set_source (cr, &p->separator);
  cairo_rectangle (cr, 0, bottom - 1, viewport->width, 1);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* ---- overlay ---------------------------------------------------------------- */

gboolean
_tl_painter_item_rect (TlPainter             *self,
                       const TlViewport      *viewport,
                       const TlPaintGeometry *g,
                       const TlItemRef       *item,
                       TlRect                *rect)
{
  const TlRow *row;
  TlLane *lane;
  guint r;
  double ty, th;

  if (item->type == TL_ITEM_FLOW || item->lane >= tl_trace_model_get_n_lanes (self->model))
    return FALSE;
  r = tl_layout_lookup_lane (self->layout, item->lane);
  if (r == G_MAXUINT)
    return FALSE;
  row = tl_layout_get_row (self->layout, r);
  if (row->kind != TL_ROW_LANE)
    return FALSE;
  lane = tl_trace_model_get_lane (self->model, item->lane);

  if (item->type == TL_ITEM_SPAN)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, item->track, &n);
      double x0, x1;

      if (item->index >= n || !tl_layout_get_track (self->layout, row, item->track, &ty, &th) ||
          spans[item->index].start > self->horizon)
        return FALSE;
      x0 = tl_time_map_x_clamped (&g->map, spans[item->index].start);
      x1 = tl_time_map_x_clamped (&g->map, MIN (spans[item->index].end, _tl_painter_open_end (self, viewport)));
      rect->x = floor (x0 + 0.5);
      rect->w = MAX (1.0, floor (x1 + 0.5) - rect->x);
      rect->y = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
      rect->h = th;
      return TRUE;
    }
  else
    {
      guint n;
      const TlInstant *instants = tl_lane_get_instants (lane, &n);
      double s = self->palette->marker_size + 4;
      double x;

      if (item->index >= n || !tl_layout_get_track (self->layout, row, 0, &ty, &th) ||
          instants[item->index].ts > self->horizon)
        return FALSE;
      x = floor (tl_time_map_x_clamped (&g->map, instants[item->index].ts)) + 0.5;
      rect->x = x - s / 2;
      rect->w = s;
      rect->y = floor (_tl_painter_screen_y (g, viewport, ty) + th / 2) + 0.5 - s / 2;
      rect->h = s;
      return TRUE;
    }
}

static gboolean
flow_line (TlPainter             *self,
           const TlViewport      *viewport,
           const TlPaintGeometry *g,
           guint32                index,
           double                *line)
{
  guint n;
  const TlFlow *flows = tl_trace_model_get_flows (self->model, &n);
  const TlFlow *flow;
  guint r0, r1;
  double ty, th;

  if (index >= n || !_tl_painter_flow_arrived (self, &flows[index]))
    return FALSE;
  flow = &flows[index];
  r0 = tl_layout_lookup_lane (self->layout, flow->from_lane);
  r1 = tl_layout_lookup_lane (self->layout, flow->to_lane);
  if (r0 == G_MAXUINT || r1 == G_MAXUINT)
    return FALSE;
  for (guint e = 0; e < 2; e++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, e == 0 ? r0 : r1);

      if (row->kind != TL_ROW_LANE || !tl_layout_get_track (self->layout, row, 0, &ty, &th))
        {
          ty = row->y;
          th = row->height;
        }
      line[e * 2] = tl_time_map_x_clamped (&g->map, e == 0 ? flow->from_ts : flow->to_ts);
      line[e * 2 + 1] = _tl_painter_screen_y (g, viewport, ty) + th / 2;
    }
  return TRUE;
}

static void
draw_item_mark (TlPainter             *self,
                cairo_t               *cr,
                const TlViewport      *viewport,
                const TlPaintGeometry *g,
                const TlItemRef       *item,
                gboolean               selected)
{
  const TlPalette *p = self->palette;
  TlRect rect;
  double line[4];

  if (item->type == TL_ITEM_FLOW)
    {
      if (!flow_line (self, viewport, g, item->index, line))
        return;
      cairo_move_to (cr, line[0], line[1]);
      cairo_line_to (cr, line[2], line[3]);
      cairo_set_line_width (cr, p->line_width * (selected ? 3 : 4));
      tl_rgba_set_source (cr, selected ? &p->selection : &p->hover);
      cairo_stroke (cr);
      return;
    }
  if (!_tl_painter_item_rect (self, viewport, g, item, &rect))
    return;
  if (item->type == TL_ITEM_INSTANT)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, rect.x + rect.w / 2, rect.y + rect.h / 2, rect.w / 2 + 1, 0, 2 * G_PI);
      cairo_set_line_width (cr, selected ? 2 : 3);
      tl_rgba_set_source (cr, selected ? &p->selection : &p->hover);
      cairo_stroke (cr);
      return;
    }
  if (selected)
    {
      cairo_rectangle (cr, rect.x - 1, rect.y - 1, rect.w + 2, rect.h + 2);
      cairo_set_line_width (cr, 2);
      tl_rgba_set_source (cr, &p->selection);
      cairo_stroke (cr);
    }
  else
    {
      cairo_rectangle (cr, rect.x, rect.y, rect.w, rect.h);
      tl_rgba_set_source (cr, &p->hover);
      cairo_fill (cr);
    }
}

static void
draw_time_line (TlPainter             *self,
                cairo_t               *cr,
                const TlPaintGeometry *g,
                gint64                 t,
                const TlRgba          *colour,
                const char            *label)
{
  const TlPalette *p = self->palette;
  double x = tl_time_map_x (&g->map, t);
  double bottom = g->axis_y + g->axis_height;
  int w, h;

  if (x < g->plot_x - 1 || x > g->plot_x + g->plot_width + 1)
    return;
  x = floor (x) + 0.5;
  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->axis_y, g->plot_width, g->plot_y + g->plot_height - g->axis_y);
  cairo_clip (cr);
  tl_rgba_set_source (cr, colour);
  cairo_set_line_width (cr, MAX (1.0, p->line_width * 1.2));
  cairo_move_to (cr, x, g->plot_y);
  cairo_line_to (cr, x, g->plot_y + g->plot_height);
  cairo_stroke (cr);

  if (g->axis_height > 0)
    {
      double s = p->marker_size;

      cairo_move_to (cr, x - s * 0.6, bottom - s * 0.8);
      cairo_line_to (cr, x + s * 0.6, bottom - s * 0.8);
      cairo_line_to (cr, x, bottom);
      cairo_close_path (cr);
      cairo_fill (cr);
      if (label != NULL)
        {
          tl_text_cache_measure (self->text, TL_FONT_SMALL, label, 0, &w, &h);
          cairo_rectangle (cr, x + s * 0.6, g->axis_y + 2, w + 6, h);
          cairo_fill (cr);
          tl_rgba_set_source (cr, tl_palette_text_on (p, colour));
          tl_text_cache_show (self->text, cr, TL_FONT_SMALL, label, 0, x + s * 0.6 + 3,
                              g->axis_y + 2);
        }
    }
  cairo_restore (cr);
}

void
_tl_painter_draw_overlay (TlPainter             *self,
                          cairo_t               *cr,
                          const TlViewport      *viewport,
                          const TlPaintGeometry *g)
{
  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_clip (cr);
  if (self->has_hover)
    draw_item_mark (self, cr, viewport, g, &self->hover, FALSE);
  if (self->has_selection)
    draw_item_mark (self, cr, viewport, g, &self->selection, TRUE);
  cairo_restore (cr);
  _tl_painter_draw_step (self, cr, viewport, g);
  _tl_painter_draw_bookmarks (self, cr, viewport, g);

  if (viewport->playhead != TL_TS_NONE)
    draw_time_line (self, cr, g, viewport->playhead, &self->palette->playhead, NULL);
  if (viewport->now != TL_TS_NONE)
    draw_time_line (self, cr, g, viewport->now, &self->palette->now, _("now"));
}
