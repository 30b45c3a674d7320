/* tl-preload-reap.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include "tl-preload-reap.h"
#include "tl-probe.h"

static bool
is_crash (int sig)
{
  return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT ||
         sig == SIGSYS || sig == SIGTRAP;
}

void
tl_preload_record_reaped (pid_t pid,
                          int   status)
{
  if (pid <= 0)
    return;
  if (WIFEXITED (status))
    {
      tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 0, (uint64_t) pid,
                       (uint64_t) WEXITSTATUS (status), 0);
    }
  else if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);

      if (is_crash (sig))
        tl_trace_record (TL_EVENT_CRASH, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (uint64_t) pid,
                         (uint64_t) sig, 0);
      tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (uint64_t) pid,
                       (uint64_t) sig, 0);
    }
}
