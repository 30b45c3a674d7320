/* tl-chrome-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts of the Chrome JSON reader, and what the writer and the reader
 * agree on.
 *
 * Reading is three stages, each in its own file:
 *   input   (tl-chrome-input.c)   bytes from memory or a stream, gunzipped;
 *   reader  (tl-chrome-reader.c)  JSON structure -> one TlChromeEvent at a time;
 *   import  (tl-chrome-import.c)  events -> model items (pairs B/E, flows, async).
 *
 * Our own vocabulary.  Chrome's phases cannot say "waiting for lock L" or
 * "a message from here to there", so the writer marks what it writes with
 * cat "threadline" and says the rest in args, which the importer reads back
 * only from events of that category:
 *   X  args.kind (tl_span_kind_to_string), arg, arg2, flags; the object as
 *      obj_role/obj_id/obj_name; owner spans name their thread with
 *      owner_pid/owner_tid; ref_none when a slice has no name string; a
 *      traced call's texts (TL_SPAN_FLAG_CALL_TEXT) as call_args and
 *      call_result instead of arg and arg2, without that flag.
 *   i  args.kind (tl_event_kind_to_string), role, arg, flags, obj_*,
 *      message (an error's text); a text instant's text is its name
 *      (ref_none when it has none).  args.kind "bookmark": a teacher's
 *      bookmark, of global scope, its note as its name.
 *   s  args.kind (tl_flow_kind_to_string), id, obj_*; its "f" only ends it.
 *   C  args.value (a string for NaN and infinities).
 *   M  thread_name of a pseudo-thread: args.lane (lock, gil, counter,
 *      async), key (object id) or key_text (counter and async names), and
 *      obj_* for locks; with args.track, the pseudo-thread carries that
 *      track of a lane whose spans do not nest (lane may then be thread).
 *      thread_name and process_name with named: false give viewers a name
 *      the model does not have.  threadline_process: parent, start_ts,
 *      exited, signaled, status, exit_ts, machinery (Threadline's own).
 * and a top-level "threadline" object: format_version, lost, event_counts,
 * metadata, warnings.
 */
#pragma once

#include "tl-chrome-json.h"
#include "tl-json-scanner-private.h"

G_BEGIN_DECLS

#define TL_CHROME_CATEGORY        "threadline"
#define TL_CHROME_BOOKMARK        "bookmark"
#define TL_CHROME_FORMAT_VERSION  1

/* ---- one event, as read ------------------------------------------------- */

typedef enum
{
  TL_CHROME_VALUE_STRING = 1,
  TL_CHROME_VALUE_NUMBER,
  TL_CHROME_VALUE_NONFINITE,  /* NaN, Infinity, -Infinity */
  TL_CHROME_VALUE_TRUE,
  TL_CHROME_VALUE_FALSE,
  TL_CHROME_VALUE_NULL,
  TL_CHROME_VALUE_OTHER,      /* skipped: too big to keep */
  TL_CHROME_VALUE_JSON,       /* an object or an array, as its JSON text */
} TlChromeValueType;

typedef struct
{
  guint32 key;          /* offsets into the event's arena, NUL-terminated */
  guint32 value;        /* string, or number text */
  guint32 value_len;
  guint8  type;         /* TlChromeValueType */
} TlChromeArg;

typedef enum
{
  TL_CHROME_HAS_TS    = 1 << 0,
  TL_CHROME_HAS_DUR   = 1 << 1,
  TL_CHROME_HAS_PID   = 1 << 2,
  TL_CHROME_HAS_TID   = 1 << 3,
  TL_CHROME_HAS_NAME  = 1 << 4,
  TL_CHROME_HAS_CAT   = 1 << 5,
  TL_CHROME_HAS_ID    = 1 << 6,
  TL_CHROME_BAD_TIME  = 1 << 7,   /* ts or dur present but no usable number */
} TlChromeEventFlags;

typedef struct
{
  char         ph;           /* 0 when missing, '?' when not one character */
  char         scope;        /* "s" of instants */
  guint32      flags;        /* TlChromeEventFlags */
  gint64       ts;           /* nanoseconds */
  gint64       dur;          /* nanoseconds */
  guint32      pid;
  guint64      tid;
  guint32      pid_text;     /* offsets into arena of a pid or tid that was */
  guint32      tid_text;     /* a name (hashed into pid, tid), or 0 */
  guint32      name;         /* offsets into arena */
  guint32      name_len;
  guint32      cat;
  guint32      id;           /* the id's text, for matching */
  guint64      id_value;     /* the id as a number, when it is one */

  TlJsonBuf    arena;        /* strings of this event, reused */
  TlChromeArg *args;
  guint        n_args;
  guint        args_alloc;
} TlChromeEvent;

static inline const char *
_tl_chrome_event_str (const TlChromeEvent *event,
                      guint32              offset)
{
  return event->arena.data + offset;
}

/* The name is @name. */
gboolean           _tl_chrome_event_name_is     (const TlChromeEvent *event,
                                                 const char          *name);
const TlChromeArg *_tl_chrome_event_find_arg    (const TlChromeEvent *event,
                                                 const char          *key);
/* A string argument, or NULL (missing, or not a string). */
const char        *_tl_chrome_event_arg_string  (const TlChromeEvent *event,
                                                 const char          *key);
/* A number argument times 10^@scale, exactly, if it fits. */
gboolean           _tl_chrome_event_arg_int64   (const TlChromeEvent *event,
                                                 const char          *key,
                                                 int                  scale,
                                                 gint64              *value);
/* A whole number >= 0, or 0. */
guint64            _tl_chrome_event_arg_u64     (const TlChromeEvent *event,
                                                 const char          *key);
/* A number as our writer prints ids: unsigned, or negative wrapped around. */
gboolean           _tl_chrome_event_arg_wrapped (const TlChromeEvent *event,
                                                 const char          *key,
                                                 guint64             *value);
gboolean           _tl_chrome_event_arg_true    (const TlChromeEvent *event,
                                                 const char          *key);
/* A number, or one of the names JSON has none for ("NaN", "Infinity"...). */
gboolean           _tl_chrome_event_arg_double  (const TlChromeEvent *event,
                                                 const TlChromeArg   *arg,
                                                 double              *value);

/* ---- input -------------------------------------------------------------- */

typedef struct _TlChromeInput TlChromeInput;

/* Plain or gzip (detected by its magic bytes) from memory; @data must
 * outlive the input. */
TlChromeInput *_tl_chrome_input_new_data   (const char            *data,
                                            gsize                  len);
/* The same from a stream read @chunk_size bytes at a time; @total_size
 * (0 if unknown) is for progress. */
TlChromeInput *_tl_chrome_input_new_stream (GInputStream          *stream,
                                            gsize                  chunk_size,
                                            guint64                total_size,
                                            TlFormatProgressFunc   progress,
                                            gpointer               user_data,
                                            GCancellable          *cancellable);
void           _tl_chrome_input_free       (TlChromeInput         *input);
/* A TlJsonRefillFunc. */
gboolean       _tl_chrome_input_refill     (gpointer               input,
                                            const char           **data,
                                            gsize                 *len,
                                            GError               **error);
/* Damage found below JSON (a cut or corrupt gzip stream), as warnings. */
void           _tl_chrome_input_report     (TlChromeInput         *input,
                                            TlTraceModel          *model);

/* Whether the input turned out to be gzip (known once reading began). */
gboolean       _tl_chrome_input_is_gzip    (TlChromeInput         *input);

/* ---- the trace file, for reading parts of it again (tl-chrome-source.c) -- */

typedef struct _TlChromeFile TlChromeFile;

/* A file open on its own descriptor (a dup of @fd), with its size and
 * time of change as they are now; NULL if it cannot be. */
TlChromeFile   *_tl_chrome_file_new        (int                    fd);
TlChromeFile   *_tl_chrome_file_ref        (TlChromeFile          *self);
void            _tl_chrome_file_unref      (TlChromeFile          *self);

/* ---- import ------------------------------------------------------------- */

typedef struct _TlChromeImport TlChromeImport;

TlChromeImport *_tl_chrome_import_new      (TlTraceModel          *model);
/* The plain file @input reads, if it does (@file is referenced): the
 * source of traced files can then be read again from it when needed. */
void            _tl_chrome_import_set_file (TlChromeImport        *self,
                                            TlChromeFile          *file,
                                            TlChromeInput         *input);
void            _tl_chrome_import_free     (TlChromeImport        *self);
void            _tl_chrome_import_event    (TlChromeImport        *self,
                                            const TlChromeEvent   *event);
/* From viztracer's file_info, at the '"' of the source of the file at
 * @path: kept undecoded, or where it lies in @self's file (see
 * tl-chrome-source.c). */
gboolean        _tl_chrome_import_source   (TlChromeImport        *self,
                                            TlJsonScanner         *scanner,
                                            const char            *path);
/* The file says viztracer wrote it (it has viztracer_metadata). */
void            _tl_chrome_import_set_viztracer (TlChromeImport   *self);
/* From the "threadline" object of our own files: runtime events of @kind
 * (tl_event_kind_to_string (), or "other") the model was made from. */
void            _tl_chrome_import_saved_count (TlChromeImport     *self,
                                               const char         *kind,
                                               guint64             count);
/* Pairs what waited for its other half, then finishes the model.  FALSE
 * when nothing usable came in. */
gboolean        _tl_chrome_import_finish   (TlChromeImport        *self);

/* ---- reader ------------------------------------------------------------- */

/* Reads a whole document into @import.  Damage (not JSON from some point
 * on, cut short) becomes warnings on the model; FALSE only when the input
 * failed (I/O error, cancelled), with @error set. */
gboolean        _tl_chrome_read            (TlJsonScanner         *scanner,
                                            TlChromeImport        *import,
                                            TlTraceModel          *model,
                                            GError               **error);

/* The whole import from a stream, @chunk_size bytes at a time (tests use
 * tiny chunks to put every token across a window boundary). */
TlTraceModel   *_tl_chrome_json_load_stream (GInputStream         *stream,
                                             gsize                 chunk_size,
                                             guint64               total_size,
                                             TlFormatProgressFunc  progress,
                                             gpointer              user_data,
                                             GCancellable         *cancellable,
                                             GError              **error);

/* ---- numbers, both ways ------------------------------------------------- */

/* Nanoseconds as microseconds, exactly: 1234567 -> "1234.567".  @buf holds
 * at least 32 bytes; returns the length. */
gsize           _tl_chrome_format_us       (gint64                 ns,
                                            char                  *buf);

G_END_DECLS
