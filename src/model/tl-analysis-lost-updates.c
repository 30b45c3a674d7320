/* tl-analysis-lost-updates.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chain the final value is made of goes back from the last write,
 * each write to the write whose value it read.  A new last write's chain
 * soon meets the old one and follows it from there: only writes after that
 * meeting point can change between lost and kept, so a growing trace is
 * looked at where it grew.
 */
#define G_LOG_DOMAIN "tl-analysis"

#include "config.h"

#include "tl-analysis-lost-updates.h"

#include <string.h>

#include "tl-analysis-private.h"
#include "tl-findings-private.h"

typedef struct
{
  TlAccess access;
  gint32   read;           /* writes: the thread's last read before it, or -1 */
  gint32   pred;           /* writes: the write whose value that read saw, or -1 */
  gboolean in_chain;
} Entry;

struct _TlLostUpdates
{
  GArray              *entries;       /* Entry, in access order */
  guint                settled;       /* entries already taken into account */
  gboolean             unsorted;      /* one came out of order: start over */
  guint                n_rebuilds;

  GArray              *last_read;     /* gint32 per lane: its last read, or -1 */
  GArray              *writes;        /* gint32: every write, ascending */
  GHashTable          *writes_of;     /* value -> GArray of gint32, ascending */
  gint32               head;          /* the last write: where the chain starts */

  GArray              *lost;          /* TlLostUpdate, in time order */
  GArray              *lost_entries;  /* gint32: each lost update's entry */
  TlLostUpdateSummary  summary;       /* initial, expected and final made on demand */
  gint64               initial;
  gint64               own_changes;   /* every write's own change, summed */
  gint64               last_value;
};

#define ENTRY(self, i) (&g_array_index ((self)->entries, Entry, (i)))

static int
compare_accesses (const TlAccess *x,
                  const TlAccess *y)
{
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  /* At the same instant, a thread reads before it writes. */
  if (x->write != y->write)
    return x->write ? 1 : -1;
  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return compare_accesses (&((const Entry *) a)->access, &((const Entry *) b)->access);
}

TlLostUpdates *
_tl_lost_updates_new (void)
{
  TlLostUpdates *self = g_new0 (TlLostUpdates, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->last_read = g_array_new (FALSE, FALSE, sizeof (gint32));
  self->writes = g_array_new (FALSE, FALSE, sizeof (gint32));
  self->writes_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_array_unref);
  self->lost = g_array_new (FALSE, FALSE, sizeof (TlLostUpdate));
  self->lost_entries = g_array_new (FALSE, FALSE, sizeof (gint32));
  self->head = -1;
  return self;
}

void
_tl_lost_updates_free (TlLostUpdates *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_array_unref (self->last_read);
  g_array_unref (self->writes);
  g_hash_table_unref (self->writes_of);
  g_array_unref (self->lost);
  g_array_unref (self->lost_entries);
  g_free (self);
}

void
_tl_lost_updates_add (TlLostUpdates  *self,
                      const TlAccess *access)
{
  Entry entry = { *access, -1, -1, FALSE };

  if (self->entries->len > 0 &&
      compare_accesses (access, &ENTRY (self, self->entries->len - 1)->access) < 0)
    self->unsorted = TRUE;
  g_array_append_val (self->entries, entry);
}

/* Forgets everything but the accesses. */
static void
reset (TlLostUpdates *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = ENTRY (self, i);

      e->read = e->pred = -1;
      e->in_chain = FALSE;
    }
  self->settled = 0;
  g_array_set_size (self->last_read, 0);
  g_array_set_size (self->writes, 0);
  g_hash_table_remove_all (self->writes_of);
  self->head = -1;
  g_array_set_size (self->lost, 0);
  g_array_set_size (self->lost_entries, 0);
  memset (&self->summary, 0, sizeof self->summary);
  self->initial = self->own_changes = self->last_value = 0;
}

/* The last of @indices (ascending) below @before, or -1. */
static gint32
last_before (GArray *indices,
             gint32  before)
{
  guint lo = 0, hi = indices != NULL ? indices->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (indices, gint32, mid) < before)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? g_array_index (indices, gint32, lo - 1) : -1;
}

/* The write whose value @read saw: the last write before it with that
 * value; failing that (the value came from elsewhere) the last write
 * before it, unless the value is the one the trace began with. */
static gint32
predecessor (TlLostUpdates *self,
             gint32         read)
{
  gint64 value = ENTRY (self, read)->access.value;
  gint32 found = last_before (g_hash_table_lookup (self->writes_of, &value), read);

  if (found < 0 && value != self->initial)
    found = last_before (self->writes, read);
  return found;
}

static void
note_write (TlLostUpdates *self,
            gint32         index)
{
  gint64 value = ENTRY (self, index)->access.value;
  GArray *same = g_hash_table_lookup (self->writes_of, &value);

  if (same == NULL)
    {
      same = g_array_new (FALSE, FALSE, sizeof (gint32));
      g_hash_table_insert (self->writes_of, g_memdup2 (&value, sizeof value), same);
    }
  g_array_append_val (same, index);
  g_array_append_val (self->writes, index);
}

static void
take (TlLostUpdates *self,
      gint32         index)
{
  Entry *e = ENTRY (self, index);
  guint32 lane = e->access.lane;
  gint32 none = -1;

  while (self->last_read->len <= lane)
    g_array_append_val (self->last_read, none);

  if (!e->access.write)
    {
      if (self->summary.n_reads == 0 && self->summary.n_writes == 0)
        self->initial = e->access.value;
      self->summary.n_reads++;
      g_array_index (self->last_read, gint32, lane) = index;
      return;
    }

  /* Each write is an update of the value its thread read last. */
  e->read = g_array_index (self->last_read, gint32, lane);
  if (e->read >= 0)
    {
      self->own_changes += e->access.value - ENTRY (self, e->read)->access.value;
      e->pred = predecessor (self, e->read);
    }
  note_write (self, index);
  self->summary.n_writes++;
  self->last_value = e->access.value;
  self->head = index;
}

/* Marks the chain from the new head until it meets the old chain, and
 * unmarks what the old chain had above that meeting point, which it
 * returns (-1: they never met). */
static gint32
relink (TlLostUpdates *self,
        gint32         old_head)
{
  gint32 meet = -1;

  for (gint32 w = self->head; w >= 0; w = ENTRY (self, w)->pred)
    {
      if (ENTRY (self, w)->in_chain)
        {
          meet = w;
          break;
        }
      ENTRY (self, w)->in_chain = TRUE;
    }
  for (gint32 w = old_head; w >= 0 && w != meet; w = ENTRY (self, w)->pred)
    ENTRY (self, w)->in_chain = FALSE;
  return meet;
}

static TlLostUpdate
lost_update (TlLostUpdates *self,
             gint32         index,
             gint32         next_in_chain)
{
  const Entry *e = ENTRY (self, index);
  TlLostUpdate update = { 0 };

  update.lane = e->access.lane;
  update.ts = e->access.ts;
  update.value = e->access.value;
  update.delta = e->access.value - ENTRY (self, e->read)->access.value;
  update.by_lane = TL_INDEX_NONE;
  /* Overwritten by the next write of the chain, if that one's read came
   * before this write. */
  if (next_in_chain >= 0 && ENTRY (self, next_in_chain)->read >= 0)
    {
      const Entry *by = ENTRY (self, next_in_chain);
      const Entry *stale = ENTRY (self, by->read);

      if (stale->access.ts < e->access.ts)
        {
          update.by_lane = by->access.lane;
          update.by_ts = by->access.ts;
          update.by_value = by->access.value;
          update.by_read_ts = stale->access.ts;
          update.by_read_value = stale->access.value;
        }
    }
  return update;
}

/* Writes up to @meet keep what they were; those after it are looked at
 * again. */
static void
recount_after (TlLostUpdates *self,
               gint32         meet)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint32) * 2);
  gint32 next_in_chain = -1;

  while (self->lost_entries->len > 0 &&
         g_array_index (self->lost_entries, gint32, self->lost_entries->len - 1) > meet)
    {
      self->summary.n_lost--;
      self->summary.lost_total -= g_array_index (self->lost, TlLostUpdate, self->lost->len - 1).delta;
      g_array_set_size (self->lost, self->lost->len - 1);
      g_array_set_size (self->lost_entries, self->lost_entries->len - 1);
    }

  /* Backwards, so that the next chain write after each is at hand. */
  for (gint32 i = (gint32) self->entries->len - 1; i > meet; i--)
    {
      const Entry *e = ENTRY (self, i);

      if (!e->access.write)
        continue;
      if (e->in_chain)
        {
          next_in_chain = i;
        }
      else if (e->read >= 0)   /* a write with no read before it sets, it does not update */
        {
          gint32 pair[2] = { i, next_in_chain };

          g_array_append_vals (found, pair, 1);
        }
    }
  for (guint k = found->len; k-- > 0;)
    {
      const gint32 *pair = (const gint32 *) (gpointer) (found->data + (gsize) k * sizeof (gint32) * 2);
      TlLostUpdate update = lost_update (self, pair[0], pair[1]);

      g_array_append_val (self->lost, update);
      g_array_append_val (self->lost_entries, pair[0]);
      self->summary.n_lost++;
      self->summary.lost_total += update.delta;
    }
}

gint64
_tl_lost_updates_settle (TlLostUpdates *self)
{
  gboolean rebuilt = FALSE;
  gint32 old_head, meet;

  if (self->unsorted)
    {
      g_array_sort (self->entries, compare_entries);
      reset (self);
      self->unsorted = FALSE;
      self->n_rebuilds++;
      rebuilt = TRUE;
    }
  old_head = self->head;
  for (guint i = self->settled; i < self->entries->len; i++)
    take (self, (gint32) i);
  self->settled = self->entries->len;
  if (self->head == old_head && !rebuilt)
    return G_MAXINT64;

  meet = relink (self, old_head);
  recount_after (self, meet);
  if (rebuilt)
    return G_MININT64;
  return (guint) (meet + 1) < self->entries->len ? ENTRY (self, meet + 1)->access.ts : G_MAXINT64;
}

const GArray *
_tl_lost_updates_get (TlLostUpdates       *self,
                      TlLostUpdateSummary *summary)
{
  if (summary != NULL)
    {
      *summary = self->summary;
      summary->initial = self->initial;
      summary->expected = self->initial + self->own_changes;
      summary->final = self->summary.n_writes > 0 ? self->last_value : self->initial;
    }
  return self->lost;
}

guint
_tl_lost_updates_get_n_rebuilds (TlLostUpdates *self)
{
  return self->n_rebuilds;
}

guint32
tl_analysis_find_value (TlTraceModel *model,
                        const char   *name)
{
  guint n = tl_trace_model_get_n_objects (model);

  for (guint i = 0; i < n; i++)
    {
      const TlObject *object = tl_trace_model_get_object (model, i);

      if (object->role == TL_ROLE_VALUE && object->name != TL_INDEX_NONE &&
          strcmp (tl_trace_model_get_string (model, object->name), name) == 0)
        return i;
    }
  return TL_INDEX_NONE;
}

GArray *
tl_analysis_lost_updates (TlTraceModel        *model,
                          guint32              object,
                          TlLostUpdateSummary *summary)
{
  TlLostUpdates *tracker = _tl_trace_model_get_lost_updates (model, object);
  GArray *lost = g_array_new (FALSE, FALSE, sizeof (TlLostUpdate));
  const GArray *found;

  if (tracker == NULL)
    {
      if (summary != NULL)
        memset (summary, 0, sizeof *summary);
      return lost;
    }
  found = _tl_lost_updates_get (tracker, summary);
  if (found->len > 0)
    g_array_append_vals (lost, found->data, found->len);
  return lost;
}
