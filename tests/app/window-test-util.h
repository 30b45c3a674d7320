/* window-test-util.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window's test suites share: a display and an application to
 * test with, the main loop run until something holds, a window at a
 * known size, screenshots for review, and the timeline's pixels.
 */
#pragma once

#include "tl-application.h"
#include "tl-window-private.h"

G_BEGIN_DECLS

/* gtk_test_init () without its abort: FALSE (and a TAP skip printed)
 * without a display.  Each test gets its own home and XDG folders under
 * @data_home; the application, "org.threadline.Threadline.Test", is in
 * *app. */
gboolean       tl_window_test_init        (int             *argc,
                                           char          ***argv,
                                           const char      *data_home,
                                           TlApplication  **app);
/* Runs the main loop until @done (@data) or @seconds; FALSE on timeout. */
gboolean       tl_window_test_wait_until  (gboolean       (*done) (gpointer data),
                                           gpointer         data,
                                           guint            seconds);
/* Lets layout and a few frames happen. */
void           tl_window_test_settle      (TlWindow        *window);
/* A window of 1600x1000, shown. */
TlWindow      *tl_window_test_new_window  (TlApplication   *app);
/* A new window with @path opened in it, loaded and drawn. */
TlWindow      *tl_window_test_open        (TlApplication   *app,
                                           const char      *path);
/* @path opened as the desktop opens a file, through the application,
 * which picks the window; at @width x @height, loaded and drawn. */
TlWindow      *tl_window_test_open_in_app (TlApplication   *app,
                                           const char      *path,
                                           int              width,
                                           int              height);
/* Shows scenario @id in @window and runs it with the Run action: live. */
void           tl_window_test_start_run   (TlWindow        *window,
                                           const char      *id);
/* What to wait for, @data a window: its whole trace loaded; a run ended,
 * its trace in the session. */
gboolean       tl_window_test_model_loaded (gpointer        data);
gboolean       tl_window_test_run_finished (gpointer        data);
/* The window's own key shortcuts (not the application's accelerators). */
GtkShortcutController *tl_window_test_keys (TlWindow       *window);
/* Presses @keyval as GTK would, at the window in the capture phase:
 * whether the window took it (else it goes on to the focus). */
gboolean       tl_window_test_press       (TlWindow        *window,
                                           guint            keyval);
/* Saves a picture of @window as $TL_SCREENSHOT_DIR/@name, for review. */
void           tl_window_test_screenshot  (TlWindow        *window,
                                           const char      *name);
/* The same for any widget on screen (a dialog). */
void           tl_window_test_widget_screenshot (GtkWidget *widget,
                                                 const char *name);
/* The first widget under @widget (itself included, depth first) that
 * @match (@data) accepts, or NULL. */
GtkWidget     *tl_window_test_find_widget (GtkWidget       *widget,
                                           gboolean       (*match) (GtkWidget *widget,
                                                                    gpointer   data),
                                           gpointer         data);
/* The timeline as the screen shows it, its pixels (ARGB, a row after
 * another) in *pixels, its size in *width and *height. */
void           tl_window_test_timeline_pixels (TlWindow    *window,
                                               guint32    **pixels,
                                               int         *width,
                                               int         *height);
/* An ARGB pixel as a colour. */
TlRgba         tl_window_test_rgba        (guint32          pixel);
double         tl_window_test_distance    (const TlRgba    *a,
                                           const TlRgba    *b);

G_END_DECLS
