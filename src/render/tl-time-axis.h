/* tl-time-axis.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time as people read it on an axis: tick steps that follow the zoom (1,
 * 2, 5 times a power of ten), tick labels in the unit that suits the step,
 * and times typed on the command line.  Durations in sentences are the
 * describer's (tl_format_duration () in tl-numbers.h).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gint64 step;        /* between labelled ticks, ns */
  gint64 minor;       /* between unlabelled ticks, ns */
} TlTickScale;

/* The smallest step that leaves @min_spacing pixels between labels. */
void      tl_tick_scale_choose     (TlTickScale        *self,
                                    double              ns_per_px,
                                    double              min_spacing);
/* A tick's label: @offset from the axis origin, e.g. "1.5 ms", as
 * tl_format_axis_time () writes it. */
char     *tl_tick_scale_format     (const TlTickScale  *self,
                                    gint64              offset) G_GNUC_WARN_UNUSED_RESULT;

/* "1.5" (seconds), "1.5s", "20ms", "300us", "300µs", "40ns" -> ns. */
gboolean  tl_parse_duration        (const char         *text,
                                    gint64             *ns,
                                    GError            **error);

G_END_DECLS
