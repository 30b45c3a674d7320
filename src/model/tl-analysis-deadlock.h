/* tl-analysis-deadlock.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wait-for cycles: threads that each wait for a lock another of them
 * holds.  Found at every moment a wait begins, so a cycle is reported
 * from the instant it closes, while it exists, live or after the fact.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

#define TL_DEADLOCK_MAX_THREADS 8
/* The end of a cycle that has not broken (yet). */
#define TL_DEADLOCK_ONGOING G_MAXINT64

typedef struct
{
  guint   n;                                  /* threads in the cycle */
  guint32 lanes[TL_DEADLOCK_MAX_THREADS];     /* lanes[i] waits for objects[i], */
  guint32 objects[TL_DEADLOCK_MAX_THREADS];   /* held by lanes[(i + 1) % n] */
  gint64  since[TL_DEADLOCK_MAX_THREADS];     /* when lanes[i] began to wait */
  gint64  start;                              /* when the cycle closed: the last wait began */
  gint64  end;                                /* when a wait in it ended */
} TlDeadlock;

/* Every cycle of the trace so far (TlDeadlock), by start.  Kept by the
 * model as it grows (see tl_trace_model_get_findings ()): a call looks
 * only at what is new since the last. */
GArray  *tl_analysis_find_deadlocks (TlTraceModel *model);

G_END_DECLS
