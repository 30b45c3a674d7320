/* tl-channels.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Queue, in the memory every process of the run shares,
 * and multiprocessing.Pipe, a socket pair.  Items travel serialized
 * (tl_value_serialize ()), and each send and receive is recorded with a
 * message id, so the timeline draws an arrow from sender to receiver.
 */
#define G_LOG_DOMAIN "tl-primitives"

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include <gio/gio.h>

#include "tl-primitives.h"

#define QUEUE_SLOTS      128
#define QUEUE_SLOT_BYTES 2040
#define PIPE_MAX_BYTES   65536

/* ---- Queue ---------------------------------------------------------------------------- */

typedef struct
{
  guint64 message;
  guint32 len;
  char    data[QUEUE_SLOT_BYTES];
} QueueSlot;

struct _TlQueue
{
  TlPrim    prim;
  TlSync    sync;
  gint64    capacity;
  gint64    head;
  gint64    count;
  gint64    getters;
  gboolean  record;
  QueueSlot slots[];
};

TlQueue *
_tl_queue_new (const char *name,
               gint64      maxsize,
               gboolean    record)
{
  gint64 capacity = maxsize > 0 ? MIN (maxsize, QUEUE_SLOTS) : QUEUE_SLOTS;
  TlQueue *queue = _tl_arena_alloc (sizeof (TlQueue) + (gsize) capacity * sizeof (QueueSlot));

  if (queue == NULL)
    return NULL;
  _tl_prim_init (&queue->prim, TL_PRIM_QUEUE, "Queue", name, TL_ROLE_QUEUE);
  _tl_sync_init (&queue->sync);
  queue->capacity = capacity;
  queue->record = record;
  return queue;
}

ExecStatus
_tl_queue_put (TlExec  *x,
               TlQueue *queue,
               TlValue *value)
{
  g_autofree char *data = tl_value_serialize (value);
  gsize len;
  QueueSlot *slot;
  gboolean waited = FALSE;

  if (data == NULL)
    return _tl_exec_raise (x, "TypeError", "cannot send a %s through a queue",
                           tl_value_type_name (value));
  len = strlen (data);
  if (len > QUEUE_SLOT_BYTES)
    return _tl_exec_raise (x, "ValueError", "this item is too large for a queue (%zu bytes)", len);

  _tl_sync_lock (&queue->sync);
  if (queue->count == queue->capacity)
    {
      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
      _tl_sync_unlock (&queue->sync);
      _tl_exec_release_gil (x);
      waited = TRUE;
      _tl_sync_lock (&queue->sync);
      while (queue->count == queue->capacity)
        _tl_sync_wait (&queue->sync, 0);
    }
  slot = &queue->slots[(queue->head + queue->count) % queue->capacity];
  slot->message = tl_trace_new_id ();
  slot->len = (guint32) len;
  memcpy (slot->data, data, len);
  queue->count++;
  if (queue->record)
    _tl_record (TL_EVENT_SEND, TL_ROLE_QUEUE, 0, queue->prim.id, slot->message, (guint32) len);
  if (waited)
    _tl_record (TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
  _tl_sync_broadcast (&queue->sync);
  _tl_sync_unlock (&queue->sync);
  if (waited)
    _tl_exec_take_gil (x);
  return EXEC_OK;
}

ExecStatus
_tl_queue_get (TlExec   *x,
               TlQueue  *queue,
               gint64    timeout_ns,
               TlValue **out)
{
  g_autofree char *data = NULL;
  gboolean waited = FALSE;
  QueueSlot *slot;
  TlValue *value;

  *out = NULL;
  _tl_sync_lock (&queue->sync);
  if (queue->count == 0)
    {
      gint64 deadline;

      if (timeout_ns == 0)
        {
          _tl_sync_unlock (&queue->sync);
          return _tl_exec_raise (x, "Empty", "the queue is empty");
        }
      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
      _tl_sync_unlock (&queue->sync);
      _tl_exec_release_gil (x);
      waited = TRUE;
      deadline = _tl_deadline_for (timeout_ns);
      _tl_sync_lock (&queue->sync);
      while (queue->count == 0)
        if (!_tl_sync_wait (&queue->sync, deadline) && queue->count == 0)
          {
            _tl_record (TL_EVENT_WAIT_END, TL_ROLE_QUEUE, TL_FLAG_TIMEOUT,
                        queue->prim.id, 0, 0);
            _tl_sync_unlock (&queue->sync);
            _tl_exec_take_gil (x);
            return _tl_exec_raise (x, "Empty", "no item arrived in time");
          }
    }
  slot = &queue->slots[queue->head];
  data = g_strndup (slot->data, slot->len);
  if (queue->record)
    _tl_record (TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 0, queue->prim.id, slot->message, slot->len);
  if (waited)
    _tl_record (TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 0, queue->prim.id, 0, 0);
  queue->head = (queue->head + 1) % queue->capacity;
  queue->count--;
  _tl_sync_broadcast (&queue->sync);
  _tl_sync_unlock (&queue->sync);
  if (waited)
    _tl_exec_take_gil (x);

  value = tl_value_deserialize (data, NULL);
  if (value == NULL)
    return _tl_exec_raise (x, "RuntimeError", "a damaged item came out of the queue");
  *out = value;
  return EXEC_OK;
}

gint64
_tl_queue_size (TlQueue *queue)
{
  gint64 count;

  _tl_sync_lock (&queue->sync);
  count = queue->count;
  _tl_sync_unlock (&queue->sync);
  return count;
}

/* ---- Pipe -------------------------------------------------------------------------- */

struct _TlPipeEnd
{
  TlPrim   prim;
  int      fd;
  guint64  pipe_id;      /* both ends record as one channel */
};

gboolean
_tl_pipe_new (const char  *name,
              const char  *name_a,
              const char  *name_b,
              TlPipeEnd  **a,
              TlPipeEnd  **b,
              GError     **error)
{
  int fds[2];
  guint64 id;

  /* Datagram-like: one send is one recv, as Connection.send/recv. */
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create a pipe: %s", g_strerror (saved));
      return FALSE;
    }
  id = _tl_record_new_object (TL_ROLE_PIPE, name);
  *a = g_new0 (TlPipeEnd, 1);
  *b = g_new0 (TlPipeEnd, 1);
  (*a)->prim.obj.kind_name = (*b)->prim.obj.kind_name = "Connection";
  (*a)->prim.obj.name = g_strdup (name_a);
  (*b)->prim.obj.name = g_strdup (name_b);
  (*a)->prim.kind = (*b)->prim.kind = TL_PRIM_PIPE_END;
  (*a)->prim.id = (*b)->prim.id = id;
  (*a)->pipe_id = (*b)->pipe_id = id;
  (*a)->fd = fds[0];
  (*b)->fd = fds[1];
  return TRUE;
}

ExecStatus
_tl_pipe_send (TlExec    *x,
               TlPipeEnd *end,
               TlValue   *value)
{
  g_autofree char *data = tl_value_serialize (value);
  g_autofree guint8 *buf = NULL;
  guint64 message = tl_trace_new_id ();
  gsize len;
  ssize_t r;

  if (data == NULL)
    return _tl_exec_raise (x, "TypeError", "cannot send a %s through a pipe",
                           tl_value_type_name (value));
  len = strlen (data);
  if (len + 8 > PIPE_MAX_BYTES)
    return _tl_exec_raise (x, "ValueError", "this item is too large for a pipe");
  buf = g_malloc (len + 8);
  memcpy (buf, &message, 8);
  memcpy (buf + 8, data, len);

  /* Recorded first, so the send is never later than its receive. */
  _tl_record (TL_EVENT_SEND, TL_ROLE_PIPE, 0, end->pipe_id, message, (guint32) len);
  _tl_exec_release_gil (x);
  do
    r = send (end->fd, buf, len + 8, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  _tl_exec_take_gil (x);
  if (r < 0)
    return _tl_exec_raise (x, "BrokenPipeError", "%s", g_strerror (errno));
  return EXEC_OK;
}

ExecStatus
_tl_pipe_recv (TlExec    *x,
               TlPipeEnd *end,
               gint64     timeout_ns,
               TlValue  **out)
{
  g_autofree guint8 *buf = g_malloc (PIPE_MAX_BYTES + 1);
  g_autofree char *data = NULL;
  struct pollfd pfd = { end->fd, POLLIN, 0 };
  gboolean waited = FALSE;
  guint64 message;
  ssize_t r;

  *out = NULL;
  if (poll (&pfd, 1, 0) <= 0)
    {
      int ms = timeout_ns < 0 ? -1 : (int) MIN (timeout_ns / 1000000, G_MAXINT);

      _tl_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PIPE, 0, end->pipe_id, 0, 0);
      waited = TRUE;
      _tl_exec_release_gil (x);
      do
        r = poll (&pfd, 1, ms);
      while (r < 0 && errno == EINTR);
      if (r == 0)
        {
          _tl_record (TL_EVENT_WAIT_END, TL_ROLE_PIPE, TL_FLAG_TIMEOUT, end->pipe_id, 0, 0);
          _tl_exec_take_gil (x);
          return _tl_exec_raise (x, "TimeoutError", "nothing arrived on the pipe in time");
        }
    }
  else
    _tl_exec_release_gil (x);

  do
    r = recv (end->fd, buf, PIPE_MAX_BYTES, 0);
  while (r < 0 && errno == EINTR);
  if (r >= 8)
    {
      memcpy (&message, buf, 8);
      _tl_record (TL_EVENT_RECEIVE, TL_ROLE_PIPE, 0, end->pipe_id, message, (guint32) (r - 8));
    }
  if (waited)
    _tl_record (TL_EVENT_WAIT_END, TL_ROLE_PIPE, 0, end->pipe_id, 0, 0);
  _tl_exec_take_gil (x);

  if (r < 8)
    return _tl_exec_raise (x, "EOFError", "the other end of the pipe is closed");
  data = g_strndup ((char *) buf + 8, (gsize) r - 8);
  *out = tl_value_deserialize (data, NULL);
  if (*out == NULL)
    return _tl_exec_raise (x, "RuntimeError", "a damaged message came out of the pipe");
  return EXEC_OK;
}
