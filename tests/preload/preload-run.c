/* preload-run.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "preload-run.h"

#include <string.h>

#define RUN_TIMEOUT_S 120

typedef struct
{
  PreloadRun *run;
  GMainLoop  *loop;
  gboolean    timed_out;
} Waiter;

static void
output_cb (TlRecorder *recorder,
           const char *worker,
           guint       pid,
           guint       tid,
           const char *text,
           gpointer    user_data)
{
  PreloadRun *run = user_data;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_ptr_array_add (run->lines, g_strdup_printf ("%s\t%s", worker, lines[i]));
}

static void
finished_cb (TlRecorder   *recorder,
             const GError *error,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  if (error != NULL)
    waiter->run->error = g_error_copy (error);
  g_main_loop_quit (waiter->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timed_out = TRUE;
  tl_recorder_cancel (waiter->run->recorder);
  return G_SOURCE_REMOVE;
}

PreloadRun *
preload_run (const char * const *argv,
             const char         *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *command = g_strjoinv (" ", (char **) argv);
  PreloadRun *run = g_new0 (PreloadRun, 1);
  Waiter waiter = { run, loop, FALSE };
  guint timeout;

  run->recorder = tl_recorder_new_for_command (argv);
  run->model = tl_recorder_get_model (run->recorder);
  run->lines = g_ptr_array_new_with_free_func (g_free);
  tl_recorder_set_output_path (run->recorder, output);
  g_signal_connect (run->recorder, "output", G_CALLBACK (output_cb), run);
  g_signal_connect (run->recorder, "finished", G_CALLBACK (finished_cb), &waiter);
  tl_recorder_start (run->recorder, &error);
  g_assert_no_error (error);

  timeout = g_timeout_add_seconds (RUN_TIMEOUT_S, timeout_cb, &waiter);
  g_main_loop_run (loop);
  if (!waiter.timed_out)
    g_source_remove (timeout);
  g_assert_false (waiter.timed_out);

  run->ended = tl_recorder_get_exit_status (run->recorder, &run->exit_code, &run->signal);
  for (guint i = 0; i < run->lines->len; i++)
    g_test_message ("  %s", (char *) g_ptr_array_index (run->lines, i));
  g_test_message ("%s: %.2f s, %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " lost, "
                  "exit %d, signal %d, %s", command, tl_recorder_get_elapsed (run->recorder),
                  tl_recorder_get_n_events (run->recorder), tl_recorder_get_n_lost (run->recorder),
                  run->exit_code, run->signal, run->error != NULL ? run->error->message : "no error");
  return run;
}

char *
preload_example_path (const char *name)
{
  const char *dir = g_getenv ("TL_TEST_EXAMPLES");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

PreloadRun *
preload_run_example (const char *name,
                     const char *arg)
{
  g_autofree char *path = NULL;
  const char *argv[4] = { NULL };
  guint n = 0;

  if (g_str_has_suffix (name, ".py"))
    {
      path = preload_example_path (name);
      argv[n++] = PRELOAD_PYTHON;
    }
  else
    {
      const char *built = g_getenv ("TL_TEST_BUILT_EXAMPLES");

      g_assert_nonnull (built);
      path = g_build_filename (built, name, NULL);
    }
  argv[n++] = path;
  argv[n++] = arg;
  return preload_run (argv, NULL);
}

void
preload_run_free (PreloadRun *run)
{
  g_clear_error (&run->error);
  g_ptr_array_unref (run->lines);
  g_assert_finalize_object (run->recorder);
  g_free (run);
}

guint
preload_count_lines (PreloadRun *run,
                     const char *worker_prefix,
                     const char *text)
{
  guint n = 0;

  for (guint i = 0; i < run->lines->len; i++)
    {
      const char *line = g_ptr_array_index (run->lines, i);
      const char *tab = strchr (line, '\t');

      if (strcmp (tab + 1, text) == 0 &&
          (worker_prefix == NULL || g_str_has_prefix (line, worker_prefix)))
        n++;
    }
  return n;
}

static const char *
name_of (PreloadRun *run,
         guint32     string)
{
  return string != TL_INDEX_NONE ? tl_trace_model_get_string (run->model, string) : "";
}

guint
preload_count_processes (PreloadRun *run,
                         const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < tl_trace_model_get_n_processes (run->model); i++)
    n += g_str_has_prefix (name_of (run, tl_trace_model_get_process (run->model, i)->name), prefix);
  return n;
}

const TlProcess *
preload_process (PreloadRun *run,
                 const char *name)
{
  for (guint i = 0; i < tl_trace_model_get_n_processes (run->model); i++)
    {
      const TlProcess *p = tl_trace_model_get_process (run->model, i);

      if (strcmp (name_of (run, p->name), name) == 0)
        return p;
    }
  return NULL;
}

guint
preload_count_threads (PreloadRun *run,
                       guint32     pid,
                       const char *prefix)
{
  guint n = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);

      if (tl_lane_get_kind (lane) == TL_LANE_THREAD && (pid == 0 || tl_lane_get_pid (lane) == pid) &&
          g_str_has_prefix (name_of (run, tl_lane_get_name (lane)), prefix))
        n++;
    }
  return n;
}

guint32
preload_object (PreloadRun   *run,
                TlObjectRole  role,
                const char   *name)
{
  for (guint i = 0; i < tl_trace_model_get_n_objects (run->model); i++)
    {
      const TlObject *object = tl_trace_model_get_object (run->model, i);

      if (object->role == role && strcmp (name_of (run, object->name), name) == 0)
        return i;
    }
  return TL_INDEX_NONE;
}

typedef gboolean (*SpanFunc) (PreloadRun   *run,
                              const TlSpan *span,
                              gpointer      data);

static void
for_each_span (PreloadRun *run,
               SpanFunc    func,
               gpointer    data)
{
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);

      for (guint track = 0; track < tl_lane_get_n_tracks (lane); track++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

          for (guint i = 0; i < n; i++)
            if (!func (run, &spans[i], data))
              return;
        }
    }
}

typedef struct
{
  TlSpanKind  kind;
  const char *object_name;
  guint       count;
  guint64     result;
  gboolean    failed;
} SpanCount;

static gboolean
count_span_cb (PreloadRun   *run,
               const TlSpan *span,
               gpointer      data)
{
  SpanCount *c = data;

  if (span->kind != c->kind)
    return TRUE;
  if (c->object_name != NULL)
    {
      const TlObject *object = span->ref != TL_INDEX_NONE ? tl_trace_model_get_object (run->model, span->ref)
                                                          : NULL;

      if (object == NULL || strcmp (name_of (run, object->name), c->object_name) != 0)
        return TRUE;
    }
  c->count++;
  c->result = span->arg2;
  c->failed = (span->flags & TL_SPAN_FLAG_FAILED) != 0;
  return TRUE;
}

guint
preload_count_spans (PreloadRun *run,
                     TlSpanKind  kind,
                     const char *object_name)
{
  SpanCount c = { kind, object_name, 0, 0, FALSE };

  for_each_span (run, count_span_cb, &c);
  return c.count;
}

guint
preload_count_tasks (PreloadRun *run,
                     const char *name,
                     guint64    *result,
                     gboolean   *failed)
{
  SpanCount c = { TL_SPAN_TASK, name, 0, 0, FALSE };

  for_each_span (run, count_span_cb, &c);
  if (result != NULL)
    *result = c.result;
  if (failed != NULL)
    *failed = c.failed;
  return c.count;
}

static gboolean
collect_task_cb (PreloadRun   *run,
                 const TlSpan *span,
                 gpointer      data)
{
  if (span->kind == TL_SPAN_TASK)
    g_array_append_val ((GArray *) data, *span);
  return TRUE;
}

static gint
compare_start (gconstpointer a,
               gconstpointer b)
{
  const TlSpan *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

guint
preload_max_concurrent_tasks (PreloadRun *run)
{
  g_autoptr(GArray) tasks = g_array_new (FALSE, FALSE, sizeof (TlSpan));
  guint most = 0;

  for_each_span (run, collect_task_cb, tasks);
  g_array_sort (tasks, compare_start);
  for (guint i = 0; i < tasks->len; i++)
    {
      gint64 t = g_array_index (tasks, TlSpan, i).start;
      guint open = 0;

      for (guint j = 0; j <= i; j++)
        open += g_array_index (tasks, TlSpan, j).end > t;
      most = MAX (most, open);
    }
  return most;
}

guint
preload_count_flows (PreloadRun *run,
                     TlFlowKind  kind)
{
  guint n_flows, n = 0;
  const TlFlow *flows = tl_trace_model_get_flows (run->model, &n_flows);

  for (guint i = 0; i < n_flows; i++)
    n += flows[i].kind == kind;
  return n;
}

void
preload_assert_one_gil_holder (PreloadRun *run)
{
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);
      g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (TlSpan));

      if (tl_lane_get_kind (lane) != TL_LANE_GIL)
        continue;
      for (guint track = 0; track < tl_lane_get_n_tracks (lane); track++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

          g_array_append_vals (owners, spans, n);
        }
      g_array_sort (owners, compare_start);
      for (guint i = 1; i < owners->len; i++)
        {
          const TlSpan *a = &g_array_index (owners, TlSpan, i - 1);
          const TlSpan *b = &g_array_index (owners, TlSpan, i);

          if (b->start < a->end)
            g_test_message ("GIL of pid %u: lane %u holds it [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                            "], lane %u from %" G_GINT64_FORMAT, tl_lane_get_pid (lane), a->ref,
                            a->start, a->end, b->ref, b->start);
          g_assert_cmpint (b->start, >=, a->end);
        }
    }
}

void
preload_assert_no_warning (PreloadRun   *run,
                           TlModelError  code)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (run->model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (run->model, i);

      if (g_error_matches (w->error, TL_MODEL_ERROR, code))
        g_error ("unexpected warning (%" G_GUINT64_FORMAT " times): %s", w->count, w->error->message);
    }
}
