/* scenario-run.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "scenario-run.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  ScenarioRun   *run;
  GMainLoop     *loop;
  ScenarioProbe  probe;
} Waiter;

static void
output_cb (TlRecorder *recorder,
           const char *worker,
           guint       pid,
           guint       tid,
           const char *text,
           gpointer    user_data)
{
  ScenarioRun *run = user_data;

  g_ptr_array_add (run->lines, g_strdup_printf ("%s\t%s", worker, text));
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

typedef struct
{
  TlRecorder *recorder;
  guint       id;
} Canceller;

static gboolean
cancel_cb (gpointer user_data)
{
  Canceller *canceller = user_data;

  canceller->id = 0;
  tl_recorder_cancel (canceller->recorder);
  return G_SOURCE_REMOVE;
}

static gboolean
probe_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  if (waiter->run->probe_hit || tl_recorder_get_state (waiter->run->recorder) != TL_RECORDER_RUNNING)
    return G_SOURCE_CONTINUE;
  if (waiter->probe (waiter->run))
    waiter->run->probe_hit = TRUE;
  return G_SOURCE_CONTINUE;
}

static guint32
pid_named (TlTraceModel *model,
           const char   *name)
{
  for (guint i = 0; i < tl_trace_model_get_n_processes (model); i++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, i);

      if (process->name != TL_INDEX_NONE &&
          strcmp (tl_trace_model_get_string (model, process->name), name) == 0)
        return process->pid;
    }
  return 0;
}

static guint next_max_lanes;

void
scenario_run_set_max_lanes (guint max_lanes)
{
  next_max_lanes = max_lanes;
}

ScenarioRun *
scenario_run (const char         *id,
              const char * const *values,
              double              tempo,
              int                 cancel_after_ms,
              ScenarioProbe       probe)
{
  g_autoptr(TlScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ScenarioRun *run = g_new0 (ScenarioRun, 1);
  Waiter waiter = { run, loop, probe };
  Canceller canceller = { NULL, 0 };
  guint probe_id = 0;

  scenario = tl_scenario_lookup (id, &error);
  g_assert_no_error (error);
  run->recorder = tl_recorder_new (scenario);
  run->model = tl_recorder_get_model (run->recorder);
  run->lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (values[i], "=", 2);

      tl_recorder_set_value (run->recorder, pair[0], pair[1], &error);
      g_assert_no_error (error);
    }
  tl_recorder_set_tempo (run->recorder, tempo);
  if (next_max_lanes > 0)
    tl_recorder_set_max_lanes (run->recorder, next_max_lanes);
  next_max_lanes = 0;

  g_signal_connect (run->recorder, "output", G_CALLBACK (output_cb), run);
  g_signal_connect (run->recorder, "finished", G_CALLBACK (finished_cb), &waiter);
  tl_recorder_start (run->recorder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_recorder_get_state (run->recorder), ==, TL_RECORDER_RUNNING);

  canceller.recorder = run->recorder;
  if (cancel_after_ms >= 0)
    canceller.id = g_timeout_add (cancel_after_ms, cancel_cb, &canceller);
  if (probe != NULL)
    probe_id = g_timeout_add (5, probe_cb, &waiter);
  g_main_loop_run (loop);
  if (canceller.id != 0)
    g_source_remove (canceller.id);
  if (probe_id != 0)
    g_source_remove (probe_id);

  run->runner_pid = pid_named (run->model, "threadline-runner");
  run->main_pid = pid_named (run->model, "MainProcess");
  for (guint i = 0; i < run->lines->len; i++)
    g_test_message ("  %s", (char *) g_ptr_array_index (run->lines, i));
  g_test_message ("%s: %.2f s, %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT " lost, %s",
                  id, tl_recorder_get_elapsed (run->recorder),
                  tl_recorder_get_n_events (run->recorder), tl_recorder_get_n_lost (run->recorder),
                  run->error != NULL ? run->error->message : "no error");
  return run;
}

void
scenario_run_free (ScenarioRun *run)
{
  g_clear_error (&run->error);
  g_ptr_array_unref (run->lines);
  g_assert_finalize_object (run->recorder);
  g_free (run);
}

guint
scenario_count_lines (ScenarioRun *run,
                      const char  *worker_prefix,
                      const char  *text)
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

gboolean
scenario_has_line (ScenarioRun *run,
                   const char  *text)
{
  return scenario_count_lines (run, NULL, text) > 0;
}

static void
for_each_mark (ScenarioRun *run,
               int          kind,
               GPtrArray   *out)
{
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);
      const TlInstant *instants;
      guint n;

      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        if (instants[i].kind == TL_EVENT_MARK && (int) instants[i].arg == kind &&
            instants[i].ref != TL_INDEX_NONE)
          g_ptr_array_add (out, (gpointer) tl_trace_model_get_string (run->model, instants[i].ref));
    }
}

const char *
scenario_mark (ScenarioRun *run,
               int          kind,
               const char  *label)
{
  g_autoptr(GPtrArray) marks = g_ptr_array_new ();
  g_autofree char *prefix = g_strdup_printf ("%s = ", label);

  for_each_mark (run, kind, marks);
  for (guint i = 0; i < marks->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (marks, i), prefix))
      return (const char *) g_ptr_array_index (marks, i) + strlen (prefix);
  return NULL;
}

guint
scenario_count_marks (ScenarioRun *run,
                      int          kind)
{
  g_autoptr(GPtrArray) marks = g_ptr_array_new ();

  for_each_mark (run, kind, marks);
  return marks->len;
}

const TlProcess *
scenario_process (ScenarioRun *run,
                  const char  *name)
{
  guint32 pid = pid_named (run->model, name);

  if (pid == 0)
    return NULL;
  return tl_trace_model_get_process (run->model, tl_trace_model_lookup_process (run->model, pid));
}

guint32
scenario_object (ScenarioRun  *run,
                 TlObjectRole  role,
                 const char   *name)
{
  for (guint i = 0; i < tl_trace_model_get_n_objects (run->model); i++)
    {
      const TlObject *object = tl_trace_model_get_object (run->model, i);

      if (object->role == role && object->name != TL_INDEX_NONE &&
          strcmp (tl_trace_model_get_string (run->model, object->name), name) == 0)
        return i;
    }
  return TL_INDEX_NONE;
}

guint
scenario_slices (ScenarioRun *run,
                 const char  *prefix,
                 gint64      *total_ns)
{
  guint count = 0;

  if (total_ns != NULL)
    *total_ns = 0;
  for (guint l = 0; l < tl_trace_model_get_n_lanes (run->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (run->model, l);

      for (guint track = 0; track < tl_lane_get_n_tracks (lane); track++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

          for (guint i = 0; i < n; i++)
            if (spans[i].kind == TL_SPAN_SLICE && spans[i].ref != TL_INDEX_NONE &&
                g_str_has_prefix (tl_trace_model_get_string (run->model, spans[i].ref), prefix))
              {
                count++;
                if (total_ns != NULL)
                  *total_ns += spans[i].end - spans[i].start;
              }
        }
    }
  return count;
}

/* Every open descriptor and what it points at. */
static GHashTable *
open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  GHashTable *fds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/fd/%s", name);

      g_hash_table_insert (fds, g_strdup (name), g_file_read_link (path, NULL));
    }
  return fds;
}

/* What was open at the last count: a run may leave fewer descriptors than
 * it found (GLib closes a previous run's late), never new ones. */
static GHashTable *fds_at_count;

guint
scenario_count_fds (void)
{
  g_clear_pointer (&fds_at_count, g_hash_table_unref);
  fds_at_count = open_fds ();
  return g_hash_table_size (fds_at_count);
}

/* How many descriptors are open now that were not at the last count. */
static guint
count_new_fds (void)
{
  g_autoptr(GHashTable) now = open_fds ();
  GHashTableIter iter;
  gpointer name, target;
  guint n = 0;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &name, &target))
    {
      const char *before = fds_at_count != NULL ? g_hash_table_lookup (fds_at_count, name) : NULL;

      if (g_strcmp0 (before, target) != 0)
        {
          g_test_message ("new fd %s -> %s", (char *) name, (char *) target);
          n++;
        }
    }
  return n;
}

/* Fields of /proc/PID/stat after the command: state, ppid, pgrp. */
static gboolean
read_stat (const char *pid,
           char       *state,
           int        *ppid,
           int        *pgrp)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *contents = NULL;
  const char *close_paren;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  close_paren = strrchr (contents, ')');
  if (close_paren == NULL)
    return FALSE;
  return sscanf (close_paren + 2, "%c %d %d", state, ppid, pgrp) == 3;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

/* GLib closes a finished child's descriptors (its pidfd, its pipes) as it
 * finalizes sources, possibly a few iterations after ::finished: let it,
 * for up to two seconds, before counting. */
static guint
count_new_fds_settled (void)
{
  gint64 until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint n;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  while ((n = count_new_fds ()) > 0 && g_get_monotonic_time () < until)
    {
      g_timeout_add (10, wake_cb, NULL);
      g_main_context_iteration (NULL, TRUE);
    }
  return n;
}

void
scenario_assert_clean (ScenarioRun *run,
                       guint        fds_before)
{
  guint new_fds = count_new_fds_settled ();

  g_test_message ("%u descriptors open before the run, %u new ones after it", fds_before, new_fds);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  g_autoptr(GDir) shm = g_dir_open ("/dev/shm", 0, NULL);
  g_autofree char *shm_prefix = g_strdup_printf ("threadline-%u-", run->runner_pid);
  const char *name;

  g_assert_cmpuint (run->runner_pid, !=, 0);
  g_assert_cmpuint (run->main_pid, !=, 0);

  /* No process of the run, alive or zombie, and no child of ours. */
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      char state;
      int ppid, pgrp;

      if (!g_ascii_isdigit (name[0]) || !read_stat (name, &state, &ppid, &pgrp))
        continue;
      if (ppid == getpid ())
        g_error ("process %s (state %c) is still a child of the test", name, state);
      if (pgrp == (int) run->main_pid || (guint32) atoi (name) == run->runner_pid)
        g_error ("process %s (state %c) of the run is still there", name, state);
    }

  /* The recorder's reader thread is gone. */
  while ((name = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", name);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL))
        g_assert_false (g_str_has_prefix (comm, "threadline-col"));
    }

  while (shm != NULL && (name = g_dir_read_name (shm)) != NULL)
    g_assert_false (g_str_has_prefix (name, shm_prefix));

  g_assert_cmpuint (new_fds, ==, 0);
}
