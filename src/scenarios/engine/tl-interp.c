/* tl-interp.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interpreter: steps and expressions, run by a thread that holds its
 * process's GIL.  Each loop turn and each "+=" is an eval-breaker point,
 * as a bytecode boundary is in CPython, where the GIL may change hands;
 * "compute" burns real CPU time and checks the breaker as it goes.
 *
 * Every kind of step has one function, found through the table below;
 * the control flow and the timing steps are here, the others in
 * tl-interp-objects.c and tl-interp-tasks.c.
 */
#define G_LOG_DOMAIN "tl-interp"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "tl-interp-private.h"
#include "tl-machine.h"

#define RECURSION_LIMIT 200

ExecStatus
_tl_exec_call (TlExec     *x,
               const char *name,
               GPtrArray  *args,
               TlValue   **result)
{
  TlProgramFunction *function = tl_program_lookup (_tl_engine->program, name);
  GHashTable *saved;
  ExecStatus status;
  guint n_args = args != NULL ? args->len : 0;
  guint32 caller_line;

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
  caller_line = _tl_record_set_line (0);
  status = _tl_exec_block (x, function->body);
  _tl_record_set_line (caller_line);
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

/* ---- running "Python code" and waiting ------------------------------------------ */

static guint64
compute_text_id (void)
{
  static guint64 id;

  /* Named once, used by every compute slice of this run. */
  if (id == 0)
    {
      id = tl_trace_new_id ();
      _tl_record_name (TL_ROLE_TEXT, id, "compute", strlen ("compute"));
    }
  return id;
}

/* Python code running: CPU time actually spent, so that four processes on
 * two cores take twice as long as on four, and threads that hold the GIL
 * in turns add up.  The slice's end carries that CPU time, counted only
 * while this thread held the GIL: what the work really used, which a
 * view divides by the wall time to say how many cores ran it. */
static void
compute (TlExec *x,
         gint64  ns)
{
  gint64 done = 0, last = _tl_machine_thread_cpu_ns ();
  volatile guint64 acc = (guint64) ns;

  _tl_record (TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 0, compute_text_id (), (guint64) ns, 0);
  while (done < ns)
    {
      gint64 now;

      for (guint i = 0; i < 2000; i++)
        acc = acc * 6364136223846793005u + 1442695040888963407u;
      now = _tl_machine_thread_cpu_ns ();
      done += now - last;
      last = now;
      if (_tl_gil_drop_requested (x->proc->gil))
        {
          _tl_exec_check_gil (x);
          last = _tl_machine_thread_cpu_ns ();
        }
    }
  _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, (guint64) done, 0);
}

static void
pause_ns (gint64 ns)
{
  struct timespec ts = { (time_t) (ns / 1000000000), (long) (ns % 1000000000) };

  /* Only a signal shortens a sleep; anything else would make this spin. */
  while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
    ;
}

ExecStatus
_tl_step_compute (TlExec *x,
                  TlStmt *stmt)
{
  gint64 ns;

  if (_tl_eval_duration (x, &stmt->duration, &ns) != EXEC_OK)
    return EXEC_RAISE;
  compute (x, ns);
  return EXEC_OK;
}

/* sleep and io. */
ExecStatus
_tl_step_sleep (TlExec *x,
                TlStmt *stmt)
{
  gboolean io = stmt->kind == TL_STMT_IO;
  gint64 ns;

  if (_tl_eval_duration (x, &stmt->duration, &ns) != EXEC_OK)
    return EXEC_RAISE;
  _tl_exec_release_gil (x);
  _tl_record (io ? TL_EVENT_IO_BEGIN : TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0, (guint64) ns, 0);
  pause_ns (ns);
  _tl_record (io ? TL_EVENT_IO_END : TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0, 0, 0);
  _tl_exec_take_gil (x);
  return EXEC_OK;
}

/* ---- printing and recording -------------------------------------------------------- */

ExecStatus
_tl_step_print (TlExec *x,
                TlStmt *stmt)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_value_unref);
  g_autofree char *text = NULL;

  if (_tl_eval_format (x, stmt->text, &text, errors) != EXEC_OK)
    return EXEC_RAISE;
  _tl_record_print (_tl_exec_get_who (x), text);
  /* An exception printed has been reported. */
  for (guint i = 0; i < errors->len; i++)
    _tl_record_error_reported (g_ptr_array_index (errors, i));
  return EXEC_OK;
}

ExecStatus
_tl_step_mark (TlExec *x,
               TlStmt *stmt)
{
  g_autofree char *text = NULL;

  if (_tl_eval_text (x, stmt->text, &text) != EXEC_OK)
    return EXEC_RAISE;
  _tl_record_text (TL_EVENT_MARK, 0, TL_SCENARIO_MARK_PLAIN, text, strlen (text));
  return EXEC_OK;
}

ExecStatus
_tl_step_result (TlExec *x,
                 TlStmt *stmt)
{
  g_autoptr(TlValue) value = NULL;
  g_autofree char *label = NULL;
  g_autofree char *repr = NULL;

  if (_tl_exec_eval (x, stmt->value, &value) != EXEC_OK || _tl_eval_text (x, stmt->text, &label) != EXEC_OK)
    return EXEC_RAISE;
  repr = tl_value_repr (value);
  _tl_record_mark (TL_SCENARIO_MARK_RESULT, label, repr);
  return EXEC_OK;
}

ExecStatus
_tl_step_time (TlExec *x,
               TlStmt *stmt)
{
  g_autofree char *label = NULL;
  g_autofree char *elapsed = NULL;
  g_autofree char *load = NULL;
  TlMachineSample before, after;
  ExecStatus status;
  gint64 start;
  double seconds;

  if (_tl_eval_text (x, stmt->text, &label) != EXEC_OK)
    return EXEC_RAISE;
  _tl_record_text (TL_EVENT_SLICE_BEGIN, 0, 0, label, strlen (label));
  _tl_machine_sample (&before);
  start = _tl_now_ns ();
  status = _tl_exec_block (x, stmt->body);
  seconds = (double) (_tl_now_ns () - start) / 1e9;
  _tl_record_set_line (stmt->py_line);
  _tl_machine_sample (&after);
  _tl_record (TL_EVENT_SLICE_END, TL_ROLE_NONE, 0, 0, 0, 0);
  if (status != EXEC_OK)
    return status;
  elapsed = g_strdup_printf ("%.3f ms", seconds * 1e3);
  _tl_record_mark (TL_SCENARIO_MARK_TIME, label, elapsed);
  /* Other programs' share of the machine meanwhile: a timing's context. */
  load = _tl_machine_describe_load (&before, &after);
  _tl_record_mark (TL_SCENARIO_MARK_LOAD, label, load);
  if (stmt->name != NULL)
    _tl_interp_bind (x, stmt->name, tl_value_new_float (seconds));
  return EXEC_OK;
}

/* ---- variables and control flow ----------------------------------------------------- */

ExecStatus
_tl_step_let (TlExec *x,
              TlStmt *stmt)
{
  TlValue *value = NULL;

  if (_tl_exec_eval (x, stmt->value, &value) != EXEC_OK)
    return EXEC_RAISE;
  _tl_interp_bind (x, stmt->name, value);
  return EXEC_OK;
}

ExecStatus
_tl_step_try (TlExec *x,
              TlStmt *stmt)
{
  ExecStatus status = _tl_exec_block (x, stmt->body);

  if (status == EXEC_RAISE && stmt->orelse != NULL)
    {
      TlValue *error = x->exception;
      gboolean matches = stmt->error_type == NULL ||
                         strcmp (stmt->error_type, "Exception") == 0 ||
                         strcmp (stmt->error_type, "BaseException") == 0 ||
                         (error->type == TL_VALUE_ERROR &&
                          strcmp (stmt->error_type, error->error.type_name) == 0);

      if (matches)
        {
          x->exception = NULL;
          if (stmt->name != NULL)
            _tl_interp_bind (x, stmt->name, error);
          else
            tl_value_unref (error);
          status = _tl_exec_block (x, stmt->orelse);
        }
    }

  if (stmt->final != NULL)
    {
      TlValue *exception = g_steal_pointer (&x->exception);
      TlValue *returned = g_steal_pointer (&x->returned);
      ExecStatus final = _tl_exec_block (x, stmt->final);

      /* A finally that raises or returns wins, as in Python. */
      if (final != EXEC_OK)
        {
          g_clear_pointer (&exception, tl_value_unref);
          g_clear_pointer (&returned, tl_value_unref);
          return final;
        }
      x->exception = exception;
      x->returned = returned;
    }
  return status;
}

static ExecStatus
exec_loop_body (TlExec *x,
                TlStmt *loop)
{
  /* A loop's back edge is an eval-breaker point, on the loop's line. */
  _tl_record_set_line (loop->py_line);
  _tl_exec_check_gil (x);
  return _tl_exec_block (x, loop->body);
}


ExecStatus
_tl_step_repeat (TlExec *x,
                 TlStmt *stmt)
{
  gint64 n;

  if (_tl_eval_int (x, stmt->value, &n) != EXEC_OK)
    return EXEC_RAISE;
  for (gint64 i = 0; i < n; i++)
    {
      ExecStatus status = exec_loop_body (x, stmt);

      if (status != EXEC_OK)
        return status;
    }
  return EXEC_OK;
}

ExecStatus
_tl_step_for (TlExec *x,
              TlStmt *stmt)
{
  g_autoptr(TlValue) iterable = NULL;
  g_autoptr(TlValue) items = NULL;

  if (_tl_exec_eval (x, stmt->value, &iterable) != EXEC_OK ||
      _tl_items_of (x, iterable, &items) != EXEC_OK)
    return EXEC_RAISE;
  for (guint i = 0; i < tl_value_list_length (items); i++)
    {
      ExecStatus status;

      _tl_interp_bind (x, stmt->name, tl_value_ref (tl_value_list_get (items, i)));
      status = exec_loop_body (x, stmt);
      if (status != EXEC_OK)
        return status;
    }
  return EXEC_OK;
}

ExecStatus
_tl_step_while (TlExec *x,
                TlStmt *stmt)
{
  for (;;)
    {
      g_autoptr(TlValue) condition = NULL;
      ExecStatus status;

      if (_tl_exec_eval (x, stmt->value, &condition) != EXEC_OK)
        return EXEC_RAISE;
      if (!tl_value_is_true (condition))
        return EXEC_OK;
      status = exec_loop_body (x, stmt);
      if (status != EXEC_OK)
        return status;
    }
}

ExecStatus
_tl_step_if (TlExec *x,
             TlStmt *stmt)
{
  g_autoptr(TlValue) condition = NULL;

  if (_tl_exec_eval (x, stmt->value, &condition) != EXEC_OK)
    return EXEC_RAISE;
  if (tl_value_is_true (condition))
    return _tl_exec_block (x, stmt->body);
  if (stmt->orelse != NULL)
    return _tl_exec_block (x, stmt->orelse);
  return EXEC_OK;
}

ExecStatus
_tl_step_raise (TlExec *x,
                TlStmt *stmt)
{
  g_autofree char *text = NULL;

  if (_tl_eval_text (x, stmt->text, &text) != EXEC_OK)
    return EXEC_RAISE;
  return _tl_exec_raise (x, stmt->error_type != NULL ? stmt->error_type : "RuntimeError", "%s", text);
}

ExecStatus
_tl_step_crash (TlExec *x,
                TlStmt *stmt)
{
  struct sigaction action = { 0 };

  /* A real crash of this process: the default action of SIGSEGV,
   * whatever handler a sanitizer installed. */
  action.sa_handler = SIG_DFL;
  sigaction (SIGSEGV, &action, NULL);
  raise (SIGSEGV);
  return EXEC_OK;
}

ExecStatus
_tl_step_return (TlExec *x,
                 TlStmt *stmt)
{
  g_clear_pointer (&x->returned, tl_value_unref);
  if (stmt->value == NULL)
    x->returned = tl_value_none ();
  else if (_tl_exec_eval (x, stmt->value, &x->returned) != EXEC_OK)
    return EXEC_RAISE;
  return EXEC_RETURN;
}

ExecStatus
_tl_step_call (TlExec *x,
               TlStmt *stmt)
{
  g_autoptr(GPtrArray) args = NULL;
  TlValue *result = NULL;

  if (_tl_eval_args (x, stmt, &args) != EXEC_OK ||
      _tl_exec_call (x, stmt->func, args, &result) != EXEC_OK)
    return EXEC_RAISE;
  if (stmt->name != NULL)
    _tl_interp_bind (x, stmt->name, result);
  else
    tl_value_unref (result);
  return EXEC_OK;
}

/* ---- the table ------------------------------------------------------------------------ */

static const TlStepFn step_fns[TL_N_STMTS] = {
  [TL_STMT_COMPUTE] = _tl_step_compute,
  [TL_STMT_SLEEP] = _tl_step_sleep,
  [TL_STMT_IO] = _tl_step_sleep,
  [TL_STMT_PRINT] = _tl_step_print,
  [TL_STMT_LET] = _tl_step_let,
  [TL_STMT_READ] = _tl_step_read,
  [TL_STMT_WRITE] = _tl_step_write,
  [TL_STMT_UPDATE] = _tl_step_update,
  [TL_STMT_STORE] = _tl_step_store,
  [TL_STMT_ACQUIRE] = _tl_step_acquire,
  [TL_STMT_RELEASE] = _tl_step_release,
  [TL_STMT_WITH] = _tl_step_with,
  [TL_STMT_WAIT] = _tl_step_wait,
  [TL_STMT_NOTIFY] = _tl_step_notify,
  [TL_STMT_NOTIFY_ALL] = _tl_step_notify,
  [TL_STMT_SET] = _tl_step_set,
  [TL_STMT_CLEAR] = _tl_step_set,
  [TL_STMT_PUT] = _tl_step_send,
  [TL_STMT_GET] = _tl_step_receive,
  [TL_STMT_SEND] = _tl_step_send,
  [TL_STMT_RECV] = _tl_step_receive,
  [TL_STMT_APPEND] = _tl_step_append,
  [TL_STMT_POP] = _tl_step_pop,
  [TL_STMT_REPEAT] = _tl_step_repeat,
  [TL_STMT_FOR] = _tl_step_for,
  [TL_STMT_WHILE] = _tl_step_while,
  [TL_STMT_IF] = _tl_step_if,
  [TL_STMT_TRY] = _tl_step_try,
  [TL_STMT_RAISE] = _tl_step_raise,
  [TL_STMT_CRASH] = _tl_step_crash,
  [TL_STMT_RETURN] = _tl_step_return,
  [TL_STMT_START] = _tl_step_start,
  [TL_STMT_JOIN] = _tl_step_join,
  [TL_STMT_JOIN_ALL] = _tl_step_join_all,
  [TL_STMT_CALL] = _tl_step_call,
  [TL_STMT_POOL] = _tl_step_pool,
  [TL_STMT_MAP] = _tl_step_map,
  [TL_STMT_APPLY_ASYNC] = _tl_step_apply,
  [TL_STMT_SUBMIT] = _tl_step_apply,
  [TL_STMT_CLOSE] = _tl_step_close,
  [TL_STMT_TERMINATE] = _tl_step_close,
  [TL_STMT_SHUTDOWN] = _tl_step_close,
  [TL_STMT_RESULT] = _tl_step_result,
  [TL_STMT_TIME] = _tl_step_time,
  [TL_STMT_MARK] = _tl_step_mark,
};

gboolean
_tl_interp_has_every_step (void)
{
  for (guint k = 0; k < TL_N_STMTS; k++)
    if (step_fns[k] == NULL)
      return FALSE;
  return TRUE;
}

static ExecStatus
exec_stmt (TlExec *x,
           TlStmt *stmt)
{
  if (stmt->kind >= TL_N_STMTS || step_fns[stmt->kind] == NULL)
    return _tl_exec_raise (x, "RuntimeError", "unknown step");
  return step_fns[stmt->kind] (x, stmt);
}

ExecStatus
_tl_exec_block (TlExec  *x,
                TlBlock *block)
{
  if (_tl_exec_check_stack (x) != EXEC_OK)
    return EXEC_RAISE;
  for (guint i = 0; i < block->len; i++)
    {
      TlStmt *stmt = g_ptr_array_index (block, i);
      ExecStatus status;

      x->line = stmt->line;
      _tl_record_set_line (stmt->py_line);
      status = _tl_limits_check (x);
      if (status == EXEC_OK)
        status = exec_stmt (x, stmt);

      if (status == EXEC_RAISE && x->exception != NULL && x->exception->type == TL_VALUE_ERROR &&
          _tl_record_get_echo ())
        g_printerr ("%s:%u:%u: %s: %s\n", _tl_engine->origin, stmt->line, stmt->column,
                    x->exception->error.type_name, x->exception->error.message);
      if (status != EXEC_OK)
        return status;
    }
  return EXEC_OK;
}
