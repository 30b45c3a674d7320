/* tl-painter.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The painter's state and the lanes themselves.  A frame gathers every
 * rectangle into one batch per paint class, then fills each batch with
 * one cairo_fill (): cairo takes pixel-aligned rectangles of one colour
 * through its fast box path, which costs far less than a fill per span.
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
/* Spans at least this wide get a one-pixel gap at their end, and a
 * label when there is room for one. */
#define GAP_MIN_PX   4.0
#define LABEL_MIN_PX 28.0

enum {
  PROP_0,
  PROP_MODEL,
  PROP_STYLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TlPainter, tl_painter, G_TYPE_OBJECT)

static void
clear_style_resources (TlPainter *self)
{
  for (guint i = 0; i < TL_PAINT_N_CLASSES; i++)
    {
      g_clear_pointer (&self->patterns[i], cairo_pattern_destroy);
      g_clear_pointer (&self->vector_patterns[i], cairo_pattern_destroy);
      g_clear_pointer (&self->tiles[i], cairo_surface_destroy);
    }
  for (guint i = 0; i < TL_N_MARKS; i++)
    g_clear_pointer (&self->sprites[i], cairo_surface_destroy);
  g_clear_pointer (&self->text, tl_text_cache_free);
}

void
_tl_painter_ensure_style (TlPainter *self)
{
  if (self->text != NULL)
    return;
  self->text = tl_text_cache_new (self->palette->font_size, self->palette->small_font_size);
}

/* Files are zoomed into: their patterns are drawn finer. */
#define VECTOR_RESOLUTION 8

static gboolean
is_vector (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
      return TRUE;
    default:
      return FALSE;
    }
}

cairo_pattern_t *
_tl_painter_get_pattern (TlPainter *self,
                         cairo_t   *cr,
                         guint      paint_class)
{
  const TlPalette *p = self->palette;
  gboolean vector = is_vector (cr);
  cairo_pattern_t **slot = vector ? &self->vector_patterns[paint_class]
                                  : &self->patterns[paint_class];

  if (p->pattern[paint_class] == TL_FILL_SOLID)
    return NULL;
  if (*slot == NULL)
    *slot = tl_palette_create_pattern (p, p->pattern[paint_class], &p->fill[paint_class],
                                       &p->ink[paint_class], vector ? VECTOR_RESOLUTION : 1);
  return *slot;
}

static void
tl_painter_finalize (GObject *object)
{
  TlPainter *self = (TlPainter *) object;

  clear_style_resources (self);
  g_clear_pointer (&self->summary, tl_trace_summary_free);
  g_clear_pointer (&self->layout, tl_layout_free);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_pointer (&self->bins, g_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);
  for (guint i = 0; i < TL_PAINT_N_CLASSES; i++)
    g_clear_pointer (&self->rects[i], g_array_unref);
  g_clear_pointer (&self->outlines, g_array_unref);
  g_clear_pointer (&self->drawn, g_array_unref);
  if (self->scratch != NULL)
    g_string_free (g_steal_pointer (&self->scratch), TRUE);

  G_OBJECT_CLASS (tl_painter_parent_class)->finalize (object);
}

static void
tl_painter_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlPainter *self = TL_PAINTER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_STYLE:
      g_value_set_int (value, self->style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_painter_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TlPainter *self = TL_PAINTER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;
    case PROP_STYLE:
      tl_painter_set_style (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_painter_constructed (GObject *object)
{
  TlPainter *self = TL_PAINTER (object);

  G_OBJECT_CLASS (tl_painter_parent_class)->constructed (object);

  g_assert (self->model != NULL);
  self->summary = tl_trace_summary_new (self->model);
}

static void
tl_painter_class_init (TlPainterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_painter_finalize;
  object_class->constructed = tl_painter_constructed;
  object_class->get_property = tl_painter_get_property;
  object_class->set_property = tl_painter_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         TL_TYPE_TRACE_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A TlStyle. */
  properties[PROP_STYLE] =
    g_param_spec_int ("style", NULL, NULL,
                      0, TL_N_STYLES - 1, TL_STYLE_LIGHT,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_painter_init (TlPainter *self)
{
  self->style = TL_STYLE_LIGHT;
  self->palette = tl_palette_get (TL_STYLE_LIGHT);
  self->options = TL_PAINT_SHOW_ALL;
  self->merge_width = 3.0;
  self->layout = tl_layout_new ();
  self->layout_dirty = TRUE;
  self->collapsed = g_hash_table_new (NULL, NULL);
  self->runs = g_array_new (FALSE, FALSE, sizeof (TlRun));
  self->bins = g_array_new (FALSE, FALSE, sizeof (TlMarkBin));
  self->columns = g_array_new (FALSE, FALSE, sizeof (TlCounterColumn));
  for (guint i = 0; i < TL_PAINT_N_CLASSES; i++)
    self->rects[i] = g_array_new (FALSE, FALSE, sizeof (TlRect));
  self->outlines = g_array_new (FALSE, FALSE, sizeof (TlRect));
  self->drawn = g_array_new (FALSE, FALSE, sizeof (TlDrawnSpan));
  self->scratch = g_string_new (NULL);
}

TlPainter *
tl_painter_new (TlTraceModel *model)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  return g_object_new (TL_TYPE_PAINTER, "model", model, NULL);
}

TlTraceModel *
tl_painter_get_model (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  return self->model;
}

TlTraceSummary *
tl_painter_get_summary (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  _tl_painter_sync (self);
  return self->summary;
}

TlStyle
tl_painter_get_style (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), TL_STYLE_LIGHT);
  return self->style;
}

void
tl_painter_set_style (TlPainter *self,
                      TlStyle    style)
{
  g_return_if_fail (TL_IS_PAINTER (self));
  g_return_if_fail ((guint) style < TL_N_STYLES);

  if (self->style == style)
    return;
  self->style = style;
  self->palette = tl_palette_get (style);
  clear_style_resources (self);
  self->layout_dirty = TRUE;
  self->changes++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

const TlPalette *
tl_painter_get_palette (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  return self->palette;
}

TlPaintOptions
tl_painter_get_options (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), 0);
  return self->options;
}

void
tl_painter_set_options (TlPainter      *self,
                        TlPaintOptions  options)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  if (self->options == options)
    return;
  self->options = options;
  self->changes++;
}

double
tl_painter_get_merge_width (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), 0);
  return self->merge_width;
}

void
tl_painter_set_merge_width (TlPainter *self,
                            double     pixels)
{
  g_return_if_fail (TL_IS_PAINTER (self));
  g_return_if_fail (pixels >= 0.25);

  if (self->merge_width == pixels)
    return;
  self->merge_width = pixels;
  self->changes++;
}

/* ---- keeping up with the model -------------------------------------------- */

static void
note_flows (TlPainter *self)
{
  guint n;
  const TlFlow *flows = tl_trace_model_get_flows (self->model, &n);

  if (n < self->flows_seen)
    {
      self->flows_seen = 0;
      self->flow_mask = 0;
    }
  for (guint i = self->flows_seen; i < n; i++)
    if (flows[i].kind < TL_N_FLOW_KINDS)
      self->flow_mask |= 1u << flows[i].kind;
  self->flows_seen = n;
}

void
_tl_painter_sync (TlPainter *self)
{
  guint64 generation = tl_trace_model_get_generation (self->model);

  if (!self->synced || generation != self->synced_generation)
    {
      tl_trace_summary_update (self->summary);
      note_flows (self);
      self->synced_generation = generation;
      self->synced = TRUE;
      self->layout_dirty = TRUE;
      self->changes++;
    }
  if (self->layout_dirty)
    {
      tl_layout_build (self->layout, self->model, self->palette, self->collapsed);
      self->layout_dirty = FALSE;
    }
}

gboolean
tl_painter_update (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);

  _tl_painter_sync (self);
  if (self->changes == self->reported_changes)
    return FALSE;
  self->reported_changes = self->changes;
  return TRUE;
}

gboolean
tl_painter_get_process_collapsed (TlPainter *self,
                                  guint32    pid)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);
  return g_hash_table_contains (self->collapsed, GUINT_TO_POINTER (pid));
}

void
tl_painter_set_process_collapsed (TlPainter *self,
                                  guint32    pid,
                                  gboolean   collapsed)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  if (!!collapsed == tl_painter_get_process_collapsed (self, pid))
    return;
  if (collapsed)
    g_hash_table_add (self->collapsed, GUINT_TO_POINTER (pid));
  else
    g_hash_table_remove (self->collapsed, GUINT_TO_POINTER (pid));
  self->layout_dirty = TRUE;
  self->changes++;
}

const TlLayout *
tl_painter_get_layout (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  _tl_painter_sync (self);
  return self->layout;
}

double
tl_painter_get_content_height (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), 0);
  _tl_painter_sync (self);
  return tl_layout_get_height (self->layout);
}

int
tl_painter_get_natural_height (TlPainter *self,
                               int        width)
{
  double height;

  g_return_val_if_fail (TL_IS_PAINTER (self), 0);

  _tl_painter_sync (self);
  height = tl_layout_get_height (self->layout) + self->palette->lane_gap * 2;
  if (self->options & TL_PAINT_SHOW_AXIS)
    height += self->palette->axis_height;
  height += _tl_painter_legend_height (self, width);
  return (int) ceil (height);
}

void
tl_painter_get_time_range (TlPainter *self,
                           gint64    *start,
                           gint64    *end)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  if (!tl_trace_model_get_time_range (self->model, start, end) || *end <= *start)
    *end = *start + 1000000;
}

void
tl_painter_get_geometry (TlPainter        *self,
                         const TlViewport *viewport,
                         TlPaintGeometry  *g)
{
  const TlPalette *p;

  g_return_if_fail (TL_IS_PAINTER (self));
  g_return_if_fail (viewport != NULL);
  g_return_if_fail (g != NULL);

  _tl_painter_sync (self);
  p = self->palette;
  g->gutter_width = MIN (p->gutter_width, viewport->width * 0.4);
  g->axis_y = 0;
  g->axis_height = (self->options & TL_PAINT_SHOW_AXIS) ? p->axis_height : 0;
  g->legend_height = _tl_painter_legend_height (self, viewport->width);
  g->legend_y = viewport->height - g->legend_height;
  g->plot_x = g->gutter_width;
  g->plot_y = g->axis_height;
  g->plot_width = MAX (1.0, viewport->width - g->plot_x);
  g->plot_height = MAX (0.0, g->legend_y - g->plot_y);
  tl_time_map_init (&g->map, viewport->t0, viewport->t1, g->plot_x, g->plot_x + g->plot_width);
}

gint64
_tl_painter_origin (TlPainter        *self,
                    const TlViewport *viewport)
{
  gint64 start, end;

  if (viewport->origin != TL_TS_NONE)
    return viewport->origin;
  tl_painter_get_time_range (self, &start, &end);
  return start;
}

gint64
_tl_painter_open_end (TlPainter        *self,
                      const TlViewport *viewport)
{
  gint64 start, end;

  if (viewport->now != TL_TS_NONE)
    return viewport->now;
  tl_painter_get_time_range (self, &start, &end);
  return end;
}

void
tl_painter_set_selection (TlPainter       *self,
                          const TlItemRef *item)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  self->has_selection = item != NULL;
  if (item != NULL)
    self->selection = *item;
}

gboolean
tl_painter_get_selection (TlPainter *self,
                          TlItemRef *item)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);

  if (self->has_selection && item != NULL)
    *item = self->selection;
  return self->has_selection;
}

void
tl_painter_set_hover (TlPainter       *self,
                      const TlItemRef *item)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  self->has_hover = item != NULL;
  if (item != NULL)
    self->hover = *item;
}

const TlPaintStats *
tl_painter_get_stats (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  return &self->stats;
}

/* ---- spans ---------------------------------------------------------------- */

/* Rectangles are cut to the plot here rather than by a cairo clip: the
 * fills then stay on cairo's fastest path. */
static void
add_rect (TlPainter *self,
          guint      paint_class,
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
  g_array_append_val (self->rects[paint_class], rect);
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

static void
draw_track_runs (TlPainter *self,
                 guint32    lane,
                 guint      track,
                 double     y,
                 double     h)
{
  const double sparse_h = MAX (2.0, round (h / 3.0));
  const double accent_h = MAX (3.0, round (h * 0.4));

  for (guint i = 0; i < self->runs->len; i++)
    {
      const TlRun *run = &g_array_index (self->runs, TlRun, i);
      double x0, x1;

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
      add_rect (self, run->paint_class, x0, y, x1 - x0, h);
      self->stats.exact_spans++;
      if (x1 - x0 >= GAP_MIN_PX)
        {
          TlDrawnSpan drawn = { x0, x1, y, h, lane, run->index, (guint16) track,
                                run->paint_class, FALSE, run->flags };

          g_array_append_val (self->drawn, drawn);
        }
    }
}

static void
draw_open_spans (TlPainter             *self,
                 TlLane                *lane,
                 const TlRow           *row,
                 const TlViewport      *viewport,
                 const TlPaintGeometry *g,
                 gint64                 open_end)
{
  guint n_open = tl_lane_get_n_open (lane);

  for (guint i = 0; i < n_open; i++)
    {
      guint track;
      const TlSpan *span = tl_lane_get_open (lane, i, &track);
      gint64 end = MAX (open_end, span->start);
      double ty, th, x0, x1;
      guint8 paint_class;

      if (span->start > g->map.t1 || end < g->map.t0)
        continue;
      if (!tl_layout_get_track (self->layout, row, track, &ty, &th))
        continue;
      ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
      if (track > 0)
        {
          ty += 1;
          th -= 1;
        }
      snap (tl_time_map_x_clamped (&g->map, span->start), tl_time_map_x_clamped (&g->map, end),
            &x0, &x1);
      paint_class = tl_paint_class_for_span (span->kind, row->lane_kind);
      add_rect (self, paint_class, x0, ty, x1 - x0, th);
      self->stats.exact_spans++;
      if (x1 - x0 >= GAP_MIN_PX)
        {
          TlDrawnSpan drawn = { x0, x1, ty, th, row->lane, i, (guint16) track,
                                paint_class, TRUE, span->flags };

          g_array_append_val (self->drawn, drawn);
        }
    }
}

static void
draw_counter (TlPainter             *self,
              cairo_t               *cr,
              const TlRow           *row,
              const TlViewport      *viewport,
              const TlPaintGeometry *g)
{
  double ty, th, min, max, scale;

  if (!tl_trace_summary_get_counter_range (self->summary, row->lane, &min, &max))
    return;
  if (!tl_layout_get_track (self->layout, row, 0, &ty, &th))
    return;
  ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
  if (min > 0)
    min = 0;
  scale = max > min ? (th - 2) / (max - min) : 0;

  g_array_set_size (self->columns, 0);
  tl_trace_summary_collect_counter (self->summary, row->lane, &g->map, 1.0, self->columns, NULL);
  if (self->columns->len == 0)
    return;

  /* An area down to zero, with the column's range on top of it. */
  for (guint i = 0; i < self->columns->len; i++)
    {
      const TlCounterColumn *c = &g_array_index (self->columns, TlCounterColumn, i);
      double top = ty + th - 1 - (c->max - min) * scale;
      double x0, x1;

      snap (c->x0, c->x1, &x0, &x1);
      cairo_rectangle (cr, x0, top, x1 - x0, ty + th - top);
    }
  cairo_set_source_rgba (cr, self->palette->counter.r, self->palette->counter.g,
                         self->palette->counter.b, 0.45);
  cairo_fill (cr);
  for (guint i = 0; i < self->columns->len; i++)
    {
      const TlCounterColumn *c = &g_array_index (self->columns, TlCounterColumn, i);
      double top = ty + th - 1 - (c->max - min) * scale;
      double bottom = ty + th - 1 - (c->min - min) * scale;
      double x0, x1;

      snap (c->x0, c->x1, &x0, &x1);
      cairo_rectangle (cr, x0, top - 1, x1 - x0, MAX (1.5, bottom - top + 1));
    }
  tl_rgba_set_source (cr, &self->palette->counter);
  cairo_fill (cr);
}

typedef struct
{
  cairo_surface_t *surface;
  guint8          *data;
  int              stride;
  int              scale;
  int              dx;        /* device pixels of the user-space origin */
  int              dy;
  int              x0;        /* what may be written, in device pixels */
  int              y0;
  int              x1;
  int              y1;
} DirectTarget;

/* An opaque colour as cairo stores it in an ARGB32 pixel (it rounds
 * through 16 bits, so do we, and both paths give the same pixels). */
static guint32
argb_pixel (const TlRgba *c)
{
  guint32 r = ((guint32) (c->r * 65535.0 + 0.5)) >> 8;
  guint32 g = ((guint32) (c->g * 65535.0 + 0.5)) >> 8;
  guint32 b = ((guint32) (c->b * 65535.0 + 0.5)) >> 8;

  return 0xff000000u | (r << 16) | (g << 8) | b;
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

/* Whether @cr draws on a plain image surface that can be written
 * directly: ARGB32 or RGB24, whole-pixel translation, a whole device
 * scale, and a clip that is one rectangle on whole pixels. */
static gboolean
direct_target_init (cairo_t      *cr,
                    DirectTarget *t)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_matrix_t m;
  double sx, sy, ox, oy;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  if (cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 &&
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_RGB24)
    return FALSE;
  if (cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (m.xy != 0 || m.yx != 0 || m.xx != 1 || m.yy != 1 || sx != sy || sx != floor (sx) || sx < 1 ||
      m.x0 != floor (m.x0) || m.y0 != floor (m.y0) || ox != floor (ox) || oy != floor (oy))
    return FALSE;
  t->surface = target;
  t->scale = (int) sx;
  t->dx = (int) (m.x0 * t->scale + ox);
  t->dy = (int) (m.y0 * t->scale + oy);
  t->x0 = 0;
  t->y0 = 0;
  t->x1 = cairo_image_surface_get_width (target);
  t->y1 = cairo_image_surface_get_height (target);

  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }
  if (clip->num_rectangles == 1)
    {
      const cairo_rectangle_t *r = &clip->rectangles[0];
      double x0 = r->x * t->scale + t->dx, y0 = r->y * t->scale + t->dy;
      double x1 = (r->x + r->width) * t->scale + t->dx, y1 = (r->y + r->height) * t->scale + t->dy;

      if (x0 != floor (x0) || y0 != floor (y0) || x1 != floor (x1) || y1 != floor (y1))
        {
          cairo_rectangle_list_destroy (clip);
          return FALSE;
        }
      t->x0 = MAX (t->x0, (int) x0);
      t->y0 = MAX (t->y0, (int) y0);
      t->x1 = MIN (t->x1, (int) x1);
      t->y1 = MIN (t->y1, (int) y1);
    }
  else
    {
      t->x1 = t->x0;
    }
  cairo_rectangle_list_destroy (clip);

  cairo_surface_flush (target);
  t->data = cairo_image_surface_get_data (target);
  t->stride = cairo_image_surface_get_stride (target);
  return TRUE;
}

/* The fast path for image surfaces.  Every batch is opaque, axis-aligned
 * and on whole pixels, so writing the pixels directly gives what cairo
 * would, without its per-rectangle cost (about half a microsecond each:
 * ten thousand rectangles would be a third of a frame). */
static gboolean
fill_batches_direct (TlPainter *self,
                     cairo_t   *cr)
{
  DirectTarget t;

  if (!direct_target_init (cr, &t))
    return FALSE;

  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    {
      GArray *rects = self->rects[c];
      const guint32 *tile = NULL;
      guint32 colour = argb_pixel (&self->palette->fill[c]);
      int ts = 0, tile_stride = 0;

      if (rects->len == 0)
        continue;
      if (self->palette->pattern[c] != TL_FILL_SOLID)
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

static void
fill_batches (TlPainter *self,
              cairo_t   *cr)
{
  const TlPalette *p = self->palette;

  if (fill_batches_direct (self, cr))
    return;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    {
      GArray *rects = self->rects[c];

      if (rects->len == 0)
        continue;
      for (guint i = 0; i < rects->len; i++)
        {
          const TlRect *r = &g_array_index (rects, TlRect, i);

          cairo_rectangle (cr, r->x, r->y, r->w, r->h);
        }
      if (p->pattern[c] != TL_FILL_SOLID)
        cairo_set_source (cr, _tl_painter_get_pattern (self, cr, c));
      else
        tl_rgba_set_source (cr, &p->fill[c]);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
append_span_label (TlPainter         *self,
                   const TlDrawnSpan *d,
                   GString           *out)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, d->lane);
  const TlSpan *span;
  const char *name = NULL;
  guint track, n;

  if (d->open)
    span = tl_lane_get_open (lane, d->index, &track);
  else
    span = &tl_lane_get_spans (lane, d->track, &n)[d->index];

  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_OWNER:
      if (span->ref < tl_trace_model_get_n_lanes (self->model))
        _tl_painter_append_lane_name (self, span->ref, out);
      return;
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
      name = tl_trace_model_get_string (self->model, span->ref);
      if (name != NULL)
        g_string_append (out, name);
      return;
    case TL_SPAN_RUNNING:
      return;
    case TL_SPAN_TASK:
    case TL_SPAN_HOLD_LOCK:
    case TL_SPAN_HOLD_GIL:
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_GIL:
    case TL_SPAN_WAIT_QUEUE:
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_JOIN:
    case TL_SPAN_WAIT_OTHER:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
    case TL_N_SPAN_KINDS:
    default:
      break;
    }

  if (span->ref != TL_INDEX_NONE && span->ref < tl_trace_model_get_n_objects (self->model))
    {
      const TlObject *object = tl_trace_model_get_object (self->model, span->ref);

      name = tl_trace_model_get_string (self->model, object->name);
      if (span->kind == TL_SPAN_TASK)
        {
          if (name != NULL)
            g_string_append (out, name);
          else
            g_string_append_printf (out, "task %" G_GUINT64_FORMAT, object->id);
          return;
        }
      if (name == NULL && span->kind == TL_SPAN_HOLD_GIL)
        name = "GIL";
    }
  if (span->kind == TL_SPAN_WAIT_GIL && name == NULL)
    name = "GIL";
  if (name != NULL)
    g_string_append (out, name);
}

/* What goes over the exact spans: failure and cut marks, outlines, and
 * names where there is room. */
static void
draw_span_details (TlPainter *self,
                   cairo_t   *cr)
{
  const TlPalette *p = self->palette;
  gboolean labels = (self->options & TL_PAINT_SHOW_LABELS) != 0;
  int text_h;

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

  if (!labels)
    return;

  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &text_h);
  for (guint i = 0; i < self->drawn->len; i++)
    {
      const TlDrawnSpan *d = &g_array_index (self->drawn, TlDrawnSpan, i);
      gboolean fits;
      int text_w;

      if (d->x1 - d->x0 < LABEL_MIN_PX || d->h < text_h)
        continue;
      g_string_truncate (self->scratch, 0);
      append_span_label (self, d, self->scratch);
      if (self->scratch->len == 0)
        continue;
      tl_text_cache_measure (self->text, TL_FONT_SMALL, self->scratch->str, 0, &text_w, NULL);
      fits = text_w + 8 <= d->x1 - d->x0;

      /* A clip costs more than the text: only for labels that overflow. */
      cairo_save (cr);
      if (!fits)
        {
          cairo_rectangle (cr, d->x0 + 1, d->y, d->x1 - d->x0 - 2, d->h);
          cairo_clip (cr);
        }
      /* Patterned fills get a plain backdrop under the text. */
      if (p->pattern[d->paint_class] != TL_FILL_SOLID)
        {
          tl_rgba_set_source (cr, &p->fill[d->paint_class]);
          cairo_rectangle (cr, d->x0 + 2, d->y + (d->h - text_h) / 2,
                           MIN (text_w + 4, d->x1 - d->x0 - 4), text_h);
          cairo_fill (cr);
        }
      tl_rgba_set_source (cr, tl_palette_text_on (p, &p->fill[d->paint_class]));
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, self->scratch->str, 0,
                          d->x0 + 4, d->y + floor ((d->h - text_h) / 2));
      cairo_restore (cr);
      self->stats.texts++;
    }
}

/* ---- instants ------------------------------------------------------------- */

void
_tl_painter_mark_path (cairo_t     *cr,
                       TlMarkClass  mark,
                       double       x,
                       double       y,
                       double       size)
{
  double r = size / 2;

  switch (mark)
    {
    case TL_MARK_CRASH:
      /* A thick X, as a polygon so that it fills. */
      {
        double a = r, b = r * 0.38;

        cairo_move_to (cr, x - a, y - a + b);
        cairo_line_to (cr, x - a + b, y - a);
        cairo_line_to (cr, x, y - b);
        cairo_line_to (cr, x + a - b, y - a);
        cairo_line_to (cr, x + a, y - a + b);
        cairo_line_to (cr, x + b, y);
        cairo_line_to (cr, x + a, y + a - b);
        cairo_line_to (cr, x + a - b, y + a);
        cairo_line_to (cr, x, y + b);
        cairo_line_to (cr, x - a + b, y + a);
        cairo_line_to (cr, x - a, y + a - b);
        cairo_line_to (cr, x - b, y);
        cairo_close_path (cr);
      }
      break;
    case TL_MARK_ERROR:
      cairo_move_to (cr, x, y - r * 1.1);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case TL_MARK_PRINT:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * 0.8, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case TL_MARK_WRITE:
    case TL_MARK_READ:
      cairo_rectangle (cr, x - r * 0.75, y - r * 0.75, r * 1.5, r * 1.5);
      break;
    case TL_MARK_MESSAGE:
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case TL_MARK_USER:
      cairo_move_to (cr, x - r, y - r * 0.8);
      cairo_line_to (cr, x + r, y - r * 0.8);
      cairo_line_to (cr, x, y + r);
      cairo_close_path (cr);
      break;
    case TL_MARK_WAKE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * 0.7, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case TL_MARK_LIFECYCLE:
      cairo_rectangle (cr, x - 1, y - r * 1.2, 2, r * 2.4);
      break;
    case TL_N_MARKS:
    default:
      break;
    }
}

gboolean
_tl_painter_mark_is_hollow (TlMarkClass mark)
{
  return mark == TL_MARK_READ || mark == TL_MARK_WAKE;
}

void
_tl_painter_fill_marks (TlPainter     *self,
                        cairo_t       *cr,
                        TlMarkClass    mark,
                        const double  *points,
                        guint          n_points,
                        double         size,
                        const TlRgba  *under)
{
  /* Fills only: cairo strokes cost several times a fill.  A halo in the
   * colour underneath keeps marks readable on any span, and a hollow
   * mark is its shape with a smaller one punched out. */
  for (guint i = 0; i < n_points; i++)
    {
      double x = points[2 * i], y = points[2 * i + 1];

      /* One fill per shape: overlapping shapes in one path would make
       * cairo work out every overlap. */
      _tl_painter_mark_path (cr, mark, x, y, size + 3);
      tl_rgba_set_source (cr, under);
      cairo_fill (cr);
      _tl_painter_mark_path (cr, mark, x, y, size);
      tl_rgba_set_source (cr, &self->palette->mark[mark]);
      cairo_fill (cr);
      if (_tl_painter_mark_is_hollow (mark))
        {
          _tl_painter_mark_path (cr, mark, x, y, size * 0.5);
          tl_rgba_set_source (cr, under);
          cairo_fill (cr);
        }
    }
}

/* Opaque whole-pixel rectangles of one colour, straight into an image
 * target's pixels (see fill_batches_direct ()); FALSE when it is not
 * such a target. */
static gboolean
fill_rects_direct (cairo_t      *cr,
                   GArray       *rects,
                   const TlRgba *rgba)
{
  guint32 colour = argb_pixel (rgba);
  DirectTarget t;

  if (rgba->a < 1.0 || !direct_target_init (cr, &t))
    return FALSE;
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

          for (int x = x0; x < x1; x++)
            row[x] = colour;
        }
    }
  cairo_surface_mark_dirty (t.surface);
  return TRUE;
}

/* A mark with its halo, drawn once; an odd size, so that its centre
 * falls on a pixel's centre, as the marks' do. */
static cairo_surface_t *
ensure_sprite (TlPainter *self,
               guint      mark,
               int        scale,
               double     size)
{
  int s = (int) ceil (size + 5);
  double centre[2];
  cairo_t *cr;

  if (s % 2 == 0)
    s++;
  if (self->sprite_scale != scale)
    {
      for (guint i = 0; i < TL_N_MARKS; i++)
        g_clear_pointer (&self->sprites[i], cairo_surface_destroy);
      self->sprite_scale = scale;
    }
  if (self->sprites[mark] != NULL)
    return self->sprites[mark];

  self->sprites[mark] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, s * scale, s * scale);
  cairo_surface_set_device_scale (self->sprites[mark], scale, scale);
  cr = cairo_create (self->sprites[mark]);
  centre[0] = centre[1] = s / 2.0;
  _tl_painter_fill_marks (self, cr, mark, centre, 1, size, &self->palette->background);
  cairo_destroy (cr);
  cairo_surface_flush (self->sprites[mark]);
  return self->sprites[mark];
}

/* OVER, premultiplied, rounded as pixman rounds. */
static inline guint32
over (guint32 src,
      guint32 dst)
{
  guint32 ia = 255 - (src >> 24), out = 0;

  for (int shift = 0; shift < 32; shift += 8)
    {
      guint32 t = ((dst >> shift) & 0xff) * ia + 0x80;

      out |= MIN (((src >> shift) & 0xff) + ((t + (t >> 8)) >> 8), 255u) << shift;
    }
  return out;
}

/* Marks on an image surface: each one a copy of its sprite, blended in,
 * rather than two or three cairo fills (a microsecond or more each). */
static gboolean
blit_marks (TlPainter  *self,
            cairo_t    *cr,
            GArray    **points,
            double      size)
{
  DirectTarget t;

  if (!direct_target_init (cr, &t))
    return FALSE;

  for (guint m = TL_N_MARKS; m-- > 0;)
    {
      cairo_surface_t *sprite;
      const guint32 *pixels;
      int s, sprite_stride, half;

      if (points[m]->len == 0)
        continue;
      sprite = ensure_sprite (self, m, t.scale, size);
      pixels = (const guint32 *) (gpointer) cairo_image_surface_get_data (sprite);
      s = cairo_image_surface_get_width (sprite);
      sprite_stride = cairo_image_surface_get_stride (sprite) / 4;
      half = s / 2;
      for (guint i = 0; i < points[m]->len; i++)
        {
          const double *pt = &g_array_index (points[m], double, i * 2);
          /* The centre is at a pixel's centre: (k + 0.5) user units. */
          int cx = (int) floor (pt[0]) * t.scale + t.dx + t.scale / 2;
          int cy = (int) floor (pt[1]) * t.scale + t.dy + t.scale / 2;
          int x0 = cx - half, y0 = cy - half;

          for (int y = MAX (y0, t.y0); y < MIN (y0 + s, t.y1); y++)
            {
              guint32 *row = (guint32 *) (gpointer) (t.data + (gsize) y * t.stride);
              const guint32 *srow = pixels + (gsize) (y - y0) * sprite_stride;

              for (int x = MAX (x0, t.x0); x < MIN (x0 + s, t.x1); x++)
                {
                  guint32 src = srow[x - x0];

                  if (src >> 24 == 0xff)
                    row[x] = src;
                  else if (src != 0)
                    row[x] = over (src, row[x]);
                }
            }
        }
    }
  cairo_surface_mark_dirty (t.surface);
  return TRUE;
}

static void
draw_marks (TlPainter             *self,
            cairo_t               *cr,
            guint                  first_row,
            guint                  end_row,
            const TlViewport      *viewport,
            const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  double size = p->marker_size;
  GArray *points[TL_N_MARKS];
  GArray *ticks[TL_N_MARKS];
  TlSummaryStats stats = { 0 };

  for (guint m = 0; m < TL_N_MARKS; m++)
    {
      points[m] = g_array_new (FALSE, FALSE, sizeof (double) * 2);
      ticks[m] = g_array_new (FALSE, FALSE, sizeof (TlRect));
    }

  for (guint r = first_row; r < end_row; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      double ty, th, y;

      if (row->kind != TL_ROW_LANE || row->lane_kind == TL_LANE_COUNTER)
        continue;
      if (!tl_layout_get_track (self->layout, row, 0, &ty, &th))
        continue;
      y = floor (_tl_painter_screen_y (g, viewport, ty) + th / 2) + 0.5;

      g_array_set_size (self->bins, 0);
      tl_trace_summary_collect_marks (self->summary, row->lane, &g->map, size, self->bins, &stats);
      for (guint i = 0; i < self->bins->len; i++)
        {
          const TlMarkBin *bin = &g_array_index (self->bins, TlMarkBin, i);
          guint mark = (guint) g_bit_nth_lsf (bin->mask, -1);
          double point[2] = { floor (bin->x) + 0.5, y };

          if (mark >= TL_N_MARKS || bin->x < g->plot_x - size ||
              bin->x > g->plot_x + g->plot_width + size)
            continue;
          self->stats.marks++;
          /* Crowded instants would hide the states under them: a tick
           * along the top says "things happen here", the way a rug plot
           * does.  Failures always get their full mark. */
          if (bin->count > 1 && mark != TL_MARK_CRASH && mark != TL_MARK_ERROR)
            {
              TlRect tick = { floor (bin->x), floor (_tl_painter_screen_y (g, viewport, ty)) + 1,
                              MAX (1.0, round (size / 5)), MAX (3.0, round (th * 0.3)) };

              g_array_append_val (ticks[mark], tick);
              continue;
            }
          g_array_append_vals (points[mark], point, 1);
        }
    }

  for (guint m = 0; m < TL_N_MARKS; m++)
    {
      if (ticks[m]->len == 0 || fill_rects_direct (cr, ticks[m], &p->mark[m]))
        continue;
      for (guint i = 0; i < ticks[m]->len; i++)
        {
          const TlRect *r = &g_array_index (ticks[m], TlRect, i);

          cairo_rectangle (cr, r->x, r->y, r->w, r->h);
        }
      tl_rgba_set_source (cr, &p->mark[m]);
      cairo_fill (cr);
    }

  /* Least important first, so that errors and crashes end up on top. */
  if (!blit_marks (self, cr, points, size))
    for (guint m = TL_N_MARKS; m-- > 0;)
      if (points[m]->len > 0)
        _tl_painter_fill_marks (self, cr, m, (const double *) (gpointer) points[m]->data,
                                points[m]->len, size, &p->background);

  for (guint m = 0; m < TL_N_MARKS; m++)
    {
      g_array_unref (points[m]);
      g_array_unref (ticks[m]);
    }
  self->stats.nodes += stats.nodes;
}

/* ---- flows ---------------------------------------------------------------- */

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
  if (row->kind == TL_ROW_PROCESS)
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

static void
flow_path (TlPainter             *self,
           cairo_t               *cr,
           const TlViewport      *viewport,
           const TlPaintGeometry *g,
           const TlFlow          *flow,
           GArray                *lines)
{
  double x0, x1, y0, y1, top = g->plot_y, bottom = g->plot_y + g->plot_height;
  double margin = 2000;

  if (!flow_end_y (self, viewport, g, flow->from_lane, &y0) ||
      !flow_end_y (self, viewport, g, flow->to_lane, &y1))
    return;
  if ((y0 < top && y1 < top) || (y0 > bottom && y1 > bottom))
    return;
  x0 = CLAMP (tl_time_map_x (&g->map, flow->from_ts), g->plot_x - margin,
              g->plot_x + g->plot_width + margin);
  x1 = CLAMP (tl_time_map_x (&g->map, flow->to_ts), g->plot_x - margin,
              g->plot_x + g->plot_width + margin);
  if ((x0 < g->plot_x && x1 < g->plot_x) ||
      (x0 > g->plot_x + g->plot_width && x1 > g->plot_x + g->plot_width))
    return;

  g_array_append_vals (lines, (double[]) { x0, y0, x1, y1 }, 1);
  self->stats.flows++;
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

static void
draw_flows (TlPainter             *self,
            cairo_t               *cr,
            const TlViewport      *viewport,
            const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  g_autoptr(GArray) picked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) heads = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  const TlFlow *flows;
  guint n_flows, first, n, lo;
  guint budget = (guint) (g->plot_width / FLOW_SPACING_PX);
  double head = p->marker_size * 0.8;

  flows = tl_trace_model_get_flows (self->model, &n_flows);
  tl_trace_model_get_flow_range (self->model, g->map.t0, g->map.t1, &first, &n);
  if (n == 0)
    return;

  /* The model's range reaches back by its longest arrow, which may be
   * very long: count only the arrows that start in view... */
  lo = first_flow_from (flows, first, first + n, g->map.t0);
  if (n <= budget)
    {
      for (guint i = first; i < first + n; i++)
        g_array_append_val (picked, i);
    }
  else if (first + n - lo <= budget)
    {
      /* ...then those that come into view from the left, looking back
       * a bounded way. */
      for (guint i = lo; i-- > first && lo - i <= MAX_LOOK_BACK && picked->len < budget;)
        if (flows[i].to_ts >= g->map.t0)
          g_array_append_val (picked, i);
      for (guint i = lo; i < first + n; i++)
        g_array_append_val (picked, i);
    }
  else
    {
      /* Too many to tell apart: the first that starts in each few pixels. */
      for (double x = g->plot_x; x < g->plot_x + g->plot_width; x += FLOW_BIN_PX)
        {
          gint64 t1 = tl_time_map_time (&g->map, x + FLOW_BIN_PX);
          guint i = first_flow_from (flows, lo, first + n, tl_time_map_time (&g->map, x));

          if (i < first + n && flows[i].from_ts < t1)
            g_array_append_val (picked, i);
        }
      self->stats.flows_skipped += first + n - lo - picked->len;
    }

  cairo_save (cr);
  cairo_set_line_width (cr, p->line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint kind = 0; kind < TL_N_FLOW_KINDS; kind++)
    {
      g_array_set_size (heads, 0);
      for (guint i = 0; i < picked->len; i++)
        {
          const TlFlow *flow = &flows[g_array_index (picked, guint, i)];

          if (flow->kind == kind)
            flow_path (self, cr, viewport, g, flow, heads);
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

/* ---- the frame ------------------------------------------------------------ */

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

  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    g_array_set_size (self->rects[c], 0);
  g_array_set_size (self->drawn, 0);

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
      if (row->kind == TL_ROW_PROCESS)
        {
          tl_rgba_set_source (cr, &p->process_bg);
          cairo_rectangle (cr, g->plot_x, top, g->plot_width, bottom - top);
          cairo_fill (cr);
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
          draw_counter (self, cr, row, viewport, g);
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
          tl_trace_summary_collect_spans (self->summary, row->lane, t, &g->map,
                                          self->merge_width, self->runs, &stats);
          draw_track_runs (self, row->lane, t, ty, th);
        }
      if (tl_lane_get_n_open (lane) > 0)
        draw_open_spans (self, lane, row, viewport, g, open_end);
    }

  fill_batches (self, cr);

  cairo_save (cr);
  cairo_rectangle (cr, g->plot_x, g->plot_y, g->plot_width, g->plot_height);
  cairo_clip (cr);
  draw_span_details (self, cr);
  /* Marks over arrows: an arrow starts or ends at one. */
  if (self->options & TL_PAINT_SHOW_FLOWS)
    draw_flows (self, cr, viewport, g);
  if (self->options & TL_PAINT_SHOW_INSTANTS)
    draw_marks (self, cr, first_row, end_row, viewport, g);
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
      memset (&self->stats, 0, sizeof self->stats);
      cairo_save (cr);
      tl_rgba_set_source (cr, &self->palette->background);
      cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
      cairo_fill (cr);
      draw_rows (self, cr, viewport, &g);
      _tl_painter_draw_findings (self, cr, viewport, &g);
      _tl_painter_draw_gutter (self, cr, viewport, &g);
      if (g.axis_height > 0)
        _tl_painter_draw_axis (self, cr, viewport, &g);
      if (g.legend_height > 0)
        _tl_painter_draw_legend (self, cr, viewport, &g);
      cairo_restore (cr);
    }
  if (layers & TL_PAINT_LAYER_OVERLAY)
    {
      cairo_save (cr);
      _tl_painter_draw_overlay (self, cr, viewport, &g);
      cairo_restore (cr);
    }
}

/* ---- names ---------------------------------------------------------------- */

void
_tl_painter_append_lane_name (TlPainter *self,
                              guint32    index,
                              GString   *out)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, index);
  const char *name = tl_trace_model_get_string (self->model, tl_lane_get_name (lane));

  if (name != NULL && name[0] != '\0')
    {
      g_string_append (out, name);
      return;
    }
  switch (tl_lane_get_kind (lane))
    {
    case TL_LANE_THREAD:
      g_string_append_printf (out, "thread %" G_GUINT64_FORMAT, tl_lane_get_key (lane));
      break;
    case TL_LANE_GIL:
      g_string_append (out, "GIL");
      break;
    case TL_LANE_LOCK:
      g_string_append_printf (out, "lock %" G_GINT64_MODIFIER "x", tl_lane_get_key (lane));
      break;
    case TL_LANE_COUNTER:
      g_string_append (out, "counter");
      break;
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      g_string_append (out, "async");
      break;
    }
}

void
_tl_painter_append_process_name (TlPainter *self,
                                 guint32    index,
                                 GString   *out)
{
  const TlProcess *process = tl_trace_model_get_process (self->model, index);
  const char *name = tl_trace_model_get_string (self->model, process->name);

  if (name != NULL && name[0] != '\0')
    g_string_append_printf (out, "%s (%u)", name, process->pid);
  else
    g_string_append_printf (out, "process %u", process->pid);
}

char *
tl_painter_dup_lane_name (TlPainter *self,
                          guint32    lane)
{
  GString *out;

  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (self->model), NULL);

  out = g_string_new (NULL);
  _tl_painter_append_lane_name (self, lane, out);
  return g_string_free (out, FALSE);
}
