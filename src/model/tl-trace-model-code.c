/* tl-trace-model-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-trace-model-code.h"
#include "tl-trace-model-private.h"

typedef struct
{
  guint32             path;
  GBytes             *data;
  TlSourceDecodeFunc  decode;
  char               *text;      /* once decoded */
  gsize               len;
  gboolean            decoded;
} Source;

struct _TlCodeState
{
  GArray     *by_name;     /* guint32 per string id: index + 1 into functions, 0 not yet known */
  GArray     *functions;   /* TlFunction */
  GArray     *sources;     /* Source */
  GHashTable *by_path;     /* path string id -> index + 1 into sources */
};

static void
source_clear (gpointer data)
{
  Source *source = data;

  g_clear_pointer (&source->data, g_bytes_unref);
  g_clear_pointer (&source->text, g_free);
}

TlCodeState *
_tl_code_state_new (void)
{
  TlCodeState *state = g_new0 (TlCodeState, 1);

  state->by_name = g_array_new (FALSE, TRUE, sizeof (guint32));
  state->functions = g_array_new (FALSE, FALSE, sizeof (TlFunction));
  state->sources = g_array_new (FALSE, FALSE, sizeof (Source));
  g_array_set_clear_func (state->sources, source_clear);
  state->by_path = g_hash_table_new (NULL, NULL);
  return state;
}

void
_tl_code_state_free (TlCodeState *state)
{
  if (state == NULL)
    return;
  g_array_unref (state->by_name);
  g_array_unref (state->functions);
  g_array_unref (state->sources);
  g_hash_table_unref (state->by_path);
  g_free (state);
}

gsize
_tl_code_state_memory (const TlCodeState *state)
{
  gsize size;

  if (state == NULL)
    return 0;
  size = sizeof *state + state->by_name->len * sizeof (guint32) +
         state->functions->len * sizeof (TlFunction) + state->sources->len * sizeof (Source);
  for (guint i = 0; i < state->sources->len; i++)
    {
      const Source *source = &g_array_index (state->sources, Source, i);

      size += g_bytes_get_size (source->data) + (source->text != NULL ? source->len + 1 : 0);
    }
  return size;
}

/* ---- functions ------------------------------------------------------------- */

static TlFunction
make_function (TlTraceModel *self,
               guint32       name)
{
  const char *full = tl_trace_model_get_string (self, name);
  TlFunction function = { name, TL_INDEX_NONE, 0, 0, TL_CODE_BUILTIN };
  const char *file;
  gsize func_len, file_len;

  if (!tl_code_split_name (full, &func_len, &file, &file_len, &function.line))
    {
      function.color_key = tl_code_color_key (full, func_len, NULL, 0);
      return function;
    }
  function.color_key = tl_code_color_key (full, func_len, file, file_len);
  /* Interned strings never move: @full stays valid. */
  function.file = tl_trace_model_intern (self, file, (gssize) file_len);
  function.name = tl_trace_model_intern (self, full, (gssize) func_len);
  function.origin = tl_code_origin_from_path (tl_trace_model_get_string (self, function.file));
  return function;
}

gboolean
tl_trace_model_get_function (TlTraceModel *self,
                             guint32       name,
                             TlFunction   *function)
{
  TlCodeState *state;
  guint32 slot;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (function != NULL, FALSE);

  if (name >= tl_trace_model_get_n_strings (self))
    return FALSE;
  state = _tl_trace_model_get_code_state (self);
  if (name >= state->by_name->len)
    g_array_set_size (state->by_name, tl_trace_model_get_n_strings (self));
  slot = g_array_index (state->by_name, guint32, name);
  if (slot == 0)
    {
      TlFunction made = make_function (self, name);

      g_array_append_val (state->functions, made);
      slot = state->functions->len;
      /* Making it may have added strings: by_name may have to grow. */
      if (name >= state->by_name->len)
        g_array_set_size (state->by_name, name + 1);
      g_array_index (state->by_name, guint32, name) = slot;
    }
  *function = g_array_index (state->functions, TlFunction, slot - 1);
  return TRUE;
}

guint32
tl_trace_model_get_span_name (TlTraceModel *self,
                              const TlSpan *span)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  g_return_val_if_fail (span != NULL, TL_INDEX_NONE);

  switch (tl_span_kind_ref (span->kind))
    {
    case TL_SPAN_REF_STRING:
      return span->ref;
    case TL_SPAN_REF_OBJECT:
      return span->ref < tl_trace_model_get_n_objects (self)
               ? tl_trace_model_get_object (self, span->ref)->name
               : TL_INDEX_NONE;
    case TL_SPAN_REF_LANE:
    default:
      return TL_INDEX_NONE;
    }
}

gboolean
tl_span_is_call (const TlSpan *span)
{
  return span->kind == TL_SPAN_SLICE || span->kind == TL_SPAN_ASYNC || span->kind == TL_SPAN_TASK;
}

gboolean
tl_trace_model_get_span_function (TlTraceModel *self,
                                  const TlSpan *span,
                                  TlFunction   *function)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  if (!tl_span_is_call (span))
    return FALSE;
  return tl_trace_model_get_function (self, tl_trace_model_get_span_name (self, span), function);
}

TlCodeOrigin
tl_trace_model_get_span_origin (TlTraceModel *self,
                                const TlSpan *span)
{
  TlFunction function;

  return tl_trace_model_get_span_function (self, span, &function) ? function.origin : TL_CODE_BUILTIN;
}

guint32
tl_trace_model_get_span_color_key (TlTraceModel *self,
                                   const TlSpan *span)
{
  TlFunction function;

  return tl_trace_model_get_span_function (self, span, &function) ? function.color_key : 0;
}

/* ---- call texts -------------------------------------------------------------- */

static const char *
call_text (TlTraceModel *self,
           const TlSpan *span,
           guint64       value)
{
  if (span->kind != TL_SPAN_SLICE || !(span->flags & TL_SPAN_FLAG_CALL_TEXT) ||
      value == 0 || value > G_MAXUINT32)
    return NULL;
  return tl_trace_model_get_string (self, (guint32) (value - 1));
}

const char *
tl_trace_model_get_span_args (TlTraceModel *self,
                              const TlSpan *span)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (span != NULL, NULL);
  return call_text (self, span, span->arg);
}

const char *
tl_trace_model_get_span_result (TlTraceModel *self,
                                const TlSpan *span)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (span != NULL, NULL);
  return call_text (self, span, span->arg2);
}

void
tl_trace_model_set_span_call (TlTraceModel *self,
                              TlSpan       *span,
                              guint32       args,
                              guint32       result)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (span != NULL && span->kind == TL_SPAN_SLICE);

  if (args == TL_INDEX_NONE && result == TL_INDEX_NONE)
    return;
  span->flags |= TL_SPAN_FLAG_CALL_TEXT;
  span->arg = args != TL_INDEX_NONE ? (guint64) args + 1 : 0;
  span->arg2 = result != TL_INDEX_NONE ? (guint64) result + 1 : 0;
}

/* ---- sources ------------------------------------------------------------------ */

void
tl_trace_model_add_source (TlTraceModel       *self,
                           guint32             path,
                           GBytes             *data,
                           TlSourceDecodeFunc  decode)
{
  TlCodeState *state;
  Source source = { path, g_bytes_ref (data), decode, NULL, 0, FALSE };
  guint index;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (path < tl_trace_model_get_n_strings (self));
  g_return_if_fail (data != NULL);

  state = _tl_trace_model_get_code_state (self);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (state->by_path, GUINT_TO_POINTER (path)));
  if (index > 0)
    {
      Source *old = &g_array_index (state->sources, Source, index - 1);

      source_clear (old);
      *old = source;
      return;
    }
  g_array_append_val (state->sources, source);
  g_hash_table_insert (state->by_path, GUINT_TO_POINTER (path), GUINT_TO_POINTER (state->sources->len));
}

guint
tl_trace_model_get_n_sources (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return _tl_trace_model_get_code_state (self)->sources->len;
}

guint
tl_trace_model_lookup_source (TlTraceModel *self,
                              guint32       path)
{
  TlCodeState *state;
  guint index;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);

  state = _tl_trace_model_get_code_state (self);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (state->by_path, GUINT_TO_POINTER (path)));
  return index > 0 ? index - 1 : TL_INDEX_NONE;
}

guint32
tl_trace_model_get_source_path (TlTraceModel *self,
                                guint         index)
{
  TlCodeState *state;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  state = _tl_trace_model_get_code_state (self);
  g_return_val_if_fail (index < state->sources->len, TL_INDEX_NONE);
  return g_array_index (state->sources, Source, index).path;
}

static void
decode_source (Source *source)
{
  gsize size;
  const char *data = g_bytes_get_data (source->data, &size);
  char *text;
  gsize len = size;

  source->decoded = TRUE;
  if (source->decode != NULL)
    text = source->decode (data, size, &len);
  else
    text = g_strndup (data, size);
  if (text == NULL)
    return;
  /* A file need not be UTF-8, nor free of NULs. */
  if (memchr (text, '\0', len) != NULL)
    len = strlen (text);
  if (!g_utf8_validate_len (text, len, NULL))
    {
      char *valid = g_utf8_make_valid (text, (gssize) len);

      g_free (text);
      text = valid;
      len = strlen (text);
    }
  source->text = text;
  source->len = len;
  /* The decoded text is what is kept from now on. */
  g_clear_pointer (&source->data, g_bytes_unref);
  source->data = g_bytes_new_static ("", 0);
}

const char *
tl_trace_model_get_source_text (TlTraceModel *self,
                                guint         index,
                                gsize        *len)
{
  TlCodeState *state;
  Source *source;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  state = _tl_trace_model_get_code_state (self);
  g_return_val_if_fail (index < state->sources->len, NULL);

  source = &g_array_index (state->sources, Source, index);
  if (!source->decoded)
    decode_source (source);
  if (len != NULL)
    *len = source->len;
  return source->text;
}
