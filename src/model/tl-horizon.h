/* tl-horizon.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace as it stood at a moment, its horizon: what a live model held
 * when it had received every event up to that time, and nothing after.
 * A replay shows a finished trace this way at its playhead, so that the
 * class sees what the live run showed then and nothing of what came next.
 *
 * Spans that had ended by the horizon are a prefix of each track (spans
 * on a track are sorted and never overlap); a span that had begun and
 * not ended was open then, and is given as a live model gives an open
 * span: without its end or what its end said (a task's result, a
 * failure, a timeout).  Instants and samples up to the horizon are a
 * prefix of their arrays.  A horizon of G_MAXINT64 is the whole trace,
 * and the lanes' own open spans (a live model's) are taken as they are.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

#define TL_HORIZON_NONE G_MAXINT64

/* A span open at the horizon. */
typedef struct
{
  TlSpan  span;        /* as open: end unset (0), arg2 0, flags 0 */
  guint   track;
  guint32 index;       /* the lane's open span (tl_lane_get_open ()) when
                        * own, else the span's index on its track */
  gboolean own;        /* one of the lane's own open spans (a live model) */
} TlHorizonSpan;

/* Spans of @track that had ended by @horizon (their end at or before it):
 * spans[0 .. n). */
guint       tl_lane_count_ended_spans     (const TlLane   *lane,
                                           guint           track,
                                           gint64          horizon);
/* Spans of @track that had begun by @horizon. */
guint       tl_lane_count_begun_spans     (const TlLane   *lane,
                                           guint           track,
                                           gint64          horizon);
guint       tl_lane_count_instants_until  (const TlLane   *lane,
                                           gint64          horizon);
guint       tl_lane_count_samples_until   (const TlLane   *lane,
                                           gint64          horizon);
/* Tracks that had a span by @horizon, open ones included; at least 1. */
guint       tl_lane_get_n_tracks_at       (const TlLane   *lane,
                                           gint64          horizon);
/* Appends to @out (TlHorizonSpan) the spans open at @horizon, by track:
 * the lane's own open spans that had begun by then, and the spans that
 * had begun and not ended.  Returns how many it appended. */
guint       tl_lane_collect_open_at       (const TlLane   *lane,
                                           gint64          horizon,
                                           GArray         *out);
/* Whether anything of @lane had happened by @horizon. */
gboolean    tl_trace_model_lane_begun     (TlTraceModel   *model,
                                           guint32         lane,
                                           gint64          horizon);
/* @lane's life as it stood at @horizon: from its first item to its last,
 * or to G_MAXINT64 while something on it was open then; FALSE when
 * nothing of it had happened by then (or nothing says when). */
gboolean    tl_trace_model_get_lane_life  (TlTraceModel   *model,
                                           guint32         lane,
                                           gint64          horizon,
                                           gint64         *begin,
                                           gint64         *end);
/* Whether @process had ended by @horizon, and when. */
gboolean    tl_trace_model_process_ended  (TlTraceModel   *model,
                                           guint           process,
                                           gint64          horizon,
                                           gint64         *exit_ts);

G_END_DECLS
