/* tl-numbers.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers as a person writes them, in the user's locale: "4.70 s",
 * "6.2 ms", "1.77×", "45%", never "1.77217653440936".  The rules:
 *
 *  - a duration below a second has at most one decimal, and none from
 *    100 up ("800 ns", "12.5 µs", "6.2 ms", "230 ms"); in seconds, two
 *    decimals below 10 and one below 60 ("4.70 s", "12.3 s"); then
 *    minutes and seconds ("2 min 5 s"), then hours and minutes;
 *  - a ratio has two decimals below 10, one below 100 ("1.77×", "12.5×");
 *  - a share has one decimal below 10 %, none above ("2.5%", "45%"), and
 *    is never rounded to 0% or 100% unless it is exactly that;
 *  - any other number keeps three significant digits and its whole part
 *    ("1.77", "0.00123", "1235"), without trailing zeros.
 *
 * Rounding comes first: 999.96 ms is "1.00 s", never "1000.0 ms".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tl_format_duration (gint64 ns)     G_GNUC_WARN_UNUSED_RESULT;
char *tl_format_ratio    (double ratio)  G_GNUC_WARN_UNUSED_RESULT;
/* @share is a fraction: 0.45 is "45%". */
char *tl_format_percent  (double share)  G_GNUC_WARN_UNUSED_RESULT;
char *tl_format_number   (double value)  G_GNUC_WARN_UNUSED_RESULT;
/* A time axis's label, @offset from its origin, when labels are @step
 * apart: every label in the unit and with the decimals the step needs,
 * so that they read as one scale ("0.5 ms", "1.0 ms", "1.5 ms"); far
 * into a long trace, in seconds with the digits the step needs
 * ("12.50004 s"). */
char *tl_format_axis_time (gint64 offset,
                           gint64 step)   G_GNUC_WARN_UNUSED_RESULT;

/* A moment @offset from the start, with the digits that tell apart
 * moments @resolution apart, in the unit a duration of @offset takes:
 * "735.214 ms" a microsecond apart, "735 ms" a millisecond apart,
 * "2.500 s", "12.3 µs"; never more than nanoseconds. */
char *tl_format_moment    (gint64 offset,
                           gint64 resolution) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
