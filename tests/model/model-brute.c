/* model-brute.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "model-brute.h"
#include "tl-trace-model-code.h"

typedef struct
{
  gint64    start;
  TlItemRef ref;
} Timed;

static int
compare_timed (gconstpointer a,
               gconstpointer b)
{
  const Timed *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->ref.lane != y->ref.lane)
    return x->ref.lane < y->ref.lane ? -1 : 1;
  if (x->ref.track != y->ref.track)
    return x->ref.track < y->ref.track ? -1 : 1;
  return x->ref.index < y->ref.index ? -1 : x->ref.index > y->ref.index;
}

GArray *
brute_search (TlTraceModel *model,
              const char   *text)
{
  g_autoptr(GArray) timed = g_array_new (FALSE, FALSE, sizeof (Timed));
  g_autofree char *needle = g_utf8_casefold (text, -1);
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (TlItemRef));

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 0; i < n; i++)
            {
              guint32 name = tl_trace_model_get_span_name (model, &spans[i]);
              const char *str = name != TL_INDEX_NONE ? tl_trace_model_get_string (model, name) : NULL;
              g_autofree char *folded = str != NULL ? g_utf8_casefold (str, -1) : NULL;
              Timed hit = { spans[i].start, { l, TL_ITEM_SPAN, (guint16) t, i } };

              if (*needle != '\0' && folded != NULL && strstr (folded, needle) != NULL)
                g_array_append_val (timed, hit);
            }
        }
    }
  g_array_sort (timed, compare_timed);
  for (guint i = 0; i < timed->len; i++)
    g_array_append_val (refs, g_array_index (timed, Timed, i).ref);
  return refs;
}

void
brute_assert_search (TlTraceModel *model,
                     const char   *text)
{
  g_autoptr(TlSpanSearch) search = tl_span_search_new (model, text);
  g_autoptr(GArray) expected = brute_search (model, text);
  const TlItemRef *matches;
  guint n;

  matches = tl_span_search_get_matches (search, &n);
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (tl_span_search_get_n_matches (search), ==, expected->len);
  for (guint i = 0; i < n; i++)
    {
      const TlItemRef *want = &g_array_index (expected, TlItemRef, i);

      g_assert_cmpuint (matches[i].lane, ==, want->lane);
      g_assert_cmpuint (matches[i].type, ==, TL_ITEM_SPAN);
      g_assert_cmpuint (matches[i].track, ==, want->track);
      g_assert_cmpuint (matches[i].index, ==, want->index);
    }
}

/* ---- range aggregates ----------------------------------------------------- */

typedef struct
{
  TlSpan  span;
  guint32 name;
} Call;

static gint64
clip (gint64 start,
      gint64 end,
      gint64 t0,
      gint64 t1)
{
  gint64 from = MAX (start, t0), to = MIN (end, t1);

  return to > from ? to - from : 0;
}

static gboolean
counts (const TlSpan *span,
        gint64        t0,
        gint64        t1)
{
  if (span->start == span->end)
    return span->start >= t0 && span->start < t1;
  /* Some of it inside. */
  return clip (span->start, span->end, t0, t1) > 0;
}

static gboolean
contains (const TlSpan *outer,
          const TlSpan *inner)
{
  return outer->start <= inner->start && inner->end <= outer->end;
}

static GArray *
lane_calls (TlTraceModel *model,
            TlLane       *lane)
{
  GArray *calls = g_array_new (FALSE, FALSE, sizeof (Call));

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        {
          Call call = { spans[i], tl_trace_model_get_span_name (model, &spans[i]) };

          if (tl_span_is_call (&spans[i]) && call.name != TL_INDEX_NONE)
            g_array_append_val (calls, call);
        }
    }
  return calls;
}

static TlFunctionStats *
stats_of (GHashTable *by_name,
          guint32     name)
{
  TlFunctionStats *stats = g_hash_table_lookup (by_name, GUINT_TO_POINTER (name + 1));

  if (stats == NULL)
    {
      stats = g_new0 (TlFunctionStats, 1);
      stats->name = name;
      g_hash_table_insert (by_name, GUINT_TO_POINTER (name + 1), stats);
    }
  return stats;
}

static int
compare_stats (gconstpointer a,
               gconstpointer b)
{
  const TlFunctionStats *x = a, *y = b;

  return x->name < y->name ? -1 : x->name > y->name;
}

GArray *
brute_function_stats (TlTraceModel *model,
                      gint64        t0,
                      gint64        t1)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TlFunctionStats));
  GHashTableIter iter;
  gpointer value;

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      g_autoptr(GArray) calls = lane_calls (model, tl_trace_model_get_lane (model, l));

      for (guint i = 0; i < calls->len; i++)
        {
          const Call *call = &g_array_index (calls, Call, i);
          const Call *caller = NULL;
          TlFunctionStats *stats;
          gint64 inside = clip (call->span.start, call->span.end, t0, t1);

          if (!counts (&call->span, t0, t1))
            continue;
          stats = stats_of (by_name, call->name);
          stats->calls++;
          stats->total += inside;
          stats->self += inside;
          /* The innermost other call that holds it. */
          for (guint j = 0; j < calls->len; j++)
            {
              const Call *other = &g_array_index (calls, Call, j);

              if (j == i || !contains (&other->span, &call->span))
                continue;
              if (caller == NULL || contains (&caller->span, &other->span))
                caller = other;
            }
          /* A call that takes no time of the stretch takes none of its
           * caller's (which need not be in the stretch at all). */
          if (caller != NULL && inside > 0)
            stats_of (by_name, caller->name)->self -= inside;
        }
    }
  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_vals (out, value, 1);
  g_array_sort (out, compare_stats);
  return out;
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const gint64 *x = a, *y = b;

  return x[0] < y[0] ? -1 : x[0] > y[0];
}

gint64
brute_busy (TlTraceModel *model,
            guint32       index,
            gint64        t0,
            gint64        t1)
{
  TlLane *lane = tl_trace_model_get_lane (model, index);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, 2 * sizeof (gint64));
  gboolean states = FALSE;
  gint64 busy = 0, reached = G_MININT64;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        states |= TL_SPAN_KIND_IS_STATE (spans[i].kind);
    }
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        {
          gint64 pair[2] = { MAX (spans[i].start, t0), MIN (spans[i].end, t1) };

          if (states && spans[i].kind == TL_SPAN_RUNNING)
            busy += clip (spans[i].start, spans[i].end, t0, t1);
          else if (!states && pair[1] > pair[0])
            g_array_append_val (pairs, pair);
        }
    }
  g_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      const gint64 *pair = &g_array_index (pairs, gint64, 2 * i);

      busy += MAX (0, pair[1] - MAX (pair[0], reached));
      reached = MAX (reached, pair[1]);
    }
  return busy;
}

void
brute_assert_range_stats (TlTraceModel *model,
                          gint64        t0,
                          gint64        t1)
{
  g_autoptr(TlRangeStats) stats = tl_range_stats_new (model, t0, t1);
  g_autoptr(GArray) expected = brute_function_stats (model, t0, t1);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (TlFunctionStats));
  const TlFunctionStats *functions;
  const TlLaneStats *lanes;
  guint n, n_lanes, n_threads = 0;

  functions = tl_range_stats_get_functions (stats, &n);
  /* Longest total first, as promised. */
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (functions[i - 1].total, >=, functions[i].total);
  g_array_append_vals (got, functions, n);
  g_array_sort (got, compare_stats);
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    {
      const TlFunctionStats *a = &g_array_index (got, TlFunctionStats, i);
      const TlFunctionStats *b = &g_array_index (expected, TlFunctionStats, i);

      g_assert_cmpuint (a->name, ==, b->name);
      g_assert_cmpuint (a->calls, ==, b->calls);
      g_assert_cmpint (a->total, ==, b->total);
      g_assert_cmpint (a->self, ==, b->self);
    }

  lanes = tl_range_stats_get_lanes (stats, &n_lanes);
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      if (tl_lane_get_kind (tl_trace_model_get_lane (model, l)) != TL_LANE_THREAD)
        continue;
      g_assert_cmpuint (n_threads, <, n_lanes);
      g_assert_cmpuint (lanes[n_threads].lane, ==, l);
      g_assert_cmpint (lanes[n_threads].busy, ==, brute_busy (model, l, t0, t1));
      if (t1 > t0)
        g_assert_cmpfloat_with_epsilon (lanes[n_threads].share, (double) lanes[n_threads].busy / (double) (t1 - t0),
                                        1e-12);
      n_threads++;
    }
  g_assert_cmpuint (n_threads, ==, n_lanes);
}

/* ---- random models ----------------------------------------------------------- */

static const char * const call_names[] = {
  "count_primes (/home/u/prog.py:6)",
  "is_prime (/home/u/prog.py:15)",
  "fib (/home/u/prog.py:50)",
  "COUNT_ALL (/home/u/Prog.py:40)",
  "Pool.map (/usr/lib/python3.11/multiprocessing/pool.py:362)",
  "Event.wait (/usr/lib/python3.11/threading.py:604)",
  "time.sleep",
  "builtins.print",
  "\xc3\x89T\xc3\x89 (/home/u/\xc3\xa9t\xc3\xa9.py:1)",
};

typedef struct
{
  TlTraceModel *model;
  GRand        *rand;
  guint32       lane;
  gboolean      states;
  guint32       lock;
} Maker;

static void
add (Maker      *maker,
     TlSpanKind  kind,
     gint64      start,
     gint64      end,
     guint32     ref)
{
  TlSpan span = { 0 };

  span.start = start;
  span.end = end;
  span.kind = kind;
  span.ref = ref;
  tl_trace_model_add_span (maker->model, maker->lane, &span);
}

/* Calls inside [start, end], none with the same extent as their caller. */
static void
make_callees (Maker  *maker,
              gint64  start,
              gint64  end,
              guint   depth)
{
  guint n = depth < 5 ? (guint) g_rand_int_range (maker->rand, 0, 4) : 0;
  gint64 at = start;

  for (guint i = 0; i < n && end - at > 4; i++)
    {
      gint64 from = at + (g_rand_boolean (maker->rand) ? 0 : g_rand_int_range (maker->rand, 1, 4));
      gint64 to = from + g_rand_int_range (maker->rand, 0, (gint32) MIN (end - from, 2000));
      const char *name = call_names[g_rand_int_range (maker->rand, 0, G_N_ELEMENTS (call_names))];

      if (to - from == end - start)
        to--;
      if (to < from)
        break;
      /* Some calls last no time; some happen under a lock held. */
      if (g_rand_int_range (maker->rand, 0, 10) == 0)
        to = from;
      at = to;
      if (maker->states && to - from > 2 && g_rand_int_range (maker->rand, 0, 4) == 0)
        {
          add (maker, TL_SPAN_HOLD_LOCK, from, to, maker->lock);
          from++;
          to--;
        }
      add (maker, TL_SPAN_SLICE, from, to, tl_trace_model_intern (maker->model, name, -1));
      make_callees (maker, from, to, depth + 1);
    }
}

TlTraceModel *
brute_random_model (GRand *rand,
                    guint  n_lanes,
                    guint  n_roots)
{
  Maker maker = { tl_trace_model_new (), rand, 0, FALSE, 0 };
  guint32 task_name = tl_trace_model_intern (maker.model, "task count_primes", -1);

  maker.lock = tl_trace_model_ensure_object (maker.model, TL_ROLE_MUTEX, 1);
  tl_trace_model_set_object_name (maker.model, maker.lock, tl_trace_model_intern (maker.model, "Lock-A", -1));
  for (guint l = 0; l < n_lanes; l++)
    {
      gint64 at = g_rand_int_range (rand, 0, 1000);

      maker.lane = tl_trace_model_ensure_lane (maker.model, TL_LANE_THREAD, 1 + l % 2, 100 + l);
      maker.states = l % 2 == 1;
      for (guint r = 0; r < n_roots; r++)
        {
          gint64 length = g_rand_int_range (rand, 1, 20000);
          const char *name = call_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (call_names))];

          if (maker.states)
            {
              /* A thread waits for the lock, then runs a task. */
              guint32 task = tl_trace_model_ensure_object (maker.model, TL_ROLE_TASK, l * 100000 + r);

              tl_trace_model_set_object_name (maker.model, task, task_name);
              add (&maker, TL_SPAN_WAIT_LOCK, at, at + 7, maker.lock);
              add (&maker, TL_SPAN_RUNNING, at + 7, at + 7 + length, TL_INDEX_NONE);
              add (&maker, TL_SPAN_TASK, at + 7, at + 7 + length, task);
              make_callees (&maker, at + 7, at + 7 + length, 1);
              at += 7 + length;
            }
          else
            {
              add (&maker, TL_SPAN_SLICE, at, at + length, tl_trace_model_intern (maker.model, name, -1));
              make_callees (&maker, at, at + length, 1);
              at += length;
            }
          /* Calls that touch, or not. */
          at += g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 1, 500);
        }
    }
  tl_trace_model_finish (maker.model, TL_TS_NONE);
  return maker.model;
}
