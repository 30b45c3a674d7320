/* test-scenario-hostile.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario file is a program from someone else.  Programs made to hurt,
 * generated here, run for real: each goes past one of the run's bounds,
 * is stopped with a clear error naming the file and the line, and leaves
 * nothing behind (no process, thread, descriptor, shared memory or file).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "scenario-run.h"

#define HEADER "[Scenario]\nName=hostile\nTopic=t\nSummary=s\nNarration=n\n"

static guint fds_before;
static char *dir;

/* Writes @text as NAME.scenario in the test's folder. */
static char *
write_scenario (const char *name,
                const char *text)
{
  g_autofree char *file = g_strdup_printf ("%s.scenario", name);
  char *path = g_build_filename (dir, file, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* A printed line that contains @text, or NULL. */
static const char *
line_with (ScenarioRun *run,
           const char  *text)
{
  for (guint i = 0; i < run->lines->len; i++)
    if (strstr (g_ptr_array_index (run->lines, i), text) != NULL)
      return g_ptr_array_index (run->lines, i);
  return NULL;
}

/* The main process raised @type (its traceback names the file and
 * @line), and the run is over with nothing left. */
static void
assert_raised (ScenarioRun *run,
               const char  *path,
               guint        line,
               const char  *type)
{
  g_autofree char *where = g_strdup_printf ("File \"%s\", line %u\n%s: ", path, line, type);

  g_assert_error (run->error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_RAISED);
  g_assert_nonnull (line_with (run, where));
  scenario_assert_clean (run, fds_before);
}

/* The run went past a bound that ends it: the error and the trace say
 * which, at which line. */
static void
assert_limit (ScenarioRun *run,
              const char  *path,
              guint        line,
              const char  *says)
{
  g_autofree char *where = g_strdup_printf ("%s:%u: ", path, line);
  const char *mark = scenario_mark (run, TL_SCENARIO_MARK_LIMIT, "limit");

  g_assert_error (run->error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_SCENARIO);
  g_test_message ("%s", run->error->message);
  g_assert_nonnull (strstr (run->error->message, where));
  g_assert_nonnull (strstr (run->error->message, says));
  g_assert_nonnull (mark);
  g_assert_true (g_str_has_prefix (mark, where));
  scenario_assert_clean (run, fds_before);
}

static ScenarioRun *
run_text (const char *name,
          const char *steps,
          char      **path)
{
  g_autofree char *text = g_strdup_printf (HEADER "[Main]\nSteps=%s\n", steps);

  *path = write_scenario (name, text);
  return scenario_run (*path, NULL, 1.0, -1, NULL);
}

/* ---- values ------------------------------------------------------------------ */

/* Doubling a string reached 3 GiB in 14 s; a list, 2.9 GB in 20 s. */
static void
test_string_doubling (void)
{
  g_autofree char *path = NULL;
  ScenarioRun *run = run_text ("string-doubling", "let s = \"x\"; while True { let s = s + s }", &path);

  assert_raised (run, path, 7, "MemoryError");
  scenario_run_free (run);
}

static void
test_list_doubling (void)
{
  g_autofree char *path = NULL;
  ScenarioRun *run = run_text ("list-doubling", "let l = [1]; while True { let l = l + l }", &path);

  assert_raised (run, path, 7, "MemoryError");
  scenario_run_free (run);
}

/* Many strings, each within its bound, past the run's. */
static void
test_many_strings (void)
{
  g_autofree char *path = NULL;
  ScenarioRun *run = run_text ("many-strings",
                               "let s = \"x\"; repeat 23 { let s = s + s }; let l = []; "
                               "let n = 0; while True { append s + str(n) to l; let n = n + 1 }",
                               &path);

  assert_raised (run, path, 7, "MemoryError");
  g_assert_nonnull (line_with (run, "the run's values take more than 512 MiB"));
  scenario_run_free (run);
}

/* An f-string width of 3294967296 wrapped around to a negative width
 * and asked for 2 GB. */
static void
test_format_width (void)
{
  g_autofree char *path = NULL;
  ScenarioRun *run = run_text ("format-width",
                               "print \"[{1:3294967296d}]\"; print \"[{2.5:99999999999.99999999999f}]\"",
                               &path);

  g_assert_no_error (run->error);
  g_assert_true (scenario_has_line (run, "[1]"));
  g_assert_true (scenario_has_line (run, "[2.5]"));
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

/* A list nested a million deep, and a list holding itself: printing,
 * comparing and freeing them took the whole stack. */
static void
test_deep_values (void)
{
  g_autofree char *path = NULL;
  ScenarioRun *run = run_text ("deep-values",
                               "let a = []; repeat 1000000 { let a = [a] }; print \"{a}\"; "
                               "let b = [1]; append b to b; print \"{b}\"; print \"{b == b}\"; "
                               "let a = 0",
                               &path);

  g_assert_no_error (run->error);
  g_assert_nonnull (line_with (run, "[[[[[[[[[[[...]]]]]]]]]]]"));
  g_assert_true (scenario_has_line (run, "[1, [...]]"));
  g_assert_true (scenario_has_line (run, "True"));
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

/* ---- numbers --------------------------------------------------------------------- */

/* INT64_MIN // -1 was SIGFPE, + and * wrapped, sleep 1e13 ms spun a core. */
static void
test_numbers (void)
{
  static const char *cases[] = {
    "let x = -9223372036854775807 - 1; let y = x // -1",
    "let x = -9223372036854775807 - 1; let y = x % -1; "
    "if y != 0 { raise OverflowError \"wrong\" }; let z = -x",
    "let y = 9223372036854775807 + 1",
    "let y = 3037000500 * 3037000500",
    "let y = abs(-9223372036854775807 - 1)",
    "let f = 10.0; repeat 8 { let f = f * f }; let y = int(f)",
    "let y = int(\"99999999999999999999\")",
    "sleep 10000000000000 ms",
    "let big = 10.0; repeat 9 { let big = big * big }; sleep big s",
    "let y = sum([9223372036854775807, 1])",
  };
  g_autoptr(GString) steps = g_string_new (NULL);
  g_autofree char *path = NULL;
  ScenarioRun *run;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (steps, "try { %s } except OverflowError as e { print \"%u: {e}\" }; ",
                            cases[i], i);
  g_string_append (steps, "let big = 10.0; repeat 9 { let big = big * big }; let n = big - big; "
                          "try { sleep n s } except ValueError { print \"nan\" }");
  run = run_text ("numbers", steps->str, &path);
  g_assert_no_error (run->error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("%u: ", i);

      if (!line_with (run, prefix))
        g_error ("no OverflowError for “%s”", cases[i]);
    }
  g_assert_true (scenario_has_line (run, "nan"));
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

/* ---- the stack ---------------------------------------------------------------------- */

/* Deep recursion through deep blocks and expressions: a RecursionError,
 * not "died of a signal". */
static char *
write_recursion (void)
{
  g_autoptr(GString) text = g_string_new (HEADER "[Function f]\nArgs=n\nSteps=");

  for (guint i = 0; i < 45; i++)
    g_string_append (text, "if True { ");
  g_string_append (text, "let y = ");
  for (guint i = 0; i < 45; i++)
    g_string_append (text, "(1 + ");
  g_string_append (text, "n");
  for (guint i = 0; i < 45; i++)
    g_string_append (text, ")");
  g_string_append (text, "; call f(n + 1)");
  for (guint i = 0; i < 45; i++)
    g_string_append (text, " }");
  g_string_append (text, "\n[Main]\nSteps=call f(0)\n");
  return write_scenario ("recursion", text->str);
}

static void
test_recursion (void)
{
  g_autofree char *path = write_recursion ();
  ScenarioRun *run = scenario_run (path, NULL, 1.0, -1, NULL);

  assert_raised (run, path, 8, "RecursionError");
  scenario_run_free (run);
}

/* With a small stack (the runner and its children inherit our limit),
 * the stack fills up before the recursion limit is reached. */
static void
test_stack_full (void)
{
  struct rlimit saved, small;
  g_autofree char *path = write_recursion ();
  ScenarioRun *run;

  getrlimit (RLIMIT_STACK, &saved);
  small = saved;
  small.rlim_cur = 1 << 20;
  setrlimit (RLIMIT_STACK, &small);
  run = scenario_run (path, NULL, 1.0, -1, NULL);
  setrlimit (RLIMIT_STACK, &saved);
  assert_raised (run, path, 8, "RecursionError");
  g_assert_nonnull (line_with (run, "the stack is full"));
  scenario_run_free (run);
}

/* ---- bounds that end the run -------------------------------------------------------- */

/* A recursive fork bomb made 1,000 processes in 10 s. */
static void
test_fork_bomb (void)
{
  g_autofree char *path = write_scenario ("fork-bomb",
                                          HEADER "[Function bomb]\n"
                                          "Steps=start process bomb(); start process bomb(); sleep 30 s\n"
                                          "[Main]\nSteps=call bomb()\n");
  ScenarioRun *run = scenario_run (path, NULL, 1.0, -1, NULL);

  assert_limit (run, path, 7, "processes at once");
  scenario_run_free (run);
}

static void
test_thread_bomb (void)
{
  g_autofree char *path = write_scenario ("thread-bomb",
                                          HEADER "[Function wait]\nSteps=sleep 30 s\n"
                                          "[Main]\nSteps=repeat 1000 { start thread wait() }\n");
  ScenarioRun *run = scenario_run (path, NULL, 1.0, -1, NULL);

  assert_limit (run, path, 9, "threads at once");
  scenario_run_free (run);
}

/* Threads started one after another never hit the bound on threads at
 * once, but each is a lane: past what a model may hold the recorder stops
 * the run, keeps what came before and counts the rest as left out. */
static void
test_lane_bound (void)
{
  g_autofree char *path = write_scenario ("lane-bound",
                                          HEADER "[Function work]\nSteps=compute 0.01 ms\n"
                                          "[Main]\nSteps=repeat 100000 { start thread work() as t; join t }\n");
  ScenarioRun *run;

  scenario_run_set_max_lanes (64);
  run = scenario_run (path, NULL, 1.0, -1, NULL);
  g_assert_error (run->error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_TOO_BIG);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (run->model), <=, 64 + 2);
  g_assert_cmpuint (tl_recorder_get_n_lost (run->recorder), >, 0);
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

/* An event flood grew the trace by 46 MB/s for as long as it ran: it is
 * slowed down to the run's rate, and ended at the run's total. */
static void
test_event_flood (void)
{
  g_autofree char *path = NULL;
  ScenarioRun *run = run_text ("event-flood", "while True { mark \"x\" }", &path);
  double elapsed = tl_recorder_get_elapsed (run->recorder);
  guint64 events = tl_recorder_get_n_events (run->recorder) + tl_recorder_get_n_lost (run->recorder);

  g_test_message ("%" G_GUINT64_FORMAT " events in %.1f s", events, elapsed);
  /* However busy the machine, never faster than the rate allowed (a
   * second at each end: the rate is counted in whole seconds). */
  g_assert_cmpfloat (events, <=, (elapsed + 2) * 500000);
  assert_limit (run, path, 7, "events recorded");
  scenario_run_free (run);
}

/* ---- nothing outlives the runner ---------------------------------------------------- */

#define SPINNERS HEADER "[Function spin]\nSteps=compute 60 s\n" \
                 "[Main]\nSteps=repeat 3 { start process spin() }; join all\n"

static guint32
pid_of (TlTraceModel *model,
        const char   *name)
{
  for (guint i = 0; i < tl_trace_model_get_n_processes (model); i++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, i);

      if (process->name != TL_INDEX_NONE &&
          strcmp (tl_trace_model_get_string (model, process->name), name) == 0)
        return process->pid;
    }
  return 0;
}

static void wait_group_gone (pid_t group);

static gboolean
kill_runner_probe (ScenarioRun *run)
{
  guint32 runner = pid_of (run->model, "threadline-runner");

  if (runner == 0 || pid_of (run->model, "Process-3") == 0)
    return FALSE;
  kill ((pid_t) runner, SIGKILL);
  return TRUE;
}

/* After kill -9 of the runner, its children went on under PID 1 at 65%
 * CPU each, and the recorder waited for ever on the pipes they held. */
static void
test_runner_killed (void)
{
  g_autofree char *path = write_scenario ("runner-killed", SPINNERS);
  ScenarioRun *run = scenario_run (path, NULL, 1.0, -1, kill_runner_probe);

  g_assert_true (run->probe_hit);
  g_assert_error (run->error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED);
  /* With the runner gone, the run's processes are init's to reap. */
  wait_group_gone (run->main_pid);
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

static guint count_group (pid_t group);

/* Every process of @group ends, and is reaped, within 10 s. */
static void
wait_group_gone (pid_t group)
{
  for (guint i = 0; i < 1000 && count_group (group) > 0; i++)
    g_usleep (10000);
  g_assert_cmpuint (count_group (group), ==, 0);
}

/* The first child of @parent, or 0. */
static pid_t
child_of (pid_t parent)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/stat", name);
      g_autofree char *stat = NULL;
      const char *paren;
      int ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL) ||
          (paren = strrchr (stat, ')')) == NULL || sscanf (paren + 2, "%*c %d", &ppid) != 1)
        continue;
      if (ppid == parent)
        return (pid_t) atoi (name);
    }
  return 0;
}

/* Processes whose group is @group. */
static guint
count_group (pid_t group)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/stat", name);
      g_autofree char *stat = NULL;
      const char *paren;
      int pgrp;

      if (g_ascii_isdigit (name[0]) && g_file_get_contents (path, &stat, NULL, NULL) &&
          (paren = strrchr (stat, ')')) != NULL && sscanf (paren + 2, "%*c %*d %d", &pgrp) == 1 &&
          pgrp == group)
        n++;
    }
  return n;
}

/* Killing the command line and the runner together left the scenario's
 * processes running too. */
static void
test_cli_and_runner_killed (void)
{
  g_autofree char *path = write_scenario ("cli-and-runner-killed", SPINNERS);
  const char *argv[] = { g_getenv ("THREADLINE_CLI"), "record", path, "--quiet", NULL };
  g_autoptr(GError) error = NULL;
  pid_t cli, runner = 0, main_pid = 0;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &cli, &error));
  g_assert_no_error (error);
  /* The main process and its three children, all in the main's group. */
  for (guint i = 0; i < 1000 && (main_pid == 0 || count_group (main_pid) < 4); i++)
    {
      g_usleep (10000);
      if (runner == 0)
        runner = child_of (cli);
      if (runner != 0 && main_pid == 0)
        main_pid = child_of (runner);
    }
  g_assert_cmpint (main_pid, !=, 0);
  g_assert_cmpuint (count_group (main_pid), ==, 4);

  kill (cli, SIGKILL);
  kill (runner, SIGKILL);
  g_assert_cmpint (waitpid (cli, &status, 0), ==, cli);
  wait_group_gone (main_pid);
}

/* ---- neighbours --------------------------------------------------------------------- */

static guint sockets_seen;
static guint shm_names_seen;
static guint manager_round_trips;

/* Any local user could connect to the Manager's socket, in the abstract
 * namespace, named after the run; and take a SharedMemory block's name in
 * /dev/shm, also named after the run, before the run made it. */
static gboolean
neighbours_probe (ScenarioRun *run)
{
  g_autofree char *unix_sockets = NULL;
  g_autoptr(GDir) shm = g_dir_open ("/dev/shm", 0, NULL);
  const char *name;

  if (g_file_get_contents ("/proc/net/unix", &unix_sockets, NULL, NULL) &&
      strstr (unix_sockets, "@threadline-") != NULL)
    sockets_seen++;
  while (shm != NULL && (name = g_dir_read_name (shm)) != NULL)
    if (g_str_has_prefix (name, "threadline-"))
      shm_names_seen++;
  manager_round_trips = tl_trace_model_get_event_count (run->model, TL_EVENT_RECEIVE);
  return FALSE;
}

static void
test_neighbours (void)
{
  const char *values[] = { "pace=200", NULL };
  ScenarioRun *run = scenario_run ("ipc", values, 1.0, -1, neighbours_probe);

  g_assert_no_error (run->error);
  g_assert_cmpuint (manager_round_trips, >, 0);
  g_assert_cmpuint (sockets_seen, ==, 0);
  g_assert_cmpuint (shm_names_seen, ==, 0);
  g_assert_true (scenario_has_line (run, "parent got: Hello from child"));
  g_assert_cmpstr (scenario_mark (run, TL_SCENARIO_MARK_RESULT, "SharedMemory"), ==, "'Hello'");
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("threadline-hostile-XXXXXX", NULL);

  {
    const char *values[] = { "delay=10", NULL };

    scenario_run_free (scenario_run ("two-processes", values, 10.0, -1, NULL));
  }
  fds_before = scenario_count_fds ();

  g_test_add_func ("/scenarios/hostile/string-doubling", test_string_doubling);
  g_test_add_func ("/scenarios/hostile/list-doubling", test_list_doubling);
  g_test_add_func ("/scenarios/hostile/many-strings", test_many_strings);
  g_test_add_func ("/scenarios/hostile/format-width", test_format_width);
  g_test_add_func ("/scenarios/hostile/deep-values", test_deep_values);
  g_test_add_func ("/scenarios/hostile/numbers", test_numbers);
  g_test_add_func ("/scenarios/hostile/recursion", test_recursion);
  g_test_add_func ("/scenarios/hostile/stack-full", test_stack_full);
  g_test_add_func ("/scenarios/hostile/fork-bomb", test_fork_bomb);
  g_test_add_func ("/scenarios/hostile/thread-bomb", test_thread_bomb);
  g_test_add_func ("/scenarios/hostile/event-flood", test_event_flood);
  g_test_add_func ("/scenarios/hostile/lane-bound", test_lane_bound);
  g_test_add_func ("/scenarios/hostile/runner-killed", test_runner_killed);
  g_test_add_func ("/scenarios/hostile/neighbours", test_neighbours);
  g_test_add_func ("/scenarios/hostile/cli-and-runner-killed", test_cli_and_runner_killed);
  status = g_test_run ();

  /* The folder held only the generated files. */
  {
    g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (folder)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_assert_true (g_str_has_suffix (name, ".scenario"));
        g_unlink (file);
      }
  }
  g_rmdir (dir);
  g_free (dir);
  return status;
}
