/* main.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tl-application.h"
#include "tl-locale.h"

/* GSettings aborts the process when it is asked for a schema that is not
 * installed, as happens to a build run straight from its folder: say what
 * to do instead.  After the options are parsed, so that --help works
 * anyway; before startup, which reads the settings. */
static int
check_settings_schema_cb (GApplication *app,
                          GVariantDict *options,
                          gpointer      user_data)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, TL_SETTINGS_SCHEMA_ID, TRUE);
  if (schema != NULL)
    return -1;

  g_printerr (_("threadline: the settings schema “%s” is not installed, so Threadline cannot start.\n"
                "\n"
                "To run a build that is not installed, from its build folder BUILDDIR:\n"
                "    meson devenv -C BUILDDIR threadline\n"
                "(or set GSETTINGS_SCHEMA_DIR=BUILDDIR/data).\n"
                "\n"
                "Installed into PREFIX with “meson install”: PREFIX/share must be in XDG_DATA_DIRS,\n"
                "and the schemas compiled (meson install does it, unless DESTDIR was set):\n"
                "    glib-compile-schemas PREFIX/share/glib-2.0/schemas\n"),
              TL_SETTINGS_SCHEMA_ID);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlApplication) app = NULL;

  setlocale (LC_ALL, "");
  tl_locale_bind_textdomain ();
  textdomain (GETTEXT_PACKAGE);

  app = tl_application_new (APPLICATION_ID, G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (check_settings_schema_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
