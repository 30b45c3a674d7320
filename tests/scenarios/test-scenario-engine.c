/* test-scenario-engine.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's tables cover the language: every kind of step the parser
 * makes has a function in the interpreter, every built-in function of the
 * vocabulary an implementation.
 */
#include "config.h"

#include <math.h>
#include <sys/wait.h>

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tl-interp-private.h"
#include "tl-manager-private.h"

static void
test_every_step (void)
{
  g_assert_true (_tl_interp_has_every_step ());
}

static void
test_every_builtin (void)
{
  g_assert_true (_tl_interp_has_every_builtin ());
}

/* The watchdog's time: what was asked, or the scenario's at its tempo,
 * within 2 s and TL_RUN_MAX_SECONDS whatever the numbers. */
static void
test_watchdog (void)
{
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 60, 2), ==, 30);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 1, 1000), ==, 2);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (12, 60, 1), ==, 12);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (1e10, 60, 1), ==, TL_RUN_MAX_SECONDS);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 600, 1e-300), ==, TL_RUN_MAX_SECONDS);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, 60, INFINITY), ==, 2);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (NAN, 60, 1), ==, 60);
  g_assert_cmpfloat (_tl_limits_watchdog_seconds (-1, NAN, 1), ==, TL_RUN_MAX_SECONDS);
}

/* threadline-runner refuses a timeout or a tempo that is no number. */
static void
test_runner_options (void)
{
  static const char *options[][2] = {
    { "--timeout", "nan" }, { "--timeout", "inf" }, { "--tempo", "nan" }, { "--tempo", "inf" },
    { "--tempo", "0" }, { "--tempo", "-1" },
  };
  const char *runner = g_getenv ("THREADLINE_RUNNER");

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const char *argv[] = { runner, "--scenario-fd", "0", options[i][0], options[i][1], NULL };
      g_autoptr(GError) error = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL |
                                   G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      /* 2: could not start. */
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
    }
}

/* ---- the Manager's server, fed what a hostile client could send ---------------- */

/* A server process for @manager, as the engine forks one. */
static pid_t
start_server (TlManager *manager)
{
  pid_t pid = fork ();

  if (pid == 0)
    {
      TlProc *proc;
      TlExec *x;

      _tl_engine = g_new0 (TlEngine, 1);
      _tl_engine->tempo = 1;
      proc = _tl_proc_new ("SyncManager-1");
      proc->gil = _tl_gil_new (5000000);
      x = _tl_exec_new (proc, "MainThread");
      _tl_exec_take_gil (x);
      _exit (_tl_manager_serve (x, manager));
    }
  close (manager->requests[0]);
  return pid;
}

/* Sends @text (signed if @sign) with @n_fds reply ends; the answer, or
 * NULL if the server closed the reply end without one. */
static char *
request (TlManager  *manager,
         const char *text,
         gboolean    sign,
         guint       n_fds)
{
  g_autofree guint8 *message = g_malloc0 (TL_MANAGER_MAC_BYTES + strlen (text));
  char control[CMSG_SPACE (4 * sizeof (int))] = { 0 };
  struct iovec iov = { message, TL_MANAGER_MAC_BYTES + strlen (text) };
  struct msghdr msg = { 0 };
  char buf[TL_MANAGER_MAX_MESSAGE + 1];
  int conns[4][2];
  ssize_t n;

  if (sign)
    _tl_manager_sign (manager, text, strlen (text), message);
  memcpy (message + TL_MANAGER_MAC_BYTES, text, strlen (text));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  for (guint i = 0; i < MAX (n_fds, 1); i++)
    g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, conns[i]), ==, 0);
  if (n_fds > 0)
    {
      struct cmsghdr *cmsg;

      msg.msg_control = control;
      msg.msg_controllen = CMSG_SPACE (n_fds * sizeof (int));
      cmsg = CMSG_FIRSTHDR (&msg);
      cmsg->cmsg_level = SOL_SOCKET;
      cmsg->cmsg_type = SCM_RIGHTS;
      cmsg->cmsg_len = CMSG_LEN (n_fds * sizeof (int));
      for (guint i = 0; i < n_fds; i++)
        memcpy (CMSG_DATA (cmsg) + i * sizeof (int), &conns[i][1], sizeof (int));
    }
  g_assert_cmpint (sendmsg (manager->requests[1], &msg, MSG_NOSIGNAL), >=, 0);
  for (guint i = 0; i < MAX (n_fds, 1); i++)
    close (conns[i][1]);
  /* No reply end sent: nothing can come back; ask again to see it lives. */
  if (n_fds == 0)
    {
      close (conns[0][0]);
      return NULL;
    }
  do
    n = recv (conns[0][0], buf, sizeof buf - 1, 0);
  while (n < 0 && errno == EINTR);
  for (guint i = 0; i < n_fds; i++)
    close (conns[i][0]);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  return g_strdup (buf);
}

/* The answer's value, as the client would raise or use it. */
static char *
answer_of (char *reply)
{
  g_autoptr(TlValue) value = reply != NULL ? tl_value_deserialize (reply, NULL) : NULL;

  g_free (reply);
  if (value == NULL || value->type != TL_VALUE_LIST || tl_value_list_length (value) != 2)
    return NULL;
  return tl_value_repr (tl_value_list_get (value, 1));
}

static void
assert_answer (TlManager  *manager,
               const char *text,
               const char *expected)
{
  g_autofree char *answer = answer_of (request (manager, text, TRUE, 1));

  g_assert_cmpstr (answer, ==, expected);
}

static void
test_manager_requests (void)
{
  TlManager manager = { 0 };
  g_autofree char *huge = NULL;
  pid_t server;
  int status;

  for (guint i = 0; i < sizeof manager.key; i++)
    manager.key[i] = (guint8) g_random_int ();
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, manager.requests), ==, 0);
  server = start_server (&manager);

  /* Unsigned, or signed with another key: no answer. */
  g_assert_null (request (&manager, "l5:i1;s6:creates1:lNF", FALSE, 1));
  /* Signed but of the wrong shape or types: no answer, and no crash. */
  g_assert_null (request (&manager, "l2:i1;N", TRUE, 1));
  g_assert_null (request (&manager, "l5:i1;i2;s1:lNF", TRUE, 1));
  g_assert_null (request (&manager, "l5:s1:xs3:lens1:lNN", TRUE, 1));
  g_assert_null (request (&manager, "not a value", TRUE, 1));
  huge = g_strnfill (TL_MANAGER_MAX_MESSAGE, 'x');
  g_assert_null (request (&manager, huge, TRUE, 1));
  /* No end to answer on, or too many: ignored, the extra ones closed. */
  g_assert_null (request (&manager, "l5:i1;s3:lens1:lNN", TRUE, 0));
  g_assert_null (request (&manager, "l5:i1;s3:lens1:lNN", TRUE, 3));
  /* Well formed, with arguments of the wrong types: an error answer. */
  assert_answer (&manager, "l5:i1;s6:creates1:ll1:i7;s1:x", "TypeError('create takes a list and a bool')");
  assert_answer (&manager, "l5:i1;s6:creates1:ll1:i7;F", "None");
  assert_answer (&manager, "l5:i1;s3:pops1:ls1:0N", "TypeError('list indices must be integers')");
  assert_answer (&manager, "l5:i1;s4:nopes1:lNN", "AttributeError('a list proxy does not do that')");
  assert_answer (&manager, "l5:i1;s3:lens2:zzNN", "KeyError('no such shared object')");
  /* And it still serves. */
  assert_answer (&manager, "l5:i1;s3:pops1:li0;N", "7");
  assert_answer (&manager, "l5:i1;s8:shutdowns0:NN", "None");
  g_assert_cmpint (waitpid (server, &status, 0), ==, server);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  close (manager.requests[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/engine/every-step", test_every_step);
  g_test_add_func ("/scenarios/engine/every-builtin", test_every_builtin);
  g_test_add_func ("/scenarios/engine/watchdog", test_watchdog);
  g_test_add_func ("/scenarios/engine/runner-options", test_runner_options);
  g_test_add_func ("/scenarios/engine/manager-requests", test_manager_requests);
  return g_test_run ();
}
