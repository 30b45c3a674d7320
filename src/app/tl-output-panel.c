/* tl-output-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints are instants of the model: the panel reads them from the model,
 * so a live run and a file show the same thing.  It reads what is new
 * when the session says the model changed (at most once a frame), and
 * appends it.
 */
#define G_LOG_DOMAIN "tl-output-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-describe.h"
#include "tl-output-panel.h"

typedef struct
{
  gint64  ts;
  guint32 lane;
  guint32 text;
} Line;

struct _TlOutputPanel
{
  GtkWidget      parent_instance;

  TlSession     *session;
  TlTraceModel  *model;
  GArray        *lines;         /* Line, in time order */
  TlInstantCursor *cursor;      /* the prints already read */
  GArray        *workers;       /* guint32 lanes that printed, in order seen */
  GtkStringList *worker_names;
  guint          shown;         /* lines in the text view */
  guint32        filter_lane;   /* TL_INDEX_NONE: every worker */

  GtkStack      *stack;
  GtkDropDown   *worker_dropdown;
  GtkLabel      *count_label;
  GtkTextView   *text_view;
};

G_DEFINE_FINAL_TYPE (TlOutputPanel, tl_output_panel, GTK_TYPE_WIDGET)

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const Line *x = a, *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

static void
append_line (TlOutputPanel *self,
             GString       *text,
             const Line    *line)
{
  g_autofree char *who = NULL;

  if (self->filter_lane != TL_INDEX_NONE && line->lane != self->filter_lane)
    return;
  who = tl_describe_lane (self->model, line->lane);
  g_string_append_printf (text, "[%s] %s\n", who, tl_trace_model_get_string (self->model, line->text));
  self->shown++;
}

/* Shows lines[@from..] after what the view shows (all of them, from 0). */
static void
render_text (TlOutputPanel *self,
             guint          from)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *count = NULL;
  GtkTextIter end;

  if (from == 0)
    self->shown = 0;
  for (guint i = from; i < self->lines->len; i++)
    append_line (self, text, &g_array_index (self->lines, Line, i));
  if (from == 0)
    {
      gtk_text_buffer_set_text (buffer, text->str, (int) text->len);
    }
  else
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, text->str, (int) text->len);
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", self->shown),
                           self->shown);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, self->lines->len > 0 ? "text" : "empty");

  /* Follow the end, like a terminal. */
  if (self->shown > 0)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_view_scroll_to_iter (self->text_view, &end, 0, FALSE, 0, 0);
    }
}

static void
add_worker (TlOutputPanel *self,
            guint32        lane)
{
  g_autofree char *name = NULL;

  for (guint i = 0; i < self->workers->len; i++)
    if (g_array_index (self->workers, guint32, i) == lane)
      return;
  g_array_append_val (self->workers, lane);
  name = tl_describe_lane (self->model, lane);
  gtk_string_list_append (self->worker_names, name);
}

/* Reads the prints that arrived since the last scan. */
static void
scan_model (TlOutputPanel *self)
{
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (TlItemRef));
  guint old_len = self->lines->len;
  gboolean in_order = TRUE;

  if (self->model == NULL ||
      tl_trace_model_read_new_instants (self->model, TL_EVENT_PRINT, self->cursor, fresh) == 0)
    return;
  for (guint i = 0; i < fresh->len; i++)
    {
      const TlItemRef *ref = &g_array_index (fresh, TlItemRef, i);
      guint n;
      const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (self->model, ref->lane),
                                                        &n);
      Line line = { instants[ref->index].ts, ref->lane, instants[ref->index].ref };

      if (line.text == TL_INDEX_NONE)
        continue;
      if (self->lines->len > 0 && compare_lines (&line, &g_array_index (self->lines, Line,
                                                                        self->lines->len - 1)) < 0)
        in_order = FALSE;
      g_array_append_val (self->lines, line);
      add_worker (self, ref->lane);
    }
  if (self->lines->len == old_len)
    return;
  /* A print that came late (another lane's, read in a later batch) goes
   * in its place, and the text is made again. */
  if (!in_order)
    g_array_sort (self->lines, compare_lines);
  render_text (self, in_order ? old_len : 0);
}

static void
reset (TlOutputPanel *self)
{
  TlTraceModel *model = self->session != NULL ? tl_session_get_model (self->session) : NULL;

  g_set_object (&self->model, model);
  g_array_set_size (self->lines, 0);
  g_clear_pointer (&self->cursor, tl_instant_cursor_free);
  self->cursor = tl_instant_cursor_new ();
  g_array_set_size (self->workers, 0);
  self->filter_lane = TL_INDEX_NONE;
  gtk_string_list_splice (self->worker_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->worker_names)), NULL);
  gtk_string_list_append (self->worker_names, _("All workers"));
  gtk_drop_down_set_selected (self->worker_dropdown, 0);
  render_text (self, 0);
  scan_model (self);
}

static void
model_changed_cb (TlOutputPanel *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);

  if (model != self->model)
    reset (self);
  else
    scan_model (self);
}

static void
worker_selected_cb (TlOutputPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->worker_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > self->workers->len)
    self->filter_lane = TL_INDEX_NONE;
  else
    self->filter_lane = g_array_index (self->workers, guint32, selected - 1);
  if (self->model != NULL)
    render_text (self, 0);
}

void
tl_output_panel_set_session (TlOutputPanel *self,
                             TlSession     *session)
{
  g_return_if_fail (TL_IS_OUTPUT_PANEL (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "model-changed",
                             G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  reset (self);
}

guint
tl_output_panel_get_n_lines (TlOutputPanel *self)
{
  g_return_val_if_fail (TL_IS_OUTPUT_PANEL (self), 0);
  scan_model (self);
  return self->lines->len;
}

char *
tl_output_panel_dup_text (TlOutputPanel *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (TL_IS_OUTPUT_PANEL (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
tl_output_panel_dispose (GObject *object)
{
  TlOutputPanel *self = (TlOutputPanel *) object;
  GtkWidget *child;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_OUTPUT_PANEL);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_output_panel_parent_class)->dispose (object);
}

static void
tl_output_panel_finalize (GObject *object)
{
  TlOutputPanel *self = (TlOutputPanel *) object;

  g_array_unref (self->lines);
  g_clear_pointer (&self->cursor, tl_instant_cursor_free);
  g_array_unref (self->workers);
  g_clear_object (&self->worker_names);

  G_OBJECT_CLASS (tl_output_panel_parent_class)->finalize (object);
}

static void
tl_output_panel_class_init (TlOutputPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_output_panel_dispose;
  object_class->finalize = tl_output_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-output-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlOutputPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TlOutputPanel, worker_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlOutputPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlOutputPanel, text_view);
  gtk_widget_class_bind_template_callback (widget_class, worker_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_output_panel_init (TlOutputPanel *self)
{
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
  self->cursor = tl_instant_cursor_new ();
  self->workers = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->filter_lane = TL_INDEX_NONE;
  self->worker_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->worker_dropdown, G_LIST_MODEL (self->worker_names));
}
