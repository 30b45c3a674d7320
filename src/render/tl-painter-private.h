/* tl-painter-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the painter's files: tl-painter.c (state, lanes),
 * tl-painter-decor.c (gutter, axis, legend, overlay) and tl-painter-hit.c.
 */
#pragma once

#include "tl-painter.h"
#include "tl-text-cache.h"

G_BEGIN_DECLS

/* An exact span as drawn, for what goes over it (separators, labels). */
typedef struct
{
  double  x0;
  double  x1;
  double  y;
  double  h;
  guint32 lane;
  guint32 index;       /* the span, or the open index when open */
  guint16 track;
  guint8  paint_class;
  guint8  open;
  guint16 flags;
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
  TlLayout        *layout;
  GHashTable      *collapsed;          /* pids */
  TlStyle          style;
  const TlPalette *palette;
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

  guint            flows_seen;         /* flows whose kind is in flow_mask */
  guint32          flow_mask;

  /* Scratch, kept between frames to avoid allocating while drawing. */
  GArray          *runs;               /* TlRun */
  GArray          *bins;               /* TlMarkBin */
  GArray          *columns;            /* TlCounterColumn */
  GArray          *rects[TL_PAINT_N_CLASSES];   /* TlRect */
  GArray          *outlines;           /* TlRect */
  GArray          *drawn;              /* TlDrawnSpan */
  GString         *scratch;
  TlRect           plot;               /* this frame's plot area */

  TlPaintStats     stats;
};

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

/* Appends a lane's or process's display name to @out. */
void     _tl_painter_append_lane_name   (TlPainter             *self,
                                         guint32                lane,
                                         GString               *out);
void     _tl_painter_append_process_name (TlPainter            *self,
                                          guint32               process,
                                          GString              *out);
/* The time the axis calls 0. */
gint64   _tl_painter_origin             (TlPainter             *self,
                                         const TlViewport      *viewport);
/* Where the live spans end: "now", or the model's last time. */
gint64   _tl_painter_open_end           (TlPainter             *self,
                                         const TlViewport      *viewport);
/* The legend's height at @width (0 when hidden). */
double   _tl_painter_legend_height      (TlPainter             *self,
                                         int                    width);

/* tl-painter-decor.c */
void     _tl_painter_draw_grid          (TlPainter             *self,
                                         cairo_t               *cr,
                                         const TlViewport      *viewport,
                                         const TlPaintGeometry *g);
void     _tl_painter_draw_gutter        (TlPainter             *self,
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
