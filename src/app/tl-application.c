/* tl-application.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-application.h"
#include "tl-window.h"

struct _TlApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *start_scenario;   /* --scenario */
  char           *start_program;    /* --program */
  gboolean        no_run;           /* --no-run */
  char           *screenshot;       /* --screenshot */
  double          screenshot_at;    /* --screenshot-at */
  int             width;            /* --geometry, or 0 */
  int             height;
  gboolean        presentation;     /* --presentation */
  int             style;            /* --style, or -1: the settings' */
  char           *replay_to;        /* --replay-to */
  char           *panel;            /* --panel */
};

G_DEFINE_FINAL_TYPE (TlApplication, tl_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "scenario", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open with this scenario (its id, see “threadline-cli list”)"), N_("ID") },
  { "no-run", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the scenario without running it"), NULL },
  { "program", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open tracing this real program, live (its id, as pool-map: the gallery’s Real Programs)"),
    N_("ID") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("When the first run or file has finished, save a picture of the window to FILE and quit"),
    N_("FILE") },
  { "screenshot-at", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
    N_("Take the --screenshot this many seconds into the run, while it is live"), N_("SECONDS") },
  { "geometry", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the window at this size and keep it (presentation mode then stays in it, for a "
       "--screenshot as a projector of that size shows it)"), N_("WIDTHxHEIGHT") },
  { "presentation", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start in presentation mode, for a projector (this time only)"), NULL },
  { "style", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Colours: light, dark or system (this time only)"), N_("STYLE") },
  { "replay-to", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("When the first run or file has finished, replay it up to WHEN: seconds from its start, or a "
       "moment as a scenario's question names it (\"read counter 3\"); a question on the way stops it "
       "there"), N_("WHEN") },
  { "panel", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the side panel at this page: story, output, statistics, code or inspector"), N_("PAGE") },
  { NULL }
};

TlApplication *
tl_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (TL_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/org/threadline/Threadline",
                       NULL);
}

GSettings *
tl_application_get_settings (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* --geometry and --presentation, for the first window. */
static void
apply_window_options (TlApplication *self,
                      TlWindow      *window)
{
  if (self->width > 0)
    tl_window_set_fixed_size (window, self->width, self->height);
  if (self->presentation)
    tl_window_set_presentation (window, TRUE);
  if (self->replay_to != NULL)
    tl_window_set_replay_to (window, self->replay_to);
  /* The story is the narration panel. */
  if (self->panel != NULL)
    tl_window_show_panel (window, g_str_equal (self->panel, "story") ? "narration" : self->panel);
}

static TlWindow *
get_or_create_window (TlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (tl_window_new (self));
  return TL_WINDOW (window);
}

static void
tl_application_activate (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  TlWindow *window = get_or_create_window (self);
  g_autofree char *scenario = NULL;

  if (self->screenshot != NULL)
    {
      tl_window_set_screenshot_path (window, self->screenshot);
      tl_window_set_screenshot_delay (window, self->screenshot_at);
    }
  apply_window_options (self, window);

  scenario = self->start_scenario != NULL ? g_strdup (self->start_scenario)
                                          : g_settings_get_string (self->settings, "last-scenario");
  /* A real program is traced instead of the scenario's run. */
  tl_window_show_scenario (window, scenario, !self->no_run && self->start_program == NULL);
  if (self->start_program != NULL)
    tl_window_trace_example (window, self->start_program);
  gtk_window_present (GTK_WINDOW (window));
}

static void
tl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TlApplication *self = TL_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      TlWindow *window = i == 0 ? get_or_create_window (self) : tl_window_new (self);

      if (i == 0 && self->screenshot != NULL)
        tl_window_set_screenshot_path (window, self->screenshot);
      if (i == 0)
        apply_window_options (self, window);
      tl_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* "1280x720" */
static gboolean
parse_geometry (const char *text,
                int        *width,
                int        *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);
  guint64 w, h;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 16384, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 16384, &h, NULL))
    return FALSE;
  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

static gboolean
parse_style (const char *text,
             int        *style)
{
  static const char * const names[] = { "system", "light", "dark" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (text, names[i]))
      {
        *style = (int) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_panel (const char *page)
{
  static const char * const pages[] = { "story", "output", "statistics", "code", "inspector", NULL };

  return g_strv_contains (pages, page);
}

static int
tl_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  TlApplication *self = TL_APPLICATION (app);
  g_autofree char *geometry = NULL;
  g_autofree char *style = NULL;

  if (g_variant_dict_lookup (dict, "geometry", "s", &geometry) &&
      !parse_geometry (geometry, &self->width, &self->height))
    {
      g_printerr (_("threadline: --geometry takes WIDTHxHEIGHT, as 1280x720, not “%s”\n"), geometry);
      return 2;
    }
  if (g_variant_dict_lookup (dict, "style", "s", &style) && !parse_style (style, &self->style))
    {
      g_printerr (_("threadline: --style takes light, dark or system, not “%s”\n"), style);
      return 2;
    }
  g_variant_dict_lookup (dict, "presentation", "b", &self->presentation);
  g_variant_dict_lookup (dict, "replay-to", "s", &self->replay_to);
  if (g_variant_dict_lookup (dict, "panel", "s", &self->panel) && !is_panel (self->panel))
    {
      g_printerr (_("threadline: --panel takes story, output, statistics, code or inspector, not “%s”\n"),
                  self->panel);
      return 2;
    }
  g_variant_dict_lookup (dict, "scenario", "s", &self->start_scenario);
  g_variant_dict_lookup (dict, "program", "s", &self->start_program);
  g_variant_dict_lookup (dict, "no-run", "b", &self->no_run);
  g_variant_dict_lookup (dict, "screenshot", "^ay", &self->screenshot);
  if (!g_variant_dict_lookup (dict, "screenshot-at", "d", &self->screenshot_at))
    self->screenshot_at = -1;
  return -1;
}

static void
apply_style (TlApplication *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  switch (self->style >= 0 ? self->style : g_settings_get_enum (self->settings, "style"))
    {
    case 1:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      break;
    case 2:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      break;
    default:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
      break;
    }
}

/* Chosen in the menu: that wins over --style. */
static void
style_changed_cb (TlApplication *self)
{
  self->style = -1;
  apply_style (self);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Threadline Authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Threadline",
                         "application-icon", APPLICATION_ID,
                         "developer-name", "The Threadline Authors",
                         "version", PACKAGE_VERSION,
                         "comments", _("See threads, processes and locks run, live, and learn how they interact."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "copyright", "© 2026 The Threadline Authors",
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
};

static void
tl_application_startup (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as", { "<Control><Shift>s", NULL } },
    { "win.export-image", { "<Control>e", NULL } },
    { "win.run", { "F5", "<Control>r", NULL } },
    { "win.stop", { "<Shift>F5", NULL } },
    { "win.restart", { "<Control><Shift>r", NULL } },
    { "win.trace-program", { "<Control>t", NULL } },
    { "win.toggle-sidebar", { "F9", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.find-next", { "F3", "<Control>g", NULL } },
    { "win.find-previous", { "<Shift>F3", "<Control><Shift>g", NULL } },
    /* Not F10: GTK opens the main menu with it. */
    { "win.toggle-panel", { "F8", NULL } },
    { "win.fullscreen", { "F11", NULL } },
  };

  G_APPLICATION_CLASS (tl_application_parent_class)->startup (app);

  /* Reaching the story with Tab should not select all of it (as GTK does
   * by default for a selectable label): a teacher moves through, and
   * selection stays for the mouse or Shift and the arrows. */
  g_object_set (gtk_settings_get_default (), "gtk-label-select-on-focus", FALSE, NULL);

  self->settings = g_settings_new (TL_SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::style",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  apply_style (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  g_action_map_add_action (G_ACTION_MAP (app),
                           g_settings_create_action (self->settings, "style"));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
tl_application_finalize (GObject *object)
{
  TlApplication *self = (TlApplication *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->start_scenario, g_free);
  g_clear_pointer (&self->start_program, g_free);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->replay_to, g_free);
  g_clear_pointer (&self->panel, g_free);

  G_OBJECT_CLASS (tl_application_parent_class)->finalize (object);
}

static void
tl_application_class_init (TlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tl_application_finalize;
  app_class->activate = tl_application_activate;
  app_class->open = tl_application_open;
  app_class->startup = tl_application_startup;
  app_class->handle_local_options = tl_application_handle_local_options;
}

static void
tl_application_init (TlApplication *self)
{
  self->style = -1;
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch threads, processes and locks run, live."));
}
