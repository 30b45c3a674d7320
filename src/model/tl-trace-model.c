/* tl-trace-model.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tl-trace-model-private.h"

#define MAX_WARNING_KINDS 256

/* Events of a few threads interleave: a direct-mapped cache by tid finds
 * their lanes without a lookup. */
#define LANE_CACHE_SIZE 64

typedef struct
{
  guint32 pid;
  guint32 tid;
  guint32 lane;     /* TL_INDEX_NONE: empty */
} LaneCacheEntry;

/* Objects are many (every task is one): 8 bytes a slot, the key is
 * checked in the object itself when the hash's upper half matches. */
typedef struct
{
  guint32 tag;
  guint32 value;    /* object index, TL_INDEX_NONE: empty */
} ObjectSlot;

struct _TlTraceModel
{
  GObject        parent_instance;

  GStringChunk  *string_chunk;
  GHashTable    *string_ids;      /* const char * -> id + 1 */
  GPtrArray     *strings;         /* id -> const char * */
  TlIndex        text_ids;        /* runtime text id -> string id */

  GArray        *processes;       /* TlProcess */
  GPtrArray     *process_lanes;   /* GArray of guint32, per process */
  GHashTable    *pid_index;       /* pid -> process index + 1 */

  GPtrArray     *lanes;           /* TlLane * */
  TlIndex        lane_index;      /* (key, kind << 32 | pid) -> lane index */
  LaneCacheEntry lane_cache[LANE_CACHE_SIZE];   /* recent thread lanes, by tid */

  TlVec          objects;         /* TlObject */
  ObjectSlot    *object_slots;    /* open addressing over objects, by (id, role) */
  guint          object_mask;

  TlVec          flows;           /* TlFlow */
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

  TlFindings    *findings;        /* made on first use */
  TlOrderState  *order;           /* made on first use */
  TlBookmarks   *bookmarks;       /* made on first use */
  TlHorizonState *horizon;        /* made on first use */
  guint64        reorder_serial;

  TlCodeState   *code;            /* functions and sources, made on first use */

  guint64        generation;
};

G_DEFINE_FINAL_TYPE (TlTraceModel, tl_trace_model, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-model-error-quark, tl_model_error)

/* ---- the index -------------------------------------------------------------- */

void
_tl_index_init (TlIndex *index)
{
  index->mask = 15;
  index->n_items = 0;
  index->slots = g_new (TlIndexSlot, index->mask + 1);
  for (guint i = 0; i <= index->mask; i++)
    index->slots[i].value = TL_INDEX_NONE;
}

void
_tl_index_clear (TlIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  index->mask = 0;
  index->n_items = 0;
}

static void
index_put (TlIndex *index,
           guint64  a,
           guint64  b,
           guint32  value)
{
  guint i = _tl_index_hash (a, b) & index->mask;

  while (index->slots[i].value != TL_INDEX_NONE &&
         !(index->slots[i].a == a && index->slots[i].b == b))
    i = (i + 1) & index->mask;
  if (index->slots[i].value == TL_INDEX_NONE)
    index->n_items++;
  index->slots[i].a = a;
  index->slots[i].b = b;
  index->slots[i].value = value;
}

/* Inserts or replaces. */
void
_tl_index_insert (TlIndex *index,
                  guint64  a,
                  guint64  b,
                  guint32  value)
{
  g_assert (value != TL_INDEX_NONE);

  /* At most half full, so that probes stay short. */
  if ((index->n_items + 1) * 2 > index->mask + 1)
    {
      TlIndexSlot *old = index->slots;
      guint old_size = index->mask + 1;

      index->mask = old_size * 2 - 1;
      index->n_items = 0;
      index->slots = g_new (TlIndexSlot, index->mask + 1);
      for (guint i = 0; i <= index->mask; i++)
        index->slots[i].value = TL_INDEX_NONE;
      for (guint i = 0; i < old_size; i++)
        if (old[i].value != TL_INDEX_NONE)
          index_put (index, old[i].a, old[i].b, old[i].value);
      g_free (old);
    }
  index_put (index, a, b, value);
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
  _tl_index_clear (&self->text_ids);
  g_clear_pointer (&self->processes, g_array_unref);
  g_clear_pointer (&self->process_lanes, g_ptr_array_unref);
  g_clear_pointer (&self->pid_index, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_ptr_array_unref);
  _tl_index_clear (&self->lane_index);
  _tl_vec_clear (&self->objects, sizeof (TlObject));
  g_clear_pointer (&self->object_slots, g_free);
  _tl_vec_clear (&self->flows, sizeof (TlFlow));
  g_clear_pointer (&self->event_state, _tl_event_state_free);
  g_clear_pointer (&self->metadata, g_hash_table_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->findings, _tl_findings_free);
  g_clear_pointer (&self->order, _tl_order_state_free);
  g_clear_pointer (&self->bookmarks, _tl_bookmarks_free);
  g_clear_pointer (&self->horizon, _tl_horizon_state_free);
  g_clear_pointer (&self->code, _tl_code_state_free);

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
  _tl_index_init (&self->text_ids);
  self->processes = g_array_new (FALSE, FALSE, sizeof (TlProcess));
  self->process_lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->pid_index = g_hash_table_new (NULL, NULL);
  self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) _tl_lane_free);
  _tl_index_init (&self->lane_index);
  for (guint i = 0; i < LANE_CACHE_SIZE; i++)
    self->lane_cache[i].lane = TL_INDEX_NONE;
  self->object_mask = 63;
  self->object_slots = g_new (ObjectSlot, self->object_mask + 1);
  for (guint i = 0; i <= self->object_mask; i++)
    self->object_slots[i].value = TL_INDEX_NONE;
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

guint32
tl_trace_model_add_string (TlTraceModel *self,
                           const char   *str,
                           gsize         len)
{
  g_autofree char *valid = NULL;
  const char *stored;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  g_return_val_if_fail (str != NULL || len == 0, TL_INDEX_NONE);

  /* Texts from traced programs and files need not be UTF-8, nor free of
   * NULs (the string ends at the first). */
  len = strnlen (str != NULL ? str : "", len);
  if (!g_utf8_validate_len (str, len, NULL))
    {
      valid = g_utf8_make_valid (str, (gssize) len);
      str = valid;
      len = strlen (valid);
    }
  stored = g_string_chunk_insert_len (self->string_chunk, str, (gssize) len);
  g_ptr_array_add (self->strings, (gpointer) stored);
  return self->strings->len - 1;
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
  return _tl_index_lookup (&self->text_ids, text_id, 0);
}

void
_tl_trace_model_set_text (TlTraceModel *self,
                          guint64       text_id,
                          guint32       string)
{
  if (string != TL_INDEX_NONE)
    _tl_index_insert (&self->text_ids, text_id, 0, string);
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
  /* Apart: ensure_process may move the array that g_array_index reads. */
  guint32 index = tl_trace_model_ensure_process (self, pid);

  return &g_array_index (self->processes, TlProcess, index);
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
  self->generation++;
}

void
tl_trace_model_set_process_stopped (TlTraceModel *self,
                                    guint32       pid,
                                    gboolean      stopped)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  peek_process (self, pid)->stopped = !!stopped;
  self->generation++;
}

void
tl_trace_model_set_process_machinery (TlTraceModel *self,
                                      guint32       pid,
                                      gboolean      machinery)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  peek_process (self, pid)->machinery = !!machinery;
  self->generation++;
}

gboolean
tl_trace_model_is_machinery_process (TlTraceModel *self,
                                     guint         index)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (index < self->processes->len, FALSE);
  return g_array_index (self->processes, TlProcess, index).machinery;
}

gboolean
tl_trace_model_is_machinery_lane (TlTraceModel *self,
                                  guint32       lane)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (lane < self->lanes->len, FALSE);
  return tl_trace_model_is_machinery_process (self,
                                              ((TlLane *) g_ptr_array_index (self->lanes, lane))->process);
}

void
tl_trace_model_set_process_start (TlTraceModel *self,
                                  guint32       pid,
                                  gint64        ts)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  peek_process (self, pid)->start_ts = ts;
  self->generation++;
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
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  return _tl_index_lookup (&self->lane_index, key, ((guint64) kind << 32) | pid);
}

guint32
tl_trace_model_ensure_lane (TlTraceModel *self,
                            TlLaneKind    kind,
                            guint32       pid,
                            guint64       key)
{
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

  _tl_index_insert (&self->lane_index, key, ((guint64) kind << 32) | pid, index);
  self->generation++;
  return index;
}

guint32
tl_trace_model_ensure_thread_lane (TlTraceModel *self,
                                   guint32       pid,
                                   guint32       tid)
{
  LaneCacheEntry *entry = &self->lane_cache[(tid ^ (pid * 31u)) % LANE_CACHE_SIZE];

  if (entry->lane != TL_INDEX_NONE && entry->pid == pid && entry->tid == tid)
    return entry->lane;
  entry->lane = tl_trace_model_ensure_lane (self, TL_LANE_THREAD, pid, tid);
  entry->pid = pid;
  entry->tid = tid;
  return entry->lane;
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

static inline guint64
object_hash (TlObjectRole role,
             guint64      id)
{
  guint64 h = id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) ^ ((guint64) role << 56);

  h ^= h >> 29;
  h *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  h ^= h >> 32;
  return h;
}

static guint32
find_object (TlTraceModel *self,
             TlObjectRole  role,
             guint64       id,
             guint64       hash)
{
  guint32 tag = (guint32) (hash >> 32);
  guint i = (guint) hash & self->object_mask;

  for (;;)
    {
      const ObjectSlot *slot = &self->object_slots[i];

      if (slot->value == TL_INDEX_NONE)
        return TL_INDEX_NONE;
      if (slot->tag == tag)
        {
          const TlObject *object = &_tl_vec_index (&self->objects, TlObject, slot->value);

          if (object->id == id && object->role == role)
            return slot->value;
        }
      i = (i + 1) & self->object_mask;
    }
}

static void
place_object (TlTraceModel *self,
              guint32       index,
              guint64       hash)
{
  guint i = (guint) hash & self->object_mask;

  while (self->object_slots[i].value != TL_INDEX_NONE)
    i = (i + 1) & self->object_mask;
  self->object_slots[i].tag = (guint32) (hash >> 32);
  self->object_slots[i].value = index;
}

guint32
tl_trace_model_lookup_object (TlTraceModel *self,
                              TlObjectRole  role,
                              guint64       id)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  return find_object (self, role, id, object_hash (role, id));
}

guint32
_tl_trace_model_ensure_object (TlTraceModel *self,
                               TlObjectRole  role,
                               guint64       id)
{
  guint64 hash = object_hash (role, id);
  guint32 index = find_object (self, role, id, hash);
  TlObject *object;

  if (index != TL_INDEX_NONE)
    return index;

  /* At most three quarters full, so that probes stay short. */
  if ((gsize) (self->objects.len + 1) * 4 > (gsize) (self->object_mask + 1) * 3)
    {
      self->object_mask = self->object_mask * 2 + 1;
      g_free (self->object_slots);
      self->object_slots = g_new (ObjectSlot, self->object_mask + 1);
      for (guint i = 0; i <= self->object_mask; i++)
        self->object_slots[i].value = TL_INDEX_NONE;
      for (guint i = 0; i < self->objects.len; i++)
        {
          const TlObject *o = &_tl_vec_index (&self->objects, TlObject, i);

          place_object (self, i, object_hash (o->role, o->id));
        }
    }

  index = self->objects.len;
  object = _tl_vec_push (&self->objects, sizeof (TlObject));
  memset (object, 0, sizeof *object);
  object->id = id;
  object->role = role;
  object->name = TL_INDEX_NONE;
  object->lane = TL_INDEX_NONE;
  place_object (self, index, hash);
  return index;
}

guint32
tl_trace_model_ensure_object (TlTraceModel *self,
                              TlObjectRole  role,
                              guint64       id)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), TL_INDEX_NONE);
  return _tl_trace_model_ensure_object (self, role, id);
}

TlObject *
_tl_trace_model_peek_object (TlTraceModel *self,
                             guint32       index)
{
  return &_tl_vec_index (&self->objects, TlObject, index);
}

TlLane *
_tl_trace_model_peek_lane (TlTraceModel *self,
                           guint32       index)
{
  return g_ptr_array_index (self->lanes, index);
}

void
tl_trace_model_set_object_name (TlTraceModel *self,
                                guint32       object,
                                guint32       name)
{
  TlObject *obj;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (object < self->objects.len);
  obj = _tl_trace_model_peek_object (self, object);
  obj->name = name;
  if (obj->lane != TL_INDEX_NONE)
    tl_trace_model_set_lane_name (self, obj->lane, name);
}

void
tl_trace_model_set_lane_object (TlTraceModel *self,
                                guint32       lane,
                                guint32       object)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (object < self->objects.len);

  ((TlLane *) g_ptr_array_index (self->lanes, lane))->object = object;
  _tl_trace_model_peek_object (self, object)->lane = lane;
  /* The lane is called as its lock is, whichever came first (as
   * set_object_name () names the lane tied already). */
  if (tl_lane_get_name (g_ptr_array_index (self->lanes, lane)) == TL_INDEX_NONE)
    tl_trace_model_set_lane_name (self, lane, _tl_trace_model_peek_object (self, object)->name);
  self->generation++;
}

guint
tl_trace_model_get_n_objects (TlTraceModel *self)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), 0);
  return self->objects.len;
}

const TlObject *
tl_trace_model_get_object (TlTraceModel *self,
                           guint32       index)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  g_return_val_if_fail (index < self->objects.len, NULL);
  return &_tl_vec_index (&self->objects, TlObject, index);
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
                                  span->start, _("A span ends before it starts"));
      return;
    }
  *(TlSpan *) _tl_vec_push (&lane->pending, sizeof (TlSpan)) = *span;
  _tl_trace_model_see_ts (self, span->start);
  _tl_trace_model_see_ts (self, span->end);
  _tl_trace_model_count_span (self, span->kind);
}

void
tl_trace_model_add_instant (TlTraceModel    *self,
                            guint32          lane_index,
                            const TlInstant *instant)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));
  g_return_if_fail (lane_index < self->lanes->len);

  _tl_trace_model_add_instant (self, g_ptr_array_index (self->lanes, lane_index), instant);
}

void
_tl_trace_model_add_instant (TlTraceModel    *self,
                             TlLane          *lane,
                             const TlInstant *instant)
{
  if (lane->instants.len > 0 &&
      _tl_vec_index (&lane->instants, TlInstant, lane->instants.len - 1).ts > instant->ts)
    lane->instants_unsorted = TRUE;
  *(TlInstant *) _tl_vec_push (&lane->instants, sizeof (TlInstant)) = *instant;
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

  _tl_trace_model_add_flow (self, flow);
}

/* A live run's arrows arrive when their far end does (a hand-over when
 * the next owner gets the lock), a little out of order: they are put in
 * place so the view's range queries see them at once.  Far out of order
 * (an import in any order) they wait for finish () to be sorted. */
#define FLOW_INSERT_WINDOW 1024

void
_tl_trace_model_add_flow (TlTraceModel *self,
                          const TlFlow *flow)
{
  TlFlow *flows;
  guint lo, hi, n = self->flows.len;

  *(TlFlow *) _tl_vec_push (&self->flows, sizeof (TlFlow)) = *flow;
  flows = (TlFlow *) self->flows.data;
  if (!self->flows_unsorted && n > 0 && flows[n - 1].from_ts > flow->from_ts)
    {
      lo = n > FLOW_INSERT_WINDOW ? n - FLOW_INSERT_WINDOW : 0;
      if (flows[lo].from_ts > flow->from_ts && lo > 0)
        {
          self->flows_unsorted = TRUE;
        }
      else
        {
          /* After every flow that starts no later: stable. */
          hi = n;
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;

              if (flows[mid].from_ts <= flow->from_ts)
                lo = mid + 1;
              else
                hi = mid;
            }
          memmove (&flows[lo + 1], &flows[lo], (gsize) (n - lo) * sizeof (TlFlow));
          flows[lo] = *flow;
        }
    }
  if (tl_ts_diff (flow->to_ts, flow->from_ts) > self->longest_flow)
    self->longest_flow = tl_ts_diff (flow->to_ts, flow->from_ts);
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
  if (lane->samples.len > 0 &&
      _tl_vec_index (&lane->samples, TlCounterSample, lane->samples.len - 1).ts > ts)
    lane->samples_unsorted = TRUE;
  *(TlCounterSample *) _tl_vec_push (&lane->samples, sizeof (TlCounterSample)) = sample;
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
tl_trace_model_add_event_count (TlTraceModel *self,
                                TlEventKind   kind,
                                guint64       count)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (self));

  if ((guint) kind < TL_EVENT_N_KINDS)
    self->event_counts[kind] += count;
  self->n_events += count;
  self->generation++;
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
               gconstpointer b,
               gpointer      user_data)
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
  guint64 untracked[TL_N_SPAN_KINDS] = { 0 };
  guint64 n_untracked = 0;

  g_return_if_fail (TL_IS_TRACE_MODEL (self));

  if (end_ts == TL_TS_NONE)
    end_ts = self->end;
  if (end_ts != G_MININT64)
    _tl_trace_model_close_open (self, end_ts);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      TlLane *lane = g_ptr_array_index (self->lanes, i);

      /* Instants that move invalidate whoever counted them (the findings). */
      if (lane->instants_unsorted)
        self->reorder_serial++;
      _tl_lane_place_pending (lane, untracked);
      _tl_lane_sort (lane);
      _tl_lane_trim (lane);
      n_untracked += lane->n_untracked;
      lane->n_untracked = 0;
    }
  /* Counted when they were added; they are not there. */
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    self->span_counts[k] -= MIN (untracked[k], self->span_counts[k]);
  if (n_untracked > 0)
    tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_LIMIT, TL_TS_NONE,
                                _("%llu spans were left out: more than %u overlapped on one lane"),
                                (unsigned long long) n_untracked, TL_LANE_MAX_TRACKS);
  if (self->flows_unsorted)
    {
      g_qsort_with_data (self->flows.data, (gint) self->flows.len, sizeof (TlFlow),
                         compare_flows, NULL);
      self->flows_unsorted = FALSE;
    }
  _tl_vec_shrink (&self->flows, sizeof (TlFlow));
  _tl_vec_shrink (&self->objects, sizeof (TlObject));
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

TlFindings *
_tl_trace_model_get_findings_state (TlTraceModel *self)
{
  if (self->findings == NULL)
    self->findings = _tl_findings_new ();
  return self->findings;
}

TlOrderState *
_tl_trace_model_get_order_state (TlTraceModel *self)
{
  if (self->order == NULL)
    self->order = _tl_order_state_new ();
  return self->order;
}

TlHorizonState **
_tl_trace_model_get_horizon_slot (TlTraceModel *self)
{
  return &self->horizon;
}

TlBookmarks *
_tl_trace_model_get_bookmarks_state (TlTraceModel *self)
{
  if (self->bookmarks == NULL)
    self->bookmarks = _tl_bookmarks_new ();
  return self->bookmarks;
}

TlCodeState *
_tl_trace_model_get_code_state (TlTraceModel *self)
{
  if (self->code == NULL)
    self->code = _tl_code_state_new ();
  return self->code;
}

guint64
_tl_trace_model_get_reorder_serial (TlTraceModel *self)
{
  return self->reorder_serial;
}

const TlFlow *
tl_trace_model_get_flows (TlTraceModel *self,
                          guint        *n_flows)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);
  *n_flows = self->flows.len;
  return self->flows.data;
}

void
tl_trace_model_get_flow_range (TlTraceModel *self,
                               gint64        t0,
                               gint64        t1,
                               guint        *first,
                               guint        *n)
{
  const TlFlow *flows = self->flows.data;
  guint lo = 0, hi = self->flows.len, end;
  gint64 from = tl_ts_diff (t0, self->longest_flow);

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
  hi = self->flows.len;
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
  size += _tl_vec_memory (&self->flows, sizeof (TlFlow));
  size += _tl_vec_memory (&self->objects, sizeof (TlObject));
  size += (gsize) (self->object_mask + 1) * sizeof (ObjectSlot);
  size += (gsize) (self->lane_index.mask + 1 + self->text_ids.mask + 1) * sizeof (TlIndexSlot);
  size += (gsize) self->strings->len * (sizeof (gpointer) + 32);
  size += _tl_code_state_memory (self->code);
  return size;
}

/* ---- object history ------------------------------------------------------- */

static gint64
item_ts (TlTraceModel    *self,
         const TlItemRef *ref)
{
  TlLane *lane = g_ptr_array_index (self->lanes, ref->lane);

  if (ref->type == TL_ITEM_SPAN)
    return _tl_lane_peek_span (lane, ref->track, ref->index)->start;
  return _tl_vec_index (&lane->instants, TlInstant, ref->index).ts;
}

static int
compare_refs_by_time (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  TlTraceModel *self = user_data;
  const TlItemRef *x = a, *y = b;
  gint64 tx, ty;

  tx = item_ts (self, x);
  ty = item_ts (self, y);
  return tx < ty ? -1 : tx > ty;
}

static gboolean
span_refers_to_object (const TlSpan *span)
{
  return tl_span_kind_ref (span->kind) == TL_SPAN_REF_OBJECT && span->ref != TL_INDEX_NONE;
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
  for (guint i = 0; i < self->objects.len; i++)
    g_ptr_array_add (self->history, g_array_new (FALSE, FALSE, sizeof (TlItemRef)));

  for (guint l = 0; l < self->lanes->len; l++)
    {
      TlLane *lane = g_ptr_array_index (self->lanes, l);

      if (lane->kind != TL_LANE_THREAD)
        continue;
      for (guint t = 0; t < lane->n_tracks; t++)
        {
          for (guint i = 0; i < lane->tracks[t].spans.len; i++)
            {
              const TlSpan *span = _tl_lane_peek_span (lane, t, i);
              TlItemRef ref = { l, TL_ITEM_SPAN, (guint16) t, i };

              if (span_refers_to_object (span) && span->ref < self->objects.len)
                g_array_append_val (g_ptr_array_index (self->history, span->ref), ref);
            }
        }
      for (guint i = 0; i < lane->instants.len; i++)
        {
          const TlInstant *instant = &_tl_vec_index (&lane->instants, TlInstant, i);
          TlItemRef ref = { l, TL_ITEM_INSTANT, 0, i };

          if (instant_refers_to_object (instant) && instant->ref < self->objects.len)
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
  g_return_val_if_fail (object < self->objects.len, NULL);

  /* Built on demand, in one pass, and again only after the model changed. */
  if (self->history == NULL || self->history_generation != self->generation)
    build_history (self);
  refs = g_ptr_array_index (self->history, object);
  *n_refs = refs->len;
  return (const TlItemRef *) (gpointer) refs->data;
}
