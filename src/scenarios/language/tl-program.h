/* tl-program.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario's program once parsed: functions made of steps (statements)
 * and expressions, each remembering where in the file it came from so that
 * a mistake, found while loading or while running, names its line.
 * The step language itself is described in data/scenarios/README.md.
 */
#pragma once

#include <glib.h>

#include "tl-value.h"

G_BEGIN_DECLS

typedef enum
{
  TL_EXPR_CONST,
  TL_EXPR_NAME,
  TL_EXPR_BINARY,     /* op: one of TlOp */
  TL_EXPR_UNARY,
  TL_EXPR_LIST,       /* items */
  TL_EXPR_RANGE,      /* a..b, inclusive: a list */
  TL_EXPR_INDEX,      /* a[b] */
  TL_EXPR_ATTR,       /* a.name (counter.value, p.exitcode) */
  TL_EXPR_CALL,       /* name (items): a built-in function */
  TL_EXPR_METHOD,     /* a.name (items): fut.result (), q.empty () */
  TL_EXPR_FORMAT,     /* "text {expr:spec} text": items, each a CONST or an expression */
} TlExprKind;

/* The arithmetic operators, ADD to MOD, stay together and in this order. */
typedef enum
{
  TL_OP_ADD = 1,
  TL_OP_SUB,
  TL_OP_MUL,
  TL_OP_DIV,
  TL_OP_FLOORDIV,
  TL_OP_MOD,
  TL_OP_EQ,
  TL_OP_NE,
  TL_OP_LT,
  TL_OP_LE,
  TL_OP_GT,
  TL_OP_GE,
  TL_OP_AND,
  TL_OP_OR,
  TL_OP_NOT,
  TL_OP_NEG,
} TlOp;

typedef struct _TlExpr TlExpr;

struct _TlExpr
{
  TlExprKind  kind;
  TlOp        op;
  guint       line;
  guint       column;
  TlValue    *constant;
  char       *name;
  TlExpr     *a;
  TlExpr     *b;
  GPtrArray  *items;        /* TlExpr * */
  char       *format_spec;  /* a FORMAT part's ":.2f" */
  guint       id;           /* a CALL's TlBuiltin, a METHOD's TlMethod, an ATTR's TlAttr
                             * (tl-vocabulary.h); TL_N_... when the word is unknown */
};

typedef enum
{
  TL_STMT_COMPUTE,
  TL_STMT_SLEEP,
  TL_STMT_IO,
  TL_STMT_PRINT,
  TL_STMT_LET,
  TL_STMT_READ,
  TL_STMT_WRITE,
  TL_STMT_UPDATE,        /* target += e / -= e: read, yield, write */
  TL_STMT_STORE,         /* target[index] = e */
  TL_STMT_ACQUIRE,
  TL_STMT_RELEASE,
  TL_STMT_WITH,
  TL_STMT_WAIT,
  TL_STMT_NOTIFY,
  TL_STMT_NOTIFY_ALL,
  TL_STMT_SET,
  TL_STMT_CLEAR,
  TL_STMT_PUT,
  TL_STMT_GET,
  TL_STMT_SEND,
  TL_STMT_RECV,
  TL_STMT_APPEND,
  TL_STMT_POP,
  TL_STMT_REPEAT,
  TL_STMT_FOR,
  TL_STMT_WHILE,
  TL_STMT_IF,
  TL_STMT_TRY,
  TL_STMT_RAISE,
  TL_STMT_CRASH,
  TL_STMT_RETURN,
  TL_STMT_START,
  TL_STMT_JOIN,
  TL_STMT_JOIN_ALL,
  TL_STMT_CALL,
  TL_STMT_POOL,
  TL_STMT_MAP,
  TL_STMT_APPLY_ASYNC,
  TL_STMT_SUBMIT,
  TL_STMT_CLOSE,
  TL_STMT_TERMINATE,
  TL_STMT_SHUTDOWN,
  TL_STMT_RESULT,
  TL_STMT_TIME,
  TL_STMT_MARK,
  TL_N_STMTS
} TlStmtKind;

/* A duration: low, or a random pick in low..high, times unit_ns. */
typedef struct
{
  TlExpr *low;
  TlExpr *high;
  double  unit_ns;
} TlDuration;

typedef struct _TlStmt TlStmt;
typedef GPtrArray TlBlock;  /* TlStmt * */

enum
{
  TL_STMT_FLAG_PROCESS     = 1 << 0,  /* start process / Pool */
  TL_STMT_FLAG_THREAD      = 1 << 1,  /* start thread / ThreadPoolExecutor */
  TL_STMT_FLAG_SUBTRACT    = 1 << 2,  /* -= */
};

struct _TlStmt
{
  TlStmtKind  kind;
  guint       line;
  guint       column;
  guint       flags;
  char       *name;        /* the variable bound: into x, as p, for x, except as e */
  char       *func;        /* the function started, called, mapped or applied */
  char       *callback;
  char       *error_callback;
  char       *error_type;  /* raise TYPE / except TYPE */
  TlExpr     *target;      /* the object or shared value acted on */
  TlExpr     *value;       /* the value put, written, returned; the loop's count or list */
  TlExpr     *extra;       /* chunksize; a STORE's index */
  GPtrArray  *args;        /* TlExpr *: call arguments */
  TlDuration  duration;
  TlDuration  timeout;     /* low == NULL: none */
  TlBlock    *body;
  TlBlock    *orelse;      /* else / except */
  TlBlock    *final;       /* finally */
  TlExpr     *text;        /* print, raise, mark, result label, time label: a FORMAT */
  guint       py_line;     /* the line it stands for in the scenario's Python; 0: none */
};

typedef struct
{
  char      *name;
  GStrv      args;
  TlBlock   *body;
  guint      line;         /* of its Steps key */
} TlProgramFunction;

/* What a [Shared] entry creates. */
typedef enum
{
  TL_SHARED_LOCK,
  TL_SHARED_RLOCK,
  TL_SHARED_SEMAPHORE,
  TL_SHARED_BOUNDED_SEMAPHORE,
  TL_SHARED_EVENT,
  TL_SHARED_CONDITION,
  TL_SHARED_BARRIER,
  TL_SHARED_QUEUE,
  TL_SHARED_PIPE,
  TL_SHARED_VALUE,
  TL_SHARED_ARRAY,
  TL_SHARED_MANAGER,
  TL_SHARED_MANAGER_LIST,
  TL_SHARED_MANAGER_DICT,
  TL_SHARED_SHARED_MEMORY,
  TL_SHARED_LIST,          /* a plain list: each process has its own copy */
  TL_N_SHARED_KINDS
} TlSharedKind;

typedef struct
{
  char         *name;      /* the second name for a Pipe's other end in name2 */
  char         *name2;
  TlSharedKind  kind;
  GPtrArray    *args;      /* TlExpr * */
  char         *owner;     /* a Manager's list/dict: the manager's name */
  guint         line;
} TlSharedDecl;

/* What a file may make the parser build, so that a small file cannot
 * take a lot of memory nor a deep one the stack: steps and expressions in
 * all (a step costs about 200 bytes, an expression 100), and blocks,
 * parentheses, lists and prefix operators nested in one another. */
#define TL_PROGRAM_MAX_NODES 500000
#define TL_PROGRAM_MAX_DEPTH 100

typedef struct
{
  GPtrArray  *functions;   /* TlProgramFunction *, Main first */
  GPtrArray  *shared;      /* TlSharedDecl *, in file order */
  GHashTable *by_name;     /* name -> TlProgramFunction *, for lookups in constant time */
  guint       n_nodes;     /* steps and expressions parsed so far */
} TlProgram;

TlProgram    *tl_program_new           (void);
void          tl_program_free          (TlProgram   *program);
TlProgramFunction   *tl_program_lookup        (TlProgram   *program,
                                        const char  *name);
/* Takes @function; FALSE (and @function freed) if the name is taken. */
gboolean      tl_program_add_function  (TlProgram   *program,
                                        TlProgramFunction  *function);
void          tl_function_free         (TlProgramFunction  *function);
void          tl_expr_free             (TlExpr      *expr);
void          tl_stmt_free             (TlStmt      *stmt);
void          tl_shared_decl_free      (TlSharedDecl *decl);
TlBlock      *tl_block_new             (void);

/* Letters, digits and _, not starting with a digit. */
gboolean      tl_program_is_name       (const char  *text);

/* Parsing: a key's value is parsed with the file position of its first
 * character, so errors name the file's line and column.  What is parsed
 * counts against @program's TL_PROGRAM_MAX_NODES. */
typedef struct
{
  const char *origin;      /* the file name errors show */
  guint       line;
  guint       column;
} TlSourcePos;

TlBlock      *tl_program_parse_steps   (TlProgram          *program,
                                        const char         *text,
                                        const TlSourcePos  *pos,
                                        GError            **error);
TlSharedDecl *tl_program_parse_shared  (TlProgram          *program,
                                        const char         *key,
                                        const char         *value,
                                        const TlSourcePos  *pos,
                                        GError            **error);

/* Checks what parsing cannot: every function, name and object a step
 * uses exists and is of a kind the step works on. */
gboolean      tl_program_check         (TlProgram          *program,
                                        const char * const *params,
                                        const char         *origin,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlProgram, tl_program_free)

G_END_DECLS
