/* tl-manager.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Manager: a server process (tl-manager-server.c) that
 * owns lists and dicts; every other process holds proxies, and every use
 * of a proxy is a round trip to the server, which only the run can reach
 * and which checks every request (tl-manager-private.h).  Requests and
 * replies are recorded as messages, so the timeline draws each round trip
 * as two arrows.
 */
#define G_LOG_DOMAIN "tl-manager"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#include "tl-manager-private.h"

struct _TlProxy
{
  TlPrim      prim;
  TlManager  *manager;
  gboolean    is_dict;
};

void
_tl_manager_sign (TlManager  *manager,
                  const char *data,
                  gsize       len,
                  guint8      mac[TL_MANAGER_MAC_BYTES])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, manager->key, sizeof manager->key);
  gsize mac_len = TL_MANAGER_MAC_BYTES;

  g_hmac_update (hmac, (const guchar *) data, (gssize) len);
  g_hmac_get_digest (hmac, mac, &mac_len);
}

static void shutdown_at_exit (TlExec   *x,
                              gpointer  data);

TlManager *
_tl_manager_new (TlExec      *x,
                 const char  *name,
                 GError     **error)
{
  TlManager *manager = g_new0 (TlManager, 1);
  g_autofree char *server_name = NULL;
  int saved;

  manager->prim.obj.kind_name = "SyncManager";
  manager->prim.obj.name = g_strdup (name);
  manager->prim.kind = TL_PRIM_MANAGER;
  manager->prim.id = _tl_record_new_object (TL_ROLE_MANAGER, name);
  manager->requests[0] = manager->requests[1] = -1;

  if (getrandom (manager->key, sizeof manager->key, 0) != sizeof manager->key ||
      socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, manager->requests) < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot start the Manager's server: %s", g_strerror (saved));
      return NULL;
    }
  server_name = g_strdup_printf ("SyncManager-%u", ++x->proc->n_children);
  if (_tl_spawn_process (x, server_name, _tl_manager_serve, manager, &manager->server) != EXEC_OK)
    {
      close (manager->requests[0]);
      close (manager->requests[1]);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the Manager's server");
      return NULL;
    }
  /* The server has its end; every process started from now on inherits
   * the clients' end, and no other process has it. */
  close (manager->requests[0]);
  manager->requests[0] = -1;
  _tl_proc_at_exit (x->proc, shutdown_at_exit, manager);
  return manager;
}

/* Sends signed @data with the end the reply comes back on; the reply, or
 * NULL with errno. */
static TlValue *
exchange (TlManager  *manager,
          const char *data,
          gsize      *reply_len)
{
  g_autofree guint8 *message = g_malloc (TL_MANAGER_MAC_BYTES + strlen (data));
  g_autofree char *buf = g_malloc (TL_MANAGER_MAX_MESSAGE + 1);
  char control[CMSG_SPACE (sizeof (int))] = { 0 };
  struct iovec iov = { message, TL_MANAGER_MAC_BYTES + strlen (data) };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  TlValue *reply = NULL;
  ssize_t n = -1;
  int conn[2];

  _tl_manager_sign (manager, data, strlen (data), message);
  memcpy (message + TL_MANAGER_MAC_BYTES, data, strlen (data));
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, conn) < 0)
    return NULL;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (cmsg), &conn[1], sizeof (int));
  if (sendmsg (manager->requests[1], &msg, MSG_NOSIGNAL) >= 0)
    {
      /* Only the server holds the other end now: the answer, or its end. */
      close (conn[1]);
      conn[1] = -1;
      do
        n = recv (conn[0], buf, TL_MANAGER_MAX_MESSAGE, 0);
      while (n < 0 && errno == EINTR);
    }
  if (n > 0)
    {
      buf[n] = '\0';
      reply = tl_value_deserialize (buf, NULL);
    }
  *reply_len = n > 0 ? (gsize) n : 0;
  close (conn[0]);
  if (conn[1] >= 0)
    close (conn[1]);
  if (n == 0)
    errno = ECONNRESET;
  return reply;
}

static ExecStatus
round_trip (TlExec     *x,
            TlManager  *manager,
            const char *op,
            const char *name,
            TlValue    *a,
            TlValue    *b,
            TlValue   **out)
{
  g_autoptr(TlValue) request = tl_value_new_list ();
  g_autoptr(TlValue) reply = NULL;
  g_autofree char *data = NULL;
  guint64 message = tl_trace_new_id ();
  gsize reply_len = 0;
  int saved;

  *out = NULL;
  tl_value_list_append (request, tl_value_new_int ((gint64) message));
  tl_value_list_append (request, tl_value_new_string (op));
  tl_value_list_append (request, tl_value_new_string (name));
  tl_value_list_append (request, a != NULL ? tl_value_ref (a) : tl_value_none ());
  tl_value_list_append (request, b != NULL ? tl_value_ref (b) : tl_value_none ());
  data = tl_value_serialize (request);
  if (data == NULL)
    return _tl_exec_raise (x, "TypeError", "this value cannot go to a Manager");
  if (TL_MANAGER_MAC_BYTES + strlen (data) > TL_MANAGER_MAX_MESSAGE)
    return _tl_exec_raise (x, "ValueError", "this value is too large for a Manager");

  _tl_record (TL_EVENT_SEND, TL_ROLE_MANAGER, 0, manager->prim.id, message, (guint32) strlen (data));
  _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
  _tl_exec_release_gil (x);
  reply = exchange (manager, data, &reply_len);
  saved = errno;
  if (reply != NULL && reply->type == TL_VALUE_LIST && tl_value_list_length (reply) == 2 &&
      tl_value_list_get (reply, 0)->type == TL_VALUE_INT)
    _tl_record (TL_EVENT_RECEIVE, TL_ROLE_MANAGER, 0, manager->prim.id,
                (guint64) tl_value_list_get (reply, 0)->i, (guint32) reply_len);
  else
    g_clear_pointer (&reply, tl_value_unref);
  _tl_record (TL_EVENT_WAIT_END, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
  _tl_exec_take_gil (x);

  if (reply == NULL)
    return _tl_exec_raise (x, "ConnectionError", "the Manager did not answer: %s", g_strerror (saved));
  *out = tl_value_ref (tl_value_list_get (reply, 1));
  if ((*out)->type == TL_VALUE_ERROR)
    {
      TlValue *error = g_steal_pointer (out);
      ExecStatus status = _tl_exec_raise (x, error->error.type_name, "%s", error->error.message);

      tl_value_unref (error);
      return status;
    }
  return EXEC_OK;
}

ExecStatus
_tl_proxy_new (TlExec     *x,
               TlManager  *manager,
               const char *name,
               gboolean    is_dict,
               TlValue    *init,
               TlProxy   **out)
{
  g_autoptr(TlValue) kind = tl_value_new_bool (is_dict);
  g_autoptr(TlValue) ignored = NULL;
  TlProxy *proxy;

  if (round_trip (x, manager, "create", name, init, kind, &ignored) != EXEC_OK)
    return EXEC_RAISE;
  proxy = g_new0 (TlProxy, 1);
  proxy->prim.obj.kind_name = is_dict ? "DictProxy" : "ListProxy";
  proxy->prim.obj.name = g_strdup (name);
  proxy->prim.kind = TL_PRIM_PROXY;
  proxy->prim.id = manager->prim.id;
  proxy->manager = manager;
  proxy->is_dict = is_dict;
  *out = proxy;
  return EXEC_OK;
}

ExecStatus
_tl_proxy_call (TlExec      *x,
                TlProxy     *proxy,
                const char  *op,
                TlValue     *arg1,
                TlValue     *arg2,
                TlValue    **out)
{
  return round_trip (x, proxy->manager, op, proxy->prim.obj.name, arg1, arg2, out);
}

static void
shutdown_at_exit (TlExec   *x,
                  gpointer  data)
{
  TlManager *manager = data;
  g_autoptr(TlValue) ignored = NULL;

  if (manager->shut_down)
    return;
  manager->shut_down = TRUE;
  if (round_trip (x, manager, "shutdown", "", NULL, NULL, &ignored) != EXEC_OK)
    {
      g_clear_pointer (&x->exception, tl_value_unref);
      kill (manager->server->pid, SIGTERM);
    }
  _tl_join (x, manager->server, -1);
}
