/* tl-tltrace-save.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving a whole model as item chunks: strings, processes, objects and
 * lanes as tables, then every lane's spans, instants and counter samples,
 * the flows, the metadata, the loss and the runtime event counts.  Any
 * model round-trips, whatever it came from (a recording, Chrome JSON).
 *
 * The file is written under another name beside the target and renamed
 * at the end (TlFormatOutput), so the target is either the complete new
 * file or untouched.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <string.h>

#include "tl-bookmarks.h"
#include "tl-tltrace-private.h"
#include "tl-trace-model-code.h"

/* Records gather in a chunk that goes out when full.  Each chunk opens
 * with an 8-byte head: a table's first index, or the lane. */
typedef struct
{
  TltraceOut   *out;
  GCancellable *cancellable;
  GByteArray   *buffer;
  guint16       type;
  gboolean      per_lane;
  guint32       lane;
  guint32       next_index;   /* tables: the file index of the next record */
  guint32       count;        /* records in the chunk being filled */
  /* Progress, in records written of all. */
  TlFormatProgressFunc progress;
  gpointer      user_data;
  guint64       done;
  guint64       total;
} Batch;

static void
batch_open (Batch   *batch,
            guint16  type,
            gboolean per_lane,
            guint32  lane)
{
  batch->type = type;
  batch->per_lane = per_lane;
  batch->lane = lane;
  batch->next_index = 0;
  batch->count = 0;
  g_byte_array_set_size (batch->buffer, 0);
}

static gboolean
batch_emit (Batch   *batch,
            GError **error)
{
  TltraceTableHead head = { 0 };
  gboolean ok;

  if (batch->count == 0)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (batch->cancellable, error))
    return FALSE;

  /* The head sits in the first 8 bytes, reserved by batch_add. */
  head.first = batch->per_lane ? batch->lane : batch->next_index;
  memcpy (batch->buffer->data, &head, sizeof head);
  ok = _tl_tltrace_out_chunk (batch->out, batch->type, batch->count,
                              batch->buffer->data, batch->buffer->len, error);
  batch->next_index += batch->count;
  batch->done += batch->count;
  batch->count = 0;
  if (batch->progress != NULL && batch->total > 0)
    batch->progress (MIN (1.0, (double) batch->done / (double) batch->total), batch->user_data);
  g_byte_array_set_size (batch->buffer, 0);
  return ok;
}

static gboolean
batch_add (Batch       *batch,
           const void  *record,
           gsize        size,
           GError     **error)
{
  static const guint8 zeros[8] = { 0 };

  if (batch->buffer->len == 0)
    g_byte_array_append (batch->buffer, zeros, 8);
  g_byte_array_append (batch->buffer, record, (guint) size);
  batch->count++;
  if (batch->buffer->len >= TLTRACE_CHUNK_TARGET)
    return batch_emit (batch, error);
  return TRUE;
}

static gboolean
write_strings (Batch         *batch,
               TlTraceModel  *model,
               GError       **error)
{
  static const guint8 zeros[4] = { 0 };
  g_autoptr(GByteArray) record = g_byte_array_new ();
  guint n = tl_trace_model_get_n_strings (model);

  batch_open (batch, TLTRACE_CHUNK_STRINGS, FALSE, 0);
  for (guint i = 0; i < n; i++)
    {
      const char *str = tl_trace_model_get_string (model, i);
      guint32 len = (guint32) MIN (strlen (str), TLTRACE_CHUNK_TARGET);

      g_byte_array_set_size (record, 0);
      g_byte_array_append (record, (const guint8 *) &len, sizeof len);
      g_byte_array_append (record, (const guint8 *) str, len);
      g_byte_array_append (record, zeros, ((len + 3) & ~3u) - len);
      if (!batch_add (batch, record->data, record->len, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
write_processes (Batch         *batch,
                 TlTraceModel  *model,
                 GError       **error)
{
  batch_open (batch, TLTRACE_CHUNK_PROCESSES, FALSE, 0);
  for (guint i = 0; i < tl_trace_model_get_n_processes (model); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (model, i);
      TltraceProcess r = { 0 };

      r.pid = p->pid;
      r.parent_pid = p->parent_pid;
      r.name = p->name;
      r.sort_index = p->sort_index;
      r.start_ts = p->start_ts;
      r.exit_ts = p->exit_ts;
      r.exit_status = p->exit_status;
      r.flags = (p->exited ? TLTRACE_PROCESS_EXITED : 0) |
                (p->signaled ? TLTRACE_PROCESS_SIGNALED : 0) |
                (p->machinery ? TLTRACE_PROCESS_MACHINERY : 0) |
                (p->stopped ? TLTRACE_PROCESS_STOPPED : 0);
      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
write_objects (Batch         *batch,
               TlTraceModel  *model,
               GError       **error)
{
  batch_open (batch, TLTRACE_CHUNK_OBJECTS, FALSE, 0);
  for (guint i = 0; i < tl_trace_model_get_n_objects (model); i++)
    {
      const TlObject *o = tl_trace_model_get_object (model, i);
      TltraceObject r = { 0 };

      r.id = o->id;
      r.name = o->name;
      r.role = o->role;
      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
write_lanes (Batch         *batch,
             TlTraceModel  *model,
             GError       **error)
{
  batch_open (batch, TLTRACE_CHUNK_LANES, FALSE, 0);
  for (guint i = 0; i < tl_trace_model_get_n_lanes (model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      TltraceLane r = { 0 };

      r.key = tl_lane_get_key (lane);
      r.pid = tl_lane_get_pid (lane);
      r.name = tl_lane_get_name (lane);
      r.sort_index = tl_lane_get_sort_index (lane);
      r.object = tl_lane_get_object (lane);
      r.kind = tl_lane_get_kind (lane);
      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
add_span (Batch         *batch,
          const TlSpan  *span,
          gint64         end,
          guint8         extra_flags,
          GError       **error)
{
  TltraceSpan r;

  r.start = span->start;
  r.end = end;
  r.arg = span->arg;
  r.arg2 = span->arg2;
  r.ref = span->ref;
  r.kind = span->kind;
  r.flags = span->flags | extra_flags;
  r.reserved = 0;
  return batch_add (batch, &r, sizeof r, error);
}

static gboolean
write_lane_items (Batch         *batch,
                  TlTraceModel  *model,
                  guint32        index,
                  gint64         model_end,
                  GError       **error)
{
  TlLane *lane = tl_trace_model_get_lane (model, index);
  const TlInstant *instants;
  const TlCounterSample *samples;
  const TlLineMark *marks;
  guint n;

  batch_open (batch, TLTRACE_CHUNK_SPANS, TRUE, index);
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        if (!add_span (batch, &spans[i], spans[i].end, 0, error))
          return FALSE;
    }
  /* A live model saved mid-run: what is open ends where the model does,
   * as finishing it would. */
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint track;
      const TlSpan *open = tl_lane_get_open (lane, i, &track);
      gint64 end = MAX (model_end, tl_lane_get_last_ts (lane));

      if (end > open->start && !add_span (batch, open, end, TL_SPAN_FLAG_UNCLOSED, error))
        return FALSE;
    }
  if (!batch_emit (batch, error))
    return FALSE;

  batch_open (batch, TLTRACE_CHUNK_INSTANTS, TRUE, index);
  instants = tl_lane_get_instants (lane, &n);
  for (guint i = 0; i < n; i++)
    {
      TltraceInstant r;

      r.ts = instants[i].ts;
      r.arg = instants[i].arg;
      r.ref = instants[i].ref;
      r.kind = instants[i].kind;
      r.role = instants[i].role;
      r.flags = instants[i].flags;
      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  if (!batch_emit (batch, error))
    return FALSE;

  batch_open (batch, TLTRACE_CHUNK_SAMPLES, TRUE, index);
  samples = tl_lane_get_samples (lane, &n);
  for (guint i = 0; i < n; i++)
    {
      TltraceSample r = { samples[i].ts, samples[i].value };

      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  if (!batch_emit (batch, error))
    return FALSE;

  batch_open (batch, TLTRACE_CHUNK_LINES, TRUE, index);
  marks = tl_trace_model_get_line_marks (model, index, &n);
  for (guint i = 0; i < n; i++)
    {
      TltraceLine r = { marks[i].ts, marks[i].line, 0 };

      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
write_flows (Batch         *batch,
             TlTraceModel  *model,
             GError       **error)
{
  guint n;
  const TlFlow *flows = tl_trace_model_get_flows (model, &n);

  batch_open (batch, TLTRACE_CHUNK_FLOWS, FALSE, 0);
  for (guint i = 0; i < n; i++)
    {
      TltraceFlow r = { 0 };

      r.from_ts = flows[i].from_ts;
      r.to_ts = flows[i].to_ts;
      r.id = flows[i].id;
      r.from_lane = flows[i].from_lane;
      r.to_lane = flows[i].to_lane;
      r.ref = flows[i].ref;
      r.kind = flows[i].kind;
      if (!batch_add (batch, &r, sizeof r, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
write_metadata (TltraceOut    *out,
                TlTraceModel  *model,
                GError       **error)
{
  g_autofree const char **keys = tl_trace_model_list_metadata (model);
  g_autofree const char **values = NULL;
  g_autoptr(GByteArray) payload = NULL;
  guint n = keys != NULL ? g_strv_length ((char **) keys) : 0;

  if (n == 0)
    return TRUE;
  values = g_new (const char *, n);
  for (guint i = 0; i < n; i++)
    values[i] = tl_trace_model_get_metadata (model, keys[i]);
  payload = _tl_tltrace_metadata_payload (keys, values, n);
  return _tl_tltrace_out_chunk (out, TLTRACE_CHUNK_METADATA, n, payload->data, payload->len,
                                error);
}

static gboolean
write_bookmarks (TltraceOut    *out,
                 TlTraceModel  *model,
                 GError       **error)
{
  static const guint8 zeros[8] = { 0 };
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  guint n = tl_trace_model_get_n_bookmarks (model);

  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      const TlBookmark *b = tl_trace_model_get_bookmark (model, i);
      TltraceBookmark record = { b->ts, (guint32) strlen (b->note), 0 };

      g_byte_array_append (payload, (const guint8 *) &record, sizeof record);
      g_byte_array_append (payload, (const guint8 *) b->note, record.note_len);
      g_byte_array_append (payload, zeros, (guint) (TLTRACE_ALIGN8 (record.note_len) - record.note_len));
    }
  return _tl_tltrace_out_chunk (out, TLTRACE_CHUNK_BOOKMARKS, n, payload->data, payload->len, error);
}

/* Runtime event counts, for a model that came from a recording: the
 * events themselves are not saved, their spans and instants are.  The
 * last slot counts kinds the model did not know. */
static gboolean
write_summary (TltraceOut    *out,
               TlTraceModel  *model,
               GError       **error)
{
  guint64 payload[1 + TL_EVENT_N_KINDS + 1] = { 0 };
  guint32 n_kinds = TL_EVENT_N_KINDS + 1;
  guint64 total = tl_trace_model_get_n_events (model);
  guint64 counted = 0;

  if (total == 0)
    return TRUE;
  memcpy (&payload[0], &n_kinds, sizeof n_kinds);
  for (guint k = 0; k < TL_EVENT_N_KINDS; k++)
    {
      payload[1 + k] = tl_trace_model_get_event_count (model, (TlEventKind) k);
      counted += payload[1 + k];
    }
  payload[1 + TL_EVENT_N_KINDS] = total - counted;
  return _tl_tltrace_out_chunk (out, TLTRACE_CHUNK_SUMMARY, n_kinds, payload, sizeof payload,
                                error);
}

/* The source of the traced files: {u32 path (a string), u32 len, text}
 * each, the text padded to 4.  A text too big for a chunk is left out. */
static gboolean
write_sources (Batch         *batch,
               TlTraceModel  *model,
               GError       **error)
{
  static const guint8 zeros[4] = { 0 };
  g_autoptr(GByteArray) record = g_byte_array_new ();

  batch_open (batch, TLTRACE_CHUNK_SOURCES, FALSE, 0);
  for (guint i = 0; i < tl_trace_model_get_n_sources (model); i++)
    {
      guint32 head[2] = { tl_trace_model_get_source_path (model, i), 0 };
      gsize len = 0;
      const char *text = tl_trace_model_get_source_text (model, i, &len);

      if (text == NULL || len > TLTRACE_CHUNK_MAX - 64)
        continue;
      head[1] = (guint32) len;
      g_byte_array_set_size (record, 0);
      g_byte_array_append (record, (const guint8 *) head, sizeof head);
      g_byte_array_append (record, (const guint8 *) text, (guint) len);
      g_byte_array_append (record, zeros, ((head[1] + 3) & ~3u) - head[1]);
      /* A big one goes out on its own, not with what came before it. */
      if (batch->buffer->len + record->len > TLTRACE_CHUNK_TARGET && !batch_emit (batch, error))
        return FALSE;
      if (!batch_add (batch, record->data, record->len, error))
        return FALSE;
    }
  return batch_emit (batch, error);
}

static gboolean
write_model (TltraceOut            *out,
             TlTraceModel          *model,
             TlFormatProgressFunc   progress,
             gpointer               user_data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (TLTRACE_CHUNK_TARGET + 64);
  Batch batch = { out, cancellable, buffer, 0, FALSE, 0, 0, 0, progress, user_data, 0, 0 };
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  guint n_flows;
  TltraceLoss loss = { 0 };
  TltraceEnd end = { 0, TL_TS_NONE };
  gint64 start, model_end = TL_TS_NONE;

  if (tl_trace_model_get_time_range (model, &start, &model_end))
    end.last_ts = model_end;

  tl_trace_model_get_flows (model, &n_flows);
  batch.total = (guint64) tl_trace_model_get_n_strings (model) + tl_trace_model_get_n_processes (model) +
                tl_trace_model_get_n_objects (model) + n_lanes + n_flows;
  for (guint i = 0; i < n_lanes; i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      guint n;

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          tl_lane_get_spans (lane, t, &n);
          batch.total += n;
        }
      tl_lane_get_instants (lane, &n);
      batch.total += n;
      tl_lane_get_samples (lane, &n);
      batch.total += n;
      tl_trace_model_get_line_marks (model, i, &n);
      batch.total += n;
    }

  if (!write_strings (&batch, model, error) ||
      !write_processes (&batch, model, error) ||
      !write_objects (&batch, model, error) ||
      !write_lanes (&batch, model, error))
    return FALSE;
  for (guint i = 0; i < n_lanes; i++)
    if (!write_lane_items (&batch, model, i, model_end, error))
      return FALSE;
  if (!write_flows (&batch, model, error) ||
      !write_sources (&batch, model, error) ||
      !write_metadata (out, model, error) ||
      !write_bookmarks (out, model, error) ||
      !write_summary (out, model, error))
    return FALSE;

  tl_trace_model_get_loss (model, &loss.dropped, &loss.torn, &loss.corrupt);
  if ((loss.dropped | loss.torn | loss.corrupt) != 0 &&
      !_tl_tltrace_out_chunk (out, TLTRACE_CHUNK_LOSS, 1, &loss, sizeof loss, error))
    return FALSE;
  return _tl_tltrace_out_chunk (out, TLTRACE_CHUNK_END, 1, &end, sizeof end, error);
}

gboolean
tl_tltrace_save (TlTraceModel          *model,
                 const char            *path,
                 TlFormatProgressFunc   progress,
                 gpointer               user_data,
                 GCancellable          *cancellable,
                 GError               **error)
{
  const char *clock;
  TltraceOut *out;
  gboolean ok;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  clock = tl_trace_model_get_metadata (model, "clock");
  out = _tl_tltrace_out_new (path, TL_FORMAT_OUTPUT_DEFAULT,
                             g_strcmp0 (clock, "monotonic") == 0 ? TLTRACE_CLOCK_MONOTONIC
                                                                 : TLTRACE_CLOCK_UNKNOWN,
                             error);
  if (out == NULL)
    return FALSE;

  ok = write_model (out, model, progress, user_data, cancellable, error) &&
       _tl_tltrace_out_commit (out, error);
  _tl_tltrace_out_free (out);
  if (ok && progress != NULL)
    progress (1.0, user_data);
  return ok;
}
