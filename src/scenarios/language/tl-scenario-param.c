/* tl-scenario-param.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-scenario"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-scenario-param.h"
#include "tl-scenario.h"
#include "tl-vocabulary.h"

struct _TlScenarioParam
{
  gint         ref_count;
  TlParamType  type;
  char        *name;
  char        *label;
  char        *description;
  char        *default_value;
  double       min;
  double       max;
  double       step;
  GStrv        choices;
  GStrv        choice_labels;   /* NULL: the choices themselves */
};

/* By hand: G_DEFINE_BOXED_TYPE trips -Wpedantic with GLib 2.74. */
GType
tl_scenario_param_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    {
      GType t = g_boxed_type_register_static (g_intern_static_string ("TlScenarioParam"),
                                              (GBoxedCopyFunc) tl_scenario_param_ref,
                                              (GBoxedFreeFunc) tl_scenario_param_unref);

      g_once_init_leave (&type, t);
    }
  return type;
}

/* replace_str () is GLib 2.76. */
static void
replace_str (char       **slot,
             const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*slot);
  *slot = copy;
}

TlScenarioParam *
_tl_scenario_param_new (const char  *name,
                        TlParamType  type)
{
  TlScenarioParam *self = g_new0 (TlScenarioParam, 1);

  self->ref_count = 1;
  self->type = type;
  self->name = g_strdup (name);
  self->label = g_strdup (name);
  self->description = g_strdup ("");
  self->min = type == TL_PARAM_INT ? G_MININT32 : -G_MAXDOUBLE;
  self->max = type == TL_PARAM_INT ? G_MAXINT32 : G_MAXDOUBLE;
  self->step = type == TL_PARAM_INT ? 1 : 0.1;
  self->choices = g_new0 (char *, 1);
  self->default_value = g_strdup (type == TL_PARAM_BOOL ? "false" : "0");
  return self;
}

TlScenarioParam *
tl_scenario_param_ref (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
tl_scenario_param_unref (TlScenarioParam *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->name);
  g_free (self->label);
  g_free (self->description);
  g_free (self->default_value);
  g_strfreev (self->choices);
  g_strfreev (self->choice_labels);
  g_free (self);
}

void
_tl_scenario_param_set_texts (TlScenarioParam *self,
                              const char      *label,
                              const char      *description)
{
  if (label != NULL)
    replace_str (&self->label, label);
  if (description != NULL)
    replace_str (&self->description, description);
}

void
_tl_scenario_param_set_range (TlScenarioParam *self,
                              double           min,
                              double           max,
                              double           step)
{
  self->min = min;
  self->max = max;
  self->step = step;
}

void
_tl_scenario_param_set_choices (TlScenarioParam    *self,
                                const char * const *choices,
                                const char * const *labels)
{
  g_return_if_fail (labels == NULL ||
                    g_strv_length ((char **) labels) == g_strv_length ((char **) choices));

  g_strfreev (self->choices);
  self->choices = g_strdupv ((char **) choices);
  g_strfreev (self->choice_labels);
  self->choice_labels = g_strdupv ((char **) labels);
}

void
_tl_scenario_param_set_default (TlScenarioParam *self,
                                const char      *value)
{
  replace_str (&self->default_value, value);
}

const char *
tl_scenario_param_get_name (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

const char *
tl_scenario_param_get_label (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->label;
}

const char *
tl_scenario_param_get_description (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->description;
}

TlParamType
tl_scenario_param_get_param_type (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, TL_PARAM_INT);
  return self->type;
}

const char *
tl_scenario_param_type_to_string (TlParamType type)
{
  if (type > TL_PARAM_CHOICE)
    return "?";
  return tl_vocabulary_word (TL_WORDS_PARAM_TYPES, type);
}

const char *
tl_scenario_param_get_default (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->default_value;
}

double
tl_scenario_param_get_min (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min;
}

double
tl_scenario_param_get_max (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->max;
}

double
tl_scenario_param_get_step (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->step;
}

const char * const *
tl_scenario_param_get_choices (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->choices;
}

const char * const *
tl_scenario_param_get_choice_labels (TlScenarioParam *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) (self->choice_labels != NULL ? self->choice_labels : self->choices);
}

static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

char *
tl_scenario_param_check (TlScenarioParam  *self,
                         const char       *value,
                         GError          **error)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  text = g_strstrip (g_strdup (value));
  switch (self->type)
    {
    case TL_PARAM_INT:
      {
        gint64 n = g_ascii_strtoll (text, &end, 10);

        if (text[0] == '\0' || *end != '\0')
          break;
        if (n < self->min || n > self->max)
          {
            g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER,
                         "%s must be between %.0f and %.0f, not %s",
                         self->name, self->min, self->max, text);
            return NULL;
          }
        return g_strdup_printf ("%" G_GINT64_FORMAT, n);
      }

    case TL_PARAM_DOUBLE:
      {
        double d = g_ascii_strtod (text, &end);

        if (text[0] == '\0' || *end != '\0' || !isfinite (d))
          break;
        if (d < self->min || d > self->max)
          {
            g_autofree char *min = format_double (self->min);
            g_autofree char *max = format_double (self->max);

            g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER,
                         "%s must be between %s and %s, not %s", self->name, min, max, text);
            return NULL;
          }
        return format_double (d);
      }

    case TL_PARAM_BOOL:
      if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0 ||
          g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "on") == 0)
        return g_strdup ("true");
      if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0 ||
          g_ascii_strcasecmp (text, "no") == 0 || g_ascii_strcasecmp (text, "off") == 0)
        return g_strdup ("false");
      break;

    case TL_PARAM_CHOICE:
      if (g_strv_contains ((const char * const *) self->choices, text))
        return g_steal_pointer (&text);
      {
        g_autofree char *allowed = g_strjoinv (", ", self->choices);

        g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER,
                     "%s must be one of %s, not “%s”", self->name, allowed, text);
        return NULL;
      }

    default:
      break;
    }

  g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER,
               "%s takes %s %s, not “%s”", self->name,
               self->type == TL_PARAM_INT ? "an" : "a",
               self->type == TL_PARAM_INT ? "integer" :
               self->type == TL_PARAM_DOUBLE ? "number" : "true or false", text);
  return NULL;
}
