/* tl-palette.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-describe.h"
#include "tl-palette.h"

/* Okabe & Ito, "Color Universal Design" (2008). */
#define OI_ORANGE     { 0.902, 0.624, 0.000, 1.0 }
#define OI_SKY        { 0.337, 0.706, 0.914, 1.0 }
#define OI_GREEN      { 0.000, 0.620, 0.451, 1.0 }
#define OI_YELLOW     { 0.941, 0.894, 0.259, 1.0 }
#define OI_BLUE       { 0.000, 0.447, 0.698, 1.0 }
#define OI_VERMILLION { 0.835, 0.369, 0.000, 1.0 }
#define OI_PURPLE     { 0.800, 0.475, 0.655, 1.0 }

static const TlRgba oi_orange = OI_ORANGE;
static const TlRgba oi_sky = OI_SKY;
static const TlRgba oi_green = OI_GREEN;
static const TlRgba oi_yellow = OI_YELLOW;
static const TlRgba oi_blue = OI_BLUE;
static const TlRgba oi_vermillion = OI_VERMILLION;
static const TlRgba oi_purple = OI_PURPLE;

static const TlRgba black = { 0, 0, 0, 1 };
static const TlRgba white = { 1, 1, 1, 1 };

static const char * const style_ids[TL_N_STYLES] = {
  [TL_STYLE_LIGHT] = "light",
  [TL_STYLE_DARK] = "dark",
  [TL_STYLE_HIGH_CONTRAST] = "high-contrast",
  [TL_STYLE_PRESENTATION] = "presentation",
};

static TlRgba
rgb (double r,
     double g,
     double b)
{
  return (TlRgba) { r, g, b, 1.0 };
}

static TlRgba
rgba (double r,
      double g,
      double b,
      double a)
{
  return (TlRgba) { r, g, b, a };
}

/* @a moved towards @b by @t. */
static TlRgba
mix (TlRgba a,
     TlRgba b,
     double t)
{
  return (TlRgba) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1.0 };
}

static void
set_sizes (TlPalette *p,
           double     scale)
{
  p->font_size = 12.0 * scale;
  p->small_font_size = 10.5 * scale;
  p->axis_height = round (30.0 * scale);
  p->gutter_width = round (190.0 * scale);
  p->process_height = round (24.0 * scale);
  p->state_height = round (22.0 * scale);
  p->track_height = round (14.0 * scale);
  p->counter_height = round (36.0 * scale);
  p->lane_gap = round (4.0 * scale);
  p->legend_row_height = round (22.0 * scale);
  p->marker_size = round (9.0 * scale);
  p->line_width = 1.5 * scale;
  p->pattern_size = round (6.0 * scale);
  p->min_tick_spacing = 100.0 * scale;
}

/* Doing something: saturated and solid.  Waiting: pale, with a pattern in
 * the saturated colour.  That makes "busy or not" readable in grey too. */
static void
set_state_colours (TlPalette *p,
                   TlRgba     base,
                   double     pale)
{
  p->fill[TL_PAINT_RUNNING] = oi_green;
  p->fill[TL_PAINT_HOLD_LOCK] = oi_orange;
  p->fill[TL_PAINT_HOLD_GIL] = rgb (0.627, 0.290, 0.478);     /* reddish purple, darker */
  p->fill[TL_PAINT_TASK] = oi_blue;
  p->fill[TL_PAINT_SLICE] = rgb (0.478, 0.541, 0.600);        /* slate */

  p->fill[TL_PAINT_WAIT_LOCK] = mix (oi_vermillion, base, pale);
  p->ink[TL_PAINT_WAIT_LOCK] = oi_vermillion;
  p->pattern[TL_PAINT_WAIT_LOCK] = TL_FILL_HATCH;

  p->fill[TL_PAINT_WAIT_GIL] = mix (oi_purple, base, pale);
  p->ink[TL_PAINT_WAIT_GIL] = rgb (0.627, 0.290, 0.478);
  p->pattern[TL_PAINT_WAIT_GIL] = TL_FILL_HATCH_BACK;

  p->fill[TL_PAINT_SLEEP_IO] = mix (oi_sky, base, pale * 0.8);
  p->ink[TL_PAINT_SLEEP_IO] = oi_blue;
  p->pattern[TL_PAINT_SLEEP_IO] = TL_FILL_DOTS;

  p->fill[TL_PAINT_WAIT_QUEUE] = mix (oi_yellow, base, pale * 0.5);
  p->ink[TL_PAINT_WAIT_QUEUE] = rgb (0.545, 0.490, 0.000);
  p->pattern[TL_PAINT_WAIT_QUEUE] = TL_FILL_HORIZONTAL;

  p->fill[TL_PAINT_WAIT_JOIN] = mix (rgb (0.55, 0.55, 0.6), base, pale * 1.2);
  p->ink[TL_PAINT_WAIT_JOIN] = rgb (0.55, 0.55, 0.6);
  p->pattern[TL_PAINT_WAIT_JOIN] = TL_FILL_VERTICAL;

  p->fill[TL_PAINT_WAIT_OTHER] = mix (rgb (0.6, 0.6, 0.6), base, pale * 0.6);
  p->ink[TL_PAINT_WAIT_OTHER] = rgb (0.40, 0.40, 0.40);
  p->pattern[TL_PAINT_WAIT_OTHER] = TL_FILL_CROSS;
}

static void
set_marks_and_flows (TlPalette *p,
                     TlRgba     strong)
{
  p->mark[TL_MARK_CRASH] = strong;
  p->mark[TL_MARK_ERROR] = oi_vermillion;
  p->mark[TL_MARK_PRINT] = mix (strong, p->background, 0.2);
  p->mark[TL_MARK_WRITE] = oi_blue;
  p->mark[TL_MARK_READ] = oi_blue;
  p->mark[TL_MARK_MESSAGE] = oi_sky;
  p->mark[TL_MARK_USER] = oi_yellow;
  p->mark[TL_MARK_WAKE] = mix (strong, p->background, 0.45);
  p->mark[TL_MARK_LIFECYCLE] = mix (strong, p->background, 0.3);

  p->flow[TL_FLOW_MESSAGE] = oi_blue;
  p->flow[TL_FLOW_HANDOVER] = rgb (0.75, 0.50, 0.0);
  p->flow[TL_FLOW_ERROR] = oi_vermillion;
  p->flow[TL_FLOW_WAKE] = mix (strong, p->background, 0.4);
  p->flow[TL_FLOW_GENERIC] = mix (strong, p->background, 0.2);
}

static void
init_light (TlPalette *p)
{
  p->style = TL_STYLE_LIGHT;
  set_sizes (p, 1.0);
  p->background = white;
  p->row_alt = rgb (0.965, 0.969, 0.976);
  p->process_bg = rgb (0.906, 0.918, 0.937);
  p->gutter_bg = rgb (0.980, 0.980, 0.984);
  p->axis_bg = rgb (0.980, 0.980, 0.984);
  p->grid = rgba (0, 0, 0, 0.07);
  p->separator = rgba (0, 0, 0, 0.15);
  p->text = rgb (0.12, 0.12, 0.14);
  p->text_dim = rgb (0.40, 0.40, 0.44);
  p->outline = rgba (0, 0, 0, 0.35);
  p->now = oi_vermillion;
  p->playhead = oi_blue;
  p->selection = rgb (0.10, 0.10, 0.10);
  p->hover = rgba (1, 1, 1, 0.35);
  set_state_colours (p, white, 0.55);
  set_marks_and_flows (p, black);
  p->counter = oi_blue;
  p->span_outline = FALSE;
}

static void
init_dark (TlPalette *p)
{
  TlRgba bg = rgb (0.118, 0.118, 0.125);

  p->style = TL_STYLE_DARK;
  set_sizes (p, 1.0);
  p->background = bg;
  p->row_alt = rgb (0.145, 0.145, 0.155);
  p->process_bg = rgb (0.200, 0.204, 0.220);
  p->gutter_bg = rgb (0.094, 0.094, 0.102);
  p->axis_bg = rgb (0.094, 0.094, 0.102);
  p->grid = rgba (1, 1, 1, 0.08);
  p->separator = rgba (1, 1, 1, 0.16);
  p->text = rgb (0.91, 0.91, 0.92);
  p->text_dim = rgb (0.62, 0.62, 0.66);
  p->outline = rgba (0, 0, 0, 0.5);
  p->now = oi_vermillion;
  p->playhead = oi_sky;
  p->selection = rgb (1, 1, 1);
  p->hover = rgba (1, 1, 1, 0.22);
  set_state_colours (p, bg, 0.55);
  /* Pale-on-dark waits keep their lines bright. */
  p->ink[TL_PAINT_WAIT_GIL] = oi_purple;
  p->ink[TL_PAINT_SLEEP_IO] = oi_sky;
  p->ink[TL_PAINT_WAIT_QUEUE] = oi_yellow;
  p->ink[TL_PAINT_WAIT_OTHER] = rgb (0.70, 0.70, 0.70);
  set_marks_and_flows (p, white);
  p->mark[TL_MARK_WRITE] = oi_sky;
  p->mark[TL_MARK_READ] = oi_sky;
  p->flow[TL_FLOW_MESSAGE] = oi_sky;
  p->flow[TL_FLOW_HANDOVER] = oi_orange;
  p->counter = oi_sky;
  p->span_outline = FALSE;
}

static void
init_high_contrast (TlPalette *p)
{
  p->style = TL_STYLE_HIGH_CONTRAST;
  set_sizes (p, 1.15);
  p->background = white;
  p->row_alt = rgb (0.94, 0.94, 0.94);
  p->process_bg = rgb (0.85, 0.85, 0.85);
  p->gutter_bg = white;
  p->axis_bg = white;
  p->grid = rgba (0, 0, 0, 0.25);
  p->separator = black;
  p->text = black;
  p->text_dim = rgb (0.2, 0.2, 0.2);
  p->outline = black;
  p->now = black;
  p->playhead = oi_blue;
  p->selection = black;
  p->hover = rgba (1, 1, 1, 0.45);
  set_state_colours (p, white, 0.45);
  for (guint i = 0; i < TL_PAINT_N_CLASSES; i++)
    if (p->pattern[i] != TL_FILL_SOLID)
      p->ink[i] = black;
  set_marks_and_flows (p, black);
  p->mark[TL_MARK_PRINT] = black;
  p->flow[TL_FLOW_WAKE] = black;
  p->flow[TL_FLOW_GENERIC] = black;
  p->counter = black;
  p->line_width = 2.0;
  p->span_outline = TRUE;
}

/* Every size follows the text: rows just tall enough for a line of it. */
static void
set_presentation_sizes (TlPalette *p,
                        int        screen_height)
{
  double f = ceil ((double) MAX (screen_height, 1) / TL_PRESENTATION_LINES);

  p->font_size = f;
  p->small_font_size = f;
  /* A line of text is about 1.17 em high (ascent and descent). */
  p->axis_height = round (f * 1.4);
  p->gutter_width = round (f * 8);
  p->process_height = round (f * 1.25);
  p->state_height = round (f * 1.2);
  p->track_height = round (f * 1.15);
  p->counter_height = round (f * 1.75);
  p->lane_gap = 1.0;
  p->legend_row_height = round (f * 1.3);
  p->marker_size = round (f * 0.55);
  p->line_width = MAX (p->line_width, round (f / 8.0));
  p->pattern_size = round (f * 0.35);
  p->min_tick_spacing = f * 6;
  p->span_outline = TRUE;
  p->compact = TRUE;
}

void
tl_palette_init_presentation (TlPalette *palette,
                              TlStyle    style,
                              int        screen_height)
{
  g_return_if_fail (palette != NULL);
  g_return_if_fail ((guint) style < TL_N_STYLES);

  /* What an init leaves unset is zero, as in the static palettes. */
  memset (palette, 0, sizeof *palette);
  switch (style)
    {
    case TL_STYLE_DARK:
      init_dark (palette);
      palette->outline = rgba (0, 0, 0, 0.7);
      break;
    case TL_STYLE_HIGH_CONTRAST:
      init_high_contrast (palette);
      break;
    case TL_STYLE_PRESENTATION:
    case TL_STYLE_LIGHT:
    case TL_N_STYLES:
    default:
      init_light (palette);
      palette->grid = rgba (0, 0, 0, 0.10);
      palette->text = black;
      palette->outline = rgba (0, 0, 0, 0.6);
      break;
    }
  palette->style = style;
  set_presentation_sizes (palette, screen_height);
  _tl_palette_init_code (palette);
}

static gsize palettes_once = 0;
static TlPalette palettes[TL_N_STYLES];

const TlPalette *
tl_palette_get (TlStyle style)
{
  g_return_val_if_fail ((guint) style < TL_N_STYLES, NULL);

  if (g_once_init_enter (&palettes_once))
    {
      init_light (&palettes[TL_STYLE_LIGHT]);
      init_dark (&palettes[TL_STYLE_DARK]);
      init_high_contrast (&palettes[TL_STYLE_HIGH_CONTRAST]);
      for (guint i = TL_STYLE_LIGHT; i <= TL_STYLE_HIGH_CONTRAST; i++)
        _tl_palette_init_code (&palettes[i]);
      tl_palette_init_presentation (&palettes[TL_STYLE_PRESENTATION], TL_STYLE_PRESENTATION,
                                    TL_PRESENTATION_DEFAULT_HEIGHT);
      g_once_init_leave (&palettes_once, 1);
    }
  return &palettes[style];
}

const char *
tl_style_to_string (TlStyle style)
{
  g_return_val_if_fail ((guint) style < TL_N_STYLES, NULL);
  return style_ids[style];
}

gboolean
tl_style_from_string (const char *str,
                      TlStyle    *style)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < TL_N_STYLES; i++)
    if (strcmp (str, style_ids[i]) == 0)
      {
        *style = i;
        return TRUE;
      }
  /* "normal" is the light style. */
  if (strcmp (str, "normal") == 0)
    {
      *style = TL_STYLE_LIGHT;
      return TRUE;
    }
  return FALSE;
}

TlPaintClass
tl_paint_class_for_span (TlSpanKind kind,
                         TlLaneKind lane_kind)
{
  switch (kind)
    {
    case TL_SPAN_RUNNING:
      return TL_PAINT_RUNNING;
    case TL_SPAN_WAIT_LOCK:
      return TL_PAINT_WAIT_LOCK;
    case TL_SPAN_WAIT_GIL:
      return TL_PAINT_WAIT_GIL;
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
      return TL_PAINT_SLEEP_IO;
    case TL_SPAN_WAIT_SEMAPHORE:
      return TL_PAINT_WAIT_LOCK;
    case TL_SPAN_WAIT_QUEUE:
      return TL_PAINT_WAIT_QUEUE;
    case TL_SPAN_WAIT_JOIN:
      return TL_PAINT_WAIT_JOIN;
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_OTHER:
      return TL_PAINT_WAIT_OTHER;
    case TL_SPAN_HOLD_LOCK:
      return TL_PAINT_HOLD_LOCK;
    case TL_SPAN_HOLD_GIL:
      return TL_PAINT_HOLD_GIL;
    case TL_SPAN_TASK:
      return TL_PAINT_TASK;
    case TL_SPAN_OWNER:
      return lane_kind == TL_LANE_GIL ? TL_PAINT_HOLD_GIL : TL_PAINT_HOLD_LOCK;
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
    case TL_N_SPAN_KINDS:
    default:
      return TL_PAINT_SLICE;
    }
}

TlMarkClass
tl_mark_class_for_event (TlEventKind kind)
{
  switch (kind)
    {
    case TL_EVENT_CRASH:
      return TL_MARK_CRASH;
    case TL_EVENT_ERROR_RAISED:
    case TL_EVENT_ERROR_REPORTED:
      return TL_MARK_ERROR;
    case TL_EVENT_PRINT:
      return TL_MARK_PRINT;
    case TL_EVENT_WRITE:
      return TL_MARK_WRITE;
    case TL_EVENT_READ:
      return TL_MARK_READ;
    case TL_EVENT_SEND:
    case TL_EVENT_RECEIVE:
      return TL_MARK_MESSAGE;
    case TL_EVENT_MARK:
      return TL_MARK_USER;
    case TL_EVENT_WAKE:
      return TL_MARK_WAKE;
    case TL_EVENT_PROCESS_START:
    case TL_EVENT_PROCESS_EXIT:
    case TL_EVENT_THREAD_START:
    case TL_EVENT_THREAD_EXIT:
      return TL_MARK_LIFECYCLE;
    case TL_EVENT_NONE:
    case TL_EVENT_NAME:
    case TL_EVENT_TASK_BEGIN:
    case TL_EVENT_TASK_END:
    case TL_EVENT_LOCK_WAIT:
    case TL_EVENT_LOCK_ACQUIRE:
    case TL_EVENT_LOCK_RELEASE:
    case TL_EVENT_WAIT_BEGIN:
    case TL_EVENT_WAIT_END:
    case TL_EVENT_SLEEP_BEGIN:
    case TL_EVENT_SLEEP_END:
    case TL_EVENT_IO_BEGIN:
    case TL_EVENT_IO_END:
    case TL_EVENT_SLICE_BEGIN:
    case TL_EVENT_SLICE_END:
    case TL_EVENT_COUNTER:
    case TL_EVENT_N_KINDS:
    default:
      return TL_N_MARKS;
    }
}

const char *
tl_paint_class_to_label (TlPaintClass paint_class)
{
  /* Each class by the state it mostly stands for. */
  static const TlSpanKind kinds[TL_PAINT_N_CLASSES] = {
    [TL_PAINT_RUNNING] = TL_SPAN_RUNNING,
    [TL_PAINT_WAIT_LOCK] = TL_SPAN_WAIT_LOCK,
    [TL_PAINT_WAIT_GIL] = TL_SPAN_WAIT_GIL,
    [TL_PAINT_SLEEP_IO] = TL_SPAN_SLEEP,
    [TL_PAINT_WAIT_QUEUE] = TL_SPAN_WAIT_QUEUE,
    [TL_PAINT_WAIT_JOIN] = TL_SPAN_WAIT_JOIN,
    [TL_PAINT_WAIT_OTHER] = TL_SPAN_WAIT_OTHER,
    [TL_PAINT_HOLD_LOCK] = TL_SPAN_HOLD_LOCK,
    [TL_PAINT_HOLD_GIL] = TL_SPAN_HOLD_GIL,
    [TL_PAINT_TASK] = TL_SPAN_TASK,
    [TL_PAINT_SLICE] = TL_SPAN_SLICE,
  };

  g_return_val_if_fail ((guint) paint_class < TL_PAINT_N_CLASSES, NULL);
  return tl_describe_state_words (kinds[paint_class]);
}

const char *
tl_mark_class_to_label (TlMarkClass mark)
{
  static const TlEventKind kinds[TL_N_MARKS] = {
    [TL_MARK_CRASH] = TL_EVENT_CRASH,
    [TL_MARK_ERROR] = TL_EVENT_ERROR_RAISED,
    [TL_MARK_PRINT] = TL_EVENT_PRINT,
    [TL_MARK_WRITE] = TL_EVENT_WRITE,
    [TL_MARK_READ] = TL_EVENT_READ,
    [TL_MARK_MESSAGE] = TL_EVENT_SEND,
    [TL_MARK_USER] = TL_EVENT_MARK,
    [TL_MARK_WAKE] = TL_EVENT_WAKE,
    [TL_MARK_LIFECYCLE] = TL_EVENT_PROCESS_START,
  };

  g_return_val_if_fail ((guint) mark < TL_N_MARKS, NULL);
  return tl_describe_event_words (kinds[mark]);
}

const char *
tl_flow_kind_to_label (TlFlowKind kind)
{
  g_return_val_if_fail ((guint) kind < TL_N_FLOW_KINDS, NULL);
  return tl_describe_flow_words (kind, TL_ROLE_NONE);
}

static void
tile_line (cairo_t *cr,
           double   x0,
           double   y0,
           double   x1,
           double   y1)
{
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
}

cairo_pattern_t *
tl_palette_create_pattern (const TlPalette *palette,
                           TlFillPattern    pattern,
                           const TlRgba    *fill,
                           const TlRgba    *ink,
                           int              resolution)
{
  cairo_surface_t *tile;
  cairo_pattern_t *result;
  cairo_t *cr;
  double s = palette->pattern_size;
  double w = MAX (1.0, palette->pattern_size / 6.0);

  g_return_val_if_fail (resolution >= 1, NULL);

  if (pattern == TL_FILL_SOLID)
    return NULL;

  /* An image tile, not a recording surface: cairo 1.16's SVG backend
   * leaks recording surfaces used as patterns.  Files get a finer tile so
   * that zooming into a PDF keeps the lines sharp.  The tile carries the
   * fill colour under its lines, so a patterned state is one fill. */
  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) s * resolution, (int) s * resolution);
  cairo_surface_set_device_scale (tile, resolution, resolution);
  cr = cairo_create (tile);
  if (fill != NULL)
    {
      tl_rgba_set_source (cr, fill);
      cairo_paint (cr);
    }
  tl_rgba_set_source (cr, ink);
  cairo_set_line_width (cr, w);
  switch (pattern)
    {
    case TL_FILL_HATCH:
      /* The diagonal and the two corners it wraps into, so tiles join. */
      tile_line (cr, -1, s + 1, s + 1, -1);
      tile_line (cr, -1, 1, 1, -1);
      tile_line (cr, s - 1, s + 1, s + 1, s - 1);
      cairo_stroke (cr);
      break;
    case TL_FILL_HATCH_BACK:
      tile_line (cr, -1, -1, s + 1, s + 1);
      tile_line (cr, -1, s - 1, 1, s + 1);
      tile_line (cr, s - 1, -1, s + 1, 1);
      cairo_stroke (cr);
      break;
    case TL_FILL_HORIZONTAL:
      /* On whole pixels, so the lines stay crisp. */
      cairo_rectangle (cr, 0, floor (s / 2), s, round (w));
      cairo_fill (cr);
      break;
    case TL_FILL_DOTS:
      cairo_arc (cr, s / 2, s / 2, MAX (0.9, s / 7.0), 0, 2 * G_PI);
      cairo_fill (cr);
      break;
    case TL_FILL_CROSS:
      cairo_rectangle (cr, 0, floor (s / 2), s, round (w));
      cairo_rectangle (cr, floor (s / 2), 0, round (w), s);
      cairo_fill (cr);
      break;
    case TL_FILL_VERTICAL:
      cairo_rectangle (cr, floor (s / 2), 0, round (w), s);
      cairo_fill (cr);
      break;
    case TL_FILL_SOLID:
    case TL_N_FILLS:
    default:
      break;
    }
  cairo_destroy (cr);

  result = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (result, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return result;
}

static double
luminance (const TlRgba *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

const TlRgba *
tl_palette_text_on (const TlPalette *palette,
                    const TlRgba    *fill)
{
  return luminance (fill) > 0.45 ? &black : &white;
}
