/* tl-process.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Processes and threads of a scenario, as Python's multiprocessing and
 * threading make them: a Process is a fork () whose child runs its body
 * and exits; a Thread is a pthread that takes its process's GIL before it
 * runs anything.  Each records its start, its name and its end; the
 * parent records a child's exit status when it joins it, as the model
 * expects (a PROCESS_EXIT seen from the parent, with the signal if any).
 */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tl-limits.h"
#include "tl-machine.h"
#include "tl-process.h"

static gboolean
is_crash_signal (int sig)
{
  return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT;
}

void
_tl_record_child_exit (pid_t pid,
                       int   status)
{
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);

      if (is_crash_signal (sig))
        _tl_record (TL_EVENT_CRASH, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (guint64) pid,
                    (guint64) sig, 0);
      _tl_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (guint64) pid,
                  (guint64) sig, 0);
    }
  else
    _tl_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 0, (guint64) pid,
                (guint64) WEXITSTATUS (status), 0);
}

TlExec *
_tl_process_begin (const char *name,
                   pid_t       parent)
{
  TlProc *proc = _tl_proc_new (name);
  TlExec *x;

  _tl_proc = proc;
  _tl_record_forget_line ();

  tl_trace_thread_init ();
  _tl_record (TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 0, (guint64) proc->pid,
              (guint64) parent, 0);
  _tl_record_name (TL_ROLE_PROCESS, (guint64) proc->pid, name, strlen (name));
  _tl_record_name (TL_ROLE_THREAD, (guint64) proc->pid, "MainThread", strlen ("MainThread"));
  proc->gil = _tl_gil_new (_tl_engine->switch_interval);

  x = _tl_exec_new (proc, "MainThread");
  _tl_exec_take_gil (x);
  return x;
}

void
_tl_process_end (TlExec *x,
                 int     exitcode)
{
  /* Python joins non-daemonic children at exit; a Pool left open is
   * terminated by its finalizer, a Manager shut down. */
  _tl_join_all (x);
  _tl_proc_run_at_exit (x);
  _tl_limits_release_held (x->proc);

  _tl_exec_release_gil (x);
  _tl_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, x->tid, (guint64) exitcode, 0);
  fflush (stderr);
  _exit (exitcode);
}

char *
_tl_process_child_name (TlProc *proc)
{
  guint n = ++proc->n_children;

  if (strcmp (proc->name, "MainProcess") == 0)
    return g_strdup_printf ("Process-%u", n);
  return g_strdup_printf ("%s:%u", proc->name, n);
}

TlHandle *
_tl_handle_new (gboolean    is_process,
                const char *name,
                const char *func,
                GPtrArray  *args)
{
  TlHandle *handle = g_new0 (TlHandle, 1);

  handle->prim.obj.kind_name = is_process ? "Process" : "Thread";
  handle->prim.obj.name = g_strdup (name);
  handle->prim.kind = TL_PRIM_HANDLE;
  handle->prim.id = tl_trace_new_id ();
  handle->is_process = is_process;
  handle->func = g_strdup (func);
  handle->args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  for (guint i = 0; args != NULL && i < args->len; i++)
    g_ptr_array_add (handle->args, tl_value_ref (g_ptr_array_index (args, i)));
  handle->exitcode = G_MININT;
  pthread_mutex_init (&handle->start_mutex, NULL);
  pthread_cond_init (&handle->start_cond, NULL);
  return handle;
}

ExecStatus
_tl_spawn_process (TlExec      *x,
                   const char  *name,
                   TlBody       body,
                   gpointer     data,
                   TlHandle   **out)
{
  g_autofree char *slice = g_strdup_printf ("start %s", name);
  pid_t parent = getpid ();
  TlHandle *handle;
  gint64 cpu;
  pid_t pid;

  _tl_limits_enter_process (x);
  handle = _tl_handle_new (TRUE, name, NULL, NULL);
  _tl_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, slice, strlen (slice));
  cpu = _tl_machine_thread_cpu_ns ();
  pid = fork ();
  if (pid < 0)
    {
      int saved = errno;

      _tl_limits_leave_process ();
      _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
      return _tl_exec_raise (x, "OSError", "cannot start a process: %s", g_strerror (saved));
    }
  if (pid == 0)
    {
      TlExec *child = _tl_process_begin (name, parent);

      _tl_process_end (child, body (child, data));
    }

  /* What starting it cost this thread in CPU time (copying the page
   * tables of an interpreter-sized process), which a busy machine does
   * not inflate as it does the clock. */
  cpu = _tl_machine_thread_cpu_ns () - cpu;
  _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, (guint64) MAX (cpu, 1), 0);
  handle->pid = pid;
  *out = handle;
  return EXEC_OK;
}

/* ---- threads ------------------------------------------------------------------------ */

typedef struct
{
  TlHandle *handle;
  TlProc   *proc;
  guint32   creator;
} ThreadStart;

static void *
thread_main (void *data)
{
  ThreadStart *start = data;
  TlHandle *handle = start->handle;
  TlExec *x = _tl_exec_new (start->proc, handle->prim.obj.name);
  int code;

  tl_trace_thread_init ();
  _tl_record (TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0, x->tid, start->creator, 0);
  _tl_record_name (TL_ROLE_THREAD, x->tid, handle->prim.obj.name, strlen (handle->prim.obj.name));

  pthread_mutex_lock (&handle->start_mutex);
  handle->tid = x->tid;
  handle->started = TRUE;
  pthread_cond_signal (&handle->start_cond);
  pthread_mutex_unlock (&handle->start_mutex);
  g_free (start);

  _tl_exec_take_gil (x);
  code = handle->body (x, handle->body_data);

  /* What this thread started and did not join, it joins before it ends
   * (Python would leave that to interpreter exit). */
  _tl_join_all (x);
  _tl_exec_release_gil (x);
  _tl_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, x->tid, (guint64) code, 0);
  _tl_exec_free (x);
  _tl_limits_leave_thread ();

  pthread_mutex_lock (&handle->start_mutex);
  handle->exitcode = code;
  handle->finished = TRUE;
  pthread_cond_broadcast (&handle->start_cond);
  pthread_mutex_unlock (&handle->start_mutex);
  return NULL;
}

ExecStatus
_tl_spawn_thread (TlExec      *x,
                  const char  *name,
                  TlBody       body,
                  gpointer     data,
                  TlHandle   **out)
{
  g_autofree char *slice = g_strdup_printf ("start %s", name);
  ThreadStart *start;
  TlHandle *handle;
  gint64 cpu;
  int r;

  handle = _tl_handle_new (FALSE, name, NULL, NULL);
  handle->proc = x->proc;
  handle->body = body;
  handle->body_data = data;
  start = g_new0 (ThreadStart, 1);
  start->handle = handle;
  start->proc = x->proc;
  start->creator = x->tid;

  _tl_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, slice, strlen (slice));
  cpu = _tl_machine_thread_cpu_ns ();
  /* Several threads may join one, as in Python: the first to see its
   * end reaps it (wait_for_thread). */
  _tl_limits_enter_thread (x);
  r = pthread_create (&handle->thread, NULL, thread_main, start);
  if (r != 0)
    {
      _tl_limits_leave_thread ();
      _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
      g_free (start);
      return _tl_exec_raise (x, "RuntimeError", "can't start new thread: %s", g_strerror (r));
    }
  /* Thread.start () returns once the thread runs; it does so before it
   * asks for the GIL, which we hold. */
  pthread_mutex_lock (&handle->start_mutex);
  while (!handle->started)
    pthread_cond_wait (&handle->start_cond, &handle->start_mutex);
  pthread_mutex_unlock (&handle->start_mutex);
  /* Its CPU time, as a process's start records it. */
  cpu = _tl_machine_thread_cpu_ns () - cpu;
  _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, (guint64) MAX (cpu, 1), 0);

  *out = handle;
  return EXEC_OK;
}

/* Waits until the thread of @handle ends, or @timeout_ns (< 0: for ever).
 * Its end is announced before it has quite gone (its last unlock, the C
 * library's and GLib's cleanup of the thread); the first joiner waits
 * for that too (pthread_join), and later ones wait for the first: a fork
 * made right after a join must not copy a lock held by a thread that is
 * still going away, or the child would wait for it for ever. */
static gboolean
wait_for_thread (TlHandle *handle,
                 gint64    timeout_ns)
{
  gboolean reap = FALSE;
  struct timespec ts;
  gint64 ns;

  pthread_mutex_lock (&handle->start_mutex);
  clock_gettime (CLOCK_REALTIME, &ts);
  ns = (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec + MAX (timeout_ns, 0);
  ts.tv_sec = (time_t) (ns / 1000000000);
  ts.tv_nsec = (long) (ns % 1000000000);
  while (!handle->finished)
    if (timeout_ns < 0)
      pthread_cond_wait (&handle->start_cond, &handle->start_mutex);
    else if (pthread_cond_timedwait (&handle->start_cond, &handle->start_mutex, &ts) != 0)
      break;
  if (handle->finished && !handle->reaping)
    handle->reaping = reap = TRUE;
  else
    while (handle->finished && !handle->reaped)
      pthread_cond_wait (&handle->start_cond, &handle->start_mutex);
  pthread_mutex_unlock (&handle->start_mutex);

  if (!reap)
    return handle->finished;
  pthread_join (handle->thread, NULL);
  pthread_mutex_lock (&handle->start_mutex);
  handle->reaped = TRUE;
  pthread_cond_broadcast (&handle->start_cond);
  pthread_mutex_unlock (&handle->start_mutex);
  return TRUE;
}

ExecStatus
_tl_join (TlExec   *x,
          TlHandle *handle,
          gint64    timeout_ns)
{
  gboolean done = TRUE;

  if (handle->joined)
    return EXEC_OK;

  if (handle->is_process)
    {
      gint64 deadline = timeout_ns < 0 ? G_MAXINT64 : _tl_now_ns () + timeout_ns;
      int status = 0;
      pid_t r;

      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 0, (guint64) handle->pid, 0, 0);
      _tl_exec_release_gil (x);
      if (timeout_ns < 0)
        {
          do
            r = waitpid (handle->pid, &status, 0);
          while (r < 0 && errno == EINTR);
        }
      else
        {
          struct timespec pause = { 0, 1000000 };

          while ((r = waitpid (handle->pid, &status, WNOHANG)) == 0 && _tl_now_ns () < deadline)
            nanosleep (&pause, NULL);
        }
      done = r == handle->pid;
      if (done)
        _tl_record_child_exit (handle->pid, status);
      if (done || r < 0)
        _tl_limits_leave_process ();
      _tl_record (TL_EVENT_WAIT_END, TL_ROLE_PROCESS, done ? 0 : TL_FLAG_TIMEOUT,
                  (guint64) handle->pid, 0, 0);
      _tl_exec_take_gil (x);
      if (done)
        handle->exitcode = WIFSIGNALED (status) ? -WTERMSIG (status) : WEXITSTATUS (status);
      else if (r < 0)
        {
          /* Reaped elsewhere (it cannot be, but never wait for ever). */
          done = TRUE;
          handle->exitcode = 0;
        }
    }
  else
    {
      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_THREAD, 0, handle->tid, 0, 0);
      _tl_exec_release_gil (x);
      done = wait_for_thread (handle, timeout_ns);
      _tl_record (TL_EVENT_WAIT_END, TL_ROLE_THREAD, done ? 0 : TL_FLAG_TIMEOUT,
                  handle->tid, 0, 0);
      _tl_exec_take_gil (x);
    }

  if (done)
    {
      handle->joined = TRUE;
      g_ptr_array_remove (x->started, handle);
    }
  return EXEC_OK;
}

ExecStatus
_tl_join_all (TlExec *x)
{
  while (x->started->len > 0)
    {
      TlHandle *handle = g_ptr_array_index (x->started, 0);

      _tl_join (x, handle, -1);
      /* A join that did not finish (it cannot without a timeout) must not
       * loop for ever. */
      if (x->started->len > 0 && g_ptr_array_index (x->started, 0) == handle)
        g_ptr_array_remove_index (x->started, 0);
    }
  return EXEC_OK;
}
