/* model-brute.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model's searches and range aggregates done the slow, obvious way,
 * for tests to hold the fast ones to: every span looked at, every caller
 * found by looking at every other span.
 */
#pragma once

#include "tl-range-stats.h"
#include "tl-span-search.h"

G_BEGIN_DECLS

/* Every span whose name holds @text, case-folded (TlItemRef), by start,
 * lane, track and index. */
GArray  *brute_search             (TlTraceModel *model,
                                   const char   *text);
/* Per call name (TlFunctionStats), by name id.  A call's callees are the
 * calls of its lane that lie inside it with no other call between. */
GArray  *brute_function_stats     (TlTraceModel *model,
                                   gint64        t0,
                                   gint64        t1);
/* A thread lane's busy time in [t0, t1): running, for a thread with
 * states; inside any of its spans otherwise. */
gint64   brute_busy               (TlTraceModel *model,
                                   guint32       lane,
                                   gint64        t0,
                                   gint64        t1);

/* A model of @n_lanes thread lanes of calls nested at random, as a
 * profiler records them (names from a short list, recursion, calls that
 * last no time, calls that touch): every other lane a thread with states
 * whose tasks hold locks around some of their calls. */
TlTraceModel *brute_random_model  (GRand        *rand,
                                   guint         n_lanes,
                                   guint         n_roots);

/* Assert that the model's answers are the brute ones. */
void     brute_assert_search      (TlTraceModel *model,
                                   const char   *text);
void     brute_assert_range_stats (TlTraceModel *model,
                                   gint64        t0,
                                   gint64        t1);

G_END_DECLS
