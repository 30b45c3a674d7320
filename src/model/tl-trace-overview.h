/* tl-trace-overview.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace in a few numbers, for the story a window tells of a file it
 * opens: how many processes and threads, calls, errors and prints, how
 * long it lasts, and the functions that took the most time of their own,
 * the program's own code first (a Python user looks for count_primes,
 * not for the pool's machinery).  (Not the painter's TlTraceSummary,
 * which summarises a model for drawing.)
 */
#pragma once

#include "tl-range-stats.h"

G_BEGIN_DECLS

typedef struct
{
  guint            n_processes;
  guint            n_threads;        /* thread lanes */
  guint64          n_calls;          /* call spans: slices, async spans, tasks */
  guint64          n_errors;         /* errors raised, crashes, failed tasks */
  guint64          n_prints;
  gint64           start;            /* TL_TS_NONE for an empty model */
  gint64           end;
  /* The busiest functions over the whole trace: those of the program's
   * own code (TL_CODE_USER) first, each group by self time, longest
   * first. */
  TlFunctionStats *busiest;
  guint            n_busiest;
} TlTraceOverview;

/* At most @max_functions busiest functions. */
TlTraceOverview *tl_trace_overview_new  (TlTraceModel   *model,
                                       guint           max_functions) G_GNUC_WARN_UNUSED_RESULT;
void            tl_trace_overview_free (TlTraceOverview *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTraceOverview, tl_trace_overview_free)

G_END_DECLS
