/* test-scenario-runs.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every built-in scenario, recorded for real at a fast tempo, and its
 * oracle (data/scenarios/README.md) checked on the model built from the trace.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario-run.h"
#include "tl-analysis-concurrency.h"
#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-analysis-utilisation.h"
#include "tl-describe.h"
#include "tl-narrator.h"

#define TEMPO 5.0

static guint fds_before;

static void
assert_finished (ScenarioRun *run)
{
  g_assert_no_error (run->error);
  g_assert_cmpint (tl_recorder_get_state (run->recorder), ==, TL_RECORDER_FINISHED);
  g_assert_cmpuint (tl_recorder_get_n_lost (run->recorder), ==, 0);
  scenario_assert_clean (run, fds_before);
}

static gint64
lane_end_of_process (TlTraceModel *model,
                     guint32       pid)
{
  guint n;
  const guint32 *lanes = tl_trace_model_get_process_lanes (model, tl_trace_model_lookup_process (model, pid), &n);
  gint64 end = G_MININT64;

  for (guint i = 0; i < n; i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, lanes[i]);

      if (tl_lane_get_kind (lane) == TL_LANE_THREAD)
        end = MAX (end, tl_lane_get_last_ts (lane));
    }
  return end;
}

/* Every span of @kind on the thread lanes of @pid (0: all). */
static GArray *
spans_of (TlTraceModel *model,
          TlSpanKind    kind,
          guint32       pid)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlSpan));

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || (pid != 0 && tl_lane_get_pid (lane) != pid))
        continue;
      for (guint track = 0; track < tl_lane_get_n_tracks (lane); track++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

          for (guint i = 0; i < n; i++)
            if (spans[i].kind == kind)
              g_array_append_val (out, spans[i]);
        }
    }
  return out;
}

/* ---- the scenarios ------------------------------------------------------------ */

static void
test_two_processes (void)
{
  const char *values[] = { "delay=400", NULL };
  ScenarioRun *run = scenario_run ("two-processes", values, TEMPO, -1, NULL);
  const TlProcess *p1, *p2;
  g_autoptr(GArray) joins = NULL;
  gint64 last_exit, join_end = G_MININT64;

  assert_finished (run);
  g_assert_cmpuint (scenario_count_lines (run, "Process-1", "Square of 44: 1936"), ==, 1);
  g_assert_cmpuint (scenario_count_lines (run, "Process-2", "Cube of 44: 85184"), ==, 1);
  p1 = scenario_process (run, "Process-1");
  p2 = scenario_process (run, "Process-2");
  g_assert_nonnull (p1);
  g_assert_nonnull (p2);
  g_assert_true (p1->exited && !p1->signaled && p1->exit_status == 0);
  g_assert_true (p2->exited && !p2->signaled && p2->exit_status == 0);
  g_assert_cmpuint (p1->parent_pid, ==, run->main_pid);

  /* The parent's last join ends once the later child has exited. */
  last_exit = MAX (lane_end_of_process (run->model, p1->pid), lane_end_of_process (run->model, p2->pid));
  joins = spans_of (run->model, TL_SPAN_WAIT_JOIN, run->main_pid);
  g_assert_cmpuint (joins->len, >=, 1);
  for (guint i = 0; i < joins->len; i++)
    join_end = MAX (join_end, g_array_index (joins, TlSpan, i).end);
  g_assert_cmpint (join_end, >=, last_exit);
  scenario_run_free (run);
}

static void
test_four_processes (void)
{
  const char *values[] = { "min_sleep=50", "max_sleep=600", NULL };
  ScenarioRun *run = scenario_run ("four-processes", values, TEMPO, -1, NULL);
  guint numbered = 0;

  assert_finished (run);
  for (int i = 1; i <= 4; i++)
    {
      g_autofree char *line = g_strdup_printf ("Process %d is printing: %d", i, i);
      g_autofree char *worker = g_strdup_printf ("Process-%d", i);

      g_assert_cmpuint (scenario_count_lines (run, worker, line), ==, 1);
    }
  for (guint i = 0; i < run->lines->len; i++)
    numbered += strstr (g_ptr_array_index (run->lines, i), " is printing: ") != NULL;
  g_assert_cmpuint (numbered, ==, 4);
  scenario_run_free (run);
}

static void
test_pool_map (void)
{
  const char *values[] = { "cost=400", NULL };
  ScenarioRun *run = scenario_run ("pool-map", values, TEMPO, -1, NULL);
  g_autoptr(GArray) tasks = NULL;
  gboolean seen[6] = { FALSE };
  guint workers = 0;

  assert_finished (run);
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "pool.map"), ==, "[1, 4, 9, 16, 25]");

  /* Each item ran exactly once, and gave its square. */
  tasks = spans_of (run->model, TL_SPAN_TASK, 0);
  g_assert_cmpuint (tasks->len, ==, 5);
  for (guint i = 0; i < tasks->len; i++)
    {
      const TlSpan *task = &g_array_index (tasks, TlSpan, i);

      g_assert_cmpuint (task->arg, >=, 1);
      g_assert_cmpuint (task->arg, <=, 5);
      g_assert_false (seen[task->arg]);
      seen[task->arg] = TRUE;
      g_assert_cmpuint (task->arg2, ==, task->arg * task->arg);
      g_assert_false (task->flags & TL_SPAN_FLAG_FAILED);
    }

  /* Never more than the pool's four at once, on four workers started first. */
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_TASK, TL_INDEX_NONE, 0, NULL), <=, 4);
  for (guint i = 0; i < tl_trace_model_get_n_processes (run->model); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (run->model, i);

      if (p->name != TL_INDEX_NONE &&
          g_str_has_prefix (tl_trace_model_get_string (run->model, p->name), "ForkPoolWorker-"))
        workers++;
    }
  g_assert_cmpuint (workers, ==, 4);
  scenario_run_free (run);
}

static void
test_pool_sizes (void)
{
  const char *values[] = { "heavy_cost=60", NULL };
  ScenarioRun *run = scenario_run ("pool-sizes", values, TEMPO, -1, NULL);
  guint n_workers = 0;

  assert_finished (run);
  /* One time per pool size, tiny and heavy. */
  g_assert_cmpuint (scenario_count_marks (run, TL_SCENARIO_MARK_TIME), ==, 6);
  for (guint size = 2; size <= 8; size *= 2)
    {
      g_autofree char *tiny = g_strdup_printf ("tiny tasks, pool of %u", size);
      g_autofree char *heavy = g_strdup_printf ("heavy tasks, pool of %u", size);

      g_assert_nonnull (scenario_mark (run, TL_SCENARIO_MARK_TIME, tiny));
      g_assert_nonnull (scenario_mark (run, TL_SCENARIO_MARK_TIME, heavy));
    }
  /* A start-up span for every worker: its start in the parent, its own in it. */
  for (guint i = 0; i < tl_trace_model_get_n_processes (run->model); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (run->model, i);

      if (p->name != TL_INDEX_NONE &&
          g_str_has_prefix (tl_trace_model_get_string (run->model, p->name), "ForkPoolWorker-"))
        n_workers++;
    }
  g_assert_cmpuint (n_workers, ==, 2 * (2 + 4 + 8));
  g_assert_cmpuint (scenario_slices (run, "start ForkPoolWorker-", NULL), ==, n_workers);
  g_assert_cmpuint (scenario_slices (run, "start-up", NULL), ==, n_workers);
  g_assert_cmpuint (scenario_count_lines (run, "MainProcess", "Results: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]"), ==, 6);
  scenario_run_free (run);
}

static void
test_thread_pool_factorial (void)
{
  const char *values[] = { "cost=60", NULL };
  ScenarioRun *run = scenario_run ("thread-pool-factorial", values, TEMPO, -1, NULL);
  guint executor_threads = 0;

  assert_finished (run);
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "factorials"), ==,
                   "[1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800]");
  g_assert_cmpuint (scenario_count_lines (run, "MainProcess", "Factorial of 10 is 3628800"), ==, 1);
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_TASK, TL_INDEX_NONE, 0, NULL), <=, 5);
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);
      guint32 name = tl_lane_get_name (lane);

      if (name != TL_INDEX_NONE &&
          g_str_has_prefix (tl_trace_model_get_string (run->model, name), "ThreadPoolExecutor-"))
        executor_threads++;
    }
  g_assert_cmpuint (executor_threads, >=, 1);
  g_assert_cmpuint (executor_threads, <=, 5);
  scenario_run_free (run);
}

static double
load (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return 0;
  return g_ascii_strtod (text, NULL);
}

/* The time a "time" step's phase took, from its slice on the main thread. */
static gboolean
phase_range (ScenarioRun *run,
             const char  *label,
             gint64      *start,
             gint64      *end)
{
  guint32 process = tl_trace_model_lookup_process (run->model, run->main_pid);
  guint n_lanes;
  const guint32 *lanes = tl_trace_model_get_process_lanes (run->model, process, &n_lanes);

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, lanes[l]);

      for (guint track = 1; track < tl_lane_get_n_tracks (lane); track++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

          for (guint i = 0; i < n; i++)
            if (spans[i].kind == TL_SPAN_SLICE && spans[i].ref != TL_INDEX_NONE &&
                g_strcmp0 (tl_trace_model_get_string (run->model, spans[i].ref), label) == 0)
              {
                *start = spans[i].start;
                *end = spans[i].end;
                return TRUE;
              }
        }
    }
  return FALSE;
}

/* How many cores a phase's work kept busy, measured within the phase. */
static double
phase_parallelism (ScenarioRun   *run,
                   const char    *label,
                   TlParallelism *p)
{
  gint64 start = 0, end = 0;

  g_assert_true (phase_range (run, label, &start, &end));
  tl_analysis_parallelism (run->model, start, end, "compute", (guint) sysconf (_SC_NPROCESSORS_ONLN), p);
  g_assert_cmpuint (p->n_measured, >, 0);
  g_assert_cmpuint (p->n_measured, ==, p->n_slices);
  return (double) p->cpu / (double) p->wall;
}

static void
test_gil_cpu (void)
{
  const char *values[] = { "work=1000", NULL };
  ScenarioRun *run = scenario_run ("gil-cpu", values, TEMPO, -1, NULL);
  guint32 gil = TL_INDEX_NONE;
  TlLockContention contention;
  TlParallelism threads, processes;
  double by_threads, by_processes, threads_ms;
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  guint32 compute;

  assert_finished (run);

  /* With threads, at most one thread of the process runs Python code. */
  g_assert_cmpuint (tl_analysis_max_running_in_slice (run->model, run->main_pid, "compute", NULL), ==, 1);

  /* They took turns: each waited for the GIL. */
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);

      if (tl_lane_get_kind (lane) == TL_LANE_GIL && tl_lane_get_pid (lane) == run->main_pid)
        gil = tl_lane_get_object (lane);
    }
  g_assert_cmpuint (gil, !=, TL_INDEX_NONE);
  tl_analysis_lock_contention (run->model, gil, &contention);
  g_assert_cmpuint (contention.n_waits, >=, 4);

  /* The processes' work overlapped in time; each had its own GIL. */
  compute = tl_trace_model_intern (run->model, "compute", -1);
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_SLICE, compute, 0, NULL), >=, 2);

  threads_ms = g_ascii_strtod (scenario_mark (run, TL_SCENARIO_MARK_TIME, "threads"), NULL);
  by_threads = phase_parallelism (run, "threads", &threads);
  by_processes = phase_parallelism (run, "processes", &processes);
  g_test_message ("cores kept busy: threads %.2f (%.0f%% of what they could have), processes %.2f "
                  "(%.0f%%); on %ld cores, load %.2f", by_threads, 100.0 * threads.cpu / threads.demand,
                  by_processes, 100.0 * processes.cpu / processes.demand, cores, load ());

  /* Four threads under one GIL cannot be faster than their work one
   * after the other, whatever else the machine does. */
  g_assert_cmpfloat (threads_ms, >=, 0.95 * 4 * 1000.0 / TEMPO);
  /* What the chart says cannot contradict the lesson, however busy the
   * machine: one GIL keeps one core busy at most, processes the cores. */
  g_assert_cmpfloat (by_threads, <=, 1.05);
  g_assert_cmpuint (threads.max_computing, ==, 1);
  g_assert_cmpfloat (by_processes, <=, cores + 0.05);
  g_assert_cmpuint (processes.max_computing, >=, 2);
  /* Processes run side by side: with two cores or more, and unless other
   * programs starved them, they kept more than one core busy. */
  if (cores >= 2 && processes.cpu >= 0.7 * processes.demand && threads.cpu >= 0.7 * threads.demand)
    g_assert_cmpfloat (by_processes, >, by_threads);
  else
    g_test_message ("other programs starved the run: the processes' figure is not compared");
  scenario_run_free (run);
}

static void
test_gil_io (void)
{
  const char *values[] = { "io_time=1500", NULL };
  ScenarioRun *run = scenario_run ("gil-io", values, TEMPO, -1, NULL);
  double elapsed, longest = 1.5 / TEMPO, sum = 1.5 * (4 + 1) / 2 / TEMPO;

  assert_finished (run);
  elapsed = g_ascii_strtod (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "elapsed"), NULL);
  g_test_message ("elapsed %.3f s, longest wait %.3f s, sum %.3f s", elapsed, longest, sum);
  g_assert_cmpfloat (elapsed, >=, longest);
  g_assert_cmpfloat (elapsed, <, longest + (sum - longest) / 2);
  /* The waits overlapped, with the GIL let go. */
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_IO, TL_INDEX_NONE, run->main_pid, NULL), >=, 3);
  scenario_run_free (run);
}

static void
check_race (const char *kind)
{
  const char *values[] = { "repeats=40", NULL, NULL };
  g_autofree char *kind_value = g_strdup_printf ("kind=%s", kind);
  ScenarioRun *run;
  TlLostUpdateSummary summary;
  g_autoptr(GArray) lost = NULL;
  g_autoptr(GArray) safe_lost = NULL;
  guint32 counter, safe;
  gint64 expected = 4 * 40;

  values[1] = kind_value;
  run = scenario_run ("race-counter", values, TEMPO, -1, NULL);
  assert_finished (run);

  /* Without the lock: short of the expected count, and every missing
   * increment is a lost update the analysis names. */
  counter = tl_analysis_find_value (run->model, "counter");
  g_assert_cmpuint (counter, !=, TL_INDEX_NONE);
  lost = tl_analysis_lost_updates (run->model, counter, &summary);
  g_test_message ("%s: counter = %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %u lost updates found",
                  kind, summary.final, expected, summary.n_lost);
  g_assert_cmpint (summary.n_writes, ==, expected);
  g_assert_cmpint (summary.expected, ==, expected);
  g_assert_cmpint (summary.final, <, expected);
  g_assert_cmpint (g_ascii_strtoll (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "unlocked"), NULL, 10), ==, summary.final);
  g_assert_cmpint (summary.n_lost, ==, expected - summary.final);
  g_assert_cmpint (summary.lost_total, ==, expected - summary.final);
  for (guint i = 0; i < lost->len; i++)
    {
      const TlLostUpdate *update = &g_array_index (lost, TlLostUpdate, i);

      /* Overwritten by another thread's write based on an older read. */
      g_assert_cmpuint (update->by_lane, !=, TL_INDEX_NONE);
      g_assert_cmpuint (update->by_lane, !=, update->lane);
      g_assert_cmpint (update->by_read_ts, <, update->ts);
      g_assert_cmpint (update->ts, <, update->by_ts);
      g_assert_cmpint (update->delta, ==, 1);
    }

  /* With the lock: exact. */
  safe = tl_analysis_find_value (run->model, "safe_counter");
  safe_lost = tl_analysis_lost_updates (run->model, safe, &summary);
  g_assert_cmpint (summary.final, ==, expected);
  g_assert_cmpuint (summary.n_lost, ==, 0);
  g_assert_cmpuint (safe_lost->len, ==, 0);
  g_assert_cmpint (g_ascii_strtoll (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "locked"), NULL, 10), ==, expected);
  scenario_run_free (run);
}

static void
test_race_counter_threads (void)
{
  check_race ("threads");
}

static void
test_race_counter_processes (void)
{
  check_race ("processes");
}

/* The list, replayed from the recorded appends (writes) and pops (reads). */
static void
test_producer_consumer (void)
{
  const char *values[] = { "sleep_min=10", "sleep_max=200", NULL };
  ScenarioRun *run = scenario_run ("producer-consumer", values, TEMPO, -1, NULL);
  g_autoptr(GArray) replay = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) final = g_string_new ("[");
  guint32 list = scenario_object (run, TL_ROLE_VALUE, "shared_list");
  guint32 lock = scenario_object (run, TL_ROLE_MUTEX, "list_lock");
  guint n_ops = 0;

  assert_finished (run);
  g_assert_cmpuint (list, !=, TL_INDEX_NONE);
  g_assert_cmpuint (lock, !=, TL_INDEX_NONE);
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_HOLD_LOCK, lock, 0, NULL), ==, 1);
  for (guint i = 0; i < tl_trace_model_get_n_warnings (run->model); i++)
    g_assert_false (g_error_matches (tl_trace_model_get_warning (run->model, i)->error, TL_MODEL_ERROR,
                                     TL_MODEL_ERROR_DOUBLE_OWNER));

  {
    g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (TlInstant));

    for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
      {
        guint n;
        const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (run->model, l), &n);

        for (guint i = 0; i < n; i++)
          if (instants[i].ref == list && (instants[i].kind == TL_EVENT_WRITE || instants[i].kind == TL_EVENT_READ))
            g_array_append_val (ops, instants[i]);
      }
    for (guint i = 1; i < ops->len; i++)
      for (guint j = i; j > 0 && g_array_index (ops, TlInstant, j).ts < g_array_index (ops, TlInstant, j - 1).ts; j--)
        {
          TlInstant t = g_array_index (ops, TlInstant, j);

          g_array_index (ops, TlInstant, j) = g_array_index (ops, TlInstant, j - 1);
          g_array_index (ops, TlInstant, j - 1) = t;
        }
    for (guint i = 0; i < ops->len; i++)
      {
        const TlInstant *op = &g_array_index (ops, TlInstant, i);
        gint64 value = (gint64) op->arg;

        n_ops++;
        if (op->kind == TL_EVENT_WRITE)
          g_array_append_val (replay, value);
        else
          {
            /* A pop takes the first item: the one appended earliest. */
            g_assert_cmpuint (replay->len, >, 0);
            g_assert_cmpint (g_array_index (replay, gint64, 0), ==, value);
            g_array_remove_index (replay, 0);
          }
      }
  }
  g_assert_cmpuint (n_ops, >=, 10);
  for (guint i = 0; i < replay->len; i++)
    g_string_append_printf (final, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", g_array_index (replay, gint64, i));
  g_string_append_c (final, ']');
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "final list"), ==, final->str);
  scenario_run_free (run);
}

static void
test_sync_primitives (void)
{
  const char *values[] = { "hold=200", NULL };
  ScenarioRun *run = scenario_run ("sync-primitives", values, TEMPO, -1, NULL);
  guint32 sem = scenario_object (run, TL_ROLE_SEMAPHORE, "sem");
  guint32 rlock = scenario_object (run, TL_ROLE_RLOCK, "rlock");
  guint32 ready = scenario_object (run, TL_ROLE_EVENT, "ready");
  g_autoptr(GArray) holds = NULL;
  g_autoptr(GArray) event_waits = NULL;
  gint64 set_ts = G_MININT64;
  guint n_event_waits = 0;

  assert_finished (run);

  /* Semaphore(2): never more than two inside, and two did get in. */
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_HOLD_LOCK, sem, 0, NULL), ==, 2);

  /* RLock: each thread's hold, taken twice, was let go completely. */
  holds = spans_of (run->model, TL_SPAN_HOLD_LOCK, 0);
  for (guint i = 0; i < holds->len; i++)
    {
      const TlSpan *hold = &g_array_index (holds, TlSpan, i);

      g_assert_false (hold->flags & (TL_SPAN_FLAG_UNCLOSED | TL_SPAN_FLAG_CUT));
    }
  g_assert_cmpuint (tl_analysis_max_concurrent (run->model, TL_SPAN_HOLD_LOCK, rlock, 0, NULL), ==, 1);
  g_assert_cmpuint (scenario_count_lines (run, NULL, "Thread-1 (reentrant) takes it again: depth 2"), ==, 1);
  g_assert_cmpuint (scenario_count_lines (run, NULL, "Thread-2 (reentrant) takes it again: depth 2"), ==, 1);

  /* Event: every waiter went on, after the set. */
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      guint n;
      const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (run->model, l), &n);

      for (guint i = 0; i < n; i++)
        if (instants[i].kind == TL_EVENT_WAKE && instants[i].ref == ready)
          set_ts = instants[i].ts;
    }
  g_assert_cmpint (set_ts, !=, G_MININT64);
  event_waits = spans_of (run->model, TL_SPAN_WAIT_EVENT, 0);
  for (guint i = 0; i < event_waits->len; i++)
    if (g_array_index (event_waits, TlSpan, i).ref == ready)
      {
        n_event_waits++;
        g_assert_cmpint (g_array_index (event_waits, TlSpan, i).end, >=, set_ts);
      }
  g_assert_cmpuint (n_event_waits, ==, 3);
  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *line = g_strdup_printf ("waiter %d goes on", i);
      g_autofree char *passes = g_strdup_printf ("party %d passes", i);

      g_assert_true (scenario_has_line (run, line));
      g_assert_true (scenario_has_line (run, passes));
    }
  g_assert_true (scenario_has_line (run, "consumer got 42"));
  scenario_run_free (run);
}

static void
test_ipc (void)
{
  const char *values[] = { "pace=50", NULL };
  ScenarioRun *run = scenario_run ("ipc", values, TEMPO, -1, NULL);
  const TlFlow *flows;
  guint n_flows, n_messages = 0, n_manager = 0;
  guint32 manager = scenario_object (run, TL_ROLE_MANAGER, "mgr");

  assert_finished (run);
  /* In order and complete. */
  g_assert_true (scenario_has_line (run, "consumer got [1, 2, 3, 4, 5]"));
  g_assert_true (scenario_has_line (run, "child got: Hello from parent"));
  g_assert_true (scenario_has_line (run, "parent got: Hello from child"));
  flows = tl_trace_model_get_flows (run->model, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    if (flows[i].kind == TL_FLOW_MESSAGE)
      {
        n_messages++;
        n_manager += flows[i].ref == manager;
        g_assert_cmpint (flows[i].to_ts, >=, flows[i].from_ts);
      }
  g_assert_cmpuint (n_messages, ==, tl_trace_model_get_event_count (run->model, TL_EVENT_SEND));
  g_assert_cmpuint (n_messages, ==, tl_trace_model_get_event_count (run->model, TL_EVENT_RECEIVE));
  /* Manager round trips: two proxies made, three appends, three stores, two prints, a len, the shutdown. */
  g_assert_cmpuint (n_manager, >=, 2 * 10);
  /* Shared values end consistent. */
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "Value"), ==, "40");
  g_assert_true (scenario_has_line (run, "total = 40, arr = [0, 1, 2, 3]"));
  /* The three users append at the same time: any order, all there. */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < run->lines->len; i++)
      {
        const char *line = strchr (g_ptr_array_index (run->lines, i), '\t') + 1;

        if (!g_str_has_prefix (line, "list: [1, 2, 3, "))
          continue;
        found = TRUE;
        g_assert_nonnull (strstr (line, "10"));
        g_assert_nonnull (strstr (line, "20"));
        g_assert_nonnull (strstr (line, "30"));
        g_assert_nonnull (strstr (line, "1: 1"));
        g_assert_nonnull (strstr (line, "2: 4"));
        g_assert_nonnull (strstr (line, "3: 9"));
      }
    g_assert_true (found);
  }
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "Manager list length"), ==, "6");
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "SharedMemory"), ==, "'Hello'");
  scenario_run_free (run);
}

static void
test_exceptions (void)
{
  const char *values[] = { "work=100", NULL };
  ScenarioRun *run = scenario_run ("exceptions", values, TEMPO, -1, NULL);
  const TlProcess *crashed = NULL;
  guint n_siblings = 0, n_error_flows = 0;
  const TlFlow *flows;
  guint n_flows;

  assert_finished (run);
  g_assert_cmpuint (scenario_count_lines (run, "MainProcess", "Caught exception: division by zero"), ==, 2);
  /* The error callback ran once, in the pool's result handler. */
  g_assert_cmpuint (scenario_count_lines (run, NULL, "Error: division by zero"), ==, 2);
  g_assert_cmpuint (scenario_count_lines (run, "Thread-", "Error: division by zero"), ==, 2);
  {
    guint in_handler = 0;

    for (guint i = 0; i < run->lines->len; i++)
      in_handler += strstr (g_ptr_array_index (run->lines, i), "_handle_results)\tError: division by zero") != NULL;
    g_assert_cmpuint (in_handler, ==, 1);
  }
  /* The finally released the lock. */
  g_assert_true (scenario_has_line (run, "Lock released"));
  g_assert_true (scenario_has_line (run, "the lock is free again: True"));
  g_assert_true (scenario_has_line (run, "Thread finished or encountered an error."));

  /* The crash: its signal recorded; its siblings finished. */
  for (guint i = 0; i < tl_trace_model_get_n_processes (run->model); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (run->model, i);

      if (p->signaled && p->exit_status == 11)
        crashed = p;
    }
  g_assert_nonnull (crashed);
  g_assert_cmpuint (tl_trace_model_get_event_count (run->model, TL_EVENT_CRASH), ==, 1);
  g_assert_true (scenario_has_line (run, "the crashed process's exit code: -11"));
  for (guint i = 0; i < run->lines->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (run->lines, i), " finished") &&
        strstr (g_ptr_array_index (run->lines, i), "sibling") != NULL)
      n_siblings++;
  g_assert_cmpuint (n_siblings, ==, 2);
  g_assert_true (scenario_process (run, "Process-4")->exit_status == 0);
  g_assert_true (scenario_process (run, "Process-6")->exit_status == 0);

  /* Raised here, reported there: arrows. */
  flows = tl_trace_model_get_flows (run->model, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    n_error_flows += flows[i].kind == TL_FLOW_ERROR;
  g_assert_cmpuint (n_error_flows, >=, 3);
  scenario_run_free (run);
}

static gboolean
deadlock_probe (ScenarioRun *run)
{
  g_autoptr(GArray) cycles = tl_analysis_find_deadlocks (run->model);

  if (cycles->len == 0)
    return FALSE;
  /* Seen live: the cycle is still going on. */
  g_assert_cmpint (g_array_index (cycles, TlDeadlock, 0).end, ==, TL_DEADLOCK_ONGOING);
  run->probe_ts = g_array_index (cycles, TlDeadlock, 0).start;
  return TRUE;
}

static void
test_deadlock (void)
{
  const char *values[] = { "hold=200", NULL };
  ScenarioRun *run = scenario_run ("deadlock", values, TEMPO, -1, deadlock_probe);
  g_autoptr(GArray) cycles = NULL;
  const TlDeadlock *cycle;
  g_autofree char *text = NULL;

  /* Ended by the watchdog, cleanly. */
  g_assert_error (run->error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_TIMEOUT);
  g_assert_cmpint (tl_recorder_get_state (run->recorder), ==, TL_RECORDER_FAILED);
  g_assert_nonnull (scenario_mark (run, TL_SCENARIO_MARK_WATCHDOG, "watchdog"));
  scenario_assert_clean (run, fds_before);

  /* Found while it existed, and after. */
  g_assert_true (run->probe_hit);
  cycles = tl_analysis_find_deadlocks (run->model);
  g_assert_cmpuint (cycles->len, ==, 1);
  cycle = &g_array_index (cycles, TlDeadlock, 0);
  g_assert_cmpuint (cycle->n, ==, 2);
  g_assert_cmpint (cycle->start, ==, run->probe_ts);
  g_assert_cmpint (cycle->end, >, cycle->start);
  g_assert_cmpint (cycle->end, !=, TL_DEADLOCK_ONGOING);
  text = tl_describe_deadlock (run->model, cycle);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "worker 1 waits for lock_b, held by worker 2"));
  g_assert_nonnull (strstr (text, "worker 2 waits for lock_a, held by worker 1"));
  g_assert_false (scenario_has_line (run, "both workers finished"));

  /* The narrator says it, at a moment in the middle of the deadlock. */
  {
    g_autoptr(GPtrArray) now = tl_narrator_describe_at (run->model, cycle->start + (cycle->end - cycle->start) / 2);
    g_autoptr(GPtrArray) recent = tl_narrator_recent (run->model, G_MAXINT64 - 1, 6);
    gboolean waits = FALSE, deadlock = FALSE, watchdog = FALSE;

    for (guint i = 0; i < now->len; i++)
      {
        const TlCaption *caption = g_ptr_array_index (now, i);

        g_test_message ("now: %s", caption->text);
        waits |= caption->kind == TL_CAPTION_STATE &&
                 g_str_equal (caption->text, "worker 1 waits for lock_b, held by worker 2");
        deadlock |= caption->kind == TL_CAPTION_DEADLOCK;
      }
    for (guint i = 0; i < recent->len; i++)
      {
        const TlCaption *caption = g_ptr_array_index (recent, i);

        g_test_message ("recent: %s", caption->text);
        watchdog |= caption->kind == TL_CAPTION_RESULT && g_str_has_prefix (caption->text, "watchdog = ");
      }
    g_assert_true (waits);
    g_assert_true (deadlock);
    g_assert_true (watchdog);
  }
  scenario_run_free (run);
}

static void
test_start_up_cost (void)
{
  const char *values[] = { "count=12", "gap=20", NULL };
  ScenarioRun *run = scenario_run ("start-up-cost", values, TEMPO, -1, NULL);
  gint64 process_ns, thread_ns;
  guint n_process, n_thread;

  assert_finished (run);
  g_assert_nonnull (scenario_mark (run, TL_SCENARIO_MARK_TIME, "processes"));
  g_assert_nonnull (scenario_mark (run, TL_SCENARIO_MARK_TIME, "threads"));
  /* Each creation is a span; a process costs more than a thread. */
  n_process = scenario_slices (run, "start Process-", &process_ns);
  n_thread = scenario_slices (run, "start Thread-", &thread_ns);
  g_assert_cmpuint (n_process, ==, 24);
  g_assert_cmpuint (n_thread, ==, 24);
  g_test_message ("creation: process %.1f us, thread %.1f us on average, load %.2f",
                  process_ns / 24e3, thread_ns / 24e3, load ());
  /* Thread.start () waits until the new thread runs, and on a busy machine
   * that can take a scheduler tick: compare only on a quiet one. */
  if (load () < sysconf (_SC_NPROCESSORS_ONLN) - 0.5)
    g_assert_cmpint (process_ns, >, thread_ns);
  else
    g_test_message ("the machine is busy: the creation costs are not compared");
  scenario_run_free (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* GLib opens a few descriptors for good on its first child and main
   * loop: count from after one run. */
  {
    const char *values[] = { "delay=10", NULL };

    scenario_run_free (scenario_run ("two-processes", values, 10.0, -1, NULL));
  }
  fds_before = scenario_count_fds ();

  g_test_add_func ("/scenarios/run/two-processes", test_two_processes);
  g_test_add_func ("/scenarios/run/four-processes", test_four_processes);
  g_test_add_func ("/scenarios/run/pool-map", test_pool_map);
  g_test_add_func ("/scenarios/run/pool-sizes", test_pool_sizes);
  g_test_add_func ("/scenarios/run/thread-pool-factorial", test_thread_pool_factorial);
  g_test_add_func ("/scenarios/run/gil-cpu", test_gil_cpu);
  g_test_add_func ("/scenarios/run/gil-io", test_gil_io);
  g_test_add_func ("/scenarios/run/race-counter/threads", test_race_counter_threads);
  g_test_add_func ("/scenarios/run/race-counter/processes", test_race_counter_processes);
  g_test_add_func ("/scenarios/run/producer-consumer", test_producer_consumer);
  g_test_add_func ("/scenarios/run/sync-primitives", test_sync_primitives);
  g_test_add_func ("/scenarios/run/ipc", test_ipc);
  g_test_add_func ("/scenarios/run/exceptions", test_exceptions);
  g_test_add_func ("/scenarios/run/deadlock", test_deadlock);
  g_test_add_func ("/scenarios/run/start-up-cost", test_start_up_cost);
  return g_test_run ();
}
