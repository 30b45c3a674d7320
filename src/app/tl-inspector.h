/* tl-inspector.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The selected span, mark or arrow: what, who, when, how long, the object
 * it is about and the other workers that used that object.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_INSPECTOR (tl_inspector_get_type ())
G_DECLARE_FINAL_TYPE (TlInspector, tl_inspector, TL, INSPECTOR, GtkWidget)

TlSession *tl_inspector_get_session (TlInspector *self);
/* What it shows: its title, then a row a line, "Title\tValue". */
GStrv      tl_inspector_dup_rows    (TlInspector *self);
void       tl_inspector_set_session (TlInspector *self,
                                     TlSession   *session);

G_END_DECLS
