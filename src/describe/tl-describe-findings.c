/* tl-describe-findings.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analyses find, as sentences: deadlocks and lost updates.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"

char *
tl_describe_deadlock (TlTraceModel     *model,
                      const TlDeadlock *deadlock)
{
  g_autoptr(GString) links = NULL;
  guint first;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (deadlock != NULL && deadlock->n <= TL_DEADLOCK_MAX_THREADS, NULL);

  /* Told from its first-made thread ("worker 1 waits for ..."), so that
   * every run of a scenario says the same sentence, wherever the cycle
   * was found to start. */
  first = 0;
  for (guint k = 1; k < deadlock->n; k++)
    if (deadlock->lanes[k] < deadlock->lanes[first])
      first = k;

  links = g_string_new (NULL);
  for (guint j = 0; j < deadlock->n; j++)
    {
      guint i = (first + j) % deadlock->n;
      g_autofree char *who = tl_describe_lane (model, deadlock->lanes[i]);
      g_autofree char *holder = tl_describe_lane (model, deadlock->lanes[(i + 1) % deadlock->n]);
      g_autofree char *lock = tl_describe_object (model, deadlock->objects[i]);

      g_autofree char *link = _tl_describe_waits_for_lock (who, lock, holder);

      if (j > 0)
        /* TRANSLATORS: between the links of a deadlock's cycle */
        g_string_append (links, _("; "));
      g_string_append (links, link);
    }
  /* TRANSLATORS: %s is the cycle, "worker 1 waits for lock_b, held by worker 2; ..." */
  return g_strdup_printf (_("Deadlock: %s"), links->str);
}

char *
tl_describe_lost_update (TlTraceModel       *model,
                         guint32             object,
                         const TlLostUpdate *update)
{
  g_autofree char *lost = NULL;
  g_autofree char *by = NULL;
  g_autofree char *read_at = NULL;
  g_autofree char *lost_at = NULL;
  g_autofree char *by_at = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (update != NULL, NULL);

  lost = tl_describe_lane (model, update->lane);
  by = tl_describe_lane (model, update->by_lane);
  read_at = tl_format_time (model, update->by_read_ts);
  lost_at = tl_format_time (model, update->ts);
  by_at = tl_format_time (model, update->by_ts);
  if (update->delta == 1)
    /* TRANSLATORS: "Thread-3 read 53 at 735 ms; Thread-2 wrote 54 at 776 ms;
     * Thread-3 wrote 54 at 791 ms, erasing Thread-2's increment" */
    return g_strdup_printf (_("%s read %lld at %s; %s wrote %lld at %s; "
                              "%s wrote %lld at %s, erasing %s's increment"),
                            by, (long long) update->by_read_value, read_at,
                            lost, (long long) update->value, lost_at,
                            by, (long long) update->by_value, by_at, lost);
  /* TRANSLATORS: "Thread-3 read 53 at 735 ms; Thread-2 wrote 60 at 776 ms;
   * Thread-3 wrote 55 at 791 ms, erasing Thread-2's update" */
  return g_strdup_printf (_("%s read %lld at %s; %s wrote %lld at %s; "
                            "%s wrote %lld at %s, erasing %s's update"),
                          by, (long long) update->by_read_value, read_at,
                          lost, (long long) update->value, lost_at,
                          by, (long long) update->by_value, by_at, lost);
}

char *
_tl_describe_lost_update_at (TlTraceModel    *model,
                             guint32          lane,
                             const TlInstant *write)
{
  const TlFinding *findings;
  g_autoptr(GArray) lost = NULL;
  guint n;
  gboolean involved = FALSE;

  if (write->kind != TL_EVENT_WRITE)
    return NULL;
  /* The findings say cheaply whether the write took part in one. */
  findings = tl_trace_model_get_findings (model, &n);
  for (guint i = 0; i < n && !involved; i++)
    involved = findings[i].kind == TL_FINDING_LOST_UPDATE &&
               ((findings[i].lane == lane && findings[i].ts == write->ts) ||
                (findings[i].by_lane == lane && findings[i].by_ts == write->ts));
  if (!involved)
    return NULL;
  lost = tl_analysis_lost_updates (model, write->ref, NULL);
  for (guint i = 0; i < lost->len; i++)
    {
      const TlLostUpdate *update = &g_array_index (lost, TlLostUpdate, i);

      if ((update->lane == lane && update->ts == write->ts) ||
          (update->by_lane == lane && update->by_ts == write->ts))
        return tl_describe_lost_update (model, write->ref, update);
    }
  return NULL;
}

char *
tl_describe_lost_updates_summary (TlTraceModel              *model,
                                  guint32                    object,
                                  const TlLostUpdateSummary *summary)
{
  g_autofree char *value = NULL;
  g_autofree char *final = NULL;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  value = tl_describe_object (model, object);
  final = g_strdup_printf ("%" G_GINT64_FORMAT, summary->final);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, summary->expected);
  if (summary->n_lost == 0)
    /* TRANSLATORS: "counter ends at 200, as expected: no update lost" */
    return g_strdup_printf (_("%s ends at %s, as expected: no update lost"), value, final);
  /* TRANSLATORS: "counter ends at 150 instead of 200: 50 updates lost" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s ends at %s instead of %s: %u update lost",
                                       "%s ends at %s instead of %s: %u updates lost", summary->n_lost),
                          value, final, expected, summary->n_lost);
}
