/* tl-interp-builtins.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built-in functions, methods and attributes: one implementation per
 * entry of the vocabulary (tl-vocabulary.h).
 */
#define G_LOG_DOMAIN "tl-interp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-interp-private.h"

/* ---- built-in functions -------------------------------------------------------- */

/* @args holds as many values as the vocabulary lets the function take:
 * the checker made sure of it when the file loaded. */
typedef ExecStatus (*BuiltinFn) (TlExec     *x,
                                 GPtrArray  *args,
                                 TlValue   **out);

#define ARG(i) ((TlValue *) g_ptr_array_index (args, (i)))

static ExecStatus
builtin_len (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  TlValue *a = ARG (0);
  g_autoptr(TlValue) items = NULL;

  if (a->type == TL_VALUE_STRING)
    *out = tl_value_new_int ((gint64) g_utf8_strlen (a->s, -1));
  else if (a->type == TL_VALUE_OBJECT && _tl_prim_kind (a->obj) == TL_PRIM_PROXY)
    return _tl_proxy_call (x, (TlProxy *) a->obj, "len", NULL, NULL, out);
  else if (a->type == TL_VALUE_OBJECT && _tl_prim_kind (a->obj) == TL_PRIM_QUEUE)
    *out = tl_value_new_int (_tl_queue_size ((TlQueue *) a->obj));
  else if (a->type == TL_VALUE_OBJECT && _tl_prim_kind (a->obj) == TL_PRIM_ARRAY)
    *out = tl_value_new_int (_tl_shared_length ((TlShared *) a->obj));
  else if (_tl_items_of (x, a, &items) != EXEC_OK)
    return EXEC_RAISE;
  else
    *out = tl_value_new_int (tl_value_list_length (items));
  return EXEC_OK;
}

static ExecStatus
builtin_str (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  *out = tl_value_new_string_take (tl_value_to_string (ARG (0)));
  return EXEC_OK;
}

/* int () and round (). */
static ExecStatus
to_int (TlExec     *x,
        const char *name,
        TlValue    *a,
        gboolean    rounded,
        TlValue   **out)
{
  gint64 i;
  double p;

  if (a->type == TL_VALUE_STRING)
    {
      g_autofree char *text = g_strstrip (g_strdup (a->s));
      g_autoptr(GError) error = NULL;

      if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &i, &error))
        return _tl_exec_raise (x, g_error_matches (error, G_NUMBER_PARSER_ERROR,
                                                   G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS)
                                  ? "OverflowError" : "ValueError",
                               "invalid literal for %s(): '%s'", name, a->s);
    }
  else if (!_tl_as_number (a, &p))
    return _tl_exec_raise (x, "TypeError", "%s() of %s", name, tl_value_type_name (a));
  else if (_tl_float_to_int (x, rounded ? nearbyint (p) : p, &i) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_int (i);
  return EXEC_OK;
}

static ExecStatus
builtin_int (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  return to_int (x, "int", ARG (0), FALSE, out);
}

static ExecStatus
builtin_round (TlExec     *x,
               GPtrArray  *args,
               TlValue   **out)
{
  return to_int (x, "round", ARG (0), TRUE, out);
}

static ExecStatus
builtin_float (TlExec     *x,
               GPtrArray  *args,
               TlValue   **out)
{
  double p;

  if (!_tl_as_number (ARG (0), &p))
    return _tl_exec_raise (x, "TypeError", "float() of %s", tl_value_type_name (ARG (0)));
  *out = tl_value_new_float (p);
  return EXEC_OK;
}

static ExecStatus
builtin_abs (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  gint64 i;
  double p;

  if (_tl_as_int (ARG (0), &i) && i == G_MININT64)
    return _tl_exec_raise (x, "OverflowError", "integer overflow: abs(%" G_GINT64_FORMAT ")", i);
  if (_tl_as_int (ARG (0), &i))
    *out = tl_value_new_int (i < 0 ? -i : i);
  else if (_tl_as_number (ARG (0), &p))
    *out = tl_value_new_float (fabs (p));
  else
    return _tl_exec_raise (x, "TypeError", "abs() of %s", tl_value_type_name (ARG (0)));
  return EXEC_OK;
}

static ExecStatus
builtin_factorial (TlExec     *x,
                   GPtrArray  *args,
                   TlValue   **out)
{
  gint64 n, r = 1;

  if (!_tl_as_int (ARG (0), &n) || n < 0 || n > 20)
    return _tl_exec_raise (x, "ValueError", "factorial() takes an integer from 0 to 20");
  for (gint64 k = 2; k <= n; k++)
    r *= k;
  *out = tl_value_new_int (r);
  return EXEC_OK;
}

/* random (), uniform () and range () take two numbers. */
static ExecStatus
two_numbers (TlExec     *x,
             const char *name,
             GPtrArray  *args,
             double     *p,
             double     *q)
{
  if (!_tl_as_number (ARG (0), p) || !_tl_as_number (ARG (1), q))
    return _tl_exec_raise (x, "TypeError", "%s() takes two numbers", name);
  return EXEC_OK;
}

static ExecStatus
builtin_uniform (TlExec     *x,
                 GPtrArray  *args,
                 TlValue   **out)
{
  double p = 0, q = 0;

  if (two_numbers (x, "uniform", args, &p, &q) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_float (q > p ? g_rand_double_range (x->rand, p, q) : p);
  return EXEC_OK;
}

static ExecStatus
builtin_random (TlExec     *x,
                GPtrArray  *args,
                TlValue   **out)
{
  double p = 0, q = 0;
  gint64 i, j;
  guint64 span;

  if (two_numbers (x, "random", args, &p, &q) != EXEC_OK ||
      _tl_float_to_int (x, p, &i) != EXEC_OK || _tl_float_to_int (x, q, &j) != EXEC_OK)
    return EXEC_RAISE;
  if (j <= i)
    {
      *out = tl_value_new_int (i);
      return EXEC_OK;
    }
  /* Any span of 64-bit integers, j - i + 1 included. */
  span = (guint64) j - (guint64) i;
  if (span < G_MAXINT32)
    *out = tl_value_new_int (i + g_rand_int_range (x->rand, 0, (gint32) span + 1));
  else
    *out = tl_value_new_int ((gint64) ((guint64) i + (guint64) (g_rand_double (x->rand) * (double) span)));
  return EXEC_OK;
}

static ExecStatus
builtin_range (TlExec     *x,
               GPtrArray  *args,
               TlValue   **out)
{
  double p = 0, q = 0;
  gint64 i, j;

  if (two_numbers (x, "range", args, &p, &q) != EXEC_OK ||
      _tl_float_to_int (x, p, &i) != EXEC_OK || _tl_float_to_int (x, q, &j) != EXEC_OK)
    return EXEC_RAISE;
  if (j > i && _tl_limits_check_items (x, (guint64) j - (guint64) i) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_list ();
  for (gint64 k = i; k < j; k++)
    tl_value_list_append (*out, tl_value_new_int (k));
  return EXEC_OK;
}

static ExecStatus
builtin_now (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  *out = tl_value_new_float ((double) (_tl_now_ns () - _tl_engine->start_ns) / 1e9);
  return EXEC_OK;
}

static ExecStatus
builtin_current_process (TlExec     *x,
                         GPtrArray  *args,
                         TlValue   **out)
{
  *out = tl_value_new_string (x->proc->name);
  return EXEC_OK;
}

static ExecStatus
builtin_current_thread (TlExec     *x,
                        GPtrArray  *args,
                        TlValue   **out)
{
  *out = tl_value_new_string (x->name);
  return EXEC_OK;
}

static ExecStatus
builtin_getpid (TlExec     *x,
                GPtrArray  *args,
                TlValue   **out)
{
  *out = tl_value_new_int (x->proc->pid);
  return EXEC_OK;
}

/* What min, max, sum, sorted and list work on: the items of their one
 * argument, or their arguments (min (a, b)). */
static ExecStatus
items_of_args (TlExec     *x,
               GPtrArray  *args,
               TlValue   **out)
{
  if (args->len == 0)
    {
      *out = tl_value_new_list ();
      return EXEC_OK;
    }
  if (args->len == 1)
    return _tl_items_of (x, ARG (0), out);
  *out = tl_value_new_list ();
  for (guint k = 0; k < args->len; k++)
    tl_value_list_append (*out, tl_value_ref (ARG (k)));
  return EXEC_OK;
}

static ExecStatus
builtin_list (TlExec     *x,
              GPtrArray  *args,
              TlValue   **out)
{
  g_autoptr(TlValue) items = NULL;

  if (items_of_args (x, args, &items) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_list ();
  for (guint k = 0; k < tl_value_list_length (items); k++)
    tl_value_list_append (*out, tl_value_ref (tl_value_list_get (items, k)));
  return EXEC_OK;
}

static ExecStatus
builtin_sum (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  g_autoptr(TlValue) items = NULL;
  gint64 total = 0, i;
  double ftotal = 0, p;
  gboolean is_float = FALSE;

  if (items_of_args (x, args, &items) != EXEC_OK)
    return EXEC_RAISE;
  for (guint k = 0; k < tl_value_list_length (items); k++)
    {
      TlValue *item = tl_value_list_get (items, k);

      if (_tl_as_int (item, &i))
        {
          if (__builtin_add_overflow (total, i, &total) && !is_float)
            return _tl_exec_raise (x, "OverflowError", "integer overflow in sum()");
          ftotal += (double) i;
        }
      else if (_tl_as_number (item, &p))
        {
          is_float = TRUE;
          ftotal += p;
        }
      else
        return _tl_exec_raise (x, "TypeError", "sum() of %s", tl_value_type_name (item));
    }
  *out = is_float ? tl_value_new_float (ftotal) : tl_value_new_int (total);
  return EXEC_OK;
}

/* The items of the arguments, sorted as Python sorts numbers and strings. */
static ExecStatus
sorted_items (TlExec     *x,
              GPtrArray  *args,
              GPtrArray **out)
{
  g_autoptr(TlValue) items = NULL;

  if (items_of_args (x, args, &items) != EXEC_OK)
    return EXEC_RAISE;
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  for (guint k = 0; k < tl_value_list_length (items); k++)
    g_ptr_array_add (*out, tl_value_ref (tl_value_list_get (items, k)));
  g_ptr_array_sort (*out, _tl_compare_values);
  return EXEC_OK;
}

static ExecStatus
builtin_sorted (TlExec     *x,
                GPtrArray  *args,
                TlValue   **out)
{
  g_autoptr(GPtrArray) sorted = NULL;

  if (sorted_items (x, args, &sorted) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_list ();
  for (guint k = 0; k < sorted->len; k++)
    tl_value_list_append (*out, tl_value_ref (g_ptr_array_index (sorted, k)));
  return EXEC_OK;
}

static ExecStatus
extreme (TlExec     *x,
         const char *name,
         GPtrArray  *args,
         gboolean    largest,
         TlValue   **out)
{
  g_autoptr(GPtrArray) sorted = NULL;

  if (sorted_items (x, args, &sorted) != EXEC_OK)
    return EXEC_RAISE;
  if (sorted->len == 0)
    return _tl_exec_raise (x, "ValueError", "%s() of an empty list", name);
  *out = tl_value_ref (g_ptr_array_index (sorted, largest ? sorted->len - 1 : 0));
  return EXEC_OK;
}

static ExecStatus
builtin_min (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  return extreme (x, "min", args, FALSE, out);
}

static ExecStatus
builtin_max (TlExec     *x,
             GPtrArray  *args,
             TlValue   **out)
{
  return extreme (x, "max", args, TRUE, out);
}

#undef ARG

static const BuiltinFn builtin_fns[TL_N_BUILTINS] = {
  [TL_BUILTIN_LEN] = builtin_len,
  [TL_BUILTIN_STR] = builtin_str,
  [TL_BUILTIN_INT] = builtin_int,
  [TL_BUILTIN_FLOAT] = builtin_float,
  [TL_BUILTIN_ABS] = builtin_abs,
  [TL_BUILTIN_ROUND] = builtin_round,
  [TL_BUILTIN_MIN] = builtin_min,
  [TL_BUILTIN_MAX] = builtin_max,
  [TL_BUILTIN_SUM] = builtin_sum,
  [TL_BUILTIN_SORTED] = builtin_sorted,
  [TL_BUILTIN_LIST] = builtin_list,
  [TL_BUILTIN_RANGE] = builtin_range,
  [TL_BUILTIN_RANDOM] = builtin_random,
  [TL_BUILTIN_UNIFORM] = builtin_uniform,
  [TL_BUILTIN_FACTORIAL] = builtin_factorial,
  [TL_BUILTIN_NOW] = builtin_now,
  [TL_BUILTIN_CURRENT_PROCESS] = builtin_current_process,
  [TL_BUILTIN_CURRENT_THREAD] = builtin_current_thread,
  [TL_BUILTIN_GETPID] = builtin_getpid,
};

gboolean
_tl_interp_has_every_builtin (void)
{
  for (guint k = 0; k < TL_N_BUILTINS; k++)
    if (builtin_fns[k] == NULL)
      return FALSE;
  return TRUE;
}

ExecStatus
_tl_eval_call (TlExec   *x,
               TlExpr   *expr,
               TlValue **out)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  guint min_args, max_args;

  if (expr->id >= TL_N_BUILTINS || builtin_fns[expr->id] == NULL)
    return _tl_exec_raise (x, "NameError", "name '%s' is not defined", expr->name);
  tl_builtin_get_arity ((TlBuiltin) expr->id, &min_args, &max_args);
  if (_tl_eval_list (x, expr->items, args) != EXEC_OK)
    return EXEC_RAISE;
  if (args->len < min_args || args->len > max_args)
    return _tl_exec_raise (x, "TypeError", "%s() does not take %u arguments", expr->name, args->len);
  return builtin_fns[expr->id] (x, args, out);
}

/* ---- attributes and methods -------------------------------------------------------- */

static ExecStatus
no_attribute (TlExec   *x,
              TlExpr   *expr,
              TlValue  *base,
              gboolean  method)
{
  return _tl_exec_raise (x, "AttributeError", "'%s' object has no %s '%s'",
                         tl_value_type_name (base), method ? "method" : "attribute", expr->name);
}

ExecStatus
_tl_eval_attr (TlExec   *x,
               TlExpr   *expr,
               TlValue  *base,
               TlValue **out)
{
  TlObj *obj = base->type == TL_VALUE_OBJECT ? base->obj : NULL;
  TlPrimKind kind = obj != NULL ? _tl_prim_kind (obj) : TL_PRIM_LIST;
  TlHandle *handle = obj != NULL && kind == TL_PRIM_HANDLE ? (TlHandle *) obj : NULL;
  gint64 v;

  switch ((TlAttr) expr->id)
    {
    case TL_ATTR_NAME:
      if (obj == NULL)
        break;
      *out = tl_value_new_string (obj->name);
      return EXEC_OK;
    case TL_ATTR_VALUE:
      if (obj == NULL || kind != TL_PRIM_VALUE)
        break;
      if (_tl_shared_read (x, (TlShared *) obj, 0, &v) != EXEC_OK)
        return EXEC_RAISE;
      *out = tl_value_new_int (v);
      return EXEC_OK;
    case TL_ATTR_EXITCODE:
      if (handle == NULL)
        break;
      *out = handle->joined && handle->is_process ? tl_value_new_int (handle->exitcode) : tl_value_none ();
      return EXEC_OK;
    case TL_ATTR_PID:
      if (handle == NULL)
        break;
      *out = tl_value_new_int (handle->is_process ? handle->pid : handle->tid);
      return EXEC_OK;
    case TL_ATTR_MESSAGE:
    case TL_ATTR_ARGS:
      if (base->type != TL_VALUE_ERROR)
        break;
      *out = tl_value_new_string (base->error.message);
      return EXEC_OK;
    case TL_N_ATTRS:
    default:
      break;
    }
  return no_attribute (x, expr, base, FALSE);
}

/* An AsyncResult's or a Future's methods. */
static ExecStatus
result_method (TlExec    *x,
               TlMethod   method,
               TlObj     *result,
               gint64     timeout,
               TlValue  **out)
{
  g_autoptr(TlValue) value = NULL;

  switch (method)
    {
    case TL_METHOD_RESULT:
    case TL_METHOD_GET:
      return _tl_pool_result_get (x, result, timeout, TRUE, out);
    case TL_METHOD_READY:
    case TL_METHOD_DONE:
      *out = tl_value_new_bool (_tl_pool_result_ready (result));
      return EXEC_OK;
    case TL_METHOD_SUCCESSFUL:
    case TL_METHOD_EXCEPTION:
      if (_tl_pool_result_get (x, result, timeout, FALSE, &value) != EXEC_OK)
        return EXEC_RAISE;
      if (method == TL_METHOD_SUCCESSFUL)
        *out = tl_value_new_bool (value->type != TL_VALUE_ERROR);
      else
        *out = value->type == TL_VALUE_ERROR ? tl_value_ref (value) : tl_value_none ();
      return EXEC_OK;
    default:
      *out = NULL;
      return EXEC_OK;
    }
}

ExecStatus
_tl_eval_method (TlExec   *x,
                 TlExpr   *expr,
                 TlValue  *base,
                 TlValue **out)
{
  TlObj *obj = base->type == TL_VALUE_OBJECT ? base->obj : NULL;
  TlPrimKind kind = obj != NULL ? _tl_prim_kind (obj) : TL_PRIM_LIST;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  TlMethod method = (TlMethod) expr->id;
  gint64 timeout = -1;
  double seconds;

  *out = NULL;
  if (_tl_eval_list (x, expr->items, args) != EXEC_OK)
    return EXEC_RAISE;
  if (args->len > 0 && _tl_as_number (g_ptr_array_index (args, 0), &seconds) &&
      _tl_duration_to_ns (x, seconds * 1e9, &timeout) != EXEC_OK)
    return EXEC_RAISE;

  if (obj != NULL && kind == TL_PRIM_RESULT)
    {
      if (result_method (x, method, obj, timeout, out) != EXEC_OK)
        return EXEC_RAISE;
      if (*out != NULL)
        return EXEC_OK;
    }
  if (method == TL_METHOD_GET_LOCK && (kind == TL_PRIM_VALUE || kind == TL_PRIM_ARRAY) && obj != NULL)
    *out = tl_value_new_object ((TlObj *) _tl_shared_get_lock ((TlShared *) obj));
  else if (method == TL_METHOD_EMPTY && kind == TL_PRIM_QUEUE && obj != NULL)
    *out = tl_value_new_bool (_tl_queue_size ((TlQueue *) obj) == 0);
  else if (method == TL_METHOD_QSIZE && kind == TL_PRIM_QUEUE && obj != NULL)
    *out = tl_value_new_int (_tl_queue_size ((TlQueue *) obj));
  else if (method == TL_METHOD_IS_SET && kind == TL_PRIM_EVENT && obj != NULL)
    *out = tl_value_new_bool (_tl_event_is_set ((TlEventPrim *) obj));
  else if (method == TL_METHOD_IS_ALIVE && kind == TL_PRIM_HANDLE && obj != NULL)
    *out = tl_value_new_bool (!((TlHandle *) obj)->joined &&
                              (((TlHandle *) obj)->is_process || !((TlHandle *) obj)->finished));
  else if (method == TL_METHOD_COPY)
    return _tl_items_of (x, base, out);
  else
    return no_attribute (x, expr, base, TRUE);
  return EXEC_OK;
}
