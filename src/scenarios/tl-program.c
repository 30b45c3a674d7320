/* tl-program.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-program"

#include "config.h"

#include <string.h>

#include "tl-program.h"

static const char *stmt_names[TL_N_STMTS] = {
  [TL_STMT_COMPUTE] = "compute",
  [TL_STMT_SLEEP] = "sleep",
  [TL_STMT_IO] = "io",
  [TL_STMT_PRINT] = "print",
  [TL_STMT_LET] = "let",
  [TL_STMT_READ] = "read",
  [TL_STMT_WRITE] = "write",
  [TL_STMT_UPDATE] = "+=",
  [TL_STMT_STORE] = "[]=",
  [TL_STMT_ACQUIRE] = "acquire",
  [TL_STMT_RELEASE] = "release",
  [TL_STMT_WITH] = "with",
  [TL_STMT_WAIT] = "wait",
  [TL_STMT_NOTIFY] = "notify",
  [TL_STMT_NOTIFY_ALL] = "notify_all",
  [TL_STMT_SET] = "set",
  [TL_STMT_CLEAR] = "clear",
  [TL_STMT_PUT] = "put",
  [TL_STMT_GET] = "get",
  [TL_STMT_SEND] = "send",
  [TL_STMT_RECV] = "recv",
  [TL_STMT_APPEND] = "append",
  [TL_STMT_POP] = "pop",
  [TL_STMT_REPEAT] = "repeat",
  [TL_STMT_FOR] = "for",
  [TL_STMT_WHILE] = "while",
  [TL_STMT_IF] = "if",
  [TL_STMT_TRY] = "try",
  [TL_STMT_RAISE] = "raise",
  [TL_STMT_CRASH] = "crash",
  [TL_STMT_RETURN] = "return",
  [TL_STMT_START] = "start",
  [TL_STMT_JOIN] = "join",
  [TL_STMT_JOIN_ALL] = "join all",
  [TL_STMT_CALL] = "call",
  [TL_STMT_POOL] = "pool",
  [TL_STMT_MAP] = "map",
  [TL_STMT_APPLY_ASYNC] = "apply_async",
  [TL_STMT_SUBMIT] = "submit",
  [TL_STMT_CLOSE] = "close",
  [TL_STMT_TERMINATE] = "terminate",
  [TL_STMT_SHUTDOWN] = "shutdown",
  [TL_STMT_RESULT] = "result",
  [TL_STMT_TIME] = "time",
  [TL_STMT_MARK] = "mark",
};

const char *
tl_stmt_kind_to_string (TlStmtKind kind)
{
  return kind < TL_N_STMTS && stmt_names[kind] != NULL ? stmt_names[kind] : "?";
}

static const char *shared_names[TL_N_SHARED_KINDS] = {
  [TL_SHARED_LOCK] = "Lock",
  [TL_SHARED_RLOCK] = "RLock",
  [TL_SHARED_SEMAPHORE] = "Semaphore",
  [TL_SHARED_BOUNDED_SEMAPHORE] = "BoundedSemaphore",
  [TL_SHARED_EVENT] = "Event",
  [TL_SHARED_CONDITION] = "Condition",
  [TL_SHARED_BARRIER] = "Barrier",
  [TL_SHARED_QUEUE] = "Queue",
  [TL_SHARED_PIPE] = "Pipe",
  [TL_SHARED_VALUE] = "Value",
  [TL_SHARED_ARRAY] = "Array",
  [TL_SHARED_MANAGER] = "Manager",
  [TL_SHARED_MANAGER_LIST] = "list proxy",
  [TL_SHARED_MANAGER_DICT] = "dict proxy",
  [TL_SHARED_SHARED_MEMORY] = "SharedMemory",
  [TL_SHARED_LIST] = "list",
};

const char *
tl_shared_kind_to_string (TlSharedKind kind)
{
  return kind < TL_N_SHARED_KINDS ? shared_names[kind] : "?";
}

TlBlock *
tl_block_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tl_stmt_free);
}

void
tl_expr_free (TlExpr *expr)
{
  if (expr == NULL)
    return;
  g_clear_pointer (&expr->constant, tl_value_unref);
  g_free (expr->name);
  tl_expr_free (expr->a);
  tl_expr_free (expr->b);
  g_clear_pointer (&expr->items, g_ptr_array_unref);
  g_free (expr->format_spec);
  g_free (expr);
}

static void
duration_clear (TlDuration *duration)
{
  g_clear_pointer (&duration->low, tl_expr_free);
  g_clear_pointer (&duration->high, tl_expr_free);
}

void
tl_stmt_free (TlStmt *stmt)
{
  if (stmt == NULL)
    return;
  g_free (stmt->name);
  g_free (stmt->func);
  g_free (stmt->callback);
  g_free (stmt->error_callback);
  g_free (stmt->error_type);
  tl_expr_free (stmt->target);
  tl_expr_free (stmt->value);
  tl_expr_free (stmt->extra);
  tl_expr_free (stmt->text);
  g_clear_pointer (&stmt->args, g_ptr_array_unref);
  duration_clear (&stmt->duration);
  duration_clear (&stmt->timeout);
  g_clear_pointer (&stmt->body, g_ptr_array_unref);
  g_clear_pointer (&stmt->orelse, g_ptr_array_unref);
  g_clear_pointer (&stmt->final, g_ptr_array_unref);
  g_free (stmt);
}

static void
function_free (TlFunction *function)
{
  g_free (function->name);
  g_strfreev (function->args);
  g_clear_pointer (&function->body, g_ptr_array_unref);
  g_free (function);
}

static void
shared_decl_free (TlSharedDecl *decl)
{
  g_free (decl->name);
  g_free (decl->name2);
  g_free (decl->owner);
  g_clear_pointer (&decl->args, g_ptr_array_unref);
  g_free (decl);
}

TlProgram *
tl_program_new (void)
{
  TlProgram *program = g_new0 (TlProgram, 1);

  program->functions = g_ptr_array_new_with_free_func ((GDestroyNotify) function_free);
  program->shared = g_ptr_array_new_with_free_func ((GDestroyNotify) shared_decl_free);
  return program;
}

void
tl_program_free (TlProgram *program)
{
  if (program == NULL)
    return;
  g_ptr_array_unref (program->functions);
  g_ptr_array_unref (program->shared);
  g_free (program);
}

TlFunction *
tl_program_lookup (TlProgram  *program,
                   const char *name)
{
  for (guint i = 0; i < program->functions->len; i++)
    {
      TlFunction *function = g_ptr_array_index (program->functions, i);

      if (strcmp (function->name, name) == 0)
        return function;
    }
  return NULL;
}
