/* tl-window-ending.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the end of a run means.  Most runs end by themselves; the deadlock
 * scenario never does, and the watchdog ends it.  The recorder calls that
 * a failure, as it must for any scenario that hangs by mistake; but when
 * the scenario says it is meant to end in a deadlock (Ending=deadlock) and
 * the cycle was still there when the watchdog fired, the deadlock is the
 * lesson, and the window says it as one, with no error.
 *
 * A run that lost updates to a shared value ends with how many: the
 * sentence a race's lesson comes to.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-describe.h"
#include "tl-window-private.h"

/* When the engine first recorded a mark of @kind, or TL_TS_NONE. */
static gint64
find_mark (TlTraceModel   *model,
           TlScenarioMark  kind)
{
  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        if (instants[i].kind == TL_EVENT_MARK && instants[i].arg == (guint64) kind)
          return instants[i].ts;
    }
  return TL_TS_NONE;
}

/* The cycle told from its first-made thread ("worker 1 waits for ..."),
 * so that every run of the scenario says the same sentence. */
static TlDeadlock
from_first_thread (const TlDeadlock *cycle)
{
  TlDeadlock told = *cycle;
  guint first = 0;

  for (guint k = 1; k < cycle->n; k++)
    if (cycle->lanes[k] < cycle->lanes[first])
      first = k;
  for (guint k = 0; k < cycle->n; k++)
    {
      told.lanes[k] = cycle->lanes[(first + k) % cycle->n];
      told.objects[k] = cycle->objects[(first + k) % cycle->n];
      told.since[k] = cycle->since[(first + k) % cycle->n];
    }
  return told;
}

char *
_tl_window_describe_meant_deadlock (TlScenario   *scenario,
                            TlTraceModel *model,
                            const GError *error,
                            double        elapsed)
{
  g_autoptr(GArray) cycles = NULL;
  gint64 watchdog;

  if (scenario == NULL || model == NULL || !tl_scenario_get_ends_in_deadlock (scenario) ||
      !g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_TIMEOUT) ||
      (watchdog = find_mark (model, TL_SCENARIO_MARK_WATCHDOG)) == TL_TS_NONE)
    return NULL;
  cycles = tl_analysis_find_deadlocks (model);
  for (guint i = 0; i < cycles->len; i++)
    {
      const TlDeadlock *cycle = &g_array_index (cycles, TlDeadlock, i);
      TlDeadlock told;
      g_autofree char *sentence = NULL;
      g_autofree char *duration = NULL;

      if (cycle->start > watchdog || cycle->end < watchdog)
        continue;
      told = from_first_thread (cycle);
      sentence = tl_describe_deadlock (model, &told);
      duration = tl_format_duration ((gint64) (elapsed * 1e9));
      /* TRANSLATORS: a deadlock's sentence, and how long the run took */
      return g_strdup_printf (_("%s — ended after %s"), sentence, duration);
    }
  return NULL;
}

char *
_tl_window_describe_lost_updates (TlTraceModel *model)
{
  g_autoptr(GString) sentences = g_string_new (NULL);
  guint lost = 0;

  for (guint32 o = 0; model != NULL && o < tl_trace_model_get_n_objects (model); o++)
    {
      TlLostUpdateSummary summary = { 0 };
      g_autoptr(GArray) updates = NULL;
      g_autofree char *sentence = NULL;

      if (tl_trace_model_get_object (model, o)->role != TL_ROLE_VALUE)
        continue;
      updates = tl_analysis_lost_updates (model, o, &summary);
      if (summary.n_writes == 0)
        continue;
      lost += summary.n_lost;
      sentence = tl_describe_lost_updates_summary (model, o, &summary);
      if (sentences->len > 0)
        g_string_append (sentences, "; ");
      g_string_append (sentences, sentence);
    }
  return lost > 0 ? g_string_free (g_steal_pointer (&sentences), FALSE) : NULL;
}
