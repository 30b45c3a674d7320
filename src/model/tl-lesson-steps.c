/* tl-lesson-steps.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lesson's objects and its steps, from one pass over the thread
 * lanes: which worker used which object, and every item that could be a
 * step; then the items about objects that turn out not to matter are
 * left out, and what is left is sorted and merged.
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include "tl-lesson-steps.h"

/* Who used an object: its first user, and whether there was another. */
typedef struct
{
  guint32  first_lane;
  gboolean shared;
} Use;

/* A step and how telling it is, among what happens on one lane at one
 * instant: the lower, the better. */
typedef struct
{
  TlStep step;
  guint  rank;
} Candidate;

struct _TlLessonSteps
{
  GArray *steps;       /* TlStep, in time order */
};

/* ---- what matters ------------------------------------------------------- */

static guint32
span_object (TlTraceModel *model,
             const TlSpan *span)
{
  if (tl_span_kind_ref (span->kind) != TL_SPAN_REF_OBJECT || span->ref >= tl_trace_model_get_n_objects (model))
    return TL_INDEX_NONE;
  return span->ref;
}

static guint32
instant_object (TlTraceModel    *model,
                const TlInstant *instant)
{
  if (instant->role == TL_ROLE_TEXT || instant->ref >= tl_trace_model_get_n_objects (model))
    return TL_INDEX_NONE;
  return instant->ref;
}

static void
note_use (Use     *uses,
          guint32  object,
          guint32  lane)
{
  if (object == TL_INDEX_NONE)
    return;
  if (uses[object].first_lane == TL_INDEX_NONE)
    uses[object].first_lane = lane;
  else if (uses[object].first_lane != lane)
    uses[object].shared = TRUE;
}

static gboolean
is_lesson_lane (TlTraceModel *model,
                guint32       lane)
{
  return tl_lane_get_kind (tl_trace_model_get_lane (model, lane)) == TL_LANE_THREAD &&
         !tl_trace_model_is_machinery_lane (model, lane);
}

/* Per object, who used it: the workers' lanes, not the machinery's. */
static Use *
find_uses (TlTraceModel *model)
{
  guint n_objects = tl_trace_model_get_n_objects (model);
  Use *uses = g_new (Use, MAX (n_objects, 1));

  for (guint o = 0; o < n_objects; o++)
    uses[o] = (Use) { TL_INDEX_NONE, FALSE };
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (!is_lesson_lane (model, l))
        continue;
      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 0; i < n; i++)
            note_use (uses, span_object (model, &spans[i]), l);
        }
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        note_use (uses, instant_object (model, &instants[i]), l);
    }
  return uses;
}

/* What the trace shows was shared, when the lesson does not say. */
static gboolean
shows_shared (const TlObject *object,
              const Use      *use)
{
  switch ((TlObjectRole) object->role)
    {
    case TL_ROLE_QUEUE:
    case TL_ROLE_PIPE:
    case TL_ROLE_TASK:
      return use->first_lane != TL_INDEX_NONE;
    case TL_ROLE_MUTEX:
    case TL_ROLE_RLOCK:
    case TL_ROLE_SEMAPHORE:
    case TL_ROLE_CONDITION:
    case TL_ROLE_EVENT:
    case TL_ROLE_BARRIER:
    case TL_ROLE_VALUE:
    case TL_ROLE_MANAGER:
    case TL_ROLE_SHARED_MEMORY:
      return use->shared;
    case TL_ROLE_NONE:
    case TL_ROLE_PROCESS:
    case TL_ROLE_THREAD:
    case TL_ROLE_GIL:
    case TL_ROLE_TEXT:
    case TL_ROLE_ERROR:
    case TL_ROLE_STEP:
    case TL_ROLE_MACHINERY:
    case TL_N_ROLES:
    default:
      return FALSE;
    }
}

static gboolean
is_named (TlTraceModel       *model,
          const TlObject     *object,
          const char * const *names)
{
  const char *name = object->name != TL_INDEX_NONE ? tl_trace_model_get_string (model, object->name) : NULL;

  /* Tasks are the pool's, whatever the lesson calls the pool. */
  if (object->role == TL_ROLE_TASK)
    return TRUE;
  return name != NULL && g_strv_contains (names, name);
}

/* Per object, whether it matters (a byte each). */
static guint8 *
find_lesson_objects (TlTraceModel       *model,
                     const char * const *names)
{
  guint n_objects = tl_trace_model_get_n_objects (model);
  g_autofree Use *uses = find_uses (model);
  guint8 *matters = g_new0 (guint8, MAX (n_objects, 1));
  gboolean named = names != NULL && names[0] != NULL;

  for (guint o = 0; o < n_objects; o++)
    {
      const TlObject *object = tl_trace_model_get_object (model, o);

      matters[o] = named ? is_named (model, object, names) : shows_shared (object, &uses[o]);
    }
  return matters;
}

GArray *
tl_trace_model_dup_lesson_objects (TlTraceModel       *model,
                                   const char * const *names)
{
  g_autofree guint8 *matters = NULL;
  GArray *objects;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  matters = find_lesson_objects (model, names);
  objects = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 o = 0; o < tl_trace_model_get_n_objects (model); o++)
    if (matters[o])
      g_array_append_val (objects, o);
  return objects;
}

/* ---- steps -------------------------------------------------------------- */

/* How telling an instant is, or G_MAXUINT when it is never a step; for
 * @only_objects, the kinds that are steps only for a lesson's object. */
static guint
instant_rank (TlTraceModel    *model,
              guint32          lane,
              const TlInstant *instant,
              gboolean        *only_objects)
{
  *only_objects = FALSE;
  switch ((TlEventKind) instant->kind)
    {
    case TL_EVENT_ERROR_RAISED:
    case TL_EVENT_CRASH:
      return 0;
    case TL_EVENT_ERROR_REPORTED:
      return 1;
    case TL_EVENT_WRITE:
      *only_objects = TRUE;
      return 2;
    case TL_EVENT_READ:
      *only_objects = TRUE;
      return 3;
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      *only_objects = TRUE;
      return 4;
    case TL_EVENT_PRINT:
    case TL_EVENT_MARK:
      return 5;
    case TL_EVENT_WAKE:
      *only_objects = TRUE;
      return 6;
    case TL_EVENT_PROCESS_START:
    case TL_EVENT_THREAD_START:
    case TL_EVENT_THREAD_EXIT:
      return 7;
    case TL_EVENT_PROCESS_EXIT:
      /* Its own end; a parent seeing a child end is the join's. */
      return (guint32) instant->arg == tl_lane_get_pid (tl_trace_model_get_lane (model, lane)) ? 7 : G_MAXUINT;
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
      return G_MAXUINT;
    }
}

/* How telling a span's beginning or end is, or G_MAXUINT; spans are
 * steps only for a lesson's object. */
static guint
span_rank (const TlSpan *span,
           TlStepEdge    edge)
{
  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_HOLD_LOCK:
      return edge == TL_STEP_BEGIN ? 8 : 12;
    case TL_SPAN_TASK:
      return edge == TL_STEP_BEGIN ? 9 : 11;
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_QUEUE:
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
      return edge == TL_STEP_BEGIN ? 10 : 13;
    case TL_SPAN_RUNNING:
    case TL_SPAN_WAIT_GIL:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
    case TL_SPAN_WAIT_JOIN:
    case TL_SPAN_WAIT_OTHER:
    case TL_SPAN_HOLD_GIL:
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    case TL_SPAN_OWNER:
    case TL_N_SPAN_KINDS:
    default:
      return G_MAXUINT;
    }
}

static void
add_candidate (GArray    *out,
               gint64     ts,
               guint32    lane,
               TlItemType type,
               guint      track,
               guint      index,
               TlStepEdge edge,
               guint32    object,
               guint      rank)
{
  Candidate c = { { ts, { lane, (guint16) type, (guint16) track, index }, (guint8) edge, object }, rank };

  g_array_append_val (out, c);
}

static void
lane_candidates (TlTraceModel *model,
                 guint32       l,
                 const guint8 *matters,
                 GArray       *out)
{
  TlLane *lane = tl_trace_model_get_lane (model, l);
  const TlInstant *instants;
  guint n;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        {
          guint32 object = span_object (model, &spans[i]);
          guint begin = span_rank (&spans[i], TL_STEP_BEGIN);

          if (object == TL_INDEX_NONE || !matters[object] || begin == G_MAXUINT)
            continue;
          add_candidate (out, spans[i].start, l, TL_ITEM_SPAN, t, i, TL_STEP_BEGIN, object, begin);
          add_candidate (out, spans[i].end, l, TL_ITEM_SPAN, t, i, TL_STEP_END, object,
                         span_rank (&spans[i], TL_STEP_END));
        }
    }
  instants = tl_lane_get_instants (lane, &n);
  for (guint i = 0; i < n; i++)
    {
      gboolean only_objects;
      guint rank = instant_rank (model, l, &instants[i], &only_objects);
      guint32 object = instant_object (model, &instants[i]);

      if (rank == G_MAXUINT || (only_objects && (object == TL_INDEX_NONE || !matters[object])))
        continue;
      add_candidate (out, instants[i].ts, l, TL_ITEM_INSTANT, 0, i, TL_STEP_INSTANT, object, rank);
    }
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->step.ts != y->step.ts)
    return x->step.ts < y->step.ts ? -1 : 1;
  if (x->step.item.lane != y->step.item.lane)
    return x->step.item.lane < y->step.item.lane ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->step.item.index < y->step.item.index ? -1 : x->step.item.index > y->step.item.index;
}

TlLessonSteps *
tl_lesson_steps_new (TlTraceModel       *model,
                     const char * const *names)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autofree guint8 *matters = NULL;
  TlLessonSteps *self;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  matters = find_lesson_objects (model, names);
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    if (is_lesson_lane (model, l))
      lane_candidates (model, l, matters, candidates);
  g_array_sort (candidates, compare_candidates);

  self = g_new0 (TlLessonSteps, 1);
  self->steps = g_array_sized_new (FALSE, FALSE, sizeof (TlStep), candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);
      const TlStep *last = self->steps->len > 0
                           ? &g_array_index (self->steps, TlStep, self->steps->len - 1) : NULL;

      /* One lane at one instant: the most telling of what happens. */
      if (last != NULL && last->ts == c->step.ts && last->item.lane == c->step.item.lane)
        continue;
      g_array_append_val (self->steps, c->step);
    }
  return self;
}

void
tl_lesson_steps_free (TlLessonSteps *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->steps);
  g_free (self);
}

guint
tl_lesson_steps_get_n_steps (TlLessonSteps *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->steps->len;
}

const TlStep *
tl_lesson_steps_get_step (TlLessonSteps *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, TlStep, index);
}

guint
tl_lesson_steps_find (TlLessonSteps *self,
                      gint64         ts,
                      int            direction)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, G_MAXUINT);

  /* The first step after every one at or before @ts (after), or at or
   * after @ts (before). */
  hi = self->steps->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 t = g_array_index (self->steps, TlStep, mid).ts;

      if (direction > 0 ? t <= ts : t < ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (direction > 0)
    return lo < self->steps->len ? lo : G_MAXUINT;
  return lo > 0 ? lo - 1 : G_MAXUINT;
}

guint
tl_lesson_steps_lookup (TlLessonSteps *self,
                        const TlStep  *step)
{
  guint first;

  g_return_val_if_fail (self != NULL, G_MAXUINT);
  g_return_val_if_fail (step != NULL, G_MAXUINT);

  first = tl_lesson_steps_find (self, step->ts, -1);
  for (guint i = first == G_MAXUINT ? 0 : first + 1; i < self->steps->len; i++)
    {
      const TlStep *s = &g_array_index (self->steps, TlStep, i);

      if (s->ts != step->ts)
        break;
      if (s->edge == step->edge && s->item.lane == step->item.lane && s->item.type == step->item.type &&
          s->item.track == step->item.track && s->item.index == step->item.index)
        return i;
    }
  return G_MAXUINT;
}

/* ---- any event ---------------------------------------------------------- */

/* The best event of @lane at exactly @ts into @best (rank: instants,
 * then beginnings, then ends). */
static void
lane_step_at (TlTraceModel *model,
              guint32       l,
              gint64        ts,
              Candidate    *best)
{
  TlLane *lane = tl_trace_model_get_lane (model, l);
  guint first, count, n;

  tl_lane_get_instant_range (lane, ts, ts, &first, &count);
  if (count > 0 && best->rank > 0)
    {
      const TlInstant *instants = tl_lane_get_instants (lane, &n);

      *best = (Candidate) { { ts, { l, TL_ITEM_INSTANT, 0, first }, TL_STEP_INSTANT,
                              instant_object (model, &instants[first]) }, 0 };
      return;
    }
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      tl_lane_get_span_range (lane, t, ts, ts, &first, &count);
      for (guint i = first; i < first + count; i++)
        {
          TlStepEdge edge = spans[i].start == ts ? TL_STEP_BEGIN : TL_STEP_END;
          guint rank = edge == TL_STEP_BEGIN ? 1 : 2;

          if ((spans[i].start != ts && spans[i].end != ts) || rank >= best->rank)
            continue;
          *best = (Candidate) { { ts, { l, TL_ITEM_SPAN, (guint16) t, i }, (guint8) edge,
                                  span_object (model, &spans[i]) }, rank };
        }
    }
}

gboolean
tl_trace_model_find_step_at (TlTraceModel *model,
                             gint64        ts,
                             TlStep       *step)
{
  Candidate best = { { 0 }, G_MAXUINT };

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model) && best.rank > 0; l++)
    if (!tl_trace_model_is_machinery_lane (model, l))
      lane_step_at (model, l, ts, &best);
  if (best.rank == G_MAXUINT)
    return FALSE;
  *step = best.step;
  return TRUE;
}
