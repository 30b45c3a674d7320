/* tl-limits.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>

#include "tl-limits.h"

#define NS_PER_S G_GINT64_CONSTANT (1000000000)
/* Events a thread records between two looks at the run's count. */
#define EVENTS_BETWEEN_CHECKS 256

/* In a page every process of the run shares; changed atomically. */
typedef struct
{
  gint   n_processes;
  gint   n_threads;
  gint64 held_bytes;
  gint64 events;
  gint64 window_start;     /* ns: the second whose events are counted */
  gint64 window_events;
  gint   ended;            /* a process went past a bound and wrote: */
  char   message[1024];
} RunCounts;

static RunCounts *counts;

/* Per thread: what it had recorded at its last look. */
static __thread guint64 events_counted;

gboolean
_tl_limits_init (GError **error)
{
  void *page = mmap (NULL, sizeof (RunCounts), PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);

  if (page == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot map the run's counts: %s", g_strerror (saved));
      return FALSE;
    }
  counts = page;
  counts->window_start = _tl_now_ns ();
  return TRUE;
}

const char *
_tl_limits_get_end_message (void)
{
  if (counts == NULL || !__atomic_load_n (&counts->ended, __ATOMIC_ACQUIRE))
    return NULL;
  return counts->message;
}

static void
set_limit (int    resource,
           rlim_t value)
{
  struct rlimit limit;

  if (getrlimit (resource, &limit) != 0)
    return;
  if (limit.rlim_max == RLIM_INFINITY || limit.rlim_max > value)
    limit.rlim_max = value;
  limit.rlim_cur = MIN (limit.rlim_cur, limit.rlim_max);
  setrlimit (resource, &limit);
}

void
_tl_limits_set_rlimits (void)
{
  /* Past the watchdog: a process the watchdog could not end. */
  rlim_t cpu = (rlim_t) TL_RUN_MAX_SECONDS + 60;

#if !defined (__SANITIZE_ADDRESS__) && !defined (__SANITIZE_THREAD__)
  set_limit (RLIMIT_AS, TL_PROCESS_MAX_ADDRESS);
#endif
  set_limit (RLIMIT_CPU, cpu);
  set_limit (RLIMIT_NOFILE, TL_PROCESS_MAX_FILES);
  set_limit (RLIMIT_CORE, 0);
}

double
_tl_limits_watchdog_seconds (double requested,
                             double timeout,
                             double tempo)
{
  double seconds = requested > 0 ? requested : timeout / tempo;

  /* NaN compares false: it ends as the longest. */
  if (!(seconds <= TL_RUN_MAX_SECONDS))
    return TL_RUN_MAX_SECONDS;
  return MAX (seconds, 2.0);
}

void
_tl_limits_end_run (TlExec     *x,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  text = g_strdup_printf ("%s:%u: %s", _tl_engine->origin, x->line, message);
  /* The first to go past a bound says it; threadline-runner records it
   * (this thread's part of the ring may be full) and ends the run, this
   * process with it. */
  if (__atomic_exchange_n (&counts->ended, 2, __ATOMIC_RELAXED) == 0)
    {
      g_strlcpy (counts->message, text, sizeof counts->message);
      __atomic_store_n (&counts->ended, 1, __ATOMIC_RELEASE);
      kill ((pid_t) _tl_engine->runner_pid, SIGUSR1);
    }
  for (;;)
    pause ();
}

void
_tl_limits_enter_main_process (void)
{
  __atomic_add_fetch (&counts->n_processes, 1, __ATOMIC_RELAXED);
}

void
_tl_limits_enter_process (TlExec *x)
{
  if (__atomic_add_fetch (&counts->n_processes, 1, __ATOMIC_RELAXED) > TL_RUN_MAX_PROCESSES)
    _tl_limits_end_run (x, "more than %d processes at once: a run may have at most %d",
                        TL_RUN_MAX_PROCESSES, TL_RUN_MAX_PROCESSES);
}

void
_tl_limits_leave_process (void)
{
  __atomic_sub_fetch (&counts->n_processes, 1, __ATOMIC_RELAXED);
}

void
_tl_limits_enter_thread (TlExec *x)
{
  if (__atomic_add_fetch (&counts->n_threads, 1, __ATOMIC_RELAXED) > TL_RUN_MAX_THREADS)
    _tl_limits_end_run (x, "more than %d threads at once: a run may have at most %d",
                        TL_RUN_MAX_THREADS, TL_RUN_MAX_THREADS);
}

void
_tl_limits_leave_thread (void)
{
  __atomic_sub_fetch (&counts->n_threads, 1, __ATOMIC_RELAXED);
}

/* Sleeps, without the GIL, until the second the run recorded too much
 * in is over. */
static void
slow_down (TlExec *x,
           gint64  window_start)
{
  gint64 left = window_start + NS_PER_S - _tl_now_ns ();
  struct timespec ts;

  if (left <= 0)
    return;
  ts.tv_sec = (time_t) (left / NS_PER_S);
  ts.tv_nsec = (long) (left % NS_PER_S);
  _tl_exec_release_gil (x);
  while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
    ;
  _tl_exec_take_gil (x);
}

static void
count_events (TlExec *x)
{
  guint64 n = _tl_records_made - events_counted;
  gint64 now, start, in_window;

  if (n < EVENTS_BETWEEN_CHECKS)
    return;
  events_counted = _tl_records_made;
  if (__atomic_add_fetch (&counts->events, (gint64) n, __ATOMIC_RELAXED) > TL_RUN_MAX_EVENTS)
    _tl_limits_end_run (x, "more than %d events recorded: a run may record at most %d",
                        TL_RUN_MAX_EVENTS, TL_RUN_MAX_EVENTS);

  now = _tl_now_ns ();
  start = __atomic_load_n (&counts->window_start, __ATOMIC_RELAXED);
  if (now - start >= NS_PER_S &&
      __atomic_compare_exchange_n (&counts->window_start, &start, now, FALSE,
                                   __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    {
      __atomic_store_n (&counts->window_events, 0, __ATOMIC_RELAXED);
      start = now;
    }
  in_window = __atomic_add_fetch (&counts->window_events, (gint64) n, __ATOMIC_RELAXED);
  if (in_window > TL_RUN_MAX_EVENTS_PER_S)
    slow_down (x, start);
}

/* What this process holds beyond what it was born with, told to the run. */
static gint64
count_held (TlProc *proc)
{
  gint64 own = MAX (0, tl_value_get_held_bytes () - proc->held_base);
  gint64 delta = own - proc->held_reported;

  proc->held_reported = own;
  if (delta == 0)
    return __atomic_load_n (&counts->held_bytes, __ATOMIC_RELAXED);
  return __atomic_add_fetch (&counts->held_bytes, delta, __ATOMIC_RELAXED);
}

void
_tl_limits_release_held (TlProc *proc)
{
  __atomic_sub_fetch (&counts->held_bytes, proc->held_reported, __ATOMIC_RELAXED);
  proc->held_reported = 0;
}

ExecStatus
_tl_limits_check (TlExec *x)
{
  count_events (x);
  if (count_held (x->proc) > TL_RUN_MAX_HELD_BYTES)
    return _tl_exec_raise (x, "MemoryError", "the run's values take more than %d MiB",
                           (int) (TL_RUN_MAX_HELD_BYTES >> 20));
  return EXEC_OK;
}

ExecStatus
_tl_limits_check_string (TlExec *x,
                         gsize   bytes)
{
  if (bytes <= TL_VALUE_MAX_STRING)
    return EXEC_OK;
  return _tl_exec_raise (x, "MemoryError", "a string of more than %d MiB",
                         TL_VALUE_MAX_STRING >> 20);
}

ExecStatus
_tl_limits_check_items (TlExec *x,
                        gsize   items)
{
  if (items <= TL_VALUE_MAX_ITEMS)
    return EXEC_OK;
  return _tl_exec_raise (x, "MemoryError", "a list of more than %d items", TL_VALUE_MAX_ITEMS);
}
