/* test-tltrace-json.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Round trips between the two formats, through the file API that the
 * window and threadline-cli use: .tltrace -> JSON -> .tltrace and
 * JSON -> .tltrace -> JSON keep every span, instant, flow and name.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tl-bookmarks.h"
#include "tl-format.h"
#include "tltrace-scenario.h"
#include "tl-test-util.h"

static TlTestTmpDir *tmp_dir;

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static TlTraceModel *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  TlTraceModel *model = tl_trace_file_load (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
save (TlTraceModel *model,
      const char   *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_trace_file_save (model, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_same_dump (TlTraceModel *expected,
                  TlTraceModel *actual)
{
  g_autofree char *a = tl_trace_model_dump (expected);
  g_autofree char *b = tl_trace_model_dump (actual);

  g_assert_cmpstr (b, ==, a);
}

static gboolean
has_warning (TlTraceModel *model,
             const char   *text)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    if (strstr (tl_trace_model_get_warning (model, i)->error->message, text) != NULL)
      return TRUE;
  return FALSE;
}

/* The dump without its flows that end before they start. */
static char *
dump_without_backward_flows (TlTraceModel *model)
{
  g_autofree char *dump = tl_trace_model_dump (model);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char from[32], to[32];

      /* "flow KIND FROM_TS FROM_LANE -> TO_TS ..." with fixed-width times. */
      if (g_str_has_prefix (lines[i], "flow ") &&
          sscanf (lines[i], "flow %*s %31s %*s -> %31s", from, to) == 2 && strcmp (to, from) < 0)
        continue;
      g_string_append (out, lines[i]);
      if (lines[i + 1] != NULL)
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* A message received before it was sent (the receiver's record can be
 * taken before the sender's) makes a flow that ends before it starts.
 * Chrome's flow events cannot say that: the JSON side drops such a flow
 * with a warning.  Everything else must survive. */
static void
assert_same_dump_via_json (TlTraceModel *expected,
                           TlTraceModel *actual)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (!has_warning (actual, "without its start"))
    {
      assert_same_dump (expected, actual);
      return;
    }
  a = dump_without_backward_flows (expected);
  b = dump_without_backward_flows (actual);
  g_assert_cmpstr (b, ==, a);
}

/* Damage warnings: a converted file must carry none. */
static void
assert_undamaged (TlTraceModel *model)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == TL_FORMAT_ERROR)
        g_assert_cmpint (w->error->code, !=, TL_FORMAT_ERROR_CORRUPT);
      if (w->error->domain == TL_FORMAT_ERROR)
        g_assert_cmpint (w->error->code, !=, TL_FORMAT_ERROR_TRUNCATED);
    }
}

/* A .tltrace through JSON (plain and gzip) and back. */
static void
check_tltrace_via_json (gconstpointer data)
{
  const char *name = data;
  g_autofree char *file = g_strdup_printf ("%s.tltrace", name);
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "tltrace", file, NULL);
  const char *extensions[] = { ".json", ".json.gz" };
  g_autoptr(TlTraceModel) original = load (source);

  for (guint e = 0; e < G_N_ELEMENTS (extensions); e++)
    {
      g_autofree char *json_name = g_strconcat (name, extensions[e], NULL);
      g_autofree char *back_name = g_strconcat (name, extensions[e], ".tltrace", NULL);
      g_autofree char *json = tmp_file (json_name);
      g_autofree char *back = tmp_file (back_name);
      g_autoptr(TlTraceModel) via_json = NULL;
      g_autoptr(TlTraceModel) again = NULL;
      g_autoptr(GError) error = NULL;

      save (original, json);
      g_assert_cmpint (tl_trace_format_sniff (json, &error), ==, TL_TRACE_FORMAT_CHROME_JSON);
      via_json = load (json);
      assert_undamaged (via_json);
      assert_same_dump_via_json (original, via_json);

      save (via_json, back);
      g_assert_cmpint (tl_trace_format_sniff (back, &error), ==, TL_TRACE_FORMAT_TLTRACE);
      again = load (back);
      assert_undamaged (again);
      assert_same_dump (via_json, again);
    }
}

/* A Chrome JSON file through .tltrace and back. */
static void
check_json_via_tltrace (gconstpointer data)
{
  const char *name = data;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "chrome", name, NULL);
  g_autofree char *tltrace_name = g_strconcat (name, ".tltrace", NULL);
  g_autofree char *json_name = g_strconcat (name, ".back.json", NULL);
  g_autofree char *tltrace = tmp_file (tltrace_name);
  g_autofree char *json = tmp_file (json_name);
  g_autoptr(TlTraceModel) original = NULL;
  g_autoptr(TlTraceModel) via_tltrace = NULL;
  g_autoptr(TlTraceModel) again = NULL;

  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no such golden file in tests/data/chrome");
      return;
    }
  original = load (source);

  save (original, tltrace);
  via_tltrace = load (tltrace);
  assert_same_dump (original, via_tltrace);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (via_tltrace), ==,
                    tl_trace_model_get_n_lanes (original));

  save (via_tltrace, json);
  again = load (json);
  assert_same_dump (original, again);
}

/* A model made of items as an importer makes them. */
static void
test_items_both_ways (void)
{
  g_autoptr(TlTraceModel) model = tltrace_scenario_items_model ();
  g_autofree char *json = tmp_file ("items-model.json");
  g_autofree char *tltrace = tmp_file ("items-model.tltrace");
  g_autoptr(TlTraceModel) a = NULL;
  g_autoptr(TlTraceModel) b = NULL;

  save (model, json);
  a = load (json);
  assert_same_dump (model, a);
  save (a, tltrace);
  b = load (tltrace);
  assert_same_dump (model, b);
}

/* A teacher's bookmarks travel with the trace: in a .tltrace as a chunk
 * of their own, in Chrome JSON as instants of global scope in our own
 * category, and come back exactly, through either and both. */
static void
test_bookmarks (void)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "tltrace", "race-counter.tltrace",
                                                   NULL);
  g_autofree char *tltrace = tmp_file ("bookmarked.tltrace");
  g_autofree char *json = tmp_file ("bookmarked.json");
  g_autofree char *back = tmp_file ("bookmarked-again.tltrace");
  g_autofree char *text = NULL;
  g_autoptr(TlTraceModel) model = load (source);
  g_autoptr(TlTraceModel) via_tltrace = NULL;
  g_autoptr(TlTraceModel) via_json = NULL;
  g_autoptr(TlTraceModel) again = NULL;
  g_autoptr(TlTraceModel) old = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, end;

  /* A recording from before bookmarks has none. */
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 0);
  tl_trace_model_get_time_range (model, &start, &end);
  tl_trace_model_add_bookmark (model, start + (end - start) / 3, "Thread-2 reads the old value");
  tl_trace_model_add_bookmark (model, start + (end - start) / 3 + 1, "");
  tl_trace_model_add_bookmark (model, end, "«quoted» \"text\" with a \\ and é");

  save (model, tltrace);
  via_tltrace = load (tltrace);
  assert_same_dump (model, via_tltrace);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (via_tltrace), ==, 3);
  g_assert_cmpstr (tl_trace_model_get_bookmark (via_tltrace, 0)->note, ==, "Thread-2 reads the old value");
  g_assert_cmpint (tl_trace_model_get_bookmark (via_tltrace, 1)->ts, ==, start + (end - start) / 3 + 1);

  save (via_tltrace, json);
  g_file_get_contents (json, &text, NULL, &error);
  g_assert_no_error (error);
  /* One line across every lane in other viewers. */
  g_assert_nonnull (strstr (text, "\"s\":\"g\""));
  g_assert_nonnull (strstr (text, "\"name\":\"Thread-2 reads the old value\",\"cat\":\"threadline\","
                                  "\"args\":{\"kind\":\"bookmark\"}"));
  via_json = load (json);
  assert_same_dump (model, via_json);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (via_json), ==, tl_trace_model_get_n_warnings (via_tltrace));

  save (via_json, back);
  again = load (back);
  assert_same_dump (model, again);

  /* Files written before bookmarks still load, as they were. */
  old = load (source);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (old), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *tltrace_files[] = { "recording", "recording-saved", "items" };
  const char *json_files[] = {
    "array.json", "object.json", "object.json.gz", "async.json", "counters.json", "flows.json",
    "unsorted.json", "null-args.json", "viztracer.json", "viztracer.json.gz",
    "viztracer-pool.json", "viztracer-threads.json",
  };
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = tl_test_tmp_dir_new ("test-tltrace-json");

  for (guint i = 0; i < G_N_ELEMENTS (tltrace_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/formats/tltrace-json/tltrace-via-json/%s",
                                               tltrace_files[i]);

      g_test_add_data_func (path, tltrace_files[i], check_tltrace_via_json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (json_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/formats/tltrace-json/json-via-tltrace/%s",
                                               json_files[i]);

      g_test_add_data_func (path, json_files[i], check_json_via_tltrace);
    }
  g_test_add_func ("/formats/tltrace-json/items-both-ways", test_items_both_ways);
  g_test_add_func ("/formats/tltrace-json/bookmarks", test_bookmarks);

  status = g_test_run ();
  tl_test_tmp_dir_free (tmp_dir);
  return status;
}
