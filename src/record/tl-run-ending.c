/* tl-run-ending.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-record"

#include "config.h"

#include "tl-analysis-deadlock.h"
#include "tl-describe.h"
#include "tl-recorder.h"
#include "tl-run-ending.h"

char *
tl_run_describe_meant_deadlock (TlScenario   *scenario,
                                TlTraceModel *model,
                                const GError *error)
{
  g_autoptr(GArray) cycles = NULL;
  gint64 watchdog;

  if (scenario == NULL || model == NULL || !tl_scenario_get_ends_in_deadlock (scenario) ||
      !g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_TIMEOUT))
    return NULL;
  watchdog = tl_trace_model_find_first_instant (model, TL_EVENT_MARK, TL_SCENARIO_MARK_WATCHDOG);
  if (watchdog == TL_TS_NONE)
    return NULL;

  cycles = tl_analysis_find_deadlocks (model);
  for (guint i = 0; i < cycles->len; i++)
    {
      const TlDeadlock *cycle = &g_array_index (cycles, TlDeadlock, i);

      if (cycle->start <= watchdog && cycle->end >= watchdog)
        return tl_describe_deadlock (model, cycle);
    }
  return NULL;
}
