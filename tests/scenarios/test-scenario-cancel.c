/* test-scenario-cancel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cancel every scenario in the middle of its run: it ends at once, the
 * cancel is recorded, and nothing of the run is left: no process (not even
 * a zombie), no thread of the recorder, no descriptor, no shared memory.
 */
#include "config.h"

#include "scenario-run.h"

static guint fds_before;

static void
test_cancel (gconstpointer data)
{
  const char *id = data;
  /* Tempo 1: every scenario is still running after 600 ms. */
  ScenarioRun *run = scenario_run (id, NULL, 1.0, 600, NULL);

  g_assert_cmpint (tl_recorder_get_state (run->recorder), ==, TL_RECORDER_CANCELLED);
  g_assert_error (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (tl_recorder_get_elapsed (run->recorder), <, 5.0);
  g_assert_nonnull (scenario_mark (run, TL_SCENARIO_MARK_CANCEL, "cancelled"));
  g_assert_cmpuint (tl_recorder_get_n_events (run->recorder), >, 0);
  scenario_assert_clean (run, fds_before);
  scenario_run_free (run);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListModel) scenarios = NULL;

  g_test_init (&argc, &argv, NULL);

  {
    const char *values[] = { "delay=10", NULL };

    scenario_run_free (scenario_run ("two-processes", values, 10.0, -1, NULL));
  }
  fds_before = scenario_count_fds ();

  scenarios = tl_scenario_list_builtin ();
  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (scenarios, i);
      g_autofree char *path = g_strdup_printf ("/scenarios/cancel/%s", tl_scenario_get_id (scenario));

      g_test_add_data_func_full (path, g_strdup (tl_scenario_get_id (scenario)), test_cancel, g_free);
    }
  return g_test_run ();
}
