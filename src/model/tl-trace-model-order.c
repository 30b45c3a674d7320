/* tl-trace-model-order.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order a view lists processes and lanes in: the order they came to
 * be.  Events reach the model in the order the collector delivers them,
 * which is not the order things started (each producer has a buffer of
 * its own), and a file's order is its writer's.  Nor is the time each
 * one began: a child records its own start, when the scheduler first runs
 * it, so ForkPoolWorker-2 may begin before ForkPoolWorker-1.  Where a
 * process was forked by a parent the trace knows, the kernel's numbering
 * says it: pids and tids are handed out in the order processes and
 * threads are made, so such a parent's children and such a process's
 * threads go by their ids.  (A pid counter wrapping around in the middle
 * of a run, once in a few million forks, would misplace them.)  Anything
 * else, an imported trace's lanes above all, goes by when it began.
 *
 * Explicit sort indices (Chrome's process_sort_index and
 * thread_sort_index) come first wherever a file gives them.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include "tl-trace-model-private.h"

struct _TlOrderState
{
  guint64    generation;
  gboolean   valid;
  GArray    *processes;        /* guint32, in order */
  GPtrArray *process_lanes;    /* per process: GArray of guint32, in order */
  GArray    *lane_starts;      /* gint64 per lane */
  GArray    *process_starts;   /* gint64 per process */
};

TlOrderState *
_tl_order_state_new (void)
{
  TlOrderState *state = g_new0 (TlOrderState, 1);

  state->processes = g_array_new (FALSE, FALSE, sizeof (guint32));
  state->process_lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  state->lane_starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  state->process_starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  return state;
}

void
_tl_order_state_free (TlOrderState *state)
{
  if (state == NULL)
    return;
  g_array_unref (state->processes);
  g_ptr_array_unref (state->process_lanes);
  g_array_unref (state->lane_starts);
  g_array_unref (state->process_starts);
  g_free (state);
}

/* The time of a lane's first item: spans, instants, samples, spans still
 * open or waiting to be placed.  G_MAXINT64 when it has none. */
static gint64
lane_first_ts (const TlLane *lane)
{
  gint64 first = G_MAXINT64;

  for (guint t = 0; t < lane->n_tracks; t++)
    if (lane->tracks[t].spans.len > 0)
      first = MIN (first, _tl_vec_index (&lane->tracks[t].spans, TlSpan, 0).start);
  if (lane->has_state)
    first = MIN (first, lane->state.span.start);
  if (lane->open != NULL)
    for (guint i = 0; i < lane->open->len; i++)
      first = MIN (first, g_array_index (lane->open, TlOpenSpan, i).span.start);
  for (guint i = 0; i < lane->pending.len; i++)
    first = MIN (first, _tl_vec_index (&lane->pending, TlSpan, i).start);
  if (lane->instants_unsorted)
    {
      for (guint i = 0; i < lane->instants.len; i++)
        first = MIN (first, _tl_vec_index (&lane->instants, TlInstant, i).ts);
    }
  else if (lane->instants.len > 0)
    {
      first = MIN (first, _tl_vec_index (&lane->instants, TlInstant, 0).ts);
    }
  if (lane->samples_unsorted)
    {
      for (guint i = 0; i < lane->samples.len; i++)
        first = MIN (first, _tl_vec_index (&lane->samples, TlCounterSample, i).ts);
    }
  else if (lane->samples.len > 0)
    {
      first = MIN (first, _tl_vec_index (&lane->samples, TlCounterSample, 0).ts);
    }
  return first;
}

/* Threads first: they are what people look at; then what they share. */
static int
kind_rank (TlLaneKind kind)
{
  switch (kind)
    {
    case TL_LANE_THREAD:
      return 0;
    case TL_LANE_GIL:
      return 1;
    case TL_LANE_LOCK:
      return 2;
    case TL_LANE_ASYNC:
      return 3;
    case TL_LANE_COUNTER:
      return 4;
    case TL_N_LANE_KINDS:
    default:
      return 5;
    }
}

typedef struct
{
  TlTraceModel *model;
  TlOrderState *state;
} SortData;

/* A process the trace saw forked: its pid and its threads' tids are the
 * kernel's, numbered in the order they were made. */
static gboolean
forked (TlTraceModel *model,
        guint32       process)
{
  const TlProcess *p = tl_trace_model_get_process (model, process);

  return p->parent_pid != 0 && p->parent_pid != p->pid &&
         tl_trace_model_lookup_process (model, p->parent_pid) != TL_INDEX_NONE;
}

static int
compare_times (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b;
}

static int
compare_lanes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortData *data = user_data;
  guint32 la = *(const guint32 *) a, lb = *(const guint32 *) b;
  TlLane *x = tl_trace_model_get_lane (data->model, la);
  TlLane *y = tl_trace_model_get_lane (data->model, lb);
  gboolean main_x, main_y;
  int c;

  if (x->sort_index != y->sort_index)
    return x->sort_index < y->sort_index ? -1 : 1;
  if (kind_rank (x->kind) != kind_rank (y->kind))
    return kind_rank (x->kind) < kind_rank (y->kind) ? -1 : 1;
  /* A process's first thread came first, whatever the clock says. */
  main_x = x->kind == TL_LANE_THREAD && x->key == x->pid;
  main_y = y->kind == TL_LANE_THREAD && y->key == y->pid;
  if (main_x != main_y)
    return main_x ? -1 : 1;
  if (x->kind == TL_LANE_THREAD && y->kind == TL_LANE_THREAD && x->key != y->key &&
      forked (data->model, x->process))
    return x->key < y->key ? -1 : 1;
  c = compare_times (g_array_index (data->state->lane_starts, gint64, la),
                     g_array_index (data->state->lane_starts, gint64, lb));
  if (c != 0)
    return c;
  return la < lb ? -1 : la > lb;
}

static int
compare_processes (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  SortData *data = user_data;
  guint32 pa = *(const guint32 *) a, pb = *(const guint32 *) b;
  const TlProcess *x = tl_trace_model_get_process (data->model, pa);
  const TlProcess *y = tl_trace_model_get_process (data->model, pb);
  int c;

  if (x->sort_index != y->sort_index)
    return x->sort_index < y->sort_index ? -1 : 1;
  /* Children of one parent: in the order it forked them. */
  if (x->parent_pid == y->parent_pid && forked (data->model, pa) && x->pid != y->pid)
    return x->pid < y->pid ? -1 : 1;
  c = compare_times (g_array_index (data->state->process_starts, gint64, pa),
                     g_array_index (data->state->process_starts, gint64, pb));
  if (c != 0)
    return c;
  return pa < pb ? -1 : pa > pb;
}

static void
compute_starts (TlTraceModel *model,
                TlOrderState *state)
{
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  guint n_processes = tl_trace_model_get_n_processes (model);

  g_array_set_size (state->lane_starts, n_lanes);
  g_array_set_size (state->process_starts, n_processes);
  for (guint p = 0; p < n_processes; p++)
    g_array_index (state->process_starts, gint64, p) = G_MAXINT64;
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      gint64 first = lane_first_ts (lane);
      gint64 *process_start = &g_array_index (state->process_starts, gint64, lane->process);

      g_array_index (state->lane_starts, gint64, l) = first;
      *process_start = MIN (*process_start, first);
    }
  /* A start the trace recorded is when the process began; its first
   * item may come later. */
  for (guint p = 0; p < n_processes; p++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, p);

      if (process->start_ts != TL_TS_NONE)
        g_array_index (state->process_starts, gint64, p) = process->start_ts;
    }
}

static void
array_free (gpointer array)
{
  if (array != NULL)
    g_array_unref (array);
}

/* Each parent before its children, depth first, siblings as sorted. */
static void
order_processes (TlTraceModel *model,
                 TlOrderState *state,
                 SortData     *data)
{
  guint n = tl_trace_model_get_n_processes (model);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (array_free);
  g_autofree gboolean *placed = g_new0 (gboolean, n);
  g_autofree guint32 *parent = g_new (guint32, n);

  for (guint32 p = 0; p < n; p++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, p);

      g_array_append_val (sorted, p);
      g_ptr_array_add (children, NULL);
      parent[p] = process->parent_pid != 0 && process->parent_pid != process->pid
                  ? tl_trace_model_lookup_process (model, process->parent_pid)
                  : TL_INDEX_NONE;
    }
  g_array_sort_with_data (sorted, compare_processes, data);
  /* Each one's children, in sorted order. */
  for (guint i = 0; i < n; i++)
    {
      guint32 p = g_array_index (sorted, guint32, i);

      if (parent[p] == TL_INDEX_NONE)
        continue;
      if (g_ptr_array_index (children, parent[p]) == NULL)
        g_ptr_array_index (children, parent[p]) = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val ((GArray *) g_ptr_array_index (children, parent[p]), p);
    }

  g_array_set_size (state->processes, 0);
  /* Roots in order, each followed by its tree.  A process whose parent
   * chain loops (pids reused) starts a tree when its turn comes. */
  for (guint r = 0; r < n; r++)
    {
      guint32 root = g_array_index (sorted, guint32, r);
      guint32 up = parent[root];

      if (placed[root])
        continue;
      for (guint steps = 0; up != TL_INDEX_NONE && steps < n; steps++)
        up = parent[up];
      /* Its tree's root will place it. */
      if (parent[root] != TL_INDEX_NONE && up == TL_INDEX_NONE)
        continue;
      g_array_append_val (stack, root);
      while (stack->len > 0)
        {
          guint32 p = g_array_index (stack, guint32, stack->len - 1);
          GArray *kids = g_ptr_array_index (children, p);

          g_array_set_size (stack, stack->len - 1);
          if (placed[p])
            continue;
          placed[p] = TRUE;
          g_array_append_val (state->processes, p);
          /* Pushed last first, so that the first pops first. */
          for (guint i = kids != NULL ? kids->len : 0; i-- > 0;)
            if (!placed[g_array_index (kids, guint32, i)])
              g_array_append_val (stack, g_array_index (kids, guint32, i));
        }
    }
}

static void
order_lanes (TlTraceModel *model,
             TlOrderState *state,
             SortData     *data)
{
  guint n = tl_trace_model_get_n_processes (model);

  g_ptr_array_set_size (state->process_lanes, 0);
  for (guint p = 0; p < n; p++)
    {
      guint n_lanes;
      const guint32 *lanes = tl_trace_model_get_process_lanes (model, p, &n_lanes);
      GArray *ordered = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_lanes);

      g_array_append_vals (ordered, lanes, n_lanes);
      g_array_sort_with_data (ordered, compare_lanes, data);
      _tl_state_lanes_place (model, ordered);
      g_ptr_array_add (state->process_lanes, ordered);
    }
}

static TlOrderState *
ensure_order (TlTraceModel *self)
{
  TlOrderState *state = _tl_trace_model_get_order_state (self);
  guint64 generation = tl_trace_model_get_generation (self);
  SortData data = { self, state };

  if (state->valid && state->generation == generation)
    return state;
  compute_starts (self, state);
  order_lanes (self, state, &data);
  order_processes (self, state, &data);
  state->generation = generation;
  state->valid = TRUE;
  return state;
}

const guint32 *
tl_trace_model_get_process_order (TlTraceModel *self,
                                  guint        *n_processes)
{
  TlOrderState *state;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (n_processes != NULL, NULL);

  state = ensure_order (self);
  *n_processes = state->processes->len;
  return (const guint32 *) (gpointer) state->processes->data;
}

const guint32 *
tl_trace_model_get_lane_order (TlTraceModel *self,
                               guint         process,
                               guint        *n_lanes)
{
  TlOrderState *state;
  GArray *lanes;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (n_lanes != NULL, NULL);
  g_return_val_if_fail (process < tl_trace_model_get_n_processes (self), NULL);

  state = ensure_order (self);
  lanes = g_ptr_array_index (state->process_lanes, process);
  *n_lanes = lanes->len;
  return (const guint32 *) (gpointer) lanes->data;
}

gint64
tl_trace_model_get_lane_start (TlTraceModel *self,
                               guint32       lane)
{
  TlOrderState *state;
  gint64 start;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_TS_NONE);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (self), TL_TS_NONE);

  state = ensure_order (self);
  start = g_array_index (state->lane_starts, gint64, lane);
  return start == G_MAXINT64 ? TL_TS_NONE : start;
}

gint64
tl_trace_model_get_process_begin (TlTraceModel *self,
                                  guint         process)
{
  TlOrderState *state;
  gint64 start;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_TS_NONE);
  g_return_val_if_fail (process < tl_trace_model_get_n_processes (self), TL_TS_NONE);

  state = ensure_order (self);
  start = g_array_index (state->process_starts, gint64, process);
  return start == G_MAXINT64 ? TL_TS_NONE : start;
}
