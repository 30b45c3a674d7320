/* tl-run-ending.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the end of a run means.  Most runs end by themselves; a scenario
 * meant to end in a deadlock (Ending=deadlock) never does, and the
 * watchdog ends it.  The recorder calls that a failure, as it must for
 * any scenario that hangs by mistake; but when the scenario means it and
 * the cycle was still there when the watchdog fired, the deadlock is the
 * lesson, and the window and the command line say it as one.
 */
#pragma once

#include <glib.h>

#include "tl-scenario.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

/* The describer's sentence for the deadlock @scenario is meant to end in,
 * when @error says the watchdog ended the run while that cycle lasted;
 * NULL otherwise (the run failed, or ended by itself). */
char *tl_run_describe_meant_deadlock (TlScenario   *scenario,
                                      TlTraceModel *model,
                                      const GError *error);

G_END_DECLS
