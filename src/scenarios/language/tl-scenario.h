/* tl-scenario.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario: a small concurrent program, written as a key file that a
 * teacher can read, copy and change (see data/scenarios/README.md), with
 * its name, topic, narration and parameters.  The built-in scenarios are
 * bundled as a resource; any other file loads from its path.
 *
 * Loading checks the whole program, so a file with a mistake fails to
 * load with a TL_SCENARIO_ERROR whose message names the file, the line and
 * what is wrong ("race.scenario:23:14: unknown step “aquire”").
 *
 * Running a scenario is not done here: see TlRecorder (src/record), which
 * starts threadline-runner.
 */
#pragma once

#include <gio/gio.h>

#include "tl-lesson-spec.h"
#include "tl-scenario-param.h"

G_BEGIN_DECLS

#define TL_SCENARIO_ERROR (tl_scenario_error_quark ())

typedef enum
{
  TL_SCENARIO_ERROR_NOT_FOUND,  /* no built-in scenario by that id, no such file */
  TL_SCENARIO_ERROR_SYNTAX,     /* not key=value data, or a step that does not parse */
  TL_SCENARIO_ERROR_MISSING,    /* a required group or key is missing */
  TL_SCENARIO_ERROR_UNKNOWN,    /* an unknown group, key, step, function or name */
  TL_SCENARIO_ERROR_INVALID,    /* a value that cannot be right: a bad type, a default out of range */
  TL_SCENARIO_ERROR_PARAMETER,  /* a parameter value given for a run is not acceptable */
} TlScenarioError;

GQuark tl_scenario_error_quark (void);

/* What a MARK event's argument says about its text, for marks the engine
 * records; the text is "LABEL = VALUE". */
typedef enum
{
  TL_SCENARIO_MARK_PLAIN    = 0,  /* a "mark" step */
  TL_SCENARIO_MARK_RESULT   = 1,  /* a "result" step: VALUE is the Python repr */
  TL_SCENARIO_MARK_TIME     = 2,  /* a "time" step: VALUE is "12.345 ms" */
  TL_SCENARIO_MARK_WATCHDOG = 3,  /* the watchdog ended the run */
  TL_SCENARIO_MARK_CANCEL   = 4,  /* the run was cancelled */
  TL_SCENARIO_MARK_PARAMS   = 5,  /* the run's parameters: "parameters = a=1 b=2" */
  TL_SCENARIO_MARK_LIMIT    = 6,  /* the run went past a bound: "limit = FILE:LINE: what" */
  TL_SCENARIO_MARK_LOAD     = 7,  /* after a "time" step's mark, what the machine did meanwhile:
                                   * "LABEL = 2 cores, 1.853 busy, 1.802 ours" (in cores) */
} TlScenarioMark;

/* The largest scenario file loaded: a shared file is a program from
 * someone else, and its size bounds what loading it may take. */
#define TL_SCENARIO_MAX_BYTES (8 << 20)
/* The longest Timeout a file may give, in seconds at tempo 1. */
#define TL_SCENARIO_MAX_TIMEOUT 600

#define TL_TYPE_SCENARIO (tl_scenario_get_type ())
G_DECLARE_FINAL_TYPE (TlScenario, tl_scenario, TL, SCENARIO, GObject)

/* Built-in scenarios, in teaching order: a GListModel of TlScenario. */
GListModel      *tl_scenario_list_builtin     (void);
TlScenario      *tl_scenario_new_builtin      (const char   *id,
                                               GError      **error);
TlScenario      *tl_scenario_new_from_file    (const char   *path,
                                               GError      **error);
/* @origin names the data in error messages and becomes the id's source. */
TlScenario      *tl_scenario_new_from_data    (const char   *data,
                                               gssize        len,
                                               const char   *origin,
                                               GError      **error);
/* A built-in id, else a path. */
TlScenario      *tl_scenario_lookup           (const char   *id_or_path,
                                               GError      **error);

const char      *tl_scenario_get_id           (TlScenario   *self);
const char      *tl_scenario_get_name         (TlScenario   *self);
const char      *tl_scenario_get_topic        (TlScenario   *self);
/* One or two sentences for a gallery card. */
const char      *tl_scenario_get_summary      (TlScenario   *self);
/* The longer explanation, paragraphs separated by blank lines. */
const char      *tl_scenario_get_narration    (TlScenario   *self);
/* A path, or resource:///... for a built-in one. */
const char      *tl_scenario_get_origin       (TlScenario   *self);
gboolean         tl_scenario_is_builtin       (TlScenario   *self);
/* The file's text, as loaded. */
GBytes          *tl_scenario_get_data         (TlScenario   *self);
/* Seconds at tempo 1 after which the watchdog ends a run. */
double           tl_scenario_get_timeout      (TlScenario   *self);
/* Whether the file says its run is meant to end in a deadlock
 * (Ending=deadlock): a run the watchdog ends while the cycle lasts has
 * then shown its lesson; any other scenario that hangs has failed. */
gboolean         tl_scenario_get_ends_in_deadlock (TlScenario *self);

/* What its [Lesson] says the view shows, NULL if it has none. */
TlLessonSpec    *tl_scenario_get_lesson       (TlScenario   *self);

/* The parameters, in file order: TlScenarioParam. */
GPtrArray       *tl_scenario_get_params       (TlScenario   *self);
TlScenarioParam *tl_scenario_lookup_param     (TlScenario   *self,
                                               const char   *name);

/* Checks "name" -> "value" strings for a run: every name known, every
 * value acceptable.  Missing names take their defaults. */
gboolean         tl_scenario_check_values     (TlScenario   *self,
                                               GHashTable   *values,
                                               GError      **error);

/* The Python program the scenario stands for ([Python] File=), and that
 * file's name; NULL if it says none.  Each step knows its line in it
 * (TlStmt's py_line). */
const char      *tl_scenario_get_python       (TlScenario   *self);
const char      *tl_scenario_get_python_name  (TlScenario   *self);
/* Its questions, in file order: TlScenarioQuestion (tl-scenario-question.h). */
GPtrArray       *tl_scenario_get_questions    (TlScenario   *self);

/* Where threadline-runner is: $THREADLINE_RUNNER, else found from the
 * calling program (in the libexecdir of its own prefix, or beside it in a
 * build tree), else in the configured libexecdir. */
char            *tl_scenario_find_runner      (void);

G_END_DECLS
