/* tl-describe-names.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names: of lanes, objects and processes, and how a process ended.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>

#include "tl-describe-private.h"

/* Python names every process's first thread so; it says nothing. */
#define MAIN_THREAD_NAME "MainThread"

const char *
_tl_describe_string (TlTraceModel *model,
                     guint32       id)
{
  const char *str = id != TL_INDEX_NONE ? tl_trace_model_get_string (model, id) : NULL;

  return str != NULL && *str != '\0' ? str : NULL;
}

static const char *
process_own_name (TlTraceModel *model,
                  guint32       process)
{
  if (process == TL_INDEX_NONE || process >= tl_trace_model_get_n_processes (model))
    return NULL;
  return _tl_describe_string (model, tl_trace_model_get_process (model, process)->name);
}

static void
append_process_name (TlTraceModel *model,
                     guint32       process,
                     GString      *out)
{
  const char *name = process_own_name (model, process);

  if (name != NULL)
    g_string_append (out, name);
  else
    g_string_append_printf (out, _("Process %u"), tl_trace_model_get_process (model, process)->pid);
}

/* What a state lane shows, in a few words. */
static const char *
state_words (TlStateKind kind)
{
  switch (kind)
    {
    case TL_STATE_VALUE:
      return _("value");
    case TL_STATE_IN_USE:
      /* TRANSLATORS: a semaphore's state lane, "sem: permits in use" */
      return _("permits in use");
    case TL_STATE_WAITING:
      /* TRANSLATORS: threads waiting on a semaphore or a condition, "sem: waiting" */
      return _("waiting");
    case TL_STATE_DEPTH:
      /* TRANSLATORS: how many times an RLock's holder took it, "rlock: depth" */
      return _("depth");
    case TL_STATE_SET:
      /* TRANSLATORS: an Event's flag, 1 when set, 0 when clear: "ready: set" */
      return _("set");
    case TL_STATE_ARRIVED:
      /* TRANSLATORS: parties waiting at a barrier for the rest, "barrier: arrived" */
      return _("arrived");
    case TL_STATE_QUEUED:
      /* TRANSLATORS: messages put in a queue and not yet got, "q: items waiting" */
      return _("items waiting");
    case TL_N_STATES:
    default:
      return _("state");
    }
}

/* A state lane: named after its object, "counter", "sem: permits in
 * use".  FALSE if @lane is none. */
static gboolean
append_state_lane (TlTraceModel *model,
                   guint32       lane,
                   GString      *out)
{
  g_autofree char *what = NULL;
  TlStateKind kind;
  guint32 object;

  if (!tl_trace_model_get_state_lane (model, lane, &kind, &object))
    return FALSE;
  if (object == TL_INDEX_NONE)
    {
      g_string_append (out, state_words (kind));
      return TRUE;
    }
  what = tl_describe_object (model, object);
  if (kind == TL_STATE_VALUE)
    g_string_append (out, what);
  else
    /* TRANSLATORS: an object and what its lane shows of it, "sem: permits in use" */
    g_string_append_printf (out, _("%s: %s"), what, state_words (kind));
  return TRUE;
}

/* A thread lane standing alone: a main thread is its process. */
static void
append_thread (TlTraceModel *model,
               TlLane       *lane,
               GString      *out)
{
  const char *name = _tl_describe_string (model, tl_lane_get_name (lane));
  guint32 pid = tl_lane_get_pid (lane);
  gboolean main_thread = tl_lane_get_key (lane) == pid || g_strcmp0 (name, MAIN_THREAD_NAME) == 0;
  const char *process = main_thread ? process_own_name (model, tl_trace_model_lookup_process (model, pid))
                                    : NULL;

  if (process != NULL)
    g_string_append (out, process);
  else if (name != NULL)
    g_string_append (out, name);
  else if (tl_lane_get_key (lane) == pid)
    g_string_append_printf (out, _("Process %u"), pid);
  else
    g_string_append_printf (out, _("Thread %u"), (guint) tl_lane_get_key (lane));
}

void
tl_describe_append_lane (TlTraceModel *model,
                         guint32       index,
                         GString      *out)
{
  TlLane *lane;
  g_autofree char *object = NULL;
  g_autofree char *process = NULL;
  const char *name;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (out != NULL);

  if (index >= tl_trace_model_get_n_lanes (model))
    {
      g_string_append (out, _("an unknown lane"));
      return;
    }
  lane = tl_trace_model_get_lane (model, index);
  name = _tl_describe_string (model, tl_lane_get_name (lane));
  switch (tl_lane_get_kind (lane))
    {
    case TL_LANE_THREAD:
      append_thread (model, lane, out);
      break;
    case TL_LANE_LOCK:
      if (tl_lane_get_object (lane) != TL_INDEX_NONE)
        {
          object = tl_describe_object (model, tl_lane_get_object (lane));
          g_string_append (out, object);
        }
      else
        {
          g_string_append (out, name != NULL ? name : _("a lock"));
        }
      break;
    case TL_LANE_GIL:
      process = tl_describe_process_name (model, tl_lane_get_process (lane));
      /* TRANSLATORS: the GIL of a process, "GIL of Process-1" */
      g_string_append_printf (out, _("GIL of %s"), process);
      break;
    case TL_LANE_COUNTER:
      if (name != NULL)
        g_string_append (out, name);
      else if (!append_state_lane (model, index, out))
        g_string_append (out, _("a counter"));
      break;
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      g_string_append (out, name != NULL ? name : _("an async track"));
      break;
    }
}

char *
tl_describe_lane (TlTraceModel *model,
                  guint32       lane)
{
  GString *out = g_string_new (NULL);

  tl_describe_append_lane (model, lane, out);
  return g_string_free (out, FALSE);
}

void
tl_describe_append_lane_in_process (TlTraceModel *model,
                                    guint32       index,
                                    GString      *out)
{
  TlLane *lane;
  const char *name;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (out != NULL);

  if (index >= tl_trace_model_get_n_lanes (model))
    {
      tl_describe_append_lane (model, index, out);
      return;
    }
  lane = tl_trace_model_get_lane (model, index);
  name = _tl_describe_string (model, tl_lane_get_name (lane));
  if (name != NULL)
    g_string_append (out, name);
  else if (tl_lane_get_kind (lane) == TL_LANE_GIL)
    g_string_append (out, "GIL");
  else if (tl_lane_get_kind (lane) == TL_LANE_THREAD && tl_lane_get_key (lane) == tl_lane_get_pid (lane))
    g_string_append (out, _("main thread"));
  else
    tl_describe_append_lane (model, index, out);
}

/* An object without a name: what it is, and its id. */
static char *
describe_unnamed (const TlObject *object)
{
  g_autofree char *id = g_strdup_printf ("%" G_GUINT64_FORMAT, object->id);

  switch ((TlObjectRole) object->role)
    {
    case TL_ROLE_PROCESS:
      return g_strdup_printf (_("process %s"), id);
    case TL_ROLE_THREAD:
      return g_strdup_printf (_("thread %s"), id);
    case TL_ROLE_MUTEX:
      return g_strdup_printf (_("lock %s"), id);
    case TL_ROLE_RLOCK:
      return g_strdup_printf (_("re-entrant lock %s"), id);
    case TL_ROLE_GIL:
      return g_strdup (_("the GIL"));
    case TL_ROLE_CONDITION:
      return g_strdup_printf (_("condition %s"), id);
    case TL_ROLE_SEMAPHORE:
      return g_strdup_printf (_("semaphore %s"), id);
    case TL_ROLE_EVENT:
      return g_strdup_printf (_("event %s"), id);
    case TL_ROLE_BARRIER:
      return g_strdup_printf (_("barrier %s"), id);
    case TL_ROLE_QUEUE:
      return g_strdup_printf (_("queue %s"), id);
    case TL_ROLE_PIPE:
      return g_strdup_printf (_("pipe %s"), id);
    case TL_ROLE_VALUE:
      return g_strdup_printf (_("value %s"), id);
    case TL_ROLE_TASK:
      return g_strdup_printf (_("task %s"), id);
    case TL_ROLE_ERROR:
      return g_strdup_printf (_("error %s"), id);
    case TL_ROLE_MANAGER:
      return g_strdup_printf (_("manager %s"), id);
    case TL_ROLE_SHARED_MEMORY:
      return g_strdup_printf (_("shared memory %s"), id);
    case TL_ROLE_NONE:
    case TL_ROLE_MACHINERY:
    case TL_ROLE_TEXT:
    case TL_ROLE_STEP:
    case TL_N_ROLES:
    default:
      return g_strdup_printf (_("object %s"), id);
    }
}

char *
tl_describe_object (TlTraceModel *model,
                    guint32       index)
{
  const TlObject *object;
  const char *name;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  if (index == TL_INDEX_NONE || index >= tl_trace_model_get_n_objects (model))
    return g_strdup (_("an unknown object"));
  object = tl_trace_model_get_object (model, index);
  name = _tl_describe_string (model, object->name);
  if (name != NULL)
    return g_strdup (name);
  return describe_unnamed (object);
}

void
tl_describe_append_process_name (TlTraceModel *model,
                                 guint32       process,
                                 GString      *out)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (out != NULL);

  if (process >= tl_trace_model_get_n_processes (model))
    g_string_append (out, _("an unknown process"));
  else
    append_process_name (model, process, out);
}

char *
tl_describe_process_name (TlTraceModel *model,
                          guint32       process)
{
  GString *out = g_string_new (NULL);

  tl_describe_append_process_name (model, process, out);
  return g_string_free (out, FALSE);
}

void
tl_describe_append_process (TlTraceModel *model,
                            guint32       process,
                            GString      *out)
{
  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  g_return_if_fail (out != NULL);

  if (process >= tl_trace_model_get_n_processes (model))
    g_string_append (out, _("an unknown process"));
  else if (process_own_name (model, process) == NULL)
    append_process_name (model, process, out);
  else
    /* TRANSLATORS: a process's name and its pid, "Process-1 (pid 1234)" */
    g_string_append_printf (out, _("%s (pid %u)"), process_own_name (model, process),
                            tl_trace_model_get_process (model, process)->pid);
}

char *
tl_describe_process (TlTraceModel *model,
                     guint32       process)
{
  GString *out = g_string_new (NULL);

  tl_describe_append_process (model, process, out);
  return g_string_free (out, FALSE);
}

char *
_tl_describe_signal (int signo)
{
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 32)
  const char *abbrev = sigabbrev_np (signo);

  if (abbrev != NULL)
    /* TRANSLATORS: a signal's number and name, "signal 11 (SIGSEGV)" */
    return g_strdup_printf (_("signal %d (SIG%s)"), signo, abbrev);
#endif
  return g_strdup_printf (_("signal %d"), signo);
}

char *
tl_describe_process_end (TlTraceModel *model,
                         guint32       index)
{
  const TlProcess *process;
  g_autofree char *signal = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (index < tl_trace_model_get_n_processes (model), NULL);

  process = tl_trace_model_get_process (model, index);
  if (!process->exited)
    return NULL;
  if (!process->signaled)
    return g_strdup_printf (_("exit status %d"), process->exit_status);
  if (process->stopped)
    /* TRANSLATORS: how a process ended that the run's end (its watchdog,
     * a cancel) took with it: no crash */
    return g_strdup (_("stopped when the run ended"));
  signal = _tl_describe_signal (process->exit_status);
  /* TRANSLATORS: how a process ended, "killed by signal 11 (SIGSEGV)" */
  return g_strdup_printf (_("killed by %s"), signal);
}

char *
tl_format_time (TlTraceModel *model,
                gint64        ts)
{
  gint64 start, end;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  if (!tl_trace_model_get_time_range (model, &start, &end))
    start = 0;
  return tl_format_duration (ts - start);
}

char *
tl_describe_folded (guint    n,
                    gboolean processes)
{
  if (processes)
    /* TRANSLATORS: one row for the processes a view cannot show, "14 other processes" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other process", "%u other processes", n), n);
  /* TRANSLATORS: one row for the threads a view cannot show, "16 other threads" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other thread", "%u other threads", n), n);
}

char *
tl_describe_folded_line (guint    n,
                         gboolean processes)
{
  if (processes)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u process too short to see here, or outside this time: "
                                         "zoom to see it",
                                         "%u processes too short to see here, or outside this time: "
                                         "zoom to see them", n), n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u thread too short to see here, or outside this time: "
                                       "zoom to see it",
                                       "%u threads too short to see here, or outside this time: "
                                       "zoom to see them", n), n);
}
