/* test-format-files.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Trace files as files, whatever the format: what is not a regular file
 * is refused at once; every writer replaces its destination whole or not
 * at all (a full disk, SIGINT, SIGTERM, kill -9), keeps its permissions,
 * and leaves nothing behind.  Writers are tried both ways a temporary file
 * can be made: unnamed (O_TMPFILE) and named.
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tl-chrome-json.h"
#include "tl-format-private.h"
#include "tl-test-util.h"
#include "tl-tltrace.h"

static const char * const extensions[] = { ".tltrace", ".json", ".json.gz" };

/* A model whose files take a few MB in every format. */
static TlTraceModel *
big_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);

  for (guint i = 0; i < 60000; i++)
    {
      g_autofree char *name = g_strdup_printf ("function_%u_with_a_long_name", i);
      TlSpan span = { 0 };

      span.start = (gint64) i * 1000;
      span.end = span.start + 900;
      span.kind = TL_SPAN_SLICE;
      span.ref = tl_trace_model_intern (model, name, -1);
      tl_trace_model_add_span (model, lane, &span);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, as one string. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
write_old (const char *path,
           mode_t      mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "the old file", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
assert_old (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old file");
}

/* ---- reading what is no file ------------------------------------------ */

static void
assert_not_regular (const char *path,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = NULL;

  g_assert_cmpint (tl_trace_format_sniff (path, &error), ==, TL_TRACE_FORMAT_UNKNOWN);
  g_assert_error (error, G_IO_ERROR, code);
  g_clear_error (&error);

  model = tl_trace_file_load (path, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, code);
  g_clear_error (&error);

  model = tl_tltrace_load (path, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, code);
  g_clear_error (&error);

  model = tl_chrome_json_load (path, NULL, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, code);
  g_clear_error (&error);

  model = tl_trace_file_load_preview (path, 1000, NULL, &error);
  g_assert_null (model);
  g_clear_error (&error);
}

/* A FIFO with no writer once blocked the reader for ever. */
static void
test_read_fifo (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autofree char *fifo = g_build_filename (dir, "trace.json", NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_not_regular (fifo, G_IO_ERROR_NOT_REGULAR_FILE);
  assert_not_regular ("/dev/zero", G_IO_ERROR_NOT_REGULAR_FILE);
  assert_not_regular (dir, G_IO_ERROR_IS_DIRECTORY);
}

/* ---- writing ----------------------------------------------------------- */

static gboolean
save (TlTraceModel  *model,
      const char    *path,
      GError       **error)
{
  return tl_trace_file_save (model, path, NULL, NULL, NULL, error);
}

static void
use_named (gconstpointer named)
{
  _tl_format_output_set_unnamed_allowed (!GPOINTER_TO_INT (named));
}

/* A 0600 trace stays 0600; a new one gets what the umask leaves. */
static void
test_save_modes (gconstpointer named)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autoptr(TlTraceModel) model = big_model ();
  g_autofree char *listing = NULL;
  mode_t old_umask = umask (022);

  use_named (named);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat ("trace", extensions[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *fresh = g_build_filename (dir, "new", NULL);
      g_autofree char *fresh_path = g_strconcat (fresh, extensions[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlTraceModel) back = NULL;
      GStatBuf st;

      write_old (path, 0600);
      g_assert_true (save (model, path, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 07777, ==, 0600);
      back = tl_trace_file_load (path, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (tl_trace_model_get_span_count (back, TL_SPAN_SLICE), ==, 60000);

      g_assert_true (save (model, fresh_path, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (fresh_path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 07777, ==, 0644);
    }
  umask (old_umask);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "new.json new.json.gz new.tltrace trace.json trace.json.gz trace.tltrace");
  use_named (GINT_TO_POINTER (FALSE));
}

/* Runs the current test's subprocess branch over @path, which holds the
 * old file; after it, the old file is all there is in @dir. */
static void
run_save_child (const char *dir,
                const char *name,
                int         signum)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *signal_text = g_strdup_printf ("%d", signum);
  g_autofree char *listing = NULL;

  write_old (path, 0644);
  g_setenv ("TL_TEST_SAVE", path, TRUE);
  g_setenv ("TL_TEST_SIGNAL", signal_text, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  if (signum == 0)
    g_test_trap_assert_passed ();
  else
    g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*outlived*");
  assert_old (path);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, name);
  g_unlink (path);
}

/* A disk that fills up (a file size limit, as a small disk would): the
 * save fails with an error, the old file is there, nothing else is. */
static void
test_save_disk_full (gconstpointer named)
{
  g_autoptr(TlTestTmpDir) dir = NULL;

  if (g_test_subprocess ())
    {
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      g_autoptr(TlTraceModel) model = big_model ();
      g_autoptr(GError) error = NULL;

      use_named (named);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (save (model, g_getenv ("TL_TEST_SAVE"), &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_IO_ERROR);
      g_test_message ("%s", error->message);
      return;
    }

  dir = tl_test_tmp_dir_new ("threadline-files");
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat ("trace", extensions[i], NULL);

      run_save_child (dir, name, 0);
    }
}

typedef struct
{
  int signum;
  int done;
} Killer;

static void
kill_midway_cb (double   fraction,
                gpointer user_data)
{
  Killer *killer = user_data;

  if (fraction > 0.3 && killer->done++ == 0)
    raise (killer->signum);
}

/* Killed in the middle of a save: the old file is there, nothing else.
 * kill -9 leaves a named temporary file (nothing can remove it): the
 * named way is tried with SIGINT and SIGTERM only. */
static void
test_save_signals (gconstpointer named)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGKILL };
  g_autoptr(TlTestTmpDir) dir = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(TlTraceModel) model = big_model ();
      Killer killer = { atoi (g_getenv ("TL_TEST_SIGNAL")), 0 };

      use_named (named);
      tl_trace_file_save (model, g_getenv ("TL_TEST_SAVE"), kill_midway_cb, &killer, NULL, NULL);
      g_printerr ("the save outlived its signal\n");
      exit (1);
    }

  dir = tl_test_tmp_dir_new ("threadline-files");
  for (guint s = 0; s < G_N_ELEMENTS (signals); s++)
    for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
      {
        g_autofree char *name = g_strconcat ("trace", extensions[i], NULL);

        if (signals[s] != SIGKILL || !GPOINTER_TO_INT (named))
          run_save_child (dir, name, signals[s]);
      }
}

/* The streaming writer never writes over its destination in place: a
 * file of that name stays whole until the recording closes, which then
 * takes its permissions. */
static void
test_writer_replaces (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autofree char *path = g_build_filename (dir, "rec.tltrace", NULL);
  g_autoptr(TlTltraceWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autofree char *listing = NULL;
  TlModelEvent event = tl_test_event (1000, 1, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0);
  GStatBuf st;

  write_old (path, 0640);
  writer = tl_tltrace_writer_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (tl_tltrace_writer_add_event (writer, &event, &error));
  g_assert_true (tl_tltrace_writer_flush (writer, &error));
  assert_old (path);
  g_assert_true (tl_tltrace_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  model = tl_trace_file_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, 1);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "rec.tltrace");
}

/* ---- in a thread ------------------------------------------------------- */

typedef struct
{
  GMainContext *context;
  GArray       *fractions;
  gboolean      finished;
  gboolean      progress_after_finish;
  GThread      *thread;
  TlTraceModel *model;
  gboolean      saved;
  GError       *error;
} Async;

static void
async_clear (Async *async)
{
  g_clear_pointer (&async->fractions, g_array_unref);
  g_clear_object (&async->model);
  g_clear_error (&async->error);
}

static void
async_progress_cb (double   fraction,
                   gpointer user_data)
{
  Async *async = user_data;

  /* On the caller's thread, in order, never after the end. */
  g_assert_true (g_thread_self () == async->thread);
  if (async->finished)
    async->progress_after_finish = TRUE;
  if (async->fractions->len > 0)
    g_assert_cmpfloat (fraction, >=, g_array_index (async->fractions, double, async->fractions->len - 1));
  g_array_append_val (async->fractions, fraction);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Async *async = user_data;

  async->model = tl_trace_file_load_finish (result, &async->error);
  async->finished = TRUE;
}

static void
previewed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Async *async = user_data;

  async->model = tl_trace_file_load_preview_finish (result, &async->error);
  async->finished = TRUE;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Async *async = user_data;

  async->saved = tl_trace_file_save_finish (result, &async->error);
  async->finished = TRUE;
}

static void
async_wait (Async *async)
{
  while (!async->finished)
    g_main_context_iteration (async->context, TRUE);
  /* Whatever was queued runs too, to see that it does nothing. */
  while (g_main_context_iteration (async->context, FALSE))
    ;
}

static void
async_init (Async *async)
{
  memset (async, 0, sizeof *async);
  async->context = g_main_context_default ();
  async->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  async->thread = g_thread_self ();
}

/* Saved and loaded in a thread, with progress on this one. */
static void
test_async_save_load (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autoptr(TlTraceModel) model = big_model ();

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat ("trace", extensions[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(TlTraceModel) preview = NULL;
      Async async;

      async_init (&async);
      tl_trace_file_save_async (model, file, async_progress_cb, &async, NULL, NULL, saved_cb, &async);
      async_wait (&async);
      g_assert_no_error (async.error);
      g_assert_true (async.saved);
      g_assert_false (async.progress_after_finish);
      async_clear (&async);

      async_init (&async);
      tl_trace_file_load_async (file, async_progress_cb, &async, NULL, NULL, loaded_cb, &async);
      async_wait (&async);
      g_assert_no_error (async.error);
      g_assert_cmpuint (tl_trace_model_get_span_count (async.model, TL_SPAN_SLICE), ==, 60000);
      g_assert_false (async.progress_after_finish);
      async_clear (&async);

      /* Small files have no preview: no model, no error. */
      async_init (&async);
      tl_trace_file_load_preview_async (file, 1000, NULL, previewed_cb, &async);
      async_wait (&async);
      g_assert_no_error (async.error);
      g_assert_null (async.model);
      async_clear (&async);
    }
}

/* Progress reaches the caller during a long load, not only at its end. */
static void
test_async_progress (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autofree char *path = g_build_filename (dir, "long.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) json = g_string_new ("[");
  Async async;

  for (guint i = 0; i < 400000; i++)
    g_string_append_printf (json, "%s{\"ph\":\"X\",\"ts\":%u,\"dur\":1,\"pid\":1,\"tid\":%u,"
                            "\"name\":\"a function of some length\"}", i > 0 ? "," : "", i, i % 7);
  g_string_append (json, "]");
  g_assert_true (g_file_set_contents (path, json->str, (gssize) json->len, NULL));

  async_init (&async);
  tl_trace_file_load_async (file, async_progress_cb, &async, NULL, NULL, loaded_cb, &async);
  async_wait (&async);
  g_assert_no_error (async.error);
  g_test_message ("%u progress reports", async.fractions->len);
  g_assert_cmpuint (async.fractions->len, >, 0);
  g_assert_false (async.progress_after_finish);
  async_clear (&async);
}

static void
free_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

/* Cancelled, a load ends with G_IO_ERROR_CANCELLED, and a save leaves the
 * old file; what the progress needed is freed. */
static void
test_async_cancel (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autofree char *path = g_build_filename (dir, "trace.tltrace", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TlTraceModel) model = big_model ();
  gboolean freed = FALSE;
  Async async;

  write_old (path, 0644);
  g_cancellable_cancel (cancellable);
  async_init (&async);
  tl_trace_file_save_async (model, file, NULL, &freed, free_flag, cancellable, saved_cb, &async);
  async_wait (&async);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (freed);
  assert_old (path);
  async_clear (&async);

  g_assert_true (tl_trace_file_save (model, path, NULL, NULL, NULL, NULL));
  async_init (&async);
  tl_trace_file_load_async (file, NULL, NULL, NULL, cancellable, loaded_cb, &async);
  async_wait (&async);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (async.model);
  async_clear (&async);
}

/* What no local path names, and what no file is, fail with an error. */
static void
test_async_errors (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-files");
  g_autofree char *fifo = g_build_filename (dir, "trace.tltrace", NULL);
  g_autoptr(GFile) remote = g_file_new_for_uri ("http://example.invalid/trace.json");
  g_autoptr(GFile) pipe = g_file_new_for_path (fifo);
  Async async;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  async_init (&async);
  tl_trace_file_load_async (remote, NULL, NULL, NULL, NULL, loaded_cb, &async);
  async_wait (&async);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  async_clear (&async);

  async_init (&async);
  tl_trace_file_load_async (pipe, NULL, NULL, NULL, NULL, loaded_cb, &async);
  async_wait (&async);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  async_clear (&async);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/files/read/not-regular", test_read_fifo);
  g_test_add_data_func ("/formats/files/save/modes/unnamed", GINT_TO_POINTER (FALSE), test_save_modes);
  g_test_add_data_func ("/formats/files/save/modes/named", GINT_TO_POINTER (TRUE), test_save_modes);
  g_test_add_data_func ("/formats/files/save/disk-full/unnamed", GINT_TO_POINTER (FALSE),
                        test_save_disk_full);
  g_test_add_data_func ("/formats/files/save/disk-full/named", GINT_TO_POINTER (TRUE),
                        test_save_disk_full);
  g_test_add_data_func ("/formats/files/save/signals/unnamed", GINT_TO_POINTER (FALSE),
                        test_save_signals);
  g_test_add_data_func ("/formats/files/save/signals/named", GINT_TO_POINTER (TRUE),
                        test_save_signals);
  g_test_add_func ("/formats/files/writer/replaces", test_writer_replaces);
  g_test_add_func ("/formats/files/async/save-load", test_async_save_load);
  g_test_add_func ("/formats/files/async/progress", test_async_progress);
  g_test_add_func ("/formats/files/async/cancel", test_async_cancel);
  g_test_add_func ("/formats/files/async/errors", test_async_errors);

  return g_test_run ();
}
