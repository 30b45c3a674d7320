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
 * cancelled, 5 its main process died of a signal.
 */
#define G_LOG_DOMAIN "threadline-runner"

#include "config.h"

#include <dirent.h>
#include <errno.h>
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

  while ((n = read (fd, buf, sizeof buf)) != 0)
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(TlScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  const char *origin = "scenario";
  double tempo = 1.0, timeout = -1;
  int scenario_fd = -1, exit_code = EXIT_NORMAL, main_status = 0;
  gboolean main_done = FALSE;
  sigset_t signals, old_signals;
  gint64 deadline;
  pid_t parent = getppid (), main_pid;
  char *end;
  int r;

  g_set_prgname ("threadline-runner");
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *next = i + 1 < argc ? argv[i + 1] : NULL;

      if (strcmp (arg, "--scenario-fd") == 0 && next != NULL)
        scenario_fd = atoi (argv[++i]);
      else if (strcmp (arg, "--origin") == 0 && next != NULL)
        origin = argv[++i];
      else if (strcmp (arg, "--tempo") == 0 && next != NULL)
        {
          tempo = g_ascii_strtod (argv[++i], &end);
          if (*end != '\0' || tempo <= 0)
            return usage ();
        }
      else if (strcmp (arg, "--timeout") == 0 && next != NULL)
        {
          timeout = g_ascii_strtod (argv[++i], &end);
          if (*end != '\0')
            return usage ();
        }
      else if (strcmp (arg, "-p") == 0 && next != NULL)
        {
          const char *eq = strchr (argv[++i], '=');

          if (eq == NULL)
            return usage ();
          g_hash_table_replace (values, g_strndup (argv[i], (gsize) (eq - argv[i])),
                                g_strdup (eq + 1));
        }
      else
        return usage ();
    }
  if (scenario_fd < 0)
    return usage ();

  /* Our parent's end is ours: a window that crashes leaves nothing running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    return EXIT_CANCELLED;
  prctl (PR_SET_CHILD_SUBREAPER, 1);

  data = read_all (scenario_fd);
  close (scenario_fd);
  if (data == NULL)
    {
      g_printerr ("threadline-runner: cannot read the scenario: %s\n", g_strerror (errno));
      return EXIT_SETUP;
    }
  scenario = tl_scenario_new_from_data (g_bytes_get_data (data, NULL),
                                        (gssize) g_bytes_get_size (data), origin, &error);
  if (scenario == NULL || !tl_scenario_check_values (scenario, values, &error))
    {
      g_printerr ("threadline-runner: %s\n", error->message);
      return EXIT_SETUP;
    }
  if ((r = tl_trace_attach_from_env ()) < 0)
    {
      g_printerr ("threadline-runner: cannot attach to the ring: %s\n", g_strerror (-r));
      return EXIT_SETUP;
    }
  if (timeout <= 0)
    timeout = MAX (tl_scenario_get_timeout (scenario) / tempo, 2.0);

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
  sigprocmask (SIG_BLOCK, &signals, &old_signals);

  fflush (stdout);
  fflush (stderr);
  main_pid = fork ();
  if (main_pid < 0)
    {
      g_printerr ("threadline-runner: cannot fork: %s\n", g_strerror (errno));
      return EXIT_SETUP;
    }
  if (main_pid == 0)
    {
      /* The scenario's processes live in a group of their own, which a
       * cancel kills at once. */
      setpgid (0, 0);
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      sigprocmask (SIG_SETMASK, &old_signals, NULL);
      tl_engine_run_main (scenario, values, tempo, (guint32) getppid ());
    }
  setpgid (main_pid, main_pid);
  printf ("main %d\n", (int) main_pid);
  fflush (stdout);

  deadline = now_ns () + (gint64) (timeout * 1e9);
  for (;;)
    {
      struct timespec wait = { 0, 200 * 1000 * 1000 };
      gint64 left = deadline - now_ns ();
      int sig;
      pid_t pid;
      int status;

      while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
        {
          record_exit (pid, status);
          if (pid == main_pid)
            {
              main_done = TRUE;
              main_status = status;
            }
        }
      if (main_done)
        break;
      if (left <= 0)
        {
          g_autofree char *text = g_strdup_printf ("watchdog = the run did not end within %.1f s, "
                                                   "so it was ended", timeout);

          record_mark (TL_SCENARIO_MARK_WATCHDOG, text);
          exit_code = EXIT_WATCHDOG;
          break;
        }
      if (left < (gint64) wait.tv_nsec)
        wait.tv_nsec = (long) left;
      sig = sigtimedwait (&signals, NULL, &wait);
      if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
        {
          record_mark (TL_SCENARIO_MARK_CANCEL, "cancelled = the run was cancelled");
          exit_code = EXIT_CANCELLED;
          break;
        }
    }

  /* Whatever is left of the scenario goes: a process the main process did
   * not join, or everything after a cancel or the watchdog. */
  kill (-main_pid, SIGKILL);
  for (;;)
    {
      int status;
      pid_t pid = waitpid (-1, &status, 0);

      if (pid < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      record_exit (pid, status);
      if (pid == main_pid)
        {
          main_done = TRUE;
          main_status = status;
        }
    }
  remove_shared_memory ();

  if (exit_code == EXIT_NORMAL)
    {
      if (WIFSIGNALED (main_status))
        exit_code = EXIT_SIGNALED;
      else if (WEXITSTATUS (main_status) != 0)
        exit_code = EXIT_RAISED;
    }
  {
    TlRing *ring = tl_trace_get_ring ();

    tl_trace_set_ring (NULL);
    tl_ring_free (ring);
  }
  return exit_code;
}
