/* tl-analysis-concurrency.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How many at once: tasks running in a pool, threads inside a semaphore,
 * threads of one process running Python code, and how many cores a
 * phase's work kept busy.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

/* The most spans of @kind (about object @ref, or any if TL_INDEX_NONE)
 * open at the same time on the thread lanes of process @pid (0: of every
 * process); *@when (may be NULL) is when that many were first open. */
guint    tl_analysis_max_concurrent       (TlTraceModel *model,
                                           TlSpanKind    kind,
                                           guint32       ref,
                                           guint32       pid,
                                           gint64       *when);

/* The most threads of process @pid that are running (state RUNNING) inside
 * a slice named @slice at the same time: with @slice "compute", threads
 * running Python code, which the GIL keeps to one. */
guint    tl_analysis_max_running_in_slice (TlTraceModel *model,
                                           guint32       pid,
                                           const char   *slice,
                                           gint64       *when);

/* What a time range's work (its slices named @slice, "compute" for the
 * scenario engine's Python code) did with the CPU.  Every figure comes
 * from what the trace measured, not from timings compared across ranges,
 * so that other programs taking the CPU in one range cannot turn another
 * range's figure upside down:
 *  - cpu / wall is the cores the work kept busy on average.  The engine
 *    records a slice's CPU time only while its thread holds its process's
 *    GIL, and one thread holds a GIL at a time: threads of one process
 *    cannot pass 1, by what is measured; processes cannot pass the cores;
 *  - cpu / demand is the share of what the machine could have given them
 *    that they got: demand counts, at each moment, the threads running
 *    inside such a slice (not waiting for anything), up to @n_cores.
 *    Well below 1, other programs took the CPU meanwhile. */
typedef struct
{
  gint64 wall;             /* end - start */
  gint64 cpu;              /* CPU time the slices recorded at their end */
  gint64 computing;        /* time threads ran inside them, added up */
  gint64 demand;           /* ∫ min (n_cores, threads running inside them) dt */
  guint  max_computing;    /* the most threads running inside them at once */
  guint  n_slices;         /* slices that began in the range */
  guint  n_measured;       /* of which recorded their CPU time */
} TlParallelism;

void     tl_analysis_parallelism          (TlTraceModel  *model,
                                           gint64         start,
                                           gint64         end,
                                           const char    *slice,
                                           guint          n_cores,
                                           TlParallelism *out);

G_END_DECLS
