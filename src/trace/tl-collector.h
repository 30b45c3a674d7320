/* tl-collector.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The reader side of the ring.  A collector drains every producer's
 * sub-buffer, merges the events by timestamp and hands them to a callback
 * with the producer's pid and tid and timestamps in CLOCK_MONOTONIC
 * nanoseconds.  It counts, per producer, what was delivered, dropped by the
 * producer for want of space, torn (a producer that died in the middle of a
 * record) and corrupt (records that failed validation).
 *
 * The collector trusts nothing in the shared segment: it keeps its own
 * geometry and tails, bounds every read, and does a bounded amount of work
 * and holds a bounded amount of memory whatever the segment holds and
 * however many producers come and go: it forgets a finished producer once
 * its events are delivered, keeping only its counts in the totals and, for
 * the last TL_COLLECTOR_HISTORY of them, its own line.  One collector per
 * ring, used from one thread at a time.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl-event.h"
#include "tl-ring.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _TlCollector TlCollector;

/* Finished producers whose own statistics stay available. */
#define TL_COLLECTOR_HISTORY 1024u

typedef struct
{
  TlEvent      event;      /* ts in CLOCK_MONOTONIC nanoseconds */
  uint32_t     pid;
  uint32_t     tid;
  uint64_t     producer;   /* the producer's TlProducerStats.id */
  uint32_t     text_len;   /* TL_EVENT_NAME: length of @text */
  const char  *text;       /* TL_EVENT_NAME: NUL-terminated, valid during the callback */
} TlCollectedEvent;

typedef void (*TlCollectFunc) (const TlCollectedEvent *event,
                               void                   *user_data);

typedef struct
{
  uint64_t id;             /* 0, 1, 2...: the order the collector met producers in */
  uint32_t pid;
  uint32_t tid;
  uint32_t slot;
  bool     finished;       /* the thread ended (or died) and its slot was freed */
  uint64_t delivered;      /* events handed to the callback */
  uint64_t dropped;        /* events the producer dropped for want of space */
  uint64_t torn;           /* records abandoned half-written by a dead producer */
  uint64_t corrupt;        /* records skipped because they failed validation */
} TlProducerStats;

typedef struct
{
  uint64_t delivered;
  uint64_t dropped;        /* all producers', plus events lost for want of a slot */
  uint64_t unattributed_dropped;
  uint64_t torn;
  uint64_t corrupt;
  uint32_t n_producers;    /* ever seen (saturates) */
  uint32_t n_active;       /* not finished */
  uint32_t n_kept;         /* producers whose own statistics are kept */
  uint64_t pending;        /* events read but not yet delivered */
  uint64_t held_bytes;     /* memory the collector holds for producers and pending events */
} TlCollectorStats;

TlCollector *tl_collector_new            (TlRing          *ring);
void         tl_collector_free           (TlCollector     *self);

/* Reads what producers committed and delivers, in timestamp order, every
 * event that no producer can still precede.  Returns the number delivered. */
size_t       tl_collector_drain          (TlCollector     *self,
                                          TlCollectFunc    func,
                                          void            *user_data);

/* Like drain, but delivers everything read so far.  Call it when the
 * producers are done (the traced processes ended): writes still pending
 * in producers that are gone are counted as torn. */
size_t       tl_collector_flush          (TlCollector     *self,
                                          TlCollectFunc    func,
                                          void            *user_data);

void         tl_collector_get_stats      (TlCollector     *self,
                                          TlCollectorStats *stats);

/* The producers still running, those whose events are still pending, and
 * the last TL_COLLECTOR_HISTORY that finished, in the order of their ids
 * (older ones live on in tl_collector_get_stats ()'s totals only).  The
 * array belongs to the collector and is valid until the next call. */
const TlProducerStats *
             tl_collector_get_producers  (TlCollector     *self,
                                          size_t          *n_producers);

/* Tuning and tests.  A producer is checked for liveness when it has shown
 * no progress for @ms (default 50 ms). */
void         tl_collector_set_liveness_interval (TlCollector *self,
                                                 uint32_t     ms);

#ifdef __cplusplus
}
#endif
