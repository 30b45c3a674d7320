/* tl-horizon.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include "tl-horizon.h"

guint
tl_lane_count_ended_spans (const TlLane *lane,
                           guint         track,
                           gint64        horizon)
{
  guint n, lo = 0, hi;
  const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

  if (horizon == TL_HORIZON_NONE || n == 0 || spans[n - 1].end <= horizon)
    return n;
  /* Ends are sorted on a track. */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].end <= horizon)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
tl_lane_count_begun_spans (const TlLane *lane,
                           guint         track,
                           gint64        horizon)
{
  guint n, lo = 0, hi;
  const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

  if (horizon == TL_HORIZON_NONE || n == 0 || spans[n - 1].start <= horizon)
    return n;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].start <= horizon)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
tl_lane_count_instants_until (const TlLane *lane,
                              gint64        horizon)
{
  guint n, lo = 0, hi;
  const TlInstant *instants = tl_lane_get_instants (lane, &n);

  if (horizon == TL_HORIZON_NONE || n == 0 || instants[n - 1].ts <= horizon)
    return n;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (instants[mid].ts <= horizon)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
tl_lane_count_samples_until (const TlLane *lane,
                             gint64        horizon)
{
  guint n, lo = 0, hi;
  const TlCounterSample *samples = tl_lane_get_samples (lane, &n);

  if (horizon == TL_HORIZON_NONE || n == 0 || samples[n - 1].ts <= horizon)
    return n;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (samples[mid].ts <= horizon)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
tl_lane_get_n_tracks_at (const TlLane *lane,
                         gint64        horizon)
{
  guint n = 0;

  /* A live lane claims a track when a span opens on it. */
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    if (tl_lane_count_begun_spans (lane, t, horizon) > 0)
      n = t + 1;
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint track;
      const TlSpan *open = tl_lane_get_open (lane, i, &track);

      if (open->start <= horizon)
        n = MAX (n, track + 1);
    }
  return MAX (n, 1);
}

guint
tl_lane_collect_open_at (const TlLane *lane,
                         gint64        horizon,
                         GArray       *out)
{
  guint before = out->len;

  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      TlHorizonSpan h = { { 0 }, 0, i, TRUE };
      const TlSpan *open = tl_lane_get_open (lane, i, &h.track);

      if (open->start > horizon)
        continue;
      h.span = *open;
      g_array_append_val (out, h);
    }
  if (horizon == TL_HORIZON_NONE)
    return out->len - before;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n, k = tl_lane_count_ended_spans (lane, t, horizon);
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);
      TlHorizonSpan h = { { 0 }, t, k, FALSE };

      /* The first span not ended yet, if it had begun. */
      if (k >= n || spans[k].start > horizon)
        continue;
      h.span.start = spans[k].start;
      h.span.arg = spans[k].arg;
      h.span.ref = spans[k].ref;
      h.span.kind = spans[k].kind;
      g_array_append_val (out, h);
    }
  return out->len - before;
}

gboolean
tl_trace_model_lane_begun (TlTraceModel *model,
                           guint32       lane,
                           gint64        horizon)
{
  gint64 start = tl_trace_model_get_lane_start (model, lane);

  return start != TL_TS_NONE && start <= horizon;
}

gboolean
tl_trace_model_process_ended (TlTraceModel *model,
                              guint         process,
                              gint64        horizon,
                              gint64       *exit_ts)
{
  const TlProcess *p = tl_trace_model_get_process (model, process);

  if (!p->exited || (horizon != TL_HORIZON_NONE && (p->exit_ts == TL_TS_NONE || p->exit_ts > horizon)))
    return FALSE;
  if (exit_ts != NULL)
    *exit_ts = p->exit_ts;
  return TRUE;
}
