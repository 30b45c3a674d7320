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
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>

#include "tl-engine-private.h"

#define QUEUE_SLOTS      128
#define QUEUE_SLOT_BYTES 2040
#define PIPE_MAX_BYTES   65536

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
  if (offset + size > arena->size)
    g_error ("The scenario's shared memory is exhausted (%zu bytes)", arena->size);
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

static gint64
deadline_for (gint64 timeout_ns)
{
  return timeout_ns < 0 ? 0 : _tl_now_ns () + MAX (timeout_ns, 1);
}

static void
prim_init (TlPrim       *prim,
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

  lock->role = kind == TL_PRIM_LOCK ? TL_ROLE_MUTEX :
               kind == TL_PRIM_RLOCK ? TL_ROLE_RLOCK : TL_ROLE_SEMAPHORE;
  prim_init (&lock->prim, kind, kind_names[kind - TL_PRIM_LOCK], name, lock->role);
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
  tl_trace_record (TL_EVENT_LOCK_ACQUIRE, lock->role, 0, lock->prim.id, 0, depth);
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
  tl_trace_record (TL_EVENT_LOCK_WAIT, lock->role, 0, lock->prim.id, 0, 0);
  _tl_sync_unlock (&lock->sync);

  if (have_gil)
    _tl_exec_release_gil (x);
  deadline = deadline_for (timeout_ns);
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
    tl_trace_record (TL_EVENT_WAIT_END, lock->role, TL_FLAG_TIMEOUT, lock->prim.id, 0, 0);
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
          tl_trace_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, lock->depth);
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
      tl_trace_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, 0);
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

  prim_init (&event->prim, TL_PRIM_EVENT, "Event", name, TL_ROLE_EVENT);
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
  tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, 0, event->prim.id, 0, 0);
  _tl_sync_unlock (&event->sync);

  _tl_exec_release_gil (x);
  deadline = deadline_for (timeout_ns);
  _tl_sync_lock (&event->sync);
  while (!event->flag)
    if (!_tl_sync_wait (&event->sync, deadline))
      break;
  set = event->flag;
  event->waiters--;
  tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_EVENT, set ? 0 : TL_FLAG_TIMEOUT,
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
  tl_trace_record (TL_EVENT_WAKE, TL_ROLE_EVENT, 0, event->prim.id, (guint64) event->waiters, 0);
  _tl_sync_broadcast (&event->sync);
  _tl_sync_unlock (&event->sync);
}

void
_tl_event_clear (TlExec      *x,
                 TlEventPrim *event)
{
  _tl_sync_lock (&event->sync);
  event->flag = 0;
  tl_trace_record (TL_EVENT_WRITE, TL_ROLE_EVENT, 0, event->prim.id, 0, 0);
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

  prim_init (&cond->prim, TL_PRIM_CONDITION, "Condition", name, TL_ROLE_CONDITION);
  _tl_sync_init (&cond->sync);
  if (lock == NULL)
    {
      g_autofree char *lock_name = g_strdup_printf ("%s's lock", name);

      lock = _tl_lock_new (TL_PRIM_RLOCK, lock_name, 1);
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
  tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, 0, cond->prim.id, 0, 0);
  _tl_sync_unlock (&cond->sync);

  /* Let go of the lock completely, whatever the RLock's depth. */
  _tl_sync_lock (&lock->sync);
  if (lock->prim.kind == TL_PRIM_RLOCK)
    {
      depth = lock->depth;
      for (guint32 d = depth; d-- > 0;)
        tl_trace_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, d);
      lock->depth = 0;
      lock->owner = 0;
    }
  else
    {
      tl_trace_record (TL_EVENT_LOCK_RELEASE, lock->role, 0, lock->prim.id, 0, 0);
      lock->count++;
    }
  _tl_sync_broadcast (&lock->sync);
  _tl_sync_unlock (&lock->sync);

  _tl_exec_release_gil (x);
  deadline = deadline_for (timeout_ns);
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
  tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_CONDITION, served ? 0 : TL_FLAG_TIMEOUT,
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
  tl_trace_record (TL_EVENT_WAKE, TL_ROLE_CONDITION, 0, cond->prim.id, woken, 0);
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

  prim_init (&barrier->prim, TL_PRIM_BARRIER, "Barrier", name, TL_ROLE_BARRIER);
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
      tl_trace_record (TL_EVENT_WAKE, TL_ROLE_BARRIER, 0, barrier->prim.id,
                       (guint64) barrier->parties, 0);
      _tl_sync_broadcast (&barrier->sync);
      _tl_sync_unlock (&barrier->sync);
      return EXEC_OK;
    }
  tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_BARRIER, 0, barrier->prim.id, 0, 0);
  _tl_sync_unlock (&barrier->sync);

  _tl_exec_release_gil (x);
  deadline = deadline_for (timeout_ns);
  _tl_sync_lock (&barrier->sync);
  while (barrier->generation == generation)
    if (!_tl_sync_wait (&barrier->sync, deadline) && barrier->generation == generation)
      {
        passed = FALSE;
        barrier->count--;
        break;
      }
  tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_BARRIER, passed ? 0 : TL_FLAG_TIMEOUT,
                   barrier->prim.id, (guint64) *index, 0);
  _tl_sync_unlock (&barrier->sync);
  _tl_exec_take_gil (x);

  if (!passed)
    return _tl_exec_raise (x, "BrokenBarrierError", "the barrier timed out");
  return EXEC_OK;
}

/* ---- Queue ---------------------------------------------------------------------------- */

typedef struct
{
  guint64 message;
  guint32 len;
  char    data[QUEUE_SLOT_BYTES];
} QueueSlot;

struct _TlQueue
{
  TlPrim    prim;
  TlSync    sync;
  gint64    capacity;
  gint64    head;
  gint64    count;
  gint64    getters;
  gboolean  record;
  QueueSlot slots[];
};

TlQueue *
_tl_queue_new (const char *name,
               gint64      maxsize,
               gboolean    record)
{
  gint64 capacity = maxsize > 0 ? MIN (maxsize, QUEUE_SLOTS) : QUEUE_SLOTS;
  TlQueue *queue = _tl_arena_alloc (sizeof (TlQueue) + (gsize) capacity * sizeof (QueueSlot));

  prim_init (&queue->prim, TL_PRIM_QUEUE, "Queue", name, TL_ROLE_QUEUE);
  _tl_sync_init (&queue->sync);
  queue->capacity = capacity;
  queue->record = record;
  return queue;
}

ExecStatus
_tl_queue_put (TlExec  *x,
               TlQueue *queue,
               TlValue *value)
{
  g_autofree char *data = tl_value_serialize (value);
  gsize len;
  QueueSlot *slot;
  gboolean waited = FALSE;

  if (data == NULL)
    return _tl_exec_raise (x, "TypeError", "cannot send a %s through a queue",
                           tl_value_type_name (value));
  len = strlen (data);
  if (len > QUEUE_SLOT_BYTES)
    return _tl_exec_raise (x, "ValueError", "this item is too large for a queue (%zu bytes)", len);

  _tl_sync_lock (&queue->sync);
  if (queue->count == queue->capacity)
    {
      tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
      _tl_sync_unlock (&queue->sync);
      _tl_exec_release_gil (x);
      waited = TRUE;
      _tl_sync_lock (&queue->sync);
      while (queue->count == queue->capacity)
        _tl_sync_wait (&queue->sync, 0);
    }
  slot = &queue->slots[(queue->head + queue->count) % queue->capacity];
  slot->message = tl_trace_new_id ();
  slot->len = (guint32) len;
  memcpy (slot->data, data, len);
  queue->count++;
  if (queue->record)
    tl_trace_record (TL_EVENT_SEND, TL_ROLE_QUEUE, 0, queue->prim.id, slot->message, (guint32) len);
  if (waited)
    tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
  _tl_sync_broadcast (&queue->sync);
  _tl_sync_unlock (&queue->sync);
  if (waited)
    _tl_exec_take_gil (x);
  return EXEC_OK;
}

ExecStatus
_tl_queue_get (TlExec   *x,
               TlQueue  *queue,
               gint64    timeout_ns,
               TlValue **out)
{
  g_autofree char *data = NULL;
  gboolean waited = FALSE;
  QueueSlot *slot;
  TlValue *value;

  *out = NULL;
  _tl_sync_lock (&queue->sync);
  if (queue->count == 0)
    {
      gint64 deadline;

      if (timeout_ns == 0)
        {
          _tl_sync_unlock (&queue->sync);
          return _tl_exec_raise (x, "Empty", "the queue is empty");
        }
      tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
      _tl_sync_unlock (&queue->sync);
      _tl_exec_release_gil (x);
      waited = TRUE;
      deadline = deadline_for (timeout_ns);
      _tl_sync_lock (&queue->sync);
      while (queue->count == 0)
        if (!_tl_sync_wait (&queue->sync, deadline) && queue->count == 0)
          {
            tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_QUEUE, TL_FLAG_TIMEOUT,
                             queue->prim.id, 0, 0);
            _tl_sync_unlock (&queue->sync);
            _tl_exec_take_gil (x);
            return _tl_exec_raise (x, "Empty", "no item arrived in time");
          }
    }
  slot = &queue->slots[queue->head];
  data = g_strndup (slot->data, slot->len);
  if (queue->record)
    tl_trace_record (TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 0, queue->prim.id, slot->message, slot->len);
  if (waited)
    tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
  queue->head = (queue->head + 1) % queue->capacity;
  queue->count--;
  _tl_sync_broadcast (&queue->sync);
  _tl_sync_unlock (&queue->sync);
  if (waited)
    _tl_exec_take_gil (x);

  value = tl_value_deserialize (data, NULL);
  if (value == NULL)
    return _tl_exec_raise (x, "RuntimeError", "a damaged item came out of the queue");
  *out = value;
  return EXEC_OK;
}

gint64
_tl_queue_size (TlQueue *queue)
{
  gint64 count;

  _tl_sync_lock (&queue->sync);
  count = queue->count;
  _tl_sync_unlock (&queue->sync);
  return count;
}

/* ---- Pipe -------------------------------------------------------------------------- */

struct _TlPipeEnd
{
  TlPrim   prim;
  int      fd;
  guint64  pipe_id;      /* both ends record as one channel */
};

gboolean
_tl_pipe_new (const char  *name,
              const char  *name_a,
              const char  *name_b,
              TlPipeEnd  **a,
              TlPipeEnd  **b,
              GError     **error)
{
  int fds[2];
  guint64 id;

  /* Datagram-like: one send is one recv, as Connection.send/recv. */
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create a pipe: %s", g_strerror (saved));
      return FALSE;
    }
  id = _tl_record_new_object (TL_ROLE_PIPE, name);
  *a = g_new0 (TlPipeEnd, 1);
  *b = g_new0 (TlPipeEnd, 1);
  (*a)->prim.obj.kind_name = (*b)->prim.obj.kind_name = "Connection";
  (*a)->prim.obj.name = g_strdup (name_a);
  (*b)->prim.obj.name = g_strdup (name_b);
  (*a)->prim.kind = (*b)->prim.kind = TL_PRIM_PIPE_END;
  (*a)->prim.id = (*b)->prim.id = id;
  (*a)->pipe_id = (*b)->pipe_id = id;
  (*a)->fd = fds[0];
  (*b)->fd = fds[1];
  return TRUE;
}

ExecStatus
_tl_pipe_send (TlExec    *x,
               TlPipeEnd *end,
               TlValue   *value)
{
  g_autofree char *data = tl_value_serialize (value);
  g_autofree guint8 *buf = NULL;
  guint64 message = tl_trace_new_id ();
  gsize len;
  ssize_t r;

  if (data == NULL)
    return _tl_exec_raise (x, "TypeError", "cannot send a %s through a pipe",
                           tl_value_type_name (value));
  len = strlen (data);
  if (len + 8 > PIPE_MAX_BYTES)
    return _tl_exec_raise (x, "ValueError", "this item is too large for a pipe");
  buf = g_malloc (len + 8);
  memcpy (buf, &message, 8);
  memcpy (buf + 8, data, len);

  /* Recorded first, so the send is never later than its receive. */
  tl_trace_record (TL_EVENT_SEND, TL_ROLE_PIPE, 0, end->pipe_id, message, (guint32) len);
  _tl_exec_release_gil (x);
  do
    r = send (end->fd, buf, len + 8, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  _tl_exec_take_gil (x);
  if (r < 0)
    return _tl_exec_raise (x, "BrokenPipeError", "%s", g_strerror (errno));
  return EXEC_OK;
}

ExecStatus
_tl_pipe_recv (TlExec    *x,
               TlPipeEnd *end,
               gint64     timeout_ns,
               TlValue  **out)
{
  g_autofree guint8 *buf = g_malloc (PIPE_MAX_BYTES + 1);
  g_autofree char *data = NULL;
  struct pollfd pfd = { end->fd, POLLIN, 0 };
  gboolean waited = FALSE;
  guint64 message;
  ssize_t r;

  *out = NULL;
  if (poll (&pfd, 1, 0) <= 0)
    {
      int ms = timeout_ns < 0 ? -1 : (int) MIN (timeout_ns / 1000000, G_MAXINT);

      tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PIPE, 0, end->pipe_id, 0, 0);
      waited = TRUE;
      _tl_exec_release_gil (x);
      do
        r = poll (&pfd, 1, ms);
      while (r < 0 && errno == EINTR);
      if (r == 0)
        {
          tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_PIPE, TL_FLAG_TIMEOUT, end->pipe_id, 0, 0);
          _tl_exec_take_gil (x);
          return _tl_exec_raise (x, "TimeoutError", "nothing arrived on the pipe in time");
        }
    }
  else
    _tl_exec_release_gil (x);

  do
    r = recv (end->fd, buf, PIPE_MAX_BYTES, 0);
  while (r < 0 && errno == EINTR);
  if (r >= 8)
    {
      memcpy (&message, buf, 8);
      tl_trace_record (TL_EVENT_RECEIVE, TL_ROLE_PIPE, 0, end->pipe_id, message, (guint32) (r - 8));
    }
  if (waited)
    tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_PIPE, 0, end->pipe_id, 0, 0);
  _tl_exec_take_gil (x);

  if (r < 8)
    return _tl_exec_raise (x, "EOFError", "the other end of the pipe is closed");
  data = g_strndup ((char *) buf + 8, (gsize) r - 8);
  *out = tl_value_deserialize (data, NULL);
  if (*out == NULL)
    return _tl_exec_raise (x, "RuntimeError", "a damaged message came out of the pipe");
  return EXEC_OK;
}

/* ---- Value and Array ------------------------------------------------------------------ */

/* Each access takes the value's own mutex, as a synchronized
 * multiprocessing.Value does for each .value get and set; that does not
 * make "counter.value += 1" atomic: the read and the write are two
 * accesses, and the race lives between them. */
struct _TlShared
{
  TlPrim   prim;
  TlSync   access;
  TlLock  *lock;           /* get_lock () */
  gint64   length;
  /* Followed by length element ids, then length values. */
};

static guint64 *
shared_ids (TlShared *shared)
{
  return (guint64 *) (shared + 1);
}

static gint64 *
shared_values (TlShared *shared)
{
  return (gint64 *) (shared_ids (shared) + shared->length);
}

TlShared *
_tl_shared_new (TlPrimKind  kind,
                const char *name,
                TlValue    *init)
{
  gint64 length = 1;
  TlShared *shared;
  g_autofree char *lock_name = g_strdup_printf ("%s.get_lock()", name);

  if (kind == TL_PRIM_ARRAY)
    length = init->type == TL_VALUE_LIST ? tl_value_list_length (init) : MAX (init->i, 0);
  shared = _tl_arena_alloc (sizeof (TlShared) + (gsize) length * 16);
  shared->length = length;
  prim_init (&shared->prim, kind, kind == TL_PRIM_VALUE ? "Value" : "Array", name,
             kind == TL_PRIM_VALUE ? TL_ROLE_VALUE : TL_ROLE_NONE);
  _tl_sync_init (&shared->access);
  shared->lock = _tl_lock_new (TL_PRIM_RLOCK, lock_name, 1);

  for (gint64 i = 0; i < length; i++)
    {
      if (kind == TL_PRIM_VALUE)
        shared_ids (shared)[i] = shared->prim.id;
      else
        {
          g_autofree char *element = g_strdup_printf ("%s[%" G_GINT64_FORMAT "]", name, i);

          shared_ids (shared)[i] = _tl_record_new_object (TL_ROLE_VALUE, element);
        }
      if (init->type == TL_VALUE_LIST)
        {
          TlValue *item = tl_value_list_get (init, (guint) i);

          shared_values (shared)[i] = item->type == TL_VALUE_INT ? item->i : 0;
        }
      else if (kind == TL_PRIM_VALUE && init->type == TL_VALUE_INT)
        shared_values (shared)[i] = init->i;
    }
  return shared;
}

gint64
_tl_shared_length (TlShared *shared)
{
  return shared->length;
}

static ExecStatus
check_index (TlExec   *x,
             TlShared *shared,
             gint64   *index)
{
  if (*index < 0)
    *index += shared->length;
  if (*index < 0 || *index >= shared->length)
    return _tl_exec_raise (x, "IndexError", "array index out of range");
  return EXEC_OK;
}

ExecStatus
_tl_shared_read (TlExec   *x,
                 TlShared *shared,
                 gint64    index,
                 gint64   *value)
{
  if (check_index (x, shared, &index) != EXEC_OK)
    return EXEC_RAISE;
  _tl_sync_lock (&shared->access);
  *value = shared_values (shared)[index];
  tl_trace_record (TL_EVENT_READ, TL_ROLE_VALUE, 0, shared_ids (shared)[index],
                   (guint64) *value, 0);
  _tl_sync_unlock (&shared->access);
  return EXEC_OK;
}

ExecStatus
_tl_shared_write (TlExec   *x,
                  TlShared *shared,
                  gint64    index,
                  gint64    value)
{
  if (check_index (x, shared, &index) != EXEC_OK)
    return EXEC_RAISE;
  _tl_sync_lock (&shared->access);
  shared_values (shared)[index] = value;
  tl_trace_record (TL_EVENT_WRITE, TL_ROLE_VALUE, 0, shared_ids (shared)[index],
                   (guint64) value, 0);
  _tl_sync_unlock (&shared->access);
  return EXEC_OK;
}

TlLock *
_tl_shared_get_lock (TlShared *shared)
{
  return shared->lock;
}

/* ---- SharedMemory ---------------------------------------------------------------------- */

struct _TlShm
{
  TlPrim  prim;
  gint64  size;
  char   *data;
};

TlShm *
_tl_shm_new (const char  *name,
             gint64       size,
             GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/threadline-%u-%s", _tl_engine->runner_pid, name);
  TlShm *shm;
  void *mem;
  int fd;

  size = MAX (size, 1);
  fd = shm_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || ftruncate (fd, size) < 0 ||
      (mem = mmap (NULL, (gsize) size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
    {
      int saved = errno;

      if (fd >= 0)
        {
          close (fd);
          shm_unlink (path);
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the shared memory block %s: %s", path, g_strerror (saved));
      return NULL;
    }
  close (fd);
  g_ptr_array_add (_tl_engine->shm_names, g_steal_pointer (&path));

  shm = g_new0 (TlShm, 1);
  prim_init (&shm->prim, TL_PRIM_SHARED_MEMORY, "SharedMemory", name, TL_ROLE_SHARED_MEMORY);
  shm->size = size;
  shm->data = mem;
  return shm;
}

ExecStatus
_tl_shm_read (TlExec   *x,
              TlShm    *shm,
              TlValue **out)
{
  gsize len = strnlen (shm->data, (gsize) shm->size);

  *out = tl_value_new_string_take (g_strndup (shm->data, len));
  tl_trace_record (TL_EVENT_READ, TL_ROLE_SHARED_MEMORY, 0, shm->prim.id, len, 0);
  return EXEC_OK;
}

ExecStatus
_tl_shm_write (TlExec  *x,
               TlShm   *shm,
               TlValue *value)
{
  g_autofree char *text = tl_value_to_string (value);
  gsize len = MIN (strlen (text), (gsize) shm->size - 1);

  memcpy (shm->data, text, len);
  shm->data[len] = '\0';
  tl_trace_record (TL_EVENT_WRITE, TL_ROLE_SHARED_MEMORY, 0, shm->prim.id, len, 0);
  return EXEC_OK;
}

/* ---- plain lists --------------------------------------------------------------------- */

TlListObj *
_tl_list_obj_new (const char *name,
                  TlValue    *init)
{
  TlListObj *list = g_new0 (TlListObj, 1);

  prim_init (&list->prim, TL_PRIM_LIST, "list", name, TL_ROLE_VALUE);
  list->list = tl_value_new_list ();
  if (init != NULL && init->type == TL_VALUE_LIST)
    for (guint i = 0; i < tl_value_list_length (init); i++)
      tl_value_list_append (list->list, tl_value_ref (tl_value_list_get (init, i)));
  return list;
}
