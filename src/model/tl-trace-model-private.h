/* tl-trace-model-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

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

  GPtrArray  *tracks;           /* GArray of TlSpan, one per track */
  GArray     *track_last_end;   /* gint64: end of the track's last span */
  GArray     *track_busy;       /* guint8: an open span sits on the track */
  GArray     *instants;         /* TlInstant */
  GArray     *samples;          /* TlCounterSample */

  /* Runtime derivation. */
  TlOpenSpan  state;            /* track 0, when has_state */
  GArray     *open;             /* TlOpenSpan on tracks >= 1 */
  guint32     slice_depth;

  /* Explicit spans waiting for finish () to be placed on tracks. */
  GArray     *pending;

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

/* The lowest track from @first_track that is free at @start. */
guint16  _tl_lane_claim_track       (TlLane     *lane,
                                     guint16     first_track,
                                     gint64      start);
/* Appends a closed span to its track and frees the track. */
void     _tl_lane_append_span       (TlLane       *lane,
                                     guint16       track,
                                     const TlSpan *span);
/* Places the pending explicit spans (sorts them first). */
void     _tl_lane_place_pending     (TlLane     *lane);
void     _tl_lane_sort              (TlLane     *lane);

/* Runtime event derivation (tl-trace-model-events.c). */
typedef struct _TlEventState TlEventState;

TlEventState *_tl_event_state_new   (void);
void          _tl_event_state_free  (TlEventState *state);
void          _tl_trace_model_derive (TlTraceModel       *self,
                                      TlLane             *lane,
                                      const TlModelEvent *event);
/* Closes every open span of every lane at @end_ts. */
void          _tl_trace_model_close_open (TlTraceModel *self,
                                          gint64        end_ts);

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

G_END_DECLS
