/* ring-checker.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the ring tests check on the collector's output.  Test workers
 * record TL_EVENT_TASK_BEGIN with object = worker number (1-based) and
 * arg = sequence number; the checker sees each worker's sequence and the
 * global timestamp order.
 */
#pragma once

#include <glib.h>

#include "tl-collector.h"

#define RING_CHECKER_MAX_WORKERS 64

typedef struct
{
  guint64  next_seq[RING_CHECKER_MAX_WORKERS + 1];  /* strict: the next one expected */
  guint64  received[RING_CHECKER_MAX_WORKERS + 1];
  guint64  producer[RING_CHECKER_MAX_WORKERS + 1];  /* collector's producer id + 1 */
  guint32  pid[RING_CHECKER_MAX_WORKERS + 1];
  guint64  last_ts;
  guint64  out_of_order;     /* events delivered before an earlier timestamp */
  guint64  out_of_sequence;  /* a worker's events repeated or reordered */
  guint64  gaps;             /* a worker's sequence skipped (dropped events) */
  guint64  foreign;          /* worker events with an unknown worker number */
  guint64  names;
  guint64  other;
  GString *last_text;
} RingChecker;

void ring_checker_init   (RingChecker *self);
void ring_checker_clear  (RingChecker *self);
void ring_checker_cb     (const TlCollectedEvent *event,
                          gpointer                user_data);

/* The statistics of @worker's producer, which the collector must still
 * keep (see tl_collector_get_producers ()). */
const TlProducerStats *ring_checker_get_producer (RingChecker *self,
                                                  TlCollector *collector,
                                                  guint32      worker);

/* Records @n events for @worker, arg 0..n-1.  Returns how many the ring
 * accepted (the others were dropped and counted). */
guint64 ring_worker_write (guint32 worker,
                           guint64 n);

/* Drains until @done () is true, then flushes. */
void ring_checker_drain_until (RingChecker    *self,
                               TlCollector    *collector,
                               gboolean      (*done) (gpointer data),
                               gpointer        data,
                               guint           pause_us);
