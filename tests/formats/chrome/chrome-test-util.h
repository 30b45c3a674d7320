/* chrome-test-util.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Chrome JSON tests share: golden files, models built from
 * runtime events, and round trips through JSON.
 */
#pragma once

#include "tl-chrome-json.h"

G_BEGIN_DECLS

#define MS (G_GINT64_CONSTANT (1000000))

/* The golden files in tests/data/chrome, NULL-terminated. */
extern const char * const chrome_golden_files[];

char         *chrome_test_path        (const char    *name);
GBytes       *chrome_test_read        (const char    *name);
TlTraceModel *chrome_test_load        (const char    *name);

/* A model from runtime events touching every span, instant and flow kind
 * the model derives: locks, the GIL, conditions, queues, errors, tasks,
 * sleeps, I/O, prints, marks, slices, counters, processes. */
TlTraceModel *chrome_test_runtime_model (void);

/* The model written as JSON (valid JSON is checked when YAJL is there). */
GBytes       *chrome_test_save        (TlTraceModel  *model);
/* JSON -> model, asserting it loads. */
TlTraceModel *chrome_test_reload      (GBytes        *json);

/* Asserts that in @json, the X events of each (pid, tid) nest, as Perfetto
 * requires (checked when YAJL is there). */
void          chrome_test_assert_x_events_nest (GBytes *json);

/* Asserts that @model survives model -> JSON -> model unchanged. */
void          chrome_test_assert_round_trip (TlTraceModel *model);

/* Asserts a loaded model has a warning of @domain / @code; returns its count. */
guint64       chrome_test_warning_count (TlTraceModel *model,
                                         GQuark        domain,
                                         int           code);

/* The spans of a lane, all tracks, sorted by start then end. */
GArray       *chrome_test_lane_spans  (TlTraceModel  *model,
                                       guint32        lane);

G_END_DECLS
