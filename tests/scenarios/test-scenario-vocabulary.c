/* test-scenario-vocabulary.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The language's words are said once, in tl-vocabulary.c, and the
 * teachers' guide (data/scenarios/README.md) explains each of them and no
 * other: its reference tables and its example file are read here and
 * compared with the tables the parser, the checker and the interpreter use.
 */
#include "config.h"

#include <string.h>

#include "tl-scenario.h"
#include "tl-vocabulary.h"

static char *guide;

static void
load_guide (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "scenarios",
                                                 "README.md", NULL);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &guide, NULL, &error);
  g_assert_no_error (error);
}

/* The first column of the table under @heading: "| `word` | ... |". */
static GPtrArray *
table_words (const char *heading)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (guide, "\n", -1);
  gboolean in_section = FALSE, in_table = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "#"))
        {
          if (in_section)
            break;
          in_section = strcmp (line, heading) == 0;
          continue;
        }
      if (!in_section)
        continue;
      if (!g_str_has_prefix (line, "|"))
        {
          if (in_table)
            break;
          continue;
        }
      if (!in_table)
        {
          /* The header row, then the |---| row. */
          in_table = TRUE;
          i++;
          continue;
        }
      {
        g_auto(GStrv) cells = g_strsplit (line, "|", -1);
        const char *cell = g_strstrip (cells[1]);
        gsize len = strlen (cell);

        g_assert_true (len > 2 && cell[0] == '`' && cell[len - 1] == '`');
        g_ptr_array_add (words, g_strndup (cell + 1, len - 2));
      }
    }
  g_assert_true (in_table);
  return g_steal_pointer (&words);
}

/* The keys the guide's example file shows in the groups whose name
 * starts with one of @groups. */
static GPtrArray *
example_keys (const char * const *groups)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  const char *start = strstr (guide, "```ini\n");
  const char *end = start != NULL ? strstr (start + 7, "```") : NULL;
  g_autofree char *example = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean wanted = FALSE;

  g_assert_nonnull (end);
  example = g_strndup (start, (gsize) (end - start));
  lines = g_strsplit (example, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *key = NULL;

      if (lines[i][0] == '[')
        {
          wanted = FALSE;
          for (guint k = 0; groups[k] != NULL; k++)
            wanted |= g_str_has_prefix (lines[i] + 1, groups[k]);
          continue;
        }
      if (!wanted || eq == NULL || lines[i][0] == '#')
        continue;
      key = g_strstrip (g_strndup (lines[i], (gsize) (eq - lines[i])));
      if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, g_steal_pointer (&key));
    }
  return g_steal_pointer (&keys);
}

/* Both ways: every word of the set is in the guide, and the guide has no
 * word the set does not. */
static void
assert_same_words (TlWordSet  set,
                   GPtrArray *documented,
                   const char *where)
{
  const char * const *words = tl_vocabulary_words (set);

  for (guint i = 0; words[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (documented, words[i], g_str_equal, NULL))
      g_error ("“%s” is not explained in the guide (%s)", words[i], where);
  for (guint i = 0; i < documented->len; i++)
    if (tl_vocabulary_lookup (set, g_ptr_array_index (documented, i), -1) < 0)
      g_error ("the guide explains “%s” (%s), which the language does not have",
               (char *) g_ptr_array_index (documented, i), where);
  g_assert_cmpuint (documented->len, ==, tl_vocabulary_n_words (set));
}

typedef struct
{
  const char *heading;
  TlWordSet   set;
} Section;

static const Section sections[] = {
  { "## Steps", TL_WORDS_STEPS },
  { "### Built-in functions", TL_WORDS_FUNCTIONS },
  { "### Methods", TL_WORDS_METHODS },
  { "### Attributes", TL_WORDS_ATTRIBUTES },
  { "### Units of time", TL_WORDS_UNITS },
  { "## Shared objects", TL_WORDS_OBJECTS },
  { "### Parameter types", TL_WORDS_PARAM_TYPES },
  { "## Questions", TL_WORDS_QUESTION_KEYS },
  { "### Moments", TL_WORDS_MOMENTS },
  { "### Answers", TL_WORDS_ANSWERS },
  { "### Facts", TL_WORDS_FACTS },
  { "## The lesson", TL_WORDS_LESSON_KEYS },
  { "### Cards", TL_WORDS_CARDS },
  { "### Charts", TL_WORDS_CHARTS },
};

static void
test_guide_tables (gconstpointer data)
{
  const Section *section = data;
  g_autoptr(GPtrArray) documented = table_words (section->heading);

  assert_same_words (section->set, documented, section->heading);
}

static void
test_guide_keys (void)
{
  const char * const scenario[] = { "Scenario]", NULL };
  const char * const parameter[] = { "Parameter ", NULL };
  const char * const function[] = { "Function ", "Main]", NULL };
  const char * const lesson[] = { "Lesson]", NULL };
  const char * const python[] = { "Python]", NULL };
  const char * const question[] = { "Question ", NULL };
  g_autoptr(GPtrArray) scenario_keys = example_keys (scenario);
  g_autoptr(GPtrArray) parameter_keys = example_keys (parameter);
  g_autoptr(GPtrArray) function_keys = example_keys (function);
  g_autoptr(GPtrArray) lesson_keys = example_keys (lesson);
  g_autoptr(GPtrArray) python_keys = example_keys (python);
  g_autoptr(GPtrArray) question_keys = example_keys (question);

  assert_same_words (TL_WORDS_SCENARIO_KEYS, scenario_keys, "[Scenario]");
  assert_same_words (TL_WORDS_PARAMETER_KEYS, parameter_keys, "[Parameter]");
  assert_same_words (TL_WORDS_FUNCTION_KEYS, function_keys, "[Function] and [Main]");
  assert_same_words (TL_WORDS_QUESTION_KEYS, question_keys, "[Question]");
  /* [Python] has a key of its own, and one per function. */
  for (guint i = python_keys->len; i-- > 0;)
    if (g_str_equal (g_ptr_array_index (python_keys, i), "Main") ||
        g_str_equal (g_ptr_array_index (python_keys, i), "square"))
      g_ptr_array_remove_index (python_keys, i);
  assert_same_words (TL_WORDS_PYTHON_KEYS, python_keys, "[Python]");
  assert_same_words (TL_WORDS_LESSON_KEYS, lesson_keys, "[Lesson]");
}

/* Each table names its words once and in one place. */
static void
test_tables (void)
{
  for (guint s = 0; s < TL_N_WORD_SETS; s++)
    for (guint i = 0; i < tl_vocabulary_n_words (s); i++)
      {
        const char *word = tl_vocabulary_word (s, i);

        g_assert_nonnull (word);
        g_assert_cmpint (tl_vocabulary_lookup (s, word, -1), ==, (int) i);
      }
  for (guint k = 0; k < TL_N_BUILTINS; k++)
    g_assert_cmpstr (tl_builtin_get_name (k), ==, tl_vocabulary_word (TL_WORDS_FUNCTIONS, k));
  for (guint k = 0; k < TL_N_METHODS; k++)
    g_assert_cmpstr (tl_method_get_name (k), ==, tl_vocabulary_word (TL_WORDS_METHODS, k));
  for (guint k = 0; k < TL_N_ATTRS; k++)
    g_assert_cmpstr (tl_attr_get_name (k), ==, tl_vocabulary_word (TL_WORDS_ATTRIBUTES, k));
  for (guint k = 0; k < tl_vocabulary_n_words (TL_WORDS_STEPS); k++)
    {
      const char *verb = tl_vocabulary_word (TL_WORDS_STEPS, k);
      TlStmtKind kind = tl_vocabulary_lookup_verb (verb, strlen (verb));

      /* tl_vocabulary_lookup_verb () takes no longer word. */
      g_assert_cmpuint (strlen (verb), <, 16);
      g_assert_cmpint (kind, <, TL_N_STMTS);
      g_assert_cmpstr (tl_stmt_kind_to_string (kind), ==, verb);
    }
  g_assert_cmpint (tl_vocabulary_lookup_verb ("join all", 8), ==, TL_N_STMTS);
  g_assert_cmpfloat (tl_vocabulary_unit_ns ("ms", 2), ==, 1e6);
  g_assert_cmpfloat (tl_vocabulary_unit_ns ("min", 3), ==, 0);
}

typedef struct
{
  const char *steps;
  const char *says;
} Mistake;

/* Every vocabulary feeds the suggestions. */
static const Mistake mistakes[] = {
  { "aquire L", "unknown step “aquire” (did you mean “acquire”?)" },
  { "let n = lenn([1])", "unknown function “lenn” (did you mean “len”?)" },
  { "let n = q.emty()", "unknown method “emty” (did you mean “empty”?)" },
  { "let n = q.qsize(1)", "qsize() takes 0 arguments, and is given 1 here" },
  { "let n = len(1, 2)", "len() takes 1 argument, and is given 2 here" },
  { "let n = max()", "max() takes at least 1 argument, and is given 0 here" },
  { "let n = q.nmae", "unknown attribute “nmae” (did you mean “name”?)" },
  { "sleep 1 sec", "a unit of time" },
};

static void
test_mistake (gconstpointer data)
{
  const Mistake *m = data;
  g_autofree char *text = g_strdup_printf ("[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"
                                           "[Shared]\nq = Queue()\nL = Lock()\n"
                                           "[Main]\nSteps=%s\n", m->steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, -1, "mistake.scenario", &error);

  g_assert_null (scenario);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "mistake.scenario:10:"));
  g_assert_nonnull (strstr (error->message, m->says));
}

/* A [Lesson] that cannot be right says where and why. */
static const Mistake lesson_mistakes[] = {
  { "Cards=lost_update counter", "unknown card “lost_update” (did you mean “lost_updates”?)" },
  { "Cards=lost_updates L", "“lost_updates L”: “L” is a Lock; this card shows a Value" },
  { "Cards=holders nothing", "“holders nothing”: “nothing” is not an object of [Shared]" },
  { "Cards=tasks q", "the card “tasks” takes nothing after its name" },
  { "Cards=result", "the card “result” needs to be told what it shows: “result LABEL”" },
  { "Cards=holders L == expected", "the card “holders” cannot be compared with “==”" },
  { "Chart=time\nPhases=a", "unknown chart “time” (did you mean “times”?)" },
  { "Chart=times", "a chart compares phases: add “Phases=”" },
  { "Phases=a * b *", "“a * b *” has more than one “*”" },
  { "Objects=conter", "“conter” is not an object of [Shared] (counter, q, L)" },
  { "Colour=red", "unknown key “Colour” in [Lesson]" },
};

static void
test_lesson_mistake (gconstpointer data)
{
  const Mistake *m = data;
  g_autofree char *text = g_strdup_printf ("[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"
                                           "[Shared]\ncounter = Value('i', 0)\nq = Queue()\nL = Lock()\n"
                                           "[Main]\nSteps=crash\n[Lesson]\n%s\n", m->steps);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, -1, "lesson.scenario", &error);

  g_assert_null (scenario);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "lesson.scenario:13:"));
  g_assert_nonnull (strstr (error->message, m->says));
}

/* What a file says of its lesson, and what a recording reads back. */
static void
test_lesson (void)
{
  const char *text = "[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"
                     "[Shared]\ncounter = Value('i', 0)\nL = Lock()\n"
                     "[Main]\nSteps=crash\n[Lesson]\nObjects=counter; Process-*\n"
                     "Cards=lost_updates counter; value counter == expected; tasks\n"
                     "Chart=times\nPhases=tiny, pool of *; heavy\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, -1, "lesson.scenario", &error);
  g_autoptr(TlLessonSpec) copy = NULL;
  TlLessonSpec *spec;
  g_autofree char *matched = NULL;

  g_assert_no_error (error);
  spec = tl_scenario_get_lesson (scenario);
  g_assert_nonnull (spec);
  copy = tl_lesson_spec_new_from_data (tl_lesson_spec_get_data (spec), NULL, &error);
  g_assert_no_error (error);
  for (TlLessonSpec *s = spec; s != NULL; s = s == spec ? copy : NULL)
    {
      const TlLessonCard *value = tl_lesson_spec_get_card (s, 1);

      g_assert_cmpuint (g_strv_length ((char **) tl_lesson_spec_get_objects (s)), ==, 2);
      g_assert_true (tl_lesson_spec_has_object (s, "Process-3"));
      g_assert_false (tl_lesson_spec_has_object (s, "L"));
      g_assert_cmpuint (tl_lesson_spec_get_n_cards (s), ==, 3);
      g_assert_cmpint (tl_lesson_spec_get_card (s, 0)->kind, ==, TL_LESSON_CARD_LOST_UPDATES);
      g_assert_cmpint (value->kind, ==, TL_LESSON_CARD_VALUE);
      g_assert_cmpstr (value->subject, ==, "counter");
      g_assert_cmpstr (value->expected, ==, "expected");
      g_assert_null (tl_lesson_spec_get_card (s, 2)->subject);
      g_assert_cmpint (tl_lesson_spec_get_chart (s), ==, TL_LESSON_CHART_TIMES);
      g_assert_cmpuint (g_strv_length ((char **) tl_lesson_spec_get_phases (s)), ==, 2);
    }
  g_assert_true (tl_lesson_phase_matches ("tiny, pool of *", "tiny, pool of 8", &matched));
  g_assert_cmpstr (matched, ==, "8");
  g_assert_false (tl_lesson_phase_matches ("tiny, pool of *", "heavy, pool of 8", NULL));
  g_assert_false (tl_lesson_phase_matches ("heavy", "heavy tasks", NULL));

  /* Every built-in scenario says its lesson. */
  {
    g_autoptr(GListModel) builtin = tl_scenario_list_builtin ();

    g_assert_cmpuint (g_list_model_get_n_items (builtin), ==, 14);
    for (guint i = 0; i < g_list_model_get_n_items (builtin); i++)
      {
        g_autoptr(TlScenario) each = g_list_model_get_item (builtin, i);
        TlLessonSpec *lesson = tl_scenario_get_lesson (each);

        g_assert_nonnull (lesson);
        g_assert_true (tl_lesson_spec_get_n_cards (lesson) > 0 ||
                       tl_lesson_spec_get_chart (lesson) != TL_LESSON_CHART_NONE);
      }
  }
}

static void
test_unknown_object (void)
{
  const char *text = "[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"
                     "[Shared]\nq = Queu()\n[Main]\nSteps=crash\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, -1, "object.scenario", &error);

  g_assert_null (scenario);
  g_assert_nonnull (strstr (error->message, "unknown object type “Queu” (did you mean “Queue”?)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  load_guide ();

  g_test_add_func ("/scenarios/vocabulary/tables", test_tables);
  g_test_add_func ("/scenarios/vocabulary/guide/keys", test_guide_keys);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/vocabulary/guide/%s",
                                               sections[i].heading + strspn (sections[i].heading, "# "));

      g_strdelimit (path, " ", '-');

      g_test_add_data_func (path, &sections[i], test_guide_tables);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/vocabulary/mistake/%u", i);

      g_test_add_data_func (path, &mistakes[i], test_mistake);
    }
  g_test_add_func ("/scenarios/vocabulary/unknown-object", test_unknown_object);
  g_test_add_func ("/scenarios/vocabulary/lesson", test_lesson);
  for (guint i = 0; i < G_N_ELEMENTS (lesson_mistakes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/scenarios/vocabulary/lesson-mistake/%u", i);

      g_test_add_data_func (path, &lesson_mistakes[i], test_lesson_mistake);
    }
  return g_test_run ();
}
