/* tl-engine.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scenario's main process: the run's state, the parameters as
 * globals, the [Shared] objects a Python program would make at module
 * level, then [Main].
 */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tl-engine.h"
#include "tl-interp.h"
#include "tl-limits.h"
#include "tl-manager.h"
#include "tl-scenario-private.h"
#include "tl-vocabulary.h"

#define ARENA_SIZE       ((gsize) 256 << 20)
/* What a small CPython process has resident: its interpreter, its
 * modules, its objects.  Forking copies the page tables of all of it, which
 * is why a process costs more to start than a thread; without it our
 * processes would be unrealistically cheap to fork. */
#define INTERPRETER_HEAP ((gsize) 12 << 20)

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

/* An integer argument of a [Shared] object, or @fallback. */
static ExecStatus
int_arg (TlExec    *x,
         GPtrArray *args,
         guint      index,
         gint64     fallback,
         gint64    *out)
{
  TlValue *value;

  *out = fallback;
  if (index >= args->len)
    return EXEC_OK;
  value = g_ptr_array_index (args, index);
  if (value->type == TL_VALUE_INT)
    *out = value->i;
  else if (value->type == TL_VALUE_FLOAT)
    return _tl_float_to_int (x, value->f, out);
  return EXEC_OK;
}

static ExecStatus
set_global (TlExec     *x,
            const char *name,
            TlObj      *obj)
{
  if (obj == NULL)
    return _tl_exec_raise (x, "MemoryError", "the run's shared memory is full: “%s” does not fit",
                           name);
  g_hash_table_insert (_tl_engine->globals, g_strdup (name), tl_value_new_object (obj));
  return EXEC_OK;
}

/* Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier, Queue. */
static ExecStatus
create_sync (TlExec       *x,
             TlSharedDecl *decl,
             GPtrArray    *args)
{
  static const TlPrimKind locks[] = {
    [TL_SHARED_LOCK] = TL_PRIM_LOCK, [TL_SHARED_RLOCK] = TL_PRIM_RLOCK,
    [TL_SHARED_SEMAPHORE] = TL_PRIM_SEMAPHORE,
    [TL_SHARED_BOUNDED_SEMAPHORE] = TL_PRIM_BOUNDED_SEMAPHORE,
  };
  TlValue *init = args->len > 0 ? g_ptr_array_index (args, 0) : NULL;
  TlObj *obj = NULL;
  gint64 n;

  switch (decl->kind)
    {
    case TL_SHARED_LOCK:
    case TL_SHARED_RLOCK:
    case TL_SHARED_SEMAPHORE:
    case TL_SHARED_BOUNDED_SEMAPHORE:
      if (int_arg (x, args, 0, 1, &n) != EXEC_OK)
        return EXEC_RAISE;
      obj = (TlObj *) _tl_lock_new (locks[decl->kind], decl->name, n);
      break;
    case TL_SHARED_EVENT:
      obj = (TlObj *) _tl_event_new (decl->name);
      break;
    case TL_SHARED_CONDITION:
      obj = (TlObj *) _tl_condition_new (decl->name, init != NULL && init->type == TL_VALUE_OBJECT
                                                     ? (TlLock *) init->obj : NULL);
      break;
    case TL_SHARED_BARRIER:
      if (int_arg (x, args, 0, 1, &n) != EXEC_OK)
        return EXEC_RAISE;
      obj = (TlObj *) _tl_barrier_new (decl->name, n);
      break;
    case TL_SHARED_QUEUE:
      if (int_arg (x, args, 0, 0, &n) != EXEC_OK)
        return EXEC_RAISE;
      obj = (TlObj *) _tl_queue_new (decl->name, n, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
  return set_global (x, decl->name, obj);
}

/* Value, Array, SharedMemory, a plain list. */
static ExecStatus
create_value (TlExec       *x,
              TlSharedDecl *decl,
              GPtrArray    *args)
{
  g_autoptr(TlValue) zero = tl_value_new_int (0);
  TlValue *init = args->len > 0 ? g_ptr_array_index (args, 0) : zero;
  g_autoptr(GError) error = NULL;
  gint64 size;
  TlShm *shm;

  switch (decl->kind)
    {
    case TL_SHARED_VALUE:
    case TL_SHARED_ARRAY:
      if (init->type != TL_VALUE_INT && init->type != TL_VALUE_LIST)
        return _tl_exec_raise (x, "TypeError", "%s holds integers",
                               tl_shared_kind_to_string (decl->kind));
      if (init->type == TL_VALUE_INT && decl->kind == TL_SHARED_ARRAY &&
          _tl_limits_check_items (x, (gsize) MAX (init->i, 0)) != EXEC_OK)
        return EXEC_RAISE;
      return set_global (x, decl->name,
                         (TlObj *) _tl_shared_new (decl->kind == TL_SHARED_VALUE ? TL_PRIM_VALUE
                                                                                 : TL_PRIM_ARRAY,
                                                   decl->name, init));
    case TL_SHARED_SHARED_MEMORY:
      if (int_arg (x, args, 0, 1024, &size) != EXEC_OK)
        return EXEC_RAISE;
      if (size > TL_VALUE_MAX_STRING)
        return _tl_exec_raise (x, "ValueError", "a SharedMemory block is at most %d MiB",
                               TL_VALUE_MAX_STRING >> 20);
      shm = _tl_shm_new (decl->name, size, &error);
      if (shm == NULL)
        return _tl_exec_raise (x, "OSError", "%s", error->message);
      return set_global (x, decl->name, (TlObj *) shm);
    case TL_SHARED_LIST:
      return set_global (x, decl->name,
                         (TlObj *) _tl_list_obj_new (decl->name, args->len > 0 ? init : NULL));
    default:
      g_assert_not_reached ();
      return EXEC_RAISE;
    }
}

/* A Pipe's two ends, a Manager, a Manager's list or dict. */
static ExecStatus
create_channel (TlExec       *x,
                TlSharedDecl *decl,
                GPtrArray    *args)
{
  TlValue *init = args->len > 0 ? g_ptr_array_index (args, 0) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  TlPipeEnd *a, *b;
  TlManager *manager;
  TlProxy *proxy = NULL;
  TlValue *owner;

  switch (decl->kind)
    {
    case TL_SHARED_PIPE:
      name = g_strdup_printf ("Pipe(%s, %s)", decl->name, decl->name2);
      if (!_tl_pipe_new (name, decl->name, decl->name2, &a, &b, &error))
        return _tl_exec_raise (x, "OSError", "%s", error->message);
      set_global (x, decl->name, (TlObj *) a);
      return set_global (x, decl->name2, (TlObj *) b);
    case TL_SHARED_MANAGER:
      manager = _tl_manager_new (x, decl->name, &error);
      if (manager == NULL)
        return _tl_exec_raise (x, "OSError", "%s", error->message);
      return set_global (x, decl->name, (TlObj *) manager);
    case TL_SHARED_MANAGER_LIST:
    case TL_SHARED_MANAGER_DICT:
      owner = g_hash_table_lookup (_tl_engine->globals, decl->owner);
      if (_tl_proxy_new (x, (TlManager *) owner->obj, decl->name,
                         decl->kind == TL_SHARED_MANAGER_DICT, init, &proxy) != EXEC_OK)
        return EXEC_RAISE;
      return set_global (x, decl->name, (TlObj *) proxy);
    default:
      g_assert_not_reached ();
      return EXEC_RAISE;
    }
}

/* What the module level of a Python program makes before __main__ runs. */
static ExecStatus
create_shared (TlExec       *x,
               TlSharedDecl *decl)
{
  g_autoptr(GPtrArray) args = NULL;

  if (eval_args (x, decl, &args) != EXEC_OK)
    return EXEC_RAISE;
  switch (decl->kind)
    {
    case TL_SHARED_VALUE:
    case TL_SHARED_ARRAY:
    case TL_SHARED_SHARED_MEMORY:
    case TL_SHARED_LIST:
      return create_value (x, decl, args);
    case TL_SHARED_PIPE:
    case TL_SHARED_MANAGER:
    case TL_SHARED_MANAGER_LIST:
    case TL_SHARED_MANAGER_DICT:
      return create_channel (x, decl, args);
    case TL_N_SHARED_KINDS:
      g_assert_not_reached ();
      return EXEC_RAISE;
    default:
      return create_sync (x, decl, args);
    }
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
  _tl_engine->call = _tl_exec_call;
  _tl_record_set_echo (g_strcmp0 (g_getenv ("THREADLINE_RUNNER_ECHO"), "1") == 0);
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

  _tl_limits_enter_main_process ();
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
