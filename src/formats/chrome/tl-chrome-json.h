/* tl-chrome-json.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chrome Trace Event Format (JSON): import into a model, export from one.
 *
 * Import reads the array form (with or without its closing ']') and the
 * object form ("traceEvents"; "displayTimeUnit" becomes model metadata;
 * viztracer's "file_info" the source of traced files, read again from the
 * file or kept undecoded until someone looks; other keys are skipped
 * unread), plain or gzip.  It streams: memory stays that of the model
 * plus a few MB.
 *   X, B/E      slices (TL_SPAN_SLICE) on the thread lane (pid, tid);
 *               B/E pair per thread in time order; their args as the
 *               call's texts (TL_SPAN_FLAG_CALL_TEXT): viztracer's
 *               func_args as "name=repr, ...", return_value as the result
 *   i, I, R     marks (TL_EVENT_MARK) named by the event; viztracer's
 *               "print - text" a print (TL_EVENT_PRINT) of the text,
 *               "Exception - expr = repr" an error raised
 *               (TL_EVENT_ERROR_RAISED) with the repr as its message
 *   C           one TL_LANE_COUNTER lane per argument, named "name key"
 *   M           process_name, thread_name, process_sort_index,
 *               thread_sort_index
 *   s, t, f     TL_FLOW_GENERIC arrows, matched by cat and id
 *   b, n, e     TL_SPAN_ASYNC spans on a TL_LANE_ASYNC lane per name
 *               (and the legacy S, T, p, F)
 * ts and dur are microseconds, converted to nanoseconds exactly from their
 * decimal text.  What cannot be used (no ts, an E without a B, a B never
 * ended, an unknown phase, damage from some byte on) becomes warnings on
 * the model, not a failure; so does what lies past the limits of
 * tl-format.h (times past half of 64 bits, more than 65,536 lanes or
 * processes), left out.  A pid past 32 bits is kept apart from the others
 * as a process named by its number.
 *
 * A file viztracer wrote (it has "viztracer_metadata") is read for the
 * shape of the program too: a forked child runs on with its parent's
 * thread id, which names its parent (TlProcess.parent_pid), and names
 * threads of its parent it never ran, which get no lane.
 *
 * Export writes what Chrome's vocabulary can say as Chrome says it, and the
 * rest (span kinds, objects, flow kinds, lock and GIL lanes...) in args of
 * events of category "threadline", so that importing our own export gives
 * the same model back (see tl-chrome-private.h).
 */
#pragma once

#include "tl-format.h"

G_BEGIN_DECLS

/* Streams @path (plain or gzip) into a new, finished model, calling
 * @progress about a hundred times.  Bad events become warnings on the
 * model; NULL with @error only when nothing usable is left
 * (TL_FORMAT_ERROR_EMPTY, TL_FORMAT_ERROR_CORRUPT), the file cannot be
 * read, or @cancellable was cancelled (G_IO_ERROR_CANCELLED). */
TlTraceModel *tl_chrome_json_load  (const char            *path,
                                    TlFormatProgressFunc   progress,
                                    gpointer               user_data,
                                    GCancellable          *cancellable,
                                    GError               **error);

/* Imports from memory (tests, fuzzing); gzip too. */
TlTraceModel *tl_chrome_json_load_data (const char        *data,
                                        gsize              len,
                                        GError           **error);

/* Writes the object form: traceEvents first, M names, X spans, instants,
 * flows, counters, and a "threadline" key with the format version and the
 * lost counts.  Always a complete, terminated file; spans still open in a
 * live model are left out.  Lanes whose spans do not nest are split over
 * pseudo-threads, one per track, as Chrome's viewers need. */
gboolean      tl_chrome_json_save  (TlTraceModel          *model,
                                    GOutputStream         *stream,
                                    TlFormatProgressFunc   progress,
                                    gpointer               user_data,
                                    GCancellable          *cancellable,
                                    GError               **error);

G_END_DECLS
