/* test-scenario-lines.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Python beside each scenario: every built-in scenario carries one,
 * every step maps to a line of it that has code and that stands for the
 * step (a print to a print(), a lock's step to a line naming the lock...);
 * a teacher's own file carries its own; a run records the line each event
 * happens on, and a saved recording keeps them, with its questions.
 */
#include "config.h"

#include <string.h>

#include "scenario-run.h"
#include "tl-scenario-question.h"
#include "tl-scenario-private.h"
#include "tl-source-lines.h"
#include "tl-test-util.h"
#include "tl-tltrace.h"

#define TEMPO 5.0

static void
flatten (TlBlock   *block,
         GPtrArray *out)
{
  for (guint i = 0; block != NULL && i < block->len; i++)
    {
      TlStmt *stmt = g_ptr_array_index (block, i);

      g_ptr_array_add (out, stmt);
      flatten (stmt->body, out);
      flatten (stmt->orelse, out);
      flatten (stmt->final, out);
    }
}

/* What a step's line must say, when the step names it plainly. */
static const char *
expected_word (TlStmt *stmt)
{
  switch (stmt->kind)
    {
    case TL_STMT_PRINT:
      return "print(";
    case TL_STMT_COMPUTE:
      return "compute(";
    case TL_STMT_SLEEP:
    case TL_STMT_IO:
      return "sleep";
    case TL_STMT_ACQUIRE:
    case TL_STMT_RELEASE:
    case TL_STMT_WITH:
    case TL_STMT_READ:
    case TL_STMT_WRITE:
      /* The object, when the step names it: "with L", "read counter". */
      return stmt->target != NULL && stmt->target->kind == TL_EXPR_NAME ? stmt->target->name : NULL;
    default:
      return NULL;
    }
}

static void
test_builtin_mapping (void)
{
  g_autoptr(GListModel) list = tl_scenario_list_builtin ();

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 14);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (list, i);
      TlProgram *program = _tl_scenario_get_program (scenario);
      const char *python = tl_scenario_get_python (scenario);
      g_auto(GStrv) lines = NULL;
      guint n_lines, n_steps = 0;

      g_test_message ("%s", tl_scenario_get_id (scenario));
      g_assert_nonnull (python);
      g_assert_true (g_str_has_suffix (tl_scenario_get_python_name (scenario), ".py"));
      lines = g_strsplit (python, "\n", -1);
      n_lines = g_strv_length (lines);
      for (guint f = 0; f < program->functions->len; f++)
        {
          TlProgramFunction *function = g_ptr_array_index (program->functions, f);
          g_autoptr(GPtrArray) steps = g_ptr_array_new ();

          flatten (function->body, steps);
          for (guint s = 0; s < steps->len; s++)
            {
              TlStmt *stmt = g_ptr_array_index (steps, s);
              const char *word = expected_word (stmt);
              const char *line;

              g_assert_cmpuint (stmt->py_line, >=, 1);
              g_assert_cmpuint (stmt->py_line, <=, n_lines);
              line = lines[stmt->py_line - 1];
              g_assert_cmpuint (strspn (line, " "), <, strlen (line));
              g_assert_cmpint (line[strspn (line, " ")], !=, '#');
              if (word != NULL && strstr (line, word) == NULL)
                g_error ("%s: %s: the %s step on line %u says “%s”, not “%s”",
                         tl_scenario_get_id (scenario), function->name,
                         tl_stmt_kind_to_string (stmt->kind), stmt->py_line, line, word);
              n_steps++;
            }
        }
      g_assert_cmpuint (n_steps, >, 0);
    }
}

/* ---- a teacher's own file ------------------------------------------------------- */

#define TEACHER_SCENARIO \
  "[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n" \
  "[Shared]\nL = Lock()\ncounter = Value('i', 0)\n" \
  "[Function bump]\nSteps=with L { read counter; write counter + 1 }\n" \
  "[Python]\nFile=mine.py\nbump=%s\nMain=%s\n" \
  "[Question who]\nAsk=Who writes {value + 1}?\nWhen=write counter 2\nAnswer=worker\n" \
  "[Main]\nSteps=start thread bump(); start thread bump(); join all\n"

static const char *teacher_python =
  "import threading\n"
  "L = threading.Lock()\n"
  "\n"
  "def bump():\n"
  "    with L:\n"
  "        value = counter.value\n"
  "        counter.value = value + 1\n"
  "\n"
  "threading.Thread(target=bump).start()\n"
  "threading.Thread(target=bump).start()\n"
  "# and wait for both\n";

static TlScenario *
load_teacher_copy (const char  *dir,
                   const char  *bump,
                   const char  *main_lines,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "mine.scenario", NULL);
  g_autofree char *text = g_strdup_printf (TEACHER_SCENARIO, bump, main_lines);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return tl_scenario_new_from_file (path, error);
}

static void
test_teacher_file (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-lines");
  g_autofree char *py = g_build_filename (dir, "mine.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = NULL;
  TlProgramFunction *bump;
  TlScenarioQuestion *question;
  const struct
  {
    const char *bump;
    const char *main;
    const char *says;
  } mistakes[] = {
    { "5 6", "9 10 10", "mine.scenario:13: bump: 2 line numbers for 3 steps (with, read, write)" },
    { "5 6 7", "9 10 11", "mine.scenario:14: Main: line 11 of mine.py has no code" },
    { "5 6 7", "9 10 12", "mine.scenario:14: Main: line 12 is past the end of mine.py (11 lines)" },
    { "5 6 seven", "9 10 10", "mine.scenario:13: bump: “seven” is not a line number" },
  };

  /* Without its Python beside it, the file does not load. */
  scenario = load_teacher_copy (dir, "5 6 7", "9 10 10", &error);
  g_assert_null (scenario);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "cannot read the Python “mine.py”"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (py, teacher_python, -1, NULL));
  scenario = load_teacher_copy (dir, "5 6 7", "9 10 10", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_scenario_get_python (scenario), ==, teacher_python);
  g_assert_cmpstr (tl_scenario_get_python_name (scenario), ==, "mine.py");
  bump = tl_program_lookup (_tl_scenario_get_program (scenario), "bump");
  g_assert_cmpuint (((TlStmt *) g_ptr_array_index (bump->body, 0))->py_line, ==, 5);
  g_assert_cmpuint (((TlStmt *) g_ptr_array_index (((TlStmt *) g_ptr_array_index (bump->body, 0))->body, 1))->py_line,
                    ==, 7);
  g_assert_cmpuint (tl_scenario_get_questions (scenario)->len, ==, 1);
  question = g_ptr_array_index (tl_scenario_get_questions (scenario), 0);
  g_assert_cmpint (question->moment, ==, TL_MOMENT_WRITE);
  g_assert_cmpstr (question->object, ==, "counter");
  g_assert_cmpuint (question->n, ==, 2);
  g_assert_cmpint (question->answer, ==, TL_ANSWER_WORKER);
  g_clear_object (&scenario);

  for (guint i = 0; i < G_N_ELEMENTS (mistakes); i++)
    {
      scenario = load_teacher_copy (dir, mistakes[i].bump, mistakes[i].main, &error);
      g_assert_null (scenario);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, mistakes[i].says));
      g_clear_error (&error);
    }
}

/* ---- questions as written ------------------------------------------------------ */

static const struct
{
  const char *group;
  const char *says;
} question_mistakes[] = {
  { "Ask=a\nWhen=aquire L\nAnswer=worker\n", "unknown moment “aquire” (did you mean “acquire”?)" },
  { "Ask=a\nWhen=acquire M\nAnswer=worker\n", "“M” is not one of the objects in [Shared]" },
  { "Ask=a\nWhen=read L\nAnswer=worker\n", "“read” is not a moment of L, a Lock" },
  { "Ask=a\nWhen=task 0\nAnswer=worker\n", "“0” is not a count" },
  { "Ask=a\nWhen=task 2 3\nAnswer=worker\n", "“3” is one word too many" },
  { "Ask=a\nWhen=time threads\nAnswer=worker\n", "“time” is followed by a \"label\"" },
  { "Ask=a\nWhen=task\nAnswer=value\n", "Answer=value needs a moment with a value" },
  { "Ask=a\nWhen=task\nAnswer=yes\nChoices=no;maybe\n", "the answer “yes” is not one of the Choices" },
  { "Ask=What is {value}?\nWhen=task\nAnswer=worker\n", "{value} needs a moment with a value" },
  { "Ask=Who is {who}?\nWhen=task\nAnswer=worker\n", "“{who}” is not a fact a question can say" },
  { "Ask=a\nAnswer=worker\n", "needs a “When=” key" },
  { "Ask=a\nWhen=task\nAnswer=worker\nHint=h\n", "unknown key “Hint”" },
};

static void
test_question_mistakes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (question_mistakes); i++)
    {
      g_autofree char *text = g_strdup_printf ("[Scenario]\nName=n\nTopic=t\nSummary=s\nNarration=n\n"
                                               "[Shared]\nL = Lock()\n[Question q]\n%s"
                                               "[Main]\nSteps=acquire L; release L\n",
                                               question_mistakes[i].group);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (text, -1, "q.scenario", &error);

      g_assert_null (scenario);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "q.scenario:"));
      g_assert_nonnull (strstr (error->message, question_mistakes[i].says));
    }
}

static void
test_question_text (void)
{
  gint64 value = 41, read = 40;
  g_autofree char *said = tl_scenario_question_expand ("{worker} read {read}, then {value}: {value + 1} or {read - 1}?",
                                                       "Thread-2", &value, &read);
  g_autofree char *unknown = tl_scenario_question_expand ("{worker}: {value}", NULL, NULL, NULL);

  g_assert_cmpstr (said, ==, "Thread-2 read 40, then 41: 42 or 39?");
  g_assert_cmpstr (unknown, ==, "?: ?");
}

/* ---- recorded ------------------------------------------------------------------- */

/* The text of @line in @python. */
static char *
python_line (const char *python,
             guint       line)
{
  g_auto(GStrv) lines = g_strsplit (python, "\n", -1);

  g_assert_cmpuint (line, >=, 1);
  g_assert_cmpuint (line, <=, g_strv_length (lines));
  return g_strdup (lines[line - 1]);
}

/* Every read and write of counter, and every print, of the workers
 * happens on the Python line that does it. */
static void
check_recorded_lines (TlTraceModel *model,
                      const char   *python)
{
  guint n_reads = 0, n_writes = 0, n_prints = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || tl_trace_model_is_machinery_lane (model, l))
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          TlItemRef item = { l, TL_ITEM_INSTANT, 0, i };
          guint line = tl_trace_model_get_item_line (model, &item);
          g_autofree char *text = NULL;
          const char *name;

          if (instants[i].kind != TL_EVENT_READ && instants[i].kind != TL_EVENT_WRITE &&
              instants[i].kind != TL_EVENT_PRINT)
            continue;
          g_assert_cmpuint (line, >, 0);
          text = python_line (python, line);
          if (instants[i].kind == TL_EVENT_PRINT)
            {
              g_assert_nonnull (strstr (text, "print("));
              n_prints++;
              continue;
            }
          name = tl_trace_model_get_string (model, tl_trace_model_get_object (model, instants[i].ref)->name);
          if (g_strcmp0 (name, "counter") != 0)
            continue;
          if (instants[i].kind == TL_EVENT_READ)
            n_reads++;
          else
            n_writes++;
          g_assert_nonnull (strstr (text, instants[i].kind == TL_EVENT_READ ? "= counter.value"
                                                                             : "counter.value = value + 1"));
        }
    }
  g_assert_cmpuint (n_writes, ==, 4 * 10);
  g_assert_cmpuint (n_reads, >=, n_writes);
  g_assert_cmpuint (n_prints, ==, 4);
}

static void
test_recorded_lines (void)
{
  const char *values[] = { "repeats=10", "add_cost=0.2", "other_cost=0.2", NULL };
  ScenarioRun *run = scenario_run ("race-counter", values, TEMPO, -1, NULL);
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-lines");
  g_autofree char *path = g_build_filename (dir, "race.tltrace", NULL);
  g_autoptr(TlTraceModel) saved = NULL;
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GError) error = NULL;
  const char *python;

  g_assert_no_error (run->error);
  python = tl_trace_model_get_metadata (run->model, TL_SCENARIO_METADATA_PYTHON);
  g_assert_nonnull (python);
  g_assert_cmpstr (tl_trace_model_get_metadata (run->model, TL_SCENARIO_METADATA_PYTHON_NAME), ==,
                   "race-counter.py");
  g_assert_true (tl_trace_model_has_lines (run->model));
  check_recorded_lines (run->model, python);

  /* A saved recording still knows its lines, its program and its questions. */
  g_assert_true (tl_tltrace_save (run->model, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  saved = tl_tltrace_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_recorded_lines (saved, tl_trace_model_get_metadata (saved, TL_SCENARIO_METADATA_PYTHON));
  questions = tl_scenario_questions_from_text (tl_trace_model_get_metadata (saved, TL_SCENARIO_METADATA_QUESTIONS),
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpuint (questions->len, ==, 1);
  g_assert_cmpint (((TlScenarioQuestion *) g_ptr_array_index (questions, 0))->moment, ==, TL_MOMENT_LOST);
  scenario_run_free (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/lines/builtin-mapping", test_builtin_mapping);
  g_test_add_func ("/scenarios/lines/teacher-file", test_teacher_file);
  g_test_add_func ("/scenarios/questions/mistakes", test_question_mistakes);
  g_test_add_func ("/scenarios/questions/text", test_question_text);
  g_test_add_func ("/scenarios/lines/recorded", test_recorded_lines);
  return g_test_run ();
}
