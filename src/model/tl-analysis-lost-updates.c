/* tl-analysis-lost-updates.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-analysis"

#include "config.h"

#include "tl-analysis-lost-updates.h"

#include <string.h>

typedef struct
{
  gint64   ts;
  gint64   value;
  guint32  lane;
  gboolean write;
  gint     read;           /* writes: index of the thread's last read, or -1 */
  gboolean in_chain;
} Access;

static gint
compare_access (gconstpointer a,
                gconstpointer b)
{
  const Access *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  /* At the same instant, a thread reads before it writes. */
  return (int) x->write - (int) y->write;
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
  g_autoptr(GArray) accesses = g_array_new (FALSE, FALSE, sizeof (Access));
  g_autoptr(GHashTable) last_read = g_hash_table_new (NULL, NULL);
  GArray *lost = g_array_new (FALSE, FALSE, sizeof (TlLostUpdate));
  TlLostUpdateSummary s = { 0 };
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  gint last_write = -1;

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          Access access = { 0 };

          if (instants[i].ref != object ||
              (instants[i].kind != TL_EVENT_READ && instants[i].kind != TL_EVENT_WRITE))
            continue;
          access.ts = instants[i].ts;
          access.value = (gint64) instants[i].arg;
          access.lane = l;
          access.write = instants[i].kind == TL_EVENT_WRITE;
          g_array_append_val (accesses, access);
        }
    }
  g_array_sort (accesses, compare_access);

  /* Each write's base: its thread's last read before it. */
  for (guint i = 0; i < accesses->len; i++)
    {
      Access *a = &g_array_index (accesses, Access, i);
      gpointer found;

      if (!a->write)
        {
          if (s.n_reads == 0 && s.n_writes == 0)
            s.initial = a->value;
          s.n_reads++;
          g_hash_table_insert (last_read, GUINT_TO_POINTER (a->lane + 1), GUINT_TO_POINTER (i + 1));
          continue;
        }
      s.n_writes++;
      found = g_hash_table_lookup (last_read, GUINT_TO_POINTER (a->lane + 1));
      a->read = found != NULL ? (gint) GPOINTER_TO_UINT (found) - 1 : -1;
      s.expected += a->read >= 0 ? a->value - g_array_index (accesses, Access, a->read).value : 0;
      s.final = a->value;
      last_write = (gint) i;
    }
  s.expected += s.initial;
  if (s.n_writes == 0)
    s.final = s.initial;

  /* The chain the final value is made of, from the last write back. */
  for (gint w = last_write; w >= 0;)
    {
      Access *write = &g_array_index (accesses, Access, w);
      const Access *read;
      gint pred = -1, fallback = -1;

      write->in_chain = TRUE;
      if (write->read < 0)
        break;
      read = &g_array_index (accesses, Access, write->read);
      for (gint k = write->read - 1; k >= 0; k--)
        {
          const Access *candidate = &g_array_index (accesses, Access, k);

          if (!candidate->write)
            continue;
          if (fallback < 0)
            fallback = k;
          if (candidate->value == read->value)
            {
              pred = k;
              break;
            }
        }
      if (pred < 0 && read->value != s.initial)
        pred = fallback;
      w = pred;
    }

  for (guint i = 0; i < accesses->len; i++)
    {
      const Access *a = &g_array_index (accesses, Access, i);
      TlLostUpdate update = { 0 };

      if (!a->write || a->in_chain)
        continue;
      update.lane = a->lane;
      update.ts = a->ts;
      update.value = a->value;
      update.delta = a->read >= 0 ? a->value - g_array_index (accesses, Access, a->read).value : 0;
      update.by_lane = TL_INDEX_NONE;
      /* Overwritten by the first chain write after it whose read came before it. */
      for (guint k = i + 1; k < accesses->len; k++)
        {
          const Access *c = &g_array_index (accesses, Access, k);

          if (!c->write || !c->in_chain)
            continue;
          if (c->read >= 0 && g_array_index (accesses, Access, c->read).ts < a->ts)
            {
              const Access *stale = &g_array_index (accesses, Access, c->read);

              update.by_lane = c->lane;
              update.by_ts = c->ts;
              update.by_value = c->value;
              update.by_read_ts = stale->ts;
              update.by_read_value = stale->value;
            }
          break;
        }
      s.n_lost++;
      s.lost_total += update.delta;
      g_array_append_val (lost, update);
    }

  if (summary != NULL)
    *summary = s;
  return lost;
}
