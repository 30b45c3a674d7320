/* tl-span-search.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every span whose name holds a text, in time order: what a search bar
 * counts, highlights and steps through.  The name is the one a span is
 * shown by (tl_trace_model_get_span_name ()): a call's ("count_primes
 * (/home/u/prog.py:12)", so that a file's name finds its functions), a
 * lock's for a wait or a hold.  Case does not matter.
 *
 * A search is worked out when it is made, in one pass over the spans
 * that looks at each distinct name once: over a million spans, 5 ms when
 * few match, 80 ms when all do (tests/model/bench-model-queries.c), so
 * a search bar can search as the user types, without a worker thread.
 * It holds the model and answers for the model as it was: when the
 * model's generation moves on (a live run), make a new one.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct _TlSpanSearch TlSpanSearch;

/* Searches @model for spans whose name holds @text (empty: none). */
TlSpanSearch    *tl_span_search_new             (TlTraceModel       *model,
                                                 const char         *text) G_GNUC_WARN_UNUSED_RESULT;
void             tl_span_search_free            (TlSpanSearch       *self);

const char      *tl_span_search_get_text        (const TlSpanSearch *self);
TlTraceModel    *tl_span_search_get_model       (const TlSpanSearch *self);
/* The model's generation the matches are of. */
guint64          tl_span_search_get_generation  (const TlSpanSearch *self);

/* The matches (TL_ITEM_SPAN refs), by start, then lane, track and index. */
guint            tl_span_search_get_n_matches   (const TlSpanSearch *self);
const TlItemRef *tl_span_search_get_matches     (const TlSpanSearch *self,
                                                 guint              *n_matches);
/* The first match that starts after @ts (@direction > 0), or the last
 * that starts before it (@direction < 0): its index among the matches,
 * or G_MAXUINT if there is none.  For next and previous. */
guint            tl_span_search_find            (const TlSpanSearch *self,
                                                 gint64              ts,
                                                 int                 direction);

/* Whether spans of name @name (a string id) match, and whether @span
 * does: for a painter that highlights matches as it draws, at the cost
 * of a lookup. */
gboolean         tl_span_search_matches_name    (const TlSpanSearch *self,
                                                 guint32             name);
gboolean         tl_span_search_matches_span    (const TlSpanSearch *self,
                                                 const TlSpan       *span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlSpanSearch, tl_span_search_free)

G_END_DECLS
