/* tl-cli-convert.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli convert [--salvage] IN OUT: a trace from one format to
 * another, each told by its extension (.tltrace, .json, .json.gz); the
 * input's format is recognised by its content.
 *
 * A damaged input is refused (exit 1, nothing written) unless --salvage
 * asks to convert what could be read; the damage is then listed on
 * stderr.  OUT is written under a temporary name and renamed, so it is
 * either complete or untouched.
 */
#define G_LOG_DOMAIN "threadline-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-format.h"

static char *
list_damage (TlTraceModel *model)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();

  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == TL_FORMAT_ERROR &&
          (w->error->code == TL_FORMAT_ERROR_CORRUPT || w->error->code == TL_FORMAT_ERROR_TRUNCATED))
        g_ptr_array_add (messages, w->error->message);
    }
  if (messages->len == 0)
    return NULL;
  g_ptr_array_add (messages, NULL);
  return g_strjoinv ("; ", (char **) messages->pdata);
}

int
tl_cli_convert (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damage = NULL;
  gboolean salvage = FALSE;
  const char *in, *out;
  const GOptionEntry entries[] = {
    { "salvage", 0, 0, G_OPTION_ARG_NONE, &salvage,
      N_("Convert what could be read from a damaged input"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (N_("IN OUT"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Converts a trace; the output's format follows its extension:\n"
                                   ".tltrace, .json or .json.gz (Chrome Trace Event Format)."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tl_cli_fail ("convert: %s", error->message);
      return 2;
    }
  if (argc != 3)
    {
      tl_cli_fail ("%s", _("convert: expected IN and OUT (see 'threadline-cli convert --help')"));
      return 2;
    }
  in = argv[1];
  out = argv[2];

  /* Before the work of loading: the output must name a format. */
  if (tl_trace_format_for_path (out) == TL_TRACE_FORMAT_UNKNOWN)
    {
      tl_cli_fail (_("convert: cannot tell the format of “%s” from its name: "
                     "use .tltrace, .json or .json.gz"), out);
      return 2;
    }

  model = tl_trace_file_load (in, NULL, NULL, NULL, &error);
  if (model == NULL)
    return tl_cli_fail ("%s: %s", in, error->message);

  damage = list_damage (model);
  if (damage != NULL && !salvage)
    /* TRANSLATORS: "trace.tltrace is damaged: <what is wrong>; nothing..." */
    return tl_cli_fail (_("%s is damaged: %s; nothing was written "
                          "(--salvage converts what could be read)"), in, damage);
  if (damage != NULL)
    g_printerr (_("threadline-cli: %s is damaged: %s; converting what could be read\n"), in, damage);

  if (!tl_trace_file_save (model, out, NULL, NULL, NULL, &error))
    return tl_cli_fail ("%s: %s", out, error->message);
  return 0;
}
