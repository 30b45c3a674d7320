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

  g_printerr ("threadline-cli: cancelling…\n");
  tl_recorder_cancel (recorder);
  return G_SOURCE_CONTINUE;
}

/* The results, timings and the watchdog's word, as recorded. */
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
          switch (instants[i].arg)
            {
            case TL_SCENARIO_MARK_RESULT:
              label = "result";
              break;
            case TL_SCENARIO_MARK_TIME:
              label = "time";
              break;
            case TL_SCENARIO_MARK_WATCHDOG:
              label = "watchdog";
              break;
            default:
              break;
            }
          if (label != NULL)
            printf ("  %-8s %s\n", label, tl_trace_model_get_string (model, instants[i].ref));
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
    { "param", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &values, "Set a parameter", "NAME=VALUE" },
    { "tempo", 0, 0, G_OPTION_ARG_DOUBLE, &tempo, "Speed: 2 runs twice as fast (default 1)", "X" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      "End a run that takes longer than this (default: the scenario's)", "SECONDS" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the trace here", "OUT.tltrace" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not print the workers' output", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };

  context = g_option_context_new ("SCENARIO|FILE — run a scenario and record it");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("threadline-cli record: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("threadline-cli record: name one scenario (see “threadline-cli list”)\n");
      return 2;
    }
  if (tempo <= 0)
    {
      g_printerr ("threadline-cli record: --tempo must be above 0\n");
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
          g_printerr ("threadline-cli record: -p takes NAME=VALUE, not “%s”\n", values[i]);
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
  printf ("\n%s: %s in %.2f s (tempo %g): %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
          " lost; %u processes, %u threads\n",
          tl_scenario_get_id (scenario),
          tl_recorder_get_state (recorder) == TL_RECORDER_FINISHED ? "finished" :
          tl_recorder_get_state (recorder) == TL_RECORDER_CANCELLED ? "cancelled" :
          deadlock != NULL ? "deadlocked, as meant," : "failed",
          tl_recorder_get_elapsed (recorder), tempo,
          tl_recorder_get_n_events (recorder), tl_recorder_get_n_lost (recorder),
          tl_trace_model_get_n_processes (model), count_lanes (model, TL_LANE_THREAD));
  print_marks (model);
  if (deadlock != NULL)
    printf ("  %-8s %s\n", "deadlock", deadlock);
  if (output != NULL && (run_error == NULL || run_error->domain != TL_RECORDER_ERROR ||
                         run_error->code != TL_RECORDER_ERROR_OUTPUT))
    printf ("  wrote    %s\n", output);
  fflush (stdout);

  if (tl_recorder_get_state (recorder) == TL_RECORDER_CANCELLED)
    return 130;
  if (run_error != NULL && deadlock == NULL)
    return tl_cli_fail ("%s", run_error->message);
  return 0;
}
