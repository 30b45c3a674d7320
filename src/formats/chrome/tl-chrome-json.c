/* tl-chrome-json.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading: input, reader and importer put together (see
 * tl-chrome-private.h).  Saving is tl-chrome-writer.c.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <gio/gunixinputstream.h>

#include "tl-chrome-json.h"
#include "tl-chrome-private.h"
#include "tl-format-private.h"

#define FILE_CHUNK (1024 * 1024)

/* @file: the plain file @input reads, if it does, or NULL. */
static TlTraceModel *
load (TlChromeInput  *input,
      TlChromeFile   *file,
      GError        **error)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlChromeImport *import = _tl_chrome_import_new (model);
  TlJsonScanner scanner;
  gboolean read_ok, usable;
  g_autoptr(GError) local_error = NULL;

  _tl_chrome_import_set_file (import, file, input);
  _tl_json_scanner_init (&scanner, NULL, 0, _tl_chrome_input_refill, input);
  read_ok = _tl_chrome_read (&scanner, import, model, &local_error);
  _tl_json_scanner_clear (&scanner);
  if (!read_ok)
    {
      _tl_chrome_import_free (import);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  _tl_chrome_input_report (input, model);
  usable = _tl_chrome_import_finish (import);
  _tl_chrome_import_free (import);

  if (!usable)
    {
      const GError *damage = NULL;

      for (guint i = 0; i < tl_trace_model_get_n_warnings (model) && damage == NULL; i++)
        if (tl_trace_model_get_warning (model, i)->error->domain == TL_FORMAT_ERROR)
          damage = tl_trace_model_get_warning (model, i)->error;
      if (damage != NULL)
        g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT,
                     "This Chrome trace is damaged and nothing in it could be loaded: %s",
                     damage->message);
      else
        g_set_error (error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_EMPTY,
                     "This Chrome trace holds no events");
      return NULL;
    }
  return g_steal_pointer (&model);
}

static TlTraceModel *
load_stream (GInputStream          *stream,
             TlChromeFile          *file,
             gsize                  chunk_size,
             guint64                total_size,
             TlFormatProgressFunc   progress,
             gpointer               user_data,
             GCancellable          *cancellable,
             GError               **error)
{
  TlChromeInput *input;
  TlTraceModel *model;

  input = _tl_chrome_input_new_stream (stream, chunk_size, total_size, progress, user_data, cancellable);
  model = load (input, file, error);
  _tl_chrome_input_free (input);
  return model;
}

TlTraceModel *
_tl_chrome_json_load_stream (GInputStream          *stream,
                             gsize                  chunk_size,
                             guint64                total_size,
                             TlFormatProgressFunc   progress,
                             gpointer               user_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (chunk_size > 0, NULL);

  return load_stream (stream, NULL, chunk_size, total_size, progress, user_data, cancellable, error);
}

TlTraceModel *
tl_chrome_json_load (const char            *path,
                     TlFormatProgressFunc   progress,
                     gpointer               user_data,
                     GCancellable          *cancellable,
                     GError               **error)
{
  g_autoptr(GInputStream) stream = NULL;
  TlChromeFile *file;
  TlTraceModel *model;
  guint64 size = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = _tl_format_open_regular (path, &size, error);
  if (fd < 0)
    return NULL;
  /* The source of traced files stays in the file until it is looked at. */
  file = _tl_chrome_file_new (fd);
  stream = g_unix_input_stream_new (fd, TRUE);
  model = load_stream (stream, file, FILE_CHUNK, size, progress, user_data, cancellable, error);
  g_clear_pointer (&file, _tl_chrome_file_unref);
  return model;
}

TlTraceModel *
tl_chrome_json_load_data (const char  *data,
                          gsize        len,
                          GError     **error)
{
  TlChromeInput *input;
  TlTraceModel *model;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  input = _tl_chrome_input_new_data (data != NULL ? data : "", len);
  model = load (input, NULL, error);
  _tl_chrome_input_free (input);
  return model;
}
