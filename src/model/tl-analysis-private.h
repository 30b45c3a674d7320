/* tl-analysis-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analyses share: every span of a lane, closed or still open, and
 * the trackers that keep lost updates and wait-for cycles up to date while
 * a model grows (tl-findings.c feeds them).
 */
#pragma once

#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

/* Ends of spans still open: they go on. */
#define TL_ANALYSIS_ONGOING G_MAXINT64

/* Appends to @out (TlSpan) the spans of @lane that match @kind (or every
 * kind if @kind is TL_N_SPAN_KINDS) and @ref (or any if TL_INDEX_NONE),
 * on every track, the open ones with end TL_ANALYSIS_ONGOING. */
void     _tl_analysis_lane_spans   (TlLane     *lane,
                                    TlSpanKind  kind,
                                    guint32     ref,
                                    GArray     *out);

/* The span of @lane's @track at @ts, open (end TL_ANALYSIS_ONGOING) or
 * closed; FALSE if none. */
gboolean _tl_analysis_span_at      (TlLane     *lane,
                                    guint       track,
                                    gint64      ts,
                                    TlSpan     *out);

/* The state span (track 0) of @lane at @ts, open or closed; FALSE if none. */
gboolean _tl_analysis_state_at     (TlLane     *lane,
                                    gint64      ts,
                                    TlSpan     *out);

/* ---- lost updates (tl-analysis-lost-updates.c) -------------------------- */

/* One read or write of a value.  Accesses are ordered by time, then reads
 * before writes, then lane, then their place among the lane's instants:
 * one order however they arrive. */
typedef struct
{
  gint64   ts;
  gint64   value;
  guint32  lane;
  guint32  seq;
  gboolean write;
} TlAccess;

typedef struct _TlLostUpdates TlLostUpdates;

TlLostUpdates *_tl_lost_updates_new        (void);
void           _tl_lost_updates_free       (TlLostUpdates       *self);
/* Takes one more access.  In order (the usual case while live) it costs
 * little; out of order, the next settle starts over from the first. */
void           _tl_lost_updates_add        (TlLostUpdates       *self,
                                            const TlAccess      *access);
/* Brings the lost writes up to date with what was added, looking at what
 * changed only.  Returns the time from which they changed (G_MAXINT64:
 * nothing changed). */
gint64         _tl_lost_updates_settle     (TlLostUpdates       *self);
/* TlLostUpdate, in time order; valid until the next add. */
const GArray  *_tl_lost_updates_get        (TlLostUpdates       *self,
                                            TlLostUpdateSummary *summary);
/* How many times it had to start over (accesses out of order). */
guint          _tl_lost_updates_get_n_rebuilds (TlLostUpdates   *self);

/* ---- wait-for cycles (tl-analysis-deadlock.c) ---------------------------- */

typedef struct _TlDeadlocks TlDeadlocks;

TlDeadlocks   *_tl_deadlocks_new           (void);
void           _tl_deadlocks_free          (TlDeadlocks         *self);
/* Looks for a cycle at @ts, when thread lane @lane began to wait for a
 * lock; a cycle seen before is not added again.  Returns whether one was
 * added. */
gboolean       _tl_deadlocks_check         (TlDeadlocks         *self,
                                            TlTraceModel        *model,
                                            guint32              lane,
                                            gint64               ts);
/* Ends the cycles whose waits ended since.  Returns whether any did. */
gboolean       _tl_deadlocks_update_ends   (TlDeadlocks         *self,
                                            TlTraceModel        *model);
/* TlDeadlock, by start. */
const GArray  *_tl_deadlocks_get           (TlDeadlocks         *self);

/* Whether @object is a lock a thread can deadlock on (a Lock or RLock). */
gboolean       _tl_analysis_is_lock        (TlTraceModel        *model,
                                            guint32              object);

G_END_DECLS
