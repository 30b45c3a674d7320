/* tl-describe-lines.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line per item, for tooltips: the item's sentence, then how long
 * and when, pieces joined by " · ".
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"

#define SEPARATOR " · "

/* "15.0 ms, from 10.0 ms" */
static void
append_extent (GString  *out,
               gint64    start,
               gint64    end,
               gboolean  so_far,
               gint64    origin)
{
  g_autofree char *length = tl_format_duration (end - start);
  g_autofree char *from = tl_format_duration (start - origin);
  g_autofree char *lasted = NULL;

  if (so_far)
    /* TRANSLATORS: how long a span that has not ended has lasted, "1.20 s so far" */
    lasted = g_strdup_printf (_("%s so far"), length);
  g_string_append (out, SEPARATOR);
  /* TRANSLATORS: how long and from when, "15.0 ms, from 10.0 ms" */
  g_string_append_printf (out, _("%s, from %s"), lasted != NULL ? lasted : length, from);
}

char *
tl_describe_span_line (TlTraceModel *model,
                       guint32       lane,
                       const TlSpan *span,
                       gint64        end,
                       gboolean      open,
                       gint64        origin)
{
  const char *notes[TL_DESCRIBE_MAX_NOTES];
  g_autofree char *sentence = NULL;
  GString *out;
  guint n_notes;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (span != NULL, NULL);

  sentence = tl_describe_span (model, lane, span, TL_TS_NONE);
  out = g_string_new (sentence);
  append_extent (out, span->start, end, open, origin);
  n_notes = tl_describe_span_notes (span, notes);
  for (guint i = 0; i < n_notes; i++)
    g_string_append_printf (out, SEPARATOR "%s", notes[i]);
  return g_string_free (out, FALSE);
}

char *
tl_describe_process_line (TlTraceModel *model,
                          guint32       process)
{
  g_autofree char *who = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  who = tl_describe_process (model, process);
  if (process < tl_trace_model_get_n_processes (model))
    end = tl_describe_process_end (model, process);
  if (end == NULL)
    return g_steal_pointer (&who);
  /* TRANSLATORS: a process and how it ended, "Process-5 (pid 1234) · exit status 0" */
  return g_strdup_printf (_("%s · %s"), who, end);
}

char *
tl_describe_instant_line (TlTraceModel    *model,
                          guint32          lane,
                          const TlInstant *instant,
                          gint64           origin)
{
  g_autofree char *sentence = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (instant != NULL, NULL);

  sentence = tl_describe_instant (model, lane, instant);
  when = tl_format_duration (instant->ts - origin);
  /* TRANSLATORS: what happened, and when, "worker 1 prints “hello” · at 45.0 ms" */
  return g_strdup_printf (_("%s · at %s"), sentence, when);
}

char *
tl_describe_flow_line (TlTraceModel *model,
                       const TlFlow *flow,
                       gint64        origin)
{
  g_autofree char *sentence = NULL;
  GString *out;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (flow != NULL, NULL);

  sentence = tl_describe_flow (model, flow);
  /* A hand-over takes no time: when, not how long. */
  if (flow->to_ts == flow->from_ts)
    {
      g_autofree char *when = tl_format_duration (flow->from_ts - origin);

      return g_strdup_printf (_("%s · at %s"), sentence, when);
    }
  out = g_string_new (sentence);
  append_extent (out, flow->from_ts, flow->to_ts, FALSE, origin);
  return g_string_free (out, FALSE);
}

char *
tl_describe_merged_spans_line (guint       n,
                               gint64      start,
                               gint64      end,
                               const char *mostly,
                               const char *often,
                               gint64      origin)
{
  g_autofree char *length = NULL;
  g_autofree char *from = NULL;
  GString *out;

  g_return_val_if_fail (mostly != NULL, NULL);

  length = tl_format_duration (end - start);
  from = tl_format_duration (start - origin);
  out = g_string_new (NULL);

  /* TRANSLATORS: spans too narrow to tell apart, "40 spans in 1.2 ms, mostly Running" */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u span in %s, mostly %s",
                                            "%u spans in %s, mostly %s", n), n, length, mostly);
  if (often != NULL)
    /* TRANSLATORS: follows "…, mostly Running": the next most common state */
    g_string_append_printf (out, _(", often %s"), often);
  g_string_append (out, SEPARATOR);
  g_string_append_printf (out, _("from %s"), from);
  return g_string_free (out, FALSE);
}

char *
tl_describe_merged_instants_line (guint  n,
                                  gint64 start,
                                  gint64 origin)
{
  g_autofree char *from = tl_format_duration (start - origin);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", n), n);

  /* TRANSLATORS: marks too close together to tell apart, "12 events · from 3.0 ms" */
  return g_strdup_printf (_("%s · from %s"), count, from);
}
