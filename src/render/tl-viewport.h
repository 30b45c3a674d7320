/* tl-viewport.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What part of a trace is on screen, and how time maps to pixels.
 *
 * A TlViewport is plain data the widget owns and changes (zoom around the
 * pointer, pan by drag, follow "now" while live); the painter only reads
 * it.  A TlTimeMap is the viewport's time range laid over the plot area in
 * pixels; the painter hands one out with its geometry, and it is what both
 * drawing and hit testing use, so they always agree.
 */
#pragma once

#include <glib.h>

#include "tl-model-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 t0;          /* visible time range, model nanoseconds; t1 > t0 */
  gint64 t1;
  int    width;       /* the whole drawing, in pixels */
  int    height;
  double scroll_y;    /* content pixels scrolled out above the first row */
  gint64 now;         /* live: the latest time, drawn as a line; TL_TS_NONE if not live */
  gint64 playhead;    /* replay position; TL_TS_NONE for none */
  gint64 origin;      /* the time the axis calls 0; TL_TS_NONE: the trace's start */
} TlViewport;

typedef struct
{
  gint64 t0;          /* time at x0 */
  gint64 t1;
  double x0;          /* the plot's left edge, in pixels */
  double x1;          /* its right edge */
  double px_per_ns;
  double ns_per_px;
} TlTimeMap;

void     tl_viewport_init        (TlViewport       *self,
                                  gint64            t0,
                                  gint64            t1,
                                  int               width,
                                  int               height);
/* Zooms by @factor (above 1: in) keeping @anchor where it is on screen:
 * ctrl+scroll passes the time under the pointer. */
void     tl_viewport_zoom        (TlViewport       *self,
                                  gint64            anchor,
                                  double            factor);
void     tl_viewport_pan         (TlViewport       *self,
                                  gint64            dt);
/* Keeps the range within [start, end] (the trace, or up to "now") and at
 * least @min_duration long, without changing its length where it fits. */
void     tl_viewport_clamp       (TlViewport       *self,
                                  gint64            start,
                                  gint64            end,
                                  gint64            min_duration);
/* Live: keeps the range's length and puts @now near the right edge. */
void     tl_viewport_follow      (TlViewport       *self,
                                  gint64            now);

void     tl_time_map_init        (TlTimeMap        *self,
                                  gint64            t0,
                                  gint64            t1,
                                  double            x0,
                                  double            x1);

static inline double
tl_time_map_x (const TlTimeMap *self,
               gint64           t)
{
  return self->x0 + (double) (t - self->t0) * self->px_per_ns;
}

/* Like tl_time_map_x (), kept within a few pixels of the plot so that huge
 * spans at deep zoom stay within cairo's fixed-point range. */
static inline double
tl_time_map_x_clamped (const TlTimeMap *self,
                       gint64           t)
{
  double x = tl_time_map_x (self, t);

  return CLAMP (x, self->x0 - 4.0, self->x1 + 4.0);
}

static inline gint64
tl_time_map_time (const TlTimeMap *self,
                  double           x)
{
  return self->t0 + (gint64) ((x - self->x0) * self->ns_per_px);
}

G_END_DECLS
