/* tl-tltrace-items.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the item chunks of a saved model back into a model.  The file
 * refers to strings, objects and lanes by its own indexes; tables map
 * them to the model's, and a reference the file does not resolve (its
 * chunk was damaged) becomes "none" or drops the record, counted.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <string.h>

#include "tl-tltrace-private.h"

void
_tl_tltrace_items_init (TltraceReader *reader)
{
  reader->strings = g_array_new (FALSE, FALSE, sizeof (guint32));
  reader->objects = g_array_new (FALSE, FALSE, sizeof (guint32));
  reader->lanes = g_array_new (FALSE, FALSE, sizeof (guint32));
}

void
_tl_tltrace_items_clear (TltraceReader *reader)
{
  g_clear_pointer (&reader->strings, g_array_unref);
  g_clear_pointer (&reader->objects, g_array_unref);
  g_clear_pointer (&reader->lanes, g_array_unref);
}

static guint32
xlate (GArray  *table,
       guint64  index)
{
  return index < table->len ? g_array_index (table, guint32, index) : TL_INDEX_NONE;
}

/* Makes room for @count entries from @first.  No table can have more
 * entries than the file has 4-byte words, which bounds what a damaged or
 * hostile index can make us allocate. */
static gboolean
table_reserve (TltraceReader *reader,
               GArray        *table,
               guint32        first,
               guint32        count)
{
  guint64 end = (guint64) first + count;
  guint old = table->len;

  if (end > reader->len / 4 + 1)
    return FALSE;
  if (end > old)
    {
      g_array_set_size (table, (guint) end);
      for (guint i = old; i < end; i++)
        g_array_index (table, guint32, i) = TL_INDEX_NONE;
    }
  return TRUE;
}

/* The payload after an 8-byte head holds exactly @count records of @size. */
static gboolean
records_fit (const TltraceChunkHeader *header,
             gsize                     size)
{
  return header->length >= 8 && (header->length - 8) / size == header->count &&
         (header->length - 8) % size == 0;
}

static void
read_strings (TltraceReader            *reader,
              const TltraceChunkHeader *header,
              const guint8             *payload)
{
  TltraceTableHead head;
  gsize off = sizeof head, len = header->length;
  guint32 i;

  if (len < sizeof head)
    goto bad;
  memcpy (&head, payload, sizeof head);
  if (!table_reserve (reader, reader->strings, head.first, header->count))
    goto bad;
  for (i = 0; i < header->count; i++)
    {
      guint32 slen;

      if (len - off < sizeof slen)
        break;
      memcpy (&slen, payload + off, sizeof slen);
      off += sizeof slen;
      if (len - off < slen)
        break;
      g_array_index (reader->strings, guint32, head.first + i) =
        tl_trace_model_intern (reader->model, (const char *) payload + off, slen);
      off += MIN (((gsize) slen + 3) & ~(gsize) 3, len - off);
    }
  reader->bad_records += header->count - i;
  return;

bad:
  reader->bad_records += MAX (header->count, 1);
}

static void
read_processes (TltraceReader            *reader,
                const TltraceChunkHeader *header,
                const guint8             *payload)
{
  if (!records_fit (header, sizeof (TltraceProcess)))
    {
      reader->bad_records += MAX (header->count, 1);
      return;
    }
  for (guint32 i = 0; i < header->count; i++)
    {
      TlTraceModel *model = reader->model;
      TltraceProcess p;

      memcpy (&p, payload + 8 + i * sizeof p, sizeof p);
      tl_trace_model_ensure_process (model, p.pid);
      tl_trace_model_set_process_name (model, p.pid, xlate (reader->strings, p.name));
      tl_trace_model_set_process_sort_index (model, p.pid, p.sort_index);
      tl_trace_model_set_process_parent (model, p.pid, p.parent_pid);
      tl_trace_model_set_process_start (model, p.pid, p.start_ts);
      if (p.flags & TLTRACE_PROCESS_EXITED)
        tl_trace_model_set_process_exit (model, p.pid, p.exit_ts, p.exit_status,
                                         (p.flags & TLTRACE_PROCESS_SIGNALED) != 0);
      if (p.flags & TLTRACE_PROCESS_MACHINERY)
        tl_trace_model_set_process_machinery (model, p.pid, TRUE);
    }
}

static void
read_objects (TltraceReader            *reader,
              const TltraceChunkHeader *header,
              const guint8             *payload)
{
  TltraceTableHead head = { 0 };

  memcpy (&head, payload, MIN (sizeof head, header->length));
  if (!records_fit (header, sizeof (TltraceObject)) ||
      !table_reserve (reader, reader->objects, head.first, header->count))
    {
      reader->bad_records += MAX (header->count, 1);
      return;
    }
  for (guint32 i = 0; i < header->count; i++)
    {
      TltraceObject o;
      guint32 index;

      memcpy (&o, payload + 8 + i * sizeof o, sizeof o);
      if (o.role >= TL_N_ROLES)
        {
          reader->bad_records++;
          continue;
        }
      index = tl_trace_model_ensure_object (reader->model, o.role, o.id);
      tl_trace_model_set_object_name (reader->model, index, xlate (reader->strings, o.name));
      g_array_index (reader->objects, guint32, head.first + i) = index;
    }
}

static void
read_lanes (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload)
{
  TltraceTableHead head = { 0 };

  memcpy (&head, payload, MIN (sizeof head, header->length));
  if (!records_fit (header, sizeof (TltraceLane)) ||
      !table_reserve (reader, reader->lanes, head.first, header->count))
    {
      reader->bad_records += MAX (header->count, 1);
      return;
    }
  for (guint32 i = 0; i < header->count; i++)
    {
      TlTraceModel *model = reader->model;
      TltraceLane l;
      guint64 key;
      guint32 index, object;

      memcpy (&l, payload + 8 + i * sizeof l, sizeof l);
      if (l.kind >= TL_N_LANE_KINDS)
        {
          reader->bad_records++;
          continue;
        }
      key = l.key;
      if (l.kind == TL_LANE_COUNTER || l.kind == TL_LANE_ASYNC)
        key = xlate (reader->strings, l.key);
      index = tl_trace_model_ensure_lane (model, l.kind, l.pid, key);
      tl_trace_model_set_lane_name (model, index, xlate (reader->strings, l.name));
      tl_trace_model_set_lane_sort_index (model, index, l.sort_index);
      object = xlate (reader->objects, l.object);
      if (object != TL_INDEX_NONE)
        tl_trace_model_set_lane_object (model, index, object);
      g_array_index (reader->lanes, guint32, head.first + i) = index;
    }
}

/* The model lane of a per-lane chunk, or TL_INDEX_NONE (the records are
 * then counted as unusable). */
static guint32
chunk_lane (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload,
            gsize                     record_size)
{
  TltraceLaneHead head;
  guint32 lane;

  if (!records_fit (header, record_size))
    {
      reader->bad_records += MAX (header->count, 1);
      return TL_INDEX_NONE;
    }
  memcpy (&head, payload, sizeof head);
  lane = xlate (reader->lanes, head.lane);
  if (lane == TL_INDEX_NONE)
    reader->bad_records += header->count;
  return lane;
}

static void
read_spans (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload)
{
  guint32 lane = chunk_lane (reader, header, payload, sizeof (TltraceSpan));

  if (lane == TL_INDEX_NONE)
    return;
  for (guint32 i = 0; i < header->count; i++)
    {
      TltraceSpan s;
      TlSpan span = { 0 };

      memcpy (&s, payload + 8 + (gsize) i * sizeof s, sizeof s);
      if (s.kind >= TL_N_SPAN_KINDS || s.end < s.start)
        {
          reader->bad_records++;
          continue;
        }
      span.start = s.start;
      span.end = s.end;
      span.arg = s.arg;
      span.arg2 = s.arg2;
      span.kind = s.kind;
      span.flags = s.flags;
      switch ((TlSpanKind) s.kind)
        {
        case TL_SPAN_OWNER:
          span.ref = xlate (reader->lanes, s.ref);
          break;
        case TL_SPAN_SLICE:
        case TL_SPAN_ASYNC:
          span.ref = xlate (reader->strings, s.ref);
          break;
        case TL_SPAN_RUNNING:
        case TL_SPAN_WAIT_LOCK:
        case TL_SPAN_WAIT_GIL:
        case TL_SPAN_SLEEP:
        case TL_SPAN_IO:
        case TL_SPAN_WAIT_QUEUE:
        case TL_SPAN_WAIT_CONDITION:
        case TL_SPAN_WAIT_SEMAPHORE:
        case TL_SPAN_WAIT_EVENT:
        case TL_SPAN_WAIT_BARRIER:
        case TL_SPAN_WAIT_JOIN:
        case TL_SPAN_WAIT_OTHER:
        case TL_SPAN_HOLD_LOCK:
        case TL_SPAN_HOLD_GIL:
        case TL_SPAN_TASK:
        case TL_N_SPAN_KINDS:
        default:
          span.ref = xlate (reader->objects, s.ref);
          break;
        }
      tl_trace_model_add_span (reader->model, lane, &span);
    }
}

static void
read_instants (TltraceReader            *reader,
               const TltraceChunkHeader *header,
               const guint8             *payload)
{
  guint32 lane = chunk_lane (reader, header, payload, sizeof (TltraceInstant));

  if (lane == TL_INDEX_NONE)
    return;
  for (guint32 i = 0; i < header->count; i++)
    {
      TltraceInstant r;
      TlInstant instant;

      memcpy (&r, payload + 8 + (gsize) i * sizeof r, sizeof r);
      instant.ts = r.ts;
      instant.arg = r.arg;
      instant.kind = r.kind;
      instant.role = r.role;
      instant.flags = r.flags;
      instant.ref = r.role == TL_ROLE_TEXT ? xlate (reader->strings, r.ref)
                                           : xlate (reader->objects, r.ref);
      /* A raised error's message is a string. */
      if (r.kind == TL_EVENT_ERROR_RAISED && r.role == TL_ROLE_ERROR)
        instant.arg = xlate (reader->strings, r.arg);
      tl_trace_model_add_instant (reader->model, lane, &instant);
    }
}

static void
read_samples (TltraceReader            *reader,
              const TltraceChunkHeader *header,
              const guint8             *payload)
{
  guint32 lane = chunk_lane (reader, header, payload, sizeof (TltraceSample));

  if (lane == TL_INDEX_NONE)
    return;
  for (guint32 i = 0; i < header->count; i++)
    {
      TltraceSample s;

      memcpy (&s, payload + 8 + (gsize) i * sizeof s, sizeof s);
      tl_trace_model_add_counter_sample (reader->model, lane, s.ts, s.value);
    }
}

static void
read_flows (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload)
{
  if (!records_fit (header, sizeof (TltraceFlow)))
    {
      reader->bad_records += MAX (header->count, 1);
      return;
    }
  for (guint32 i = 0; i < header->count; i++)
    {
      TltraceFlow r;
      TlFlow flow = { 0 };

      memcpy (&r, payload + 8 + (gsize) i * sizeof r, sizeof r);
      flow.from_lane = xlate (reader->lanes, r.from_lane);
      flow.to_lane = xlate (reader->lanes, r.to_lane);
      if (flow.from_lane == TL_INDEX_NONE || flow.to_lane == TL_INDEX_NONE ||
          r.kind >= TL_N_FLOW_KINDS)
        {
          reader->bad_records++;
          continue;
        }
      flow.from_ts = r.from_ts;
      flow.to_ts = r.to_ts;
      flow.id = r.id;
      flow.ref = xlate (reader->objects, r.ref);
      flow.kind = r.kind;
      tl_trace_model_add_flow (reader->model, &flow);
    }
}

void
_tl_tltrace_read_items (TltraceReader            *reader,
                        const TltraceChunkHeader *header,
                        const guint8             *payload)
{
  switch ((TltraceChunkType) header->type)
    {
    case TLTRACE_CHUNK_STRINGS:
      read_strings (reader, header, payload);
      break;
    case TLTRACE_CHUNK_PROCESSES:
      read_processes (reader, header, payload);
      break;
    case TLTRACE_CHUNK_OBJECTS:
      read_objects (reader, header, payload);
      break;
    case TLTRACE_CHUNK_LANES:
      read_lanes (reader, header, payload);
      break;
    case TLTRACE_CHUNK_SPANS:
      read_spans (reader, header, payload);
      break;
    case TLTRACE_CHUNK_INSTANTS:
      read_instants (reader, header, payload);
      break;
    case TLTRACE_CHUNK_FLOWS:
      read_flows (reader, header, payload);
      break;
    case TLTRACE_CHUNK_SAMPLES:
      read_samples (reader, header, payload);
      break;
    case TLTRACE_CHUNK_EVENTS:
    case TLTRACE_CHUNK_END:
    case TLTRACE_CHUNK_METADATA:
    case TLTRACE_CHUNK_LOSS:
    case TLTRACE_CHUNK_SUMMARY:
    default:
      g_assert_not_reached ();
    }
}
