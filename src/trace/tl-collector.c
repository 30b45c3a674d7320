/* tl-collector.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Draining and merging.  Each poll copies what a producer committed into a
 * private queue (so its sub-buffer frees up at once), then events are
 * delivered in timestamp order up to a watermark: the time before which no
 * producer can still commit an event.
 *
 * The watermark: a producer whose reserve equals its head when we look is
 * between records, so its next event takes its timestamp after we looked
 * (it announces the write before reading the clock), i.e. after "now",
 * less a small slack for the store buffer and cross-core clock skew.  A
 * producer in the middle of a record will commit an event no earlier than
 * its last one.  So everything up to min(now - slack, last timestamp of
 * every producer caught mid-record) can go out in order.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tl-collector.h"
#include "tl-ring-private.h"

#define SLACK_NS              1000000u     /* 1 ms */
#define STUCK_NS              200000000u   /* a write open this long no longer holds the merge */
#define DEFAULT_LIVENESS_NS   50000000u    /* 50 ms */
#define MIN_MAX_PENDING       (1u << 20)
#define MAX_PENDING_TEXT      (16u << 20)  /* bytes of names waiting to be delivered */
#define MIN_MAX_LINGERING     64u
#define QUEUE_MIN_CAP         1024u

typedef struct
{
  TlEvent  ev;       /* ts still in ticks */
  char    *text;     /* TL_EVENT_NAME only */
} Pending;

/* A producer the collector still holds: one that a slot names, or one
 * that finished with events still to deliver. */
typedef struct
{
  TlProducerStats stats;
  Pending  *queue;   /* circular */
  size_t    q_cap;
  size_t    q_first;
  size_t    q_len;
  uint64_t  last_ts;
  bool      in_progress;
  bool      in_use;
} Producer;

typedef struct
{
  uint32_t generation;
  uint32_t producer;          /* index + 1 into producers; 0 when none */
  uint64_t tail;              /* ours: the shared copy is only a hint to the producer */
  uint64_t seen_reserve;
  uint64_t seen_head;
  uint64_t last_progress_ns;
  uint64_t last_check_ns;
} SlotReader;

struct _TlCollector
{
  TlRing          *ring;
  SlotReader      *slots;

  /* A pool that never outgrows producers_max: at most one producer per
   * slot, plus the finished ones that linger with events to deliver
   * (at most max_lingering after a collect, one more per slot during it). */
  Producer        *producers;
  size_t           n_producers;      /* entries ever used: the pool's high-water mark */
  size_t           producers_max;
  uint32_t        *free_entries;     /* a stack of unused entries */
  size_t           n_free;
  size_t           max_lingering;

  /* Producers forgotten: their counts of events, and the last few on their own. */
  TlCollectorStats forgotten;
  TlProducerStats *history;          /* circular, TL_COLLECTOR_HISTORY */
  size_t           history_first;
  size_t           history_len;
  uint64_t         next_id;

  size_t           n_pending;        /* events in every queue */
  size_t           pending_text;     /* bytes of text they hold */
  size_t           max_pending;
  size_t           queue_bytes;      /* capacity of every queue */

  TlProducerStats *exported;
  size_t          *heap;
  uint64_t         slack_ticks;
  uint64_t         liveness_ns;
  uint64_t         unattributed_dropped;
  char            *text_buf;
};

TlCollector *
tl_collector_new (TlRing *ring)
{
  TlCollector *self = calloc (1, sizeof *self);

  if (self == NULL)
    return NULL;
  self->ring = ring;
  self->max_lingering = ring->n_slots > MIN_MAX_LINGERING ? ring->n_slots : MIN_MAX_LINGERING;
  self->producers_max = 2 * (size_t) ring->n_slots + self->max_lingering;
  self->slots = calloc (ring->n_slots, sizeof *self->slots);
  self->producers = calloc (self->producers_max, sizeof *self->producers);
  self->free_entries = calloc (self->producers_max, sizeof *self->free_entries);
  self->heap = calloc (self->producers_max, sizeof *self->heap);
  self->history = calloc (TL_COLLECTOR_HISTORY, sizeof *self->history);
  self->text_buf = malloc (TL_NAME_MAX + 1);
  if (self->slots == NULL || self->producers == NULL || self->free_entries == NULL ||
      self->heap == NULL || self->history == NULL || self->text_buf == NULL)
    {
      tl_collector_free (self);
      return NULL;
    }
  self->slack_ticks = tl_clock_ns_to_ticks (&ring->clock, SLACK_NS);
  self->liveness_ns = DEFAULT_LIVENESS_NS;
  self->max_pending = 4u * (size_t) ring->slot_capacity;
  if (self->max_pending < MIN_MAX_PENDING)
    self->max_pending = MIN_MAX_PENDING;
  return self;
}

static void
queue_clear (TlCollector *self,
             Producer    *p)
{
  for (size_t i = 0; i < p->q_len; i++)
    {
      char *text = p->queue[(p->q_first + i) % p->q_cap].text;

      if (text != NULL)
        self->pending_text -= p->queue[(p->q_first + i) % p->q_cap].ev.aux;
      free (text);
    }
  free (p->queue);
  self->n_pending -= p->q_len;
  self->queue_bytes -= p->q_cap * sizeof *p->queue;
  p->queue = NULL;
  p->q_cap = p->q_first = p->q_len = 0;
}

void
tl_collector_free (TlCollector *self)
{
  if (self == NULL)
    return;
  for (size_t i = 0; i < self->n_producers; i++)
    queue_clear (self, &self->producers[i]);
  free (self->producers);
  free (self->free_entries);
  free (self->history);
  free (self->exported);
  free (self->heap);
  free (self->slots);
  free (self->text_buf);
  free (self);
}

void
tl_collector_set_liveness_interval (TlCollector *self,
                                    uint32_t     ms)
{
  self->liveness_ns = (uint64_t) ms * 1000000u;
}

/* Moves @p's pending events into a queue of @new_cap (at least q_len). */
static bool
queue_resize (TlCollector *self,
              Producer    *p,
              size_t       new_cap)
{
  Pending *q = malloc (new_cap * sizeof *q);

  if (q == NULL)
    return false;
  for (size_t i = 0; i < p->q_len; i++)
    q[i] = p->queue[(p->q_first + i) % p->q_cap];
  free (p->queue);
  self->queue_bytes = self->queue_bytes - p->q_cap * sizeof *q + new_cap * sizeof *q;
  p->queue = q;
  p->q_cap = new_cap;
  p->q_first = 0;
  return true;
}

static bool
queue_push (TlCollector   *self,
            Producer      *p,
            const TlEvent *ev,
            char          *text)
{
  if (p->q_len == p->q_cap &&
      !queue_resize (self, p, p->q_cap ? p->q_cap * 2 : QUEUE_MIN_CAP))
    return false;
  p->queue[(p->q_first + p->q_len) % p->q_cap] = (Pending) { *ev, text };
  p->q_len++;
  self->n_pending++;
  if (text != NULL)
    self->pending_text += ev->aux;
  return true;
}

static Pending *
queue_front (Producer *p)
{
  return &p->queue[p->q_first];
}

static void
queue_pop (TlCollector *self,
           Producer    *p)
{
  Pending *front = queue_front (p);

  if (front->text != NULL)
    self->pending_text -= front->ev.aux;
  free (front->text);
  p->q_first = (p->q_first + 1) % p->q_cap;
  p->q_len--;
  self->n_pending--;
}

/* Gives back most of a queue that a burst grew and that has since
 * emptied, so that what the queues hold stays near what is pending. */
static void
queue_trim (TlCollector *self,
            Producer    *p)
{
  if (p->q_len == 0 && p->q_cap > QUEUE_MIN_CAP)
    queue_clear (self, p);
  else if (p->q_cap > QUEUE_MIN_CAP && p->q_len < p->q_cap / 8)
    queue_resize (self, p, p->q_cap / 2);
}

/* A pool entry for a producer met in @slot_index, or NULL when the pool is
 * full (it cannot be, by the bound on lingering producers) or out of memory. */
static Producer *
start_producer (TlCollector *self,
                SlotReader  *sr,
                TlSlot      *slot,
                uint32_t     slot_index,
                uint32_t     generation,
                uint64_t     now_ns)
{
  uint32_t entry;
  Producer *p;

  if (self->n_free > 0)
    entry = self->free_entries[--self->n_free];
  else if (self->n_producers < self->producers_max)
    entry = (uint32_t) self->n_producers++;
  else
    return NULL;

  p = &self->producers[entry];
  memset (p, 0, sizeof *p);
  p->in_use = true;
  p->stats.id = self->next_id++;
  p->stats.pid = __atomic_load_n (&slot->pid, __ATOMIC_RELAXED);
  p->stats.tid = __atomic_load_n (&slot->tid, __ATOMIC_RELAXED);
  p->stats.slot = slot_index;

  sr->generation = generation;
  sr->producer = entry + 1;
  sr->tail = 0;
  sr->seen_reserve = 0;
  sr->seen_head = 0;
  sr->last_progress_ns = now_ns;
  sr->last_check_ns = now_ns;
  return p;
}

static void
add_producer_stats (TlCollectorStats      *totals,
                    const TlProducerStats *p)
{
  totals->delivered += p->delivered;
  totals->dropped += p->dropped;
  totals->torn += p->torn;
  totals->corrupt += p->corrupt;
}

/* Folds a finished producer whose events are all delivered into the
 * totals and the history, and frees its entry. */
static void
forget_producer (TlCollector *self,
                 size_t       entry)
{
  Producer *p = &self->producers[entry];

  add_producer_stats (&self->forgotten, &p->stats);
  if (self->history_len == TL_COLLECTOR_HISTORY)
    {
      self->history[self->history_first] = p->stats;
      self->history_first = (self->history_first + 1) % TL_COLLECTOR_HISTORY;
    }
  else
    {
      self->history[(self->history_first + self->history_len++) % TL_COLLECTOR_HISTORY] = p->stats;
    }
  queue_clear (self, p);
  p->in_use = false;
  self->free_entries[self->n_free++] = (uint32_t) entry;
}

static bool
process_is_zombie (uint32_t pid)
{
  char path[64], buf[512];
  ssize_t n;
  char *paren;
  int fd;

  snprintf (path, sizeof path, "/proc/%u/stat", pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  paren = strrchr (buf, ')');
  return paren != NULL && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

/* Whether the thread behind a slot still exists.  A zombie counts as gone:
 * it will never write again. */
static bool
producer_alive (const TlProducerStats *stats)
{
  if (stats->pid == 0 || stats->pid > (uint32_t) INT32_MAX ||
      stats->tid == 0 || stats->tid > (uint32_t) INT32_MAX)
    return false;
  if (syscall (SYS_tgkill, (pid_t) stats->pid, (pid_t) stats->tid, 0) != 0 && errno == ESRCH)
    return false;
  return !process_is_zombie (stats->pid);
}

static void
free_slot (SlotReader *sr,
           TlSlot     *slot)
{
  __atomic_store_n (&slot->tail, 0, __ATOMIC_RELAXED);
  /* Release pairs with the acquire of the CAS in claim_slot () (tl-writer.c):
   * a producer that claims the slot finds us done with its records. */
  __atomic_store_n (&slot->state, TL_SLOT_FREE, __ATOMIC_RELEASE);
  sr->producer = 0;
  sr->tail = 0;
}

/* Copies the text of a naming record whose header is at @pos. */
static char *
copy_name_text (TlCollector *self,
                TlEvent     *records,
                uint32_t     mask,
                uint64_t     pos,
                uint32_t     len)
{
  uint32_t n_text = tl_event_name_n_records (len) - 1;
  char *text;

  for (uint32_t i = 0; i < n_text; i++)
    {
      uint32_t done = i * (uint32_t) sizeof (TlEvent);
      uint32_t piece = len - done < sizeof (TlEvent) ? len - done : (uint32_t) sizeof (TlEvent);

      memcpy (self->text_buf + done, &records[(pos + 1 + i) & mask], piece);
    }
  self->text_buf[len] = '\0';
  text = malloc ((size_t) len + 1);
  if (text != NULL)
    memcpy (text, self->text_buf, (size_t) len + 1);
  return text;
}

/* Copies @avail committed records from @sr's tail into @p's queue.
 * Returns how many records it consumed. */
static uint64_t
read_records (TlCollector *self,
              Producer    *p,
              TlEvent     *records,
              uint64_t     tail,
              uint64_t     avail)
{
  uint32_t mask = self->ring->slot_capacity - 1;
  uint64_t consumed = 0;

  while (consumed < avail)
    {
      uint64_t pos = tail + consumed;
      TlEvent ev;
      char *text = NULL;
      uint64_t n = 1;

      memcpy (&ev, &records[pos & mask], sizeof ev);

      if (ev.kind == TL_EVENT_NONE || ev.kind >= TL_EVENT_N_KINDS)
        {
          p->stats.corrupt++;
          consumed++;
          continue;
        }

      if (ev.kind == TL_EVENT_NAME)
        {
          if (ev.aux > TL_NAME_MAX ||
              tl_event_name_n_records (ev.aux) > avail - consumed)
            {
              p->stats.corrupt++;
              consumed++;
              continue;
            }
          n = tl_event_name_n_records (ev.aux);
          text = copy_name_text (self, records, mask, pos, ev.aux);
        }

      if (!queue_push (self, p, &ev, text))
        {
          /* Out of memory: the event is lost, and said so. */
          free (text);
          p->stats.corrupt++;
        }
      else
        {
          p->last_ts = ev.ts;
        }
      consumed += n;
    }
  return consumed;
}

static void
finish_producer (SlotReader *sr,
                 Producer   *p,
                 TlSlot     *slot,
                 uint64_t    reserve,
                 uint64_t    head)
{
  /* A reservation that was never committed by a thread that is gone. */
  if (reserve != head)
    p->stats.torn++;
  p->stats.finished = true;
  p->in_progress = false;
  free_slot (sr, slot);
}

/* The slot no longer holds @sr's producer: it is finished, and lingers
 * only until its events are delivered. */
static void
abandon_producer (TlCollector *self,
                  SlotReader  *sr)
{
  if (sr->producer == 0)
    return;
  self->producers[sr->producer - 1].stats.finished = true;
  self->producers[sr->producer - 1].in_progress = false;
  sr->producer = 0;
}

static void
poll_slot (TlCollector *self,
           uint32_t     index,
           uint64_t     now_ns,
           bool         final)
{
  TlRing *ring = self->ring;
  TlSlot *slot = &ring->slots[index];
  SlotReader *sr = &self->slots[index];
  Producer *p;
  uint32_t state, generation;
  uint64_t reserve, head, dropped, avail;
  bool gone = false;

  /* Acquire pairs with the release of ACTIVE in claim_slot () and of
   * RETIRED in retire_cb () (tl-writer.c). */
  state = __atomic_load_n (&slot->state, __ATOMIC_ACQUIRE);
  if (state != TL_SLOT_ACTIVE && state != TL_SLOT_RETIRED)
    {
      /* Freed behind our back (only we free): nothing more can be trusted. */
      abandon_producer (self, sr);
      return;
    }

  generation = __atomic_load_n (&slot->generation, __ATOMIC_RELAXED);
  if (sr->generation != generation)
    abandon_producer (self, sr);
  if (sr->producer == 0)
    {
      if (start_producer (self, sr, slot, index, generation, now_ns) == NULL)
        return;
    }
  p = &self->producers[sr->producer - 1];

  /* Decide whether the thread is gone before reading head, so that the
   * head we read afterwards is final. */
  if (state == TL_SLOT_RETIRED)
    {
      gone = true;
    }
  else if (final || now_ns - sr->last_check_ns >= self->liveness_ns)
    {
      sr->last_check_ns = now_ns;
      gone = !producer_alive (&p->stats);
    }

  /* Reserve before head: if they are equal, no write was under way when
   * we read reserve (see the watermark, above). */
  reserve = __atomic_load_n (&slot->reserve, __ATOMIC_ACQUIRE);
  /* Acquire pairs with the release of ->head in tl_trace_record () and
   * commit () (tl-writer.c): the records before head are complete. */
  head = __atomic_load_n (&slot->head, __ATOMIC_ACQUIRE);

  avail = head - sr->tail;
  if (head < sr->tail || avail > ring->slot_capacity)
    {
      /* No honest producer does this; skip to where it says it is. */
      p->stats.corrupt++;
      sr->tail = head;
      avail = 0;
    }
  if (avail > 0)
    {
      sr->tail += read_records (self, p, _tl_ring_slot_records (ring, index), sr->tail, avail);
      /* Release pairs with the acquire of ->tail in room_for () (tl-writer.c):
       * the producer may overwrite what we have copied out. */
      __atomic_store_n (&slot->tail, sr->tail, __ATOMIC_RELEASE);
    }

  dropped = __atomic_load_n (&slot->dropped, __ATOMIC_RELAXED);
  if (dropped > p->stats.dropped)
    p->stats.dropped = dropped;

  if (reserve != sr->seen_reserve || head != sr->seen_head)
    {
      sr->seen_reserve = reserve;
      sr->seen_head = head;
      sr->last_progress_ns = now_ns;
    }
  p->in_progress = reserve != head && now_ns - sr->last_progress_ns < STUCK_NS;

  if (gone)
    finish_producer (sr, p, slot, reserve, head);
}

/* The heap holds pool entries ordered by the timestamp of their first
 * pending event, then by producer id, so equal timestamps come out stably. */
static bool
heap_less (TlCollector *self,
           size_t       a,
           size_t       b)
{
  uint64_t ta = queue_front (&self->producers[a])->ev.ts;
  uint64_t tb = queue_front (&self->producers[b])->ev.ts;

  return ta < tb || (ta == tb && self->producers[a].stats.id < self->producers[b].stats.id);
}

static void
heap_sift_down (TlCollector *self,
                size_t       n,
                size_t       i)
{
  for (;;)
    {
      size_t l = 2 * i + 1, r = l + 1, m = i, tmp;

      if (l < n && heap_less (self, self->heap[l], self->heap[m]))
        m = l;
      if (r < n && heap_less (self, self->heap[r], self->heap[m]))
        m = r;
      if (m == i)
        return;
      tmp = self->heap[i];
      self->heap[i] = self->heap[m];
      self->heap[m] = tmp;
      i = m;
    }
}

static void
deliver (TlCollector   *self,
         size_t         producer,
         TlCollectFunc  func,
         void          *user_data)
{
  Producer *p = &self->producers[producer];
  Pending *pending = queue_front (p);
  TlCollectedEvent out;

  out.event = pending->ev;
  out.event.ts = tl_clock_ticks_to_ns (&self->ring->clock, pending->ev.ts);
  out.pid = p->stats.pid;
  out.tid = p->stats.tid;
  out.producer = p->stats.id;
  out.text = pending->text;
  out.text_len = pending->text != NULL ? pending->ev.aux : 0;
  if (func != NULL)
    func (&out, user_data);
  queue_pop (self, p);
  p->stats.delivered++;
}

/* After a delivery: forgets the finished producers that have nothing
 * left to deliver, and gives back queue memory that bursts left behind. */
static void
tidy_producers (TlCollector *self)
{
  for (size_t i = 0; i < self->n_producers; i++)
    {
      Producer *p = &self->producers[i];

      if (!p->in_use)
        continue;
      if (p->stats.finished && p->q_len == 0)
        forget_producer (self, i);
      else
        queue_trim (self, p);
    }
}

static size_t
deliver_until (TlCollector   *self,
               uint64_t       watermark,
               TlCollectFunc  func,
               void          *user_data)
{
  size_t n = 0, delivered = 0;

  for (size_t i = 0; i < self->n_producers; i++)
    if (self->producers[i].q_len > 0 && queue_front (&self->producers[i])->ev.ts <= watermark)
      self->heap[n++] = i;
  for (size_t i = n / 2; i-- > 0;)
    heap_sift_down (self, n, i);

  while (n > 0)
    {
      size_t top = self->heap[0];
      Producer *p = &self->producers[top];

      deliver (self, top, func, user_data);
      delivered++;
      if (p->q_len == 0 || queue_front (p)->ev.ts > watermark)
        self->heap[0] = self->heap[--n];
      heap_sift_down (self, n, 0);
    }

  tidy_producers (self);
  return delivered;
}

static uint64_t
compute_watermark (TlCollector *self,
                   uint64_t     now_ticks)
{
  uint64_t watermark = now_ticks > self->slack_ticks ? now_ticks - self->slack_ticks : 0;
  size_t lingering = 0;

  /* This much waiting means producers keep the merge from moving (stuck,
   * or lying about their timestamps), or come and go faster than the
   * merge lets them finish: deliver everything rather than grow without
   * bound. */
  if (self->n_pending > self->max_pending || self->pending_text > MAX_PENDING_TEXT)
    return UINT64_MAX;

  for (size_t i = 0; i < self->n_producers; i++)
    {
      Producer *p = &self->producers[i];

      if (!p->in_use)
        continue;
      if (p->stats.finished)
        lingering += p->q_len > 0;
      else if (p->in_progress && p->last_ts < watermark)
        watermark = p->last_ts;
    }
  return lingering > self->max_lingering ? UINT64_MAX : watermark;
}

static size_t
collect (TlCollector   *self,
         TlCollectFunc  func,
         void          *user_data,
         bool           final)
{
  TlRing *ring = self->ring;
  /* "Now" is read before any slot, so it precedes every reserve we see. */
  uint64_t now_ticks = tl_clock_read ((TlClockSource) ring->clock.source);
  uint64_t now_ns = tl_clock_read_monotonic ();
  uint64_t unattributed;

  for (uint32_t i = 0; i < ring->n_slots; i++)
    poll_slot (self, i, now_ns, final);

  unattributed = __atomic_load_n (&ring->header->unattributed_dropped, __ATOMIC_RELAXED);
  if (unattributed > self->unattributed_dropped)
    self->unattributed_dropped = unattributed;

  return deliver_until (self, final ? UINT64_MAX : compute_watermark (self, now_ticks),
                        func, user_data);
}

size_t
tl_collector_drain (TlCollector   *self,
                    TlCollectFunc  func,
                    void          *user_data)
{
  return collect (self, func, user_data, false);
}

size_t
tl_collector_flush (TlCollector   *self,
                    TlCollectFunc  func,
                    void          *user_data)
{
  return collect (self, func, user_data, true);
}

/* What the collector holds: everything it allocated, and the texts. */
static uint64_t
held_bytes (TlCollector *self)
{
  return sizeof *self +
         self->ring->n_slots * sizeof *self->slots +
         self->producers_max * (sizeof *self->producers + sizeof *self->free_entries +
                                sizeof *self->heap + sizeof *self->exported) +
         TL_COLLECTOR_HISTORY * 2 * sizeof *self->history +
         TL_NAME_MAX + 1 +
         self->queue_bytes + self->pending_text;
}

void
tl_collector_get_stats (TlCollector      *self,
                        TlCollectorStats *stats)
{
  /* Only the counts of events are set in the forgotten producers' totals. */
  *stats = self->forgotten;
  stats->n_kept = (uint32_t) self->history_len;
  for (size_t i = 0; i < self->n_producers; i++)
    {
      const Producer *p = &self->producers[i];

      if (!p->in_use)
        continue;
      add_producer_stats (stats, &p->stats);
      stats->n_kept++;
      if (!p->stats.finished)
        stats->n_active++;
    }
  stats->unattributed_dropped = self->unattributed_dropped;
  stats->dropped += self->unattributed_dropped;
  stats->n_producers = self->next_id > UINT32_MAX ? UINT32_MAX : (uint32_t) self->next_id;
  stats->pending = self->n_pending;
  stats->held_bytes = held_bytes (self);
}

static int
compare_producer_ids (const void *a,
                      const void *b)
{
  uint64_t x = ((const TlProducerStats *) a)->id;
  uint64_t y = ((const TlProducerStats *) b)->id;

  return x < y ? -1 : x > y;
}

const TlProducerStats *
tl_collector_get_producers (TlCollector *self,
                            size_t      *n_producers)
{
  size_t n = 0;

  if (self->exported == NULL)
    self->exported = malloc ((self->producers_max + TL_COLLECTOR_HISTORY) *
                             sizeof *self->exported);
  if (self->exported == NULL)
    {
      *n_producers = 0;
      return NULL;
    }

  for (size_t i = 0; i < self->history_len; i++)
    self->exported[n++] = self->history[(self->history_first + i) % TL_COLLECTOR_HISTORY];
  for (size_t i = 0; i < self->n_producers; i++)
    if (self->producers[i].in_use)
      self->exported[n++] = self->producers[i].stats;
  qsort (self->exported, n, sizeof *self->exported, compare_producer_ids);
  *n_producers = n;
  return self->exported;
}
