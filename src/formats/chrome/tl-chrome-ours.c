/* tl-chrome-ours.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Our own vocabulary in Chrome JSON, read back: what tl-chrome-writer.c
 * says in the args of events of category "threadline" (listed in
 * tl-chrome-private.h) that Chrome's phases cannot say: span kinds and
 * what they refer to, instants' kinds and objects, flow kinds, lock, GIL,
 * counter and async lanes as pseudo-threads, names made up for viewers,
 * processes' lives, and runtime event counts.  Nothing else of the
 * importer looks at those args.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <string.h>

#include "tl-bookmarks.h"
#include "tl-chrome-import-private.h"
#include "tl-trace-model-code.h"

/* An object our own files describe with obj_role, obj_id and obj_name. */
static guint32
event_object (TlChromeImport      *self,
              const TlChromeEvent *event)
{
  const char *role_name = _tl_chrome_event_arg_string (event, "obj_role");
  const char *name = _tl_chrome_event_arg_string (event, "obj_name");
  TlObjectRole role;
  guint32 object;

  if (role_name == NULL)
    return TL_INDEX_NONE;
  if (!tl_object_role_from_string (role_name, &role))
    {
      _tl_chrome_import_bad_event (self, event, "an object of unknown role");
      return TL_INDEX_NONE;
    }
  object = tl_trace_model_ensure_object (self->model, role, _tl_chrome_event_arg_u64 (event, "obj_id"));
  if (name != NULL)
    tl_trace_model_set_object_name (self->model, object, _tl_chrome_import_intern (self, name));
  return object;
}

/* A name, or none when the writer said it had none. */
static guint32
event_text (TlChromeImport      *self,
            const TlChromeEvent *event)
{
  return _tl_chrome_event_arg_true (event, "ref_none") ? TL_INDEX_NONE
                                                       : _tl_chrome_import_name (self, event);
}

/* ---- X: spans of any kind ------------------------------------------------ */

static guint32
call_text (TlChromeImport      *self,
           const TlChromeEvent *event,
           const char          *key)
{
  const char *text = _tl_chrome_event_arg_string (event, key);

  return text != NULL ? _tl_chrome_import_intern_text (self, text, strlen (text)) : TL_INDEX_NONE;
}

/* What a span refers to, by what its kind refers to. */
static gboolean
span_ref (TlChromeImport      *self,
          const TlChromeEvent *event,
          TlSpan              *span)
{
  guint64 pid, tid;

  switch (tl_span_kind_ref (span->kind))
    {
    case TL_SPAN_REF_STRING:
      span->ref = event_text (self, event);
      return TRUE;
    case TL_SPAN_REF_LANE:
      if (!_tl_chrome_event_arg_wrapped (event, "owner_pid", &pid) ||
          !_tl_chrome_event_arg_wrapped (event, "owner_tid", &tid))
        {
          _tl_chrome_import_bad_event (self, event, "a lock owner span without its owner");
          return FALSE;
        }
      span->ref = _tl_chrome_import_ensure_lane (self, TL_LANE_THREAD, (guint32) pid, tid, event->ts);
      return TRUE;
    case TL_SPAN_REF_OBJECT:
    default:
      span->ref = event_object (self, event);
      return TRUE;
    }
}

static void
import_span (TlChromeImport      *self,
             const TlChromeEvent *event)
{
  const char *kind = _tl_chrome_event_arg_string (event, "kind");
  guint32 lane = _tl_chrome_import_lane (self, event);
  TlSpan span = { 0 };
  TlSpanKind span_kind;

  if (lane == TL_INDEX_NONE || !_tl_chrome_import_span_times (self, event, &span))
    return;
  span.kind = TL_SPAN_SLICE;
  if (kind != NULL && !tl_span_kind_from_string (kind, &span_kind))
    _tl_chrome_import_bad_event (self, event, "a span of unknown kind, taken as a slice");
  else if (kind != NULL)
    span.kind = span_kind;
  span.arg = _tl_chrome_event_arg_u64 (event, "arg");
  span.arg2 = _tl_chrome_event_arg_u64 (event, "arg2");
  /* A call's texts travel as texts, not as string ids. */
  span.flags = (guint8) _tl_chrome_event_arg_u64 (event, "flags") & ~TL_SPAN_FLAG_CALL_TEXT;
  if (span.kind == TL_SPAN_SLICE)
    tl_trace_model_set_span_call (self->model, &span, call_text (self, event, "call_args"),
                                  call_text (self, event, "call_result"));
  if (span_ref (self, event, &span))
    tl_trace_model_add_span (self->model, lane, &span);
}

/* ---- i: instants of any kind, and bookmarks ------------------------------ */

/* A teacher's mark on the whole trace, not on a lane. */
static void
import_bookmark (TlChromeImport      *self,
                 const TlChromeEvent *event)
{
  const char *note = (event->flags & TL_CHROME_HAS_NAME) ? _tl_chrome_event_str (event, event->name) : NULL;

  if (!(event->flags & TL_CHROME_HAS_TS))
    {
      _tl_chrome_import_bad_event (self, event, "a bookmark without a time");
      return;
    }
  tl_trace_model_add_bookmark (self->model, event->ts, note);
}

static void
import_instant (TlChromeImport      *self,
                const TlChromeEvent *event)
{
  const char *kind = _tl_chrome_event_arg_string (event, "kind");
  const char *role = _tl_chrome_event_arg_string (event, "role");
  guint32 lane;
  TlInstant instant = { 0 };
  TlEventKind event_kind;
  TlObjectRole object_role;

  if (g_strcmp0 (kind, TL_CHROME_BOOKMARK) == 0)
    {
      import_bookmark (self, event);
      return;
    }
  lane = _tl_chrome_import_lane (self, event);
  if (lane == TL_INDEX_NONE)
    return;
  instant.ts = event->ts;
  instant.kind = TL_EVENT_MARK;
  instant.role = TL_ROLE_TEXT;
  if (kind != NULL && tl_event_kind_from_string (kind, &event_kind))
    instant.kind = event_kind;
  else if (kind != NULL)
    _tl_chrome_import_bad_event (self, event, "an instant of unknown kind, taken as a mark");
  if (role != NULL && tl_object_role_from_string (role, &object_role))
    instant.role = object_role;
  instant.arg = _tl_chrome_event_arg_u64 (event, "arg");
  instant.flags = (guint8) _tl_chrome_event_arg_u64 (event, "flags");
  if (instant.role == TL_ROLE_TEXT)
    instant.ref = event_text (self, event);
  else
    instant.ref = event_object (self, event);
  /* An error's message is a string of the model, not a number. */
  if (instant.kind == TL_EVENT_ERROR_RAISED && instant.role == TL_ROLE_ERROR)
    {
      const char *message = _tl_chrome_event_arg_string (event, "message");

      instant.arg = message != NULL ? _tl_chrome_import_intern (self, message) : TL_INDEX_NONE;
    }
  tl_trace_model_add_instant (self->model, lane, &instant);
}

/* ---- C: one counter's sample --------------------------------------------- */

static void
import_sample (TlChromeImport      *self,
               const TlChromeEvent *event)
{
  const TlChromeArg *arg = _tl_chrome_event_find_arg (event, "value");
  const char *name = _tl_chrome_event_str (event, event->name);
  guint32 lane;
  double value;

  if (arg == NULL || !_tl_chrome_event_arg_double (event, arg, &value))
    {
      _tl_chrome_import_bad_event (self, event, "a counter sample without a value");
      return;
    }
  lane = _tl_chrome_ours_pseudo_lane (self, event->pid, event->tid);
  if (lane == TL_INDEX_NONE ||
      tl_lane_get_kind (tl_trace_model_get_lane (self->model, lane)) != TL_LANE_COUNTER)
    lane = _tl_chrome_import_counter_lane (self, event->pid, name, event->ts);
  if (lane != TL_INDEX_NONE)
    tl_trace_model_add_counter_sample (self->model, lane, event->ts, value);
}

/* ---- s: flows of any kind ------------------------------------------------- */

static void
import_flow_start (TlChromeImport      *self,
                   const TlChromeEvent *event)
{
  const char *kind = _tl_chrome_event_arg_string (event, "kind");
  TlFlowKind flow_kind = TL_FLOW_GENERIC;
  guint64 id = event->id_value;

  if (kind != NULL && !tl_flow_kind_from_string (kind, &flow_kind))
    flow_kind = TL_FLOW_GENERIC;
  if (_tl_chrome_event_find_arg (event, "id") != NULL)
    id = _tl_chrome_event_arg_u64 (event, "id");
  _tl_chrome_import_mark_flow (self, event, flow_kind, id, event_object (self, event));
}

/* ---- M: pseudo-threads, made-up names, processes' lives ----------------- */

static guint64
pseudo_key (guint32 pid,
            guint64 tid)
{
  return (guint64) pid << 32 | (tid & 0xffffffffu);
}

guint32
_tl_chrome_ours_pseudo_lane (TlChromeImport *self,
                             guint32         pid,
                             guint64         tid)
{
  guint64 key;
  gpointer found;

  if (tid > G_MAXUINT32 || g_hash_table_size (self->pseudo) == 0)
    return TL_INDEX_NONE;
  key = pseudo_key (pid, tid);
  found = g_hash_table_lookup (self->pseudo, &key);
  return found != NULL ? GPOINTER_TO_UINT (found) - 1 : TL_INDEX_NONE;
}

/* Whether a name is the lane's or process's own, or one made up for
 * viewers ("named": false). */
static gboolean
is_named (const TlChromeEvent *event)
{
  return _tl_chrome_event_find_arg (event, "named") == NULL || _tl_chrome_event_arg_true (event, "named");
}

/* A pseudo-thread: a lock, GIL, counter or async lane, or a further track
 * of a lane whose spans do not nest ("track"). */
static void
import_pseudo_thread (TlChromeImport      *self,
                      const TlChromeEvent *event,
                      const char          *lane_kind)
{
  static const TlLaneKind kinds[] = {
    TL_LANE_THREAD, TL_LANE_LOCK, TL_LANE_GIL, TL_LANE_COUNTER, TL_LANE_ASYNC
  };
  const char *name = _tl_chrome_event_arg_string (event, "name");
  gboolean extra_track = _tl_chrome_event_find_arg (event, "track") != NULL;
  TlLaneKind kind = TL_N_LANE_KINDS;
  guint64 key, pk;
  guint32 lane;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (lane_kind, tl_lane_kind_to_string (kinds[i])) == 0)
      kind = kinds[i];
  if (kind == TL_N_LANE_KINDS || event->tid > G_MAXUINT32)
    {
      _tl_chrome_import_bad_event (self, event, "a pseudo-thread of unknown kind");
      return;
    }

  if (kind == TL_LANE_COUNTER || kind == TL_LANE_ASYNC)
    {
      const char *text = _tl_chrome_event_arg_string (event, "key_text");

      key = text != NULL ? _tl_chrome_import_intern (self, text) : TL_INDEX_NONE;
    }
  else
    {
      key = _tl_chrome_event_arg_u64 (event, "key");
    }

  lane = _tl_chrome_import_ensure_lane (self, kind, event->pid, key, TL_TS_NONE);
  if (lane == TL_INDEX_NONE)
    return;
  if (!extra_track)
    {
      if (kind == TL_LANE_LOCK || kind == TL_LANE_GIL)
        {
          /* The lock's object, tied to its lane both ways. */
          guint32 object = event_object (self, event);

          if (object != TL_INDEX_NONE)
            tl_trace_model_set_lane_object (self->model, lane, object);
        }
      if (name != NULL && is_named (event))
        tl_trace_model_set_lane_name (self->model, lane, _tl_chrome_import_intern (self, name));
    }

  pk = pseudo_key (event->pid, event->tid);
  g_hash_table_insert (self->pseudo, g_memdup2 (&pk, sizeof pk), GUINT_TO_POINTER (lane + 1));
  self->cache_valid = FALSE;
}

static gboolean
in_range (gint64 ts)
{
  return ts >= TL_FORMAT_TS_MIN && ts <= TL_FORMAT_TS_MAX;
}

static void
import_process_life (TlChromeImport      *self,
                     const TlChromeEvent *event)
{
  gint64 status = 0, exit_ts = TL_TS_NONE, start_ts;

  if (!_tl_chrome_import_ensure_process (self, event->pid, TL_TS_NONE))
    return;
  if (_tl_chrome_event_arg_int64 (event, "start_ts", 3, &start_ts) && in_range (start_ts))
    tl_trace_model_set_process_start (self->model, event->pid, start_ts);
  if (_tl_chrome_event_find_arg (event, "parent") != NULL)
    tl_trace_model_set_process_parent (self->model, event->pid,
                                       (guint32) _tl_chrome_event_arg_u64 (event, "parent"));
  if (_tl_chrome_event_arg_true (event, "exited"))
    {
      _tl_chrome_event_arg_int64 (event, "status", 0, &status);
      if (!_tl_chrome_event_arg_int64 (event, "exit_ts", 3, &exit_ts) || !in_range (exit_ts))
        exit_ts = TL_TS_NONE;
      tl_trace_model_set_process_exit (self->model, event->pid, exit_ts, (gint32) status,
                                       _tl_chrome_event_arg_true (event, "signaled"));
      if (_tl_chrome_event_arg_true (event, "stopped"))
        tl_trace_model_set_process_stopped (self->model, event->pid, TRUE);
    }
  if (_tl_chrome_event_arg_true (event, "machinery"))
    tl_trace_model_set_process_machinery (self->model, event->pid, TRUE);
}

static gboolean
import_metadata (TlChromeImport      *self,
                 const TlChromeEvent *event)
{
  const char *lane_kind;

  if (_tl_chrome_event_name_is (event, "thread_name"))
    {
      if ((lane_kind = _tl_chrome_event_arg_string (event, "lane")) != NULL)
        import_pseudo_thread (self, event, lane_kind);
      else if (!is_named (event))
        _tl_chrome_import_lane (self, event);
      else
        return FALSE;
      return TRUE;
    }
  if (_tl_chrome_event_name_is (event, "process_name") && !is_named (event))
    {
      _tl_chrome_import_ensure_process (self, event->pid, TL_TS_NONE);
      return TRUE;
    }
  if (_tl_chrome_event_name_is (event, "threadline_process"))
    {
      import_process_life (self, event);
      return TRUE;
    }
  return FALSE;
}

gboolean
_tl_chrome_ours_import (TlChromeImport      *self,
                        const TlChromeEvent *event)
{
  g_assert (_tl_chrome_event_is_ours (event));

  switch (event->ph)
    {
    case 'X':
      import_span (self, event);
      return TRUE;
    case 'i':
      import_instant (self, event);
      return TRUE;
    case 'C':
      import_sample (self, event);
      return TRUE;
    case 's':
      if (!(event->flags & TL_CHROME_HAS_ID))
        return FALSE;
      import_flow_start (self, event);
      return TRUE;
    case 'M':
      return import_metadata (self, event);
    default:
      return FALSE;
    }
}

/* ---- the "threadline" object: runtime event counts ----------------------- */

void
_tl_chrome_import_saved_count (TlChromeImport *self,
                               const char     *kind,
                               guint64         count)
{
  TlEventKind event_kind;

  if (strcmp (kind, "none") == 0)
    event_kind = TL_EVENT_NONE;
  else if (!tl_event_kind_from_string (kind, &event_kind))
    event_kind = TL_EVENT_N_KINDS;
  self->saved_counts[event_kind] += count;
  self->has_saved_counts = TRUE;
}

gboolean
_tl_chrome_ours_add_counts (TlChromeImport *self)
{
  if (!self->has_saved_counts)
    return FALSE;
  for (guint i = 0; i <= TL_EVENT_N_KINDS; i++)
    if (self->saved_counts[i] > 0)
      tl_trace_model_add_event_count (self->model, (TlEventKind) i, self->saved_counts[i]);
  return TRUE;
}
