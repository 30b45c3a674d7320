/* tl-clock.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-clock.h"

#if TL_CLOCK_HAVE_TSC
# include <cpuid.h>
#endif

__extension__ typedef unsigned __int128 u128;

#define CALIBRATION_SHIFT 32
#define CALIBRATION_NS    10000000u  /* 10 ms: about 5 ppm with 50 ns sampling error */

#if TL_CLOCK_HAVE_TSC
static bool
cpu_has_invariant_tsc (void)
{
  unsigned int eax, ebx, ecx, edx;

  if (!__get_cpuid (0x80000000, &eax, &ebx, &ecx, &edx) || eax < 0x80000007)
    return false;
  if (!__get_cpuid (0x80000007, &eax, &ebx, &ecx, &edx))
    return false;
  return (edx & (1u << 8)) != 0;
}

/* The kernel stops using the TSC when it finds it unsynchronised between
 * cores; follow its judgement rather than repeat its checks. */
static bool
kernel_trusts_tsc (void)
{
  char buf[32] = { 0 };
  FILE *f = fopen ("/sys/devices/system/clocksource/clocksource0/current_clocksource", "re");
  bool trusted;

  if (f == NULL)
    return false;
  trusted = fgets (buf, sizeof buf, f) != NULL && strncmp (buf, "tsc", 3) == 0;
  fclose (f);
  return trusted;
}
#endif

TlClockSource
tl_clock_pick_source (void)
{
  const char *forced = getenv ("THREADLINE_CLOCK");

  if (forced != NULL && strcmp (forced, "monotonic") == 0)
    return TL_CLOCK_SOURCE_MONOTONIC;
#if TL_CLOCK_HAVE_TSC
  if (cpu_has_invariant_tsc () && kernel_trusts_tsc ())
    return TL_CLOCK_SOURCE_TSC;
#endif
  return TL_CLOCK_SOURCE_MONOTONIC;
}

#if TL_CLOCK_HAVE_TSC
/* One (ticks, ns) pair, taken as the middle of the tightest of a few
 * rdtsc / clock_gettime / rdtsc sandwiches. */
static void
sample_tsc_pair (uint64_t *ticks,
                 uint64_t *ns)
{
  uint64_t best_width = UINT64_MAX;

  for (int i = 0; i < 16; i++)
    {
      uint64_t before = __rdtsc ();
      uint64_t mono = tl_clock_read_monotonic ();
      uint64_t after = __rdtsc ();

      if (after >= before && after - before < best_width)
        {
          best_width = after - before;
          *ticks = before + (after - before) / 2;
          *ns = mono;
        }
    }
}
#endif

void
tl_clock_calibrate (TlClockSource       source,
                    TlClockCalibration *out)
{
  memset (out, 0, sizeof *out);
  out->source = TL_CLOCK_SOURCE_MONOTONIC;
  out->mult = 1;
  out->shift = 0;

#if TL_CLOCK_HAVE_TSC
  if (source == TL_CLOCK_SOURCE_TSC)
    {
      uint64_t ticks0 = 0, ns0 = 0, ticks1 = 0, ns1 = 0;
      struct timespec pause = { 0, CALIBRATION_NS };

      sample_tsc_pair (&ticks0, &ns0);
      while (nanosleep (&pause, &pause) != 0)
        ;
      sample_tsc_pair (&ticks1, &ns1);

      if (ticks1 > ticks0 && ns1 > ns0)
        {
          u128 scaled =
            (u128) (ns1 - ns0) << CALIBRATION_SHIFT;

          out->source = TL_CLOCK_SOURCE_TSC;
          out->shift = CALIBRATION_SHIFT;
          out->mult = (uint64_t) (scaled / (ticks1 - ticks0));
          out->base_ticks = ticks1;
          out->base_ns = ns1;
        }
    }
#else
  (void) source;
#endif
}

uint64_t
tl_clock_ticks_to_ns (const TlClockCalibration *calibration,
                      uint64_t                  ticks)
{
  u128 scaled;
  uint64_t delta;
  unsigned int shift = calibration->shift & 63;

  if (ticks >= calibration->base_ticks)
    {
      delta = ticks - calibration->base_ticks;
      scaled = ((u128) delta * calibration->mult) >> shift;
      if (scaled > UINT64_MAX - calibration->base_ns)
        return UINT64_MAX;
      return calibration->base_ns + (uint64_t) scaled;
    }

  delta = calibration->base_ticks - ticks;
  scaled = ((u128) delta * calibration->mult) >> shift;
  if (scaled > calibration->base_ns)
    return 0;
  return calibration->base_ns - (uint64_t) scaled;
}

uint64_t
tl_clock_ns_to_ticks (const TlClockCalibration *calibration,
                      uint64_t                  ns)
{
  u128 scaled;
  unsigned int shift = calibration->shift & 63;

  if (calibration->mult == 0)
    return ns;
  scaled = ((u128) ns << shift) / calibration->mult;
  return scaled > UINT64_MAX ? UINT64_MAX : (uint64_t) scaled;
}
