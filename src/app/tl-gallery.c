/* tl-gallery.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-gallery"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-example.h"
#include "tl-gallery.h"

struct _TlGallery
{
  GtkWidget            parent_instance;

  GPtrArray           *scenarios;      /* TlScenario, built-in then loaded */
  GHashTable          *topic_groups;   /* topic -> AdwPreferencesGroup */
  TlScenario          *selected;
  GPtrArray           *param_rows;     /* rows in params_group */
  GPtrArray           *param_editors;  /* the editor widget of each row */
  GListModel          *examples;       /* TlExample: real programs */
  GtkWidget           *examples_group;

  GtkStack            *stack;
  GtkBox              *groups_box;
  GtkLabel            *name_label;
  GtkLabel            *topic_label;
  GtkLabel            *summary_label;
  AdwPreferencesGroup *params_group;
  GtkWidget           *real_group;
  AdwActionRow        *real_row;
  GtkWidget           *real_button;
  GtkSpinButton       *tempo_spin;
};

G_DEFINE_FINAL_TYPE (TlGallery, tl_gallery, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
make_editor (TlScenarioParam *param)
{
  const char *value = tl_scenario_param_get_default (param);

  switch (tl_scenario_param_get_param_type (param))
    {
    case TL_PARAM_BOOL:
      {
        GtkWidget *toggle = gtk_switch_new ();

        gtk_switch_set_active (GTK_SWITCH (toggle), g_strcmp0 (value, "true") == 0);
        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        return toggle;
      }
    case TL_PARAM_CHOICE:
      {
        const char * const *choices = tl_scenario_param_get_choices (param);
        const char * const *labels = tl_scenario_param_get_choice_labels (param);
        GtkWidget *dropdown = gtk_drop_down_new_from_strings ((const char **) labels);

        for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
          if (g_strcmp0 (choices[i], value) == 0)
            gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
        gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
        return dropdown;
      }
    case TL_PARAM_INT:
    case TL_PARAM_DOUBLE:
    default:
      {
        double step = tl_scenario_param_get_step (param);
        GtkWidget *spin;

        if (step <= 0)
          step = tl_scenario_param_get_param_type (param) == TL_PARAM_INT ? 1 : 0.1;
        spin = gtk_spin_button_new_with_range (tl_scenario_param_get_min (param),
                                               tl_scenario_param_get_max (param), step);
        if (tl_scenario_param_get_param_type (param) == TL_PARAM_INT)
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 0);
        else
          gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), step < 0.01 ? 3 : step < 0.1 ? 2 : 1);
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), g_ascii_strtod (value ? value : "0", NULL));
        gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
        return spin;
      }
    }
}

static char *
editor_value (TlScenarioParam *param,
              GtkWidget       *editor)
{
  switch (tl_scenario_param_get_param_type (param))
    {
    case TL_PARAM_BOOL:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (editor)) ? "true" : "false");
    case TL_PARAM_CHOICE:
      {
        const char * const *choices = tl_scenario_param_get_choices (param);
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (editor));

        if (choices == NULL || selected == GTK_INVALID_LIST_POSITION)
          return g_strdup (tl_scenario_param_get_default (param));
        return g_strdup (choices[selected]);
      }
    case TL_PARAM_INT:
      return g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (editor)));
    case TL_PARAM_DOUBLE:
    default:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buf, sizeof buf, gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor))));
      }
    }
}

static void
clear_params (TlGallery *self)
{
  for (guint i = 0; i < self->param_rows->len; i++)
    adw_preferences_group_remove (self->params_group, g_ptr_array_index (self->param_rows, i));
  g_ptr_array_set_size (self->param_rows, 0);
  g_ptr_array_set_size (self->param_editors, 0);
}

/* The real program a scenario emulates, ready to trace, if there is one. */
static void
show_real_program (TlGallery  *self,
                   TlScenario *scenario)
{
  TlExample *example = NULL;

  for (guint i = 0; example == NULL && i < g_list_model_get_n_items (self->examples); i++)
    {
      g_autoptr(TlExample) candidate = g_list_model_get_item (self->examples, i);

      if (g_strcmp0 (tl_example_get_scenario_id (candidate), tl_scenario_get_id (scenario)) == 0)
        example = candidate;
    }
  gtk_widget_set_visible (self->real_group, example != NULL);
  if (example == NULL)
    return;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->real_row), tl_example_get_file_name (example));
  adw_action_row_set_subtitle (self->real_row, tl_example_get_summary (example));
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->real_button), "s", tl_example_get_id (example));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->real_button), "win.trace-example");
}

static void
show_details (TlGallery  *self,
              TlScenario *scenario)
{
  GPtrArray *params = tl_scenario_get_params (scenario);

  g_set_object (&self->selected, scenario);
  gtk_label_set_label (self->name_label, tl_scenario_get_name (scenario));
  gtk_label_set_label (self->topic_label, tl_scenario_get_topic (scenario));
  gtk_label_set_label (self->summary_label, tl_scenario_get_summary (scenario));

  clear_params (self);
  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      TlScenarioParam *param = g_ptr_array_index (params, i);
      GtkWidget *editor = make_editor (param);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_scenario_param_get_label (param));
      if (tl_scenario_param_get_description (param) != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tl_scenario_param_get_description (param));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor);
      adw_preferences_group_add (self->params_group, row);
      g_ptr_array_add (self->param_rows, row);
      g_ptr_array_add (self->param_editors, editor);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->params_group), self->param_rows->len > 0);
  show_real_program (self, scenario);
  gtk_stack_set_visible_child_name (self->stack, "details");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

static void
row_activated_cb (AdwActionRow *row,
                  TlGallery    *self)
{
  show_details (self, g_object_get_data (G_OBJECT (row), "scenario"));
}

static void
add_to_list (TlGallery  *self,
             TlScenario *scenario)
{
  const char *topic = tl_scenario_get_topic (scenario);
  AdwPreferencesGroup *group = g_hash_table_lookup (self->topic_groups, topic ? topic : "");
  GtkWidget *row;

  if (group == NULL)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, topic ? topic : _("Other"));
      /* Before the real programs and the "open a file" button, which
       * stay last. */
      gtk_box_insert_child_after (self->groups_box, GTK_WIDGET (group),
                                  gtk_widget_get_prev_sibling (self->examples_group != NULL
                                                                 ? self->examples_group
                                                                 : gtk_widget_get_last_child (GTK_WIDGET (self->groups_box))));
      g_hash_table_insert (self->topic_groups, g_strdup (topic ? topic : ""), group);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_scenario_get_name (scenario));
  if (tl_scenario_get_summary (scenario) != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tl_scenario_get_summary (scenario));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "scenario", g_object_ref (scenario), g_object_unref);
  g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->scenarios, g_object_ref (scenario));
}

/* The real programs, after the scenarios: a row each, traced with one
 * click. */
static void
add_examples (TlGallery *self)
{
  guint n = g_list_model_get_n_items (self->examples);
  AdwPreferencesGroup *group;

  if (n == 0)
    return;
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Real Programs"));
  adw_preferences_group_set_description (group, _("Python programs that do what the scenarios emulate, "
                                                  "and one in C: traced live as they run"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlExample) example = g_list_model_get_item (self->examples, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("media-playback-start-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_example_get_file_name (example));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tl_example_get_summary (example));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Trace the Program"));
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tl_example_get_id (example));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.trace-example");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (group, row);
    }
  self->examples_group = GTK_WIDGET (group);
  gtk_box_insert_child_after (self->groups_box, self->examples_group,
                              gtk_widget_get_prev_sibling (gtk_widget_get_last_child (GTK_WIDGET (self->groups_box))));
}

TlExample *
tl_gallery_lookup_example (TlGallery  *self,
                           const char *id)
{
  g_return_val_if_fail (TL_IS_GALLERY (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (self->examples); i++)
    {
      g_autoptr(TlExample) example = g_list_model_get_item (self->examples, i);

      if (g_strcmp0 (tl_example_get_id (example), id) == 0)
        return example;
    }
  return NULL;
}

gboolean
tl_gallery_select (TlGallery  *self,
                   const char *id)
{
  g_return_val_if_fail (TL_IS_GALLERY (self), FALSE);

  for (guint i = 0; i < self->scenarios->len; i++)
    {
      TlScenario *scenario = g_ptr_array_index (self->scenarios, i);

      if (g_strcmp0 (tl_scenario_get_id (scenario), id) == 0)
        {
          show_details (self, scenario);
          return TRUE;
        }
    }
  return FALSE;
}

void
tl_gallery_add_scenario (TlGallery  *self,
                         TlScenario *scenario)
{
  g_return_if_fail (TL_IS_GALLERY (self));
  g_return_if_fail (TL_IS_SCENARIO (scenario));

  add_to_list (self, scenario);
  show_details (self, scenario);
}

TlScenario *
tl_gallery_get_scenario (TlGallery *self)
{
  g_return_val_if_fail (TL_IS_GALLERY (self), NULL);
  return self->selected;
}

GHashTable *
tl_gallery_dup_values (TlGallery *self)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *params;

  g_return_val_if_fail (TL_IS_GALLERY (self), values);

  if (self->selected == NULL)
    return values;
  params = tl_scenario_get_params (self->selected);
  for (guint i = 0; params != NULL && i < params->len && i < self->param_editors->len; i++)
    {
      TlScenarioParam *param = g_ptr_array_index (params, i);

      g_hash_table_insert (values, g_strdup (tl_scenario_param_get_name (param)),
                           editor_value (param, g_ptr_array_index (self->param_editors, i)));
    }
  return values;
}

double
tl_gallery_get_tempo (TlGallery *self)
{
  g_return_val_if_fail (TL_IS_GALLERY (self), 1.0);
  return gtk_spin_button_get_value (self->tempo_spin);
}

void
tl_gallery_set_tempo (TlGallery *self,
                      double     tempo)
{
  g_return_if_fail (TL_IS_GALLERY (self));
  gtk_spin_button_set_value (self->tempo_spin, tempo);
}

void
tl_gallery_set_running (TlGallery *self,
                        gboolean   running)
{
  g_return_if_fail (TL_IS_GALLERY (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->params_group), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tempo_spin), !running);
}

static void
back_clicked_cb (TlGallery *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
reset_clicked_cb (TlGallery *self)
{
  if (self->selected != NULL)
    show_details (self, self->selected);
}

static void
tl_gallery_dispose (GObject *object)
{
  TlGallery *self = (TlGallery *) object;
  GtkWidget *child;

  g_clear_object (&self->selected);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_GALLERY);
  /* GTK 4.8 leaves unbound template children to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_gallery_parent_class)->dispose (object);
}

static void
tl_gallery_finalize (GObject *object)
{
  TlGallery *self = (TlGallery *) object;

  g_ptr_array_unref (self->scenarios);
  g_ptr_array_unref (self->param_rows);
  g_ptr_array_unref (self->param_editors);
  g_hash_table_unref (self->topic_groups);
  g_clear_object (&self->examples);

  G_OBJECT_CLASS (tl_gallery_parent_class)->finalize (object);
}

static void
tl_gallery_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlGallery *self = TL_GALLERY (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_gallery_class_init (TlGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_gallery_dispose;
  object_class->finalize = tl_gallery_finalize;
  object_class->get_property = tl_gallery_get_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, TL_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, TlGallery, stack);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, groups_box);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, name_label);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, topic_label);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, params_group);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, real_group);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, real_row);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, real_button);
  gtk_widget_class_bind_template_child (widget_class, TlGallery, tempo_spin);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gallery");
}

static void
tl_gallery_init (TlGallery *self)
{
  g_autoptr(GListModel) builtin = NULL;

  self->scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  self->param_rows = g_ptr_array_new ();
  self->param_editors = g_ptr_array_new ();
  self->topic_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  builtin = tl_scenario_list_builtin ();
  for (guint i = 0; builtin != NULL && i < g_list_model_get_n_items (builtin); i++)
    {
      g_autoptr(TlScenario) scenario = g_list_model_get_item (builtin, i);

      add_to_list (self, scenario);
    }
  self->examples = tl_example_list_all ();
  add_examples (self);
}
