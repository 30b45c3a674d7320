/* tl-tltrace-reader.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading a .tltrace: the file is read front to back a window at a time,
 * its chunks checked one by one and handed to the model: event chunks
 * replay through the same derivation as a live run, item chunks
 * (tl-tltrace-items.c) rebuild a saved model.
 *
 * Read, not mapped: a mapped file that shrinks while we load it (another
 * program truncating it in place) kills the process with SIGBUS at the
 * first page past its new end, and nothing portable catches that safely
 * in a threaded program.  read () just returns fewer bytes, and the file
 * then reads as one cut off there.  It also costs less: a window reused
 * for the whole file takes no page faults (see bench-tltrace).
 *
 * Nothing in the file is trusted.  A chunk whose header or payload fails
 * its checksum is skipped and the reader resynchronises on the next
 * header that checks out; what was lost is reported once, as a warning on
 * the model in the TL_FORMAT_ERROR domain.  Only a file with nothing
 * usable in it fails.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tl-bookmarks.h"
#include "tl-format-private.h"
#include "tl-tltrace-private.h"

/* Progress is reported at most this often (in bytes read). */
#define PROGRESS_STEP (8u * 1024u * 1024u)
/* Events between two looks at the model's size. */
#define LIMITS_STEP 128
/* A file is read this much at a time (more for a larger chunk). */
#define WINDOW_SIZE (4u * 1024u * 1024u)

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
    case TLTRACE_CHUNK_LINES:
      return "program lines";
    case TLTRACE_CHUNK_SOURCES:
      return "source files";
    case TLTRACE_CHUNK_METADATA:
      return "metadata entries";
    case TLTRACE_CHUNK_BOOKMARKS:
      return "bookmarks";
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

/* ---- the bytes -------------------------------------------------------------- */

/* Where the bytes come from: memory (tests, fuzzing), or a file read a
 * window at a time. */
typedef struct
{
  const guint8 *data;           /* memory: all of it */
  gsize         len;            /* the length known; a file's shrinks if it is cut under us */
  int           fd;             /* -1 for memory */
  guint8       *window;
  gsize         window_size;
  gsize         window_start;
  gsize         window_len;
  int           read_errno;     /* a read that failed, which ended the file early */
} TltraceSource;

static void
source_cut (TltraceSource *src,
            gsize          at)
{
  src->len = MIN (src->len, at);
}

/* Fills the window from @offset with at least @len bytes if the file has
 * them, keeping what it already holds of them. */
static void
source_fill (TltraceSource *src,
             gsize          offset,
             gsize          len)
{
  gsize want = MIN (MAX (len, (gsize) WINDOW_SIZE), src->len - offset);
  gsize have = 0;

  if (want > src->window_size)
    {
      src->window = g_realloc (src->window, want);
      src->window_size = want;
    }
  if (offset >= src->window_start && offset < src->window_start + src->window_len)
    {
      have = src->window_start + src->window_len - offset;
      memmove (src->window, src->window + (offset - src->window_start), have);
    }
  src->window_start = offset;
  while (have < want)
    {
      gssize n = pread (src->fd, src->window + have, want - have, (off_t) (offset + have));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          /* Shorter than it was (or unreadable) from here on. */
          if (n < 0)
            src->read_errno = errno;
          source_cut (src, offset + have);
          break;
        }
      have += (gsize) n;
    }
  src->window_len = have;
}

/* @len bytes at @offset, valid until the next call; NULL when the data
 * ends first. */
static const guint8 *
source_get (TltraceSource *src,
            gsize          offset,
            gsize          len)
{
  if (offset > src->len || len > src->len - offset)
    return NULL;
  if (src->fd < 0)
    return src->data + offset;
  if (offset < src->window_start || offset + len > src->window_start + src->window_len)
    {
      source_fill (src, offset, len);
      if (offset + len > src->window_start + src->window_len)
        return NULL;
    }
  return src->window + (offset - src->window_start);
}

/* Where data follows @from: holes of a sparse file are zeros, which no
 * chunk is, so a search skips them rather than read them. */
static gsize
source_next_data (TltraceSource *src,
                  gsize          from)
{
  off_t next;

  if (src->fd < 0 || from >= src->len)
    return from;
  next = lseek (src->fd, (off_t) from, SEEK_DATA);
  if (next < 0)
    return errno == ENXIO ? src->len : from;
  return MIN ((gsize) next, src->len);
}

static gboolean
chunk_header_ok (TltraceSource      *src,
                 gsize               offset,
                 TltraceChunkHeader *header)
{
  const guint8 *p = source_get (src, offset, sizeof *header);

  if (p == NULL)
    return FALSE;
  memcpy (header, p, sizeof *header);
  return header->magic == TLTRACE_CHUNK_MAGIC &&
         checksum_ok (_tl_tltrace_header_checksum (header), header->header_checksum) &&
         header->length <= TLTRACE_CHUNK_MAX;
}

/* The next offset after @from where a chunk header checks out, or the
 * end.  Byte by byte: damage may have added or removed bytes. */
static gsize
resync (TltraceSource *src,
        gsize          from)
{
  static const guint32 magic = TLTRACE_CHUNK_MAGIC;
  TltraceChunkHeader header;

  for (from = source_next_data (src, from); from + sizeof header <= src->len;)
    {
      gsize span = MIN ((gsize) WINDOW_SIZE, src->len - from);
      const guint8 *p = source_get (src, from, span);
      const guint8 *hit;

      if (p == NULL)
        continue;               /* cut shorter: src->len is less now */
      hit = memmem (p, span, &magic, sizeof magic);
      if (hit == NULL)
        {
          /* A magic may straddle the window's end. */
          from = source_next_data (src, from + span - (sizeof magic - 1));
          continue;
        }
      from += (gsize) (hit - p);
      if (chunk_header_ok (src, from, &header))
        return from;
      from++;
    }
  return src->len;
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
      n++;
      if (!_tl_tltrace_ts_ok (event.ts))
        {
          reader->out_of_range++;
          continue;
        }
      tl_trace_model_add_event (reader->model, &event);
      /* A recording is in time order: past the limits, what is left is
       * its later part, left out whole.  An event makes two lanes at most
       * and the limits are looked at every LIMITS_STEP events, so the
       * model stays within them but for a few hundred. */
      if (G_UNLIKELY (++reader->since_limits == LIMITS_STEP))
        {
          reader->since_limits = 0;
          if (tl_trace_model_get_n_lanes (reader->model) >= TL_FORMAT_MAX_LANES ||
              tl_trace_model_get_n_processes (reader->model) >= TL_FORMAT_MAX_PROCESSES)
            {
              reader->stopped_too_big = TRUE;
              break;
            }
        }
    }
  reader->n_events += n;
  if (n < header->count && !reader->stopped_too_big)
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

static gboolean
read_bookmarks (TltraceReader            *reader,
                const TltraceChunkHeader *header,
                const guint8             *payload)
{
  gsize off = 0, len = header->length;

  for (guint32 i = 0; i < header->count; i++)
    {
      g_autofree char *note = NULL;
      TltraceBookmark record;

      if (len - off < sizeof record)
        return FALSE;
      memcpy (&record, payload + off, sizeof record);
      off += sizeof record;
      if (len - off < TLTRACE_ALIGN8 ((gsize) record.note_len) ||
          record.ts < TL_FORMAT_TS_MIN || record.ts > TL_FORMAT_TS_MAX)
        return FALSE;
      note = dup_text (payload + off, record.note_len);
      off += TLTRACE_ALIGN8 ((gsize) record.note_len);
      tl_trace_model_add_bookmark (reader->model, record.ts, note);
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
    case TLTRACE_CHUNK_BOOKMARKS:
      ok = read_bookmarks (reader, header, payload);
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
    case TLTRACE_CHUNK_LINES:
    case TLTRACE_CHUNK_SOURCES:
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
                  TltraceSource  *src,
                  gsize          *chunks_start,
                  GError        **error)
{
  TltraceFileHeader header;
  const guint8 *p = source_get (src, 0, MIN (src->len, sizeof header));

  if (p == NULL || src->len < TLTRACE_MAGIC_LEN - 1 ||
      memcmp (p, TLTRACE_MAGIC, TLTRACE_MAGIC_LEN - 1) != 0)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_UNKNOWN_FORMAT,
                   "This is not a Threadline trace (.tltrace)");
      return FALSE;
    }
  if (src->len < sizeof header)
    {
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED,
                   "The file is cut off inside its header (%" G_GSIZE_FORMAT " bytes)",
                   src->len);
      return FALSE;
    }
  memcpy (&header, p, sizeof header);

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
      header.header_size % 8 != 0 || header.header_size > src->len)
    {
      reader->header_damaged = TRUE;
      *chunks_start = sizeof header;
      return TRUE;
    }
  reader->clock = header.clock;
  *chunks_start = header.header_size;
  return TRUE;
}

static void
report_limits (TltraceReader *reader)
{
  if (reader->out_of_range > 0)
    tl_trace_model_add_warning (reader->model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_OUT_OF_RANGE, TL_TS_NONE,
                                "%" G_GUINT64_FORMAT " records more than 146 years from the trace's "
                                "zero were left out", reader->out_of_range);
  if (reader->stopped_too_big)
    tl_trace_model_add_warning (reader->model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG, TL_TS_NONE,
                                "This recording has more than %u lanes or %u processes: it was loaded "
                                "up to its %" G_GUINT64_FORMAT "th event", TL_FORMAT_MAX_LANES,
                                TL_FORMAT_MAX_PROCESSES, reader->n_events);
  else if (reader->too_big > 0)
    tl_trace_model_add_warning (reader->model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG, TL_TS_NONE,
                                "This trace has more than %u lanes or %u processes: %" G_GUINT64_FORMAT
                                " of them were left out, with their items", TL_FORMAT_MAX_LANES,
                                TL_FORMAT_MAX_PROCESSES, reader->too_big);
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
  if (reader->has_end && !reader->stopped_too_big && reader->end.n_events > reader->n_events)
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
  else if (!reader->has_end && !reader->stopped_too_big)
    {
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                  "The recording was cut off: the file has no end marker");
    }

  if (missing > 0)
    tl_trace_model_add_loss (model, 0, 0, missing);
  report_limits (reader);
}

/* The chunk at @offset, read into the model.  Returns where the next
 * one starts, or G_MAXSIZE when the file ends here. */
static gsize
read_next_chunk (TltraceReader *reader,
                 TltraceSource *src,
                 gsize          offset)
{
  TltraceChunkHeader header;
  const guint8 *payload = NULL;
  gsize next;

  if (!chunk_header_ok (src, offset, &header))
    {
      next = resync (src, offset + 1);
      if (next == src->len && src->len - offset < sizeof header)
        {
          /* A header cut off by the end of the file. */
          reader->truncated_at = offset;
          reader->truncated_type = 0;
          return G_MAXSIZE;
        }
      note_damage (reader, offset, next - offset, 0, -1);
      return next;
    }

  if (header.length <= src->len - offset - sizeof header)
    payload = source_get (src, offset + sizeof header, header.length);
  if (payload == NULL)
    {
      /* Cut off, unless good chunks follow (a length damaged in a way
       * its checksum missed). */
      next = resync (src, offset + 1);
      if (next == src->len)
        {
          reader->truncated_at = offset;
          reader->truncated_type = header.type;
          reader->truncated_count = header.count;
          return G_MAXSIZE;
        }
      note_damage (reader, offset, next - offset, header.type, header.count);
      return next;
    }

  if (!checksum_ok (_tl_tltrace_checksum (payload, header.length), header.checksum))
    note_damage (reader, offset, sizeof header + header.length, header.type, header.count);
  else
    read_chunk (reader, &header, payload);

  /* The padding may be missing at the very end: nothing was lost. */
  return offset + sizeof header + MIN (TLTRACE_ALIGN8 (header.length),
                                       src->len - offset - sizeof header);
}

static void
fail_empty (TltraceReader  *reader,
            GError        **error)
{
  if (reader->n_damaged > 0 || reader->header_damaged)
    g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT,
                 "The trace is damaged: nothing in it could be read");
  else if (reader->truncated_at != G_MAXSIZE)
    g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED,
                 "The trace is cut off before its first complete chunk");
  else
    g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY,
                 "The trace holds nothing: the recording ended before any event reached it");
}

static TlTraceModel *
load_source (TltraceSource         *src,
             guint64                max_events,
             TlFormatProgressFunc   progress,
             gpointer               user_data,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TltraceReader reader = { 0 };
  gsize offset = 0, next_progress = 0;

  reader.model = model;
  reader.truncated_at = G_MAXSIZE;
  reader.max_events = max_events;

  if (!read_file_header (&reader, src, &offset, error))
    return NULL;

  _tl_tltrace_items_init (&reader);
  while (offset < src->len && reader.n_events < reader.max_events && !reader.stopped_too_big)
    {
      if (offset >= next_progress)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              _tl_tltrace_items_clear (&reader);
              return NULL;
            }
          if (progress != NULL)
            progress ((double) offset / (double) src->len, user_data);
          next_progress = offset + PROGRESS_STEP;
        }
      offset = read_next_chunk (&reader, src, offset);
    }
  _tl_tltrace_items_clear (&reader);

  if (reader.n_usable == 0 && !(reader.has_end && reader.n_damaged == 0))
    {
      fail_empty (&reader, error);
      return NULL;
    }

  if (reader.clock == TLTRACE_CLOCK_MONOTONIC && tl_trace_model_get_metadata (model, "clock") == NULL)
    tl_trace_model_set_metadata (model, "clock", "monotonic");
  if (src->read_errno != 0)
    tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                "The file could not be read past offset %" G_GSIZE_FORMAT ": %s",
                                src->len, g_strerror (src->read_errno));
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
  TltraceSource src = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  src.data = data;
  src.len = len;
  src.fd = -1;
  return load_source (&src, G_MAXUINT64, NULL, NULL, NULL, error);
}

static TlTraceModel *
load_path (const char            *path,
           guint64                max_events,
           TlFormatProgressFunc   progress,
           gpointer               user_data,
           GCancellable          *cancellable,
           GError               **error)
{
  TltraceSource src = { 0 };
  TlTraceModel *model;
  guint64 size;

  g_return_val_if_fail (path != NULL, NULL);

  src.fd = _tl_format_open_regular (path, &size, error);
  if (src.fd < 0)
    return NULL;
  if (size == 0)
    {
      g_close (src.fd, NULL);
      g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY, "The file is empty");
      return NULL;
    }
  src.len = (gsize) MIN (size, (guint64) G_MAXSIZE);
  /* One pass, front to back: read ahead. */
  posix_fadvise (src.fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  model = load_source (&src, max_events, progress, user_data, cancellable, error);
  g_free (src.window);
  g_close (src.fd, NULL);
  return model;
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
