/* tl-window-files.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files in and out of the window: open (also from recent files and from a
 * drop), save, save as, export a picture, open a scenario file.  Loading
 * and saving run in a thread (tl_trace_file_load_async () and friends),
 * with progress, and loading can be cancelled; any failure is shown in the
 * window, which keeps what it had.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-format.h"
#include "tl-render-export.h"
#include "tl-window-private.h"

#define MAX_RECENT 8
/* A big recording shows its first events while the rest loads. */
#define PREVIEW_EVENTS 400000

/* What a load or a save in flight keeps of the window, which may close
 * (or open another file) before it ends. */
typedef struct
{
  GWeakRef      window;
  GFile        *file;
  GCancellable *cancellable;   /* the load's: a newer load has another */
} FileJob;

static FileJob *
file_job_new (TlWindow     *window,
              GFile        *file,
              GCancellable *cancellable)
{
  FileJob *job = g_new0 (FileJob, 1);

  g_weak_ref_init (&job->window, window);
  job->file = g_object_ref (file);
  g_set_object (&job->cancellable, cancellable);
  return job;
}

static void
file_job_free (FileJob *job)
{
  g_weak_ref_clear (&job->window);
  g_clear_object (&job->file);
  g_clear_object (&job->cancellable);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileJob, file_job_free)

/* The window, if it is still there and still loading what @job loads. */
static TlWindow *
file_job_dup_loading_window (FileJob *job)
{
  TlWindow *self = g_weak_ref_get (&job->window);

  if (self != NULL && self->load_cancellable != job->cancellable)
    g_clear_object (&self);
  return self;
}

static void
add_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* ---- open -------------------------------------------------------------- */

static void
load_progress_cb (double   fraction,
                  gpointer user_data)
{
  g_autoptr(TlWindow) self = file_job_dup_loading_window (user_data);

  if (self == NULL)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_fraction (self->preview_progress, fraction);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FileJob) job = user_data;
  g_autoptr(TlWindow) self = file_job_dup_loading_window (job);
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  model = tl_trace_file_load_finish (result, &error);
  if (self == NULL)
    return;

  g_clear_object (&self->load_cancellable);
  _tl_window_set_busy (self, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_progress), FALSE);
  name = g_file_get_basename (job->file);

  if (model == NULL)
    {
      g_autofree char *title = NULL;

      if (self->previewing)
        {
          /* What was shown of it is not what it holds. */
          self->previewing = FALSE;
          tl_session_set_model (self->session, NULL, TL_SESSION_EMPTY);
          tl_session_set_file (self->session, NULL);
          tl_session_set_title (self->session, NULL);
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _tl_window_update_state (self);
          return;
        }
      title = g_strdup_printf (_("Could not open “%s”"), name);
      _tl_window_show_error (self, title, error);
      _tl_window_update_state (self);
      return;
    }

  path = g_file_get_path (job->file);
  self->previewing = FALSE;
  _tl_window_took_model (self);
  tl_session_set_title (self->session, name);
  tl_session_set_file (self->session, job->file);
  tl_session_set_model (self->session, model, TL_SESSION_STOPPED);
  _tl_window_tell_file_story (self, name);
  /* A file is not a scenario: the gallery steps aside (F9 or its button
   * brings it back). */
  adw_flap_set_reveal_flap (self->flap, FALSE);
  self->saved = tl_trace_format_for_path (path) == TL_TRACE_FORMAT_TLTRACE;
  add_recent (job->file);
  _tl_window_update_recent_menu (self);
  _tl_window_show_warnings (self);
  _tl_window_update_state (self);
}

/* The preview arrives while the whole file still loads: show it, with the
 * loading's progress along the top, until the whole model replaces it. */
static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FileJob) job = user_data;
  g_autoptr(TlWindow) self = file_job_dup_loading_window (job);
  g_autoptr(TlTraceModel) model = tl_trace_file_load_preview_finish (result, NULL);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (self == NULL || model == NULL)
    return;

  name = g_file_get_basename (job->file);
  title = g_strdup_printf (_("%s (loading…)"), name);
  self->previewing = TRUE;
  tl_session_set_title (self->session, title);
  tl_session_set_file (self->session, job->file);
  tl_session_set_model (self->session, model, TL_SESSION_STOPPED);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_progress), TRUE);
  _tl_window_update_state (self);
}

void
tl_window_open_file (TlWindow *self,
                     GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *path = NULL;
  FileJob *job;

  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Only local files can be opened"));

      title = g_strdup_printf (_("Could not open “%s”"), name);
      _tl_window_show_error (self, title, error);
      return;
    }

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  title = g_strdup_printf (_("Opening “%s”…"), name);
  _tl_window_set_busy (self, title, TRUE);

  job = file_job_new (self, file, self->load_cancellable);
  tl_trace_file_load_async (file, load_progress_cb, job, NULL, self->load_cancellable,
                            load_done_cb, job);
  tl_trace_file_load_preview_async (file, PREVIEW_EVENTS, self->load_cancellable, preview_done_cb,
                                    file_job_new (self, file, self->load_cancellable));
}

/* A file chooser of ours: @filter first (taken), the response to @cb. */
static void
show_chooser (TlWindow             *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept_label,
              const char           *current_name,
              GtkFileFilter        *filter,
              GCallback             response_cb)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label, _("_Cancel"));
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), current_name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_signal_connect (dialog, "response", response_cb, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkFileFilter *filter_for (const char *name,
                                  ...) G_GNUC_NULL_TERMINATED;

static GtkFileFilter *
filter_for (const char *name,
            ...)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  const char *suffix;
  va_list args;

  gtk_file_filter_set_name (filter, name);
  va_start (args, name);
  while ((suffix = va_arg (args, const char *)) != NULL)
    gtk_file_filter_add_suffix (filter, suffix);
  va_end (args);
  return filter;
}

static GtkFileFilter *
trace_filter (void)
{
  GtkFileFilter *filter = filter_for (_("Traces"), "tltrace", "json", NULL);

  gtk_file_filter_add_pattern (filter, "*.json.gz");
  return filter;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        tl_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_chooser (TL_WINDOW (widget), _("Open a Trace"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                NULL, trace_filter (), G_CALLBACK (open_response_cb));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  tl_window_open_file (TL_WINDOW (widget), file);
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

/* ---- save ------------------------------------------------------------- */

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FileJob) job = user_data;
  g_autoptr(TlWindow) self = g_weak_ref_get (&job->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);

  /* The model may change again (bookmarks). */
  if (self != NULL && self->n_saving > 0)
    {
      self->n_saving--;
      _tl_window_update_actions (self);
    }
  if (!tl_trace_file_save_finish (result, &error))
    {
      g_autofree char *title = g_strdup_printf (_("Could not save “%s”"), name);

      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _tl_window_show_error (self, title, error);
      return;
    }
  add_recent (job->file);
  if (self != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

      tl_session_set_file (self->session, job->file);
      self->saved = TRUE;
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      _tl_window_update_recent_menu (self);
      _tl_window_update_state (self);
    }
}

static void
save_to (TlWindow *self,
         GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *title = g_strdup_printf (_("Could not save “%s”"), name);
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Only local files can be written"));

      _tl_window_show_error (self, title, error);
      return;
    }
  self->n_saving++;
  _tl_window_update_actions (self);
  tl_trace_file_save_async (tl_session_get_model (self->session), file, NULL, NULL, NULL, NULL,
                            save_done_cb, file_job_new (self, file, NULL));
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  TlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL && tl_trace_format_for_path (path) == TL_TRACE_FORMAT_UNKNOWN)
        {
          /* No known extension: save as our own format. */
          g_autofree char *with_ext = g_strconcat (path, ".tltrace", NULL);
          g_autoptr(GFile) replaced = g_file_new_for_path (with_ext);

          g_set_object (&file, replaced);
        }
      if (file != NULL)
        save_to (self, file);
    }
  g_object_unref (dialog);
}

static char *
suggested_name (TlWindow   *self,
                const char *extension)
{
  const char *title = tl_session_get_title (self->session);
  g_autofree char *base = g_strdup (title ? title : "trace");

  g_strdelimit (base, "/\\:", '-');
  return g_strconcat (base, extension, NULL);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  g_autofree char *name = suggested_name (self, ".tltrace");

  if (tl_session_get_model (self->session) == NULL || self->load_cancellable != NULL)
    return;
  show_chooser (self, _("Save the Trace"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), name,
                trace_filter (), G_CALLBACK (save_response_cb));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  GFile *file = tl_session_get_file (self->session);

  /* A preview is not the file, and a file being read is not to be written. */
  if (self->load_cancellable != NULL)
    return;

  if (file != NULL && self->saved)
    {
      /* Already there, as it is. */
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The trace is saved")));
      return;
    }
  if (file != NULL)
    save_to (self, file);
  else
    save_as_action (widget, action_name, parameter);
}

/* ---- export a picture ------------------------------------------------- */

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    TlWindow        *self)
{
  TlPainter *painter = tl_timeline_view_get_painter (self->timeline);

  if (response == GTK_RESPONSE_ACCEPT && painter != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      TlExportFormat format;
      TlViewport viewport;

      if (path != NULL && !tl_export_format_for_path (path, &format))
        {
          char *with_ext = g_strconcat (path, ".png", NULL);

          g_free (path);
          path = with_ext;
          format = TL_EXPORT_PNG;
        }
      /* The visible time range, every row. */
      tl_timeline_view_get_viewport (self->timeline, &viewport);
      viewport.height = 0;
      viewport.scroll_y = 0;
      if (path != NULL && !tl_painter_export (painter, &viewport, format, path, &error))
        _tl_window_show_error (self, _("Could not export the picture"), error);
      else if (path != NULL)
        {
          g_autofree char *base = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("Exported “%s”"), base);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
        }
    }
  g_object_unref (dialog);
}

static void
export_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  g_autofree char *name = suggested_name (self, ".png");

  show_chooser (self, _("Export a Picture"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), name,
                filter_for (_("PNG, SVG or PDF"), "png", "svg", "pdf", NULL),
                G_CALLBACK (export_response_cb));
}

/* ---- scenario files ----------------------------------------------------- */

static void
open_scenario_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           TlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(TlScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL)
        scenario = tl_scenario_new_from_file (path, &error);
      if (scenario == NULL)
        _tl_window_show_error (self, _("The scenario file has a mistake"), error);
      else
        {
          tl_gallery_add_scenario (self->gallery, scenario);
          adw_flap_set_reveal_flap (self->flap, TRUE);
        }
    }
  g_object_unref (dialog);
}

static void
open_scenario_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_chooser (TL_WINDOW (widget), _("Open a Scenario File"), GTK_FILE_CHOOSER_ACTION_OPEN,
                _("_Open"), NULL, filter_for (_("Scenarios"), "scenario", NULL),
                G_CALLBACK (open_scenario_response_cb));
}

/* ---- recent files and drops ------------------------------------------- */

void
_tl_window_update_recent_menu (TlWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint shown = 0;

  g_menu_remove_all (self->recent_submenu);
  for (GList *l = items; l != NULL && shown < MAX_RECENT; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (tl_trace_format_for_path (uri) == TL_TRACE_FORMAT_UNKNOWN || !gtk_recent_info_exists (info))
        continue;
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

        g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (uri));
        g_menu_append_item (self->recent_submenu, item);
      }
      shown++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TlWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  tl_window_open_file (self, files->data);
  return TRUE;
}

void
_tl_window_files_init (TlWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  _tl_window_update_recent_menu (self);
}

void
_tl_window_install_file_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-scenario", NULL, open_scenario_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export-image", NULL, export_image_action);
}
