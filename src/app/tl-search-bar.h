/* tl-search-bar.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Find on the timeline (Ctrl+F): spans by name, as the user types; every
 * match highlighted (the session's search, which the timeline shows), a
 * count, and the next and previous match (Enter, Shift+Enter), each
 * selected and brought into view.  A growing model is searched again
 * as it grows.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_SEARCH_BAR (tl_search_bar_get_type ())
G_DECLARE_FINAL_TYPE (TlSearchBar, tl_search_bar, TL, SEARCH_BAR, GtkWidget)

void        tl_search_bar_set_session     (TlSearchBar *self,
                                           TlSession   *session);
/* Shows the bar with the focus in its field, its text selected. */
void        tl_search_bar_start           (TlSearchBar *self);
/* Hides it, and the search with it. */
void        tl_search_bar_stop            (TlSearchBar *self);
gboolean    tl_search_bar_get_active      (TlSearchBar *self);
/* Searches for @text now (as typing it would, a moment later). */
void        tl_search_bar_set_text        (TlSearchBar *self,
                                           const char  *text);
/* Selects the next (@direction > 0) or previous match. */
void        tl_search_bar_step            (TlSearchBar *self,
                                           int          direction);
/* The match shown, G_MAXUINT for none; what the count says. */
guint       tl_search_bar_get_current     (TlSearchBar *self);
const char *tl_search_bar_get_count_text  (TlSearchBar *self);

G_END_DECLS
