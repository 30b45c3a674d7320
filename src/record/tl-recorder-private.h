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
/* After finish: the threads that lost events (TlRecorderLoss), yours. */
GArray       *_tl_collect_job_steal_losses (TlCollectJob *job);

/* What a recorder of a real program starts: threadline-tracer with the
 * command (tl-recorder-command.c).  NULL for a scenario's recorder. */
typedef struct _TlRecorderCommand TlRecorderCommand;

TlRecorderCommand *_tl_recorder_get_command        (TlRecorder          *self);
/* Takes @command; before start. */
void               _tl_recorder_set_command        (TlRecorder          *self,
                                                    TlRecorderCommand   *command);

TlRecorderCommand *_tl_recorder_command_new        (const char * const  *argv);
void               _tl_recorder_command_free       (TlRecorderCommand   *command);
/* Says in the model's (and the file's) metadata what runs, and where. */
void               _tl_recorder_command_describe   (TlRecorderCommand   *command,
                                                    TlTraceModel        *model,
                                                    TlTltraceWriter     *writer);
/* Starts threadline-tracer recording into @ring; returns it. */
GSubprocess       *_tl_recorder_command_spawn      (TlRecorderCommand   *command,
                                                    TlRing              *ring,
                                                    GError             **error);
/* Completes once the tracer has ended and said how the program ended. */
void               _tl_recorder_command_wait_async (TlRecorderCommand   *command,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
void               _tl_recorder_command_wait_finish (TlRecorderCommand  *command,
                                                    GAsyncResult        *result);
/* How the run ended, as ::finished says it (NULL: the program exited 0). */
GError            *_tl_recorder_command_outcome    (TlRecorderCommand   *command,
                                                    gboolean             cancel_requested,
                                                    TlRecorderState     *state);
/* The run is over: lets go of the program's terminal and the tracer's pipe. */
void               _tl_recorder_command_end        (TlRecorderCommand   *command);

G_END_DECLS
