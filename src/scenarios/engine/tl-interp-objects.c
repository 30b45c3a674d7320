/* tl-interp-objects.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps on objects: shared values and lists (read, write, +=, t[k] = v,
 * append, pop), locks (acquire, release, with), waits and wake-ups (wait,
 * notify, set, clear), queues and pipes (put, get, send, recv).
 */
#define G_LOG_DOMAIN "tl-interp"

#include "config.h"

#include <sched.h>
#include <string.h>

#include "tl-interp-private.h"

TlLock *
_tl_lock_of (TlObj *obj)
{
  switch (_tl_prim_kind (obj))
    {
    case TL_PRIM_LOCK:
    case TL_PRIM_RLOCK:
    case TL_PRIM_SEMAPHORE:
    case TL_PRIM_BOUNDED_SEMAPHORE:
      return (TlLock *) obj;
    case TL_PRIM_CONDITION:
      return _tl_condition_get_lock ((TlCondition *) obj);
    case TL_PRIM_VALUE:
    case TL_PRIM_ARRAY:
      return _tl_shared_get_lock ((TlShared *) obj);
    default:
      return NULL;
    }
}

ExecStatus
_tl_wrong_object (TlExec     *x,
                  const char *step,
                  TlObj      *obj)
{
  return _tl_exec_raise (x, "TypeError", "“%s” does not work on %s %s", step, obj->kind_name,
                         obj->name != NULL ? obj->name : "");
}

/* ---- places: what read, write and += work on ------------------------------------ */

typedef struct
{
  TlShared *shared;
  gint64    index;
  TlShm    *shm;
  char     *local;      /* a variable of the function */
} Place;

static ExecStatus
resolve_place (TlExec *x,
               TlExpr *target,
               Place  *place)
{
  TlExpr *base = target;
  TlValue *value;

  memset (place, 0, sizeof *place);
  if (target->kind == TL_EXPR_ATTR && strcmp (target->name, "value") == 0)
    base = target->a;
  else if (target->kind == TL_EXPR_INDEX)
    base = target->a;
  if (base->kind != TL_EXPR_NAME)
    return _tl_exec_raise (x, "TypeError", "cannot read or write this");

  /* The shared value wins over a variable of the same name: after "read
   * counter", the variable counter holds what was read. */
  value = g_hash_table_lookup (_tl_engine->globals, base->name);
  if (value == NULL || value->type != TL_VALUE_OBJECT)
    {
      if (target != base)
        return _tl_exec_raise (x, "TypeError", "“%s” is not a shared value", base->name);
      place->local = base->name;
      return EXEC_OK;
    }
  switch (_tl_prim_kind (value->obj))
    {
    case TL_PRIM_VALUE:
      place->shared = (TlShared *) value->obj;
      return EXEC_OK;
    case TL_PRIM_ARRAY:
      place->shared = (TlShared *) value->obj;
      if (target->kind != TL_EXPR_INDEX)
        return _tl_exec_raise (x, "TypeError", "read or write an element: %s[i]", base->name);
      return _tl_eval_int (x, target->b, &place->index);
    case TL_PRIM_SHARED_MEMORY:
      place->shm = (TlShm *) value->obj;
      return EXEC_OK;
    default:
      return _tl_wrong_object (x, "read", value->obj);
    }
}

ExecStatus
_tl_step_update (TlExec *x,
                 TlStmt *stmt)
{
  g_autoptr(TlValue) delta = NULL;
  g_autoptr(TlValue) current = NULL;
  g_autoptr(TlValue) result = NULL;
  Place place;
  gint64 v;

  if (resolve_place (x, stmt->target, &place) != EXEC_OK ||
      _tl_exec_eval (x, stmt->value, &delta) != EXEC_OK)
    return EXEC_RAISE;

  if (place.local != NULL)
    {
      TlValue *old = _tl_interp_lookup (x, place.local);

      if (old == NULL)
        return _tl_exec_raise (x, "NameError", "name '%s' is not defined", place.local);
      if (_tl_eval_binary (x, stmt->flags & TL_STMT_FLAG_SUBTRACT ? TL_OP_SUB : TL_OP_ADD,
                       old, delta, &result) != EXEC_OK)
        return EXEC_RAISE;
      _tl_interp_bind (x, place.local, g_steal_pointer (&result));
      return EXEC_OK;
    }
  if (place.shared == NULL)
    return _tl_exec_raise (x, "TypeError", "+= works on a Value or an Array element");

  /* Three steps, as CPython runs "counter.value += 1": a read, an add, a
   * write, with a bytecode boundary (a chance to switch) between them. */
  if (_tl_shared_read (x, place.shared, place.index, &v) != EXEC_OK)
    return EXEC_RAISE;
  current = tl_value_new_int (v);
  _tl_exec_check_gil (x);
  sched_yield ();
  if (_tl_eval_binary (x, stmt->flags & TL_STMT_FLAG_SUBTRACT ? TL_OP_SUB : TL_OP_ADD,
                   current, delta, &result) != EXEC_OK)
    return EXEC_RAISE;
  if (result->type != TL_VALUE_INT)
    return _tl_exec_raise (x, "TypeError", "a shared value holds integers");
  return _tl_shared_write (x, place.shared, place.index, result->i);
}

ExecStatus
_tl_step_read (TlExec *x,
               TlStmt *stmt)
{
  Place place;
  TlValue *value = NULL;
  const char *into;

  if (resolve_place (x, stmt->target, &place) != EXEC_OK)
    return EXEC_RAISE;
  if (place.local != NULL)
    return _tl_exec_raise (x, "TypeError", "“%s” is not a shared value", place.local);
  if (place.shm != NULL)
    {
      if (_tl_shm_read (x, place.shm, &value) != EXEC_OK)
        return EXEC_RAISE;
    }
  else
    {
      gint64 v;

      if (_tl_shared_read (x, place.shared, place.index, &v) != EXEC_OK)
        return EXEC_RAISE;
      value = tl_value_new_int (v);
    }
  into = stmt->name;
  if (into == NULL)
    {
      TlExpr *base = stmt->target;

      while (base->kind != TL_EXPR_NAME)
        base = base->a;
      into = base->name;
    }
  _tl_interp_bind (x, into, value);
  return EXEC_OK;
}

ExecStatus
_tl_step_write (TlExec *x,
                TlStmt *stmt)
{
  g_autoptr(TlValue) value = NULL;
  Place place;

  if (resolve_place (x, stmt->target, &place) != EXEC_OK ||
      _tl_exec_eval (x, stmt->value, &value) != EXEC_OK)
    return EXEC_RAISE;
  if (place.local != NULL)
    return _tl_exec_raise (x, "TypeError", "“%s” is not a shared value", place.local);
  if (place.shm != NULL)
    return _tl_shm_write (x, place.shm, value);
  if (value->type != TL_VALUE_INT)
    return _tl_exec_raise (x, "TypeError", "a shared value holds integers, not %s",
                           tl_value_type_name (value));
  return _tl_shared_write (x, place.shared, place.index, value->i);
}

/* A plain list's appends and pops are recorded as writes and reads of
 * single items of the list (TL_FLAG_ITEM: not its value), and its length
 * as a counter, so the view can show its contents. */
static void
record_list_length (TlListObj *list)
{
  static GHashTable *counter_ids;
  guint64 id;
  double length = tl_value_list_length (list->list);
  guint64 bits;

  if (counter_ids == NULL)
    counter_ids = g_hash_table_new (NULL, NULL);
  id = GPOINTER_TO_SIZE (g_hash_table_lookup (counter_ids, list));
  if (id == 0)
    {
      g_autofree char *name = g_strdup_printf ("len(%s)", list->prim.obj.name);

      id = tl_trace_new_id ();
      _tl_record_name (TL_ROLE_TEXT, id, name, strlen (name));
      g_hash_table_insert (counter_ids, list, GSIZE_TO_POINTER ((gsize) id));
    }
  memcpy (&bits, &length, sizeof bits);
  _tl_record (TL_EVENT_COUNTER, TL_ROLE_TEXT, 0, id, bits, 0);
}

static guint64
list_item_arg (TlValue *item)
{
  gint64 i;

  return _tl_as_int (item, &i) ? (guint64) i : 0;
}

ExecStatus
_tl_step_append (TlExec *x,
                 TlStmt *stmt)
{
  g_autoptr(TlValue) target = NULL;
  g_autoptr(TlValue) value = NULL;

  if (_tl_exec_eval (x, stmt->target, &target) != EXEC_OK ||
      _tl_exec_eval (x, stmt->value, &value) != EXEC_OK)
    return EXEC_RAISE;
  if (target->type == TL_VALUE_LIST)
    {
      if (_tl_limits_check_items (x, (gsize) tl_value_list_length (target) + 1) != EXEC_OK)
        return EXEC_RAISE;
      tl_value_list_append (target, g_steal_pointer (&value));
      return EXEC_OK;
    }
  if (target->type == TL_VALUE_OBJECT && _tl_prim_kind (target->obj) == TL_PRIM_LIST)
    {
      TlListObj *list = (TlListObj *) target->obj;

      if (_tl_limits_check_items (x, (gsize) tl_value_list_length (list->list) + 1) != EXEC_OK)
        return EXEC_RAISE;
      _tl_record (TL_EVENT_WRITE, TL_ROLE_VALUE, TL_FLAG_ITEM, list->prim.id,
                  list_item_arg (value), 0);
      tl_value_list_append (list->list, g_steal_pointer (&value));
      record_list_length (list);
      return EXEC_OK;
    }
  if (target->type == TL_VALUE_OBJECT && _tl_prim_kind (target->obj) == TL_PRIM_PROXY)
    {
      g_autoptr(TlValue) ignored = NULL;

      return _tl_proxy_call (x, (TlProxy *) target->obj, "append", value, NULL, &ignored);
    }
  if (target->type == TL_VALUE_OBJECT)
    return _tl_wrong_object (x, "append", target->obj);
  return _tl_exec_raise (x, "TypeError", "cannot append to %s", tl_value_type_name (target));
}

ExecStatus
_tl_step_pop (TlExec *x,
              TlStmt *stmt)
{
  g_autoptr(TlValue) target = NULL;
  TlValue *list = NULL;
  TlValue *item;

  if (_tl_exec_eval (x, stmt->target, &target) != EXEC_OK)
    return EXEC_RAISE;
  if (target->type == TL_VALUE_OBJECT && _tl_prim_kind (target->obj) == TL_PRIM_PROXY)
    {
      g_autoptr(TlValue) zero = tl_value_new_int (0);
      TlValue *popped = NULL;

      if (_tl_proxy_call (x, (TlProxy *) target->obj, "pop", zero, NULL, &popped) != EXEC_OK)
        return EXEC_RAISE;
      _tl_interp_bind (x, stmt->name, popped);
      return EXEC_OK;
    }
  if (target->type == TL_VALUE_LIST)
    list = target;
  else if (target->type == TL_VALUE_OBJECT && _tl_prim_kind (target->obj) == TL_PRIM_LIST)
    list = ((TlListObj *) target->obj)->list;
  else if (target->type == TL_VALUE_OBJECT)
    return _tl_wrong_object (x, "pop", target->obj);
  else
    return _tl_exec_raise (x, "TypeError", "cannot pop from %s", tl_value_type_name (target));

  if (tl_value_list_length (list) == 0)
    return _tl_exec_raise (x, "IndexError", "pop from empty list");
  item = tl_value_list_steal (list, 0);
  if (list != target)
    {
      TlListObj *obj = (TlListObj *) target->obj;

      _tl_record (TL_EVENT_READ, TL_ROLE_VALUE, TL_FLAG_ITEM, obj->prim.id,
                  list_item_arg (item), 0);
      record_list_length (obj);
    }
  _tl_interp_bind (x, stmt->name, item);
  return EXEC_OK;
}

ExecStatus
_tl_step_store (TlExec *x,
                TlStmt *stmt)
{
  g_autoptr(TlValue) target = NULL;
  g_autoptr(TlValue) index = NULL;
  g_autoptr(TlValue) value = NULL;
  TlValue *list = NULL;
  gint64 i;

  if (_tl_exec_eval (x, stmt->target, &target) != EXEC_OK ||
      _tl_exec_eval (x, stmt->extra, &index) != EXEC_OK ||
      _tl_exec_eval (x, stmt->value, &value) != EXEC_OK)
    return EXEC_RAISE;

  if (target->type == TL_VALUE_OBJECT)
    {
      switch (_tl_prim_kind (target->obj))
        {
        case TL_PRIM_ARRAY:
          if (!_tl_as_int (index, &i) || value->type != TL_VALUE_INT)
            return _tl_exec_raise (x, "TypeError", "an Array holds integers at integer indices");
          return _tl_shared_write (x, (TlShared *) target->obj, i, value->i);
        case TL_PRIM_PROXY:
          {
            g_autoptr(TlValue) ignored = NULL;

            return _tl_proxy_call (x, (TlProxy *) target->obj, "setitem", index, value, &ignored);
          }
        case TL_PRIM_LIST:
          list = ((TlListObj *) target->obj)->list;
          break;
        default:
          return _tl_wrong_object (x, "[]=", target->obj);
        }
    }
  else if (target->type == TL_VALUE_LIST)
    list = target;
  else
    return _tl_exec_raise (x, "TypeError", "'%s' object does not support item assignment",
                           tl_value_type_name (target));

  if (!_tl_as_int (index, &i))
    return _tl_exec_raise (x, "TypeError", "list indices must be integers");
  if (i < 0)
    i += tl_value_list_length (list);
  if (i < 0 || i >= tl_value_list_length (list))
    return _tl_exec_raise (x, "IndexError", "list assignment index out of range");
  tl_value_list_set (list, (guint) i, g_steal_pointer (&value));
  return EXEC_OK;
}

ExecStatus
_tl_step_wait (TlExec *x,
               TlStmt *stmt)
{
  TlObj *obj;
  gint64 timeout;
  TlValue *result = NULL;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK || _tl_eval_timeout (x, stmt, &timeout) != EXEC_OK)
    return EXEC_RAISE;
  switch (_tl_prim_kind (obj))
    {
    case TL_PRIM_EVENT:
      result = tl_value_new_bool (_tl_event_wait (x, (TlEventPrim *) obj, timeout));
      break;
    case TL_PRIM_CONDITION:
      {
        gboolean notified = FALSE;

        if (_tl_condition_wait (x, (TlCondition *) obj, timeout, &notified) != EXEC_OK)
          return EXEC_RAISE;
        result = tl_value_new_bool (notified);
      }
      break;
    case TL_PRIM_BARRIER:
      {
        gint64 index = 0;

        if (_tl_barrier_wait (x, (TlBarrier *) obj, timeout, &index) != EXEC_OK)
          return EXEC_RAISE;
        result = tl_value_new_int (index);
      }
      break;
    case TL_PRIM_RESULT:
      if (_tl_pool_result_get (x, obj, timeout, FALSE, &result) != EXEC_OK)
        return EXEC_RAISE;
      break;
    case TL_PRIM_HANDLE:
      if (_tl_join (x, (TlHandle *) obj, timeout) != EXEC_OK)
        return EXEC_RAISE;
      result = tl_value_new_bool (((TlHandle *) obj)->joined);
      break;
    default:
      return _tl_wrong_object (x, "wait", obj);
    }
  if (stmt->name != NULL)
    _tl_interp_bind (x, stmt->name, result);
  else
    tl_value_unref (result);
  return EXEC_OK;
}

/* ---- locks, waits and wake-ups --------------------------------------------------- */

ExecStatus
_tl_step_acquire (TlExec *x,
                  TlStmt *stmt)
{
  TlObj *obj;
  TlLock *lock;
  gint64 timeout;
  gboolean got;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK || _tl_eval_timeout (x, stmt, &timeout) != EXEC_OK)
    return EXEC_RAISE;
  if ((lock = _tl_lock_of (obj)) == NULL)
    return _tl_wrong_object (x, "acquire", obj);
  got = _tl_lock_acquire (x, lock, timeout);
  if (stmt->name != NULL)
    _tl_interp_bind (x, stmt->name, tl_value_new_bool (got));
  return EXEC_OK;
}

ExecStatus
_tl_step_release (TlExec *x,
                  TlStmt *stmt)
{
  TlObj *obj;
  TlLock *lock;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK)
    return EXEC_RAISE;
  if ((lock = _tl_lock_of (obj)) == NULL)
    return _tl_wrong_object (x, "release", obj);
  return _tl_lock_release (x, lock);
}

ExecStatus
_tl_step_with (TlExec *x,
               TlStmt *stmt)
{
  TlObj *obj;
  TlLock *lock;
  ExecStatus status;
  TlValue *exception;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK)
    return EXEC_RAISE;
  if ((lock = _tl_lock_of (obj)) == NULL)
    return _tl_wrong_object (x, "with", obj);
  _tl_lock_acquire (x, lock, -1);
  status = _tl_exec_block (x, stmt->body);
  /* __exit__ releases whatever happened inside, on the with's line. */
  _tl_record_set_line (stmt->py_line);
  exception = g_steal_pointer (&x->exception);
  if (_tl_lock_release (x, lock) != EXEC_OK)
    {
      g_clear_pointer (&exception, tl_value_unref);
      return EXEC_RAISE;
    }
  x->exception = exception;
  return status;
}

/* notify and notify_all. */
ExecStatus
_tl_step_notify (TlExec *x,
                 TlStmt *stmt)
{
  TlObj *obj;
  gint64 n = 1;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) != TL_PRIM_CONDITION)
    return _tl_wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
  if (stmt->kind == TL_STMT_NOTIFY_ALL)
    n = G_MAXINT64;
  else if (stmt->value != NULL && _tl_eval_int (x, stmt->value, &n) != EXEC_OK)
    return EXEC_RAISE;
  return _tl_condition_notify (x, (TlCondition *) obj, n);
}

/* set and clear. */
ExecStatus
_tl_step_set (TlExec *x,
              TlStmt *stmt)
{
  TlObj *obj;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) != TL_PRIM_EVENT)
    return _tl_wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
  if (stmt->kind == TL_STMT_SET)
    _tl_event_set (x, (TlEventPrim *) obj);
  else
    _tl_event_clear (x, (TlEventPrim *) obj);
  return EXEC_OK;
}

/* ---- queues and pipes ------------------------------------------------------------ */

/* put and send. */
ExecStatus
_tl_step_send (TlExec *x,
               TlStmt *stmt)
{
  g_autoptr(TlValue) value = NULL;
  TlObj *obj;

  if (_tl_exec_eval (x, stmt->value, &value) != EXEC_OK ||
      _tl_eval_object (x, stmt->target, &obj) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) == TL_PRIM_QUEUE)
    return _tl_queue_put (x, (TlQueue *) obj, value);
  if (_tl_prim_kind (obj) == TL_PRIM_PIPE_END)
    return _tl_pipe_send (x, (TlPipeEnd *) obj, value);
  return _tl_wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
}

/* get and recv. */
ExecStatus
_tl_step_receive (TlExec *x,
                  TlStmt *stmt)
{
  TlValue *value = NULL;
  gint64 timeout;
  TlObj *obj;
  ExecStatus status;

  if (_tl_eval_object (x, stmt->target, &obj) != EXEC_OK || _tl_eval_timeout (x, stmt, &timeout) != EXEC_OK)
    return EXEC_RAISE;
  if (_tl_prim_kind (obj) == TL_PRIM_QUEUE)
    status = _tl_queue_get (x, (TlQueue *) obj, timeout, &value);
  else if (_tl_prim_kind (obj) == TL_PRIM_PIPE_END)
    status = _tl_pipe_recv (x, (TlPipeEnd *) obj, timeout, &value);
  else
    return _tl_wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
  if (status != EXEC_OK)
    return status;
  _tl_interp_bind (x, stmt->name, value);
  return EXEC_OK;
}
