/* tl-analysis-deadlock.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-analysis"

#include "config.h"

#include "tl-analysis-deadlock.h"

#include <string.h>

#include "tl-analysis-private.h"
#include "tl-findings-private.h"

struct _TlDeadlocks
{
  GArray *found;       /* TlDeadlock, by start */
};

gboolean
_tl_analysis_is_lock (TlTraceModel *model,
                      guint32       object)
{
  const TlObject *o;

  if (object >= tl_trace_model_get_n_objects (model))
    return FALSE;
  o = tl_trace_model_get_object (model, object);
  return o->role == TL_ROLE_MUTEX || o->role == TL_ROLE_RLOCK;
}

static gboolean
covers (const TlSpan *span,
        gint64        ts)
{
  return span->start <= ts && ts < span->end;
}

/* Whether thread lane @lane waits for a lock at @ts, and that wait. */
static gboolean
lock_wait_at (TlTraceModel *model,
              guint32       lane,
              gint64        ts,
              TlSpan       *wait)
{
  TlLane *l = tl_trace_model_get_lane (model, lane);

  return tl_lane_get_kind (l) == TL_LANE_THREAD && _tl_analysis_state_at (l, ts, wait) &&
         wait->kind == TL_SPAN_WAIT_LOCK && covers (wait, ts) &&
         _tl_analysis_is_lock (model, wait->ref);
}

/* The thread lane other than @except that holds @object at @ts: from the
 * lock's own lane, which says who owns it, or else from the threads'. */
static guint32
holder_at (TlTraceModel *model,
           guint32       object,
           gint64        ts,
           guint32       except)
{
  guint32 lock_lane = tl_trace_model_get_object (model, object)->lane;
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  if (lock_lane != TL_INDEX_NONE)
    {
      TlLane *lane = tl_trace_model_get_lane (model, lock_lane);

      for (guint track = 0; track <= tl_lane_get_n_tracks (lane); track++)
        {
          TlSpan span;

          if (_tl_analysis_span_at (lane, track, ts, &span) && span.kind == TL_SPAN_OWNER &&
              span.ref != except && covers (&span, ts))
            return span.ref;
        }
      return TL_INDEX_NONE;
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (l == except || tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      for (guint track = 1; track <= tl_lane_get_n_tracks (lane); track++)
        {
          TlSpan span;

          if (_tl_analysis_span_at (lane, track, ts, &span) && span.kind == TL_SPAN_HOLD_LOCK &&
              span.ref == object && covers (&span, ts))
            return l;
        }
    }
  return TL_INDEX_NONE;
}

/* The same cycle: the same threads in the same waits. */
static gboolean
same_cycle (const TlDeadlock *a,
            const TlDeadlock *b)
{
  if (a->n != b->n)
    return FALSE;
  for (guint i = 0; i < a->n; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < b->n && !found; j++)
        found = a->lanes[i] == b->lanes[j] && a->since[i] == b->since[j];
      if (!found)
        return FALSE;
    }
  return TRUE;
}

TlDeadlocks *
_tl_deadlocks_new (void)
{
  TlDeadlocks *self = g_new0 (TlDeadlocks, 1);

  self->found = g_array_new (FALSE, FALSE, sizeof (TlDeadlock));
  return self;
}

void
_tl_deadlocks_free (TlDeadlocks *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->found);
  g_free (self);
}

static gboolean
add_cycle (TlDeadlocks      *self,
           const TlDeadlock *deadlock)
{
  guint at = self->found->len;

  for (guint k = 0; k < self->found->len; k++)
    if (same_cycle (&g_array_index (self->found, TlDeadlock, k), deadlock))
      return FALSE;
  while (at > 0 && g_array_index (self->found, TlDeadlock, at - 1).start > deadlock->start)
    at--;
  g_array_insert_val (self->found, at, *deadlock);
  return TRUE;
}

gboolean
_tl_deadlocks_check (TlDeadlocks  *self,
                     TlTraceModel *model,
                     guint32       lane,
                     gint64        ts)
{
  guint32 chain_lanes[TL_DEADLOCK_MAX_THREADS + 1];
  TlSpan chain_waits[TL_DEADLOCK_MAX_THREADS + 1];
  guint n = 0;

  /* Follow the waits from the new waiter: waiter -> holder -> ... */
  for (;;)
    {
      TlDeadlock deadlock = { 0 };
      guint32 holder;
      gint repeat = -1;

      if (n > TL_DEADLOCK_MAX_THREADS || !lock_wait_at (model, lane, ts, &chain_waits[n]))
        return FALSE;
      chain_lanes[n++] = lane;
      holder = holder_at (model, chain_waits[n - 1].ref, ts, lane);
      if (holder == TL_INDEX_NONE)
        return FALSE;
      for (guint k = 0; k < n; k++)
        if (chain_lanes[k] == holder)
          repeat = (gint) k;
      if (repeat < 0)
        {
          lane = holder;
          continue;
        }

      deadlock.n = n - (guint) repeat;
      if (deadlock.n > TL_DEADLOCK_MAX_THREADS)
        return FALSE;
      deadlock.start = G_MININT64;
      deadlock.end = TL_DEADLOCK_ONGOING;
      for (guint k = 0; k < deadlock.n; k++)
        {
          const TlSpan *wait = &chain_waits[repeat + k];

          deadlock.lanes[k] = chain_lanes[repeat + k];
          deadlock.objects[k] = wait->ref;
          deadlock.since[k] = wait->start;
          deadlock.start = MAX (deadlock.start, wait->start);
          deadlock.end = MIN (deadlock.end, wait->end);
        }
      return add_cycle (self, &deadlock);
    }
}

gboolean
_tl_deadlocks_update_ends (TlDeadlocks  *self,
                           TlTraceModel *model)
{
  gboolean changed = FALSE;

  for (guint k = 0; k < self->found->len; k++)
    {
      TlDeadlock *deadlock = &g_array_index (self->found, TlDeadlock, k);
      gint64 end = TL_DEADLOCK_ONGOING;

      if (deadlock->end != TL_DEADLOCK_ONGOING)
        continue;
      for (guint i = 0; i < deadlock->n; i++)
        {
          TlSpan wait;

          if (_tl_analysis_state_at (tl_trace_model_get_lane (model, deadlock->lanes[i]),
                                     deadlock->since[i], &wait) &&
              wait.start == deadlock->since[i])
            end = MIN (end, wait.end);
        }
      if (end != deadlock->end)
        {
          deadlock->end = end;
          changed = TRUE;
        }
    }
  return changed;
}

const GArray *
_tl_deadlocks_get (TlDeadlocks *self)
{
  return self->found;
}

GArray *
tl_analysis_find_deadlocks (TlTraceModel *model)
{
  const GArray *found = _tl_deadlocks_get (_tl_trace_model_get_deadlocks (model));
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (TlDeadlock), found->len);

  if (found->len > 0)
    g_array_append_vals (copy, found->data, found->len);
  return copy;
}
