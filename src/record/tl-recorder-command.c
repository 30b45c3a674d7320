/* tl-recorder-command.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a recorder of a real program starts instead of threadline-runner:
 * threadline-tracer (src/preload), given the ring at descriptor 3 and a
 * pipe at descriptor 4 on which it says how the run goes ("main PID",
 * "exited CODE"...), with the program's terminal: the caller's, or a
 * pseudo-terminal of its own whose text is drained (what the program
 * prints reaches the model as print events, by process and thread).
 */
#define G_LOG_DOMAIN "tl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "tl-recorder-command.h"
#include "tl-recorder-private.h"

#define TRACER_FD_RING   3
#define TRACER_FD_STATUS 4
#define PRELOAD_LIB      "libthreadline-preload.so"

typedef enum
{
  OUTCOME_NONE,
  OUTCOME_EXITED,
  OUTCOME_KILLED,
  OUTCOME_CANCELLED,
  OUTCOME_UNTRACEABLE,
  OUTCOME_ERROR,
} Outcome;

struct _TlRecorderCommand
{
  GStrv             argv;
  char             *directory;
  gboolean          inherit_stdio;
  gboolean          untraced_ok;

  GDataInputStream *status;
  GInputStream     *terminal;
  GCancellable     *terminal_cancellable;
  GSubprocess      *tracer;
  guint32           main_pid;
  gboolean          untraced;
  Outcome           outcome;
  int               exit_code;
  int               signal;
  gboolean          core;
  char             *problem;
};

TlRecorderCommand *
_tl_recorder_command_new (const char * const *argv)
{
  TlRecorderCommand *self = g_new0 (TlRecorderCommand, 1);

  self->argv = g_strdupv ((char **) argv);
  return self;
}

void
_tl_recorder_command_free (TlRecorderCommand *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->argv);
  g_free (self->directory);
  g_clear_object (&self->status);
  g_clear_object (&self->terminal);
  g_clear_object (&self->terminal_cancellable);
  g_clear_object (&self->tracer);
  g_free (self->problem);
  g_free (self);
}

/* ---- public API --------------------------------------------------------------------- */

TlRecorder *
tl_recorder_new_for_command (const char * const *argv)
{
  TlRecorder *recorder;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  recorder = g_object_new (TL_TYPE_RECORDER, NULL);
  _tl_recorder_set_command (recorder, _tl_recorder_command_new (argv));
  return recorder;
}

static TlRecorderCommand *
command_of (TlRecorder *recorder)
{
  g_return_val_if_fail (TL_IS_RECORDER (recorder), NULL);
  return _tl_recorder_get_command (recorder);
}

const char * const *
tl_recorder_get_command (TlRecorder *self)
{
  TlRecorderCommand *command = command_of (self);

  return command != NULL ? (const char * const *) command->argv : NULL;
}

void
tl_recorder_set_working_directory (TlRecorder *self,
                                   const char *directory)
{
  TlRecorderCommand *command = command_of (self);

  g_return_if_fail (command != NULL && tl_recorder_get_state (self) == TL_RECORDER_IDLE);
  g_free (command->directory);
  command->directory = g_strdup (directory);
}

void
tl_recorder_set_inherit_stdio (TlRecorder *self,
                               gboolean    inherit)
{
  TlRecorderCommand *command = command_of (self);

  g_return_if_fail (command != NULL && tl_recorder_get_state (self) == TL_RECORDER_IDLE);
  command->inherit_stdio = inherit;
}

void
tl_recorder_set_untraced_ok (TlRecorder *self,
                             gboolean    untraced_ok)
{
  TlRecorderCommand *command = command_of (self);

  g_return_if_fail (command != NULL && tl_recorder_get_state (self) == TL_RECORDER_IDLE);
  command->untraced_ok = untraced_ok;
}

guint32
tl_recorder_get_main_pid (TlRecorder *self)
{
  TlRecorderCommand *command = command_of (self);

  return command != NULL ? command->main_pid : 0;
}

gboolean
tl_recorder_get_untraced (TlRecorder *self)
{
  TlRecorderCommand *command = command_of (self);

  return command != NULL && command->untraced;
}

gboolean
tl_recorder_get_exit_status (TlRecorder *self,
                             int        *exit_code,
                             int        *signal)
{
  TlRecorderCommand *command = command_of (self);
  gboolean ended = command != NULL && (command->outcome == OUTCOME_EXITED ||
                                       command->outcome == OUTCOME_KILLED);

  if (exit_code != NULL)
    *exit_code = ended && command->outcome == OUTCOME_EXITED ? command->exit_code : 0;
  if (signal != NULL)
    *signal = ended && command->outcome == OUTCOME_KILLED ? command->signal : 0;
  return ended;
}

/* ---- starting --------------------------------------------------------------------------- */

static char *
find_tracer (void)
{
  const char *env = g_getenv ("THREADLINE_TRACER");
  g_autofree char *self_exe = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* Relative to the calling program, as the runner is found (see
   * tl_scenario_find_runner ()): where meson installs it in the same
   * prefix, then where a build tree has it (src/preload, beside src/cli
   * and src/app). */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      const char *candidates[] = {
#ifdef BINDIR_TO_LIBEXECDIR
        BINDIR_TO_LIBEXECDIR "/threadline-tracer",
#endif
        "threadline-tracer",
        "../preload/threadline-tracer",
        "../src/preload/threadline-tracer",
        "../../src/preload/threadline-tracer",
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename (path, NULL);
        }
    }
  return g_build_filename (LIBEXECDIR, "threadline-tracer", NULL);
}

/* The folder with the interposer and the Python helper: beside the tracer
 * when uninstalled, in threadline/ beside it when installed. */
static char *
find_preload_dir (const char *tracer)
{
  g_autofree char *dir = g_path_get_dirname (tracer);
  g_autofree char *beside = g_build_filename (dir, PRELOAD_LIB, NULL);

  if (g_file_test (beside, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&dir);
  return g_build_filename (dir, "threadline", NULL);
}

/* A pseudo-terminal for the program; returns the child's end, and the
 * master in *master. */
static int
open_terminal (int     *master,
               GError **error)
{
  int m = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  const char *name;
  int slave;

  if (m < 0 || grantpt (m) != 0 || unlockpt (m) != 0 || (name = ptsname (m)) == NULL ||
      (slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
    {
      int saved = errno;

      if (m >= 0)
        close (m);
      g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                   _("Cannot make a terminal for the program: %s"), g_strerror (saved));
      return -1;
    }
  *master = m;
  return slave;
}

static GPtrArray *
tracer_argv (TlRecorderCommand *self,
             const char        *tracer,
             const char        *preload_dir)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (tracer));
  g_ptr_array_add (argv, g_strdup ("--preload"));
  g_ptr_array_add (argv, g_build_filename (preload_dir, PRELOAD_LIB, NULL));
  g_ptr_array_add (argv, g_strdup ("--python"));
  g_ptr_array_add (argv, g_build_filename (preload_dir, "python", NULL));
  g_ptr_array_add (argv, g_strdup ("--status-fd"));
  g_ptr_array_add (argv, g_strdup (G_STRINGIFY (TRACER_FD_STATUS)));
  if (!self->inherit_stdio)
    g_ptr_array_add (argv, g_strdup ("--new-group"));
  if (self->untraced_ok)
    g_ptr_array_add (argv, g_strdup ("--untraced-ok"));
  g_ptr_array_add (argv, g_strdup ("--"));
  for (guint i = 0; self->argv[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (self->argv[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

GSubprocess *
_tl_recorder_command_spawn (TlRecorderCommand  *self,
                            TlRing             *ring,
                            GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *tracer = find_tracer ();
  g_autofree char *preload_dir = find_preload_dir (tracer);
  g_autofree char *lib = g_build_filename (preload_dir, PRELOAD_LIB, NULL);
  int status[2], ring_fd, master = -1;

  if (!g_file_test (tracer, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (lib, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                   _("threadline-tracer is not at %s (set THREADLINE_TRACER)"), tracer);
      return NULL;
    }
  ring_fd = fcntl (tl_ring_get_fd (ring), F_DUPFD_CLOEXEC, 10);
  if (ring_fd < 0 || !g_unix_open_pipe (status, FD_CLOEXEC, error))
    {
      if (ring_fd >= 0)
        close (ring_fd);
      else
        g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                     _("Cannot pass the ring to the tracer: %s"), g_strerror (errno));
      return NULL;
    }

  launcher = g_subprocess_launcher_new (self->inherit_stdio ? G_SUBPROCESS_FLAGS_STDIN_INHERIT
                                                            : G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_fd (launcher, ring_fd, TRACER_FD_RING);
  g_subprocess_launcher_take_fd (launcher, status[1], TRACER_FD_STATUS);
  g_subprocess_launcher_setenv (launcher, TL_RING_ENV_FD, G_STRINGIFY (TRACER_FD_RING), TRUE);
  if (self->directory != NULL)
    g_subprocess_launcher_set_cwd (launcher, self->directory);
  if (!self->inherit_stdio)
    {
      int slave = open_terminal (&master, error);

      if (slave < 0)
        {
          close (status[0]);
          return NULL;
        }
      g_subprocess_launcher_take_stdout_fd (launcher, slave);
      g_subprocess_launcher_take_stderr_fd (launcher, fcntl (slave, F_DUPFD_CLOEXEC, 3));
    }

  argv = tracer_argv (self, tracer, preload_dir);
  self->tracer = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->tracer == NULL)
    {
      close (status[0]);
      if (master >= 0)
        close (master);
      return NULL;
    }
  {
    g_autoptr(GInputStream) base = g_unix_input_stream_new (status[0], TRUE);

    self->status = g_data_input_stream_new (base);
  }
  if (master >= 0)
    {
      self->terminal = g_unix_input_stream_new (master, TRUE);
      self->terminal_cancellable = g_cancellable_new ();
    }
  return g_object_ref (self->tracer);
}

void
_tl_recorder_command_describe (TlRecorderCommand *self,
                               TlTraceModel      *model,
                               TlTltraceWriter   *writer)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *cwd = self->directory != NULL ? g_strdup (self->directory) : g_get_current_dir ();

  for (guint i = 0; self->argv[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (self->argv[i]);

      g_string_append_printf (line, "%s%s", i > 0 ? " " : "",
                              strpbrk (self->argv[i], " \t\n'\"\\$`*?[]{}()<>|&;#~") != NULL ||
                              self->argv[i][0] == '\0' ? quoted : self->argv[i]);
    }
  tl_trace_model_set_metadata (model, "command", line->str);
  tl_trace_model_set_metadata (model, "command.directory", cwd);
  if (writer != NULL)
    {
      tl_tltrace_writer_set_metadata (writer, "command", line->str);
      tl_tltrace_writer_set_metadata (writer, "command.directory", cwd);
    }
}

/* ---- the run ------------------------------------------------------------------------ */

static void
parse_status (TlRecorderCommand *self,
              const char        *line)
{
  const char *rest = strchr (line, ' ');

  rest = rest != NULL ? rest + 1 : "";
  if (g_str_has_prefix (line, "main "))
    {
      self->main_pid = (guint32) g_ascii_strtoull (rest, NULL, 10);
    }
  else if (g_str_has_prefix (line, "untraced "))
    {
      self->untraced = TRUE;
      g_free (self->problem);
      self->problem = g_strdup (rest);
    }
  else if (g_str_has_prefix (line, "exited "))
    {
      self->outcome = OUTCOME_EXITED;
      self->exit_code = (int) g_ascii_strtoll (rest, NULL, 10);
    }
  else if (g_str_has_prefix (line, "killed "))
    {
      char *end = NULL;

      self->outcome = OUTCOME_KILLED;
      self->signal = (int) g_ascii_strtoll (rest, &end, 10);
      self->core = end != NULL && g_ascii_strtoll (end, NULL, 10) != 0;
    }
  else if (strcmp (line, "cancelled") == 0)
    {
      self->outcome = OUTCOME_CANCELLED;
    }
  else if (g_str_has_prefix (line, "untraceable ") || g_str_has_prefix (line, "error "))
    {
      self->outcome = line[0] == 'u' ? OUTCOME_UNTRACEABLE : OUTCOME_ERROR;
      g_free (self->problem);
      /* "error ERRNO TEXT": keep the text. */
      if (self->outcome == OUTCOME_ERROR && strchr (rest, ' ') != NULL)
        rest = strchr (rest, ' ') + 1;
      self->problem = g_strdup (rest);
    }
}

static void
tracer_waited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
status_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TlRecorderCommand *self = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    &error);
  if (line != NULL)
    {
      parse_status (self, line);
      g_data_input_stream_read_line_async (self->status, G_PRIORITY_DEFAULT,
                                           NULL, status_line_cb,
                                           g_steal_pointer (&task));
      return;
    }
  if (error != NULL)
    g_debug ("Reading the tracer's status failed: %s", error->message);
  /* The tracer closed its end: it has ended, or is about to. */
  g_subprocess_wait_async (self->tracer, NULL, tracer_waited_cb, g_steal_pointer (&task));
}

/* Empties the program's terminal (what it printed comes through the ring)
 * until the program is gone or the run ends. */
static void
terminal_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result,
                                                              NULL);
  GCancellable *cancellable = user_data;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0 || g_cancellable_is_cancelled (cancellable))
    {
      g_object_unref (cancellable);
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT, cancellable,
                                   terminal_read_cb, cancellable);
}

/* A function pointer is no data pointer in ISO C: tag with a variable. */
static char wait_tag;

void
_tl_recorder_command_wait_async (TlRecorderCommand   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, &wait_tag);
  g_task_set_task_data (task, self, NULL);
  g_data_input_stream_read_line_async (self->status, G_PRIORITY_DEFAULT, NULL, status_line_cb,
                                       task);
  if (self->terminal != NULL)
    g_input_stream_read_bytes_async (self->terminal, 4096, G_PRIORITY_DEFAULT,
                                     self->terminal_cancellable, terminal_read_cb,
                                     g_object_ref (self->terminal_cancellable));
}

void
_tl_recorder_command_wait_finish (TlRecorderCommand *self,
                                  GAsyncResult      *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}

GError *
_tl_recorder_command_outcome (TlRecorderCommand *self,
                              gboolean           cancel_requested,
                              TlRecorderState   *state)
{
  GSubprocess *tracer = self->tracer;

  *state = TL_RECORDER_FAILED;
  if (cancel_requested || self->outcome == OUTCOME_CANCELLED)
    {
      *state = TL_RECORDER_CANCELLED;
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
    }
  switch (self->outcome)
    {
    case OUTCOME_EXITED:
      if (self->exit_code == 0)
        {
          *state = TL_RECORDER_FINISHED;
          return NULL;
        }
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_RAISED,
                          _("The program exited with status %d"), self->exit_code);
    case OUTCOME_KILLED:
      if (self->core)
        return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                            /* TRANSLATORS: "…by signal 11 (Segmentation fault), core dumped" */
                            _("The program was ended by signal %d (%s), core dumped"), self->signal,
                            g_strsignal (self->signal));
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                          _("The program was ended by signal %d (%s)"), self->signal,
                          g_strsignal (self->signal));
    case OUTCOME_UNTRACEABLE:
      /* TRANSLATORS: the tracer's reason, "./static-hello is statically linked" */
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_UNTRACEABLE,
                          _("%s; it can only run untraced"), self->problem);
    case OUTCOME_ERROR:
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_START, _("Cannot run “%s”: %s"),
                          self->argv[0], self->problem);
    case OUTCOME_CANCELLED:
    case OUTCOME_NONE:
    default:
      break;
    }
  if (tracer != NULL && !g_subprocess_get_if_exited (tracer))
    return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                        _("threadline-tracer died of signal %d (%s)"),
                        g_subprocess_get_term_sig (tracer),
                        g_strsignal (g_subprocess_get_term_sig (tracer)));
  return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                      _("threadline-tracer failed (exit status %d)"),
                      tracer != NULL ? g_subprocess_get_exit_status (tracer) : -1);
}

void
_tl_recorder_command_end (TlRecorderCommand *self)
{
  /* A read still pending holds the terminal until it sees the cancel. */
  if (self->terminal_cancellable != NULL)
    g_cancellable_cancel (self->terminal_cancellable);
  g_clear_object (&self->terminal_cancellable);
  g_clear_object (&self->terminal);
  g_clear_object (&self->status);
}
