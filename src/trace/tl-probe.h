/* tl-probe.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The record path: what traced code calls.  Each thread writes into its own
 * sub-buffer of the ring set with tl_trace_set_ring (), claimed on its first
 * event.  Recording never blocks (unless the ring was made blocking), never
 * takes a lock, never makes a system call and never allocates, except on a
 * thread's first event, when it claims and pre-faults its sub-buffer.
 *
 * A sub-buffer that is full drops the newest event and counts it.  A signal
 * handler that records while its thread is in the middle of a record has its
 * event dropped and counted too, rather than tear the one being written.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl-clock.h"
#include "tl-event.h"
#include "tl-ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One per thread.  Fields are private to tl-probe.h and tl-writer.c. */
typedef struct
{
  TlEvent  *records;         /* this thread's sub-buffer */
  uint64_t *shared_reserve;  /* its slot's reserve position */
  uint64_t *shared_head;     /* its slot's committed position */
  uint64_t  head;            /* local copy of the committed position */
  uint64_t  limit;           /* head may grow up to this: last tail seen + capacity */
  uint64_t  dropped;
  uint32_t  mask;
  uint32_t  epoch;           /* _tl_trace_epoch when the slot was claimed */
  uint32_t  busy;            /* re-entrancy guard */
  uint32_t  clock_source;
  uint32_t  claim_backoff;   /* events left to drop before retrying a failed claim */
  uint32_t  slot_index;
  TlRing   *ring;
} TlWriter;

extern __thread TlWriter _tl_writer __attribute__ ((tls_model ("initial-exec")));
extern uint32_t _tl_trace_epoch;
extern uint32_t _tl_trace_clock_source;

bool _tl_trace_record_slow (TlEventKind  kind,
                            TlObjectRole role,
                            uint8_t      flags,
                            uint64_t     object,
                            uint64_t     arg,
                            uint32_t     aux);

/* Makes @ring the one this process's threads record into (NULL: stop
 * recording).  Threads pick it up on their next event.  The previous ring
 * must not be freed while a thread of this process may still write to it. */
void      tl_trace_set_ring         (TlRing        *ring);
TlRing   *tl_trace_get_ring         (void);

/* Attaches to the ring in $THREADLINE_RING_FD and records into it.
 * Returns 0, -ENOENT when the variable is unset, or another -errno. */
int       tl_trace_attach_from_env  (void);

/* Claims this thread's sub-buffer now rather than on its first event, so
 * that the first event's timing does not include the claim. */
bool      tl_trace_thread_init      (void);

/* A new id for a text, an error or any object, unique within the ring. */
uint64_t  tl_trace_new_id           (void);

/* Writes a naming record: @text (cut at TL_NAME_MAX bytes) names @object. */
bool      tl_trace_name             (TlObjectRole   role,
                                     uint64_t       object,
                                     const char    *text,
                                     size_t         len);

/* Records an event whose object is a new text (a print, a mark, an error
 * message): the naming record and the event are committed together, so the
 * reader never sees one without the other.  Returns the text id, 0 if the
 * event was dropped. */
uint64_t  tl_trace_record_text      (TlEventKind    kind,
                                     uint8_t        flags,
                                     uint64_t       arg,
                                     const char    *text,
                                     size_t         len);

/* Events this thread dropped since it claimed its sub-buffer. */
uint64_t  tl_trace_get_dropped      (void);

/* Low-level reserve/commit, for callers that fill a record themselves (and
 * for tests that need a producer to die half-way through a record).
 * tl_trace_reserve () returns NULL when the event is dropped; otherwise the
 * caller fills the record and calls tl_trace_commit () with no other
 * recording in between. */
TlEvent  *tl_trace_reserve          (void);
void      tl_trace_commit           (void);

/* Ticks on the clock the current ring uses. */
static inline uint64_t
tl_trace_now (void)
{
  return tl_clock_read ((TlClockSource) __atomic_load_n (&_tl_trace_clock_source,
                                                         __ATOMIC_RELAXED));
}

/* The record path proper. */
static inline bool
tl_trace_record (TlEventKind  kind,
                 TlObjectRole role,
                 uint8_t      flags,
                 uint64_t     object,
                 uint64_t     arg,
                 uint32_t     aux)
{
  TlWriter *w = &_tl_writer;
  TlEvent *slot;
  uint64_t head;

  if (__builtin_expect (w->epoch != __atomic_load_n (&_tl_trace_epoch, __ATOMIC_RELAXED) ||
                        w->busy != 0, 0))
    return _tl_trace_record_slow (kind, role, flags, object, arg, aux);

  /* The guard goes up before the room check: a signal handler that records
   * in between either sees it up, or has finished before we read head. */
  w->busy = 1;
  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  head = w->head;
  if (__builtin_expect (head >= w->limit, 0))
    {
      w->busy = 0;
      __atomic_signal_fence (__ATOMIC_SEQ_CST);
      return _tl_trace_record_slow (kind, role, flags, object, arg, aux);
    }

  /* Announce the write before taking the time, so that a reader that sees
   * reserve == head knows any later event carries a later timestamp; and a
   * reserve ahead of head in a dead process is a torn record.  Relaxed: the
   * reader reads ->reserve before ->head in poll_slot () (tl-collector.c),
   * and its slack covers a store still in our store buffer. */
  slot = &w->records[head & w->mask];
  __atomic_store_n (w->shared_reserve, head + 1, __ATOMIC_RELAXED);
  slot->ts = tl_clock_read ((TlClockSource) w->clock_source);
  slot->object = object;
  slot->arg = arg;
  slot->kind = (uint16_t) kind;
  slot->role = (uint8_t) role;
  slot->flags = flags;
  slot->aux = aux;
  w->head = head + 1;
  /* Release pairs with the acquire of ->head in poll_slot () (tl-collector.c):
   * the reader that sees the new head sees the whole record. */
  __atomic_store_n (w->shared_head, head + 1, __ATOMIC_RELEASE);

  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  w->busy = 0;
  return true;
}

#ifdef __cplusplus
}
#endif
