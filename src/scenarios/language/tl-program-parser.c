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

#include "tl-program-parser-private.h"
#include "tl-scenario.h"
#include "tl-vocabulary.h"

/* ---- errors -------------------------------------------------------------- */

void
_tl_parser_fail_at (Parser     *p,
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

void
_tl_parser_fail_expected (Parser     *p,
                          const char *what)
{
  g_autofree char *got = tok_text (p, &p->tok);

  _tl_parser_fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_SYNTAX, "expected %s, found %s", what, got);
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

gboolean
tl_program_is_name (const char *text)
{
  if (!is_ident_start (text[0]))
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!is_ident_char (*c))
      return FALSE;
  return TRUE;
}

void
_tl_parser_lex (Parser *p)
{
  static const char *two[] = { "..", "==", "!=", "<=", ">=", "+=", "-=", "//", NULL };
  const char *s = p->text;
  gsize i = p->next;
  Token *t = &p->tok;

  while (i < p->len && g_ascii_isspace (s[i]))
    i++;
  memset (t, 0, sizeof *t);
  t->offset = i;

  /* After an error nothing more is read: every caller unwinds. */
  if (p->error != NULL)
    {
      t->type = TOK_ERROR;
      return;
    }

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
          _tl_parser_fail_at (p, t->offset, TL_SCENARIO_ERROR_SYNTAX, "this text has no closing %c", quote);
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
              _tl_parser_fail_at (p, i, TL_SCENARIO_ERROR_SYNTAX, "unexpected character “%c”", s[i]);
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

gboolean
_tl_parser_is_punct (Parser     *p,
                     const char *punct)
{
  return p->tok.type == TOK_PUNCT && strcmp (p->tok.punct, punct) == 0;
}

gboolean
_tl_parser_is_word (Parser     *p,
                    const char *word)
{
  return p->tok.type == TOK_IDENT && p->tok.len == strlen (word) &&
         strncmp (p->text + p->tok.offset, word, p->tok.len) == 0;
}

gboolean
_tl_parser_accept_punct (Parser     *p,
                         const char *punct)
{
  if (!_tl_parser_is_punct (p, punct))
    return FALSE;
  _tl_parser_lex (p);
  return TRUE;
}

gboolean
_tl_parser_accept_word (Parser     *p,
                        const char *word)
{
  if (!_tl_parser_is_word (p, word))
    return FALSE;
  _tl_parser_lex (p);
  return TRUE;
}

gboolean
_tl_parser_expect_punct (Parser     *p,
                         const char *punct)
{
  g_autofree char *what = NULL;

  if (_tl_parser_accept_punct (p, punct))
    return TRUE;
  what = g_strdup_printf ("“%s”", punct);
  _tl_parser_fail_expected (p, what);
  return FALSE;
}

gboolean
_tl_parser_expect_word (Parser     *p,
                        const char *word)
{
  g_autofree char *what = NULL;

  if (_tl_parser_accept_word (p, word))
    return TRUE;
  what = g_strdup_printf ("“%s”", word);
  _tl_parser_fail_expected (p, what);
  return FALSE;
}

char *
_tl_parser_expect_ident (Parser     *p,
                         const char *what)
{
  char *name;

  if (p->tok.type != TOK_IDENT)
    {
      _tl_parser_fail_expected (p, what);
      return NULL;
    }
  name = g_strndup (p->text + p->tok.offset, p->tok.len);
  _tl_parser_lex (p);
  return name;
}

/* ---- expressions ------------------------------------------------------------ */

static TlExpr *parse_format (Parser     *p,
                             const char *raw,
                             gsize       raw_len,
                             gsize       offset,
                             gboolean    quoted);

void
_tl_parser_count_node (Parser *p,
                       gsize   offset)
{
  if (++*p->n_nodes == TL_PROGRAM_MAX_NODES + 1)
    _tl_parser_fail_at (p, offset, TL_SCENARIO_ERROR_INVALID,
                        "the program is too large: more than %u steps and expressions",
                        TL_PROGRAM_MAX_NODES);
}

gboolean
_tl_parser_enter (Parser *p)
{
  if (++p->depth <= TL_PROGRAM_MAX_DEPTH)
    return TRUE;
  _tl_parser_fail_at (p, p->tok.offset, TL_SCENARIO_ERROR_INVALID,
                      "nested too deeply: more than %u blocks, parentheses or lists "
                      "one inside another", TL_PROGRAM_MAX_DEPTH);
  return FALSE;
}

void
_tl_parser_leave (Parser *p)
{
  p->depth--;
}

TlExpr *
_tl_parser_expr_new (Parser     *p,
                     TlExprKind  kind,
                     gsize       offset)
{
  TlExpr *expr = g_new0 (TlExpr, 1);

  _tl_parser_count_node (p, offset);
  expr->kind = kind;
  expr->line = p->pos.line;
  expr->column = p->pos.column + (guint) offset;
  return expr;
}

GPtrArray *
_tl_parser_parse_args (Parser *p)
{
  GPtrArray *args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);

  /* The "(" is already taken. */
  if (_tl_parser_accept_punct (p, ")"))
    return args;
  for (;;)
    {
      TlExpr *arg = _tl_parser_parse_expr (p);

      if (arg == NULL)
        break;
      g_ptr_array_add (args, arg);
      if (_tl_parser_accept_punct (p, ")"))
        return args;
      if (!_tl_parser_expect_punct (p, ","))
        break;
    }
  g_ptr_array_unref (args);
  return NULL;
}

/* A function's, method's or attribute's entry in the vocabulary, or
 * @unknown for the checker to report. */
static guint
lookup_id (TlWordSet   set,
           const char *name,
           guint       unknown)
{
  int index = tl_vocabulary_lookup (set, name, -1);

  return index < 0 ? unknown : (guint) index;
}

TlExpr *
_tl_parser_parse_primary (Parser *p)
{
  gsize offset = p->tok.offset;
  TlExpr *expr;

  switch (p->tok.type)
    {
    case TOK_INT:
      expr = _tl_parser_expr_new (p, TL_EXPR_CONST, offset);
      expr->constant = tl_value_new_int (p->tok.i);
      _tl_parser_lex (p);
      return expr;

    case TOK_FLOAT:
      expr = _tl_parser_expr_new (p, TL_EXPR_CONST, offset);
      expr->constant = tl_value_new_float (p->tok.f);
      _tl_parser_lex (p);
      return expr;

    case TOK_STRING:
      {
        Token tok = p->tok;

        _tl_parser_lex (p);
        return parse_format (p, p->text + tok.offset + 1, tok.len - 2, tok.offset + 1, TRUE);
      }

    case TOK_IDENT:
      if (_tl_parser_is_word (p, "True") || _tl_parser_is_word (p, "False") ||
          _tl_parser_is_word (p, "None"))
        {
          expr = _tl_parser_expr_new (p, TL_EXPR_CONST, offset);
          if (_tl_parser_is_word (p, "None"))
            expr->constant = tl_value_none ();
          else
            expr->constant = tl_value_new_bool (_tl_parser_is_word (p, "True"));
          _tl_parser_lex (p);
          return expr;
        }
      expr = _tl_parser_expr_new (p, TL_EXPR_NAME, offset);
      expr->name = _tl_parser_expect_ident (p, "a name");
      if (_tl_parser_accept_punct (p, "("))
        {
          expr->kind = TL_EXPR_CALL;
          expr->id = lookup_id (TL_WORDS_FUNCTIONS, expr->name, TL_N_BUILTINS);
          expr->items = _tl_parser_parse_args (p);
          if (expr->items == NULL)
            g_clear_pointer (&expr, tl_expr_free);
        }
      return expr;

    case TOK_PUNCT:
      if (_tl_parser_accept_punct (p, "("))
        {
          expr = _tl_parser_parse_expr (p);
          if (expr != NULL && !_tl_parser_expect_punct (p, ")"))
            g_clear_pointer (&expr, tl_expr_free);
          return expr;
        }
      if (_tl_parser_accept_punct (p, "["))
        {
          expr = _tl_parser_expr_new (p, TL_EXPR_LIST, offset);
          expr->items = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);
          if (_tl_parser_accept_punct (p, "]"))
            return expr;
          for (;;)
            {
              TlExpr *item = _tl_parser_parse_expr (p);

              if (item == NULL)
                break;
              g_ptr_array_add (expr->items, item);
              if (_tl_parser_accept_punct (p, "]"))
                return expr;
              if (!_tl_parser_expect_punct (p, ","))
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
  _tl_parser_fail_expected (p, "a value");
  return NULL;
}

TlExpr *
_tl_parser_parse_postfix (Parser *p)
{
  TlExpr *expr = _tl_parser_parse_primary (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;

      if (_tl_parser_accept_punct (p, "["))
        {
          TlExpr *index = _tl_parser_expr_new (p, TL_EXPR_INDEX, offset);

          index->a = expr;
          expr = index;
          index->b = _tl_parser_parse_expr (p);
          if (index->b == NULL || !_tl_parser_expect_punct (p, "]"))
            g_clear_pointer (&expr, tl_expr_free);
        }
      else if (_tl_parser_accept_punct (p, "."))
        {
          TlExpr *attr = _tl_parser_expr_new (p, TL_EXPR_ATTR, offset);

          attr->a = expr;
          expr = attr;
          attr->name = _tl_parser_expect_ident (p, "a method or attribute name");
          if (attr->name != NULL)
            attr->id = lookup_id (TL_WORDS_ATTRIBUTES, attr->name, TL_N_ATTRS);
          if (attr->name == NULL)
            g_clear_pointer (&expr, tl_expr_free);
          else if (_tl_parser_accept_punct (p, "("))
            {
              attr->kind = TL_EXPR_METHOD;
              attr->id = lookup_id (TL_WORDS_METHODS, attr->name, TL_N_METHODS);
              attr->items = _tl_parser_parse_args (p);
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
  expr = _tl_parser_expr_new (p, TL_EXPR_BINARY, offset);
  expr->op = op;
  expr->a = a;
  expr->b = b;
  return expr;
}

static TlExpr *
parse_unary (Parser *p)
{
  gsize offset = p->tok.offset;

  if (_tl_parser_accept_punct (p, "-"))
    {
      TlExpr *operand;
      TlExpr *expr;

      if (!_tl_parser_enter (p))
        return NULL;
      operand = parse_unary (p);
      _tl_parser_leave (p);
      if (operand == NULL)
        return NULL;
      expr = _tl_parser_expr_new (p, TL_EXPR_UNARY, offset);
      expr->op = TL_OP_NEG;
      expr->a = operand;
      return expr;
    }
  return _tl_parser_parse_postfix (p);
}

static TlExpr *
parse_mul (Parser *p)
{
  TlExpr *expr = parse_unary (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;
      TlOp op;

      if (_tl_parser_accept_punct (p, "*"))
        op = TL_OP_MUL;
      else if (_tl_parser_accept_punct (p, "//"))
        op = TL_OP_FLOORDIV;
      else if (_tl_parser_accept_punct (p, "/"))
        op = TL_OP_DIV;
      else if (_tl_parser_accept_punct (p, "%"))
        op = TL_OP_MOD;
      else
        break;
      expr = binary (p, op, offset, expr, parse_unary (p));
    }
  return expr;
}

TlExpr *
_tl_parser_parse_add (Parser *p)
{
  TlExpr *expr = parse_mul (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;
      TlOp op;

      if (_tl_parser_accept_punct (p, "+"))
        op = TL_OP_ADD;
      else if (_tl_parser_accept_punct (p, "-"))
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
  TlExpr *expr = _tl_parser_parse_add (p);
  gsize offset = p->tok.offset;

  if (expr != NULL && _tl_parser_accept_punct (p, ".."))
    {
      TlExpr *range = binary (p, 0, offset, expr, _tl_parser_parse_add (p));

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
    if (_tl_parser_accept_punct (p, ops[i].punct))
      return binary (p, ops[i].op, offset, expr, parse_range (p));
  if (_tl_parser_is_punct (p, "="))
    _tl_parser_fail_at (p, offset, TL_SCENARIO_ERROR_SYNTAX, "“=” assigns; to compare, write “==”");
  return expr;
}

static TlExpr *
parse_not (Parser *p)
{
  gsize offset = p->tok.offset;

  if (_tl_parser_accept_word (p, "not"))
    {
      TlExpr *operand;
      TlExpr *expr;

      if (!_tl_parser_enter (p))
        return NULL;
      operand = parse_not (p);
      _tl_parser_leave (p);
      if (operand == NULL)
        return NULL;
      expr = _tl_parser_expr_new (p, TL_EXPR_UNARY, offset);
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

      if (!_tl_parser_accept_word (p, "and"))
        break;
      expr = binary (p, TL_OP_AND, offset, expr, parse_not (p));
    }
  return expr;
}

TlExpr *
_tl_parser_parse_expr (Parser *p)
{
  TlExpr *expr;

  /* Every nesting of parentheses, lists and interpolations comes here. */
  if (!_tl_parser_enter (p))
    return NULL;
  expr = parse_and (p);

  while (expr != NULL)
    {
      gsize offset = p->tok.offset;

      if (!_tl_parser_accept_word (p, "or"))
        break;
      expr = binary (p, TL_OP_OR, offset, expr, parse_and (p));
    }
  _tl_parser_leave (p);
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
  TlSourcePos pos = p->pos;
  Parser sub;
  TlExpr *expr;

  pos.column += (guint) offset;
  _tl_parser_init (&sub, text, len, &pos, p->n_nodes);
  sub.depth = p->depth;
  expr = _tl_parser_parse_expr (&sub);
  if (expr != NULL && sub.tok.type != TOK_EOF)
    {
      _tl_parser_fail_expected (&sub, "“}” after the expression");
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
  part = _tl_parser_expr_new (p, TL_EXPR_CONST, offset);
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
  TlExpr *format = _tl_parser_expr_new (p, TL_EXPR_FORMAT, offset - (quoted ? 1 : 0));
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
          _tl_parser_fail_at (p, offset + i, TL_SCENARIO_ERROR_SYNTAX,
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
              _tl_parser_fail_at (p, offset + i, TL_SCENARIO_ERROR_SYNTAX,
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
TlExpr *
_tl_parser_parse_text (Parser *p)
{
  gsize start = p->tok.offset, end;
  int depth = 0;
  TlExpr *text;

  if (p->tok.type == TOK_STRING)
    return _tl_parser_parse_primary (p);
  if (p->tok.type == TOK_EOF || _tl_parser_is_punct (p, ";") || _tl_parser_is_punct (p, "}"))
    {
      _tl_parser_fail_expected (p, "some text");
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
  _tl_parser_lex (p);
  return text;
}

void
_tl_parser_init (Parser            *p,
                 const char        *text,
                 gsize              len,
                 const TlSourcePos *pos,
                 guint             *n_nodes)
{
  memset (p, 0, sizeof *p);
  p->text = text;
  p->len = len;
  p->n_nodes = n_nodes;
  p->pos = *pos;
  _tl_parser_lex (p);
}

TlBlock *
tl_program_parse_steps (TlProgram          *program,
                        const char         *text,
                        const TlSourcePos  *pos,
                        GError            **error)
{
  Parser p;
  TlBlock *block;

  _tl_parser_init (&p, text, strlen (text), pos, &program->n_nodes);
  block = _tl_parser_parse_steps (&p, FALSE);
  if (p.error != NULL)
    {
      g_clear_pointer (&block, g_ptr_array_unref);
      g_propagate_error (error, p.error);
    }
  return block;
}

/* ---- [Shared] entries --------------------------------------------------------- */

/* "parent_conn, child_conn": the names a [Shared] key binds. */
static GPtrArray *
parse_shared_names (const char         *key,
                    const TlSourcePos  *pos,
                    GError            **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (key, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (!tl_program_is_name (name))
        {
          g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_SYNTAX,
                       "%s:%u:1: “%s” is not a name (letters, digits and _)",
                       pos->origin, pos->line, name);
          return NULL;
        }
      g_ptr_array_add (names, g_strdup (name));
    }
  return g_steal_pointer (&names);
}

/* "Lock", or a Manager's "mgr.list": the kind, and the owner if any. */
static gboolean
parse_shared_kind (Parser       *p,
                   TlSharedDecl *decl)
{
  g_autofree char *word = _tl_parser_expect_ident (p, "an object type (Lock, Queue, Value...)");

  if (word == NULL)
    return FALSE;
  if (_tl_parser_accept_punct (p, "."))
    {
      g_autofree char *method = _tl_parser_expect_ident (p, "“list” or “dict”");

      if (method == NULL)
        return FALSE;
      decl->owner = g_steal_pointer (&word);
      decl->kind = tl_vocabulary_lookup_object (method, TRUE);
      if (decl->kind == TL_N_SHARED_KINDS)
        {
          _tl_parser_fail_at (p, 0, TL_SCENARIO_ERROR_UNKNOWN,
                              "a Manager makes “list” or “dict”, not “%s”", method);
          return FALSE;
        }
      return TRUE;
    }
  decl->kind = tl_vocabulary_lookup_object (word, FALSE);
  if (decl->kind == TL_N_SHARED_KINDS)
    {
      const char *maybe = tl_vocabulary_suggest (TL_WORDS_OBJECTS, word);

      if (maybe != NULL)
        _tl_parser_fail_at (p, 0, TL_SCENARIO_ERROR_UNKNOWN,
                            "unknown object type “%s” (did you mean “%s”?)", word, maybe);
      else
        _tl_parser_fail_at (p, 0, TL_SCENARIO_ERROR_UNKNOWN, "unknown object type “%s” (%s)",
                            word, tl_vocabulary_object_list ());
      return FALSE;
    }
  return TRUE;
}

/* [Shared] entries: "L = Lock()", "counter = Value('i', 0)", "items = mgr.list([1, 2])",
 * "parent_conn, child_conn = Pipe()", "items = [1, 2]". */
TlSharedDecl *
tl_program_parse_shared (TlProgram          *program,
                         const char         *key,
                         const char         *value,
                         const TlSourcePos  *pos,
                         GError            **error)
{
  g_autoptr(GPtrArray) names = parse_shared_names (key, pos, error);
  TlSharedDecl *decl;
  Parser p;

  if (names == NULL)
    return NULL;
  decl = g_new0 (TlSharedDecl, 1);
  decl->line = pos->line;
  decl->name = g_strdup (g_ptr_array_index (names, 0));
  _tl_parser_init (&p, value, strlen (value), pos, &program->n_nodes);

  if (_tl_parser_is_punct (&p, "["))
    {
      TlExpr *init = _tl_parser_parse_expr (&p);

      decl->kind = TL_SHARED_LIST;
      decl->args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);
      if (init != NULL)
        g_ptr_array_add (decl->args, init);
    }
  else if (parse_shared_kind (&p, decl))
    {
      if (_tl_parser_accept_punct (&p, "("))
        decl->args = _tl_parser_parse_args (&p);
      else
        decl->args = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_expr_free);
    }

  /* Value('i', 0) and Array('i', ...) as in Python: the type code is ours
   * to ignore, every value is a 64-bit integer. */
  if (decl->args != NULL && (decl->kind == TL_SHARED_VALUE || decl->kind == TL_SHARED_ARRAY) &&
      decl->args->len > 0 && ((TlExpr *) g_ptr_array_index (decl->args, 0))->kind == TL_EXPR_FORMAT)
    g_ptr_array_remove_index (decl->args, 0);

  if (p.error == NULL && decl->args != NULL && p.tok.type != TOK_EOF)
    _tl_parser_fail_expected (&p, "the end of the value");
  if (p.error == NULL && decl->kind == TL_SHARED_PIPE && names->len != 2)
    _tl_parser_fail_at (&p, 0, TL_SCENARIO_ERROR_INVALID,
                        "a Pipe has two ends: name both, as in “parent_conn, child_conn = Pipe()”");
  else if (p.error == NULL && decl->kind != TL_SHARED_PIPE && names->len != 1)
    _tl_parser_fail_at (&p, 0, TL_SCENARIO_ERROR_INVALID, "only a Pipe takes two names");
  if (decl->kind == TL_SHARED_PIPE && names->len == 2)
    decl->name2 = g_strdup (g_ptr_array_index (names, 1));
  if (p.error == NULL && decl->args == NULL)
    _tl_parser_fail_at (&p, p.tok.offset, TL_SCENARIO_ERROR_SYNTAX, "this object's arguments do not parse");

  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      tl_shared_decl_free (decl);
      return NULL;
    }
  return decl;
}
