/* tl-writer.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The slow side of the record path: claiming a sub-buffer for a thread,
 * waiting or dropping when it is full, multi-record writes (names), and
 * giving the sub-buffer back when the thread ends or the process forks.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tl-probe.h"
#include "tl-ring-private.h"

#ifndef MADV_POPULATE_WRITE
# define MADV_POPULATE_WRITE 23
#endif

#define CLAIM_BACKOFF_EVENTS 1024u
#define SPINS_BEFORE_YIELD   128

__thread TlWriter _tl_writer __attribute__ ((tls_model ("initial-exec")));

/* Bumped by tl_trace_set_ring () and in a forked child: a writer whose
 * epoch differs holds a sub-buffer it must no longer touch. */
uint32_t _tl_trace_epoch = 1;
uint32_t _tl_trace_clock_source = TL_CLOCK_SOURCE_MONOTONIC;

static TlRing *current_ring;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_key_t retire_key;
static bool retire_key_ok;

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

static TlSlot *
writer_slot (TlWriter *w)
{
  return &w->ring->slots[w->slot_index];
}

static void
writer_reset (TlWriter *w,
              uint32_t  epoch)
{
  w->records = NULL;
  w->shared_reserve = NULL;
  w->shared_head = NULL;
  w->head = 0;
  w->limit = 0;
  w->dropped = 0;
  w->mask = 0;
  w->epoch = epoch;
  w->claim_backoff = 0;
  w->slot_index = 0;
  w->ring = NULL;
}

static void
retire_cb (void *data)
{
  TlWriter *w = data;

  if (w->records != NULL &&
      w->epoch == __atomic_load_n (&_tl_trace_epoch, __ATOMIC_ACQUIRE) &&
      w->busy == 0)
    {
      /* Release pairs with the acquire of ->state in poll_slot (): the
       * reader that sees RETIRED sees the final head. */
      __atomic_store_n (&writer_slot (w)->state, TL_SLOT_RETIRED, __ATOMIC_RELEASE);
    }
  writer_reset (w, w->epoch);
}

static void
atfork_child_cb (void)
{
  /* The child's only thread inherited the parent's sub-buffer: forget it
   * (without touching it) and claim a new one on the next event. */
  __atomic_add_fetch (&_tl_trace_epoch, 1, __ATOMIC_RELEASE);
  _tl_writer.busy = 0;
  writer_reset (&_tl_writer, 0);
}

static void
init_once_cb (void)
{
  retire_key_ok = pthread_key_create (&retire_key, retire_cb) == 0;
  pthread_atfork (NULL, NULL, atfork_child_cb);
}

void
tl_trace_set_ring (TlRing *ring)
{
  TlWriter *w = &_tl_writer;

  pthread_once (&init_once, init_once_cb);

  /* Hand back our own sub-buffer while its ring is surely still mapped. */
  if (w->records != NULL && w->epoch == __atomic_load_n (&_tl_trace_epoch, __ATOMIC_ACQUIRE))
    retire_cb (w);

  if (ring != NULL)
    __atomic_store_n (&_tl_trace_clock_source, ring->clock.source, __ATOMIC_RELAXED);
  __atomic_store_n (&current_ring, ring, __ATOMIC_RELEASE);
  /* Release pairs with the acquire of the epoch in ensure_claimed (): a
   * writer that sees the new epoch sees the new ring. */
  __atomic_add_fetch (&_tl_trace_epoch, 1, __ATOMIC_RELEASE);
}

TlRing *
tl_trace_get_ring (void)
{
  return __atomic_load_n (&current_ring, __ATOMIC_ACQUIRE);
}

int
tl_trace_attach_from_env (void)
{
  TlRing *ring = NULL;
  int r = tl_ring_attach_from_env (&ring);

  if (r < 0)
    return r;
  tl_trace_set_ring (ring);
  return 0;
}

/* Takes every fault of the sub-buffer now, on the slow path, rather than
 * one per page in the middle of recording. */
static void
prefault (void   *addr,
          size_t  len)
{
  /* The kernel maps every page in one call, faster than a fault per page
   * (older kernels refuse, and the loop below does it all). */
  madvise (addr, len, MADV_POPULATE_WRITE);

  /* The kernel filled the page tables from its side; under a hypervisor
   * that shadows them (nested guests, PVM) each page's first store from
   * user space still traps to the hypervisor, a cost no guest counter
   * shows.  So store to each page from here too: about 15 ns a page where
   * nothing traps.  Nobody reads these records before our first commit. */
  for (size_t off = 0; off < len; off += 4096)
    ((volatile uint8_t *) addr)[off] = 0;
}

static bool
claim_slot (TlWriter *w,
            TlRing   *ring)
{
  uint32_t tid = (uint32_t) syscall (SYS_gettid);
  uint32_t pid = (uint32_t) getpid ();
  uint32_t n = ring->n_slots;
  uint32_t start = tid % n;
  TlSlot *slot = NULL;
  uint32_t index = 0;

  for (uint32_t i = 0; i < n; i++)
    {
      uint32_t expected = TL_SLOT_FREE;

      index = (start + i) % n;
      /* Acquire pairs with the release of FREE in free_slot () (tl-collector.c):
       * the reader is done with the records we are about to overwrite. */
      if (__atomic_compare_exchange_n (&ring->slots[index].state, &expected, TL_SLOT_CLAIMING,
                                       false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        {
          slot = &ring->slots[index];
          break;
        }
    }
  if (slot == NULL)
    return false;

  __atomic_store_n (&slot->pid, pid, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->tid, tid, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->reserve, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->head, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->dropped, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->generation,
                    __atomic_load_n (&slot->generation, __ATOMIC_RELAXED) + 1,
                    __ATOMIC_RELAXED);

  w->records = _tl_ring_slot_records (ring, index);
  prefault (w->records, (size_t) ring->slot_capacity * sizeof (TlEvent));

  w->shared_reserve = &slot->reserve;
  w->shared_head = &slot->head;
  w->head = 0;
  w->limit = ring->slot_capacity;
  w->dropped = 0;
  w->mask = ring->slot_capacity - 1;
  w->clock_source = ring->clock.source;
  w->claim_backoff = 0;
  w->slot_index = index;
  w->ring = ring;

  /* Release pairs with the acquire of ->state in poll_slot (): the reader
   * that sees ACTIVE sees the identity and the zeroed positions. */
  __atomic_store_n (&slot->state, TL_SLOT_ACTIVE, __ATOMIC_RELEASE);

  if (retire_key_ok)
    pthread_setspecific (retire_key, w);
  return true;
}

static void
count_unattributed_drop (uint32_t n_events)
{
  TlRing *ring = tl_trace_get_ring ();

  if (ring != NULL)
    __atomic_add_fetch (&ring->header->unattributed_dropped, n_events, __ATOMIC_RELAXED);
}

/* Makes sure @w holds a sub-buffer of the current ring.  Called with the
 * guard up. */
static bool
ensure_claimed (TlWriter *w,
                uint32_t  n_events)
{
  uint32_t epoch;
  TlRing *ring;

  /* Read the epoch on both sides of the ring so the pair is consistent. */
  do
    {
      epoch = __atomic_load_n (&_tl_trace_epoch, __ATOMIC_ACQUIRE);
      ring = __atomic_load_n (&current_ring, __ATOMIC_ACQUIRE);
    }
  while (epoch != __atomic_load_n (&_tl_trace_epoch, __ATOMIC_ACQUIRE));

  if (w->epoch == epoch && w->records != NULL)
    return true;
  if (w->epoch != epoch)
    writer_reset (w, epoch);
  if (ring == NULL)
    return false;

  if (w->claim_backoff > 0)
    {
      w->claim_backoff--;
      count_unattributed_drop (n_events);
      return false;
    }

  pthread_once (&init_once, init_once_cb);
  if (!claim_slot (w, ring))
    {
      w->claim_backoff = CLAIM_BACKOFF_EVENTS - 1;
      count_unattributed_drop (n_events);
      return false;
    }
  return true;
}

/* Counts @n_events lost: a text event is two (its name and itself). */
static void
note_drop (TlWriter *w,
           uint32_t  n_events)
{
  if (w->records != NULL && w->epoch == __atomic_load_n (&_tl_trace_epoch, __ATOMIC_ACQUIRE))
    {
      /* Atomic because a signal handler may drop while we drop. */
      uint64_t dropped = __atomic_add_fetch (&w->dropped, n_events, __ATOMIC_RELAXED);

      __atomic_store_n (&writer_slot (w)->dropped, dropped, __ATOMIC_RELAXED);
    }
  else
    {
      count_unattributed_drop (n_events);
    }
}

static bool
room_for (TlWriter *w,
          uint32_t  n)
{
  /* Acquire pairs with the release of ->tail in poll_slot (): the reader
   * has copied out every record before the tail it publishes. */
  uint64_t tail = __atomic_load_n (&writer_slot (w)->tail, __ATOMIC_ACQUIRE);

  w->limit = tail + (uint64_t) w->mask + 1;
  return w->head + n <= w->limit;
}

static bool
wait_for_room (TlWriter *w,
               uint32_t  n)
{
  uint64_t deadline;

  if (n > w->mask + 1u)
    return false;
  if (room_for (w, n))
    return true;
  if ((w->ring->flags & TL_RING_FLAGS_BLOCKING) == 0)
    return false;

  deadline = tl_clock_read_monotonic () + (uint64_t) w->ring->block_timeout_us * 1000u;
  for (unsigned int spins = 0;; spins++)
    {
      if (spins < SPINS_BEFORE_YIELD)
        cpu_relax ();
      else
        sched_yield ();
      if (room_for (w, n))
        return true;
      if (spins >= SPINS_BEFORE_YIELD && tl_clock_read_monotonic () > deadline)
        return false;
    }
}

/* Reserves @n consecutive records holding @n_events events; on success
 * the guard stays up until commit (). */
static TlEvent *
reserve (TlWriter *w,
         uint32_t  n,
         uint32_t  n_events)
{
  if (w->busy != 0)
    {
      note_drop (w, n_events);
      return NULL;
    }

  w->busy = 1;
  __atomic_signal_fence (__ATOMIC_SEQ_CST);

  if (!ensure_claimed (w, n_events))
    goto fail;
  if (w->head + n > w->limit && !wait_for_room (w, n))
    {
      note_drop (w, n_events);
      goto fail;
    }

  __atomic_store_n (w->shared_reserve, w->head + n, __ATOMIC_RELAXED);
  return &w->records[w->head & w->mask];

fail:
  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  w->busy = 0;
  return NULL;
}

static void
commit (TlWriter *w,
        uint32_t  n)
{
  w->head += n;
  /* Release pairs with the acquire of ->head in poll_slot (). */
  __atomic_store_n (w->shared_head, w->head, __ATOMIC_RELEASE);
  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  w->busy = 0;
}

static TlEvent *
record_at (TlWriter *w,
           uint64_t  offset)
{
  return &w->records[(w->head + offset) & w->mask];
}

bool
_tl_trace_record_slow (TlEventKind  kind,
                       TlObjectRole role,
                       uint8_t      flags,
                       uint64_t     object,
                       uint64_t     arg,
                       uint32_t     aux)
{
  TlWriter *w = &_tl_writer;
  TlEvent *ev = reserve (w, 1, 1);

  if (ev == NULL)
    return false;

  ev->ts = tl_clock_read ((TlClockSource) w->clock_source);
  ev->object = object;
  ev->arg = arg;
  ev->kind = (uint16_t) kind;
  ev->role = (uint8_t) role;
  ev->flags = flags;
  ev->aux = aux;
  commit (w, 1);
  return true;
}

bool
tl_trace_thread_init (void)
{
  TlWriter *w = &_tl_writer;
  bool ok;

  if (w->busy != 0)
    return false;
  w->busy = 1;
  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  ok = ensure_claimed (w, 0);
  __atomic_signal_fence (__ATOMIC_SEQ_CST);
  w->busy = 0;
  return ok;
}

uint64_t
tl_trace_new_id (void)
{
  TlRing *ring = tl_trace_get_ring ();

  if (ring == NULL)
    return 0;
  return __atomic_fetch_add (&ring->header->next_id, 1, __ATOMIC_RELAXED);
}

/* Fills the naming record at @offset and the text records after it. */
static void
fill_name (TlWriter     *w,
           uint64_t      offset,
           uint64_t      ts,
           TlObjectRole  role,
           uint64_t      object,
           const char   *text,
           uint32_t      len)
{
  TlEvent *header = record_at (w, offset);
  uint32_t n_text = tl_event_name_n_records (len) - 1;

  header->ts = ts;
  header->object = object;
  header->arg = 0;
  header->kind = TL_EVENT_NAME;
  header->role = (uint8_t) role;
  header->flags = 0;
  header->aux = len;

  for (uint32_t i = 0; i < n_text; i++)
    {
      TlEvent *chunk = record_at (w, offset + 1 + i);
      uint32_t done = i * (uint32_t) sizeof (TlEvent);
      uint32_t piece = len - done < sizeof (TlEvent) ? len - done : (uint32_t) sizeof (TlEvent);

      memset (chunk, 0, sizeof *chunk);
      memcpy (chunk, text + done, piece);
    }
}

static uint32_t
clamp_text_len (const char *text,
                size_t      len)
{
  if (text == NULL)
    return 0;
  return len > TL_NAME_MAX ? TL_NAME_MAX : (uint32_t) len;
}

bool
tl_trace_name (TlObjectRole  role,
               uint64_t      object,
               const char   *text,
               size_t        len)
{
  TlWriter *w = &_tl_writer;
  uint32_t text_len = clamp_text_len (text, len);
  uint32_t n = tl_event_name_n_records (text_len);

  if (reserve (w, n, 1) == NULL)
    return false;
  fill_name (w, 0, tl_clock_read ((TlClockSource) w->clock_source),
             role, object, text, text_len);
  commit (w, n);
  return true;
}

uint64_t
tl_trace_record_text (TlEventKind  kind,
                      uint8_t      flags,
                      uint64_t     arg,
                      const char  *text,
                      size_t       len)
{
  TlWriter *w = &_tl_writer;
  uint32_t text_len = clamp_text_len (text, len);
  uint32_t n_name = tl_event_name_n_records (text_len);
  uint64_t id = tl_trace_new_id ();
  uint64_t ts;
  TlEvent *ev;

  if (id == 0 || reserve (w, n_name + 1, 2) == NULL)
    return 0;

  ts = tl_clock_read ((TlClockSource) w->clock_source);
  fill_name (w, 0, ts, TL_ROLE_TEXT, id, text, text_len);
  ev = record_at (w, n_name);
  ev->ts = ts;
  ev->object = id;
  ev->arg = arg;
  ev->kind = (uint16_t) kind;
  ev->role = TL_ROLE_TEXT;
  ev->flags = flags;
  ev->aux = 0;
  commit (w, n_name + 1);
  return id;
}

uint64_t
tl_trace_get_dropped (void)
{
  return __atomic_load_n (&_tl_writer.dropped, __ATOMIC_RELAXED);
}

TlEvent *
tl_trace_reserve (void)
{
  return reserve (&_tl_writer, 1, 1);
}

void
tl_trace_commit (void)
{
  commit (&_tl_writer, 1);
}
