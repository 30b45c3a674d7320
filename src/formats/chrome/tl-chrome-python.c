/* tl-chrome-python.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What profilers of Python programs, viztracer above all, write beyond
 * Chrome's vocabulary, read back as a live run's model would have it:
 *  - a call's arguments and return value, in args: {"func_args": {"n":
 *    "10"}, "return_value": "4"} (viztracer's log_func_args and
 *    log_func_retval; each value is the repr () of a Python object);
 *  - prints and raised exceptions, as instants named "print - <text>"
 *    (log_print) and "Exception - <expression> = <repr>" (log_exception);
 *  - forked children: a child's tracer keeps the thread id its parent's
 *    thread had (it caches it per thread), so the child's events carry
 *    the parent's tid under the child's pid, and the child names again
 *    every thread of its parent's the tracer knew.  The tid says who the
 *    parent is; the names of threads the child never ran are dropped.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <string.h>

#include "tl-chrome-import-private.h"
#include "tl-trace-model-code.h"

/* Longest call text kept: Python's repr () of a big list is long. */
#define CALL_TEXT_MAX (16 * 1024)

/* ---- calls ------------------------------------------------------------------- */

static void
append_value (GString             *out,
              const TlChromeEvent *event,
              const TlChromeArg   *arg)
{
  if (arg->type == TL_CHROME_VALUE_OTHER)
    g_string_append (out, "\xe2\x80\xa6");
  else
    g_string_append_len (out, _tl_chrome_event_str (event, arg->value), arg->value_len);
}

/* {"n": "10", "self": "<W>"} as "n=10, self=<W>": the values are reprs,
 * shown as they are; others (numbers, lists) as their JSON. */
static gboolean
append_members (GString    *out,
                const char *json,
                gsize       len)
{
  TlJsonScanner scanner;
  TlJsonBuf value = { 0 };
  gboolean ok = TRUE, first = TRUE;
  int c;

  _tl_json_scanner_init (&scanner, json, len, NULL, NULL);
  if (_tl_json_scanner_peek (&scanner) != '{')
    ok = FALSE;
  else
    _tl_json_scanner_advance (&scanner);
  c = ok ? _tl_json_scanner_peek (&scanner) : -1;
  while (ok && c == '"')
    {
      const char *key;
      gsize key_len, start;

      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      ok = _tl_json_scanner_read_key (&scanner, &key, &key_len);
      if (ok)
        {
          g_string_append_len (out, key, (gssize) key_len);
          g_string_append_c (out, '=');
          ok = _tl_json_scanner_expect (&scanner, ':');
        }
      value.len = 0;
      if (ok && _tl_json_scanner_peek (&scanner) == '"')
        ok = _tl_json_scanner_read_string (&scanner, &value, CALL_TEXT_MAX, &start, NULL);
      else if (ok)
        ok = _tl_json_scanner_copy_value (&scanner, &value, CALL_TEXT_MAX, NULL);
      if (ok)
        g_string_append_len (out, value.data, (gssize) strnlen (value.data, value.len));
      c = ok ? _tl_json_scanner_peek (&scanner) : -1;
      if (c == ',')
        {
          _tl_json_scanner_advance (&scanner);
          c = _tl_json_scanner_peek (&scanner);
        }
    }
  _tl_json_buf_clear (&value);
  _tl_json_scanner_clear (&scanner);
  return ok;
}

/* Arguments seldom repeat: they are added, not looked up; return values
 * ("None", small numbers) often do. */
static guint32
intern_capped (TlChromeImport *self,
               GString        *text,
               gboolean        shared)
{
  if (text->len > CALL_TEXT_MAX)
    {
      const char *end = g_utf8_find_prev_char (text->str, text->str + CALL_TEXT_MAX + 1);

      g_string_truncate (text, end != NULL ? (gsize) (end - text->str) : 0);
      g_string_append (text, "\xe2\x80\xa6");
    }
  if (!shared)
    return tl_trace_model_add_string (self->model, text->str, text->len);
  return _tl_chrome_import_intern_text (self, text->str, text->len);
}

void
_tl_chrome_python_call_texts (TlChromeImport      *self,
                              const TlChromeEvent *event,
                              guint32             *args,
                              guint32             *result)
{
  GString *text = self->scratch;
  const TlChromeArg *returned = NULL;

  g_string_truncate (text, 0);
  for (guint i = 0; i < event->n_args; i++)
    {
      const TlChromeArg *arg = &event->args[i];
      const char *key = _tl_chrome_event_str (event, arg->key);
      gsize mark = text->len;

      if (strcmp (key, "return_value") == 0)
        {
          returned = arg;
          continue;
        }
      if (text->len > 0)
        g_string_append (text, ", ");
      if (strcmp (key, "func_args") == 0 && arg->type == TL_CHROME_VALUE_JSON)
        {
          if (append_members (text, _tl_chrome_event_str (event, arg->value), arg->value_len))
            continue;
          g_string_truncate (text, mark > 0 ? mark + 2 : 0);
        }
      g_string_append (text, key);
      g_string_append_c (text, '=');
      append_value (text, event, arg);
    }
  *args = text->len > 0 ? intern_capped (self, text, FALSE) : TL_INDEX_NONE;

  *result = TL_INDEX_NONE;
  if (returned != NULL)
    {
      g_string_truncate (text, 0);
      append_value (text, event, returned);
      *result = intern_capped (self, text, TRUE);
    }
}

/* ---- prints and exceptions --------------------------------------------------- */

#define PRINT_PREFIX     "print - "
#define EXCEPTION_PREFIX "Exception - "
#define BARE_EXCEPTION   "Exception = "

static void
add_print (TlChromeImport      *self,
           const TlChromeEvent *event,
           guint32              lane,
           const char          *text,
           gsize                len)
{
  TlInstant instant = { 0 };

  /* print () ends its text with a newline the view need not show. */
  if (len > 0 && text[len - 1] == '\n')
    len--;
  if (len > 0 && text[len - 1] == '\r')
    len--;
  instant.ts = event->ts;
  instant.kind = TL_EVENT_PRINT;
  instant.role = TL_ROLE_TEXT;
  instant.ref = tl_trace_model_intern (self->model, text, (gssize) len);
  tl_trace_model_add_instant (self->model, lane, &instant);
}

/* "Exception - ValueError() = ValueError('bad n')": the expression raised,
 * then the repr of what it made, which is the message.  A bare raise
 * names no expression: "Exception = None". */
static void
add_exception (TlChromeImport      *self,
               const TlChromeEvent *event,
               guint32              lane,
               const char          *name)
{
  TlInstant instant = { 0 };
  const char *expression = g_str_has_prefix (name, EXCEPTION_PREFIX) ? name + strlen (EXCEPTION_PREFIX) : NULL;
  const char *equals = strstr (name, " = ");
  const char *message = equals != NULL ? equals + 3 : expression;
  g_autofree char *raised = NULL;

  if (message == NULL || *message == '\0' || strcmp (message, "None") == 0)
    message = expression != NULL && equals != NULL && equals > expression
              ? (raised = g_strndup (expression, (gsize) (equals - expression)))
              : "Exception";
  instant.ts = event->ts;
  instant.kind = TL_EVENT_ERROR_RAISED;
  instant.role = TL_ROLE_ERROR;
  instant.ref = tl_trace_model_ensure_object (self->model, TL_ROLE_ERROR, ++self->n_errors);
  instant.arg = _tl_chrome_import_intern (self, message);
  tl_trace_model_add_instant (self->model, lane, &instant);
}

gboolean
_tl_chrome_python_instant (TlChromeImport      *self,
                           const TlChromeEvent *event,
                           guint32              lane)
{
  const char *name = _tl_chrome_event_str (event, event->name);

  if (!(event->flags & TL_CHROME_HAS_NAME) || (name[0] != 'p' && name[0] != 'E'))
    return FALSE;
  if (g_str_has_prefix (name, PRINT_PREFIX))
    {
      add_print (self, event, lane, name + strlen (PRINT_PREFIX), event->name_len - strlen (PRINT_PREFIX));
      return TRUE;
    }
  if (g_str_has_prefix (name, EXCEPTION_PREFIX) || g_str_has_prefix (name, BARE_EXCEPTION))
    {
      add_exception (self, event, lane, name);
      return TRUE;
    }
  return FALSE;
}

/* ---- forked children ----------------------------------------------------------- */

GHashTable *
_tl_chrome_python_running_threads (TlChromeImport *self)
{
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < tl_trace_model_get_n_lanes (self->model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, i);
      guint64 tid = tl_lane_get_key (lane);

      if (tl_lane_get_kind (lane) == TL_LANE_THREAD)
        g_hash_table_add (ids, g_memdup2 (&tid, sizeof tid));
    }
  return ids;
}

/* When a lane's first span or instant is; G_MAXINT64 if it has none. */
static gint64
lane_first_ts (TlLane *lane)
{
  gint64 first = G_MAXINT64;
  const TlInstant *instants;
  guint n;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      if (n > 0)
        first = MIN (first, spans[0].start);
    }
  instants = tl_lane_get_instants (lane, &n);
  if (n > 0)
    first = MIN (first, instants[0].ts);
  return first;
}

/* The process whose thread @lane (of another process) runs on: the one
 * whose pid is the tid (its main thread forked), else the one whose
 * thread of that tid began first, before @lane did.  0 if none. */
static guint32
thread_owner (TlChromeImport *self,
              GHashTable     *by_tid,
              TlLane         *lane)
{
  guint64 tid = tl_lane_get_key (lane);
  GArray *same = g_hash_table_lookup (by_tid, &tid);
  gint64 first = lane_first_ts (lane), best = G_MAXINT64;
  guint32 owner = 0;

  if (tid <= G_MAXUINT32 && tid != tl_lane_get_pid (lane) &&
      tl_trace_model_lookup_process (self->model, (guint32) tid) != TL_INDEX_NONE)
    return (guint32) tid;
  for (guint i = 0; same != NULL && i < same->len; i++)
    {
      TlLane *other = tl_trace_model_get_lane (self->model, g_array_index (same, guint32, i));
      gint64 other_first = lane_first_ts (other);

      if (tl_lane_get_pid (other) != tl_lane_get_pid (lane) && other_first < first && other_first < best)
        {
          best = other_first;
          owner = tl_lane_get_pid (other);
        }
    }
  return owner;
}

static void
array_free (gpointer array)
{
  g_array_unref (array);
}

void
_tl_chrome_python_find_parents (TlChromeImport *self)
{
  TlTraceModel *model = self->model;
  g_autoptr(GHashTable) by_tid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, array_free);

  for (guint32 i = 0; i < tl_trace_model_get_n_lanes (model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      guint64 tid = tl_lane_get_key (lane);
      GArray *same;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      same = g_hash_table_lookup (by_tid, &tid);
      if (same == NULL)
        {
          same = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (by_tid, g_memdup2 (&tid, sizeof tid), same);
        }
      g_array_append_val (same, i);
    }

  for (guint p = 0; p < tl_trace_model_get_n_processes (model); p++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, p);
      guint n_lanes;
      const guint32 *lanes;

      if (process->parent_pid != 0)
        continue;
      lanes = tl_trace_model_get_process_lanes (model, p, &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        {
          TlLane *lane = tl_trace_model_get_lane (model, lanes[i]);
          guint32 owner;

          if (tl_lane_get_kind (lane) != TL_LANE_THREAD || tl_lane_get_key (lane) == process->pid)
            continue;
          owner = thread_owner (self, by_tid, lane);
          if (owner != 0 && owner != process->pid)
            {
              tl_trace_model_set_process_parent (model, process->pid, owner);
              break;
            }
        }
    }
}
