/* tl-lane.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-lane"

#include "config.h"

#include "tl-trace-model-private.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- storage ------------------------------------------------------------- */

/* Below this, arrays live on the heap; from it, in their own mapping. */
#define MAP_THRESHOLD ((gsize) 256 * 1024)

static gsize page_size;

static gsize
round_to_pages (gsize bytes)
{
  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);
  return (bytes + page_size - 1) & ~(page_size - 1);
}

static gboolean
is_mapped (const TlVec *vec,
           gsize        element_size)
{
  return (gsize) vec->capacity * element_size >= MAP_THRESHOLD;
}

void
_tl_vec_grow (TlVec *vec,
              gsize  element_size,
              guint  min_capacity)
{
  /* Small to begin with: a lane may have many tracks of one span each. */
  gsize capacity = MAX (vec->capacity, 4u);
  gsize old_bytes = (gsize) vec->capacity * element_size;
  gsize bytes;

  while (capacity < min_capacity)
    capacity *= 2;
  if (capacity > G_MAXUINT)
    g_error ("A trace model array outgrew %u elements", G_MAXUINT);
  bytes = capacity * element_size;

  if (bytes < MAP_THRESHOLD)
    {
      vec->data = g_realloc (vec->data, bytes);
    }
  else
    {
      gpointer data;

      bytes = round_to_pages (bytes);
      if (old_bytes >= MAP_THRESHOLD)
        {
          /* The kernel moves page tables, not bytes. */
          data = mremap (vec->data, round_to_pages (old_bytes), bytes, MREMAP_MAYMOVE);
        }
      else
        {
          data = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          if (data != MAP_FAILED && vec->len > 0)
            memcpy (data, vec->data, (gsize) vec->len * element_size);
          if (data != MAP_FAILED)
            g_free (vec->data);
        }
      if (data == MAP_FAILED)
        g_error ("Out of memory: could not grow a trace model array to %" G_GSIZE_FORMAT " bytes",
                 bytes);
      vec->data = data;
      capacity = bytes / element_size;
    }
  vec->capacity = (guint) MIN (capacity, G_MAXUINT);
}

void
_tl_vec_shrink (TlVec *vec,
                gsize  element_size)
{
  gsize bytes = (gsize) vec->len * element_size;

  if (vec->len == vec->capacity)
    return;
  if (!is_mapped (vec, element_size))
    {
      vec->data = g_realloc (vec->data, MAX (bytes, 1));
      vec->capacity = MAX (vec->len, 1);
      if (vec->len == 0)
        {
          g_clear_pointer (&vec->data, g_free);
          vec->capacity = 0;
        }
      return;
    }
  if (bytes < MAP_THRESHOLD)
    {
      /* Back to the heap: the mapping would round up to a page. */
      gpointer data = g_malloc (MAX (bytes, 1));

      memcpy (data, vec->data, bytes);
      munmap (vec->data, round_to_pages ((gsize) vec->capacity * element_size));
      vec->data = data;
      vec->capacity = MAX (vec->len, 1);
      return;
    }
  if (round_to_pages (bytes) < round_to_pages ((gsize) vec->capacity * element_size))
    {
      /* Shrinking a mapping never moves it. */
      vec->data = mremap (vec->data, round_to_pages ((gsize) vec->capacity * element_size),
                          round_to_pages (bytes), 0);
      g_assert (vec->data != MAP_FAILED);
    }
  vec->capacity = (guint) MIN (round_to_pages (bytes) / element_size, G_MAXUINT);
}

void
_tl_vec_clear (TlVec *vec,
               gsize  element_size)
{
  if (vec->data != NULL)
    {
      if (is_mapped (vec, element_size))
        munmap (vec->data, round_to_pages ((gsize) vec->capacity * element_size));
      else
        g_free (vec->data);
    }
  vec->data = NULL;
  vec->len = 0;
  vec->capacity = 0;
}

gsize
_tl_vec_memory (const TlVec *vec,
                gsize        element_size)
{
  gsize bytes = (gsize) vec->capacity * element_size;

  return is_mapped (vec, element_size) ? round_to_pages (bytes) : bytes;
}

/* ---- lanes --------------------------------------------------------------- */

TlLane *
_tl_lane_new (TlLaneKind kind,
              guint32    index,
              guint32    pid,
              guint64    key)
{
  TlLane *lane = g_new0 (TlLane, 1);

  lane->kind = kind;
  lane->index = index;
  lane->pid = pid;
  lane->key = key;
  lane->process = TL_INDEX_NONE;
  lane->name = TL_INDEX_NONE;
  lane->object = TL_INDEX_NONE;
  lane->open = g_array_new (FALSE, FALSE, sizeof (TlOpenSpan));
  lane->last_ts = TL_TS_NONE;
  lane->made_ts = TL_TS_NONE;
  return lane;
}

void
_tl_lane_free (TlLane *lane)
{
  for (guint i = 0; i < lane->n_tracks; i++)
    _tl_vec_clear (&lane->tracks[i].spans, sizeof (TlSpan));
  g_free (lane->tracks);
  g_free (lane->free_from);
  _tl_vec_clear (&lane->instants, sizeof (TlInstant));
  _tl_vec_clear (&lane->samples, sizeof (TlCounterSample));
  _tl_vec_clear (&lane->lines, sizeof (TlLineMark));
  _tl_vec_clear (&lane->pending, sizeof (TlSpan));
  g_array_unref (lane->open);
  g_free (lane);
}

gsize
_tl_lane_memory_size (const TlLane *lane)
{
  gsize size = sizeof *lane + lane->tracks_alloc * sizeof (TlTrack) +
               2 * (gsize) lane->free_leaves * sizeof (gint64);

  for (guint i = 0; i < lane->n_tracks; i++)
    size += _tl_vec_memory (&lane->tracks[i].spans, sizeof (TlSpan));
  size += _tl_vec_memory (&lane->instants, sizeof (TlInstant));
  size += _tl_vec_memory (&lane->samples, sizeof (TlCounterSample));
  size += _tl_vec_memory (&lane->lines, sizeof (TlLineMark));
  size += _tl_vec_memory (&lane->pending, sizeof (TlSpan));
  size += (gsize) lane->open->len * sizeof (TlOpenSpan);
  return size;
}

void
_tl_lane_trim (TlLane *lane)
{
  for (guint i = 0; i < lane->n_tracks; i++)
    _tl_vec_shrink (&lane->tracks[i].spans, sizeof (TlSpan));
  _tl_vec_shrink (&lane->instants, sizeof (TlInstant));
  _tl_vec_shrink (&lane->samples, sizeof (TlCounterSample));
  _tl_vec_shrink (&lane->lines, sizeof (TlLineMark));
  _tl_vec_clear (&lane->pending, sizeof (TlSpan));
}

/* ---- tracks ---------------------------------------------------------------- */

/* A span goes on the lowest track that is free when it starts.  With
 * spans that all overlap, a scan of the tracks would make placing n spans
 * n^2 / 2 steps; the min-tree over the tracks' "free from" times finds
 * the track in log n. */

/* Tracks looked at one by one before the tree is asked: spans nest a few
 * deep, and a look at a few leaves costs less than a descent.  A tree of
 * no more leaves than that is never descended: its inner nodes wait until
 * it grows (free_tree_reserve () makes them then). */
#define NEAR_TRACKS 8u

static void
free_tree_update_inner (TlLane *lane,
                        guint   node)
{
  for (node /= 2; node > 0; node /= 2)
    {
      gint64 least = MIN (lane->free_from[2 * node], lane->free_from[2 * node + 1]);

      /* What is above depends on this node only through its value. */
      if (lane->free_from[node] == least)
        break;
      lane->free_from[node] = least;
    }
}

static inline void
free_tree_update (TlLane *lane,
                  guint   track,
                  gint64  free_from)
{
  guint node = lane->free_leaves + track;

  lane->free_from[node] = free_from;
  if (G_UNLIKELY (lane->free_leaves > NEAR_TRACKS))
    free_tree_update_inner (lane, node);
}

/* Room in the tree for @n_tracks leaves. */
static void
free_tree_reserve (TlLane *lane,
                   guint   n_tracks)
{
  guint old_leaves = lane->free_leaves;
  gint64 *old = lane->free_from;
  guint leaves = MAX (old_leaves, 4u);

  if (n_tracks <= old_leaves)
    return;
  while (leaves < n_tracks)
    leaves *= 2;
  lane->free_from = g_new (gint64, 2 * (gsize) leaves);
  lane->free_leaves = leaves;
  for (guint i = 0; i < leaves; i++)
    lane->free_from[leaves + i] = i < old_leaves ? old[old_leaves + i] : G_MININT64;
  for (guint node = leaves - 1; node > 0; node--)
    lane->free_from[node] = MIN (lane->free_from[2 * node], lane->free_from[2 * node + 1]);
  lane->free_from[0] = G_MININT64;
  g_free (old);
}

/* The lowest leaf from @first, under @node (covering [lo, hi)), that is
 * free at @start; G_MAXUINT if none. */
static guint
free_tree_find (const TlLane *lane,
                guint         node,
                guint         lo,
                guint         hi,
                guint         first,
                gint64        start)
{
  guint mid, found;

  if (hi <= first || lane->free_from[node] > start)
    return G_MAXUINT;
  if (hi - lo == 1)
    return lo;
  mid = lo + (hi - lo) / 2;
  found = free_tree_find (lane, 2 * node, lo, mid, first, start);
  if (found != G_MAXUINT)
    return found;
  return free_tree_find (lane, 2 * node + 1, mid, hi, first, start);
}

static void
ensure_track (TlLane *lane,
              guint   track)
{
  if (G_LIKELY (track < lane->n_tracks))
    return;
  if (track >= lane->tracks_alloc)
    {
      lane->tracks_alloc = MAX (track + 1, MAX (lane->tracks_alloc * 2, 2u));
      lane->tracks = g_renew (TlTrack, lane->tracks, lane->tracks_alloc);
    }
  memset (&lane->tracks[lane->n_tracks], 0, (gsize) (track + 1 - lane->n_tracks) * sizeof (TlTrack));
  lane->n_tracks = track + 1;
  free_tree_reserve (lane, lane->n_tracks);
}

guint16
_tl_lane_claim_track (TlLane  *lane,
                      guint16  first_track,
                      gint64   start)
{
  guint leaves = lane->free_leaves;
  guint track = first_track;
  /* Busy tracks are free from G_MAXINT64: never, even for a span that
   * starts then. */
  gint64 at = MIN (start, G_MAXINT64 - 1);

  /* Past the tree's leaves, every track is free. */
  if (track < leaves)
    {
      guint near = MIN (track + NEAR_TRACKS, leaves);

      while (track < near && lane->free_from[leaves + track] > at)
        track++;
      if (track == near && near < leaves)
        {
          track = free_tree_find (lane, 1, 0, leaves, near, at);
          if (track == G_MAXUINT)
            track = leaves;
        }
    }
  if (track >= TL_LANE_MAX_TRACKS)
    return TL_TRACK_NONE;
  ensure_track (lane, track);
  free_tree_update (lane, track, G_MAXINT64);
  return (guint16) track;
}

gboolean
_tl_lane_append_span (TlLane       *lane,
                      guint16       track,
                      const TlSpan *span)
{
  if (track == TL_TRACK_NONE)
    {
      lane->n_untracked++;
      return FALSE;
    }
  ensure_track (lane, track);
  *(TlSpan *) _tl_vec_push (&lane->tracks[track].spans, sizeof (TlSpan)) = *span;
  free_tree_update (lane, track, span->end);
  if (span->end > lane->last_ts)
    lane->last_ts = span->end;
  return TRUE;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const TlSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* Longer first, so that an enclosing span takes the lower track. */
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->ref != y->ref)
    return x->ref < y->ref ? -1 : 1;
  return 0;
}

/* Whether track 0 belongs to a thread's state (then other spans start on
 * track 1); lanes of imported slices have no state. */
static gboolean
lane_is_stateful (TlLane *lane)
{
  if (lane->has_state)
    return TRUE;
  if (lane->n_tracks > 0 && lane->tracks[0].spans.len > 0 &&
      TL_SPAN_KIND_IS_STATE (_tl_lane_peek_span (lane, 0, 0)->kind))
    return TRUE;
  for (guint i = 0; i < lane->pending.len; i++)
    if (TL_SPAN_KIND_IS_STATE (_tl_vec_index (&lane->pending, TlSpan, i).kind))
      return TRUE;
  return FALSE;
}

void
_tl_lane_place_pending (TlLane  *lane,
                        guint64 *untracked)
{
  guint16 first_other;

  if (lane->pending.len == 0)
    return;

  first_other = lane_is_stateful (lane) ? 1 : 0;
  g_qsort_with_data (lane->pending.data, (gint) lane->pending.len, sizeof (TlSpan),
                     compare_spans, NULL);
  for (guint i = 0; i < lane->pending.len; i++)
    {
      const TlSpan *span = &_tl_vec_index (&lane->pending, TlSpan, i);
      guint16 track = _tl_lane_claim_track (lane,
                                            TL_SPAN_KIND_IS_STATE (span->kind) ? 0 : first_other,
                                            span->start);

      if (!_tl_lane_append_span (lane, track, span) && span->kind < TL_N_SPAN_KINDS)
        untracked[span->kind]++;
    }
  lane->pending.len = 0;
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const TlInstant *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->ref != y->ref)
    return x->ref < y->ref ? -1 : 1;
  return x->arg < y->arg ? -1 : x->arg > y->arg;
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const TlCounterSample *x = a, *y = b;

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

void
_tl_lane_sort (TlLane *lane)
{
  if (lane->instants_unsorted)
    {
      /* Stable for equal keys would matter only for identical instants. */
      g_qsort_with_data (lane->instants.data, (gint) lane->instants.len, sizeof (TlInstant),
                         compare_instants, NULL);
      lane->instants_unsorted = FALSE;
    }
  if (lane->samples_unsorted)
    {
      g_qsort_with_data (lane->samples.data, (gint) lane->samples.len, sizeof (TlCounterSample),
                         compare_samples, NULL);
      lane->samples_unsorted = FALSE;
    }
}

TlLaneKind
tl_lane_get_kind (const TlLane *self)
{
  return self->kind;
}

guint32
tl_lane_get_index (const TlLane *self)
{
  return self->index;
}

guint32
tl_lane_get_pid (const TlLane *self)
{
  return self->pid;
}

guint64
tl_lane_get_key (const TlLane *self)
{
  return self->key;
}

guint32
tl_lane_get_object (const TlLane *self)
{
  return self->object;
}

guint32
tl_lane_get_process (const TlLane *self)
{
  return self->process;
}

guint32
tl_lane_get_name (const TlLane *self)
{
  return self->name;
}

gint32
tl_lane_get_sort_index (const TlLane *self)
{
  return self->sort_index;
}

guint
tl_lane_get_n_tracks (const TlLane *self)
{
  return self->n_tracks;
}

const TlSpan *
tl_lane_get_spans (const TlLane *self,
                   guint         track,
                   guint        *n_spans)
{
  if (track >= self->n_tracks)
    {
      *n_spans = 0;
      return NULL;
    }
  *n_spans = self->tracks[track].spans.len;
  return self->tracks[track].spans.data;
}

void
tl_lane_get_span_range (const TlLane *self,
                        guint         track,
                        gint64        t0,
                        gint64        t1,
                        guint        *first,
                        guint        *n)
{
  guint n_spans, lo, hi, end;
  const TlSpan *spans = tl_lane_get_spans (self, track, &n_spans);

  /* First span that ends at or after t0 (ends are sorted on a track). */
  lo = 0;
  hi = n_spans;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].end < t0)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* First span that starts after t1. */
  hi = n_spans;
  end = lo;
  while (end < hi)
    {
      guint mid = end + (hi - end) / 2;

      if (spans[mid].start <= t1)
        end = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  *n = end - lo;
}

guint
tl_lane_get_n_open (const TlLane *self)
{
  return (self->has_state && !self->ended ? 1 : 0) + self->open->len;
}

const TlSpan *
tl_lane_get_open (const TlLane *self,
                  guint         index,
                  guint        *track)
{
  const TlOpenSpan *open;

  if (self->has_state && !self->ended)
    {
      if (index == 0)
        {
          *track = 0;
          return &self->state.span;
        }
      index--;
    }
  g_return_val_if_fail (index < self->open->len, NULL);
  open = &g_array_index (self->open, TlOpenSpan, index);
  *track = open->track;
  return &open->span;
}

const TlInstant *
tl_lane_get_instants (const TlLane *self,
                      guint        *n_instants)
{
  *n_instants = self->instants.len;
  return self->instants.data;
}

void
tl_lane_get_instant_range (const TlLane *self,
                           gint64        t0,
                           gint64        t1,
                           guint        *first,
                           guint        *n)
{
  const TlInstant *instants = self->instants.data;
  guint lo = 0, hi = self->instants.len, end;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (instants[mid].ts < t0)
        lo = mid + 1;
      else
        hi = mid;
    }
  hi = self->instants.len;
  end = lo;
  while (end < hi)
    {
      guint mid = end + (hi - end) / 2;

      if (instants[mid].ts <= t1)
        end = mid + 1;
      else
        hi = mid;
    }
  *first = lo;
  *n = end - lo;
}

const TlCounterSample *
tl_lane_get_samples (const TlLane *self,
                     guint        *n_samples)
{
  *n_samples = self->samples.len;
  return self->samples.data;
}

gint64
tl_lane_get_last_ts (const TlLane *self)
{
  return self->last_ts;
}
