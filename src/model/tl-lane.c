/* tl-lane.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-lane"

#include "config.h"

#include "tl-trace-model-private.h"

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
  lane->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  lane->track_last_end = g_array_new (FALSE, FALSE, sizeof (gint64));
  lane->track_busy = g_array_new (FALSE, FALSE, sizeof (guint8));
  lane->instants = g_array_new (FALSE, FALSE, sizeof (TlInstant));
  lane->open = g_array_new (FALSE, FALSE, sizeof (TlOpenSpan));
  lane->last_ts = TL_TS_NONE;
  return lane;
}

void
_tl_lane_free (TlLane *lane)
{
  g_ptr_array_unref (lane->tracks);
  g_array_unref (lane->track_last_end);
  g_array_unref (lane->track_busy);
  g_array_unref (lane->instants);
  g_array_unref (lane->open);
  g_clear_pointer (&lane->samples, g_array_unref);
  g_clear_pointer (&lane->pending, g_array_unref);
  g_free (lane);
}

/* What a GArray of this length holds allocated: it grows by doubling. */
static gsize
array_bytes (GArray *array)
{
  gsize capacity = 1;

  if (array == NULL || array->len == 0)
    return 0;
  while (capacity < array->len)
    capacity <<= 1;
  return capacity * g_array_get_element_size (array);
}

gsize
_tl_lane_memory_size (const TlLane *lane)
{
  gsize size = sizeof *lane;

  for (guint i = 0; i < lane->tracks->len; i++)
    {
      GArray *track = g_ptr_array_index (lane->tracks, i);

      size += array_bytes (track);
    }
  size += array_bytes (lane->instants);
  size += array_bytes (lane->samples);
  size += array_bytes (lane->pending);
  size += array_bytes (lane->open);
  return size;
}

static void
ensure_track (TlLane  *lane,
              guint16  track)
{
  while (lane->tracks->len <= track)
    {
      gint64 none = G_MININT64;
      guint8 idle = 0;

      g_ptr_array_add (lane->tracks, g_array_new (FALSE, FALSE, sizeof (TlSpan)));
      g_array_append_val (lane->track_last_end, none);
      g_array_append_val (lane->track_busy, idle);
    }
}

guint16
_tl_lane_claim_track (TlLane  *lane,
                      guint16  first_track,
                      gint64   start)
{
  guint16 track;

  for (track = first_track; track < lane->tracks->len; track++)
    if (!g_array_index (lane->track_busy, guint8, track) &&
        g_array_index (lane->track_last_end, gint64, track) <= start)
      break;
  ensure_track (lane, track);
  g_array_index (lane->track_busy, guint8, track) = 1;
  return track;
}

void
_tl_lane_append_span (TlLane       *lane,
                      guint16       track,
                      const TlSpan *span)
{
  GArray *spans;

  ensure_track (lane, track);
  spans = g_ptr_array_index (lane->tracks, track);
  g_array_append_vals (spans, span, 1);
  g_array_index (lane->track_busy, guint8, track) = 0;
  g_array_index (lane->track_last_end, gint64, track) = span->end;
  if (span->end > lane->last_ts)
    lane->last_ts = span->end;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
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
  GArray *track0;

  if (lane->has_state)
    return TRUE;
  if (lane->tracks->len > 0)
    {
      track0 = g_ptr_array_index (lane->tracks, 0);
      if (track0->len > 0 && TL_SPAN_KIND_IS_STATE (g_array_index (track0, TlSpan, 0).kind))
        return TRUE;
    }
  for (guint i = 0; lane->pending != NULL && i < lane->pending->len; i++)
    if (TL_SPAN_KIND_IS_STATE (g_array_index (lane->pending, TlSpan, i).kind))
      return TRUE;
  return FALSE;
}

void
_tl_lane_place_pending (TlLane *lane)
{
  guint16 first_other;

  if (lane->pending == NULL || lane->pending->len == 0)
    return;

  first_other = lane_is_stateful (lane) ? 1 : 0;
  g_array_sort (lane->pending, compare_spans);
  for (guint i = 0; i < lane->pending->len; i++)
    {
      const TlSpan *span = &g_array_index (lane->pending, TlSpan, i);
      guint16 track = _tl_lane_claim_track (lane,
                                            TL_SPAN_KIND_IS_STATE (span->kind) ? 0 : first_other,
                                            span->start);

      _tl_lane_append_span (lane, track, span);
    }
  g_array_set_size (lane->pending, 0);
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b)
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
                 gconstpointer b)
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
      g_array_sort (lane->instants, compare_instants);
      lane->instants_unsorted = FALSE;
    }
  if (lane->samples_unsorted && lane->samples != NULL)
    {
      g_array_sort (lane->samples, compare_samples);
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
  return self->tracks->len;
}

const TlSpan *
tl_lane_get_spans (const TlLane *self,
                   guint         track,
                   guint        *n_spans)
{
  GArray *spans;

  if (track >= self->tracks->len)
    {
      *n_spans = 0;
      return NULL;
    }
  spans = g_ptr_array_index (self->tracks, track);
  *n_spans = spans->len;
  return (const TlSpan *) (gpointer) spans->data;
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
  *n_instants = self->instants->len;
  return (const TlInstant *) (gpointer) self->instants->data;
}

void
tl_lane_get_instant_range (const TlLane *self,
                           gint64        t0,
                           gint64        t1,
                           guint        *first,
                           guint        *n)
{
  const TlInstant *instants = (const TlInstant *) (gpointer) self->instants->data;
  guint lo = 0, hi = self->instants->len, end;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (instants[mid].ts < t0)
        lo = mid + 1;
      else
        hi = mid;
    }
  hi = self->instants->len;
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
  if (self->samples == NULL)
    {
      *n_samples = 0;
      return NULL;
    }
  *n_samples = self->samples->len;
  return (const TlCounterSample *) (gpointer) self->samples->data;
}

gint64
tl_lane_get_last_ts (const TlLane *self)
{
  return self->last_ts;
}
