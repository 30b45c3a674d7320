/* tl-exec.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's core: the run (one per scenario run, copied into every
 * process by fork), a process of the scenario, and a thread of execution
 * with its GIL, its variables and the exception it is raising.
 *
 * The engine's files form layers, each using only those below it:
 *
 *   tl-engine.c          the main process: [Shared] objects, then [Main]
 *   tl-interp*.c         the interpreter: steps and expressions
 *   tl-pool.c, tl-manager.c
 *   tl-process.c         processes and threads, started and joined
 *   tl-primitives.c, tl-channels.c, tl-shared.c   locks, queues, values
 *   tl-exec.c            this: the run, raising, the GIL's hand-over;
 *   tl-limits.c          what a run may take
 *   tl-gil.c, tl-records.c, tl-machine.c
 *
 * A layer that must run a scenario function (a pool's task, a callback)
 * does it through _tl_exec_call_function (), which the interpreter
 * provides when the run starts, not by calling up into it.
 *
 * Rules every file keeps:
 *  - interpreter code (evaluating, touching values and lists) runs only
 *    while its thread holds its process's GIL, as in CPython;
 *  - a step that blocks drops the GIL first and takes it back after;
 *  - the state change of a lock, queue or value and the event that records
 *    it happen together under the primitive's own mutex, so that recorded
 *    order is real order (no "two owners" in the trace).
 */
#pragma once

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "tl-gil.h"
#include "tl-probe.h"
#include "tl-program.h"
#include "tl-records.h"
#include "tl-scenario.h"
#include "tl-value.h"

G_BEGIN_DECLS

typedef struct _TlEngine TlEngine;
typedef struct _TlProc   TlProc;
typedef struct _TlExec   TlExec;

typedef enum
{
  EXEC_OK = 0,
  EXEC_RETURN,
  EXEC_RAISE,
} ExecStatus;

/* Runs scenario function @name with @args in @x (a call, a thread, a task). */
typedef ExecStatus (*TlCallFunction) (TlExec      *x,
                                      const char  *name,
                                      GPtrArray   *args,
                                      TlValue    **result);

/* What a process of the engine runs at its end, last registered first. */
typedef void (*TlAtExit) (TlExec   *x,
                          gpointer  data);

/* ---- the run ------------------------------------------------------------------ */

struct _TlEngine
{
  TlProgram      *program;
  const char     *origin;
  GHashTable     *globals;          /* name -> TlValue * (parameters and shared objects) */
  double          tempo;            /* speed: every duration is divided by it */
  gint64          switch_interval;  /* the GIL's, in ns, after tempo */
  guint32         runner_pid;       /* told when the run goes past a limit */
  gint64          start_ns;
  TlCallFunction  call;             /* the interpreter's */
};

extern TlEngine *_tl_engine;

/* ---- a process and a thread of the scenario ------------------------------ */

struct _TlProc
{
  pid_t       pid;
  char       *name;
  TlGil      *gil;
  guint       n_children;        /* for the names Process-N */
  guint       n_threads;         /* for the names Thread-N */
  GArray     *at_exit;           /* what _tl_process_end () runs */
  gint64      held_base;         /* value bytes held when it began (inherited) */
  gint64      held_reported;     /* what it told the run it holds beyond that */
};

/* The process we are in; replaced in a forked child. */
extern TlProc *_tl_proc;

struct _TlExec
{
  TlProc     *proc;
  guint32     tid;
  char       *name;              /* the thread's name */
  gboolean    holds_gil;
  GPtrArray  *started;           /* TlHandle *: started here, not yet joined */
  GHashTable *locals;            /* the current call's variables */
  TlValue    *exception;         /* while EXEC_RAISE */
  TlValue    *returned;          /* while EXEC_RETURN */
  GRand      *rand;
  guint       depth;
  guintptr    stack_limit;       /* below this the stack is nearly full */
  guint       line;              /* the scenario file's line of the step running now */
  guint       raise_line;        /* of the step that raised x->exception */
};

TlProc     *_tl_proc_new             (const char   *name);
/* Registers @func to run when the process ends (_tl_process_end ()). */
void        _tl_proc_at_exit         (TlProc       *proc,
                                      TlAtExit      func,
                                      gpointer      data);
void        _tl_proc_run_at_exit     (TlExec       *x);

TlExec     *_tl_exec_new             (TlProc       *proc,
                                      const char   *name);
void        _tl_exec_free            (TlExec       *x);
/* The thread's name, or its process's for a process's main thread. */
const char *_tl_exec_get_who         (TlExec       *x);

/* Around anything that blocks. */
void        _tl_exec_release_gil     (TlExec       *x);
void        _tl_exec_take_gil        (TlExec       *x);
/* The eval breaker: gives the GIL away if another thread asked for it. */
void        _tl_exec_check_gil       (TlExec       *x);

/* RecursionError when the thread's stack is nearly full: deep nesting
 * and recursion end as an exception, never as a crash. */
ExecStatus  _tl_exec_check_stack     (TlExec       *x);

/* Raises a Python exception in @x: records it and returns EXEC_RAISE. */
ExecStatus  _tl_exec_raise           (TlExec       *x,
                                      const char   *type_name,
                                      const char   *format,
                                      ...) G_GNUC_PRINTF (3, 4);
ExecStatus  _tl_exec_raise_value     (TlExec       *x,
                                      TlValue      *error);

/* Runs function @name through the interpreter (_tl_engine->call). */
ExecStatus  _tl_exec_call_function   (TlExec       *x,
                                      const char   *name,
                                      GPtrArray    *args,
                                      TlValue     **result);
/* Reports an exception nobody caught, as Python prints it. */
void        _tl_exec_report_uncaught (TlExec       *x,
                                      const char   *where);

/* Durations: @ns at tempo 1, and what they take now. */
gint64      _tl_engine_scale         (double        ns);
gint64      _tl_now_ns               (void);

G_END_DECLS
