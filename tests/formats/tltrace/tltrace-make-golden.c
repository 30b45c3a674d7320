/* tltrace-make-golden.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes the golden .tltrace files of tests/data/tltrace/ with their
 * expected dumps, and the fuzzing seed corpus.  The dumps come from the
 * model fed live, not from loading, so the golden test checks that a file
 * loads into what was recorded.  Run it only when the format changes on
 * purpose (and bump the version if old files no longer load):
 *
 *   build/tests/formats/tltrace/tltrace-make-golden tests/data/tltrace tests/fuzz/tltrace/corpus
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tl-tltrace-private.h"
#include "tltrace-scenario.h"

static void
write_dump (TlTraceModel *model,
            const char   *dir,
            const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.dump", name);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *dump = tl_trace_model_dump (model);

  if (!g_file_set_contents (path, dump, -1, &error))
    g_error ("%s", error->message);
}

static GBytes *
slurp (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    g_error ("%s", error->message);
  return g_bytes_new_take (data, len);
}

static void
put (const char   *dir,
     const char   *name,
     const guint8 *data,
     gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, (const char *) data, (gssize) len, &error))
    g_error ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) events = NULL;
  g_autoptr(TlTraceModel) live = NULL;
  g_autoptr(TlTraceModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *items_path = NULL;
  const char *data_dir, *corpus_dir;

  if (argc != 3)
    {
      fprintf (stderr, "Usage: %s DATA_DIR CORPUS_DIR\n", argv[0]);
      return 2;
    }
  data_dir = argv[1];
  corpus_dir = argv[2];

  events = tltrace_scenario_events ();
  live = tltrace_scenario_live_model (events);
  recording = g_build_filename (data_dir, "recording.tltrace", NULL);
  tltrace_scenario_write (events, recording, 16);
  write_dump (live, data_dir, "recording");

  saved = g_build_filename (data_dir, "recording-saved.tltrace", NULL);
  tl_trace_model_add_loss (live, 3, 1, 0);
  if (!tl_tltrace_save (live, saved, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  write_dump (live, data_dir, "recording-saved");

  items = tltrace_scenario_items_model ();
  items_path = g_build_filename (data_dir, "items.tltrace", NULL);
  if (!tl_tltrace_save (items, items_path, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  write_dump (items, data_dir, "items");

  /* Seeds: the golden files, and what damage looks like. */
  {
    g_autoptr(GBytes) rec = slurp (recording);
    g_autoptr(GBytes) sav = slurp (saved);
    g_autoptr(GBytes) itm = slurp (items_path);
    gsize len;
    const guint8 *data = g_bytes_get_data (rec, &len);
    g_autofree guint8 *copy = g_memdup2 (data, len);
    TltraceFileHeader header;

    put (corpus_dir, "recording.tltrace", data, len);
    put (corpus_dir, "recording-saved.tltrace", g_bytes_get_data (sav, NULL), g_bytes_get_size (sav));
    put (corpus_dir, "items.tltrace", g_bytes_get_data (itm, NULL), g_bytes_get_size (itm));
    put (corpus_dir, "cut-off.tltrace", data, len / 2);
    put (corpus_dir, "header-only.tltrace", data, sizeof (TltraceFileHeader));
    copy[len / 3] ^= 0x5a;
    copy[len / 3 + 1] ^= 0xa5;
    put (corpus_dir, "damaged.tltrace", copy, len);
    memcpy (copy, data, len);
    memcpy (&header, copy, sizeof header);
    header.version_major = 2;
    header.checksum = _tl_tltrace_header_checksum (&header);
    memcpy (copy, &header, sizeof header);
    put (corpus_dir, "version-2.tltrace", copy, len);
  }
  return 0;
}
