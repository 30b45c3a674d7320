/* tl-tltrace-checksum.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XXH64, written from the xxHash specification (doc/xxhash_spec.md in the
 * xxHash project), so that any xxHash implementation (xxhsum -H1, Python's
 * xxhash.xxh64) can check a chunk.  zlib's crc32 was the other candidate:
 * bench-tltrace measures both on the same bytes; XXH64 is three to four
 * times faster here, and the checksum is on the loading path of every byte.
 */
#define G_LOG_DOMAIN "tl-tltrace"

#include "config.h"

#include <string.h>

#include "tl-tltrace-private.h"

#define PRIME64_1 G_GUINT64_CONSTANT (0x9E3779B185EBCA87)
#define PRIME64_2 G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)
#define PRIME64_3 G_GUINT64_CONSTANT (0x165667B19E3779F9)
#define PRIME64_4 G_GUINT64_CONSTANT (0x85EBCA77C2B2AE63)
#define PRIME64_5 G_GUINT64_CONSTANT (0x27D4EB2F165667C5)

static inline guint64
rotl64 (guint64 x,
        int     r)
{
  return (x << r) | (x >> (64 - r));
}

/* Unaligned little-endian reads: the host is little-endian (tl-event.h). */
static inline guint64
read64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline guint32
read32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline guint64
round64 (guint64 acc,
         guint64 input)
{
  acc += input * PRIME64_2;
  acc = rotl64 (acc, 31);
  return acc * PRIME64_1;
}

static inline guint64
merge_round (guint64 acc,
             guint64 val)
{
  acc ^= round64 (0, val);
  return acc * PRIME64_1 + PRIME64_4;
}

guint64
_tl_tltrace_checksum (const void *data,
                      gsize       len)
{
  static const guint8 nothing[1];
  /* An empty payload may come as NULL, which pointer arithmetic may not. */
  const guint8 *p = len > 0 ? data : nothing;
  const guint8 *end = p + len;
  guint64 h;

  if (len >= 32)
    {
      const guint8 *limit = end - 32;
      guint64 v1 = PRIME64_1 + PRIME64_2;
      guint64 v2 = PRIME64_2;
      guint64 v3 = 0;
      guint64 v4 = (guint64) 0 - PRIME64_1;

      do
        {
          v1 = round64 (v1, read64 (p));
          v2 = round64 (v2, read64 (p + 8));
          v3 = round64 (v3, read64 (p + 16));
          v4 = round64 (v4, read64 (p + 24));
          p += 32;
        }
      while (p <= limit);

      h = rotl64 (v1, 1) + rotl64 (v2, 7) + rotl64 (v3, 12) + rotl64 (v4, 18);
      h = merge_round (h, v1);
      h = merge_round (h, v2);
      h = merge_round (h, v3);
      h = merge_round (h, v4);
    }
  else
    {
      h = PRIME64_5;
    }

  h += (guint64) len;

  while (p + 8 <= end)
    {
      h ^= round64 (0, read64 (p));
      h = rotl64 (h, 27) * PRIME64_1 + PRIME64_4;
      p += 8;
    }
  if (p + 4 <= end)
    {
      h ^= (guint64) read32 (p) * PRIME64_1;
      h = rotl64 (h, 23) * PRIME64_2 + PRIME64_3;
      p += 4;
    }
  while (p < end)
    {
      h ^= (guint64) *p * PRIME64_5;
      h = rotl64 (h, 11) * PRIME64_1;
      p++;
    }

  h ^= h >> 33;
  h *= PRIME64_2;
  h ^= h >> 29;
  h *= PRIME64_3;
  h ^= h >> 32;
  return h;
}

/* Both headers keep their checksum in their last 4 bytes. */
guint32
_tl_tltrace_header_checksum (const void *header)
{
  return (guint32) _tl_tltrace_checksum (header, 28);
}
