/* tl-interp-tasks.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps that start work elsewhere and wait for it: processes and threads
 * running a scenario function, and pools.
 */
#define G_LOG_DOMAIN "tl-interp"

#include "config.h"

#include <string.h>

#include "tl-interp-private.h"

/* ---- processes and threads ------------------------------------------------------- */

static int
call_body (TlExec   *x,
           gpointer  data)
{
  TlHandle *handle = data;
  TlValue *result = NULL;
  int code = 0;

  if (_tl_exec_call (x, handle->func, handle->args, &result) == EXEC_RAISE)
    {
      g_autofree char *where = NULL;

      if (handle->is_process)
        where = g_strdup_printf ("Process %s:", handle->prim.obj.name);
      else
        where = g_strdup_printf ("Exception in thread %s:", handle->prim.obj.name);
      _tl_exec_report_uncaught (x, where);
      code = 1;
    }
  g_clear_pointer (&result, tl_value_unref);
  return code;
}

static ExecStatus
start_process (TlExec      *x,
               const char  *func,
               GPtrArray   *args,
               const char  *name,
               TlHandle   **out)
{
  g_autofree char *process_name = name != NULL ? g_strdup (name) : _tl_process_child_name (x->proc);
  TlHandle *call = _tl_handle_new (TRUE, process_name, func, args);
  TlHandle *handle = NULL;

  if (_tl_spawn_process (x, process_name, call_body, call, &handle) != EXEC_OK)
    return EXEC_RAISE;
  g_ptr_array_add (x->started, handle);
  *out = handle;
  return EXEC_OK;
}

static ExecStatus
start_thread (TlExec      *x,
              const char  *func,
              GPtrArray   *args,
              const char  *name,
              TlHandle   **out)
{
  g_autofree char *thread_name = NULL;
  TlHandle *call, *handle = NULL;

  if (name != NULL)
    thread_name = g_strdup (name);
  else
    thread_name = g_strdup_printf ("Thread-%u (%s)", ++x->proc->n_threads, func);
  call = _tl_handle_new (FALSE, thread_name, func, args);
  if (_tl_spawn_thread (x, thread_name, call_body, call, &handle) != EXEC_OK)
    return EXEC_RAISE;
  g_ptr_array_add (x->started, handle);
  *out = handle;
  return EXEC_OK;
}


ExecStatus
_tl_step_start (TlExec *x,
                TlStmt *stmt)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autofree char *name = NULL;
  TlHandle *handle = NULL;
  ExecStatus status;

  if (_tl_eval_args (x, stmt, &args) != EXEC_OK)
    return EXEC_RAISE;
  if (stmt->text != NULL && _tl_eval_text (x, stmt->text, &name) != EXEC_OK)
    return EXEC_RAISE;
  if (stmt->flags & TL_STMT_FLAG_PROCESS)
    status = start_process (x, stmt->func, args, name, &handle);
  else
    status = start_thread (x, stmt->func, args, name, &handle);
  if (status != EXEC_OK)
    return status;
  if (stmt->name != NULL)
    _tl_interp_bind (x, stmt->name, tl_value_new_object ((TlObj *) handle));
  return EXEC_OK;
}

ExecStatus
_tl_step_join (TlExec *x,
               TlStmt *stmt)
{
  TlObj *obj;
  gint64 timeout;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK || _tl_eval_timeout (x, stmt, &timeout) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) == TL_PRIM_HANDLE)
    return _tl_join (x, (TlHandle *) obj, timeout);
  if (_tl_prim_kind (obj) == TL_PRIM_POOL)
    return _tl_pool_join (x, (TlPool *) obj);
  return _tl_wrong_object (x, "join", obj);
}

ExecStatus
_tl_step_join_all (TlExec *x,
                   TlStmt *stmt)
{
  return _tl_join_all (x);
}

/* ---- pools ----------------------------------------------------------------------- */

/* Binds a step's result to its "into" name, or drops it. */
static void
bind_result (TlExec  *x,
             TlStmt  *stmt,
             TlValue *result)
{
  if (stmt->name != NULL)
    _tl_interp_bind (x, stmt->name, result);
  else
    tl_value_unref (result);
}

ExecStatus
_tl_step_pool (TlExec *x,
               TlStmt *stmt)
{
  TlPool *pool = NULL;
  gint64 n;

  if (_tl_eval_int (x, stmt->value, &n) != EXEC_OK)
    return EXEC_RAISE;
  if (n < 1 || n > 64)
    return _tl_exec_raise (x, "ValueError", "a pool has 1 to 64 workers, not %" G_GINT64_FORMAT, n);
  if (_tl_pool_new (x, (stmt->flags & TL_STMT_FLAG_PROCESS) != 0, n, &pool) != EXEC_OK)
    return EXEC_RAISE;
  _tl_interp_bind (x, stmt->name, tl_value_new_object ((TlObj *) pool));
  return EXEC_OK;
}

ExecStatus
_tl_step_map (TlExec *x,
              TlStmt *stmt)
{
  g_autoptr(TlValue) iterable = NULL;
  g_autoptr(TlValue) items = NULL;
  TlValue *result = NULL;
  gint64 chunksize = 0;
  TlObj *obj;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK ||
      _tl_exec_eval (x, stmt->value, &iterable) != EXEC_OK ||
      _tl_items_of (x, iterable, &items) != EXEC_OK)
    return EXEC_RAISE;
  if (stmt->extra != NULL && _tl_eval_int (x, stmt->extra, &chunksize) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) != TL_PRIM_POOL)
    return _tl_wrong_object (x, "map", obj);
  if (_tl_pool_map (x, (TlPool *) obj, stmt->func, items, chunksize, &result) != EXEC_OK)
    return EXEC_RAISE;
  bind_result (x, stmt, result);
  return EXEC_OK;
}

/* apply_async and submit. */
ExecStatus
_tl_step_apply (TlExec *x,
                TlStmt *stmt)
{
  g_autoptr(GPtrArray) args = NULL;
  TlValue *result = NULL;
  TlObj *obj;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK || _tl_eval_args (x, stmt, &args) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) != TL_PRIM_POOL)
    return _tl_wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
  if (_tl_pool_apply (x, (TlPool *) obj, stmt->func, args, stmt->callback,
                      stmt->error_callback, &result) != EXEC_OK)
    return EXEC_RAISE;
  bind_result (x, stmt, result);
  return EXEC_OK;
}

/* close, terminate and shutdown. */
ExecStatus
_tl_step_close (TlExec *x,
                TlStmt *stmt)
{
  TlObj *obj;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) != TL_PRIM_POOL)
    return _tl_wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
  if (stmt->kind == TL_STMT_TERMINATE)
    _tl_pool_terminate (x, (TlPool *) obj);
  else
    _tl_pool_close (x, (TlPool *) obj);
  if (stmt->kind == TL_STMT_SHUTDOWN)
    return _tl_pool_join (x, (TlPool *) obj);
  return EXEC_OK;
}
