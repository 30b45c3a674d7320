/* tl-program-check.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a teacher's edit most often breaks, found at load time rather than
 * half-way through a run: an unknown function or name, a wrong number of
 * arguments, a step used on the wrong kind of object.
 */
#define G_LOG_DOMAIN "tl-program"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "tl-scenario-private.h"
#include "tl-vocabulary.h"

/* What a global name is: a parameter, or a shared object of some kind. */
#define KIND_PARAM (-1)

typedef struct
{
  const char  *origin;
  TlProgram   *program;
  GHashTable  *globals;    /* name -> GINT_TO_POINTER (kind + 2) */
  GHashTable  *locals;     /* name -> name */
  GError     **error;
  gboolean     failed;
} Checker;

static void fail (Checker    *c,
                  guint       line,
                  guint       column,
                  int         code,
                  const char *format,
                  ...) G_GNUC_PRINTF (5, 6);

static void
fail (Checker    *c,
      guint       line,
      guint       column,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (c->failed)
    return;
  c->failed = TRUE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (c->error, TL_SCENARIO_ERROR, code, "%s:%u:%u: %s", c->origin, line, column, message);
}

static int
shared_kind (Checker    *c,
             const char *name)
{
  gpointer found = g_hash_table_lookup (c->globals, name);

  return found != NULL ? GPOINTER_TO_INT (found) - 2 : -2;
}

/* A variable of the function hides a global of the same name, except for
 * read, write and += whose target is always the shared value (after
 * "read counter", the variable counter holds what was read). */
static int
global_kind (Checker    *c,
             const char *name)
{
  if (g_hash_table_contains (c->locals, name))
    return -2;
  return shared_kind (c, name);
}

static void
add_global (Checker    *c,
            const char *name,
            int         kind,
            guint       line)
{
  if (g_hash_table_contains (c->globals, name))
    {
      fail (c, line, 1, TL_SCENARIO_ERROR_INVALID, "the name “%s” is used twice", name);
      return;
    }
  if (tl_program_lookup (c->program, name) != NULL)
    {
      fail (c, line, 1, TL_SCENARIO_ERROR_INVALID,
            "“%s” is already the name of a function", name);
      return;
    }
  g_hash_table_insert (c->globals, (gpointer) name, GINT_TO_POINTER (kind + 2));
}

/* ---- expressions ----------------------------------------------------------- */

static void check_expr (Checker *c,
                        TlExpr  *expr);

static void
check_items (Checker   *c,
             GPtrArray *items)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    check_expr (c, g_ptr_array_index (items, i));
}

static void
fail_unknown_word (Checker    *c,
                   TlExpr     *expr,
                   const char *what,
                   TlWordSet   set)
{
  const char *maybe = tl_vocabulary_suggest (set, expr->name);

  if (maybe != NULL)
    fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_UNKNOWN,
          "unknown %s “%s” (did you mean “%s”?)", what, expr->name, maybe);
  else
    fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_UNKNOWN, "unknown %s “%s”", what, expr->name);
}

static void
check_arity (Checker    *c,
             TlExpr     *expr,
             const char *name,
             guint       min_args,
             guint       max_args)
{
  guint n = expr->items->len;

  if (n >= min_args && n <= max_args)
    return;
  if (min_args == max_args)
    fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_INVALID,
          "%s() takes %u argument%s, and is given %u here", name, min_args,
          min_args == 1 ? "" : "s", n);
  else if (max_args == TL_ANY_ARGS)
    fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_INVALID,
          "%s() takes at least %u argument%s, and is given %u here", name, min_args,
          min_args == 1 ? "" : "s", n);
  else
    fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_INVALID,
          "%s() takes %u to %u arguments, and is given %u here", name, min_args, max_args, n);
}

static void
check_call (Checker *c,
            TlExpr  *expr)
{
  guint min_args, max_args;

  if (expr->id >= TL_N_BUILTINS)
    {
      if (tl_program_lookup (c->program, expr->name) != NULL)
        fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_UNKNOWN,
              "a scenario function runs as a step: “call %s(...) into x”", expr->name);
      else
        fail_unknown_word (c, expr, "function", TL_WORDS_FUNCTIONS);
      return;
    }
  tl_builtin_get_arity ((TlBuiltin) expr->id, &min_args, &max_args);
  check_arity (c, expr, expr->name, min_args, max_args);
}

static void
check_method (Checker *c,
              TlExpr  *expr)
{
  guint min_args, max_args;

  if (expr->id >= TL_N_METHODS)
    {
      fail_unknown_word (c, expr, "method", TL_WORDS_METHODS);
      return;
    }
  tl_method_get_arity ((TlMethod) expr->id, &min_args, &max_args);
  check_arity (c, expr, expr->name, min_args, max_args);
}

static void
check_expr (Checker *c,
            TlExpr  *expr)
{
  if (expr == NULL || c->failed)
    return;

  switch (expr->kind)
    {
    case TL_EXPR_NAME:
      if (!g_hash_table_contains (c->locals, expr->name) &&
          !g_hash_table_contains (c->globals, expr->name))
        {
          if (tl_program_lookup (c->program, expr->name) != NULL)
            fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_UNKNOWN,
                  "“%s” is a function: run it with “call %s(...)”", expr->name, expr->name);
          else
            fail (c, expr->line, expr->column, TL_SCENARIO_ERROR_UNKNOWN,
                  "unknown name “%s” (not a parameter, a [Shared] object or a variable "
                  "set in this function)", expr->name);
        }
      break;

    case TL_EXPR_CALL:
      check_call (c, expr);
      check_items (c, expr->items);
      break;

    case TL_EXPR_LIST:
    case TL_EXPR_FORMAT:
      check_items (c, expr->items);
      break;

    case TL_EXPR_METHOD:
      check_expr (c, expr->a);
      check_method (c, expr);
      check_items (c, expr->items);
      break;

    case TL_EXPR_BINARY:
    case TL_EXPR_RANGE:
    case TL_EXPR_INDEX:
      check_expr (c, expr->a);
      check_expr (c, expr->b);
      break;

    case TL_EXPR_ATTR:
      check_expr (c, expr->a);
      if (expr->id >= TL_N_ATTRS)
        fail_unknown_word (c, expr, "attribute", TL_WORDS_ATTRIBUTES);
      break;

    case TL_EXPR_UNARY:
      check_expr (c, expr->a);
      break;

    case TL_EXPR_CONST:
    default:
      break;
    }
}

static void
check_duration (Checker    *c,
                TlDuration *duration)
{
  check_expr (c, duration->low);
  check_expr (c, duration->high);
}

/* ---- objects -------------------------------------------------------------------- */

/* The shared object a target names, if it names one: counter, counter.value,
 * arr[i], counter.get_lock (). */
static const char *
target_base (TlExpr *target)
{
  while (target != NULL && target->kind != TL_EXPR_NAME)
    target = target->a;
  return target != NULL ? target->name : NULL;
}

static void
check_kind (Checker    *c,
            TlStmt     *stmt,
            const char *what,
            guint       allowed)
{
  const char *name = target_base (stmt->target);
  int kind;

  if (name == NULL)
    return;
  if (stmt->kind == TL_STMT_READ || stmt->kind == TL_STMT_WRITE || stmt->kind == TL_STMT_UPDATE)
    kind = shared_kind (c, name);
  else
    kind = global_kind (c, name);
  if (kind == -2)
    return;      /* a variable: checked when it runs */
  if (kind == KIND_PARAM || (allowed & (1u << kind)) == 0)
    {
      const char *step = tl_stmt_kind_to_string (stmt->kind);

      if (stmt->kind == TL_STMT_UPDATE)
        step = (stmt->flags & TL_STMT_FLAG_SUBTRACT) ? "-=" : "+=";
      const char *kind_name = kind == KIND_PARAM ? "parameter" : tl_shared_kind_to_string ((TlSharedKind) kind);

      fail (c, stmt->target->line, stmt->target->column, TL_SCENARIO_ERROR_INVALID,
            "“%s” works on %s, and “%s” is %s %s", step, what, name,
            strchr ("AEIOU", kind_name[0]) != NULL ? "an" : "a", kind_name);
    }
}

#define K(kind) (1u << TL_SHARED_##kind)
#define LOCKS (K (LOCK) | K (RLOCK) | K (SEMAPHORE) | K (BOUNDED_SEMAPHORE) | K (CONDITION))
#define VALUES (K (VALUE) | K (ARRAY) | K (SHARED_MEMORY))
#define LISTS (K (LIST) | K (MANAGER_LIST))

static void
check_local_only (Checker    *c,
                  TlStmt     *stmt,
                  const char *what)
{
  const char *name = target_base (stmt->target);

  if (name != NULL && global_kind (c, name) != -2)
    fail (c, stmt->target->line, stmt->target->column, TL_SCENARIO_ERROR_INVALID,
          "“%s” works on %s, and “%s” is not one", tl_stmt_kind_to_string (stmt->kind), what, name);
}

static void
check_function_ref (Checker    *c,
                    TlStmt     *stmt,
                    const char *name,
                    int         n_args)
{
  TlProgramFunction *function;

  if (name == NULL || c->failed)
    return;
  function = tl_program_lookup (c->program, name);
  if (function == NULL)
    {
      fail (c, stmt->line, stmt->column, TL_SCENARIO_ERROR_UNKNOWN,
            "unknown function “%s” (define it in a [Function %s] group)", name, name);
      return;
    }
  if (n_args >= 0 && g_strv_length (function->args) != (guint) n_args)
    fail (c, stmt->line, stmt->column, TL_SCENARIO_ERROR_INVALID,
          "“%s” takes %u argument%s, and is given %d here", name,
          g_strv_length (function->args), g_strv_length (function->args) == 1 ? "" : "s", n_args);
}

/* ---- steps ------------------------------------------------------------------------- */

static void check_block (Checker *c,
                         TlBlock *block);

static void
bind (Checker    *c,
      const char *name)
{
  if (name != NULL)
    g_hash_table_add (c->locals, (gpointer) name);
}

static void
collect_locals (Checker *c,
                TlBlock *block)
{
  if (block == NULL)
    return;
  for (guint i = 0; i < block->len; i++)
    {
      TlStmt *stmt = g_ptr_array_index (block, i);

      bind (c, stmt->name);
      if (stmt->kind == TL_STMT_READ && stmt->name == NULL)
        bind (c, target_base (stmt->target));
      collect_locals (c, stmt->body);
      collect_locals (c, stmt->orelse);
      collect_locals (c, stmt->final);
    }
}

/* What a step's kind asks of the object it acts on. */
typedef struct _StepCheck StepCheck;

struct _StepCheck
{
  void       (*check) (Checker         *c,
                       TlStmt          *stmt,
                       const StepCheck *rule);
  const char  *what;       /* "a Lock, RLock, Semaphore or Condition" */
  guint        allowed;    /* K (kind) | ... */
};

/* The target is a [Shared] object of an allowed kind, or a variable. */
static void
check_object (Checker         *c,
              TlStmt          *stmt,
              const StepCheck *rule)
{
  check_kind (c, stmt, rule->what, rule->allowed);
}

static void
check_with (Checker         *c,
            TlStmt          *stmt,
            const StepCheck *rule)
{
  int kind;

  check_kind (c, stmt, rule->what, rule->allowed);
  if (stmt->target->kind != TL_EXPR_NAME)
    return;
  kind = global_kind (c, stmt->target->name);
  if (kind == TL_SHARED_VALUE || kind == TL_SHARED_ARRAY)
    fail (c, stmt->target->line, stmt->target->column, TL_SCENARIO_ERROR_INVALID,
          "a value's lock is “%s.get_lock()”", stmt->target->name);
}

/* read and write: always a [Shared] value, never a variable. */
static void
check_shared_value (Checker         *c,
                    TlStmt          *stmt,
                    const StepCheck *rule)
{
  const char *base = target_base (stmt->target);

  if (base != NULL && shared_kind (c, base) == -2)
    fail (c, stmt->target->line, stmt->target->column, TL_SCENARIO_ERROR_UNKNOWN,
          "“%s” reads and writes [Shared] values, and “%s” is not one",
          tl_stmt_kind_to_string (stmt->kind), base);
  else
    check_kind (c, stmt, rule->what, rule->allowed);
}

/* Pools and started tasks are never [Shared]: a variable. */
static void
check_variable (Checker         *c,
                TlStmt          *stmt,
                const StepCheck *rule)
{
  check_local_only (c, stmt, rule->what);
}

/* start, call, submit: the function exists and takes these arguments. */
static void
check_function_call (Checker         *c,
                     TlStmt          *stmt,
                     const StepCheck *rule)
{
  check_function_ref (c, stmt, stmt->func, (int) stmt->args->len);
  if (rule->what != NULL)
    check_local_only (c, stmt, rule->what);
}

static void
check_apply_async (Checker         *c,
                   TlStmt          *stmt,
                   const StepCheck *rule)
{
  check_function_ref (c, stmt, stmt->func, (int) stmt->args->len);
  check_function_ref (c, stmt, stmt->callback, 1);
  check_function_ref (c, stmt, stmt->error_callback, 1);
  check_local_only (c, stmt, rule->what);
}

static void
check_map (Checker         *c,
           TlStmt          *stmt,
           const StepCheck *rule)
{
  check_function_ref (c, stmt, stmt->func, 1);
  check_local_only (c, stmt, rule->what);
}

#define LOCK_WORDS "a Lock, RLock, Semaphore or Condition"

static const StepCheck step_checks[TL_N_STMTS] = {
  [TL_STMT_ACQUIRE] = { check_object, LOCK_WORDS, LOCKS },
  [TL_STMT_RELEASE] = { check_object, LOCK_WORDS, LOCKS },
  [TL_STMT_WITH] = { check_with, "a Lock, RLock, Semaphore, Condition or a value's get_lock()",
                     LOCKS | K (VALUE) | K (ARRAY) },
  [TL_STMT_WAIT] = { check_object, "an Event, Condition or Barrier (or a started task)",
                     K (EVENT) | K (CONDITION) | K (BARRIER) },
  [TL_STMT_SET] = { check_object, "an Event", K (EVENT) },
  [TL_STMT_CLEAR] = { check_object, "an Event", K (EVENT) },
  [TL_STMT_NOTIFY] = { check_object, "a Condition", K (CONDITION) },
  [TL_STMT_NOTIFY_ALL] = { check_object, "a Condition", K (CONDITION) },
  [TL_STMT_PUT] = { check_object, "a Queue", K (QUEUE) },
  [TL_STMT_GET] = { check_object, "a Queue", K (QUEUE) },
  [TL_STMT_SEND] = { check_object, "an end of a Pipe", K (PIPE) },
  [TL_STMT_RECV] = { check_object, "an end of a Pipe", K (PIPE) },
  [TL_STMT_APPEND] = { check_object, "a list", LISTS },
  [TL_STMT_POP] = { check_object, "a list", LISTS },
  [TL_STMT_STORE] = { check_object, "an Array, a list or a Manager's list or dict",
                      K (ARRAY) | LISTS | K (MANAGER_DICT) },
  [TL_STMT_READ] = { check_shared_value, "a Value, an Array or a SharedMemory", VALUES },
  [TL_STMT_WRITE] = { check_shared_value, "a Value, an Array or a SharedMemory", VALUES },
  [TL_STMT_UPDATE] = { check_object, "a Value, an Array or a variable", VALUES },
  [TL_STMT_JOIN] = { check_variable, "a started process or thread, or a pool", 0 },
  [TL_STMT_CLOSE] = { check_variable, "a pool", 0 },
  [TL_STMT_TERMINATE] = { check_variable, "a pool", 0 },
  [TL_STMT_SHUTDOWN] = { check_variable, "a pool", 0 },
  [TL_STMT_START] = { check_function_call, NULL, 0 },
  [TL_STMT_CALL] = { check_function_call, NULL, 0 },
  [TL_STMT_SUBMIT] = { check_function_call, "a ThreadPoolExecutor", 0 },
  [TL_STMT_APPLY_ASYNC] = { check_apply_async, "a Pool", 0 },
  [TL_STMT_MAP] = { check_map, "a Pool or a ThreadPoolExecutor", 0 },
};

/* The base name of the target exists; its indices, methods and
 * attributes are sound. */
static void
check_target (Checker *c,
              TlStmt  *stmt)
{
  const char *base = target_base (stmt->target);

  if (base != NULL && !g_hash_table_contains (c->locals, base) &&
      !g_hash_table_contains (c->globals, base) && stmt->kind != TL_STMT_READ)
    fail (c, stmt->target->line, stmt->target->column, TL_SCENARIO_ERROR_UNKNOWN,
          "unknown object “%s” (declare it in [Shared])", base);
  for (TlExpr *t = stmt->target; t != NULL; t = t->a)
    {
      if (t->kind == TL_EXPR_INDEX)
        check_expr (c, t->b);
      else if (t->kind == TL_EXPR_METHOD)
        {
          check_method (c, t);
          check_items (c, t->items);
        }
      else if (t->kind == TL_EXPR_ATTR && t->id >= TL_N_ATTRS)
        fail_unknown_word (c, t, "attribute", TL_WORDS_ATTRIBUTES);
    }
}

static void
check_stmt (Checker *c,
            TlStmt  *stmt)
{
  const StepCheck *rule = &step_checks[stmt->kind];

  check_expr (c, stmt->value);
  check_expr (c, stmt->extra);
  check_expr (c, stmt->text);
  check_duration (c, &stmt->duration);
  check_duration (c, &stmt->timeout);
  check_items (c, stmt->args);
  if (stmt->target != NULL)
    check_target (c, stmt);
  if (!c->failed && rule->check != NULL)
    rule->check (c, stmt, rule);

  check_block (c, stmt->body);
  check_block (c, stmt->orelse);
  check_block (c, stmt->final);
}

static void
check_block (Checker *c,
             TlBlock *block)
{
  if (block == NULL)
    return;
  for (guint i = 0; i < block->len && !c->failed; i++)
    check_stmt (c, g_ptr_array_index (block, i));
}

static void
check_shared (Checker      *c,
              TlSharedDecl *decl)
{
  /* A shared object's arguments may use parameters and the objects above it. */
  g_hash_table_remove_all (c->locals);
  for (guint i = 0; i < decl->args->len && !c->failed; i++)
    check_expr (c, g_ptr_array_index (decl->args, i));

  if (decl->owner != NULL && global_kind (c, decl->owner) != TL_SHARED_MANAGER)
    fail (c, decl->line, 1, TL_SCENARIO_ERROR_INVALID,
          "“%s” must be a Manager declared above (mgr = Manager())", decl->owner);
  if (decl->kind == TL_SHARED_CONDITION && decl->args->len > 0)
    {
      TlExpr *lock = g_ptr_array_index (decl->args, 0);
      int kind = lock->kind == TL_EXPR_NAME ? global_kind (c, lock->name) : -2;

      if (kind != TL_SHARED_LOCK && kind != TL_SHARED_RLOCK)
        fail (c, lock->line, lock->column, TL_SCENARIO_ERROR_INVALID,
              "a Condition takes a Lock or RLock declared above");
    }
  {
    guint min_args, max_args;

    tl_shared_kind_get_arity (decl->kind, &min_args, &max_args);
    if (decl->args->len < min_args || decl->args->len > max_args)
      {
        g_autofree char *takes = min_args == max_args ? g_strdup_printf ("%u", min_args)
                                                      : g_strdup_printf ("%u or %u", min_args, max_args);

        fail (c, decl->line, 1, TL_SCENARIO_ERROR_INVALID, "%s takes %s argument%s, not %u",
              tl_shared_kind_to_string (decl->kind), takes, max_args == 1 ? "" : "s",
              decl->args->len);
      }
  }

  add_global (c, decl->name, decl->kind, decl->line);
  if (decl->name2 != NULL)
    add_global (c, decl->name2, decl->kind, decl->line);
}

gboolean
tl_program_check (TlProgram          *program,
                  const char * const *params,
                  const char         *origin,
                  GError            **error)
{
  g_autoptr(GHashTable) globals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) locals = g_hash_table_new (g_str_hash, g_str_equal);
  Checker c = { origin, program, globals, locals, error, FALSE };

  /* Every program sees the run's tempo, to say how long things took. */
  add_global (&c, "tempo", KIND_PARAM, 0);
  for (guint i = 0; params[i] != NULL && !c.failed; i++)
    add_global (&c, params[i], KIND_PARAM, 0);
  for (guint i = 0; i < program->shared->len && !c.failed; i++)
    check_shared (&c, g_ptr_array_index (program->shared, i));

  for (guint i = 0; i < program->functions->len && !c.failed; i++)
    {
      TlProgramFunction *function = g_ptr_array_index (program->functions, i);

      g_hash_table_remove_all (locals);
      for (guint k = 0; function->args[k] != NULL; k++)
        bind (&c, function->args[k]);
      collect_locals (&c, function->body);
      check_block (&c, function->body);
    }
  return !c.failed;
}
