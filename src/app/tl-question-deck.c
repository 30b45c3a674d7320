/* tl-question-deck.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The deck watches the session's playhead.  A forward move that reaches
 * an unasked question's moment (its event's time) is cut just before it:
 * the replay pauses there, the question is asked.  While a question is
 * on screen, a move past its moment reveals it (a step is a way to
 * answer), and a move back before it takes it off and asks it again
 * later.  A live run has no playhead; when its tempo is below 1, the
 * deck looks for the moments as the model grows and, when one comes,
 * stops the view there with a playhead of its own.
 */
#define G_LOG_DOMAIN "tl-question"

#include "config.h"

#include <string.h>

#include "tl-describe.h"
#include "tl-question-deck.h"

/* How often a live run's new events are searched for the moments. */
#define LIVE_LOOK_US 100000
/* A revealed span is shown this share of the view past its start. */
#define REVEAL_SHARE 0.05

typedef struct
{
  gboolean     done;       /* asked and answered on this pass */
  gboolean     found;
  TlEventMatch moment;
} Slot;

struct _TlQuestionDeck
{
  GObject          parent_instance;

  TlSession       *session;
  TlTraceModel    *model;
  GPtrArray       *questions;  /* TlScenarioQuestion */
  GArray          *slots;      /* Slot, one per question */
  gboolean         moments_known;  /* every slot searched, in a finished trace */

  int              current;    /* the question on screen, or -1 */
  TlQuestionState  state;
  int              guess;
  gint64           last_playhead;
  gboolean         moving;     /* the deck moves the playhead itself */
  gboolean         holding;    /* a live run's view stopped at a question */
  gint64           last_look_us;
  guint            look_id;

  /* The facts of the moment on screen. */
  char            *worker;
  gboolean         has_value;
  gint64           value;
  gboolean         has_read;
  gint64           read;
};

G_DEFINE_FINAL_TYPE (TlQuestionDeck, tl_question_deck, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the questions and their moments ------------------------------------ */

static TlScenarioQuestion *
question_at (TlQuestionDeck *self,
             int             index)
{
  return g_ptr_array_index (self->questions, index);
}

static Slot *
slot_at (TlQuestionDeck *self,
         int             index)
{
  return &g_array_index (self->slots, Slot, index);
}

static gboolean
find_moment (TlQuestionDeck *self,
             int             index)
{
  TlScenarioQuestion *q = question_at (self, index);
  Slot *slot = slot_at (self, index);
  TlEventQuery query = {
    tl_moment_get_event (q->moment), q->object, q->n, q->moment == TL_MOMENT_LOST,
  };

  slot->found = tl_trace_model_find_event (self->model, &query, &slot->moment);
  return slot->found;
}

/* A finished trace's moments do not change: found once. */
static void
know_moments (TlQuestionDeck *self)
{
  if (self->moments_known || self->model == NULL ||
      tl_session_get_state (self->session) != TL_SESSION_STOPPED)
    return;
  for (guint i = 0; i < self->questions->len; i++)
    find_moment (self, (int) i);
  self->moments_known = TRUE;
}

static void
load_questions (TlQuestionDeck *self)
{
  const char *text = self->model != NULL ? tl_trace_model_get_metadata (self->model, TL_SCENARIO_METADATA_QUESTIONS)
                                         : NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *questions = NULL;

  g_clear_pointer (&self->questions, g_ptr_array_unref);
  if (text != NULL && (questions = tl_scenario_questions_from_text (text, &error)) == NULL)
    g_warning ("The trace's questions do not make sense: %s", error->message);
  self->questions = questions != NULL ? questions : g_ptr_array_new ();
  g_array_set_size (self->slots, 0);
  g_array_set_size (self->slots, self->questions->len);
  self->moments_known = FALSE;
}

/* Whether the live run is slowed down: then it asks too. */
static gboolean
is_slow_live (TlQuestionDeck *self)
{
  const char *tempo = tl_trace_model_get_metadata (self->model, "scenario.tempo");

  return tl_session_get_state (self->session) == TL_SESSION_LIVE && tempo != NULL &&
         g_ascii_strtod (tempo, NULL) < 1.0;
}

/* ---- the facts of a moment ---------------------------------------------- */

static void
learn_facts (TlQuestionDeck *self)
{
  const TlEventMatch *m = &slot_at (self, self->current)->moment;

  g_free (self->worker);
  self->worker = tl_describe_lane (self->model, m->lane);
  self->has_value = m->object != TL_INDEX_NONE &&
                    tl_trace_model_get_value_before (self->model, m->object, m->ts, &self->value);
  self->has_read = m->object != TL_INDEX_NONE &&
                   tl_trace_model_get_last_read (self->model, m->lane, m->object, m->ts, &self->read);
}

static char *
say (TlQuestionDeck *self,
     const char     *text)
{
  return tl_scenario_question_expand (text, self->worker, self->has_value ? &self->value : NULL,
                                      self->has_read ? &self->read : NULL);
}

/* ---- moving through them ----------------------------------------------- */

static void
set_playhead (TlQuestionDeck *self,
              gint64          ts)
{
  self->moving = TRUE;
  tl_session_set_playhead (self->session, ts);
  self->last_playhead = ts;
  self->moving = FALSE;
}

/* Keeps @ts in sight, in the middle when the view must move. */
static void
show_time (TlQuestionDeck *self,
           gint64          ts)
{
  gint64 t0, t1;

  tl_session_get_visible (self->session, &t0, &t1);
  if (ts > t0 && ts < t1)
    return;
  tl_session_set_follow (self->session, FALSE);
  tl_session_set_visible (self->session, ts - (t1 - t0) / 2, ts + (t1 - t0) / 2);
}

static void
ask (TlQuestionDeck *self,
     int             index)
{
  gint64 ts = slot_at (self, index)->moment.ts;

  g_debug ("asking %s", question_at (self, index)->id);
  self->current = index;
  self->state = TL_QUESTION_ASKED;
  self->guess = -1;
  learn_facts (self);
  self->moving = TRUE;
  tl_session_set_playing (self->session, FALSE);
  self->moving = FALSE;
  set_playhead (self, ts - 1);
  show_time (self, ts);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The earliest unanswered moment after @from, up to @to. */
static int
first_crossed (TlQuestionDeck *self,
               gint64          from,
               gint64          to)
{
  int best = -1;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = slot_at (self, (int) i);

      if (slot->found && !slot->done && slot->moment.ts > from && slot->moment.ts <= to &&
          (best < 0 || slot->moment.ts < slot_at (self, best)->moment.ts))
        best = (int) i;
    }
  return best;
}

/* Questions whose moment lies after @ts may be asked again. */
static void
rearm_after (TlQuestionDeck *self,
             gint64          ts)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (slot_at (self, (int) i)->moment.ts > ts)
      slot_at (self, (int) i)->done = FALSE;
}

static void
put_away (TlQuestionDeck *self)
{
  if (self->state == TL_QUESTION_NONE)
    return;
  self->state = TL_QUESTION_NONE;
  self->current = -1;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Where the reveal leaves the playhead: on an instant, a little into a
 * span, never past another question's moment. */
static gint64
reveal_time (TlQuestionDeck *self)
{
  const TlEventMatch *m = &slot_at (self, self->current)->moment;
  gint64 start, end, t0, t1, ts = m->ts;
  int next;

  if (m->item.type == TL_ITEM_SPAN && tl_trace_model_get_item_range (self->model, &m->item, &start, &end))
    {
      tl_session_get_visible (self->session, &t0, &t1);
      ts = MAX (m->ts, MIN (end, start + (gint64) ((t1 - t0) * REVEAL_SHARE)));
    }
  next = first_crossed (self, m->ts, ts);
  if (next >= 0 && next != self->current)
    ts = MIN (ts, slot_at (self, next)->moment.ts - 1);
  return MAX (ts, m->ts);
}

static void
reveal (TlQuestionDeck *self)
{
  const TlEventMatch *m = &slot_at (self, self->current)->moment;

  self->state = TL_QUESTION_REVEALED;
  set_playhead (self, reveal_time (self));
  tl_session_set_selection (self->session, &m->item);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
go_on (TlQuestionDeck *self,
       gboolean        resume)
{
  slot_at (self, self->current)->done = TRUE;
  put_away (self);
  if (self->holding && tl_session_get_state (self->session) == TL_SESSION_LIVE)
    {
      /* Back to the live run, as it is now. */
      self->holding = FALSE;
      set_playhead (self, TL_TS_NONE);
      tl_session_set_follow (self->session, TRUE);
      tl_session_follow_now (self->session);
      return;
    }
  self->holding = FALSE;
  if (resume)
    tl_session_set_playing (self->session, TRUE);
}

/* ---- following the session ------------------------------------------------ */

static void
playhead_cb (TlQuestionDeck *self)
{
  gint64 to = tl_session_get_playhead (self->session);
  gint64 from = self->last_playhead;
  int next;

  if (self->moving)
    return;
  self->last_playhead = to;
  if (to == TL_TS_NONE || self->questions->len == 0)
    {
      put_away (self);
      for (guint i = 0; i < self->slots->len; i++)
        slot_at (self, (int) i)->done = FALSE;
      return;
    }
  know_moments (self);

  if (self->state != TL_QUESTION_NONE)
    {
      gint64 moment = slot_at (self, self->current)->moment.ts;

      if (to < moment - 1)
        {
          put_away (self);
          rearm_after (self, to);
          return;
        }
      if (self->state == TL_QUESTION_ASKED && to > moment - 1)
        {
          reveal (self);
          return;
        }
      if (self->state == TL_QUESTION_REVEALED && to > moment && from != TL_TS_NONE && to > from)
        go_on (self, FALSE);
      else
        return;
    }
  if (from == TL_TS_NONE)
    return;
  if (to < from)
    {
      rearm_after (self, to);
      return;
    }
  if ((next = first_crossed (self, from, to)) >= 0)
    ask (self, next);
}

static void
playing_cb (TlQuestionDeck *self)
{
  /* Space goes on from a question. */
  if (!self->moving && tl_session_get_playing (self->session) && self->state != TL_QUESTION_NONE)
    go_on (self, FALSE);
}

static void look_live (TlQuestionDeck *self);

static gboolean
look_again_cb (gpointer data)
{
  TlQuestionDeck *self = data;

  self->look_id = 0;
  look_live (self);
  return G_SOURCE_REMOVE;
}

/* A live run slowed down: the first moment to come stops the view.  The
 * model is searched at most every LIVE_LOOK_US; what grew meanwhile is
 * searched when that time is up. */
static void
look_live (TlQuestionDeck *self)
{
  gint64 now_us = g_get_monotonic_time ();
  int next = -1;

  if (self->model == NULL || self->questions->len == 0 || self->state != TL_QUESTION_NONE ||
      tl_session_get_playhead (self->session) != TL_TS_NONE || !is_slow_live (self))
    return;
  if (now_us - self->last_look_us < LIVE_LOOK_US)
    {
      if (self->look_id == 0)
        self->look_id = g_timeout_add ((guint) ((LIVE_LOOK_US - (now_us - self->last_look_us)) / 1000) + 1,
                                       look_again_cb, self);
      return;
    }
  self->last_look_us = now_us;
  for (guint i = 0; i < self->questions->len; i++)
    if (!slot_at (self, (int) i)->done && find_moment (self, (int) i) &&
        (next < 0 || slot_at (self, (int) i)->moment.ts < slot_at (self, next)->moment.ts))
      next = (int) i;
  if (next < 0)
    return;
  /* The view stops where the question is; the run goes on. */
  self->holding = TRUE;
  tl_session_set_follow (self->session, FALSE);
  ask (self, next);
}

static void
model_changed_cb (TlQuestionDeck *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);

  if (model != self->model)
    {
      put_away (self);
      self->holding = FALSE;
      g_set_object (&self->model, model);
      load_questions (self);
      self->last_playhead = tl_session_get_playhead (self->session);
    }
  look_live (self);
}

static void
state_cb (TlQuestionDeck *self)
{
  /* A run that ended: its moments are now for good. */
  self->moments_known = FALSE;
  if (self->state == TL_QUESTION_NONE)
    for (guint i = 0; i < self->slots->len; i++)
      if (!slot_at (self, (int) i)->done)
        slot_at (self, (int) i)->found = FALSE;
}

/* ---- GObject ---------------------------------------------------------------- */

static void
tl_question_deck_dispose (GObject *object)
{
  TlQuestionDeck *self = (TlQuestionDeck *) object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_handle_id (&self->look_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (tl_question_deck_parent_class)->dispose (object);
}

static void
tl_question_deck_finalize (GObject *object)
{
  TlQuestionDeck *self = (TlQuestionDeck *) object;

  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_array_unref (self->slots);
  g_free (self->worker);

  G_OBJECT_CLASS (tl_question_deck_parent_class)->finalize (object);
}

static void
tl_question_deck_class_init (TlQuestionDeckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_question_deck_dispose;
  object_class->finalize = tl_question_deck_finalize;

  /* The question on screen, its state or the class's guess changed. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tl_question_deck_init (TlQuestionDeck *self)
{
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  self->questions = g_ptr_array_new ();
  self->current = -1;
  self->guess = -1;
  self->last_playhead = TL_TS_NONE;
}

TlQuestionDeck *
tl_question_deck_new (TlSession *session)
{
  TlQuestionDeck *self;

  g_return_val_if_fail (TL_IS_SESSION (session), NULL);

  self = g_object_new (TL_TYPE_QUESTION_DECK, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::playhead", G_CALLBACK (playhead_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::playing", G_CALLBACK (playing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "model-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  model_changed_cb (self);
  return self;
}

/* ---- what the card shows ---------------------------------------------------- */

guint
tl_question_deck_get_n_questions (TlQuestionDeck *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), 0);
  return self->questions->len;
}

TlQuestionState
tl_question_deck_get_state (TlQuestionDeck *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), TL_QUESTION_NONE);
  return self->state;
}

const TlScenarioQuestion *
tl_question_deck_get_question (TlQuestionDeck *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), NULL);
  return self->current >= 0 ? question_at (self, self->current) : NULL;
}

const TlEventMatch *
tl_question_deck_get_moment (TlQuestionDeck *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), NULL);
  return self->current >= 0 ? &slot_at (self, self->current)->moment : NULL;
}

char *
tl_question_deck_dup_ask (TlQuestionDeck *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), NULL);
  return self->current >= 0 ? say (self, question_at (self, self->current)->ask) : NULL;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *x = g_utf8_collate_key_for_filename (*(char **) a, -1);
  g_autofree char *y = g_utf8_collate_key_for_filename (*(char **) b, -1);

  return strcmp (x, y);
}

/* The workers that do what the question is about, by name. */
static GStrv
worker_choices (TlQuestionDeck *self)
{
  TlScenarioQuestion *q = question_at (self, self->current);
  TlEventQuery query = { tl_moment_get_event (q->moment), q->object, 1, q->moment == TL_MOMENT_LOST };
  g_autoptr(GArray) lanes = tl_trace_model_find_event_lanes (self->model, &query);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < lanes->len && names->len < TL_SCENARIO_MAX_CHOICES; i++)
    g_ptr_array_add (names, tl_describe_lane (self->model, g_array_index (lanes, guint32, i)));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}

GStrv
tl_question_deck_dup_choices (TlQuestionDeck *self)
{
  TlScenarioQuestion *q;
  GStrv choices;

  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), NULL);

  if (self->current < 0)
    return g_new0 (char *, 1);
  q = question_at (self, self->current);
  if (q->choices[0] == NULL && q->answer == TL_ANSWER_WORKER)
    return worker_choices (self);
  choices = g_new0 (char *, g_strv_length (q->choices) + 1);
  for (guint i = 0; q->choices[i] != NULL; i++)
    choices[i] = say (self, q->choices[i]);
  return choices;
}

char *
tl_question_deck_dup_answer (TlQuestionDeck *self)
{
  TlScenarioQuestion *q;
  const TlEventMatch *m;

  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), NULL);

  if (self->current < 0)
    return NULL;
  q = question_at (self, self->current);
  m = &slot_at (self, self->current)->moment;
  switch (q->answer)
    {
    case TL_ANSWER_WORKER:
      return g_strdup (self->worker);
    case TL_ANSWER_VALUE:
      return m->has_value ? g_strdup_printf ("%" G_GINT64_FORMAT, m->value) : g_strdup ("?");
    case TL_ANSWER_CHOICE:
    default:
      return say (self, q->right_choice);
    }
}

int
tl_question_deck_get_right_choice (TlQuestionDeck *self)
{
  g_auto(GStrv) choices = NULL;
  g_autofree char *answer = NULL;

  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), -1);

  if (self->current < 0)
    return -1;
  choices = tl_question_deck_dup_choices (self);
  answer = tl_question_deck_dup_answer (self);
  for (int i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], answer))
      return i;
  return -1;
}

char *
tl_question_deck_dup_explain (TlQuestionDeck *self)
{
  TlScenarioQuestion *q;

  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), NULL);

  if (self->current < 0 || (q = question_at (self, self->current))->explain == NULL)
    return NULL;
  return say (self, q->explain);
}

int
tl_question_deck_get_guess (TlQuestionDeck *self)
{
  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), -1);
  return self->guess;
}

void
tl_question_deck_set_guess (TlQuestionDeck *self,
                            int             choice)
{
  g_auto(GStrv) choices = NULL;

  g_return_if_fail (TL_IS_QUESTION_DECK (self));

  if (self->state != TL_QUESTION_ASKED)
    return;
  choices = tl_question_deck_dup_choices (self);
  if (choice < 0 || choice >= (int) g_strv_length (choices) || choice == self->guess)
    return;
  self->guess = choice;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
tl_question_deck_answer (TlQuestionDeck *self)
{
  g_return_if_fail (TL_IS_QUESTION_DECK (self));

  if (self->state == TL_QUESTION_ASKED)
    reveal (self);
  else if (self->state == TL_QUESTION_REVEALED)
    go_on (self, TRUE);
}

gboolean
tl_question_deck_replay_to (TlQuestionDeck  *self,
                            const char      *when,
                            GError         **error)
{
  gint64 start, end, target;
  char *rest = NULL;
  double seconds;
  gboolean is_time;

  g_return_val_if_fail (TL_IS_QUESTION_DECK (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  if (self->model == NULL || tl_session_get_state (self->session) != TL_SESSION_STOPPED ||
      !tl_trace_model_get_time_range (self->model, &start, &end))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "There is no finished trace to replay");
      return FALSE;
    }
  seconds = g_ascii_strtod (when, &rest);
  is_time = rest != when && *rest == '\0';
  if (is_time)
    target = start + (gint64) (seconds * 1e9);
  else
    {
      g_autofree char *object = NULL;
      g_autofree char *message = NULL;
      TlEventMatch match;
      TlMoment moment;
      TlEventQuery query = { 0 };

      if (!tl_scenario_question_parse_when (when, &moment, &object, &query.n, &message))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", message);
          return FALSE;
        }
      query.kind = tl_moment_get_event (moment);
      query.name = object;
      query.lost = moment == TL_MOMENT_LOST;
      if (!tl_trace_model_find_event (self->model, &query, &match))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The trace has no “%s”", when);
          return FALSE;
        }
      target = match.ts;
    }
  /* From the start, as a class would have watched it.  An event the
   * lesson steps on is stepped onto, so that the caption, the timeline
   * and the code say it. */
  target = CLAMP (target, start, end);
  tl_session_set_playing (self->session, FALSE);
  tl_session_set_playhead (self->session, start);
  if (is_time || !tl_session_step_onto (self->session, target))
    tl_session_set_playhead (self->session, target);
  /* A question on the way stopped the step just before its moment: it
   * stays asked. */
  else if (self->state == TL_QUESTION_NONE && tl_session_get_playhead (self->session) != target)
    tl_session_set_playhead (self->session, target);
  if (self->state == TL_QUESTION_NONE)
    show_time (self, tl_session_get_playhead (self->session));
  return TRUE;
}
