/* tl-analysis-utilisation.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a thread's time went, and how long threads waited for a lock.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  lifetime;        /* first to last state of the lane */
  gint64  running;
  gint64  waiting;         /* for a lock, the GIL, a queue, an event, a join... */
  gint64  waiting_gil;
  gint64  sleeping;
  gint64  io;
  double  busy_share;      /* running / lifetime */
} TlLaneUtilisation;

/* Within [t0, t1] (TL_TS_NONE for the whole lane); open spans count up to
 * the lane's last event.  FALSE for a lane that is not a thread's. */
gboolean tl_analysis_lane_utilisation (TlTraceModel      *model,
                                       guint32            lane,
                                       gint64             t0,
                                       gint64             t1,
                                       TlLaneUtilisation *out);

typedef struct
{
  guint64 n_acquisitions;  /* holds of the lock */
  guint64 n_waits;         /* acquisitions that had to wait */
  gint64  total_wait;
  gint64  longest_wait;
  gint64  total_held;
} TlLockContention;

/* For a lock, semaphore or GIL object. */
void     tl_analysis_lock_contention  (TlTraceModel      *model,
                                       guint32            object,
                                       TlLockContention  *out);

G_END_DECLS
