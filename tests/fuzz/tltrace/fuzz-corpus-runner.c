/* fuzz-corpus-runner.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs every file of the directories given through the fuzz target, one
 * test each: the seed corpus stays a regression test with any compiler.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
run_file (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (data, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, len), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_files = 0;

  g_test_init (&argc, &argv, NULL);
  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint j = 0; j < names->len; j++)
        {
          char *path = g_build_filename (argv[i], g_ptr_array_index (names, j), NULL);
          g_autofree char *test_path = g_strdup_printf ("/formats/tltrace/fuzz-corpus/%s",
                                                       (char *) g_ptr_array_index (names, j));

          g_ptr_array_add (paths, path);
          g_test_add_data_func (test_path, path, run_file);
          n_files++;
        }
    }
  g_assert_cmpuint (n_files, >, 0);
  return g_test_run ();
}
