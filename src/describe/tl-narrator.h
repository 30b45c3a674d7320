/* tl-narrator.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Captions for a moment of a trace, said the way a teacher would say
 * them: "worker 2 waits for L, held by worker 1", "Process-3 crashes:
 * signal 11 (SIGSEGV)".  The narrator picks what is worth telling; the
 * words are the describer's (tl-describe.h), so a caption says what the
 * tooltip and the inspector say.  Computed from the model alone, so they
 * work on a live run, a finished one and an opened file; the window asks
 * for the captions of the playhead's time as it moves.
 */
#pragma once

#include <glib-object.h>

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_CAPTION_STATE,       /* what a thread is doing: waiting, sleeping */
  TL_CAPTION_EVENT,       /* something that happened: a start, an exit, a message */
  TL_CAPTION_OUTPUT,      /* a printed line */
  TL_CAPTION_ERROR,       /* an exception, a crash */
  TL_CAPTION_DEADLOCK,    /* a wait-for cycle */
  TL_CAPTION_RESULT,      /* a result, a timing, the watchdog */
} TlCaptionKind;

typedef struct
{
  gint64         ts;      /* when it happened, or began */
  TlCaptionKind  kind;
  guint32        lane;    /* the thread lane it is about, or TL_INDEX_NONE */
  char          *text;
} TlCaption;

#define TL_TYPE_CAPTION (tl_caption_get_type ())
GType       tl_caption_get_type   (void) G_GNUC_CONST;
TlCaption  *tl_caption_copy       (const TlCaption *caption);
void        tl_caption_free       (TlCaption       *caption);

/* What is going on at @ts: every thread that waits (for what, held by
 * whom) and every deadlock.  A GPtrArray of TlCaption. */
GPtrArray  *tl_narrator_describe_at (TlTraceModel *model,
                                     gint64        ts);

/* The last @max things that happened at or before @ts, oldest first:
 * starts and exits, prints, exceptions, crashes, messages, results. */
GPtrArray  *tl_narrator_recent      (TlTraceModel *model,
                                     gint64        ts,
                                     guint         max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlCaption, tl_caption_free)

G_END_DECLS
