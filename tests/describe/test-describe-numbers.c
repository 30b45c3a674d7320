/* test-describe-numbers.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers as a person writes them: the rules of tl-numbers.h, pinned.
 */
#include "config.h"

#include <math.h>

#include "tl-numbers.h"

#define US G_GINT64_CONSTANT (1000)
#define MS G_GINT64_CONSTANT (1000000)
#define S  G_GINT64_CONSTANT (1000000000)

static void
assert_duration (gint64      ns,
                 const char *expected)
{
  g_autofree char *text = tl_format_duration (ns);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_duration (void)
{
  assert_duration (0, "0 ns");
  assert_duration (800, "800 ns");
  assert_duration (999, "999 ns");
  /* Below a second: one decimal below 100 of the unit, none above. */
  assert_duration (1 * US, "1.0 µs");
  assert_duration (12500, "12.5 µs");
  assert_duration (800 * US, "800 µs");
  assert_duration (6200 * US, "6.2 ms");
  assert_duration (12300 * US, "12.3 ms");
  assert_duration (15 * MS, "15.0 ms");
  assert_duration (230 * MS, "230 ms");
  /* In seconds: two decimals below 10, one below a minute. */
  assert_duration (4700 * MS, "4.70 s");
  assert_duration (G_GINT64_CONSTANT (4560000000), "4.56 s");
  assert_duration (12340 * MS, "12.3 s");
  assert_duration (59940 * MS, "59.9 s");
  /* Then minutes and seconds, hours and minutes. */
  assert_duration (125 * S, "2 min 5 s");
  assert_duration (120 * S, "2 min");
  assert_duration (3723 * S, "1 h 2 min");
  assert_duration (7200 * S, "2 h");
  /* Negative offsets keep their sign. */
  assert_duration (-15 * MS, "-15.0 ms");
  assert_duration (G_MININT64, "-2562047 h 47 min");
}

/* A value that rounds up to the next unit is written in that unit. */
static void
test_duration_rounding (void)
{
  assert_duration (99960, "100 µs");
  assert_duration (999600, "1.0 ms");
  assert_duration (99960 * US, "100 ms");
  assert_duration (999960 * US, "1.00 s");
  assert_duration (9996 * MS, "10.0 s");
  assert_duration (59960 * MS, "1 min");
  assert_duration (3599600 * MS, "1 h");
}

static void
assert_text (char       *text,
             const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_ratio (void)
{
  assert_text (tl_format_ratio (1.77217653440936), "1.77×");
  assert_text (tl_format_ratio (1.0), "1.00×");
  assert_text (tl_format_ratio (9.996), "10.0×");
  assert_text (tl_format_ratio (12.54), "12.5×");
  assert_text (tl_format_ratio (123.4), "123×");
  assert_text (tl_format_ratio (0.5), "0.50×");
  assert_text (tl_format_ratio (NAN), "—");
}

static void
test_percent (void)
{
  assert_text (tl_format_percent (0.45), "45%");
  assert_text (tl_format_percent (0.025), "2.5%");
  assert_text (tl_format_percent (0.0), "0%");
  assert_text (tl_format_percent (1.0), "100%");
  /* Never 0% or 100% unless it is. */
  assert_text (tl_format_percent (0.0001), "<0.1%");
  assert_text (tl_format_percent (0.9996), "99%");
  assert_text (tl_format_percent (0.0996), "10%");
  assert_text (tl_format_percent (INFINITY), "—");
}

static void
test_number (void)
{
  assert_text (tl_format_number (1.77217653440936), "1.77");
  assert_text (tl_format_number (0.00123456), "0.00123");
  assert_text (tl_format_number (2.5), "2.5");
  assert_text (tl_format_number (2.0), "2");
  assert_text (tl_format_number (12.04), "12");
  assert_text (tl_format_number (99.96), "100");
  assert_text (tl_format_number (1234.6), "1235");
  assert_text (tl_format_number (-0.5), "-0.5");
  assert_text (tl_format_number (0), "0");
}

/* A replay's clock: the digits that tell steps apart, no more. */
static void
test_moment (void)
{
  assert_text (tl_format_moment (735214000, 1000), "735.214 ms");
  assert_text (tl_format_moment (735214000, 1000000), "735 ms");
  assert_text (tl_format_moment (735214000, 100000), "735.2 ms");
  assert_text (tl_format_moment (735214123, 1), "735.214123 ms");
  assert_text (tl_format_moment (2500000000, 1000000), "2.500 s");
  assert_text (tl_format_moment (12300, 100), "12.3 µs");
  assert_text (tl_format_moment (500, 1), "500 ns");
  assert_text (tl_format_moment (0, 1000), "0 ns");
  assert_text (tl_format_moment (3 * G_GINT64_CONSTANT (1000000000), 10 * G_GINT64_CONSTANT (1000000000)),
               "3 s");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/describe/numbers/duration", test_duration);
  g_test_add_func ("/describe/numbers/duration-rounding", test_duration_rounding);
  g_test_add_func ("/describe/numbers/ratio", test_ratio);
  g_test_add_func ("/describe/numbers/percent", test_percent);
  g_test_add_func ("/describe/numbers/number", test_number);
  g_test_add_func ("/describe/numbers/moment", test_moment);

  return g_test_run ();
}
