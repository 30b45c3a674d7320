/* fuzz-tltrace.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the .tltrace reader: any input loads into a model
 * (which is then walked, as the window and `info` would) or fails with an
 * error of our domain.  Built with clang only; fuzz-tltrace-corpus runs
 * the seed corpus through the same function with any compiler.
 *
 * An input that starts with the byte 0xfe is not a file but a recipe, so
 * that a small input reaches counts no small file has (more than 65,536
 * overlapping spans, lanes, threads...):
 *   0xfe, c, s, a chunk type (1 byte), then a record
 * becomes a file of one thread lane and one chunk of that type holding
 * the record (c + 1) << (s % 11) times (1 to 262,144, mostly a few
 * thousand, so that most runs stay quick), the n-th with n added to its
 * first 8 bytes (a time, for most records).
 *
 *   fuzz-tltrace -max_len=65536 -dict=tests/fuzz/tltrace.dict \
 *     build/.../fuzz-tltrace-found tests/fuzz/tltrace/corpus
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl-tltrace-private.h"

#define RECIPE 0xfe

static guint32
recipe_count (const uint8_t *data)
{
  return ((guint32) data[1] + 1) << (data[2] % 11);
}

/* The size of one record of a chunk type, and whether the chunk opens
 * with an 8-byte head. */
static gsize
record_size (guint16   type,
             gboolean *head)
{
  *head = TRUE;
  switch ((TltraceChunkType) type)
    {
    case TLTRACE_CHUNK_PROCESSES:
      return sizeof (TltraceProcess);
    case TLTRACE_CHUNK_OBJECTS:
      return sizeof (TltraceObject);
    case TLTRACE_CHUNK_LANES:
      return sizeof (TltraceLane);
    case TLTRACE_CHUNK_SPANS:
      return sizeof (TltraceSpan);
    case TLTRACE_CHUNK_INSTANTS:
      return sizeof (TltraceInstant);
    case TLTRACE_CHUNK_FLOWS:
      return sizeof (TltraceFlow);
    case TLTRACE_CHUNK_SAMPLES:
      return sizeof (TltraceSample);
    case TLTRACE_CHUNK_STRINGS:
    case TLTRACE_CHUNK_SOURCES:
      return 8;
    case TLTRACE_CHUNK_EVENTS:
    case TLTRACE_CHUNK_END:
    case TLTRACE_CHUNK_METADATA:
    case TLTRACE_CHUNK_LOSS:
    case TLTRACE_CHUNK_SUMMARY:
    default:
      *head = FALSE;
      return sizeof (TltraceEvent);
    }
}

static void
append_chunk (GByteArray *file,
              guint16     type,
              guint32     count,
              GByteArray *payload)
{
  static const guint8 zeros[8] = { 0 };
  TltraceChunkHeader header = { 0 };

  header.magic = TLTRACE_CHUNK_MAGIC;
  header.type = type;
  header.length = payload->len;
  header.count = count;
  header.checksum = _tl_tltrace_checksum (payload->data, payload->len);
  header.header_checksum = _tl_tltrace_header_checksum (&header);
  g_byte_array_append (file, (const guint8 *) &header, sizeof header);
  g_byte_array_append (file, payload->data, payload->len);
  g_byte_array_append (file, zeros, (guint) (TLTRACE_ALIGN8 (payload->len) - payload->len));
}

/* The file a recipe stands for. */
static GByteArray *
expand (const uint8_t *data,
        size_t         size)
{
  GByteArray *file = g_byte_array_new ();
  g_autoptr(GByteArray) lane = g_byte_array_new ();
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  TltraceFileHeader header = { { 0 } };
  TltraceLane thread = { 0 };
  guint32 count = recipe_count (data);
  guint16 type = data[3];
  guint8 record[64] = { 0 };
  gboolean head;
  gsize rsize = record_size (type, &head);
  guint32 zero[2] = { 0, 0 };

  memcpy (record, data + 4, MIN (size - 4, rsize));
  memcpy (header.magic, TLTRACE_MAGIC, TLTRACE_MAGIC_LEN);
  header.version_major = TLTRACE_VERSION_MAJOR;
  header.byte_order = TLTRACE_BYTE_ORDER;
  header.header_size = sizeof header;
  header.clock = TLTRACE_CLOCK_MONOTONIC;
  header.checksum = _tl_tltrace_header_checksum (&header);
  g_byte_array_append (file, (const guint8 *) &header, sizeof header);

  thread.key = 1;
  thread.pid = 1;
  thread.name = TL_INDEX_NONE;
  thread.object = TL_INDEX_NONE;
  thread.kind = TL_LANE_THREAD;
  g_byte_array_append (lane, (const guint8 *) zero, sizeof zero);
  g_byte_array_append (lane, (const guint8 *) &thread, sizeof thread);
  append_chunk (file, TLTRACE_CHUNK_LANES, 1, lane);

  if (head)
    g_byte_array_append (payload, (const guint8 *) zero, sizeof zero);
  for (guint32 i = 0; i < count; i++)
    {
      guint64 first;

      memcpy (&first, record, sizeof first);
      first += i;
      g_byte_array_append (payload, (const guint8 *) &first, sizeof first);
      g_byte_array_append (payload, record + 8, (guint) (rsize - 8));
    }
  append_chunk (file, type, count, payload);
  return file;
}

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical from the model means the reader let bad data through. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GByteArray) expanded = NULL;

  if (size >= 4 && data[0] == RECIPE)
    {
      expanded = expand (data, size);
      data = expanded->data;
      size = expanded->len;
    }
  model = tl_tltrace_load_data (data, size, &error);
  if (model == NULL)
    {
      if (error == NULL || error->domain != TL_FORMAT_ERROR)
        abort ();
      return 0;
    }
  g_free (tl_trace_model_dump (model));
  for (guint i = 0; i < tl_trace_model_get_n_lanes (model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      guint first, n;

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        tl_lane_get_span_range (lane, t, G_MININT64 / 2, G_MAXINT64 / 2, &first, &n);
      tl_lane_get_instant_range (lane, 0, G_MAXINT64, &first, &n);
    }
  for (guint i = 0; i < tl_trace_model_get_n_objects (model); i++)
    {
      guint n_refs;

      tl_trace_model_get_object_history (model, i, &n_refs);
    }
  return 0;
}
