/* test-ring-fork.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ring across processes: forked children, children killed in the
 * middle of a record, and a program that attaches after exec.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "ring-checker.h"
#include "tl-collector.h"
#include "tl-probe.h"

static TlRing *
make_ring (guint32 n_producers,
           guint32 bytes_per_producer,
           guint32 flags)
{
  TlRingOptions options;
  TlRing *ring = NULL;

  tl_ring_options_init (&options);
  options.n_producers = n_producers;
  options.bytes_per_producer = bytes_per_producer;
  options.flags = flags;
  options.block_timeout_us = 60u * 1000000u;
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  tl_trace_set_ring (ring);
  return ring;
}

static void
free_ring (TlRing *ring)
{
  tl_trace_set_ring (NULL);
  tl_ring_free (ring);
}

/* Forks a producer that writes @n events as @worker and exits 0 if the
 * ring took them all.  Children use only the runtime and _exit. */
static pid_t
fork_writer (guint32 worker,
             guint64 n)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (ring_worker_write (worker, n) == n ? 0 : 1);
  return pid;
}

typedef struct
{
  pid_t   *children;
  guint    n_children;
  guint    n_alive;
  int     *statuses;
  gint    *threads_running;
} Family;

static gboolean
family_done (gpointer data)
{
  Family *family = data;

  for (guint i = 0; i < family->n_children; i++)
    if (family->children[i] > 0 &&
        waitpid (family->children[i], &family->statuses[i], WNOHANG) == family->children[i])
      {
        family->children[i] = 0;
        family->n_alive--;
      }
  return family->n_alive == 0 &&
         (family->threads_running == NULL || g_atomic_int_get (family->threads_running) == 0);
}

typedef struct
{
  guint32  worker;
  guint64  n;
  guint64  accepted;
  gint    *running;
} ThreadWriter;

static gpointer
thread_writer (gpointer data)
{
  ThreadWriter *w = data;

  w->accepted = ring_worker_write (w->worker, w->n);
  g_atomic_int_dec_and_test (w->running);
  return NULL;
}

/* Four forked processes and four threads, a million events each, at once:
 * every event arrives exactly once, each producer's in order, and the
 * merged stream in timestamp order. */
static void
test_ring_stress (void)
{
  TlRing *ring = make_ring (16, 256 * 1024, TL_RING_FLAGS_BLOCKING);
  TlCollector *collector = tl_collector_new (ring);
  const guint64 n = 1000000;
  pid_t children[4];
  int statuses[4];
  ThreadWriter writers[4];
  GThread *threads[4];
  gint running = 4;
  Family family = { children, 4, 4, statuses, &running };
  RingChecker checker;
  TlCollectorStats stats;

  ring_checker_init (&checker);

  /* Fork first, while single-threaded. */
  for (guint i = 0; i < 4; i++)
    children[i] = fork_writer (i + 1, n);
  for (guint i = 0; i < 4; i++)
    {
      writers[i] = (ThreadWriter) { i + 5, n, 0, &running };
      threads[i] = g_thread_new ("writer", thread_writer, &writers[i]);
    }

  ring_checker_drain_until (&checker, collector, family_done, &family, 0);
  for (guint i = 0; i < 4; i++)
    g_thread_join (threads[i]);
  tl_collector_flush (collector, ring_checker_cb, &checker);

  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (WIFEXITED (statuses[i]));
      g_assert_cmpint (WEXITSTATUS (statuses[i]), ==, 0);
      g_assert_cmpuint (writers[i].accepted, ==, n);
    }
  for (guint w = 1; w <= 8; w++)
    {
      g_assert_cmpuint (checker.received[w], ==, n);
      g_assert_cmpuint (checker.next_seq[w], ==, n);
    }
  /* The processes wrote from their own pids. */
  for (guint w = 1; w <= 4; w++)
    g_assert_cmpuint (checker.pid[w], !=, getpid ());
  for (guint w = 5; w <= 8; w++)
    g_assert_cmpuint (checker.pid[w], ==, getpid ());
  g_assert_cmpuint (checker.gaps, ==, 0);
  g_assert_cmpuint (checker.out_of_sequence, ==, 0);
  g_assert_cmpuint (checker.out_of_order, ==, 0);
  g_assert_cmpuint (checker.foreign, ==, 0);

  tl_collector_get_stats (collector, &stats);
  g_assert_cmpuint (stats.delivered, ==, 8 * n);
  g_assert_cmpuint (stats.dropped + stats.torn + stats.corrupt, ==, 0);

  ring_checker_clear (&checker);
  tl_collector_free (collector);
  free_ring (ring);
}

/* A forked child records into a sub-buffer of its own, and the parent's
 * keeps working after the fork. */
static void
test_ring_fork_child_slot (void)
{
  TlRing *ring = make_ring (4, 64 * 1024, 0);
  TlCollector *collector = tl_collector_new (ring);
  RingChecker checker;
  int status;
  pid_t pid;

  ring_checker_init (&checker);
  g_assert_cmpuint (ring_worker_write (1, 100), ==, 100);
  pid = fork_writer (2, 100);
  g_assert_cmpuint (ring_worker_write (3, 100), ==, 100);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  tl_collector_flush (collector, ring_checker_cb, &checker);

  g_assert_cmpuint (checker.received[1], ==, 100);
  g_assert_cmpuint (checker.received[2], ==, 100);
  g_assert_cmpuint (checker.received[3], ==, 100);
  g_assert_cmpuint (checker.pid[2], ==, pid);
  g_assert_cmpuint (checker.pid[1], ==, getpid ());
  g_assert_cmpuint (checker.producer[1], !=, checker.producer[2]);
  g_assert_cmpuint (checker.producer[1], ==, checker.producer[3]);
  g_assert_cmpuint (checker.gaps + checker.out_of_sequence + checker.out_of_order, ==, 0);

  ring_checker_clear (&checker);
  tl_collector_free (collector);
  free_ring (ring);
}

/* A producer that dies between reserve and commit: its record is torn,
 * counted once, the reader does not wait for it, and everybody else's
 * events arrive intact. */
static void
test_ring_sigkill_mid_record (void)
{
  TlRing *ring = make_ring (8, 64 * 1024, TL_RING_FLAGS_BLOCKING);
  TlCollector *collector = tl_collector_new (ring);
  const guint64 n = 200000;
  pid_t children[3];
  int statuses[3];
  Family family = { children, 3, 3, statuses, NULL };
  const TlProducerStats *victim;
  RingChecker checker;

  ring_checker_init (&checker);
  tl_collector_set_liveness_interval (collector, 5);

  children[0] = fork_writer (1, n);
  children[1] = fork ();
  if (children[1] == 0)
    {
      TlEvent *ev;

      ring_worker_write (2, 1000);
      ev = tl_trace_reserve ();
      if (ev != NULL)
        {
          ev->ts = tl_trace_now ();
          ev->object = 2;
          raise (SIGKILL);  /* half-way through */
        }
      _exit (3);
    }
  children[2] = fork_writer (3, n);

  ring_checker_drain_until (&checker, collector, family_done, &family, 100);

  g_assert_true (WIFEXITED (statuses[0]) && WEXITSTATUS (statuses[0]) == 0);
  g_assert_true (WIFSIGNALED (statuses[1]) && WTERMSIG (statuses[1]) == SIGKILL);
  g_assert_true (WIFEXITED (statuses[2]) && WEXITSTATUS (statuses[2]) == 0);

  g_assert_cmpuint (checker.received[1], ==, n);
  g_assert_cmpuint (checker.received[2], ==, 1000);
  g_assert_cmpuint (checker.received[3], ==, n);
  g_assert_cmpuint (checker.gaps + checker.out_of_sequence + checker.out_of_order, ==, 0);

  victim = ring_checker_get_producer (&checker, collector, 2);
  g_assert_cmpuint (victim->torn, ==, 1);
  g_assert_true (victim->finished);
  g_assert_cmpuint (ring_checker_get_producer (&checker, collector, 1)->torn, ==, 0);
  g_assert_cmpuint (ring_checker_get_producer (&checker, collector, 3)->torn, ==, 0);

  ring_checker_clear (&checker);
  tl_collector_free (collector);
  free_ring (ring);
}

/* Producers killed at random moments while writing flat out: what they
 * committed arrives as an unbroken prefix, at most one record per victim
 * is torn, the survivors lose nothing, and the reader never hangs. */
static void
test_ring_sigkill_random (void)
{
  TlRing *ring = make_ring (16, 64 * 1024, TL_RING_FLAGS_BLOCKING);
  TlCollector *collector = tl_collector_new (ring);
  const guint64 n = 300000;
  pid_t children[6];
  int statuses[6];
  Family family = { children, 6, 6, statuses, NULL };
  RingChecker checker;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint64 torn = 0;

  ring_checker_init (&checker);
  tl_collector_set_liveness_interval (collector, 5);

  for (guint i = 0; i < 6; i++)
    children[i] = fork_writer (i + 1, i % 2 == 0 ? n : G_MAXUINT64);

  /* Kill the odd ones (who would write forever) after a random while. */
  for (guint round = 0; round < 3; round++)
    {
      guint victim = 2 * round + 1;
      gint64 until = g_get_monotonic_time () + g_rand_int_range (rand, 1000, 30000);

      while (g_get_monotonic_time () < until)
        tl_collector_drain (collector, ring_checker_cb, &checker);
      kill (children[victim], SIGKILL);
    }
  ring_checker_drain_until (&checker, collector, family_done, &family, 100);

  for (guint i = 0; i < 6; i++)
    {
      guint32 worker = i + 1;

      if (i % 2 == 0)
        {
          g_assert_true (WIFEXITED (statuses[i]) && WEXITSTATUS (statuses[i]) == 0);
          g_assert_cmpuint (checker.received[worker], ==, n);
        }
      else
        {
          g_assert_true (WIFSIGNALED (statuses[i]));
          g_assert_cmpuint (checker.received[worker], ==, checker.next_seq[worker]);
        }
      if (checker.producer[worker] != 0)
        {
          const TlProducerStats *p = ring_checker_get_producer (&checker, collector, worker);

          g_assert_true (p->finished);
          g_assert_cmpuint (p->torn, <=, 1);
          torn += p->torn;
        }
    }
  g_test_message ("torn records after 3 random kills: %" G_GUINT64_FORMAT, torn);
  g_assert_cmpuint (checker.gaps + checker.out_of_sequence + checker.out_of_order, ==, 0);

  g_rand_free (rand);
  ring_checker_clear (&checker);
  tl_collector_free (collector);
  free_ring (ring);
}

/* A program started with exec attaches from THREADLINE_RING_FD. */
static void
test_ring_exec_attach (void)
{
  TlRing *ring = make_ring (4, 1024 * 1024, 0);
  TlCollector *collector = tl_collector_new (ring);
  const char *helper = g_getenv ("TL_TEST_EXEC_HELPER");
  RingChecker checker;
  int status;
  pid_t pid;

  g_assert_nonnull (helper);
  ring_checker_init (&checker);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char *argv[] = { (char *) helper, (char *) "7", (char *) "20000", NULL };

      if (tl_ring_prepare_exec (ring) == 0)
        execv (helper, argv);
      _exit (127);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  tl_collector_flush (collector, ring_checker_cb, &checker);

  g_assert_cmpuint (checker.received[7], ==, 20000);
  g_assert_cmpuint (checker.pid[7], ==, pid);
  g_assert_cmpuint (checker.gaps + checker.out_of_sequence, ==, 0);
  g_assert_cmpuint (checker.names, ==, 1);
  g_assert_cmpstr (checker.last_text->str, ==, "exec helper 7");

  /* The descriptor is close-on-exec again here: the flag was cleared in the
   * child only. */
  ring_checker_clear (&checker);
  tl_collector_free (collector);
  free_ring (ring);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/ring/fork/child-slot", test_ring_fork_child_slot);
  g_test_add_func ("/trace/ring/fork/stress", test_ring_stress);
  g_test_add_func ("/trace/ring/fork/sigkill-mid-record", test_ring_sigkill_mid_record);
  g_test_add_func ("/trace/ring/fork/sigkill-random", test_ring_sigkill_random);
  g_test_add_func ("/trace/ring/fork/exec-attach", test_ring_exec_attach);

  return g_test_run ();
}
