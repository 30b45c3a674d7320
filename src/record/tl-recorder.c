/* tl-recorder.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-recorder"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "tl-format.h"
#include "tl-recorder-private.h"
#include "tl-scenario-question.h"

#define KILL_GRACE_MS    3000
#define RUNNER_FD_RING   3
#define RUNNER_FD_SCRIPT 4

struct _TlRecorder
{
  GObject          parent_instance;

  TlScenario      *scenario;
  TlRecorderCommand *command;       /* a real program instead (tl-recorder-command.c) */
  GHashTable      *values;          /* name -> canonical value */
  double           tempo;
  double           timeout;
  char            *output_path;

  TlRecorderState  state;
  TlTraceModel    *model;
  GMainContext    *context;
  TlRing          *ring;
  TlCollectJob    *job;
  GSubprocess     *runner;
  GCancellable    *cancellable;
  GSource         *batch_ready;     /* the reader thread has a batch for the model */
  GSource         *kill_timeout;
  GHashTable      *texts;           /* text id -> text, for printed lines */
  gint64           start_us;
  gint64           end_us;
  double           notified_elapsed;
  gboolean         cancel_requested;
  guint32          runner_pid;
  guint32          main_pid;
  guint64          n_events;
  guint64          n_lost;
  guint            max_lanes;
  guint64          n_past_bound;    /* events left out once the model was too big */
  GArray          *losses;          /* TlRecorderLoss, once the run ended */
  GError          *error;
};

G_DEFINE_FINAL_TYPE (TlRecorder, tl_recorder, G_TYPE_OBJECT)

G_DEFINE_QUARK (tl-recorder-error-quark, tl_recorder_error)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_STATE,
  PROP_ELAPSED,
  PROP_N_EVENTS,
  PROP_TEMPO,
  PROP_OUTPUT_PATH,
  PROP_MODEL,
  N_PROPS
};

enum {
  OUTPUT,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
tl_recorder_state_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { TL_RECORDER_IDLE, "TL_RECORDER_IDLE", "idle" },
        { TL_RECORDER_RUNNING, "TL_RECORDER_RUNNING", "running" },
        { TL_RECORDER_FINISHED, "TL_RECORDER_FINISHED", "finished" },
        { TL_RECORDER_CANCELLED, "TL_RECORDER_CANCELLED", "cancelled" },
        { TL_RECORDER_FAILED, "TL_RECORDER_FAILED", "failed" },
        { 0, NULL, NULL }
      };
      GType t = g_enum_register_static (g_intern_static_string ("TlRecorderState"), values);

      g_once_init_leave (&type, t);
    }
  return type;
}

/* ---- the model, fed on the main context --------------------------------------- */

static char *
worker_name (TlRecorder *self,
             guint32     pid,
             guint32     tid)
{
  guint32 process = tl_trace_model_lookup_process (self->model, pid);
  const char *process_name = NULL;

  if (process != TL_INDEX_NONE)
    {
      const TlProcess *p = tl_trace_model_get_process (self->model, process);

      if (p->name != TL_INDEX_NONE)
        process_name = tl_trace_model_get_string (self->model, p->name);
    }
  if (tid != pid)
    {
      guint32 lane = tl_trace_model_lookup_lane (self->model, TL_LANE_THREAD, pid, tid);

      if (lane != TL_INDEX_NONE)
        {
          guint32 name = tl_lane_get_name (tl_trace_model_get_lane (self->model, lane));

          if (name != TL_INDEX_NONE)
            return g_strdup (tl_trace_model_get_string (self->model, name));
        }
      return g_strdup_printf ("%s/%u", process_name != NULL ? process_name : "?", tid);
    }
  if (process_name != NULL)
    return g_strdup (process_name);
  return g_strdup_printf ("pid %u", pid);
}

/* A run whose model outgrows what a file of it could hold (a scenario or a
 * program making threads by the hundred thousand) is stopped: what a
 * model takes must be bounded. */
static gboolean
past_bound (TlRecorder *self)
{
  if (tl_trace_model_get_n_lanes (self->model) < self->max_lanes &&
      tl_trace_model_get_n_processes (self->model) < self->max_lanes)
    return FALSE;
  /* While live; the last batch comes after the run has ended. */
  if (self->batch_ready != NULL)
    tl_recorder_cancel (self);
  return TRUE;
}

static void
apply_batch (TlRecorder *self,
             TlBatch    *batch)
{
  for (guint i = 0; i < batch->events->len; i++)
    {
      const TlModelEvent *event = &g_array_index (batch->events, TlModelEvent, i);

      if (G_UNLIKELY (self->n_past_bound > 0 || past_bound (self)))
        {
          self->n_past_bound++;
          continue;
        }
      tl_trace_model_add_event (self->model, event);
      self->n_events++;

      switch (event->kind)
        {
        case TL_EVENT_NAME:
          if (event->role == TL_ROLE_TEXT && event->text != NULL)
            g_hash_table_insert (self->texts, g_memdup2 (&event->object, sizeof event->object),
                                 g_strndup (event->text, event->text_len));
          break;

        case TL_EVENT_PROCESS_START:
          /* The runner's child is the scenario's main process. */
          if (self->main_pid == 0 && event->arg == self->runner_pid)
            self->main_pid = (guint32) event->object;
          break;

        case TL_EVENT_PRINT:
          {
            g_autofree char *text = NULL;
            g_autofree char *worker = NULL;
            g_autofree guint64 *key = NULL;

            if (!g_hash_table_steal_extended (self->texts, &event->object, (gpointer *) &key,
                                              (gpointer *) &text))
              break;
            worker = worker_name (self, event->pid, event->tid);
            g_signal_emit (self, signals[OUTPUT], 0, worker, event->pid, event->tid, text);
          }
          break;

        default:
          break;
        }
    }
}

static void
notify_elapsed (TlRecorder *self,
                gboolean    force)
{
  double elapsed = tl_recorder_get_elapsed (self);

  if (force || elapsed - self->notified_elapsed >= 0.1)
    {
      self->notified_elapsed = elapsed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED]);
    }
}

/* Each batch reaches the model as soon as the reader has it: no clock
 * here.  Whoever draws the model paces the drawing (the window, once per
 * frame). */
static gboolean
batch_ready_cb (gpointer user_data)
{
  TlRecorder *self = user_data;
  TlBatch *batch = _tl_collect_job_take (self->job);

  if (batch != NULL)
    {
      apply_batch (self, batch);
      _tl_batch_free (batch);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
    }
  notify_elapsed (self, FALSE);
  return G_SOURCE_CONTINUE;
}

static gboolean
batch_ready_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  /* Before taking the batch: a wake-up that comes meanwhile is kept. */
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs batch_ready_funcs = { NULL, NULL, batch_ready_dispatch, NULL, NULL, NULL };

/* ---- the end of a run -------------------------------------------------------------- */

static void
set_state (TlRecorder      *self,
           TlRecorderState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static GError *
error_for_exit (TlRecorder  *self,
                const char  *errors,
                TlRecorderState *state)
{
  g_autofree char *message = g_strstrip (g_strdup (errors != NULL ? errors : ""));
  int code;

  *state = TL_RECORDER_FAILED;
  if (self->cancel_requested)
    {
      *state = TL_RECORDER_CANCELLED;
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
    }
  if (!g_subprocess_get_if_exited (self->runner))
    return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                        /* TRANSLATORS: "threadline-runner died of signal 9 (Killed)" */
                        _("threadline-runner died of signal %d (%s)"),
                        g_subprocess_get_term_sig (self->runner),
                        g_strsignal (g_subprocess_get_term_sig (self->runner)));

  code = g_subprocess_get_exit_status (self->runner);
  switch (code)
    {
    case 0:
      *state = TL_RECORDER_FINISHED;
      return NULL;
    case 1:
      return g_error_new_literal (TL_RECORDER_ERROR, TL_RECORDER_ERROR_RAISED,
                                  _("The scenario's main process ended with an exception"));
    case 2:
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_SCENARIO, "%s",
                          message[0] != '\0' ? message : _("The scenario could not start"));
    case 3:
      return g_error_new_literal (TL_RECORDER_ERROR, TL_RECORDER_ERROR_TIMEOUT,
                                  _("The run did not end in time (a deadlock?); the watchdog ended it"));
    case 4:
      *state = TL_RECORDER_CANCELLED;
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The run was cancelled"));
    case 5:
      return g_error_new_literal (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                                  _("The scenario's main process died of a signal"));
    case 6:
      /* A bound of the run (threadline-runner's limits): the message on
       * stderr names the scenario file's line. */
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_SCENARIO,
                          /* TRANSLATORS: "…: race.scenario:12: more than 256 threads at once" */
                          _("The run went past one of its limits: %s"), message);
    default:
      if (message[0] == '\0')
        return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                            _("threadline-runner failed (exit status %d)"), code);
      /* TRANSLATORS: the runner's exit status, and what it said */
      return g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_CRASHED,
                          _("threadline-runner failed (exit status %d): %s"), code, message);
    }
}

static void
finish_run (TlRecorder *self,
            const char *errors)
{
  g_autoptr(GError) write_error = NULL;
  TlCollectorStats stats = { 0 };
  TlRecorderState state;
  TlBatch *batch;
  GError *error;

  if (self->batch_ready != NULL)
    {
      g_source_destroy (self->batch_ready);
      g_clear_pointer (&self->batch_ready, g_source_unref);
    }
  if (self->kill_timeout != NULL)
    {
      g_source_destroy (self->kill_timeout);
      g_clear_pointer (&self->kill_timeout, g_source_unref);
    }

  /* If the runner was killed, its scenario's group goes too. */
  if (self->main_pid > 1)
    kill (-(pid_t) self->main_pid, SIGKILL);

  batch = _tl_collect_job_finish (self->job, &stats, &write_error);
  apply_batch (self, batch);
  _tl_batch_free (batch);
  g_clear_pointer (&self->losses, g_array_unref);
  self->losses = _tl_collect_job_steal_losses (self->job);
  g_clear_pointer (&self->job, _tl_collect_job_free);
  g_clear_pointer (&self->ring, tl_ring_free);
  g_hash_table_remove_all (self->texts);

  tl_trace_model_add_loss (self->model, stats.dropped + self->n_past_bound, stats.torn, stats.corrupt);
  self->n_lost = stats.dropped + self->n_past_bound + stats.torn + stats.corrupt;
  tl_trace_model_finish (self->model, TL_TS_NONE);
  self->end_us = g_get_monotonic_time ();

  if (self->command != NULL)
    {
      error = _tl_recorder_command_outcome (self->command, self->cancel_requested, &state);
      _tl_recorder_command_end (self->command);
    }
  else
    error = error_for_exit (self, errors, &state);
  if (self->n_past_bound > 0)
    {
      g_clear_error (&error);
      state = TL_RECORDER_FAILED;
      error = g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_TOO_BIG,
                           _("The run made more than %u threads, locks and processes, more than "
                             "Threadline can show: it was stopped, and the %llu events after "
                             "that point were left out"),
                           self->max_lanes, (unsigned long long) self->n_past_bound);
    }
  if (error == NULL && write_error != NULL)
    {
      state = TL_RECORDER_FAILED;
      error = g_error_new (TL_RECORDER_ERROR, TL_RECORDER_ERROR_OUTPUT,
                           _("The trace could not be written: %s"), write_error->message);
    }
  self->error = error;
  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_EVENTS]);
  notify_elapsed (self, TRUE);
  set_state (self, state);
  g_signal_emit (self, signals[FINISHED], 0, self->error);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TlRecorder) self = user_data;
  g_autofree char *out = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GError) error = NULL;

  /* Returns once the runner exited and every holder of its pipes is gone. */
  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &out, &errors, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Reading the runner's output failed: %s", error->message);
  if (self->state == TL_RECORDER_RUNNING)
    finish_run (self, errors);
}

static gboolean
kill_timeout_cb (gpointer user_data)
{
  TlRecorder *self = user_data;

  /* The runner did not end after SIGTERM: nothing is left to ask. */
  if (self->runner != NULL)
    g_subprocess_force_exit (self->runner);
  if (self->main_pid > 1)
    kill (-(pid_t) self->main_pid, SIGKILL);
  g_clear_pointer (&self->kill_timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
tl_recorder_dispose (GObject *object)
{
  TlRecorder *self = (TlRecorder *) object;

  /* A running recorder holds a reference until the run ends, so only an
   * idle or ended one gets here. */
  g_assert (self->state != TL_RECORDER_RUNNING);
  g_clear_object (&self->scenario);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (tl_recorder_parent_class)->dispose (object);
}

static void
tl_recorder_finalize (GObject *object)
{
  TlRecorder *self = (TlRecorder *) object;

  g_clear_pointer (&self->command, _tl_recorder_command_free);
  g_clear_pointer (&self->losses, g_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->ring, tl_ring_free);
  g_clear_error (&self->error);
  g_free (self->output_path);

  G_OBJECT_CLASS (tl_recorder_parent_class)->finalize (object);
}

static void
tl_recorder_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlRecorder *self = TL_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ELAPSED:
      g_value_set_double (value, tl_recorder_get_elapsed (self));
      break;
    case PROP_N_EVENTS:
      g_value_set_uint64 (value, self->n_events);
      break;
    case PROP_TEMPO:
      g_value_set_double (value, self->tempo);
      break;
    case PROP_OUTPUT_PATH:
      g_value_set_string (value, self->output_path);
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_recorder_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlRecorder *self = TL_RECORDER (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      self->scenario = g_value_dup_object (value);
      break;
    case PROP_TEMPO:
      tl_recorder_set_tempo (self, g_value_get_double (value));
      break;
    case PROP_OUTPUT_PATH:
      tl_recorder_set_output_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_recorder_class_init (TlRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_recorder_dispose;
  object_class->finalize = tl_recorder_finalize;
  object_class->get_property = tl_recorder_get_property;
  object_class->set_property = tl_recorder_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, TL_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TL_TYPE_RECORDER_STATE, TL_RECORDER_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ELAPSED] =
    g_param_spec_double ("elapsed", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_EVENTS] =
    g_param_spec_uint64 ("n-events", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TEMPO] =
    g_param_spec_double ("tempo", NULL, NULL, 0.01, 1000, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OUTPUT_PATH] =
    g_param_spec_string ("output-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, TL_TYPE_TRACE_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlRecorder::output:
   * @worker: the process or thread that printed, as Python names it
   * @pid: its process id
   * @tid: its thread id
   * @text: the line
   */
  signals[OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * TlRecorder::finished:
   * @error: (nullable): why the run did not end normally
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tl_recorder_init (TlRecorder *self)
{
  self->tempo = 1.0;
  self->max_lanes = TL_FORMAT_MAX_LANES;
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->model = tl_trace_model_new ();
}

/* ---- API ------------------------------------------------------------------------------ */

TlRecorder *
tl_recorder_new (TlScenario *scenario)
{
  g_return_val_if_fail (TL_IS_SCENARIO (scenario), NULL);

  return g_object_new (TL_TYPE_RECORDER, "scenario", scenario, NULL);
}

TlRecorderCommand *
_tl_recorder_get_command (TlRecorder *self)
{
  return self->command;
}

void
_tl_recorder_set_command (TlRecorder        *self,
                          TlRecorderCommand *command)
{
  g_return_if_fail (self->state == TL_RECORDER_IDLE && self->scenario == NULL);
  g_clear_pointer (&self->command, _tl_recorder_command_free);
  self->command = command;
}

TlScenario *
tl_recorder_get_scenario (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), NULL);
  return self->scenario;
}

gboolean
tl_recorder_set_value (TlRecorder  *self,
                       const char  *name,
                       const char  *value,
                       GError     **error)
{
  TlScenarioParam *param;
  char *canonical;

  g_return_val_if_fail (TL_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (self->scenario != NULL, FALSE);
  g_return_val_if_fail (self->state == TL_RECORDER_IDLE, FALSE);
  g_return_val_if_fail (name != NULL && value != NULL, FALSE);

  param = tl_scenario_lookup_param (self->scenario, name);
  if (param == NULL)
    {
      g_set_error (error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_PARAMETER,
                   _("“%s” has no parameter “%s”"), tl_scenario_get_id (self->scenario), name);
      return FALSE;
    }
  canonical = tl_scenario_param_check (param, value, error);
  if (canonical == NULL)
    return FALSE;
  g_hash_table_replace (self->values, g_strdup (name), canonical);
  return TRUE;
}

const char *
tl_recorder_get_value (TlRecorder *self,
                       const char *name)
{
  TlScenarioParam *param;
  const char *value;

  g_return_val_if_fail (TL_IS_RECORDER (self), NULL);

  if (self->scenario == NULL)
    return NULL;
  value = g_hash_table_lookup (self->values, name);
  if (value != NULL)
    return value;
  param = tl_scenario_lookup_param (self->scenario, name);
  return param != NULL ? tl_scenario_param_get_default (param) : NULL;
}

void
tl_recorder_set_tempo (TlRecorder *self,
                       double      tempo)
{
  g_return_if_fail (TL_IS_RECORDER (self));
  g_return_if_fail (tempo > 0);

  if (self->tempo == tempo)
    return;
  self->tempo = tempo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPO]);
}

double
tl_recorder_get_tempo (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), 1.0);
  return self->tempo;
}

void
tl_recorder_set_timeout (TlRecorder *self,
                         double      seconds)
{
  g_return_if_fail (TL_IS_RECORDER (self));
  self->timeout = MAX (seconds, 0);
}

void
tl_recorder_set_max_lanes (TlRecorder *self,
                           guint       max_lanes)
{
  g_return_if_fail (TL_IS_RECORDER (self));
  g_return_if_fail (self->state == TL_RECORDER_IDLE);
  self->max_lanes = MAX (max_lanes, 1);
}

void
tl_recorder_set_output_path (TlRecorder *self,
                             const char *path)
{
  g_return_if_fail (TL_IS_RECORDER (self));

  if (g_strcmp0 (self->output_path, path) == 0)
    return;
  g_free (self->output_path);
  self->output_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_PATH]);
}

const char *
tl_recorder_get_output_path (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), NULL);
  return self->output_path;
}

static char *
describe_values (TlRecorder *self)
{
  GPtrArray *params = tl_scenario_get_params (self->scenario);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < params->len; i++)
    {
      const char *name = tl_scenario_param_get_name (g_ptr_array_index (params, i));

      g_string_append_printf (text, "%s%s=%s", i > 0 ? " " : "", name,
                              tl_recorder_get_value (self, name));
    }
  return g_string_free (text, FALSE);
}

/* What a class is shown beside the run (the Python, the questions), in
 * the model's metadata or the file's: a recording keeps them. */
static void
describe_teaching (TlRecorder      *self,
                   TlTraceModel    *model,
                   TlTltraceWriter *writer)
{
  GPtrArray *questions = tl_scenario_get_questions (self->scenario);
  g_autofree char *text = questions->len > 0 ? tl_scenario_questions_to_text (questions) : NULL;
  const char *keys[] = {
    TL_SCENARIO_METADATA_PYTHON, TL_SCENARIO_METADATA_PYTHON_NAME, TL_SCENARIO_METADATA_QUESTIONS,
  };
  const char *values[] = {
    tl_scenario_get_python (self->scenario), tl_scenario_get_python_name (self->scenario), text,
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (values[i] == NULL)
        continue;
      if (model != NULL)
        tl_trace_model_set_metadata (model, keys[i], values[i]);
      if (writer != NULL)
        tl_tltrace_writer_set_metadata (writer, keys[i], values[i]);
    }
}

/* The scenario's text, for the runner to read: a sealed memfd, so the
 * runner runs exactly what was checked here. */
static int
scenario_fd (TlRecorder  *self,
             GError     **error)
{
  GBytes *data = tl_scenario_get_data (self->scenario);
  const guint8 *p = g_bytes_get_data (data, NULL);
  gsize left = g_bytes_get_size (data);
  int fd = memfd_create ("threadline-scenario", MFD_CLOEXEC | MFD_ALLOW_SEALING);

  if (fd < 0)
    goto failed;
  while (left > 0)
    {
      ssize_t n = write (fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed;
      p += n;
      left -= (gsize) n;
    }
  if (lseek (fd, 0, SEEK_SET) < 0)
    goto failed;
  fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  {
    /* Above the numbers the runner gets them as, so no mapping overlaps. */
    int high = fcntl (fd, F_DUPFD_CLOEXEC, 10);

    close (fd);
    fd = high;
    if (fd < 0)
      goto failed;
  }
  return fd;

failed:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                 _("Cannot pass the scenario to the runner: %s"), g_strerror (saved));
    return -1;
  }
}

/* What the view needs to show the run's lesson (tl-lesson.h): the
 * scenario's [Lesson], and the machine it ran on, beside its timings. */
static void
set_lesson_metadata (TlRecorder      *self,
                     TlTltraceWriter *writer)
{
  TlLessonSpec *lesson = tl_scenario_get_lesson (self->scenario);
  g_autofree char *cores = g_strdup_printf ("%ld", MAX (sysconf (_SC_NPROCESSORS_ONLN), 1L));

  if (writer != NULL)
    {
      tl_tltrace_writer_set_metadata (writer, "machine.cores", cores);
      if (lesson != NULL)
        tl_tltrace_writer_set_metadata (writer, "lesson", tl_lesson_spec_get_data (lesson));
      return;
    }
  tl_trace_model_set_metadata (self->model, "machine.cores", cores);
  if (lesson != NULL)
    tl_trace_model_set_metadata (self->model, "lesson", tl_lesson_spec_get_data (lesson));
}

/* The ring of a run.  The reader drains every few milliseconds: a quarter
 * megabyte per thread holds far more than a scenario makes in that time,
 * and keeps the cost of a thread's first event (its sub-buffer is
 * pre-faulted) small next to the thread's own start-up.  A real program
 * may lock and unlock in a tight loop, on a machine too busy to run the
 * reader: it waits for room rather than lose events (a lock whose release
 * is lost looks held forever). */
static TlRing *
new_ring (guint32   bytes_per_producer,
          guint32   flags,
          GError  **error)
{
  TlRingOptions options;
  TlRing *ring = NULL;
  int r;

  tl_ring_options_init (&options);
  options.bytes_per_producer = bytes_per_producer;
  options.flags = flags;
  if ((r = tl_ring_new (&options, &ring)) < 0)
    {
      g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                   _("Cannot create the ring: %s"), g_strerror (-r));
      return NULL;
    }
  return ring;
}

/* The run is under way (self->runner started): read the ring and feed the
 * model from now on. */
static void
begin_run (TlRecorder      *self,
           TlRing          *ring,
           TlTltraceWriter *writer)
{
  const char *identifier = g_subprocess_get_identifier (self->runner);

  /* A runner that has already exited (a refused program) has no pid left. */
  self->runner_pid = identifier != NULL ? (guint32) g_ascii_strtoull (identifier, NULL, 10) : 0;
  self->ring = ring;
  self->job = _tl_collect_job_start (ring, writer);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->start_us = g_get_monotonic_time ();

  self->batch_ready = g_source_new (&batch_ready_funcs, sizeof (GSource));
  g_source_set_callback (self->batch_ready, batch_ready_cb, self, NULL);
  g_source_set_static_name (self->batch_ready, "[threadline] recorder batch");
  g_source_attach (self->batch_ready, self->context);
  _tl_collect_job_set_wake (self->job, self->batch_ready);

  set_state (self, TL_RECORDER_RUNNING);
}

static void
command_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TlRecorder) self = user_data;

  _tl_recorder_command_wait_finish (self->command, result);
  if (self->state == TL_RECORDER_RUNNING)
    finish_run (self, NULL);
}

/* tl_recorder_start () for a real program: threadline-tracer runs it. */
static gboolean
start_command (TlRecorder  *self,
               GError     **error)
{
  g_autoptr(TlTltraceWriter) writer = NULL;
  g_autoptr(GError) local_error = NULL;
  TlRing *ring;

  if (self->output_path != NULL)
    {
      writer = tl_tltrace_writer_new (self->output_path, &local_error);
      if (writer == NULL)
        {
          g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_OUTPUT, "%s",
                       local_error->message);
          return FALSE;
        }
    }
  _tl_recorder_command_describe (self->command, self->model, writer);
  if ((ring = new_ring (256 * 1024, TL_RING_FLAGS_BLOCKING, error)) == NULL)
    return FALSE;
  self->runner = _tl_recorder_command_spawn (self->command, ring, error);
  if (self->runner == NULL)
    {
      tl_ring_free (ring);
      return FALSE;
    }
  begin_run (self, ring, g_steal_pointer (&writer));
  _tl_recorder_command_wait_async (self->command, self->cancellable, command_done_cb,
                                   g_object_ref (self));
  return TRUE;
}

gboolean
tl_recorder_start (TlRecorder  *self,
                   GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(TlTltraceWriter) writer = NULL;
  g_autofree char *runner = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GError) local_error = NULL;
  char tempo[G_ASCII_DTOSTR_BUF_SIZE];
  char timeout[G_ASCII_DTOSTR_BUF_SIZE];
  GHashTableIter iter;
  gpointer key, value;
  TlRing *ring = NULL;
  int ring_fd, script_fd;

  g_return_val_if_fail (TL_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (self->state == TL_RECORDER_IDLE, FALSE);

  if (self->command != NULL)
    return start_command (self, error);

  runner = tl_scenario_find_runner ();
  if (!g_file_test (runner, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                   _("threadline-runner is not at %s (set THREADLINE_RUNNER)"), runner);
      return FALSE;
    }

  described = describe_values (self);
  if (self->output_path != NULL)
    {
      writer = tl_tltrace_writer_new (self->output_path, &local_error);
      if (writer == NULL)
        {
          g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_OUTPUT, "%s",
                       local_error->message);
          return FALSE;
        }
      tl_tltrace_writer_set_metadata (writer, "scenario", tl_scenario_get_id (self->scenario));
      tl_tltrace_writer_set_metadata (writer, "scenario.name", tl_scenario_get_name (self->scenario));
      tl_tltrace_writer_set_metadata (writer, "scenario.parameters", described);
      tl_tltrace_writer_set_metadata (writer, "scenario.tempo",
                                      g_ascii_dtostr (tempo, sizeof tempo, self->tempo));
      describe_teaching (self, NULL, writer);
      set_lesson_metadata (self, writer);
    }

  if ((ring = new_ring (256 * 1024, TL_RING_FLAGS_NONE, error)) == NULL)
    return FALSE;
  ring_fd = fcntl (tl_ring_get_fd (ring), F_DUPFD_CLOEXEC, 10);
  if (ring_fd < 0 || (script_fd = scenario_fd (self, error)) < 0)
    {
      if (ring_fd >= 0)
        close (ring_fd);
      else
        g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                     _("Cannot pass the ring to the runner: %s"), g_strerror (errno));
      tl_ring_free (ring);
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_fd (launcher, ring_fd, RUNNER_FD_RING);
  g_subprocess_launcher_take_fd (launcher, script_fd, RUNNER_FD_SCRIPT);
  g_subprocess_launcher_setenv (launcher, TL_RING_ENV_FD, G_STRINGIFY (RUNNER_FD_RING), TRUE);

  argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (runner));
  g_ptr_array_add (argv, g_strdup ("--scenario-fd"));
  g_ptr_array_add (argv, g_strdup (G_STRINGIFY (RUNNER_FD_SCRIPT)));
  g_ptr_array_add (argv, g_strdup ("--origin"));
  g_ptr_array_add (argv, g_strdup (tl_scenario_get_origin (self->scenario)));
  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%s=%s", (char *) key, (char *) value));
    }
  g_ptr_array_add (argv, g_strdup ("--tempo"));
  g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (tempo, sizeof tempo, self->tempo)));
  if (self->timeout > 0)
    {
      g_ptr_array_add (argv, g_strdup ("--timeout"));
      g_ptr_array_add (argv, g_strdup (g_ascii_dtostr (timeout, sizeof timeout, self->timeout)));
    }
  g_ptr_array_add (argv, NULL);

  self->runner = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &local_error);
  if (self->runner == NULL)
    {
      tl_ring_free (ring);
      g_set_error (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_START,
                   _("Cannot start threadline-runner: %s"), local_error->message);
      return FALSE;
    }
  tl_trace_model_set_metadata (self->model, "scenario", tl_scenario_get_id (self->scenario));
  tl_trace_model_set_metadata (self->model, "scenario.name", tl_scenario_get_name (self->scenario));
  tl_trace_model_set_metadata (self->model, "scenario.parameters", described);
  tl_trace_model_set_metadata (self->model, "scenario.tempo", tempo);
  describe_teaching (self, self->model, NULL);
  set_lesson_metadata (self, NULL);

  begin_run (self, ring, g_steal_pointer (&writer));
  g_subprocess_communicate_utf8_async (self->runner, NULL, self->cancellable, communicate_cb,
                                       g_object_ref (self));
  return TRUE;
}

void
tl_recorder_cancel (TlRecorder *self)
{
  g_return_if_fail (TL_IS_RECORDER (self));

  if (self->state != TL_RECORDER_RUNNING || self->cancel_requested)
    return;
  self->cancel_requested = TRUE;
  /* The runner kills the scenario's processes, reaps them and records it. */
  g_subprocess_send_signal (self->runner, SIGTERM);
  self->kill_timeout = g_timeout_source_new (KILL_GRACE_MS);
  g_source_set_callback (self->kill_timeout, kill_timeout_cb, self, NULL);
  g_source_attach (self->kill_timeout, self->context);
}

TlTraceModel *
tl_recorder_get_model (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), NULL);
  return self->model;
}

TlRecorderState
tl_recorder_get_state (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), TL_RECORDER_IDLE);
  return self->state;
}

double
tl_recorder_get_elapsed (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), 0);

  if (self->start_us == 0)
    return 0;
  return (double) ((self->end_us != 0 ? self->end_us : g_get_monotonic_time ()) - self->start_us) / 1e6;
}

guint64
tl_recorder_get_n_events (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), 0);
  return self->n_events;
}

guint64
tl_recorder_get_n_lost (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), 0);
  return self->n_lost;
}

const TlRecorderLoss *
tl_recorder_get_losses (TlRecorder *self,
                        guint      *n_losses)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), NULL);
  g_return_val_if_fail (n_losses != NULL, NULL);

  *n_losses = self->losses != NULL ? self->losses->len : 0;
  return self->losses != NULL ? (const TlRecorderLoss *) (gpointer) self->losses->data : NULL;
}

const GError *
tl_recorder_get_error (TlRecorder *self)
{
  g_return_val_if_fail (TL_IS_RECORDER (self), NULL);
  return self->error;
}
