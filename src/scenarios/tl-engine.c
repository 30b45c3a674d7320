/* tl-engine.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Processes and threads of a scenario, as Python's multiprocessing and
 * threading make them: a Process is a fork () whose child runs the target
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
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tl-engine.h"
#include "tl-engine-private.h"
#include "tl-scenario-private.h"
#include "tl-vocabulary.h"

#define ARENA_SIZE       ((gsize) 256 << 20)
/* What a small CPython process has resident: its interpreter, its
 * modules, its objects.  Forking copies the page tables of all of it, which
 * is why a process costs more to start than a thread; without it our
 * processes would be unrealistically cheap to fork. */
#define INTERPRETER_HEAP ((gsize) 12 << 20)
#define RECURSION_LIMIT  200

TlEngine *_tl_engine;
TlProc *_tl_proc;

static guint32
current_tid (void)
{
  return (guint32) syscall (SYS_gettid);
}

gint64
_tl_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

gint64
_tl_engine_scale (double ns)
{
  return (gint64) (ns / _tl_engine->tempo);
}

/* ---- recording helpers ------------------------------------------------------- */

guint64
_tl_record_new_object (TlObjectRole  role,
                       const char   *name)
{
  guint64 id = tl_trace_new_id ();

  if (name != NULL)
    tl_trace_name (role, id, name, strlen (name));
  return id;
}

void
_tl_record_print (TlExec     *x,
                  const char *text)
{
  tl_trace_record_text (TL_EVENT_PRINT, 0, 0, text, strlen (text));
  if (_tl_engine->echo)
    {
      const char *who = x->tid == (guint32) x->proc->pid ? x->proc->name : x->name;

      fprintf (stderr, "[%s] %s\n", who, text);
    }
}

void
_tl_record_mark (TlScenarioMark  kind,
                 const char     *label,
                 const char     *value)
{
  g_autofree char *text = g_strdup_printf ("%s = %s", label, value);

  tl_trace_record_text (TL_EVENT_MARK, 0, (guint64) kind, text, strlen (text));
}

void
_tl_record_error_reported (const TlValue *error)
{
  tl_trace_record (TL_EVENT_ERROR_REPORTED, TL_ROLE_ERROR, 0, error->error.id, 0, 0);
}

/* ---- threads of execution ------------------------------------------------------- */

TlExec *
_tl_exec_new (TlProc     *proc,
              const char *name)
{
  TlExec *x = g_new0 (TlExec, 1);

  x->proc = proc;
  x->tid = current_tid ();
  x->name = g_strdup (name);
  x->started = g_ptr_array_new ();
  x->locals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) tl_value_unref);
  x->rand = g_rand_new_with_seed ((guint32) (x->tid * 2654435761u) ^ (guint32) _tl_now_ns ());
  return x;
}

void
_tl_exec_free (TlExec *x)
{
  g_ptr_array_unref (x->started);
  g_clear_pointer (&x->locals, g_hash_table_unref);
  g_clear_pointer (&x->exception, tl_value_unref);
  g_clear_pointer (&x->returned, tl_value_unref);
  g_rand_free (x->rand);
  g_free (x->name);
  g_free (x);
}

void
_tl_exec_release_gil (TlExec *x)
{
  g_assert (x->holds_gil);
  x->holds_gil = FALSE;
  _tl_gil_drop (x->proc->gil, x->tid, FALSE);
}

void
_tl_exec_take_gil (TlExec *x)
{
  g_assert (!x->holds_gil);
  _tl_gil_take (x->proc->gil, x->tid);
  x->holds_gil = TRUE;
}

void
_tl_exec_check_gil (TlExec *x)
{
  if (!_tl_gil_drop_requested (x->proc->gil))
    return;
  _tl_gil_drop (x->proc->gil, x->tid, TRUE);
  _tl_gil_take (x->proc->gil, x->tid);
}

ExecStatus
_tl_exec_raise_value (TlExec  *x,
                      TlValue *error)
{
  g_clear_pointer (&x->exception, tl_value_unref);
  x->exception = error;
  return EXEC_RAISE;
}

ExecStatus
_tl_exec_raise (TlExec     *x,
                const char *type_name,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  guint64 id = tl_trace_new_id ();
  guint64 text_id = tl_trace_new_id ();
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  text = g_strdup_printf ("%s: %s", type_name, message);
  tl_trace_name (TL_ROLE_TEXT, text_id, text, strlen (text));
  tl_trace_name (TL_ROLE_ERROR, id, text, strlen (text));
  tl_trace_record (TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 0, id, text_id, 0);
  return _tl_exec_raise_value (x, tl_value_new_error (id, type_name, message));
}

ExecStatus
_tl_exec_call (TlExec     *x,
               const char *name,
               GPtrArray  *args,
               TlValue   **result)
{
  TlFunction *function = tl_program_lookup (_tl_engine->program, name);
  GHashTable *saved;
  ExecStatus status;
  guint n_args = args != NULL ? args->len : 0;

  *result = NULL;
  if (function == NULL)
    return _tl_exec_raise (x, "NameError", "name '%s' is not defined", name);
  if (g_strv_length (function->args) != n_args)
    return _tl_exec_raise (x, "TypeError", "%s() takes %u arguments but %u were given", name,
                           g_strv_length (function->args), n_args);
  if (x->depth >= RECURSION_LIMIT)
    return _tl_exec_raise (x, "RecursionError", "maximum recursion depth exceeded");

  saved = x->locals;
  x->locals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) tl_value_unref);
  for (guint i = 0; i < n_args; i++)
    g_hash_table_insert (x->locals, g_strdup (function->args[i]),
                         tl_value_ref (g_ptr_array_index (args, i)));
  x->depth++;
  status = _tl_exec_block (x, function->body);
  x->depth--;
  g_hash_table_unref (x->locals);
  x->locals = saved;

  if (status == EXEC_RETURN)
    {
      *result = g_steal_pointer (&x->returned);
      status = EXEC_OK;
    }
  if (status == EXEC_OK && *result == NULL)
    *result = tl_value_none ();
  return status;
}

void
_tl_exec_report_uncaught (TlExec     *x,
                          const char *where)
{
  TlValue *error = x->exception;
  g_autofree char *text = NULL;

  if (error == NULL || error->type != TL_VALUE_ERROR)
    return;
  /* What Python prints, short of the traceback's frames. */
  text = g_strdup_printf ("%s\nTraceback (most recent call last):\n%s: %s", where,
                          error->error.type_name, error->error.message);
  _tl_record_print (x, text);
  _tl_record_error_reported (error);
}

/* ---- processes ------------------------------------------------------------------- */

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
        tl_trace_record (TL_EVENT_CRASH, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (guint64) pid,
                         (guint64) sig, 0);
      tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, TL_FLAG_SIGNALED, (guint64) pid,
                       (guint64) sig, 0);
    }
  else
    tl_trace_record (TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 0, (guint64) pid,
                     (guint64) WEXITSTATUS (status), 0);
}

TlExec *
_tl_process_begin (const char *name,
                   pid_t       parent)
{
  TlProc *proc = g_new0 (TlProc, 1);
  TlExec *x;

  proc->pid = getpid ();
  proc->name = g_strdup (name);
  proc->pools = g_ptr_array_new ();
  _tl_proc = proc;

  tl_trace_thread_init ();
  tl_trace_record (TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 0, (guint64) proc->pid,
                   (guint64) parent, 0);
  tl_trace_name (TL_ROLE_PROCESS, (guint64) proc->pid, name, strlen (name));
  tl_trace_name (TL_ROLE_THREAD, (guint64) proc->pid, "MainThread", strlen ("MainThread"));
  proc->gil = _tl_gil_new (_tl_engine->switch_interval);

  x = _tl_exec_new (proc, "MainThread");
  _tl_exec_take_gil (x);
  return x;
}

void
_tl_process_end (TlExec *x,
                 int     exitcode)
{
  TlProc *proc = x->proc;

  /* Python joins non-daemonic children at exit, and a Pool left open is
   * terminated by its finalizer. */
  _tl_join_all (x);
  for (guint i = 0; i < proc->pools->len; i++)
    _tl_pool_terminate (x, g_ptr_array_index (proc->pools, i));

  if (proc->pid == getpid () && strcmp (proc->name, "MainProcess") == 0)
    {
      for (guint i = 0; _tl_engine->managers != NULL && i < _tl_engine->managers->len; i++)
        _tl_manager_shutdown (x, g_ptr_array_index (_tl_engine->managers, i));
      for (guint i = 0; i < _tl_engine->shm_names->len; i++)
        shm_unlink (g_ptr_array_index (_tl_engine->shm_names, i));
    }

  _tl_exec_release_gil (x);
  tl_trace_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, x->tid, (guint64) exitcode, 0);
  fflush (stderr);
  _exit (exitcode);
}

static char *
child_name (TlProc *proc)
{
  guint n = ++proc->n_children;

  if (strcmp (proc->name, "MainProcess") == 0)
    return g_strdup_printf ("Process-%u", n);
  return g_strdup_printf ("%s:%u", proc->name, n);
}

static TlHandle *
handle_new (gboolean    is_process,
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

static int
call_body (TlExec   *x,
           gpointer  data)
{
  TlHandle *handle = data;
  TlValue *result = NULL;
  int code = 0;

  if (_tl_exec_call (x, handle->func, handle->args, &result) == EXEC_RAISE)
    {
      g_autofree char *where = NULL;

      if (handle->is_process)
        where = g_strdup_printf ("Process %s:", handle->prim.obj.name);
      else
        where = g_strdup_printf ("Exception in thread %s:", handle->prim.obj.name);
      _tl_exec_report_uncaught (x, where);
      code = 1;
    }
  g_clear_pointer (&result, tl_value_unref);
  return code;
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
  pid_t pid;

  handle = handle_new (TRUE, name, NULL, NULL);
  tl_trace_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, slice, strlen (slice));
  pid = fork ();
  if (pid < 0)
    {
      int saved = errno;

      tl_trace_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
      return _tl_exec_raise (x, "OSError", "cannot start a process: %s", g_strerror (saved));
    }
  if (pid == 0)
    {
      TlExec *child = _tl_process_begin (name, parent);

      _tl_process_end (child, body (child, data));
    }

  tl_trace_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
  handle->pid = pid;
  *out = handle;
  return EXEC_OK;
}

ExecStatus
_tl_start_process (TlExec      *x,
                   const char  *func,
                   GPtrArray   *args,
                   const char  *name,
                   TlHandle   **out)
{
  g_autofree char *process_name = name != NULL ? g_strdup (name) : child_name (x->proc);
  TlHandle *call = handle_new (TRUE, process_name, func, args);
  TlHandle *handle = NULL;

  if (_tl_spawn_process (x, process_name, call_body, call, &handle) != EXEC_OK)
    return EXEC_RAISE;
  g_ptr_array_add (x->started, handle);
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
  tl_trace_record (TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0, x->tid, start->creator, 0);
  tl_trace_name (TL_ROLE_THREAD, x->tid, handle->prim.obj.name, strlen (handle->prim.obj.name));

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
  tl_trace_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, x->tid, (guint64) code, 0);
  _tl_exec_free (x);

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
  int r;

  handle = handle_new (FALSE, name, NULL, NULL);
  handle->proc = x->proc;
  handle->body = body;
  handle->body_data = data;
  start = g_new0 (ThreadStart, 1);
  start->handle = handle;
  start->proc = x->proc;
  start->creator = x->tid;

  tl_trace_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, slice, strlen (slice));
  /* Detached: a join waits for the end it announces, as Python's does,
   * so several threads may join one. */
  {
    pthread_attr_t attr;

    pthread_attr_init (&attr);
    pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
    r = pthread_create (&handle->thread, &attr, thread_main, start);
    pthread_attr_destroy (&attr);
  }
  if (r != 0)
    {
      tl_trace_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
      g_free (start);
      return _tl_exec_raise (x, "RuntimeError", "can't start new thread: %s", g_strerror (r));
    }
  /* Thread.start () returns once the thread runs; it does so before it
   * asks for the GIL, which we hold. */
  pthread_mutex_lock (&handle->start_mutex);
  while (!handle->started)
    pthread_cond_wait (&handle->start_cond, &handle->start_mutex);
  pthread_mutex_unlock (&handle->start_mutex);
  tl_trace_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);

  *out = handle;
  return EXEC_OK;
}

ExecStatus
_tl_start_thread (TlExec      *x,
                  const char  *func,
                  GPtrArray   *args,
                  const char  *name,
                  TlHandle   **out)
{
  g_autofree char *thread_name = NULL;
  TlHandle *call, *handle = NULL;

  if (name != NULL)
    thread_name = g_strdup (name);
  else
    thread_name = g_strdup_printf ("Thread-%u (%s)", ++x->proc->n_threads, func);
  call = handle_new (FALSE, thread_name, func, args);
  if (_tl_spawn_thread (x, thread_name, call_body, call, &handle) != EXEC_OK)
    return EXEC_RAISE;
  g_ptr_array_add (x->started, handle);
  *out = handle;
  return EXEC_OK;
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

      tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 0, (guint64) handle->pid, 0, 0);
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
      tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_PROCESS, done ? 0 : TL_FLAG_TIMEOUT,
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
      tl_trace_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_THREAD, 0, handle->tid, 0, 0);
      _tl_exec_release_gil (x);
      pthread_mutex_lock (&handle->start_mutex);
      if (timeout_ns < 0)
        {
          while (!handle->finished)
            pthread_cond_wait (&handle->start_cond, &handle->start_mutex);
        }
      else
        {
          struct timespec ts;
          gint64 ns;

          clock_gettime (CLOCK_REALTIME, &ts);
          ns = (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec + timeout_ns;
          ts.tv_sec = (time_t) (ns / 1000000000);
          ts.tv_nsec = (long) (ns % 1000000000);
          while (!handle->finished)
            if (pthread_cond_timedwait (&handle->start_cond, &handle->start_mutex, &ts) != 0)
              break;
        }
      done = handle->finished;
      pthread_mutex_unlock (&handle->start_mutex);
      tl_trace_record (TL_EVENT_WAIT_END, TL_ROLE_THREAD, done ? 0 : TL_FLAG_TIMEOUT,
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

/* ---- the main process --------------------------------------------------------------- */

static TlValue *
param_value (TlScenarioParam *param,
             const char      *text)
{
  switch (tl_scenario_param_get_param_type (param))
    {
    case TL_PARAM_INT:
      return tl_value_new_int (g_ascii_strtoll (text, NULL, 10));
    case TL_PARAM_DOUBLE:
      return tl_value_new_float (g_ascii_strtod (text, NULL));
    case TL_PARAM_BOOL:
      return tl_value_new_bool (strcmp (text, "true") == 0);
    case TL_PARAM_CHOICE:
    default:
      return tl_value_new_string (text);
    }
}

static ExecStatus
eval_args (TlExec        *x,
           TlSharedDecl  *decl,
           GPtrArray    **out)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);

  *out = values;
  for (guint i = 0; i < decl->args->len; i++)
    {
      TlValue *value = NULL;

      if (_tl_exec_eval (x, g_ptr_array_index (decl->args, i), &value) != EXEC_OK)
        return EXEC_RAISE;
      g_ptr_array_add (values, value);
    }
  return EXEC_OK;
}

static gint64
int_arg (GPtrArray *args,
         guint      index,
         gint64     fallback)
{
  TlValue *value;

  if (index >= args->len)
    return fallback;
  value = g_ptr_array_index (args, index);
  if (value->type == TL_VALUE_INT)
    return value->i;
  if (value->type == TL_VALUE_FLOAT)
    return (gint64) value->f;
  return fallback;
}

static void
set_global (const char *name,
            TlObj      *obj)
{
  g_hash_table_insert (_tl_engine->globals, g_strdup (name), tl_value_new_object (obj));
}

/* What the module level of a Python program makes before __main__ runs. */
static ExecStatus
create_shared (TlExec       *x,
               TlSharedDecl *decl)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autoptr(GError) error = NULL;
  TlValue *init;

  if (eval_args (x, decl, &args) != EXEC_OK)
    return EXEC_RAISE;
  init = args->len > 0 ? g_ptr_array_index (args, 0) : NULL;

  switch (decl->kind)
    {
    case TL_SHARED_LOCK:
      set_global (decl->name, (TlObj *) _tl_lock_new (TL_PRIM_LOCK, decl->name, 1));
      break;
    case TL_SHARED_RLOCK:
      set_global (decl->name, (TlObj *) _tl_lock_new (TL_PRIM_RLOCK, decl->name, 1));
      break;
    case TL_SHARED_SEMAPHORE:
      set_global (decl->name,
                  (TlObj *) _tl_lock_new (TL_PRIM_SEMAPHORE, decl->name, int_arg (args, 0, 1)));
      break;
    case TL_SHARED_BOUNDED_SEMAPHORE:
      set_global (decl->name, (TlObj *) _tl_lock_new (TL_PRIM_BOUNDED_SEMAPHORE, decl->name,
                                                      int_arg (args, 0, 1)));
      break;
    case TL_SHARED_EVENT:
      set_global (decl->name, (TlObj *) _tl_event_new (decl->name));
      break;
    case TL_SHARED_CONDITION:
      {
        TlLock *lock = NULL;

        if (init != NULL && init->type == TL_VALUE_OBJECT)
          lock = (TlLock *) init->obj;
        set_global (decl->name, (TlObj *) _tl_condition_new (decl->name, lock));
      }
      break;
    case TL_SHARED_BARRIER:
      set_global (decl->name, (TlObj *) _tl_barrier_new (decl->name, int_arg (args, 0, 1)));
      break;
    case TL_SHARED_QUEUE:
      set_global (decl->name, (TlObj *) _tl_queue_new (decl->name, int_arg (args, 0, 0), TRUE));
      break;
    case TL_SHARED_PIPE:
      {
        g_autofree char *name = g_strdup_printf ("Pipe(%s, %s)", decl->name, decl->name2);
        TlPipeEnd *a, *b;

        if (!_tl_pipe_new (name, decl->name, decl->name2, &a, &b, &error))
          return _tl_exec_raise (x, "OSError", "%s", error->message);
        set_global (decl->name, (TlObj *) a);
        set_global (decl->name2, (TlObj *) b);
      }
      break;
    case TL_SHARED_VALUE:
    case TL_SHARED_ARRAY:
      {
        g_autoptr(TlValue) zero = tl_value_new_int (0);

        if (init == NULL)
          init = zero;
        if (init->type != TL_VALUE_INT && init->type != TL_VALUE_LIST)
          return _tl_exec_raise (x, "TypeError", "%s holds integers",
                                 tl_shared_kind_to_string (decl->kind));
        set_global (decl->name,
                    (TlObj *) _tl_shared_new (decl->kind == TL_SHARED_VALUE ? TL_PRIM_VALUE
                                                                            : TL_PRIM_ARRAY,
                                              decl->name, init));
      }
      break;
    case TL_SHARED_SHARED_MEMORY:
      {
        TlShm *shm = _tl_shm_new (decl->name, int_arg (args, 0, 1024), &error);

        if (shm == NULL)
          return _tl_exec_raise (x, "OSError", "%s", error->message);
        set_global (decl->name, (TlObj *) shm);
      }
      break;
    case TL_SHARED_MANAGER:
      {
        TlManager *manager = _tl_manager_new (x, decl->name, &error);

        if (manager == NULL)
          return _tl_exec_raise (x, "OSError", "%s", error->message);
        g_ptr_array_add (_tl_engine->managers, manager);
        set_global (decl->name, (TlObj *) manager);
      }
      break;
    case TL_SHARED_MANAGER_LIST:
    case TL_SHARED_MANAGER_DICT:
      {
        TlValue *owner = g_hash_table_lookup (_tl_engine->globals, decl->owner);
        TlProxy *proxy = NULL;

        if (_tl_proxy_new (x, (TlManager *) owner->obj, decl->name,
                           decl->kind == TL_SHARED_MANAGER_DICT, init, &proxy) != EXEC_OK)
          return EXEC_RAISE;
        set_global (decl->name, (TlObj *) proxy);
      }
      break;
    case TL_SHARED_LIST:
      set_global (decl->name, (TlObj *) _tl_list_obj_new (decl->name, init));
      break;
    case TL_N_SHARED_KINDS:
    default:
      g_assert_not_reached ();
    }
  return EXEC_OK;
}

static char *
describe_values (TlScenario *scenario,
                 GHashTable *values,
                 double      tempo)
{
  GPtrArray *params = tl_scenario_get_params (scenario);
  GString *text = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < params->len; i++)
    {
      TlScenarioParam *param = g_ptr_array_index (params, i);
      const char *name = tl_scenario_param_get_name (param);
      const char *value = values != NULL ? g_hash_table_lookup (values, name) : NULL;

      g_string_append_printf (text, "%s=%s ", name,
                              value != NULL ? value : tl_scenario_param_get_default (param));
    }
  g_string_append_printf (text, "tempo=%s", g_ascii_formatd (buf, sizeof buf, "%g", tempo));
  return g_string_free (text, FALSE);
}

void
tl_engine_run_main (TlScenario *scenario,
                    GHashTable *values,
                    double      tempo,
                    guint32     runner_pid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;
  TlProgram *program = _tl_scenario_get_program (scenario);
  GPtrArray *params = tl_scenario_get_params (scenario);
  TlValue *result = NULL;
  double switch_ms = 5.0;
  TlExec *x;
  int code = 0;

  _tl_engine = g_new0 (TlEngine, 1);
  _tl_engine->program = program;
  _tl_engine->origin = tl_scenario_get_origin (scenario);
  _tl_engine->tempo = tempo > 0 ? tempo : 1.0;
  _tl_engine->runner_pid = runner_pid;
  _tl_engine->start_ns = _tl_now_ns ();
  _tl_engine->shm_names = g_ptr_array_new_with_free_func (g_free);
  _tl_engine->managers = g_ptr_array_new ();
  _tl_engine->echo = g_strcmp0 (g_getenv ("THREADLINE_RUNNER_ECHO"), "1") == 0;
  _tl_engine->globals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) tl_value_unref);

  for (guint i = 0; i < params->len; i++)
    {
      TlScenarioParam *param = g_ptr_array_index (params, i);
      const char *name = tl_scenario_param_get_name (param);
      const char *text = values != NULL ? g_hash_table_lookup (values, name) : NULL;
      g_autofree char *canonical = NULL;

      if (text == NULL || (canonical = tl_scenario_param_check (param, text, NULL)) == NULL)
        canonical = g_strdup (tl_scenario_param_get_default (param));
      g_hash_table_insert (_tl_engine->globals, g_strdup (name), param_value (param, canonical));
      /* The GIL's switch interval is a parameter like any other. */
      if (strcmp (name, "switch_interval") == 0)
        switch_ms = g_ascii_strtod (canonical, NULL);
    }
  _tl_engine->switch_interval = _tl_engine_scale (switch_ms * 1e6);
  g_hash_table_insert (_tl_engine->globals, g_strdup ("tempo"), tl_value_new_float (_tl_engine->tempo));

  if (!_tl_arena_init (ARENA_SIZE, &error))
    {
      g_printerr ("threadline-runner: %s\n", error->message);
      _exit (2);
    }
  {
    void *heap = mmap (NULL, INTERPRETER_HEAP, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    /* Small pages, as an interpreter's heap mostly is, each touched. */
    if (heap != MAP_FAILED)
      {
        madvise (heap, INTERPRETER_HEAP, MADV_NOHUGEPAGE);
        memset (heap, 0x5a, INTERPRETER_HEAP);
      }
  }

  x = _tl_process_begin ("MainProcess", getppid ());
  described = describe_values (scenario, values, _tl_engine->tempo);
  _tl_record_mark (TL_SCENARIO_MARK_PARAMS, "parameters", described);

  for (guint i = 0; i < program->shared->len; i++)
    if (create_shared (x, g_ptr_array_index (program->shared, i)) != EXEC_OK)
      {
        _tl_exec_report_uncaught (x, "While creating the [Shared] objects:");
        _tl_process_end (x, 1);
      }

  if (_tl_exec_call (x, "Main", NULL, &result) == EXEC_RAISE)
    {
      _tl_exec_report_uncaught (x, "Exception in the main process:");
      code = 1;
    }
  g_clear_pointer (&result, tl_value_unref);
  _tl_process_end (x, code);
}
