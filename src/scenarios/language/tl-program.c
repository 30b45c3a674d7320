/* tl-program.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-program"

#include "config.h"

#include <string.h>

#include "tl-program.h"

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

void
tl_function_free (TlProgramFunction *function)
{
  g_free (function->name);
  g_strfreev (function->args);
  g_clear_pointer (&function->body, g_ptr_array_unref);
  g_free (function);
}

void
tl_shared_decl_free (TlSharedDecl *decl)
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

  program->functions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_function_free);
  program->shared = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_shared_decl_free);
  program->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  return program;
}

void
tl_program_free (TlProgram *program)
{
  if (program == NULL)
    return;
  g_hash_table_unref (program->by_name);
  g_ptr_array_unref (program->functions);
  g_ptr_array_unref (program->shared);
  g_free (program);
}

TlProgramFunction *
tl_program_lookup (TlProgram  *program,
                   const char *name)
{
  return g_hash_table_lookup (program->by_name, name);
}

gboolean
tl_program_add_function (TlProgram  *program,
                         TlProgramFunction *function)
{
  if (g_hash_table_contains (program->by_name, function->name))
    {
      tl_function_free (function);
      return FALSE;
    }
  g_ptr_array_add (program->functions, function);
  g_hash_table_insert (program->by_name, function->name, function);
  return TRUE;
}
