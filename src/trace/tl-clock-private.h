/* tl-clock-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * How the clock is chosen, split from where the facts come from, so that
 * tests can ask what would be chosen on machines they do not run on.
 */
#pragma once

#include <stdbool.h>

#include "tl-clock.h"

/* What the CPU and the kernel say about the time stamp counter. */
typedef struct
{
  bool have_tsc;         /* an x86 CPU: rdtsc exists */
  bool cpuid_invariant;  /* CPUID 0x80000007: constant rate, runs in every C-state */
  bool constant_tsc;     /* the kernel's CPU flags (/proc/cpuinfo) */
  bool nonstop_tsc;
  bool tsc_reliable;     /* the platform or hypervisor vouches for it */
  bool kernel_current;   /* the kernel keeps time with it */
  bool kernel_rejected;  /* the kernel threw it out: missing from available_clocksource */
} TlClockFacts;

/* Reads the facts of this machine. */
void          _tl_clock_read_facts (TlClockFacts       *facts);

/* The decision itself: @forced is $THREADLINE_CLOCK (may be NULL). */
TlClockSource _tl_clock_choose     (const char         *forced,
                                    const TlClockFacts *facts,
                                    const char        **why);
