/* preload-probe.c: small C programs for test-preload-runtime.c, one per
 * argument, each using one kind of thing the interposer records.
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
pause_ms (int ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

  nanosleep (&ts, NULL);
}

static void
send_all (int         fd,
          const char *text)
{
  size_t len = strlen (text) + 1;

  if (write (fd, text, len) != (ssize_t) len)
    exit (3);
}

/* A child process writes three messages into a pipe; the parent reads. */
static int
pipe_messages (void)
{
  int fds[2];
  char buf[64];
  pid_t child;

  if (pipe (fds) != 0)
    return 2;
  child = fork ();
  if (child == 0)
    {
      close (fds[0]);
      send_all (fds[1], "one");
      pause_ms (20);
      send_all (fds[1], "two");
      pause_ms (20);
      send_all (fds[1], "three");
      _exit (0);
    }
  close (fds[1]);
  for (int i = 0; i < 3; i++)
    {
      /* Each message ends with its NUL: read exactly one. */
      size_t len = strlen (i == 0 ? "one" : i == 1 ? "two" : "three") + 1;

      if (read (fds[0], buf, len) != (ssize_t) len)
        return 3;
    }
  waitpid (child, NULL, 0);
  return 0;
}

/* A question and its answer through a socket pair, between processes. */
static int
socket_pair (void)
{
  int sv[2];
  char buf[16];
  pid_t child;

  if (socketpair (AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 2;
  child = fork ();
  if (child == 0)
    {
      close (sv[0]);
      if (recv (sv[1], buf, 5, MSG_WAITALL) != 5)
        _exit (3);
      send (sv[1], "pong", 5, 0);
      _exit (0);
    }
  close (sv[1]);
  pause_ms (10);
  send (sv[0], "ping", 5, 0);
  if (recv (sv[0], buf, 5, MSG_WAITALL) != 5)
    return 3;
  waitpid (child, NULL, 0);
  return 0;
}

static sem_t signal_sem;

static void *
signaller (void *data)
{
  pause_ms (30);
  sem_post (&signal_sem);
  return NULL;
}

/* An unnamed semaphore with no permit signals one thread from another; a
 * named one with a permit is a lock shared by two processes. */
static int
semaphores (void)
{
  pthread_t thread;
  sem_t *lock;
  pid_t child;

  sem_init (&signal_sem, 0, 0);
  pthread_create (&thread, NULL, signaller, NULL);
  sem_wait (&signal_sem);
  pthread_join (thread, NULL);

  sem_unlink ("/threadline-probe");
  lock = sem_open ("/threadline-probe", O_CREAT | O_EXCL, 0600, 1);
  if (lock == SEM_FAILED)
    return 2;
  child = fork ();
  sem_wait (lock);
  pause_ms (20);
  sem_post (lock);
  if (child == 0)
    _exit (0);
  waitpid (child, NULL, 0);
  sem_unlink ("/threadline-probe");
  return 0;
}

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int queued;

static void *
consumer (void *data)
{
  for (int taken = 0; taken < 3; taken++)
    {
      pthread_mutex_lock (&queue_lock);
      while (queued == 0)
        pthread_cond_wait (&queue_ready, &queue_lock);
      queued--;
      pthread_mutex_unlock (&queue_lock);
    }
  return NULL;
}

/* A consumer waits on a condition for what a producer puts. */
static int
condition (void)
{
  pthread_t thread;

  pthread_create (&thread, NULL, consumer, NULL);
  for (int i = 0; i < 3; i++)
    {
      pause_ms (15);
      pthread_mutex_lock (&queue_lock);
      queued++;
      pthread_cond_signal (&queue_ready);
      pthread_mutex_unlock (&queue_lock);
    }
  pthread_join (thread, NULL);
  return 0;
}

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t readers_in;

static void *
reader (void *data)
{
  pthread_rwlock_rdlock (&table_lock);
  pthread_barrier_wait (&readers_in);  /* both readers hold it here */
  pthread_rwlock_unlock (&table_lock);
  return NULL;
}

/* Two readers hold a read-write lock together, then a writer alone. */
static int
rwlock (void)
{
  pthread_t threads[2];

  pthread_barrier_init (&readers_in, NULL, 2);
  for (int i = 0; i < 2; i++)
    pthread_create (&threads[i], NULL, reader, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join (threads[i], NULL);
  pthread_rwlock_wrlock (&table_lock);
  pthread_rwlock_unlock (&table_lock);
  return 0;
}

static void *
names_itself (void *data)
{
  prctl (PR_SET_NAME, "by-prctl");
  return NULL;
}

static void *
waits_a_moment (void *data)
{
  pause_ms (20);
  return NULL;
}

/* A thread named by its creator, one that names itself, and a program
 * spawned with an empty environment. */
static int
names_and_spawn (void)
{
  char *argv[] = { (char *) "/bin/true", NULL };
  char *envp[] = { NULL };
  pthread_t a, b;
  pid_t child;

  pthread_create (&a, NULL, names_itself, NULL);
  pthread_create (&b, NULL, waits_a_moment, NULL);
  pthread_setname_np (b, "by-creator");
  pthread_join (a, NULL);
  pthread_join (b, NULL);
  if (posix_spawn (&child, argv[0], NULL, NULL, argv, envp) != 0)
    return 2;
  waitpid (child, NULL, 0);
  return 0;
}

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Says "ready" and waits for a line on stdin (the test stops the reader
 * meanwhile), then locks and unlocks until its buffer is full and two
 * events waited the ring's whole timeout (about a second: the ring then
 * drops them), and says "done". */
static int
flood (void)
{
  static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  char line[16];
  int waited_out = 0;

  printf ("ready\n");
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return 3;
  for (long i = 0; i < 100000000 && waited_out < 2; i++)
    {
      double start = now_s ();

      pthread_mutex_lock (&mutex);
      pthread_mutex_unlock (&mutex);
      if (now_s () - start > 0.9)
        waited_out++;
    }
  printf ("done\n");
  fflush (stdout);
  return waited_out == 2 ? 0 : 4;
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char *name;
    int       (*run) (void);
  } probes[] = {
    { "pipe", pipe_messages },
    { "socketpair", socket_pair },
    { "semaphores", semaphores },
    { "condition", condition },
    { "rwlock", rwlock },
    { "names-and-spawn", names_and_spawn },
    { "flood", flood },
  };

  for (size_t i = 0; argc > 1 && i < sizeof probes / sizeof probes[0]; i++)
    if (strcmp (argv[1], probes[i].name) == 0)
      return probes[i].run ();
  fprintf (stderr, "usage: preload-probe pipe|socketpair|semaphores|condition|rwlock|names-and-spawn|"
           "flood\n");
  return 2;
}
