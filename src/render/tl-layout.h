/* tl-layout.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where each row of the timeline sits: a header row per process, then its
 * lanes (threads first, then its GIL, locks, async tracks and counters),
 * each as tall as its tracks, in the model's order (the order things came
 * to be).  A collapsed process shows its header only; its lanes then map
 * to the header row (flows still find an end).
 *
 * A lane is there once something happened on it, a process once one of
 * its lanes is: at a horizon (a replay's playhead), what had not begun
 * then is not there, as it was not there in the live run.
 *
 * Only what carries the lesson gets a row: Threadline's own machinery is
 * left out (unless asked for), a process's GIL gets a lane only where its
 * threads compete for it, and a single-threaded process shows no tracks
 * that repeat its running state (its GIL held, the engine's "compute").
 * Compact rows (presentation) go further: a single-threaded process is one
 * row, and a thread shows its state plus only what it does (tasks, named
 * steps), since what it holds has a lane of its own.  Laid out for a view,
 * they leave out the tracks with nothing wide enough to see in it, and
 * fold what it cannot show (too short to see, or outside it) into one
 * row: a process's threads after its other lanes, whole processes at the
 * end.  The folded lanes map to that row.  Given the room the view has
 * and what it is about (a lesson's objects, if it names any), compact
 * rows that would not fit give way where they show none of it, until
 * they do: counters are left out and threads folded, the last made
 * first; then the sibling processes begun in one phase (a pool's workers)
 * fold into one row each, and last any siblings listed one after
 * another.
 *
 * Positions are content pixels: 0 is the top of the first row, before
 * the viewport's vertical scroll.
 */
#pragma once

#include <glib.h>

#include "tl-palette.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_ROW_PROCESS = 0,
  TL_ROW_LANE,
  TL_ROW_FOLDED,          /* compact: what the view cannot show, as one row */
} TlRowKind;

typedef struct
{
  TlRowKind  kind;
  guint32    process;     /* process index */
  guint32    lane;        /* lane index; TL_INDEX_NONE for a process row */
  TlLaneKind lane_kind;   /* lanes */
  double     y;
  double     height;      /* including the gap below */
  guint      n_tracks;    /* lanes: tracks shown (at least one) */
  gboolean   collapsed;   /* process rows */
  gboolean   stateful;    /* thread lanes whose track 0 is the thread's state */
  gboolean   merged;      /* a lane row that is also its process's header */
  guint      stripe;      /* lanes: the lane's position within its process */
  guint32    hidden;      /* lanes: bit t set when track t (t < 32) says nothing new */
  guint      n_folded;    /* folded rows: how many processes (process is
                           * TL_INDEX_NONE) or threads of process */
  gboolean   grouped;     /* folded rows: sibling processes folded to fit
                           * the view's room, not for being out of sight */
} TlRow;

/* What compact rows are laid out for: what is too short to see in it, or
 * outside it, takes no row of its own. */
typedef struct
{
  gint64 t0;
  gint64 t1;
  double ns_per_px;
  double height;                      /* room for the rows, in pixels; 0: no limit */
} TlLayoutView;

/* Whether @lane shows what the view is about. */
typedef gboolean (*TlLayoutFocusFunc) (guint32  lane,
                                       gpointer user_data);

typedef struct
{
  gboolean            compact;        /* presentation: fewer, denser rows */
  gboolean            show_machinery; /* a developer's view: Threadline's runner too */
  const TlLayoutView *view;           /* compact: the visible range, or NULL */
  TlLayoutFocusFunc   focus;          /* compact, with view->height: what must stay, or NULL: nothing */
  gpointer            focus_data;
  gint64              horizon;        /* a replay's playhead: the trace as it stood
                                       * then (tl-horizon.h); TL_HORIZON_NONE: all */
  const gint64       *breaks;         /* compact: where the run's phases begin and
                                       * end, in order; siblings begun between the
                                       * same two fold together first */
  guint               n_breaks;
} TlLayoutOptions;

typedef struct _TlLayout TlLayout;

TlLayout    *tl_layout_new            (void);
void         tl_layout_free           (TlLayout          *self);

/* Lays out @model's rows; @collapsed holds the pids of collapsed
 * processes (may be NULL); @options may be NULL for the defaults. */
void         tl_layout_build          (TlLayout               *self,
                                       TlTraceModel           *model,
                                       const TlPalette        *palette,
                                       GHashTable             *collapsed,
                                       const TlLayoutOptions  *options);

guint        tl_layout_get_n_rows     (const TlLayout    *self);
const TlRow *tl_layout_get_row        (const TlLayout    *self,
                                       guint              index);
double       tl_layout_get_height     (const TlLayout    *self);

/* The row at content height @y, or G_MAXUINT. */
guint        tl_layout_find_row       (const TlLayout    *self,
                                       double             y);
/* The row that shows @lane: its own, or its process's when collapsed;
 * G_MAXUINT if none. */
guint        tl_layout_lookup_lane    (const TlLayout    *self,
                                       guint32            lane);
guint        tl_layout_lookup_process (const TlLayout    *self,
                                       guint32            process);
/* The lanes folded into a TL_ROW_FOLDED row. */
const guint32 *tl_layout_get_folded   (const TlLayout    *self,
                                       const TlRow       *row,
                                       guint             *n_lanes);

/* Where @track of a lane row sits, in content pixels; FALSE if the row
 * has no such track or does not show it.  Tracks are the model's. */
gboolean     tl_layout_get_track      (const TlLayout    *self,
                                       const TlRow       *row,
                                       guint              track,
                                       double            *y,
                                       double            *height);
/* The track at content height @y within @row, or G_MAXUINT (the gap). */
guint        tl_layout_find_track     (const TlLayout    *self,
                                       const TlRow       *row,
                                       double             y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLayout, tl_layout_free)

G_END_DECLS
