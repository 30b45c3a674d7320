/* render-test-models.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Models for the painter's tests and benchmark, built in code.
 */
#pragma once

#include "tl-test-util.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

/* A small, hand-written trace with one of everything, at known times.
 * Process 100 "pool": worker 1 (tid 1), worker 2 (tid 2), worker 3
 * (tid 3), mutex L (id 7), the GIL (id 99), queue Q (id 5), value
 * "counter" (id 9).  Process 200 "child" (tid 201) prints and crashes.
 *
 *   worker 1: runs; holds L 10-30 ms (writes 41 at 20); sleeps 30-40;
 *             prints "hello" at 45; task "square" 50-70 (fails);
 *             in I/O 70-80; ends at 90.
 *   worker 2: waits for L 15-30, holds it 30-40 (reads 41 at 35);
 *             blocked on Q 40-55, receives message 7 at 55;
 *             raises error 3 at 60, worker 1 reports it at 62; ends at 90.
 *   worker 3: holds the GIL 0-20; sends message 7 on Q at 54;
 *             waits for the GIL 20-25 (worker 1's... no: nobody holds it,
 *             it takes it at 25), holds it 25-60; ends at 90.
 *   child:    prints "child up" at 5, crashes (signal 11) at 60.
 *
 * With @finish FALSE the model stops at 70 ms, live, with spans open. */
TlTraceModel *render_test_demo_model     (gboolean  finish);
/* Its events, in time order (TlModelEvent). */
GArray       *render_test_demo_events    (void);

/* A simulated workload of about @n_events runtime events: @n_processes
 * processes of @n_threads threads contending for a lock (a GIL in every
 * other process), sleeping, in I/O, passing messages through a queue,
 * printing and running tasks, with phases of heavy contention.  Events
 * come in time order, as from the collector. */
TlTraceModel *render_test_workload_model (guint64   n_events,
                                          guint     n_processes,
                                          guint     n_threads,
                                          guint32   seed);
/* The same events (TlModelEvent), to feed a model in steps. */
GArray       *render_test_workload_events (guint64  n_events,
                                           guint    n_processes,
                                           guint    n_threads,
                                           guint32  seed);

/* One lane, one track, @n spans of @width ns alternating running (3 of
 * 4) and waiting for a lock (1 of 4), back to back, from time 0; added
 * as explicit spans. */
TlTraceModel *render_test_dense_model    (guint     n,
                                          gint64    width);

G_END_DECLS
