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
#include "tl-trace-model-code.h"

static void
table_init (TltraceTable *table)
{
  table->runs = g_array_new (FALSE, FALSE, sizeof (TltraceRun));
  table->values = g_array_new (FALSE, FALSE, sizeof (guint32));
  table->last = 0;
}

static void
table_clear (TltraceTable *table)
{
  g_clear_pointer (&table->runs, g_array_unref);
  g_clear_pointer (&table->values, g_array_unref);
}

void
_tl_tltrace_items_init (TltraceReader *reader)
{
  table_init (&reader->strings);
  table_init (&reader->objects);
  table_init (&reader->lanes);
}

void
_tl_tltrace_items_clear (TltraceReader *reader)
{
  table_clear (&reader->strings);
  table_clear (&reader->objects);
  table_clear (&reader->lanes);
}

static gboolean
run_holds (const TltraceRun *run,
           guint64           index)
{
  return index >= run->first && index - run->first < run->count;
}

static guint32
xlate (TltraceTable *table,
       guint64       index)
{
  const TltraceRun *runs = (const TltraceRun *) (gpointer) table->runs->data;
  guint lo = 0, hi = table->runs->len;

  if (hi == 0)
    return TL_INDEX_NONE;
  /* References mostly go to the run the last one did. */
  if (!run_holds (&runs[table->last], index))
    {
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (runs[mid].first <= index)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo == 0 || !run_holds (&runs[lo - 1], index))
        return TL_INDEX_NONE;
      table->last = lo - 1;
    }
  return g_array_index (table->values, guint32,
                        runs[table->last].offset + (index - runs[table->last].first));
}

/* Room for @count entries from @first, all unresolved, or NULL (the
 * records are then unusable): indexes past 32 bits, or a run that does
 * not come after the table's last (writers write tables in order; a
 * file that does not is damaged or made to hurt). */
static guint32 *
table_add_run (TltraceTable *table,
               guint32       first,
               guint32       count)
{
  static guint32 nothing[1];
  TltraceRun run = { first, count, table->values->len };
  guint old = table->values->len;

  if ((guint64) first + count > TL_INDEX_NONE)
    return NULL;
  /* A chunk of no records: no run, and no pointer into an empty array. */
  if (count == 0)
    return nothing;
  if (table->runs->len > 0)
    {
      const TltraceRun *last = &g_array_index (table->runs, TltraceRun, table->runs->len - 1);

      if (first < (guint64) last->first + last->count)
        return NULL;
    }
  g_array_append_val (table->runs, run);
  g_array_set_size (table->values, old + count);
  for (guint i = old; i < table->values->len; i++)
    g_array_index (table->values, guint32, i) = TL_INDEX_NONE;
  return &g_array_index (table->values, guint32, old);
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
  guint32 *values;
  guint32 i;

  if (len < sizeof head)
    goto bad;
  memcpy (&head, payload, sizeof head);
  /* Each string takes 4 bytes at least: a count past that is damage. */
  if (header->count > (len - sizeof head) / 4 ||
      (values = table_add_run (&reader->strings, head.first, header->count)) == NULL)
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
      values[i] = tl_trace_model_intern (reader->model, (const char *) payload + off, slen);
      off += MIN (((gsize) slen + 3) & ~(gsize) 3, len - off);
    }
  reader->bad_records += header->count - i;
  return;

bad:
  reader->bad_records += MAX (header->count, 1);
}

/* Whether the model may hold process @pid (it has it, or room for one
 * more); counted when not. */
static gboolean
process_fits (TltraceReader *reader,
              guint32        pid)
{
  if (tl_trace_model_get_n_processes (reader->model) < TL_FORMAT_MAX_PROCESSES ||
      tl_trace_model_lookup_process (reader->model, pid) != TL_INDEX_NONE)
    return TRUE;
  reader->too_big++;
  return FALSE;
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
      if (!process_fits (reader, p.pid))
        continue;
      tl_trace_model_ensure_process (model, p.pid);
      tl_trace_model_set_process_name (model, p.pid, xlate (&reader->strings, p.name));
      tl_trace_model_set_process_sort_index (model, p.pid, p.sort_index);
      tl_trace_model_set_process_parent (model, p.pid, p.parent_pid);
      /* A time out of range is not known; the process is. */
      if (p.start_ts != TL_TS_NONE && !_tl_tltrace_ts_ok (p.start_ts))
        {
          reader->out_of_range++;
          p.start_ts = TL_TS_NONE;
        }
      if (p.exit_ts != TL_TS_NONE && !_tl_tltrace_ts_ok (p.exit_ts))
        {
          reader->out_of_range++;
          p.exit_ts = TL_TS_NONE;
        }
      tl_trace_model_set_process_start (model, p.pid, p.start_ts);
      if (p.flags & TLTRACE_PROCESS_EXITED)
        tl_trace_model_set_process_exit (model, p.pid, p.exit_ts, p.exit_status,
                                         (p.flags & TLTRACE_PROCESS_SIGNALED) != 0);
      if (p.flags & TLTRACE_PROCESS_MACHINERY)
        tl_trace_model_set_process_machinery (model, p.pid, TRUE);
      if (p.flags & TLTRACE_PROCESS_STOPPED)
        tl_trace_model_set_process_stopped (model, p.pid, TRUE);
    }
}

static void
read_objects (TltraceReader            *reader,
              const TltraceChunkHeader *header,
              const guint8             *payload)
{
  TltraceTableHead head = { 0 };
  guint32 *values;

  memcpy (&head, payload, MIN (sizeof head, header->length));
  if (!records_fit (header, sizeof (TltraceObject)) ||
      (values = table_add_run (&reader->objects, head.first, header->count)) == NULL)
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
      tl_trace_model_set_object_name (reader->model, index, xlate (&reader->strings, o.name));
      values[i] = index;
    }
}

static void
read_lanes (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload)
{
  TltraceTableHead head = { 0 };
  guint32 *values;

  memcpy (&head, payload, MIN (sizeof head, header->length));
  if (!records_fit (header, sizeof (TltraceLane)) ||
      (values = table_add_run (&reader->lanes, head.first, header->count)) == NULL)
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
        key = xlate (&reader->strings, l.key);
      if (tl_trace_model_get_n_lanes (model) >= TL_FORMAT_MAX_LANES &&
          tl_trace_model_lookup_lane (model, l.kind, l.pid, key) == TL_INDEX_NONE)
        {
          reader->too_big++;
          continue;
        }
      if (!process_fits (reader, l.pid))
        continue;
      index = tl_trace_model_ensure_lane (model, l.kind, l.pid, key);
      tl_trace_model_set_lane_name (model, index, xlate (&reader->strings, l.name));
      tl_trace_model_set_lane_sort_index (model, index, l.sort_index);
      object = xlate (&reader->objects, l.object);
      if (object != TL_INDEX_NONE)
        tl_trace_model_set_lane_object (model, index, object);
      values[i] = index;
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
  lane = xlate (&reader->lanes, head.lane);
  if (lane == TL_INDEX_NONE)
    reader->bad_records += header->count;
  return lane;
}

/* The table a span's ref indexes, by what its kind refers to. */
static TltraceTable *
span_ref_table (TltraceReader *reader,
                TlSpanKind     kind)
{
  switch (tl_span_kind_ref (kind))
    {
    case TL_SPAN_REF_LANE:
      return &reader->lanes;
    case TL_SPAN_REF_STRING:
      return &reader->strings;
    case TL_SPAN_REF_OBJECT:
    default:
      return &reader->objects;
    }
}

static guint64
call_text (TltraceReader *reader,
           guint64        value)
{
  guint32 string = value > 0 ? xlate (&reader->strings, value - 1) : TL_INDEX_NONE;

  return string != TL_INDEX_NONE ? (guint64) string + 1 : 0;
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
      if (!_tl_tltrace_ts_ok (s.start) || !_tl_tltrace_ts_ok (s.end))
        {
          reader->out_of_range++;
          continue;
        }
      span.start = s.start;
      span.end = s.end;
      span.arg = s.arg;
      span.arg2 = s.arg2;
      span.kind = s.kind;
      span.flags = s.flags;
      span.ref = xlate (span_ref_table (reader, s.kind), s.ref);
      /* A traced call's texts are strings (+ 1, 0 for none). */
      if (s.kind == TL_SPAN_SLICE && (s.flags & TL_SPAN_FLAG_CALL_TEXT))
        {
          span.arg = call_text (reader, s.arg);
          span.arg2 = call_text (reader, s.arg2);
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
      if (!_tl_tltrace_ts_ok (r.ts))
        {
          reader->out_of_range++;
          continue;
        }
      instant.ts = r.ts;
      instant.arg = r.arg;
      instant.kind = r.kind;
      instant.role = r.role;
      instant.flags = r.flags;
      instant.ref = r.role == TL_ROLE_TEXT ? xlate (&reader->strings, r.ref)
                                           : xlate (&reader->objects, r.ref);
      /* A raised error's message is a string. */
      if (r.kind == TL_EVENT_ERROR_RAISED && r.role == TL_ROLE_ERROR)
        instant.arg = xlate (&reader->strings, r.arg);
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
      if (!_tl_tltrace_ts_ok (s.ts))
        reader->out_of_range++;
      else
        tl_trace_model_add_counter_sample (reader->model, lane, s.ts, s.value);
    }
}

static void
read_lines (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload)
{
  guint32 lane = chunk_lane (reader, header, payload, sizeof (TltraceLine));

  if (lane == TL_INDEX_NONE)
    return;
  if (tl_lane_get_kind (tl_trace_model_get_lane (reader->model, lane)) != TL_LANE_THREAD)
    {
      reader->bad_records += header->count;
      return;
    }
  for (guint32 i = 0; i < header->count; i++)
    {
      TltraceLine r;

      memcpy (&r, payload + 8 + (gsize) i * sizeof r, sizeof r);
      if (!_tl_tltrace_ts_ok (r.ts))
        reader->out_of_range++;
      else
        tl_trace_model_add_line_mark (reader->model, lane, r.ts, r.line);
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
      flow.from_lane = xlate (&reader->lanes, r.from_lane);
      flow.to_lane = xlate (&reader->lanes, r.to_lane);
      if (flow.from_lane == TL_INDEX_NONE || flow.to_lane == TL_INDEX_NONE ||
          r.kind >= TL_N_FLOW_KINDS)
        {
          reader->bad_records++;
          continue;
        }
      if (!_tl_tltrace_ts_ok (r.from_ts) || !_tl_tltrace_ts_ok (r.to_ts))
        {
          reader->out_of_range++;
          continue;
        }
      flow.from_ts = r.from_ts;
      flow.to_ts = r.to_ts;
      flow.id = r.id;
      flow.ref = xlate (&reader->objects, r.ref);
      flow.kind = r.kind;
      tl_trace_model_add_flow (reader->model, &flow);
    }
}

/* {u32 path, u32 len, text padded to 4} each; the path a string. */
static void
read_sources (TltraceReader            *reader,
              const TltraceChunkHeader *header,
              const guint8             *payload)
{
  gsize off = sizeof (TltraceTableHead), len = header->length;
  guint32 i;

  if (len < off)
    {
      reader->bad_records += MAX (header->count, 1);
      return;
    }
  for (i = 0; i < header->count; i++)
    {
      guint32 head[2];
      guint32 path;

      if (len - off < sizeof head)
        break;
      memcpy (head, payload + off, sizeof head);
      off += sizeof head;
      if (len - off < head[1])
        break;
      path = xlate (&reader->strings, head[0]);
      if (path != TL_INDEX_NONE)
        {
          g_autoptr(GBytes) text = g_bytes_new (payload + off, head[1]);

          tl_trace_model_add_source (reader->model, path, text, NULL);
        }
      else
        {
          reader->bad_records++;
        }
      off += MIN (((gsize) head[1] + 3) & ~(gsize) 3, len - off);
    }
  reader->bad_records += header->count - i;
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
    case TLTRACE_CHUNK_LINES:
      read_lines (reader, header, payload);
      break;
    case TLTRACE_CHUNK_SOURCES:
      read_sources (reader, header, payload);
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
