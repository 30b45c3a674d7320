/* tl-preload-sem.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * POSIX semaphores, unnamed (sem_init) and named (sem_open).
 *
 * In a C program a semaphore made with permits is shown as something held
 * (a wait, an acquire, a release: its lane shows its holders); one made
 * with none is a signal: waits on it, and wakes when a post comes.
 *
 * In Python every lock is a semaphore (threading.Lock, RLock, and behind
 * multiprocessing's a named one), and most are the interpreter's own: only
 * those the Python helper registered are shown, as the lock, semaphore or
 * queue the programmer made.  A thread that blocks on any other one is
 * shown waiting, on "Python internals", unless the helper already said
 * what it waits for.
 *
 * A named semaphore has the same id in every process: the hash of its
 * name, so a spawned child that opens it by name finds the same object.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tl-preload-private.h"

/* ---- what a semaphore is --------------------------------------------------------- */

static uint64_t
hash_name (const char *name)
{
  uint64_t h = UINT64_C (0xcbf29ce484222325);

  for (const char *c = name; *c != '\0'; c++)
    h = (h ^ (uint8_t) *c) * UINT64_C (0x100000001b3);
  return tl_shared_mix (h, 0x53454d);
}

/* The entry of a semaphore whose events are recorded, NULL if hidden. */
static TlObjectEntry *
entry_for (sem_t *sem)
{
  TlObjectEntry *e = _tl_objects_lookup (sem);

  if (_tl_process.python)
    return e != NULL && e->show != TL_SHOW_HIDDEN ? e : NULL;
  if (e == NULL)
    {
      /* Made before we could see it (or by a process we do not trace). */
      e = _tl_objects_register (sem);
      if (e == NULL)
        return NULL;
      e->role = TL_ROLE_SEMAPHORE;
      e->show = TL_SHOW_HOLDS;
    }
  return e;
}

static void
describe_c (TlObjectEntry *e,
            bool           shared,
            uint64_t       shared_id,
            unsigned int   value)
{
  e->role = TL_ROLE_SEMAPHORE;
  if (shared)
    {
      e->flags |= TL_OBJECT_SHARED;
      e->id = shared_id;
    }
  if (value == 0)
    {
      e->flags |= TL_OBJECT_SIGNALS;
      e->show = TL_SHOW_WAITS;
    }
  else
    {
      e->show = TL_SHOW_HOLDS;
    }
}

/* The object a TL_SHOW_WAITS semaphore's waits are on, and its role. */
static uint64_t
wait_target (TlObjectEntry *e,
             TlObjectRole  *role)
{
  *role = (TlObjectRole) e->role;
  return e->alias != 0 ? e->alias : e->id;
}

/* ---- making and unmaking ------------------------------------------------------------ */

TL_EXPORT int
sem_init (sem_t        *sem,
          int           pshared,
          unsigned int  value)
{
  int r = TL_REAL (sem_init) (sem, pshared, value);

  if (r != 0 || !_tl_process.active)
    return r;
  _tl_thread.inside++;
  /* Whatever was registered at this address is gone. */
  _tl_objects_remove (sem);
  if (!_tl_process.python)
    {
      TlObjectEntry *e = _tl_objects_register (sem);

      if (e != NULL)
        describe_c (e, pshared != 0, _tl_objects_shared_id (sem), value);
    }
  _tl_thread.inside--;
  return r;
}

TL_EXPORT int
sem_destroy (sem_t *sem)
{
  if (_tl_process.active)
    _tl_objects_remove (sem);
  return TL_REAL (sem_destroy) (sem);
}

/* Python: what the helper of another process said about this semaphore. */
static void
adopt_registration (TlObjectEntry *e)
{
  TlSharedObject *so = tl_shared_object (_tl_process.shared, e->id, false);

  if (so == NULL || __atomic_load_n (&so->show, __ATOMIC_ACQUIRE) == TL_SHOW_HIDDEN)
    return;
  e->role = so->role;
  e->alias = so->alias;
  tl_copy_name (e->name, sizeof e->name, so->name);
  /* Named already by the process that registered it. */
  e->named_pid = _tl_process.pid;
  __atomic_store_n (&e->show, so->show, __ATOMIC_RELEASE);
}

TL_EXPORT sem_t *
sem_open (const char *name,
          int         oflag,
          ...)
{
  mode_t mode = 0;
  unsigned int value = 0;
  TlObjectEntry *e;
  sem_t *sem;
  va_list args;

  if ((oflag & O_CREAT) != 0)
    {
      va_start (args, oflag);
      mode = va_arg (args, mode_t);
      value = va_arg (args, unsigned int);
      va_end (args);
    }
  sem = TL_REAL (sem_open) (name, oflag, mode, value);
  if (sem == SEM_FAILED || !_tl_process.active)
    return sem;

  _tl_thread.inside++;
  e = _tl_objects_lookup (sem);
  if (e == NULL && (e = _tl_objects_register (sem)) != NULL)
    {
      int current = 0;

      if ((oflag & O_CREAT) == 0 && sem_getvalue (sem, &current) == 0)
        value = current > 0 ? (unsigned int) current : 0;
      tl_copy_name (e->name, sizeof e->name, name[0] == '/' ? name + 1 : name);
      describe_c (e, true, hash_name (name), value);
      e->flags |= TL_OBJECT_NAMED_AT;
      if (_tl_process.python)
        {
          e->show = TL_SHOW_HIDDEN;
          adopt_registration (e);
        }
    }
  _tl_thread.inside--;
  return sem;
}

TL_EXPORT int
sem_close (sem_t *sem)
{
  if (_tl_process.active)
    _tl_objects_remove (sem);
  return TL_REAL (sem_close) (sem);
}

/* ---- waiting and posting ---------------------------------------------------------- */

/* The object blocked waits on hidden semaphores are shown on. */
static uint64_t
internals_id (void)
{
  static uint32_t named_pid;
  uint64_t id = tl_shared_mix (0x696e7465726e616c, _tl_process.pid);

  if (named_pid != _tl_process.pid)
    {
      named_pid = _tl_process.pid;
      tl_trace_name (TL_ROLE_NONE, id, "Python internals", strlen ("Python internals"));
    }
  return id;
}

/* Waits for a hidden semaphore of the interpreter's with @call. */
#define WAIT_HIDDEN(sem, call)                                                           \
  do                                                                                     \
    {                                                                                    \
      int saved_ = errno;                                                                \
      int r_;                                                                            \
                                                                                         \
      if (!_tl_process.python || _tl_thread.py_waiting || _tl_thread.internal_waiting)   \
        return call;                                                                     \
      if (TL_REAL (sem_trywait) (sem) == 0)                                              \
        {                                                                                \
          errno = saved_;                                                                \
          return 0;                                                                      \
        }                                                                                \
      tl_preload_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_NONE, 0, internals_id (), 0, 0);      \
      _tl_thread.internal_waiting = 1;                                                   \
      r_ = call;                                                                         \
      _tl_thread.internal_waiting = 0;                                                   \
      tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_NONE, 0, internals_id (), 0, 0);        \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

/* Waits for @sem, whose entry is @e, with @call. */
#define WAIT_SHOWN(sem, e, call)                                                         \
  do                                                                                     \
    {                                                                                    \
      int saved_ = errno;                                                                \
      TlObjectRole role_;                                                                \
      uint64_t id_;                                                                      \
      int r_;                                                                            \
                                                                                         \
      _tl_objects_ensure_named (e);                                                      \
      if (TL_REAL (sem_trywait) (sem) == 0)                                              \
        {                                                                                \
          if ((e)->show == TL_SHOW_HOLDS)                                                \
            _tl_preload_record_acquire ((TlObjectRole) (e)->role, 0, (e)->id, 0, 1); \
          errno = saved_;                                                                \
          return 0;                                                                      \
        }                                                                                \
      if ((e)->show == TL_SHOW_HOLDS)                                                    \
        {                                                                                \
          role_ = (TlObjectRole) (e)->role;                                              \
          id_ = (e)->id;                                                                 \
          tl_preload_record (TL_EVENT_LOCK_WAIT, role_, 0, id_, 0, 0);                     \
        }                                                                                \
      else                                                                               \
        {                                                                                \
          id_ = wait_target (e, &role_);                                                 \
          tl_preload_record (TL_EVENT_WAIT_BEGIN, role_, 0, id_, 0, 0);                    \
        }                                                                                \
      r_ = call;                                                                         \
      if (r_ == 0 && (e)->show == TL_SHOW_HOLDS)                                         \
        _tl_preload_record_acquire (role_, 0, id_, 0, 1);                    \
      else                                                                               \
        tl_preload_record (TL_EVENT_WAIT_END, role_,                                       \
                         r_ != 0 && errno == ETIMEDOUT ? TL_FLAG_TIMEOUT : 0, id_, 0, 0); \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

#define WAIT_FOR_SEM(sem, call)                                                          \
  do                                                                                     \
    {                                                                                    \
      TlObjectEntry *e_;                                                                 \
                                                                                         \
      if (TL_PASS_THROUGH ())                                                            \
        return call;                                                                     \
      e_ = entry_for (sem);                                                              \
      if (e_ == NULL)                                                                    \
        WAIT_HIDDEN (sem, call);                                                         \
      WAIT_SHOWN (sem, e_, call);                                                        \
    }                                                                                    \
  while (0)

TL_EXPORT int
sem_wait (sem_t *sem)
{
  WAIT_FOR_SEM (sem, TL_REAL (sem_wait) (sem));
}

TL_EXPORT int
sem_timedwait (sem_t                 *sem,
               const struct timespec *abstime)
{
  WAIT_FOR_SEM (sem, TL_REAL (sem_timedwait) (sem, abstime));
}

TL_EXPORT int
sem_clockwait (sem_t                 *sem,
               clockid_t              clock,
               const struct timespec *abstime)
{
  WAIT_FOR_SEM (sem, TL_REAL (sem_clockwait) (sem, clock, abstime));
}

TL_EXPORT int
sem_trywait (sem_t *sem)
{
  TlObjectEntry *e;
  int r = TL_REAL (sem_trywait) (sem);

  if (r != 0 || TL_PASS_THROUGH ())
    return r;
  e = entry_for (sem);
  if (e != NULL && e->show == TL_SHOW_HOLDS)
    {
      _tl_objects_ensure_named (e);
      _tl_preload_record_acquire ((TlObjectRole) e->role, TL_FLAG_TRY, e->id, 0, 1);
    }
  return r;
}

TL_EXPORT int
sem_post (sem_t *sem)
{
  TlObjectEntry *e;

  if (TL_PASS_THROUGH ())
    return TL_REAL (sem_post) (sem);
  e = entry_for (sem);
  if (e != NULL)
    {
      _tl_objects_ensure_named (e);
      if (e->show == TL_SHOW_HOLDS)
        _tl_preload_record_release ((TlObjectRole) e->role, 0, e->id, 0, 0);
      else if ((e->flags & TL_OBJECT_SIGNALS) != 0)
        tl_preload_record (TL_EVENT_WAKE, (TlObjectRole) e->role, 0, e->id, 1, 0);
    }
  return TL_REAL (sem_post) (sem);
}
