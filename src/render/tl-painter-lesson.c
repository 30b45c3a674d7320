/* tl-painter-lesson.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lesson beside the lanes: the run's result cards and its comparison
 * chart (tl-lesson.h), in a column right of the plot, so that they never
 * cover a lane and are in every exported picture.  Their text is the
 * painter's, at the style's sizes: in presentation, as large as the rest.
 * A card whose facts are not in yet says so; a bar not yet measured is an
 * empty outline; what does not fit the column's height is left out from
 * the end.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

/* The column: about a quarter of the picture, at most this many ems. */
#define SHARE 0.28
#define MAX_EMS 30.0
#define MIN_EMS 11.0
#define MAX_SHARE 0.4

/* A drawing pass or a measuring one: the same walk through the content. */
typedef struct
{
  TlPainter *self;
  cairo_t   *cr;          /* NULL: measure only */
  double     x;           /* the content's left edge */
  double     width;       /* and width */
  double     y;           /* where the next line goes */
  double     bottom;      /* nothing below this is drawn */
  gboolean   full;        /* something did not fit */
} Flow;

static double
em (TlPainter *self)
{
  return self->palette->font_size;
}

double
_tl_painter_lesson_width (TlPainter *self,
                          int        width)
{
  double w;

  if (self->lesson == NULL || !(self->options & TL_PAINT_SHOW_LESSON) ||
      (tl_lesson_get_n_cards (self->lesson) == 0 &&
       tl_lesson_get_chart_kind (self->lesson) == TL_LESSON_CHART_NONE))
    return 0;
  w = MIN (width * SHARE, MAX_EMS * em (self));
  w = MAX (w, MIN (MIN_EMS * em (self), width * MAX_SHARE));
  return floor (w);
}

/* ---- text that wraps ---------------------------------------------------------------- */

static double
text_width (TlPainter  *self,
            TlFont      font,
            const char *text)
{
  int w;

  tl_text_cache_measure (self->text, font, text, 0, &w, NULL);
  return w;
}

static double
line_height (TlPainter *self,
             TlFont     font)
{
  int h;

  tl_text_cache_measure (self->text, font, "Ag", 0, NULL, &h);
  return h;
}

/* @text broken at spaces into lines no wider than @width (a word wider
 * than that is cut where it is drawn). */
static GPtrArray *
wrap (TlPainter  *self,
      TlFont      font,
      const char *text,
      double      width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  double space = text_width (self, font, "a b") - text_width (self, font, "ab");
  double used = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      double w = text_width (self, font, words[i]);

      if (line->len > 0 && used + space + w > width)
        {
          g_ptr_array_add (lines, g_strdup (line->str));
          g_string_truncate (line, 0);
          used = 0;
        }
      if (line->len > 0)
        {
          g_string_append_c (line, ' ');
          used += space;
        }
      g_string_append (line, words[i]);
      used += w;
    }
  if (line->len > 0 || lines->len == 0)
    g_ptr_array_add (lines, g_strdup (line->str));
  return lines;
}

/* Writes @text from the flow's left edge plus @indent, wrapped; returns
 * FALSE, drawing nothing, when its first line does not fit. */
static gboolean
flow_text (Flow         *f,
           TlFont        font,
           const TlRgba *ink,
           const char   *text,
           double        indent)
{
  g_autoptr(GPtrArray) lines = wrap (f->self, font, text, f->width - indent);
  double h = line_height (f->self, font);

  for (guint i = 0; i < lines->len; i++)
    {
      if (f->y + h > f->bottom)
        {
          f->full = TRUE;
          return i > 0;
        }
      if (f->cr != NULL)
        {
          tl_rgba_set_source (f->cr, ink);
          tl_text_cache_show (f->self->text, f->cr, font, g_ptr_array_index (lines, i),
                              (int) (f->width - indent), f->x + indent, f->y);
        }
      f->y += h;
    }
  return TRUE;
}

/* ---- cards ------------------------------------------------------------------------------ */

static const TlRgba *
mood_colour (TlPainter    *self,
             TlLessonMood  mood)
{
  switch (mood)
    {
    case TL_LESSON_MOOD_GOOD:
      return &self->palette->fill[TL_PAINT_RUNNING];
    case TL_LESSON_MOOD_BAD:
      return &self->palette->mark[TL_MARK_ERROR];
    case TL_LESSON_MOOD_PLAIN:
    default:
      return &self->palette->text_dim;
    }
}

static void
flow_card (Flow                   *f,
           const TlLessonCardText *card)
{
  TlPainter *self = f->self;
  const TlPalette *p = self->palette;
  double stripe = MAX (3.0, round (em (self) * 0.25)), indent = stripe + round (em (self) * 0.5);
  double top = f->y, gap = round (em (self) * 0.6);
  /* A card without a title is its line, as a title. */
  TlFont font = card->title != NULL ? TL_FONT_NORMAL : TL_FONT_BOLD;

  if (card->title != NULL && !flow_text (f, TL_FONT_BOLD, &p->text, card->title, indent))
    return;
  if (card->lines->len == 0)
    /* TRANSLATORS: a result card whose facts the run has not given yet */
    flow_text (f, font, &p->text_dim, _("not yet"), indent);
  for (guint i = 0; i < card->lines->len && !f->full; i++)
    flow_text (f, font, &p->text, g_ptr_array_index (card->lines, i), indent);
  if (f->cr != NULL)
    {
      tl_rgba_set_source (f->cr, mood_colour (self, card->mood));
      cairo_rectangle (f->cr, f->x, top, stripe, f->y - top);
      cairo_fill (f->cr);
    }
  f->y += gap;
}

/* ---- the chart ----------------------------------------------------------------------------- */

static char *
bar_text (const TlLessonBar *bar)
{
  GString *text = g_string_new (NULL);

  if (bar->unreliable)
    g_string_append (text, "⚠ ");
  g_string_append (text, bar->label);
  if (bar->ready && bar->value_text != NULL)
    g_string_append_printf (text, ": %s", bar->value_text);
  else if (!bar->ready)
    g_string_append (text, ": …");
  if (bar->ready && bar->note != NULL)
    g_string_append_printf (text, " (%s)", bar->note);
  return g_string_free (text, FALSE);
}

static void
draw_bar (Flow              *f,
          const TlLessonBar *bar,
          double             scale,
          double             h)
{
  TlPainter *self = f->self;
  const TlPalette *p = self->palette;
  TlPaintClass colour = tl_lesson_get_chart_kind (self->lesson) == TL_LESSON_CHART_PARALLELISM
                        ? TL_PAINT_RUNNING : TL_PAINT_TASK;
  double w = bar->ready ? round (f->width * CLAMP (bar->value / scale, 0.0, 1.0)) : f->width;

  if (bar->ready && w > 0)
    {
      const TlRgba *fill = &p->fill[colour];

      /* Faded when other programs took the CPU: a figure to doubt. */
      cairo_rectangle (f->cr, f->x, f->y, MAX (w, 1.0), h);
      cairo_set_source_rgba (f->cr, fill->r, fill->g, fill->b, bar->unreliable ? 0.4 : 1.0);
      cairo_fill (f->cr);
    }
  else if (!bar->ready)
    {
      cairo_rectangle (f->cr, f->x + 0.5, f->y + 0.5, w - 1, h - 1);
      cairo_set_line_width (f->cr, 1.0);
      tl_rgba_set_source (f->cr, &p->text_dim);
      cairo_stroke (f->cr);
    }
}

/* The cores as a line across a parallelism chart's bars: no bar can
 * pass it. */
static void
draw_cores_line (Flow   *f,
                 double  top,
                 double  scale)
{
  TlPainter *self = f->self;
  guint cores = tl_lesson_get_n_cores (self->lesson);
  double x;

  if (f->cr == NULL || cores == 0 || f->y <= top)
    return;
  x = floor (f->x + f->width * MIN (cores / scale, 1.0)) - 0.5;
  cairo_save (f->cr);
  cairo_set_line_width (f->cr, MAX (1.0, self->palette->line_width));
  cairo_set_dash (f->cr, (double[]) { 4.0, 3.0 }, 2, 0);
  tl_rgba_set_source (f->cr, &self->palette->text);
  cairo_move_to (f->cr, x, top);
  cairo_line_to (f->cr, x, f->y);
  cairo_stroke (f->cr);
  cairo_restore (f->cr);
}

static void
flow_chart (Flow *f)
{
  TlPainter *self = f->self;
  TlLesson *lesson = self->lesson;
  const TlPalette *p = self->palette;
  const char *group = NULL;
  double bar_h = MAX (8.0, round (em (self) * 0.9)), gap = round (em (self) * 0.4);
  double scale = 1, top = f->y;
  gboolean first = TRUE;

  if (!flow_text (f, TL_FONT_BOLD, &p->text, tl_lesson_get_chart_title (lesson), 0))
    return;
  top = f->y;
  for (guint i = 0; i < tl_lesson_get_n_bars (lesson) && !f->full; i++)
    {
      const TlLessonBar *bar = tl_lesson_get_bar (lesson, i);
      g_autofree char *text = bar_text (bar);

      if (first || g_strcmp0 (bar->group, group) != 0)
        {
          group = bar->group;
          scale = tl_lesson_get_scale (lesson, group);
          if (bar->group != NULL && !flow_text (f, TL_FONT_BOLD, &p->text, bar->group, 0))
            break;
          first = FALSE;
        }
      if (!flow_text (f, TL_FONT_NORMAL, &p->text, text, 0))
        break;
      if (f->y + bar_h > f->bottom)
        {
          f->full = TRUE;
          break;
        }
      if (f->cr != NULL)
        draw_bar (f, bar, scale, bar_h);
      f->y += bar_h + gap;
    }
  if (tl_lesson_get_chart_kind (lesson) == TL_LESSON_CHART_PARALLELISM)
    draw_cores_line (f, top, scale);
  for (const char * const *line = tl_lesson_get_context (lesson); *line != NULL && !f->full; line++)
    flow_text (f, TL_FONT_SMALL, &p->text, *line, 0);
}

/* ---- the column ---------------------------------------------------------------------------- */

static void
flow_lesson (Flow *f)
{
  TlLesson *lesson = f->self->lesson;

  for (guint i = 0; i < tl_lesson_get_n_cards (lesson) && !f->full; i++)
    flow_card (f, tl_lesson_get_card (lesson, i));
  if (tl_lesson_get_chart_kind (lesson) != TL_LESSON_CHART_NONE && !f->full)
    flow_chart (f);
}

double
_tl_painter_lesson_height (TlPainter *self,
                           double     width)
{
  double pad = round (em (self) * 0.6);
  Flow f = { self, NULL, pad, width - 2 * pad, pad, G_MAXDOUBLE, FALSE };

  if (width <= 0)
    return 0;
  _tl_painter_ensure_style (self);
  flow_lesson (&f);
  return ceil (f.y + pad);
}

/* A replay short of the end: the cards would tell what is to come. */
static gboolean
before_the_end (TlPainter *self)
{
  gint64 start, end;

  if (self->horizon == TL_HORIZON_NONE)
    return FALSE;
  tl_trace_model_get_time_range (self->model, &start, &end);
  return self->horizon < end;
}

void
_tl_painter_draw_lesson (TlPainter             *self,
                         cairo_t               *cr,
                         const TlViewport      *viewport,
                         const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  double pad = round (em (self) * 0.6);
  Flow f = { self, cr, g->lesson_x + pad, g->lesson_width - 2 * pad, pad,
             g->legend_y - pad / 2, FALSE };

  cairo_save (cr);
  tl_rgba_set_source (cr, &p->gutter_bg);
  cairo_rectangle (cr, g->lesson_x, 0, g->lesson_width, g->legend_y);
  cairo_fill (cr);
  tl_rgba_set_source (cr, &p->separator);
  cairo_rectangle (cr, g->lesson_x, 0, 1, g->legend_y);
  cairo_fill (cr);
  cairo_rectangle (cr, g->lesson_x, 0, g->lesson_width, g->legend_y);
  cairo_clip (cr);
  if (before_the_end (self))
    flow_text (&f, TL_FONT_NORMAL, &p->text_dim, tl_describe_lesson_later_words (), 0);
  else
    flow_lesson (&f);
  cairo_restore (cr);
}
