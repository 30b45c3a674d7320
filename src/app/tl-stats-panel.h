/* tl-stats-panel.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Statistics of the session's trace: elapsed time, counts, lost events,
 * each worker's busy share and the time spent waiting for each lock.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_STATS_PANEL (tl_stats_panel_get_type ())
G_DECLARE_FINAL_TYPE (TlStatsPanel, tl_stats_panel, TL, STATS_PANEL, GtkWidget)

void  tl_stats_panel_set_session (TlStatsPanel *self,
                                  TlSession    *session);
/* What the panel shows, in order: "GROUP\tTITLE\tVALUE" a row (for the
 * tests). */
GStrv tl_stats_panel_dup_rows    (TlStatsPanel *self);

G_END_DECLS
