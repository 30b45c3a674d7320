/* tl-clock.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The clock producers stamp events with.  On x86-64 with an invariant TSC
 * that the kernel trusts, the record path reads the time stamp counter,
 * which costs less than half a clock_gettime () in the VMs we measured
 * (9 ns against 22, and 10 against 25 where the kernel keeps time with
 * kvm-clock); elsewhere it reads CLOCK_MONOTONIC.  The collector turns
 * ticks into CLOCK_MONOTONIC nanoseconds with the calibration the ring's
 * creator measured and stored in the shared header.
 *
 * $THREADLINE_CLOCK overrides the choice: "monotonic", or "tsc" (for tests,
 * on machines whose kernel does not vouch for the TSC).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
# include <x86intrin.h>
# define TL_CLOCK_HAVE_TSC 1
#else
# define TL_CLOCK_HAVE_TSC 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define TL_CLOCK_ENV "THREADLINE_CLOCK"

typedef enum
{
  TL_CLOCK_SOURCE_AUTO      = 0,  /* a request only: the best this machine offers */
  TL_CLOCK_SOURCE_MONOTONIC = 1,
  TL_CLOCK_SOURCE_TSC       = 2,
} TlClockSource;

/* Maps ticks to nanoseconds: ns = base_ns + ((ticks - base_ticks) * mult >> shift).
 * Lives in the shared header, so it is exactly 32 bytes. */
typedef struct
{
  uint32_t source;      /* TlClockSource */
  uint32_t shift;
  uint64_t mult;
  uint64_t base_ticks;
  uint64_t base_ns;
} TlClockCalibration;

_Static_assert (sizeof (TlClockCalibration) == 32, "TlClockCalibration is 32 bytes");

static inline uint64_t
tl_clock_read_monotonic (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static inline uint64_t
tl_clock_read (TlClockSource source)
{
#if TL_CLOCK_HAVE_TSC
  if (source == TL_CLOCK_SOURCE_TSC)
    return __rdtsc ();
#else
  (void) source;
#endif
  return tl_clock_read_monotonic ();
}

/* The source $THREADLINE_CLOCK names, or else the best this machine offers:
 * the TSC when it is invariant and the kernel keeps time with it or marks
 * it reliable.  @why, if not NULL, gets a static sentence saying why. */
TlClockSource tl_clock_pick_source      (const char              **why);

/* "monotonic", "tsc" or "auto"; "unknown" for anything else. */
const char   *tl_clock_source_to_string (TlClockSource             source);

/* Measures @source against CLOCK_MONOTONIC (ten milliseconds for the TSC).
 * Where the TSC cannot be read or measured, @out is CLOCK_MONOTONIC. */
void          tl_clock_calibrate        (TlClockSource             source,
                                         TlClockCalibration       *out);

/* Converts ticks to CLOCK_MONOTONIC nanoseconds.  Any input is accepted:
 * values from an untrusted segment cannot overflow or trap. */
uint64_t      tl_clock_ticks_to_ns      (const TlClockCalibration *calibration,
                                         uint64_t                  ticks);

/* Converts a duration in nanoseconds to ticks (for timeouts and slack). */
uint64_t      tl_clock_ns_to_ticks      (const TlClockCalibration *calibration,
                                         uint64_t                  ns);

#ifdef __cplusplus
}
#endif
