/* tl-trace-overview.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-overview"

#include "config.h"

#include "tl-trace-overview.h"
#include "tl-trace-model-code.h"

static void
count_instants (TlTraceOverview *self,
                TlLane         *lane)
{
  guint n;
  const TlInstant *instants = tl_lane_get_instants (lane, &n);

  for (guint i = 0; i < n; i++)
    {
      if (instants[i].kind == TL_EVENT_PRINT)
        self->n_prints++;
      else if (instants[i].kind == TL_EVENT_ERROR_RAISED || instants[i].kind == TL_EVENT_CRASH)
        self->n_errors++;
    }
}

static void
count_spans (TlTraceOverview *self,
             TlLane         *lane)
{
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        {
          if (tl_span_is_call (&spans[i]))
            self->n_calls++;
          /* A task that raised, without an error instant of its own. */
          if (spans[i].kind == TL_SPAN_TASK && (spans[i].flags & TL_SPAN_FLAG_FAILED))
            self->n_errors++;
        }
    }
}

static gboolean
is_user_code (TlTraceModel *model,
              guint32       name)
{
  TlFunction function;

  return tl_trace_model_get_function (model, name, &function) && function.origin == TL_CODE_USER;
}

static int
compare_busiest (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const TlFunctionStats *x = a, *y = b;
  TlTraceModel *model = user_data;
  gboolean user_x = is_user_code (model, x->name), user_y = is_user_code (model, y->name);

  if (user_x != user_y)
    return user_x ? -1 : 1;
  if (x->self != y->self)
    return x->self > y->self ? -1 : 1;
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return g_strcmp0 (tl_trace_model_get_string (model, x->name), tl_trace_model_get_string (model, y->name));
}

static void
find_busiest (TlTraceOverview *self,
              TlTraceModel   *model,
              guint           max_functions)
{
  g_autoptr(TlRangeStats) stats = NULL;
  g_autoptr(GArray) sorted = NULL;
  const TlFunctionStats *functions;
  guint n;

  if (self->start == TL_TS_NONE || max_functions == 0)
    return;
  /* The stretch ends after the last moment, so that a call lasting no
   * time there counts too. */
  stats = tl_range_stats_new (model, self->start, tl_ts_sum (self->end, 1));
  functions = tl_range_stats_get_functions (stats, &n);
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (TlFunctionStats), n);
  g_array_append_vals (sorted, functions, n);
  g_array_sort_with_data (sorted, compare_busiest, model);
  self->n_busiest = MIN (max_functions, sorted->len);
  self->busiest = g_memdup2 (sorted->data, (gsize) self->n_busiest * sizeof (TlFunctionStats));
}

TlTraceOverview *
tl_trace_overview_new (TlTraceModel *model,
                      guint         max_functions)
{
  TlTraceOverview *self;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  self = g_new0 (TlTraceOverview, 1);
  self->n_processes = tl_trace_model_get_n_processes (model);
  if (!tl_trace_model_get_time_range (model, &self->start, &self->end))
    self->start = self->end = TL_TS_NONE;
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      count_spans (self, lane);
      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      self->n_threads++;
      count_instants (self, lane);
    }
  find_busiest (self, model, max_functions);
  return self;
}

void
tl_trace_overview_free (TlTraceOverview *self)
{
  if (self == NULL)
    return;
  g_free (self->busiest);
  g_free (self);
}
