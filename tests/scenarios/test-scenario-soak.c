/* test-scenario-soak.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every scenario recorded many times over (50 by default, or
 * $THREADLINE_SOAK_ROUNDS): no zombie, no descriptor and no memory left
 * behind from one run to the next.  Not in the default test run: meson
 * test --suite soak.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scenario-run.h"

/* Small parameters, so a round of fourteen takes seconds. */
static const char *fast_values[][3] = {
  { "two-processes", "delay=20", NULL },
  { "four-processes", "min_sleep=10", "max_sleep=50" },
  { "pool-map", "cost=50", NULL },
  { "pool-sizes", "heavy_cost=10", NULL },
  { "thread-pool-factorial", "cost=10", NULL },
  { "gil-cpu", "work=40", NULL },
  { "gil-io", "io_time=100", NULL },
  { "race-counter", "repeats=10", NULL },
  { "producer-consumer", "sleep_min=1", "sleep_max=10" },
  { "sync-primitives", "hold=20", NULL },
  { "ipc", "pace=5", NULL },
  { "exceptions", "work=10", NULL },
  /* 20 ms at tempo 10: the second worker must take its first lock while
   * the first holds its own, which a loaded machine can delay by more than
   * 2 ms; the run lasts until the watchdog's 2 s anyway. */
  { "deadlock", "hold=200", NULL },
  { "start-up-cost", "gap=1", NULL },
};

static gsize
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
test_soak (void)
{
  const char *env = g_getenv ("THREADLINE_SOAK_ROUNDS");
  guint rounds = env != NULL ? (guint) atoi (env) : 50;
  guint fds_before = 0;
  gsize rss_before = 0;

  for (guint round = 0; round < rounds; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fast_values); i++)
        {
          const char *values[] = { fast_values[i][1], fast_values[i][2], NULL };
          ScenarioRun *run = scenario_run (fast_values[i][0], values, 10.0, -1, NULL);

          if (round == 0 && i == 0)
            fds_before = scenario_count_fds ();
          if (round > 0 || i > 0)
            scenario_assert_clean (run, fds_before);
          if (g_str_equal (fast_values[i][0], "deadlock"))
            g_assert_error (run->error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_TIMEOUT);
          else
            g_assert_no_error (run->error);
          scenario_run_free (run);
        }
      /* Memory settles after a few rounds (allocator pools); then it must not grow. */
      if (round == MIN (4u, rounds - 1))
        rss_before = rss_kb ();
      g_test_message ("round %u: %zu kB", round + 1, rss_kb ());
    }
  g_assert_cmpuint (rss_kb (), <, rss_before + 4096);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scenarios/soak", test_soak);
  return g_test_run ();
}
