/* tl-engine-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's insides, shared by its files: the interpreter (tl-interp.c),
 * processes and threads (tl-engine.c), the GIL (tl-gil.c), the primitives
 * (tl-primitives.c), pools (tl-pool.c) and the Manager (tl-manager.c).
 *
 * Rules every file keeps:
 *  - interpreter code (evaluating, touching values and lists) runs only
 *    while its thread holds its process's GIL, as in CPython;
 *  - a step that blocks drops the GIL first and takes it back after;
 *  - the state change of a lock, queue or value and the event that records
 *    it happen together under the primitive's own mutex, so that recorded
 *    order is real order (no "two owners" in the trace).
 */
#pragma once

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "tl-program.h"
#include "tl-scenario.h"
#include "tl-probe.h"
#include "tl-value.h"

G_BEGIN_DECLS

typedef struct _TlEngine TlEngine;
typedef struct _TlProc   TlProc;
typedef struct _TlExec   TlExec;
typedef struct _TlGil    TlGil;
typedef struct _TlPool   TlPool;

/* ---- objects ----------------------------------------------------------------- */

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

/* ---- the engine: one per run, copied into every process by fork ----------- */

struct _TlEngine
{
  TlProgram   *program;
  const char  *origin;
  GHashTable  *globals;          /* name -> TlValue * (parameters and shared objects) */
  double       tempo;            /* speed: every duration is divided by it */
  gint64       switch_interval;  /* the GIL's, in ns, after tempo */
  guint32      runner_pid;       /* names of shared memory and sockets */
  gint64       start_ns;
  GPtrArray   *shm_names;        /* SharedMemory names to unlink at the end */
  GPtrArray   *managers;         /* TlManager * created by the main process */
  gboolean     echo;             /* also print to stderr (debugging) */
};

extern TlEngine *_tl_engine;

/* ---- a process and a thread of the scenario ------------------------------ */

struct _TlProc
{
  pid_t       pid;
  char       *name;
  TlGil      *gil;
  guint       n_children;        /* for the names Process-N */
  guint       n_threads;         /* for the names Thread-N */
  GPtrArray  *pools;             /* TlPool *: terminated at the end if still open */
};

/* The process we are in; replaced in a forked child. */
extern TlProc *_tl_proc;

typedef enum
{
  EXEC_OK = 0,
  EXEC_RETURN,
  EXEC_RAISE,
} ExecStatus;

struct _TlExec
{
  TlProc     *proc;
  guint32     tid;
  char       *name;              /* the thread's name */
  gboolean    holds_gil;
  GPtrArray  *started;           /* TlHandle *: started here, not yet joined */
  GHashTable *locals;            /* the current call's variables */
  TlValue    *exception;         /* while EXEC_RAISE */
  TlValue    *returned;          /* while EXEC_RETURN */
  GRand      *rand;
  guint       depth;
};

TlExec     *_tl_exec_new             (TlProc       *proc,
                                      const char   *name);
void        _tl_exec_free            (TlExec       *x);

/* Around anything that blocks. */
void        _tl_exec_release_gil     (TlExec       *x);
void        _tl_exec_take_gil        (TlExec       *x);
/* The eval breaker: gives the GIL away if another thread asked for it. */
void        _tl_exec_check_gil       (TlExec       *x);

/* Raises a Python exception in @x: records it and returns EXEC_RAISE. */
ExecStatus  _tl_exec_raise           (TlExec       *x,
                                      const char   *type_name,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (3, 4);
ExecStatus  _tl_exec_raise_value     (TlExec       *x,
                                      TlValue      *error);

/* Runs function @name with @args in @x (a call, a thread, a task). */
ExecStatus  _tl_exec_call            (TlExec       *x,
                                      const char   *name,
                                      GPtrArray    *args,
                                      TlValue     **result);
/* Reports an exception nobody caught, as Python prints it. */
void        _tl_exec_report_uncaught (TlExec       *x,
                                      const char   *where);

/* Durations: @ns at tempo 1, and what they take now. */
gint64      _tl_engine_scale         (double        ns);
gint64      _tl_now_ns               (void);

/* Recording helpers. */
void        _tl_record_print         (TlExec       *x,
                                      const char   *text);
void        _tl_record_mark          (TlScenarioMark kind,
                                      const char   *label,
                                      const char   *value);
guint64     _tl_record_new_object    (TlObjectRole  role,
                                      const char   *name);
void        _tl_record_error_reported (const TlValue *error);

/* ---- processes and threads (tl-engine.c) --------------------------------- */

/* What a process or thread of the engine's own runs. */
typedef int (*TlBody) (TlExec   *x,
                       gpointer  data);

typedef struct
{
  TlPrim      prim;
  gboolean    is_process;
  pid_t       pid;
  pthread_t   thread;
  guint32     tid;
  gboolean    joined;
  int         exitcode;          /* Python's: 0, 1 after an exception, -N for signal N */
  char       *func;
  GPtrArray  *args;              /* TlValue * */
  TlProc     *proc;              /* a thread's process */
  TlBody      body;
  gpointer    body_data;
  /* Thread start handshake (Python's Thread.start waits for it), and its
   * end, which any number of threads may join. */
  pthread_mutex_t start_mutex;
  pthread_cond_t  start_cond;
  gboolean    started;
  gboolean    finished;
} TlHandle;

ExecStatus  _tl_start_process        (TlExec       *x,
                                      const char   *func,
                                      GPtrArray    *args,
                                      const char   *name,
                                      TlHandle    **out);
ExecStatus  _tl_start_thread         (TlExec       *x,
                                      const char   *func,
                                      GPtrArray    *args,
                                      const char   *name,
                                      TlHandle    **out);
/* The same for code of the engine's own (a pool's workers, its result
 * handler): @body runs in the new process or thread, with the GIL, and
 * returns its exit code. */
ExecStatus  _tl_spawn_process        (TlExec       *x,
                                      const char   *name,
                                      TlBody        body,
                                      gpointer      data,
                                      TlHandle    **out);
ExecStatus  _tl_spawn_thread         (TlExec       *x,
                                      const char   *name,
                                      TlBody        body,
                                      gpointer      data,
                                      TlHandle    **out);
ExecStatus  _tl_join                 (TlExec       *x,
                                      TlHandle     *handle,
                                      gint64        timeout_ns);
/* Joins every child this thread started and did not join. */
ExecStatus  _tl_join_all             (TlExec       *x);
/* Records a reaped child's end as its parent sees it. */
void        _tl_record_child_exit    (pid_t         pid,
                                      int           status);

/* A forked child's first moves: its own process state, GIL, names. */
TlExec     *_tl_process_begin        (const char   *name,
                                      pid_t         parent);
/* Ends the current process: joins children, closes pools, exits. */
G_GNUC_NORETURN
void        _tl_process_end          (TlExec       *x,
                                      int           exitcode);

/* ---- the interpreter (tl-interp.c) ---------------------------------------- */

ExecStatus  _tl_exec_block           (TlExec       *x,
                                      TlBlock      *block);
ExecStatus  _tl_exec_eval            (TlExec       *x,
                                      TlExpr       *expr,
                                      TlValue     **out);

/* ---- the GIL (tl-gil.c) ---------------------------------------------------- */

TlGil      *_tl_gil_new              (gint64        interval_ns);
void        _tl_gil_take             (TlGil        *gil,
                                      guint32       tid);
void        _tl_gil_drop             (TlGil        *gil,
                                      guint32       tid,
                                      gboolean      forced);
gboolean    _tl_gil_drop_requested   (TlGil        *gil);

/* ---- primitives (tl-primitives.c) ----------------------------------------- */

/* Memory every process of the run shares (inherited through fork). */
gboolean    _tl_arena_init           (gsize         size,
                                      GError      **error);
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


typedef struct _TlLock      TlLock;
typedef struct _TlEvent     TlEventPrim;
typedef struct _TlCondition TlCondition;
typedef struct _TlBarrier   TlBarrier;
typedef struct _TlQueue     TlQueue;
typedef struct _TlPipeEnd   TlPipeEnd;
typedef struct _TlShared    TlShared;    /* Value, Array */
typedef struct _TlShm       TlShm;

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

/* ---- the Manager (tl-manager.c) -------------------------------------------- */

typedef struct _TlManager TlManager;
typedef struct _TlProxy   TlProxy;

TlManager  *_tl_manager_new          (TlExec       *x,
                                      const char   *name,
                                      GError      **error);
ExecStatus  _tl_proxy_new            (TlExec       *x,
                                      TlManager    *manager,
                                      const char   *name,
                                      gboolean      is_dict,
                                      TlValue      *init,
                                      TlProxy     **out);
/* One round trip: @op on the proxy's object with @args. */
ExecStatus  _tl_proxy_call           (TlExec       *x,
                                      TlProxy      *proxy,
                                      const char   *op,
                                      TlValue      *arg1,
                                      TlValue      *arg2,
                                      TlValue     **out);
void        _tl_manager_shutdown     (TlExec       *x,
                                      TlManager    *manager);

/* ---- pools (tl-pool.c) ------------------------------------------------------ */

ExecStatus  _tl_pool_new             (TlExec       *x,
                                      gboolean      processes,
                                      gint64        n_workers,
                                      TlPool      **out);
ExecStatus  _tl_pool_map             (TlExec       *x,
                                      TlPool       *pool,
                                      const char   *func,
                                      TlValue      *items,
                                      gint64        chunksize,
                                      TlValue     **out);
/* apply_async / submit: *out is an AsyncResult / Future. */
ExecStatus  _tl_pool_apply           (TlExec       *x,
                                      TlPool       *pool,
                                      const char   *func,
                                      GPtrArray    *args,
                                      const char   *callback,
                                      const char   *error_callback,
                                      TlValue     **out);
ExecStatus  _tl_pool_result_get      (TlExec       *x,
                                      TlObj        *result,
                                      gint64        timeout_ns,
                                      gboolean      raise,
                                      TlValue     **out);
gboolean    _tl_pool_result_ready    (TlObj        *result);
void        _tl_pool_close           (TlExec       *x,
                                      TlPool       *pool);
ExecStatus  _tl_pool_join            (TlExec       *x,
                                      TlPool       *pool);
void        _tl_pool_terminate       (TlExec       *x,
                                      TlPool       *pool);

G_END_DECLS
