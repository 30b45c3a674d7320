/* tl-process.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Processes and threads, as Python's multiprocessing and threading make
 * them: started with a body to run, named, joined, and recorded.
 */
#pragma once

#include "tl-primitives.h"

G_BEGIN_DECLS

/* What a new process or thread runs, with the GIL; returns its exit code. */
typedef int (*TlBody) (TlExec   *x,
                       gpointer  data);

typedef struct
{
  TlPrim      prim;
  gboolean    is_process;
  pid_t       pid;
  pthread_t   thread;
  guint32     tid;
  gboolean    joined;
  int         exitcode;          /* Python's: 0, 1 after an exception, -N for signal N */
  char       *func;
  GPtrArray  *args;              /* TlValue * */
  TlProc     *proc;              /* a thread's process */
  TlBody      body;
  gpointer    body_data;
  /* Thread start handshake (Python's Thread.start waits for it), and its
   * end, which any number of threads may join. */
  pthread_mutex_t start_mutex;
  pthread_cond_t  start_cond;
  gboolean    started;
  gboolean    finished;
  gboolean    reaping;           /* a joiner is in pthread_join () */
  gboolean    reaped;            /* the thread is gone */
} TlHandle;

/* A handle for a process or thread that will run @func (@args). */
TlHandle   *_tl_handle_new           (gboolean      is_process,
                                      const char   *name,
                                      const char   *func,
                                      GPtrArray    *args);

/* A new process or thread runs @body (@data) and ends with what it returns. */
ExecStatus  _tl_spawn_process        (TlExec       *x,
                                      const char   *name,
                                      TlBody        body,
                                      gpointer      data,
                                      TlHandle    **out);
ExecStatus  _tl_spawn_thread         (TlExec       *x,
                                      const char   *name,
                                      TlBody        body,
                                      gpointer      data,
                                      TlHandle    **out);
/* The name the next child process of @proc gets: Process-N. */
char       *_tl_process_child_name   (TlProc       *proc);

ExecStatus  _tl_join                 (TlExec       *x,
                                      TlHandle     *handle,
                                      gint64        timeout_ns);
/* Joins every child this thread started and did not join. */
ExecStatus  _tl_join_all             (TlExec       *x);
/* Records a reaped child's end as its parent sees it. */
void        _tl_record_child_exit    (pid_t         pid,
                                      int           status);

/* A forked child's first moves: its own process state, GIL, names. */
TlExec     *_tl_process_begin        (const char   *name,
                                      pid_t         parent);
/* Ends the current process: joins children, runs what was registered
 * with _tl_proc_at_exit (), exits. */
G_GNUC_NORETURN
void        _tl_process_end          (TlExec       *x,
                                      int           exitcode);

G_END_DECLS
