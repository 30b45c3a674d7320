/* test-render-summary.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the painter stands on: the level-of-detail summary (bounded work
 * per column, exact spans when zoomed in, the dominant state when not,
 * the same result whether built at once or while the model grew), the
 * time axis, the viewport arithmetic and the palette.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "render-test-models.h"
#include "tl-palette.h"
#include "tl-time-axis.h"
#include "tl-trace-summary.h"
#include "tl-viewport.h"

#define MS TL_TEST_MS
#define US TL_TEST_US

static void
collect (TlTraceSummary *summary,
         guint32         lane,
         guint           track,
         gint64          t0,
         gint64          t1,
         double          width,
         GArray         *runs,
         TlSummaryStats *stats)
{
  TlTimeMap map;

  tl_time_map_init (&map, t0, t1, 0, width);
  g_array_set_size (runs, 0);
  tl_trace_summary_collect_spans (summary, lane, track, &map, 2.0, G_MAXUINT, runs, stats);
}

static void
test_summary_bounded (void)
{
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (TlRun));
  guint64 visited[2];
  guint sizes[2] = { 100000, 1000000 };

  /* Ten times the spans, the same number of nodes visited (within the
   * tree's extra level). */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(TlTraceModel) model = render_test_dense_model (sizes[s], 1 * US);
      g_autoptr(TlTraceSummary) summary = tl_trace_summary_new (model);
      TlSummaryStats stats = { 0 };

      g_assert_true (tl_trace_summary_update (summary));
      g_assert_false (tl_trace_summary_update (summary));
      collect (summary, 0, 0, 0, sizes[s] * US, 1000, runs, &stats);
      visited[s] = stats.nodes;
      g_test_message ("%u spans: %" G_GUINT64_FORMAT " nodes, %u runs, %" G_GSIZE_FORMAT " bytes",
                      sizes[s], stats.nodes, runs->len, tl_trace_summary_get_memory_size (summary));
      g_assert_cmpuint (runs->len, <=, 501);
      g_assert_cmpuint (stats.exact, ==, 0);
      /* About a seventh of the spans, in 32-byte nodes. */
      g_assert_cmpuint (tl_trace_summary_get_memory_size (summary), <, sizes[s] * 32 / 6);
    }
  g_assert_cmpuint (visited[1], <, visited[0] * 2);
}

static void
test_summary_exact (void)
{
  g_autoptr(TlTraceModel) model = render_test_dense_model (10000, 1 * US);
  g_autoptr(TlTraceSummary) summary = tl_trace_summary_new (model);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (TlRun));
  TlSummaryStats stats = { 0 };

  tl_trace_summary_update (summary);
  /* 20 spans over 1000 pixels: 50 pixels each, at their exact place
   * (with the two that touch the range's ends). */
  collect (summary, 0, 0, 100 * US, 120 * US, 1000, runs, &stats);
  g_assert_cmpuint (runs->len, ==, 22);
  g_assert_cmpuint (g_array_index (runs, TlRun, 0).index, ==, 99);
  g_assert_cmpuint (g_array_index (runs, TlRun, 21).index, ==, 120);
  for (guint i = 0; i < 20; i++)
    {
      const TlRun *run = &g_array_index (runs, TlRun, i + 1);

      g_assert_cmpuint (run->index, ==, 100 + i);
      g_assert_cmpfloat (fabs (run->x0 - i * 50.0), <, 1e-6);
      g_assert_cmpfloat (fabs (run->x1 - (i + 1) * 50.0), <, 1e-6);
      g_assert_cmpint (run->paint_class, ==, (100 + i) % 4 == 3 ? TL_PAINT_WAIT_LOCK : TL_PAINT_RUNNING);
    }
}

static void
test_summary_dominant (void)
{
  g_autoptr(TlTraceModel) model = render_test_dense_model (100000, 1 * US);
  g_autoptr(TlTraceSummary) summary = tl_trace_summary_new (model);
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (TlRun));

  tl_trace_summary_update (summary);
  /* Three of four spans run: merged, it is one running rectangle. */
  collect (summary, 0, 0, 0, 100000 * US, 800, runs, NULL);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (g_array_index (runs, TlRun, 0).paint_class, ==, TL_PAINT_RUNNING);
  g_assert_false (g_array_index (runs, TlRun, 0).sparse);
  /* A quarter of waiting is not enough for an accent. */
  g_assert_cmpint (g_array_index (runs, TlRun, 0).accent, ==, TL_PAINT_N_CLASSES);
  g_assert_cmpfloat (g_array_index (runs, TlRun, 0).x0, <=, 0);
  g_assert_cmpfloat (g_array_index (runs, TlRun, 0).x1, >=, 799);
}

static void
test_summary_accent (void)
{
  /* Running 60% of the time, waiting for a lock 40%, finely interleaved:
   * merged, it is running with a steady accent of waiting. */
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlTraceSummary) summary = NULL;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (TlRun));
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  gint64 t = 0;

  for (guint i = 0; i < 100000; i++)
    {
      TlSpan span = { 0 };

      span.start = t;
      span.end = t += i % 2 ? 4 * US : 6 * US;
      span.kind = i % 2 ? TL_SPAN_WAIT_LOCK : TL_SPAN_RUNNING;
      span.ref = TL_INDEX_NONE;
      tl_trace_model_add_span (model, lane, &span);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  summary = tl_trace_summary_new (model);
  tl_trace_summary_update (summary);

  collect (summary, lane, 0, 0, t, 1000, runs, NULL);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpint (g_array_index (runs, TlRun, 0).paint_class, ==, TL_PAINT_RUNNING);
  g_assert_cmpint (g_array_index (runs, TlRun, 0).accent, ==, TL_PAINT_WAIT_LOCK);

  /* Zoomed in, no accent: every span is itself. */
  collect (summary, lane, 0, 0, 100 * US, 1000, runs, NULL);
  for (guint i = 0; i < runs->len; i++)
    {
      g_assert_cmpuint (g_array_index (runs, TlRun, i).index, !=, TL_INDEX_NONE);
      g_assert_cmpint (g_array_index (runs, TlRun, i).accent, ==, TL_PAINT_N_CLASSES);
    }
}

static void
test_summary_mixed (void)
{
  /* Wide spans around a burst of tiny ones: the wide ones exact, the
   * burst merged between them. */
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlTraceSummary) summary = NULL;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (TlRun));
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  TlSpan span = { 0 };
  gint64 t = 0;

  span.ref = TL_INDEX_NONE;
  span.kind = TL_SPAN_SLEEP;
  span.end = t = 400 * MS;
  tl_trace_model_add_span (model, lane, &span);
  for (guint i = 0; i < 50000; i++)
    {
      span.start = t;
      span.end = t = t + 2 * US;
      span.kind = i % 2 ? TL_SPAN_WAIT_GIL : TL_SPAN_RUNNING;
      tl_trace_model_add_span (model, lane, &span);
    }
  span.start = t;
  span.end = t + 500 * MS;
  span.kind = TL_SPAN_IO;
  tl_trace_model_add_span (model, lane, &span);
  tl_trace_model_finish (model, TL_TS_NONE);

  summary = tl_trace_summary_new (model);
  tl_trace_summary_update (summary);
  collect (summary, lane, 0, 0, 1000 * MS, 1000, runs, NULL);

  g_assert_cmpuint (runs->len, >=, 3);
  g_assert_cmpuint (g_array_index (runs, TlRun, 0).index, ==, 0);
  g_assert_cmpint (g_array_index (runs, TlRun, 0).paint_class, ==, TL_PAINT_SLEEP_IO);
  g_assert_cmpfloat (g_array_index (runs, TlRun, 0).x1, ==, 400.0);
  g_assert_cmpuint (g_array_index (runs, TlRun, runs->len - 1).index, ==, 50001);
  g_assert_cmpfloat (fabs (g_array_index (runs, TlRun, runs->len - 1).x0 - 500.0), <, 1e-6);
  for (guint i = 1; i + 1 < runs->len; i++)
    {
      const TlRun *run = &g_array_index (runs, TlRun, i);

      g_assert_cmpuint (run->index, ==, TL_INDEX_NONE);
      g_assert_cmpfloat (run->x0, >=, 400.0);
      g_assert_cmpfloat (run->x1, <=, 500.0 + 1e-6);
    }
}

static gboolean
runs_equal (GArray *a,
            GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  return memcmp (a->data, b->data, (gsize) a->len * sizeof (TlRun)) == 0;
}

static void
test_summary_incremental (void)
{
  g_autoptr(GArray) events = render_test_workload_events (60000, 2, 3, 11);
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlTraceSummary) grown = tl_trace_summary_new (model);
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (TlRun));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (TlRun));
  g_autoptr(GArray) bins_a = g_array_new (FALSE, FALSE, sizeof (TlMarkBin));
  g_autoptr(GArray) bins_b = g_array_new (FALSE, FALSE, sizeof (TlMarkBin));
  const TlModelEvent *e = (const TlModelEvent *) (gpointer) events->data;
  gint64 start, end;
  guint done = 0;

  /* Uneven batches, so that partial nodes are redone at every level. */
  for (guint upto = 7; done < events->len; upto = MIN (upto * 3 + 1, events->len))
    {
      tl_trace_model_add_events (model, e + done, upto - done);
      done = upto;
      tl_trace_summary_update (grown);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  tl_trace_summary_update (grown);

  tl_trace_model_get_time_range (model, &start, &end);
  {
    g_autoptr(TlTraceSummary) fresh = tl_trace_summary_new (model);
    guint zooms[] = { 1, 10, 1000 };

    tl_trace_summary_update (fresh);
    for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
      for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
        {
          TlLane *lane = tl_trace_model_get_lane (model, l);
          gint64 t1 = start + (end - start) / zooms[z];
          TlTimeMap map;

          for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
            {
              collect (grown, l, t, start, t1, 1000, a, NULL);
              collect (fresh, l, t, start, t1, 1000, b, NULL);
              g_assert_true (runs_equal (a, b));
            }
          tl_time_map_init (&map, start, t1, 0, 1000);
          g_array_set_size (bins_a, 0);
          g_array_set_size (bins_b, 0);
          tl_trace_summary_collect_marks (grown, l, &map, 8, G_MAXUINT, bins_a, NULL);
          tl_trace_summary_collect_marks (fresh, l, &map, 8, G_MAXUINT, bins_b, NULL);
          g_assert_cmpuint (bins_a->len, ==, bins_b->len);
          g_assert_cmpint (memcmp (bins_a->data, bins_b->data, bins_a->len * sizeof (TlMarkBin)), ==, 0);
        }
  }
}

static void
test_summary_marks (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlTraceSummary) summary = NULL;
  g_autoptr(GArray) bins = g_array_new (FALSE, FALSE, sizeof (TlMarkBin));
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  guint32 classes, marks;
  guint64 total = 0;
  TlTimeMap map;

  for (guint i = 0; i < 100000; i++)
    {
      TlInstant instant = { 0 };

      instant.ts = (gint64) i * 10 * US;
      instant.kind = i == 50000 ? TL_EVENT_CRASH : i % 2 ? TL_EVENT_READ : TL_EVENT_WRITE;
      instant.ref = TL_INDEX_NONE;
      tl_trace_model_add_instant (model, lane, &instant);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  summary = tl_trace_summary_new (model);
  tl_trace_summary_update (summary);

  tl_trace_summary_get_presence (summary, &classes, &marks);
  g_assert_cmpuint (marks, ==, (1u << TL_MARK_CRASH) | (1u << TL_MARK_READ) | (1u << TL_MARK_WRITE));
  g_assert_cmpuint (classes, ==, 0);

  /* All of them in 8-pixel bins over 800 pixels: about 100 bins that
   * count every instant once, the crash among them. */
  tl_time_map_init (&map, 0, 1000000 * US, 0, 800);
  tl_trace_summary_collect_marks (summary, lane, &map, 8, G_MAXUINT, bins, NULL);
  g_assert_cmpuint (bins->len, <=, 102);
  for (guint i = 0; i < bins->len; i++)
    total += g_array_index (bins, TlMarkBin, i).count;
  g_assert_cmpuint (total, ==, 100000);
  {
    gboolean crash = FALSE;

    for (guint i = 0; i < bins->len; i++)
      if (g_array_index (bins, TlMarkBin, i).mask & (1u << TL_MARK_CRASH))
        {
          crash = TRUE;
          g_assert_cmpfloat (fabs (g_array_index (bins, TlMarkBin, i).x - 400), <, 8);
        }
    g_assert_true (crash);
  }

  /* Zoomed in, each is alone, at its own x. */
  g_array_set_size (bins, 0);
  tl_time_map_init (&map, 0, 100 * US, 0, 1000);
  tl_trace_summary_collect_marks (summary, lane, &map, 8, G_MAXUINT, bins, NULL);
  g_assert_cmpuint (bins->len, ==, 11);
  for (guint i = 0; i < bins->len; i++)
    {
      const TlMarkBin *bin = &g_array_index (bins, TlMarkBin, i);

      g_assert_cmpuint (bin->count, ==, 1);
      g_assert_cmpuint (bin->index, ==, i);
      g_assert_cmpfloat (fabs (bin->x - i * 100.0), <, 1e-6);
    }
}

static void
test_summary_counter (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlTraceSummary) summary = NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (TlCounterColumn));
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_COUNTER, 1, 1);
  double min, max, seen_min = G_MAXDOUBLE, seen_max = -G_MAXDOUBLE;
  TlTimeMap map;

  for (guint i = 0; i < 50000; i++)
    tl_trace_model_add_counter_sample (model, lane, (gint64) i * US, sin (i / 1000.0) * 10);
  tl_trace_model_finish (model, TL_TS_NONE);
  summary = tl_trace_summary_new (model);
  tl_trace_summary_update (summary);

  g_assert_true (tl_trace_summary_get_counter_range (summary, lane, G_MAXUINT, &min, &max));
  g_assert_cmpfloat (fabs (min + 10), <, 0.01);
  g_assert_cmpfloat (fabs (max - 10), <, 0.01);

  tl_time_map_init (&map, 0, 50000 * US, 0, 500);
  tl_trace_summary_collect_counter (summary, lane, &map, 1, G_MAXUINT, columns, NULL);
  g_assert_cmpuint (columns->len, <=, 502);
  g_assert_cmpuint (columns->len, >=, 400);
  for (guint i = 0; i < columns->len; i++)
    {
      const TlCounterColumn *c = &g_array_index (columns, TlCounterColumn, i);

      g_assert_cmpfloat (c->min, <=, c->max);
      seen_min = MIN (seen_min, c->min);
      seen_max = MAX (seen_max, c->max);
    }
  g_assert_cmpfloat (fabs (seen_min - min), <, 0.01);
  g_assert_cmpfloat (fabs (seen_max - max), <, 0.01);
}

static void
test_time_axis (void)
{
  TlTickScale scale;
  GError *error = NULL;
  gint64 ns;
  char *text;

  /* 10 µs a pixel, 100 pixels apart: a tick every millisecond. */
  tl_tick_scale_choose (&scale, 10000, 100);
  g_assert_cmpint (scale.step, ==, 1 * MS);
  g_assert_cmpint (scale.minor, ==, 200 * US);
  text = tl_tick_scale_format (&scale, 3 * MS);
  g_assert_cmpstr (text, ==, "3 ms");
  g_free (text);

  /* 500 µs steps read as fractions of a millisecond. */
  tl_tick_scale_choose (&scale, 4000, 100);
  g_assert_cmpint (scale.step, ==, 500 * US);
  text = tl_tick_scale_format (&scale, 1500 * US);
  g_assert_cmpstr (text, ==, "1.5 ms");
  g_free (text);

  /* Deep into a long trace, seconds with the digits the step needs. */
  tl_tick_scale_choose (&scale, 200, 100);
  g_assert_cmpint (scale.step, ==, 20 * US);
  text = tl_tick_scale_format (&scale, G_GINT64_CONSTANT (12500040000));
  g_assert_cmpstr (text, ==, "12.50004 s");
  g_free (text);

  g_assert_true (tl_parse_duration ("1.5", &ns, &error));
  g_assert_cmpint (ns, ==, 1500 * MS);
  g_assert_true (tl_parse_duration ("20ms", &ns, &error));
  g_assert_cmpint (ns, ==, 20 * MS);
  g_assert_true (tl_parse_duration (" 300 us", &ns, &error));
  g_assert_cmpint (ns, ==, 300 * US);
  g_assert_true (tl_parse_duration ("300µs", &ns, &error));
  g_assert_cmpint (ns, ==, 300 * US);
  g_assert_true (tl_parse_duration ("40ns", &ns, &error));
  g_assert_cmpint (ns, ==, 40);
  g_assert_true (tl_parse_duration ("2s", &ns, &error));
  g_assert_cmpint (ns, ==, 2000 * MS);
  g_assert_no_error (error);
  g_assert_false (tl_parse_duration ("soon", &ns, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (tl_parse_duration ("5 parsecs", &ns, &error));
  g_clear_error (&error);
}

static void
test_viewport (void)
{
  TlViewport viewport;
  TlTimeMap map;
  gint64 anchor = 30 * MS;

  tl_viewport_init (&viewport, 0, 100 * MS, 1000, 500);
  g_assert_cmpint (viewport.now, ==, TL_TS_NONE);

  /* Zooming in around 30 ms keeps 30 ms under the pointer. */
  tl_viewport_zoom (&viewport, anchor, 2.0);
  g_assert_cmpint (viewport.t1 - viewport.t0, ==, 50 * MS);
  g_assert_cmpint (viewport.t0, ==, 15 * MS);
  tl_viewport_zoom (&viewport, anchor, 0.5);
  g_assert_cmpint (viewport.t0, ==, 0);
  g_assert_cmpint (viewport.t1, ==, 100 * MS);

  tl_viewport_pan (&viewport, -20 * MS);
  tl_viewport_clamp (&viewport, 0, 100 * MS, 1000);
  g_assert_cmpint (viewport.t0, ==, 0);
  g_assert_cmpint (viewport.t1, ==, 100 * MS);
  tl_viewport_zoom (&viewport, 0, 1e9);
  tl_viewport_clamp (&viewport, 0, 100 * MS, 1000);
  g_assert_cmpint (viewport.t1 - viewport.t0, ==, 1000);

  tl_viewport_init (&viewport, 0, 100 * MS, 1000, 500);
  tl_viewport_follow (&viewport, 500 * MS);
  g_assert_cmpint (viewport.t1 - viewport.t0, ==, 100 * MS);
  g_assert_cmpint (viewport.t1, >, 500 * MS);

  tl_time_map_init (&map, 10 * MS, 20 * MS, 100, 1100);
  g_assert_cmpfloat (tl_time_map_x (&map, 15 * MS), ==, 600);
  g_assert_cmpint (tl_time_map_time (&map, 600), ==, 15 * MS);
  g_assert_cmpfloat (tl_time_map_x_clamped (&map, G_GINT64_CONSTANT (1) << 60), <, 1105);
}

static void
test_palette (void)
{
  TlStyle style;

  for (guint s = 0; s < TL_N_STYLES; s++)
    {
      const TlPalette *p = tl_palette_get (s);

      g_assert_cmpint (p->style, ==, s);
      g_assert_true (tl_style_from_string (tl_style_to_string (s), &style));
      g_assert_cmpint (style, ==, s);
      /* Every state distinct from every other by colour or pattern. */
      for (guint a = 0; a < TL_PAINT_N_CLASSES; a++)
        for (guint b = a + 1; b < TL_PAINT_N_CLASSES; b++)
          {
            double d = sqrt (pow (p->fill[a].r - p->fill[b].r, 2) +
                             pow (p->fill[a].g - p->fill[b].g, 2) +
                             pow (p->fill[a].b - p->fill[b].b, 2));

            g_assert_true (d > 0.15 || p->pattern[a] != p->pattern[b]);
          }
      /* Waits wear a pattern: told apart from work without colour. */
      for (guint c = TL_PAINT_WAIT_LOCK; c <= TL_PAINT_WAIT_OTHER; c++)
        g_assert_cmpint (p->pattern[c], !=, TL_FILL_SOLID);
      g_assert_cmpint (p->pattern[TL_PAINT_RUNNING], ==, TL_FILL_SOLID);
    }
  g_assert_true (tl_style_from_string ("normal", &style));
  g_assert_cmpint (style, ==, TL_STYLE_LIGHT);
  g_assert_false (tl_style_from_string ("neon", &style));
  g_assert_cmpfloat (tl_palette_get (TL_STYLE_PRESENTATION)->font_size, >,
                     tl_palette_get (TL_STYLE_LIGHT)->font_size * 1.4);

  g_assert_cmpint (tl_paint_class_for_span (TL_SPAN_OWNER, TL_LANE_GIL), ==, TL_PAINT_HOLD_GIL);
  g_assert_cmpint (tl_paint_class_for_span (TL_SPAN_OWNER, TL_LANE_LOCK), ==, TL_PAINT_HOLD_LOCK);
  g_assert_cmpint (tl_paint_class_for_span (TL_SPAN_IO, TL_LANE_THREAD), ==, TL_PAINT_SLEEP_IO);
  g_assert_cmpint (tl_mark_class_for_event (TL_EVENT_LOCK_WAIT), ==, TL_N_MARKS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/summary/bounded", test_summary_bounded);
  g_test_add_func ("/render/summary/exact", test_summary_exact);
  g_test_add_func ("/render/summary/dominant", test_summary_dominant);
  g_test_add_func ("/render/summary/accent", test_summary_accent);
  g_test_add_func ("/render/summary/mixed", test_summary_mixed);
  g_test_add_func ("/render/summary/incremental", test_summary_incremental);
  g_test_add_func ("/render/summary/marks", test_summary_marks);
  g_test_add_func ("/render/summary/counter", test_summary_counter);
  g_test_add_func ("/render/time-axis", test_time_axis);
  g_test_add_func ("/render/viewport", test_viewport);
  g_test_add_func ("/render/palette", test_palette);

  return g_test_run ();
}
