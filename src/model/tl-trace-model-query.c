/* tl-trace-model-query.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Questions a view asks of the whole model: the next moment something
 * happens (for stepping), the time an item covers (for zooming to it),
 * what is new since a reader last looked (for panels that follow a live
 * run), and a few counts.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include "tl-trace-model-private.h"

static gint64
nearer (gint64 best,
        gint64 candidate,
        int    direction)
{
  return direction > 0 ? MIN (best, candidate) : MAX (best, candidate);
}

/* The nearest boundary of @lane's items strictly after @after (before it
 * when @direction < 0). */
static gint64
lane_next_boundary (TlLane *lane,
                    gint64  after,
                    int     direction)
{
  gint64 best = direction > 0 ? G_MAXINT64 : G_MININT64;
  guint first, count, n_instants;
  const TlInstant *instants = tl_lane_get_instants (lane, &n_instants);

  if (direction > 0)
    tl_lane_get_instant_range (lane, after + 1, G_MAXINT64, &first, &count);
  else
    tl_lane_get_instant_range (lane, G_MININT64, after - 1, &first, &count);
  if (count > 0)
    best = instants[direction > 0 ? first : first + count - 1].ts;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      /* Spans never overlap on a track: those around @after and their
       * neighbours hold the nearest starts and ends. */
      tl_lane_get_span_range (lane, t, after, after, &first, &count);
      for (guint i = first > 0 ? first - 1 : 0; i < MIN (n, first + count + 1); i++)
        {
          gint64 edges[2] = { spans[i].start, spans[i].end };

          for (guint e = 0; e < 2; e++)
            if (direction > 0 ? edges[e] > after : edges[e] < after)
              best = nearer (best, edges[e], direction);
        }
    }
  return best;
}

gint64
tl_trace_model_find_first_instant (TlTraceModel *self,
                                   TlEventKind   kind,
                                   guint64       arg)
{
  gint64 first = TL_TS_NONE;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_TS_NONE);

  for (guint l = 0; l < tl_trace_model_get_n_lanes (self); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        if (instants[i].kind == kind && instants[i].arg == arg)
          {
            if (first == TL_TS_NONE || instants[i].ts < first)
              first = instants[i].ts;
            break;
          }
    }
  return first;
}

gint64
tl_trace_model_get_next_boundary (TlTraceModel *self,
                                  gint64        after,
                                  int           direction)
{
  gint64 best;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_TS_NONE);
  g_return_val_if_fail (direction != 0, TL_TS_NONE);

  best = direction > 0 ? G_MAXINT64 : G_MININT64;
  for (guint i = 0; i < tl_trace_model_get_n_lanes (self); i++)
    best = nearer (best, lane_next_boundary (tl_trace_model_get_lane (self, i), after, direction),
                   direction);
  return best == G_MAXINT64 || best == G_MININT64 ? TL_TS_NONE : best;
}

gboolean
tl_trace_model_get_item_range (TlTraceModel    *self,
                               const TlItemRef *item,
                               gint64          *start,
                               gint64          *end)
{
  guint n;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  if (item->type == TL_ITEM_FLOW)
    {
      const TlFlow *flows = tl_trace_model_get_flows (self, &n);

      if (item->index >= n)
        return FALSE;
      *start = flows[item->index].from_ts;
      *end = flows[item->index].to_ts;
      return TRUE;
    }
  if (item->lane >= tl_trace_model_get_n_lanes (self))
    return FALSE;
  if (item->type == TL_ITEM_SPAN)
    {
      TlLane *lane = tl_trace_model_get_lane (self, item->lane);
      const TlSpan *spans;

      if (item->track >= tl_lane_get_n_tracks (lane))
        return FALSE;
      spans = tl_lane_get_spans (lane, item->track, &n);
      if (item->index >= n)
        return FALSE;
      *start = spans[item->index].start;
      *end = spans[item->index].end;
      return TRUE;
    }
  if (item->type == TL_ITEM_INSTANT)
    {
      const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (self, item->lane), &n);

      if (item->index >= n)
        return FALSE;
      *start = *end = instants[item->index].ts;
      return TRUE;
    }
  return FALSE;
}

guint
tl_trace_model_count_lanes (TlTraceModel *self,
                            TlLaneKind    kind)
{
  guint count = 0;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);

  for (guint i = 0; i < tl_trace_model_get_n_lanes (self); i++)
    if (tl_lane_get_kind (tl_trace_model_get_lane (self, i)) == kind)
      count++;
  return count;
}

guint64
tl_trace_model_get_n_spans (TlTraceModel *self)
{
  guint64 count = 0;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);

  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    count += tl_trace_model_get_span_count (self, k);
  return count;
}

/* ---- what is new ---------------------------------------------------------- */

struct _TlInstantCursor
{
  GArray *seen;    /* guint per lane: its instants already read */
};

TlInstantCursor *
tl_instant_cursor_new (void)
{
  TlInstantCursor *self = g_new0 (TlInstantCursor, 1);

  self->seen = g_array_new (FALSE, TRUE, sizeof (guint));
  return self;
}

void
tl_instant_cursor_free (TlInstantCursor *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->seen);
  g_free (self);
}

typedef struct
{
  TlItemRef ref;
  gint64    ts;
} TimedRef;

static int
compare_timed_refs (gconstpointer a,
                    gconstpointer b)
{
  const TimedRef *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  if (x->ref.lane != y->ref.lane)
    return x->ref.lane < y->ref.lane ? -1 : 1;
  return x->ref.index < y->ref.index ? -1 : x->ref.index > y->ref.index;
}

guint
tl_trace_model_read_new_instants (TlTraceModel    *self,
                                  TlEventKind      kind,
                                  TlInstantCursor *cursor,
                                  GArray          *out)
{
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (TimedRef));
  guint n_lanes;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  g_return_val_if_fail (cursor != NULL, 0);

  n_lanes = tl_trace_model_get_n_lanes (self);
  if (cursor->seen->len < n_lanes)
    g_array_set_size (cursor->seen, n_lanes);
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self, l);
      guint *seen = &g_array_index (cursor->seen, guint, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = *seen; i < n; i++)
        if (instants[i].kind == kind)
          {
            TimedRef r = { { l, TL_ITEM_INSTANT, 0, i }, instants[i].ts };

            g_array_append_val (fresh, r);
          }
      *seen = n;
    }
  g_array_sort (fresh, compare_timed_refs);
  for (guint i = 0; i < fresh->len; i++)
    g_array_append_val (out, g_array_index (fresh, TimedRef, i).ref);
  return fresh->len;
}
