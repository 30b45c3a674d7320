/* tl-preload-env.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * What threadline-tracer hands to the program it traces, and every traced
 * process hands on to the programs it runs: where the ring and the shared
 * table are (paths under /proc of the tracer, so no descriptor has to
 * cross an exec), where the Python helper lives, and, for a process that
 * replaces its own image, that its start was recorded already.
 */
#pragma once

/* /proc/<tracer pid>/fd/<n> of the ring's memfd. */
#define TL_PRELOAD_ENV_RING    "THREADLINE_PRELOAD_RING"
/* /proc/<tracer pid>/fd/<n> of the shared table (tl-preload-shared.h). */
#define TL_PRELOAD_ENV_SHARED  "THREADLINE_PRELOAD_SHARED"
/* The folder holding sitecustomize.py, put first on PYTHONPATH. */
#define TL_PRELOAD_ENV_PYTHON  "THREADLINE_PRELOAD_PYTHON"
/* Set by the interposer's exec wrappers to the pid that execs: the new
 * image continues a process whose start is recorded. */
#define TL_PRELOAD_ENV_EXEC    "THREADLINE_PRELOAD_EXEC"

#define TL_PRELOAD_LIB_NAME    "libthreadline-preload.so"

/* Longest path the interposer keeps for the variables above. */
#define TL_PRELOAD_PATH_MAX    1024
