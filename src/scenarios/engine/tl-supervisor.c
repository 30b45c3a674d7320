/* tl-supervisor.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "threadline-runner"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tl-engine.h"
#include "tl-limits.h"
#include "tl-probe.h"
#include "tl-supervisor.h"

/* What the run may write on stderr through the runner: enough for every
 * error and a debugging echo, not a flood into the window's memory. */
#define MAX_FORWARDED (256 << 10)
/* What the main process is sent when the runner is gone. */
#define RUNNER_GONE SIGUSR2

static void
record_mark (TlScenarioMark  kind,
             const char     *text)
{
  tl_trace_record_text (TL_EVENT_MARK, 0, (guint64) kind, text, strlen (text));
}

/* A process the runner killed because the run was over (the watchdog, a
 * cancel, a limit) did nothing wrong: it is told as stopped, not as
 * killed, so that a deadlock the watchdog ended is not shown as a crash. */
static void
record_exit (pid_t    pid,
             int      status,
             gboolean stopping)
{
  if (WIFSIGNALED (status))
    tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS,
                     TL_FLAG_SIGNALED | (stopping && WTERMSIG (status) == SIGKILL ? TL_FLAG_STOPPED : 0),
                     (guint64) pid, (guint64) WTERMSIG (status), 0);
  else
    tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 0, (guint64) pid,
                     (guint64) WEXITSTATUS (status), 0);
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* ---- the main process ---------------------------------------------------------- */

/* In the main process, when the runner is gone: the whole group goes,
 * this process with it.  Its children inherit the handler, and only the
 * group's leader acts on it.  Both calls are async-signal-safe. */
static void
runner_gone (int sig)
{
  if (getpid () == getpgrp ())
    kill (0, SIGKILL);
}

/* The child's first moves, before it becomes the scenario's MainProcess. */
static void
become_main (int             errors,
             pid_t           runner,
             const sigset_t *old_signals)
{
  struct sigaction action = { 0 };
  int null = open ("/dev/null", O_RDWR | O_CLOEXEC);

  /* A group of its own, which a cancel kills at once. */
  setpgid (0, 0);
  /* Nothing of the run holds the runner's stdout or stderr. */
  dup2 (null, STDIN_FILENO);
  dup2 (null, STDOUT_FILENO);
  dup2 (errors, STDERR_FILENO);
  close (null);
  close (errors);

  action.sa_handler = runner_gone;
  sigaction (RUNNER_GONE, &action, NULL);
  prctl (PR_SET_PDEATHSIG, RUNNER_GONE);
  /* The runner may have gone before the line above. */
  if (getppid () != runner)
    runner_gone (RUNNER_GONE);
  sigprocmask (SIG_SETMASK, old_signals, NULL);
}

gboolean
_tl_supervisor_start (TlSupervisor   *sup,
                      TlScenario     *scenario,
                      GHashTable     *values,
                      double          tempo,
                      const sigset_t *old_signals)
{
  pid_t runner = getpid ();
  int errors[2];

  memset (sup, 0, sizeof *sup);
  if (pipe2 (errors, O_CLOEXEC) < 0)
    {
      g_printerr ("threadline-runner: cannot make a pipe: %s\n", g_strerror (errno));
      return FALSE;
    }
  fflush (stdout);
  fflush (stderr);
  sup->main_pid = fork ();
  if (sup->main_pid < 0)
    {
      g_printerr ("threadline-runner: cannot fork: %s\n", g_strerror (errno));
      close (errors[0]);
      close (errors[1]);
      return FALSE;
    }
  if (sup->main_pid == 0)
    {
      close (errors[0]);
      become_main (errors[1], runner, old_signals);
      tl_engine_run_main (scenario, values, tempo, (guint32) runner);
    }
  close (errors[1]);
  sup->errors_fd = errors[0];
  fcntl (sup->errors_fd, F_SETFL, O_NONBLOCK);
  setpgid (sup->main_pid, sup->main_pid);
  printf ("main %d\n", (int) sup->main_pid);
  fflush (stdout);
  return TRUE;
}

/* ---- watching --------------------------------------------------------------- */

static void
reap (TlSupervisor *sup,
      int           flags)
{
  int status;
  pid_t pid;

  while ((pid = waitpid (-1, &status, flags)) > 0 || (pid < 0 && errno == EINTR))
    {
      if (pid < 0)
        continue;
      record_exit (pid, status, sup->stopping);
      if (pid == sup->main_pid)
        {
          sup->main_pid = 0;
          sup->main_status = status;
        }
    }
}

/* Copies what the run wrote on stderr to ours, up to MAX_FORWARDED. */
static void
forward_errors (TlSupervisor *sup)
{
  char buf[4096];
  ssize_t n = -1;

  while (sup->errors_fd >= 0 && ((n = read (sup->errors_fd, buf, sizeof buf)) > 0 ||
                                 (n < 0 && errno == EINTR)))
    if (n > 0 && sup->forwarded < MAX_FORWARDED)
      {
        gsize len = MIN ((gsize) n, MAX_FORWARDED - sup->forwarded);

        sup->forwarded += len;
        if (write (STDERR_FILENO, buf, len) < 0)
          break;
      }
  if (n == 0 && sup->errors_fd >= 0)
    {
      close (sup->errors_fd);
      sup->errors_fd = -1;
    }
}

/* Waits up to @ms for a signal of @sigfd or the run's stderr. */
static int
wait_for (TlSupervisor *sup,
          int           sigfd,
          int           ms)
{
  struct pollfd fds[2] = { { sigfd, POLLIN, 0 }, { sup->errors_fd, POLLIN, 0 } };
  struct signalfd_siginfo info;

  if (poll (fds, sup->errors_fd >= 0 ? 2 : 1, ms) <= 0)
    return 0;
  if (fds[1].revents != 0)
    forward_errors (sup);
  if ((fds[0].revents & POLLIN) && read (sigfd, &info, sizeof info) == sizeof info)
    return (int) info.ssi_signo;
  return 0;
}

static TlRunEnd
wait_for_end (TlSupervisor *sup,
              int           sigfd,
              double        timeout)
{
  gint64 deadline = now_ns () + (gint64) (timeout * 1e9);

  for (;;)
    {
      gint64 left = deadline - now_ns ();
      int sig;

      reap (sup, WNOHANG);
      if (sup->main_pid == 0)
        return TL_RUN_ENDED;
      if (left <= 0)
        {
          g_autofree char *text = g_strdup_printf ("watchdog = the run did not end within %.1f s, "
                                                   "so it was ended", timeout);

          record_mark (TL_SCENARIO_MARK_WATCHDOG, text);
          return TL_RUN_WATCHDOG;
        }
      sig = wait_for (sup, sigfd, (int) MIN (left / 1000000 + 1, 200));
      if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP)
        {
          record_mark (TL_SCENARIO_MARK_CANCEL, "cancelled = the run was cancelled");
          return TL_RUN_CANCELLED;
        }
      /* A process of the run went past a limit, and wrote which. */
      if (sig == SIGUSR1 && _tl_limits_get_end_message () != NULL)
        {
          g_autofree char *text = g_strdup_printf ("limit = %s", _tl_limits_get_end_message ());

          record_mark (TL_SCENARIO_MARK_LIMIT, text);
          g_printerr ("%s\n", _tl_limits_get_end_message ());
          return TL_RUN_LIMIT;
        }
    }
}

TlRunEnd
_tl_supervisor_watch (TlSupervisor   *sup,
                      const sigset_t *signals,
                      double          timeout)
{
  int sigfd = signalfd (-1, signals, SFD_CLOEXEC);
  pid_t group = sup->main_pid;
  TlRunEnd end;

  end = wait_for_end (sup, sigfd, timeout);
  /* Whatever is left of the scenario goes: a process the main process did
   * not join, or everything after a cancel, a limit or the watchdog. */
  sup->stopping = TRUE;
  kill (-group, SIGKILL);
  reap (sup, 0);
  forward_errors (sup);
  if (sup->errors_fd >= 0)
    close (sup->errors_fd);
  sup->errors_fd = -1;
  if (sigfd >= 0)
    close (sigfd);
  return end;
}
