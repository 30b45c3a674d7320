/* tl-cli-run.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli run [-o OUT.tltrace] [--untraced-ok] [--quiet] [--] COMMAND [ARGUMENTS...]
 *
 * Runs a real program with the tracer attached to every process it makes,
 * and writes its trace.  The program keeps this terminal: it reads and
 * prints as it would alone, and gets the terminal's signals (Ctrl-C) as
 * it would alone.  A summary goes to standard error at the end.
 *
 * Exit status: the program's own; if a signal ended it, this command ends
 * by the same signal.  127 if the program is not found, 126 if it cannot
 * be run or traced, 1 if the trace could not be made, 2 on bad usage.
 */
#define G_LOG_DOMAIN "threadline-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib-unix.h>

#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-recorder-command.h"

#define MAX_LOSS_LINES 20

typedef struct
{
  GMainLoop  *loop;
  TlRecorder *recorder;
} Run;

static void
finished_cb (TlRecorder   *recorder,
             const GError *error,
             gpointer      user_data)
{
  Run *run = user_data;

  g_main_loop_quit (run->loop);
}

/* Ctrl-C reached the program too (it shares our terminal): it decides. */
static gboolean
interrupt_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* A signal sent to us alone is meant for the program. */
static void
forward (Run *run,
         int  sig)
{
  guint32 pid = tl_recorder_get_main_pid (run->recorder);

  if (pid > 1)
    kill ((pid_t) pid, sig);
  else
    tl_recorder_cancel (run->recorder);
}

static gboolean
terminate_cb (gpointer user_data)
{
  forward (user_data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static gboolean
hang_up_cb (gpointer user_data)
{
  forward (user_data, SIGHUP);
  return G_SOURCE_CONTINUE;
}

static gboolean
is_interpreter (const char *program)
{
  static const char * const interpreters[] = { "python", "sh", "bash", "dash", "perl", "ruby",
                                               "node", "env", NULL };
  g_autofree char *base = g_path_get_basename (program);

  for (guint i = 0; interpreters[i] != NULL; i++)
    if (g_str_has_prefix (base, interpreters[i]))
      return TRUE;
  return FALSE;
}

/* "python3 pool_map.py" -> pool_map.tltrace, "./counter" -> counter.tltrace. */
static char *
default_output (char **command)
{
  const char *named = command[0];
  g_autofree char *base = NULL;
  char *dot;

  if (is_interpreter (command[0]))
    for (guint i = 1; command[i] != NULL; i++)
      if (command[i][0] != '-')
        {
          named = command[i];
          break;
        }
  base = g_path_get_basename (named);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strconcat (base, ".tltrace", NULL);
}

/* The program's processes and threads, not the tracer's. */
static guint
count_processes (TlTraceModel *model)
{
  guint n = 0;

  for (guint p = 0; p < tl_trace_model_get_n_processes (model); p++)
    n += !tl_trace_model_is_machinery_process (model, p);
  return n;
}

static guint
count_threads (TlTraceModel *model)
{
  guint n = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    n += tl_lane_get_kind (tl_trace_model_get_lane (model, l)) == TL_LANE_THREAD &&
         !tl_trace_model_is_machinery_lane (model, l);
  return n;
}

static void
print_summary (TlRecorder *recorder,
               const char *output)
{
  TlTraceModel *model = tl_recorder_get_model (recorder);
  const GError *error = tl_recorder_get_error (recorder);
  guint64 dropped, torn, corrupt;

  guint n_processes = count_processes (model), n_threads = count_threads (model);
  guint64 n_events = tl_recorder_get_n_events (recorder);
  g_autofree char *processes = NULL;
  g_autofree char *threads = NULL;
  g_autofree char *events = NULL;

  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  processes = g_strdup_printf (ngettext ("%u process", "%u processes", n_processes), n_processes);
  threads = g_strdup_printf (ngettext ("%u thread", "%u threads", n_threads), n_threads);
  events = g_strdup_printf (ngettext ("%llu event", "%llu events",
                                      (unsigned long) MIN (n_events, G_MAXULONG)),
                            (unsigned long long) n_events);
  /* TRANSLATORS: "threadline-cli: traced 3 processes and 5 threads in
   * 1.25 s: 4000 events"; what follows is added to it */
  g_printerr (_("threadline-cli: traced %s and %s in %.2f s: %s"), processes, threads,
              tl_recorder_get_elapsed (recorder), events);
  if (dropped + torn + corrupt > 0)
    /* TRANSLATORS: added to the summary, "…: 4000 events, 12 lost (12
     * dropped, 0 cut off, 0 damaged)" */
    g_printerr (_(", %llu lost (%llu dropped, %llu cut off, %llu damaged)"),
                (unsigned long long) (dropped + torn + corrupt), (unsigned long long) dropped,
                (unsigned long long) torn, (unsigned long long) corrupt);
  if (tl_recorder_get_untraced (recorder))
    /* TRANSLATORS: added to the summary */
    g_printerr ("%s", _(" (the program ran untraced)"));
  if (error == NULL || !g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_OUTPUT))
    /* TRANSLATORS: added to the summary last, "…; wrote pool.tltrace" */
    g_printerr (_("; wrote %s"), output);
  g_printerr ("\n");
}

/* Which threads lost events, so that nothing is lost silently. */
static void
print_losses (TlRecorder *recorder)
{
  TlTraceModel *model = tl_recorder_get_model (recorder);
  const TlRecorderLoss *losses;
  guint n;

  losses = tl_recorder_get_losses (recorder, &n);
  for (guint i = 0; i < MIN (n, MAX_LOSS_LINES); i++)
    {
      guint32 lane = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, losses[i].pid,
                                                 losses[i].tid);
      guint32 name = lane != TL_INDEX_NONE ? tl_lane_get_name (tl_trace_model_get_lane (model, lane))
                                           : TL_INDEX_NONE;

      guint64 lost = losses[i].dropped + losses[i].torn + losses[i].corrupt;

      if (name != TL_INDEX_NONE)
        /* TRANSLATORS: "threadline-cli: worker (process 1234, thread 1236) lost 12 events" */
        g_printerr (ngettext ("threadline-cli: %s (process %u, thread %u) lost %llu event\n",
                              "threadline-cli: %s (process %u, thread %u) lost %llu events\n",
                              (unsigned long) MIN (lost, G_MAXULONG)),
                    tl_trace_model_get_string (model, name), losses[i].pid, losses[i].tid,
                    (unsigned long long) lost);
      else
        g_printerr (ngettext ("threadline-cli: a thread (process %u, thread %u) lost %llu event\n",
                              "threadline-cli: a thread (process %u, thread %u) lost %llu events\n",
                              (unsigned long) MIN (lost, G_MAXULONG)),
                    losses[i].pid, losses[i].tid, (unsigned long long) lost);
    }
  if (n > MAX_LOSS_LINES)
    g_printerr (ngettext ("threadline-cli: and %u more thread lost events\n",
                          "threadline-cli: and %u more threads lost events\n", n - MAX_LOSS_LINES),
                n - MAX_LOSS_LINES);
}

/* Ends this process as the program's ended. */
static int
pass_on (TlRecorder *recorder)
{
  const GError *error = tl_recorder_get_error (recorder);
  int code = 0, sig = 0;

  if (!tl_recorder_get_exit_status (recorder, &code, &sig))
    {
      if (error != NULL && g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_UNTRACEABLE))
        {
          tl_cli_fail (_("%s (use --untraced-ok to run it anyway)"), error->message);
          return 126;
        }
      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return 128 + SIGTERM;
      if (error != NULL)
        tl_cli_fail ("%s", error->message);
      /* The program could not be started (as a shell says 126), or the
       * tracer failed. */
      return error != NULL && g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START)
             ? 126 : 1;
    }
  /* The program ran: its status, even if the trace could not be written. */
  if (error != NULL && g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_OUTPUT))
    tl_cli_fail ("%s", error->message);
  if (sig == 0)
    return code;

  /* The same signal, so that whoever runs us sees what they would have
   * seen of the program; no core of ours for the program's crash. */
  fflush (stdout);
  setrlimit (RLIMIT_CORE, &(struct rlimit) { 0, 0 });
  signal (sig, SIG_DFL);
  {
    sigset_t unblock;

    sigemptyset (&unblock);
    sigaddset (&unblock, sig);
    sigprocmask (SIG_UNBLOCK, &unblock, NULL);
  }
  raise (sig);
  return 128 + sig;
}

int
tl_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlRecorder) recorder = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *output = NULL;
  g_autofree char *found = NULL;
  gboolean untraced_ok = FALSE, quiet = FALSE;
  char **command;
  Run run;
  guint sigint, sigterm, sighup;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the trace here (default: the program's or script's name, .tltrace)"),
      N_("OUT.tltrace") },
    { "untraced-ok", 0, 0, G_OPTION_ARG_NONE, &untraced_ok,
      N_("Run a program the tracer cannot attach to (static, setuid, another architecture) "
         "untraced instead of refusing"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print no summary at the end (events lost are still reported)"), NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
  };

  context = g_option_context_new (N_("[--] COMMAND [ARGUMENTS…] — run a program and trace it"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    N_("Runs COMMAND with Threadline's tracer attached to every process it starts (forked,\n"
       "spawned or exec'ed) and to their threads, and writes a .tltrace of what they did:\n"
       "processes and threads starting and ending (with exit status or signal), waits for\n"
       "and holds of mutexes, read-write locks, conditions, semaphores and barriers,\n"
       "messages through pipes and socket pairs, sleeps, blocking reads, and what each\n"
       "process prints.  Python 3.11 programs also show their GIL, their threading and\n"
       "multiprocessing locks, queues and pools, and Python's names for threads and\n"
       "processes.  See docs/tracing-programs.md.\n"
       "\n"
       "The program keeps this terminal, environment and signals.  Exit status: the\n"
       "program's (ended by a signal, this command ends by the same signal), even when\n"
       "the trace could not be written (stderr says so); 126 if the program cannot be\n"
       "run or traced, 127 if it is not found, 1 if the trace could not start or the\n"
       "tracer failed, 2 on bad usage.\n"
       "\n"
       "Example: threadline-cli run -o pool.tltrace -- python3 pool_map.py"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("threadline-cli run: %s\n", error->message);
      return 2;
    }
  command = argv + 1;
  if (command[0] != NULL && strcmp (command[0], "--") == 0)
    command++;
  if (command[0] == NULL)
    {
      g_printerr ("%s", _("threadline-cli run: name a program to run (threadline-cli run --help)\n"));
      return 2;
    }
  found = strchr (command[0], '/') != NULL ? g_strdup (command[0])
                                           : g_find_program_in_path (command[0]);
  if (found == NULL || !g_file_test (found, G_FILE_TEST_EXISTS))
    {
      tl_cli_fail (_("cannot run “%s”: %s"), command[0], g_strerror (ENOENT));
      return 127;
    }
  if (output == NULL)
    output = default_output (command);

  recorder = tl_recorder_new_for_command ((const char * const *) command);
  tl_recorder_set_inherit_stdio (recorder, TRUE);
  tl_recorder_set_untraced_ok (recorder, untraced_ok);
  tl_recorder_set_output_path (recorder, output);

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.recorder = recorder;
  g_signal_connect (recorder, "finished", G_CALLBACK (finished_cb), &run);
  if (!tl_recorder_start (recorder, &error))
    {
      tl_cli_fail ("%s", error->message);
      return 1;
    }
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, terminate_cb, &run);
  sighup = g_unix_signal_add (SIGHUP, hang_up_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (sighup);

  if (!quiet && tl_recorder_get_exit_status (recorder, NULL, NULL))
    print_summary (recorder, output);
  if (tl_recorder_get_exit_status (recorder, NULL, NULL))
    print_losses (recorder);
  return pass_on (recorder);
}
