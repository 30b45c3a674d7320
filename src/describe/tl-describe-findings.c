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
  g_autofree char *value = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *by = NULL;
  g_autofree char *written = NULL;
  g_autofree char *by_written = NULL;
  g_autofree char *read = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (update != NULL, NULL);

  value = tl_describe_object (model, object);
  lost = tl_describe_lane (model, update->lane);
  by = tl_describe_lane (model, update->by_lane);
  written = g_strdup_printf ("%" G_GINT64_FORMAT, update->value);
  by_written = g_strdup_printf ("%" G_GINT64_FORMAT, update->by_value);
  read = g_strdup_printf ("%" G_GINT64_FORMAT, update->by_read_value);
  /* TRANSLATORS: "Lost update on counter: Thread-2 writes 6, but Thread-1
   * then writes 6, computed from the 5 it read before" */
  return g_strdup_printf (_("Lost update on %s: %s writes %s, but %s then writes %s, "
                            "computed from the %s it read before"),
                          value, lost, written, by, by_written, read);
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
