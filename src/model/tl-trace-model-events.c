/* tl-trace-model-events.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From runtime events to spans, instants and flows.  Each thread lane keeps
 * its current state (track 0) and the spans it has open (holds, tasks,
 * slices); each lock keeps its holders; messages, errors and wake-ups wait
 * for their other end to make an arrow.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tl-trace-model-private.h"

typedef struct
{
  guint32 lane;          /* the holder's thread lane */
  guint32 depth;         /* re-entrant acquisitions */
  guint16 owner_track;   /* its owner span's track on the lock's lane */
  gint64  since;
} Holder;

typedef struct
{
  guint32 lock_lane;
  GArray *holders;       /* Holder */
  guint32 last_release_lane;
  gint64  last_release_ts;
  guint32 last_wake_lane;
  gint64  last_wake_ts;
} ObjectState;

typedef struct
{
  guint32 channel;
  guint64 id;
} MessageKey;

typedef struct
{
  guint32 lane;
  gint64  ts;
} Endpoint;

struct _TlEventState
{
  GPtrArray  *objects;           /* ObjectState *, per object index, NULL until used */
  GHashTable *pending_sends;     /* MessageKey -> Endpoint */
  GHashTable *pending_receives;  /* MessageKey -> Endpoint */
  GHashTable *pending_errors;    /* error id -> Endpoint */
  TlStateLanes *state_lanes;
};

static guint
message_key_hash (gconstpointer data)
{
  const MessageKey *key = data;

  return (guint) (key->id ^ (key->id >> 32)) * 0x9e3779b1u ^ key->channel;
}

static gboolean
message_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const MessageKey *x = a, *y = b;

  return x->channel == y->channel && x->id == y->id;
}

static void
object_state_free (gpointer data)
{
  ObjectState *state = data;

  if (state == NULL)
    return;
  g_array_unref (state->holders);
  g_free (state);
}

TlEventState *
_tl_event_state_new (void)
{
  TlEventState *state = g_new0 (TlEventState, 1);

  state->objects = g_ptr_array_new_with_free_func (object_state_free);
  state->pending_sends = g_hash_table_new_full (message_key_hash, message_key_equal, g_free, g_free);
  state->pending_receives = g_hash_table_new_full (message_key_hash, message_key_equal, g_free, g_free);
  state->pending_errors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  state->state_lanes = _tl_state_lanes_new ();
  return state;
}

void
_tl_event_state_free (TlEventState *state)
{
  g_ptr_array_unref (state->objects);
  g_hash_table_unref (state->pending_sends);
  g_hash_table_unref (state->pending_receives);
  g_hash_table_unref (state->pending_errors);
  _tl_state_lanes_free (state->state_lanes);
  g_free (state);
}

TlStateLanes *
_tl_trace_model_get_state_lanes (TlTraceModel *self)
{
  return _tl_trace_model_get_event_state (self)->state_lanes;
}

static ObjectState *
object_state (TlTraceModel *self,
              guint32       object)
{
  TlEventState *es = _tl_trace_model_get_event_state (self);
  ObjectState *state;

  if (es->objects->len <= object)
    g_ptr_array_set_size (es->objects, object + 1);
  state = g_ptr_array_index (es->objects, object);
  if (state == NULL)
    {
      state = g_new0 (ObjectState, 1);
      state->lock_lane = TL_INDEX_NONE;
      state->holders = g_array_new (FALSE, FALSE, sizeof (Holder));
      state->last_release_lane = TL_INDEX_NONE;
      state->last_wake_lane = TL_INDEX_NONE;
      g_ptr_array_index (es->objects, object) = state;
    }
  return state;
}

/* The object an event on @lane is about; a new object belongs to the
 * process that used it first (a GIL, a lock made by that process). */
static guint32
object_for (TlTraceModel *self,
            TlLane       *lane,
            TlObjectRole  role,
            guint64       id)
{
  guint32 index = _tl_trace_model_ensure_object (self, role, id);
  TlObject *object = _tl_trace_model_peek_object (self, index);

  if (object->pid == 0)
    object->pid = lane->pid;
  return index;
}

static TlLane *
lane_at (TlTraceModel *self,
         guint32       index)
{
  return _tl_trace_model_peek_lane (self, index);
}

/* ---- spans ------------------------------------------------------------- */

static void
append_closed (TlTraceModel *self,
               TlLane       *lane,
               guint16       track,
               TlSpan       *span)
{
  if (_tl_lane_append_span (lane, track, span))
    _tl_trace_model_count_span (self, span->kind);
}

static void
close_state (TlTraceModel *self,
             TlLane       *lane,
             gint64        ts,
             guint8        flags)
{
  TlSpan span;

  if (!lane->has_state)
    return;
  span = lane->state.span;
  span.end = ts;
  span.flags |= flags;
  /* A state that lasted no time says nothing; keep the lane lean. */
  if (span.end > span.start)
    append_closed (self, lane, 0, &span);
  lane->has_state = FALSE;
  /* Cut short by the trace's end, a wait goes on: its state too. */
  _tl_state_lanes_wait (self, &span, ts, -1, (flags & TL_SPAN_FLAG_UNCLOSED) == 0);
}

static void
open_state (TlLane     *lane,
            TlSpanKind  kind,
            guint32     ref,
            gint64      ts)
{
  memset (&lane->state, 0, sizeof lane->state);
  lane->state.span.start = ts;
  lane->state.span.kind = kind;
  lane->state.span.ref = ref;
  lane->state.track = 0;
  lane->has_state = TRUE;
}

static void
set_state (TlTraceModel *self,
           TlLane       *lane,
           TlSpanKind    kind,
           guint32       ref,
           gint64        ts,
           guint8        closing_flags)
{
  if (lane->has_state && lane->state.span.kind == kind && lane->state.span.ref == ref)
    return;
  close_state (self, lane, ts, closing_flags);
  open_state (lane, kind, ref, ts);
  _tl_state_lanes_wait (self, &lane->state.span, ts, 1, TRUE);
}

static void
open_span (TlLane     *lane,
           TlSpanKind  kind,
           guint64     key,
           guint32     ref,
           guint64     arg,
           gint64      ts)
{
  TlOpenSpan open = { { 0 }, 0, 0 };

  open.span.start = ts;
  open.span.kind = kind;
  open.span.ref = ref;
  open.span.arg = arg;
  open.key = key;
  open.track = _tl_lane_claim_track (lane, lane->kind == TL_LANE_THREAD ? 1 : 0, ts);
  g_array_append_val (lane->open, open);
}

/* How deep below the latest open span an end looks for its beginning.
 * Spans end in the reverse order they began, nearly always; a file that
 * ends a hundred thousand in the order they began would otherwise cost a
 * scan and a move of all that are open, per end.  One deeper than this
 * stays open, to be closed when its thread ends. */
#define OPEN_SCAN_MAX 256

static gint
find_open (TlLane     *lane,
           TlSpanKind  kind,
           guint64     key)
{
  guint last = lane->open->len > OPEN_SCAN_MAX ? lane->open->len - OPEN_SCAN_MAX : 0;

  for (guint i = lane->open->len; i-- > last;)
    {
      const TlOpenSpan *open = &g_array_index (lane->open, TlOpenSpan, i);

      if (open->span.kind == kind && open->key == key)
        return (gint) i;
    }
  return -1;
}

static void
close_open_at (TlTraceModel *self,
               TlLane       *lane,
               guint         index,
               gint64        ts,
               guint64       arg2,
               guint8        flags)
{
  TlOpenSpan open = g_array_index (lane->open, TlOpenSpan, index);

  g_array_remove_index (lane->open, index);
  open.span.end = ts;
  open.span.arg2 = arg2;
  open.span.flags |= flags;
  append_closed (self, lane, open.track, &open.span);
}

/* ---- locks ------------------------------------------------------------- */

static gint
find_holder (ObjectState *state,
             guint32      lane)
{
  for (guint i = 0; i < state->holders->len; i++)
    if (g_array_index (state->holders, Holder, i).lane == lane)
      return (gint) i;
  return -1;
}

static guint32
ensure_lock_lane (TlTraceModel *self,
                  guint32       object,
                  ObjectState  *state,
                  TlObjectRole  role,
                  guint32       pid)
{
  TlObject *obj = _tl_trace_model_peek_object (self, object);
  TlLane *lane;

  if (state->lock_lane != TL_INDEX_NONE)
    return state->lock_lane;

  state->lock_lane = tl_trace_model_ensure_lane (self,
                                                 role == TL_ROLE_GIL ? TL_LANE_GIL : TL_LANE_LOCK,
                                                 pid, obj->id);
  lane = lane_at (self, state->lock_lane);
  lane->object = object;
  /* The object may have moved if ensure_lane grew anything: peek again. */
  obj = _tl_trace_model_peek_object (self, object);
  obj->lane = state->lock_lane;
  if (obj->name != TL_INDEX_NONE)
    lane->name = obj->name;
  return state->lock_lane;
}

/* A lock's lane shows its current owners as open spans, as a thread's
 * lane shows what the thread holds, so that a live view draws them. */
static void
open_owner (TlLane  *lock_lane,
            guint32  holder_lane,
            guint16  track,
            gint64   ts)
{
  TlOpenSpan open = { { 0 }, 0, 0 };

  open.span.start = ts;
  open.span.kind = TL_SPAN_OWNER;
  open.span.ref = holder_lane;
  open.key = holder_lane;
  open.track = track;
  g_array_append_val (lock_lane->open, open);
}

static void
drop_open_owner (TlLane  *lock_lane,
                 guint32  holder_lane)
{
  gint index = find_open (lock_lane, TL_SPAN_OWNER, holder_lane);

  if (index >= 0)
    g_array_remove_index (lock_lane->open, (guint) index);
}

/* Ends @holder's hold: its owner span on the lock's lane and its hold span
 * on its own lane. */
static void
end_hold (TlTraceModel *self,
          guint32       object,
          ObjectState  *state,
          guint         holder_index,
          gint64        ts,
          guint8        flags)
{
  Holder holder = g_array_index (state->holders, Holder, holder_index);
  TlLane *thread = lane_at (self, holder.lane);
  TlSpan owner = { 0 };
  gint open;

  g_array_remove_index (state->holders, holder_index);
  drop_open_owner (lane_at (self, state->lock_lane), holder.lane);

  owner.start = holder.since;
  owner.end = ts;
  owner.ref = holder.lane;
  owner.kind = TL_SPAN_OWNER;
  owner.flags = flags;
  append_closed (self, lane_at (self, state->lock_lane), holder.owner_track, &owner);

  open = find_open (thread, TL_SPAN_HOLD_LOCK, object);
  if (open < 0)
    open = find_open (thread, TL_SPAN_HOLD_GIL, object);
  if (open >= 0)
    close_open_at (self, thread, (guint) open, ts, 0, flags);

  state->last_release_lane = holder.lane;
  state->last_release_ts = ts;
}

static gboolean
waiting_on (TlLane  *lane,
            guint32  object)
{
  return lane->has_state && lane->state.span.ref == object &&
         (lane->state.span.kind == TL_SPAN_WAIT_LOCK || lane->state.span.kind == TL_SPAN_WAIT_GIL ||
          lane->state.span.kind == TL_SPAN_WAIT_SEMAPHORE);
}

static void
acquire (TlTraceModel       *self,
         TlLane             *lane,
         const TlModelEvent *ev,
         gint64              ts)
{
  TlObjectRole role = ev->role;
  guint32 object = object_for (self, lane, role, ev->object);
  ObjectState *state = object_state (self, object);
  guint32 lock_lane = ensure_lock_lane (self, object, state, role, lane->pid);
  gint index = find_holder (state, lane->index);
  gboolean waited = waiting_on (lane, object);
  Holder holder;

  if (index >= 0)
    {
      g_array_index (state->holders, Holder, index).depth++;
    }
  else
    {
      if (state->holders->len > 0 && role != TL_ROLE_SEMAPHORE)
        tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_DOUBLE_OWNER, ts,
                                    _("A lock was acquired while another thread held it"));

      holder.lane = lane->index;
      holder.depth = 1;
      holder.since = ts;
      holder.owner_track = _tl_lane_claim_track (lane_at (self, lock_lane), 0, ts);
      g_array_append_val (state->holders, holder);
      open_owner (lane_at (self, lock_lane), lane->index, holder.owner_track, ts);

      open_span (lane, role == TL_ROLE_GIL ? TL_SPAN_HOLD_GIL : TL_SPAN_HOLD_LOCK,
                 object, object, ev->aux, ts);

      if (waited && state->last_release_lane != TL_INDEX_NONE &&
          state->last_release_lane != lane->index)
        {
          TlFlow flow = { 0 };

          flow.from_ts = state->last_release_ts;
          flow.to_ts = ts;
          flow.from_lane = state->last_release_lane;
          flow.to_lane = lane->index;
          flow.ref = object;
          flow.kind = TL_FLOW_HANDOVER;
          _tl_trace_model_add_flow (self, &flow);
        }
    }

  if (waited)
    set_state (self, lane, TL_SPAN_RUNNING, TL_INDEX_NONE, ts, ev->flags & TL_FLAG_TIMEOUT ? TL_SPAN_FLAG_TIMEOUT : 0);
  _tl_state_lanes_derive (self, object, ev, ts);
}

static void
release (TlTraceModel       *self,
         TlLane             *lane,
         const TlModelEvent *ev,
         gint64              ts)
{
  guint32 object = object_for (self, lane, ev->role, ev->object);
  ObjectState *state = object_state (self, object);
  gint index = find_holder (state, lane->index);
  Holder *holder;

  /* A semaphore may be released by another thread than took it. */
  _tl_state_lanes_derive (self, object, ev, ts);
  if (index < 0)
    {
      tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_NOT_OWNER, ts,
                                  _("A lock was released by a thread that did not hold it"));
      return;
    }
  holder = &g_array_index (state->holders, Holder, index);
  if (--holder->depth > 0)
    return;
  end_hold (self, object, state, (guint) index, ts, 0);
}

/* ---- ends of a lane ------------------------------------------------------ */

/* Closes everything @lane has open at @ts: what it holds (releasing the
 * locks), its tasks and slices, and its state. */
static void
close_lane (TlTraceModel *self,
            TlLane       *lane,
            gint64        ts,
            guint8        flags,
            gboolean      warn)
{
  TlEventState *es = _tl_trace_model_get_event_state (self);

  while (lane->open->len > 0)
    {
      guint last = lane->open->len - 1;
      TlOpenSpan *open = &g_array_index (lane->open, TlOpenSpan, last);

      if (warn)
        tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, ts,
                                    _("A span was still open when its thread ended"));

      if ((open->span.kind == TL_SPAN_HOLD_LOCK || open->span.kind == TL_SPAN_HOLD_GIL) &&
          open->span.ref < es->objects->len && g_ptr_array_index (es->objects, open->span.ref) != NULL)
        {
          guint32 object = open->span.ref;
          ObjectState *state = g_ptr_array_index (es->objects, object);
          gint holder = find_holder (state, lane->index);

          if (holder >= 0)
            {
              end_hold (self, object, state, (guint) holder, ts, flags);
              continue;
            }
        }
      close_open_at (self, lane, last, ts, 0, flags);
    }
  close_state (self, lane, ts, flags);
}

static void
close_process_lanes (TlTraceModel *self,
                     guint32       pid,
                     gint64        ts,
                     guint8        flags)
{
  guint32 process = tl_trace_model_lookup_process (self, pid);
  const guint32 *lanes;
  guint n_lanes;

  if (process == TL_INDEX_NONE)
    return;
  lanes = tl_trace_model_get_process_lanes (self, process, &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      TlLane *lane = lane_at (self, lanes[i]);

      if (lane->kind == TL_LANE_THREAD && !lane->ended)
        {
          close_lane (self, lane, ts, flags, FALSE);
          lane->ended = TRUE;
        }
    }
}

void
_tl_trace_model_close_open (TlTraceModel *self,
                            gint64        end_ts)
{
  TlEventState *es = _tl_trace_model_get_event_state (self);
  guint n_lanes = tl_trace_model_get_n_lanes (self);
  guint unmatched;

  for (guint i = 0; i < n_lanes; i++)
    {
      TlLane *lane = lane_at (self, i);

      if (lane->kind != TL_LANE_THREAD)
        continue;
      if (lane->open->len > 0)
        tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, end_ts,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%u span was still open when the trace ended",
                                                 "%u spans were still open when the trace ended",
                                                 lane->open->len),
                                    lane->open->len);
      close_lane (self, lane, MAX (end_ts, lane->last_ts), TL_SPAN_FLAG_UNCLOSED, FALSE);
    }

  unmatched = g_hash_table_size (es->pending_receives);
  if (unmatched > 0)
    tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, TL_TS_NONE,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%u message was received but never sent",
                                             "%u messages were received but never sent", unmatched),
                                unmatched);
  g_hash_table_remove_all (es->pending_receives);
}

/* ---- messages, errors, wake-ups ----------------------------------------- */

static void
add_flow (TlTraceModel *self,
          TlFlowKind    kind,
          Endpoint      from,
          Endpoint      to,
          guint32       ref,
          guint64       id)
{
  TlFlow flow = { 0 };

  flow.from_ts = from.ts;
  flow.to_ts = to.ts;
  flow.from_lane = from.lane;
  flow.to_lane = to.lane;
  flow.ref = ref;
  flow.id = id;
  flow.kind = kind;
  _tl_trace_model_add_flow (self, &flow);
}

static void
match_message (TlTraceModel *self,
               gboolean      is_send,
               guint32       channel,
               guint64       id,
               Endpoint      here)
{
  TlEventState *es = _tl_trace_model_get_event_state (self);
  MessageKey key = { channel, id };
  GHashTable *other = is_send ? es->pending_receives : es->pending_sends;
  GHashTable *mine = is_send ? es->pending_sends : es->pending_receives;
  Endpoint *found = g_hash_table_lookup (other, &key);

  if (found != NULL)
    {
      if (is_send)
        add_flow (self, TL_FLOW_MESSAGE, here, *found, channel, id);
      else
        add_flow (self, TL_FLOW_MESSAGE, *found, here, channel, id);
      g_hash_table_remove (other, &key);
      return;
    }
  g_hash_table_insert (mine, g_memdup2 (&key, sizeof key), g_memdup2 (&here, sizeof here));
}

static void
add_instant (TlTraceModel       *self,
             TlLane             *lane,
             const TlModelEvent *ev,
             gint64              ts,
             guint32             ref,
             TlObjectRole        role,
             guint64             arg)
{
  TlInstant instant;

  instant.ts = ts;
  instant.arg = arg;
  instant.ref = ref;
  instant.kind = ev->kind;
  instant.role = role;
  instant.flags = ev->flags;
  _tl_trace_model_add_instant (self, lane, &instant);
}

static guint32
text_ref (TlTraceModel *self,
          guint64       text_id)
{
  return _tl_trace_model_text_string (self, text_id);
}

static void
handle_name (TlTraceModel       *self,
             TlLane             *lane,
             const TlModelEvent *ev)
{
  guint32 string = tl_trace_model_intern (self, ev->text != NULL ? ev->text : "",
                                          ev->text != NULL ? (gssize) ev->text_len : 0);

  switch ((TlObjectRole) ev->role)
    {
    case TL_ROLE_TEXT:
      _tl_trace_model_set_text (self, ev->object, string);
      break;
    case TL_ROLE_PROCESS:
      tl_trace_model_set_process_name (self, (guint32) ev->object, string);
      break;
    case TL_ROLE_MACHINERY:
      tl_trace_model_set_process_machinery (self, (guint32) ev->object, TRUE);
      break;
    case TL_ROLE_THREAD:
      tl_trace_model_set_lane_name (self,
                                    tl_trace_model_ensure_thread_lane (self, lane->pid,
                                                                       (guint32) ev->object),
                                    string);
      break;
    case TL_ROLE_NONE:
    case TL_ROLE_MUTEX:
    case TL_ROLE_RLOCK:
    case TL_ROLE_GIL:
    case TL_ROLE_CONDITION:
    case TL_ROLE_SEMAPHORE:
    case TL_ROLE_EVENT:
    case TL_ROLE_BARRIER:
    case TL_ROLE_QUEUE:
    case TL_ROLE_PIPE:
    case TL_ROLE_VALUE:
    case TL_ROLE_TASK:
    case TL_ROLE_ERROR:
    case TL_ROLE_STEP:
    case TL_ROLE_MANAGER:
    case TL_ROLE_SHARED_MEMORY:
    case TL_N_ROLES:
    default:
      if (ev->role < TL_N_ROLES)
        {
          guint32 object = object_for (self, lane, ev->role, ev->object);

          tl_trace_model_set_object_name (self, object, string);
          _tl_state_lanes_derive (self, object, ev, lane->last_ts);
        }
      break;
    }
}

static TlSpanKind
wait_kind_for_role (TlObjectRole role)
{
  switch (role)
    {
    case TL_ROLE_CONDITION:
      return TL_SPAN_WAIT_CONDITION;
    case TL_ROLE_SEMAPHORE:
      return TL_SPAN_WAIT_SEMAPHORE;
    case TL_ROLE_EVENT:
      return TL_SPAN_WAIT_EVENT;
    case TL_ROLE_BARRIER:
      return TL_SPAN_WAIT_BARRIER;
    case TL_ROLE_PROCESS:
    case TL_ROLE_THREAD:
      return TL_SPAN_WAIT_JOIN;
    case TL_ROLE_QUEUE:
    case TL_ROLE_PIPE:
    case TL_ROLE_MANAGER:
      return TL_SPAN_WAIT_QUEUE;
    case TL_ROLE_MUTEX:
    case TL_ROLE_RLOCK:
      return TL_SPAN_WAIT_LOCK;
    case TL_ROLE_GIL:
      return TL_SPAN_WAIT_GIL;
    case TL_ROLE_NONE:
    case TL_ROLE_VALUE:
    case TL_ROLE_TASK:
    case TL_ROLE_TEXT:
    case TL_ROLE_ERROR:
    case TL_ROLE_STEP:
    case TL_ROLE_SHARED_MEMORY:
    case TL_ROLE_MACHINERY:
    case TL_N_ROLES:
    default:
      return TL_SPAN_WAIT_OTHER;
    }
}

static void
wait_end (TlTraceModel       *self,
          TlLane             *lane,
          const TlModelEvent *ev,
          gint64              ts)
{
  guint32 object = object_for (self, lane, ev->role, ev->object);
  ObjectState *state = object_state (self, object);
  gboolean waiting = lane->has_state && lane->state.span.kind != TL_SPAN_RUNNING;

  if (waiting && state->last_wake_lane != TL_INDEX_NONE && state->last_wake_lane != lane->index &&
      state->last_wake_ts >= lane->state.span.start)
    add_flow (self, TL_FLOW_WAKE,
              (Endpoint) { state->last_wake_lane, state->last_wake_ts },
              (Endpoint) { lane->index, ts }, object, 0);

  set_state (self, lane, TL_SPAN_RUNNING, TL_INDEX_NONE, ts,
             ev->flags & TL_FLAG_TIMEOUT ? TL_SPAN_FLAG_TIMEOUT : 0);
}

/* ---- the dispatcher ----------------------------------------------------- */

/* Names, starts, exits and crashes.  Returns whether @ev was one. */
static gboolean
derive_lifecycle (TlTraceModel       *self,
                  TlLane             *lane,
                  const TlModelEvent *ev,
                  gint64              ts)
{
  switch ((TlEventKind) ev->kind)
    {
    case TL_EVENT_NAME:
      handle_name (self, lane, ev);
      return TRUE;

    case TL_EVENT_PROCESS_START:
      {
        guint32 process = tl_trace_model_ensure_process (self, (guint32) ev->object);

        ((TlProcess *) tl_trace_model_get_process (self, process))->start_ts = ts;
        tl_trace_model_set_process_parent (self, (guint32) ev->object, (guint32) ev->arg);
        add_instant (self, lane, ev, ts, TL_INDEX_NONE, TL_ROLE_PROCESS, ev->object);
      }
      return TRUE;

    case TL_EVENT_PROCESS_EXIT:
    case TL_EVENT_CRASH:
      if (ev->kind == TL_EVENT_CRASH)
        tl_trace_model_set_process_exit (self, (guint32) ev->object, ts, (gint32) ev->arg, TRUE);
      else
        tl_trace_model_set_process_exit (self, (guint32) ev->object, ts, (gint32) ev->arg,
                                         (ev->flags & TL_FLAG_SIGNALED) != 0);
      if (ev->flags & TL_FLAG_STOPPED)
        tl_trace_model_set_process_stopped (self, (guint32) ev->object, TRUE);
      add_instant (self, lane, ev, ts, TL_INDEX_NONE, TL_ROLE_PROCESS, ev->object);
      /* Seen by another process (a parent's join): the process is gone. */
      if ((guint32) ev->object != lane->pid)
        close_process_lanes (self, (guint32) ev->object, ts, TL_SPAN_FLAG_CUT);
      return TRUE;

    case TL_EVENT_THREAD_START:
      add_instant (self, lane, ev, ts, TL_INDEX_NONE, TL_ROLE_THREAD, ev->object);
      return TRUE;

    case TL_EVENT_THREAD_EXIT:
      add_instant (self, lane, ev, ts, TL_INDEX_NONE, TL_ROLE_THREAD, ev->object);
      close_lane (self, lane, ts, 0, TRUE);
      lane->ended = TRUE;
      return TRUE;

    default:
      return FALSE;
    }
}

/* Locks, waits, wake-ups, sleeps and I/O: the thread's state. */
static gboolean
derive_state (TlTraceModel       *self,
              TlLane             *lane,
              const TlModelEvent *ev,
              gint64              ts)
{
  guint32 object;

  switch ((TlEventKind) ev->kind)
    {
    case TL_EVENT_LOCK_WAIT:
      object = object_for (self, lane, ev->role, ev->object);
      set_state (self, lane, ev->role == TL_ROLE_GIL ? TL_SPAN_WAIT_GIL : wait_kind_for_role (ev->role),
                 object, ts, 0);
      return TRUE;

    case TL_EVENT_LOCK_ACQUIRE:
      acquire (self, lane, ev, ts);
      return TRUE;

    case TL_EVENT_LOCK_RELEASE:
      release (self, lane, ev, ts);
      return TRUE;

    case TL_EVENT_WAIT_BEGIN:
      object = object_for (self, lane, ev->role, ev->object);
      set_state (self, lane, wait_kind_for_role (ev->role), object, ts, 0);
      return TRUE;

    case TL_EVENT_WAIT_END:
      wait_end (self, lane, ev, ts);
      return TRUE;

    case TL_EVENT_WAKE:
      object = object_for (self, lane, ev->role, ev->object);
      object_state (self, object)->last_wake_lane = lane->index;
      object_state (self, object)->last_wake_ts = ts;
      add_instant (self, lane, ev, ts, object, ev->role, ev->arg);
      _tl_state_lanes_derive (self, object, ev, ts);
      return TRUE;

    case TL_EVENT_SLEEP_BEGIN:
      set_state (self, lane, TL_SPAN_SLEEP, TL_INDEX_NONE, ts, 0);
      return TRUE;

    case TL_EVENT_IO_BEGIN:
      set_state (self, lane, TL_SPAN_IO, TL_INDEX_NONE, ts, 0);
      return TRUE;

    case TL_EVENT_SLEEP_END:
    case TL_EVENT_IO_END:
      set_state (self, lane, TL_SPAN_RUNNING, TL_INDEX_NONE, ts, 0);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
raise_error (TlTraceModel       *self,
             TlLane             *lane,
             const TlModelEvent *ev,
             gint64              ts)
{
  TlEventState *es = _tl_trace_model_get_event_state (self);
  Endpoint here = { lane->index, ts };
  guint64 id = ev->object;
  guint32 object = object_for (self, lane, TL_ROLE_ERROR, ev->object);

  add_instant (self, lane, ev, ts, object, TL_ROLE_ERROR, text_ref (self, ev->arg));
  g_hash_table_insert (es->pending_errors, g_memdup2 (&id, sizeof id),
                       g_memdup2 (&here, sizeof here));
}

static void
report_error (TlTraceModel       *self,
              TlLane             *lane,
              const TlModelEvent *ev,
              gint64              ts)
{
  TlEventState *es = _tl_trace_model_get_event_state (self);
  Endpoint *raised = g_hash_table_lookup (es->pending_errors, &ev->object);
  guint32 object = object_for (self, lane, TL_ROLE_ERROR, ev->object);

  add_instant (self, lane, ev, ts, object, TL_ROLE_ERROR, ev->arg);
  if (raised != NULL)
    add_flow (self, TL_FLOW_ERROR, *raised, (Endpoint) { lane->index, ts }, object, ev->object);
  else
    tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, ts,
                                _("An error was reported that was never raised"));
}

/* Messages, shared values, prints, marks and errors: what passes between
 * threads, or out of them. */
static gboolean
derive_exchange (TlTraceModel       *self,
                 TlLane             *lane,
                 const TlModelEvent *ev,
                 gint64              ts)
{
  guint32 object;

  switch ((TlEventKind) ev->kind)
    {
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      object = object_for (self, lane, ev->role, ev->object);
      add_instant (self, lane, ev, ts, object, ev->role, ev->arg);
      match_message (self, ev->kind == TL_EVENT_SEND, object, ev->arg,
                     (Endpoint) { lane->index, ts });
      _tl_state_lanes_derive (self, object, ev, ts);
      return TRUE;

    case TL_EVENT_READ:
    case TL_EVENT_WRITE:
      object = object_for (self, lane, ev->role ? ev->role : TL_ROLE_VALUE, ev->object);
      add_instant (self, lane, ev, ts, object, ev->role ? ev->role : TL_ROLE_VALUE, ev->arg);
      _tl_state_lanes_derive (self, object, ev, ts);
      return TRUE;

    case TL_EVENT_PRINT:
    case TL_EVENT_MARK:
      add_instant (self, lane, ev, ts, text_ref (self, ev->object), TL_ROLE_TEXT, ev->arg);
      return TRUE;

    case TL_EVENT_ERROR_RAISED:
      raise_error (self, lane, ev, ts);
      return TRUE;

    case TL_EVENT_ERROR_REPORTED:
      report_error (self, lane, ev, ts);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
add_counter_sample (TlTraceModel       *self,
                    TlLane             *lane,
                    const TlModelEvent *ev,
                    gint64              ts)
{
  guint32 name = text_ref (self, ev->object);
  double value;
  guint32 counter;

  memcpy (&value, &ev->arg, sizeof value);
  counter = tl_trace_model_ensure_lane (self, TL_LANE_COUNTER, lane->pid, name);
  if (name != TL_INDEX_NONE)
    tl_trace_model_set_lane_name (self, counter, name);
  tl_trace_model_add_counter_sample (self, counter, ts, value);
}

/* Tasks, slices and counters: what a thread works on. */
static gboolean
derive_work (TlTraceModel       *self,
             TlLane             *lane,
             const TlModelEvent *ev,
             gint64              ts)
{
  gint open;

  switch ((TlEventKind) ev->kind)
    {
    case TL_EVENT_TASK_BEGIN:
      open_span (lane, TL_SPAN_TASK, ev->object, object_for (self, lane, TL_ROLE_TASK, ev->object),
                 ev->arg, ts);
      return TRUE;

    case TL_EVENT_TASK_END:
      open = find_open (lane, TL_SPAN_TASK, ev->object);
      if (open < 0)
        tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, ts,
                                    _("A task ended that had not begun on its thread"));
      else
        close_open_at (self, lane, (guint) open, ts, ev->arg,
                       ev->flags & TL_FLAG_FAILED ? TL_SPAN_FLAG_FAILED : 0);
      return TRUE;

    case TL_EVENT_SLICE_BEGIN:
      open_span (lane, TL_SPAN_SLICE, ++lane->slice_depth, text_ref (self, ev->object), ev->arg, ts);
      return TRUE;

    case TL_EVENT_SLICE_END:
      open = find_open (lane, TL_SPAN_SLICE, lane->slice_depth);
      if (open < 0)
        {
          tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, ts,
                                      _("A slice ended that had not begun"));
        }
      else
        {
          close_open_at (self, lane, (guint) open, ts, ev->arg, 0);
          lane->slice_depth--;
        }
      return TRUE;

    case TL_EVENT_COUNTER:
      add_counter_sample (self, lane, ev, ts);
      return TRUE;

    default:
      return FALSE;
    }
}

void
_tl_trace_model_derive (TlTraceModel       *self,
                        TlLane             *lane,
                        const TlModelEvent *ev)
{
  gint64 ts = ev->ts;

  if (lane->last_ts != TL_TS_NONE && ts < lane->last_ts)
    {
      tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_TIME_BACKWARDS, ts,
                                  _("Events of a thread went back in time; they were moved forward"));
      ts = lane->last_ts;
    }
  lane->last_ts = ts;
  _tl_trace_model_see_ts (self, ts);

  /* A thread that records is running, until it says otherwise. */
  if (!lane->has_state && !lane->ended)
    open_state (lane, TL_SPAN_RUNNING, TL_INDEX_NONE, ts);

  if (ev->kind == TL_EVENT_LINE)
    _tl_lane_derive_line (lane, ts, ev->object);
  else if (!derive_lifecycle (self, lane, ev, ts) && !derive_state (self, lane, ev, ts) &&
           !derive_exchange (self, lane, ev, ts) && !derive_work (self, lane, ev, ts))
    tl_trace_model_add_warning (self, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT, ts,
                                _("An event of unknown kind %u was ignored"), ev->kind);
}
