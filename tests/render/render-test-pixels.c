/* render-test-pixels.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "render-test-pixels.h"

TlRgba
render_test_pixel (cairo_surface_t *surface,
                   int              x,
                   int              y)
{
  const guint8 *data;
  guint32 pixel;
  double a;

  cairo_surface_flush (surface);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  data = cairo_image_surface_get_data (surface);
  pixel = *(const guint32 *) (gconstpointer) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
  a = ((pixel >> 24) & 0xff) / 255.0;
  if (a == 0)
    return (TlRgba) { 0, 0, 0, 0 };
  return (TlRgba) { ((pixel >> 16) & 0xff) / 255.0 / a, ((pixel >> 8) & 0xff) / 255.0 / a,
                    (pixel & 0xff) / 255.0 / a, a };
}

double
render_test_distance (const TlRgba *a,
                      const TlRgba *b)
{
  return sqrt ((a->r - b->r) * (a->r - b->r) + (a->g - b->g) * (a->g - b->g) +
               (a->b - b->b) * (a->b - b->b));
}

int
render_test_classify (const TlPalette *palette,
                      cairo_surface_t *surface,
                      int              x,
                      int              y)
{
  TlRgba pixel = render_test_pixel (surface, x, y);
  double best = MIN (render_test_distance (&pixel, &palette->background),
                     render_test_distance (&pixel, &palette->row_alt));
  int found = -1;

  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    {
      double d = render_test_distance (&pixel, &palette->fill[c]);

      /* Pattern inks may reuse another class's fill (the dots of sleep are
       * the task's blue): a fill that matches wins. */
      if (palette->pattern[c] != TL_FILL_SOLID)
        d = MIN (d, render_test_distance (&pixel, &palette->ink[c]) + 0.05);
      if (d < best)
        {
          best = d;
          found = (int) c;
        }
    }
  return found;
}

int
render_test_classify_area (const TlPalette *palette,
                           cairo_surface_t *surface,
                           int              x,
                           int              y,
                           int              w,
                           int              h)
{
  guint votes[TL_PAINT_N_CLASSES + 1] = { 0 };
  guint best = 0;

  for (int j = y; j < y + h; j++)
    for (int i = x; i < x + w; i++)
      votes[render_test_classify (palette, surface, i, j) + 1]++;
  for (guint c = 1; c < G_N_ELEMENTS (votes); c++)
    if (votes[c] > votes[best])
      best = c;
  return (int) best - 1;
}

cairo_surface_t *
render_test_draw (TlPainter        *painter,
                  const TlViewport *viewport)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, viewport->width,
                                                         viewport->height);
  cairo_t *cr = cairo_create (surface);

  tl_painter_draw (painter, cr, viewport, TL_PAINT_LAYER_ALL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

void
render_test_save (cairo_surface_t *surface,
                  const char      *name)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *folder = g_build_filename (dir != NULL ? dir : ".", "render-screenshots", NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_mkdir_with_parents (folder, 0755);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("saved %s", path);
}

gboolean
render_test_locate (TlPainter        *painter,
                    const TlViewport *viewport,
                    TlLaneKind        kind,
                    guint32           pid,
                    guint64           key,
                    guint             track,
                    gint64            t,
                    double           *x,
                    double           *y)
{
  TlTraceModel *model = tl_painter_get_model (painter);
  guint32 lane = tl_trace_model_lookup_lane (model, kind, pid, key);
  const TlLayout *layout = tl_painter_get_layout (painter);
  TlPaintGeometry g;
  const TlRow *row;
  double ty, th;
  guint r;

  if (lane == TL_INDEX_NONE)
    return FALSE;
  r = tl_layout_lookup_lane (layout, lane);
  if (r == G_MAXUINT)
    return FALSE;
  row = tl_layout_get_row (layout, r);
  if (!tl_layout_get_track (layout, row, track, &ty, &th))
    return FALSE;
  tl_painter_get_geometry (painter, viewport, &g);
  *x = floor (tl_time_map_x (&g.map, t));
  *y = floor (g.plot_y + ty - viewport->scroll_y + th / 2);
  return TRUE;
}
