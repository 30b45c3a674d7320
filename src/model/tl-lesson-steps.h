/* tl-lesson-steps.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a class steps through: the events that matter to the lesson, in
 * time order.  Those are what happens to the lesson's objects (its locks,
 * queues, shared values, pool tasks, semaphores, events, barriers), what
 * the workers print, their errors and crashes, and their starts and ends;
 * not the machinery around them (GIL hand-overs, joins, Threadline's own
 * runner), which a class would otherwise step through a hundred times for
 * each thing it came to see.
 *
 * The lesson's objects are the ones a lesson names when it names them
 * (a scenario's list, carried in the trace's metadata); else what the
 * trace shows was shared: locks, primitives and values that more than one
 * worker used, every queue and pipe, every task.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_STEP_INSTANT = 0,   /* an instant: a read, a write, a print... */
  TL_STEP_BEGIN,         /* a span begins: a wait, a hold, a task */
  TL_STEP_END,           /* a span ends: a release, a task's result */
} TlStepEdge;

/* One event of the trace, as a step lands on it. */
typedef struct
{
  gint64    ts;          /* when it happens */
  TlItemRef item;        /* the instant, or the span that begins or ends */
  guint8    edge;        /* TlStepEdge */
  guint32   object;      /* the object it is about, or TL_INDEX_NONE (a print) */
} TlStep;

/* The objects that matter to the lesson, as object indexes in ascending
 * order: those named in @names (NULL-terminated; NULL or empty to let the
 * trace say), else what the trace shows was shared (see above). */
GArray       *tl_trace_model_dup_lesson_objects (TlTraceModel        *model,
                                                 const char * const  *names);

/* The event of a non-machinery lane at exactly @ts (an instant rather
 * than a span's edge, a beginning rather than an end); FALSE when none
 * is there.  For stepping through every event. */
gboolean      tl_trace_model_find_step_at       (TlTraceModel        *model,
                                                 gint64               ts,
                                                 TlStep              *step);

typedef struct _TlLessonSteps TlLessonSteps;

/* The lesson's events in @model as it is now (a finished trace's, for
 * a replay); @names as for tl_trace_model_dup_lesson_objects ().  Events
 * of one lane at the same instant are one step: the instant when there
 * is one (a wait that ends where the lock is taken is the taking). */
TlLessonSteps *tl_lesson_steps_new              (TlTraceModel        *model,
                                                 const char * const  *names);
void          tl_lesson_steps_free              (TlLessonSteps       *self);
guint         tl_lesson_steps_get_n_steps       (TlLessonSteps       *self);
const TlStep *tl_lesson_steps_get_step          (TlLessonSteps       *self,
                                                 guint                index);
/* The first step strictly after @ts (@direction > 0) or the last one
 * strictly before it (@direction < 0); G_MAXUINT when there is none. */
guint         tl_lesson_steps_find              (TlLessonSteps       *self,
                                                 gint64               ts,
                                                 int                  direction);
/* The step that is @step (same item and edge), or G_MAXUINT. */
guint         tl_lesson_steps_lookup            (TlLessonSteps       *self,
                                                 const TlStep        *step);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLessonSteps, tl_lesson_steps_free)

G_END_DECLS
