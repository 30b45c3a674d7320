/* tl-ring.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The shared ring: a sealed memfd mapped MAP_SHARED by the recorder, by
 * every process it forks, and by unrelated processes that attach from the
 * descriptor number in THREADLINE_RING_FD.  It holds one single-producer
 * sub-buffer per recording thread, so producers never share a hot cache
 * line; the collector (tl-collector.h) reads them all.
 *
 * Functions return 0 or a negative errno; the runtime never aborts the
 * process it runs in.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl-clock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TL_RING_ENV_FD "THREADLINE_RING_FD"

typedef struct _TlRing TlRing;

typedef enum
{
  TL_RING_FLAGS_NONE = 0,
  /* A producer that finds its sub-buffer full waits (up to the block
   * timeout) for the reader instead of dropping the event.  For recordings
   * where completeness matters more than the traced program's timing. */
  TL_RING_FLAGS_BLOCKING = 1 << 0,
} TlRingFlags;

typedef struct
{
  uint32_t n_producers;          /* sub-buffers: threads that may record at once */
  uint32_t bytes_per_producer;   /* rounded up to a power of two of records */
  uint32_t flags;                /* TlRingFlags */
  uint32_t block_timeout_us;     /* for TL_RING_FLAGS_BLOCKING; 0 means 1 s */
  uint32_t clock;                /* TlClockSource; TL_CLOCK_SOURCE_AUTO: tl_clock_pick_source () */
} TlRingOptions;

#define TL_RING_DEFAULT_PRODUCERS          128u
#define TL_RING_DEFAULT_BYTES_PER_PRODUCER (1u << 20)

void      tl_ring_options_init      (TlRingOptions  *options);

/* Creates a ring on a new memfd (close-on-exec, sealed against resizing),
 * and calibrates its clock.  -ENOTSUP if @options asks for a TSC this CPU
 * does not have. */
int       tl_ring_new               (const TlRingOptions *options,
                                     TlRing        **out_ring);

/* Maps the ring behind @fd, which stays owned by the caller. */
int       tl_ring_attach_fd         (int             fd,
                                     TlRing        **out_ring);

/* Maps the ring whose descriptor number is in $THREADLINE_RING_FD; the
 * descriptor is then owned by the ring. */
int       tl_ring_attach_from_env   (TlRing        **out_ring);

/* Unmaps the ring.  No thread of this process may record into it after. */
void      tl_ring_free              (TlRing         *ring);

int       tl_ring_get_fd            (TlRing         *ring);
uint32_t  tl_ring_get_n_producers   (TlRing         *ring);
uint32_t  tl_ring_get_capacity      (TlRing         *ring);

/* The clock producers stamp events with. */
TlClockSource
          tl_ring_get_clock_source  (TlRing         *ring);

/* Lets a program about to exec inherit the ring: clears close-on-exec on
 * the descriptor and sets THREADLINE_RING_FD.  Call it in the child. */
int       tl_ring_prepare_exec      (TlRing         *ring);

#ifdef __cplusplus
}
#endif
