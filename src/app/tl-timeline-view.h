/* tl-timeline-view.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline: the session's model drawn by the painter, live or replayed.
 * Zoom with ctrl+scroll or a pinch around the pointer, pan by dragging or
 * scrolling sideways, click to select, hover for a tooltip; it follows
 * "now" while live unless the user has looked away; drag with Shift held
 * to pick a stretch of time to measure (the session's range).  Its keys are the
 * window's (session.* actions), so that they work wherever the focus is.  A GtkScrollable: put
 * it in a GtkScrolledWindow for the vertical scrollbar.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-painter.h"
#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_TIMELINE_VIEW (tl_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (TlTimelineView, tl_timeline_view, TL, TIMELINE_VIEW, GtkWidget)

GtkWidget *tl_timeline_view_new          (void);
TlSession *tl_timeline_view_get_session  (TlTimelineView *self);
void       tl_timeline_view_set_session  (TlTimelineView *self,
                                          TlSession      *session);
/* The painter of the current model, or NULL. */
TlPainter *tl_timeline_view_get_painter  (TlTimelineView *self);
/* The viewport as last drawn (for exports of "what you see"). */
void       tl_timeline_view_get_viewport (TlTimelineView *self,
                                          TlViewport     *viewport);
/* For a projector whose screen is @screen_height pixels tall (the
 * window's height): every text the painter draws at least 1/30 of it,
 * compact rows, thick lines, in the system's colours; 0 for the desk. */
/* Takes down the timeline's tooltip, if one is up: before the window
 * changes size under it (presentation mode), where GTK 4.8 may place a
 * tip it has already let go. */
void       tl_timeline_view_hide_tooltip (TlTimelineView *self);
void       tl_timeline_view_set_presentation (TlTimelineView *self,
                                              int             screen_height);
/* Replay: what comes after the playhead faded to a ghost rather than
 * hidden. */
void       tl_timeline_view_set_ghost    (TlTimelineView *self,
                                          gboolean        ghost);
gboolean   tl_timeline_view_get_ghost    (TlTimelineView *self);
/* Where @ts is on the time axis, in the widget's coordinates (a point
 * for a popover to point at); FALSE when it is out of view. */
gboolean   tl_timeline_view_get_moment_rect (TlTimelineView *self,
                                             gint64          ts,
                                             GdkRectangle   *rect);
/* Library code dimmed (the default), or as bright as the program's own. */
void       tl_timeline_view_set_library_dimmed (TlTimelineView *self,
                                                gboolean        dimmed);
/* Scrolls the rows by @rows steps (negative: up). */
void       tl_timeline_view_scroll_rows  (TlTimelineView *self,
                                          double          rows);
/* Frames drawn since the view was created (for the tests and benchmarks). */
guint64    tl_timeline_view_get_n_frames (TlTimelineView *self);

G_END_DECLS
