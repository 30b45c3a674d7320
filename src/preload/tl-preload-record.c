/* tl-preload-record.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Time stamps that keep a lock's handover in order.
 *
 * A release is recorded before the real unlock and an acquire after the
 * real lock, so the acquire of a lock handed over should always carry the
 * later time.  It does not always: the time stamp counter may be read
 * ahead of the loads before it, and on this project's virtual machines
 * traces showed, a few times in a thousand handovers, an acquire some
 * 20 ns before the release it follows.  The trace must never show two
 * holders of one lock, so the interposer remembers, per lock, when its
 * last release was recorded in this process, and an acquire that would
 * come earlier is dated just after it; the events that thread records
 * next are kept after that too.  The lock's own memory ordering makes the
 * release's note visible to the thread that acquires it (no fence is
 * needed: an early read of the counter is corrected the same way).  Locks
 * shared by processes are not covered.
 */
#include "config.h"

#include "tl-preload-private.h"

#define N_RELEASES 1024u   /* a power of two; locks that share a slot only make this stricter */

static uint64_t releases[N_RELEASES];

static bool
record_at (uint64_t     ts,
           TlEventKind  kind,
           TlObjectRole role,
           uint8_t      flags,
           uint64_t     object,
           uint64_t     arg,
           uint32_t     aux)
{
  TlEvent *ev = tl_trace_reserve ();

  if (ev == NULL)
    return false;
  ev->ts = ts;
  ev->object = object;
  ev->arg = arg;
  ev->kind = (uint16_t) kind;
  ev->role = (uint8_t) role;
  ev->flags = flags;
  ev->aux = aux;
  tl_trace_commit ();
  return true;
}

/* Dates an event at @ts, or just after this thread's floor if @ts is not
 * later; returns the date used. */
static uint64_t
record_after_floor (uint64_t     ts,
                    TlEventKind  kind,
                    TlObjectRole role,
                    uint8_t      flags,
                    uint64_t     object,
                    uint64_t     arg,
                    uint32_t     aux)
{
  if (ts <= _tl_thread.floor)
    ts = _tl_thread.floor + 1;
  else
    _tl_thread.floor = 0;
  if (record_at (ts, kind, role, flags, object, arg, aux) && _tl_thread.floor != 0)
    _tl_thread.floor = ts;
  return ts;
}

void
_tl_preload_record_floored (TlEventKind  kind,
                            TlObjectRole role,
                            uint8_t      flags,
                            uint64_t     object,
                            uint64_t     arg,
                            uint32_t     aux)
{
  record_after_floor (tl_trace_now (), kind, role, flags, object, arg, aux);
}

void
_tl_preload_record_acquire (TlObjectRole role,
                            uint8_t      flags,
                            uint64_t     object,
                            uint64_t     arg,
                            uint32_t     aux)
{
  uint64_t now = tl_trace_now ();
  uint64_t released;

  released = __atomic_load_n (&releases[object & (N_RELEASES - 1)], __ATOMIC_RELAXED);
  if (released >= now && released > _tl_thread.floor)
    _tl_thread.floor = released;
  record_after_floor (now, TL_EVENT_LOCK_ACQUIRE, role, flags, object, arg, aux);
}

void
_tl_preload_record_release (TlObjectRole role,
                            uint8_t      flags,
                            uint64_t     object,
                            uint64_t     arg,
                            uint32_t     aux)
{
  uint64_t ts = record_after_floor (tl_trace_now (), TL_EVENT_LOCK_RELEASE, role, flags, object,
                                    arg, aux);

  /* Seen by the next owner through the unlock that follows. */
  __atomic_store_n (&releases[object & (N_RELEASES - 1)], ts, __ATOMIC_RELAXED);
}
