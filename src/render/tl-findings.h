/* tl-findings.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the analyses found, for the painter to point at: lost updates (the
 * write that overwrote another worker's write) and deadlocks (the
 * wait-for cycle, across its lanes, while it lasts).
 */
#pragma once

#include <glib.h>

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_FINDING_LOST_UPDATE = 0,
  TL_FINDING_DEADLOCK,
} TlFindingKind;

typedef struct
{
  TlFindingKind kind;
  guint32       lane;       /* lost update: the lost write's; deadlock: a waiter */
  gint64        ts;         /* its write; the time the cycle closed */
  guint32       by_lane;    /* the overwriting write's; the waiter it waits for */
  gint64        by_ts;      /* that write; for a deadlock, same as ts */
  gint64        end;        /* deadlock: when the cycle broke, G_MAXINT64 while it lasts */
} TlFinding;

/* Runs the analyses over @model: every lost update of every shared value,
 * every wait-for cycle.  A GArray of TlFinding, in time order. */
GArray *tl_findings_compute (TlTraceModel *model);

G_END_DECLS
