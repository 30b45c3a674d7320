/* tl-chrome-import-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer's state, shared by the Chrome vocabulary
 * (tl-chrome-import.c) and ours (tl-chrome-ours.c).
 */
#pragma once

#include <string.h>

#include "tl-chrome-private.h"

G_BEGIN_DECLS

/* Names already interned, by their bytes: the same few thousand function
 * names come back millions of times, and the model's intern hashes and
 * validates each time. */
typedef struct
{
  guint64 hash;
  guint32 offset;   /* into NameCache.text; 0: empty slot */
  guint32 len;
  guint32 id;
} NameSlot;

typedef struct
{
  NameSlot  *slots;
  guint      mask;
  guint      n;
  TlJsonBuf  text;
} NameCache;

struct _TlChromeImport
{
  TlTraceModel *model;
  NameCache     names;
  NameCache     texts;      /* the texts of calls: arguments, return values */

  /* Lanes our own files write as pseudo-threads: (pid << 32 | tid) -> lane + 1. */
  GHashTable   *pseudo;
  gboolean      cache_valid;
  guint32       cache_pid;
  guint64       cache_tid;
  guint32       cache_lane;

  GArray       *slices;     /* SliceMark */
  GArray       *asyncs;     /* AsyncMark */
  GArray       *flows;      /* FlowMark */
  guint32       seq;

  gint64        last_ts;
  GString      *scratch;

  /* Names of threads (M thread_name), given when the file has been read:
   * viztracer's forked children name threads they never ran. */
  GArray       *thread_names;   /* ThreadName */
  gboolean      viztracer;      /* the file has viztracer_metadata */
  TlChromeFile *file;           /* the file read, if it is one */
  TlChromeInput *input;
  guint64       n_errors;       /* exceptions raised: their ids */

  /* Trace events read; our own files say instead how many runtime events
   * of each kind the model was made from (the last one: other kinds). */
  guint64       n_events;
  guint64       saved_counts[TL_EVENT_N_KINDS + 1];
  gboolean      has_saved_counts;
};

/* ---- the Chrome side, for ours ------------------------------------------- */

/* One warning, counted, for events that cannot be used: @why the first. */
void     _tl_chrome_import_bad_event    (TlChromeImport      *self,
                                         const TlChromeEvent *event,
                                         const char          *why);
guint32  _tl_chrome_import_intern       (TlChromeImport      *self,
                                         const char          *str);
/* The event's name as a string id, or TL_INDEX_NONE. */
guint32  _tl_chrome_import_name         (TlChromeImport      *self,
                                         const TlChromeEvent *event);
/* The process @pid, made if need be; FALSE (counted) when it would be
 * one more than TL_FORMAT_MAX_PROCESSES.  @ts dates the warning. */
gboolean _tl_chrome_import_ensure_process (TlChromeImport    *self,
                                           guint32            pid,
                                           gint64             ts);
/* The lane, made if need be; TL_INDEX_NONE (counted) when it would be one
 * more than TL_FORMAT_MAX_LANES, or of a process too many. */
guint32  _tl_chrome_import_ensure_lane  (TlChromeImport      *self,
                                         TlLaneKind           kind,
                                         guint32              pid,
                                         guint64              key,
                                         gint64               ts);
/* The lane an event belongs on: its thread's, or the one a pseudo-thread
 * of ours stands for; TL_INDEX_NONE when it would be one too many. */
guint32  _tl_chrome_import_lane         (TlChromeImport      *self,
                                         const TlChromeEvent *event);
/* An X event's start and end into @span; FALSE (counted) when its
 * duration is unusable. */
gboolean _tl_chrome_import_span_times   (TlChromeImport      *self,
                                         const TlChromeEvent *event,
                                         TlSpan              *span);
/* The counter lane of @name in process @pid, named after it, or
 * TL_INDEX_NONE when it would be one too many. */
guint32  _tl_chrome_import_counter_lane (TlChromeImport      *self,
                                         guint32              pid,
                                         const char          *name,
                                         gint64               ts);
/* A flow event, to be paired when the file has been read. */
void     _tl_chrome_import_mark_flow    (TlChromeImport      *self,
                                         const TlChromeEvent *event,
                                         TlFlowKind           kind,
                                         guint64              id,
                                         guint32              ref);

/* A call's argument or return text, interned (the same few come back
 * often: "None", small numbers). */
guint32  _tl_chrome_import_intern_text  (TlChromeImport      *self,
                                         const char          *str,
                                         gsize                len);

/* ---- what Python profilers write (tl-chrome-python.c) -------------------- */

/* A call's arguments and return value from its event's args (viztracer's
 * func_args and return_value; other args as key=value), as string ids or
 * TL_INDEX_NONE. */
void     _tl_chrome_python_call_texts   (TlChromeImport      *self,
                                         const TlChromeEvent *event,
                                         guint32             *args,
                                         guint32             *result);
/* viztracer's instants for a print ("print - text") or a raised
 * exception ("Exception - expr = repr"), as a live run's print and error
 * instants on @lane; FALSE if @event is neither. */
gboolean _tl_chrome_python_instant      (TlChromeImport      *self,
                                         const TlChromeEvent *event,
                                         guint32              lane);
/* The ids of the threads that ran something (a set of guint64 *): a
 * thread a viztracer child names but never ran, whose id ran elsewhere,
 * is its parent's, named again because the child inherited the tracer's
 * record of its parent's threads. */
GHashTable *_tl_chrome_python_running_threads (TlChromeImport *self);
/* viztracer's forked children run on with their parent's thread id: the
 * process that owns that id is their parent. */
void     _tl_chrome_python_find_parents (TlChromeImport      *self);

/* ---- ours (tl-chrome-ours.c) --------------------------------------------- */

/* Whether @event is in our own vocabulary (category "threadline", see
 * tl-chrome-private.h).  Inline: it is asked of every event. */
static inline gboolean
_tl_chrome_event_is_ours (const TlChromeEvent *event)
{
  const char *cat = _tl_chrome_event_str (event, event->cat);

  /* Most categories differ from the first byte. */
  return (event->flags & TL_CHROME_HAS_CAT) && cat[0] == TL_CHROME_CATEGORY[0] &&
         strcmp (cat, TL_CHROME_CATEGORY) == 0;
}

/* Imports an event of ours; FALSE when it says nothing Chrome's own
 * vocabulary does not (the Chrome importer then takes it). */
gboolean _tl_chrome_ours_import         (TlChromeImport      *self,
                                         const TlChromeEvent *event);
/* The lane a pseudo-thread of ours stands for, or TL_INDEX_NONE. */
guint32  _tl_chrome_ours_pseudo_lane    (TlChromeImport      *self,
                                         guint32              pid,
                                         guint64              tid);
/* Adds the runtime event counts our file carried; FALSE if it had none. */
gboolean _tl_chrome_ours_add_counts     (TlChromeImport      *self);

G_END_DECLS
