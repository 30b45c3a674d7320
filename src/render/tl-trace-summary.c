/* tl-trace-summary.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-trace-summary.h"

#define F TL_SUMMARY_FANOUT
#define F_SHIFT TL_SUMMARY_FANOUT_SHIFT
#define MAX_LEVELS 20

G_STATIC_ASSERT (TL_PAINT_N_CLASSES <= 14);
G_STATIC_ASSERT (TL_N_MARKS <= 32);

typedef struct
{
  gint64 start;
  gint64 end;
  union
  {
    guint8 share[16];                          /* spans: of the extent, per class, /255 */
    struct { guint32 mask; guint32 count; } marks;
    struct { double min; double max; } values;
  } u;
} Node;

G_STATIC_ASSERT (sizeof (Node) == 32);

typedef struct
{
  GArray *levels[MAX_LEVELS];   /* levels[k]: nodes of level k + 1 */
  guint   n_levels;
  guint   n_items;              /* items summarised */
  gint64  check_first;          /* the first and last item summarised, */
  gint64  check_last;           /* to notice an array that was re-sorted */
} Tree;

typedef struct
{
  TlLaneKind kind;
  GArray    *tracks;            /* Tree, one per track */
  Tree       instants;
  Tree       samples;
} LaneSummary;

struct _TlTraceSummary
{
  TlTraceModel *model;
  GPtrArray    *lanes;          /* LaneSummary * */
  guint64       generation;
  gboolean      synced;
  guint8        class_of[TL_N_LANE_KINDS][TL_N_SPAN_KINDS];
  guint8        mark_of[TL_EVENT_N_KINDS + 1];
  guint32       class_mask;   /* 1 << TlPaintClass of every class seen */
  guint32       mark_mask;    /* 1 << TlMarkClass of every instant kind seen */
};

/* ---- trees -------------------------------------------------------------- */

static void
tree_init (Tree *tree)
{
  memset (tree, 0, sizeof *tree);
}

static void
tree_clear (Tree *tree)
{
  for (guint i = 0; i < MAX_LEVELS; i++)
    g_clear_pointer (&tree->levels[i], g_array_unref);
  tree->n_levels = 0;
  tree->n_items = 0;
}

static gsize
tree_memory_size (const Tree *tree)
{
  gsize size = 0;

  for (guint i = 0; i < tree->n_levels; i++)
    size += (gsize) tree->levels[i]->len * sizeof (Node);
  return size;
}

static inline const Node *
tree_node (const Tree *tree,
           guint       level,
           gsize       index)
{
  return &g_array_index (tree->levels[level - 1], Node, index);
}

static inline guint
tree_level_len (const Tree *tree,
                guint       level)
{
  return tree->levels[level - 1]->len;
}

/* ---- prefixes --------------------------------------------------------------- */

/* A tree as it stood when it had summarised only its first n_items
 * items: what a live model's summary held when the model had seen only
 * what a replay's playhead has reached.  Every node is the tree's own,
 * except the last of each level, which covered fewer items then and is
 * worked out again here the way tree_extend () had worked it out; so a
 * replay draws exactly what the live run drew at the same moment. */
typedef struct
{
  const Tree *tree;
  guint       n_items;
  guint       n_levels;
  guint       len[MAX_LEVELS + 1];     /* nodes per level (1-based) */
  gsize       cut[MAX_LEVELS + 1];     /* index of the level's node in last[], or G_MAXSIZE */
  Node        last[MAX_LEVELS + 1];
} Prefix;

static inline const Node *
prefix_node (const Prefix *p,
             guint         level,
             gsize         index)
{
  return index == p->cut[level] ? &p->last[level] : tree_node (p->tree, level, index);
}

typedef void (*LeafFunc)  (TlTraceSummary *self,
                           gconstpointer   items,
                           guint           first,
                           guint           n,
                           TlLaneKind      lane_kind,
                           Node           *out);
typedef void (*MergeFunc) (const Node     *children,
                           guint           n,
                           Node           *out);

/* Summarises items [tree->n_items, n_items) of @items: recomputes the last
 * node of each level, which was partial, and adds new ones. */
static void
tree_extend (TlTraceSummary *self,
             Tree           *tree,
             gconstpointer   items,
             guint           n_items,
             TlLaneKind      lane_kind,
             LeafFunc        leaf,
             MergeFunc       merge)
{
  guint changed = tree->n_items / F;   /* first node of the level that changes */
  guint below = n_items;               /* length of the level below */
  guint level = 0;

  if (n_items == tree->n_items)
    return;

  /* Even one item gets a node: leaves are where presence is noted. */
  while ((below > 1 || level == 0) && level < MAX_LEVELS)
    {
      guint len = (below + F - 1) / F;

      if (tree->levels[level] == NULL)
        tree->levels[level] = g_array_new (FALSE, FALSE, sizeof (Node));
      g_array_set_size (tree->levels[level], len);
      for (guint j = changed; j < len; j++)
        {
          Node *out = &g_array_index (tree->levels[level], Node, j);
          guint first = j * F;
          guint n = MIN (F, below - first);

          if (level == 0)
            leaf (self, items, first, n, lane_kind, out);
          else
            merge (&g_array_index (tree->levels[level - 1], Node, first), n, out);
        }
      changed /= F;
      below = len;
      level++;
    }
  tree->n_levels = level;
  tree->n_items = n_items;
}

/* ---- leaves and merges -------------------------------------------------- */

/* The spare bytes of a span node say which classes it holds, so that a
 * walk touches only those (one to three, usually, of ten). */
#define SHARE_MASK_AT 14

static inline guint16
node_classes (const Node *node)
{
  guint16 mask;

  memcpy (&mask, &node->u.share[SHARE_MASK_AT], sizeof mask);
  return mask;
}

static void
set_shares (Node         *out,
            const double *dur,
            guint8        fallback)
{
  double extent = (double) (out->end - out->start);
  guint16 mask = 0;

  memset (out->u.share, 0, sizeof out->u.share);
  if (extent <= 0)
    {
      out->u.share[fallback] = 255;
      mask = 1u << fallback;
    }
  else
    {
      for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
        if (dur[c] > 0)
          {
            /* Never round a class present down to nothing: it would
             * vanish from every coarser level. */
            out->u.share[c] = (guint8) CLAMP (ceil (255.0 * dur[c] / extent), 1, 255);
            mask |= 1u << c;
          }
    }
  memcpy (&out->u.share[SHARE_MASK_AT], &mask, sizeof mask);
}

static void
span_leaf (TlTraceSummary *self,
           gconstpointer   items,
           guint           first,
           guint           n,
           TlLaneKind      lane_kind,
           Node           *out)
{
  const TlSpan *spans = (const TlSpan *) items + first;
  const guint8 *class_of = self->class_of[lane_kind];
  double dur[TL_PAINT_N_CLASSES] = { 0 };

  out->start = spans[0].start;
  out->end = spans[0].end;
  for (guint i = 0; i < n; i++)
    {
      guint8 c = class_of[MIN (spans[i].kind, TL_N_SPAN_KINDS - 1)];

      dur[c] += (double) (spans[i].end - spans[i].start);
      out->end = MAX (out->end, spans[i].end);
    }
  set_shares (out, dur, class_of[MIN (spans[0].kind, TL_N_SPAN_KINDS - 1)]);
  self->class_mask |= node_classes (out);
}

static void
span_merge (const Node *children,
            guint       n,
            Node       *out)
{
  double dur[TL_PAINT_N_CLASSES] = { 0 };
  guint8 fallback = 0;

  out->start = children[0].start;
  out->end = children[0].end;
  for (guint i = 0; i < n; i++)
    {
      double extent = (double) (children[i].end - children[i].start);
      guint16 mask = node_classes (&children[i]);

      while (mask != 0)
        {
          guint c = (guint) __builtin_ctz (mask);

          mask &= mask - 1;
          dur[c] += extent * children[i].u.share[c] / 255.0;
          fallback = (guint8) c;
        }
      out->end = MAX (out->end, children[i].end);
    }
  set_shares (out, dur, fallback);
}

static void
instant_leaf (TlTraceSummary *self,
              gconstpointer   items,
              guint           first,
              guint           n,
              TlLaneKind      lane_kind,
              Node           *out)
{
  const TlInstant *instants = (const TlInstant *) items + first;

  out->start = instants[0].ts;
  out->end = instants[n - 1].ts;
  out->u.marks.mask = 0;
  out->u.marks.count = n;
  for (guint i = 0; i < n; i++)
    {
      guint mark = self->mark_of[MIN (instants[i].kind, TL_EVENT_N_KINDS)];

      if (mark < TL_N_MARKS)
        out->u.marks.mask |= 1u << mark;
    }
  self->mark_mask |= out->u.marks.mask;
}

static void
instant_merge (const Node *children,
               guint       n,
               Node       *out)
{
  out->start = children[0].start;
  out->end = children[n - 1].end;
  out->u.marks.mask = 0;
  out->u.marks.count = 0;
  for (guint i = 0; i < n; i++)
    {
      out->u.marks.mask |= children[i].u.marks.mask;
      out->u.marks.count += children[i].u.marks.count;
    }
}

static void
sample_leaf (TlTraceSummary *self,
             gconstpointer   items,
             guint           first,
             guint           n,
             TlLaneKind      lane_kind,
             Node           *out)
{
  const TlCounterSample *samples = (const TlCounterSample *) items + first;

  out->start = samples[0].ts;
  out->end = samples[n - 1].ts;
  out->u.values.min = out->u.values.max = samples[0].value;
  for (guint i = 1; i < n; i++)
    {
      out->u.values.min = MIN (out->u.values.min, samples[i].value);
      out->u.values.max = MAX (out->u.values.max, samples[i].value);
    }
}

static void
sample_merge (const Node *children,
              guint       n,
              Node       *out)
{
  out->start = children[0].start;
  out->end = children[n - 1].end;
  out->u.values = children[0].u.values;
  for (guint i = 1; i < n; i++)
    {
      out->u.values.min = MIN (out->u.values.min, children[i].u.values.min);
      out->u.values.max = MAX (out->u.values.max, children[i].u.values.max);
    }
}

/* @p as @tree stood after its first @limit items (all of them when it
 * holds no more). */
static void
prefix_init (TlTraceSummary *self,
             Prefix         *p,
             const Tree     *tree,
             gconstpointer   items,
             guint           limit,
             TlLaneKind      lane_kind,
             LeafFunc        leaf,
             MergeFunc       merge)
{
  guint below, level = 0;

  p->tree = tree;
  for (guint l = 0; l <= MAX_LEVELS; l++)
    p->cut[l] = G_MAXSIZE;
  if (limit >= tree->n_items)
    {
      p->n_items = tree->n_items;
      p->n_levels = tree->n_levels;
      for (guint l = 1; l <= tree->n_levels; l++)
        p->len[l] = tree_level_len (tree, l);
      return;
    }

  p->n_items = limit;
  below = limit;
  /* As tree_extend () goes, but only for each level's last node. */
  while ((below > 1 || level == 0) && below > 0 && level < MAX_LEVELS)
    {
      guint len = (below + F - 1) / F;
      guint last = len - 1, first = last * F, n = below - first;

      p->len[level + 1] = len;
      if (level == 0 && n < F)
        {
          leaf (self, items, first, n, lane_kind, &p->last[1]);
          p->cut[1] = last;
        }
      else if (level > 0 && (n < F || p->cut[level] != G_MAXSIZE))
        {
          Node children[F];

          for (guint j = 0; j < n; j++)
            children[j] = *prefix_node (p, level, first + j);
          merge (children, n, &p->last[level + 1]);
          p->cut[level + 1] = last;
        }
      below = len;
      level++;
    }
  p->n_levels = level;
}

/* ---- the summary -------------------------------------------------------- */

static void
lane_summary_free (gpointer data)
{
  LaneSummary *lane = data;

  for (guint t = 0; t < lane->tracks->len; t++)
    tree_clear (&g_array_index (lane->tracks, Tree, t));
  g_array_unref (lane->tracks);
  tree_clear (&lane->instants);
  tree_clear (&lane->samples);
  g_free (lane);
}

TlTraceSummary *
tl_trace_summary_new (TlTraceModel *model)
{
  TlTraceSummary *self;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  self = g_new0 (TlTraceSummary, 1);
  self->model = g_object_ref (model);
  self->lanes = g_ptr_array_new_with_free_func (lane_summary_free);
  for (guint l = 0; l < TL_N_LANE_KINDS; l++)
    for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
      self->class_of[l][k] = (guint8) tl_paint_class_for_span (k, l);
  for (guint k = 0; k <= TL_EVENT_N_KINDS; k++)
    self->mark_of[k] = (guint8) tl_mark_class_for_event (k);
  return self;
}

void
tl_trace_summary_free (TlTraceSummary *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->lanes);
  g_object_unref (self->model);
  g_free (self);
}

TlTraceModel *
tl_trace_summary_get_model (TlTraceSummary *self)
{
  return self->model;
}

/* Whether the items a tree summarised are still where they were: the
 * model only appends, except when finish () sorts what came unsorted. */
static gboolean
tree_still_valid (const Tree *tree,
                  guint       n_items,
                  gint64      first,
                  gint64      last)
{
  if (tree->n_items == 0)
    return TRUE;
  return n_items >= tree->n_items && tree->check_first == first && tree->check_last == last;
}

static void
update_lane (TlTraceSummary *self,
             guint32         index,
             LaneSummary    *ls)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, index);
  guint n_tracks = tl_lane_get_n_tracks (lane);
  const TlInstant *instants;
  const TlCounterSample *samples;
  guint n;

  while (ls->tracks->len < n_tracks)
    {
      Tree tree;

      tree_init (&tree);
      g_array_append_val (ls->tracks, tree);
    }

  for (guint t = 0; t < n_tracks; t++)
    {
      Tree *tree = &g_array_index (ls->tracks, Tree, t);
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      if (n == tree->n_items)
        continue;
      if (!tree_still_valid (tree, n, spans[0].start,
                             tree->n_items > 0 ? spans[tree->n_items - 1].end : 0))
        tree_clear (tree);
      tree_extend (self, tree, spans, n, ls->kind, span_leaf, span_merge);
      tree->check_first = spans[0].start;
      tree->check_last = spans[n - 1].end;
    }

  instants = tl_lane_get_instants (lane, &n);
  if (n != ls->instants.n_items)
    {
      Tree *tree = &ls->instants;

      if (!tree_still_valid (tree, n, instants[0].ts,
                             tree->n_items > 0 ? instants[tree->n_items - 1].ts : 0))
        tree_clear (tree);
      tree_extend (self, tree, instants, n, ls->kind, instant_leaf, instant_merge);
      tree->check_first = instants[0].ts;
      tree->check_last = instants[n - 1].ts;
    }

  samples = tl_lane_get_samples (lane, &n);
  if (n != ls->samples.n_items)
    {
      Tree *tree = &ls->samples;

      if (!tree_still_valid (tree, n, samples[0].ts,
                             tree->n_items > 0 ? samples[tree->n_items - 1].ts : 0))
        tree_clear (tree);
      tree_extend (self, tree, samples, n, ls->kind, sample_leaf, sample_merge);
      tree->check_first = samples[0].ts;
      tree->check_last = samples[n - 1].ts;
    }
}

gboolean
tl_trace_summary_update (TlTraceSummary *self)
{
  guint64 generation;
  guint n_lanes;

  g_return_val_if_fail (self != NULL, FALSE);

  generation = tl_trace_model_get_generation (self->model);
  if (self->synced && generation == self->generation)
    return FALSE;

  n_lanes = tl_trace_model_get_n_lanes (self->model);
  while (self->lanes->len < n_lanes)
    {
      LaneSummary *ls = g_new0 (LaneSummary, 1);

      ls->kind = tl_lane_get_kind (tl_trace_model_get_lane (self->model, self->lanes->len));
      ls->tracks = g_array_new (FALSE, FALSE, sizeof (Tree));
      tree_init (&ls->instants);
      tree_init (&ls->samples);
      g_ptr_array_add (self->lanes, ls);
    }
  for (guint i = 0; i < n_lanes; i++)
    update_lane (self, i, g_ptr_array_index (self->lanes, i));

  self->generation = generation;
  self->synced = TRUE;
  return TRUE;
}

gsize
tl_trace_summary_get_memory_size (TlTraceSummary *self)
{
  gsize size = sizeof *self;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      LaneSummary *ls = g_ptr_array_index (self->lanes, i);

      size += sizeof *ls;
      for (guint t = 0; t < ls->tracks->len; t++)
        size += sizeof (Tree) + tree_memory_size (&g_array_index (ls->tracks, Tree, t));
      size += tree_memory_size (&ls->instants) + tree_memory_size (&ls->samples);
    }
  return size;
}

void
tl_trace_summary_get_presence (TlTraceSummary *self,
                               guint32        *paint_classes,
                               guint32        *marks)
{
  g_return_if_fail (self != NULL);

  if (paint_classes != NULL)
    *paint_classes = self->class_mask;
  if (marks != NULL)
    *marks = self->mark_mask;
}

static LaneSummary *
peek_lane (TlTraceSummary *self,
           guint32         lane)
{
  if (lane >= self->lanes->len)
    return NULL;
  return g_ptr_array_index (self->lanes, lane);
}

/* ---- columns ------------------------------------------------------------ */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static gint64
column_ns (const TlTimeMap *map,
           double           column_px)
{
  double ns = column_px * map->ns_per_px;

  return ns < 1.0 ? 1 : (gint64) ns;
}

void
tl_trace_summary_column_at (const TlTimeMap *map,
                            double           column_px,
                            gint64           t,
                            gint64          *start,
                            gint64          *end)
{
  gint64 cw = column_ns (map, column_px);
  gint64 c = floor_div (t, cw);

  *start = c * cw;
  *end = (c + 1) * cw;
}

typedef struct
{
  const TlTimeMap *map;
  gint64           cw;
  GArray          *runs;
  double           floor_x;     /* merged runs start after the last exact span */
  gboolean         have;        /* acc holds something */
  gint64           column;      /* the column of acc[0]; acc[1] is the next one */
  guint16          touched[2];  /* classes with something in acc[i] */
  gint64           first_column;  /* the columns in view */
  gint64           last_column;
  gint64           run_end;     /* the column after the last run, if it is merged */
  double           acc[2][TL_PAINT_N_CLASSES];
} SpanWalk;

static void
push_merged (SpanWalk *w,
             gint64    column,
             guint     slot)
{
  const TlTimeMap *map = w->map;
  double *acc = w->acc[slot];
  guint16 touched = w->touched[slot];
  double total = 0, best = 0, second = 0;
  guint best_class = 0, second_class = TL_PAINT_N_CLASSES, accent;
  double x0, x1;
  gboolean sparse;

  while (touched != 0)
    {
      guint c = (guint) __builtin_ctz (touched);

      touched &= touched - 1;
      total += acc[c];
      if (acc[c] > best)
        {
          second = best;
          second_class = best > 0 ? best_class : TL_PAINT_N_CLASSES;
          best = acc[c];
          best_class = c;
        }
      else if (acc[c] > second)
        {
          second = acc[c];
          second_class = c;
        }
      acc[c] = 0;
    }
  w->touched[slot] = 0;
  if (best <= 0)
    return;
  accent = second >= TL_SUMMARY_ACCENT_SHARE * total ? second_class : TL_PAINT_N_CLASSES;

  if (column < w->first_column || column > w->last_column)
    return;
  sparse = total < 0.5 * (double) w->cw;

  /* Most columns continue the run before them: extend it. */
  if (column == w->run_end && w->runs->len > 0)
    {
      TlRun *last = &g_array_index (w->runs, TlRun, w->runs->len - 1);

      if (last->paint_class == best_class && last->sparse == sparse && last->accent == accent)
        {
          last->x1 = tl_time_map_x_clamped (map, (column + 1) * w->cw);
          w->run_end = column + 1;
          return;
        }
    }

  x0 = MAX (tl_time_map_x_clamped (map, column * w->cw), w->floor_x);
  x1 = tl_time_map_x_clamped (map, (column + 1) * w->cw);
  if (x1 <= x0)
    return;
  g_array_append_vals (w->runs,
                       &(TlRun) { x0, x1, TL_INDEX_NONE, (guint8) best_class, (guint8) sparse,
                                  (guint8) accent, 0 },
                       1);
  w->run_end = column + 1;
}

static void
flush_columns (SpanWalk *w)
{
  if (!w->have)
    return;
  push_merged (w, w->column, 0);
  push_merged (w, w->column + 1, 1);
  w->have = FALSE;
}

/* Makes acc[0] the accumulator of @column. */
static void
advance_to (SpanWalk *w,
            gint64    column)
{
  if (!w->have)
    {
      w->column = column;
      w->have = TRUE;
      return;
    }
  if (column == w->column)
    return;
  if (column == w->column + 1)
    {
      guint16 touched = w->touched[1];

      push_merged (w, w->column, 0);
      /* acc[0] is all zero now: swap in acc[1]'s classes. */
      while (touched != 0)
        {
          guint c = (guint) __builtin_ctz (touched);

          touched &= touched - 1;
          w->acc[0][c] = w->acc[1][c];
          w->acc[1][c] = 0;
        }
      w->touched[0] = w->touched[1];
      w->touched[1] = 0;
      w->column = column;
      return;
    }
  flush_columns (w);
  w->column = column;
  w->have = TRUE;
}

/* Adds one class's time, no wider than a column, spread over the one or
 * two columns it covers. */
static inline void
add_one (SpanWalk *w,
         guint     c,
         double    dur,
         double    first)
{
  w->acc[0][c] += dur * first;
  w->touched[0] |= 1u << c;
  if (first < 1.0)
    {
      w->acc[1][c] += dur * (1.0 - first);
      w->touched[1] |= 1u << c;
    }
}

/* The share of [start, end] in its first column; 1 when it fits in it. */
static inline double
enter (SpanWalk *w,
       gint64    start,
       gint64    end)
{
  gint64 c0, boundary;

  /* Items come in time order: most land in the current column or the
   * next, which needs no division. */
  if (w->have && start >= w->column * w->cw && start < (w->column + 2) * w->cw)
    c0 = start < (w->column + 1) * w->cw ? w->column : w->column + 1;
  else
    c0 = floor_div (start, w->cw);
  boundary = (c0 + 1) * w->cw;

  advance_to (w, c0);
  if (end > boundary && end > start)
    return (double) (boundary - start) / (double) (end - start);
  return 1.0;
}

static void
add_exact (SpanWalk     *w,
           const TlSpan *span,
           guint32       index,
           guint8        paint_class)
{
  double x0, x1;

  flush_columns (w);
  x0 = tl_time_map_x_clamped (w->map, span->start);
  x1 = tl_time_map_x_clamped (w->map, span->end);

  /* The merged column it starts in gives way to it. */
  while (w->runs->len > 0)
    {
      TlRun *last = &g_array_index (w->runs, TlRun, w->runs->len - 1);

      if (last->index != TL_INDEX_NONE || last->x1 <= x0)
        break;
      last->x1 = x0;
      if (last->x1 > last->x0)
        break;
      g_array_set_size (w->runs, w->runs->len - 1);
    }
  w->floor_x = x1;
  w->run_end = G_MININT64;
  g_array_append_vals (w->runs,
                       &(TlRun) { x0, x1, index, paint_class, 0, TL_PAINT_N_CLASSES, span->flags },
                       1);
}

void
tl_trace_summary_collect_spans (TlTraceSummary  *self,
                                guint32          lane_index,
                                guint            track,
                                const TlTimeMap *map,
                                double           column_px,
                                guint            limit,
                                GArray          *runs,
                                TlSummaryStats  *stats)
{
  LaneSummary *ls = peek_lane (self, lane_index);
  TlLane *lane;
  const TlSpan *spans;
  const guint8 *class_of;
  Prefix tree;
  SpanWalk w = { 0 };
  guint n, first, n_in_range, level = 0;
  gsize i;
  guint64 visited = 0, exact = 0, merged = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (map != NULL);
  g_return_if_fail (runs != NULL);

  if (ls == NULL || track >= ls->tracks->len)
    return;
  lane = tl_trace_model_get_lane (self->model, lane_index);
  spans = tl_lane_get_spans (lane, track, &n);
  /* Items appended since the last update are not summarised yet. */
  prefix_init (self, &tree, &g_array_index (ls->tracks, Tree, track), spans, MIN (n, limit),
               ls->kind, span_leaf, span_merge);
  n = tree.n_items;
  if (n == 0)
    return;
  class_of = self->class_of[ls->kind];

  w.map = map;
  w.cw = column_ns (map, column_px);
  w.runs = runs;
  w.floor_x = -G_MAXDOUBLE;
  w.first_column = floor_div (map->t0, w.cw) - 1;
  w.last_column = floor_div (map->t1, w.cw) + 1;
  w.run_end = G_MININT64;

  tl_lane_get_span_range (lane, track, map->t0, map->t1, &first, &n_in_range);
  i = first;
  for (;;)
    {
      /* Take the parent whole where it fits in a column. */
      while (level < tree.n_levels && i % F == 0)
        {
          gsize up = i / F;
          const Node *parent;

          if (up >= tree.len[level + 1])
            break;
          parent = prefix_node (&tree, level + 1, up);
          if (parent->end - parent->start > w.cw)
            break;
          level++;
          i = up;
        }

      visited++;
      if (level == 0)
        {
          const TlSpan *span;
          guint8 paint_class;

          if (i >= n)
            break;
          span = &spans[i];
          if (span->start > map->t1)
            break;
          paint_class = class_of[MIN (span->kind, TL_N_SPAN_KINDS - 1)];
          if (span->end - span->start > w.cw)
            {
              add_exact (&w, span, (guint32) i, paint_class);
              exact++;
            }
          else
            {
              double share = enter (&w, span->start, span->end);

              /* An instant-long span still shows. */
              add_one (&w, paint_class, MAX ((double) (span->end - span->start), 1.0), share);
              merged++;
            }
          i++;
        }
      else
        {
          const Node *node;
          double extent, scale, share;
          guint16 mask;

          if (i >= tree.len[level])
            break;
          node = prefix_node (&tree, level, i);
          if (node->start > map->t1)
            break;
          extent = (double) (node->end - node->start);
          if (extent > (double) w.cw)
            {
              level--;
              i *= F;
              continue;
            }
          share = enter (&w, node->start, node->end);
          scale = (extent > 0 ? extent : 1.0) / 255.0;
          for (mask = node_classes (node); mask != 0; mask &= mask - 1)
            {
              guint c = (guint) __builtin_ctz (mask);

              add_one (&w, c, node->u.share[c] * scale, share);
            }
          merged++;
          i++;
        }
    }
  flush_columns (&w);

  if (stats != NULL)
    {
      stats->nodes += visited;
      stats->exact += exact;
      stats->merged += merged;
    }
}

/* ---- instants ----------------------------------------------------------- */

typedef struct
{
  const TlTimeMap *map;
  gint64           bw;
  GArray          *bins;
  gboolean         have;
  gint64           bin;
  TlMarkBin        cur;
} MarkWalk;

static void
push_bin (MarkWalk *w)
{
  if (w->have && w->cur.mask != 0 && w->cur.x >= w->map->x0 - 8 && w->cur.x <= w->map->x1 + 8)
    g_array_append_val (w->bins, w->cur);
  w->have = FALSE;
}

static void
add_marks (MarkWalk *w,
           gint64    ts,
           guint32   mask,
           guint32   count,
           guint32   index)
{
  gint64 bin = floor_div (ts, w->bw);

  if (w->have && bin == w->bin)
    {
      w->cur.mask |= mask;
      w->cur.count += count;
      w->cur.index = TL_INDEX_NONE;
      w->cur.x = tl_time_map_x_clamped (w->map, bin * w->bw + w->bw / 2);
      return;
    }
  push_bin (w);
  w->have = TRUE;
  w->bin = bin;
  w->cur.mask = mask;
  w->cur.count = count;
  w->cur.index = count == 1 ? index : TL_INDEX_NONE;
  w->cur.x = count == 1 ? tl_time_map_x_clamped (w->map, ts)
                        : tl_time_map_x_clamped (w->map, bin * w->bw + w->bw / 2);
}

void
tl_trace_summary_collect_marks (TlTraceSummary  *self,
                                guint32          lane_index,
                                const TlTimeMap *map,
                                double           bin_px,
                                guint            limit,
                                GArray          *bins,
                                TlSummaryStats  *stats)
{
  LaneSummary *ls = peek_lane (self, lane_index);
  const TlInstant *instants;
  Prefix tree;
  MarkWalk w = { 0 };
  guint n, first, n_in_range, level = 0;
  gsize i;
  guint64 visited = 0;

  g_return_if_fail (self != NULL);

  if (ls == NULL)
    return;
  instants = tl_lane_get_instants (tl_trace_model_get_lane (self->model, lane_index), &n);
  prefix_init (self, &tree, &ls->instants, instants, MIN (n, limit), ls->kind, instant_leaf,
               instant_merge);
  n = tree.n_items;
  if (n == 0)
    return;

  w.map = map;
  w.bw = column_ns (map, bin_px);
  w.bins = bins;
  tl_lane_get_instant_range (tl_trace_model_get_lane (self->model, lane_index),
                             map->t0 - w.bw, map->t1 + w.bw, &first, &n_in_range);
  i = first;
  for (;;)
    {
      while (level < tree.n_levels && i % F == 0)
        {
          gsize up = i / F;
          const Node *parent;

          if (up >= tree.len[level + 1])
            break;
          parent = prefix_node (&tree, level + 1, up);
          if (parent->end - parent->start > w.bw)
            break;
          level++;
          i = up;
        }

      visited++;
      if (level == 0)
        {
          guint mark;

          if (i >= n || instants[i].ts > map->t1 + w.bw)
            break;
          mark = self->mark_of[MIN (instants[i].kind, TL_EVENT_N_KINDS)];
          if (mark < TL_N_MARKS)
            add_marks (&w, instants[i].ts, 1u << mark, 1, (guint32) i);
          i++;
        }
      else
        {
          const Node *node;

          if (i >= tree.len[level])
            break;
          node = prefix_node (&tree, level, i);
          if (node->start > map->t1 + w.bw)
            break;
          if (node->end - node->start > w.bw)
            {
              level--;
              i *= F;
              continue;
            }
          if (node->u.marks.mask != 0)
            add_marks (&w, node->start, node->u.marks.mask, node->u.marks.count, TL_INDEX_NONE);
          i++;
        }
    }
  push_bin (&w);

  if (stats != NULL)
    stats->nodes += visited;
}

/* ---- counters ----------------------------------------------------------- */

typedef struct
{
  const TlTimeMap *map;
  gint64           cw;
  GArray          *columns;
  gboolean         have;
  gint64           column;
  double           min;
  double           max;
  double           last;
} CounterWalk;

static void
push_counter_column (CounterWalk *w,
                     gint64       c0,
                     gint64       c1,
                     double       min,
                     double       max)
{
  TlCounterColumn column;

  column.x0 = tl_time_map_x_clamped (w->map, c0 * w->cw);
  column.x1 = tl_time_map_x_clamped (w->map, c1 * w->cw);
  column.min = min;
  column.max = max;
  if (column.x1 > column.x0)
    g_array_append_val (w->columns, column);
}

static void
add_values (CounterWalk *w,
            gint64       ts,
            double       min,
            double       max,
            double       last)
{
  gint64 column = floor_div (ts, w->cw);

  if (w->have && column != w->column)
    {
      push_counter_column (w, w->column, w->column + 1, w->min, w->max);
      /* Between samples the value holds. */
      if (column > w->column + 1)
        push_counter_column (w, w->column + 1, column, w->last, w->last);
      w->min = w->max = w->last;
      w->column = column;
    }
  else if (!w->have)
    {
      w->have = TRUE;
      w->column = column;
      w->min = min;
      w->max = max;
    }
  w->min = MIN (w->min, min);
  w->max = MAX (w->max, max);
  w->last = last;
}

void
tl_trace_summary_collect_counter (TlTraceSummary  *self,
                                  guint32          lane_index,
                                  const TlTimeMap *map,
                                  double           column_px,
                                  guint            limit,
                                  GArray          *columns,
                                  TlSummaryStats  *stats)
{
  LaneSummary *ls = peek_lane (self, lane_index);
  const TlCounterSample *samples;
  Prefix tree;
  CounterWalk w = { 0 };
  guint n, level = 0;
  gsize i, lo, hi;
  guint64 visited = 0;

  g_return_if_fail (self != NULL);

  if (ls == NULL)
    return;
  samples = tl_lane_get_samples (tl_trace_model_get_lane (self->model, lane_index), &n);
  prefix_init (self, &tree, &ls->samples, samples, MIN (n, limit), ls->kind, sample_leaf,
               sample_merge);
  n = tree.n_items;
  if (n == 0)
    return;

  w.map = map;
  w.cw = column_ns (map, column_px);
  w.columns = columns;

  /* From the last sample at or before t0: its value holds into view. */
  lo = 0;
  hi = n;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (samples[mid].ts <= map->t0)
        lo = mid + 1;
      else
        hi = mid;
    }
  i = lo > 0 ? lo - 1 : 0;
  for (;;)
    {
      while (level < tree.n_levels && i % F == 0)
        {
          gsize up = i / F;
          const Node *parent;

          if (up >= tree.len[level + 1])
            break;
          parent = prefix_node (&tree, level + 1, up);
          if (parent->end - parent->start > w.cw)
            break;
          level++;
          i = up;
        }

      visited++;
      if (level == 0)
        {
          if (i >= n || samples[i].ts > map->t1)
            break;
          add_values (&w, MAX (samples[i].ts, map->t0), samples[i].value, samples[i].value,
                      samples[i].value);
          i++;
        }
      else
        {
          const Node *node;
          gsize last;

          if (i >= tree.len[level])
            break;
          node = prefix_node (&tree, level, i);
          if (node->start > map->t1)
            break;
          if (node->end - node->start > w.cw)
            {
              level--;
              i *= F;
              continue;
            }
          /* The node's last sample: its value holds after it. */
          last = MIN ((i + 1) << (F_SHIFT * level), (gsize) n) - 1;
          add_values (&w, MAX (node->start, map->t0), node->u.values.min, node->u.values.max,
                      samples[last].value);
          i++;
        }
    }
  if (w.have)
    {
      gint64 end = floor_div (map->t1, w.cw) + 1;

      push_counter_column (&w, w.column, w.column + 1, w.min, w.max);
      if (end > w.column + 1)
        push_counter_column (&w, w.column + 1, end, w.last, w.last);
    }

  if (stats != NULL)
    stats->nodes += visited;
}

G_STATIC_ASSERT (F == 1 << F_SHIFT);

gboolean
tl_trace_summary_get_counter_range (TlTraceSummary *self,
                                    guint32         lane_index,
                                    guint           limit,
                                    double         *min,
                                    double         *max)
{
  LaneSummary *ls = peek_lane (self, lane_index);
  const TlCounterSample *samples;
  Prefix tree;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);

  if (ls == NULL)
    return FALSE;
  samples = tl_lane_get_samples (tl_trace_model_get_lane (self->model, lane_index), &n);
  prefix_init (self, &tree, &ls->samples, samples, MIN (n, limit), ls->kind, sample_leaf,
               sample_merge);
  if (tree.n_items == 0 || tree.n_levels == 0)
    return FALSE;
  /* The top level covers every sample. */
  for (guint j = 0; j < tree.len[tree.n_levels]; j++)
    {
      const Node *top = prefix_node (&tree, tree.n_levels, j);

      *min = j == 0 ? top->u.values.min : MIN (*min, top->u.values.min);
      *max = j == 0 ? top->u.values.max : MAX (*max, top->u.values.max);
    }
  return TRUE;
}
