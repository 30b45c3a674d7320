/* tl-event-finder.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moments of a run as a teacher names them: "the fifth task to begin",
 * "the second write to counter", "the first write that lost an update",
 * "the third time L is taken".  A question is asked just before one
 * (tl-scenario-question.h); the model finds it among the threads of the
 * lesson (never Threadline's own machinery), in time order, and says who
 * did it and with what value.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct
{
  /* TL_EVENT_TASK_BEGIN, _LOCK_ACQUIRE, _LOCK_RELEASE, _WAIT_BEGIN (any
   * wait: for a lock, an Event, a Barrier...), _READ, _WRITE, _SEND,
   * _RECEIVE, _PRINT, _ERROR_RAISED, _SLICE_BEGIN. */
  TlEventKind  kind;
  /* The object's name, a slice's label; NULL for any. */
  const char  *name;
  /* 1 for the first. */
  guint        n;
  /* TL_EVENT_WRITE only: a write that puts back a value computed from an
   * older read, losing another thread's update. */
  gboolean     lost;
} TlEventQuery;

typedef struct
{
  gint64    ts;          /* when it happens (a release: its span's end) */
  TlItemRef item;        /* the span or instant it made */
  guint32   lane;        /* the thread that does it */
  guint32   object;      /* what it is about, or TL_INDEX_NONE */
  gboolean  has_value;   /* reads and writes: */
  gint64    value;       /* ... the value read or written */
} TlEventMatch;

/* The @query->n-th event like @query; FALSE if the trace has fewer (a
 * live one: not yet). */
gboolean tl_trace_model_find_event          (TlTraceModel        *self,
                                             const TlEventQuery  *query,
                                             TlEventMatch        *match);
/* The thread lanes that do an event like @query (any n), in the order
 * they first do: guint32. */
GArray  *tl_trace_model_find_event_lanes    (TlTraceModel        *self,
                                             const TlEventQuery  *query);
/* @object's value just before @ts: its last write.  FALSE if none. */
gboolean tl_trace_model_get_value_before    (TlTraceModel        *self,
                                             guint32              object,
                                             gint64               ts,
                                             gint64              *value);
/* The value @lane last read of @object before @ts.  FALSE if none. */
gboolean tl_trace_model_get_last_read       (TlTraceModel        *self,
                                             guint32              lane,
                                             guint32              object,
                                             gint64               ts,
                                             gint64              *value);

G_END_DECLS
