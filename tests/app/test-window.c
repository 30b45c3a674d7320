/* test-window.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window, under Xvfb: a scenario run through its action, files
 * opened through the application, a broken file, the timeline's pixels,
 * and the keyboard wherever the focus is.  Screenshots of what it showed
 * are saved in the build directory (TL_SCREENSHOT_DIR) for review.  Each
 * test has its own home and XDG folders (nothing lands in the user's
 * recent files); without a display the tests are skipped.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "tl-format.h"
#include "tl-lesson.h"
#include "tl-painter.h"
#include "tl-timeline-view.h"
#include "trace-gen.h"
#include "tl-test-util.h"
#include "window-test-util.h"

#define RUN_TIMEOUT_S 120

static TlApplication *app;

/* Every thread lane that has a running span in view shows it: the pixel
 * in the middle of that span, on its track's row, is not the background. */
static guint
check_lane_pixels (TlWindow *window)
{
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (window));
  TlPainter *painter = tl_timeline_view_get_painter (view);
  TlTraceModel *model = tl_session_get_model (tl_window_get_session (window));
  g_autofree guint32 *pixels = NULL;
  int width, height;
  const TlLayout *layout = tl_painter_get_layout (painter);
  TlPaintGeometry geometry;
  TlViewport viewport;
  guint32 background;
  guint checked = 0;

  tl_window_test_timeline_pixels (window, &pixels, &width, &height);
  tl_timeline_view_get_viewport (view, &viewport);
  tl_painter_get_geometry (painter, &viewport, &geometry);
  /* The gutter's far left, below the axis, is plain background. */
  background = pixels[(gsize) (geometry.plot_y + geometry.plot_height - 2) * width + 1];

  for (guint r = 0; r < tl_layout_get_n_rows (layout); r++)
    {
      const TlRow *row = tl_layout_get_row (layout, r);
      TlLane *lane;
      const TlSpan *spans;
      guint n;
      double track_y, track_h;

      if (row->kind != TL_ROW_LANE || row->lane_kind != TL_LANE_THREAD || !row->stateful)
        continue;
      lane = tl_trace_model_get_lane (model, row->lane);
      spans = tl_lane_get_spans (lane, 0, &n);
      if (!tl_layout_get_track (layout, row, 0, &track_y, &track_h))
        continue;

      for (guint i = 0; i < n; i++)
        {
          double x0 = tl_time_map_x (&geometry.map, spans[i].start);
          double x1 = tl_time_map_x (&geometry.map, spans[i].end);
          double y = geometry.plot_y + track_y + track_h / 2 - viewport.scroll_y;
          guint32 pixel;

          if (spans[i].kind != TL_SPAN_RUNNING || x1 - x0 < 6 ||
              x0 < geometry.plot_x || x1 > geometry.plot_x + geometry.plot_width ||
              y < geometry.plot_y + 2 || y > geometry.plot_y + geometry.plot_height - 2)
            continue;
          pixel = pixels[(gsize) y * width + (gsize) ((x0 + x1) / 2)];
          g_assert_cmphex (pixel, !=, background);
          checked++;
          break;
        }
    }
  return checked;
}

/* The statistics start with the lesson (here: the result, in input
 * order), and what the trace holds comes last; neither they, the story
 * nor the caption speak of Threadline's own machinery. */
static void
check_lesson_first (TlWindow *window)
{
  g_auto(GStrv) rows = NULL;
  guint about = 0;

  adw_view_stack_set_visible_child_name (window->side_stack, "statistics");
  tl_window_test_settle (window);
  rows = tl_stats_panel_dup_rows (window->stats_panel);
  g_assert_nonnull (rows[0]);
  g_assert_cmpstr (rows[0], ==, "What the Run Shows\tpool.map\t[1, 4, 9, 16, 25]");
  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_test_message ("%s", rows[i]);
      g_assert_null (strstr (rows[i], "supervisor"));
      g_assert_null (strstr (rows[i], "threadline-runner"));
      if (g_str_has_prefix (rows[i], "About This Trace\t"))
        about = about > 0 ? about : i;
      else
        g_assert_cmpuint (about, ==, 0);
    }
  g_assert_cmpuint (about, >, 0);
  tl_window_test_screenshot (window, "window-statistics.png");
  g_assert_nonnull (tl_narration_panel_get_current (window->narration_panel));
  g_assert_null (strstr (tl_narration_panel_get_current (window->narration_panel), "threadline-runner"));
  g_assert_null (strstr (gtk_label_get_label (window->caption_label), "threadline-runner"));
  adw_view_stack_set_visible_child_name (window->side_stack, "narration");
}

static void
test_window_run_pool_map (void)
{
  TlWindow *window = tl_window_test_new_window (app);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model;
  guint64 dropped, torn, corrupt;
  guint threads = 0;

  tl_window_test_start_run (window, "pool-map");
  g_assert_true (tl_window_test_wait_until (tl_window_test_run_finished, window, RUN_TIMEOUT_S));

  model = tl_session_get_model (session);
  g_assert_nonnull (model);
  g_assert_cmpuint (tl_trace_model_get_n_events (model), >, 50);
  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    if (tl_lane_get_kind (tl_trace_model_get_lane (model, l)) == TL_LANE_THREAD)
      threads++;
  /* The main process and four pool workers at least. */
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), >=, 5);
  g_assert_cmpuint (threads, >=, 5);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_TASK), >=, 5);
  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  g_assert_cmpuint (dropped + torn + corrupt, ==, 0);

  tl_window_test_settle (window);
  g_assert_cmpuint (check_lane_pixels (window), >=, 3);
  tl_window_test_screenshot (window, "window-pool-map.png");
  check_lesson_first (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A small trace of two threads taking turns on a lock, written as
 * .tltrace, as the window would have saved it. */
static char *
write_contention_trace (const char *dir)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "contention.tltrace", NULL);
  gint64 ms = 1000000;

  for (guint round = 0; round < 20; round++)
    for (guint32 tid = 1; tid <= 3; tid++)
      {
        gint64 t = (round * 3 + tid) * 10 * ms;
        TlModelEvent wait = { t, 100, tid, 7, 0, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 0, 0, NULL, 0 };
        TlModelEvent take = { t + 2 * ms, 100, tid, 7, 0, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 0, 0, NULL, 0 };
        TlModelEvent give = { t + 9 * ms, 100, tid, 7, 0, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 0, 0, NULL, 0 };

        tl_trace_model_add_event (model, &wait);
        tl_trace_model_add_event (model, &take);
        tl_trace_model_add_event (model, &give);
      }
  tl_trace_model_finish (model, TL_TS_NONE);
  g_assert_true (tl_trace_file_save (model, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_window_open_tltrace (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = write_contention_trace (dir);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  TlTraceModel *model = tl_session_get_model (tl_window_get_session (window));

  g_assert_cmpint (tl_session_get_state (tl_window_get_session (window)), ==, TL_SESSION_STOPPED);
  g_assert_cmpuint (tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 3), !=, TL_INDEX_NONE);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_OWNER), ==, 60);
  g_assert_cmpuint (check_lane_pixels (window), >=, 3);
  {
    /* Select thread 3's first hold of the lock, for the inspector. */
    TlItemRef hold = { tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, 3), TL_ITEM_SPAN, 1, 0 };

    tl_session_set_selection (tl_window_get_session (window), &hold);
    tl_window_test_settle (window);
  }
  tl_window_test_screenshot (window, "window-tltrace.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_open_viztracer_json (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome", "viztracer.json", NULL);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  TlTraceModel *model = tl_session_get_model (tl_window_get_session (window));

  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), >, 0);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), >, 0);
  tl_window_test_screenshot (window, "window-viztracer.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_message (gpointer data)
{
  return tl_window_get_last_message (data) != NULL;
}

/* A file that is no trace: the window says so and keeps working. */
static void
test_window_open_broken (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *broken = g_build_filename (dir, "broken.tltrace", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "chrome", "array.json", NULL);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  TlWindow *window = tl_window_test_new_window (app);

  tl_window_test_settle (window);
  g_assert_true (g_file_set_contents (broken, "TLTRACE this is not what it says it is", -1, NULL));
  tl_window_open_file (window, broken_file);
  g_assert_true (tl_window_test_wait_until (has_message, window, 30));
  g_assert_nonnull (strstr (tl_window_get_last_message (window), "broken.tltrace"));
  g_assert_null (tl_session_get_model (tl_window_get_session (window)));
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "window-broken-file.png");

  /* Still works. */
  tl_window_open_file (window, good_file);
  g_assert_true (tl_window_test_wait_until (tl_window_test_model_loaded, window, 30));
  g_assert_cmpuint (tl_trace_model_get_n_lanes (tl_session_get_model (tl_window_get_session (window))), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
previewing (gpointer data)
{
  return tl_window_get_loading (data) && tl_session_get_model (tl_window_get_session (data)) != NULL;
}

static gboolean
loaded (gpointer data)
{
  return !tl_window_get_loading (data);
}

/* A big recording shows its beginning while the rest loads, then all of
 * it; saving is off until then. */
static void
test_window_open_big_preview (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = g_build_filename (dir, "big.tltrace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  TlWindow *window = tl_window_test_new_window (app);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *preview;
  guint64 preview_events, written;
  GStatBuf before, after;

  written = tl_trace_gen_tltrace (path, 2000000, NULL, &error);
  g_assert_no_error (error);
  tl_window_test_settle (window);
  tl_window_open_file (window, file);
  g_assert_true (tl_window_test_wait_until (previewing, window, 60));
  preview = tl_session_get_model (session);
  preview_events = tl_trace_model_get_n_events (preview);
  g_assert_cmpuint (preview_events, <, written);
  g_assert_nonnull (strstr (tl_session_get_title (session), "loading"));
  /* A preview is not the file: saving it now writes nothing. */
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "window-preview.png");

  g_assert_true (tl_window_test_wait_until (loaded, window, 120));
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_true (tl_session_get_model (session) != preview);
  g_assert_cmpuint (tl_trace_model_get_n_events (tl_session_get_model (session)), ==, written);
  g_assert_cmpstr (tl_session_get_title (session), ==, "big.tltrace");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The deadlock scenario ends in the deadlock it is about: the window says
 * which thread waits for which lock, as its lesson, with no error. */
static void
test_window_deadlock_lesson (void)
{
  TlWindow *window = tl_window_test_new_window (app);
  const char *caption;

  tl_window_test_settle (window);
  tl_window_show_scenario (window, "deadlock", TRUE);
  g_assert_true (tl_window_test_wait_until (tl_window_test_run_finished, window, RUN_TIMEOUT_S));
  tl_window_test_settle (window);
  caption = gtk_label_get_label (window->caption_label);
  g_test_message ("%s", caption);
  g_assert_true (g_str_has_prefix (caption, "Deadlock: worker 1 waits for lock_b, held by worker 2; "
                                            "worker 2 waits for lock_a, held by worker 1 — ended after "));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->caption_label)));
  g_assert_null (tl_window_get_last_message (window));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window->window_title), "deadlock"));
  tl_window_test_screenshot (window, "window-deadlock.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A load cancelled ends quietly: no message, nothing shown of the file,
 * and the window opens the next one. */
static void
test_window_cancel_load (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = g_build_filename (dir, "big.tltrace", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "chrome", "array.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GError) error = NULL;
  TlWindow *window = tl_window_test_new_window (app);
  TlSession *session = tl_window_get_session (window);

  g_assert_cmpuint (tl_trace_gen_tltrace (path, 2000000, NULL, &error), >, 0);
  g_assert_no_error (error);
  tl_window_test_settle (window);
  tl_window_open_file (window, file);
  g_assert_true (tl_window_get_loading (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-load", NULL));
  g_assert_true (tl_window_test_wait_until (loaded, window, 60));
  tl_window_test_settle (window);
  g_assert_null (tl_window_get_last_message (window));
  g_assert_null (tl_session_get_model (session));

  tl_window_open_file (window, good_file);
  g_assert_true (tl_window_test_wait_until (tl_window_test_model_loaded, window, 30));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* For a projector: no gallery, no side panel, a presenter's header, large
 * type; remembered; and back to what was open before. */
static void
test_window_presentation (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome", "viztracer.json", NULL);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  TlPainter *painter = tl_timeline_view_get_painter (TL_TIMELINE_VIEW (tl_window_get_timeline (window)));
  GSettings *settings = tl_application_get_settings (app);

  adw_flap_set_reveal_flap (window->flap, TRUE);
  gtk_toggle_button_set_active (window->panel_button, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL));
  g_assert_true (tl_window_get_presentation (window));
  g_assert_true (g_settings_get_boolean (settings, "presentation"));
  g_assert_cmpint (tl_painter_get_presentation (painter), ==,
                   gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_false (gtk_widget_get_visible (window->side_panel));
  g_assert_false (gtk_widget_get_visible (window->transport_box));
  g_assert_false (gtk_widget_get_visible (window->menu_button));
  g_assert_true (gtk_widget_get_visible (window->presenter_box));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "window-presentation.png");

  /* Hiding the side panel (F8 shows it, F8 hides it) leaves the gallery
   * hidden. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panel", NULL));
  tl_window_test_settle (window);
  g_assert_true (gtk_widget_get_visible (window->side_panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panel", NULL));
  tl_window_test_settle (window);
  g_assert_false (gtk_widget_get_visible (window->side_panel));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  /* Escape leaves it: what was open is open again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-presentation", NULL));
  g_assert_false (tl_window_get_presentation (window));
  g_assert_false (g_settings_get_boolean (settings, "presentation"));
  g_assert_cmpint (tl_painter_get_presentation (painter), ==, 0);
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (gtk_widget_get_visible (window->side_panel));
  g_assert_true (gtk_widget_get_visible (window->transport_box));
  g_assert_false (gtk_widget_get_visible (window->presenter_box));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The session's commands drive the timeline. */
static void
test_window_keyboard (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome", "viztracer.json", NULL);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  TlSession *session = tl_window_get_session (window);
  GtkWidget *timeline = tl_window_get_timeline (window);
  gint64 t0, t1, z0, z1;

  tl_session_get_visible (session, &t0, &t1);
  g_assert_true (gtk_widget_activate_action (timeline, "session.zoom", "d", 2.0));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z1 - z0, <, t1 - t0);
  g_assert_true (gtk_widget_activate_action (timeline, "session.zoom-to-fit", NULL));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z1 - z0, ==, t1 - t0);

  /* Stepping moves the playhead from event to event. */
  g_assert_true (gtk_widget_activate_action (timeline, "session.step", "i", 1));
  g_assert_cmpint (tl_session_get_playhead (session), !=, TL_TS_NONE);
  z0 = tl_session_get_playhead (session);
  g_assert_true (gtk_widget_activate_action (timeline, "session.step", "i", 1));
  g_assert_cmpint (tl_session_get_playhead (session), >, z0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* n zooms to each timed phase of a run in turn, however short, then back
 * to the whole trace (a recording of start-up-cost: its "processes" and
 * "threads" take a few milliseconds of its 50). */
static void
test_window_zoom_to_phase (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tltrace", "lesson-phases.tltrace", NULL);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  TlSession *session = tl_window_get_session (window);
  GtkWidget *timeline = tl_window_get_timeline (window);
  g_autoptr(TlLesson) lesson = tl_lesson_new (tl_session_get_model (session));
  gint64 t0, t1, f0, f1;

  g_assert_nonnull (lesson);
  g_assert_cmpuint (tl_lesson_get_n_phases (lesson), ==, 2);
  tl_session_get_visible (session, &f0, &f1);
  for (guint i = 0; i < 2; i++)
    {
      const TlLessonPhase *phase = tl_lesson_get_phase (lesson, i);

      g_assert_true (gtk_widget_activate_action (timeline, "session.zoom-to-phase", NULL));
      tl_session_get_visible (session, &t0, &t1);
      g_assert_cmpint (t0, ==, phase->start);
      g_assert_cmpint (t1, ==, phase->end);
    }
  g_assert_true (gtk_widget_activate_action (timeline, "session.zoom-to-phase", NULL));
  tl_session_get_visible (session, &t0, &t1);
  g_assert_cmpint (t0, ==, f0);
  g_assert_cmpint (t1, ==, f1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A drawn widget of the type @data that takes the focus (itself, or a
 * part of it: a spin button's text). */
static gboolean
is_focusable (GtkWidget *widget,
              gpointer   data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data)) && gtk_widget_is_drawable (widget) &&
         (gtk_widget_get_focusable (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_MENU_BUTTON (widget));
}

/* The first focusable widget of @type under @widget (itself included). */
static GtkWidget *
find_focusable (GtkWidget *widget,
                GType      type)
{
  return tl_window_test_find_widget (widget, is_focusable, GSIZE_TO_POINTER (type));
}

static GtkWidget *
focus_of (TlWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* A header button, a side panel, a number field: the keys act with the
 * focus on the first two (a focused button does not take Space for
 * itself), and type into the last. */
static void
test_window_keys_anywhere (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome", "viztracer.json", NULL);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  TlSession *session = tl_window_get_session (window);
  GtkShortcutController *keys = tl_window_test_keys (window);
  GtkWidget *button = find_focusable (window->header_bar, GTK_TYPE_BUTTON);
  GtkWidget *panel = find_focusable (window->side_panel, GTK_TYPE_WIDGET);
  GtkWidget *field;
  gint64 t0, t1, z0, z1;

  /* Before the focused widget: in the capture phase. */
  g_assert_nonnull (keys);
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (keys)), ==,
                   GTK_PHASE_CAPTURE);

  /* On a header button: Space replays and pauses, + zooms, f fits. */
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_true (focus_of (window) == button);
  g_assert_true (tl_window_test_press (window, GDK_KEY_space));
  g_assert_true (tl_session_get_playing (session));
  g_assert_true (tl_window_test_press (window, GDK_KEY_space));
  g_assert_false (tl_session_get_playing (session));
  tl_session_get_visible (session, &t0, &t1);
  g_assert_true (tl_window_test_press (window, GDK_KEY_plus));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z1 - z0, <, t1 - t0);
  g_assert_true (tl_window_test_press (window, GDK_KEY_f));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z1 - z0, ==, t1 - t0);

  /* On the side panel: . steps, the arrows pan, End fits again. */
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_grab_focus (panel));
  g_assert_true (gtk_widget_is_ancestor (focus_of (window), window->side_panel));
  g_assert_true (tl_window_test_press (window, GDK_KEY_period));
  g_assert_cmpint (tl_session_get_playhead (session), !=, TL_TS_NONE);
  tl_session_get_visible (session, &t0, &t1);
  g_assert_true (tl_window_test_press (window, GDK_KEY_Right));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z0, >, t0);
  g_assert_true (tl_window_test_press (window, GDK_KEY_End));

  /* In a number field (a scenario's parameter, in the gallery): the keys
   * go to the field. */
  tl_window_show_scenario (window, "race-counter", FALSE);
  adw_flap_set_reveal_flap (window->flap, TRUE);
  tl_window_test_settle (window);
  field = find_focusable (GTK_WIDGET (window->gallery), GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (field);
  g_assert_true (gtk_widget_grab_focus (field));
  tl_session_get_visible (session, &t0, &t1);
  g_assert_false (tl_window_test_press (window, GDK_KEY_space));
  g_assert_false (tl_window_test_press (window, GDK_KEY_plus));
  g_assert_false (tl_window_test_press (window, GDK_KEY_Left));
  g_assert_false (tl_session_get_playing (session));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z0, ==, t0);
  g_assert_cmpint (z1, ==, t1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_selectable_label (GtkWidget *widget,
                     gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget));
}

/* Tab: the header, then the timeline (and its controls), then the side
 * panel; the gallery last.  Reaching the story does not select it all. */
static void
test_window_focus_order (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "chrome", "viztracer.json", NULL);
  TlWindow *window = tl_window_test_open_in_app (app, path, 1600, 1000);
  GtkWidget *timeline = tl_window_get_timeline (window);
  GtkWidget *menu = find_focusable (window->header_bar, GTK_TYPE_MENU_BUTTON);
  GtkLabel *story;
  guint steps = 0;

  adw_flap_set_reveal_flap (window->flap, TRUE);
  tl_window_test_settle (window);
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_grab_focus (menu));
  while (gtk_widget_is_ancestor (focus_of (window), window->header_bar) && steps++ < 20)
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_of (window) == timeline);
  /* As after a key press: the ring shows (for review, in the screenshot). */
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "window-focus-ring.png");

  while (gtk_widget_is_ancestor (focus_of (window), window->timeline_column) && steps++ < 60)
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (focus_of (window), window->side_panel));

  /* And back: Shift+Tab from the panel returns to the timeline's column. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_is_ancestor (focus_of (window), window->timeline_column));

  story = GTK_LABEL (tl_window_test_find_widget (GTK_WIDGET (window->narration_panel),
                                                 is_selectable_label, NULL));
  g_assert_nonnull (story);
  tl_narration_panel_set_story (window->narration_panel, "Threads", "A story of threads and locks.");
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (story)));
  g_assert_false (gtk_label_get_selection_bounds (story, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_shortcuts (GtkWidget  *widget,
                   GHashTable *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      g_object_get (widget, "accelerator", &accelerator, "action-name", &action, NULL);
      if (action != NULL)
        g_hash_table_add (listed, g_steal_pointer (&action));
      if (accelerator != NULL)
        {
          g_auto(GStrv) keys = g_strsplit (accelerator, " ", -1);

          for (guint i = 0; keys[i] != NULL; i++)
            g_hash_table_add (listed, g_strdup (keys[i]));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, listed);
}

/* The shortcuts window (Ctrl+?) lists every command the keys reach: each
 * action of the window's keys by one of its keys at least, and each of
 * the application's accelerators by its action or its keys. */
static void
test_window_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/threadline/Threadline/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) reached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  TlWindow *window = tl_window_test_new_window (app);
  GtkShortcutController *keys = tl_window_test_keys (window);
  GHashTableIter iter;
  const char *action;

  collect_shortcuts (overlay, listed);
  g_assert_true (g_hash_table_contains (listed, "p"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (keys)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (keys), i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
      const char *name = g_object_get_data (G_OBJECT (shortcut), "action");
      g_autofree char *key = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                                   gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));

      g_assert_nonnull (name);
      g_hash_table_add (reached, g_strdup (name));
      if (g_hash_table_contains (listed, key))
        g_hash_table_add (found, g_strdup (name));
    }
  g_hash_table_iter_init (&iter, reached);
  while (g_hash_table_iter_next (&iter, (gpointer *) &action, NULL))
    {
      if (!g_hash_table_contains (found, action))
        g_test_message ("not in the shortcuts window: %s", action);
      g_assert_true (g_hash_table_contains (found, action));
    }
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      gboolean shown = g_hash_table_contains (listed, actions[i]);

      for (guint k = 0; !shown && accels[k] != NULL; k++)
        shown = g_hash_table_contains (listed, accels[k]);
      if (!shown)
        g_test_message ("not in the shortcuts window: %s", actions[i]);
      g_assert_true (shown);
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-window");
  int status;

  if (!tl_window_test_init (&argc, &argv, data, &app))
    return 0;
  /* Fast runs: the same scenario, four times its classroom pace. */
  g_settings_set_double (tl_application_get_settings (app), "tempo", 4.0);

  g_test_add_func ("/ui/window/run-pool-map", test_window_run_pool_map);
  g_test_add_func ("/ui/window/open-tltrace", test_window_open_tltrace);
  g_test_add_func ("/ui/window/open-viztracer-json", test_window_open_viztracer_json);
  g_test_add_func ("/ui/window/open-broken", test_window_open_broken);
  g_test_add_func ("/ui/window/keyboard", test_window_keyboard);
  g_test_add_func ("/ui/window/zoom-to-phase", test_window_zoom_to_phase);
  g_test_add_func ("/ui/window/keys-anywhere", test_window_keys_anywhere);
  g_test_add_func ("/ui/window/focus-order", test_window_focus_order);
  g_test_add_func ("/ui/window/open-big-preview", test_window_open_big_preview);
  g_test_add_func ("/ui/window/cancel-load", test_window_cancel_load);
  g_test_add_func ("/ui/window/presentation", test_window_presentation);
  g_test_add_func ("/ui/window/deadlock-lesson", test_window_deadlock_lesson);
  g_test_add_func ("/ui/window/shortcuts-listed", test_window_shortcuts_listed);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
