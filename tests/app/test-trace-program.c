/* test-trace-program.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real programs in the real window, under Xvfb: the gallery lists the
 * examples as real programs, and a scenario's details offer the one it
 * emulates; one click on pool_map.py traces the real Pool.map live,
 * whose model has the main process and its four ForkPoolWorkers, a pool
 * task per number, and whose Output panel has what it printed; the
 * "Trace a Program" dialog asks for a program before it traces; a file
 * that is no program is refused; a static program cannot be traced, and
 * the window says so and runs it untraced when asked.  Screenshots are
 * saved in TL_SCREENSHOT_DIR.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tl-describe.h"
#include "tl-recorder-command.h"
#include "tl-test-util.h"
#include "tl-timeline-view.h"
#include "window-test-util.h"

#define RUN_TIMEOUT_S 120

static TlApplication *app;

typedef struct
{
  const char *title;
  gboolean    mapped;
} RowWanted;

static gboolean
is_row_wanted (GtkWidget *widget,
               gpointer   data)
{
  const RowWanted *wanted = data;

  return ADW_IS_ACTION_ROW (widget) && (!wanted->mapped || gtk_widget_get_mapped (widget)) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), wanted->title) == 0;
}

/* The gallery's row whose title is @title (on screen, if @mapped), or
 * NULL. */
static AdwActionRow *
find_row_where (GtkWidget  *widget,
                const char *title,
                gboolean    mapped)
{
  RowWanted wanted = { title, mapped };

  return ADW_ACTION_ROW (tl_window_test_find_widget (widget, is_row_wanted, &wanted));
}

static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  return find_row_where (widget, title, FALSE);
}

static gboolean
run_finished (gpointer data)
{
  TlSession *session = tl_window_get_session (data);

  return tl_session_get_state (session) == TL_SESSION_STOPPED && tl_session_get_model (session) != NULL &&
         !_tl_window_is_running (data);
}

static gboolean
is_running (gpointer data)
{
  return _tl_window_is_running (data);
}

static gboolean
workers_started (gpointer data)
{
  TlSession *session = tl_window_get_session (data);
  TlTraceModel *model = tl_session_get_model (session);

  return run_finished (data) ||
         (model != NULL && tl_trace_model_get_span_count (model, TL_SPAN_TASK) >= 2);
}

/* The names of the program's processes, in the model's order. */
static GPtrArray *
process_names (TlTraceModel *model)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint32 p = 0; p < tl_trace_model_get_n_processes (model); p++)
    if (!tl_trace_model_is_machinery_process (model, p))
      g_ptr_array_add (names, tl_describe_process_name (model, p));
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

/* The tasks of the pool: "square(1)" to "square(5)", once each. */
static guint
count_square_tasks (TlTraceModel *model)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

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
              const char *text = name != TL_INDEX_NONE ? tl_trace_model_get_string (model, name) : NULL;

              if (spans[i].kind == TL_SPAN_TASK && text != NULL && g_str_has_prefix (text, "square"))
                g_hash_table_add (seen, g_strdup (text));
            }
        }
    }
  return g_hash_table_size (seen);
}

/* The gallery's real programs, and pool_map.py traced with one click. */
static void
test_program_pool_map_from_gallery (void)
{
  TlWindow *window = tl_window_test_new_window (app);
  TlSession *session = tl_window_get_session (window);
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *output = NULL;
  TlTraceModel *model;
  AdwActionRow *row;

  tl_window_test_settle (window);
  g_assert_nonnull (find_row (GTK_WIDGET (window->gallery), "four_processes.py"));
  g_assert_nonnull (find_row (GTK_WIDGET (window->gallery), "race_counter.py"));
  g_assert_nonnull (find_row (GTK_WIDGET (window->gallery), "counter_threads.c"));
  row = find_row (GTK_WIDGET (window->gallery), "pool_map.py");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Squares of 1 to 5 with a pool of four worker processes.");

  /* The click. */
  /* The click: a button pressed by its row clicks a moment later. */
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_true (tl_window_test_wait_until (is_running, window, 5));
  g_assert_true (_tl_window_is_running (window));
  g_assert_cmpint (tl_session_get_state (session), ==, TL_SESSION_LIVE);
  g_assert_cmpstr (tl_session_get_title (session), ==, "pool_map.py");
  if (tl_window_test_wait_until (workers_started, window, RUN_TIMEOUT_S) && !run_finished (window))
    tl_window_test_screenshot (window, "real-pool-map-live.png");
  else
    g_test_message ("the run ended before a picture of it live could be taken");
  g_assert_true (tl_window_test_wait_until (run_finished, window, RUN_TIMEOUT_S));
  g_assert_null (tl_window_get_last_message (window));

  model = tl_session_get_model (session);
  names = process_names (model);
  for (guint i = 0; i < names->len; i++)
    g_test_message ("process: %s", (const char *) g_ptr_array_index (names, i));
  g_assert_cmpuint (names->len, ==, 5);
  g_assert_true (has_name (names, "MainProcess"));
  for (guint w = 1; w <= 4; w++)
    {
      g_autofree char *worker = g_strdup_printf ("ForkPoolWorker-%u", w);

      g_assert_true (has_name (names, worker));
    }
  g_assert_cmpuint (count_square_tasks (model), ==, 5);

  /* What it printed, in the Output panel, by process. */
  output = tl_output_panel_dup_text (window->output_panel);
  g_test_message ("output:\n%s", output);
  g_assert_cmpuint (tl_output_panel_get_n_lines (window->output_panel), >=, 1);
  g_assert_nonnull (strstr (output, "[MainProcess] [1, 4, 9, 16, 25]"));

  adw_view_stack_set_visible_child_name (window->side_stack, "output");
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "real-pool-map-output.png");
  adw_view_stack_set_visible_child_name (window->side_stack, "narration");
  tl_window_test_settle (window);
  tl_window_test_screenshot (window, "real-pool-map.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The pool-map scenario offers the real program; "Trace It" runs it, and
 * Ctrl+Shift+R runs it again. */
static void
test_program_from_scenario (void)
{
  TlWindow *window = tl_window_test_new_window (app);
  TlSession *session = tl_window_get_session (window);
  AdwActionRow *row;

  tl_window_show_scenario (window, "pool-map", FALSE);
  tl_window_test_settle (window);
  /* The row in the scenario's details, not the list's: the one on screen. */
  row = find_row_where (GTK_WIDGET (window->gallery), "pool_map.py", TRUE);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Squares of 1 to 5 with a pool of four worker processes.");
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_true (tl_window_test_wait_until (is_running, window, 5));
  g_assert_cmpstr (tl_session_get_title (session), ==, "pool_map.py");
  g_assert_true (tl_window_test_wait_until (run_finished, window, RUN_TIMEOUT_S));

  /* Again: the program, not the scenario. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restart", NULL);
  g_assert_cmpstr (tl_session_get_title (session), ==, "pool_map.py");
  g_assert_true (_tl_window_is_running (window));
  g_assert_true (tl_window_test_wait_until (run_finished, window, RUN_TIMEOUT_S));
  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* The dialog traces nothing until a program is chosen; what is not a
 * program is refused with a reason. */
static void
test_program_dialog (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test-program");
  g_autofree char *notes = g_build_filename (dir, "notes.txt", NULL);
  TlWindow *window = tl_window_test_new_window (app);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  tl_window_test_settle (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.trace-program", NULL);
  dialog = find_dialog ("Trace a Program");
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "trace"));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "cancel"));
  tl_window_test_settle (window);
  tl_window_test_widget_screenshot (GTK_WIDGET (dialog), "trace-program-dialog.png");
  /* As its button does: the response, then the dialog goes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (find_dialog ("Trace a Program"));

  g_assert_true (g_file_set_contents (notes, "not a program\n", -1, NULL));
  g_assert_cmpint (g_chmod (notes, 0644), ==, 0);
  g_assert_false (_tl_window_trace_program (window, notes, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (_tl_window_trace_program (window, "/bin/true", "'unclosed", &error));
  g_assert_nonnull (error);
  g_assert_false (_tl_window_is_running (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A static program: the window says it cannot be traced, and runs it
 * untraced when asked. */
static void
test_program_untraceable (void)
{
  const char *program = g_getenv ("TL_TEST_STATIC");
  TlWindow *window = tl_window_test_new_window (app);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (program == NULL)
    {
      g_test_skip ("TL_TEST_STATIC names no static program");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  tl_window_test_settle (window);
  g_assert_true (_tl_window_trace_program (window, program, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tl_window_test_wait_until (run_finished, window, RUN_TIMEOUT_S));
  g_assert_cmpstr (tl_window_get_last_message (window), ==, "This Program Cannot Be Traced");
  dialog = find_dialog ("This Program Cannot Be Traced");
  g_assert_nonnull (dialog);
  g_test_message ("%s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "statically linked"));
  tl_window_test_settle (window);
  tl_window_test_widget_screenshot (GTK_WIDGET (dialog), "untraceable-dialog.png");

  adw_message_dialog_response (dialog, "untraced");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (_tl_window_is_running (window));
  g_assert_true (tl_window_test_wait_until (run_finished, window, RUN_TIMEOUT_S));
  g_assert_null (find_dialog ("This Program Cannot Be Traced"));
  g_assert_cmpint (tl_recorder_get_state (window->recorder), ==, TL_RECORDER_FINISHED);
  g_assert_true (tl_recorder_get_untraced (window->recorder));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-trace-program");
  int status;

  if (!tl_window_test_init (&argc, &argv, data, &app))
    return 0;

  g_test_add_func ("/ui/program/pool-map-from-gallery", test_program_pool_map_from_gallery);
  g_test_add_func ("/ui/program/from-scenario", test_program_from_scenario);
  g_test_add_func ("/ui/program/dialog", test_program_dialog);
  g_test_add_func ("/ui/program/untraceable", test_program_untraceable);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
