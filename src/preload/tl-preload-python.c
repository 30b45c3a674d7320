/* tl-preload-python.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * What the Python helper (python/_threadline.py, loaded by the
 * sitecustomize.py the tracer puts first on PYTHONPATH) calls through
 * ctypes.PyDLL, with the GIL held: names for processes and threads, which
 * of the interpreter's locks and pipes are the objects the programmer
 * made, and the events only Python code can see (pool tasks, waits on a
 * Condition, an Event or a Queue, errors and where they were reported).
 *
 * The helper checks threadline_py_abi () before it calls anything else.
 */
#include "config.h"

#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tl-preload-private.h"
#include "tl-preload-python.h"

#define TL_PRELOAD_PYTHON_ABI 1

static bool
valid_role (int role)
{
  return role > TL_ROLE_NONE && role < TL_N_ROLES;
}

TL_EXPORT int
threadline_py_abi (void)
{
  return TL_PRELOAD_PYTHON_ABI;
}

/* Returns 1 in the traced program's first process, 0 in the others, -1
 * if this process records nothing. */
TL_EXPORT int
threadline_py_hello (void)
{
  if (!_tl_process.active)
    return -1;
  _tl_process.helper = true;
  return (uint32_t) getppid () == _tl_process.tracer_pid ? 1 : 0;
}

TL_EXPORT void
threadline_py_name_process (const char *name)
{
  if (!_tl_process.active || name == NULL)
    return;
  _tl_thread.inside++;
  _tl_preload_name_process (name);
  _tl_thread.inside--;
}

TL_EXPORT void
threadline_py_name_thread (uint32_t    tid,
                           const char *name)
{
  if (!_tl_process.active || name == NULL)
    return;
  _tl_thread.inside++;
  _tl_preload_name_thread (tid != 0 ? tid : _tl_preload_tid (), name);
  _tl_thread.inside--;
}

TL_EXPORT uint64_t
threadline_py_new_object (int         role,
                          const char *name)
{
  uint64_t id;

  if (!_tl_process.active || !valid_role (role))
    return 0;
  _tl_thread.inside++;
  id = tl_trace_new_id ();
  if (id != 0 && name != NULL)
    tl_trace_name ((TlObjectRole) role, id, name, strlen (name));
  _tl_thread.inside--;
  return id;
}

/* A lock of this process's (a PyThread lock: a sem_t) shown as @role, or,
 * with @alias, whose waits are shown as waits on @alias. */
TL_EXPORT uint64_t
threadline_py_register_lock (uintptr_t   lock,
                             int         role,
                             uint64_t    alias,
                             const char *name)
{
  TlObjectEntry *e;
  uint64_t id = 0;

  if (!_tl_process.active || lock == 0 || !valid_role (role))
    return 0;
  _tl_thread.inside++;
  e = _tl_objects_register ((const void *) lock);
  if (e != NULL)
    {
      e->role = (uint8_t) role;
      e->alias = alias;
      tl_copy_name (e->name, sizeof e->name, name != NULL ? name : "");
      if (alias == 0)
        _tl_objects_ensure_named (e);
      id = alias != 0 ? alias : e->id;
      __atomic_store_n (&e->show, alias != 0 ? TL_SHOW_WAITS : TL_SHOW_HOLDS, __ATOMIC_RELEASE);
    }
  _tl_thread.inside--;
  return id;
}

/* A multiprocessing semaphore (named, shared by processes): every process
 * that opens it by name, now or later, shows it so. */
TL_EXPORT uint64_t
threadline_py_register_semlock (uintptr_t   handle,
                                int         role,
                                uint64_t    alias,
                                const char *name)
{
  TlObjectEntry *e;
  TlSharedObject *so;
  uint64_t id = 0;

  if (!_tl_process.active || handle == 0 || !valid_role (role))
    return 0;
  _tl_thread.inside++;
  e = _tl_objects_lookup ((const void *) handle);
  if (e != NULL && (e->flags & TL_OBJECT_SHARED) != 0)
    {
      e->role = (uint8_t) role;
      e->alias = alias;
      tl_copy_name (e->name, sizeof e->name, name != NULL ? name : "");
      so = tl_shared_object (_tl_process.shared, e->id, true);
      if (so != NULL)
        {
          so->role = (uint8_t) role;
          so->alias = alias;
          tl_copy_name (so->name, sizeof so->name, e->name);
          __atomic_store_n (&so->show, alias != 0 ? TL_SHOW_WAITS : TL_SHOW_HOLDS,
                            __ATOMIC_RELEASE);
        }
      if (alias == 0)
        {
          e->named_pid = 0;
          _tl_objects_ensure_named (e);
        }
      id = alias != 0 ? alias : e->id;
      __atomic_store_n (&e->show, alias != 0 ? TL_SHOW_WAITS : TL_SHOW_HOLDS, __ATOMIC_RELEASE);
    }
  _tl_thread.inside--;
  return id;
}

/* The shared id of a multiprocessing semaphore, for objects built on it
 * (a multiprocessing.Condition or Event) that must be the same in every
 * process; 0 if unknown. */
TL_EXPORT uint64_t
threadline_py_semlock_id (uintptr_t handle)
{
  TlObjectEntry *e = _tl_process.active ? _tl_objects_lookup ((const void *) handle) : NULL;

  return e != NULL && (e->flags & TL_OBJECT_SHARED) != 0 ? e->id ^ 0x5a5a : 0;
}

TL_EXPORT uint64_t
threadline_py_register_channel (int         fd,
                                int         role,
                                const char *name)
{
  uint64_t id;

  if (!_tl_process.active || !valid_role (role) || _tl_process.shared == NULL)
    return 0;
  _tl_thread.inside++;
  id = _tl_fds_register_channel (fd, (TlObjectRole) role, name != NULL ? name : "");
  _tl_thread.inside--;
  return id;
}

/* Any event on an object the helper knows.  A wait it begins hides the
 * waits on hidden primitives the interpreter makes underneath. */
TL_EXPORT void
threadline_py_record (int      kind,
                      int      role,
                      int      flags,
                      uint64_t object,
                      uint64_t arg,
                      uint32_t aux)
{
  if (!_tl_process.active || kind <= TL_EVENT_NAME || kind >= TL_EVENT_N_KINDS ||
      role < 0 || role >= TL_N_ROLES)
    return;
  if (kind == TL_EVENT_WAIT_BEGIN || kind == TL_EVENT_LOCK_WAIT)
    _tl_thread.py_waiting = 1;
  else if (kind == TL_EVENT_WAIT_END || kind == TL_EVENT_LOCK_ACQUIRE)
    _tl_thread.py_waiting = 0;
  if (kind == TL_EVENT_LOCK_ACQUIRE)
    _tl_preload_record_acquire ((TlObjectRole) role, (uint8_t) flags, object, arg, aux);
  else if (kind == TL_EVENT_LOCK_RELEASE)
    _tl_preload_record_release ((TlObjectRole) role, (uint8_t) flags, object, arg, aux);
  else
    tl_preload_record ((TlEventKind) kind, (TlObjectRole) role, (uint8_t) flags, object, arg, aux);
}

TL_EXPORT uint64_t
threadline_py_task_begin (const char *name,
                          uint64_t    arg)
{
  uint64_t task;

  if (!_tl_process.active)
    return 0;
  _tl_thread.inside++;
  task = tl_trace_new_id ();
  if (task != 0)
    {
      if (name != NULL)
        tl_trace_name (TL_ROLE_TASK, task, name, strlen (name));
      tl_preload_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, task, arg, 0);
    }
  _tl_thread.inside--;
  return task;
}

TL_EXPORT void
threadline_py_task_end (uint64_t task,
                        uint64_t result,
                        int      failed)
{
  if (!_tl_process.active || task == 0)
    return;
  tl_preload_record (TL_EVENT_TASK_END, TL_ROLE_TASK, failed ? TL_FLAG_FAILED : 0, task, result, 0);
}

/* An exception raised here: returns its id, for where it is reported. */
TL_EXPORT uint64_t
threadline_py_error_raised (const char *text)
{
  uint64_t id, text_id;

  if (!_tl_process.active || text == NULL)
    return 0;
  _tl_thread.inside++;
  id = tl_trace_new_id ();
  text_id = tl_trace_new_id ();
  if (id != 0 && text_id != 0)
    {
      tl_trace_name (TL_ROLE_TEXT, text_id, text, strlen (text));
      tl_trace_name (TL_ROLE_ERROR, id, text, strlen (text));
      tl_preload_record (TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 0, id, text_id, 0);
    }
  _tl_thread.inside--;
  return id;
}

/* For the helper's check that it reads the lock of a threading.Lock where
 * it thinks: the semaphore's value (1 free, 0 held), -1 if @sem is not
 * readable memory.  It reads a copy, so a wrong guess cannot crash. */
TL_EXPORT int
threadline_py_sem_value (uintptr_t sem)
{
  sem_t copy;
  struct iovec local = { &copy, sizeof copy };
  struct iovec remote = { (void *) sem, sizeof copy };
  int value = -1;

  if (sem == 0 || process_vm_readv (getpid (), &local, 1, &remote, 1, 0) != (ssize_t) sizeof copy ||
      sem_getvalue (&copy, &value) != 0)
    return -1;
  return value;
}
