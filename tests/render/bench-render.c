/* bench-render.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a frame of the timeline costs, on cairo's image surface (CPU only)
 * at 1920 x 1080, for simulated workloads of 10 thousand, 1 million and
 * 10 million events, fully zoomed out, at mid zoom (a hundredth of the
 * trace) and deep zoom (a ten-thousandth), each frame panned a little
 * from the last, and a 1 ms window (the same content in every size).
 * Prints p50 and p95 per case, the 10M/10k ratios, and what building the
 * summary cost.  Targets: p95 at most 16.6 ms at every zoom, a 10M/10k
 * ratio of at most 1.5 (p50 and p95).  Run as a benchmark (meson test
 * --benchmark), a missed target fails it (exit status 1); the smoke run
 * in the test suite only checks that it works, and says its timings are
 * for information only.
 *
 * Usage: bench-render [--smoke] [--replay] [--frames N] [--sizes N,N,...]
 * (or TL_BENCH_FRAMES / TL_BENCH_SIZES).  --smoke runs tiny counts so
 * that the test suite checks the benchmark still works; --replay draws
 * every frame as a replay does, the trace as it stood at a playhead that
 * moves on a little each frame (tl-horizon.h), two thirds into the view.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render-test-models.h"
#include "tl-painter.h"

#define WIDTH  1920
#define HEIGHT 1080
#define N_ZOOMS 4

/* The last is the same window whatever the trace: the workload's events
 * come at the same pace in every size, so it shows as much in each, and
 * its ratio measures only what the size of the trace costs.  The others
 * are fractions of the trace, so a 10M trace's mid zoom holds about a
 * thousand times what a 10k trace's does. */
static const char * const zoom_names[N_ZOOMS] = {
  "zoomed out", "mid (1/100)", "deep (1/10^4)", "1 ms window"
};
static const double zoom_fractions[N_ZOOMS] = { 1.0, 1e-2, 1e-4, 0 };
#define WINDOW_NS 1000000

/* A frame within one refresh at 60 Hz; the largest trace's frame at most
 * this many times the smallest's. */
#define TARGET_FRAME_MS 16.6
#define TARGET_RATIO    1.5

typedef struct
{
  guint64 n_events;
  double  p50[N_ZOOMS];
  double  p95[N_ZOOMS];
  double  cpu50[N_ZOOMS];     /* this thread's CPU time: what others' load does not inflate */
  double  rects[N_ZOOMS];
  double  nodes[N_ZOOMS];
  double  model_s;
  double  summary_ms;
  gsize   summary_bytes;
  gsize   model_bytes;
  guint64 n_spans;
} Result;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (double *sorted,
            guint   n,
            double  p)
{
  guint i = (guint) ceil (p * n) - 1;

  return sorted[MIN (i, n - 1)];
}

static gboolean replay;

static void
run_size (guint64  n_events,
          guint    n_frames,
          Result  *result)
{
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(TlPainter) painter = NULL;
  cairo_surface_t *surface;
  g_autofree double *times = g_new (double, n_frames);
  g_autofree double *cpu = g_new (double, n_frames);
  gint64 start, end;
  double t, c;

  result->n_events = n_events;
  t = now_ms ();
  /* 8 processes of 4 threads: 32 thread lanes, 8 lock or GIL lanes. */
  model = render_test_workload_model (n_events, 8, 4, 1);
  result->model_s = (now_ms () - t) / 1e3;
  result->model_bytes = tl_trace_model_get_memory_size (model);
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    result->n_spans += tl_trace_model_get_span_count (model, k);

  painter = tl_painter_new (model);
  t = now_ms ();
  tl_painter_update (painter);
  result->summary_ms = now_ms () - t;
  result->summary_bytes = tl_trace_summary_get_memory_size (tl_painter_get_summary (painter));

  tl_trace_model_get_time_range (model, &start, &end);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);

  for (guint z = 0; z < N_ZOOMS; z++)
    {
      gint64 duration = zoom_fractions[z] > 0
                          ? MAX ((gint64) ((end - start) * zoom_fractions[z]), 1000)
                          : MIN (WINDOW_NS, end - start);
      gint64 centre = start + (end - start) / 2;
      gint64 step = MAX (duration / WIDTH, 1) * 3;
      double rects = 0, nodes = 0;

      for (guint i = 0; i < n_frames + 2; i++)
        {
          TlViewport viewport;
          cairo_t *cr;
          /* Pan three pixels a frame, as a drag does; the first two
           * frames warm the caches and are not counted. */
          gint64 t0 = (z == 0 ? start : centre - duration / 2) + (gint64) (i % 20) * step;

          tl_viewport_init (&viewport, t0, t0 + duration, WIDTH, HEIGHT);
          if (replay)
            viewport.playhead = t0 + duration * 2 / 3 + (gint64) i * step;
          t = now_ms ();
          c = cpu_ms ();
          cr = cairo_create (surface);
          tl_painter_draw (painter, cr, &viewport, TL_PAINT_LAYER_ALL);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          if (i >= 2)
            {
              times[i - 2] = now_ms () - t;
              cpu[i - 2] = cpu_ms () - c;
              rects += tl_painter_get_stats (painter)->rects;
              nodes += (double) tl_painter_get_stats (painter)->nodes;
            }
        }
      qsort (times, n_frames, sizeof *times, compare_doubles);
      result->p50[z] = percentile (times, n_frames, 0.50);
      result->p95[z] = percentile (times, n_frames, 0.95);
      qsort (cpu, n_frames, sizeof *cpu, compare_doubles);
      result->cpu50[z] = percentile (cpu, n_frames, 0.50);
      result->rects[z] = rects / n_frames;
      result->nodes[z] = nodes / n_frames;

      if (z == 0 && n_events == 10000000)
        {
          g_autofree char *path = g_build_filename (g_get_tmp_dir (), "bench-render-10M.png", NULL);

          cairo_surface_write_to_png (surface, path);
          printf ("  (the last 10M zoomed-out frame is in %s)\n", path);
        }
    }
  cairo_surface_destroy (surface);
}

static GArray *
parse_sizes (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n = g_ascii_strtoull (parts[i], NULL, 10);

      if (n > 0)
        g_array_append_val (sizes, n);
    }
  return sizes;
}

/* Prints whether the targets were met.  As a benchmark, a missed target
 * is a failure (exit status 1); with --smoke the counts are far too small
 * to time anything, so the line says it is for information only. */
static int
report_targets (const Result *results,
                guint         n_results,
                gboolean      smoke)
{
  gboolean fast = TRUE, flat95 = TRUE, flat50 = TRUE;

  for (guint s = 0; s < n_results; s++)
    for (guint z = 0; z < N_ZOOMS; z++)
      fast &= results[s].p95[z] <= TARGET_FRAME_MS;
  if (n_results > 1)
    {
      const Result *small = &results[0], *large = &results[n_results - 1];

      printf ("\nRatio %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT " events (target <= %.1f):\n",
              large->n_events, small->n_events, TARGET_RATIO);
      for (guint z = 0; z < N_ZOOMS; z++)
        {
          double ratio50 = large->p50[z] / small->p50[z], ratio95 = large->p95[z] / small->p95[z];

          printf ("  %-14s p50 %.2f   p95 %.2f   (CPU p50 %.2f)\n", zoom_names[z], ratio50, ratio95,
                  large->cpu50[z] / small->cpu50[z]);
          flat50 &= ratio50 <= TARGET_RATIO;
          flat95 &= ratio95 <= TARGET_RATIO;
        }
    }

  printf ("\n%s p95 <= %.1f ms everywhere: %s", smoke ? "Targets (for information only: smoke "
          "counts are too small to time):" : "Targets:", TARGET_FRAME_MS, fast ? "met" : "NOT met");
  if (n_results > 1)
    printf ("; ratio <= %.1f at every zoom: p95 %s, p50 %s", TARGET_RATIO,
            flat95 ? "met" : "NOT met", flat50 ? "met" : "NOT met");
  printf ("\n");
  if (smoke || (fast && flat95 && flat50))
    return 0;
  g_printerr ("bench-render: a target was missed (re-measure on an idle machine before trusting it)\n");
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) sizes = NULL;
  g_autofree Result *results = NULL;
  guint n_frames = 60;
  gboolean smoke = FALSE;
  const char *env;

  env = g_getenv ("TL_BENCH_FRAMES");
  if (env != NULL)
    {
      int n = atoi (env);

      n_frames = (guint) MAX (1, n);
    }
  env = g_getenv ("TL_BENCH_SIZES");
  sizes = parse_sizes (env != NULL ? env : "10000,1000000,10000000");
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--smoke") == 0)
        smoke = TRUE;
      else if (strcmp (argv[i], "--replay") == 0)
        replay = TRUE;
      else if (strcmp (argv[i], "--frames") == 0 && i + 1 < argc)
        {
          int n = atoi (argv[++i]);

          n_frames = (guint) MAX (1, n);
        }
      else if (strcmp (argv[i], "--sizes") == 0 && i + 1 < argc)
        {
          g_array_unref (sizes);
          sizes = parse_sizes (argv[++i]);
        }
    }
  if (smoke)
    {
      g_array_set_size (sizes, 0);
      g_array_append_vals (sizes, (guint64[]) { 10000, 50000 }, 2);
      n_frames = 4;
    }
  if (sizes->len == 0)
    {
      g_printerr ("bench-render: no sizes\n");
      return 2;
    }

  printf ("Painter frame time, cairo image surface %dx%d, %u frames per case%s\n", WIDTH, HEIGHT,
          n_frames, replay ? ", replayed at a moving playhead" : "");
  results = g_new0 (Result, sizes->len);
  for (guint s = 0; s < sizes->len; s++)
    {
      Result *r = &results[s];

      run_size (g_array_index (sizes, guint64, s), n_frames, r);
      printf ("\n%" G_GUINT64_FORMAT " events (%" G_GUINT64_FORMAT " spans): model built in %.2f s "
              "(%.1f MB); summary built in %.1f ms (%.1f MB, %.1f%% of the model)\n",
              r->n_events, r->n_spans, r->model_s, r->model_bytes / 1e6, r->summary_ms,
              r->summary_bytes / 1e6, 100.0 * r->summary_bytes / MAX (r->model_bytes, 1));
      for (guint z = 0; z < N_ZOOMS; z++)
        printf ("  %-14s p50 %6.2f ms   p95 %6.2f ms   (CPU p50 %6.2f ms)   %6.0f rects   %6.0f nodes\n",
                zoom_names[z], r->p50[z], r->p95[z], r->cpu50[z], r->rects[z], r->nodes[z]);
      fflush (stdout);
    }

  return report_targets (results, sizes->len, smoke);
}
