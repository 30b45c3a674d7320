/* tl-lesson-spec.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario's lesson, as its [Lesson] group says it: the objects the
 * lesson is about, the result cards to show at the end of a run, and one
 * comparison to chart over the run's timed phases (see "The lesson" in
 * data/scenarios/README.md).  It says what to show, not what the run
 * gave: the view finds that in the trace (tl-lesson.h in src/describe),
 * so a saved trace shows the same cards.  A recording carries the spec
 * as written, in the "lesson" metadata, and reads it back with
 * tl_lesson_spec_new_from_data ().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The cards, in the vocabulary's order (tl-vocabulary.c). */
typedef enum
{
  TL_LESSON_CARD_RESULT,        /* result LABEL [== LABEL]: a result step's value */
  TL_LESSON_CARD_VALUE,         /* value NAME [== LABEL]: a shared Value's last value */
  TL_LESSON_CARD_LOST_UPDATES,  /* lost_updates NAME: how many of its updates were lost */
  TL_LESSON_CARD_TASKS,         /* tasks: each task's input, worker and result */
  TL_LESSON_CARD_PRINTS,        /* prints TEXT: the lines holding it, in the order printed */
  TL_LESSON_CARD_HOLDERS,       /* holders NAME: most holders of a lock at once */
  TL_LESSON_CARD_WAITERS,       /* waiters NAME: who waited on it and when they went on */
  TL_LESSON_CARD_MARKS,         /* marks TEXT: how often a mark step said TEXT */
  TL_LESSON_CARD_MESSAGES,      /* messages NAME: messages through a queue, pipe or Manager */
  TL_LESSON_CARD_ERRORS,        /* errors: where each exception was raised and reported */
  TL_LESSON_CARD_CRASH,         /* crash: which process died of a signal, who carried on */
  TL_LESSON_CARD_DEADLOCK,      /* deadlock: the wait-for cycle */
  TL_N_LESSON_CARDS
} TlLessonCardKind;

/* What a card's subject is (tl_vocabulary_card_arg ()). */
typedef enum
{
  TL_LESSON_ARG_NONE,           /* tasks, errors, crash, deadlock */
  TL_LESSON_ARG_LABEL,          /* a result step's label */
  TL_LESSON_ARG_OBJECT,         /* a [Shared] object's name */
  TL_LESSON_ARG_TEXT,           /* any text */
} TlLessonArg;

typedef enum
{
  TL_LESSON_CHART_NONE = -1,
  TL_LESSON_CHART_PARALLELISM,  /* cores used by each phase's work: CPU time / wall time */
  TL_LESSON_CHART_TIMES,        /* each phase's elapsed time */
  TL_LESSON_CHART_WAITS,        /* a phase's waits added up, beside its elapsed time */
  TL_LESSON_CHART_STARTS,       /* the CPU time each start of a process or thread took */
  TL_N_LESSON_CHARTS
} TlLessonChartKind;

typedef struct
{
  TlLessonCardKind  kind;
  char             *subject;    /* NULL for TL_LESSON_ARG_NONE */
  char             *expected;   /* "== LABEL": the result it must equal, or NULL */
} TlLessonCard;

typedef struct _TlLessonSpec TlLessonSpec;

/* Reads @data, a [Lesson] group as a scenario file writes it ("[Lesson]\n
 * Cards=...\n"), as a recording's "lesson" metadata holds it.  NULL with
 * a TL_SCENARIO_ERROR naming @origin and the line if it is not one. */
TlLessonSpec       *tl_lesson_spec_new_from_data (const char          *data,
                                                  const char          *origin,
                                                  GError             **error);
void                tl_lesson_spec_free          (TlLessonSpec        *self);
/* The group as written, with its header: what tl_lesson_spec_new_from_data ()
 * reads back. */
const char         *tl_lesson_spec_get_data      (TlLessonSpec        *self);

/* The objects (NULL-terminated): [Shared] names, "GIL", or processes and
 * threads as the trace names them, a trailing "*" matching any ending. */
const char * const *tl_lesson_spec_get_objects   (TlLessonSpec        *self);
/* Whether @name is one of them. */
gboolean            tl_lesson_spec_has_object    (TlLessonSpec        *self,
                                                  const char          *name);
guint               tl_lesson_spec_get_n_cards   (TlLessonSpec        *self);
const TlLessonCard *tl_lesson_spec_get_card      (TlLessonSpec        *self,
                                                  guint                index);
TlLessonChartKind   tl_lesson_spec_get_chart     (TlLessonSpec        *self);
/* The phases (NULL-terminated): the labels of "time" steps, a "*" in one
 * matching any text there ("heavy tasks, pool of *"). */
const char * const *tl_lesson_spec_get_phases    (TlLessonSpec        *self);

/* Whether @label matches the phase @pattern; what the "*" matched (the
 * bar's own name), into @matched when it is not NULL. */
gboolean            tl_lesson_phase_matches      (const char          *pattern,
                                                  const char          *label,
                                                  char               **matched);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLessonSpec, tl_lesson_spec_free)

G_END_DECLS
