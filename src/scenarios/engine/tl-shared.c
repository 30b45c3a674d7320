/* tl-shared.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Value and Array, in the memory every process of the run
 * shares; SharedMemory, a block of its own; and plain lists, which each
 * process has its own copy of.
 */
#define G_LOG_DOMAIN "tl-primitives"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include "tl-primitives.h"

/* ---- Value and Array ------------------------------------------------------------------ */

/* Each access takes the value's own mutex, as a synchronized
 * multiprocessing.Value does for each .value get and set; that does not
 * make "counter.value += 1" atomic: the read and the write are two
 * accesses, and the race lives between them. */
struct _TlShared
{
  TlPrim   prim;
  TlSync   access;
  TlLock  *lock;           /* get_lock () */
  gint64   length;
  /* Followed by length element ids, then length values. */
};

static guint64 *
shared_ids (TlShared *shared)
{
  return (guint64 *) (shared + 1);
}

static gint64 *
shared_values (TlShared *shared)
{
  return (gint64 *) (shared_ids (shared) + shared->length);
}

TlShared *
_tl_shared_new (TlPrimKind  kind,
                const char *name,
                TlValue    *init)
{
  gint64 length = 1;
  TlShared *shared;
  g_autofree char *lock_name = g_strdup_printf ("%s.get_lock()", name);

  if (kind == TL_PRIM_ARRAY)
    length = init->type == TL_VALUE_LIST ? tl_value_list_length (init) : MAX (init->i, 0);
  shared = _tl_arena_alloc (sizeof (TlShared) + (gsize) length * 16);
  if (shared == NULL)
    return NULL;
  shared->length = length;
  _tl_prim_init (&shared->prim, kind, kind == TL_PRIM_VALUE ? "Value" : "Array", name,
                 kind == TL_PRIM_VALUE ? TL_ROLE_VALUE : TL_ROLE_NONE);
  _tl_sync_init (&shared->access);
  shared->lock = _tl_lock_new (TL_PRIM_RLOCK, lock_name, 1);
  if (shared->lock == NULL)
    return NULL;

  for (gint64 i = 0; i < length; i++)
    {
      if (kind == TL_PRIM_VALUE)
        shared_ids (shared)[i] = shared->prim.id;
      else
        {
          g_autofree char *element = g_strdup_printf ("%s[%" G_GINT64_FORMAT "]", name, i);

          shared_ids (shared)[i] = _tl_record_new_object (TL_ROLE_VALUE, element);
        }
      if (init->type == TL_VALUE_LIST)
        {
          TlValue *item = tl_value_list_get (init, (guint) i);

          shared_values (shared)[i] = item->type == TL_VALUE_INT ? item->i : 0;
        }
      else if (kind == TL_PRIM_VALUE && init->type == TL_VALUE_INT)
        shared_values (shared)[i] = init->i;
    }
  return shared;
}

gint64
_tl_shared_length (TlShared *shared)
{
  return shared->length;
}

static ExecStatus
check_index (TlExec   *x,
             TlShared *shared,
             gint64   *index)
{
  if (*index < 0)
    *index += shared->length;
  if (*index < 0 || *index >= shared->length)
    return _tl_exec_raise (x, "IndexError", "array index out of range");
  return EXEC_OK;
}

ExecStatus
_tl_shared_read (TlExec   *x,
                 TlShared *shared,
                 gint64    index,
                 gint64   *value)
{
  if (check_index (x, shared, &index) != EXEC_OK)
    return EXEC_RAISE;
  _tl_sync_lock (&shared->access);
  *value = shared_values (shared)[index];
  _tl_record (TL_EVENT_READ, TL_ROLE_VALUE, 0, shared_ids (shared)[index],
              (guint64) *value, 0);
  _tl_sync_unlock (&shared->access);
  return EXEC_OK;
}

ExecStatus
_tl_shared_write (TlExec   *x,
                  TlShared *shared,
                  gint64    index,
                  gint64    value)
{
  if (check_index (x, shared, &index) != EXEC_OK)
    return EXEC_RAISE;
  _tl_sync_lock (&shared->access);
  shared_values (shared)[index] = value;
  _tl_record (TL_EVENT_WRITE, TL_ROLE_VALUE, 0, shared_ids (shared)[index],
              (guint64) value, 0);
  _tl_sync_unlock (&shared->access);
  return EXEC_OK;
}

TlLock *
_tl_shared_get_lock (TlShared *shared)
{
  return shared->lock;
}

/* ---- SharedMemory ---------------------------------------------------------------------- */

struct _TlShm
{
  TlPrim  prim;
  gint64  size;
  char   *data;
};

/* An anonymous memory file, not a name in /dev/shm: nothing another
 * user could guess and take first, nothing to remove after.  The run's
 * processes share it as they share everything, through fork. */
TlShm *
_tl_shm_new (const char  *name,
             gint64       size,
             GError     **error)
{
  TlShm *shm;
  void *mem = MAP_FAILED;
  int fd;

  size = MAX (size, 1);
  fd = memfd_create ("threadline-shared-memory", MFD_CLOEXEC);
  if (fd < 0 || ftruncate (fd, size) < 0 ||
      (mem = mmap (NULL, (gsize) size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the shared memory block %s: %s", name, g_strerror (saved));
      return NULL;
    }
  close (fd);

  shm = g_new0 (TlShm, 1);
  _tl_prim_init (&shm->prim, TL_PRIM_SHARED_MEMORY, "SharedMemory", name, TL_ROLE_SHARED_MEMORY);
  shm->size = size;
  shm->data = mem;
  return shm;
}

ExecStatus
_tl_shm_read (TlExec   *x,
              TlShm    *shm,
              TlValue **out)
{
  gsize len = strnlen (shm->data, (gsize) shm->size);

  *out = tl_value_new_string_take (g_strndup (shm->data, len));
  _tl_record (TL_EVENT_READ, TL_ROLE_SHARED_MEMORY, 0, shm->prim.id, len, 0);
  return EXEC_OK;
}

ExecStatus
_tl_shm_write (TlExec  *x,
               TlShm   *shm,
               TlValue *value)
{
  g_autofree char *text = tl_value_to_string (value);
  gsize len = MIN (strlen (text), (gsize) shm->size - 1);

  memcpy (shm->data, text, len);
  shm->data[len] = '\0';
  _tl_record (TL_EVENT_WRITE, TL_ROLE_SHARED_MEMORY, 0, shm->prim.id, len, 0);
  return EXEC_OK;
}

/* ---- plain lists --------------------------------------------------------------------- */

TlListObj *
_tl_list_obj_new (const char *name,
                  TlValue    *init)
{
  TlListObj *list = g_new0 (TlListObj, 1);

  _tl_prim_init (&list->prim, TL_PRIM_LIST, "list", name, TL_ROLE_VALUE);
  list->list = tl_value_new_list ();
  if (init != NULL && init->type == TL_VALUE_LIST)
    for (guint i = 0; i < tl_value_list_length (init); i++)
      tl_value_list_append (list->list, tl_value_ref (tl_value_list_get (init, i)));
  return list;
}
