/* test-trace-model.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model: what it derives from runtime events, what it does with odd
 * input, its queries, and that feeding it one way or another gives the
 * same model.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "tl-test-util.h"
#include "tl-trace-model.h"

#define MS TL_TEST_MS

static TlModelEvent
ev (gint64       ts,
    guint32      tid,
    TlEventKind  kind,
    TlObjectRole role,
    guint64      object,
    guint64      arg)
{
  return tl_test_event (ts, 100, tid, kind, role, object, arg);
}

static TlModelEvent
name_ev (gint64        ts,
         guint32       tid,
         TlObjectRole  role,
         guint64       object,
         const char   *text)
{
  return tl_test_name_event (ts, 100, tid, role, object, text);
}

/* Two threads contend for lock 7: thread 1 holds it 10..30 ms, thread 2
 * waits from 15 and takes it at 30, holds it to 40. */
static GArray *
contention_events (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  TlModelEvent list[] = {
    name_ev (0, 1, TL_ROLE_PROCESS, 100, "main process"),
    name_ev (0, 1, TL_ROLE_THREAD, 1, "worker 1"),
    name_ev (0, 1, TL_ROLE_MUTEX, 7, "L"),
    ev (0, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    ev (1 * MS, 2, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 2, 0),
    ev (10 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    ev (10 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    ev (15 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    ev (20 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, 9, 41),
    ev (30 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    ev (30 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    ev (35 * MS, 2, TL_EVENT_READ, TL_ROLE_VALUE, 9, 41),
    ev (40 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    ev (50 * MS, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),
    ev (50 * MS, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0),
  };

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

static TlTraceModel *
model_from (GArray *events)
{
  TlTraceModel *model = tl_trace_model_new ();

  tl_trace_model_add_events (model, (TlModelEvent *) (gpointer) events->data, events->len);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static const TlSpan *
find_span (TlLane     *lane,
           TlSpanKind  kind,
           guint       nth)
{
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].kind == kind && nth-- == 0)
          return &spans[i];
    }
  return NULL;
}

static void
test_model_lock_contention (void)
{
  g_autoptr(GArray) events = contention_events ();
  g_autoptr(TlTraceModel) model = model_from (events);
  guint32 t1 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1);
  guint32 t2 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 2);
  guint32 lock = tl_trace_model_lookup_object (model, TL_ROLE_MUTEX, 7);
  const TlObject *lock_object;
  const TlSpan *span;
  const TlFlow *flows;
  TlLane *lock_lane;
  guint n_flows, n_spans;
  gint64 start, end;

  g_assert_cmpuint (t1, !=, TL_INDEX_NONE);
  g_assert_cmpuint (t2, !=, TL_INDEX_NONE);
  g_assert_cmpuint (lock, !=, TL_INDEX_NONE);
  g_assert_cmpstr (tl_trace_model_get_string (model, tl_lane_get_name (tl_trace_model_get_lane (model, t1))),
                   ==, "worker 1");
  g_assert_cmpstr (tl_trace_model_get_string (model, tl_trace_model_get_process (model, 0)->name),
                   ==, "main process");

  /* Thread 2 waited for L from 15 to 30 ms, then held it to 40. */
  span = find_span (tl_trace_model_get_lane (model, t2), TL_SPAN_WAIT_LOCK, 0);
  g_assert_nonnull (span);
  g_assert_cmpint (span->start, ==, 15 * MS);
  g_assert_cmpint (span->end, ==, 30 * MS);
  g_assert_cmpuint (span->ref, ==, lock);
  span = find_span (tl_trace_model_get_lane (model, t2), TL_SPAN_HOLD_LOCK, 0);
  g_assert_nonnull (span);
  g_assert_cmpint (span->start, ==, 30 * MS);
  g_assert_cmpint (span->end, ==, 40 * MS);

  /* The lock's lane shows its owners, one after the other. */
  lock_object = tl_trace_model_get_object (model, lock);
  g_assert_cmpstr (tl_trace_model_get_string (model, lock_object->name), ==, "L");
  lock_lane = tl_trace_model_get_lane (model, lock_object->lane);
  g_assert_cmpint (tl_lane_get_kind (lock_lane), ==, TL_LANE_LOCK);
  tl_lane_get_spans (lock_lane, 0, &n_spans);
  g_assert_cmpuint (n_spans, ==, 2);
  g_assert_cmpuint (tl_lane_get_n_tracks (lock_lane), ==, 1);
  span = find_span (lock_lane, TL_SPAN_OWNER, 0);
  g_assert_cmpuint (span->ref, ==, t1);
  g_assert_cmpint (span->end, ==, 30 * MS);
  span = find_span (lock_lane, TL_SPAN_OWNER, 1);
  g_assert_cmpuint (span->ref, ==, t2);

  /* Release by 1 -> acquire by 2 is an arrow. */
  flows = tl_trace_model_get_flows (model, &n_flows);
  g_assert_cmpuint (n_flows, ==, 1);
  g_assert_cmpint (flows[0].kind, ==, TL_FLOW_HANDOVER);
  g_assert_cmpuint (flows[0].from_lane, ==, t1);
  g_assert_cmpuint (flows[0].to_lane, ==, t2);

  g_assert_true (tl_trace_model_get_time_range (model, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 50 * MS);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 0);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_LOCK_ACQUIRE), ==, 2);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_OWNER), ==, 2);
}

static void
test_model_object_history (void)
{
  g_autoptr(GArray) events = contention_events ();
  g_autoptr(TlTraceModel) model = model_from (events);
  guint32 value = tl_trace_model_lookup_object (model, TL_ROLE_VALUE, 9);
  guint32 lock = tl_trace_model_lookup_object (model, TL_ROLE_MUTEX, 7);
  const TlItemRef *refs;
  guint n;

  refs = tl_trace_model_get_object_history (model, value, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (refs[0].type, ==, TL_ITEM_INSTANT);
  g_assert_cmpuint (refs[0].lane, ==, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1));
  g_assert_cmpuint (refs[1].lane, ==, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 2));

  /* The lock: 1 holds, 2 waits, 2 holds. */
  tl_trace_model_get_object_history (model, lock, &n);
  g_assert_cmpuint (n, ==, 3);
}

static void
test_model_messages_errors_tasks (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent list[] = {
    name_ev (0, 1, TL_ROLE_TEXT, 500, "boom"),
    ev (1 * MS, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 3, 4),
    ev (2 * MS, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 11, 0),
    ev (3 * MS, 1, TL_EVENT_SEND, TL_ROLE_QUEUE, 11, 1001),
    ev (4 * MS, 2, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 11, 1001),
    ev (4 * MS, 2, TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 11, 0),
    ev (5 * MS, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 3, 16),
    ev (6 * MS, 1, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 77, 500),
    ev (9 * MS, 2, TL_EVENT_ERROR_REPORTED, TL_ROLE_ERROR, 77, 0),
  };
  guint32 t1, t2;
  const TlSpan *span;
  const TlFlow *flows;
  guint n_flows;

  tl_trace_model_add_events (model, list, G_N_ELEMENTS (list));
  tl_trace_model_finish (model, TL_TS_NONE);
  t1 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1);
  t2 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 2);

  span = find_span (tl_trace_model_get_lane (model, t1), TL_SPAN_TASK, 0);
  g_assert_nonnull (span);
  g_assert_cmpuint (span->arg, ==, 4);
  g_assert_cmpuint (span->arg2, ==, 16);
  span = find_span (tl_trace_model_get_lane (model, t2), TL_SPAN_WAIT_QUEUE, 0);
  g_assert_nonnull (span);
  g_assert_cmpint (span->end - span->start, ==, 2 * MS);

  flows = tl_trace_model_get_flows (model, &n_flows);
  g_assert_cmpuint (n_flows, ==, 2);
  g_assert_cmpint (flows[0].kind, ==, TL_FLOW_MESSAGE);
  g_assert_cmpuint (flows[0].id, ==, 1001);
  g_assert_cmpuint (flows[0].from_lane, ==, t1);
  g_assert_cmpuint (flows[0].to_lane, ==, t2);
  g_assert_cmpint (flows[1].kind, ==, TL_FLOW_ERROR);
  g_assert_cmpint (flows[1].to_ts, ==, 9 * MS);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 0);
}

/* Odd input is warned about and counted, never fatal. */
static void
test_model_odd_input (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent list[] = {
    ev (5 * MS, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 3, 0),          /* end without begin */
    ev (6 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),     /* not the owner */
    ev (7 * MS, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 4, 0),
    ev (3 * MS, 1, TL_EVENT_MARK, TL_ROLE_TEXT, 0, 0),              /* back in time */
    ev (8 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 8, 0),
    ev (9 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 8, 0),     /* two owners */
    ev (9 * MS, 1, TL_EVENT_NONE, TL_ROLE_NONE, 0, 0),              /* unknown */
    ev (9 * MS, 1, 999, TL_ROLE_NONE, 0, 0),                        /* unknown */
  };
  gboolean seen[8] = { FALSE };
  const TlSpan *span;

  tl_trace_model_add_events (model, list, G_N_ELEMENTS (list));
  tl_trace_model_finish (model, 20 * MS);   /* the task is still open */

  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      g_assert_true (w->error->domain == TL_MODEL_ERROR);
      g_assert_cmpint (w->error->code, <, 8);
      seen[w->error->code] = TRUE;
      if (w->error->code == TL_MODEL_ERROR_BAD_EVENT)
        g_assert_cmpuint (w->count, ==, 2);
    }
  g_assert_true (seen[TL_MODEL_ERROR_UNMATCHED_END]);
  g_assert_true (seen[TL_MODEL_ERROR_NOT_OWNER]);
  g_assert_true (seen[TL_MODEL_ERROR_TIME_BACKWARDS]);
  g_assert_true (seen[TL_MODEL_ERROR_UNCLOSED]);
  g_assert_true (seen[TL_MODEL_ERROR_DOUBLE_OWNER]);
  g_assert_true (seen[TL_MODEL_ERROR_BAD_EVENT]);

  /* The open task was closed at the end, flagged. */
  span = find_span (tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1)),
                    TL_SPAN_TASK, 0);
  g_assert_nonnull (span);
  g_assert_cmpint (span->end, ==, 20 * MS);
  g_assert_true (span->flags & TL_SPAN_FLAG_UNCLOSED);
}

/* A random trace: queries by binary search agree with a scan. */
static void
test_model_range_queries (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  GRand *rand = g_rand_new_with_seed (42);
  gint64 ts = 0;

  for (guint i = 0; i < 20000; i++)
    {
      guint32 tid = g_rand_int_range (rand, 1, 5);
      TlModelEvent e;

      ts += g_rand_int_range (rand, 0, 1000);
      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: e = ev (ts, tid, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0); break;
        case 1: e = ev (ts, tid, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0); break;
        case 2: e = ev (ts, tid, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, g_rand_int_range (rand, 1, 4), 0); break;
        case 3: e = ev (ts, tid, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, g_rand_int_range (rand, 1, 4), 0); break;
        default: e = ev (ts, tid, TL_EVENT_WRITE, TL_ROLE_VALUE, 1, i); break;
        }
      tl_trace_model_add_event (model, &e);
    }
  tl_trace_model_finish (model, TL_TS_NONE);

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      for (guint q = 0; q < 200; q++)
        {
          gint64 t0 = g_rand_int_range (rand, 0, (gint32) ts);
          gint64 t1 = t0 + g_rand_int_range (rand, 0, 50000);
          guint first, n, expected_first = G_MAXUINT, expected_n = 0, n_instants;
          const TlInstant *instants;

          for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
            {
              guint n_spans;
              const TlSpan *spans = tl_lane_get_spans (lane, t, &n_spans);

              expected_first = G_MAXUINT;
              expected_n = 0;
              for (guint i = 0; i < n_spans; i++)
                {
                  /* Sorted and not overlapping. */
                  if (i > 0)
                    g_assert_cmpint (spans[i].start, >=, spans[i - 1].end);
                  if (spans[i].end >= t0 && spans[i].start <= t1)
                    {
                      if (expected_first == G_MAXUINT)
                        expected_first = i;
                      expected_n++;
                    }
                }
              tl_lane_get_span_range (lane, t, t0, t1, &first, &n);
              g_assert_cmpuint (n, ==, expected_n);
              if (n > 0)
                g_assert_cmpuint (first, ==, expected_first);
            }

          instants = tl_lane_get_instants (lane, &n_instants);
          expected_n = 0;
          expected_first = G_MAXUINT;
          for (guint i = 0; i < n_instants; i++)
            if (instants[i].ts >= t0 && instants[i].ts <= t1)
              {
                if (expected_first == G_MAXUINT)
                  expected_first = i;
                expected_n++;
              }
          tl_lane_get_instant_range (lane, t0, t1, &first, &n);
          g_assert_cmpuint (n, ==, expected_n);
          if (n > 0)
            g_assert_cmpuint (first, ==, expected_first);
        }
    }
  g_rand_free (rand);
}

/* Live: the window queries between batches; every state it sees is
 * sorted and consistent, and the end result is the same as feeding all
 * at once. */
static void
test_model_live_equals_bulk (void)
{
  g_autoptr(GArray) events = contention_events ();
  g_autoptr(TlTraceModel) live = tl_trace_model_new ();
  g_autoptr(TlTraceModel) bulk = model_from (events);
  g_autofree char *live_dump = NULL, *bulk_dump = NULL;

  for (guint i = 0; i < events->len; i++)
    {
      gint64 start, end;

      tl_trace_model_add_event (live, &g_array_index (events, TlModelEvent, i));
      /* What a frame would do. */
      tl_trace_model_get_time_range (live, &start, &end);
      for (guint l = 0; l < tl_trace_model_get_n_lanes (live); l++)
        {
          TlLane *lane = tl_trace_model_get_lane (live, l);
          guint first, n;

          for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
            tl_lane_get_span_range (lane, t, start, end, &first, &n);
          for (guint o = 0; o < tl_lane_get_n_open (lane); o++)
            {
              guint track;
              const TlSpan *open = tl_lane_get_open (lane, o, &track);

              g_assert_cmpint (open->start, <=, end);
            }
        }
    }
  tl_trace_model_finish (live, TL_TS_NONE);

  live_dump = tl_trace_model_dump (live);
  bulk_dump = tl_trace_model_dump (bulk);
  g_assert_cmpstr (live_dump, ==, bulk_dump);
}

/* Explicit items in any order give the same model as in order. */
static void
test_model_explicit_unsorted (void)
{
  g_autoptr(TlTraceModel) a = tl_trace_model_new ();
  g_autoptr(TlTraceModel) b = tl_trace_model_new ();
  g_autofree char *dump_a = NULL, *dump_b = NULL;
  TlSpan spans[] = {
    { 0, 100, 0, 0, 0, TL_SPAN_SLICE, 0, 0 },
    { 10, 50, 0, 0, 1, TL_SPAN_SLICE, 0, 0 },
    { 20, 30, 0, 0, 2, TL_SPAN_SLICE, 0, 0 },
    { 60, 90, 0, 0, 3, TL_SPAN_SLICE, 0, 0 },
  };
  TlInstant instants[] = {
    { 5, 0, 0, TL_EVENT_MARK, TL_ROLE_TEXT, 0 },
    { 70, 0, 1, TL_EVENT_MARK, TL_ROLE_TEXT, 0 },
  };
  guint order_b[] = { 2, 3, 0, 1 };   /* as viztracer writes them: by end */
  guint32 lane_a, lane_b;
  guint n;

  for (guint i = 0; i < 4; i++)
    {
      char name[8];

      g_snprintf (name, sizeof name, "f%u", i);
      tl_trace_model_intern (a, name, -1);
      tl_trace_model_intern (b, name, -1);
    }
  lane_a = tl_trace_model_ensure_lane (a, TL_LANE_THREAD, 1, 1);
  lane_b = tl_trace_model_ensure_lane (b, TL_LANE_THREAD, 1, 1);
  for (guint i = 0; i < 4; i++)
    {
      tl_trace_model_add_span (a, lane_a, &spans[i]);
      tl_trace_model_add_span (b, lane_b, &spans[order_b[i]]);
    }
  tl_trace_model_add_instant (a, lane_a, &instants[0]);
  tl_trace_model_add_instant (a, lane_a, &instants[1]);
  tl_trace_model_add_instant (b, lane_b, &instants[1]);
  tl_trace_model_add_instant (b, lane_b, &instants[0]);
  tl_trace_model_finish (a, TL_TS_NONE);
  tl_trace_model_finish (b, TL_TS_NONE);

  dump_a = tl_trace_model_dump (a);
  dump_b = tl_trace_model_dump (b);
  g_assert_cmpstr (dump_a, ==, dump_b);

  /* Nesting puts the slices on three tracks, from track 0: no state here. */
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (b, lane_b)), ==, 3);
  tl_lane_get_spans (tl_trace_model_get_lane (b, lane_b), 0, &n);
  g_assert_cmpuint (n, ==, 1);
  tl_lane_get_instants (tl_trace_model_get_lane (b, lane_b), &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (tl_lane_get_instants (tl_trace_model_get_lane (b, lane_b), &n)[0].ts, ==, 5);
}

static void
test_model_crash_closes_lanes (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent list[] = {
    ev (0, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    ev (1 * MS, 1, TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 200, 0),
    ev (0, 0, TL_EVENT_NONE, TL_ROLE_NONE, 0, 0),
    ev (9 * MS, 1, TL_EVENT_CRASH, TL_ROLE_PROCESS, 200, 11),
    ev (9 * MS, 1, TL_EVENT_WAIT_END, TL_ROLE_PROCESS, 200, 0),
  };
  const TlProcess *child;
  TlLane *child_lane;
  const TlSpan *span;

  /* The child (pid 200) holds a lock when it crashes. */
  list[2] = ev (2 * MS, 0, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 5, 0);
  list[2].pid = 200;
  list[2].tid = 200;
  tl_trace_model_add_events (model, list, G_N_ELEMENTS (list));
  tl_trace_model_finish (model, 20 * MS);

  child = tl_trace_model_get_process (model, tl_trace_model_lookup_process (model, 200));
  g_assert_true (child->exited);
  g_assert_true (child->signaled);
  g_assert_cmpint (child->exit_status, ==, 11);

  child_lane = tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 200, 200));
  span = find_span (child_lane, TL_SPAN_HOLD_LOCK, 0);
  g_assert_nonnull (span);
  g_assert_cmpint (span->end, ==, 9 * MS);
  g_assert_true (span->flags & TL_SPAN_FLAG_CUT);
  span = find_span (tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1)),
                    TL_SPAN_WAIT_JOIN, 0);
  g_assert_nonnull (span);
  g_assert_cmpint (span->end, ==, 9 * MS);
}

/* Arrows come in when their far end does, out of order; a live view
 * queries them before the model is finished. */
static void
test_model_flows_sorted_live (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 a = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  guint32 b = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 2);
  const gint64 starts[] = { 10, 50, 30, 70, 20, 60 };
  const TlFlow *flows;
  guint n, first, count;

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      TlFlow flow = { 0 };

      flow.from_ts = starts[i];
      flow.to_ts = starts[i] + 5;
      flow.from_lane = a;
      flow.to_lane = b;
      flow.ref = TL_INDEX_NONE;
      flow.kind = TL_FLOW_HANDOVER;
      tl_trace_model_add_flow (model, &flow);
    }
  flows = tl_trace_model_get_flows (model, &n);
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (flows[i - 1].from_ts, <=, flows[i].from_ts);
  tl_trace_model_get_flow_range (model, 25, 40, &first, &count);
  g_assert_cmpint (flows[first].from_ts, <=, 30);
  g_assert_cmpint (flows[first + count - 1].from_ts, <=, 40);
  g_assert_cmpint (flows[first + count - 1].from_ts, >=, 30);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/lock-contention", test_model_lock_contention);
  g_test_add_func ("/model/object-history", test_model_object_history);
  g_test_add_func ("/model/messages-errors-tasks", test_model_messages_errors_tasks);
  g_test_add_func ("/model/odd-input", test_model_odd_input);
  g_test_add_func ("/model/range-queries", test_model_range_queries);
  g_test_add_func ("/model/live-equals-bulk", test_model_live_equals_bulk);
  g_test_add_func ("/model/explicit-unsorted", test_model_explicit_unsorted);
  g_test_add_func ("/model/crash-closes-lanes", test_model_crash_closes_lanes);
  g_test_add_func ("/model/flows-sorted-live", test_model_flows_sorted_live);

  return g_test_run ();
}
