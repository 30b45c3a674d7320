/* tl-window-ending.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the end of a run means, as the window says it: the deadlock a
 * scenario is meant to end in (tl-run-ending.h) with how long the run
 * took, and no error.
 *
 * A run that lost updates to a shared value ends with how many: the
 * sentence a race's lesson comes to.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-analysis-lost-updates.h"
#include "tl-describe.h"
#include "tl-run-ending.h"
#include "tl-window-private.h"

char *
_tl_window_describe_meant_deadlock (TlScenario   *scenario,
                                    TlTraceModel *model,
                                    const GError *error,
                                    double        elapsed)
{
  g_autofree char *sentence = tl_run_describe_meant_deadlock (scenario, model, error);
  g_autofree char *duration = NULL;

  if (sentence == NULL)
    return NULL;
  duration = tl_format_duration ((gint64) (elapsed * 1e9));
  /* TRANSLATORS: a deadlock's sentence, and how long the run took */
  return g_strdup_printf (_("%s — ended after %s"), sentence, duration);
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
