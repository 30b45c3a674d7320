/* test-render-replay.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A replay hides the future: at its playhead t, a finished trace draws
 * exactly what the live run had drawn at t, pixel for pixel and word for
 * word, whatever came after.  Checked on hand-made traces and on real
 * recordings of race-counter and pool-map (tests/data/tltrace), at many
 * moments, at fit zoom and zoomed in, on the desk and in presentation.
 */
#include "config.h"

#include <string.h>

#include "render-test-models.h"
#include "render-test-pixels.h"
#include "render-test-recording.h"
#include "tl-bookmarks.h"
#include "tl-horizon.h"
#include "tl-painter.h"

#define MS TL_TEST_MS

typedef TlTraceModel *(*ModelAt) (gpointer data,
                                  gint64   until,
                                  gboolean finish);

/* ---- comparing pictures --------------------------------------------------- */

static cairo_surface_t *
draw_base (TlPainter        *painter,
           const TlViewport *viewport)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, viewport->width,
                                                         viewport->height);
  cairo_t *cr = cairo_create (surface);

  tl_painter_draw (painter, cr, viewport, TL_PAINT_LAYER_BASE);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  for (int y = 0; y < h; y++)
    n += memcmp (pa + (gsize) y * stride, pb + (gsize) y * stride, (gsize) w * 4) != 0
         ? 1 : 0;
  return n;
}

static char *
joined_texts (TlPainter *painter)
{
  GPtrArray *texts = tl_painter_get_drawn_texts (painter);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (texts, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static TlPainter *
painter_for (TlTraceModel *model,
             int           presentation)
{
  TlPainter *painter = tl_painter_new (model);

  tl_painter_set_presentation (painter, presentation);
  tl_painter_set_record_texts (painter, TRUE);
  return painter;
}

/* The live run's picture at @t (its model up to @t, "now" at @t) and the
 * finished trace's replayed at @t are the same. */
static void
assert_replay_is_live (TlTraceModel     *live,
                       TlTraceModel     *finished,
                       gint64            t,
                       const TlViewport *frame,
                       int               presentation,
                       const char       *what)
{
  g_autoptr(TlPainter) live_painter = painter_for (live, presentation);
  g_autoptr(TlPainter) replay_painter = painter_for (finished, presentation);
  TlViewport at_now = *frame, at_playhead = *frame;
  cairo_surface_t *a, *b;
  g_autofree char *live_texts = NULL;
  g_autofree char *replay_texts = NULL;
  guint rows;

  at_now.now = t;
  at_now.playhead = TL_TS_NONE;
  at_playhead.now = TL_TS_NONE;
  at_playhead.playhead = t;
  a = draw_base (live_painter, &at_now);
  b = draw_base (replay_painter, &at_playhead);
  live_texts = joined_texts (live_painter);
  replay_texts = joined_texts (replay_painter);
  rows = count_differences (a, b);
  if (rows > 0 || g_strcmp0 (live_texts, replay_texts) != 0)
    {
      g_autofree char *live_name = g_strdup_printf ("replay-%s-live.png", what);
      g_autofree char *replay_name = g_strdup_printf ("replay-%s-replay.png", what);

      render_test_save (a, live_name);
      render_test_save (b, replay_name);
      g_test_message ("live texts:\n%s\nreplay texts:\n%s", live_texts, replay_texts);
      g_error ("%s: at %" G_GINT64_FORMAT " ns the replay differs from the live run in %u rows of pixels",
               what, t, rows);
    }
  g_assert_cmpuint (tl_painter_get_stats (live_painter)->flows, ==,
                    tl_painter_get_stats (replay_painter)->flows);
  g_assert_cmpuint (tl_painter_get_stats (live_painter)->marks, ==,
                    tl_painter_get_stats (replay_painter)->marks);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Whether @live had every name @finished has for what had begun by @t.
 * A recording names a thread a fraction of a microsecond after its first
 * event (the runtime starts it, then names it); the model keeps names
 * without their time, so in that moment a replay already knows the name
 * the live run was about to learn. */
static gboolean
names_known (TlTraceModel *live,
             TlTraceModel *finished,
             gint64        t)
{
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (finished); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (finished, l);
      guint32 other = tl_trace_model_lookup_lane (live, tl_lane_get_kind (lane), tl_lane_get_pid (lane),
                                                  tl_lane_get_key (lane));
      guint32 process = tl_trace_model_lookup_process (live, tl_lane_get_pid (lane));

      if (!tl_trace_model_lane_begun (finished, l, t) || other == TL_INDEX_NONE || process == TL_INDEX_NONE)
        continue;
      if (g_strcmp0 (tl_trace_model_get_string (live, tl_lane_get_name (tl_trace_model_get_lane (live, other))),
                     tl_trace_model_get_string (finished, tl_lane_get_name (lane))) != 0 ||
          g_strcmp0 (tl_trace_model_get_string (live, tl_trace_model_get_process (live, process)->name),
                     tl_trace_model_get_string (finished,
                                                tl_trace_model_get_process (finished,
                                                                            tl_lane_get_process (lane))->name)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
check_events (GArray     *events,
              ModelAt     model_at,
              gpointer    data,
              guint       stride,
              const char *what)
{
  g_autoptr(TlTraceModel) finished = model_at (data, G_MAXINT64, TRUE);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) checked = NULL;
  gint64 start, end, margin;
  TlViewport fit;
  guint n = 0, unnamed = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_array_index (events, TlModelEvent, i).kind != TL_EVENT_NAME)
      g_array_append_val (times, g_array_index (events, TlModelEvent, i).ts);
  g_array_sort (times, compare_times);

  g_assert_true (tl_trace_model_get_time_range (finished, &start, &end));
  margin = (end - start) / 50 + 1;
  tl_viewport_init (&fit, start - margin, end + margin, 1280, 720);

  checked = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < times->len; i += stride)
    {
      gint64 t = g_array_index (times, gint64, i);

      g_array_append_val (checked, t);
      if (i + 1 < times->len && g_array_index (times, gint64, i + 1) > t + 1)
        {
          gint64 half = t + (g_array_index (times, gint64, i + 1) - t) / 2;

          g_array_append_val (checked, half);
        }
    }

  for (guint i = 0; i < checked->len; i++)
    {
      gint64 t = g_array_index (checked, gint64, i);
      g_autoptr(TlTraceModel) live = model_at (data, t, FALSE);
      TlViewport close = fit;
      gint64 width = MAX ((end - start) / 20, 1000);
      g_autofree char *fit_name = g_strdup_printf ("%s-fit", what);
      g_autofree char *close_name = g_strdup_printf ("%s-close", what);
      g_autofree char *projected = g_strdup_printf ("%s-presentation", what);

      if (!names_known (live, finished, t))
        {
          unnamed++;
          continue;
        }
      /* At fit zoom, on the desk and on a projector's 720 lines; and
       * zoomed in around the moment, where spans are drawn exactly and
       * labelled. */
      assert_replay_is_live (live, finished, t, &fit, 0, fit_name);
      assert_replay_is_live (live, finished, t, &fit, 720, projected);
      close.t0 = t - width / 2;
      close.t1 = t + width / 2;
      assert_replay_is_live (live, finished, t, &close, 0, close_name);
      n++;
    }
  g_test_message ("%s: %u moments, each the same live and replayed; %u moments left out, "
                  "in the instant before a name arrived", what, n, unnamed);
  g_assert_cmpuint (unnamed, <=, n / 10);
}

/* ---- traces --------------------------------------------------------------- */

static TlTraceModel *
events_model (gpointer data,
              gint64   until,
              gboolean finish)
{
  GArray *events = data;
  TlTraceModel *model = tl_trace_model_new ();

  for (guint i = 0; i < events->len; i++)
    {
      const TlModelEvent *e = &g_array_index (events, TlModelEvent, i);

      if (e->ts <= until)
        tl_trace_model_add_event (model, e);
    }
  if (finish)
    tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static TlTraceModel *
recording_model (gpointer data,
                 gint64   until,
                 gboolean finish)
{
  return render_test_recording_model (data, until, finish);
}

/* Every lane, lock, message, error and crash of the hand-made trace. */
static void
test_replay_demo (void)
{
  g_autoptr(GArray) events = render_test_demo_events ();

  check_events (events, events_model, events, 1, "demo");
}

/* Processes, threads, contention, queues and tasks, thousands of events:
 * merged columns and thinned arrows too. */
static void
test_replay_workload (void)
{
  g_autoptr(GArray) events = render_test_workload_events (4000, 3, 3, 7);

  check_events (events, events_model, events, 397, "workload");
}

static void
test_replay_race_counter (void)
{
  g_autoptr(RenderTestRecording) recording = render_test_recording_load ("race-counter.tltrace");

  check_events (recording->events, recording_model, recording, 41, "race-counter");
}

static void
test_replay_pool_map (void)
{
  g_autoptr(RenderTestRecording) recording = render_test_recording_load ("pool-map.tltrace");

  check_events (recording->events, recording_model, recording, 7, "pool-map");
}

/* A counter's rows say its latest value beside its latest sample, which
 * may be just before the playhead: a live run's picture does the same. */
static gboolean
in_counter_row (TlPainter             *painter,
                const TlViewport      *viewport,
                const TlPaintGeometry *g,
                int                    py)
{
  const TlLayout *layout = tl_painter_get_layout (painter);

  for (guint i = 0; i < tl_layout_get_n_rows (layout); i++)
    {
      const TlRow *row = tl_layout_get_row (layout, i);
      double y = g->plot_y + row->y - viewport->scroll_y;

      if (row->kind == TL_ROW_LANE && row->lane_kind == TL_LANE_COUNTER &&
          py >= y && py < y + row->height)
        return TRUE;
    }
  return FALSE;
}

/* The replay does hide something: mid-run, its picture is not the whole
 * trace's; a ghost shows it all, faded after the playhead. */
static void
test_replay_hides (void)
{
  g_autoptr(RenderTestRecording) recording = render_test_recording_load ("race-counter.tltrace");
  g_autoptr(TlTraceModel) model = render_test_recording_model (recording, G_MAXINT64, TRUE);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  cairo_surface_t *whole, *half, *ghost;
  gint64 start, end;
  TlViewport viewport;
  TlPaintGeometry g;
  double x;
  const TlPalette *p = tl_painter_get_palette (painter);

  tl_trace_model_get_time_range (model, &start, &end);
  tl_viewport_init (&viewport, start, end, 1280, 720);
  whole = draw_base (painter, &viewport);
  viewport.playhead = start + (end - start) / 2;
  half = draw_base (painter, &viewport);
  g_assert_cmpuint (count_differences (whole, half), >, 100);
  /* After the playhead, nothing but the rows' backgrounds. */
  tl_painter_get_geometry (painter, &viewport, &g);
  x = tl_time_map_x (&g.map, viewport.playhead);
  for (int px = (int) x + 4; px < (int) (g.plot_x + g.plot_width); px += 7)
    for (int py = (int) g.plot_y; py < (int) (g.plot_y + g.plot_height); py += 5)
      if (!in_counter_row (painter, &viewport, &g, py))
        g_assert_cmpint (render_test_classify (p, half, px, py), ==, -1);

  tl_painter_set_ghost (painter, TRUE);
  ghost = draw_base (painter, &viewport);
  g_assert_cmpuint (count_differences (whole, ghost), >, 100);
  /* Before the playhead, the ghost is the whole trace. */
  for (int px = (int) g.plot_x + 2; px < (int) x - 2; px += 3)
    for (int py = (int) g.plot_y; py < (int) (g.plot_y + g.plot_height); py += 3)
      {
        TlRgba a = render_test_pixel (whole, px, py), b = render_test_pixel (ghost, px, py);

        g_assert_cmpfloat (render_test_distance (&a, &b), <, 0.001);
      }
  render_test_save (half, "replay-hides.png");
  render_test_save (ghost, "replay-ghost.png");
  cairo_surface_destroy (whole);
  cairo_surface_destroy (half);
  cairo_surface_destroy (ghost);
}

/* Bookmarks are flags on the axis with their notes, in the overlay. */
static void
test_bookmarks_drawn (void)
{
  g_autoptr(GArray) events = render_test_demo_events ();
  g_autoptr(TlTraceModel) model = events_model (events, G_MAXINT64, TRUE);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  cairo_surface_t *surface;
  TlViewport viewport;
  GPtrArray *texts;
  gboolean found = FALSE;

  tl_trace_model_add_bookmark (model, 20 * MS, "the write that matters");
  tl_painter_set_record_texts (painter, TRUE);
  tl_viewport_init (&viewport, 0, 100 * MS, 1280, 600);
  surface = render_test_draw (painter, &viewport);
  texts = tl_painter_get_drawn_texts (painter);
  for (guint i = 0; i < texts->len; i++)
    found |= g_strcmp0 (g_ptr_array_index (texts, i), "the write that matters") == 0;
  g_assert_true (found);
  render_test_save (surface, "bookmarks.png");
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/replay/demo", test_replay_demo);
  g_test_add_func ("/render/replay/workload", test_replay_workload);
  g_test_add_func ("/render/replay/race-counter", test_replay_race_counter);
  g_test_add_func ("/render/replay/pool-map", test_replay_pool_map);
  g_test_add_func ("/render/replay/hides", test_replay_hides);
  g_test_add_func ("/render/replay/bookmarks", test_bookmarks_drawn);

  return g_test_run ();
}
