/* tl-primitives.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Python's synchronisation primitives and shared values, built on real
 * ones: every object lives in memory all the scenario's processes share
 * (an anonymous MAP_SHARED arena inherited through fork), guarded by a
 * robust process-shared mutex, so a Lock works between processes as
 * multiprocessing.Lock does, and between threads as threading.Lock does.
 * A process that dies holding one of these mutexes (a crash) does not
 * wedge the others: the next locker makes the state consistent again.
 */
#define G_LOG_DOMAIN "tl-primitives"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <gio/gio.h>

#include "tl-primitives.h"

/* ---- the arena -------------------------------------------------------------- */

typedef struct
{
  gsize size;
  gsize used;          /* bumped atomically: any process may allocate */
} ArenaHeader;

static ArenaHeader *arena;

gboolean
_tl_arena_init (gsize    size,
                GError **error)
{
  void *mem = mmap (NULL, size, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

  if (mem == MAP_FAILED)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot map the shared arena: %s", g_strerror (saved));
      return FALSE;
    }
  arena = mem;
  arena->size = size;
  arena->used = 64;
  return TRUE;
}

gpointer
_tl_arena_alloc (gsize size)
{
  gsize offset;

  g_assert (arena != NULL);
  size = (size + 63) & ~(gsize) 63;
  offset = __atomic_fetch_add (&arena->used, size, __ATOMIC_RELAXED);
  if (offset + size > arena->size || offset + size < offset)
    return NULL;
  return (guint8 *) arena + offset;
}

/* ---- robust process-shared mutex and condition ------------------------------ */

void
_tl_sync_init (TlSync *sync)
{
  pthread_mutexattr_t mattr;
  pthread_condattr_t cattr;

  pthread_mutexattr_init (&mattr);
  pthread_mutexattr_setpshared (&mattr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust (&mattr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init (&sync->mutex, &mattr);
  pthread_mutexattr_destroy (&mattr);

  pthread_condattr_init (&cattr);
  pthread_condattr_setpshared (&cattr, PTHREAD_PROCESS_SHARED);
  pthread_condattr_setclock (&cattr, CLOCK_MONOTONIC);
  pthread_cond_init (&sync->cond, &cattr);
  pthread_condattr_destroy (&cattr);
}

void
_tl_sync_lock (TlSync *sync)
{
  /* A holder that died (a crashed process) leaves the state as it was;
   * every critical section here leaves it consistent at each store. */
  if (pthread_mutex_lock (&sync->mutex) == EOWNERDEAD)
    pthread_mutex_consistent (&sync->mutex);
}

void
_tl_sync_unlock (TlSync *sync)
{
  pthread_mutex_unlock (&sync->mutex);
}

gboolean
_tl_sync_wait (TlSync *sync,
               gint64  deadline)
{
  int r;

  if (deadline <= 0)
    r = pthread_cond_wait (&sync->cond, &sync->mutex);
  else
    {
      struct timespec ts = {
        (time_t) (deadline / G_GINT64_CONSTANT (1000000000)),
        (long) (deadline % G_GINT64_CONSTANT (1000000000))
      };

      r = pthread_cond_timedwait (&sync->cond, &sync->mutex, &ts);
    }
  if (r == EOWNERDEAD)
    pthread_mutex_consistent (&sync->mutex);
  return r != ETIMEDOUT;
}

void
_tl_sync_broadcast (TlSync *sync)
{
  pthread_cond_broadcast (&sync->cond);
}

gint64
_tl_deadline_for (gint64 timeout_ns)
{
  return timeout_ns < 0 ? 0 : _tl_now_ns () + MAX (timeout_ns, 1);
}

void
_tl_prim_init (TlPrim       *prim,
               TlPrimKind    kind,
               const char   *kind_name,
               const char   *name,
               TlObjectRole  role)
{
  prim->obj.kind_name = kind_name;
  prim->obj.name = g_strdup (name);
  prim->kind = kind;
  prim->id = role != TL_ROLE_NONE ? _tl_record_new_object (role, name) : tl_trace_new_id ();
}

TlPrimKind
_tl_prim_kind (TlObj *obj)
{
  return ((TlPrim *) obj)->kind;
}

/* ---- Lock, RLock, Semaphore, BoundedSemaphore --------------------------------- */

struct _TlLock
{
  TlPrim        prim;
  TlSync        sync;
  TlObjectRole  role;
  gint64        count;       /* Lock: 1 when free; semaphores: permits left */
  gint64        max;         /* BoundedSemaphore */
  guint32       owner;       /* RLock */
  guint32       depth;       /* RLock */
};

TlLock *
_tl_lock_new (TlPrimKind  kind,
              const char *name,
              gint64      count)
{
  TlLock *lock = _tl_arena_alloc (sizeof (TlLock));
  static const char *kind_names[] = { "Lock", "RLock", "Semaphore", "BoundedSemaphore" };

  if (lock == NULL)
    return NULL;
  lock->role = kind == TL_PRIM_LOCK ? TL_ROLE_MUTEX :
               kind == TL_PRIM_RLOCK ? TL_ROLE_RLOCK : TL_ROLE_SEMAPHORE;
  _tl_prim_init (&lock->prim, kind, kind_names[kind - TL_PRIM_LOCK], name, lock->role);
  _tl_sync_init (&lock->sync);
  lock->count = kind == TL_PRIM_LOCK || kind == TL_PRIM_RLOCK ? 1 : count;
  lock->max = count;
  return lock;
}

static gboolean
lock_can_take (TlLock  *lock,
               guint32  tid)
{
  if (lock->prim.kind == TL_PRIM_RLOCK)
    return lock->owner == 0 || lock->owner == tid;
  return lock->count > 0;
}

/* Called with the lock's mutex held; records the acquire there. */
static void
lock_take (TlLock  *lock,
           guint32  tid)
{
  guint32 depth = 1;

  if (lock->prim.kind == TL_PRIM_RLOCK)
    {
      lock->owner = tid;
      depth = ++lock->depth;
    }
  else
    lock->count--;
  _tl_record (TL_EVENT_LOCK_ACQUIRE, lock->role, 0, lock->prim.id, 0, depth);
}

/* @have_gil: drop the GIL while blocked, and take it back after. */
static gboolean
lock_acquire (TlExec   *x,
              TlLock   *lock,
              gint64    timeout_ns,
              gboolean  have_gil)
{
  gint64 deadline;
  gboolean got = TRUE;

  _tl_sync_lock (&lock->sync);
  if (lock_can_take (lock, x->tid))
    {
      lock_take (lock, x->tid);
      _tl_sync_unlock (&lock->sync);
      return TRUE;
    }
  if (timeout_ns == 0)
    {
      _tl_sync_unlock (&lock->sync);
      return FALSE;
    }
  _tl_record (TL_EVENT_LOCK_WAIT, lock->role, 0, lock->prim.id, 0, 0);
  _tl_sync_unlock (&lock->sync);

  if (have_gil)
    _tl_exec_release_gil (x);
  deadline = _tl_deadline_for (timeout_ns);
  _tl_sync_lock (&lock->sync);
  while (!lock_can_take (lock, x->tid))
    if (!_tl_sync_wait (&lock->sync, deadline) && !lock_can_take (lock, x->tid))
      {
        got = FALSE;
        break;
      }
  if (got)
    lock_take (lock, x->tid);
  else
    _tl_record (TL_EVENT_WAIT_END, lock->role, TL_FLAG_TIMEOUT, lock->prim.id, 0, 0);
  _tl_sync_unlock (&lock->sync);
  if (have_gil)
    _tl_exec_take_gil (x);
  return got;
}

gboolean
_tl_lock_acquire (TlExec *x,
                  TlLock *lock,
                  gint64  timeout_ns)
{
  return lock_acquire (x, lock, timeout_ns, TRUE);
}

ExecStatus
_tl_lock_release (TlExec *x,
                  TlLock *lock)
{
  const char *problem = NULL;

  _tl_sync_lock (&lock->sync);
  switch (lock->prim.kind)
    {
    case TL_PRIM_RLOCK:
      if (lock->owner != x->tid)
        problem = "cannot release un-acquired lock";
      else
        {
          lock->depth--;
          _tl_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, lock->depth);
          if (lock->depth == 0)
            lock->owner = 0;
        }
      break;
    case TL_PRIM_LOCK:
      if (lock->count > 0)
        problem = "release unlocked lock";
      break;
    case TL_PRIM_BOUNDED_SEMAPHORE:
      if (lock->count >= lock->max)
        problem = "Semaphore released too many times";
      break;
    default:
      break;
    }
  if (problem == NULL && lock->prim.kind != TL_PRIM_RLOCK)
    {
      _tl_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, 0);
      lock->count++;
    }
  if (problem == NULL)
    _tl_sync_broadcast (&lock->sync);
  _tl_sync_unlock (&lock->sync);

  if (problem != NULL)
    return _tl_exec_raise (x, lock->prim.kind == TL_PRIM_BOUNDED_SEMAPHORE ? "ValueError"
                                                                            : "RuntimeError",
                           "%s", problem);
  return EXEC_OK;
}

/* ---- Event ------------------------------------------------------------------------- */

struct _TlEvent
{
  TlPrim  prim;
  TlSync  sync;
  gint    flag;
  gint64  waiters;
};

TlEventPrim *
_tl_event_new (const char *name)
{
  TlEventPrim *event = _tl_arena_alloc (sizeof (TlEventPrim));

  if (event == NULL)
    return NULL;
  _tl_prim_init (&event->prim, TL_PRIM_EVENT, "Event", name, TL_ROLE_EVENT);
  _tl_sync_init (&event->sync);
  return event;
}

gboolean
_tl_event_wait (TlExec      *x,
                TlEventPrim *event,
                gint64       timeout_ns)
{
  gint64 deadline;
  gboolean set;

  _tl_sync_lock (&event->sync);
  if (event->flag)
    {
      _tl_sync_unlock (&event->sync);
      return TRUE;
    }
  event->waiters++;
  _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, 0, event->prim.id, 0, 0);
  _tl_sync_unlock (&event->sync);

  _tl_exec_release_gil (x);
  deadline = _tl_deadline_for (timeout_ns);
  _tl_sync_lock (&event->sync);
  while (!event->flag)
    if (!_tl_sync_wait (&event->sync, deadline))
      break;
  set = event->flag;
  event->waiters--;
  _tl_record (TL_EVENT_WAIT_END, TL_ROLE_EVENT, set ? 0 : TL_FLAG_TIMEOUT,
              event->prim.id, (guint64) set, 0);
  _tl_sync_unlock (&event->sync);
  _tl_exec_take_gil (x);
  return set;
}

void
_tl_event_set (TlExec      *x,
               TlEventPrim *event)
{
  _tl_sync_lock (&event->sync);
  event->flag = 1;
  _tl_record (TL_EVENT_WAKE, TL_ROLE_EVENT, 0, event->prim.id, (guint64) event->waiters, 0);
  _tl_sync_broadcast (&event->sync);
  _tl_sync_unlock (&event->sync);
}

void
_tl_event_clear (TlExec      *x,
                 TlEventPrim *event)
{
  _tl_sync_lock (&event->sync);
  event->flag = 0;
  _tl_record (TL_EVENT_WRITE, TL_ROLE_EVENT, 0, event->prim.id, 0, 0);
  _tl_sync_unlock (&event->sync);
}

gboolean
_tl_event_is_set (TlEventPrim *event)
{
  return g_atomic_int_get (&event->flag) != 0;
}

/* ---- Condition ------------------------------------------------------------------------ */

/* Waiters take tickets and are served in order, as Python's Condition
 * wakes its oldest waiters first. */
struct _TlCondition
{
  TlPrim   prim;
  TlSync   sync;
  TlLock  *lock;
  guint64  next_ticket;
  guint64  served;
};

TlCondition *
_tl_condition_new (const char *name,
                   TlLock     *lock)
{
  TlCondition *cond = _tl_arena_alloc (sizeof (TlCondition));

  if (cond == NULL)
    return NULL;
  _tl_prim_init (&cond->prim, TL_PRIM_CONDITION, "Condition", name, TL_ROLE_CONDITION);
  _tl_sync_init (&cond->sync);
  if (lock == NULL)
    {
      g_autofree char *lock_name = g_strdup_printf ("%s's lock", name);

      lock = _tl_lock_new (TL_PRIM_RLOCK, lock_name, 1);
      if (lock == NULL)
        return NULL;
    }
  cond->lock = lock;
  return cond;
}

TlLock *
_tl_condition_get_lock (TlCondition *cond)
{
  return cond->lock;
}

static gboolean
lock_is_owned (TlLock  *lock,
               guint32  tid)
{
  gboolean owned;

  _tl_sync_lock (&lock->sync);
  owned = lock->prim.kind == TL_PRIM_RLOCK ? lock->owner == tid : lock->count == 0;
  _tl_sync_unlock (&lock->sync);
  return owned;
}

ExecStatus
_tl_condition_wait (TlExec      *x,
                    TlCondition *cond,
                    gint64       timeout_ns,
                    gboolean    *notified)
{
  TlLock *lock = cond->lock;
  guint32 depth = 1;
  guint64 ticket;
  gint64 deadline;
  gboolean served = TRUE;

  if (!lock_is_owned (lock, x->tid))
    return _tl_exec_raise (x, "RuntimeError", "cannot wait on un-acquired lock");

  /* Registered before the lock is let go: a notify needs the lock, so it
   * cannot slip in between and be lost. */
  _tl_sync_lock (&cond->sync);
  ticket = cond->next_ticket++;
  _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, 0, cond->prim.id, 0, 0);
  _tl_sync_unlock (&cond->sync);

  /* Let go of the lock completely, whatever the RLock's depth. */
  _tl_sync_lock (&lock->sync);
  if (lock->prim.kind == TL_PRIM_RLOCK)
    {
      depth = lock->depth;
      for (guint32 d = depth; d-- > 0;)
        _tl_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, d);
      lock->depth = 0;
      lock->owner = 0;
    }
  else
    {
      _tl_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, 0);
      lock->count++;
    }
  _tl_sync_broadcast (&lock->sync);
  _tl_sync_unlock (&lock->sync);

  _tl_exec_release_gil (x);
  deadline = _tl_deadline_for (timeout_ns);
  _tl_sync_lock (&cond->sync);
  while (cond->served <= ticket)
    if (!_tl_sync_wait (&cond->sync, deadline))
      {
        /* A notify that comes later for this ticket is lost, where Python
         * would remove the waiter; no built-in scenario waits with a
         * timeout on a condition that is notified later. */
        served = cond->served > ticket;
        break;
      }
  _tl_record (TL_EVENT_WAIT_END, TL_ROLE_CONDITION, served ? 0 : TL_FLAG_TIMEOUT,
              cond->prim.id, 0, 0);
  _tl_sync_unlock (&cond->sync);

  lock_acquire (x, lock, -1, FALSE);
  for (guint32 d = 1; d < depth; d++)
    lock_acquire (x, lock, -1, FALSE);
  _tl_exec_take_gil (x);

  if (notified != NULL)
    *notified = served;
  return EXEC_OK;
}

ExecStatus
_tl_condition_notify (TlExec      *x,
                      TlCondition *cond,
                      gint64       n)
{
  guint64 woken;

  if (!lock_is_owned (cond->lock, x->tid))
    return _tl_exec_raise (x, "RuntimeError", "cannot notify on un-acquired lock");

  _tl_sync_lock (&cond->sync);
  woken = MIN ((guint64) MAX (n, 0), cond->next_ticket - cond->served);
  cond->served += woken;
  _tl_record (TL_EVENT_WAKE, TL_ROLE_CONDITION, 0, cond->prim.id, woken, 0);
  _tl_sync_broadcast (&cond->sync);
  _tl_sync_unlock (&cond->sync);
  return EXEC_OK;
}

/* ---- Barrier ------------------------------------------------------------------------ */

struct _TlBarrier
{
  TlPrim  prim;
  TlSync  sync;
  gint64  parties;
  gint64  count;
  guint64 generation;
};

TlBarrier *
_tl_barrier_new (const char *name,
                 gint64      parties)
{
  TlBarrier *barrier = _tl_arena_alloc (sizeof (TlBarrier));

  if (barrier == NULL)
    return NULL;
  _tl_prim_init (&barrier->prim, TL_PRIM_BARRIER, "Barrier", name, TL_ROLE_BARRIER);
  _tl_sync_init (&barrier->sync);
  barrier->parties = MAX (parties, 1);
  return barrier;
}

ExecStatus
_tl_barrier_wait (TlExec    *x,
                  TlBarrier *barrier,
                  gint64     timeout_ns,
                  gint64    *index)
{
  guint64 generation;
  gint64 deadline;
  gboolean passed = TRUE;

  _tl_sync_lock (&barrier->sync);
  generation = barrier->generation;
  *index = barrier->parties - 1 - barrier->count;
  if (++barrier->count == barrier->parties)
    {
      barrier->count = 0;
      barrier->generation++;
      _tl_record (TL_EVENT_WAKE, TL_ROLE_BARRIER, 0, barrier->prim.id,
                  (guint64) barrier->parties, 0);
      _tl_sync_broadcast (&barrier->sync);
      _tl_sync_unlock (&barrier->sync);
      return EXEC_OK;
    }
  _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_BARRIER, 0, barrier->prim.id, 0, 0);
  _tl_sync_unlock (&barrier->sync);

  _tl_exec_release_gil (x);
  deadline = _tl_deadline_for (timeout_ns);
  _tl_sync_lock (&barrier->sync);
  while (barrier->generation == generation)
    if (!_tl_sync_wait (&barrier->sync, deadline) && barrier->generation == generation)
      {
        passed = FALSE;
        barrier->count--;
        break;
      }
  _tl_record (TL_EVENT_WAIT_END, TL_ROLE_BARRIER, passed ? 0 : TL_FLAG_TIMEOUT,
              barrier->prim.id, (guint64) *index, 0);
  _tl_sync_unlock (&barrier->sync);
  _tl_exec_take_gil (x);

  if (!passed)
    return _tl_exec_raise (x, "BrokenBarrierError", "the barrier timed out");
  return EXEC_OK;
}
