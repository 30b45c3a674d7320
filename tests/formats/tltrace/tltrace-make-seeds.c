/* tltrace-make-seeds.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes the fuzzing seeds of tests/fuzz/tltrace/corpus that the golden
 * recordings do not cover: one small file per chunk type, with a few
 * records each, and recipes (see fuzz-tltrace.c) that expand into counts
 * no small file has.  Run by hand when the format gains a chunk type:
 *
 *   build/tests/formats/tltrace/tltrace-make-seeds tests/fuzz/tltrace/corpus
 */
#include "config.h"

#include <string.h>

#include "tltrace-builder.h"

static const char *dir;

static void
put (const char *name,
     GByteArray *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents (path, (const char *) file->data, file->len, &error))
    g_error ("%s", error->message);
  g_byte_array_unref (file);
}

/* A thread lane (file index 0) and strings 0 ("a") and 1 ("lock"). */
static GByteArray *
with_lane (void)
{
  const char *strings[] = { "a", "lock" };
  GByteArray *file = tltrace_build_new ();

  tltrace_build_strings (file, 0, strings, 2);
  tltrace_build_thread_lane (file, 0, 1, 1);
  return file;
}

static void
seed_events (void)
{
  GByteArray *file = tltrace_build_new ();
  TltraceEvent events[] = {
    tltrace_build_event (1, 1, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    tltrace_build_event (2, 1, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    tltrace_build_event (3, 1, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    tltrace_build_event (4, 1, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 9, 0),
    tltrace_build_event (5, 1, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 9, 0),
    tltrace_build_event (6, 1, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    tltrace_build_event (7, 1, 1, TL_EVENT_SEND, TL_ROLE_QUEUE, 2, 5),
    tltrace_build_event (8, 1, 2, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 2, 5),
    tltrace_build_event (9, 1, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),
  };

  tltrace_build_chunk (file, TLTRACE_CHUNK_EVENTS, G_N_ELEMENTS (events), events, sizeof events);
  tltrace_build_end (file, G_N_ELEMENTS (events), 9);
  put ("chunk-events.tltrace", file);
}

static void
seed_small_chunks (void)
{
  GByteArray *file = tltrace_build_new ();
  TltraceLoss loss = { 1, 2, 3 };
  guint64 summary[1 + TL_EVENT_N_KINDS] = { 0 };
  g_autoptr(GByteArray) metadata = NULL;
  const char *keys[] = { "clock" };
  const char *values[] = { "monotonic" };

  summary[0] = TL_EVENT_N_KINDS;
  summary[1 + TL_EVENT_MARK] = 4;
  metadata = _tl_tltrace_metadata_payload (keys, values, 1);
  tltrace_build_chunk (file, TLTRACE_CHUNK_METADATA, 1, metadata->data, metadata->len);
  tltrace_build_chunk (file, TLTRACE_CHUNK_LOSS, 1, &loss, sizeof loss);
  tltrace_build_chunk (file, TLTRACE_CHUNK_SUMMARY, 1, summary, sizeof summary);
  tltrace_build_end (file, 0, 0);
  put ("chunk-metadata-loss-summary.tltrace", file);
}

static void
seed_tables (void)
{
  GByteArray *file = with_lane ();
  TltraceProcess process = { 1, 0, 0, 0, 1, 9, 0, TLTRACE_PROCESS_EXITED };
  TltraceObject object = { 7, 1, TL_ROLE_MUTEX, { 0 } };
  TltraceLane lock = { 0 };

  lock.key = 7;
  lock.pid = 1;
  lock.name = 1;
  lock.object = 0;
  lock.kind = TL_LANE_LOCK;
  tltrace_build_records (file, TLTRACE_CHUNK_PROCESSES, 0, 1, &process, sizeof process);
  tltrace_build_records (file, TLTRACE_CHUNK_OBJECTS, 0, 1, &object, sizeof object);
  tltrace_build_records (file, TLTRACE_CHUNK_LANES, 1, 1, &lock, sizeof lock);
  tltrace_build_end (file, 0, 0);
  put ("chunk-processes-objects-lanes.tltrace", file);
}

static void
seed_lane_items (void)
{
  GByteArray *file = with_lane ();
  TltraceSpan spans[] = {
    { 1, 5, 0, 0, 0, TL_SPAN_SLICE, 0, 0 },
    { 2, 3, 0, 0, TL_INDEX_NONE, TL_SPAN_TASK, TL_SPAN_FLAG_FAILED, 0 },
    { 2, 4, 0, 0, 0, TL_SPAN_OWNER, 0, 0 },
  };
  TltraceInstant instants[] = {
    { 1, 0, 0, TL_EVENT_MARK, TL_ROLE_TEXT, 0 },
    { 2, 1, TL_INDEX_NONE, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 0 },
  };
  TltraceSample samples[] = { { 1, 0.5 }, { 2, -1e300 } };
  TltraceFlow flow = { 1, 3, 5, 0, 0, TL_INDEX_NONE, TL_FLOW_MESSAGE, 0 };

  tltrace_build_records (file, TLTRACE_CHUNK_SPANS, 0, G_N_ELEMENTS (spans), spans, sizeof spans[0]);
  tltrace_build_records (file, TLTRACE_CHUNK_INSTANTS, 0, G_N_ELEMENTS (instants), instants,
                         sizeof instants[0]);
  tltrace_build_records (file, TLTRACE_CHUNK_SAMPLES, 0, G_N_ELEMENTS (samples), samples, sizeof samples[0]);
  tltrace_build_records (file, TLTRACE_CHUNK_FLOWS, 0, 1, &flow, sizeof flow);
  tltrace_build_end (file, 0, 5);
  put ("chunk-spans-instants-samples-flows.tltrace", file);
}

/* What 1.1 added: the source of traced files (one good, one of no
 * string, one longer than its chunk) and a call's texts as strings (one
 * that is no string). */
static void
seed_sources_and_call_texts (void)
{
  GByteArray *file = with_lane ();
  const char *strings[] = { "/a.py", "n=1", "2" };
  static const char source[] = "x = 1\n";
  guint32 good[2] = { 2, sizeof source - 1 };
  guint32 no_path[2] = { 99, 1 };
  guint32 too_long[2] = { 2, 4096 };
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  guint8 zeros[8] = { 0 };
  TltraceSpan spans[] = {
    { 1, 5, 4, 5, 0, TL_SPAN_SLICE, TL_SPAN_FLAG_CALL_TEXT, 0 },
    { 2, 3, 1000, 0, 0, TL_SPAN_SLICE, TL_SPAN_FLAG_CALL_TEXT, 0 },
  };

  tltrace_build_strings (file, 2, strings, G_N_ELEMENTS (strings));
  g_byte_array_append (payload, zeros, 8);
  g_byte_array_append (payload, (const guint8 *) good, sizeof good);
  g_byte_array_append (payload, (const guint8 *) source, 8);
  g_byte_array_append (payload, (const guint8 *) no_path, sizeof no_path);
  g_byte_array_append (payload, (const guint8 *) "y...", 4);
  g_byte_array_append (payload, (const guint8 *) too_long, sizeof too_long);
  g_byte_array_append (payload, (const guint8 *) "z", 1);
  tltrace_build_chunk (file, TLTRACE_CHUNK_SOURCES, 3, payload->data, payload->len);
  tltrace_build_records (file, TLTRACE_CHUNK_SPANS, 0, G_N_ELEMENTS (spans), spans, sizeof spans[0]);
  tltrace_build_end (file, 0, 5);
  put ("chunk-sources-call-texts.tltrace", file);
}

/* 0xfe, c, s, chunk type, record: (c + 1) << s copies. */
static void
recipe (const char *name,
        guint8      c,
        guint8      s,
        guint8      type,
        const void *record,
        gsize       size)
{
  GByteArray *file = g_byte_array_new ();
  guint8 head[4] = { 0xfe, c, s, type };

  g_byte_array_append (file, head, sizeof head);
  g_byte_array_append (file, record, (guint) size);
  put (name, file);
}

static void
seed_recipes (void)
{
  TltraceSpan span = { 10, 20, 0, 0, TL_INDEX_NONE, TL_SPAN_SLICE, 0, 0 };
  TltraceLane lane = { 0 };
  TltraceEvent task = tltrace_build_event (1000, 1, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, 0);
  TltraceEvent thread = tltrace_build_event (1000, 1, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0, 0);
  TltraceInstant instant = { 1, 0, TL_INDEX_NONE, TL_EVENT_MARK, TL_ROLE_TEXT, 0 };

  lane.pid = 1;
  lane.name = TL_INDEX_NONE;
  lane.object = TL_INDEX_NONE;
  lane.kind = TL_LANE_THREAD;
  /* The first 8 bytes count up: the lane record's is its key (a tid). */
  /* 129 << 9 = 66,048: just past what a lane's tracks or a model's lanes hold. */
  recipe ("recipe-overlapping-spans", 128, 9, TLTRACE_CHUNK_SPANS, &span, sizeof span);
  recipe ("recipe-lanes", 128, 9, TLTRACE_CHUNK_LANES, &lane, sizeof lane);
  recipe ("recipe-open-tasks", 128, 9, TLTRACE_CHUNK_EVENTS, &task, sizeof task);
  recipe ("recipe-threads", 128, 9, TLTRACE_CHUNK_EVENTS, &thread, sizeof thread);
  recipe ("recipe-instants", 99, 10, TLTRACE_CHUNK_INSTANTS, &instant, sizeof instant);
}

int
main (int   argc,
      char *argv[])
{
  if (argc != 2)
    g_error ("usage: %s CORPUS-DIR", argv[0]);
  dir = argv[1];
  seed_events ();
  seed_small_chunks ();
  seed_tables ();
  seed_lane_items ();
  seed_sources_and_call_texts ();
  seed_recipes ();
  return 0;
}
