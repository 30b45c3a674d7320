/* tl-model-types.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The items a trace model is made of: spans (something that lasts),
 * instants (something that happens), flows (an arrow from one lane to
 * another) and counter samples.  They are stored in flat arrays per lane,
 * sorted by time, so that a time range is found by binary search.
 */
#pragma once

#include <glib.h>

#include "tl-event.h"

G_BEGIN_DECLS

/* Timestamps in the model are nanoseconds (CLOCK_MONOTONIC for our own
 * recordings, the file's clock for imported ones). */
#define TL_TS_NONE G_MININT64

/* @a - @b and @a + @b on times, held at the ends of 64 bits instead of
 * overflowing: a trace may hold times anywhere in them. */
static inline gint64
tl_ts_diff (gint64 a,
            gint64 b)
{
  gint64 r;

  if (__builtin_sub_overflow (a, b, &r))
    return a < 0 ? G_MININT64 : G_MAXINT64;
  return r;
}

static inline gint64
tl_ts_sum (gint64 a,
           gint64 b)
{
  gint64 r;

  if (__builtin_add_overflow (a, b, &r))
    return a < 0 ? G_MININT64 : G_MAXINT64;
  return r;
}

typedef enum
{
  /* A thread's state: exactly one at a time, on track 0. */
  TL_SPAN_RUNNING = 0,
  TL_SPAN_WAIT_LOCK,
  TL_SPAN_WAIT_GIL,
  TL_SPAN_SLEEP,
  TL_SPAN_IO,
  TL_SPAN_WAIT_QUEUE,        /* blocked on a queue or a pipe */
  TL_SPAN_WAIT_CONDITION,
  TL_SPAN_WAIT_SEMAPHORE,
  TL_SPAN_WAIT_EVENT,
  TL_SPAN_WAIT_BARRIER,
  TL_SPAN_WAIT_JOIN,         /* waiting for a process or thread to end */
  TL_SPAN_WAIT_OTHER,

  /* What a thread holds or does, on tracks 1 and up. */
  TL_SPAN_HOLD_LOCK,
  TL_SPAN_HOLD_GIL,
  TL_SPAN_TASK,
  TL_SPAN_SLICE,             /* a named slice: user annotations, imported traces */
  TL_SPAN_ASYNC,             /* an async span (Chrome b/e), on its own lane */

  /* On a lock's lane: who owns it.  ref is the owner's lane. */
  TL_SPAN_OWNER,

  TL_N_SPAN_KINDS
} TlSpanKind;

#define TL_SPAN_KIND_IS_STATE(k) ((k) <= TL_SPAN_WAIT_OTHER)

/* What a span's ref points at, by its kind. */
typedef enum
{
  TL_SPAN_REF_OBJECT = 0,    /* an object index: the lock waited for, the task... */
  TL_SPAN_REF_STRING,        /* a string id: a slice's name */
  TL_SPAN_REF_LANE,          /* a lane index: a lock's owner */
} TlSpanRef;

TlSpanRef   tl_span_kind_ref        (TlSpanKind kind);

typedef enum
{
  TL_SPAN_FLAG_NONE      = 0,
  TL_SPAN_FLAG_FAILED    = 1 << 0,  /* a task that raised */
  TL_SPAN_FLAG_UNCLOSED  = 1 << 1,  /* still open when the trace ended */
  TL_SPAN_FLAG_CUT       = 1 << 2,  /* ended by a crash or a kill */
  TL_SPAN_FLAG_TIMEOUT   = 1 << 3,  /* a wait that timed out */
  /* A slice of a traced call (an imported profile): arg and arg2 are the
   * string ids + 1 of its arguments' and its return value's text, 0 for
   * none (see tl_trace_model_get_span_args ()). */
  TL_SPAN_FLAG_CALL_TEXT = 1 << 4,
} TlSpanFlags;

/* 40 bytes: a span replaces two events. */
typedef struct
{
  gint64  start;
  gint64  end;
  guint64 arg;       /* from the event that opened it: a task's input */
  guint64 arg2;      /* from the event that closed it: a task's result */
  guint32 ref;       /* object index; string id for slices; lane index for owners */
  guint8  kind;      /* TlSpanKind */
  guint8  flags;     /* TlSpanFlags */
  guint16 reserved;
} TlSpan;

G_STATIC_ASSERT (sizeof (TlSpan) == 40);

/* 24 bytes.  kind is a TlEventKind: prints, errors, reads and writes with
 * their value, sends and receives, marks, starts and exits, crashes. */
typedef struct
{
  gint64  ts;
  guint64 arg;       /* the value read or written, a message id, a status */
  guint32 ref;       /* object index, or string id for texts */
  guint16 kind;      /* TlEventKind */
  guint8  role;      /* TlObjectRole of ref's object */
  guint8  flags;     /* TlEventFlags */
} TlInstant;

G_STATIC_ASSERT (sizeof (TlInstant) == 24);

typedef enum
{
  TL_FLOW_MESSAGE = 0,   /* a queue or pipe message: send -> receive */
  TL_FLOW_HANDOVER,      /* a lock passed on: release -> next owner's acquire */
  TL_FLOW_ERROR,         /* an error raised -> reported */
  TL_FLOW_WAKE,          /* a notify, set or release -> the waiter resuming */
  TL_FLOW_GENERIC,       /* imported flow events */
  TL_N_FLOW_KINDS
} TlFlowKind;

typedef struct
{
  gint64  from_ts;
  gint64  to_ts;
  guint64 id;        /* message id, error id, or the imported flow's id */
  guint32 from_lane;
  guint32 to_lane;
  guint32 ref;       /* the object the flow is about (channel, lock, error) */
  guint16 kind;      /* TlFlowKind */
  guint16 reserved;
} TlFlow;

G_STATIC_ASSERT (sizeof (TlFlow) == 40);

typedef struct
{
  gint64 ts;
  double value;
} TlCounterSample;

typedef enum
{
  TL_LANE_THREAD = 0,
  TL_LANE_LOCK,          /* a lock, semaphore, RLock: who holds it */
  TL_LANE_GIL,           /* one per process with an (emulated) GIL */
  TL_LANE_COUNTER,       /* a counter track (Chrome C events, user counters) */
  TL_LANE_ASYNC,         /* async spans of one name (Chrome b/e) */
  TL_N_LANE_KINDS
} TlLaneKind;

#define TL_INDEX_NONE G_MAXUINT32

/* A whole-trace item address, for object histories and selections. */
typedef enum
{
  TL_ITEM_SPAN = 0,
  TL_ITEM_INSTANT,
  TL_ITEM_FLOW,
} TlItemType;

typedef struct
{
  guint32 lane;
  guint16 type;      /* TlItemType */
  guint16 track;     /* spans only */
  guint32 index;
} TlItemRef;

const char *tl_span_kind_to_string  (TlSpanKind kind);
const char *tl_span_kind_to_label   (TlSpanKind kind);
gboolean    tl_span_kind_from_string (const char *str,
                                      TlSpanKind *kind);
const char *tl_flow_kind_to_string  (TlFlowKind kind);
gboolean    tl_flow_kind_from_string (const char *str,
                                      TlFlowKind *kind);
const char *tl_lane_kind_to_string  (TlLaneKind kind);
gboolean    tl_event_kind_from_string (const char  *str,
                                       TlEventKind *kind);
gboolean    tl_object_role_from_string (const char   *str,
                                        TlObjectRole *role);

G_END_DECLS
