/* tl-painter-gutter.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names left of the plot.  The gutter is as wide as its longest name
 * needs, up to a share of the picture; a name that still does not fit is
 * shortened where its identity is not (tl-painter-text.c).  Pids and tids
 * are shown only when asked for (the inspector and tooltips have them).
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tl-describe.h"
#include "tl-painter-private.h"

#define PAD 8.0
/* The gutter never takes more of the picture than this. */
#define MAX_SHARE 0.3

static void
draw_disclosure (cairo_t *cr,
                 double   x,
                 double   y,
                 double   size,
                 gboolean open)
{
  double h = size / 2;

  if (open)
    {
      cairo_move_to (cr, x - h, y - h * 0.5);
      cairo_line_to (cr, x + h, y - h * 0.5);
      cairo_line_to (cr, x, y + h * 0.6);
    }
  else
    {
      cairo_move_to (cr, x - h * 0.5, y - h);
      cairo_line_to (cr, x + h * 0.6, y);
      cairo_line_to (cr, x - h * 0.5, y + h);
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

static gboolean
is_header (const TlRow *row)
{
  return row->kind == TL_ROW_PROCESS || row->merged;
}

static double
indent (TlPainter   *self,
        const TlRow *row)
{
  double step = round (self->palette->font_size * 1.6);

  /* Headers leave room for the disclosure triangle; a merged row has
   * none but lines up with the headers; so does the row of processes
   * folded away. */
  return is_header (row) || (row->kind == TL_ROW_FOLDED && row->process == TL_INDEX_NONE)
         ? PAD + step * 0.6 : step;
}

/* A counter's scale: the range its line spans, from 0 when it never goes
 * below ("0–8"). */
static void
append_scale (TlPainter   *self,
              const TlRow *row,
              GString     *out)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  double min, max;

  if (!tl_trace_summary_get_counter_range (self->summary, row->lane,
                                           tl_lane_count_samples_until (tl_trace_model_get_lane (self->model,
                                                                                                 row->lane),
                                                                        self->horizon),
                                           &min, &max))
    return;
  low = tl_format_number (MIN (min, 0));
  high = tl_format_number (max);
  /* TRANSLATORS: the range of a counter's values, "0–8" */
  g_string_append_printf (out, _("%s–%s"), low, high);
}

/* A row of sibling processes folded to fit: how many, and the name they
 * share but for its number ("8 × ForkPoolWorker"), when they share one. */
static void
append_group_words (TlPainter   *self,
                    const TlRow *row,
                    GString     *name)
{
  g_autoptr(GString) one = g_string_new (NULL);
  g_autofree char *stem = NULL;
  guint32 last = TL_INDEX_NONE;
  gboolean shared = TRUE;
  guint n;
  const guint32 *lanes = tl_layout_get_folded (self->layout, row, &n);

  for (guint i = 0; i < n && shared; i++)
    {
      guint32 process = tl_lane_get_process (tl_trace_model_get_lane (self->model, lanes[i]));
      gsize len;

      if (process == last)
        continue;
      last = process;
      g_string_truncate (one, 0);
      tl_describe_append_process_name (self->model, process, one);
      len = one->len;
      while (len > 0 && g_ascii_isdigit (one->str[len - 1]))
        len--;
      while (len > 0 && (one->str[len - 1] == '-' || one->str[len - 1] == ' '))
        len--;
      if (stem == NULL && len > 0)
        stem = g_strndup (one->str, len);
      else
        shared = len > 0 && strlen (stem) == len && strncmp (stem, one->str, len) == 0;
    }
  if (shared && stem != NULL)
    /* TRANSLATORS: one row for sibling processes of one name, folded so
     * that the rows fit the screen: "8 × ForkPoolWorker" */
    g_string_append_printf (name, _("%u × %s"), row->n_folded, stem);
  else
    /* TRANSLATORS: one row for sibling processes folded so that the rows
     * fit the screen: "8 processes" */
    g_string_append_printf (name, g_dngettext (GETTEXT_PACKAGE, "%u process", "%u processes", row->n_folded),
                            row->n_folded);
}

/* What a row is called, and the small dim words after it. */
static void
row_words (TlPainter   *self,
           const TlRow *row,
           GString     *name,
           GString     *tag)
{
  gboolean ids = (self->options & TL_PAINT_SHOW_IDS) != 0;

  g_string_truncate (name, 0);
  g_string_truncate (tag, 0);
  if (row->grouped)
    {
      append_group_words (self, row, name);
      return;
    }
  if (row->kind == TL_ROW_FOLDED)
    {
      g_autofree char *words = tl_describe_folded (row->n_folded, row->process == TL_INDEX_NONE);

      g_string_append (name, words);
      return;
    }
  if (is_header (row))
    {
      const TlProcess *process = tl_trace_model_get_process (self->model, row->process);

      tl_describe_append_process_name (self->model, row->process, name);
      if (ids)
        g_string_append_printf (tag, "%u", process->pid);
      if (tl_trace_model_process_ended (self->model, row->process, self->horizon, NULL))
        {
          if (tag->len > 0)
            g_string_append (tag, " · ");
          if (process->stopped)
            g_string_append (tag, _("stopped"));
          else if (process->signaled)
            g_string_append_printf (tag, _("signal %d"), process->exit_status);
          else
            g_string_append_printf (tag, _("exit %d"), process->exit_status);
        }
      return;
    }

  tl_describe_append_lane_in_process (self->model, row->lane, name);
  switch (row->lane_kind)
    {
    case TL_LANE_THREAD:
      if (ids)
        g_string_append_printf (tag, "%" G_GUINT64_FORMAT,
                                tl_lane_get_key (tl_trace_model_get_lane (self->model, row->lane)));
      break;
    case TL_LANE_LOCK:
      g_string_append (tag, _("lock"));
      break;
    case TL_LANE_ASYNC:
      g_string_append (tag, _("async"));
      break;
    case TL_LANE_COUNTER:
      append_scale (self, row, tag);
      break;
    case TL_LANE_GIL:
    case TL_N_LANE_KINDS:
    default:
      break;
    }
}

/* Bold for processes; a row of siblings folded to fit is as wide as
 * its name, which has a number and a name in it, so it stays regular. */
static TlFont
name_font (const TlRow *row)
{
  return is_header (row) || (row->kind == TL_ROW_FOLDED && row->process == TL_INDEX_NONE && !row->grouped)
         ? TL_FONT_BOLD : TL_FONT_NORMAL;
}

static gboolean
name_fits (TlPainter   *self,
           const TlRow *row,
           const char  *name,
           double       room)
{
  int w;

  tl_text_cache_measure (self->text, name_font (row), name, 0, &w, NULL);
  return w <= room;
}

/* The width every name needs whole: the widest row's. */
static double
names_width (TlPainter *self)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) tag = g_string_new (NULL);
  double widest = 0;

  for (guint r = 0; r < tl_layout_get_n_rows (self->layout); r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      int name_w, tag_w = 0;
      double w;

      row_words (self, row, name, tag);
      tl_text_cache_measure (self->text, name_font (row), name->str, 0, &name_w, NULL);
      if (tag->len > 0)
        tl_text_cache_measure (self->text, TL_FONT_SMALL, tag->str, 0, &tag_w, NULL);
      w = indent (self, row) + name_w + (tag_w > 0 ? PAD + tag_w : 0) + PAD;
      widest = MAX (widest, w);
    }
  return ceil (widest);
}

double
_tl_painter_gutter_width (TlPainter *self,
                          int        width)
{
  double least = round (self->palette->font_size * 6);

  _tl_painter_ensure_style (self);
  if (self->name_width < 0)
    self->name_width = names_width (self);
  return MIN (MAX (self->name_width, least), floor (width * MAX_SHARE));
}

void
_tl_painter_draw_gutter (TlPainter             *self,
                         cairo_t               *cr,
                         const TlViewport      *viewport,
                         const TlPaintGeometry *g)
{
  const TlPalette *p = self->palette;
  guint n_rows = tl_layout_get_n_rows (self->layout);
  guint first = tl_layout_find_row (self->layout, MAX (0.0, viewport->scroll_y));
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) tag = g_string_new (NULL);
  g_autoptr(GString) fitted = g_string_new (NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, g->plot_y, g->gutter_width, g->plot_height);
  cairo_clip (cr);
  tl_rgba_set_source (cr, &p->gutter_bg);
  cairo_paint (cr);

  for (guint r = first; r < n_rows; r++)
    {
      const TlRow *row = tl_layout_get_row (self->layout, r);
      double y = floor (_tl_painter_screen_y (g, viewport, row->y) + 0.5);
      double ty = y, th = row->height - (row->kind == TL_ROW_LANE ? p->lane_gap : 0);
      double x = indent (self, row), room;
      int text_h, tag_w = 0, tag_h = 0;

      if (y >= g->plot_y + g->plot_height)
        break;

      if (is_header (row) || row->kind == TL_ROW_FOLDED)
        {
          tl_rgba_set_source (cr, &p->process_bg);
          cairo_rectangle (cr, 0, y, g->gutter_width, row->height);
          cairo_fill (cr);
        }
      else if (row->stripe % 2 == 1)
        {
          tl_rgba_set_source (cr, &p->row_alt);
          cairo_rectangle (cr, 0, y, g->gutter_width, row->height);
          cairo_fill (cr);
        }
      /* A lane's name sits by its first track, the thread's state. */
      if (row->kind == TL_ROW_LANE && row->lane_kind != TL_LANE_COUNTER &&
          tl_layout_get_track (self->layout, row, 0, &ty, &th))
        ty = floor (_tl_painter_screen_y (g, viewport, ty) + 0.5);
      if (row->kind == TL_ROW_PROCESS)
        {
          tl_rgba_set_source (cr, &p->text);
          draw_disclosure (cr, PAD + round (p->font_size * 1.6) / 4, y + row->height / 2,
                           p->font_size * 0.7, !row->collapsed);
        }

      row_words (self, row, name, tag);
      if (tag->len > 0)
        tl_text_cache_measure (self->text, TL_FONT_SMALL, tag->str, 0, &tag_w, &tag_h);
      room = g->gutter_width - x - PAD - (tag_w > 0 ? tag_w + PAD : 0);
      /* The name is who it is: the tag gives way first. */
      if (tag_w > 0 && !name_fits (self, row, name->str, room))
        {
          g_string_truncate (tag, 0);
          tag_w = 0;
          room = g->gutter_width - x - PAD;
        }
      _tl_painter_fit_text (self, name_font (row), name->str, MAX (room, 8), fitted);
      tl_text_cache_measure (self->text, name_font (row), fitted->str, 0, NULL, &text_h);
      tl_rgba_set_source (cr, &p->text);
      tl_text_cache_show (self->text, cr, name_font (row), fitted->str, 0, x,
                          ty + floor ((th - text_h) / 2));
      if (tag->len > 0)
        {
          tl_rgba_set_source (cr, &p->text_dim);
          tl_text_cache_show (self->text, cr, TL_FONT_SMALL, tag->str, 0,
                              g->gutter_width - PAD - tag_w, ty + floor ((th - tag_h) / 2));
        }
    }

  tl_rgba_set_source (cr, &p->separator);
  cairo_rectangle (cr, g->gutter_width - 1, g->plot_y, 1, g->plot_height);
  cairo_fill (cr);
  cairo_restore (cr);
}
