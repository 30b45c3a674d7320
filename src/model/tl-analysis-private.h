/* tl-analysis-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analyses share: every span of a lane, closed or still open.
 */
#pragma once

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

/* The state span (track 0) of @lane at @ts, open or closed; FALSE if none. */
gboolean _tl_analysis_state_at     (TlLane     *lane,
                                    gint64      ts,
                                    TlSpan     *out);

/* "Process-1", "Thread-2 (worker)": a thread lane as a person would say it. */
char    *_tl_analysis_lane_label   (TlTraceModel *model,
                                    guint32       lane);

G_END_DECLS
