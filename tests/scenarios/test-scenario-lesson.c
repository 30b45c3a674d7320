/* test-scenario-lesson.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every built-in scenario's lesson (its [Lesson]: data/scenarios/README.md),
 * on the model of a real run at a fast tempo: what each result card and
 * the chart state is checked against the trace itself, and against what
 * the painter draws for a class, at 1920x1080 and on a projector.  And
 * gil-cpu's figures, with other programs taking the CPU for part of the
 * run: they may drop, never say the opposite of the lesson.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scenario-run.h"
#include "tl-analysis-concurrency.h"
#include "tl-analysis-lost-updates.h"
#include "tl-lesson.h"
#include "tl-painter.h"

/* Fast, where the facts allow: the tests run in every CI build. */
#define TEMPO 10.0
/* gil-cpu's figures need phases long enough to measure. */
#define GIL_TEMPO 5.0

typedef struct
{
  ScenarioRun *run;
  TlLesson    *lesson;
  char        *drawn;       /* the texts of the pictures, joined by spaces */
} Lesson;

/* All the texts a painter draws for the run, at @width x @height. */
static void
paint (Lesson    *l,
       int        width,
       int        height,
       int        presentation)
{
  g_autoptr(TlPainter) painter = tl_painter_new (l->run->model);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GString) joined = g_string_new (l->drawn);
  GPtrArray *texts;
  TlViewport viewport;
  gint64 start, end;

  tl_painter_set_record_texts (painter, TRUE);
  if (presentation > 0)
    tl_painter_set_presentation (painter, presentation);
  tl_painter_update (painter);
  tl_painter_get_time_range (painter, &start, &end);
  tl_viewport_init (&viewport, start, end, width, height);
  tl_painter_draw (painter, cr, &viewport, TL_PAINT_LAYER_ALL);
  texts = tl_painter_get_drawn_texts (painter);
  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (joined, "%s ", (char *) g_ptr_array_index (texts, i));
  if (presentation > 0)
    g_assert_cmpfloat (tl_painter_get_min_text_height (painter), >=, presentation / 30.0);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_free (l->drawn);
  l->drawn = g_string_free (g_steal_pointer (&joined), FALSE);
}

static Lesson *
lesson_run (const char         *id,
            const char * const *values,
            double              tempo)
{
  Lesson *l = g_new0 (Lesson, 1);

  l->run = scenario_run (id, values, tempo, -1, NULL);
  if (l->run->error != NULL && !g_error_matches (l->run->error, TL_RECORDER_ERROR,
                                                  TL_RECORDER_ERROR_TIMEOUT))
    g_assert_no_error (l->run->error);
  l->lesson = tl_lesson_new (l->run->model);
  g_assert_nonnull (l->lesson);
  l->drawn = g_strdup ("");
  paint (l, 1920, 1080, 0);
  paint (l, 1024, 768, 768);
  return l;
}

static void
lesson_free (Lesson *l)
{
  gint64 start, end;

  /* The lesson became visible while the run went on. */
  g_assert_true (tl_trace_model_get_time_range (l->run->model, &start, &end));
  g_assert_cmpint (tl_lesson_get_visible_time (l->lesson), !=, TL_TS_NONE);
  g_assert_cmpint (tl_lesson_get_visible_time (l->lesson), >=, start);
  g_assert_cmpint (tl_lesson_get_visible_time (l->lesson), <=, end);
  tl_lesson_free (l->lesson);
  scenario_run_free (l->run);
  g_free (l->drawn);
  g_free (l);
}

/* The card of @kind (the @nth of them), asserting it is there. */
static const TlLessonCardText *
card (Lesson           *l,
      TlLessonCardKind  kind,
      guint             nth)
{
  for (guint i = 0; i < tl_lesson_get_n_cards (l->lesson); i++)
    {
      const TlLessonCardText *c = tl_lesson_get_card (l->lesson, i);

      if (c->kind == kind && nth-- == 0)
        return c;
    }
  g_assert_not_reached ();
  return NULL;
}

static const char *
line (const TlLessonCardText *c,
      guint                   i)
{
  g_assert_cmpuint (i, <, c->lines->len);
  return g_ptr_array_index (c->lines, i);
}

/* Every line of every card, and every bar, is in the pictures; a card
 * that says something says when it first could. */
static void
assert_drawn (Lesson *l)
{
  for (guint i = 0; i < tl_lesson_get_n_cards (l->lesson); i++)
    {
      const TlLessonCardText *c = tl_lesson_get_card (l->lesson, i);

      if (c->lines->len == 0)
        continue;
      g_assert_cmpint (c->ts, !=, TL_TS_NONE);
      for (guint j = 0; j < c->lines->len; j++)
        if (strstr (l->drawn, line (c, j)) == NULL)
          g_error ("“%s” is not in the picture: %s", line (c, j), l->drawn);
    }
  for (guint i = 0; i < tl_lesson_get_n_bars (l->lesson); i++)
    {
      const TlLessonBar *bar = tl_lesson_get_bar (l->lesson, i);

      g_assert_true (bar->ready);
      if (strstr (l->drawn, bar->label) == NULL || strstr (l->drawn, bar->value_text) == NULL)
        g_error ("the bar “%s: %s” is not in the picture", bar->label, bar->value_text);
    }
}

/* The phase of a "time" step labelled @name. */
static const TlLessonPhase *
phase (Lesson     *l,
       const char *name)
{
  for (guint i = 0; i < tl_lesson_get_n_phases (l->lesson); i++)
    if (strcmp (tl_lesson_get_phase (l->lesson, i)->name, name) == 0)
      return tl_lesson_get_phase (l->lesson, i);
  g_assert_not_reached ();
  return NULL;
}

static const TlLessonBar *
bar (Lesson     *l,
     const char *group,
     const char *label)
{
  for (guint i = 0; i < tl_lesson_get_n_bars (l->lesson); i++)
    {
      const TlLessonBar *b = tl_lesson_get_bar (l->lesson, i);

      if (g_strcmp0 (b->group, group) == 0 && strcmp (b->label, label) == 0)
        return b;
    }
  g_assert_not_reached ();
  return NULL;
}

/* ---- the scenarios ---------------------------------------------------------------- */

static void
test_two_processes (void)
{
  const char *values[] = { "delay=400", NULL };
  Lesson *l = lesson_run ("two-processes", values, TEMPO);
  const TlLessonCardText *printed = card (l, TL_LESSON_CARD_PRINTS, 0);

  /* The square's child sleeps less: its line comes first. */
  g_assert_cmpuint (printed->lines->len, ==, 2);
  g_assert_cmpstr (line (printed, 0), ==, "Square of 44: 1936");
  g_assert_cmpstr (line (printed, 1), ==, "Cube of 44: 85184");
  assert_drawn (l);
  lesson_free (l);
}

static void
test_four_processes (void)
{
  const char *values[] = { "min_sleep=50", "max_sleep=600", NULL };
  Lesson *l = lesson_run ("four-processes", values, TEMPO);
  const TlLessonCardText *printed = card (l, TL_LESSON_CARD_PRINTS, 0);
  guint seen = 0;

  /* Each number once, in the order the run printed them. */
  g_assert_cmpuint (printed->lines->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const char *text = line (printed, i);
      guint n = (guint) g_ascii_strtoull (text + strlen ("Process "), NULL, 10);
      g_autofree char *expected = g_strdup_printf ("Process %u is printing: %u", n, n);
      guint j;

      g_assert_cmpstr (text, ==, expected);
      seen |= 1u << n;
      for (j = 0; j < l->run->lines->len; j++)
        if (g_str_has_suffix (g_ptr_array_index (l->run->lines, j), text))
          break;
      /* The output came in the same order. */
      g_assert_cmpuint (j, ==, i);
    }
  g_assert_cmpuint (seen, ==, 0x1e);
  assert_drawn (l);
  lesson_free (l);
}

static void
test_pool_map (void)
{
  const char *values[] = { "cost=400", NULL };
  Lesson *l = lesson_run ("pool-map", values, TEMPO);
  const TlLessonCardText *tasks = card (l, TL_LESSON_CARD_TASKS, 0);
  guint seen = 0;

  /* Input, worker, result: one line per item, from the trace's tasks. */
  g_assert_cmpuint (tasks->lines->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_auto(GStrv) parts = g_strsplit (line (tasks, i), " → ", -1);
      guint n;

      g_assert_cmpuint (g_strv_length (parts), ==, 3);
      g_assert_true (g_str_has_prefix (parts[0], "square("));
      n = (guint) g_ascii_strtoull (parts[0] + strlen ("square("), NULL, 10);
      g_assert_true (g_str_has_prefix (parts[1], "ForkPoolWorker-"));
      g_assert_cmpuint (g_ascii_strtoull (parts[2], NULL, 10), ==, n * n);
      /* That worker printed that it computed it. */
      {
        g_autofree char *said = g_strdup_printf ("%s\t%s computing square of %u", parts[1], parts[1], n);

        g_assert_true (g_ptr_array_find_with_equal_func (l->run->lines, said, g_str_equal, NULL));
      }
      seen |= 1u << n;
    }
  g_assert_cmpuint (seen, ==, 0x3e);
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_RESULT, 0), 0), ==, "pool.map = [1, 4, 9, 16, 25]");
  assert_drawn (l);
  lesson_free (l);
}

static void
test_pool_sizes (void)
{
  const char *values[] = { "heavy_cost=60", NULL };
  Lesson *l = lesson_run ("pool-sizes", values, TEMPO);

  /* Six bars, two groups each on its own scale, each its phase's time. */
  g_assert_cmpuint (tl_lesson_get_n_bars (l->lesson), ==, 6);
  for (guint size = 2; size <= 8; size *= 2)
    {
      g_autofree char *label = g_strdup_printf ("pool of %u", size);
      g_autofree char *tiny = g_strdup_printf ("tiny tasks, pool of %u", size);
      g_autofree char *heavy = g_strdup_printf ("heavy tasks, pool of %u", size);
      const TlLessonPhase *p;

      p = phase (l, tiny);
      g_assert_cmpfloat_with_epsilon (bar (l, "tiny tasks", label)->value, (p->end - p->start) / 1e9, 1e-9);
      p = phase (l, heavy);
      g_assert_cmpfloat_with_epsilon (bar (l, "heavy tasks", label)->value, (p->end - p->start) / 1e9, 1e-9);
    }
  g_assert_cmpfloat (tl_lesson_get_scale (l->lesson, "tiny tasks"), <, tl_lesson_get_scale (l->lesson, "heavy tasks"));
  assert_drawn (l);
  lesson_free (l);
}

static void
test_thread_pool_factorial (void)
{
  const char *values[] = { "cost=60", NULL };
  Lesson *l = lesson_run ("thread-pool-factorial", values, TEMPO);
  const TlLessonCardText *tasks = card (l, TL_LESSON_CARD_TASKS, 0);
  guint ran = 0;

  /* Ten tasks: a line per worker, each task on one of them. */
  g_assert_cmpuint (tasks->lines->len, >=, 1);
  g_assert_cmpuint (tasks->lines->len, <=, 5);
  for (guint i = 0; i < tasks->lines->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (line (tasks, i), " ran ", 2);
      g_auto(GStrv) each = g_strsplit (parts[1], ", ", -1);

      g_assert_true (g_str_has_prefix (parts[0], "ThreadPoolExecutor-"));
      ran += g_strv_length (each);
    }
  g_assert_cmpuint (ran, ==, 10);
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_RESULT, 0), 0), ==,
                   "factorials = [1, 2, 6, 24, 120, 720, 5040, 40320, 362880, 3628800]");
  assert_drawn (l);
  lesson_free (l);
}

static void
check_gil_cpu (Lesson *l)
{
  const TlLessonBar *one = bar (l, NULL, "one worker");
  const TlLessonBar *threads = bar (l, NULL, "threads");
  const TlLessonBar *processes = bar (l, NULL, "processes");
  long cores = sysconf (_SC_NPROCESSORS_ONLN);

  g_test_message ("cores kept busy: one worker %.2f%s, threads %.2f%s, processes %.2f%s",
                  one->value, one->unreliable ? " (starved)" : "", threads->value,
                  threads->unreliable ? " (starved)" : "", processes->value,
                  processes->unreliable ? " (starved)" : "");
  /* What one GIL allows, and what the machine has: by what is measured,
   * whatever else the machine does. */
  g_assert_cmpfloat (one->value, <=, 1.05);
  g_assert_cmpfloat (threads->value, <=, 1.05);
  g_assert_cmpfloat (processes->value, <=, cores + 0.05);
  g_assert_cmpstr (threads->note, ==, "one at a time");
  g_assert_cmpuint (tl_lesson_get_n_cores (l->lesson), ==, (guint) cores);
  /* Side by side, unless other programs starved them. */
  if (cores >= 2 && !threads->unreliable && !processes->unreliable)
    g_assert_cmpfloat (processes->value, >, threads->value);
  else
    g_test_message ("starved: processes and threads not compared");
}

static void
test_gil_cpu (void)
{
  const char *values[] = { "work=600", NULL };
  Lesson *l = lesson_run ("gil-cpu", values, GIL_TEMPO);

  check_gil_cpu (l);
  g_assert_true (strstr (l->drawn, "On ") != NULL);
  assert_drawn (l);
  lesson_free (l);
}

/* CPU burners: @n processes spinning from @after ms for @lasting ms. */
static GArray *
burn (guint n,
      guint after,
      guint lasting)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));

  for (guint i = 0; i < n; i++)
    {
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          struct timespec start, now;
          volatile guint64 x = 0;
          double ms = 0;

          clock_gettime (CLOCK_MONOTONIC, &start);
          do
            {
              for (guint k = 0; k < 100000; k++)
                x += k;
              clock_gettime (CLOCK_MONOTONIC, &now);
              ms = (now.tv_sec - start.tv_sec) * 1e3 + (now.tv_nsec - start.tv_nsec) / 1e6;
              if (ms < after)
                {
                  struct timespec nap = { 0, 1000000 };

                  nanosleep (&nap, NULL);
                }
            }
          while (ms < after + lasting);
          _exit (0);
        }
      g_array_append_val (pids, pid);
    }
  return pids;
}

static void
reap (GArray *pids)
{
  for (guint i = 0; i < pids->len; i++)
    {
      kill (g_array_index (pids, pid_t, i), SIGKILL);
      waitpid (g_array_index (pids, pid_t, i), NULL, 0);
    }
  g_array_unref (pids);
}

/* Three programs burning the CPU while one phase runs, and not the
 * others: a wall-clock speedup would compare a slowed phase with a fast
 * one and say anything; the figures, each measured within its phase,
 * cannot say the opposite of the lesson. */
static void
test_gil_cpu_loaded (gconstpointer data)
{
  const guint *window = data;
  const char *values[] = { "work=600", NULL };
  GArray *burners = burn (3, window[0], window[1]);
  Lesson *l = lesson_run ("gil-cpu", values, GIL_TEMPO);

  reap (burners);
  check_gil_cpu (l);
  lesson_free (l);
}

static void
test_gil_io (void)
{
  const char *values[] = { "io_time=1500", NULL };
  Lesson *l = lesson_run ("gil-io", values, TEMPO);
  const TlLessonBar *waits = bar (l, "threads", "the waits, added up");
  const TlLessonBar *elapsed = bar (l, "threads", "elapsed");
  double sum = 1.5 * (4 + 1) / 2 / TEMPO;

  /* The waits, measured from the trace, add up to what was asked... */
  g_assert_cmpfloat (waits->value, >=, 0.99 * sum);
  /* ... and overlapped: the phase took far less. */
  g_assert_cmpfloat (elapsed->value, <, waits->value);
  g_assert_cmpfloat (elapsed->value, >=, 1.5 / TEMPO);
  assert_drawn (l);
  lesson_free (l);
}

static void
test_race_counter (void)
{
  const char *values[] = { "repeats=40", NULL };
  Lesson *l = lesson_run ("race-counter", values, TEMPO);
  guint32 counter = tl_analysis_find_value (l->run->model, "counter");
  g_autoptr(GArray) lost = NULL;
  g_autofree char *final = NULL;
  g_autofree char *count = NULL;
  TlLostUpdateSummary summary;

  lost = tl_analysis_lost_updates (l->run->model, counter, &summary);
  final = g_strdup_printf ("counter = %" G_GINT64_FORMAT, summary.final);
  count = g_strdup_printf ("%u of 160 increments lost", summary.n_lost);
  g_assert_cmpint (summary.n_lost, ==, 160 - summary.final);
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_LOST_UPDATES, 0), 0), ==, final);
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_LOST_UPDATES, 0), 1), ==, count);
  g_assert_cmpint (card (l, TL_LESSON_CARD_LOST_UPDATES, 0)->mood, ==, TL_LESSON_MOOD_BAD);
  g_assert_cmpint (card (l, TL_LESSON_CARD_LOST_UPDATES, 0)->ts, ==,
                   g_array_index (lost, TlLostUpdate, 0).by_ts);
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_VALUE, 0), 0), ==, "safe_counter = 160 ✓");
  g_assert_cmpint (card (l, TL_LESSON_CARD_VALUE, 0)->mood, ==, TL_LESSON_MOOD_GOOD);
  /* The lesson shows from the first lost update. */
  g_assert_cmpint (tl_lesson_get_visible_time (l->lesson), ==, g_array_index (lost, TlLostUpdate, 0).by_ts);
  assert_drawn (l);
  lesson_free (l);
}

static void
test_producer_consumer (void)
{
  const char *values[] = { "sleep_min=10", "sleep_max=200", NULL };
  Lesson *l = lesson_run ("producer-consumer", values, TEMPO);
  const TlLessonCardText *marks = card (l, TL_LESSON_CARD_MARKS, 0);
  guint empty = scenario_count_lines (l->run, NULL, "List is empty, nothing to remove.");

  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_HOLDERS, 0), 0), ==, "one holder at a time");
  if (empty == 0)
    g_assert_cmpuint (marks->lines->len, ==, 0);
  else
    {
      g_autofree char *said = empty == 1 ? g_strdup ("“list is empty” once")
                                         : g_strdup_printf ("“list is empty” %u times", empty);

      g_assert_cmpstr (line (marks, 0), ==, said);
    }
  g_assert_true (g_str_has_prefix (line (card (l, TL_LESSON_CARD_RESULT, 0), 0), "final list = ["));
  assert_drawn (l);
  lesson_free (l);
}

static void
test_sync_primitives (void)
{
  const char *values[] = { "hold=200", NULL };
  Lesson *l = lesson_run ("sync-primitives", values, TEMPO);

  g_assert_cmpstr (card (l, TL_LESSON_CARD_HOLDERS, 0)->title, ==, "rlock");
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_HOLDERS, 0), 0), ==, "one holder at a time");
  g_assert_cmpstr (card (l, TL_LESSON_CARD_HOLDERS, 1)->title, ==, "sem");
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_HOLDERS, 1), 0), ==, "at most 2 holders at once");
  /* The Event: three waiters, all let go by the main thread's set (). */
  g_assert_true (g_str_has_prefix (line (card (l, TL_LESSON_CARD_WAITERS, 0), 0), "3 waited; all went on together, at "));
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_WAITERS, 0), 1), ==, "released by MainProcess");
  /* The Barrier(3): two waited for the third, which let them all go. */
  g_assert_true (g_str_has_prefix (line (card (l, TL_LESSON_CARD_WAITERS, 1), 0), "2 waited; all went on together, at "));
  g_assert_true (g_str_has_prefix (line (card (l, TL_LESSON_CARD_WAITERS, 1), 1), "released by Thread-"));
  g_assert_true (g_str_has_suffix (line (card (l, TL_LESSON_CARD_WAITERS, 1), 1), " (at_barrier)"));
  assert_drawn (l);
  lesson_free (l);
}

static void
test_ipc (void)
{
  const char *values[] = { "pace=50", NULL };
  Lesson *l = lesson_run ("ipc", values, TEMPO);
  guint n;

  /* Five numbers and the None that ends them, in order. */
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_MESSAGES, 0), 0), ==,
                   "6 messages, each received, in the order sent");
  n = (guint) g_ascii_strtoull (line (card (l, TL_LESSON_CARD_MESSAGES, 1), 0), NULL, 10);
  g_assert_cmpuint (n, >=, 20);
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_RESULT, 0), 0), ==, "Value = 40");
  g_assert_cmpstr (line (card (l, TL_LESSON_CARD_RESULT, 1), 0), ==, "SharedMemory = 'Hello'");
  assert_drawn (l);
  lesson_free (l);
}

static void
test_exceptions (void)
{
  const char *values[] = { "work=100", NULL };
  Lesson *l = lesson_run ("exceptions", values, TEMPO);
  const TlLessonCardText *errors = card (l, TL_LESSON_CARD_ERRORS, 0);
  const TlLessonCardText *crash = card (l, TL_LESSON_CARD_CRASH, 0);

  g_assert_cmpuint (errors->lines->len, >=, 3);
  for (guint i = 0; i < errors->lines->len; i++)
    g_assert_nonnull (strstr (line (errors, i), ", handled in "));
  g_assert_true (g_str_has_prefix (line (errors, 0), "ZeroDivisionError: division by zero: raised in "));
  g_assert_cmpstr (line (crash, 0), ==, "Process-5: killed by signal 11 (SIGSEGV)");
  g_assert_cmpstr (line (crash, 1), ==, "Process-4, Process-6 carried on and finished");
  assert_drawn (l);
  lesson_free (l);
}

static void
test_deadlock (void)
{
  const char *values[] = { "hold=200", NULL };
  Lesson *l = lesson_run ("deadlock", values, TEMPO);
  const TlLessonCardText *cycle = card (l, TL_LESSON_CARD_DEADLOCK, 0);

  g_assert_cmpuint (cycle->lines->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (cycle->lines, "worker 1 waits for lock_b, held by worker 2",
                                                   g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (cycle->lines, "worker 2 waits for lock_a, held by worker 1",
                                                   g_str_equal, NULL));
  assert_drawn (l);
  lesson_free (l);
}

static void
test_start_up_cost (void)
{
  const char *values[] = { "count=12", "gap=20", NULL };
  Lesson *l = lesson_run ("start-up-cost", values, TEMPO);
  const TlLessonBar *processes = bar (l, NULL, "processes");
  const TlLessonBar *threads = bar (l, NULL, "threads");

  /* What one start cost its starter in CPU time, averaged over the
   * twelve of each timed phase: copying an interpreter-sized process's
   * page tables costs more than a thread's stack, however busy the
   * machine (it slows the clock, not this). */
  g_assert_cmpuint (tl_lesson_get_n_bars (l->lesson), ==, 2);
  g_assert_cmpstr (processes->note, ==, "12 started");
  g_assert_cmpstr (threads->note, ==, "12 started");
  g_test_message ("CPU per start: process %.1f us, thread %.1f us", processes->value * 1e6,
                  threads->value * 1e6);
  g_assert_cmpfloat (threads->value, >, 0);
  g_assert_cmpfloat (processes->value, >, threads->value);
  g_assert_true (phase (l, "processes")->end <= phase (l, "threads")->start);
  assert_drawn (l);
  lesson_free (l);
}

int
main (int   argc,
      char *argv[])
{
  /* At tempo 5 a worker's work is 120 ms: one worker runs from about
   * 50 ms, the threads from about 170 ms, the processes from about 650. */
  static const guint first_phase[2] = { 0, 200 };
  static const guint last_phase[2] = { 600, 600 };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/lesson/two-processes", test_two_processes);
  g_test_add_func ("/scenarios/lesson/four-processes", test_four_processes);
  g_test_add_func ("/scenarios/lesson/pool-map", test_pool_map);
  g_test_add_func ("/scenarios/lesson/pool-sizes", test_pool_sizes);
  g_test_add_func ("/scenarios/lesson/thread-pool-factorial", test_thread_pool_factorial);
  g_test_add_func ("/scenarios/lesson/gil-cpu", test_gil_cpu);
  g_test_add_data_func ("/scenarios/lesson/gil-cpu/burnt-first", first_phase, test_gil_cpu_loaded);
  g_test_add_data_func ("/scenarios/lesson/gil-cpu/burnt-last", last_phase, test_gil_cpu_loaded);
  g_test_add_func ("/scenarios/lesson/gil-io", test_gil_io);
  g_test_add_func ("/scenarios/lesson/race-counter", test_race_counter);
  g_test_add_func ("/scenarios/lesson/producer-consumer", test_producer_consumer);
  g_test_add_func ("/scenarios/lesson/sync-primitives", test_sync_primitives);
  g_test_add_func ("/scenarios/lesson/ipc", test_ipc);
  g_test_add_func ("/scenarios/lesson/exceptions", test_exceptions);
  g_test_add_func ("/scenarios/lesson/deadlock", test_deadlock);
  g_test_add_func ("/scenarios/lesson/start-up-cost", test_start_up_cost);
  return g_test_run ();
}
