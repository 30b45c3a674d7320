/* tl-tltrace-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The .tltrace layout on disk, shared by the reader and the writers.
 * docs/tltrace.md describes the same in prose; keep the two in step.
 *
 * Everything is little-endian (the runtime refuses big-endian hosts, see
 * tl-event.h) and 8-byte aligned: the file header is 32 bytes, every
 * chunk header 32 bytes, and every payload is padded to a multiple of 8.
 */
#pragma once

#include <assert.h>
#include <stddef.h>

#include "tl-format-private.h"
#include "tl-source-lines.h"
#include "tl-tltrace.h"

G_BEGIN_DECLS

#define TLTRACE_MAGIC           "TLTRACE\0"
#define TLTRACE_MAGIC_LEN       8
#define TLTRACE_VERSION_MAJOR   1       /* readers refuse a newer major */
#define TLTRACE_VERSION_MINOR   3       /* newer minors only add chunk types: 1 SOURCES, 2 LINES, 3 BOOKMARKS */
#define TLTRACE_BYTE_ORDER      0x01020304u
#define TLTRACE_CHUNK_MAGIC     0x6b434c54u   /* "TLCk" in the file */

/* Payloads stay small enough that damage costs little, and large enough
 * that headers and checksums cost nothing. */
#define TLTRACE_CHUNK_TARGET    (256u * 1024u)
/* No writer makes larger chunks; a reader takes a larger length as damage. */
#define TLTRACE_CHUNK_MAX       (64u * 1024u * 1024u)

#define TLTRACE_ALIGN8(n)       (((n) + 7u) & ~(gsize) 7u)

typedef enum
{
  TLTRACE_CLOCK_UNKNOWN   = 0,   /* imported: the clock of the original file */
  TLTRACE_CLOCK_MONOTONIC = 1,   /* CLOCK_MONOTONIC nanoseconds (our runtime) */
} TltraceClock;

typedef struct
{
  char    magic[8];        /* TLTRACE_MAGIC */
  guint16 version_major;
  guint16 version_minor;
  guint32 byte_order;      /* TLTRACE_BYTE_ORDER as the writer stored it */
  guint32 header_size;     /* chunks start here; >= 32, a multiple of 8 */
  guint32 clock;           /* TltraceClock */
  guint32 flags;           /* none yet: 0 */
  guint32 checksum;        /* low 32 bits of XXH64 of bytes 0..27 */
} TltraceFileHeader;

static_assert (sizeof (TltraceFileHeader) == 32, "file header is 32 bytes");
static_assert (offsetof (TltraceFileHeader, version_major) == 8, "file header layout");
static_assert (offsetof (TltraceFileHeader, byte_order) == 12, "file header layout");
static_assert (offsetof (TltraceFileHeader, checksum) == 28, "file header layout");

typedef enum
{
  /* Recordings: runtime events, replayed through the model's derivation. */
  TLTRACE_CHUNK_EVENTS    = 1,
  TLTRACE_CHUNK_END       = 2,   /* the writer closed the file */
  TLTRACE_CHUNK_METADATA  = 3,   /* key/value pairs */
  TLTRACE_CHUNK_LOSS      = 4,   /* events lost before the file (to add) */
  TLTRACE_CHUNK_SUMMARY   = 5,   /* runtime event counts per kind (item files) */

  /* A whole model as items (for models that did not come from our runtime). */
  TLTRACE_CHUNK_STRINGS   = 16,
  TLTRACE_CHUNK_PROCESSES = 17,
  TLTRACE_CHUNK_OBJECTS   = 18,
  TLTRACE_CHUNK_LANES     = 19,
  TLTRACE_CHUNK_SPANS     = 20,
  TLTRACE_CHUNK_INSTANTS  = 21,
  TLTRACE_CHUNK_FLOWS     = 22,
  TLTRACE_CHUNK_SAMPLES   = 23,
  TLTRACE_CHUNK_SOURCES   = 24,  /* the source of traced files (since 1.1) */
  TLTRACE_CHUNK_LINES     = 25,  /* the program lines of a thread lane (since 1.2) */

  /* A teacher's bookmarks, in any file (since 1.3). */
  TLTRACE_CHUNK_BOOKMARKS = 26,
} TltraceChunkType;

typedef struct
{
  guint32 magic;           /* TLTRACE_CHUNK_MAGIC: where to resynchronise after damage */
  guint16 type;            /* TltraceChunkType; readers skip types they do not know */
  guint16 flags;           /* none yet: 0 */
  guint32 length;          /* payload bytes, padding excluded */
  guint32 count;           /* records in the payload (events, spans, strings...) */
  guint64 checksum;        /* XXH64 (seed 0) of the payload */
  guint32 reserved;        /* 0 */
  guint32 header_checksum; /* low 32 bits of XXH64 of bytes 0..27 */
} TltraceChunkHeader;

static_assert (sizeof (TltraceChunkHeader) == 32, "chunk header is 32 bytes");
static_assert (offsetof (TltraceChunkHeader, length) == 8, "chunk header layout");
static_assert (offsetof (TltraceChunkHeader, checksum) == 16, "chunk header layout");
static_assert (offsetof (TltraceChunkHeader, header_checksum) == 28, "chunk header layout");

/* EVENTS: records as the collector delivered them, in delivery order.  A
 * NAME record (kind TL_EVENT_NAME) is followed by its text, aux bytes,
 * padded to 8. */
typedef struct
{
  gint64  ts;
  guint64 object;
  guint64 arg;
  guint16 kind;
  guint8  role;
  guint8  flags;
  guint32 aux;
  guint32 pid;
  guint32 tid;
} TltraceEvent;

static_assert (sizeof (TltraceEvent) == 40, "event record is 40 bytes");
static_assert (offsetof (TltraceEvent, kind) == 24, "event record layout");
static_assert (offsetof (TltraceEvent, aux) == 28, "event record layout");
static_assert (offsetof (TltraceEvent, pid) == 32, "event record layout");

/* BOOKMARKS: count records, each followed by its note, note_len bytes of
 * UTF-8 padded to 8. */
typedef struct
{
  gint64  ts;
  guint32 note_len;
  guint32 reserved;        /* 0 */
} TltraceBookmark;

static_assert (sizeof (TltraceBookmark) == 16, "bookmark record is 16 bytes");

/* END */
typedef struct
{
  guint64 n_events;        /* events the writer wrote in all */
  gint64  last_ts;         /* the last event's time, or TL_TS_NONE */
} TltraceEnd;

static_assert (sizeof (TltraceEnd) == 16, "end record is 16 bytes");

/* LOSS */
typedef struct
{
  guint64 dropped;
  guint64 torn;
  guint64 corrupt;
} TltraceLoss;

static_assert (sizeof (TltraceLoss) == 24, "loss record is 24 bytes");

/* METADATA: count pairs of { guint32 key_len, guint32 value_len, key,
 * value }, each pair padded to 4.  STRINGS: a TltraceTableHead, then count
 * strings of { guint32 len, bytes }, each padded to 4. */

/* STRINGS, OBJECTS and LANES chunks start with the file index of their
 * first record: tables may span several chunks, and an index stays right
 * when a chunk before it is damaged.  PROCESSES and FLOWS chunks start
 * with the same head (their records are not referred to by index). */
typedef struct
{
  guint32 first;
  guint32 reserved;
} TltraceTableHead;

static_assert (sizeof (TltraceTableHead) == 8, "table head is 8 bytes");

/* SPANS, INSTANTS, SAMPLES, LINES: one lane's items. */
typedef struct
{
  guint32 lane;            /* file lane index */
  guint32 reserved;
} TltraceLaneHead;

static_assert (sizeof (TltraceLaneHead) == 8, "lane head is 8 bytes");

/* SUMMARY: guint32 n_kinds, guint32 reserved, then n_kinds guint64 event
 * counts indexed by TlEventKind; indexes the reader does not know count
 * in the total only. */

typedef struct
{
  guint32 pid;
  guint32 parent_pid;
  guint32 name;            /* file string index or TL_INDEX_NONE */
  gint32  sort_index;
  gint64  start_ts;
  gint64  exit_ts;
  gint32  exit_status;
  guint32 flags;           /* TLTRACE_PROCESS_* */
} TltraceProcess;

#define TLTRACE_PROCESS_EXITED   (1u << 0)
#define TLTRACE_PROCESS_SIGNALED (1u << 1)
#define TLTRACE_PROCESS_MACHINERY (1u << 2)
#define TLTRACE_PROCESS_STOPPED   (1u << 3)

static_assert (sizeof (TltraceProcess) == 40, "process record is 40 bytes");
static_assert (offsetof (TltraceProcess, start_ts) == 16, "process record layout");

typedef struct
{
  guint64 id;
  guint32 name;            /* file string index or TL_INDEX_NONE */
  guint8  role;            /* TlObjectRole */
  guint8  reserved[3];
} TltraceObject;

static_assert (sizeof (TltraceObject) == 16, "object record is 16 bytes");

typedef struct
{
  guint64 key;             /* tid, object id; a file string index for counter and async lanes */
  guint32 pid;
  guint32 name;            /* file string index or TL_INDEX_NONE */
  gint32  sort_index;
  guint32 object;          /* file object index (lock and GIL lanes) or TL_INDEX_NONE */
  guint8  kind;            /* TlLaneKind */
  guint8  reserved[7];
} TltraceLane;

static_assert (sizeof (TltraceLane) == 32, "lane record is 32 bytes");
static_assert (offsetof (TltraceLane, kind) == 24, "lane record layout");

/* Spans, instants and flows are stored as the model holds them (TlSpan,
 * TlInstant, TlFlow: their layouts are asserted in tl-model-types.h), with
 * references as file indexes. */
typedef struct
{
  gint64  start;
  gint64  end;
  guint64 arg;
  guint64 arg2;
  guint32 ref;             /* file object, string or lane index, by kind */
  guint8  kind;            /* TlSpanKind */
  guint8  flags;           /* TlSpanFlags */
  guint16 reserved;
} TltraceSpan;

static_assert (sizeof (TltraceSpan) == 40, "span record is 40 bytes");
static_assert (offsetof (TltraceSpan, ref) == 32, "span record layout");

typedef struct
{
  gint64  ts;
  guint64 arg;             /* a file string index for raised errors' messages */
  guint32 ref;             /* file string index (role TEXT) or object index */
  guint16 kind;            /* TlEventKind */
  guint8  role;
  guint8  flags;
} TltraceInstant;

static_assert (sizeof (TltraceInstant) == 24, "instant record is 24 bytes");
static_assert (offsetof (TltraceInstant, ref) == 16, "instant record layout");

typedef struct
{
  gint64  from_ts;
  gint64  to_ts;
  guint64 id;
  guint32 from_lane;       /* file lane indexes */
  guint32 to_lane;
  guint32 ref;             /* file object index or TL_INDEX_NONE */
  guint16 kind;            /* TlFlowKind */
  guint16 reserved;
} TltraceFlow;

static_assert (sizeof (TltraceFlow) == 40, "flow record is 40 bytes");
static_assert (offsetof (TltraceFlow, from_lane) == 24, "flow record layout");

typedef struct
{
  gint64 ts;
  double value;
} TltraceSample;

static_assert (sizeof (TltraceSample) == 16, "sample record is 16 bytes");

/* LINES: from ts on, the lane's thread is on line (0: none) of the
 * program the trace stands for (tl-source-lines.h). */
typedef struct
{
  gint64  ts;
  guint32 line;
  guint32 reserved;
} TltraceLine;

static_assert (sizeof (TltraceLine) == 16, "line record is 16 bytes");

/* XXH64 (seed 0), as specified by the xxHash project: fast enough that
 * checking a chunk costs a fraction of reading it (see bench-tltrace). */
guint64  _tl_tltrace_checksum        (const void *data,
                                      gsize       len);
guint32  _tl_tltrace_header_checksum (const void *header);

/* The file a writer or a save fills, chunk by chunk: written under
 * another name and renamed over @path by _tl_tltrace_out_commit () (see
 * TlFormatOutput); freed uncommitted, it leaves @path untouched. */
typedef struct _TltraceOut TltraceOut;

TltraceOut *_tl_tltrace_out_new      (const char          *path,
                                      TlFormatOutputFlags  flags,
                                      TltraceClock         clock,
                                      GError             **error);
gboolean    _tl_tltrace_out_chunk    (TltraceOut    *out,
                                      guint16        type,
                                      guint32        count,
                                      const void    *payload,
                                      gsize          length,
                                      GError       **error);
/* Writes what is buffered to the file. */
gboolean    _tl_tltrace_out_flush    (TltraceOut    *out,
                                      GError       **error);
/* Whether a write failed (the file is then not worth keeping). */
gboolean    _tl_tltrace_out_failed   (TltraceOut    *out);
/* Flushes, then gives the file its name. */
gboolean    _tl_tltrace_out_commit   (TltraceOut    *out,
                                      GError       **error);
void        _tl_tltrace_out_free     (TltraceOut    *out);

/* A METADATA payload of @n pairs. */
GByteArray *_tl_tltrace_metadata_payload (const char * const *keys,
                                          const char * const *values,
                                          guint               n);

/* Loading (tl-tltrace-reader.c, tl-tltrace-items.c). */

/* File indexes of strings, objects or lanes to the model's.  A table may
 * come in several chunks, each a run of indexes from its head's "first";
 * runs are kept as they come, so that memory follows what the file holds,
 * whatever indexes it claims. */
typedef struct
{
  guint32 first;
  guint32 count;
  guint32 offset;         /* of its first value in TltraceTable.values */
} TltraceRun;

typedef struct
{
  GArray *runs;           /* TltraceRun, ascending and disjoint */
  GArray *values;         /* guint32 model indexes, TL_INDEX_NONE unresolved */
  guint   last;           /* the run the last lookup found */
} TltraceTable;

typedef struct
{
  TlTraceModel  *model;
  guint32        clock;

  guint          n_usable;          /* chunks of events or items read */
  guint64        n_events;
  guint64        max_events;        /* a preview stops after this many */
  gboolean       has_end;
  TltraceEnd     end;

  /* What was lost. */
  gboolean       header_damaged;
  guint          n_damaged;         /* damaged parts skipped */
  gsize          first_damage;      /* offset of the first */
  gsize          first_damage_bytes;
  gint64         first_damage_count;  /* its records, -1 if unknown */
  guint16        first_damage_type;
  guint64        damaged_events;    /* in damaged chunks whose header was intact */
  gsize          truncated_at;      /* G_MAXSIZE: not cut off */
  guint16        truncated_type;
  guint32        truncated_count;
  guint64        bad_records;       /* in intact chunks, yet unusable */
  guint64        out_of_range;      /* records with times past TL_FORMAT_TS_MIN/MAX, left out */
  guint64        too_big;           /* records of lanes or processes past the limits, left out */
  gboolean       stopped_too_big;   /* events: the rest of the recording was left out */
  guint          since_limits;      /* events since the model's size was looked at */

  /* Item files: file indexes to model indexes. */
  TltraceTable   strings;
  TltraceTable   objects;
  TltraceTable   lanes;
} TltraceReader;

/* Whether @ts is a time a file may hold (TL_FORMAT_TS_MIN..MAX). */
static inline gboolean
_tl_tltrace_ts_ok (gint64 ts)
{
  return ts >= TL_FORMAT_TS_MIN && ts <= TL_FORMAT_TS_MAX;
}

void     _tl_tltrace_items_init  (TltraceReader            *reader);
void     _tl_tltrace_items_clear (TltraceReader            *reader);
void     _tl_tltrace_read_items  (TltraceReader            *reader,
                                  const TltraceChunkHeader *header,
                                  const guint8             *payload);

G_END_DECLS
