/* tl-lesson.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run's lesson at a glance: the result cards and the comparison chart
 * its scenario's [Lesson] asks for (tl-lesson-spec.h), with what the trace
 * says in them.  A recording carries the [Lesson] in its "lesson" metadata
 * and the machine's cores in "machine.cores", so a saved .tltrace shows
 * the same cards as the live run.
 *
 * Every figure comes from the trace: a card says what the run printed,
 * returned, lost or crashed with; a chart's figures are measured within
 * each phase (a "time" step), never one phase's timing divided by
 * another's, so that a busy machine can slow a phase down but cannot
 * make the chart say the opposite of the lesson.  Beside the chart, the
 * machine's cores and, when other programs took the CPU meanwhile, a
 * plain warning.
 *
 * While a run goes on, tl_lesson_update () brings the cards up to date:
 * a card whose facts are not in yet says so, a bar not yet measured is
 * empty.
 */
#pragma once

#include <glib.h>

#include "tl-lesson-spec.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_LESSON_MOOD_PLAIN = 0,
  TL_LESSON_MOOD_GOOD,         /* as it should be: "safe_counter = 800 ✓" */
  TL_LESSON_MOOD_BAD,          /* what the lesson warns of: updates lost, a crash */
} TlLessonMood;

typedef struct
{
  TlLessonCardKind kind;
  char            *title;      /* a few words: "Lost updates", "sem"; NULL when its
                                * one line says what it is about */
  GPtrArray       *lines;      /* char *: what it says, a line each; empty until known */
  TlLessonMood     mood;
  gint64           ts;         /* when its first fact happened; TL_TS_NONE before */
} TlLessonCardText;

typedef struct
{
  char    *group;              /* "tiny tasks", or NULL */
  char    *label;              /* "pool of 2", "threads" */
  double   value;              /* seconds, or cores */
  char    *value_text;         /* "31 ms", "1.93 cores" */
  char    *note;               /* "4 at once", or NULL */
  gboolean ready;              /* measured: its phase has ended */
  gboolean unreliable;         /* other programs took the CPU during it */
  gint64   start;              /* its phase, TL_TS_NONE before it began */
  gint64   end;
} TlLessonBar;

typedef struct
{
  char    *name;               /* a "time" step's label */
  gint64   start;
  gint64   end;                /* TL_TS_NONE while it goes on */
} TlLessonPhase;

typedef struct _TlLesson TlLesson;

/* NULL when @model carries no lesson (no "lesson" metadata, or one that
 * does not read: then a warning says why). */
TlLesson           *tl_lesson_new              (TlTraceModel  *model);
void                tl_lesson_free             (TlLesson      *self);
TlLessonSpec       *tl_lesson_get_spec         (TlLesson      *self);
/* Brings the cards and the chart up to date with the model; cheap when
 * it has not changed.  Returns whether anything did. */
gboolean            tl_lesson_update           (TlLesson      *self);

guint               tl_lesson_get_n_cards      (TlLesson      *self);
const TlLessonCardText *
                    tl_lesson_get_card         (TlLesson      *self,
                                                guint          index);

TlLessonChartKind   tl_lesson_get_chart_kind   (TlLesson      *self);
/* "Cores kept busy (CPU time ÷ elapsed)"; NULL without a chart. */
const char         *tl_lesson_get_chart_title  (TlLesson      *self);
guint               tl_lesson_get_n_bars       (TlLesson      *self);
const TlLessonBar  *tl_lesson_get_bar          (TlLesson      *self,
                                                guint          index);
/* The value a bar of @group fills its whole width at: the group's
 * largest, or the cores for a parallelism chart. */
double              tl_lesson_get_scale        (TlLesson      *self,
                                                const char    *group);
/* Beside the chart: "On 2 cores", and a warning when other programs
 * took the CPU ("Other programs kept 1.0 of the 2 cores busy: ...");
 * a NULL-terminated list, empty without a chart. */
const char * const *tl_lesson_get_context      (TlLesson      *self);
/* The machine's cores, 0 when the trace does not say. */
guint               tl_lesson_get_n_cores      (TlLesson      *self);

/* Every "time" step of the run, in time order: what a view can zoom
 * to.  Phases too short to see at full view are among them. */
guint               tl_lesson_get_n_phases     (TlLesson      *self);
const TlLessonPhase *
                    tl_lesson_get_phase        (TlLesson      *self,
                                                guint          index);

/* When the lesson became visible: the earliest time a card had its first
 * fact, or a chart its first group measured; TL_TS_NONE before. */
gint64              tl_lesson_get_visible_time (TlLesson      *self);

/* Whether @lane (a thread, lock or GIL lane) shows one of the lesson's
 * objects: its lock, its process or its thread by name. */
gboolean            tl_lesson_shows_lane       (TlLesson      *self,
                                                guint32        lane);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLesson, tl_lesson_free)

G_END_DECLS
