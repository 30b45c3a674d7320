/* tl-trace-model.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-trace-model-private.h"

#define MAX_WARNING_KINDS 256

typedef struct
{
  guint32 kind;
  guint32 pid;
  guint64 key;
} LaneKey;

typedef struct
{
  guint64 id;
  guint32 role;
} ObjectKey;

struct _TlTraceModel
{
  GObject        parent_instance;

  GStringChunk  *string_chunk;
  GHashTable    *string_ids;      /* const char * -> id + 1 */
  GPtrArray     *strings;         /* id -> const char * */
  GHashTable    *text_ids;        /* runtime text id (guint64 *) -> string id + 1 */

  GArray        *processes;       /* TlProcess */
  GPtrArray     *process_lanes;   /* GArray of guint32, per process */
  GHashTable    *pid_index;       /* pid -> process index + 1 */

  GPtrArray     *lanes;           /* TlLane * */
  GHashTable    *lane_index;      /* LaneKey * -> lane index + 1 */
  guint32        cached_pid;      /* one-entry cache of the last thread lane */
  guint32        cached_tid;
  guint32        cached_lane;

  GArray        *objects;         /* TlObject */
  GHashTable    *object_index;    /* ObjectKey * -> object index + 1 */

  GArray        *flows;           /* TlFlow */
  gboolean       flows_unsorted;
  gint64         longest_flow;

  TlEventState  *event_state;

  guint64        event_counts[TL_EVENT_N_KINDS];
  guint64        n_events;
  guint64        span_counts[TL_N_SPAN_KINDS];
  guint64        n_instants;

  guint64        dropped;
  guint64        torn;
  guint64        corrupt;

  gint64         start;
  gint64         end;

  GHashTable    *metadata;
  GPtrArray     *warnings;        /* TlModelWarning * */

  GPtrArray     *history;         /* per object: GArray of TlItemRef, built lazily */
  guint64        history_generation;

  guint64        generation;
};

G_DEFINE_FINAL_TYPE (TlTraceModel, tl_trace_model, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-model-error-quark, tl_model_error)

static guint
lane_key_hash (gconstpointer data)
{
  const LaneKey *key = data;

  return (guint) (key->kind * 0x9e3779b1u) ^ (guint) (key->pid * 0x85ebca6bu) ^
         (guint) (key->key ^ (key->key >> 32)) * 0xc2b2ae35u;
}

static gboolean
lane_key_equal (gconstpointer a,
                gconstpointer b)
{
  const LaneKey *x = a, *y = b;

  return x->kind == y->kind && x->pid == y->pid && x->key == y->key;
}

static guint
object_key_hash (gconstpointer data)
{
  const ObjectKey *key = data;

  return (guint) (key->id ^ (key->id >> 32)) * 0x9e3779b1u ^ key->role;
}

static gboolean
object_key_equal (gconstpointer a,
                  gconstpointer b)
{
  const ObjectKey *x = a, *y = b;

  return x->id == y->id && x->role == y->role;
}

static void
warning_free (gpointer data)
{
  TlModelWarning *warning = data;

  g_clear_error (&warning->error);
  g_free (warning);
}

static void
tl_trace_model_finalize (GObject *object)
{
  TlTraceModel *self = (TlTraceModel *) object;

  g_clear_pointer (&self->string_chunk, g_string_chunk_free);
  g_clear_pointer (&self->string_ids, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_clear_pointer (&self->text_ids, g_hash_table_unref);
  g_clear_pointer (&self->processes, g_array_unref);
  g_clear_pointer (&self->process_lanes, g_ptr_array_unref);
  g_clear_pointer (&self->pid_index, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_ptr_array_unref);
  g_clear_pointer (&self->lane_index, g_hash_table_unref);
  g_clear_pointer (&self->objects, g_array_unref);
  g_clear_pointer (&self->object_index, g_hash_table_unref);
  g_clear_pointer (&self->flows, g_array_unref);
  g_clear_pointer (&self->event_state, _tl_event_state_free);
  g_clear_pointer (&self->metadata, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_trace_model_parent_class)->finalize (object);
}

static void
tl_trace_model_class_init (TlTraceModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_trace_model_finalize;
}

static void
tl_trace_model_init (TlTraceModel *self)
{
  self->string_chunk = g_string_chunk_new (64 * 1024);
  self->string_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->strings = g_ptr_array_new ();
  self->text_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->processes = g_array_new (FALSE, FALSE, sizeof (TlProcess));
  self->process_lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->pid_index = g_hash_table_new (NULL, NULL);
  self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) _tl_lane_free);
  self->lane_index = g_hash_table_new_full (lane_key_hash, lane_key_equal, g_free, NULL);
  self->cached_lane = TL_INDEX_NONE;
  self->objects = g_array_new (FALSE, FALSE, sizeof (TlObject));
  self->object_index = g_hash_table_new_full (object_key_hash, object_key_equal, g_free, NULL);
  self->flows = g_array_new (FALSE, FALSE, sizeof (TlFlow));
  self->event_state = _tl_event_state_new ();
  self->start = G_MAXINT64;
  self->end = G_MININT64;
  self->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->warnings = g_ptr_array_new_with_free_func (warning_free);
}

TlTraceModel *
tl_trace_model_new (void)
{
  return g_object_new (TL_TYPE_TRACE_MODEL, NULL);
}

/* ---- strings ------------------------------------------------------------ */

guint32
tl_trace_model_intern (TlTraceModel *self,
                       const char   *str,
                       gssize        len)
{
  g_autofree char *copy = NULL;
  const char *key = str;
  gpointer found;
  char *stored;
  guint32 id;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);

  if (str == NULL)
    return TL_INDEX_NONE;
  if (len >= 0)
    key = copy = g_strndup (str, len);
  /* Texts from traced programs and files need not be UTF-8. */
  if (!g_utf8_validate (key, -1, NULL))
    {
      char *valid = g_utf8_make_valid (key, -1);

      g_free (copy);
      key = copy = valid;
    }

  found = g_hash_table_lookup (self->string_ids, key);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  stored = g_string_chunk_insert (self->string_chunk, key);
  id = self->strings->len;
  g_ptr_array_add (self->strings, stored);
  g_hash_table_insert (self->string_ids, stored, GUINT_TO_POINTER (id + 1));
  return id;
}

const char *
tl_trace_model_get_string (TlTraceModel *self,
                           guint32       id)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);

  if (id >= self->strings->len)
    return NULL;
  return g_ptr_array_index (self->strings, id);
}

guint
tl_trace_model_get_n_strings (TlTraceModel *self)
{
  return self->strings->len;
}

guint32
_tl_trace_model_text_string (TlTraceModel *self,
                             guint64       text_id)
{
  gpointer found = g_hash_table_lookup (self->text_ids, &text_id);

  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : TL_INDEX_NONE;
}

void
_tl_trace_model_set_text (TlTraceModel *self,
                          guint64       text_id,
                          guint32       string)
{
  g_hash_table_insert (self->text_ids, g_memdup2 (&text_id, sizeof text_id),
                       GUINT_TO_POINTER (string + 1));
}

/* ---- processes, lanes, objects ------------------------------------------ */

guint32
tl_trace_model_lookup_process (TlTraceModel *self,
                               guint32       pid)
{
  gpointer found = g_hash_table_lookup (self->pid_index, GUINT_TO_POINTER (pid));

  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : TL_INDEX_NONE;
}

guint32
tl_trace_model_ensure_process (TlTraceModel *self,
                               guint32       pid)
{
  TlProcess process = { 0 };
  guint32 index;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);

  index = tl_trace_model_lookup_process (self, pid);
  if (index != TL_INDEX_NONE)
    return index;

  process.pid = pid;
  process.name = TL_INDEX_NONE;
  process.start_ts = TL_TS_NONE;
  process.exit_ts = TL_TS_NONE;
  index = self->processes->len;
  g_array_append_val (self->processes, process);
  g_ptr_array_add (self->process_lanes, g_array_new (FALSE, FALSE, sizeof (guint32)));
  g_hash_table_insert (self->pid_index, GUINT_TO_POINTER (pid), GUINT_TO_POINTER (index + 1));
  self->generation++;
  return index;
}

static TlProcess *
peek_process (TlTraceModel *self,
              guint32       pid)
{
  return &g_array_index (self->processes, TlProcess, tl_trace_model_ensure_process (self, pid));
}

void
tl_trace_model_set_process_name (TlTraceModel *self,
                                 guint32       pid,
                                 guint32       name)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  peek_process (self, pid)->name = name;
  self->generation++;
}

void
tl_trace_model_set_process_sort_index (TlTraceModel *self,
                                       guint32       pid,
                                       gint32        sort_index)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  peek_process (self, pid)->sort_index = sort_index;
  self->generation++;
}

void
tl_trace_model_set_process_exit (TlTraceModel *self,
                                 guint32       pid,
                                 gint64        ts,
                                 gint32        status,
                                 gboolean      signaled)
{
  TlProcess *process;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  process = peek_process (self, pid);
  process->exited = TRUE;
  process->exit_ts = ts;
  process->exit_status = status;
  process->signaled = signaled;
  self->generation++;
}

void
tl_trace_model_set_process_parent (TlTraceModel *self,
                                   guint32       pid,
                                   guint32       parent_pid)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  peek_process (self, pid)->parent_pid = parent_pid;
}

guint
tl_trace_model_get_n_processes (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->processes->len;
}

const TlProcess *
tl_trace_model_get_process (TlTraceModel *self,
                            guint         index)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->processes->len, NULL);
  return &g_array_index (self->processes, TlProcess, index);
}

const guint32 *
tl_trace_model_get_process_lanes (TlTraceModel *self,
                                  guint         index,
                                  guint        *n_lanes)
{
  GArray *lanes;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->process_lanes->len, NULL);
  lanes = g_ptr_array_index (self->process_lanes, index);
  *n_lanes = lanes->len;
  return (const guint32 *) (gpointer) lanes->data;
}

guint32
tl_trace_model_lookup_lane (TlTraceModel *self,
                            TlLaneKind    kind,
                            guint32       pid,
                            guint64       key)
{
  LaneKey lookup = { kind, pid, key };
  gpointer found;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  found = g_hash_table_lookup (self->lane_index, &lookup);
  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : TL_INDEX_NONE;
}

guint32
tl_trace_model_ensure_lane (TlTraceModel *self,
                            TlLaneKind    kind,
                            guint32       pid,
                            guint64       key)
{
  LaneKey *stored;
  TlLane *lane;
  guint32 index, process;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  g_return_val_if_fail (kind < TL_N_LANE_KINDS, TL_INDEX_NONE);

  index = tl_trace_model_lookup_lane (self, kind, pid, key);
  if (index != TL_INDEX_NONE)
    return index;

  index = self->lanes->len;
  lane = _tl_lane_new (kind, index, pid, key);
  process = tl_trace_model_ensure_process (self, pid);
  lane->process = process;
  g_ptr_array_add (self->lanes, lane);
  g_array_append_val (g_ptr_array_index (self->process_lanes, process), index);

  stored = g_new (LaneKey, 1);
  *stored = (LaneKey) { kind, pid, key };
  g_hash_table_insert (self->lane_index, stored, GUINT_TO_POINTER (index + 1));
  self->generation++;
  return index;
}

guint32
tl_trace_model_ensure_thread_lane (TlTraceModel *self,
                                   guint32       pid,
                                   guint32       tid)
{
  if (self->cached_lane != TL_INDEX_NONE && self->cached_pid == pid && self->cached_tid == tid)
    return self->cached_lane;
  self->cached_lane = tl_trace_model_ensure_lane (self, TL_LANE_THREAD, pid, tid);
  self->cached_pid = pid;
  self->cached_tid = tid;
  return self->cached_lane;
}

guint
tl_trace_model_get_n_lanes (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->lanes->len;
}

TlLane *
tl_trace_model_get_lane (TlTraceModel *self,
                         guint32       index)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->lanes->len, NULL);
  return g_ptr_array_index (self->lanes, index);
}

void
tl_trace_model_set_lane_name (TlTraceModel *self,
                              guint32       lane,
                              guint32       name)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane < self->lanes->len);
  ((TlLane *) g_ptr_array_index (self->lanes, lane))->name = name;
  self->generation++;
}

void
tl_trace_model_set_lane_sort_index (TlTraceModel *self,
                                    guint32       lane,
                                    gint32        sort_index)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane < self->lanes->len);
  ((TlLane *) g_ptr_array_index (self->lanes, lane))->sort_index = sort_index;
  self->generation++;
}

guint32
tl_trace_model_lookup_object (TlTraceModel *self,
                              TlObjectRole  role,
                              guint64       id)
{
  ObjectKey lookup = { id, role };
  gpointer found;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  found = g_hash_table_lookup (self->object_index, &lookup);
  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : TL_INDEX_NONE;
}

guint32
tl_trace_model_ensure_object (TlTraceModel *self,
                              TlObjectRole  role,
                              guint64       id)
{
  TlObject object = { 0 };
  ObjectKey *stored;
  guint32 index;

  index = tl_trace_model_lookup_object (self, role, id);
  if (index != TL_INDEX_NONE)
    return index;

  object.id = id;
  object.role = role;
  object.name = TL_INDEX_NONE;
  object.lane = TL_INDEX_NONE;
  index = self->objects->len;
  g_array_append_val (self->objects, object);
  stored = g_new (ObjectKey, 1);
  *stored = (ObjectKey) { id, role };
  g_hash_table_insert (self->object_index, stored, GUINT_TO_POINTER (index + 1));
  return index;
}

TlObject *
_tl_trace_model_peek_object (TlTraceModel *self,
                             guint32       index)
{
  return &g_array_index (self->objects, TlObject, index);
}

void
tl_trace_model_set_object_name (TlTraceModel *self,
                                guint32       object,
                                guint32       name)
{
  TlObject *obj;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (object < self->objects->len);
  obj = _tl_trace_model_peek_object (self, object);
  obj->name = name;
  if (obj->lane != TL_INDEX_NONE)
    tl_trace_model_set_lane_name (self, obj->lane, name);
}

guint
tl_trace_model_get_n_objects (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->objects->len;
}

const TlObject *
tl_trace_model_get_object (TlTraceModel *self,
                           guint32       index)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->objects->len, NULL);
  return &g_array_index (self->objects, TlObject, index);
}

/* ---- items ---------------------------------------------------------------- */

void
_tl_trace_model_see_ts (TlTraceModel *self,
                        gint64        ts)
{
  if (ts < self->start)
    self->start = ts;
  if (ts > self->end)
    self->end = ts;
}

void
_tl_trace_model_count_span (TlTraceModel *self,
                            TlSpanKind    kind)
{
  if (kind < TL_N_SPAN_KINDS)
    self->span_counts[kind]++;
  self->generation++;
}

TlEventState *
_tl_trace_model_get_event_state (TlTraceModel *self)
{
  return self->event_state;
}

void
tl_trace_model_add_span (TlTraceModel *self,
                         guint32       lane_index,
                         const TlSpan *span)
{
  TlLane *lane;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane_index < self->lanes->len);
  g_return_if_fail (span != NULL);

  lane = g_ptr_array_index (self->lanes, lane_index);
  if (span->end < span->start)
    {
      tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_TIME_BACKWARDS,
                                  span->start, "A span ends before it starts");
      return;
    }
  if (lane->pending == NULL)
    lane->pending = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  g_array_append_vals (lane->pending, span, 1);
  _tl_trace_model_see_ts (self, span->start);
  _tl_trace_model_see_ts (self, span->end);
  _tl_trace_model_count_span (self, span->kind);
}

void
tl_trace_model_add_instant (TlTraceModel    *self,
                            guint32          lane_index,
                            const TlInstant *instant)
{
  TlLane *lane;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane_index < self->lanes->len);

  lane = g_ptr_array_index (self->lanes, lane_index);
  if (lane->instants->len > 0 &&
      g_array_index (lane->instants, TlInstant, lane->instants->len - 1).ts > instant->ts)
    lane->instants_unsorted = TRUE;
  g_array_append_vals (lane->instants, instant, 1);
  if (instant->ts > lane->last_ts)
    lane->last_ts = instant->ts;
  _tl_trace_model_see_ts (self, instant->ts);
  self->n_instants++;
  self->generation++;
}

void
tl_trace_model_add_flow (TlTraceModel *self,
                         const TlFlow *flow)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (flow->from_lane < self->lanes->len && flow->to_lane < self->lanes->len);

  if (self->flows->len > 0 &&
      g_array_index (self->flows, TlFlow, self->flows->len - 1).from_ts > flow->from_ts)
    self->flows_unsorted = TRUE;
  g_array_append_vals (self->flows, flow, 1);
  if (flow->to_ts - flow->from_ts > self->longest_flow)
    self->longest_flow = flow->to_ts - flow->from_ts;
  _tl_trace_model_see_ts (self, flow->from_ts);
  _tl_trace_model_see_ts (self, flow->to_ts);
  self->generation++;
}

void
tl_trace_model_add_counter_sample (TlTraceModel *self,
                                   guint32       lane_index,
                                   gint64        ts,
                                   double        value)
{
  TlCounterSample sample = { ts, value };
  TlLane *lane;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane_index < self->lanes->len);

  lane = g_ptr_array_index (self->lanes, lane_index);
  if (lane->samples == NULL)
    lane->samples = g_array_new (FALSE, FALSE, sizeof (TlCounterSample));
  if (lane->samples->len > 0 &&
      g_array_index (lane->samples, TlCounterSample, lane->samples->len - 1).ts > ts)
    lane->samples_unsorted = TRUE;
  g_array_append_val (lane->samples, sample);
  if (ts > lane->last_ts)
    lane->last_ts = ts;
  _tl_trace_model_see_ts (self, ts);
  self->generation++;
}

/* ---- runtime events ------------------------------------------------------- */

void
tl_trace_model_add_event_on_lane (TlTraceModel       *self,
                                  guint32             lane_index,
                                  const TlModelEvent *event)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane_index < self->lanes->len);

  if (event->kind < TL_EVENT_N_KINDS)
    self->event_counts[event->kind]++;
  self->n_events++;
  _tl_trace_model_derive (self, g_ptr_array_index (self->lanes, lane_index), event);
  self->generation++;
}

void
tl_trace_model_add_event (TlTraceModel       *self,
                          const TlModelEvent *event)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (event != NULL);

  tl_trace_model_add_event_on_lane (self,
                                    tl_trace_model_ensure_thread_lane (self, event->pid, event->tid),
                                    event);
}

void
tl_trace_model_add_events (TlTraceModel       *self,
                           const TlModelEvent *events,
                           gsize               n_events)
{
  for (gsize i = 0; i < n_events; i++)
    tl_trace_model_add_event (self, &events[i]);
}

/* ---- finishing ------------------------------------------------------------ */

static int
compare_flows (gconstpointer a,
               gconstpointer b)
{
  const TlFlow *x = a, *y = b;

  if (x->from_ts != y->from_ts)
    return x->from_ts < y->from_ts ? -1 : 1;
  if (x->to_ts != y->to_ts)
    return x->to_ts < y->to_ts ? -1 : 1;
  if (x->from_lane != y->from_lane)
    return x->from_lane < y->from_lane ? -1 : 1;
  return x->to_lane < y->to_lane ? -1 : x->to_lane > y->to_lane;
}

void
tl_trace_model_finish (TlTraceModel *self,
                       gint64        end_ts)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));

  if (end_ts == TL_TS_NONE)
    end_ts = self->end;
  if (end_ts != G_MININT64)
    _tl_trace_model_close_open (self, end_ts);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      TlLane *lane = g_ptr_array_index (self->lanes, i);

      _tl_lane_place_pending (lane);
      _tl_lane_sort (lane);
    }
  if (self->flows_unsorted)
    {
      g_array_sort (self->flows, compare_flows);
      self->flows_unsorted = FALSE;
    }
  self->generation++;
}

/* ---- loss, metadata, warnings --------------------------------------------- */

void
tl_trace_model_add_loss (TlTraceModel *self,
                         guint64       dropped,
                         guint64       torn,
                         guint64       corrupt)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  self->dropped += dropped;
  self->torn += torn;
  self->corrupt += corrupt;
  self->generation++;
}

void
tl_trace_model_get_loss (TlTraceModel *self,
                         guint64      *dropped,
                         guint64      *torn,
                         guint64      *corrupt)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  if (dropped)
    *dropped = self->dropped;
  if (torn)
    *torn = self->torn;
  if (corrupt)
    *corrupt = self->corrupt;
}

void
tl_trace_model_set_metadata (TlTraceModel *self,
                             const char   *key,
                             const char   *value)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    g_hash_table_remove (self->metadata, key);
  else
    g_hash_table_insert (self->metadata, g_strdup (key), g_strdup (value));
}

const char *
tl_trace_model_get_metadata (TlTraceModel *self,
                             const char   *key)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  return g_hash_table_lookup (self->metadata, key);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

const char **
tl_trace_model_list_metadata (TlTraceModel *self)
{
  guint n = 0;
  const char **keys;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  keys = (const char **) g_hash_table_get_keys_as_array (self->metadata, &n);
  qsort (keys, n, sizeof *keys, compare_strings);
  return keys;
}

void
tl_trace_model_add_warning (TlTraceModel *self,
                            GQuark        domain,
                            int           code,
                            gint64        ts,
                            const char   *format,
                            ...)
{
  TlModelWarning *warning;
  va_list args;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));

  /* The same kind of oddity a million times is one warning, counted. */
  for (guint i = 0; i < self->warnings->len; i++)
    {
      warning = g_ptr_array_index (self->warnings, i);
      if (warning->error->domain == domain && warning->error->code == code)
        {
          warning->count++;
          return;
        }
    }
  if (self->warnings->len >= MAX_WARNING_KINDS)
    return;

  warning = g_new0 (TlModelWarning, 1);
  va_start (args, format);
  warning->error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  warning->count = 1;
  warning->ts = ts;
  g_ptr_array_add (self->warnings, warning);
}

guint
tl_trace_model_get_n_warnings (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->warnings->len;
}

const TlModelWarning *
tl_trace_model_get_warning (TlTraceModel *self,
                            guint         index)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->warnings->len, NULL);
  return g_ptr_array_index (self->warnings, index);
}

/* ---- queries -------------------------------------------------------------- */

gboolean
tl_trace_model_get_time_range (TlTraceModel *self,
                               gint64       *start,
                               gint64       *end)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);

  if (self->start > self->end)
    {
      *start = *end = 0;
      return FALSE;
    }
  *start = self->start;
  *end = self->end;
  return TRUE;
}

guint64
tl_trace_model_get_generation (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->generation;
}

const TlFlow *
tl_trace_model_get_flows (TlTraceModel *self,
                          guint        *n_flows)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  *n_flows = self->flows->len;
  return (const TlFlow *) (gpointer) self->flows->data;
}

void
tl_trace_model_get_flow_range (TlTraceModel *self,
                               gint64        t0,
                               gint64        t1,
                               guint        *first,
                               guint        *n)
{
  const TlFlow *flows = (const TlFlow *) (gpointer) self->flows->data;
  guint lo = 0, hi = self->flows->len, end;
  gint64 from = t0 - self->longest_flow;

  /* A flow crossing [t0, t1] starts no earlier than t0 minus the longest
   * flow, and no later than t1. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (flows[mid].from_ts < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  hi = self->flows->len;
  end = lo;
  while (end < hi)
    {
      guint mid = end + (hi - end) / 2;

      if (flows[mid].from_ts <= t1)
        end = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  *n = end - lo;
}

guint64
tl_trace_model_get_n_events (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->n_events;
}

guint64
tl_trace_model_get_event_count (TlTraceModel *self,
                                TlEventKind   kind)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return (guint) kind < TL_EVENT_N_KINDS ? self->event_counts[kind] : 0;
}

guint64
tl_trace_model_get_span_count (TlTraceModel *self,
                               TlSpanKind    kind)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return (guint) kind < TL_N_SPAN_KINDS ? self->span_counts[kind] : 0;
}

guint64
tl_trace_model_get_n_instants (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->n_instants;
}

gsize
tl_trace_model_get_memory_size (TlTraceModel *self)
{
  gsize size = sizeof *self;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  for (guint i = 0; i < self->lanes->len; i++)
    size += _tl_lane_memory_size (g_ptr_array_index (self->lanes, i));
  size += (gsize) self->flows->len * sizeof (TlFlow);
  size += (gsize) self->objects->len * (sizeof (TlObject) + sizeof (ObjectKey) + 32);
  size += (gsize) self->strings->len * (sizeof (gpointer) + 32);
  return size;
}

/* ---- object history ------------------------------------------------------- */

static int
compare_refs_by_time (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  TlTraceModel *self = user_data;
  const TlItemRef *x = a, *y = b;
  gint64 tx, ty;

  tx = x->type == TL_ITEM_SPAN
         ? g_array_index ((GArray *) g_ptr_array_index (((TlLane *) g_ptr_array_index (self->lanes, x->lane))->tracks, x->track), TlSpan, x->index).start
         : g_array_index (((TlLane *) g_ptr_array_index (self->lanes, x->lane))->instants, TlInstant, x->index).ts;
  ty = y->type == TL_ITEM_SPAN
         ? g_array_index ((GArray *) g_ptr_array_index (((TlLane *) g_ptr_array_index (self->lanes, y->lane))->tracks, y->track), TlSpan, y->index).start
         : g_array_index (((TlLane *) g_ptr_array_index (self->lanes, y->lane))->instants, TlInstant, y->index).ts;
  return tx < ty ? -1 : tx > ty;
}

static gboolean
span_refers_to_object (const TlSpan *span)
{
  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_GIL:
    case TL_SPAN_WAIT_QUEUE:
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_JOIN:
    case TL_SPAN_WAIT_OTHER:
    case TL_SPAN_HOLD_LOCK:
    case TL_SPAN_HOLD_GIL:
    case TL_SPAN_TASK:
      return span->ref != TL_INDEX_NONE;
    case TL_SPAN_RUNNING:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    case TL_SPAN_OWNER:
    case TL_N_SPAN_KINDS:
    default:
      return FALSE;
    }
}

static gboolean
instant_refers_to_object (const TlInstant *instant)
{
  return instant->ref != TL_INDEX_NONE && instant->role != TL_ROLE_TEXT &&
         instant->role != TL_ROLE_NONE;
}

static void
build_history (TlTraceModel *self)
{
  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < self->objects->len; i++)
    g_ptr_array_add (self->history, g_array_new (FALSE, FALSE, sizeof (TlItemRef)));

  for (guint l = 0; l < self->lanes->len; l++)
    {
      TlLane *lane = g_ptr_array_index (self->lanes, l);

      if (lane->kind != TL_LANE_THREAD)
        continue;
      for (guint t = 0; t < lane->tracks->len; t++)
        {
          GArray *spans = g_ptr_array_index (lane->tracks, t);

          for (guint i = 0; i < spans->len; i++)
            {
              const TlSpan *span = &g_array_index (spans, TlSpan, i);
              TlItemRef ref = { l, TL_ITEM_SPAN, (guint16) t, i };

              if (span_refers_to_object (span) && span->ref < self->objects->len)
                g_array_append_val (g_ptr_array_index (self->history, span->ref), ref);
            }
        }
      for (guint i = 0; i < lane->instants->len; i++)
        {
          const TlInstant *instant = &g_array_index (lane->instants, TlInstant, i);
          TlItemRef ref = { l, TL_ITEM_INSTANT, 0, i };

          if (instant_refers_to_object (instant) && instant->ref < self->objects->len)
            g_array_append_val (g_ptr_array_index (self->history, instant->ref), ref);
        }
    }
  for (guint i = 0; i < self->history->len; i++)
    {
      GArray *refs = g_ptr_array_index (self->history, i);

      g_array_sort_with_data (refs, compare_refs_by_time, self);
    }
  self->history_generation = self->generation;
}

const TlItemRef *
tl_trace_model_get_object_history (TlTraceModel *self,
                                   guint32       object,
                                   guint        *n_refs)
{
  GArray *refs;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (object < self->objects->len, NULL);

  /* Built on demand, in one pass, and again only after the model changed. */
  if (self->history == NULL || self->history_generation != self->generation)
    build_history (self);
  refs = g_ptr_array_index (self->history, object);
  *n_refs = refs->len;
  return (const TlItemRef *) (gpointer) refs->data;
}
