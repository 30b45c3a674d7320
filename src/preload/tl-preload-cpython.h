/* tl-preload-cpython.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Where CPython 3.11 keeps its GIL in _PyRuntime on LP64 Linux (the
 * interpreter is statically linked into Debian's python3.11; its internal
 * headers ship in python3.11-dev): _PyRuntime.ceval.gil, a
 * struct _gil_runtime_state of
 *
 *   unsigned long interval; _Py_atomic_address last_holder;
 *   _Py_atomic_int locked; unsigned long switch_number;
 *   pthread_cond_t cond; pthread_mutex_t mutex;
 *   pthread_cond_t switch_cond; pthread_mutex_t switch_mutex;
 *
 * tests/preload/test-preload-cpython.c compiles against those headers to
 * check every offset here; the interposer also waits to see create_gil ()
 * initialise exactly these objects before it believes them.
 */
#pragma once

#include <pthread.h>
#include <stddef.h>

#define TL_CPYTHON311_GIL               360u
#define TL_CPYTHON311_GIL_COND          (TL_CPYTHON311_GIL + 32u)
#define TL_CPYTHON311_GIL_MUTEX         (TL_CPYTHON311_GIL_COND + sizeof (pthread_cond_t))
#define TL_CPYTHON311_GIL_SWITCH_COND   (TL_CPYTHON311_GIL_MUTEX + sizeof (pthread_mutex_t))
#define TL_CPYTHON311_GIL_SWITCH_MUTEX  (TL_CPYTHON311_GIL_SWITCH_COND + sizeof (pthread_cond_t))
