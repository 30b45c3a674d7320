/* tl-scenario-question.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Predict, then reveal: a scenario may ask its class a question at a
 * moment of its run ([Question NAME] groups, data/scenarios/README.md).
 * A replay, or a live run slowed down, stops just before the moment,
 * asks, and on a key shows the answer: the event the question was about.
 *
 * The moment is written as the teacher says it, "task 5", "acquire L 3",
 * "lost counter" (the n-th such event of the run, the first if n is left
 * out); the answer is one of the choices, or what the run did there: who
 * did it ("worker") or the value it read or wrote ("value").  A question's
 * text may say what the run shows at that moment: {worker}, {value} (the
 * object's value just before), {read} (what the worker last read of it),
 * and {value + 1} or {read - 2}.
 *
 * A recording carries its scenario's questions in its metadata, so that
 * a saved trace still asks them.
 */
#pragma once

#include <glib.h>

#include "tl-vocabulary.h"

G_BEGIN_DECLS

/* What a scenario's recording carries besides its events (trace
 * metadata): the Python it stands for, that program's file name, and its
 * questions (tl_scenario_questions_to_text ()). */
#define TL_SCENARIO_METADATA_PYTHON      "scenario.python"
#define TL_SCENARIO_METADATA_PYTHON_NAME "scenario.python.name"
#define TL_SCENARIO_METADATA_QUESTIONS   "scenario.questions"

/* The most choices a question offers: keys 1 to 9 pick one. */
#define TL_SCENARIO_MAX_CHOICES 9

typedef struct
{
  char     *id;           /* the group's NAME */
  char     *ask;
  char     *when;         /* as written: "task 5" */
  TlMoment  moment;
  char     *object;       /* a [Shared] name, a time block's label; NULL */
  guint     n;            /* the n-th such moment of the run, from 1 */
  TlAnswer  answer;
  char     *right_choice; /* TL_ANSWER_CHOICE: the choice that is right */
  GStrv     choices;      /* never NULL, may be empty */
  char     *explain;      /* said with the answer; NULL */
} TlScenarioQuestion;

void                tl_scenario_question_free  (TlScenarioQuestion  *question);

/* "task 5", "acquire L 3", "time \"threads\"": FALSE with a message for
 * people in @message.  The object's existence is the scenario's to check. */
gboolean            tl_scenario_question_parse_when (const char     *when,
                                                     TlMoment       *moment,
                                                     char          **object,
                                                     guint          *n,
                                                     char          **message);
/* Whether @text's {…} are facts the question's moment gives: FALSE with
 * a message for people in @message. */
gboolean            tl_scenario_question_check_text (const char     *text,
                                                     TlMoment        moment,
                                                     char          **message);
/* @text with its {…} said; a fact given as NULL is said as "?". */
char               *tl_scenario_question_expand     (const char     *text,
                                                     const char     *worker,
                                                     const gint64   *value,
                                                     const gint64   *read);

/* TlScenarioQuestion *, as a recording's metadata carries them, and
 * back.  Reading checks what it reads as loading a file does, bar the
 * objects' existence: a question that does not make sense is left out,
 * and @error says why; NULL then only if the text is not questions. */
char               *tl_scenario_questions_to_text   (GPtrArray      *questions);
GPtrArray          *tl_scenario_questions_from_text (const char     *text,
                                                     GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlScenarioQuestion, tl_scenario_question_free)

G_END_DECLS
