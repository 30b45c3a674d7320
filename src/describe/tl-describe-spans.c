/* tl-describe-spans.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a thread does while a span lasts, and who holds what it waits for.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"

gboolean
_tl_describe_span_at (TlLane *lane,
                      guint   track,
                      gint64  ts,
                      TlSpan *out)
{
  guint first, n, n_all;

  if (track < tl_lane_get_n_tracks (lane))
    {
      const TlSpan *spans = tl_lane_get_spans (lane, track, &n_all);

      tl_lane_get_span_range (lane, track, ts, ts, &first, &n);
      for (guint i = first; i < first + n; i++)
        if (spans[i].start <= ts && ts < spans[i].end)
          {
            *out = spans[i];
            return TRUE;
          }
    }
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint open_track;
      const TlSpan *span = tl_lane_get_open (lane, i, &open_track);

      if (open_track == track && span->start <= ts)
        {
          *out = *span;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
lane_holds (TlLane  *lane,
            guint32  object,
            gint64   ts)
{
  /* Track 0 is the thread's state; what it holds is above. */
  for (guint track = 1; track <= tl_lane_get_n_tracks (lane); track++)
    {
      TlSpan span;

      if (_tl_describe_span_at (lane, track, ts, &span) && span.ref == object &&
          (span.kind == TL_SPAN_HOLD_LOCK || span.kind == TL_SPAN_HOLD_GIL))
        return TRUE;
    }
  return FALSE;
}

char *
_tl_describe_holders (TlTraceModel *model,
                      guint32       object,
                      guint32       except,
                      gint64        ts)
{
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  char *text = NULL;

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      g_autofree char *name = NULL;
      char *joined;

      if (l == except || tl_lane_get_kind (lane) != TL_LANE_THREAD || !lane_holds (lane, object, ts))
        continue;
      name = tl_describe_lane (model, l);
      if (text == NULL)
        {
          text = g_steal_pointer (&name);
          continue;
        }
      /* TRANSLATORS: joins the holders of a semaphore, "worker 1 and worker 3" */
      joined = g_strdup_printf (_("%s and %s"), text, name);
      g_free (text);
      text = joined;
    }
  return text;
}

/* The name an object was given, or NULL. */
static const char *
object_name (TlTraceModel *model,
             guint32       object)
{
  if (object == TL_INDEX_NONE || object >= tl_trace_model_get_n_objects (model))
    return NULL;
  return _tl_describe_string (model, tl_trace_model_get_object (model, object)->name);
}

char *
_tl_describe_waits_for_lock (const char *who,
                             const char *lock,
                             const char *holders)
{
  if (lock != NULL && holders != NULL)
    /* TRANSLATORS: "worker 1 waits for lock_b, held by worker 2" */
    return g_strdup_printf (_("%s waits for %s, held by %s"), who, lock, holders);
  if (lock != NULL)
    return g_strdup_printf (_("%s waits for %s"), who, lock);
  if (holders != NULL)
    return g_strdup_printf (_("%s waits for a lock held by %s"), who, holders);
  return g_strdup_printf (_("%s waits for a lock"), who);
}

/* A wait for what can be held: a lock, the GIL, a semaphore. */
static char *
describe_wait_to_hold (TlTraceModel *model,
                       guint32       lane,
                       const TlSpan *span,
                       const char   *who,
                       gint64        at)
{
  const char *what = object_name (model, span->ref);
  g_autofree char *holders = _tl_describe_holders (model, span->ref, lane, at == TL_TS_NONE ? span->start : at);

  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_WAIT_GIL:
      if (holders != NULL)
        return g_strdup_printf (_("%s waits for the GIL, held by %s"), who, holders);
      return g_strdup_printf (_("%s waits for the GIL"), who);
    case TL_SPAN_WAIT_SEMAPHORE:
      if (what != NULL && holders != NULL)
        return g_strdup_printf (_("%s waits for semaphore %s, held by %s"), who, what, holders);
      if (what != NULL)
        return g_strdup_printf (_("%s waits for semaphore %s"), who, what);
      return g_strdup_printf (_("%s waits for a semaphore"), who);
    case TL_SPAN_WAIT_LOCK:
    default:
      return _tl_describe_waits_for_lock (who, what, holders);
    }
}

/* A join: the process or thread waited for, by its name. */
static char *
describe_join (TlTraceModel *model,
               const TlSpan *span,
               const char   *who)
{
  const TlObject *object = span->ref < tl_trace_model_get_n_objects (model)
                           ? tl_trace_model_get_object (model, span->ref) : NULL;
  g_autofree char *target = NULL;
  guint32 process = TL_INDEX_NONE, thread = TL_INDEX_NONE;

  if (object != NULL && object->role == TL_ROLE_PROCESS)
    process = tl_trace_model_lookup_process (model, (guint32) object->id);
  else if (object != NULL && object->role == TL_ROLE_THREAD)
    thread = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, object->pid, object->id);
  if (process != TL_INDEX_NONE)
    target = tl_describe_process_name (model, process);
  else if (thread != TL_INDEX_NONE)
    target = tl_describe_lane (model, thread);
  if (target != NULL)
    /* TRANSLATORS: a join, "MainProcess waits for Process-1 to end (join)" */
    return g_strdup_printf (_("%s waits for %s to end (join)"), who, target);
  return g_strdup_printf (_("%s waits for a worker to end (join)"), who);
}

/* A wait on a primitive named in the sentence when it has a name. */
static char *
describe_wait_on (const TlSpan *span,
                  const char   *who,
                  const char   *what)
{
  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_WAIT_QUEUE:
      return what != NULL ? g_strdup_printf (_("%s waits on %s"), who, what)
                          : g_strdup_printf (_("%s waits on a queue"), who);
    case TL_SPAN_WAIT_CONDITION:
      return what != NULL ? g_strdup_printf (_("%s waits on condition %s"), who, what)
                          : g_strdup_printf (_("%s waits on a condition"), who);
    case TL_SPAN_WAIT_EVENT:
      return what != NULL ? g_strdup_printf (_("%s waits for event %s"), who, what)
                          : g_strdup_printf (_("%s waits for an event"), who);
    case TL_SPAN_WAIT_BARRIER:
      return what != NULL ? g_strdup_printf (_("%s waits at barrier %s"), who, what)
                          : g_strdup_printf (_("%s waits at a barrier"), who);
    case TL_SPAN_WAIT_OTHER:
    default:
      return g_strdup_printf (_("%s waits"), who);
    }
}

/* What a thread holds or runs, on the tracks above its state. */
static char *
describe_activity (TlTraceModel *model,
                   const TlSpan *span,
                   const char   *who)
{
  const char *what = object_name (model, span->ref);
  const char *name;

  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_HOLD_GIL:
      return g_strdup_printf (_("%s holds the GIL"), who);
    case TL_SPAN_HOLD_LOCK:
      return what != NULL ? g_strdup_printf (_("%s holds %s"), who, what)
                          : g_strdup_printf (_("%s holds a lock"), who);
    case TL_SPAN_TASK:
      return what != NULL ? g_strdup_printf (_("%s runs task %s"), who, what)
                          : g_strdup_printf (_("%s runs a task"), who);
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    default:
      name = _tl_describe_string (model, span->ref);
      return name != NULL ? g_strdup_printf (_("%s runs “%s”"), who, name)
                          : g_strdup_printf (_("%s runs"), who);
    }
}

/* On a lock's lane, the owner holds the lock. */
static char *
describe_owner (TlTraceModel *model,
                guint32       lane,
                const TlSpan *span)
{
  TlLane *lock = tl_trace_model_get_lane (model, lane);
  g_autofree char *owner = tl_describe_lane (model, span->ref);
  const char *what;

  if (tl_lane_get_kind (lock) == TL_LANE_GIL)
    return g_strdup_printf (_("%s holds the GIL"), owner);
  what = object_name (model, tl_lane_get_object (lock));
  if (what == NULL)
    what = _tl_describe_string (model, tl_lane_get_name (lock));
  return what != NULL ? g_strdup_printf (_("%s holds %s"), owner, what)
                      : g_strdup_printf (_("%s holds a lock"), owner);
}

char *
tl_describe_span (TlTraceModel *model,
                  guint32       lane,
                  const TlSpan *span,
                  gint64        at)
{
  g_autofree char *who = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (span != NULL, NULL);

  if (span->kind == TL_SPAN_OWNER)
    return describe_owner (model, lane, span);
  who = tl_describe_lane (model, lane);
  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_RUNNING:
      return g_strdup_printf (_("%s runs"), who);
    case TL_SPAN_SLEEP:
      return g_strdup_printf (_("%s sleeps"), who);
    case TL_SPAN_IO:
      return g_strdup_printf (_("%s waits for I/O"), who);
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_GIL:
    case TL_SPAN_WAIT_SEMAPHORE:
      return describe_wait_to_hold (model, lane, span, who, at);
    case TL_SPAN_WAIT_JOIN:
      return describe_join (model, span, who);
    case TL_SPAN_WAIT_QUEUE:
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_OTHER:
      return describe_wait_on (span, who, object_name (model, span->ref));
    case TL_SPAN_HOLD_LOCK:
    case TL_SPAN_HOLD_GIL:
    case TL_SPAN_TASK:
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    case TL_SPAN_OWNER:
    case TL_N_SPAN_KINDS:
    default:
      return describe_activity (model, span, who);
    }
}

void
tl_describe_append_span_label (TlTraceModel *model,
                               const TlSpan *span,
                               GString      *out)
{
  const char *name;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (span != NULL && out != NULL);

  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_RUNNING:
      return;
    case TL_SPAN_OWNER:
      if (span->ref < tl_trace_model_get_n_lanes (model))
        tl_describe_append_lane (model, span->ref, out);
      return;
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
      name = _tl_describe_string (model, span->ref);
      break;
    case TL_SPAN_TASK:
      if (span->ref < tl_trace_model_get_n_objects (model))
        {
          g_autofree char *task = tl_describe_object (model, span->ref);

          g_string_append (out, task);
        }
      return;
    case TL_SPAN_HOLD_GIL:
    case TL_SPAN_WAIT_GIL:
      name = object_name (model, span->ref);
      if (name == NULL)
        name = "GIL";
      break;
    case TL_SPAN_HOLD_LOCK:
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_QUEUE:
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_JOIN:
    case TL_SPAN_WAIT_OTHER:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
    case TL_N_SPAN_KINDS:
    default:
      name = object_name (model, span->ref);
      break;
    }
  if (name != NULL)
    g_string_append (out, name);
}

guint
tl_describe_span_notes (const TlSpan  *span,
                        const char   **notes)
{
  guint n = 0;

  g_return_val_if_fail (span != NULL && notes != NULL, 0);

  if (span->flags & TL_SPAN_FLAG_FAILED)
    notes[n++] = _("failed");
  if (span->flags & TL_SPAN_FLAG_TIMEOUT)
    notes[n++] = _("timed out");
  if (span->flags & TL_SPAN_FLAG_CUT)
    notes[n++] = _("cut short: its process ended");
  if (span->flags & TL_SPAN_FLAG_UNCLOSED)
    notes[n++] = _("still open when the trace ended");
  return n;
}
