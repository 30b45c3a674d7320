/* tl-trace-model-lines.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program lines of thread lanes (tl-source-lines.h).  A thread
 * records a mark only when its line changes, so marks are few beside the
 * events they cover, and a binary search finds the line at any moment.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-trace-model-private.h"

/* Where a mark at @ts goes in @lane's marks: after every mark at or
 * before @ts. */
static guint
mark_position (const TlLane *lane,
               gint64        ts)
{
  const TlLineMark *marks = lane->lines.data;
  guint lo = 0, hi = lane->lines.len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (marks[mid].ts <= ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
insert_mark (TlLane  *lane,
             gint64   ts,
             guint32  line)
{
  guint at = mark_position (lane, ts);
  TlLineMark *marks;

  _tl_vec_push (&lane->lines, sizeof (TlLineMark));
  marks = lane->lines.data;
  /* Marks arrive in time order; a saved model's could come otherwise. */
  if (at < lane->lines.len - 1)
    memmove (&marks[at + 1], &marks[at], (lane->lines.len - 1 - at) * sizeof (TlLineMark));
  marks[at] = (TlLineMark) { ts, line, 0 };
}

void
_tl_lane_derive_line (TlLane  *lane,
                      gint64   ts,
                      guint64  line)
{
  if (lane->kind != TL_LANE_THREAD)
    return;
  insert_mark (lane, ts, (guint32) MIN (line, G_MAXUINT32));
}

void
tl_trace_model_add_line_mark (TlTraceModel *self,
                              guint32       lane,
                              gint64        ts,
                              guint32       line)
{
  TlLane *l;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane < tl_trace_model_get_n_lanes (self));

  l = _tl_trace_model_peek_lane (self, lane);
  g_return_if_fail (l->kind == TL_LANE_THREAD);
  insert_mark (l, ts, line);
}

const TlLineMark *
tl_trace_model_get_line_marks (TlTraceModel *self,
                               guint32       lane,
                               guint        *n_marks)
{
  TlLane *l;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (n_marks != NULL, NULL);

  *n_marks = 0;
  if (lane >= tl_trace_model_get_n_lanes (self))
    return NULL;
  l = _tl_trace_model_peek_lane (self, lane);
  *n_marks = l->lines.len;
  return l->lines.data;
}

gboolean
tl_trace_model_has_lines (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);

  for (guint i = 0; i < tl_trace_model_get_n_lanes (self); i++)
    if (_tl_trace_model_peek_lane (self, i)->lines.len > 0)
      return TRUE;
  return FALSE;
}

guint
tl_trace_model_get_line_at (TlTraceModel *self,
                            guint32       lane,
                            gint64        ts)
{
  TlLane *l;
  guint at;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);

  if (lane >= tl_trace_model_get_n_lanes (self))
    return 0;
  l = _tl_trace_model_peek_lane (self, lane);
  at = mark_position (l, ts);
  return at > 0 ? _tl_vec_index (&l->lines, TlLineMark, at - 1).line : 0;
}

guint
tl_trace_model_get_item_line (TlTraceModel    *self,
                              const TlItemRef *item)
{
  gint64 start, end;
  guint32 lane;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  if (!tl_trace_model_get_item_range (self, item, &start, &end))
    return 0;
  lane = item->lane;
  if (item->type == TL_ITEM_FLOW)
    {
      guint n;
      const TlFlow *flows = tl_trace_model_get_flows (self, &n);

      lane = flows[item->index].from_lane;
    }
  return tl_trace_model_get_line_at (self, lane, start);
}
