/* tl-primitives.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Python's synchronisation primitives and shared values, built on real
 * ones in memory all the scenario's processes share: locks, events,
 * conditions and barriers (tl-primitives.c), queues and pipes
 * (tl-channels.c), Value, Array, SharedMemory and plain lists
 * (tl-shared.c).  Every object starts with a TlPrim.
 */
#pragma once

#include "tl-exec.h"

G_BEGIN_DECLS

typedef enum
{
  TL_PRIM_LOCK,
  TL_PRIM_RLOCK,
  TL_PRIM_SEMAPHORE,
  TL_PRIM_BOUNDED_SEMAPHORE,
  TL_PRIM_EVENT,
  TL_PRIM_CONDITION,
  TL_PRIM_BARRIER,
  TL_PRIM_QUEUE,
  TL_PRIM_PIPE_END,
  TL_PRIM_VALUE,
  TL_PRIM_ARRAY,
  TL_PRIM_SHARED_MEMORY,
  TL_PRIM_MANAGER,
  TL_PRIM_PROXY,
  TL_PRIM_LIST,
  TL_PRIM_HANDLE,
  TL_PRIM_POOL,
  TL_PRIM_RESULT,
} TlPrimKind;

/* Every engine object starts with this. */
typedef struct
{
  TlObj       obj;
  TlPrimKind  kind;
  guint64     id;                /* its id in the trace */
} TlPrim;

TlPrimKind  _tl_prim_kind            (TlObj        *obj);
void        _tl_prim_init            (TlPrim       *prim,
                                      TlPrimKind    kind,
                                      const char   *kind_name,
                                      const char   *name,
                                      TlObjectRole  role);

/* Memory every process of the run shares (inherited through fork). */
gboolean    _tl_arena_init           (gsize         size,
                                      GError      **error);
/* NULL when the arena is full: the caller raises MemoryError. */
gpointer    _tl_arena_alloc          (gsize         size);

/* A robust, process-shared mutex and condition with a monotonic clock. */
typedef struct
{
  pthread_mutex_t mutex;
  pthread_cond_t  cond;
} TlSync;

void        _tl_sync_init            (TlSync       *sync);
void        _tl_sync_lock            (TlSync       *sync);
void        _tl_sync_unlock          (TlSync       *sync);
/* Waits until woken or @deadline (CLOCK_MONOTONIC ns, 0 for none);
 * FALSE on timeout. */
gboolean    _tl_sync_wait            (TlSync       *sync,
                                      gint64        deadline);
void        _tl_sync_broadcast       (TlSync       *sync);
/* The deadline for a wait of @timeout_ns (< 0: none). */
gint64      _tl_deadline_for         (gint64        timeout_ns);

typedef struct _TlLock      TlLock;
typedef struct _TlEvent     TlEventPrim;
typedef struct _TlCondition TlCondition;
typedef struct _TlBarrier   TlBarrier;
typedef struct _TlQueue     TlQueue;
typedef struct _TlPipeEnd   TlPipeEnd;
typedef struct _TlShared    TlShared;    /* Value, Array */
typedef struct _TlShm       TlShm;

/* ---- Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier --- */

TlLock     *_tl_lock_new             (TlPrimKind    kind,
                                      const char   *name,
                                      gint64        count);
/* @timeout_ns < 0: wait for ever.  FALSE: timed out. */
gboolean    _tl_lock_acquire         (TlExec       *x,
                                      TlLock       *lock,
                                      gint64        timeout_ns);
ExecStatus  _tl_lock_release         (TlExec       *x,
                                      TlLock       *lock);

TlEventPrim*_tl_event_new            (const char   *name);
gboolean    _tl_event_wait           (TlExec       *x,
                                      TlEventPrim  *event,
                                      gint64        timeout_ns);
void        _tl_event_set            (TlExec       *x,
                                      TlEventPrim  *event);
void        _tl_event_clear          (TlExec       *x,
                                      TlEventPrim  *event);
gboolean    _tl_event_is_set         (TlEventPrim  *event);

TlCondition*_tl_condition_new        (const char   *name,
                                      TlLock       *lock);
TlLock     *_tl_condition_get_lock   (TlCondition  *cond);
ExecStatus  _tl_condition_wait       (TlExec       *x,
                                      TlCondition  *cond,
                                      gint64        timeout_ns,
                                      gboolean     *notified);
ExecStatus  _tl_condition_notify     (TlExec       *x,
                                      TlCondition  *cond,
                                      gint64        n);

TlBarrier  *_tl_barrier_new          (const char   *name,
                                      gint64        parties);
ExecStatus  _tl_barrier_wait         (TlExec       *x,
                                      TlBarrier    *barrier,
                                      gint64        timeout_ns,
                                      gint64       *index);

/* ---- Queue and Pipe (tl-channels.c) ----------------------------------------- */

TlQueue    *_tl_queue_new            (const char   *name,
                                      gint64        maxsize,
                                      gboolean      record);
ExecStatus  _tl_queue_put            (TlExec       *x,
                                      TlQueue      *queue,
                                      TlValue      *value);
/* *out NULL and EXEC_RAISE on timeout (queue.Empty). */
ExecStatus  _tl_queue_get            (TlExec       *x,
                                      TlQueue      *queue,
                                      gint64        timeout_ns,
                                      TlValue     **out);
gint64      _tl_queue_size           (TlQueue      *queue);

/* Both ends of a Pipe. */
gboolean    _tl_pipe_new             (const char   *name,
                                      const char   *name_a,
                                      const char   *name_b,
                                      TlPipeEnd   **a,
                                      TlPipeEnd   **b,
                                      GError      **error);
ExecStatus  _tl_pipe_send            (TlExec       *x,
                                      TlPipeEnd    *end,
                                      TlValue      *value);
ExecStatus  _tl_pipe_recv            (TlExec       *x,
                                      TlPipeEnd    *end,
                                      gint64        timeout_ns,
                                      TlValue     **out);

/* ---- Value, Array, SharedMemory, plain lists (tl-shared.c) ------------------- */

TlShared   *_tl_shared_new           (TlPrimKind    kind,
                                      const char   *name,
                                      TlValue      *init);
gint64      _tl_shared_length        (TlShared     *shared);
ExecStatus  _tl_shared_read          (TlExec       *x,
                                      TlShared     *shared,
                                      gint64        index,
                                      gint64       *value);
ExecStatus  _tl_shared_write         (TlExec       *x,
                                      TlShared     *shared,
                                      gint64        index,
                                      gint64        value);
TlLock     *_tl_shared_get_lock      (TlShared     *shared);

TlShm      *_tl_shm_new              (const char   *name,
                                      gint64        size,
                                      GError      **error);
ExecStatus  _tl_shm_read             (TlExec       *x,
                                      TlShm        *shm,
                                      TlValue     **out);
ExecStatus  _tl_shm_write            (TlExec       *x,
                                      TlShm        *shm,
                                      TlValue      *value);

/* A plain Python list (process-local, shared by threads). */
typedef struct
{
  TlPrim      prim;
  TlValue    *list;
} TlListObj;

TlListObj  *_tl_list_obj_new         (const char   *name,
                                      TlValue      *init);

G_END_DECLS
