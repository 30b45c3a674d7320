/* tltrace-scenario.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tltrace-scenario.h"

#define US (G_GINT64_CONSTANT (1000))

enum
{
  MAIN_PID = 4100,
  MAIN_TID = 4100,
  WORKER_1 = 4101,
  WORKER_2 = 4102,
  STRAGGLER = 4103,
  CHILD_PID = 4200,
  CRASHER_PID = 4300,

  GIL = 1,
  LOCK = 7,
  COUNTER_VALUE = 9,
  QUEUE = 5,
  CONDITION = 8,
  ERROR_ID = 21,
};

static void
add (GArray      *events,
     gint64       ts,
     guint32      pid,
     guint32      tid,
     TlEventKind  kind,
     TlObjectRole role,
     guint64      object,
     guint64      arg,
     guint8       flags)
{
  TlModelEvent e = { 0 };

  e.ts = ts;
  e.pid = pid;
  e.tid = tid;
  e.kind = kind;
  e.role = role;
  e.object = object;
  e.arg = arg;
  e.flags = flags;
  g_array_append_val (events, e);
}

static void
name (GArray       *events,
      gint64        ts,
      guint32       pid,
      guint32       tid,
      TlObjectRole  role,
      guint64       object,
      const char   *text)
{
  TlModelEvent e = { 0 };

  e.ts = ts;
  e.pid = pid;
  e.tid = tid;
  e.kind = TL_EVENT_NAME;
  e.role = role;
  e.object = object;
  e.text = text;
  e.text_len = (guint32) strlen (text);
  e.aux = e.text_len;
  g_array_append_val (events, e);
}

static guint64
double_bits (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return bits;
}

GArray *
tltrace_scenario_events (void)
{
  GArray *ev = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  const guint32 P = MAIN_PID;

  /* Start-up: names travel before the events that use them. */
  name (ev, 0, P, MAIN_TID, TL_ROLE_PROCESS, P, "main");
  name (ev, 0, P, MAIN_TID, TL_ROLE_THREAD, MAIN_TID, "MainThread");
  add (ev, 0, P, MAIN_TID, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, P, 1, 0);
  add (ev, 0, P, MAIN_TID, TL_EVENT_THREAD_START, TL_ROLE_THREAD, MAIN_TID, 0, 0);
  name (ev, 1 * US, P, MAIN_TID, TL_ROLE_GIL, GIL, "GIL");
  name (ev, 1 * US, P, MAIN_TID, TL_ROLE_MUTEX, LOCK, "counter_lock");
  name (ev, 1 * US, P, MAIN_TID, TL_ROLE_VALUE, COUNTER_VALUE, "counter");
  name (ev, 1 * US, P, MAIN_TID, TL_ROLE_QUEUE, QUEUE, "results");
  name (ev, 1 * US, P, MAIN_TID, TL_ROLE_CONDITION, CONDITION, "ready");
  name (ev, 2 * US, P, MAIN_TID, TL_ROLE_TEXT, 1001, "hello from main\n");
  add (ev, 2 * US, P, MAIN_TID, TL_EVENT_PRINT, TL_ROLE_TEXT, 1001, 0, 0);
  add (ev, 3 * US, P, MAIN_TID, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, GIL, 0, 0);
  add (ev, 3 * US, P, MAIN_TID, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, GIL, 0, 0);

  /* Two workers. */
  add (ev, 5 * US, P, WORKER_1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, WORKER_1, MAIN_TID, 0);
  name (ev, 5 * US, P, WORKER_1, TL_ROLE_THREAD, WORKER_1, "worker-1");
  add (ev, 6 * US, P, WORKER_2, TL_EVENT_THREAD_START, TL_ROLE_THREAD, WORKER_2, MAIN_TID, 0);
  name (ev, 6 * US, P, WORKER_2, TL_ROLE_THREAD, WORKER_2, "worker-2");
  add (ev, 7 * US, P, WORKER_1, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, GIL, 0, 0);
  add (ev, 8 * US, P, WORKER_2, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, GIL, 0, 0);
  add (ev, 10 * US, P, MAIN_TID, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, GIL, 0, 0);
  add (ev, 10 * US, P, WORKER_1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, GIL, 0, 0);

  /* The main thread waits on a condition that worker 1 signals. */
  add (ev, 11 * US, P, MAIN_TID, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, CONDITION, 0, 0);

  /* Worker 1: a task that takes the lock and increments the counter. */
  add (ev, 12 * US, P, WORKER_1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 31, 3, 0);
  add (ev, 13 * US, P, WORKER_1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK, 0, 0);
  add (ev, 13 * US, P, WORKER_1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK, 0, 0);
  add (ev, 14 * US, P, WORKER_1, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER_VALUE, 41, 0);
  add (ev, 15 * US, P, WORKER_1, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER_VALUE, 42, 0);
  add (ev, 16 * US, P, WORKER_1, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, GIL, 0, 0);
  add (ev, 16 * US, P, WORKER_2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, GIL, 0, 0);
  add (ev, 17 * US, P, WORKER_2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK, 0, 0);
  add (ev, 18 * US, P, WORKER_1, TL_EVENT_WAKE, TL_ROLE_CONDITION, CONDITION, 1, 0);
  add (ev, 19 * US, P, MAIN_TID, TL_EVENT_WAIT_END, TL_ROLE_CONDITION, CONDITION, 0, 0);
  add (ev, 20 * US, P, WORKER_1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK, 0, 0);
  add (ev, 20 * US, P, WORKER_2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK, 0, 0);
  add (ev, 21 * US, P, WORKER_1, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, 1, 0);
  add (ev, 22 * US, P, WORKER_1, TL_EVENT_TASK_END, TL_ROLE_TASK, 31, 9, 0);
  add (ev, 23 * US, P, WORKER_2, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER_VALUE, 42, 0);
  add (ev, 24 * US, P, WORKER_2, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER_VALUE, 43, 0);
  add (ev, 25 * US, P, WORKER_2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK, 0, 0);

  /* A receive that the collector delivers before its send. */
  add (ev, 26 * US, P, MAIN_TID, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, QUEUE, 1, 0);
  add (ev, 27 * US, P, MAIN_TID, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, QUEUE, 2, 0);
  add (ev, 28 * US, P, WORKER_2, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, 2, 0);

  /* Worker 2: a task that fails, an error raised and reported. */
  add (ev, 29 * US, P, WORKER_2, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 32, 4, 0);
  name (ev, 30 * US, P, WORKER_2, TL_ROLE_TEXT, 1002, "ValueError: negative input");
  add (ev, 30 * US, P, WORKER_2, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, ERROR_ID, 1002, 0);
  add (ev, 31 * US, P, WORKER_2, TL_EVENT_TASK_END, TL_ROLE_TASK, 32, 0, TL_FLAG_FAILED);
  add (ev, 32 * US, P, MAIN_TID, TL_EVENT_ERROR_REPORTED, TL_ROLE_ERROR, ERROR_ID, 0, 0);

  /* Sleeping, I/O, slices, counters and marks. */
  add (ev, 33 * US, P, WORKER_1, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 5000, 0);
  add (ev, 34 * US, P, WORKER_2, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 3, 0, 0);
  name (ev, 35 * US, P, MAIN_TID, TL_ROLE_TEXT, 1003, "compute");
  add (ev, 35 * US, P, MAIN_TID, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 1003, 0, 0);
  name (ev, 36 * US, P, MAIN_TID, TL_ROLE_TEXT, 1004, "inner step");
  add (ev, 36 * US, P, MAIN_TID, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 1004, 7, 0);
  name (ev, 37 * US, P, MAIN_TID, TL_ROLE_TEXT, 1005, "queue depth");
  add (ev, 37 * US, P, MAIN_TID, TL_EVENT_COUNTER, TL_ROLE_TEXT, 1005, double_bits (1.0), 0);
  add (ev, 38 * US, P, MAIN_TID, TL_EVENT_COUNTER, TL_ROLE_TEXT, 1005, double_bits (2.5), 0);
  add (ev, 39 * US, P, MAIN_TID, TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0);
  add (ev, 39 * US, P, WORKER_1, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0, 0);
  add (ev, 40 * US, P, WORKER_2, TL_EVENT_IO_END, TL_ROLE_NONE, 3, 512, 0);
  name (ev, 41 * US, P, MAIN_TID, TL_ROLE_TEXT, 1006, "phase 2 — ünïcode");
  add (ev, 41 * US, P, MAIN_TID, TL_EVENT_MARK, TL_ROLE_TEXT, 1006, 42, 0);
  add (ev, 42 * US, P, MAIN_TID, TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0);
  add (ev, 43 * US, P, MAIN_TID, TL_EVENT_COUNTER, TL_ROLE_TEXT, 1005, double_bits (0.0), 0);

  /* A child process that exits with status 3, one that crashes. */
  add (ev, 44 * US, P, MAIN_TID, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, CHILD_PID, P, 0);
  name (ev, 45 * US, CHILD_PID, CHILD_PID, TL_ROLE_PROCESS, CHILD_PID, "child");
  add (ev, 45 * US, CHILD_PID, CHILD_PID, TL_EVENT_THREAD_START, TL_ROLE_THREAD, CHILD_PID, 0, 0);
  add (ev, 46 * US, CHILD_PID, CHILD_PID, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER_VALUE, 100, 0);
  add (ev, 47 * US, P, MAIN_TID, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, CRASHER_PID, P, 0);
  add (ev, 48 * US, CRASHER_PID, CRASHER_PID, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 33, 0, 0);
  add (ev, 49 * US, CHILD_PID, CHILD_PID, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, CHILD_PID, 3, 0);
  add (ev, 50 * US, P, MAIN_TID, TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, CHILD_PID, 0, 0);
  add (ev, 51 * US, P, MAIN_TID, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, CHILD_PID, 3, 0);
  add (ev, 51 * US, P, MAIN_TID, TL_EVENT_WAIT_END, TL_ROLE_PROCESS, CHILD_PID, 3, 0);
  add (ev, 52 * US, P, MAIN_TID, TL_EVENT_CRASH, TL_ROLE_PROCESS, CRASHER_PID, 11, 0);

  /* A straggler that still holds the lock when the trace ends, and odd
   * input: a release by a thread that does not hold the lock. */
  add (ev, 53 * US, P, STRAGGLER, TL_EVENT_THREAD_START, TL_ROLE_THREAD, STRAGGLER, MAIN_TID, 0);
  add (ev, 54 * US, P, STRAGGLER, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK, 0, 0);
  add (ev, 55 * US, P, WORKER_1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK, 0, 0);

  add (ev, 60 * US, P, WORKER_1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, WORKER_1, 0, 0);
  add (ev, 61 * US, P, WORKER_2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, WORKER_2, 0, 0);
  add (ev, 70 * US, P, MAIN_TID, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, P, 0, 0);
  return ev;
}

TlTraceModel *
tltrace_scenario_live_model (GArray *events)
{
  TlTraceModel *model = tl_trace_model_new ();

  /* One by one, as the collector's callback does. */
  for (guint i = 0; i < events->len; i++)
    tl_trace_model_add_event (model, &g_array_index (events, TlModelEvent, i));
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

void
tltrace_scenario_write (GArray     *events,
                        const char *path,
                        guint       flush_every)
{
  g_autoptr(GError) error = NULL;
  TlTltraceWriter *writer = tl_tltrace_writer_new (path, &error);

  g_assert_no_error (error);
  tl_tltrace_writer_set_metadata (writer, "scenario", "golden-mix");
  tl_tltrace_writer_set_metadata (writer, "scenario.workers", "2");
  for (guint i = 0; i < events->len; i++)
    {
      tl_tltrace_writer_add_event (writer, &g_array_index (events, TlModelEvent, i), &error);
      g_assert_no_error (error);
      if (flush_every > 0 && (i + 1) % flush_every == 0)
        {
          tl_tltrace_writer_flush (writer, &error);
          g_assert_no_error (error);
        }
      if (i == events->len / 2)
        tl_tltrace_writer_add_loss (writer, 3, 1, 0);
    }
  tl_tltrace_writer_close (writer, &error);
  g_assert_no_error (error);
  tl_tltrace_writer_free (writer);
}

TlTraceModel *
tltrace_scenario_items_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  guint32 t1, t2, async_lane, counter, render;
  TlSpan span = { 0 };
  TlInstant instant = { 0 };
  TlFlow flow = { 0 };

  tl_trace_model_set_process_name (model, 7, tl_trace_model_intern (model, "Browser", -1));
  tl_trace_model_set_process_sort_index (model, 7, -1);
  tl_trace_model_set_process_name (model, 9, tl_trace_model_intern (model, "Renderer", -1));

  t1 = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 7, 1);
  tl_trace_model_set_lane_name (model, t1, tl_trace_model_intern (model, "CrBrowserMain", -1));
  t2 = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 7, 2);
  tl_trace_model_set_lane_name (model, t2, tl_trace_model_intern (model, "IOThread", -1));
  tl_trace_model_set_lane_sort_index (model, t2, 5);
  render = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 9, 1);

  /* Nested slices, added out of order as an importer meets them. */
  span.kind = TL_SPAN_SLICE;
  span.start = 2000;
  span.end = 3000;
  span.ref = tl_trace_model_intern (model, "inner", -1);
  tl_trace_model_add_span (model, t1, &span);
  span.start = 1000;
  span.end = 9000;
  span.ref = tl_trace_model_intern (model, "MessageLoop::Run", -1);
  span.arg = 17;
  tl_trace_model_add_span (model, t1, &span);
  span.start = 4000;
  span.end = 4000;
  span.ref = tl_trace_model_intern (model, "zero-length", -1);
  span.arg = 0;
  tl_trace_model_add_span (model, t1, &span);
  span.start = 1500;
  span.end = 2500;
  span.ref = tl_trace_model_intern (model, "ReadFile", -1);
  span.flags = TL_SPAN_FLAG_UNCLOSED;
  tl_trace_model_add_span (model, t2, &span);
  span.start = 500;
  span.end = 8000;
  span.ref = tl_trace_model_intern (model, "Paint", -1);
  span.flags = 0;
  tl_trace_model_add_span (model, render, &span);

  /* Async spans on their own lane, keyed by name. */
  async_lane = tl_trace_model_ensure_lane (model, TL_LANE_ASYNC, 7,
                                           tl_trace_model_intern (model, "net request", -1));
  tl_trace_model_set_lane_name (model, async_lane, tl_trace_model_intern (model, "net request", -1));
  span.kind = TL_SPAN_ASYNC;
  span.start = 1200;
  span.end = 7000;
  span.ref = tl_trace_model_intern (model, "GET /index.html", -1);
  tl_trace_model_add_span (model, async_lane, &span);
  span.start = 1300;
  span.end = 5000;
  span.ref = tl_trace_model_intern (model, "GET /style.css", -1);
  tl_trace_model_add_span (model, async_lane, &span);

  /* Counters. */
  counter = tl_trace_model_ensure_lane (model, TL_LANE_COUNTER, 7,
                                        tl_trace_model_intern (model, "heap MB", -1));
  tl_trace_model_set_lane_name (model, counter, tl_trace_model_intern (model, "heap MB", -1));
  tl_trace_model_add_counter_sample (model, counter, 3000, 12.5);
  tl_trace_model_add_counter_sample (model, counter, 1000, 10.0);
  tl_trace_model_add_counter_sample (model, counter, 6000, 1e-3);

  /* Instants: a mark with a text, an instant about an object. */
  instant.ts = 2200;
  instant.kind = TL_EVENT_MARK;
  instant.role = TL_ROLE_TEXT;
  instant.ref = tl_trace_model_intern (model, "first paint", -1);
  instant.arg = 5;
  tl_trace_model_add_instant (model, render, &instant);
  instant.ts = 2100;
  instant.kind = TL_EVENT_WRITE;
  instant.role = TL_ROLE_VALUE;
  instant.ref = tl_trace_model_ensure_object (model, TL_ROLE_VALUE, 77);
  tl_trace_model_set_object_name (model, instant.ref, tl_trace_model_intern (model, "x", -1));
  instant.arg = 99;
  tl_trace_model_add_instant (model, t1, &instant);

  /* Flows between threads of two processes. */
  flow.kind = TL_FLOW_GENERIC;
  flow.from_ts = 2000;
  flow.to_ts = 2600;
  flow.from_lane = t1;
  flow.to_lane = render;
  flow.id = 0x1234;
  flow.ref = TL_INDEX_NONE;
  tl_trace_model_add_flow (model, &flow);
  flow.from_ts = 1600;
  flow.to_ts = 2400;
  flow.from_lane = t2;
  flow.to_lane = t1;
  flow.id = 7;
  tl_trace_model_add_flow (model, &flow);

  tl_trace_model_set_metadata (model, "source", "chrome-json");
  tl_trace_model_set_metadata (model, "displayTimeUnit", "ns");
  tl_trace_model_add_loss (model, 1, 0, 2);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}
