/* tl-gil.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An emulated global interpreter lock that behaves as CPython's has since
 * 3.2 (Python/ceval_gil.h): a thread that wants the GIL waits on a
 * condition for the switch interval; if the holder has not let go by
 * then, it sets the drop request; the holder sees the request at its next
 * eval-breaker check, drops the GIL, and waits until another thread has
 * taken it (forced switching), so that it cannot take it straight back.
 *
 * Every turn is recorded as a lock with the GIL role: a wait, an acquire
 * and a release, made while holding the GIL's mutex so the trace never
 * shows two holders.
 */
#define G_LOG_DOMAIN "tl-gil"

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "tl-gil.h"
#include "tl-records.h"

struct _TlGil
{
  pthread_mutex_t mutex;
  pthread_cond_t  cond;          /* signalled when the GIL is dropped */
  pthread_cond_t  switch_cond;   /* signalled when it is taken */
  gboolean        locked;
  guint32         last_holder;
  guint64         switch_number;
  gint            drop_request;  /* the eval breaker; read without the mutex */
  gint64          interval_ns;
  guint64         id;
};

TlGil *
_tl_gil_new (gint64 interval_ns)
{
  TlGil *gil = g_new0 (TlGil, 1);
  pthread_condattr_t attr;

  pthread_mutex_init (&gil->mutex, NULL);
  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&gil->cond, &attr);
  pthread_cond_init (&gil->switch_cond, &attr);
  pthread_condattr_destroy (&attr);
  gil->interval_ns = MAX (interval_ns, 20000);
  gil->id = _tl_record_new_object (TL_ROLE_GIL, "GIL");
  return gil;
}

static void
deadline_after (struct timespec *ts,
                gint64           ns)
{
  clock_gettime (CLOCK_MONOTONIC, ts);
  ts->tv_sec += ns / G_GINT64_CONSTANT (1000000000);
  ts->tv_nsec += ns % G_GINT64_CONSTANT (1000000000);
  if (ts->tv_nsec >= 1000000000)
    {
      ts->tv_sec++;
      ts->tv_nsec -= 1000000000;
    }
}

void
_tl_gil_take (TlGil   *gil,
              guint32  tid)
{
  pthread_mutex_lock (&gil->mutex);

  if (gil->locked)
    {
      _tl_record (TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 0, gil->id, 0, 0);
      while (gil->locked)
        {
          guint64 saved = gil->switch_number;
          struct timespec deadline;
          int r;

          deadline_after (&deadline, gil->interval_ns);
          r = pthread_cond_timedwait (&gil->cond, &gil->mutex, &deadline);
          /* Waited a whole interval and nobody switched: ask the holder. */
          if (r == ETIMEDOUT && gil->locked && gil->switch_number == saved)
            g_atomic_int_set (&gil->drop_request, 1);
        }
    }

  gil->locked = TRUE;
  if (gil->last_holder != tid)
    {
      gil->last_holder = tid;
      gil->switch_number++;
    }
  _tl_record (TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 0, gil->id, 0, 1);
  /* Forced switching: the thread that dropped on request waits for this. */
  pthread_cond_signal (&gil->switch_cond);
  if (g_atomic_int_get (&gil->drop_request))
    g_atomic_int_set (&gil->drop_request, 0);

  pthread_mutex_unlock (&gil->mutex);
}

void
_tl_gil_drop (TlGil    *gil,
              guint32   tid,
              gboolean  forced)
{
  pthread_mutex_lock (&gil->mutex);
  /* Let go on request to take it back: waiting for it starts now. */
  if (forced)
    _tl_record (TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 0, gil->id, 0, 0);
  _tl_record (TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 0, gil->id, 0, 0);
  gil->locked = FALSE;
  pthread_cond_signal (&gil->cond);

  /* Dropped because another thread asked: do not take it back before that
   * thread had its turn. */
  if (forced && g_atomic_int_get (&gil->drop_request))
    {
      while (gil->last_holder == tid && g_atomic_int_get (&gil->drop_request))
        pthread_cond_wait (&gil->switch_cond, &gil->mutex);
    }
  pthread_mutex_unlock (&gil->mutex);
}

gboolean
_tl_gil_drop_requested (TlGil *gil)
{
  return g_atomic_int_get (&gil->drop_request) != 0;
}
