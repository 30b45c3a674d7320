/* tl-output-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints are instants of the model: the panel reads them from the model,
 * so a live run and a file show the same thing.  While live it only reads
 * what is new since its last look, at most a few times a second.
 */
#define G_LOG_DOMAIN "tl-output-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-describe.h"
#include "tl-output-panel.h"

#define REFRESH_MS 200

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
  GArray        *scanned;       /* guint per lane: instants already read */
  GArray        *workers;       /* guint32 lanes that printed, in order seen */
  GtkStringList *worker_names;
  guint          refresh_id;
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
render_text (TlOutputPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *count = NULL;
  guint shown = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = &g_array_index (self->lines, Line, i);
      g_autofree char *who = NULL;

      if (self->filter_lane != TL_INDEX_NONE && line->lane != self->filter_lane)
        continue;
      who = tl_describe_lane (self->model, line->lane);
      g_string_append_printf (text, "[%s] %s\n", who,
                              tl_trace_model_get_string (self->model, line->text));
      shown++;
    }
  gtk_text_buffer_set_text (buffer, text->str, (int) text->len);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", shown), shown);
  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->stack, self->lines->len > 0 ? "text" : "empty");

  /* Follow the end, like a terminal. */
  if (shown > 0)
    {
      GtkTextIter end;

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
  guint n_lanes, old_len = self->lines->len;

  if (self->model == NULL)
    return;
  n_lanes = tl_trace_model_get_n_lanes (self->model);
  while (self->scanned->len < n_lanes)
    {
      guint zero = 0;

      g_array_append_val (self->scanned, zero);
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);
      guint *scanned = &g_array_index (self->scanned, guint, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = *scanned; i < n; i++)
        if (instants[i].kind == TL_EVENT_PRINT && instants[i].ref != TL_INDEX_NONE)
          {
            Line line = { instants[i].ts, l, instants[i].ref };

            g_array_append_val (self->lines, line);
            add_worker (self, l);
          }
      *scanned = n;
    }

  if (self->lines->len != old_len)
    {
      /* New lines are almost always later than the old ones; sort anyway,
       * lanes are read one after the other. */
      g_array_sort (self->lines, compare_lines);
      render_text (self);
    }
}

static gboolean
refresh_cb (gpointer data)
{
  TlOutputPanel *self = data;

  self->refresh_id = 0;
  scan_model (self);
  return G_SOURCE_REMOVE;
}

static void
reset (TlOutputPanel *self)
{
  TlTraceModel *model = self->session != NULL ? tl_session_get_model (self->session) : NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_set_object (&self->model, model);
  g_array_set_size (self->lines, 0);
  g_array_set_size (self->scanned, 0);
  g_array_set_size (self->workers, 0);
  self->filter_lane = TL_INDEX_NONE;
  gtk_string_list_splice (self->worker_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->worker_names)), NULL);
  gtk_string_list_append (self->worker_names, _("All workers"));
  gtk_drop_down_set_selected (self->worker_dropdown, 0);
  render_text (self);
  scan_model (self);
}

static void
model_changed_cb (TlOutputPanel *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);

  if (model != self->model)
    {
      reset (self);
      return;
    }
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
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
    render_text (self);
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

  g_clear_handle_id (&self->refresh_id, g_source_remove);
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
  g_array_unref (self->scanned);
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
  self->scanned = g_array_new (FALSE, FALSE, sizeof (guint));
  self->workers = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->filter_lane = TL_INDEX_NONE;
  self->worker_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->worker_dropdown, G_LIST_MODEL (self->worker_names));
}
