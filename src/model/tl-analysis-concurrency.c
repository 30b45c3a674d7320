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

static guint
sweep (GArray *edges,
       gint64 *when)
{
  gint current = 0, best = 0;

  g_array_sort (edges, compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *edge = &g_array_index (edges, Edge, i);

      current += edge->delta;
      if (current > best)
        {
          best = current;
          if (when != NULL)
            *when = edge->ts;
        }
    }
  return (guint) best;
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
