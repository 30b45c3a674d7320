/* tl-trace-model-state.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * State lanes, from the runtime events as they come (live, replayed from a
 * .tltrace, or from an interposer), so all three agree:
 *
 *   object        state        from                                worth a lane once
 *   Value         its value    reads (the first), writes           two writes changed it
 *   Semaphore     in use       acquires and releases               2 or more were in at once
 *                 waiting      its waits (the thread's state)      someone waited, and in use has a lane
 *   RLock         depth        acquire/release depth (aux)         taken twice
 *   Event         set          set (wake), clear (a write of 0)    set and cleared, or a set let 2+ go
 *   Barrier       arrived      its waits; 0 when it opens (wake)   2 or more waited at once
 *   Condition     waiting      its waits                           2 or more waited at once
 *   Queue, Pipe   queued       sends and receives                  2 or more were waiting at once
 *
 * One thread at a time on a construct, its lane and the thread's own say
 * it all: a count gets a lane when it reaches 2.
 *
 * A pool's pending tasks are its task queue's messages: the chunks put and
 * not yet taken by a worker.  A list's appends and pops are writes and
 * reads of single items (TL_FLAG_ITEM), not of its value: its length is
 * the counter the engine records for it, and gets no lane here.
 *
 * Until a state is worth a lane its samples wait (the most recent
 * EARLY_MAX of them), so that the lane, once made, shows where it began;
 * a count begins at 0 where its object was named (made) or first used.
 * Samples never go back in time: a change that arrives after a later one
 * (events of two threads a little out of order) is drawn when it arrived.
 * A wait still open when the trace ends changes nothing on the lane: the
 * waiter was still waiting.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-trace-model-private.h"
#include "tl-trace-model-state.h"

#define EARLY_MAX 1024

#define KEY_PREFIX "state:"

typedef struct
{
  gint64   value;        /* counts may dip below 0 while events cross; shown at 0 */
  double   shown;        /* the last value sampled */
  double   peak;
  guint    n_changes;
  gboolean has_shown;
  guint32  lane;         /* TL_INDEX_NONE until worth a lane */
  GArray  *early;        /* TlCounterSample, until then */
} Series;

typedef struct
{
  guint32      object;
  TlObjectRole role;
  gint64       since;          /* first seen: named, or first used */
  gint64       waiters;        /* threads waiting on it now */
  gint64       released;       /* barriers: waiters it let go that have not resumed */
  gboolean     released_many;  /* events: a set let two or more waiters go */
  Series       state;          /* what the object holds: its role says which */
  Series       waiting;        /* semaphores: threads waiting */
} ObjectState;

struct _TlStateLanes
{
  GPtrArray *objects;          /* ObjectState *, per object index, NULL until used */
};

static const char * const state_ids[TL_N_STATES] = {
  [TL_STATE_VALUE] = "value",
  [TL_STATE_IN_USE] = "in-use",
  [TL_STATE_WAITING] = "waiting",
  [TL_STATE_DEPTH] = "depth",
  [TL_STATE_SET] = "set",
  [TL_STATE_ARRIVED] = "arrived",
  [TL_STATE_QUEUED] = "queued",
};

const char *
tl_state_kind_to_string (TlStateKind kind)
{
  return (guint) kind < TL_N_STATES ? state_ids[kind] : "unknown";
}

gboolean
tl_state_kind_from_string (const char  *str,
                           TlStateKind *kind)
{
  for (guint i = 0; i < TL_N_STATES; i++)
    if (g_strcmp0 (str, state_ids[i]) == 0)
      {
        *kind = (TlStateKind) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- the object's states ------------------------------------------------- */

static void
series_init (Series *series,
             gboolean known_zero)
{
  series->lane = TL_INDEX_NONE;
  /* Counts start at 0; a value is unknown until read or written. */
  series->has_shown = known_zero;
}

static void
object_state_free (gpointer data)
{
  ObjectState *os = data;

  if (os == NULL)
    return;
  g_clear_pointer (&os->state.early, g_array_unref);
  g_clear_pointer (&os->waiting.early, g_array_unref);
  g_free (os);
}

TlStateLanes *
_tl_state_lanes_new (void)
{
  TlStateLanes *self = g_new0 (TlStateLanes, 1);

  self->objects = g_ptr_array_new_with_free_func (object_state_free);
  return self;
}

void
_tl_state_lanes_free (TlStateLanes *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->objects);
  g_free (self);
}

/* What an object of @role holds, or FALSE when it has no state lane. */
static gboolean
state_of_role (TlObjectRole  role,
               TlStateKind  *kind)
{
  switch (role)
    {
    case TL_ROLE_VALUE:
      *kind = TL_STATE_VALUE;
      return TRUE;
    case TL_ROLE_SEMAPHORE:
      *kind = TL_STATE_IN_USE;
      return TRUE;
    case TL_ROLE_RLOCK:
      *kind = TL_STATE_DEPTH;
      return TRUE;
    case TL_ROLE_EVENT:
      *kind = TL_STATE_SET;
      return TRUE;
    case TL_ROLE_BARRIER:
      *kind = TL_STATE_ARRIVED;
      return TRUE;
    case TL_ROLE_CONDITION:
      *kind = TL_STATE_WAITING;
      return TRUE;
    case TL_ROLE_QUEUE:
    case TL_ROLE_PIPE:
      *kind = TL_STATE_QUEUED;
      return TRUE;
    case TL_ROLE_NONE:
    case TL_ROLE_PROCESS:
    case TL_ROLE_THREAD:
    case TL_ROLE_MUTEX:
    case TL_ROLE_GIL:
    case TL_ROLE_TASK:
    case TL_ROLE_TEXT:
    case TL_ROLE_ERROR:
    case TL_ROLE_STEP:
    case TL_ROLE_MANAGER:
    case TL_ROLE_SHARED_MEMORY:
    case TL_ROLE_MACHINERY:
    case TL_N_ROLES:
    default:
      return FALSE;
    }
}

static ObjectState *
new_object_state (TlTraceModel *self,
                  GPtrArray    *objects,
                  guint32       object,
                  gint64        ts)
{
  ObjectState *os;
  TlStateKind kind;

  if (objects->len <= object)
    g_ptr_array_set_size (objects, object + 1);
  os = g_new0 (ObjectState, 1);
  os->object = object;
  os->role = _tl_trace_model_peek_object (self, object)->role;
  os->since = ts;
  series_init (&os->state, state_of_role (os->role, &kind) && kind != TL_STATE_VALUE);
  series_init (&os->waiting, TRUE);
  g_ptr_array_index (objects, object) = os;
  return os;
}

/* Looked up for every event about a value, a queue...: kept short. */
static inline ObjectState *
object_state (TlTraceModel *self,
              guint32       object,
              gint64        ts)
{
  GPtrArray *objects = _tl_trace_model_get_state_lanes (self)->objects;

  if (G_LIKELY (object < objects->len && g_ptr_array_index (objects, object) != NULL))
    return g_ptr_array_index (objects, object);
  return new_object_state (self, objects, object, ts);
}

/* ---- lanes and samples --------------------------------------------------- */

/* In time order always: the event that changed it counts as the model's
 * change. */
static void
append_sample (TlTraceModel *self,
               guint32       index,
               gint64        ts,
               double        value)
{
  TlLane *lane = _tl_trace_model_peek_lane (self, index);
  TlCounterSample *sample;

  if (lane->samples.len > 0)
    ts = MAX (ts, _tl_vec_index (&lane->samples, TlCounterSample, lane->samples.len - 1).ts);
  sample = _tl_vec_push (&lane->samples, sizeof (TlCounterSample));
  sample->ts = ts;
  sample->value = value;
  lane->last_ts = MAX (lane->last_ts, ts);
  _tl_trace_model_see_ts (self, ts);
}

static void
keep_early (Series *series,
            gint64  ts,
            double  value)
{
  TlCounterSample sample = { ts, value };

  if (series->early == NULL)
    series->early = g_array_new (FALSE, FALSE, sizeof (TlCounterSample));
  if (series->early->len > 0)
    sample.ts = MAX (ts, g_array_index (series->early, TlCounterSample, series->early->len - 1).ts);
  if (series->early->len == EARLY_MAX)
    g_array_remove_range (series->early, 0, EARLY_MAX / 2);
  g_array_append_val (series->early, sample);
}

static gboolean
worth_a_lane (const ObjectState *os,
              const Series      *series,
              TlStateKind        kind)
{
  switch (kind)
    {
    case TL_STATE_VALUE:
      return series->n_changes >= 2;
    case TL_STATE_IN_USE:
    case TL_STATE_DEPTH:
    case TL_STATE_QUEUED:
    case TL_STATE_ARRIVED:
      /* One at a time, the threads' own lanes say it all. */
      return series->peak >= 2;
    case TL_STATE_WAITING:
      /* A semaphore's waiters, beside its permits in use. */
      if (series == &os->waiting)
        return series->peak >= 1 && os->state.lane != TL_INDEX_NONE;
      return series->peak >= 2;
    case TL_STATE_SET:
      return os->released_many || series->n_changes >= 2;
    case TL_N_STATES:
    default:
      return FALSE;
    }
}

static void promote (TlTraceModel *self,
                     ObjectState  *os,
                     Series       *series,
                     TlStateKind   kind,
                     gint64        ts);

/* Gives @series its lane, with the samples it kept, at @ts: a replay
 * shows the lane from then on, as the live run did. */
static void
make_lane (TlTraceModel *self,
           ObjectState  *os,
           Series       *series,
           TlStateKind   kind,
           gint64        ts)
{
  TlObject *object = _tl_trace_model_peek_object (self, os->object);
  g_autofree char *key = NULL;
  guint32 pid = object->pid;

  /* Beside the lock lane where it has one: that process's. */
  if (object->lane != TL_INDEX_NONE)
    pid = _tl_trace_model_peek_lane (self, object->lane)->pid;
  key = g_strdup_printf (KEY_PREFIX "%s:%s:%" G_GUINT64_FORMAT, tl_state_kind_to_string (kind),
                         tl_object_role_to_string (os->role), object->id);
  series->lane = tl_trace_model_ensure_lane (self, TL_LANE_COUNTER, pid,
                                             tl_trace_model_intern (self, key, -1));
  _tl_trace_model_peek_lane (self, series->lane)->made_ts = ts;
  /* A count was 0 from the object's making until its first change. */
  if (kind != TL_STATE_VALUE && series->early != NULL && series->early->len > 0 &&
      g_array_index (series->early, TlCounterSample, 0).ts > os->since)
    append_sample (self, series->lane, os->since, 0);
  for (guint i = 0; series->early != NULL && i < series->early->len; i++)
    {
      const TlCounterSample *sample = &g_array_index (series->early, TlCounterSample, i);

      append_sample (self, series->lane, sample->ts, sample->value);
    }
  g_clear_pointer (&series->early, g_array_unref);

  /* A semaphore's waiters come with its permits in use. */
  if (series == &os->state && os->role == TL_ROLE_SEMAPHORE)
    promote (self, os, &os->waiting, TL_STATE_WAITING, ts);
}

static void
promote (TlTraceModel *self,
         ObjectState  *os,
         Series       *series,
         TlStateKind   kind,
         gint64        ts)
{
  if (series->lane == TL_INDEX_NONE && worth_a_lane (os, series, kind))
    make_lane (self, os, series, kind, ts);
}

/* @series of @os is now @value, from @ts on. */
static void
series_set (TlTraceModel *self,
            ObjectState  *os,
            Series       *series,
            TlStateKind   kind,
            gint64        ts,
            gint64        value)
{
  double shown = kind == TL_STATE_VALUE ? (double) value : (double) MAX (value, 0);

  series->value = value;
  if (series->has_shown && series->shown == shown)
    return;
  if (series->has_shown)
    series->n_changes++;
  series->has_shown = TRUE;
  series->shown = shown;
  series->peak = MAX (series->peak, shown);
  if (series->lane != TL_INDEX_NONE)
    append_sample (self, series->lane, ts, shown);
  else
    keep_early (series, ts, shown);
  promote (self, os, series, kind, ts);
}

/* ---- from the events ----------------------------------------------------- */

static void
count_waiters (TlTraceModel *self,
               ObjectState  *os,
               gint64        ts,
               gint          delta,
               gboolean      shown)
{
  os->waiters += delta;
  if (delta < 0 && os->released > 0)
    os->released--;
  if (!shown)
    return;
  switch (os->role)
    {
    case TL_ROLE_SEMAPHORE:
      series_set (self, os, &os->waiting, TL_STATE_WAITING, ts, os->waiters);
      break;
    case TL_ROLE_CONDITION:
      series_set (self, os, &os->state, TL_STATE_WAITING, ts, os->waiters);
      break;
    case TL_ROLE_BARRIER:
      series_set (self, os, &os->state, TL_STATE_ARRIVED, ts, os->waiters - os->released);
      break;
    default:
      /* Events: counted, for how many a set releases. */
      break;
    }
}

void
_tl_state_lanes_count_wait (TlTraceModel *self,
                            const TlSpan *state,
                            gint64        ts,
                            gint          delta,
                            gboolean      shown)
{
  if (state->ref != TL_INDEX_NONE)
    count_waiters (self, object_state (self, state->ref, ts), ts, delta, shown);
}

static void
derive_wake (TlTraceModel *self,
             ObjectState  *os,
             gint64        ts)
{
  if (os->role == TL_ROLE_EVENT)
    {
      if (os->waiters >= 2)
        os->released_many = TRUE;
      series_set (self, os, &os->state, TL_STATE_SET, ts, 1);
    }
  else if (os->role == TL_ROLE_BARRIER)
    {
      /* It opens: those waiting go on, however soon each resumes. */
      os->released = os->waiters;
      series_set (self, os, &os->state, TL_STATE_ARRIVED, ts, 0);
    }
}

static void
derive_access (TlTraceModel       *self,
               ObjectState        *os,
               const TlModelEvent *ev,
               gint64              ts)
{
  if (os->role == TL_ROLE_EVENT && ev->kind == TL_EVENT_WRITE)
    series_set (self, os, &os->state, TL_STATE_SET, ts, ev->arg != 0);
  else if (os->role != TL_ROLE_VALUE || (ev->flags & TL_FLAG_ITEM) != 0)
    return;
  /* A read tells the value only until the first write: later reads
   * show what a thread saw, not a change. */
  else if (ev->kind == TL_EVENT_WRITE || !os->state.has_shown)
    series_set (self, os, &os->state, TL_STATE_VALUE, ts, (gint64) ev->arg);
}

void
_tl_state_lanes_take (TlTraceModel       *self,
                      guint32             object,
                      const TlModelEvent *ev,
                      gint64              ts)
{
  TlObjectRole role = ev->role;
  TlStateKind kind;
  ObjectState *os;

  /* As the derivation takes them: a read or write is of a value unless
   * said otherwise. */
  if (role == TL_ROLE_NONE && (ev->kind == TL_EVENT_READ || ev->kind == TL_EVENT_WRITE))
    role = TL_ROLE_VALUE;
  /* Most events are about the GIL, plain locks and tasks: no state here. */
  if (role >= TL_N_ROLES || !state_of_role (role, &kind))
    return;
  os = object_state (self, object, ts);

  switch ((TlEventKind) ev->kind)
    {
    case TL_EVENT_LOCK_ACQUIRE:
    case TL_EVENT_LOCK_RELEASE:
      if (role == TL_ROLE_RLOCK)
        series_set (self, os, &os->state, TL_STATE_DEPTH, ts, ev->aux);
      else if (role == TL_ROLE_SEMAPHORE)
        series_set (self, os, &os->state, TL_STATE_IN_USE, ts,
                    os->state.value + (ev->kind == TL_EVENT_LOCK_ACQUIRE ? 1 : -1));
      break;
    case TL_EVENT_WAKE:
      derive_wake (self, os, ts);
      break;
    case TL_EVENT_READ:
    case TL_EVENT_WRITE:
      derive_access (self, os, ev, ts);
      break;
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      if (role == TL_ROLE_QUEUE || role == TL_ROLE_PIPE)
        series_set (self, os, &os->state, TL_STATE_QUEUED, ts,
                    os->state.value + (ev->kind == TL_EVENT_SEND ? 1 : -1));
      break;
    default:
      /* A name: made, so its counts are known from here. */
      break;
    }
}

/* ---- which lanes are state lanes ----------------------------------------- */

static gboolean
parse_key (TlTraceModel *self,
           const char   *key,
           TlStateKind  *kind,
           guint32      *object)
{
  g_auto(GStrv) parts = NULL;
  TlObjectRole role;
  guint64 id;

  if (key == NULL || !g_str_has_prefix (key, KEY_PREFIX))
    return FALSE;
  parts = g_strsplit (key + strlen (KEY_PREFIX), ":", 3);
  if (g_strv_length (parts) != 3 || !tl_state_kind_from_string (parts[0], kind) ||
      !tl_object_role_from_string (parts[1], &role) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 0, G_MAXUINT64, &id, NULL))
    return FALSE;
  *object = tl_trace_model_lookup_object (self, role, id);
  return TRUE;
}

gboolean
tl_trace_model_get_state_lane (TlTraceModel *self,
                               guint32       lane,
                               TlStateKind  *kind,
                               guint32      *object)
{
  TlLane *l;
  TlStateKind k;
  guint32 o;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), FALSE);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (self), FALSE);

  l = _tl_trace_model_peek_lane (self, lane);
  if (l->kind != TL_LANE_COUNTER ||
      !parse_key (self, tl_trace_model_get_string (self, (guint32) l->key), &k, &o))
    return FALSE;
  if (kind != NULL)
    *kind = k;
  if (object != NULL)
    *object = o;
  return TRUE;
}

/* The lock lane @lane sits beside: its object's, in the same process. */
static guint32
beside (TlTraceModel *self,
        guint32       lane)
{
  guint32 object, lock;

  if (!tl_trace_model_get_state_lane (self, lane, NULL, &object) || object == TL_INDEX_NONE)
    return TL_INDEX_NONE;
  lock = _tl_trace_model_peek_object (self, object)->lane;
  if (lock == TL_INDEX_NONE || lock >= tl_trace_model_get_n_lanes (self) ||
      _tl_trace_model_peek_lane (self, lock)->process != _tl_trace_model_peek_lane (self, lane)->process)
    return TL_INDEX_NONE;
  return lock;
}

void
_tl_state_lanes_place (TlTraceModel *self,
                       GArray       *lanes)
{
  g_autoptr(GHashTable) followers = NULL;     /* lock lane -> GArray of its state lanes */
  g_autoptr(GArray) placed = NULL;
  g_autofree guint32 *lock_of = g_new (guint32, MAX (lanes->len, 1));

  for (guint i = 0; i < lanes->len; i++)
    {
      guint32 lane = g_array_index (lanes, guint32, i);
      GArray *list;

      lock_of[i] = _tl_trace_model_peek_lane (self, lane)->kind == TL_LANE_COUNTER
                   ? beside (self, lane) : TL_INDEX_NONE;
      if (lock_of[i] == TL_INDEX_NONE)
        continue;
      if (followers == NULL)
        followers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
      list = g_hash_table_lookup (followers, GUINT_TO_POINTER (lock_of[i]));
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (followers, GUINT_TO_POINTER (lock_of[i]), list);
        }
      g_array_append_val (list, lane);
    }
  if (followers == NULL)
    return;

  placed = g_array_sized_new (FALSE, FALSE, sizeof (guint32), lanes->len);
  for (guint i = 0; i < lanes->len; i++)
    {
      guint32 lane = g_array_index (lanes, guint32, i);
      GArray *list;

      if (lock_of[i] != TL_INDEX_NONE)
        continue;
      g_array_append_val (placed, lane);
      list = g_hash_table_lookup (followers, GUINT_TO_POINTER (lane));
      if (list != NULL)
        g_array_append_vals (placed, list->data, list->len);
    }
  memcpy (lanes->data, placed->data, (gsize) lanes->len * sizeof (guint32));
}
