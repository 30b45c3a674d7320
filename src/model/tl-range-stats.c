/* tl-range-stats.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the spans of the stretch, track by track.  Spans nest on
 * a lane's tracks (a callee sits on the track above its caller), so a
 * call's caller is the span of the track below that was open when it
 * began: walking both tracks in order finds it without a search.
 */
#define G_LOG_DOMAIN "tl-range-stats"

#include "config.h"

#include <string.h>

#include "tl-range-stats.h"
#include "tl-trace-model-code.h"

struct _TlRangeStats
{
  TlTraceModel *model;
  gint64        t0;
  gint64        t1;
  GArray       *functions;   /* TlFunctionStats */
  GArray       *lanes;       /* TlLaneStats */
};

typedef struct
{
  TlRangeStats *stats;
  guint32      *slot_of;     /* per string id: index + 1 into stats->functions */
  guint         n_names;
} Tally;

/* The part of [start, end) inside the stretch, as a length. */
static gint64
clipped (const TlRangeStats *self,
         gint64              start,
         gint64              end)
{
  gint64 from = MAX (start, self->t0), to = MIN (end, self->t1);

  return to > from ? tl_ts_diff (to, from) : 0;
}

/* Whether a span counts in the stretch: it overlaps it, or lasts no time
 * and sits in it. */
static gboolean
in_stretch (const TlRangeStats *self,
            const TlSpan       *span)
{
  if (span->start == span->end)
    return span->start >= self->t0 && span->start < self->t1;
  return MAX (span->start, self->t0) < MIN (span->end, self->t1);
}

static TlFunctionStats *
function_of (Tally   *tally,
             guint32  name)
{
  GArray *functions = tally->stats->functions;

  if (tally->slot_of[name] == 0)
    {
      TlFunctionStats blank = { name, 0, 0, 0 };

      g_array_append_val (functions, blank);
      tally->slot_of[name] = functions->len;
    }
  return &g_array_index (functions, TlFunctionStats, tally->slot_of[name] - 1);
}

/* The name of @span if it is a call that counts, else TL_INDEX_NONE. */
static guint32
call_name (Tally        *tally,
           const TlSpan *span)
{
  guint32 name;

  if (!tl_span_is_call (span))
    return TL_INDEX_NONE;
  name = tl_trace_model_get_span_name (tally->stats->model, span);
  return name < tally->n_names ? name : TL_INDEX_NONE;
}

/* The last span of @spans (@n of them) that begins at or before @ts. */
static guint
last_at_or_before (const TlSpan *spans,
                   guint         n,
                   gint64        ts)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].start <= ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : G_MAXUINT;
}

static gboolean
begins_inside (const TlSpan *outer,
               const TlSpan *inner)
{
  return outer->start <= inner->start &&
         (inner->start < outer->end || (inner->start == outer->end && inner->end == inner->start));
}

/* The call that @span (on @track) began inside: on the track below, or
 * further down past spans that are no calls (a lock held in a task). */
static const TlSpan *
caller_of (Tally        *tally,
           TlLane       *lane,
           guint         track,
           const TlSpan *span)
{
  while (track-- > 0)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, track, &n);
      guint at = last_at_or_before (spans, n, span->start);

      if (at == G_MAXUINT || !begins_inside (&spans[at], span))
        return NULL;
      if (call_name (tally, &spans[at]) != TL_INDEX_NONE)
        return &spans[at];
    }
  return NULL;
}

/* @span's time inside its caller and the stretch. */
static gint64
overlap (const TlRangeStats *self,
         const TlSpan       *span,
         const TlSpan       *caller)
{
  return clipped (self, MAX (span->start, caller->start), MIN (span->end, caller->end));
}

static void
tally_track (Tally   *tally,
             TlLane  *lane,
             guint    track)
{
  TlRangeStats *self = tally->stats;
  guint n, first, count, below_n = 0, below = 0;
  const TlSpan *spans = tl_lane_get_spans (lane, track, &n);
  const TlSpan *below_spans = track > 0 ? tl_lane_get_spans (lane, track - 1, &below_n) : NULL;

  tl_lane_get_span_range (lane, track, self->t0, self->t1, &first, &count);
  if (count > 0 && below_n > 0)
    {
      below = last_at_or_before (below_spans, below_n, spans[first].start);
      if (below == G_MAXUINT)
        below = 0;
    }
  for (guint i = first; i < first + count; i++)
    {
      const TlSpan *span = &spans[i];
      guint32 name = call_name (tally, span);
      const TlSpan *caller = NULL;
      TlFunctionStats *function;
      gint64 inside;

      if (name == TL_INDEX_NONE || !in_stretch (self, span))
        continue;
      inside = clipped (self, span->start, span->end);
      function = function_of (tally, name);
      function->calls++;
      function->total += inside;
      function->self += inside;
      if (track == 0)
        continue;

      /* Starts only grow: the span below that was open when this one
       * began is found by walking on, most of the time. */
      while (below + 1 < below_n && below_spans[below + 1].start <= span->start)
        below++;
      if (below < below_n && begins_inside (&below_spans[below], span) &&
          call_name (tally, &below_spans[below]) != TL_INDEX_NONE)
        caller = &below_spans[below];
      else
        caller = caller_of (tally, lane, track, span);
      if (caller != NULL)
        function_of (tally, call_name (tally, caller))->self -= overlap (self, span, caller);
    }
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const gint64 *x = a, *y = b;

  return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* The time of the stretch some span of @lane covers: its spans are mostly
 * inside those of track 0, so only the others are sorted. */
static gint64
covered (const TlRangeStats *self,
         TlLane             *lane)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, 2 * sizeof (gint64));
  guint n0, first, count;
  const TlSpan *track0 = tl_lane_get_spans (lane, 0, &n0);
  gint64 busy = 0, from = G_MININT64, to = G_MININT64;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      tl_lane_get_span_range (lane, t, self->t0, self->t1, &first, &count);
      for (guint i = first; i < first + count; i++)
        {
          gint64 interval[2] = { MAX (spans[i].start, self->t0), MIN (spans[i].end, self->t1) };
          guint at;

          if (interval[1] <= interval[0])
            continue;
          at = t > 0 ? last_at_or_before (track0, n0, spans[i].start) : G_MAXUINT;
          if (at != G_MAXUINT && track0[at].end >= spans[i].end)
            continue;
          g_array_append_val (intervals, interval);
        }
    }
  g_array_sort (intervals, compare_intervals);
  for (guint i = 0; i < intervals->len; i++)
    {
      const gint64 *interval = &g_array_index (intervals, gint64, 2 * i);

      if (interval[0] > to)
        {
          busy += to - from;
          from = interval[0];
          to = interval[1];
        }
      else if (interval[1] > to)
        {
          to = interval[1];
        }
    }
  return busy + (to - from);
}

/* A thread with states is busy while it runs. */
static gint64
running (const TlRangeStats *self,
         TlLane             *lane)
{
  guint n, first, count;
  const TlSpan *spans = tl_lane_get_spans (lane, 0, &n);
  gint64 busy = 0;

  tl_lane_get_span_range (lane, 0, self->t0, self->t1, &first, &count);
  for (guint i = first; i < first + count; i++)
    if (spans[i].kind == TL_SPAN_RUNNING)
      busy += clipped (self, spans[i].start, spans[i].end);
  return busy;
}

static gboolean
has_states (TlLane *lane)
{
  guint n;
  const TlSpan *spans = tl_lane_get_spans (lane, 0, &n);

  return n > 0 && TL_SPAN_KIND_IS_STATE (spans[0].kind);
}

static void
tally_lane_busy (TlRangeStats *self,
                 guint32       index)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, index);
  TlLaneStats stats = { index, 0, 0.0 };
  gint64 length = tl_ts_diff (self->t1, self->t0);

  if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
    return;
  stats.busy = has_states (lane) ? running (self, lane) : covered (self, lane);
  stats.share = length > 0 ? (double) stats.busy / (double) length : 0.0;
  g_array_append_val (self->lanes, stats);
}

TlRangeStats *
tl_range_stats_new (TlTraceModel *model,
                    gint64        t0,
                    gint64        t1)
{
  TlRangeStats *self;
  Tally tally;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  self = g_new0 (TlRangeStats, 1);
  self->model = g_object_ref (model);
  self->t0 = t0;
  self->t1 = MAX (t0, t1);
  self->functions = g_array_new (FALSE, FALSE, sizeof (TlFunctionStats));
  self->lanes = g_array_new (FALSE, FALSE, sizeof (TlLaneStats));

  tally.stats = self;
  tally.n_names = tl_trace_model_get_n_strings (model);
  tally.slot_of = g_new0 (guint32, MAX (tally.n_names, 1));
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        tally_track (&tally, lane, t);
      tally_lane_busy (self, l);
    }
  g_free (tally.slot_of);
  tl_range_stats_sort (self, TL_RANGE_SORT_TOTAL);
  return self;
}

void
tl_range_stats_free (TlRangeStats *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->model);
  g_array_unref (self->functions);
  g_array_unref (self->lanes);
  g_free (self);
}

void
tl_range_stats_get_range (const TlRangeStats *self,
                          gint64             *t0,
                          gint64             *t1)
{
  g_return_if_fail (self != NULL);
  if (t0 != NULL)
    *t0 = self->t0;
  if (t1 != NULL)
    *t1 = self->t1;
}

const TlFunctionStats *
tl_range_stats_get_functions (const TlRangeStats *self,
                              guint              *n_functions)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_functions != NULL, NULL);
  *n_functions = self->functions->len;
  return (const TlFunctionStats *) (gpointer) self->functions->data;
}

const TlLaneStats *
tl_range_stats_get_lanes (const TlRangeStats *self,
                          guint              *n_lanes)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_lanes != NULL, NULL);
  *n_lanes = self->lanes->len;
  return (const TlLaneStats *) (gpointer) self->lanes->data;
}

typedef struct
{
  TlTraceModel *model;
  TlRangeSort   by;
} SortBy;

static int
compare_names (TlTraceModel *model,
               guint32       a,
               guint32       b)
{
  return g_strcmp0 (tl_trace_model_get_string (model, a), tl_trace_model_get_string (model, b));
}

static int
compare_numbers (gint64 a,
                 gint64 b)
{
  return a > b ? -1 : a < b;
}

static int
compare_functions (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const TlFunctionStats *x = a, *y = b;
  const SortBy *sort = user_data;
  int c = 0;

  switch (sort->by)
    {
    case TL_RANGE_SORT_SELF:
      c = compare_numbers (x->self, y->self);
      break;
    case TL_RANGE_SORT_CALLS:
      c = compare_numbers ((gint64) x->calls, (gint64) y->calls);
      break;
    case TL_RANGE_SORT_NAME:
      c = compare_names (sort->model, x->name, y->name);
      break;
    case TL_RANGE_SORT_TOTAL:
    default:
      break;
    }
  if (c == 0)
    c = compare_numbers (x->total, y->total);
  if (c == 0)
    c = compare_numbers (x->self, y->self);
  if (c == 0)
    c = compare_numbers ((gint64) x->calls, (gint64) y->calls);
  if (c == 0)
    c = compare_names (sort->model, x->name, y->name);
  return c;
}

void
tl_range_stats_sort (TlRangeStats *self,
                     TlRangeSort   by)
{
  SortBy sort = { self->model, by };

  g_return_if_fail (self != NULL);
  g_array_sort_with_data (self->functions, compare_functions, &sort);
}
