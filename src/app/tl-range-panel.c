/* tl-range-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures are the model's (tl-range-stats.h), worked out when the
 * pointer rests (a drag changes the stretch on every motion), and again
 * when a growing model grew, at most twice a second.  Numbers are
 * written as tl-numbers.h says.
 */
#define G_LOG_DOMAIN "tl-range-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-describe.h"
#include "tl-range-panel.h"
#include "tl-timeline-view.h"

/* A drag moves the stretch on every motion: the figures wait for a rest. */
#define SETTLE_MS        80
#define LIVE_INTERVAL_US (G_USEC_PER_SEC / 2)
#define MAX_FUNCTIONS    100
#define MAX_THREADS      64
#define SWATCH_PX        12

struct _TlRangePanel
{
  GtkWidget       parent_instance;

  TlSession      *session;
  GtkWidget      *timeline;      /* weak */
  TlRangeSort     sort;
  guint           settle_id;
  gint64          updated_us;
  GPtrArray      *rows;          /* what it shows, as text */

  GtkStack       *stack;
  GtkLabel       *range_label;
  GtkDropDown    *sort_dropdown;
  GtkGrid        *functions_grid;
  GtkGrid        *threads_grid;
};

G_DEFINE_FINAL_TYPE (TlRangePanel, tl_range_panel, GTK_TYPE_WIDGET)

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell (const char *text,
      gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0f : 0.0f);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (label, TRUE);
    }
  return label;
}

static GtkWidget *
heading (const char *text,
         gboolean    numeric)
{
  GtkWidget *label = cell (text, numeric);

  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  const TlRgba *fill = data;

  cairo_rectangle (cr, 0, 0, width, height);
  tl_rgba_set_source (cr, fill);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/* The colour a function's calls have on the timeline. */
static GtkWidget *
swatch (TlRangePanel     *self,
        const TlFunction *function)
{
  TlPainter *painter = self->timeline != NULL ? tl_timeline_view_get_painter (TL_TIMELINE_VIEW (self->timeline))
                                              : NULL;
  GtkWidget *area = gtk_drawing_area_new ();
  const TlPalette *palette;
  const TlRgba *fill;

  gtk_widget_set_size_request (area, SWATCH_PX, SWATCH_PX);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  if (painter == NULL)
    return area;
  palette = tl_painter_get_palette (painter);
  fill = tl_palette_get_function_fill (palette, function->color_key,
                                       tl_painter_dims_origin (painter, function->origin));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, g_memdup2 (fill, sizeof *fill), g_free);
  return area;
}

static void
add_row_text (TlRangePanel *self,
              const char   *kind,
              const char   *first,
              ...) G_GNUC_NULL_TERMINATED;

static void
add_row_text (TlRangePanel *self,
              const char   *kind,
              const char   *first,
              ...)
{
  g_autoptr(GString) line = g_string_new (kind);
  const char *cell_text = first;
  va_list args;

  va_start (args, first);
  for (; cell_text != NULL; cell_text = va_arg (args, const char *))
    g_string_append_printf (line, "\t%s", cell_text);
  va_end (args);
  g_ptr_array_add (self->rows, g_string_free (g_steal_pointer (&line), FALSE));
}

static void
show_functions (TlRangePanel *self,
                TlTraceModel *model,
                TlRangeStats *stats)
{
  const TlFunctionStats *functions;
  guint n, shown;

  clear_grid (self->functions_grid);
  functions = tl_range_stats_get_functions (stats, &n);
  gtk_grid_attach (self->functions_grid, heading (_("Function"), FALSE), 0, 0, 2, 1);
  gtk_grid_attach (self->functions_grid, heading (_("Calls"), TRUE), 2, 0, 1, 1);
  gtk_grid_attach (self->functions_grid, heading (_("Total"), TRUE), 3, 0, 1, 1);
  gtk_grid_attach (self->functions_grid, heading (_("Own"), TRUE), 4, 0, 1, 1);
  shown = MIN (n, MAX_FUNCTIONS);
  for (guint i = 0; i < shown; i++)
    {
      const TlFunctionStats *f = &functions[i];
      g_autofree char *calls = g_strdup_printf ("%" G_GUINT64_FORMAT, f->calls);
      g_autofree char *total = tl_format_duration (f->total);
      g_autofree char *own = tl_format_duration (f->self);
      g_autofree char *where = NULL;
      const char *name = tl_trace_model_get_string (model, f->name);
      GtkWidget *name_label;
      TlFunction function;

      if (tl_trace_model_get_function (model, f->name, &function))
        {
          name = tl_trace_model_get_string (model, function.name);
          where = tl_describe_code_location (model, &function);
          gtk_grid_attach (self->functions_grid, swatch (self, &function), 0, i + 1, 1, 1);
        }
      name_label = cell (name, FALSE);
      gtk_widget_set_tooltip_text (name_label, where != NULL ? where : name);
      gtk_grid_attach (self->functions_grid, name_label, 1, i + 1, 1, 1);
      gtk_grid_attach (self->functions_grid, cell (calls, TRUE), 2, i + 1, 1, 1);
      gtk_grid_attach (self->functions_grid, cell (total, TRUE), 3, i + 1, 1, 1);
      gtk_grid_attach (self->functions_grid, cell (own, TRUE), 4, i + 1, 1, 1);
      add_row_text (self, "function", name, calls, total, own, NULL);
    }
  if (n > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more function",
                                                            "and %u more functions", n - shown),
                                               n - shown);

      gtk_grid_attach (self->functions_grid, heading (more, FALSE), 0, shown + 1, 5, 1);
    }
  if (n == 0)
    gtk_grid_attach (self->functions_grid, heading (_("No call in this stretch"), FALSE), 0, 1, 5, 1);
}

static void
show_threads (TlRangePanel *self,
              TlTraceModel *model,
              TlRangeStats *stats)
{
  const TlLaneStats *lanes;
  guint n, row = 0;

  clear_grid (self->threads_grid);
  lanes = tl_range_stats_get_lanes (stats, &n);
  for (guint i = 0; i < n && row < MAX_THREADS; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *share = NULL;
      g_autofree char *busy = NULL;
      GtkWidget *bar, *name_label;

      if (tl_trace_model_is_machinery_lane (model, lanes[i].lane))
        continue;
      name = tl_describe_thread_in_process (model, lanes[i].lane);
      share = tl_format_percent (lanes[i].share);
      busy = tl_format_duration (lanes[i].busy);
      bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (lanes[i].share, 0, 1));
      gtk_widget_set_size_request (bar, 60, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, share, -1);
      /* "ForkPoolWorker-2 / MainThread" whole: wrapped, not cut. */
      name_label = cell (name, FALSE);
      gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (name_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (name_label), PANGO_WRAP_WORD_CHAR);
      gtk_grid_attach (self->threads_grid, name_label, 0, row, 1, 1);
      gtk_grid_attach (self->threads_grid, bar, 1, row, 1, 1);
      gtk_grid_attach (self->threads_grid, cell (share, TRUE), 2, row, 1, 1);
      gtk_grid_attach (self->threads_grid, cell (busy, TRUE), 3, row, 1, 1);
      add_row_text (self, "thread", name, share, busy, NULL);
      row++;
    }
}

void
tl_range_panel_update (TlRangePanel *self)
{
  TlTraceModel *model;
  g_autoptr(TlRangeStats) stats = NULL;
  g_autofree char *stretch = NULL;
  gint64 t0, t1;

  g_return_if_fail (TL_IS_RANGE_PANEL (self));

  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_ptr_array_set_size (self->rows, 0);
  model = self->session != NULL ? tl_session_get_model (self->session) : NULL;
  if (model == NULL || !tl_session_get_range (self->session, &t0, &t1))
    {
      clear_grid (self->functions_grid);
      clear_grid (self->threads_grid);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->updated_us = g_get_monotonic_time ();
  stats = tl_range_stats_new (model, t0, t1);
  tl_range_stats_sort (stats, self->sort);
  stretch = tl_describe_stretch (model, t0, t1);
  gtk_label_set_label (self->range_label, stretch);
  show_functions (self, model, stats);
  show_threads (self, model, stats);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

static gboolean
settle_cb (gpointer data)
{
  TlRangePanel *self = data;

  self->settle_id = 0;
  tl_range_panel_update (self);
  return G_SOURCE_REMOVE;
}

static void
range_changed_cb (TlRangePanel *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
}

static void
model_changed_cb (TlRangePanel *self)
{
  if (!tl_session_get_range (self->session, NULL, NULL))
    {
      tl_range_panel_update (self);
      return;
    }
  if (self->settle_id == 0 && g_get_monotonic_time () - self->updated_us >= LIVE_INTERVAL_US)
    range_changed_cb (self);
}

static void
sort_selected_cb (TlRangePanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->sort_dropdown);

  if (selected <= TL_RANGE_SORT_NAME && selected != (guint) self->sort)
    tl_range_panel_set_sort (self, (TlRangeSort) selected);
}

static void
clear_clicked_cb (TlRangePanel *self)
{
  if (self->session != NULL)
    tl_session_set_range (self->session, TL_TS_NONE, TL_TS_NONE);
}

void
tl_range_panel_set_sort (TlRangePanel *self,
                         TlRangeSort   sort)
{
  g_return_if_fail (TL_IS_RANGE_PANEL (self));

  self->sort = sort;
  if (gtk_drop_down_get_selected (self->sort_dropdown) != (guint) sort)
    gtk_drop_down_set_selected (self->sort_dropdown, sort);
  tl_range_panel_update (self);
}

void
tl_range_panel_set_session (TlRangePanel *self,
                            TlSession    *session)
{
  g_return_if_fail (TL_IS_RANGE_PANEL (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "range-changed", G_CALLBACK (range_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "model-changed", G_CALLBACK (model_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  tl_range_panel_update (self);
}

void
tl_range_panel_set_timeline (TlRangePanel *self,
                             GtkWidget    *timeline)
{
  g_return_if_fail (TL_IS_RANGE_PANEL (self));
  g_return_if_fail (timeline == NULL || TL_IS_TIMELINE_VIEW (timeline));

  g_set_weak_pointer (&self->timeline, timeline);
}

GStrv
tl_range_panel_dup_rows (TlRangePanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (TL_IS_RANGE_PANEL (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->rows, i));
  return g_strv_builder_end (builder);
}

static void
tl_range_panel_dispose (GObject *object)
{
  TlRangePanel *self = TL_RANGE_PANEL (object);
  GtkWidget *child;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->timeline);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_RANGE_PANEL);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_range_panel_parent_class)->dispose (object);
}

static void
tl_range_panel_finalize (GObject *object)
{
  TlRangePanel *self = TL_RANGE_PANEL (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (tl_range_panel_parent_class)->finalize (object);
}

static void
tl_range_panel_class_init (TlRangePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_range_panel_dispose;
  object_class->finalize = tl_range_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-range-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlRangePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TlRangePanel, range_label);
  gtk_widget_class_bind_template_child (widget_class, TlRangePanel, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlRangePanel, functions_grid);
  gtk_widget_class_bind_template_child (widget_class, TlRangePanel, threads_grid);
  gtk_widget_class_bind_template_callback (widget_class, sort_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rangepanel");
}

static void
tl_range_panel_init (TlRangePanel *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->sort = TL_RANGE_SORT_TOTAL;
  gtk_widget_init_template (GTK_WIDGET (self));
}
