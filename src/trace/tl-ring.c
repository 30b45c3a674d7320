/* tl-ring.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-ring-private.h"

#define PAGE_SIZE_ASSUMED 4096u

static uint32_t
round_up_pow2 (uint32_t v)
{
  uint32_t p = 1;

  while (p < v && p < (1u << 31))
    p <<= 1;
  return p;
}

static uint64_t
align_up (uint64_t v,
          uint64_t alignment)
{
  return (v + alignment - 1) & ~(alignment - 1);
}

bool
_tl_ring_layout (uint32_t  n_slots,
                 uint32_t  slot_capacity,
                 uint64_t *slots_offset,
                 uint64_t *data_offset,
                 uint64_t *segment_size)
{
  uint64_t data_size;

  if (n_slots == 0 || n_slots > TL_RING_MAX_SLOTS)
    return false;
  if (slot_capacity < TL_SLOT_MIN_RECORDS || slot_capacity > TL_SLOT_MAX_RECORDS ||
      (slot_capacity & (slot_capacity - 1)) != 0)
    return false;

  /* Every slot's records start on a page, so a producer can pre-fault
   * exactly its own pages. */
  data_size = (uint64_t) n_slots * slot_capacity * sizeof (TlEvent);
  *slots_offset = TL_RING_HEADER_SIZE;
  *data_offset = align_up (*slots_offset + (uint64_t) n_slots * sizeof (TlSlot),
                           PAGE_SIZE_ASSUMED);
  *segment_size = *data_offset + data_size;
  return *segment_size <= (uint64_t) SIZE_MAX;
}

void
tl_ring_options_init (TlRingOptions *options)
{
  memset (options, 0, sizeof *options);
  options->n_producers = TL_RING_DEFAULT_PRODUCERS;
  options->bytes_per_producer = TL_RING_DEFAULT_BYTES_PER_PRODUCER;
  options->flags = TL_RING_FLAGS_NONE;
  options->block_timeout_us = 0;
  options->clock = TL_CLOCK_SOURCE_AUTO;
}

static int
map_segment (int       fd,
             size_t    size,
             uint8_t **base)
{
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  if (p == MAP_FAILED)
    return -errno;
  *base = p;
  return 0;
}

static void
bind_geometry (TlRing   *ring,
               uint64_t  slots_offset,
               uint64_t  data_offset)
{
  /* The mapping is page aligned and the offsets are multiples of a cache
   * line: the casts through void * are sound. */
  ring->header = (TlRingHeader *) (void *) ring->base;
  ring->slots = (TlSlot *) (void *) (ring->base + slots_offset);
  ring->data = (TlEvent *) (void *) (ring->base + data_offset);
}

int
tl_ring_new (const TlRingOptions  *options,
             TlRing              **out_ring)
{
  TlRingOptions defaults;
  TlRing *ring;
  uint64_t slots_offset, data_offset, segment_size;
  TlClockSource source;
  uint32_t capacity;
  int fd, r;

  *out_ring = NULL;
  if (options == NULL)
    {
      tl_ring_options_init (&defaults);
      options = &defaults;
    }

  if (options->clock == TL_CLOCK_SOURCE_AUTO)
    source = tl_clock_pick_source (NULL);
  else if (options->clock == TL_CLOCK_SOURCE_MONOTONIC ||
           (options->clock == TL_CLOCK_SOURCE_TSC && TL_CLOCK_HAVE_TSC))
    source = (TlClockSource) options->clock;
  else
    return options->clock == TL_CLOCK_SOURCE_TSC ? -ENOTSUP : -EINVAL;

  capacity = round_up_pow2 (options->bytes_per_producer / (uint32_t) sizeof (TlEvent));
  if (capacity < TL_SLOT_MIN_RECORDS)
    capacity = TL_SLOT_MIN_RECORDS;
  if (!_tl_ring_layout (options->n_producers, capacity,
                        &slots_offset, &data_offset, &segment_size))
    return -EINVAL;

  fd = memfd_create ("threadline-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return -errno;

  /* Sealed so that no process sharing it can shrink it under the reader
   * (a SIGBUS) or grow it. */
  if (ftruncate (fd, (off_t) segment_size) != 0 ||
      fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)
    {
      r = -errno;
      close (fd);
      return r;
    }

  ring = calloc (1, sizeof *ring);
  if (ring == NULL)
    {
      close (fd);
      return -ENOMEM;
    }

  r = map_segment (fd, (size_t) segment_size, &ring->base);
  if (r < 0)
    {
      free (ring);
      close (fd);
      return r;
    }

  ring->fd = fd;
  ring->owns_fd = true;
  ring->size = (size_t) segment_size;
  ring->n_slots = options->n_producers;
  ring->slot_capacity = capacity;
  ring->flags = options->flags;
  ring->block_timeout_us = options->block_timeout_us ? options->block_timeout_us : 1000000u;
  tl_clock_calibrate (source, &ring->clock);
  bind_geometry (ring, slots_offset, data_offset);

  ring->header->abi_version = TL_TRACE_ABI_VERSION;
  ring->header->header_size = (uint32_t) sizeof (TlRingHeader);
  ring->header->segment_size = segment_size;
  ring->header->n_slots = ring->n_slots;
  ring->header->slot_capacity = ring->slot_capacity;
  ring->header->slots_offset = slots_offset;
  ring->header->data_offset = data_offset;
  ring->header->flags = ring->flags;
  ring->header->block_timeout_us = ring->block_timeout_us;
  ring->header->clock = ring->clock;
  ring->header->next_id = 1;
  /* Release pairs with the acquire of ->magic in tl_ring_attach_fd (): a
   * process that sees the magic sees a complete header. */
  __atomic_store_n (&ring->header->magic, TL_RING_MAGIC, __ATOMIC_RELEASE);

  *out_ring = ring;
  return 0;
}

int
tl_ring_attach_fd (int      fd,
                   TlRing **out_ring)
{
  TlRingHeader header;
  TlRing *ring;
  struct stat st;
  uint64_t slots_offset, data_offset, segment_size;
  uint8_t *base = NULL;
  int r;

  *out_ring = NULL;
  if (fd < 0)
    return -EBADF;
  if (fstat (fd, &st) != 0)
    return -errno;
  if (st.st_size < (off_t) TL_RING_HEADER_SIZE)
    return -EPROTO;

  r = map_segment (fd, (size_t) st.st_size, &base);
  if (r < 0)
    return r;

  /* Acquire pairs with the release of ->magic in tl_ring_new (). */
  memset (&header, 0, sizeof header);
  header.magic = __atomic_load_n (&((TlRingHeader *) (void *) base)->magic, __ATOMIC_ACQUIRE);
  memcpy ((uint8_t *) &header + sizeof header.magic,
          base + sizeof header.magic,
          offsetof (TlRingHeader, pad0) - sizeof header.magic);

  if (header.magic != TL_RING_MAGIC || header.header_size != sizeof (TlRingHeader))
    r = -EPROTO;
  else if (header.abi_version != TL_TRACE_ABI_VERSION)
    r = -EPROTONOSUPPORT;
  else if (!_tl_ring_layout (header.n_slots, header.slot_capacity,
                             &slots_offset, &data_offset, &segment_size) ||
           slots_offset != header.slots_offset ||
           data_offset != header.data_offset ||
           segment_size != header.segment_size ||
           segment_size != (uint64_t) st.st_size)
    r = -EPROTO;
  else if (header.clock.source != TL_CLOCK_SOURCE_MONOTONIC &&
           header.clock.source != TL_CLOCK_SOURCE_TSC)
    r = -EPROTO;
  else if (header.clock.source == TL_CLOCK_SOURCE_TSC && !TL_CLOCK_HAVE_TSC)
    r = -ENOTSUP;

  if (r < 0)
    {
      munmap (base, (size_t) st.st_size);
      return r;
    }

  ring = calloc (1, sizeof *ring);
  if (ring == NULL)
    {
      munmap (base, (size_t) st.st_size);
      return -ENOMEM;
    }

  ring->fd = fd;
  ring->owns_fd = false;
  ring->base = base;
  ring->size = (size_t) segment_size;
  ring->n_slots = header.n_slots;
  ring->slot_capacity = header.slot_capacity;
  ring->flags = header.flags;
  ring->block_timeout_us = header.block_timeout_us ? header.block_timeout_us : 1000000u;
  ring->clock = header.clock;
  bind_geometry (ring, slots_offset, data_offset);

  *out_ring = ring;
  return 0;
}

int
tl_ring_attach_from_env (TlRing **out_ring)
{
  const char *value = getenv (TL_RING_ENV_FD);
  char *end = NULL;
  long fd;
  int r;

  *out_ring = NULL;
  if (value == NULL || *value == '\0')
    return -ENOENT;

  errno = 0;
  fd = strtol (value, &end, 10);
  if (errno != 0 || end == value || *end != '\0' || fd < 0 || fd > INT_MAX)
    return -EINVAL;

  r = tl_ring_attach_fd ((int) fd, out_ring);
  if (r < 0)
    return r;

  /* Programs we start must not inherit it by accident. */
  fcntl ((int) fd, F_SETFD, FD_CLOEXEC);
  (*out_ring)->owns_fd = true;
  return 0;
}

void
tl_ring_free (TlRing *ring)
{
  if (ring == NULL)
    return;
  munmap (ring->base, ring->size);
  if (ring->owns_fd)
    close (ring->fd);
  free (ring);
}

int
tl_ring_get_fd (TlRing *ring)
{
  return ring->fd;
}

uint32_t
tl_ring_get_n_producers (TlRing *ring)
{
  return ring->n_slots;
}

uint32_t
tl_ring_get_capacity (TlRing *ring)
{
  return ring->slot_capacity;
}

TlClockSource
tl_ring_get_clock_source (TlRing *ring)
{
  return (TlClockSource) ring->clock.source;
}

int
tl_ring_prepare_exec (TlRing *ring)
{
  char value[16];
  int flags = fcntl (ring->fd, F_GETFD);

  if (flags < 0 || fcntl (ring->fd, F_SETFD, flags & ~FD_CLOEXEC) != 0)
    return -errno;
  snprintf (value, sizeof value, "%d", ring->fd);
  if (setenv (TL_RING_ENV_FD, value, 1) != 0)
    return -errno;
  return 0;
}
