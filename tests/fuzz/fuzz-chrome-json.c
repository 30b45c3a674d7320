/* fuzz-chrome-json.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target of the Chrome JSON reader.  Besides not crashing, it
 * checks two properties on every input:
 *  - reading through tiny windows gives the same model as reading whole;
 *  - whatever loads survives our export: model -> JSON -> model dumps the
 *    same.
 *
 * An input that starts with the byte 0xfe is not a file but a recipe, so
 * that a small input reaches counts no small file has (more than 65,536
 * overlapping spans, threads, async spans of one id...):
 *   0xfe, c, s, then an event
 * becomes an array of the event (c + 1) << (s % 11) times (1 to 262,144,
 * mostly a few thousand, so that most runs stay quick), each '@' in it
 * replaced by the copy's number.  Such models are too big for the round
 * trip to be quick, so only that they load is checked.
 *
 * Built with -DTL_FUZZ_STANDALONE it has a main () that runs every file of
 * the directories it is given (the seed corpus) and prints TAP, so the
 * corpus is a plain test with any compiler.  With clang (a copy of the
 * corpus as the working directory, so that the repository's stays small):
 *   cp -r tests/fuzz/corpus/chrome-json tests/data/chrome/. /tmp/corpus
 *   build/tests/formats/chrome/fuzz-chrome-json -max_len=4096 \
 *     -dict=tests/fuzz/chrome-json.dict -max_total_time=900 /tmp/corpus
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tl-chrome-json.h"
#include "tl-chrome-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* abort (), not g_error (): libFuzzer saves the input on SIGABRT. */
#define fail(...) G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

#define RECIPE 0xfe

/* The array a recipe stands for. */
static GString *
expand (const uint8_t *data,
        size_t         size)
{
  guint32 count = ((guint32) data[1] + 1) << (data[2] % 11);
  GString *json = g_string_sized_new (count * (size - 3 + 8) + 2);

  g_string_append_c (json, '[');
  for (guint32 n = 0; n < count; n++)
    {
      if (n > 0)
        g_string_append_c (json, ',');
      for (size_t i = 3; i < size; i++)
        {
          if (data[i] == '@')
            g_string_append_printf (json, "%u", n);
          else
            g_string_append_c (json, (char) data[i]);
        }
    }
  g_string_append_c (json, ']');
  return json;
}

static char *
dump_or_null (TlTraceModel *model)
{
  return model != NULL ? tl_trace_model_dump (model) : NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) stream_error = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(TlTraceModel) streamed = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *stream_dump = NULL;
  gsize chunk = size > 0 ? 1 + data[0] % 13 : 1;

  if (size >= 3 && data[0] == RECIPE)
    {
      g_autoptr(GString) json = expand (data, size);

      model = tl_chrome_json_load_data (json->str, json->len, &error);
      if (model == NULL && (error == NULL || error->domain != TL_FORMAT_ERROR))
        fail ("failed without a format error");
      if (model != NULL)
        g_free (tl_trace_model_dump (model));
      return 0;
    }

  model = tl_chrome_json_load_data ((const char *) data, size, &error);
  if (model == NULL && (error == NULL || error->domain != TL_FORMAT_ERROR))
    fail ("failed without a format error");

  stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  streamed = _tl_chrome_json_load_stream (stream, chunk, size, NULL, NULL, NULL, &stream_error);
  dump = dump_or_null (model);
  stream_dump = dump_or_null (streamed);
  if (g_strcmp0 (dump, stream_dump) != 0)
    fail ("reading in windows of %zu bytes gave another model", chunk);

  if (model != NULL)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) json = NULL;
      g_autoptr(TlTraceModel) back = NULL;
      g_autofree char *back_dump = NULL;

      if (!tl_chrome_json_save (model, out, NULL, NULL, NULL, &error) ||
          !g_output_stream_close (out, NULL, &error))
        fail ("export failed: %s", error->message);
      json = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
      back = tl_chrome_json_load_data (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
      if (back == NULL)
        fail ("our own export did not load: %s", error->message);
      back_dump = tl_trace_model_dump (back);
      if (g_strcmp0 (dump, back_dump) != 0)
        fail ("model -> JSON -> model changed the model:\n--- before\n%s--- after\n%s", dump, back_dump);
    }
  return 0;
}

#ifdef TL_FUZZ_STANDALONE
static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (path, name, NULL));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_paths);

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          continue;
        }
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      g_free (contents);
      printf ("ok %u - %s\n", i + 1, path);
      fflush (stdout);
    }
  return files->len > 0 ? 0 : 1;
}
#endif
