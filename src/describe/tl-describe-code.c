/* tl-describe-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Threadline says about a traced program's code: where a function
 * is, whose code it is, a thread with its process, what a search found,
 * and a trace in a few lines (the story of a file opened).
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"

char *
tl_describe_search_count (guint current,
                          guint n_matches)
{
  if (n_matches == 0)
    return g_strdup (_("No match"));
  if (current >= n_matches)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n_matches),
                            n_matches);
  /* TRANSLATORS: the match shown, of how many: "3 of 12" */
  return g_strdup_printf (_("%u of %u"), current + 1, n_matches);
}

char *
tl_describe_thread_in_process (TlTraceModel *model,
                               guint32       lane)
{
  TlLane *l;
  g_autoptr(GString) out = NULL;
  const char *own;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (model), NULL);

  l = tl_trace_model_get_lane (model, lane);
  own = _tl_describe_string (model, tl_lane_get_name (l));
  if (tl_lane_get_kind (l) != TL_LANE_THREAD || tl_lane_get_process (l) == TL_INDEX_NONE)
    return tl_describe_lane (model, lane);
  out = g_string_new (NULL);
  tl_describe_append_process_name (model, tl_lane_get_process (l), out);
  g_string_append (out, " / ");
  if (own != NULL)
    g_string_append (out, own);
  else
    /* TRANSLATORS: a thread with no name, by its id */
    g_string_append_printf (out, _("thread %llu"), (unsigned long long) tl_lane_get_key (l));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
tl_describe_code_location (TlTraceModel     *model,
                           const TlFunction *function)
{
  const char *file;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (function != NULL, NULL);

  file = _tl_describe_string (model, function->file);
  if (file == NULL)
    return NULL;
  if (function->line == 0)
    return g_strdup (file);
  return g_strdup_printf ("%s:%u", file, function->line);
}

char *
tl_describe_stretch (TlTraceModel *model,
                     gint64        t0,
                     gint64        t1)
{
  g_autofree char *length = tl_format_duration (t1 - t0);
  g_autofree char *from = tl_format_time (model, t0);
  g_autofree char *to = tl_format_time (model, t1);

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  /* TRANSLATORS: a stretch of time measured: "3.45 ms, from 1.25 ms to 4.70 ms" */
  return g_strdup_printf (_("%s, from %s to %s"), length, from, to);
}

const char *
tl_describe_code_origin_words (TlCodeOrigin origin)
{
  switch (origin)
    {
    case TL_CODE_USER:
      return _("The program’s own code");
    case TL_CODE_STDLIB:
      return _("The standard library");
    case TL_CODE_LIBRARY:
      return _("An installed package");
    case TL_CODE_BUILTIN:
    case TL_N_CODE_ORIGINS:
    default:
      return _("Built in");
    }
}

char *
tl_describe_overview (TlTraceModel          *model,
                      const TlTraceOverview *overview)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (overview != NULL, NULL);

  if (overview->start == TL_TS_NONE)
    return g_strdup (_("The trace is empty."));

  /* "2 processes and 5 threads, over 9.0 ms." */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u process", "%u processes",
                                            overview->n_processes), overview->n_processes);
  g_string_append (out, _(" and "));
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u thread", "%u threads",
                                            overview->n_threads), overview->n_threads);
  {
    g_autofree char *length = tl_format_duration (overview->end - overview->start);

    /* TRANSLATORS: after "2 processes and 5 threads" */
    g_string_append_printf (out, _(", over %s."), length);
  }
  g_string_append_c (out, '\n');
  /* "42 calls, 1 error, 4 prints." */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%llu call", "%llu calls", overview->n_calls),
                          (unsigned long long) overview->n_calls);
  g_string_append (out, ", ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%llu error", "%llu errors", overview->n_errors),
                          (unsigned long long) overview->n_errors);
  g_string_append (out, ", ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%llu print", "%llu prints", overview->n_prints),
                          (unsigned long long) overview->n_prints);
  g_string_append_c (out, '.');

  if (overview->n_busiest > 0)
    {
      g_string_append (out, "\n\n");
      g_string_append (out, _("Busiest functions, by time of their own:"));
    }
  for (guint i = 0; i < overview->n_busiest; i++)
    {
      const TlFunctionStats *stats = &overview->busiest[i];
      g_autofree char *self = tl_format_duration (stats->self);
      TlFunction function;
      const char *name;

      if (!tl_trace_model_get_function (model, stats->name, &function))
        continue;
      name = tl_trace_model_get_string (model, function.name);
      g_string_append (out, "\n• ");
      /* TRANSLATORS: a function, its own time and its calls:
       * "count_primes: 3.2 ms in 3 calls" */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s: %s in %llu call",
                                                "%s: %s in %llu calls", stats->calls),
                              name, self, (unsigned long long) stats->calls);
      if (function.origin != TL_CODE_USER)
        g_string_append_printf (out, " (%s)", tl_describe_code_origin_words (function.origin));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
