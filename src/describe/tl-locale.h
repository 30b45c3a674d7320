/* tl-locale.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a program finds Threadline's translations: in its own prefix when
 * installed, wherever that prefix was moved or unpacked (as the runner is
 * found: tl_scenario_find_runner ()); in the build tree when it runs from
 * there; else in the configured LOCALEDIR.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder holding LANG/LC_MESSAGES/threadline.mo for the running
 * program. */
char *tl_locale_find_dir      (void) G_GNUC_WARN_UNUSED_RESULT;
/* Binds our text domain to that folder, in UTF-8: what a program calls
 * after setlocale () and before it says anything. */
void  tl_locale_bind_textdomain (void);

G_END_DECLS
