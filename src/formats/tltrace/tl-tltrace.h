/* tl-tltrace.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threadline's own trace format (see docs/tltrace.md): a header, then
 * chunks, each with its length and checksum.  Written streaming while
 * recording; read by mapping the file.
 */
#pragma once

#include "tl-format.h"

G_BEGIN_DECLS

typedef struct _TlTltraceWriter TlTltraceWriter;

/* Streaming: events as they arrive from the collector, in the order it
 * delivers them (loading replays them in that order).  A writer is used
 * from one thread at a time. */
TlTltraceWriter *tl_tltrace_writer_new          (const char          *path,
                                                 GError             **error);
gboolean         tl_tltrace_writer_add_event    (TlTltraceWriter     *writer,
                                                 const TlModelEvent  *event,
                                                 GError             **error);
void             tl_tltrace_writer_set_metadata (TlTltraceWriter     *writer,
                                                 const char          *key,
                                                 const char          *value);
void             tl_tltrace_writer_add_loss     (TlTltraceWriter     *writer,
                                                 guint64              dropped,
                                                 guint64              torn,
                                                 guint64              corrupt);
/* Flushes what is buffered as a complete chunk (a reader of the file so
 * far sees every event written until now). */
gboolean         tl_tltrace_writer_flush        (TlTltraceWriter     *writer,
                                                 GError             **error);
gboolean         tl_tltrace_writer_close        (TlTltraceWriter     *writer,
                                                 GError             **error);
guint64          tl_tltrace_writer_get_n_events (TlTltraceWriter     *writer);
/* Without close: what was added is written, without the end marker, so
 * the file reads as a recording that was cut off. */
void             tl_tltrace_writer_free         (TlTltraceWriter     *writer);

/* A whole model, as explicit items (for traces that did not come from our
 * runtime, and for Save As). */
gboolean         tl_tltrace_save                (TlTraceModel          *model,
                                                 const char            *path,
                                                 TlFormatProgressFunc   progress,
                                                 gpointer               user_data,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

/* Maps @path and loads it.  A damaged or cut-off file still gives a model
 * of what was intact, with what was lost as warnings on the model (domain
 * TL_FORMAT_ERROR); NULL with @error when nothing usable was found, for a
 * newer major version, or when cancelled. */
TlTraceModel    *tl_tltrace_load                (const char            *path,
                                                 TlFormatProgressFunc   progress,
                                                 gpointer               user_data,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
/* The same, from memory (tests, fuzzing). */
/* The first @max_events events of a recording (or a whole file of explicit
 * items), as a finished model, without reports of what lies beyond: a
 * quick look at a big file while it loads. */
TlTraceModel    *tl_tltrace_load_preview        (const char            *path,
                                                 guint64                max_events,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
TlTraceModel    *tl_tltrace_load_data           (const guint8          *data,
                                                 gsize                  len,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTltraceWriter, tl_tltrace_writer_free)

G_END_DECLS
