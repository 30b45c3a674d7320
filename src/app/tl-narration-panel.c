/* tl-narration-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The story reads down, in time order, like the timeline reads across;
 * the current item (the one at the playhead, or "now") is the last one,
 * marked, and kept in sight as the list grows.
 */
#define G_LOG_DOMAIN "tl-narration-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-narration-panel.h"

/* A long run keeps its latest captions; older ones scroll away for good. */
#define MAX_CAPTIONS 300
#define SHOW_STABLE_FRAMES 3
#define SHOW_MAX_FRAMES    60

struct _TlNarrationPanel
{
  GtkWidget          parent_instance;

  guint              n_captions;
  GtkWidget         *current;        /* the marked row, or NULL */
  guint              show_current_id;
  guint              show_frames;
  guint              show_stable;      /* frames the list's height stayed */
  double             show_bottom;

  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *story_label;
  GtkLabel          *captions_heading;
  GtkListBox        *captions_list;
};

G_DEFINE_FINAL_TYPE (TlNarrationPanel, tl_narration_panel, GTK_TYPE_WIDGET)

void
tl_narration_panel_set_story (TlNarrationPanel *self,
                              const char       *title,
                              const char       *story)
{
  g_return_if_fail (TL_IS_NARRATION_PANEL (self));

  gtk_label_set_label (self->title_label, title ? title : "");
  gtk_label_set_label (self->story_label, story ? story : "");
  gtk_widget_set_visible (GTK_WIDGET (self->story_label), story != NULL && *story != '\0');
}

void
tl_narration_panel_clear_captions (TlNarrationPanel *self)
{
  GtkWidget *child;

  g_return_if_fail (TL_IS_NARRATION_PANEL (self));

  self->current = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->captions_list))) != NULL)
    gtk_list_box_remove (self->captions_list, child);
  self->n_captions = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->captions_heading), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->captions_list), FALSE);
}

void
tl_narration_panel_add_caption (TlNarrationPanel *self,
                                const char       *when,
                                const char       *text)
{
  GtkWidget *row, *mark;

  g_return_if_fail (TL_IS_NARRATION_PANEL (self));

  if (self->n_captions >= MAX_CAPTIONS)
    {
      GtkWidget *oldest = gtk_widget_get_first_child (GTK_WIDGET (self->captions_list));

      if (oldest == self->current)
        self->current = NULL;
      gtk_list_box_remove (self->captions_list, oldest);
      self->n_captions--;
    }
  row = adw_action_row_new ();
  /* Not by colour alone: the current item has an arrow too. */
  mark = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_set_visible (mark, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Now"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);
  g_object_set_data (G_OBJECT (row), "mark", mark);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when ? when : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_append (self->captions_list, row);
  self->n_captions++;
  gtk_widget_set_visible (GTK_WIDGET (self->captions_heading), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->captions_list), TRUE);
}

/* The current item, last, in sight: once the list is laid out, which may
 * take a few frames (rows' heights follow their wrapped text), and no
 * longer than that. */
static gboolean
show_current_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  TlNarrationPanel *self = TL_NARRATION_PANEL (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->current != NULL)
    gtk_adjustment_set_value (adjustment, bottom);
  self->show_stable = bottom == self->show_bottom ? self->show_stable + 1 : 0;
  self->show_bottom = bottom;
  if (self->show_stable < SHOW_STABLE_FRAMES && ++self->show_frames < SHOW_MAX_FRAMES)
    return G_SOURCE_CONTINUE;
  self->show_current_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_current (TlNarrationPanel *self)
{
  self->show_frames = 0;
  self->show_stable = 0;
  self->show_bottom = -1;
  if (self->show_current_id == 0)
    self->show_current_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), show_current_cb, NULL, NULL);
}

static void
set_marked (GtkWidget *row,
            gboolean   marked)
{
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "mark"), marked);
  if (marked)
    gtk_widget_add_css_class (row, "current-caption");
  else
    gtk_widget_remove_css_class (row, "current-caption");
}

void
tl_narration_panel_mark_last (TlNarrationPanel *self)
{
  GtkWidget *last;

  g_return_if_fail (TL_IS_NARRATION_PANEL (self));

  last = gtk_widget_get_last_child (GTK_WIDGET (self->captions_list));
  if (last == self->current)
    return;
  if (self->current != NULL)
    set_marked (self->current, FALSE);
  self->current = last;
  if (last != NULL)
    set_marked (last, TRUE);
  show_current (self);
}

const char *
tl_narration_panel_get_current (TlNarrationPanel *self)
{
  g_return_val_if_fail (TL_IS_NARRATION_PANEL (self), NULL);
  return self->current != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->current)) : NULL;
}

guint
tl_narration_panel_get_n_captions (TlNarrationPanel *self)
{
  g_return_val_if_fail (TL_IS_NARRATION_PANEL (self), 0);
  return self->n_captions;
}

static void
tl_narration_panel_dispose (GObject *object)
{
  TlNarrationPanel *self = TL_NARRATION_PANEL (object);
  GtkWidget *child;

  if (self->show_current_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->show_current_id);
  self->show_current_id = 0;

  gtk_widget_dispose_template (GTK_WIDGET (object), TL_TYPE_NARRATION_PANEL);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (tl_narration_panel_parent_class)->dispose (object);
}

static void
tl_narration_panel_class_init (TlNarrationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_narration_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-narration-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlNarrationPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, TlNarrationPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlNarrationPanel, story_label);
  gtk_widget_class_bind_template_child (widget_class, TlNarrationPanel, captions_heading);
  gtk_widget_class_bind_template_child (widget_class, TlNarrationPanel, captions_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_narration_panel_init (TlNarrationPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  tl_narration_panel_clear_captions (self);
}
