/* tl-session.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window is looking at: a model (live from a scenario, or loaded
 * from a file), the visible time range, the playhead, the selection.
 * Widgets bind to the session rather than to each other.
 */
#pragma once

#include <gio/gio.h>

#include "tl-lesson-steps.h"
#include "tl-span-search.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_SESSION_EMPTY = 0,
  TL_SESSION_LIVE,       /* a scenario is running and the model grows */
  TL_SESSION_STOPPED,    /* a finished run or a loaded file */
} TlSessionState;

#define TL_TYPE_SESSION (tl_session_get_type ())
G_DECLARE_FINAL_TYPE (TlSession, tl_session, TL, SESSION, GObject)

TlSession      *tl_session_new                (void) G_GNUC_WARN_UNUSED_RESULT;

TlTraceModel   *tl_session_get_model          (TlSession     *self);
void            tl_session_set_model          (TlSession     *self,
                                               TlTraceModel  *model,
                                               TlSessionState state);
TlSessionState  tl_session_get_state          (TlSession     *self);
void            tl_session_set_state          (TlSession     *self,
                                               TlSessionState state);
const char     *tl_session_get_title          (TlSession     *self);
void            tl_session_set_title          (TlSession     *self,
                                               const char    *title);
GFile          *tl_session_get_file           (TlSession     *self);
void            tl_session_set_file           (TlSession     *self,
                                               GFile         *file);

/* The visible range, in model time (ns). */
void            tl_session_get_visible        (TlSession     *self,
                                               gint64        *start,
                                               gint64        *end);
void            tl_session_set_visible        (TlSession     *self,
                                               gint64         start,
                                               gint64         end);
void            tl_session_zoom               (TlSession     *self,
                                               double         factor,
                                               gint64         around);
void            tl_session_pan                (TlSession     *self,
                                               gint64         delta);
void            tl_session_zoom_to_fit        (TlSession     *self);
/* The selected item with a margin around it; FALSE if nothing is
 * selected. */
gboolean        tl_session_zoom_to_selection  (TlSession     *self);
/* Whether the view keeps "now" in sight while live; scrolling away
 * turns it off, zoom to fit turns it back on. */
gboolean        tl_session_get_follow         (TlSession     *self);
void            tl_session_set_follow         (TlSession     *self,
                                               gboolean       follow);
/* While live and following: everything so far, "now" near the right
 * edge.  Called on every frame of a live run. */
void            tl_session_follow_now         (TlSession     *self);
/* The moment the trace has reached: while live, the clock (which runs on
 * between events; the model's clock is CLOCK_MONOTONIC, as is GLib's),
 * else the trace's end.  TL_TS_NONE without a model. */
gint64          tl_session_get_now            (TlSession     *self);

/* Replay: the playhead (TL_TS_NONE when not replaying shows everything). */
gint64          tl_session_get_playhead       (TlSession     *self);
void            tl_session_set_playhead       (TlSession     *self,
                                               gint64         playhead);
gboolean        tl_session_get_playing        (TlSession     *self);
void            tl_session_set_playing        (TlSession     *self,
                                               gboolean       playing);
double          tl_session_get_speed          (TlSession     *self);
void            tl_session_set_speed          (TlSession     *self,
                                               double         speed);
/* Stepping, in replay (a finished run or a file).  Each step moves the
 * playhead to one event and makes it the session's step (below).
 * tl_session_step () goes to the next (@direction > 0) or previous event
 * that matters to the lesson (tl-lesson-steps.h: its objects, prints, errors,
 * not the GIL or joins), or in a trace with nothing a lesson is about
 * (a profile of slices), to any; tl_session_step_every () to the next or
 * previous event of any worker.  A step moves something a class can
 * see: when it would move the playhead by less than a sliver of the
 * view, the view zooms in around it until it does.  Returns whether
 * there was a step to take. */
gboolean        tl_session_step               (TlSession     *self,
                                               int            direction);
gboolean        tl_session_step_every         (TlSession     *self,
                                               int            direction);
/* Steps onto the first lesson step at or after @ts, as if stepped to
 * from where the playhead is.  Returns whether there was one. */
gboolean        tl_session_step_onto          (TlSession     *self,
                                               gint64         ts);
/* The event the last step landed on, while the playhead is on it; NULL
 * once the playhead moves otherwise (playing, a click on the axis) or
 * the model changes.  ::stepped says it changed.  For views that follow
 * the steps: the timeline highlights it, the caption says it, a source
 * view can mark the line that made it (step->item is the span or instant
 * in the model, step->ts its time). */
const TlStep   *tl_session_get_step           (TlSession     *self);
/* The lesson's steps, in time order (built on first use; NULL without a
 * model).  Borrowed: valid until the model or the lesson's objects
 * change. */
TlLessonSteps  *tl_session_get_lesson_steps   (TlSession     *self);
/* The objects the lesson is about, by name (NULL-terminated; NULL: what
 * the trace shows was shared); a lesson that names them (a scenario's
 * list) sets them here. */
void            tl_session_set_lesson_objects (TlSession     *self,
                                               const char * const *names);

/* Bookmarks: moments a teacher marked, with a short note, kept by the
 * model (tl-bookmarks.h) so that saving keeps them.  ::bookmarks-changed
 * follows every change made here. */
guint           tl_session_add_bookmark       (TlSession     *self,
                                               gint64         ts,
                                               const char    *note);
void            tl_session_set_bookmark_note  (TlSession     *self,
                                               guint          index,
                                               const char    *note);
void            tl_session_remove_bookmark    (TlSession     *self,
                                               guint          index);
/* Moves the playhead to the next (or previous) bookmark, in replay;
 * returns the bookmark's index, or G_MAXUINT when there is none. */
guint           tl_session_goto_bookmark      (TlSession     *self,
                                               int            direction);

/* The selected item; lane is TL_INDEX_NONE when nothing is selected. */
const TlItemRef *tl_session_get_selection     (TlSession     *self);
void            tl_session_set_selection      (TlSession     *self,
                                               const TlItemRef *selection);

/* A search of the model's spans, which the views show (::search-changed);
 * the session takes it (NULL: none).  A new model drops it: whoever
 * searches searches the new one. */
void            tl_session_set_search         (TlSession     *self,
                                               TlSpanSearch  *search);
const TlSpanSearch *tl_session_get_search     (TlSession     *self);
/* A stretch of time picked for measure (::range-changed); TL_TS_NONE, or
 * an empty stretch, for none.  A new model drops it. */
void            tl_session_set_range          (TlSession     *self,
                                               gint64         t0,
                                               gint64         t1);
gboolean        tl_session_get_range          (TlSession     *self,
                                               gint64        *t0,
                                               gint64        *t1);

/* ::stepped says the session's step changed (tl_session_get_step ()).
 *
 * ::model-changed says the model was replaced, or grew.  A live model
 * grows in batches; whoever paces the views (the window, once per frame)
 * calls this, which emits ::model-changed if the model changed since the
 * signal was last emitted.  Returns whether it did. */
gboolean        tl_session_refresh_model      (TlSession     *self);

G_END_DECLS
