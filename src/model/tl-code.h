/* tl-code.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the name of a traced call says about the code it ran.  Profilers
 * of Python name a call after its function and where that function is
 * defined: viztracer writes "count_primes (/home/u/prog.py:12)", and
 * "builtins.print" for a function written in C.  From the name come the
 * function's own name, its file and line, whose code it is (the
 * program's, the standard library's, an installed package's) and a key
 * for its colour that is the same in every trace.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TL_CODE_BUILTIN = 0,   /* built in, or unknown: no file to tell */
  TL_CODE_USER,          /* the program's own code */
  TL_CODE_STDLIB,        /* the language's standard library */
  TL_CODE_LIBRARY,       /* an installed package: site-packages, dist-packages */
  TL_N_CODE_ORIGINS
} TlCodeOrigin;

/* Whose code a file holds, from its path alone: "<frozen ...>" and files
 * under ".../lib/python3.N/" are the standard library; files under
 * "site-packages" or "dist-packages" are installed packages (tested
 * first: they live inside lib/python3.N); "<built-in>" and other names in
 * angle brackets are built in, except those Python gives code a user
 * typed ("<stdin>", "<string>", "<console>", "<ipython-input-...>");
 * Windows paths (backslashes, "...\Python311\Lib\") are understood.
 * Anything else is the program's own.  NULL or "" is built in. */
TlCodeOrigin tl_code_origin_from_path   (const char   *path);
const char  *tl_code_origin_to_string   (TlCodeOrigin  origin);

/* A call's name split into the function's own name (@name[0, *func_len))
 * and its location "(FILE:LINE)" at the end, as viztracer writes it.
 * FALSE (and *func_len the whole name) when the name carries no
 * location. */
gboolean     tl_code_split_name         (const char   *name,
                                         gsize        *func_len,
                                         const char  **file,
                                         gsize        *file_len,
                                         guint32      *line);

/* A key for a function's colour: the same function has the same key in
 * every trace, on every machine.  It is FNV-1a (32 bits) of the
 * function's own name, a NUL byte, and its file's base name (empty when
 * it has no file): a program moved to another folder keeps its colours,
 * two functions of one name in different modules differ.  Never 0. */
guint32      tl_code_color_key          (const char   *func,
                                         gsize         func_len,
                                         const char   *file,
                                         gsize         file_len);

G_END_DECLS
