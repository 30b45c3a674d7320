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

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "tl-key-file.h"
#include "tl-scenario.h"

#define HEADER "[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"

static void
assert_fails (const char *text,
              gsize       len,
              int         code,
              const char *prefix,
              const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, (gssize) len, "hostile.scenario", &error);

  g_assert_null (scenario);
  g_assert_nonnull (error);
  g_test_message ("%.200s", error->message);
  g_assert_error (error, TL_SCENARIO_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message, says));
}

/* [Main] whose steps are @prefix, @open @n times, @middle, @close @n
 * times, @suffix. */
typedef struct
{
  const char *prefix;
  const char *open;
  const char *middle;
  const char *close;
  const char *suffix;
} Nesting;

static GString *
nested (const Nesting *nesting,
        guint          n)
{
  GString *text = g_string_new (HEADER "[Main]\nSteps=");

  g_string_append (text, nesting->prefix);
  for (guint i = 0; i < n; i++)
    g_string_append (text, nesting->open);
  g_string_append (text, nesting->middle);
  for (guint i = 0; i < n; i++)
    g_string_append (text, nesting->close);
  g_string_append (text, nesting->suffix);
  g_string_append_c (text, '\n');
  return text;
}

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
  g_assert_cmpstr (tl_scenario_param_get_default (tl_scenario_lookup_param (scenario, "p77777")), ==,
                   "77777");
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

/* 20,000 nested parentheses crashed the parser (its stack), and the
 * window parses on its main thread.  Every way of nesting is bounded. */
static const Nesting nestings[] = {
  { "let x = ", "(", "1", ")", "" },
  { "let x = ", "[", "1", "]", "" },
  { "let x = ", "not ", "True", "", "" },
  { "let x = ", "-", "1", "", "" },
  { "", "repeat 1 { ", "crash", " }", "" },
  { "if True { crash }", " else if True { crash }", "", "", "" },
  { "print \"{", "(", "1", ")", "}\"" },
};

static void
test_nesting (gconstpointer data)
{
  const Nesting *nesting = data;
  g_autoptr(GString) deep = nested (nesting, 100000);
  g_autoptr(GString) fine = nested (nesting, 30);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = NULL;

  assert_fails (deep->str, deep->len, TL_SCENARIO_ERROR_INVALID, "hostile.scenario:7:", "nested too deeply");

  /* Well within the limit, it loads. */
  scenario = tl_scenario_new_from_data (fine->str, (gssize) fine->len, "fine.scenario", &error);
  g_assert_no_error (error);
}

/* 100 MB of steps took 3 GiB.  A file over the limit is refused before
 * anything is parsed, and within it, the steps a file may make are
 * bounded, and so is what they cost. */
static void
test_too_large (void)
{
  gsize len = TL_SCENARIO_MAX_BYTES + 1;
  g_autofree char *big = g_malloc (len);

  memset (big, '#', len);
  assert_fails (big, len, TL_SCENARIO_ERROR_INVALID, "hostile.scenario: ", "too large");
}

static void
test_too_many_steps (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GString) text = g_string_new (HEADER "[Main]\nSteps=");
      struct rusage usage;

      while (text->len < TL_SCENARIO_MAX_BYTES - 8)
        g_string_append (text, "crash;");
      g_string_append_c (text, '\n');
      assert_fails (text->str, text->len, TL_SCENARIO_ERROR_INVALID, "hostile.scenario:7:",
                    "the program is too large");
      getrusage (RUSAGE_SELF, &usage);
      g_test_message ("largest resident size: %ld MiB", usage.ru_maxrss >> 10);
#if !defined (__SANITIZE_ADDRESS__)
      /* The file, its copies and at most TL_PROGRAM_MAX_NODES steps. */
      g_assert_cmpint (usage.ru_maxrss >> 10, <, 256);
#endif
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A FIFO blocked the loader for ever; a device would be read for ever. */
static void
test_not_regular (void)
{
  g_autofree char *dir = g_dir_make_tmp ("threadline-hostile-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.scenario", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  scenario = tl_scenario_new_from_file (fifo, &error);
  g_assert_null (scenario);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);
  scenario = tl_scenario_new_from_file ("/dev/zero", &error);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND);
  g_unlink (fifo);
  g_rmdir (dir);
}

/* Timeout=inf, nan, 1e9 and 1e10 were accepted, and the watchdog's
 * deadline overflowed: a loop that never ended ran for ever. */
static void
test_timeout (void)
{
  static const char *timeouts[] = { "inf", "nan", "-inf", "1e9", "1e10", "601", "0", "-1" };

  for (guint i = 0; i < G_N_ELEMENTS (timeouts); i++)
    {
      g_autofree char *text = g_strdup_printf (HEADER "Timeout=%s\n[Main]\nSteps=crash\n", timeouts[i]);

      assert_fails (text, strlen (text), TL_SCENARIO_ERROR_INVALID, "hostile.scenario:6:", "Timeout");
    }
  {
    const char *text = HEADER "Order=1e300\n[Main]\nSteps=crash\n";

    assert_fails (text, strlen (text), TL_SCENARIO_ERROR_INVALID, "hostile.scenario:6:", "Order");
  }
  {
    const char *text = HEADER "[Parameter p]\nType=int\nMin=nan\nDefault=1\n[Main]\nSteps=crash\n";

    assert_fails (text, strlen (text), TL_SCENARIO_ERROR_INVALID, "hostile.scenario:8:", "Min");
  }
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
  for (guint i = 0; i < G_N_ELEMENTS (nestings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/hostile-files/nesting/%u", i);

      g_test_add_data_func (path, &nestings[i], test_nesting);
    }
  g_test_add_func ("/scenarios/hostile-files/too-large", test_too_large);
  g_test_add_func ("/scenarios/hostile-files/too-many-steps", test_too_many_steps);
  g_test_add_func ("/scenarios/hostile-files/not-regular", test_not_regular);
  g_test_add_func ("/scenarios/hostile-files/timeout", test_timeout);
  return g_test_run ();
}
