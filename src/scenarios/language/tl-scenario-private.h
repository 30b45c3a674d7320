/* tl-scenario-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tl-program.h"
#include "tl-scenario.h"

G_BEGIN_DECLS

/* Sets a TL_SCENARIO_ERROR "ORIGIN:LINE:COLUMN: message" (no line when
 * @line is 0, no column when @column is 0); returns FALSE. */
gboolean   _tl_scenario_set_error   (GError     **error,
                                     int          code,
                                     const char  *origin,
                                     guint        line,
                                     guint        column,
                                     const char  *format,
                                     ...) G_GNUC_PRINTF (6, 7);

/* The parsed program, checked; owned by the scenario. */
TlProgram *_tl_scenario_get_program (TlScenario *self);

G_END_DECLS
