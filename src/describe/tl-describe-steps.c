/* tl-describe-steps.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event a step lands on, in one sentence: an instant as it is said
 * anywhere ("Thread-3 reads 53 from counter"), a span's beginning as what
 * the thread starts doing ("Thread-1 takes L", "Thread-2 waits for L,
 * held by Thread-1"), its end as what the thread stops doing ("Thread-1
 * releases L").
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-describe-private.h"

/* A hold begins: the lock is taken. */
static char *
describe_take (TlTraceModel *model,
               const TlSpan *span,
               const char   *who)
{
  g_autofree char *what = NULL;

  if (span->kind == TL_SPAN_HOLD_GIL)
    /* TRANSLATORS: "Thread-1 takes the GIL" */
    return g_strdup_printf (_("%s takes the GIL"), who);
  what = tl_describe_object (model, span->ref);
  /* TRANSLATORS: "Thread-1 takes L" (a lock) */
  return g_strdup_printf (_("%s takes %s"), who, what);
}

/* What a thread stops doing when @span ends. */
static char *
describe_end (TlTraceModel *model,
              guint32       lane,
              const TlSpan *span,
              const char   *who)
{
  g_autofree char *what = span->ref != TL_INDEX_NONE && tl_span_kind_ref (span->kind) == TL_SPAN_REF_OBJECT
                          ? tl_describe_object (model, span->ref) : NULL;

  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_HOLD_GIL:
      /* TRANSLATORS: "Thread-1 lets go of the GIL" */
      return g_strdup_printf (_("%s lets go of the GIL"), who);
    case TL_SPAN_HOLD_LOCK:
      /* TRANSLATORS: "Thread-1 releases L" */
      return what != NULL ? g_strdup_printf (_("%s releases %s"), who, what)
                          : g_strdup_printf (_("%s releases a lock"), who);
    case TL_SPAN_TASK:
      if (span->flags & TL_SPAN_FLAG_FAILED)
        /* TRANSLATORS: "ForkPoolWorker-2's task square(3) fails" */
        return what != NULL ? g_strdup_printf (_("%s’s task %s fails"), who, what)
                            : g_strdup_printf (_("%s’s task fails"), who);
      /* TRANSLATORS: "ForkPoolWorker-2 finishes task square(3)" */
      return what != NULL ? g_strdup_printf (_("%s finishes task %s"), who, what)
                          : g_strdup_printf (_("%s finishes a task"), who);
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_GIL:
      if (span->flags & TL_SPAN_FLAG_TIMEOUT)
        return g_strdup_printf (_("%s gives up waiting: time is up"), who);
      return what != NULL ? g_strdup_printf (_("%s gets %s"), who, what)
                          : g_strdup_printf (_("%s gets the lock"), who);
    case TL_SPAN_WAIT_EVENT:
      /* TRANSLATORS: "Thread-2 goes on: ready is set" */
      return what != NULL ? g_strdup_printf (_("%s goes on: %s is set"), who, what)
                          : g_strdup_printf (_("%s goes on: the event is set"), who);
    case TL_SPAN_WAIT_BARRIER:
      /* TRANSLATORS: "Thread-2 passes barrier start: all have arrived" */
      return what != NULL ? g_strdup_printf (_("%s passes %s: all have arrived"), who, what)
                          : g_strdup_printf (_("%s passes the barrier: all have arrived"), who);
    case TL_SPAN_WAIT_CONDITION:
      return what != NULL ? g_strdup_printf (_("%s is woken on %s"), who, what)
                          : g_strdup_printf (_("%s is woken"), who);
    case TL_SPAN_WAIT_QUEUE:
      return what != NULL ? g_strdup_printf (_("%s stops waiting on %s"), who, what)
                          : g_strdup_printf (_("%s stops waiting"), who);
    case TL_SPAN_RUNNING:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
    case TL_SPAN_WAIT_JOIN:
    case TL_SPAN_WAIT_OTHER:
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    case TL_SPAN_OWNER:
    case TL_N_SPAN_KINDS:
    default:
      {
        g_autofree char *during = tl_describe_span (model, lane, span, TL_TS_NONE);

        /* TRANSLATORS: the end of something a sentence describes, "Thread-1 sleeps: done" */
        return g_strdup_printf (_("%s: done"), during);
      }
    }
}

char *
tl_describe_step (TlTraceModel *model,
                  const TlStep *step)
{
  TlLane *lane;
  g_autofree char *who = NULL;
  const TlSpan *span;
  guint n;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (step != NULL, NULL);
  g_return_val_if_fail (step->item.lane < tl_trace_model_get_n_lanes (model), NULL);

  lane = tl_trace_model_get_lane (model, step->item.lane);
  if (step->item.type == TL_ITEM_INSTANT)
    {
      const TlInstant *instants = tl_lane_get_instants (lane, &n);

      g_return_val_if_fail (step->item.index < n, NULL);
      return _tl_describe_instant_event (model, step->item.lane, &instants[step->item.index]);
    }
  span = tl_lane_get_spans (lane, step->item.track, &n);
  g_return_val_if_fail (step->item.type == TL_ITEM_SPAN && step->item.index < n, NULL);
  span = &span[step->item.index];
  if (step->edge == TL_STEP_BEGIN && span->kind != TL_SPAN_HOLD_LOCK && span->kind != TL_SPAN_HOLD_GIL)
    return tl_describe_span (model, step->item.lane, span, step->ts);
  who = tl_describe_lane (model, step->item.lane);
  if (step->edge == TL_STEP_BEGIN)
    return describe_take (model, span, who);
  return describe_end (model, step->item.lane, span, who);
}
