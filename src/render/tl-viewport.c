/* tl-viewport.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-viewport.h"

/* Below this a nanosecond is wider than the screen: there is nothing left
 * to see. */
#define MIN_DURATION 10

void
tl_viewport_init (TlViewport *self,
                  gint64      t0,
                  gint64      t1,
                  int         width,
                  int         height)
{
  g_return_if_fail (self != NULL);

  self->t0 = t0;
  self->t1 = MAX (t1, t0 + MIN_DURATION);
  self->width = width;
  self->height = height;
  self->scroll_y = 0;
  self->now = TL_TS_NONE;
  self->playhead = TL_TS_NONE;
  self->origin = TL_TS_NONE;
}

void
tl_viewport_zoom (TlViewport *self,
                  gint64      anchor,
                  double      factor)
{
  double before, after, left;

  g_return_if_fail (self != NULL);
  g_return_if_fail (factor > 0);

  before = (double) (self->t1 - self->t0);
  after = MAX (before / factor, (double) MIN_DURATION);
  /* Up to an hour's worth of nanoseconds per pixel is plenty. */
  after = MIN (after, 1e18);
  anchor = CLAMP (anchor, self->t0, self->t1);
  left = (double) (anchor - self->t0) / before;
  self->t0 = anchor - (gint64) llround (left * after);
  self->t1 = self->t0 + (gint64) llround (after);
}

void
tl_viewport_pan (TlViewport *self,
                 gint64      dt)
{
  g_return_if_fail (self != NULL);

  self->t0 += dt;
  self->t1 += dt;
}

void
tl_viewport_clamp (TlViewport *self,
                   gint64      start,
                   gint64      end,
                   gint64      min_duration)
{
  gint64 duration;

  g_return_if_fail (self != NULL);

  min_duration = MAX (min_duration, MIN_DURATION);
  if (end - start < min_duration)
    end = start + min_duration;
  duration = CLAMP (self->t1 - self->t0, min_duration, end - start);
  if (self->t0 < start)
    self->t0 = start;
  if (self->t0 + duration > end)
    self->t0 = end - duration;
  self->t1 = self->t0 + duration;
}

void
tl_viewport_follow (TlViewport *self,
                    gint64      now)
{
  gint64 duration;

  g_return_if_fail (self != NULL);

  /* A little room on the right, so "now" does not sit on the edge. */
  duration = self->t1 - self->t0;
  self->t1 = now + duration / 20;
  self->t0 = self->t1 - duration;
}

void
tl_time_map_init (TlTimeMap *self,
                  gint64     t0,
                  gint64     t1,
                  double     x0,
                  double     x1)
{
  g_return_if_fail (self != NULL);

  if (t1 <= t0)
    t1 = t0 + 1;
  if (x1 <= x0)
    x1 = x0 + 1;
  self->t0 = t0;
  self->t1 = t1;
  self->x0 = x0;
  self->x1 = x1;
  self->px_per_ns = (x1 - x0) / (double) (t1 - t0);
  self->ns_per_px = (double) (t1 - t0) / (x1 - x0);
}
