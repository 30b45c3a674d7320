/* tl-lesson-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the lesson's files share: tl-lesson.c (the lesson, its phases and
 * marks), tl-lesson-cards.c (each card) and tl-lesson-chart.c (the chart
 * and its context).
 */
#pragma once

#include "tl-describe-private.h"
#include "tl-lesson.h"

G_BEGIN_DECLS

/* A mark the engine recorded: "LABEL = VALUE", of a TlScenarioMark kind. */
typedef struct
{
  gint64   ts;
  guint32  lane;
  guint    kind;
  char    *label;
  char    *value;
} TlLessonMark;

/* What a "time" step's phase did with the machine (its LOAD mark). */
typedef struct
{
  guint    cores;
  double   busy;              /* the machine's CPU use, in cores; < 0 unknown */
  double   ours;              /* the run's own */
  gboolean known;
} TlLessonLoad;

struct _TlLesson
{
  TlTraceModel *model;
  TlLessonSpec *spec;
  guint64       generation;
  gboolean      built;
  guint         n_cores;

  GPtrArray    *marks;        /* TlLessonMark *, in time order */
  GArray       *phases;       /* TlLessonPhase */
  GPtrArray    *cards;        /* TlLessonCardText * */
  GArray       *bars;         /* TlLessonBar */
  GPtrArray    *context;      /* char *, NULL-terminated */
  char         *chart_title;
  gint64        visible;
};

/* The last mark of @kind labelled @label, or NULL. */
const TlLessonMark *_tl_lesson_find_mark   (TlLesson          *self,
                                            guint              kind,
                                            const char        *label);
/* The phase's load, from its LOAD mark. */
void                _tl_lesson_phase_load  (TlLesson          *self,
                                            const TlLessonPhase *phase,
                                            TlLessonLoad      *load);
/* The object of one of @roles (TL_N_ROLES-terminated) named @name, or
 * TL_INDEX_NONE. */
guint32             _tl_lesson_find_object (TlLesson          *self,
                                            const char        *name,
                                            const TlObjectRole *roles);

TlLessonCardText   *_tl_lesson_card_new    (TlLessonCardKind   kind,
                                            const char        *title);
void                _tl_lesson_card_free   (TlLessonCardText  *card);
/* tl-lesson-cards.c: the card @spec asks for, as the trace has it now. */
TlLessonCardText   *_tl_lesson_build_card  (TlLesson          *self,
                                            const TlLessonCard *spec);
/* tl-lesson-chart.c: the bars, the title and the context. */
void                _tl_lesson_build_chart (TlLesson          *self);
void                _tl_lesson_bar_clear   (gpointer           bar);

G_END_DECLS
