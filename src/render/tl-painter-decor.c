/* tl-painter-decor.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything around the lanes: the grid, the names in the gutter, the
 * time axis, the legend, and the overlay (hover, selection, the live
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

/* ---- gutter ---------------------------------------------------------------- */

static void
draw_disclosure (cairo_t *cr,
                 double   x,
                 double   y,
                 double   size,
                 gboolean open)
{
  double h = size / 2;

  if (open)
    {
      cairo_move_to (cr, x - h, y - h * 0.5);
      cairo_line_to (cr, x + h, y - h * 0.5);
      cairo_line_to (cr, x, y + h * 0.6);
    }
  else
    {
      cairo_move_to (cr, x - h * 0.5, y - h);
      cairo_line_to (cr, x + h * 0.6, y);
      cairo_line_to (cr, x - h * 0.5, y + h);
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
append_lane_tag (TlPainter   *self,
                 const TlRow *row,
                 GString     *out)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, row->lane);

  switch (row->lane_kind)
    {
    case TL_LANE_THREAD:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, tl_lane_get_key (lane));
      break;
    case TL_LANE_LOCK:
      g_string_append (out, _("lock"));
      break;
    case TL_LANE_GIL:
      /* Its name is usually "GIL" already. */
      if (tl_lane_get_object (lane) == TL_INDEX_NONE ||
          g_strcmp0 (tl_trace_model_get_string (self->model,
                                                tl_lane_get_name (lane)), "GIL") != 0)
        g_string_append (out, "GIL");
      break;
    case TL_LANE_COUNTER:
      g_string_append (out, _("counter"));
      break;
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      g_string_append (out, _("async"));
      break;
    }
}

void
_tl_painter_draw_gutter (TlPainter             *self,
                         cairo_t               *cr,
                         const TlViewport      *viewport,
                         const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  guint n_rows = tl_layout_get_n_rows (self->layout);
  guint first = tl_layout_find_row (self->layout, MAX (0.0, viewport->scroll_y));
  double indent = round (p->font_size * 1.6);
  g_autoptr(GString) tag = g_string_new (NULL);
  int text_h, small_h;

  tl_text_cache_measure (self->text, TL_FONT_NORMAL, "Ag", 0, NULL, &text_h);
  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &small_h);

  cairo_save (cr);
  cairo_rectangle (cr, 0, g->plot_y, g->gutter_width, g->plot_height);
  cairo_clip (cr);
  tl_rgba_set_source (cr, &p->gutter_bg);
  cairo_paint (cr);

  for (guint r = first; r < n_rows; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      double y = floor (_tl_painter_screen_y (g, viewport, row->y) + 0.5);
      double ty = y, th = row->height;
      int tag_w = 0, room;

      if (y >= g->plot_y + g->plot_height)
        break;

      g_string_truncate (self->scratch, 0);
      g_string_truncate (tag, 0);
      if (row->kind == TL_ROW_PROCESS)
        {
          const TlProcess *process = tl_trace_model_get_process (self->model, row->process);

          tl_rgba_set_source (cr, &p->process_bg);
          cairo_rectangle (cr, 0, y, g->gutter_width, row->height);
          cairo_fill (cr);
          tl_rgba_set_source (cr, &p->text);
          draw_disclosure (cr, PAD + indent / 4, y + row->height / 2, p->font_size * 0.7,
                           !row->collapsed);

          /* The name is who it is; its pid is in the tooltip and the inspector. */
          tl_describe_append_process_name (self->model, row->process, self->scratch);
          if (process->exited && process->signaled)
            g_string_append_printf (tag, _("signal %d"), process->exit_status);
          else if (process->exited)
            g_string_append_printf (tag, _("exit %d"), process->exit_status);
          if (tag->len > 0)
            tl_text_cache_measure (self->text, TL_FONT_SMALL, tag->str, 0, &tag_w, NULL);
          room = (int) (g->gutter_width - indent - PAD - (tag_w > 0 ? tag_w + PAD : 0));
          tl_text_cache_show (self->text, cr, TL_FONT_BOLD, self->scratch->str, MAX (room, 8),
                              PAD + indent * 0.6, y + floor ((row->height - text_h) / 2));
        }
      else
        {
          if (row->stripe % 2 == 1)
            {
              tl_rgba_set_source (cr, &p->row_alt);
              cairo_rectangle (cr, 0, y, g->gutter_width, row->height);
              cairo_fill (cr);
            }
          if (row->lane_kind != TL_LANE_COUNTER)
            {
              tl_layout_get_track (self->layout, row, 0, &ty, &th);
              ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
            }
          else
            {
              th = row->height - p->lane_gap;
            }
          tl_describe_append_lane_in_process (self->model, row->lane, self->scratch);
          append_lane_tag (self, row, tag);
          if (tag->len > 0)
            tl_text_cache_measure (self->text, TL_FONT_SMALL, tag->str, 0, &tag_w, NULL);
          room = (int) (g->gutter_width - indent - 2 * PAD - tag_w);
          tl_rgba_set_source (cr, &p->text);
          tl_text_cache_show (self->text, cr, TL_FONT_NORMAL, self->scratch->str, MAX (room, 8),
                              indent, ty + floor ((th - text_h) / 2));
        }
      if (tag->len > 0)
        {
          tl_rgba_set_source (cr, &p->text_dim);
          tl_text_cache_show (self->text, cr, TL_FONT_SMALL, tag->str, 0,
                              g->gutter_width - PAD - tag_w,
                              ty + floor ((th - small_h) / 2));
        }
    }

  tl_rgba_set_source (cr, &p->separator);
  cairo_rectangle (cr, g->gutter_width - 1, g->plot_y, 1, g->plot_height);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* ---- legend ---------------------------------------------------------------- */

typedef enum
{
  ENTRY_CLASS,
  ENTRY_MARK,
  ENTRY_FLOW,
  ENTRY_COUNTER,
  ENTRY_ACCENT,
  ENTRY_LOST_UPDATE,
  ENTRY_DEADLOCK,
} EntryType;

typedef struct
{
  EntryType   type;
  guint       id;
  const char *label;
} Entry;

static guint
legend_entries (TlPainter *self,
                Entry     *entries)
{
  guint32 classes = 0, marks = 0, flows = self->flow_mask;
  gboolean counters = FALSE;
  const TlFinding *findings;
  guint n = 0, n_findings;

  /* Only what this trace holds: a legend of things that never appear
   * makes the reader look for them. */
  tl_trace_summary_get_presence (self->summary, &classes, &marks);
  for (guint l = 0; l < tl_trace_model_get_n_lanes (self->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);

      if (tl_lane_get_kind (lane) == TL_LANE_COUNTER)
        counters = TRUE;
      /* Live, a lane's first state is still open. */
      for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
        {
          guint track;
          const TlSpan *span = tl_lane_get_open (lane, i, &track);

          classes |= 1u << tl_paint_class_for_span (span->kind, tl_lane_get_kind (lane));
        }
    }

  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    if (classes & (1u << c))
      entries[n++] = (Entry) { ENTRY_CLASS, c, tl_paint_class_to_label (c) };
  /* How to read a merged bar, once there is more than one state to mix. */
  if ((classes & (classes - 1)) != 0)
    entries[n++] = (Entry) { ENTRY_ACCENT, 0, _("Strip: a frequent second state") };
  for (guint m = 0; m < TL_N_MARKS; m++)
    if (marks & (1u << m))
      entries[n++] = (Entry) { ENTRY_MARK, m, tl_mark_class_to_label (m) };
  for (guint f = 0; f < TL_N_FLOW_KINDS; f++)
    if (flows & (1u << f))
      entries[n++] = (Entry) { ENTRY_FLOW, f, tl_flow_kind_to_label (f) };
  if (counters)
    entries[n++] = (Entry) { ENTRY_COUNTER, 0, _("Counter value") };
  findings = tl_trace_model_get_findings (self->model, &n_findings);
  for (guint i = 0, seen = 0; i < n_findings; i++)
    {
      TlFindingKind kind = findings[i].kind;

      if (seen & (1u << kind))
        continue;
      seen |= 1u << kind;
      if (kind == TL_FINDING_LOST_UPDATE)
        entries[n++] = (Entry) { ENTRY_LOST_UPDATE, 0, _("Lost update: this write erased another") };
      else
        entries[n++] = (Entry) { ENTRY_DEADLOCK, 0, _("Deadlock: each waits for the next") };
    }
  return n;
}

static void
draw_swatch (TlPainter   *self,
             cairo_t     *cr,
             const Entry *entry,
             double       x,
             double       y,
             double       w,
             double       h)
{
  const TlPalette *p = self->palette;

  switch (entry->type)
    {
    case ENTRY_CLASS:
      cairo_rectangle (cr, x, y, w, h);
      if (p->pattern[entry->id] != TL_FILL_SOLID)
        cairo_set_source (cr, _tl_painter_get_pattern (self, cr, entry->id));
      else
        tl_rgba_set_source (cr, &p->fill[entry->id]);
      cairo_fill (cr);
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
      cairo_set_line_width (cr, 1.0);
      tl_rgba_set_source (cr, &p->outline);
      cairo_stroke (cr);
      break;
    case ENTRY_MARK:
      {
        double point[2] = { x + w / 2, y + h / 2 };

        _tl_painter_fill_marks (self, cr, entry->id, point, 1, p->marker_size, &p->axis_bg);
      }
      break;
    case ENTRY_ACCENT:
      {
        /* Running, with a strip of waiting for a lock along the bottom. */
        double strip = MAX (3.0, round (h * 0.4));

        cairo_rectangle (cr, x, y, w, h - strip);
        tl_rgba_set_source (cr, &p->fill[TL_PAINT_RUNNING]);
        cairo_fill (cr);
        cairo_rectangle (cr, x, y + h - strip, w, strip);
        cairo_set_source (cr, _tl_painter_get_pattern (self, cr, TL_PAINT_WAIT_LOCK));
        cairo_fill (cr);
      }
      break;
    case ENTRY_COUNTER:
      cairo_move_to (cr, x, y + h);
      cairo_line_to (cr, x, y + h * 0.6);
      cairo_line_to (cr, x + w * 0.4, y + h * 0.6);
      cairo_line_to (cr, x + w * 0.4, y);
      cairo_line_to (cr, x + w, y);
      cairo_line_to (cr, x + w, y + h);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, p->counter.r, p->counter.g, p->counter.b, 0.45);
      cairo_fill (cr);
      break;
    case ENTRY_FLOW:
      cairo_save (cr);
      cairo_set_line_width (cr, p->line_width);
      _tl_painter_set_flow_dash (self, cr, entry->id);
      cairo_move_to (cr, x, y + h / 2);
      cairo_line_to (cr, x + w - 4, y + h / 2);
      tl_rgba_set_source (cr, &p->flow[entry->id]);
      cairo_stroke (cr);
      cairo_move_to (cr, x + w, y + h / 2);
      cairo_line_to (cr, x + w - 6, y + h / 2 - 3.5);
      cairo_line_to (cr, x + w - 6, y + h / 2 + 3.5);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_restore (cr);
      break;
    case ENTRY_LOST_UPDATE:
      _tl_painter_draw_lost_update_swatch (self, cr, x, y, w, h);
      break;
    case ENTRY_DEADLOCK:
      _tl_painter_draw_deadlock_swatch (self, cr, x, y, w, h);
      break;
    default:
      break;
    }
}

/* Lays the legend out in lines across @width; draws it when @cr is set.
 * Returns the number of lines. */
static guint
layout_legend (TlPainter *self,
               cairo_t   *cr,
               double     width,
               double     top)
{
  const TlPalette *p = self->palette;
  Entry entries[TL_PAINT_N_CLASSES + TL_N_MARKS + TL_N_FLOW_KINDS + 4];
  guint n = legend_entries (self, entries);
  double swatch_w = round (p->font_size * 2), swatch_h = round (p->legend_row_height * 0.5);
  double x = PAD, line_h = p->legend_row_height;
  guint lines = 1;
  int text_h;

  if (n == 0)
    return 0;
  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &text_h);
  for (guint i = 0; i < n; i++)
    {
      int text_w;
      double item_w;
      double y;

      tl_text_cache_measure (self->text, TL_FONT_SMALL, entries[i].label, 0, &text_w, NULL);
      item_w = swatch_w + 6 + text_w;
      if (x > PAD && x + item_w > width - PAD)
        {
          x = PAD;
          lines++;
        }
      y = top + PAD / 2 + (lines - 1) * line_h;
      if (cr != NULL)
        {
          draw_swatch (self, cr, &entries[i], x, y + floor ((line_h - swatch_h) / 2), swatch_w,
                       swatch_h);
          tl_rgba_set_source (cr, &p->text);
          tl_text_cache_show (self->text, cr, TL_FONT_SMALL, entries[i].label, 0,
                              x + swatch_w + 6, y + floor ((line_h - text_h) / 2));
        }
      x += item_w + 2 * PAD;
    }
  return lines;
}

double
_tl_painter_legend_height (TlPainter *self,
                           int        width)
{
  guint lines;

  if (!(self->options & TL_PAINT_SHOW_LEGEND))
    return 0;
  _tl_painter_ensure_style (self);
  lines = layout_legend (self, NULL, width, 0);
  return lines > 0 ? lines * self->palette->legend_row_height + PAD : 0;
}

void
_tl_painter_draw_legend (TlPainter             *self,
                         cairo_t               *cr,
                         const TlViewport      *viewport,
                         const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;

  cairo_save (cr);
  tl_rgba_set_source (cr, &p->axis_bg);
  cairo_rectangle (cr, 0, g->legend_y, viewport->width, g->legend_height);
  cairo_fill (cr);
  tl_rgba_set_source (cr, &p->separator);
  cairo_rectangle (cr, 0, g->legend_y, viewport->width, 1);
  cairo_fill (cr);
  layout_legend (self, cr, viewport->width, g->legend_y);
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

      if (item->index >= n || !tl_layout_get_track (self->layout, row, item->track, &ty, &th))
        return FALSE;
      x0 = tl_time_map_x_clamped (&g->map, spans[item->index].start);
      x1 = tl_time_map_x_clamped (&g->map, spans[item->index].end);
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

      if (item->index >= n || !tl_layout_get_track (self->layout, row, 0, &ty, &th))
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

  if (index >= n)
    return FALSE;
  flow = &flows[index];
  r0 = tl_layout_lookup_lane (self->layout, flow->from_lane);
  r1 = tl_layout_lookup_lane (self->layout, flow->to_lane);
  if (r0 == G_MAXUINT || r1 == G_MAXUINT)
    return FALSE;
  for (guint e = 0; e < 2; e++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, e == 0 ? r0 : r1);

      if (row->kind == TL_ROW_PROCESS || !tl_layout_get_track (self->layout, row, 0, &ty, &th))
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

  if (viewport->playhead != TL_TS_NONE)
    draw_time_line (self, cr, g, viewport->playhead, &self->palette->playhead, NULL);
  if (viewport->now != TL_TS_NONE)
    draw_time_line (self, cr, g, viewport->now, &self->palette->now, _("now"));
}
