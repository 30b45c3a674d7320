/* render-test-pixels.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading what the painter drew: pixels of an image surface, told apart by
 * the palette colour they are nearest to.
 */
#pragma once

#include <cairo.h>

#include "tl-painter.h"

G_BEGIN_DECLS

/* The colour at (x, y), unpremultiplied, 0..1. */
TlRgba      render_test_pixel          (cairo_surface_t  *surface,
                                        int               x,
                                        int               y);
double      render_test_distance       (const TlRgba     *a,
                                        const TlRgba     *b);
/* The paint class whose fill or pattern ink is nearest to the pixel, or
 * -1 if the background (or a row stripe) is nearer than any. */
int         render_test_classify       (const TlPalette  *palette,
                                        cairo_surface_t  *surface,
                                        int               x,
                                        int               y);
/* The class most pixels of the w x h box at (x, y) classify as. */
int         render_test_classify_area  (const TlPalette  *palette,
                                        cairo_surface_t  *surface,
                                        int               x,
                                        int               y,
                                        int               w,
                                        int               h);

/* Draws the whole of @viewport into a new image surface. */
cairo_surface_t *render_test_draw      (TlPainter        *painter,
                                        const TlViewport *viewport);
/* Saves @surface as $G_TEST_BUILDDIR/render-screenshots/@name for review. */
void        render_test_save           (cairo_surface_t  *surface,
                                        const char       *name);

/* The screen centre of @track of the lane (@kind, @pid, @key), and the x of
 * @t; FALSE if the lane is not shown. */
gboolean    render_test_locate         (TlPainter        *painter,
                                        const TlViewport *viewport,
                                        TlLaneKind        kind,
                                        guint32           pid,
                                        guint64           key,
                                        guint             track,
                                        gint64            t,
                                        double           *x,
                                        double           *y);

G_END_DECLS
