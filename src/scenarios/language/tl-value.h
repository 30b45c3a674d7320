/* tl-value.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values a scenario's steps compute with, shaped after Python's: None,
 * bool, int, float, str, list, exceptions, and references to objects (a
 * lock, a queue, a pool, a started process...).  Values are reference
 * counted and immutable, except lists, which are shared and mutable as in
 * Python; like Python, the engine only touches them while holding its
 * process's GIL.
 *
 * Values travel between processes (queues, pipes, pool tasks, the Manager)
 * as text: tl_value_serialize () and tl_value_deserialize () round-trip
 * everything but object references, which do not travel (as in Python,
 * processes inherit their objects when they start).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a value may be: lists nested in lists (deeper ones print as
 * "[...]", do not travel and compare unequal), the bytes of a string or
 * of a printed or sent value, the items of a list.  A list may hold
 * itself, as in Python; printing shows "[...]" there. */
#define TL_VALUE_MAX_DEPTH  100
#define TL_VALUE_MAX_STRING (16 << 20)
#define TL_VALUE_MAX_ITEMS  1000000

typedef enum
{
  TL_VALUE_NONE = 0,
  TL_VALUE_BOOL,
  TL_VALUE_INT,
  TL_VALUE_FLOAT,
  TL_VALUE_STRING,
  TL_VALUE_LIST,
  TL_VALUE_ERROR,
  TL_VALUE_OBJECT,
} TlValueType;

typedef struct _TlValue TlValue;

/* An engine object a value may refer to.  The engine's objects start
 * with this header; @kind_name is the Python class ("Lock", "Queue"). */
typedef struct _TlObj TlObj;

struct _TlObj
{
  const char *kind_name;
  char       *name;
};

struct _TlValue
{
  gint         ref_count;
  TlValueType  type;
  union
  {
    gboolean   b;
    gint64     i;
    double     f;
    char      *s;
    GPtrArray *items;              /* TlValue * */
    struct
    {
      guint64  id;                 /* the trace's error id */
      char    *type_name;          /* "ZeroDivisionError" */
      char    *message;
    } error;
    TlObj     *obj;
  };
};

TlValue    *tl_value_none          (void);
TlValue    *tl_value_new_bool      (gboolean      b);
TlValue    *tl_value_new_int       (gint64        i);
TlValue    *tl_value_new_float     (double        f);
TlValue    *tl_value_new_string    (const char   *s);
TlValue    *tl_value_new_string_take (char       *s);
TlValue    *tl_value_new_list      (void);
TlValue    *tl_value_new_error     (guint64       id,
                                    const char   *type_name,
                                    const char   *message);
TlValue    *tl_value_new_object    (TlObj        *obj);

TlValue    *tl_value_ref           (TlValue      *value);
void        tl_value_unref         (TlValue      *value);

void        tl_value_list_append   (TlValue      *list,
                                    TlValue      *item);
/* Takes @item in place of item @index. */
void        tl_value_list_set      (TlValue      *list,
                                    guint         index,
                                    TlValue      *item);
/* Removes item @index and gives it to the caller. */
TlValue    *tl_value_list_steal    (TlValue      *list,
                                    guint         index);
guint       tl_value_list_length   (const TlValue *list);
TlValue    *tl_value_list_get      (const TlValue *list,
                                    guint         index);

gboolean    tl_value_is_true       (const TlValue *value);
gboolean    tl_value_equal         (const TlValue *a,
                                    const TlValue *b);
const char *tl_value_type_name     (const TlValue *value);

/* Bytes the values of this process hold (its strings, its lists' slots,
 * the values themselves), for the run's memory limit. */
gint64      tl_value_get_held_bytes (void);

/* Python's str () and repr (), at most TL_VALUE_MAX_STRING bytes and
 * "..." after. */
char       *tl_value_to_string     (const TlValue *value);
char       *tl_value_repr          (const TlValue *value);

/* The wire form; NULL for a value holding an object reference, nested
 * deeper than TL_VALUE_MAX_DEPTH or longer than TL_VALUE_MAX_STRING. */
char       *tl_value_serialize     (const TlValue *value);
TlValue    *tl_value_deserialize   (const char    *text,
                                    GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlValue, tl_value_unref)

G_END_DECLS
