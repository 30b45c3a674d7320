/* test-chrome-json-damage.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Damaged Chrome JSON: every golden file cut at every byte, and randomly
 * corrupted, loads or fails cleanly; whatever loads also survives a round
 * trip through our own export.  Run under ASan and UBSan too.
 */
#include "config.h"

#include <string.h>

#include "chrome-test-util.h"
#include "tl-chrome-private.h"

typedef struct
{
  guint loaded;
  guint failed;
} Outcome;

static void
check (TlTraceModel *model,
       GError       *error,
       Outcome      *outcome)
{
  if (model == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == TL_FORMAT_ERROR);
      g_assert_true (error->code == TL_FORMAT_ERROR_EMPTY || error->code == TL_FORMAT_ERROR_CORRUPT);
      outcome->failed++;
      return;
    }
  g_assert_no_error (error);
  g_assert_true (tl_trace_model_get_n_lanes (model) > 0 || tl_trace_model_get_n_processes (model) > 0);
  /* What loads is a model like any other: it exports and comes back. */
  chrome_test_assert_round_trip (model);
  outcome->loaded++;
}

static TlTraceModel *
load_stream (const char  *data,
             gsize        len,
             gsize        chunk,
             GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) len, NULL);

  return _tl_chrome_json_load_stream (stream, chunk, len, NULL, NULL, NULL, error);
}

static void
truncate_all (const char *label,
              const char *data,
              gsize       len)
{
  Outcome outcome = { 0, 0 };

  for (gsize cut = 0; cut <= len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) stream_error = NULL;
      g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (data, cut, &error);
      g_autoptr(TlTraceModel) streamed = load_stream (data, cut, 3, &stream_error);

      check (model, error, &outcome);
      /* Through small windows, the same result. */
      if (model != NULL)
        {
          g_autofree char *a = tl_trace_model_dump (model);
          g_autofree char *b = NULL;

          g_assert_nonnull (streamed);
          b = tl_trace_model_dump (streamed);
          g_assert_cmpstr (a, ==, b);
        }
      else
        {
          g_assert_null (streamed);
          g_assert_error (stream_error, error->domain, error->code);
        }
    }
  g_test_message ("%s: %zu cuts, %u loaded, %u failed cleanly", label, len + 1, outcome.loaded, outcome.failed);
  /* The whole file loads. */
  g_assert_cmpuint (outcome.loaded, >, 0);
}

static void
test_truncate_golden (void)
{
  for (guint f = 0; chrome_golden_files[f] != NULL; f++)
    {
      g_autoptr(GBytes) bytes = chrome_test_read (chrome_golden_files[f]);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      truncate_all (chrome_golden_files[f], data, len);
    }
}

static void
test_truncate_own_export (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_runtime_model ();
  g_autoptr(GBytes) json = chrome_test_save (model);
  gsize len;
  const char *data = g_bytes_get_data (json, &len);

  truncate_all ("runtime model export", data, len);
}

static const char damage_bytes[] = "{}[]\",:\\ 0123456789-+.eE\x1f\x8b\xff\x00nultrfasx";

static void
corrupt_file (GRand      *rand,
              const char *label,
              const char *data,
              gsize       len,
              guint       rounds)
{
  Outcome outcome = { 0, 0 };

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GByteArray) copy = g_byte_array_sized_new ((guint) len + 8);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlTraceModel) model = NULL;
      guint n_changes = (guint) g_rand_int_range (rand, 1, 5);

      g_byte_array_append (copy, (const guint8 *) data, (guint) len);
      for (guint c = 0; c < n_changes && copy->len > 0; c++)
        {
          guint at = (guint) g_rand_int_range (rand, 0, (gint32) copy->len);
          guint8 byte = g_rand_boolean (rand) ? (guint8) g_rand_int_range (rand, 0, 256)
                                              : (guint8) damage_bytes[g_rand_int_range (rand, 0, sizeof damage_bytes - 1)];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              copy->data[at] = byte;
              break;
            case 1:
              g_byte_array_remove_index (copy, at);
              break;
            default:
              g_array_insert_val ((GArray *) copy, at, byte);
              break;
            }
        }

      if (round % 4 == 0)
        model = load_stream ((const char *) copy->data, copy->len, (gsize) g_rand_int_range (rand, 1, 17), &error);
      else
        model = tl_chrome_json_load_data ((const char *) copy->data, copy->len, &error);
      check (model, error, &outcome);
    }
  g_test_message ("%s: %u corruptions, %u loaded, %u failed cleanly", label, rounds, outcome.loaded, outcome.failed);
}

static void
test_corrupt (void)
{
  g_autoptr(TlTraceModel) runtime = chrome_test_runtime_model ();
  g_autoptr(GBytes) own = chrome_test_save (runtime);
  GRand *rand = g_rand_new_with_seed (20260101);

  for (guint f = 0; chrome_golden_files[f] != NULL; f++)
    {
      g_autoptr(GBytes) bytes = chrome_test_read (chrome_golden_files[f]);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      corrupt_file (rand, chrome_golden_files[f], data, len, 400);
    }
  corrupt_file (rand, "runtime model export", g_bytes_get_data (own, NULL), g_bytes_get_size (own), 1000);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/chrome-json/damage/truncate-golden", test_truncate_golden);
  g_test_add_func ("/formats/chrome-json/damage/truncate-own-export", test_truncate_own_export);
  g_test_add_func ("/formats/chrome-json/damage/corrupt", test_corrupt);

  return g_test_run ();
}
