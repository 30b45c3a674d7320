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

#include <string.h>

#include "tl-describe.h"
#include "tl-test-util.h"
#include "window-test-util.h"

#define RUN_TIMEOUT_S 120

static TlApplication *app;

/* ---- the window --------------------------------------------------------------- */

static gboolean
question_asked (gpointer data)
{
  return tl_question_deck_get_state (TL_WINDOW (data)->questions) == TL_QUESTION_ASKED;
}

static TlWindow *
run_scenario (const char *id,
              double      tempo)
{
  TlWindow *window = tl_window_test_new_window (app);

  tl_gallery_set_tempo (window->gallery, tempo);
  tl_window_test_start_run (window, id);
  return window;
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

  g_assert_true (tl_window_test_wait_until (tl_window_test_run_finished, window, RUN_TIMEOUT_S));
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
  g_assert_true (tl_window_test_press (window, GDK_KEY_space));
  g_assert_true (tl_session_get_playing (session));
  g_assert_true (tl_window_test_wait_until (question_asked, window, 60));
  g_assert_false (tl_session_get_playing (session));
  g_assert_cmpint (tl_session_get_playhead (session), ==, task.start - 1);
  g_assert_cmpstr (tl_question_deck_get_question (deck)->id, ==, "next_task");

  /* On screen: the question, the four workers to choose from. */
  tl_window_test_settle (window);
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
  g_assert_true (tl_window_test_press (window, GDK_KEY_2));
  g_assert_cmpint (tl_question_deck_get_guess (deck), ==, 1);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tl_question_card_get_choice (window->question_card, 1)),
                                           "guess"));
  tl_window_test_screenshot (window, "question-asked.png");

  /* Return reveals: the playhead on the event, the task selected, the
   * worker that took it marked right. */
  g_assert_true (tl_window_test_press (window, GDK_KEY_Return));
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
  tl_window_test_screenshot (window, "question-revealed.png");

  /* Return again plays on, past the moment, without asking again. */
  g_assert_true (tl_window_test_press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_NONE);
  g_assert_true (tl_session_get_playing (session));
  tl_window_test_settle (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->question_card)));
  /* Return does nothing else when no question is on screen. */
  g_assert_false (tl_window_test_press (window, GDK_KEY_Return));

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
  return question_asked (data) || tl_window_test_run_finished (data);
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

  g_assert_true (tl_window_test_wait_until (asked_or_finished, window, RUN_TIMEOUT_S));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_ASKED);
  /* The run goes on while the class thinks. */
  g_assert_cmpint (tl_session_get_state (session), ==, TL_SESSION_LIVE);
  asked_at = tl_session_get_playhead (session);
  g_assert_cmpint (asked_at, !=, TL_TS_NONE);
  g_assert_false (tl_session_get_follow (session));
  tl_window_test_screenshot (window, "question-live.png");

  g_assert_true (tl_window_test_press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_REVEALED);
  g_assert_true (tl_window_test_press (window, GDK_KEY_Return));
  g_assert_cmpint (tl_question_deck_get_state (deck), ==, TL_QUESTION_NONE);
  if (tl_session_get_state (session) == TL_SESSION_LIVE)
    {
      /* Back to "now". */
      g_assert_cmpint (tl_session_get_playhead (session), ==, TL_TS_NONE);
      g_assert_true (tl_session_get_follow (session));
    }
  g_assert_true (tl_window_test_wait_until (tl_window_test_run_finished, window, RUN_TIMEOUT_S));
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

static gboolean
is_text_view (GtkWidget *widget,
              gpointer   data)
{
  return GTK_IS_TEXT_VIEW (widget);
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
is_hint (GtkWidget *widget,
         gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "dim-label");
}

/* The card's line that says the keys. */
static GtkWidget *
find_hint (TlWindow *window)
{
  GtkWidget *hint = tl_window_test_find_widget (GTK_WIDGET (window->question_card), is_hint, NULL);

  g_assert_nonnull (hint);
  return hint;
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
  GtkWidget *code;

  tl_window_set_fixed_size (window, 1280, 720);
  tl_window_set_presentation (window, TRUE);
  g_assert_true (tl_window_test_wait_until (tl_window_test_run_finished, window, RUN_TIMEOUT_S));
  g_assert_true (tl_window_test_wait_until (at_720, window, 30));
  tl_session_set_speed (tl_window_get_session (window), 10.0);
  g_assert_true (tl_window_test_press (window, GDK_KEY_space));
  g_assert_true (tl_window_test_wait_until (question_asked, window, 60));
  tl_window_test_settle (window);
  /* The question and its four choices; the keys' hint is the presenter's
   * and stays off a projector, where it would hide lanes. */
  g_assert_cmpuint (check_text_size (GTK_WIDGET (window->question_card), 24.0), >=, 5);
  g_assert_false (gtk_widget_get_mapped (find_hint (window)));
  tl_window_test_screenshot (window, "question-presentation-1280x720.png");
  g_assert_true (tl_window_test_press (window, GDK_KEY_Return));
  tl_window_test_settle (window);
  g_assert_cmpuint (check_text_size (GTK_WIDGET (window->question_card), 24.0), >=, 6);

  /* c: the code, as large: its title, where the workers are, the code. */
  g_assert_true (tl_window_test_press (window, GDK_KEY_c));
  tl_window_test_settle (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->source_pane)));
  g_assert_cmpuint (check_text_size (GTK_WIDGET (window->source_pane), 24.0), >=, 3);
  code = tl_window_test_find_widget (GTK_WIDGET (window->source_pane), is_text_view, NULL);
  g_assert_nonnull (code);
  g_assert_cmpfloat (widget_text_height (code, "return n * n"), >=, 24.0);
  tl_window_test_screenshot (window, "code-presentation-1280x720.png");
  g_assert_true (tl_window_test_press (window, GDK_KEY_c));
  tl_window_test_settle (window);
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

  g_assert_true (tl_window_test_wait_until (tl_window_test_run_finished, window, RUN_TIMEOUT_S));
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
  tl_window_test_screenshot (window, "source-pane.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-questions");
  int status;

  if (!tl_window_test_init (&argc, &argv, data, &app))
    return 0;

  g_test_add_func ("/ui/questions/replay", test_replay_asks_and_reveals);
  g_test_add_func ("/ui/questions/live", test_live_asks);
  g_test_add_func ("/ui/questions/presentation", test_presentation_size);
  g_test_add_func ("/ui/source-pane/lines", test_source_pane);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
