/* tl-painter.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one drawing code for the timeline, on screen and in files.
 *
 * A painter draws a model's time range (a TlViewport) onto any cairo_t:
 * process header rows with their lanes below, lock and GIL lanes showing
 * who owns them, spans coloured by state, instants, flow arrows, a time
 * axis, a legend, the live "now" line and a replay playhead; beside the
 * lanes, a run's lesson (tl-lesson.h): its result cards and its chart,
 * when its trace carries one.  What a frame
 * costs follows the pixels, not the events: a TlTraceSummary (built once,
 * extended as a live model grows) lets every lane be drawn from a bounded
 * number of merged nodes.
 *
 * For a GTK widget (the painter itself knows nothing of GTK):
 *  - keep one painter per model; at the start of each frame call
 *    tl_painter_update (): cheap when nothing changed, TRUE when the model
 *    grew (live) or the style or collapsed processes changed;
 *  - draw TL_PAINT_LAYER_BASE once per change into an image surface of
 *    the widget's size times its scale (cairo_surface_set_device_scale ()),
 *    wrap its pixels in a GdkMemoryTexture (GDK_MEMORY_DEFAULT is cairo's
 *    ARGB32) and append that with gtk_snapshot_append_texture (); redraw
 *    it when the viewport, size, scale or tl_painter_update () says so.
 *    On an image surface the painter writes spans and marks straight into
 *    the pixels; on gtk_snapshot_append_cairo ()'s recording surface it
 *    would go through cairo's slower path (same picture);
 *  - draw TL_PAINT_LAYER_OVERLAY (hover, selection, the stepped event,
 *    bookmarks, the now line, the playhead) every frame with
 *    gtk_snapshot_append_cairo ();
 *  - replaying (the viewport has a playhead), the base layer shows the
 *    trace as it stood at the playhead: what had not happened yet is not
 *    drawn (lanes not begun, spans, marks, arrows not arrived, findings
 *    not yet found), spans still going end at the playhead, so that a
 *    replay draws exactly what the live run drew at that moment
 *    (tl-horizon.h); or, with tl_painter_set_ghost (), everything, with
 *    the future faded;
 *  - tl_painter_get_geometry () gives the plot area and the time map:
 *    ctrl+scroll zooms with tl_viewport_zoom (viewport, anchor, factor)
 *    where anchor is tl_time_map_time (&geometry.map, pointer_x); a drag
 *    pans by tl_viewport_pan (viewport, -dx * map.ns_per_px); while live
 *    and following, tl_viewport_follow (viewport, now) each frame, and
 *    tl_viewport_clamp () keeps the range sensible;
 *  - vertical scrolling: viewport->scroll_y, up to
 *    tl_painter_get_content_height () minus the plot's height;
 *  - tl_painter_hit_test () for tooltips (tl_painter_describe_hit ()),
 *    clicks and the inspector (tl_hit_to_item_ref () gives the model's
 *    TlItemRef); a click on a process row in the gutter toggles
 *    tl_painter_set_process_collapsed ().
 *
 * A painter belongs to the thread that owns its model.
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "tl-findings.h"
#include "tl-layout.h"
#include "tl-lesson-steps.h"
#include "tl-palette.h"
#include "tl-span-search.h"
#include "tl-trace-model.h"
#include "tl-trace-model-code.h"
#include "tl-trace-summary.h"
#include "tl-viewport.h"

G_BEGIN_DECLS

typedef enum
{
  TL_PAINT_LAYER_BASE    = 1 << 0,  /* rows, spans, instants, flows, labels, axis, legend */
  TL_PAINT_LAYER_OVERLAY = 1 << 1,  /* hover, selection, step, bookmarks, now line, playhead */
  TL_PAINT_LAYER_ALL     = TL_PAINT_LAYER_BASE | TL_PAINT_LAYER_OVERLAY,
} TlPaintLayers;

typedef enum
{
  TL_PAINT_SHOW_AXIS     = 1 << 0,
  TL_PAINT_SHOW_LEGEND   = 1 << 1,
  TL_PAINT_SHOW_INSTANTS = 1 << 2,
  TL_PAINT_SHOW_FLOWS    = 1 << 3,
  TL_PAINT_SHOW_LABELS   = 1 << 4,  /* text inside wide spans, values at marks */
  TL_PAINT_SHOW_LESSON   = 1 << 7,  /* the run's result cards and chart, right of the lanes */
  TL_PAINT_SHOW_ALL      = 0x9f,    /* all a viewer needs: not the two below */
  TL_PAINT_SHOW_IDS      = 1 << 5,  /* pids and tids beside names (the inspector has them) */
  TL_PAINT_SHOW_MACHINERY = 1 << 6, /* Threadline's own runner, for its developers */
  TL_PAINT_LIBRARY_UNDIMMED = 1 << 8, /* library code as bright as the program's own */
} TlPaintOptions;

/* Where things are, in pixels, for one viewport. */
typedef struct
{
  double    plot_x;          /* the lanes' area */
  double    plot_y;
  double    plot_width;
  double    plot_height;
  double    gutter_width;    /* lane names, left of the plot */
  double    axis_y;
  double    axis_height;     /* 0 without an axis */
  double    legend_y;
  double    legend_height;   /* 0 without a legend */
  double    lesson_x;        /* the lesson's cards and chart, right of the plot */
  double    lesson_width;    /* 0 without them */
  TlTimeMap map;             /* the viewport's time range over the plot */
} TlPaintGeometry;

typedef enum
{
  TL_HIT_NONE = 0,
  TL_HIT_AXIS,               /* the time axis: time is set */
  TL_HIT_PROCESS,            /* a process header row (the gutter part toggles it);
                              * folded: the row of what the view cannot show */
  TL_HIT_LANE,               /* a lane, but nothing on it there */
  TL_HIT_SPAN,               /* one span; open: a live span, index is its open index */
  TL_HIT_MERGED_SPANS,       /* a column of spans drawn merged: n_items of them */
  TL_HIT_INSTANT,
  TL_HIT_MERGED_INSTANTS,    /* n_items instants drawn as one mark */
  TL_HIT_FLOW,
} TlHitKind;

typedef struct
{
  TlHitKind kind;
  guint32   process;         /* process index, or TL_INDEX_NONE */
  guint32   lane;            /* lane index, or TL_INDEX_NONE */
  guint     track;
  guint32   index;           /* the span, instant or flow; the first one when merged */
  guint32   n_items;         /* 1, or how many were merged */
  gint64    start;           /* the item's time range (an instant: its time), or */
  gint64    end;             /* the merged column's */
  gint64    time;            /* the time under the pointer */
  guint8    paint_class;     /* spans: theirs, or the dominant one when merged */
  guint8    accent;          /* merged: the runner-up, when it has
                              * TL_SUMMARY_ACCENT_SHARE of the time or more;
                              * else TL_PAINT_N_CLASSES */
  guint32   marks;           /* instants: 1 << TlMarkClass of the kinds present */
  gboolean  open;            /* a span still open (live, or at the playhead):
                              * index is its place among its lane's open spans */
  gboolean  in_gutter;       /* on the row's name, left of the plot */
  gboolean  folded;          /* process: the row of n_items processes (process is
                              * TL_INDEX_NONE) or threads of process that the
                              * view cannot show */
  gboolean  grouped;         /* folded: n_items sibling processes folded to
                              * fit the view's room (tl-layout.h) */
} TlHit;

/* What the last frame drew: tests check the level of detail with it. */
typedef struct
{
  guint   rows;              /* rows drawn */
  guint   rects;             /* span rectangles filled */
  guint   exact_spans;       /* of which spans drawn one by one */
  guint   merged_runs;       /* of which merged columns */
  guint   marks;             /* instant marks */
  guint   flows;             /* arrows */
  guint   flows_skipped;     /* flows in range left out to stay within budget */
  guint   texts;             /* labels shown */
  guint   legend_entries;    /* in the legend */
  guint   legend_left_out;   /* drawn, but with no room in the legend's line */
  guint   search_marks;      /* search matches drawn (those in one pixel column of
                              * a track, once) */
  guint64 nodes;             /* summary nodes visited */
} TlPaintStats;

#define TL_TYPE_PAINTER (tl_painter_get_type ())
G_DECLARE_FINAL_TYPE (TlPainter, tl_painter, TL, PAINTER, GObject)

TlPainter        *tl_painter_new                  (TlTraceModel          *model)
                                                   G_GNUC_WARN_UNUSED_RESULT;
TlTraceModel     *tl_painter_get_model            (TlPainter             *self);
TlTraceSummary   *tl_painter_get_summary          (TlPainter             *self);

TlStyle           tl_painter_get_style            (TlPainter             *self);
void              tl_painter_set_style            (TlPainter             *self,
                                                   TlStyle                style);
const TlPalette  *tl_painter_get_palette          (TlPainter             *self);
TlPaintOptions    tl_painter_get_options          (TlPainter             *self);
void              tl_painter_set_options          (TlPainter             *self,
                                                   TlPaintOptions         options);
/* Presentation: text and rows for a projector whose screen is
 * @screen_height pixels tall (the window's height, not the timeline's):
 * every text the painter draws is at least screen_height / 30 pixels
 * high, rows are compact (see tl-layout.h), lines thick.  The colours
 * stay the style's: light, dark or high contrast.  0 turns it off.
 * (TL_STYLE_PRESENTATION is the light colours at presentation size, for
 * screen_height, or TL_PRESENTATION_DEFAULT_HEIGHT when it is 0.) */
void              tl_painter_set_presentation     (TlPainter             *self,
                                                   int                    screen_height);
int               tl_painter_get_presentation     (TlPainter             *self);
/* The size in pixels (the em) of the smallest text the last frame drew,
 * its base and overlay layers together; 0 when it drew no text. */
double            tl_painter_get_min_text_height  (TlPainter             *self);
/* For tests and checks of what a class sees: with @record set, the
 * painter keeps the texts each frame draws (base and overlay), which
 * tl_painter_get_drawn_texts () returns until the next base layer. */
void              tl_painter_set_record_texts     (TlPainter             *self,
                                                   gboolean               record);
/* The texts of the last frame (strings), NULL when not recording. */
GPtrArray        *tl_painter_get_drawn_texts      (TlPainter             *self);
/* Spans narrower than this many pixels merge (default 3). */
double            tl_painter_get_merge_width      (TlPainter             *self);
void              tl_painter_set_merge_width      (TlPainter             *self,
                                                   double                 pixels);

/* Catches up with the model: summary and layout.  Returns TRUE when
 * anything changed since the last call. */
gboolean          tl_painter_update               (TlPainter             *self);

gboolean          tl_painter_get_process_collapsed (TlPainter            *self,
                                                   guint32                pid);
void              tl_painter_set_process_collapsed (TlPainter            *self,
                                                   guint32                pid,
                                                   gboolean               collapsed);

/* The rows, after tl_painter_update (). */
const TlLayout   *tl_painter_get_layout           (TlPainter             *self);
/* Height of all rows, for the widget's vertical scrolling.  In
 * presentation the rows depend on the time range in view (what is too
 * short to see there takes no row): ask after tl_painter_get_geometry ()
 * or tl_painter_draw () for the current viewport. */
double            tl_painter_get_content_height   (TlPainter             *self);
/* Height that shows every row at @width with axis and legend: for export. */
int               tl_painter_get_natural_height   (TlPainter             *self,
                                                   int                    width);
/* The model's whole time range (a short range if it is empty). */
void              tl_painter_get_time_range       (TlPainter             *self,
                                                   gint64                *start,
                                                   gint64                *end);

void              tl_painter_get_geometry         (TlPainter             *self,
                                                   const TlViewport      *viewport,
                                                   TlPaintGeometry       *geometry);

/* Selection and hover: a span, instant or flow (NULL for none). */
void              tl_painter_set_selection        (TlPainter             *self,
                                                   const TlItemRef       *item);
gboolean          tl_painter_get_selection        (TlPainter             *self,
                                                   TlItemRef             *item);
void              tl_painter_set_hover            (TlPainter             *self,
                                                   const TlItemRef       *item);
/* The event a step landed on, highlighted (NULL for none). */
void              tl_painter_set_step             (TlPainter             *self,
                                                   const TlStep          *step);
/* Replay: what comes after the playhead drawn faded rather than hidden
 * (off by default). */
void              tl_painter_set_ghost            (TlPainter             *self,
                                                   gboolean               ghost);
gboolean          tl_painter_get_ghost            (TlPainter             *self);

/* The code a trace ran (tl-painter-code.c).  Calls (slices, async spans)
 * are filled by function (tl_palette_get_function_fill ()); library code
 * (the standard library, installed packages, and, in a trace that says
 * where its code is, built-in functions) is dimmed unless the options
 * have TL_PAINT_LIBRARY_UNDIMMED.  The fill a span is drawn with when
 * exact: */
const TlRgba     *tl_painter_get_span_fill        (TlPainter             *self,
                                                   guint32                lane,
                                                   const TlSpan          *span);
/* Whether calls of code of @origin are drawn dimmed. */
gboolean          tl_painter_dims_origin          (TlPainter             *self,
                                                   TlCodeOrigin           origin);

/* A search's matches stand out (tl-painter-search.c): the lanes fade,
 * and every match in view is drawn over the fade, outlined; a match too
 * narrow to see is drawn a few pixels wide.  @search (NULL: none) is
 * borrowed: set another or NULL before freeing it.  A search of another
 * model, or of an older generation of this one, is ignored. */
void              tl_painter_set_search           (TlPainter             *self,
                                                   const TlSpanSearch    *search);
const TlSpanSearch *tl_painter_get_search         (TlPainter             *self);
/* A stretch of time picked for measure, shaded over the lanes with its
 * length on the axis (overlay); TL_TS_NONE for none. */
void              tl_painter_set_range            (TlPainter             *self,
                                                   gint64                 t0,
                                                   gint64                 t1);
gboolean          tl_painter_get_range            (TlPainter             *self,
                                                   gint64                *t0,
                                                   gint64                *t1);

void              tl_painter_draw                 (TlPainter             *self,
                                                   cairo_t               *cr,
                                                   const TlViewport      *viewport,
                                                   TlPaintLayers          layers);
const TlPaintStats *tl_painter_get_stats          (TlPainter             *self);

/* What is at (@x, @y): honours the level of detail, so a merged column
 * says how many spans it stands for.  Returns whether anything was hit. */
gboolean          tl_painter_hit_test             (TlPainter             *self,
                                                   const TlViewport      *viewport,
                                                   double                 x,
                                                   double                 y,
                                                   TlHit                 *hit);
/* One line for a tooltip, the describer's (tl-describe.h): "worker 2
 * waits for the GIL, held by worker 1 · 12.3 ms, from 4.00 ms". */
char             *tl_painter_describe_hit         (TlPainter             *self,
                                                   const TlHit           *hit)
                                                   G_GNUC_WARN_UNUSED_RESULT;
/* As an item reference, for tl_painter_set_selection (); FALSE for hits
 * that are not one item. */
gboolean          tl_hit_to_item_ref              (const TlHit           *hit,
                                                   TlItemRef             *item);

G_END_DECLS
