/* test-clock.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clocks producers stamp events with.  Each clock is forced in turn,
 * so that the TSC path stays tested on machines whose kernel does not
 * pick it, and checked for what the collector relies on: timestamps that
 * follow the order in which threads handed work to each other, across
 * CPUs, and that convert to CLOCK_MONOTONIC.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "tl-clock-private.h"
#include "tl-collector.h"
#include "tl-probe.h"

#define N_TURNS 2000

/* How far a converted TSC timestamp may stray from CLOCK_MONOTONIC: the
 * calibration's error (a few ppm over the test) and the sampling of its
 * base, with a wide margin.  A wrong rate or base is off by far more. */
#define TSC_CALIBRATION_TOLERANCE_NS 50000u

/* How far apart two CPUs' TSCs may read: a handoff between threads must
 * not look more than this backwards in time.  The collector's own slack
 * is 1 ms; a TSC the kernel would reject is usually off by far more. */
#define TSC_SKEW_TOLERANCE_NS 10000u

static const TlClockFacts issue_machine = {
  /* A VM whose kernel keeps time with kvm-clock but whose hypervisor
   * says the TSC is reliable. */
  .have_tsc = true, .cpuid_invariant = true,
  .constant_tsc = true, .nonstop_tsc = true, .tsc_reliable = true,
  .kernel_current = false, .kernel_rejected = false,
};

static void
assert_choice (const char         *forced,
               const TlClockFacts *facts,
               TlClockSource       expected)
{
  const char *why = NULL;

  g_assert_cmpint (_tl_clock_choose (forced, facts, &why), ==, expected);
  g_assert_nonnull (why);
  g_assert_cmpuint (strlen (why), >, 0);
  g_test_message ("%s: %s", tl_clock_source_to_string (expected), why);
}

static void
test_clock_choose (void)
{
  TlClockFacts facts = issue_machine;

  /* The machine of issue 14: the TSC, whatever the kernel keeps time with. */
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_TSC);
  facts.tsc_reliable = false;
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_TSC);
  facts.constant_tsc = false;
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_MONOTONIC);
  facts.kernel_current = true;
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_TSC);

  /* The kernel withdrew it: never, unless forced. */
  facts = issue_machine;
  facts.kernel_rejected = true;
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_MONOTONIC);
  assert_choice ("tsc", &facts, TL_CLOCK_SOURCE_TSC);

  /* Not invariant: never, even when the kernel keeps time with it. */
  facts = (TlClockFacts) { .have_tsc = true, .kernel_current = true, .tsc_reliable = true };
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_MONOTONIC);
  /* The kernel's flags count as invariance where CPUID hides it. */
  facts.constant_tsc = facts.nonstop_tsc = true;
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_TSC);

  /* No TSC at all: forcing it cannot help. */
  facts = (TlClockFacts) { 0 };
  assert_choice (NULL, &facts, TL_CLOCK_SOURCE_MONOTONIC);
  assert_choice ("tsc", &facts, TL_CLOCK_SOURCE_MONOTONIC);

  /* The variable wins; anything else it says is ignored. */
  assert_choice ("monotonic", &issue_machine, TL_CLOCK_SOURCE_MONOTONIC);
  assert_choice ("sundial", &issue_machine, TL_CLOCK_SOURCE_TSC);
  g_assert_cmpint (_tl_clock_choose (NULL, &issue_machine, NULL), ==, TL_CLOCK_SOURCE_TSC);
}

static void
test_clock_this_machine (void)
{
  TlClockFacts facts;
  const char *why = NULL, *expected_why = NULL;
  TlClockSource source = tl_clock_pick_source (&why);

  _tl_clock_read_facts (&facts);
  g_test_message ("tsc %d, cpuid invariant %d, constant_tsc %d, nonstop_tsc %d, "
                  "tsc_reliable %d, kernel keeps time with it %d, kernel rejected it %d",
                  facts.have_tsc, facts.cpuid_invariant, facts.constant_tsc, facts.nonstop_tsc,
                  facts.tsc_reliable, facts.kernel_current, facts.kernel_rejected);
  g_test_message ("picked %s: %s", tl_clock_source_to_string (source), why);
  g_assert_cmpint (source, ==, _tl_clock_choose (g_getenv (TL_CLOCK_ENV), &facts, &expected_why));
  g_assert_cmpstr (why, ==, expected_why);
  g_assert_cmpstr (tl_clock_source_to_string (99), ==, "unknown");
}

/* ---- a ring on a forced clock ----------------------------------------- */

typedef struct
{
  guint64 ts[N_TURNS];     /* nanoseconds, by turn */
  guint64 n;
  guint64 out_of_order;
  guint64 last_ts;
} TurnLog;

typedef struct
{
  gint    *turn;
  guint32  worker;         /* 0 or 1: takes the even or the odd turns */
} Player;

static void
pin_to_cpu (guint cpu)
{
  cpu_set_t set;

  if ((long) cpu >= sysconf (_SC_NPROCESSORS_ONLN))
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  /* Best effort: a container may not let us. */
  pthread_setaffinity_np (pthread_self (), sizeof set, &set);
}

/* Two threads take turns; each records an event in its turn, then hands
 * the turn over.  Each handoff orders one event before the next. */
static gpointer
player_thread (gpointer data)
{
  Player *player = data;

  pin_to_cpu (player->worker);
  for (gint t = (gint) player->worker; t < N_TURNS; t += 2)
    {
      /* Acquire pairs with the release below, in the other player. */
      while (g_atomic_int_get (player->turn) != t)
        g_thread_yield ();
      g_assert_true (tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0,
                                      player->worker + 1, (guint64) t, (guint32) t));
      g_atomic_int_set (player->turn, t + 1);
    }
  return NULL;
}

static void
turn_log_cb (const TlCollectedEvent *event,
             gpointer                user_data)
{
  TurnLog *log = user_data;

  if (event->event.ts < log->last_ts)
    log->out_of_order++;
  log->last_ts = event->event.ts;
  if (event->event.kind == TL_EVENT_TASK_BEGIN && event->event.aux < N_TURNS)
    {
      log->ts[event->event.aux] = event->event.ts;
      log->n++;
    }
}

static void
check_handoff_order (TlRing *ring)
{
  TlCollector *collector = tl_collector_new (ring);
  gint64 tolerance = tl_ring_get_clock_source (ring) == TL_CLOCK_SOURCE_TSC ? TSC_SKEW_TOLERANCE_NS : 0;
  gint64 worst = 0;
  TurnLog *log = g_new0 (TurnLog, 1);
  gint turn = 0;
  Player players[2] = { { &turn, 0 }, { &turn, 1 } };
  GThread *threads[2];

  tl_trace_set_ring (ring);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("player", player_thread, &players[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  tl_collector_flush (collector, turn_log_cb, log);
  tl_trace_set_ring (NULL);

  g_assert_cmpuint (log->n, ==, N_TURNS);
  g_assert_cmpuint (log->out_of_order, ==, 0);
  for (guint t = 1; t < N_TURNS; t++)
    worst = MIN (worst, (gint64) log->ts[t] - (gint64) log->ts[t - 1]);
  g_test_message ("%s: %u handoffs between two threads, worst step %" G_GINT64_FORMAT " ns",
                  tl_clock_source_to_string (tl_ring_get_clock_source (ring)), N_TURNS, worst);
  g_assert_cmpint (worst, >=, -tolerance);

  tl_collector_free (collector);
  g_free (log);
}

typedef struct
{
  guint64 before[2];
  guint64 after[2];
  guint64 ts[2];
  guint   n;
} Bracket;

static void
bracket_cb (const TlCollectedEvent *event,
            gpointer                user_data)
{
  Bracket *bracket = user_data;

  if (event->event.kind == TL_EVENT_MARK && bracket->n < 2)
    bracket->ts[bracket->n++] = event->event.ts;
}

/* Two events, 50 ms apart, each between two reads of CLOCK_MONOTONIC:
 * once collected, each lands between its reads, so the rate and the base
 * of the calibration are both right. */
static void
check_calibration (TlRing *ring)
{
  TlCollector *collector = tl_collector_new (ring);
  guint64 tolerance = tl_ring_get_clock_source (ring) == TL_CLOCK_SOURCE_TSC
                      ? TSC_CALIBRATION_TOLERANCE_NS : 0;
  Bracket bracket = { 0 };

  tl_trace_set_ring (ring);
  for (guint i = 0; i < 2; i++)
    {
      if (i > 0)
        g_usleep (50000);
      bracket.before[i] = tl_clock_read_monotonic ();
      g_assert_true (tl_trace_record (TL_EVENT_MARK, TL_ROLE_NONE, 0, 0, i, 0));
      bracket.after[i] = tl_clock_read_monotonic ();
    }
  tl_collector_flush (collector, bracket_cb, &bracket);
  tl_trace_set_ring (NULL);

  g_assert_cmpuint (bracket.n, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_test_message ("event %u: %" G_GINT64_FORMAT " ns after the read before it, %"
                      G_GINT64_FORMAT " ns before the read after it", i,
                      (gint64) (bracket.ts[i] - bracket.before[i]),
                      (gint64) (bracket.after[i] - bracket.ts[i]));
      g_assert_cmpuint (bracket.ts[i] + tolerance, >=, bracket.before[i]);
      g_assert_cmpuint (bracket.ts[i], <=, bracket.after[i] + tolerance);
    }
  tl_collector_free (collector);
}

static TlRing *
ring_on_clock (TlClockSource source)
{
  TlRingOptions options;
  TlRing *ring = NULL;

  tl_ring_options_init (&options);
  options.n_producers = 4;
  options.bytes_per_producer = 64 * 1024;
  options.clock = source;
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  return ring;
}

static void
check_forced_clock (const char    *name,
                    TlClockSource  source)
{
  TlRing *ring;

  /* Forced through the ring's options... */
  ring = ring_on_clock (source);
  g_assert_cmpuint (tl_ring_get_clock_source (ring), ==, source);
  check_calibration (ring);
  check_handoff_order (ring);
  tl_ring_free (ring);

  /* ...and through the environment, for whatever creates the ring. */
  g_setenv (TL_CLOCK_ENV, name, TRUE);
  ring = ring_on_clock (TL_CLOCK_SOURCE_AUTO);
  g_unsetenv (TL_CLOCK_ENV);
  g_assert_cmpuint (tl_ring_get_clock_source (ring), ==, source);
  check_calibration (ring);
  tl_ring_free (ring);
}

static void
test_clock_forced_monotonic (void)
{
  check_forced_clock ("monotonic", TL_CLOCK_SOURCE_MONOTONIC);
}

static void
test_clock_forced_tsc (void)
{
  TlClockFacts facts;
  TlRingOptions options;
  TlRing *ring = NULL;

  _tl_clock_read_facts (&facts);
  if (!facts.have_tsc)
    {
      tl_ring_options_init (&options);
      options.clock = TL_CLOCK_SOURCE_TSC;
      g_assert_cmpint (tl_ring_new (&options, &ring), ==, -ENOTSUP);
      g_test_skip ("this CPU has no TSC");
      return;
    }
  if (!(facts.cpuid_invariant || (facts.constant_tsc && facts.nonstop_tsc)) ||
      facts.kernel_rejected)
    {
      /* Its readings may disagree between CPUs: nothing to hold it to. */
      g_test_skip ("this machine's TSC is not invariant, or the kernel found it unstable");
      return;
    }
  check_forced_clock ("tsc", TL_CLOCK_SOURCE_TSC);
}

/* Hostile calibrations, as a segment may hold, neither trap nor wrap. */
static void
test_clock_hostile_calibration (void)
{
  TlClockCalibration cal;

  tl_clock_calibrate (TL_CLOCK_SOURCE_TSC, &cal);
  g_assert_cmpuint (tl_clock_ticks_to_ns (&cal, 0), <=, cal.base_ns);
  g_assert_cmpuint (tl_clock_ticks_to_ns (&cal, G_MAXUINT64), >=, cal.base_ns);
  g_assert_cmpuint (tl_clock_ns_to_ticks (&cal, 1000000), >, 0);

  cal = (TlClockCalibration) { TL_CLOCK_SOURCE_TSC, 200, G_MAXUINT64, G_MAXUINT64, G_MAXUINT64 };
  g_assert_cmpuint (tl_clock_ticks_to_ns (&cal, 0), ==, 0);
  g_assert_cmpuint (tl_clock_ns_to_ticks (&cal, G_MAXUINT64), <=, G_MAXUINT64);
  cal.mult = 0;
  g_assert_cmpuint (tl_clock_ns_to_ticks (&cal, 5), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/clock/choose", test_clock_choose);
  g_test_add_func ("/trace/clock/this-machine", test_clock_this_machine);
  g_test_add_func ("/trace/clock/forced/monotonic", test_clock_forced_monotonic);
  g_test_add_func ("/trace/clock/forced/tsc", test_clock_forced_tsc);
  g_test_add_func ("/trace/clock/hostile-calibration", test_clock_hostile_calibration);

  return g_test_run ();
}
