/* tl-recorder-command.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recorder for a real program instead of a scenario: the same live
 * pipeline (ring, reader thread, model fed on the main context, optional
 * .tltrace), but what it starts is threadline-tracer, which runs the
 * command with the interposer attached to every process it makes.
 *
 *   recorder = tl_recorder_new_for_command (argv);
 *   tl_recorder_set_output_path (recorder, "prog.tltrace");   (optional)
 *   g_signal_connect (recorder, "output", ...);    what each process prints
 *   g_signal_connect (recorder, "finished", ...);
 *   tl_recorder_start (recorder, &error);
 *
 * By default the program gets a terminal of its own (so that Python
 * prints line by line, as it does in a terminal) and no input; what it
 * prints arrives as ::output, by process and thread.  The command line
 * instead gives it its own terminal with tl_recorder_set_inherit_stdio ().
 *
 * ::finished carries no error when the program exited with status 0;
 * TL_RECORDER_ERROR_RAISED when it exited with another status,
 * TL_RECORDER_ERROR_CRASHED when a signal ended it,
 * TL_RECORDER_ERROR_UNTRACEABLE when it cannot be traced (and was not
 * run), TL_RECORDER_ERROR_START when it could not start (not found...).
 * tl_recorder_cancel () ends every process of the program.
 */
#pragma once

#include "tl-recorder.h"

G_BEGIN_DECLS

TlRecorder         *tl_recorder_new_for_command       (const char * const *argv) G_GNUC_WARN_UNUSED_RESULT;

/* The command line, or NULL for a scenario's recorder. */
const char * const *tl_recorder_get_command           (TlRecorder         *self);

/* Before start: where the program runs (NULL, the default: here). */
void                tl_recorder_set_working_directory (TlRecorder         *self,
                                                       const char         *directory);
/* Before start: TRUE gives the program the caller's standard input, output
 * and error (the command line); FALSE, the default, a terminal of its own
 * whose text comes as ::output. */
void                tl_recorder_set_inherit_stdio     (TlRecorder         *self,
                                                       gboolean            inherit);
/* Before start: run a program the tracer cannot attach to (static,
 * setuid, another architecture) anyway, untraced, instead of failing. */
void                tl_recorder_set_untraced_ok       (TlRecorder         *self,
                                                       gboolean            untraced_ok);

/* The program's first process, once it runs (0 before). */
guint32             tl_recorder_get_main_pid          (TlRecorder         *self);
/* Whether the program ran without the tracer (see set_untraced_ok). */
gboolean            tl_recorder_get_untraced          (TlRecorder         *self);
/* After ::finished: how the program's first process ended, its exit code
 * or the signal that ended it (the other one is 0).  FALSE if it never
 * ran or the run was cancelled. */
gboolean            tl_recorder_get_exit_status       (TlRecorder         *self,
                                                       int                *exit_code,
                                                       int                *signal);

G_END_DECLS
