/* test-model-moments.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The moments a question names (tl-event-finder.h) and the program
 * lines threads record (tl-source-lines.h), on a small trace written by
 * hand: two threads race on counter (the second write loses the first's
 * update), then take L in turn, then one runs a task.
 */
#include "config.h"

#include <string.h>

#include "tl-event-finder.h"
#include "tl-source-lines.h"
#include "tl-test-util.h"
#include "tl-trace-model.h"

#define MS TL_TEST_MS

static TlModelEvent
ev (gint64       ts,
    guint32      tid,
    TlEventKind  kind,
    TlObjectRole role,
    guint64      object,
    guint64      arg)
{
  return tl_test_event (ts, 100, tid, kind, role, object, arg);
}

static TlTraceModel *
race_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  TlModelEvent events[] = {
    tl_test_name_event (0, 100, 1, TL_ROLE_THREAD, 1, "Thread-1"),
    tl_test_name_event (0, 100, 2, TL_ROLE_THREAD, 2, "Thread-2"),
    tl_test_name_event (0, 100, 1, TL_ROLE_VALUE, 9, "counter"),
    tl_test_name_event (0, 100, 1, TL_ROLE_MUTEX, 7, "L"),
    ev (1 * MS, 1, TL_EVENT_LINE, TL_ROLE_NONE, 12, 0),
    ev (1 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, 9, 0),
    ev (2 * MS, 2, TL_EVENT_LINE, TL_ROLE_NONE, 12, 0),
    ev (2 * MS, 2, TL_EVENT_READ, TL_ROLE_VALUE, 9, 0),
    ev (3 * MS, 1, TL_EVENT_LINE, TL_ROLE_NONE, 14, 0),
    ev (3 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, 9, 1),
    ev (4 * MS, 2, TL_EVENT_LINE, TL_ROLE_NONE, 14, 0),
    ev (4 * MS, 2, TL_EVENT_WRITE, TL_ROLE_VALUE, 9, 1),
    ev (5 * MS, 1, TL_EVENT_LINE, TL_ROLE_NONE, 12, 0),
    ev (5 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, 9, 1),
    ev (6 * MS, 1, TL_EVENT_LINE, TL_ROLE_NONE, 14, 0),
    ev (6 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, 9, 2),
    ev (10 * MS, 1, TL_EVENT_LINE, TL_ROLE_NONE, 20, 0),
    ev (10 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    ev (10 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    ev (12 * MS, 2, TL_EVENT_LINE, TL_ROLE_NONE, 20, 0),
    ev (12 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    ev (15 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    ev (15 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    ev (18 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    ev (20 * MS, 2, TL_EVENT_LINE, TL_ROLE_NONE, 0, 0),
    ev (20 * MS, 2, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 30, 5),
    ev (25 * MS, 2, TL_EVENT_TASK_END, TL_ROLE_TASK, 30, 25),
  };

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static guint32
thread_lane (TlTraceModel *model,
             guint32       tid)
{
  return tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 100, tid);
}

static void
test_find (void)
{
  g_autoptr(TlTraceModel) model = race_model ();
  guint32 one = thread_lane (model, 1), two = thread_lane (model, 2);
  const struct
  {
    TlEventQuery query;
    gint64       ts;
    guint32      lane;
    gboolean     has_value;
    gint64       value;
  } cases[] = {
    { { TL_EVENT_READ, "counter", 2, FALSE }, 2 * MS, two, TRUE, 0 },
    { { TL_EVENT_WRITE, "counter", 2, FALSE }, 4 * MS, two, TRUE, 1 },
    { { TL_EVENT_WRITE, "counter", 1, TRUE }, 4 * MS, two, TRUE, 1 },
    { { TL_EVENT_WRITE, "counter", 3, FALSE }, 6 * MS, one, TRUE, 2 },
    { { TL_EVENT_LOCK_ACQUIRE, "L", 2, FALSE }, 15 * MS, two, FALSE, 0 },
    { { TL_EVENT_LOCK_RELEASE, "L", 1, FALSE }, 15 * MS, one, FALSE, 0 },
    { { TL_EVENT_WAIT_BEGIN, "L", 1, FALSE }, 12 * MS, two, FALSE, 0 },
    { { TL_EVENT_TASK_BEGIN, NULL, 1, FALSE }, 20 * MS, two, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TlEventMatch match;

      g_test_message ("case %u", i);
      g_assert_true (tl_trace_model_find_event (model, &cases[i].query, &match));
      g_assert_cmpint (match.ts, ==, cases[i].ts);
      g_assert_cmpuint (match.lane, ==, cases[i].lane);
      g_assert_cmpint (match.has_value, ==, cases[i].has_value);
      if (match.has_value)
        g_assert_cmpint (match.value, ==, cases[i].value);
    }

  /* Not that many. */
  {
    TlEventQuery fourth = { TL_EVENT_WRITE, "counter", 4, FALSE };
    TlEventQuery second_lost = { TL_EVENT_WRITE, "counter", 2, TRUE };
    TlEventQuery other = { TL_EVENT_WRITE, "nothing", 1, FALSE };
    TlEventMatch match;

    g_assert_false (tl_trace_model_find_event (model, &fourth, &match));
    g_assert_false (tl_trace_model_find_event (model, &second_lost, &match));
    g_assert_false (tl_trace_model_find_event (model, &other, &match));
  }
}

static void
test_facts (void)
{
  g_autoptr(TlTraceModel) model = race_model ();
  guint32 one = thread_lane (model, 1), two = thread_lane (model, 2);
  TlEventQuery writes = { TL_EVENT_WRITE, "counter", 1, FALSE };
  g_autoptr(GArray) lanes = tl_trace_model_find_event_lanes (model, &writes);
  TlEventMatch lost;
  TlEventQuery query = { TL_EVENT_WRITE, "counter", 1, TRUE };
  gint64 value;

  g_assert_cmpuint (lanes->len, ==, 2);
  g_assert_cmpuint (g_array_index (lanes, guint32, 0), ==, one);
  g_assert_cmpuint (g_array_index (lanes, guint32, 1), ==, two);

  /* Before Thread-2's lost write: counter holds Thread-1's 1, and
   * Thread-2 last read 0. */
  g_assert_true (tl_trace_model_find_event (model, &query, &lost));
  g_assert_true (tl_trace_model_get_value_before (model, lost.object, lost.ts, &value));
  g_assert_cmpint (value, ==, 1);
  g_assert_true (tl_trace_model_get_last_read (model, two, lost.object, lost.ts, &value));
  g_assert_cmpint (value, ==, 0);
  g_assert_false (tl_trace_model_get_value_before (model, lost.object, 3 * MS, &value));
}

static void
test_lines (void)
{
  g_autoptr(TlTraceModel) model = race_model ();
  guint32 one = thread_lane (model, 1), two = thread_lane (model, 2);
  TlEventQuery query = { TL_EVENT_WRITE, "counter", 2, FALSE };
  TlEventMatch match;
  g_autofree char *dump = NULL;
  guint n;

  g_assert_true (tl_trace_model_has_lines (model));
  g_assert_cmpuint (tl_trace_model_get_line_at (model, one, 0), ==, 0);
  g_assert_cmpuint (tl_trace_model_get_line_at (model, one, 1 * MS), ==, 12);
  g_assert_cmpuint (tl_trace_model_get_line_at (model, one, 4 * MS), ==, 14);
  g_assert_cmpuint (tl_trace_model_get_line_at (model, two, 19 * MS), ==, 20);
  /* In the pool's machinery: no line. */
  g_assert_cmpuint (tl_trace_model_get_line_at (model, two, 22 * MS), ==, 0);
  tl_trace_model_get_line_marks (model, one, &n);
  g_assert_cmpuint (n, ==, 5);

  g_assert_true (tl_trace_model_find_event (model, &query, &match));
  g_assert_cmpuint (tl_trace_model_get_item_line (model, &match.item), ==, 14);

  /* Marks added out of order, as a saved model's may come, are sorted. */
  tl_trace_model_add_line_mark (model, one, 2 * MS, 13);
  g_assert_cmpuint (tl_trace_model_get_line_at (model, one, 2 * MS), ==, 13);
  g_assert_cmpuint (tl_trace_model_get_line_at (model, one, 3 * MS), ==, 14);
  dump = tl_trace_model_dump (model);
  g_assert_nonnull (strstr (dump, "  line 00000000000002000000 13"));
}

/* A live trace: what has begun and not ended is found too (a lock held,
 * a wait that a deadlock makes last for ever). */
static void
test_open (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent events[] = {
    tl_test_name_event (0, 100, 1, TL_ROLE_MUTEX, 7, "lock_b"),
    ev (1 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    ev (1 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    ev (2 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    ev (3 * MS, 2, TL_EVENT_PRINT, TL_ROLE_TEXT, 0, 0),
  };
  TlEventQuery wait = { TL_EVENT_WAIT_BEGIN, "lock_b", 1, FALSE };
  TlEventQuery held = { TL_EVENT_LOCK_ACQUIRE, "lock_b", 1, FALSE };
  TlEventQuery released = { TL_EVENT_LOCK_RELEASE, "lock_b", 1, FALSE };
  TlEventMatch match;

  tl_trace_model_add_events (model, events, G_N_ELEMENTS (events));
  g_assert_true (tl_trace_model_find_event (model, &wait, &match));
  g_assert_cmpint (match.ts, ==, 2 * MS);
  g_assert_cmpuint (match.lane, ==, thread_lane (model, 2));
  g_assert_true (tl_trace_model_find_event (model, &held, &match));
  g_assert_cmpint (match.ts, ==, 1 * MS);
  g_assert_false (tl_trace_model_find_event (model, &released, &match));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/moments/find", test_find);
  g_test_add_func ("/model/moments/facts", test_facts);
  g_test_add_func ("/model/moments/open", test_open);
  g_test_add_func ("/model/lines", test_lines);
  return g_test_run ();
}
