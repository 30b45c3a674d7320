/* test-ring-exec-helper.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Started by test-ring-fork through exec: attaches to the ring in
 * THREADLINE_RING_FD, names itself and writes events as a test worker.
 * Usage: test-ring-exec-helper WORKER N
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-probe.h"

int
main (int   argc,
      char *argv[])
{
  char name[64];
  unsigned long worker;
  unsigned long long n;
  int r;

  if (argc != 3)
    return 2;
  worker = strtoul (argv[1], NULL, 10);
  n = strtoull (argv[2], NULL, 10);

  r = tl_trace_attach_from_env ();
  if (r < 0)
    {
      fprintf (stderr, "test-ring-exec-helper: cannot attach: %s\n", strerror (-r));
      return 3;
    }

  snprintf (name, sizeof name, "exec helper %lu", worker);
  if (!tl_trace_name (TL_ROLE_PROCESS, worker, name, strlen (name)))
    return 4;
  for (unsigned long long i = 0; i < n; i++)
    if (!tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, worker, i, 0))
      return 5;
  return 0;
}
