/* tl-describe-legend.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A few words for each thing a picture shows, for its legend (one line,
 * even on a projector): words a student who has never seen a profiler
 * understands.  Not "slice": a step; not "hand-over": the GIL passes to
 * the next thread.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"

const char *
tl_describe_state_words (TlSpanKind kind)
{
  switch (kind)
    {
    case TL_SPAN_RUNNING:
      return _("Running");
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_SEMAPHORE:
      return _("Waits for a lock");
    case TL_SPAN_WAIT_GIL:
      return _("Waits for the GIL");
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
      return _("Sleep or I/O");
    case TL_SPAN_WAIT_QUEUE:
      return _("Waits on a queue");
    case TL_SPAN_WAIT_JOIN:
      return _("Waits in join()");
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_OTHER:
      return _("Waits to be woken");
    case TL_SPAN_HOLD_LOCK:
      return _("Holds a lock");
    case TL_SPAN_HOLD_GIL:
    case TL_SPAN_OWNER:
      return _("Holds the GIL");
    case TL_SPAN_TASK:
      return _("Task");
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    case TL_N_SPAN_KINDS:
    default:
      return _("Step");
    }
}

const char *
tl_describe_event_words (TlEventKind kind)
{
  switch (kind)
    {
    case TL_EVENT_CRASH:
      return _("Crash");
    case TL_EVENT_ERROR_RAISED:
    case TL_EVENT_ERROR_REPORTED:
      return _("Exception");
    case TL_EVENT_PRINT:
      return _("Print");
    case TL_EVENT_WRITE:
      return _("Write");
    case TL_EVENT_READ:
      return _("Read");
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      return _("Message");
    case TL_EVENT_WAKE:
      return _("Wake-up");
    case TL_EVENT_PROCESS_START:
    case TL_EVENT_PROCESS_EXIT:
    case TL_EVENT_THREAD_START:
    case TL_EVENT_THREAD_EXIT:
      return _("Start or end");
    case TL_EVENT_MARK:
    default:
      return _("Mark");
    }
}

const char *
tl_describe_flow_words (TlFlowKind   kind,
                        TlObjectRole role)
{
  switch (kind)
    {
    case TL_FLOW_MESSAGE:
      return _("Message");
    case TL_FLOW_HANDOVER:
      return role == TL_ROLE_GIL ? _("GIL passes to the next thread")
                                 : _("Lock passes to the next thread");
    case TL_FLOW_ERROR:
      return _("Exception reported");
    case TL_FLOW_WAKE:
      return _("Wake-up");
    case TL_FLOW_GENERIC:
    case TL_N_FLOW_KINDS:
    default:
      return _("Arrow");
    }
}

const char *
tl_describe_finding_words (TlFindingKind kind)
{
  if (kind == TL_FINDING_LOST_UPDATE)
    return _("Lost update");
  return _("Deadlock");
}

const char *
tl_describe_counter_words (void)
{
  return _("Value over time");
}

const char *
tl_describe_lesson_later_words (void)
{
  return _("What the run shows is told here at its end.");
}

const char *
tl_describe_calls_words (gboolean library,
                         gboolean located)
{
  if (library)
    return _("Library code");
  /* In a trace that says where code is, what is not dimmed is the
   * program's own; else calls are all it knows of them. */
  return located ? _("Your code, by function") : _("Calls, by function");
}
