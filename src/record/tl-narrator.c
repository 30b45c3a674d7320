/* tl-narrator.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-narrator"

#include "config.h"

#include "tl-narrator.h"

#include <string.h>

#include "tl-analysis-deadlock.h"
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

/* ---- names ------------------------------------------------------------------------ */

static const char *
string_or (TlTraceModel *model,
           guint32       id,
           const char   *fallback)
{
  return id != TL_INDEX_NONE ? tl_trace_model_get_string (model, id) : fallback;
}

static char *
lane_label (TlTraceModel *model,
            guint32       index)
{
  TlLane *lane = tl_trace_model_get_lane (model, index);
  const char *name = string_or (model, tl_lane_get_name (lane), NULL);
  guint32 process = tl_trace_model_lookup_process (model, tl_lane_get_pid (lane));
  const char *process_name = NULL;

  if (process != TL_INDEX_NONE)
    process_name = string_or (model, tl_trace_model_get_process (model, process)->name, NULL);
  if ((name == NULL || strcmp (name, "MainThread") == 0) && process_name != NULL)
    return g_strdup (process_name);
  if (name != NULL)
    return g_strdup (name);
  return g_strdup_printf ("thread %" G_GUINT64_FORMAT, tl_lane_get_key (lane));
}

static char *
process_label (TlTraceModel *model,
               guint32       pid)
{
  guint32 process = tl_trace_model_lookup_process (model, pid);

  if (process != TL_INDEX_NONE && tl_trace_model_get_process (model, process)->name != TL_INDEX_NONE)
    return g_strdup (tl_trace_model_get_string (model, tl_trace_model_get_process (model, process)->name));
  return g_strdup_printf ("process %u", pid);
}

static const char *
object_name (TlTraceModel *model,
             guint32       object)
{
  if (object == TL_INDEX_NONE || object >= tl_trace_model_get_n_objects (model))
    return "?";
  return string_or (model, tl_trace_model_get_object (model, object)->name, "?");
}

/* ---- what is going on -------------------------------------------------------------- */

static gboolean
span_at (TlLane *lane,
         guint   track,
         gint64  ts,
         TlSpan *out)
{
  guint first, n, n_all;
  const TlSpan *spans;

  if (track < tl_lane_get_n_tracks (lane))
    {
      spans = tl_lane_get_spans (lane, track, &n_all);
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

/* The thread lanes that hold @object at @ts. */
static char *
holders_at (TlTraceModel *model,
            guint32       object,
            guint32       except,
            gint64        ts)
{
  GString *text = g_string_new (NULL);
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      if (l == except || tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      for (guint track = 1; track <= tl_lane_get_n_tracks (lane); track++)
        {
          TlSpan span;

          if (span_at (lane, track, ts, &span) && span.ref == object &&
              (span.kind == TL_SPAN_HOLD_LOCK || span.kind == TL_SPAN_HOLD_GIL))
            {
              g_autofree char *label = lane_label (model, l);

              g_string_append_printf (text, "%s%s", text->len > 0 ? " and " : "", label);
              break;
            }
        }
    }
  return g_string_free (text, text->len == 0);
}

static char *
describe_state (TlTraceModel *model,
                guint32       index,
                const TlSpan *state,
                gint64        ts)
{
  g_autofree char *who = lane_label (model, index);
  const char *what = object_name (model, state->ref);

  switch ((TlSpanKind) state->kind)
    {
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_GIL:
      {
        g_autofree char *holders = holders_at (model, state->ref, index, ts);
        const char *noun = state->kind == TL_SPAN_WAIT_GIL ? "the GIL" : what;
        const char *prefix = state->kind == TL_SPAN_WAIT_LOCK ? "lock " :
                             state->kind == TL_SPAN_WAIT_SEMAPHORE ? "semaphore " : "";

        if (holders != NULL)
          return g_strdup_printf ("%s waits for %s%s, held by %s", who, prefix, noun, holders);
        return g_strdup_printf ("%s waits for %s%s", who, prefix, noun);
      }
    case TL_SPAN_WAIT_JOIN:
      {
        const TlObject *object = state->ref < tl_trace_model_get_n_objects (model)
                                 ? tl_trace_model_get_object (model, state->ref) : NULL;

        if (object != NULL && object->role == TL_ROLE_PROCESS)
          {
            g_autofree char *target = process_label (model, (guint32) object->id);

            return g_strdup_printf ("%s waits for %s to end (join)", who, target);
          }
        return g_strdup_printf ("%s waits for a thread to end (join)", who);
      }
    case TL_SPAN_WAIT_QUEUE:
      return g_strdup_printf ("%s waits on %s", who, what);
    case TL_SPAN_WAIT_CONDITION:
      return g_strdup_printf ("%s waits on condition %s", who, what);
    case TL_SPAN_WAIT_EVENT:
      return g_strdup_printf ("%s waits for %s", who, what);
    case TL_SPAN_WAIT_BARRIER:
      return g_strdup_printf ("%s waits at barrier %s", who, what);
    case TL_SPAN_SLEEP:
      return g_strdup_printf ("%s sleeps", who);
    case TL_SPAN_IO:
      return g_strdup_printf ("%s waits for I/O", who);
    case TL_SPAN_WAIT_OTHER:
      return g_strdup_printf ("%s waits", who);
    case TL_SPAN_RUNNING:
    default:
      return NULL;
    }
}

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
      char *text;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || !span_at (lane, 0, ts, &state))
        continue;
      text = describe_state (model, l, &state, ts);
      if (text != NULL)
        add (captions, state.start, TL_CAPTION_STATE, l, text);
    }

  deadlocks = tl_analysis_find_deadlocks (model);
  for (guint i = 0; i < deadlocks->len; i++)
    {
      const TlDeadlock *deadlock = &g_array_index (deadlocks, TlDeadlock, i);

      if (deadlock->start <= ts && ts < deadlock->end)
        add (captions, deadlock->start, TL_CAPTION_DEADLOCK, deadlock->lanes[0],
             tl_deadlock_describe (model, deadlock));
    }
  return captions;
}

/* ---- what happened ------------------------------------------------------------------- */

static char *
describe_instant (TlTraceModel    *model,
                  guint32          index,
                  const TlInstant *instant,
                  TlCaptionKind   *kind)
{
  g_autofree char *who = lane_label (model, index);

  *kind = TL_CAPTION_EVENT;
  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_PROCESS_START:
      return g_strdup_printf ("%s starts", who);
    case TL_EVENT_THREAD_START:
      return g_strdup_printf ("%s starts", who);
    case TL_EVENT_PROCESS_EXIT:
      {
        g_autofree char *target = process_label (model, (guint32) instant->arg);

        if ((guint32) instant->arg == tl_lane_get_pid (tl_trace_model_get_lane (model, index)))
          return NULL;
        if (instant->flags & TL_FLAG_SIGNALED)
          return NULL;    /* told by the crash, or by the cancel */
        return g_strdup_printf ("%s sees %s exit", who, target);
      }
    case TL_EVENT_CRASH:
      {
        g_autofree char *target = process_label (model, (guint32) instant->arg);

        *kind = TL_CAPTION_ERROR;
        return g_strdup_printf ("%s crashed", target);
      }
    case TL_EVENT_PRINT:
      *kind = TL_CAPTION_OUTPUT;
      return g_strdup_printf ("%s prints “%s”", who, string_or (model, instant->ref, ""));
    case TL_EVENT_ERROR_RAISED:
      *kind = TL_CAPTION_ERROR;
      return g_strdup_printf ("%s raises %s", who, string_or (model, (guint32) instant->arg,
                                                             "an exception"));
    case TL_EVENT_ERROR_REPORTED:
      *kind = TL_CAPTION_ERROR;
      return g_strdup_printf ("%s handles %s", who, object_name (model, instant->ref));
    case TL_EVENT_SEND:
      return g_strdup_printf ("%s sends a message on %s", who, object_name (model, instant->ref));
    case TL_EVENT_RECEIVE:
      return g_strdup_printf ("%s receives a message from %s", who, object_name (model, instant->ref));
    case TL_EVENT_WAKE:
      if (instant->role == TL_ROLE_EVENT)
        return g_strdup_printf ("%s sets %s", who, object_name (model, instant->ref));
      if (instant->role == TL_ROLE_CONDITION)
        return g_strdup_printf ("%s notifies %s", who, object_name (model, instant->ref));
      if (instant->role == TL_ROLE_BARRIER)
        return g_strdup_printf ("the last of %s reaches %s: all go on", who,
                                object_name (model, instant->ref));
      return NULL;
    case TL_EVENT_MARK:
      if (instant->arg == TL_SCENARIO_MARK_PARAMS)
        return NULL;
      *kind = instant->arg == TL_SCENARIO_MARK_PLAIN ? TL_CAPTION_EVENT : TL_CAPTION_RESULT;
      return g_strdup (string_or (model, instant->ref, ""));
    default:
      return NULL;
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
          char *text = describe_instant (model, l, &instants[i], &kind);

          if (text == NULL)
            continue;
          add (captions, instants[i].ts, kind, l, text);
          found++;
        }
    }
  g_ptr_array_sort (captions, compare_captions);
  if (captions->len > max)
    g_ptr_array_remove_range (captions, 0, captions->len - max);
  return captions;
}
