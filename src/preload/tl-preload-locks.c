/* tl-preload-locks.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Mutexes, read-write locks, condition variables and barriers.
 *
 * A lock is first tried: if the try succeeds the lock was free and only
 * the acquire is recorded; otherwise the thread waits, and the wait is
 * recorded before it blocks.  A release is recorded before the real
 * unlock, so it always comes before the next owner's acquire.
 *
 * In a Python process pthread primitives belong to the interpreter (the
 * GIL, tl-preload-gil.c) or to C extensions: they are not shown; Python's
 * own locks are semaphores (tl-preload-sem.c).
 *
 * A read-write lock is recorded with the semaphore role, whose lane allows
 * several holders (the readers); a writer's hold says so in its argument.
 */
#include "config.h"

#include <errno.h>

#include "tl-preload-private.h"

#define MUTEX_KIND_MASK     3     /* PTHREAD_MUTEX_KIND_MASK_NP */
#define MUTEX_PSHARED_BIT   128   /* glibc's PTHREAD_MUTEX_PSHARED_BIT */
#define COND_PSHARED_BIT    1     /* glibc: bit 0 of __wrefs */

static inline bool
shows_pthread (void)
{
  return !_tl_process.python;
}

static inline TlObjectRole
mutex_role (const pthread_mutex_t *mutex)
{
  return (mutex->__data.__kind & MUTEX_KIND_MASK) == PTHREAD_MUTEX_RECURSIVE ? TL_ROLE_RLOCK
                                                                             : TL_ROLE_MUTEX;
}

static uint64_t
mutex_id (pthread_mutex_t *mutex,
          TlObjectRole     role)
{
  uint64_t id = (mutex->__data.__kind & MUTEX_PSHARED_BIT) != 0 ? _tl_objects_shared_id (mutex)
                                                                : _tl_objects_private_id (mutex);

  _tl_objects_name_once (mutex, id, role, NULL);
  return id;
}

static inline uint32_t
mutex_depth (const pthread_mutex_t *mutex,
             TlObjectRole           role)
{
  return role == TL_ROLE_RLOCK ? mutex->__data.__count : 1;
}

/* ---- mutexes ------------------------------------------------------------------ */

TL_EXPORT int
pthread_mutex_init (pthread_mutex_t           *mutex,
                    const pthread_mutexattr_t *attr)
{
  int r = TL_REAL (pthread_mutex_init) (mutex, attr);

  if (r == 0 && _tl_process.python)
    _tl_gil_mutex_init (mutex);
  return r;
}

TL_EXPORT int
pthread_mutex_destroy (pthread_mutex_t *mutex)
{
  if (!TL_PASS_THROUGH () && _tl_process.python)
    _tl_gil_mutex_destroy (mutex);
  return TL_REAL (pthread_mutex_destroy) (mutex);
}

TL_EXPORT int
pthread_mutex_trylock (pthread_mutex_t *mutex)
{
  TlObjectRole role;
  uint64_t id;
  int r;

  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_mutex_trylock) (mutex);
  role = mutex_role (mutex);
  id = mutex_id (mutex, role);
  r = TL_REAL (pthread_mutex_trylock) (mutex);
  if (r == 0)
    {
      _tl_preload_record_acquire (role, TL_FLAG_TRY, id, 0, mutex_depth (mutex, role));
    }
  return r;
}

/* Waits for @mutex with @lock (lock, timedlock or clocklock, closed over by
 * the caller's arguments). */
#define WAIT_FOR_MUTEX(mutex, call)                                                       \
  do                                                                                      \
    {                                                                                     \
      TlObjectRole role_ = mutex_role (mutex);                                            \
      uint64_t id_ = mutex_id (mutex, role_);                                             \
      int r_ = TL_REAL (pthread_mutex_trylock) (mutex);                                   \
                                                                                          \
      if (r_ == 0 || r_ == EOWNERDEAD)                                                    \
        {                                                                                 \
          _tl_preload_record_acquire (role_, 0, id_, 0,                       \
                           mutex_depth (mutex, role_));                                   \
          return r_;                                                                      \
        }                                                                                 \
      if (r_ != EBUSY)                                                                    \
        return call;                                                                      \
      tl_preload_record (TL_EVENT_LOCK_WAIT, role_, 0, id_, 0, 0);                          \
      r_ = call;                                                                          \
      if (r_ == 0 || r_ == EOWNERDEAD)                                                    \
        _tl_preload_record_acquire (role_, 0, id_, 0, mutex_depth (mutex, role_)); \
      else                                                                                \
        tl_preload_record (TL_EVENT_WAIT_END, role_, r_ == ETIMEDOUT ? TL_FLAG_TIMEOUT : 0, \
                         id_, 0, 0);                                                      \
      return r_;                                                                          \
    }                                                                                     \
  while (0)

TL_EXPORT int
pthread_mutex_lock (pthread_mutex_t *mutex)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_mutex_lock) (mutex);
  WAIT_FOR_MUTEX (mutex, TL_REAL (pthread_mutex_lock) (mutex));
}

TL_EXPORT int
pthread_mutex_timedlock (pthread_mutex_t       *mutex,
                         const struct timespec *abstime)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_mutex_timedlock) (mutex, abstime);
  WAIT_FOR_MUTEX (mutex, TL_REAL (pthread_mutex_timedlock) (mutex, abstime));
}

TL_EXPORT int
pthread_mutex_clocklock (pthread_mutex_t       *mutex,
                         clockid_t              clock,
                         const struct timespec *abstime)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_mutex_clocklock) (mutex, clock, abstime);
  WAIT_FOR_MUTEX (mutex, TL_REAL (pthread_mutex_clocklock) (mutex, clock, abstime));
}

/* Records the release of @mutex if this thread holds it. */
static void
record_mutex_release (pthread_mutex_t *mutex)
{
  TlObjectRole role = mutex_role (mutex);

  if ((uint32_t) mutex->__data.__owner != _tl_preload_tid ())
    return;
  _tl_preload_record_release (role, 0, mutex_id (mutex, role), 0,
                   mutex_depth (mutex, role) - (role == TL_ROLE_RLOCK ? 1 : 0));
}

TL_EXPORT int
pthread_mutex_unlock (pthread_mutex_t *mutex)
{
  if (!TL_PASS_THROUGH () && shows_pthread ())
    record_mutex_release (mutex);
  return TL_REAL (pthread_mutex_unlock) (mutex);
}

/* ---- read-write locks ------------------------------------------------------------ */

static uint64_t
rwlock_id (pthread_rwlock_t *rwlock)
{
  uint64_t id = rwlock->__data.__shared != 0 ? _tl_objects_shared_id (rwlock)
                                             : _tl_objects_private_id (rwlock);

  _tl_objects_name_once (rwlock, id, TL_ROLE_SEMAPHORE, "rwlock");
  return id;
}

#define WAIT_FOR_RWLOCK(rwlock, writer, try_call, call)                                  \
  do                                                                                     \
    {                                                                                    \
      uint64_t id_ = rwlock_id (rwlock);                                                 \
      int r_ = try_call;                                                                 \
                                                                                         \
      if (r_ == 0)                                                                       \
        {                                                                                \
          _tl_preload_record_acquire (TL_ROLE_SEMAPHORE, 0, id_, writer, 1); \
          return 0;                                                                      \
        }                                                                                \
      if (r_ != EBUSY)                                                                   \
        return call;                                                                     \
      tl_preload_record (TL_EVENT_LOCK_WAIT, TL_ROLE_SEMAPHORE, 0, id_, writer, 0);        \
      r_ = call;                                                                         \
      if (r_ == 0)                                                                       \
        _tl_preload_record_acquire (TL_ROLE_SEMAPHORE, 0, id_, writer, 1);   \
      else                                                                               \
        tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_SEMAPHORE,                           \
                         r_ == ETIMEDOUT ? TL_FLAG_TIMEOUT : 0, id_, 0, 0);              \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT int
pthread_rwlock_rdlock (pthread_rwlock_t *rwlock)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_rwlock_rdlock) (rwlock);
  WAIT_FOR_RWLOCK (rwlock, 0, TL_REAL (pthread_rwlock_tryrdlock) (rwlock),
                   TL_REAL (pthread_rwlock_rdlock) (rwlock));
}

TL_EXPORT int
pthread_rwlock_wrlock (pthread_rwlock_t *rwlock)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_rwlock_wrlock) (rwlock);
  WAIT_FOR_RWLOCK (rwlock, 1, TL_REAL (pthread_rwlock_trywrlock) (rwlock),
                   TL_REAL (pthread_rwlock_wrlock) (rwlock));
}

TL_EXPORT int
pthread_rwlock_timedrdlock (pthread_rwlock_t      *rwlock,
                            const struct timespec *abstime)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_rwlock_timedrdlock) (rwlock, abstime);
  WAIT_FOR_RWLOCK (rwlock, 0, TL_REAL (pthread_rwlock_tryrdlock) (rwlock),
                   TL_REAL (pthread_rwlock_timedrdlock) (rwlock, abstime));
}

TL_EXPORT int
pthread_rwlock_timedwrlock (pthread_rwlock_t      *rwlock,
                            const struct timespec *abstime)
{
  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_rwlock_timedwrlock) (rwlock, abstime);
  WAIT_FOR_RWLOCK (rwlock, 1, TL_REAL (pthread_rwlock_trywrlock) (rwlock),
                   TL_REAL (pthread_rwlock_timedwrlock) (rwlock, abstime));
}

TL_EXPORT int
pthread_rwlock_tryrdlock (pthread_rwlock_t *rwlock)
{
  int r = TL_REAL (pthread_rwlock_tryrdlock) (rwlock);

  if (r == 0 && !TL_PASS_THROUGH () && shows_pthread ())
    {
      _tl_preload_record_acquire (TL_ROLE_SEMAPHORE, TL_FLAG_TRY, rwlock_id (rwlock), 0, 1);
    }
  return r;
}

TL_EXPORT int
pthread_rwlock_trywrlock (pthread_rwlock_t *rwlock)
{
  int r = TL_REAL (pthread_rwlock_trywrlock) (rwlock);

  if (r == 0 && !TL_PASS_THROUGH () && shows_pthread ())
    {
      _tl_preload_record_acquire (TL_ROLE_SEMAPHORE, TL_FLAG_TRY, rwlock_id (rwlock), 1, 1);
    }
  return r;
}

TL_EXPORT int
pthread_rwlock_unlock (pthread_rwlock_t *rwlock)
{
  if (!TL_PASS_THROUGH () && shows_pthread ())
    _tl_preload_record_release (TL_ROLE_SEMAPHORE, 0, rwlock_id (rwlock), 0, 0);
  return TL_REAL (pthread_rwlock_unlock) (rwlock);
}

/* ---- condition variables ------------------------------------------------------------ */

static uint64_t
cond_id (pthread_cond_t *cond)
{
  uint64_t id = (cond->__data.__wrefs & COND_PSHARED_BIT) != 0 ? _tl_objects_shared_id (cond)
                                                                : _tl_objects_private_id (cond);

  _tl_objects_name_once (cond, id, TL_ROLE_CONDITION, NULL);
  return id;
}

TL_EXPORT int
pthread_cond_init (pthread_cond_t           *cond,
                   const pthread_condattr_t *attr)
{
  int r = TL_REAL (pthread_cond_init) (cond, attr);

  if (r == 0 && _tl_process.python)
    _tl_gil_cond_init (cond);
  return r;
}

/* Waits on @cond with @call: the mutex is let go, the wait recorded, and
 * the mutex taken back when the wait ends. */
#define WAIT_ON_COND(cond, mutex, call)                                                  \
  do                                                                                     \
    {                                                                                    \
      uint64_t cid_ = cond_id (cond);                                                    \
      TlObjectRole mrole_ = mutex_role (mutex);                                          \
      uint64_t mid_ = mutex_id (mutex, mrole_);                                          \
      bool held_ = (uint32_t) (mutex)->__data.__owner == _tl_preload_tid ();             \
      int r_;                                                                            \
                                                                                         \
      if (held_)                                                                         \
        _tl_preload_record_release (mrole_, 0, mid_, 0, 0);                  \
      tl_preload_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, 0, cid_, 0, 0);           \
      r_ = call;                                                                         \
      tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_CONDITION,                             \
                       r_ == ETIMEDOUT ? TL_FLAG_TIMEOUT : 0, cid_, 0, 0);               \
      if (held_)                                                                         \
        _tl_preload_record_acquire (mrole_, 0, mid_, 0, 1);                  \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT int
pthread_cond_wait (pthread_cond_t  *cond,
                   pthread_mutex_t *mutex)
{
  if (TL_PASS_THROUGH ())
    return TL_REAL (pthread_cond_wait) (cond, mutex);
  if (_tl_process.python)
    {
      _tl_gil_cond_wait (cond, false);
      return TL_REAL (pthread_cond_wait) (cond, mutex);
    }
  WAIT_ON_COND (cond, mutex, TL_REAL (pthread_cond_wait) (cond, mutex));
}

TL_EXPORT int
pthread_cond_timedwait (pthread_cond_t        *cond,
                        pthread_mutex_t       *mutex,
                        const struct timespec *abstime)
{
  if (TL_PASS_THROUGH ())
    return TL_REAL (pthread_cond_timedwait) (cond, mutex, abstime);
  if (_tl_process.python)
    {
      _tl_gil_cond_wait (cond, true);
      return TL_REAL (pthread_cond_timedwait) (cond, mutex, abstime);
    }
  WAIT_ON_COND (cond, mutex, TL_REAL (pthread_cond_timedwait) (cond, mutex, abstime));
}

TL_EXPORT int
pthread_cond_clockwait (pthread_cond_t        *cond,
                        pthread_mutex_t       *mutex,
                        clockid_t              clock,
                        const struct timespec *abstime)
{
  if (TL_PASS_THROUGH ())
    return TL_REAL (pthread_cond_clockwait) (cond, mutex, clock, abstime);
  if (_tl_process.python)
    {
      _tl_gil_cond_wait (cond, true);
      return TL_REAL (pthread_cond_clockwait) (cond, mutex, clock, abstime);
    }
  WAIT_ON_COND (cond, mutex, TL_REAL (pthread_cond_clockwait) (cond, mutex, clock, abstime));
}

TL_EXPORT int
pthread_cond_signal (pthread_cond_t *cond)
{
  if (!TL_PASS_THROUGH ())
    {
      if (_tl_process.python)
        _tl_gil_cond_signal (cond);
      else
        tl_preload_record (TL_EVENT_WAKE, TL_ROLE_CONDITION, 0, cond_id (cond), 1, 0);
    }
  return TL_REAL (pthread_cond_signal) (cond);
}

TL_EXPORT int
pthread_cond_broadcast (pthread_cond_t *cond)
{
  if (!TL_PASS_THROUGH () && shows_pthread ())
    tl_preload_record (TL_EVENT_WAKE, TL_ROLE_CONDITION, 0, cond_id (cond), UINT32_MAX, 0);
  return TL_REAL (pthread_cond_broadcast) (cond);
}

/* ---- barriers -------------------------------------------------------------------- */

TL_EXPORT int
pthread_barrier_wait (pthread_barrier_t *barrier)
{
  uint64_t id;
  int r;

  if (TL_PASS_THROUGH () || !shows_pthread ())
    return TL_REAL (pthread_barrier_wait) (barrier);
  id = _tl_objects_private_id (barrier);
  _tl_objects_name_once (barrier, id, TL_ROLE_BARRIER, NULL);
  tl_preload_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_BARRIER, 0, id, 0, 0);
  r = TL_REAL (pthread_barrier_wait) (barrier);
  tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_BARRIER, 0, id, 0, 0);
  return r;
}
