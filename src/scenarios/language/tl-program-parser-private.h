/* tl-program-parser-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser's insides, shared by the expression parser
 * (tl-program-parser.c) and the step parsers (tl-program-steps.c).
 */
#pragma once

#include "tl-program.h"

G_BEGIN_DECLS

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
  GError      *error;   /* once set, the lexer gives only TOK_ERROR */
  guint       *n_nodes; /* the program's count (TL_PROGRAM_MAX_NODES) */
  guint        depth;   /* nesting now (TL_PROGRAM_MAX_DEPTH) */
} Parser;

void      _tl_parser_init          (Parser            *p,
                                    const char        *text,
                                    gsize              len,
                                    const TlSourcePos *pos,
                                    guint             *n_nodes);
/* Counts a step or an expression against the program's budget. */
void      _tl_parser_count_node    (Parser            *p,
                                    gsize              offset);
/* Around anything that nests; FALSE (and an error) when too deep. */
gboolean  _tl_parser_enter         (Parser            *p);
void      _tl_parser_leave         (Parser            *p);
void      _tl_parser_fail_at       (Parser            *p,
                                    gsize              offset,
                                    int                code,
                                    const char        *format,
                                    ...) G_GNUC_PRINTF (4, 5);
void      _tl_parser_fail_expected (Parser            *p,
                                    const char        *what);

void      _tl_parser_lex           (Parser            *p);
gboolean  _tl_parser_is_punct      (Parser            *p,
                                    const char        *punct);
gboolean  _tl_parser_is_word       (Parser            *p,
                                    const char        *word);
gboolean  _tl_parser_accept_punct  (Parser            *p,
                                    const char        *punct);
gboolean  _tl_parser_accept_word   (Parser            *p,
                                    const char        *word);
gboolean  _tl_parser_expect_punct  (Parser            *p,
                                    const char        *punct);
gboolean  _tl_parser_expect_word   (Parser            *p,
                                    const char        *word);
char     *_tl_parser_expect_ident  (Parser            *p,
                                    const char        *what);
/* At the end of a step: ";", "}" or the end of the text. */
gboolean  _tl_parser_at_step_end   (Parser            *p);

TlExpr   *_tl_parser_expr_new      (Parser            *p,
                                    TlExprKind         kind,
                                    gsize              offset);
TlExpr   *_tl_parser_parse_expr    (Parser            *p);
/* A sum: no comparison, no range (a duration's bound). */
TlExpr   *_tl_parser_parse_add     (Parser            *p);
TlExpr   *_tl_parser_parse_primary (Parser            *p);
TlExpr   *_tl_parser_parse_postfix (Parser            *p);
/* "(a, b)" once the "(" is taken. */
GPtrArray*_tl_parser_parse_args    (Parser            *p);
/* print's text: a string, or everything up to the end of the step. */
TlExpr   *_tl_parser_parse_text    (Parser            *p);

/* Steps (tl-program-steps.c). */
TlBlock  *_tl_parser_parse_steps   (Parser            *p,
                                    gboolean           in_block);

G_END_DECLS
