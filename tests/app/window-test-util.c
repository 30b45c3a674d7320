/* window-test-util.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include <glib/gstdio.h>

#include "tl-timeline-view.h"
#include "window-test-util.h"

gboolean
tl_window_test_init (int             *argc,
                     char          ***argv,
                     const char      *data_home,
                     TlApplication  **app)
{
  g_autoptr(GError) error = NULL;

  /* GTK keeps one list of recent files for the process: in the run's own
   * folder, never in the user's list. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_content_type_set_mime_dirs (NULL);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "en_US.UTF-8");
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP No display: the window tests need one (see .ci/run: xvfb-run)\n");
      return FALSE;
    }
  adw_init ();
  /* The icon themes, before each test's own XDG folders hide them. */
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  gtk_recent_manager_get_default ();

  *app = tl_application_new ("org.threadline.Threadline.Test", G_APPLICATION_NON_UNIQUE |
                                                                G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (*app), NULL, &error));
  g_assert_no_error (error);
  return TRUE;
}

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

gboolean
tl_window_test_wait_until (gboolean (*done) (gpointer data),
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
frames_drawn (gpointer data)
{
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (data));

  return tl_timeline_view_get_n_frames (view) > 0;
}

void
tl_window_test_settle (TlWindow *window)
{
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (tl_window_test_wait_until (frames_drawn, window, 20));
}

TlWindow *
tl_window_test_new_window (TlApplication *app)
{
  TlWindow *window = tl_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

gboolean
tl_window_test_model_loaded (gpointer data)
{
  return tl_session_get_model (tl_window_get_session (data)) != NULL && !tl_window_get_loading (data);
}

gboolean
tl_window_test_run_finished (gpointer data)
{
  TlSession *session = tl_window_get_session (data);

  return tl_session_get_state (session) == TL_SESSION_STOPPED && tl_session_get_model (session) != NULL;
}

static void
wait_loaded (TlWindow *window)
{
  g_assert_true (tl_window_test_wait_until (tl_window_test_model_loaded, window, 60));
  tl_window_test_settle (window);
}

TlWindow *
tl_window_test_open (TlApplication *app,
                     const char    *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TlWindow *window = tl_window_test_new_window (app);

  tl_window_open_file (window, file);
  wait_loaded (window);
  return window;
}

TlWindow *
tl_window_test_open_in_app (TlApplication *app,
                            const char    *path,
                            int            width,
                            int            height)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *files[1] = { file };
  TlWindow *window;

  g_application_open (G_APPLICATION (app), files, 1, "");
  window = TL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  wait_loaded (window);
  return window;
}

void
tl_window_test_start_run (TlWindow   *window,
                          const char *id)
{
  tl_window_test_settle (window);
  tl_window_show_scenario (window, id, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  g_assert_cmpint (tl_session_get_state (tl_window_get_session (window)), ==, TL_SESSION_LIVE);
}

GtkShortcutController *
tl_window_test_keys (TlWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "threadline-window-keys") == 0)
        return GTK_SHORTCUT_CONTROLLER (controller);
    }
  return NULL;
}

gboolean
tl_window_test_press (TlWindow *window,
                      guint     keyval)
{
  GtkShortcutController *controller = tl_window_test_keys (window);
  GListModel *keys;

  g_assert_nonnull (controller);
  keys = G_LIST_MODEL (controller);
  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (keys, i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
        return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                             GTK_WIDGET (window), gtk_shortcut_get_arguments (shortcut));
    }
  g_assert_not_reached ();
}

typedef struct
{
  TlWindow   *window;
  const char *path;
  GError     *error;
  gboolean    taken;
} Picture;

/* Right after a frame is painted the window is laid out and drawn (a live
 * window always has layout pending): the moment to take the picture, as
 * --screenshot does. */
static void
after_paint_cb (GdkFrameClock *clock,
                Picture       *picture)
{
  if (picture->taken)
    return;
  picture->taken = TRUE;
  tl_window_save_screenshot (picture->window, picture->path, &picture->error);
}

static gboolean
picture_taken (gpointer data)
{
  return ((Picture *) data)->taken;
}

void
tl_window_test_screenshot (TlWindow   *window,
                           const char *name)
{
  const char *dir = g_getenv ("TL_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Picture picture = { window, NULL, NULL, FALSE };
  gulong id;

  if (dir == NULL)
    return;
  g_assert_nonnull (clock);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  picture.path = path;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &picture);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  g_assert_true (tl_window_test_wait_until (picture_taken, &picture, 20));
  g_signal_handler_disconnect (clock, id);
  g_assert_no_error (picture.error);
  g_test_message ("screenshot: %s", path);
}

GtkWidget *
tl_window_test_find_widget (GtkWidget  *widget,
                            gboolean  (*match) (GtkWidget *widget,
                                                gpointer   data),
                            gpointer    data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tl_window_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
tl_window_test_timeline_pixels (TlWindow  *window,
                                guint32  **pixels,
                                int       *width,
                                int       *height)
{
  GtkWidget *timeline = tl_window_get_timeline (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (timeline);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  *width = gtk_widget_get_width (timeline);
  *height = gtk_widget_get_height (timeline);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  *pixels = g_new (guint32, (gsize) *width * *height);
  gdk_texture_download (texture, (guchar *) *pixels, (gsize) *width * 4);
}

TlRgba
tl_window_test_rgba (guint32 pixel)
{
  return (TlRgba) { ((pixel >> 16) & 0xff) / 255.0, ((pixel >> 8) & 0xff) / 255.0,
                    (pixel & 0xff) / 255.0, ((pixel >> 24) & 0xff) / 255.0 };
}

double
tl_window_test_distance (const TlRgba *a,
                         const TlRgba *b)
{
  return sqrt ((a->r - b->r) * (a->r - b->r) + (a->g - b->g) * (a->g - b->g) +
               (a->b - b->b) * (a->b - b->b));
}

void
tl_window_test_widget_screenshot (GtkWidget  *widget,
                                  const char *name)
{
  const char *dir = g_getenv ("TL_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0 || height <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}
