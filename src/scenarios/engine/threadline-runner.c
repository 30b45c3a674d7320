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
 * scenario's main process runs, and supervises (tl-supervisor.c):
 *  - it is single-threaded, and forks the scenario's MainProcess, which
 *    runs in a process group of its own and forks the rest;
 *  - it is a child subreaper, so every process of the scenario whose
 *    parent dies comes back to it and is reaped: no zombie is left;
 *  - on SIGTERM, SIGINT or SIGHUP (a cancel), when a process goes past one
 *    of the run's limits (tl-limits.h), or when the watchdog's time is up
 *    (a hung scenario), it records why, kills the whole group, reaps every
 *    process and records how each ended;
 *  - it dies with its parent (PR_SET_PDEATHSIG), taking the scenario down,
 *    and if it dies, the scenario's main process kills its whole group;
 *  - it sets resource limits on itself and so on every process of the run.
 *
 * Exit status: 0 the scenario ended normally, 1 it raised, 2 it could not
 * start (the message is on stderr), 3 the watchdog ended it, 4 it was
 * cancelled, 5 its main process died of a signal, 6 it went past one of
 * the run's limits (tl-limits.h; the message is on stderr).
 */
#define G_LOG_DOMAIN "threadline-runner"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-limits.h"
#include "tl-probe.h"
#include "tl-scenario.h"
#include "tl-supervisor.h"

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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(TlScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  Options options = { values, NULL, 0, 0, -1 };
  TlSupervisor sup;
  sigset_t signals, old_signals;
  pid_t parent = getppid ();
  double timeout;
  int r, exit_code;

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
  /* We are not the lesson: views leave us out. */
  tl_trace_name (TL_ROLE_MACHINERY, (guint64) getpid (), "threadline-runner",
                 strlen ("threadline-runner"));

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

  if (!_tl_supervisor_start (&sup, scenario, options.values, options.tempo, &old_signals))
    return EXIT_SETUP;
  switch (_tl_supervisor_watch (&sup, &signals, timeout))
    {
    case TL_RUN_WATCHDOG:
      exit_code = EXIT_WATCHDOG;
      break;
    case TL_RUN_CANCELLED:
      exit_code = EXIT_CANCELLED;
      break;
    case TL_RUN_LIMIT:
      exit_code = EXIT_LIMIT;
      break;
    case TL_RUN_ENDED:
    default:
      exit_code = WIFSIGNALED (sup.main_status) ? EXIT_SIGNALED :
                  WEXITSTATUS (sup.main_status) != 0 ? EXIT_RAISED : EXIT_NORMAL;
      break;
    }
  {
    TlRing *ring = tl_trace_get_ring ();

    tl_trace_set_ring (NULL);
    tl_ring_free (ring);
  }
  return exit_code;
}
