/* tl-window-presentation.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Presentation mode: the window as a projector shows it to a class.  Full
 * screen (unless a size was asked for on the command line), no gallery
 * and no side panel (F9 and F8 still bring them), the header reduced to
 * what a presenter needs (run, stop, restart, play, step and the title),
 * the transport bar left to the keyboard, and a large caption line.
 *
 * The back row of a classroom reads text at least 1/30 of the screen's
 * height (24 px at 720 lines).  The window carries a class for the type
 * size its height asks for ("type-24"), which a style sheet made here
 * turns into that font size for every node of a window in presentation;
 * the painter gets the window's height to size the timeline's text.  A state of the
 * window, remembered in GSettings: runs, restarts and new files keep it.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include "tl-window-private.h"

#define MIN_TYPE_PX 16
#define MAX_TYPE_PX 96

/* The smallest text a window of @height may show in presentation: 1/30
 * of it, rounded up to a whole pixel. */
int
_tl_window_type_size_for_height (int height)
{
  return CLAMP ((height + 29) / 30, MIN_TYPE_PX, MAX_TYPE_PX);
}

/* One rule per size: every node of a window in presentation takes it, so
 * that no style (a subtitle, a caption, a row's second line) makes text
 * smaller than the back row can read; style.css may make some larger. */
void
_tl_window_add_type_sizes (GdkDisplay *display)
{
  g_autoptr(GString) css = g_string_new (NULL);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "tl-type-sizes") != NULL)
    return;
  for (int px = MIN_TYPE_PX; px <= MAX_TYPE_PX; px++)
    g_string_append_printf (css, "window.presentation.type-%d * { font-size: %dpx; }\n", px, px);
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css->str, (gssize) css->len);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "tl-type-sizes", g_steal_pointer (&provider),
                          g_object_unref);
}

/* The type size and the painter follow the window's height. */
static gboolean
follow_height_cb (gpointer data)
{
  TlWindow *self = data;
  g_autofree char *old_class = g_strdup_printf ("type-%d", self->type_px);
  g_autofree char *new_class = NULL;
  int px = _tl_window_type_size_for_height (self->height);

  self->follow_height_id = 0;
  if (px != self->type_px)
    {
      new_class = g_strdup_printf ("type-%d", px);
      if (self->type_px > 0)
        gtk_widget_remove_css_class (GTK_WIDGET (self), old_class);
      gtk_widget_add_css_class (GTK_WIDGET (self), new_class);
      self->type_px = px;
    }
  if (self->presentation)
    tl_timeline_view_set_presentation (self->timeline, self->height);
  return G_SOURCE_REMOVE;
}

/* From size_allocate: a change of style or of the timeline's rows now
 * would ask for another layout in the middle of this one (and a frame
 * painted with parts not laid out), so they follow on the way out. */
void
_tl_window_presentation_resized (TlWindow *self,
                                 int       height)
{
  if (height <= 0 || height == self->height)
    return;
  self->height = height;
  if (self->follow_height_id == 0)
    self->follow_height_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, follow_height_cb, self, NULL);
}

/* The window's height, or before it has one, the height it will have. */
static int
screen_height (TlWindow *self)
{
  int width, height;

  if (self->height > 0)
    return self->height;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  return MAX (height, 1);
}

/* The header's parts a presenter does without: the keys and F9, F8 still
 * reach what they did. */
static void
reduce_header (TlWindow *self,
               gboolean  reduced)
{
  GtkWidget *extras[] = {
    self->sidebar_button, self->open_button, self->menu_button, GTK_WIDGET (self->panel_button),
  };

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    gtk_widget_set_visible (extras[i], !reduced);
  gtk_widget_set_visible (self->presenter_box, reduced);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (self->header_bar), !reduced);
}

void
tl_window_set_presentation (TlWindow *self,
                            gboolean  presentation)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  presentation = !!presentation;
  if (presentation == self->presentation)
    return;
  self->presentation = presentation;
  tl_timeline_view_hide_tooltip (TL_TIMELINE_VIEW (tl_window_get_timeline (self)));

  if (presentation)
    {
      /* What was open comes back on the way out. */
      self->gallery_before = adw_flap_get_reveal_flap (self->flap);
      self->panel_before = gtk_toggle_button_get_active (self->panel_button);
      adw_flap_set_reveal_flap (self->flap, FALSE);
      /* The gallery in large type is wide: folded, it would cover the
       * timeline when F9 brings it; beside it, the timeline stays. */
      adw_flap_set_fold_policy (self->flap, ADW_FLAP_FOLD_POLICY_NEVER);
      gtk_toggle_button_set_active (self->panel_button, FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      if (!self->fixed_size)
        gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      adw_flap_set_fold_policy (self->flap, ADW_FLAP_FOLD_POLICY_AUTO);
      adw_flap_set_reveal_flap (self->flap, self->gallery_before);
      gtk_toggle_button_set_active (self->panel_button, self->panel_before);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      if (!self->fixed_size)
        gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  reduce_header (self, presentation);
  gtk_widget_set_visible (self->transport_box, !presentation);
  tl_timeline_view_set_presentation (self->timeline, presentation ? screen_height (self) : 0);
  _tl_window_update_state (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
  g_object_notify (G_OBJECT (self), "presentation");
}

gboolean
tl_window_get_presentation (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);
  return self->presentation;
}

void
tl_window_set_fixed_size (TlWindow *self,
                          int       width,
                          int       height)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (width > 0 && height > 0);

  self->fixed_size = TRUE;
  if (self->presentation)
    gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_window_unmaximize (GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
}
