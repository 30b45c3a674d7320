/* tl-trace-model-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tl-source-lines.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

/* A growable array for the model's bulk (spans, instants, samples, flows).
 * Unlike GArray, a large one lives in its own mapping and grows with
 * mremap: ten million spans never get copied on the way, capacity not yet
 * touched costs no resident memory, and finishing trims it to size. */
typedef struct
{
  gpointer data;
  guint    len;
  guint    capacity;     /* elements */
} TlVec;

#define _tl_vec_index(vec, type, i) (((type *) (vec)->data)[(i)])

void     _tl_vec_grow   (TlVec       *vec,
                         gsize        element_size,
                         guint        min_capacity);
void     _tl_vec_shrink (TlVec       *vec,
                         gsize        element_size);
void     _tl_vec_clear  (TlVec       *vec,
                         gsize        element_size);
gsize    _tl_vec_memory (const TlVec *vec,
                         gsize        element_size);

/* Room for one more element at the end; the caller fills it. */
static inline gpointer
_tl_vec_push (TlVec *vec,
              gsize  element_size)
{
  if (G_UNLIKELY (vec->len == vec->capacity))
    _tl_vec_grow (vec, element_size, vec->len + 1);
  return (guint8 *) vec->data + (gsize) vec->len++ * element_size;
}

/* Lookups by identity without an allocation per key: open addressing on
 * two 64-bit words, for lanes, objects and runtime text ids, which the
 * derivation looks up once or twice per event. */
typedef struct
{
  guint64 a;
  guint64 b;
  guint32 value;         /* TL_INDEX_NONE: empty */
  guint32 reserved;
} TlIndexSlot;

typedef struct
{
  TlIndexSlot *slots;
  guint        mask;     /* capacity - 1, capacity a power of two */
  guint        n_items;
} TlIndex;

void     _tl_index_init   (TlIndex *index);
void     _tl_index_clear  (TlIndex *index);
void     _tl_index_insert (TlIndex *index,
                           guint64  a,
                           guint64  b,
                           guint32  value);

static inline guint
_tl_index_hash (guint64 a,
                guint64 b)
{
  guint64 h = a * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ (b + G_GUINT64_CONSTANT (0x632BE59BD9B4E019));

  h ^= h >> 32;
  h *= G_GUINT64_CONSTANT (0xD6E8FEB86659FD93);
  h ^= h >> 32;
  return (guint) h;
}

static inline guint32
_tl_index_lookup (const TlIndex *index,
                  guint64        a,
                  guint64        b)
{
  guint i = _tl_index_hash (a, b) & index->mask;

  for (;;)
    {
      const TlIndexSlot *slot = &index->slots[i];

      if (slot->value == TL_INDEX_NONE)
        return TL_INDEX_NONE;
      if (slot->a == a && slot->b == b)
        return slot->value;
      i = (i + 1) & index->mask;
    }
}

/* A lane's track: spans that never overlap, sorted. */
typedef struct
{
  TlVec   spans;         /* TlSpan */
} TlTrack;

/* Track indexes fit 16 bits (TlItemRef, TlOpenSpan), one value kept for
 * "none": a span that would need more tracks than this is left out,
 * counted in the lane's n_untracked. */
#define TL_LANE_MAX_TRACKS  G_MAXUINT16
#define TL_TRACK_NONE       G_MAXUINT16

/* A span that has begun and not ended yet. */
typedef struct
{
  TlSpan  span;      /* end is meaningless until it closes */
  guint64 key;       /* what closes it: object index, task id, slice depth */
  guint16 track;
} TlOpenSpan;

struct _TlLane
{
  TlLaneKind  kind;
  guint32     index;
  guint32     pid;
  guint64     key;
  guint32     process;
  guint32     name;
  guint32     object;           /* lock and GIL lanes: the lock's object index */
  gint32      sort_index;
  gint64      made_ts;          /* a lane made after its first item (a state lane): when */

  TlTrack    *tracks;
  guint       n_tracks;
  guint       tracks_alloc;
  /* When each track is free from (G_MAXINT64 while an open span sits on
   * it), as a min-tree: leaves at [free_leaves, 2 * free_leaves), tracks
   * past n_tracks free from the start of time. */
  gint64     *free_from;
  guint       free_leaves;
  guint64     n_untracked;      /* spans left out: no track was free */
  TlVec       instants;         /* TlInstant */
  TlVec       samples;          /* TlCounterSample */
  TlVec       lines;            /* TlLineMark: thread lanes (tl-trace-model-lines.c) */

  /* Runtime derivation. */
  TlOpenSpan  state;            /* track 0, when has_state */
  GArray     *open;             /* TlOpenSpan on tracks >= 1 */
  guint32     slice_depth;

  /* Explicit spans waiting for finish () to be placed on tracks. */
  TlVec       pending;          /* TlSpan */

  gint64      last_ts;
  guint       has_state : 1;
  guint       ended : 1;
  guint       instants_unsorted : 1;
  guint       samples_unsorted : 1;
};

TlLane  *_tl_lane_new               (TlLaneKind  kind,
                                     guint32     index,
                                     guint32     pid,
                                     guint64     key);
void     _tl_lane_free              (TlLane     *lane);
gsize    _tl_lane_memory_size       (const TlLane *lane);

/* The lowest track from @first_track that is free at @start, now busy;
 * TL_TRACK_NONE when all TL_LANE_MAX_TRACKS are taken. */
guint16  _tl_lane_claim_track       (TlLane     *lane,
                                     guint16     first_track,
                                     gint64      start);
/* Appends a closed span to its track and frees the track.  FALSE (the
 * span counted in n_untracked) when @track is TL_TRACK_NONE. */
gboolean _tl_lane_append_span       (TlLane       *lane,
                                     guint16       track,
                                     const TlSpan *span);
/* Places the pending explicit spans (sorts them first).  Spans left out
 * for want of a track are added to @untracked by kind (TL_N_SPAN_KINDS
 * counters). */
void     _tl_lane_place_pending     (TlLane     *lane,
                                     guint64    *untracked);
void     _tl_lane_sort              (TlLane     *lane);
/* Gives back what the arrays hold beyond their length. */
void     _tl_lane_trim              (TlLane     *lane);

static inline TlSpan *
_tl_lane_peek_span (const TlLane *lane,
                    guint         track,
                    guint         index)
{
  return &_tl_vec_index (&lane->tracks[track].spans, TlSpan, index);
}

/* Runtime event derivation (tl-trace-model-events.c). */
typedef struct _TlEventState TlEventState;

TlEventState *_tl_event_state_new   (void);
void          _tl_event_state_free  (TlEventState *state);
void          _tl_trace_model_derive (TlTraceModel       *self,
                                      TlLane             *lane,
                                      const TlModelEvent *event);
/* A TL_EVENT_LINE at @ts, for the derivation (tl-trace-model-lines.c). */
void          _tl_lane_derive_line  (TlLane             *lane,
                                     gint64              ts,
                                     guint64             line);
/* Closes every open span of every lane at @end_ts. */
void          _tl_trace_model_close_open (TlTraceModel *self,
                                          gint64        end_ts);

/* State lanes (tl-trace-model-state.c), kept with the derivation's state. */
typedef struct _TlStateLanes TlStateLanes;

TlStateLanes *_tl_state_lanes_new    (void);
void          _tl_state_lanes_free   (TlStateLanes       *lanes);
TlStateLanes *_tl_trace_model_get_state_lanes (TlTraceModel *self);
/* After the derivation took @event about @object (a name, an acquire or
 * release, a wake-up, a message, a read or write).  Only objects whose
 * roles have a state, checked here: the GIL's and plain locks' events are
 * many. */
void          _tl_state_lanes_take   (TlTraceModel       *self,
                                      guint32             object,
                                      const TlModelEvent *event,
                                      gint64              ts);

#define TL_STATE_LANES_ROLES ((1u << TL_ROLE_NONE) | (1u << TL_ROLE_VALUE) | (1u << TL_ROLE_SEMAPHORE) | \
                              (1u << TL_ROLE_RLOCK) | (1u << TL_ROLE_EVENT) | (1u << TL_ROLE_BARRIER) | \
                              (1u << TL_ROLE_CONDITION) | (1u << TL_ROLE_QUEUE) | (1u << TL_ROLE_PIPE))

static inline void
_tl_state_lanes_derive (TlTraceModel       *self,
                        guint32             object,
                        const TlModelEvent *event,
                        gint64              ts)
{
  if (event->role < 32 && (TL_STATE_LANES_ROLES & (1u << event->role)) != 0)
    _tl_state_lanes_take (self, object, event, ts);
}
/* A thread's state @state begins (@delta 1) or ends (-1) at @ts; @shown
 * is FALSE when the trace's end cut it short.  Only waits on the
 * constructs whose waiters count, checked here: states change often. */
void          _tl_state_lanes_count_wait (TlTraceModel   *self,
                                          const TlSpan   *state,
                                          gint64          ts,
                                          gint            delta,
                                          gboolean        shown);

G_STATIC_ASSERT (TL_SPAN_WAIT_SEMAPHORE == TL_SPAN_WAIT_CONDITION + 1 &&
                 TL_SPAN_WAIT_EVENT == TL_SPAN_WAIT_CONDITION + 2 &&
                 TL_SPAN_WAIT_BARRIER == TL_SPAN_WAIT_CONDITION + 3);

static inline void
_tl_state_lanes_wait (TlTraceModel *self,
                      const TlSpan *state,
                      gint64        ts,
                      gint          delta,
                      gboolean      shown)
{
  if (state->kind >= TL_SPAN_WAIT_CONDITION && state->kind <= TL_SPAN_WAIT_BARRIER)
    _tl_state_lanes_count_wait (self, state, ts, delta, shown);
}
/* Moves the state lanes among a process's ordered @lanes (guint32) to
 * just after the lock lanes of their objects. */
void          _tl_state_lanes_place  (TlTraceModel       *self,
                                      GArray             *lanes);

/* The findings (tl-findings.c): made on first use, kept by the model. */
typedef struct _TlFindings TlFindings;

TlFindings   *_tl_findings_new  (void);
void          _tl_findings_free (TlFindings *findings);
TlFindings   *_tl_trace_model_get_findings_state (TlTraceModel *self);
/* Bumped when finish () re-sorted items that were already there. */
guint64       _tl_trace_model_get_reorder_serial (TlTraceModel *self);

/* The order views list processes and lanes in (tl-trace-model-order.c):
 * worked out on first use after a change, kept by the model. */
typedef struct _TlOrderState TlOrderState;

TlOrderState *_tl_order_state_new  (void);
void          _tl_order_state_free (TlOrderState *state);
TlOrderState *_tl_trace_model_get_order_state (TlTraceModel *self);

/* The bookmarks (tl-bookmarks.c): made on first use, kept by the model. */
typedef struct _TlBookmarks TlBookmarks;

TlBookmarks  *_tl_bookmarks_new  (void);
void          _tl_bookmarks_free (TlBookmarks *bookmarks);
TlBookmarks  *_tl_trace_model_get_bookmarks_state (TlTraceModel *self);

/* When processes were seen to end (tl-horizon.c): made on first use,
 * kept by the model. */
typedef struct _TlHorizonState TlHorizonState;

void          _tl_horizon_state_free (TlHorizonState *state);
TlHorizonState **_tl_trace_model_get_horizon_slot (TlTraceModel *self);

/* What the trace says about the traced code (tl-trace-model-code.c):
 * functions, sources; made on first use, kept by the model. */
typedef struct _TlCodeState TlCodeState;

TlCodeState  *_tl_code_state_new    (void);
void          _tl_code_state_free   (TlCodeState       *state);
gsize         _tl_code_state_memory (const TlCodeState *state);
TlCodeState  *_tl_trace_model_get_code_state (TlTraceModel *self);

/* Shared between the model and the derivation. */
TlEventState *_tl_trace_model_get_event_state (TlTraceModel *self);
void     _tl_trace_model_count_span (TlTraceModel *self,
                                     TlSpanKind    kind);
void     _tl_trace_model_see_ts     (TlTraceModel *self,
                                     gint64        ts);
guint32  _tl_trace_model_text_string (TlTraceModel *self,
                                      guint64       text_id);
void     _tl_trace_model_set_text    (TlTraceModel *self,
                                      guint64       text_id,
                                      guint32       string);
TlObject *_tl_trace_model_peek_object (TlTraceModel *self,
                                       guint32       index);
TlLane   *_tl_trace_model_peek_lane   (TlTraceModel *self,
                                       guint32       index);
/* The public calls of the same names, without their checks: for the
 * derivation, which passes only what it made. */
guint32  _tl_trace_model_ensure_object (TlTraceModel    *self,
                                        TlObjectRole     role,
                                        guint64          id);
void     _tl_trace_model_add_instant   (TlTraceModel    *self,
                                        TlLane          *lane,
                                        const TlInstant *instant);
void     _tl_trace_model_add_flow      (TlTraceModel    *self,
                                        const TlFlow    *flow);

G_END_DECLS
