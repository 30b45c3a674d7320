/* tl-scenario.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading a scenario file: its key file (tl-key-file.c) read into a
 * scenario's texts, parameters and program, every mistake reported with
 * its file, line and, where it helps, column.
 */
#define G_LOG_DOMAIN "tl-scenario"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-key-file.h"
#include "tl-lesson-spec-private.h"
#include "tl-scenario-private.h"
#include "tl-scenario-resources.h"
#include "tl-vocabulary.h"

#define RESOURCE_DIR TL_SCENARIO_RESOURCE_DIR "/"
#define DEFAULT_TIMEOUT 60.0

struct _TlScenario
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *topic;
  char       *summary;
  char       *narration;
  char       *origin;
  GBytes     *data;
  GPtrArray  *params;      /* TlScenarioParam * */
  GHashTable *params_by_name;
  TlProgram  *program;
  TlLessonSpec *lesson;    /* NULL: the file says nothing of its lesson */
  double      timeout;
  int         order;
  gboolean    builtin;
  gboolean    ends_in_deadlock;  /* Ending=deadlock */
  char       *python_name;       /* [Python] File= */
  char       *python;
  GPtrArray  *questions;         /* TlScenarioQuestion * */
};

G_DEFINE_FINAL_TYPE (TlScenario, tl_scenario, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-scenario-error-quark, tl_scenario_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_TOPIC,
  PROP_SUMMARY,
  PROP_NARRATION,
  PROP_ORIGIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tl_scenario_finalize (GObject *object)
{
  TlScenario *self = (TlScenario *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->topic);
  g_free (self->summary);
  g_free (self->narration);
  g_free (self->origin);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->params_by_name, g_hash_table_unref);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_clear_pointer (&self->program, tl_program_free);
  g_clear_pointer (&self->lesson, tl_lesson_spec_free);
  g_free (self->python_name);
  g_free (self->python);
  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_scenario_parent_class)->finalize (object);
}

static void
tl_scenario_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlScenario *self = TL_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TOPIC:
      g_value_set_string (value, self->topic);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_NARRATION:
      g_value_set_string (value, self->narration);
      break;
    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_scenario_class_init (TlScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_scenario_finalize;
  object_class->get_property = tl_scenario_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOPIC] =
    g_param_spec_string ("topic", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NARRATION] =
    g_param_spec_string ("narration", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_scenario_init (TlScenario *self)
{
  self->params = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_scenario_param_unref);
  self->params_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_scenario_question_free);
  self->timeout = DEFAULT_TIMEOUT;
}

/* ---- errors ---------------------------------------------------------------------- */

static gboolean set_error_valist (GError     **error,
                                  int          code,
                                  const char  *origin,
                                  guint        line,
                                  guint        column,
                                  const char  *format,
                                  va_list      args) G_GNUC_PRINTF (6, 0);

static gboolean
set_error_valist (GError     **error,
                  int          code,
                  const char  *origin,
                  guint        line,
                  guint        column,
                  const char  *format,
                  va_list      args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (line == 0)
    g_set_error (error, TL_SCENARIO_ERROR, code, "%s: %s", origin, message);
  else if (column == 0)
    g_set_error (error, TL_SCENARIO_ERROR, code, "%s:%u: %s", origin, line, message);
  else
    g_set_error (error, TL_SCENARIO_ERROR, code, "%s:%u:%u: %s", origin, line, column, message);
  return FALSE;
}

gboolean
_tl_scenario_set_error (GError     **error,
                        int          code,
                        const char  *origin,
                        guint        line,
                        guint        column,
                        const char  *format,
                        ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (error, code, origin, line, column, format, args);
  va_end (args);
  return FALSE;
}

static gboolean fail (GError     **error,
                      int          code,
                      const char  *origin,
                      guint        line,
                      guint        column,
                      const char  *format,
                      ...) G_GNUC_PRINTF (6, 7);

static gboolean
fail (GError     **error,
      int          code,
      const char  *origin,
      guint        line,
      guint        column,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  set_error_valist (error, code, origin, line, column, format, args);
  va_end (args);
  return FALSE;
}

/* ---- where things are in the file -------------------------------------------- */

static guint
key_line (TlKeyFile  *file,
          const char *group,
          const char *key)
{
  return _tl_key_file_key_line (file, group, key);
}

static guint
group_line (TlKeyFile  *file,
            const char *group)
{
  return _tl_key_file_group_line (file, group);
}

/* ---- loading ------------------------------------------------------------------ */

typedef struct
{
  const char  *origin;
  TlKeyFile   *file;
  gboolean     builtin;
} Loader;

static gboolean
check_keys (Loader              *l,
            const char          *group,
            const char * const  *allowed,
            GError             **error)
{
  const char *key;

  for (guint i = 0; (key = _tl_key_file_get_key (l->file, group, i)) != NULL; i++)
    {
      /* Translations: Narration[fr] is Narration. */
      int len = (int) strcspn (key, "[");
      guint k;

      for (k = 0; allowed[k] != NULL; k++)
        if (strncmp (allowed[k], key, (gsize) len) == 0 && allowed[k][len] == '\0')
          break;
      if (allowed[k] == NULL)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);

          return fail (error, TL_SCENARIO_ERROR_UNKNOWN, l->origin, key_line (l->file, group, key), 0,
                       "unknown key “%s” in [%s] (known: %s)", key, group, list);
        }
    }
  return TRUE;
}

/* See tl-scenario-private.h. */
char *
_tl_scenario_get_text (TlKeyFile  *file,
                       gboolean    builtin,
                       const char *group,
                       const char *key)
{
  char *text = _tl_key_file_get_translation (file, group, key);

  if (text != NULL)
    return text;
  text = _tl_key_file_get_string (file, group, key);
  /* gettext ("") is the catalogue's header. */
  if (text != NULL && builtin && g_strstrip (text)[0] != '\0')
    {
      char *translated = g_strdup (g_dgettext (GETTEXT_PACKAGE, text));

      g_free (text);
      text = translated;
    }
  return text;
}

static char *
get_text (Loader     *l,
          const char *group,
          const char *key)
{
  return _tl_scenario_get_text (l->file, l->builtin, group, key);
}

static char *
get_required (Loader      *l,
              const char  *group,
              const char  *key,
              gboolean     localized,
              GError     **error)
{
  char *value;

  if (!_tl_key_file_has_key (l->file, group, key))
    {
      fail (error, TL_SCENARIO_ERROR_MISSING, l->origin, group_line (l->file, group), 0,
            "[%s] needs a “%s=” key", group, key);
      return NULL;
    }
  value = localized ? get_text (l, group, key) : _tl_key_file_get_string (l->file, group, key);
  if (g_strstrip (value)[0] == '\0')
    {
      g_free (value);
      fail (error, TL_SCENARIO_ERROR_MISSING, l->origin, key_line (l->file, group, key), 0,
            "“%s” in [%s] is empty", key, group);
      return NULL;
    }
  return value;
}

static gboolean
get_double (Loader      *l,
            const char  *group,
            const char  *key,
            double      *out,
            GError     **error)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  if (!_tl_key_file_has_key (l->file, group, key))
    return TRUE;
  text = g_strstrip (_tl_key_file_get_string (l->file, group, key));
  *out = g_ascii_strtod (text, &end);
  if (text[0] == '\0' || *end != '\0' || !isfinite (*out))
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, key_line (l->file, group, key), 0,
                 "“%s” must be a number, not “%s”", key, text);
  return TRUE;
}

static gboolean
load_header (TlScenario  *self,
             Loader      *l,
             GError     **error)
{
  double order = 1000;

  if (group_line (l->file, "Scenario") == 0)
    return fail (error, TL_SCENARIO_ERROR_MISSING, l->origin, 1, 0,
                 "a scenario file starts with a [Scenario] group");
  if (!check_keys (l, "Scenario", tl_vocabulary_words (TL_WORDS_SCENARIO_KEYS), error))
    return FALSE;
  if ((self->name = get_required (l, "Scenario", "Name", TRUE, error)) == NULL ||
      (self->topic = get_required (l, "Scenario", "Topic", TRUE, error)) == NULL ||
      (self->summary = get_required (l, "Scenario", "Summary", TRUE, error)) == NULL ||
      (self->narration = get_required (l, "Scenario", "Narration", TRUE, error)) == NULL)
    return FALSE;
  if (!get_double (l, "Scenario", "Timeout", &self->timeout, error) ||
      !get_double (l, "Scenario", "Order", &order, error))
    return FALSE;
  if (self->timeout <= 0 || self->timeout > TL_SCENARIO_MAX_TIMEOUT)
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin,
                 key_line (l->file, "Scenario", "Timeout"), 0,
                 "Timeout must be above 0 and at most %d seconds", TL_SCENARIO_MAX_TIMEOUT);
  if (fabs (order) > G_MAXINT32)
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin,
                 key_line (l->file, "Scenario", "Order"), 0, "Order is out of range");
  self->order = (int) order;
  if (_tl_key_file_has_key (l->file, "Scenario", "Ending"))
    {
      g_autofree char *ending = g_strstrip (_tl_key_file_get_string (l->file, "Scenario", "Ending"));

      if (!g_str_equal (ending, "deadlock"))
        return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin,
                     key_line (l->file, "Scenario", "Ending"), 0,
                     "Ending can only be “deadlock”, not “%s”", ending);
      self->ends_in_deadlock = TRUE;
    }
  if (_tl_key_file_has_key (l->file, "Scenario", "Id"))
    {
      g_free (self->id);
      self->id = g_strstrip (_tl_key_file_get_string (l->file, "Scenario", "Id"));
    }
  return TRUE;
}

/* See tl-scenario-private.h. */
gboolean
_tl_scenario_get_choice_labels (TlKeyFile   *file,
                                const char  *origin,
                                gboolean     builtin,
                                const char  *group,
                                guint        n_choices,
                                GStrv       *labels,
                                GError     **error)
{
  const char *key = _tl_key_file_find_translation (file, group, "Choices");
  g_auto(GStrv) found = NULL;

  if (key != NULL)
    {
      if ((found = _tl_key_file_get_string_list (file, group, key, error)) == NULL)
        return FALSE;
      if (g_strv_length (found) != n_choices)
        return fail (error, TL_SCENARIO_ERROR_INVALID, origin, key_line (file, group, key), 0,
                     "%s has %u items and Choices %u: one label for each choice", key,
                     g_strv_length (found), n_choices);
    }
  else if (builtin)
    {
      g_autofree char *value = g_strdup (_tl_key_file_get_value (file, group, "Choices"));
      const char *translated = g_dgettext (GETTEXT_PACKAGE, g_strstrip (value));

      /* A catalogue that does not match the choices is not used. */
      if (value[0] != '\0' && translated != value &&
          (found = _tl_key_file_split_list (translated)) != NULL &&
          g_strv_length (found) != n_choices)
        g_clear_pointer (&found, g_strfreev);
    }
  for (guint i = 0; found != NULL && found[i] != NULL; i++)
    g_strstrip (found[i]);
  *labels = g_steal_pointer (&found);
  return TRUE;
}

static gboolean
load_param (TlScenario  *self,
            Loader      *l,
            const char  *group,
            GError     **error)
{
  const char *name = group + strlen ("Parameter ");
  g_autoptr(TlScenarioParam) param = NULL;
  g_autofree char *type = NULL;
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  g_autofree char *default_value = NULL;
  g_autofree char *canonical = NULL;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GError) local_error = NULL;
  int param_type;
  double min, max, step;

  if (!check_keys (l, group, tl_vocabulary_words (TL_WORDS_PARAMETER_KEYS), error))
    return FALSE;
  if (!tl_program_is_name (name))
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, group_line (l->file, group), 0,
                 "“%s” is not a parameter name (letters, digits and _)", name);
  if (tl_scenario_lookup_param (self, name) != NULL)
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, group_line (l->file, group), 0,
                 "the parameter “%s” is defined twice", name);

  if ((type = get_required (l, group, "Type", FALSE, error)) == NULL)
    return FALSE;
  param_type = tl_vocabulary_lookup (TL_WORDS_PARAM_TYPES, type, -1);
  if (param_type < 0)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) tl_vocabulary_words (TL_WORDS_PARAM_TYPES));

      return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, key_line (l->file, group, "Type"), 0,
                   "unknown parameter type “%s” (%s)", type, known);
    }

  param = _tl_scenario_param_new (name, (TlParamType) param_type);
  label = get_text (l, group, "Label");
  description = get_text (l, group, "Description");
  _tl_scenario_param_set_texts (param, label, description);

  min = tl_scenario_param_get_min (param);
  max = tl_scenario_param_get_max (param);
  step = tl_scenario_param_get_step (param);
  if (!get_double (l, group, "Min", &min, error) ||
      !get_double (l, group, "Max", &max, error) ||
      !get_double (l, group, "Step", &step, error))
    return FALSE;
  if (min > max)
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, key_line (l->file, group, "Max"), 0,
                 "Max is below Min");
  _tl_scenario_param_set_range (param, min, max, step);

  if (param_type == (int) TL_PARAM_CHOICE)
    {
      g_auto(GStrv) choices = _tl_key_file_get_string_list (l->file, group, "Choices", &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (choices == NULL || choices[0] == NULL)
        return fail (error, TL_SCENARIO_ERROR_MISSING, l->origin, group_line (l->file, group), 0,
                     "a choice parameter needs “Choices=a;b;c”");
      for (guint i = 0; choices[i] != NULL; i++)
        g_strstrip (choices[i]);
      if (!_tl_scenario_get_choice_labels (l->file, l->origin, l->builtin, group, g_strv_length (choices),
                                           &labels, error))
        return FALSE;
      _tl_scenario_param_set_choices (param, (const char * const *) choices,
                                      (const char * const *) labels);
    }

  if ((default_value = get_required (l, group, "Default", FALSE, error)) == NULL)
    return FALSE;
  canonical = tl_scenario_param_check (param, default_value, &local_error);
  if (canonical == NULL)
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin,
                 key_line (l->file, group, "Default"), 0, "bad Default: %s", local_error->message);
  _tl_scenario_param_set_default (param, canonical);

  g_hash_table_insert (self->params_by_name, (gpointer) tl_scenario_param_get_name (param), param);
  g_ptr_array_add (self->params, g_steal_pointer (&param));
  return TRUE;
}

static TlSourcePos
value_pos (Loader     *l,
           const char *group,
           const char *key)
{
  TlSourcePos source = { l->origin, 0, 1 };

  source.line = key_line (l->file, group, key);
  if (source.line > 0)
    source.column = _tl_key_file_value_column (l->file, group, key);
  return source;
}

static gboolean
load_shared (TlScenario  *self,
             Loader      *l,
             GError     **error)
{
  const char *key;

  for (guint i = 0; (key = _tl_key_file_get_key (l->file, "Shared", i)) != NULL; i++)
    {
      const char *value = _tl_key_file_get_value (l->file, "Shared", key);
      TlSourcePos pos = value_pos (l, "Shared", key);
      TlSharedDecl *decl = tl_program_parse_shared (self->program, key, value, &pos, error);

      if (decl == NULL)
        return FALSE;
      g_ptr_array_add (self->program->shared, decl);
    }
  return TRUE;
}

static gboolean
load_function (TlScenario  *self,
               Loader      *l,
               const char  *group,
               const char  *name,
               GError     **error)
{
  const char *steps;
  TlProgramFunction *function;
  TlSourcePos pos;

  if (!check_keys (l, group, tl_vocabulary_words (TL_WORDS_FUNCTION_KEYS), error))
    return FALSE;
  if (!tl_program_is_name (name))
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, group_line (l->file, group), 0,
                 "“%s” is not a function name (letters, digits and _)", name);
  if (!_tl_key_file_has_key (l->file, group, "Steps"))
    return fail (error, TL_SCENARIO_ERROR_MISSING, l->origin, group_line (l->file, group), 0,
                 "[%s] needs a “Steps=” key", group);

  function = g_new0 (TlProgramFunction, 1);
  function->name = g_strdup (name);
  function->line = key_line (l->file, group, "Steps");
  if (!tl_program_add_function (self->program, function))
    return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin, group_line (l->file, group), 0,
                 "the function “%s” is defined twice", name);

  if (_tl_key_file_has_key (l->file, group, "Args"))
    {
      const char *args = _tl_key_file_get_value (l->file, group, "Args");
      g_auto(GStrv) parts = g_strsplit_set (args, ",; \t", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (parts[i][0] == '\0')
            continue;
          if (!tl_program_is_name (parts[i]))
            return fail (error, TL_SCENARIO_ERROR_INVALID, l->origin,
                         key_line (l->file, group, "Args"), 0,
                         "“%s” is not an argument name (letters, digits and _)", parts[i]);
          g_strv_builder_add (builder, parts[i]);
        }
      function->args = g_strv_builder_end (builder);
    }
  else
    function->args = g_new0 (char *, 1);

  steps = _tl_key_file_get_value (l->file, group, "Steps");
  pos = value_pos (l, group, "Steps");
  function->body = tl_program_parse_steps (self->program, steps, &pos, error);
  return function->body != NULL;
}

static gboolean
load_program (TlScenario  *self,
              Loader      *l,
              GError     **error)
{
  g_autoptr(GPtrArray) param_names = g_ptr_array_new ();
  const char *group;

  self->program = tl_program_new ();

  if (group_line (l->file, "Main") == 0)
    return fail (error, TL_SCENARIO_ERROR_MISSING, l->origin, 0, 0,
                 "no [Main] group: it holds the steps the main process runs");
  /* Main first: the engine runs function 0. */
  if (!load_function (self, l, "Main", "Main", error))
    return FALSE;

  for (guint i = 0; (group = _tl_key_file_get_group (l->file, i)) != NULL; i++)
    {
      if (strcmp (group, "Scenario") == 0 || strcmp (group, "Main") == 0 ||
          strcmp (group, "Python") == 0 || g_str_has_prefix (group, "Question "))
        continue;
      if (g_str_has_prefix (group, "Parameter "))
        {
          if (!load_param (self, l, group, error))
            return FALSE;
        }
      else if (g_str_has_prefix (group, "Function "))
        {
          if (!load_function (self, l, group, group + strlen ("Function "), error))
            return FALSE;
        }
      else if (strcmp (group, "Shared") == 0)
        {
          if (!load_shared (self, l, error))
            return FALSE;
        }
      else if (strcmp (group, "Lesson") == 0)
        {
          /* Read once the [Shared] objects it names are known. */
          if (!check_keys (l, group, tl_vocabulary_words (TL_WORDS_LESSON_KEYS), error))
            return FALSE;
        }
      else
        return fail (error, TL_SCENARIO_ERROR_UNKNOWN, l->origin, group_line (l->file, group), 0,
                     "unknown group [%s] (known: [Scenario], [Parameter NAME], [Shared], "
                     "[Function NAME], [Main], [Lesson], [Python], [Question NAME])", group);
    }

  for (guint i = 0; i < self->params->len; i++)
    g_ptr_array_add (param_names,
                     (gpointer) tl_scenario_param_get_name (g_ptr_array_index (self->params, i)));
  g_ptr_array_add (param_names, NULL);
  if (!tl_program_check (self->program, (const char * const *) param_names->pdata, l->origin, error))
    return FALSE;
  self->lesson = _tl_lesson_spec_load (l->file, l->origin, self->program, error);
  return self->lesson != NULL || group_line (l->file, "Lesson") == 0;
}

/* What a class is shown beside the run: the Python, and the questions. */
static gboolean
load_teaching (TlScenario  *self,
               Loader      *l,
               GError     **error)
{
  const char *group;

  if (!_tl_scenario_load_python (l->file, l->origin, self->program, &self->python_name,
                                 &self->python, error))
    return FALSE;
  for (guint i = 0; (group = _tl_key_file_get_group (l->file, i)) != NULL; i++)
    if (g_str_has_prefix (group, "Question "))
      {
        TlScenarioQuestion *question = _tl_scenario_load_question (l->file, l->origin, l->builtin, group,
                                                                   self->program, error);

        if (question == NULL)
          return FALSE;
        g_ptr_array_add (self->questions, question);
      }
  return TRUE;
}

static TlScenario *
load (const char  *data,
      gsize        len,
      const char  *origin,
      const char  *id,
      gboolean     builtin,
      GError     **error)
{
  g_autoptr(TlScenario) self = g_object_new (TL_TYPE_SCENARIO, NULL);
  g_autoptr(TlKeyFile) file = NULL;
  Loader l = { origin, NULL, builtin };

  if (len > TL_SCENARIO_MAX_BYTES)
    {
      fail (error, TL_SCENARIO_ERROR_INVALID, origin, 0, 0,
            "the file is too large: a scenario file is at most %u MiB", TL_SCENARIO_MAX_BYTES >> 20);
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) len, NULL))
    {
      fail (error, TL_SCENARIO_ERROR_SYNTAX, origin, 0, 0, "the file is not UTF-8 text");
      return NULL;
    }
  if ((file = _tl_key_file_new (origin, data, len, error)) == NULL)
    return NULL;
  l.file = file;

  self->id = g_strdup (id);
  self->origin = g_strdup (origin);
  self->builtin = builtin;
  self->data = g_bytes_new (data, len);
  if (!load_header (self, &l, error) || !load_program (self, &l, error) ||
      !load_teaching (self, &l, error))
    return NULL;
  return g_steal_pointer (&self);
}

static char *
id_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".scenario"))
    base[strlen (base) - strlen (".scenario")] = '\0';
  return g_steal_pointer (&base);
}

TlScenario *
tl_scenario_new_from_data (const char  *data,
                           gssize       len,
                           const char  *origin,
                           GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (origin == NULL)
    origin = "scenario";
  if (len < 0)
    len = (gssize) strlen (data);
  id = id_from_path (origin);
  return load (data, (gsize) len, origin, id, FALSE, error);
}

/* A regular file of at most TL_SCENARIO_MAX_BYTES, read at once: a FIFO,
 * a device or a huge file is refused before anything is read, and a file
 * that grows while it is read stops at the limit. */
GBytes *
_tl_scenario_read_file (const char  *path,
                        GError     **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct stat st;
  guint8 buf[65536];
  ssize_t n;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int saved = errno;

      fail (error, TL_SCENARIO_ERROR_NOT_FOUND, path, 0, 0, "%s", g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      fail (error, TL_SCENARIO_ERROR_NOT_FOUND, path, 0, 0, "not a regular file");
      return NULL;
    }
  data = g_byte_array_new ();
  while (data->len <= TL_SCENARIO_MAX_BYTES &&
         ((n = read (fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)))
    if (n > 0)
      g_byte_array_append (data, buf, (guint) n);
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

TlScenario *
tl_scenario_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  contents = _tl_scenario_read_file (path, error);
  if (contents == NULL)
    return NULL;
  id = id_from_path (path);
  return load (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), path, id, FALSE, error);
}

void
_tl_scenario_ensure_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      tl_scenarios_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static TlScenario *
load_builtin (const char  *id,
              GError     **error)
{
  g_autofree char *path = g_strdup_printf (RESOURCE_DIR "%s.scenario", id);
  g_autofree char *origin = g_strdup_printf ("resource://%s", path);
  g_autoptr(GBytes) bytes = NULL;

  _tl_scenario_ensure_resources ();
  bytes = g_resources_lookup_data (path, 0, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND,
                   "there is no built-in scenario “%s” (see “threadline-cli list”)", id);
      return NULL;
    }
  return load (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), origin, id, TRUE, error);
}

static int
compare_scenarios (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  TlScenario *x = (TlScenario *) a, *y = (TlScenario *) b;

  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return strcmp (x->id, y->id);
}

GListModel *
tl_scenario_list_builtin (void)
{
  static GListStore *store;

  if (g_once_init_enter (&store))
    {
      GListStore *list = g_list_store_new (TL_TYPE_SCENARIO);
      g_auto(GStrv) names = NULL;

      _tl_scenario_ensure_resources ();
      names = g_resources_enumerate_children (RESOURCE_DIR, 0, NULL);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          g_autoptr(TlScenario) scenario = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *id = NULL;

          if (!g_str_has_suffix (names[i], ".scenario"))
            continue;
          id = id_from_path (names[i]);
          scenario = load_builtin (id, &error);
          if (scenario == NULL)
            {
              g_critical ("Built-in scenario %s does not load: %s", id, error->message);
              continue;
            }
          g_list_store_insert_sorted (list, scenario, compare_scenarios, NULL);
        }
      g_once_init_leave (&store, list);
    }
  return g_object_ref (G_LIST_MODEL (store));
}

TlScenario *
tl_scenario_new_builtin (const char  *id,
                         GError     **error)
{
  g_autoptr(GListModel) list = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = tl_scenario_list_builtin ();
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (list, i);

      if (strcmp (scenario->id, id) == 0)
        return g_steal_pointer (&scenario);
    }
  g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND,
               "there is no built-in scenario “%s” (see “threadline-cli list”)", id);
  return NULL;
}

TlScenario *
tl_scenario_lookup (const char  *id_or_path,
                    GError     **error)
{
  g_return_val_if_fail (id_or_path != NULL, NULL);

  if (strchr (id_or_path, '/') != NULL || g_str_has_suffix (id_or_path, ".scenario") ||
      g_file_test (id_or_path, G_FILE_TEST_IS_REGULAR))
    return tl_scenario_new_from_file (id_or_path, error);
  return tl_scenario_new_builtin (id_or_path, error);
}

const char *
tl_scenario_get_id (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->id;
}

const char *
tl_scenario_get_name (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->name;
}

const char *
tl_scenario_get_topic (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->topic;
}

const char *
tl_scenario_get_summary (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->summary;
}

const char *
tl_scenario_get_narration (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->narration;
}

const char *
tl_scenario_get_origin (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->origin;
}

gboolean
tl_scenario_is_builtin (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), FALSE);
  return self->builtin;
}

GBytes *
tl_scenario_get_data (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->data;
}

double
tl_scenario_get_timeout (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), DEFAULT_TIMEOUT);
  return self->timeout;
}

TlLessonSpec *
tl_scenario_get_lesson (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->lesson;
}

gboolean
tl_scenario_get_ends_in_deadlock (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), FALSE);
  return self->ends_in_deadlock;
}

GPtrArray *
tl_scenario_get_params (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->params;
}

TlScenarioParam *
tl_scenario_lookup_param (TlScenario *self,
                          const char *name)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);

  return g_hash_table_lookup (self->params_by_name, name);
}

gboolean
tl_scenario_check_values (TlScenario  *self,
                          GHashTable  *values,
                          GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (TL_IS_SCENARIO (self), FALSE);

  if (values == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TlScenarioParam *param = tl_scenario_lookup_param (self, key);
      g_autofree char *canonical = NULL;

      if (param == NULL)
        {
          g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER,
                       "“%s” has no parameter “%s”", self->id, (const char *) key);
          return FALSE;
        }
      canonical = tl_scenario_param_check (param, value, error);
      if (canonical == NULL)
        return FALSE;
    }
  return TRUE;
}

TlProgram *
_tl_scenario_get_program (TlScenario *self)
{
  return self->program;
}

const char *
tl_scenario_get_python (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->python;
}

const char *
tl_scenario_get_python_name (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->python_name;
}

GPtrArray *
tl_scenario_get_questions (TlScenario *self)
{
  g_return_val_if_fail (TL_IS_SCENARIO (self), NULL);
  return self->questions;
}

char *
tl_scenario_find_runner (void)
{
  const char *env = g_getenv ("THREADLINE_RUNNER");
  g_autofree char *self_exe = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* Relative to the calling program, so that an install into any prefix,
   * or one moved or unpacked elsewhere, uses its own runner: first where
   * meson installs it, then where a build tree has it (src/scenarios,
   * beside src/cli and src/app). */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      const char *candidates[] = {
#ifdef BINDIR_TO_LIBEXECDIR
        BINDIR_TO_LIBEXECDIR "/threadline-runner",
#endif
        "threadline-runner",
        "../scenarios/threadline-runner",
        "../src/scenarios/threadline-runner",
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename (path, NULL);
        }
    }
  return g_build_filename (LIBEXECDIR, "threadline-runner", NULL);
}
