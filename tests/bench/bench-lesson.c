/* bench-lesson.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time in class: every built-in scenario at tempo 1, with its defaults,
 * as a teacher presses Run.  For each, the seconds from pressing Run
 * until its lesson is visible, and until the run has ended: once on the
 * machine as it is, once while another program burns a core.
 *
 * "Visible" is read from the trace (tl_lesson_get_visible_time ()): the
 * first fact one of the lesson's cards shows (the first lost update, the
 * first task done, the crash, the deadlock...), or the moment a chart's
 * first group of phases has been measured.  The targets: the lesson
 * within 5 s, the end within 10 s.
 *
 * Usage: bench-lesson [--smoke] [SCENARIO...]
 * --smoke runs two scenarios fast, so that the test suite checks this
 * still works; its figures are informational.  Run as a benchmark, a
 * missed target is printed "NOT met" and the exit status is 1.  Times
 * depend on the machine and on what else it does: measure on an idle one.
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-lesson.h"
#include "tl-recorder.h"

#define LESSON_TARGET_S 5.0
#define END_TARGET_S 10.0

static gboolean smoke;
static gboolean missed;

static const char *
target (gboolean met)
{
  if (!met && !smoke)
    missed = TRUE;
  return met ? "met" : smoke ? "not met, informational" : "NOT met";
}

typedef struct
{
  double visible;         /* seconds from Run; < 0: never */
  double end;
  gboolean failed;
} Timing;

static void
finished_cb (TlRecorder   *recorder,
             const GError *error,
             gpointer      user_data)
{
  g_main_loop_quit (user_data);
}

static Timing
run (const char *id,
     double      tempo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_lookup (id, &error);
  g_autoptr(TlRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(TlLesson) lesson = NULL;
  Timing t = { -1, -1, FALSE };
  gint64 pressed, visible;

  g_assert_no_error (error);
  recorder = tl_recorder_new (scenario);
  tl_recorder_set_tempo (recorder, tempo);
  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), loop);
  pressed = g_get_monotonic_time ();
  if (!tl_recorder_start (recorder, &error))
    g_error ("%s: %s", id, error->message);
  g_main_loop_run (loop);
  t.end = (double) (g_get_monotonic_time () - pressed) / G_USEC_PER_SEC;
  /* The deadlock's run ends by the watchdog: that is its lesson. */
  t.failed = tl_recorder_get_state (recorder) != TL_RECORDER_FINISHED &&
             !g_error_matches (tl_recorder_get_error (recorder), TL_RECORDER_ERROR,
                               TL_RECORDER_ERROR_TIMEOUT);
  lesson = tl_lesson_new (tl_recorder_get_model (recorder));
  visible = lesson != NULL ? tl_lesson_get_visible_time (lesson) : TL_TS_NONE;
  /* The trace's times are CLOCK_MONOTONIC, as g_get_monotonic_time ()'s. */
  if (visible != TL_TS_NONE)
    t.visible = (double) (visible / 1000 - pressed) / G_USEC_PER_SEC;
  return t;
}

/* Another program keeping a core busy until killed. */
static pid_t
burn_a_core (void)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      volatile guint64 x = 0;

      for (;;)
        x++;
    }
  return pid;
}

static void
report (const char   *id,
        const char   *condition,
        const Timing *t)
{
  gboolean seen = t->visible >= 0 && t->visible <= LESSON_TARGET_S;
  gboolean ended = t->end <= END_TARGET_S && !t->failed;

  g_print ("%-22s %-12s lesson %6.2f s (%s)   end %6.2f s (%s)%s\n", id, condition,
           t->visible, target (seen), t->end, target (ended), t->failed ? "  FAILED" : "");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  double tempo = 1.0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--smoke"))
        smoke = TRUE;
      else
        g_ptr_array_add (ids, g_strdup (argv[i]));
    }
  if (smoke)
    {
      /* Checks it works, fast: figures are informational. */
      tempo = 10.0;
      if (ids->len == 0)
        {
          g_ptr_array_add (ids, g_strdup ("race-counter"));
          g_ptr_array_add (ids, g_strdup ("gil-cpu"));
        }
    }
  else if (ids->len == 0)
    {
      g_autoptr(GListModel) builtin = tl_scenario_list_builtin ();

      for (guint i = 0; i < g_list_model_get_n_items (builtin); i++)
        {
          g_autoptr(TlScenario) scenario = g_list_model_get_item (builtin, i);

          g_ptr_array_add (ids, g_strdup (tl_scenario_get_id (scenario)));
        }
    }

  g_print ("Seconds from Run until the lesson is visible (target %.0f s) and until the end "
           "(target %.0f s), tempo %g, on %ld cores\n", LESSON_TARGET_S, END_TARGET_S, tempo,
           sysconf (_SC_NPROCESSORS_ONLN));
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      Timing idle, burned;
      pid_t burner;

      idle = run (id, tempo);
      report (id, "as it is", &idle);
      burner = burn_a_core ();
      burned = run (id, tempo);
      kill (burner, SIGKILL);
      waitpid (burner, NULL, 0);
      report (id, "core burned", &burned);
    }
  if (missed)
    g_print ("Some targets were NOT met.\n");
  return missed ? 1 : 0;
}
