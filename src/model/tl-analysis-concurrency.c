/* tl-analysis-concurrency.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-analysis"

#include "config.h"

#include "tl-analysis-concurrency.h"

#include <string.h>

#include "tl-analysis-private.h"

typedef struct
{
  gint64 ts;
  gint   delta;
} Edge;

static gint
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const Edge *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  /* An end and a start at the same instant do not overlap. */
  return x->delta - y->delta;
}

/* @area plus @n intervals over @span ns, held at G_MAXINT64: a live run's
 * open intervals end at the end of time. */
static gint64
add_covered (gint64  area,
             guint   n,
             guint64 span)
{
  guint64 more, sum;

  if (!g_uint64_checked_mul (&more, n, span) ||
      !g_uint64_checked_add (&sum, (guint64) area, more) || sum > G_MAXINT64)
    return G_MAXINT64;
  return (gint64) sum;
}

/* The most intervals open at once, when that was first, and the time
 * covered by up to @cap of them at once (@covered may be NULL). */
static guint
sweep_capped (GArray *edges,
              gint64 *when,
              guint   cap,
              gint64 *covered)
{
  gint current = 0, best = 0;
  gint64 area = 0;

  g_array_sort (edges, compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *edge = &g_array_index (edges, Edge, i);

      if (covered != NULL && i > 0)
        /* Sorted: the difference is never negative, though it may not fit
         * a gint64. */
        area = add_covered (area, MIN ((guint) current, cap),
                            (guint64) edge->ts - (guint64) g_array_index (edges, Edge, i - 1).ts);
      current += edge->delta;
      if (current > best)
        {
          best = current;
          if (when != NULL)
            *when = edge->ts;
        }
    }
  if (covered != NULL)
    *covered = area;
  return (guint) best;
}

static guint
sweep (GArray *edges,
       gint64 *when)
{
  return sweep_capped (edges, when, G_MAXUINT, NULL);
}

static void
add_interval (GArray *edges,
              gint64  start,
              gint64  end)
{
  Edge a = { start, +1 }, b = { end, -1 };

  if (end <= start)
    return;
  g_array_append_val (edges, a);
  g_array_append_val (edges, b);
}

guint
tl_analysis_max_concurrent (TlTraceModel *model,
                            TlSpanKind    kind,
                            guint32       ref,
                            guint32       pid,
                            gint64       *when)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || (pid != 0 && tl_lane_get_pid (lane) != pid))
        continue;
      g_array_set_size (spans, 0);
      _tl_analysis_lane_spans (lane, kind, ref, spans);
      for (guint i = 0; i < spans->len; i++)
        add_interval (edges, g_array_index (spans, TlSpan, i).start, g_array_index (spans, TlSpan, i).end);
    }
  return sweep (edges, when);
}

static gint
compare_starts (gconstpointer a,
                gconstpointer b)
{
  const TlSpan *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* Adds to @edges the times @lane runs (state RUNNING) inside its slices
 * named @name that begin in [@start, @end), clipped to it; the slices
 * themselves into @found (may be NULL). */
static void
add_running_in_slices (TlTraceModel *model,
                       TlLane       *lane,
                       guint32       name,
                       gint64        start,
                       gint64        end,
                       GArray       *edges,
                       GArray       *found)
{
  g_autoptr(GArray) running = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint first = 0;

  _tl_analysis_lane_spans (lane, TL_SPAN_SLICE, name, slices);
  if (slices->len == 0)
    return;
  _tl_analysis_lane_spans (lane, TL_SPAN_RUNNING, TL_INDEX_NONE, running);
  /* One pass over both, in time order. */
  g_array_sort (slices, compare_starts);
  g_array_sort (running, compare_starts);
  for (guint s = 0; s < slices->len; s++)
    {
      const TlSpan *in = &g_array_index (slices, TlSpan, s);

      if (in->start < start || in->start >= end)
        continue;
      if (found != NULL)
        g_array_append_val (found, *in);
      while (first < running->len && g_array_index (running, TlSpan, first).end <= in->start)
        first++;
      for (guint r = first; r < running->len && g_array_index (running, TlSpan, r).start < in->end; r++)
        {
          const TlSpan *run = &g_array_index (running, TlSpan, r);

          add_interval (edges, MAX (MAX (run->start, in->start), start),
                        MIN (MIN (run->end, in->end), end));
        }
    }
}

void
tl_analysis_parallelism (TlTraceModel  *model,
                         gint64         start,
                         gint64         end,
                         const char    *slice,
                         guint          n_cores,
                         TlParallelism *out)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint32 name = TL_INDEX_NONE;
  guint n_lanes;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->wall = MAX (0, tl_ts_diff (end, start));
  /* The slice's name, if the trace has it at all. */
  for (guint i = 0; i < tl_trace_model_get_n_strings (model) && name == TL_INDEX_NONE; i++)
    if (g_strcmp0 (tl_trace_model_get_string (model, i), slice) == 0)
      name = i;
  if (name == TL_INDEX_NONE || out->wall == 0)
    return;

  n_lanes = tl_trace_model_get_n_lanes (model);
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (tl_lane_get_kind (lane) == TL_LANE_THREAD)
        add_running_in_slices (model, lane, name, start, end, edges, slices);
    }
  for (guint i = 0; i < slices->len; i++)
    {
      const TlSpan *in = &g_array_index (slices, TlSpan, i);

      out->n_slices++;
      if (in->arg2 > 0 && in->end != TL_ANALYSIS_ONGOING)
        {
          out->n_measured++;
          out->cpu += (gint64) MIN (in->arg2, (guint64) G_MAXINT64 / 2);
        }
    }
  for (guint i = 0; i + 1 < edges->len; i += 2)
    out->computing += g_array_index (edges, Edge, i + 1).ts - g_array_index (edges, Edge, i).ts;
  out->max_computing = sweep_capped (edges, NULL, MAX (n_cores, 1u), &out->demand);
}

guint
tl_analysis_max_running_in_slice (TlTraceModel *model,
                                  guint32       pid,
                                  const char   *slice,
                                  gint64       *when)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(GArray) running = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  g_autoptr(GArray) slices = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || tl_lane_get_pid (lane) != pid)
        continue;
      g_array_set_size (running, 0);
      g_array_set_size (slices, 0);
      _tl_analysis_lane_spans (lane, TL_SPAN_RUNNING, TL_INDEX_NONE, running);
      _tl_analysis_lane_spans (lane, TL_SPAN_SLICE, TL_INDEX_NONE, slices);
      for (guint s = 0; s < slices->len; s++)
        {
          const TlSpan *in = &g_array_index (slices, TlSpan, s);

          if (in->ref == TL_INDEX_NONE || g_strcmp0 (tl_trace_model_get_string (model, in->ref), slice) != 0)
            continue;
          for (guint r = 0; r < running->len; r++)
            {
              const TlSpan *run = &g_array_index (running, TlSpan, r);

              add_interval (edges, MAX (run->start, in->start), MIN (run->end, in->end));
            }
        }
    }
  return sweep (edges, when);
}
