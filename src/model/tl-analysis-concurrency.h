/* tl-analysis-concurrency.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How many at once: tasks running in a pool, threads inside a semaphore,
 * threads of one process running Python code.
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

G_END_DECLS
