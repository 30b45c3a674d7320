/* tl-painter-legend.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The legend: one line under the lanes, listing exactly what this frame
 * drew (a legend of things not on screen makes the reader look for
 * them), in the describer's words.  When the line is full, what matters
 * least gives way: the findings and the states stay, what a lane's name
 * already says (the GIL held, on the GIL's lane) goes first.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

#define PAD 8.0

typedef enum
{
  ENTRY_CLASS,
  ENTRY_MARK,
  ENTRY_FLOW,
  ENTRY_GIL_PASSES,
  ENTRY_COUNTER,
  ENTRY_FINDING,
  ENTRY_CALLS,           /* id: 1 dimmed, 0 not */
} EntryType;

typedef struct
{
  EntryType   type;
  guint       id;
  const char *label;
  guint       rank;      /* lower stays longer */
  guint       order;     /* place on the line */
  double      width;
  gboolean    shown;
} Entry;

#define MAX_ENTRIES (TL_PAINT_N_CLASSES + TL_N_MARKS + TL_N_FLOW_KINDS + 6)

/* How much each class matters when room is short: states first, what a
 * lock's or the GIL's own lane says again last. */
static guint
class_rank (guint paint_class)
{
  switch ((TlPaintClass) paint_class)
    {
    case TL_PAINT_RUNNING:
    case TL_PAINT_WAIT_LOCK:
    case TL_PAINT_WAIT_GIL:
      return 10;
    case TL_PAINT_TASK:
      return 20;
    case TL_PAINT_SLEEP_IO:
    case TL_PAINT_WAIT_QUEUE:
    case TL_PAINT_WAIT_JOIN:
    case TL_PAINT_WAIT_OTHER:
      return 30;
    case TL_PAINT_SLICE:
      return 60;
    case TL_PAINT_HOLD_LOCK:
    case TL_PAINT_HOLD_GIL:
    case TL_PAINT_N_CLASSES:
    default:
      return 80;
    }
}

static guint
mark_rank (guint mark)
{
  switch ((TlMarkClass) mark)
    {
    case TL_MARK_CRASH:
    case TL_MARK_ERROR:
      return 15;
    case TL_MARK_WRITE:
    case TL_MARK_READ:
    case TL_MARK_PRINT:
      return 40;
    case TL_MARK_LIFECYCLE:
      return 90;
    case TL_MARK_MESSAGE:
    case TL_MARK_USER:
    case TL_MARK_WAKE:
    case TL_N_MARKS:
    default:
      return 70;
    }
}

/* Calls by function: the program's own code in full colour, the rest
 * dimmed, each an entry when drawn. */
static guint
collect_calls (TlPainter *self,
               Entry     *entries)
{
  gboolean located = tl_painter_dims_origin (self, TL_CODE_BUILTIN) ||
                     (self->drawn_origins & (1u << TL_CODE_USER)) != 0;
  gboolean bright = FALSE, dimmed = FALSE;
  guint n = 0;

  for (guint o = 0; o < TL_N_CODE_ORIGINS; o++)
    if (self->drawn_origins & (1u << o))
      {
        if (tl_painter_dims_origin (self, o))
          dimmed = TRUE;
        else
          bright = TRUE;
      }
  if (bright)
    entries[n++] = (Entry) { ENTRY_CALLS, 0, tl_describe_calls_words (FALSE, located), 25 };
  if (dimmed)
    entries[n++] = (Entry) { ENTRY_CALLS, 1, tl_describe_calls_words (TRUE, located), 55 };
  return n;
}

static guint
collect (TlPainter *self,
         Entry     *entries)
{
  guint n = 0;

  for (guint f = 0; f <= TL_FINDING_DEADLOCK; f++)
    if (self->drawn_findings & (1u << f))
      entries[n++] = (Entry) { ENTRY_FINDING, f, tl_describe_finding_words (f), 0 };
  for (guint c = 0; c < TL_PAINT_N_CLASSES; c++)
    if (self->drawn_classes & (1u << c))
      entries[n++] = (Entry) { ENTRY_CLASS, c, tl_paint_class_to_label (c), class_rank (c) };
  n += collect_calls (self, entries + n);
  if (self->drawn_counters)
    entries[n++] = (Entry) { ENTRY_COUNTER, 0, tl_describe_counter_words (), 45 };
  for (guint m = 0; m < TL_N_MARKS; m++)
    if (self->drawn_marks & (1u << m))
      entries[n++] = (Entry) { ENTRY_MARK, m, tl_mark_class_to_label (m), mark_rank (m) };
  if (self->drawn_gil_passes)
    entries[n++] = (Entry) { ENTRY_GIL_PASSES, TL_FLOW_HANDOVER,
                             tl_describe_flow_words (TL_FLOW_HANDOVER, TL_ROLE_GIL), 50 };
  for (guint f = 0; f < TL_N_FLOW_KINDS; f++)
    if (self->drawn_flows & (1u << f))
      entries[n++] = (Entry) { ENTRY_FLOW, f, tl_flow_kind_to_label (f),
                               f == TL_FLOW_MESSAGE || f == TL_FLOW_ERROR ? 35 : 65 };
  for (guint i = 0; i < n; i++)
    entries[i].order = i;
  return n;
}

static void
swatch_size (TlPainter *self,
             double    *w,
             double    *h)
{
  *w = round (self->palette->font_size * 1.3);
  *h = round (self->palette->font_size * 0.75);
}

static void
draw_swatch (TlPainter   *self,
             cairo_t     *cr,
             const Entry *entry,
             double       x,
             double       y,
             double       w,
             double       h)
{
  const TlPalette *p = self->palette;
  double lw = p->line_width, head = MAX (6.0, lw * 3);

  switch (entry->type)
    {
    case ENTRY_CLASS:
      cairo_rectangle (cr, x, y, w, h);
      if (p->pattern[entry->id] != TL_FILL_SOLID)
        cairo_set_source (cr, _tl_painter_get_pattern (self, cr, entry->id));
      else
        tl_rgba_set_source (cr, &p->fill[entry->id]);
      cairo_fill (cr);
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
      cairo_set_line_width (cr, 1.0);
      tl_rgba_set_source (cr, &p->outline);
      cairo_stroke (cr);
      break;
    case ENTRY_MARK:
      {
        double point[2] = { x + w / 2, y + h / 2 };

        _tl_painter_fill_marks (self, cr, entry->id, point, 1, p->marker_size, &p->axis_bg);
      }
      break;
    case ENTRY_COUNTER:
      cairo_move_to (cr, x, y + h);
      cairo_line_to (cr, x, y + h * 0.6);
      cairo_line_to (cr, x + w * 0.4, y + h * 0.6);
      cairo_line_to (cr, x + w * 0.4, y);
      cairo_line_to (cr, x + w, y);
      cairo_line_to (cr, x + w, y + h);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, p->counter.r, p->counter.g, p->counter.b, 0.3);
      cairo_fill (cr);
      cairo_move_to (cr, x, y + h * 0.6);
      cairo_line_to (cr, x + w * 0.4, y + h * 0.6);
      cairo_line_to (cr, x + w * 0.4, y);
      cairo_line_to (cr, x + w, y);
      cairo_set_line_width (cr, MAX (2.0, lw));
      tl_rgba_set_source (cr, &p->counter);
      cairo_stroke (cr);
      break;
    case ENTRY_FLOW:
    case ENTRY_GIL_PASSES:
      cairo_save (cr);
      cairo_set_line_width (cr, lw);
      _tl_painter_set_flow_dash (self, cr, entry->id);
      cairo_move_to (cr, x, y + h / 2);
      cairo_line_to (cr, x + w - head, y + h / 2);
      tl_rgba_set_source (cr, &p->flow[entry->id]);
      cairo_stroke (cr);
      cairo_move_to (cr, x + w, y + h / 2);
      cairo_line_to (cr, x + w - head, y + h / 2 - head * 0.55);
      cairo_line_to (cr, x + w - head, y + h / 2 + head * 0.55);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_restore (cr);
      break;
    case ENTRY_CALLS:
      /* Three functions side by side. */
      for (guint i = 0; i < 3; i++)
        {
          const TlRgba *fill = entry->id ? &p->library_fill[i * 4] : &p->function_fill[i * 4];

          cairo_rectangle (cr, x + round (w * i / 3.0), y, round (w * (i + 1) / 3.0) - round (w * i / 3.0), h);
          tl_rgba_set_source (cr, fill);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
      cairo_set_line_width (cr, 1.0);
      tl_rgba_set_source (cr, &p->outline);
      cairo_stroke (cr);
      break;
    case ENTRY_FINDING:
      if (entry->id == TL_FINDING_LOST_UPDATE)
        _tl_painter_draw_lost_update_swatch (self, cr, x, y, w, h);
      else
        _tl_painter_draw_deadlock_swatch (self, cr, x, y, w, h);
      break;
    default:
      break;
    }
}

static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  const Entry *x = *(const Entry * const *) a, *y = *(const Entry * const *) b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Which entries the line has room for, most important first. */
static void
choose (TlPainter *self,
        Entry     *entries,
        guint      n,
        double     width)
{
  Entry *by_rank[MAX_ENTRIES];
  double sw, sh, gap = round (self->palette->font_size * 0.9), used = PAD;

  swatch_size (self, &sw, &sh);
  for (guint i = 0; i < n; i++)
    {
      int text_w;

      tl_text_cache_measure (self->text, TL_FONT_SMALL, entries[i].label, 0, &text_w, NULL);
      entries[i].width = sw + round (self->palette->font_size * 0.3) + text_w;
      by_rank[i] = &entries[i];
    }
  qsort (by_rank, n, sizeof by_rank[0], compare_rank);
  for (guint i = 0; i < n; i++)
    {
      double need = by_rank[i]->width + (used > PAD ? gap : 0);

      if (used + need > width - PAD)
        continue;
      by_rank[i]->shown = TRUE;
      used += need;
    }
}

double
_tl_painter_legend_height (TlPainter *self,
                           int        width)
{
  if (!(self->options & TL_PAINT_SHOW_LEGEND))
    return 0;
  if (tl_layout_get_n_rows (self->layout) == 0)
    return 0;
  return self->palette->legend_row_height + PAD / 2;
}

void
_tl_painter_draw_legend (TlPainter             *self,
                         cairo_t               *cr,
                         const TlViewport      *viewport,
                         const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  Entry entries[MAX_ENTRIES];
  guint n = collect (self, entries);
  double sw, sh, gap = round (p->font_size * 0.9), x = PAD;
  double line_h = p->legend_row_height, top = g->legend_y + PAD / 4;
  int text_h;

  cairo_save (cr);
  tl_rgba_set_source (cr, &p->axis_bg);
  cairo_rectangle (cr, 0, g->legend_y, viewport->width, g->legend_height);
  cairo_fill (cr);
  tl_rgba_set_source (cr, &p->separator);
  cairo_rectangle (cr, 0, g->legend_y, viewport->width, 1);
  cairo_fill (cr);

  choose (self, entries, n, viewport->width);
  swatch_size (self, &sw, &sh);
  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &text_h);
  for (guint i = 0; i < n; i++)
    {
      if (!entries[i].shown)
        {
          self->stats.legend_left_out++;
          continue;
        }
      draw_swatch (self, cr, &entries[i], x, top + floor ((line_h - sh) / 2), sw, sh);
      tl_rgba_set_source (cr, &p->text);
      tl_text_cache_show (self->text, cr, TL_FONT_SMALL, entries[i].label, 0,
                          x + sw + round (p->font_size * 0.3), top + floor ((line_h - text_h) / 2));
      x += entries[i].width + gap;
      self->stats.legend_entries++;
    }
  cairo_restore (cr);
}
