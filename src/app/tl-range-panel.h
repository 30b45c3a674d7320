/* tl-range-panel.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happened in the stretch of time picked on the timeline (the
 * session's range, a drag with Shift held): per function, its calls,
 * total and own time in the stretch, sorted as asked, each with the
 * colour its calls have on the timeline; per thread, how busy it was.
 */
#pragma once

#include <gtk/gtk.h>

#include "tl-range-stats.h"
#include "tl-session.h"

G_BEGIN_DECLS

#define TL_TYPE_RANGE_PANEL (tl_range_panel_get_type ())
G_DECLARE_FINAL_TYPE (TlRangePanel, tl_range_panel, TL, RANGE_PANEL, GtkWidget)

void       tl_range_panel_set_session (TlRangePanel *self,
                                       TlSession    *session);
/* The timeline whose colours the functions take (may be NULL). */
void       tl_range_panel_set_timeline (TlRangePanel *self,
                                        GtkWidget    *timeline);
void       tl_range_panel_set_sort    (TlRangePanel *self,
                                       TlRangeSort   sort);
/* Brings the panel up to date with the session's range now, rather than
 * when the pointer rests. */
void       tl_range_panel_update      (TlRangePanel *self);
/* What it shows, a row a line, cells apart by tabs: "function\tcount_primes
 * \t3\t2.10 ms\t2.10 ms" (name, calls, total, own time), then
 * "thread\tForkPoolWorker-1 / MainThread\t45%\t2.10 ms". */
GStrv      tl_range_panel_dup_rows    (TlRangePanel *self);

G_END_DECLS
