/* tl-scenario-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tl-program.h"
#include "tl-scenario.h"

G_BEGIN_DECLS

/* The parsed program, checked; owned by the scenario. */
TlProgram *_tl_scenario_get_program (TlScenario *self);

G_END_DECLS
