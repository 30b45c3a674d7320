/* test-cli-record.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli record, run as a teacher runs it: the deadlock scenario
 * ends in the deadlock it is meant to show, prints the cycle and exits 0;
 * the same program without "Ending=deadlock", or a scenario that says it
 * but hangs some other way, still fails.
 */
#include "config.h"

#include <string.h>

#include "tl-scenario.h"
#include "tl-test-util.h"

#define CYCLE "Deadlock: worker 1 waits for lock_b, held by worker 2; " \
              "worker 2 waits for lock_a, held by worker 1"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* threadline-cli record @what --quiet, at @tempo, with a parameter's
 * value (NULL: none). */
static void
record (const char *what,
        const char *tempo,
        const char *param,
        Run        *run)
{
  const char *argv[] = {
    g_getenv ("TL_TEST_CLI"), "record", what, "--quiet", "--tempo", tempo,
    param != NULL ? "-p" : NULL, param, NULL
  };
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\n%s%s", run->status, run->out, run->err);
}

/* The built-in deadlock scenario, its Ending line changed to @ending
 * (NULL: taken out), in @dir. */
static char *
write_copy (const char *dir,
            const char *ending)
{
  g_autoptr(TlScenario) scenario = tl_scenario_new_builtin ("deadlock", NULL);
  GBytes *data = tl_scenario_get_data (scenario);
  g_autofree char *text = g_strndup (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_auto(GStrv) parts = g_strsplit (text, "Ending=deadlock\n", 2);
  g_autofree char *line = ending != NULL ? g_strdup_printf ("Ending=%s\n", ending) : g_strdup ("");
  g_autofree char *changed = NULL;
  char *path = g_build_filename (dir, "my-deadlock.scenario", NULL);

  g_assert_nonnull (parts[1]);
  changed = g_strjoinv (line, parts);
  g_assert_true (g_file_set_contents (path, changed, -1, NULL));
  return path;
}

static void
test_deadlock_is_the_lesson (void)
{
  g_auto(Run) run = { 0 };

  record ("deadlock", "8", NULL, &run);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "deadlocked, as meant"));
  g_assert_nonnull (strstr (run.out, CYCLE));
  g_assert_cmpstr (run.err, ==, "");
}

/* The same program, not meant to deadlock: a hang is a failure. */
static void
test_unmeant_deadlock_fails (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = write_copy (dir, NULL);
  g_auto(Run) run = { 0 };

  record (path, "8", NULL, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strstr (run.out, "as meant"));
  g_assert_nonnull (strstr (run.err, "did not end in time"));
}

/* Meant to deadlock, but it hangs in a sleep before any cycle: a
 * failure too. */
static void
test_hang_without_cycle_fails (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = write_copy (dir, "deadlock");
  g_auto(Run) run = { 0 };

  /* The first lock is held longer than the watchdog waits (4 s). */
  record (path, "1", "hold=5000", &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strstr (run.out, "Deadlock:"));
  g_assert_nonnull (strstr (run.err, "did not end in time"));
}

/* Ending says how a run is meant to end; a word it does not know is a
 * mistake in the file, reported at its line. */
static void
test_unknown_ending (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = write_copy (dir, "forever");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_file (path, &error);
  g_autofree char *at = NULL;

  g_assert_null (scenario);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_INVALID);
  at = g_strdup_printf ("%s:9:", path);
  g_assert_true (g_str_has_prefix (error->message, at));
  g_assert_nonnull (strstr (error->message, "“forever”"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/record/deadlock-is-the-lesson", test_deadlock_is_the_lesson);
  g_test_add_func ("/cli/record/unmeant-deadlock-fails", test_unmeant_deadlock_fails);
  g_test_add_func ("/cli/record/hang-without-cycle-fails", test_hang_without_cycle_fails);
  g_test_add_func ("/cli/record/unknown-ending", test_unknown_ending);
  return g_test_run ();
}
