/* tl-render-export.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "tl-render-export.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define MAX_SIDE 32767

gboolean
tl_export_format_for_path (const char     *path,
                           TlExportFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = TL_EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = TL_EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = TL_EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR,
               status == CAIRO_STATUS_WRITE_ERROR ? G_IO_ERROR_FAILED : G_IO_ERROR_INVALID_DATA,
               _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
tl_painter_export (TlPainter         *painter,
                   const TlViewport  *viewport,
                   TlExportFormat     format,
                   const char        *path,
                   GError           **error)
{
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  TlViewport vp;
  cairo_t *cr;

  g_return_val_if_fail (TL_IS_PAINTER (painter), FALSE);
  g_return_val_if_fail (viewport != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  vp = *viewport;
  if (vp.width <= 0)
    vp.width = 1600;
  /* A presentation picture of a given height is a screen of that height. */
  if (tl_painter_get_style (painter) == TL_STYLE_PRESENTATION &&
      tl_painter_get_presentation (painter) == 0 && vp.height > 0)
    {
      gboolean done;

      tl_painter_set_presentation (painter, vp.height);
      done = tl_painter_export (painter, &vp, format, path, error);
      tl_painter_set_presentation (painter, 0);
      return done;
    }
  if (vp.height <= 0)
    vp.height = tl_painter_get_natural_height (painter, vp.width);
  if (vp.t1 <= vp.t0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The time range to draw is empty"));
      return FALSE;
    }
  if (vp.width > MAX_SIDE || vp.height > MAX_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A picture of %d × %d pixels is too large (at most %d a side)"),
                   vp.width, vp.height, MAX_SIDE);
      return FALSE;
    }

  tmp = g_strdup_printf ("%s.tmp-%d", path, (int) getpid ());
  switch (format)
    {
    case TL_EXPORT_SVG:
      surface = cairo_svg_surface_create (tmp, vp.width, vp.height);
      break;
    case TL_EXPORT_PDF:
      surface = cairo_pdf_surface_create (tmp, vp.width, vp.height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Threadline");
      break;
    case TL_EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, vp.width, vp.height);
      break;
    }
  if (!check_status (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      g_unlink (tmp);
      return FALSE;
    }

  cr = cairo_create (surface);
  tl_painter_draw (painter, cr, &vp, TL_PAINT_LAYER_ALL);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == TL_EXPORT_PNG)
    status = cairo_surface_write_to_png (surface, tmp);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, path, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
