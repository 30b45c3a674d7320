/* tl-scenario-param.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One parameter of a scenario, as the window shows it (a spin button, a
 * switch, a drop-down) and the command line takes it (-p name=value).
 * Values travel as strings; tl_scenario_param_check () says whether one is
 * acceptable and gives it back in canonical form.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TL_PARAM_INT,
  TL_PARAM_DOUBLE,
  TL_PARAM_BOOL,
  TL_PARAM_CHOICE,
} TlParamType;

typedef struct _TlScenarioParam TlScenarioParam;

#define TL_TYPE_SCENARIO_PARAM (tl_scenario_param_get_type ())
GType             tl_scenario_param_get_type        (void) G_GNUC_CONST;

TlScenarioParam  *tl_scenario_param_ref             (TlScenarioParam *self);
void              tl_scenario_param_unref           (TlScenarioParam *self);

const char       *tl_scenario_param_get_name        (TlScenarioParam *self);
const char       *tl_scenario_param_get_label       (TlScenarioParam *self);
const char       *tl_scenario_param_get_description (TlScenarioParam *self);
TlParamType       tl_scenario_param_get_param_type  (TlScenarioParam *self);
const char       *tl_scenario_param_type_to_string  (TlParamType      type);
/* The default in canonical form ("4", "2.5", "true", "threads"). */
const char       *tl_scenario_param_get_default     (TlScenarioParam *self);
/* Numbers: the range and the step a spin button takes. */
double            tl_scenario_param_get_min         (TlScenarioParam *self);
double            tl_scenario_param_get_max         (TlScenarioParam *self);
double            tl_scenario_param_get_step        (TlScenarioParam *self);
/* Choices: the allowed values, NULL-terminated. */
const char *const*tl_scenario_param_get_choices     (TlScenarioParam *self);
/* What the window shows for each of them, in the user's language:
 * "Threads" for "threads"; as many as the choices. */
const char *const*tl_scenario_param_get_choice_labels (TlScenarioParam *self);

/* Returns @value in canonical form, or NULL with a TL_SCENARIO_ERROR_PARAMETER. */
char             *tl_scenario_param_check           (TlScenarioParam *self,
                                                     const char      *value,
                                                     GError         **error);

/* For the loader. */
TlScenarioParam  *_tl_scenario_param_new            (const char      *name,
                                                     TlParamType      type);
void              _tl_scenario_param_set_texts      (TlScenarioParam *self,
                                                     const char      *label,
                                                     const char      *description);
void              _tl_scenario_param_set_range      (TlScenarioParam *self,
                                                     double           min,
                                                     double           max,
                                                     double           step);
/* @labels: NULL, or one for each choice. */
void              _tl_scenario_param_set_choices    (TlScenarioParam *self,
                                                     const char *const *choices,
                                                     const char *const *labels);
void              _tl_scenario_param_set_default    (TlScenarioParam *self,
                                                     const char      *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlScenarioParam, tl_scenario_param_unref)

G_END_DECLS
