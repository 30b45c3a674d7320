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

typedef struct
{
  guint32 lane;
  TlSpan  span;
} LaneSpan;

static gboolean
is_lock (TlTraceModel *model,
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
        found = a->lanes[i] == b->lanes[j];
      if (!found)
        return FALSE;
    }
  return TRUE;
}

GArray *
tl_analysis_find_deadlocks (TlTraceModel *model)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (TlDeadlock));
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (LaneSpan));
  g_autoptr(GArray) holds = g_array_new (FALSE, FALSE, sizeof (LaneSpan));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      g_array_set_size (spans, 0);
      _tl_analysis_lane_spans (lane, TL_N_SPAN_KINDS, TL_INDEX_NONE, spans);
      for (guint i = 0; i < spans->len; i++)
        {
          const TlSpan *span = &g_array_index (spans, TlSpan, i);
          LaneSpan ls = { l, *span };

          if (span->kind == TL_SPAN_WAIT_LOCK && is_lock (model, span->ref))
            g_array_append_val (waits, ls);
          else if (span->kind == TL_SPAN_HOLD_LOCK && is_lock (model, span->ref))
            g_array_append_val (holds, ls);
        }
    }

  /* A cycle can only close when a wait begins. */
  for (guint w = 0; w < waits->len; w++)
    {
      gint64 t = g_array_index (waits, LaneSpan, w).span.start;
      g_autoptr(GHashTable) next = g_hash_table_new (NULL, NULL);   /* lane -> wait index */

      for (guint i = 0; i < waits->len; i++)
        if (covers (&g_array_index (waits, LaneSpan, i).span, t))
          g_hash_table_insert (next, GUINT_TO_POINTER (g_array_index (waits, LaneSpan, i).lane + 1),
                               GUINT_TO_POINTER (i + 1));

      /* Follow waits from the new waiter: waiter -> holder -> ... */
      {
        guint32 chain_lanes[TL_DEADLOCK_MAX_THREADS + 1];
        guint chain_waits[TL_DEADLOCK_MAX_THREADS + 1];
        guint n = 0;
        guint32 lane = g_array_index (waits, LaneSpan, w).lane;

        for (;;)
          {
            gpointer found_wait = g_hash_table_lookup (next, GUINT_TO_POINTER (lane + 1));
            const LaneSpan *wait;
            guint32 holder = TL_INDEX_NONE;
            gint repeat = -1;

            if (found_wait == NULL || n > TL_DEADLOCK_MAX_THREADS)
              break;
            wait = &g_array_index (waits, LaneSpan, GPOINTER_TO_UINT (found_wait) - 1);
            chain_lanes[n] = lane;
            chain_waits[n] = GPOINTER_TO_UINT (found_wait) - 1;
            n++;
            for (guint h = 0; h < holds->len; h++)
              {
                const LaneSpan *hold = &g_array_index (holds, LaneSpan, h);

                if (hold->span.ref == wait->span.ref && hold->lane != lane && covers (&hold->span, t))
                  {
                    holder = hold->lane;
                    break;
                  }
              }
            if (holder == TL_INDEX_NONE)
              break;
            for (guint k = 0; k < n; k++)
              if (chain_lanes[k] == holder)
                repeat = (gint) k;
            if (repeat >= 0)
              {
                TlDeadlock deadlock = { 0 };
                gboolean known = FALSE;

                deadlock.n = n - (guint) repeat;
                deadlock.start = t;
                deadlock.end = TL_DEADLOCK_ONGOING;
                for (guint k = 0; k < deadlock.n; k++)
                  {
                    const LaneSpan *cw = &g_array_index (waits, LaneSpan, chain_waits[repeat + k]);

                    deadlock.lanes[k] = chain_lanes[repeat + k];
                    deadlock.objects[k] = cw->span.ref;
                    deadlock.end = MIN (deadlock.end, cw->span.end);
                  }
                for (guint k = 0; k < found->len && !known; k++)
                  {
                    TlDeadlock *other = &g_array_index (found, TlDeadlock, k);

                    known = same_cycle (other, &deadlock) && other->start <= t && t < other->end;
                  }
                if (!known)
                  g_array_append_val (found, deadlock);
                break;
              }
            lane = holder;
          }
      }
    }
  return found;
}

char *
tl_deadlock_describe (TlTraceModel     *model,
                      const TlDeadlock *deadlock)
{
  GString *text = g_string_new ("Deadlock: ");

  for (guint i = 0; i < deadlock->n; i++)
    {
      g_autofree char *who = _tl_analysis_lane_label (model, deadlock->lanes[i]);
      g_autofree char *holder = _tl_analysis_lane_label (model, deadlock->lanes[(i + 1) % deadlock->n]);
      const TlObject *object = tl_trace_model_get_object (model, deadlock->objects[i]);
      const char *lock = object->name != TL_INDEX_NONE ? tl_trace_model_get_string (model, object->name)
                                                       : "a lock";

      g_string_append_printf (text, "%s%s waits for %s, held by %s", i > 0 ? "; " : "", who, lock,
                              holder);
    }
  return g_string_free (text, FALSE);
}
