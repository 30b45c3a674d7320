/* test-ring.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ring and the collector with threads of one process.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib.h>

#include "ring-checker.h"
#include "tl-collector.h"
#include "tl-probe.h"

typedef struct
{
  TlRing      *ring;
  TlCollector *collector;
  RingChecker  checker;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                guint32        n_producers,
                guint32        bytes_per_producer,
                guint32        flags)
{
  TlRingOptions options;

  tl_ring_options_init (&options);
  options.n_producers = n_producers;
  options.bytes_per_producer = bytes_per_producer;
  options.flags = flags;
  options.block_timeout_us = 30u * 1000000u;
  g_assert_cmpint (tl_ring_new (&options, &f->ring), ==, 0);
  tl_trace_set_ring (f->ring);
  f->collector = tl_collector_new (f->ring);
  g_assert_nonnull (f->collector);
  ring_checker_init (&f->checker);
}

static void
fixture_tear_down (Fixture *f)
{
  tl_trace_set_ring (NULL);
  ring_checker_clear (&f->checker);
  tl_collector_free (f->collector);
  tl_ring_free (f->ring);
}

static void
test_event_layout (void)
{
  g_assert_cmpuint (sizeof (TlEvent), ==, 32);
  g_assert_cmpuint (tl_event_name_n_records (0), ==, 1);
  g_assert_cmpuint (tl_event_name_n_records (1), ==, 2);
  g_assert_cmpuint (tl_event_name_n_records (32), ==, 2);
  g_assert_cmpuint (tl_event_name_n_records (33), ==, 3);
  for (int kind = 0; kind < TL_EVENT_N_KINDS; kind++)
    g_assert_nonnull (tl_event_kind_to_string (kind));
  for (int role = 0; role < TL_N_ROLES; role++)
    g_assert_nonnull (tl_object_role_to_string (role));
  g_assert_cmpstr (tl_event_kind_to_string (TL_EVENT_LOCK_ACQUIRE), ==, "lock-acquire");
  g_assert_cmpstr (tl_event_kind_to_string (TL_EVENT_N_KINDS + 7), ==, "unknown");
  g_assert_cmpstr (tl_object_role_to_string (TL_ROLE_GIL), ==, "gil");
}

static void
test_ring_attach (void)
{
  TlRing *ring = NULL, *attached = NULL;
  TlRingOptions options;
  int fd;

  tl_ring_options_init (&options);
  options.n_producers = 3;
  options.bytes_per_producer = 100000;  /* rounds up to 4096 records */
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  g_assert_cmpuint (tl_ring_get_capacity (ring), ==, 4096);

  g_assert_cmpint (tl_ring_attach_fd (tl_ring_get_fd (ring), &attached), ==, 0);
  g_assert_cmpuint (tl_ring_get_n_producers (attached), ==, 3);
  g_assert_cmpuint (tl_ring_get_capacity (attached), ==, 4096);
  tl_ring_free (attached);

  /* Sealed: nobody sharing it can shrink it under the reader. */
  g_assert_cmpint (ftruncate (tl_ring_get_fd (ring), 4096), ==, -1);
  tl_ring_free (ring);

  /* Not a ring. */
  fd = memfd_create ("not-a-ring", MFD_CLOEXEC);
  g_assert_cmpint (ftruncate (fd, 1 << 20), ==, 0);
  g_assert_cmpint (tl_ring_attach_fd (fd, &attached), ==, -EPROTO);
  g_assert_null (attached);
  g_assert_cmpint (ftruncate (fd, 10), ==, 0);
  g_assert_cmpint (tl_ring_attach_fd (fd, &attached), ==, -EPROTO);
  close (fd);
  g_assert_cmpint (tl_ring_attach_fd (-1, &attached), ==, -EBADF);

  /* Bad options. */
  options.n_producers = 0;
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, -EINVAL);

  /* No ring in the environment. */
  g_unsetenv (TL_RING_ENV_FD);
  g_assert_cmpint (tl_ring_attach_from_env (&attached), ==, -ENOENT);
  g_setenv (TL_RING_ENV_FD, "12x", TRUE);
  g_assert_cmpint (tl_ring_attach_from_env (&attached), ==, -EINVAL);
  g_unsetenv (TL_RING_ENV_FD);
}

static void
test_ring_untraced (void)
{
  /* With no ring set, recording is a cheap no-op that reports the loss. */
  tl_trace_set_ring (NULL);
  g_assert_false (tl_trace_record (TL_EVENT_MARK, TL_ROLE_NONE, 0, 1, 2, 3));
  g_assert_false (tl_trace_name (TL_ROLE_THREAD, 1, "x", 1));
  g_assert_cmpuint (tl_trace_record_text (TL_EVENT_PRINT, 0, 0, "x", 1), ==, 0);
  g_assert_false (tl_trace_thread_init ());
}

static void
test_ring_single (void)
{
  Fixture f;
  static const char long_text[] = "a thread's name that is longer than one record of thirty-two bytes";
  const TlProducerStats *producers;
  TlCollectorStats stats;
  size_t n_producers;

  fixture_set_up (&f, 4, 64 * 1024, 0);

  g_assert_true (tl_trace_name (TL_ROLE_THREAD, 77, long_text, strlen (long_text)));
  g_assert_cmpuint (ring_worker_write (1, 1000), ==, 1000);
  g_assert_cmpuint (tl_trace_record_text (TL_EVENT_PRINT, 0, 0, "hello", 5), >, 0);
  tl_collector_flush (f.collector, ring_checker_cb, &f.checker);

  g_assert_cmpuint (f.checker.received[1], ==, 1000);
  g_assert_cmpuint (f.checker.gaps, ==, 0);
  g_assert_cmpuint (f.checker.out_of_sequence, ==, 0);
  g_assert_cmpuint (f.checker.out_of_order, ==, 0);
  g_assert_cmpuint (f.checker.names, ==, 2);
  g_assert_cmpuint (f.checker.other, ==, 1);   /* the print */
  g_assert_cmpstr (f.checker.last_text->str, ==, "hello");
  g_assert_cmpuint (f.checker.pid[1], ==, getpid ());

  producers = tl_collector_get_producers (f.collector, &n_producers);
  g_assert_cmpuint (n_producers, ==, 1);
  g_assert_cmpuint (producers[0].pid, ==, getpid ());
  g_assert_cmpuint (producers[0].delivered, ==, 1003);
  g_assert_cmpuint (producers[0].dropped, ==, 0);
  g_assert_false (producers[0].finished);

  tl_collector_get_stats (f.collector, &stats);
  g_assert_cmpuint (stats.delivered, ==, 1003);
  g_assert_cmpuint (stats.torn + stats.corrupt + stats.dropped, ==, 0);

  fixture_tear_down (&f);
}

typedef struct
{
  const char *text;
  guint64     len;
  guint64     seen;
} NameCheck;

static void
name_check_cb (const TlCollectedEvent *event,
               gpointer                user_data)
{
  NameCheck *check = user_data;

  if (event->event.kind != TL_EVENT_NAME)
    return;
  g_assert_cmpuint (event->text_len, ==, check->len);
  g_assert_cmpuint (strlen (event->text), ==, check->len);
  g_assert_cmpint (memcmp (event->text, check->text, check->len), ==, 0);
  check->seen++;
}

static void
test_ring_names_wrap (void)
{
  Fixture f;
  g_autofree char *text = g_malloc (TL_NAME_MAX + 100);
  NameCheck check = { text, 0, 0 };

  for (guint i = 0; i < TL_NAME_MAX + 99; i++)
    text[i] = 'a' + i % 26;
  text[TL_NAME_MAX + 99] = '\0';

  /* The smallest sub-buffer: names of every length cross its end. */
  fixture_set_up (&f, 2, 256 * sizeof (TlEvent), 0);
  for (guint len = 0; len < 200; len++)
    {
      check.len = len;
      g_assert_true (tl_trace_name (TL_ROLE_STEP, len, text, len));
      g_assert_cmpuint (tl_trace_record (TL_EVENT_MARK, TL_ROLE_STEP, 0, len, 0, 0), ==, TRUE);
      tl_collector_flush (f.collector, name_check_cb, &check);
    }
  g_assert_cmpuint (check.seen, ==, 200);

  /* Longer than TL_NAME_MAX: cut, not refused. */
  check.len = TL_NAME_MAX;
  fixture_tear_down (&f);
  fixture_set_up (&f, 2, 1024 * sizeof (TlEvent), 0);
  g_assert_true (tl_trace_name (TL_ROLE_TEXT, 1, text, TL_NAME_MAX + 99));
  tl_collector_flush (f.collector, name_check_cb, &check);
  g_assert_cmpuint (check.seen, ==, 201);
  fixture_tear_down (&f);
}

typedef struct
{
  guint32  worker;
  guint64  n;
  guint64  accepted;
  guint64  dropped;
  gint    *running;
} Worker;

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;

  w->accepted = ring_worker_write (w->worker, w->n);
  w->dropped = tl_trace_get_dropped ();
  g_atomic_int_dec_and_test (w->running);
  return NULL;
}

static gboolean
workers_done (gpointer data)
{
  return g_atomic_int_get ((gint *) data) == 0;
}

/* Every event of every thread arrives exactly once and in order, in a
 * blocking ring small enough to wrap many times. */
static void
test_ring_threads_exactly_once (void)
{
  Fixture f;
  Worker workers[4];
  GThread *threads[4];
  gint running = 4;
  guint64 n = g_test_thorough () ? 1000000 : 250000;

  fixture_set_up (&f, 8, 64 * 1024, TL_RING_FLAGS_BLOCKING);
  for (guint i = 0; i < 4; i++)
    {
      workers[i] = (Worker) { i + 1, n, 0, 0, &running };
      threads[i] = g_thread_new ("worker", worker_thread, &workers[i]);
    }
  ring_checker_drain_until (&f.checker, f.collector, workers_done, &running, 0);
  for (guint i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  tl_collector_flush (f.collector, ring_checker_cb, &f.checker);

  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (workers[i].accepted, ==, n);
      g_assert_cmpuint (f.checker.received[i + 1], ==, n);
    }
  g_assert_cmpuint (f.checker.gaps, ==, 0);
  g_assert_cmpuint (f.checker.out_of_sequence, ==, 0);
  g_assert_cmpuint (f.checker.out_of_order, ==, 0);
  fixture_tear_down (&f);
}

/* A tiny ring and a slow reader: what is not delivered is counted as
 * dropped, exactly, per producer. */
static void
test_ring_overload (void)
{
  Fixture f;
  Worker workers[3];
  GThread *threads[3];
  gint running = 3;
  TlCollectorStats stats;
  size_t n_producers;

  fixture_set_up (&f, 4, 256 * sizeof (TlEvent), 0);
  for (guint i = 0; i < 3; i++)
    {
      workers[i] = (Worker) { i + 1, 200000, 0, 0, &running };
      threads[i] = g_thread_new ("worker", worker_thread, &workers[i]);
    }
  ring_checker_drain_until (&f.checker, f.collector, workers_done, &running, 200);
  for (guint i = 0; i < 3; i++)
    g_thread_join (threads[i]);

  /* The threads have ended: their slots are retired, drained and freed. */
  tl_collector_flush (f.collector, ring_checker_cb, &f.checker);
  g_assert_nonnull (tl_collector_get_producers (f.collector, &n_producers));
  g_assert_cmpuint (n_producers, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      const TlProducerStats *p = ring_checker_get_producer (&f.checker, f.collector, i + 1);

      g_assert_cmpuint (f.checker.received[i + 1] + workers[i].dropped, ==, 200000);
      g_assert_cmpuint (f.checker.received[i + 1], ==, workers[i].accepted);
      g_assert_cmpuint (p->delivered, ==, workers[i].accepted);
      g_assert_cmpuint (p->dropped, ==, workers[i].dropped);
      g_assert_cmpuint (p->delivered + p->dropped, ==, 200000);
      g_assert_true (p->finished);
      g_assert_cmpuint (p->torn, ==, 0);
    }
  /* The reader was slow enough that something was dropped. */
  tl_collector_get_stats (f.collector, &stats);
  g_assert_cmpuint (stats.dropped, >, 0);
  g_assert_cmpuint (stats.n_active, ==, 0);
  g_assert_cmpuint (f.checker.out_of_sequence, ==, 0);
  g_assert_cmpuint (f.checker.out_of_order, ==, 0);
  fixture_tear_down (&f);
}

static volatile gboolean handler_recorded;

static void
record_in_handler (int sig)
{
  handler_recorded = tl_trace_record (TL_EVENT_MARK, TL_ROLE_NONE, 0, 99, 99, 0);
}

/* A signal handler that records while its thread is half-way through a
 * record loses its event (counted) instead of tearing the other. */
static void
test_ring_reentrancy (void)
{
  Fixture f;
  struct sigaction sa = { 0 }, old;
  TlEvent *ev;

  fixture_set_up (&f, 2, 64 * 1024, 0);
  g_assert_true (tl_trace_thread_init ());

  sa.sa_handler = record_in_handler;
  sigemptyset (&sa.sa_mask);
  g_assert_cmpint (sigaction (SIGUSR1, &sa, &old), ==, 0);

  ev = tl_trace_reserve ();
  g_assert_nonnull (ev);
  ev->ts = tl_trace_now ();
  ev->object = 1;
  ev->arg = 0;
  raise (SIGUSR1);  /* in the middle of our record */
  ev->kind = TL_EVENT_TASK_BEGIN;
  ev->role = TL_ROLE_TASK;
  ev->flags = 0;
  ev->aux = 0;
  tl_trace_commit ();
  g_assert_false (handler_recorded);
  g_assert_cmpuint (tl_trace_get_dropped (), ==, 1);

  /* Outside a record, the handler records. */
  raise (SIGUSR1);
  g_assert_true (handler_recorded);
  sigaction (SIGUSR1, &old, NULL);

  tl_collector_flush (f.collector, ring_checker_cb, &f.checker);
  g_assert_cmpuint (f.checker.received[1], ==, 1);
  g_assert_cmpuint (f.checker.other, ==, 1);
  fixture_tear_down (&f);
}

static gpointer
short_lived_thread (gpointer data)
{
  Worker *w = data;

  w->accepted = ring_worker_write (w->worker, w->n);
  return NULL;
}

/* Threads that end give their slot back: twenty threads pass through a
 * ring of three slots without losing an event. */
static void
test_ring_slot_reuse (void)
{
  Fixture f;
  Worker workers[20];
  const TlProducerStats *producers;
  size_t n_producers;

  fixture_set_up (&f, 3, 64 * 1024, 0);
  for (guint i = 0; i < 20; i++)
    {
      GThread *thread;

      workers[i] = (Worker) { i + 1, 1000, 0, 0, NULL };
      thread = g_thread_new ("short", short_lived_thread, &workers[i]);
      g_thread_join (thread);
      /* Give the slot back before the next thread needs one. */
      tl_collector_drain (f.collector, ring_checker_cb, &f.checker);
    }
  tl_collector_flush (f.collector, ring_checker_cb, &f.checker);

  for (guint i = 0; i < 20; i++)
    {
      g_assert_cmpuint (workers[i].accepted, ==, 1000);
      g_assert_cmpuint (f.checker.received[i + 1], ==, 1000);
    }
  producers = tl_collector_get_producers (f.collector, &n_producers);
  g_assert_cmpuint (n_producers, ==, 20);
  for (guint i = 0; i < n_producers; i++)
    g_assert_true (producers[i].finished);
  fixture_tear_down (&f);
}

static gpointer
slotless_thread (gpointer data)
{
  Worker *w = data;

  w->accepted = ring_worker_write (w->worker, w->n);
  return NULL;
}

/* More threads than slots: the extra thread's events are lost, and
 * counted as lost for want of a slot. */
static void
test_ring_no_slot (void)
{
  Fixture f;
  Worker worker = { 2, 5000, 0, 0, NULL };
  TlCollectorStats stats;
  GThread *thread;

  fixture_set_up (&f, 1, 64 * 1024, 0);
  g_assert_true (tl_trace_thread_init ());   /* takes the only slot */
  thread = g_thread_new ("slotless", slotless_thread, &worker);
  g_thread_join (thread);
  tl_collector_flush (f.collector, ring_checker_cb, &f.checker);
  tl_collector_get_stats (f.collector, &stats);
  g_assert_cmpuint (worker.accepted, ==, 0);
  g_assert_cmpuint (stats.unattributed_dropped, ==, 5000);
  g_assert_cmpuint (stats.dropped, ==, 5000);
  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/event/layout", test_event_layout);
  g_test_add_func ("/trace/ring/attach", test_ring_attach);
  g_test_add_func ("/trace/ring/untraced", test_ring_untraced);
  g_test_add_func ("/trace/ring/single", test_ring_single);
  g_test_add_func ("/trace/ring/names-wrap", test_ring_names_wrap);
  g_test_add_func ("/trace/ring/threads-exactly-once", test_ring_threads_exactly_once);
  g_test_add_func ("/trace/ring/overload", test_ring_overload);
  g_test_add_func ("/trace/ring/reentrancy", test_ring_reentrancy);
  g_test_add_func ("/trace/ring/slot-reuse", test_ring_slot_reuse);
  g_test_add_func ("/trace/ring/no-slot", test_ring_no_slot);

  return g_test_run ();
}
