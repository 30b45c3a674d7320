/* tl-bookmarks.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Moments of a trace a teacher marked, each with a short note ("here the
 * second worker reads the old value").  The model keeps them, in time
 * order, so that whatever saves or exports the model saves them too
 * (.tltrace, Chrome JSON).  They are not part of what the trace recorded:
 * adding one does not change the model's generation, it bumps its own
 * serial, for the views that draw them.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

/* A note longer than this many bytes is cut (at a character's end). */
#define TL_BOOKMARK_NOTE_MAX 200

typedef struct
{
  gint64      ts;
  const char *note;     /* never NULL: "" when there is none */
} TlBookmark;

/* Adds a bookmark at @ts with @note (NULL for none); returns its index
 * in time order (after those already at @ts). */
guint             tl_trace_model_add_bookmark         (TlTraceModel *self,
                                                       gint64        ts,
                                                       const char   *note);
void              tl_trace_model_remove_bookmark      (TlTraceModel *self,
                                                       guint         index);
void              tl_trace_model_set_bookmark_note    (TlTraceModel *self,
                                                       guint         index,
                                                       const char   *note);
void              tl_trace_model_clear_bookmarks      (TlTraceModel *self);
guint             tl_trace_model_get_n_bookmarks      (TlTraceModel *self);
/* Valid until the bookmarks change. */
const TlBookmark *tl_trace_model_get_bookmark         (TlTraceModel *self,
                                                       guint         index);
/* The first bookmark strictly after @ts (@direction > 0), or the last
 * strictly before it (@direction < 0); G_MAXUINT when there is none. */
guint             tl_trace_model_find_bookmark        (TlTraceModel *self,
                                                       gint64        ts,
                                                       int           direction);
/* The bookmark at @ts exactly, G_MAXUINT when none is. */
guint             tl_trace_model_lookup_bookmark      (TlTraceModel *self,
                                                       gint64        ts);
/* Bumped by every change to the bookmarks. */
guint64           tl_trace_model_get_bookmarks_serial (TlTraceModel *self);

G_END_DECLS
