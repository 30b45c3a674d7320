/* tl-gallery.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario gallery: the built-in scenarios grouped by topic, and the
 * selected one's summary and parameters, ready to run (its narration is
 * the story panel's, said once); then the real programs (tl-example.h),
 * each traced with one click (win.trace-example, with its id), and from
 * a scenario's details, the real program it emulates.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-example.h"
#include "tl-scenario.h"

G_BEGIN_DECLS

#define TL_TYPE_GALLERY (tl_gallery_get_type ())
G_DECLARE_FINAL_TYPE (TlGallery, tl_gallery, TL, GALLERY, GtkWidget)

/* Shows a scenario's details; FALSE if no scenario has that id. */
gboolean    tl_gallery_select        (TlGallery  *self,
                                      const char *id);
/* Adds a scenario loaded from a file, and shows it. */
void        tl_gallery_add_scenario  (TlGallery  *self,
                                      TlScenario *scenario);
TlScenario *tl_gallery_get_scenario  (TlGallery  *self);
/* The parameter values as set (name -> text); free with g_hash_table_unref. */
GHashTable *tl_gallery_dup_values    (TlGallery  *self);
double      tl_gallery_get_tempo     (TlGallery  *self);
void        tl_gallery_set_tempo     (TlGallery  *self,
                                      double      tempo);
/* The real program of that id ("pool-map"), or NULL. */
TlExample  *tl_gallery_lookup_example (TlGallery  *self,
                                       const char *id);
/* Changing parameters is not allowed during a run. */
void        tl_gallery_set_running   (TlGallery  *self,
                                      gboolean    running);

G_END_DECLS
