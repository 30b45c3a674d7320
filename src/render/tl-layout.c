/* tl-layout.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include "tl-layout.h"

struct _TlLayout
{
  GArray *rows;              /* TlRow */
  GArray *lane_rows;         /* guint: row index per lane, G_MAXUINT if hidden */
  GArray *process_rows;      /* guint: row index per process */
  double  height;
  double  state_height;
  double  track_height;
  double  lock_height;
  double  counter_height;
  double  gap;
};

TlLayout *
tl_layout_new (void)
{
  TlLayout *self = g_new0 (TlLayout, 1);

  self->rows = g_array_new (FALSE, FALSE, sizeof (TlRow));
  self->lane_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->process_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

void
tl_layout_free (TlLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rows);
  g_array_unref (self->lane_rows);
  g_array_unref (self->process_rows);
  g_free (self);
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
} SortData;

static int
compare_lanes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortData *data = user_data;
  guint32 la = *(const guint32 *) a, lb = *(const guint32 *) b;
  TlLane *x = tl_trace_model_get_lane (data->model, la);
  TlLane *y = tl_trace_model_get_lane (data->model, lb);
  int rx = kind_rank (tl_lane_get_kind (x)), ry = kind_rank (tl_lane_get_kind (y));

  if (tl_lane_get_sort_index (x) != tl_lane_get_sort_index (y))
    return tl_lane_get_sort_index (x) < tl_lane_get_sort_index (y) ? -1 : 1;
  if (rx != ry)
    return rx < ry ? -1 : 1;
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

  if (x->sort_index != y->sort_index)
    return x->sort_index < y->sort_index ? -1 : 1;
  return pa < pb ? -1 : pa > pb;
}

static gboolean
lane_is_stateful (TlLane *lane)
{
  guint n;
  const TlSpan *spans;

  if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
    return FALSE;
  spans = tl_lane_get_spans (lane, 0, &n);
  if (n > 0)
    return TL_SPAN_KIND_IS_STATE (spans[0].kind);
  /* Live, before its first state ends. */
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint track;
      const TlSpan *open = tl_lane_get_open (lane, i, &track);

      if (track == 0 && TL_SPAN_KIND_IS_STATE (open->kind))
        return TRUE;
    }
  /* A thread with nothing yet is about to run. */
  return tl_lane_get_n_tracks (lane) == 0;
}

static guint
lane_n_tracks (TlLane *lane)
{
  guint n = tl_lane_get_n_tracks (lane);

  /* Live spans may sit on a track that has no closed span yet. */
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint track;

      tl_lane_get_open (lane, i, &track);
      n = MAX (n, track + 1);
    }
  return MAX (n, 1);
}

static double
row_height (TlLayout    *self,
            const TlRow *row,
            TlLaneKind   kind)
{
  switch (kind)
    {
    case TL_LANE_THREAD:
      if (row->stateful)
        return self->state_height + (row->n_tracks - 1) * self->track_height + self->gap;
      return row->n_tracks * self->lock_height + self->gap;
    case TL_LANE_COUNTER:
      return self->counter_height + self->gap;
    case TL_LANE_LOCK:
    case TL_LANE_GIL:
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      return row->n_tracks * self->lock_height + self->gap;
    }
}

void
tl_layout_build (TlLayout        *self,
                 TlTraceModel    *model,
                 const TlPalette *palette,
                 GHashTable      *collapsed)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) lanes = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n_processes = tl_trace_model_get_n_processes (model);
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  SortData data = { model };
  guint none = G_MAXUINT;
  double y = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (TL_IS_TRACE_MODEL (model));

  self->state_height = palette->state_height;
  self->track_height = palette->track_height;
  self->lock_height = MAX (palette->track_height, palette->state_height * 0.7);
  self->counter_height = palette->counter_height;
  self->gap = palette->lane_gap;

  g_array_set_size (self->rows, 0);
  g_array_set_size (self->lane_rows, 0);
  g_array_set_size (self->process_rows, 0);
  for (guint i = 0; i < n_lanes; i++)
    g_array_append_val (self->lane_rows, none);
  for (guint i = 0; i < n_processes; i++)
    {
      g_array_append_val (self->process_rows, none);
      g_array_append_val (order, i);
    }
  g_array_sort_with_data (order, compare_processes, &data);

  for (guint p = 0; p < order->len; p++)
    {
      guint32 process = g_array_index (order, guint32, p);
      const TlProcess *info = tl_trace_model_get_process (model, process);
      const guint32 *process_lanes;
      guint n_process_lanes, header;
      TlRow row = { 0 };

      process_lanes = tl_trace_model_get_process_lanes (model, process, &n_process_lanes);
      /* A process seen only as someone's child, with no lane, adds nothing. */
      if (n_process_lanes == 0)
        continue;

      row.kind = TL_ROW_PROCESS;
      row.process = process;
      row.lane = TL_INDEX_NONE;
      row.y = y;
      row.height = palette->process_height;
      row.collapsed = collapsed != NULL &&
                      g_hash_table_contains (collapsed, GUINT_TO_POINTER (info->pid));
      header = self->rows->len;
      g_array_append_val (self->rows, row);
      g_array_index (self->process_rows, guint, process) = header;
      y += row.height;

      g_array_set_size (lanes, 0);
      g_array_append_vals (lanes, process_lanes, n_process_lanes);
      g_array_sort_with_data (lanes, compare_lanes, &data);

      for (guint l = 0; l < lanes->len; l++)
        {
          guint32 index = g_array_index (lanes, guint32, l);
          TlLane *lane = tl_trace_model_get_lane (model, index);
          TlRow lane_row = { 0 };

          if (row.collapsed)
            {
              g_array_index (self->lane_rows, guint, index) = header;
              continue;
            }
          lane_row.kind = TL_ROW_LANE;
          lane_row.process = process;
          lane_row.lane = index;
          lane_row.lane_kind = tl_lane_get_kind (lane);
          lane_row.y = y;
          lane_row.stateful = lane_is_stateful (lane);
          lane_row.n_tracks = tl_lane_get_kind (lane) == TL_LANE_COUNTER ? 1 : lane_n_tracks (lane);
          lane_row.height = row_height (self, &lane_row, tl_lane_get_kind (lane));
          lane_row.stripe = l;
          g_array_index (self->lane_rows, guint, index) = self->rows->len;
          g_array_append_val (self->rows, lane_row);
          y += lane_row.height;
        }
    }
  self->height = y;
}

guint
tl_layout_get_n_rows (const TlLayout *self)
{
  return self->rows->len;
}

const TlRow *
tl_layout_get_row (const TlLayout *self,
                   guint           index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, TlRow, index);
}

double
tl_layout_get_height (const TlLayout *self)
{
  return self->height;
}

guint
tl_layout_find_row (const TlLayout *self,
                    double          y)
{
  guint lo = 0, hi = self->rows->len;

  if (y < 0 || y >= self->height)
    return G_MAXUINT;
  /* Last row whose top is at or above y. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rows, TlRow, mid).y <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : G_MAXUINT;
}

guint
tl_layout_lookup_lane (const TlLayout *self,
                       guint32         lane)
{
  if (lane >= self->lane_rows->len)
    return G_MAXUINT;
  return g_array_index (self->lane_rows, guint, lane);
}

guint
tl_layout_lookup_process (const TlLayout *self,
                          guint32         process)
{
  if (process >= self->process_rows->len)
    return G_MAXUINT;
  return g_array_index (self->process_rows, guint, process);
}

gboolean
tl_layout_get_track (const TlLayout *self,
                     const TlRow    *row,
                     guint           track,
                     double         *y,
                     double         *height)
{
  if (row->kind != TL_ROW_LANE || track >= row->n_tracks)
    return FALSE;
  if (row->stateful)
    {
      if (track == 0)
        {
          *y = row->y;
          *height = self->state_height;
        }
      else
        {
          *y = row->y + self->state_height + (track - 1) * self->track_height;
          *height = self->track_height;
        }
      return TRUE;
    }
  if (row->lane_kind == TL_LANE_COUNTER)
    {
      *y = row->y;
      *height = row->height - self->gap;
      return TRUE;
    }
  *y = row->y + track * self->lock_height;
  *height = self->lock_height;
  return TRUE;
}

guint
tl_layout_find_track (const TlLayout *self,
                      const TlRow    *row,
                      double          y)
{
  for (guint t = 0; t < row->n_tracks; t++)
    {
      double ty, th;

      if (tl_layout_get_track (self, row, t, &ty, &th) && y >= ty && y < ty + th)
        return t;
    }
  return G_MAXUINT;
}
