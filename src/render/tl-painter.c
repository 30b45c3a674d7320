/* tl-painter.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The painter's state: its model and style, keeping up with the model,
 * the geometry of a frame, the selection and the hover.  Drawing is in
 * tl-painter-frame.c and the files it calls.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-painter-private.h"

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

/* The style's palette, or its colours at presentation size. */
static void
choose_palette (TlPainter *self)
{
  if (self->presentation > 0 || self->style == TL_STYLE_PRESENTATION)
    {
      tl_palette_init_presentation (&self->own_palette, self->style,
                                    self->presentation > 0 ? self->presentation
                                                           : TL_PRESENTATION_DEFAULT_HEIGHT);
      self->palette = &self->own_palette;
    }
  else
    {
      self->palette = tl_palette_get (self->style);
    }
}

void
_tl_painter_ensure_style (TlPainter *self)
{
  if (self->text != NULL)
    return;
  self->text = tl_text_cache_new (self->palette->font_size, self->palette->small_font_size);
  tl_text_cache_set_record (self->text, self->drawn_texts);
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
  g_clear_pointer (&self->lesson, tl_lesson_free);
  g_clear_pointer (&self->layout, tl_layout_free);
  g_clear_pointer (&self->collapsed, g_hash_table_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_pointer (&self->bins, g_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);
  for (guint i = 0; i < TL_PAINT_N_SLOTS; i++)
    g_clear_pointer (&self->rects[i], g_array_unref);
  g_clear_pointer (&self->search_reach, g_array_unref);
  g_clear_pointer (&self->outlines, g_array_unref);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->open, g_array_unref);
  g_clear_pointer (&self->drawn_texts, g_ptr_array_unref);
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
  for (guint i = 0; i < TL_PAINT_N_SLOTS; i++)
    self->rects[i] = g_array_new (FALSE, FALSE, sizeof (TlRect));
  self->search_reach = g_array_new (FALSE, FALSE, sizeof (double));
  self->range_t0 = self->range_t1 = TL_TS_NONE;
  self->outlines = g_array_new (FALSE, FALSE, sizeof (TlRect));
  self->drawn = g_array_new (FALSE, FALSE, sizeof (TlDrawnSpan));
  self->open = g_array_new (FALSE, FALSE, sizeof (TlHorizonSpan));
  self->horizon = TL_HORIZON_NONE;
  self->layout_horizon = TL_HORIZON_NONE;
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
  choose_palette (self);
  clear_style_resources (self);
  self->layout_dirty = TRUE;
  self->changes++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

void
tl_painter_set_presentation (TlPainter *self,
                             int        screen_height)
{
  g_return_if_fail (TL_IS_PAINTER (self));
  g_return_if_fail (screen_height >= 0);

  if (self->presentation == screen_height)
    return;
  self->presentation = screen_height;
  choose_palette (self);
  clear_style_resources (self);
  self->layout_dirty = TRUE;
  self->changes++;
}

int
tl_painter_get_presentation (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), 0);
  return self->presentation;
}

void
tl_painter_set_record_texts (TlPainter *self,
                             gboolean   record)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  g_clear_pointer (&self->drawn_texts, g_ptr_array_unref);
  if (record)
    self->drawn_texts = g_ptr_array_new_with_free_func (g_free);
  if (self->text != NULL)
    tl_text_cache_set_record (self->text, self->drawn_texts);
}

GPtrArray *
tl_painter_get_drawn_texts (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  return self->drawn_texts;
}

double
tl_painter_get_min_text_height (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), 0);
  return self->min_text;
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
  if ((self->options ^ options) & (TL_PAINT_SHOW_MACHINERY | TL_PAINT_SHOW_IDS))
    self->layout_dirty = TRUE;
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

static gint
compare_ts (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Where the lesson's phases begin and end, in order. */
static GArray *
lesson_breaks (TlLesson *lesson)
{
  GArray *breaks = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; lesson != NULL && i < tl_lesson_get_n_phases (lesson); i++)
    {
      const TlLessonPhase *phase = tl_lesson_get_phase (lesson, i);

      if (phase->start != TL_TS_NONE)
        g_array_append_val (breaks, phase->start);
      if (phase->end != TL_TS_NONE)
        g_array_append_val (breaks, phase->end);
    }
  g_array_sort (breaks, compare_ts);
  return breaks;
}

static gboolean
lesson_focus (guint32  lane,
              gpointer lesson)
{
  return tl_lesson_shows_lane (lesson, lane);
}

void
_tl_painter_sync (TlPainter *self)
{
  guint64 generation = tl_trace_model_get_generation (self->model);

  if (!self->synced || generation != self->synced_generation)
    {
      tl_trace_summary_update (self->summary);
      note_flows (self);
      /* A recording says its lesson when it starts, a file when it loads. */
      if (self->lesson == NULL)
        self->lesson = tl_lesson_new (self->model);
      else
        tl_lesson_update (self->lesson);
      self->synced_generation = generation;
      self->synced = TRUE;
      self->layout_dirty = TRUE;
      self->changes++;
    }
  if (self->layout_dirty)
    {
      g_autoptr(GArray) breaks = lesson_breaks (self->lesson);
      TlLayoutOptions options = { self->palette->compact,
                                  (self->options & TL_PAINT_SHOW_MACHINERY) != 0,
                                  self->palette->compact && self->view_width > 0 ? &self->view : NULL,
                                  NULL, NULL, self->horizon,
                                  (const gint64 *) (void *) breaks->data, breaks->len };

      /* What does not fit a projector's screen gives way to the lesson. */
      if (self->lesson != NULL && tl_lesson_spec_get_objects (tl_lesson_get_spec (self->lesson))[0] != NULL)
        {
          options.focus = lesson_focus;
          options.focus_data = self->lesson;
        }

      tl_layout_build (self->layout, self->model, self->palette, self->collapsed, &options);
      self->layout_horizon = self->horizon;
      self->layout_dirty = FALSE;
      self->name_width = -1;
    }
}

void
_tl_painter_sync_view (TlPainter        *self,
                       const TlViewport *viewport)
{
  /* The plot is about three quarters of the width: near enough to tell
   * what is a few pixels wide. */
  double plot = MAX (1.0, viewport->width * 0.75);
  double room = 0;

  /* What had begun by the playhead has rows; the rest comes when it begins. */
  self->horizon = _tl_painter_horizon_for (self, viewport);
  if (self->horizon != self->layout_horizon)
    self->layout_dirty = TRUE;
  if (self->palette->compact)
    room = MAX (1.0, viewport->height - ((self->options & TL_PAINT_SHOW_AXIS) ? self->palette->axis_height : 0) -
                     _tl_painter_legend_height (self, viewport->width));
  if (self->palette->compact &&
      (self->view_width != viewport->width || self->view.t0 != viewport->t0 ||
       self->view.t1 != viewport->t1 || self->view.height != room))
    {
      self->view.t0 = viewport->t0;
      self->view.t1 = viewport->t1;
      self->view.ns_per_px = (double) (viewport->t1 - viewport->t0) / plot;
      self->view.height = room;
      self->view_width = viewport->width;
      self->layout_dirty = TRUE;
    }
  _tl_painter_sync (self);
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
  /* The lesson's column shows whole beside the lanes. */
  height = MAX (height, _tl_painter_lesson_height (self, _tl_painter_lesson_width (self, width)));
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

  _tl_painter_sync_view (self, viewport);
  p = self->palette;
  g->gutter_width = _tl_painter_gutter_width (self, viewport->width);
  g->axis_y = 0;
  g->axis_height = (self->options & TL_PAINT_SHOW_AXIS) ? p->axis_height : 0;
  g->legend_height = _tl_painter_legend_height (self, viewport->width);
  g->legend_y = viewport->height - g->legend_height;
  g->lesson_width = _tl_painter_lesson_width (self, viewport->width);
  g->lesson_x = viewport->width - g->lesson_width;
  g->plot_x = g->gutter_width;
  g->plot_y = g->axis_height;
  g->plot_width = MAX (1.0, viewport->width - g->plot_x - g->lesson_width);
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

  /* What is still going at a replay's playhead ends there. */
  if (self->horizon != TL_HORIZON_NONE)
    return self->horizon;
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

void
tl_painter_set_step (TlPainter    *self,
                     const TlStep *step)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  self->has_step = step != NULL;
  if (step != NULL)
    self->step = *step;
}

void
tl_painter_set_ghost (TlPainter *self,
                      gboolean   ghost)
{
  g_return_if_fail (TL_IS_PAINTER (self));

  ghost = !!ghost;
  if (self->ghost == ghost)
    return;
  self->ghost = ghost;
  self->changes++;
}

gboolean
tl_painter_get_ghost (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);
  return self->ghost;
}

const TlPaintStats *
tl_painter_get_stats (TlPainter *self)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  return &self->stats;
}
