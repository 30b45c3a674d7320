/* tl-lesson-spec.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The [Lesson] group read and checked: its words are the vocabulary's
 * (tl-vocabulary.c), its mistakes are reported with their line.
 */
#define G_LOG_DOMAIN "tl-scenario"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "tl-lesson-spec-private.h"
#include "tl-scenario-private.h"
#include "tl-vocabulary.h"

#define GROUP "Lesson"

struct _TlLessonSpec
{
  char              *data;
  GStrv              objects;
  GPtrArray         *cards;     /* TlLessonCard * */
  TlLessonChartKind  chart;
  GStrv              phases;
};

static void
card_free (TlLessonCard *card)
{
  g_free (card->subject);
  g_free (card->expected);
  g_free (card);
}

void
tl_lesson_spec_free (TlLessonSpec *self)
{
  if (self == NULL)
    return;
  g_free (self->data);
  g_strfreev (self->objects);
  g_ptr_array_unref (self->cards);
  g_strfreev (self->phases);
  g_free (self);
}

/* ---- reading ------------------------------------------------------------------- */

typedef struct
{
  TlKeyFile   *file;
  const char  *origin;
  TlProgram   *program;     /* NULL: names are not checked */
  GError     **error;
} Reader;

static gboolean fail (Reader      *r,
                      const char  *key,
                      int          code,
                      const char  *format,
                      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Reader     *r,
      const char *key,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  return _tl_scenario_set_error (r->error, code, r->origin,
                                 _tl_key_file_key_line (r->file, GROUP, key), 0, "%s", message);
}

/* The key's items, each stripped, the empty ones left out; NULL (and no
 * error) when there is no such key. */
static GStrv
get_items (Reader     *r,
           const char *key)
{
  g_auto(GStrv) items = NULL;
  g_autoptr(GStrvBuilder) kept = NULL;

  items = _tl_key_file_get_string_list (r->file, GROUP, key, r->error);
  if (items == NULL)
    return NULL;
  kept = g_strv_builder_new ();
  for (guint i = 0; items[i] != NULL; i++)
    if (g_strstrip (items[i])[0] != '\0')
      g_strv_builder_add (kept, items[i]);
  return g_strv_builder_end (kept);
}

static const TlSharedDecl *
find_shared (TlProgram  *program,
             const char *name)
{
  for (guint i = 0; i < program->shared->len; i++)
    {
      const TlSharedDecl *decl = g_ptr_array_index (program->shared, i);

      if (g_strcmp0 (decl->name, name) == 0 || g_strcmp0 (decl->name2, name) == 0)
        return decl;
    }
  return NULL;
}

static char *
shared_names (TlProgram *program)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < program->shared->len; i++)
    {
      const TlSharedDecl *decl = g_ptr_array_index (program->shared, i);

      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", decl->name);
      if (decl->name2 != NULL)
        g_string_append_printf (names, ", %s", decl->name2);
    }
  return g_string_free (names, FALSE);
}

/* An object named like a [Shared] one must be one; the names of
 * processes and threads ("ForkPoolWorker-*", "worker 1") are the
 * trace's and cannot be checked before a run. */
static gboolean
check_objects (Reader *r,
               GStrv   objects)
{
  static const char * const always[] = { "GIL", "MainProcess", "MainThread", NULL };

  for (guint i = 0; r->program != NULL && objects[i] != NULL; i++)
    if (tl_program_is_name (objects[i]) && !g_strv_contains (always, objects[i]) &&
        find_shared (r->program, objects[i]) == NULL)
      {
        g_autofree char *known = shared_names (r->program);

        return fail (r, "Objects", TL_SCENARIO_ERROR_UNKNOWN,
                     "“%s” is not an object of [Shared] (%s), nor GIL, MainProcess or MainThread",
                     objects[i], known[0] != '\0' ? known : "it has none");
      }
  return TRUE;
}

static gboolean
check_card_object (Reader       *r,
                   TlLessonCard *card,
                   const char   *word)
{
  const TlSharedDecl *decl;

  if (r->program == NULL)
    return TRUE;
  decl = find_shared (r->program, card->subject);
  if (decl == NULL || !tl_vocabulary_card_takes (card->kind, decl->kind))
    {
      g_autofree char *takes = tl_vocabulary_card_objects (card->kind);

      if (decl == NULL)
        return fail (r, "Cards", TL_SCENARIO_ERROR_UNKNOWN,
                     "“%s %s”: “%s” is not an object of [Shared]", word, card->subject,
                     card->subject);
      return fail (r, "Cards", TL_SCENARIO_ERROR_INVALID,
                   "“%s %s”: “%s” is a %s; this card shows a %s", word, card->subject,
                   card->subject, tl_shared_kind_to_string (decl->kind), takes);
    }
  return TRUE;
}

/* "KIND SUBJECT [== LABEL]" */
static TlLessonCard *
read_card (Reader     *r,
           const char *item)
{
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *rest = NULL;
  TlLessonCard *card;
  const char *compare;
  int kind;

  g_string_append_len (word, item, (gssize) strcspn (item, " \t"));
  kind = tl_vocabulary_lookup (TL_WORDS_CARDS, word->str, -1);
  if (kind < 0)
    {
      const char *maybe = tl_vocabulary_suggest (TL_WORDS_CARDS, word->str);
      g_autofree char *known = g_strjoinv (", ", (char **) tl_vocabulary_words (TL_WORDS_CARDS));

      if (maybe != NULL)
        fail (r, "Cards", TL_SCENARIO_ERROR_UNKNOWN, "unknown card “%s” (did you mean “%s”?)",
              word->str, maybe);
      else
        fail (r, "Cards", TL_SCENARIO_ERROR_UNKNOWN, "unknown card “%s” (known: %s)",
              word->str, known);
      return NULL;
    }

  card = g_new0 (TlLessonCard, 1);
  card->kind = (TlLessonCardKind) kind;
  rest = g_strstrip (g_strdup (item + word->len));
  compare = strstr (rest, "==");
  if (compare != NULL)
    {
      card->expected = g_strstrip (g_strdup (compare + 2));
      rest[compare - rest] = '\0';
      g_strstrip (rest);
    }
  if (rest[0] != '\0')
    card->subject = g_steal_pointer (&rest);

  if (tl_vocabulary_card_arg (card->kind) == TL_LESSON_ARG_NONE && card->subject != NULL)
    fail (r, "Cards", TL_SCENARIO_ERROR_INVALID, "the card “%s” takes nothing after its name",
          word->str);
  else if (tl_vocabulary_card_arg (card->kind) != TL_LESSON_ARG_NONE && card->subject == NULL)
    fail (r, "Cards", TL_SCENARIO_ERROR_INVALID, "the card “%s” needs to be told what it shows: "
          "“%s %s”", word->str, word->str,
          tl_vocabulary_card_arg (card->kind) == TL_LESSON_ARG_OBJECT ? "NAME" :
          tl_vocabulary_card_arg (card->kind) == TL_LESSON_ARG_LABEL ? "LABEL" : "TEXT");
  else if (card->expected != NULL && !tl_vocabulary_card_compares (card->kind))
    fail (r, "Cards", TL_SCENARIO_ERROR_INVALID, "the card “%s” cannot be compared with “==”",
          word->str);
  else if (card->expected != NULL && card->expected[0] == '\0')
    fail (r, "Cards", TL_SCENARIO_ERROR_INVALID, "“==” needs the label of a result after it");
  else if (tl_vocabulary_card_arg (card->kind) != TL_LESSON_ARG_OBJECT ||
           check_card_object (r, card, word->str))
    return card;
  card_free (card);
  return NULL;
}

static gboolean
read_chart (Reader       *r,
            TlLessonSpec *self)
{
  g_autofree char *chart = NULL;
  int kind;

  if (_tl_key_file_has_key (r->file, GROUP, "Phases"))
    {
      self->phases = get_items (r, "Phases");
      if (self->phases == NULL)
        return FALSE;
      for (guint i = 0; self->phases[i] != NULL; i++)
        if (strchr (self->phases[i], '*') != strrchr (self->phases[i], '*'))
          return fail (r, "Phases", TL_SCENARIO_ERROR_INVALID,
                       "“%s” has more than one “*”", self->phases[i]);
    }
  else
    self->phases = g_new0 (char *, 1);

  if (!_tl_key_file_has_key (r->file, GROUP, "Chart"))
    return TRUE;
  chart = g_strstrip (_tl_key_file_get_string (r->file, GROUP, "Chart"));
  kind = tl_vocabulary_lookup (TL_WORDS_CHARTS, chart, -1);
  if (kind < 0)
    {
      const char *maybe = tl_vocabulary_suggest (TL_WORDS_CHARTS, chart);
      g_autofree char *known = g_strjoinv (", ", (char **) tl_vocabulary_words (TL_WORDS_CHARTS));

      if (maybe != NULL)
        return fail (r, "Chart", TL_SCENARIO_ERROR_UNKNOWN, "unknown chart “%s” (did you mean “%s”?)",
                     chart, maybe);
      return fail (r, "Chart", TL_SCENARIO_ERROR_UNKNOWN, "unknown chart “%s” (known: %s)",
                   chart, known);
    }
  self->chart = (TlLessonChartKind) kind;
  if (self->phases[0] == NULL)
    return fail (r, "Chart", TL_SCENARIO_ERROR_MISSING,
                 "a chart compares phases: add “Phases=” with the labels of “time” steps");
  return TRUE;
}

/* The group as written, to be read back from a recording's metadata. */
static char *
group_data (TlKeyFile *file)
{
  GString *data = g_string_new ("[" GROUP "]\n");
  const char *key;

  for (guint i = 0; (key = _tl_key_file_get_key (file, GROUP, i)) != NULL; i++)
    g_string_append_printf (data, "%s=%s\n", key, _tl_key_file_get_value (file, GROUP, key));
  return g_string_free (data, FALSE);
}

TlLessonSpec *
_tl_lesson_spec_load (TlKeyFile   *file,
                      const char  *origin,
                      TlProgram   *program,
                      GError     **error)
{
  g_autoptr(TlLessonSpec) self = NULL;
  Reader r = { file, origin, program, error };
  g_auto(GStrv) cards = NULL;

  if (_tl_key_file_group_line (file, GROUP) == 0)
    return NULL;

  self = g_new0 (TlLessonSpec, 1);
  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);
  self->chart = TL_LESSON_CHART_NONE;
  self->data = group_data (file);

  if (_tl_key_file_has_key (file, GROUP, "Objects"))
    {
      if ((self->objects = get_items (&r, "Objects")) == NULL || !check_objects (&r, self->objects))
        return NULL;
    }
  else
    self->objects = g_new0 (char *, 1);

  if (_tl_key_file_has_key (file, GROUP, "Cards"))
    {
      if ((cards = get_items (&r, "Cards")) == NULL)
        return NULL;
      for (guint i = 0; cards[i] != NULL; i++)
        {
          TlLessonCard *card = read_card (&r, cards[i]);

          if (card == NULL)
            return NULL;
          g_ptr_array_add (self->cards, card);
        }
    }

  if (!read_chart (&r, self))
    return NULL;
  return g_steal_pointer (&self);
}

TlLessonSpec *
tl_lesson_spec_new_from_data (const char  *data,
                              const char  *origin,
                              GError     **error)
{
  g_autoptr(TlKeyFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  TlLessonSpec *self;

  g_return_val_if_fail (data != NULL, NULL);

  if (origin == NULL)
    origin = "lesson";
  file = _tl_key_file_new (origin, data, strlen (data), error);
  if (file == NULL)
    return NULL;
  self = _tl_lesson_spec_load (file, origin, NULL, &local_error);
  if (self == NULL && local_error == NULL)
    g_set_error (&local_error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_MISSING,
                 "%s: no [" GROUP "] group", origin);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return self;
}

/* ---- what it says -------------------------------------------------------------- */

const char *
tl_lesson_spec_get_data (TlLessonSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->data;
}

const char * const *
tl_lesson_spec_get_objects (TlLessonSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->objects;
}

gboolean
tl_lesson_spec_has_object (TlLessonSpec *self,
                           const char   *name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; self->objects[i] != NULL; i++)
    if (tl_lesson_phase_matches (self->objects[i], name, NULL))
      return TRUE;
  return FALSE;
}

guint
tl_lesson_spec_get_n_cards (TlLessonSpec *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->cards->len;
}

const TlLessonCard *
tl_lesson_spec_get_card (TlLessonSpec *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cards->len, NULL);
  return g_ptr_array_index (self->cards, index);
}

TlLessonChartKind
tl_lesson_spec_get_chart (TlLessonSpec *self)
{
  g_return_val_if_fail (self != NULL, TL_LESSON_CHART_NONE);
  return self->chart;
}

const char * const *
tl_lesson_spec_get_phases (TlLessonSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->phases;
}

gboolean
tl_lesson_phase_matches (const char  *pattern,
                         const char  *label,
                         char       **matched)
{
  const char *star;
  gsize before, after, len;

  g_return_val_if_fail (pattern != NULL && label != NULL, FALSE);

  star = strchr (pattern, '*');
  len = strlen (label);
  if (star == NULL)
    {
      if (strcmp (pattern, label) != 0)
        return FALSE;
      if (matched != NULL)
        *matched = g_strdup (label);
      return TRUE;
    }
  before = (gsize) (star - pattern);
  after = strlen (star + 1);
  if (len < before + after || strncmp (pattern, label, before) != 0 ||
      strcmp (star + 1, label + len - after) != 0)
    return FALSE;
  if (matched != NULL)
    *matched = g_strndup (label + before, len - before - after);
  return TRUE;
}
