/* tl-trace-model-dump.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A canonical text form of a model, for tests: indexes (of lanes, objects,
 * strings) differ between two models of the same trace, so everything is
 * written by identity (pid, tid, object role and id, the text itself), and
 * lines are sorted.  Track numbers are presentation and are left out.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-bookmarks.h"
#include "tl-trace-model-code.h"
#include "tl-trace-model-private.h"

static const char *
string_or_dash (TlTraceModel *self,
                guint32       id)
{
  const char *str = id != TL_INDEX_NONE ? tl_trace_model_get_string (self, id) : NULL;

  return str != NULL ? str : "-";
}

static char *
describe_object (TlTraceModel *self,
                 guint32       index)
{
  const TlObject *object;

  if (index == TL_INDEX_NONE || index >= tl_trace_model_get_n_objects (self))
    return g_strdup ("-");
  object = tl_trace_model_get_object (self, index);
  return g_strdup_printf ("%s:%" G_GUINT64_FORMAT "(%s)",
                          tl_object_role_to_string (object->role), object->id,
                          string_or_dash (self, object->name));
}

static char *
describe_lane (TlTraceModel *self,
               guint32       index)
{
  TlLane *lane;

  if (index >= tl_trace_model_get_n_lanes (self))
    return g_strdup ("?");
  lane = tl_trace_model_get_lane (self, index);
  switch (lane->kind)
    {
    case TL_LANE_THREAD:
      return g_strdup_printf ("thread/%u/%" G_GUINT64_FORMAT, lane->pid, lane->key);
    case TL_LANE_LOCK:
    case TL_LANE_GIL:
      return g_strdup_printf ("%s/%u/%" G_GUINT64_FORMAT, tl_lane_kind_to_string (lane->kind),
                              lane->pid, lane->key);
    case TL_LANE_COUNTER:
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      return g_strdup_printf ("%s/%u/%s", tl_lane_kind_to_string (lane->kind), lane->pid,
                              string_or_dash (self, (guint32) lane->key));
    }
}

static char *
describe_span_ref (TlTraceModel *self,
                   const TlSpan *span)
{
  switch (tl_span_kind_ref (span->kind))
    {
    case TL_SPAN_REF_LANE:
      return describe_lane (self, span->ref);
    case TL_SPAN_REF_STRING:
      return g_strdup (string_or_dash (self, span->ref));
    case TL_SPAN_REF_OBJECT:
    default:
      return describe_object (self, span->ref);
    }
}

/* A call's texts are string ids: compare the texts instead. */
static char *
describe_span_args (TlTraceModel *self,
                    const TlSpan *span)
{
  const char *args = tl_trace_model_get_span_args (self, span);
  const char *result = tl_trace_model_get_span_result (self, span);

  if (span->flags & TL_SPAN_FLAG_CALL_TEXT)
    return g_strdup_printf ("args=%s result=%s", args != NULL ? args : "-", result != NULL ? result : "-");
  return g_strdup_printf ("arg=%" G_GUINT64_FORMAT " arg2=%" G_GUINT64_FORMAT, span->arg, span->arg2);
}

static char *
describe_instant_ref (TlTraceModel    *self,
                      const TlInstant *instant)
{
  if (instant->role == TL_ROLE_TEXT)
    return g_strdup (string_or_dash (self, instant->ref));
  return describe_object (self, instant->ref);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_sorted (GString   *out,
               GPtrArray *lines)
{
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
}

static void
dump_lane (TlTraceModel *self,
           TlLane       *lane,
           GPtrArray    *sections)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *identity = describe_lane (self, lane->index);
  GString *out = g_string_new (NULL);
  const TlInstant *instants;
  const TlCounterSample *samples;
  const TlLineMark *marks;
  guint n_instants, n_samples, n_marks;

  g_string_append_printf (out, "lane %s name=%s\n", identity, string_or_dash (self, lane->name));

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n_spans;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n_spans);

      for (guint i = 0; i < n_spans; i++)
        {
          const TlSpan *span = &spans[i];
          g_autofree char *ref = describe_span_ref (self, span);
          g_autofree char *args = describe_span_args (self, span);

          g_ptr_array_add (lines,
                           g_strdup_printf ("  span %020" G_GINT64_FORMAT " %020" G_GINT64_FORMAT
                                            " %s ref=%s %s flags=%u",
                                            span->start, span->end,
                                            tl_span_kind_to_string (span->kind), ref,
                                            args, span->flags));
        }
    }
  instants = tl_lane_get_instants (lane, &n_instants);
  for (guint i = 0; i < n_instants; i++)
    {
      const TlInstant *instant = &instants[i];
      g_autofree char *ref = describe_instant_ref (self, instant);

      g_ptr_array_add (lines,
                       g_strdup_printf ("  instant %020" G_GINT64_FORMAT " %s role=%s ref=%s"
                                        " arg=%" G_GUINT64_FORMAT " flags=%u",
                                        instant->ts, tl_event_kind_to_string (instant->kind),
                                        tl_object_role_to_string (instant->role), ref,
                                        instant->role == TL_ROLE_ERROR &&
                                        instant->kind == TL_EVENT_ERROR_RAISED ? 0 : instant->arg,
                                        instant->flags));
      /* An error's message is a string id: compare the text instead. */
      if (instant->role == TL_ROLE_ERROR && instant->kind == TL_EVENT_ERROR_RAISED)
        g_ptr_array_add (lines,
                         g_strdup_printf ("  message %020" G_GINT64_FORMAT " %s",
                                          instant->ts,
                                          string_or_dash (self, (guint32) instant->arg)));
    }
  marks = tl_trace_model_get_line_marks (self, lane->index, &n_marks);
  for (guint i = 0; i < n_marks; i++)
    g_ptr_array_add (lines, g_strdup_printf ("  line %020" G_GINT64_FORMAT " %u",
                                             marks[i].ts, marks[i].line));
  samples = tl_lane_get_samples (lane, &n_samples);
  for (guint i = 0; i < n_samples; i++)
    {
      const TlCounterSample *sample = &samples[i];

      g_ptr_array_add (lines, g_strdup_printf ("  sample %020" G_GINT64_FORMAT " %.17g",
                                               sample->ts, sample->value));
    }
  append_sorted (out, lines);
  g_ptr_array_add (sections, g_string_free (out, FALSE));
}

char *
tl_trace_model_dump (TlTraceModel *self)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) flows = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const TlFlow *all_flows;
  guint n_flows;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);

  for (guint i = 0; i < tl_trace_model_get_n_processes (self); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (self, i);

      g_ptr_array_add (sections,
                       g_strdup_printf ("process %u name=%s parent=%u exited=%d signaled=%d status=%d%s%s\n",
                                        p->pid, string_or_dash (self, p->name), p->parent_pid,
                                        p->exited, p->signaled, p->exit_status,
                                        p->machinery ? " machinery" : "",
                                        p->stopped ? " stopped" : ""));
    }
  for (guint i = 0; i < tl_trace_model_get_n_lanes (self); i++)
    dump_lane (self, tl_trace_model_get_lane (self, i), sections);
  for (guint i = 0; i < tl_trace_model_get_n_sources (self); i++)
    {
      gsize len = 0;
      const char *text = tl_trace_model_get_source_text (self, i, &len);
      g_autofree char *sum = NULL;

      /* A source that cannot be decoded is no source. */
      if (text == NULL)
        continue;
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
      g_ptr_array_add (sections,
                       g_strdup_printf ("source %s bytes=%" G_GSIZE_FORMAT " sha256=%s\n",
                                        string_or_dash (self, tl_trace_model_get_source_path (self, i)), len, sum));
    }

  all_flows = tl_trace_model_get_flows (self, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      const TlFlow *flow = &all_flows[i];
      g_autofree char *from = describe_lane (self, flow->from_lane);
      g_autofree char *to = describe_lane (self, flow->to_lane);
      g_autofree char *ref = describe_object (self, flow->ref);

      g_ptr_array_add (flows,
                       g_strdup_printf ("flow %s %020" G_GINT64_FORMAT " %s -> %020" G_GINT64_FORMAT
                                        " %s ref=%s id=%" G_GUINT64_FORMAT,
                                        tl_flow_kind_to_string (flow->kind), flow->from_ts, from,
                                        flow->to_ts, to, ref, flow->id));
    }

  append_sorted (out, sections);
  append_sorted (out, flows);
  /* A teacher's marks, only when there are any: older dumps stay valid. */
  for (guint i = 0; i < tl_trace_model_get_n_bookmarks (self); i++)
    {
      const TlBookmark *b = tl_trace_model_get_bookmark (self, i);

      g_string_append_printf (out, "bookmark %020" G_GINT64_FORMAT " %s\n", b->ts, b->note);
    }
  return g_string_free (out, FALSE);
}
