/* tl-records.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the engine writes into the trace besides the events its primitives
 * record themselves: printed lines, marks, new objects with their names,
 * and exceptions that were reported.  The lowest layer of the engine.
 */
#pragma once

#include "tl-probe.h"
#include "tl-scenario.h"
#include "tl-value.h"

G_BEGIN_DECLS

/* Also print to stderr (THREADLINE_RUNNER_ECHO=1, for debugging). */
void        _tl_record_set_echo       (gboolean        echo);
gboolean    _tl_record_get_echo       (void);

/* A line printed by @who, a thread or a process name. */
void        _tl_record_print          (const char     *who,
                                       const char     *text);
void        _tl_record_mark           (TlScenarioMark  kind,
                                       const char     *label,
                                       const char     *value);
guint64     _tl_record_new_object     (TlObjectRole    role,
                                       const char     *name);
void        _tl_record_error_reported (const TlValue  *error);

G_END_DECLS
