/* tl-program-steps.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Steps: a step starts with a verb of the vocabulary (tl-vocabulary.c),
 * which names its kind; the kind's parser below reads the rest.  A step
 * that starts with another name is an assignment (counter += 1, t[k] = v).
 */
#define G_LOG_DOMAIN "tl-program"

#include "config.h"

#include <string.h>

#include "tl-program-parser-private.h"
#include "tl-scenario.h"
#include "tl-vocabulary.h"

typedef gboolean (*StepParser) (Parser *p,
                                TlStmt *stmt);

static TlBlock *parse_block (Parser *p);

static TlStmt *
stmt_new (Parser     *p,
          TlStmtKind  kind,
          gsize       offset)
{
  TlStmt *stmt = g_new0 (TlStmt, 1);

  _tl_parser_count_node (p, offset);
  stmt->kind = kind;
  stmt->line = p->pos.line;
  stmt->column = p->pos.column + (guint) offset;
  return stmt;
}

/* ---- the parts steps share ------------------------------------------------- */

static gboolean
parse_duration (Parser     *p,
                TlDuration *duration)
{
  duration->low = _tl_parser_parse_add (p);
  if (duration->low == NULL)
    return FALSE;
  if (_tl_parser_accept_punct (p, ".."))
    {
      duration->high = _tl_parser_parse_add (p);
      if (duration->high == NULL)
        return FALSE;
    }
  if (p->tok.type == TOK_IDENT)
    {
      duration->unit_ns = tl_vocabulary_unit_ns (p->text + p->tok.offset, p->tok.len);
      if (duration->unit_ns > 0)
        {
          _tl_parser_lex (p);
          return TRUE;
        }
    }
  _tl_parser_fail_expected (p, "a unit of time (ms, s, us)");
  return FALSE;
}

static gboolean
parse_timeout (Parser *p,
               TlStmt *stmt)
{
  if (!_tl_parser_accept_word (p, "timeout"))
    return TRUE;
  return parse_duration (p, &stmt->timeout);
}

static gboolean
parse_into (Parser *p,
            TlStmt *stmt)
{
  if (!_tl_parser_accept_word (p, "into"))
    return TRUE;
  stmt->name = _tl_parser_expect_ident (p, "a variable name after “into”");
  return stmt->name != NULL;
}

/* An object or shared value: a name, maybe indexed or with an attribute
 * (counter.value, arr[i], counter.get_lock ()). */
static gboolean
parse_target (Parser *p,
              TlStmt *stmt)
{
  if (p->tok.type != TOK_IDENT)
    {
      _tl_parser_fail_expected (p, "the name of an object");
      return FALSE;
    }
  stmt->target = _tl_parser_parse_postfix (p);
  return stmt->target != NULL;
}

/* f(a, b) after start, call, apply_async, submit. */
static gboolean
parse_call (Parser *p,
            TlStmt *stmt)
{
  stmt->func = _tl_parser_expect_ident (p, "a function name");
  if (stmt->func == NULL || !_tl_parser_expect_punct (p, "("))
    return FALSE;
  stmt->args = _tl_parser_parse_args (p);
  return stmt->args != NULL;
}

static gboolean
parse_value (Parser *p,
             TlStmt *stmt)
{
  stmt->value = _tl_parser_parse_expr (p);
  return stmt->value != NULL;
}

static gboolean
parse_body (Parser *p,
            TlStmt *stmt)
{
  stmt->body = parse_block (p);
  return stmt->body != NULL;
}

/* ---- one parser per kind of step --------------------------------------------- */

static gboolean
parse_duration_step (Parser *p,
                     TlStmt *stmt)
{
  return parse_duration (p, &stmt->duration);
}

static gboolean
parse_text_step (Parser *p,
                 TlStmt *stmt)
{
  stmt->text = _tl_parser_parse_text (p);
  return stmt->text != NULL;
}

static gboolean
parse_let (Parser *p,
           TlStmt *stmt)
{
  return (stmt->name = _tl_parser_expect_ident (p, "a variable name")) != NULL &&
         _tl_parser_expect_punct (p, "=") && parse_value (p, stmt);
}

static gboolean
parse_read (Parser *p,
            TlStmt *stmt)
{
  return parse_target (p, stmt) && parse_into (p, stmt);
}

/* "write counter = counter + 1", or as the brief way has it, "write
 * counter+1": the expression starts with the target. */
static gboolean
parse_write (Parser *p,
             TlStmt *stmt)
{
  Token first = p->tok;
  gsize first_next = p->next;

  if (!parse_target (p, stmt))
    return FALSE;
  if (!_tl_parser_accept_punct (p, "="))
    {
      p->tok = first;
      p->next = first_next;
    }
  return parse_value (p, stmt);
}

static gboolean
parse_target_step (Parser *p,
                   TlStmt *stmt)
{
  return parse_target (p, stmt);
}

/* acquire, wait: "acquire L timeout 1 s into got". */
static gboolean
parse_waiting_step (Parser *p,
                    TlStmt *stmt)
{
  return parse_target (p, stmt) && parse_timeout (p, stmt) && parse_into (p, stmt);
}

static gboolean
parse_notify (Parser *p,
              TlStmt *stmt)
{
  if (!parse_target (p, stmt))
    return FALSE;
  return _tl_parser_at_step_end (p) || parse_value (p, stmt);
}

static gboolean
parse_with (Parser *p,
            TlStmt *stmt)
{
  return parse_target (p, stmt) && parse_body (p, stmt);
}

/* put, send, append: "put x on q", "append x to items". */
static gboolean
parse_giving_step (Parser *p,
                   TlStmt *stmt)
{
  return parse_value (p, stmt) &&
         _tl_parser_expect_word (p, stmt->kind == TL_STMT_APPEND ? "to" : "on") &&
         parse_target (p, stmt);
}

/* get, recv, pop: "get x from q timeout 1 s". */
static gboolean
parse_taking_step (Parser *p,
                   TlStmt *stmt)
{
  return (stmt->name = _tl_parser_expect_ident (p, "a variable name")) != NULL &&
         _tl_parser_expect_word (p, "from") && parse_target (p, stmt) && parse_timeout (p, stmt);
}

/* repeat, while: "repeat n { ... }". */
static gboolean
parse_loop (Parser *p,
            TlStmt *stmt)
{
  return parse_value (p, stmt) && parse_body (p, stmt);
}

static gboolean
parse_for (Parser *p,
           TlStmt *stmt)
{
  return (stmt->name = _tl_parser_expect_ident (p, "a variable name")) != NULL &&
         _tl_parser_expect_word (p, "in") && parse_value (p, stmt) && parse_body (p, stmt);
}

/* "if c { } else if d { } else { }": an else-if is an if in the else block. */
static gboolean
parse_if (Parser *p,
          TlStmt *stmt)
{
  gsize else_offset;

  if (!parse_value (p, stmt) || !parse_body (p, stmt))
    return FALSE;
  if (!_tl_parser_accept_word (p, "else"))
    return TRUE;
  else_offset = p->tok.offset;
  if (_tl_parser_accept_word (p, "if"))
    {
      TlStmt *nested = stmt_new (p, TL_STMT_IF, else_offset);
      gboolean ok;

      /* An else-if is an if nested in the else block, and counts so. */
      stmt->orelse = tl_block_new ();
      g_ptr_array_add (stmt->orelse, nested);
      if (!_tl_parser_enter (p))
        return FALSE;
      ok = parse_if (p, nested);
      _tl_parser_leave (p);
      return ok;
    }
  return (stmt->orelse = parse_block (p)) != NULL;
}

static gboolean
parse_try (Parser *p,
           TlStmt *stmt)
{
  if (!parse_body (p, stmt))
    return FALSE;
  if (_tl_parser_accept_word (p, "except"))
    {
      if (p->tok.type == TOK_IDENT && !_tl_parser_is_word (p, "as"))
        stmt->error_type = _tl_parser_expect_ident (p, "an exception type");
      if (_tl_parser_accept_word (p, "as") &&
          (stmt->name = _tl_parser_expect_ident (p, "a variable name")) == NULL)
        return FALSE;
      if ((stmt->orelse = parse_block (p)) == NULL)
        return FALSE;
    }
  if (_tl_parser_accept_word (p, "finally") && (stmt->final = parse_block (p)) == NULL)
    return FALSE;
  if (stmt->orelse == NULL && stmt->final == NULL)
    {
      _tl_parser_fail_expected (p, "“except” or “finally” after try { ... }");
      return FALSE;
    }
  return TRUE;
}

/* "raise ValueError bad input" names its type; "raise bad input" does not. */
static gboolean
is_exception_name (Parser *p)
{
  g_autofree char *word = g_strndup (p->text + p->tok.offset, p->tok.len);

  return g_str_has_suffix (word, "Error") || g_str_has_suffix (word, "Exception") ||
         g_str_has_suffix (word, "Interrupt") || g_str_has_suffix (word, "Exit");
}

static gboolean
parse_raise (Parser *p,
             TlStmt *stmt)
{
  if (p->tok.type == TOK_IDENT && is_exception_name (p))
    stmt->error_type = _tl_parser_expect_ident (p, "an exception type");
  return parse_text_step (p, stmt);
}

static gboolean
parse_nothing (Parser *p,
               TlStmt *stmt)
{
  return TRUE;
}

static gboolean
parse_return (Parser *p,
              TlStmt *stmt)
{
  return _tl_parser_at_step_end (p) || parse_value (p, stmt);
}

/* "start process f(a) as p named "worker"". */
static gboolean
parse_start (Parser *p,
             TlStmt *stmt)
{
  if (_tl_parser_accept_word (p, "process"))
    stmt->flags |= TL_STMT_FLAG_PROCESS;
  else if (_tl_parser_accept_word (p, "thread"))
    stmt->flags |= TL_STMT_FLAG_THREAD;
  else
    {
      _tl_parser_fail_expected (p, "“process” or “thread”");
      return FALSE;
    }
  if (!parse_call (p, stmt))
    return FALSE;
  if (_tl_parser_accept_word (p, "as") &&
      (stmt->name = _tl_parser_expect_ident (p, "a name for the handle")) == NULL)
    return FALSE;
  if (_tl_parser_accept_word (p, "named") && (stmt->text = _tl_parser_parse_primary (p)) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
parse_join (Parser *p,
            TlStmt *stmt)
{
  if (_tl_parser_accept_word (p, "all"))
    stmt->kind = TL_STMT_JOIN_ALL;
  else if (!parse_target (p, stmt))
    return FALSE;
  return parse_timeout (p, stmt);
}

static gboolean
parse_call_step (Parser *p,
                 TlStmt *stmt)
{
  return parse_call (p, stmt) && parse_into (p, stmt);
}

/* "pool p = Pool(4)", "pool ex = ThreadPoolExecutor(5)". */
static gboolean
parse_pool (Parser *p,
            TlStmt *stmt)
{
  if ((stmt->name = _tl_parser_expect_ident (p, "a name for the pool")) == NULL ||
      !_tl_parser_expect_punct (p, "="))
    return FALSE;
  if (_tl_parser_accept_word (p, "Pool"))
    stmt->flags |= TL_STMT_FLAG_PROCESS;
  else if (_tl_parser_accept_word (p, "ThreadPoolExecutor"))
    stmt->flags |= TL_STMT_FLAG_THREAD;
  else
    {
      _tl_parser_fail_expected (p, "“Pool” or “ThreadPoolExecutor”");
      return FALSE;
    }
  return _tl_parser_expect_punct (p, "(") && parse_value (p, stmt) && _tl_parser_expect_punct (p, ")");
}

/* "map f over items on p chunksize 2 into results". */
static gboolean
parse_map (Parser *p,
           TlStmt *stmt)
{
  if ((stmt->func = _tl_parser_expect_ident (p, "a function name")) == NULL ||
      !_tl_parser_expect_word (p, "over") || !parse_value (p, stmt) ||
      !_tl_parser_expect_word (p, "on") || !parse_target (p, stmt))
    return FALSE;
  if (_tl_parser_accept_word (p, "chunksize") && (stmt->extra = _tl_parser_parse_expr (p)) == NULL)
    return FALSE;
  return parse_into (p, stmt);
}

/* "apply_async f(x) on p callback ok error_callback bad into r". */
static gboolean
parse_apply_async (Parser *p,
                   TlStmt *stmt)
{
  if (!parse_call (p, stmt) || !_tl_parser_expect_word (p, "on") || !parse_target (p, stmt))
    return FALSE;
  if (_tl_parser_accept_word (p, "callback") &&
      (stmt->callback = _tl_parser_expect_ident (p, "a function name")) == NULL)
    return FALSE;
  if (_tl_parser_accept_word (p, "error_callback") &&
      (stmt->error_callback = _tl_parser_expect_ident (p, "a function name")) == NULL)
    return FALSE;
  return parse_into (p, stmt);
}

static gboolean
parse_submit (Parser *p,
              TlStmt *stmt)
{
  return parse_call (p, stmt) && _tl_parser_expect_word (p, "to") && parse_target (p, stmt) &&
         parse_into (p, stmt);
}

/* "result x as "label"": the label defaults to the expression as written. */
static gboolean
parse_result (Parser *p,
              TlStmt *stmt)
{
  gsize start = p->tok.offset, end;
  g_autofree char *label = NULL;

  if (!parse_value (p, stmt))
    return FALSE;
  if (_tl_parser_accept_word (p, "as"))
    return (stmt->text = _tl_parser_parse_primary (p)) != NULL;
  end = p->tok.type == TOK_EOF ? p->len : p->tok.offset;
  label = g_strstrip (g_strndup (p->text + start, end - start));
  stmt->text = _tl_parser_expr_new (p, TL_EXPR_CONST, start);
  stmt->text->constant = tl_value_new_string (label);
  return TRUE;
}

static gboolean
parse_time (Parser *p,
            TlStmt *stmt)
{
  return (stmt->text = _tl_parser_parse_primary (p)) != NULL && parse_into (p, stmt) &&
         parse_body (p, stmt);
}

/* Steps that no verb starts (+=, []=, join all) have none. */
static const StepParser step_parsers[TL_N_STMTS] = {
  [TL_STMT_COMPUTE] = parse_duration_step,
  [TL_STMT_SLEEP] = parse_duration_step,
  [TL_STMT_IO] = parse_duration_step,
  [TL_STMT_PRINT] = parse_text_step,
  [TL_STMT_LET] = parse_let,
  [TL_STMT_READ] = parse_read,
  [TL_STMT_WRITE] = parse_write,
  [TL_STMT_ACQUIRE] = parse_waiting_step,
  [TL_STMT_RELEASE] = parse_target_step,
  [TL_STMT_WITH] = parse_with,
  [TL_STMT_WAIT] = parse_waiting_step,
  [TL_STMT_NOTIFY] = parse_notify,
  [TL_STMT_NOTIFY_ALL] = parse_target_step,
  [TL_STMT_SET] = parse_target_step,
  [TL_STMT_CLEAR] = parse_target_step,
  [TL_STMT_PUT] = parse_giving_step,
  [TL_STMT_GET] = parse_taking_step,
  [TL_STMT_SEND] = parse_giving_step,
  [TL_STMT_RECV] = parse_taking_step,
  [TL_STMT_APPEND] = parse_giving_step,
  [TL_STMT_POP] = parse_taking_step,
  [TL_STMT_REPEAT] = parse_loop,
  [TL_STMT_FOR] = parse_for,
  [TL_STMT_WHILE] = parse_loop,
  [TL_STMT_IF] = parse_if,
  [TL_STMT_TRY] = parse_try,
  [TL_STMT_RAISE] = parse_raise,
  [TL_STMT_CRASH] = parse_nothing,
  [TL_STMT_RETURN] = parse_return,
  [TL_STMT_START] = parse_start,
  [TL_STMT_JOIN] = parse_join,
  [TL_STMT_CALL] = parse_call_step,
  [TL_STMT_POOL] = parse_pool,
  [TL_STMT_MAP] = parse_map,
  [TL_STMT_APPLY_ASYNC] = parse_apply_async,
  [TL_STMT_SUBMIT] = parse_submit,
  [TL_STMT_CLOSE] = parse_target_step,
  [TL_STMT_TERMINATE] = parse_target_step,
  [TL_STMT_SHUTDOWN] = parse_target_step,
  [TL_STMT_RESULT] = parse_result,
  [TL_STMT_TIME] = parse_time,
  [TL_STMT_MARK] = parse_text_step,
};

/* ---- steps --------------------------------------------------------------------- */

static void
fail_unknown_step (Parser *p)
{
  g_autofree char *word = g_strndup (p->text + p->tok.offset, p->tok.len);
  const char *best = tl_vocabulary_suggest (TL_WORDS_STEPS, word);

  if (best != NULL)
    _tl_parser_fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_UNKNOWN,
                        "unknown step “%s” (did you mean “%s”?)", word, best);
  else
    _tl_parser_fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_UNKNOWN, "unknown step “%s”", word);
}

/* The value after "+=", "-=" or "t[k] =". */
static TlStmt *
assignment_new (Parser     *p,
                TlStmtKind  kind,
                gsize       offset,
                TlExpr     *target)
{
  TlStmt *stmt = stmt_new (p, kind, offset);

  if (kind == TL_STMT_STORE)
    {
      stmt->target = g_steal_pointer (&target->a);
      stmt->extra = g_steal_pointer (&target->b);
      tl_expr_free (target);
    }
  else
    stmt->target = target;
  if (!parse_value (p, stmt))
    g_clear_pointer (&stmt, tl_stmt_free);
  return stmt;
}

/* A step that starts with a name that is not a verb: an assignment to a
 * shared value or a variable (counter += 1, table[k] = v). */
static TlStmt *
parse_assignment (Parser *p)
{
  gsize offset = p->tok.offset;
  Token first = p->tok;
  gsize first_next = p->next;
  TlExpr *target = _tl_parser_parse_postfix (p);

  if (target == NULL)
    return NULL;
  if (_tl_parser_is_punct (p, "+=") || _tl_parser_is_punct (p, "-="))
    {
      gboolean subtract = _tl_parser_is_punct (p, "-=");
      TlStmt *stmt;

      _tl_parser_lex (p);
      stmt = assignment_new (p, TL_STMT_UPDATE, offset, target);
      if (stmt != NULL && subtract)
        stmt->flags |= TL_STMT_FLAG_SUBTRACT;
      return stmt;
    }
  if (_tl_parser_is_punct (p, "=") && target->kind == TL_EXPR_INDEX)
    {
      _tl_parser_lex (p);
      return assignment_new (p, TL_STMT_STORE, offset, target);
    }
  if (_tl_parser_is_punct (p, "=") && target->kind == TL_EXPR_NAME)
    _tl_parser_fail_at (p, offset, TL_SCENARIO_ERROR_SYNTAX,
                        "to set a variable, write “let %s = ...”", target->name);
  else
    {
      p->tok = first;
      p->next = first_next;
      fail_unknown_step (p);
    }
  tl_expr_free (target);
  return NULL;
}

static TlStmt *
parse_stmt (Parser *p)
{
  gsize offset = p->tok.offset;
  TlStmtKind kind;
  TlStmt *stmt;

  if (p->tok.type != TOK_IDENT)
    {
      _tl_parser_fail_expected (p, "a step");
      return NULL;
    }
  kind = tl_vocabulary_lookup_verb (p->text + p->tok.offset, p->tok.len);
  if (kind == TL_N_STMTS)
    return parse_assignment (p);

  g_assert (step_parsers[kind] != NULL);
  _tl_parser_lex (p);
  stmt = stmt_new (p, kind, offset);
  if (!step_parsers[kind] (p, stmt))
    g_clear_pointer (&stmt, tl_stmt_free);
  return stmt;
}

gboolean
_tl_parser_at_step_end (Parser *p)
{
  return _tl_parser_is_punct (p, ";") || _tl_parser_is_punct (p, "}") || p->tok.type == TOK_EOF;
}

/* Steps up to "}" (in a block) or the end of the text. */
TlBlock *
_tl_parser_parse_steps (Parser   *p,
                        gboolean  in_block)
{
  TlBlock *block = tl_block_new ();

  for (;;)
    {
      TlStmt *stmt;

      while (_tl_parser_accept_punct (p, ";"))
        ;
      if (p->tok.type == TOK_EOF)
        {
          if (!in_block)
            return block;
          _tl_parser_fail_at (p, p->len, TL_SCENARIO_ERROR_SYNTAX,
                              "a “{” is never closed: expected “}” before the end of the line");
          break;
        }
      if (_tl_parser_is_punct (p, "}"))
        {
          if (in_block)
            return block;
          _tl_parser_fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_SYNTAX,
                              "a “}” with no “{” before it");
          break;
        }
      stmt = parse_stmt (p);
      if (stmt == NULL)
        break;
      g_ptr_array_add (block, stmt);
      if (!_tl_parser_at_step_end (p))
        {
          _tl_parser_fail_expected (p, "“;” between steps");
          break;
        }
    }
  g_ptr_array_unref (block);
  return NULL;
}

static TlBlock *
parse_block (Parser *p)
{
  TlBlock *block;

  if (!_tl_parser_expect_punct (p, "{") || !_tl_parser_enter (p))
    return NULL;
  block = _tl_parser_parse_steps (p, TRUE);
  _tl_parser_leave (p);
  if (block != NULL && !_tl_parser_expect_punct (p, "}"))
    g_clear_pointer (&block, g_ptr_array_unref);
  return block;
}
