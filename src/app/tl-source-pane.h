/* tl-source-pane.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code beside the run: the Python program the session's trace
 * stands for (its metadata carries it), highlighted, with the line each
 * worker is on at the playhead (or "now") marked in the gutter, and the
 * line of the stepped or selected event highlighted.  A side panel page.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_SOURCE_PANE (tl_source_pane_get_type ())
G_DECLARE_FINAL_TYPE (TlSourcePane, tl_source_pane, TL, SOURCE_PANE, GtkWidget)

void        tl_source_pane_set_session     (TlSourcePane *self,
                                            TlSession    *session);
/* Whether the trace has a program to show. */
gboolean    tl_source_pane_has_program     (TlSourcePane *self);
/* The line highlighted for the stepped or selected event, 0 for none. */
guint       tl_source_pane_get_marked_line (TlSourcePane *self);
/* The line marked for @lane (a thread lane) in the gutter, 0 for none. */
guint       tl_source_pane_get_worker_line (TlSourcePane *self,
                                            guint32       lane);
/* The text of @line of the program ("" past its end). */
char       *tl_source_pane_dup_line        (TlSourcePane *self,
                                            guint         line);

G_END_DECLS
