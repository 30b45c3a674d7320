/* tl-supervisor.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-runner's watch over a run: it starts the scenario's main
 * process in a process group of its own, forwards what the run writes on
 * stderr, waits for its end, a cancel, a limit or the watchdog, then
 * kills whatever is left, reaps every process and records how each ended.
 *
 * Nothing of a run outlives the runner: the scenario's processes do not
 * hold the runner's stdout or stderr (so whoever reads them sees the end
 * when the runner ends), and if the runner dies, the main process is told
 * (PR_SET_PDEATHSIG) and kills its whole group.
 */
#pragma once

#include <signal.h>

#include "tl-scenario.h"

G_BEGIN_DECLS

/* How the run ended. */
typedef enum
{
  TL_RUN_ENDED,       /* its main process ended: see main_status */
  TL_RUN_WATCHDOG,
  TL_RUN_CANCELLED,
  TL_RUN_LIMIT,       /* past a bound of tl-limits.h */
} TlRunEnd;

typedef struct
{
  pid_t    main_pid;       /* 0 once it is reaped */
  int      main_status;
  int      errors_fd;      /* the run's stderr, read end; -1 at its end */
  gsize    forwarded;      /* bytes of it written to ours */
  gboolean stopping;       /* the run is over: what is left is killed */
} TlSupervisor;

/* Forks the scenario's MainProcess; FALSE with the reason on stderr. */
gboolean    _tl_supervisor_start     (TlSupervisor   *sup,
                                      TlScenario     *scenario,
                                      GHashTable     *values,
                                      double          tempo,
                                      const sigset_t *old_signals);
/* Waits for the end (@signals blocked: SIGCHLD, a cancel, SIGUSR1 for a
 * limit), then leaves nothing of the run. */
TlRunEnd    _tl_supervisor_watch     (TlSupervisor   *sup,
                                      const sigset_t *signals,
                                      double          timeout);

G_END_DECLS
