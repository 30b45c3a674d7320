/* tl-limits.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one run may take, whatever its scenario file says: processes and
 * threads alive at once, memory held in values, events recorded, and
 * (threadline-runner's watchdog, and the resource limits it sets) time.
 * The counts are shared by every process of the run, in a page they all
 * inherit.
 *
 * A value too large is a MemoryError at the step that makes it, as in
 * Python.  Too many processes, threads or events end the whole run: the
 * process that went past the bound records why, with the scenario's file
 * and line, to threadline-runner, which records it and ends the run with
 * its own exit status (EXIT_LIMIT); the process waits to be killed.  Events recorded
 * faster than the rate allowed are slowed down, not refused.
 *
 * The counts are created by threadline-runner, which also records why a
 * run was ended (it alone is sure to have room in the ring for it).
 */
#pragma once

#include <sys/resource.h>

#include "tl-exec.h"

G_BEGIN_DECLS

#define TL_RUN_MAX_PROCESSES      128                   /* alive at once, MainProcess included */
#define TL_RUN_MAX_THREADS        256                   /* alive at once, besides processes' main threads */
#define TL_RUN_MAX_HELD_BYTES     ((gint64) 512 << 20)  /* in values, all processes together */
/* The largest built-in run (race-counter, 16 workers adding 5,000 times
 * each) records about 1.1 million events; a trace takes 32 bytes each. */
#define TL_RUN_MAX_EVENTS         3000000               /* recorded in one run */
#define TL_RUN_MAX_EVENTS_PER_S   500000                /* more are slowed down */
#define TL_RUN_MAX_SECONDS        3600.0                /* the watchdog's longest wait */
/* Backstops, set by threadline-runner for itself and every process of
 * the run: the address space of one process (not under AddressSanitizer,
 * which reserves terabytes), its CPU time, its descriptors, no core file. */
#define TL_PROCESS_MAX_ADDRESS    ((rlim_t) 4 << 30)
#define TL_PROCESS_MAX_FILES      ((rlim_t) 1024)

/* How long the watchdog lets a run go: @requested seconds if above 0,
 * else the scenario's @timeout at @tempo; never less than 2 s, never more
 * than TL_RUN_MAX_SECONDS. */
double      _tl_limits_watchdog_seconds (double       requested,
                                         double       timeout,
                                         double       tempo);

/* The shared counts: once, in threadline-runner, before it forks the
 * scenario's main process. */
gboolean    _tl_limits_init           (GError      **error);
/* For threadline-runner, once told (SIGUSR1): what ended the run,
 * "FILE:LINE: what"; NULL before. */
const char *_tl_limits_get_end_message (void);
/* Sets the rlimits above on the calling process, inherited by its children. */
void        _tl_limits_set_rlimits    (void);

/* Around the start of a process or a thread: a start past the bound ends
 * the run; a start that failed, and an end, give its place back. */
void        _tl_limits_enter_main_process (void);
void        _tl_limits_enter_process  (TlExec       *x);
void        _tl_limits_leave_process  (void);
void        _tl_limits_enter_thread   (TlExec       *x);
void        _tl_limits_leave_thread   (void);

/* Between steps: counts what this thread recorded and this process holds;
 * slows the thread down if the run records too fast, raises MemoryError
 * if the run holds too much, ends the run after too many events. */
ExecStatus  _tl_limits_check          (TlExec       *x);

/* At a process's end: what it held is no longer the run's. */
void        _tl_limits_release_held   (TlProc       *proc);

/* A new string or list of @bytes or @items: MemoryError past the bounds. */
ExecStatus  _tl_limits_check_string   (TlExec       *x,
                                       gsize         bytes);
ExecStatus  _tl_limits_check_items    (TlExec       *x,
                                       gsize         items);

/* Ends the run: "FILE:LINE: message" goes to threadline-runner, which
 * records it, says it on stderr and ends the run; waits to be killed. */
G_GNUC_NORETURN
void        _tl_limits_end_run        (TlExec       *x,
                                       const char   *format,
                                       ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
