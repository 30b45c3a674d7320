/* tl-narration-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-narration-panel"

#include "config.h"

#include <adwaita.h>

#include "tl-narration-panel.h"

/* A long run keeps its latest captions; older ones scroll away for good. */
#define MAX_CAPTIONS 300

struct _TlNarrationPanel
{
  GtkWidget          parent_instance;

  guint              n_captions;

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
  GtkWidget *row;

  g_return_if_fail (TL_IS_NARRATION_PANEL (self));

  if (self->n_captions >= MAX_CAPTIONS)
    {
      gtk_list_box_remove (self->captions_list,
                           gtk_widget_get_first_child (GTK_WIDGET (self->captions_list)));
      self->n_captions--;
    }
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when ? when : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_append (self->captions_list, row);
  self->n_captions++;
  gtk_widget_set_visible (GTK_WIDGET (self->captions_heading), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->captions_list), TRUE);
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
  GtkWidget *child;

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
