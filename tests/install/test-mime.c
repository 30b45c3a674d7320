/* test-mime.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared-mime-info definition of .tltrace, installed alone into a
 * temporary data folder with update-mime-database and seen through GIO,
 * as a file manager sees it: by name, and by the first bytes our writer
 * puts in a file.  And the desktop file claims no type that nobody
 * defines.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "tl-format.h"
#include "tl-test-util.h"

#define TRACE_TYPE "application/x-threadline-trace"

static TlTestTmpDir *data_dir;      /* XDG_DATA_DIRS: our definition only */
static char *system_data_dirs;      /* XDG_DATA_DIRS as the test found it */

static void
install_definition (void)
{
  g_autofree char *packages = g_build_filename (data_dir, "mime", "packages", NULL);
  g_autofree char *target = g_build_filename (packages, "threadline.xml", NULL);
  g_autofree char *mime_dir = g_build_filename (data_dir, "mime", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "update-mime-database", mime_dir, NULL };
  gsize len;
  int status;

  g_assert_true (g_file_get_contents (g_getenv ("TL_TEST_MIME_XML"), &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (packages, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, contents, len, &error));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  /* update-mime-database reports a bad definition on stderr and goes on. */
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

/* The database as update-mime-database wrote it.  (The type's description
 * is read from the file GIO reads it from: g_content_type_get_description ()
 * leaks in GLib 2.74.) */
static void
test_database (void)
{
  g_autofree char *cache = g_build_filename (data_dir, "mime", "mime.cache", NULL);
  g_autofree char *type = g_build_filename (data_dir, "mime", TRACE_TYPE ".xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (type, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<comment>Threadline trace</comment>"));
}

static void
test_by_name (void)
{
  g_autofree char *type = NULL;
  gboolean uncertain = TRUE;

  type = g_content_type_guess ("lesson/race.tltrace", NULL, 0, &uncertain);
  g_assert_cmpstr (type, ==, TRACE_TYPE);
  g_assert_false (uncertain);
}

/* A trace our writer wrote, named so that only its bytes can tell. */
static GBytes *
written_trace_head (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-mime");
  g_autofree char *path = g_build_filename (dir, "trace.tltrace", NULL);
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (tl_trace_file_save (model, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  return g_bytes_new (contents, MIN (len, 64));
}

static void
test_by_content (void)
{
  g_autoptr(GBytes) head = written_trace_head ();
  g_autofree char *type = NULL;
  g_autofree char *renamed = NULL;
  gsize len;
  const guchar *data = g_bytes_get_data (head, &len);
  gboolean uncertain = TRUE;

  type = g_content_type_guess (NULL, data, len, &uncertain);
  g_assert_cmpstr (type, ==, TRACE_TYPE);
  g_assert_false (uncertain);

  /* A download that lost its name. */
  renamed = g_content_type_guess ("download", data, len, &uncertain);
  g_assert_cmpstr (renamed, ==, TRACE_TYPE);
}

static void
test_not_a_trace (void)
{
  /* Chrome JSON, and a file cut off inside the magic. */
  const char *inputs[] = { "{\"traceEvents\": []}", "TLTRAC" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *type = g_content_type_guess ("download", (const guchar *) inputs[i],
                                                    strlen (inputs[i]), NULL);

      g_assert_cmpstr (type, !=, TRACE_TYPE);
    }
}

/* Defined by shared-mime-info (or an alias of a type it defines) in one of
 * the folders the test started with. */
static gboolean
is_standard_type (const char *type)
{
  g_auto(GStrv) dirs = g_strsplit (system_data_dirs, ":", -1);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *definition = g_strdup_printf ("%s/mime/%s.xml", dirs[i], type);
      g_autofree char *aliases_path = g_build_filename (dirs[i], "mime", "aliases", NULL);
      g_autofree char *aliases = NULL;
      g_autofree char *line = g_strdup_printf ("\n%s ", type);

      if (dirs[i][0] == '\0')
        continue;
      if (g_file_test (definition, G_FILE_TEST_IS_REGULAR))
        return TRUE;
      if (g_file_get_contents (aliases_path, &aliases, NULL, NULL))
        {
          g_autofree char *text = g_strconcat ("\n", aliases, NULL);

          if (strstr (text, line) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_desktop_types (void)
{
  g_autoptr(GKeyFile) desktop = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) types = NULL;
  g_autofree char *ours = g_build_filename (data_dir, "mime", NULL);

  g_assert_true (g_key_file_load_from_file (desktop, g_getenv ("TL_TEST_DESKTOP_FILE"),
                                            G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  types = g_key_file_get_string_list (desktop, "Desktop Entry", "MimeType", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) types, TRACE_TYPE));

  for (guint i = 0; types[i] != NULL; i++)
    {
      g_autofree char *definition = g_strdup_printf ("%s/%s.xml", ours, types[i]);

      if (!g_file_test (definition, G_FILE_TEST_IS_REGULAR) && !is_standard_type (types[i]))
        g_test_fail_printf ("MimeType= lists %s, which nothing defines", types[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  const char *dirs = g_getenv ("XDG_DATA_DIRS");
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before GIO reads the MIME database, which it does once. */
  system_data_dirs = g_strdup (dirs != NULL && dirs[0] != '\0' ? dirs : "/usr/local/share:/usr/share");
  data_dir = tl_test_tmp_dir_new ("threadline-mime-db");
  home = g_build_filename (data_dir, "home", NULL);
  g_setenv ("XDG_DATA_DIRS", data_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  install_definition ();

  g_test_add_func ("/install/mime/database", test_database);
  g_test_add_func ("/install/mime/by-name", test_by_name);
  g_test_add_func ("/install/mime/by-content", test_by_content);
  g_test_add_func ("/install/mime/not-a-trace", test_not_a_trace);
  g_test_add_func ("/install/mime/desktop-types", test_desktop_types);
  status = g_test_run ();

  tl_test_tmp_dir_free (data_dir);
  g_free (system_data_dirs);
  return status;
}
