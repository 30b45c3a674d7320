/* tl-pool.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Pool and concurrent.futures.ThreadPoolExecutor, shaped as
 * CPython's are, so their timelines look the same:
 *  - a Pool forks all its workers when it is made; tasks go to them through
 *    a task queue in chunks; they send results back through a result
 *    queue, which a result-handler thread of the pool's owner reads, runs
 *    the callbacks in, and hands to whoever waits;
 *  - a ThreadPoolExecutor starts a worker thread per submit until it has
 *    max_workers, unless one is idle; workers take items from a work queue
 *    and complete the futures themselves.
 * Each item runs as a task (TASK_BEGIN/END with its input and result).
 */
#define G_LOG_DOMAIN "tl-pool"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-pool.h"

struct _TlPool
{
  TlPrim           prim;
  gboolean         processes;
  gint64           max_workers;
  TlQueue         *tasks;
  TlQueue         *results;        /* process pools */
  GPtrArray       *workers;        /* TlHandle * */
  TlHandle        *result_handler; /* process pools */
  pthread_mutex_t  mutex;          /* guards the jobs, in the owner process */
  pthread_cond_t   cond;
  GHashTable      *jobs;           /* job id -> TlResult * */
  guint64          next_job;
  gint64           idle;           /* thread pools: Python's _idle_semaphore */
  guint            pool_number;
  gboolean         closed;
  gboolean         joined;
};

typedef struct
{
  TlPrim     prim;
  TlPool    *pool;
  guint64    job;
  gboolean   is_map;
  gint64     n_items;
  gint64     n_done;
  TlValue   *values;        /* a list: the results in input order */
  TlValue   *error;         /* the first exception */
  char      *callback;
  char      *error_callback;
  gboolean   ready;
} TlResult;

/* ---- running items ---------------------------------------------------------------- */

/* One item of a task: a task span with the item's input and result. */
static ExecStatus
run_item (TlExec     *x,
          const char *func,
          GPtrArray  *args,
          TlValue   **result)
{
  guint64 task = tl_trace_new_id ();
  TlValue *first = args->len > 0 ? g_ptr_array_index (args, 0) : NULL;
  g_autofree char *input = first != NULL ? tl_value_repr (first) : g_strdup ("");
  g_autofree char *name = g_strdup_printf ("%s(%s)", func, input);
  ExecStatus status;
  guint64 arg = first != NULL && first->type == TL_VALUE_INT ? (guint64) first->i : 0;

  _tl_record_name (TL_ROLE_TASK, task, name, strlen (name));
  _tl_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, task, arg, 0);
  status = _tl_exec_call_function (x, func, args, result);
  if (status == EXEC_OK)
    _tl_record (TL_EVENT_TASK_END, TL_ROLE_TASK, 0, task,
                (*result)->type == TL_VALUE_INT ? (guint64) (*result)->i : 0, 0);
  else
    _tl_record (TL_EVENT_TASK_END, TL_ROLE_TASK, TL_FLAG_FAILED, task, 0, 0);
  return status;
}

/* A task: [job, first index, function, [items] or [args], is map]. */
static TlValue *
task_message (guint64     job,
              gint64      start,
              const char *func,
              TlValue    *items,
              gboolean    is_map)
{
  TlValue *message = tl_value_new_list ();

  tl_value_list_append (message, tl_value_new_int ((gint64) job));
  tl_value_list_append (message, tl_value_new_int (start));
  tl_value_list_append (message, tl_value_new_string (func));
  tl_value_list_append (message, tl_value_ref (items));
  tl_value_list_append (message, tl_value_new_bool (is_map));
  return message;
}

/* Runs a task; returns [job, first index, ok, [results] or error]. */
static TlValue *
run_task (TlExec  *x,
          TlValue *task)
{
  TlValue *job = tl_value_list_get (task, 0);
  TlValue *start = tl_value_list_get (task, 1);
  const char *func = tl_value_list_get (task, 2)->s;
  TlValue *items = tl_value_list_get (task, 3);
  gboolean is_map = tl_value_list_get (task, 4)->b;
  g_autoptr(TlValue) results = tl_value_new_list ();
  TlValue *reply = tl_value_new_list ();
  TlValue *error = NULL;

  if (is_map)
    {
      for (guint i = 0; i < tl_value_list_length (items) && error == NULL; i++)
        {
          g_autoptr(GPtrArray) args = g_ptr_array_new ();
          TlValue *result = NULL;

          g_ptr_array_add (args, tl_value_list_get (items, i));
          if (run_item (x, func, args, &result) == EXEC_RAISE)
            error = g_steal_pointer (&x->exception);
          else
            tl_value_list_append (results, result);
        }
    }
  else
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      TlValue *result = NULL;

      for (guint i = 0; i < tl_value_list_length (items); i++)
        g_ptr_array_add (args, tl_value_list_get (items, i));
      if (run_item (x, func, args, &result) == EXEC_RAISE)
        error = g_steal_pointer (&x->exception);
      else
        tl_value_list_append (results, result);
    }

  tl_value_list_append (reply, tl_value_ref (job));
  tl_value_list_append (reply, tl_value_ref (start));
  tl_value_list_append (reply, tl_value_new_bool (error == NULL));
  tl_value_list_append (reply, error != NULL ? error : tl_value_ref (results));
  return reply;
}

/* ---- completing results ------------------------------------------------------------ */

/* Called by whoever completes items, with the GIL (callbacks are Python). */
static void
complete (TlExec  *x,
          TlPool  *pool,
          TlValue *reply)
{
  guint64 job = (guint64) tl_value_list_get (reply, 0)->i;
  gint64 start = tl_value_list_get (reply, 1)->i;
  gboolean ok = tl_value_list_get (reply, 2)->b;
  TlValue *payload = tl_value_list_get (reply, 3);
  TlResult *result;
  gboolean done;

  pthread_mutex_lock (&pool->mutex);
  result = g_hash_table_lookup (pool->jobs, &job);
  if (result == NULL)
    {
      pthread_mutex_unlock (&pool->mutex);
      return;
    }
  if (ok)
    {
      for (guint i = 0; i < tl_value_list_length (payload); i++)
        {
          guint index = (guint) start + i;

          if (index < tl_value_list_length (result->values))
            {
              tl_value_list_set (result->values, index, tl_value_ref (tl_value_list_get (payload, i)));
            }
        }
      result->n_done += tl_value_list_length (payload);
    }
  else
    {
      if (result->error == NULL)
        result->error = tl_value_ref (payload);
      /* A failed chunk counts whole: Python gives up on the map. */
      result->n_done = result->n_items;
    }
  done = result->n_done >= result->n_items;
  pthread_mutex_unlock (&pool->mutex);

  if (!done)
    return;

  /* Callbacks run before the result is ready, as in Python. */
  if (result->error == NULL && result->callback != NULL)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      TlValue *value = result->is_map ? result->values : tl_value_list_get (result->values, 0);
      TlValue *ignored = NULL;

      g_ptr_array_add (args, value);
      if (_tl_exec_call_function (x, result->callback, args, &ignored) == EXEC_RAISE)
        _tl_exec_report_uncaught (x, "Exception in a pool callback:");
      g_clear_pointer (&ignored, tl_value_unref);
      g_clear_pointer (&x->exception, tl_value_unref);
    }
  else if (result->error != NULL && result->error_callback != NULL)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      TlValue *ignored = NULL;

      _tl_record_error_reported (result->error);
      g_ptr_array_add (args, result->error);
      if (_tl_exec_call_function (x, result->error_callback, args, &ignored) == EXEC_RAISE)
        _tl_exec_report_uncaught (x, "Exception in a pool error callback:");
      g_clear_pointer (&ignored, tl_value_unref);
      g_clear_pointer (&x->exception, tl_value_unref);
    }

  pthread_mutex_lock (&pool->mutex);
  result->ready = TRUE;
  _tl_record (TL_EVENT_WAKE, TL_ROLE_EVENT, 0, result->prim.id, 1, 0);
  pthread_cond_broadcast (&pool->cond);
  pthread_mutex_unlock (&pool->mutex);
}

static TlResult *
result_new (TlExec     *x,
            TlPool     *pool,
            const char *func,
            gboolean    is_map,
            gint64      n_items)
{
  TlResult *result = g_new0 (TlResult, 1);
  g_autofree char *name = g_strdup_printf ("%s(%s)", is_map ? "map" : pool->processes ? "apply_async" : "submit",
                                           func);

  result->prim.obj.kind_name = pool->processes ? (is_map ? "MapResult" : "AsyncResult") : "Future";
  result->prim.obj.name = g_strdup (name);
  result->prim.kind = TL_PRIM_RESULT;
  result->prim.id = _tl_record_new_object (TL_ROLE_EVENT, name);
  result->pool = pool;
  result->is_map = is_map;
  result->n_items = n_items;
  result->values = tl_value_new_list ();
  for (gint64 i = 0; i < MAX (n_items, 1); i++)
    tl_value_list_append (result->values, tl_value_none ());

  pthread_mutex_lock (&pool->mutex);
  result->job = ++pool->next_job;
  g_hash_table_insert (pool->jobs, &result->job, result);
  pthread_mutex_unlock (&pool->mutex);
  return result;
}

gboolean
_tl_pool_result_ready (TlObj *obj)
{
  TlResult *result = (TlResult *) obj;
  gboolean ready;

  pthread_mutex_lock (&result->pool->mutex);
  ready = result->ready;
  pthread_mutex_unlock (&result->pool->mutex);
  return ready;
}

ExecStatus
_tl_pool_result_get (TlExec   *x,
                     TlObj    *obj,
                     gint64    timeout_ns,
                     gboolean  raise,
                     TlValue **out)
{
  TlResult *result = (TlResult *) obj;
  TlPool *pool = result->pool;
  gboolean ready;

  *out = NULL;
  pthread_mutex_lock (&pool->mutex);
  ready = result->ready;
  if (!ready)
    {
      gint64 deadline = timeout_ns < 0 ? 0 : _tl_now_ns () + timeout_ns;

      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_EVENT, 0, result->prim.id, 0, 0);
      pthread_mutex_unlock (&pool->mutex);
      _tl_exec_release_gil (x);
      pthread_mutex_lock (&pool->mutex);
      while (!result->ready)
        {
          if (deadline == 0)
            pthread_cond_wait (&pool->cond, &pool->mutex);
          else
            {
              struct timespec ts = { (time_t) (deadline / 1000000000), (long) (deadline % 1000000000) };

              if (pthread_cond_timedwait (&pool->cond, &pool->mutex, &ts) != 0 && !result->ready)
                break;
            }
        }
      ready = result->ready;
      _tl_record (TL_EVENT_WAIT_END, TL_ROLE_EVENT, ready ? 0 : TL_FLAG_TIMEOUT,
                  result->prim.id, 0, 0);
      pthread_mutex_unlock (&pool->mutex);
      _tl_exec_take_gil (x);
    }
  else
    pthread_mutex_unlock (&pool->mutex);

  if (!ready)
    return _tl_exec_raise (x, "TimeoutError", "the result is not ready");
  if (result->error != NULL)
    {
      if (raise)
        return _tl_exec_raise_value (x, tl_value_ref (result->error));
      *out = tl_value_ref (result->error);
      return EXEC_OK;
    }
  *out = tl_value_ref (result->is_map ? result->values : tl_value_list_get (result->values, 0));
  return EXEC_OK;
}

/* ---- process pools ----------------------------------------------------------------- */

static int
process_worker_body (TlExec   *x,
                     gpointer  data)
{
  TlPool *pool = data;

  /* The worker's own start-up, before it asks for work. */
  _tl_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, "start-up", strlen ("start-up"));
  _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);

  for (;;)
    {
      TlValue *task = NULL;
      g_autoptr(TlValue) reply = NULL;

      if (_tl_queue_get (x, pool->tasks, -1, &task) != EXEC_OK)
        return 1;
      if (task->type != TL_VALUE_LIST)
        {
          /* The sentinel: the pool is closing. */
          tl_value_unref (task);
          return 0;
        }
      reply = run_task (x, task);
      tl_value_unref (task);
      if (_tl_queue_put (x, pool->results, reply) != EXEC_OK)
        return 1;
    }
}

static int
result_handler_body (TlExec   *x,
                     gpointer  data)
{
  TlPool *pool = data;

  for (;;)
    {
      g_autoptr(TlValue) reply = NULL;

      if (_tl_queue_get (x, pool->results, -1, &reply) != EXEC_OK)
        return 1;
      if (reply->type != TL_VALUE_LIST)
        return 0;
      complete (x, pool, reply);
    }
}

/* ---- thread pools -------------------------------------------------------------------- */

static int
thread_worker_body (TlExec   *x,
                    gpointer  data)
{
  TlPool *pool = data;

  for (;;)
    {
      TlValue *task = NULL;
      g_autoptr(TlValue) reply = NULL;

      if (_tl_queue_get (x, pool->tasks, -1, &task) != EXEC_OK)
        return 1;
      if (task->type != TL_VALUE_LIST)
        {
          tl_value_unref (task);
          return 0;
        }
      reply = run_task (x, task);
      tl_value_unref (task);
      complete (x, pool, reply);
      /* Idle again: the next submit need not start a thread. */
      pthread_mutex_lock (&pool->mutex);
      pool->idle++;
      pthread_mutex_unlock (&pool->mutex);
    }
}

/* ThreadPoolExecutor._adjust_thread_count: a new worker unless one is idle. */
static ExecStatus
adjust_thread_count (TlExec *x,
                     TlPool *pool)
{
  g_autofree char *name = NULL;
  TlHandle *handle = NULL;
  gboolean idle;

  pthread_mutex_lock (&pool->mutex);
  idle = pool->idle > 0;
  if (idle)
    pool->idle--;
  pthread_mutex_unlock (&pool->mutex);
  if (idle || (gint64) pool->workers->len >= pool->max_workers)
    return EXEC_OK;

  name = g_strdup_printf ("ThreadPoolExecutor-%u_%u", pool->pool_number, pool->workers->len);
  if (_tl_spawn_thread (x, name, thread_worker_body, pool, &handle) != EXEC_OK)
    return EXEC_RAISE;
  g_ptr_array_add (pool->workers, handle);
  return EXEC_OK;
}

static void
terminate_at_exit (TlExec   *x,
                   gpointer  data)
{
  _tl_pool_terminate (x, data);
}

/* ---- the pool ------------------------------------------------------------------------- */

ExecStatus
_tl_pool_new (TlExec    *x,
              gboolean   processes,
              gint64     n_workers,
              TlPool   **out)
{
  static guint n_pools;
  TlPool *pool = g_new0 (TlPool, 1);
  g_autofree char *name = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *results = NULL;

  pool->pool_number = n_pools++;
  name = processes ? g_strdup_printf ("Pool-%u", pool->pool_number + 1)
                   : g_strdup_printf ("ThreadPoolExecutor-%u", pool->pool_number);
  pool->prim.obj.kind_name = processes ? "Pool" : "ThreadPoolExecutor";
  pool->prim.obj.name = g_strdup (name);
  pool->prim.kind = TL_PRIM_POOL;
  pool->prim.id = tl_trace_new_id ();
  pool->processes = processes;
  pool->max_workers = n_workers;
  pool->workers = g_ptr_array_new ();
  pool->jobs = g_hash_table_new (g_int64_hash, g_int64_equal);
  pthread_mutex_init (&pool->mutex, NULL);
  pthread_cond_init (&pool->cond, NULL);

  tasks = g_strdup_printf ("%s task queue", name);
  pool->tasks = _tl_queue_new (tasks, 0, TRUE);
  if (pool->tasks == NULL)
    return _tl_exec_raise (x, "MemoryError", "the run's shared memory is full: no room for a pool");
  /* A pool left open is terminated when its process ends. */
  _tl_proc_at_exit (x->proc, terminate_at_exit, pool);
  *out = pool;
  if (!processes)
    return EXEC_OK;

  results = g_strdup_printf ("%s result queue", name);
  pool->results = _tl_queue_new (results, 0, TRUE);
  if (pool->results == NULL)
    return _tl_exec_raise (x, "MemoryError", "the run's shared memory is full: no room for a pool");

  /* All workers first, while this process has no thread of the pool's. */
  _tl_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, "start workers", strlen ("start workers"));
  for (gint64 i = 0; i < n_workers; i++)
    {
      g_autofree char *worker = g_strdup_printf ("ForkPoolWorker-%u", ++x->proc->n_children);
      TlHandle *handle = NULL;

      if (_tl_spawn_process (x, worker, process_worker_body, pool, &handle) != EXEC_OK)
        {
          _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
          return EXEC_RAISE;
        }
      g_ptr_array_add (pool->workers, handle);
    }
  _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);

  {
    g_autofree char *handler = g_strdup_printf ("Thread-%u (_handle_results)", ++x->proc->n_threads);

    return _tl_spawn_thread (x, handler, result_handler_body, pool, &pool->result_handler);
  }
}

ExecStatus
_tl_pool_map (TlExec      *x,
              TlPool      *pool,
              const char  *func,
              TlValue     *items,
              gint64       chunksize,
              TlValue    **out)
{
  gint64 n = tl_value_list_length (items);
  TlResult *result;

  if (pool->closed)
    return _tl_exec_raise (x, "ValueError", "Pool not running");
  result = result_new (x, pool, func, TRUE, n);

  if (pool->processes)
    {
      /* Pool.map's default: about four chunks per worker. */
      if (chunksize <= 0)
        {
          chunksize = n / (pool->max_workers * 4);
          if (n % (pool->max_workers * 4) != 0)
            chunksize++;
          chunksize = MAX (chunksize, 1);
        }
    }
  else
    chunksize = 1;   /* Executor.map submits each item */

  for (gint64 start = 0; start < n; start += chunksize)
    {
      g_autoptr(TlValue) chunk = tl_value_new_list ();
      g_autoptr(TlValue) task = NULL;

      for (gint64 i = start; i < MIN (start + chunksize, n); i++)
        tl_value_list_append (chunk, tl_value_ref (tl_value_list_get (items, (guint) i)));
      task = task_message (result->job, start, func, chunk, TRUE);
      if (!pool->processes && adjust_thread_count (x, pool) != EXEC_OK)
        return EXEC_RAISE;
      if (_tl_queue_put (x, pool->tasks, task) != EXEC_OK)
        return EXEC_RAISE;
    }
  if (n == 0)
    {
      result->ready = TRUE;
      *out = tl_value_new_list ();
      return EXEC_OK;
    }
  return _tl_pool_result_get (x, (TlObj *) result, -1, TRUE, out);
}

ExecStatus
_tl_pool_apply (TlExec      *x,
                TlPool      *pool,
                const char  *func,
                GPtrArray   *args,
                const char  *callback,
                const char  *error_callback,
                TlValue    **out)
{
  g_autoptr(TlValue) items = tl_value_new_list ();
  g_autoptr(TlValue) task = NULL;
  TlResult *result;

  if (pool->closed)
    return _tl_exec_raise (x, pool->processes ? "ValueError" : "RuntimeError",
                           pool->processes ? "Pool not running"
                                           : "cannot schedule new futures after shutdown");
  result = result_new (x, pool, func, FALSE, 1);
  result->callback = g_strdup (callback);
  result->error_callback = g_strdup (error_callback);
  for (guint i = 0; i < args->len; i++)
    tl_value_list_append (items, tl_value_ref (g_ptr_array_index (args, i)));
  task = task_message (result->job, 0, func, items, FALSE);
  if (!pool->processes && adjust_thread_count (x, pool) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_queue_put (x, pool->tasks, task) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_object ((TlObj *) result);
  return EXEC_OK;
}

void
_tl_pool_close (TlExec *x,
                TlPool *pool)
{
  g_autoptr(TlValue) sentinel = tl_value_none ();

  if (pool->closed)
    return;
  pool->closed = TRUE;
  /* One sentinel per worker: each stops at the first it gets. */
  for (guint i = 0; i < pool->workers->len; i++)
    _tl_queue_put (x, pool->tasks, sentinel);
  g_clear_pointer (&x->exception, tl_value_unref);
}

static void
stop_result_handler (TlExec *x,
                     TlPool *pool)
{
  g_autoptr(TlValue) sentinel = tl_value_none ();

  if (pool->result_handler == NULL || pool->result_handler->joined)
    return;
  _tl_queue_put (x, pool->results, sentinel);
  _tl_join (x, pool->result_handler, -1);
  g_clear_pointer (&x->exception, tl_value_unref);
}

ExecStatus
_tl_pool_join (TlExec *x,
               TlPool *pool)
{
  if (!pool->closed)
    return _tl_exec_raise (x, "ValueError", "Pool is still running: close it before join");
  if (pool->joined)
    return EXEC_OK;
  for (guint i = 0; i < pool->workers->len; i++)
    _tl_join (x, g_ptr_array_index (pool->workers, i), -1);
  stop_result_handler (x, pool);
  pool->joined = TRUE;
  return EXEC_OK;
}

void
_tl_pool_terminate (TlExec *x,
                    TlPool *pool)
{
  if (pool->joined)
    return;
  if (pool->processes)
    {
      pool->closed = TRUE;
      for (guint i = 0; i < pool->workers->len; i++)
        {
          TlHandle *handle = g_ptr_array_index (pool->workers, i);

          if (!handle->joined)
            kill (handle->pid, SIGTERM);
        }
      for (guint i = 0; i < pool->workers->len; i++)
        _tl_join (x, g_ptr_array_index (pool->workers, i), -1);
      stop_result_handler (x, pool);
    }
  else
    {
      _tl_pool_close (x, pool);
      for (guint i = 0; i < pool->workers->len; i++)
        _tl_join (x, g_ptr_array_index (pool->workers, i), -1);
    }
  pool->joined = TRUE;
}
