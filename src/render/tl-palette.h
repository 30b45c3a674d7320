/* tl-palette.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the timeline looks: colours, fill patterns and sizes for each style.
 *
 * The model's many span kinds fold into a few paint classes, the states a
 * viewer must tell apart at a glance.  Their colours come from the
 * Okabe-Ito palette, which stays distinct for the common forms of colour
 * blindness, and every waiting state also carries its own fill pattern
 * (hatching, dots), so no state is told by hue alone.  Instants have a
 * shape per class, flows a line style per kind, for the same reason.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "tl-model-types.h"

G_BEGIN_DECLS

typedef enum
{
  TL_STYLE_LIGHT = 0,
  TL_STYLE_DARK,
  TL_STYLE_HIGH_CONTRAST,
  TL_STYLE_PRESENTATION,     /* the light colours at presentation size (see below) */
  TL_N_STYLES
} TlStyle;

/* A classroom's back row reads text at least 1/30 of the screen's height:
 * 24 pixels on a 720-line projector, 26 on a 768-line one. */
#define TL_PRESENTATION_LINES 30
/* The screen TL_STYLE_PRESENTATION sizes for when nobody says. */
#define TL_PRESENTATION_DEFAULT_HEIGHT 720

/* What a span is drawn as.  Order matters only for the legend. */
typedef enum
{
  TL_PAINT_RUNNING = 0,
  TL_PAINT_WAIT_LOCK,        /* also a semaphore: a lock of several permits */
  TL_PAINT_WAIT_GIL,
  TL_PAINT_SLEEP_IO,
  TL_PAINT_WAIT_QUEUE,
  TL_PAINT_WAIT_JOIN,        /* for a process or thread to end */
  TL_PAINT_WAIT_OTHER,       /* to be woken: condition, event, barrier */
  TL_PAINT_HOLD_LOCK,        /* also a lock lane's owner */
  TL_PAINT_HOLD_GIL,         /* also the GIL lane's owner */
  TL_PAINT_TASK,
  TL_PAINT_SLICE,            /* named slices and async spans */
  TL_PAINT_N_CLASSES
} TlPaintClass;

/* What an instant is drawn as, most important first: where instants
 * crowd into one place, the most important one is shown. */
typedef enum
{
  TL_MARK_CRASH = 0,
  TL_MARK_ERROR,
  TL_MARK_PRINT,
  TL_MARK_WRITE,
  TL_MARK_READ,
  TL_MARK_MESSAGE,           /* a send or a receive */
  TL_MARK_USER,              /* a user mark */
  TL_MARK_WAKE,
  TL_MARK_LIFECYCLE,         /* a process or thread starting or ending */
  TL_N_MARKS
} TlMarkClass;

typedef enum
{
  TL_FILL_SOLID = 0,
  TL_FILL_HATCH,             /* lines rising to the right */
  TL_FILL_HATCH_BACK,        /* lines falling to the right */
  TL_FILL_HORIZONTAL,
  TL_FILL_DOTS,
  TL_FILL_CROSS,
  TL_FILL_VERTICAL,
  TL_N_FILLS
} TlFillPattern;

typedef struct
{
  double r, g, b, a;
} TlRgba;

/* Calls (slices and async spans: what only has a name) are coloured by
 * the function they run, from its colour key (tl-code.h): the same
 * function has the same colour in every trace.  Nine hues from Paul
 * Tol's "muted" scheme, made for colour-blind readers, each in two
 * lightnesses, so that neighbours differ in lightness as well as hue;
 * and the function's name is written on every call wide enough to
 * hold it, so that no call is told by its colour alone.  Threadline's
 * own states keep their colours above. */
#define TL_N_FUNCTION_FILLS 18

typedef struct
{
  TlStyle        style;

  /* Colours. */
  TlRgba         background;
  TlRgba         row_alt;          /* every other lane, faintly */
  TlRgba         process_bg;       /* process header rows */
  TlRgba         gutter_bg;        /* behind the lane names */
  TlRgba         axis_bg;
  TlRgba         grid;
  TlRgba         separator;
  TlRgba         text;
  TlRgba         text_dim;
  TlRgba         outline;          /* around spans, when span_outline */
  TlRgba         now;
  TlRgba         playhead;
  TlRgba         selection;
  TlRgba         hover;
  TlRgba         fill[TL_PAINT_N_CLASSES];
  TlRgba         ink[TL_PAINT_N_CLASSES];      /* pattern lines over the fill */
  TlFillPattern  pattern[TL_PAINT_N_CLASSES];
  TlRgba         mark[TL_N_MARKS];
  TlRgba         flow[TL_N_FLOW_KINDS];
  TlRgba         counter;
  TlRgba         function_fill[TL_N_FUNCTION_FILLS];   /* calls, by function */
  TlRgba         library_fill[TL_N_FUNCTION_FILLS];    /* the same, dimmed: library code */
  TlRgba         search_fade;      /* over what a search did not find */
  TlRgba         search_match;     /* round what it found */
  TlRgba         range;            /* over a stretch picked for measure */

  /* Sizes in pixels. */
  double         font_size;
  double         small_font_size;
  double         axis_height;
  double         gutter_width;
  double         process_height;
  double         state_height;     /* a thread's state track */
  double         track_height;     /* what it holds and does, lock owners */
  double         counter_height;
  double         lane_gap;         /* space under each lane */
  double         legend_row_height;
  double         marker_size;
  double         line_width;       /* flows, now, playhead */
  double         pattern_size;     /* period of the fill patterns */
  double         min_tick_spacing; /* between labelled time ticks */
  gboolean       span_outline;     /* outline every span wider than a few pixels */
  gboolean       compact;          /* presentation: fewer, denser rows (see tl-layout.h) */
} TlPalette;

const TlPalette *tl_palette_get              (TlStyle         style);
/* @style's colours (TL_STYLE_PRESENTATION: the light ones) at the sizes of
 * a projector @screen_height pixels tall: every text at least
 * screen_height / TL_PRESENTATION_LINES pixels, compact rows, thick lines.
 * Presentation is a size, not a colour scheme: dark and high contrast
 * stay dark and high contrast. */
void             tl_palette_init_presentation (TlPalette     *palette,
                                               TlStyle        style,
                                               int            screen_height);

const char      *tl_style_to_string          (TlStyle         style);
gboolean         tl_style_from_string        (const char     *str,
                                              TlStyle        *style);

TlPaintClass     tl_paint_class_for_span     (TlSpanKind      kind,
                                              TlLaneKind      lane_kind);
/* TL_N_MARKS for instants that are not drawn. */
TlMarkClass      tl_mark_class_for_event     (TlEventKind     kind);

/* The describer's words for each (tl-describe.h). */
const char      *tl_paint_class_to_label     (TlPaintClass    paint_class);
const char      *tl_mark_class_to_label      (TlMarkClass     mark);
const char      *tl_flow_kind_to_label       (TlFlowKind      kind);

/* A repeating pattern of @pattern's lines in @ink over @fill (NULL: over
 * nothing), as an image of @resolution device pixels per pixel; NULL for
 * a solid fill.  Free with cairo_pattern_destroy (). */
cairo_pattern_t *tl_palette_create_pattern   (const TlPalette *palette,
                                              TlFillPattern    pattern,
                                              const TlRgba    *fill,
                                              const TlRgba    *ink,
                                              int              resolution);

/* The fill of a call of the function whose colour key is @color_key;
 * @library: dimmed, for code that is not the program's own. */
const TlRgba    *tl_palette_get_function_fill (const TlPalette *palette,
                                               guint32          color_key,
                                               gboolean         library);
/* Which of the TL_N_FUNCTION_FILLS a colour key takes. */
guint            tl_palette_function_fill_index (guint32        color_key);
/* Sets the function fills and the search's colours from the rest of
 * @palette (tl-palette-code.c). */
void             _tl_palette_init_code        (TlPalette       *palette);

/* Black or white, whichever reads better on @fill. */
const TlRgba    *tl_palette_text_on          (const TlPalette *palette,
                                              const TlRgba    *fill);

static inline void
tl_rgba_set_source (cairo_t      *cr,
                    const TlRgba *rgba)
{
  cairo_set_source_rgba (cr, rgba->r, rgba->g, rgba->b, rgba->a);
}

G_END_DECLS
