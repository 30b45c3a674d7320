/* tl-interp-expr.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expressions: values, names, operators, indexing and f-strings, as
 * Python evaluates them.
 */
#define G_LOG_DOMAIN "tl-interp"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-interp-private.h"

/* ---- values ------------------------------------------------------------------ */

TlValue *
_tl_interp_lookup (TlExec     *x,
                   const char *name)
{
  TlValue *value = g_hash_table_lookup (x->locals, name);

  return value != NULL ? value : g_hash_table_lookup (_tl_engine->globals, name);
}

void
_tl_interp_bind (TlExec     *x,
                 const char *name,
                 TlValue    *value)
{
  g_hash_table_insert (x->locals, g_strdup (name), value);
}

gboolean
_tl_as_int (const TlValue *value,
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

gboolean
_tl_as_number (const TlValue *value,
               double        *out)
{
  gint64 i;

  if (value->type == TL_VALUE_FLOAT)
    {
      *out = value->f;
      return TRUE;
    }
  if (_tl_as_int (value, &i))
    {
      *out = (double) i;
      return TRUE;
    }
  return FALSE;
}

ExecStatus
_tl_eval_int (TlExec  *x,
              TlExpr  *expr,
              gint64  *out)
{
  g_autoptr(TlValue) value = NULL;

  if (_tl_exec_eval (x, expr, &value) != EXEC_OK)
    return EXEC_RAISE;
  if (!_tl_as_int (value, out))
    {
      double d;

      if (_tl_as_number (value, &d))
        return _tl_float_to_int (x, d, out);
      return _tl_exec_raise (x, "TypeError", "expected an integer, not %s",
                             tl_value_type_name (value));
    }
  return EXEC_OK;
}

ExecStatus
_tl_float_to_int (TlExec *x,
                  double  d,
                  gint64 *out)
{
  if (isnan (d))
    return _tl_exec_raise (x, "ValueError", "cannot convert float NaN to integer");
  /* 2**63 is the first double that does not fit. */
  if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0))
    return _tl_exec_raise (x, "OverflowError", "cannot convert float %g to a 64-bit integer", d);
  *out = (gint64) d;
  return EXEC_OK;
}

ExecStatus
_tl_duration_to_ns (TlExec *x,
                    double  ns,
                    gint64 *out)
{
  double scaled;

  if (isnan (ns))
    return _tl_exec_raise (x, "ValueError", "a duration is a number, not NaN");
  scaled = MAX (ns, 0) / _tl_engine->tempo;
  if (scaled > TL_MAX_DURATION_NS)
    return _tl_exec_raise (x, "OverflowError", "a duration of more than %.0f days",
                           TL_MAX_DURATION_NS / 86400e9);
  *out = (gint64) scaled;
  return EXEC_OK;
}

ExecStatus
_tl_eval_duration (TlExec     *x,
                   TlDuration *duration,
                   gint64     *ns)
{
  g_autoptr(TlValue) low = NULL;
  g_autoptr(TlValue) high = NULL;
  double a, b;

  if (_tl_exec_eval (x, duration->low, &low) != EXEC_OK)
    return EXEC_RAISE;
  if (!_tl_as_number (low, &a))
    return _tl_exec_raise (x, "TypeError", "a duration is a number, not %s",
                           tl_value_type_name (low));
  if (duration->high != NULL)
    {
      if (_tl_exec_eval (x, duration->high, &high) != EXEC_OK)
        return EXEC_RAISE;
      if (!_tl_as_number (high, &b))
        return _tl_exec_raise (x, "TypeError", "a duration is a number, not %s",
                               tl_value_type_name (high));
      if (b > a)
        a = g_rand_double_range (x->rand, a, b);
    }
  return _tl_duration_to_ns (x, a * duration->unit_ns, ns);
}

ExecStatus
_tl_eval_timeout (TlExec *x,
                  TlStmt *stmt,
                  gint64 *ns)
{
  *ns = -1;
  if (stmt->timeout.low == NULL)
    return EXEC_OK;
  return _tl_eval_duration (x, &stmt->timeout, ns);
}

ExecStatus
_tl_eval_object (TlExec  *x,
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

ExecStatus
_tl_eval_args (TlExec     *x,
               TlStmt     *stmt,
               GPtrArray **out)
{
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  return _tl_eval_list (x, stmt->args, *out);
}

/* ---- formatting ---------------------------------------------------------------- */

/* The digits at *@p, read up to a count that is too large anyway: a
 * width of "3294967296" must not wrap around to a small or negative one. */
static int
read_count (const char **p)
{
  int n = 0;

  for (; g_ascii_isdigit (**p); (*p)++)
    n = MIN (n * 10 + (**p - '0'), 1000000);
  return n;
}

/* A format spec as in an f-string, the common part: [width][.precision][type]. */
static char *
format_value (TlValue    *value,
              const char *spec)
{
  double d;

  if (spec != NULL && spec[0] != '\0' && _tl_as_number (value, &d))
    {
      const char *p = spec;
      int width, precision = -1;
      char type;

      width = read_count (&p);
      if (*p == '.')
        {
          p++;
          precision = read_count (&p);
        }
      type = *p != '\0' ? *p++ : 'g';
      if (*p == '\0' && width < 100 && precision < 50)
        {
          switch (type)
            {
            case 'd':
              if (fabs (d) < 9.2e18)
                return g_strdup_printf ("%*" G_GINT64_FORMAT, width, (gint64) d);
              return g_strdup_printf ("%*.0f", width, d);
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

ExecStatus
_tl_eval_format (TlExec     *x,
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
      if (_tl_limits_check_string (x, text->len) != EXEC_OK)
        {
          g_string_free (text, TRUE);
          return EXEC_RAISE;
        }
    }
  *out = g_string_free (text, FALSE);
  return EXEC_OK;
}

ExecStatus
_tl_eval_text (TlExec  *x,
               TlExpr  *expr,
               char   **out)
{
  if (expr->kind == TL_EXPR_FORMAT)
    return _tl_eval_format (x, expr, out, NULL);
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

gint
_tl_compare_values (gconstpointer a,
                    gconstpointer b)
{
  const TlValue *x = *(const TlValue **) a, *y = *(const TlValue **) b;
  double p = 0, q = 0;

  if (_tl_as_number (x, &p) && _tl_as_number (y, &q))
    return p < q ? -1 : p > q;
  if (x->type == TL_VALUE_STRING && y->type == TL_VALUE_STRING)
    return strcmp (x->s, y->s);
  return 0;
}

/* Python's integers grow without bound; ours are 64-bit, and say so
 * rather than wrap. */
static ExecStatus
overflow (TlExec *x)
{
  return _tl_exec_raise (x, "OverflowError", "integer overflow: the result does not fit in 64 bits");
}

static ExecStatus
int_binary (TlExec   *x,
            TlOp      op,
            gint64    i,
            gint64    j,
            TlValue **out)
{
  gint64 r, quotient, rest;

  switch (op)
    {
    case TL_OP_ADD:
      if (__builtin_add_overflow (i, j, &r))
        return overflow (x);
      break;
    case TL_OP_SUB:
      if (__builtin_sub_overflow (i, j, &r))
        return overflow (x);
      break;
    case TL_OP_MUL:
      if (__builtin_mul_overflow (i, j, &r))
        return overflow (x);
      break;
    case TL_OP_DIV:
      if (j == 0)
        return _tl_exec_raise (x, "ZeroDivisionError", "division by zero");
      *out = tl_value_new_float ((double) i / (double) j);
      return EXEC_OK;
    case TL_OP_FLOORDIV:
    case TL_OP_MOD:
      if (j == 0)
        return _tl_exec_raise (x, "ZeroDivisionError", "integer division or modulo by zero");
      /* The one quotient that does not fit, and whose C division traps. */
      if (j == -1)
        {
          if (op == TL_OP_FLOORDIV && i == G_MININT64)
            return overflow (x);
          r = op == TL_OP_FLOORDIV ? -i : 0;
          break;
        }
      /* Python floors. */
      quotient = i / j;
      rest = i % j;
      if (rest != 0 && ((rest < 0) != (j < 0)))
        {
          quotient--;
          rest += j;
        }
      r = op == TL_OP_FLOORDIV ? quotient : rest;
      break;
    default:
      g_assert_not_reached ();
      return EXEC_RAISE;
    }
  *out = tl_value_new_int (r);
  return EXEC_OK;
}

static ExecStatus
float_binary (TlExec   *x,
              TlOp      op,
              double    p,
              double    q,
              TlValue **out)
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
      g_assert_not_reached ();
      return EXEC_RAISE;
    }
}

/* Strings and lists joined with +, within what a value may be. */
static ExecStatus
concatenate (TlExec   *x,
             TlValue  *a,
             TlValue  *b,
             TlValue **out)
{
  if (a->type == TL_VALUE_STRING)
    {
      if (_tl_limits_check_string (x, strlen (a->s) + strlen (b->s)) != EXEC_OK)
        return EXEC_RAISE;
      *out = tl_value_new_string_take (g_strconcat (a->s, b->s, NULL));
      return EXEC_OK;
    }
  if (_tl_limits_check_items (x, (gsize) tl_value_list_length (a) + tl_value_list_length (b)) != EXEC_OK)
    return EXEC_RAISE;
  *out = tl_value_new_list ();
  for (guint k = 0; k < tl_value_list_length (a); k++)
    tl_value_list_append (*out, tl_value_ref (tl_value_list_get (a, k)));
  for (guint k = 0; k < tl_value_list_length (b); k++)
    tl_value_list_append (*out, tl_value_ref (tl_value_list_get (b, k)));
  return EXEC_OK;
}

ExecStatus
_tl_eval_binary (TlExec   *x,
                 TlOp      op,
                 TlValue  *a,
                 TlValue  *b,
                 TlValue **out)
{
  gint64 i, j;
  double p = 0, q = 0;

  if (op == TL_OP_EQ || op == TL_OP_NE)
    {
      gboolean equal = tl_value_equal (a, b);

      *out = tl_value_new_bool (op == TL_OP_EQ ? equal : !equal);
      return EXEC_OK;
    }
  if (op >= TL_OP_LT && op <= TL_OP_GE)
    {
      gint c;

      if (!((_tl_as_number (a, &p) && _tl_as_number (b, &q)) ||
            (a->type == TL_VALUE_STRING && b->type == TL_VALUE_STRING)))
        return _tl_exec_raise (x, "TypeError", "cannot compare %s and %s",
                               tl_value_type_name (a), tl_value_type_name (b));
      c = _tl_compare_values (&a, &b);
      *out = tl_value_new_bool (op == TL_OP_LT ? c < 0 : op == TL_OP_LE ? c <= 0 :
                                op == TL_OP_GT ? c > 0 : c >= 0);
      return EXEC_OK;
    }
  if (op == TL_OP_ADD && a->type == b->type &&
      (a->type == TL_VALUE_STRING || a->type == TL_VALUE_LIST))
    return concatenate (x, a, b, out);

  /* Arithmetic: + - * / // %, in TlOp's order. */
  if (op >= TL_OP_ADD && op <= TL_OP_MOD && _tl_as_int (a, &i) && _tl_as_int (b, &j))
    return int_binary (x, op, i, j, out);
  if (op >= TL_OP_ADD && op <= TL_OP_MOD && _tl_as_number (a, &p) && _tl_as_number (b, &q))
    return float_binary (x, op, p, q, out);
  return _tl_exec_raise (x, "TypeError", "unsupported operand types: %s and %s",
                         tl_value_type_name (a), tl_value_type_name (b));
}

ExecStatus
_tl_eval_list (TlExec    *x,
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

/* A list, or the items a list-like thing holds right now. */
ExecStatus
_tl_items_of (TlExec   *x,
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
          if (!_tl_as_int (index, &i))
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
  if (!_tl_as_int (index, &i))
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

ExecStatus
_tl_exec_eval (TlExec   *x,
               TlExpr   *expr,
               TlValue **out)
{
  g_autoptr(TlValue) a = NULL;
  g_autoptr(TlValue) b = NULL;

  *out = NULL;
  if (_tl_exec_check_stack (x) != EXEC_OK)
    return EXEC_RAISE;
  switch (expr->kind)
    {
    case TL_EXPR_CONST:
      *out = tl_value_ref (expr->constant);
      return EXEC_OK;

    case TL_EXPR_NAME:
      {
        TlValue *value = _tl_interp_lookup (x, expr->name);

        if (value == NULL)
          return _tl_exec_raise (x, "NameError", "name '%s' is not defined", expr->name);
        *out = tl_value_ref (value);
        return EXEC_OK;
      }

    case TL_EXPR_FORMAT:
      {
        char *text = NULL;

        if (_tl_eval_format (x, expr, &text, NULL) != EXEC_OK)
          return EXEC_RAISE;
        *out = tl_value_new_string_take (text);
        return EXEC_OK;
      }

    case TL_EXPR_LIST:
      {
        g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);

        if (_tl_eval_list (x, expr->items, items) != EXEC_OK)
          return EXEC_RAISE;
        *out = tl_value_new_list ();
        for (guint i = 0; i < items->len; i++)
          tl_value_list_append (*out, tl_value_ref (g_ptr_array_index (items, i)));
        return EXEC_OK;
      }

    case TL_EXPR_RANGE:
      {
        gint64 from, to;

        if (_tl_eval_int (x, expr->a, &from) != EXEC_OK || _tl_eval_int (x, expr->b, &to) != EXEC_OK)
          return EXEC_RAISE;
        if (to >= from && _tl_limits_check_items (x, (guint64) to - (guint64) from + 1) != EXEC_OK)
          return EXEC_RAISE;
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

        if (_tl_as_int (a, &i) && i == G_MININT64)
          return _tl_exec_raise (x, "OverflowError", "integer overflow: -(%" G_GINT64_FORMAT ")", i);
        if (_tl_as_int (a, &i))
          *out = tl_value_new_int (-i);
        else if (_tl_as_number (a, &d))
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
      return _tl_eval_binary (x, expr->op, a, b, out);

    case TL_EXPR_INDEX:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK || _tl_exec_eval (x, expr->b, &b) != EXEC_OK)
        return EXEC_RAISE;
      return eval_index (x, a, b, out);

    case TL_EXPR_ATTR:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK)
        return EXEC_RAISE;
      return _tl_eval_attr (x, expr, a, out);

    case TL_EXPR_METHOD:
      if (_tl_exec_eval (x, expr->a, &a) != EXEC_OK)
        return EXEC_RAISE;
      return _tl_eval_method (x, expr, a, out);

    case TL_EXPR_CALL:
      return _tl_eval_call (x, expr, out);

    default:
      return _tl_exec_raise (x, "RuntimeError", "cannot evaluate this expression");
    }
}
