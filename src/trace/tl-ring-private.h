/* tl-ring-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The layout of the shared segment.  Every process that records maps it, so
 * every field here is written by somebody the reader cannot trust: the
 * collector keeps its own copy of the geometry and of each producer's tail
 * and checks everything it reads.
 *
 *   offset 0            TlRingHeader (one page)
 *   slots_offset        TlSlot[n_slots], three cache lines each
 *   data_offset         n_slots x slot_capacity x TlEvent, page aligned
 *
 * Each slot is a single-producer single-consumer ring owned by one thread.
 * Positions (head, reserve, tail) count records since the slot was claimed
 * and never wrap in practice (2^64 records); the index is position & mask.
 */
#pragma once

#include <stdint.h>

#include "tl-clock.h"
#include "tl-event.h"
#include "tl-ring.h"

#define TL_RING_MAGIC        UINT64_C (0x474e4952454e4c54) /* "TLNERING" little-endian */
#define TL_RING_HEADER_SIZE  4096u
#define TL_CACHELINE         64u
#define TL_SLOT_MIN_RECORDS  256u     /* holds the longest naming record twice over */
#define TL_SLOT_MAX_RECORDS  (1u << 26)
#define TL_RING_MAX_SLOTS    4096u

typedef enum
{
  TL_SLOT_FREE     = 0,  /* reader -> FREE, producer FREE -> CLAIMING */
  TL_SLOT_CLAIMING = 1,  /* a producer is filling in the identity */
  TL_SLOT_ACTIVE   = 2,  /* producer writes, reader drains */
  TL_SLOT_RETIRED  = 3,  /* the thread ended; reader drains and frees */
} TlSlotState;

typedef struct
{
  uint64_t magic;
  uint32_t abi_version;
  uint32_t header_size;
  uint64_t segment_size;
  uint32_t n_slots;
  uint32_t slot_capacity;           /* records, a power of two */
  uint64_t slots_offset;
  uint64_t data_offset;
  uint32_t flags;                   /* TlRingFlags */
  uint32_t block_timeout_us;
  TlClockCalibration clock;
  uint8_t  pad0[2 * TL_CACHELINE - 88];

  /* Producers touch these rarely (new ids, no free slot), never per event. */
  uint64_t next_id;                 /* atomic: ids for texts and errors */
  uint64_t unattributed_dropped;    /* atomic: events lost for want of a slot */
  uint8_t  pad1[TL_CACHELINE - 16];
} TlRingHeader;

static_assert (sizeof (TlRingHeader) == 3 * TL_CACHELINE, "TlRingHeader layout");
static_assert (offsetof (TlRingHeader, clock) == 56, "TlRingHeader layout");
static_assert (offsetof (TlRingHeader, next_id) == 2 * TL_CACHELINE, "TlRingHeader layout");
static_assert (sizeof (TlRingHeader) <= TL_RING_HEADER_SIZE, "TlRingHeader fits its page");

typedef struct
{
  /* Identity: written by the producer while CLAIMING, read after ACTIVE. */
  uint32_t state;                   /* TlSlotState, atomic */
  uint32_t generation;              /* bumped by every claim */
  uint32_t pid;
  uint32_t tid;
  uint8_t  pad0[TL_CACHELINE - 16];

  /* Written by the producer only. */
  uint64_t reserve;                 /* position after the record being written */
  uint64_t head;                    /* position after the last committed record */
  uint64_t dropped;                 /* events dropped for want of space */
  uint8_t  pad1[TL_CACHELINE - 24];

  /* Written by the reader only. */
  uint64_t tail;                    /* position after the last record read */
  uint8_t  pad2[TL_CACHELINE - 8];
} TlSlot;

static_assert (sizeof (TlSlot) == 3 * TL_CACHELINE, "TlSlot is three cache lines");
static_assert (offsetof (TlSlot, reserve) == TL_CACHELINE, "TlSlot layout");
static_assert (offsetof (TlSlot, tail) == 2 * TL_CACHELINE, "TlSlot layout");

struct _TlRing
{
  int            fd;
  bool           owns_fd;
  uint8_t       *base;
  size_t         size;

  /* Private copies of the geometry, checked once at creation or attach;
   * the shared header may be scribbled on afterwards. */
  uint32_t       n_slots;
  uint32_t       slot_capacity;
  uint32_t       flags;
  uint32_t       block_timeout_us;
  TlClockCalibration clock;

  TlRingHeader  *header;
  TlSlot        *slots;
  TlEvent       *data;
};

/* Geometry of a segment for the given shape: returns false if it is invalid. */
bool _tl_ring_layout (uint32_t  n_slots,
                      uint32_t  slot_capacity,
                      uint64_t *slots_offset,
                      uint64_t *data_offset,
                      uint64_t *segment_size);

static inline TlEvent *
_tl_ring_slot_records (TlRing   *ring,
                       uint32_t  slot_index)
{
  return ring->data + (size_t) slot_index * ring->slot_capacity;
}
