/* threadline-runner.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-runner --scenario-fd N [--origin NAME] [-p NAME=VALUE]... [--tempo X]
 *                   [--timeout SECONDS]
 *
 * Runs one scenario, recording into the ring whose descriptor is in
 * $THREADLINE_RING_FD, for the window or the command line, which start it
 * (scenarios never run in the window's process: docs/architecture.md).  It reads the
 * scenario's text from descriptor N, writes "main PID" on stdout once the
 * scenario's main process runs, and supervises:
 *  - it is single-threaded, and forks the scenario's MainProcess, which
 *    runs in a process group of its own and forks the rest;
 *  - it is a child subreaper, so every process of the scenario whose
 *    parent dies comes back to it and is reaped: no zombie is left;
 *  - on SIGTERM, SIGINT or SIGHUP (a cancel), or when the watchdog's time
 *    is up (a hung scenario), it records why, kills the whole group, reaps
 *    every process, records how each ended, and removes the run's shared
 *    memory;
 *  - it dies with its parent (PR_SET_PDEATHSIG), taking the scenario down.
 *
 * Exit status: 0 the scenario ended normally, 1 it raised, 2 it could not
 * start (the message is on stderr), 3 the watchdog ended it, 4 it was
 * cancelled, 5 its main process died of a signal, 6 it went past one of
 * the run's limits (tl-limits.h; the message is on stderr).
 */
#define G_LOG_DOMAIN "threadline-runner"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tl-engine.h"
#include "tl-limits.h"
#include "tl-probe.h"
#include "tl-scenario.h"

enum
{
  EXIT_NORMAL = 0,
  EXIT_RAISED = 1,
  EXIT_SETUP = 2,
  EXIT_WATCHDOG = 3,
  EXIT_CANCELLED = 4,
  EXIT_SIGNALED = 5,
  EXIT_LIMIT = 6,
};

static void
record_mark (TlScenarioMark  kind,
             const char     *text)
{
  tl_trace_record_text (TL_EVENT_MARK, 0, (guint64) kind, text, strlen (text));
}

static void
record_exit (pid_t pid,
             int   status)
{
  if (WIFSIGNALED (status))
    tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (guint64) pid,
                     (guint64) WTERMSIG (status), 0);
  else
    tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 0, (guint64) pid,
                     (guint64) WEXITSTATUS (status), 0);
}

/* Removes the shared memory blocks of this run (named after our pid) that
 * a killed scenario could not. */
static void
remove_shared_memory (void)
{
  g_autofree char *prefix = g_strdup_printf ("threadline-%d-", (int) getpid ());
  DIR *dir = opendir ("/dev/shm");
  struct dirent *entry;

  if (dir == NULL)
    return;
  while ((entry = readdir (dir)) != NULL)
    if (g_str_has_prefix (entry->d_name, prefix))
      {
        g_autofree char *name = g_strdup_printf ("/%s", entry->d_name);

        shm_unlink (name);
      }
  closedir (dir);
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static GBytes *
read_all (int fd)
{
  GByteArray *data = g_byte_array_new ();
  guint8 buf[8192];
  ssize_t n;

  /* One byte more than a scenario may have is enough to refuse it. */
  while (data->len <= TL_SCENARIO_MAX_BYTES && (n = read (fd, buf, sizeof buf)) != 0)
    {
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          g_byte_array_unref (data);
          return NULL;
        }
      g_byte_array_append (data, buf, (guint) n);
    }
  return g_byte_array_free_to_bytes (data);
}

static int
usage (void)
{
  g_printerr ("Usage: threadline-runner --scenario-fd N [--origin NAME] [-p NAME=VALUE]... "
              "[--tempo X] [--timeout SECONDS]\n");
  return EXIT_SETUP;
}

typedef struct
{
  GHashTable *values;        /* -p NAME=VALUE, the caller's */
  const char *origin;
  double      tempo;
  double      timeout;       /* <= 0: the scenario's */
  int         scenario_fd;
} Options;

static gboolean
parse_options (int      argc,
               char    *argv[],
               Options *options)
{
  char *end;

  options->origin = "scenario";
  options->tempo = 1.0;
  options->timeout = -1;
  options->scenario_fd = -1;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (i + 1 >= argc)
        return FALSE;
      if (strcmp (arg, "--scenario-fd") == 0)
        options->scenario_fd = atoi (argv[++i]);
      else if (strcmp (arg, "--origin") == 0)
        options->origin = argv[++i];
      else if (strcmp (arg, "--tempo") == 0)
        {
          options->tempo = g_ascii_strtod (argv[++i], &end);
          if (*end != '\0' || !isfinite (options->tempo) || options->tempo <= 0)
            return FALSE;
        }
      else if (strcmp (arg, "--timeout") == 0)
        {
          options->timeout = g_ascii_strtod (argv[++i], &end);
          if (*end != '\0' || !isfinite (options->timeout))
            return FALSE;
        }
      else if (strcmp (arg, "-p") == 0)
        {
          const char *eq = strchr (argv[++i], '=');

          if (eq == NULL)
            return FALSE;
          g_hash_table_replace (options->values, g_strndup (argv[i], (gsize) (eq - argv[i])),
                                g_strdup (eq + 1));
        }
      else
        return FALSE;
    }
  return options->scenario_fd >= 0;
}

/* The scenario, read from its descriptor and checked with its values. */
static TlScenario *
load_scenario (Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = read_all (options->scenario_fd);
  TlScenario *scenario;

  close (options->scenario_fd);
  if (data == NULL)
    {
      g_printerr ("threadline-runner: cannot read the scenario: %s\n", g_strerror (errno));
      return NULL;
    }
  scenario = tl_scenario_new_from_data (g_bytes_get_data (data, NULL),
                                        (gssize) g_bytes_get_size (data), options->origin, &error);
  if (scenario != NULL && !tl_scenario_check_values (scenario, options->values, &error))
    g_clear_object (&scenario);
  if (scenario == NULL)
    g_printerr ("threadline-runner: %s\n", error->message);
  return scenario;
}

/* Forks the scenario's MainProcess, in a process group of its own that a
 * cancel kills at once; -1 if it cannot. */
static pid_t
start_main (TlScenario     *scenario,
            Options        *options,
            const sigset_t *old_signals)
{
  pid_t main_pid;

  fflush (stdout);
  fflush (stderr);
  main_pid = fork ();
  if (main_pid < 0)
    {
      g_printerr ("threadline-runner: cannot fork: %s\n", g_strerror (errno));
      return -1;
    }
  if (main_pid == 0)
    {
      setpgid (0, 0);
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      sigprocmask (SIG_SETMASK, old_signals, NULL);
      tl_engine_run_main (scenario, options->values, options->tempo, (guint32) getppid ());
    }
  setpgid (main_pid, main_pid);
  printf ("main %d\n", (int) main_pid);
  fflush (stdout);
  return main_pid;
}

typedef struct
{
  pid_t main_pid;
  int   main_status;
  int   exit_code;
} Run;

static void
reap (Run *run,
      int  flags)
{
  int status;
  pid_t pid;

  while ((pid = waitpid (-1, &status, flags)) > 0 || (pid < 0 && errno == EINTR))
    {
      if (pid < 0)
        continue;
      record_exit (pid, status);
      if (pid == run->main_pid)
        {
          run->main_pid = 0;
          run->main_status = status;
        }
    }
}

/* Waits until the main process ends, a cancel comes, or the watchdog's
 * time is up; records why the run ended if it did not end by itself. */
static void
supervise (Run            *run,
           const sigset_t *signals,
           double          timeout)
{
  gint64 deadline = now_ns () + (gint64) (timeout * 1e9);
  pid_t main_pid = run->main_pid;

  for (;;)
    {
      struct timespec wait = { 0, 200 * 1000 * 1000 };
      gint64 left = deadline - now_ns ();
      int sig;

      reap (run, WNOHANG);
      if (run->main_pid == 0)
        break;
      if (left <= 0)
        {
          g_autofree char *text = g_strdup_printf ("watchdog = the run did not end within %.1f s, "
                                                   "so it was ended", timeout);

          record_mark (TL_SCENARIO_MARK_WATCHDOG, text);
          run->exit_code = EXIT_WATCHDOG;
          break;
        }
      if (left < (gint64) wait.tv_nsec)
        wait.tv_nsec = (long) left;
      sig = sigtimedwait (signals, NULL, &wait);
      if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
        {
          record_mark (TL_SCENARIO_MARK_CANCEL, "cancelled = the run was cancelled");
          run->exit_code = EXIT_CANCELLED;
          break;
        }
      /* A process of the run went past a limit, and wrote which. */
      if (sig == SIGUSR1 && _tl_limits_get_end_message () != NULL)
        {
          g_autofree char *text = g_strdup_printf ("limit = %s", _tl_limits_get_end_message ());

          record_mark (TL_SCENARIO_MARK_LIMIT, text);
          g_printerr ("%s\n", _tl_limits_get_end_message ());
          run->exit_code = EXIT_LIMIT;
          break;
        }
    }

  /* Whatever is left of the scenario goes: a process the main process did
   * not join, or everything after a cancel or the watchdog. */
  kill (-main_pid, SIGKILL);
  reap (run, 0);
  remove_shared_memory ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(TlScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  Options options = { values, NULL, 0, 0, -1 };
  Run run = { 0 };
  sigset_t signals, old_signals;
  pid_t parent = getppid ();
  double timeout;
  int r;

  g_set_prgname ("threadline-runner");
  if (!parse_options (argc, argv, &options))
    return usage ();

  /* Our parent's end is ours: a window that crashes leaves nothing running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    return EXIT_CANCELLED;
  prctl (PR_SET_CHILD_SUBREAPER, 1);

  if ((scenario = load_scenario (&options)) == NULL)
    return EXIT_SETUP;
  if ((r = tl_trace_attach_from_env ()) < 0)
    {
      g_printerr ("threadline-runner: cannot attach to the ring: %s\n", g_strerror (-r));
      return EXIT_SETUP;
    }
  timeout = _tl_limits_watchdog_seconds (options.timeout, tl_scenario_get_timeout (scenario),
                                         options.tempo);

  tl_trace_name (TL_ROLE_PROCESS, (guint64) getpid (), "threadline-runner",
                 strlen ("threadline-runner"));
  tl_trace_name (TL_ROLE_THREAD, (guint64) getpid (), "supervisor", strlen ("supervisor"));

  sigemptyset (&signals);
  sigaddset (&signals, SIGCHLD);
  sigaddset (&signals, SIGTERM);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGHUP);
  sigaddset (&signals, SIGUSR1);
  sigprocmask (SIG_BLOCK, &signals, &old_signals);
  _tl_limits_set_rlimits ();
  if (!_tl_limits_init (&error))
    {
      g_printerr ("threadline-runner: %s\n", error->message);
      return EXIT_SETUP;
    }

  run.main_pid = start_main (scenario, &options, &old_signals);
  if (run.main_pid < 0)
    return EXIT_SETUP;
  supervise (&run, &signals, timeout);

  if (run.exit_code == EXIT_NORMAL)
    {
      if (WIFSIGNALED (run.main_status))
        run.exit_code = EXIT_SIGNALED;
      else if (WEXITSTATUS (run.main_status) != 0)
        run.exit_code = EXIT_RAISED;
    }
  {
    TlRing *ring = tl_trace_get_ring ();

    tl_trace_set_ring (NULL);
    tl_ring_free (ring);
  }
  return run.exit_code;
}
