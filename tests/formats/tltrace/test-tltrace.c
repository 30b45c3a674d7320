/* test-tltrace.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The .tltrace format: a recording loads into the same model as the same
 * events fed live; any model saved as items loads back the same; golden
 * files written by earlier builds still load; and a file cut at any byte
 * or damaged anywhere loads what is intact, reports the rest, and never
 * crashes.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tl-collected-event.h"
#include "tl-probe.h"
#include "tl-tltrace-private.h"
#include "tltrace-scenario.h"
#include "tl-test-util.h"

static char *tmp_dir;

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
}

static gboolean
has_format_warning (TlTraceModel *model,
                    int           code)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == TL_FORMAT_ERROR && (code < 0 || w->error->code == code))
        return TRUE;
    }
  return FALSE;
}

static const char *
format_warning_message (TlTraceModel *model,
                        int           code)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == TL_FORMAT_ERROR && w->error->code == code)
        return w->error->message;
    }
  return NULL;
}

/* Warnings of the model's own domain, as text: they come from the
 * derivation, so a replay must give the same. */
static char *
model_warnings (TlTraceModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == TL_MODEL_ERROR)
        g_string_append_printf (out, "%d x%" G_GUINT64_FORMAT " %s\n", w->error->code, w->count,
                                w->error->message);
    }
  return g_string_free (out, FALSE);
}

/* Everything two models of one trace share beyond the dump. */
static void
assert_same_model (TlTraceModel *expected,
                   TlTraceModel *actual)
{
  g_autofree char *dump_e = tl_trace_model_dump (expected);
  g_autofree char *dump_a = tl_trace_model_dump (actual);
  guint64 loss_e[3], loss_a[3];
  gint64 start_e, end_e, start_a, end_a;

  g_assert_cmpstr (dump_a, ==, dump_e);
  g_assert_cmpuint (tl_trace_model_get_n_events (actual), ==, tl_trace_model_get_n_events (expected));
  for (guint k = 0; k < TL_EVENT_N_KINDS; k++)
    g_assert_cmpuint (tl_trace_model_get_event_count (actual, k), ==,
                      tl_trace_model_get_event_count (expected, k));
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    g_assert_cmpuint (tl_trace_model_get_span_count (actual, k), ==,
                      tl_trace_model_get_span_count (expected, k));
  g_assert_cmpuint (tl_trace_model_get_n_instants (actual), ==,
                    tl_trace_model_get_n_instants (expected));
  tl_trace_model_get_loss (expected, &loss_e[0], &loss_e[1], &loss_e[2]);
  tl_trace_model_get_loss (actual, &loss_a[0], &loss_a[1], &loss_a[2]);
  g_assert_cmpmem (loss_a, sizeof loss_a, loss_e, sizeof loss_e);
  g_assert_cmpint (tl_trace_model_get_time_range (actual, &start_a, &end_a), ==,
                   tl_trace_model_get_time_range (expected, &start_e, &end_e));
  g_assert_cmpint (start_a, ==, start_e);
  g_assert_cmpint (end_a, ==, end_e);
  g_assert_cmpuint (tl_trace_model_get_n_processes (actual), ==,
                    tl_trace_model_get_n_processes (expected));
  for (guint i = 0; i < tl_trace_model_get_n_processes (expected); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (expected, i);
      guint32 j = tl_trace_model_lookup_process (actual, p->pid);

      g_assert_cmpuint (j, !=, TL_INDEX_NONE);
      g_assert_cmpint (tl_trace_model_get_process (actual, j)->start_ts, ==, p->start_ts);
      g_assert_cmpint (tl_trace_model_get_process (actual, j)->exit_ts, ==, p->exit_ts);
      g_assert_cmpint (tl_trace_model_get_process (actual, j)->sort_index, ==, p->sort_index);
    }
}

static void
assert_same_metadata (TlTraceModel *expected,
                      TlTraceModel *actual)
{
  g_autofree const char **keys = tl_trace_model_list_metadata (expected);

  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (tl_trace_model_get_metadata (actual, keys[i]), ==,
                     tl_trace_model_get_metadata (expected, keys[i]));
}

static TlTraceModel *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  TlTraceModel *model = tl_tltrace_load (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* ---- checksum ---------------------------------------------------------------- */

static void
test_checksum (void)
{
  guint8 data[1000];

  /* Reference values from xxhsum -H1 (xxHash 0.8.1). */
  g_assert_cmphex (_tl_tltrace_checksum ("", 0), ==, G_GUINT64_CONSTANT (0xef46db3751d8e999));
  /* An empty payload as NULL (UBSan once caught NULL + 0 here). */
  g_assert_cmphex (_tl_tltrace_checksum (NULL, 0), ==, G_GUINT64_CONSTANT (0xef46db3751d8e999));
  g_assert_cmphex (_tl_tltrace_checksum ("abc", 3), ==, G_GUINT64_CONSTANT (0x44bc2cf5ad770999));
  g_assert_cmphex (_tl_tltrace_checksum ("Threadline", 10), ==,
                   G_GUINT64_CONSTANT (0xf0889ea17f9dd62c));
  for (guint i = 0; i < 100; i++)
    data[i] = (guint8) (i * 7 + 1);
  g_assert_cmphex (_tl_tltrace_checksum (data, 100), ==, G_GUINT64_CONSTANT (0xd248bfc5208b0b16));
  for (guint i = 0; i < 1000; i++)
    data[i] = (guint8) (i * 13 + 5);
  g_assert_cmphex (_tl_tltrace_checksum (data, 1000), ==, G_GUINT64_CONSTANT (0xb6a1e412bd3943f3));
}

/* ---- recordings ----------------------------------------------------------- */

static void
test_recorded_equals_live (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autoptr(TlTraceModel) live = tltrace_scenario_live_model (events);
  g_autoptr(TlTraceModel) loaded = NULL;
  g_autofree char *path = tmp_file ("recorded.tltrace");
  g_autofree char *live_warnings = NULL;
  g_autofree char *loaded_warnings = NULL;
  guint flushes[] = { 0, 1, 7 };

  /* The writer was told of losses the live model was told of too. */
  tl_trace_model_add_loss (live, 3, 1, 0);
  live_warnings = model_warnings (live);
  /* The scenario exercises the odd-input paths. */
  g_assert_nonnull (strstr (live_warnings, "did not hold it"));
  g_assert_nonnull (strstr (live_warnings, "still open"));

  for (guint f = 0; f < G_N_ELEMENTS (flushes); f++)
    {
      tltrace_scenario_write (events, path, flushes[f]);
      g_clear_object (&loaded);
      loaded = load (path);
      assert_same_model (live, loaded);
      g_clear_pointer (&loaded_warnings, g_free);
      loaded_warnings = model_warnings (loaded);
      g_assert_cmpstr (loaded_warnings, ==, live_warnings);
      g_assert_false (has_format_warning (loaded, -1));
      g_assert_cmpstr (tl_trace_model_get_metadata (loaded, "scenario"), ==, "golden-mix");
      g_assert_cmpstr (tl_trace_model_get_metadata (loaded, "scenario.workers"), ==, "2");
      g_assert_cmpstr (tl_trace_model_get_metadata (loaded, "clock"), ==, "monotonic");
    }
}

typedef struct
{
  TlTraceModel    *live;
  TlTltraceWriter *writer;
  guint64          delivered;
} Recording;

static void
collect_cb (const TlCollectedEvent *collected,
            void                   *user_data)
{
  Recording *rec = user_data;
  g_autoptr(GError) error = NULL;
  TlModelEvent event;

  tl_model_event_from_collected (&event, collected);
  tl_trace_model_add_event (rec->live, &event);
  tl_tltrace_writer_add_event (rec->writer, &event, &error);
  g_assert_no_error (error);
  rec->delivered++;
}

#define WORKER_ITERATIONS 2000

static gint workers_done;

static gpointer
worker_thread (gpointer data)
{
  guint id = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("worker-%u", id);

  tl_trace_name (TL_ROLE_THREAD, (guint64) gettid (), name, strlen (name));
  tl_trace_record (TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0, (guint64) gettid (), 0, 0);
  for (guint i = 0; i < WORKER_ITERATIONS; i++)
    {
      tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, id * 100000 + i, i, 0);
      tl_trace_record (TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 0, 7, 0, 0);
      tl_trace_record (TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 0, 7, 0, 0);
      tl_trace_record (TL_EVENT_READ, TL_ROLE_VALUE, 0, 9, i, 0);
      tl_trace_record (TL_EVENT_WRITE, TL_ROLE_VALUE, 0, 9, i + 1, 0);
      tl_trace_record (TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 0, 7, 0, 0);
      if (i % 100 == 0)
        {
          g_autofree char *text = g_strdup_printf ("worker %u at %u", id, i);

          tl_trace_record_text (TL_EVENT_PRINT, 0, 0, text, strlen (text));
        }
      tl_trace_record (TL_EVENT_TASK_END, TL_ROLE_TASK, 0, id * 100000 + i, i * 2, 0);
    }
  tl_trace_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, (guint64) gettid (), 0, 0);
  g_atomic_int_inc (&workers_done);
  return NULL;
}

/* The real path: threads record into the ring, the collector delivers,
 * and each event goes both to a live model and to the writer. */
static void
test_recorded_from_collector (void)
{
  g_autofree char *path = tmp_file ("collector.tltrace");
  g_autoptr(TlTraceModel) loaded = NULL;
  g_autoptr(GError) error = NULL;
  Recording rec = { 0 };
  TlRingOptions options;
  TlCollectorStats stats;
  TlCollector *collector;
  TlRing *ring = NULL;
  GThread *threads[3];

  tl_ring_options_init (&options);
  options.n_producers = 8;
  options.bytes_per_producer = 1u << 16;
  options.flags = TL_RING_FLAGS_BLOCKING;
  options.block_timeout_us = 30u * 1000000u;
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  tl_trace_set_ring (ring);
  collector = tl_collector_new (ring);

  rec.live = tl_trace_model_new ();
  rec.writer = tl_tltrace_writer_new (path, &error);
  g_assert_no_error (error);

  g_atomic_int_set (&workers_done, 0);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("worker", worker_thread, GUINT_TO_POINTER (i + 1));
  while (g_atomic_int_get (&workers_done) < (gint) G_N_ELEMENTS (threads))
    {
      tl_collector_drain (collector, collect_cb, &rec);
      /* Flushes while recording, as the app does on each batch. */
      tl_tltrace_writer_flush (rec.writer, &error);
      g_assert_no_error (error);
      g_usleep (500);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  tl_collector_flush (collector, collect_cb, &rec);
  tl_collector_get_stats (collector, &stats);
  tl_trace_model_add_loss (rec.live, stats.dropped, stats.torn, stats.corrupt);
  tl_tltrace_writer_add_loss (rec.writer, stats.dropped, stats.torn, stats.corrupt);
  tl_trace_model_finish (rec.live, TL_TS_NONE);
  tl_tltrace_writer_close (rec.writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_tltrace_writer_get_n_events (rec.writer), ==, rec.delivered);
  tl_tltrace_writer_free (rec.writer);

  /* Nothing was lost: the ring blocks rather than drop. */
  g_assert_cmpuint (stats.dropped, ==, 0);
  g_assert_cmpuint (tl_trace_model_get_event_count (rec.live, TL_EVENT_LOCK_ACQUIRE), ==,
                    3 * WORKER_ITERATIONS);

  loaded = load (path);
  assert_same_model (rec.live, loaded);

  g_object_unref (rec.live);
  tl_collector_free (collector);
  tl_trace_set_ring (NULL);
  tl_ring_free (ring);
}

/* ---- saved models ------------------------------------------------------------ */

static void
test_items_round_trip (void)
{
  g_autoptr(TlTraceModel) model = tltrace_scenario_items_model ();
  g_autoptr(TlTraceModel) loaded = NULL;
  g_autoptr(TlTraceModel) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_file ("items.tltrace");
  g_autofree char *path2 = tmp_file ("items2.tltrace");
  g_autofree char *dump = tl_trace_model_dump (model);

  /* What the scenario holds, so that the round trip carries something. */
  g_assert_nonnull (strstr (dump, "async"));
  g_assert_nonnull (strstr (dump, "sample"));
  g_assert_nonnull (strstr (dump, "flow flow"));

  g_assert_true (tl_tltrace_save (model, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  loaded = load (path);
  assert_same_model (model, loaded);
  assert_same_metadata (model, loaded);
  g_assert_false (has_format_warning (loaded, -1));

  /* And once more, from the loaded model. */
  g_assert_true (tl_tltrace_save (loaded, path2, NULL, NULL, NULL, &error));
  again = load (path2);
  assert_same_model (model, again);
}

static void
test_derived_round_trip (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autoptr(TlTraceModel) live = tltrace_scenario_live_model (events);
  g_autoptr(TlTraceModel) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_file ("derived.tltrace");
  guint32 lock_lane;

  tl_trace_model_add_loss (live, 5, 0, 1);
  tl_trace_model_set_metadata (live, "scenario", "golden-mix");
  g_assert_true (tl_tltrace_save (live, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  loaded = load (path);
  assert_same_model (live, loaded);
  assert_same_metadata (live, loaded);

  /* Lock lanes keep their object, both ways. */
  lock_lane = tl_trace_model_lookup_lane (loaded, TL_LANE_LOCK, 4100, 7);
  g_assert_cmpuint (lock_lane, !=, TL_INDEX_NONE);
  g_assert_cmpuint (tl_lane_get_object (tl_trace_model_get_lane (loaded, lock_lane)), ==,
                    tl_trace_model_lookup_object (loaded, TL_ROLE_MUTEX, 7));
  g_assert_cmpuint (tl_trace_model_get_object (loaded, tl_trace_model_lookup_object (loaded, TL_ROLE_MUTEX, 7))->lane,
                    ==, lock_lane);
}

/* A live model saved mid-run: open spans end where the model does. */
static void
test_save_unfinished (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autoptr(TlTraceModel) live = tl_trace_model_new ();
  g_autoptr(TlTraceModel) finished = tl_trace_model_new ();
  g_autoptr(TlTraceModel) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_file ("unfinished.tltrace");
  guint half = events->len / 2;

  tl_trace_model_add_events (live, (const TlModelEvent *) (gpointer) events->data, half);
  tl_trace_model_add_events (finished, (const TlModelEvent *) (gpointer) events->data, half);
  tl_trace_model_finish (finished, TL_TS_NONE);
  g_assert_true (tl_tltrace_save (live, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  loaded = load (path);
  {
    g_autofree char *expected = tl_trace_model_dump (finished);
    g_autofree char *actual = tl_trace_model_dump (loaded);

    g_assert_cmpstr (actual, ==, expected);
  }
}

/* ---- golden files --------------------------------------------------------------- */

static void
check_golden (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.tltrace", name);
  g_autofree char *dump_file = g_strdup_printf ("%s.dump", name);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tltrace", file, NULL);
  g_autofree char *dump_path = g_test_build_filename (G_TEST_DIST, "data", "tltrace", dump_file, NULL);
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;

  g_file_get_contents (dump_path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_trace_format_sniff (path, &error), ==, TL_TRACE_FORMAT_TLTRACE);
  model = load (path);
  actual = tl_trace_model_dump (model);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_false (has_format_warning (model, -1));
}

static void
test_golden (void)
{
  check_golden ("recording");
  check_golden ("items");
  check_golden ("recording-saved");
}

/* ---- damage ----------------------------------------------------------------- */

/* Chunk offsets of a file, from its headers. */
static GArray *
chunk_offsets (const guint8 *data,
               gsize         len)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize off = sizeof (TltraceFileHeader);

  while (off + sizeof (TltraceChunkHeader) <= len)
    {
      TltraceChunkHeader header;

      memcpy (&header, data + off, sizeof header);
      g_assert_cmphex (header.magic, ==, TLTRACE_CHUNK_MAGIC);
      g_array_append_val (offsets, off);
      off += sizeof header + TLTRACE_ALIGN8 (header.length);
    }
  g_assert_cmpuint (off, ==, len);
  return offsets;
}

static TltraceChunkHeader
chunk_at (const guint8 *data,
          gsize         offset)
{
  TltraceChunkHeader header;

  memcpy (&header, data + offset, sizeof header);
  return header;
}

static void
assert_load_fails_cleanly (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == TL_FORMAT_ERROR);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_truncate_every_byte (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autofree char *path = tmp_file ("cut.tltrace");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  const guint8 *data;
  gsize len;
  guint64 last_events = 0;

  tltrace_scenario_write (events, path, 5);
  bytes = read_bytes (path);
  data = g_bytes_get_data (bytes, &len);

  for (gsize cut = 0; cut <= len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TlTraceModel) model = tl_tltrace_load_data (data, cut, &error);
      g_autofree char *dump = NULL;
      guint64 n;
      const char *want;

      if (model == NULL)
        {
          assert_load_fails_cleanly (error);
          g_assert_cmpuint (last_events, ==, 0);
          continue;
        }
      g_assert_no_error (error);
      n = tl_trace_model_get_n_events (model);
      g_assert_cmpuint (n, >=, last_events);
      last_events = n;
      if (cut < len)
        g_assert_true (has_format_warning (model, TL_FORMAT_ERROR_TRUNCATED));
      else
        g_assert_false (has_format_warning (model, -1));

      /* What loaded is exactly the first n events, replayed. */
      want = g_hash_table_lookup (expected, GSIZE_TO_POINTER (n));
      if (want == NULL)
        {
          g_autoptr(TlTraceModel) live = tl_trace_model_new ();

          tl_trace_model_add_events (live, (const TlModelEvent *) (gpointer) events->data, n);
          tl_trace_model_finish (live, TL_TS_NONE);
          want = tl_trace_model_dump (live);
          g_hash_table_insert (expected, GSIZE_TO_POINTER (n), (gpointer) want);
        }
      dump = tl_trace_model_dump (model);
      g_assert_cmpstr (dump, ==, want);
    }
  g_assert_cmpuint (last_events, ==, events->len);
}

static void
test_truncate_items (void)
{
  g_autoptr(TlTraceModel) model = tltrace_scenario_items_model ();
  g_autofree char *path = tmp_file ("cut-items.tltrace");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;

  g_assert_true (tl_tltrace_save (model, path, NULL, NULL, NULL, &error));
  bytes = read_bytes (path);
  data = g_bytes_get_data (bytes, &len);
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(TlTraceModel) part = tl_tltrace_load_data (data, cut, &local_error);

      if (part == NULL)
        {
          assert_load_fails_cleanly (local_error);
          continue;
        }
      g_assert_true (has_format_warning (part, TL_FORMAT_ERROR_TRUNCATED));
      g_free (tl_trace_model_dump (part));
    }
}

static void
test_damaged_chunk (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autofree char *path = tmp_file ("damaged.tltrace");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GArray) offsets = NULL;
  g_autofree guint8 *copy = NULL;
  const guint8 *data;
  gsize len, victim = 0;
  TltraceChunkHeader header = { 0 };
  guint seen = 0;

  tltrace_scenario_write (events, path, 10);
  bytes = read_bytes (path);
  data = g_bytes_get_data (bytes, &len);
  offsets = chunk_offsets (data, len);

  /* The third events chunk: a flipped byte in its payload. */
  for (guint i = 0; i < offsets->len; i++)
    {
      header = chunk_at (data, g_array_index (offsets, gsize, i));
      if (header.type == TLTRACE_CHUNK_EVENTS && ++seen == 3)
        {
          victim = g_array_index (offsets, gsize, i);
          break;
        }
    }
  g_assert_cmpuint (victim, >, 0);
  copy = g_memdup2 (data, len);
  copy[victim + sizeof header + 17] ^= 0x40;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TlTraceModel) model = tl_tltrace_load_data (copy, len, &error);
    g_autofree char *message = g_strdup_printf ("%u events after offset %" G_GSIZE_FORMAT
                                                " are damaged", header.count, victim);
    guint64 corrupt;

    g_assert_no_error (error);
    g_assert_nonnull (model);
    g_assert_cmpstr (format_warning_message (model, TL_FORMAT_ERROR_CORRUPT), ==, message);
    g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, events->len - header.count);
    tl_trace_model_get_loss (model, NULL, NULL, &corrupt);
    g_assert_cmpuint (corrupt, ==, header.count);
    g_assert_false (has_format_warning (model, TL_FORMAT_ERROR_TRUNCATED));
  }

  /* Its header instead: the reader finds the next chunk, and the end
   * marker tells how many events went with the damaged one. */
  memcpy (copy, data, len);
  copy[victim + 9] ^= 0x01;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TlTraceModel) model = tl_tltrace_load_data (copy, len, &error);
    g_autofree char *message = g_strdup_printf ("%u events after offset %" G_GSIZE_FORMAT
                                                " are damaged", header.count, victim);

    g_assert_no_error (error);
    g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, events->len - header.count);
    g_assert_cmpstr (format_warning_message (model, TL_FORMAT_ERROR_CORRUPT), ==, message);
  }

  /* Bytes inserted in the middle: the reader resynchronises. */
  {
    g_autoptr(GByteArray) grown = g_byte_array_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(TlTraceModel) model = NULL;

    g_byte_array_append (grown, data, (guint) victim);
    g_byte_array_append (grown, (const guint8 *) "garbage", 7);
    g_byte_array_append (grown, data + victim, (guint) (len - victim));
    model = tl_tltrace_load_data (grown->data, grown->len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, events->len);
    g_assert_true (has_format_warning (model, TL_FORMAT_ERROR_CORRUPT));
  }
}

/* Random damage: never a crash; an error only in our domain; and damage
 * that goes unreported must have changed nothing. */
static void
test_corrupt_random (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autoptr(TlTraceModel) items = tltrace_scenario_items_model ();
  g_autofree char *rec_path = tmp_file ("random.tltrace");
  g_autofree char *items_path = tmp_file ("random-items.tltrace");
  const char *paths[] = { rec_path, items_path };
  g_autoptr(GError) error = NULL;
  guint iterations = g_test_thorough () ? 20000 : 1500;

  tltrace_scenario_write (events, rec_path, 9);
  g_assert_true (tl_tltrace_save (items, items_path, NULL, NULL, NULL, &error));

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      g_autoptr(GBytes) bytes = read_bytes (paths[p]);
      g_autoptr(TlTraceModel) intact = load (paths[p]);
      g_autofree char *intact_dump = tl_trace_model_dump (intact);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autofree guint8 *copy = g_malloc (len);

      for (guint it = 0; it < iterations; it++)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(TlTraceModel) model = NULL;
          guint n_flips = (guint) g_test_rand_int_range (1, 9);

          memcpy (copy, data, len);
          for (guint f = 0; f < n_flips; f++)
            {
              gsize at = (gsize) g_test_rand_int_range (0, (gint32) len);

              copy[at] = (guint8) g_test_rand_int_range (0, 256);
            }
          model = tl_tltrace_load_data (copy, len, &local_error);
          if (model == NULL)
            {
              assert_load_fails_cleanly (local_error);
              continue;
            }
          if (!has_format_warning (model, -1))
            {
              g_autofree char *dump = tl_trace_model_dump (model);

              g_assert_cmpstr (dump, ==, intact_dump);
            }
          else
            {
              g_free (tl_trace_model_dump (model));
            }
        }
    }
}

static void
put_header (guint8  *data,
            guint16  major,
            guint16  minor)
{
  TltraceFileHeader header;

  memcpy (&header, data, sizeof header);
  header.version_major = major;
  header.version_minor = minor;
  header.checksum = _tl_tltrace_header_checksum (&header);
  memcpy (data, &header, sizeof header);
}

static void
test_versions (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autofree char *path = tmp_file ("version.tltrace");
  g_autofree char *newer = tmp_file ("newer.tltrace");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(TlTraceModel) intact = NULL;
  g_autofree guint8 *copy = NULL;
  const guint8 *data;
  gsize len;

  tltrace_scenario_write (events, path, 0);
  bytes = read_bytes (path);
  data = g_bytes_get_data (bytes, &len);
  intact = load (path);

  /* A newer major version: a clear error. */
  copy = g_memdup2 (data, len);
  put_header (copy, 2, 0);
  write_bytes (newer, copy, len);
  model = tl_tltrace_load (newer, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNSUPPORTED_VERSION);
  g_assert_nonnull (strstr (error->message, "version 2.0"));
  g_clear_error (&error);

  /* A newer minor version with a chunk type we do not know: skipped. */
  {
    g_autoptr(GByteArray) grown = g_byte_array_new ();
    TltraceChunkHeader extra = { 0 };
    guint8 payload[16] = "future data....";

    g_byte_array_append (grown, data, (guint) len);
    put_header (grown->data, 1, 9);
    extra.magic = TLTRACE_CHUNK_MAGIC;
    extra.type = 200;
    extra.length = sizeof payload;
    extra.count = 1;
    extra.checksum = _tl_tltrace_checksum (payload, sizeof payload);
    extra.header_checksum = _tl_tltrace_header_checksum (&extra);
    g_byte_array_append (grown, (const guint8 *) &extra, sizeof extra);
    g_byte_array_append (grown, payload, sizeof payload);
    g_clear_object (&model);
    model = tl_tltrace_load_data (grown->data, grown->len, &error);
    g_assert_no_error (error);
    assert_same_model (intact, model);
    g_assert_false (has_format_warning (model, -1));
  }
}

static void
test_not_a_trace (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autofree char *empty = tmp_file ("empty.tltrace");
  g_autofree char *only_header = tmp_file ("header.tltrace");
  TlTltraceWriter *writer;

  model = tl_tltrace_load_data ((const guint8 *) "hello, world", 12, &error);
  g_assert_null (model);
  g_assert_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  write_bytes (empty, (const guint8 *) "", 0);
  model = tl_tltrace_load (empty, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY);
  g_clear_error (&error);

  model = tl_tltrace_load ("/nonexistent/trace.tltrace", NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A recording that ended before its first event: nothing to show. */
  writer = tl_tltrace_writer_new (only_header, &error);
  g_assert_no_error (error);
  tl_tltrace_writer_free (writer);
  model = tl_tltrace_load (only_header, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY);
  g_clear_error (&error);

  /* One that was closed without events is an empty trace, not an error. */
  writer = tl_tltrace_writer_new (only_header, &error);
  g_assert_true (tl_tltrace_writer_close (writer, &error));
  tl_tltrace_writer_free (writer);
  model = load (only_header);
  g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, 0);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 0);
}

/* The temporary file a killed writer of @name left beside it. */
static char *
left_behind (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", name);
  char *found = NULL;
  const char *entry;

  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, prefix))
      {
        g_assert_null (found);
        found = tmp_file (entry);
      }
  return found;
}

/* A recorder that dies: the file it replaces is untouched, and what it
 * flushed is in the temporary file beside it, which says it was cut
 * off. */
static void
test_writer_killed (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autofree char *path = tmp_file ("killed.tltrace");
  g_autofree char *temporary = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  const guint flushed = 40;

  write_bytes (path, (const guint8 *) "an older file", 13);
  before = read_bytes (path);

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      TlTltraceWriter *writer = tl_tltrace_writer_new (path, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < events->len; i++)
        {
          tl_tltrace_writer_add_event (writer, &g_array_index (events, TlModelEvent, i), &error);
          if (i + 1 == flushed)
            tl_tltrace_writer_flush (writer, &error);
        }
      g_assert_no_error (error);
      /* Killed: no close, no atexit, nothing more reaches the file. */
      _exit (0);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  temporary = left_behind ("killed.tltrace");
  g_assert_nonnull (temporary);
  model = load (temporary);
  g_unlink (temporary);
  g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, flushed);
  g_assert_cmpstr (format_warning_message (model, TL_FORMAT_ERROR_TRUNCATED), ==,
                   "The recording was cut off: the file has no end marker");
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(GArray) events = tltrace_scenario_events ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_file ("progress.tltrace");
  g_autofree char *saved = tmp_file ("saved.tltrace");

  tltrace_scenario_write (events, path, 3);
  model = tl_tltrace_load (path, progress_cb, fractions, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >=, 2);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=,
                       g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  g_cancellable_cancel (cancellable);
  g_clear_object (&model);
  model = tl_tltrace_load (path, NULL, NULL, cancellable, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A cancelled save leaves the old file as it was, and no temporary. */
  model = load (path);
  g_assert_true (tl_tltrace_save (model, saved, NULL, NULL, NULL, &error));
  {
    g_autoptr(GBytes) before = read_bytes (saved);
    g_autoptr(GBytes) after = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_assert_false (tl_tltrace_save (model, saved, NULL, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    after = read_bytes (saved);
    g_assert_true (g_bytes_equal (before, after));
    dir = g_dir_open (tmp_dir, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "."));
  }

  g_assert_false (tl_tltrace_save (model, "/nonexistent/dir/x.tltrace", NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A subprocess (see test_writer_killed) works in its parent's. */
  tmp_dir = g_strdup (g_getenv ("TLTRACE_TEST_TMP"));
  if (tmp_dir == NULL)
    {
      tmp_dir = tl_test_tmp_dir_new ("test-tltrace");
      g_setenv ("TLTRACE_TEST_TMP", tmp_dir, TRUE);
    }

  g_test_add_func ("/formats/tltrace/checksum", test_checksum);
  g_test_add_func ("/formats/tltrace/recorded-equals-live", test_recorded_equals_live);
  g_test_add_func ("/formats/tltrace/recorded-from-collector", test_recorded_from_collector);
  g_test_add_func ("/formats/tltrace/items-round-trip", test_items_round_trip);
  g_test_add_func ("/formats/tltrace/derived-round-trip", test_derived_round_trip);
  g_test_add_func ("/formats/tltrace/save-unfinished", test_save_unfinished);
  g_test_add_func ("/formats/tltrace/golden", test_golden);
  g_test_add_func ("/formats/tltrace/truncate-every-byte", test_truncate_every_byte);
  g_test_add_func ("/formats/tltrace/truncate-items", test_truncate_items);
  g_test_add_func ("/formats/tltrace/damaged-chunk", test_damaged_chunk);
  g_test_add_func ("/formats/tltrace/corrupt-random", test_corrupt_random);
  g_test_add_func ("/formats/tltrace/versions", test_versions);
  g_test_add_func ("/formats/tltrace/not-a-trace", test_not_a_trace);
  g_test_add_func ("/formats/tltrace/writer-killed", test_writer_killed);
  g_test_add_func ("/formats/tltrace/progress-and-cancel", test_progress_and_cancel);

  status = g_test_run ();
  if (!g_test_subprocess ())
    tl_test_tmp_dir_free (g_steal_pointer (&tmp_dir));
  g_free (tmp_dir);
  return status;
}
