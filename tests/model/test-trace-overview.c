/* test-trace-overview.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace in a few numbers: processes, threads, calls, errors, prints,
 * and the busiest functions, the program's own first.
 */
#include "config.h"

#include <glib.h>

#include "tl-test-util.h"
#include "tl-trace-overview.h"

static void
add_call (TlTraceModel *model,
          guint32       lane,
          gint64        start,
          gint64        end,
          const char   *name)
{
  TlSpan span = { start, end, 0, 0, 0, TL_SPAN_SLICE, 0, 0 };

  span.ref = tl_trace_model_intern (model, name, -1);
  tl_trace_model_add_span (model, lane, &span);
}

static void
add_instant (TlTraceModel *model,
             guint32       lane,
             gint64        ts,
             TlEventKind   kind)
{
  TlInstant instant = { ts, 0, TL_INDEX_NONE, (guint16) kind, TL_ROLE_TEXT, 0 };

  tl_trace_model_add_instant (model, lane, &instant);
}

#define WAIT  "Event.wait (/usr/lib/python3.11/threading.py:604)"
#define COUNT "count_primes (/home/u/prog.py:6)"
#define CHECK "check (/home/u/prog.py:25)"
#define TQDM  "update (/home/u/.venv/lib/python3.11/site-packages/tqdm/std.py:1200)"

/* The pool's waiting is the longest of all, but the program's own
 * functions come first. */
static void
test_busiest (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 main_lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 10, 10);
  guint32 worker = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 11, 10);
  g_autoptr(TlTraceOverview) summary = NULL;
  g_autoptr(TlTraceOverview) two = NULL;
  g_autoptr(TlTraceOverview) none = NULL;

  add_call (model, main_lane, 0, 1000, WAIT);
  add_call (model, main_lane, 1000, 1010, CHECK);
  add_call (model, main_lane, 1010, 1100, TQDM);
  add_call (model, worker, 100, 600, COUNT);
  add_call (model, worker, 600, 900, COUNT);
  add_call (model, worker, 900, 901, "builtins.print");
  add_instant (model, worker, 901, TL_EVENT_PRINT);
  add_instant (model, main_lane, 1005, TL_EVENT_ERROR_RAISED);
  add_instant (model, main_lane, 1006, TL_EVENT_MARK);
  tl_trace_model_finish (model, TL_TS_NONE);

  summary = tl_trace_overview_new (model, 10);
  g_assert_cmpuint (summary->n_processes, ==, 2);
  g_assert_cmpuint (summary->n_threads, ==, 2);
  g_assert_cmpuint (summary->n_calls, ==, 6);
  g_assert_cmpuint (summary->n_prints, ==, 1);
  g_assert_cmpuint (summary->n_errors, ==, 1);
  g_assert_cmpint (summary->start, ==, 0);
  g_assert_cmpint (summary->end, ==, 1100);
  g_assert_cmpuint (summary->n_busiest, ==, 5);
  g_assert_cmpstr (tl_trace_model_get_string (model, summary->busiest[0].name), ==, COUNT);
  g_assert_cmpint (summary->busiest[0].self, ==, 800);
  g_assert_cmpuint (summary->busiest[0].calls, ==, 2);
  g_assert_cmpstr (tl_trace_model_get_string (model, summary->busiest[1].name), ==, CHECK);
  g_assert_cmpstr (tl_trace_model_get_string (model, summary->busiest[2].name), ==, WAIT);
  g_assert_cmpstr (tl_trace_model_get_string (model, summary->busiest[3].name), ==, TQDM);
  /* The call that lasts no time at the very end counts too. */
  g_assert_cmpstr (tl_trace_model_get_string (model, summary->busiest[4].name), ==, "builtins.print");

  two = tl_trace_overview_new (model, 2);
  g_assert_cmpuint (two->n_busiest, ==, 2);
  g_assert_cmpstr (tl_trace_model_get_string (model, two->busiest[1].name), ==, CHECK);
  none = tl_trace_overview_new (model, 0);
  g_assert_cmpuint (none->n_busiest, ==, 0);
  g_assert_null (none->busiest);
}

/* A live run's errors: raised, crashed, tasks that failed. */
static void
test_live_errors (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent events[] = {
    tl_test_event (0, 1, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    tl_test_event (10, 1, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 5, 0),
    tl_test_flagged (tl_test_event (20, 1, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 5, 0), TL_FLAG_FAILED),
    tl_test_event (30, 1, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
    tl_test_event (40, 2, 2, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 3, 0),
    tl_test_event (50, 2, 2, TL_EVENT_CRASH, TL_ROLE_PROCESS, 2, 11),
  };
  g_autoptr(TlTraceOverview) summary = NULL;

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  summary = tl_trace_overview_new (model, 5);
  g_assert_cmpuint (summary->n_errors, ==, 3);
  g_assert_cmpuint (summary->n_prints, ==, 1);
  g_assert_cmpuint (summary->n_calls, ==, 1);
}

static void
test_empty_model (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlTraceOverview) summary = tl_trace_overview_new (model, 5);

  g_assert_cmpuint (summary->n_processes, ==, 0);
  g_assert_cmpint (summary->start, ==, TL_TS_NONE);
  g_assert_cmpuint (summary->n_busiest, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/trace-overview/busiest", test_busiest);
  g_test_add_func ("/model/trace-overview/live-errors", test_live_errors);
  g_test_add_func ("/model/trace-overview/empty-model", test_empty_model);

  return g_test_run ();
}
