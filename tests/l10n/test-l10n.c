/* test-l10n.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threadline in German, without a window, under the environment the
 * suite sets (LANGUAGE=de, LC_ALL=C.UTF-8: no generated locale needed),
 * with the translations found from the build tree as a program finds
 * them: the describer's and the narrator's sentences, plural forms, the
 * built-in scenarios' every text, a teacher's own translations in a
 * scenario file, and threadline-cli.
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gi18n-lib.h>

#include "tl-describe.h"
#include "tl-locale.h"
#include "tl-narrator.h"
#include "tl-scenario.h"
#include "tl-scenario-question.h"
#include "tl-test-util.h"

#define MS TL_TEST_MS
#define NBSP "\u00a0"

/* Two workers, each holding one lock and waiting for the other's; both
 * read counter = 0 and write 1, so that one update is lost; worker 2
 * prints "done". */
static TlTraceModel *
build_model (void)
{
  const TlModelEvent events[] = {
    tl_test_name_event (0, 10, 10, TL_ROLE_PROCESS, 10, "MainProcess"),
    tl_test_name_event (0, 10, 11, TL_ROLE_THREAD, 11, "worker 1"),
    tl_test_name_event (0, 10, 12, TL_ROLE_THREAD, 12, "worker 2"),
    tl_test_name_event (0, 10, 10, TL_ROLE_MUTEX, 1, "lock_a"),
    tl_test_name_event (0, 10, 10, TL_ROLE_MUTEX, 2, "lock_b"),
    tl_test_name_event (0, 10, 10, TL_ROLE_VALUE, 5, "counter"),
    tl_test_name_event (0, 10, 10, TL_ROLE_TEXT, 1, "done"),

    tl_test_event (1 * MS, 10, 11, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 1, 0),
    tl_test_event (1 * MS, 10, 11, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 1, 0),
    tl_test_event (2 * MS, 10, 12, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 2, 0),
    tl_test_event (2 * MS, 10, 12, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 2, 0),
    tl_test_event (3 * MS, 10, 11, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 2, 0),
    tl_test_event (4 * MS, 10, 12, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 1, 0),

    tl_test_event (5 * MS, 10, 11, TL_EVENT_READ, TL_ROLE_VALUE, 5, 0),
    tl_test_event (6 * MS, 10, 12, TL_EVENT_READ, TL_ROLE_VALUE, 5, 0),
    tl_test_event (7 * MS, 10, 11, TL_EVENT_WRITE, TL_ROLE_VALUE, 5, 1),
    tl_test_event (8 * MS, 10, 12, TL_EVENT_WRITE, TL_ROLE_VALUE, 5, 1),
    tl_test_event (9 * MS, 10, 12, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
  };
  TlTraceModel *model = tl_trace_model_new ();

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    tl_trace_model_add_event (model, &events[i]);
  tl_trace_model_finish (model, 20 * MS);
  return model;
}

static void
assert_text (char       *text,
             const char *expected)
{
  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static gboolean
has_caption (GPtrArray  *captions,
             const char *text)
{
  for (guint i = 0; i < captions->len; i++)
    if (g_str_equal (((TlCaption *) g_ptr_array_index (captions, i))->text, text))
      return TRUE;
  return FALSE;
}

/* The catalogue comes from the build tree, where i18n.gettext puts it. */
static void
test_catalogue (void)
{
  g_autofree char *dir = tl_locale_find_dir ();
  g_autofree char *mo = g_build_filename (dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  g_test_message ("translations: %s", dir);
  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (_("Waits in join()"), ==, "Wartet in join()");
}

static void
test_describer (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  g_autoptr(GArray) cycles = tl_analysis_find_deadlocks (model);
  guint32 counter = tl_trace_model_lookup_object (model, TL_ROLE_VALUE, 5);
  TlLostUpdateSummary summary;
  g_autoptr(GArray) lost = tl_analysis_lost_updates (model, counter, &summary);

  g_assert_cmpuint (cycles->len, ==, 1);
  assert_text (tl_describe_deadlock (model, &g_array_index (cycles, TlDeadlock, 0)),
               "Deadlock: worker 1 wartet auf lock_b, gehalten von worker 2; "
               "worker 2 wartet auf lock_a, gehalten von worker 1");
  g_assert_cmpuint (lost->len, ==, 1);
  assert_text (tl_describe_lost_update (model, counter, &g_array_index (lost, TlLostUpdate, 0)),
               "worker 2 las 0 bei 6.0 ms; worker 1 schrieb 1 bei 7.0 ms; worker 2 schrieb 1 "
               "bei 8.0 ms und überschrieb damit die Erhöhung von worker 1");
  assert_text (tl_describe_lost_updates_summary (model, counter, &summary),
               "counter endet bei 1 statt 2: 1 Update verloren");
  g_assert_cmpstr (tl_describe_state_words (TL_SPAN_RUNNING), ==, "Läuft");
}

/* Both of German's forms, and numbers as German writes them. */
static void
test_plurals (void)
{
  assert_text (tl_describe_folded (1, TRUE), "1 weiterer Prozess");
  assert_text (tl_describe_folded (14, TRUE), "14 weitere Prozesse");
  assert_text (tl_describe_folded (16, FALSE), "16 weitere Threads");
  assert_text (tl_describe_merged_instants_line (1, 3 * MS, 0), "1 Ereignis · ab 3.0 ms");
  assert_text (tl_describe_merged_instants_line (12, 3 * MS, 0), "12 Ereignisse · ab 3.0 ms");
  assert_text (tl_format_percent (0.45), "45" NBSP "%");
}

static void
test_narrator (void)
{
  g_autoptr(TlTraceModel) model = build_model ();
  g_autoptr(GPtrArray) now = tl_narrator_describe_at (model, 5 * MS);
  g_autoptr(GPtrArray) recent = tl_narrator_recent (model, 19 * MS, 20);

  g_assert_true (has_caption (now, "worker 1 wartet auf lock_b, gehalten von worker 2"));
  g_assert_true (has_caption (now, "Deadlock: worker 1 wartet auf lock_b, gehalten von worker 2; "
                                   "worker 2 wartet auf lock_a, gehalten von worker 1"));
  g_assert_true (has_caption (recent, "worker 2 gibt „done“ aus"));
}

/* Every text of every built-in scenario (its questions' and their
 * choices too), read from
 * its file (English) and looked up as po/xgettext.py extracts it, is
 * translated, and the loader gives that translation. */
static void
assert_translated (const char *id,
                   const char *english,
                   const char *loaded)
{
  g_autofree char *key = g_strstrip (g_strdup (english));
  const char *translated = g_dgettext (GETTEXT_PACKAGE, key);

  if (translated == key)
    g_error ("%s: not in the catalogue: “%s”", id, key);
  g_assert_cmpstr (loaded, ==, translated);
}

static void
test_builtin_scenarios (void)
{
  g_autoptr(GListModel) scenarios = tl_scenario_list_builtin ();

  g_assert_cmpuint (g_list_model_get_n_items (scenarios), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (scenarios); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (scenarios, i);
      GBytes *data = tl_scenario_get_data (scenario);
      g_autoptr(GKeyFile) file = g_key_file_new ();
      const char *id = tl_scenario_get_id (scenario);
      GPtrArray *params = tl_scenario_get_params (scenario);
      GPtrArray *questions = tl_scenario_get_questions (scenario);
      struct { const char *key; const char *loaded; } texts[] = {
        { "Name", tl_scenario_get_name (scenario) },
        { "Topic", tl_scenario_get_topic (scenario) },
        { "Summary", tl_scenario_get_summary (scenario) },
        { "Narration", tl_scenario_get_narration (scenario) },
      };

      g_assert_true (g_key_file_load_from_bytes (file, data, G_KEY_FILE_NONE, NULL));
      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autofree char *english = g_key_file_get_string (file, "Scenario", texts[t].key, NULL);

          assert_translated (id, english, texts[t].loaded);
        }
      for (guint p = 0; p < params->len; p++)
        {
          TlScenarioParam *param = g_ptr_array_index (params, p);
          g_autofree char *group = g_strdup_printf ("Parameter %s", tl_scenario_param_get_name (param));
          g_autofree char *label = g_key_file_get_string (file, group, "Label", NULL);
          g_autofree char *description = g_key_file_get_string (file, group, "Description", NULL);
          g_autofree char *choices = g_key_file_get_value (file, group, "Choices", NULL);

          assert_translated (id, label, tl_scenario_param_get_label (param));
          assert_translated (id, description, tl_scenario_param_get_description (param));
          if (choices != NULL)
            {
              g_autofree char *labels = g_strjoinv (";", (char **) tl_scenario_param_get_choice_labels (param));

              assert_translated (id, choices, labels);
            }
        }
      for (guint q = 0; q < questions->len; q++)
        {
          TlScenarioQuestion *question = g_ptr_array_index (questions, q);
          g_autofree char *group = g_strdup_printf ("Question %s", question->id);
          g_autofree char *ask = g_key_file_get_string (file, group, "Ask", NULL);
          g_autofree char *explain = g_key_file_get_string (file, group, "Explain", NULL);

          g_autofree char *choices = g_key_file_get_value (file, group, "Choices", NULL);

          assert_translated (id, ask, question->ask);
          if (explain != NULL)
            assert_translated (id, explain, question->explain);
          if (choices != NULL)
            {
              g_autofree char *shown = g_strjoinv (";", question->choices);

              assert_translated (id, choices, shown);
              /* The right answer is still one of them, translated too. */
              if (question->answer == TL_ANSWER_CHOICE)
                g_assert_true (g_strv_contains ((const char * const *) question->choices, question->right_choice));
            }
        }
    }
}

#define TEACHER_FILE \
  "[Scenario]\n" \
  "Name=Two workers\n" \
  "Name[de]=Zwei Worker\n" \
  "Topic=Shared state\n" \
  "Summary=Two threads print.\n" \
  "Summary[fr]=Deux threads écrivent.\n" \
  "Summary[de]=Zwei Threads geben etwas aus.\n" \
  "Narration=They run at once.\n" \
  "Narration[de]=Sie laufen gleichzeitig.\\n\\nMal so, mal so.\n" \
  "[Parameter kind]\n" \
  "Type=choice\n" \
  "Label=Workers are\n" \
  "Label[de]=Die Worker sind\n" \
  "Choices=threads;processes\n" \
  "Choices[de]=Threads;Prozesse\n" \
  "Default=threads\n" \
  "Description=Threads or processes adding to the counter\n" \
  "[Main]\n" \
  "Steps=print \"hello\"\n"

/* A teacher's file carries its own translations (Key[de]=..., as in a
 * desktop entry); what it does not translate stays as written, even
 * where the catalogue has the same words (a built-in scenario's topic and
 * description). */
static void
test_teacher_translations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = tl_scenario_new_from_data (TEACHER_FILE, -1, "teacher.scenario", &error);
  g_autoptr(TlScenario) wrong = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *bad = NULL;
  TlScenarioParam *kind;

  g_assert_no_error (error);
  g_assert_cmpstr (tl_scenario_get_name (scenario), ==, "Zwei Worker");
  g_assert_cmpstr (tl_scenario_get_topic (scenario), ==, "Shared state");
  g_assert_cmpstr (tl_scenario_get_summary (scenario), ==, "Zwei Threads geben etwas aus.");
  g_assert_cmpstr (tl_scenario_get_narration (scenario), ==, "Sie laufen gleichzeitig.\n\nMal so, mal so.");
  kind = tl_scenario_lookup_param (scenario, "kind");
  g_assert_cmpstr (tl_scenario_param_get_label (kind), ==, "Die Worker sind");
  g_assert_cmpstr (tl_scenario_param_get_description (kind), ==, "Threads or processes adding to the counter");
  g_assert_cmpstr (tl_scenario_param_get_choices (kind)[1], ==, "processes");
  g_assert_cmpstr (tl_scenario_param_get_choice_labels (kind)[1], ==, "Prozesse");

  /* One label for each choice, or the file does not load. */
  parts = g_strsplit (TEACHER_FILE, "Choices[de]=Threads;Prozesse\n", 2);
  bad = g_strjoinv ("Choices[de]=Threads\n", parts);
  wrong = tl_scenario_new_from_data (bad, -1, "teacher.scenario", &error);
  g_assert_null (wrong);
  g_assert_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "teacher.scenario:15:"));
}

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TL_TEST_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\n%s%s", run->status, run->out, run->err);
}

/* threadline-cli, a program of its own, finds the same translations. */
static void
test_cli (void)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) help = { 0 };
  g_auto(Run) record = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli (&list, "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "Zwei Prozesse: Quadrat- und Kubikzahl"));
  g_assert_nonnull (strstr (list.out, "Race Condition: counter += 1"));
  /* What a script or the completion reads stays as it is. */
  g_assert_nonnull (strstr (list.out, "-p kind=threads             choice threads|processes"));

  run_cli (&help, "record", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "SZENARIO|DATEI – ein Szenario ablaufen lassen und aufzeichnen"));
  g_assert_nonnull (strstr (help.out, "--param=NAME=WERT"));

  run_cli (&record, "record", "two-processes", "--quiet", "--tempo", "10", "-p", "delay=100", NULL);
  g_assert_cmpint (record.status, ==, 0);
  g_assert_nonnull (strstr (record.out, "two-processes: fertig nach "));
  g_assert_nonnull (strstr (record.out, "Ereignisse: "));

  run_cli (&bad, "record", "no-such-scenario", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "threadline-cli: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* As a program starts: the user's locale, then our catalogue. */
  setlocale (LC_ALL, "");
  tl_locale_bind_textdomain ();
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/l10n/catalogue", test_catalogue);
  g_test_add_func ("/l10n/describer", test_describer);
  g_test_add_func ("/l10n/plurals", test_plurals);
  g_test_add_func ("/l10n/narrator", test_narrator);
  g_test_add_func ("/l10n/builtin-scenarios", test_builtin_scenarios);
  g_test_add_func ("/l10n/teacher-translations", test_teacher_translations);
  g_test_add_func ("/l10n/cli", test_cli);

  return g_test_run ();
}
