/* test-model-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the model says about the traced code: whose code a path is, the
 * function a span name stands for, its colour key, a call's texts, the
 * source of files.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "tl-trace-model-code.h"

/* Paths as Python reports them on the systems people trace on. */
static void
test_origin_paths (void)
{
  static const struct
  {
    const char   *path;
    TlCodeOrigin  origin;
  } cases[] = {
    /* The program's own. */
    { "/home/u/prog.py", TL_CODE_USER },
    { "/home/u/project/lib/python_utils.py", TL_CODE_USER },
    { "prog.py", TL_CODE_USER },
    { "/tmp/ipykernel_4242/2345678.py", TL_CODE_USER },
    { "C:\\Users\\ana\\work\\prog.py", TL_CODE_USER },
    { "<stdin>", TL_CODE_USER },
    { "<string>", TL_CODE_USER },
    { "<ipython-input-3-5f0c2a1b9e77>", TL_CODE_USER },
    /* The standard library, wherever Python lives. */
    { "/usr/lib/python3.11/threading.py", TL_CODE_STDLIB },
    { "/usr/lib/python3.11/multiprocessing/pool.py", TL_CODE_STDLIB },
    { "/usr/lib64/python3.12/concurrent/futures/thread.py", TL_CODE_STDLIB },
    { "/usr/local/lib/python3.10/asyncio/events.py", TL_CODE_STDLIB },
    { "/home/u/.pyenv/versions/3.11.4/lib/python3.11/queue.py", TL_CODE_STDLIB },
    { "/opt/conda/lib/python3.9/multiprocessing/process.py", TL_CODE_STDLIB },
    { "/opt/homebrew/Cellar/python@3.12/3.12.1/Frameworks/Python.framework/Versions/3.12/lib/python3.12/threading.py",
      TL_CODE_STDLIB },
    { "/usr/lib/python3.13t/threading.py", TL_CODE_STDLIB },
    { "/usr/lib/pypy3.9/threading.py", TL_CODE_STDLIB },
    { "/usr/lib/python3.11/lib-dynload/_asyncio.cpython-311-x86_64-linux-gnu.so", TL_CODE_STDLIB },
    { "C:\\Program Files\\Python311\\Lib\\threading.py", TL_CODE_STDLIB },
    { "<frozen importlib._bootstrap>", TL_CODE_STDLIB },
    { "<frozen runpy>", TL_CODE_STDLIB },
    /* Installed packages, system-wide, per user, in a virtual env. */
    { "/usr/lib/python3/dist-packages/numpy/core/_methods.py", TL_CODE_LIBRARY },
    { "/usr/local/lib/python3.11/dist-packages/requests/api.py", TL_CODE_LIBRARY },
    { "/home/u/.venv/lib/python3.11/site-packages/tqdm/std.py", TL_CODE_LIBRARY },
    { "/home/u/.local/lib/python3.11/site-packages/viztracer/main.py", TL_CODE_LIBRARY },
    { "C:\\proj\\.venv\\Lib\\site-packages\\tqdm\\std.py", TL_CODE_LIBRARY },
    { "/home/u/proj/__pypackages__/3.11/lib/attr/_make.py", TL_CODE_LIBRARY },
    /* No file to tell. */
    { "<built-in>", TL_CODE_BUILTIN },
    { "<unknown>", TL_CODE_BUILTIN },
    { "", TL_CODE_BUILTIN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TlCodeOrigin origin = tl_code_origin_from_path (cases[i].path);

      if (origin != cases[i].origin)
        g_error ("%s: %s, expected %s", cases[i].path, tl_code_origin_to_string (origin),
                 tl_code_origin_to_string (cases[i].origin));
    }
  g_assert_cmpint (tl_code_origin_from_path (NULL), ==, TL_CODE_BUILTIN);
}

static void
assert_split (const char *name,
              gboolean    located,
              const char *func,
              const char *file,
              guint32     line)
{
  const char *at;
  gsize func_len, file_len;
  guint32 got_line;

  g_assert_cmpint (tl_code_split_name (name, &func_len, &at, &file_len, &got_line), ==, located);
  g_assert_cmpuint (func_len, ==, strlen (func));
  g_assert_true (strncmp (name, func, func_len) == 0);
  if (file == NULL)
    {
      g_assert_null (at);
      return;
    }
  g_assert_cmpuint (file_len, ==, strlen (file));
  g_assert_true (strncmp (at, file, file_len) == 0);
  g_assert_cmpuint (got_line, ==, line);
}

static void
test_split_name (void)
{
  assert_split ("count_primes (/home/u/prog.py:12)", TRUE, "count_primes", "/home/u/prog.py", 12);
  assert_split ("Pool.map (/usr/lib/python3.11/multiprocessing/pool.py:362)", TRUE, "Pool.map",
                "/usr/lib/python3.11/multiprocessing/pool.py", 362);
  assert_split ("main.<locals>.<lambda> (/home/u/prog.py:40)", TRUE, "main.<locals>.<lambda>",
                "/home/u/prog.py", 40);
  assert_split ("_find_and_load (<frozen importlib._bootstrap>:1165)", TRUE, "_find_and_load",
                "<frozen importlib._bootstrap>", 1165);
  /* A path may hold spaces, parentheses and a drive's colon. */
  assert_split ("run (/home/u/My Projects (old)/prog.py:7)", TRUE, "run", "/home/u/My Projects (old)/prog.py", 7);
  assert_split ("run (C:\\work\\prog.py:3)", TRUE, "run", "C:\\work\\prog.py", 3);
  /* C functions and other traces' names carry no location. */
  assert_split ("builtins.print", FALSE, "builtins.print", NULL, 0);
  assert_split ("CompositorFrame", FALSE, "CompositorFrame", NULL, 0);
  assert_split ("step (3)", FALSE, "step (3)", NULL, 0);
  assert_split ("f (x.py:)", FALSE, "f (x.py:)", NULL, 0);
  assert_split ("f (:12)", FALSE, "f (:12)", NULL, 0);
  assert_split (" (x.py:1)", FALSE, " (x.py:1)", NULL, 0);
  assert_split ("", FALSE, "", NULL, 0);
}

static void
test_color_key (void)
{
  /* FNV-1a of "count_primes\0prog.py": written down, so that a change
   * of the function, which would recolour every saved picture, shows. */
  g_assert_cmphex (tl_code_color_key ("count_primes", 12, "/home/u/prog.py", 15), ==, 0x8ad063f4);
  g_assert_cmphex (tl_code_color_key ("builtins.print", 14, NULL, 0), ==, 0xa24e62f8);
  /* The folder does not count; the file's name and the function's do. */
  g_assert_cmphex (tl_code_color_key ("count_primes", 12, "C:\\v\\prog.py", 12), ==, 0x8ad063f4);
  g_assert_cmphex (tl_code_color_key ("count_primes", 12, "/home/u/other.py", 16), !=, 0x8ad063f4);
  g_assert_cmphex (tl_code_color_key ("count_prime", 11, "/home/u/prog.py", 15), !=, 0x8ad063f4);
}

/* A model of two lanes of slices named as viztracer names calls. */
static TlTraceModel *
calls_model (const char * const *names,
             guint                n)
{
  TlTraceModel *model = tl_trace_model_new ();
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);

  for (guint i = 0; i < n; i++)
    {
      TlSpan span = { 0 };

      span.start = 10 * i;
      span.end = 10 * i + 5;
      span.kind = TL_SPAN_SLICE;
      span.ref = tl_trace_model_intern (model, names[i], -1);
      tl_trace_model_add_span (model, lane, &span);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static const TlSpan *
span_at (TlTraceModel *model,
         guint         index)
{
  guint n;
  const TlSpan *spans = tl_lane_get_spans (tl_trace_model_get_lane (model, 0), 0, &n);

  g_assert_cmpuint (index, <, n);
  return &spans[index];
}

static void
test_functions (void)
{
  static const char * const names[] = {
    "count_primes (/home/u/prog.py:12)",
    "Pool.map (/usr/lib/python3.11/multiprocessing/pool.py:362)",
    "builtins.print",
    "count_primes (/home/u/prog.py:12)",
  };
  g_autoptr(TlTraceModel) model = calls_model (names, G_N_ELEMENTS (names));
  TlFunction a, b, c, d;

  g_assert_true (tl_trace_model_get_span_function (model, span_at (model, 0), &a));
  g_assert_cmpstr (tl_trace_model_get_string (model, a.name), ==, "count_primes");
  g_assert_cmpstr (tl_trace_model_get_string (model, a.file), ==, "/home/u/prog.py");
  g_assert_cmpuint (a.line, ==, 12);
  g_assert_cmpint (a.origin, ==, TL_CODE_USER);
  g_assert_cmphex (a.color_key, ==, 0x8ad063f4);

  g_assert_true (tl_trace_model_get_span_function (model, span_at (model, 1), &b));
  g_assert_cmpstr (tl_trace_model_get_string (model, b.name), ==, "Pool.map");
  g_assert_cmpint (b.origin, ==, TL_CODE_STDLIB);
  g_assert_cmpint (tl_trace_model_get_span_origin (model, span_at (model, 1)), ==, TL_CODE_STDLIB);

  g_assert_true (tl_trace_model_get_span_function (model, span_at (model, 2), &c));
  g_assert_cmpstr (tl_trace_model_get_string (model, c.name), ==, "builtins.print");
  g_assert_cmpuint (c.file, ==, TL_INDEX_NONE);
  g_assert_cmpuint (c.line, ==, 0);
  g_assert_cmpint (c.origin, ==, TL_CODE_BUILTIN);

  /* The same name, the same function, the same answer every time. */
  g_assert_true (tl_trace_model_get_span_function (model, span_at (model, 3), &d));
  g_assert_true (memcmp (&a, &d, sizeof a) == 0);
  g_assert_cmphex (tl_trace_model_get_span_color_key (model, span_at (model, 3)), ==, a.color_key);

  /* Not every name is a string of the model; not every span a call. */
  g_assert_false (tl_trace_model_get_function (model, 100000, &d));
  g_assert_false (tl_trace_model_get_function (model, TL_INDEX_NONE, &d));
}

/* Colour keys hang on names, not on the order a trace met them in. */
static void
test_color_key_across_models (void)
{
  static const char * const one[] = {
    "main (/home/u/prog.py:30)", "count_primes (/home/u/prog.py:6)", "time.sleep",
  };
  static const char * const other[] = {
    "time.sleep", "worker (/home/v/demo.py:7)", "count_primes (/srv/v/lib/prog.py:1)",
  };
  g_autoptr(TlTraceModel) a = calls_model (one, G_N_ELEMENTS (one));
  g_autoptr(TlTraceModel) b = calls_model (other, G_N_ELEMENTS (other));

  g_assert_cmphex (tl_trace_model_get_span_color_key (a, span_at (a, 1)), ==,
                   tl_trace_model_get_span_color_key (b, span_at (b, 2)));
  g_assert_cmphex (tl_trace_model_get_span_color_key (a, span_at (a, 2)), ==,
                   tl_trace_model_get_span_color_key (b, span_at (b, 0)));
  g_assert_cmphex (tl_trace_model_get_span_color_key (a, span_at (a, 0)), !=,
                   tl_trace_model_get_span_color_key (b, span_at (b, 1)));
}

static void
test_span_names (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 lock = tl_trace_model_ensure_object (model, TL_ROLE_MUTEX, 7);
  TlSpan wait = { 0, 5, 0, 0, lock, TL_SPAN_WAIT_LOCK, 0, 0 };
  TlSpan owner = { 0, 5, 0, 0, 0, TL_SPAN_OWNER, 0, 0 };
  TlFunction function;

  tl_trace_model_set_object_name (model, lock, tl_trace_model_intern (model, "balance_lock", -1));
  g_assert_cmpstr (tl_trace_model_get_string (model, tl_trace_model_get_span_name (model, &wait)), ==,
                   "balance_lock");
  g_assert_cmpuint (tl_trace_model_get_span_name (model, &owner), ==, TL_INDEX_NONE);
  /* A wait has a name, but runs no function. */
  g_assert_false (tl_span_is_call (&wait));
  g_assert_false (tl_trace_model_get_span_function (model, &wait, &function));
  g_assert_cmpuint (tl_trace_model_get_span_color_key (model, &wait), ==, 0);
}

static void
test_call_texts (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlSpan call = { 0 };
  TlSpan plain = { 0 };
  TlSpan task = { 0 };

  call.kind = plain.kind = TL_SPAN_SLICE;
  task.kind = TL_SPAN_TASK;
  tl_trace_model_set_span_call (model, &call, tl_trace_model_add_string (model, "n=10", 4),
                                tl_trace_model_intern (model, "4", -1));
  g_assert_true (call.flags & TL_SPAN_FLAG_CALL_TEXT);
  g_assert_cmpstr (tl_trace_model_get_span_args (model, &call), ==, "n=10");
  g_assert_cmpstr (tl_trace_model_get_span_result (model, &call), ==, "4");

  /* Nothing to say, nothing marked. */
  tl_trace_model_set_span_call (model, &plain, TL_INDEX_NONE, TL_INDEX_NONE);
  g_assert_cmpuint (plain.flags, ==, 0);
  g_assert_null (tl_trace_model_get_span_args (model, &plain));
  /* A task's arg and arg2 are numbers, whatever its flags. */
  task.arg = 1;
  task.flags = TL_SPAN_FLAG_CALL_TEXT;
  g_assert_null (tl_trace_model_get_span_args (model, &task));

  /* Strings added are not shared, and need not be valid UTF-8. */
  g_assert_cmpuint (tl_trace_model_add_string (model, "n=10", 4), !=, (guint32) (call.arg - 1));
  g_assert_cmpstr (tl_trace_model_get_string (model, tl_trace_model_add_string (model, "a\xffz", 3)), ==,
                   "a\xef\xbf\xbdz");
  g_assert_cmpstr (tl_trace_model_get_string (model, tl_trace_model_add_string (model, "ab\0cd", 5)), ==, "ab");
}

static int n_decodes;

static char *
decode_upper (const char *data,
              gsize       len,
              gsize      *text_len)
{
  n_decodes++;
  if (len > 0 && data[0] == '!')
    return NULL;
  *text_len = len;
  return g_ascii_strup (data, (gssize) len);
}

static void
test_sources (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 prog = tl_trace_model_intern (model, "/home/u/prog.py", -1);
  guint32 lib = tl_trace_model_intern (model, "/home/u/lib.py", -1);
  guint32 bad = tl_trace_model_intern (model, "/home/u/bad.py", -1);
  g_autoptr(GBytes) prog_text = g_bytes_new_static ("def f():\n    pass\n", 18);
  g_autoptr(GBytes) lib_text = g_bytes_new_static ("x = 1\n", 6);
  g_autoptr(GBytes) lib_new = g_bytes_new_static ("y = 2\n", 6);
  g_autoptr(GBytes) bad_text = g_bytes_new_static ("!", 1);
  gsize len = 0;

  g_assert_cmpuint (tl_trace_model_get_n_sources (model), ==, 0);
  tl_trace_model_add_source (model, prog, prog_text, NULL);
  tl_trace_model_add_source (model, lib, lib_text, decode_upper);
  tl_trace_model_add_source (model, bad, bad_text, decode_upper);
  g_assert_cmpuint (tl_trace_model_get_n_sources (model), ==, 3);
  g_assert_cmpuint (tl_trace_model_lookup_source (model, prog), ==, 0);
  g_assert_cmpuint (tl_trace_model_get_source_path (model, 1), ==, lib);
  g_assert_cmpuint (tl_trace_model_lookup_source (model, tl_trace_model_intern (model, "/x.py", -1)), ==,
                    TL_INDEX_NONE);

  g_assert_cmpstr (tl_trace_model_get_source_text (model, 0, &len), ==, "def f():\n    pass\n");
  g_assert_cmpuint (len, ==, 18);
  /* Decoded when first asked for, once. */
  g_assert_cmpint (n_decodes, ==, 0);
  g_assert_cmpstr (tl_trace_model_get_source_text (model, 1, NULL), ==, "X = 1\n");
  g_assert_cmpstr (tl_trace_model_get_source_text (model, 1, NULL), ==, "X = 1\n");
  g_assert_cmpint (n_decodes, ==, 1);
  g_assert_null (tl_trace_model_get_source_text (model, 2, &len));

  /* A path's second source replaces its first. */
  tl_trace_model_add_source (model, lib, lib_new, NULL);
  g_assert_cmpuint (tl_trace_model_get_n_sources (model), ==, 3);
  g_assert_cmpstr (tl_trace_model_get_source_text (model, 1, NULL), ==, "y = 2\n");
  g_assert_cmpuint (tl_trace_model_get_memory_size (model), >, 18 + 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/code/origin-paths", test_origin_paths);
  g_test_add_func ("/model/code/split-name", test_split_name);
  g_test_add_func ("/model/code/color-key", test_color_key);
  g_test_add_func ("/model/code/functions", test_functions);
  g_test_add_func ("/model/code/color-key-across-models", test_color_key_across_models);
  g_test_add_func ("/model/code/span-names", test_span_names);
  g_test_add_func ("/model/code/call-texts", test_call_texts);
  g_test_add_func ("/model/code/sources", test_sources);

  return g_test_run ();
}
