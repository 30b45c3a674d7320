/* tl-source-lines.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where each thread is in the program a recording stands for: a scenario
 * carries the Python program it runs, and its threads record the line
 * they are on (TL_EVENT_LINE) before the first event of each line.  The
 * model keeps those marks per thread lane, in time order, so that any
 * item, and any lane at any moment, has its line.  Line 0 is "none": the
 * thread is in machinery of its own (a pool's, Threadline's).
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

/* 16 bytes: from @ts on, the lane is on @line. */
typedef struct
{
  gint64  ts;
  guint32 line;
  guint32 reserved;
} TlLineMark;

G_STATIC_ASSERT (sizeof (TlLineMark) == 16);

/* An explicit mark (a saved model's), in any order. */
void              tl_trace_model_add_line_mark  (TlTraceModel    *self,
                                                 guint32          lane,
                                                 gint64           ts,
                                                 guint32          line);
/* The marks of @lane in time order. */
const TlLineMark *tl_trace_model_get_line_marks (TlTraceModel    *self,
                                                 guint32          lane,
                                                 guint           *n_marks);
/* Whether any lane has a mark: the trace knows its program's lines. */
gboolean          tl_trace_model_has_lines      (TlTraceModel    *self);
/* The line @lane is on at @ts, 0 for none. */
guint             tl_trace_model_get_line_at    (TlTraceModel    *self,
                                                 guint32          lane,
                                                 gint64           ts);
/* The line of the event that made @item: a span's beginning, an
 * instant, a flow's start; 0 for none. */
guint             tl_trace_model_get_item_line  (TlTraceModel    *self,
                                                 const TlItemRef *item);

G_END_DECLS
