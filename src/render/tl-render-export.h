/* tl-render-export.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A picture of the timeline in a file: PNG, SVG or PDF, drawn by the same
 * painter as the screen.
 */
#pragma once

#include <gio/gio.h>

#include "tl-painter.h"

G_BEGIN_DECLS

typedef enum
{
  TL_EXPORT_PNG = 0,
  TL_EXPORT_SVG,
  TL_EXPORT_PDF,
} TlExportFormat;

/* From the file name's extension (.png, .svg, .pdf, any case). */
gboolean tl_export_format_for_path (const char        *path,
                                    TlExportFormat    *format);

/* Draws @viewport (a height of 0: every row) into @path, written to a
 * temporary name and renamed, so the file is either complete or
 * untouched. */
gboolean tl_painter_export         (TlPainter         *painter,
                                    const TlViewport  *viewport,
                                    TlExportFormat     format,
                                    const char        *path,
                                    GError           **error);

G_END_DECLS
