/* tltrace-builder.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tltrace-builder.h"

GByteArray *
tltrace_build_new (void)
{
  GByteArray *file = g_byte_array_new ();
  TltraceFileHeader header = { { 0 } };

  memcpy (header.magic, TLTRACE_MAGIC, TLTRACE_MAGIC_LEN);
  header.version_major = TLTRACE_VERSION_MAJOR;
  header.version_minor = TLTRACE_VERSION_MINOR;
  header.byte_order = TLTRACE_BYTE_ORDER;
  header.header_size = sizeof header;
  header.clock = TLTRACE_CLOCK_MONOTONIC;
  header.checksum = _tl_tltrace_header_checksum (&header);
  g_byte_array_append (file, (const guint8 *) &header, sizeof header);
  return file;
}

void
tltrace_build_chunk (GByteArray *file,
                     guint16     type,
                     guint32     count,
                     const void *payload,
                     gsize       len)
{
  static const guint8 zeros[8] = { 0 };
  TltraceChunkHeader header = { 0 };

  g_assert_cmpuint (len, <=, TLTRACE_CHUNK_MAX);
  header.magic = TLTRACE_CHUNK_MAGIC;
  header.type = type;
  header.length = (guint32) len;
  header.count = count;
  header.checksum = _tl_tltrace_checksum (payload, len);
  header.header_checksum = _tl_tltrace_header_checksum (&header);
  g_byte_array_append (file, (const guint8 *) &header, sizeof header);
  g_byte_array_append (file, payload, (guint) len);
  g_byte_array_append (file, zeros, (guint) (TLTRACE_ALIGN8 (len) - len));
}

void
tltrace_build_records (GByteArray *file,
                       guint16     type,
                       guint32     head,
                       guint32     count,
                       const void *records,
                       gsize       size)
{
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  guint32 head_words[2] = { head, 0 };

  g_byte_array_append (payload, (const guint8 *) head_words, sizeof head_words);
  if (count > 0)
    g_byte_array_append (payload, records, (guint) (count * size));
  tltrace_build_chunk (file, type, count, payload->data, payload->len);
}

void
tltrace_build_strings (GByteArray  *file,
                       guint32      first,
                       const char **strings,
                       guint32      n)
{
  static const guint8 zeros[4] = { 0 };
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  TltraceTableHead head = { first, 0 };

  g_byte_array_append (payload, (const guint8 *) &head, sizeof head);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 len = (guint32) strlen (strings[i]);

      g_byte_array_append (payload, (const guint8 *) &len, sizeof len);
      g_byte_array_append (payload, (const guint8 *) strings[i], len);
      g_byte_array_append (payload, zeros, ((len + 3) & ~3u) - len);
    }
  tltrace_build_chunk (file, TLTRACE_CHUNK_STRINGS, n, payload->data, payload->len);
}

void
tltrace_build_thread_lane (GByteArray *file,
                           guint32     index,
                           guint32     pid,
                           guint64     tid)
{
  TltraceLane lane = { 0 };

  lane.key = tid;
  lane.pid = pid;
  lane.name = TL_INDEX_NONE;
  lane.object = TL_INDEX_NONE;
  lane.kind = TL_LANE_THREAD;
  tltrace_build_records (file, TLTRACE_CHUNK_LANES, index, 1, &lane, sizeof lane);
}

void
tltrace_build_end (GByteArray *file,
                   guint64     n_events,
                   gint64      last_ts)
{
  TltraceEnd end = { n_events, last_ts };

  tltrace_build_chunk (file, TLTRACE_CHUNK_END, 1, &end, sizeof end);
}

TltraceEvent
tltrace_build_event (gint64       ts,
                     guint32      pid,
                     guint32      tid,
                     TlEventKind  kind,
                     TlObjectRole role,
                     guint64      object,
                     guint64      arg)
{
  TltraceEvent e = { 0 };

  e.ts = ts;
  e.pid = pid;
  e.tid = tid;
  e.kind = kind;
  e.role = role;
  e.object = object;
  e.arg = arg;
  return e;
}
