/* tl-cli-list.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli list [--ids] [FILE...]: the built-in scenarios (or the
 * scenario files named), each with its id, topic, name, summary and
 * parameters (name=default, type and range, what it does).
 *
 * Exit status: 0; 1 when a file named does not load (the error names the
 * file and line); 2 on bad usage.
 */
#define G_LOG_DOMAIN "threadline-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-scenario.h"

static char *
describe_range (TlScenarioParam *param)
{
  char min[G_ASCII_DTOSTR_BUF_SIZE], max[G_ASCII_DTOSTR_BUF_SIZE];

  switch (tl_scenario_param_get_param_type (param))
    {
    case TL_PARAM_INT:
    case TL_PARAM_DOUBLE:
      return g_strdup_printf ("%s %s..%s",
                              tl_scenario_param_type_to_string (tl_scenario_param_get_param_type (param)),
                              g_ascii_formatd (min, sizeof min, "%g", tl_scenario_param_get_min (param)),
                              g_ascii_formatd (max, sizeof max, "%g", tl_scenario_param_get_max (param)));
    case TL_PARAM_CHOICE:
      {
        g_autofree char *choices = g_strjoinv ("|", (char **) tl_scenario_param_get_choices (param));

        return g_strdup_printf ("choice %s", choices);
      }
    case TL_PARAM_BOOL:
    default:
      return g_strdup ("bool");
    }
}

static void
print_scenario (TlScenario *scenario,
                gboolean    ids_only)
{
  GPtrArray *params = tl_scenario_get_params (scenario);

  if (ids_only)
    {
      printf ("%s\n", tl_scenario_get_id (scenario));
      return;
    }
  printf ("%-22s %-14s %s\n", tl_scenario_get_id (scenario), tl_scenario_get_topic (scenario),
          tl_scenario_get_name (scenario));
  printf ("    %s\n", tl_scenario_get_summary (scenario));
  for (guint i = 0; i < params->len; i++)
    {
      TlScenarioParam *param = g_ptr_array_index (params, i);
      g_autofree char *assignment = g_strdup_printf ("%s=%s", tl_scenario_param_get_name (param),
                                                     tl_scenario_param_get_default (param));
      g_autofree char *range = describe_range (param);

      printf ("    -p %-24s %-22s %s\n", assignment, range, tl_scenario_param_get_description (param));
    }
  printf ("\n");
}

int
tl_cli_list (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("[FILE…] — the scenarios and their parameters"));
  g_autoptr(GError) error = NULL;
  gboolean ids_only = FALSE;
  const GOptionEntry entries[] = {
    { "ids", 0, 0, G_OPTION_ARG_NONE, &ids_only, N_("Print the ids only"), NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("threadline-cli list: %s\n", error->message);
      return 2;
    }

  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        {
          g_autoptr(TlScenario) scenario = tl_scenario_new_from_file (argv[i], &error);

          if (scenario == NULL)
            return tl_cli_fail ("%s", error->message);
          print_scenario (scenario, ids_only);
        }
      return 0;
    }

  {
    g_autoptr(GListModel) scenarios = tl_scenario_list_builtin ();

    for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
      {
        g_autoptr(TlScenario) scenario = g_list_model_get_item (scenarios, i);

        print_scenario (scenario, ids_only);
      }
  }
  return 0;
}
