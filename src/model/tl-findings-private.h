/* tl-findings-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model's findings state, shared by the model (which owns it), the
 * analyses (which answer from it) and the tests (which check that it only
 * looks at what is new).
 */
#pragma once

#include "tl-analysis-private.h"
#include "tl-findings.h"
#include "tl-trace-model-private.h"

G_BEGIN_DECLS

/* The trackers, brought up to date with the model.  The lost updates of
 * @object, or NULL if nothing read or wrote it. */
TlLostUpdates *_tl_trace_model_get_lost_updates  (TlTraceModel *self,
                                                  guint32       object);
TlDeadlocks   *_tl_trace_model_get_deadlocks     (TlTraceModel *self);

typedef struct
{
  guint64 instants_read;   /* instants looked at, over every update */
  guint64 spans_read;      /* state spans looked at */
  guint   n_updates;       /* updates that had something new to look at */
  guint   n_restarts;      /* times everything was looked at again */
} TlFindingsStats;

void           _tl_trace_model_get_findings_stats (TlTraceModel    *self,
                                                   TlFindingsStats *stats);

G_END_DECLS
