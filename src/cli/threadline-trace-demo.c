/* threadline-trace-demo.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records from four forked processes and four threads at once through the
 * shared ring, and prints what the collector received: events per
 * producer, dropped, torn, and the lines the workers printed.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tl-collector.h"
#include "tl-probe.h"

#define N_PROCESSES 4
#define N_THREADS   4
#define MAX_ROWS    64

typedef struct
{
  uint64_t tasks;
  uint64_t first_ns;
  uint64_t last_ns;
  char     name[64];
} Row;

typedef struct
{
  Row      rows[MAX_ROWS];
  uint64_t last_ts;
  uint64_t out_of_order;
} Tally;

static uint64_t n_events = 20000;
static unsigned int work_per_task = 2000;

/* A few microseconds of work, so that the collector (polling every 2 ms)
 * keeps up as it would with a real program; "threadline-trace-demo N 0"
 * runs flat out instead and shows the drop accounting. */
static uint64_t
compute (uint64_t x)
{
  volatile uint64_t acc = x;

  for (unsigned int i = 0; i < work_per_task; i++)
    acc = acc * 6364136223846793005u + 1442695040888963407u;
  return acc;
}

/* What a worker does: named, announces itself, runs tasks, says goodbye. */
static void
work (const char   *kind,
      int           number,
      TlObjectRole  role,
      uint64_t      id)
{
  char text[96];

  snprintf (text, sizeof text, "%s %d", kind, number);
  tl_trace_name (role, id, text, strlen (text));
  tl_trace_record (role == TL_ROLE_PROCESS ? TL_EVENT_PROCESS_START : TL_EVENT_THREAD_START,
                   role, 0, id, 0, 0);
  for (uint64_t i = 0; i < n_events; i++)
    {
      tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, i, i, 0);
      tl_trace_record (TL_EVENT_TASK_END, TL_ROLE_TASK, 0, i, compute (i), 0);
    }
  snprintf (text, sizeof text, "%s %d ran %llu tasks", kind, number,
            (unsigned long long) n_events);
  tl_trace_record_text (TL_EVENT_PRINT, 0, 0, text, strlen (text));
  tl_trace_record (role == TL_ROLE_PROCESS ? TL_EVENT_PROCESS_EXIT : TL_EVENT_THREAD_EXIT,
                   role, 0, id, 0, 0);
}

static void *
thread_main (void *data)
{
  int number = (int) (intptr_t) data;

  work ("thread", number, TL_ROLE_THREAD, (uint64_t) (1000 + number));
  return NULL;
}

static void
collect_cb (const TlCollectedEvent *ev,
            void                   *user_data)
{
  Tally *tally = user_data;
  Row *row = &tally->rows[ev->producer % MAX_ROWS];

  if (ev->event.ts < tally->last_ts)
    tally->out_of_order++;
  tally->last_ts = ev->event.ts;

  if (row->first_ns == 0)
    row->first_ns = ev->event.ts;
  row->last_ns = ev->event.ts;

  if (ev->event.kind == TL_EVENT_TASK_END)
    row->tasks++;
  else if (ev->event.kind == TL_EVENT_NAME && ev->event.role != TL_ROLE_TEXT)
    snprintf (row->name, sizeof row->name, "%s", ev->text);
  else if (ev->event.kind == TL_EVENT_NAME)
    printf ("  [pid %u tid %u] %s\n", ev->pid, ev->tid, ev->text);
}

int
main (int   argc,
      char *argv[])
{
  TlRing *ring = NULL;
  TlCollector *collector;
  TlCollectorStats stats;
  const TlProducerStats *producers;
  pthread_t threads[N_THREADS];
  pid_t children[N_PROCESSES];
  struct timespec pause = { 0, 2000000 };
  Tally tally;
  size_t n_producers;
  int r, alive;

  if (argc > 1)
    n_events = strtoull (argv[1], NULL, 10);
  if (argc > 2)
    work_per_task = (unsigned int) strtoul (argv[2], NULL, 10);

  r = tl_ring_new (NULL, &ring);
  if (r < 0)
    {
      fprintf (stderr, "threadline-trace-demo: cannot create the ring: %s\n", strerror (-r));
      return 1;
    }
  tl_trace_set_ring (ring);
  collector = tl_collector_new (ring);
  memset (&tally, 0, sizeof tally);

  printf ("Recording %d processes and %d threads, %llu tasks each...\n",
          N_PROCESSES, N_THREADS, (unsigned long long) n_events);

  /* Fork while we are still single-threaded. */
  for (int i = 0; i < N_PROCESSES; i++)
    {
      children[i] = fork ();
      if (children[i] == 0)
        {
          work ("process", i + 1, TL_ROLE_PROCESS, (uint64_t) getpid ());
          _exit (0);
        }
    }
  for (int i = 0; i < N_THREADS; i++)
    pthread_create (&threads[i], NULL, thread_main, (void *) (intptr_t) (i + 1));

  alive = N_PROCESSES;
  while (alive > 0)
    {
      tl_collector_drain (collector, collect_cb, &tally);
      nanosleep (&pause, NULL);
      for (int i = 0; i < N_PROCESSES; i++)
        if (children[i] > 0 && waitpid (children[i], NULL, WNOHANG) == children[i])
          {
            children[i] = 0;
            alive--;
          }
    }
  for (int i = 0; i < N_THREADS; i++)
    pthread_join (threads[i], NULL);
  tl_collector_flush (collector, collect_cb, &tally);

  producers = tl_collector_get_producers (collector, &n_producers);
  printf ("\n%-12s %8s %8s %10s %8s %6s %8s %10s\n",
          "producer", "pid", "tid", "delivered", "dropped", "torn", "tasks", "span ms");
  for (size_t i = 0; i < n_producers; i++)
    {
      const Row *row = &tally.rows[i % MAX_ROWS];

      printf ("%-12s %8u %8u %10llu %8llu %6llu %8llu %10.1f\n",
              row->name[0] ? row->name : "(unnamed)",
              producers[i].pid, producers[i].tid,
              (unsigned long long) producers[i].delivered,
              (unsigned long long) producers[i].dropped,
              (unsigned long long) producers[i].torn,
              (unsigned long long) row->tasks,
              (double) (row->last_ns - row->first_ns) / 1e6);
    }

  tl_collector_get_stats (collector, &stats);
  printf ("\n%u producers, %llu events delivered, %llu lost, %llu torn, %llu corrupt; "
          "%llu out of timestamp order\n",
          stats.n_producers,
          (unsigned long long) stats.delivered,
          (unsigned long long) stats.dropped,
          (unsigned long long) stats.torn,
          (unsigned long long) stats.corrupt,
          (unsigned long long) tally.out_of_order);

  tl_trace_set_ring (NULL);
  tl_collector_free (collector);
  tl_ring_free (ring);
  return 0;
}
