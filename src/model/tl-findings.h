/* tl-findings.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analyses found, for a view to point at: lost updates (the
 * write that overwrote another worker's write) and deadlocks (the
 * wait-for cycle, across its lanes, while it lasts).
 *
 * The model keeps them: each call brings them up to date with what the
 * model received since the last call, and looks only at that while events
 * arrive in time order (a live run); a model whose items were re-sorted
 * (tl_trace_model_finish () of an import) is looked at again, once.
 */
#pragma once

#include <glib.h>

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_FINDING_LOST_UPDATE = 0,
  TL_FINDING_DEADLOCK,
} TlFindingKind;

typedef struct
{
  TlFindingKind kind;
  guint32       lane;       /* lost update: the lost write's; deadlock: a waiter */
  gint64        ts;         /* its write; the time the cycle closed */
  guint32       by_lane;    /* the overwriting write's; the waiter it waits for */
  gint64        by_ts;      /* that write; for a deadlock, same as ts */
  gint64        end;        /* deadlock: when the cycle broke, G_MAXINT64 while it lasts */
} TlFinding;

/* Every lost update of every shared value (role VALUE) and every edge of
 * every wait-for cycle, in time order.  Owned by the model; valid until
 * it changes. */
const TlFinding *tl_trace_model_get_findings (TlTraceModel *self,
                                              guint        *n_findings);
/* The findings as a live model had them when it had seen everything up
 * to @horizon (tl-horizon.h), and nothing after: what a replay shows at
 * its playhead.  Owned by the model; valid until the next call or change. */
const TlFinding *tl_trace_model_get_findings_until (TlTraceModel *self,
                                                    gint64        horizon,
                                                    guint        *n_findings);

G_END_DECLS
