/* test-questions.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Predict, then reveal, and the code beside the run, in the real window
 * under Xvfb:
 *  - a replay of pool-map stops just before the fifth task begins and
 *    asks which worker will take it, offering the four workers; a number
 *    marks the class's guess, Return reveals (the playhead on the event,
 *    the task selected, the right worker marked), Return again plays on;
 *    going back before the moment asks again;
 *  - a live run slowed below tempo 1 stops its view at the same moment;
 *  - in presentation at 1280x720, the question's text is at least 1/30 of
 *    the height;
 *  - the source pane marks the line of a selected or stepped read and
 *    write of race-counter, and every worker's line.
 * Screenshots are saved in TL_SCREENSHOT_DIR.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tl-application.h"
#include "tl-describe.h"
#include "tl-window-private.h"
#include "tl-test-util.h"

#define RUN_TIMEOUT_S 120

static TlApplication *app;

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

static void
settle (void)
{
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static gboolean
run_finished (gpointer data)
{
  TlSession *session = tl_window_get_session (data);

  return tl_session_get_state (session) == TL_SESSION_STOPPED && tl_session_get_model (session) != NULL;
}

static gboolean
question_asked (gpointer data)
{
  return tl_question_deck_get_state (TL_WINDOW (data)->questions) == TL_QUESTION_ASKED;
}

static TlWindow *
run_scenario (const char *id,
              double      tempo)
{
  TlWindow *window = tl_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  settle ();
  tl_window_show_scenario (window, id, FALSE);
  tl_gallery_set_tempo (window->gallery, tempo);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  g_assert_cmpint (tl_session_get_state (tl_window_get_session (window)), ==, TL_SESSION_LIVE);
  return window;
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
  settle ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  tl_window_save_screenshot (window, path, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

/* Presses @keyval at the window, as its keys take it wherever the focus
 * is; returns whether it did anything. */
static gboolean
press (TlWindow *window,
       guint     keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, c);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "threadline-window-keys") != 0)
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (window),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_not_reached ();
}

/* ---- the fifth task, found here on its own ------------------------------------- */

typedef struct
{
  gint64    start;
  TlItemRef item;
} Task;

static gint
compare_tasks (gconstpointer a,
               gconstpointer b)
{
  const Task *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static Task
fifth_task (TlTraceModel *model)
{
  g_autoptr(GArray) tasks = g_array_new (FALSE, FALSE, sizeof (Task));

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 0; i < n; i++)
            if (spans[i].kind == TL_SPAN_TASK)
              {
                Task task = { spans[i].start, { l, TL_ITEM_SPAN, (guint16) t, i } };

                g_array_append_val (tasks, task);
              }
        }
    }
  g_assert_cmpuint (tasks->len, ==, 5);
  g_array_sort (tasks, compare_tasks);
  return g_array_index (tasks, Task, 4);
}

/* ---- replay -------------------------------------------------------------------- */

static void
test_replay_asks_and_reveals (void)
{
  TlWindow *window = run_scenario ("pool-map", 8.0);
  TlSession *session = tl_window_get_session (window);
  TlQuestionDeck *deck = window->questions;
  g_autofree char *worker = NULL;
  const TlItemRef *selection;
  TlTraceModel *model;
  GtkLabel *right;
  Task task;
  gint64 start, end;

  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  model = tl_session_get_model (session);
  g_assert_cmpuint (tl_question_deck_get_n_questions (deck), ==, 1);
  task = fifth_task (model);
  worker = tl_describe_lane (model, task.item.lane);
  g_assert_true (g_str_has_prefix (worker, "ForkPoolWorker-"));

  /* Space replays from the start, and the replay stops just before the
   * fifth task begins. */
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_NONE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->question_card)));
  tl_trace_model_get_time_range (model, &start, &end);
  tl_session_set_speed (session, 10.0);
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_true (tl_session_get_playing (session));
  g_assert_true (wait_until (question_asked, window, 60));
  g_assert_false (tl_session_get_playing (session));
  g_assert_cmpint (tl_session_get_playhead (session), ==, task.start - 1);
  g_assert_cmpstr (tl_question_deck_get_question (deck)->id, ==, "next_task");

  /* On screen: the question, the four workers to choose from. */
  settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->question_card)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->question_card)));
  g_assert_nonnull (strstr (tl_question_card_get_ask (window->question_card), "Which worker will square 5?"));
  g_assert_cmpuint (tl_question_card_get_n_choices (window->question_card), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u  ForkPoolWorker-%u", i + 1, i + 1);

      g_assert_true (g_str_has_prefix (gtk_label_get_label (tl_question_card_get_choice (window->question_card, i)),
                                       expected));
    }
  g_assert_cmpstr (tl_question_card_get_answer (window->question_card), ==, "");

  /* The class guesses the second. */
  g_assert_true (press (window, GDK_KEY_2));
  g_assert_cmpint (tl_question_deck_get_guess (deck), ==, 1);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tl_question_card_get_choice (window->question_card, 1)),
                                           "guess"));
  save_screenshot (window, "question-asked.png");

  /* Return reveals: the playhead on the event, the task selected, the
   * worker that took it marked right. */
  g_assert_true (press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_REVEALED);
  g_assert_cmpint (tl_session_get_playhead (session), >=, task.start);
  selection = tl_session_get_selection (session);
  g_assert_cmpuint (selection->lane, ==, task.item.lane);
  g_assert_cmpuint (selection->type, ==, TL_ITEM_SPAN);
  g_assert_cmpuint (selection->track, ==, task.item.track);
  g_assert_cmpuint (selection->index, ==, task.item.index);
  g_assert_nonnull (strstr (tl_question_card_get_answer (window->question_card), worker));
  right = tl_question_card_get_choice (window->question_card, (guint) tl_question_deck_get_right_choice (deck));
  g_assert_nonnull (strstr (gtk_label_get_label (right), worker));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (right), "right"));
  save_screenshot (window, "question-revealed.png");

  /* Return again plays on, past the moment, without asking again. */
  g_assert_true (press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_NONE);
  g_assert_true (tl_session_get_playing (session));
  settle ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->question_card)));
  /* Return does nothing else when no question is on screen. */
  g_assert_false (press (window, GDK_KEY_Return));

  /* Back before the moment, and on past it: asked again. */
  tl_session_set_playing (session, FALSE);
  tl_session_set_playhead (session, start);
  tl_session_set_playhead (session, end);
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_ASKED);
  g_assert_cmpint (tl_session_get_playhead (session), ==, task.start - 1);
  /* A step onto the moment is a way to answer. */
  gtk_widget_activate_action (GTK_WIDGET (window), "session.step", "i", 1);
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_REVEALED);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
asked_or_finished (gpointer data)
{
  return question_asked (data) || run_finished (data);
}

/* Slowed below tempo 1, a live run's view stops at the moment too. */
static void
test_live_asks (void)
{
  TlWindow *window = run_scenario ("pool-map", 0.5);
  TlSession *session = tl_window_get_session (window);
  TlQuestionDeck *deck = window->questions;
  TlTraceModel *model = tl_session_get_model (session);
  gint64 asked_at;

  g_assert_true (wait_until (asked_or_finished, window, RUN_TIMEOUT_S));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_ASKED);
  /* The run goes on while the class thinks. */
  g_assert_cmpint (tl_session_get_state (session), ==, TL_SESSION_LIVE);
  asked_at = tl_session_get_playhead (session);
  g_assert_cmpint (asked_at, !=, TL_TS_NONE);
  g_assert_false (tl_session_get_follow (session));
  save_screenshot (window, "question-live.png");

  g_assert_true (press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_REVEALED);
  g_assert_true (press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_NONE);
  if (tl_session_get_state (session) == TL_SESSION_LIVE)
    {
      /* Back to "now". */
      g_assert_cmpint (tl_session_get_playhead (session), ==, TL_TS_NONE);
      g_assert_true (tl_session_get_follow (session));
    }
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  /* The moment it stopped at is the fifth task's, in the whole trace. */
  g_assert_cmpint (asked_at, ==, fifth_task (model).start - 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- presentation -------------------------------------------------------------- */

/* The smallest size in pixels of the fonts @label is drawn in. */
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

static GtkWidget *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The size in pixels of the font @widget draws @text in. */
static double
widget_text_height (GtkWidget  *widget,
                    const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
  PangoFontDescription *description = pango_font_describe_with_absolute_size (run->item->analysis.font);
  double px = (double) pango_font_description_get_size (description) / PANGO_SCALE;

  pango_font_description_free (description);
  pango_layout_iter_free (iter);
  return px;
}

/* Every label under @widget that shows text is at least @bound px. */
static guint
check_text_size (GtkWidget *widget,
                 double     bound)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && gtk_label_get_label (GTK_LABEL (widget))[0] != '\0')
    {
      double px = label_text_height (GTK_LABEL (widget));

      g_test_message ("“%s”: %.1f px", gtk_label_get_label (GTK_LABEL (widget)), px);
      g_assert_cmpfloat (px, >=, bound);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_text_size (child, bound);
  return n;
}

static gboolean
at_720 (gpointer data)
{
  return gtk_widget_get_height (GTK_WIDGET (data)) == 720 &&
         gtk_widget_has_css_class (GTK_WIDGET (data), "type-24");
}

static void
test_presentation_size (void)
{
  TlWindow *window = run_scenario ("pool-map", 8.0);

  tl_window_set_fixed_size (window, 1280, 720);
  tl_window_set_presentation (window, TRUE);
  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  g_assert_true (wait_until (at_720, window, 30));
  tl_session_set_speed (tl_window_get_session (window), 10.0);
  g_assert_true (press (window, GDK_KEY_space));
  g_assert_true (wait_until (question_asked, window, 60));
  settle ();
  /* The question, its four choices and the hint. */
  g_assert_cmpuint (check_text_size (GTK_WIDGET (window->question_card), 24.0), >=, 6);
  save_screenshot (window, "question-presentation-1280x720.png");
  g_assert_true (press (window, GDK_KEY_Return));
  settle ();
  g_assert_cmpuint (check_text_size (GTK_WIDGET (window->question_card), 24.0), >=, 7);

  /* c: the code, as large: its title, where the workers are, the code. */
  g_assert_true (press (window, GDK_KEY_c));
  settle ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->source_pane)));
  g_assert_cmpuint (check_text_size (GTK_WIDGET (window->source_pane), 24.0), >=, 3);
  g_assert_cmpfloat (widget_text_height (find_text_view (GTK_WIDGET (window->source_pane)), "return n * n"), >=, 24.0);
  save_screenshot (window, "code-presentation-1280x720.png");
  g_assert_true (press (window, GDK_KEY_c));
  settle ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window->source_pane)));
  tl_window_set_presentation (window, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the code beside the run ------------------------------------------------------ */

/* A read (or write) of counter by a worker thread. */
static gboolean
find_access (TlTraceModel *model,
             TlEventKind   kind,
             guint         nth,
             TlItemRef    *item,
             gint64       *ts)
{
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      g_autofree char *name = tl_describe_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || !g_str_has_suffix (name, "(add_unlocked)"))
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          const TlObject *object;

          if (instants[i].kind != kind || instants[i].role != TL_ROLE_VALUE)
            continue;
          object = tl_trace_model_get_object (model, instants[i].ref);
          if (g_strcmp0 (tl_trace_model_get_string (model, object->name), "counter") == 0 && nth-- == 0)
            {
              *item = (TlItemRef) { l, TL_ITEM_INSTANT, 0, i };
              *ts = instants[i].ts;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static char *
marked_code (TlSourcePane *pane)
{
  g_autofree char *line = tl_source_pane_dup_line (pane, tl_source_pane_get_marked_line (pane));

  return g_strstrip (g_strdup (line));
}

static void
test_source_pane (void)
{
  TlWindow *window = run_scenario ("race-counter", 8.0);
  TlSession *session = tl_window_get_session (window);
  TlSourcePane *pane = window->source_pane;
  g_autofree char *read_code = NULL;
  g_autofree char *write_code = NULL;
  g_autofree char *stepped_code = NULL;
  TlTraceModel *model;
  TlItemRef read, write;
  gint64 read_ts, write_ts;
  guint n_workers = 0;

  g_assert_true (wait_until (run_finished, window, RUN_TIMEOUT_S));
  model = tl_session_get_model (session);
  g_assert_true (tl_source_pane_has_program (pane));
  g_assert_true (find_access (model, TL_EVENT_READ, 7, &read, &read_ts));
  g_assert_true (find_access (model, TL_EVENT_WRITE, 7, &write, &write_ts));

  /* A selected read, then a selected write: each on its own line. */
  tl_window_show_panel (window, "code");
  tl_session_set_selection (session, &read);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->side_stack), ==, "code");
  read_code = marked_code (pane);
  g_assert_cmpstr (read_code, ==, "value = counter.value");
  tl_session_set_selection (session, &write);
  write_code = marked_code (pane);
  g_assert_cmpstr (write_code, ==, "counter.value = value + 1");

  /* Nothing selected: the event the playhead was stepped onto. */
  tl_session_set_selection (session, NULL);
  tl_session_set_playhead (session, read_ts);
  stepped_code = marked_code (pane);
  g_assert_cmpstr (stepped_code, ==, "value = counter.value");
  g_assert_cmpuint (tl_source_pane_get_worker_line (pane, read.lane), ==, tl_source_pane_get_marked_line (pane));

  /* Every worker alive then is on a line with code. */
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      guint line = tl_source_pane_get_worker_line (pane, l);
      g_autofree char *code = NULL;

      if (line == 0)
        continue;
      code = g_strstrip (tl_source_pane_dup_line (pane, line));
      g_assert_cmpstr (code, !=, "");
      g_assert_cmpint (code[0], !=, '#');
      n_workers++;
    }
  g_assert_cmpuint (n_workers, >=, 2);
  save_screenshot (window, "source-pane.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-questions");
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_content_type_set_mime_dirs (NULL);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "en_US.UTF-8");
  if (!gtk_init_check ())
    {
      g_test_skip ("No display: the window tests need one (see .ci/run: xvfb-run)");
      g_print ("1..0 # SKIP No display: the window tests need one (see .ci/run: xvfb-run)\n");
      return 0;
    }
  adw_init ();
  gtk_icon_theme_get_for_display (gdk_display_get_default ());

  app = tl_application_new ("org.threadline.Threadline.TestQuestions", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/questions/replay", test_replay_asks_and_reveals);
  g_test_add_func ("/ui/questions/live", test_live_asks);
  g_test_add_func ("/ui/questions/presentation", test_presentation_size);
  g_test_add_func ("/ui/source-pane/lines", test_source_pane);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
