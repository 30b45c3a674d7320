/* tl-findings.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model's findings, kept up to date as it grows.  Each lane has a
 * cursor: the instants and state spans already looked at.  New reads and
 * writes go to their value's lost-update tracker, in time order; each new
 * wait for a lock is a moment a cycle may close.  So a batch of a live run
 * costs what the batch holds, however long the run has been.
 */
#define G_LOG_DOMAIN "tl-findings"

#include "config.h"

#include "tl-findings-private.h"
#include "tl-horizon.h"
#include "tl-trace-model-private.h"

typedef struct
{
  guint    instants_read;   /* the lane's instants already looked at */
  guint    states_read;     /* its closed state spans already looked at */
  gint64   checked_wait;    /* start of the last lock wait looked at */
  gboolean checked_open;    /* ... while it was still open */
} LaneCursor;

typedef struct
{
  TlAccess access;
  guint32  object;
} ObjectAccess;

typedef struct
{
  gint64  ts;
  guint32 lane;
} WaitStart;

struct _TlFindings
{
  gboolean         valid;
  gint64           horizon;         /* what it has looked at: up to here */
  TlFindings      *until;           /* the findings as of a horizon, on first use */
  guint64          generation;      /* the model's, when last brought up to date */
  guint64          reorder_serial;
  GArray          *lanes;           /* LaneCursor, per lane */
  GPtrArray       *values;          /* TlLostUpdates * per object index, or NULL */
  TlDeadlocks     *deadlocks;
  GArray          *findings;        /* TlFinding, in time order */
  TlFindingsStats  stats;
};

TlFindings *
_tl_findings_new (void)
{
  TlFindings *self = g_new0 (TlFindings, 1);

  self->lanes = g_array_new (FALSE, TRUE, sizeof (LaneCursor));
  self->values = g_ptr_array_new_with_free_func ((GDestroyNotify) _tl_lost_updates_free);
  self->deadlocks = _tl_deadlocks_new ();
  self->findings = g_array_new (FALSE, FALSE, sizeof (TlFinding));
  self->horizon = TL_HORIZON_NONE;
  return self;
}

void
_tl_findings_free (TlFindings *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lanes);
  g_ptr_array_unref (self->values);
  _tl_deadlocks_free (self->deadlocks);
  g_array_unref (self->findings);
  _tl_findings_free (self->until);
  g_free (self);
}

/* Items moved (an import sorted at finish): the cursors mean nothing any
 * more, start again. */
static void
restart (TlFindings *self)
{
  if (self->valid)
    self->stats.n_restarts++;
  g_array_set_size (self->lanes, 0);
  g_ptr_array_set_size (self->values, 0);
  _tl_deadlocks_free (self->deadlocks);
  self->deadlocks = _tl_deadlocks_new ();
  g_array_set_size (self->findings, 0);
}

static LaneCursor *
cursor (TlFindings *self,
        guint32     lane)
{
  if (self->lanes->len <= lane)
    {
      guint old = self->lanes->len;

      g_array_set_size (self->lanes, lane + 1);
      for (guint i = old; i <= lane; i++)
        g_array_index (self->lanes, LaneCursor, i).checked_wait = TL_TS_NONE;
    }
  return &g_array_index (self->lanes, LaneCursor, lane);
}

static int
compare_object_accesses (gconstpointer a,
                         gconstpointer b)
{
  const TlAccess *x = &((const ObjectAccess *) a)->access, *y = &((const ObjectAccess *) b)->access;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  if (x->write != y->write)
    return x->write ? 1 : -1;
  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The new reads and writes of every lane up to self->horizon, to their
 * values' trackers, in time order.  Returns whether any value's lost
 * updates changed. */
static gboolean
read_accesses (TlFindings   *self,
               TlTraceModel *model)
{
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (ObjectAccess));
  g_autoptr(GHashTable) touched = g_hash_table_new (NULL, NULL);
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer key;

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      LaneCursor *c = cursor (self, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      n = tl_lane_count_instants_until (lane, self->horizon);
      for (guint i = c->instants_read; i < n; i++)
        {
          ObjectAccess oa;

          if ((instants[i].kind != TL_EVENT_READ && instants[i].kind != TL_EVENT_WRITE) ||
              instants[i].ref == TL_INDEX_NONE)
            continue;
          oa.access.ts = instants[i].ts;
          oa.access.value = (gint64) instants[i].arg;
          oa.access.lane = l;
          oa.access.seq = i;
          oa.access.write = instants[i].kind == TL_EVENT_WRITE;
          oa.object = instants[i].ref;
          g_array_append_val (fresh, oa);
        }
      self->stats.instants_read += n - c->instants_read;
      c->instants_read = n;
    }
  if (fresh->len == 0)
    return FALSE;

  g_array_sort (fresh, compare_object_accesses);
  for (guint i = 0; i < fresh->len; i++)
    {
      const ObjectAccess *oa = &g_array_index (fresh, ObjectAccess, i);

      if (self->values->len <= oa->object)
        g_ptr_array_set_size (self->values, oa->object + 1);
      if (g_ptr_array_index (self->values, oa->object) == NULL)
        g_ptr_array_index (self->values, oa->object) = _tl_lost_updates_new ();
      _tl_lost_updates_add (g_ptr_array_index (self->values, oa->object), &oa->access);
      g_hash_table_add (touched, GUINT_TO_POINTER (oa->object));
    }
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint32 object = GPOINTER_TO_UINT (key);

      if (_tl_lost_updates_settle (g_ptr_array_index (self->values, object)) != G_MAXINT64 &&
          tl_trace_model_get_object (model, object)->role == TL_ROLE_VALUE)
        changed = TRUE;
    }
  return changed;
}

static void
note_wait (TlTraceModel *model,
           LaneCursor   *c,
           guint32       lane,
           const TlSpan *span,
           gboolean      open,
           GArray       *starts)
{
  WaitStart start = { span->start, lane };

  if (span->kind != TL_SPAN_WAIT_LOCK || !_tl_analysis_is_lock (model, span->ref))
    return;
  if (span->start > c->checked_wait)
    {
      c->checked_wait = span->start;
      c->checked_open = open;
      g_array_append_val (starts, start);
    }
  else if (span->start == c->checked_wait && c->checked_open && !open)
    {
      /* Looked at while it was open: once more now that everything up to
       * its end has arrived, in case a holder's events came late. */
      c->checked_open = FALSE;
      g_array_append_val (starts, start);
    }
}

static int
compare_wait_starts (gconstpointer a,
                     gconstpointer b)
{
  const WaitStart *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/* A cycle can only close when a wait begins: the new waits for a lock,
 * in time order.  Returns whether the cycles changed. */
static gboolean
read_waits (TlFindings   *self,
            TlTraceModel *model)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (WaitStart));
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  gboolean changed = FALSE;

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      LaneCursor *c = cursor (self, l);
      const TlSpan *spans = NULL;
      guint n = 0, track;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      if (tl_lane_get_n_tracks (lane) > 0)
        spans = tl_lane_get_spans (lane, 0, &n);
      for (guint i = c->states_read; i < n; i++)
        note_wait (model, c, l, &spans[i], FALSE, starts);
      self->stats.spans_read += n - c->states_read;
      c->states_read = n;
      if (tl_lane_get_n_open (lane) > 0)
        {
          const TlSpan *open = tl_lane_get_open (lane, 0, &track);

          if (track == 0)
            note_wait (model, c, l, open, TRUE, starts);
        }
    }

  g_array_sort (starts, compare_wait_starts);
  for (guint i = 0; i < starts->len; i++)
    {
      const WaitStart *s = &g_array_index (starts, WaitStart, i);

      changed |= _tl_deadlocks_check (self->deadlocks, model, s->lane, s->ts);
    }
  changed |= _tl_deadlocks_update_ends (self->deadlocks, model);
  return changed;
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const TlFinding *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

static void
gather_lost_updates (TlFindings   *self,
                     TlTraceModel *model)
{
  for (guint o = 0; o < self->values->len; o++)
    {
      TlLostUpdates *tracker = g_ptr_array_index (self->values, o);
      const GArray *lost;

      if (tracker == NULL || tl_trace_model_get_object (model, o)->role != TL_ROLE_VALUE)
        continue;
      lost = _tl_lost_updates_get (tracker, NULL);
      for (guint j = 0; j < lost->len; j++)
        {
          const TlLostUpdate *u = &g_array_index (lost, TlLostUpdate, j);
          TlFinding f = { TL_FINDING_LOST_UPDATE, u->lane, u->ts, u->by_lane, u->by_ts, u->by_ts };

          g_array_append_val (self->findings, f);
        }
    }
}

static void
gather (TlFindings   *self,
        TlTraceModel *model)
{
  const GArray *cycles = _tl_deadlocks_get (self->deadlocks);

  g_array_set_size (self->findings, 0);
  gather_lost_updates (self, model);
  for (guint j = 0; j < cycles->len; j++)
    {
      const TlDeadlock *d = &g_array_index (cycles, TlDeadlock, j);

      for (guint k = 0; k < d->n; k++)
        {
          TlFinding f = { TL_FINDING_DEADLOCK, d->lanes[k], d->start,
                          d->lanes[(k + 1) % d->n], d->start, d->end };

          g_array_append_val (self->findings, f);
        }
    }
  g_array_sort (self->findings, compare_findings);
}

static TlFindings *
update (TlTraceModel *model)
{
  TlFindings *self = _tl_trace_model_get_findings_state (model);
  guint64 generation = tl_trace_model_get_generation (model);
  guint64 reorder_serial = _tl_trace_model_get_reorder_serial (model);
  gboolean changed;

  if (self->valid && self->generation == generation)
    return self;
  if (!self->valid || self->reorder_serial != reorder_serial)
    restart (self);

  changed = read_accesses (self, model);
  changed |= read_waits (self, model);
  if (changed)
    gather (self, model);
  self->stats.n_updates++;
  self->valid = TRUE;
  self->generation = generation;
  self->reorder_serial = reorder_serial;
  return self;
}

const TlFinding *
tl_trace_model_get_findings (TlTraceModel *self,
                             guint        *n_findings)
{
  TlFindings *findings;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (self), NULL);

  findings = update (self);
  *n_findings = findings->findings->len;
  return (const TlFinding *) (gpointer) findings->findings->data;
}

/* A live model judged a write lost with what it had seen so far: a write
 * that looked lost may later be the one a value was computed from (its
 * thread read it back before another's stale write).  So the lost
 * updates as of a horizon are worked out from the accesses up to it,
 * incrementally while the horizon moves forward (a replay that plays);
 * a cycle, once closed, stays closed until it breaks, so the deadlocks
 * are the whole trace's that had closed by then, still open then if
 * they broke later. */
const TlFinding *
tl_trace_model_get_findings_until (TlTraceModel *model,
                                   gint64        horizon,
                                   guint        *n_findings)
{
  TlFindings *all, *self;
  guint n_all;
  const TlFinding *every;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  if (horizon == TL_HORIZON_NONE)
    return tl_trace_model_get_findings (model, n_findings);
  every = tl_trace_model_get_findings (model, &n_all);
  all = _tl_trace_model_get_findings_state (model);
  if (all->until == NULL)
    all->until = _tl_findings_new ();
  self = all->until;

  if (self->valid && self->generation == all->generation && self->horizon == horizon)
    goto done;
  if (!self->valid || self->generation != all->generation || horizon < self->horizon)
    {
      restart (self);
      self->valid = TRUE;
    }
  self->generation = all->generation;
  self->horizon = horizon;
  read_accesses (self, model);

  g_array_set_size (self->findings, 0);
  gather_lost_updates (self, model);
  for (guint i = 0; i < n_all; i++)
    {
      TlFinding f = every[i];

      if (f.kind != TL_FINDING_DEADLOCK || f.ts > horizon)
        continue;
      if (f.end > horizon)
        f.end = G_MAXINT64;
      g_array_append_val (self->findings, f);
    }
  g_array_sort (self->findings, compare_findings);

done:
  *n_findings = self->findings->len;
  return (const TlFinding *) (gpointer) self->findings->data;
}

TlLostUpdates *
_tl_trace_model_get_lost_updates (TlTraceModel *self,
                                  guint32       object)
{
  TlFindings *findings = update (self);

  return object < findings->values->len ? g_ptr_array_index (findings->values, object) : NULL;
}

TlDeadlocks *
_tl_trace_model_get_deadlocks (TlTraceModel *self)
{
  return update (self)->deadlocks;
}

void
_tl_trace_model_get_findings_stats (TlTraceModel    *self,
                                    TlFindingsStats *stats)
{
  *stats = _tl_trace_model_get_findings_state (self)->stats;
}
