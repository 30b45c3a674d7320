/* tl-painter-spans.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lanes themselves.  A frame gathers every rectangle into one batch
 * per paint class, then fills each batch with one cairo_fill (): cairo
 * takes pixel-aligned rectangles of one colour through its fast box path,
 * which costs far less than a fill per span; on image surfaces the
 * batches are written straight into the pixels.  Then what goes over
 * the exact spans: outlines, failure bars, labels.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* Spans at least this wide get a one-pixel gap at their end, and a
 * label when there is room for one. */
#define GAP_MIN_PX   4.0
#define LABEL_MIN_PX 28.0


/* Rectangles are cut to the plot here rather than by a cairo clip: the
 * fills then stay on cairo's fastest path. */
static void
add_rect (TlPainter *self,
          guint      slot,
          double     x,
          double     y,
          double     w,
          double     h)
{
  const TlRect *plot = &self->plot;
  double x1 = MIN (x + w, plot->x + plot->w), y1 = MIN (y + h, plot->y + plot->h);
  TlRect rect;

  rect.x = MAX (x, plot->x);
  rect.y = MAX (y, plot->y);
  rect.w = x1 - rect.x;
  rect.h = y1 - rect.y;
  if (rect.w <= 0 || rect.h <= 0)
    return;
  g_array_append_val (self->rects[slot], rect);
  self->stats.rects++;
}

/* Pixel-aligned, at least a pixel wide: cairo's fast path, and crisp. */
static inline void
snap (double  x0,
      double  x1,
      double *sx0,
      double *sx1)
{
  *sx0 = floor (x0 + 0.5);
  *sx1 = floor (x1 + 0.5);
  if (*sx1 <= *sx0)
    *sx1 = *sx0 + 1;
}

void
_tl_painter_draw_track_runs (TlPainter *self,
                             guint32    lane,
                             guint      track,
                             double     y,
                             double     h)
{
  const double sparse_h = MAX (2.0, round (h / 3.0));
  const double accent_h = MAX (3.0, round (h * 0.4));
  guint n_spans;
  const TlSpan *spans = tl_lane_get_spans (tl_trace_model_get_lane (self->model, lane), track, &n_spans);

  for (guint i = 0; i < self->runs->len; i++)
    {
      const TlRun *run = &g_array_index (self->runs, TlRun, i);
      double x0, x1;
      guint slot;

      snap (run->x0, run->x1, &x0, &x1);
      if (run->index == TL_INDEX_NONE)
        {
          if (run->sparse)
            {
              add_rect (self, run->paint_class, x0, y + h - sparse_h, x1 - x0, sparse_h);
            }
          else if (run->accent < TL_PAINT_N_CLASSES)
            {
              /* The runner-up along the bottom: "running, but waiting a lot". */
              add_rect (self, run->paint_class, x0, y, x1 - x0, h - accent_h);
              add_rect (self, run->accent, x0, y + h - accent_h, x1 - x0, accent_h);
            }
          else
            {
              add_rect (self, run->paint_class, x0, y, x1 - x0, h);
            }
          self->stats.merged_runs++;
          continue;
        }

      /* A pixel of background between neighbours shows where one ends. */
      if (x1 - x0 >= GAP_MIN_PX)
        x1 -= 1;
      slot = run->index < n_spans ? _tl_painter_span_slot (self, &spans[run->index], run->paint_class)
                                  : run->paint_class;
      add_rect (self, slot, x0, y, x1 - x0, h);
      self->stats.exact_spans++;
      if (x1 - x0 >= GAP_MIN_PX)
        {
          TlDrawnSpan drawn = { x0, x1, y, h, lane, run->index, (guint16) track,
                                run->paint_class, FALSE, run->flags, (guint8) slot };

          g_array_append_val (self->drawn, drawn);
        }
    }
}

void
_tl_painter_draw_open_spans (TlPainter             *self,
                             const TlRow           *row,
                             const TlViewport      *viewport,
                             const TlPaintGeometry *g,
                             gint64                 open_end)
{
  guint first = self->open->len;

  tl_lane_collect_open_at (tl_trace_model_get_lane (self->model, row->lane), self->horizon, self->open);
  for (guint i = first; i < self->open->len; i++)
    {
      const TlHorizonSpan *open = &g_array_index (self->open, TlHorizonSpan, i);
      const TlSpan *span = &open->span;
      gint64 end = MAX (open_end, span->start);
      double ty, th, x0, x1;
      guint8 paint_class;
      guint slot;

      if (span->start > g->map.t1 || end < g->map.t0)
        continue;
      if (!tl_layout_get_track (self->layout, row, open->track, &ty, &th))
        continue;
      ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
      if (open->track > 0)
        {
          ty += 1;
          th -= 1;
        }
      snap (tl_time_map_x_clamped (&g->map, span->start), tl_time_map_x_clamped (&g->map, end),
            &x0, &x1);
      paint_class = tl_paint_class_for_span (span->kind, row->lane_kind);
      slot = _tl_painter_span_slot (self, span, paint_class);
      add_rect (self, slot, x0, ty, x1 - x0, th);
      self->stats.exact_spans++;
      if (x1 - x0 >= GAP_MIN_PX)
        {
          TlDrawnSpan drawn = { x0, x1, ty, th, row->lane, i, (guint16) open->track,
                                paint_class, TRUE, span->flags, (guint8) slot };

          g_array_append_val (self->drawn, drawn);
        }
    }
}

static cairo_surface_t *
ensure_tile (TlPainter *self,
             guint      paint_class,
             int        scale)
{
  const TlPalette *p = self->palette;
  cairo_pattern_t *pattern;
  cairo_surface_t *tile;

  if (self->tile_scale != scale)
    {
      for (guint i = 0; i < TL_PAINT_N_CLASSES; i++)
        g_clear_pointer (&self->tiles[i], cairo_surface_destroy);
      self->tile_scale = scale;
    }
  if (self->tiles[paint_class] != NULL)
    return self->tiles[paint_class];
  /* Drawn at the target's scale, as cairo would draw the pattern there. */
  pattern = tl_palette_create_pattern (p, p->pattern[paint_class], &p->fill[paint_class],
                                       &p->ink[paint_class], scale);
  cairo_pattern_get_surface (pattern, &tile);
  self->tiles[paint_class] = cairo_surface_reference (tile);
  cairo_pattern_destroy (pattern);
  cairo_surface_flush (self->tiles[paint_class]);
  return self->tiles[paint_class];
}

/* The fast path for image surfaces.  Every batch is opaque, axis-aligned
 * and on whole pixels, so writing the pixels directly gives what cairo
 * would, without its per-rectangle cost (about half a microsecond each:
 * ten thousand rectangles would be a third of a frame). */
static gboolean
fill_batches_direct (TlPainter *self,
                     cairo_t   *cr)
{
  TlDirectTarget t;

  if (!_tl_painter_direct_target_init (cr, &t))
    return FALSE;

  for (guint c = 0; c < TL_PAINT_N_SLOTS; c++)
    {
      GArray *rects = self->rects[c];
      const guint32 *tile = NULL;
      guint32 colour;
      int ts = 0, tile_stride = 0;

      if (rects->len == 0)
        continue;
      colour = _tl_painter_argb_pixel (_tl_painter_slot_fill (self, c));
      if (c < TL_PAINT_N_CLASSES && self->palette->pattern[c] != TL_FILL_SOLID)
        {
          cairo_surface_t *image = ensure_tile (self, c, t.scale);

          tile = (const guint32 *) (gpointer) cairo_image_surface_get_data (image);
          ts = cairo_image_surface_get_width (image);
          tile_stride = cairo_image_surface_get_stride (image) / 4;
        }

      for (guint i = 0; i < rects->len; i++)
        {
          const TlRect *r = &g_array_index (rects, TlRect, i);
          int x0 = MAX ((int) (r->x * t.scale) + t.dx, t.x0);
          int y0 = MAX ((int) (r->y * t.scale) + t.dy, t.y0);
          int x1 = MIN ((int) ((r->x + r->w) * t.scale) + t.dx, t.x1);
          int y1 = MIN ((int) ((r->y + r->h) * t.scale) + t.dy, t.y1);

          for (int y = y0; y < y1; y++)
            {
              guint32 *row = (guint32 *) (gpointer) (t.data + (gsize) y * t.stride);

              if (tile == NULL)
                {
                  for (int x = x0; x < x1; x++)
                    row[x] = colour;
                }
              else
                {
                  /* The pattern repeats from the user-space origin. */
                  const guint32 *trow = tile + (gsize) (((y - t.dy) % ts + ts) % ts) * tile_stride;
                  int tx = ((x0 - t.dx) % ts + ts) % ts;

                  for (int x = x0; x < x1; x++)
                    {
                      row[x] = trow[tx];
                      if (++tx == ts)
                        tx = 0;
                    }
                }
            }
        }
    }
  cairo_surface_mark_dirty (t.surface);
  return TRUE;
}

void
_tl_painter_fill_batches (TlPainter *self,
                          cairo_t   *cr)
{
  const TlPalette *p = self->palette;

  if (fill_batches_direct (self, cr))
    return;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint c = 0; c < TL_PAINT_N_SLOTS; c++)
    {
      GArray *rects = self->rects[c];

      if (rects->len == 0)
        continue;
      for (guint i = 0; i < rects->len; i++)
        {
          const TlRect *r = &g_array_index (rects, TlRect, i);

          cairo_rectangle (cr, r->x, r->y, r->w, r->h);
        }
      if (c < TL_PAINT_N_CLASSES && p->pattern[c] != TL_FILL_SOLID)
        cairo_set_source (cr, _tl_painter_get_pattern (self, cr, c));
      else
        tl_rgba_set_source (cr, _tl_painter_slot_fill (self, c));
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

const TlSpan *
_tl_painter_drawn_span (TlPainter         *self,
                        const TlDrawnSpan *d)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, d->lane);
  guint n;

  /* An open span is this frame's, as it stood at the horizon. */
  if (d->open)
    return &g_array_index (self->open, TlHorizonSpan, d->index).span;
  return &tl_lane_get_spans (lane, d->track, &n)[d->index];
}

/* The describer's label of a span as drawn. */
static void
append_span_label (TlPainter         *self,
                   const TlDrawnSpan *d,
                   GString           *out)
{
  tl_describe_append_span_label (self->model, _tl_painter_drawn_span (self, d), out);
}

/* What goes over the exact spans: outlines and failure bars. */
void
_tl_painter_draw_span_details (TlPainter *self,
                               cairo_t   *cr)
{
  const TlPalette *p = self->palette;

  if (self->drawn->len == 0)
    return;

  if (p->span_outline)
    {
      cairo_save (cr);
      cairo_set_line_width (cr, 1.0);
      for (guint i = 0; i < self->drawn->len; i++)
        {
          const TlDrawnSpan *d = &g_array_index (self->drawn, TlDrawnSpan, i);

          cairo_rectangle (cr, d->x0 + 0.5, d->y + 0.5, d->x1 - d->x0 - 1, d->h - 1);
        }
      tl_rgba_set_source (cr, &p->outline);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* A task that raised: a bar in the error colour along its bottom. */
  for (guint i = 0; i < self->drawn->len; i++)
    {
      const TlDrawnSpan *d = &g_array_index (self->drawn, TlDrawnSpan, i);

      if (d->flags & TL_SPAN_FLAG_FAILED)
        cairo_rectangle (cr, d->x0, d->y + d->h - 3, d->x1 - d->x0, 3);
    }
  tl_rgba_set_source (cr, &p->mark[TL_MARK_ERROR]);
  cairo_fill (cr);
}

/* Names where there is room, over the arrows that cross them. */
void
_tl_painter_draw_span_labels (TlPainter *self,
                              cairo_t   *cr)
{
  const TlPalette *p = self->palette;
  g_autoptr(GString) fitted = g_string_new (NULL);
  double font_px;
  int text_h;

  if (self->drawn->len == 0 || !(self->options & TL_PAINT_SHOW_LABELS))
    return;

  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &text_h);
  font_px = tl_text_cache_get_font_size (self->text, TL_FONT_SMALL);
  for (guint i = 0; i < self->drawn->len; i++)
    {
      const TlDrawnSpan *d = &g_array_index (self->drawn, TlDrawnSpan, i);
      const TlRgba *fill = _tl_painter_slot_fill (self, d->slot);
      double room = d->x1 - d->x0 - 8;
      int text_w;

      /* A label needs its letters' height, not its line's; what a
       * search faded keeps quiet. */
      if (room < LABEL_MIN_PX - 8 || d->h < font_px || _tl_painter_fades (self, d))
        continue;
      g_string_truncate (self->scratch, 0);
      append_span_label (self, d, self->scratch);
      if (self->scratch->len == 0)
        continue;
      _tl_painter_fit_text (self, TL_FONT_SMALL, self->scratch->str, room, fitted);
      if (fitted->len == 0)
        continue;
      tl_text_cache_measure (self->text, TL_FONT_SMALL, fitted->str, 0, &text_w, NULL);

      /* A clip costs more than the text: only where the line is taller
       * than the track. */
      cairo_save (cr);
      if (text_h > d->h)
        {
          cairo_rectangle (cr, d->x0, d->y, d->x1 - d->x0, d->h);
          cairo_clip (cr);
        }
      /* Patterned fills get a plain backdrop under the text. */
      if (d->slot < TL_PAINT_N_CLASSES && p->pattern[d->slot] != TL_FILL_SOLID)
        {
          tl_rgba_set_source (cr, fill);
          cairo_rectangle (cr, d->x0 + 2, d->y + MAX (0.0, (d->h - text_h) / 2),
                           MIN (text_w + 4, d->x1 - d->x0 - 4), MIN ((double) text_h, d->h));
          cairo_fill (cr);
        }
      tl_rgba_set_source (cr, tl_palette_text_on (p, fill));
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, fitted->str, 0,
                          d->x0 + 4, d->y + floor ((d->h - text_h) / 2));
      cairo_restore (cr);
      self->stats.texts++;
    }
}
