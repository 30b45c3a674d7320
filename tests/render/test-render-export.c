/* test-render-export.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pictures in files: PNG, SVG and PDF that their readers accept, written
 * whole or not at all.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "render-test-models.h"
#include "tl-render-export.h"
#include "tl-test-util.h"

#define MS TL_TEST_MS

typedef struct
{
  TlTestTmpDir *dir;
  TlTraceModel *model;
  TlPainter    *painter;
  TlViewport    viewport;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = tl_test_tmp_dir_new ("threadline-export");
  f->model = render_test_demo_model (TRUE);
  f->painter = tl_painter_new (f->model);
  tl_viewport_init (&f->viewport, 0, 100 * MS, 1000, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tl_test_tmp_dir_free (f->dir);
  g_object_unref (f->painter);
  g_object_unref (f->model);
}

static char *
export (Fixture        *f,
        const char     *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  GError *error = NULL;
  TlExportFormat format;

  g_assert_true (tl_export_format_for_path (path, &format));
  g_assert_true (tl_painter_export (f->painter, &f->viewport, format, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_export_png (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = export (f, "trace.png");
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1000);
  /* Height 0: as tall as every row needs. */
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==,
                   tl_painter_get_natural_height (f->painter, 1000));
  cairo_surface_destroy (surface);
}

static void
test_export_svg (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = export (f, "trace.SVG");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"1000\""));
  g_assert_nonnull (strstr (contents, "</svg>"));
}

static void
test_export_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  f->viewport.height = 500;
  path = export (f, "trace.pdf");
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (g_strrstr_len (contents + length - 32, 32, "%%EOF"));
  /* Compressed streams hold NUL bytes: search all of it. */
  g_assert_nonnull (memmem (contents, length, "/MediaBox [ 0 0 1000 500 ]", 26));
}

static void
test_export_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", "dir", "trace.png", NULL);
  g_autofree char *big = g_build_filename (f->dir, "big.png", NULL);
  GError *error = NULL;
  TlExportFormat format;

  g_assert_false (tl_export_format_for_path ("trace.gif", &format));

  g_assert_false (tl_painter_export (f->painter, &f->viewport, TL_EXPORT_PNG, missing, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_clear_error (&error);

  f->viewport.width = 100000;
  g_assert_false (tl_painter_export (f->painter, &f->viewport, TL_EXPORT_PNG, big, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (big, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/render/export/png", Fixture, NULL, fixture_set_up, test_export_png, fixture_tear_down);
  g_test_add ("/render/export/svg", Fixture, NULL, fixture_set_up, test_export_svg, fixture_tear_down);
  g_test_add ("/render/export/pdf", Fixture, NULL, fixture_set_up, test_export_pdf, fixture_tear_down);
  g_test_add ("/render/export/errors", Fixture, NULL, fixture_set_up, test_export_errors,
              fixture_tear_down);

  return g_test_run ();
}
