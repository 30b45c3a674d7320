/* tl-inspector.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-inspector"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-describe.h"
#include "tl-inspector.h"

#define MAX_USERS 12

struct _TlInspector
{
  GtkWidget   parent_instance;

  TlSession  *session;

  GtkStack   *stack;
  GtkLabel   *title_label;
  GtkListBox *details_list;
  GtkLabel   *users_label;
  GtkListBox *users_list;
};

G_DEFINE_FINAL_TYPE (TlInspector, tl_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Values are the trace's text ("<Pool state=RUN>"), never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (list, row);
}

static void
add_row_take (GtkListBox *list,
              const char *title,
              char       *value)
{
  add_row (list, title, value);
  g_free (value);
}

/* Who else used @object: lanes with how many times. */
static void
show_users (TlInspector  *self,
            TlTraceModel *model,
            guint32       object,
            guint32       own_lane)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr(GList) lanes = NULL;
  const TlItemRef *refs;
  guint n_refs, shown = 0;

  clear_list (self->users_list);
  if (object == TL_INDEX_NONE || object >= tl_trace_model_get_n_objects (model))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->users_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->users_list), FALSE);
      return;
    }

  refs = tl_trace_model_get_object_history (model, object, &n_refs);
  for (guint i = 0; i < n_refs; i++)
    {
      gpointer key = GUINT_TO_POINTER (refs[i].lane + 1);

      g_hash_table_insert (counts, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
    }

  lanes = g_hash_table_get_keys (counts);
  for (GList *l = lanes; l != NULL && shown < MAX_USERS; l = l->next)
    {
      guint32 lane = GPOINTER_TO_UINT (l->data) - 1;
      guint uses = GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data));
      g_autofree char *name = tl_describe_lane (model, lane);
      g_autofree char *title = lane == own_lane ? g_strdup_printf (_("%s (this one)"), name) : g_strdup (name);

      add_row_take (self->users_list, title,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u use", "%u uses", uses), uses));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->users_label), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->users_list), shown > 0);
}

static gboolean
span_has_object (const TlSpan *span)
{
  return tl_span_kind_ref (span->kind) == TL_SPAN_REF_OBJECT && span->ref != TL_INDEX_NONE;
}

/* A call: its function, where that is and whose code, and what it was
 * called with and gave back, as far as the trace says. */
static void
show_call (TlInspector  *self,
           TlTraceModel *model,
           const TlSpan *span)
{
  const char *args = tl_trace_model_get_span_args (model, span);
  const char *result = tl_trace_model_get_span_result (model, span);
  g_autofree char *where = NULL;
  TlFunction function;

  if (!tl_trace_model_get_span_function (model, span, &function))
    {
      add_row (self->details_list, _("Name"), "—");
      return;
    }
  where = tl_describe_code_location (model, &function);
  if (where == NULL)
    {
      add_row (self->details_list, _("Name"), tl_trace_model_get_string (model, function.name));
    }
  else
    {
      add_row (self->details_list, _("Function"), tl_trace_model_get_string (model, function.name));
      add_row (self->details_list, _("Where"), where);
      add_row (self->details_list, _("Code"), tl_describe_code_origin_words (function.origin));
    }
  if (args != NULL)
    add_row (self->details_list, _("Arguments"), args);
  if (result != NULL)
    add_row (self->details_list, _("Returned"), result);
}

static void
show_span_details (TlInspector  *self,
                   TlTraceModel *model,
                   const TlSpan *span)
{
  switch ((TlSpanKind) span->kind)
    {
    case TL_SPAN_OWNER:
      add_row_take (self->details_list, _("Held by"), tl_describe_lane (model, span->ref));
      break;
    case TL_SPAN_SLICE:
    case TL_SPAN_ASYNC:
      show_call (self, model, span);
      break;
    case TL_SPAN_TASK:
      add_row_take (self->details_list, _("Task"), tl_describe_object (model, span->ref));
      add_row_take (self->details_list, _("Input"), g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) span->arg));
      add_row_take (self->details_list,
                    span->flags & TL_SPAN_FLAG_FAILED ? _("Failed") : _("Result"),
                    g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) span->arg2));
      break;
    case TL_SPAN_RUNNING:
    case TL_SPAN_WAIT_LOCK:
    case TL_SPAN_WAIT_GIL:
    case TL_SPAN_SLEEP:
    case TL_SPAN_IO:
    case TL_SPAN_WAIT_QUEUE:
    case TL_SPAN_WAIT_CONDITION:
    case TL_SPAN_WAIT_SEMAPHORE:
    case TL_SPAN_WAIT_EVENT:
    case TL_SPAN_WAIT_BARRIER:
    case TL_SPAN_WAIT_JOIN:
    case TL_SPAN_WAIT_OTHER:
    case TL_SPAN_HOLD_LOCK:
    case TL_SPAN_HOLD_GIL:
    case TL_N_SPAN_KINDS:
    default:
      if (span_has_object (span))
        add_row_take (self->details_list, _("Object"), tl_describe_object (model, span->ref));
      break;
    }
}

/* Who: the lane, a thread with its process ("ForkPoolWorker-2 /
 * MainThread"), and for a thread its process with the pid. */
static void
show_who (TlInspector  *self,
          TlTraceModel *model,
          guint32       lane)
{
  TlLane *l = tl_trace_model_get_lane (model, lane);

  add_row_take (self->details_list, _("Who"), tl_describe_thread_in_process (model, lane));
  if (tl_lane_get_kind (l) == TL_LANE_THREAD && tl_lane_get_process (l) != TL_INDEX_NONE)
    add_row_take (self->details_list, _("Process"), tl_describe_process (model, tl_lane_get_process (l)));
}

static void
show_span (TlInspector     *self,
           TlTraceModel    *model,
           const TlItemRef *ref)
{
  TlLane *lane = tl_trace_model_get_lane (model, ref->lane);
  const char *notes[TL_DESCRIBE_MAX_NOTES];
  const TlSpan *spans, *span;
  g_autofree char *title = NULL;
  guint n, n_notes;

  spans = tl_lane_get_spans (lane, ref->track, &n);
  if (ref->index >= n)
    return;
  span = &spans[ref->index];

  /* The tooltip's sentence, said once by the describer. */
  title = tl_describe_span (model, ref->lane, span, TL_TS_NONE);
  gtk_label_set_label (self->title_label, title);
  show_who (self, model, ref->lane);
  add_row_take (self->details_list, _("Starts"), tl_format_time (model, span->start));
  add_row_take (self->details_list, _("Lasts"), tl_format_duration (span->end - span->start));
  show_span_details (self, model, span);
  n_notes = tl_describe_span_notes (span, notes);
  for (guint i = 0; i < n_notes; i++)
    add_row (self->details_list, _("Note"), notes[i]);

  show_users (self, model,
              span_has_object (span) ? span->ref : TL_INDEX_NONE,
              ref->lane);
}

static void
show_instant (TlInspector     *self,
              TlTraceModel    *model,
              const TlItemRef *ref)
{
  TlLane *lane = tl_trace_model_get_lane (model, ref->lane);
  const TlInstant *instants, *instant;
  g_autofree char *what = NULL;
  guint32 process;
  guint n;

  instants = tl_lane_get_instants (lane, &n);
  if (ref->index >= n)
    return;
  instant = &instants[ref->index];

  what = tl_describe_instant (model, ref->lane, instant);
  gtk_label_set_label (self->title_label, what);
  show_who (self, model, ref->lane);
  add_row_take (self->details_list, _("When"), tl_format_time (model, instant->ts));
  if (instant->kind == TL_EVENT_SEND || instant->kind == TL_EVENT_RECEIVE)
    add_row_take (self->details_list, _("Message"), g_strdup_printf ("%" G_GUINT64_FORMAT, instant->arg));
  /* A start, an end or a crash: the process it is about. */
  process = instant->role == TL_ROLE_PROCESS ? tl_trace_model_lookup_process (model, (guint32) instant->arg)
                                             : TL_INDEX_NONE;
  if (process != TL_INDEX_NONE)
    {
      g_autofree char *end = tl_describe_process_end (model, process);

      add_row_take (self->details_list, _("About"), tl_describe_process (model, process));
      if (end != NULL)
        add_row (self->details_list, _("Ended"), end);
    }
  show_users (self, model,
              instant->role != TL_ROLE_TEXT ? instant->ref : TL_INDEX_NONE,
              ref->lane);
}

static void
show_flow (TlInspector     *self,
           TlTraceModel    *model,
           const TlItemRef *ref)
{
  const TlFlow *flows, *flow;
  g_autofree char *title = NULL;
  guint n;

  flows = tl_trace_model_get_flows (model, &n);
  if (ref->index >= n)
    return;
  flow = &flows[ref->index];

  title = tl_describe_flow (model, flow);
  gtk_label_set_label (self->title_label, title);
  add_row_take (self->details_list, _("From"), tl_describe_lane (model, flow->from_lane));
  add_row_take (self->details_list, _("To"), tl_describe_lane (model, flow->to_lane));
  add_row_take (self->details_list, _("Sent"), tl_format_time (model, flow->from_ts));
  add_row_take (self->details_list, _("Took"), tl_format_duration (flow->to_ts - flow->from_ts));
  if (flow->ref != TL_INDEX_NONE)
    add_row_take (self->details_list, _("Through"), tl_describe_object (model, flow->ref));
  show_users (self, model, flow->kind != TL_FLOW_GENERIC ? flow->ref : TL_INDEX_NONE,
              TL_INDEX_NONE);
}

static void
selection_changed_cb (TlInspector *self)
{
  TlTraceModel *model = self->session ? tl_session_get_model (self->session) : NULL;
  const TlItemRef *ref = self->session ? tl_session_get_selection (self->session) : NULL;

  clear_list (self->details_list);
  if (model == NULL || ref == NULL || ref->lane == TL_INDEX_NONE ||
      (ref->type != TL_ITEM_FLOW && ref->lane >= tl_trace_model_get_n_lanes (model)))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  switch ((TlItemType) ref->type)
    {
    case TL_ITEM_SPAN:
      show_span (self, model, ref);
      break;
    case TL_ITEM_INSTANT:
      show_instant (self, model, ref);
      break;
    case TL_ITEM_FLOW:
    default:
      show_flow (self, model, ref);
      break;
    }
  gtk_stack_set_visible_child_name (self->stack, "details");
}

GStrv
tl_inspector_dup_rows (TlInspector *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (TL_IS_INSPECTOR (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "details") == 0)
    g_strv_builder_add (builder, gtk_label_get_label (self->title_label));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->details_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *line = NULL;

      if (!ADW_IS_ACTION_ROW (row))
        continue;
      line = g_strdup_printf ("%s\t%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

TlSession *
tl_inspector_get_session (TlInspector *self)
{
  g_return_val_if_fail (TL_IS_INSPECTOR (self), NULL);
  return self->session;
}

void
tl_inspector_set_session (TlInspector *self,
                          TlSession   *session)
{
  g_return_if_fail (TL_IS_INSPECTOR (self));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "selection-changed",
                             G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  selection_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
tl_inspector_dispose (GObject *object)
{
  TlInspector *self = (TlInspector *) object;
  GtkWidget *child;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_INSPECTOR);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_inspector_parent_class)->dispose (object);
}

static void
tl_inspector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TlInspector *self = TL_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_inspector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TlInspector *self = TL_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      tl_inspector_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_inspector_class_init (TlInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_inspector_dispose;
  object_class->get_property = tl_inspector_get_property;
  object_class->set_property = tl_inspector_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, TL_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, TlInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, TlInspector, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlInspector, details_list);
  gtk_widget_class_bind_template_child (widget_class, TlInspector, users_label);
  gtk_widget_class_bind_template_child (widget_class, TlInspector, users_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
tl_inspector_init (TlInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
