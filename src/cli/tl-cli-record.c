/* tl-cli-record.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli record SCENARIO|FILE [-p NAME=VALUE]... [--tempo X]
 *                       [--timeout SECONDS] [-o OUT.tltrace] [--quiet]
 *
 * Runs a scenario for real and records it: prints what its workers print
 * as they print it ("[Process-1] Square of 44: 1936"), then a summary
 * (how long, how many events, how many lost, the results) and writes the
 * trace.  Ctrl-C cancels the run cleanly; what was recorded is still
 * written.
 *
 * Exit status: 0 the run ended normally, or in the deadlock its scenario
 * is meant to end in (Ending=deadlock: the cycle is printed); 1 it failed
 * (the reason on stderr: the scenario raised, hung, crashed, or could not
 * start); 130 it was cancelled; 2 on bad usage.
 */
#define G_LOG_DOMAIN "threadline-cli"

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-describe.h"
#include "tl-recorder.h"
#include "tl-run-ending.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   quiet;
} Run;

static void
output_cb (TlRecorder *recorder,
           const char *worker,
           guint       pid,
           guint       tid,
           const char *text,
           gpointer    user_data)
{
  Run *run = user_data;
  g_auto(GStrv) lines = NULL;

  if (run->quiet)
    return;
  /* A traceback is several lines: each gets its worker. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    printf ("[%s] %s\n", worker, lines[i]);
  fflush (stdout);
}

static void
finished_cb (TlRecorder   *recorder,
             const GError *error,
             gpointer      user_data)
{
  Run *run = user_data;

  g_main_loop_quit (run->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  TlRecorder *recorder = user_data;

  g_printerr ("%s", _("threadline-cli: cancelling…\n"));
  tl_recorder_cancel (recorder);
  return G_SOURCE_CONTINUE;
}

/* The results, timings and the watchdog's word. */
static void
print_marks (TlTraceModel *model)
{
  guint n_lanes = tl_trace_model_get_n_lanes (model);

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          const char *label = NULL;

          if (instants[i].kind != TL_EVENT_MARK || instants[i].ref == TL_INDEX_NONE)
            continue;
          /* TRANSLATORS: the labels of the lines after threadline-cli
           * record's summary, in a column 8 characters wide */
          switch (instants[i].arg)
            {
            case TL_SCENARIO_MARK_RESULT:
              label = C_("record summary", "result");
              break;
            case TL_SCENARIO_MARK_TIME:
              label = C_("record summary", "time");
              break;
            case TL_SCENARIO_MARK_WATCHDOG:
              label = C_("record summary", "watchdog");
              break;
            default:
              break;
            }
          if (label != NULL)
            {
              /* In the user's words: the watchdog's mark is in the engine's. */
              g_autofree char *text = tl_describe_instant (model, l, &instants[i]);

              printf ("  %-8s %s\n", label, text);
            }
        }
    }
}

static guint
count_lanes (TlTraceModel *model,
             TlLaneKind    kind)
{
  guint n = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    n += tl_lane_get_kind (tl_trace_model_get_lane (model, l)) == kind;
  return n;
}

/* "two-processes: finished in 1.25 s (tempo 1): 412 events, 0 lost;
 * 3 processes, 3 threads": one whole sentence for each way a run ends. */
static void
print_summary (TlScenario *scenario,
               TlRecorder *recorder,
               gboolean    deadlocked,
               double      tempo)
{
  TlTraceModel *model = tl_recorder_get_model (recorder);
  const char *id = tl_scenario_get_id (scenario);
  double elapsed = tl_recorder_get_elapsed (recorder);
  g_autofree char *counts = NULL;

  /* TRANSLATORS: the counts at the end of threadline-cli record's summary */
  counts = g_strdup_printf (_("%llu events, %llu lost; %u processes, %u threads"),
                            (unsigned long long) tl_recorder_get_n_events (recorder),
                            (unsigned long long) tl_recorder_get_n_lost (recorder),
                            tl_trace_model_get_n_processes (model),
                            count_lanes (model, TL_LANE_THREAD));
  /* TRANSLATORS: "two-processes: finished in 1.25 s (tempo 1): <counts>" */
  if (tl_recorder_get_state (recorder) == TL_RECORDER_FINISHED)
    printf (_("\n%s: finished in %.2f s (tempo %g): %s\n"), id, elapsed, tempo, counts);
  else if (tl_recorder_get_state (recorder) == TL_RECORDER_CANCELLED)
    printf (_("\n%s: cancelled in %.2f s (tempo %g): %s\n"), id, elapsed, tempo, counts);
  else if (deadlocked)
    /* TRANSLATORS: the scenario is meant to end in a deadlock, and did */
    printf (_("\n%s: deadlocked, as meant, in %.2f s (tempo %g): %s\n"), id, elapsed, tempo, counts);
  else
    printf (_("\n%s: failed in %.2f s (tempo %g): %s\n"), id, elapsed, tempo, counts);
}

int
tl_cli_record (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlScenario) scenario = NULL;
  g_autoptr(TlRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) values = NULL;
  g_autofree char *output = NULL;
  g_autofree char *deadlock = NULL;
  double tempo = 1.0, timeout = 0;
  gboolean quiet = FALSE;
  const GError *run_error;
  TlTraceModel *model;
  Run run = { NULL, FALSE };
  guint sigint, sigterm;
  const GOptionEntry entries[] = {
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &values, N_("Set a parameter"),
      N_("NAME=VALUE") },
    { "tempo", 0, 0, G_OPTION_ARG_DOUBLE, &tempo, N_("Speed: 2 runs twice as fast (default 1)"),
      N_("X") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("End a run that takes longer than this (default: the scenario's)"), N_("SECONDS") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the trace here"),
      N_("OUT.tltrace") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not print the workers' output"), NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };

  context = g_option_context_new (N_("SCENARIO|FILE — run a scenario and record it"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("threadline-cli record: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("%s", _("threadline-cli record: name one scenario (see “threadline-cli list”)\n"));
      return 2;
    }
  if (tempo <= 0)
    {
      g_printerr ("%s", _("threadline-cli record: --tempo must be above 0\n"));
      return 2;
    }

  scenario = tl_scenario_lookup (argv[1], &error);
  if (scenario == NULL)
    return tl_cli_fail ("%s", error->message);
  recorder = tl_recorder_new (scenario);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (values[i], "=", 2);

      if (pair[1] == NULL)
        {
          g_printerr (_("threadline-cli record: -p takes NAME=VALUE, not “%s”\n"), values[i]);
          return 2;
        }
      if (!tl_recorder_set_value (recorder, g_strstrip (pair[0]), pair[1], &error))
        return tl_cli_fail ("%s", error->message);
    }
  tl_recorder_set_tempo (recorder, tempo);
  tl_recorder_set_timeout (recorder, timeout);
  tl_recorder_set_output_path (recorder, output);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.quiet = quiet;
  g_signal_connect (recorder, "output", G_CALLBACK (output_cb), &run);
  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), &run);

  if (!tl_recorder_start (recorder, &error))
    return tl_cli_fail ("%s", error->message);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, recorder);
  sigterm = g_unix_signal_add (SIGTERM, interrupt_cb, recorder);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  model = tl_recorder_get_model (recorder);
  run_error = tl_recorder_get_error (recorder);
  deadlock = tl_run_describe_meant_deadlock (scenario, model, run_error);
  print_summary (scenario, recorder, deadlock != NULL, tempo);
  print_marks (model);
  if (deadlock != NULL)
    printf ("  %-8s %s\n", C_("record summary", "deadlock"), deadlock);
  if (output != NULL && (run_error == NULL || run_error->domain != TL_RECORDER_ERROR ||
                         run_error->code != TL_RECORDER_ERROR_OUTPUT))
    printf ("  %-8s %s\n", C_("record summary", "wrote"), output);
  fflush (stdout);

  if (tl_recorder_get_state (recorder) == TL_RECORDER_CANCELLED)
    return 130;
  if (run_error != NULL && deadlock == NULL)
    return tl_cli_fail ("%s", run_error->message);
  return 0;
}
