/* tl-window-trace-program.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real programs, traced live in the window as scenarios run:
 *
 *   win.trace-program          choose a program and its arguments    Ctrl+T
 *   win.trace-example (s)      one of the gallery's real programs, by id
 *   win.restart                runs the last program again, when one ran last
 *
 * A program runs with the tracer attached (tl-recorder-command.h), in
 * its own folder, on a terminal of its own; what it prints reaches the
 * Output panel through the model, by process and thread.  A program the
 * tracer cannot attach to (static, setuid, another architecture) is not
 * run: the window says why and offers to run it untraced.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-example.h"
#include "tl-recorder-command.h"
#include "tl-window-private.h"

void
_tl_window_forget_program (TlWindow *self)
{
  g_clear_pointer (&self->program, g_strfreev);
  g_clear_pointer (&self->program_dir, g_free);
  g_clear_pointer (&self->program_title, g_free);
  g_clear_pointer (&self->program_story, g_free);
}

/* "Traced live: python3 pool_map.py" and what it does. */
static char *
program_story (const char * const *argv,
               const char         *story)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *word = g_path_get_basename (argv[i]);

      if (i > 0)
        g_string_append_c (line, ' ');
      /* The interpreter and the script by their names; arguments whole. */
      g_string_append (line, i <= 1 ? word : argv[i]);
    }
  if (story == NULL || *story == '\0')
    /* TRANSLATORS: the command line of a program traced */
    return g_strdup_printf (_("Traced live: %s"), line->str);
  return g_strdup_printf (_("Traced live: %s\n\n%s"), line->str, story);
}

gboolean
_tl_window_trace_command (TlWindow           *self,
                          const char * const *argv,
                          const char         *directory,
                          const char         *title,
                          const char         *story,
                          gboolean            untraced_ok)
{
  g_autoptr(TlRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *told = NULL;
  g_auto(GStrv) copy = g_strdupv ((char **) argv);

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);

  _tl_window_stop_run (self);
  recorder = tl_recorder_new_for_command (argv);
  tl_recorder_set_working_directory (recorder, directory);
  tl_recorder_set_untraced_ok (recorder, untraced_ok);
  if (!tl_recorder_start (recorder, &error))
    {
      _tl_window_show_error (self, _("Could not trace the program"), error);
      return FALSE;
    }

  /* Kept for a restart, and for a run untraced if it cannot be traced. */
  told = g_strdup (story);
  _tl_window_forget_program (self);
  self->program = g_steal_pointer (&copy);
  self->program_dir = g_strdup (directory);
  self->program_title = g_strdup (title);
  self->program_story = g_steal_pointer (&told);
  {
    g_autofree char *text = program_story (argv, story);

    _tl_window_watch_run (self, recorder, title, text);
  }
  return TRUE;
}

gboolean
_tl_window_restart_program (TlWindow *self)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *title = NULL;
  g_autofree char *story = NULL;

  if (self->program == NULL)
    return FALSE;
  argv = g_strdupv (self->program);
  dir = g_strdup (self->program_dir);
  title = g_strdup (self->program_title);
  story = g_strdup (self->program_story);
  _tl_window_trace_command (self, (const char * const *) argv, dir, title, story, FALSE);
  return TRUE;
}

gboolean
_tl_window_trace_program (TlWindow    *self,
                          const char  *path,
                          const char  *arguments,
                          GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *words_text = g_strstrip (g_strdup (arguments != NULL ? arguments : ""));
  g_autofree char *program = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (*words_text != '\0' && !g_shell_parse_argv (words_text, NULL, &words, error))
    return FALSE;
  program = g_canonicalize_filename (path, NULL);
  if (g_str_has_suffix (program, ".py"))
    {
      g_ptr_array_add (argv, g_strdup (TL_EXAMPLE_PYTHON));
    }
  else if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE) || g_file_test (program, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is neither a program nor a Python script (.py)"), path);
      return FALSE;
    }
  g_ptr_array_add (argv, g_strdup (program));
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (words[i]));
  g_ptr_array_add (argv, NULL);

  /* What the dialog offers next time. */
  g_free (self->program_path);
  self->program_path = g_strdup (path);
  g_free (self->program_arguments);
  self->program_arguments = g_strdup (arguments);
  dir = g_path_get_dirname (program);
  title = g_path_get_basename (program);
  /* A program that could not start says so itself. */
  _tl_window_trace_command (self, (const char * const *) argv->pdata, dir, title, NULL, FALSE);
  return TRUE;
}

/* ---- a program that cannot be traced -------------------------------------- */

static void
untraced_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      TlWindow         *self)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *title = NULL;
  g_autofree char *story = NULL;

  if (!g_str_equal (response, "untraced") || self->program == NULL)
    return;
  argv = g_strdupv (self->program);
  dir = g_strdup (self->program_dir);
  title = g_strdup (self->program_title);
  story = g_strdup (self->program_story);
  _tl_window_trace_command (self, (const char * const *) argv, dir, title, story, TRUE);
}

void
_tl_window_offer_untraced (TlWindow     *self,
                           const GError *error)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("%s.\n\nUntraced, it does what it does, but what it prints does not "
                            "show here, and the timeline shows only that it ran."),
                          error->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("This Program Cannot Be Traced"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "untraced", _("_Run Untraced"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (untraced_response_cb), self, 0);
  /* For the tests: the message is the window's last, as a toast's. */
  g_free (self->last_message);
  self->last_message = g_strdup (_("This Program Cannot Be Traced"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the dialog: a program and its arguments -------------------------------- */

typedef struct
{
  TlWindow     *window;
  GtkWidget    *dialog;
  AdwActionRow *program_row;
  GtkEditable  *arguments_row;
  char         *path;
} Chooser;

static void
chooser_free (gpointer data)
{
  Chooser *chooser = data;

  g_free (chooser->path);
  g_free (chooser);
}

static void
chooser_set_path (Chooser    *chooser,
                  const char *path)
{
  g_free (chooser->path);
  chooser->path = g_strdup (path);
  adw_action_row_set_subtitle (chooser->program_row, path != NULL ? path : _("None chosen yet"));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (chooser->dialog), "trace", path != NULL);
}

static void
file_chosen_cb (GtkNativeDialog *native,
                int              response,
                Chooser         *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        chooser_set_path (chooser, path);
    }
  g_object_unref (native);
}

static void
choose_clicked_cb (GtkButton *button,
                   Chooser   *chooser)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Choose a Program"), GTK_WINDOW (chooser->dialog),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Programs and Python scripts"));
  gtk_file_filter_add_suffix (filter, "py");
  gtk_file_filter_add_mime_type (filter, "application/x-executable");
  gtk_file_filter_add_mime_type (filter, "application/x-pie-executable");
  gtk_file_filter_add_mime_type (filter, "application/x-sharedlib");
  gtk_file_filter_add_mime_type (filter, "application/x-shellscript");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  if (chooser->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (chooser->path);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), file, NULL);
    }
  g_signal_connect (native, "response", G_CALLBACK (file_chosen_cb), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
trace_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   Chooser          *chooser)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "trace") || chooser->path == NULL)
    return;
  if (!_tl_window_trace_program (chooser->window, chooser->path,
                                 gtk_editable_get_text (chooser->arguments_row), &error))
    _tl_window_show_error (chooser->window, _("Could not trace the program"), error);
}

static GtkWidget *
chooser_form (Chooser *chooser)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *program = adw_action_row_new ();
  GtkWidget *arguments = adw_entry_row_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("C_hoose…"));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (program), _("Program"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (program), FALSE);
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), chooser);
  adw_action_row_add_suffix (ADW_ACTION_ROW (program), choose);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (program), choose);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (arguments), _("Arguments"));
  /* Enter traces, as the dialog's default response. */
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (arguments), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), program);
  gtk_list_box_append (GTK_LIST_BOX (list), arguments);
  chooser->program_row = ADW_ACTION_ROW (program);
  chooser->arguments_row = GTK_EDITABLE (arguments);
  return list;
}

static void
trace_program_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  Chooser *chooser = g_new0 (Chooser, 1);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trace a Program"),
                                   _("It runs in its own folder with the tracer attached: its "
                                     "processes, threads, locks and what it prints show live. "
                                     "A Python script runs with Debian’s Python 3."));
  chooser->window = self;
  chooser->dialog = dialog;
  g_object_set_data_full (G_OBJECT (dialog), "chooser", chooser, chooser_free);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), chooser_form (chooser));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "trace", _("_Trace"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trace",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "trace");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  chooser_set_path (chooser, self->program_path);
  gtk_editable_set_text (chooser->arguments_row, self->program_arguments != NULL ? self->program_arguments : "");
  g_signal_connect (dialog, "response", G_CALLBACK (trace_response_cb), chooser);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
trace_example_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  TlExample *example = tl_gallery_lookup_example (self->gallery, id);

  if (example == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is no real program “%s”"), id);

      _tl_window_show_error (self, message, NULL);
      return;
    }
  _tl_window_trace_command (self, tl_example_get_argv (example), tl_example_get_directory (example),
                            tl_example_get_file_name (example), tl_example_get_description (example),
                            FALSE);
}

void
tl_window_trace_example (TlWindow   *self,
                         const char *id)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.trace-example", "s", id);
}

void
_tl_window_install_program_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.trace-program", NULL, trace_program_action);
  gtk_widget_class_install_action (widget_class, "win.trace-example", "s", trace_example_action);
}
