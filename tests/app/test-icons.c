/* test-icons.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every icon the window names, in its templates (ui/) and its code
 * (src/app/), is found: in the Adwaita theme Debian 12 ships, or among
 * the icons Threadline bundles in its resources.  A name that is found
 * nowhere shows as a broken image, as the Story tab once did.
 */
#include "config.h"

#include <gtk/gtk.h>

#define RESOURCE_ICONS "/org/threadline/Threadline/icons"

/* Adds to @names every icon name @pattern's first group finds in the
 * files of @dir whose names end with @suffix. */
static void
collect_names (GHashTable *names,
               const char *dir,
               const char *suffix,
               const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  const char *entry;

  g_assert_no_error (error);
  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (entry, suffix))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, &error));
      g_assert_no_error (error);
      for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        g_hash_table_add (names, g_match_info_fetch (match, 1));
    }
}

static void
test_icons_resolve (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GtkIconTheme) theme = gtk_icon_theme_new ();
  g_autofree char *ui = g_test_build_filename (G_TEST_DIST, "..", "ui", NULL);
  g_autofree char *gtk_ui = g_test_build_filename (G_TEST_DIST, "..", "ui", "gtk", NULL);
  g_autofree char *app = g_test_build_filename (G_TEST_DIST, "..", "src", "app", NULL);
  const char *resource_path[] = { RESOURCE_ICONS, NULL };
  GHashTableIter iter;
  const char *name;
  guint missing = 0;

  gtk_icon_theme_set_theme_name (theme, "Adwaita");
  gtk_icon_theme_set_resource_path (theme, resource_path);

  collect_names (names, ui, ".ui", "name=\"icon-name\">([^<]+)<");
  collect_names (names, gtk_ui, ".ui", "name=\"icon-name\">([^<]+)<");
  /* In code: any string that names a symbolic icon. */
  collect_names (names, app, ".c", "\"([A-Za-z0-9._-]+-symbolic)\"");
  /* The scan found what is there to find. */
  g_assert_true (g_hash_table_contains (names, "media-playback-pause-symbolic"));
  g_assert_true (g_hash_table_contains (names, "chat-bubbles-text-symbolic"));

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      g_test_message ("%s: %s", name, gtk_icon_theme_has_icon (theme, name) ? "found" : "MISSING");
      if (!gtk_icon_theme_has_icon (theme, name))
        missing++;
    }
  g_assert_cmpuint (missing, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/icons/resolve", test_icons_resolve);
  return g_test_run ();
}
