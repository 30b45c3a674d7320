/* tl-preload-reap.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * How a reaped child ended, recorded by whoever reaped it (a traced parent
 * or threadline-tracer): its exit status, or the signal that killed it
 * and, for a crash, a crash event too.
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

void tl_preload_record_reaped (pid_t pid,
                               int   status);
