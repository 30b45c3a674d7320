/* tl-describe.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-describe.h"

char *
tl_describe_process (TlTraceModel *model,
                     guint         index)
{
  const TlProcess *process = tl_trace_model_get_process (model, index);
  const char *name = process->name != TL_INDEX_NONE ? tl_trace_model_get_string (model, process->name) : NULL;

  if (name != NULL && *name != '\0')
    return g_strdup_printf (_("%s (pid %u)"), name, process->pid);
  return g_strdup_printf (_("Process %u"), process->pid);
}

char *
tl_describe_object (TlTraceModel *model,
                    guint32       index)
{
  const TlObject *object;
  const char *name;

  if (index == TL_INDEX_NONE || index >= tl_trace_model_get_n_objects (model))
    return g_strdup (_("unknown object"));
  object = tl_trace_model_get_object (model, index);
  name = object->name != TL_INDEX_NONE ? tl_trace_model_get_string (model, object->name) : NULL;
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  return g_strdup_printf ("%s %" G_GUINT64_FORMAT,
                          tl_object_role_to_string (object->role), object->id);
}

char *
tl_describe_lane (TlTraceModel *model,
                  guint32       index)
{
  TlLane *lane;
  const char *name;

  if (index == TL_INDEX_NONE || index >= tl_trace_model_get_n_lanes (model))
    return g_strdup (_("unknown lane"));
  lane = tl_trace_model_get_lane (model, index);
  name = tl_lane_get_name (lane) != TL_INDEX_NONE
           ? tl_trace_model_get_string (model, tl_lane_get_name (lane)) : NULL;

  switch (tl_lane_get_kind (lane))
    {
    case TL_LANE_THREAD:
      if (name != NULL && *name != '\0')
        return g_strdup (name);
      if (tl_lane_get_key (lane) == tl_lane_get_pid (lane))
        return g_strdup_printf (_("Process %u"), tl_lane_get_pid (lane));
      return g_strdup_printf (_("Thread %" G_GUINT64_FORMAT), tl_lane_get_key (lane));
    case TL_LANE_LOCK:
      return tl_describe_object (model, tl_lane_get_object (lane));
    case TL_LANE_GIL:
      return g_strdup_printf (_("GIL of process %u"), tl_lane_get_pid (lane));
    case TL_LANE_COUNTER:
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      return g_strdup (name != NULL ? name : _("(unnamed)"));
    }
}

char *
tl_format_time (TlTraceModel *model,
                gint64        ts)
{
  gint64 start, end;

  if (!tl_trace_model_get_time_range (model, &start, &end))
    start = 0;
  return g_strdup_printf ("+%.6f s", (double) (ts - start) / 1e9);
}

static const char *
string_or (TlTraceModel *model,
           guint32       id,
           const char   *fallback)
{
  const char *str = id != TL_INDEX_NONE ? tl_trace_model_get_string (model, id) : NULL;

  return str != NULL ? str : fallback;
}

/* The instant carries the pid; the process holds how it ended. */
static char *
describe_process_end (TlTraceModel    *model,
                      const TlInstant *instant)
{
  guint32 index = tl_trace_model_lookup_process (model, (guint32) instant->arg);
  const TlProcess *process = index != TL_INDEX_NONE ? tl_trace_model_get_process (model, index) : NULL;

  if (process == NULL || !process->exited)
    return g_strdup_printf (_("Process %" G_GUINT64_FORMAT " ends"), instant->arg);
  if (process->signaled)
    return g_strdup_printf (_("Process %u is killed by signal %d (%s)"), process->pid,
                            process->exit_status, g_strsignal (process->exit_status));
  return g_strdup_printf (_("Process %u exits with status %d"), process->pid, process->exit_status);
}

char *
tl_describe_instant (TlTraceModel    *model,
                     const TlInstant *instant)
{
  g_autofree char *object = NULL;

  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_PRINT:
      return g_strdup_printf (_("Prints “%s”"), string_or (model, instant->ref, ""));
    case TL_EVENT_MARK:
      return g_strdup_printf (_("Mark “%s”"), string_or (model, instant->ref, ""));
    case TL_EVENT_READ:
      object = tl_describe_object (model, instant->ref);
      return g_strdup_printf (_("Reads %s = %" G_GINT64_FORMAT), object, (gint64) instant->arg);
    case TL_EVENT_WRITE:
      object = tl_describe_object (model, instant->ref);
      return g_strdup_printf (_("Writes %s = %" G_GINT64_FORMAT), object, (gint64) instant->arg);
    case TL_EVENT_SEND:
      object = tl_describe_object (model, instant->ref);
      return g_strdup_printf (_("Sends message %" G_GUINT64_FORMAT " on %s"), instant->arg, object);
    case TL_EVENT_RECEIVE:
      object = tl_describe_object (model, instant->ref);
      return g_strdup_printf (_("Receives message %" G_GUINT64_FORMAT " from %s"), instant->arg, object);
    case TL_EVENT_ERROR_RAISED:
      return g_strdup_printf (_("Raises an error: %s"),
                              string_or (model, (guint32) instant->arg, _("(no message)")));
    case TL_EVENT_ERROR_REPORTED:
      return g_strdup (_("Reports an error"));
    case TL_EVENT_CRASH:
    case TL_EVENT_PROCESS_EXIT:
      return describe_process_end (model, instant);
    case TL_EVENT_PROCESS_START:
      return g_strdup_printf (_("Starts process %" G_GUINT64_FORMAT), instant->arg);
    case TL_EVENT_THREAD_START:
      return g_strdup (_("Thread starts"));
    case TL_EVENT_THREAD_EXIT:
      return g_strdup (_("Thread ends"));
    case TL_EVENT_WAKE:
      object = tl_describe_object (model, instant->ref);
      return g_strdup_printf (_("Wakes the waiters of %s"), object);
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
      return g_strdup (tl_event_kind_to_string (instant->kind));
    }
}
