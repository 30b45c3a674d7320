/* tl-describe-events.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happens at an instant, and what an arrow carries.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"
/* For the kinds of marks the engine records; nothing of it is linked. */
#include "tl-scenario.h"

static const char *
object_name (TlTraceModel *model,
             guint32       object)
{
  if (object == TL_INDEX_NONE || object >= tl_trace_model_get_n_objects (model))
    return NULL;
  return _tl_describe_string (model, tl_trace_model_get_object (model, object)->name);
}

/* The instant carries the pid; the process holds how it ended. */
static char *
describe_process_end (TlTraceModel    *model,
                      guint32          lane,
                      const TlInstant *instant,
                      const char      *who)
{
  guint32 pid = (guint32) instant->arg;
  guint32 index = tl_trace_model_lookup_process (model, pid);
  const TlProcess *process = index != TL_INDEX_NONE ? tl_trace_model_get_process (model, index) : NULL;
  g_autofree char *target = NULL;
  g_autofree char *signal = NULL;
  gboolean self = pid == tl_lane_get_pid (tl_trace_model_get_lane (model, lane));

  if (process == NULL)
    return instant->kind == TL_EVENT_CRASH
             ? g_strdup_printf (_("Process %u crashes"), pid)
             : g_strdup_printf (_("Process %u ends"), pid);
  target = tl_describe_process_name (model, index);
  if (process->exited && process->stopped && instant->kind != TL_EVENT_CRASH)
    /* TRANSLATORS: "MainProcess is stopped: the run is over" (its watchdog
     * or a cancel ended it) */
    return g_strdup_printf (_("%s is stopped: the run is over"), target);
  if (process->exited && process->signaled)
    {
      signal = _tl_describe_signal (process->exit_status);
      if (instant->kind == TL_EVENT_CRASH)
        /* TRANSLATORS: "Process-5 crashes: signal 11 (SIGSEGV)" */
        return g_strdup_printf (_("%s crashes: %s"), target, signal);
      /* TRANSLATORS: "Process-5 is killed by signal 11 (SIGSEGV)" */
      return g_strdup_printf (_("%s is killed by %s"), target, signal);
    }
  if (instant->kind == TL_EVENT_CRASH)
    return g_strdup_printf (_("%s crashes"), target);
  if (!process->exited)
    return g_strdup_printf (_("%s ends"), target);
  if (self)
    return g_strdup_printf (_("%s exits with status %d"), target, process->exit_status);
  /* TRANSLATORS: a parent sees a child end, "MainProcess sees Process-1 exit with status 0" */
  return g_strdup_printf (_("%s sees %s exit with status %d"), who, target, process->exit_status);
}

static char *
describe_start (TlTraceModel    *model,
                guint32          lane,
                const TlInstant *instant,
                const char      *who)
{
  TlLane *own = tl_trace_model_get_lane (model, lane);
  g_autofree char *target = NULL;
  guint32 other;

  if (instant->kind == TL_EVENT_PROCESS_START)
    {
      other = tl_trace_model_lookup_process (model, (guint32) instant->arg);
      if ((guint32) instant->arg == tl_lane_get_pid (own) || other == TL_INDEX_NONE)
        return g_strdup_printf (_("%s starts"), who);
      target = tl_describe_process_name (model, other);
    }
  else
    {
      other = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, tl_lane_get_pid (own), instant->arg);
      if (instant->arg == tl_lane_get_key (own) || other == TL_INDEX_NONE)
        return g_strdup_printf (_("%s starts"), who);
      target = tl_describe_lane (model, other);
    }
  /* TRANSLATORS: "MainProcess starts Process-1" */
  return g_strdup_printf (_("%s starts %s"), who, target);
}

static char *
describe_wake (TlTraceModel    *model,
               const TlInstant *instant,
               const char      *who)
{
  g_autofree char *what = tl_describe_object (model, instant->ref);

  switch ((TlObjectRole) instant->role)
    {
    case TL_ROLE_EVENT:
      return g_strdup_printf (_("%s sets %s"), who, what);
    case TL_ROLE_CONDITION:
      return g_strdup_printf (_("%s notifies %s"), who, what);
    case TL_ROLE_BARRIER:
      return g_strdup_printf (_("%s is the last to reach %s: all go on"), who, what);
    default:
      return g_strdup_printf (_("%s wakes the waiters of %s"), who, what);
    }
}

static char *
describe_value (TlTraceModel    *model,
                const TlInstant *instant,
                const char      *who)
{
  g_autofree char *what = tl_describe_object (model, instant->ref);
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) instant->arg);

  /* An Event's flag: cleared (a set is a wake-up). */
  if (instant->role == TL_ROLE_EVENT)
    return instant->arg != 0 ? g_strdup_printf (_("%s sets %s"), who, what)
                             : g_strdup_printf (_("%s clears %s"), who, what);
  /* One item of a list, not its value. */
  if ((instant->flags & TL_FLAG_ITEM) != 0 && instant->kind == TL_EVENT_READ)
    /* TRANSLATORS: "Consumer takes 42 from items" (a list's pop) */
    return g_strdup_printf (_("%s takes %s from %s"), who, value, what);
  if ((instant->flags & TL_FLAG_ITEM) != 0)
    /* TRANSLATORS: "Producer appends 42 to items" */
    return g_strdup_printf (_("%s appends %s to %s"), who, value, what);
  if (instant->kind == TL_EVENT_READ)
    /* TRANSLATORS: "Thread-1 reads 5 from counter" */
    return g_strdup_printf (_("%s reads %s from %s"), who, value, what);
  /* TRANSLATORS: "Thread-1 writes 6 to counter" */
  return g_strdup_printf (_("%s writes %s to %s"), who, value, what);
}

static char *
describe_message (TlTraceModel    *model,
                  const TlInstant *instant,
                  const char      *who)
{
  const char *channel = object_name (model, instant->ref);

  if (instant->kind == TL_EVENT_SEND)
    return channel != NULL ? g_strdup_printf (_("%s sends a message on %s"), who, channel)
                           : g_strdup_printf (_("%s sends a message"), who);
  return channel != NULL ? g_strdup_printf (_("%s receives a message from %s"), who, channel)
                         : g_strdup_printf (_("%s receives a message"), who);
}

/* "threads (s) = 0.002047629" as "threads (s) = 0.00205": a result's
 * value is Python's repr, and a float's repr has every digit it holds. */
static char *
describe_result (const char *text)
{
  const char *equals = strstr (text, " = ");
  const char *value;
  char *end = NULL;
  double number;

  if (equals == NULL)
    return g_strdup (text);
  value = equals + 3;
  number = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || strpbrk (value, ".eE") == NULL || !isfinite (number))
    return g_strdup (text);
  /* Three significant digits, and no exponent for the large ones. */
  if (fabs (number) >= 1000)
    return g_strdup_printf ("%.*s = %.0f", (int) (equals - text), text, number);
  return g_strdup_printf ("%.*s = %.3g", (int) (equals - text), text, number);
}

/* A mark says what its author wanted said; the engine's marks of how a
 * run ended are in the engine's words ("watchdog = the run did not end
 * within 4.0 s, so it was ended", tl-supervisor.c), said again here in
 * the user's. */
static char *
describe_mark (const TlInstant *instant,
               const char      *text)
{
  const char *within;
  char *end;
  double seconds;

  if (text == NULL)
    return g_strdup (_("A mark"));
  if (instant->arg == TL_SCENARIO_MARK_RESULT)
    return describe_result (text);
  if (instant->arg == TL_SCENARIO_MARK_CANCEL)
    return g_strdup (_("cancelled = the run was cancelled"));
  if (instant->arg == TL_SCENARIO_MARK_WATCHDOG && (within = strstr (text, " within ")) != NULL)
    {
      seconds = g_ascii_strtod (within + strlen (" within "), &end);
      if (end != within + strlen (" within ") && g_str_has_prefix (end, " s") &&
          seconds > 0 && seconds < 1e6)
        {
          g_autofree char *limit = tl_format_duration ((gint64) (seconds * 1e9));

          /* TRANSLATORS: a result line, as "unlocked = 150" is: the
           * watchdog ended a run that did not end in time */
          return g_strdup_printf (_("watchdog = the run did not end within %s, so it was ended"),
                                  limit);
        }
    }
  return g_strdup (text);
}

static char *
describe_text (TlTraceModel    *model,
               const TlInstant *instant,
               const char      *who)
{
  const char *text;

  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_PRINT:
      text = _tl_describe_string (model, instant->ref);
      return g_strdup_printf (_("%s prints “%s”"), who, text != NULL ? text : "");
    case TL_EVENT_MARK:
      return describe_mark (instant, _tl_describe_string (model, instant->ref));
    case TL_EVENT_ERROR_RAISED:
      text = _tl_describe_string (model, (guint32) instant->arg);
      return text != NULL ? g_strdup_printf (_("%s raises %s"), who, text)
                          : g_strdup_printf (_("%s raises an exception"), who);
    case TL_EVENT_ERROR_REPORTED:
    default:
      text = object_name (model, instant->ref);
      return text != NULL ? g_strdup_printf (_("%s handles %s"), who, text)
                          : g_strdup_printf (_("%s handles an exception"), who);
    }
}

/* The event itself; @findings: a write that lost an update says so. */
static char *
describe_instant (TlTraceModel    *model,
                  guint32          lane,
                  const TlInstant *instant,
                  gboolean         findings)
{
  g_autofree char *who = NULL;

  who = tl_describe_lane (model, lane);
  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_PRINT:
    case TL_EVENT_MARK:
    case TL_EVENT_ERROR_RAISED:
    case TL_EVENT_ERROR_REPORTED:
      return describe_text (model, instant, who);
    case TL_EVENT_READ:
    case TL_EVENT_WRITE:
      {
        char *lost = findings ? _tl_describe_lost_update_at (model, lane, instant) : NULL;

        return lost != NULL ? lost : describe_value (model, instant, who);
      }
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      return describe_message (model, instant, who);
    case TL_EVENT_CRASH:
    case TL_EVENT_PROCESS_EXIT:
      return describe_process_end (model, lane, instant, who);
    case TL_EVENT_PROCESS_START:
    case TL_EVENT_THREAD_START:
      return describe_start (model, lane, instant, who);
    case TL_EVENT_THREAD_EXIT:
      return g_strdup_printf (_("%s ends"), who);
    case TL_EVENT_WAKE:
      return describe_wake (model, instant, who);
    case TL_EVENT_NONE:
    case TL_EVENT_NAME:
    case TL_EVENT_TASK_BEGIN:
    case TL_EVENT_TASK_END:
    case TL_EVENT_LOCK_WAIT:
    case TL_EVENT_LOCK_ACQUIRE:
    case TL_EVENT_LOCK_RELEASE:
    case TL_EVENT_WAIT_BEGIN:
    case TL_EVENT_WAIT_END:
    case TL_EVENT_SLEEP_BEGIN:
    case TL_EVENT_SLEEP_END:
    case TL_EVENT_IO_BEGIN:
    case TL_EVENT_IO_END:
    case TL_EVENT_SLICE_BEGIN:
    case TL_EVENT_SLICE_END:
    case TL_EVENT_COUNTER:
    case TL_EVENT_N_KINDS:
    default:
      /* TRANSLATORS: an event of a kind without words of its own, "worker 1: lock-wait" */
      return g_strdup_printf (_("%s: %s"), who, tl_event_kind_to_string (instant->kind));
    }
}

char *
tl_describe_instant (TlTraceModel    *model,
                     guint32          lane,
                     const TlInstant *instant)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (model), NULL);
  g_return_val_if_fail (instant != NULL, NULL);

  return describe_instant (model, lane, instant, TRUE);
}

char *
_tl_describe_instant_event (TlTraceModel    *model,
                            guint32          lane,
                            const TlInstant *instant)
{
  return describe_instant (model, lane, instant, FALSE);
}

void
tl_describe_append_instant_label (TlTraceModel    *model,
                                  const TlInstant *instant,
                                  GString         *out)
{
  const char *text;
  guint32 process;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (instant != NULL && out != NULL);

  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_READ:
    case TL_EVENT_WRITE:
      /* Shared memory's "value" is a length, not a value. */
      if (instant->role == TL_ROLE_VALUE)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) instant->arg);
      break;
    case TL_EVENT_PRINT:
      text = _tl_describe_string (model, instant->ref);
      if (text != NULL)
        g_string_append (out, text);
      break;
    case TL_EVENT_ERROR_RAISED:
      text = _tl_describe_string (model, (guint32) instant->arg);
      g_string_append (out, text != NULL ? text : _("an exception"));
      break;
    case TL_EVENT_CRASH:
      process = tl_trace_model_lookup_process (model, (guint32) instant->arg);
      if (process != TL_INDEX_NONE && tl_trace_model_get_process (model, process)->signaled)
        {
          g_autofree char *signal =
            _tl_describe_signal (tl_trace_model_get_process (model, process)->exit_status);

          /* TRANSLATORS: at a crash's mark, "crashed: signal 11 (SIGSEGV)" */
          g_string_append_printf (out, _("crashed: %s"), signal);
        }
      else
        {
          g_string_append (out, _("crashed"));
        }
      break;
    case TL_EVENT_NONE:
    case TL_EVENT_NAME:
    case TL_EVENT_PROCESS_START:
    case TL_EVENT_PROCESS_EXIT:
    case TL_EVENT_THREAD_START:
    case TL_EVENT_THREAD_EXIT:
    case TL_EVENT_TASK_BEGIN:
    case TL_EVENT_TASK_END:
    case TL_EVENT_LOCK_WAIT:
    case TL_EVENT_LOCK_ACQUIRE:
    case TL_EVENT_LOCK_RELEASE:
    case TL_EVENT_WAIT_BEGIN:
    case TL_EVENT_WAIT_END:
    case TL_EVENT_WAKE:
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
    case TL_EVENT_SLEEP_BEGIN:
    case TL_EVENT_SLEEP_END:
    case TL_EVENT_IO_BEGIN:
    case TL_EVENT_IO_END:
    case TL_EVENT_ERROR_REPORTED:
    case TL_EVENT_MARK:
    case TL_EVENT_SLICE_BEGIN:
    case TL_EVENT_SLICE_END:
    case TL_EVENT_COUNTER:
    case TL_EVENT_N_KINDS:
    default:
      break;
    }
}

/* A hand-over names what is passed on: the GIL, or the lock. */
static char *
describe_handover (TlTraceModel *model,
                   const TlFlow *flow,
                   const char   *from,
                   const char   *to)
{
  const TlObject *object = flow->ref < tl_trace_model_get_n_objects (model)
                           ? tl_trace_model_get_object (model, flow->ref) : NULL;
  const char *what = object_name (model, flow->ref);

  if (object != NULL && object->role == TL_ROLE_GIL)
    /* TRANSLATORS: "Thread-1 passes the GIL to Thread-2" */
    return g_strdup_printf (_("%s passes the GIL to %s"), from, to);
  if (what != NULL)
    /* TRANSLATORS: "worker 1 passes lock_a to worker 2" */
    return g_strdup_printf (_("%s passes %s to %s"), from, what, to);
  return g_strdup_printf (_("%s passes a lock to %s"), from, to);
}

char *
tl_describe_flow (TlTraceModel *model,
                  const TlFlow *flow)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *through;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (flow != NULL, NULL);

  from = tl_describe_lane (model, flow->from_lane);
  to = tl_describe_lane (model, flow->to_lane);
  switch ((TlFlowKind) flow->kind)
    {
    case TL_FLOW_MESSAGE:
      through = object_name (model, flow->ref);
      if (through != NULL)
        /* TRANSLATORS: "Process-1 sends a message to MainProcess through results" */
        return g_strdup_printf (_("%s sends a message to %s through %s"), from, to, through);
      return g_strdup_printf (_("%s sends a message to %s"), from, to);
    case TL_FLOW_HANDOVER:
      return describe_handover (model, flow, from, to);
    case TL_FLOW_ERROR:
      /* TRANSLATORS: "Thread-2 raises an exception that MainThread handles" */
      return g_strdup_printf (_("%s raises an exception that %s handles"), from, to);
    case TL_FLOW_WAKE:
      return g_strdup_printf (_("%s wakes %s"), from, to);
    case TL_FLOW_GENERIC:
    case TL_N_FLOW_KINDS:
    default:
      /* TRANSLATORS: an arrow from one lane to another, as an imported trace draws it */
      return g_strdup_printf (_("%s → %s"), from, to);
    }
}
