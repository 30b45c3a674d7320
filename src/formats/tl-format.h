/* tl-format.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every trace file format shares: the error domain, progress
 * reporting, and loading or saving by file name.
 */
#pragma once

#include <gio/gio.h>

#include "tl-trace-model.h"

G_BEGIN_DECLS

#define TL_FORMAT_ERROR (tl_format_error_quark ())

typedef enum
{
  TL_FORMAT_ERROR_UNKNOWN_FORMAT,     /* not a trace we can read */
  TL_FORMAT_ERROR_UNSUPPORTED_VERSION,/* a newer version of a format we know */
  TL_FORMAT_ERROR_CORRUPT,            /* damaged: what was intact loaded, the rest is reported */
  TL_FORMAT_ERROR_TRUNCATED,          /* cut short: what was intact loaded */
  TL_FORMAT_ERROR_EMPTY,              /* nothing usable in it */
  TL_FORMAT_ERROR_OUT_OF_RANGE,       /* times or ids beyond what Threadline holds: left out, counted */
  TL_FORMAT_ERROR_TOO_BIG,            /* more lanes or processes than a model takes: left out, counted */
} TlFormatError;

/* Times a trace file may hold, in nanoseconds: half of 64 bits either way
 * (146 years either way of its zero, epoch-based microseconds included),
 * so that the difference of any two fits 64 bits.  Readers leave out what
 * lies beyond, counted as TL_FORMAT_ERROR_OUT_OF_RANGE. */
#define TL_FORMAT_TS_MIN (G_MININT64 / 2)
#define TL_FORMAT_TS_MAX (G_MAXINT64 / 2)

/* What a model made from a file may hold: a small file (a few MB of
 * gzipped JSON) can otherwise name a million threads, each costing a few
 * hundred bytes.  Readers leave out the events of any further lane or
 * process, counted as TL_FORMAT_ERROR_TOO_BIG. */
#define TL_FORMAT_MAX_LANES     65536
#define TL_FORMAT_MAX_PROCESSES 65536

GQuark tl_format_error_quark (void);

typedef enum
{
  TL_TRACE_FORMAT_UNKNOWN = 0,
  TL_TRACE_FORMAT_TLTRACE,
  TL_TRACE_FORMAT_CHROME_JSON,       /* .json, and .json.gz (gzip is detected by content) */
} TlTraceFormat;

/* Called now and then during long work with the fraction done (0..1).
 * Returning FALSE does not cancel; use the GCancellable for that. */
typedef void (*TlFormatProgressFunc) (double   fraction,
                                      gpointer user_data);

/* By extension (.tltrace, .json, .json.gz) for saving; by content, then
 * extension, for loading. */
TlTraceFormat tl_trace_format_for_path    (const char            *path);
TlTraceFormat tl_trace_format_sniff       (const char            *path,
                                           GError               **error);
const char   *tl_trace_format_to_string   (TlTraceFormat          format);

/* Loads any trace we can read.  A damaged file still gives a model of what
 * was intact, with the damage as warnings on the model (domain
 * TL_FORMAT_ERROR); NULL only when nothing usable was found, with @error
 * set. */
TlTraceModel *tl_trace_file_load          (const char            *path,
                                           TlFormatProgressFunc   progress,
                                           gpointer               user_data,
                                           GCancellable          *cancellable,
                                           GError               **error);

/* A quick look at a big file while tl_trace_file_load () reads it all:
 * the first @max_events events of a .tltrace recording.  NULL (without an
 * error) when the format has no preview or the file is small enough to
 * load whole at once. */
TlTraceModel *tl_trace_file_load_preview  (const char            *path,
                                           guint64                max_events,
                                           GCancellable          *cancellable,
                                           GError               **error);

/* Saves @model in the format its extension names; the file is written to
 * a temporary name and renamed, so it is either complete or untouched. */
gboolean      tl_trace_file_save          (TlTraceModel          *model,
                                           const char            *path,
                                           TlFormatProgressFunc   progress,
                                           gpointer               user_data,
                                           GCancellable          *cancellable,
                                           GError               **error);

/* The same three in a thread, for a window (tl-format-async.c).  Local
 * files only (G_IO_ERROR_NOT_SUPPORTED otherwise).  @progress, if not
 * NULL, is called on the caller's thread-default main context now and
 * then (at most twenty times a second), never after @callback;
 * @progress_notify frees @progress_data on the same context, just before
 * @callback.
 * @cancellable stops the work (G_IO_ERROR_CANCELLED); a save cancelled
 * leaves the destination as it was. */
void          tl_trace_file_load_async          (GFile                 *file,
                                                 TlFormatProgressFunc   progress,
                                                 gpointer               progress_data,
                                                 GDestroyNotify         progress_notify,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
TlTraceModel *tl_trace_file_load_finish         (GAsyncResult          *result,
                                                 GError               **error);

/* NULL without an error when the file has no preview (see
 * tl_trace_file_load_preview ()). */
void          tl_trace_file_load_preview_async  (GFile                 *file,
                                                 guint64                max_events,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
TlTraceModel *tl_trace_file_load_preview_finish (GAsyncResult          *result,
                                                 GError               **error);

/* @model must not change until @callback (a finished model does not). */
void          tl_trace_file_save_async          (TlTraceModel          *model,
                                                 GFile                 *file,
                                                 TlFormatProgressFunc   progress,
                                                 gpointer               progress_data,
                                                 GDestroyNotify         progress_notify,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean      tl_trace_file_save_finish         (GAsyncResult          *result,
                                                 GError               **error);

G_END_DECLS
