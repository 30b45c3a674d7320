/* tl-vocabulary.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-program"

#include "config.h"

#include <string.h>

#include "tl-scenario-param.h"
#include "tl-vocabulary.h"

/* ---- steps ------------------------------------------------------------------- */

typedef struct
{
  const char *word;
  gboolean    is_verb;    /* a step starts with it; else only named in messages */
} StepWord;

static const StepWord steps[TL_N_STMTS] = {
  [TL_STMT_COMPUTE] = { "compute", TRUE },
  [TL_STMT_SLEEP] = { "sleep", TRUE },
  [TL_STMT_IO] = { "io", TRUE },
  [TL_STMT_PRINT] = { "print", TRUE },
  [TL_STMT_LET] = { "let", TRUE },
  [TL_STMT_READ] = { "read", TRUE },
  [TL_STMT_WRITE] = { "write", TRUE },
  [TL_STMT_UPDATE] = { "+=", FALSE },
  [TL_STMT_STORE] = { "[]=", FALSE },
  [TL_STMT_ACQUIRE] = { "acquire", TRUE },
  [TL_STMT_RELEASE] = { "release", TRUE },
  [TL_STMT_WITH] = { "with", TRUE },
  [TL_STMT_WAIT] = { "wait", TRUE },
  [TL_STMT_NOTIFY] = { "notify", TRUE },
  [TL_STMT_NOTIFY_ALL] = { "notify_all", TRUE },
  [TL_STMT_SET] = { "set", TRUE },
  [TL_STMT_CLEAR] = { "clear", TRUE },
  [TL_STMT_PUT] = { "put", TRUE },
  [TL_STMT_GET] = { "get", TRUE },
  [TL_STMT_SEND] = { "send", TRUE },
  [TL_STMT_RECV] = { "recv", TRUE },
  [TL_STMT_APPEND] = { "append", TRUE },
  [TL_STMT_POP] = { "pop", TRUE },
  [TL_STMT_REPEAT] = { "repeat", TRUE },
  [TL_STMT_FOR] = { "for", TRUE },
  [TL_STMT_WHILE] = { "while", TRUE },
  [TL_STMT_IF] = { "if", TRUE },
  [TL_STMT_TRY] = { "try", TRUE },
  [TL_STMT_RAISE] = { "raise", TRUE },
  [TL_STMT_CRASH] = { "crash", TRUE },
  [TL_STMT_RETURN] = { "return", TRUE },
  [TL_STMT_START] = { "start", TRUE },
  [TL_STMT_JOIN] = { "join", TRUE },
  [TL_STMT_JOIN_ALL] = { "join all", FALSE },
  [TL_STMT_CALL] = { "call", TRUE },
  [TL_STMT_POOL] = { "pool", TRUE },
  [TL_STMT_MAP] = { "map", TRUE },
  [TL_STMT_APPLY_ASYNC] = { "apply_async", TRUE },
  [TL_STMT_SUBMIT] = { "submit", TRUE },
  [TL_STMT_CLOSE] = { "close", TRUE },
  [TL_STMT_TERMINATE] = { "terminate", TRUE },
  [TL_STMT_SHUTDOWN] = { "shutdown", TRUE },
  [TL_STMT_RESULT] = { "result", TRUE },
  [TL_STMT_TIME] = { "time", TRUE },
  [TL_STMT_MARK] = { "mark", TRUE },
};

const char *
tl_stmt_kind_to_string (TlStmtKind kind)
{
  return kind < TL_N_STMTS && steps[kind].word != NULL ? steps[kind].word : "?";
}

TlStmtKind
tl_vocabulary_lookup_verb (const char *word,
                           gsize       len)
{
  static GHashTable *verbs;
  char buf[16];
  gpointer kind;

  if (g_once_init_enter (&verbs))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint k = 0; k < TL_N_STMTS; k++)
        if (steps[k].is_verb)
          g_hash_table_insert (table, (gpointer) steps[k].word, GUINT_TO_POINTER (k + 1));
      g_once_init_leave (&verbs, table);
    }
  /* Every verb is shorter than the buffer; a longer word is none. */
  if (len >= sizeof buf)
    return TL_N_STMTS;
  memcpy (buf, word, len);
  buf[len] = '\0';
  kind = g_hash_table_lookup (verbs, buf);
  return kind != NULL ? (TlStmtKind) (GPOINTER_TO_UINT (kind) - 1) : TL_N_STMTS;
}

/* ---- functions, methods, attributes -------------------------------------------- */

typedef struct
{
  const char *name;
  guint       min_args;
  guint       max_args;
} Callable;

static const Callable builtins[TL_N_BUILTINS] = {
  [TL_BUILTIN_LEN] = { "len", 1, 1 },
  [TL_BUILTIN_STR] = { "str", 1, 1 },
  [TL_BUILTIN_INT] = { "int", 1, 1 },
  [TL_BUILTIN_FLOAT] = { "float", 1, 1 },
  [TL_BUILTIN_ABS] = { "abs", 1, 1 },
  [TL_BUILTIN_ROUND] = { "round", 1, 1 },
  [TL_BUILTIN_MIN] = { "min", 1, TL_ANY_ARGS },
  [TL_BUILTIN_MAX] = { "max", 1, TL_ANY_ARGS },
  [TL_BUILTIN_SUM] = { "sum", 1, 1 },
  [TL_BUILTIN_SORTED] = { "sorted", 1, 1 },
  [TL_BUILTIN_LIST] = { "list", 0, 1 },
  [TL_BUILTIN_RANGE] = { "range", 2, 2 },
  [TL_BUILTIN_RANDOM] = { "random", 2, 2 },
  [TL_BUILTIN_UNIFORM] = { "uniform", 2, 2 },
  [TL_BUILTIN_FACTORIAL] = { "factorial", 1, 1 },
  [TL_BUILTIN_NOW] = { "now", 0, 0 },
  [TL_BUILTIN_CURRENT_PROCESS] = { "current_process", 0, 0 },
  [TL_BUILTIN_CURRENT_THREAD] = { "current_thread", 0, 0 },
  [TL_BUILTIN_GETPID] = { "getpid", 0, 0 },
};

static const Callable methods[TL_N_METHODS] = {
  [TL_METHOD_GET_LOCK] = { "get_lock", 0, 0 },
  [TL_METHOD_RESULT] = { "result", 0, 1 },
  [TL_METHOD_GET] = { "get", 0, 1 },
  [TL_METHOD_READY] = { "ready", 0, 0 },
  [TL_METHOD_DONE] = { "done", 0, 0 },
  [TL_METHOD_SUCCESSFUL] = { "successful", 0, 0 },
  [TL_METHOD_EXCEPTION] = { "exception", 0, 1 },
  [TL_METHOD_EMPTY] = { "empty", 0, 0 },
  [TL_METHOD_QSIZE] = { "qsize", 0, 0 },
  [TL_METHOD_IS_SET] = { "is_set", 0, 0 },
  [TL_METHOD_IS_ALIVE] = { "is_alive", 0, 0 },
  [TL_METHOD_COPY] = { "copy", 0, 0 },
};

static const char * const attrs[TL_N_ATTRS] = {
  [TL_ATTR_NAME] = "name",
  [TL_ATTR_VALUE] = "value",
  [TL_ATTR_EXITCODE] = "exitcode",
  [TL_ATTR_PID] = "pid",
  [TL_ATTR_MESSAGE] = "message",
  [TL_ATTR_ARGS] = "args",
};

const char *
tl_builtin_get_name (TlBuiltin builtin)
{
  g_return_val_if_fail (builtin < TL_N_BUILTINS, "?");
  return builtins[builtin].name;
}

void
tl_builtin_get_arity (TlBuiltin  builtin,
                      guint     *min_args,
                      guint     *max_args)
{
  g_return_if_fail (builtin < TL_N_BUILTINS);
  *min_args = builtins[builtin].min_args;
  *max_args = builtins[builtin].max_args;
}

const char *
tl_method_get_name (TlMethod method)
{
  g_return_val_if_fail (method < TL_N_METHODS, "?");
  return methods[method].name;
}

void
tl_method_get_arity (TlMethod  method,
                     guint    *min_args,
                     guint    *max_args)
{
  g_return_if_fail (method < TL_N_METHODS);
  *min_args = methods[method].min_args;
  *max_args = methods[method].max_args;
}

const char *
tl_attr_get_name (TlAttr attr)
{
  g_return_val_if_fail (attr < TL_N_ATTRS, "?");
  return attrs[attr];
}

/* ---- objects --------------------------------------------------------------------- */

typedef struct
{
  const char *word;        /* what a file writes: Lock(), mgr.list() */
  const char *display;     /* what a message calls it */
  gboolean    from_manager;
  guint       min_args;    /* after Value's and Array's type code */
  guint       max_args;
} ObjectWord;

static const ObjectWord objects[TL_N_SHARED_KINDS] = {
  [TL_SHARED_LOCK] = { "Lock", "Lock", FALSE, 0, 0 },
  [TL_SHARED_RLOCK] = { "RLock", "RLock", FALSE, 0, 0 },
  [TL_SHARED_SEMAPHORE] = { "Semaphore", "Semaphore", FALSE, 1, 1 },
  [TL_SHARED_BOUNDED_SEMAPHORE] = { "BoundedSemaphore", "BoundedSemaphore", FALSE, 1, 1 },
  [TL_SHARED_EVENT] = { "Event", "Event", FALSE, 0, 0 },
  [TL_SHARED_CONDITION] = { "Condition", "Condition", FALSE, 0, 1 },
  [TL_SHARED_BARRIER] = { "Barrier", "Barrier", FALSE, 1, 1 },
  [TL_SHARED_QUEUE] = { "Queue", "Queue", FALSE, 0, 1 },
  [TL_SHARED_PIPE] = { "Pipe", "Pipe", FALSE, 0, 0 },
  [TL_SHARED_VALUE] = { "Value", "Value", FALSE, 0, 1 },
  [TL_SHARED_ARRAY] = { "Array", "Array", FALSE, 1, 1 },
  [TL_SHARED_MANAGER] = { "Manager", "Manager", FALSE, 0, 0 },
  [TL_SHARED_MANAGER_LIST] = { "list", "list proxy", TRUE, 0, 1 },
  [TL_SHARED_MANAGER_DICT] = { "dict", "dict proxy", TRUE, 0, 0 },
  [TL_SHARED_SHARED_MEMORY] = { "SharedMemory", "SharedMemory", FALSE, 1, 1 },
  [TL_SHARED_LIST] = { "list", "list", FALSE, 0, 1 },
};

TlSharedKind
tl_vocabulary_lookup_object (const char *word,
                             gboolean    from_manager)
{
  for (guint k = 0; k < TL_N_SHARED_KINDS; k++)
    if (objects[k].from_manager == from_manager && strcmp (objects[k].word, word) == 0)
      return (TlSharedKind) k;
  return TL_N_SHARED_KINDS;
}

const char *
tl_vocabulary_object_list (void)
{
  static char *list;

  if (g_once_init_enter (&list))
    {
      GString *text = g_string_new (NULL);

      for (guint k = 0; k < TL_N_SHARED_KINDS; k++)
        if (!objects[k].from_manager)
          g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", objects[k].word);
      g_once_init_leave (&list, g_string_free (text, FALSE));
    }
  return list;
}

const char *
tl_shared_kind_to_string (TlSharedKind kind)
{
  return kind < TL_N_SHARED_KINDS ? objects[kind].display : "?";
}

void
tl_shared_kind_get_arity (TlSharedKind  kind,
                          guint        *min_args,
                          guint        *max_args)
{
  g_return_if_fail (kind < TL_N_SHARED_KINDS);
  *min_args = objects[kind].min_args;
  *max_args = objects[kind].max_args;
}

/* ---- the lesson: cards and charts ------------------------------------------------- */

#define OBJ(k) (1u << (k))
#define LOCKS (OBJ (TL_SHARED_LOCK) | OBJ (TL_SHARED_RLOCK) | OBJ (TL_SHARED_SEMAPHORE) | \
               OBJ (TL_SHARED_BOUNDED_SEMAPHORE))
#define WAITABLE (LOCKS | OBJ (TL_SHARED_EVENT) | OBJ (TL_SHARED_CONDITION) | OBJ (TL_SHARED_BARRIER))
#define CHANNELS (OBJ (TL_SHARED_QUEUE) | OBJ (TL_SHARED_PIPE) | OBJ (TL_SHARED_MANAGER))
#define VALUES (OBJ (TL_SHARED_VALUE))

typedef struct
{
  const char  *word;
  TlLessonArg  arg;
  gboolean     compares;   /* may end in "== LABEL" */
  guint32      objects;    /* TL_LESSON_ARG_OBJECT: 1 << TlSharedKind it may name */
} CardWord;

static const CardWord cards[TL_N_LESSON_CARDS] = {
  [TL_LESSON_CARD_RESULT] = { "result", TL_LESSON_ARG_LABEL, TRUE, 0 },
  [TL_LESSON_CARD_VALUE] = { "value", TL_LESSON_ARG_OBJECT, TRUE, VALUES },
  [TL_LESSON_CARD_LOST_UPDATES] = { "lost_updates", TL_LESSON_ARG_OBJECT, FALSE, VALUES },
  [TL_LESSON_CARD_TASKS] = { "tasks", TL_LESSON_ARG_NONE, FALSE, 0 },
  [TL_LESSON_CARD_PRINTS] = { "prints", TL_LESSON_ARG_TEXT, FALSE, 0 },
  [TL_LESSON_CARD_HOLDERS] = { "holders", TL_LESSON_ARG_OBJECT, FALSE, LOCKS },
  [TL_LESSON_CARD_WAITERS] = { "waiters", TL_LESSON_ARG_OBJECT, FALSE, WAITABLE },
  [TL_LESSON_CARD_MARKS] = { "marks", TL_LESSON_ARG_TEXT, FALSE, 0 },
  [TL_LESSON_CARD_MESSAGES] = { "messages", TL_LESSON_ARG_OBJECT, FALSE, CHANNELS },
  [TL_LESSON_CARD_ERRORS] = { "errors", TL_LESSON_ARG_NONE, FALSE, 0 },
  [TL_LESSON_CARD_CRASH] = { "crash", TL_LESSON_ARG_NONE, FALSE, 0 },
  [TL_LESSON_CARD_DEADLOCK] = { "deadlock", TL_LESSON_ARG_NONE, FALSE, 0 },
};

static const char * const charts[TL_N_LESSON_CHARTS] = {
  [TL_LESSON_CHART_PARALLELISM] = "parallelism",
  [TL_LESSON_CHART_TIMES] = "times",
  [TL_LESSON_CHART_WAITS] = "waits",
  [TL_LESSON_CHART_STARTS] = "starts",
};

TlLessonArg
tl_vocabulary_card_arg (TlLessonCardKind kind)
{
  g_return_val_if_fail (kind < TL_N_LESSON_CARDS, TL_LESSON_ARG_NONE);
  return cards[kind].arg;
}

gboolean
tl_vocabulary_card_compares (TlLessonCardKind kind)
{
  g_return_val_if_fail (kind < TL_N_LESSON_CARDS, FALSE);
  return cards[kind].compares;
}

gboolean
tl_vocabulary_card_takes (TlLessonCardKind kind,
                          TlSharedKind     object)
{
  g_return_val_if_fail (kind < TL_N_LESSON_CARDS, FALSE);
  /* A Pipe's two ends, a Manager's proxies: what their owner is. */
  if (object == TL_SHARED_MANAGER_LIST || object == TL_SHARED_MANAGER_DICT)
    object = TL_SHARED_MANAGER;
  return object < TL_N_SHARED_KINDS && (cards[kind].objects & OBJ (object)) != 0;
}

char *
tl_vocabulary_card_objects (TlLessonCardKind kind)
{
  GString *text = g_string_new (NULL);
  guint n = 0, total = 0;

  g_return_val_if_fail (kind < TL_N_LESSON_CARDS, NULL);
  for (guint k = 0; k < TL_N_SHARED_KINDS; k++)
    total += (cards[kind].objects & OBJ (k)) != 0;
  for (guint k = 0; k < TL_N_SHARED_KINDS; k++)
    if (cards[kind].objects & OBJ (k))
      {
        n++;
        g_string_append_printf (text, "%s%s", n == 1 ? "" : n == total ? " or " : ", ",
                                objects[k].word);
      }
  return g_string_free (text, FALSE);
}

/* ---- units ------------------------------------------------------------------------ */

static const struct
{
  const char *word;
  double      ns;
} units[] = {
  { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
};

double
tl_vocabulary_unit_ns (const char *word,
                       gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strlen (units[i].word) == len && strncmp (units[i].word, word, len) == 0)
      return units[i].ns;
  return 0;
}

/* ---- questions -------------------------------------------------------------------- */

#define ON(k) (1u << (k))
#define ON_LOCKS (ON (TL_SHARED_LOCK) | ON (TL_SHARED_RLOCK) | ON (TL_SHARED_SEMAPHORE) | \
                  ON (TL_SHARED_BOUNDED_SEMAPHORE) | ON (TL_SHARED_CONDITION))
#define ON_VALUES (ON (TL_SHARED_VALUE) | ON (TL_SHARED_ARRAY) | ON (TL_SHARED_SHARED_MEMORY))

typedef struct
{
  const char    *word;
  TlEventKind    event;
  TlMomentNames  names;
  guint32        takes;      /* TL_MOMENT_NAMES_OBJECT: ON (TlSharedKind) it works on */
  gboolean       has_value;
} MomentWord;

static const MomentWord moments[TL_N_MOMENTS] = {
  [TL_MOMENT_TASK] = { "task", TL_EVENT_TASK_BEGIN, TL_MOMENT_NAMES_NOTHING, 0, FALSE },
  [TL_MOMENT_ACQUIRE] = { "acquire", TL_EVENT_LOCK_ACQUIRE, TL_MOMENT_NAMES_OBJECT, ON_LOCKS, FALSE },
  [TL_MOMENT_RELEASE] = { "release", TL_EVENT_LOCK_RELEASE, TL_MOMENT_NAMES_OBJECT, ON_LOCKS, FALSE },
  [TL_MOMENT_WAIT] = { "wait", TL_EVENT_WAIT_BEGIN, TL_MOMENT_NAMES_OBJECT,
                       ON_LOCKS | ON (TL_SHARED_EVENT) | ON (TL_SHARED_BARRIER), FALSE },
  [TL_MOMENT_READ] = { "read", TL_EVENT_READ, TL_MOMENT_NAMES_OBJECT, ON_VALUES, TRUE },
  [TL_MOMENT_WRITE] = { "write", TL_EVENT_WRITE, TL_MOMENT_NAMES_OBJECT, ON_VALUES, TRUE },
  [TL_MOMENT_LOST] = { "lost", TL_EVENT_WRITE, TL_MOMENT_NAMES_OBJECT, ON (TL_SHARED_VALUE), TRUE },
  [TL_MOMENT_PUT] = { "put", TL_EVENT_SEND, TL_MOMENT_NAMES_OBJECT, ON (TL_SHARED_QUEUE), FALSE },
  [TL_MOMENT_GET] = { "get", TL_EVENT_RECEIVE, TL_MOMENT_NAMES_OBJECT, ON (TL_SHARED_QUEUE), FALSE },
  [TL_MOMENT_SEND] = { "send", TL_EVENT_SEND, TL_MOMENT_NAMES_OBJECT, ON (TL_SHARED_PIPE), FALSE },
  [TL_MOMENT_RECV] = { "recv", TL_EVENT_RECEIVE, TL_MOMENT_NAMES_OBJECT, ON (TL_SHARED_PIPE), FALSE },
  [TL_MOMENT_PRINT] = { "print", TL_EVENT_PRINT, TL_MOMENT_NAMES_NOTHING, 0, FALSE },
  [TL_MOMENT_RAISE] = { "raise", TL_EVENT_ERROR_RAISED, TL_MOMENT_NAMES_NOTHING, 0, FALSE },
  [TL_MOMENT_TIME] = { "time", TL_EVENT_SLICE_BEGIN, TL_MOMENT_NAMES_LABEL, 0, FALSE },
};

static const char * const answers[] = { "worker", "value", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (answers) == TL_ANSWER_CHOICE + 1);

static const char * const facts[] = { "worker", "value", "read", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (facts) == TL_N_FACTS + 1);

static const char * const python_keys[] = { "File", NULL };
static const char * const question_keys[] = { "Ask", "When", "Answer", "Choices", "Explain", NULL };

TlEventKind
tl_moment_get_event (TlMoment moment)
{
  g_return_val_if_fail (moment < TL_N_MOMENTS, TL_EVENT_NONE);
  return moments[moment].event;
}

TlMomentNames
tl_moment_get_names (TlMoment moment)
{
  g_return_val_if_fail (moment < TL_N_MOMENTS, TL_MOMENT_NAMES_NOTHING);
  return moments[moment].names;
}

gboolean
tl_moment_takes (TlMoment     moment,
                 TlSharedKind kind)
{
  g_return_val_if_fail (moment < TL_N_MOMENTS, FALSE);
  return kind < TL_N_SHARED_KINDS && (moments[moment].takes & ON (kind)) != 0;
}

gboolean
tl_moment_has_value (TlMoment moment)
{
  g_return_val_if_fail (moment < TL_N_MOMENTS, FALSE);
  return moments[moment].has_value;
}

/* The words of the sets above, for word_list (). */
static void
add_question_words (TlWordSet  set,
                    GPtrArray *words)
{
  const char * const *fixed = set == TL_WORDS_PYTHON_KEYS ? python_keys :
                              set == TL_WORDS_QUESTION_KEYS ? question_keys :
                              set == TL_WORDS_ANSWERS ? answers :
                              set == TL_WORDS_FACTS ? facts : NULL;

  if (set == TL_WORDS_MOMENTS)
    for (guint k = 0; k < TL_N_MOMENTS; k++)
      g_ptr_array_add (words, (gpointer) moments[k].word);
  for (guint k = 0; fixed != NULL && fixed[k] != NULL; k++)
    g_ptr_array_add (words, (gpointer) fixed[k]);
}

/* ---- the word sets ----------------------------------------------------------------- */

/* In TlParamType order. */
static const char * const param_types[] = { "int", "double", "bool", "choice", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (param_types) == TL_PARAM_CHOICE + 2);

static const char * const scenario_keys[] = {
  "Id", "Name", "Topic", "Summary", "Narration", "Order", "Timeout", "Ending", NULL
};
static const char * const parameter_keys[] = {
  "Type", "Label", "Description", "Default", "Min", "Max", "Step", "Choices", NULL
};
static const char * const function_keys[] = { "Args", "Steps", NULL };
static const char * const lesson_keys[] = { "Objects", "Cards", "Chart", "Phases", NULL };

/* Every set as a NULL-terminated list, built once from the tables. */
static const char * const *
word_list (TlWordSet set)
{
  static const char **lists[TL_N_WORD_SETS];
  static gsize built;

  if (g_once_init_enter (&built))
    {
      GPtrArray *words;

      for (guint s = 0; s < TL_N_WORD_SETS; s++)
        {
          words = g_ptr_array_new ();
          switch ((TlWordSet) s)
            {
            case TL_WORDS_STEPS:
              for (guint k = 0; k < TL_N_STMTS; k++)
                if (steps[k].is_verb)
                  g_ptr_array_add (words, (gpointer) steps[k].word);
              break;
            case TL_WORDS_FUNCTIONS:
              for (guint k = 0; k < TL_N_BUILTINS; k++)
                g_ptr_array_add (words, (gpointer) builtins[k].name);
              break;
            case TL_WORDS_METHODS:
              for (guint k = 0; k < TL_N_METHODS; k++)
                g_ptr_array_add (words, (gpointer) methods[k].name);
              break;
            case TL_WORDS_ATTRIBUTES:
              for (guint k = 0; k < TL_N_ATTRS; k++)
                g_ptr_array_add (words, (gpointer) attrs[k]);
              break;
            case TL_WORDS_OBJECTS:
              /* A plain list and a Manager's are one word. */
              for (guint k = 0; k < TL_N_SHARED_KINDS; k++)
                if (!g_ptr_array_find_with_equal_func (words, objects[k].word, g_str_equal, NULL))
                  g_ptr_array_add (words, (gpointer) objects[k].word);
              break;
            case TL_WORDS_UNITS:
              for (guint k = 0; k < G_N_ELEMENTS (units); k++)
                g_ptr_array_add (words, (gpointer) units[k].word);
              break;
            case TL_WORDS_CARDS:
              for (guint k = 0; k < TL_N_LESSON_CARDS; k++)
                g_ptr_array_add (words, (gpointer) cards[k].word);
              break;
            case TL_WORDS_CHARTS:
              for (guint k = 0; k < TL_N_LESSON_CHARTS; k++)
                g_ptr_array_add (words, (gpointer) charts[k]);
              break;
            case TL_WORDS_PARAM_TYPES:
            case TL_WORDS_SCENARIO_KEYS:
            case TL_WORDS_PARAMETER_KEYS:
            case TL_WORDS_FUNCTION_KEYS:
            case TL_WORDS_LESSON_KEYS:
              {
                const char * const *fixed = s == TL_WORDS_PARAM_TYPES ? param_types :
                                            s == TL_WORDS_SCENARIO_KEYS ? scenario_keys :
                                            s == TL_WORDS_PARAMETER_KEYS ? parameter_keys :
                                            s == TL_WORDS_FUNCTION_KEYS ? function_keys :
                                            lesson_keys;

                for (guint k = 0; fixed[k] != NULL; k++)
                  g_ptr_array_add (words, (gpointer) fixed[k]);
              }
              break;
            case TL_WORDS_PYTHON_KEYS:
            case TL_WORDS_QUESTION_KEYS:
            case TL_WORDS_MOMENTS:
            case TL_WORDS_ANSWERS:
            case TL_WORDS_FACTS:
              add_question_words ((TlWordSet) s, words);
              break;
            case TL_N_WORD_SETS:
            default:
              g_assert_not_reached ();
            }
          g_ptr_array_add (words, NULL);
          lists[s] = (const char **) g_ptr_array_free (words, FALSE);
        }
      g_once_init_leave (&built, 1);
    }
  return lists[set];
}

const char * const *
tl_vocabulary_words (TlWordSet set)
{
  g_return_val_if_fail (set < TL_N_WORD_SETS, NULL);
  return word_list (set);
}

guint
tl_vocabulary_n_words (TlWordSet set)
{
  g_return_val_if_fail (set < TL_N_WORD_SETS, 0);
  return g_strv_length ((char **) word_list (set));
}

const char *
tl_vocabulary_word (TlWordSet set,
                    guint     index)
{
  g_return_val_if_fail (index < tl_vocabulary_n_words (set), NULL);
  return word_list (set)[index];
}

int
tl_vocabulary_lookup (TlWordSet   set,
                      const char *word,
                      gssize      len)
{
  const char * const *words;
  gsize n = len < 0 ? strlen (word) : (gsize) len;

  g_return_val_if_fail (set < TL_N_WORD_SETS, -1);
  words = word_list (set);
  for (int i = 0; words[i] != NULL; i++)
    if (strlen (words[i]) == n && strncmp (words[i], word, n) == 0)
      return i;
  return -1;
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

const char *
tl_vocabulary_suggest (TlWordSet   set,
                       const char *word)
{
  const char * const *words;
  const char *best = NULL;
  guint best_distance = 3;

  g_return_val_if_fail (set < TL_N_WORD_SETS, NULL);
  /* Long words cost long comparisons, and are no typo of a short one. */
  if (strlen (word) > 64)
    return NULL;
  words = word_list (set);
  for (guint i = 0; words[i] != NULL; i++)
    {
      guint d = edit_distance (word, words[i]);

      if (d < best_distance)
        {
          best = words[i];
          best_distance = d;
        }
    }
  return best;
}
