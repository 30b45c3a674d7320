/* tl-question-deck.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Predict, then reveal: the questions of the session's trace (its
 * metadata carries them, tl-scenario-question.h) and where the class is
 * with them.  A replay that reaches a question's moment stops just before
 * it and asks; so does a live run slowed below tempo 1 (the view stops
 * there while the run goes on).  Answering reveals: the playhead moves
 * onto the event, which is selected; answering again goes on.  Going
 * back before a moment asks its question again.
 */
#pragma once

#include <gio/gio.h>

#include "tl-event-finder.h"
#include "tl-scenario-question.h"
#include "tl-session.h"

G_BEGIN_DECLS

typedef enum
{
  TL_QUESTION_NONE = 0,    /* no question on screen */
  TL_QUESTION_ASKED,       /* asked: the class predicts */
  TL_QUESTION_REVEALED,    /* the answer is shown */
} TlQuestionState;

#define TL_TYPE_QUESTION_DECK (tl_question_deck_get_type ())
G_DECLARE_FINAL_TYPE (TlQuestionDeck, tl_question_deck, TL, QUESTION_DECK, GObject)

TlQuestionDeck  *tl_question_deck_new              (TlSession        *session) G_GNUC_WARN_UNUSED_RESULT;

/* The trace's questions. */
guint            tl_question_deck_get_n_questions  (TlQuestionDeck   *self);
TlQuestionState  tl_question_deck_get_state        (TlQuestionDeck   *self);
/* The question on screen, and its moment; NULL when none. */
const TlScenarioQuestion *
                 tl_question_deck_get_question     (TlQuestionDeck   *self);
const TlEventMatch *
                 tl_question_deck_get_moment       (TlQuestionDeck   *self);

/* What the card shows, with the run's facts said ({worker}, {value}...). */
char            *tl_question_deck_dup_ask          (TlQuestionDeck   *self);
/* The choices: the question's, else (a "worker" answer) the workers that
 * do such events in the run. */
GStrv            tl_question_deck_dup_choices      (TlQuestionDeck   *self);
/* The right one among them, -1 if none is. */
int              tl_question_deck_get_right_choice (TlQuestionDeck   *self);
/* What happened: the worker, the value, or the right choice. */
char            *tl_question_deck_dup_answer       (TlQuestionDeck   *self);
char            *tl_question_deck_dup_explain      (TlQuestionDeck   *self);
/* The class's guess, -1 for none; set while asked. */
int              tl_question_deck_get_guess        (TlQuestionDeck   *self);
void             tl_question_deck_set_guess        (TlQuestionDeck   *self,
                                                    int               choice);

/* Reveals the answer; once revealed, goes on (a replay plays on, a live
 * run's view follows "now" again). */
void             tl_question_deck_answer           (TlQuestionDeck   *self);

/* Replays a finished trace from its start up to @when: seconds from its
 * start, or a moment as a question names it ("read counter 20"), where
 * the playhead then stands; a question on the way stops it there. */
gboolean         tl_question_deck_replay_to        (TlQuestionDeck   *self,
                                                    const char       *when,
                                                    GError          **error);

G_END_DECLS
