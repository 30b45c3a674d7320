/* tl-window.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tl-application.h"
#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_WINDOW (tl_window_get_type ())
G_DECLARE_FINAL_TYPE (TlWindow, tl_window, TL, WINDOW, AdwApplicationWindow)

TlWindow  *tl_window_new                 (TlApplication *application);
TlSession *tl_window_get_session         (TlWindow      *self);

/* Selects a scenario in the gallery, and runs it if @run. */
void       tl_window_show_scenario       (TlWindow      *self,
                                          const char    *id,
                                          gboolean       run);
/* Traces the gallery's real program @id ("pool-map") live; an unknown
 * one is said so in the window. */
void       tl_window_trace_example       (TlWindow      *self,
                                          const char    *id);
/* Loads a trace in the background; errors show in the window. */
void       tl_window_open_file           (TlWindow      *self,
                                          GFile         *file);
/* When the first run or load has finished, saves a picture of the window
 * there and closes it. */
void       tl_window_set_screenshot_path (TlWindow      *self,
                                          const char    *path);
/* Takes the screenshot @seconds after the next run starts, while live. */
void       tl_window_set_screenshot_delay (TlWindow     *self,
                                          double         seconds);
GtkWidget *tl_window_get_timeline        (TlWindow      *self);
/* For a projector (see tl-window-presentation.c); for this window, not
 * remembered (the win.presentation action remembers it). */
void       tl_window_set_presentation    (TlWindow      *self,
                                          gboolean       presentation);
gboolean   tl_window_get_presentation    (TlWindow      *self);
/* A size asked for (--geometry): the window keeps it, and presentation
 * mode does not go full screen. */
void       tl_window_set_fixed_size      (TlWindow      *self,
                                          int            width,
                                          int            height);
/* Whether a file is being read (a preview of it may be showing). */
gboolean   tl_window_get_loading         (TlWindow      *self);
/* The title of the last message (toast) the window showed, or NULL. */
const char *tl_window_get_last_message   (TlWindow      *self);
/* A picture of the window as it is now. */
gboolean   tl_window_save_screenshot     (TlWindow      *self,
                                          const char    *path,
                                          GError       **error);

/* When the first run or file is whole, replays it up to @when (seconds,
 * or a moment as a scenario's question names it: "read counter 3"),
 * stopping at a question on the way (see TlQuestionDeck). */
void       tl_window_set_replay_to       (TlWindow      *self,
                                          const char    *when);
/* Shows the side panel at @page: story, output, statistics, code or
 * inspector. */
void       tl_window_show_panel          (TlWindow      *self,
                                          const char    *page);

G_END_DECLS
