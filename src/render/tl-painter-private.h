/* tl-painter-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the painter's files: tl-painter.c (state, geometry),
 * tl-painter-frame.c (a frame), tl-painter-spans.c (the lanes),
 * tl-painter-marks.c (instants), tl-painter-flows.c (arrows),
 * tl-painter-pixels.c (writing image pixels directly),
 * tl-painter-decor.c (axis, overlay), tl-painter-legend.c, tl-painter-gutter.c
 * (names), tl-painter-text.c (text that fits), tl-painter-findings.c,
 * tl-painter-lesson.c (cards and chart), tl-painter-hit.c,
 * tl-painter-horizon.c (a replay's playhead: what it hides, what it fades),
 * tl-painter-moments.c (the stepped event, bookmarks), tl-painter-code.c
 * (calls by function) and tl-painter-search.c (a search's matches, a
 * measured stretch).  Words come from the describer (tl-describe.h).
 */
#pragma once

#include "tl-horizon.h"
#include "tl-lesson.h"
#include "tl-painter.h"
#include "tl-text-cache.h"

G_BEGIN_DECLS

/* What a rectangle is filled with: a paint class's fill (or pattern),
 * or for a call, a slot per code origin and function fill, whose colour
 * is settled when the batches are filled (tl-painter-code.c). */
#define TL_PAINT_FIRST_CALL_SLOT TL_PAINT_N_CLASSES
#define TL_PAINT_N_SLOTS (TL_PAINT_N_CLASSES + TL_N_CODE_ORIGINS * TL_N_FUNCTION_FILLS)

/* An exact span as drawn, for what goes over it (separators, labels). */
typedef struct
{
  double  x0;
  double  x1;
  double  y;
  double  h;
  guint32 lane;
  guint32 index;       /* the span, or its index in the frame's open spans */
  guint16 track;
  guint8  paint_class;
  guint8  open;
  guint16 flags;
  guint8  slot;        /* what it is filled with */
} TlDrawnSpan;

typedef struct
{
  double x;
  double y;
  double w;
  double h;
} TlRect;

struct _TlPainter
{
  GObject          parent_instance;

  TlTraceModel    *model;
  TlTraceSummary  *summary;
  TlLesson        *lesson;             /* when the model carries one */
  TlLayout        *layout;
  GHashTable      *collapsed;          /* pids */
  TlStyle          style;
  int              presentation;       /* screen height to size for; 0: off */
  const TlPalette *palette;            /* the style's, or own_palette */
  TlPalette        own_palette;        /* presentation sizes */
  TlPaintOptions   options;
  double           merge_width;

  guint64          synced_generation;
  gboolean         synced;
  gboolean         layout_dirty;
  guint64          changes;            /* bumped by anything that changes the picture */
  guint64          reported_changes;

  TlTextCache     *text;
  cairo_pattern_t *patterns[TL_PAINT_N_CLASSES];          /* for screens and images */
  cairo_pattern_t *vector_patterns[TL_PAINT_N_CLASSES];   /* for SVG and PDF */
  cairo_surface_t *tiles[TL_PAINT_N_CLASSES];   /* the patterns as pixels */
  int              tile_scale;
  cairo_surface_t *sprites[TL_N_MARKS];         /* the marks as pixels */
  int              sprite_scale;

  TlItemRef        selection;
  TlItemRef        hover;
  gboolean         has_selection;
  gboolean         has_hover;
  TlStep           step;               /* the stepped event */
  gboolean         has_step;

  /* A replay's playhead: what happened after it is hidden, or faded. */
  gint64           horizon;            /* this frame's; TL_HORIZON_NONE: all */
  gint64           layout_horizon;     /* the one the layout was made for */
  gboolean         ghost;              /* faded rather than hidden */

  guint            flows_seen;         /* flows whose kind is in flow_mask */
  guint32          flow_mask;

  /* Scratch, kept between frames to avoid allocating while drawing. */
  GArray          *runs;               /* TlRun */
  GArray          *bins;               /* TlMarkBin */
  GArray          *columns;            /* TlCounterColumn */
  GArray          *rects[TL_PAINT_N_SLOTS];     /* TlRect */
  GArray          *outlines;           /* TlRect */
  GArray          *drawn;              /* TlDrawnSpan */
  GArray          *open;               /* TlHorizonSpan: this frame's open spans */
  GString         *scratch;
  TlRect           plot;               /* this frame's plot area */
  double           min_text;           /* smallest text of the last frame */
  GPtrArray       *drawn_texts;        /* when recording: the last frame's */
  double           name_width;         /* widest row name, for the gutter */
  TlFont           fit_font;           /* the font text is being fitted in */
  TlLayoutView     view;               /* compact rows: the view they are laid out for */
  int              view_width;         /* 0: none yet */

  TlPaintStats     stats;

  /* The code (tl-painter-code.c): whether the trace says where its code
   * is (then built-in calls are library code too). */
  gboolean         code_located;
  /* A search and a measured stretch (tl-painter-search.c). */
  const TlSpanSearch *search;
  gint64           search_longest;     /* the longest match */
  GArray          *search_reach;       /* double per (row, track): drawn up to x */
  gint64           range_t0;
  gint64           range_t1;

  /* What this frame drew, which is what its legend lists. */
  guint32          drawn_classes;      /* 1 << TlPaintClass */
  guint32          drawn_origins;      /* 1 << TlCodeOrigin of the calls filled by function */
  guint32          drawn_marks;        /* 1 << TlMarkClass */
  guint32          drawn_flows;        /* 1 << TlFlowKind; hand-overs of locks only */
  guint32          drawn_findings;     /* 1 << TlFindingKind */
  gboolean         drawn_gil_passes;   /* hand-overs of a GIL */
  gboolean         drawn_counters;
};

/* tl-painter-horizon.c: the horizon of a frame for @viewport (its
 * playhead, unless the future is drawn faded). */
gint64   _tl_painter_horizon_for        (TlPainter             *self,
                                         const TlViewport      *viewport);
/* @lane's spans open at the horizon (tl_lane_collect_open_at ()), into
 * @out (emptied first). */
guint    _tl_painter_lane_open          (TlPainter             *self,
                                         guint32                lane,
                                         GArray                *out);
/* Whether an arrow had arrived by the horizon: only then is it drawn. */
gboolean _tl_painter_flow_arrived       (TlPainter             *self,
                                         const TlFlow          *flow);
/* Whether the message @send (a send instant of @lane) was still on its
 * way at the horizon: sent, not received yet. */
gboolean _tl_painter_in_flight          (TlPainter             *self,
                                         guint32                lane,
                                         const TlInstant       *send);
/* The future, faded: a veil over the plot after the playhead. */
void     _tl_painter_draw_ghost         (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* tl-painter-moments.c: in the overlay, the stepped event and the
 * bookmarks (on the axis, with their notes). */
void     _tl_painter_draw_step          (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
void     _tl_painter_draw_bookmarks     (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* The model's findings, over the spans (tl-painter-findings.c). */
void     _tl_painter_draw_findings      (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

void     _tl_painter_draw_lost_update_swatch (TlPainter        *self,
                                              cairo_t          *cr,
                                              double            x,
                                              double            y,
                                              double            w,
                                              double            h);
void     _tl_painter_draw_deadlock_swatch    (TlPainter        *self,
                                              cairo_t          *cr,
                                              double            x,
                                              double            y,
                                              double            w,
                                              double            h);

/* Brings the summary and layout up to date (no report to the caller). */
void     _tl_painter_sync               (TlPainter             *self);
/* The same for @viewport: compact rows are laid out for what it shows. */
void     _tl_painter_sync_view          (TlPainter             *self,
                                         const TlViewport      *viewport);
/* Creates the fonts of the current style. */
void     _tl_painter_ensure_style       (TlPainter             *self);
/* A patterned class's fill, at the resolution @cr's target needs. */
cairo_pattern_t *_tl_painter_get_pattern (TlPainter            *self,
                                          cairo_t              *cr,
                                          guint                 paint_class);

/* Screen y of a content y. */
static inline double
_tl_painter_screen_y (const TlPaintGeometry *g,
                      const TlViewport      *viewport,
                      double                 content_y)
{
  return g->plot_y + content_y - viewport->scroll_y;
}

/* The time the axis calls 0. */
gint64   _tl_painter_origin             (TlPainter             *self,
                                         const TlViewport      *viewport);
/* Where the live spans end: "now", or the model's last time. */
gint64   _tl_painter_open_end           (TlPainter             *self,
                                         const TlViewport      *viewport);
/* tl-painter-legend.c: its height (0 when hidden), and itself: one line
 * of what this frame drew. */
double   _tl_painter_legend_height      (TlPainter             *self,
                                         int                    width);

/* tl-painter-lesson.c: the lesson's column, its width at a picture
 * @width (0 without a lesson), the height its content needs at a column
 * @width, and itself. */
double   _tl_painter_lesson_width       (TlPainter             *self,
                                         int                    width);
double   _tl_painter_lesson_height      (TlPainter             *self,
                                         double                 width);
void     _tl_painter_draw_lesson        (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* tl-painter-pixels.c: an image surface's pixels, when @cr draws on one
 * with a whole-pixel translation, a whole device scale and a clip that is
 * one rectangle on whole pixels. */
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
} TlDirectTarget;

gboolean _tl_painter_direct_target_init (cairo_t               *cr,
                                         TlDirectTarget        *t);
/* An opaque colour as cairo stores it in an ARGB32 pixel. */
guint32  _tl_painter_argb_pixel         (const TlRgba          *c);

/* tl-painter-spans.c: this frame's runs of one track, into the batches */
void     _tl_painter_draw_track_runs    (TlPainter             *self,
                                         guint32                lane,
                                         guint                  track,
                                         double                 y,
                                         double                 h);
/* The spans of @row's lane open at the horizon, drawn to @open_end;
 * they join the frame's open spans. */
void     _tl_painter_draw_open_spans    (TlPainter             *self,
                                         const TlRow           *row,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g,
                                         gint64                 open_end);
/* tl-painter-code.c: the slot a span of @paint_class is filled from
 * (a call's own by its function; else @paint_class), and its fill. */
guint    _tl_painter_span_slot          (TlPainter             *self,
                                         const TlSpan          *span,
                                         guint                  paint_class);
const TlRgba *_tl_painter_slot_fill     (TlPainter             *self,
                                         guint                  slot);
/* Whether a slot is a call's of code the painter dims. */
gboolean _tl_painter_slot_is_dimmed     (TlPainter             *self,
                                         guint                  slot);

/* tl-painter-search.c: the fade and the matches over the spans (base
 * layer), the measured stretch (overlay); whether a span fades. */
void     _tl_painter_draw_search        (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
void     _tl_painter_draw_range         (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
gboolean _tl_painter_fades              (TlPainter             *self,
                                         const TlDrawnSpan     *drawn);
/* The span a drawn one is, exact or open. */
const TlSpan *_tl_painter_drawn_span    (TlPainter             *self,
                                         const TlDrawnSpan     *drawn);

/* tl-painter-counters.c */
void     _tl_painter_draw_counter       (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlRow           *row,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
/* Fills the batches, then what goes over the exact spans. */
void     _tl_painter_fill_batches       (TlPainter             *self,
                                         cairo_t               *cr);
void     _tl_painter_draw_span_details  (TlPainter             *self,
                                         cairo_t               *cr);
void     _tl_painter_draw_span_labels   (TlPainter             *self,
                                         cairo_t               *cr);

/* tl-painter-marks.c */
void     _tl_painter_draw_marks         (TlPainter             *self,
                                         cairo_t               *cr,
                                         guint                  first_row,
                                         guint                  end_row,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* A crashed process's end, on its own row, with how it ended. */
void     _tl_painter_draw_process_ends  (TlPainter             *self,
                                         cairo_t               *cr,
                                         guint                  first_row,
                                         guint                  end_row,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* tl-painter-flows.c: the arrows this frame draws, as flow indexes into
 * @picked; returns how many in view were left out to keep them apart. */
guint    _tl_painter_pick_flows         (TlPainter             *self,
                                         const TlPaintGeometry *g,
                                         GArray                *picked);
/* Where @flow is drawn, x0, y0, x1, y1; FALSE when it is not drawn. */
gboolean _tl_painter_flow_segment       (TlPainter             *self,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g,
                                         const TlFlow          *flow,
                                         double                 segment[4]);
void     _tl_painter_draw_flows         (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* tl-painter-text.c: @text shortened to @max_width where its identity is
 * not (its middle, a note in brackets), into @out. */
void     _tl_painter_fit_text           (TlPainter             *self,
                                         TlFont                 font,
                                         const char            *text,
                                         double                 max_width,
                                         GString               *out);
/* Free text cut at its end, "ZeroDivisionError: divis…". */
void     _tl_painter_fit_text_end       (TlPainter             *self,
                                         TlFont                 font,
                                         const char            *text,
                                         double                 max_width,
                                         GString               *out);
/* Text over spans: a halo in the background colour round its letters,
 * so that the states under it still show between them. */
void     _tl_painter_show_haloed        (TlPainter             *self,
                                         cairo_t               *cr,
                                         TlFont                 font,
                                         const char            *text,
                                         double                 x,
                                         double                 y);
/* @text at (x, y), its top-left corner, in @ink, over @backdrop (may be
 * NULL). */
void     _tl_painter_show_label         (TlPainter             *self,
                                         cairo_t               *cr,
                                         TlFont                 font,
                                         const char            *text,
                                         double                 x,
                                         double                 y,
                                         const TlRgba          *ink,
                                         const TlRgba          *backdrop);

/* tl-painter-gutter.c: the names left of the plot, and how wide they
 * need it to be. */
double   _tl_painter_gutter_width       (TlPainter             *self,
                                         int                    width);
void     _tl_painter_draw_gutter        (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);

/* tl-painter-decor.c */
void     _tl_painter_draw_grid          (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
void     _tl_painter_draw_axis          (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
void     _tl_painter_draw_legend        (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
void     _tl_painter_draw_overlay       (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
/* Adds the outline of a mark of class @mark at (x, y) to the path. */
void     _tl_painter_mark_path          (cairo_t               *cr,
                                         TlMarkClass            mark,
                                         double                 x,
                                         double                 y,
                                         double                 size);
gboolean _tl_painter_mark_is_hollow     (TlMarkClass            mark);
/* Marks of one class at @points (x, y pairs), haloed in @under. */
void     _tl_painter_fill_marks         (TlPainter             *self,
                                         cairo_t               *cr,
                                         TlMarkClass            mark,
                                         const double          *points,
                                         guint                  n_points,
                                         double                 size,
                                         const TlRgba          *under);
void     _tl_painter_set_flow_dash      (TlPainter             *self,
                                         cairo_t               *cr,
                                         TlFlowKind             kind);
/* The screen rectangle of a span, instant or flow end; FALSE if hidden. */
gboolean _tl_painter_item_rect          (TlPainter             *self,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g,
                                         const TlItemRef       *item,
                                         TlRect                *rect);

G_END_DECLS
