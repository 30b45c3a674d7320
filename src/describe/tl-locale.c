/* tl-locale.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tl-locale.h"

char *
tl_locale_find_dir (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

  /* First where meson installs the translations, relative to the program
   * (bin/../share/locale); then the build tree's po folder, where
   * i18n.gettext builds them, two levels above every program and test
   * (src/app, src/cli, tests/SUITE). */
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      const char *candidates[] = {
#ifdef BINDIR_TO_LOCALEDIR
        BINDIR_TO_LOCALEDIR,
#endif
        "../../po",
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            return g_canonicalize_filename (path, NULL);
        }
    }
  return g_strdup (LOCALEDIR);
}

void
tl_locale_bind_textdomain (void)
{
  g_autofree char *dir = tl_locale_find_dir ();

  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
