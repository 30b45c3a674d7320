/* test-render-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Python program's trace as the painter draws it, on the golden
 * viztracer-like files: calls in their function's colour, the same in
 * two traces; library code dimmed (unless asked not to), and nothing
 * dimmed in a trace that names no files; Threadline's states in theirs;
 * a search's matches over a faded timeline, each drawn, even too narrow
 * to see; a measured stretch shaded.  Pixels, read back.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "render-test-models.h"
#include "render-test-pixels.h"
#include "tl-format.h"
#include "tl-painter.h"

#define WIDTH 1400

typedef struct
{
  guint32       lane;
  guint         track;
  guint         index;
  const TlSpan *span;
} Found;

static TlTraceModel *
load_golden (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome", name, NULL);
  g_autoptr(GError) error = NULL;
  TlTraceModel *model = tl_trace_file_load (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* The @nth call whose name begins with @prefix, in lane, track and index
 * order. */
static gboolean
find_call (TlTraceModel *model,
           const char   *prefix,
           guint         nth,
           Found        *found)
{
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

              if (!tl_span_is_call (&spans[i]) || name == TL_INDEX_NONE ||
                  !g_str_has_prefix (tl_trace_model_get_string (model, name), prefix) || nth-- > 0)
                continue;
              *found = (Found) { l, t, i, &spans[i] };
              return TRUE;
            }
        }
    }
  return FALSE;
}

static TlPainter *
fit_painter (TlTraceModel *model,
             TlViewport   *viewport)
{
  TlPainter *painter = tl_painter_new (model);
  gint64 start, end;

  tl_painter_update (painter);
  tl_painter_get_time_range (painter, &start, &end);
  tl_viewport_init (viewport, start, end, WIDTH, 0);
  viewport->height = tl_painter_get_natural_height (painter, WIDTH);
  return painter;
}

/* A pixel inside @found as drawn: a few pixels in from its start, at
 * the top of its track (above its label's letters). */
static void
locate (TlPainter        *painter,
        const TlViewport *viewport,
        const Found      *found,
        int              *x,
        int              *y)
{
  const TlLayout *layout = tl_painter_get_layout (painter);
  const TlRow *row = tl_layout_get_row (layout, tl_layout_lookup_lane (layout, found->lane));
  TlPaintGeometry g;
  double ty, th, x0, x1;

  g_assert_true (tl_layout_get_track (layout, row, found->track, &ty, &th));
  tl_painter_get_geometry (painter, viewport, &g);
  x0 = tl_time_map_x (&g.map, found->span->start);
  x1 = tl_time_map_x (&g.map, found->span->end);
  g_assert_cmpfloat (x1 - x0, >, 8);
  *x = (int) (x0 + 4);
  *y = (int) floor (g.plot_y + ty - viewport->scroll_y + 0.5) + 1;
}

static void
assert_colour (const TlRgba *pixel,
               const TlRgba *expected)
{
  if (render_test_distance (pixel, expected) > 0.02)
    g_test_message ("pixel %.3f %.3f %.3f, expected %.3f %.3f %.3f", pixel->r, pixel->g, pixel->b,
                    expected->r, expected->g, expected->b);
  g_assert_cmpfloat (render_test_distance (pixel, expected), <=, 0.02);
}

/* The fill a call of @found's function takes in the palette: by its
 * colour key, dimmed or not. */
static const TlRgba *
expected_fill (TlPainter   *painter,
               const Found *found,
               gboolean     library)
{
  TlFunction function;

  g_assert_true (tl_trace_model_get_span_function (tl_painter_get_model (painter), found->span, &function));
  return tl_palette_get_function_fill (tl_painter_get_palette (painter), function.color_key, library);
}

static TlRgba
pixel_of (TlPainter        *painter,
          const TlViewport *viewport,
          cairo_surface_t  *surface,
          const Found      *found)
{
  int x, y;

  locate (painter, viewport, found, &x, &y);
  return render_test_pixel (surface, x, y);
}

/* count_primes is the program's own function in both traces (in
 * /home/u/prog.py in one, /home/v/lib/prog.py in the other): the same
 * colour in both, its palette's, not dimmed. */
static void
test_code_same_function_same_colour (void)
{
  g_autoptr(TlTraceModel) pool = load_golden ("viztracer-pool.json");
  g_autoptr(TlTraceModel) threads = load_golden ("viztracer-threads.json");
  g_autoptr(TlPainter) pool_painter = NULL;
  g_autoptr(TlPainter) threads_painter = NULL;
  cairo_surface_t *pool_surface, *threads_surface;
  TlViewport pool_view, threads_view;
  Found in_pool, in_threads, other;
  TlRgba a, b, c;

  pool_painter = fit_painter (pool, &pool_view);
  threads_painter = fit_painter (threads, &threads_view);
  pool_surface = render_test_draw (pool_painter, &pool_view);
  threads_surface = render_test_draw (threads_painter, &threads_view);
  render_test_save (pool_surface, "code-pool.png");
  render_test_save (threads_surface, "code-threads.png");

  g_assert_true (find_call (pool, "count_primes (", 0, &in_pool));
  g_assert_true (find_call (threads, "count_primes (", 0, &in_threads));
  g_assert_cmpint (tl_trace_model_get_span_origin (pool, in_pool.span), ==, TL_CODE_USER);
  a = pixel_of (pool_painter, &pool_view, pool_surface, &in_pool);
  b = pixel_of (threads_painter, &threads_view, threads_surface, &in_threads);
  assert_colour (&a, &b);
  assert_colour (&a, expected_fill (pool_painter, &in_pool, FALSE));
  assert_colour (&a, tl_painter_get_span_fill (pool_painter, in_pool.lane, in_pool.span));

  /* Another of the program's functions has its own colour. */
  g_assert_true (find_call (pool, "log_progress (", 0, &other));
  c = pixel_of (pool_painter, &pool_view, pool_surface, &other);
  assert_colour (&c, expected_fill (pool_painter, &other, FALSE));
  g_assert_cmpfloat (render_test_distance (&a, &c), >, 0.1);

  cairo_surface_destroy (pool_surface);
  cairo_surface_destroy (threads_surface);
}

/* The pool's machinery (the standard library), an installed package and
 * a built-in are dimmed; the program's own code is not; with
 * TL_PAINT_LIBRARY_UNDIMMED nothing is. */
static void
test_code_library_dimmed (void)
{
  g_autoptr(TlTraceModel) model = load_golden ("viztracer-pool.json");
  g_autoptr(TlPainter) painter = NULL;
  const char *library[] = { "BaseProcess.run (", "worker (", "<module> (/home/u/.venv/", "time.sleep" };
  cairo_surface_t *surface;
  TlViewport viewport;
  Found user, found;
  TlRgba pixel;

  painter = fit_painter (model, &viewport);
  surface = render_test_draw (painter, &viewport);
  g_assert_true (find_call (model, "count_primes (", 0, &user));
  pixel = pixel_of (painter, &viewport, surface, &user);
  assert_colour (&pixel, expected_fill (painter, &user, FALSE));
  g_assert_true (tl_painter_dims_origin (painter, TL_CODE_BUILTIN));
  for (guint i = 0; i < G_N_ELEMENTS (library); i++)
    {
      g_test_message ("%s", library[i]);
      g_assert_true (find_call (model, library[i], 0, &found));
      g_assert_cmpint (tl_trace_model_get_span_origin (model, found.span), !=, TL_CODE_USER);
      pixel = pixel_of (painter, &viewport, surface, &found);
      assert_colour (&pixel, expected_fill (painter, &found, TRUE));
      g_assert_cmpfloat (render_test_distance (&pixel, expected_fill (painter, &found, FALSE)), >, 0.1);
    }
  cairo_surface_destroy (surface);

  tl_painter_set_options (painter, TL_PAINT_SHOW_ALL | TL_PAINT_LIBRARY_UNDIMMED);
  surface = render_test_draw (painter, &viewport);
  g_assert_true (find_call (model, "BaseProcess.run (", 0, &found));
  pixel = pixel_of (painter, &viewport, surface, &found);
  assert_colour (&pixel, expected_fill (painter, &found, FALSE));
  cairo_surface_destroy (surface);
}

/* A trace that names no files (a Chrome trace of anything) has calls
 * only: in their functions' colours, none dimmed. */
static void
test_code_unlocated_not_dimmed (void)
{
  g_autoptr(TlTraceModel) model = load_golden ("array.json");
  g_autoptr(TlPainter) painter = NULL;
  cairo_surface_t *surface;
  TlViewport viewport;
  guint checked = 0;
  Found found;

  painter = fit_painter (model, &viewport);
  surface = render_test_draw (painter, &viewport);
  g_assert_false (tl_painter_dims_origin (painter, TL_CODE_BUILTIN));
  for (guint nth = 0; find_call (model, "", nth, &found); nth++)
    {
      TlPaintGeometry g;

      tl_painter_get_geometry (painter, &viewport, &g);
      if (found.span->kind != TL_SPAN_SLICE ||
          tl_time_map_x (&g.map, found.span->end) - tl_time_map_x (&g.map, found.span->start) < 10)
        continue;
      {
        TlRgba pixel = pixel_of (painter, &viewport, surface, &found);

        assert_colour (&pixel, expected_fill (painter, &found, FALSE));
        checked++;
      }
    }
  g_assert_cmpuint (checked, >, 0);
  cairo_surface_destroy (surface);
}

/* What Threadline understands keeps its meaning: a thread's running, a
 * lock held, a task, in their states' colours. */
static void
test_code_states_keep_colours (void)
{
  g_autoptr(TlTraceModel) model = render_test_demo_model (TRUE);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const TlPalette *palette;
  cairo_surface_t *surface;
  TlViewport viewport;
  double x, y;

  tl_painter_update (painter);
  palette = tl_painter_get_palette (painter);
  tl_viewport_init (&viewport, 0, 100 * TL_TEST_MS, WIDTH, 0);
  viewport.height = tl_painter_get_natural_height (painter, WIDTH);
  surface = render_test_draw (painter, &viewport);
  /* worker 1 runs at 5 ms; its task "square" runs 50-70. */
  g_assert_true (render_test_locate (painter, &viewport, TL_LANE_THREAD, 100, 1, 0, 5 * TL_TEST_MS, &x, &y));
  g_assert_cmpint (render_test_classify (palette, surface, (int) x, (int) y), ==, TL_PAINT_RUNNING);
  cairo_surface_destroy (surface);

  {
    TlLane *lane = tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1));

    for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
      {
        guint n;
        const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

        for (guint i = 0; i < n; i++)
          if (spans[i].kind == TL_SPAN_TASK || spans[i].kind == TL_SPAN_RUNNING ||
              spans[i].kind == TL_SPAN_HOLD_LOCK)
            g_assert_true (tl_painter_get_span_fill (painter, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 1),
                                                     &spans[i]) ==
                           &palette->fill[tl_paint_class_for_span (spans[i].kind, TL_LANE_THREAD)]);
      }
  }
}

/* A search: what it found in its colour and outlined, the rest faded;
 * the marks drawn are the matches in view, one per track and column. */
static void
test_code_search (void)
{
  g_autoptr(TlTraceModel) model = load_golden ("viztracer-pool.json");
  g_autoptr(TlPainter) painter = NULL;
  g_autoptr(TlSpanSearch) search = NULL;
  cairo_surface_t *surface;
  TlViewport viewport;
  Found match, other;
  TlRgba pixel, faded;
  const TlPalette *palette;

  painter = fit_painter (model, &viewport);
  palette = tl_painter_get_palette (painter);
  search = tl_span_search_new (model, "count_primes");
  g_assert_cmpuint (tl_span_search_get_n_matches (search), ==, 3);
  tl_painter_set_search (painter, search);
  g_assert_true (tl_painter_update (painter));
  surface = render_test_draw (painter, &viewport);
  render_test_save (surface, "code-search.png");
  g_assert_cmpuint (tl_painter_get_stats (painter)->search_marks, ==, 3);

  g_assert_true (find_call (model, "count_primes (", 0, &match));
  pixel = pixel_of (painter, &viewport, surface, &match);
  assert_colour (&pixel, expected_fill (painter, &match, FALSE));

  /* Another of the program's functions: faded towards the background. */
  g_assert_true (find_call (model, "log_progress (", 0, &other));
  pixel = pixel_of (painter, &viewport, surface, &other);
  faded = *expected_fill (painter, &other, FALSE);
  faded.r += (palette->background.r - faded.r) * palette->search_fade.a;
  faded.g += (palette->background.g - faded.g) * palette->search_fade.a;
  faded.b += (palette->background.b - faded.b) * palette->search_fade.a;
  assert_colour (&pixel, &faded);
  cairo_surface_destroy (surface);

  /* A search of nothing found fades everything; none: nothing. */
  tl_painter_set_search (painter, NULL);
  surface = render_test_draw (painter, &viewport);
  g_assert_cmpuint (tl_painter_get_stats (painter)->search_marks, ==, 0);
  pixel = pixel_of (painter, &viewport, surface, &other);
  assert_colour (&pixel, expected_fill (painter, &other, FALSE));
  cairo_surface_destroy (surface);
}

/* Matches far narrower than a pixel are drawn, a few pixels wide, once
 * per column: a dense lane's every fourth span, at fit. */
static void
test_code_search_narrow (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlPainter) painter = NULL;
  g_autoptr(TlSpanSearch) search = NULL;
  g_autoptr(TlSpanSearch) stale = NULL;
  guint32 name_a = tl_trace_model_intern (model, "tick (/home/u/a.py:1)", -1);
  guint32 name_b = tl_trace_model_intern (model, "tock (/home/u/a.py:5)", -1);
  cairo_surface_t *surface;
  TlViewport viewport;
  TlPaintGeometry g;
  guint32 lane;
  guint marks;

  lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  for (guint i = 0; i < 100000; i++)
    {
      TlSpan span = { (gint64) i * 1000, (gint64) i * 1000 + 900, 0, 0, i % 4 == 0 ? name_a : name_b,
                      TL_SPAN_SLICE, 0, 0 };

      tl_trace_model_add_span (model, lane, &span);
    }
  /* Made before the model finished: of an older generation, ignored. */
  stale = tl_span_search_new (model, "tick");
  tl_trace_model_finish (model, TL_TS_NONE);
  painter = fit_painter (model, &viewport);
  tl_painter_set_search (painter, stale);
  surface = render_test_draw (painter, &viewport);
  g_assert_cmpuint (tl_painter_get_stats (painter)->search_marks, ==, 0);
  cairo_surface_destroy (surface);

  search = tl_span_search_new (model, "tick");
  g_assert_cmpuint (tl_span_search_get_n_matches (search), ==, 25000);
  tl_painter_set_search (painter, search);
  surface = render_test_draw (painter, &viewport);
  tl_painter_get_geometry (painter, &viewport, &g);
  marks = tl_painter_get_stats (painter)->search_marks;
  /* Each mark is 3 pixels wide, one per column it starts in. */
  g_test_message ("%u marks over %.0f pixels", marks, g.plot_width);
  g_assert_cmpuint (marks, >=, (guint) (g.plot_width / 3) - 2);
  g_assert_cmpuint (marks, <=, (guint) g.plot_width + 1);
  cairo_surface_destroy (surface);
  tl_painter_set_search (painter, NULL);
}

/* A million calls, all matching: the frame walks them once and draws at
 * most a mark per track and column (what it costs is printed, for
 * information: timings are the benchmark's business). */
static void
test_code_search_million (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlPainter) painter = NULL;
  g_autoptr(TlSpanSearch) search = NULL;
  guint32 outer = tl_trace_model_intern (model, "work (/home/u/a.py:1)", -1);
  guint32 inner = tl_trace_model_intern (model, "step (/home/u/a.py:9)", -1);
  cairo_surface_t *surface;
  TlViewport viewport;
  TlPaintGeometry g;
  gint64 t0, t1;
  double seconds;
  guint columns;

  for (guint32 tid = 1; tid <= 8; tid++)
    {
      guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, tid);

      for (guint i = 0; i < 62500; i++)
        {
          gint64 at = (gint64) i * 2000 + tid * 7;
          TlSpan call = { at, at + 1900, 0, 0, outer, TL_SPAN_SLICE, 0, 0 };
          TlSpan callee = { at + 100, at + 1800, 0, 0, inner, TL_SPAN_SLICE, 0, 0 };

          tl_trace_model_add_span (model, lane, &call);
          tl_trace_model_add_span (model, lane, &callee);
        }
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  painter = fit_painter (model, &viewport);
  search = tl_span_search_new (model, "a.py");
  g_assert_cmpuint (tl_span_search_get_n_matches (search), ==, 1000000);
  tl_painter_set_search (painter, search);
  g_test_timer_start ();
  surface = render_test_draw (painter, &viewport);
  seconds = g_test_timer_elapsed ();
  tl_painter_get_geometry (painter, &viewport, &g);
  columns = (guint) ceil (g.plot_width);
  g_test_message ("a frame of a million matches at fit: %.1f ms, %u marks", seconds * 1000,
                  tl_painter_get_stats (painter)->search_marks);
  /* Eight lanes, two tracks each: a mark per track and column at most. */
  g_assert_cmpuint (tl_painter_get_stats (painter)->search_marks, <=, 8 * 2 * columns);
  g_assert_cmpuint (tl_painter_get_stats (painter)->search_marks, >=, 8 * 2 * columns / 4);
  cairo_surface_destroy (surface);

  /* A thousandth of it, at the end: the walk starts near the view. */
  tl_painter_get_time_range (painter, &t0, &t1);
  tl_viewport_init (&viewport, t1 - (t1 - t0) / 1000, t1, WIDTH, viewport.height);
  g_test_timer_start ();
  surface = render_test_draw (painter, &viewport);
  g_test_message ("a frame of a thousandth of it: %.1f ms, %u marks", g_test_timer_elapsed () * 1000,
                  tl_painter_get_stats (painter)->search_marks);
  g_assert_cmpuint (tl_painter_get_stats (painter)->search_marks, >, 0);
  cairo_surface_destroy (surface);
  tl_painter_set_search (painter, NULL);
}

/* The measured stretch is shaded over the lanes, and nothing outside. */
static void
test_code_range (void)
{
  g_autoptr(TlTraceModel) model = load_golden ("viztracer-pool.json");
  g_autoptr(TlPainter) painter = NULL;
  cairo_surface_t *plain, *shaded;
  TlViewport viewport;
  TlPaintGeometry g;
  gint64 t0, t1;
  Found found;
  int x, y;
  TlRgba before, after;

  painter = fit_painter (model, &viewport);
  g_assert_true (find_call (model, "count_primes (", 0, &found));
  plain = render_test_draw (painter, &viewport);
  tl_painter_set_range (painter, found.span->start - 100000, found.span->end);
  g_assert_true (tl_painter_get_range (painter, &t0, &t1));
  g_assert_cmpint (t1, ==, found.span->end);
  shaded = render_test_draw (painter, &viewport);
  render_test_save (shaded, "code-range.png");
  locate (painter, &viewport, &found, &x, &y);
  before = render_test_pixel (plain, x, y);
  after = render_test_pixel (shaded, x, y);
  g_assert_cmpfloat (render_test_distance (&before, &after), >, 0.02);
  /* Far right of the plot, outside the stretch: as it was. */
  tl_painter_get_geometry (painter, &viewport, &g);
  before = render_test_pixel (plain, (int) (g.plot_x + g.plot_width - 3), y);
  after = render_test_pixel (shaded, (int) (g.plot_x + g.plot_width - 3), y);
  g_assert_cmpfloat (render_test_distance (&before, &after), <, 0.001);
  tl_painter_set_range (painter, TL_TS_NONE, TL_TS_NONE);
  g_assert_false (tl_painter_get_range (painter, NULL, NULL));
  cairo_surface_destroy (plain);
  cairo_surface_destroy (shaded);
}

/* Every style has its function fills, readable on its background, and
 * library fills nearer to the background than the function's own. */
static void
test_code_palettes (void)
{
  for (TlStyle style = 0; style < TL_N_STYLES; style++)
    {
      const TlPalette *p = tl_palette_get (style);

      for (guint i = 0; i < TL_N_FUNCTION_FILLS; i++)
        {
          g_assert_cmpfloat (render_test_distance (&p->function_fill[i], &p->background), >, 0.25);
          g_assert_cmpfloat (render_test_distance (&p->library_fill[i], &p->background), <,
                             render_test_distance (&p->function_fill[i], &p->background));
          for (guint j = 0; j < i; j++)
            g_assert_cmpfloat (render_test_distance (&p->function_fill[i], &p->function_fill[j]), >, 0.1);
        }
      g_assert_true (tl_palette_get_function_fill (p, 7, FALSE) == tl_palette_get_function_fill (p, 7 + TL_N_FUNCTION_FILLS, FALSE));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/code/same-function-same-colour", test_code_same_function_same_colour);
  g_test_add_func ("/render/code/library-dimmed", test_code_library_dimmed);
  g_test_add_func ("/render/code/unlocated-not-dimmed", test_code_unlocated_not_dimmed);
  g_test_add_func ("/render/code/states-keep-colours", test_code_states_keep_colours);
  g_test_add_func ("/render/code/search", test_code_search);
  g_test_add_func ("/render/code/search-narrow", test_code_search_narrow);
  g_test_add_func ("/render/code/search-million", test_code_search_million);
  g_test_add_func ("/render/code/range", test_code_range);
  g_test_add_func ("/render/code/palettes", test_code_palettes);
  return g_test_run ();
}
