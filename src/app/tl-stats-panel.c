/* tl-stats-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recomputed when the session says the model changed, only while the
 * panel is on screen, and while live at most once a second of frame time
 * (the figures are read, not watched; each recount reads every span).
 */
#define G_LOG_DOMAIN "tl-stats-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-analysis-utilisation.h"
#include "tl-describe.h"
#include "tl-stats-panel.h"

#define LIVE_INTERVAL_US  G_USEC_PER_SEC
#define MAX_ROWS          24

struct _TlStatsPanel
{
  GtkWidget            parent_instance;

  TlSession           *session;
  guint64              shown_generation;
  gint64               shown_time;       /* frame time of the last recount */
  GPtrArray           *rows;           /* (group, row) pairs to remove */

  AdwPreferencesGroup *run_group;
  AdwPreferencesGroup *busy_group;
  AdwPreferencesGroup *locks_group;
};

G_DEFINE_FINAL_TYPE (TlStatsPanel, tl_stats_panel, GTK_TYPE_WIDGET)

static void
clear_rows (TlStatsPanel *self)
{
  for (guint i = 0; i + 1 < self->rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->rows, i),
                                  g_ptr_array_index (self->rows, i + 1));
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (TlStatsPanel        *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, group);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
add_row_take (TlStatsPanel        *self,
              AdwPreferencesGroup *group,
              const char          *title,
              char                *value)
{
  add_row (self, group, title, value);
  g_free (value);
}

static void
show_busy (TlStatsPanel *self,
           TlTraceModel *model)
{
  guint shown = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model) && shown < MAX_ROWS; l++)
    {
      TlLaneUtilisation use;
      g_autofree char *name = NULL;
      g_autofree char *percent = NULL;
      g_autofree char *lifetime = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *bar;

      if (tl_lane_get_kind (tl_trace_model_get_lane (model, l)) != TL_LANE_THREAD ||
          !tl_analysis_lane_utilisation (model, l, TL_TS_NONE, TL_TS_NONE, &use) ||
          use.lifetime <= 0)
        continue;
      name = tl_describe_lane (model, l);
      percent = g_strdup_printf ("%.0f %%", use.busy_share * 100);
      lifetime = tl_format_duration (use.lifetime);
      subtitle = g_strdup_printf (_("running %s of %s"), percent, lifetime);
      row = add_row (self, self->busy_group, name, "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (use.busy_share, 0, 1));
      gtk_widget_set_size_request (bar, 80, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->busy_group), shown > 0);
}

static void
show_locks (TlStatsPanel *self,
            TlTraceModel *model)
{
  guint shown = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (model) && shown < MAX_ROWS; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      TlLockContention contention;
      g_autofree char *name = NULL;
      g_autofree char *waited = NULL;
      g_autofree char *held = NULL;
      g_autofree char *longest = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (tl_lane_get_kind (lane) != TL_LANE_LOCK && tl_lane_get_kind (lane) != TL_LANE_GIL)
        continue;
      tl_analysis_lock_contention (model, tl_lane_get_object (lane), &contention);
      name = tl_describe_lane (model, l);
      waited = tl_format_duration (contention.total_wait);
      held = tl_format_duration (contention.total_held);
      longest = tl_format_duration (contention.longest_wait);
      subtitle = g_strdup_printf (_("held %s; %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                    " acquisitions waited, the longest %s"),
                                  held, contention.n_waits, contention.n_acquisitions, longest);
      row = add_row (self, self->locks_group, name, waited);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->locks_group), shown > 0);
}

static void
show_run (TlStatsPanel *self,
          TlTraceModel *model)
{
  guint64 dropped, torn, corrupt, spans = tl_trace_model_get_n_spans (model);
  gint64 start, end;
  guint n_flows, n_threads = tl_trace_model_count_lanes (model, TL_LANE_THREAD);

  tl_trace_model_get_flows (model, &n_flows);
  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);

  if (tl_trace_model_get_time_range (model, &start, &end))
    add_row_take (self, self->run_group, _("Elapsed"), tl_format_duration (end - start));
  add_row_take (self, self->run_group, _("Processes"),
                g_strdup_printf ("%u", tl_trace_model_get_n_processes (model)));
  add_row_take (self, self->run_group, _("Threads"), g_strdup_printf ("%u", n_threads));
  add_row_take (self, self->run_group, _("Events"),
                g_strdup_printf ("%" G_GUINT64_FORMAT, tl_trace_model_get_n_events (model)));
  add_row_take (self, self->run_group, _("Spans"), g_strdup_printf ("%" G_GUINT64_FORMAT, spans));
  add_row_take (self, self->run_group, _("Arrows"), g_strdup_printf ("%u", n_flows));
  add_row_take (self, self->run_group, _("Events lost"),
                g_strdup_printf ("%" G_GUINT64_FORMAT, dropped + torn + corrupt));
  add_row_take (self, self->run_group, _("Warnings"),
                g_strdup_printf ("%u", tl_trace_model_get_n_warnings (model)));
}

static void
refresh (TlStatsPanel *self)
{
  TlTraceModel *model = self->session ? tl_session_get_model (self->session) : NULL;

  clear_rows (self);
  if (model == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->busy_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->locks_group), FALSE);
      return;
    }
  show_run (self, model);
  show_busy (self, model);
  show_locks (self, model);
  self->shown_generation = tl_trace_model_get_generation (model);
}

static gint64
frame_time (TlStatsPanel *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  return clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ();
}

static void
model_changed_cb (TlStatsPanel *self)
{
  gint64 now;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  /* A live model changes every frame; its last change is followed by
   * the run's end, which is recounted at once. */
  now = frame_time (self);
  if (tl_session_get_state (self->session) == TL_SESSION_LIVE &&
      now - self->shown_time < LIVE_INTERVAL_US)
    return;
  self->shown_time = now;
  refresh (self);
}

static void
tl_stats_panel_map (GtkWidget *widget)
{
  TlStatsPanel *self = TL_STATS_PANEL (widget);
  TlTraceModel *model = self->session ? tl_session_get_model (self->session) : NULL;

  GTK_WIDGET_CLASS (tl_stats_panel_parent_class)->map (widget);
  if (model == NULL || tl_trace_model_get_generation (model) != self->shown_generation)
    refresh (self);
}

void
tl_stats_panel_set_session (TlStatsPanel *self,
                            TlSession    *session)
{
  g_return_if_fail (TL_IS_STATS_PANEL (self));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "model-changed", G_CALLBACK (model_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::state", G_CALLBACK (model_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  self->shown_generation = G_MAXUINT64;
  refresh (self);
}

static void
tl_stats_panel_dispose (GObject *object)
{
  TlStatsPanel *self = (TlStatsPanel *) object;
  GtkWidget *child;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_STATS_PANEL);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_stats_panel_parent_class)->dispose (object);
}

static void
tl_stats_panel_finalize (GObject *object)
{
  TlStatsPanel *self = (TlStatsPanel *) object;

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (tl_stats_panel_parent_class)->finalize (object);
}

static void
tl_stats_panel_class_init (TlStatsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_stats_panel_dispose;
  object_class->finalize = tl_stats_panel_finalize;
  widget_class->map = tl_stats_panel_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-stats-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, run_group);
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, busy_group);
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, locks_group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_stats_panel_init (TlStatsPanel *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
