/* test-preload-cpython.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GIL's place in _PyRuntime that the interposer assumes
 * (tl-preload-cpython.h), against CPython 3.11's own internal headers
 * (python3.11-dev), and the size of _PyRuntime against the symbol in
 * /usr/bin/python3.11, so that a Python built differently shows here.
 * Built only where the headers are.
 */
#define Py_BUILD_CORE 1
#include <Python.h>
#include <internal/pycore_runtime.h>

#include <stddef.h>
#include <stdio.h>

#include "tl-preload-cpython.h"

static int failures;

static void
check (const char *what,
       size_t      ours,
       size_t      theirs)
{
  printf ("%s %d - %s: ours %zu, CPython's %zu\n", ours == theirs ? "ok" : "not ok", ++failures,
          what, ours, theirs);
  if (ours != theirs)
    failures += 1000;
}

int
main (void)
{
  printf ("1..5\n");
  check ("ceval.gil", TL_CPYTHON311_GIL, offsetof (_PyRuntimeState, ceval.gil));
  check ("ceval.gil.cond", TL_CPYTHON311_GIL_COND, offsetof (_PyRuntimeState, ceval.gil.cond));
  check ("ceval.gil.mutex", TL_CPYTHON311_GIL_MUTEX, offsetof (_PyRuntimeState, ceval.gil.mutex));
  check ("ceval.gil.switch_cond", TL_CPYTHON311_GIL_SWITCH_COND,
         offsetof (_PyRuntimeState, ceval.gil.switch_cond));
  check ("ceval.gil.switch_mutex", TL_CPYTHON311_GIL_SWITCH_MUTEX,
         offsetof (_PyRuntimeState, ceval.gil.switch_mutex));
  return failures >= 1000 ? 1 : 0;
}
