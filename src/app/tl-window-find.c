/* tl-window-find.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding and measuring in a trace, for the window's commands:
 *
 *   win.find                   the search bar, its field focused      Ctrl+F
 *   win.find-next              the next match (Enter in the field)    F3  Ctrl+G
 *   win.find-previous          the previous one (Shift+Enter)         Shift+F3  Ctrl+Shift+G
 *   win.dim-library            library code dimmed (a state)          l
 *
 * A stretch picked on the timeline (a drag with Shift held) opens the
 * side panel's Measure page.  And the story a file opened tells: the
 * trace in a few lines.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include "tl-describe.h"
#include "tl-window-private.h"

/* The busiest functions the story of a file lists. */
#define STORY_FUNCTIONS 5

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tl_search_bar_start (TL_WINDOW (widget)->search_bar);
}

static void
step_match (TlWindow *self,
            int       direction)
{
  if (!tl_search_bar_get_active (self->search_bar))
    tl_search_bar_start (self->search_bar);
  else
    tl_search_bar_step (self->search_bar, direction);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  step_match (TL_WINDOW (widget), 1);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  step_match (TL_WINDOW (widget), -1);
}

void
_tl_window_set_library_dimmed (TlWindow *self,
                               gboolean  dimmed)
{
  dimmed = !!dimmed;
  if (self->library_dimmed == dimmed)
    return;
  self->library_dimmed = dimmed;
  tl_timeline_view_set_library_dimmed (self->timeline, dimmed);
  g_object_notify (G_OBJECT (self), "library-dimmed");
}

/* A stretch was picked: its figures are on the Measure page. */
static void
range_changed_cb (TlWindow *self)
{
  if (!tl_session_get_range (self->session, NULL, NULL))
    return;
  gtk_toggle_button_set_active (self->panel_button, TRUE);
  adw_view_stack_set_visible_child_name (self->side_stack, "measure");
}

void
_tl_window_tell_file_story (TlWindow   *self,
                            const char *name)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  g_autoptr(TlTraceOverview) overview = NULL;
  g_autofree char *story = NULL;

  if (model != NULL)
    {
      overview = tl_trace_overview_new (model, STORY_FUNCTIONS);
      story = tl_describe_overview (model, overview);
    }
  tl_narration_panel_set_story (self->narration_panel, name, story);
}

void
_tl_window_find_init (TlWindow *self)
{
  self->library_dimmed = TRUE;
  tl_search_bar_set_session (self->search_bar, self->session);
  tl_range_panel_set_session (self->range_panel, self->session);
  tl_range_panel_set_timeline (self->range_panel, GTK_WIDGET (self->timeline));
  g_signal_connect_object (self->session, "range-changed", G_CALLBACK (range_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_tl_window_install_find_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_previous_action);
  /* A state: the menu shows it checked. */
  gtk_widget_class_install_property_action (widget_class, "win.dim-library", "library-dimmed");
}
