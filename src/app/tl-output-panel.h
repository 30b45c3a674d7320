/* tl-output-panel.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the workers printed, in time order, each line with its worker;
 * for every worker or one.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_OUTPUT_PANEL (tl_output_panel_get_type ())
G_DECLARE_FINAL_TYPE (TlOutputPanel, tl_output_panel, TL, OUTPUT_PANEL, GtkWidget)

void tl_output_panel_set_session (TlOutputPanel *self,
                                  TlSession     *session);
/* Lines shown (for the tests). */
guint tl_output_panel_get_n_lines (TlOutputPanel *self);
char *tl_output_panel_dup_text    (TlOutputPanel *self);

G_END_DECLS
