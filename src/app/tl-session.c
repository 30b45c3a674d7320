/* tl-session.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-session"

#include "config.h"

#include "tl-session.h"

#include "tl-bookmarks.h"

#define MIN_VISIBLE_NS  G_GINT64_CONSTANT (1000)   /* 1 µs across the view */
#define FIT_MARGIN      0.02
#define FOLLOW_MARGIN   0.04
#define SELECTION_PAD   G_GINT64_CONSTANT (50000)
/* A step moves the playhead by at least this share of the view (some
 * fifteen pixels on a projector), or the view zooms in until it does. */
#define MIN_STEP_SHARE  (1.0 / 80.0)

struct _TlSession
{
  GObject          parent_instance;

  TlTraceModel    *model;
  TlSessionState   state;
  char            *title;
  GFile           *file;

  gint64           visible_start;
  gint64           visible_end;
  gboolean         follow;

  gint64           playhead;
  gboolean         playing;
  double           speed;

  TlItemRef        selection;
  guint64          shown_generation;   /* the model's, at the last ::model-changed */

  TlStep           step;               /* the stepped event, when has_step */
  gboolean         has_step;
  gboolean         stepping;           /* moving the playhead to a step */
  TlLessonSteps   *lesson_steps;       /* on first use */
  gboolean         has_lesson;         /* the trace has objects a lesson is about */
  guint64          steps_generation;   /* the model's, when they were made */
  GStrv            lesson_objects;
  TlSpanSearch    *search;
  gint64           range_t0;           /* TL_TS_NONE: no stretch picked */
  gint64           range_t1;
};

G_DEFINE_FINAL_TYPE (TlSession, tl_session, G_TYPE_OBJECT)

static void set_step (TlSession    *self,
                      const TlStep *step);

enum {
  PROP_0,
  PROP_MODEL,
  PROP_STATE,
  PROP_TITLE,
  PROP_FILE,
  PROP_FOLLOW,
  PROP_PLAYHEAD,
  PROP_PLAYING,
  PROP_SPEED,
  N_PROPS
};

enum {
  MODEL_CHANGED,
  VISIBLE_CHANGED,
  SELECTION_CHANGED,
  STEPPED,
  BOOKMARKS_CHANGED,
  SEARCH_CHANGED,
  RANGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
tl_session_dispose (GObject *object)
{
  TlSession *self = (TlSession *) object;

  g_clear_pointer (&self->search, tl_span_search_free);
  g_clear_object (&self->model);
  g_clear_object (&self->file);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->lesson_steps, tl_lesson_steps_free);
  g_clear_pointer (&self->lesson_objects, g_strfreev);

  G_OBJECT_CLASS (tl_session_parent_class)->dispose (object);
}

static void
tl_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlSession *self = TL_SESSION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;
    case PROP_PLAYHEAD:
      g_value_set_int64 (value, self->playhead);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TlSession *self = TL_SESSION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      tl_session_set_title (self, g_value_get_string (value));
      break;
    case PROP_FOLLOW:
      tl_session_set_follow (self, g_value_get_boolean (value));
      break;
    case PROP_PLAYHEAD:
      tl_session_set_playhead (self, g_value_get_int64 (value));
      break;
    case PROP_PLAYING:
      tl_session_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      tl_session_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_session_class_init (TlSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_session_dispose;
  object_class->get_property = tl_session_get_property;
  object_class->set_property = tl_session_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, TL_TYPE_TRACE_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, TL_SESSION_EMPTY, TL_SESSION_STOPPED, TL_SESSION_EMPTY,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYHEAD] =
    g_param_spec_int64 ("playhead", NULL, NULL, G_MININT64, G_MAXINT64, TL_TS_NONE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.1, 10.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MODEL_CHANGED] =
    g_signal_new ("model-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[VISIBLE_CHANGED] =
    g_signal_new ("visible-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STEPPED] =
    g_signal_new ("stepped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[BOOKMARKS_CHANGED] =
    g_signal_new ("bookmarks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SEARCH_CHANGED] =
    g_signal_new ("search-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RANGE_CHANGED] =
    g_signal_new ("range-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_session_init (TlSession *self)
{
  self->follow = TRUE;
  self->playhead = TL_TS_NONE;
  self->speed = 1.0;
  self->selection.lane = TL_INDEX_NONE;
  self->visible_end = G_GINT64_CONSTANT (1000000000);
  self->range_t0 = self->range_t1 = TL_TS_NONE;
}

TlSession *
tl_session_new (void)
{
  return g_object_new (TL_TYPE_SESSION, NULL);
}

TlTraceModel *
tl_session_get_model (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);
  return self->model;
}

void
tl_session_set_model (TlSession      *self,
                      TlTraceModel   *model,
                      TlSessionState  state)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (g_set_object (&self->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_clear_pointer (&self->lesson_steps, tl_lesson_steps_free);
  set_step (self, NULL);
  self->selection.lane = TL_INDEX_NONE;
  tl_session_set_playing (self, FALSE);
  tl_session_set_playhead (self, TL_TS_NONE);
  tl_session_set_state (self, model != NULL ? state : TL_SESSION_EMPTY);
  self->follow = TRUE;
  tl_session_zoom_to_fit (self);
  /* What was found and measured was in the model that is gone. */
  tl_session_set_search (self, NULL);
  tl_session_set_range (self, TL_TS_NONE, TL_TS_NONE);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  self->shown_generation = model != NULL ? tl_trace_model_get_generation (model) : 0;
  g_signal_emit (self, signals[MODEL_CHANGED], 0);
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0);
}

TlSessionState
tl_session_get_state (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), TL_SESSION_EMPTY);
  return self->state;
}

void
tl_session_set_state (TlSession      *self,
                      TlSessionState  state)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
tl_session_get_title (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);
  return self->title;
}

void
tl_session_set_title (TlSession  *self,
                      const char *title)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

GFile *
tl_session_get_file (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);
  return self->file;
}

void
tl_session_set_file (TlSession *self,
                     GFile     *file)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

void
tl_session_get_visible (TlSession *self,
                        gint64    *start,
                        gint64    *end)
{
  g_return_if_fail (TL_IS_SESSION (self));
  *start = self->visible_start;
  *end = self->visible_end;
}

void
tl_session_set_visible (TlSession *self,
                        gint64     start,
                        gint64     end)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (end - start < MIN_VISIBLE_NS)
    {
      gint64 middle = start + (end - start) / 2;

      start = middle - MIN_VISIBLE_NS / 2;
      end = start + MIN_VISIBLE_NS;
    }
  if (start == self->visible_start && end == self->visible_end)
    return;
  self->visible_start = start;
  self->visible_end = end;
  g_signal_emit (self, signals[VISIBLE_CHANGED], 0);
}

void
tl_session_zoom (TlSession *self,
                 double     factor,
                 gint64     around)
{
  double start, end;

  g_return_if_fail (TL_IS_SESSION (self));
  g_return_if_fail (factor > 0);

  /* Keep the time under the pointer where it is on screen. */
  start = around - (around - self->visible_start) / factor;
  end = around + (self->visible_end - around) / factor;
  if (factor > 1)
    tl_session_set_follow (self, FALSE);
  tl_session_set_visible (self, (gint64) start, (gint64) end);
}

void
tl_session_pan (TlSession *self,
                gint64     delta)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (delta == 0)
    return;
  tl_session_set_follow (self, FALSE);
  tl_session_set_visible (self, self->visible_start + delta, self->visible_end + delta);
}

void
tl_session_zoom_to_fit (TlSession *self)
{
  gint64 start = 0, end = 0, margin;

  g_return_if_fail (TL_IS_SESSION (self));

  if (self->model == NULL || !tl_trace_model_get_time_range (self->model, &start, &end))
    {
      tl_session_set_visible (self, 0, G_GINT64_CONSTANT (1000000000));
      return;
    }
  margin = MAX ((gint64) ((end - start) * FIT_MARGIN), MIN_VISIBLE_NS);
  tl_session_set_visible (self, start - margin, end + margin);
  tl_session_set_follow (self, TRUE);
}

gboolean
tl_session_get_follow (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);
  return self->follow;
}

void
tl_session_set_follow (TlSession *self,
                       gboolean   follow)
{
  g_return_if_fail (TL_IS_SESSION (self));

  follow = !!follow;
  if (self->follow == follow)
    return;
  self->follow = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

gint64
tl_session_get_now (TlSession *self)
{
  gint64 start, end;

  g_return_val_if_fail (TL_IS_SESSION (self), TL_TS_NONE);

  if (self->model == NULL || !tl_trace_model_get_time_range (self->model, &start, &end))
    return TL_TS_NONE;
  if (self->state == TL_SESSION_LIVE)
    end = MAX (end, g_get_monotonic_time () * 1000);
  return end;
}

void
tl_session_follow_now (TlSession *self)
{
  gint64 start, end, now, margin;

  g_return_if_fail (TL_IS_SESSION (self));

  if (!self->follow || self->state != TL_SESSION_LIVE ||
      !tl_trace_model_get_time_range (self->model, &start, &end))
    return;
  now = tl_session_get_now (self);
  /* Everything so far, with "now" near the right edge: a short run stays
   * readable while it grows. */
  margin = MAX ((gint64) ((now - start) * FOLLOW_MARGIN), G_GINT64_CONSTANT (1000000));
  tl_session_set_visible (self, start - margin / 4, now + margin);
}

gboolean
tl_session_zoom_to_selection (TlSession *self)
{
  gint64 start, end, pad;

  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);

  if (self->model == NULL || self->selection.lane == TL_INDEX_NONE ||
      !tl_trace_model_get_item_range (self->model, &self->selection, &start, &end))
    return FALSE;
  pad = MAX ((end - start) / 10, SELECTION_PAD);
  tl_session_set_follow (self, FALSE);
  tl_session_set_visible (self, start - pad, end + pad);
  return TRUE;
}

static gboolean
same_step (const TlStep *a,
           const TlStep *b)
{
  return a->ts == b->ts && a->edge == b->edge && a->item.lane == b->item.lane &&
         a->item.type == b->item.type && a->item.track == b->item.track && a->item.index == b->item.index;
}

static void
set_step (TlSession    *self,
          const TlStep *step)
{
  if (step == NULL ? !self->has_step : self->has_step && same_step (step, &self->step))
    return;
  self->has_step = step != NULL;
  if (step != NULL)
    self->step = *step;
  g_signal_emit (self, signals[STEPPED], 0);
}

gint64
tl_session_get_playhead (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), TL_TS_NONE);
  return self->playhead;
}

void
tl_session_set_playhead (TlSession *self,
                         gint64     playhead)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (self->playhead == playhead)
    return;
  self->playhead = playhead;
  /* Moved by anything but a step: it has left the stepped event. */
  if (!self->stepping)
    set_step (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYHEAD]);
}

gboolean
tl_session_get_playing (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);
  return self->playing;
}

void
tl_session_set_playing (TlSession *self,
                        gboolean   playing)
{
  gint64 start, end;

  g_return_if_fail (TL_IS_SESSION (self));

  playing = !!playing && self->model != NULL && self->state == TL_SESSION_STOPPED;
  if (self->playing == playing)
    return;
  self->playing = playing;

  /* Playing from the end (or from nowhere) starts over. */
  if (playing && tl_trace_model_get_time_range (self->model, &start, &end) &&
      (self->playhead == TL_TS_NONE || self->playhead >= end))
    tl_session_set_playhead (self, start);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
tl_session_get_speed (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), 1.0);
  return self->speed;
}

void
tl_session_set_speed (TlSession *self,
                      double     speed)
{
  g_return_if_fail (TL_IS_SESSION (self));

  speed = CLAMP (speed, 0.1, 10.0);
  if (G_APPROX_VALUE (self->speed, speed, 1e-9))
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

/* ---- steps ----------------------------------------------------------------- */

TlLessonSteps *
tl_session_get_lesson_steps (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);

  if (self->model == NULL)
    return NULL;
  if (self->lesson_steps != NULL && self->steps_generation != tl_trace_model_get_generation (self->model))
    g_clear_pointer (&self->lesson_steps, tl_lesson_steps_free);
  if (self->lesson_steps == NULL)
    {
      g_autoptr(GArray) objects = tl_trace_model_dup_lesson_objects (self->model,
                                                                     (const char * const *) self->lesson_objects);

      self->lesson_steps = tl_lesson_steps_new (self->model, (const char * const *) self->lesson_objects);
      self->steps_generation = tl_trace_model_get_generation (self->model);
      self->has_lesson = objects->len > 0;
    }
  return self->lesson_steps;
}

void
tl_session_set_lesson_objects (TlSession          *self,
                               const char * const *names)
{
  g_return_if_fail (TL_IS_SESSION (self));

  g_clear_pointer (&self->lesson_objects, g_strfreev);
  self->lesson_objects = names != NULL ? g_strdupv ((char **) names) : NULL;
  g_clear_pointer (&self->lesson_steps, tl_lesson_steps_free);
}

const TlStep *
tl_session_get_step (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);
  return self->has_step ? &self->step : NULL;
}

/* Where a step goes from: the playhead, or before the start (forward)
 * or after the end (back) when there is none. */
static gint64
step_origin (TlSession *self,
             int        direction)
{
  gint64 start, end;

  if (self->playhead != TL_TS_NONE)
    return self->playhead;
  tl_trace_model_get_time_range (self->model, &start, &end);
  return direction > 0 ? start - 1 : end + 1;
}

/* The step shows: in view with where the playhead was, and apart from
 * it.  Closer than the eye can tell at this zoom, the view looks closer,
 * around the step; farther than the view, it looks wider again, so that
 * a run of close steps does not leave a class looking at a microsecond. */
static void
show_step (TlSession *self,
           gint64     from,
           gint64     to)
{
  gint64 width = self->visible_end - self->visible_start;
  gint64 gap = from != TL_TS_NONE ? ABS (to - from) : 0;
  gboolean from_seen = from != TL_TS_NONE && from >= self->visible_start && from <= self->visible_end;
  gboolean to_seen = to >= self->visible_start && to <= self->visible_end;
  gint64 start, end, wanted;

  if (to_seen && (!from_seen || gap == 0 || (double) gap >= MIN_STEP_SHARE * (double) width))
    return;
  if (to_seen)
    {
      tl_session_zoom (self, MIN ((double) width * MIN_STEP_SHARE / (double) gap,
                                  (double) width / (double) MIN_VISIBLE_NS), to);
      return;
    }
  /* Out of view: both ends of the step in sight, at the zoom it takes. */
  tl_session_set_follow (self, FALSE);
  wanted = width;
  if (from != TL_TS_NONE && self->model != NULL && tl_trace_model_get_time_range (self->model, &start, &end))
    wanted = MIN (MAX (width, gap * 2), MAX (end - start, width));
  if (from != TL_TS_NONE && gap * 2 <= wanted)
    tl_session_set_visible (self, MIN (from, to) + gap / 2 - wanted / 2, MIN (from, to) + gap / 2 + wanted / 2);
  else
    tl_session_set_visible (self, to - wanted / 2, to + wanted / 2);
}

static void
take_step (TlSession    *self,
           const TlStep *step)
{
  gint64 from = self->playhead;

  tl_session_set_playing (self, FALSE);
  /* Whoever hears the playhead move must not take the last step for
   * this one: ::stepped follows once, with the new step. */
  self->has_step = FALSE;
  self->stepping = TRUE;
  tl_session_set_playhead (self, step->ts);
  self->stepping = FALSE;
  /* Stopped short (a question asked just before its moment): the step
   * was not taken, and the caption must not tell it. */
  if (self->playhead != step->ts)
    return;
  set_step (self, step);
  show_step (self, from, step->ts);
}

/* Takes the lesson's step @index, if there is one (not G_MAXUINT). */
static gboolean
take_lesson_step (TlSession     *self,
                  TlLessonSteps *steps,
                  guint          index)
{
  if (index == G_MAXUINT)
    return FALSE;
  take_step (self, tl_lesson_steps_get_step (steps, index));
  return TRUE;
}

gboolean
tl_session_step (TlSession *self,
                 int        direction)
{
  TlLessonSteps *steps;
  guint index;

  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);

  steps = tl_session_get_lesson_steps (self);
  if (steps == NULL)
    return FALSE;
  /* A trace with nothing a lesson is about (a profile of slices, say):
   * every event is a step. */
  if (!self->has_lesson)
    return tl_session_step_every (self, direction);
  /* From the step it is on: others may share its time, on other lanes. */
  index = self->has_step && self->step.ts == self->playhead ? tl_lesson_steps_lookup (steps, &self->step)
                                                           : G_MAXUINT;
  if (index != G_MAXUINT)
    index = direction > 0 ? (index + 1 < tl_lesson_steps_get_n_steps (steps) ? index + 1 : G_MAXUINT)
                          : (index > 0 ? index - 1 : G_MAXUINT);
  else
    index = tl_lesson_steps_find (steps, step_origin (self, direction), direction);
  return take_lesson_step (self, steps, index);
}

gboolean
tl_session_step_onto (TlSession *self,
                      gint64     ts)
{
  TlLessonSteps *steps;

  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);

  steps = tl_session_get_lesson_steps (self);
  if (steps == NULL)
    return FALSE;
  return take_lesson_step (self, steps, tl_lesson_steps_find (steps, ts - 1, 1));
}

gboolean
tl_session_step_every (TlSession *self,
                       int        direction)
{
  gint64 at;
  TlStep step;

  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  at = step_origin (self, direction);
  /* The next moment something happens to a worker (not the machinery). */
  do
    at = tl_trace_model_get_next_boundary (self->model, at, direction);
  while (at != TL_TS_NONE && !tl_trace_model_find_step_at (self->model, at, &step));
  if (at == TL_TS_NONE)
    return FALSE;
  take_step (self, &step);
  return TRUE;
}

/* ---- bookmarks -------------------------------------------------------------- */

guint
tl_session_add_bookmark (TlSession  *self,
                         gint64      ts,
                         const char *note)
{
  guint index;

  g_return_val_if_fail (TL_IS_SESSION (self), G_MAXUINT);
  g_return_val_if_fail (self->model != NULL, G_MAXUINT);

  index = tl_trace_model_add_bookmark (self->model, ts, note);
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0);
  return index;
}

void
tl_session_set_bookmark_note (TlSession  *self,
                              guint       index,
                              const char *note)
{
  g_return_if_fail (TL_IS_SESSION (self));
  g_return_if_fail (self->model != NULL);

  tl_trace_model_set_bookmark_note (self->model, index, note);
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0);
}

void
tl_session_remove_bookmark (TlSession *self,
                            guint      index)
{
  g_return_if_fail (TL_IS_SESSION (self));
  g_return_if_fail (self->model != NULL);

  tl_trace_model_remove_bookmark (self->model, index);
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0);
}

guint
tl_session_goto_bookmark (TlSession *self,
                          int        direction)
{
  guint index;
  gint64 ts;

  g_return_val_if_fail (TL_IS_SESSION (self), G_MAXUINT);

  if (self->model == NULL || self->state != TL_SESSION_STOPPED)
    return G_MAXUINT;
  index = tl_trace_model_find_bookmark (self->model, step_origin (self, direction), direction);
  if (index == G_MAXUINT)
    return G_MAXUINT;
  ts = tl_trace_model_get_bookmark (self->model, index)->ts;
  tl_session_set_playing (self, FALSE);
  tl_session_set_playhead (self, ts);
  show_step (self, TL_TS_NONE, ts);
  return index;
}

const TlItemRef *
tl_session_get_selection (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);
  return &self->selection;
}

void
tl_session_set_selection (TlSession       *self,
                          const TlItemRef *selection)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (selection == NULL)
    self->selection.lane = TL_INDEX_NONE;
  else
    self->selection = *selection;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

gboolean
tl_session_refresh_model (TlSession *self)
{
  guint64 generation;

  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  generation = tl_trace_model_get_generation (self->model);
  if (generation == self->shown_generation)
    return FALSE;
  self->shown_generation = generation;
  g_signal_emit (self, signals[MODEL_CHANGED], 0);
  return TRUE;
}

/* ---- what is searched and measured ---------------------------------------- */

void
tl_session_set_search (TlSession    *self,
                       TlSpanSearch *search)
{
  g_autoptr(TlSpanSearch) old = NULL;

  g_return_if_fail (TL_IS_SESSION (self));

  if (search == NULL && self->search == NULL)
    return;
  /* The old one goes once everyone heard of the new. */
  old = g_steal_pointer (&self->search);
  self->search = search;
  g_signal_emit (self, signals[SEARCH_CHANGED], 0);
}

const TlSpanSearch *
tl_session_get_search (TlSession *self)
{
  g_return_val_if_fail (TL_IS_SESSION (self), NULL);
  return self->search;
}

void
tl_session_set_range (TlSession *self,
                      gint64     t0,
                      gint64     t1)
{
  g_return_if_fail (TL_IS_SESSION (self));

  if (t0 == TL_TS_NONE || t1 == TL_TS_NONE || t1 <= t0)
    t0 = t1 = TL_TS_NONE;
  if (t0 == self->range_t0 && t1 == self->range_t1)
    return;
  self->range_t0 = t0;
  self->range_t1 = t1;
  g_signal_emit (self, signals[RANGE_CHANGED], 0);
}

gboolean
tl_session_get_range (TlSession *self,
                      gint64    *t0,
                      gint64    *t1)
{
  g_return_val_if_fail (TL_IS_SESSION (self), FALSE);

  if (t0 != NULL)
    *t0 = self->range_t0;
  if (t1 != NULL)
    *t1 = self->range_t1;
  return self->range_t0 != TL_TS_NONE;
}
