/* test-preload-cli.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli run, as a user runs it: the program's output and exit
 * status pass through, a signal that ends it ends the command the same
 * way, a killed program leaves a trace that loads, programs we cannot
 * trace are refused (or run untraced if asked), and the traced program
 * sees its own environment and descriptors.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "tl-test-util.h"
#include "tl-tltrace.h"
#include "tl-trace-model.h"

#define PYTHON "/usr/bin/python3"

typedef struct
{
  TlTestTmpDir *dir;
  char         *trace;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = tl_test_tmp_dir_new ("threadline-preload-cli");
  f->trace = g_build_filename (f->dir, "run.tltrace", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->trace);
  tl_test_tmp_dir_free (f->dir);
}

/* Runs "threadline-cli run ARGS..." to its end; returns its wait status. */
static int
run_cli (Fixture     *f,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TL_TEST_CLI"));
  g_ptr_array_add (argv, (gpointer) "run");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  if (err != NULL)
    g_test_message ("stderr: %s", *err);
  return status;
}

static TlTraceModel *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  TlTraceModel *model = tl_tltrace_load (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static const TlProcess *
process_named (TlTraceModel *model,
               const char   *name)
{
  for (guint i = 0; i < tl_trace_model_get_n_processes (model); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (model, i);

      if (p->name != TL_INDEX_NONE && strcmp (tl_trace_model_get_string (model, p->name), name) == 0)
        return p;
    }
  return NULL;
}

static void
test_output_and_status (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  const TlProcess *main_process;
  int status;

  status = run_cli (f, &out, &err, "-o", f->trace, "--", PYTHON, "-c",
                    "import sys; print('hello'); print('to stderr', file=sys.stderr); sys.exit(7)",
                    NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 7);
  g_assert_cmpstr (out, ==, "hello\n");
  g_assert_nonnull (strstr (err, "to stderr\n"));
  g_assert_nonnull (strstr (err, "threadline-cli: traced"));

  model = load (f->trace);
  main_process = process_named (model, "MainProcess");
  g_assert_nonnull (main_process);
  g_assert_true (main_process->exited);
  g_assert_cmpint (main_process->exit_status, ==, 7);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PRINT), ==, 2);
  g_assert_nonnull (tl_trace_model_get_metadata (model, "command"));
}

/* The program kills itself half-way: we end as it did, and what was
 * recorded before loads, saying how it ended. */
static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  const TlProcess *main_process;
  int status;

  status = run_cli (f, &out, &err, "-o", f->trace, "--", PYTHON, "-c",
                    "import os, signal, threading\n"
                    "t = threading.Thread(target=lambda: None); t.start(); t.join()\n"
                    "print('before', flush=True)\n"
                    "os.kill(os.getpid(), signal.SIGKILL)\n"
                    "print('after')\n", NULL);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_cmpstr (out, ==, "before\n");

  model = load (f->trace);
  main_process = process_named (model, "MainProcess");
  g_assert_nonnull (main_process);
  g_assert_true (main_process->exited);
  g_assert_true (main_process->signaled);
  g_assert_cmpint (main_process->exit_status, ==, SIGKILL);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PRINT), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_THREAD_START), ==, 1);
}

static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TlTraceModel) model = NULL;
  const TlProcess *main_process;
  int status;

  status = run_cli (f, NULL, NULL, "-o", f->trace, "--", PYTHON, "-c",
                    "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", NULL);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSEGV);

  model = load (f->trace);
  main_process = process_named (model, "MainProcess");
  g_assert_nonnull (main_process);
  g_assert_true (main_process->signaled);
  g_assert_cmpint (main_process->exit_status, ==, SIGSEGV);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_CRASH), ==, 1);
}

/* A signal sent to the command alone reaches the program, which decides. */
static void
test_forwards_sigterm (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *rest = NULL;

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("TL_TEST_CLI"), "run",
                          "-q", "-o", f->trace, "--", PYTHON, "-c",
                          "import signal, sys, time\n"
                          "def stop(*args):\n"
                          "    print('stopping', flush=True); sys.exit(3)\n"
                          "signal.signal(signal.SIGTERM, stop)\n"
                          "print('ready', flush=True)\n"
                          "while True: time.sleep(0.05)\n", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");

  g_subprocess_send_signal (cli, SIGTERM);
  rest = g_data_input_stream_read_upto (lines, "", 0, NULL, NULL, &error);
  g_subprocess_wait (cli, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 3);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *err = NULL;
  int status = run_cli (f, NULL, &err, "--", "no-such-program-here", NULL);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 127);
  g_assert_nonnull (strstr (err, "no-such-program-here"));
}

/* As a shell says of a file it cannot execute. */
static void
test_not_executable (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *script = g_build_filename (f->dir, "not-executable.sh", NULL);
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_file_set_contents (script, "#!/bin/sh\necho ran\n", -1, NULL));
  g_assert_cmpint (g_chmod (script, 0644), ==, 0);
  status = run_cli (f, NULL, &err, "-o", f->trace, "--", script, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 126);
  g_assert_nonnull (strstr (err, "not an executable file"));
}

/* A trace that cannot be written is known before the program runs: it
 * does not run. */
static void
test_output_unwritable (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *marker = g_build_filename (f->dir, "ran", NULL);
  g_autofree char *script = g_strdup_printf ("open('%s', 'w').close()", marker);
  g_autofree char *err = NULL;
  int status;

  status = run_cli (f, NULL, &err, "-o", "/nonexistent-folder/out.tltrace", "--", PYTHON, "-c",
                    script, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent-folder"));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
}

static void
test_static_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *program = g_getenv ("TL_TEST_STATIC");
  g_autoptr(TlTraceModel) model = NULL;
  int status;

  status = run_cli (f, &out, &err, "-o", f->trace, "--", program, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 126);
  g_assert_nonnull (strstr (err, "statically linked"));
  g_assert_nonnull (strstr (err, "--untraced-ok"));
  g_assert_cmpstr (out, ==, "");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = run_cli (f, &out, &err, "--untraced-ok", "-o", f->trace, "--", program, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (out, ==, "hello from a static program\n");
  g_assert_nonnull (strstr (err, "untraced"));
  model = load (f->trace);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PROCESS_EXIT), ==, 1);
}

static void
test_setuid_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "setuid-program", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  gsize len;
  int status;

  g_assert_true (g_file_get_contents (g_getenv ("TL_TEST_COUNTER_THREADS"), &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
  g_assert_cmpint (g_chmod (copy, 04755), ==, 0);

  status = run_cli (f, NULL, &err, "-o", f->trace, "--", copy, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 126);
  g_assert_nonnull (strstr (err, "setuid"));
}

/* The program sees the environment it was given, without our variables. */
static void
test_environment (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  int status;

  g_setenv ("TL_TEST_MARKER", "kept", TRUE);
  g_setenv ("PYTHONPATH", "/nowhere/at/all", TRUE);
  status = run_cli (f, &out, NULL, "-q", "-o", f->trace, "--", PYTHON, "-c",
                    "import os\n"
                    "print(os.environ.get('TL_TEST_MARKER'))\n"
                    "print(os.environ.get('PYTHONPATH'))\n"
                    "print(os.environ.get('LD_PRELOAD'))\n"
                    "print(sorted(k for k in os.environ\n"
                    "             if k.startswith(('THREADLINE_PRELOAD', 'THREADLINE_RING'))))\n",
                    NULL);
  g_unsetenv ("PYTHONPATH");
  g_unsetenv ("TL_TEST_MARKER");
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpstr (out, ==, "kept\n/nowhere/at/all\nNone\n[]\n");
}

static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* A recorder that stops reading (stopped here with SIGSTOP) holds the
 * program back for a while, then loses events: they are counted for the
 * thread that lost them, and shown. */
static void
test_losses_shown (Fixture       *f,
                   gconstpointer  data)
{
  const char *argv[] = { g_getenv ("TL_TEST_CLI"), "run", "-q", "-o", f->trace, "--",
                         g_getenv ("TL_TEST_PROBE"), "flood", NULL };
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autofree char *ready = NULL, *done = NULL, *err = NULL;
  guint64 dropped, torn, corrupt;
  pid_t pid;

  cli = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (cli), NULL, 10);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (cli));
  ready = read_line (out);
  g_assert_cmpstr (ready, ==, "ready");

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (cli), "go\n", 3, NULL, NULL, &error);
  g_assert_no_error (error);
  done = read_line (out);
  g_assert_cmpstr (done, ==, "done");
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);

  g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  /* With -q, only the losses are printed: the program's main thread's. */
  g_assert_true (g_regex_match_simple ("^threadline-cli: main \\(process (\\d+), thread \\1\\) "
                                       "lost \\d+ events$", err, G_REGEX_MULTILINE, 0));
  g_assert_null (strstr (err, "traced "));

  model = load (f->trace);
  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  g_assert_cmpuint (dropped, >=, 2);
}

/* Not one more descriptor than untraced. */
static void
test_descriptors (Fixture       *f,
                  gconstpointer  data)
{
  const char *script = "import os; print(sorted(os.listdir('/proc/self/fd')))";
  const char *plain[] = { PYTHON, "-c", script, NULL };
  g_autofree char *traced = NULL, *untraced = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  status = run_cli (f, &traced, NULL, "-q", "-o", f->trace, "--", PYTHON, "-c", script, NULL);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_spawn_sync (f->dir, (char **) plain, NULL, G_SPAWN_DEFAULT, NULL, NULL, &untraced, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (traced, ==, untraced);
}

/* A shell runs Python, which replaces itself with echo: every program is
 * traced, and the exec continues the same process. */
static void
test_exec_chain (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  int status;

  status = run_cli (f, &out, NULL, "-q", "-o", f->trace, "--", "/bin/sh", "-c",
                    PYTHON " -c \"import os; os.execv('/bin/echo', ['echo', 'exec done'])\"; true",
                    NULL);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpstr (out, ==, "exec done\n");
  model = load (f->trace);
  /* The tracer, the shell, and Python become echo in the same process. */
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, 3);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PROCESS_START), ==, 2);
  g_assert_nonnull (process_named (model, "echo exec done"));
}

/* A child started with an environment of its own is traced all the same. */
static void
test_explicit_environment (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TlTraceModel) model = NULL;
  int status;

  status = run_cli (f, NULL, NULL, "-q", "-o", f->trace, "--", PYTHON, "-c",
                    "import subprocess\n"
                    "subprocess.run(['" PYTHON "', '-c', 'import threading'], env={}, check=True)\n",
                    NULL);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  model = load (f->trace);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PROCESS_START), ==, 2);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_PROCESS_EXIT), ==, 2);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  int status = run_cli (f, &out, NULL, "--help", NULL);

  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_nonnull (strstr (out, "COMMAND"));
  g_assert_nonnull (strstr (out, "--untraced-ok"));
  g_assert_nonnull (strstr (out, "Exit status"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/preload/cli/output-and-status", test_output_and_status);
  ADD ("/preload/cli/killed", test_killed);
  ADD ("/preload/cli/crash", test_crash);
  ADD ("/preload/cli/forwards-sigterm", test_forwards_sigterm);
  ADD ("/preload/cli/not-found", test_not_found);
  ADD ("/preload/cli/not-executable", test_not_executable);
  ADD ("/preload/cli/output-unwritable", test_output_unwritable);
  ADD ("/preload/cli/static-refused", test_static_refused);
  ADD ("/preload/cli/setuid-refused", test_setuid_refused);
  ADD ("/preload/cli/environment", test_environment);
  ADD ("/preload/cli/descriptors", test_descriptors);
  ADD ("/preload/cli/exec-chain", test_exec_chain);
  ADD ("/preload/cli/explicit-environment", test_explicit_environment);
  ADD ("/preload/cli/losses-shown", test_losses_shown);
  ADD ("/preload/cli/help", test_help);
#undef ADD

  return g_test_run ();
}
