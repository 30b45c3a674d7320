/* tl-interp.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interpreter: steps and expressions, run by a thread that holds its
 * process's GIL.  Each loop turn and each "+=" is an eval-breaker point,
 * as a bytecode boundary is in CPython, where the GIL may change hands;
 * "compute" burns real CPU time and checks the breaker as it goes.
 */
#define G_LOG_DOMAIN "tl-interp"

#include "config.h"

#include <math.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "tl-engine-private.h"
#include "tl-scenario-private.h"

#define MAX_RANGE 1000000

/* ---- values ------------------------------------------------------------------ */

static TlValue *
lookup (TlExec     *x,
        const char *name)
{
  TlValue *value = g_hash_table_lookup (x->locals, name);

  return value != NULL ? value : g_hash_table_lookup (_tl_engine->globals, name);
}

static void
bind (TlExec     *x,
      const char *name,
      TlValue    *value)
{
  g_hash_table_insert (x->locals, g_strdup (name), value);
}

static gboolean
as_int (const TlValue *value,
        gint64        *out)
{
  if (value->type == TL_VALUE_INT)
    *out = value->i;
  else if (value->type == TL_VALUE_BOOL)
    *out = value->b;
  else
    return FALSE;
  return TRUE;
}

static gboolean
as_number (const TlValue *value,
           double        *out)
{
  gint64 i;

  if (value->type == TL_VALUE_FLOAT)
    {
      *out = value->f;
      return TRUE;
    }
  if (as_int (value, &i))
    {
      *out = (double) i;
      return TRUE;
    }
  return FALSE;
}

static ExecStatus
eval_int (TlExec  *x,
          TlExpr  *expr,
          gint64  *out)
{
  g_autoptr(TlValue) value = NULL;

  if (_tl_exec_eval (x, expr, &value) != EXEC_OK)
    return EXEC_RAISE;
  if (!as_int (value, out))
    {
      double d;

      if (as_number (value, &d))
        {
          *out = (gint64) d;
          return EXEC_OK;
        }
      return _tl_exec_raise (x, "TypeError", "expected an integer, not %s",
                             tl_value_type_name (value));
    }
  return EXEC_OK;
}

static ExecStatus
eval_duration (TlExec     *x,
               TlDuration *duration,
               gint64     *ns)
{
  g_autoptr(TlValue) low = NULL;
  g_autoptr(TlValue) high = NULL;
  double a, b;

  if (_tl_exec_eval (x, duration->low, &low) != EXEC_OK)
    return EXEC_RAISE;
  if (!as_number (low, &a))
    return _tl_exec_raise (x, "TypeError", "a duration is a number, not %s",
                           tl_value_type_name (low));
  if (duration->high != NULL)
    {
      if (_tl_exec_eval (x, duration->high, &high) != EXEC_OK)
        return EXEC_RAISE;
      if (!as_number (high, &b))
        return _tl_exec_raise (x, "TypeError", "a duration is a number, not %s",
                               tl_value_type_name (high));
      if (b > a)
        a = g_rand_double_range (x->rand, a, b);
    }
  *ns = _tl_engine_scale (MAX (a, 0) * duration->unit_ns);
  return EXEC_OK;
}

static ExecStatus
eval_timeout (TlExec *x,
              TlStmt *stmt,
              gint64 *ns)
{
  *ns = -1;
  if (stmt->timeout.low == NULL)
    return EXEC_OK;
  return eval_duration (x, &stmt->timeout, ns);
}

static ExecStatus
eval_object (TlExec  *x,
             TlExpr  *expr,
             TlObj  **out)
{
  g_autoptr(TlValue) value = NULL;

  if (_tl_exec_eval (x, expr, &value) != EXEC_OK)
    return EXEC_RAISE;
  if (value->type != TL_VALUE_OBJECT)
    return _tl_exec_raise (x, "TypeError", "expected an object here, not %s",
                           tl_value_type_name (value));
  *out = value->obj;
  return EXEC_OK;
}

static TlLock *
lock_of (TlObj *obj)
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

static ExecStatus
wrong_object (TlExec     *x,
              const char *step,
              TlObj      *obj)
{
  return _tl_exec_raise (x, "TypeError", "“%s” does not work on %s %s", step, obj->kind_name,
                         obj->name != NULL ? obj->name : "");
}

/* ---- formatting ---------------------------------------------------------------- */

/* A format spec as in an f-string, the common part: [width][.precision][type]. */
static char *
format_value (TlValue    *value,
              const char *spec)
{
  double d;

  if (spec != NULL && spec[0] != '\0' && as_number (value, &d))
    {
      const char *p = spec;
      int width = 0, precision = -1;
      char type;

      while (g_ascii_isdigit (*p))
        width = width * 10 + (*p++ - '0');
      if (*p == '.')
        {
          precision = 0;
          for (p++; g_ascii_isdigit (*p); p++)
            precision = precision * 10 + (*p - '0');
        }
      type = *p != '\0' ? *p++ : 'g';
      if (*p == '\0' && width < 100 && precision < 50)
        {
          switch (type)
            {
            case 'd':
              return g_strdup_printf ("%*" G_GINT64_FORMAT, width, (gint64) d);
            case 'f':
              return g_strdup_printf ("%*.*f", width, precision < 0 ? 6 : precision, d);
            case 'e':
              return g_strdup_printf ("%*.*e", width, precision < 0 ? 6 : precision, d);
            case 'g':
              return g_strdup_printf ("%*.*g", width, precision < 0 ? 6 : precision, d);
            default:
              break;
            }
        }
    }
  return tl_value_to_string (value);
}

static ExecStatus
eval_format (TlExec     *x,
             TlExpr     *expr,
             char      **out,
             GPtrArray  *errors)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < expr->items->len; i++)
    {
      TlExpr *part = g_ptr_array_index (expr->items, i);
      g_autoptr(TlValue) value = NULL;
      g_autofree char *piece = NULL;

      if (_tl_exec_eval (x, part, &value) != EXEC_OK)
        {
          g_string_free (text, TRUE);
          return EXEC_RAISE;
        }
      if (value->type == TL_VALUE_ERROR && errors != NULL)
        g_ptr_array_add (errors, tl_value_ref (value));
      /* A Manager's list prints what the server holds; a list, its items. */
      if (value->type == TL_VALUE_OBJECT && _tl_prim_kind (value->obj) == TL_PRIM_PROXY)
        {
          TlValue *shown = NULL;

          if (_tl_proxy_call (x, (TlProxy *) value->obj, "str", NULL, NULL, &shown) != EXEC_OK)
            {
              g_string_free (text, TRUE);
              return EXEC_RAISE;
            }
          tl_value_unref (value);
          value = shown;
        }
      else if (value->type == TL_VALUE_OBJECT && _tl_prim_kind (value->obj) == TL_PRIM_LIST)
        {
          TlValue *list = tl_value_ref (((TlListObj *) value->obj)->list);

          tl_value_unref (value);
          value = list;
        }
      piece = format_value (value, part->format_spec);
      g_string_append (text, piece);
    }
  *out = g_string_free (text, FALSE);
  return EXEC_OK;
}

static ExecStatus
eval_text (TlExec  *x,
           TlExpr  *expr,
           char   **out)
{
  if (expr->kind == TL_EXPR_FORMAT)
    return eval_format (x, expr, out, NULL);
  else
    {
      g_autoptr(TlValue) value = NULL;

      if (_tl_exec_eval (x, expr, &value) != EXEC_OK)
        return EXEC_RAISE;
      *out = tl_value_to_string (value);
      return EXEC_OK;
    }
}

/* ---- expressions ---------------------------------------------------------------- */

static gint
compare_values (gconstpointer a,
                gconstpointer b)
{
  const TlValue *x = *(const TlValue **) a, *y = *(const TlValue **) b;
  double p, q;

  if (as_number (x, &p) && as_number (y, &q))
    return p < q ? -1 : p > q;
  if (x->type == TL_VALUE_STRING && y->type == TL_VALUE_STRING)
    return strcmp (x->s, y->s);
  return 0;
}

static ExecStatus
eval_binary (TlExec   *x,
             TlOp      op,
             TlValue  *a,
             TlValue  *b,
             TlValue **out)
{
  gint64 i, j;
  double p, q;

  if (op == TL_OP_EQ || op == TL_OP_NE)
    {
      gboolean equal = tl_value_equal (a, b);

      *out = tl_value_new_bool (op == TL_OP_EQ ? equal : !equal);
      return EXEC_OK;
    }
  if (op >= TL_OP_LT && op <= TL_OP_GE)
    {
      gint c;

      if (!((as_number (a, &p) && as_number (b, &q)) ||
            (a->type == TL_VALUE_STRING && b->type == TL_VALUE_STRING)))
        return _tl_exec_raise (x, "TypeError", "cannot compare %s and %s",
                               tl_value_type_name (a), tl_value_type_name (b));
      c = compare_values (&a, &b);
      *out = tl_value_new_bool (op == TL_OP_LT ? c < 0 : op == TL_OP_LE ? c <= 0 :
                                op == TL_OP_GT ? c > 0 : c >= 0);
      return EXEC_OK;
    }

  if (op == TL_OP_ADD && a->type == TL_VALUE_STRING && b->type == TL_VALUE_STRING)
    {
      *out = tl_value_new_string_take (g_strconcat (a->s, b->s, NULL));
      return EXEC_OK;
    }
  if (op == TL_OP_ADD && a->type == TL_VALUE_LIST && b->type == TL_VALUE_LIST)
    {
      *out = tl_value_new_list ();
      for (guint k = 0; k < tl_value_list_length (a); k++)
        tl_value_list_append (*out, tl_value_ref (tl_value_list_get (a, k)));
      for (guint k = 0; k < tl_value_list_length (b); k++)
        tl_value_list_append (*out, tl_value_ref (tl_value_list_get (b, k)));
      return EXEC_OK;
    }

  if (as_int (a, &i) && as_int (b, &j))
    {
      switch (op)
        {
        case TL_OP_ADD:
          *out = tl_value_new_int (i + j);
          return EXEC_OK;
        case TL_OP_SUB:
          *out = tl_value_new_int (i - j);
          return EXEC_OK;
        case TL_OP_MUL:
          *out = tl_value_new_int (i * j);
          return EXEC_OK;
        case TL_OP_DIV:
          if (j == 0)
            return _tl_exec_raise (x, "ZeroDivisionError", "division by zero");
          *out = tl_value_new_float ((double) i / (double) j);
          return EXEC_OK;
        case TL_OP_FLOORDIV:
        case TL_OP_MOD:
          {
            gint64 quotient, rest;

            if (j == 0)
              return _tl_exec_raise (x, "ZeroDivisionError", "integer division or modulo by zero");
            /* Python floors. */
            quotient = i / j;
            rest = i % j;
            if (rest != 0 && ((rest < 0) != (j < 0)))
              {
                quotient--;
                rest += j;
              }
            *out = tl_value_new_int (op == TL_OP_FLOORDIV ? quotient : rest);
            return EXEC_OK;
          }
        default:
          break;
        }
    }
  else if (as_number (a, &p) && as_number (b, &q))
    {
      switch (op)
        {
        case TL_OP_ADD:
          *out = tl_value_new_float (p + q);
          return EXEC_OK;
        case TL_OP_SUB:
          *out = tl_value_new_float (p - q);
          return EXEC_OK;
        case TL_OP_MUL:
          *out = tl_value_new_float (p * q);
          return EXEC_OK;
        case TL_OP_DIV:
        case TL_OP_FLOORDIV:
        case TL_OP_MOD:
          if (q == 0)
            return _tl_exec_raise (x, "ZeroDivisionError", "float division by zero");
          *out = tl_value_new_float (op == TL_OP_DIV ? p / q :
                                     op == TL_OP_FLOORDIV ? floor (p / q) : p - q * floor (p / q));
          return EXEC_OK;
        default:
          break;
        }
    }
  return _tl_exec_raise (x, "TypeError", "unsupported operand types: %s and %s",
                         tl_value_type_name (a), tl_value_type_name (b));
}

static ExecStatus
eval_list (TlExec    *x,
           GPtrArray *exprs,
           GPtrArray *out)
{
  for (guint i = 0; exprs != NULL && i < exprs->len; i++)
    {
      TlValue *value = NULL;

      if (_tl_exec_eval (x, g_ptr_array_index (exprs, i), &value) != EXEC_OK)
        return EXEC_RAISE;
      g_ptr_array_add (out, value);
    }
  return EXEC_OK;
}

static gint64
factorial (gint64 n)
{
  gint64 r = 1;

  for (gint64 k = 2; k <= n; k++)
    r *= k;
  return r;
}

/* A list, or the items a list-like thing holds right now. */
static ExecStatus
items_of (TlExec   *x,
          TlValue  *value,
          TlValue **out)
{
  if (value->type == TL_VALUE_LIST)
    {
      *out = tl_value_ref (value);
      return EXEC_OK;
    }
  if (value->type == TL_VALUE_OBJECT && _tl_prim_kind (value->obj) == TL_PRIM_LIST)
    {
      *out = tl_value_ref (((TlListObj *) value->obj)->list);
      return EXEC_OK;
    }
  if (value->type == TL_VALUE_OBJECT && _tl_prim_kind (value->obj) == TL_PRIM_PROXY)
    return _tl_proxy_call (x, (TlProxy *) value->obj, "copy", NULL, NULL, out);
  return _tl_exec_raise (x, "TypeError", "'%s' object is not iterable", tl_value_type_name (value));
}

static ExecStatus
eval_call (TlExec   *x,
           TlExpr   *expr,
           TlValue **out)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  const char *name = expr->name;
  TlValue *a;
  gint64 i, j;
  double p, q;

  if (eval_list (x, expr->items, args) != EXEC_OK)
    return EXEC_RAISE;
  a = args->len > 0 ? g_ptr_array_index (args, 0) : NULL;

  if (strcmp (name, "current_process") == 0)
    {
      *out = tl_value_new_string (x->proc->name);
      return EXEC_OK;
    }
  if (strcmp (name, "current_thread") == 0)
    {
      *out = tl_value_new_string (x->name);
      return EXEC_OK;
    }
  if (strcmp (name, "getpid") == 0)
    {
      *out = tl_value_new_int (x->proc->pid);
      return EXEC_OK;
    }
  if (strcmp (name, "now") == 0)
    {
      *out = tl_value_new_float ((double) (_tl_now_ns () - _tl_engine->start_ns) / 1e9);
      return EXEC_OK;
    }
  if (a == NULL)
    return _tl_exec_raise (x, "TypeError", "%s() needs an argument", name);

  if (strcmp (name, "len") == 0)
    {
      if (a->type == TL_VALUE_STRING)
        *out = tl_value_new_int ((gint64) g_utf8_strlen (a->s, -1));
      else if (a->type == TL_VALUE_OBJECT && _tl_prim_kind (a->obj) == TL_PRIM_PROXY)
        return _tl_proxy_call (x, (TlProxy *) a->obj, "len", NULL, NULL, out);
      else if (a->type == TL_VALUE_OBJECT && _tl_prim_kind (a->obj) == TL_PRIM_QUEUE)
        *out = tl_value_new_int (_tl_queue_size ((TlQueue *) a->obj));
      else if (a->type == TL_VALUE_OBJECT && _tl_prim_kind (a->obj) == TL_PRIM_ARRAY)
        *out = tl_value_new_int (_tl_shared_length ((TlShared *) a->obj));
      else
        {
          g_autoptr(TlValue) items = NULL;

          if (items_of (x, a, &items) != EXEC_OK)
            return EXEC_RAISE;
          *out = tl_value_new_int (tl_value_list_length (items));
        }
      return EXEC_OK;
    }
  if (strcmp (name, "str") == 0)
    {
      *out = tl_value_new_string_take (tl_value_to_string (a));
      return EXEC_OK;
    }
  if (strcmp (name, "int") == 0 || strcmp (name, "round") == 0)
    {
      if (a->type == TL_VALUE_STRING)
        *out = tl_value_new_int (g_ascii_strtoll (a->s, NULL, 10));
      else if (as_number (a, &p))
        *out = tl_value_new_int ((gint64) (strcmp (name, "round") == 0 ? nearbyint (p) : p));
      else
        return _tl_exec_raise (x, "TypeError", "%s() of %s", name, tl_value_type_name (a));
      return EXEC_OK;
    }
  if (strcmp (name, "float") == 0)
    {
      if (!as_number (a, &p))
        return _tl_exec_raise (x, "TypeError", "float() of %s", tl_value_type_name (a));
      *out = tl_value_new_float (p);
      return EXEC_OK;
    }
  if (strcmp (name, "abs") == 0)
    {
      if (as_int (a, &i))
        *out = tl_value_new_int (i < 0 ? -i : i);
      else if (as_number (a, &p))
        *out = tl_value_new_float (fabs (p));
      else
        return _tl_exec_raise (x, "TypeError", "abs() of %s", tl_value_type_name (a));
      return EXEC_OK;
    }
  if (strcmp (name, "factorial") == 0)
    {
      if (!as_int (a, &i) || i < 0 || i > 20)
        return _tl_exec_raise (x, "ValueError", "factorial() takes an integer from 0 to 20");
      *out = tl_value_new_int (factorial (i));
      return EXEC_OK;
    }
  if (strcmp (name, "random") == 0 || strcmp (name, "uniform") == 0 || strcmp (name, "range") == 0)
    {
      if (args->len != 2 || !as_number (a, &p) || !as_number (g_ptr_array_index (args, 1), &q))
        return _tl_exec_raise (x, "TypeError", "%s() takes two numbers", name);
      if (strcmp (name, "uniform") == 0)
        *out = tl_value_new_float (q > p ? g_rand_double_range (x->rand, p, q) : p);
      else if (strcmp (name, "random") == 0)
        {
          i = (gint64) p;
          j = (gint64) q;
          *out = tl_value_new_int (j > i ? i + (gint64) g_rand_int_range (x->rand, 0, (gint32) (j - i + 1)) : i);
        }
      else
        {
          i = (gint64) p;
          j = (gint64) q;
          if (j - i > MAX_RANGE)
            return _tl_exec_raise (x, "ValueError", "range too large");
          *out = tl_value_new_list ();
          for (gint64 k = i; k < j; k++)
            tl_value_list_append (*out, tl_value_new_int (k));
        }
      return EXEC_OK;
    }

  /* The rest work on lists: min, max, sum, sorted, list. */
  {
    g_autoptr(TlValue) items = NULL;
    g_autoptr(GPtrArray) sorted = NULL;

    if (args->len > 1)
      {
        items = tl_value_new_list ();
        for (guint k = 0; k < args->len; k++)
          tl_value_list_append (items, tl_value_ref (g_ptr_array_index (args, k)));
      }
    else if (items_of (x, a, &items) != EXEC_OK)
      return EXEC_RAISE;

    if (strcmp (name, "list") == 0)
      {
        *out = tl_value_new_list ();
        for (guint k = 0; k < tl_value_list_length (items); k++)
          tl_value_list_append (*out, tl_value_ref (tl_value_list_get (items, k)));
        return EXEC_OK;
      }
    if (strcmp (name, "sum") == 0)
      {
        gint64 total = 0;
        double ftotal = 0;
        gboolean is_float = FALSE;

        for (guint k = 0; k < tl_value_list_length (items); k++)
          {
            TlValue *item = tl_value_list_get (items, k);

            if (as_int (item, &i))
              {
                total += i;
                ftotal += (double) i;
              }
            else if (as_number (item, &p))
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

    sorted = g_ptr_array_new ();
    for (guint k = 0; k < tl_value_list_length (items); k++)
      g_ptr_array_add (sorted, tl_value_list_get (items, k));
    g_ptr_array_sort (sorted, compare_values);
    if (strcmp (name, "sorted") == 0)
      {
        *out = tl_value_new_list ();
        for (guint k = 0; k < sorted->len; k++)
          tl_value_list_append (*out, tl_value_ref (g_ptr_array_index (sorted, k)));
        return EXEC_OK;
      }
    if (sorted->len == 0)
      return _tl_exec_raise (x, "ValueError", "%s() of an empty list", name);
    *out = tl_value_ref (g_ptr_array_index (sorted, strcmp (name, "min") == 0 ? 0 : sorted->len - 1));
    return EXEC_OK;
  }
}

static ExecStatus
eval_index (TlExec   *x,
            TlValue  *container,
            TlValue  *index,
            TlValue **out)
{
  gint64 i;

  if (container->type == TL_VALUE_OBJECT)
    {
      switch (_tl_prim_kind (container->obj))
        {
        case TL_PRIM_ARRAY:
          if (!as_int (index, &i))
            return _tl_exec_raise (x, "TypeError", "array indices must be integers");
          {
            gint64 v;

            if (_tl_shared_read (x, (TlShared *) container->obj, i, &v) != EXEC_OK)
              return EXEC_RAISE;
            *out = tl_value_new_int (v);
          }
          return EXEC_OK;
        case TL_PRIM_PROXY:
          return _tl_proxy_call (x, (TlProxy *) container->obj, "getitem", index, NULL, out);
        case TL_PRIM_LIST:
          container = ((TlListObj *) container->obj)->list;
          break;
        default:
          return _tl_exec_raise (x, "TypeError", "'%s' object is not subscriptable",
                                 container->obj->kind_name);
        }
    }
  if (!as_int (index, &i))
    return _tl_exec_raise (x, "TypeError", "indices must be integers, not %s",
                           tl_value_type_name (index));
  if (container->type == TL_VALUE_LIST)
    {
      gint64 n = tl_value_list_length (container);

      if (i < 0)
        i += n;
      if (i < 0 || i >= n)
        return _tl_exec_raise (x, "IndexError", "list index out of range");
      *out = tl_value_ref (tl_value_list_get (container, (guint) i));
      return EXEC_OK;
    }
  if (container->type == TL_VALUE_STRING)
    {
      gint64 n = (gint64) strlen (container->s);

      if (i < 0)
        i += n;
      if (i < 0 || i >= n)
        return _tl_exec_raise (x, "IndexError", "string index out of range");
      *out = tl_value_new_string_take (g_strndup (container->s + i, 1));
      return EXEC_OK;
    }
  return _tl_exec_raise (x, "TypeError", "'%s' object is not subscriptable",
                         tl_value_type_name (container));
}

static ExecStatus
eval_attr (TlExec   *x,
           TlExpr   *expr,
           TlValue  *base,
           TlValue **out)
{
  const char *name = expr->name;

  if (base->type == TL_VALUE_OBJECT)
    {
      TlObj *obj = base->obj;
      TlPrimKind kind = _tl_prim_kind (obj);

      if (strcmp (name, "name") == 0)
        {
          *out = tl_value_new_string (obj->name);
          return EXEC_OK;
        }
      if (kind == TL_PRIM_VALUE && strcmp (name, "value") == 0)
        {
          gint64 v;

          if (_tl_shared_read (x, (TlShared *) obj, 0, &v) != EXEC_OK)
            return EXEC_RAISE;
          *out = tl_value_new_int (v);
          return EXEC_OK;
        }
      if (kind == TL_PRIM_HANDLE)
        {
          TlHandle *handle = (TlHandle *) obj;

          if (strcmp (name, "exitcode") == 0)
            {
              *out = handle->joined && handle->is_process ? tl_value_new_int (handle->exitcode)
                                                          : tl_value_none ();
              return EXEC_OK;
            }
          if (strcmp (name, "pid") == 0)
            {
              *out = tl_value_new_int (handle->is_process ? handle->pid : handle->tid);
              return EXEC_OK;
            }
        }
    }
  if (base->type == TL_VALUE_ERROR && (strcmp (name, "message") == 0 || strcmp (name, "args") == 0))
    {
      *out = tl_value_new_string (base->error.message);
      return EXEC_OK;
    }
  return _tl_exec_raise (x, "AttributeError", "'%s' object has no attribute '%s'",
                         tl_value_type_name (base), name);
}

static ExecStatus
eval_method (TlExec   *x,
             TlExpr   *expr,
             TlValue  *base,
             TlValue **out)
{
  const char *name = expr->name;
  TlObj *obj = base->type == TL_VALUE_OBJECT ? base->obj : NULL;
  TlPrimKind kind = obj != NULL ? _tl_prim_kind (obj) : TL_PRIM_LIST;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  gint64 timeout = -1;

  if (eval_list (x, expr->items, args) != EXEC_OK)
    return EXEC_RAISE;
  if (args->len > 0)
    {
      double seconds;

      if (as_number (g_ptr_array_index (args, 0), &seconds))
        timeout = _tl_engine_scale (seconds * 1e9);
    }

  if (obj != NULL && strcmp (name, "get_lock") == 0 && (kind == TL_PRIM_VALUE || kind == TL_PRIM_ARRAY))
    {
      *out = tl_value_new_object ((TlObj *) _tl_shared_get_lock ((TlShared *) obj));
      return EXEC_OK;
    }
  if (obj != NULL && kind == TL_PRIM_RESULT)
    {
      if (strcmp (name, "result") == 0 || strcmp (name, "get") == 0)
        return _tl_pool_result_get (x, obj, timeout, TRUE, out);
      if (strcmp (name, "ready") == 0 || strcmp (name, "done") == 0)
        {
          *out = tl_value_new_bool (_tl_pool_result_ready (obj));
          return EXEC_OK;
        }
      if (strcmp (name, "successful") == 0 || strcmp (name, "exception") == 0)
        {
          g_autoptr(TlValue) value = NULL;
          g_autoptr(TlValue) error = NULL;

          if (_tl_pool_result_get (x, obj, timeout, FALSE, &value) != EXEC_OK)
            return EXEC_RAISE;
          if (strcmp (name, "successful") == 0)
            *out = tl_value_new_bool (value->type != TL_VALUE_ERROR);
          else
            *out = value->type == TL_VALUE_ERROR ? tl_value_ref (value) : tl_value_none ();
          return EXEC_OK;
        }
    }
  if (obj != NULL && kind == TL_PRIM_QUEUE)
    {
      if (strcmp (name, "empty") == 0)
        {
          *out = tl_value_new_bool (_tl_queue_size ((TlQueue *) obj) == 0);
          return EXEC_OK;
        }
      if (strcmp (name, "qsize") == 0)
        {
          *out = tl_value_new_int (_tl_queue_size ((TlQueue *) obj));
          return EXEC_OK;
        }
    }
  if (obj != NULL && kind == TL_PRIM_EVENT && strcmp (name, "is_set") == 0)
    {
      *out = tl_value_new_bool (_tl_event_is_set ((TlEventPrim *) obj));
      return EXEC_OK;
    }
  if (obj != NULL && kind == TL_PRIM_HANDLE && strcmp (name, "is_alive") == 0)
    {
      TlHandle *handle = (TlHandle *) obj;

      *out = tl_value_new_bool (!handle->joined && (handle->is_process || !handle->finished));
      return EXEC_OK;
    }
  if (strcmp (name, "copy") == 0)
    return items_of (x, base, out);
  return _tl_exec_raise (x, "AttributeError", "'%s' object has no method '%s'",
                         tl_value_type_name (base), name);
}

ExecStatus
_tl_exec_eval (TlExec   *x,
               TlExpr   *expr,
               TlValue **out)
{
  g_autoptr(TlValue) a = NULL;
  g_autoptr(TlValue) b = NULL;

  *out = NULL;
  switch (expr->kind)
    {
    case TL_EXPR_CONST:
      *out = tl_value_ref (expr->constant);
      return EXEC_OK;

    case TL_EXPR_NAME:
      {
        TlValue *value = lookup (x, expr->name);

        if (value == NULL)
          return _tl_exec_raise (x, "NameError", "name '%s' is not defined", expr->name);
        *out = tl_value_ref (value);
        return EXEC_OK;
      }

    case TL_EXPR_FORMAT:
      {
        char *text = NULL;

        if (eval_format (x, expr, &text, NULL) != EXEC_OK)
          return EXEC_RAISE;
        *out = tl_value_new_string_take (text);
        return EXEC_OK;
      }

    case TL_EXPR_LIST:
      {
        g_autoptr(TlValue) list = tl_value_new_list ();

        if (eval_list (x, expr->items, list->items) != EXEC_OK)
          return EXEC_RAISE;
        *out = g_steal_pointer (&list);
        return EXEC_OK;
      }

    case TL_EXPR_RANGE:
      {
        gint64 from, to;

        if (eval_int (x, expr->a, &from) != EXEC_OK || eval_int (x, expr->b, &to) != EXEC_OK)
          return EXEC_RAISE;
        if (to - from >= MAX_RANGE)
          return _tl_exec_raise (x, "ValueError", "range too large");
        *out = tl_value_new_list ();
        for (gint64 k = from; k <= to; k++)
          tl_value_list_append (*out, tl_value_new_int (k));
        return EXEC_OK;
      }

    case TL_EXPR_UNARY:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK)
        return EXEC_RAISE;
      if (expr->op == TL_OP_NOT)
        {
          *out = tl_value_new_bool (!tl_value_is_true (a));
          return EXEC_OK;
        }
      {
        gint64 i;
        double d;

        if (as_int (a, &i))
          *out = tl_value_new_int (-i);
        else if (as_number (a, &d))
          *out = tl_value_new_float (-d);
        else
          return _tl_exec_raise (x, "TypeError", "bad operand type for unary -: %s",
                                 tl_value_type_name (a));
        return EXEC_OK;
      }

    case TL_EXPR_BINARY:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK)
        return EXEC_RAISE;
      if (expr->op == TL_OP_AND || expr->op == TL_OP_OR)
        {
          gboolean truth = tl_value_is_true (a);

          if ((expr->op == TL_OP_AND && !truth) || (expr->op == TL_OP_OR && truth))
            {
              *out = g_steal_pointer (&a);
              return EXEC_OK;
            }
          return _tl_exec_eval (x, expr->b, out);
        }
      if (_tl_exec_eval (x, expr->b, &b) != EXEC_OK)
        return EXEC_RAISE;
      return eval_binary (x, expr->op, a, b, out);

    case TL_EXPR_INDEX:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK || _tl_exec_eval (x, expr->b, &b) != EXEC_OK)
        return EXEC_RAISE;
      return eval_index (x, a, b, out);

    case TL_EXPR_ATTR:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK)
        return EXEC_RAISE;
      return eval_attr (x, expr, a, out);

    case TL_EXPR_METHOD:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK)
        return EXEC_RAISE;
      return eval_method (x, expr, a, out);

    case TL_EXPR_CALL:
      return eval_call (x, expr, out);

    default:
      return _tl_exec_raise (x, "RuntimeError", "cannot evaluate this expression");
    }
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
      return eval_int (x, target->b, &place->index);
    case TL_PRIM_SHARED_MEMORY:
      place->shm = (TlShm *) value->obj;
      return EXEC_OK;
    default:
      return wrong_object (x, "read", value->obj);
    }
}

/* ---- steps ------------------------------------------------------------------------ */

static guint64
compute_text_id (void)
{
  static guint64 id;

  /* Named once, used by every compute slice of this run. */
  if (id == 0)
    {
      id = tl_trace_new_id ();
      tl_trace_name (TL_ROLE_TEXT, id, "compute", strlen ("compute"));
    }
  return id;
}

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Python code running: CPU time actually spent, so that four processes on
 * two cores take twice as long as on four, and threads that hold the GIL
 * in turns add up. */
static void
compute (TlExec *x,
         gint64  ns)
{
  gint64 done = 0, last = thread_cpu_ns ();
  volatile guint64 acc = (guint64) ns;

  tl_trace_record (TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 0, compute_text_id (), (guint64) ns, 0);
  while (done < ns)
    {
      gint64 now;

      for (guint i = 0; i < 2000; i++)
        acc = acc * 6364136223846793005u + 1442695040888963407u;
      now = thread_cpu_ns ();
      done += now - last;
      last = now;
      if (_tl_gil_drop_requested (x->proc->gil))
        {
          _tl_exec_check_gil (x);
          last = thread_cpu_ns ();
        }
    }
  tl_trace_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
}

static void
pause_ns (gint64 ns)
{
  struct timespec ts = { (time_t) (ns / 1000000000), (long) (ns % 1000000000) };

  while (nanosleep (&ts, &ts) != 0)
    ;
}

static ExecStatus
exec_update (TlExec *x,
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
      TlValue *old = lookup (x, place.local);

      if (old == NULL)
        return _tl_exec_raise (x, "NameError", "name '%s' is not defined", place.local);
      if (eval_binary (x, stmt->flags & TL_STMT_FLAG_SUBTRACT ? TL_OP_SUB : TL_OP_ADD,
                       old, delta, &result) != EXEC_OK)
        return EXEC_RAISE;
      bind (x, place.local, g_steal_pointer (&result));
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
  if (eval_binary (x, stmt->flags & TL_STMT_FLAG_SUBTRACT ? TL_OP_SUB : TL_OP_ADD,
                   current, delta, &result) != EXEC_OK)
    return EXEC_RAISE;
  if (result->type != TL_VALUE_INT)
    return _tl_exec_raise (x, "TypeError", "a shared value holds integers");
  return _tl_shared_write (x, place.shared, place.index, result->i);
}

static ExecStatus
exec_read (TlExec *x,
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
  bind (x, into, value);
  return EXEC_OK;
}

static ExecStatus
exec_write (TlExec *x,
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
      tl_trace_name (TL_ROLE_TEXT, id, name, strlen (name));
      g_hash_table_insert (counter_ids, list, GSIZE_TO_POINTER ((gsize) id));
    }
  memcpy (&bits, &length, sizeof bits);
  tl_trace_record (TL_EVENT_COUNTER, TL_ROLE_TEXT, 0, id, bits, 0);
}

static guint64
list_item_arg (TlValue *item)
{
  gint64 i;

  return as_int (item, &i) ? (guint64) i : 0;
}

static ExecStatus
exec_append (TlExec *x,
             TlStmt *stmt)
{
  g_autoptr(TlValue) target = NULL;
  g_autoptr(TlValue) value = NULL;

  if (_tl_exec_eval (x, stmt->target, &target) != EXEC_OK ||
      _tl_exec_eval (x, stmt->value, &value) != EXEC_OK)
    return EXEC_RAISE;
  if (target->type == TL_VALUE_LIST)
    {
      tl_value_list_append (target, g_steal_pointer (&value));
      return EXEC_OK;
    }
  if (target->type == TL_VALUE_OBJECT && _tl_prim_kind (target->obj) == TL_PRIM_LIST)
    {
      TlListObj *list = (TlListObj *) target->obj;

      tl_trace_record (TL_EVENT_WRITE, TL_ROLE_VALUE, TL_FLAG_ITEM, list->prim.id,
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
    return wrong_object (x, "append", target->obj);
  return _tl_exec_raise (x, "TypeError", "cannot append to %s", tl_value_type_name (target));
}

static ExecStatus
exec_pop (TlExec *x,
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
      bind (x, stmt->name, popped);
      return EXEC_OK;
    }
  if (target->type == TL_VALUE_LIST)
    list = target;
  else if (target->type == TL_VALUE_OBJECT && _tl_prim_kind (target->obj) == TL_PRIM_LIST)
    list = ((TlListObj *) target->obj)->list;
  else if (target->type == TL_VALUE_OBJECT)
    return wrong_object (x, "pop", target->obj);
  else
    return _tl_exec_raise (x, "TypeError", "cannot pop from %s", tl_value_type_name (target));

  if (tl_value_list_length (list) == 0)
    return _tl_exec_raise (x, "IndexError", "pop from empty list");
  item = tl_value_ref (tl_value_list_get (list, 0));
  g_ptr_array_remove_index (list->items, 0);
  if (list != target)
    {
      TlListObj *obj = (TlListObj *) target->obj;

      tl_trace_record (TL_EVENT_READ, TL_ROLE_VALUE, TL_FLAG_ITEM, obj->prim.id,
                       list_item_arg (item), 0);
      record_list_length (obj);
    }
  bind (x, stmt->name, item);
  return EXEC_OK;
}

static ExecStatus
exec_store (TlExec *x,
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
          if (!as_int (index, &i) || value->type != TL_VALUE_INT)
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
          return wrong_object (x, "[]=", target->obj);
        }
    }
  else if (target->type == TL_VALUE_LIST)
    list = target;
  else
    return _tl_exec_raise (x, "TypeError", "'%s' object does not support item assignment",
                           tl_value_type_name (target));

  if (!as_int (index, &i))
    return _tl_exec_raise (x, "TypeError", "list indices must be integers");
  if (i < 0)
    i += tl_value_list_length (list);
  if (i < 0 || i >= tl_value_list_length (list))
    return _tl_exec_raise (x, "IndexError", "list assignment index out of range");
  tl_value_unref (g_ptr_array_index (list->items, (guint) i));
  g_ptr_array_index (list->items, (guint) i) = g_steal_pointer (&value);
  return EXEC_OK;
}

static ExecStatus
exec_wait (TlExec *x,
           TlStmt *stmt)
{
  TlObj *obj;
  gint64 timeout;
  TlValue *result = NULL;

  if (eval_object (x, stmt->target, &obj) != EXEC_OK || eval_timeout (x, stmt, &timeout) != EXEC_OK)
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
      return wrong_object (x, "wait", obj);
    }
  if (stmt->name != NULL)
    bind (x, stmt->name, result);
  else
    tl_value_unref (result);
  return EXEC_OK;
}

static ExecStatus
exec_args (TlExec     *x,
           TlStmt     *stmt,
           GPtrArray **out)
{
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  return eval_list (x, stmt->args, *out);
}

static ExecStatus
exec_try (TlExec *x,
          TlStmt *stmt)
{
  ExecStatus status = _tl_exec_block (x, stmt->body);

  if (status == EXEC_RAISE && stmt->orelse != NULL)
    {
      TlValue *error = x->exception;
      gboolean matches = stmt->error_type == NULL ||
                         strcmp (stmt->error_type, "Exception") == 0 ||
                         strcmp (stmt->error_type, "BaseException") == 0 ||
                         (error->type == TL_VALUE_ERROR &&
                          strcmp (stmt->error_type, error->error.type_name) == 0);

      if (matches)
        {
          x->exception = NULL;
          if (stmt->name != NULL)
            bind (x, stmt->name, error);
          else
            tl_value_unref (error);
          status = _tl_exec_block (x, stmt->orelse);
        }
    }

  if (stmt->final != NULL)
    {
      TlValue *exception = g_steal_pointer (&x->exception);
      TlValue *returned = g_steal_pointer (&x->returned);
      ExecStatus final = _tl_exec_block (x, stmt->final);

      /* A finally that raises or returns wins, as in Python. */
      if (final != EXEC_OK)
        {
          g_clear_pointer (&exception, tl_value_unref);
          g_clear_pointer (&returned, tl_value_unref);
          return final;
        }
      x->exception = exception;
      x->returned = returned;
    }
  return status;
}

static ExecStatus
exec_loop_body (TlExec *x,
                TlBlock *body)
{
  /* A loop's back edge is an eval-breaker point. */
  _tl_exec_check_gil (x);
  return _tl_exec_block (x, body);
}

static ExecStatus
exec_stmt (TlExec *x,
           TlStmt *stmt)
{
  switch (stmt->kind)
    {
    case TL_STMT_COMPUTE:
      {
        gint64 ns;

        if (eval_duration (x, &stmt->duration, &ns) != EXEC_OK)
          return EXEC_RAISE;
        compute (x, ns);
        return EXEC_OK;
      }

    case TL_STMT_SLEEP:
    case TL_STMT_IO:
      {
        gint64 ns;
        gboolean io = stmt->kind == TL_STMT_IO;

        if (eval_duration (x, &stmt->duration, &ns) != EXEC_OK)
          return EXEC_RAISE;
        _tl_exec_release_gil (x);
        tl_trace_record (io ? TL_EVENT_IO_BEGIN : TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0,
                         (guint64) ns, 0);
        pause_ns (ns);
        tl_trace_record (io ? TL_EVENT_IO_END : TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0, 0, 0);
        _tl_exec_take_gil (x);
        return EXEC_OK;
      }

    case TL_STMT_PRINT:
      {
        g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
        g_autofree char *text = NULL;

        if (eval_format (x, stmt->text, &text, errors) != EXEC_OK)
          return EXEC_RAISE;
        _tl_record_print (x, text);
        /* An exception printed has been reported. */
        for (guint i = 0; i < errors->len; i++)
          _tl_record_error_reported (g_ptr_array_index (errors, i));
        return EXEC_OK;
      }

    case TL_STMT_MARK:
      {
        g_autofree char *text = NULL;

        if (eval_text (x, stmt->text, &text) != EXEC_OK)
          return EXEC_RAISE;
        tl_trace_record_text (TL_EVENT_MARK, 0, TL_SCENARIO_MARK_PLAIN, text, strlen (text));
        return EXEC_OK;
      }

    case TL_STMT_LET:
      {
        TlValue *value = NULL;

        if (_tl_exec_eval (x, stmt->value, &value) != EXEC_OK)
          return EXEC_RAISE;
        bind (x, stmt->name, value);
        return EXEC_OK;
      }

    case TL_STMT_READ:
      return exec_read (x, stmt);
    case TL_STMT_WRITE:
      return exec_write (x, stmt);
    case TL_STMT_UPDATE:
      return exec_update (x, stmt);
    case TL_STMT_STORE:
      return exec_store (x, stmt);

    case TL_STMT_ACQUIRE:
      {
        TlObj *obj;
        TlLock *lock;
        gint64 timeout;
        gboolean got;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK || eval_timeout (x, stmt, &timeout) != EXEC_OK)
          return EXEC_RAISE;
        if ((lock = lock_of (obj)) == NULL)
          return wrong_object (x, "acquire", obj);
        got = _tl_lock_acquire (x, lock, timeout);
        if (stmt->name != NULL)
          bind (x, stmt->name, tl_value_new_bool (got));
        return EXEC_OK;
      }

    case TL_STMT_RELEASE:
      {
        TlObj *obj;
        TlLock *lock;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK)
          return EXEC_RAISE;
        if ((lock = lock_of (obj)) == NULL)
          return wrong_object (x, "release", obj);
        return _tl_lock_release (x, lock);
      }

    case TL_STMT_WITH:
      {
        TlObj *obj;
        TlLock *lock;
        ExecStatus status;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK)
          return EXEC_RAISE;
        if ((lock = lock_of (obj)) == NULL)
          return wrong_object (x, "with", obj);
        _tl_lock_acquire (x, lock, -1);
        status = _tl_exec_block (x, stmt->body);
        /* __exit__ releases whatever happened inside. */
        {
          TlValue *exception = g_steal_pointer (&x->exception);

          if (_tl_lock_release (x, lock) != EXEC_OK)
            {
              g_clear_pointer (&exception, tl_value_unref);
              return EXEC_RAISE;
            }
          x->exception = exception;
        }
        return status;
      }

    case TL_STMT_WAIT:
      return exec_wait (x, stmt);

    case TL_STMT_NOTIFY:
    case TL_STMT_NOTIFY_ALL:
      {
        TlObj *obj;
        gint64 n = 1;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) != TL_PRIM_CONDITION)
          return wrong_object (x, "notify", obj);
        if (stmt->kind == TL_STMT_NOTIFY_ALL)
          n = G_MAXINT64;
        else if (stmt->value != NULL && eval_int (x, stmt->value, &n) != EXEC_OK)
          return EXEC_RAISE;
        return _tl_condition_notify (x, (TlCondition *) obj, n);
      }

    case TL_STMT_SET:
    case TL_STMT_CLEAR:
      {
        TlObj *obj;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) != TL_PRIM_EVENT)
          return wrong_object (x, stmt->kind == TL_STMT_SET ? "set" : "clear", obj);
        if (stmt->kind == TL_STMT_SET)
          _tl_event_set (x, (TlEventPrim *) obj);
        else
          _tl_event_clear (x, (TlEventPrim *) obj);
        return EXEC_OK;
      }

    case TL_STMT_PUT:
    case TL_STMT_SEND:
      {
        g_autoptr(TlValue) value = NULL;
        TlObj *obj;

        if (_tl_exec_eval (x, stmt->value, &value) != EXEC_OK ||
            eval_object (x, stmt->target, &obj) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) == TL_PRIM_QUEUE)
          return _tl_queue_put (x, (TlQueue *) obj, value);
        if (_tl_prim_kind (obj) == TL_PRIM_PIPE_END)
          return _tl_pipe_send (x, (TlPipeEnd *) obj, value);
        return wrong_object (x, stmt->kind == TL_STMT_PUT ? "put" : "send", obj);
      }

    case TL_STMT_GET:
    case TL_STMT_RECV:
      {
        TlValue *value = NULL;
        gint64 timeout;
        TlObj *obj;
        ExecStatus status;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK || eval_timeout (x, stmt, &timeout) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) == TL_PRIM_QUEUE)
          status = _tl_queue_get (x, (TlQueue *) obj, timeout, &value);
        else if (_tl_prim_kind (obj) == TL_PRIM_PIPE_END)
          status = _tl_pipe_recv (x, (TlPipeEnd *) obj, timeout, &value);
        else
          return wrong_object (x, stmt->kind == TL_STMT_GET ? "get" : "recv", obj);
        if (status != EXEC_OK)
          return status;
        bind (x, stmt->name, value);
        return EXEC_OK;
      }

    case TL_STMT_APPEND:
      return exec_append (x, stmt);
    case TL_STMT_POP:
      return exec_pop (x, stmt);

    case TL_STMT_REPEAT:
      {
        gint64 n;

        if (eval_int (x, stmt->value, &n) != EXEC_OK)
          return EXEC_RAISE;
        for (gint64 i = 0; i < n; i++)
          {
            ExecStatus status = exec_loop_body (x, stmt->body);

            if (status != EXEC_OK)
              return status;
          }
        return EXEC_OK;
      }

    case TL_STMT_FOR:
      {
        g_autoptr(TlValue) iterable = NULL;
        g_autoptr(TlValue) items = NULL;

        if (_tl_exec_eval (x, stmt->value, &iterable) != EXEC_OK ||
            items_of (x, iterable, &items) != EXEC_OK)
          return EXEC_RAISE;
        for (guint i = 0; i < tl_value_list_length (items); i++)
          {
            ExecStatus status;

            bind (x, stmt->name, tl_value_ref (tl_value_list_get (items, i)));
            status = exec_loop_body (x, stmt->body);
            if (status != EXEC_OK)
              return status;
          }
        return EXEC_OK;
      }

    case TL_STMT_WHILE:
      for (;;)
        {
          g_autoptr(TlValue) condition = NULL;
          ExecStatus status;

          if (_tl_exec_eval (x, stmt->value, &condition) != EXEC_OK)
            return EXEC_RAISE;
          if (!tl_value_is_true (condition))
            return EXEC_OK;
          status = exec_loop_body (x, stmt->body);
          if (status != EXEC_OK)
            return status;
        }

    case TL_STMT_IF:
      {
        g_autoptr(TlValue) condition = NULL;

        if (_tl_exec_eval (x, stmt->value, &condition) != EXEC_OK)
          return EXEC_RAISE;
        if (tl_value_is_true (condition))
          return _tl_exec_block (x, stmt->body);
        if (stmt->orelse != NULL)
          return _tl_exec_block (x, stmt->orelse);
        return EXEC_OK;
      }

    case TL_STMT_TRY:
      return exec_try (x, stmt);

    case TL_STMT_RAISE:
      {
        g_autofree char *text = NULL;

        if (eval_text (x, stmt->text, &text) != EXEC_OK)
          return EXEC_RAISE;
        return _tl_exec_raise (x, stmt->error_type != NULL ? stmt->error_type : "RuntimeError",
                               "%s", text);
      }

    case TL_STMT_CRASH:
      {
        struct sigaction action = { 0 };

        /* A real crash of this process: the default action of SIGSEGV,
         * whatever handler a sanitizer installed. */
        action.sa_handler = SIG_DFL;
        sigaction (SIGSEGV, &action, NULL);
        raise (SIGSEGV);
        return EXEC_OK;
      }

    case TL_STMT_RETURN:
      g_clear_pointer (&x->returned, tl_value_unref);
      if (stmt->value == NULL)
        x->returned = tl_value_none ();
      else if (_tl_exec_eval (x, stmt->value, &x->returned) != EXEC_OK)
        return EXEC_RAISE;
      return EXEC_RETURN;

    case TL_STMT_START:
      {
        g_autoptr(GPtrArray) args = NULL;
        g_autofree char *name = NULL;
        TlHandle *handle = NULL;
        ExecStatus status;

        if (exec_args (x, stmt, &args) != EXEC_OK)
          return EXEC_RAISE;
        if (stmt->text != NULL && eval_text (x, stmt->text, &name) != EXEC_OK)
          return EXEC_RAISE;
        if (stmt->flags & TL_STMT_FLAG_PROCESS)
          status = _tl_start_process (x, stmt->func, args, name, &handle);
        else
          status = _tl_start_thread (x, stmt->func, args, name, &handle);
        if (status != EXEC_OK)
          return status;
        if (stmt->name != NULL)
          bind (x, stmt->name, tl_value_new_object ((TlObj *) handle));
        return EXEC_OK;
      }

    case TL_STMT_JOIN:
      {
        TlObj *obj;
        gint64 timeout;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK || eval_timeout (x, stmt, &timeout) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) == TL_PRIM_HANDLE)
          return _tl_join (x, (TlHandle *) obj, timeout);
        if (_tl_prim_kind (obj) == TL_PRIM_POOL)
          return _tl_pool_join (x, (TlPool *) obj);
        return wrong_object (x, "join", obj);
      }

    case TL_STMT_JOIN_ALL:
      return _tl_join_all (x);

    case TL_STMT_CALL:
      {
        g_autoptr(GPtrArray) args = NULL;
        TlValue *result = NULL;

        if (exec_args (x, stmt, &args) != EXEC_OK ||
            _tl_exec_call (x, stmt->func, args, &result) != EXEC_OK)
          return EXEC_RAISE;
        if (stmt->name != NULL)
          bind (x, stmt->name, result);
        else
          tl_value_unref (result);
        return EXEC_OK;
      }

    case TL_STMT_POOL:
      {
        TlPool *pool = NULL;
        gint64 n;

        if (eval_int (x, stmt->value, &n) != EXEC_OK)
          return EXEC_RAISE;
        if (n < 1 || n > 64)
          return _tl_exec_raise (x, "ValueError", "a pool has 1 to 64 workers, not %" G_GINT64_FORMAT, n);
        if (_tl_pool_new (x, (stmt->flags & TL_STMT_FLAG_PROCESS) != 0, n, &pool) != EXEC_OK)
          return EXEC_RAISE;
        bind (x, stmt->name, tl_value_new_object ((TlObj *) pool));
        return EXEC_OK;
      }

    case TL_STMT_MAP:
      {
        g_autoptr(TlValue) iterable = NULL;
        g_autoptr(TlValue) items = NULL;
        TlValue *result = NULL;
        gint64 chunksize = 0;
        TlObj *obj;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK ||
            _tl_exec_eval (x, stmt->value, &iterable) != EXEC_OK ||
            items_of (x, iterable, &items) != EXEC_OK)
          return EXEC_RAISE;
        if (stmt->extra != NULL && eval_int (x, stmt->extra, &chunksize) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) != TL_PRIM_POOL)
          return wrong_object (x, "map", obj);
        if (_tl_pool_map (x, (TlPool *) obj, stmt->func, items, chunksize, &result) != EXEC_OK)
          return EXEC_RAISE;
        if (stmt->name != NULL)
          bind (x, stmt->name, result);
        else
          tl_value_unref (result);
        return EXEC_OK;
      }

    case TL_STMT_APPLY_ASYNC:
    case TL_STMT_SUBMIT:
      {
        g_autoptr(GPtrArray) args = NULL;
        TlValue *result = NULL;
        TlObj *obj;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK || exec_args (x, stmt, &args) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) != TL_PRIM_POOL)
          return wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
        if (_tl_pool_apply (x, (TlPool *) obj, stmt->func, args, stmt->callback,
                            stmt->error_callback, &result) != EXEC_OK)
          return EXEC_RAISE;
        if (stmt->name != NULL)
          bind (x, stmt->name, result);
        else
          tl_value_unref (result);
        return EXEC_OK;
      }

    case TL_STMT_CLOSE:
    case TL_STMT_TERMINATE:
    case TL_STMT_SHUTDOWN:
      {
        TlObj *obj;

        if (eval_object (x, stmt->target, &obj) != EXEC_OK)
          return EXEC_RAISE;
        if (_tl_prim_kind (obj) != TL_PRIM_POOL)
          return wrong_object (x, tl_stmt_kind_to_string (stmt->kind), obj);
        if (stmt->kind == TL_STMT_TERMINATE)
          _tl_pool_terminate (x, (TlPool *) obj);
        else
          _tl_pool_close (x, (TlPool *) obj);
        if (stmt->kind == TL_STMT_SHUTDOWN)
          return _tl_pool_join (x, (TlPool *) obj);
        return EXEC_OK;
      }

    case TL_STMT_RESULT:
      {
        g_autoptr(TlValue) value = NULL;
        g_autofree char *label = NULL;
        g_autofree char *repr = NULL;

        if (_tl_exec_eval (x, stmt->value, &value) != EXEC_OK || eval_text (x, stmt->text, &label) != EXEC_OK)
          return EXEC_RAISE;
        repr = tl_value_repr (value);
        _tl_record_mark (TL_SCENARIO_MARK_RESULT, label, repr);
        return EXEC_OK;
      }

    case TL_STMT_TIME:
      {
        g_autofree char *label = NULL;
        g_autofree char *elapsed = NULL;
        ExecStatus status;
        gint64 start;
        double seconds;

        if (eval_text (x, stmt->text, &label) != EXEC_OK)
          return EXEC_RAISE;
        tl_trace_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, label, strlen (label));
        start = _tl_now_ns ();
        status = _tl_exec_block (x, stmt->body);
        seconds = (double) (_tl_now_ns () - start) / 1e9;
        tl_trace_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
        if (status != EXEC_OK)
          return status;
        elapsed = g_strdup_printf ("%.3f ms", seconds * 1e3);
        _tl_record_mark (TL_SCENARIO_MARK_TIME, label, elapsed);
        if (stmt->name != NULL)
          bind (x, stmt->name, tl_value_new_float (seconds));
        return EXEC_OK;
      }

    case TL_N_STMTS:
    default:
      return _tl_exec_raise (x, "RuntimeError", "unknown step");
    }
}

ExecStatus
_tl_exec_block (TlExec  *x,
                TlBlock *block)
{
  for (guint i = 0; i < block->len; i++)
    {
      TlStmt *stmt = g_ptr_array_index (block, i);
      ExecStatus status = exec_stmt (x, stmt);

      if (status == EXEC_RAISE && x->exception != NULL && x->exception->type == TL_VALUE_ERROR &&
          _tl_engine->echo)
        g_printerr ("%s:%u:%u: %s: %s\n", _tl_engine->origin, stmt->line, stmt->column,
                    x->exception->error.type_name, x->exception->error.message);
      if (status != EXEC_OK)
        return status;
    }
  return EXEC_OK;
}
