/* tl-text-cache.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shaped text, kept between frames.  Laying out a label with Pango costs
 * tens of microseconds; a timeline frame shows a few hundred labels that
 * rarely change, so each (font, width, text) is shaped once.
 */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef enum
{
  TL_FONT_NORMAL = 0,
  TL_FONT_BOLD,
  TL_FONT_SMALL,
  TL_N_FONTS
} TlFont;

typedef struct _TlTextCache TlTextCache;

TlTextCache *tl_text_cache_new      (double       font_size,
                                     double       small_font_size);
void         tl_text_cache_free     (TlTextCache *self);

/* A layout of @text in @font, ellipsized at its end to @max_width pixels
 * (0: no limit).  Owned by the cache; valid until the next call. */
PangoLayout *tl_text_cache_get      (TlTextCache *self,
                                     TlFont       font,
                                     const char  *text,
                                     int          max_width);
/* Its size in pixels. */
void         tl_text_cache_measure  (TlTextCache *self,
                                     TlFont       font,
                                     const char  *text,
                                     int          max_width,
                                     int         *width,
                                     int         *height);
/* A font's size in pixels (its em). */
double       tl_text_cache_get_font_size (TlTextCache *self,
                                          TlFont       font);
/* The smallest font size tl_text_cache_show () drew text in since the last
 * reset; 0 when it drew none.  What a projector test checks. */
double       tl_text_cache_get_min_shown (TlTextCache *self);
void         tl_text_cache_reset_min_shown (TlTextCache *self);
/* When @record is set, tl_text_cache_show () keeps a copy of every text
 * it draws in @record (strings freed by the array), until set to NULL. */
void         tl_text_cache_set_record (TlTextCache *self,
                                       GPtrArray   *record);
/* Draws @text with its top-left corner at (x, y) in the current source. */
void         tl_text_cache_show     (TlTextCache *self,
                                     cairo_t     *cr,
                                     TlFont       font,
                                     const char  *text,
                                     int          max_width,
                                     double       x,
                                     double       y);

/* The same, with a halo of @halo_width pixels in @halo round its letters
 * (then @ink), so that it reads over anything and what is under it still
 * shows between its letters. */
void         tl_text_cache_show_haloed (TlTextCache *self,
                                        cairo_t     *cr,
                                        TlFont       font,
                                        const char  *text,
                                        double       x,
                                        double       y,
                                        const double halo[4],
                                        double       halo_width,
                                        const double ink[4]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTextCache, tl_text_cache_free)

G_END_DECLS
