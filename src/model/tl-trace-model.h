/* tl-trace-model.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One model for everything Threadline shows, whether events arrive live
 * from the ring or from a file.
 *
 * Two ways in, one result:
 *  - runtime events (TlModelEvent), one at a time or in batches: live from
 *    the collector, or replayed from a .tltrace.  The model derives spans,
 *    instants and flows from them (a lock wait and its acquire make a
 *    "waiting for L" span, a send and its receive make an arrow...).
 *  - explicit items (spans, instants, flows, counter samples), in any
 *    order: imported traces (Chrome JSON) and item chunks of a .tltrace.
 * tl_trace_model_finish () closes what is still open and sorts what came
 * unsorted.
 *
 * Threading: a model belongs to one thread.  Live recording feeds it on
 * the thread that draws it (the collector thread hands over batches), so a
 * reader never sees half an append; between batches every array is in a
 * consistent, sorted state and can be queried.
 *
 * Odd input (an end without a begin, a release by a thread that does not
 * own the lock, time going backwards, a span still open at the end) never
 * fails: it becomes a warning on the model, counted.
 */
#pragma once

#include <glib-object.h>

#include "tl-lane.h"
#include "tl-model-types.h"

G_BEGIN_DECLS

#define TL_MODEL_ERROR (tl_model_error_quark ())

typedef enum
{
  TL_MODEL_ERROR_UNMATCHED_END,       /* an end, release or receive with no beginning */
  TL_MODEL_ERROR_NOT_OWNER,           /* a release by a thread that does not hold the lock */
  TL_MODEL_ERROR_TIME_BACKWARDS,      /* a lane's events went back in time */
  TL_MODEL_ERROR_UNCLOSED,            /* a span still open when the trace ended */
  TL_MODEL_ERROR_BAD_EVENT,           /* an event the model cannot use */
  TL_MODEL_ERROR_DOUBLE_OWNER,        /* a lock acquired while another thread held it */
  TL_MODEL_ERROR_LOST,                /* events lost before they reached the model */
  TL_MODEL_ERROR_LIMIT,               /* more than the model holds: left out, counted */
} TlModelError;

GQuark tl_model_error_quark (void);

typedef struct
{
  gint64       ts;
  guint32      pid;
  guint32      tid;
  guint64      object;
  guint64      arg;
  guint16      kind;       /* TlEventKind */
  guint8       role;       /* TlObjectRole */
  guint8       flags;      /* TlEventFlags */
  guint32      aux;
  const char  *text;       /* TL_EVENT_NAME: the text (not necessarily NUL-terminated) */
  guint32      text_len;
} TlModelEvent;

typedef struct
{
  guint32  pid;
  guint32  parent_pid;
  guint32  name;            /* string id or TL_INDEX_NONE */
  gint32   sort_index;
  gint64   start_ts;        /* TL_TS_NONE if unknown */
  gint64   exit_ts;         /* TL_TS_NONE while running */
  gint32   exit_status;     /* exit code, or signal number when signaled */
  gboolean exited;
  gboolean signaled;
  gboolean machinery;       /* Threadline's own (its runner): views hide it */
  gboolean stopped;         /* the run ended it (its watchdog, a cancel, a limit):
                             * a signal, but no fault of its own */
} TlProcess;

typedef struct
{
  guint64  id;
  guint32  name;            /* string id or TL_INDEX_NONE */
  guint32  lane;            /* its own lane (locks, GILs) or TL_INDEX_NONE */
  guint32  pid;             /* the process that first used it */
  guint8   role;            /* TlObjectRole */
} TlObject;

typedef struct
{
  GError  *error;           /* the first occurrence */
  guint64  count;           /* occurrences of the same domain and code */
  gint64   ts;              /* time of the first occurrence, or TL_TS_NONE */
} TlModelWarning;

#define TL_TYPE_TRACE_MODEL (tl_trace_model_get_type ())
G_DECLARE_FINAL_TYPE (TlTraceModel, tl_trace_model, TL, TRACE_MODEL, GObject)

TlTraceModel *tl_trace_model_new                 (void) G_GNUC_WARN_UNUSED_RESULT;

/* Runtime events. */
void          tl_trace_model_add_event           (TlTraceModel        *self,
                                                  const TlModelEvent  *event);
void          tl_trace_model_add_events          (TlTraceModel        *self,
                                                  const TlModelEvent  *events,
                                                  gsize                n_events);
/* The same, for a caller that already knows the thread's lane (a .tltrace
 * reader keeps one per producer). */
guint32       tl_trace_model_ensure_thread_lane  (TlTraceModel        *self,
                                                  guint32              pid,
                                                  guint32              tid);
void          tl_trace_model_add_event_on_lane   (TlTraceModel        *self,
                                                  guint32              lane,
                                                  const TlModelEvent  *event);

/* Explicit items, in any order until tl_trace_model_finish (). */
guint32       tl_trace_model_intern              (TlTraceModel        *self,
                                                  const char          *str,
                                                  gssize               len);
/* A string of its own, not looked up among equal ones: for texts that
 * seldom repeat (a traced call's arguments), where looking costs more
 * than sharing saves.  tl_trace_model_intern () never returns its id. */
guint32       tl_trace_model_add_string          (TlTraceModel        *self,
                                                  const char          *str,
                                                  gsize                len);
guint32       tl_trace_model_ensure_process      (TlTraceModel        *self,
                                                  guint32              pid);
guint32       tl_trace_model_ensure_lane         (TlTraceModel        *self,
                                                  TlLaneKind           kind,
                                                  guint32              pid,
                                                  guint64              key);
guint32       tl_trace_model_ensure_object       (TlTraceModel        *self,
                                                  TlObjectRole         role,
                                                  guint64              id);
void          tl_trace_model_set_process_name    (TlTraceModel        *self,
                                                  guint32              pid,
                                                  guint32              name);
void          tl_trace_model_set_process_sort_index (TlTraceModel     *self,
                                                  guint32              pid,
                                                  gint32               sort_index);
void          tl_trace_model_set_process_exit    (TlTraceModel        *self,
                                                  guint32              pid,
                                                  gint64               ts,
                                                  gint32               status,
                                                  gboolean             signaled);
void          tl_trace_model_set_process_parent  (TlTraceModel        *self,
                                                  guint32              pid,
                                                  guint32              parent_pid);
/* Marks a process as one the run ended (TL_FLAG_STOPPED on its exit). */
void          tl_trace_model_set_process_stopped (TlTraceModel        *self,
                                                  guint32              pid,
                                                  gboolean             stopped);
/* Marks a process as Threadline's own machinery: the runner that starts
 * a scenario's processes.  A recording says so itself (a naming record
 * of role TL_ROLE_MACHINERY); a saved model keeps it. */
void          tl_trace_model_set_process_machinery (TlTraceModel      *self,
                                                  guint32              pid,
                                                  gboolean             machinery);
void          tl_trace_model_set_lane_name       (TlTraceModel        *self,
                                                  guint32              lane,
                                                  guint32              name);
void          tl_trace_model_set_lane_sort_index (TlTraceModel        *self,
                                                  guint32              lane,
                                                  gint32               sort_index);
void          tl_trace_model_set_object_name     (TlTraceModel        *self,
                                                  guint32              object,
                                                  guint32              name);
void          tl_trace_model_add_span            (TlTraceModel        *self,
                                                  guint32              lane,
                                                  const TlSpan        *span);
void          tl_trace_model_add_instant         (TlTraceModel        *self,
                                                  guint32              lane,
                                                  const TlInstant     *instant);
void          tl_trace_model_add_flow            (TlTraceModel        *self,
                                                  const TlFlow        *flow);
void          tl_trace_model_add_counter_sample  (TlTraceModel        *self,
                                                  guint32              lane,
                                                  gint64               ts,
                                                  double               value);

/* What runtime events would have set, for formats that store a whole
 * model as items (a .tltrace saved from any model). */
void          tl_trace_model_set_process_start   (TlTraceModel        *self,
                                                  guint32              pid,
                                                  gint64               ts);
/* Ties a lock or GIL lane to its object, both ways. */
void          tl_trace_model_set_lane_object     (TlTraceModel        *self,
                                                  guint32              lane,
                                                  guint32              object);
/* Counts @count events of @kind without deriving anything from them
 * (kinds the model does not know count in the total only). */
void          tl_trace_model_add_event_count     (TlTraceModel        *self,
                                                  TlEventKind          kind,
                                                  guint64              count);

/* Ends the trace at @end_ts (TL_TS_NONE: at its last event): closes open
 * spans (flagged TL_SPAN_FLAG_UNCLOSED, with a warning), sorts items that
 * came unsorted and indexes flows.  Further items may still be added (a
 * live run that resumes), and finish called again. */
void          tl_trace_model_finish              (TlTraceModel        *self,
                                                  gint64               end_ts);

/* Events lost on the way (ring drops, torn records, damaged file parts). */
void          tl_trace_model_add_loss            (TlTraceModel        *self,
                                                  guint64              dropped,
                                                  guint64              torn,
                                                  guint64              corrupt);
void          tl_trace_model_get_loss            (TlTraceModel        *self,
                                                  guint64             *dropped,
                                                  guint64             *torn,
                                                  guint64             *corrupt);

void          tl_trace_model_set_metadata        (TlTraceModel        *self,
                                                  const char          *key,
                                                  const char          *value);
const char   *tl_trace_model_get_metadata        (TlTraceModel        *self,
                                                  const char          *key);
/* Keys sorted, NULL-terminated; free with g_free (not the strings). */
const char  **tl_trace_model_list_metadata       (TlTraceModel        *self);

void          tl_trace_model_add_warning         (TlTraceModel        *self,
                                                  GQuark               domain,
                                                  int                  code,
                                                  gint64               ts,
                                                  const char          *format,
                                                  ...) G_GNUC_PRINTF (5, 6);
guint         tl_trace_model_get_n_warnings      (TlTraceModel        *self);
const TlModelWarning *
              tl_trace_model_get_warning         (TlTraceModel        *self,
                                                  guint                index);

/* Queries. */
gboolean      tl_trace_model_get_time_range      (TlTraceModel        *self,
                                                  gint64              *start,
                                                  gint64              *end);
guint64       tl_trace_model_get_generation      (TlTraceModel        *self);
const char   *tl_trace_model_get_string          (TlTraceModel        *self,
                                                  guint32              id);
guint         tl_trace_model_get_n_strings       (TlTraceModel        *self);

guint         tl_trace_model_get_n_processes     (TlTraceModel        *self);
const TlProcess *
              tl_trace_model_get_process         (TlTraceModel        *self,
                                                  guint                index);
guint32       tl_trace_model_lookup_process      (TlTraceModel        *self,
                                                  guint32              pid);
/* Lanes of a process, in the order the model made them. */
const guint32 *
              tl_trace_model_get_process_lanes   (TlTraceModel        *self,
                                                  guint                index,
                                                  guint               *n_lanes);
/* Threadline's own machinery, which views, stories and statistics leave
 * out (see tl_trace_model_set_process_machinery ()). */
gboolean      tl_trace_model_is_machinery_process (TlTraceModel       *self,
                                                  guint                index);
gboolean      tl_trace_model_is_machinery_lane   (TlTraceModel        *self,
                                                  guint32              lane);

/* The order views list things in: the order they came to be, for live
 * runs and files alike.  Explicit sort indices (Chrome's
 * process_sort_index, thread_sort_index) come first; then processes as a
 * tree, each parent before its children, siblings in the order they
 * started (Process-1, 2, 3...); within a process its threads (its main
 * thread first, then in the order they started), its GIL, its locks
 * (each followed by its state lanes, tl-trace-model-state.h), async
 * tracks and counters, each in the order they began.  Every
 * process and lane is listed, machinery too.  Valid until the model
 * changes. */
const guint32 *
              tl_trace_model_get_process_order   (TlTraceModel        *self,
                                                  guint               *n_processes);
const guint32 *
              tl_trace_model_get_lane_order      (TlTraceModel        *self,
                                                  guint                process,
                                                  guint               *n_lanes);
/* When a lane's first item is, or a process began (its recorded start,
 * else its lanes' first item); TL_TS_NONE when nothing says. */
gint64        tl_trace_model_get_lane_start      (TlTraceModel        *self,
                                                  guint32              lane);
gint64        tl_trace_model_get_process_begin   (TlTraceModel        *self,
                                                  guint                process);

guint         tl_trace_model_get_n_lanes         (TlTraceModel        *self);
TlLane       *tl_trace_model_get_lane            (TlTraceModel        *self,
                                                  guint32              index);
guint32       tl_trace_model_lookup_lane         (TlTraceModel        *self,
                                                  TlLaneKind           kind,
                                                  guint32              pid,
                                                  guint64              key);

guint         tl_trace_model_get_n_objects       (TlTraceModel        *self);
const TlObject *
              tl_trace_model_get_object          (TlTraceModel        *self,
                                                  guint32              index);
guint32       tl_trace_model_lookup_object       (TlTraceModel        *self,
                                                  TlObjectRole         role,
                                                  guint64              id);
/* Every span and instant that refers to @object, in time order. */
const TlItemRef *
              tl_trace_model_get_object_history  (TlTraceModel        *self,
                                                  guint32              object,
                                                  guint               *n_refs);

/* Flows sorted by their start; those that may cross [t0, t1] (their start
 * is before t1 and their end after t0) are within the returned range. */
const TlFlow *tl_trace_model_get_flows           (TlTraceModel        *self,
                                                  guint               *n_flows);
void          tl_trace_model_get_flow_range      (TlTraceModel        *self,
                                                  gint64               t0,
                                                  gint64               t1,
                                                  guint               *first,
                                                  guint               *n);

guint64       tl_trace_model_get_n_events        (TlTraceModel        *self);
guint64       tl_trace_model_get_event_count     (TlTraceModel        *self,
                                                  TlEventKind          kind);
guint64       tl_trace_model_get_span_count      (TlTraceModel        *self,
                                                  TlSpanKind           kind);
guint64       tl_trace_model_get_n_instants      (TlTraceModel        *self);

/* The nearest time strictly after @after (before it, if @direction < 0)
 * at which any lane's span begins or ends or an instant happens; for
 * stepping from event to event.  TL_TS_NONE if there is none. */
gint64        tl_trace_model_get_next_boundary   (TlTraceModel        *self,
                                                  gint64               after,
                                                  int                  direction);
/* When the first instant of @kind with argument @arg happened on any
 * thread lane (a mark the engine left, say), or TL_TS_NONE. */
gint64        tl_trace_model_find_first_instant  (TlTraceModel        *self,
                                                  TlEventKind          kind,
                                                  guint64              arg);
/* The time @item covers (an instant: its time, twice); FALSE if there is
 * no such item. */
gboolean      tl_trace_model_get_item_range      (TlTraceModel        *self,
                                                  const TlItemRef     *item,
                                                  gint64              *start,
                                                  gint64              *end);
guint         tl_trace_model_count_lanes         (TlTraceModel        *self,
                                                  TlLaneKind           kind);
/* Spans of every kind. */
guint64       tl_trace_model_get_n_spans         (TlTraceModel        *self);

/* Where a reader got to in the thread lanes' instants, for a view that
 * follows a live model and reads only what is new. */
typedef struct _TlInstantCursor TlInstantCursor;

TlInstantCursor *tl_instant_cursor_new           (void) G_GNUC_WARN_UNUSED_RESULT;
void          tl_instant_cursor_free             (TlInstantCursor     *cursor);
/* Appends to @out (TlItemRef) the instants of @kind that thread lanes
 * received since @cursor last looked, in time order, and moves the
 * cursor past them.  Returns how many it appended. */
guint         tl_trace_model_read_new_instants   (TlTraceModel        *self,
                                                  TlEventKind          kind,
                                                  TlInstantCursor     *cursor,
                                                  GArray              *out);

/* Bytes the model's arrays hold (allocated capacity, not length). */
gsize         tl_trace_model_get_memory_size     (TlTraceModel        *self);

/* A text dump of every lane, span, instant, flow and name, in a canonical
 * order: two models that dump the same hold the same trace. */
char         *tl_trace_model_dump                (TlTraceModel        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlInstantCursor, tl_instant_cursor_free)

G_END_DECLS
