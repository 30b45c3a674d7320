/* bench-model-queries.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a view asks of a big imported profile, timed: a search by name
 * (few matches, a third of the spans, every span), the aggregates of a
 * stretch (the whole trace, a tenth of it), the summary, and every span's
 * function and colour key as a painter would ask.  The model is a
 * million calls on 8 threads, nested as a profiler records them, with
 * 3,000 functions named as viztracer names them.  Nothing here asserts a
 * time; the figures are CPU time, best of 5.
 *
 *   bench-model-queries [--smoke] [--spans N]
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tl-range-stats.h"
#include "tl-span-search.h"
#include "tl-trace-model-code.h"
#include "tl-trace-overview.h"

#define N_LANES     8
#define N_FUNCTIONS 3000

typedef struct
{
  TlTraceModel *model;
  GRand        *rand;
  guint32       names[N_FUNCTIONS];
  guint32       lane;
  guint64       left;
} Maker;

/* A call and its callees; returns when it ended. */
static gint64
make_call (Maker  *maker,
           gint64  start,
           guint   depth)
{
  /* Skewed: a few functions are called far more than the others. */
  guint f = (guint) (g_rand_double (maker->rand) * g_rand_double (maker->rand) * N_FUNCTIONS);
  guint n = depth < 6 && maker->left > 0 ? (guint) g_rand_int_range (maker->rand, 0, depth < 2 ? 5 : 3) : 0;
  TlSpan span = { 0 };
  gint64 at = start + g_rand_int_range (maker->rand, 50, 400);

  maker->left--;
  for (guint i = 0; i < n && maker->left > 0; i++)
    at = make_call (maker, at, depth + 1) + g_rand_int_range (maker->rand, 20, 300);
  span.start = start;
  span.end = at + g_rand_int_range (maker->rand, 10, 2000);
  span.kind = TL_SPAN_SLICE;
  span.ref = maker->names[f];
  tl_trace_model_add_span (maker->model, maker->lane, &span);
  return span.end;
}

static TlTraceModel *
make_model (guint64 n_spans)
{
  Maker maker = { tl_trace_model_new (), g_rand_new_with_seed (1732123456), { 0 }, 0, 0 };
  gint64 clock[N_LANES] = { 0 };

  for (guint i = 0; i < N_FUNCTIONS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_%u (/home/user/project/pkg/module_%u.py:%u)",
                                               i % 5 == 0 ? "Worker.run" : i % 3 == 0 ? "_compute" : "handle_item",
                                               i, i % 40, 10 + (i * 37) % 900);

      maker.names[i] = tl_trace_model_intern (maker.model, name, -1);
    }
  maker.left = n_spans;
  while (maker.left > 0)
    {
      guint l = (guint) g_rand_int_range (maker.rand, 0, N_LANES);

      maker.lane = tl_trace_model_ensure_lane (maker.model, TL_LANE_THREAD, 4100, 4100 + l);
      clock[l] = make_call (&maker, clock[l], 0) + g_rand_int_range (maker.rand, 100, 5000);
    }
  tl_trace_model_finish (maker.model, TL_TS_NONE);
  g_rand_free (maker.rand);
  return maker.model;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

typedef enum
{
  SEARCH_FEW,
  SEARCH_THIRD,
  SEARCH_ALL,
  STATS_ALL,
  STATS_TENTH,
  SUMMARY,
  PAINT,
  N_QUERIES
} Query;

static const char * const query_labels[N_QUERIES] = {
  "search, a few matches (\"handle_item_1501\")",
  "search, a third of the spans (\"worker.run\")",
  "search, every span (\"module_\")",
  "range aggregates, the whole trace",
  "range aggregates, a tenth of it",
  "summary (busiest 10)",
  "every span's function and colour key",
};

/* Runs @query once; returns what it found, so that it is not optimised
 * away and can be printed. */
static guint64
run (TlTraceModel *model,
     Query         query,
     gint64        start,
     gint64        end)
{
  switch (query)
    {
    case SEARCH_FEW:
    case SEARCH_THIRD:
    case SEARCH_ALL:
      {
        const char *text = query == SEARCH_FEW ? "handle_item_1501" : query == SEARCH_THIRD ? "worker.run" : "module_";
        g_autoptr(TlSpanSearch) search = tl_span_search_new (model, text);

        return tl_span_search_get_n_matches (search);
      }
    case STATS_ALL:
    case STATS_TENTH:
      {
        gint64 from = query == STATS_ALL ? start : start + (end - start) * 4 / 10;
        gint64 to = query == STATS_ALL ? end + 1 : start + (end - start) * 5 / 10;
        g_autoptr(TlRangeStats) stats = tl_range_stats_new (model, from, to);
        guint n;

        tl_range_stats_get_functions (stats, &n);
        return n;
      }
    case SUMMARY:
      {
        g_autoptr(TlTraceOverview) summary = tl_trace_overview_new (model, 10);

        return summary->n_calls;
      }
    case PAINT:
    case N_QUERIES:
    default:
      {
        guint64 sum = 0;

        for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
          {
            TlLane *lane = tl_trace_model_get_lane (model, l);

            for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
              {
                guint n;
                const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

                for (guint i = 0; i < n; i++)
                  sum += tl_trace_model_get_span_color_key (model, &spans[i]) +
                         tl_trace_model_get_span_origin (model, &spans[i]);
              }
          }
        return sum;
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_spans = 1000000;
  guint repeats = 5;
  g_autoptr(TlTraceModel) model = NULL;
  gint64 start, end;
  double t;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--smoke") == 0)
        {
          n_spans = 5000;
          repeats = 1;
        }
      else if (strcmp (argv[i], "--spans") == 0 && i + 1 < argc)
        {
          n_spans = g_ascii_strtoull (argv[++i], NULL, 10);
        }
    }

  t = cpu_ms ();
  model = make_model (n_spans);
  printf ("# %" G_GUINT64_FORMAT " spans on %u threads, %u functions: made in %.0f ms\n",
          tl_trace_model_get_n_spans (model), N_LANES, N_FUNCTIONS, cpu_ms () - t);
  tl_trace_model_get_time_range (model, &start, &end);

  for (guint q = 0; q < N_QUERIES; q++)
    {
      double best = G_MAXDOUBLE;
      guint64 result = 0;

      for (guint r = 0; r < repeats; r++)
        {
          t = cpu_ms ();
          result = run (model, (Query) q, start, end);
          best = MIN (best, cpu_ms () - t);
        }
      printf ("  %-48s %8.1f ms  (%" G_GUINT64_FORMAT ")\n", query_labels[q], best, result);
    }
  return 0;
}
