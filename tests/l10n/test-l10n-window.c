/* test-l10n-window.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window in German, under Xvfb, as a class in a German-speaking
 * school sees it (LANGUAGE=de, set by the suite): the header, the
 * gallery's scenarios and parameters, the describer's caption, a plural,
 * the story, the statistics and the menus; no text left in English that
 * has a translation; presentation mode; and the deadlock lesson.
 * Screenshots go to TL_SCREENSHOT_DIR for review.  Without a display the
 * tests are skipped.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tl-application.h"
#include "tl-locale.h"
#include "tl-timeline-view.h"
#include "tl-window-private.h"
#include "tl-test-util.h"

#define RUN_TIMEOUT_S 120

static TlApplication *app;

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

  return tl_session_get_state (session) == TL_SESSION_STOPPED &&
         tl_session_get_model (session) != NULL;
}

static gboolean
frames_drawn (gpointer data)
{
  return tl_timeline_view_get_n_frames (TL_TIMELINE_VIEW (tl_window_get_timeline (data))) > 0;
}

static void
settle (TlWindow *window)
{
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_true (wait_until (frames_drawn, window, 20));
}

static void
save_screenshot (TlWindow   *window,
                 const char *name)
{
  const char *dir = g_getenv ("TL_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  tl_window_save_screenshot (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* In presentation mode from the start, at a projector's size, as
 * tests/app/test-presentation.c does. */
static TlWindow *
run_scenario (const char *id,
              gboolean    presentation)
{
  TlWindow *window = tl_window_new (app);

  if (presentation)
    {
      tl_window_set_fixed_size (window, 1280, 720);
      tl_window_set_presentation (window, TRUE);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  settle (window);
  tl_window_show_scenario (window, id, TRUE);
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  settle (window);
  return window;
}

/* Every text the window's widgets show or say in a tooltip, shown or not
 * (the gallery's list behind its details, the other side panels). */
static void
collect_texts (GtkWidget *widget,
               GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_widget_get_tooltip_text (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* Whether a drop-down below @widget offers @label. */
static gboolean
has_choice (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *choices = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      for (guint i = 0; GTK_IS_STRING_LIST (choices) && i < g_list_model_get_n_items (choices); i++)
        if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (choices), i), label))
          return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_choice (child, label))
      return TRUE;
  return FALSE;
}

/* A menu's labels, its sections and submenus included. */
static void
collect_menu (GMenuModel *menu,
              GPtrArray  *texts)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      g_autofree char *label = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        g_ptr_array_add (texts, g_steal_pointer (&label));
      while (g_menu_link_iter_get_next (links, NULL, &link))
        {
          collect_menu (link, texts);
          g_object_unref (link);
        }
    }
}

static GPtrArray *
window_texts (TlWindow *window)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_texts (GTK_WIDGET (window), texts);
  collect_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (window->menu_button)), texts);
  return texts;
}

static gboolean
has_text (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts, i), text))
      return TRUE;
  return FALSE;
}

static gboolean
has_text_starting (GPtrArray  *texts,
                   const char *start)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (texts, i), start))
      return TRUE;
  return FALSE;
}

/* No text is one of our English messages that German says otherwise: a
 * string not marked, marked in the wrong domain, or set before the
 * catalogue was bound. */
static void
assert_no_english (GPtrArray *texts)
{
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      g_autofree char *stripped = g_strdup (text);
      const char *german = g_dgettext (GETTEXT_PACKAGE, stripped);

      if (german != stripped && !g_str_equal (german, text))
        g_error ("English in the window: “%s” (German: “%s”)", text, german);
    }
}

static void
test_race_counter (void)
{
  TlWindow *window = run_scenario ("race-counter", FALSE);
  g_autoptr(GPtrArray) texts = window_texts (window);
  g_auto(GStrv) rows = NULL;
  const char *caption = gtk_label_get_label (window->caption_label);

  for (guint i = 0; i < texts->len; i++)
    g_test_message ("text: %s", (char *) g_ptr_array_index (texts, i));

  /* The header: the scenario's name, and how the run ended. */
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "Race Condition: counter += 1");
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (window->window_title), "Fertig nach "));

  /* The gallery: other scenarios' names, this one's topic, story and
   * parameters, a choice's label (its value stays "threads"). */
  g_assert_true (has_text (texts, "Zwei Prozesse: Quadrat- und Kubikzahl"));
  g_assert_true (has_text (texts, "Deadlock: zwei Locks über Kreuz"));
  g_assert_true (has_text (texts, "Gemeinsamer Zustand"));
  g_assert_true (has_text (texts, "Erhöhungen je Worker"));
  g_assert_true (has_choice (GTK_WIDGET (window->gallery), "Prozesse"));
  g_assert_true (has_text (texts, "Starten"));

  /* The describer's caption of what the run shows. */
  g_test_message ("caption: %s", caption);
  g_assert_true (g_str_has_prefix (caption, "counter endet bei "));
  g_assert_nonnull (strstr (caption, "; safe_counter endet bei 800, wie erwartet: kein Update verloren"));

  /* A plural: the main process printed four lines. */
  g_assert_true (has_text (texts, "4 Zeilen"));

  g_assert_true (has_text_starting (texts,
                                    "counter += 1 sieht aus wie ein Schritt, besteht aber aus dreien"));
  adw_view_stack_set_visible_child_name (window->side_stack, "statistics");
  settle (window);
  rows = tl_stats_panel_dup_rows (window->stats_panel);
  g_assert_nonnull (rows[0]);
  g_assert_true (g_str_has_prefix (rows[0], "Was der Lauf zeigt\t"));
  adw_view_stack_set_visible_child_name (window->side_stack, "narration");

  /* The menu, the tooltips, the side panel's tabs: all German. */
  g_assert_true (has_text (texts, "Aufzeichnung _öffnen …"));
  g_assert_true (has_text (texts, "Ablauf"));
  assert_no_english (texts);
  settle (window);
  save_screenshot (window, "l10n-race-counter.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Presentation mode, for a projector: the presenter's header and the
 * caption in German too. */
static void
test_presentation (void)
{
  TlWindow *window = run_scenario ("race-counter", TRUE);
  g_autoptr(GPtrArray) texts = window_texts (window);

  g_assert_true (tl_window_get_presentation (window));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (window->caption_label), "counter endet bei "));
  g_assert_true (has_text (texts, "Wiedergabe (Leertaste)"));
  assert_no_english (texts);
  save_screenshot (window, "l10n-presentation.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The lesson of the deadlock, word for word. */
static void
test_deadlock (void)
{
  TlWindow *window = run_scenario ("deadlock", FALSE);
  const char *caption = gtk_label_get_label (window->caption_label);

  g_test_message ("caption: %s", caption);
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "Deadlock: zwei Locks über Kreuz");
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (window->window_title), "Nach "));
  g_assert_true (g_str_has_prefix (caption, "Deadlock: worker 1 wartet auf lock_b, gehalten von worker 2; "
                                            "worker 2 wartet auf lock_a, gehalten von worker 1 – beendet nach "));
  g_assert_null (tl_window_get_last_message (window));
  save_screenshot (window, "l10n-deadlock.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-l10n");
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* As main () does: the locale, then our catalogue, before any widget
   * is built. */
  setlocale (LC_ALL, "");
  tl_locale_bind_textdomain ();
  textdomain (GETTEXT_PACKAGE);
  if (!gtk_init_check ())
    {
      g_test_skip ("No display: the window tests need one (see .ci/run: xvfb-run)");
      g_print ("1..0 # SKIP No display: the window tests need one (see .ci/run: xvfb-run)\n");
      return 0;
    }
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());
  gtk_recent_manager_get_default ();

  app = tl_application_new ("org.threadline.Threadline.TestL10n", G_APPLICATION_NON_UNIQUE |
                                                                   G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_settings_set_double (tl_application_get_settings (app), "tempo", 4.0);

  g_test_add_func ("/l10n/window/race-counter", test_race_counter);
  g_test_add_func ("/l10n/window/presentation", test_presentation);
  g_test_add_func ("/l10n/window/deadlock", test_deadlock);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
