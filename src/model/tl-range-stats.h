/* tl-range-stats.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happened in a stretch of time [t0, t1): per function, how many
 * calls, how long they took and how much of that was their own; per
 * thread, how much of the stretch it was busy.  Time is clipped to the
 * stretch: a call that began before t0 counts from t0.
 *
 * A function is a call span's name (tl_span_is_call (): slices, async
 * spans, tasks), so a trace's "count_primes (/home/u/prog.py:12)" is one
 * function wherever it runs.  A call's self time is its time less its
 * callees': the calls on the track just above it on its lane that begin
 * inside it (spans that are no calls, a lock held, are passed through).
 * A recursive function's time counts once per call: its total may exceed
 * the stretch, as in any profiler.
 *
 * A thread is busy while it runs: for a recorded thread, its running
 * state; for an imported one, which has no states, while any span of it
 * lasts.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 name;       /* string id: the spans' name */
  guint64 calls;      /* its spans that overlap the stretch (or sit in it, lasting no time) */
  gint64  total;      /* ns of them inside the stretch */
  gint64  self;       /* total, less what their callees took inside it */
} TlFunctionStats;

typedef struct
{
  guint32 lane;       /* a thread lane */
  gint64  busy;       /* ns of the stretch it was busy */
  double  share;      /* busy / (t1 - t0) */
} TlLaneStats;

typedef enum
{
  TL_RANGE_SORT_TOTAL = 0,   /* longest total first (the default) */
  TL_RANGE_SORT_SELF,
  TL_RANGE_SORT_CALLS,
  TL_RANGE_SORT_NAME,        /* by name, in byte order */
} TlRangeSort;

typedef struct _TlRangeStats TlRangeStats;

/* The stretch [@t0, @t1) of @model, at its present generation. */
TlRangeStats          *tl_range_stats_new            (TlTraceModel       *model,
                                                      gint64              t0,
                                                      gint64              t1) G_GNUC_WARN_UNUSED_RESULT;
void                   tl_range_stats_free           (TlRangeStats       *self);

void                   tl_range_stats_get_range      (const TlRangeStats *self,
                                                      gint64             *t0,
                                                      gint64             *t1);
/* One per function with a call in the stretch, longest total first; ties
 * by self time, calls, then name. */
const TlFunctionStats *tl_range_stats_get_functions  (const TlRangeStats *self,
                                                      guint              *n_functions);
/* Re-orders what tl_range_stats_get_functions () returns (descending
 * for times and counts, ascending for names). */
void                   tl_range_stats_sort           (TlRangeStats       *self,
                                                      TlRangeSort         by);
/* One per thread lane of the model, in lane order. */
const TlLaneStats     *tl_range_stats_get_lanes      (const TlRangeStats *self,
                                                      guint              *n_lanes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlRangeStats, tl_range_stats_free)

G_END_DECLS
