/* tl-painter-search.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a search found, and a stretch picked for measure.
 *
 * A search fades the lanes (a veil of the background over the spans,
 * under the marks and arrows) and draws every match in view over the
 * veil in its own colour, outlined; a match narrower than a few pixels
 * is drawn that wide, so that none is lost at any zoom.  The matches are
 * in time order: a frame walks those that can reach into view (from the
 * view's start less the longest match's length), and draws at most one
 * mark per track per pixel column, through the same batches as the
 * spans, so that a million matches cost a walk, not a million fills.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* Matches narrower than this are drawn this wide. */
#define MIN_MATCH_PX 3.0
/* Tracks per row told apart when marks are kept apart. */
#define REACH_TRACKS 16

static const TlSpan *
match_span (TlTraceModel    *model,
            const TlItemRef *ref)
{
  const TlSpan *spans;
  guint n;

  if (ref->lane >= tl_trace_model_get_n_lanes (model))
    return NULL;
  spans = tl_lane_get_spans (tl_trace_model_get_lane (model, ref->lane), ref->track, &n);
  return ref->index < n ? &spans[ref->index] : NULL;
}

/* Whether @search answers for the model as the painter draws it. */
static gboolean
search_is_current (TlPainter *self)
{
  return self->search != NULL && tl_span_search_get_model (self->search) == self->model &&
         tl_span_search_get_generation (self->search) == tl_trace_model_get_generation (self->model);
}

void
tl_painter_set_search (TlPainter          *self,
                       const TlSpanSearch *search)
{
  const TlItemRef *matches;
  guint n = 0;

  g_return_if_fail (TL_IS_PAINTER (self));

  if (self->search == search)
    return;
  self->search = search;
  self->search_longest = 0;
  matches = search != NULL ? tl_span_search_get_matches (search, &n) : NULL;
  for (guint i = 0; i < n && tl_span_search_get_model (search) == self->model; i++)
    {
      const TlSpan *span = match_span (self->model, &matches[i]);

      if (span != NULL)
        self->search_longest = MAX (self->search_longest, span->end - span->start);
    }
  self->changes++;
}

const TlSpanSearch *
tl_painter_get_search (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  return self->search;
}

gboolean
_tl_painter_fades (TlPainter         *self,
                   const TlDrawnSpan *drawn)
{
  if (!search_is_current (self))
    return FALSE;
  /* A search finds what has ended: a live span is none of it. */
  return drawn->open || !tl_span_search_matches_span (self->search, _tl_painter_drawn_span (self, drawn));
}

/* The first match that starts at or after @t. */
static guint
first_from (TlTraceModel    *model,
            const TlItemRef *matches,
            guint            n,
            gint64           t)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const TlSpan *span = match_span (model, &matches[mid]);

      if (span != NULL && span->start < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Where a match is drawn, in screen pixels; FALSE when not in view. */
static gboolean
match_box (TlPainter             *self,
           const TlViewport      *viewport,
           const TlPaintGeometry *g,
           const TlItemRef       *ref,
           const TlSpan          *span,
           guint                 *row_index,
           TlRect                *box)
{
  guint r = tl_layout_lookup_lane (self->layout, ref->lane);
  const TlRow *row;
  double ty, th, x0, x1;

  if (r == G_MAXUINT)
    return FALSE;
  row = tl_layout_get_row (self->layout, r);
  if (row->kind != TL_ROW_LANE || !tl_layout_get_track (self->layout, row, ref->track, &ty, &th))
    {
      /* A collapsed process, a folded row: the match marks all of it. */
      ty = row->y;
      th = row->height;
    }
  ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
  if (ty + th <= g->plot_y || ty >= g->plot_y + g->plot_height)
    return FALSE;
  x0 = tl_time_map_x_clamped (&g->map, span->start);
  x1 = tl_time_map_x_clamped (&g->map, span->end);
  if (x1 - x0 < MIN_MATCH_PX)
    {
      double mid = (x0 + x1) / 2;

      x0 = mid - MIN_MATCH_PX / 2;
      x1 = mid + MIN_MATCH_PX / 2;
    }
  x0 = floor (x0 + 0.5);
  x1 = floor (x1 + 0.5);
  *row_index = r;
  *box = (TlRect) { x0, ty, x1 - x0, th };
  return TRUE;
}

void
_tl_painter_draw_search (TlPainter             *self,
                         cairo_t               *cr,
                         const TlViewport      *viewport,
                         const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  const TlItemRef *matches;
  GArray *outlines = self->outlines;
  guint n, n_rows;

  if (!search_is_current (self))
    return;

  tl_rgba_set_source (cr, &p->search_fade);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_fill (cr);

  matches = tl_span_search_get_matches (self->search, &n);
  n_rows = tl_layout_get_n_rows (self->layout);
  g_array_set_size (self->search_reach, (gsize) n_rows * REACH_TRACKS);
  for (guint i = 0; i < self->search_reach->len; i++)
    g_array_index (self->search_reach, double, i) = -G_MAXDOUBLE;
  for (guint c = 0; c < TL_PAINT_N_SLOTS; c++)
    g_array_set_size (self->rects[c], 0);
  g_array_set_size (outlines, 0);

  for (guint i = first_from (self->model, matches, n, g->map.t0 - self->search_longest); i < n; i++)
    {
      const TlSpan *span = match_span (self->model, &matches[i]);
      guint row, slot;
      double *reach;
      TlRect box;

      if (span == NULL)
        continue;
      if (span->start > g->map.t1)
        break;
      if (span->end < g->map.t0 || !match_box (self, viewport, g, &matches[i], span, &row, &box))
        continue;
      /* Once per pixel column of a track: the matches come by start. */
      reach = &g_array_index (self->search_reach, double,
                              (gsize) row * REACH_TRACKS + MIN (matches[i].track, REACH_TRACKS - 1));
      if (box.x + box.w <= *reach)
        continue;
      *reach = box.x + box.w;
      slot = _tl_painter_span_slot (self, span,
                                    tl_paint_class_for_span (span->kind,
                                                             tl_lane_get_kind (tl_trace_model_get_lane (self->model,
                                                                                                         matches[i].lane))));
      g_array_append_val (self->rects[slot], box);
      g_array_append_val (outlines, box);
      self->stats.search_marks++;
    }

  /* The batches clip to the plot themselves. */
  self->plot = (TlRect) { g->plot_x, g->plot_y, g->plot_width, g->plot_height };
  _tl_painter_fill_batches (self, cr);
  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < outlines->len; i++)
    {
      const TlRect *r = &g_array_index (outlines, TlRect, i);

      cairo_rectangle (cr, r->x + 0.5, r->y + 0.5, MAX (r->w - 1, 1.0), MAX (r->h - 1, 1.0));
    }
  tl_rgba_set_source (cr, &p->search_match);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* ---- a stretch picked for measure ---------------------------------------- */

void
tl_painter_set_range (TlPainter *self,
                      gint64     t0,
                      gint64     t1)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  if (t0 == TL_TS_NONE || t1 == TL_TS_NONE || t1 < t0)
    t0 = t1 = TL_TS_NONE;
  self->range_t0 = t0;
  self->range_t1 = t1;
}

gboolean
tl_painter_get_range (TlPainter *self,
                      gint64    *t0,
                      gint64    *t1)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);

  if (t0 != NULL)
    *t0 = self->range_t0;
  if (t1 != NULL)
    *t1 = self->range_t1;
  return self->range_t0 != TL_TS_NONE;
}

void
_tl_painter_draw_range (TlPainter             *self,
                        cairo_t               *cr,
                        const TlViewport      *viewport,
                        const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  TlRgba edge = p->range;
  g_autofree char *length = NULL;
  double x0, x1;
  int w, h;

  if (self->range_t0 == TL_TS_NONE || self->range_t1 < g->map.t0 || self->range_t0 > g->map.t1)
    return;
  x0 = floor (tl_time_map_x_clamped (&g->map, self->range_t0));
  x1 = MAX (floor (tl_time_map_x_clamped (&g->map, self->range_t1)), x0 + 1);

  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->axis_y, g->plot_width, g->plot_y + g->plot_height - g->axis_y);
  cairo_clip (cr);
  tl_rgba_set_source (cr, &p->range);
  cairo_rectangle (cr, x0, g->plot_y, x1 - x0, g->plot_height);
  cairo_fill (cr);
  edge.a = 1;
  tl_rgba_set_source (cr, &edge);
  cairo_rectangle (cr, x0, g->plot_y, MAX (1.0, round (p->line_width)), g->plot_height);
  cairo_rectangle (cr, x1 - MAX (1.0, round (p->line_width)), g->plot_y, MAX (1.0, round (p->line_width)),
                   g->plot_height);
  cairo_fill (cr);

  /* Its length on the axis, in the middle of it. */
  if (g->axis_height > 0)
    {
      length = tl_format_duration (self->range_t1 - self->range_t0);
      tl_text_cache_measure (self->text, TL_FONT_SMALL, length, 0, &w, &h);
      cairo_rectangle (cr, floor ((x0 + x1 - w) / 2) - 3, g->axis_y + 2, w + 6, h);
      cairo_fill (cr);
      tl_rgba_set_source (cr, tl_palette_text_on (p, &edge));
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, length, 0, floor ((x0 + x1 - w) / 2),
                          g->axis_y + 2);
    }
  cairo_restore (cr);
}
