/* test-analysis.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analyses on models built by hand, event by event, where every figure
 * is known: lost updates, wait-for cycles, utilisation, lock contention,
 * concurrency bounds; and the model's findings, kept up to date as it
 * grows while looking only at what is new.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "tl-analysis-concurrency.h"
#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-analysis-utilisation.h"
#include "tl-findings-private.h"
#include "tl-test-util.h"
#include "tl-trace-model.h"

#define MS  TL_TEST_MS
#define PID 100
#define COUNTER 9
#define LOCK_A  7
#define LOCK_B  8

static TlModelEvent
ev (gint64       ts,
    guint32      tid,
    TlEventKind  kind,
    TlObjectRole role,
    guint64      object,
    guint64      arg)
{
  return tl_test_event (ts, PID, tid, kind, role, object, arg);
}

static void
add (TlTraceModel       *model,
     const TlModelEvent *events,
     gsize               n)
{
  tl_trace_model_add_events (model, events, n);
}

/* As the collector delivers them: by time, in their order at one time. */
static void
add_in_time_order (TlTraceModel       *model,
                   const TlModelEvent *events,
                   gsize               n)
{
  g_autofree gsize *order = g_new (gsize, n);

  for (gsize i = 0; i < n; i++)
    order[i] = i;
  for (gsize i = 1; i < n; i++)
    for (gsize j = i; j > 0 && events[order[j]].ts < events[order[j - 1]].ts; j--)
      {
        gsize t = order[j];

        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  for (gsize i = 0; i < n; i++)
    add (model, &events[order[i]], 1);
}

static guint32
thread_lane (TlTraceModel *model,
             guint32       tid)
{
  return tl_trace_model_lookup_lane (model, TL_LANE_THREAD, PID, tid);
}

/* ---- lost updates ------------------------------------------------------ */

/* counter += 1 by two threads, unlocked: both read 0, both write 1 (one
 * increment lost); then thread 1 reads 1 and writes 2. */
static const TlModelEvent *
race_events (gsize *n)
{
  static TlModelEvent events[8];

  events[0] = tl_test_name_event (0, PID, 1, TL_ROLE_VALUE, COUNTER, "counter");
  events[1] = ev (10 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 0);
  events[2] = ev (11 * MS, 2, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 0);
  events[3] = ev (12 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1);
  events[4] = ev (13 * MS, 2, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1);
  events[5] = ev (20 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 1);
  events[6] = ev (21 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 2);
  events[7] = ev (30 * MS, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0);
  *n = G_N_ELEMENTS (events);
  return events;
}

static void
test_lost_update_race (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GArray) lost = NULL;
  TlLostUpdateSummary summary;
  const TlLostUpdate *u;
  guint32 counter;
  gsize n;
  const TlModelEvent *events = race_events (&n);

  add (model, events, n);
  tl_trace_model_finish (model, TL_TS_NONE);
  counter = tl_analysis_find_value (model, "counter");
  g_assert_cmpuint (counter, !=, TL_INDEX_NONE);

  lost = tl_analysis_lost_updates (model, counter, &summary);
  g_assert_cmpuint (summary.n_reads, ==, 3);
  g_assert_cmpuint (summary.n_writes, ==, 3);
  g_assert_cmpint (summary.initial, ==, 0);
  g_assert_cmpint (summary.final, ==, 2);
  g_assert_cmpint (summary.expected, ==, 3);
  /* The missing increments are exactly the lost updates. */
  g_assert_cmpuint (summary.n_lost, ==, 1);
  g_assert_cmpint (summary.expected - summary.final, ==, summary.n_lost);
  g_assert_cmpint (summary.lost_total, ==, 1);

  /* Thread 1's first write was lost: thread 2 wrote 1 over it, from the
   * 0 it had read before. */
  g_assert_cmpuint (lost->len, ==, 1);
  u = &g_array_index (lost, TlLostUpdate, 0);
  g_assert_cmpuint (u->lane, ==, thread_lane (model, 1));
  g_assert_cmpint (u->ts, ==, 12 * MS);
  g_assert_cmpint (u->value, ==, 1);
  g_assert_cmpint (u->delta, ==, 1);
  g_assert_cmpuint (u->by_lane, ==, thread_lane (model, 2));
  g_assert_cmpint (u->by_ts, ==, 13 * MS);
  g_assert_cmpint (u->by_value, ==, 1);
  g_assert_cmpint (u->by_read_ts, ==, 11 * MS);
  g_assert_cmpint (u->by_read_value, ==, 0);
}

/* Under a lock every increment builds on the last: nothing lost. */
static void
test_lost_update_locked (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GArray) lost = NULL;
  TlLostUpdateSummary summary;
  gint64 t = 0;

  for (guint i = 0; i < 20; i++)
    {
      guint32 tid = 1 + i % 3;
      TlModelEvent events[] = {
        ev (t + 1 * MS, tid, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, i),
        ev (t + 2 * MS, tid, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, i + 1),
      };

      add (model, events, G_N_ELEMENTS (events));
      t += 3 * MS;
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  lost = tl_analysis_lost_updates (model, tl_trace_model_lookup_object (model, TL_ROLE_VALUE, COUNTER),
                                   &summary);
  g_assert_cmpuint (lost->len, ==, 0);
  g_assert_cmpint (summary.final, ==, 20);
  g_assert_cmpint (summary.expected, ==, 20);
}

/* A list one thread appends to (writes with no read: it sets, it does not
 * update) and another pops from: nothing is lost. */
static void
test_lost_update_assignments (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GArray) lost = NULL;
  TlLostUpdateSummary summary;
  guint n;

  for (guint i = 0; i < 10; i++)
    {
      TlModelEvent events[] = {
        ev ((gint64) (i * 10 + 1) * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 40 + i),
        ev ((gint64) (i * 10 + 5) * MS, 2, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 40 + i),
      };

      add (model, events, G_N_ELEMENTS (events));
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  lost = tl_analysis_lost_updates (model, tl_trace_model_lookup_object (model, TL_ROLE_VALUE, COUNTER),
                                   &summary);
  g_assert_cmpuint (summary.n_writes, ==, 10);
  g_assert_cmpuint (lost->len, ==, 0);
  tl_trace_model_get_findings (model, &n);
  g_assert_cmpuint (n, ==, 0);
}

typedef struct
{
  TlModelEvent *events;
  guint         n;
} Events;

/* @n_threads threads each do read / write counter += 1 @repeats times,
 * with random pauses: a race whose interleaving comes from @seed. */
static Events
random_race (guint32 seed,
             guint   n_threads,
             guint   repeats)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *all = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  gint64 *clock = g_new0 (gint64, n_threads);
  gint64 *held = g_new0 (gint64, n_threads);
  gint64 value = 0, last_ts = -1;
  guint *done = g_new0 (guint, n_threads);
  gboolean *has_read = g_new0 (gboolean, n_threads);
  Events out;

  /* Step the thread that is earliest, so that events come in time order
   * and each read sees the value as it is then. */
  for (;;)
    {
      gint best = -1;

      for (guint t = 0; t < n_threads; t++)
        if (done[t] < repeats && (best < 0 || clock[t] < clock[best]))
          best = (gint) t;
      if (best < 0)
        break;
      /* No two accesses at one time: which came first would be a guess. */
      clock[best] = MAX (clock[best], last_ts + 1);
      last_ts = clock[best];
      if (!has_read[best])
        {
          TlModelEvent e = ev (clock[best], 1 + best, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, value);

          held[best] = value;
          has_read[best] = TRUE;
          g_array_append_val (all, e);
        }
      else
        {
          TlModelEvent e = ev (clock[best], 1 + best, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER,
                               held[best] + 1);

          value = held[best] + 1;
          has_read[best] = FALSE;
          done[best]++;
          g_array_append_val (all, e);
        }
      clock[best] += g_rand_int_range (rand, 1, 50) * TL_TEST_US;
    }
  g_free (clock);
  g_free (held);
  g_free (done);
  g_free (has_read);
  out.n = all->len;
  out.events = (TlModelEvent *) (gpointer) g_array_free (all, FALSE);
  return out;
}

/* A lane by its thread: two models of one trace fed in different orders
 * may number their lanes differently (a value's state lane comes when
 * the value has changed twice). */
static guint64
lane_tid (TlTraceModel *model,
          guint32       lane)
{
  return lane != TL_INDEX_NONE ? tl_lane_get_key (tl_trace_model_get_lane (model, lane)) : G_MAXUINT64;
}

static void
assert_same_lost (TlTraceModel *ma,
                  GArray       *a,
                  TlTraceModel *mb,
                  GArray       *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const TlLostUpdate *x = &g_array_index (a, TlLostUpdate, i);
      const TlLostUpdate *y = &g_array_index (b, TlLostUpdate, i);

      g_assert_cmpuint (lane_tid (ma, x->lane), ==, lane_tid (mb, y->lane));
      g_assert_cmpint (x->ts, ==, y->ts);
      g_assert_cmpint (x->value, ==, y->value);
      g_assert_cmpint (x->delta, ==, y->delta);
      g_assert_cmpuint (lane_tid (ma, x->by_lane), ==, lane_tid (mb, y->by_lane));
      g_assert_cmpint (x->by_ts, ==, y->by_ts);
      g_assert_cmpint (x->by_value, ==, y->by_value);
      g_assert_cmpint (x->by_read_ts, ==, y->by_read_ts);
      g_assert_cmpint (x->by_read_value, ==, y->by_read_value);
    }
}

static void
assert_same_summary (const TlLostUpdateSummary *x,
                     const TlLostUpdateSummary *y)
{
  g_assert_cmpuint (x->n_reads, ==, y->n_reads);
  g_assert_cmpuint (x->n_writes, ==, y->n_writes);
  g_assert_cmpint (x->initial, ==, y->initial);
  g_assert_cmpint (x->final, ==, y->final);
  g_assert_cmpint (x->expected, ==, y->expected);
  g_assert_cmpuint (x->n_lost, ==, y->n_lost);
  g_assert_cmpint (x->lost_total, ==, y->lost_total);
}

static void
assert_same_findings (const TlFinding *a,
                      guint            n_a,
                      const TlFinding *b,
                      guint            n_b)
{
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpint (a[i].kind, ==, b[i].kind);
      g_assert_cmpuint (a[i].lane, ==, b[i].lane);
      g_assert_cmpint (a[i].ts, ==, b[i].ts);
      g_assert_cmpuint (a[i].by_lane, ==, b[i].by_lane);
      g_assert_cmpint (a[i].by_ts, ==, b[i].by_ts);
      g_assert_cmpint (a[i].end, ==, b[i].end);
    }
}

/* Fed in small batches and asked after each (as the window does while
 * live), the analysis ends where it ends when fed all at once, and it
 * looked at each instant once. */
static void
test_lost_update_incremental (void)
{
  for (guint32 seed = 1; seed <= 20; seed++)
    {
      Events events = random_race (seed, 2 + seed % 4, 60);
      g_autoptr(TlTraceModel) live = tl_trace_model_new ();
      g_autoptr(TlTraceModel) whole = tl_trace_model_new ();
      g_autoptr(GArray) live_lost = NULL;
      g_autoptr(GArray) whole_lost = NULL;
      TlLostUpdateSummary live_summary, whole_summary;
      TlFindingsStats stats;
      guint32 object;
      guint n;

      for (guint i = 0; i < events.n; i += 7)
        {
          add (live, events.events + i, MIN (7, events.n - i));
          tl_trace_model_get_findings (live, &n);
        }
      add (whole, events.events, events.n);

      object = tl_trace_model_lookup_object (live, TL_ROLE_VALUE, COUNTER);
      live_lost = tl_analysis_lost_updates (live, object, &live_summary);
      whole_lost = tl_analysis_lost_updates (whole, object, &whole_summary);
      assert_same_lost (live, live_lost, whole, whole_lost);
      assert_same_summary (&live_summary, &whole_summary);
      /* The race loses exactly what is missing from the count. */
      g_assert_cmpint (whole_summary.expected - whole_summary.final, ==, whole_summary.n_lost);

      _tl_trace_model_get_findings_stats (live, &stats);
      g_assert_cmpuint (stats.instants_read, ==, tl_trace_model_get_n_instants (live));
      g_assert_cmpuint (stats.n_restarts, ==, 0);
      g_free (events.events);
    }
}

/* A write that reaches the model after later ones (another producer's,
 * late): the value's chain is made again, and agrees. */
static void
test_lost_update_late_access (void)
{
  g_autoptr(TlTraceModel) live = tl_trace_model_new ();
  g_autoptr(TlTraceModel) whole = tl_trace_model_new ();
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  gsize n;
  const TlModelEvent *events = race_events (&n);
  guint n_findings;

  /* Thread 2's read and write (11 and 13 ms) come after thread 1's. */
  add (live, &events[0], 2);
  add (live, &events[3], 1);
  add (live, &events[5], 2);
  tl_trace_model_get_findings (live, &n_findings);
  add (live, &events[2], 1);
  add (live, &events[4], 1);
  add (live, &events[7], 1);
  add (whole, events, n);

  a = tl_analysis_lost_updates (live, tl_trace_model_lookup_object (live, TL_ROLE_VALUE, COUNTER), NULL);
  b = tl_analysis_lost_updates (whole, tl_trace_model_lookup_object (whole, TL_ROLE_VALUE, COUNTER), NULL);
  assert_same_lost (live, a, whole, b);
  g_assert_cmpuint (a->len, ==, 1);
}

/* ---- deadlocks ------------------------------------------------------------ */

/* Thread 1 takes A then wants B; thread 2 takes B then wants A. */
static const TlModelEvent *
deadlock_events (gsize *n)
{
  static TlModelEvent events[9];

  events[0] = tl_test_name_event (0, PID, 1, TL_ROLE_MUTEX, LOCK_A, "lock_a");
  events[1] = tl_test_name_event (0, PID, 1, TL_ROLE_MUTEX, LOCK_B, "lock_b");
  events[2] = ev (10 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_A, 0);
  events[3] = ev (10 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_A, 0);
  events[4] = ev (11 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_B, 0);
  events[5] = ev (11 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_B, 0);
  events[6] = ev (20 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_B, 0);
  events[7] = ev (25 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_A, 0);
  /* The watchdog: thread 2 is killed, its hold ends, thread 1 gets B. */
  events[8] = ev (60 * MS, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0);
  *n = G_N_ELEMENTS (events);
  return events;
}

static void
test_deadlock_cycle (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GArray) live = NULL;
  g_autoptr(GArray) after = NULL;
  const TlDeadlock *d;
  const TlFinding *findings;
  guint n_findings;
  gsize n;
  const TlModelEvent *events = deadlock_events (&n);
  TlModelEvent acquire = ev (60 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_B, 0);

  /* Before the second wait, no cycle. */
  add (model, events, 7);
  live = tl_analysis_find_deadlocks (model);
  g_assert_cmpuint (live->len, ==, 0);
  g_clear_pointer (&live, g_array_unref);

  /* Seen while it lasts. */
  add (model, &events[7], 1);
  live = tl_analysis_find_deadlocks (model);
  g_assert_cmpuint (live->len, ==, 1);
  d = &g_array_index (live, TlDeadlock, 0);
  g_assert_cmpuint (d->n, ==, 2);
  g_assert_cmpint (d->start, ==, 25 * MS);
  g_assert_cmpint (d->end, ==, TL_DEADLOCK_ONGOING);
  /* The waiter that closed it first. */
  g_assert_cmpuint (d->lanes[0], ==, thread_lane (model, 2));
  g_assert_cmpuint (d->lanes[1], ==, thread_lane (model, 1));
  g_assert_cmpint (d->since[0], ==, 25 * MS);
  g_assert_cmpint (d->since[1], ==, 20 * MS);

  findings = tl_trace_model_get_findings (model, &n_findings);
  g_assert_cmpuint (n_findings, ==, 2);
  for (guint i = 0; i < n_findings; i++)
    {
      g_assert_cmpint (findings[i].kind, ==, TL_FINDING_DEADLOCK);
      g_assert_cmpint (findings[i].ts, ==, 25 * MS);
      g_assert_cmpint (findings[i].end, ==, G_MAXINT64);
      g_assert_cmpuint (findings[i].lane, !=, findings[i].by_lane);
    }

  /* Broken when a wait in it ends; still one cycle. */
  add (model, &events[8], 1);
  add (model, &acquire, 1);
  tl_trace_model_finish (model, TL_TS_NONE);
  after = tl_analysis_find_deadlocks (model);
  g_assert_cmpuint (after->len, ==, 1);
  d = &g_array_index (after, TlDeadlock, 0);
  g_assert_cmpint (d->start, ==, 25 * MS);
  g_assert_cmpint (d->end, ==, 60 * MS);
  findings = tl_trace_model_get_findings (model, &n_findings);
  g_assert_cmpuint (n_findings, ==, 2);
  g_assert_cmpint (findings[0].end, ==, 60 * MS);
}

/* A third thread that waits later for a lock of the cycle is not a new
 * cycle; three threads in a ring are one. */
static void
test_deadlock_ring (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GArray) cycles = NULL;
  const TlDeadlock *d;
  TlModelEvent events[] = {
    ev (1 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 1, 0),
    ev (2 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 2, 0),
    ev (3 * MS, 3, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 3, 0),
    ev (10 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 2, 0),
    ev (11 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 3, 0),
    ev (12 * MS, 3, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 1, 0),
    ev (20 * MS, 4, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 1, 0),
  };

  add (model, events, G_N_ELEMENTS (events));
  cycles = tl_analysis_find_deadlocks (model);
  g_assert_cmpuint (cycles->len, ==, 1);
  d = &g_array_index (cycles, TlDeadlock, 0);
  g_assert_cmpuint (d->n, ==, 3);
  g_assert_cmpint (d->start, ==, 12 * MS);
  g_assert_cmpuint (d->lanes[0], ==, thread_lane (model, 3));
  g_assert_cmpuint (d->objects[0], ==, tl_trace_model_lookup_object (model, TL_ROLE_MUTEX, 1));
}

/* Waits that cross without a cycle: thread 2 waits for A while thread 1
 * holds it, but thread 1 waits for nothing thread 2 holds. */
static void
test_deadlock_none (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GArray) cycles = NULL;
  TlModelEvent events[] = {
    ev (1 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (2 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_B, 0),
    ev (3 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK_B, 0),
    ev (4 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (5 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_B, 0),
    ev (6 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_B, 0),
    ev (7 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (7 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_A, 0),
  };

  add (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  cycles = tl_analysis_find_deadlocks (model);
  g_assert_cmpuint (cycles->len, ==, 0);
}

/* ---- findings -------------------------------------------------------- */

/* A race and a deadlock in one trace: both kinds, in time order; the same
 * fed in one go or in batches. */
static void
test_findings_order (void)
{
  g_autoptr(TlTraceModel) live = tl_trace_model_new ();
  g_autoptr(TlTraceModel) whole = tl_trace_model_new ();
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  const TlFinding *a, *b;
  guint n_a, n_b;
  gsize n_race, n_dead;
  const TlModelEvent *race = race_events (&n_race);
  const TlModelEvent *dead = deadlock_events (&n_dead);

  /* The race on threads 1 and 2 at 10..21 ms, the deadlock on threads 5
   * and 6 later. */
  g_array_append_vals (all, race, n_race - 1);
  for (gsize i = 0; i < n_dead - 1; i++)
    {
      TlModelEvent e = dead[i];

      e.ts += 40 * MS;
      e.tid += 4;
      g_array_append_val (all, e);
    }

  for (guint i = 0; i < all->len; i++)
    {
      add (live, &g_array_index (all, TlModelEvent, i), 1);
      tl_trace_model_get_findings (live, &n_a);
    }
  add (whole, (TlModelEvent *) (gpointer) all->data, all->len);

  a = tl_trace_model_get_findings (live, &n_a);
  b = tl_trace_model_get_findings (whole, &n_b);
  g_assert_cmpuint (n_a, ==, 3);
  assert_same_findings (a, n_a, b, n_b);
  g_assert_cmpint (a[0].kind, ==, TL_FINDING_LOST_UPDATE);
  g_assert_cmpint (a[0].ts, ==, 12 * MS);
  g_assert_cmpint (a[0].by_ts, ==, 13 * MS);
  g_assert_cmpint (a[1].kind, ==, TL_FINDING_DEADLOCK);
  g_assert_cmpint (a[2].kind, ==, TL_FINDING_DEADLOCK);
  g_assert_cmpint (a[1].ts, ==, 65 * MS);
}

/* An import adds instants in any order; finish sorts them, and the
 * findings look at the model again, once. */
static void
test_findings_import_sorted (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 l1 = tl_trace_model_ensure_thread_lane (model, PID, 1);
  guint32 l2 = tl_trace_model_ensure_thread_lane (model, PID, 2);
  guint32 value = tl_trace_model_ensure_object (model, TL_ROLE_VALUE, COUNTER);
  TlInstant list[] = {
    { 13 * MS, 1, value, TL_EVENT_WRITE, TL_ROLE_VALUE, 0 },
    { 11 * MS, 0, value, TL_EVENT_READ, TL_ROLE_VALUE, 0 },
  };
  TlInstant others[] = {
    { 12 * MS, 1, value, TL_EVENT_WRITE, TL_ROLE_VALUE, 0 },
    { 10 * MS, 0, value, TL_EVENT_READ, TL_ROLE_VALUE, 0 },
  };
  TlFindingsStats stats;
  const TlFinding *f;
  guint n;

  for (guint i = 0; i < 2; i++)
    {
      tl_trace_model_add_instant (model, l2, &list[i]);
      tl_trace_model_add_instant (model, l1, &others[i]);
    }
  tl_trace_model_get_findings (model, &n);
  tl_trace_model_finish (model, TL_TS_NONE);
  f = tl_trace_model_get_findings (model, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (f[0].lane, ==, l1);
  g_assert_cmpuint (f[0].by_lane, ==, l2);
  _tl_trace_model_get_findings_stats (model, &stats);
  g_assert_cmpuint (stats.n_restarts, ==, 1);
}

/* A long live run: every batch costs what it holds.  Over some 400
 * batches of a race, each instant is looked at once, whatever the run's
 * length. */
static void
test_findings_long_run (void)
{
  Events events = random_race (7, 4, 3000);
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlFindingsStats stats;
  guint batch = events.n / 400 + 1, n, n_batches = 0;

  for (guint i = 0; i < events.n; i += batch, n_batches++)
    {
      add (model, events.events + i, MIN (batch, events.n - i));
      tl_trace_model_get_findings (model, &n);
    }
  _tl_trace_model_get_findings_stats (model, &stats);
  g_assert_cmpuint (stats.instants_read, ==, tl_trace_model_get_n_instants (model));
  g_assert_cmpuint (stats.n_restarts, ==, 0);
  g_assert_cmpuint (stats.n_updates, ==, n_batches);
  g_assert_cmpuint (n, >, 0);
  g_free (events.events);
}

/* ---- utilisation, contention, concurrency -------------------------------- */

/* Thread 1: runs 0..10, sleeps 10..30, waits for lock A 30..40, holds it
 * 40..60, waits for I/O 60..70, runs to 100. */
static TlTraceModel *
busy_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  TlModelEvent events[] = {
    ev (0, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    ev (10 * MS, 1, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0),
    ev (30 * MS, 1, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0),
    ev (30 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (40 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (60 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (60 * MS, 1, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 0, 0),
    ev (70 * MS, 1, TL_EVENT_IO_END, TL_ROLE_NONE, 0, 0),
    /* Thread 2 takes A at once, 0..35, so thread 1 waited for it. */
    ev (0, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (0, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (35 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK_A, 0),
    ev (40 * MS, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0),
    ev (100 * MS, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),
  };

  add_in_time_order (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static void
test_utilisation (void)
{
  g_autoptr(TlTraceModel) model = busy_model ();
  TlLaneUtilisation use;
  guint32 lane = thread_lane (model, 1);

  g_assert_true (tl_analysis_lane_utilisation (model, lane, TL_TS_NONE, TL_TS_NONE, &use));
  g_assert_cmpint (use.lifetime, ==, 100 * MS);
  g_assert_cmpint (use.running, ==, 60 * MS);
  g_assert_cmpint (use.sleeping, ==, 20 * MS);
  g_assert_cmpint (use.waiting, ==, 10 * MS);
  g_assert_cmpint (use.waiting_gil, ==, 0);
  g_assert_cmpint (use.io, ==, 10 * MS);
  g_assert_cmpfloat_with_epsilon (use.busy_share, 0.6, 1e-9);

  /* Within a window: 20..45 is sleep 10, wait 10, run 5. */
  g_assert_true (tl_analysis_lane_utilisation (model, lane, 20 * MS, 45 * MS, &use));
  g_assert_cmpint (use.lifetime, ==, 25 * MS);
  g_assert_cmpint (use.sleeping, ==, 10 * MS);
  g_assert_cmpint (use.waiting, ==, 10 * MS);
  g_assert_cmpint (use.running, ==, 5 * MS);

  /* Not a thread: no utilisation. */
  g_assert_false (tl_analysis_lane_utilisation (model,
                                                tl_trace_model_get_object (model,
                                                  tl_trace_model_lookup_object (model, TL_ROLE_MUTEX, LOCK_A))->lane,
                                                TL_TS_NONE, TL_TS_NONE, &use));
}

static void
test_lock_contention (void)
{
  g_autoptr(TlTraceModel) model = busy_model ();
  TlLockContention c;

  tl_analysis_lock_contention (model, tl_trace_model_lookup_object (model, TL_ROLE_MUTEX, LOCK_A), &c);
  g_assert_cmpuint (c.n_acquisitions, ==, 2);
  /* Thread 2's acquire did not wait (no time passed); thread 1's did. */
  g_assert_cmpuint (c.n_waits, ==, 1);
  g_assert_cmpint (c.total_wait, ==, 10 * MS);
  g_assert_cmpint (c.longest_wait, ==, 10 * MS);
  g_assert_cmpint (c.total_held, ==, 55 * MS);
}

/* Tasks on three threads overlap two at a time at most, and three at
 * 25 ms; a GIL-like slice lets one thread run at a time. */
static void
test_concurrency (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent events[] = {
    ev (0, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 1, 0),
    ev (10 * MS, 2, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 2, 0),
    ev (20 * MS, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 1, 0),
    ev (20 * MS, 3, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 3, 0),
    ev (25 * MS, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 4, 0),
    ev (30 * MS, 2, TL_EVENT_TASK_END, TL_ROLE_TASK, 2, 0),
    ev (40 * MS, 3, TL_EVENT_TASK_END, TL_ROLE_TASK, 3, 0),
    ev (50 * MS, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 4, 0),
  };
  gint64 when = 0;

  add (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  /* At 20 ms one ends as another begins: that is not three. */
  g_assert_cmpuint (tl_analysis_max_concurrent (model, TL_SPAN_TASK, TL_INDEX_NONE, 0, &when), ==, 3);
  g_assert_cmpint (when, ==, 25 * MS);
  g_assert_cmpuint (tl_analysis_max_concurrent (model, TL_SPAN_TASK, TL_INDEX_NONE, PID + 1, NULL), ==, 0);
  g_assert_cmpuint (tl_analysis_max_concurrent (model, TL_SPAN_TASK,
                                                tl_trace_model_lookup_object (model, TL_ROLE_TASK, 2),
                                                PID, NULL), ==, 1);
}

/* A live model's open tasks run to the end of time: counting them must
 * not overflow (UndefinedBehaviorSanitizer watches), whatever their
 * start. */
static void
test_concurrency_open (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent events[] = {
    ev (G_MININT64 / 2, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 1, 0),
    ev (10 * MS, 2, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 2, 0),
  };
  gint64 when = 0;

  add (model, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (tl_analysis_max_concurrent (model, TL_SPAN_TASK, TL_INDEX_NONE, 0, &when), ==, 2);
  g_assert_cmpint (when, ==, 10 * MS);
}

static void
test_running_in_slice (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlModelEvent compute = tl_test_name_event (0, PID, 1, TL_ROLE_TEXT, 50, "compute");
  TlModelEvent events[] = {
    /* Both threads inside "compute"; they take turns on the GIL. */
    ev (1 * MS, 1, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 50, 0),
    ev (1 * MS, 2, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 50, 0),
    ev (1 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 1, 0),
    ev (5 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 1, 0),
    ev (5 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 1, 0),
    ev (9 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 1, 0),
    ev (9 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 1, 0),
    ev (9 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 1, 0),
    ev (12 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 1, 0),
    ev (12 * MS, 1, TL_EVENT_SLICE_END, TL_ROLE_TEXT, 50, 0),
    ev (12 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 1, 0),
    ev (15 * MS, 2, TL_EVENT_SLICE_END, TL_ROLE_TEXT, 50, 0),
  };

  add (model, &compute, 1);
  add (model, events, G_N_ELEMENTS (events));
  tl_trace_model_finish (model, TL_TS_NONE);
  g_assert_cmpuint (tl_analysis_max_running_in_slice (model, PID, "compute", NULL), ==, 1);
  g_assert_cmpuint (tl_analysis_max_running_in_slice (model, PID, "elsewhere", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/analysis/lost-update/race", test_lost_update_race);
  g_test_add_func ("/model/analysis/lost-update/locked", test_lost_update_locked);
  g_test_add_func ("/model/analysis/lost-update/assignments", test_lost_update_assignments);
  g_test_add_func ("/model/analysis/lost-update/incremental", test_lost_update_incremental);
  g_test_add_func ("/model/analysis/lost-update/late-access", test_lost_update_late_access);
  g_test_add_func ("/model/analysis/deadlock/cycle", test_deadlock_cycle);
  g_test_add_func ("/model/analysis/deadlock/ring", test_deadlock_ring);
  g_test_add_func ("/model/analysis/deadlock/none", test_deadlock_none);
  g_test_add_func ("/model/analysis/findings/order", test_findings_order);
  g_test_add_func ("/model/analysis/findings/import-sorted", test_findings_import_sorted);
  g_test_add_func ("/model/analysis/findings/long-run", test_findings_long_run);
  g_test_add_func ("/model/analysis/utilisation", test_utilisation);
  g_test_add_func ("/model/analysis/lock-contention", test_lock_contention);
  g_test_add_func ("/model/analysis/concurrency", test_concurrency);
  g_test_add_func ("/model/analysis/concurrency-open", test_concurrency_open);
  g_test_add_func ("/model/analysis/running-in-slice", test_running_in_slice);

  return g_test_run ();
}
