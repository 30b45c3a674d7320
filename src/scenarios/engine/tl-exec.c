/* tl-exec.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run, its processes and their threads of execution: the GIL's
 * hand-over around blocking steps, and raising Python exceptions.
 */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tl-exec.h"

/* What the deepest step may still need below the check: raising the
 * RecursionError, recording it, GLib's printf.  Sanitizers' frames are
 * larger. */
#if defined (__SANITIZE_ADDRESS__)
#define STACK_MARGIN ((gsize) 2 << 20)
#else
#define STACK_MARGIN ((gsize) 512 << 10)
#endif

TlEngine *_tl_engine;
TlProc *_tl_proc;

typedef struct
{
  TlAtExit func;
  gpointer data;
} AtExit;

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

/* ---- processes ------------------------------------------------------------------ */

TlProc *
_tl_proc_new (const char *name)
{
  TlProc *proc = g_new0 (TlProc, 1);

  proc->pid = getpid ();
  proc->name = g_strdup (name);
  proc->at_exit = g_array_new (FALSE, FALSE, sizeof (AtExit));
  proc->held_base = tl_value_get_held_bytes ();
  return proc;
}

void
_tl_proc_at_exit (TlProc   *proc,
                  TlAtExit  func,
                  gpointer  data)
{
  AtExit entry = { func, data };

  g_array_append_val (proc->at_exit, entry);
}

void
_tl_proc_run_at_exit (TlExec *x)
{
  GArray *at_exit = x->proc->at_exit;

  /* Last registered first, as atexit () does: a pool started after a
   * Manager is terminated before the Manager shuts down. */
  while (at_exit->len > 0)
    {
      AtExit entry = g_array_index (at_exit, AtExit, at_exit->len - 1);

      g_array_set_size (at_exit, at_exit->len - 1);
      entry.func (x, entry.data);
    }
}

/* ---- threads of execution ------------------------------------------------------- */

/* The lowest address the calling thread's stack may use before
 * RecursionError (stacks grow down on every platform we run on). */
static guintptr
stack_limit (void)
{
  pthread_attr_t attr;
  guintptr limit = 0;
  void *addr;
  size_t size;

  if (pthread_getattr_np (pthread_self (), &attr) != 0)
    return 0;
  if (pthread_attr_getstack (&attr, &addr, &size) == 0)
    limit = (guintptr) addr + MIN (STACK_MARGIN, size / 2);
  pthread_attr_destroy (&attr);
  return limit;
}

ExecStatus
_tl_exec_check_stack (TlExec *x)
{
  if ((guintptr) __builtin_frame_address (0) >= x->stack_limit)
    return EXEC_OK;
  return _tl_exec_raise (x, "RecursionError", "maximum recursion depth exceeded: the stack is full");
}

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
  x->stack_limit = stack_limit ();
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
  x->raise_line = x->line;
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
  _tl_record_name (TL_ROLE_TEXT, text_id, text, strlen (text));
  _tl_record_name (TL_ROLE_ERROR, id, text, strlen (text));
  _tl_record (TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 0, id, text_id, 0);
  return _tl_exec_raise_value (x, tl_value_new_error (id, type_name, message));
}

ExecStatus
_tl_exec_call_function (TlExec      *x,
                        const char  *name,
                        GPtrArray   *args,
                        TlValue    **result)
{
  return _tl_engine->call (x, name, args, result);
}

const char *
_tl_exec_get_who (TlExec *x)
{
  return x->tid == (guint32) x->proc->pid ? x->proc->name : x->name;
}

void
_tl_exec_report_uncaught (TlExec     *x,
                          const char *where)
{
  TlValue *error = x->exception;
  g_autofree char *text = NULL;

  if (error == NULL || error->type != TL_VALUE_ERROR)
    return;
  /* What Python prints, the innermost frame only. */
  text = g_strdup_printf ("%s\nTraceback (most recent call last):\n  File \"%s\", line %u\n%s: %s",
                          where, _tl_engine->origin, x->raise_line, error->error.type_name,
                          error->error.message);
  _tl_record_print (_tl_exec_get_who (x), text);
  _tl_record_error_reported (error);
}
