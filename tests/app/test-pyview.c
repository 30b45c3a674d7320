/* test-pyview.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Python program's trace in the real window, under Xvfb, on the golden
 * viztracer-like files: opening one puts the scenario gallery away and
 * tells the trace in a few lines; calls are in their function's colour,
 * the same in two traces, library code dimmed until asked not to be; a
 * search highlights, counts and steps through its matches; a stretch
 * measured shows the model's own figures; the inspector names a call's
 * function, file and line, arguments and result, and its thread with
 * its process.  Screenshots are saved in TL_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include "tl-describe.h"
#include "tl-range-stats.h"
#include "tl-test-util.h"
#include "tl-timeline-view.h"
#include "window-test-util.h"

static TlApplication *app;

static char *
golden (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "chrome", name, NULL);
}

typedef struct
{
  guint32       lane;
  guint         track;
  guint         index;
  const TlSpan *span;
} Found;

/* The @nth call whose name starts with @prefix. */
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
painter_of (TlWindow *window)
{
  return tl_timeline_view_get_painter (TL_TIMELINE_VIEW (tl_window_get_timeline (window)));
}

/* The colour the timeline shows at the top left of @found. */
static TlRgba
colour_of (TlWindow    *window,
           const Found *found)
{
  TlPainter *painter = painter_of (window);
  const TlLayout *layout = tl_painter_get_layout (painter);
  const TlRow *row = tl_layout_get_row (layout, tl_layout_lookup_lane (layout, found->lane));
  g_autofree guint32 *pixels = NULL;
  TlPaintGeometry g;
  TlViewport viewport;
  double ty, th, x0, x1;
  int width, height, x, y;

  tl_timeline_view_get_viewport (TL_TIMELINE_VIEW (tl_window_get_timeline (window)), &viewport);
  tl_painter_get_geometry (painter, &viewport, &g);
  g_assert_true (tl_layout_get_track (layout, row, found->track, &ty, &th));
  x0 = tl_time_map_x (&g.map, found->span->start);
  x1 = tl_time_map_x (&g.map, found->span->end);
  g_assert_cmpfloat (x1 - x0, >, 8);
  x = (int) x0 + 4;
  y = (int) (g.plot_y + ty - viewport.scroll_y + 0.5) + 1;
  tl_window_test_timeline_pixels (window, &pixels, &width, &height);
  g_assert_cmpint (y, <, height);
  return tl_window_test_rgba (pixels[(gsize) y * width + x]);
}

static const TlRgba *
function_fill (TlWindow    *window,
               const Found *found,
               gboolean     dimmed)
{
  TlPainter *painter = painter_of (window);
  TlFunction function;

  g_assert_true (tl_trace_model_get_span_function (tl_painter_get_model (painter), found->span, &function));
  return tl_palette_get_function_fill (tl_painter_get_palette (painter), function.color_key, dimmed);
}

static void
assert_colour (const TlRgba *pixel,
               const TlRgba *expected)
{
  double d = tl_window_test_distance (pixel, expected);

  if (d > 0.02)
    g_test_message ("pixel %.3f %.3f %.3f, expected %.3f %.3f %.3f", pixel->r, pixel->g, pixel->b,
                    expected->r, expected->g, expected->b);
  g_assert_cmpfloat (d, <=, 0.02);
}

/* Opening a file puts the gallery away and tells the trace; F9's
 * action (the header's button) brings the scenarios back. */
static void
test_pyview_open (void)
{
  g_autofree char *path = golden ("viztracer-pool.json");
  TlWindow *window = tl_window_test_new_window (app);
  TlWindow *opened;
  g_auto(GStrv) lines = NULL;
  GtkLabel *story = NULL;

  tl_window_test_settle (window);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  gtk_window_destroy (GTK_WINDOW (window));

  opened = tl_window_test_open (app, path);
  g_assert_false (adw_flap_get_reveal_flap (opened->flap));
  {
    /* The story's text, as the panel's labels show it. */
    g_autoptr(GString) text = g_string_new (NULL);
    GtkWidget *w = GTK_WIDGET (opened->narration_panel);
    GPtrArray *stack = g_ptr_array_new ();

    g_ptr_array_add (stack, w);
    while (stack->len > 0)
      {
        GtkWidget *top = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LABEL (top) && gtk_widget_get_visible (top))
          {
            g_string_append (text, gtk_label_get_label (GTK_LABEL (top)));
            g_string_append_c (text, '\n');
            if (strstr (gtk_label_get_label (GTK_LABEL (top)), "processes") != NULL)
              story = GTK_LABEL (top);
          }
        for (GtkWidget *c = gtk_widget_get_first_child (top); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_ptr_array_unref (stack);
    g_test_message ("%s", text->str);
    g_assert_nonnull (strstr (text->str, "viztracer-pool.json"));
  }
  g_assert_nonnull (story);
  lines = g_strsplit (gtk_label_get_label (story), "\n", -1);
  g_assert_cmpstr (lines[0], ==, "3 processes and 5 threads, over 9.0 ms.");
  g_assert_nonnull (strstr (gtk_label_get_label (story), "1 error"));
  g_assert_nonnull (strstr (gtk_label_get_label (story), "• count_primes: "));

  tl_window_test_screenshot (opened, "pyview-fit.png");
  gtk_widget_activate_action (GTK_WIDGET (opened), "win.toggle-sidebar", NULL);
  g_assert_true (adw_flap_get_reveal_flap (opened->flap));
  gtk_window_destroy (GTK_WINDOW (opened));
}

/* count_primes has one colour in both traces, its palette's; the pool's
 * machinery is dimmed, and is not once win.dim-library is off. */
static void
test_pyview_colours (void)
{
  g_autofree char *pool_path = golden ("viztracer-pool.json");
  g_autofree char *threads_path = golden ("viztracer-threads.json");
  TlWindow *pool = tl_window_test_open (app, pool_path);
  TlWindow *threads = tl_window_test_open (app, threads_path);
  TlTraceModel *pool_model = tl_session_get_model (tl_window_get_session (pool));
  TlTraceModel *threads_model = tl_session_get_model (tl_window_get_session (threads));
  Found a, b, library;
  TlRgba in_pool, in_threads, pixel;
  gboolean dimmed;

  g_assert_true (pool != threads);
  g_assert_true (find_call (pool_model, "count_primes (", 0, &a));
  g_assert_true (find_call (threads_model, "count_primes (", 0, &b));
  in_pool = colour_of (pool, &a);
  in_threads = colour_of (threads, &b);
  assert_colour (&in_pool, &in_threads);
  assert_colour (&in_pool, function_fill (pool, &a, FALSE));

  g_assert_true (find_call (pool_model, "BaseProcess.run (", 0, &library));
  pixel = colour_of (pool, &library);
  assert_colour (&pixel, function_fill (pool, &library, TRUE));

  /* The action's state is the window's property. */
  g_object_get (pool, "library-dimmed", &dimmed, NULL);
  g_assert_true (dimmed);
  gtk_widget_activate_action (GTK_WIDGET (pool), "win.dim-library", NULL);
  g_object_get (pool, "library-dimmed", &dimmed, NULL);
  g_assert_false (dimmed);
  tl_window_test_settle (pool);
  pixel = colour_of (pool, &library);
  assert_colour (&pixel, function_fill (pool, &library, FALSE));
  gtk_widget_activate_action (GTK_WIDGET (pool), "win.dim-library", NULL);
  tl_window_test_settle (pool);
  pixel = colour_of (pool, &library);
  assert_colour (&pixel, function_fill (pool, &library, TRUE));

  gtk_window_destroy (GTK_WINDOW (threads));
  gtk_window_destroy (GTK_WINDOW (pool));
}

/* Ctrl+F's action, a name typed: every match counted and highlighted,
 * the rest faded; next and previous select and go round. */
static void
test_pyview_search (void)
{
  g_autofree char *path = golden ("viztracer-pool.json");
  TlWindow *window = tl_window_test_open (app, path);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model = tl_session_get_model (session);
  const TlSpanSearch *search;
  const TlItemRef *matches;
  Found match, other;
  TlRgba pixel, faded;
  const TlPalette *palette;
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  g_assert_true (tl_search_bar_get_active (window->search_bar));
  tl_search_bar_set_text (window->search_bar, "count_primes");
  search = tl_session_get_search (session);
  g_assert_nonnull (search);
  g_assert_true (tl_painter_get_search (painter_of (window)) == search);
  matches = tl_span_search_get_matches (search, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (tl_search_bar_get_count_text (window->search_bar), ==, "3 matches");
  tl_window_test_settle (window);

  g_assert_true (find_call (model, "count_primes (", 0, &match));
  pixel = colour_of (window, &match);
  assert_colour (&pixel, function_fill (window, &match, FALSE));
  g_assert_true (find_call (model, "log_progress (", 0, &other));
  pixel = colour_of (window, &other);
  palette = tl_painter_get_palette (painter_of (window));
  faded = *function_fill (window, &other, FALSE);
  faded.r += (palette->background.r - faded.r) * palette->search_fade.a;
  faded.g += (palette->background.g - faded.g) * palette->search_fade.a;
  faded.b += (palette->background.b - faded.b) * palette->search_fade.a;
  assert_colour (&pixel, &faded);
  tl_window_test_screenshot (window, "pyview-search.png");

  /* From the start of the view: the first match, then on, and round. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  g_assert_cmpuint (tl_search_bar_get_current (window->search_bar), ==, 0);
  g_assert_cmpstr (tl_search_bar_get_count_text (window->search_bar), ==, "1 of 3");
  g_assert_cmpuint (tl_session_get_selection (session)->lane, ==, matches[0].lane);
  g_assert_cmpuint (tl_session_get_selection (session)->index, ==, matches[0].index);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->side_stack), ==, "inspector");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  g_assert_cmpstr (tl_search_bar_get_count_text (window->search_bar), ==, "3 of 3");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  g_assert_cmpuint (tl_search_bar_get_current (window->search_bar), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL);
  g_assert_cmpuint (tl_search_bar_get_current (window->search_bar), ==, 2);
  g_assert_cmpuint (tl_session_get_selection (session)->index, ==, matches[2].index);

  /* Nothing found says so; a stop puts the search away. */
  tl_search_bar_set_text (window->search_bar, "no_such_function");
  g_assert_cmpstr (tl_search_bar_get_count_text (window->search_bar), ==, "No match");
  tl_search_bar_stop (window->search_bar);
  g_assert_false (tl_search_bar_get_active (window->search_bar));
  g_assert_null (tl_session_get_search (session));
  g_assert_null (tl_painter_get_search (painter_of (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A match in a row scrolled away: stepping to it scrolls it into sight. */
static void
test_pyview_search_reveals_row (void)
{
  TlWindow *window = tl_window_test_new_window (app);
  TlSession *session = tl_window_get_session (window);
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 work = tl_trace_model_intern (model, "work (/home/u/a.py:1)", -1);
  guint32 needle = tl_trace_model_intern (model, "needle (/home/u/a.py:9)", -1);
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (window));
  GtkAdjustment *vadjustment;
  const TlLayout *layout;
  const TlRow *row;
  guint32 last = TL_INDEX_NONE;

  for (guint32 pid = 1; pid <= 40; pid++)
    {
      TlSpan span = { 1000, 900000, 0, 0, pid == 40 ? needle : work, TL_SPAN_SLICE, 0, 0 };

      last = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, pid, pid);
      tl_trace_model_add_span (model, last, &span);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  tl_session_set_model (session, model, TL_SESSION_STOPPED);
  tl_window_test_settle (window);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >, gtk_adjustment_get_page_size (vadjustment));

  tl_search_bar_set_text (window->search_bar, "needle");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  g_assert_cmpuint (tl_session_get_selection (session)->lane, ==, last);
  layout = tl_painter_get_layout (painter_of (window));
  row = tl_layout_get_row (layout, tl_layout_lookup_lane (layout, last));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);
  g_assert_cmpfloat (row->y, >=, gtk_adjustment_get_value (vadjustment));
  g_assert_cmpfloat (row->y + row->height, <=,
                     gtk_adjustment_get_value (vadjustment) + gtk_adjustment_get_page_size (vadjustment));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A stretch measured: the Measure page shows, per function, the model's
 * own calls, total and own time for it, in its order, and each thread's
 * busy share. */
static void
test_pyview_measure (void)
{
  g_autofree char *path = golden ("viztracer-pool.json");
  TlWindow *window = tl_window_test_open (app, path);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model = tl_session_get_model (session);
  g_autoptr(TlRangeStats) stats = NULL;
  g_auto(GStrv) rows = NULL;
  const TlFunctionStats *functions;
  const TlLaneStats *lanes;
  gint64 start, end, t0, t1;
  guint n, n_lanes, row = 0, threads = 0;

  g_assert_true (tl_trace_model_get_time_range (model, &start, &end));
  t0 = start + (end - start) / 5;
  t1 = start + (end - start) * 3 / 4;
  tl_session_set_range (session, t0, t1);
  tl_range_panel_update (window->range_panel);
  tl_window_test_settle (window);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->side_stack), ==, "measure");
  g_assert_true (tl_painter_get_range (painter_of (window), NULL, NULL));

  stats = tl_range_stats_new (model, t0, t1);
  functions = tl_range_stats_get_functions (stats, &n);
  lanes = tl_range_stats_get_lanes (stats, &n_lanes);
  rows = tl_range_panel_dup_rows (window->range_panel);
  g_assert_cmpuint (n, >, 5);
  for (guint i = 0; i < n; i++, row++)
    {
      TlFunction function;
      g_autofree char *total = tl_format_duration (functions[i].total);
      g_autofree char *own = tl_format_duration (functions[i].self);
      g_autofree char *expected = NULL;

      g_assert_true (tl_trace_model_get_function (model, functions[i].name, &function));
      expected = g_strdup_printf ("function\t%s\t%" G_GUINT64_FORMAT "\t%s\t%s",
                                  tl_trace_model_get_string (model, function.name),
                                  functions[i].calls, total, own);
      g_test_message ("%s", rows[row]);
      g_assert_cmpstr (rows[row], ==, expected);
    }
  for (guint i = 0; i < n_lanes; i++)
    {
      g_autofree char *name = tl_describe_thread_in_process (model, lanes[i].lane);
      g_autofree char *share = tl_format_percent (lanes[i].share);

      g_assert_nonnull (rows[row]);
      g_assert_true (g_str_has_prefix (rows[row], "thread\t"));
      g_assert_nonnull (strstr (rows[row], name));
      g_assert_nonnull (strstr (rows[row], share));
      row++;
      threads++;
    }
  g_assert_cmpuint (threads, ==, 5);
  g_assert_null (rows[row]);
  tl_window_test_screenshot (window, "pyview-measure.png");

  /* By calls, as the model sorts them. */
  tl_range_panel_set_sort (window->range_panel, TL_RANGE_SORT_CALLS);
  tl_range_stats_sort (stats, TL_RANGE_SORT_CALLS);
  g_strfreev (rows);
  rows = tl_range_panel_dup_rows (window->range_panel);
  functions = tl_range_stats_get_functions (stats, &n);
  {
    TlFunction function;

    g_assert_true (tl_trace_model_get_function (model, functions[0].name, &function));
    g_assert_true (g_str_has_prefix (rows[0] + strlen ("function\t"),
                                     tl_trace_model_get_string (model, function.name)));
  }

  tl_session_set_range (session, TL_TS_NONE, TL_TS_NONE);
  tl_range_panel_update (window->range_panel);
  g_strfreev (rows);
  rows = tl_range_panel_dup_rows (window->range_panel);
  g_assert_null (rows[0]);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_row (GStrv       rows,
         const char *row)
{
  for (guint i = 0; rows[i] != NULL; i++)
    if (g_str_equal (rows[i], row))
      return TRUE;
  for (guint i = 0; rows[i] != NULL; i++)
    g_test_message ("row: %s", rows[i]);
  return FALSE;
}

/* A call in the inspector: function, file and line, whose code, its
 * arguments and result; a worker's thread with its process. */
static void
test_pyview_inspector (void)
{
  g_autofree char *path = golden ("viztracer-pool.json");
  TlWindow *window = tl_window_test_open (app, path);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model = tl_session_get_model (session);
  g_auto(GStrv) rows = NULL;
  Found found;
  TlItemRef ref;

  g_assert_true (find_call (model, "Pool.map (", 0, &found));
  ref = (TlItemRef) { found.lane, TL_ITEM_SPAN, found.track, found.index };
  tl_session_set_selection (session, &ref);
  rows = tl_inspector_dup_rows (window->inspector);
  g_assert_true (has_row (rows, "Who\tMainProcess / MainThread"));
  g_assert_true (has_row (rows, "Function\tPool.map"));
  g_assert_true (has_row (rows, "Where\t/usr/lib/python3.11/multiprocessing/pool.py:362"));
  g_assert_true (has_row (rows, "Code\tThe standard library"));
  g_assert_true (has_row (rows, "Returned\t[168, 303, 430]"));
  g_assert_true (has_row (rows, "Arguments\tself=<multiprocessing.pool.Pool state=RUN pool_size=2>, "
                                "func=<function count_primes at 0x7f3a2c1e0f40>, "
                                "iterable=[1000, 2000, 3000], chunksize=None"));
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "pyview-inspector.png");

  /* count_primes in the second worker: its process by name. */
  for (guint nth = 0; find_call (model, "count_primes (", nth, &found); nth++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, found.lane);
      g_autofree char *process = tl_describe_process_name (model, tl_lane_get_process (lane));

      if (!g_str_equal (process, "ForkPoolWorker-2"))
        continue;
      ref = (TlItemRef) { found.lane, TL_ITEM_SPAN, found.track, found.index };
      tl_session_set_selection (session, &ref);
      g_strfreev (rows);
      rows = tl_inspector_dup_rows (window->inspector);
      g_assert_true (has_row (rows, "Who\tForkPoolWorker-2 / MainThread"));
      g_assert_true (has_row (rows, "Function\tcount_primes"));
      g_assert_true (has_row (rows, "Where\t/home/u/prog.py:6"));
      g_assert_true (has_row (rows, "Code\tThe program’s own code"));
      break;
    }
  g_assert_true (has_row (rows, "Who\tForkPoolWorker-2 / MainThread"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The code page shows the source the trace carries of a selected call's
 * function, its line marked; a call into a file it did not carry shows
 * none. */
static void
test_pyview_source (void)
{
  g_autofree char *path = golden ("viztracer-pool.json");
  TlWindow *window = tl_window_test_open (app, path);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model = tl_session_get_model (session);
  g_autofree char *line = NULL;
  Found found;
  TlItemRef ref;

  tl_window_show_panel (window, "code");
  g_assert_false (tl_source_pane_has_program (window->source_pane));

  g_assert_true (find_call (model, "Pool.map (", 0, &found));
  ref = (TlItemRef) { found.lane, TL_ITEM_SPAN, found.track, found.index };
  tl_session_set_selection (session, &ref);
  g_assert_false (tl_source_pane_has_program (window->source_pane));

  g_assert_true (find_call (model, "count_primes (", 0, &found));
  ref = (TlItemRef) { found.lane, TL_ITEM_SPAN, found.track, found.index };
  tl_session_set_selection (session, &ref);
  g_assert_true (tl_source_pane_has_program (window->source_pane));
  g_assert_cmpuint (tl_source_pane_get_marked_line (window->source_pane), ==, 6);
  line = tl_source_pane_dup_line (window->source_pane, 6);
  g_assert_true (g_str_has_prefix (line, "def count_primes(n):"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->side_stack), ==, "code");
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "pyview-source.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-pyview");
  int status;

  if (!tl_window_test_init (&argc, &argv, data, &app))
    return 0;

  g_test_add_func ("/ui/pyview/open", test_pyview_open);
  g_test_add_func ("/ui/pyview/colours", test_pyview_colours);
  g_test_add_func ("/ui/pyview/search", test_pyview_search);
  g_test_add_func ("/ui/pyview/search-reveals-row", test_pyview_search_reveals_row);
  g_test_add_func ("/ui/pyview/measure", test_pyview_measure);
  g_test_add_func ("/ui/pyview/inspector", test_pyview_inspector);
  g_test_add_func ("/ui/pyview/source", test_pyview_source);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
