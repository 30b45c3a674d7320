/* test-scenario-hostile-files.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenario files travel: a teacher shares them, students mail them
 * around.  Files made to hurt, generated here, load in time linear in
 * their size or fail at once with a clear error naming the file and the
 * line; none crashes, hangs or takes memory out of proportion.
 */
#include "config.h"

#include <string.h>

#include "tl-key-file.h"
#include "tl-scenario.h"

#define HEADER "[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"

static TlScenario *
load_text (const char  *text,
           gsize        len,
           GError     **error)
{
  return tl_scenario_new_from_data (text, (gssize) len, "hostile.scenario", error);
}

/* 200,000 functions: a lookup by name per function made this quadratic
 * (minutes); a test timeout catches that, loading takes a fraction of a
 * second now. */
static void
test_many_functions (void)
{
  g_autoptr(GString) text = g_string_new (HEADER "[Main]\nSteps=call f199999() into x\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = NULL;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "[Function f%u]\nSteps=return %u\n", i, i);
  scenario = load_text (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
}

static void
test_many_parameters (void)
{
  g_autoptr(GString) text = g_string_new (HEADER "[Main]\nSteps=print \"{p99999}\"\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (text, "[Parameter p%u]\nType=int\nDefault=%u\n", i, i);
  scenario = load_text (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_scenario_get_params (scenario)->len, ==, 100000);
  g_assert_cmpstr (tl_scenario_param_get_default (tl_scenario_lookup_param (scenario, "p77777")), ==, "77777");
}

/* The scenario's own reader gives what GKeyFile gives, on every built-in
 * file and on values with escapes, lists and translations. */
static void
assert_same_values (const char *data,
                    gsize       len)
{
  g_autoptr(GKeyFile) reference = g_key_file_new ();
  g_autoptr(TlKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  g_assert_true (g_key_file_load_from_data (reference, data, len, G_KEY_FILE_KEEP_TRANSLATIONS, &error));
  file = _tl_key_file_new ("test", data, len, &error);
  g_assert_no_error (error);
  groups = g_key_file_get_groups (reference, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (reference, groups[g], NULL, NULL);

      g_assert_cmpstr (_tl_key_file_get_group (file, g), ==, groups[g]);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (reference, groups[g], keys[k], NULL);
          g_autofree char *string = g_key_file_get_string (reference, groups[g], keys[k], NULL);
          g_autofree char *ours = _tl_key_file_get_string (file, groups[g], keys[k]);
          g_auto(GStrv) list = g_key_file_get_string_list (reference, groups[g], keys[k], NULL, NULL);
          g_auto(GStrv) our_list = _tl_key_file_get_string_list (file, groups[g], keys[k], NULL);

          g_assert_cmpstr (_tl_key_file_get_key (file, groups[g], k), ==, keys[k]);
          g_assert_cmpstr (_tl_key_file_get_value (file, groups[g], keys[k]), ==, value);
          g_assert_cmpstr (ours, ==, string);
          g_assert_true ((list == NULL) == (our_list == NULL));
          if (list != NULL)
            g_assert_true (g_strv_equal ((const char * const *) list, (const char * const *) our_list));
        }
    }
  g_assert_null (_tl_key_file_get_group (file, g_strv_length (groups)));
}

static void
test_key_file (void)
{
  g_autoptr(GListModel) builtin = tl_scenario_list_builtin ();
  const char *escapes = "[A]\nplain=a b  \nescaped=a\\sb\\nc\\td\\\\e\\r\nlist=x;y\\;z;\n"
                        "empty=\n  spaced  =  v  \nName=en\nName[fr]=fr\r\nbad=a\\qb\ntrail=ab\\\n"
                        "semi=a\\;b\nlists=a;;b\none=;\n[B]\nk=v";

  for (guint i = 0; i < g_list_model_get_n_items (builtin); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (builtin, i);
      GBytes *data = tl_scenario_get_data (scenario);

      assert_same_values (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
    }
  assert_same_values (escapes, strlen (escapes));
}

/* Escapes GKeyFile refuses in a list are an error naming the line. */
static void
test_bad_escape (void)
{
  const char *text = HEADER "[Parameter kind]\nType=choice\nChoices=a;b\\q\nDefault=a\n"
                     "[Main]\nSteps=crash\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = load_text (text, strlen (text), &error);

  g_assert_null (scenario);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "hostile.scenario:8:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/hostile-files/many-functions", test_many_functions);
  g_test_add_func ("/scenarios/hostile-files/many-parameters", test_many_parameters);
  g_test_add_func ("/scenarios/hostile-files/key-file", test_key_file);
  g_test_add_func ("/scenarios/hostile-files/bad-escape", test_bad_escape);
  return g_test_run ();
}
