/* tltrace-scenario.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small traces for the .tltrace tests, the golden files and the fuzzing
 * corpus: a recording that touches every event kind, and a model made of
 * explicit items (the shape a Chrome JSON import has).
 */
#pragma once

#include "tl-tltrace.h"

G_BEGIN_DECLS

/* Runtime events as a collector would deliver them: two processes and
 * their threads, the GIL, a contended lock, shared values, a queue, a
 * condition, tasks (one failing), an error raised and reported, slices,
 * counters, prints and marks, a child that exits and one that crashes,
 * and a thread still holding a lock at the end. */
GArray       *tltrace_scenario_events     (void);

/* The model of those events, fed live. */
TlTraceModel *tltrace_scenario_live_model (GArray *events);

/* Writes @events with a TlTltraceWriter, flushing every @flush_every
 * events (0: never) so that the file has several chunks. */
void          tltrace_scenario_write      (GArray     *events,
                                           const char *path,
                                           guint       flush_every);

/* A model of explicit items: nested slices, an async lane, counters,
 * generic flows, instants with texts, names and sort indexes. */
TlTraceModel *tltrace_scenario_items_model (void);

G_END_DECLS
