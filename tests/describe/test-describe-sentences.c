/* test-describe-sentences.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the describer says about a small hand-built trace, word for word:
 * names, every kind of sentence, the crash (its signal, never its pid),
 * the deadlock and the lost update, and the narrator's captions, which
 * say the same.
 *
 * The trace, times in ms:
 *   MainProcess (pid 10): MainThread (10), worker 1 (11), worker 2 (12),
 *     an unnamed thread (13), the GIL (99), locks lock_a (1) and lock_b (2),
 *     a queue "results" (3), a value "counter" (5).
 *   worker 1 takes lock_a at 1, worker 2 lock_b at 2; worker 1 waits for
 *     lock_b from 3, worker 2 for lock_a from 4: a deadlock.
 *   worker 1 and worker 2 both read counter = 0 (5, 6), write 1 (7, 8):
 *     worker 1's update is lost.
 *   worker 1 sends message 7 on results at 9; MainThread receives it at 10.
 *   Process-1 (pid 20) prints at 11; MainThread sees it crash with
 *     signal 11 at 12 (and its exit, signaled).
 *   Process-2 (pid 30) ends with status 3 at 13, seen by MainThread.
 *   The unnamed thread holds the GIL from 14 to 16.
 *   The trace is finished at 20.
 */
#include "config.h"

#include "tl-describe.h"
#include "tl-narrator.h"
#include "tl-scenario.h"
#include "tl-test-util.h"

#define MS TL_TEST_MS

static TlTraceModel *
build_model (void)
{
  const TlModelEvent events[] = {
    tl_test_name_event (0, 10, 10, TL_ROLE_PROCESS, 10, "MainProcess"),
    tl_test_name_event (0, 10, 10, TL_ROLE_THREAD, 10, "MainThread"),
    tl_test_name_event (0, 10, 11, TL_ROLE_THREAD, 11, "worker 1"),
    tl_test_name_event (0, 10, 12, TL_ROLE_THREAD, 12, "worker 2"),
    tl_test_name_event (0, 10, 10, TL_ROLE_MUTEX, 1, "lock_a"),
    tl_test_name_event (0, 10, 10, TL_ROLE_MUTEX, 2, "lock_b"),
    tl_test_name_event (0, 10, 10, TL_ROLE_QUEUE, 3, "results"),
    tl_test_name_event (0, 10, 10, TL_ROLE_VALUE, 5, "counter"),
    tl_test_name_event (0, 20, 20, TL_ROLE_PROCESS, 20, "Process-1"),
    tl_test_name_event (0, 20, 20, TL_ROLE_TEXT, 1, "child up"),
    tl_test_name_event (0, 30, 30, TL_ROLE_PROCESS, 30, "Process-2"),

    tl_test_event (1 * MS, 10, 11, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 1, 0),
    tl_test_event (1 * MS, 10, 11, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 1, 0),
    tl_test_event (2 * MS, 10, 12, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 2, 0),
    tl_test_event (2 * MS, 10, 12, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 2, 0),
    tl_test_event (3 * MS, 10, 11, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 2, 0),
    tl_test_event (4 * MS, 10, 12, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 1, 0),

    tl_test_event (5 * MS, 10, 11, TL_EVENT_READ, TL_ROLE_VALUE, 5, 0),
    tl_test_event (6 * MS, 10, 12, TL_EVENT_READ, TL_ROLE_VALUE, 5, 0),
    tl_test_event (7 * MS, 10, 11, TL_EVENT_WRITE, TL_ROLE_VALUE, 5, 1),
    tl_test_event (8 * MS, 10, 12, TL_EVENT_WRITE, TL_ROLE_VALUE, 5, 1),

    tl_test_event (9 * MS, 10, 11, TL_EVENT_SEND, TL_ROLE_QUEUE, 3, 7),
    tl_test_event (10 * MS, 10, 10, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 3, 7),

    tl_test_event (11 * MS, 20, 20, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
    tl_test_event (12 * MS, 10, 10, TL_EVENT_CRASH, TL_ROLE_PROCESS, 20, 11),
    tl_test_flagged (tl_test_event (12 * MS, 10, 10, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 20, 11),
                     TL_FLAG_SIGNALED),
    tl_test_event (13 * MS, 10, 10, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 30, 3),

    tl_test_event (14 * MS, 10, 13, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 99, 0),
    tl_test_event (14 * MS, 10, 13, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 99, 0),
    tl_test_event (16 * MS, 10, 13, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 99, 0),
  };
  TlTraceModel *model = tl_trace_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tl_trace_model_add_event (model, &events[i]);
  tl_trace_model_finish (model, 20 * MS);
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

static guint32
process_of (TlTraceModel *model,
            guint32       pid)
{
  guint32 process = tl_trace_model_lookup_process (model, pid);

  g_assert_cmpuint (process, !=, TL_INDEX_NONE);
  return process;
}

static guint32
object_of (TlTraceModel *model,
           TlObjectRole  role,
           guint64       id)
{
  guint32 object = tl_trace_model_lookup_object (model, role, id);

  g_assert_cmpuint (object, !=, TL_INDEX_NONE);
  return object;
}

/* The first instant of @kind on @lane. */
static const TlInstant *
instant_of (TlTraceModel *model,
            guint32       lane,
            TlEventKind   kind,
            guint64       flags)
{
  guint n;
  const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (model, lane), &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].kind == kind && (instants[i].flags & flags) == flags)
      return &instants[i];
  g_assert_not_reached ();
}

/* The first span of @kind on @lane, any track. */
static const TlSpan *
span_of (TlTraceModel *model,
         guint32       lane,
         TlSpanKind    kind)
{
  TlLane *l = tl_trace_model_get_lane (model, lane);

  for (guint t = 0; t < tl_lane_get_n_tracks (l); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (l, t, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].kind == kind)
          return &spans[i];
    }
  g_assert_not_reached ();
}

static void
assert_text (char       *text,
             const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_names (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  g_autoptr(GString) out = g_string_new (NULL);
  guint32 main_thread = lane_of (model, TL_LANE_THREAD, 10, 10);
  guint32 unnamed = lane_of (model, TL_LANE_THREAD, 10, 13);

  /* A main thread is its process; others by their names. */
  assert_text (tl_describe_lane (model, main_thread), "MainProcess");
  assert_text (tl_describe_lane (model, lane_of (model, TL_LANE_THREAD, 10, 11)), "worker 1");
  assert_text (tl_describe_lane (model, unnamed), "Thread 13");
  assert_text (tl_describe_lane (model, lane_of (model, TL_LANE_LOCK, 10, 1)), "lock_a");
  assert_text (tl_describe_lane (model, lane_of (model, TL_LANE_GIL, 10, 99)), "GIL of MainProcess");
  assert_text (tl_describe_lane (model, G_MAXUINT32 - 1), "an unknown lane");

  /* Under its process, a lane goes by its own name. */
  tl_describe_append_lane_in_process (model, main_thread, out);
  g_assert_cmpstr (out->str, ==, "MainThread");
  g_string_truncate (out, 0);
  tl_describe_append_lane_in_process (model, unnamed, out);
  g_assert_cmpstr (out->str, ==, "Thread 13");

  assert_text (tl_describe_object (model, object_of (model, TL_ROLE_QUEUE, 3)), "results");
  assert_text (tl_describe_object (model, object_of (model, TL_ROLE_GIL, 99)), "the GIL");
  assert_text (tl_describe_process_name (model, process_of (model, 20)), "Process-1");
  assert_text (tl_describe_process (model, process_of (model, 10)), "MainProcess (pid 10)");
  assert_text (tl_format_time (model, 12 * MS), "12.0 ms");
}

/* How a process ended: its status, or the signal that killed it (never
 * its pid taken for a signal). */
static void
test_crash (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  guint32 main_thread = lane_of (model, TL_LANE_THREAD, 10, 10);

  assert_text (tl_describe_process_end (model, process_of (model, 20)), "killed by signal 11 (SIGSEGV)");
  assert_text (tl_describe_process_end (model, process_of (model, 30)), "exit status 3");
  g_assert_null (tl_describe_process_end (model, process_of (model, 10)));
  assert_text (tl_describe_process_line (model, process_of (model, 20)),
               "Process-1 (pid 20) · killed by signal 11 (SIGSEGV)");
  assert_text (tl_describe_process_line (model, process_of (model, 10)), "MainProcess (pid 10)");

  assert_text (tl_describe_instant (model, main_thread, instant_of (model, main_thread, TL_EVENT_CRASH, 0)),
               "Process-1 crashes: signal 11 (SIGSEGV)");
  assert_text (tl_describe_instant (model, main_thread,
                                    instant_of (model, main_thread, TL_EVENT_PROCESS_EXIT, TL_FLAG_SIGNALED)),
               "Process-1 is killed by signal 11 (SIGSEGV)");
  assert_text (tl_describe_instant_line (model, main_thread,
                                         instant_of (model, main_thread, TL_EVENT_CRASH, 0), 0),
               "Process-1 crashes: signal 11 (SIGSEGV) · at 12.0 ms");
}

/* A process the run's end took with it (its watchdog, a cancel) is told
 * as stopped, not as killed: a deadlock's end is not a crash. */
static void
test_stopped (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent events[] = {
    tl_test_name_event (0, 10, 10, TL_ROLE_PROCESS, 10, "MainProcess"),
    tl_test_event (MS, 10, 10, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0),
    tl_test_flagged (tl_test_event (4000 * MS, 5, 5, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 10, 9),
                     TL_FLAG_SIGNALED | TL_FLAG_STOPPED),
  };
  guint32 runner;

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  runner = lane_of (model, TL_LANE_THREAD, 5, 5);
  assert_text (tl_describe_process_end (model, process_of (model, 10)), "stopped when the run ended");
  assert_text (tl_describe_instant (model, runner, instant_of (model, runner, TL_EVENT_PROCESS_EXIT,
                                                               TL_FLAG_SIGNALED | TL_FLAG_STOPPED)),
               "MainProcess is stopped: the run is over");
}

/* A result says its number as a person writes it: a float's repr has all
 * its digits, which say nothing to a class. */
static void
test_results (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  const char *texts[] = {
    "threads (s) = 0.002047629", "threads (ms) = 1793.681", "speed = 1.77217653440936",
    "pool.map = [1, 4, 9, 16, 25]", "count = 800", "name = 'worker 1.5'",
  };
  const char *said[] = {
    "threads (s) = 0.00205", "threads (ms) = 1794", "speed = 1.77",
    "pool.map = [1, 4, 9, 16, 25]", "count = 800", "name = 'worker 1.5'",
  };
  guint32 lane;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      TlModelEvent name = tl_test_name_event (i * MS, 10, 10, TL_ROLE_TEXT, 100 + i, texts[i]);
      TlModelEvent mark = tl_test_event (i * MS, 10, 10, TL_EVENT_MARK, TL_ROLE_NONE, 100 + i,
                                         TL_SCENARIO_MARK_RESULT);

      tl_trace_model_add_event (model, &name);
      tl_trace_model_add_event (model, &mark);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  lane = lane_of (model, TL_LANE_THREAD, 10, 10);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      guint n;
      const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (model, lane), &n);

      g_assert_cmpuint (n, ==, G_N_ELEMENTS (texts));
      assert_text (tl_describe_instant (model, lane, &instants[i]), said[i]);
    }
}

static void
test_instants (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  guint32 main_thread = lane_of (model, TL_LANE_THREAD, 10, 10);
  guint32 worker1 = lane_of (model, TL_LANE_THREAD, 10, 11);
  guint32 child = lane_of (model, TL_LANE_THREAD, 20, 20);
  const TlInstant *exit = NULL;
  guint n;
  const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (model, main_thread), &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].kind == TL_EVENT_PROCESS_EXIT && instants[i].arg == 30)
      exit = &instants[i];
  g_assert_nonnull (exit);
  assert_text (tl_describe_instant (model, main_thread, exit), "MainProcess sees Process-2 exit with status 3");
  assert_text (tl_describe_instant (model, child, instant_of (model, child, TL_EVENT_PRINT, 0)),
               "Process-1 prints “child up”");
  assert_text (tl_describe_instant (model, worker1, instant_of (model, worker1, TL_EVENT_READ, 0)),
               "worker 1 reads 0 from counter");
  /* A write whose update was lost says so, in one sentence. */
  assert_text (tl_describe_instant (model, worker1, instant_of (model, worker1, TL_EVENT_WRITE, 0)),
               "worker 2 read 0 at 6.0 ms; worker 1 wrote 1 at 7.0 ms; worker 2 wrote 1 at 8.0 ms, "
               "erasing worker 1's increment");
  assert_text (tl_describe_instant (model, worker1, instant_of (model, worker1, TL_EVENT_SEND, 0)),
               "worker 1 sends a message on results");
  assert_text (tl_describe_instant (model, main_thread, instant_of (model, main_thread, TL_EVENT_RECEIVE, 0)),
               "MainProcess receives a message from results");
}

static void
test_spans (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  guint32 worker1 = lane_of (model, TL_LANE_THREAD, 10, 11);
  guint32 worker2 = lane_of (model, TL_LANE_THREAD, 10, 12);
  guint32 unnamed = lane_of (model, TL_LANE_THREAD, 10, 13);
  guint32 lock_a = lane_of (model, TL_LANE_LOCK, 10, 1);
  guint32 gil = lane_of (model, TL_LANE_GIL, 10, 99);
  const TlSpan *wait = span_of (model, worker2, TL_SPAN_WAIT_LOCK);
  const char *notes[TL_DESCRIBE_MAX_NOTES];
  g_autoptr(GString) label = g_string_new (NULL);

  /* Who holds what it waits for, as the wait begins. */
  assert_text (tl_describe_span (model, worker2, wait, TL_TS_NONE),
               "worker 2 waits for lock_a, held by worker 1");
  assert_text (tl_describe_span (model, worker1, span_of (model, worker1, TL_SPAN_HOLD_LOCK), TL_TS_NONE),
               "worker 1 holds lock_a");
  assert_text (tl_describe_span (model, worker1, span_of (model, worker1, TL_SPAN_RUNNING), TL_TS_NONE),
               "worker 1 runs");
  assert_text (tl_describe_span (model, unnamed, span_of (model, unnamed, TL_SPAN_HOLD_GIL), TL_TS_NONE),
               "Thread 13 holds the GIL");
  /* On the lock's lane and the GIL's, the owner holds it. */
  assert_text (tl_describe_span (model, lock_a, span_of (model, lock_a, TL_SPAN_OWNER), TL_TS_NONE),
               "worker 1 holds lock_a");
  assert_text (tl_describe_span (model, gil, span_of (model, gil, TL_SPAN_OWNER), TL_TS_NONE),
               "Thread 13 holds the GIL");

  /* The deadlock's waits never ended: the trace did. */
  g_assert_cmpuint (tl_describe_span_notes (wait, notes), ==, 1);
  g_assert_cmpstr (notes[0], ==, "still open when the trace ended");
  assert_text (tl_describe_span_line (model, worker2, wait, wait->end, FALSE, 0),
               "worker 2 waits for lock_a, held by worker 1 · 16.0 ms, from 4.0 ms"
               " · still open when the trace ended");
  assert_text (tl_describe_span_line (model, worker2, wait, 6 * MS, TRUE, 0),
               "worker 2 waits for lock_a, held by worker 1 · 2.0 ms so far, from 4.0 ms"
               " · still open when the trace ended");

  tl_describe_append_span_label (model, span_of (model, lock_a, TL_SPAN_OWNER), label);
  g_assert_cmpstr (label->str, ==, "worker 1");
  g_string_truncate (label, 0);
  tl_describe_append_span_label (model, wait, label);
  g_assert_cmpstr (label->str, ==, "lock_a");
  g_string_truncate (label, 0);
  tl_describe_append_span_label (model, span_of (model, worker1, TL_SPAN_RUNNING), label);
  g_assert_cmpstr (label->str, ==, "");
}

static void
test_flows (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  const TlFlow *flows;
  const TlFlow *message = NULL;
  guint n;

  flows = tl_trace_model_get_flows (model, &n);
  for (guint i = 0; i < n; i++)
    if (flows[i].kind == TL_FLOW_MESSAGE)
      message = &flows[i];
  g_assert_nonnull (message);
  assert_text (tl_describe_flow (model, message), "worker 1 sends a message to MainProcess through results");
  assert_text (tl_describe_flow_line (model, message, 0),
               "worker 1 sends a message to MainProcess through results · 1.0 ms, from 9.0 ms");
  assert_text (tl_describe_merged_spans_line (40, 3 * MS, 4200 * TL_TEST_US, "Running",
                                              "Waiting for a lock", 0),
               "40 spans in 1.2 ms, mostly Running, often Waiting for a lock · from 3.0 ms");
  assert_text (tl_describe_merged_spans_line (1, 3 * MS, 4 * MS, "Running", NULL, 0),
               "1 span in 1.0 ms, mostly Running · from 3.0 ms");
  assert_text (tl_describe_merged_instants_line (12, 3 * MS, 0), "12 events · from 3.0 ms");
}

static void
test_findings (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  g_autoptr(GArray) cycles = tl_analysis_find_deadlocks (model);
  guint32 counter = object_of (model, TL_ROLE_VALUE, 5);
  TlLostUpdateSummary summary;
  g_autoptr(GArray) lost = tl_analysis_lost_updates (model, counter, &summary);

  g_assert_cmpuint (cycles->len, ==, 1);
  /* Told from the first-made thread, whichever wait closed the cycle. */
  assert_text (tl_describe_deadlock (model, &g_array_index (cycles, TlDeadlock, 0)),
               "Deadlock: worker 1 waits for lock_b, held by worker 2; "
               "worker 2 waits for lock_a, held by worker 1");

  g_assert_cmpuint (lost->len, ==, 1);
  assert_text (tl_describe_lost_update (model, counter, &g_array_index (lost, TlLostUpdate, 0)),
               "worker 2 read 0 at 6.0 ms; worker 1 wrote 1 at 7.0 ms; worker 2 wrote 1 at 8.0 ms, "
               "erasing worker 1's increment");
  assert_text (tl_describe_lost_updates_summary (model, counter, &summary),
               "counter ends at 1 instead of 2: 1 update lost");
}

static gboolean
has_caption (GPtrArray     *captions,
             TlCaptionKind  kind,
             const char    *text)
{
  for (guint i = 0; i < captions->len; i++)
    {
      const TlCaption *caption = g_ptr_array_index (captions, i);

      if (caption->kind == kind && g_str_equal (caption->text, text))
        return TRUE;
    }
  return FALSE;
}

/* The narrator says what the describer says. */
static void
test_narrator (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  g_autoptr(GPtrArray) now = tl_narrator_describe_at (model, 5 * MS);
  g_autoptr(GPtrArray) recent = tl_narrator_recent (model, 19 * MS, 20);

  for (guint i = 0; i < now->len; i++)
    g_test_message ("now: %s", ((TlCaption *) g_ptr_array_index (now, i))->text);
  for (guint i = 0; i < recent->len; i++)
    g_test_message ("recent: %s", ((TlCaption *) g_ptr_array_index (recent, i))->text);

  g_assert_true (has_caption (now, TL_CAPTION_STATE, "worker 1 waits for lock_b, held by worker 2"));
  g_assert_true (has_caption (now, TL_CAPTION_STATE, "worker 2 waits for lock_a, held by worker 1"));
  g_assert_true (has_caption (now, TL_CAPTION_DEADLOCK,
                              "Deadlock: worker 1 waits for lock_b, held by worker 2; "
                              "worker 2 waits for lock_a, held by worker 1"));

  g_assert_true (has_caption (recent, TL_CAPTION_ERROR, "Process-1 crashes: signal 11 (SIGSEGV)"));
  g_assert_true (has_caption (recent, TL_CAPTION_OUTPUT, "Process-1 prints “child up”"));
  g_assert_true (has_caption (recent, TL_CAPTION_EVENT, "MainProcess sees Process-2 exit with status 3"));
  g_assert_true (has_caption (recent, TL_CAPTION_EVENT, "worker 1 sends a message on results"));
  /* The crash tells the signaled exit. */
  g_assert_false (has_caption (recent, TL_CAPTION_EVENT, "Process-1 is killed by signal 11 (SIGSEGV)"));
}

/* A step's caption says exactly the event it landed on. */
static void
test_steps (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  g_autoptr(TlLessonSteps) steps = tl_lesson_steps_new (model, NULL);
  guint32 w1 = lane_of (model, TL_LANE_THREAD, 10, 11);
  guint32 w2 = lane_of (model, TL_LANE_THREAD, 10, 12);
  struct { gint64 ts; guint32 lane; const char *text; } expected[] = {
    { 1 * MS, w1, "worker 1 takes lock_a" },
    { 2 * MS, w2, "worker 2 takes lock_b" },
    { 3 * MS, w1, "worker 1 waits for lock_b, held by worker 2" },
    { 4 * MS, w2, "worker 2 waits for lock_a, held by worker 1" },
    { 5 * MS, w1, "worker 1 reads 0 from counter" },
    { 8 * MS, w2, "worker 2 writes 1 to counter" },
    { 9 * MS, w1, "worker 1 sends a message on results" },
  };
  guint found = 0;

  for (guint i = 0; i < tl_lesson_steps_get_n_steps (steps); i++)
    {
      const TlStep *step = tl_lesson_steps_get_step (steps, i);
      g_autofree char *text = tl_describe_step (model, step);

      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (step->ts == expected[j].ts && step->item.lane == expected[j].lane)
          {
            g_assert_cmpstr (text, ==, expected[j].text);
            found++;
          }
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (expected));

  /* The end of a hold: the lock released; the GIL is let go of. */
  {
    guint32 unnamed = lane_of (model, TL_LANE_THREAD, 10, 13);
    TlStep end = { 16 * MS, { unnamed, TL_ITEM_SPAN, 1, 0 }, TL_STEP_END, TL_INDEX_NONE };
    TlStep begin = end;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    begin.edge = TL_STEP_BEGIN;
    begin.ts = 14 * MS;
    a = tl_describe_step (model, &end);
    b = tl_describe_step (model, &begin);
    g_assert_cmpstr (a, ==, "Thread 13 lets go of the GIL");
    g_assert_cmpstr (b, ==, "Thread 13 takes the GIL");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/describe/sentences/names", test_names);
  g_test_add_func ("/describe/sentences/crash", test_crash);
  g_test_add_func ("/describe/sentences/stopped", test_stopped);
  g_test_add_func ("/describe/sentences/results", test_results);
  g_test_add_func ("/describe/sentences/instants", test_instants);
  g_test_add_func ("/describe/sentences/spans", test_spans);
  g_test_add_func ("/describe/sentences/flows", test_flows);
  g_test_add_func ("/describe/sentences/findings", test_findings);
  g_test_add_func ("/describe/sentences/narrator", test_narrator);
  g_test_add_func ("/describe/sentences/steps", test_steps);

  return g_test_run ();
}
