/* tl-painter-marks.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Instants as marks: a shape per kind of event, haloed so that it reads
 * over any span.  Marks closer than a pixel merge into one per column and
 * class; on image surfaces each mark is a copy of a sprite drawn once.
 * A mark standing alone says what it is beside it where the room before
 * the next mark allows: the value read or written, what was printed, the
 * exception raised, the signal that crashed a process.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* Space between a mark and its text, and before the next mark. */
#define LABEL_GAP 3.0
/* A bin of more instants than this is a crowd, too busy for words. */
#define MAX_LABELLED_BIN 3

/* A mark's text, placed once the marks are down: after the mark, or
 * before it when only there is room, between the marks that say
 * something on either side. */
typedef struct
{
  guint32 lane;
  guint32 index;     /* the instant */
  double  x;         /* the mark's middle */
  double  y;
  double  left;      /* free from here... */
  double  right;     /* ...to here */
} MarkLabel;

/* A crash's words on a row: marks' words keep out of them. */
static void
keep_out (GArray *labels,
          guint   from,
          double  x0,
          double  x1)
{
  for (guint i = from; i < labels->len; i++)
    {
      MarkLabel *label = &g_array_index (labels, MarkLabel, i);

      if (label->x <= x0)
        label->right = MIN (label->right, x0);
      else if (label->x >= x1)
        label->left = MAX (label->left, x1);
      else
        label->index = TL_INDEX_NONE;   /* under the crash's words: none */
    }
}

void
_tl_painter_mark_path (cairo_t     *cr,
                       TlMarkClass  mark,
                       double       x,
                       double       y,
                       double       size)
{
  double r = size / 2;

  switch (mark)
    {
    case TL_MARK_CRASH:
      /* A thick X, as a polygon so that it fills. */
      {
        double a = r, b = r * 0.38;

        cairo_move_to (cr, x - a, y - a + b);
        cairo_line_to (cr, x - a + b, y - a);
        cairo_line_to (cr, x, y - b);
        cairo_line_to (cr, x + a - b, y - a);
        cairo_line_to (cr, x + a, y - a + b);
        cairo_line_to (cr, x + b, y);
        cairo_line_to (cr, x + a, y + a - b);
        cairo_line_to (cr, x + a - b, y + a);
        cairo_line_to (cr, x, y + b);
        cairo_line_to (cr, x - a + b, y + a);
        cairo_line_to (cr, x - a, y + a - b);
        cairo_line_to (cr, x - b, y);
        cairo_close_path (cr);
      }
      break;
    case TL_MARK_ERROR:
      cairo_move_to (cr, x, y - r * 1.1);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case TL_MARK_PRINT:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * 0.8, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case TL_MARK_WRITE:
    case TL_MARK_READ:
      cairo_rectangle (cr, x - r * 0.75, y - r * 0.75, r * 1.5, r * 1.5);
      break;
    case TL_MARK_MESSAGE:
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;
    case TL_MARK_USER:
      cairo_move_to (cr, x - r, y - r * 0.8);
      cairo_line_to (cr, x + r, y - r * 0.8);
      cairo_line_to (cr, x, y + r);
      cairo_close_path (cr);
      break;
    case TL_MARK_WAKE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * 0.7, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    case TL_MARK_LIFECYCLE:
      cairo_rectangle (cr, x - 1, y - r * 1.2, 2, r * 2.4);
      break;
    case TL_N_MARKS:
    default:
      break;
    }
}

gboolean
_tl_painter_mark_is_hollow (TlMarkClass mark)
{
  return mark == TL_MARK_READ || mark == TL_MARK_WAKE;
}

void
_tl_painter_fill_marks (TlPainter     *self,
                        cairo_t       *cr,
                        TlMarkClass    mark,
                        const double  *points,
                        guint          n_points,
                        double         size,
                        const TlRgba  *under)
{
  /* Fills only: cairo strokes cost several times a fill.  A halo in the
   * colour underneath keeps marks readable on any span, and a hollow
   * mark is its shape with a smaller one punched out. */
  for (guint i = 0; i < n_points; i++)
    {
      double x = points[2 * i], y = points[2 * i + 1];

      /* One fill per shape: overlapping shapes in one path would make
       * cairo work out every overlap. */
      _tl_painter_mark_path (cr, mark, x, y, size + 3);
      tl_rgba_set_source (cr, under);
      cairo_fill (cr);
      _tl_painter_mark_path (cr, mark, x, y, size);
      tl_rgba_set_source (cr, &self->palette->mark[mark]);
      cairo_fill (cr);
      if (_tl_painter_mark_is_hollow (mark))
        {
          _tl_painter_mark_path (cr, mark, x, y, size * 0.5);
          tl_rgba_set_source (cr, under);
          cairo_fill (cr);
        }
    }
}

/* Opaque whole-pixel rectangles of one colour, straight into an image
 * target's pixels (see fill_batches_direct ()); FALSE when it is not
 * such a target. */
static gboolean
fill_rects_direct (cairo_t      *cr,
                   GArray       *rects,
                   const TlRgba *rgba)
{
  guint32 colour = _tl_painter_argb_pixel (rgba);
  TlDirectTarget t;

  if (rgba->a < 1.0 || !_tl_painter_direct_target_init (cr, &t))
    return FALSE;
  for (guint i = 0; i < rects->len; i++)
    {
      const TlRect *r = &g_array_index (rects, TlRect, i);
      int x0 = MAX ((int) (r->x * t.scale) + t.dx, t.x0);
      int y0 = MAX ((int) (r->y * t.scale) + t.dy, t.y0);
      int x1 = MIN ((int) ((r->x + r->w) * t.scale) + t.dx, t.x1);
      int y1 = MIN ((int) ((r->y + r->h) * t.scale) + t.dy, t.y1);

      for (int y = y0; y < y1; y++)
        {
          guint32 *row = (guint32 *) (gpointer) (t.data + (gsize) y * t.stride);

          for (int x = x0; x < x1; x++)
            row[x] = colour;
        }
    }
  cairo_surface_mark_dirty (t.surface);
  return TRUE;
}

/* A mark with its halo, drawn once; an odd size, so that its centre
 * falls on a pixel's centre, as the marks' do. */
static cairo_surface_t *
ensure_sprite (TlPainter *self,
               guint      mark,
               int        scale,
               double     size)
{
  int s = (int) ceil (size + 5);
  double centre[2];
  cairo_t *cr;

  if (s % 2 == 0)
    s++;
  if (self->sprite_scale != scale)
    {
      for (guint i = 0; i < TL_N_MARKS; i++)
        g_clear_pointer (&self->sprites[i], cairo_surface_destroy);
      self->sprite_scale = scale;
    }
  if (self->sprites[mark] != NULL)
    return self->sprites[mark];

  self->sprites[mark] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, s * scale, s * scale);
  cairo_surface_set_device_scale (self->sprites[mark], scale, scale);
  cr = cairo_create (self->sprites[mark]);
  centre[0] = centre[1] = s / 2.0;
  _tl_painter_fill_marks (self, cr, mark, centre, 1, size, &self->palette->background);
  cairo_destroy (cr);
  cairo_surface_flush (self->sprites[mark]);
  return self->sprites[mark];
}

/* OVER, premultiplied, rounded as pixman rounds. */
static inline guint32
over (guint32 src,
      guint32 dst)
{
  guint32 ia = 255 - (src >> 24), out = 0;

  for (int shift = 0; shift < 32; shift += 8)
    {
      guint32 t = ((dst >> shift) & 0xff) * ia + 0x80;

      out |= MIN (((src >> shift) & 0xff) + ((t + (t >> 8)) >> 8), 255u) << shift;
    }
  return out;
}

/* Marks on an image surface: each one a copy of its sprite, blended in,
 * rather than two or three cairo fills (a microsecond or more each). */
static gboolean
blit_marks (TlPainter  *self,
            cairo_t    *cr,
            GArray    **points,
            double      size)
{
  TlDirectTarget t;

  if (!_tl_painter_direct_target_init (cr, &t))
    return FALSE;

  for (guint m = TL_N_MARKS; m-- > 0;)
    {
      cairo_surface_t *sprite;
      const guint32 *pixels;
      int s, sprite_stride, half;

      if (points[m]->len == 0)
        continue;
      sprite = ensure_sprite (self, m, t.scale, size);
      pixels = (const guint32 *) (gpointer) cairo_image_surface_get_data (sprite);
      s = cairo_image_surface_get_width (sprite);
      sprite_stride = cairo_image_surface_get_stride (sprite) / 4;
      half = s / 2;
      for (guint i = 0; i < points[m]->len; i++)
        {
          const double *pt = &g_array_index (points[m], double, i * 2);
          /* The centre is at a pixel's centre: (k + 0.5) user units. */
          int cx = (int) floor (pt[0]) * t.scale + t.dx + t.scale / 2;
          int cy = (int) floor (pt[1]) * t.scale + t.dy + t.scale / 2;
          int x0 = cx - half, y0 = cy - half;

          for (int y = MAX (y0, t.y0); y < MIN (y0 + s, t.y1); y++)
            {
              guint32 *row = (guint32 *) (gpointer) (t.data + (gsize) y * t.stride);
              const guint32 *srow = pixels + (gsize) (y - y0) * sprite_stride;

              for (int x = MAX (x0, t.x0); x < MIN (x0 + s, t.x1); x++)
                {
                  guint32 src = srow[x - x0];

                  if (src >> 24 == 0xff)
                    row[x] = src;
                  else if (src != 0)
                    row[x] = over (src, row[x]);
                }
            }
        }
    }
  cairo_surface_mark_dirty (t.surface);
  return TRUE;
}

/* A message sent and not received yet (live, or at a replay's
 * playhead): who gets it is still to come. */
static void
note_in_flight (TlPainter    *self,
                guint32       lane_index,
                guint32       index,
                const double *point,
                GArray       *flights)
{
  guint n;
  const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (self->model, lane_index), &n);

  if (index < n && _tl_painter_in_flight (self, lane_index, &instants[index]))
    g_array_append_vals (flights, point, 1);
}

/* On its way: a short dashed tail after the mark, in the message's colour,
 * ending in an open head. */
static void
draw_in_flight (TlPainter *self,
                cairo_t   *cr,
                GArray    *flights,
                double     size)
{
  const TlPalette *p = self->palette;
  double dash[] = { p->line_width * 2, p->line_width * 1.5 };
  double length = size * 2.2, head = size * 0.45;

  if (flights->len == 0)
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (1.0, p->line_width));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  tl_rgba_set_source (cr, &p->flow[TL_FLOW_MESSAGE]);
  for (guint i = 0; i < flights->len; i++)
    {
      const double *pt = &g_array_index (flights, double, i * 2);
      double x0 = pt[0] + size / 2 + 1, x1 = pt[0] + size / 2 + length;

      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x0, pt[1]);
      cairo_line_to (cr, x1, pt[1]);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, x1 - head, pt[1] - head);
      cairo_line_to (cr, x1, pt[1]);
      cairo_line_to (cr, x1 - head, pt[1] + head);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static gboolean crash_room (TlPainter             *self,
                            const TlRow           *row,
                            const TlViewport      *viewport,
                            const TlPaintGeometry *g,
                            double                *x0,
                            double                *x1);

/* Marks that say something in words; their text may go over the others
 * (a message sent, a thread ending), never over one of them. */
static gboolean
says (guint mark)
{
  return mark <= TL_MARK_READ;
}

static double
next_saying (GArray *bins,
             guint   from,
             double  end)
{
  for (guint i = from; i < bins->len; i++)
    {
      const TlMarkBin *bin = &g_array_index (bins, TlMarkBin, i);

      if (bin->x >= end)
        break;
      if (says ((guint) g_bit_nth_lsf (bin->mask, -1)))
        return bin->x;
    }
  return end;
}

/* The instant a bin shows: its own when alone, else the first of the
 * class on top (an exception raised and sent on at once shows the
 * exception). */
static guint32
instant_of_bin (TlPainter       *self,
                guint32          lane_index,
                const TlMarkBin *bin,
                guint            mark,
                const TlTimeMap *map,
                double           size)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, lane_index);
  const TlInstant *instants;
  guint n, first, count, until;

  if (bin->count == 1)
    return bin->index;
  instants = tl_lane_get_instants (lane, &n);
  until = tl_lane_count_instants_until (lane, self->horizon);
  tl_lane_get_instant_range (lane, tl_time_map_time (map, bin->x - size),
                             tl_time_map_time (map, bin->x + size), &first, &count);
  for (guint i = first; i < MIN (first + count, until); i++)
    if (tl_mark_class_for_event (instants[i].kind) == mark)
      return i;
  return TL_INDEX_NONE;
}

/* Numbers are shown whole or not at all; text is cut at its end.  Text
 * goes after its mark, or before it where only there is room for it. */
static void
draw_labels (TlPainter *self,
             cairo_t   *cr,
             GArray    *labels)
{
  const TlPalette *p = self->palette;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) fitted = g_string_new (NULL);
  double half = p->marker_size / 2 + LABEL_GAP, used = 0;
  guint32 lane_index = TL_INDEX_NONE;
  int text_h;

  tl_text_cache_measure (self->text, TL_FONT_SMALL, "Ag", 0, NULL, &text_h);
  for (guint i = 0; i < labels->len; i++)
    {
      const MarkLabel *label = &g_array_index (labels, MarkLabel, i);
      TlLane *lane = tl_trace_model_get_lane (self->model, label->lane);
      guint n;
      const TlInstant *instant;
      gboolean whole;
      double after, before, x;
      int w;

      if (label->index == TL_INDEX_NONE)
        continue;
      instant = &tl_lane_get_instants (lane, &n)[label->index];
      whole = instant->kind == TL_EVENT_READ || instant->kind == TL_EVENT_WRITE;

      if (label->lane != lane_index)
        {
          lane_index = label->lane;
          used = 0;
        }
      after = label->right - (label->x + half);
      before = label->x - half - MAX (label->left, used);
      g_string_truncate (text, 0);
      tl_describe_append_instant_label (self->model, instant, text);
      if (text->len == 0)
        continue;
      tl_text_cache_measure (self->text, TL_FONT_SMALL, text->str, 0, &w, NULL);
      if (w <= after || (whole && w > before) || (!whole && after >= before))
        {
          if (whole && w > after)
            continue;
          _tl_painter_fit_text_end (self, TL_FONT_SMALL, text->str, after, fitted);
          x = label->x + half;
        }
      else
        {
          _tl_painter_fit_text_end (self, TL_FONT_SMALL, text->str, before, fitted);
          tl_text_cache_measure (self->text, TL_FONT_SMALL, fitted->str, 0, &w, NULL);
          x = label->x - half - w;
        }
      if (fitted->len == 0)
        continue;
      tl_text_cache_measure (self->text, TL_FONT_SMALL, fitted->str, 0, &w, NULL);
      _tl_painter_show_haloed (self, cr, TL_FONT_SMALL, fitted->str, x, floor (label->y - text_h / 2.0));
      used = MAX (x + w, label->x + half) + LABEL_GAP;
      self->stats.texts++;
    }
}

void
_tl_painter_draw_marks (TlPainter             *self,
                        cairo_t               *cr,
                        guint                  first_row,
                        guint                  end_row,
                        const TlViewport      *viewport,
                        const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  double size = p->marker_size;
  GArray *points[TL_N_MARKS];
  GArray *ticks[TL_N_MARKS];
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GArray) flights = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  TlSummaryStats stats = { 0 };
  double left = 0, crash_x0 = 0, crash_x1 = 0;
  gboolean crashed;
  guint row_labels;

  if (self->options & TL_PAINT_SHOW_LABELS)
    labels = g_array_new (FALSE, FALSE, sizeof (MarkLabel));

  for (guint m = 0; m < TL_N_MARKS; m++)
    {
      points[m] = g_array_new (FALSE, FALSE, sizeof (double) * 2);
      ticks[m] = g_array_new (FALSE, FALSE, sizeof (TlRect));
    }

  for (guint r = first_row; r < end_row; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      double ty, th, y;

      if (row->kind != TL_ROW_LANE || row->lane_kind == TL_LANE_COUNTER)
        continue;
      if (!tl_layout_get_track (self->layout, row, 0, &ty, &th))
        continue;
      y = floor (_tl_painter_screen_y (g, viewport, ty) + th / 2) + 0.5;
      left = g->plot_x + LABEL_GAP;
      crashed = labels != NULL && crash_room (self, row, viewport, g, &crash_x0, &crash_x1);
      row_labels = labels != NULL ? labels->len : 0;

      g_array_set_size (self->bins, 0);
      tl_trace_summary_collect_marks (self->summary, row->lane, &g->map, size,
                                      tl_lane_count_instants_until (tl_trace_model_get_lane (self->model, row->lane),
                                                                    self->horizon),
                                      self->bins, &stats);
      for (guint i = 0; i < self->bins->len; i++)
        {
          const TlMarkBin *bin = &g_array_index (self->bins, TlMarkBin, i);
          guint mark = (guint) g_bit_nth_lsf (bin->mask, -1);
          double point[2] = { floor (bin->x) + 0.5, y };

          if (mark >= TL_N_MARKS || bin->x < g->plot_x - size ||
              bin->x > g->plot_x + g->plot_width + size)
            continue;
          if (labels != NULL && says (mark) && bin->count <= MAX_LABELLED_BIN)
            {
              MarkLabel label = { row->lane, instant_of_bin (self, row->lane, bin, mark, &g->map, size),
                                  point[0], y, left, 0 };

              label.right = next_saying (self->bins, i + 1, g->plot_x + g->plot_width) - size / 2 -
                            LABEL_GAP;
              if (label.index != TL_INDEX_NONE)
                g_array_append_val (labels, label);
            }
          if (says (mark))
            left = point[0] + size / 2 + LABEL_GAP;
          self->stats.marks++;
          /* Crowded instants would hide the states under them: a tick
           * along the top says "things happen here", the way a rug plot
           * does.  Failures always get their full mark. */
          if (bin->count > 1 && mark != TL_MARK_CRASH && mark != TL_MARK_ERROR)
            {
              TlRect tick = { floor (bin->x), floor (_tl_painter_screen_y (g, viewport, ty)) + 1,
                              MAX (1.0, round (size / 5)), MAX (3.0, round (th * 0.3)) };

              g_array_append_val (ticks[mark], tick);
              self->drawn_marks |= 1u << mark;
              continue;
            }
          g_array_append_vals (points[mark], point, 1);
          self->drawn_marks |= 1u << mark;
          if (mark == TL_MARK_MESSAGE && bin->count == 1)
            note_in_flight (self, row->lane, bin->index, point, flights);
        }
      if (crashed)
        keep_out (labels, row_labels, crash_x0, crash_x1);
    }

  for (guint m = 0; m < TL_N_MARKS; m++)
    {
      if (ticks[m]->len == 0 || fill_rects_direct (cr, ticks[m], &p->mark[m]))
        continue;
      for (guint i = 0; i < ticks[m]->len; i++)
        {
          const TlRect *r = &g_array_index (ticks[m], TlRect, i);

          cairo_rectangle (cr, r->x, r->y, r->w, r->h);
        }
      tl_rgba_set_source (cr, &p->mark[m]);
      cairo_fill (cr);
    }

  draw_in_flight (self, cr, flights, size);
  /* Least important first, so that errors and crashes end up on top. */
  if (!blit_marks (self, cr, points, size))
    for (guint m = TL_N_MARKS; m-- > 0;)
      if (points[m]->len > 0)
        _tl_painter_fill_marks (self, cr, m, (const double *) (gpointer) points[m]->data,
                                points[m]->len, size, &p->background);

  for (guint m = 0; m < TL_N_MARKS; m++)
    {
      g_array_unref (points[m]);
      g_array_unref (ticks[m]);
    }
  self->stats.nodes += stats.nodes;
  if (labels != NULL)
    draw_labels (self, cr, labels);
}

/* Where a crashed process's end is drawn on its row: the mark at @x, and
 * its words (into @words, empty when there is no room) from @text_x;
 * FALSE when the row shows no crash in view. */
static gboolean
place_crash (TlPainter             *self,
             const TlRow           *row,
             const TlViewport      *viewport,
             const TlPaintGeometry *g,
             double                *x,
             double                *y,
             double                *text_x,
             GString               *words)
{
  const TlPalette *p = self->palette;
  const TlProcess *process;
  g_autofree char *end = NULL;
  gint64 end_ts;
  double ty, th, size = p->marker_size, left, right, room;
  int w;

  g_string_truncate (words, 0);
  if (row->kind == TL_ROW_FOLDED || (row->kind == TL_ROW_LANE && !row->merged))
    return FALSE;
  process = tl_trace_model_get_process (self->model, row->process);
  /* A process the run's end took with it did not crash. */
  if (!process->signaled || process->stopped ||
      !tl_trace_model_process_ended (self->model, row->process, self->horizon, &end_ts) || end_ts == TL_TS_NONE)
    return FALSE;
  *x = tl_time_map_x (&g->map, end_ts);
  if (*x < g->plot_x - size || *x > g->plot_x + g->plot_width + size)
    return FALSE;
  if (row->kind == TL_ROW_LANE && tl_layout_get_track (self->layout, row, 0, &ty, &th))
    *y = floor (_tl_painter_screen_y (g, viewport, ty) + th / 2) + 0.5;
  else
    *y = floor (_tl_painter_screen_y (g, viewport, row->y) + row->height / 2) + 0.5;
  *x = floor (*x) + 0.5;
  *text_x = *x;
  if (!(self->options & TL_PAINT_SHOW_LABELS))
    return TRUE;

  end = tl_describe_process_end (self->model, row->process);
  tl_text_cache_measure (self->text, TL_FONT_SMALL, end, 0, &w, NULL);
  right = g->plot_x + g->plot_width - (*x + size / 2 + LABEL_GAP) - LABEL_GAP;
  left = *x - size / 2 - LABEL_GAP - g->plot_x - LABEL_GAP;
  room = w <= right ? right : MAX (left, right);
  _tl_painter_fit_text_end (self, TL_FONT_SMALL, end, room, words);
  tl_text_cache_measure (self->text, TL_FONT_SMALL, words->str, 0, &w, NULL);
  *text_x = room == right ? *x + size / 2 + LABEL_GAP : *x - size / 2 - LABEL_GAP - w;
  return TRUE;
}

/* The room a crash's words take on @row, which other words keep out of:
 * [*x0, *x1]; FALSE when there are none. */
static gboolean
crash_room (TlPainter             *self,
            const TlRow           *row,
            const TlViewport      *viewport,
            const TlPaintGeometry *g,
            double                *x0,
            double                *x1)
{
  g_autoptr(GString) words = g_string_new (NULL);
  double x, y, text_x, half = self->palette->marker_size / 2 + LABEL_GAP;
  int w = 0;

  if (!place_crash (self, row, viewport, g, &x, &y, &text_x, words))
    return FALSE;
  if (words->len > 0)
    tl_text_cache_measure (self->text, TL_FONT_SMALL, words->str, 0, &w, NULL);
  *x0 = MIN (x - half, text_x) - LABEL_GAP;
  *x1 = MAX (x + half, text_x + w) + LABEL_GAP;
  return TRUE;
}

/* A crashed process says so at its own end, on its own row, not only
 * where its parent noticed. */
static void
draw_crash (TlPainter             *self,
            cairo_t               *cr,
            const TlRow           *row,
            const TlViewport      *viewport,
            const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  g_autoptr(GString) words = g_string_new (NULL);
  double x, y, text_x;
  int h;

  if (!place_crash (self, row, viewport, g, &x, &y, &text_x, words))
    return;
  _tl_painter_fill_marks (self, cr, TL_MARK_CRASH, (double[]) { x, y }, 1, p->marker_size,
                          &p->background);
  self->drawn_marks |= 1u << TL_MARK_CRASH;
  if (words->len == 0)
    return;
  tl_text_cache_measure (self->text, TL_FONT_SMALL, words->str, 0, NULL, &h);
  _tl_painter_show_haloed (self, cr, TL_FONT_SMALL, words->str, text_x, floor (y - h / 2.0));
  self->stats.texts++;
}

void
_tl_painter_draw_process_ends (TlPainter             *self,
                               cairo_t               *cr,
                               guint                  first_row,
                               guint                  end_row,
                               const TlViewport      *viewport,
                               const TlPaintGeometry *g)
{
  for (guint r = first_row; r < end_row; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);

      if (row->kind == TL_ROW_PROCESS || row->merged)
        draw_crash (self, cr, row, viewport, g);
    }
}
