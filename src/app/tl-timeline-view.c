/* tl-timeline-view.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The painter does the drawing and the hit testing; this widget turns
 * input into changes of the session's visible range, selection,
 * playhead and measured stretch (a drag with Shift held), shows the
 * session's search, and keeps frames cheap: the painter's base layer (rows, spans,
 * arrows, axis) is kept as a render node until the view, the model or the
 * style changes, and only the overlay (hover, selection, now, playhead) is
 * drawn every frame.
 */
#define G_LOG_DOMAIN "tl-timeline-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "tl-timeline-view.h"

#define ZOOM_STEP        1.25
#define DRAG_THRESHOLD   4.0
#define SCROLL_STEP_PX   48.0

typedef struct
{
  gint64  t0;
  gint64  t1;
  int     width;
  int     height;
  double  scroll_y;
  gint64  now;
  gint64  playhead;
  guint64 generation;
  int     style;
  guint   layout_serial;
} BaseKey;

struct _TlTimelineView
{
  GtkWidget            parent_instance;

  TlSession           *session;
  TlPainter           *painter;
  TlTraceModel        *model;
  gboolean             hiding_tooltip;   /* tl_timeline_view_hide_tooltip () is asking */

  GtkAdjustment       *hadjustment;
  GtkAdjustment       *vadjustment;
  guint                hscroll_policy : 1;
  guint                vscroll_policy : 1;

  GdkTexture          *base_texture;
  BaseKey              base_key;
  guint                layout_serial;

  guint                tick_id;
  gint64               last_frame_us;
  guint64              n_frames;

  /* Dragging to pan, or with Shift to measure from measure_from. */
  gint64               drag_t0;
  gint64               drag_t1;
  double               drag_scroll;
  gboolean             dragged;
  gboolean             measuring;
  gint64               measure_from;
  gboolean             library_undimmed;

  /* Pinch. */
  double               pinch_scale;

  double               pointer_x;
  double               pointer_y;
  TlViewport           last_viewport;
  int                  presentation;   /* the screen's height, or 0 */
  gboolean             ghost;          /* replay: the future faded, not hidden */
};

static void tl_timeline_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlTimelineView, tl_timeline_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      tl_timeline_view_scrollable_init))

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS,

  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

static void
tl_timeline_view_scrollable_init (GtkScrollableInterface *iface)
{
}

static void
invalidate (TlTimelineView *self)
{
  g_clear_object (&self->base_texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The colours: the system's (presentation is a size, not a colour). */
static TlStyle
current_style (TlTimelineView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (adw_style_manager_get_high_contrast (manager))
    return TL_STYLE_HIGH_CONTRAST;
  return adw_style_manager_get_dark (manager) ? TL_STYLE_DARK : TL_STYLE_LIGHT;
}

static void configure_vadjustment (TlTimelineView *self);
static void show_search_and_range (TlTimelineView *self);

/* Row heights change with the style and with presentation. */
static void
style_changed_cb (TlTimelineView *self)
{
  if (self->painter != NULL)
    {
      tl_painter_set_style (self->painter, current_style (self));
      tl_painter_set_presentation (self->painter, self->presentation);
    }
  configure_vadjustment (self);
  invalidate (self);
}

static double
scroll_offset (TlTimelineView *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0.0;
}

static void
build_viewport (TlTimelineView *self,
                TlViewport     *viewport)
{
  gint64 t0 = 0, t1 = 1;

  if (self->session != NULL)
    tl_session_get_visible (self->session, &t0, &t1);
  tl_viewport_init (viewport, t0, MAX (t1, t0 + 1),
                    MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1),
                    MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1));
  viewport->scroll_y = scroll_offset (self);
  viewport->playhead = self->session != NULL ? tl_session_get_playhead (self->session) : TL_TS_NONE;
  viewport->now = TL_TS_NONE;
  /* While live, time goes on even when nothing records. */
  if (self->session != NULL && tl_session_get_state (self->session) == TL_SESSION_LIVE)
    viewport->now = tl_session_get_now (self->session);
}

static void
configure_vadjustment (TlTimelineView *self)
{
  TlViewport viewport;
  TlPaintGeometry geometry;
  double content, chrome, page, value;

  if (self->vadjustment == NULL)
    return;
  page = gtk_widget_get_height (GTK_WIDGET (self));
  if (self->painter == NULL || page <= 0)
    {
      gtk_adjustment_configure (self->vadjustment, 0, 0, MAX (page, 1), 1, 1, MAX (page, 1));
      return;
    }

  build_viewport (self, &viewport);
  tl_painter_get_geometry (self->painter, &viewport, &geometry);
  content = tl_painter_get_content_height (self->painter);
  /* The axis and legend stay put; only the rows scroll. */
  chrome = page - geometry.plot_height;
  value = MIN (gtk_adjustment_get_value (self->vadjustment), MAX (0, content + chrome - page));
  gtk_adjustment_configure (self->vadjustment, value, 0, MAX (content + chrome, page), SCROLL_STEP_PX,
                            page * 0.9, page);
}

/* ---- following the model --------------------------------------------- */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  TlTimelineView *self = TL_TIMELINE_VIEW (widget);
  gint64 frame_us = gdk_frame_clock_get_frame_time (frame_clock);
  gint64 elapsed_us = self->last_frame_us ? frame_us - self->last_frame_us : 0;
  gboolean live, playing;

  self->last_frame_us = frame_us;
  if (self->session == NULL)
    goto stop;
  live = tl_session_get_state (self->session) == TL_SESSION_LIVE;
  playing = tl_session_get_playing (self->session);

  if (live && self->painter != NULL)
    {
      if (tl_painter_update (self->painter))
        configure_vadjustment (self);
      /* "Now" moves on every frame, events or not. */
      tl_session_follow_now (self->session);
      invalidate (self);
    }

  if (playing && self->model != NULL)
    {
      gint64 start, end, playhead = tl_session_get_playhead (self->session);
      gint64 t0, t1;

      tl_trace_model_get_time_range (self->model, &start, &end);
      playhead += (gint64) (elapsed_us * 1000.0 * tl_session_get_speed (self->session));
      if (playhead >= end)
        {
          playhead = end;
          tl_session_set_playing (self->session, FALSE);
        }
      tl_session_set_playhead (self->session, playhead);

      /* Keep the playhead in sight: page along when it leaves. */
      tl_session_get_visible (self->session, &t0, &t1);
      if (playhead > t1 || playhead < t0)
        tl_session_set_visible (self->session, playhead - (t1 - t0) / 10, playhead + (t1 - t0) * 9 / 10);
      gtk_widget_queue_draw (widget);
    }

  if (live || playing)
    return G_SOURCE_CONTINUE;

stop:
  self->tick_id = 0;
  self->last_frame_us = 0;
  return G_SOURCE_REMOVE;
}

static void
update_ticking (TlTimelineView *self)
{
  gboolean wanted = self->session != NULL &&
                    (tl_session_get_state (self->session) == TL_SESSION_LIVE ||
                     tl_session_get_playing (self->session));

  if (wanted && self->tick_id == 0)
    {
      self->last_frame_us = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
    }
}

static void
model_changed_cb (TlTimelineView *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);

  if (model != self->model)
    {
      g_set_object (&self->model, model);
      g_clear_object (&self->painter);
      if (model != NULL)
        {
          self->painter = tl_painter_new (model);
          tl_painter_set_style (self->painter, current_style (self));
          tl_painter_set_presentation (self->painter, self->presentation);
          tl_painter_set_ghost (self->painter, self->ghost);
          tl_painter_set_step (self->painter, tl_session_get_step (self->session));
          if (self->library_undimmed)
            tl_painter_set_options (self->painter,
                                    tl_painter_get_options (self->painter) | TL_PAINT_LIBRARY_UNDIMMED);
        }
      show_search_and_range (self);
      if (self->vadjustment != NULL)
        gtk_adjustment_set_value (self->vadjustment, 0);
    }
  if (self->painter != NULL)
    tl_painter_update (self->painter);
  self->layout_serial++;
  configure_vadjustment (self);
  update_ticking (self);
  invalidate (self);
}

/* What the session searches and measures, on this model's painter. */
static void
show_search_and_range (TlTimelineView *self)
{
  gint64 t0, t1;

  if (self->painter == NULL)
    return;
  tl_painter_set_search (self->painter, tl_session_get_search (self->session));
  tl_session_get_range (self->session, &t0, &t1);
  tl_painter_set_range (self->painter, t0, t1);
}

static void
search_changed_cb (TlTimelineView *self)
{
  show_search_and_range (self);
  invalidate (self);
}

static void
range_changed_cb (TlTimelineView *self)
{
  show_search_and_range (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The selected item's row in sight: a selection made elsewhere (a
 * search's next match) may be in a row scrolled away. */
static void
reveal_selection (TlTimelineView *self)
{
  const TlItemRef *item = tl_session_get_selection (self->session);
  const TlLayout *layout;
  const TlRow *row;
  TlViewport viewport;
  TlPaintGeometry geometry;
  guint r;

  if (self->vadjustment == NULL || item->lane == TL_INDEX_NONE || item->type == TL_ITEM_FLOW)
    return;
  layout = tl_painter_get_layout (self->painter);
  r = tl_layout_lookup_lane (layout, item->lane);
  if (r == G_MAXUINT)
    return;
  row = tl_layout_get_row (layout, r);
  build_viewport (self, &viewport);
  tl_painter_get_geometry (self->painter, &viewport, &geometry);
  /* Wholly out of sight only: a click on a row half in view moves nothing. */
  if (row->y + row->height <= viewport.scroll_y || row->y >= viewport.scroll_y + geometry.plot_height)
    gtk_adjustment_set_value (self->vadjustment, MAX (0.0, row->y - geometry.plot_height / 3));
}

static void
selection_changed_cb (TlTimelineView *self)
{
  if (self->painter == NULL)
    return;
  tl_painter_set_selection (self->painter, tl_session_get_selection (self->session));
  reveal_selection (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Replayed, the rows are those that had begun by the playhead: their
 * height, and so the scrolling, follows it. */
static void
playhead_cb (TlTimelineView *self)
{
  configure_vadjustment (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The event a step landed on is highlighted (in the overlay). */
static void
stepped_cb (TlTimelineView *self)
{
  if (self->painter != NULL)
    tl_painter_set_step (self->painter, tl_session_get_step (self->session));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
session_state_cb (TlTimelineView *self)
{
  update_ticking (self);
  invalidate (self);
}

/* ---- drawing ------------------------------------------------------------ */

static gboolean
base_key_equal (const BaseKey *a,
                const BaseKey *b)
{
  return a->t0 == b->t0 && a->t1 == b->t1 && a->width == b->width && a->height == b->height &&
         a->scroll_y == b->scroll_y && a->now == b->now && a->playhead == b->playhead &&
         a->generation == b->generation &&
         a->style == b->style && a->layout_serial == b->layout_serial;
}

/* The base layer on an image surface: the painter writes spans straight
 * into its pixels there, much faster than through a recording surface. */
static GdkTexture *
draw_base (TlTimelineView *self,
           int             width,
           int             height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale,
                                                         height * scale);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  tl_painter_draw (self->painter, cr, &self->last_viewport, TL_PAINT_LAYER_BASE);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The pixels stay where cairo drew them; the texture frees the surface. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height * scale,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width * scale, height * scale, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) cairo_image_surface_get_stride (surface));
  return texture;
}

static void
tl_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TlTimelineView *self = TL_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  BaseKey key;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  self->n_frames++;
  if (self->painter == NULL)
    return;

  build_viewport (self, &self->last_viewport);
  key.t0 = self->last_viewport.t0;
  key.t1 = self->last_viewport.t1;
  key.width = width;
  key.height = height;
  key.scroll_y = self->last_viewport.scroll_y;
  key.now = self->last_viewport.now;
  /* The playhead hides what is after it: part of the base during replay. */
  key.playhead = self->last_viewport.playhead;
  key.generation = tl_trace_model_get_generation (self->model);
  key.style = tl_painter_get_style (self->painter);
  key.layout_serial = self->layout_serial;

  if (self->base_texture == NULL || !base_key_equal (&key, &self->base_key))
    {
      g_clear_object (&self->base_texture);
      self->base_texture = draw_base (self, width, height);
      self->base_key = key;
    }
  gtk_snapshot_append_texture (snapshot, self->base_texture, &bounds);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  tl_painter_draw (self->painter, cr, &self->last_viewport, TL_PAINT_LAYER_OVERLAY);
  cairo_destroy (cr);
}

static void
tl_timeline_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  TlTimelineView *self = TL_TIMELINE_VIEW (widget);

  configure_vadjustment (self);
  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment, 0, 0, width, 1, 1, width);
  /* A popover pointing into the timeline (a bookmark's note) is placed
   * by its parent. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
  invalidate (self);
}

/* ---- input ------------------------------------------------------------- */

static gint64
time_at (TlTimelineView *self,
         double          x)
{
  TlViewport viewport;
  TlPaintGeometry geometry;

  build_viewport (self, &viewport);
  if (self->painter == NULL)
    return viewport.t0;
  tl_painter_get_geometry (self->painter, &viewport, &geometry);
  return tl_time_map_time (&geometry.map, CLAMP (x, geometry.map.x0, geometry.map.x1));
}

static double
ns_per_px (TlTimelineView *self)
{
  TlViewport viewport;
  TlPaintGeometry geometry;

  build_viewport (self, &viewport);
  if (self->painter == NULL)
    return (double) (viewport.t1 - viewport.t0) / MAX (viewport.width, 1);
  tl_painter_get_geometry (self->painter, &viewport, &geometry);
  return geometry.map.ns_per_px;
}

static void
zoom_at (TlTimelineView *self,
         double          factor,
         double          x)
{
  if (self->session == NULL)
    return;
  tl_session_zoom (self->session, factor, time_at (self, x));
}

static void
pan_pixels (TlTimelineView *self,
            double          dx)
{
  if (self->session == NULL)
    return;
  tl_session_pan (self->session, (gint64) (dx * ns_per_px (self)));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           TlTimelineView           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, pow (ZOOM_STEP, -dy), self->pointer_x);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      pan_pixels (self, dy * SCROLL_STEP_PX);
      return TRUE;
    }
  if (dx != 0)
    {
      pan_pixels (self, dx * SCROLL_STEP_PX);
      return TRUE;
    }
  /* Up and down scroll the rows: the scrolled window does that. */
  return FALSE;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                TlTimelineView   *self)
{
  self->pinch_scale = 1.0;
}

static void
pinch_scale_changed_cb (GtkGestureZoom *gesture,
                        double          scale,
                        TlTimelineView *self)
{
  double x, y;

  if (scale <= 0 || self->pinch_scale <= 0)
    return;
  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  zoom_at (self, scale / self->pinch_scale, x);
  self->pinch_scale = scale;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               TlTimelineView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (self->session == NULL)
    return;
  tl_session_get_visible (self->session, &self->drag_t0, &self->drag_t1);
  self->drag_scroll = scroll_offset (self);
  self->dragged = FALSE;
  self->measuring = (state & GDK_SHIFT_MASK) != 0 && self->painter != NULL;
  self->measure_from = time_at (self, x);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                TlTimelineView *self)
{
  gint64 shift;

  if (self->session == NULL)
    return;
  if (!self->dragged && fabs (offset_x) < DRAG_THRESHOLD && fabs (offset_y) < DRAG_THRESHOLD)
    return;
  self->dragged = TRUE;
  if (self->measuring)
    {
      double start_x, start_y;
      gint64 to;

      gtk_gesture_drag_get_start_point (gesture, &start_x, &start_y);
      to = time_at (self, start_x + offset_x);
      tl_session_set_range (self->session, MIN (self->measure_from, to), MAX (self->measure_from, to));
      return;
    }
  shift = (gint64) (offset_x * (double) (self->drag_t1 - self->drag_t0) /
                    MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1));
  tl_session_set_follow (self->session, FALSE);
  tl_session_set_visible (self->session, self->drag_t0 - shift, self->drag_t1 - shift);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, self->drag_scroll - offset_y);
}

static void
select_hit (TlTimelineView *self,
            const TlHit    *hit,
            int             n_press)
{
  TlItemRef item;

  switch (hit->kind)
    {
    case TL_HIT_PROCESS:
      if (self->model != NULL && hit->process != TL_INDEX_NONE)
        {
          guint32 pid = tl_trace_model_get_process (self->model, hit->process)->pid;

          tl_painter_set_process_collapsed (self->painter, pid,
                                            !tl_painter_get_process_collapsed (self->painter, pid));
          self->layout_serial++;
          configure_vadjustment (self);
          invalidate (self);
        }
      break;

    case TL_HIT_MERGED_SPANS:
    case TL_HIT_MERGED_INSTANTS:
      /* Too small to tell apart: look closer. */
      tl_session_set_follow (self->session, FALSE);
      tl_session_set_visible (self->session, hit->start, MAX (hit->end, hit->start + 1000));
      break;

    case TL_HIT_SPAN:
    case TL_HIT_INSTANT:
    case TL_HIT_FLOW:
      if (tl_hit_to_item_ref (hit, &item))
        {
          tl_session_set_selection (self->session, &item);
          if (n_press == 2 && hit->end > hit->start)
            {
              gint64 pad = (hit->end - hit->start) / 10;

              tl_session_set_follow (self->session, FALSE);
              tl_session_set_visible (self->session, hit->start - pad, hit->end + pad);
            }
        }
      break;

    case TL_HIT_AXIS:
      if (tl_session_get_state (self->session) == TL_SESSION_STOPPED)
        tl_session_set_playhead (self->session, hit->time);
      break;

    case TL_HIT_NONE:
    case TL_HIT_LANE:
    default:
      tl_session_set_selection (self->session, NULL);
      break;
    }
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   TlTimelineView  *self)
{
  TlViewport viewport;
  TlHit hit;

  if (self->dragged || self->painter == NULL || self->session == NULL)
    return;
  build_viewport (self, &viewport);
  if (!tl_painter_hit_test (self->painter, &viewport, x, y, &hit))
    hit.kind = TL_HIT_NONE;
  select_hit (self, &hit, n_press);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           TlTimelineView           *self)
{
  TlViewport viewport;
  TlItemRef item;
  TlHit hit;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->painter == NULL)
    return;
  build_viewport (self, &viewport);
  if (tl_painter_hit_test (self->painter, &viewport, x, y, &hit) && tl_hit_to_item_ref (&hit, &item))
    tl_painter_set_hover (self->painter, &item);
  else
    tl_painter_set_hover (self->painter, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *controller,
          TlTimelineView           *self)
{
  if (self->painter != NULL)
    tl_painter_set_hover (self->painter, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tl_timeline_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  TlTimelineView *self = TL_TIMELINE_VIEW (widget);
  g_autofree char *text = NULL;
  TlViewport viewport;
  TlHit hit;

  if (keyboard || self->painter == NULL || self->hiding_tooltip)
    return FALSE;
  build_viewport (self, &viewport);
  if (!tl_painter_hit_test (self->painter, &viewport, x, y, &hit) || hit.kind == TL_HIT_NONE)
    return FALSE;
  text = tl_painter_describe_hit (self->painter, &hit);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  /* Without an area GTK places the tip against the whole timeline (in its
   * middle); beside the pointer is where the eye is. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x - 4, y - 4, 8, 8 });
  return TRUE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
set_adjustment (TlTimelineView  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment)
{
  if (*slot == adjustment)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_set_object (slot, adjustment);
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed",
                             G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
  configure_vadjustment (self);
}

GtkWidget *
tl_timeline_view_new (void)
{
  return g_object_new (TL_TYPE_TIMELINE_VIEW, NULL);
}

TlSession *
tl_timeline_view_get_session (TlTimelineView *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE_VIEW (self), NULL);
  return self->session;
}

void
tl_timeline_view_set_session (TlTimelineView *self,
                              TlSession      *session)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "model-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "visible-changed", G_CALLBACK (invalidate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "selection-changed", G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "range-changed", G_CALLBACK (range_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::playing", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::playhead", G_CALLBACK (playhead_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "stepped", G_CALLBACK (stepped_cb), self, G_CONNECT_SWAPPED);
      /* Bookmarks are in the overlay: the base stays. */
      g_signal_connect_object (session, "bookmarks-changed", G_CALLBACK (gtk_widget_queue_draw), self,
                               G_CONNECT_SWAPPED);
      model_changed_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

TlPainter *
tl_timeline_view_get_painter (TlTimelineView *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE_VIEW (self), NULL);
  return self->painter;
}

void
tl_timeline_view_get_viewport (TlTimelineView *self,
                               TlViewport     *viewport)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));
  build_viewport (self, viewport);
}

void
tl_timeline_view_hide_tooltip (TlTimelineView *self)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));

  /* A query that finds nothing takes the tip down. */
  self->hiding_tooltip = TRUE;
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  self->hiding_tooltip = FALSE;
}

void
tl_timeline_view_set_presentation (TlTimelineView *self,
                                   int             screen_height)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));
  g_return_if_fail (screen_height >= 0);

  if (self->presentation == screen_height)
    return;
  self->presentation = screen_height;
  style_changed_cb (self);
}

void
tl_timeline_view_set_ghost (TlTimelineView *self,
                            gboolean        ghost)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));

  ghost = !!ghost;
  if (self->ghost == ghost)
    return;
  self->ghost = ghost;
  if (self->painter != NULL)
    tl_painter_set_ghost (self->painter, ghost);
  self->layout_serial++;
  configure_vadjustment (self);
  invalidate (self);
}

gboolean
tl_timeline_view_get_ghost (TlTimelineView *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE_VIEW (self), FALSE);
  return self->ghost;
}

gboolean
tl_timeline_view_get_moment_rect (TlTimelineView *self,
                                  gint64          ts,
                                  GdkRectangle   *rect)
{
  TlViewport viewport;
  TlPaintGeometry geometry;
  double x;

  g_return_val_if_fail (TL_IS_TIMELINE_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (self->painter == NULL)
    return FALSE;
  build_viewport (self, &viewport);
  tl_painter_get_geometry (self->painter, &viewport, &geometry);
  x = tl_time_map_x (&geometry.map, ts);
  if (x < geometry.plot_x || x > geometry.plot_x + geometry.plot_width)
    return FALSE;
  rect->x = (int) x;
  rect->y = (int) geometry.axis_y;
  rect->width = 1;
  rect->height = (int) MAX (geometry.axis_height, 1);
  return TRUE;
}

void
tl_timeline_view_set_library_dimmed (TlTimelineView *self,
                                     gboolean        dimmed)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));

  self->library_undimmed = !dimmed;
  if (self->painter != NULL)
    {
      TlPaintOptions options = tl_painter_get_options (self->painter);

      tl_painter_set_options (self->painter, dimmed ? options & ~TL_PAINT_LIBRARY_UNDIMMED
                                                    : options | TL_PAINT_LIBRARY_UNDIMMED);
    }
  invalidate (self);
}

guint64
tl_timeline_view_get_n_frames (TlTimelineView *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE_VIEW (self), 0);
  return self->n_frames;
}

void
tl_timeline_view_scroll_rows (TlTimelineView *self,
                              double          rows)
{
  g_return_if_fail (TL_IS_TIMELINE_VIEW (self));

  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment,
                              gtk_adjustment_get_value (self->vadjustment) + SCROLL_STEP_PX * rows);
}

static void
tl_timeline_view_dispose (GObject *object)
{
  TlTimelineView *self = (TlTimelineView *) object;

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->painter);
  g_clear_object (&self->model);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
  g_clear_object (&self->base_texture);

  G_OBJECT_CLASS (tl_timeline_view_parent_class)->dispose (object);
}

static void
tl_timeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlTimelineView *self = TL_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_timeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlTimelineView *self = TL_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tl_timeline_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_timeline_view_class_init (TlTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_timeline_view_dispose;
  object_class->get_property = tl_timeline_view_get_property;
  object_class->set_property = tl_timeline_view_set_property;

  widget_class->snapshot = tl_timeline_view_snapshot;
  widget_class->size_allocate = tl_timeline_view_size_allocate;
  widget_class->query_tooltip = tl_timeline_view_query_tooltip;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tl_timeline_view_init (TlTimelineView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
}
