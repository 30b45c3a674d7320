/* test-render-cli.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli render, as a user runs it: pictures of the trace files in
 * tests/data, and clear refusals of what it cannot do.
 */
#include "config.h"
#include "tl-test-util.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  TlTestTmpDir *dir;
  char *cli;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->cli = g_strdup (g_getenv ("TL_TEST_CLI"));
  g_assert_nonnull (f->cli);
  f->dir = tl_test_tmp_dir_new ("threadline-cli-render");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tl_test_tmp_dir_free (f->dir);
  g_free (f->cli);
}

/* Runs the CLI with @args (NULL-terminated); returns its exit status. */
static int
run (Fixture     *f,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status;
  va_list args;

  g_ptr_array_add (argv, f->cli);
  g_ptr_array_add (argv, (gpointer) "render");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_png (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *trace = g_test_build_filename (G_TEST_DIST, "data", "tltrace",
                                                  "recording.tltrace", NULL);
  g_autofree char *out = g_build_filename (f->dir, "recording.png", NULL);
  g_autofree char *err = NULL;
  cairo_surface_t *surface;

  g_assert_cmpint (run (f, &err, trace, "-o", out, "--width", "900", "--style", "dark", NULL),
                   ==, 0);
  surface = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 900);
  g_assert_cmpint (cairo_image_surface_get_height (surface), >, 100);
  cairo_surface_destroy (surface);
}

static void
test_cli_range_svg_pdf (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *trace = g_test_build_filename (G_TEST_DIST, "data", "chrome",
                                                  "viztracer.json", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "part.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "part.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, &err, trace, "-o", svg, "--from", "1us", "--to", "0.000004",
                        "--width", "640", "--height", "300", NULL), ==, 0);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"640\""));
  g_clear_pointer (&contents, g_free);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &err, trace, "-o", pdf, "--style", "presentation", NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

static void
test_cli_refusals (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *trace = g_test_build_filename (G_TEST_DIST, "data", "chrome",
                                                  "viztracer.json", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-trace.json", NULL);
  g_autofree char *gif = g_build_filename (f->dir, "out.gif", NULL);
  g_autofree char *png = g_build_filename (f->dir, "out.png", NULL);
  char *err = NULL;

  /* Bad usage: 2, with a reason. */
  g_assert_cmpint (run (f, &err, trace, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "-o OUT"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &err, trace, "-o", gif, NULL), ==, 2);
  g_assert_nonnull (strstr (err, ".png, .svg or .pdf"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &err, trace, "-o", png, "--style", "neon", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "neon"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &err, trace, "-o", png, "--from", "soon", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "soon"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &err, trace, "-o", png, "--from", "5us", "--to", "2us", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, &err, trace, "-o", png, "--width", "10", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* A file that is not there: 1, and nothing written. */
  g_assert_cmpint (run (f, &err, missing, "-o", png, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no-such-trace.json"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/render/cli/png", Fixture, NULL, fixture_set_up, test_cli_png, fixture_tear_down);
  g_test_add ("/render/cli/range-svg-pdf", Fixture, NULL, fixture_set_up, test_cli_range_svg_pdf,
              fixture_tear_down);
  g_test_add ("/render/cli/refusals", Fixture, NULL, fixture_set_up, test_cli_refusals,
              fixture_tear_down);

  return g_test_run ();
}
