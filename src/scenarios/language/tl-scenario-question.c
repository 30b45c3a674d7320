/* tl-scenario-question.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A question's moment, its text's facts, and questions as a recording's
 * metadata carries them (a GVariant's text: readable, and GLib parses it
 * back without a parser of ours).
 */
#define G_LOG_DOMAIN "tl-scenario"

#include "config.h"

#include <string.h>

#include "tl-scenario-private.h"
#include "tl-scenario-question.h"

/* The largest n a moment may say: more events than a run may record. */
#define MAX_OCCURRENCE 3000000

void
tl_scenario_question_free (TlScenarioQuestion *question)
{
  if (question == NULL)
    return;
  g_free (question->id);
  g_free (question->ask);
  g_free (question->when);
  g_free (question->object);
  g_free (question->right_choice);
  g_strfreev (question->choices);
  g_free (question->explain);
  g_free (question);
}

/* ---- When= ------------------------------------------------------------------------ */

/* The next word of @p (a "quoted label" when @quoted), NULL at the end. */
static char *
next_token (const char **p,
            gboolean    *quoted)
{
  const char *s = *p, *start;

  while (g_ascii_isspace (*s))
    s++;
  *quoted = FALSE;
  if (*s == '\0')
    return NULL;
  if (*s == '"')
    {
      const char *end = strchr (s + 1, '"');

      if (end == NULL)
        return NULL;
      *quoted = TRUE;
      *p = end + 1;
      return g_strndup (s + 1, (gsize) (end - s - 1));
    }
  start = s;
  while (*s != '\0' && !g_ascii_isspace (*s))
    s++;
  *p = s;
  return g_strndup (start, (gsize) (s - start));
}

static gboolean
parse_count (const char *text,
             guint      *n)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_OCCURRENCE, &value, NULL))
    return FALSE;
  *n = (guint) value;
  return TRUE;
}

static gboolean
when_fails (char       **message,
            const char  *format,
            ...) G_GNUC_PRINTF (2, 3);

static gboolean
when_fails (char       **message,
            const char  *format,
            ...)
{
  va_list args;

  va_start (args, format);
  *message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

gboolean
tl_scenario_question_parse_when (const char  *when,
                                 TlMoment    *moment,
                                 char       **object,
                                 guint       *n,
                                 char       **message)
{
  const char *p = when;
  g_autofree char *word = NULL;
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *extra = NULL;
  gboolean quoted;
  int index;

  g_return_val_if_fail (when != NULL && message != NULL, FALSE);

  *object = NULL;
  *n = 1;
  if ((word = next_token (&p, &quoted)) == NULL || quoted)
    return when_fails (message, "When= says a moment: “task 5”, “acquire L 3”, “lost counter”");
  if ((index = tl_vocabulary_lookup (TL_WORDS_MOMENTS, word, -1)) < 0)
    {
      const char *suggestion = tl_vocabulary_suggest (TL_WORDS_MOMENTS, word);

      if (suggestion != NULL)
        return when_fails (message, "unknown moment “%s” (did you mean “%s”?)", word, suggestion);
      return when_fails (message, "unknown moment “%s”", word);
    }
  *moment = (TlMoment) index;

  if (tl_moment_get_names (*moment) != TL_MOMENT_NAMES_NOTHING)
    {
      gboolean label = tl_moment_get_names (*moment) == TL_MOMENT_NAMES_LABEL;

      name = next_token (&p, &quoted);
      if (name == NULL || quoted != label || (!label && !tl_program_is_name (name)))
        return when_fails (message, label ? "“%s” is followed by a \"label\""
                                          : "“%s” is followed by the name of a [Shared] object",
                           word);
    }
  count = next_token (&p, &quoted);
  if (count != NULL && (quoted || !parse_count (count, n)))
    return when_fails (message, "“%s” is not a count: 1 for the first, 2 for the second...", count);
  if ((extra = next_token (&p, &quoted)) != NULL)
    return when_fails (message, "“%s” is one word too many in When=", extra);
  *object = g_steal_pointer (&name);
  return TRUE;
}

/* ---- {facts} ------------------------------------------------------------------------ */

typedef struct
{
  TlFact fact;
  gint64 offset;      /* {value + 1}: 1 */
} FactRef;

/* The fact between { and } (@start .. @end): "value", "read - 2". */
static gboolean
parse_fact (const char *start,
            const char *end,
            FactRef    *ref)
{
  g_autofree char *inside = g_strstrip (g_strndup (start, (gsize) (end - start)));
  char *op = strpbrk (inside, "+-");
  g_autofree char *word = g_strstrip (g_strndup (inside, op != NULL ? (gsize) (op - inside) : strlen (inside)));
  int index = tl_vocabulary_lookup (TL_WORDS_FACTS, word, -1);

  if (index < 0)
    return FALSE;
  ref->fact = (TlFact) index;
  ref->offset = 0;
  if (op != NULL)
    {
      g_autofree char *number = g_strstrip (g_strdup (op + 1));
      guint64 value;

      if (ref->fact == TL_FACT_WORKER ||
          !g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT32, &value, NULL))
        return FALSE;
      ref->offset = *op == '-' ? -(gint64) value : (gint64) value;
    }
  return TRUE;
}

gboolean
tl_scenario_question_check_text (const char  *text,
                                 TlMoment     moment,
                                 char       **message)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *close;
      FactRef ref;

      if (*p == '}')
        return when_fails (message, "a “}” with no “{” before it");
      if (*p != '{')
        continue;
      if ((close = strchr (p, '}')) == NULL)
        return when_fails (message, "a “{” with no “}” after it");
      if (!parse_fact (p + 1, close, &ref))
        return when_fails (message, "“%.*s” is not a fact a question can say: {worker}, {value}, "
                           "{read}, {value + 1}", (int) (close - p + 1), p);
      if (ref.fact != TL_FACT_WORKER && !tl_moment_has_value (moment))
        return when_fails (message, "{%s} needs a moment with a value (read, write, lost)",
                           tl_vocabulary_word (TL_WORDS_FACTS, ref.fact));
      p = close;
    }
  return TRUE;
}

char *
tl_scenario_question_expand (const char   *text,
                             const char   *worker,
                             const gint64 *value,
                             const gint64 *read)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *close = *p == '{' ? strchr (p, '}') : NULL;
      const gint64 *number;
      FactRef ref;

      if (close == NULL || !parse_fact (p + 1, close, &ref))
        {
          g_string_append_c (out, *p);
          continue;
        }
      number = ref.fact == TL_FACT_VALUE ? value : ref.fact == TL_FACT_READ ? read : NULL;
      if (ref.fact == TL_FACT_WORKER)
        g_string_append (out, worker != NULL ? worker : "?");
      else if (number != NULL)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, *number + ref.offset);
      else
        g_string_append_c (out, '?');
      p = close;
    }
  return g_string_free (out, FALSE);
}

/* ---- the whole question ------------------------------------------------------------ */

gboolean
_tl_scenario_question_check (TlScenarioQuestion  *question,
                             char               **message)
{
  guint n_choices = g_strv_length (question->choices);

  if (n_choices > TL_SCENARIO_MAX_CHOICES)
    return when_fails (message, "a question offers at most %d choices, not %u",
                       TL_SCENARIO_MAX_CHOICES, n_choices);
  if (question->answer == TL_ANSWER_VALUE && !tl_moment_has_value (question->moment))
    return when_fails (message, "Answer=value needs a moment with a value (read, write, lost)");
  if (question->answer == TL_ANSWER_CHOICE &&
      !g_strv_contains ((const char * const *) question->choices, question->right_choice))
    return when_fails (message, "the answer “%s” is not one of the Choices", question->right_choice);
  if (!tl_scenario_question_check_text (question->ask, question->moment, message) ||
      (question->explain != NULL &&
       !tl_scenario_question_check_text (question->explain, question->moment, message)))
    return FALSE;
  for (guint i = 0; i < n_choices; i++)
    if (!tl_scenario_question_check_text (question->choices[i], question->moment, message))
      return FALSE;
  return TRUE;
}

/* Answer= as written: a word of TL_WORDS_ANSWERS, else the right choice. */
void
_tl_scenario_question_set_answer (TlScenarioQuestion *question,
                                  const char         *answer)
{
  int index = tl_vocabulary_lookup (TL_WORDS_ANSWERS, answer, -1);

  g_clear_pointer (&question->right_choice, g_free);
  question->answer = index >= 0 ? (TlAnswer) index : TL_ANSWER_CHOICE;
  if (index < 0)
    question->right_choice = g_strdup (answer);
}

/* ---- as metadata --------------------------------------------------------------------- */

#define QUESTION_TYPE "(ssssasms)"

char *
tl_scenario_questions_to_text (GPtrArray *questions)
{
  GVariantBuilder builder;
  g_autoptr(GVariant) variant = NULL;

  g_return_val_if_fail (questions != NULL, NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" QUESTION_TYPE));
  for (guint i = 0; i < questions->len; i++)
    {
      TlScenarioQuestion *q = g_ptr_array_index (questions, i);
      const char *answer = q->answer == TL_ANSWER_CHOICE ? q->right_choice
                                                         : tl_vocabulary_word (TL_WORDS_ANSWERS, q->answer);

      g_variant_builder_add (&builder, "(ssss^asms)", q->id, q->ask, q->when, answer,
                             q->choices, q->explain);
    }
  variant = g_variant_ref_sink (g_variant_builder_end (&builder));
  return g_variant_print (variant, FALSE);
}

GPtrArray *
tl_scenario_questions_from_text (const char  *text,
                                 GError     **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_scenario_question_free);
  g_autoptr(GVariant) variant = NULL;
  GVariantIter iter;
  const char *id, *ask, *when, *answer, *explain;
  const char **choices;

  g_return_val_if_fail (text != NULL, NULL);

  variant = g_variant_parse (G_VARIANT_TYPE ("a" QUESTION_TYPE), text, NULL, NULL, error);
  if (variant == NULL)
    return NULL;
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(&s&s&s&s^a&sm&s)", &id, &ask, &when, &answer, &choices, &explain))
    {
      g_autoptr(TlScenarioQuestion) q = g_new0 (TlScenarioQuestion, 1);
      g_autofree char *message = NULL;

      q->id = g_strdup (id);
      q->ask = g_strdup (ask);
      q->when = g_strdup (when);
      q->choices = g_strdupv ((char **) choices);
      q->explain = g_strdup (explain);
      g_free (choices);
      _tl_scenario_question_set_answer (q, answer);
      if (!tl_scenario_question_parse_when (q->when, &q->moment, &q->object, &q->n, &message) ||
          !_tl_scenario_question_check (q, &message))
        {
          g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_INVALID,
                       "question “%s”: %s", q->id, message);
          return NULL;
        }
      g_ptr_array_add (questions, g_steal_pointer (&q));
    }
  return g_steal_pointer (&questions);
}

/* ---- [Question NAME] ------------------------------------------------------------------ */

static TlSharedDecl *
find_shared (TlProgram  *program,
             const char *name)
{
  for (guint i = 0; i < program->shared->len; i++)
    {
      TlSharedDecl *decl = g_ptr_array_index (program->shared, i);

      if (g_strcmp0 (decl->name, name) == 0 || g_strcmp0 (decl->name2, name) == 0)
        return decl;
    }
  return NULL;
}

static gboolean
check_question_keys (TlKeyFile   *file,
                     const char  *origin,
                     const char  *group,
                     GError     **error)
{
  const char *key;

  for (guint i = 0; (key = _tl_key_file_get_key (file, group, i)) != NULL; i++)
    {
      /* Translations: Ask[fr] is Ask. */
      int len = (int) strcspn (key, "[");

      if (tl_vocabulary_lookup (TL_WORDS_QUESTION_KEYS, key, len) < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) tl_vocabulary_words (TL_WORDS_QUESTION_KEYS));

          return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_UNKNOWN, origin,
                                         _tl_key_file_key_line (file, group, key), 0,
                                         "unknown key “%s” in [%s] (known: %s)", key, group, known);
        }
    }
  for (guint k = 0; k < 3; k++)
    {
      const char *required = (const char *[]) { "Ask", "When", "Answer" }[k];

      if (!_tl_key_file_has_key (file, group, required))
        return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_MISSING, origin,
                                       _tl_key_file_group_line (file, group), 0,
                                       "[%s] needs a “%s=” key", group, required);
    }
  return TRUE;
}

/* The object a moment names is one of [Shared]'s, of a kind it works on. */
static gboolean
check_object (TlScenarioQuestion *question,
              TlProgram          *program,
              char              **message)
{
  TlSharedDecl *decl;

  if (tl_moment_get_names (question->moment) != TL_MOMENT_NAMES_OBJECT)
    return TRUE;
  if ((decl = find_shared (program, question->object)) == NULL)
    return when_fails (message, "“%s” is not one of the objects in [Shared]", question->object);
  if (!tl_moment_takes (question->moment, decl->kind))
    return when_fails (message, "“%s” is not a moment of %s, a %s",
                       tl_vocabulary_word (TL_WORDS_MOMENTS, question->moment), question->object,
                       tl_shared_kind_to_string (decl->kind));
  return TRUE;
}

/* The choices in the class's language, once checked as written: the
 * right one is the same choice, translated with the others.  A
 * translation's placeholders are checked as the choices' were. */
static gboolean
translate_choices (TlScenarioQuestion  *q,
                   TlKeyFile           *file,
                   const char          *origin,
                   gboolean             builtin,
                   const char          *group,
                   GError             **error)
{
  g_auto(GStrv) labels = NULL;
  g_autofree char *message = NULL;
  guint n = g_strv_length (q->choices);

  if (n == 0 || !_tl_scenario_get_choice_labels (file, origin, builtin, group, n, &labels, error))
    return n == 0;
  if (labels == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      if (!tl_scenario_question_check_text (labels[i], q->moment, &message))
        {
          _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin,
                                  _tl_key_file_key_line (file, group, "Choices"), 0, "[%s]: %s", group, message);
          return FALSE;
        }
      if (q->right_choice != NULL && g_str_equal (q->right_choice, q->choices[i]))
        {
          g_free (q->right_choice);
          q->right_choice = g_strdup (labels[i]);
        }
    }
  g_strfreev (q->choices);
  q->choices = g_steal_pointer (&labels);
  return TRUE;
}

TlScenarioQuestion *
_tl_scenario_load_question (TlKeyFile   *file,
                            const char  *origin,
                            gboolean     builtin,
                            const char  *group,
                            TlProgram   *program,
                            GError     **error)
{
  g_autoptr(TlScenarioQuestion) q = g_new0 (TlScenarioQuestion, 1);
  g_autofree char *answer = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) local_error = NULL;
  guint when_line, line;

  if (!check_question_keys (file, origin, group, error))
    return NULL;
  q->id = g_strdup (group + strlen ("Question "));
  if (!tl_program_is_name (q->id))
    {
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, _tl_key_file_group_line (file, group), 0,
                              "“%s” is not a question's name (letters, digits and _)", q->id);
      return NULL;
    }
  q->ask = g_strstrip (_tl_scenario_get_text (file, builtin, group, "Ask"));
  q->when = g_strstrip (_tl_key_file_get_string (file, group, "When"));
  answer = g_strstrip (_tl_key_file_get_string (file, group, "Answer"));
  if (_tl_key_file_has_key (file, group, "Explain"))
    q->explain = g_strstrip (_tl_scenario_get_text (file, builtin, group, "Explain"));
  q->choices = _tl_key_file_get_string_list (file, group, "Choices", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (q->choices == NULL)
    q->choices = g_new0 (char *, 1);
  for (guint i = 0; q->choices[i] != NULL; i++)
    g_strstrip (q->choices[i]);
  _tl_scenario_question_set_answer (q, answer);

  when_line = _tl_key_file_key_line (file, group, "When");
  if (!tl_scenario_question_parse_when (q->when, &q->moment, &q->object, &q->n, &message) ||
      !check_object (q, program, &message))
    {
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, when_line, 0, "%s", message);
      return NULL;
    }
  if (!_tl_scenario_question_check (q, &message))
    {
      line = _tl_key_file_key_line (file, group, "Answer");
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, line, 0, "[%s]: %s", group, message);
      return NULL;
    }
  if (!translate_choices (q, file, origin, builtin, group, error))
    return NULL;
  return g_steal_pointer (&q);
}
