/* test-render-painter.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The painter on an image surface, no display: rows where they belong,
 * each state in its colour, instants and arrows drawn, a bounded number
 * of rectangles for a dense lane, every style, live spans up to "now",
 * and hit testing that agrees with what was drawn.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "render-test-models.h"
#include "render-test-pixels.h"
#include "tl-painter.h"

#define MS TL_TEST_MS
#define US TL_TEST_US

static TlPainter *
demo_painter (TlTraceModel **model_out,
              TlViewport    *viewport,
              int            width)
{
  TlTraceModel *model = render_test_demo_model (TRUE);
  TlPainter *painter = tl_painter_new (model);

  tl_painter_update (painter);
  tl_viewport_init (viewport, 0, 100 * MS, width, 0);
  viewport->height = tl_painter_get_natural_height (painter, width);
  *model_out = model;
  return painter;
}

static guint32
lane_of (TlTraceModel *model,
         TlLaneKind    kind,
         guint32       pid,
         guint64       key)
{
  guint32 lane = tl_trace_model_lookup_lane (model, kind, pid, key);

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  return lane;
}

static void
test_painter_rows (void)
{
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(TlPainter) painter = NULL;
  const TlLayout *layout;
  const TlPalette *palette;
  TlViewport viewport;
  guint32 expected[] = {
    TL_INDEX_NONE,
    lane_of (model = render_test_demo_model (TRUE), TL_LANE_THREAD, 100, 1),
    lane_of (model, TL_LANE_THREAD, 100, 2),
    lane_of (model, TL_LANE_THREAD, 100, 3),
    lane_of (model, TL_LANE_THREAD, 100, 4),
    lane_of (model, TL_LANE_GIL, 100, 99),
    lane_of (model, TL_LANE_LOCK, 100, 7),
    TL_INDEX_NONE,
    lane_of (model, TL_LANE_THREAD, 200, 201),
  };
  double y = 0, height;

  painter = tl_painter_new (model);
  tl_painter_update (painter);
  layout = tl_painter_get_layout (painter);
  palette = tl_painter_get_palette (painter);

  /* Each process's header, then its threads, then what they share. */
  g_assert_cmpuint (tl_layout_get_n_rows (layout), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const TlRow *row = tl_layout_get_row (layout, i);

      g_assert_cmpint (row->kind, ==, expected[i] == TL_INDEX_NONE ? TL_ROW_PROCESS : TL_ROW_LANE);
      g_assert_cmpuint (row->lane, ==, expected[i]);
      g_assert_cmpfloat (row->y, ==, y);
      g_assert_cmpuint (tl_layout_find_row (layout, y + 1), ==, i);
      if (expected[i] != TL_INDEX_NONE)
        g_assert_cmpuint (tl_layout_lookup_lane (layout, expected[i]), ==, i);
      y += row->height;
    }
  g_assert_cmpfloat (tl_painter_get_content_height (painter), ==, y);

  /* worker 1 holds L, then runs a task: its state and one track above. */
  {
    const TlRow *row = tl_layout_get_row (layout, 1);
    double ty, th;

    g_assert_true (row->stateful);
    g_assert_cmpuint (row->n_tracks, ==, 2);
    g_assert_true (tl_layout_get_track (layout, row, 0, &ty, &th));
    g_assert_cmpfloat (ty, ==, row->y);
    g_assert_cmpfloat (th, ==, palette->state_height);
    g_assert_true (tl_layout_get_track (layout, row, 1, &ty, &th));
    g_assert_cmpfloat (ty, ==, row->y + palette->state_height);
    g_assert_cmpfloat (th, ==, palette->track_height);
    g_assert_cmpuint (tl_layout_find_track (layout, row, row->y + 1), ==, 0);
    g_assert_cmpuint (tl_layout_find_track (layout, row, row->y + palette->state_height + 1), ==, 1);
  }

  /* Collapsing the pool leaves its header; its lanes map to it. */
  height = tl_painter_get_content_height (painter);
  tl_painter_set_process_collapsed (painter, 100, TRUE);
  g_assert_true (tl_painter_update (painter));
  layout = tl_painter_get_layout (painter);
  g_assert_cmpuint (tl_layout_get_n_rows (layout), ==, 3);
  g_assert_cmpuint (tl_layout_lookup_lane (layout, expected[2]), ==, 0);
  g_assert_true (tl_layout_get_row (layout, 0)->collapsed);
  g_assert_cmpfloat (tl_painter_get_content_height (painter), <, height);
  g_assert_false (tl_painter_update (painter));

  /* Collapsed, it still draws, arrows ending on the header. */
  tl_viewport_init (&viewport, 0, 100 * MS, 800, 300);
  cairo_surface_destroy (render_test_draw (painter, &viewport));
  g_assert_cmpuint (tl_painter_get_stats (painter)->rows, ==, 3);
}

typedef struct
{
  TlLaneKind   kind;
  guint64      key;
  guint        track;
  gint64       t;
  TlPaintClass expected;
} Probe;

static void
check_probes (TlPainter        *painter,
              cairo_surface_t  *surface,
              const TlViewport *viewport,
              guint32           pid,
              const Probe      *probes,
              guint             n_probes)
{
  const TlPalette *palette = tl_painter_get_palette (painter);

  for (guint i = 0; i < n_probes; i++)
    {
      double x, y;
      int found;

      g_assert_true (render_test_locate (painter, viewport, probes[i].kind, pid, probes[i].key,
                                         probes[i].track, probes[i].t, &x, &y));
      found = render_test_classify_area (palette, surface, (int) x - 3, (int) y - 2, 7, 5);
      if (found != (int) probes[i].expected)
        {
          render_test_save (surface, "probe-failure.png");
          g_error ("probe %u (lane %" G_GUINT64_FORMAT " track %u at %" G_GINT64_FORMAT " ms): "
                 "expected %s, found %s", i, probes[i].key, probes[i].track, probes[i].t / MS,
                 tl_paint_class_to_label (probes[i].expected),
                 found < 0 ? "background" : tl_paint_class_to_label (found));
        }
    }
}

static const Probe demo_probes[] = {
  { TL_LANE_THREAD, 1, 0, 5 * MS, TL_PAINT_RUNNING },
  { TL_LANE_THREAD, 1, 1, 15 * MS, TL_PAINT_HOLD_LOCK },
  { TL_LANE_THREAD, 1, 0, 35 * MS, TL_PAINT_SLEEP_IO },
  { TL_LANE_THREAD, 1, 1, 66 * MS, TL_PAINT_TASK },
  { TL_LANE_THREAD, 1, 0, 75 * MS, TL_PAINT_SLEEP_IO },
  { TL_LANE_THREAD, 2, 0, 22 * MS, TL_PAINT_WAIT_LOCK },
  { TL_LANE_THREAD, 2, 1, 37 * MS, TL_PAINT_HOLD_LOCK },
  { TL_LANE_THREAD, 2, 0, 48 * MS, TL_PAINT_WAIT_QUEUE },
  { TL_LANE_THREAD, 3, 1, 10 * MS, TL_PAINT_HOLD_GIL },
  { TL_LANE_THREAD, 3, 0, 66 * MS, TL_PAINT_WAIT_OTHER },
  { TL_LANE_THREAD, 4, 0, 12 * MS, TL_PAINT_WAIT_GIL },
  { TL_LANE_THREAD, 4, 1, 30 * MS, TL_PAINT_HOLD_GIL },
  { TL_LANE_LOCK, 7, 0, 24 * MS, TL_PAINT_HOLD_LOCK },
  { TL_LANE_LOCK, 7, 0, 38 * MS, TL_PAINT_HOLD_LOCK },
  { TL_LANE_GIL, 99, 0, 16 * MS, TL_PAINT_HOLD_GIL },
};

static void
test_painter_colours (void)
{
  g_autoptr(TlTraceModel) model = NULL;
  TlViewport viewport;
  g_autoptr(TlPainter) painter = demo_painter (&model, &viewport, 1200);
  cairo_surface_t *surface = render_test_draw (painter, &viewport);
  const TlPalette *palette = tl_painter_get_palette (painter);
  double x, y;

  check_probes (painter, surface, &viewport, 100, demo_probes, G_N_ELEMENTS (demo_probes));

  /* The child runs, is in I/O, runs; after the crash its lane is empty. */
  {
    const Probe child[] = {
      { TL_LANE_THREAD, 201, 0, 10 * MS, TL_PAINT_RUNNING },
      { TL_LANE_THREAD, 201, 0, 25 * MS, TL_PAINT_SLEEP_IO },
    };

    check_probes (painter, surface, &viewport, 200, child, G_N_ELEMENTS (child));
    g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 200, 201, 0, 80 * MS, &x, &y));
    g_assert_cmpint (render_test_classify (palette, surface, (int) x, (int) y), ==, -1);
  }

  /* Nothing after the trace's end (90 ms). */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 0, 95 * MS, &x, &y));
  g_assert_cmpint (render_test_classify (palette, surface, (int) x, (int) y), ==, -1);

  render_test_save (surface, "demo-light.png");
  cairo_surface_destroy (surface);
}

static void
test_painter_instants_and_flows (void)
{
  g_autoptr(TlTraceModel) model = NULL;
  TlViewport viewport;
  g_autoptr(TlPainter) painter = demo_painter (&model, &viewport, 1200);
  cairo_surface_t *surface = render_test_draw (painter, &viewport);
  const TlPalette *palette = tl_painter_get_palette (painter);
  const TlPaintStats *stats = tl_painter_get_stats (painter);
  struct { guint64 key; guint32 pid; gint64 t; TlMarkClass mark; } marks[] = {
    { 1, 100, 45 * MS, TL_MARK_PRINT },
    { 1, 100, 20 * MS, TL_MARK_WRITE },
    { 2, 100, 60 * MS, TL_MARK_ERROR },
    { 201, 200, 60 * MS, TL_MARK_CRASH },
    { 201, 200, 5 * MS, TL_MARK_PRINT },
  };
  double x, y0, y1;
  gboolean found = FALSE;
  guint n_flows;

  /* Each instant's mark, in its colour, where it happened. */
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      double x1, y;
      TlRgba pixel;

      g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, marks[i].pid,
                                         marks[i].key, 0, marks[i].t, &x1, &y));
      pixel = render_test_pixel (surface, (int) x1, (int) y);
      if (render_test_distance (&pixel, &palette->mark[marks[i].mark]) > 0.12)
        g_error ("mark %u: pixel (%.2f %.2f %.2f) is not %s", i, pixel.r, pixel.g, pixel.b,
                 tl_mark_class_to_label (marks[i].mark));
    }

  /* Every arrow of the demo: two lock hand-overs, a message, an error and
   * a wake-up. */
  tl_trace_model_get_flows (model, &n_flows);
  g_assert_cmpuint (n_flows, ==, 5);
  g_assert_cmpuint (stats->flows, ==, 5);
  g_assert_cmpuint (stats->flows_skipped, ==, 0);
  g_assert_cmpuint (stats->marks, >=, G_N_ELEMENTS (marks));

  /* The hand-over of L at 30 ms runs down from worker 1 to worker 2. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 0, 30 * MS, &x, &y0));
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 2, 0, 30 * MS, &x, &y1));
  for (int y = (int) y0 + 6; y < (int) y1 - 6 && !found; y++)
    for (int dx = -1; dx <= 1 && !found; dx++)
      {
        TlRgba pixel = render_test_pixel (surface, (int) x + dx, y);

        found = render_test_distance (&pixel, &palette->flow[TL_FLOW_HANDOVER]) < 0.2;
      }
  g_assert_true (found);

  cairo_surface_destroy (surface);
}

static void
test_painter_lod (void)
{
  /* A million one-microsecond spans on one lane: zoomed out, a bounded
   * number of rectangles, coloured by the state that dominates. */
  g_autoptr(TlTraceModel) model = render_test_dense_model (1000000, 1 * US);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const TlPalette *palette = tl_painter_get_palette (painter);
  const TlPaintStats *stats;
  cairo_surface_t *surface;
  TlPaintGeometry g;
  TlViewport viewport;
  double x, y;
  guint columns;

  tl_viewport_init (&viewport, 0, 1000000 * US, 1200, 200);
  surface = render_test_draw (painter, &viewport);
  stats = tl_painter_get_stats (painter);
  tl_painter_get_geometry (painter, &viewport, &g);
  columns = (guint) ceil (g.plot_width / tl_painter_get_merge_width (painter)) + 2;
  g_test_message ("zoomed out: %u rects, %u merged, %" G_GUINT64_FORMAT " nodes for %u columns",
                  stats->rects, stats->merged_runs, stats->nodes, columns);
  g_assert_cmpuint (stats->rects, >=, 1);
  g_assert_cmpuint (stats->rects, <=, columns);
  g_assert_cmpuint (stats->exact_spans, ==, 0);
  /* The walk visits a few nodes per column, not a million spans. */
  g_assert_cmpuint (stats->nodes, <=, 40 * columns);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 1, 1, 0, 500000 * US, &x, &y));
  g_assert_cmpint (render_test_classify_area (palette, surface, (int) x - 20, (int) y - 3, 40, 6),
                   ==, TL_PAINT_RUNNING);
  render_test_save (surface, "dense-zoomed-out.png");
  cairo_surface_destroy (surface);

  /* Mid zoom: a thousandth of it still merges. */
  tl_viewport_init (&viewport, 400000 * US, 401000 * US, 1200, 200);
  cairo_surface_destroy (render_test_draw (painter, &viewport));
  g_assert_cmpuint (stats->rects, <=, columns);
  g_assert_cmpuint (stats->nodes, <=, 40 * columns);

  /* Deep zoom: 40 spans, each drawn exactly, the waits hatched. */
  tl_viewport_init (&viewport, 400000 * US, 400040 * US, 1200, 200);
  surface = render_test_draw (painter, &viewport);
  g_assert_cmpuint (stats->exact_spans, >=, 40);
  g_assert_cmpuint (stats->exact_spans, <=, 42);
  g_assert_cmpuint (stats->merged_runs, ==, 0);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 1, 1, 0,
                                     400003 * US + 500, &x, &y));
  g_assert_cmpint (render_test_classify_area (palette, surface, (int) x - 3, (int) y - 3, 7, 7),
                   ==, TL_PAINT_WAIT_LOCK);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 1, 1, 0,
                                     400001 * US + 500, &x, &y));
  g_assert_cmpint (render_test_classify_area (palette, surface, (int) x - 3, (int) y - 3, 7, 7),
                   ==, TL_PAINT_RUNNING);
  render_test_save (surface, "dense-deep-zoom.png");
  cairo_surface_destroy (surface);
}

static void
test_painter_styles (void)
{
  g_autoptr(TlTraceModel) model = render_test_demo_model (TRUE);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  double light_height = 0;

  for (guint s = 0; s < TL_N_STYLES; s++)
    {
      const TlPalette *palette;
      g_autofree char *name = NULL;
      cairo_surface_t *surface;
      TlPaintGeometry g;
      TlViewport viewport;
      double x, y;

      tl_painter_set_style (painter, s);
      g_assert_true (tl_painter_update (painter));
      palette = tl_painter_get_palette (painter);
      g_assert_cmpint (palette->style, ==, s);

      tl_viewport_init (&viewport, 0, 100 * MS, 1400, 0);
      viewport.height = tl_painter_get_natural_height (painter, viewport.width);
      surface = render_test_draw (painter, &viewport);
      tl_painter_get_geometry (painter, &viewport, &g);
      g_assert_cmpfloat (g.legend_height, >, 0);
      g_assert_cmpfloat (g.axis_height, >, 0);
      if (s == TL_STYLE_LIGHT)
        light_height = palette->state_height;
      /* Presentation rows are compact, but each is taller and its text
       * readable from the back of a room. */
      if (s == TL_STYLE_PRESENTATION)
        {
          g_assert_cmpfloat (palette->state_height, >, light_height * 1.3);
          g_assert_cmpfloat (tl_painter_get_min_text_height (painter), >=,
                             (double) TL_PRESENTATION_DEFAULT_HEIGHT / TL_PRESENTATION_LINES);
        }

      if (!palette->compact)
        {
          check_probes (painter, surface, &viewport, 100, demo_probes, G_N_ELEMENTS (demo_probes));
        }
      else
        {
          /* Compact rows show a thread's state and what it does (the
           * task); what it holds is on the lock's and the GIL's lanes. */
          static const Probe compact[] = {
            { TL_LANE_THREAD, 1, 0, 35 * MS, TL_PAINT_SLEEP_IO },
            { TL_LANE_THREAD, 1, 1, 66 * MS, TL_PAINT_TASK },
            { TL_LANE_THREAD, 2, 0, 22 * MS, TL_PAINT_WAIT_LOCK },
            { TL_LANE_THREAD, 4, 0, 12 * MS, TL_PAINT_WAIT_GIL },
            { TL_LANE_LOCK, 7, 0, 24 * MS, TL_PAINT_HOLD_LOCK },
            { TL_LANE_GIL, 99, 0, 16 * MS, TL_PAINT_HOLD_GIL },
          };

          check_probes (painter, surface, &viewport, 100, compact, G_N_ELEMENTS (compact));
          g_assert_false (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 3, 1, 10 * MS,
                                              &x, &y));
        }
      /* Empty time is the style's background. */
      g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 0, 95 * MS, &x, &y));
      {
        TlRgba pixel = render_test_pixel (surface, (int) x, (int) y);

        g_assert_cmpfloat (render_test_distance (&pixel, &palette->background), <, 0.02);
      }

      name = g_strdup_printf ("demo-%s.png", tl_style_to_string (s));
      render_test_save (surface, name);
      cairo_surface_destroy (surface);
    }
}

static void
test_painter_live (void)
{
  /* Cut at 70 ms, unfinished: what is still open draws up to "now". */
  g_autoptr(TlTraceModel) model = render_test_demo_model (FALSE);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const TlPalette *palette = tl_painter_get_palette (painter);
  cairo_surface_t *surface;
  TlViewport viewport;
  TlPaintGeometry g;
  double x, y;
  TlRgba pixel;

  /* Worker 2's exception would say so over its running span. */
  tl_painter_set_options (painter, TL_PAINT_SHOW_ALL & ~TL_PAINT_SHOW_LABELS);
  tl_viewport_init (&viewport, 0, 80 * MS, 1000, 0);
  viewport.height = tl_painter_get_natural_height (painter, viewport.width);
  viewport.now = 70 * MS;
  surface = render_test_draw (painter, &viewport);
  tl_painter_get_geometry (painter, &viewport, &g);

  /* worker 2 runs since 55 ms: open, drawn to now and not beyond. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 2, 0, 65 * MS, &x, &y));
  g_assert_cmpint (render_test_classify_area (palette, surface, (int) x - 3, (int) y - 2, 7, 5),
                   ==, TL_PAINT_RUNNING);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 2, 0, 75 * MS, &x, &y));
  g_assert_cmpint (render_test_classify (palette, surface, (int) x, (int) y), ==, -1);
  /* worker 1's task, open since 50 ms, on its track. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 1, 65 * MS, &x, &y));
  g_assert_cmpint (render_test_classify_area (palette, surface, (int) x - 3, (int) y - 2, 7, 3),
                   ==, TL_PAINT_TASK);
  /* The now line, below the last row. */
  x = floor (tl_time_map_x (&g.map, 70 * MS));
  pixel = render_test_pixel (surface, (int) x, (int) (g.plot_y + g.plot_height - 2));
  g_assert_cmpfloat (render_test_distance (&pixel, &palette->now), <, 0.15);
  render_test_save (surface, "demo-live.png");
  cairo_surface_destroy (surface);

  /* A playhead is a replay's: drawn where it was put, and what came
   * after it is not there yet. */
  viewport.playhead = 33 * MS;
  surface = render_test_draw (painter, &viewport);
  tl_painter_get_geometry (painter, &viewport, &g);
  x = floor (tl_time_map_x (&g.map, 33 * MS));
  pixel = render_test_pixel (surface, (int) x, (int) (g.plot_y + g.plot_height - 2));
  g_assert_cmpfloat (render_test_distance (&pixel, &palette->playhead), <, 0.15);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 2, 0, 65 * MS, &x, &y));
  g_assert_cmpint (render_test_classify (palette, surface, (int) x, (int) y), ==, -1);
  render_test_save (surface, "demo-live-playhead.png");
  cairo_surface_destroy (surface);
}

/* A painter kept up to date while the model grows draws exactly what a
 * new painter draws of the finished model. */
static void
test_painter_incremental (void)
{
  g_autoptr(GArray) events = render_test_workload_events (40000, 2, 3, 7);
  g_autoptr(TlTraceModel) live = tl_trace_model_new ();
  g_autoptr(TlTraceModel) whole = tl_trace_model_new ();
  g_autoptr(TlPainter) watcher = tl_painter_new (live);
  g_autoptr(TlPainter) fresh = tl_painter_new (whole);
  const TlModelEvent *e = (const TlModelEvent *) (gpointer) events->data;
  cairo_surface_t *a, *b;
  TlViewport viewport;
  gint64 start, end;
  guint done = 0;

  tl_trace_model_add_events (whole, e, events->len);
  tl_trace_model_finish (whole, TL_TS_NONE);
  tl_trace_model_get_time_range (whole, &start, &end);
  tl_viewport_init (&viewport, start, end, 900, 0);
  viewport.height = tl_painter_get_natural_height (fresh, viewport.width);

  /* Twenty batches, drawn in between, as the window does while live. */
  for (guint step = 1; step <= 20; step++)
    {
      guint upto = events->len * step / 20;

      tl_trace_model_add_events (live, e + done, upto - done);
      done = upto;
      g_assert_true (tl_painter_update (watcher));
      viewport.now = e[upto - 1].ts;
      cairo_surface_destroy (render_test_draw (watcher, &viewport));
    }
  tl_trace_model_finish (live, TL_TS_NONE);
  g_assert_true (tl_painter_update (watcher));
  viewport.now = TL_TS_NONE;

  a = render_test_draw (watcher, &viewport);
  b = render_test_draw (fresh, &viewport);
  g_assert_cmpuint (tl_painter_get_stats (watcher)->rects, ==, tl_painter_get_stats (fresh)->rects);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                           (gsize) cairo_image_surface_get_stride (a) * viewport.height), ==, 0);
  render_test_save (a, "workload-small.png");
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* The image fast paths (spans written straight into the pixels, marks
 * blended from sprites) draw what cairo's own path draws: compare with a
 * recording surface replayed onto an image, which takes cairo's path. */
/* Draws @viewport both ways; returns how many pixels differ visibly. */
static guint
compare_paths (TlPainter        *painter,
               const TlViewport *viewport,
               cairo_surface_t **replayed_out)
{
  cairo_surface_t *direct, *replayed, *recording;
  const guint8 *a, *b;
  guint differ = 0;
  int stride;
  cairo_t *cr;

  direct = render_test_draw (painter, viewport);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  tl_painter_draw (painter, cr, viewport, TL_PAINT_LAYER_ALL);
  cairo_destroy (cr);
  replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, viewport->width, viewport->height);
  cr = cairo_create (replayed);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (replayed);

  a = cairo_image_surface_get_data (direct);
  b = cairo_image_surface_get_data (replayed);
  stride = cairo_image_surface_get_stride (direct);
  for (int y = 0; y < viewport->height; y++)
    for (int x = 0; x < viewport->width; x++)
      for (int k = 0; k < 4; k++)
        if (ABS (a[y * stride + x * 4 + k] - b[y * stride + x * 4 + k]) > 24)
          {
            differ++;
            break;
          }
  g_test_message ("%u of %d pixels differ", differ, viewport->width * viewport->height);

  cairo_surface_destroy (recording);
  cairo_surface_destroy (direct);
  if (replayed_out != NULL)
    *replayed_out = replayed;
  else
    cairo_surface_destroy (replayed);
  return differ;
}

static void
test_painter_fast_path (void)
{
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(TlTraceModel) workload = render_test_workload_model (60000, 2, 4, 3);
  g_autoptr(TlPainter) busy = tl_painter_new (workload);
  TlViewport viewport;
  g_autoptr(TlPainter) painter = demo_painter (&model, &viewport, 1000);
  const TlPalette *palette = tl_painter_get_palette (painter);
  cairo_surface_t *replayed, *hidpi;
  guint total = (guint) (viewport.width * viewport.height);
  gint64 start, end;
  cairo_t *cr;

  /* Marks are antialiased twice on one path, once on the other: a few
   * edge pixels may round apart, nothing more. */
  g_assert_cmpuint (compare_paths (painter, &viewport, &replayed), <, total / 500);
  check_probes (painter, replayed, &viewport, 100, demo_probes, G_N_ELEMENTS (demo_probes));
  cairo_surface_destroy (replayed);

  /* Zoomed out over a busy trace: merged runs, accents, crowded marks. */
  tl_trace_model_get_time_range (workload, &start, &end);
  tl_viewport_init (&viewport, start, end, 1000, 0);
  viewport.height = tl_painter_get_natural_height (busy, viewport.width);
  g_assert_cmpuint (compare_paths (busy, &viewport, NULL), <,
                    (guint) (viewport.width * viewport.height) / 500);
  tl_viewport_init (&viewport, 0, 100 * MS, 1000, 0);
  viewport.height = tl_painter_get_natural_height (painter, viewport.width);

  /* At twice the pixels (HiDPI), the same places, twice as many pixels. */
  hidpi = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, viewport.width * 2, viewport.height * 2);
  cairo_surface_set_device_scale (hidpi, 2, 2);
  cr = cairo_create (hidpi);
  tl_painter_draw (painter, cr, &viewport, TL_PAINT_LAYER_ALL);
  cairo_destroy (cr);
  for (guint i = 0; i < G_N_ELEMENTS (demo_probes); i++)
    {
      double x, y;

      g_assert_true (render_test_locate (painter, &viewport, demo_probes[i].kind, 100,
                                         demo_probes[i].key, demo_probes[i].track, demo_probes[i].t,
                                         &x, &y));
      g_assert_cmpint (render_test_classify_area (palette, hidpi, (int) x * 2 - 6, (int) y * 2 - 4,
                                                  13, 9), ==, demo_probes[i].expected);
    }
  render_test_save (hidpi, "demo-hidpi.png");

  cairo_surface_destroy (hidpi);
}

/* Whatever it is given, the painter draws something sensible and never
 * warns: an empty model, a lane of instants only, tiny and huge ranges,
 * a surface smaller than the gutter. */
static void
test_painter_odd_input (void)
{
  g_autoptr(TlTraceModel) empty = tl_trace_model_new ();
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlPainter) painter = tl_painter_new (empty);
  TlViewport viewport;
  TlHit hit;
  gint64 start, end;
  guint32 lane;

  tl_painter_get_time_range (painter, &start, &end);
  g_assert_cmpint (end, >, start);
  tl_viewport_init (&viewport, start, end, 400, 0);
  viewport.height = MAX (tl_painter_get_natural_height (painter, 400), 50);
  cairo_surface_destroy (render_test_draw (painter, &viewport));
  g_assert_cmpuint (tl_painter_get_stats (painter)->rows, ==, 0);
  g_assert_false (tl_painter_hit_test (painter, &viewport, 300, viewport.height - 2, &hit));
  g_clear_object (&painter);

  /* Instants only, one at a negative time, one far out. */
  lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 5, 5);
  for (gint64 ts = -3 * MS; ts < 3 * MS; ts += 1 * MS)
    {
      TlInstant instant = { 0 };

      instant.ts = ts;
      instant.kind = TL_EVENT_PRINT;
      instant.ref = TL_INDEX_NONE;
      tl_trace_model_add_instant (model, lane, &instant);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  painter = tl_painter_new (model);
  tl_painter_set_style (painter, TL_STYLE_PRESENTATION);

  tl_viewport_init (&viewport, -4 * MS, 4 * MS, 30, 20);
  cairo_surface_destroy (render_test_draw (painter, &viewport));
  tl_viewport_init (&viewport, G_MININT64 / 4, G_MAXINT64 / 4, 800, 200);
  cairo_surface_destroy (render_test_draw (painter, &viewport));
  tl_viewport_init (&viewport, 0, 1, 800, 200);
  cairo_surface_destroy (render_test_draw (painter, &viewport));
  /* Its only row: compact, the process and its thread are one. */
  {
    TlPaintGeometry g;

    tl_painter_get_geometry (painter, &viewport, &g);
    g_assert_true (tl_painter_hit_test (painter, &viewport, 700, g.plot_y + 2, &hit));
  }
  g_clear_object (&painter);
}

static void
test_painter_hit (void)
{
  g_autoptr(TlTraceModel) model = NULL;
  TlViewport viewport;
  g_autoptr(TlPainter) painter = demo_painter (&model, &viewport, 1200);
  g_autofree char *text = NULL;
  TlPaintGeometry g;
  TlItemRef item;
  TlHit hit;
  double x, y, y2;

  tl_painter_get_geometry (painter, &viewport, &g);

  /* worker 2 waiting for L. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 2, 0, 22 * MS, &x, &y));
  g_assert_true (tl_painter_hit_test (painter, &viewport, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_SPAN);
  g_assert_cmpuint (hit.lane, ==, lane_of (model, TL_LANE_THREAD, 100, 2));
  g_assert_cmpuint (hit.track, ==, 0);
  g_assert_cmpint (hit.start, ==, 15 * MS);
  g_assert_cmpint (hit.end, ==, 30 * MS);
  g_assert_cmpint (hit.paint_class, ==, TL_PAINT_WAIT_LOCK);
  g_assert_false (hit.open);
  /* The describer's sentence, then how long and from when. */
  text = tl_painter_describe_hit (painter, &hit);
  g_assert_cmpstr (text, ==, "worker 2 waits for L, held by worker 1 · 15.0 ms, from 15.0 ms");
  g_clear_pointer (&text, g_free);
  g_assert_true (tl_hit_to_item_ref (&hit, &item));
  g_assert_cmpint (item.type, ==, TL_ITEM_SPAN);

  /* Selected, it gets an outline on the overlay. */
  tl_painter_set_selection (painter, &item);
  {
    cairo_surface_t *surface = render_test_draw (painter, &viewport);

    render_test_save (surface, "demo-selected.png");
    cairo_surface_destroy (surface);
  }
  tl_painter_set_selection (painter, NULL);

  /* Who owns L from 10 to 30 ms. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_LOCK, 100, 7, 0, 20 * MS, &x, &y));
  g_assert_true (tl_painter_hit_test (painter, &viewport, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_SPAN);
  text = tl_painter_describe_hit (painter, &hit);
  g_assert_cmpstr (text, ==, "worker 1 holds L · 20.0 ms, from 10.0 ms");
  g_clear_pointer (&text, g_free);

  /* The print of worker 1 at 45 ms. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 0, 45 * MS, &x, &y));
  g_assert_true (tl_painter_hit_test (painter, &viewport, x + 1, y - 1, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_INSTANT);
  g_assert_cmpint (hit.start, ==, 45 * MS);
  text = tl_painter_describe_hit (painter, &hit);
  g_assert_cmpstr (text, ==, "worker 1 prints “hello” · at 45.0 ms");
  g_clear_pointer (&text, g_free);

  /* Half-way down the hand-over arrow at 30 ms. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 0, 30 * MS, &x, &y));
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 2, 0, 30 * MS, &x, &y2));
  g_assert_true (tl_painter_hit_test (painter, &viewport, x, (y + y2) / 2, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_FLOW);
  text = tl_painter_describe_hit (painter, &hit);
  g_assert_cmpstr (text, ==, "worker 1 passes L to worker 2 · at 30.0 ms");
  g_clear_pointer (&text, g_free);

  /* The gutter, the process header and the axis. */
  g_assert_true (tl_painter_hit_test (painter, &viewport, 20, y, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_LANE);
  g_assert_true (hit.in_gutter);
  text = tl_painter_describe_hit (painter, &hit);
  g_assert_cmpstr (text, ==, "worker 1");
  g_clear_pointer (&text, g_free);
  g_assert_true (tl_painter_hit_test (painter, &viewport, 20, g.plot_y + 3, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_PROCESS);
  g_assert_cmpuint (hit.process, ==, 0);
  g_assert_true (tl_painter_hit_test (painter, &viewport, tl_time_map_x (&g.map, 50 * MS),
                                      g.axis_y + 2, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_AXIS);
  g_assert_cmpint (llabs (hit.time - 50 * MS), <, 200 * US);
  g_assert_false (tl_painter_hit_test (painter, &viewport, x, g.legend_y + 5, &hit));
}

static void
test_painter_hit_merged (void)
{
  g_autoptr(TlTraceModel) model = render_test_dense_model (1000000, 1 * US);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  g_autofree char *text = NULL;
  TlViewport viewport;
  TlPaintGeometry g;
  TlHit hit;
  double x, y;

  tl_viewport_init (&viewport, 0, 1000000 * US, 1200, 200);
  tl_painter_get_geometry (painter, &viewport, &g);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 1, 1, 0, 500000 * US, &x, &y));
  g_assert_true (tl_painter_hit_test (painter, &viewport, x, y, &hit));
  g_assert_cmpint (hit.kind, ==, TL_HIT_MERGED_SPANS);
  /* A column of the merge width holds about that many microseconds. */
  g_assert_cmpfloat (fabs ((double) hit.n_items - tl_painter_get_merge_width (painter) *
                           g.map.ns_per_px / US), <=, 2);
  g_assert_cmpint (hit.paint_class, ==, TL_PAINT_RUNNING);
  g_assert_cmpint (hit.start, <=, hit.time);
  g_assert_cmpint (hit.end, >=, hit.time);
  text = tl_painter_describe_hit (painter, &hit);
  g_assert_nonnull (strstr (text, "spans"));
  g_assert_nonnull (strstr (text, "mostly Running"));
  g_test_message ("%s", text);
}

/* ---- a click hits exactly the drawn arrow -------------------------------- */

/* Two empty thread lanes of one process, and @n arrows from the first to
 * the second: the i-th from @from[i] to @to[i]. */
static TlTraceModel *
arrows_model (const gint64 *from,
              const gint64 *to,
              guint         n)
{
  TlTraceModel *model = tl_trace_model_new ();
  guint32 a = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  guint32 b = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 2);
  /* A lane is there once something happened on it: each thread starts
   * long before the view. */
  TlInstant start = { -2000 * MS, 0, TL_INDEX_NONE, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0 };

  tl_trace_model_add_instant (model, a, &start);
  tl_trace_model_add_instant (model, b, &start);
  for (guint i = 0; i < n; i++)
    {
      TlFlow flow = { from[i], to[i], i, a, b, TL_INDEX_NONE, TL_FLOW_MESSAGE, 0 };

      tl_trace_model_add_flow (model, &flow);
    }
  tl_trace_model_finish (model, 10 * MS);
  return model;
}

/* How much of the arrow colour a pixel holds: near 1 on the line, 0 off. */
static double
ink (const TlPalette *p,
     cairo_surface_t *surface,
     int              x,
     int              y)
{
  TlRgba pixel = render_test_pixel (surface, x, y);
  double full = render_test_distance (&p->flow[TL_FLOW_MESSAGE], &p->background);

  return 1.0 - render_test_distance (&pixel, &p->flow[TL_FLOW_MESSAGE]) / full;
}

/* Whether an arrow was drawn within @r pixels of (x, y). */
static gboolean
drawn_near (const TlPalette *p,
            cairo_surface_t *surface,
            int              x,
            int              y,
            int              r)
{
  for (int dy = -r; dy <= r; dy++)
    for (int dx = -r; dx <= r; dx++)
      if (dx * dx + dy * dy <= r * r && x + dx >= 0 && y + dy >= 0 &&
          x + dx < cairo_image_surface_get_width (surface) &&
          y + dy < cairo_image_surface_get_height (surface) &&
          ink (p, surface, x + dx, y + dy) > 0.5)
        return TRUE;
  return FALSE;
}

/* Every pixel between the two lanes: a hit on an arrow only where one is
 * drawn (within the slop), and one wherever the pixel is the arrow's. */
static void
assert_hits_match_pixels (TlTraceModel *model,
                          const char   *screenshot,
                          guint        *n_hits,
                          guint        *n_misses)
{
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const TlPalette *p = tl_painter_get_palette (painter);
  /* The hit test's slop: 3 pixels past the line's width, rounded up. */
  int reach = (int) ceil (3.0 + p->line_width) + 1;
  cairo_surface_t *surface;
  TlPaintGeometry g;
  TlViewport viewport;
  double x, ya, yb;

  tl_painter_set_options (painter, TL_PAINT_SHOW_FLOWS);
  tl_viewport_init (&viewport, 0, 10 * MS, 1000, 0);
  viewport.height = tl_painter_get_natural_height (painter, 1000);
  tl_painter_get_geometry (painter, &viewport, &g);
  surface = render_test_draw (painter, &viewport);
  render_test_save (surface, screenshot);
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 1, 1, 0, 0, &x, &ya));
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 1, 2, 0, 0, &x, &yb));

  *n_hits = *n_misses = 0;
  for (int py = (int) ya; py <= (int) yb; py++)
    for (int px = (int) g.plot_x + reach; px < (int) (g.plot_x + g.plot_width) - reach; px++)
      {
        TlHit hit;
        gboolean on_arrow;

        g_assert_true (tl_painter_hit_test (painter, &viewport, px + 0.5, py + 0.5, &hit));
        on_arrow = hit.kind == TL_HIT_FLOW;
        if (on_arrow && !drawn_near (p, surface, px, py, reach))
          g_error ("a click at (%d, %d) hits arrow %u, and none is drawn there", px, py, hit.index);
        if (!on_arrow && ink (p, surface, px, py) > 0.9)
          g_error ("a click at (%d, %d) on a drawn arrow hits no arrow", px, py);
        *n_hits += on_arrow;
        *n_misses += !on_arrow;
      }
  cairo_surface_destroy (surface);
}

static void
test_painter_hit_arrows (void)
{
  g_autofree gint64 *from = g_new (gint64, 2000);
  g_autofree gint64 *to = g_new (gint64, 2000);
  guint n_hits, n_misses;

  /* Too many to draw them all: one arrow in each few pixels is drawn,
   * and the ones in between must not be found by a click. */
  for (guint i = 0; i < 2000; i++)
    {
      from[i] = i * 5 * US;
      to[i] = from[i] + 100;
    }
  {
    g_autoptr(TlTraceModel) model = arrows_model (from, to, 2000);

    assert_hits_match_pixels (model, "arrows-thinned.png", &n_hits, &n_misses);
    g_assert_cmpuint (n_hits, >, 0);
    g_assert_cmpuint (n_misses, >, 0);
  }

  /* One long arrow that starts far before the view: a click finds it
   * along the line drawn, whose slope is the arrow's. */
  from[0] = -1000 * MS;
  to[0] = 5 * MS;
  {
    g_autoptr(TlTraceModel) model = arrows_model (from, to, 1);

    assert_hits_match_pixels (model, "arrows-long.png", &n_hits, &n_misses);
    g_assert_cmpuint (n_hits, >, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/painter/rows", test_painter_rows);
  g_test_add_func ("/render/painter/colours", test_painter_colours);
  g_test_add_func ("/render/painter/instants-and-flows", test_painter_instants_and_flows);
  g_test_add_func ("/render/painter/lod", test_painter_lod);
  g_test_add_func ("/render/painter/styles", test_painter_styles);
  g_test_add_func ("/render/painter/live", test_painter_live);
  g_test_add_func ("/render/painter/incremental", test_painter_incremental);
  g_test_add_func ("/render/painter/fast-path", test_painter_fast_path);
  g_test_add_func ("/render/painter/odd-input", test_painter_odd_input);
  g_test_add_func ("/render/painter/hit", test_painter_hit);
  g_test_add_func ("/render/painter/hit-arrows", test_painter_hit_arrows);
  g_test_add_func ("/render/painter/hit-merged", test_painter_hit_merged);

  return g_test_run ();
}
