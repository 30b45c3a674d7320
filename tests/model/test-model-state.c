/* test-model-state.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * State lanes on hand-built event sequences, where every sample is known:
 * a value from its writes, a semaphore's permits in use and waiters, an
 * RLock's depth, an Event set and cleared, a Barrier's arrivals, a
 * Condition's waiters, a queue's length; only where they say something;
 * beside their lock lanes, named by the describer; the same fed live in
 * batches as in one go, and the same after a .tltrace (recording and
 * saved model) and a Chrome JSON round trip.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "tl-describe.h"
#include "tl-format.h"
#include "tl-test-util.h"
#include "tl-tltrace.h"
#include "tl-trace-model-state.h"
#include "tl-trace-model.h"

#define MS TL_TEST_MS

enum
{
  PID = 1,
  CHILD = 2,
  MAIN = 1,          /* the main thread's tid */
  COUNTER = 9,
  ONCE = 10,
  ITEMS = 11,
  SEM = 20,
  MUTEX = 21,
  NARROW_SEM = 22,
  RLOCK = 30,
  SHALLOW_RLOCK = 31,
  READY = 40,
  RESULT = 41,
  FLAG = 42,
  BARRIER = 50,
  COND = 60,
  QUEUE = 70,
  PIPE = 71,
  MANAGER = 72,
};

/* ---- building events ---------------------------------------------------- */

static void
add (GArray       *events,
     gint64        ms,
     guint32       tid,
     TlEventKind   kind,
     TlObjectRole  role,
     guint64       object,
     guint64       arg)
{
  TlModelEvent e = tl_test_event (ms * MS, tid > 100 ? CHILD : PID, tid, kind, role, object, arg);

  g_array_append_val (events, e);
}

/* An acquire or a release with its recursion depth. */
static void
add_lock (GArray      *events,
          gint64       ms,
          guint32      tid,
          TlEventKind  kind,
          TlObjectRole role,
          guint64      object,
          guint32      depth)
{
  TlModelEvent e = tl_test_event (ms * MS, PID, tid, kind, role, object, 0);

  e.aux = depth;
  g_array_append_val (events, e);
}

static void
add_flagged (GArray       *events,
             gint64        ms,
             guint32       tid,
             TlEventKind   kind,
             guint64       object,
             guint64       arg)
{
  TlModelEvent e = tl_test_flagged (tl_test_event (ms * MS, PID, tid, kind, TL_ROLE_VALUE, object, arg),
                                    TL_FLAG_ITEM);

  g_array_append_val (events, e);
}

static void
add_name (GArray       *events,
          TlObjectRole  role,
          guint64       object,
          const char   *text)
{
  TlModelEvent e = tl_test_name_event (0, PID, MAIN, role, object, text);

  g_array_append_val (events, e);
}

static TlTraceModel *
model_of (GArray *events)
{
  TlTraceModel *model = tl_trace_model_new ();

  tl_trace_model_add_events (model, (const TlModelEvent *) (gpointer) events->data, events->len);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

/* ---- reading the lanes -------------------------------------------------- */

static guint32
state_lane (TlTraceModel *model,
            TlStateKind   kind,
            TlObjectRole  role,
            guint64       id)
{
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlStateKind k;
      guint32 object;

      if (tl_trace_model_get_state_lane (model, l, &k, &object) && k == kind &&
          object != TL_INDEX_NONE && tl_trace_model_get_object (model, object)->role == role &&
          tl_trace_model_get_object (model, object)->id == id)
        return l;
    }
  return TL_INDEX_NONE;
}

/* A state lane's samples as "ms:value ms:value", "-" when it has no lane. */
static char *
samples_of (TlTraceModel *model,
            TlStateKind   kind,
            TlObjectRole  role,
            guint64       id)
{
  guint32 lane = state_lane (model, kind, role, id);
  GString *out = g_string_new (NULL);
  const TlCounterSample *samples;
  guint n;

  if (lane == TL_INDEX_NONE)
    return g_string_free (g_string_append (out, "-"), FALSE);
  samples = tl_lane_get_samples (tl_trace_model_get_lane (model, lane), &n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT ":%g", i > 0 ? " " : "",
                            samples[i].ts / MS, samples[i].value);
  return g_string_free (out, FALSE);
}

static void
assert_samples (TlTraceModel *model,
                TlStateKind   kind,
                TlObjectRole  role,
                guint64       id,
                const char   *expected)
{
  g_autofree char *actual = samples_of (model, kind, role, id);

  g_assert_cmpstr (actual, ==, expected);
}

static void
assert_name (TlTraceModel *model,
             TlStateKind   kind,
             TlObjectRole  role,
             guint64       id,
             const char   *expected)
{
  guint32 lane = state_lane (model, kind, role, id);
  g_autofree char *name = NULL;

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  name = tl_describe_lane (model, lane);
  g_assert_cmpstr (name, ==, expected);
}

/* How many state lanes the model has. */
static guint
n_state_lanes (TlTraceModel *model)
{
  guint n = 0;

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    if (tl_trace_model_get_state_lane (model, l, NULL, NULL))
      n++;
  return n;
}

/* A process's lanes in view order, as the describer lists them. */
static char *
lane_order (TlTraceModel *model,
            guint32       pid)
{
  GString *out = g_string_new (NULL);
  guint n;
  const guint32 *order = tl_trace_model_get_lane_order (model, tl_trace_model_lookup_process (model, pid),
                                                        &n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = tl_describe_lane (model, order[i]);

      g_string_append_printf (out, "%s%s", i > 0 ? " | " : "", name);
    }
  return g_string_free (out, FALSE);
}

/* ---- the sequences --------------------------------------------------------- */

/* Thread 2 and 3 race on counter += 1 (3's increment is lost), then 2
 * adds one more; a value written once; a list's appends and pops. */
static void
value_events (GArray *e)
{
  add_name (e, TL_ROLE_VALUE, COUNTER, "counter");
  add_name (e, TL_ROLE_VALUE, ONCE, "once");
  add_name (e, TL_ROLE_VALUE, ITEMS, "items");
  add (e, 1, 2, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 0);
  add (e, 2, 3, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 0);
  add (e, 3, 2, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1);
  add (e, 4, 3, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1);
  add (e, 5, 2, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 1);
  add (e, 6, 2, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 2);
  add (e, 7, 3, TL_EVENT_READ, TL_ROLE_VALUE, ONCE, 5);
  add (e, 8, 3, TL_EVENT_WRITE, TL_ROLE_VALUE, ONCE, 6);
  add_flagged (e, 9, 2, TL_EVENT_WRITE, ITEMS, 42);
  add_flagged (e, 10, 2, TL_EVENT_WRITE, ITEMS, 7);
  add_flagged (e, 11, 3, TL_EVENT_READ, ITEMS, 42);
  add_flagged (e, 12, 2, TL_EVENT_WRITE, ITEMS, 8);
}

/* Semaphore(2) over threads 2, 3, 4: 4 waits until 2 leaves.  A Lock
 * with a waiter; a semaphore that never had two in. */
static void
semaphore_events (GArray *e)
{
  add_name (e, TL_ROLE_SEMAPHORE, SEM, "sem");
  add_name (e, TL_ROLE_MUTEX, MUTEX, "L");
  add_name (e, TL_ROLE_SEMAPHORE, NARROW_SEM, "narrow");
  add_lock (e, 1, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, SEM, 1);
  add_lock (e, 2, 3, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, SEM, 1);
  add_lock (e, 3, 4, TL_EVENT_LOCK_WAIT, TL_ROLE_SEMAPHORE, SEM, 0);
  add_lock (e, 4, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_SEMAPHORE, SEM, 0);
  add_lock (e, 5, 4, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, SEM, 1);
  add_lock (e, 6, 3, TL_EVENT_LOCK_RELEASE, TL_ROLE_SEMAPHORE, SEM, 0);
  add_lock (e, 7, 4, TL_EVENT_LOCK_RELEASE, TL_ROLE_SEMAPHORE, SEM, 0);

  add_lock (e, 8, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, MUTEX, 1);
  add_lock (e, 9, 3, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, MUTEX, 0);
  add_lock (e, 10, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, MUTEX, 0);
  add_lock (e, 10, 3, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, MUTEX, 1);
  add_lock (e, 11, 3, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, MUTEX, 0);

  add_lock (e, 12, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, NARROW_SEM, 1);
  add_lock (e, 13, 3, TL_EVENT_LOCK_WAIT, TL_ROLE_SEMAPHORE, NARROW_SEM, 0);
  add_lock (e, 14, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_SEMAPHORE, NARROW_SEM, 0);
  add_lock (e, 14, 3, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, NARROW_SEM, 1);
  add_lock (e, 15, 3, TL_EVENT_LOCK_RELEASE, TL_ROLE_SEMAPHORE, NARROW_SEM, 0);
}

/* Thread 2 takes the RLock twice while 3 waits for it; an RLock taken
 * once at a time. */
static void
rlock_events (GArray *e)
{
  add_name (e, TL_ROLE_RLOCK, RLOCK, "rlock");
  add_name (e, TL_ROLE_RLOCK, SHALLOW_RLOCK, "shallow");
  add_lock (e, 1, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_RLOCK, RLOCK, 1);
  add_lock (e, 2, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_RLOCK, RLOCK, 2);
  add_lock (e, 3, 3, TL_EVENT_LOCK_WAIT, TL_ROLE_RLOCK, RLOCK, 0);
  add_lock (e, 4, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_RLOCK, RLOCK, 1);
  add_lock (e, 5, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_RLOCK, RLOCK, 0);
  add_lock (e, 6, 3, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_RLOCK, RLOCK, 1);
  add_lock (e, 7, 3, TL_EVENT_LOCK_RELEASE, TL_ROLE_RLOCK, RLOCK, 0);
  add_lock (e, 8, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_RLOCK, SHALLOW_RLOCK, 1);
  add_lock (e, 9, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_RLOCK, SHALLOW_RLOCK, 0);
}

/* Three wait for "ready", set then cleared by the main thread; a pool's
 * result (an event of one waiter, set once); a flag set and cleared with
 * nobody waiting. */
static void
event_events (GArray *e)
{
  add_name (e, TL_ROLE_EVENT, READY, "ready");
  add_name (e, TL_ROLE_EVENT, RESULT, "map(square)");
  add_name (e, TL_ROLE_EVENT, FLAG, "flag");
  add (e, 1, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, READY, 0);
  add (e, 2, 3, TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, READY, 0);
  add (e, 3, 4, TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, READY, 0);
  add (e, 5, MAIN, TL_EVENT_WAKE, TL_ROLE_EVENT, READY, 3);
  add (e, 6, 2, TL_EVENT_WAIT_END, TL_ROLE_EVENT, READY, 1);
  add (e, 6, 3, TL_EVENT_WAIT_END, TL_ROLE_EVENT, READY, 1);
  add (e, 7, 4, TL_EVENT_WAIT_END, TL_ROLE_EVENT, READY, 1);
  add (e, 8, MAIN, TL_EVENT_WRITE, TL_ROLE_EVENT, READY, 0);

  add (e, 9, MAIN, TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, RESULT, 0);
  add (e, 10, 2, TL_EVENT_WAKE, TL_ROLE_EVENT, RESULT, 1);
  add (e, 11, MAIN, TL_EVENT_WAIT_END, TL_ROLE_EVENT, RESULT, 0);

  add (e, 12, 3, TL_EVENT_WAKE, TL_ROLE_EVENT, FLAG, 0);
  add (e, 13, 3, TL_EVENT_WRITE, TL_ROLE_EVENT, FLAG, 0);
}

/* Barrier(3), twice: 2 and 3 wait, 4 arrives last and opens it. */
static void
barrier_events (GArray *e)
{
  add_name (e, TL_ROLE_BARRIER, BARRIER, "barrier");
  for (gint64 round = 0; round < 2; round++)
    {
      gint64 t = round * 10;

      add (e, t + 1, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_BARRIER, BARRIER, 0);
      add (e, t + 2, 3, TL_EVENT_WAIT_BEGIN, TL_ROLE_BARRIER, BARRIER, 0);
      add (e, t + 3, 4, TL_EVENT_WAKE, TL_ROLE_BARRIER, BARRIER, 3);
      add (e, t + 4, 2, TL_EVENT_WAIT_END, TL_ROLE_BARRIER, BARRIER, 2);
      add (e, t + 5, 3, TL_EVENT_WAIT_END, TL_ROLE_BARRIER, BARRIER, 1);
    }
}

static void
condition_events (GArray *e)
{
  add_name (e, TL_ROLE_CONDITION, COND, "cond");
  add (e, 1, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, COND, 0);
  add (e, 2, 3, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, COND, 0);
  add (e, 3, 4, TL_EVENT_WAKE, TL_ROLE_CONDITION, COND, 2);
  add (e, 4, 2, TL_EVENT_WAIT_END, TL_ROLE_CONDITION, COND, 0);
  add (e, 5, 3, TL_EVENT_WAIT_END, TL_ROLE_CONDITION, COND, 0);
}

/* Three messages put before any is got; a pipe that never holds two; a
 * Manager's round trips. */
static void
queue_events (GArray *e)
{
  add_name (e, TL_ROLE_QUEUE, QUEUE, "q");
  add_name (e, TL_ROLE_PIPE, PIPE, "pipe");
  add_name (e, TL_ROLE_MANAGER, MANAGER, "manager");
  for (guint64 i = 1; i <= 3; i++)
    add (e, (gint64) i, 2, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, i);
  for (guint64 i = 1; i <= 3; i++)
    add (e, (gint64) i + 3, 3, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, QUEUE, i);
  for (guint64 i = 1; i <= 2; i++)
    {
      add (e, 10 * (gint64) i, 2, TL_EVENT_SEND, TL_ROLE_PIPE, PIPE, 100 + i);
      add (e, 10 * (gint64) i + 1, 3, TL_EVENT_RECEIVE, TL_ROLE_PIPE, PIPE, 100 + i);
    }
  for (guint64 i = 1; i <= 3; i++)
    add (e, 30 + (gint64) i, 2, TL_EVENT_SEND, TL_ROLE_MANAGER, MANAGER, 200 + i);
}

/* Every sequence one after the other, each 100 ms after the last; all
 * the objects made (named) at the start. */
static GArray *
all_events (void)
{
  void (*parts[]) (GArray *) = {
    value_events, semaphore_events, rlock_events, event_events, barrier_events,
    condition_events, queue_events,
  };
  GArray *all = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  g_autoptr(GArray) uses = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      g_autoptr(GArray) part = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));

      parts[p] (part);
      for (guint i = 0; i < part->len; i++)
        {
          TlModelEvent e = g_array_index (part, TlModelEvent, i);

          if (e.kind == TL_EVENT_NAME)
            {
              g_array_append_val (all, e);
              continue;
            }
          e.ts += (gint64) p * 100 * MS;
          g_array_append_val (uses, e);
        }
    }
  g_array_append_vals (all, uses->data, uses->len);
  return all;
}

/* ---- the tests ------------------------------------------------------------- */

static TlTraceModel *
model_from (void (*part) (GArray *))
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));

  part (events);
  return model_of (events);
}

/* The value as it was written: the lost increment writes 1 again, which
 * changes nothing; the first read gives where it began. */
static void
test_value (void)
{
  g_autoptr(TlTraceModel) model = model_from (value_events);

  assert_samples (model, TL_STATE_VALUE, TL_ROLE_VALUE, COUNTER, "1:0 3:1 6:2");
  assert_name (model, TL_STATE_VALUE, TL_ROLE_VALUE, COUNTER, "counter");
  /* Written once: its marks say it all.  A list's items are not its value. */
  assert_samples (model, TL_STATE_VALUE, TL_ROLE_VALUE, ONCE, "-");
  assert_samples (model, TL_STATE_VALUE, TL_ROLE_VALUE, ITEMS, "-");
  g_assert_cmpuint (n_state_lanes (model), ==, 1);
}

static void
test_semaphore (void)
{
  g_autoptr(TlTraceModel) model = model_from (semaphore_events);
  g_autofree char *order = NULL;

  assert_samples (model, TL_STATE_IN_USE, TL_ROLE_SEMAPHORE, SEM, "0:0 1:1 2:2 4:1 5:2 6:1 7:0");
  assert_samples (model, TL_STATE_WAITING, TL_ROLE_SEMAPHORE, SEM, "0:0 3:1 5:0");
  assert_name (model, TL_STATE_IN_USE, TL_ROLE_SEMAPHORE, SEM, "sem: permits in use");
  assert_name (model, TL_STATE_WAITING, TL_ROLE_SEMAPHORE, SEM, "sem: waiting");
  /* A Lock's own lane shows who holds it; a semaphore that let one in at
   * a time is a lock. */
  g_assert_cmpuint (n_state_lanes (model), ==, 2);

  /* Beside the semaphore's lane, before the other locks. */
  order = lane_order (model, PID);
  g_assert_cmpstr (order, ==, "Process 1 | Thread 2 | Thread 3 | Thread 4 | sem | sem: permits in use | "
                              "sem: waiting | L | narrow");
}

static void
test_rlock (void)
{
  g_autoptr(TlTraceModel) model = model_from (rlock_events);

  assert_samples (model, TL_STATE_DEPTH, TL_ROLE_RLOCK, RLOCK, "0:0 1:1 2:2 4:1 5:0 6:1 7:0");
  assert_name (model, TL_STATE_DEPTH, TL_ROLE_RLOCK, RLOCK, "rlock: depth");
  assert_samples (model, TL_STATE_DEPTH, TL_ROLE_RLOCK, SHALLOW_RLOCK, "-");
}

static void
test_event (void)
{
  g_autoptr(TlTraceModel) model = model_from (event_events);

  assert_samples (model, TL_STATE_SET, TL_ROLE_EVENT, READY, "0:0 5:1 8:0");
  assert_name (model, TL_STATE_SET, TL_ROLE_EVENT, READY, "ready: set");
  /* One waiter released once: its wait and the arrow say it. */
  assert_samples (model, TL_STATE_SET, TL_ROLE_EVENT, RESULT, "-");
  assert_samples (model, TL_STATE_SET, TL_ROLE_EVENT, FLAG, "0:0 12:1 13:0");
}

/* Arrivals climb, and the last one opens it: 0 at once, whenever each
 * waiter gets to run again. */
static void
test_barrier (void)
{
  g_autoptr(TlTraceModel) model = model_from (barrier_events);

  assert_samples (model, TL_STATE_ARRIVED, TL_ROLE_BARRIER, BARRIER, "0:0 1:1 2:2 3:0 11:1 12:2 13:0");
  assert_name (model, TL_STATE_ARRIVED, TL_ROLE_BARRIER, BARRIER, "barrier: arrived");
}

static void
test_condition (void)
{
  g_autoptr(TlTraceModel) model = model_from (condition_events);

  assert_samples (model, TL_STATE_WAITING, TL_ROLE_CONDITION, COND, "0:0 1:1 2:2 4:1 5:0");
  assert_name (model, TL_STATE_WAITING, TL_ROLE_CONDITION, COND, "cond: waiting");
}

static void
test_queue (void)
{
  g_autoptr(TlTraceModel) model = model_from (queue_events);

  assert_samples (model, TL_STATE_QUEUED, TL_ROLE_QUEUE, QUEUE, "0:0 1:1 2:2 3:3 4:2 5:1 6:0");
  assert_name (model, TL_STATE_QUEUED, TL_ROLE_QUEUE, QUEUE, "q: items waiting");
  /* Each message got before the next is put; round trips to a Manager. */
  assert_samples (model, TL_STATE_QUEUED, TL_ROLE_PIPE, PIPE, "-");
  g_assert_cmpuint (n_state_lanes (model), ==, 1);
}

/* A receive that reaches the model before its send (two threads' events
 * a little out of order) never shows a length below 0, and the length
 * comes out right.  The queue has no name: its length is 0 from its
 * first use. */
static void
test_queue_out_of_order (void)
{
  g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  g_autoptr(TlTraceModel) model = NULL;

  add (e, 2, 3, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, QUEUE, 1);
  add (e, 1, 2, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, 1);
  add (e, 3, 2, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, 2);
  add (e, 4, 2, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, 3);
  add (e, 5, 3, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, QUEUE, 2);
  model = model_of (e);
  assert_samples (model, TL_STATE_QUEUED, TL_ROLE_QUEUE, QUEUE, "2:0 3:1 4:2 5:1");
}

/* Waiters still waiting when the trace ends were waiting: the lane keeps
 * its last value, as a saved live model does. */
static void
test_unclosed (void)
{
  g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  g_autoptr(TlTraceModel) model = NULL;

  add_name (e, TL_ROLE_CONDITION, COND, "cond");
  add (e, 1, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, COND, 0);
  add (e, 2, 3, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, COND, 0);
  add (e, 3, 4, TL_EVENT_PRINT, TL_ROLE_TEXT, 0, 0);
  model = model_of (e);
  assert_samples (model, TL_STATE_WAITING, TL_ROLE_CONDITION, COND, "0:0 1:1 2:2");
}

/* A waiter whose process is killed waits no more. */
static void
test_waiter_killed (void)
{
  g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  g_autoptr(TlTraceModel) model = NULL;

  add_name (e, TL_ROLE_CONDITION, COND, "cond");
  add (e, 1, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, COND, 0);
  add (e, 2, 101, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, COND, 0);
  add (e, 3, MAIN, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, CHILD, 9);
  add (e, 4, 2, TL_EVENT_WAIT_END, TL_ROLE_CONDITION, COND, 0);
  model = model_of (e);
  assert_samples (model, TL_STATE_WAITING, TL_ROLE_CONDITION, COND, "0:0 1:1 2:2 3:1 4:0");
}

/* A state lane belongs with its object: beside the lock lane of the
 * process that took it; else with the process that made the object, not
 * the one that wrote it. */
static void
test_placement (void)
{
  g_autoptr(GArray) e = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  g_autoptr(TlTraceModel) model = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *child = NULL;

  add_name (e, TL_ROLE_VALUE, COUNTER, "total");
  add_name (e, TL_ROLE_SEMAPHORE, SEM, "sem");
  add (e, 1, 101, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1);
  add (e, 2, 102, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 2);
  add (e, 3, 101, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 3);
  add (e, 4, 101, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, SEM, 0);
  add (e, 5, 102, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, SEM, 0);
  model = model_of (e);

  assert_samples (model, TL_STATE_VALUE, TL_ROLE_VALUE, COUNTER, "1:1 2:2 3:3");
  assert_samples (model, TL_STATE_IN_USE, TL_ROLE_SEMAPHORE, SEM, "0:0 4:1 5:2");
  parent = lane_order (model, PID);
  child = lane_order (model, CHILD);
  g_assert_cmpstr (parent, ==, "Process 1 | total");
  g_assert_cmpstr (child, ==, "Thread 101 | Thread 102 | sem | sem: permits in use");
}

static char *
dump_of_batches (const GArray *events,
                 guint         batch)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();

  for (guint i = 0; i < events->len; i += batch)
    {
      guint n;

      tl_trace_model_add_events (model, &g_array_index (events, TlModelEvent, i),
                                 MIN (batch, events->len - i));
      /* As a live view does between batches: lists the lanes. */
      for (guint p = 0; p < tl_trace_model_get_n_processes (model); p++)
        tl_trace_model_get_lane_order (model, p, &n);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  return tl_trace_model_dump (model);
}

/* Live, in batches of any size, as in one go. */
static void
test_live_equals_bulk (void)
{
  g_autoptr(GArray) events = all_events ();
  g_autofree char *bulk = dump_of_batches (events, events->len);
  const guint batches[] = { 1, 2, 5, 13 };

  g_assert_nonnull (strstr (bulk, "state:in-use:semaphore:20"));
  for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
    {
      g_autofree char *live = dump_of_batches (events, batches[b]);

      g_assert_cmpstr (live, ==, bulk);
    }
}

/* What every sequence gives, by kind: the lanes a file must bring back. */
static void
check_all (TlTraceModel *model)
{
  g_autofree char *order = lane_order (model, PID);

  assert_samples (model, TL_STATE_VALUE, TL_ROLE_VALUE, COUNTER, "1:0 3:1 6:2");
  assert_samples (model, TL_STATE_IN_USE, TL_ROLE_SEMAPHORE, SEM, "0:0 101:1 102:2 104:1 105:2 106:1 107:0");
  assert_samples (model, TL_STATE_WAITING, TL_ROLE_SEMAPHORE, SEM, "0:0 103:1 105:0");
  assert_samples (model, TL_STATE_DEPTH, TL_ROLE_RLOCK, RLOCK, "0:0 201:1 202:2 204:1 205:0 206:1 207:0");
  assert_samples (model, TL_STATE_SET, TL_ROLE_EVENT, READY, "0:0 305:1 308:0");
  assert_samples (model, TL_STATE_ARRIVED, TL_ROLE_BARRIER, BARRIER, "0:0 401:1 402:2 403:0 411:1 412:2 413:0");
  assert_samples (model, TL_STATE_WAITING, TL_ROLE_CONDITION, COND, "0:0 501:1 502:2 504:1 505:0");
  assert_samples (model, TL_STATE_QUEUED, TL_ROLE_QUEUE, QUEUE, "0:0 601:1 602:2 603:3 604:2 605:1 606:0");
  g_assert_cmpuint (n_state_lanes (model), ==, 9);
  /* Each semaphore's and RLock's state beside its lane, then the rest in
   * the order they began: the counts when their objects were made, the
   * value at its first read. */
  g_assert_cmpstr (order, ==, "Process 1 | Thread 2 | Thread 3 | Thread 4 | sem | sem: permits in use | "
                              "sem: waiting | L | narrow | rlock | rlock: depth | shallow | "
                              "ready: set | flag: set | barrier: arrived | cond: waiting | "
                              "q: items waiting | counter");
}

/* A recording replays into the same lanes; a saved model keeps them as
 * counters, and so does a Chrome JSON file: the same samples, still tied
 * to their objects, in the same places. */
static void
test_files (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-state");
  g_autoptr(GArray) events = all_events ();
  g_autoptr(TlTraceModel) model = model_of (events);
  g_autofree char *dump = tl_trace_model_dump (model);
  g_autofree char *recording = g_build_filename (dir, "recording.tltrace", NULL);
  g_autofree char *items = g_build_filename (dir, "items.tltrace", NULL);
  g_autofree char *json = g_build_filename (dir, "trace.json", NULL);
  const char *saved[] = { items, json };
  g_autoptr(GError) error = NULL;
  TlTltraceWriter *writer;

  check_all (model);

  writer = tl_tltrace_writer_new (recording, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_assert_true (tl_tltrace_writer_add_event (writer, &g_array_index (events, TlModelEvent, i), &error));
  g_assert_true (tl_tltrace_writer_close (writer, &error));
  g_assert_no_error (error);
  tl_tltrace_writer_free (writer);
  {
    g_autoptr(TlTraceModel) replayed = tl_trace_file_load (recording, NULL, NULL, NULL, &error);
    g_autofree char *replayed_dump = NULL;

    g_assert_no_error (error);
    replayed_dump = tl_trace_model_dump (replayed);
    g_assert_cmpstr (replayed_dump, ==, dump);
    check_all (replayed);
  }

  for (guint i = 0; i < G_N_ELEMENTS (saved); i++)
    {
      g_autoptr(TlTraceModel) loaded = NULL;
      g_autofree char *loaded_dump = NULL;

      g_assert_true (tl_trace_file_save (model, saved[i], NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      loaded = tl_trace_file_load (saved[i], NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      loaded_dump = tl_trace_model_dump (loaded);
      g_assert_cmpstr (loaded_dump, ==, dump);
      check_all (loaded);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/state/value", test_value);
  g_test_add_func ("/model/state/semaphore", test_semaphore);
  g_test_add_func ("/model/state/rlock", test_rlock);
  g_test_add_func ("/model/state/event", test_event);
  g_test_add_func ("/model/state/barrier", test_barrier);
  g_test_add_func ("/model/state/condition", test_condition);
  g_test_add_func ("/model/state/queue", test_queue);
  g_test_add_func ("/model/state/queue-out-of-order", test_queue_out_of_order);
  g_test_add_func ("/model/state/unclosed", test_unclosed);
  g_test_add_func ("/model/state/waiter-killed", test_waiter_killed);
  g_test_add_func ("/model/state/placement", test_placement);
  g_test_add_func ("/model/state/live-equals-bulk", test_live_equals_bulk);
  g_test_add_func ("/model/state/files", test_files);

  return g_test_run ();
}
