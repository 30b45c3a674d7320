/* tl-format-async.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading and saving in a thread, with progress and cancel, for a window:
 * the blocking calls of tl-format.c run in a GTask's thread, and their
 * progress reaches the caller on its main context.
 */
#define G_LOG_DOMAIN "tl-format"

#include "config.h"

#include "tl-format.h"

/* Progress reaches the caller at most this often. */
#define PROGRESS_INTERVAL_US (50 * 1000)

/* Source tags: addresses of our own, as ISO C does not let a function
 * pointer pass as a gpointer. */
static char load_tag, preview_tag, save_tag;

typedef struct
{
  char                 *path;
  TlTraceModel         *model;            /* save */
  guint64               max_events;       /* preview */

  TlFormatProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;
  GAsyncReadyCallback   callback;
  gpointer              user_data;
  GMainContext         *context;          /* the caller's, where progress goes */
  gint                  fraction;         /* the latest, in 1/65536: written by the worker */
  gint                  report_queued;
  gint                  done;             /* the task returned: no progress any more */
  gint64                last_report;      /* worker only */
} FileTask;

static void
file_task_free (gpointer data)
{
  FileTask *task = data;

  /* Not called back (a task finalized early): free it anyway. */
  if (task->progress_notify != NULL)
    task->progress_notify (task->progress_data);
  g_clear_object (&task->model);
  g_clear_pointer (&task->context, g_main_context_unref);
  g_free (task->path);
  g_free (task);
}

/* On the caller's context: what the progress needed goes first, then the
 * caller hears of the end. */
static void
file_task_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  FileTask *data = user_data;
  GDestroyNotify progress_notify = data->progress_notify;

  data->progress_notify = NULL;
  if (progress_notify != NULL)
    progress_notify (data->progress_data);
  if (data->callback != NULL)
    data->callback (source, result, data->user_data);
}

/* A task for @file, or NULL after reporting that it is no local file. */
static GTask *
file_task_new (gpointer              source_tag,
               const char           *name,
               GFile                *file,
               TlFormatProgressFunc  progress,
               gpointer              progress_data,
               GDestroyNotify        progress_notify,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  FileTask *data = g_new0 (FileTask, 1);
  GTask *task = g_task_new (NULL, cancellable, file_task_done_cb, data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, name);
  data->path = g_file_get_path (file);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_notify = progress_notify;
  data->callback = callback;
  data->user_data = user_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, file_task_free);
  if (data->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Only files on this computer can be opened or saved");
      g_object_unref (task);
      return NULL;
    }
  return task;
}

/* ---- progress ----------------------------------------------------------- */

static gboolean
report_cb (gpointer user_data)
{
  GTask *task = user_data;
  FileTask *data = g_task_get_task_data (task);

  g_atomic_int_set (&data->report_queued, 0);
  if (!g_atomic_int_get (&data->done))
    data->progress ((double) g_atomic_int_get (&data->fraction) / 65536.0, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: keeps the fraction, and now and then has it shown. */
static void
worker_progress_cb (double   fraction,
                    gpointer user_data)
{
  GTask *task = user_data;
  FileTask *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  GSource *source;

  g_atomic_int_set (&data->fraction, (gint) (CLAMP (fraction, 0.0, 1.0) * 65536.0));
  if (now - data->last_report < PROGRESS_INTERVAL_US ||
      !g_atomic_int_compare_and_exchange (&data->report_queued, 0, 1))
    return;
  data->last_report = now;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[threadline] file progress");
  g_source_attach (source, data->context);
  g_source_unref (source);
}

static TlFormatProgressFunc
progress_for (FileTask *data)
{
  return data->progress != NULL ? worker_progress_cb : NULL;
}

/* Returns @model (or the error): progress stops first. */
static void
return_model (GTask        *task,
              TlTraceModel *model,
              GError       *error)
{
  FileTask *data = g_task_get_task_data (task);

  g_atomic_int_set (&data->done, 1);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, g_object_unref);
}

/* ---- load ---------------------------------------------------------------- */

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileTask *data = task_data;
  GError *error = NULL;
  TlTraceModel *model;

  model = tl_trace_file_load (data->path, progress_for (data), task, cancellable, &error);
  return_model (task, model, model == NULL ? error : NULL);
}

void
tl_trace_file_load_async (GFile                *file,
                          TlFormatProgressFunc  progress,
                          gpointer              progress_data,
                          GDestroyNotify        progress_notify,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = file_task_new (&load_tag, "[threadline] load a trace", file, progress, progress_data, progress_notify,
                        cancellable, callback, user_data);
  if (task != NULL)
    g_task_run_in_thread (task, load_worker);
}

TlTraceModel *
tl_trace_file_load_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == &load_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- preview ------------------------------------------------------------- */

static void
preview_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  FileTask *data = task_data;
  GError *error = NULL;
  TlTraceModel *model;

  model = tl_trace_file_load_preview (data->path, data->max_events, cancellable, &error);
  return_model (task, model, model == NULL ? error : NULL);
}

void
tl_trace_file_load_preview_async (GFile               *file,
                                  guint64              max_events,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = file_task_new (&preview_tag, "[threadline] preview a trace", file, NULL, NULL, NULL,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;
  ((FileTask *) g_task_get_task_data (task))->max_events = max_events;
  g_task_run_in_thread (task, preview_worker);
}

TlTraceModel *
tl_trace_file_load_preview_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == &preview_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- save ----------------------------------------------------------------- */

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FileTask *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = tl_trace_file_save (data->model, data->path, progress_for (data), task, cancellable, &error);
  g_atomic_int_set (&data->done, 1);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
tl_trace_file_save_async (TlTraceModel         *model,
                          GFile                *file,
                          TlFormatProgressFunc  progress,
                          gpointer              progress_data,
                          GDestroyNotify        progress_notify,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = file_task_new (&save_tag, "[threadline] save a trace", file, progress, progress_data, progress_notify,
                        cancellable, callback, user_data);
  if (task == NULL)
    return;
  ((FileTask *) g_task_get_task_data (task))->model = g_object_ref (model);
  g_task_run_in_thread (task, save_worker);
}

gboolean
tl_trace_file_save_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == &save_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
