/* tl-application.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The settings schema the application reads: data/org.threadline.Threadline.gschema.xml. */
#define TL_SETTINGS_SCHEMA_ID "org.threadline.Threadline"

#define TL_TYPE_APPLICATION (tl_application_get_type ())
G_DECLARE_FINAL_TYPE (TlApplication, tl_application, TL, APPLICATION, AdwApplication)

TlApplication *tl_application_new          (const char        *application_id,
                                            GApplicationFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
GSettings     *tl_application_get_settings (TlApplication     *self);

G_END_DECLS
