/* test-scenario-engine.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's tables cover the language: every kind of step the parser
 * makes has a function in the interpreter, every built-in function of the
 * vocabulary an implementation.
 */
#include "config.h"

#include <math.h>
#include <sys/wait.h>

#include "tl-interp-private.h"

static void
test_every_step (void)
{
  g_assert_true (_tl_interp_has_every_step ());
}

static void
test_every_builtin (void)
{
  g_assert_true (_tl_interp_has_every_builtin ());
}

/* The watchdog's time: what was asked, or the scenario's at its tempo,
 * within 2 s and TL_RUN_MAX_SECONDS whatever the numbers. */
static void
test_watchdog (void)
{
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 60, 2), ==, 30);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 1, 1000), ==, 2);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (12, 60, 1), ==, 12);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (1e10, 60, 1), ==, TL_RUN_MAX_SECONDS);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 600, 1e-300), ==, TL_RUN_MAX_SECONDS);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 60, INFINITY), ==, 2);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (NAN, 60, 1), ==, 60);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, NAN, 1), ==, TL_RUN_MAX_SECONDS);
}

/* threadline-runner refuses a timeout or a tempo that is no number. */
static void
test_runner_options (void)
{
  static const char *options[][2] = {
    { "--timeout", "nan" }, { "--timeout", "inf" }, { "--tempo", "nan" }, { "--tempo", "inf" },
    { "--tempo", "0" }, { "--tempo", "-1" },
  };
  const char *runner = g_getenv ("THREADLINE_RUNNER");

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const char *argv[] = { runner, "--scenario-fd", "0", options[i][0], options[i][1], NULL };
      g_autoptr(GError) error = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL |
                                   G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      /* 2: could not start. */
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/engine/every-step", test_every_step);
  g_test_add_func ("/scenarios/engine/every-builtin", test_every_builtin);
  g_test_add_func ("/scenarios/engine/watchdog", test_watchdog);
  g_test_add_func ("/scenarios/engine/runner-options", test_runner_options);
  return g_test_run ();
}
