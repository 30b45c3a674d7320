/* tl-painter-hit.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is under the pointer, decided with the same geometry and the same
 * level of detail as the drawing: a span is hit as itself where it was
 * drawn exactly, and as its merged column where it was not.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* Pixels around a mark or a flow's line that still count as on it. */
#define HIT_SLOP 3.0
/* Past this many candidates a pointer cannot single one out. */
#define MAX_CANDIDATES 20000

static gboolean
hit_instant (TlPainter             *self,
             const TlPaintGeometry *g,
             const TlViewport      *viewport,
             const TlRow           *row,
             double                 x,
             double                 y,
             TlHit                 *hit)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, row->lane);
  double r = self->palette->marker_size / 2 + HIT_SLOP;
  const TlInstant *instants;
  double ty, th, cy;
  guint first, n, n_total, found = 0;

  if (!tl_layout_get_track (self->layout, row, 0, &ty, &th))
    return FALSE;
  cy = floor (_tl_painter_screen_y (g, viewport, ty) + th / 2) + 0.5;
  if (fabs (y - cy) > r)
    return FALSE;

  instants = tl_lane_get_instants (lane, &n_total);
  tl_lane_get_instant_range (lane, tl_time_map_time (&g->map, x - r),
                             tl_time_map_time (&g->map, x + r), &first, &n);
  /* Nothing after the playhead is there yet. */
  n_total = tl_lane_count_instants_until (lane, self->horizon);
  n = first < n_total ? MIN (n, n_total - first) : 0;
  hit->marks = 0;
  for (guint i = first; i < first + MIN (n, MAX_CANDIDATES); i++)
    {
      TlMarkClass mark = tl_mark_class_for_event (instants[i].kind);

      if (mark == TL_N_MARKS)
        continue;
      if (found == 0)
        {
          hit->index = i;
          hit->start = instants[i].ts;
        }
      hit->end = instants[i].ts;
      hit->marks |= 1u << mark;
      found++;
    }
  if (n > MAX_CANDIDATES)
    found += n - MAX_CANDIDATES;
  if (found == 0)
    return FALSE;
  hit->kind = found == 1 ? TL_HIT_INSTANT : TL_HIT_MERGED_INSTANTS;
  hit->n_items = found;
  return TRUE;
}

static double
distance_to_segment (double px,
                     double py,
                     double x0,
                     double y0,
                     double x1,
                     double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  dx = x0 + t * dx - px;
  dy = y0 + t * dy - py;
  return sqrt (dx * dx + dy * dy);
}

/* The arrows the drawing drew, with the ends it drew them at. */
static gboolean
hit_flow (TlPainter             *self,
          const TlPaintGeometry *g,
          const TlViewport      *viewport,
          double                 x,
          double                 y,
          TlHit                 *hit)
{
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (guint));
  double best = HIT_SLOP + self->palette->line_width;
  guint best_index = TL_INDEX_NONE;
  const TlFlow *flows;
  guint n_flows;

  _tl_painter_pick_flows (self, g, picked);
  flows = tl_trace_model_get_flows (self->model, &n_flows);
  for (guint i = 0; i < picked->len; i++)
    {
      guint index = g_array_index (picked, guint, i);
      double segment[4], d;

      if (!_tl_painter_flow_segment (self, viewport, g, &flows[index], segment))
        continue;
      d = distance_to_segment (x, y, segment[0], segment[1], segment[2], segment[3]);
      if (d <= best)
        {
          best = d;
          best_index = index;
        }
    }
  if (best_index == TL_INDEX_NONE)
    return FALSE;
  hit->kind = TL_HIT_FLOW;
  hit->index = best_index;
  hit->n_items = 1;
  hit->start = flows[best_index].from_ts;
  hit->end = flows[best_index].to_ts;
  hit->lane = flows[best_index].from_lane;
  return TRUE;
}

static void
hit_span (TlPainter             *self,
          const TlPaintGeometry *g,
          const TlViewport      *viewport,
          const TlRow           *row,
          double                 x,
          double                 content_y,
          TlHit                 *hit)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, row->lane);
  gint64 t = hit->time, open_end = _tl_painter_open_end (self, viewport);
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (TlHorizonSpan));
  gint64 c0, c1, cw;
  const TlSpan *spans;
  double dur[TL_PAINT_N_CLASSES] = { 0 }, total = 0, second = 0;
  guint track, n_spans, first, n, count = 0, best = 0;

  hit->kind = TL_HIT_LANE;
  track = tl_layout_find_track (self->layout, row, content_y);
  if (track == G_MAXUINT || row->lane_kind == TL_LANE_COUNTER)
    return;
  hit->track = track;

  _tl_painter_lane_open (self, row->lane, open);
  for (guint i = 0; i < open->len; i++)
    {
      const TlHorizonSpan *o = &g_array_index (open, TlHorizonSpan, i);
      const TlSpan *span = &o->span;

      if (o->track == track && span->start <= t && t <= MAX (open_end, span->start))
        {
          hit->kind = TL_HIT_SPAN;
          hit->open = TRUE;
          hit->index = i;
          hit->n_items = 1;
          hit->start = span->start;
          hit->end = MAX (open_end, span->start);
          hit->paint_class = tl_paint_class_for_span (span->kind, row->lane_kind);
          return;
        }
    }

  spans = tl_lane_get_spans (lane, track, &n_spans);
  n_spans = tl_lane_count_ended_spans (lane, track, self->horizon);
  tl_trace_summary_column_at (&g->map, self->merge_width, t, &c0, &c1);
  cw = c1 - c0;

  /* Drawn exactly: wider than a column. */
  tl_lane_get_span_range (lane, track, t, t, &first, &n);
  n = first < n_spans ? MIN (n, n_spans - first) : 0;
  for (guint i = first; i < first + n; i++)
    if (spans[i].start <= t && t <= spans[i].end && spans[i].end - spans[i].start > cw)
      {
        hit->kind = TL_HIT_SPAN;
        hit->index = i;
        hit->n_items = 1;
        hit->start = spans[i].start;
        hit->end = spans[i].end;
        hit->paint_class = tl_paint_class_for_span (spans[i].kind, row->lane_kind);
        return;
      }

  /* Drawn merged: everything narrow in the column under the pointer. */
  tl_lane_get_span_range (lane, track, c0, c1 - 1, &first, &n);
  n = first < n_spans ? MIN (n, n_spans - first) : 0;
  for (guint i = first; i < first + n; i++)
    {
      guint c;

      if (spans[i].end - spans[i].start > cw)
        continue;
      if (count == 0)
        hit->index = i;
      count++;
      if (count > MAX_CANDIDATES)
        continue;
      c = tl_paint_class_for_span (spans[i].kind, row->lane_kind);
      dur[c] += (double) MAX (spans[i].end - spans[i].start, 1);
      if (dur[c] > dur[best])
        best = c;
    }
  if (count == 0)
    return;
  hit->kind = count == 1 ? TL_HIT_SPAN : TL_HIT_MERGED_SPANS;
  hit->n_items = count;
  hit->paint_class = best;
  /* The same runner-up as the drawing's accent. */
  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    {
      total += dur[c];
      if (c != best && dur[c] > second)
        {
          second = dur[c];
          hit->accent = c;
        }
    }
  if (count == 1 || second < TL_SUMMARY_ACCENT_SHARE * total)
    hit->accent = TL_PAINT_N_CLASSES;
  if (count == 1)
    {
      hit->start = spans[hit->index].start;
      hit->end = spans[hit->index].end;
    }
  else
    {
      hit->start = c0;
      hit->end = c1;
    }
}

gboolean
tl_painter_hit_test (TlPainter        *self,
                     const TlViewport *viewport,
                     double            x,
                     double            y,
                     TlHit            *hit)
{
  TlPaintGeometry g;
  const TlRow *row;
  double content_y;
  guint r;

  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);
  g_return_val_if_fail (viewport != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  hit->kind = TL_HIT_NONE;
  hit->accent = TL_PAINT_N_CLASSES;
  hit->process = TL_INDEX_NONE;
  hit->lane = TL_INDEX_NONE;
  hit->index = TL_INDEX_NONE;

  _tl_painter_sync (self);
  tl_painter_get_geometry (self, viewport, &g);
  hit->time = tl_time_map_time (&g.map, CLAMP (x, g.plot_x, g.plot_x + g.plot_width));

  if (g.axis_height > 0 && y >= g.axis_y && y < g.axis_y + g.axis_height && x >= g.plot_x)
    {
      hit->kind = TL_HIT_AXIS;
      return TRUE;
    }
  if (y < g.plot_y || y >= g.plot_y + g.plot_height || x < 0 || x >= viewport->width)
    return FALSE;

  content_y = y - g.plot_y + viewport->scroll_y;
  r = tl_layout_find_row (self->layout, content_y);
  if (r == G_MAXUINT)
    return FALSE;
  row = tl_layout_get_row (self->layout, r);
  hit->process = row->process;
  hit->lane = row->lane;
  hit->in_gutter = x < g.plot_x;
  if (row->kind != TL_ROW_LANE || (row->merged && hit->in_gutter))
    {
      hit->kind = TL_HIT_PROCESS;
      if (row->kind == TL_ROW_FOLDED)
        hit->n_items = row->n_folded;
      hit->folded = row->kind == TL_ROW_FOLDED;
      hit->grouped = row->grouped;
      return TRUE;
    }
  hit->kind = TL_HIT_LANE;
  if (hit->in_gutter)
    return TRUE;

  if ((self->options & TL_PAINT_SHOW_INSTANTS) && row->lane_kind != TL_LANE_COUNTER &&
      hit_instant (self, &g, viewport, row, x, y, hit))
    return TRUE;
  if ((self->options & TL_PAINT_SHOW_FLOWS) && hit_flow (self, &g, viewport, x, y, hit))
    return TRUE;
  hit_span (self, &g, viewport, row, x, content_y, hit);
  return TRUE;
}

gboolean
tl_hit_to_item_ref (const TlHit *hit,
                    TlItemRef   *item)
{
  g_return_val_if_fail (hit != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  memset (item, 0, sizeof *item);
  item->lane = hit->lane;
  item->index = hit->index;
  item->track = (guint16) hit->track;
  switch (hit->kind)
    {
    case TL_HIT_SPAN:
      item->type = TL_ITEM_SPAN;
      return !hit->open;
    case TL_HIT_INSTANT:
      item->type = TL_ITEM_INSTANT;
      return TRUE;
    case TL_HIT_FLOW:
      item->type = TL_ITEM_FLOW;
      return TRUE;
    case TL_HIT_NONE:
    case TL_HIT_AXIS:
    case TL_HIT_PROCESS:
    case TL_HIT_LANE:
    case TL_HIT_MERGED_SPANS:
    case TL_HIT_MERGED_INSTANTS:
    default:
      return FALSE;
    }
}

/* ---- descriptions ---------------------------------------------------------- */

static char *
describe_span (TlPainter   *self,
               const TlHit *hit,
               gint64       origin)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, hit->lane);
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (TlHorizonSpan));
  const TlSpan *span;
  guint n;

  if (hit->open)
    {
      if (_tl_painter_lane_open (self, hit->lane, open) <= hit->index)
        return g_strdup ("");
      span = &g_array_index (open, TlHorizonSpan, hit->index).span;
    }
  else
    {
      span = &tl_lane_get_spans (lane, hit->track, &n)[hit->index];
    }
  return tl_describe_span_line (self->model, hit->lane, span, hit->open ? hit->end : span->end,
                                hit->open, origin);
}

static char *
describe_instant (TlPainter   *self,
                  const TlHit *hit,
                  gint64       origin)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, hit->lane);
  guint n;

  return tl_describe_instant_line (self->model, hit->lane, &tl_lane_get_instants (lane, &n)[hit->index],
                                   origin);
}

char *
tl_painter_describe_hit (TlPainter   *self,
                         const TlHit *hit)
{
  gint64 origin;
  guint n;

  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  _tl_painter_sync (self);
  origin = _tl_painter_origin (self, &(TlViewport) { .origin = TL_TS_NONE });
  switch (hit->kind)
    {
    case TL_HIT_AXIS:
      return tl_format_duration (hit->time - origin);
    case TL_HIT_PROCESS:
      if (hit->grouped)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u process, in one row so that the rows fit the screen",
                                             "%u processes, in one row so that the rows fit the screen",
                                             hit->n_items), hit->n_items);
      if (hit->folded)
        return tl_describe_folded_line (hit->n_items, hit->process == TL_INDEX_NONE);
      return tl_describe_process_line (self->model, hit->process);
    case TL_HIT_LANE:
      return tl_describe_lane (self->model, hit->lane);
    case TL_HIT_SPAN:
      return describe_span (self, hit, origin);
    case TL_HIT_MERGED_SPANS:
      return tl_describe_merged_spans_line (hit->n_items, hit->start, hit->end,
                                            tl_paint_class_to_label (hit->paint_class),
                                            hit->accent < TL_PAINT_N_CLASSES
                                              ? tl_paint_class_to_label (hit->accent) : NULL,
                                            origin);
    case TL_HIT_INSTANT:
      return describe_instant (self, hit, origin);
    case TL_HIT_MERGED_INSTANTS:
      return tl_describe_merged_instants_line (hit->n_items, hit->start, origin);
    case TL_HIT_FLOW:
      return tl_describe_flow_line (self->model, &tl_trace_model_get_flows (self->model, &n)[hit->index],
                                    origin);
    case TL_HIT_NONE:
    default:
      return g_strdup ("");
    }
}
