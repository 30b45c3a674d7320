/* tl-horizon.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-horizon.h"
#include "tl-trace-model-private.h"

/* When each process was seen to end: its exits and crashes, seen by
 * itself or by a parent, in time order.  A live model takes the latest
 * it has received as the process's end, so at a horizon the end is the
 * latest one up to it. */
struct _TlHorizonState
{
  guint64     generation;
  GHashTable *ends;        /* pid -> GArray of gint64, sorted */
};

void
_tl_horizon_state_free (TlHorizonState *state)
{
  if (state == NULL)
    return;
  g_hash_table_unref (state->ends);
  g_free (state);
}

static int
compare_ts (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static TlHorizonState *
horizon_state (TlTraceModel *model)
{
  TlHorizonState **slot = _tl_trace_model_get_horizon_slot (model);
  guint64 generation = tl_trace_model_get_generation (model);
  GHashTableIter iter;
  gpointer value;

  if (*slot != NULL && (*slot)->generation == generation)
    return *slot;
  if (*slot == NULL)
    {
      *slot = g_new0 (TlHorizonState, 1);
      (*slot)->ends = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
    }
  g_hash_table_remove_all ((*slot)->ends);
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      guint n;
      const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (model, l), &n);

      for (guint i = 0; i < n; i++)
        {
          GArray *ends;

          if ((instants[i].kind != TL_EVENT_PROCESS_EXIT && instants[i].kind != TL_EVENT_CRASH) ||
              instants[i].role != TL_ROLE_PROCESS)
            continue;
          ends = g_hash_table_lookup ((*slot)->ends, GUINT_TO_POINTER ((guint32) instants[i].arg));
          if (ends == NULL)
            {
              ends = g_array_new (FALSE, FALSE, sizeof (gint64));
              g_hash_table_insert ((*slot)->ends, GUINT_TO_POINTER ((guint32) instants[i].arg), ends);
            }
          g_array_append_val (ends, instants[i].ts);
        }
    }
  g_hash_table_iter_init (&iter, (*slot)->ends);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_sort (value, compare_ts);
  (*slot)->generation = generation;
  return *slot;
}

/* How many of @n items, sorted by the gint64 at @ts_offset in each, have
 * it at or before @horizon: all of them for TL_HORIZON_NONE. */
static guint
count_until (const void *items,
             guint       n,
             gsize       size,
             gsize       ts_offset,
             gint64      horizon)
{
  const guint8 *base = items;
  guint lo = 0, hi = n;

  if (horizon == TL_HORIZON_NONE)
    return n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 ts;

      memcpy (&ts, base + (gsize) mid * size + ts_offset, sizeof ts);
      if (ts <= horizon)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
tl_lane_count_ended_spans (const TlLane *lane,
                           guint         track,
                           gint64        horizon)
{
  guint n;
  const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

  /* Ends are sorted on a track. */
  return count_until (spans, n, sizeof *spans, G_STRUCT_OFFSET (TlSpan, end), horizon);
}

guint
tl_lane_count_begun_spans (const TlLane *lane,
                           guint         track,
                           gint64        horizon)
{
  guint n;
  const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

  return count_until (spans, n, sizeof *spans, G_STRUCT_OFFSET (TlSpan, start), horizon);
}

guint
tl_lane_count_instants_until (const TlLane *lane,
                              gint64        horizon)
{
  guint n;
  const TlInstant *instants = tl_lane_get_instants (lane, &n);

  return count_until (instants, n, sizeof *instants, G_STRUCT_OFFSET (TlInstant, ts), horizon);
}

guint
tl_lane_count_samples_until (const TlLane *lane,
                             gint64        horizon)
{
  guint n;
  const TlCounterSample *samples = tl_lane_get_samples (lane, &n);

  return count_until (samples, n, sizeof *samples, G_STRUCT_OFFSET (TlCounterSample, ts), horizon);
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

/* By track, whether the lane had them open or the horizon cut them: one
 * order for both (a track holds one open span at a time). */
static void
sort_by_track (GArray *spans,
               guint   from)
{
  for (guint i = from + 1; i < spans->len; i++)
    for (guint j = i; j > from && g_array_index (spans, TlHorizonSpan, j).track <
                                  g_array_index (spans, TlHorizonSpan, j - 1).track; j--)
      {
        TlHorizonSpan swap = g_array_index (spans, TlHorizonSpan, j);

        g_array_index (spans, TlHorizonSpan, j) = g_array_index (spans, TlHorizonSpan, j - 1);
        g_array_index (spans, TlHorizonSpan, j - 1) = swap;
      }
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
    {
      sort_by_track (out, before);
      return out->len - before;
    }

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
  sort_by_track (out, before);
  return out->len - before;
}

gboolean
tl_trace_model_lane_begun (TlTraceModel *model,
                           guint32       lane,
                           gint64        horizon)
{
  gint64 start = tl_trace_model_get_lane_start (model, lane);
  gint64 made = _tl_trace_model_peek_lane (model, lane)->made_ts;

  if (made != TL_TS_NONE)
    start = start == TL_TS_NONE ? made : MAX (start, made);
  return start != TL_TS_NONE && start <= horizon;
}

gboolean
tl_trace_model_process_ended (TlTraceModel *model,
                              guint         process,
                              gint64        horizon,
                              gint64       *exit_ts)
{
  const TlProcess *p = tl_trace_model_get_process (model, process);
  GArray *ends;
  gint64 end = p->exit_ts;

  if (!p->exited)
    return FALSE;
  if (horizon != TL_HORIZON_NONE)
    {
      ends = g_hash_table_lookup (horizon_state (model)->ends, GUINT_TO_POINTER (p->pid));
      /* The latest end seen by then; a trace that only says when (an
       * import) says it once. */
      if (ends != NULL)
        {
          end = TL_TS_NONE;
          for (guint i = 0; i < ends->len && g_array_index (ends, gint64, i) <= horizon; i++)
            end = g_array_index (ends, gint64, i);
        }
      if (end == TL_TS_NONE || end > horizon)
        return FALSE;
    }
  if (exit_ts != NULL)
    *exit_ts = end;
  return TRUE;
}

/* The last thing on @lane at or before @horizon, when nothing is open. */
static gint64
last_until (const TlLane *lane,
            gint64        horizon)
{
  gint64 last = G_MININT64;
  guint n, k;
  const TlInstant *instants;
  const TlCounterSample *samples;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      k = tl_lane_count_ended_spans (lane, t, horizon);
      if (k > 0)
        last = MAX (last, spans[k - 1].end);
    }
  instants = tl_lane_get_instants (lane, &n);
  k = tl_lane_count_instants_until (lane, horizon);
  if (k > 0)
    last = MAX (last, instants[k - 1].ts);
  samples = tl_lane_get_samples (lane, &n);
  k = tl_lane_count_samples_until (lane, horizon);
  if (k > 0)
    last = MAX (last, samples[k - 1].ts);
  return last == G_MININT64 ? TL_TS_NONE : last;
}

gboolean
tl_trace_model_get_lane_life (TlTraceModel *model,
                              guint32       lane,
                              gint64        horizon,
                              gint64       *begin,
                              gint64       *end)
{
  TlLane *l = tl_trace_model_get_lane (model, lane);
  g_autoptr(GArray) open = NULL;
  gint64 last;

  *begin = tl_trace_model_get_lane_start (model, lane);
  if (*begin == TL_TS_NONE || *begin > horizon)
    return FALSE;
  open = g_array_new (FALSE, FALSE, sizeof (TlHorizonSpan));
  if (tl_lane_collect_open_at (l, horizon, open) > 0)
    {
      *end = G_MAXINT64;
      return TRUE;
    }
  last = tl_lane_get_last_ts (l);
  if (last != TL_TS_NONE && last > horizon)
    last = last_until (l, horizon);
  *end = last;
  return last != TL_TS_NONE;
}
