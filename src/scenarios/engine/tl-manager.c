/* tl-manager.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Manager: a server process that owns lists and dicts;
 * every other process holds proxies, and every use of a proxy is a round
 * trip to the server over a Unix socket (in the abstract namespace, so
 * nothing is left on disk).  Requests and replies are recorded as
 * messages, so the timeline draws each round trip as two arrows.
 */
#define G_LOG_DOMAIN "tl-manager"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "tl-manager.h"

#define MAX_MESSAGE 65536

struct _TlManager
{
  TlPrim              prim;
  struct sockaddr_un  address;
  socklen_t           address_len;
  int                 listen_fd;     /* the server's */
  TlHandle           *server;
  gboolean            shut_down;
};

struct _TlProxy
{
  TlPrim      prim;
  TlManager  *manager;
  gboolean    is_dict;
};

/* ---- the server ------------------------------------------------------------------- */

typedef struct
{
  gboolean    is_dict;
  TlValue    *list;      /* a list: the items; a dict: its keys, in order */
  GHashTable *values;    /* a dict: repr (key) -> value */
} Stored;

static void
stored_free (gpointer data)
{
  Stored *stored = data;

  tl_value_unref (stored->list);
  g_clear_pointer (&stored->values, g_hash_table_unref);
  g_free (stored);
}

static TlValue *
dict_repr (Stored *stored)
{
  GString *text = g_string_new ("{");

  for (guint i = 0; i < tl_value_list_length (stored->list); i++)
    {
      TlValue *key = tl_value_list_get (stored->list, i);
      g_autofree char *k = tl_value_repr (key);
      g_autofree char *v = tl_value_repr (g_hash_table_lookup (stored->values, k));

      g_string_append_printf (text, "%s%s: %s", i > 0 ? ", " : "", k, v);
    }
  g_string_append_c (text, '}');
  return tl_value_new_string_take (g_string_free (text, FALSE));
}

static TlValue *
error_reply (const char *type_name,
             const char *message)
{
  return tl_value_new_error (tl_trace_new_id (), type_name, message);
}

/* Does what a request asks; returns the reply's value (an error value for
 * an exception the client will raise). */
static TlValue *
serve (GHashTable *objects,
       const char *op,
       const char *name,
       TlValue    *a,
       TlValue    *b)
{
  Stored *stored = g_hash_table_lookup (objects, name);

  if (strcmp (op, "create") == 0)
    {
      stored = g_new0 (Stored, 1);
      stored->is_dict = b->type == TL_VALUE_BOOL && b->b;
      stored->list = tl_value_new_list ();
      if (stored->is_dict)
        stored->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) tl_value_unref);
      else if (a->type == TL_VALUE_LIST)
        for (guint i = 0; i < tl_value_list_length (a); i++)
          tl_value_list_append (stored->list, tl_value_ref (tl_value_list_get (a, i)));
      g_hash_table_replace (objects, g_strdup (name), stored);
      return tl_value_none ();
    }
  if (stored == NULL)
    return error_reply ("KeyError", "no such shared object");

  if (strcmp (op, "len") == 0)
    return tl_value_new_int (tl_value_list_length (stored->list));
  if (strcmp (op, "str") == 0)
    return stored->is_dict ? dict_repr (stored) : tl_value_new_string_take (tl_value_to_string (stored->list));
  if (strcmp (op, "copy") == 0)
    {
      TlValue *copy = tl_value_new_list ();

      for (guint i = 0; i < tl_value_list_length (stored->list); i++)
        tl_value_list_append (copy, tl_value_ref (tl_value_list_get (stored->list, i)));
      return copy;
    }

  if (stored->is_dict)
    {
      g_autofree char *key = tl_value_repr (a);

      if (strcmp (op, "getitem") == 0)
        {
          TlValue *value = g_hash_table_lookup (stored->values, key);

          return value != NULL ? tl_value_ref (value) : error_reply ("KeyError", key);
        }
      if (strcmp (op, "setitem") == 0)
        {
          if (!g_hash_table_contains (stored->values, key))
            tl_value_list_append (stored->list, tl_value_ref (a));
          g_hash_table_replace (stored->values, g_steal_pointer (&key), tl_value_ref (b));
          return tl_value_none ();
        }
      return error_reply ("AttributeError", "a dict proxy does not do that");
    }

  if (strcmp (op, "append") == 0)
    {
      if (tl_value_list_length (stored->list) >= TL_VALUE_MAX_ITEMS)
        return error_reply ("MemoryError", "a list of more than a million items");
      tl_value_list_append (stored->list, tl_value_ref (a));
      return tl_value_none ();
    }
  if (strcmp (op, "pop") == 0 || strcmp (op, "getitem") == 0 || strcmp (op, "setitem") == 0)
    {
      gint64 n = tl_value_list_length (stored->list);
      gint64 i = a->type == TL_VALUE_INT ? a->i : 0;

      if (i < 0)
        i += n;
      if (i < 0 || i >= n)
        return error_reply ("IndexError", strcmp (op, "pop") == 0 ? "pop from empty list"
                                                                  : "list index out of range");
      if (strcmp (op, "getitem") == 0)
        return tl_value_ref (tl_value_list_get (stored->list, (guint) i));
      if (strcmp (op, "setitem") == 0)
        {
          tl_value_list_set (stored->list, (guint) i, tl_value_ref (b));
          return tl_value_none ();
        }
      return tl_value_list_steal (stored->list, (guint) i);
    }
  return error_reply ("AttributeError", "a list proxy does not do that");
}

static int
server_body (TlExec   *x,
             gpointer  data)
{
  TlManager *manager = data;
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stored_free);
  g_autofree char *buf = g_malloc (MAX_MESSAGE + 1);
  gboolean running = TRUE;

  while (running)
    {
      g_autoptr(TlValue) request = NULL;
      g_autoptr(TlValue) reply = NULL;
      g_autoptr(TlValue) answer = NULL;
      g_autofree char *data_out = NULL;
      guint64 reply_id;
      ssize_t n;
      int fd;

      /* Serving: waiting for the next request, the GIL let go. */
      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
      _tl_exec_release_gil (x);
      do
        fd = accept4 (manager->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      while (fd < 0 && errno == EINTR);
      if (fd < 0)
        {
          _tl_record (TL_EVENT_WAIT_END, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
          _tl_exec_take_gil (x);
          return 1;
        }
      do
        n = recv (fd, buf, MAX_MESSAGE, 0);
      while (n < 0 && errno == EINTR);
      if (n > 0)
        {
          buf[n] = '\0';
          request = tl_value_deserialize (buf, NULL);
        }
      if (request != NULL && request->type == TL_VALUE_LIST && tl_value_list_length (request) == 5)
        _tl_record (TL_EVENT_RECEIVE, TL_ROLE_MANAGER, 0, manager->prim.id,
                    (guint64) tl_value_list_get (request, 0)->i, (guint32) n);
      _tl_record (TL_EVENT_WAIT_END, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
      _tl_exec_take_gil (x);

      if (request == NULL || request->type != TL_VALUE_LIST || tl_value_list_length (request) != 5)
        {
          close (fd);
          continue;
        }

      {
        const char *op = tl_value_list_get (request, 1)->s;
        const char *name = tl_value_list_get (request, 2)->s;

        if (strcmp (op, "shutdown") == 0)
          {
            answer = tl_value_none ();
            running = FALSE;
          }
        else
          answer = serve (objects, op, name, tl_value_list_get (request, 3),
                          tl_value_list_get (request, 4));
      }

      reply_id = tl_trace_new_id ();
      reply = tl_value_new_list ();
      tl_value_list_append (reply, tl_value_new_int ((gint64) reply_id));
      tl_value_list_append (reply, g_steal_pointer (&answer));
      data_out = tl_value_serialize (reply);
      _tl_record (TL_EVENT_SEND, TL_ROLE_MANAGER, 0, manager->prim.id, reply_id,
                  (guint32) strlen (data_out));
      send (fd, data_out, strlen (data_out), MSG_NOSIGNAL);
      close (fd);
    }
  close (manager->listen_fd);
  return 0;
}

/* ---- the client side --------------------------------------------------------------- */

static void shutdown_at_exit (TlExec   *x,
                              gpointer  data);

TlManager *
_tl_manager_new (TlExec      *x,
                 const char  *name,
                 GError     **error)
{
  static guint n_managers;
  TlManager *manager = g_new0 (TlManager, 1);
  g_autofree char *server_name = NULL;
  int fd, saved;

  manager->prim.obj.kind_name = "SyncManager";
  manager->prim.obj.name = g_strdup (name);
  manager->prim.kind = TL_PRIM_MANAGER;
  manager->prim.id = _tl_record_new_object (TL_ROLE_MANAGER, name);

  manager->address.sun_family = AF_UNIX;
  /* Abstract: the leading NUL; nothing to unlink, gone with the socket. */
  g_snprintf (manager->address.sun_path + 1, sizeof manager->address.sun_path - 1,
              "threadline-%u-%d-manager-%u", _tl_engine->runner_pid, (int) getpid (), ++n_managers);
  manager->address_len = (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1 +
                                      strlen (manager->address.sun_path + 1));

  fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &manager->address, manager->address_len) < 0 ||
      listen (fd, 64) < 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot start the Manager's server: %s", g_strerror (saved));
      return NULL;
    }
  manager->listen_fd = fd;

  server_name = g_strdup_printf ("SyncManager-%u", ++x->proc->n_children);
  if (_tl_spawn_process (x, server_name, server_body, manager, &manager->server) != EXEC_OK)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot start the Manager's server");
      return NULL;
    }
  /* The server has it; clients connect by name. */
  close (fd);
  manager->listen_fd = -1;
  _tl_proc_at_exit (x->proc, shutdown_at_exit, manager);
  return manager;
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
  g_autofree char *buf = g_malloc (MAX_MESSAGE + 1);
  guint64 message = tl_trace_new_id ();
  ssize_t n = -1;
  int fd, saved = 0;

  *out = NULL;
  tl_value_list_append (request, tl_value_new_int ((gint64) message));
  tl_value_list_append (request, tl_value_new_string (op));
  tl_value_list_append (request, tl_value_new_string (name));
  tl_value_list_append (request, a != NULL ? tl_value_ref (a) : tl_value_none ());
  tl_value_list_append (request, b != NULL ? tl_value_ref (b) : tl_value_none ());
  data = tl_value_serialize (request);
  if (data == NULL)
    return _tl_exec_raise (x, "TypeError", "this value cannot go to a Manager");

  _tl_record (TL_EVENT_SEND, TL_ROLE_MANAGER, 0, manager->prim.id, message,
              (guint32) strlen (data));
  _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
  _tl_exec_release_gil (x);
  fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &manager->address, manager->address_len) == 0 &&
      send (fd, data, strlen (data), MSG_NOSIGNAL) >= 0)
    {
      do
        n = recv (fd, buf, MAX_MESSAGE, 0);
      while (n < 0 && errno == EINTR);
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  if (n > 0)
    {
      buf[n] = '\0';
      reply = tl_value_deserialize (buf, NULL);
    }
  if (reply != NULL && reply->type == TL_VALUE_LIST && tl_value_list_length (reply) == 2)
    _tl_record (TL_EVENT_RECEIVE, TL_ROLE_MANAGER, 0, manager->prim.id,
                (guint64) tl_value_list_get (reply, 0)->i, (guint32) n);
  _tl_record (TL_EVENT_WAIT_END, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
  _tl_exec_take_gil (x);

  if (reply == NULL || reply->type != TL_VALUE_LIST || tl_value_list_length (reply) != 2)
    return _tl_exec_raise (x, "ConnectionError", "the Manager did not answer: %s",
                           n == 0 ? "connection closed" : g_strerror (saved));
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
