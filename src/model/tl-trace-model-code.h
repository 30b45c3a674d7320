/* tl-trace-model-code.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a trace says about the traced program's code: the function each
 * named span runs (its own name, file and line, whose code it is, a key
 * for its colour), the text of a call's arguments and return value, and
 * the source of the files the trace carries (viztracer's file_info).
 *
 * Functions are worked out from span names on first use and kept: the
 * same name is the same function, so asking for one per span while
 * drawing costs an array lookup.  Working one out adds its own name and
 * its file to the model's strings: ask on the model's thread, as for
 * anything else of it.  Source files are stored as their trace
 * gave them and decoded on first use, so that a trace that carries
 * megabytes of source loads as fast as one that does not.
 */
#pragma once

#include "tl-code.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct
{
  guint32      name;        /* string id: the function's own name ("Pool.map") */
  guint32      file;        /* string id of its file's path, TL_INDEX_NONE if none */
  guint32      line;        /* the line it is defined on, 0 if unknown */
  guint32      color_key;   /* tl_code_color_key (): the same in every trace */
  TlCodeOrigin origin;
} TlFunction;

/* The function a span name (a string id) stands for.  FALSE if @name is
 * no string of the model. */
gboolean      tl_trace_model_get_function        (TlTraceModel       *self,
                                                  guint32             name,
                                                  TlFunction         *function);

/* The name a span is shown by: a slice's or an async span's own, the
 * name of the object a task, a wait or a hold is about; TL_INDEX_NONE if
 * it has none (an owner span, an unnamed object). */
guint32       tl_trace_model_get_span_name       (TlTraceModel       *self,
                                                  const TlSpan       *span);
/* Whether a span is a call of something with a name: a slice, an async
 * span or a task (not a thread's state, nor what it holds). */
gboolean      tl_span_is_call                    (const TlSpan       *span);
/* The function a call span runs; FALSE for other spans and unnamed ones. */
gboolean      tl_trace_model_get_span_function   (TlTraceModel       *self,
                                                  const TlSpan       *span,
                                                  TlFunction         *function);
/* Shorthands for a painter, per span: TL_CODE_BUILTIN and 0 for spans
 * that run no named function. */
TlCodeOrigin  tl_trace_model_get_span_origin     (TlTraceModel       *self,
                                                  const TlSpan       *span);
guint32       tl_trace_model_get_span_color_key  (TlTraceModel       *self,
                                                  const TlSpan       *span);

/* A call's arguments ("n=10, self=<Worker>") and return value ("4") as
 * the trace wrote them; NULL when it did not.  Importers mark a span so
 * with tl_trace_model_set_span_call () before adding it. */
const char   *tl_trace_model_get_span_args       (TlTraceModel       *self,
                                                  const TlSpan       *span);
const char   *tl_trace_model_get_span_result     (TlTraceModel       *self,
                                                  const TlSpan       *span);
/* @args and @result are string ids or TL_INDEX_NONE; a slice only. */
void          tl_trace_model_set_span_call       (TlTraceModel       *self,
                                                  TlSpan             *span,
                                                  guint32             args,
                                                  guint32             result);

/* Decodes a source file's stored bytes into text (g_free'd), or NULL. */
typedef char *(*TlSourceDecodeFunc) (const char *data,
                                     gsize       len,
                                     gsize      *text_len);

/* The source of the file at @path (a string id), as @data: the text
 * itself when @decode is NULL, else what @decode makes text of, when
 * first asked.  A second source for the same path replaces the first. */
void          tl_trace_model_add_source          (TlTraceModel       *self,
                                                  guint32             path,
                                                  GBytes             *data,
                                                  TlSourceDecodeFunc  decode);
guint         tl_trace_model_get_n_sources       (TlTraceModel       *self);
/* Index of the source of @path, or TL_INDEX_NONE. */
guint         tl_trace_model_lookup_source       (TlTraceModel       *self,
                                                  guint32             path);
guint32       tl_trace_model_get_source_path     (TlTraceModel       *self,
                                                  guint               index);
/* The text, valid UTF-8, NUL-terminated; NULL if it could not be
 * decoded.  Owned by the model. */
const char   *tl_trace_model_get_source_text     (TlTraceModel       *self,
                                                  guint               index,
                                                  gsize              *len);

G_END_DECLS
