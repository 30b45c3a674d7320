/* tl-chrome-import.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chrome trace events into model items, in Chrome's own vocabulary; our
 * files' (category "threadline") goes to tl-chrome-ours.c first.  X, i, C
 * and M events go straight in.  B/E pairs, flows (s/t/f) and async spans
 * (b/n/e) come unsorted and must be paired in time order, so they wait, as
 * small marks, until the whole file has been read.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-chrome-import-private.h"
#include "tl-trace-model-code.h"

typedef struct
{
  gint64   ts;
  guint32  lane;
  guint32  seq;
  guint32  name;
  guint32  args;     /* a call's texts, string ids or TL_INDEX_NONE */
  guint32  result;
  gboolean begin;
} SliceMark;

typedef struct
{
  guint32 pid;
  guint64 tid;
  guint32 name;
} ThreadName;

typedef struct
{
  gint64  ts;
  guint64 key;      /* pid, cat and id, hashed */
  guint64 id;
  guint32 seq;
  guint32 pid;
  guint32 name;
  char    ph;       /* 'b', 'e' or 'n' */
} AsyncMark;

typedef struct
{
  gint64  ts;
  guint64 key;      /* cat and id, hashed */
  guint64 id;
  guint32 seq;
  guint32 lane;
  guint32 ref;      /* an object, from our own files */
  guint16 kind;     /* TlFlowKind */
  char    ph;       /* 's', 't' or 'f' */
} FlowMark;

/* Past this many names the cache stops growing: a trace whose names are
 * all different gains nothing from it. */
#define NAME_CACHE_MAX 65536

static void
name_cache_init (NameCache *cache)
{
  cache->mask = 1023;
  cache->slots = g_new0 (NameSlot, cache->mask + 1);
  /* Offset 0 marks an empty slot. */
  _tl_json_buf_append (&cache->text, "", 1);
}

static void
name_cache_clear (NameCache *cache)
{
  g_free (cache->slots);
  _tl_json_buf_clear (&cache->text);
}

TlChromeImport *
_tl_chrome_import_new (TlTraceModel *model)
{
  TlChromeImport *self = g_new0 (TlChromeImport, 1);

  self->model = g_object_ref (model);
  self->pseudo = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->slices = g_array_new (FALSE, FALSE, sizeof (SliceMark));
  self->asyncs = g_array_new (FALSE, FALSE, sizeof (AsyncMark));
  self->flows = g_array_new (FALSE, FALSE, sizeof (FlowMark));
  self->scratch = g_string_new (NULL);
  self->thread_names = g_array_new (FALSE, FALSE, sizeof (ThreadName));
  self->last_ts = G_MININT64;
  name_cache_init (&self->names);
  name_cache_init (&self->texts);
  return self;
}

void
_tl_chrome_import_free (TlChromeImport *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->model);
  g_hash_table_unref (self->pseudo);
  g_array_unref (self->slices);
  g_array_unref (self->asyncs);
  g_array_unref (self->flows);
  g_string_free (self->scratch, TRUE);
  g_array_unref (self->thread_names);
  g_clear_pointer (&self->file, _tl_chrome_file_unref);
  name_cache_clear (&self->names);
  name_cache_clear (&self->texts);
  g_free (self);
}

/* ---- helpers ------------------------------------------------------------ */

void
_tl_chrome_import_bad_event (TlChromeImport      *self,
                             const TlChromeEvent *event,
                             const char          *why)
{
  tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT,
                              event->flags & TL_CHROME_HAS_TS ? event->ts : TL_TS_NONE,
                              "Trace events the model cannot use were skipped (the first: %s)", why);
}

guint32
_tl_chrome_import_intern (TlChromeImport *self,
                          const char     *str)
{
  return tl_trace_model_intern (self->model, str, -1);
}

static guint64
hash_name (const char *data,
           gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ len;
  guint64 word;

  for (; len >= 8; data += 8, len -= 8)
    {
      memcpy (&word, data, 8);
      h = (h ^ word) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
    }
  word = 0;
  memcpy (&word, data, len);
  h = (h ^ word) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  return h ^ (h >> 29);
}

static void
name_cache_grow (NameCache *cache)
{
  NameSlot *old = cache->slots;
  guint old_size = cache->mask + 1;

  cache->mask = cache->mask * 2 + 1;
  cache->slots = g_new0 (NameSlot, cache->mask + 1);
  for (guint i = 0; i < old_size; i++)
    {
      guint at;

      if (old[i].offset == 0)
        continue;
      for (at = (guint) old[i].hash & cache->mask; cache->slots[at].offset != 0; at = (at + 1) & cache->mask)
        ;
      cache->slots[at] = old[i];
    }
  g_free (old);
}

/* @str is NUL-terminated, @len bytes long. */
static guint32
intern_cached (TlChromeImport *self,
               NameCache      *cache,
               const char     *str,
               gsize           len)
{
  guint64 hash = hash_name (str, len);
  guint32 id;
  guint at;
  NameSlot *slot;

  for (at = (guint) hash & cache->mask; cache->slots[at].offset != 0; at = (at + 1) & cache->mask)
    {
      slot = &cache->slots[at];
      if (slot->hash == hash && slot->len == len && memcmp (cache->text.data + slot->offset, str, len) == 0)
        return slot->id;
    }

  if (cache->n >= NAME_CACHE_MAX || cache->text.len + len + 1 > G_MAXUINT32)
    return _tl_chrome_import_intern (self, str);

  id = _tl_chrome_import_intern (self, str);
  slot = &cache->slots[at];
  slot->hash = hash;
  slot->offset = (guint32) cache->text.len;
  slot->len = (guint32) len;
  slot->id = id;
  _tl_json_buf_append (&cache->text, str, len + 1);
  if (++cache->n * 2 > cache->mask)
    name_cache_grow (cache);
  return id;
}

static inline guint32
event_name (TlChromeImport      *self,
            const TlChromeEvent *event)
{
  return event->flags & TL_CHROME_HAS_NAME
           ? intern_cached (self, &self->names, _tl_chrome_event_str (event, event->name), event->name_len)
           : TL_INDEX_NONE;
}

guint32
_tl_chrome_import_intern_text (TlChromeImport *self,
                               const char     *str,
                               gsize           len)
{
  return intern_cached (self, &self->texts, str, len);
}

static guint64
hash_bytes (guint64     h,
            const char *data,
            gsize       len)
{
  /* FNV-1a, 64 bits: keys of flows and async spans, never stored as text. */
  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) data[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

static guint64
match_key (const TlChromeEvent *event,
           gboolean             with_pid)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  const char *cat = _tl_chrome_event_str (event, event->cat);
  const char *id = _tl_chrome_event_str (event, event->id);

  if (with_pid)
    h = hash_bytes (h, (const char *) &event->pid, sizeof event->pid);
  h = hash_bytes (h, cat, strlen (cat) + 1);
  return hash_bytes (h, id, strlen (id));
}

static void
too_big (TlChromeImport *self,
         gint64          ts)
{
  tl_trace_model_add_warning (self->model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG, ts,
                              "This trace has more than %u lanes or %u processes; the events of the "
                              "others were left out", TL_FORMAT_MAX_LANES, TL_FORMAT_MAX_PROCESSES);
}

static gboolean
at_limits (TlChromeImport *self)
{
  return tl_trace_model_get_n_lanes (self->model) >= TL_FORMAT_MAX_LANES ||
         tl_trace_model_get_n_processes (self->model) >= TL_FORMAT_MAX_PROCESSES;
}

gboolean
_tl_chrome_import_ensure_process (TlChromeImport *self,
                                  guint32         pid,
                                  gint64          ts)
{
  if (tl_trace_model_get_n_processes (self->model) >= TL_FORMAT_MAX_PROCESSES &&
      tl_trace_model_lookup_process (self->model, pid) == TL_INDEX_NONE)
    {
      too_big (self, ts);
      return FALSE;
    }
  tl_trace_model_ensure_process (self->model, pid);
  return TRUE;
}

guint32
_tl_chrome_import_ensure_lane (TlChromeImport *self,
                               TlLaneKind      kind,
                               guint32         pid,
                               guint64         key,
                               gint64          ts)
{
  guint32 lane;

  if (G_LIKELY (!at_limits (self)))
    return tl_trace_model_ensure_lane (self->model, kind, pid, key);
  lane = tl_trace_model_lookup_lane (self->model, kind, pid, key);
  if (lane == TL_INDEX_NONE && tl_trace_model_get_n_lanes (self->model) < TL_FORMAT_MAX_LANES &&
      _tl_chrome_import_ensure_process (self, pid, ts))
    return tl_trace_model_ensure_lane (self->model, kind, pid, key);
  if (lane == TL_INDEX_NONE)
    too_big (self, ts);
  return lane;
}

static inline guint32
event_lane (TlChromeImport      *self,
            const TlChromeEvent *event)
{
  guint32 lane;

  if (self->cache_valid && self->cache_pid == event->pid && self->cache_tid == event->tid)
    return self->cache_lane;

  lane = _tl_chrome_ours_pseudo_lane (self, event->pid, event->tid);
  if (lane == TL_INDEX_NONE)
    {
      lane = _tl_chrome_import_ensure_lane (self, TL_LANE_THREAD, event->pid, event->tid,
                                            event->flags & TL_CHROME_HAS_TS ? event->ts : TL_TS_NONE);
      if (lane == TL_INDEX_NONE)
        return lane;
      /* A thread known by a name rather than a number is called by it. */
      if (event->tid_text != 0 &&
          tl_lane_get_name (tl_trace_model_get_lane (self->model, lane)) == TL_INDEX_NONE)
        tl_trace_model_set_lane_name (self->model, lane,
                                      _tl_chrome_import_intern (self, _tl_chrome_event_str (event, event->tid_text)));
    }

  self->cache_valid = TRUE;
  self->cache_pid = event->pid;
  self->cache_tid = event->tid;
  self->cache_lane = lane;
  return lane;
}

/* For ours: the same, out of line (the Chrome handlers have them inline,
 * once per event). */
guint32
_tl_chrome_import_name (TlChromeImport      *self,
                        const TlChromeEvent *event)
{
  return event_name (self, event);
}

guint32
_tl_chrome_import_lane (TlChromeImport      *self,
                        const TlChromeEvent *event)
{
  return event_lane (self, event);
}

/* A process known by a name rather than a number is called by it, unless
 * it is given a name. */
static void
name_process_by_id (TlChromeImport      *self,
                     const TlChromeEvent *event)
{
  guint32 process;

  if (!_tl_chrome_import_ensure_process (self, event->pid, TL_TS_NONE))
    return;
  process = tl_trace_model_lookup_process (self->model, event->pid);
  if (tl_trace_model_get_process (self->model, process)->name == TL_INDEX_NONE)
    tl_trace_model_set_process_name (self->model, event->pid,
                                     _tl_chrome_import_intern (self, _tl_chrome_event_str (event, event->pid_text)));
}

/* ---- X: complete events -------------------------------------------------- */

gboolean
_tl_chrome_import_span_times (TlChromeImport      *self,
                              const TlChromeEvent *event,
                              TlSpan              *span)
{
  gint64 dur = event->dur;

  if (!(event->flags & TL_CHROME_HAS_DUR))
    {
      _tl_chrome_import_bad_event (self, event,
                                   "a complete event (X) without a duration, taken as lasting no time");
      dur = 0;
    }
  if (dur < 0 || event->ts > TL_FORMAT_TS_MAX - dur)
    {
      _tl_chrome_import_bad_event (self, event, "a complete event (X) with a negative or huge duration");
      return FALSE;
    }
  span->start = event->ts;
  span->end = event->ts + dur;
  return TRUE;
}

static void
import_complete (TlChromeImport      *self,
                 const TlChromeEvent *event)
{
  TlSpan span = { 0 };
  guint32 lane = event_lane (self, event);

  if (lane == TL_INDEX_NONE || !_tl_chrome_import_span_times (self, event, &span))
    return;
  span.kind = TL_SPAN_SLICE;
  span.ref = event_name (self, event);
  if (event->n_args > 0)
    {
      guint32 args, result;

      _tl_chrome_python_call_texts (self, event, &args, &result);
      tl_trace_model_set_span_call (self->model, &span, args, result);
    }
  tl_trace_model_add_span (self->model, lane, &span);
}

/* ---- i: instants --------------------------------------------------------- */

static void
import_instant (TlChromeImport      *self,
                const TlChromeEvent *event)
{
  TlInstant instant = { 0 };
  guint32 lane = event_lane (self, event);

  if (lane == TL_INDEX_NONE || _tl_chrome_python_instant (self, event, lane))
    return;
  instant.ts = event->ts;
  instant.kind = TL_EVENT_MARK;
  instant.role = TL_ROLE_TEXT;
  instant.ref = event_name (self, event);
  tl_trace_model_add_instant (self->model, lane, &instant);
}

/* ---- C: counters --------------------------------------------------------- */

guint32
_tl_chrome_import_counter_lane (TlChromeImport *self,
                                guint32         pid,
                                const char     *name,
                                gint64          ts)
{
  guint32 id = _tl_chrome_import_intern (self, name);
  guint32 lane = _tl_chrome_import_ensure_lane (self, TL_LANE_COUNTER, pid, id, ts);

  if (lane != TL_INDEX_NONE && tl_lane_get_name (tl_trace_model_get_lane (self->model, lane)) == TL_INDEX_NONE)
    tl_trace_model_set_lane_name (self->model, lane, id);
  return lane;
}

/* One series per argument, named as Perfetto names them: "name key"; an
 * id tells counters of the same name apart. */
static void
import_counter (TlChromeImport      *self,
                const TlChromeEvent *event)
{
  const char *name = _tl_chrome_event_str (event, event->name);
  guint n_series = 0;
  double value;

  for (guint i = 0; i < event->n_args; i++)
    {
      const TlChromeArg *arg = &event->args[i];
      guint32 lane;

      if (!_tl_chrome_event_arg_double (event, arg, &value))
        continue;
      g_string_assign (self->scratch, name);
      if (event->flags & TL_CHROME_HAS_ID)
        g_string_append_printf (self->scratch, "[%s]", _tl_chrome_event_str (event, event->id));
      g_string_append_c (self->scratch, ' ');
      g_string_append (self->scratch, _tl_chrome_event_str (event, arg->key));
      lane = _tl_chrome_import_counter_lane (self, event->pid, self->scratch->str, event->ts);
      if (lane != TL_INDEX_NONE)
        tl_trace_model_add_counter_sample (self->model, lane, event->ts, value);
      n_series++;
    }
  if (n_series == 0)
    _tl_chrome_import_bad_event (self, event, "a counter event (C) without numeric arguments");
}

/* ---- M: metadata --------------------------------------------------------- */

static gint32
sort_index (const TlChromeEvent *event,
            gboolean            *found)
{
  gint64 value = 0;

  *found = _tl_chrome_event_arg_int64 (event, "sort_index", 0, &value);
  return (gint32) CLAMP (value, G_MININT32, G_MAXINT32);
}

static void
import_metadata (TlChromeImport      *self,
                 const TlChromeEvent *event)
{
  const char *name = _tl_chrome_event_arg_string (event, "name");
  gboolean found;
  gint32 index;

  if (_tl_chrome_event_name_is (event, "process_name"))
    {
      if (_tl_chrome_import_ensure_process (self, event->pid, TL_TS_NONE) && name != NULL)
        tl_trace_model_set_process_name (self->model, event->pid, _tl_chrome_import_intern (self, name));
    }
  else if (_tl_chrome_event_name_is (event, "thread_name"))
    {
      ThreadName named = { event->pid, event->tid, TL_INDEX_NONE };

      if (name != NULL)
        {
          named.name = _tl_chrome_import_intern (self, name);
          g_array_append_val (self->thread_names, named);
        }
    }
  else if (_tl_chrome_event_name_is (event, "process_sort_index"))
    {
      index = sort_index (event, &found);
      if (found && _tl_chrome_import_ensure_process (self, event->pid, TL_TS_NONE))
        tl_trace_model_set_process_sort_index (self->model, event->pid, index);
    }
  else if (_tl_chrome_event_name_is (event, "thread_sort_index"))
    {
      guint32 lane = event_lane (self, event);

      index = sort_index (event, &found);
      if (found && lane != TL_INDEX_NONE)
        tl_trace_model_set_lane_sort_index (self->model, lane, index);
    }
  /* Other metadata (process_labels, num_cpus...) has no place in the model. */
}

/* ---- what waits for the end ---------------------------------------------- */

static void
mark_slice (TlChromeImport      *self,
            const TlChromeEvent *event)
{
  SliceMark mark;

  mark.ts = event->ts;
  mark.lane = event_lane (self, event);
  mark.seq = self->seq++;
  mark.name = event_name (self, event);
  mark.begin = event->ph == 'B';
  mark.args = mark.result = TL_INDEX_NONE;
  /* A begin's args are the call's; an end's return value is its result. */
  if (event->n_args > 0)
    _tl_chrome_python_call_texts (self, event, &mark.args, &mark.result);
  if (mark.lane != TL_INDEX_NONE)
    g_array_append_val (self->slices, mark);
}

static void
mark_async (TlChromeImport      *self,
            const TlChromeEvent *event)
{
  AsyncMark mark;

  if (!(event->flags & TL_CHROME_HAS_ID))
    {
      _tl_chrome_import_bad_event (self, event, "an async event without an id");
      return;
    }
  mark.ts = event->ts;
  mark.key = match_key (event, TRUE);
  mark.id = event->id_value;
  mark.seq = self->seq++;
  mark.pid = event->pid;
  mark.name = event_name (self, event);
  switch (event->ph)
    {
    case 'b':
    case 'S':
      mark.ph = 'b';
      break;
    case 'e':
    case 'F':
      mark.ph = 'e';
      break;
    default:
      mark.ph = 'n';
      break;
    }
  g_array_append_val (self->asyncs, mark);
}

void
_tl_chrome_import_mark_flow (TlChromeImport      *self,
                             const TlChromeEvent *event,
                             TlFlowKind           kind,
                             guint64              id,
                             guint32              ref)
{
  FlowMark mark;

  mark.ts = event->ts;
  mark.key = match_key (event, FALSE);
  mark.id = id;
  mark.seq = self->seq++;
  mark.lane = event_lane (self, event);
  mark.ref = ref;
  mark.kind = kind;
  mark.ph = event->ph;
  if (mark.lane != TL_INDEX_NONE)
    g_array_append_val (self->flows, mark);
}

static void
mark_flow (TlChromeImport      *self,
           const TlChromeEvent *event)
{
  if (!(event->flags & TL_CHROME_HAS_ID))
    {
      _tl_chrome_import_bad_event (self, event, "a flow event without an id");
      return;
    }
  _tl_chrome_import_mark_flow (self, event, TL_FLOW_GENERIC, event->id_value, TL_INDEX_NONE);
}

void
_tl_chrome_import_event (TlChromeImport      *self,
                         const TlChromeEvent *event)
{
  self->n_events++;

  if (event->ph != 'M' && !(event->flags & TL_CHROME_HAS_TS))
    {
      _tl_chrome_import_bad_event (self, event, event->flags & TL_CHROME_BAD_TIME ? "a time stamp that is no number"
                                                                 : "an event without a time stamp");
      return;
    }
  if ((event->flags & TL_CHROME_HAS_TS) &&
      (event->ts < TL_FORMAT_TS_MIN || event->ts > TL_FORMAT_TS_MAX))
    {
      tl_trace_model_add_warning (self->model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_OUT_OF_RANGE, TL_TS_NONE,
                                  "Events more than 146 years from the trace's zero were left out");
      return;
    }
  if ((event->flags & TL_CHROME_HAS_TS) && event->ts > self->last_ts)
    self->last_ts = event->ts;
  if (event->pid_text != 0)
    name_process_by_id (self, event);
  if (_tl_chrome_event_is_ours (event) && _tl_chrome_ours_import (self, event))
    return;

  switch (event->ph)
    {
    case 'X':
      import_complete (self, event);
      break;
    case 'B':
    case 'E':
      mark_slice (self, event);
      break;
    case 'i':
    case 'I':
    case 'R':
      import_instant (self, event);
      break;
    case 'C':
      import_counter (self, event);
      break;
    case 'M':
      import_metadata (self, event);
      break;
    case 's':
    case 't':
    case 'f':
      mark_flow (self, event);
      break;
    case 'b':
    case 'e':
    case 'n':
    case 'S':
    case 'T':
    case 'p':
    case 'F':
      mark_async (self, event);
      break;
    case 0:
      _tl_chrome_import_bad_event (self, event, "an event without a phase (ph)");
      break;
    default:
      _tl_chrome_import_bad_event (self, event, "an event of a phase Threadline does not show");
      break;
    }
}

/* ---- pairing ------------------------------------------------------------- */

static int
compare_slice_marks (gconstpointer a,
                     gconstpointer b)
{
  const SliceMark *x = a, *y = b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
add_slice (TlChromeImport  *self,
           guint32          lane,
           const SliceMark *begin,
           gint64           end,
           guint8           flags)
{
  TlSpan span = { 0 };

  span.start = begin->ts;
  span.end = end;
  span.ref = begin->name;
  span.kind = TL_SPAN_SLICE;
  span.flags = flags;
  tl_trace_model_set_span_call (self->model, &span, begin->args, begin->result);
  tl_trace_model_add_span (self->model, lane, &span);
}

/* B and E on one thread nest: in time order, an E closes the last open B. */
static void
pair_slices (TlChromeImport *self,
             gint64          trace_end)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (SliceMark));
  guint n = self->slices->len;

  g_array_sort (self->slices, compare_slice_marks);
  for (guint i = 0; i < n; i++)
    {
      const SliceMark *mark = &g_array_index (self->slices, SliceMark, i);

      if (mark->begin)
        {
          g_array_append_val (stack, *mark);
        }
      else if (stack->len == 0)
        {
          tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, mark->ts,
                                      "An end (E) came without a begin (B) on its thread");
        }
      else
        {
          const SliceMark *begin = &g_array_index (stack, SliceMark, stack->len - 1);
          SliceMark closed = *begin;

          if (closed.name == TL_INDEX_NONE)
            closed.name = mark->name;
          if (closed.result == TL_INDEX_NONE)
            closed.result = mark->result;
          add_slice (self, mark->lane, &closed, mark->ts, 0);
          g_array_set_size (stack, stack->len - 1);
        }

      if (i + 1 == n || g_array_index (self->slices, SliceMark, i + 1).lane != mark->lane)
        {
          /* Still open when the trace ended: as long as the trace, flagged. */
          for (guint s = 0; s < stack->len; s++)
            {
              const SliceMark *begin = &g_array_index (stack, SliceMark, s);

              tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, begin->ts,
                                          "A begin (B) was never ended; it lasts to the end of the trace");
              add_slice (self, begin->lane, begin, MAX (trace_end, begin->ts), TL_SPAN_FLAG_UNCLOSED);
            }
          g_array_set_size (stack, 0);
        }
    }
  g_array_set_size (self->slices, 0);
}

static int
compare_async_marks (gconstpointer a,
                     gconstpointer b)
{
  const AsyncMark *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static guint32
async_lane (TlChromeImport *self,
            guint32         pid,
            guint32         name,
            gint64          ts)
{
  guint32 lane = _tl_chrome_import_ensure_lane (self, TL_LANE_ASYNC, pid, name, ts);

  if (lane != TL_INDEX_NONE && name != TL_INDEX_NONE &&
      tl_lane_get_name (tl_trace_model_get_lane (self->model, lane)) == TL_INDEX_NONE)
    tl_trace_model_set_lane_name (self->model, lane, name);
  return lane;
}

static void
add_async (TlChromeImport  *self,
           const AsyncMark *begin,
           gint64           end,
           guint8           flags)
{
  TlSpan span = { 0 };
  guint32 lane = async_lane (self, begin->pid, begin->name, begin->ts);

  span.start = begin->ts;
  span.end = end;
  span.ref = begin->name;
  span.arg = begin->id;
  span.kind = TL_SPAN_ASYNC;
  span.flags = flags;
  if (lane != TL_INDEX_NONE)
    tl_trace_model_add_span (self->model, lane, &span);
}

/* The async spans of one id open at a time, in the order they began.  An
 * end closes the innermost open span of its name (of any name when it has
 * none), which may lie deep: closed spans stay in place, marked, and each
 * keeps links to the span below it and to the one of its name below it,
 * shortened as closed ones are passed, so that finding the innermost
 * costs next to nothing however the ends come. */
typedef struct
{
  AsyncMark mark;
  guint32   below;       /* index + 1 of the span that was innermost when it began */
  guint32   same_below;  /* index + 1 of the innermost of its name then */
  gboolean  closed;
} AsyncOpen;

typedef struct
{
  GArray     *spans;     /* AsyncOpen */
  GHashTable *by_name;   /* name -> index + 1 of its latest span */
} AsyncOpenSet;

static AsyncOpen *
open_at (AsyncOpenSet *set,
         guint32       index)
{
  return &g_array_index (set->spans, AsyncOpen, index - 1);
}

/* The first open span from @index down, following @link (below or
 * same_below); 0 if none.  Links of the closed ones passed are pointed
 * at it. */
static guint32
first_open (AsyncOpenSet *set,
            guint32       index,
            gsize         link)
{
  guint32 found = index, next;

  while (found > 0 && open_at (set, found)->closed)
    found = G_STRUCT_MEMBER (guint32, open_at (set, found), link);
  while (index != found)
    {
      next = G_STRUCT_MEMBER (guint32, open_at (set, index), link);
      G_STRUCT_MEMBER (guint32, open_at (set, index), link) = found;
      index = next;
    }
  return found;
}

static guint32
innermost (AsyncOpenSet *set,
           guint32       name)
{
  guint32 latest;

  if (name == TL_INDEX_NONE)
    return first_open (set, set->spans->len, G_STRUCT_OFFSET (AsyncOpen, below));
  latest = GPOINTER_TO_UINT (g_hash_table_lookup (set->by_name, GUINT_TO_POINTER (name)));
  return first_open (set, latest, G_STRUCT_OFFSET (AsyncOpen, same_below));
}

static void
open_async (AsyncOpenSet    *set,
            const AsyncMark *mark)
{
  AsyncOpen open = { *mark, set->spans->len, 0, FALSE };

  if (mark->name != TL_INDEX_NONE)
    {
      open.same_below = GPOINTER_TO_UINT (g_hash_table_lookup (set->by_name, GUINT_TO_POINTER (mark->name)));
      g_hash_table_insert (set->by_name, GUINT_TO_POINTER (mark->name), GUINT_TO_POINTER (set->spans->len + 1));
    }
  g_array_append_val (set->spans, open);
}

static void
add_async_instant (TlChromeImport  *self,
                   AsyncOpenSet    *set,
                   const AsyncMark *mark)
{
  TlInstant instant = { 0 };
  guint32 inner = innermost (set, TL_INDEX_NONE);
  guint32 lane = async_lane (self, mark->pid, inner > 0 ? open_at (set, inner)->mark.name : mark->name,
                             mark->ts);

  instant.ts = mark->ts;
  instant.ref = mark->name;
  instant.kind = TL_EVENT_MARK;
  instant.role = TL_ROLE_TEXT;
  if (lane != TL_INDEX_NONE)
    tl_trace_model_add_instant (self->model, lane, &instant);
}

static void
close_async (TlChromeImport  *self,
             AsyncOpenSet    *set,
             const AsyncMark *mark)
{
  guint32 inner = innermost (set, mark->name);

  if (inner == 0)
    {
      tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, mark->ts,
                                  "An async end (e) came without its begin (b)");
      return;
    }
  add_async (self, &open_at (set, inner)->mark, mark->ts, 0);
  open_at (set, inner)->closed = TRUE;
}

/* What an id left open lasts to the end of the trace, flagged. */
static void
close_group (TlChromeImport *self,
             AsyncOpenSet   *set,
             gint64          trace_end)
{
  for (guint s = 0; s < set->spans->len; s++)
    {
      const AsyncMark *begin = &g_array_index (set->spans, AsyncOpen, s).mark;

      if (g_array_index (set->spans, AsyncOpen, s).closed)
        continue;
      tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, begin->ts,
                                  "An async span (b) was never ended; it lasts to the end of the trace");
      add_async (self, begin, MAX (trace_end, begin->ts), TL_SPAN_FLAG_UNCLOSED);
    }
  g_array_set_size (set->spans, 0);
  if (g_hash_table_size (set->by_name) > 0)
    g_hash_table_remove_all (set->by_name);
}

/* Async spans of one id nest like B/E; each name gets a lane of its own. */
static void
pair_asyncs (TlChromeImport *self,
             gint64          trace_end)
{
  AsyncOpenSet set = { g_array_new (FALSE, FALSE, sizeof (AsyncOpen)), g_hash_table_new (NULL, NULL) };
  guint n = self->asyncs->len;

  g_array_sort (self->asyncs, compare_async_marks);
  for (guint i = 0; i < n; i++)
    {
      const AsyncMark *mark = &g_array_index (self->asyncs, AsyncMark, i);

      if (mark->ph == 'b')
        open_async (&set, mark);
      else if (mark->ph == 'n')
        add_async_instant (self, &set, mark);
      else
        close_async (self, &set, mark);

      if (i + 1 == n || g_array_index (self->asyncs, AsyncMark, i + 1).key != mark->key)
        close_group (self, &set, trace_end);
    }
  g_array_set_size (self->asyncs, 0);
  g_array_unref (set.spans);
  g_hash_table_unref (set.by_name);
}

static int
compare_flow_marks (gconstpointer a,
                    gconstpointer b)
{
  const FlowMark *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A flow is a chain: s, then any steps t, then f; an arrow joins each
 * link to the next. */
static void
pair_flows (TlChromeImport *self)
{
  guint n = self->flows->len;
  const FlowMark *start = NULL, *previous = NULL;
  gboolean arrows = FALSE;

  g_array_sort (self->flows, compare_flow_marks);
  for (guint i = 0; i < n; i++)
    {
      const FlowMark *mark = &g_array_index (self->flows, FlowMark, i);

      if (previous != NULL && previous->key != mark->key)
        {
          if (!arrows)
            tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, start->ts,
                                        "A flow start (s) never arrived anywhere");
          start = previous = NULL;
        }

      if (mark->ph == 's')
        {
          if (start != NULL && !arrows)
            tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, start->ts,
                                        "A flow start (s) never arrived anywhere");
          start = previous = mark;
          arrows = FALSE;
          continue;
        }
      if (previous == NULL)
        {
          tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END, mark->ts,
                                      "A flow step or end (t, f) came without its start (s)");
          continue;
        }

      {
        TlFlow flow = { 0 };

        flow.from_ts = previous->ts;
        flow.to_ts = mark->ts;
        flow.from_lane = previous->lane;
        flow.to_lane = mark->lane;
        flow.id = start->id;
        flow.ref = start->ref;
        flow.kind = start->kind;
        tl_trace_model_add_flow (self->model, &flow);
        arrows = TRUE;
      }
      previous = mark;
      if (mark->ph == 'f')
        start = previous = NULL;
    }
  if (start != NULL && !arrows)
    tl_trace_model_add_warning (self->model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED, start->ts,
                                "A flow start (s) never arrived anywhere");
  g_array_set_size (self->flows, 0);
}

/* ---- names and sources -------------------------------------------------- */

/* Names go to the threads that ran: a thread only named is given a lane
 * of its own, unless it is one a viztracer child inherited. */
static void
name_threads (TlChromeImport *self)
{
  g_autoptr(GHashTable) running = NULL;

  if (self->viztracer && self->thread_names->len > 0)
    running = _tl_chrome_python_running_threads (self);
  for (guint i = 0; i < self->thread_names->len; i++)
    {
      const ThreadName *named = &g_array_index (self->thread_names, ThreadName, i);
      guint32 lane = _tl_chrome_ours_pseudo_lane (self, named->pid, named->tid);

      if (lane == TL_INDEX_NONE)
        lane = tl_trace_model_lookup_lane (self->model, TL_LANE_THREAD, named->pid, named->tid);
      if (lane == TL_INDEX_NONE && running != NULL && g_hash_table_contains (running, &named->tid))
        continue;
      if (lane == TL_INDEX_NONE)
        lane = _tl_chrome_import_ensure_lane (self, TL_LANE_THREAD, named->pid, named->tid, TL_TS_NONE);
      if (lane != TL_INDEX_NONE)
        tl_trace_model_set_lane_name (self->model, lane, named->name);
    }
  g_array_set_size (self->thread_names, 0);
}

void
_tl_chrome_import_set_file (TlChromeImport *self,
                            TlChromeFile   *file,
                            TlChromeInput  *input)
{
  g_return_if_fail (self->file == NULL);

  self->file = file != NULL ? _tl_chrome_file_ref (file) : NULL;
  self->input = input;
}

void
_tl_chrome_import_set_viztracer (TlChromeImport *self)
{
  self->viztracer = TRUE;
}

gboolean
_tl_chrome_import_finish (TlChromeImport *self)
{
  gint64 start, end;

  /* Chrome's events are none of ours: they count in the total only. */
  if (!_tl_chrome_ours_add_counts (self))
    tl_trace_model_add_event_count (self->model, TL_EVENT_N_KINDS, self->n_events);

  if (!tl_trace_model_get_time_range (self->model, &start, &end) || self->last_ts > end)
    end = self->last_ts;

  name_threads (self);
  pair_slices (self, end);
  pair_asyncs (self, end);
  pair_flows (self);
  tl_trace_model_finish (self->model, TL_TS_NONE);
  if (self->viztracer)
    _tl_chrome_python_find_parents (self);

  return tl_trace_model_get_n_lanes (self->model) > 0 || tl_trace_model_get_n_processes (self->model) > 0;
}
