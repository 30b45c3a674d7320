/* tl-palette-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The colours of a traced program's code: a fill per function, dimmed
 * for library code, and what a search and a measured stretch lay over
 * the lanes.  Derived from each style's background, so that light, dark,
 * high contrast and presentation get them alike.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include "tl-palette.h"

#define N_HUES (TL_N_FUNCTION_FILLS / 2)

/* Paul Tol, "Colour schemes" (SRON/EPS/TN/09-002, 2021): muted. */
static const TlRgba muted[N_HUES] = {
  { 0.800, 0.400, 0.467, 1.0 },   /* rose */
  { 0.200, 0.133, 0.533, 1.0 },   /* indigo */
  { 0.867, 0.800, 0.467, 1.0 },   /* sand */
  { 0.067, 0.467, 0.200, 1.0 },   /* green */
  { 0.533, 0.800, 0.933, 1.0 },   /* cyan */
  { 0.533, 0.133, 0.333, 1.0 },   /* wine */
  { 0.267, 0.667, 0.600, 1.0 },   /* teal */
  { 0.600, 0.600, 0.200, 1.0 },   /* olive */
  { 0.667, 0.267, 0.600, 1.0 },   /* purple */
};

static const TlRgba black = { 0, 0, 0, 1 };
static const TlRgba white = { 1, 1, 1, 1 };

static TlRgba
mix (TlRgba a,
     TlRgba b,
     double t)
{
  return (TlRgba) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1.0 };
}

static double
luminance (TlRgba c)
{
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

void
_tl_palette_init_code (TlPalette *p)
{
  gboolean dark = luminance (p->background) < 0.5;
  gboolean contrast = p->style == TL_STYLE_HIGH_CONTRAST;
  /* Library code steps back into the background, but stays readable as
   * a shape (high contrast keeps more of it, with its outlines). */
  double dim = contrast ? 0.5 : dark ? 0.62 : 0.68;

  for (guint i = 0; i < N_HUES; i++)
    {
      /* On a dark background the deep hues are lifted, so that none
       * sinks into it. */
      TlRgba base = dark ? mix (muted[i], white, 0.25) : muted[i];
      /* The second of each hue differs in lightness: away from the
       * middle, so the two never meet. */
      TlRgba other = luminance (base) > 0.45 ? mix (base, black, 0.3) : mix (base, white, 0.35);

      p->function_fill[i] = base;
      p->function_fill[N_HUES + i] = other;
    }
  for (guint i = 0; i < TL_N_FUNCTION_FILLS; i++)
    {
      TlRgba fill = p->function_fill[i];
      double l = luminance (fill);
      /* Greyer as well as paler: a pale hue of the program's own (sand,
       * cyan) still stands out from it. */
      TlRgba grey = mix (fill, (TlRgba) { l, l, l, 1.0 }, 0.65);

      p->library_fill[i] = mix (grey, p->background, dim);
    }

  p->search_fade = p->background;
  p->search_fade.a = contrast ? 0.78 : 0.72;
  p->search_match = p->text;
  p->range = p->playhead;
  p->range.a = dark ? 0.22 : 0.14;
}

guint
tl_palette_function_fill_index (guint32 color_key)
{
  return color_key % TL_N_FUNCTION_FILLS;
}

const TlRgba *
tl_palette_get_function_fill (const TlPalette *palette,
                              guint32          color_key,
                              gboolean         library)
{
  guint index = tl_palette_function_fill_index (color_key);

  g_return_val_if_fail (palette != NULL, NULL);
  return library ? &palette->library_fill[index] : &palette->function_fill[index];
}
