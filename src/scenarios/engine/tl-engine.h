/* tl-engine.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a scenario for real: its main process, the processes and threads
 * it starts, its locks, queues and pools, under an emulated GIL, recording
 * everything into the ring this process was given (tl_trace_attach_from_env).
 *
 * Only threadline-runner calls this, in the child it forks to be the
 * scenario's main process: the engine forks, so the process that runs it
 * must not have other threads; and a scenario that crashes must not take
 * anything but the runner down.
 */
#pragma once

#include "tl-scenario.h"

G_BEGIN_DECLS

/* Runs the scenario's [Main] in the calling process, which becomes the
 * scenario's MainProcess, and exits with its exit status: 0, or 1 after an
 * exception nobody caught.  @values: parameter name -> value (strings);
 * missing ones take their defaults.  @tempo divides every duration.
 * @runner_pid is told when the run goes past a limit (tl-limits.h). */
G_GNUC_NORETURN
void tl_engine_run_main (TlScenario *scenario,
                         GHashTable *values,
                         double      tempo,
                         guint32     runner_pid);

G_END_DECLS
