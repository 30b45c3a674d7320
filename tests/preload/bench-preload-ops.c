/* bench-preload-ops.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The loops bench-preload times: bench-preload-ops OP N runs one
 * operation (mutex, sem or pipe) N times and prints the CPU time it took
 * per operation, in nanoseconds.  A plain program, as the ones people
 * trace are: no GLib, and never sanitized, so that the interposer can be
 * preloaded into it.
 */
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static void
mutex_loop (uint64_t n)
{
  static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

  for (uint64_t i = 0; i < n; i++)
    {
      pthread_mutex_lock (&mutex);
      pthread_mutex_unlock (&mutex);
    }
}

static void
sem_loop (uint64_t n)
{
  static sem_t sem;
  static int made;

  if (!made)
    made = sem_init (&sem, 0, 0) == 0;
  for (uint64_t i = 0; i < n; i++)
    {
      sem_post (&sem);
      sem_wait (&sem);
    }
}

static void
pipe_loop (uint64_t n)
{
  static int fds[2] = { -1, -1 };
  char drain[65536], byte[8] = { 0 };

  if (fds[0] < 0 && (pipe (fds) != 0 || fcntl (fds[1], F_SETPIPE_SZ, 1 << 20) < 0))
    exit (3);
  for (uint64_t i = 0; i < n; i++)
    {
      if (write (fds[1], byte, sizeof byte) != sizeof byte)
        exit (3);
      /* Emptied now and then, so that the write never blocks. */
      if ((i & 8191) == 8191 && read (fds[0], drain, sizeof drain) < 0)
        exit (3);
    }
  while (n > 0 && read (fds[0], drain, sizeof drain) == (ssize_t) sizeof drain)
    ;
}

static void *
idle_thread (void *data)
{
  pause ();
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  const char *op = argc == 3 ? argv[1] : "";
  uint64_t n = argc == 3 ? strtoull (argv[2], NULL, 10) : 0;
  pthread_t idle;
  void (*loop) (uint64_t) = strcmp (op, "mutex") == 0 ? mutex_loop
                          : strcmp (op, "sem") == 0 ? sem_loop
                          : strcmp (op, "pipe") == 0 ? pipe_loop : NULL;
  double start;

  if (loop == NULL || n == 0)
    {
      fprintf (stderr, "usage: bench-preload-ops mutex|sem|pipe N\n");
      return 2;
    }
  /* A second thread, as a program that needs a mutex has: glibc takes a
   * lock without an atomic instruction while a process has one thread,
   * which would make the plain figure unrealistically small. */
  pthread_create (&idle, NULL, idle_thread, NULL);
  /* Warm up: the first event of a thread claims its buffer.  The time is
   * the thread's CPU time, which other programs on a busy machine do not
   * inflate as they do wall time. */
  loop (n / 10 + 1);
  start = clock_ns (CLOCK_THREAD_CPUTIME_ID);
  loop (n);
  printf ("%.3f\n", (clock_ns (CLOCK_THREAD_CPUTIME_ID) - start) / (double) n);
  fflush (stdout);
  _exit (0);
}
