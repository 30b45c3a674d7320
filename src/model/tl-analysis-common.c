/* tl-analysis-common.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-analysis"

#include "config.h"

#include <string.h>

#include "tl-analysis-private.h"

static gboolean
matches (const TlSpan *span,
         TlSpanKind    kind,
         guint32       ref)
{
  return (kind == TL_N_SPAN_KINDS || span->kind == kind) && (ref == TL_INDEX_NONE || span->ref == ref);
}

void
_tl_analysis_lane_spans (TlLane     *lane,
                         TlSpanKind  kind,
                         guint32     ref,
                         GArray     *out)
{
  guint n_tracks = tl_lane_get_n_tracks (lane);
  guint n_open = tl_lane_get_n_open (lane);

  for (guint track = 0; track < n_tracks; track++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

      for (guint i = 0; i < n; i++)
        if (matches (&spans[i], kind, ref))
          g_array_append_val (out, spans[i]);
    }
  for (guint i = 0; i < n_open; i++)
    {
      guint track;
      TlSpan span = *tl_lane_get_open (lane, i, &track);

      if (!matches (&span, kind, ref))
        continue;
      span.end = TL_ANALYSIS_ONGOING;
      g_array_append_val (out, span);
    }
}

gboolean
_tl_analysis_span_at (TlLane *lane,
                      guint   track,
                      gint64  ts,
                      TlSpan *out)
{
  guint n_open = tl_lane_get_n_open (lane);

  if (track < tl_lane_get_n_tracks (lane))
    {
      guint first, n, n_all;
      const TlSpan *spans = tl_lane_get_spans (lane, track, &n_all);

      tl_lane_get_span_range (lane, track, ts, ts, &first, &n);
      for (guint i = first; i < first + n; i++)
        if (spans[i].start <= ts && ts < spans[i].end)
          {
            *out = spans[i];
            return TRUE;
          }
    }
  for (guint i = 0; i < n_open; i++)
    {
      guint open_track;
      const TlSpan *span = tl_lane_get_open (lane, i, &open_track);

      if (open_track == track && span->start <= ts)
        {
          *out = *span;
          out->end = TL_ANALYSIS_ONGOING;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_tl_analysis_state_at (TlLane *lane,
                       gint64  ts,
                       TlSpan *out)
{
  return _tl_analysis_span_at (lane, 0, ts, out);
}
