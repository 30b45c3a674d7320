/* test-preload-runtime.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the interposer records in any program, on small C programs
 * (preload-probe.c): messages through pipes and socket pairs between
 * processes, semaphores that signal and named ones shared by processes,
 * conditions, read-write locks with several readers, names given by the
 * program, and programs spawned with an environment of their own.  Only
 * what the programs make certain is checked, not what timing may change.
 */
#include "config.h"

#include <string.h>

#include "preload-run.h"

static PreloadRun *
run_probe (const char *what)
{
  const char *argv[] = { g_getenv ("TL_TEST_PROBE"), what, NULL };
  PreloadRun *run;

  g_assert_nonnull (argv[0]);
  run = preload_run (argv, NULL);
  g_assert_no_error (run->error);
  g_assert_true (run->ended);
  g_assert_cmpint (run->exit_code, ==, 0);
  g_assert_cmpuint (tl_recorder_get_n_lost (run->recorder), ==, 0);
  preload_assert_no_warning (run, TL_MODEL_ERROR_DOUBLE_OWNER);
  preload_assert_no_warning (run, TL_MODEL_ERROR_TIME_BACKWARDS);
  preload_assert_no_warning (run, TL_MODEL_ERROR_UNMATCHED_END);
  return run;
}

/* The flows of @kind go from one process to another. */
static guint
count_flows_between_processes (PreloadRun *run,
                               TlFlowKind  kind)
{
  guint n_flows, n = 0;
  const TlFlow *flows = tl_trace_model_get_flows (run->model, &n_flows);

  for (guint i = 0; i < n_flows; i++)
    if (flows[i].kind == kind &&
        tl_lane_get_pid (tl_trace_model_get_lane (run->model, flows[i].from_lane)) !=
        tl_lane_get_pid (tl_trace_model_get_lane (run->model, flows[i].to_lane)))
      n++;
  return n;
}

static void
test_pipe (void)
{
  PreloadRun *run = run_probe ("pipe");

  g_assert_cmpuint (tl_trace_model_get_event_count (run->model, TL_EVENT_SEND), ==, 3);
  g_assert_cmpuint (tl_trace_model_get_event_count (run->model, TL_EVENT_RECEIVE), ==, 3);
  g_assert_cmpuint (count_flows_between_processes (run, TL_FLOW_MESSAGE), ==, 3);
  preload_run_free (run);
}

static void
test_socketpair (void)
{
  PreloadRun *run = run_probe ("socketpair");

  /* A question one way, its answer the other: two arrows, one object. */
  g_assert_cmpuint (count_flows_between_processes (run, TL_FLOW_MESSAGE), ==, 2);
  g_assert_cmpuint (preload_count_processes (run, "preload-probe"), ==, 2);
  preload_run_free (run);
}

static void
test_semaphores (void)
{
  PreloadRun *run = run_probe ("semaphores");
  guint32 shared;

  /* The post that signals the waiting thread. */
  g_assert_cmpuint (tl_trace_model_get_event_count (run->model, TL_EVENT_WAKE), >=, 1);
  /* The named semaphore is one object held in turn by both processes. */
  shared = preload_object (run, TL_ROLE_SEMAPHORE, "threadline-probe");
  g_assert_cmpuint (shared, !=, TL_INDEX_NONE);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_HOLD_LOCK, "threadline-probe"), ==, 2);
  preload_run_free (run);
}

static void
test_condition (void)
{
  PreloadRun *run = run_probe ("condition");

  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_HOLD_LOCK, "queue_lock"), >=, 6);
  /* Three signals; the waits they end depend on timing. */
  g_assert_cmpuint (tl_trace_model_get_event_count (run->model, TL_EVENT_WAKE), ==, 3);
  g_assert_cmpuint (preload_object (run, TL_ROLE_CONDITION, "queue_ready"), !=, TL_INDEX_NONE);
  preload_run_free (run);
}

static void
test_rwlock (void)
{
  PreloadRun *run = run_probe ("rwlock");
  guint32 lane = TL_INDEX_NONE;
  guint n;

  /* Both readers hold it at the barrier: two holders, and no warning. */
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *candidate = tl_trace_model_get_lane (run->model, l);
      guint32 name = tl_lane_get_name (candidate);

      if (tl_lane_get_kind (candidate) == TL_LANE_LOCK && name != TL_INDEX_NONE &&
          strcmp (tl_trace_model_get_string (run->model, name), "table_lock") == 0)
        lane = l;
    }
  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (run->model, lane)), ==, 2);
  tl_lane_get_spans (tl_trace_model_get_lane (run->model, lane), 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_HOLD_LOCK, "table_lock"), ==, 3);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_BARRIER, NULL), ==, 2);
  preload_run_free (run);
}

static void
test_names_and_spawn (void)
{
  PreloadRun *run = run_probe ("names-and-spawn");

  g_assert_cmpuint (preload_count_threads (run, 0, "by-prctl"), ==, 1);
  g_assert_cmpuint (preload_count_threads (run, 0, "by-creator"), ==, 1);
  /* /bin/true, spawned with an empty environment, is traced too. */
  g_assert_nonnull (preload_process (run, "true"));
  g_assert_cmpuint (tl_trace_model_get_event_count (run->model, TL_EVENT_PROCESS_START), ==, 2);
  preload_run_free (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preload/runtime/pipe", test_pipe);
  g_test_add_func ("/preload/runtime/socketpair", test_socketpair);
  g_test_add_func ("/preload/runtime/semaphores", test_semaphores);
  g_test_add_func ("/preload/runtime/condition", test_condition);
  g_test_add_func ("/preload/runtime/rwlock", test_rwlock);
  g_test_add_func ("/preload/runtime/names-and-spawn", test_names_and_spawn);

  return g_test_run ();
}
