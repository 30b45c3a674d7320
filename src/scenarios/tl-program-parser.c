/* tl-program-parser.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The step language: a recursive-descent parser over one key's value.
 * Steps are separated by ";", blocks are braces, expressions look like
 * Python's.  Every node keeps its line and column.
 */
#define G_LOG_DOMAIN "tl-program"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "tl-program.h"
#include "tl-scenario.h"

typedef enum
{
  TOK_EOF,
  TOK_IDENT,
  TOK_INT,
  TOK_FLOAT,
  TOK_STRING,
  TOK_PUNCT,
  TOK_ERROR,
} TokType;

typedef struct
{
  TokType  type;
  gsize    offset;      /* in the text */
  gsize    len;
  gint64   i;
  double   f;
  char     punct[3];
} Token;

typedef struct
{
  const char  *text;
  gsize        len;
  TlSourcePos  pos;
  gsize        next;    /* where lexing resumes after tok */
  Token        tok;
  GError      *error;
} Parser;

static const char *verbs[] = {
  "compute", "sleep", "io", "print", "let", "read", "write", "acquire", "release", "with",
  "wait", "notify", "notify_all", "set", "clear", "put", "get", "send", "recv", "append",
  "pop", "repeat", "for", "while", "if", "try", "raise", "crash", "return", "start", "join",
  "call", "pool", "map", "apply_async", "submit", "close", "terminate", "shutdown", "result",
  "time", "mark", NULL
};

/* ---- errors -------------------------------------------------------------- */

static void fail_at (Parser     *p,
                     gsize       offset,
                     int         code,
                     const char *format,
                     ...) G_GNUC_PRINTF (4, 5);

static void
fail_at (Parser     *p,
         gsize       offset,
         int         code,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (p->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (&p->error, TL_SCENARIO_ERROR, code, "%s:%u:%u: %s",
               p->pos.origin, p->pos.line, p->pos.column + (guint) offset, message);
}

static char *
tok_text (Parser      *p,
          const Token *tok)
{
  if (tok->type == TOK_EOF)
    return g_strdup ("the end of the line");
  return g_strdup_printf ("“%.*s”", (int) tok->len, p->text + tok->offset);
}

static void
fail_expected (Parser     *p,
               const char *what)
{
  g_autofree char *got = tok_text (p, &p->tok);

  fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_SYNTAX, "expected %s, found %s", what, got);
}

/* ---- the lexer ------------------------------------------------------------ */

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static void
lex (Parser *p)
{
  static const char *two[] = { "..", "==", "!=", "<=", ">=", "+=", "-=", "//", NULL };
  const char *s = p->text;
  gsize i = p->next;
  Token *t = &p->tok;

  while (i < p->len && g_ascii_isspace (s[i]))
    i++;
  memset (t, 0, sizeof *t);
  t->offset = i;

  if (i >= p->len)
    {
      t->type = TOK_EOF;
      p->next = i;
      return;
    }

  if (is_ident_start (s[i]))
    {
      while (i < p->len && is_ident_char (s[i]))
        i++;
      t->type = TOK_IDENT;
    }
  else if (g_ascii_isdigit (s[i]))
    {
      char *end = NULL;

      while (i < p->len && g_ascii_isdigit (s[i]))
        i++;
      if (i + 1 < p->len && s[i] == '.' && g_ascii_isdigit (s[i + 1]))
        {
          i++;
          while (i < p->len && g_ascii_isdigit (s[i]))
            i++;
          t->type = TOK_FLOAT;
          t->f = g_ascii_strtod (s + t->offset, &end);
        }
      else
        {
          t->type = TOK_INT;
          t->i = g_ascii_strtoll (s + t->offset, &end, 10);
        }
    }
  else if (s[i] == '"' || s[i] == '\'')
    {
      char quote = s[i++];

      while (i < p->len && s[i] != quote)
        i += s[i] == '\\' && i + 1 < p->len ? 2 : 1;
      if (i >= p->len)
        {
          fail_at (p, t->offset, TL_SCENARIO_ERROR_SYNTAX, "this text has no closing %c", quote);
          t->type = TOK_ERROR;
          p->next = p->len;
          return;
        }
      i++;
      t->type = TOK_STRING;
    }
  else
    {
      t->type = TOK_PUNCT;
      for (guint k = 0; two[k] != NULL; k++)
        if (i + 1 < p->len && s[i] == two[k][0] && s[i + 1] == two[k][1])
          {
            memcpy (t->punct, two[k], 2);
            i += 2;
            break;
          }
      if (t->punct[0] == '\0')
        {
          if (strchr (";{}()[],.+-*/%<>=:", s[i]) == NULL)
            {
              fail_at (p, i, TL_SCENARIO_ERROR_SYNTAX, "unexpected character “%c”", s[i]);
              t->type = TOK_ERROR;
              p->next = p->len;
              return;
            }
          t->punct[0] = s[i++];
        }
    }
  t->len = i - t->offset;
  p->next = i;
}

static gboolean
is_punct (Parser     *p,
          const char *punct)
{
  return p->tok.type == TOK_PUNCT && strcmp (p->tok.punct, punct) == 0;
}

static gboolean
is_word (Parser     *p,
         const char *word)
{
  return p->tok.type == TOK_IDENT && p->tok.len == strlen (word) &&
         strncmp (p->text + p->tok.offset, word, p->tok.len) == 0;
}

static gboolean
accept_punct (Parser     *p,
              const char *punct)
{
  if (!is_punct (p, punct))
    return FALSE;
  lex (p);
  return TRUE;
}

static gboolean
accept_word (Parser     *p,
             const char *word)
{
  if (!is_word (p, word))
    return FALSE;
  lex (p);
  return TRUE;
}

static gboolean
expect_punct (Parser     *p,
              const char *punct)
{
  g_autofree char *what = NULL;

  if (accept_punct (p, punct))
    return TRUE;
  what = g_strdup_printf ("“%s”", punct);
  fail_expected (p, what);
  return FALSE;
}

static gboolean
expect_word (Parser     *p,
             const char *word)
{
  g_autofree char *what = NULL;

  if (accept_word (p, word))
    return TRUE;
  what = g_strdup_printf ("“%s”", word);
  fail_expected (p, what);
  return FALSE;
}

static char *
expect_ident (Parser     *p,
              const char *what)
{
  char *name;

  if (p->tok.type != TOK_IDENT)
    {
      fail_expected (p, what);
      return NULL;
    }
  name = g_strndup (p->text + p->tok.offset, p->tok.len);
  lex (p);
  return name;
}

/* ---- expressions ------------------------------------------------------------ */

static TlExpr *parse_expr (Parser *p);
static TlExpr *parse_format (Parser     *p,
                             const char *raw,
                             gsize       raw_len,
                             gsize       offset,
                             gboolean    quoted);

static TlExpr *
expr_new (Parser     *p,
          TlExprKind  kind,
          gsize       offset)
{
  TlExpr *expr = g_new0 (TlExpr, 1);

  expr->kind = kind;
  expr->line = p->pos.line;
  expr->column = p->pos.column + (guint) offset;
  return expr;
}

static GPtrArray *
parse_args (Parser *p)
{
  GPtrArray *args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);

  /* The "(" is already taken. */
  if (accept_punct (p, ")"))
    return args;
  for (;;)
    {
      TlExpr *arg = parse_expr (p);

      if (arg == NULL)
        break;
      g_ptr_array_add (args, arg);
      if (accept_punct (p, ")"))
        return args;
      if (!expect_punct (p, ","))
        break;
    }
  g_ptr_array_unref (args);
  return NULL;
}

static TlExpr *
parse_primary (Parser *p)
{
  gsize offset = p->tok.offset;
  TlExpr *expr;

  switch (p->tok.type)
    {
    case TOK_INT:
      expr = expr_new (p, TL_EXPR_CONST, offset);
      expr->constant = tl_value_new_int (p->tok.i);
      lex (p);
      return expr;

    case TOK_FLOAT:
      expr = expr_new (p, TL_EXPR_CONST, offset);
      expr->constant = tl_value_new_float (p->tok.f);
      lex (p);
      return expr;

    case TOK_STRING:
      {
        Token tok = p->tok;

        lex (p);
        return parse_format (p, p->text + tok.offset + 1, tok.len - 2, tok.offset + 1, TRUE);
      }

    case TOK_IDENT:
      if (is_word (p, "True") || is_word (p, "False") || is_word (p, "None"))
        {
          expr = expr_new (p, TL_EXPR_CONST, offset);
          expr->constant = is_word (p, "None") ? tl_value_none ()
                                               : tl_value_new_bool (is_word (p, "True"));
          lex (p);
          return expr;
        }
      expr = expr_new (p, TL_EXPR_NAME, offset);
      expr->name = expect_ident (p, "a name");
      if (accept_punct (p, "("))
        {
          expr->kind = TL_EXPR_CALL;
          expr->items = parse_args (p);
          if (expr->items == NULL)
            g_clear_pointer (&expr, tl_expr_free);
        }
      return expr;

    case TOK_PUNCT:
      if (accept_punct (p, "("))
        {
          expr = parse_expr (p);
          if (expr != NULL && !expect_punct (p, ")"))
            g_clear_pointer (&expr, tl_expr_free);
          return expr;
        }
      if (accept_punct (p, "["))
        {
          expr = expr_new (p, TL_EXPR_LIST, offset);
          expr->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);
          if (accept_punct (p, "]"))
            return expr;
          for (;;)
            {
              TlExpr *item = parse_expr (p);

              if (item == NULL)
                break;
              g_ptr_array_add (expr->items, item);
              if (accept_punct (p, "]"))
                return expr;
              if (!expect_punct (p, ","))
                break;
            }
          tl_expr_free (expr);
          return NULL;
        }
      break;

    case TOK_EOF:
    case TOK_ERROR:
    default:
      break;
    }
  fail_expected (p, "a value");
  return NULL;
}

static TlExpr *
parse_postfix (Parser *p)
{
  TlExpr *expr = parse_primary (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;

      if (accept_punct (p, "["))
        {
          TlExpr *index = expr_new (p, TL_EXPR_INDEX, offset);

          index->a = expr;
          expr = index;
          index->b = parse_expr (p);
          if (index->b == NULL || !expect_punct (p, "]"))
            g_clear_pointer (&expr, tl_expr_free);
        }
      else if (accept_punct (p, "."))
        {
          TlExpr *attr = expr_new (p, TL_EXPR_ATTR, offset);

          attr->a = expr;
          expr = attr;
          attr->name = expect_ident (p, "a method or attribute name");
          if (attr->name == NULL)
            g_clear_pointer (&expr, tl_expr_free);
          else if (accept_punct (p, "("))
            {
              attr->kind = TL_EXPR_METHOD;
              attr->items = parse_args (p);
              if (attr->items == NULL)
                g_clear_pointer (&expr, tl_expr_free);
            }
        }
      else
        break;
    }
  return expr;
}

static TlExpr *
binary (Parser *p,
        TlOp    op,
        gsize   offset,
        TlExpr *a,
        TlExpr *b)
{
  TlExpr *expr;

  if (a == NULL || b == NULL)
    {
      tl_expr_free (a);
      tl_expr_free (b);
      return NULL;
    }
  expr = expr_new (p, TL_EXPR_BINARY, offset);
  expr->op = op;
  expr->a = a;
  expr->b = b;
  return expr;
}

static TlExpr *
parse_unary (Parser *p)
{
  gsize offset = p->tok.offset;

  if (accept_punct (p, "-"))
    {
      TlExpr *operand = parse_unary (p);
      TlExpr *expr;

      if (operand == NULL)
        return NULL;
      expr = expr_new (p, TL_EXPR_UNARY, offset);
      expr->op = TL_OP_NEG;
      expr->a = operand;
      return expr;
    }
  return parse_postfix (p);
}

static TlExpr *
parse_mul (Parser *p)
{
  TlExpr *expr = parse_unary (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;
      TlOp op;

      if (accept_punct (p, "*"))
        op = TL_OP_MUL;
      else if (accept_punct (p, "//"))
        op = TL_OP_FLOORDIV;
      else if (accept_punct (p, "/"))
        op = TL_OP_DIV;
      else if (accept_punct (p, "%"))
        op = TL_OP_MOD;
      else
        break;
      expr = binary (p, op, offset, expr, parse_unary (p));
    }
  return expr;
}

static TlExpr *
parse_add (Parser *p)
{
  TlExpr *expr = parse_mul (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;
      TlOp op;

      if (accept_punct (p, "+"))
        op = TL_OP_ADD;
      else if (accept_punct (p, "-"))
        op = TL_OP_SUB;
      else
        break;
      expr = binary (p, op, offset, expr, parse_mul (p));
    }
  return expr;
}

static TlExpr *
parse_range (Parser *p)
{
  TlExpr *expr = parse_add (p);
  gsize offset = p->tok.offset;

  if (expr != NULL && accept_punct (p, ".."))
    {
      TlExpr *range = binary (p, 0, offset, expr, parse_add (p));

      if (range != NULL)
        range->kind = TL_EXPR_RANGE;
      return range;
    }
  return expr;
}

static TlExpr *
parse_compare (Parser *p)
{
  static const struct { const char *punct; TlOp op; } ops[] = {
    { "==", TL_OP_EQ }, { "!=", TL_OP_NE }, { "<=", TL_OP_LE },
    { ">=", TL_OP_GE }, { "<", TL_OP_LT }, { ">", TL_OP_GT },
  };
  TlExpr *expr = parse_range (p);
  gsize offset = p->tok.offset;

  if (expr == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (accept_punct (p, ops[i].punct))
      return binary (p, ops[i].op, offset, expr, parse_range (p));
  if (is_punct (p, "="))
    fail_at (p, offset, TL_SCENARIO_ERROR_SYNTAX, "“=” assigns; to compare, write “==”");
  return expr;
}

static TlExpr *
parse_not (Parser *p)
{
  gsize offset = p->tok.offset;

  if (accept_word (p, "not"))
    {
      TlExpr *operand = parse_not (p);
      TlExpr *expr;

      if (operand == NULL)
        return NULL;
      expr = expr_new (p, TL_EXPR_UNARY, offset);
      expr->op = TL_OP_NOT;
      expr->a = operand;
      return expr;
    }
  return parse_compare (p);
}

static TlExpr *
parse_and (Parser *p)
{
  TlExpr *expr = parse_not (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;

      if (!accept_word (p, "and"))
        break;
      expr = binary (p, TL_OP_AND, offset, expr, parse_not (p));
    }
  return expr;
}

static TlExpr *
parse_expr (Parser *p)
{
  TlExpr *expr = parse_and (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;

      if (!accept_word (p, "or"))
        break;
      expr = binary (p, TL_OP_OR, offset, expr, parse_and (p));
    }
  return expr;
}

/* A sub-parser over part of the text (an interpolation's expression),
 * positioned so its errors point into the file. */
static TlExpr *
parse_sub_expr (Parser     *p,
                const char *text,
                gsize       len,
                gsize       offset)
{
  Parser sub = { 0 };
  TlExpr *expr;

  sub.text = text;
  sub.len = len;
  sub.pos = p->pos;
  sub.pos.column += (guint) offset;
  lex (&sub);
  expr = parse_expr (&sub);
  if (expr != NULL && sub.tok.type != TOK_EOF)
    {
      fail_expected (&sub, "“}” after the expression");
      g_clear_pointer (&expr, tl_expr_free);
    }
  if (sub.error != NULL)
    {
      if (p->error == NULL)
        p->error = g_steal_pointer (&sub.error);
      g_clear_error (&sub.error);
    }
  return expr;
}

static void
add_text_part (Parser  *p,
               TlExpr  *format,
               GString *text,
               gsize    offset)
{
  TlExpr *part;

  if (text->len == 0)
    return;
  part = expr_new (p, TL_EXPR_CONST, offset);
  part->constant = tl_value_new_string (text->str);
  g_ptr_array_add (format->items, part);
  g_string_truncate (text, 0);
}

/* "Square of {n}: {n * n:.2f}": text and interpolated expressions, as
 * Python's f-strings.  @offset is @raw's position in the parser's text. */
static TlExpr *
parse_format (Parser     *p,
              const char *raw,
              gsize       raw_len,
              gsize       offset,
              gboolean    quoted)
{
  TlExpr *format = expr_new (p, TL_EXPR_FORMAT, offset - (quoted ? 1 : 0));
  g_autoptr(GString) text = g_string_new (NULL);
  gsize text_start = offset;

  format->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);
  for (gsize i = 0; i < raw_len; i++)
    {
      char c = raw[i];

      if (quoted && c == '\\' && i + 1 < raw_len)
        {
          char e = raw[++i];

          g_string_append_c (text, e == 'n' ? '\n' : e == 't' ? '\t' : e);
          continue;
        }
      if ((c == '{' || c == '}') && i + 1 < raw_len && raw[i + 1] == c)
        {
          g_string_append_c (text, c);
          i++;
          continue;
        }
      if (c == '}')
        {
          fail_at (p, offset + i, TL_SCENARIO_ERROR_SYNTAX,
                   "a “}” with no “{” (write “}}” for a brace)");
          tl_expr_free (format);
          return NULL;
        }
      if (c == '{')
        {
          gsize start = i + 1, end = start, colon = 0;
          int depth = 0;
          TlExpr *part;

          for (; end < raw_len; end++)
            {
              if (raw[end] == '(' || raw[end] == '[')
                depth++;
              else if (raw[end] == ')' || raw[end] == ']')
                depth--;
              else if (raw[end] == ':' && depth == 0 && colon == 0)
                colon = end;
              else if (raw[end] == '}' && depth == 0)
                break;
            }
          if (end >= raw_len)
            {
              fail_at (p, offset + i, TL_SCENARIO_ERROR_SYNTAX,
                       "a “{” with no “}” (write “{{” for a brace)");
              tl_expr_free (format);
              return NULL;
            }
          add_text_part (p, format, text, text_start);
          part = parse_sub_expr (p, raw + start, (colon ? colon : end) - start, offset + start);
          if (part == NULL)
            {
              tl_expr_free (format);
              return NULL;
            }
          if (colon)
            part->format_spec = g_strndup (raw + colon + 1, end - colon - 1);
          g_ptr_array_add (format->items, part);
          i = end;
          text_start = offset + end + 1;
          continue;
        }
      g_string_append_c (text, c);
    }
  add_text_part (p, format, text, text_start);
  return format;
}

/* print's text may be bare: everything up to the end of the step. */
static TlExpr *
parse_text (Parser *p)
{
  gsize start = p->tok.offset, end;
  int depth = 0;
  TlExpr *text;

  if (p->tok.type == TOK_STRING)
    return parse_primary (p);
  if (p->tok.type == TOK_EOF || is_punct (p, ";") || is_punct (p, "}"))
    {
      fail_expected (p, "some text");
      return NULL;
    }
  for (end = start; end < p->len; end++)
    {
      if (p->text[end] == '{')
        depth++;
      else if (p->text[end] == '}' && depth-- == 0)
        break;
      else if (p->text[end] == ';' && depth == 0)
        break;
    }
  p->next = end;
  while (end > start && g_ascii_isspace (p->text[end - 1]))
    end--;
  text = parse_format (p, p->text + start, end - start, start, FALSE);
  lex (p);
  return text;
}

/* ---- steps ---------------------------------------------------------------- */

static TlBlock *parse_block (Parser *p);
static TlStmt  *parse_stmt  (Parser *p);

static TlStmt *
stmt_new (Parser     *p,
          TlStmtKind  kind,
          gsize       offset)
{
  TlStmt *stmt = g_new0 (TlStmt, 1);

  stmt->kind = kind;
  stmt->line = p->pos.line;
  stmt->column = p->pos.column + (guint) offset;
  return stmt;
}

static gboolean
parse_duration (Parser     *p,
                TlDuration *duration)
{
  static const struct { const char *unit; double ns; } units[] = {
    { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
  };

  duration->low = parse_add (p);
  if (duration->low == NULL)
    return FALSE;
  if (accept_punct (p, ".."))
    {
      duration->high = parse_add (p);
      if (duration->high == NULL)
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (accept_word (p, units[i].unit))
      {
        duration->unit_ns = units[i].ns;
        return TRUE;
      }
  fail_expected (p, "a unit of time (ms, s, us)");
  return FALSE;
}

static gboolean
parse_timeout (Parser *p,
               TlStmt *stmt)
{
  if (!accept_word (p, "timeout"))
    return TRUE;
  return parse_duration (p, &stmt->timeout);
}

static gboolean
parse_into (Parser *p,
            TlStmt *stmt)
{
  if (!accept_word (p, "into"))
    return TRUE;
  stmt->name = expect_ident (p, "a variable name after “into”");
  return stmt->name != NULL;
}

/* An object or shared value: a name, maybe indexed or with an attribute
 * (counter.value, arr[i], counter.get_lock ()). */
static TlExpr *
parse_target (Parser *p)
{
  if (p->tok.type != TOK_IDENT)
    {
      fail_expected (p, "the name of an object");
      return NULL;
    }
  return parse_postfix (p);
}

/* f(a, b) after start, call, apply_async, submit. */
static gboolean
parse_call (Parser *p,
            TlStmt *stmt)
{
  stmt->func = expect_ident (p, "a function name");
  if (stmt->func == NULL || !expect_punct (p, "("))
    return FALSE;
  stmt->args = parse_args (p);
  return stmt->args != NULL;
}

/* "raise ValueError bad input" names its type; "raise bad input" does not. */
static gboolean
is_exception_name (Parser *p)
{
  g_autofree char *word = g_strndup (p->text + p->tok.offset, p->tok.len);

  return g_str_has_suffix (word, "Error") || g_str_has_suffix (word, "Exception") ||
         g_str_has_suffix (word, "Interrupt") || g_str_has_suffix (word, "Exit");
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + (a[i - 1] != b[j - 1]));
          diag = up;
        }
    }
  return row[lb];
}

static void
fail_unknown_step (Parser *p)
{
  g_autofree char *word = g_strndup (p->text + p->tok.offset, p->tok.len);
  const char *best = NULL;
  guint best_distance = 3;

  for (guint i = 0; verbs[i] != NULL; i++)
    {
      guint d = edit_distance (word, verbs[i]);

      if (d < best_distance)
        {
          best = verbs[i];
          best_distance = d;
        }
    }
  if (best != NULL)
    fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_UNKNOWN,
             "unknown step “%s” (did you mean “%s”?)", word, best);
  else
    fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_UNKNOWN, "unknown step “%s”", word);
}

/* A step that starts with a name that is not a verb: an assignment to a
 * shared value or a variable (counter += 1, table[k] = v). */
static TlStmt *
parse_assignment (Parser *p)
{
  gsize offset = p->tok.offset;
  Token first = p->tok;
  gsize first_next = p->next;
  TlExpr *target;
  TlStmt *stmt;

  target = parse_postfix (p);
  if (target == NULL)
    return NULL;
  if (is_punct (p, "+=") || is_punct (p, "-="))
    {
      stmt = stmt_new (p, TL_STMT_UPDATE, offset);
      if (is_punct (p, "-="))
        stmt->flags |= TL_STMT_FLAG_SUBTRACT;
      lex (p);
      stmt->target = target;
      stmt->value = parse_expr (p);
      if (stmt->value == NULL)
        g_clear_pointer (&stmt, tl_stmt_free);
      return stmt;
    }
  if (is_punct (p, "=") && target->kind == TL_EXPR_INDEX)
    {
      lex (p);
      stmt = stmt_new (p, TL_STMT_STORE, offset);
      stmt->target = g_steal_pointer (&target->a);
      stmt->extra = g_steal_pointer (&target->b);
      tl_expr_free (target);
      stmt->value = parse_expr (p);
      if (stmt->value == NULL)
        g_clear_pointer (&stmt, tl_stmt_free);
      return stmt;
    }
  if (is_punct (p, "=") && target->kind == TL_EXPR_NAME)
    {
      fail_at (p, offset, TL_SCENARIO_ERROR_SYNTAX,
               "to set a variable, write “let %s = ...”", target->name);
      tl_expr_free (target);
      return NULL;
    }
  tl_expr_free (target);
  p->tok = first;
  p->next = first_next;
  fail_unknown_step (p);
  return NULL;
}

static TlStmt *
parse_if (Parser *p,
          gsize   offset)
{
  TlStmt *stmt = stmt_new (p, TL_STMT_IF, offset);

  stmt->value = parse_expr (p);
  if (stmt->value == NULL || (stmt->body = parse_block (p)) == NULL)
    goto failed;
  if (accept_word (p, "else"))
    {
      gsize else_offset = p->tok.offset;

      if (accept_word (p, "if"))
        {
          TlStmt *nested = parse_if (p, else_offset);

          if (nested == NULL)
            goto failed;
          stmt->orelse = tl_block_new ();
          g_ptr_array_add (stmt->orelse, nested);
        }
      else if ((stmt->orelse = parse_block (p)) == NULL)
        goto failed;
    }
  return stmt;

failed:
  tl_stmt_free (stmt);
  return NULL;
}

static TlStmt *
parse_stmt (Parser *p)
{
  gsize offset = p->tok.offset;
  TlStmt *stmt = NULL;
  gboolean ok = TRUE;

  if (p->tok.type != TOK_IDENT)
    {
      fail_expected (p, "a step");
      return NULL;
    }

#define VERB(word, k) (is_word (p, word) && (lex (p), stmt = stmt_new (p, k, offset), TRUE))

  if (VERB ("compute", TL_STMT_COMPUTE) || VERB ("sleep", TL_STMT_SLEEP) || VERB ("io", TL_STMT_IO))
    ok = parse_duration (p, &stmt->duration);
  else if (VERB ("print", TL_STMT_PRINT) || VERB ("mark", TL_STMT_MARK))
    ok = (stmt->text = parse_text (p)) != NULL;
  else if (VERB ("let", TL_STMT_LET))
    ok = (stmt->name = expect_ident (p, "a variable name")) != NULL &&
         expect_punct (p, "=") && (stmt->value = parse_expr (p)) != NULL;
  else if (VERB ("read", TL_STMT_READ))
    ok = (stmt->target = parse_target (p)) != NULL && parse_into (p, stmt);
  else if (VERB ("write", TL_STMT_WRITE))
    {
      /* "write counter = counter + 1", or as the brief way has it,
       * "write counter+1": the expression starts with the target. */
      Token first = p->tok;
      gsize first_next = p->next;

      ok = (stmt->target = parse_target (p)) != NULL;
      if (ok && !accept_punct (p, "="))
        {
          p->tok = first;
          p->next = first_next;
        }
      ok = ok && (stmt->value = parse_expr (p)) != NULL;
    }
  else if (VERB ("acquire", TL_STMT_ACQUIRE))
    ok = (stmt->target = parse_target (p)) != NULL && parse_timeout (p, stmt) && parse_into (p, stmt);
  else if (VERB ("release", TL_STMT_RELEASE) || VERB ("set", TL_STMT_SET) ||
           VERB ("clear", TL_STMT_CLEAR) || VERB ("notify_all", TL_STMT_NOTIFY_ALL) ||
           VERB ("close", TL_STMT_CLOSE) || VERB ("terminate", TL_STMT_TERMINATE) ||
           VERB ("shutdown", TL_STMT_SHUTDOWN))
    ok = (stmt->target = parse_target (p)) != NULL;
  else if (VERB ("notify", TL_STMT_NOTIFY))
    {
      ok = (stmt->target = parse_target (p)) != NULL;
      if (ok && !is_punct (p, ";") && !is_punct (p, "}") && p->tok.type != TOK_EOF)
        ok = (stmt->value = parse_expr (p)) != NULL;
    }
  else if (VERB ("with", TL_STMT_WITH))
    ok = (stmt->target = parse_target (p)) != NULL && (stmt->body = parse_block (p)) != NULL;
  else if (VERB ("wait", TL_STMT_WAIT))
    ok = (stmt->target = parse_target (p)) != NULL && parse_timeout (p, stmt) && parse_into (p, stmt);
  else if (VERB ("put", TL_STMT_PUT) || VERB ("send", TL_STMT_SEND))
    ok = (stmt->value = parse_expr (p)) != NULL && expect_word (p, "on") &&
         (stmt->target = parse_target (p)) != NULL;
  else if (VERB ("append", TL_STMT_APPEND))
    ok = (stmt->value = parse_expr (p)) != NULL && expect_word (p, "to") &&
         (stmt->target = parse_target (p)) != NULL;
  else if (VERB ("get", TL_STMT_GET) || VERB ("recv", TL_STMT_RECV) || VERB ("pop", TL_STMT_POP))
    ok = (stmt->name = expect_ident (p, "a variable name")) != NULL && expect_word (p, "from") &&
         (stmt->target = parse_target (p)) != NULL && parse_timeout (p, stmt);
  else if (VERB ("repeat", TL_STMT_REPEAT) || VERB ("while", TL_STMT_WHILE))
    ok = (stmt->value = parse_expr (p)) != NULL && (stmt->body = parse_block (p)) != NULL;
  else if (VERB ("for", TL_STMT_FOR))
    ok = (stmt->name = expect_ident (p, "a variable name")) != NULL && expect_word (p, "in") &&
         (stmt->value = parse_expr (p)) != NULL && (stmt->body = parse_block (p)) != NULL;
  else if (is_word (p, "if"))
    {
      lex (p);
      return parse_if (p, offset);
    }
  else if (VERB ("try", TL_STMT_TRY))
    {
      ok = (stmt->body = parse_block (p)) != NULL;
      if (ok && accept_word (p, "except"))
        {
          if (p->tok.type == TOK_IDENT && !is_word (p, "as"))
            stmt->error_type = expect_ident (p, "an exception type");
          if (accept_word (p, "as"))
            ok = (stmt->name = expect_ident (p, "a variable name")) != NULL;
          ok = ok && (stmt->orelse = parse_block (p)) != NULL;
        }
      if (ok && accept_word (p, "finally"))
        ok = (stmt->final = parse_block (p)) != NULL;
      if (ok && stmt->orelse == NULL && stmt->final == NULL)
        {
          fail_expected (p, "“except” or “finally” after try { ... }");
          ok = FALSE;
        }
    }
  else if (VERB ("raise", TL_STMT_RAISE))
    {
      if (p->tok.type == TOK_IDENT && is_exception_name (p))
        stmt->error_type = expect_ident (p, "an exception type");
      ok = (stmt->text = parse_text (p)) != NULL;
    }
  else if (VERB ("crash", TL_STMT_CRASH))
    ok = TRUE;
  else if (VERB ("return", TL_STMT_RETURN))
    {
      if (!is_punct (p, ";") && !is_punct (p, "}") && p->tok.type != TOK_EOF)
        ok = (stmt->value = parse_expr (p)) != NULL;
    }
  else if (VERB ("start", TL_STMT_START))
    {
      if (accept_word (p, "process"))
        stmt->flags |= TL_STMT_FLAG_PROCESS;
      else if (accept_word (p, "thread"))
        stmt->flags |= TL_STMT_FLAG_THREAD;
      else
        {
          fail_expected (p, "“process” or “thread”");
          ok = FALSE;
        }
      ok = ok && parse_call (p, stmt);
      if (ok && accept_word (p, "as"))
        ok = (stmt->name = expect_ident (p, "a name for the handle")) != NULL;
      if (ok && accept_word (p, "named"))
        ok = (stmt->text = parse_primary (p)) != NULL;
    }
  else if (VERB ("join", TL_STMT_JOIN))
    {
      if (accept_word (p, "all"))
        stmt->kind = TL_STMT_JOIN_ALL;
      else
        ok = (stmt->target = parse_target (p)) != NULL;
      ok = ok && parse_timeout (p, stmt);
    }
  else if (VERB ("call", TL_STMT_CALL))
    ok = parse_call (p, stmt) && parse_into (p, stmt);
  else if (VERB ("pool", TL_STMT_POOL))
    {
      ok = (stmt->name = expect_ident (p, "a name for the pool")) != NULL && expect_punct (p, "=");
      if (ok && accept_word (p, "Pool"))
        stmt->flags |= TL_STMT_FLAG_PROCESS;
      else if (ok && accept_word (p, "ThreadPoolExecutor"))
        stmt->flags |= TL_STMT_FLAG_THREAD;
      else if (ok)
        {
          fail_expected (p, "“Pool” or “ThreadPoolExecutor”");
          ok = FALSE;
        }
      ok = ok && expect_punct (p, "(") && (stmt->value = parse_expr (p)) != NULL &&
           expect_punct (p, ")");
    }
  else if (VERB ("map", TL_STMT_MAP))
    {
      ok = (stmt->func = expect_ident (p, "a function name")) != NULL && expect_word (p, "over") &&
           (stmt->value = parse_expr (p)) != NULL && expect_word (p, "on") &&
           (stmt->target = parse_target (p)) != NULL;
      if (ok && accept_word (p, "chunksize"))
        ok = (stmt->extra = parse_expr (p)) != NULL;
      ok = ok && parse_into (p, stmt);
    }
  else if (VERB ("apply_async", TL_STMT_APPLY_ASYNC))
    {
      ok = parse_call (p, stmt) && expect_word (p, "on") && (stmt->target = parse_target (p)) != NULL;
      if (ok && accept_word (p, "callback"))
        ok = (stmt->callback = expect_ident (p, "a function name")) != NULL;
      if (ok && accept_word (p, "error_callback"))
        ok = (stmt->error_callback = expect_ident (p, "a function name")) != NULL;
      ok = ok && parse_into (p, stmt);
    }
  else if (VERB ("submit", TL_STMT_SUBMIT))
    ok = parse_call (p, stmt) && expect_word (p, "to") &&
         (stmt->target = parse_target (p)) != NULL && parse_into (p, stmt);
  else if (VERB ("result", TL_STMT_RESULT))
    {
      gsize start = p->tok.offset;

      ok = (stmt->value = parse_expr (p)) != NULL;
      if (ok && accept_word (p, "as"))
        ok = (stmt->text = parse_primary (p)) != NULL;
      else if (ok)
        {
          /* The label defaults to the expression as written. */
          gsize end = p->tok.type == TOK_EOF ? p->len : p->tok.offset;
          g_autofree char *label = g_strstrip (g_strndup (p->text + start, end - start));

          stmt->text = expr_new (p, TL_EXPR_CONST, start);
          stmt->text->constant = tl_value_new_string (label);
        }
    }
  else if (VERB ("time", TL_STMT_TIME))
    ok = (stmt->text = parse_primary (p)) != NULL && parse_into (p, stmt) &&
         (stmt->body = parse_block (p)) != NULL;
  else
    return parse_assignment (p);

#undef VERB

  if (!ok)
    g_clear_pointer (&stmt, tl_stmt_free);
  return stmt;
}

/* Steps up to "}" (in a block) or the end of the text. */
static TlBlock *
parse_steps (Parser   *p,
             gboolean  in_block)
{
  TlBlock *block = tl_block_new ();

  for (;;)
    {
      TlStmt *stmt;

      while (accept_punct (p, ";"))
        ;
      if (p->tok.type == TOK_EOF)
        {
          if (in_block)
            {
              fail_at (p, p->len, TL_SCENARIO_ERROR_SYNTAX,
                       "a “{” is never closed: expected “}” before the end of the line");
              break;
            }
          return block;
        }
      if (is_punct (p, "}"))
        {
          if (in_block)
            return block;
          fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_SYNTAX, "a “}” with no “{” before it");
          break;
        }
      stmt = parse_stmt (p);
      if (stmt == NULL)
        break;
      g_ptr_array_add (block, stmt);
      if (!is_punct (p, ";") && !is_punct (p, "}") && p->tok.type != TOK_EOF)
        {
          fail_expected (p, "“;” between steps");
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

  if (!expect_punct (p, "{"))
    return NULL;
  block = parse_steps (p, TRUE);
  if (block != NULL && !expect_punct (p, "}"))
    g_clear_pointer (&block, g_ptr_array_unref);
  return block;
}

static void
parser_init (Parser            *p,
             const char        *text,
             const TlSourcePos *pos)
{
  memset (p, 0, sizeof *p);
  p->text = text;
  p->len = strlen (text);
  p->pos = *pos;
  lex (p);
}

TlBlock *
tl_program_parse_steps (const char         *text,
                        const TlSourcePos  *pos,
                        GError            **error)
{
  Parser p;
  TlBlock *block;

  parser_init (&p, text, pos);
  block = parse_steps (&p, FALSE);
  if (p.error != NULL)
    {
      g_clear_pointer (&block, g_ptr_array_unref);
      g_propagate_error (error, p.error);
    }
  return block;
}

TlExpr *
tl_program_parse_expr (const char         *text,
                       const TlSourcePos  *pos,
                       GError            **error)
{
  Parser p;
  TlExpr *expr;

  parser_init (&p, text, pos);
  expr = parse_expr (&p);
  if (expr != NULL && p.tok.type != TOK_EOF)
    fail_expected (&p, "the end of the value");
  if (p.error != NULL)
    {
      g_clear_pointer (&expr, tl_expr_free);
      g_propagate_error (error, p.error);
    }
  return expr;
}

/* [Shared] entries: "L = Lock()", "counter = Value('i', 0)", "items = mgr.list([1, 2])",
 * "parent_conn, child_conn = Pipe()". */
TlSharedDecl *
tl_program_parse_shared (const char         *key,
                         const char         *value,
                         const TlSourcePos  *pos,
                         GError            **error)
{
  static const struct { const char *name; TlSharedKind kind; } kinds[] = {
    { "Lock", TL_SHARED_LOCK }, { "RLock", TL_SHARED_RLOCK },
    { "Semaphore", TL_SHARED_SEMAPHORE }, { "BoundedSemaphore", TL_SHARED_BOUNDED_SEMAPHORE },
    { "Event", TL_SHARED_EVENT }, { "Condition", TL_SHARED_CONDITION },
    { "Barrier", TL_SHARED_BARRIER }, { "Queue", TL_SHARED_QUEUE }, { "Pipe", TL_SHARED_PIPE },
    { "Value", TL_SHARED_VALUE }, { "Array", TL_SHARED_ARRAY }, { "Manager", TL_SHARED_MANAGER },
    { "SharedMemory", TL_SHARED_SHARED_MEMORY }, { "list", TL_SHARED_LIST },
  };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (key, ",", -1);
  TlSharedDecl *decl;
  g_autofree char *kind_name = NULL;
  Parser p;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      gboolean valid = is_ident_start (name[0]);

      for (const char *c = name; valid && *c != '\0'; c++)
        valid = is_ident_char (*c);
      if (!valid)
        {
          g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_SYNTAX,
                       "%s:%u:1: “%s” is not a name (letters, digits and _)",
                       pos->origin, pos->line, name);
          return NULL;
        }
      g_ptr_array_add (names, g_strdup (name));
    }

  decl = g_new0 (TlSharedDecl, 1);
  decl->line = pos->line;
  decl->name = g_strdup (g_ptr_array_index (names, 0));
  parser_init (&p, value, pos);

  if (p.tok.type == TOK_PUNCT && is_punct (&p, "["))
    {
      /* "items = [1, 2]": a plain list. */
      TlExpr *init = parse_expr (&p);

      decl->kind = TL_SHARED_LIST;
      decl->args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);
      if (init != NULL)
        g_ptr_array_add (decl->args, init);
      goto done;
    }

  kind_name = expect_ident (&p, "an object type (Lock, Queue, Value...)");
  if (kind_name == NULL)
    goto done;
  if (accept_punct (&p, "."))
    {
      /* mgr.list (...), mgr.dict (...) */
      g_autofree char *method = expect_ident (&p, "“list” or “dict”");

      if (method == NULL)
        goto done;
      decl->owner = g_steal_pointer (&kind_name);
      if (strcmp (method, "list") == 0)
        decl->kind = TL_SHARED_MANAGER_LIST;
      else if (strcmp (method, "dict") == 0)
        decl->kind = TL_SHARED_MANAGER_DICT;
      else
        {
          fail_at (&p, 0, TL_SCENARIO_ERROR_UNKNOWN,
                   "a Manager makes “list” or “dict”, not “%s”", method);
          goto done;
        }
    }
  else
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (kinds); i++)
        if (strcmp (kind_name, kinds[i].name) == 0)
          break;
      if (i == G_N_ELEMENTS (kinds))
        {
          fail_at (&p, 0, TL_SCENARIO_ERROR_UNKNOWN,
                   "unknown object type “%s” (Lock, RLock, Semaphore, BoundedSemaphore, Event, "
                   "Condition, Barrier, Queue, Pipe, Value, Array, Manager, SharedMemory, list)",
                   kind_name);
          goto done;
        }
      decl->kind = kinds[i].kind;
    }

  if (accept_punct (&p, "("))
    decl->args = parse_args (&p);
  else
    decl->args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);

  /* Value('i', 0) and Array('i', ...) as in Python: the type code is ours
   * to ignore, every value is a 64-bit integer. */
  if (decl->args != NULL && (decl->kind == TL_SHARED_VALUE || decl->kind == TL_SHARED_ARRAY) &&
      decl->args->len > 0)
    {
      TlExpr *first = g_ptr_array_index (decl->args, 0);

      if (first->kind == TL_EXPR_FORMAT)
        g_ptr_array_remove_index (decl->args, 0);
    }

  if (p.error == NULL && decl->args != NULL && p.tok.type != TOK_EOF)
    fail_expected (&p, "the end of the value");

  if (p.error == NULL && decl->kind == TL_SHARED_PIPE)
    {
      if (names->len != 2)
        fail_at (&p, 0, TL_SCENARIO_ERROR_INVALID,
                 "a Pipe has two ends: name both, as in “parent_conn, child_conn = Pipe()”");
      else
        decl->name2 = g_strdup (g_ptr_array_index (names, 1));
    }
  else if (p.error == NULL && names->len != 1)
    fail_at (&p, 0, TL_SCENARIO_ERROR_INVALID, "only a Pipe takes two names");

done:
  if (p.error == NULL && decl->args == NULL)
    fail_at (&p, p.tok.offset, TL_SCENARIO_ERROR_SYNTAX, "this object's arguments do not parse");
  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      g_free (decl->name);
      g_free (decl->name2);
      g_free (decl->owner);
      g_clear_pointer (&decl->args, g_ptr_array_unref);
      g_free (decl);
      return NULL;
    }
  return decl;
}
