/* test-scenario-files.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scenario files: the built-in ones load, a teacher's copy loads from its
 * path, and every kind of mistake gives an error naming the file, the line
 * and what is wrong.  Values travel between processes intact.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tl-scenario.h"
#include "tl-value.h"
#include "tl-test-util.h"

static const char *builtin_ids[] = {
  "two-processes", "four-processes", "pool-map", "pool-sizes", "thread-pool-factorial",
  "gil-cpu", "gil-io", "race-counter", "producer-consumer", "sync-primitives", "ipc",
  "exceptions", "deadlock", "start-up-cost",
};

static void
test_builtin (void)
{
  g_autoptr(GListModel) list = tl_scenario_list_builtin ();

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (builtin_ids));
  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (list, i);
      g_autoptr(TlScenario) again = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *params = tl_scenario_get_params (scenario);

      g_assert_cmpstr (tl_scenario_get_id (scenario), ==, builtin_ids[i]);
      g_assert_true (tl_scenario_is_builtin (scenario));
      g_assert_cmpuint (strlen (tl_scenario_get_name (scenario)), >, 5);
      g_assert_cmpuint (strlen (tl_scenario_get_summary (scenario)), >, 40);
      g_assert_cmpuint (strlen (tl_scenario_get_narration (scenario)), >, 200);
      g_assert_cmpuint (params->len, >=, 1);
      for (guint k = 0; k < params->len; k++)
        {
          TlScenarioParam *param = g_ptr_array_index (params, k);
          g_autofree char *checked = tl_scenario_param_check (param, tl_scenario_param_get_default (param), &error);

          g_assert_no_error (error);
          g_assert_cmpstr (checked, ==, tl_scenario_param_get_default (param));
          g_assert_cmpuint (strlen (tl_scenario_param_get_description (param)), >, 0);
        }
      again = tl_scenario_lookup (builtin_ids[i], &error);
      g_assert_no_error (error);
      g_assert_true (again == scenario);
    }
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_lookup ("no-such-scenario", &error);

  g_assert_null (scenario);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  scenario = tl_scenario_new_from_file ("/nonexistent/x.scenario", &error);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND);
}

/* A teacher copies a scenario, changes it, and loads the copy. */
static void
test_teacher_copy (void)
{
  g_autoptr(TlScenario) original = NULL;
  g_autoptr(TlScenario) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-test");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_auto(GStrv) parts = NULL;

  original = tl_scenario_new_builtin ("pool-map", &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (tl_scenario_get_data (original), NULL),
                    g_bytes_get_size (tl_scenario_get_data (original)));
  parts = g_strsplit (text, "Default=4", 2);
  changed = g_strjoinv ("Default=8", parts);
  path = g_build_filename (dir, "my-pool.scenario", NULL);
  g_assert_true (g_file_set_contents (path, changed, -1, NULL));

  copy = tl_scenario_lookup (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_scenario_get_id (copy), ==, "my-pool");
  g_assert_false (tl_scenario_is_builtin (copy));
  g_assert_cmpstr (tl_scenario_param_get_default (tl_scenario_lookup_param (copy, "workers")), ==, "8");
}

static void
test_params (void)
{
  g_autoptr(TlScenario) scenario = tl_scenario_new_builtin ("race-counter", NULL);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  TlScenarioParam *workers = tl_scenario_lookup_param (scenario, "workers");
  TlScenarioParam *kind = tl_scenario_lookup_param (scenario, "kind");
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpint (tl_scenario_param_get_param_type (workers), ==, TL_PARAM_INT);
  g_assert_cmpfloat (tl_scenario_param_get_min (workers), ==, 2);
  value = tl_scenario_param_check (workers, " 8 ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "8");
  g_clear_pointer (&value, g_free);
  value = tl_scenario_param_check (workers, "99", &error);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER);
  g_assert_nonnull (strstr (error->message, "between 2 and 16"));
  g_clear_error (&error);
  value = tl_scenario_param_check (workers, "four", &error);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER);
  g_clear_error (&error);

  g_assert_cmpint (tl_scenario_param_get_param_type (kind), ==, TL_PARAM_CHOICE);
  g_assert_true (g_strv_contains (tl_scenario_param_get_choices (kind), "processes"));
  value = tl_scenario_param_check (kind, "fibers", &error);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER);
  g_clear_error (&error);

  g_hash_table_insert (values, (gpointer) "repeats", (gpointer) "10");
  g_assert_true (tl_scenario_check_values (scenario, values, &error));
  g_assert_no_error (error);
  g_hash_table_insert (values, (gpointer) "nope", (gpointer) "1");
  g_assert_false (tl_scenario_check_values (scenario, values, &error));
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER);
}

typedef struct
{
  const char *file;
  int         code;
  guint       line;        /* 0: the message names no line */
  const char *says;
} Broken;

static const Broken broken[] = {
  { "not-key-value", TL_SCENARIO_ERROR_SYNTAX, 9, "is not “Key=value”" },
  { "no-scenario-group", TL_SCENARIO_ERROR_MISSING, 1, "[Scenario]" },
  { "missing-summary", TL_SCENARIO_ERROR_MISSING, 1, "“Summary=”" },
  { "unknown-step", TL_SCENARIO_ERROR_UNKNOWN, 11, "unknown step “aquire” (did you mean “acquire”?)" },
  { "unclosed-brace", TL_SCENARIO_ERROR_SYNTAX, 8, "never closed" },
  { "missing-unit", TL_SCENARIO_ERROR_SYNTAX, 8, "a unit of time" },
  { "unknown-function", TL_SCENARIO_ERROR_UNKNOWN, 8, "unknown function “worker”" },
  { "wrong-arguments", TL_SCENARIO_ERROR_INVALID, 12, "“square” takes 1 argument, and is given 2" },
  { "wrong-object", TL_SCENARIO_ERROR_INVALID, 11, "and “Q” is a Queue" },
  { "unknown-name", TL_SCENARIO_ERROR_UNKNOWN, 8, "unknown name “b”" },
  { "bad-parameter-type", TL_SCENARIO_ERROR_INVALID, 8, "unknown parameter type “integer”" },
  { "default-out-of-range", TL_SCENARIO_ERROR_INVALID, 9, "between 1 and 16" },
  { "duplicate-key", TL_SCENARIO_ERROR_SYNTAX, 9, "appears twice" },
  { "unknown-group", TL_SCENARIO_ERROR_UNKNOWN, 7, "unknown group [Functoin worker]" },
  { "unknown-object-type", TL_SCENARIO_ERROR_UNKNOWN, 8, "unknown object type “Lok”" },
  { "unterminated-string", TL_SCENARIO_ERROR_SYNTAX, 8, "no closing" },
  { "no-main", TL_SCENARIO_ERROR_MISSING, 0, "no [Main] group" },
  { "compare-for-assign", TL_SCENARIO_ERROR_SYNTAX, 8, "expected “=”" },
};

static void
test_broken (gconstpointer data)
{
  const Broken *b = data;
  g_autofree char *name = g_strdup_printf ("%s.scenario", b->file);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios", name, NULL);
  g_autofree char *prefix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_file (path, &error);

  g_assert_null (scenario);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == TL_SCENARIO_ERROR);
  g_assert_cmpint (error->code, ==, b->code);
  prefix = b->line > 0 ? g_strdup_printf ("%s:%u:", path, b->line) : g_strdup_printf ("%s: ", path);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, b->says));
}

/* The column points at the mistake, not at the start of the line. */
static void
test_column (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n[Main]\n"
                     "Steps=print \"a\"; compute 1 ms; aquire L\n";
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, -1, "inline.scenario", &error);

  g_assert_null (scenario);
  g_assert_true (g_str_has_prefix (error->message, "inline.scenario:7:32:"));
}

static void
test_values (void)
{
  g_autoptr(TlValue) list = tl_value_new_list ();
  g_autoptr(TlValue) inner = tl_value_new_list ();
  g_autoptr(TlValue) back = NULL;
  g_autofree char *wire = NULL;
  g_autofree char *repr = NULL;
  g_autoptr(GError) error = NULL;

  tl_value_list_append (inner, tl_value_new_int (-3));
  tl_value_list_append (inner, tl_value_new_string ("a:b; 'c'"));
  tl_value_list_append (list, tl_value_new_int (1));
  tl_value_list_append (list, tl_value_new_float (2.5));
  tl_value_list_append (list, tl_value_ref (inner));
  tl_value_list_append (list, tl_value_none ());
  tl_value_list_append (list, tl_value_new_bool (TRUE));
  tl_value_list_append (list, tl_value_new_error (42, "ZeroDivisionError", "division by zero"));

  wire = tl_value_serialize (list);
  back = tl_value_deserialize (wire, &error);
  g_assert_no_error (error);
  g_assert_true (tl_value_equal (list, back));
  repr = tl_value_repr (back);
  g_assert_cmpstr (repr, ==, "[1, 2.5, [-3, 'a:b; \\'c\\''], None, True, ZeroDivisionError('division by zero')]");
  g_assert_cmpuint (tl_value_list_get (back, 5)->error.id, ==, 42);

  g_clear_pointer (&back, tl_value_unref);
  back = tl_value_deserialize ("l3:i1;", &error);
  g_assert_null (back);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/files/builtin", test_builtin);
  g_test_add_func ("/scenarios/files/not-found", test_not_found);
  g_test_add_func ("/scenarios/files/teacher-copy", test_teacher_copy);
  g_test_add_func ("/scenarios/files/params", test_params);
  g_test_add_func ("/scenarios/files/column", test_column);
  g_test_add_func ("/scenarios/files/values", test_values);
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *test = g_strdup_printf ("/scenarios/files/broken/%s", broken[i].file);

      g_test_add_data_func (test, &broken[i], test_broken);
    }
  return g_test_run ();
}
