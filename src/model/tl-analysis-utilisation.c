/* tl-analysis-utilisation.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-analysis"

#include "config.h"

#include "tl-analysis-utilisation.h"

#include <string.h>

#include "tl-analysis-private.h"

gboolean
tl_analysis_lane_utilisation (TlTraceModel      *model,
                              guint32            index,
                              gint64             t0,
                              gint64             t1,
                              TlLaneUtilisation *out)
{
  TlLane *lane = tl_trace_model_get_lane (model, index);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  gint64 first = G_MAXINT64, last = G_MININT64;
  gint64 lane_end = tl_lane_get_last_ts (lane);

  memset (out, 0, sizeof *out);
  if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
    return FALSE;
  if (t0 == TL_TS_NONE)
    t0 = G_MININT64;
  if (t1 == TL_TS_NONE)
    t1 = G_MAXINT64;

  _tl_analysis_lane_spans (lane, TL_N_SPAN_KINDS, TL_INDEX_NONE, spans);
  for (guint i = 0; i < spans->len; i++)
    {
      const TlSpan *span = &g_array_index (spans, TlSpan, i);
      gint64 start = MAX (span->start, t0);
      gint64 end = MIN (span->end == G_MAXINT64 ? lane_end : span->end, t1);
      gint64 d;

      if (!TL_SPAN_KIND_IS_STATE (span->kind) || end <= start)
        continue;
      d = end - start;
      first = MIN (first, start);
      last = MAX (last, end);
      switch ((TlSpanKind) span->kind)
        {
        case TL_SPAN_RUNNING:
          out->running += d;
          break;
        case TL_SPAN_SLEEP:
          out->sleeping += d;
          break;
        case TL_SPAN_IO:
          out->io += d;
          break;
        case TL_SPAN_WAIT_GIL:
          out->waiting_gil += d;
          out->waiting += d;
          break;
        default:
          out->waiting += d;
          break;
        }
    }
  if (last > first)
    {
      out->lifetime = last - first;
      out->busy_share = (double) out->running / (double) out->lifetime;
    }
  return TRUE;
}

void
tl_analysis_lock_contention (TlTraceModel     *model,
                             guint32           object,
                             TlLockContention *out)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  memset (out, 0, sizeof *out);
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      gint64 lane_end = tl_lane_get_last_ts (lane);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      g_array_set_size (spans, 0);
      _tl_analysis_lane_spans (lane, TL_N_SPAN_KINDS, object, spans);
      for (guint i = 0; i < spans->len; i++)
        {
          const TlSpan *span = &g_array_index (spans, TlSpan, i);
          gint64 d = (span->end == G_MAXINT64 ? lane_end : span->end) - span->start;

          switch ((TlSpanKind) span->kind)
            {
            case TL_SPAN_WAIT_LOCK:
            case TL_SPAN_WAIT_GIL:
            case TL_SPAN_WAIT_SEMAPHORE:
              out->n_waits++;
              out->total_wait += MAX (d, 0);
              out->longest_wait = MAX (out->longest_wait, d);
              break;
            case TL_SPAN_HOLD_LOCK:
            case TL_SPAN_HOLD_GIL:
              out->n_acquisitions++;
              out->total_held += MAX (d, 0);
              break;
            default:
              break;
            }
        }
    }
}
