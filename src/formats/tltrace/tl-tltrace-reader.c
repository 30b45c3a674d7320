/* tl-tltrace-reader.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading a .tltrace: the file is mapped, its chunks checked one by one
 * and handed to the model: event chunks replay through the same derivation
 * as a live run, item chunks (tl-tltrace-items.c) rebuild a saved model.
 *
 * Nothing in the file is trusted.  A chunk whose header or payload fails
 * its checksum is skipped and the reader resynchronises on the next
 * header that checks out; what was lost is reported once, as a warning on
 * the model in the TL_FORMAT_ERROR domain.  Only a file with nothing
 * usable in it fails.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tl-tltrace-private.h"

/* Progress is reported at most this often (in bytes read). */
#define PROGRESS_STEP (8u * 1024u * 1024u)
/* Mapped pages already read are given back this often. */
#define RELEASE_STEP (32u * 1024u * 1024u)

static const char *
records_noun (guint16 type)
{
  switch ((TltraceChunkType) type)
    {
    case TLTRACE_CHUNK_EVENTS:
      return "events";
    case TLTRACE_CHUNK_STRINGS:
      return "strings";
    case TLTRACE_CHUNK_PROCESSES:
      return "processes";
    case TLTRACE_CHUNK_OBJECTS:
      return "objects";
    case TLTRACE_CHUNK_LANES:
      return "lanes";
    case TLTRACE_CHUNK_SPANS:
      return "spans";
    case TLTRACE_CHUNK_INSTANTS:
      return "instants";
    case TLTRACE_CHUNK_FLOWS:
      return "flows";
    case TLTRACE_CHUNK_SAMPLES:
      return "counter samples";
    case TLTRACE_CHUNK_METADATA:
      return "metadata entries";
    case TLTRACE_CHUNK_END:
    case TLTRACE_CHUNK_LOSS:
    case TLTRACE_CHUNK_SUMMARY:
    default:
      return "records";
    }
}

/* A fuzzer cannot forge checksums: in a fuzzing build (the libFuzzer
 * convention's macro) they are computed but not enforced, so that mutated
 * contents reach the parsers behind them. */
static inline gboolean
checksum_ok (guint64 computed,
             guint64 stored)
{
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
  (void) computed;
  (void) stored;
  return TRUE;
#else
  return computed == stored;
#endif
}

static void
note_damage (TltraceReader *reader,
             gsize          offset,
             gsize          bytes,
             guint16        type,
             gint64         count)
{
  if (reader->n_damaged == 0)
    {
      reader->first_damage = offset;
      reader->first_damage_type = type;
      reader->first_damage_count = count;
      reader->first_damage_bytes = bytes;
    }
  reader->n_damaged++;
  if (count > 0 && type == TLTRACE_CHUNK_EVENTS)
    reader->damaged_events += (guint64) count;
}

static gboolean
chunk_header_ok (const guint8       *data,
                 gsize               len,
                 gsize               offset,
                 TltraceChunkHeader *header)
{
  if (len - offset < sizeof *header)
    return FALSE;
  memcpy (header, data + offset, sizeof *header);
  return header->magic == TLTRACE_CHUNK_MAGIC &&
         checksum_ok (_tl_tltrace_header_checksum (header), header->header_checksum) &&
         header->length <= TLTRACE_CHUNK_MAX;
}

/* The next offset after @from where a chunk header checks out, or @len.
 * Byte by byte: damage may have added or removed bytes. */
static gsize
resync (const guint8 *data,
        gsize         len,
        gsize         from)
{
  static const guint32 magic = TLTRACE_CHUNK_MAGIC;
  TltraceChunkHeader header;

  while (from + sizeof header <= len)
    {
      const guint8 *hit = memmem (data + from, len - from, &magic, sizeof magic);

      if (hit == NULL)
        break;
      from = (gsize) (hit - data);
      if (chunk_header_ok (data, len, from, &header))
        return from;
      from++;
    }
  return len;
}

/* ---- events --------------------------------------------------------------- */

static void
read_events (TltraceReader            *reader,
             const TltraceChunkHeader *header,
             const guint8             *payload)
{
  const guint8 *p = payload;
  const guint8 *end = payload + header->length;
  TlModelEvent event = { 0 };
  guint32 n = 0;

  while ((gsize) (end - p) >= sizeof (TltraceEvent))
    {
      TltraceEvent record;

      memcpy (&record, p, sizeof record);
      p += sizeof record;

      event.ts = record.ts;
      event.pid = record.pid;
      event.tid = record.tid;
      event.object = record.object;
      event.arg = record.arg;
      event.kind = record.kind;
      event.role = record.role;
      event.flags = record.flags;
      event.aux = record.aux;
      event.text = NULL;
      event.text_len = 0;
      if (record.kind == TL_EVENT_NAME && record.aux > 0)
        {
          /* Intact by checksum, yet inconsistent (a writer's bug): the
           * rest of the chunk is counted as unusable below. */
          if (record.aux > (gsize) (end - p))
            break;
          event.text = (const char *) p;
          event.text_len = record.aux;
          p += MIN (TLTRACE_ALIGN8 (record.aux), (gsize) (end - p));
        }
      tl_trace_model_add_event (reader->model, &event);
      n++;
    }
  reader->n_events += n;
  if (n < header->count)
    reader->bad_records += header->count - n;
}

/* ---- small chunks ------------------------------------------------------------ */

static gboolean
read_end (TltraceReader            *reader,
          const TltraceChunkHeader *header,
          const guint8             *payload)
{
  if (header->length != sizeof (TltraceEnd))
    return FALSE;
  memcpy (&reader->end, payload, sizeof reader->end);
  reader->has_end = TRUE;
  return TRUE;
}

static gboolean
read_loss (TltraceReader            *reader,
           const TltraceChunkHeader *header,
           const guint8             *payload)
{
  TltraceLoss loss;

  if (header->length != sizeof loss)
    return FALSE;
  memcpy (&loss, payload, sizeof loss);
  tl_trace_model_add_loss (reader->model, loss.dropped, loss.torn, loss.corrupt);
  return TRUE;
}

static gboolean
read_summary (TltraceReader            *reader,
              const TltraceChunkHeader *header,
              const guint8             *payload)
{
  guint32 n_kinds;

  if (header->length < 8)
    return FALSE;
  memcpy (&n_kinds, payload, sizeof n_kinds);
  if ((header->length - 8) / 8 != n_kinds || (header->length - 8) % 8 != 0)
    return FALSE;
  for (guint32 i = 0; i < n_kinds; i++)
    {
      guint64 count;

      memcpy (&count, payload + 8 + 8 * (gsize) i, sizeof count);
      if (count > 0)
        tl_trace_model_add_event_count (reader->model, (TlEventKind) i, count);
    }
  return TRUE;
}

/* A string of the file, as valid UTF-8. */
static char *
dup_text (const guint8 *p,
          gsize         len)
{
  return g_utf8_make_valid ((const char *) p, (gssize) len);
}

static gboolean
read_metadata (TltraceReader            *reader,
               const TltraceChunkHeader *header,
               const guint8             *payload)
{
  gsize off = 0, len = header->length;

  for (guint32 i = 0; i < header->count; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      guint32 lens[2];
      gsize klen, vlen;

      if (len - off < sizeof lens)
        return FALSE;
      memcpy (lens, payload + off, sizeof lens);
      off += sizeof lens;
      klen = ((gsize) lens[0] + 3) & ~(gsize) 3;
      vlen = ((gsize) lens[1] + 3) & ~(gsize) 3;
      if (len - off < klen || len - off - klen < vlen)
        return FALSE;
      key = dup_text (payload + off, lens[0]);
      value = dup_text (payload + off + klen, lens[1]);
      off += klen + vlen;
      tl_trace_model_set_metadata (reader->model, key, value);
    }
  return off == len;
}

static void
read_chunk (TltraceReader            *reader,
            const TltraceChunkHeader *header,
            const guint8             *payload)
{
  gboolean ok = TRUE;

  switch ((TltraceChunkType) header->type)
    {
    case TLTRACE_CHUNK_EVENTS:
      read_events (reader, header, payload);
      reader->n_usable++;
      return;
    case TLTRACE_CHUNK_END:
      ok = read_end (reader, header, payload);
      break;
    case TLTRACE_CHUNK_METADATA:
      ok = read_metadata (reader, header, payload);
      break;
    case TLTRACE_CHUNK_LOSS:
      ok = read_loss (reader, header, payload);
      break;
    case TLTRACE_CHUNK_SUMMARY:
      ok = read_summary (reader, header, payload);
      break;
    case TLTRACE_CHUNK_STRINGS:
    case TLTRACE_CHUNK_PROCESSES:
    case TLTRACE_CHUNK_OBJECTS:
    case TLTRACE_CHUNK_LANES:
    case TLTRACE_CHUNK_SPANS:
    case TLTRACE_CHUNK_INSTANTS:
    case TLTRACE_CHUNK_FLOWS:
    case TLTRACE_CHUNK_SAMPLES:
      _tl_tltrace_read_items (reader, header, payload);
      reader->n_usable++;
      return;
    default:
      /* A newer minor version's addition: nothing we need. */
      g_debug ("Skipping a chunk of unknown type %u", header->type);
      return;
    }
  if (!ok)
    reader->bad_records += MAX (header->count, 1);
}

/* ---- the file ------------------------------------------------------------------ */

static gboolean
read_file_header (TltraceReader  *reader,
                  gsize          *chunks_start,
                  GError        **error)
{
  TltraceFileHeader header;

  if (reader->len < TLTRACE_MAGIC_LEN - 1 ||
      memcmp (reader->data, TLTRACE_MAGIC, TLTRACE_MAGIC_LEN - 1) != 0)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNKNOWN_FORMAT,
                   "This is not a Threadline trace (.tltrace)");
      return FALSE;
    }
  if (reader->len < sizeof header)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED,
                   "The file is cut off inside its header (%" G_GSIZE_FORMAT " bytes)",
                   reader->len);
      return FALSE;
    }
  memcpy (&header, reader->data, sizeof header);

  if (!checksum_ok (_tl_tltrace_header_checksum (&header), header.checksum))
    {
      /* Trust nothing in it; chunks carry their own checks. */
      reader->header_damaged = TRUE;
      *chunks_start = sizeof header;
      return TRUE;
    }
  if (header.byte_order != TLTRACE_BYTE_ORDER)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNSUPPORTED_VERSION,
                   "This trace was written in a byte order this computer does not use");
      return FALSE;
    }
  if (header.version_major > TLTRACE_VERSION_MAJOR)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNSUPPORTED_VERSION,
                   "This trace is in .tltrace format version %u.%u, written by a newer "
                   "Threadline; this version reads version %u",
                   header.version_major, header.version_minor, TLTRACE_VERSION_MAJOR);
      return FALSE;
    }
  if (header.version_major == 0 || header.header_size < sizeof header ||
      header.header_size % 8 != 0 || header.header_size > reader->len)
    {
      reader->header_damaged = TRUE;
      *chunks_start = sizeof header;
      return TRUE;
    }
  reader->clock = header.clock;
  *chunks_start = header.header_size;
  return TRUE;
}

/* One warning per kind of loss: the model keeps one message per code. */
static void
report (TltraceReader *reader)
{
  TlTraceModel *model = reader->model;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint64 missing = reader->damaged_events;

  /* The end marker knows how many events were written: what is not here
   * was lost, whether its chunk header survived or not. */
  if (reader->has_end && reader->end.n_events > reader->n_events)
    missing = MAX (missing, reader->end.n_events - reader->n_events);

  if (reader->header_damaged)
    g_ptr_array_add (parts, g_strdup ("the file's header is damaged"));
  if (reader->n_damaged == 1 && reader->first_damage_count >= 0)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GINT64_FORMAT " %s after offset %"
                                             G_GSIZE_FORMAT " are damaged",
                                             reader->first_damage_count,
                                             records_noun (reader->first_damage_type),
                                             reader->first_damage));
  else if (reader->n_damaged == 1 && missing > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GUINT64_FORMAT " events after offset %"
                                             G_GSIZE_FORMAT " are damaged",
                                             missing, reader->first_damage));
  else if (reader->n_damaged == 1)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GSIZE_FORMAT " bytes after offset %"
                                             G_GSIZE_FORMAT " are damaged",
                                             reader->first_damage_bytes, reader->first_damage));
  else if (reader->n_damaged > 1 && missing > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GUINT64_FORMAT " events in %u damaged parts "
                                             "were skipped, the first after offset %"
                                             G_GSIZE_FORMAT,
                                             missing, reader->n_damaged, reader->first_damage));
  else if (reader->n_damaged > 1)
    g_ptr_array_add (parts, g_strdup_printf ("%u damaged parts were skipped, the first after "
                                             "offset %" G_GSIZE_FORMAT,
                                             reader->n_damaged, reader->first_damage));
  if (reader->bad_records > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%" G_GUINT64_FORMAT " records of intact chunks "
                                             "could not be used", reader->bad_records));
  if (parts->len > 0)
    {
      g_autofree char *message = NULL;

      g_ptr_array_add (parts, NULL);
      message = g_strjoinv ("; ", (char **) parts->pdata);
      message[0] = g_ascii_toupper (message[0]);
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT, TL_TS_NONE,
                                  "%s", message);
    }

  if (reader->truncated_at != G_MAXSIZE)
    {
      if (reader->truncated_count > 0)
        tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                    "The file is cut off: %u %s after offset %" G_GSIZE_FORMAT
                                    " are missing",
                                    reader->truncated_count,
                                    records_noun (reader->truncated_type),
                                    reader->truncated_at);
      else
        tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                    "The file is cut off after offset %" G_GSIZE_FORMAT,
                                    reader->truncated_at);
      if (reader->truncated_type == TLTRACE_CHUNK_EVENTS)
        missing += reader->truncated_count;
    }
  else if (!reader->has_end)
    {
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                  "The recording was cut off: the file has no end marker");
    }

  if (missing > 0)
    tl_trace_model_add_loss (model, 0, 0, missing);
}

/* @mapped: @data is a read-only mapping of a file, whose pages we may
 * give back once read. */
static TlTraceModel *
load_buffer (const guint8          *data,
             gsize                  len,
             gboolean               mapped,
             guint64                max_events,
             TlFormatProgressFunc   progress,
             gpointer               user_data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TltraceReader reader = { 0 };
  gsize offset = 0, next_progress = 0, released = 0;

  reader.model = model;
  reader.data = data;
  reader.len = len;
  reader.truncated_at = G_MAXSIZE;
  reader.max_events = max_events;

  if (!read_file_header (&reader, &offset, error))
    return NULL;

  _tl_tltrace_items_init (&reader);
  while (offset < len && reader.n_events < reader.max_events)
    {
      TltraceChunkHeader header;
      gsize next;

      if (offset >= next_progress)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              _tl_tltrace_items_clear (&reader);
              return NULL;
            }
          if (progress != NULL)
            progress ((double) offset / (double) len, user_data);
          next_progress = offset + PROGRESS_STEP;
          /* The pages read so far leave our resident set (they stay in the
           * page cache): loading then peaks at the model plus a few MiB,
           * not the model plus the file. */
          if (mapped && offset - released >= RELEASE_STEP)
            {
              gsize page = (gsize) sysconf (_SC_PAGESIZE);
              gsize upto = (offset - RELEASE_STEP / 2) & ~(page - 1);

              if (upto > released)
                madvise ((void *) (data + released), upto - released, MADV_DONTNEED);
              released = upto;
            }
        }

      if (!chunk_header_ok (data, len, offset, &header))
        {
          next = resync (data, len, offset + 1);
          if (next == len && len - offset < sizeof header)
            {
              /* A header cut off by the end of the file. */
              reader.truncated_at = offset;
              reader.truncated_type = 0;
              break;
            }
          note_damage (&reader, offset, next - offset, 0, -1);
          offset = next;
          continue;
        }

      if (header.length > len - offset - sizeof header)
        {
          /* Cut off, unless good chunks follow (a length damaged in a way
           * its checksum missed). */
          next = resync (data, len, offset + 1);
          if (next == len)
            {
              reader.truncated_at = offset;
              reader.truncated_type = header.type;
              reader.truncated_count = header.count;
              break;
            }
          note_damage (&reader, offset, next - offset, header.type, header.count);
          offset = next;
          continue;
        }

      if (!checksum_ok (_tl_tltrace_checksum (data + offset + sizeof header, header.length),
                        header.checksum))
        note_damage (&reader, offset, sizeof header + header.length, header.type, header.count);
      else
        read_chunk (&reader, &header, data + offset + sizeof header);

      /* The padding may be missing at the very end: nothing was lost. */
      offset += sizeof header + MIN (TLTRACE_ALIGN8 (header.length), len - offset - sizeof header);
    }
  _tl_tltrace_items_clear (&reader);

  if (reader.n_usable == 0 && !(reader.has_end && reader.n_damaged == 0))
    {
      if (reader.n_damaged > 0 || reader.header_damaged)
        g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT,
                     "The trace is damaged: nothing in it could be read");
      else if (reader.truncated_at != G_MAXSIZE)
        g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED,
                     "The trace is cut off before its first complete chunk");
      else
        g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY,
                     "The trace holds nothing: the recording ended before any event reached it");
      return NULL;
    }

  if (reader.clock == TLTRACE_CLOCK_MONOTONIC && tl_trace_model_get_metadata (model, "clock") == NULL)
    tl_trace_model_set_metadata (model, "clock", "monotonic");
  /* A preview's end is ours, not damage: the full load reports the file. */
  if (reader.n_events < reader.max_events)
    report (&reader);
  tl_trace_model_finish (model, TL_TS_NONE);
  if (progress != NULL)
    progress (1.0, user_data);
  return g_steal_pointer (&model);
}

TlTraceModel *
tl_tltrace_load_data (const guint8  *data,
                      gsize          len,
                      GError       **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  return load_buffer (data, len, FALSE, G_MAXUINT64, NULL, NULL, NULL, error);
}

static TlTraceModel *
load_path (const char            *path,
           guint64                max_events,
           TlFormatProgressFunc   progress,
           gpointer               user_data,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len == 0)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY, "The file is empty");
      return NULL;
    }
  /* One pass, front to back: read ahead. */
  madvise ((void *) data, len, MADV_SEQUENTIAL);
  madvise ((void *) data, len, MADV_WILLNEED);

  return load_buffer (data, len, TRUE, max_events, progress, user_data, cancellable, error);
}

TlTraceModel *
tl_tltrace_load (const char            *path,
                 TlFormatProgressFunc   progress,
                 gpointer               user_data,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return load_path (path, G_MAXUINT64, progress, user_data, cancellable, error);
}

TlTraceModel *
tl_tltrace_load_preview (const char    *path,
                         guint64        max_events,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return load_path (path, max_events, NULL, NULL, cancellable, error);
}
