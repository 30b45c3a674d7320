/* tl-stats-panel.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lesson's figures first (the scenario's results, lost updates,
 * timings and how much faster one way is than another, time waiting per
 * lock), then how busy each worker was, and last what the trace itself
 * holds; Threadline's own machinery is left out.
 *
 * Recomputed when the session says the model changed, only while the
 * panel is on screen, and while live at most once a second of frame time
 * (the figures are read, not watched; each recount reads every span).
 */
#define G_LOG_DOMAIN "tl-stats-panel"

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-analysis-lost-updates.h"
#include "tl-analysis-utilisation.h"
#include "tl-describe.h"
#include "tl-scenario.h"
#include "tl-stats-panel.h"

#define LIVE_INTERVAL_US  G_USEC_PER_SEC
#define MAX_ROWS          24
#define SHORT_VALUE       18   /* characters beside a row's title */

struct _TlStatsPanel
{
  GtkWidget            parent_instance;

  TlSession           *session;
  guint64              shown_generation;
  gint64               shown_time;       /* frame time of the last recount */
  GPtrArray           *rows;           /* (group, row) pairs to remove */

  AdwPreferencesGroup *lesson_group;
  AdwPreferencesGroup *locks_group;
  AdwPreferencesGroup *busy_group;
  AdwPreferencesGroup *about_group;
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

/* A row: its title and its value, beside it when short, under it when
 * long (a list of results) so that it wraps as text does. */
static GtkWidget *
add_row (TlStatsPanel        *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "value", g_strdup (value), g_free);
  if (g_utf8_strlen (value, -1) > SHORT_VALUE)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  else if (*value != '\0')
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, group);
  g_ptr_array_add (self->rows, row);
  return row;
}

static GtkWidget *
add_row_take (TlStatsPanel        *self,
              AdwPreferencesGroup *group,
              const char          *title,
              char                *value)
{
  GtkWidget *row = add_row (self, group, title, value);

  g_free (value);
  return row;
}

static void
set_subtitle_take (GtkWidget *row,
                   char      *subtitle)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_free (subtitle);
}

/* ---- the lesson's figures ---------------------------------------------------- */

typedef struct
{
  char   *label;
  gint64  ns;
} Timing;

static void
timing_clear (Timing *timing)
{
  g_free (timing->label);
}

/* "threads = 12.345 ms", as the engine records a timing. */
static gboolean
parse_timing (const char *text,
              Timing     *timing)
{
  const char *equals = strstr (text, " = ");
  char *end = NULL;
  double ms;

  if (equals == NULL)
    return FALSE;
  ms = g_ascii_strtod (equals + 3, &end);
  if (end == equals + 3 || !g_str_equal (end, " ms") || ms < 0)
    return FALSE;
  timing->label = g_strndup (text, equals - text);
  timing->ns = (gint64) (ms * 1e6);
  return TRUE;
}

/* Timings compare with the first of their kind: the part of the label
 * before a comma ("heavy tasks, pool of 4"), or all of them when no label
 * has one ("one worker", "threads", "processes"). */
static gboolean
same_kind (const char *a,
           const char *b)
{
  const char *ca = strchr (a, ','), *cb = strchr (b, ',');

  if (ca == NULL || cb == NULL)
    return ca == cb;
  return ca - a == cb - b && strncmp (a, b, ca - a) == 0;
}

static void
show_timings (TlStatsPanel *self,
              GArray       *timings)
{
  for (guint i = 0; i < timings->len; i++)
    {
      const Timing *timing = &g_array_index (timings, Timing, i);
      GtkWidget *row = add_row_take (self, self->lesson_group, timing->label,
                                     tl_format_duration (timing->ns));

      for (guint k = 0; k < i; k++)
        {
          const Timing *first = &g_array_index (timings, Timing, k);
          g_autofree char *ratio = NULL;

          if (!same_kind (first->label, timing->label) || timing->ns <= 0)
            continue;
          ratio = tl_format_ratio ((double) first->ns / (double) timing->ns);
          /* TRANSLATORS: a speed-up: "1.77× as fast as “one worker”" */
          set_subtitle_take (row, g_strdup_printf (_("%s as fast as “%s”"), ratio, first->label));
          break;
        }
    }
}

/* A result as a person writes it: a float ("1.23040451275542") to three
 * significant digits, anything else (an int, a list) as recorded. */
static char *
format_result (const char *repr)
{
  char *end = NULL;
  double value;

  if (strchr (repr, '.') == NULL)
    return g_strdup (repr);
  value = g_ascii_strtod (repr, &end);
  if (end == repr || *end != '\0' || !isfinite (value))
    return g_strdup (repr);
  return tl_format_number (value);
}

/* The scenario's results and timings, as its steps recorded them. */
static void
show_marks (TlStatsPanel *self,
            TlTraceModel *model)
{
  g_autoptr(GArray) timings = g_array_new (FALSE, TRUE, sizeof (Timing));

  g_array_set_clear_func (timings, (GDestroyNotify) timing_clear);
  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || tl_trace_model_is_machinery_lane (model, l))
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          const char *text, *equals;
          Timing timing = { NULL, 0 };

          if (instants[i].kind != TL_EVENT_MARK || instants[i].ref == TL_INDEX_NONE)
            continue;
          text = tl_trace_model_get_string (model, instants[i].ref);
          equals = strstr (text, " = ");
          if (instants[i].arg == TL_SCENARIO_MARK_RESULT && equals != NULL)
            {
              g_autofree char *label = g_strndup (text, equals - text);

              add_row_take (self, self->lesson_group, label, format_result (equals + 3));
            }
          else if (instants[i].arg == TL_SCENARIO_MARK_TIME && parse_timing (text, &timing))
            g_array_append_val (timings, timing);
        }
    }
  show_timings (self, timings);
}

/* Every shared value written to: how many of its updates were lost. */
static void
show_lost_updates (TlStatsPanel *self,
                   TlTraceModel *model)
{
  for (guint32 o = 0; o < tl_trace_model_get_n_objects (model); o++)
    {
      const TlObject *object = tl_trace_model_get_object (model, o);
      TlLostUpdateSummary summary = { 0 };
      g_autoptr(GArray) lost = NULL;
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (object->role != TL_ROLE_VALUE)
        continue;
      lost = tl_analysis_lost_updates (model, o, &summary);
      if (summary.n_writes == 0)
        continue;
      name = tl_describe_object (model, o);
      row = add_row_take (self, self->lesson_group, name,
                          summary.n_lost == 0 ? g_strdup (_("no update lost"))
                          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u update lost",
                                                          "%u updates lost", summary.n_lost),
                                             summary.n_lost));
      set_subtitle_take (row, tl_describe_lost_updates_summary (model, o, &summary));
    }
}

/* ---- waits, work, and the trace itself -------------------------------------- */

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
      GtkWidget *row, *bar;

      if (tl_lane_get_kind (tl_trace_model_get_lane (model, l)) != TL_LANE_THREAD ||
          tl_trace_model_is_machinery_lane (model, l) ||
          !tl_analysis_lane_utilisation (model, l, TL_TS_NONE, TL_TS_NONE, &use) ||
          use.lifetime <= 0)
        continue;
      name = tl_describe_lane (model, l);
      percent = tl_format_percent (use.busy_share);
      lifetime = tl_format_duration (use.lifetime);
      row = add_row (self, self->busy_group, name, "");
      set_subtitle_take (row, g_strdup_printf (_("running %s of %s"), percent, lifetime));
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
      g_autofree char *held = NULL;
      g_autofree char *longest = NULL;
      g_autofree char *waits = NULL;
      g_autofree char *acquisitions = NULL;
      GtkWidget *row;

      if ((tl_lane_get_kind (lane) != TL_LANE_LOCK && tl_lane_get_kind (lane) != TL_LANE_GIL) ||
          tl_trace_model_is_machinery_lane (model, l))
        continue;
      tl_analysis_lock_contention (model, tl_lane_get_object (lane), &contention);
      /* A GIL only tells something where threads competed for it. */
      if (tl_lane_get_kind (lane) == TL_LANE_GIL && contention.n_waits == 0)
        continue;
      name = tl_describe_lane (model, l);
      held = tl_format_duration (contention.total_held);
      longest = tl_format_duration (contention.longest_wait);
      row = add_row_take (self, self->locks_group, name, tl_format_duration (contention.total_wait));
      waits = g_strdup_printf ("%" G_GUINT64_FORMAT, contention.n_waits);
      acquisitions = g_strdup_printf ("%" G_GUINT64_FORMAT, contention.n_acquisitions);
      /* TRANSLATORS: "held 1.20 s; 3 of 40 acquisitions waited, the longest 5.0 ms" */
      set_subtitle_take (row, g_strdup_printf (_("held %s; %s of %s acquisitions waited, the longest %s"),
                                               held, waits, acquisitions, longest));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->locks_group), shown > 0);
}

/* What the trace holds, after the lesson: a student needs none of it. */
static void
show_about (TlStatsPanel *self,
            TlTraceModel *model)
{
  guint64 dropped, torn, corrupt, spans = tl_trace_model_get_n_spans (model);
  gint64 start, end;
  guint n_flows, n_processes = 0, n_threads = 0;

  for (guint p = 0; p < tl_trace_model_get_n_processes (model); p++)
    n_processes += !tl_trace_model_is_machinery_process (model, p);
  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    n_threads += tl_lane_get_kind (tl_trace_model_get_lane (model, l)) == TL_LANE_THREAD &&
                 !tl_trace_model_is_machinery_lane (model, l);
  tl_trace_model_get_flows (model, &n_flows);
  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);

  if (tl_trace_model_get_time_range (model, &start, &end))
    add_row_take (self, self->about_group, _("Elapsed"), tl_format_duration (end - start));
  add_row_take (self, self->about_group, _("Processes"), g_strdup_printf ("%u", n_processes));
  add_row_take (self, self->about_group, _("Threads"), g_strdup_printf ("%u", n_threads));
  add_row_take (self, self->about_group, _("Events"),
                g_strdup_printf ("%" G_GUINT64_FORMAT, tl_trace_model_get_n_events (model)));
  add_row_take (self, self->about_group, _("Spans"), g_strdup_printf ("%" G_GUINT64_FORMAT, spans));
  add_row_take (self, self->about_group, _("Arrows"), g_strdup_printf ("%u", n_flows));
  add_row_take (self, self->about_group, _("Events lost"),
                g_strdup_printf ("%" G_GUINT64_FORMAT, dropped + torn + corrupt));
  add_row_take (self, self->about_group, _("Warnings"),
                g_strdup_printf ("%u", tl_trace_model_get_n_warnings (model)));
}

static void
refresh (TlStatsPanel *self)
{
  TlTraceModel *model = self->session ? tl_session_get_model (self->session) : NULL;
  AdwPreferencesGroup *groups[] = {
    self->lesson_group, self->locks_group, self->busy_group, self->about_group,
  };

  clear_rows (self);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    gtk_widget_set_visible (GTK_WIDGET (groups[i]), model != NULL);
  if (model == NULL)
    return;
  show_marks (self, model);
  show_lost_updates (self, model);
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_group), self->rows->len > 0);
  show_locks (self, model);
  show_busy (self, model);
  show_about (self, model);
  self->shown_generation = tl_trace_model_get_generation (model);
}

GStrv
tl_stats_panel_dup_rows (TlStatsPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (TL_IS_STATS_PANEL (self), NULL);

  for (guint i = 0; i + 1 < self->rows->len; i += 2)
    {
      AdwPreferencesGroup *group = g_ptr_array_index (self->rows, i);
      GtkWidget *row = g_ptr_array_index (self->rows, i + 1);
      g_autofree char *line = g_strdup_printf ("%s\t%s\t%s", adw_preferences_group_get_title (group),
                                               adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                               (char *) g_object_get_data (G_OBJECT (row), "value"));

      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
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
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, lesson_group);
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, locks_group);
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, busy_group);
  gtk_widget_class_bind_template_child (widget_class, TlStatsPanel, about_group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tl_stats_panel_init (TlStatsPanel *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
