/* tl-value.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-value"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "tl-value.h"

/* What the values of this process hold: the values themselves, the bytes
 * of their strings and the slots of their lists.  Threads change it, so
 * atomically; a forked child starts with its parent's. */
static gint64 held_bytes;

static void
hold (gint64 bytes)
{
  __atomic_add_fetch (&held_bytes, bytes, __ATOMIC_RELAXED);
}

gint64
tl_value_get_held_bytes (void)
{
  return __atomic_load_n (&held_bytes, __ATOMIC_RELAXED);
}

static TlValue *
value_new (TlValueType type)
{
  TlValue *value = g_new0 (TlValue, 1);

  hold (sizeof (TlValue));
  value->ref_count = 1;
  value->type = type;
  return value;
}

TlValue *
tl_value_none (void)
{
  return value_new (TL_VALUE_NONE);
}

TlValue *
tl_value_new_bool (gboolean b)
{
  TlValue *value = value_new (TL_VALUE_BOOL);

  value->b = !!b;
  return value;
}

TlValue *
tl_value_new_int (gint64 i)
{
  TlValue *value = value_new (TL_VALUE_INT);

  value->i = i;
  return value;
}

TlValue *
tl_value_new_float (double f)
{
  TlValue *value = value_new (TL_VALUE_FLOAT);

  value->f = f;
  return value;
}

TlValue *
tl_value_new_string (const char *s)
{
  return tl_value_new_string_take (g_strdup (s != NULL ? s : ""));
}

TlValue *
tl_value_new_string_take (char *s)
{
  TlValue *value = value_new (TL_VALUE_STRING);

  value->s = s;
  hold ((gint64) strlen (s) + 1);
  return value;
}

TlValue *
tl_value_new_list (void)
{
  TlValue *value = value_new (TL_VALUE_LIST);

  value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  return value;
}

TlValue *
tl_value_new_error (guint64     id,
                    const char *type_name,
                    const char *message)
{
  TlValue *value = value_new (TL_VALUE_ERROR);

  value->error.id = id;
  value->error.type_name = g_strdup (type_name != NULL ? type_name : "RuntimeError");
  value->error.message = g_strdup (message != NULL ? message : "");
  return value;
}

TlValue *
tl_value_new_object (TlObj *obj)
{
  TlValue *value = value_new (TL_VALUE_OBJECT);

  value->obj = obj;
  return value;
}

TlValue *
tl_value_ref (TlValue *value)
{
  g_atomic_int_inc (&value->ref_count);
  return value;
}

/* Frees @value, whose last reference went; a list's items go to
 * @pending rather than being released here, so that a list nested a
 * million deep does not take a million frames of stack. */
static void
value_free (TlValue    *value,
            GPtrArray **pending)
{
  switch (value->type)
    {
    case TL_VALUE_STRING:
      hold (-((gint64) strlen (value->s) + 1));
      g_free (value->s);
      break;
    case TL_VALUE_LIST:
      hold (-(gint64) value->items->len * (gint64) sizeof (gpointer));
      if (*pending == NULL)
        *pending = g_ptr_array_new ();
      g_ptr_array_set_free_func (value->items, NULL);
      g_ptr_array_extend_and_steal (*pending, value->items);
      break;
    case TL_VALUE_ERROR:
      g_free (value->error.type_name);
      g_free (value->error.message);
      break;
    case TL_VALUE_NONE:
    case TL_VALUE_BOOL:
    case TL_VALUE_INT:
    case TL_VALUE_FLOAT:
    case TL_VALUE_OBJECT:   /* objects live as long as their process */
    default:
      break;
    }
  hold (-(gint64) sizeof (TlValue));
  g_free (value);
}

void
tl_value_unref (TlValue *value)
{
  GPtrArray *pending = NULL;

  if (value == NULL || !g_atomic_int_dec_and_test (&value->ref_count))
    return;
  value_free (value, &pending);
  while (pending != NULL && pending->len > 0)
    {
      TlValue *item = g_ptr_array_steal_index_fast (pending, pending->len - 1);

      if (g_atomic_int_dec_and_test (&item->ref_count))
        value_free (item, &pending);
    }
  if (pending != NULL)
    g_ptr_array_unref (pending);
}

void
tl_value_list_append (TlValue *list,
                      TlValue *item)
{
  g_return_if_fail (list->type == TL_VALUE_LIST);
  hold (sizeof (gpointer));
  g_ptr_array_add (list->items, item);
}

guint
tl_value_list_length (const TlValue *list)
{
  return list->type == TL_VALUE_LIST ? list->items->len : 0;
}

void
tl_value_list_set (TlValue *list,
                   guint    index,
                   TlValue *item)
{
  g_return_if_fail (list->type == TL_VALUE_LIST && index < list->items->len);
  tl_value_unref (g_ptr_array_index (list->items, index));
  g_ptr_array_index (list->items, index) = item;
}

TlValue *
tl_value_list_steal (TlValue *list,
                     guint    index)
{
  g_return_val_if_fail (list->type == TL_VALUE_LIST && index < list->items->len, NULL);
  hold (-(gint64) sizeof (gpointer));
  return g_ptr_array_steal_index (list->items, index);
}

TlValue *
tl_value_list_get (const TlValue *list,
                   guint          index)
{
  g_return_val_if_fail (list->type == TL_VALUE_LIST && index < list->items->len, NULL);
  return g_ptr_array_index (list->items, index);
}

gboolean
tl_value_is_true (const TlValue *value)
{
  switch (value->type)
    {
    case TL_VALUE_NONE:
      return FALSE;
    case TL_VALUE_BOOL:
      return value->b;
    case TL_VALUE_INT:
      return value->i != 0;
    case TL_VALUE_FLOAT:
      return value->f != 0.0;
    case TL_VALUE_STRING:
      return value->s[0] != '\0';
    case TL_VALUE_LIST:
      return value->items->len > 0;
    case TL_VALUE_ERROR:
    case TL_VALUE_OBJECT:
    default:
      return TRUE;
    }
}

static gboolean
is_number (const TlValue *value)
{
  return value->type == TL_VALUE_INT || value->type == TL_VALUE_FLOAT ||
         value->type == TL_VALUE_BOOL;
}

static double
as_double (const TlValue *value)
{
  if (value->type == TL_VALUE_FLOAT)
    return value->f;
  if (value->type == TL_VALUE_BOOL)
    return value->b;
  return (double) value->i;
}

static gboolean
equal (const TlValue *a,
       const TlValue *b,
       guint          depth)
{
  if (a == b)
    return TRUE;
  if (is_number (a) && is_number (b))
    {
      if (a->type != TL_VALUE_FLOAT && b->type != TL_VALUE_FLOAT)
        return (a->type == TL_VALUE_BOOL ? a->b : a->i) == (b->type == TL_VALUE_BOOL ? b->b : b->i);
      return as_double (a) == as_double (b);
    }
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case TL_VALUE_NONE:
      return TRUE;
    case TL_VALUE_STRING:
      return strcmp (a->s, b->s) == 0;
    case TL_VALUE_LIST:
      if (a->items->len != b->items->len || depth >= TL_VALUE_MAX_DEPTH)
        return FALSE;
      for (guint i = 0; i < a->items->len; i++)
        if (!equal (g_ptr_array_index (a->items, i), g_ptr_array_index (b->items, i), depth + 1))
          return FALSE;
      return TRUE;
    case TL_VALUE_ERROR:
      return a->error.id == b->error.id;
    case TL_VALUE_OBJECT:
      return a->obj == b->obj;
    case TL_VALUE_BOOL:
    case TL_VALUE_INT:
    case TL_VALUE_FLOAT:
    default:
      return FALSE;
    }
}

gboolean
tl_value_equal (const TlValue *a,
                const TlValue *b)
{
  return equal (a, b, 0);
}

const char *
tl_value_type_name (const TlValue *value)
{
  switch (value->type)
    {
    case TL_VALUE_NONE:
      return "NoneType";
    case TL_VALUE_BOOL:
      return "bool";
    case TL_VALUE_INT:
      return "int";
    case TL_VALUE_FLOAT:
      return "float";
    case TL_VALUE_STRING:
      return "str";
    case TL_VALUE_LIST:
      return "list";
    case TL_VALUE_ERROR:
      return value->error.type_name;
    case TL_VALUE_OBJECT:
      return value->obj->kind_name;
    default:
      return "?";
    }
}

static void
append_float (GString *out,
              double   f)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (f))
    {
      g_string_append (out, f > 0 ? "inf" : "-inf");
      return;
    }
  if (isnan (f))
    {
      g_string_append (out, "nan");
      return;
    }
  /* Python prints the shortest form that reads back; %.17g is close
   * enough for a teaching trace, and shorter when it can be. */
  g_ascii_formatd (buf, sizeof buf, "%.15g", f);
  g_string_append (out, buf);
  if (strpbrk (buf, ".e") == NULL)
    g_string_append (out, ".0");
}

static void
append_quoted (GString    *out,
               const char *s,
               char        quote)
{
  g_string_append_c (out, quote);
  for (const char *p = s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p == quote)
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        }
    }
  g_string_append_c (out, quote);
}

/* The lists being printed, outermost first: a list met again inside
 * itself, or too deep, prints as "[...]". */
static void
append_repr (GString       *out,
             GPtrArray     *open,
             const TlValue *value,
             gboolean       top_str)
{
  if (out->len > TL_VALUE_MAX_STRING)
    return;
  switch (value->type)
    {
    case TL_VALUE_NONE:
      g_string_append (out, "None");
      break;
    case TL_VALUE_BOOL:
      g_string_append (out, value->b ? "True" : "False");
      break;
    case TL_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->i);
      break;
    case TL_VALUE_FLOAT:
      append_float (out, value->f);
      break;
    case TL_VALUE_STRING:
      if (top_str)
        g_string_append (out, value->s);
      else
        append_quoted (out, value->s, '\'');
      break;
    case TL_VALUE_LIST:
      if (open->len >= TL_VALUE_MAX_DEPTH || g_ptr_array_find (open, value, NULL))
        {
          g_string_append (out, "[...]");
          break;
        }
      g_ptr_array_add (open, (gpointer) value);
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->items->len && out->len <= TL_VALUE_MAX_STRING; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_repr (out, open, g_ptr_array_index (value->items, i), FALSE);
        }
      g_string_append_c (out, ']');
      g_ptr_array_set_size (open, open->len - 1);
      break;
    case TL_VALUE_ERROR:
      if (top_str)
        {
          g_string_append (out, value->error.message);
        }
      else
        {
          g_string_append_printf (out, "%s(", value->error.type_name);
          append_quoted (out, value->error.message, '\'');
          g_string_append_c (out, ')');
        }
      break;
    case TL_VALUE_OBJECT:
      g_string_append_printf (out, "<%s %s>", value->obj->kind_name,
                              value->obj->name != NULL ? value->obj->name : "");
      break;
    default:
      g_string_append (out, "?");
      break;
    }
}

static char *
print_value (const TlValue *value,
             gboolean       top_str)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  append_repr (out, open, value, top_str);
  if (out->len > TL_VALUE_MAX_STRING)
    {
      const char *cut = g_utf8_find_prev_char (out->str, out->str + TL_VALUE_MAX_STRING);

      g_string_truncate (out, cut != NULL ? (gsize) (cut - out->str) : 0);
      g_string_append (out, "...");
    }
  return g_string_free (out, FALSE);
}

char *
tl_value_to_string (const TlValue *value)
{
  return print_value (value, TRUE);
}

char *
tl_value_repr (const TlValue *value)
{
  return print_value (value, FALSE);
}

/* ---- the wire form -------------------------------------------------------- */

static gboolean
append_wire (GString       *out,
             const TlValue *value,
             guint          depth)
{
  if (depth > TL_VALUE_MAX_DEPTH || out->len > TL_VALUE_MAX_STRING)
    return FALSE;
  switch (value->type)
    {
    case TL_VALUE_NONE:
      g_string_append_c (out, 'N');
      return TRUE;
    case TL_VALUE_BOOL:
      g_string_append_c (out, value->b ? 'T' : 'F');
      return TRUE;
    case TL_VALUE_INT:
      g_string_append_printf (out, "i%" G_GINT64_FORMAT ";", value->i);
      return TRUE;
    case TL_VALUE_FLOAT:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append_printf (out, "f%s;", g_ascii_dtostr (buf, sizeof buf, value->f));
      }
      return TRUE;
    case TL_VALUE_STRING:
      g_string_append_printf (out, "s%zu:%s", strlen (value->s), value->s);
      return TRUE;
    case TL_VALUE_LIST:
      g_string_append_printf (out, "l%u:", value->items->len);
      for (guint i = 0; i < value->items->len; i++)
        if (!append_wire (out, g_ptr_array_index (value->items, i), depth + 1))
          return FALSE;
      return TRUE;
    case TL_VALUE_ERROR:
      g_string_append_printf (out, "e%" G_GUINT64_FORMAT ";%zu:%s%zu:%s", value->error.id,
                              strlen (value->error.type_name), value->error.type_name,
                              strlen (value->error.message), value->error.message);
      return TRUE;
    case TL_VALUE_OBJECT:
    default:
      return FALSE;
    }
}

char *
tl_value_serialize (const TlValue *value)
{
  GString *out = g_string_new (NULL);

  if (!append_wire (out, value, 0) || out->len > TL_VALUE_MAX_STRING)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static gboolean
read_number (const char **p,
             char         end,
             gint64      *out)
{
  char *stop = NULL;

  *out = g_ascii_strtoll (*p, &stop, 10);
  if (stop == *p || *stop != end)
    return FALSE;
  *p = stop + 1;
  return TRUE;
}

static char *
read_counted (const char **p)
{
  gint64 len;
  char *s;

  if (!read_number (p, ':', &len) || len < 0 || (gint64) strnlen (*p, (gsize) len) < len)
    return NULL;
  s = g_strndup (*p, (gsize) len);
  *p += len;
  return s;
}

static TlValue *
read_wire (const char **p,
           guint        depth)
{
  gint64 n;

  if (depth > TL_VALUE_MAX_DEPTH)
    return NULL;
  switch (*(*p)++)
    {
    case 'N':
      return tl_value_none ();
    case 'T':
      return tl_value_new_bool (TRUE);
    case 'F':
      return tl_value_new_bool (FALSE);
    case 'i':
      return read_number (p, ';', &n) ? tl_value_new_int (n) : NULL;
    case 'f':
      {
        char *stop = NULL;
        double f = g_ascii_strtod (*p, &stop);

        if (stop == *p || *stop != ';')
          return NULL;
        *p = stop + 1;
        return tl_value_new_float (f);
      }
    case 's':
      {
        char *s = read_counted (p);

        return s != NULL ? tl_value_new_string_take (s) : NULL;
      }
    case 'l':
      {
        TlValue *list;

        if (!read_number (p, ':', &n) || n < 0)
          return NULL;
        list = tl_value_new_list ();
        for (gint64 i = 0; i < n; i++)
          {
            TlValue *item = read_wire (p, depth + 1);

            if (item == NULL)
              {
                tl_value_unref (list);
                return NULL;
              }
            tl_value_list_append (list, item);
          }
        return list;
      }
    case 'e':
      {
        g_autofree char *type_name = NULL;
        g_autofree char *message = NULL;

        if (!read_number (p, ';', &n))
          return NULL;
        type_name = read_counted (p);
        if (type_name == NULL)
          return NULL;
        message = read_counted (p);
        if (message == NULL)
          return NULL;
        return tl_value_new_error ((guint64) n, type_name, message);
      }
    default:
      return NULL;
    }
}

TlValue *
tl_value_deserialize (const char  *text,
                      GError     **error)
{
  const char *p = text;
  TlValue *value = read_wire (&p, 0);

  if (value == NULL || *p != '\0')
    {
      g_clear_pointer (&value, tl_value_unref);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "A damaged message could not be read");
      return NULL;
    }
  return value;
}
