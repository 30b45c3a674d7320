/* tl-traceable.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Whether the interposer can attach to a program: the dynamic loader must
 * load it, so the program must be a dynamically linked ELF file of our
 * own architecture that is not setuid or setgid (the loader ignores
 * LD_PRELOAD for those).  A script is judged by its interpreter.
 *
 * Used by threadline-tracer before it runs the traced command, and by the
 * interposer's exec wrappers, possibly in a vfork () child: no allocation,
 * only system calls and the stack.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  TL_TRACEABLE_YES = 0,
  TL_TRACEABLE_NOT_FOUND,        /* no such file (or not on PATH) */
  TL_TRACEABLE_NOT_EXECUTABLE,   /* not a regular file we may execute */
  TL_TRACEABLE_STATIC,           /* statically linked: no loader to preload with */
  TL_TRACEABLE_SETUID,           /* setuid or setgid: the loader ignores LD_PRELOAD */
  TL_TRACEABLE_OTHER_ARCH,       /* an ELF file for another architecture or word size */
  TL_TRACEABLE_UNKNOWN_FORMAT,   /* neither ELF nor a #! script */
} TlTraceable;

/* Judges the program at @path (a path, not a name to look up).  When the
 * answer is about a script's interpreter, @culprit (if not NULL) receives
 * the interpreter's path; otherwise @path. */
TlTraceable  tl_traceable_check       (const char *path,
                                       char       *culprit,
                                       size_t      culprit_size);

/* A sentence for @verdict ("is statically linked"). */
const char  *tl_traceable_describe    (TlTraceable verdict);

/* Finds @file as execvp () would: @file itself if it holds a slash, else
 * the first executable in @search_path (PATH, or the default if NULL).
 * Returns false if there is none. */
bool         tl_traceable_find        (const char *file,
                                       const char *search_path,
                                       char       *out,
                                       size_t      out_size);

#ifdef __cplusplus
}
#endif
