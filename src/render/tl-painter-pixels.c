/* tl-painter-pixels.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing straight into the pixels of an image surface.  Every batch of
 * rectangles and every mark is opaque or pre-drawn, axis-aligned and on
 * whole pixels, so copying the pixels gives what cairo would, without
 * its per-shape cost.  Vector targets, odd transforms and clips take
 * cairo's own path.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-painter-private.h"

/* An opaque colour as cairo stores it in an ARGB32 pixel (it rounds
 * through 16 bits, so do we, and both paths give the same pixels). */
guint32
_tl_painter_argb_pixel (const TlRgba *c)
{
  guint32 r = ((guint32) (c->r * 65535.0 + 0.5)) >> 8;
  guint32 g = ((guint32) (c->g * 65535.0 + 0.5)) >> 8;
  guint32 b = ((guint32) (c->b * 65535.0 + 0.5)) >> 8;

  return 0xff000000u | (r << 16) | (g << 8) | b;
}

/* Whether @cr draws on a plain image surface that can be written
 * directly: ARGB32 or RGB24, whole-pixel translation, a whole device
 * scale, and a clip that is one rectangle on whole pixels. */
gboolean
_tl_painter_direct_target_init (cairo_t        *cr,
                                TlDirectTarget *t)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_matrix_t m;
  double sx, sy, ox, oy;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  if (cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 &&
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_RGB24)
    return FALSE;
  if (cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (m.xy != 0 || m.yx != 0 || m.xx != 1 || m.yy != 1 || sx != sy || sx != floor (sx) || sx < 1 ||
      m.x0 != floor (m.x0) || m.y0 != floor (m.y0) || ox != floor (ox) || oy != floor (oy))
    return FALSE;
  t->surface = target;
  t->scale = (int) sx;
  t->dx = (int) (m.x0 * t->scale + ox);
  t->dy = (int) (m.y0 * t->scale + oy);
  t->x0 = 0;
  t->y0 = 0;
  t->x1 = cairo_image_surface_get_width (target);
  t->y1 = cairo_image_surface_get_height (target);

  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }
  if (clip->num_rectangles == 1)
    {
      const cairo_rectangle_t *r = &clip->rectangles[0];
      double x0 = r->x * t->scale + t->dx, y0 = r->y * t->scale + t->dy;
      double x1 = (r->x + r->width) * t->scale + t->dx, y1 = (r->y + r->height) * t->scale + t->dy;

      if (x0 != floor (x0) || y0 != floor (y0) || x1 != floor (x1) || y1 != floor (y1))
        {
          cairo_rectangle_list_destroy (clip);
          return FALSE;
        }
      t->x0 = MAX (t->x0, (int) x0);
      t->y0 = MAX (t->y0, (int) y0);
      t->x1 = MIN (t->x1, (int) x1);
      t->y1 = MIN (t->y1, (int) y1);
    }
  else
    {
      t->x1 = t->x0;
    }
  cairo_rectangle_list_destroy (clip);

  cairo_surface_flush (target);
  t->data = cairo_image_surface_get_data (target);
  t->stride = cairo_image_surface_get_stride (target);
  return TRUE;
}
