/* tl-recorder.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A live recording of one scenario run, for the window and the command
 * line alike.  tl_recorder_start () makes a ring, starts threadline-runner
 * with it (exec'ed, never forked from the caller's threads), and drains the
 * ring on a reader thread; the events reach the model on the caller's main
 * context in batches, as the reader collects them (every few ms while
 * events flow, not at all while none do), so the model is only ever
 * touched by the thread that draws it.  Printed lines come as ::output
 * signals.
 *
 * When the run ends (it returns, raises, hangs past the watchdog, crashes
 * or is cancelled), the model is finished, the losses are added, the
 * optional .tltrace is closed, and ::finished is emitted once.  Every
 * process and thread of the run is gone by then, and the ring, the
 * runner's pipes and any shared memory of the run are released.
 *
 * The caller's main context must run for the recording to progress.
 */
#pragma once

#include <gio/gio.h>

#include "tl-scenario.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

#define TL_RECORDER_ERROR (tl_recorder_error_quark ())

typedef enum
{
  TL_RECORDER_ERROR_START,      /* the ring or the runner could not be started */
  TL_RECORDER_ERROR_SCENARIO,   /* the runner refused the scenario (the message says why) */
  TL_RECORDER_ERROR_RAISED,     /* the scenario's main process ended with an exception */
  TL_RECORDER_ERROR_TIMEOUT,    /* the watchdog ended a run that did not finish in time */
  TL_RECORDER_ERROR_CRASHED,    /* the main process or the runner died of a signal */
  TL_RECORDER_ERROR_OUTPUT,     /* the .tltrace could not be written */
  TL_RECORDER_ERROR_UNTRACEABLE, /* a program the tracer cannot attach to (tl-recorder-command.h) */
  TL_RECORDER_ERROR_TOO_BIG,    /* the run made more lanes than a model may hold: it was stopped */
} TlRecorderError;

GQuark tl_recorder_error_quark (void);

typedef enum
{
  TL_RECORDER_IDLE,
  TL_RECORDER_RUNNING,
  TL_RECORDER_FINISHED,         /* the scenario ran to its end */
  TL_RECORDER_CANCELLED,
  TL_RECORDER_FAILED,           /* see the error of ::finished */
} TlRecorderState;

#define TL_TYPE_RECORDER_STATE (tl_recorder_state_get_type ())
GType tl_recorder_state_get_type (void) G_GNUC_CONST;

#define TL_TYPE_RECORDER (tl_recorder_get_type ())
G_DECLARE_FINAL_TYPE (TlRecorder, tl_recorder, TL, RECORDER, GObject)

TlRecorder      *tl_recorder_new              (TlScenario    *scenario) G_GNUC_WARN_UNUSED_RESULT;

TlScenario      *tl_recorder_get_scenario     (TlRecorder    *self);

/* Before start.  A value is checked against its parameter. */
gboolean         tl_recorder_set_value        (TlRecorder    *self,
                                               const char    *name,
                                               const char    *value,
                                               GError       **error);
/* The run's value of @name: set, else the default; NULL if no such name. */
const char      *tl_recorder_get_value        (TlRecorder    *self,
                                               const char    *name);
/* Speed: 1 is the scenario's own pace (3 to 10 s), 2 twice as fast. */
void             tl_recorder_set_tempo        (TlRecorder    *self,
                                               double         tempo);
double           tl_recorder_get_tempo        (TlRecorder    *self);
/* Seconds of wall time after which the watchdog ends the run; 0 (the
 * default) takes the scenario's Timeout divided by the tempo. */
void             tl_recorder_set_timeout      (TlRecorder    *self,
                                               double         seconds);
/* Also stream the run to a .tltrace file (NULL: none). */
void             tl_recorder_set_output_path  (TlRecorder    *self,
                                               const char    *path);
const char      *tl_recorder_get_output_path  (TlRecorder    *self);

gboolean         tl_recorder_start            (TlRecorder    *self,
                                               GError       **error);
/* Ends the run now; ::finished follows (with G_IO_ERROR_CANCELLED). */
void             tl_recorder_cancel           (TlRecorder    *self);

/* Fed live while running; finished when the run ends.  Owned by the
 * recorder; valid for its lifetime. */
TlTraceModel    *tl_recorder_get_model        (TlRecorder    *self);
TlRecorderState  tl_recorder_get_state        (TlRecorder    *self);
/* Seconds since start, or the run's length once it ended. */
double           tl_recorder_get_elapsed      (TlRecorder    *self);
/* Events received so far, and lost (dropped, torn or corrupt). */
guint64          tl_recorder_get_n_events     (TlRecorder    *self);
guint64          tl_recorder_get_n_lost       (TlRecorder    *self);
/* The error ::finished carried, if any. */
const GError    *tl_recorder_get_error        (TlRecorder    *self);

/* A thread that lost events, once the run ended. */
typedef struct
{
  guint32 pid;
  guint32 tid;
  guint64 dropped;      /* no room in its buffer */
  guint64 torn;         /* cut off half-written when the thread died */
  guint64 corrupt;      /* failed validation */
} TlRecorderLoss;

/* After ::finished: each thread that lost events (none if nothing was
 * lost), in the order they started.  Events dropped by threads that found
 * no buffer at all are in tl_recorder_get_n_lost () only. */
const TlRecorderLoss *tl_recorder_get_losses  (TlRecorder    *self,
                                               guint         *n_losses);

/* At most @max_lanes lanes (threads, locks, state lanes...) in the run's
 * model, and as many processes; a run that makes more is stopped with
 * TL_RECORDER_ERROR_TOO_BIG, and what it did past the bound is left out
 * (counted as dropped).  TL_FORMAT_MAX_LANES by default: what a file may
 * hold.  Before start. */
void          tl_recorder_set_max_lanes   (TlRecorder   *self,
                                           guint         max_lanes);

G_END_DECLS
