/* test-model-queries.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What views ask of the model: the next moment something happens, the
 * time an item covers, what is new since a reader last looked, counts.
 */
#include "config.h"

#include <glib.h>

#include "tl-test-util.h"
#include "tl-trace-model.h"

#define MS  TL_TEST_MS
#define PID 100

static TlModelEvent
ev (gint64       ts,
    guint32      tid,
    TlEventKind  kind,
    TlObjectRole role,
    guint64      object,
    guint64      arg)
{
  return tl_test_event (ts, PID, tid, kind, role, object, arg);
}

/* Thread 1 sleeps 10..30 and prints at 20; thread 2 holds lock 7 from 5
 * to 25 and prints at 40. */
static TlTraceModel *
small_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  TlModelEvent events[] = {
    tl_test_name_event (0, PID, 1, TL_ROLE_TEXT, 1, "hello"),
    tl_test_name_event (0, PID, 1, TL_ROLE_TEXT, 2, "bye"),
    ev (2 * MS, 2, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 2, 0),
    ev (5 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    ev (10 * MS, 1, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0),
    ev (20 * MS, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
    ev (25 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    ev (30 * MS, 1, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0),
    ev (40 * MS, 2, TL_EVENT_PRINT, TL_ROLE_TEXT, 2, 0),
    ev (50 * MS, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),
    ev (50 * MS, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0),
  };

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

/* Stepping visits every start, end and instant, in order, both ways. */
static void
test_next_boundary (void)
{
  g_autoptr(TlTraceModel) model = small_model ();
  const gint64 forward[] = { 0, 2 * MS, 5 * MS, 10 * MS, 20 * MS, 25 * MS, 30 * MS, 40 * MS, 50 * MS };
  gint64 t = -1;

  for (guint i = 0; i < G_N_ELEMENTS (forward); i++)
    {
      t = tl_trace_model_get_next_boundary (model, t, 1);
      g_assert_cmpint (t, ==, forward[i]);
    }
  g_assert_cmpint (tl_trace_model_get_next_boundary (model, t, 1), ==, TL_TS_NONE);

  t = 60 * MS;
  for (guint i = G_N_ELEMENTS (forward); i-- > 0;)
    {
      t = tl_trace_model_get_next_boundary (model, t, -1);
      g_assert_cmpint (t, ==, forward[i]);
    }
  g_assert_cmpint (tl_trace_model_get_next_boundary (model, t, -1), ==, TL_TS_NONE);
}

static void
test_item_range (void)
{
  g_autoptr(TlTraceModel) model = small_model ();
  guint32 l1 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, PID, 1);
  guint32 l2 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, PID, 2);
  const TlSpan *spans;
  const TlInstant *instants;
  guint n;
  gint64 start, end;
  TlItemRef ref = { l2, TL_ITEM_SPAN, 1, 0 };

  /* Thread 2's hold of the lock, on track 1. */
  spans = tl_lane_get_spans (tl_trace_model_get_lane (model, l2), 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (spans[0].kind, ==, TL_SPAN_HOLD_LOCK);
  g_assert_true (tl_trace_model_get_item_range (model, &ref, &start, &end));
  g_assert_cmpint (start, ==, 5 * MS);
  g_assert_cmpint (end, ==, 25 * MS);

  /* Thread 1's print: one moment. */
  instants = tl_lane_get_instants (tl_trace_model_get_lane (model, l1), &n);
  for (guint i = 0; i < n; i++)
    if (instants[i].kind == TL_EVENT_PRINT)
      ref = (TlItemRef) { l1, TL_ITEM_INSTANT, 0, i };
  g_assert_true (tl_trace_model_get_item_range (model, &ref, &start, &end));
  g_assert_cmpint (start, ==, 20 * MS);
  g_assert_cmpint (end, ==, 20 * MS);

  /* No such items. */
  ref = (TlItemRef) { l2, TL_ITEM_SPAN, 1, 5 };
  g_assert_false (tl_trace_model_get_item_range (model, &ref, &start, &end));
  ref = (TlItemRef) { l2, TL_ITEM_SPAN, 9, 0 };
  g_assert_false (tl_trace_model_get_item_range (model, &ref, &start, &end));
  ref = (TlItemRef) { 99, TL_ITEM_INSTANT, 0, 0 };
  g_assert_false (tl_trace_model_get_item_range (model, &ref, &start, &end));
  ref = (TlItemRef) { 0, TL_ITEM_FLOW, 0, 0 };
  g_assert_false (tl_trace_model_get_item_range (model, &ref, &start, &end));
}

/* A reader that follows a growing model sees each print once, in time
 * order, even when a batch brings an earlier one from another lane. */
static void
test_new_instants (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlInstantCursor) cursor = tl_instant_cursor_new ();
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (TlItemRef));
  TlModelEvent first[] = {
    ev (10 * MS, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
    ev (30 * MS, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
  };
  TlModelEvent second[] = {
    ev (20 * MS, 2, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
    ev (25 * MS, 2, TL_EVENT_WRITE, TL_ROLE_VALUE, 3, 1),
    ev (40 * MS, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
  };
  guint32 l1, l2;

  g_assert_cmpuint (tl_trace_model_read_new_instants (model, TL_EVENT_PRINT, cursor, out), ==, 0);
  tl_trace_model_add_events (model, first, G_N_ELEMENTS (first));
  g_assert_cmpuint (tl_trace_model_read_new_instants (model, TL_EVENT_PRINT, cursor, out), ==, 2);
  g_assert_cmpuint (tl_trace_model_read_new_instants (model, TL_EVENT_PRINT, cursor, out), ==, 0);
  tl_trace_model_add_events (model, second, G_N_ELEMENTS (second));
  g_assert_cmpuint (tl_trace_model_read_new_instants (model, TL_EVENT_PRINT, cursor, out), ==, 2);

  l1 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, PID, 1);
  l2 = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, PID, 2);
  g_assert_cmpuint (out->len, ==, 4);
  /* Each batch in time order: thread 2's print at 20 before thread 1's at 40. */
  g_assert_cmpuint (g_array_index (out, TlItemRef, 2).lane, ==, l2);
  g_assert_cmpuint (g_array_index (out, TlItemRef, 3).lane, ==, l1);
  g_assert_cmpuint (g_array_index (out, TlItemRef, 3).index, ==, 2);
}

static void
test_counts (void)
{
  g_autoptr(TlTraceModel) model = small_model ();
  guint64 spans = 0;

  g_assert_cmpuint (tl_trace_model_count_lanes (model, TL_LANE_THREAD), ==, 2);
  g_assert_cmpuint (tl_trace_model_count_lanes (model, TL_LANE_LOCK), ==, 1);
  g_assert_cmpuint (tl_trace_model_count_lanes (model, TL_LANE_GIL), ==, 0);
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    spans += tl_trace_model_get_span_count (model, k);
  g_assert_cmpuint (tl_trace_model_get_n_spans (model), ==, spans);
  g_assert_cmpuint (spans, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/queries/next-boundary", test_next_boundary);
  g_test_add_func ("/model/queries/item-range", test_item_range);
  g_test_add_func ("/model/queries/new-instants", test_new_instants);
  g_test_add_func ("/model/queries/counts", test_counts);

  return g_test_run ();
}
