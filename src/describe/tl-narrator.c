/* tl-narrator.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-narrator"

#include "config.h"

#include "tl-narrator.h"

#include "tl-analysis-deadlock.h"
#include "tl-describe-private.h"
/* For the kinds of marks the engine records; nothing of it is linked. */
#include "tl-scenario.h"

GType
tl_caption_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    {
      GType t = g_boxed_type_register_static (g_intern_static_string ("TlCaption"),
                                              (GBoxedCopyFunc) tl_caption_copy,
                                              (GBoxedFreeFunc) tl_caption_free);

      g_once_init_leave (&type, t);
    }
  return type;
}

TlCaption *
tl_caption_copy (const TlCaption *caption)
{
  TlCaption *copy = g_memdup2 (caption, sizeof *caption);

  copy->text = g_strdup (caption->text);
  return copy;
}

void
tl_caption_free (TlCaption *caption)
{
  if (caption == NULL)
    return;
  g_free (caption->text);
  g_free (caption);
}

static void
add (GPtrArray     *captions,
     gint64         ts,
     TlCaptionKind  kind,
     guint32        lane,
     char          *text)
{
  TlCaption *caption = g_new0 (TlCaption, 1);

  caption->ts = ts;
  caption->kind = kind;
  caption->lane = lane;
  caption->text = text;
  g_ptr_array_add (captions, caption);
}

/* ---- what is going on -------------------------------------------------------------- */

GPtrArray *
tl_narrator_describe_at (TlTraceModel *model,
                         gint64        ts)
{
  GPtrArray *captions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_caption_free);
  g_autoptr(GArray) deadlocks = NULL;
  guint n_lanes;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), captions);

  n_lanes = tl_trace_model_get_n_lanes (model);
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      TlSpan state;

      /* Running is what threads do: only the waits are worth a word. */
      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || !_tl_describe_span_at (lane, 0, ts, &state) ||
          state.kind == TL_SPAN_RUNNING)
        continue;
      add (captions, state.start, TL_CAPTION_STATE, l, tl_describe_span (model, l, &state, ts));
    }

  deadlocks = tl_analysis_find_deadlocks (model);
  for (guint i = 0; i < deadlocks->len; i++)
    {
      const TlDeadlock *deadlock = &g_array_index (deadlocks, TlDeadlock, i);

      if (deadlock->start <= ts && ts < deadlock->end)
        add (captions, deadlock->start, TL_CAPTION_DEADLOCK, deadlock->lanes[0],
             tl_describe_deadlock (model, deadlock));
    }
  return captions;
}

/* ---- what happened ------------------------------------------------------------------- */

/* Whether an instant belongs in the story, and as what. */
static gboolean
story_kind (TlTraceModel    *model,
            guint32          lane,
            const TlInstant *instant,
            TlCaptionKind   *kind)
{
  *kind = TL_CAPTION_EVENT;
  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_PROCESS_START:
    case TL_EVENT_THREAD_START:
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      return TRUE;
    case TL_EVENT_PROCESS_EXIT:
      /* A process's own exit is told by whoever sees it end; a signal, by
       * the crash or by the cancel. */
      return (guint32) instant->arg != tl_lane_get_pid (tl_trace_model_get_lane (model, lane)) &&
             !(instant->flags & TL_FLAG_SIGNALED);
    case TL_EVENT_CRASH:
    case TL_EVENT_ERROR_RAISED:
    case TL_EVENT_ERROR_REPORTED:
      *kind = TL_CAPTION_ERROR;
      return TRUE;
    case TL_EVENT_PRINT:
      *kind = TL_CAPTION_OUTPUT;
      return TRUE;
    case TL_EVENT_WAKE:
      return instant->role == TL_ROLE_EVENT || instant->role == TL_ROLE_CONDITION ||
             instant->role == TL_ROLE_BARRIER;
    case TL_EVENT_MARK:
      /* The parameters and the machine's load are context, not news. */
      if (instant->arg == TL_SCENARIO_MARK_PARAMS || instant->arg == TL_SCENARIO_MARK_LOAD)
        return FALSE;
      *kind = instant->arg == TL_SCENARIO_MARK_PLAIN ? TL_CAPTION_EVENT : TL_CAPTION_RESULT;
      return TRUE;
    default:
      return FALSE;
    }
}

static gint
compare_captions (gconstpointer a,
                  gconstpointer b)
{
  const TlCaption *x = *(const TlCaption **) a, *y = *(const TlCaption **) b;

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

GPtrArray *
tl_narrator_recent (TlTraceModel *model,
                    gint64        ts,
                    guint         max)
{
  GPtrArray *captions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_caption_free);
  guint n_lanes;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), captions);

  n_lanes = tl_trace_model_get_n_lanes (model);
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint first, n, found = 0;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      tl_lane_get_instant_range (lane, G_MININT64, ts, &first, &n);
      /* Newest first, up to @max from each lane. */
      for (guint i = first + n; i-- > first && found < max;)
        {
          TlCaptionKind kind;

          if (!story_kind (model, l, &instants[i], &kind))
            continue;
          add (captions, instants[i].ts, kind, l, tl_describe_instant (model, l, &instants[i]));
          found++;
        }
    }
  g_ptr_array_sort (captions, compare_captions);
  if (captions->len > max)
    g_ptr_array_remove_range (captions, 0, captions->len - max);
  return captions;
}
