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
guint       tl_value_list_length   (const TlValue *list);
TlValue    *tl_value_list_get      (const TlValue *list,
                                    guint         index);

gboolean    tl_value_is_true       (const TlValue *value);
gboolean    tl_value_equal         (const TlValue *a,
                                    const TlValue *b);
const char *tl_value_type_name     (const TlValue *value);

/* Python's str () and repr (). */
char       *tl_value_to_string     (const TlValue *value);
char       *tl_value_repr          (const TlValue *value);

/* The wire form; NULL for a value holding an object reference. */
char       *tl_value_serialize     (const TlValue *value);
TlValue    *tl_value_deserialize   (const char    *text,
                                    GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlValue, tl_value_unref)

G_END_DECLS
