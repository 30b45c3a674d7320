/* test-preload-examples.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each real example program of data/examples, traced as the window traces
 * it, and its facts checked on the model: processes and threads and their
 * names, pool tasks, lock waits where contention is built in, the GIL
 * never held by two threads of a process at once, messages between
 * processes, what was printed and how the program ended.
 *
 * No time is asserted: the machine may be busy.
 */
#include "config.h"

#include "preload-run.h"

#include <string.h>

static gboolean
has_line_starting (PreloadRun *run,
                   const char *prefix)
{
  for (guint i = 0; i < run->lines->len; i++)
    if (g_str_has_prefix (strchr (g_ptr_array_index (run->lines, i), '\t') + 1, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
has_line_ending (PreloadRun *run,
                 const char *suffix)
{
  for (guint i = 0; i < run->lines->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (run->lines, i), suffix))
      return TRUE;
  return FALSE;
}

static void
assert_exited (PreloadRun *run)
{
  g_assert_no_error (run->error);
  g_assert_true (run->ended);
  g_assert_cmpint (run->exit_code, ==, 0);
  g_assert_cmpuint (tl_recorder_get_n_lost (run->recorder), ==, 0);
  preload_assert_one_gil_holder (run);
  preload_assert_no_warning (run, TL_MODEL_ERROR_DOUBLE_OWNER);
  preload_assert_no_warning (run, TL_MODEL_ERROR_NOT_OWNER);
  preload_assert_no_warning (run, TL_MODEL_ERROR_TIME_BACKWARDS);
}

static void
check_pool_map (const char *method,
                const char *worker_prefix)
{
  PreloadRun *run = preload_run_example ("pool_map.py", method);
  guint64 result;

  assert_exited (run);
  g_assert_nonnull (preload_process (run, "MainProcess"));
  g_assert_cmpuint (preload_count_processes (run, worker_prefix), ==, 4);
  /* Each item ran once, as a task named after the function. */
  for (guint n = 1; n <= 5; n++)
    {
      g_autofree char *name = g_strdup_printf ("square(%u)", n);

      g_assert_cmpuint (preload_count_tasks (run, name, &result, NULL), ==, 1);
      g_assert_cmpuint (result, ==, n * n);
    }
  g_assert_cmpuint (preload_max_concurrent_tasks (run), <=, 4);
  /* Tasks go to the workers and results come back through the pool's queues. */
  g_assert_cmpuint (preload_count_flows (run, TL_FLOW_MESSAGE), >=, 10);
  g_assert_cmpuint (preload_count_lines (run, "MainProcess", "[1, 4, 9, 16, 25]"), ==, 1);
  preload_run_free (run);
}

static void
test_pool_map_fork (void)
{
  check_pool_map ("fork", "ForkPoolWorker-");
}

static void
test_pool_map_spawn (void)
{
  check_pool_map ("spawn", "SpawnPoolWorker-");
}

static void
check_four_processes (const char *method)
{
  PreloadRun *run = preload_run_example ("four_processes.py", method);

  assert_exited (run);
  for (guint n = 1; n <= 4; n++)
    {
      g_autofree char *name = g_strdup_printf ("Process-%u", n);
      g_autofree char *line = g_strdup_printf ("Process %u: my number is %u", n, n);
      const TlProcess *process = preload_process (run, name);

      g_assert_nonnull (process);
      g_assert_true (process->exited);
      g_assert_false (process->signaled);
      g_assert_cmpint (process->exit_status, ==, 0);
      /* Printed once, by that process. */
      g_assert_cmpuint (preload_count_lines (run, NULL, line), ==, 1);
      g_assert_cmpuint (preload_count_lines (run, name, line), ==, 1);
    }
  g_assert_cmpuint (preload_count_lines (run, NULL, "All processes completed."), ==, 1);
  /* The parent's joins. */
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_JOIN, NULL), >=, 1);
  preload_run_free (run);
}

static void
test_four_processes_fork (void)
{
  check_four_processes ("fork");
}

static void
test_four_processes_spawn (void)
{
  check_four_processes ("spawn");
}

static void
test_thread_pool_factorial (void)
{
  PreloadRun *run = preload_run_example ("thread_pool_factorial.py", NULL);
  guint64 factorial = 1;
  const TlProcess *main_process;

  assert_exited (run);
  main_process = preload_process (run, "MainProcess");
  g_assert_nonnull (main_process);
  g_assert_cmpuint (preload_count_threads (run, main_process->pid, "ThreadPoolExecutor-"), ==, 5);
  for (guint n = 1; n <= 10; n++)
    {
      g_autofree char *name = g_strdup_printf ("factorial(%u)", n);
      g_autofree char *line = g_strdup_printf ("%u! = %" G_GUINT64_FORMAT, n, factorial *= n);
      guint64 result;

      g_assert_cmpuint (preload_count_tasks (run, name, &result, NULL), ==, 1);
      g_assert_cmpuint (result, ==, factorial);
      g_assert_cmpuint (preload_count_lines (run, NULL, line), ==, 1);
    }
  g_assert_cmpuint (preload_max_concurrent_tasks (run), <=, 5);
  /* Each task is handed from the main thread to a worker. */
  g_assert_cmpuint (preload_count_flows (run, TL_FLOW_MESSAGE), >=, 10);
  preload_run_free (run);
}

static void
test_gil_threads_vs_processes (void)
{
  PreloadRun *run = preload_run_example ("gil_threads_vs_processes.py", NULL);
  const TlProcess *main_process;

  assert_exited (run);
  main_process = preload_process (run, "MainProcess");
  g_assert_nonnull (main_process);
  g_assert_cmpuint (preload_count_threads (run, main_process->pid, "Thread-"), ==, 4);
  g_assert_cmpuint (preload_count_processes (run, "Process-"), ==, 4);
  /* Four CPU-bound threads on one GIL: they wait for it, and hold it by turns. */
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_GIL, NULL), >, 0);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_HOLD_GIL, NULL), >, 4);
  g_assert_cmpuint (preload_count_flows (run, TL_FLOW_HANDOVER), >, 0);
  g_assert_true (has_line_starting (run, "4 threads: "));
  g_assert_true (has_line_starting (run, "4 processes: "));
  preload_run_free (run);
}

static void
test_race_counter (void)
{
  PreloadRun *run = preload_run_example ("race_counter.py", NULL);

  assert_exited (run);
  g_assert_cmpuint (preload_count_threads (run, 0, "Thread-"), ==, 8);
  g_assert_cmpuint (preload_count_lines (run, NULL, "with a lock:    4000 of 4000"), ==, 1);
  /* The lock the program made, by its name; every increment held it, and
   * the threads queued for it. */
  g_assert_cmpuint (preload_object (run, TL_ROLE_MUTEX, "counter_lock"), !=, TL_INDEX_NONE);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_HOLD_LOCK, "counter_lock"), ==, 4000);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_LOCK, "counter_lock"), >, 0);
  preload_run_free (run);
}

static void
test_producer_consumer (void)
{
  PreloadRun *run = preload_run_example ("producer_consumer.py", NULL);
  const TlProcess *producer;

  assert_exited (run);
  producer = preload_process (run, "Process-1");
  g_assert_nonnull (producer);
  g_assert_nonnull (preload_process (run, "Process-2"));
  /* The queue writes from the producer's feeder thread. */
  g_assert_cmpuint (preload_count_threads (run, producer->pid, "QueueFeederThread"), ==, 1);
  g_assert_cmpuint (preload_object (run, TL_ROLE_QUEUE, "queue"), !=, TL_INDEX_NONE);
  /* Ten numbers and the None that ends it, each an arrow between processes. */
  g_assert_cmpuint (preload_count_flows (run, TL_FLOW_MESSAGE), ==, 11);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_QUEUE, "queue"), >, 0);
  preload_run_free (run);
}

static void
test_pool_error_callback (void)
{
  PreloadRun *run = preload_run_example ("pool_error_callback.py", NULL);
  gboolean failed;

  assert_exited (run);
  g_assert_cmpuint (preload_count_processes (run, "ForkPoolWorker-"), ==, 2);
  g_assert_cmpuint (preload_count_tasks (run, "divide(0)", NULL, &failed), ==, 1);
  g_assert_true (failed);
  g_assert_cmpuint (preload_count_tasks (run, "divide(5)", NULL, &failed), ==, 1);
  g_assert_false (failed);
  /* Raised in a worker, reported in the main process's callback. */
  g_assert_cmpuint (preload_count_flows (run, TL_FLOW_ERROR), ==, 1);
  g_assert_cmpuint (preload_count_lines (run, NULL, "Error: division by zero"), ==, 1);
  g_assert_cmpuint (preload_count_lines (run, NULL, "Result: 2.0"), ==, 1);
  preload_run_free (run);
}

static void
test_counter_threads (void)
{
  PreloadRun *run = preload_run_example ("counter_threads", NULL);
  const TlProcess *process;

  assert_exited (run);
  process = preload_process (run, "counter_threads");
  g_assert_nonnull (process);
  /* Names the program gave its threads; its mutex by its variable's name. */
  for (guint n = 1; n <= 4; n++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", n);
      g_autofree char *line = g_strdup_printf ("worker %u done", n);

      g_assert_cmpuint (preload_count_threads (run, process->pid, name), ==, 1);
      g_assert_cmpuint (preload_count_lines (run, name, line), ==, 1);
    }
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_HOLD_LOCK, "counter_lock"), ==, 20000);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_LOCK, "counter_lock"), >, 0);
  g_assert_cmpuint (preload_count_spans (run, TL_SPAN_WAIT_BARRIER, NULL), ==, 4);
  g_assert_true (has_line_ending (run, "as the threads added (none lost)"));
  preload_run_free (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preload/examples/pool-map/fork", test_pool_map_fork);
  g_test_add_func ("/preload/examples/pool-map/spawn", test_pool_map_spawn);
  g_test_add_func ("/preload/examples/four-processes/fork", test_four_processes_fork);
  g_test_add_func ("/preload/examples/four-processes/spawn", test_four_processes_spawn);
  g_test_add_func ("/preload/examples/thread-pool-factorial", test_thread_pool_factorial);
  g_test_add_func ("/preload/examples/gil-threads-vs-processes", test_gil_threads_vs_processes);
  g_test_add_func ("/preload/examples/race-counter", test_race_counter);
  g_test_add_func ("/preload/examples/producer-consumer", test_producer_consumer);
  g_test_add_func ("/preload/examples/pool-error-callback", test_pool_error_callback);
  g_test_add_func ("/preload/examples/counter-threads", test_counter_threads);

  return g_test_run ();
}
