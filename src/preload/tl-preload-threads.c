/* tl-preload-threads.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Threads: their start (recorded by the new thread, naming its creator),
 * their end, joins, and the names programs give them.  A C thread is
 * named after its start routine ("Thread-2 (worker)", as Python names its
 * own) until the program names it; Python threads are named by the helper.
 *
 * A small table maps pthread_t to the kernel's thread id, for joins and
 * for naming a thread from another one.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "tl-preload-private.h"

#define N_THREADS 1024u  /* a power of two */

typedef struct
{
  pthread_t handle;       /* atomic key; 0 is free */
  uint32_t  tid;          /* atomic; 0 until the thread runs */
  uint32_t  has_pending;  /* atomic: a name given before the thread ran */
  char      pending[16];
} ThreadEntry;

static ThreadEntry threads[N_THREADS];

typedef struct
{
  void     *(*routine) (void *);
  void      *arg;
  uint32_t   creator;
} Start;

static uint32_t
slot_of (pthread_t handle)
{
  return (uint32_t) (((uint64_t) handle * UINT64_C (0x9e3779b97f4a7c15)) >> 32) & (N_THREADS - 1);
}

static ThreadEntry *
table_entry (pthread_t handle)
{
  uint32_t start = slot_of (handle);

  for (uint32_t i = 0; i < N_THREADS; i++)
    {
      ThreadEntry *t = &threads[(start + i) & (N_THREADS - 1)];
      pthread_t expected = 0;

      if (__atomic_load_n (&t->handle, __ATOMIC_ACQUIRE) == handle ||
          __atomic_compare_exchange_n (&t->handle, &expected, handle, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
          expected == handle)
        return t;
    }
  return NULL;
}

/* The thread @handle runs as @tid; true if it was named before, with
 * that name in @given.  (A handle is reused by later threads: the name is
 * taken once.) */
static bool
table_set (pthread_t  handle,
           uint32_t   tid,
           char      *given,
           size_t     size)
{
  ThreadEntry *t = table_entry (handle);

  if (t == NULL)
    return false;
  /* Sequentially consistent with name_pending (): one of the two sees the
   * other's write, so a name given early is never lost. */
  __atomic_store_n (&t->tid, tid, __ATOMIC_SEQ_CST);
  if (!__atomic_exchange_n (&t->has_pending, 0, __ATOMIC_SEQ_CST))
    return false;
  tl_copy_name (given, size, t->pending);
  return true;
}

/* Names @handle, which may not run yet; returns its tid if it does. */
static uint32_t
name_pending (pthread_t   handle,
              const char *name)
{
  ThreadEntry *t = table_entry (handle);

  if (t == NULL)
    return 0;
  tl_copy_name (t->pending, sizeof t->pending, name);
  __atomic_store_n (&t->has_pending, 1, __ATOMIC_SEQ_CST);
  return __atomic_load_n (&t->tid, __ATOMIC_SEQ_CST);
}

uint32_t
_tl_threads_lookup_tid (pthread_t handle)
{
  uint32_t start = slot_of (handle);

  for (uint32_t i = 0; i < N_THREADS; i++)
    {
      ThreadEntry *t = &threads[(start + i) & (N_THREADS - 1)];
      pthread_t h = __atomic_load_n (&t->handle, __ATOMIC_ACQUIRE);

      if (h == handle)
        return __atomic_load_n (&t->tid, __ATOMIC_ACQUIRE);
      if (h == 0)
        return 0;
    }
  return 0;
}

void
_tl_threads_note_self (void)
{
  char unused[16];

  table_set (pthread_self (), _tl_preload_tid (), unused, sizeof unused);
}

void
_tl_threads_after_fork (void)
{
  /* Only the thread that forked lives on in the child. */
  memset (threads, 0, sizeof threads);
  _tl_threads_note_self ();
}

/* ---- start and end --------------------------------------------------------------- */

static void
name_after_routine (uint32_t   tid,
                    void      *(*routine) (void *))
{
  char symbol[64], name[96];
  void *addr;
  uint32_t n = __atomic_add_fetch (&_tl_process.n_threads, 1, __ATOMIC_RELAXED);

  memcpy (&addr, &routine, sizeof addr);
  if (_tl_symbol_name (addr, symbol, sizeof symbol))
    snprintf (name, sizeof name, "Thread-%u (%s)", n, symbol);
  else
    snprintf (name, sizeof name, "Thread-%u", n);
  _tl_preload_name_thread (tid, name);
}

static void
record_thread_exit (uint64_t result)
{
  ThreadEntry *t;

  if (!_tl_process.active)
    return;
  /* glibc hands this handle to a later thread: it is not us any more. */
  if ((t = table_entry (pthread_self ())) != NULL)
    __atomic_store_n (&t->tid, 0, __ATOMIC_SEQ_CST);
  _tl_thread.inside++;
  _tl_preload_flush_print ();
  _tl_gil_release_if_held ();
  tl_preload_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, _tl_preload_tid (), result, 0);
  _tl_thread.inside--;
}

static void *
thread_main (void *data)
{
  Start start = *(Start *) data;
  char given[16];
  bool named;
  void *result;
  uint32_t tid;

  free (data);
  if (_tl_process.active)
    {
      _tl_thread.inside++;
      tid = _tl_preload_tid ();
      tl_trace_thread_init ();
      tl_preload_record (TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0, tid, start.creator, 0);
      /* The name after the routine first, then the thread is known: a
       * name its creator gives from then on is recorded later, and the
       * latest name is the one a lane keeps. */
      if (!_tl_process.python)
        name_after_routine (tid, start.routine);
      named = table_set (pthread_self (), tid, given, sizeof given);
      if (named)
        _tl_preload_name_thread (tid, given);
      _tl_thread.inside--;
    }
  result = start.routine (start.arg);
  record_thread_exit ((uint64_t) (uintptr_t) result);
  return result;
}

TL_EXPORT int
pthread_create (pthread_t            *thread,
                const pthread_attr_t *attr,
                void                 *(*routine) (void *),
                void                 *arg)
{
  Start *start;
  int r;

  if (TL_PASS_THROUGH ())
    return TL_REAL (pthread_create) (thread, attr, routine, arg);
  start = malloc (sizeof *start);
  if (start == NULL)
    return TL_REAL (pthread_create) (thread, attr, routine, arg);
  start->routine = routine;
  start->arg = arg;
  start->creator = _tl_preload_tid ();
  if (_tl_process.python)
    _tl_gil_second_thread ();
  r = TL_REAL (pthread_create) (thread, attr, thread_main, start);
  if (r != 0)
    free (start);
  return r;
}

TL_EXPORT void
pthread_exit (void *result)
{
  record_thread_exit ((uint64_t) (uintptr_t) result);
  TL_REAL (pthread_exit) (result);
  __builtin_unreachable ();
}

/* ---- joins ------------------------------------------------------------------------ */

#define JOIN(thread, call)                                                               \
  do                                                                                     \
    {                                                                                    \
      uint32_t tid_;                                                                     \
      int r_;                                                                            \
                                                                                         \
      if (TL_PASS_THROUGH () || (tid_ = _tl_threads_lookup_tid (thread)) == 0)           \
        return call;                                                                     \
      tl_preload_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_THREAD, 0, tid_, 0, 0);              \
      r_ = call;                                                                         \
      tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_THREAD,                                \
                       r_ == ETIMEDOUT ? TL_FLAG_TIMEOUT : 0, tid_, 0, 0);               \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT int
pthread_join (pthread_t   thread,
              void      **result)
{
  JOIN (thread, TL_REAL (pthread_join) (thread, result));
}

TL_EXPORT int
pthread_timedjoin_np (pthread_t              thread,
                      void                 **result,
                      const struct timespec *abstime)
{
  JOIN (thread, TL_REAL (pthread_timedjoin_np) (thread, result, abstime));
}

/* ---- names ------------------------------------------------------------------------ */

TL_EXPORT int
pthread_setname_np (pthread_t   thread,
                    const char *name)
{
  int r = TL_REAL (pthread_setname_np) (thread, name);
  uint32_t tid;

  if (r != 0 || TL_PASS_THROUGH ())
    return r;
  /* A thread named before it ran takes the name when it starts. */
  tid = pthread_equal (thread, pthread_self ()) ? _tl_preload_tid () : name_pending (thread, name);
  if (tid != 0)
    {
      _tl_thread.inside++;
      _tl_preload_name_thread (tid, name);
      _tl_thread.inside--;
    }
  return r;
}

TL_EXPORT int
prctl (int option,
       ...)
{
  unsigned long a[4];
  va_list args;
  int r;

  va_start (args, option);
  for (int i = 0; i < 4; i++)
    a[i] = va_arg (args, unsigned long);
  va_end (args);

  r = TL_REAL (prctl) (option, a[0], a[1], a[2], a[3]);
  if (r == 0 && option == PR_SET_NAME && !TL_PASS_THROUGH () && a[0] != 0)
    {
      char name[17];

      /* The kernel keeps 15 bytes; so do we. */
      strncpy (name, (const char *) a[0], 16);
      name[15] = '\0';
      _tl_thread.inside++;
      _tl_preload_name_thread (_tl_preload_tid (), name);
      _tl_thread.inside--;
    }
  return r;
}
