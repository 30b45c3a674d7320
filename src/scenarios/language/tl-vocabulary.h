/* tl-vocabulary.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every word of the scenario language, said once: the step verbs, the
 * built-in functions, the methods and attributes, the objects [Shared]
 * makes, the units of time, the parameter types, the groups and keys of
 * a file, and the cards and charts a [Lesson] shows.  The parser, the checker, the interpreter, the "did you mean"
 * suggestions and the test that keeps data/scenarios/README.md in step all
 * read these tables; a word added here is a word the guide must explain.
 */
#pragma once

#include <glib.h>

#include "tl-event.h"
#include "tl-lesson-spec.h"
#include "tl-program.h"

G_BEGIN_DECLS

/* No upper bound on the number of arguments. */
#define TL_ANY_ARGS G_MAXUINT

/* ---- built-in functions --------------------------------------------------- */

typedef enum
{
  TL_BUILTIN_LEN,
  TL_BUILTIN_STR,
  TL_BUILTIN_INT,
  TL_BUILTIN_FLOAT,
  TL_BUILTIN_ABS,
  TL_BUILTIN_ROUND,
  TL_BUILTIN_MIN,
  TL_BUILTIN_MAX,
  TL_BUILTIN_SUM,
  TL_BUILTIN_SORTED,
  TL_BUILTIN_LIST,
  TL_BUILTIN_RANGE,
  TL_BUILTIN_RANDOM,
  TL_BUILTIN_UNIFORM,
  TL_BUILTIN_FACTORIAL,
  TL_BUILTIN_NOW,
  TL_BUILTIN_CURRENT_PROCESS,
  TL_BUILTIN_CURRENT_THREAD,
  TL_BUILTIN_GETPID,
  TL_N_BUILTINS
} TlBuiltin;

/* ---- methods and attributes of objects ------------------------------------ */

typedef enum
{
  TL_METHOD_GET_LOCK,      /* Value, Array */
  TL_METHOD_RESULT,        /* AsyncResult, Future */
  TL_METHOD_GET,
  TL_METHOD_READY,
  TL_METHOD_DONE,
  TL_METHOD_SUCCESSFUL,
  TL_METHOD_EXCEPTION,
  TL_METHOD_EMPTY,         /* Queue */
  TL_METHOD_QSIZE,
  TL_METHOD_IS_SET,        /* Event */
  TL_METHOD_IS_ALIVE,      /* Process, Thread */
  TL_METHOD_COPY,          /* lists */
  TL_N_METHODS
} TlMethod;

typedef enum
{
  TL_ATTR_NAME,            /* any object */
  TL_ATTR_VALUE,           /* Value */
  TL_ATTR_EXITCODE,        /* Process */
  TL_ATTR_PID,             /* Process, Thread */
  TL_ATTR_MESSAGE,         /* an exception */
  TL_ATTR_ARGS,
  TL_N_ATTRS
} TlAttr;

/* ---- the word sets, for suggestions and for the guide ------------------------ */

typedef enum
{
  TL_WORDS_STEPS,          /* compute, sleep, ... (the verbs a step starts with) */
  TL_WORDS_FUNCTIONS,      /* len, str, ... */
  TL_WORDS_METHODS,        /* get_lock, result, ... */
  TL_WORDS_ATTRIBUTES,     /* name, value, ... */
  TL_WORDS_OBJECTS,        /* Lock, Queue, ..., and a Manager's list and dict */
  TL_WORDS_UNITS,          /* ns, us, ms, s */
  TL_WORDS_PARAM_TYPES,    /* int, double, bool, choice */
  TL_WORDS_SCENARIO_KEYS,  /* the keys of [Scenario] */
  TL_WORDS_PARAMETER_KEYS, /* the keys of [Parameter NAME] */
  TL_WORDS_FUNCTION_KEYS,  /* the keys of [Function NAME] and [Main] */
  TL_WORDS_PYTHON_KEYS,    /* the keys of [Python] besides the functions' names */
  TL_WORDS_QUESTION_KEYS,  /* the keys of [Question NAME] */
  TL_WORDS_MOMENTS,        /* task, acquire, ... (what a question's When= names) */
  TL_WORDS_ANSWERS,        /* worker, value (an answer the run gives) */
  TL_WORDS_FACTS,          /* worker, value, read (what {…} in a question's text says) */
  TL_WORDS_LESSON_KEYS,    /* the keys of [Lesson] */
  TL_WORDS_CARDS,          /* result, value, lost_updates, ... (TlLessonCardKind order) */
  TL_WORDS_CHARTS,         /* parallelism, times, waits, starts (TlLessonChartKind order) */
  TL_N_WORD_SETS
} TlWordSet;

guint        tl_vocabulary_n_words     (TlWordSet    set);
const char  *tl_vocabulary_word        (TlWordSet    set,
                                        guint        index);
/* The word of @set closest to @word (at most two edits away), or NULL. */
const char  *tl_vocabulary_suggest     (TlWordSet    set,
                                        const char  *word);
/* Index of @word (@len bytes, -1 for NUL-terminated) in @set, or -1. */
int          tl_vocabulary_lookup      (TlWordSet    set,
                                        const char  *word,
                                        gssize       len);
/* The keys of @set as a NULL-terminated list (static). */
const char * const *
             tl_vocabulary_words       (TlWordSet    set);

/* Steps: the kind a verb starts, or TL_N_STMTS. */
TlStmtKind   tl_vocabulary_lookup_verb (const char  *word,
                                        gsize        len);
/* How a step is named in messages: "acquire", "join all", "+=". */
const char  *tl_stmt_kind_to_string    (TlStmtKind   kind);

/* Built-in functions, methods and attributes: their names and the
 * number of arguments they take. */
const char  *tl_builtin_get_name       (TlBuiltin    builtin);
void         tl_builtin_get_arity      (TlBuiltin    builtin,
                                        guint       *min_args,
                                        guint       *max_args);
const char  *tl_method_get_name        (TlMethod     method);
void         tl_method_get_arity       (TlMethod     method,
                                        guint       *min_args,
                                        guint       *max_args);
const char  *tl_attr_get_name          (TlAttr       attr);

/* Objects [Shared] makes: "Lock()" and the like, or a Manager's
 * "mgr.list()" (@from_manager).  TL_N_SHARED_KINDS if unknown. */
TlSharedKind tl_vocabulary_lookup_object (const char *word,
                                          gboolean    from_manager);
/* The constructors a file may write, "Lock, RLock, ...", for messages. */
const char  *tl_vocabulary_object_list (void);
/* How an object is named in messages: "Lock", "list proxy". */
const char  *tl_shared_kind_to_string  (TlSharedKind kind);
void         tl_shared_kind_get_arity  (TlSharedKind kind,
                                        guint       *min_args,
                                        guint       *max_args);

/* Cards: what a card's subject is, whether it may be compared with a
 * result ("== LABEL"), and whether an object of @object's kind may be
 * its subject. */
TlLessonArg  tl_vocabulary_card_arg      (TlLessonCardKind kind);
gboolean     tl_vocabulary_card_compares (TlLessonCardKind kind);
gboolean     tl_vocabulary_card_takes    (TlLessonCardKind kind,
                                          TlSharedKind     object);
/* The objects a card may name, "Lock, RLock or Semaphore", for messages. */
char        *tl_vocabulary_card_objects  (TlLessonCardKind kind);

/* Units of time: nanoseconds per unit, 0 if @word is not one. */
double       tl_vocabulary_unit_ns     (const char  *word,
                                        gsize        len);

/* ---- questions: the moments of a run they are asked at --------------------- */

/* In TL_WORDS_MOMENTS order. */
typedef enum
{
  TL_MOMENT_TASK,          /* a pool's task begins */
  TL_MOMENT_ACQUIRE,       /* a lock is taken */
  TL_MOMENT_RELEASE,       /* ... let go */
  TL_MOMENT_WAIT,          /* a wait begins: for a lock, an Event, a Condition, a Barrier */
  TL_MOMENT_READ,          /* a shared value is read */
  TL_MOMENT_WRITE,         /* ... written */
  TL_MOMENT_LOST,          /* ... written over an update the writer never read */
  TL_MOMENT_PUT,           /* an item goes on a Queue */
  TL_MOMENT_GET,           /* ... comes off it */
  TL_MOMENT_SEND,          /* a message goes into a Pipe */
  TL_MOMENT_RECV,          /* ... comes out of it */
  TL_MOMENT_PRINT,         /* a line is printed */
  TL_MOMENT_RAISE,         /* an exception is raised */
  TL_MOMENT_TIME,          /* a time "label" { } block begins */
  TL_N_MOMENTS
} TlMoment;

/* What a moment's word is followed by. */
typedef enum
{
  TL_MOMENT_NAMES_NOTHING,
  TL_MOMENT_NAMES_OBJECT,  /* a [Shared] name */
  TL_MOMENT_NAMES_LABEL,   /* a "label" */
} TlMomentNames;

/* In TL_WORDS_ANSWERS order; any other answer is one of the choices. */
typedef enum
{
  TL_ANSWER_WORKER,        /* who does it: a thread's or a process's name */
  TL_ANSWER_VALUE,         /* the value it reads or writes */
  TL_ANSWER_CHOICE,
} TlAnswer;

/* In TL_WORDS_FACTS order: what a question's {…} may say. */
typedef enum
{
  TL_FACT_WORKER,          /* who does it */
  TL_FACT_VALUE,           /* the object's value just before (its last write) */
  TL_FACT_READ,            /* the value the worker last read of it */
  TL_N_FACTS
} TlFact;

/* The event of the trace a moment is (a wait: TL_EVENT_WAIT_BEGIN, for
 * any kind of wait). */
TlEventKind   tl_moment_get_event      (TlMoment     moment);
TlMomentNames tl_moment_get_names      (TlMoment     moment);
/* Whether it works on objects of @kind. */
gboolean      tl_moment_takes          (TlMoment     moment,
                                        TlSharedKind kind);
/* Whether the event carries a value (TL_ANSWER_VALUE, {value}, {read}). */
gboolean      tl_moment_has_value      (TlMoment     moment);

G_END_DECLS
