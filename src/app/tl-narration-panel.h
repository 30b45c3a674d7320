/* tl-narration-panel.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The story of the run: the scenario's narration, then captions of what
 * happened, in order ("worker 2 waits for lock L, held by worker 1").
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TL_TYPE_NARRATION_PANEL (tl_narration_panel_get_type ())
G_DECLARE_FINAL_TYPE (TlNarrationPanel, tl_narration_panel, TL, NARRATION_PANEL, GtkWidget)

void  tl_narration_panel_set_story     (TlNarrationPanel *self,
                                        const char       *title,
                                        const char       *story);
void  tl_narration_panel_clear_captions (TlNarrationPanel *self);
/* Appends a caption; @when is shown before it ("+1.25 s"). */
void  tl_narration_panel_add_caption   (TlNarrationPanel *self,
                                        const char       *when,
                                        const char       *text);
guint tl_narration_panel_get_n_captions (TlNarrationPanel *self);
/* Marks the last caption as the current one (the story is in time order,
 * up to the playhead or "now"), and keeps it in sight. */
void  tl_narration_panel_mark_last     (TlNarrationPanel *self);
/* The marked caption's text, or NULL. */
const char *tl_narration_panel_get_current (TlNarrationPanel *self);

G_END_DECLS
