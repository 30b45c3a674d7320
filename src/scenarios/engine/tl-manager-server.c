/* tl-manager-server.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Manager's server process: it owns the lists and dicts, and answers
 * each request that is signed with the run's key and well formed; see
 * tl-manager-private.h.
 */
#define G_LOG_DOMAIN "tl-manager"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tl-limits.h"
#include "tl-manager-private.h"

#define MAX_NAME 256

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

  for (guint i = 0; i < tl_value_list_length (stored->list) && text->len <= TL_VALUE_MAX_STRING; i++)
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

/* ---- serving ------------------------------------------------------------------ */

static gboolean
may_grow (Stored *stored)
{
  return tl_value_list_length (stored->list) < TL_VALUE_MAX_ITEMS &&
         tl_value_get_held_bytes () <= TL_RUN_MAX_HELD_BYTES;
}

static TlValue *
no_room (void)
{
  return error_reply ("MemoryError", "the Manager holds as much as a run may");
}

static TlValue *
create (GHashTable *objects,
        const char *name,
        TlValue    *items,
        TlValue    *is_dict)
{
  Stored *stored;

  if (is_dict->type != TL_VALUE_BOOL || (items->type != TL_VALUE_LIST && items->type != TL_VALUE_NONE))
    return error_reply ("TypeError", "create takes a list and a bool");
  if (g_hash_table_size (objects) >= TL_VALUE_MAX_ITEMS ||
      tl_value_get_held_bytes () > TL_RUN_MAX_HELD_BYTES)
    return no_room ();
  stored = g_new0 (Stored, 1);
  stored->is_dict = is_dict->b;
  stored->list = tl_value_new_list ();
  if (stored->is_dict)
    stored->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) tl_value_unref);
  else
    for (guint i = 0; i < tl_value_list_length (items); i++)
      tl_value_list_append (stored->list, tl_value_ref (tl_value_list_get (items, i)));
  g_hash_table_replace (objects, g_strdup (name), stored);
  return tl_value_none ();
}

static TlValue *
serve_dict (Stored     *stored,
            const char *op,
            TlValue    *key,
            TlValue    *value)
{
  g_autofree char *k = tl_value_repr (key);
  TlValue *found = g_hash_table_lookup (stored->values, k);

  if (strcmp (op, "getitem") == 0)
    return found != NULL ? tl_value_ref (found) : error_reply ("KeyError", k);
  if (strcmp (op, "setitem") != 0)
    return error_reply ("AttributeError", "a dict proxy does not do that");
  if (found == NULL)
    {
      if (!may_grow (stored))
        return no_room ();
      tl_value_list_append (stored->list, tl_value_ref (key));
    }
  g_hash_table_replace (stored->values, g_steal_pointer (&k), tl_value_ref (value));
  return tl_value_none ();
}

static TlValue *
serve_list (Stored     *stored,
            const char *op,
            TlValue    *a,
            TlValue    *b)
{
  gint64 n = tl_value_list_length (stored->list), i;

  if (strcmp (op, "append") == 0)
    {
      if (!may_grow (stored))
        return no_room ();
      tl_value_list_append (stored->list, tl_value_ref (a));
      return tl_value_none ();
    }
  if (strcmp (op, "pop") != 0 && strcmp (op, "getitem") != 0 && strcmp (op, "setitem") != 0)
    return error_reply ("AttributeError", "a list proxy does not do that");
  if (a->type != TL_VALUE_INT)
    return error_reply ("TypeError", "list indices must be integers");
  i = a->i < 0 ? a->i + n : a->i;
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

/* Does what a request asks; returns the reply's value (an error value for
 * an exception the client will raise). */
static TlValue *
serve (GHashTable *objects,
       const char *op,
       const char *name,
       TlValue    *a,
       TlValue    *b)
{
  Stored *stored;

  if (strcmp (op, "create") == 0)
    return create (objects, name, a, b);
  stored = g_hash_table_lookup (objects, name);
  if (stored == NULL)
    return error_reply ("KeyError", "no such shared object");
  if (strcmp (op, "len") == 0)
    return tl_value_new_int (tl_value_list_length (stored->list));
  if (strcmp (op, "str") == 0 && stored->is_dict)
    return dict_repr (stored);
  if (strcmp (op, "str") == 0)
    return tl_value_new_string_take (tl_value_to_string (stored->list));
  if (strcmp (op, "copy") == 0)
    {
      TlValue *copy = tl_value_new_list ();

      for (guint i = 0; i < tl_value_list_length (stored->list); i++)
        tl_value_list_append (copy, tl_value_ref (tl_value_list_get (stored->list, i)));
      return copy;
    }
  return stored->is_dict ? serve_dict (stored, op, a, b) : serve_list (stored, op, a, b);
}

/* ---- requests ------------------------------------------------------------------ */

/* [id, op, name, a, b], id an integer, op and name strings. */
static gboolean
request_is_sound (TlValue *request)
{
  return request != NULL && request->type == TL_VALUE_LIST && tl_value_list_length (request) == 5 &&
         tl_value_list_get (request, 0)->type == TL_VALUE_INT &&
         tl_value_list_get (request, 1)->type == TL_VALUE_STRING &&
         tl_value_list_get (request, 2)->type == TL_VALUE_STRING &&
         strlen (tl_value_list_get (request, 2)->s) <= MAX_NAME;
}

static gboolean
signed_by (TlManager    *manager,
           const guint8 *data,
           gsize         len)
{
  guint8 mac[TL_MANAGER_MAC_BYTES];
  guint8 differ = 0;

  if (len < TL_MANAGER_MAC_BYTES)
    return FALSE;
  _tl_manager_sign (manager, (const char *) data + TL_MANAGER_MAC_BYTES, len - TL_MANAGER_MAC_BYTES, mac);
  /* In constant time: how much of a guess was right must not show. */
  for (guint i = 0; i < TL_MANAGER_MAC_BYTES; i++)
    differ |= mac[i] ^ data[i];
  return differ == 0;
}

/* The next request: its text (signed, within bounds) and the descriptor to
 * answer on, or NULL with *reply_fd -1 for one to ignore; FALSE when the
 * clients are gone. */
static gboolean
receive (TlManager  *manager,
         guint8     *buf,
         char      **text,
         int        *reply_fd)
{
  char control[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { buf, TL_MANAGER_MAX_MESSAGE + 1 };
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  ssize_t n;

  *text = NULL;
  *reply_fd = -1;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  do
    n = recvmsg (manager->requests[0], &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return FALSE;
  /* One descriptor, the reply's: any other that came is closed. */
  for (cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL; cmsg = CMSG_NXTHDR (&msg, cmsg))
    if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_RIGHTS)
      for (gsize i = 0; i < (cmsg->cmsg_len - CMSG_LEN (0)) / sizeof (int); i++)
        {
          int fd;

          memcpy (&fd, CMSG_DATA (cmsg) + i * sizeof (int), sizeof (int));
          if (*reply_fd < 0)
            *reply_fd = fd;
          else
            close (fd);
        }
  if (*reply_fd < 0 || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0 ||
      (gsize) n > TL_MANAGER_MAX_MESSAGE || !signed_by (manager, buf, (gsize) n))
    {
      if (*reply_fd >= 0)
        close (*reply_fd);
      *reply_fd = -1;
      return TRUE;
    }
  *text = g_strndup ((char *) buf + TL_MANAGER_MAC_BYTES, (gsize) n - TL_MANAGER_MAC_BYTES);
  return TRUE;
}

/* Answers @request on @fd; TRUE if it asked the server to stop. */
static gboolean
answer (TlManager  *manager,
        GHashTable *objects,
        TlValue    *request,
        int         fd)
{
  g_autoptr(TlValue) reply = tl_value_new_list ();
  g_autofree char *data = NULL;
  const char *op = tl_value_list_get (request, 1)->s;
  gboolean stop = strcmp (op, "shutdown") == 0;
  guint64 reply_id = tl_trace_new_id ();

  tl_value_list_append (reply, tl_value_new_int ((gint64) reply_id));
  tl_value_list_append (reply, stop ? tl_value_none ()
                                    : serve (objects, op, tl_value_list_get (request, 2)->s,
                                             tl_value_list_get (request, 3),
                                             tl_value_list_get (request, 4)));
  data = tl_value_serialize (reply);
  if (data == NULL || strlen (data) > TL_MANAGER_MAX_MESSAGE)
    {
      g_autoptr(TlValue) error = error_reply ("ValueError", "the answer is too large to send");

      tl_value_list_set (reply, 1, g_steal_pointer (&error));
      g_free (data);
      data = tl_value_serialize (reply);
    }
  _tl_record (TL_EVENT_SEND, TL_ROLE_MANAGER, 0, manager->prim.id, reply_id, (guint32) strlen (data));
  send (fd, data, strlen (data), MSG_NOSIGNAL);
  return stop;
}

int
_tl_manager_serve (TlExec   *x,
                   gpointer  data)
{
  TlManager *manager = data;
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stored_free);
  g_autofree guint8 *buf = g_malloc (TL_MANAGER_MAX_MESSAGE + 1);
  gboolean running = TRUE;

  /* The clients' end is theirs. */
  close (manager->requests[1]);
  while (running)
    {
      g_autoptr(TlValue) request = NULL;
      g_autofree char *text = NULL;
      gboolean more;
      int fd;

      /* Serving: waiting for the next request, the GIL let go. */
      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
      _tl_exec_release_gil (x);
      more = receive (manager, buf, &text, &fd);
      if (text != NULL)
        request = tl_value_deserialize (text, NULL);
      if (request_is_sound (request))
        _tl_record (TL_EVENT_RECEIVE, TL_ROLE_MANAGER, 0, manager->prim.id,
                    (guint64) tl_value_list_get (request, 0)->i, (guint32) strlen (text));
      _tl_record (TL_EVENT_WAIT_END, TL_ROLE_MANAGER, 0, manager->prim.id, 0, 0);
      _tl_exec_take_gil (x);

      if (!more)
        break;
      if (fd >= 0 && request_is_sound (request))
        running = !answer (manager, objects, request, fd);
      if (fd >= 0)
        close (fd);
    }
  close (manager->requests[0]);
  return 0;
}
