/* test-range-stats.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per function calls, total and self time, per thread busy share, in a
 * stretch of time: held to brute-force sums over random nested calls,
 * and worked out by hand on small ones.
 */
#include "config.h"

#include <glib.h>

#include "model-brute.h"
#include "tl-test-util.h"
#include "tl-trace-model-code.h"

/* Random stretches of random models, with ends on span edges. */
/* Time calls spent in their callees: the models do test self time. */
static gint64
time_in_callees (TlTraceModel *model,
                 gint64        t0,
                 gint64        t1)
{
  g_autoptr(TlRangeStats) stats = tl_range_stats_new (model, t0, t1);
  const TlFunctionStats *functions;
  gint64 sum = 0;
  guint n;

  functions = tl_range_stats_get_functions (stats, &n);
  for (guint i = 0; i < n; i++)
    sum += functions[i].total - functions[i].self;
  return sum;
}

static void
test_random_models (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  gint64 callees = 0;

  for (guint m = 0; m < 8; m++)
    {
      g_autoptr(TlTraceModel) model = brute_random_model (rand, 1 + m % 4, 4 + 2 * m);
      gint64 start, end;
      guint n;
      const TlSpan *spans = tl_lane_get_spans (tl_trace_model_get_lane (model, 0), 1, &n);

      g_assert_true (tl_trace_model_get_time_range (model, &start, &end));
      brute_assert_range_stats (model, start, end + 1);
      callees += time_in_callees (model, start, end + 1);
      brute_assert_range_stats (model, start - 100, end + 100);
      brute_assert_range_stats (model, start, start);
      for (guint r = 0; r < 25; r++)
        {
          gint64 a = g_rand_int_range (rand, (gint32) (start - 50), (gint32) (end + 50));
          gint64 b = g_rand_int_range (rand, (gint32) (start - 50), (gint32) (end + 50));

          brute_assert_range_stats (model, MIN (a, b), MAX (a, b));
        }
      /* On the edges of calls, where off-by-ones live. */
      for (guint i = 0; i + 1 < n && i < 20; i++)
        {
          brute_assert_range_stats (model, spans[i].start, spans[i].end);
          brute_assert_range_stats (model, spans[i].end, spans[i + 1].start + 1);
        }
    }
  g_assert_cmpint (callees, >, 0);
}

static guint32
lane_of (TlTraceModel *model,
         guint32       tid)
{
  return tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, tid);
}

static void
add (TlTraceModel *model,
     guint32       lane,
     TlSpanKind    kind,
     gint64        start,
     gint64        end,
     guint32       ref)
{
  TlSpan span = { start, end, 0, 0, ref, kind, 0, 0 };

  tl_trace_model_add_span (model, lane, &span);
}

static const TlFunctionStats *
function_named (TlTraceModel       *model,
                const TlRangeStats *stats,
                const char         *name)
{
  guint n;
  const TlFunctionStats *functions = tl_range_stats_get_functions (stats, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (tl_trace_model_get_string (model, functions[i].name), name) == 0)
      return &functions[i];
  g_error ("no function %s", name);
  return NULL;
}

/* main [0, 100] calls work [10, 40] twice over (work [50, 90] holds the
 * lock over a call of print [60, 70]); a second thread runs work [0, 30]
 * and [60, 80]. */
static TlTraceModel *
small_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  guint32 one = lane_of (model, 1), two = lane_of (model, 2);
  guint32 main_fn = tl_trace_model_intern (model, "main", -1);
  guint32 work = tl_trace_model_intern (model, "work", -1);
  guint32 print = tl_trace_model_intern (model, "print", -1);
  guint32 lock = tl_trace_model_ensure_object (model, TL_ROLE_MUTEX, 1);

  add (model, one, TL_SPAN_SLICE, 0, 100, main_fn);
  add (model, one, TL_SPAN_SLICE, 10, 40, work);
  add (model, one, TL_SPAN_SLICE, 50, 90, work);
  add (model, one, TL_SPAN_HOLD_LOCK, 55, 75, lock);
  add (model, one, TL_SPAN_SLICE, 60, 70, print);
  add (model, two, TL_SPAN_SLICE, 0, 30, work);
  add (model, two, TL_SPAN_SLICE, 60, 80, work);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static void
test_by_hand (void)
{
  g_autoptr(TlTraceModel) model = small_model ();
  g_autoptr(TlRangeStats) all = tl_range_stats_new (model, 0, 100);
  g_autoptr(TlRangeStats) part = tl_range_stats_new (model, 20, 65);
  const TlFunctionStats *f;
  const TlLaneStats *lanes;
  guint n;
  gint64 t0, t1;

  f = function_named (model, all, "main");
  g_assert_cmpuint (f->calls, ==, 1);
  g_assert_cmpint (f->total, ==, 100);
  g_assert_cmpint (f->self, ==, 100 - 30 - 40);
  f = function_named (model, all, "work");
  g_assert_cmpuint (f->calls, ==, 4);
  g_assert_cmpint (f->total, ==, 30 + 40 + 30 + 20);
  /* print ran under the lock, inside work: the lock is passed through. */
  g_assert_cmpint (f->self, ==, 30 + 40 + 30 + 20 - 10);
  f = function_named (model, all, "print");
  g_assert_cmpint (f->self, ==, 10);
  /* Sorted by total. */
  g_assert_cmpstr (tl_trace_model_get_string (model, tl_range_stats_get_functions (all, &n)[0].name), ==, "work");
  g_assert_cmpuint (n, ==, 3);

  /* Clipped to [20, 65). */
  f = function_named (model, part, "main");
  g_assert_cmpint (f->total, ==, 45);
  g_assert_cmpint (f->self, ==, 45 - 20 - 15);
  f = function_named (model, part, "work");
  g_assert_cmpuint (f->calls, ==, 4);
  g_assert_cmpint (f->total, ==, 20 + 15 + 10 + 5);
  g_assert_cmpint (f->self, ==, 20 + 15 + 10 + 5 - 5);

  tl_range_stats_get_range (part, &t0, &t1);
  g_assert_cmpint (t0, ==, 20);
  g_assert_cmpint (t1, ==, 65);
  lanes = tl_range_stats_get_lanes (part, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (lanes[0].busy, ==, 45);
  g_assert_cmpfloat (lanes[0].share, ==, 1.0);
  g_assert_cmpint (lanes[1].busy, ==, 10 + 5);
  g_assert_cmpfloat_with_epsilon (lanes[1].share, 15.0 / 45.0, 1e-12);
  brute_assert_range_stats (model, 20, 65);
}

static void
test_sorting (void)
{
  g_autoptr(TlTraceModel) model = small_model ();
  g_autoptr(TlRangeStats) stats = tl_range_stats_new (model, 0, 100);
  const TlFunctionStats *f;
  guint n;

  tl_range_stats_sort (stats, TL_RANGE_SORT_SELF);
  f = tl_range_stats_get_functions (stats, &n);
  g_assert_cmpstr (tl_trace_model_get_string (model, f[0].name), ==, "work");
  g_assert_cmpstr (tl_trace_model_get_string (model, f[1].name), ==, "main");
  tl_range_stats_sort (stats, TL_RANGE_SORT_CALLS);
  f = tl_range_stats_get_functions (stats, &n);
  g_assert_cmpstr (tl_trace_model_get_string (model, f[0].name), ==, "work");
  g_assert_cmpstr (tl_trace_model_get_string (model, f[1].name), ==, "main");
  tl_range_stats_sort (stats, TL_RANGE_SORT_NAME);
  f = tl_range_stats_get_functions (stats, &n);
  g_assert_cmpstr (tl_trace_model_get_string (model, f[0].name), ==, "main");
  g_assert_cmpstr (tl_trace_model_get_string (model, f[1].name), ==, "print");
  g_assert_cmpstr (tl_trace_model_get_string (model, f[2].name), ==, "work");
}

/* A recorded thread is busy while it runs, not while it waits. */
static void
test_busy_while_running (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent events[] = {
    tl_test_event (0, 1, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    tl_test_event (10, 1, 1, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0),
    tl_test_event (30, 1, 1, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0),
    tl_test_event (40, 1, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (55, 1, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (60, 1, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (100, 1, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),
  };
  g_autoptr(TlRangeStats) stats = NULL;
  const TlLaneStats *lanes;
  guint n;

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  stats = tl_range_stats_new (model, 0, 100);
  lanes = tl_range_stats_get_lanes (stats, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (lanes[0].busy, ==, 100 - 20 - 15);
  brute_assert_range_stats (model, 0, 100);
  brute_assert_range_stats (model, 5, 45);
}

static void
test_empty (void)
{
  g_autoptr(TlTraceModel) model = small_model ();
  g_autoptr(TlRangeStats) before = tl_range_stats_new (model, -50, -10);
  g_autoptr(TlRangeStats) backwards = tl_range_stats_new (model, 50, 10);
  guint n;

  tl_range_stats_get_functions (before, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpfloat (tl_range_stats_get_lanes (before, &n)[0].share, ==, 0.0);
  tl_range_stats_get_functions (backwards, &n);
  g_assert_cmpuint (n, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/range-stats/random-models", test_random_models);
  g_test_add_func ("/model/range-stats/by-hand", test_by_hand);
  g_test_add_func ("/model/range-stats/sorting", test_sorting);
  g_test_add_func ("/model/range-stats/busy-while-running", test_busy_while_running);
  g_test_add_func ("/model/range-stats/empty", test_empty);

  return g_test_run ();
}
