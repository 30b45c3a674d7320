/* tl-trace-model-find.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding a moment of a run (tl-event-finder.h): every event like the
 * query is gathered with its time, sorted, and the n-th taken.  Events
 * about an object come from its history; the others (tasks, prints,
 * raises, slices) from the lesson's thread lanes.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-analysis-lost-updates.h"
#include "tl-event-finder.h"

static gboolean
is_lesson_thread (TlTraceModel *self,
                  guint32       lane)
{
  return tl_lane_get_kind (tl_trace_model_get_lane (self, lane)) == TL_LANE_THREAD &&
         !tl_trace_model_is_machinery_lane (self, lane);
}

static gint
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const TlEventMatch *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/* Whether a span of @kind is the event @query names, and when. */
static gboolean
span_is (const TlEventQuery *query,
         const TlSpan       *span,
         gint64             *ts)
{
  switch ((int) query->kind)
    {
    case TL_EVENT_TASK_BEGIN:
      *ts = span->start;
      return span->kind == TL_SPAN_TASK;
    case TL_EVENT_LOCK_ACQUIRE:
      *ts = span->start;
      return span->kind == TL_SPAN_HOLD_LOCK;
    case TL_EVENT_LOCK_RELEASE:
      *ts = span->end;
      return span->kind == TL_SPAN_HOLD_LOCK && !(span->flags & TL_SPAN_FLAG_UNCLOSED);
    case TL_EVENT_WAIT_BEGIN:
      *ts = span->start;
      return TL_SPAN_KIND_IS_STATE (span->kind) && span->kind != TL_SPAN_RUNNING &&
             span->kind != TL_SPAN_WAIT_GIL && span->kind != TL_SPAN_SLEEP && span->kind != TL_SPAN_IO;
    case TL_EVENT_SLICE_BEGIN:
      *ts = span->start;
      return span->kind == TL_SPAN_SLICE;
    default:
      return FALSE;
    }
}

static void
add_match (GArray          *out,
           gint64           ts,
           const TlItemRef *item,
           guint32          object,
           gboolean         has_value,
           gint64           value)
{
  TlEventMatch match = { ts, *item, item->lane, object, has_value, value };

  g_array_append_val (out, match);
}

/* The events of @object's history that @query names. */
static void
gather_object (TlTraceModel       *self,
               const TlEventQuery *query,
               guint32             object,
               GArray             *out)
{
  guint n;
  const TlItemRef *refs = tl_trace_model_get_object_history (self, object, &n);

  for (guint i = 0; i < n; i++)
    {
      TlLane *lane;
      gint64 ts;

      if (!is_lesson_thread (self, refs[i].lane))
        continue;
      lane = tl_trace_model_get_lane (self, refs[i].lane);
      if (refs[i].type == TL_ITEM_SPAN)
        {
          guint n_spans;
          const TlSpan *span = &tl_lane_get_spans (lane, refs[i].track, &n_spans)[refs[i].index];

          if (span_is (query, span, &ts))
            add_match (out, ts, &refs[i], object, FALSE, 0);
        }
      else if (refs[i].type == TL_ITEM_INSTANT)
        {
          guint n_instants;
          const TlInstant *instant = &tl_lane_get_instants (lane, &n_instants)[refs[i].index];

          if (instant->kind == query->kind)
            add_match (out, instant->ts, &refs[i], object,
                       instant->kind == TL_EVENT_READ || instant->kind == TL_EVENT_WRITE,
                       (gint64) instant->arg);
        }
    }
}

/* The write instant of @lane at @ts. */
static gboolean
find_write (TlTraceModel *self,
            guint32       lane,
            guint32       object,
            gint64        ts,
            TlItemRef    *item)
{
  TlLane *l = tl_trace_model_get_lane (self, lane);
  const TlInstant *instants;
  guint first, count, n;

  instants = tl_lane_get_instants (l, &n);
  tl_lane_get_instant_range (l, ts, ts, &first, &count);
  for (guint i = first; i < first + count; i++)
    if (instants[i].kind == TL_EVENT_WRITE && instants[i].ref == object)
      {
        *item = (TlItemRef) { lane, TL_ITEM_INSTANT, 0, i };
        return TRUE;
      }
  return FALSE;
}

/* The writes of @object that lost another thread's update. */
static void
gather_lost (TlTraceModel *self,
             guint32       object,
             GArray       *out)
{
  g_autoptr(GArray) lost = tl_analysis_lost_updates (self, object, NULL);
  gint64 last_ts = TL_TS_NONE;
  guint32 last_lane = TL_INDEX_NONE;

  for (guint i = 0; i < lost->len; i++)
    {
      const TlLostUpdate *u = &g_array_index (lost, TlLostUpdate, i);
      TlItemRef item;

      /* One write may lose several updates: it is one moment. */
      if ((u->by_ts == last_ts && u->by_lane == last_lane) || !is_lesson_thread (self, u->by_lane) ||
          !find_write (self, u->by_lane, object, u->by_ts, &item))
        continue;
      last_ts = u->by_ts;
      last_lane = u->by_lane;
      add_match (out, u->by_ts, &item, object, TRUE, u->by_value);
    }
}

/* The events @query names on the lesson's threads, of no object. */
static void
gather_lanes (TlTraceModel       *self,
              const TlEventQuery *query,
              GArray             *out)
{
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (self); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self, l);
      const TlInstant *instants;
      guint n;

      if (!is_lesson_thread (self, l))
        continue;
      for (guint t = 1; t < tl_lane_get_n_tracks (lane); t++)
        {
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 0; i < n; i++)
            {
              TlItemRef item = { l, TL_ITEM_SPAN, (guint16) t, i };
              gint64 ts;

              if (!span_is (query, &spans[i], &ts))
                continue;
              if (query->name != NULL &&
                  g_strcmp0 (tl_trace_model_get_string (self, spans[i].ref), query->name) != 0)
                continue;
              add_match (out, ts, &item, TL_INDEX_NONE, FALSE, 0);
            }
        }
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        if (instants[i].kind == query->kind)
          {
            TlItemRef item = { l, TL_ITEM_INSTANT, 0, i };

            add_match (out, instants[i].ts, &item, TL_INDEX_NONE, FALSE, 0);
          }
    }
}

/* The spans still open, in a live trace: a task that runs, a lock held,
 * a wait that goes on (for ever, in a deadlock).  Each is the next span
 * of its track once it ends: its item says so. */
static void
gather_open (TlTraceModel       *self,
             const TlEventQuery *query,
             guint32             object,
             GArray             *out)
{
  if (query->kind == TL_EVENT_LOCK_RELEASE)
    return;
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (self); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self, l);

      if (!is_lesson_thread (self, l))
        continue;
      for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
        {
          guint track, n_spans;
          const TlSpan *span = tl_lane_get_open (lane, i, &track);
          gint64 ts;
          TlItemRef item;

          if (!span_is (query, span, &ts) ||
              (object != TL_INDEX_NONE && span->ref != object) ||
              (object == TL_INDEX_NONE && query->name != NULL &&
               g_strcmp0 (tl_trace_model_get_string (self, span->ref), query->name) != 0))
            continue;
          tl_lane_get_spans (lane, track, &n_spans);
          item = (TlItemRef) { l, TL_ITEM_SPAN, (guint16) track, n_spans };
          add_match (out, ts, &item, object, FALSE, 0);
        }
    }
}

static gboolean
names_objects (const TlEventQuery *query)
{
  return query->kind != TL_EVENT_TASK_BEGIN && query->kind != TL_EVENT_PRINT &&
         query->kind != TL_EVENT_ERROR_RAISED && query->kind != TL_EVENT_SLICE_BEGIN;
}

/* Every event like @query, in time order. */
static GArray *
gather (TlTraceModel       *self,
        const TlEventQuery *query)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlEventMatch));

  if (!names_objects (query))
    {
      gather_lanes (self, query, out);
      gather_open (self, query, TL_INDEX_NONE, out);
    }
  else
    for (guint32 o = 0; o < tl_trace_model_get_n_objects (self); o++)
      {
        const TlObject *object = tl_trace_model_get_object (self, o);

        if (object->role == TL_ROLE_GIL ||
            (query->name != NULL &&
             g_strcmp0 (tl_trace_model_get_string (self, object->name), query->name) != 0))
          continue;
        if (query->lost)
          gather_lost (self, o, out);
        else
          {
            gather_object (self, query, o, out);
            gather_open (self, query, o, out);
          }
      }
  g_array_sort (out, compare_matches);
  return out;
}

gboolean
tl_trace_model_find_event (TlTraceModel       *self,
                           const TlEventQuery *query,
                           TlEventMatch       *match)
{
  g_autoptr(GArray) all = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (query != NULL && match != NULL, FALSE);

  if (query->n == 0)
    return FALSE;
  all = gather (self, query);
  if (all->len < query->n)
    return FALSE;
  *match = g_array_index (all, TlEventMatch, query->n - 1);
  return TRUE;
}

GArray *
tl_trace_model_find_event_lanes (TlTraceModel       *self,
                                 const TlEventQuery *query)
{
  g_autoptr(GArray) all = NULL;
  GArray *lanes = g_array_new (FALSE, FALSE, sizeof (guint32));

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), lanes);
  g_return_val_if_fail (query != NULL, lanes);

  all = gather (self, query);
  for (guint i = 0; i < all->len; i++)
    {
      guint32 lane = g_array_index (all, TlEventMatch, i).lane;
      gboolean seen = FALSE;

      for (guint k = 0; k < lanes->len && !seen; k++)
        seen = g_array_index (lanes, guint32, k) == lane;
      if (!seen)
        g_array_append_val (lanes, lane);
    }
  return lanes;
}

gboolean
tl_trace_model_get_value_before (TlTraceModel *self,
                                 guint32       object,
                                 gint64        ts,
                                 gint64       *value)
{
  const TlItemRef *refs;
  guint n;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (object < tl_trace_model_get_n_objects (self), FALSE);

  refs = tl_trace_model_get_object_history (self, object, &n);
  for (guint i = n; i-- > 0;)
    {
      const TlInstant *instant;
      guint n_instants;

      if (refs[i].type != TL_ITEM_INSTANT)
        continue;
      instant = &tl_lane_get_instants (tl_trace_model_get_lane (self, refs[i].lane), &n_instants)[refs[i].index];
      if (instant->kind == TL_EVENT_WRITE && instant->ts < ts)
        {
          *value = (gint64) instant->arg;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
tl_trace_model_get_last_read (TlTraceModel *self,
                              guint32       lane,
                              guint32       object,
                              gint64        ts,
                              gint64       *value)
{
  TlLane *l;
  const TlInstant *instants;
  guint first, count, n;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (self), FALSE);

  l = tl_trace_model_get_lane (self, lane);
  instants = tl_lane_get_instants (l, &n);
  tl_lane_get_instant_range (l, G_MININT64, ts - 1, &first, &count);
  for (guint i = first + count; i-- > first;)
    if (instants[i].kind == TL_EVENT_READ && instants[i].ref == object)
      {
        *value = (gint64) instants[i].arg;
        return TRUE;
      }
  return FALSE;
}
