/* tl-clock.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-clock-private.h"

#if TL_CLOCK_HAVE_TSC
# include <cpuid.h>
#endif

__extension__ typedef unsigned __int128 u128;

#define CALIBRATION_SHIFT 32
#define CALIBRATION_NS    10000000u  /* 10 ms: about 5 ppm with 50 ns sampling error */
#define CLOCKSOURCE_DIR   "/sys/devices/system/clocksource/clocksource0/"

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

/* Whether @word appears, delimited by blanks, in @line. */
static bool
has_word (const char *line,
          const char *word)
{
  size_t len = strlen (word);

  for (const char *p = strstr (line, word); p != NULL; p = strstr (p + 1, word))
    {
      bool starts = p == line || isspace ((unsigned char) p[-1]);
      bool ends = p[len] == '\0' || isspace ((unsigned char) p[len]);

      if (starts && ends)
        return true;
    }
  return false;
}

/* The first line of @path, without its newline; false if it cannot be read. */
static bool
read_first_line (const char *path,
                 char       *buf,
                 size_t      size)
{
  FILE *f = fopen (path, "re");
  bool ok;

  if (f == NULL)
    return false;
  ok = fgets (buf, (int) size, f) != NULL;
  fclose (f);
  if (ok)
    buf[strcspn (buf, "\n")] = '\0';
  return ok;
}

/* The kernel's verdicts: the clocksource it keeps time with, and whether
 * it still offers the TSC (its watchdog and its boot-time check of
 * synchronisation between CPUs withdraw a TSC they find unstable). */
static void
read_kernel_clocksources (TlClockFacts *facts)
{
  char buf[512];

  if (read_first_line (CLOCKSOURCE_DIR "current_clocksource", buf, sizeof buf))
    facts->kernel_current = strcmp (buf, "tsc") == 0;
  if (read_first_line (CLOCKSOURCE_DIR "available_clocksource", buf, sizeof buf))
    facts->kernel_rejected = !has_word (buf, "tsc");
}

/* The kernel's CPU flags, from the first "flags" line of /proc/cpuinfo
 * (every CPU has the same ones). */
static void
read_cpu_flags (TlClockFacts *facts)
{
  FILE *f = fopen ("/proc/cpuinfo", "re");
  char *line = NULL;
  size_t size = 0;

  if (f == NULL)
    return;
  while (getline (&line, &size, f) > 0)
    {
      if (strncmp (line, "flags", 5) != 0)
        continue;
      facts->constant_tsc = has_word (line, "constant_tsc");
      facts->nonstop_tsc = has_word (line, "nonstop_tsc");
      facts->tsc_reliable = has_word (line, "tsc_reliable");
      break;
    }
  free (line);
  fclose (f);
}
#endif

void
_tl_clock_read_facts (TlClockFacts *facts)
{
  memset (facts, 0, sizeof *facts);
#if TL_CLOCK_HAVE_TSC
  facts->have_tsc = true;
  facts->cpuid_invariant = cpu_has_invariant_tsc ();
  read_cpu_flags (facts);
  read_kernel_clocksources (facts);
#endif
}

static TlClockSource
choose_monotonic (const char **why,
                  const char  *reason)
{
  *why = reason;
  return TL_CLOCK_SOURCE_MONOTONIC;
}

static TlClockSource
choose_tsc (const char **why,
            const char  *reason)
{
  *why = reason;
  return TL_CLOCK_SOURCE_TSC;
}

TlClockSource
_tl_clock_choose (const char         *forced,
                  const TlClockFacts *facts,
                  const char        **why)
{
  bool constant_nonstop = facts->constant_tsc && facts->nonstop_tsc;
  const char *dummy;

  if (why == NULL)
    why = &dummy;

  if (forced != NULL && strcmp (forced, "monotonic") == 0)
    return choose_monotonic (why, "forced by THREADLINE_CLOCK=monotonic");
  if (forced != NULL && strcmp (forced, "tsc") == 0)
    return facts->have_tsc ? choose_tsc (why, "forced by THREADLINE_CLOCK=tsc")
                           : choose_monotonic (why, "THREADLINE_CLOCK=tsc, but this CPU has no TSC");

  if (!facts->have_tsc)
    return choose_monotonic (why, "this CPU has no TSC");
  if (!facts->cpuid_invariant && !constant_nonstop)
    return choose_monotonic (why, "the TSC is not invariant "
                                  "(neither CPUID nor constant_tsc + nonstop_tsc say so)");
  if (facts->kernel_rejected)
    return choose_monotonic (why, "the kernel found the TSC unstable "
                                  "(it is not in available_clocksource)");
  if (facts->kernel_current)
    return choose_tsc (why, "invariant TSC, and the kernel keeps time with it");
  if (facts->tsc_reliable)
    return choose_tsc (why, "invariant TSC that the kernel marks reliable (tsc_reliable), "
                            "though it keeps time with another clocksource");
  if (constant_nonstop)
    return choose_tsc (why, "invariant TSC (constant_tsc + nonstop_tsc), "
                            "though the kernel keeps time with another clocksource");
  return choose_monotonic (why, "invariant TSC, but the kernel neither keeps time "
                                "with it nor says it is reliable");
}

TlClockSource
tl_clock_pick_source (const char **why)
{
  TlClockFacts facts;

  _tl_clock_read_facts (&facts);
  return _tl_clock_choose (getenv (TL_CLOCK_ENV), &facts, why);
}

const char *
tl_clock_source_to_string (TlClockSource source)
{
  switch (source)
    {
    case TL_CLOCK_SOURCE_AUTO:
      return "auto";
    case TL_CLOCK_SOURCE_MONOTONIC:
      return "monotonic";
    case TL_CLOCK_SOURCE_TSC:
      return "tsc";
    default:
      return "unknown";
    }
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
