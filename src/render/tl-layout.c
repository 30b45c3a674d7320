/* tl-layout.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include "tl-horizon.h"
#include "tl-layout.h"

/* The scenario engine's step for running Python code: the running state
 * under it says the same. */
#define ENGINE_COMPUTE_STEP "compute"

/* What a track's spans say, beyond the thread's state. */
enum
{
  SAYS_HOLDS = 1 << 0,    /* a lock held: its own lane says it too */
  SAYS_DOES  = 1 << 1,    /* a task, a named step, anything else */
};

typedef struct
{
  guint  scanned;         /* spans looked at so far */
  gint64 first_holds;     /* the first SAYS_HOLDS span's start, or G_MAXINT64 */
  gint64 first_does;      /* the first SAYS_DOES span's start, or G_MAXINT64 */
} TrackInfo;

/* Narrower than this many pixels, a span or a process's whole life is
 * too short to see; past this many spans in view, a track is busy
 * enough to see whatever their widths. */
#define MIN_VISIBLE_PX 3.0
#define MANY_SPANS 64

struct _TlLayout
{
  GArray    *folded;            /* guint32 lanes, each folded row's together */
  GArray    *folded_rows;       /* guint: per row, where its lanes start in folded */
  GArray    *rows;              /* TlRow */
  GArray    *lane_rows;         /* guint: row index per lane, G_MAXUINT if hidden */
  GArray    *process_rows;      /* guint: row index per process */
  GPtrArray *track_info;        /* per lane: GArray of TrackInfo, or NULL */
  GHashTable *squeezed;         /* threads and counters left out to make the rows fit the view */
  GArray    *groups;            /* guint per process: its group of siblings folded to
                                 * make the rows fit the view, or G_MAXUINT */
  double     height;
  double     state_height;
  double     track_height;
  double     lock_height;
  double     counter_height;
  double     gap;
};

static void
array_free (gpointer array)
{
  if (array != NULL)
    g_array_unref (array);
}

TlLayout *
tl_layout_new (void)
{
  TlLayout *self = g_new0 (TlLayout, 1);

  self->folded = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->folded_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rows = g_array_new (FALSE, FALSE, sizeof (TlRow));
  self->lane_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->process_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->track_info = g_ptr_array_new_with_free_func (array_free);
  self->squeezed = g_hash_table_new (NULL, NULL);
  self->groups = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

void
tl_layout_free (TlLayout *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->folded);
  g_array_unref (self->folded_rows);
  g_array_unref (self->rows);
  g_array_unref (self->lane_rows);
  g_array_unref (self->process_rows);
  g_ptr_array_unref (self->track_info);
  g_hash_table_unref (self->squeezed);
  g_array_unref (self->groups);
  g_free (self);
}

static gboolean
lane_is_stateful (TlLane *lane,
                  gint64  horizon)
{
  guint n;
  const TlSpan *spans;

  if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
    return FALSE;
  spans = tl_lane_get_spans (lane, 0, &n);
  if (n > 0 && spans[0].start <= horizon)
    return TL_SPAN_KIND_IS_STATE (spans[0].kind);
  /* Live, before its first state ends. */
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint track;
      const TlSpan *open = tl_lane_get_open (lane, i, &track);

      if (track == 0 && open->start <= horizon && TL_SPAN_KIND_IS_STATE (open->kind))
        return TRUE;
    }
  /* A thread with nothing yet is about to run. */
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    if (tl_lane_count_begun_spans (lane, t, horizon) > 0)
      return FALSE;
  return TRUE;
}

static guint8
span_says (TlTraceModel *model,
           const TlSpan *span)
{
  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_HOLD_GIL:
      return 0;
    case TL_SPAN_HOLD_LOCK:
      return SAYS_HOLDS;
    case TL_SPAN_SLICE:
      return g_strcmp0 (tl_trace_model_get_string (model, span->ref), ENGINE_COMPUTE_STEP) == 0
             ? 0 : SAYS_DOES;
    default:
      return SAYS_DOES;
    }
}

/* What each track of @lane says by @horizon, looking only at spans not
 * seen before (the model only appends while it grows; finish () sorts,
 * which keeps what a track holds). */
static void
update_track_info (TlLayout     *self,
                   TlTraceModel *model,
                   guint32       index,
                   TlLane       *lane,
                   gint64        horizon,
                   guint8       *says,
                   guint         n_tracks)
{
  GArray *info;

  while (self->track_info->len <= index)
    g_ptr_array_add (self->track_info, NULL);
  info = g_ptr_array_index (self->track_info, index);
  if (info == NULL)
    info = g_ptr_array_index (self->track_info, index) = g_array_new (FALSE, TRUE, sizeof (TrackInfo));
  while (info->len < tl_lane_get_n_tracks (lane))
    {
      TrackInfo fresh = { 0, G_MAXINT64, G_MAXINT64 };

      g_array_append_val (info, fresh);
    }

  for (guint t = 0; t < n_tracks; t++)
    says[t] = 0;
  for (guint t = 0; t < MIN (n_tracks, tl_lane_get_n_tracks (lane)); t++)
    {
      TrackInfo *ti = &g_array_index (info, TrackInfo, t);
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      if (n < ti->scanned)
        *ti = (TrackInfo) { 0, G_MAXINT64, G_MAXINT64 };
      for (; ti->scanned < n; ti->scanned++)
        {
          guint8 bits = span_says (model, &spans[ti->scanned]);

          if (bits & SAYS_HOLDS)
            ti->first_holds = MIN (ti->first_holds, spans[ti->scanned].start);
          if (bits & SAYS_DOES)
            ti->first_does = MIN (ti->first_does, spans[ti->scanned].start);
        }
      says[t] = (ti->first_holds != G_MAXINT64 && ti->first_holds <= horizon ? SAYS_HOLDS : 0) |
                (ti->first_does != G_MAXINT64 && ti->first_does <= horizon ? SAYS_DOES : 0);
    }
  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint track;
      const TlSpan *open = tl_lane_get_open (lane, i, &track);

      if (track < n_tracks && open->start <= horizon)
        says[track] |= span_says (model, open);
    }
}

/* Whether @track of @lane has anything wide enough to see in @view by
 * @horizon. */
static gboolean
track_seen (TlLane             *lane,
            guint               track,
            const TlLayoutView *view,
            gint64              horizon)
{
  double min_ns = MIN_VISIBLE_PX * view->ns_per_px;
  guint first, n, n_all, ended;
  const TlSpan *spans;

  for (guint i = 0; i < tl_lane_get_n_open (lane); i++)
    {
      guint open_track;
      const TlSpan *open = tl_lane_get_open (lane, i, &open_track);

      /* Live, it grows: seen once it has begun. */
      if (open_track == track && open->start < view->t1 && open->start <= horizon)
        return TRUE;
    }
  if (track >= tl_lane_get_n_tracks (lane))
    return FALSE;
  spans = tl_lane_get_spans (lane, track, &n_all);
  /* What was open at the horizon grows as the live one did. */
  ended = tl_lane_count_ended_spans (lane, track, horizon);
  if (ended < n_all && spans[ended].start <= horizon && spans[ended].start < view->t1)
    return TRUE;
  tl_lane_get_span_range (lane, track, view->t0, view->t1, &first, &n);
  n = first < ended ? MIN (n, ended - first) : 0;
  if (n > MANY_SPANS)
    return TRUE;
  for (guint i = first; i < first + n; i++)
    if ((double) (MIN (spans[i].end, view->t1) - MAX (spans[i].start, view->t0)) >= min_ns)
      return TRUE;
  return FALSE;
}

/* Which tracks above a thread's state are left out: bit t for track t. */
static guint32
hidden_tracks (TlLayout              *self,
               TlTraceModel          *model,
               guint32                index,
               TlLane                *lane,
               guint                  n_tracks,
               gboolean               single_threaded,
               const TlLayoutOptions *options)
{
  g_autofree guint8 *says = NULL;
  guint8 needed;
  guint32 hidden = 0;

  if (!options->compact && !single_threaded)
    return 0;
  /* Compact: what it holds has a lane of its own. */
  needed = options->compact ? SAYS_DOES : SAYS_DOES | SAYS_HOLDS;
  says = g_new0 (guint8, n_tracks);
  update_track_info (self, model, index, lane, options->horizon, says, n_tracks);
  for (guint t = 1; t < MIN (n_tracks, 32); t++)
    if ((says[t] & needed) == 0 ||
        (options->view != NULL && !track_seen (lane, t, options->view, options->horizon)))
      hidden |= 1u << t;
  return hidden;
}

static guint
n_shown_tracks (const TlRow *row)
{
  guint below = MIN (row->n_tracks, 32);
  guint32 mask = below >= 32 ? G_MAXUINT32 : (1u << below) - 1;

  return row->n_tracks - (guint) __builtin_popcount (row->hidden & mask);
}

static double
row_height (TlLayout    *self,
            const TlRow *row,
            TlLaneKind   kind)
{
  switch (kind)
    {
    case TL_LANE_THREAD:
      if (row->stateful)
        return self->state_height + (n_shown_tracks (row) - 1) * self->track_height + self->gap;
      return row->n_tracks * self->lock_height + self->gap;
    case TL_LANE_COUNTER:
      return self->counter_height + self->gap;
    case TL_LANE_LOCK:
    case TL_LANE_GIL:
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      return row->n_tracks * self->lock_height + self->gap;
    }
}

/* The threads of a process there are by @horizon, and its lanes. */
static guint
count_threads (TlTraceModel  *model,
               const guint32 *lanes,
               guint          n_lanes,
               gint64         horizon,
               guint         *n_begun)
{
  guint n = 0;

  *n_begun = 0;
  for (guint l = 0; l < n_lanes; l++)
    {
      if (!tl_trace_model_lane_begun (model, lanes[l], horizon))
        continue;
      (*n_begun)++;
      if (tl_lane_get_kind (tl_trace_model_get_lane (model, lanes[l])) == TL_LANE_THREAD)
        n++;
    }
  return n;
}

static double
add_lane_row (TlLayout              *self,
              TlTraceModel          *model,
              guint32                process,
              guint32                index,
              guint                  stripe,
              gboolean               single_threaded,
              const TlLayoutOptions *options,
              double                 y)
{
  TlLane *lane = tl_trace_model_get_lane (model, index);
  TlRow row = { 0 };

  row.kind = TL_ROW_LANE;
  row.process = process;
  row.lane = index;
  row.lane_kind = tl_lane_get_kind (lane);
  row.y = y;
  row.stateful = lane_is_stateful (lane, options->horizon);
  row.n_tracks = row.lane_kind == TL_LANE_COUNTER ? 1 : tl_lane_get_n_tracks_at (lane, options->horizon);
  if (row.stateful)
    row.hidden = hidden_tracks (self, model, index, lane, row.n_tracks, single_threaded, options);
  row.height = row_height (self, &row, row.lane_kind);
  row.stripe = stripe;
  g_array_index (self->lane_rows, guint, index) = self->rows->len;
  g_array_append_val (self->rows, row);
  return row.height;
}

/* Whether the view can show anything of a lane's life by @horizon. */
static gboolean
lane_seen (TlTraceModel       *model,
           guint32             index,
           const TlLayoutView *view,
           gint64              horizon)
{
  gint64 begin, end;

  if (!tl_trace_model_get_lane_life (model, index, horizon, &begin, &end))
    return TRUE;
  return (double) (MIN (end, view->t1) - MAX (begin, view->t0)) >= MIN_VISIBLE_PX * view->ns_per_px;
}

/* A row for what the view cannot show: @n_folded processes (@process is
 * TL_INDEX_NONE) or threads of @process, whose lanes are those of folded
 * from @first on, and map to it. */
static double
add_folded (TlLayout        *self,
            TlTraceModel    *model,
            const TlPalette *palette,
            guint32          process,
            guint            n_folded,
            guint            first,
            double           y)
{
  TlRow row = { 0 };
  guint index = self->rows->len;

  if (n_folded == 0)
    return 0;
  row.kind = TL_ROW_FOLDED;
  row.process = process;
  row.lane = TL_INDEX_NONE;
  row.y = y;
  row.height = palette->process_height;
  row.n_folded = n_folded;
  g_array_append_val (self->rows, row);
  g_array_set_size (self->folded_rows, self->rows->len);
  g_array_index (self->folded_rows, guint, index) = first;
  for (guint i = first; i < self->folded->len; i++)
    {
      guint32 lane = g_array_index (self->folded, guint32, i);

      g_array_index (self->lane_rows, guint, lane) = index;
      if (process == TL_INDEX_NONE)
        g_array_index (self->process_rows, guint,
                       tl_lane_get_process (tl_trace_model_get_lane (model, lane))) = index;
    }
  return row.height;
}

/* The row of a group of sibling processes, @grouped (emptied), folded
 * to make the rows fit; 0 when there are none. */
static double
add_group (TlLayout        *self,
           TlTraceModel    *model,
           const TlPalette *palette,
           GPtrArray       *grouped,
           double           y)
{
  guint first = self->folded->len;
  double height;

  if (grouped->len == 0)
    return 0;
  for (guint i = 0; i < grouped->len; i++)
    {
      guint n;
      const guint32 *lanes = tl_trace_model_get_process_lanes (model, GPOINTER_TO_UINT (grouped->pdata[i]), &n);

      g_array_append_vals (self->folded, lanes, n);
    }
  height = add_folded (self, model, palette, TL_INDEX_NONE, grouped->len, first, y);
  g_array_index (self->rows, TlRow, self->rows->len - 1).grouped = TRUE;
  g_ptr_array_set_size (grouped, 0);
  return height;
}

/* A process's rows: its header (unless compact shows its only thread as
 * its header), then its lanes.  Returns the height they take. */
static double
add_process (TlLayout              *self,
             TlTraceModel          *model,
             const TlPalette       *palette,
             guint32                process,
             gboolean               collapsed,
             const TlLayoutOptions *options,
             double                 y)
{
  guint n_lanes, header = self->rows->len, stripe = 0, n_threads, n_begun, folded;
  const guint32 *lanes = tl_trace_model_get_lane_order (model, process, &n_lanes);
  gboolean merged;
  double top = y;

  /* A process seen only as someone's child, with no lane, adds nothing;
   * nor does one that has not begun by the horizon. */
  n_threads = count_threads (model, lanes, n_lanes, options->horizon, &n_begun);
  if (n_begun == 0)
    return 0;
  merged = options->compact && !collapsed && n_threads == 1;

  if (!merged)
    {
      TlRow row = { 0 };

      row.kind = TL_ROW_PROCESS;
      row.process = process;
      row.lane = TL_INDEX_NONE;
      row.y = y;
      row.height = palette->process_height;
      row.collapsed = collapsed;
      g_array_append_val (self->rows, row);
      y += row.height;
    }
  g_array_index (self->process_rows, guint, process) = header;

  folded = self->folded->len;
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, lanes[l]);
      TlLaneKind kind = tl_lane_get_kind (lane);

      /* A lane that has not begun is not there yet. */
      if (!tl_trace_model_lane_begun (model, lanes[l], options->horizon))
        continue;
      /* The GIL is worth a lane where threads compete for it. */
      if (kind == TL_LANE_GIL && n_threads < 2)
        continue;
      if (collapsed)
        {
          g_array_index (self->lane_rows, guint, lanes[l]) = header;
          continue;
        }
      /* A counter the rows have no room for is left out. */
      if (kind == TL_LANE_COUNTER && g_hash_table_contains (self->squeezed, GUINT_TO_POINTER (lanes[l])))
        continue;
      /* A thread the view cannot show joins the others it cannot show;
       * never the first thread, which the process's row stands for. */
      if (options->view != NULL && kind == TL_LANE_THREAD && tl_lane_get_key (lane) != tl_lane_get_pid (lane) &&
          (!lane_seen (model, lanes[l], options->view, options->horizon) ||
           g_hash_table_contains (self->squeezed, GUINT_TO_POINTER (lanes[l]))))
        {
          g_array_append_val (self->folded, lanes[l]);
          continue;
        }
      y += add_lane_row (self, model, process, lanes[l], stripe++, n_threads == 1, options, y);
      if (merged && kind == TL_LANE_THREAD)
        {
          TlRow *row = &g_array_index (self->rows, TlRow, self->rows->len - 1);

          row->merged = TRUE;
          g_array_index (self->process_rows, guint, process) = self->rows->len - 1;
        }
    }
  y += add_folded (self, model, palette, process, self->folded->len - folded, folded, y);
  return y - top;
}

/* Whether the view can show anything of @process: enough of its life
 * falls within it. */
static gboolean
process_seen (TlTraceModel       *model,
              guint32             process,
              const TlLayoutView *view,
              gint64              horizon)
{
  gint64 begin = tl_trace_model_get_process_begin (model, process);
  gint64 end = G_MAXINT64;

  if (begin == TL_TS_NONE)
    return TRUE;
  if (!tl_trace_model_process_ended (model, process, horizon, &end) || end == TL_TS_NONE)
    end = G_MAXINT64;
  return (double) (MIN (end, view->t1) - MAX (begin, view->t0)) >= MIN_VISIBLE_PX * view->ns_per_px;
}

/* Whether any lane of @process had begun by @horizon. */
static gboolean
process_begun (TlTraceModel *model,
               guint32       process,
               gint64        horizon)
{
  guint n;
  const guint32 *lanes = tl_trace_model_get_process_lanes (model, process, &n);

  for (guint l = 0; l < n; l++)
    if (tl_trace_model_lane_begun (model, lanes[l], horizon))
      return TRUE;
  return FALSE;
}

/* Whether @lane shows what the view is about. */
static gboolean
in_focus (const TlLayoutOptions *options,
          guint32                lane)
{
  return options->focus != NULL && options->focus (lane, options->focus_data);
}

/* Compact rows taller than the view's room: the counter and thread rows
 * that show none of what the view is about, the last first (never a
 * process's first thread, which its header stands for), to be left out
 * (counters) or folded (threads) until the rows fit.  Returns whether it
 * found any. */
static gboolean
squeeze (TlLayout              *self,
         TlTraceModel          *model,
         const TlLayoutOptions *options)
{
  double excess = self->height - options->view->height;
  gboolean any = FALSE;

  for (guint r = self->rows->len; r > 0 && excess > 0; r--)
    {
      const TlRow *row = &g_array_index (self->rows, TlRow, r - 1);
      TlLane *lane;

      if (row->kind != TL_ROW_LANE || row->merged ||
          (row->lane_kind != TL_LANE_THREAD && row->lane_kind != TL_LANE_COUNTER))
        continue;
      lane = tl_trace_model_get_lane (model, row->lane);
      if ((row->lane_kind == TL_LANE_THREAD && tl_lane_get_key (lane) == tl_lane_get_pid (lane)) ||
          in_focus (options, row->lane))
        continue;
      g_hash_table_add (self->squeezed, GUINT_TO_POINTER (row->lane));
      excess -= row->height;
      any = TRUE;
    }
  return any;
}

typedef enum
{
  GROUP_BY_PHASE,         /* siblings begun in one phase: a pool's workers */
  GROUP_SIBLINGS,         /* all siblings listed one after another */
} GroupLevel;

/* Whether @process may be folded with its siblings: begun, a child of
 * one of the program's processes (not the program itself, whose parent
 * is Threadline's runner), showing none of what the view is about. */
static gboolean
groupable (TlTraceModel          *model,
           guint32                process,
           const TlLayoutOptions *options)
{
  const TlProcess *info = tl_trace_model_get_process (model, process);
  guint32 parent = tl_trace_model_lookup_process (model, info->parent_pid);
  guint n;
  const guint32 *lanes;

  if (info->machinery || parent == TL_INDEX_NONE || tl_trace_model_get_process (model, parent)->machinery ||
      !process_begun (model, process, options->horizon))
    return FALSE;
  lanes = tl_trace_model_get_process_lanes (model, process, &n);
  for (guint l = 0; l < n; l++)
    if (in_focus (options, lanes[l]))
      return FALSE;
  return TRUE;
}

/* Which stretch between the view's phase breaks @process began in. */
static guint
phase_of (TlTraceModel          *model,
          guint32                process,
          const TlLayoutOptions *options)
{
  gint64 begin = tl_trace_model_get_process_begin (model, process);
  guint phase = 0;

  while (begin != TL_TS_NONE && phase < options->n_breaks && options->breaks[phase] <= begin)
    phase++;
  return phase;
}

/* Compact rows still taller than the view's room: sibling processes
 * listed one after another that show none of what the view is about,
 * each run of them to be one row (at @level, only those begun in one
 * phase, as a pool's workers are: their lives say little, a worker that
 * had nothing to do may be gone before the next one starts).  A lone
 * process keeps its rows.  Returns whether any run has more than one. */
static gboolean
group_siblings (TlLayout              *self,
                TlTraceModel          *model,
                const TlLayoutOptions *options,
                GroupLevel             level)
{
  guint n_order, none = G_MAXUINT, n_members = 0, first = 0, phase = 0;
  const guint32 *order = tl_trace_model_get_process_order (model, &n_order);
  guint32 parent = 0;
  gboolean any = FALSE;

  g_array_set_size (self->groups, 0);
  for (guint i = 0; i < tl_trace_model_get_n_processes (model); i++)
    g_array_append_val (self->groups, none);
  for (guint p = 0; p <= n_order; p++)
    {
      const TlProcess *info = p < n_order ? tl_trace_model_get_process (model, order[p]) : NULL;
      gboolean member = info != NULL && groupable (model, order[p], options);
      guint its_phase = member && level == GROUP_BY_PHASE ? phase_of (model, order[p], options) : 0;

      if (member && n_members > 0 && info->parent_pid == parent && its_phase == phase)
        {
          g_array_index (self->groups, guint, order[p]) = first;
          n_members++;
          continue;
        }
      /* The run so far ends: alone, it is no group. */
      if (n_members == 1)
        g_array_index (self->groups, guint, order[first]) = G_MAXUINT;
      any |= n_members > 1;
      n_members = 0;
      if (!member)
        continue;
      first = p;
      parent = info->parent_pid;
      phase = its_phase;
      g_array_index (self->groups, guint, order[p]) = first;
      n_members = 1;
    }
  return any;
}

static guint
group_of (const TlLayout *self,
          guint32         process)
{
  return process < self->groups->len ? g_array_index (self->groups, guint, process) : G_MAXUINT;
}

static void build_rows (TlLayout              *self,
                        TlTraceModel          *model,
                        const TlPalette       *palette,
                        GHashTable            *collapsed,
                        const TlLayoutOptions *options);
static void fit_view   (TlLayout              *self,
                        TlTraceModel          *model,
                        const TlPalette       *palette,
                        GHashTable            *collapsed,
                        const TlLayoutOptions *options);

void
tl_layout_build (TlLayout              *self,
                 TlTraceModel          *model,
                 const TlPalette       *palette,
                 GHashTable            *collapsed,
                 const TlLayoutOptions *options)
{
  static const TlLayoutOptions defaults = { FALSE, FALSE, NULL, NULL, NULL, TL_HORIZON_NONE, NULL, 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (TL_IS_TRACE_MODEL (model));

  if (options == NULL)
    options = &defaults;
  g_hash_table_remove_all (self->squeezed);
  g_array_set_size (self->groups, 0);
  build_rows (self, model, palette, collapsed, options);
  if (options->compact && options->view != NULL && options->view->height > 0)
    fit_view (self, model, palette, collapsed, options);
}

/* Compact rows for a view with little room: what shows none of what the
 * view is about gives way until they fit, least needed first: counters
 * and threads (each round folds what the excess needs, and the fold rows
 * it adds may need one more), then the siblings a phase started (a pool's
 * workers) as one row, then any run of sibling processes. */
static void
fit_view (TlLayout              *self,
          TlTraceModel          *model,
          const TlPalette       *palette,
          GHashTable            *collapsed,
          const TlLayoutOptions *options)
{
  for (guint round = 0; round < 3 && self->height > options->view->height; round++)
    {
      if (!squeeze (self, model, options))
        break;
      build_rows (self, model, palette, collapsed, options);
    }
  for (GroupLevel level = GROUP_BY_PHASE; level <= GROUP_SIBLINGS; level++)
    {
      if (self->height <= options->view->height)
        break;
      if (group_siblings (self, model, options, level))
        build_rows (self, model, palette, collapsed, options);
    }
}

static void
build_rows (TlLayout              *self,
            TlTraceModel          *model,
            const TlPalette       *palette,
            GHashTable            *collapsed,
            const TlLayoutOptions *options)
{
  guint n_processes = tl_trace_model_get_n_processes (model);
  guint n_lanes = tl_trace_model_get_n_lanes (model);
  g_autoptr(GPtrArray) hidden = g_ptr_array_new ();
  g_autoptr(GArray) folded_lanes = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GPtrArray) grouped = g_ptr_array_new ();
  const guint32 *order;
  guint none = G_MAXUINT, n_order, first, group = G_MAXUINT;
  double y = 0;

  self->state_height = palette->state_height;
  self->track_height = palette->track_height;
  self->lock_height = MAX (palette->track_height, palette->state_height * 0.7);
  self->counter_height = palette->counter_height;
  self->gap = palette->lane_gap;

  g_array_set_size (self->folded, 0);
  g_array_set_size (self->folded_rows, 0);
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->lane_rows, 0);
  g_array_set_size (self->process_rows, 0);
  for (guint i = 0; i < n_lanes; i++)
    g_array_append_val (self->lane_rows, none);
  for (guint i = 0; i < n_processes; i++)
    g_array_append_val (self->process_rows, none);

  order = tl_trace_model_get_process_order (model, &n_order);
  for (guint p = 0; p < n_order; p++)
    {
      const TlProcess *info = tl_trace_model_get_process (model, order[p]);

      if (info->machinery && !options->show_machinery)
        continue;
      if (!process_begun (model, order[p], options->horizon))
        continue;
      /* A group of siblings is one row, where its first one is. */
      if (group_of (self, order[p]) != group)
        {
          y += add_group (self, model, palette, grouped, y);
          group = group_of (self, order[p]);
        }
      if (group != G_MAXUINT)
        {
          g_ptr_array_add (grouped, GUINT_TO_POINTER (order[p]));
          continue;
        }
      if (options->view != NULL && !process_seen (model, order[p], options->view, options->horizon))
        {
          guint n_own;
          const guint32 *lanes = tl_trace_model_get_process_lanes (model, order[p], &n_own);

          g_ptr_array_add (hidden, GUINT_TO_POINTER (order[p]));
          g_array_append_vals (folded_lanes, lanes, n_own);
          continue;
        }
      y += add_process (self, model, palette, order[p],
                        collapsed != NULL && g_hash_table_contains (collapsed, GUINT_TO_POINTER (info->pid)),
                        options, y);
    }
  y += add_group (self, model, palette, grouped, y);
  first = self->folded->len;
  g_array_append_vals (self->folded, folded_lanes->data, folded_lanes->len);
  y += add_folded (self, model, palette, TL_INDEX_NONE, hidden->len, first, y);
  self->height = y;
}

guint
tl_layout_get_n_rows (const TlLayout *self)
{
  return self->rows->len;
}

const TlRow *
tl_layout_get_row (const TlLayout *self,
                   guint           index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, TlRow, index);
}

double
tl_layout_get_height (const TlLayout *self)
{
  return self->height;
}

guint
tl_layout_find_row (const TlLayout *self,
                    double          y)
{
  guint lo = 0, hi = self->rows->len;

  if (y < 0 || y >= self->height)
    return G_MAXUINT;
  /* Last row whose top is at or above y. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->rows, TlRow, mid).y <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? lo - 1 : G_MAXUINT;
}

guint
tl_layout_lookup_lane (const TlLayout *self,
                       guint32         lane)
{
  if (lane >= self->lane_rows->len)
    return G_MAXUINT;
  return g_array_index (self->lane_rows, guint, lane);
}

guint
tl_layout_lookup_process (const TlLayout *self,
                          guint32         process)
{
  if (process >= self->process_rows->len)
    return G_MAXUINT;
  return g_array_index (self->process_rows, guint, process);
}

const guint32 *
tl_layout_get_folded (const TlLayout *self,
                      const TlRow    *row,
                      guint          *n_lanes)
{
  guint index = (guint) (row - &g_array_index (self->rows, TlRow, 0)), first, end;

  *n_lanes = 0;
  if (row->kind != TL_ROW_FOLDED || index >= self->folded_rows->len)
    return NULL;
  first = g_array_index (self->folded_rows, guint, index);
  /* Up to the next folded row's lanes. */
  end = self->folded->len;
  for (guint r = index + 1; r < self->folded_rows->len; r++)
    if (g_array_index (self->rows, TlRow, r).kind == TL_ROW_FOLDED)
      {
        end = g_array_index (self->folded_rows, guint, r);
        break;
      }
  *n_lanes = end - first;
  return &g_array_index (self->folded, guint32, first);
}

gboolean
tl_layout_get_track (const TlLayout *self,
                     const TlRow    *row,
                     guint           track,
                     double         *y,
                     double         *height)
{
  if (row->kind != TL_ROW_LANE || track >= row->n_tracks)
    return FALSE;
  if (track < 32 && (row->hidden & (1u << track)))
    return FALSE;
  if (row->stateful)
    {
      if (track == 0)
        {
          *y = row->y;
          *height = self->state_height;
        }
      else
        {
          /* Below the state, the shown tracks before this one. */
          guint32 before = track >= 32 ? row->hidden : row->hidden & ((1u << track) - 1);
          guint above = track - 1 - (guint) __builtin_popcount (before);

          *y = row->y + self->state_height + above * self->track_height;
          *height = self->track_height;
        }
      return TRUE;
    }
  if (row->lane_kind == TL_LANE_COUNTER)
    {
      *y = row->y;
      *height = row->height - self->gap;
      return TRUE;
    }
  *y = row->y + track * self->lock_height;
  *height = self->lock_height;
  return TRUE;
}

guint
tl_layout_find_track (const TlLayout *self,
                      const TlRow    *row,
                      double          y)
{
  for (guint t = 0; t < row->n_tracks; t++)
    {
      double ty, th;

      if (tl_layout_get_track (self, row, t, &ty, &th) && y >= ty && y < ty + th)
        return t;
    }
  return G_MAXUINT;
}
