/* tl-preload-gil.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * CPython 3.11's global interpreter lock, seen from the pthread calls it
 * makes (Python/ceval_gil.h).  The GIL is _PyRuntime.ceval.gil (its layout:
 * tl-preload-cpython.h): a mutex and a condition guard it, and a second
 * pair switches it from one thread to the next.  We do not trust the offsets until
 * create_gil () has initialised exactly those four objects, which it does
 * whenever the GIL is made (at start-up and in a forked child).
 *
 *  - take_gil () signals switch_cond once it holds the GIL: an acquire;
 *  - drop_gil () signals cond once it let go: a release;
 *  - a thread that waits on cond (timed) wants the GIL: a wait; one that
 *    waits on switch_cond dropped it on request and waits for its next turn.
 *
 * All of these happen with the GIL's mutex held, so a release always comes
 * before the next acquire (tl-preload-record.c keeps their times so).
 *
 * A process with one thread takes and drops its GIL around every blocking
 * call (thousands of times while it imports), and nobody else ever wants
 * it: the GIL is recorded from the moment a second thread starts, with
 * the hold of the thread that starts it.
 */
#include "config.h"

#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "tl-preload-cpython.h"
#include "tl-preload-private.h"

enum
{
  SEEN_MUTEX        = 1 << 0,
  SEEN_SWITCH_MUTEX = 1 << 1,
  SEEN_COND         = 1 << 2,
  SEEN_SWITCH_COND  = 1 << 3,
  SEEN_ALL          = 0xf,
};

typedef struct
{
  uintptr_t        runtime;
  pthread_cond_t  *cond;
  pthread_mutex_t *mutex;
  pthread_cond_t  *switch_cond;
  pthread_mutex_t *switch_mutex;
  uint32_t         seen;         /* SEEN_*: create_gil () initialised these */
  bool             recording;    /* a second thread started in this process */
  uint32_t         named_pid;
  uint64_t         id;
} TlGil;

static TlGil gil;

static uint64_t gil_id (void);

static bool
confirmed (void)
{
  return __atomic_load_n (&gil.seen, __ATOMIC_ACQUIRE) == SEEN_ALL;
}

void
_tl_gil_arm (void)
{
  const char *(*get_version) (void) = NULL;
  void *runtime = dlsym (RTLD_DEFAULT, "_PyRuntime");
  void *fn = dlsym (RTLD_DEFAULT, "Py_GetVersion");
  uintptr_t base;

  if (runtime == NULL || fn == NULL)
    return;
  _tl_process.python = true;
  memcpy (&get_version, &fn, sizeof fn);
  /* Safe before the interpreter starts: it formats static strings. */
  if (strncmp (get_version (), "3.11.", 5) != 0 || sizeof (void *) != 8)
    return;

  base = (uintptr_t) runtime;
  gil.runtime = base;
  gil.cond = (pthread_cond_t *) (base + TL_CPYTHON311_GIL_COND);
  gil.mutex = (pthread_mutex_t *) (base + TL_CPYTHON311_GIL_MUTEX);
  gil.switch_cond = (pthread_cond_t *) (base + TL_CPYTHON311_GIL_SWITCH_COND);
  gil.switch_mutex = (pthread_mutex_t *) (base + TL_CPYTHON311_GIL_SWITCH_MUTEX);
}

void
_tl_gil_after_fork (void)
{
  /* The child's GIL is another object, made again by the child, which has
   * one thread. */
  gil.named_pid = 0;
  gil.recording = false;
}

void
_tl_gil_second_thread (void)
{
  if (gil.recording || !confirmed ())
    return;
  gil.recording = true;
  if (_tl_thread.gil_held)
    _tl_preload_record_acquire (TL_ROLE_GIL, 0, gil_id (), 0, 1);
}

static uint64_t
gil_id (void)
{
  if (TL_UNLIKELY (gil.named_pid != _tl_process.pid))
    {
      gil.id = tl_shared_mix (gil.runtime, _tl_process.pid);
      gil.named_pid = _tl_process.pid;
      tl_trace_name (TL_ROLE_GIL, gil.id, "GIL", 3);
    }
  return gil.id;
}

bool
_tl_gil_mutex_init (pthread_mutex_t *mutex)
{
  if (gil.runtime == 0)
    return false;
  if (mutex == gil.mutex)
    __atomic_or_fetch (&gil.seen, SEEN_MUTEX, __ATOMIC_RELEASE);
  else if (mutex == gil.switch_mutex)
    __atomic_or_fetch (&gil.seen, SEEN_SWITCH_MUTEX, __ATOMIC_RELEASE);
  else
    return false;
  return true;
}

bool
_tl_gil_cond_init (pthread_cond_t *cond)
{
  if (gil.runtime == 0)
    return false;
  if (cond == gil.cond)
    __atomic_or_fetch (&gil.seen, SEEN_COND, __ATOMIC_RELEASE);
  else if (cond == gil.switch_cond)
    __atomic_or_fetch (&gil.seen, SEEN_SWITCH_COND, __ATOMIC_RELEASE);
  else
    return false;
  return true;
}

bool
_tl_gil_is_mutex (pthread_mutex_t *mutex)
{
  return gil.runtime != 0 && (mutex == gil.mutex || mutex == gil.switch_mutex);
}

bool
_tl_gil_mutex_destroy (pthread_mutex_t *mutex)
{
  if (!_tl_gil_is_mutex (mutex))
    return false;
  /* The GIL goes away (a forked child remakes it): nobody holds it now. */
  if (mutex == gil.mutex)
    _tl_gil_release_if_held ();
  return true;
}

bool
_tl_gil_cond_signal (pthread_cond_t *cond)
{
  if (gil.runtime == 0 || (cond != gil.cond && cond != gil.switch_cond) || !confirmed ())
    return false;
  if (cond == gil.switch_cond)
    {
      if (gil.recording)
        _tl_preload_record_acquire (TL_ROLE_GIL, 0, gil_id (), 0, 1);
      _tl_thread.gil_held = 1;
      _tl_thread.gil_waiting = 0;
    }
  else
    {
      _tl_gil_release_if_held ();
    }
  return true;
}

bool
_tl_gil_cond_wait (pthread_cond_t *cond,
                   bool            timed)
{
  if (gil.runtime == 0 || (cond != gil.cond && cond != gil.switch_cond) || !confirmed ())
    return false;
  (void) timed;
  if (!_tl_thread.gil_waiting && gil.recording)
    {
      tl_preload_record (TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 0, gil_id (), 0, 0);
      _tl_thread.gil_waiting = 1;
    }
  return true;
}

void
_tl_gil_release_if_held (void)
{
  if (!_tl_thread.gil_held)
    return;
  if (gil.recording)
    _tl_preload_record_release (TL_ROLE_GIL, 0, gil_id (), 0, 0);
  _tl_thread.gil_held = 0;
}
