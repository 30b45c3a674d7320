/* threadline-cli.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli COMMAND [ARGS]: Threadline without a window.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-locale.h"

/* One line per command; each lives in tl-cli-<command>.c. */
static const TlCliCommand commands[] = {
  { "info", N_("Describe a trace: processes, threads, events, spans, damage"), tl_cli_info },
  { "convert", N_("Convert a trace between .tltrace and Chrome JSON"), tl_cli_convert },
  { "render", N_("Draw a trace as PNG, SVG or PDF"), tl_cli_render },
  { "list", N_("List the built-in scenarios and their parameters"), tl_cli_list },
  { "record", N_("Run a scenario for real and record its trace"), tl_cli_record },
  { "run", N_("Run a program with the tracer attached and record its trace"), tl_cli_run },
  { NULL, NULL, NULL }
};

int
tl_cli_fail (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("threadline-cli: %s\n", message);
  return 1;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _("Usage: threadline-cli COMMAND [ARGUMENTS]\n\nCommands:\n"));
  for (const TlCliCommand *c = commands; c->name != NULL; c++)
    fprintf (out, "  %-10s %s\n", c->name, _(c->summary));
  fprintf (out, "%s", _("\nRun 'threadline-cli COMMAND --help' for a command's options.\n"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  tl_locale_bind_textdomain ();
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("threadline-cli");

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("threadline-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (const TlCliCommand *c = commands; c->name != NULL; c++)
    if (strcmp (argv[1], c->name) == 0)
      return c->func (argc - 1, argv + 1);

  g_printerr (_("threadline-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return 2;
}
