/* tl-findings.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-findings"

#include "config.h"

#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-findings.h"

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const TlFinding *x = a, *y = b;

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

GArray *
tl_findings_compute (TlTraceModel *model)
{
  GArray *findings = g_array_new (FALSE, FALSE, sizeof (TlFinding));
  gboolean has_locks = FALSE;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), findings);

  for (guint i = 0; i < tl_trace_model_get_n_objects (model); i++)
    {
      const TlObject *object = tl_trace_model_get_object (model, i);
      g_autoptr(GArray) lost = NULL;

      if (object->lane != TL_INDEX_NONE)
        has_locks = TRUE;
      if (object->role != TL_ROLE_VALUE)
        continue;
      lost = tl_analysis_lost_updates (model, i, NULL);
      for (guint j = 0; lost != NULL && j < lost->len; j++)
        {
          const TlLostUpdate *u = &g_array_index (lost, TlLostUpdate, j);
          TlFinding f = { TL_FINDING_LOST_UPDATE, u->lane, u->ts, u->by_lane, u->by_ts, u->by_ts };

          g_array_append_val (findings, f);
        }
    }

  /* Cycles need locks; traces from elsewhere have none to scan. */
  if (has_locks)
    {
      g_autoptr(GArray) cycles = tl_analysis_find_deadlocks (model);

      for (guint j = 0; cycles != NULL && j < cycles->len; j++)
        {
          const TlDeadlock *d = &g_array_index (cycles, TlDeadlock, j);

          for (guint k = 0; k < d->n; k++)
            {
              TlFinding f = { TL_FINDING_DEADLOCK, d->lanes[k], d->start,
                              d->lanes[(k + 1) % d->n], d->start, d->end };

              g_array_append_val (findings, f);
            }
        }
    }
  g_array_sort (findings, compare_findings);
  return findings;
}
