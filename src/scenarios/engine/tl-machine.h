/* tl-machine.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the machine did while a "time" step ran, so that a timing comes
 * with its context: how much CPU the whole machine used (/proc/stat), and
 * how much of that was the run's own (this process's threads and the
 * children it reaped: a timed block joins what it starts).  The rest was
 * other programs, which make wall-clock timings unreliable.  And the CPU
 * time a thread used, which a busy machine does not inflate as it does
 * the clock.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 wall_ns;           /* CLOCK_MONOTONIC */
  gint64 busy_ns;           /* every CPU's busy time, 0 when /proc/stat cannot say */
  gint64 ours_ns;           /* CPU time of this process and its reaped children */
  gboolean has_busy;
} TlMachineSample;

void   _tl_machine_sample          (TlMachineSample       *sample);
/* CPU time the calling thread has used, in nanoseconds. */
gint64 _tl_machine_thread_cpu_ns   (void);
/* "2 cores, 1.853 busy, 1.802 ours": the cores, then the machine's and
 * the run's CPU use from @before to @after, in cores. */
char  *_tl_machine_describe_load   (const TlMachineSample *before,
                                    const TlMachineSample *after);

G_END_DECLS
