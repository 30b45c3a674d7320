/* counter_threads.c: four threads add to one counter under a mutex.
 *
 * Each thread works out a number, then adds it to a shared counter, many
 * times; the mutex makes each addition whole, so the total is exact.  The
 * threads start together (a barrier), and now and then one keeps the mutex
 * a moment longer, as if it had more to do under it: the others queue up
 * for it.  The timeline shows who holds it and who waits.
 *
 * Build and run it traced:
 *   cc -pthread -o counter_threads counter_threads.c
 *   threadline-cli run -- ./counter_threads
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE  /* pthread_setname_np () */
#endif

#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define THREADS    4
#define INCREMENTS 5000
#define WORK       4000  /* steps of work for each number, outside the mutex */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start_line;
static long counter;

static void
pause_briefly (void)
{
  struct timespec ts = { 0, 20000 };  /* 20 µs of "other work" */

  nanosleep (&ts, NULL);
}

/* Some arithmetic the compiler cannot skip: the work each number takes. */
static long
work_out (long seed)
{
  volatile long x = seed;

  for (int i = 0; i < WORK; i++)
    x = (x * 1103515245 + 12345) & 0x7fffffff;
  return x % 2 + 1;
}

static void *
worker (void *data)
{
  long number = (long) data;
  long added = 0;  /* this thread's own count, to check the shared one */
  char name[16];

  snprintf (name, sizeof name, "worker-%ld", number);
  pthread_setname_np (pthread_self (), name);
  pthread_barrier_wait (&start_line);
  for (int i = 0; i < INCREMENTS; i++)
    {
      long amount = work_out (number * INCREMENTS + i);

      added += amount;
      pthread_mutex_lock (&counter_lock);
      counter += amount;
      if (i % 100 == 0)
        pause_briefly ();
      pthread_mutex_unlock (&counter_lock);
    }
  printf ("worker %ld done\n", number);
  return (void *) added;
}

int
main (void)
{
  pthread_t threads[THREADS];
  long expected = 0;

  pthread_barrier_init (&start_line, NULL, THREADS);
  for (long i = 0; i < THREADS; i++)
    pthread_create (&threads[i], NULL, worker, (void *) (i + 1));
  for (int i = 0; i < THREADS; i++)
    {
      void *added;

      pthread_join (threads[i], &added);
      expected += (long) added;
    }
  printf ("counter = %ld, as the threads added (%s)\n", counter,
          counter == expected ? "none lost" : "some lost");
  return counter == expected ? 0 : 1;
}
