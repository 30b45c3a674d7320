/* tl-preload-shared.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * A small segment that every process of one traced program maps, beside
 * the ring, for what processes must agree on:
 *
 *  - channels: one per pipe (or per sending end of a socket pair), keyed
 *    by the kernel's identity of the pipe (device and inode), so that the
 *    writer and the reader, whatever their process, count the same bytes.
 *    A write's message id is where it ends in the stream; a read that
 *    consumes that position receives the message.  The last writes' ends
 *    are kept so that a reader finds the messages its read completed.
 *  - objects: what the Python helper said about an object that several
 *    processes share (a multiprocessing.Lock behind a named semaphore): its
 *    role, its name, and how to show it.
 *
 * threadline-tracer creates the segment; the interposer maps it by the
 * path in $THREADLINE_PRELOAD_SHARED.  Entries are claimed with a
 * compare-and-swap and never freed: the tables are sized for one run.
 * Nothing here can stop the program: a full table only means less detail.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TL_SHARED_MAGIC       UINT64_C (0x444552414853544c) /* "TLSHARED" little-endian */
#define TL_SHARED_VERSION     1u
#define TL_SHARED_N_CHANNELS  1024u
#define TL_SHARED_N_OBJECTS   1024u
#define TL_CHANNEL_N_ENDS     64u
#define TL_SHARED_NAME_MAX    48u

typedef enum
{
  TL_ENTRY_FREE = 0,
  TL_ENTRY_CLAIMING,
  TL_ENTRY_READY,
} TlEntryState;

/* How the events of a registered object are recorded. */
typedef enum
{
  TL_SHOW_HIDDEN = 0,     /* nothing is recorded */
  TL_SHOW_HOLDS,          /* waits, acquires and releases: a lock */
  TL_SHOW_WAITS,          /* waits only, as waits on @alias (a queue's reader lock) */
} TlShowMode;

typedef struct
{
  uint64_t magic;
  uint32_t version;
  uint32_t n_channels;
  uint32_t n_objects;
  uint32_t pad;
  uint64_t size;
} TlSharedHeader;

typedef struct
{
  uint64_t dev;
  uint64_t ino;
  uint32_t state;                   /* TlEntryState, atomic */
  uint8_t  role;                    /* TlObjectRole of the channel object */
  uint8_t  visible;                 /* recorded in Python processes too (registered) */
  uint8_t  named;                   /* atomic: 1 once a name record was claimed */
  uint8_t  direction;               /* 0 or 1: the top bit of this end's message ids */
  uint64_t object;                  /* the channel's object id */
  uint64_t peer_ino;                /* socket pair: the other end; 0 for a pipe */
  uint64_t written;                 /* atomic: bytes written into this end */
  uint64_t consumed;                /* atomic: bytes of this end's writes read */
  uint64_t n_writes;                /* atomic */
  uint64_t ends[TL_CHANNEL_N_ENDS]; /* atomic: stream positions where writes ended */
  char     name[TL_SHARED_NAME_MAX];
} TlChannel;

typedef struct
{
  uint64_t id;                      /* atomic key; 0 is free */
  uint32_t state;                   /* TlEntryState, atomic */
  uint8_t  role;
  uint8_t  show;                    /* TlShowMode */
  uint8_t  named;                   /* atomic */
  uint8_t  pad;
  uint64_t alias;                   /* TL_SHOW_WAITS: the object the waits are on */
  char     name[TL_SHARED_NAME_MAX - 8];
} TlSharedObject;

typedef struct _TlShared TlShared;

/* Ids the interposer makes carry the top bit, so they never meet the
 * small ids the ring hands out (tl_trace_new_id ()). */
#define TL_PRELOAD_ID_BIT (UINT64_C (1) << 63)

static inline uint64_t
tl_shared_mix (uint64_t a,
               uint64_t b)
{
  uint64_t x = a * UINT64_C (0x9e3779b97f4a7c15) ^ (b + UINT64_C (0x632be59bd9b4e019));

  /* splitmix64's finaliser. */
  x ^= x >> 30;
  x *= UINT64_C (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= UINT64_C (0x94d049bb133111eb);
  x ^= x >> 31;
  return x | TL_PRELOAD_ID_BIT;
}

/* The tracer's side: a sealed memfd holding a fresh segment (close-on-exec). */
int              tl_shared_create          (void);
/* Maps the segment behind @fd; NULL if it is not one. */
TlShared        *tl_shared_map             (int        fd);

/* The channel of the pipe or socket end (@dev, @ino), made if @create. */
TlChannel       *tl_shared_channel         (TlShared  *shared,
                                            uint64_t   dev,
                                            uint64_t   ino,
                                            bool       create);
/* Ties the two ends of a socket pair: a write on one is read on the other. */
void             tl_shared_pair            (TlShared  *shared,
                                            uint64_t   dev,
                                            uint64_t   ino_a,
                                            uint64_t   ino_b);
/* The channel whose writes a read on (@dev, @ino) consumes: the channel
 * itself for a pipe, the peer's for a socket pair; NULL if unknown. */
TlChannel       *tl_shared_read_channel    (TlShared  *shared,
                                            TlChannel *channel);

/* Channels by index (0 .. TL_SHARED_N_CHANNELS - 1), for compact references. */
uint32_t         tl_shared_channel_index   (TlShared  *shared,
                                            TlChannel *channel);
TlChannel       *tl_shared_channel_at      (TlShared  *shared,
                                            uint32_t   index);

TlSharedObject  *tl_shared_object          (TlShared  *shared,
                                            uint64_t   id,
                                            bool       create);

/* Claims the right to write the name record of an entry: true once. */
bool             tl_shared_claim_name      (uint8_t   *named);

#ifdef __cplusplus
}
#endif
