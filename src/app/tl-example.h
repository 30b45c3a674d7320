/* tl-example.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real program to trace, from Threadline's examples (data/examples):
 * Python versions of the scenarios' exercises, and a C program.  Each
 * says what it is in its opening docstring or comment; each is run as
 * a user would run it (Debian's /usr/bin/python3 for the Python ones, the
 * built program for the C one), in its own folder.
 *
 * The examples are found as the runner is (tl_scenario_find_runner ()):
 * $THREADLINE_EXAMPLES if set; else beside the calling program, where an
 * install puts them (share/threadline/examples) or where a build tree
 * has them (data/examples, the sources copied beside the built C
 * program); else in the configured prefix.  A C example whose program
 * is not built there is left out.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What runs the Python examples: Debian's own, which the tracer knows. */
#define TL_EXAMPLE_PYTHON "/usr/bin/python3"

#define TL_TYPE_EXAMPLE (tl_example_get_type ())
G_DECLARE_FINAL_TYPE (TlExample, tl_example, TL, EXAMPLE, GObject)

/* The examples found (TlExample), by file name; empty if none is. */
GListModel         *tl_example_list_all          (void);
/* The folder they were found in, or NULL. */
char               *tl_example_find_dir          (void);

/* Reads the example at @path (a .py file, or a .c file with its program
 * built beside it). */
TlExample          *tl_example_new_from_file     (const char *path,
                                                  GError    **error);

/* "pool-map", from the file's name. */
const char         *tl_example_get_id            (TlExample  *self);
/* "pool_map.py" */
const char         *tl_example_get_file_name     (TlExample  *self);
const char         *tl_example_get_path          (TlExample  *self);
/* Its docstring's first line: "Squares of 1 to 5 with a pool of four
 * worker processes." */
const char         *tl_example_get_summary       (TlExample  *self);
/* The rest of its docstring's first paragraphs, up to how to run it. */
const char         *tl_example_get_description   (TlExample  *self);
/* The scenario that emulates it ("pool-map"), or NULL. */
const char         *tl_example_get_scenario_id   (TlExample  *self);
/* The command that runs it (python3 and the file, or the program). */
const char * const *tl_example_get_argv          (TlExample  *self);
/* The folder it runs in: its own. */
const char         *tl_example_get_directory     (TlExample  *self);

G_END_DECLS
