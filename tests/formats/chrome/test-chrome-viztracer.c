/* test-chrome-viztracer.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Traces viztracer writes for Python programs (the golden files
 * viztracer-pool.json and viztracer-threads.json, made by
 * make-viztracer-like.py next to this file, whose source says what is in
 * them): a Python user's program as they wrote it.  Forked pool workers
 * as processes of their own under their parent, calls with their
 * arguments and return values, prints and exceptions as a live run's,
 * the source of the program, whose code each function is, colours that
 * hold across traces.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "chrome-test-util.h"
#include "model-brute.h"
#include "tl-chrome-private.h"
#include "tl-test-util.h"
#include "tl-trace-model-code.h"
#include "tl-trace-overview.h"

#define MAIN    5000
#define LOGGER  5003
#define RESULTS 5004
#define WORKER1 5001
#define WORKER2 5002
#define PROG    "/home/u/prog.py"

/* The pool program's clock: its time 0, in nanoseconds. */
#define T0 G_GINT64_CONSTANT (1733000000000000123)
#define US G_GINT64_CONSTANT (1000)

static const char *
str (TlTraceModel *model,
     guint32       id)
{
  return id != TL_INDEX_NONE ? tl_trace_model_get_string (model, id) : NULL;
}

static guint32
thread_lane (TlTraceModel *model,
             guint32       pid,
             guint64       tid)
{
  guint32 lane = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, pid, tid);

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  return lane;
}

static const TlProcess *
process (TlTraceModel *model,
         guint32       pid)
{
  guint32 index = tl_trace_model_lookup_process (model, pid);

  g_assert_cmpuint (index, !=, TL_INDEX_NONE);
  return tl_trace_model_get_process (model, index);
}

static const char *
lane_name (TlTraceModel *model,
           guint32       lane)
{
  return str (model, tl_lane_get_name (tl_trace_model_get_lane (model, lane)));
}

/* The spans of @lane named @name, in time order. */
static GArray *
spans_named (TlTraceModel *model,
             guint32       lane,
             const char   *name)
{
  g_autoptr(GArray) all = chrome_test_lane_spans (model, lane);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (TlSpan));

  for (guint i = 0; i < all->len; i++)
    {
      const TlSpan *span = &g_array_index (all, TlSpan, i);

      if (g_strcmp0 (str (model, span->ref), name) == 0)
        g_array_append_val (found, *span);
    }
  return found;
}

static const TlSpan *
the_span (GArray *spans,
          guint   index)
{
  g_assert_cmpuint (index, <, spans->len);
  return &g_array_index (spans, TlSpan, index);
}

static guint
count_lanes (TlTraceModel *model,
             TlLaneKind    kind)
{
  return tl_trace_model_count_lanes (model, kind);
}

static void
assert_no_warnings (TlTraceModel *model)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    g_error ("unexpected warning: %s", tl_trace_model_get_warning (model, i)->error->message);
}

/* ---- processes and threads ------------------------------------------------- */

/* Pool workers run on with their parent's thread id: each is a process
 * of its own, named as multiprocessing names it, its parent known. */
static void
test_pool_processes (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  guint32 main_lane = thread_lane (model, MAIN, MAIN);
  guint32 worker1 = thread_lane (model, WORKER1, MAIN);
  guint32 worker2 = thread_lane (model, WORKER2, MAIN);
  g_autoptr(GArray) counts = NULL;

  assert_no_warnings (model);
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, 3);
  g_assert_cmpstr (str (model, process (model, MAIN)->name), ==, "MainProcess");
  g_assert_cmpstr (str (model, process (model, WORKER1)->name), ==, "ForkPoolWorker-1");
  g_assert_cmpstr (str (model, process (model, WORKER2)->name), ==, "ForkPoolWorker-2");

  /* The tid says who forked them. */
  g_assert_cmpuint (process (model, MAIN)->parent_pid, ==, 0);
  g_assert_cmpuint (process (model, WORKER1)->parent_pid, ==, MAIN);
  g_assert_cmpuint (process (model, WORKER2)->parent_pid, ==, MAIN);

  /* Three lanes of one tid, one per process: "ForkPoolWorker-2 /
   * MainThread" is the process's name and its lane's. */
  g_assert_cmpuint (worker1, !=, main_lane);
  g_assert_cmpuint (worker2, !=, worker1);
  g_assert_cmpuint (tl_lane_get_process (tl_trace_model_get_lane (model, worker2)), ==,
                    tl_trace_model_lookup_process (model, WORKER2));
  g_assert_cmpstr (lane_name (model, worker2), ==, "MainThread");
  g_assert_cmpstr (lane_name (model, thread_lane (model, MAIN, LOGGER)), ==, "Thread-1 (log_progress)");
  g_assert_cmpstr (lane_name (model, thread_lane (model, MAIN, RESULTS)), ==, "Thread-2 (_handle_results)");

  /* The workers name their parent's logging thread too (their tracer
   * inherited its record), but never ran it: no lane for it. */
  g_assert_cmpuint (tl_trace_model_lookup_lane (model, TL_LANE_THREAD, WORKER1, LOGGER), ==, TL_INDEX_NONE);
  g_assert_cmpuint (tl_trace_model_lookup_lane (model, TL_LANE_THREAD, WORKER2, LOGGER), ==, TL_INDEX_NONE);
  g_assert_cmpuint (count_lanes (model, TL_LANE_THREAD), ==, 5);

  /* Each worker's calls are on its own lane. */
  counts = spans_named (model, worker1, "count_primes (" PROG ":6)");
  g_assert_cmpuint (counts->len, ==, 2);
  g_clear_pointer (&counts, g_array_unref);
  counts = spans_named (model, worker2, "count_primes (" PROG ":6)");
  g_assert_cmpuint (counts->len, ==, 1);
  g_clear_pointer (&counts, g_array_unref);
  counts = spans_named (model, main_lane, "count_primes (" PROG ":6)");
  g_assert_cmpuint (counts->len, ==, 0);
}

/* What a view needs to list them in the order they came to be: a parent
 * began before its children, and each lane knows its first item. */
static void
test_pool_creation_times (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  const struct
  {
    guint32 pid;
    guint64 tid;
    gint64  first;
  } lanes[] = {
    { MAIN, MAIN, 0 }, { MAIN, LOGGER, 360 }, { MAIN, RESULTS, 1450 },
    { WORKER1, MAIN, 810 }, { WORKER2, MAIN, 1210 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lanes); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, thread_lane (model, lanes[i].pid, lanes[i].tid));
      gint64 first = G_MAXINT64;

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          if (n > 0)
            first = MIN (first, spans[0].start);
        }
      g_assert_cmpint (first, ==, T0 + lanes[i].first * US);
    }
}

/* And the view lists them so: MainProcess with its threads in the order
 * they started, then ForkPoolWorker-1, then ForkPoolWorker-2. */
static void
test_pool_creation_order (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  const guint32 pids[] = { MAIN, WORKER1, WORKER2 };
  const guint64 main_threads[] = { MAIN, LOGGER, RESULTS };
  const guint32 *order;
  const guint32 *lanes;
  guint n, n_lanes, n_threads = 0;

  order = tl_trace_model_get_process_order (model, &n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (pids));
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (tl_trace_model_get_process (model, order[i])->pid, ==, pids[i]);

  lanes = tl_trace_model_get_lane_order (model, tl_trace_model_lookup_process (model, MAIN), &n_lanes);
  for (guint i = 0; i < n_lanes; i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, lanes[i]);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      g_assert_cmpuint (n_threads, <, G_N_ELEMENTS (main_threads));
      g_assert_cmpuint (tl_lane_get_key (lane), ==, main_threads[n_threads]);
      n_threads++;
    }
  g_assert_cmpuint (n_threads, ==, G_N_ELEMENTS (main_threads));
}

static void
test_threads_program (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-threads.json");
  g_autoptr(GArray) workers = NULL;

  assert_no_warnings (model);
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, 1);
  g_assert_cmpuint (process (model, 6000)->parent_pid, ==, 0);
  g_assert_cmpuint (count_lanes (model, TL_LANE_THREAD), ==, 3);
  g_assert_cmpstr (lane_name (model, thread_lane (model, 6000, 6000)), ==, "MainThread");
  g_assert_cmpstr (lane_name (model, thread_lane (model, 6000, 6001)), ==, "Thread-1 (worker)");
  g_assert_cmpstr (lane_name (model, thread_lane (model, 6000, 6002)), ==, "Thread-2 (worker)");

  workers = spans_named (model, thread_lane (model, 6000, 6002), "worker (/home/v/threads_demo.py:7)");
  g_assert_cmpuint (workers->len, ==, 1);
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (workers, 0)), ==,
                   "lock=<unlocked _thread.lock object at 0x7f1c9a2b3c40>, n=8000");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, the_span (workers, 0)), ==, "1007");
}

/* Without viztracer's metadata a shared tid is no fork: a hand-written
 * trace reuses tid 1 in every process, and names threads that never run. */
static void
test_shared_tid_elsewhere (void)
{
  static const char json[] =
    "[{\"name\":\"a\",\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1},"
    " {\"name\":\"b\",\"ph\":\"X\",\"ts\":3,\"dur\":1,\"pid\":2,\"tid\":1},"
    " {\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":2,\"tid\":7,\"args\":{\"name\":\"idle\"}},"
    " {\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":3,\"tid\":1,\"args\":{\"name\":\"spare\"}}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (process (model, 2)->parent_pid, ==, 0);
  g_assert_cmpstr (lane_name (model, thread_lane (model, 2, 7)), ==, "idle");
  g_assert_cmpstr (lane_name (model, thread_lane (model, 3, 1)), ==, "spare");
}

/* A child forked from a thread other than the main one runs on that
 * thread's id: the process whose thread it was, which began first, is
 * its parent. */
static void
test_fork_from_other_thread (void)
{
  static const char json[] =
    "{\"traceEvents\":["
    "{\"pid\":10,\"tid\":10,\"ts\":0,\"ph\":\"X\",\"dur\":100,\"name\":\"main (/a/p.py:1)\"},"
    "{\"pid\":10,\"tid\":14,\"ts\":5,\"ph\":\"X\",\"dur\":50,\"name\":\"spawn (/a/p.py:9)\"},"
    "{\"pid\":20,\"tid\":14,\"ts\":30,\"ph\":\"X\",\"dur\":10,\"name\":\"work (/a/p.py:5)\"},"
    "{\"pid\":21,\"tid\":21,\"ts\":31,\"ph\":\"X\",\"dur\":10,\"name\":\"other (/a/q.py:5)\"}],"
    "\"viztracer_metadata\":{}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (process (model, 20)->parent_pid, ==, 10);
  g_assert_cmpuint (process (model, 10)->parent_pid, ==, 0);
  g_assert_cmpuint (process (model, 21)->parent_pid, ==, 0);
}

/* ---- calls, prints, exceptions ------------------------------------------------ */

static void
test_call_texts (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  g_autoptr(GArray) counts = spans_named (model, thread_lane (model, WORKER1, MAIN), "count_primes (" PROG ":6)");
  g_autoptr(GArray) maps = spans_named (model, thread_lane (model, MAIN, MAIN),
                                        "Pool.map (/usr/lib/python3.11/multiprocessing/pool.py:362)");
  g_autoptr(GArray) checks = spans_named (model, thread_lane (model, MAIN, MAIN), "check (" PROG ":25)");
  g_autoptr(GArray) prints = spans_named (model, thread_lane (model, MAIN, MAIN), "builtins.print");

  /* log_func_args and log_func_retval: each argument's repr, and the
   * return value's. */
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (counts, 0)), ==, "n=1000");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, the_span (counts, 0)), ==, "168");
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (counts, 1)), ==, "n=3000");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, the_span (counts, 1)), ==, "430");
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (maps, 0)), ==,
                   "self=<multiprocessing.pool.Pool state=RUN pool_size=2>, "
                   "func=<function count_primes at 0x7f3a2c1e0f40>, iterable=[1000, 2000, 3000], "
                   "chunksize=None");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, the_span (maps, 0)), ==, "[168, 303, 430]");
  /* Arguments without a return value (the call raised)... */
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (checks, 0)), ==, "results=[168, 303, 430]");
  g_assert_null (tl_trace_model_get_span_result (model, the_span (checks, 0)));
  /* ...and a call the trace says nothing of. */
  g_assert_false (the_span (prints, 0)->flags & TL_SPAN_FLAG_CALL_TEXT);
  g_assert_null (tl_trace_model_get_span_args (model, the_span (prints, 0)));
}

/* B and E: the arguments come with the beginning, the return value with
 * the end. */
static void
test_call_texts_begin_end (void)
{
  static const char json[] =
    "[{\"name\":\"f (/a/p.py:3)\",\"ph\":\"B\",\"ts\":1,\"pid\":1,\"tid\":1,"
    "  \"args\":{\"func_args\":{\"x\":\"1\",\"y\":\"'two'\"}}},"
    " {\"name\":\"f (/a/p.py:3)\",\"ph\":\"E\",\"ts\":5,\"pid\":1,\"tid\":1,"
    "  \"args\":{\"return_value\":\"(1, 'two')\"}},"
    " {\"name\":\"g\",\"ph\":\"X\",\"ts\":6,\"dur\":1,\"pid\":1,\"tid\":1,"
    "  \"args\":{\"func_args\":{\"steps\":[1, {\"a\": null}]},\"exec_steps\":[\"(3) x = 1\"],\"return_value\":7}}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);
  g_autoptr(GArray) spans = NULL;

  g_assert_no_error (error);
  spans = chrome_test_lane_spans (model, thread_lane (model, 1, 1));
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (spans, 0)), ==, "x=1, y='two'");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, the_span (spans, 0)), ==, "(1, 'two')");
  /* What is no repr is shown as its JSON. */
  g_assert_cmpstr (tl_trace_model_get_span_args (model, the_span (spans, 1)), ==,
                   "steps=[1, {\"a\": null}], exec_steps=[\"(3) x = 1\"]");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, the_span (spans, 1)), ==, "7");
}

static const TlInstant *
instants_of (TlTraceModel *model,
             guint32       lane,
             guint        *n)
{
  return tl_lane_get_instants (tl_trace_model_get_lane (model, lane), n);
}

/* log_print and log_exception: instants of a live run's kinds, with the
 * printed text and the exception's message. */
static void
test_prints_and_exceptions (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  const TlInstant *instants;
  guint n;

  instants = instants_of (model, thread_lane (model, MAIN, MAIN), &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (instants[0].kind, ==, TL_EVENT_PRINT);
  g_assert_cmpint (instants[0].role, ==, TL_ROLE_TEXT);
  g_assert_cmpint (instants[0].ts, ==, T0 + 1505 * US);
  g_assert_cmpstr (str (model, instants[0].ref), ==, "start");
  g_assert_cmpstr (str (model, instants[1].ref), ==, "[168, 303, 430]");
  g_assert_cmpint (instants[2].kind, ==, TL_EVENT_ERROR_RAISED);
  g_assert_cmpint (instants[2].role, ==, TL_ROLE_ERROR);
  g_assert_cmpint (instants[2].ts, ==, T0 + 8700 * US);
  g_assert_cmpuint (tl_trace_model_get_object (model, instants[2].ref)->role, ==, TL_ROLE_ERROR);
  g_assert_cmpstr (str (model, (guint32) instants[2].arg), ==, "ValueError('too few primes')");
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PRINT), ==, 0);

  instants = instants_of (model, thread_lane (model, MAIN, LOGGER), &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (str (model, instants[1].ref), ==, "tick");
  instants = instants_of (model, thread_lane (model, WORKER2, MAIN), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (str (model, instants[0].ref), ==, "worker 2 done");
}

static void
test_bare_raise (void)
{
  static const char json[] =
    "[{\"name\":\"Exception = None\",\"ph\":\"i\",\"s\":\"p\",\"ts\":1,\"pid\":1,\"tid\":1},"
    " {\"name\":\"Exception - err = KeyError('k')\",\"ph\":\"i\",\"s\":\"p\",\"ts\":2,\"pid\":1,\"tid\":1},"
    " {\"name\":\"print - \",\"ph\":\"i\",\"ts\":3,\"pid\":1,\"tid\":1},"
    " {\"name\":\"printed\",\"ph\":\"i\",\"ts\":4,\"pid\":1,\"tid\":1}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);
  const TlInstant *instants;
  guint n;

  g_assert_no_error (error);
  instants = instants_of (model, thread_lane (model, 1, 1), &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (str (model, (guint32) instants[0].arg), ==, "Exception");
  g_assert_cmpstr (str (model, (guint32) instants[1].arg), ==, "KeyError('k')");
  /* Two raises, two errors. */
  g_assert_cmpuint (instants[0].ref, !=, instants[1].ref);
  g_assert_cmpint (instants[2].kind, ==, TL_EVENT_PRINT);
  g_assert_cmpstr (str (model, instants[2].ref), ==, "");
  g_assert_cmpint (instants[3].kind, ==, TL_EVENT_MARK);
}

static void
test_counter (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  guint32 lane = tl_trace_model_lookup_lane (model, TL_LANE_COUNTER, MAIN,
                                             tl_trace_model_intern (model, "primes found", -1));
  const TlCounterSample *samples;
  guint n;

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  samples = tl_lane_get_samples (tl_trace_model_get_lane (model, lane), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (samples[0].value, ==, 901);
}

/* ---- code ------------------------------------------------------------------------ */

static TlFunction
function_of (TlTraceModel *model,
             const char   *name)
{
  TlFunction function;

  g_assert_true (tl_trace_model_get_function (model, tl_trace_model_intern (model, name, -1), &function));
  return function;
}

static void
test_origins (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  const struct
  {
    const char   *name;
    TlCodeOrigin  origin;
  } calls[] = {
    { "count_primes (" PROG ":6)", TL_CODE_USER },
    { "main (" PROG ":31)", TL_CODE_USER },
    { "Pool.map (/usr/lib/python3.11/multiprocessing/pool.py:362)", TL_CODE_STDLIB },
    { "mapstar (/usr/lib/python3.11/multiprocessing/pool.py:48)", TL_CODE_STDLIB },
    { "_find_and_load (<frozen importlib._bootstrap>:1165)", TL_CODE_STDLIB },
    { "<module> (/home/u/.venv/lib/python3.11/site-packages/tqdm/__init__.py:1)", TL_CODE_LIBRARY },
    { "builtins.print", TL_CODE_BUILTIN },
    { "time.sleep", TL_CODE_BUILTIN },
  };
  g_autoptr(GArray) counts = spans_named (model, thread_lane (model, WORKER2, MAIN), "count_primes (" PROG ":6)");

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    g_assert_cmpint (function_of (model, calls[i].name).origin, ==, calls[i].origin);
  g_assert_cmpint (tl_trace_model_get_span_origin (model, the_span (counts, 0)), ==, TL_CODE_USER);
}

/* The source of a call's function, its line marked: the line the trace
 * names is the function's "def". */
static void
test_source_kept (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  TlFunction function = function_of (model, "count_primes (" PROG ":6)");
  guint index = tl_trace_model_lookup_source (model, function.file);
  g_auto(GStrv) lines = NULL;
  const char *text;
  gsize len;

  g_assert_cmpuint (tl_trace_model_get_n_sources (model), ==, 1);
  g_assert_cmpuint (index, !=, TL_INDEX_NONE);
  text = tl_trace_model_get_source_text (model, index, &len);
  g_assert_nonnull (text);
  g_assert_cmpuint (len, ==, strlen (text));
  g_assert_true (g_str_has_prefix (text, "import multiprocessing\nimport threading\n"));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, function.line);
  g_assert_cmpstr (lines[function.line - 1], ==, "def count_primes(n):");
  /* Escapes decoded: a docstring in quotes, a ** and a newline. */
  g_assert_cmpstr (lines[function.line], ==, "    \"\"\"How many primes are below n.\"\"\"");
  g_assert_cmpstr (lines[function_of (model, "check (" PROG ":25)").line - 1], ==, "def check(results):");

  /* Files the trace has no source of. */
  function = function_of (model, "Pool.map (/usr/lib/python3.11/multiprocessing/pool.py:362)");
  g_assert_cmpuint (tl_trace_model_lookup_source (model, function.file), ==, TL_INDEX_NONE);
}

static const char *
source_of (TlTraceModel *model,
           const char   *path)
{
  guint index = tl_trace_model_lookup_source (model, tl_trace_model_intern (model, path, -1));

  g_assert_cmpuint (index, !=, TL_INDEX_NONE);
  return tl_trace_model_get_source_text (model, index, NULL);
}

/* From a file, the source is read again when asked for; from memory,
 * gzip or a stream read in tiny windows, it is kept: the same text. */
static void
test_source_every_input (void)
{
  g_autoptr(TlTraceModel) from_file = chrome_test_load ("viztracer-pool.json");
  g_autoptr(GBytes) bytes = chrome_test_read ("viztracer-pool.json");
  g_autoptr(TlTraceModel) from_memory = chrome_test_reload (bytes);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) from_stream = _tl_chrome_json_load_stream (stream, 7, 0, NULL, NULL, NULL, &error);
  g_autoptr(TlTraceModel) gzipped = chrome_test_load ("viztracer.json.gz");
  g_autoptr(TlTraceModel) plain = chrome_test_load ("viztracer.json");
  const char *text = source_of (from_file, PROG);

  g_assert_no_error (error);
  g_assert_cmpstr (source_of (from_memory, PROG), ==, text);
  g_assert_cmpstr (source_of (from_stream, PROG), ==, text);
  g_assert_cmpstr (source_of (gzipped, "/home/u/app.py"), ==, source_of (plain, "/home/u/app.py"));
  g_assert_true (g_str_has_prefix (source_of (plain, "/home/u/app.py"), "import os\n"));
  /* Escaped escapes stay escapes: the program's own text. */
  g_assert_nonnull (strstr (source_of (plain, "/home/u/app.py"), "print(\"\\u00e9t\\u00e9 {\\\"a\\\": [1, 2]}\")"));
}

/* Read again only from the file as it was loaded: one written over in
 * place since is not believed; one replaced by another or removed is
 * still open, as it was. */
static void
test_source_file_changed (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("test-chrome-viztracer");
  const char *names[] = { "overwritten.json", "replaced.json", "removed.json" };
  TlTraceModel *models[G_N_ELEMENTS (names)];
  char *paths[G_N_ELEMENTS (names)];
  g_autoptr(GBytes) bytes = chrome_test_read ("viztracer-pool.json");
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  FILE *file;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      paths[i] = g_build_filename (dir, names[i], NULL);
      g_assert_true (g_file_set_contents (paths[i], data, (gssize) len, &error));
      models[i] = tl_chrome_json_load (paths[i], NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  /* As viztracer writes a report: truncated, then written. */
  file = fopen (paths[0], "w");
  g_assert_nonnull (file);
  fputs ("[]", file);
  fclose (file);
  g_assert_true (g_file_set_contents (paths[1], "[]", 2, &error));
  g_assert_cmpint (g_unlink (paths[2]), ==, 0);

  g_assert_null (tl_trace_model_get_source_text (models[0], 0, NULL));
  g_assert_true (g_str_has_prefix (tl_trace_model_get_source_text (models[1], 0, NULL), "import multiprocessing\n"));
  g_assert_true (g_str_has_prefix (tl_trace_model_get_source_text (models[2], 0, NULL), "import multiprocessing\n"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_object_unref (models[i]);
      g_free (paths[i]);
    }
}

/* The same function, the same colour, in any trace: count_primes is in a
 * file of the same name in both programs, Thread.start in two Pythons'
 * threading.py; two functions named worker differ. */
static void
test_color_keys_across_traces (void)
{
  g_autoptr(TlTraceModel) pool = chrome_test_load ("viztracer-pool.json");
  g_autoptr(TlTraceModel) threads = chrome_test_load ("viztracer-threads.json");

  g_assert_cmphex (function_of (pool, "count_primes (" PROG ":6)").color_key, ==,
                   function_of (threads, "count_primes (/home/v/lib/prog.py:1)").color_key);
  g_assert_cmphex (function_of (pool, "Thread.start (/usr/lib/python3.11/threading.py:938)").color_key, ==,
                   function_of (threads, "Thread.start (/usr/lib/python3.12/threading.py:938)").color_key);
  g_assert_cmphex (function_of (pool, "builtins.print").color_key, ==,
                   function_of (threads, "builtins.print").color_key);
  g_assert_cmphex (function_of (pool, "worker (/usr/lib/python3.11/multiprocessing/pool.py:97)").color_key, !=,
                   function_of (threads, "worker (/home/v/threads_demo.py:7)").color_key);
  g_assert_cmphex (function_of (pool, "count_primes (" PROG ":6)").color_key, !=,
                   function_of (pool, "is_prime (" PROG ":15)").color_key);
}

/* ---- search, aggregates, summary ------------------------------------------------- */

static void
test_search (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  g_autoptr(TlTraceModel) threads = chrome_test_load ("viztracer-threads.json");
  g_autoptr(TlSpanSearch) search = tl_span_search_new (model, "Count_Primes");
  const char * const needles[] = { "count_primes", "prog.py", "MULTIPROCESSING", "print", "sleep", "<module>",
                                   "frozen", "zzz", "" };
  const TlItemRef *matches;
  guint n;

  /* In time order: worker 1's first, worker 2's, worker 1's second. */
  matches = tl_span_search_get_matches (search, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (matches[0].lane, ==, thread_lane (model, WORKER1, MAIN));
  g_assert_cmpuint (matches[1].lane, ==, thread_lane (model, WORKER2, MAIN));
  g_assert_cmpuint (matches[2].lane, ==, thread_lane (model, WORKER1, MAIN));
  g_assert_cmpuint (tl_span_search_find (search, T0 + 1710 * US, 1), ==, 1);
  g_assert_cmpuint (tl_span_search_find (search, T0 + 1710 * US, -1), ==, G_MAXUINT);
  g_assert_cmpuint (tl_span_search_find (search, T0 + 9000 * US, -1), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      brute_assert_search (model, needles[i]);
      brute_assert_search (threads, needles[i]);
    }
}

static void
test_range_stats (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  g_autoptr(TlRangeStats) all = tl_range_stats_new (model, T0, T0 + 9100 * US);
  guint32 count_primes = tl_trace_model_intern (model, "count_primes (" PROG ":6)", -1);
  const TlFunctionStats *functions;
  const TlLaneStats *lanes;
  guint n;
  gboolean found = FALSE;

  functions = tl_range_stats_get_functions (all, &n);
  for (guint i = 0; i < n; i++)
    if (functions[i].name == count_primes)
      {
        /* Three calls; nine is_prime calls of 20 us within them. */
        g_assert_cmpuint (functions[i].calls, ==, 3);
        g_assert_cmpint (functions[i].total, ==, (1980 + 2430 + 2880) * US);
        g_assert_cmpint (functions[i].self, ==, (1980 + 2430 + 2880 - 9 * 20) * US);
        found = TRUE;
      }
  g_assert_true (found);
  /* The main thread's <module> covers the whole run. */
  lanes = tl_range_stats_get_lanes (all, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (lanes[0].busy, ==, 9000 * US);

  brute_assert_range_stats (model, T0, T0 + 9100 * US);
  brute_assert_range_stats (model, T0 + 1700 * US, T0 + 4000 * US);
  brute_assert_range_stats (model, T0 + 1715 * US, T0 + 1775 * US);
  brute_assert_range_stats (model, T0 + 8000 * US, T0 + 8000 * US);
}

static void
test_summary (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer-pool.json");
  g_autoptr(TlTraceOverview) summary = tl_trace_overview_new (model, 8);
  const char * const busiest[] = {
    "count_primes (" PROG ":6)", "log_progress (" PROG ":20)", "check (" PROG ":25)", "main (" PROG ":31)",
    "<module> (" PROG ":1)", "is_prime (" PROG ":15)",
  };

  g_assert_cmpuint (summary->n_processes, ==, 3);
  g_assert_cmpuint (summary->n_threads, ==, 5);
  g_assert_cmpuint (summary->n_prints, ==, 5);
  g_assert_cmpuint (summary->n_errors, ==, 1);
  g_assert_cmpint (summary->end - summary->start, ==, 9000 * US);
  g_assert_cmpuint (summary->n_busiest, ==, 8);
  /* The program's own functions first, by their own time; then the
   * pool's waiting, longer than any of them. */
  for (guint i = 0; i < G_N_ELEMENTS (busiest); i++)
    g_assert_cmpstr (str (model, summary->busiest[i].name), ==, busiest[i]);
  g_assert_cmpstr (str (model, summary->busiest[6].name), ==,
                   "_handle_results (/usr/lib/python3.11/multiprocessing/pool.py:573)");
  g_assert_cmpint (summary->busiest[6].self, ==, 5600 * US);
  g_assert_cmpstr (str (model, summary->busiest[7].name), ==, "Event.wait (/usr/lib/python3.11/threading.py:604)");
  g_assert_cmpint (summary->busiest[7].self, >, summary->busiest[1].self);
}

/* ---- round trips ----------------------------------------------------------------- */

/* Our own export keeps the call texts, the parents and the source. */
static void
test_round_trip (void)
{
  g_autoptr(TlTraceModel) pool = chrome_test_load ("viztracer-pool.json");
  g_autoptr(TlTraceModel) threads = chrome_test_load ("viztracer-threads.json");
  g_autoptr(GBytes) json = chrome_test_save (pool);
  g_autoptr(TlTraceModel) back = chrome_test_reload (json);

  chrome_test_assert_round_trip (pool);
  chrome_test_assert_round_trip (threads);
  g_assert_cmpstr (source_of (back, PROG), ==, source_of (pool, PROG));
  g_assert_cmpuint (process (back, WORKER2)->parent_pid, ==, MAIN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/chrome-json/viztracer/pool-processes", test_pool_processes);
  g_test_add_func ("/formats/chrome-json/viztracer/pool-creation-times", test_pool_creation_times);
  g_test_add_func ("/formats/chrome-json/viztracer/pool-creation-order", test_pool_creation_order);
  g_test_add_func ("/formats/chrome-json/viztracer/threads-program", test_threads_program);
  g_test_add_func ("/formats/chrome-json/viztracer/shared-tid-elsewhere", test_shared_tid_elsewhere);
  g_test_add_func ("/formats/chrome-json/viztracer/fork-from-other-thread", test_fork_from_other_thread);
  g_test_add_func ("/formats/chrome-json/viztracer/call-texts", test_call_texts);
  g_test_add_func ("/formats/chrome-json/viztracer/call-texts-begin-end", test_call_texts_begin_end);
  g_test_add_func ("/formats/chrome-json/viztracer/prints-and-exceptions", test_prints_and_exceptions);
  g_test_add_func ("/formats/chrome-json/viztracer/bare-raise", test_bare_raise);
  g_test_add_func ("/formats/chrome-json/viztracer/counter", test_counter);
  g_test_add_func ("/formats/chrome-json/viztracer/origins", test_origins);
  g_test_add_func ("/formats/chrome-json/viztracer/source-kept", test_source_kept);
  g_test_add_func ("/formats/chrome-json/viztracer/source-every-input", test_source_every_input);
  g_test_add_func ("/formats/chrome-json/viztracer/source-file-changed", test_source_file_changed);
  g_test_add_func ("/formats/chrome-json/viztracer/color-keys-across-traces", test_color_keys_across_traces);
  g_test_add_func ("/formats/chrome-json/viztracer/search", test_search);
  g_test_add_func ("/formats/chrome-json/viztracer/range-stats", test_range_stats);
  g_test_add_func ("/formats/chrome-json/viztracer/summary", test_summary);
  g_test_add_func ("/formats/chrome-json/viztracer/round-trip", test_round_trip);

  return g_test_run ();
}
