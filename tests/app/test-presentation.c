/* test-presentation.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window in presentation mode, as a projector of 1280x720 and of
 * 1024x768 shows it, after a run of each built-in scenario: the lanes that
 * carry the lesson (every thread of every process of the scenario, its
 * locks, and a GIL where threads compete for it) are all within the rows
 * on screen at fit zoom; the smallest text the painter drew and every text
 * the window shows (title, caption, a toast) are at least 1/30 of the
 * window's height, measured with Pango as drawn; and the keys work with
 * the focus on a header button.  Runs go at eight times the classroom's
 * tempo.  Screenshots of what it showed are saved in TL_SCREENSHOT_DIR.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "tl-application.h"
#include "tl-describe.h"
#include "tl-painter.h"
#include "tl-timeline-view.h"
#include "tl-window-private.h"
#include "tl-test-util.h"

#define RUN_TIMEOUT_S 120
#define TEMPO         8.0

static TlApplication *app;

static const struct
{
  int width;
  int height;
} sizes[] = {
  { 1280, 720 },
  { 1024, 768 },
};

/* What the caption line says at the end of a run whose lesson is its end. */
static const struct
{
  const char *id;
  const char *says;
} endings[] = {
  { "race-counter", " updates lost" },
  { "deadlock", "Deadlock: worker 1 waits for lock_b, held by worker 2; worker 2 waits for lock_a" },
};

/* ---- the main loop -------------------------------------------------------- */

typedef struct
{
  gboolean timed_out;
} Wait;

static gboolean
timeout_cb (gpointer data)
{
  ((Wait *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_until (gboolean (*done) (gpointer data),
            gpointer   data,
            guint      seconds)
{
  Wait wait = { FALSE };
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &wait);

  while (!done (data) && !wait.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!wait.timed_out)
    g_source_remove (id);
  return !wait.timed_out;
}

static gboolean
run_finished (gpointer data)
{
  TlSession *session = tl_window_get_session (data);

  return tl_session_get_state (session) == TL_SESSION_STOPPED && tl_session_get_model (session) != NULL;
}

typedef struct
{
  TlWindow *window;
  int       width;
  int       height;
  guint64   frames;
} Size;

/* Laid out at the size, its type class applied, and drawn since. */
static gboolean
at_size (gpointer data)
{
  Size *size = data;
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (size->window));
  g_autofree char *type_class = g_strdup_printf ("type-%d", _tl_window_type_size_for_height (size->height));

  if (gtk_widget_get_width (GTK_WIDGET (size->window)) != size->width ||
      gtk_widget_get_height (GTK_WIDGET (size->window)) != size->height ||
      !gtk_widget_has_css_class (GTK_WIDGET (size->window), type_class))
    {
      size->frames = tl_timeline_view_get_n_frames (view);
      return FALSE;
    }
  return tl_timeline_view_get_n_frames (view) > size->frames;
}

static void
settle_at (TlWindow *window,
           int       width,
           int       height)
{
  GtkWidget *timeline = tl_window_get_timeline (window);
  Size size = { window, width, height, tl_timeline_view_get_n_frames (TL_TIMELINE_VIEW (timeline)) };

  tl_window_set_fixed_size (window, width, height);
  gtk_widget_queue_draw (timeline);
  if (!wait_until (at_size, &size, 30))
    g_error ("The window is %dx%d (%s; %" G_GUINT64_FORMAT " frames after %" G_GUINT64_FORMAT "), not %dx%d",
             gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)),
             g_strjoinv (" ", gtk_widget_get_css_classes (GTK_WIDGET (window))),
             tl_timeline_view_get_n_frames (TL_TIMELINE_VIEW (tl_window_get_timeline (window))), size.frames,
             width, height);
  /* A few more turns: the frame after the last layout is drawn. */
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

typedef struct
{
  TlWindow   *window;
  const char *path;
  gulong      handler;
  gboolean    saved;
} Screenshot;

/* Right after a frame is painted, when everything has its allocation (a
 * toast sliding in asks for one on every frame). */
static void
after_paint_cb (GdkFrameClock *clock,
                Screenshot    *shot)
{
  g_autoptr(GError) error = NULL;

  g_clear_signal_handler (&shot->handler, clock);
  tl_window_save_screenshot (shot->window, shot->path, &error);
  g_assert_no_error (error);
  shot->saved = TRUE;
}

static gboolean
screenshot_saved (gpointer data)
{
  return ((Screenshot *) data)->saved;
}

static void
save_screenshot (TlWindow   *window,
                 const char *name)
{
  const char *dir = g_getenv ("TL_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Screenshot shot = { window, NULL, 0, FALSE };

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  shot.path = path;
  shot.handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &shot);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (wait_until (screenshot_saved, &shot, 30));
}

/* ---- what is on screen ---------------------------------------------------- */

/* The smallest size in pixels (the em) of the fonts @label's text is
 * drawn in, as Pango laid it out, or 0 when it shows no text. */
static double
label_text_height (GtkLabel *label)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double smallest = 0;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoFontDescription *description;
      double px;

      if (run == NULL || run->item->length == 0)
        continue;
      description = pango_font_describe_with_absolute_size (run->item->analysis.font);
      px = (double) pango_font_description_get_size (description) / PANGO_SCALE;
      pango_font_description_free (description);
      if (smallest == 0 || px < smallest)
        smallest = px;
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  return smallest;
}

/* Every label drawn under @widget whose text is smaller than @bound:
 * appended to @problems.  Returns how many labels were measured. */
static guint
check_labels (GtkWidget *widget,
              double     bound,
              GString   *problems)
{
  guint measured = 0;

  if (!gtk_widget_is_drawable (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      double px = label_text_height (GTK_LABEL (widget));

      measured++;
      if (px < bound)
        g_string_append_printf (problems, "  “%s” (%s) is %.1f px\n", gtk_label_get_text (GTK_LABEL (widget)),
                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)), px);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    measured += check_labels (child, bound, problems);
  return measured;
}

/* Whether a lane carries the lesson: every thread of the scenario's
 * processes, every lock, and a GIL where threads of its process compete
 * (a single thread's GIL repeats its running). */
static gboolean
is_lesson_lane (TlTraceModel *model,
                guint32       lane)
{
  TlLane *l = tl_trace_model_get_lane (model, lane);
  guint n_lanes, threads = 0;
  const guint32 *lanes;

  if (tl_trace_model_is_machinery_lane (model, lane))
    return FALSE;
  switch (tl_lane_get_kind (l))
    {
    case TL_LANE_THREAD:
    case TL_LANE_LOCK:
      return TRUE;
    case TL_LANE_GIL:
      lanes = tl_trace_model_get_process_lanes (model, tl_lane_get_process (l), &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        threads += tl_lane_get_kind (tl_trace_model_get_lane (model, lanes[i])) == TL_LANE_THREAD;
      return threads > 1;
    case TL_LANE_COUNTER:
    case TL_LANE_ASYNC:
    default:
      return FALSE;
    }
}

/* Every lesson lane has a row (its own, or its folded process's) within
 * the plot, with the rows scrolled to the top. */
static guint
check_lanes (TlWindow *window,
             GString  *problems)
{
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (window));
  TlPainter *painter = tl_timeline_view_get_painter (view);
  TlTraceModel *model = tl_session_get_model (tl_window_get_session (window));
  const TlLayout *layout = tl_painter_get_layout (painter);
  TlPaintGeometry geometry;
  TlViewport viewport;
  guint checked = 0;

  tl_timeline_view_get_viewport (view, &viewport);
  g_assert_cmpfloat (viewport.scroll_y, ==, 0);
  tl_painter_get_geometry (painter, &viewport, &geometry);
  for (guint32 lane = 0; lane < tl_trace_model_get_n_lanes (model); lane++)
    {
      guint index;
      const TlRow *row;
      g_autofree char *name = NULL;

      if (!is_lesson_lane (model, lane))
        continue;
      checked++;
      index = tl_layout_lookup_lane (layout, lane);
      name = tl_describe_lane (model, lane);
      if (index == G_MAXUINT)
        {
          g_string_append_printf (problems, "  lane “%s” has no row\n", name);
          continue;
        }
      row = tl_layout_get_row (layout, index);
      if (row->y < 0 || row->y + row->height > geometry.plot_height + 0.5)
        g_string_append_printf (problems, "  lane “%s” is at %.0f..%.0f px, the rows show 0..%.0f\n",
                                name, row->y, row->y + row->height, geometry.plot_height);
    }
  return checked;
}

/* ---- the tests -------------------------------------------------------------- */

static TlWindow *
new_presentation (int width,
                  int height)
{
  TlWindow *window = tl_window_new (app);

  tl_window_set_fixed_size (window, width, height);
  tl_window_set_presentation (window, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* One scenario, run once, looked at at both sizes. */
static void
test_scenario (gconstpointer data)
{
  const char *id = data;
  TlWindow *window = new_presentation (sizes[0].width, sizes[0].height);
  TlSession *session = tl_window_get_session (window);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GString) off_screen = g_string_new (NULL);

  settle_at (window, sizes[0].width, sizes[0].height);
  tl_window_show_scenario (window, id, TRUE);
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  g_assert_true (tl_window_get_presentation (window));
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_equal (endings[i].id, id))
      g_assert_nonnull (strstr (gtk_label_get_label (window->caption_label), endings[i].says));

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      TlPainter *painter;
      double bound = sizes[s].height / 30.0, painted;
      g_autofree char *name = g_strdup_printf ("presentation-%s-%dx%d.png", id, sizes[s].width,
                                               sizes[s].height);
      guint lanes, labels;

      settle_at (window, sizes[s].width, sizes[s].height);
      tl_session_zoom_to_fit (session);
      settle_at (window, sizes[s].width, sizes[s].height);
      save_screenshot (window, name);
      painter = tl_timeline_view_get_painter (TL_TIMELINE_VIEW (tl_window_get_timeline (window)));

      g_assert_cmpint (tl_painter_get_presentation (painter), ==, sizes[s].height);
      lanes = check_lanes (window, off_screen);
      painted = tl_painter_get_min_text_height (painter);
      if (painted < bound)
        g_string_append_printf (problems, "  the timeline's smallest text is %.1f px\n", painted);
      labels = check_labels (GTK_WIDGET (window), bound, problems);
      g_test_message ("%s at %dx%d: %u lesson lanes, %u labels, the timeline's text from %.1f px",
                      id, sizes[s].width, sizes[s].height, lanes, labels, painted);
      g_assert_cmpuint (lanes, >, 0);
      /* The title and the caption at least. */
      g_assert_cmpuint (labels, >=, 2);
      g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (window->caption_label)));
      if (problems->len > 0 || off_screen->len > 0)
        g_test_message ("%s at %dx%d (text at least %.1f px):\n%s%s", id, sizes[s].width,
                        sizes[s].height, bound, problems->str, off_screen->str);
      if (problems->len > 0 || off_screen->len > 0)
        g_test_fail ();
      g_string_truncate (problems, 0);
      g_string_truncate (off_screen, 0);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A toast, and the side panel if a presenter opens it, are as large. */
static void
test_toast_and_panel (void)
{
  TlWindow *window = new_presentation (sizes[0].width, sizes[0].height);
  g_autoptr(GString) problems = g_string_new (NULL);

  tl_window_show_scenario (window, "two-processes", TRUE);
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      double bound = sizes[s].height / 30.0;
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "for the test");
      g_autofree char *name = g_strdup_printf ("presentation-panel-%dx%d.png", sizes[s].width,
                                               sizes[s].height);

      _tl_window_show_error (window, "A message for the back row", error);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panel", NULL));
      settle_at (window, sizes[s].width, sizes[s].height);
      save_screenshot (window, name);
      g_assert_true (gtk_widget_is_drawable (window->side_panel));
      check_labels (GTK_WIDGET (window), bound, problems);
      if (problems->len > 0)
        g_test_message ("at %dx%d (at least %.1f px):\n%s", sizes[s].width, sizes[s].height, bound,
                        problems->str);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-panel", NULL));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- keys ------------------------------------------------------------------- */

/* A key, or one of several (an action with two accelerators). */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

/* Presses @keyval with @modifiers as GTK delivers it to the window first:
 * to its shortcut controllers of the capture phase (the application's
 * accelerators, then the window's own keys), before any focused widget.
 * Returns whether one of them took it. */
static gboolean
press (TlWindow        *window,
       guint            keyval,
       GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (trigger_matches (trigger, keyval, modifiers) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (window),
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
run_live (gpointer data)
{
  return tl_session_get_state (tl_window_get_session (data)) == TL_SESSION_LIVE;
}

/* A teacher at the keyboard, the focus on a header button, in
 * presentation: every command a lesson needs, and the focus stays put. */
static void
test_keys (void)
{
  TlWindow *window = new_presentation (sizes[0].width, sizes[0].height);
  TlSession *session = tl_window_get_session (window);
  GtkWidget *restart;
  gint64 t0, t1, z0, z1;

  settle_at (window, sizes[0].width, sizes[0].height);
  tl_window_show_scenario (window, "two-processes", FALSE);
  restart = find_button (window->header_bar, "win.restart");
  g_assert_nonnull (restart);
  g_assert_true (gtk_widget_is_drawable (restart));
  g_assert_true (gtk_widget_grab_focus (restart));

  /* Run (F5), to its end. */
  g_assert_true (press (window, GDK_KEY_F5, 0));
  g_assert_true (run_live (window));
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));

  /* Replay: Space plays and pauses, . and , step, ] and [ change the speed. */
  g_assert_true (press (window, GDK_KEY_space, 0));
  g_assert_true (tl_session_get_playing (session));
  g_assert_true (press (window, GDK_KEY_space, 0));
  g_assert_false (tl_session_get_playing (session));
  g_assert_true (press (window, GDK_KEY_period, 0));
  t0 = tl_session_get_playhead (session);
  g_assert_cmpint (t0, !=, TL_TS_NONE);
  g_assert_true (press (window, GDK_KEY_period, 0));
  g_assert_cmpint (tl_session_get_playhead (session), >, t0);
  g_assert_true (press (window, GDK_KEY_comma, 0));
  g_assert_cmpint (tl_session_get_playhead (session), ==, t0);
  g_assert_true (press (window, GDK_KEY_bracketright, 0));
  g_assert_cmpfloat (tl_session_get_speed (session), ==, 2.0);
  g_assert_cmpstr (gtk_label_get_label (window->speed_label), ==, "2×");
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (window->speed_label)));
  g_assert_true (press (window, GDK_KEY_bracketleft, 0));
  g_assert_cmpfloat (tl_session_get_speed (session), ==, 1.0);

  /* Zoom in, fit (from fit: a step may have zoomed in to show itself). */
  g_assert_true (press (window, GDK_KEY_f, 0));
  tl_session_get_visible (session, &t0, &t1);
  g_assert_true (press (window, GDK_KEY_plus, 0));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z1 - z0, <, t1 - t0);
  g_assert_true (press (window, GDK_KEY_f, 0));
  tl_session_get_visible (session, &z0, &z1);
  g_assert_cmpint (z1 - z0, ==, t1 - t0);

  /* The side panel (F8) and the gallery (F9), each on its own. */
  g_assert_true (press (window, GDK_KEY_F8, 0));
  g_assert_true (gtk_widget_get_visible (window->side_panel));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (press (window, GDK_KEY_F8, 0));
  g_assert_false (gtk_widget_get_visible (window->side_panel));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (press (window, GDK_KEY_F9, 0));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (press (window, GDK_KEY_F9, 0));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));

  /* Restart (Ctrl+Shift+R) and stop (Shift+F5): still presenting. */
  g_assert_true (press (window, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  g_assert_true (run_live (window));
  g_assert_true (press (window, GDK_KEY_F5, GDK_SHIFT_MASK));
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  g_assert_true (tl_window_get_presentation (window));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == restart);

  /* p leaves presentation and comes back; Escape leaves it. */
  g_assert_true (press (window, GDK_KEY_p, 0));
  g_assert_false (tl_window_get_presentation (window));
  g_assert_true (press (window, GDK_KEY_p, 0));
  g_assert_true (tl_window_get_presentation (window));
  g_assert_true (press (window, GDK_KEY_Escape, 0));
  g_assert_false (tl_window_get_presentation (window));
  /* Out of it, Escape is not the window's. */
  g_assert_false (press (window, GDK_KEY_Escape, 0));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-presentation");
  g_autoptr(GListModel) scenarios = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "en_US.UTF-8");
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP No display: the window tests need one (see .ci/run: xvfb-run)\n");
      return 0;
    }
  adw_init ();
  /* The icon themes, before each test's own XDG folders hide them. */
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  app = tl_application_new ("org.threadline.Threadline.Test", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_settings_set_double (tl_application_get_settings (app), "tempo", TEMPO);

  scenarios = tl_scenario_list_builtin ();
  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (scenarios, i);
      char *id = g_strdup (tl_scenario_get_id (scenario));
      g_autofree char *path = g_strdup_printf ("/ui/presentation/scenario/%s", id);

      g_ptr_array_add (ids, id);
      g_test_add_data_func (path, id, test_scenario);
    }
  g_assert_cmpuint (ids->len, ==, 14);
  g_test_add_func ("/ui/presentation/toast-and-panel", test_toast_and_panel);
  g_test_add_func ("/ui/presentation/keys", test_keys);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
