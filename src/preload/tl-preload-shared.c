/* tl-preload-shared.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-event.h"
#include "tl-preload-shared.h"

#define SPINS_WHILE_CLAIMING 1000

struct _TlShared
{
  TlSharedHeader *header;
  TlChannel      *channels;
  TlSharedObject *objects;
};

static_assert (sizeof (TlSharedObject) == 64, "TlSharedObject is a cache line");
static_assert (offsetof (TlChannel, written) % 8 == 0, "TlChannel counters are aligned");

static size_t
channels_offset (void)
{
  return (sizeof (TlSharedHeader) + 63) & ~(size_t) 63;
}

static size_t
objects_offset (void)
{
  return channels_offset () + TL_SHARED_N_CHANNELS * sizeof (TlChannel);
}

static size_t
segment_size (void)
{
  return (objects_offset () + TL_SHARED_N_OBJECTS * sizeof (TlSharedObject) + 4095) & ~(size_t) 4095;
}

int
tl_shared_create (void)
{
  TlSharedHeader *header;
  int fd = memfd_create ("threadline-shared", MFD_CLOEXEC | MFD_ALLOW_SEALING);

  if (fd < 0)
    return -errno;
  if (ftruncate (fd, (off_t) segment_size ()) != 0)
    goto failed;
  header = mmap (NULL, segment_size (), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (header == MAP_FAILED)
    goto failed;
  header->version = TL_SHARED_VERSION;
  header->n_channels = TL_SHARED_N_CHANNELS;
  header->n_objects = TL_SHARED_N_OBJECTS;
  header->size = segment_size ();
  /* Release pairs with the acquire of ->magic in tl_shared_map (). */
  __atomic_store_n (&header->magic, TL_SHARED_MAGIC, __ATOMIC_RELEASE);
  munmap (header, segment_size ());
  /* Nobody sharing it may shrink it under the others (a SIGBUS). */
  fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
  return fd;

failed:
  {
    int saved = errno;

    close (fd);
    return -saved;
  }
}

TlShared *
tl_shared_map (int fd)
{
  struct stat st;
  TlSharedHeader *header;
  TlShared *shared;

  if (fstat (fd, &st) != 0 || (size_t) st.st_size != segment_size ())
    return NULL;
  header = mmap (NULL, segment_size (), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (header == MAP_FAILED)
    return NULL;
  if (__atomic_load_n (&header->magic, __ATOMIC_ACQUIRE) != TL_SHARED_MAGIC ||
      header->version != TL_SHARED_VERSION || header->n_channels != TL_SHARED_N_CHANNELS ||
      header->n_objects != TL_SHARED_N_OBJECTS || (shared = calloc (1, sizeof *shared)) == NULL)
    {
      munmap (header, segment_size ());
      return NULL;
    }
  shared->header = header;
  /* The segment is page aligned and the offsets are multiples of 64. */
  shared->channels = (TlChannel *) (void *) ((char *) header + channels_offset ());
  shared->objects = (TlSharedObject *) (void *) ((char *) header + objects_offset ());
  return shared;
}

/* Waits out a claim in progress; false if the entry never became ready. */
static bool
wait_ready (uint32_t *state)
{
  for (int i = 0; i < SPINS_WHILE_CLAIMING; i++)
    {
      /* Acquire pairs with the release of READY when the entry is filled. */
      uint32_t s = __atomic_load_n (state, __ATOMIC_ACQUIRE);

      if (s == TL_ENTRY_READY)
        return true;
      if (s == TL_ENTRY_FREE)
        return false;
      sched_yield ();
    }
  return false;
}

TlChannel *
tl_shared_channel (TlShared *shared,
                   uint64_t  dev,
                   uint64_t  ino,
                   bool      create)
{
  uint64_t hash = tl_shared_mix (dev, ino);

  if (shared == NULL || ino == 0)
    return NULL;
  for (uint32_t i = 0; i < TL_SHARED_N_CHANNELS; i++)
    {
      TlChannel *ch = &shared->channels[(hash + i) % TL_SHARED_N_CHANNELS];
      uint32_t expected = TL_ENTRY_FREE;

      if (__atomic_load_n (&ch->state, __ATOMIC_ACQUIRE) == TL_ENTRY_FREE)
        {
          if (!create)
            return NULL;
          if (__atomic_compare_exchange_n (&ch->state, &expected, TL_ENTRY_CLAIMING, false,
                                           __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
            {
              ch->dev = dev;
              ch->ino = ino;
              ch->role = TL_ROLE_PIPE;
              ch->object = hash;
              /* Release pairs with the acquire in wait_ready (). */
              __atomic_store_n (&ch->state, TL_ENTRY_READY, __ATOMIC_RELEASE);
              return ch;
            }
        }
      if (wait_ready (&ch->state) && ch->dev == dev && ch->ino == ino)
        return ch;
    }
  return NULL;
}

void
tl_shared_pair (TlShared *shared,
                uint64_t  dev,
                uint64_t  ino_a,
                uint64_t  ino_b)
{
  TlChannel *a = tl_shared_channel (shared, dev, ino_a, true);
  TlChannel *b = tl_shared_channel (shared, dev, ino_b, true);
  uint64_t object;

  if (a == NULL || b == NULL)
    return;
  /* One object for both directions, whichever end names it. */
  object = tl_shared_mix (dev, ino_a < ino_b ? ino_a * 31 + ino_b : ino_b * 31 + ino_a);
  a->object = object;
  b->object = object;
  a->direction = ino_a < ino_b ? 0 : 1;
  b->direction = ino_a < ino_b ? 1 : 0;
  __atomic_store_n (&a->peer_ino, ino_b, __ATOMIC_RELEASE);
  __atomic_store_n (&b->peer_ino, ino_a, __ATOMIC_RELEASE);
}

TlChannel *
tl_shared_read_channel (TlShared  *shared,
                        TlChannel *channel)
{
  uint64_t peer;

  if (channel == NULL)
    return NULL;
  peer = __atomic_load_n (&channel->peer_ino, __ATOMIC_ACQUIRE);
  if (peer == 0)
    return channel;
  return tl_shared_channel (shared, channel->dev, peer, false);
}

uint32_t
tl_shared_channel_index (TlShared  *shared,
                         TlChannel *channel)
{
  return (uint32_t) (channel - shared->channels);
}

TlChannel *
tl_shared_channel_at (TlShared *shared,
                      uint32_t  index)
{
  return index < TL_SHARED_N_CHANNELS ? &shared->channels[index] : NULL;
}

TlSharedObject *
tl_shared_object (TlShared *shared,
                  uint64_t  id,
                  bool      create)
{
  if (shared == NULL || id == 0)
    return NULL;
  for (uint32_t i = 0; i < TL_SHARED_N_OBJECTS; i++)
    {
      TlSharedObject *o = &shared->objects[(id + i) % TL_SHARED_N_OBJECTS];
      uint64_t expected = 0;
      uint64_t key = __atomic_load_n (&o->id, __ATOMIC_ACQUIRE);

      if (key == 0)
        {
          if (!create)
            return NULL;
          if (__atomic_compare_exchange_n (&o->id, &expected, id, false,
                                           __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
            {
              __atomic_store_n (&o->state, TL_ENTRY_READY, __ATOMIC_RELEASE);
              return o;
            }
          key = expected;
        }
      if (key == id)
        return wait_ready (&o->state) ? o : NULL;
    }
  return NULL;
}

bool
tl_shared_claim_name (uint8_t *named)
{
  uint8_t expected = 0;

  return __atomic_compare_exchange_n (named, &expected, 1, false,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
