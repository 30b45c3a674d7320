/* scenario-run.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the scenario tests: record a scenario for real through TlRecorder,
 * and look at what came out (printed lines, marks, processes), and check
 * that nothing of the run is left on the machine.
 */
#pragma once

#include <glib.h>

#include "tl-recorder.h"

G_BEGIN_DECLS

typedef struct
{
  TlRecorder   *recorder;
  TlTraceModel *model;          /* the recorder's */
  GPtrArray    *lines;          /* "worker\ttext" per printed line */
  GError       *error;          /* what ::finished carried */
  guint32       runner_pid;
  guint32       main_pid;
  /* Set by a probe while the run goes on. */
  gboolean      probe_hit;
  gint64        probe_ts;
} ScenarioRun;

typedef gboolean (*ScenarioProbe) (ScenarioRun *run);

/* Runs @id (a built-in id or a path) with "name=value" @values (NULL-terminated,
 * may be NULL) at @tempo until it ends.  If @cancel_after_ms >= 0 the run
 * is cancelled that long after it started.  @probe, if given, is called on
 * the live model every few milliseconds until it returns TRUE. */
ScenarioRun *scenario_run         (const char         *id,
                                   const char * const *values,
                                   double              tempo,
                                   int                 cancel_after_ms,
                                   ScenarioProbe       probe);
void         scenario_run_free    (ScenarioRun        *run);
/* The next scenario_run () bounds its model to @max_lanes lanes
 * (tl_recorder_set_max_lanes); 0 leaves the recorder's own bound. */
void         scenario_run_set_max_lanes (guint         max_lanes);

/* Printed lines whose text is @text (from @worker prefix, or any if NULL). */
guint        scenario_count_lines (ScenarioRun        *run,
                                   const char         *worker_prefix,
                                   const char         *text);
gboolean     scenario_has_line    (ScenarioRun        *run,
                                   const char         *text);
/* The value of a mark "LABEL = VALUE" of @kind (TlScenarioMark), or NULL. */
const char  *scenario_mark        (ScenarioRun        *run,
                                   int                 kind,
                                   const char         *label);
guint        scenario_count_marks (ScenarioRun        *run,
                                   int                 kind);
const TlProcess *
             scenario_process     (ScenarioRun        *run,
                                   const char         *name);
/* The object of @role named @name, or TL_INDEX_NONE. */
guint32      scenario_object      (ScenarioRun        *run,
                                   TlObjectRole        role,
                                   const char         *name);
/* Slices whose name starts with @prefix, on any lane: count and total ns. */
guint        scenario_slices      (ScenarioRun        *run,
                                   const char         *prefix,
                                   gint64             *total_ns);

/* Asserts nothing of the run is left: the runner and every process of the
 * scenario are gone (not even zombies), no child of ours is left, no
 * shared memory of the run, no recorder thread, and no file descriptor
 * that was not open at the last scenario_count_fds () (which returned
 * @fds_before).  A run may close descriptors that were open then: GLib
 * closes an earlier run's late. */
void         scenario_assert_clean (ScenarioRun       *run,
                                    guint              fds_before);
guint        scenario_count_fds    (void);

G_END_DECLS
