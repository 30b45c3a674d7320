/* preload-run.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the interposer's tests: trace a real program through TlRecorder, as
 * the window does, and look at what its model says (processes, threads,
 * tasks, locks, messages, printed lines).
 */
#pragma once

#include <glib.h>

#include "tl-recorder-command.h"

G_BEGIN_DECLS

/* Where the tests find their programs (set by tests/preload/meson.build). */
#define PRELOAD_PYTHON "/usr/bin/python3"

typedef struct
{
  TlRecorder   *recorder;
  TlTraceModel *model;          /* the recorder's */
  GPtrArray    *lines;          /* "worker\ttext", one per printed line */
  GError       *error;          /* what ::finished carried */
  gboolean      ended;          /* the program ended by itself */
  int           exit_code;
  int           signal;
} PreloadRun;

/* Traces @argv (NULL-terminated) until it ends, writing @output if not
 * NULL.  Fails the test if the program does not end within two minutes. */
PreloadRun      *preload_run             (const char * const *argv,
                                          const char         *output);
/* The same for an example program of data/examples, with Python if its
 * name ends in .py; @arg is passed to it if not NULL. */
PreloadRun      *preload_run_example     (const char         *name,
                                          const char         *arg);
void             preload_run_free        (PreloadRun         *run);

/* An example program's path. */
char            *preload_example_path    (const char         *name);

guint            preload_count_lines     (PreloadRun         *run,
                                          const char         *worker_prefix,
                                          const char         *text);
/* Processes whose name starts with @prefix. */
guint            preload_count_processes (PreloadRun         *run,
                                          const char         *prefix);
const TlProcess *preload_process         (PreloadRun         *run,
                                          const char         *name);
/* Thread lanes (of process @pid, or of any if 0) whose name starts with
 * @prefix. */
guint            preload_count_threads   (PreloadRun         *run,
                                          guint32             pid,
                                          const char         *prefix);
/* The object of @role named @name, or TL_INDEX_NONE. */
guint32          preload_object          (PreloadRun         *run,
                                          TlObjectRole        role,
                                          const char         *name);
/* Spans of @kind on any lane; with @object_name, only those whose object
 * is named so. */
guint            preload_count_spans     (PreloadRun         *run,
                                          TlSpanKind          kind,
                                          const char         *object_name);
/* Task spans named @name ("square(3)"); *@result gets the last one's result. */
guint            preload_count_tasks     (PreloadRun         *run,
                                          const char         *name,
                                          guint64            *result,
                                          gboolean           *failed);
/* Most task spans open at one instant, over the whole trace. */
guint            preload_max_concurrent_tasks (PreloadRun    *run);
guint            preload_count_flows     (PreloadRun         *run,
                                          TlFlowKind          kind);
/* Asserts that no GIL lane ever has two owners at once. */
void             preload_assert_one_gil_holder (PreloadRun   *run);
/* Asserts that the model has no warning of the model's error @code. */
void             preload_assert_no_warning (PreloadRun       *run,
                                            TlModelError      code);

G_END_DECLS
