/* tl-analysis-lost-updates.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lost updates on a shared value, from its recorded reads and writes.
 *
 * Every write is taken as an update of the value its thread read last.
 * Going back from the final value, each write leads to the write whose
 * value it read: that chain is what the final value is made of.  A write
 * outside the chain was overwritten by a write based on an older read: its
 * update is lost.  For increments, the lost updates are exactly the
 * missing increments: summary.expected - summary.final == n_lost.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 lane;            /* the thread whose update was lost */
  gint64  ts;              /* its write */
  gint64  value;
  gint64  delta;           /* what it added to the value it read */
  guint32 by_lane;         /* the write that overwrote it */
  gint64  by_ts;
  gint64  by_value;
  gint64  by_read_ts;      /* the stale read that write was based on */
  gint64  by_read_value;
} TlLostUpdate;

typedef struct
{
  guint   n_reads;
  guint   n_writes;
  gint64  initial;         /* before the first write: the first read, else 0 */
  gint64  final;           /* the last write's value */
  gint64  expected;        /* initial plus every write's own change */
  guint   n_lost;
  gint64  lost_total;      /* the sum of the lost writes' changes */
} TlLostUpdateSummary;

/* The value object named @name (role VALUE), or TL_INDEX_NONE. */
guint32  tl_analysis_find_value   (TlTraceModel        *model,
                                   const char          *name);

/* TlLostUpdate, in time order; @summary may be NULL. */
GArray  *tl_analysis_lost_updates (TlTraceModel        *model,
                                   guint32              object,
                                   TlLostUpdateSummary *summary);

G_END_DECLS
