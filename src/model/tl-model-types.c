/* tl-model-types.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names of the model's kinds: stable identifiers (for files and scripts)
 * and labels (for people).
 */
#define G_LOG_DOMAIN "tl-model"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tl-model-types.h"

static const char * const span_ids[TL_N_SPAN_KINDS] = {
  [TL_SPAN_RUNNING] = "running",
  [TL_SPAN_WAIT_LOCK] = "wait-lock",
  [TL_SPAN_WAIT_GIL] = "wait-gil",
  [TL_SPAN_SLEEP] = "sleep",
  [TL_SPAN_IO] = "io",
  [TL_SPAN_WAIT_QUEUE] = "wait-queue",
  [TL_SPAN_WAIT_CONDITION] = "wait-condition",
  [TL_SPAN_WAIT_SEMAPHORE] = "wait-semaphore",
  [TL_SPAN_WAIT_EVENT] = "wait-event",
  [TL_SPAN_WAIT_BARRIER] = "wait-barrier",
  [TL_SPAN_WAIT_JOIN] = "wait-join",
  [TL_SPAN_WAIT_OTHER] = "wait-other",
  [TL_SPAN_HOLD_LOCK] = "hold-lock",
  [TL_SPAN_HOLD_GIL] = "hold-gil",
  [TL_SPAN_TASK] = "task",
  [TL_SPAN_SLICE] = "slice",
  [TL_SPAN_ASYNC] = "async",
  [TL_SPAN_OWNER] = "owner",
};

static const char * const span_labels[TL_N_SPAN_KINDS] = {
  [TL_SPAN_RUNNING] = N_("Running"),
  [TL_SPAN_WAIT_LOCK] = N_("Waiting for a lock"),
  [TL_SPAN_WAIT_GIL] = N_("Waiting for the GIL"),
  [TL_SPAN_SLEEP] = N_("Sleeping"),
  [TL_SPAN_IO] = N_("In I/O"),
  [TL_SPAN_WAIT_QUEUE] = N_("Blocked on a queue"),
  [TL_SPAN_WAIT_CONDITION] = N_("Waiting on a condition"),
  [TL_SPAN_WAIT_SEMAPHORE] = N_("Waiting on a semaphore"),
  [TL_SPAN_WAIT_EVENT] = N_("Waiting for an event"),
  [TL_SPAN_WAIT_BARRIER] = N_("Waiting at a barrier"),
  [TL_SPAN_WAIT_JOIN] = N_("Waiting for a worker to end"),
  [TL_SPAN_WAIT_OTHER] = N_("Waiting"),
  [TL_SPAN_HOLD_LOCK] = N_("Holding a lock"),
  [TL_SPAN_HOLD_GIL] = N_("Holding the GIL"),
  [TL_SPAN_TASK] = N_("Task"),
  [TL_SPAN_SLICE] = N_("Slice"),
  [TL_SPAN_ASYNC] = N_("Async"),
  [TL_SPAN_OWNER] = N_("Owner"),
};

static const char * const flow_ids[TL_N_FLOW_KINDS] = {
  [TL_FLOW_MESSAGE] = "message",
  [TL_FLOW_HANDOVER] = "handover",
  [TL_FLOW_ERROR] = "error",
  [TL_FLOW_WAKE] = "wake",
  [TL_FLOW_GENERIC] = "flow",
};

static const char * const lane_ids[TL_N_LANE_KINDS] = {
  [TL_LANE_THREAD] = "thread",
  [TL_LANE_LOCK] = "lock",
  [TL_LANE_GIL] = "gil",
  [TL_LANE_COUNTER] = "counter",
  [TL_LANE_ASYNC] = "async",
};

static gboolean
lookup (const char * const *table,
        guint               n,
        const char         *str,
        guint              *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (table[i] != NULL && strcmp (table[i], str) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
tl_span_kind_to_string (TlSpanKind kind)
{
  return (guint) kind < TL_N_SPAN_KINDS ? span_ids[kind] : "unknown";
}

const char *
tl_span_kind_to_label (TlSpanKind kind)
{
  return (guint) kind < TL_N_SPAN_KINDS ? _(span_labels[kind]) : _("Unknown");
}

gboolean
tl_span_kind_from_string (const char *str,
                          TlSpanKind *kind)
{
  guint value;

  if (!lookup (span_ids, TL_N_SPAN_KINDS, str, &value))
    return FALSE;
  *kind = (TlSpanKind) value;
  return TRUE;
}

TlSpanRef
tl_span_kind_ref (TlSpanKind kind)
{
  switch (kind)
    {
    case TL_SPAN_OWNER:
      return TL_SPAN_REF_LANE;
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
      return TL_SPAN_REF_STRING;
    case TL_SPAN_RUNNING:
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_GIL:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
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
    case TL_N_SPAN_KINDS:
    default:
      return TL_SPAN_REF_OBJECT;
    }
}

const char *
tl_flow_kind_to_string (TlFlowKind kind)
{
  return (guint) kind < TL_N_FLOW_KINDS ? flow_ids[kind] : "unknown";
}

gboolean
tl_flow_kind_from_string (const char *str,
                          TlFlowKind *kind)
{
  guint value;

  if (!lookup (flow_ids, TL_N_FLOW_KINDS, str, &value))
    return FALSE;
  *kind = (TlFlowKind) value;
  return TRUE;
}

const char *
tl_lane_kind_to_string (TlLaneKind kind)
{
  return (guint) kind < TL_N_LANE_KINDS ? lane_ids[kind] : "unknown";
}

gboolean
tl_event_kind_from_string (const char  *str,
                           TlEventKind *kind)
{
  for (guint i = 1; i < TL_EVENT_N_KINDS; i++)
    if (str != NULL && strcmp (tl_event_kind_to_string ((TlEventKind) i), str) == 0)
      {
        *kind = (TlEventKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
tl_object_role_from_string (const char   *str,
                            TlObjectRole *role)
{
  for (guint i = 0; i < TL_N_ROLES; i++)
    if (str != NULL && strcmp (tl_object_role_to_string ((TlObjectRole) i), str) == 0)
      {
        *role = (TlObjectRole) i;
        return TRUE;
      }
  return FALSE;
}
