/* test-render-lesson.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the picture must show a class, and what it must not: no
 * machinery, no GIL lane for a single thread, lanes in creation order,
 * names that keep their numbers, text a back row can read, a legend of
 * what is on screen, values and errors at their marks, counters with
 * their values.
 */
#include "config.h"

#include <string.h>

#include "render-test-models.h"
#include "render-test-pixels.h"
#include "tl-describe.h"
#include "tl-painter.h"
#include "tl-text-fit.h"

#define MS TL_TEST_MS

enum
{
  RUNNER = 5,
  MAIN = 10,
  WORKER_1 = 21,
  WORKER_2 = 22,
  GIL_MAIN = 99,
  GIL_WORKER = 98,
  TEXT_COMPUTE = 500,
  TASK = 600,
  COUNTER = 700,
};

static void
add (GArray       *events,
     TlModelEvent  e)
{
  g_array_append_val (events, e);
}

static void
add_name (GArray       *events,
          gint64        ts,
          guint32       pid,
          guint32       tid,
          TlObjectRole  role,
          guint64       object,
          const char   *text)
{
  add (events, tl_test_name_event (ts, pid, tid, role, object, text));
}

/* Runs @tid of @pid for 10 ms from @from: holds @gil, computes, reads
 * @value from the counter at 2 ms and writes @value + 1 at 8 ms. */
static void
add_turn (GArray  *events,
          guint32  pid,
          guint32  tid,
          guint64  gil,
          gint64   from,
          guint64  value)
{
  add (events, tl_test_event (from, pid, tid, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, gil, 0));
  add (events, tl_test_event (from, pid, tid, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, gil, 0));
  add (events, tl_test_event (from, pid, tid, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, TEXT_COMPUTE, 0));
  add (events, tl_test_event (from + 2 * MS, pid, tid, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, value));
  add (events, tl_test_event (from + 8 * MS, pid, tid, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, value + 1));
  add (events, tl_test_event (from + 10 * MS, pid, tid, TL_EVENT_SLICE_END, TL_ROLE_TEXT, 0, 0));
  add (events, tl_test_event (from + 10 * MS, pid, tid, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, gil, 0));
}

/* What a scenario run looks like: Threadline's runner (its machinery)
 * starts MainProcess, whose two threads take turns on its GIL, each
 * reading and writing a counter; then two single-threaded pool workers,
 * forked in order (ForkPoolWorker-1 has the smaller pid) though the second
 * runs first, each holding its own GIL the whole time, running one task. */
static GArray *
lesson_events (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));

  add_name (events, 0, RUNNER, RUNNER, TL_ROLE_PROCESS, RUNNER, "threadline-runner");
  add_name (events, 0, RUNNER, RUNNER, TL_ROLE_THREAD, RUNNER, "supervisor");
  add_name (events, 0, RUNNER, RUNNER, TL_ROLE_MACHINERY, RUNNER, "threadline-runner");
  add (events, tl_test_event (0, MAIN, MAIN, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, MAIN, RUNNER));
  add_name (events, 0, MAIN, MAIN, TL_ROLE_PROCESS, MAIN, "MainProcess");
  add_name (events, 0, MAIN, MAIN, TL_ROLE_THREAD, MAIN, "MainThread");
  add_name (events, 0, MAIN, MAIN, TL_ROLE_TEXT, TEXT_COMPUTE, "compute");
  add_name (events, 0, MAIN, MAIN, TL_ROLE_VALUE, COUNTER, "counter");
  add_name (events, 1 * MS, MAIN, 11, TL_ROLE_THREAD, 11, "Thread-1 (add_unlocked)");
  add_name (events, 1 * MS, MAIN, 12, TL_ROLE_THREAD, 12, "Thread-2 (add_unlocked)");
  for (guint i = 0; i < 4; i++)
    {
      guint32 tid = i % 2 == 0 ? 11 : 12;
      gint64 t = (2 + 10 * i) * MS;

      add_turn (events, MAIN, tid, GIL_MAIN, t, 52 + i);
    }

  for (guint w = 0; w < 2; w++)
    {
      /* Worker 2's events come first, and it runs first. */
      guint32 pid = w == 0 ? WORKER_2 : WORKER_1;
      const char *name = pid == WORKER_1 ? "ForkPoolWorker-1" : "ForkPoolWorker-2";
      gint64 start = (50 + 5 * w) * MS;

      add (events, tl_test_event (start, pid, pid, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, pid, MAIN));
      add_name (events, start, pid, pid, TL_ROLE_PROCESS, pid, name);
      add_name (events, start, pid, pid, TL_ROLE_THREAD, pid, "MainThread");
      add_name (events, start, pid, pid, TL_ROLE_TASK, TASK + w, w == 0 ? "square(3)" : "square(4)");
      add (events, tl_test_event (start, pid, pid, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, GIL_WORKER - w, 0));
      add (events, tl_test_event (start + 1 * MS, pid, pid, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, TASK + w, 3 + w));
      add (events, tl_test_event (start + 1 * MS, pid, pid, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, TEXT_COMPUTE, 0));
      add (events, tl_test_event (start + 30 * MS, pid, pid, TL_EVENT_SLICE_END, TL_ROLE_TEXT, 0, 0));
      add (events, tl_test_event (start + 30 * MS, pid, pid, TL_EVENT_TASK_END, TL_ROLE_TASK, TASK + w, 9 + 7 * w));
      add (events, tl_test_event (start + 35 * MS, pid, pid, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, GIL_WORKER - w, 0));
      add (events, tl_test_event (start + 35 * MS, pid, pid, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, pid, 0));
    }
  add (events, tl_test_event (100 * MS, MAIN, MAIN, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, MAIN, 0));
  return events;
}

static TlTraceModel *
lesson_model (void)
{
  g_autoptr(GArray) events = lesson_events ();
  TlTraceModel *model = tl_trace_model_new ();

  tl_trace_model_add_events (model, (TlModelEvent *) (gpointer) events->data, events->len);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static guint32
lane_of (TlTraceModel *model,
         TlLaneKind    kind,
         guint32       pid,
         guint64       key)
{
  guint32 lane = tl_trace_model_lookup_lane (model, kind, pid, key);

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  return lane;
}

static gboolean
shows_lane (TlPainter *painter,
            guint32    lane)
{
  const TlLayout *layout = tl_painter_get_layout (painter);
  guint r = tl_layout_lookup_lane (layout, lane);

  return r != G_MAXUINT && tl_layout_get_row (layout, r)->lane == lane;
}

/* The runner and its supervisor are not the lesson. */
static void
test_no_machinery (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  guint32 supervisor = lane_of (model, TL_LANE_THREAD, RUNNER, RUNNER);
  const TlLayout *layout;

  tl_painter_update (painter);
  g_assert_false (shows_lane (painter, supervisor));
  layout = tl_painter_get_layout (painter);
  g_assert_cmpuint (tl_layout_lookup_process (layout, tl_trace_model_lookup_process (model, RUNNER)),
                    ==, G_MAXUINT);
  /* The first row is the lesson's first process. */
  g_assert_cmpuint (tl_layout_get_row (layout, 0)->process, ==, tl_trace_model_lookup_process (model, MAIN));

  /* A developer may ask for it. */
  tl_painter_set_options (painter, TL_PAINT_SHOW_ALL | TL_PAINT_SHOW_MACHINERY);
  g_assert_true (tl_painter_update (painter));
  g_assert_true (shows_lane (painter, supervisor));
}

/* The GIL has a lane where threads compete for it; a single-threaded
 * worker shows its state and its task, not its GIL nor "compute". */
static void
test_single_thread_gil (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  guint32 worker = lane_of (model, TL_LANE_THREAD, WORKER_1, WORKER_1);
  TlLane *lane = tl_trace_model_get_lane (model, worker);
  const TlLayout *layout;
  const TlRow *row;
  guint shown = 0;
  double y, h;

  tl_painter_update (painter);
  g_assert_true (shows_lane (painter, lane_of (model, TL_LANE_GIL, MAIN, GIL_MAIN)));
  g_assert_false (shows_lane (painter, lane_of (model, TL_LANE_GIL, WORKER_1, GIL_WORKER - 1)));

  layout = tl_painter_get_layout (painter);
  row = tl_layout_get_row (layout, tl_layout_lookup_lane (layout, worker));
  for (guint t = 0; t < row->n_tracks; t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      if (!tl_layout_get_track (layout, row, t, &y, &h))
        {
          /* Hidden: only the GIL held and the engine's compute step. */
          for (guint i = 0; i < n; i++)
            g_assert_true (spans[i].kind == TL_SPAN_HOLD_GIL || spans[i].kind == TL_SPAN_SLICE);
          continue;
        }
      shown++;
      if (t > 0)
        g_assert_cmpint (spans[0].kind, ==, TL_SPAN_TASK);
    }
  /* Its state and its task. */
  g_assert_cmpuint (shown, ==, 2);
  g_assert_cmpfloat (row->height, ==, tl_painter_get_palette (painter)->state_height +
                                      tl_painter_get_palette (painter)->track_height +
                                      tl_painter_get_palette (painter)->lane_gap);
}

/* Rows follow the model's creation order: the parent, then its children
 * in the order it forked them, though the second ran first and its events
 * came first. */
static void
test_creation_order (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const guint32 expected[] = { MAIN, WORKER_1, WORKER_2 };
  const TlLayout *layout;
  guint seen = 0;

  tl_painter_update (painter);
  layout = tl_painter_get_layout (painter);
  for (guint r = 0; r < tl_layout_get_n_rows (layout); r++)
    {
      const TlRow *row = tl_layout_get_row (layout, r);

      if (row->kind != TL_ROW_PROCESS)
        continue;
      g_assert_cmpuint (seen, <, G_N_ELEMENTS (expected));
      g_assert_cmpuint (tl_trace_model_get_process (model, row->process)->pid, ==, expected[seen++]);
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (expected));

  /* Threads in the order they started, after the main thread. */
  g_assert_cmpuint (tl_layout_lookup_lane (layout, lane_of (model, TL_LANE_THREAD, MAIN, MAIN)), <,
                    tl_layout_lookup_lane (layout, lane_of (model, TL_LANE_THREAD, MAIN, 11)));
  g_assert_cmpuint (tl_layout_lookup_lane (layout, lane_of (model, TL_LANE_THREAD, MAIN, 11)), <,
                    tl_layout_lookup_lane (layout, lane_of (model, TL_LANE_THREAD, MAIN, 12)));
}

/* Ten units a character: what a test can count. */
static double
measure_chars (const char *text,
               gpointer    user_data)
{
  return 10.0 * g_utf8_strlen (text, -1);
}

static void
check_fit (const char *text,
           double      width,
           const char *expected)
{
  g_autofree char *fitted = tl_text_fit (text, width, measure_chars, NULL);

  g_assert_cmpstr (fitted, ==, expected);
  g_assert_cmpfloat (measure_chars (fitted, NULL), <=, width);
}

/* Names keep what tells them apart: the number at their end. */
static void
test_shorten_names (void)
{
  check_fit ("ForkPoolWorker-4", 200, "ForkPoolWorker-4");
  check_fit ("ForkPoolWorker-4", 100, "ForkPoo…-4");
  check_fit ("ForkPoolWorker-12", 60, "Fo…-12");
  check_fit ("Thread-3 (add_unlocked)", 180, "Thread-3 (add_un…)");
  check_fit ("Thread-3 (add_unlocked)", 130, "Thread-3 (a…)");
  check_fit ("Thread-3 (add_unlocked)", 110, "Thread-3");
  check_fit ("Thread-3 (add_unlocked)", 100, "Thread-3");
  check_fit ("Thread-3 (add_unlocked)", 60, "Thr…-3");
  check_fit ("square(3)", 90, "square(3)");
  check_fit ("square(3)", 60, "sq…(3)");
  check_fit ("MainProcess", 80, "Main…ess");
  check_fit ("x", 5, "");

  /* Free text reads from its start: an exception keeps its type. */
  {
    g_autofree char *cut = tl_text_fit_end ("ZeroDivisionError: division by zero", 100,
                                            measure_chars, NULL);

    g_assert_cmpstr (cut, ==, "ZeroDivis…");
  }
}

/* Presentation: every text at least 1/30 of the screen's height, in
 * every colour scheme, at the projectors' sizes. */
static void
test_presentation_text (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlTraceModel) demo = render_test_demo_model (TRUE);
  const int sizes[][2] = { { 1280, 720 }, { 1024, 768 }, { 1920, 1080 } };
  const TlStyle colours[] = { TL_STYLE_LIGHT, TL_STYLE_DARK, TL_STYLE_HIGH_CONTRAST };

  for (guint m = 0; m < 2; m++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint c = 0; c < G_N_ELEMENTS (colours); c++)
        {
          g_autoptr(TlPainter) painter = tl_painter_new (m == 0 ? model : demo);
          gint64 start, end;
          TlViewport viewport;
          cairo_surface_t *surface;

          tl_painter_set_style (painter, colours[c]);
          tl_painter_set_presentation (painter, sizes[s][1]);
          tl_painter_get_time_range (painter, &start, &end);
          tl_viewport_init (&viewport, start, end, sizes[s][0], sizes[s][1]);
          surface = render_test_draw (painter, &viewport);
          g_assert_cmpfloat (tl_painter_get_min_text_height (painter), >=, sizes[s][1] / 30.0);
          g_assert_cmpfloat (tl_painter_get_stats (painter)->texts, >, 0);
          /* Presentation is a size: the colours stay the style's. */
          g_assert_cmpfloat (render_test_distance (&tl_painter_get_palette (painter)->background,
                                                   &tl_palette_get (colours[c])->background), ==, 0);
          if (m == 0 && c == 0 && s < 2)
            {
              g_autofree char *name = g_strdup_printf ("lesson-presentation-%dx%d.png",
                                                       sizes[s][0], sizes[s][1]);

              render_test_save (surface, name);
            }
          cairo_surface_destroy (surface);
        }
}


static gboolean
drew (TlPainter  *painter,
      const char *text)
{
  GPtrArray *texts = tl_painter_get_drawn_texts (painter);

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static guint
times_drawn (TlPainter  *painter,
             const char *text)
{
  GPtrArray *texts = tl_painter_get_drawn_texts (painter);
  guint n = 0;

  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      n++;
  return n;
}

static gboolean
drew_part (TlPainter  *painter,
           const char *part)
{
  GPtrArray *texts = tl_painter_get_drawn_texts (painter);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), part) != NULL)
      return TRUE;
  return FALSE;
}

static void
draw_range (TlPainter *painter,
            gint64     t0,
            gint64     t1,
            int        width,
            int        height)
{
  TlViewport viewport;

  tl_viewport_init (&viewport, t0, t1, width, height);
  viewport.origin = 0;
  cairo_surface_destroy (render_test_draw (painter, &viewport));
}

/* The legend lists what the frame drew, and nothing else, in a
 * student's words. */
static void
test_legend_visible (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const char *task = tl_paint_class_to_label (TL_PAINT_TASK);

  tl_painter_set_record_texts (painter, TRUE);
  draw_range (painter, 0, 100 * MS, 1600, 600);
  g_assert_true (drew (painter, task));
  g_assert_true (drew (painter, tl_paint_class_to_label (TL_PAINT_RUNNING)));
  g_assert_true (drew (painter, tl_mark_class_to_label (TL_MARK_WRITE)));
  g_assert_cmpuint (tl_painter_get_stats (painter)->legend_left_out, ==, 0);

  /* The first 40 ms: the threads, not the workers' tasks. */
  draw_range (painter, 0, 40 * MS, 1600, 600);
  g_assert_false (drew (painter, task));
  g_assert_true (drew (painter, tl_paint_class_to_label (TL_PAINT_RUNNING)));
  /* Never a word a student does not know. */
  g_assert_false (drew_part (painter, "Slice"));
  g_assert_false (drew_part (painter, "Strip"));
  g_assert_false (drew_part (painter, "hand-over"));

  /* In presentation too, on one line. */
  tl_painter_set_presentation (painter, 768);
  draw_range (painter, 0, 40 * MS, 1024, 768);
  g_assert_false (drew (painter, task));
  g_assert_cmpuint (tl_painter_get_stats (painter)->legend_entries, >, 0);
}

/* A read and a write say their values once zoom allows. */
static void
test_values_at_marks (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);

  tl_painter_set_record_texts (painter, TRUE);
  draw_range (painter, 0, 20 * MS, 1600, 600);
  /* Thread-1 reads 52 at 4 ms and writes 53 at 10 ms: at the marks, and
   * on the counter's own lane, where each value begins. */
  g_assert_cmpuint (times_drawn (painter, "52"), >=, 2);
  g_assert_true (drew (painter, "53"));

  /* Crowded, the marks' values give way; the counter's lane may still
   * say where 52 began. */
  draw_range (painter, 0, 100 * MS, 260, 400);
  g_assert_cmpuint (times_drawn (painter, "52"), <=, 1);
}

/* An exception's type and message at its mark; a crash's signal on the
 * crashed process's row. */
static void
test_exception_at_mark (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  TlModelEvent events[] = {
    tl_test_event (0, 10, 10, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 10, 1),
    tl_test_name_event (0, 10, 10, TL_ROLE_PROCESS, 10, "MainProcess"),
    tl_test_name_event (1 * MS, 10, 10, TL_ROLE_TEXT, 77, "ValueError: bad input"),
    tl_test_name_event (1 * MS, 10, 10, TL_ROLE_ERROR, 5, "ValueError: bad input"),
    tl_test_event (10 * MS, 10, 10, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 5, 77),
    tl_test_event (20 * MS, 11, 11, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 11, 10),
    tl_test_name_event (20 * MS, 11, 11, TL_ROLE_PROCESS, 11, "Process-1"),
    tl_test_event (60 * MS, 10, 10, TL_EVENT_CRASH, TL_ROLE_PROCESS, 11, 11),
    tl_test_event (90 * MS, 10, 10, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 10, 0),
  };

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  tl_painter_set_record_texts (painter, TRUE);
  draw_range (painter, 0, 100 * MS, 1200, 300);
  g_assert_true (drew (painter, "ValueError: bad input"));
  g_assert_true (drew_part (painter, "signal 11"));
}

/* A counter lane: its values where they change, the last one always, and
 * its range by its name. */
static void
test_counter_values (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const double values[] = { 0, 1, 2, 3, 2, 1 };
  guint32 thread = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 10, 10);
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_COUNTER, 10,
                                             tl_trace_model_intern (model, "queue length", -1));
  TlSpan span = { 0, 100 * MS, 0, 0, TL_INDEX_NONE, TL_SPAN_RUNNING, 0, 0 };

  tl_trace_model_set_lane_name (model, lane, tl_trace_model_intern (model, "queue length", -1));
  tl_trace_model_add_span (model, thread, &span);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    tl_trace_model_add_counter_sample (model, lane, i * 15 * MS, values[i]);
  tl_trace_model_finish (model, TL_TS_NONE);

  tl_painter_set_record_texts (painter, TRUE);
  draw_range (painter, 0, 100 * MS, 1200, 300);
  g_assert_true (drew (painter, "queue length"));
  g_assert_true (drew (painter, "0–3"));
  for (guint i = 1; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = g_strdup_printf ("%g", values[i]);

      g_assert_true (drew (painter, text));
    }
  g_assert_true (drew (painter, tl_describe_counter_words ()));

  /* Up to 40 ms, the value then is 2. */
  draw_range (painter, 0, 40 * MS, 300, 300);
  g_assert_true (drew (painter, "2"));
}

/* At 1024x768 the lesson fits; what the view cannot show is one row. */
static void
test_fit_screen (void)
{
  g_autoptr(TlTraceModel) model = lesson_model ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  TlViewport viewport;
  TlPaintGeometry g;
  const TlLayout *layout;
  const TlRow *last;
  guint n;

  tl_painter_set_presentation (painter, 768);
  tl_painter_set_record_texts (painter, TRUE);
  tl_viewport_init (&viewport, 0, 100 * MS, 1024, 768);
  tl_painter_get_geometry (painter, &viewport, &g);
  g_assert_cmpfloat (tl_painter_get_content_height (painter), <=, g.plot_height);

  /* The first 40 ms: the workers are not in it. */
  draw_range (painter, 0, 40 * MS, 1024, 768);
  layout = tl_painter_get_layout (painter);
  last = tl_layout_get_row (layout, tl_layout_get_n_rows (layout) - 1);
  g_assert_cmpint (last->kind, ==, TL_ROW_FOLDED);
  g_assert_cmpuint (last->n_folded, ==, 2);
  tl_layout_get_folded (layout, last, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (tl_layout_lookup_lane (layout, lane_of (model, TL_LANE_THREAD, WORKER_1, WORKER_1)),
                    ==, tl_layout_get_n_rows (layout) - 1);
  g_assert_true (drew (painter, "2 other processes"));
}

/* Twenty workers of one program do not fit at 1024x768: siblings that
 * show none of the lesson fold into one row, named for them, and each
 * worker's lanes map to it; the desk view keeps a row for each. */
static void
test_fold_siblings (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const TlLayout *layout;
  const TlRow *row = NULL;
  guint32 worker_lane = TL_INDEX_NONE;
  guint n;

  for (guint32 pid = 10; pid < 31; pid++)
    {
      g_autofree char *name = pid == 10 ? g_strdup ("MainProcess") : g_strdup_printf ("Worker-%u", pid - 10);
      TlModelEvent events[] = {
        tl_test_event ((pid - 10) * MS, pid, pid, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, pid, pid == 10 ? 0 : 10),
        tl_test_name_event ((pid - 10) * MS, pid, pid, TL_ROLE_PROCESS, pid, name),
        tl_test_event (90 * MS, pid, pid, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, pid, 0),
      };
      guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, pid, pid);
      TlSpan span = { (pid - 10) * MS, 80 * MS, 0, 0, TL_INDEX_NONE, TL_SPAN_RUNNING, 0, 0 };

      tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
      tl_trace_model_add_span (model, lane, &span);
      if (pid == 20)
        worker_lane = lane;
    }
  tl_trace_model_finish (model, TL_TS_NONE);

  draw_range (painter, 0, 100 * MS, 1024, 768);
  layout = tl_painter_get_layout (painter);
  g_assert_cmpuint (tl_layout_get_n_rows (layout), ==, 2 * 21);

  tl_painter_set_presentation (painter, 768);
  tl_painter_set_record_texts (painter, TRUE);
  draw_range (painter, 0, 100 * MS, 1024, 768);
  layout = tl_painter_get_layout (painter);
  for (guint r = 0; r < tl_layout_get_n_rows (layout); r++)
    if (tl_layout_get_row (layout, r)->grouped)
      row = tl_layout_get_row (layout, r);
  g_assert_nonnull (row);
  g_assert_cmpuint (row->n_folded, ==, 20);
  tl_layout_get_folded (layout, row, &n);
  g_assert_cmpuint (n, ==, 20);
  g_assert_true (tl_layout_get_row (layout, tl_layout_lookup_lane (layout, worker_lane)) == row);
  g_assert_cmpfloat (tl_layout_get_height (layout), <=, 768);
  g_assert_true (drew (painter, "20 × Worker"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/lesson/no-machinery", test_no_machinery);
  g_test_add_func ("/render/lesson/single-thread-gil", test_single_thread_gil);
  g_test_add_func ("/render/lesson/creation-order", test_creation_order);
  g_test_add_func ("/render/lesson/shorten-names", test_shorten_names);
  g_test_add_func ("/render/lesson/presentation-text", test_presentation_text);
  g_test_add_func ("/render/lesson/legend-visible", test_legend_visible);
  g_test_add_func ("/render/lesson/values-at-marks", test_values_at_marks);
  g_test_add_func ("/render/lesson/exception-at-mark", test_exception_at_mark);
  g_test_add_func ("/render/lesson/counter-values", test_counter_values);
  g_test_add_func ("/render/lesson/fit-screen", test_fit_screen);
  g_test_add_func ("/render/lesson/fold-siblings", test_fold_siblings);

  return g_test_run ();
}
