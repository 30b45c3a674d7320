/* threadline-tracer.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * threadline-tracer --preload LIB [--python DIR] [--status-fd N] [--new-group]
 *                   [--untraced-ok] -- COMMAND [ARGUMENTS...]
 *
 * Runs COMMAND with the interposer attached, recording into the ring
 * whose descriptor is in $THREADLINE_RING_FD, for the window or the
 * command line (src/record starts it, as it starts threadline-runner for a
 * scenario).  It:
 *  - makes the shared table (tl-preload-shared.h) and passes the program
 *    the paths of both segments under /proc/<our pid>/fd, so that no
 *    descriptor of ours reaches the program;
 *  - refuses a program it cannot attach to (static, setuid, another
 *    architecture), or runs it untraced with --untraced-ok;
 *  - is a child subreaper: it reaps what the program's processes leave
 *    and records how every process it reaps ended;
 *  - when the program's first process ends, ends what it left running
 *    (SIGTERM, then SIGKILL after a grace period);
 *  - on SIGTERM (a cancel), kills everything and says so;
 *  - dies with its parent (PR_SET_PDEATHSIG), taking the program down.
 *
 * It writes one line per fact on the status descriptor: "main PID",
 * "untraced TEXT", then how the program ended: "exited CODE",
 * "killed SIGNAL CORE" or "cancelled"; or, instead of all that,
 * "untraceable TEXT" or "error ERRNO TEXT" if the program could not start.
 *
 * Exit status: 0 the program ran (the status says how it ended), 2 it
 * could not start, 3 it cannot be traced.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tl-preload-env.h"
#include "tl-preload-reap.h"
#include "tl-preload-shared.h"
#include "tl-probe.h"
#include "tl-traceable.h"

#define GRACE_MS       2000
#define POLL_MS        100

enum
{
  EXIT_RAN = 0,
  EXIT_SETUP = 2,
  EXIT_UNTRACEABLE = 3,
};

typedef struct
{
  const char  *preload;
  const char  *python;
  int          status_fd;
  bool         new_group;
  bool         untraced_ok;
  char       **command;
} Options;

static int status_fd = -1;

static void
say (const char *format,
     ...) __attribute__ ((format (printf, 1, 2)));

static void
say (const char *format,
     ...)
{
  char line[1024];
  va_list args;
  int n;

  va_start (args, format);
  n = vsnprintf (line, sizeof line - 1, format, args);
  va_end (args);
  if (n < 0)
    return;
  if ((size_t) n > sizeof line - 2)
    n = (int) sizeof line - 2;
  line[n++] = '\n';
  if (status_fd >= 0)
    {
      ssize_t r;

      do
        r = write (status_fd, line, (size_t) n);
      while (r < 0 && errno == EINTR);
    }
}

static int
usage (void)
{
  fprintf (stderr, "Usage: threadline-tracer --preload LIB [--python DIR] [--status-fd N] "
                   "[--new-group] [--untraced-ok] -- COMMAND [ARGUMENTS...]\n");
  return EXIT_SETUP;
}

static bool
parse_options (int      argc,
               char   **argv,
               Options *o)
{
  memset (o, 0, sizeof *o);
  o->status_fd = -1;
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      bool has_next = i + 1 < argc;

      if (strcmp (arg, "--") == 0)
        {
          o->command = argv + i + 1;
          return o->command[0] != NULL && o->preload != NULL;
        }
      else if (strcmp (arg, "--preload") == 0 && has_next)
        o->preload = argv[++i];
      else if (strcmp (arg, "--python") == 0 && has_next)
        o->python = argv[++i];
      else if (strcmp (arg, "--status-fd") == 0 && has_next)
        o->status_fd = atoi (argv[++i]);
      else if (strcmp (arg, "--new-group") == 0)
        o->new_group = true;
      else if (strcmp (arg, "--untraced-ok") == 0)
        o->untraced_ok = true;
      else
        return false;
    }
  return false;
}

/* ---- the program's environment ----------------------------------------------------- */

static char *
joined (const char *name,
        const char *first,
        const char *rest)
{
  size_t len = strlen (name) + strlen (first) + (rest != NULL ? strlen (rest) : 0) + 3;
  char *s = malloc (len);

  if (s == NULL)
    return NULL;
  if (rest != NULL && rest[0] != '\0')
    snprintf (s, len, "%s=%s:%s", name, first, rest);
  else
    snprintf (s, len, "%s=%s", name, first);
  return s;
}

static char *
pair (const char *name,
      const char *format,
      ...) __attribute__ ((format (printf, 2, 3)));

static char *
pair (const char *name,
      const char *format,
      ...)
{
  char value[TL_PRELOAD_PATH_MAX];
  va_list args;
  char *s;

  va_start (args, format);
  vsnprintf (value, sizeof value, format, args);
  va_end (args);
  s = malloc (strlen (name) + strlen (value) + 2);
  if (s != NULL)
    sprintf (s, "%s=%s", name, value);
  return s;
}

static bool
is_set_here (const char *entry,
             const char *name)
{
  size_t len = strlen (name);

  return strncmp (entry, name, len) == 0 && entry[len] == '=';
}

/* Frees what program_env () made: the entries it added, not ours. */
static void
free_env (char **env)
{
  if (env == environ)
    return;
  for (size_t i = 0; env[i] != NULL; i++)
    {
      bool borrowed = false;

      for (size_t j = 0; environ[j] != NULL && !borrowed; j++)
        borrowed = env[i] == environ[j];
      if (!borrowed)
        free (env[i]);
    }
  free (env);
}

/* Our environment, with the interposer's variables when @traced. */
static char **
program_env (const Options *o,
             bool           traced,
             int            ring_fd,
             int            shared_fd)
{
  size_t n = 0, k = 0, borrowed;
  char **env;

  while (environ[n] != NULL)
    n++;
  env = calloc (n + 8, sizeof *env);
  if (env == NULL)
    return environ;
  for (size_t i = 0; i < n; i++)
    if (!traced || (!is_set_here (environ[i], "LD_PRELOAD") && !is_set_here (environ[i], "PYTHONPATH")))
      env[k++] = environ[i];
  if (!traced)
    return env;

  borrowed = k;
  env[k++] = joined ("LD_PRELOAD", o->preload, getenv ("LD_PRELOAD"));
  env[k++] = pair (TL_PRELOAD_ENV_RING, "/proc/%d/fd/%d", (int) getpid (), ring_fd);
  if (shared_fd >= 0)
    env[k++] = pair (TL_PRELOAD_ENV_SHARED, "/proc/%d/fd/%d", (int) getpid (), shared_fd);
  if (o->python != NULL)
    {
      env[k++] = joined ("PYTHONPATH", o->python, getenv ("PYTHONPATH"));
      env[k++] = pair (TL_PRELOAD_ENV_PYTHON, "%s", o->python);
    }
  else if (getenv ("PYTHONPATH") != NULL)
    {
      env[k++] = pair ("PYTHONPATH", "%s", getenv ("PYTHONPATH"));
    }
  env[k] = NULL;
  for (size_t i = borrowed; i < k; i++)
    if (env[i] == NULL)
      {
        for (size_t j = borrowed; j < k; j++)
          free (env[j]);
        free (env);
        return environ;
      }
  return env;
}

/* ---- starting the program --------------------------------------------------------- */

/* Forks and execs; returns the child's pid, or -1 with *exec_errno set. */
static pid_t
start_program (const Options  *o,
               const char     *path,
               char          **env,
               const sigset_t *old_mask,
               int            *exec_errno)
{
  int report[2];
  pid_t pid;
  ssize_t n;

  *exec_errno = 0;
  if (pipe2 (report, O_CLOEXEC) != 0)
    {
      *exec_errno = errno;
      return -1;
    }
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      *exec_errno = errno;
      close (report[0]);
      close (report[1]);
      return -1;
    }
  if (pid == 0)
    {
      int e;

      close (report[0]);
      if (o->new_group)
        setpgid (0, 0);
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      sigprocmask (SIG_SETMASK, old_mask, NULL);
      execve (path, o->command, env);
      e = errno;
      if (write (report[1], &e, sizeof e) < 0)
        _exit (127);
      _exit (127);
    }

  close (report[1]);
  do
    n = read (report[0], exec_errno, sizeof *exec_errno);
  while (n < 0 && errno == EINTR);
  close (report[0]);
  if (n == (ssize_t) sizeof *exec_errno)
    {
      int status;

      waitpid (pid, &status, 0);
      return -1;
    }
  *exec_errno = 0;
  return pid;
}

/* ---- supervising -------------------------------------------------------------------- */

static int64_t
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reaps every child that ended; returns true if @main_pid was one. */
static bool
reap (pid_t  main_pid,
      int   *main_status,
      bool   block)
{
  bool main_done = false;
  pid_t pid;
  int status;

  while ((pid = waitpid (-1, &status, block ? 0 : WNOHANG)) > 0 ||
         (pid < 0 && errno == EINTR))
    {
      if (pid < 0)
        continue;
      tl_preload_record_reaped (pid, status);
      if (pid == main_pid)
        {
          *main_status = status;
          main_done = true;
        }
    }
  return main_done;
}

/* Sends @sig to every process that is ours now: our children, which
 * include what the program's processes left behind them.  Returns how
 * many there were. */
static unsigned int
signal_children (int sig)
{
  DIR *proc = opendir ("/proc");
  struct dirent *entry;
  unsigned int n = 0;
  pid_t self = getpid ();

  if (proc == NULL)
    return 0;
  while ((entry = readdir (proc)) != NULL)
    {
      char path[64], buf[512], *paren;
      int pid = atoi (entry->d_name), ppid = 0, fd;
      ssize_t len;

      if (pid <= 0)
        continue;
      snprintf (path, sizeof path, "/proc/%d/stat", pid);
      if ((fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
        continue;
      len = read (fd, buf, sizeof buf - 1);
      close (fd);
      if (len <= 0)
        continue;
      buf[len] = '\0';
      paren = strrchr (buf, ')');
      if (paren == NULL || sscanf (paren + 1, " %*c %d", &ppid) != 1 || ppid != self)
        continue;
      /* A zombie is only waiting to be reaped. */
      if (paren[2] != 'Z')
        {
          kill (pid, sig);
          n++;
        }
    }
  closedir (proc);
  return n;
}

static bool
have_children (void)
{
  siginfo_t info;

  memset (&info, 0, sizeof info);
  return waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

/* Ends everything the program left running, and reaps it. */
static void
end_leftovers (pid_t main_pid,
               int  *main_status)
{
  int64_t deadline = now_ms () + GRACE_MS;

  /* Usually nothing is left: then there is no need to look through /proc. */
  reap (main_pid, main_status, false);
  if (!have_children ())
    return;

  if (signal_children (SIGTERM) > 0)
    while (now_ms () < deadline && signal_children (0) > 0)
      {
        reap (main_pid, main_status, false);
        usleep (10000);
      }
  while (signal_children (SIGKILL) > 0)
    {
      reap (main_pid, main_status, false);
      usleep (1000);
    }
  reap (main_pid, main_status, false);
}

static void
record_mark (const char *text)
{
  tl_trace_record_text (TL_EVENT_MARK, 0, 0, text, strlen (text));
}

/* Waits for the program's first process; forwards the terminal's signals
 * when the program has a group of its own.  Returns false if cancelled. */
static bool
supervise (const Options *o,
           pid_t          main_pid,
           int           *main_status,
           sigset_t      *signals)
{
  for (;;)
    {
      struct timespec wait = { 0, POLL_MS * 1000 * 1000 };
      int sig;

      if (reap (main_pid, main_status, false))
        return true;
      sig = sigtimedwait (signals, NULL, &wait);
      if (sig == SIGTERM)
        {
          record_mark ("cancelled = the run was cancelled");
          if (o->new_group)
            kill (-main_pid, SIGKILL);
          kill (main_pid, SIGKILL);
          return false;
        }
      /* Without a group of its own the program shares our terminal, which
       * sent it the signal already. */
      if ((sig == SIGINT || sig == SIGQUIT || sig == SIGHUP) && o->new_group)
        kill (-main_pid, sig);
    }
}

/* ---- main -------------------------------------------------------------------------- */

static int
refuse (const Options *o,
        const char    *path,
        bool          *traced)
{
  char culprit[1024];
  TlTraceable verdict = tl_traceable_check (path, culprit, sizeof culprit);

  *traced = true;
  if (verdict == TL_TRACEABLE_YES)
    return 0;
  if (verdict == TL_TRACEABLE_NOT_FOUND || verdict == TL_TRACEABLE_NOT_EXECUTABLE)
    {
      say ("error %d %s %s", verdict == TL_TRACEABLE_NOT_FOUND ? ENOENT : EACCES, culprit,
           tl_traceable_describe (verdict));
      return EXIT_SETUP;
    }
  if (!o->untraced_ok)
    {
      say ("untraceable %s %s", culprit, tl_traceable_describe (verdict));
      return EXIT_UNTRACEABLE;
    }
  say ("untraced %s %s", culprit, tl_traceable_describe (verdict));
  *traced = false;
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Options o;
  char path[4096];
  sigset_t signals, old_mask;
  pid_t parent = getppid (), main_pid;
  int ring_fd, shared_fd, exec_errno, main_status = 0, r;
  bool traced, finished;
  char **env;

  if (!parse_options (argc, argv, &o))
    return usage ();
  status_fd = o.status_fd;
  if (status_fd >= 0)
    fcntl (status_fd, F_SETFD, FD_CLOEXEC);

  /* Our parent's end is ours: a window that crashes leaves nothing running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    return EXIT_SETUP;
  prctl (PR_SET_CHILD_SUBREAPER, 1);

  if ((r = tl_trace_attach_from_env ()) < 0)
    {
      say ("error %d cannot attach to the ring: %s", -r, strerror (-r));
      return EXIT_SETUP;
    }
  /* The program gets the ring by path (see program_env ()), not this. */
  unsetenv (TL_RING_ENV_FD);
  ring_fd = tl_ring_get_fd (tl_trace_get_ring ());
  shared_fd = tl_shared_create ();
  tl_trace_name (TL_ROLE_PROCESS, (uint64_t) getpid (), "threadline-tracer",
                 strlen ("threadline-tracer"));
  tl_trace_name (TL_ROLE_THREAD, (uint64_t) getpid (), "supervisor", strlen ("supervisor"));
  /* We are not the program: views leave us out, as they do the runner. */
  tl_trace_name (TL_ROLE_MACHINERY, (uint64_t) getpid (), "threadline-tracer",
                 strlen ("threadline-tracer"));

  if (!tl_traceable_find (o.command[0], getenv ("PATH"), path, sizeof path))
    {
      say ("error %d %s was not found", ENOENT, o.command[0]);
      return EXIT_SETUP;
    }
  if ((r = refuse (&o, path, &traced)) != 0)
    return r;
  env = program_env (&o, traced, ring_fd, shared_fd);

  sigemptyset (&signals);
  sigaddset (&signals, SIGCHLD);
  sigaddset (&signals, SIGTERM);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGQUIT);
  sigaddset (&signals, SIGHUP);
  sigprocmask (SIG_BLOCK, &signals, &old_mask);

  main_pid = start_program (&o, path, env, &old_mask, &exec_errno);
  free_env (env);
  if (main_pid < 0)
    {
      say ("error %d %s: %s", exec_errno, o.command[0], strerror (exec_errno));
      return EXIT_SETUP;
    }
  if (o.new_group)
    setpgid (main_pid, main_pid);
  say ("main %d", (int) main_pid);

  /* Our lane says what we do: wait for the program. */
  tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 0, (uint64_t) main_pid, 0, 0);
  finished = supervise (&o, main_pid, &main_status, &signals);
  tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_PROCESS, 0, (uint64_t) main_pid, 0, 0);
  end_leftovers (main_pid, &main_status);

  if (!finished)
    say ("cancelled");
  else if (WIFSIGNALED (main_status))
    say ("killed %d %d", WTERMSIG (main_status), WCOREDUMP (main_status) ? 1 : 0);
  else
    say ("exited %d", WEXITSTATUS (main_status));

  {
    TlRing *ring = tl_trace_get_ring ();

    tl_trace_set_ring (NULL);
    tl_ring_free (ring);
  }
  return EXIT_RAN;
}
