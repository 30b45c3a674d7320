/* tl-recorder-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Between the recorder (main context) and its reader thread: a batch that
 * the reader fills under a mutex and the main context takes whole.
 */
#pragma once

#include "tl-collected-event.h"
#include "tl-recorder.h"
#include "tl-tltrace.h"

G_BEGIN_DECLS

typedef struct
{
  GArray     *events;        /* TlModelEvent; text points nowhere until taken */
  GArray     *text_offsets;  /* guint32 per event: offset in texts, or G_MAXUINT32 */
  GByteArray *texts;
} TlBatch;

TlBatch *_tl_batch_new    (void);
void     _tl_batch_free   (TlBatch *batch);
/* Points every event's text into the batch's texts. */
void     _tl_batch_settle (TlBatch *batch);

typedef struct _TlCollectJob TlCollectJob;

/* Starts the reader thread on @ring.  @writer, if any, becomes the
 * thread's until the job ends. */
TlCollectJob *_tl_collect_job_start   (TlRing          *ring,
                                       TlTltraceWriter *writer);
/* @wake (may be NULL) becomes ready (g_source_set_ready_time (0)) each
 * time the thread has collected something the main context has not taken
 * yet: the main context takes batches as they come, on no clock of its
 * own. */
void          _tl_collect_job_set_wake (TlCollectJob   *job,
                                        GSource        *wake);
/* Takes what was collected since the last call (NULL if nothing). */
TlBatch      *_tl_collect_job_take    (TlCollectJob    *job);
/* Flushes what remains (the producers are gone), ends the thread, closes
 * the writer; the last batch and the stats come out. */
TlBatch      *_tl_collect_job_finish  (TlCollectJob    *job,
                                       TlCollectorStats *stats,
                                       GError         **write_error);
void          _tl_collect_job_free    (TlCollectJob    *job);

G_END_DECLS
