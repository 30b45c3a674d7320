/* tl-lane.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lane is one row of the timeline: a thread, a lock, a process's GIL, a
 * counter, or an async track.  Its spans sit on tracks: on a thread lane,
 * track 0 holds the thread's state (running, waiting, sleeping...) and the
 * tracks above hold what it holds and does (locks, tasks, slices).  Spans
 * on one track never overlap and are sorted, so both their starts and
 * their ends are sorted and a time range is two binary searches.
 *
 * Lanes belong to their model; the pointers returned here stay valid until
 * the next change to the model.
 */
#pragma once

#include <glib.h>

#include "tl-model-types.h"

G_BEGIN_DECLS

typedef struct _TlLane TlLane;

TlLaneKind        tl_lane_get_kind          (const TlLane *self);
guint32           tl_lane_get_index         (const TlLane *self);
guint32           tl_lane_get_pid           (const TlLane *self);
/* The tid for threads, the object id for lock and GIL lanes, the name
 * string id for counter and async lanes. */
guint64           tl_lane_get_key           (const TlLane *self);
/* Lock and GIL lanes: the lock's object index; TL_INDEX_NONE otherwise. */
guint32           tl_lane_get_object        (const TlLane *self);
guint32           tl_lane_get_process       (const TlLane *self);
guint32           tl_lane_get_name          (const TlLane *self);
gint32            tl_lane_get_sort_index    (const TlLane *self);

guint             tl_lane_get_n_tracks      (const TlLane *self);
const TlSpan     *tl_lane_get_spans         (const TlLane *self,
                                             guint         track,
                                             guint        *n_spans);
/* The spans of @track that overlap [t0, t1]: spans[first .. first + n). */
void              tl_lane_get_span_range    (const TlLane *self,
                                             guint         track,
                                             gint64        t0,
                                             gint64        t1,
                                             guint        *first,
                                             guint        *n);

/* Spans still open (live): their end is the lane's last event so far. */
guint             tl_lane_get_n_open        (const TlLane *self);
const TlSpan     *tl_lane_get_open          (const TlLane *self,
                                             guint         index,
                                             guint        *track);

const TlInstant  *tl_lane_get_instants      (const TlLane *self,
                                             guint        *n_instants);
void              tl_lane_get_instant_range (const TlLane *self,
                                             gint64        t0,
                                             gint64        t1,
                                             guint        *first,
                                             guint        *n);

const TlCounterSample *
                  tl_lane_get_samples       (const TlLane *self,
                                             guint        *n_samples);

/* Time of the lane's last item, TL_TS_NONE if it has none. */
gint64            tl_lane_get_last_ts       (const TlLane *self);

G_END_DECLS
