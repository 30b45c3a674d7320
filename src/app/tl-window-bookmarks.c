/* tl-window-bookmarks.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A teacher's bookmarks: b marks the moment at the playhead (or "now",
 * live; the middle of the view otherwise) and opens a small entry for its
 * note, pointing at the mark on the time axis; b on a bookmark edits its
 * note; j and Shift+J jump to the next and previous one; Shift+B removes the
 * one at the playhead.  The model keeps them, so saving keeps them: the
 * trace is no longer saved once they change.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-bookmarks.h"
#include "tl-window-private.h"

/* The moment a new bookmark marks. */
static gint64
bookmark_moment (TlWindow *self)
{
  gint64 playhead = tl_session_get_playhead (self->session);
  gint64 t0, t1;

  if (playhead != TL_TS_NONE)
    return playhead;
  if (tl_session_get_state (self->session) == TL_SESSION_LIVE)
    return tl_session_get_now (self->session);
  tl_session_get_visible (self->session, &t0, &t1);
  return t0 + (t1 - t0) / 2;
}

guint
_tl_window_bookmark_at_playhead (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  gint64 playhead = tl_session_get_playhead (self->session);

  if (model == NULL || playhead == TL_TS_NONE)
    return G_MAXUINT;
  return tl_trace_model_lookup_bookmark (model, playhead);
}

/* The note typed goes to the bookmark being edited, however the entry
 * closes (Enter, Escape, a click elsewhere). */
static void
keep_note (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->bookmark_entry));
  guint index;

  if (model == NULL || self->bookmark_ts == TL_TS_NONE)
    return;
  index = tl_trace_model_lookup_bookmark (model, self->bookmark_ts);
  if (index != G_MAXUINT && g_strcmp0 (tl_trace_model_get_bookmark (model, index)->note, text) != 0)
    tl_session_set_bookmark_note (self->session, index, text);
}

static void
popover_closed_cb (TlWindow *self)
{
  keep_note (self);
  self->bookmark_ts = TL_TS_NONE;
  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
}

static void
entry_activate_cb (TlWindow *self)
{
  gtk_popover_popdown (self->bookmark_popover);
}

static void
remove_clicked_cb (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  guint index = model != NULL && self->bookmark_ts != TL_TS_NONE
                ? tl_trace_model_lookup_bookmark (model, self->bookmark_ts) : G_MAXUINT;

  self->bookmark_ts = TL_TS_NONE;
  if (index != G_MAXUINT)
    tl_session_remove_bookmark (self->session, index);
  gtk_popover_popdown (self->bookmark_popover);
}

/* The entry for @index's note, pointing at its flag. */
static void
edit_note (TlWindow *self,
           guint     index)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  const TlBookmark *bookmark = tl_trace_model_get_bookmark (model, index);
  GdkRectangle rect;

  self->bookmark_ts = bookmark->ts;
  gtk_editable_set_text (GTK_EDITABLE (self->bookmark_entry), bookmark->note);
  if (!tl_timeline_view_get_moment_rect (self->timeline, bookmark->ts, &rect))
    rect = (GdkRectangle) { gtk_widget_get_width (GTK_WIDGET (self->timeline)) / 2, 0, 1, 1 };
  gtk_popover_set_pointing_to (self->bookmark_popover, &rect);
  gtk_popover_popup (self->bookmark_popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->bookmark_entry));
}

static void
bookmark_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  TlTraceModel *model = tl_session_get_model (self->session);
  gint64 ts;
  guint index;

  if (model == NULL)
    return;
  ts = bookmark_moment (self);
  index = tl_trace_model_lookup_bookmark (model, ts);
  if (index == G_MAXUINT)
    index = tl_session_add_bookmark (self->session, ts, NULL);
  edit_note (self, index);
}

static void
remove_bookmark_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  guint index = _tl_window_bookmark_at_playhead (self);

  if (index != G_MAXUINT)
    tl_session_remove_bookmark (self->session, index);
}

static void
goto_bookmark_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  if (tl_session_goto_bookmark (self->session, g_variant_get_int32 (parameter)) == G_MAXUINT)
    gtk_widget_error_bell (widget);
}

void
_tl_window_install_bookmark_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.bookmark", NULL, bookmark_action);
  gtk_widget_class_install_action (widget_class, "win.remove-bookmark", NULL, remove_bookmark_action);
  gtk_widget_class_install_action (widget_class, "session.goto-bookmark", "i", goto_bookmark_action);
}

/* A bookmark changed: the trace on disk is not this one any more. */
static void
bookmarks_changed_cb (TlWindow *self)
{
  self->saved = FALSE;
  _tl_window_update_actions (self);
}

void
_tl_window_bookmarks_init (TlWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  self->bookmark_ts = TL_TS_NONE;
  self->bookmark_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->bookmark_entry, _("A note for this moment"));
  gtk_entry_set_max_length (self->bookmark_entry, TL_BOOKMARK_NOTE_MAX);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->bookmark_entry), 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->bookmark_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bookmark note"), -1);
  gtk_widget_set_tooltip_text (remove, _("Remove Bookmark"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->bookmark_entry));
  gtk_box_append (GTK_BOX (box), remove);

  self->bookmark_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->bookmark_popover, box);
  gtk_popover_set_position (self->bookmark_popover, GTK_POS_BOTTOM);
  gtk_widget_set_parent (GTK_WIDGET (self->bookmark_popover), GTK_WIDGET (self->timeline));

  g_signal_connect_object (self->bookmark_entry, "activate", G_CALLBACK (entry_activate_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->bookmark_popover, "closed", G_CALLBACK (popover_closed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "bookmarks-changed", G_CALLBACK (bookmarks_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_tl_window_bookmarks_dispose (TlWindow *self)
{
  if (self->bookmark_popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->bookmark_popover));
  self->bookmark_popover = NULL;
  self->bookmark_entry = NULL;
}
