/* tl-tltrace-writer.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recording to a .tltrace while the run goes on: events are stored as the
 * collector delivered them, in delivery order, so that loading replays
 * them through the model's derivation exactly as live.  They gather in a
 * chunk that goes to the file when it is full or on flush; a recording
 * cut off at any moment loads up to its last complete chunk.
 *
 * The file is written as ".NAME.XXXXXX" beside NAME and renamed when the
 * writer closes (or is freed), so a file already called NAME stays whole
 * until then.  A recorder killed outright leaves the temporary file: the
 * recording so far, cut off.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <string.h>

#include "tl-tltrace-private.h"

struct _TlTltraceWriter
{
  TltraceOut *out;
  GByteArray *chunk;        /* the events chunk being filled */
  guint32     chunk_events;
  guint64     n_events;
  gint64      last_ts;
  GHashTable *metadata;     /* set since the last flush: key -> value */
  TltraceLoss loss;         /* added since the last flush */
  gboolean    closed;
};

TlTltraceWriter *
tl_tltrace_writer_new (const char  *path,
                       GError     **error)
{
  TlTltraceWriter *writer;
  TltraceOut *out;

  g_return_val_if_fail (path != NULL, NULL);

  /* Never in place: a file of the same name (which a window may be
   * loading) stays whole until the recording replaces it. */
  out = _tl_tltrace_out_new (path, TL_FORMAT_OUTPUT_KEEP_IF_KILLED, TLTRACE_CLOCK_MONOTONIC, error);
  if (out == NULL)
    return NULL;

  writer = g_new0 (TlTltraceWriter, 1);
  writer->out = out;
  writer->chunk = g_byte_array_sized_new (TLTRACE_CHUNK_TARGET + sizeof (TltraceEvent));
  writer->last_ts = TL_TS_NONE;
  writer->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return writer;
}

static gboolean
emit_events (TlTltraceWriter  *writer,
             GError          **error)
{
  gboolean ok;

  if (writer->chunk->len == 0)
    return TRUE;
  ok = _tl_tltrace_out_chunk (writer->out, TLTRACE_CHUNK_EVENTS, writer->chunk_events,
                              writer->chunk->data, writer->chunk->len, error);
  g_byte_array_set_size (writer->chunk, 0);
  writer->chunk_events = 0;
  return ok;
}

gboolean
tl_tltrace_writer_add_event (TlTltraceWriter     *writer,
                             const TlModelEvent  *event,
                             GError             **error)
{
  static const guint8 zeros[8] = { 0 };
  TltraceEvent record;
  guint32 text_len = 0;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (!writer->closed, FALSE);

  if (event->kind == TL_EVENT_NAME && event->text != NULL)
    text_len = MIN (event->text_len, TLTRACE_CHUNK_TARGET);

  /* A full chunk goes out before this event, so that a NAME record and
   * its text always share a chunk. */
  if (writer->chunk->len > 0 &&
      writer->chunk->len + sizeof record + TLTRACE_ALIGN8 (text_len) > TLTRACE_CHUNK_TARGET &&
      !emit_events (writer, error))
    return FALSE;

  record.ts = event->ts;
  record.object = event->object;
  record.arg = event->arg;
  record.kind = event->kind;
  record.role = event->role;
  record.flags = event->flags;
  /* A NAME's aux is its text's length (tl-event.h); the file relies on it. */
  record.aux = event->kind == TL_EVENT_NAME ? text_len : event->aux;
  record.pid = event->pid;
  record.tid = event->tid;
  g_byte_array_append (writer->chunk, (const guint8 *) &record, sizeof record);
  if (text_len > 0)
    {
      g_byte_array_append (writer->chunk, (const guint8 *) event->text, text_len);
      g_byte_array_append (writer->chunk, zeros, (guint) (TLTRACE_ALIGN8 (text_len) - text_len));
    }
  writer->chunk_events++;
  writer->n_events++;
  writer->last_ts = event->ts;

  if (writer->chunk->len >= TLTRACE_CHUNK_TARGET)
    return emit_events (writer, error);
  return TRUE;
}

void
tl_tltrace_writer_set_metadata (TlTltraceWriter *writer,
                                const char      *key,
                                const char      *value)
{
  g_return_if_fail (writer != NULL);
  g_return_if_fail (key != NULL);

  g_hash_table_insert (writer->metadata, g_strdup (key), g_strdup (value != NULL ? value : ""));
}

void
tl_tltrace_writer_add_loss (TlTltraceWriter *writer,
                            guint64          dropped,
                            guint64          torn,
                            guint64          corrupt)
{
  g_return_if_fail (writer != NULL);

  writer->loss.dropped += dropped;
  writer->loss.torn += torn;
  writer->loss.corrupt += corrupt;
}

static void
append_padded (GByteArray *buffer,
               const char *str,
               gsize       len)
{
  static const guint8 zeros[4] = { 0 };

  g_byte_array_append (buffer, (const guint8 *) str, (guint) len);
  g_byte_array_append (buffer, zeros, (guint) (((len + 3) & ~(gsize) 3) - len));
}

GByteArray *
_tl_tltrace_metadata_payload (const char * const *keys,
                              const char * const *values,
                              guint               n)
{
  GByteArray *payload = g_byte_array_new ();

  for (guint i = 0; i < n; i++)
    {
      guint32 lens[2] = { (guint32) strlen (keys[i]), (guint32) strlen (values[i]) };

      g_byte_array_append (payload, (const guint8 *) lens, sizeof lens);
      append_padded (payload, keys[i], lens[0]);
      append_padded (payload, values[i], lens[1]);
    }
  return payload;
}

static gboolean
emit_metadata (TlTltraceWriter  *writer,
               GError          **error)
{
  g_autoptr(GByteArray) payload = NULL;
  g_autofree const char **keys = NULL;
  g_autofree const char **values = NULL;
  guint n = g_hash_table_size (writer->metadata);
  GHashTableIter iter;
  gpointer key, value;
  guint i = 0;

  if (n == 0)
    return TRUE;
  keys = g_new (const char *, n);
  values = g_new (const char *, n);
  g_hash_table_iter_init (&iter, writer->metadata);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      keys[i] = key;
      values[i] = value;
      i++;
    }
  payload = _tl_tltrace_metadata_payload (keys, values, n);
  g_hash_table_remove_all (writer->metadata);
  return _tl_tltrace_out_chunk (writer->out, TLTRACE_CHUNK_METADATA, n,
                                payload->data, payload->len, error);
}

static gboolean
emit_loss (TlTltraceWriter  *writer,
           GError          **error)
{
  TltraceLoss loss = writer->loss;

  if (loss.dropped == 0 && loss.torn == 0 && loss.corrupt == 0)
    return TRUE;
  memset (&writer->loss, 0, sizeof writer->loss);
  return _tl_tltrace_out_chunk (writer->out, TLTRACE_CHUNK_LOSS, 1, &loss, sizeof loss, error);
}

gboolean
tl_tltrace_writer_flush (TlTltraceWriter  *writer,
                         GError          **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (!writer->closed, FALSE);

  return emit_events (writer, error) &&
         emit_metadata (writer, error) &&
         emit_loss (writer, error) &&
         _tl_tltrace_out_flush (writer->out, error);
}

gboolean
tl_tltrace_writer_close (TlTltraceWriter  *writer,
                         GError          **error)
{
  TltraceEnd end = { 0 };
  gboolean ok;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (!writer->closed, FALSE);

  end.n_events = writer->n_events;
  end.last_ts = writer->last_ts;
  ok = emit_events (writer, error) &&
       emit_metadata (writer, error) &&
       emit_loss (writer, error) &&
       _tl_tltrace_out_chunk (writer->out, TLTRACE_CHUNK_END, 1, &end, sizeof end, error) &&
       _tl_tltrace_out_commit (writer->out, error);
  /* A failed recording leaves the destination as it was. */
  g_clear_pointer (&writer->out, _tl_tltrace_out_free);
  writer->closed = TRUE;
  return ok;
}

guint64
tl_tltrace_writer_get_n_events (TlTltraceWriter *writer)
{
  g_return_val_if_fail (writer != NULL, 0);
  return writer->n_events;
}

void
tl_tltrace_writer_free (TlTltraceWriter *writer)
{
  if (writer == NULL)
    return;
  /* Not closed: keep what was recorded, without the end marker, as a
   * recording that was cut off; unless a write failed, which leaves the
   * destination as it was. */
  if (!writer->closed && !_tl_tltrace_out_failed (writer->out) &&
      emit_events (writer, NULL) && emit_metadata (writer, NULL) && emit_loss (writer, NULL))
    _tl_tltrace_out_commit (writer->out, NULL);
  g_clear_pointer (&writer->out, _tl_tltrace_out_free);
  g_byte_array_unref (writer->chunk);
  g_hash_table_unref (writer->metadata);
  g_free (writer);
}
