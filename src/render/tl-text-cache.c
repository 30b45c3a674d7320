/* tl-text-cache.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include "tl-text-cache.h"

/* Beyond this many labels the cache starts again rather than grow: a
 * frame never needs that many. */
#define MAX_ENTRIES 4096

typedef struct
{
  PangoLayout *layout;
  int          width;
  int          height;
} Entry;

struct _TlTextCache
{
  PangoContext         *context;
  PangoFontDescription *fonts[TL_N_FONTS];
  double                sizes[TL_N_FONTS];
  GHashTable           *entries;     /* key -> Entry */
  GString              *key;
  double                min_shown;   /* 0: nothing shown yet */
  GPtrArray            *record;      /* what is shown, when asked */
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->layout);
  g_free (entry);
}

TlTextCache *
tl_text_cache_new (double font_size,
                   double small_font_size)
{
  TlTextCache *self = g_new0 (TlTextCache, 1);
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options;

  self->context = pango_font_map_create_context (font_map);
  /* The same glyph positions on screen, in PNG and in PDF. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (self->context, 96);

  for (guint i = 0; i < TL_N_FONTS; i++)
    {
      self->sizes[i] = i == TL_FONT_SMALL ? small_font_size : font_size;
      self->fonts[i] = pango_font_description_from_string ("Sans");
      pango_font_description_set_absolute_size (self->fonts[i], self->sizes[i] * PANGO_SCALE);
    }
  pango_font_description_set_weight (self->fonts[TL_FONT_BOLD], PANGO_WEIGHT_BOLD);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->key = g_string_new (NULL);
  return self;
}

void
tl_text_cache_free (TlTextCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  for (guint i = 0; i < TL_N_FONTS; i++)
    pango_font_description_free (self->fonts[i]);
  g_object_unref (self->context);
  g_string_free (self->key, TRUE);
  g_clear_pointer (&self->record, g_ptr_array_unref);
  g_free (self);
}

static Entry *
lookup (TlTextCache *self,
        TlFont       font,
        const char  *text,
        int          max_width)
{
  Entry *entry;

  g_string_printf (self->key, "%u:%d:%s", font, max_width, text);
  entry = g_hash_table_lookup (self->entries, self->key->str);
  if (entry != NULL)
    return entry;

  if (g_hash_table_size (self->entries) >= MAX_ENTRIES)
    g_hash_table_remove_all (self->entries);

  entry = g_new0 (Entry, 1);
  entry->layout = pango_layout_new (self->context);
  pango_layout_set_font_description (entry->layout, self->fonts[font]);
  pango_layout_set_single_paragraph_mode (entry->layout, TRUE);
  if (max_width > 0)
    {
      pango_layout_set_width (entry->layout, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (entry->layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (entry->layout, text, -1);
  pango_layout_get_pixel_size (entry->layout, &entry->width, &entry->height);
  g_hash_table_insert (self->entries, g_strdup (self->key->str), entry);
  return entry;
}

PangoLayout *
tl_text_cache_get (TlTextCache *self,
                   TlFont       font,
                   const char  *text,
                   int          max_width)
{
  return lookup (self, font, text, max_width)->layout;
}

void
tl_text_cache_measure (TlTextCache *self,
                       TlFont       font,
                       const char  *text,
                       int          max_width,
                       int         *width,
                       int         *height)
{
  Entry *entry = lookup (self, font, text, max_width);

  if (width != NULL)
    *width = entry->width;
  if (height != NULL)
    *height = entry->height;
}

double
tl_text_cache_get_font_size (TlTextCache *self,
                             TlFont       font)
{
  g_return_val_if_fail (font < TL_N_FONTS, 0);
  return self->sizes[font];
}

void
tl_text_cache_set_record (TlTextCache *self,
                          GPtrArray   *record)
{
  g_clear_pointer (&self->record, g_ptr_array_unref);
  if (record != NULL)
    self->record = g_ptr_array_ref (record);
}

double
tl_text_cache_get_min_shown (TlTextCache *self)
{
  return self->min_shown;
}

void
tl_text_cache_reset_min_shown (TlTextCache *self)
{
  self->min_shown = 0;
}

static void
note_shown (TlTextCache *self,
            TlFont       font,
            const char  *text)
{
  if (*text != '\0' && (self->min_shown == 0 || self->sizes[font] < self->min_shown))
    self->min_shown = self->sizes[font];
  if (self->record != NULL)
    g_ptr_array_add (self->record, g_strdup (text));
}

void
tl_text_cache_show_haloed (TlTextCache  *self,
                           cairo_t      *cr,
                           TlFont        font,
                           const char   *text,
                           double        x,
                           double        y,
                           const double  halo[4],
                           double        halo_width,
                           const double  ink[4])
{
  Entry *entry = lookup (self, font, text, 0);
  /* The letters copied round in the halo's colour: glyphs come from
   * cairo's cache, where stroking their outlines would cost ten times
   * as much. */
  static const double dirs[][2] = {
    { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 },
    { 0.7, 0.7 }, { -0.7, 0.7 }, { 0.7, -0.7 }, { -0.7, -0.7 },
  };

  note_shown (self, font, text);
  cairo_set_source_rgba (cr, halo[0], halo[1], halo[2], halo[3]);
  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    for (double r = halo_width; r > 0.75; r -= 1.5)
      {
        cairo_move_to (cr, x + dirs[d][0] * r, y + dirs[d][1] * r);
        pango_cairo_show_layout (cr, entry->layout);
      }
  cairo_set_source_rgba (cr, ink[0], ink[1], ink[2], ink[3]);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, entry->layout);
}

void
tl_text_cache_show (TlTextCache *self,
                    cairo_t     *cr,
                    TlFont       font,
                    const char  *text,
                    int          max_width,
                    double       x,
                    double       y)
{
  Entry *entry = lookup (self, font, text, max_width);

  note_shown (self, font, text);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, entry->layout);
}
