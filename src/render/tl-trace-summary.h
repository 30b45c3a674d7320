/* tl-trace-summary.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A level-of-detail summary of a model, so that what a frame draws costs
 * pixels, not events.
 *
 * Over every sorted array of a lane (each track's spans, the instants, the
 * counter samples) sits a tree of merged nodes: a node of level 1 merges
 * TL_SUMMARY_FANOUT items, a node of level k that many nodes of level
 * k - 1.  A node keeps its time extent and what it holds: the share of its
 * extent spent in each paint class (spans), the kinds of instant it holds,
 * or the lowest and highest value (counters).  Like a texture's mipmap,
 * it costs about a seventh of the items it covers.
 *
 * A query walks an array from the first item in view and, wherever the
 * next node's extent fits in one column of a few pixels, takes the node
 * whole instead of its items, climbing and descending the tree as items
 * get denser or sparser: the walk visits a bounded number of nodes per
 * column whatever the number of events.  Items wider than a column come
 * out one by one, exactly, so deep zoom shows every span.
 *
 * The model is append-only while it grows, so an update summarises only
 * what came since the last one (a live run); an array that changed
 * otherwise (sorted by tl_trace_model_finish ()) is summarised again.
 */
#pragma once

#include <glib.h>

#include "tl-palette.h"
#include "tl-trace-model.h"
#include "tl-viewport.h"

G_BEGIN_DECLS

#define TL_SUMMARY_FANOUT_SHIFT 3
/* A merged column's runner-up gets an accent from this share of its time. */
#define TL_SUMMARY_ACCENT_SHARE 0.3
#define TL_SUMMARY_FANOUT (1 << TL_SUMMARY_FANOUT_SHIFT)

typedef struct _TlTraceSummary TlTraceSummary;

/* One rectangle of a track, in pixels. */
typedef struct
{
  double  x0;
  double  x1;
  guint32 index;        /* the span, when exact; TL_INDEX_NONE when merged */
  guint8  paint_class;  /* TlPaintClass: the span's, or the dominant one */
  guint8  sparse;       /* merged: less than half the time covered */
  guint8  accent;       /* merged: a second class with TL_SUMMARY_ACCENT_SHARE
                         * of the time or more (a thread running but often
                         * waiting), or TL_PAINT_N_CLASSES */
  guint8  flags;        /* exact: the span's TlSpanFlags */
} TlRun;

/* Instants that fall in one bin of a few pixels. */
typedef struct
{
  double  x;            /* the instant's, when alone; else the bin's middle */
  guint32 mask;         /* 1 << TlMarkClass of each kind present */
  guint32 count;
  guint32 index;        /* the instant, when alone; else TL_INDEX_NONE */
} TlMarkBin;

/* A counter's range of values within one column. */
typedef struct
{
  double x0;
  double x1;
  double min;
  double max;
} TlCounterColumn;

/* What a query cost, for tests and benchmarks. */
typedef struct
{
  guint64 nodes;        /* nodes and items the walks visited */
  guint64 exact;        /* items drawn one by one */
  guint64 merged;       /* nodes and items taken into merged columns */
} TlSummaryStats;

TlTraceSummary *tl_trace_summary_new          (TlTraceModel     *model);
void            tl_trace_summary_free         (TlTraceSummary   *self);

/* Summarises what the model gained since the last update.  Cheap when the
 * model's generation has not changed.  Returns whether anything did. */
gboolean        tl_trace_summary_update       (TlTraceSummary   *self);
gsize           tl_trace_summary_get_memory_size (TlTraceSummary *self);
TlTraceModel   *tl_trace_summary_get_model    (TlTraceSummary   *self);
/* Which paint classes (1 << TlPaintClass) and instant kinds (1 <<
 * TlMarkClass) the summarised model holds: what a legend lists. */
void            tl_trace_summary_get_presence (TlTraceSummary   *self,
                                               guint32          *paint_classes,
                                               guint32          *marks);

/* Every query takes @limit: the number of items of the array to look at
 * (G_MAXUINT: all), the first ones, which is what a live model had when
 * it had seen only those; the answer is then exactly what a summary of
 * that model would have given (a replay draws what the live run drew).
 *
 * Rectangles for @track of @lane over the map's range.  Spans wider than
 * @column_px pixels come out exactly; the rest merge into columns of
 * @column_px pixels, aligned in time so that panning does not shimmer,
 * coloured by the class that covers most of the column (and an accent for
 * a runner-up with TL_SUMMARY_ACCENT_SHARE of the time or more, so that
 * contention does not vanish under "running"); runs of columns that look
 * the same merge
 * into one rectangle.  Appends TlRun to @runs. */
void            tl_trace_summary_collect_spans (TlTraceSummary  *self,
                                                guint32          lane,
                                                guint            track,
                                                const TlTimeMap *map,
                                                double           column_px,
                                                guint            limit,
                                                GArray          *runs,
                                                TlSummaryStats  *stats);

/* Instants of @lane in bins of @bin_px pixels.  Appends TlMarkBin. */
void            tl_trace_summary_collect_marks (TlTraceSummary  *self,
                                                guint32          lane,
                                                const TlTimeMap *map,
                                                double           bin_px,
                                                guint            limit,
                                                GArray          *bins,
                                                TlSummaryStats  *stats);

/* A counter lane's values in columns of @column_px pixels.  Appends
 * TlCounterColumn. */
void            tl_trace_summary_collect_counter (TlTraceSummary *self,
                                                  guint32         lane,
                                                  const TlTimeMap *map,
                                                  double          column_px,
                                                  guint           limit,
                                                  GArray         *columns,
                                                  TlSummaryStats *stats);
/* The lowest and highest value of a counter lane's first @limit samples. */
gboolean        tl_trace_summary_get_counter_range (TlTraceSummary *self,
                                                    guint32         lane,
                                                    guint           limit,
                                                    double         *min,
                                                    double         *max);

/* The column of @column_px pixels that holds @t, as a time range: what a
 * merged run under the pointer covers. */
void            tl_trace_summary_column_at    (const TlTimeMap  *map,
                                               double            column_px,
                                               gint64            t,
                                               gint64           *start,
                                               gint64           *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTraceSummary, tl_trace_summary_free)

G_END_DECLS
