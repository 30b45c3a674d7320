/* tl-describe-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the describer's files share.
 */
#pragma once

#include "tl-describe.h"
#include "tl-trace-model-state.h"

G_BEGIN_DECLS

/* The string @id, or NULL when there is none or it is empty. */
const char *_tl_describe_string     (TlTraceModel *model,
                                     guint32       id);
/* "signal 11 (SIGSEGV)" */
char       *_tl_describe_signal     (int           signo);
/* The span of @lane's @track that covers @ts, closed or still open. */
gboolean    _tl_describe_span_at    (TlLane       *lane,
                                     guint         track,
                                     gint64        ts,
                                     TlSpan       *out);
/* The thread lanes that hold @object at @ts, but @except: "worker 1",
 * "worker 1 and worker 3"; NULL if none does. */
char       *_tl_describe_holders    (TlTraceModel *model,
                                     guint32       object,
                                     guint32       except,
                                     gint64        ts);
/* "worker 1 waits for lock_b, held by worker 2"; @lock and @holders may
 * be NULL when unknown. */
char       *_tl_describe_waits_for_lock (const char *who,
                                         const char *lock,
                                         const char *holders);

/* The lost update that @write (on thread lane @lane) erased or was erased
 * in, said as tl_describe_lost_update () says it; NULL if none. */
char       *_tl_describe_lost_update_at (TlTraceModel    *model,
                                         guint32          lane,
                                         const TlInstant *write);
/* What tl_describe_instant () says of the event alone: a step's caption
 * tells what happened at that step, not what it turned out to mean. */
char       *_tl_describe_instant_event  (TlTraceModel    *model,
                                         guint32          lane,
                                         const TlInstant *instant);

G_END_DECLS
