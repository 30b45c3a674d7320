/* tl-chrome-writer.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model as a Chrome trace (object form), readable by Perfetto and
 * chrome://tracing, and by us without loss: what Chrome's vocabulary has
 * no word for travels in args of events of category "threadline" (see
 * tl-chrome-private.h).  Lock, GIL, counter and async lanes become
 * pseudo-threads of their process.  The source of traced files goes in
 * viztracer's file_info.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-bookmarks.h"
#include "tl-chrome-private.h"
#include "tl-trace-model-code.h"

#define FLUSH_SIZE (256 * 1024)

/* Above Linux's largest tid (2^22), so real threads keep theirs. */
#define PSEUDO_TID_BASE 0x40000000u

typedef struct
{
  TlTraceModel          *model;
  GOutputStream         *stream;
  GCancellable          *cancellable;
  GError               **error;
  gboolean               failed;
  GString               *out;
  gboolean               first;

  guint64               *lane_tids;     /* per lane: the tid of its track 0 */
  guint                 *extra_first;   /* per lane: its other tracks' tids in extra_tids, or G_MAXUINT */
  GArray                *extra_tids;    /* guint64 */
  TlFormatProgressFunc   progress;
  gpointer               user_data;
  double                 done;
  double                 total;
} Writer;

/* ---- output ------------------------------------------------------------- */

static void
flush (Writer *self)
{
  /* Streams need not look at the cancellable themselves. */
  if (!self->failed && g_cancellable_set_error_if_cancelled (self->cancellable, self->error))
    self->failed = TRUE;
  /* After a failure, what is left is dropped, not kept growing. */
  if (!self->failed && self->out->len > 0 &&
      !g_output_stream_write_all (self->stream, self->out->str, self->out->len, NULL,
                                  self->cancellable, self->error))
    self->failed = TRUE;
  g_string_truncate (self->out, 0);
}

static void
put (Writer     *self,
     const char *str)
{
  g_string_append (self->out, str);
}

static void
put_u64 (Writer  *self,
         guint64  value)
{
  char buf[24];
  gsize n = sizeof buf;

  do
    {
      buf[--n] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  g_string_append_len (self->out, buf + n, (gssize) (sizeof buf - n));
}

static void
put_i64 (Writer *self,
         gint64  value)
{
  if (value < 0)
    {
      g_string_append_c (self->out, '-');
      put_u64 (self, (guint64) -(value + 1) + 1);
    }
  else
    {
      put_u64 (self, (guint64) value);
    }
}

gsize
_tl_chrome_format_us (gint64  ns,
                      char   *buf)
{
  guint64 magnitude = ns < 0 ? (guint64) -(ns + 1) + 1 : (guint64) ns;
  guint64 us = magnitude / 1000;
  guint frac = (guint) (magnitude % 1000);
  char digits[24];
  gsize n = sizeof digits, len = 0;

  if (ns < 0)
    buf[len++] = '-';
  do
    {
      digits[--n] = (char) ('0' + us % 10);
      us /= 10;
    }
  while (us > 0);
  memcpy (buf + len, digits + n, sizeof digits - n);
  len += sizeof digits - n;
  if (frac != 0)
    {
      buf[len++] = '.';
      buf[len++] = (char) ('0' + frac / 100);
      if (frac % 100 != 0)
        {
          buf[len++] = (char) ('0' + frac / 10 % 10);
          if (frac % 10 != 0)
            buf[len++] = (char) ('0' + frac % 10);
        }
    }
  buf[len] = '\0';
  return len;
}

static void
put_us (Writer *self,
        gint64  ns)
{
  char buf[32];

  g_string_append_len (self->out, buf, (gssize) _tl_chrome_format_us (ns, buf));
}

static void
put_string (Writer     *self,
            const char *str)
{
  g_autofree char *valid = NULL;
  const char *p;

  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (self->out, '"');
  for (p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': put (self, "\\\""); break;
        case '\\': put (self, "\\\\"); break;
        case '\n': put (self, "\\n"); break;
        case '\r': put (self, "\\r"); break;
        case '\t': put (self, "\\t"); break;
        case '\b': put (self, "\\b"); break;
        case '\f': put (self, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (self->out, "\\u%04x", c);
          else
            g_string_append_c (self->out, (char) c);
          break;
        }
    }
  g_string_append_c (self->out, '"');
}

static void
put_double (Writer *self,
            double  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no word for these; our reader takes the strings back. */
  if (isnan (value))
    put (self, "\"NaN\"");
  else if (isinf (value))
    put (self, value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  else
    put (self, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
}

static void
key (Writer     *self,
     const char *name)
{
  g_string_append_c (self->out, ',');
  g_string_append_c (self->out, '"');
  g_string_append (self->out, name);
  g_string_append (self->out, "\":");
}

static const char *
string_of (Writer  *self,
           guint32  id)
{
  return id != TL_INDEX_NONE ? tl_trace_model_get_string (self->model, id) : NULL;
}

/* Opens an event with its phase, pid and tid, ready for more keys. */
static void
begin_event (Writer     *self,
             const char *ph,
             guint32     pid,
             guint64     tid)
{
  if (self->out->len >= FLUSH_SIZE)
    flush (self);
  put (self, self->first ? "\n{\"ph\":\"" : ",\n{\"ph\":\"");
  self->first = FALSE;
  put (self, ph);
  put (self, "\",\"pid\":");
  put_u64 (self, pid);
  put (self, ",\"tid\":");
  put_u64 (self, tid);
}

static void
lane_event (Writer     *self,
            const char *ph,
            guint32     lane)
{
  TlLane *l = tl_trace_model_get_lane (self->model, lane);

  begin_event (self, ph, tl_lane_get_pid (l), self->lane_tids[lane]);
}

/* The tid that carries @track of @lane. */
static guint64
track_tid (Writer  *self,
           guint32  lane,
           guint    track)
{
  if (track == 0 || self->extra_first[lane] == G_MAXUINT)
    return self->lane_tids[lane];
  return g_array_index (self->extra_tids, guint64, self->extra_first[lane] + track - 1);
}

static void
step (Writer *self,
      double  amount)
{
  self->done += amount;
  if (self->progress != NULL && self->total > 0)
    self->progress (MIN (1.0, self->done / self->total), self->user_data);
}

/* ---- pieces of args ----------------------------------------------------- */

static void
put_object (Writer  *self,
            guint32  index)
{
  const TlObject *object;
  const char *name;

  if (index == TL_INDEX_NONE || index >= tl_trace_model_get_n_objects (self->model))
    return;
  object = tl_trace_model_get_object (self->model, index);
  key (self, "obj_role");
  put_string (self, tl_object_role_to_string (object->role));
  key (self, "obj_id");
  put_u64 (self, object->id);
  if ((name = string_of (self, object->name)) != NULL)
    {
      key (self, "obj_name");
      put_string (self, name);
    }
}

static void
put_nonzero (Writer     *self,
             const char *name,
             guint64     value)
{
  if (value == 0)
    return;
  key (self, name);
  put_u64 (self, value);
}

/* "kind name" for people reading the file elsewhere. */
static char *
label (Writer     *self,
       const char *kind,
       guint32     object)
{
  const char *name = NULL;

  if (object != TL_INDEX_NONE && object < tl_trace_model_get_n_objects (self->model))
    name = string_of (self, tl_trace_model_get_object (self->model, object)->name);
  return name != NULL ? g_strconcat (kind, " ", name, NULL) : g_strdup (kind);
}

/* ---- processes and lanes ------------------------------------------------ */

static void
write_processes (Writer *self)
{
  for (guint i = 0; i < tl_trace_model_get_n_processes (self->model); i++)
    {
      const TlProcess *process = tl_trace_model_get_process (self->model, i);
      const char *name = string_of (self, process->name);

      begin_event (self, "M", process->pid, 0);
      if (name != NULL)
        {
          put (self, ",\"name\":\"process_name\",\"args\":{\"name\":");
          put_string (self, name);
          put (self, "}}");
        }
      else
        {
          /* Viewers get a name for every process; "named" tells us it is made up. */
          g_autofree char *display = g_strdup_printf ("Process %u", process->pid);

          put (self, ",\"name\":\"process_name\",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"name\":");
          put_string (self, display);
          put (self, ",\"named\":false}}");
        }
      if (process->sort_index != 0)
        {
          begin_event (self, "M", process->pid, 0);
          put (self, ",\"name\":\"process_sort_index\",\"args\":{\"sort_index\":");
          put_i64 (self, process->sort_index);
          put (self, "}}");
        }
      /* Always: it makes the process exist even with no lane of its own. */
      begin_event (self, "M", process->pid, 0);
      put (self, ",\"name\":\"threadline_process\",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"parent\":");
      put_u64 (self, process->parent_pid);
      if (process->start_ts != TL_TS_NONE)
        {
          key (self, "start_ts");
          put_us (self, process->start_ts);
        }
      if (process->exited)
        {
          put (self, ",\"exited\":true,\"signaled\":");
          put (self, process->signaled ? "true" : "false");
          key (self, "status");
          put_i64 (self, process->exit_status);
          if (process->exit_ts != TL_TS_NONE)
            {
              key (self, "exit_ts");
              put_us (self, process->exit_ts);
            }
          if (process->stopped)
            put (self, ",\"stopped\":true");
        }
      if (process->machinery)
        put (self, ",\"machinery\":true");
      put (self, "}}");
    }
}

static guint64
pseudo_key (guint32 pid,
            guint64 tid)
{
  return (guint64) pid << 32 | (tid & 0xffffffffu);
}

typedef struct
{
  gint64 start;
  gint64 end;
} Extent;

static int
compare_extents (gconstpointer a,
                 gconstpointer b)
{
  const Extent *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end > y->end ? -1 : x->end < y->end;
}

/* Whether all spans of @lane nest as Chrome's duration events must on one
 * thread: a span that starts inside another ends inside it too. */
static gboolean
lane_nests (TlLane *lane)
{
  g_autoptr(GArray) extents = g_array_new (FALSE, FALSE, sizeof (Extent));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (tl_lane_get_n_tracks (lane) <= 1)
    return TRUE;
  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        {
          Extent extent = { spans[i].start, spans[i].end };

          g_array_append_val (extents, extent);
        }
    }
  g_array_sort (extents, compare_extents);
  for (guint i = 0; i < extents->len; i++)
    {
      const Extent *extent = &g_array_index (extents, Extent, i);

      while (stack->len > 0 && g_array_index (stack, gint64, stack->len - 1) <= extent->start)
        g_array_set_size (stack, stack->len - 1);
      if (stack->len > 0 && extent->end > g_array_index (stack, gint64, stack->len - 1))
        return FALSE;
      g_array_append_val (stack, extent->end);
    }
  return TRUE;
}

static guint64
next_free_tid (GHashTable *used,
               guint32     pid,
               guint32    *next)
{
  guint64 pk;

  for (;;)
    {
      pk = pseudo_key (pid, *next);
      if (!g_hash_table_contains (used, &pk))
        break;
      (*next)++;
    }
  return (*next)++;
}

/* Every lane gets a tid: threads keep theirs, the others get one no thread
 * of their process uses.  A lane whose spans do not nest (a lock held
 * across a wait, two semaphore holders) gets one more tid per track above
 * the first, so that viewers which require nesting show it right. */
static void
assign_tids (Writer *self)
{
  guint n_lanes = tl_trace_model_get_n_lanes (self->model);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint32 next = PSEUDO_TID_BASE;

  self->lane_tids = g_new0 (guint64, MAX (n_lanes, 1));
  self->extra_first = g_new0 (guint, MAX (n_lanes, 1));
  self->extra_tids = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < n_lanes; i++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, i);
      guint64 pk;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      self->lane_tids[i] = tl_lane_get_key (lane);
      pk = pseudo_key (tl_lane_get_pid (lane), tl_lane_get_key (lane));
      g_hash_table_add (used, g_memdup2 (&pk, sizeof pk));
    }
  for (guint i = 0; i < n_lanes; i++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, i);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        self->lane_tids[i] = next_free_tid (used, tl_lane_get_pid (lane), &next);
      self->extra_first[i] = G_MAXUINT;
      if (!lane_nests (lane))
        {
          self->extra_first[i] = self->extra_tids->len;
          for (guint t = 1; t < tl_lane_get_n_tracks (lane); t++)
            {
              guint64 tid = next_free_tid (used, tl_lane_get_pid (lane), &next);

              g_array_append_val (self->extra_tids, tid);
            }
        }
    }
}

/* What our reader needs to find a lane again: its kind and key. */
static void
put_lane_identity (Writer  *self,
                   TlLane  *lane)
{
  TlLaneKind kind = tl_lane_get_kind (lane);

  key (self, "lane");
  put_string (self, tl_lane_kind_to_string (kind));
  if (kind == TL_LANE_COUNTER || kind == TL_LANE_ASYNC)
    {
      const char *key_text = string_of (self, (guint32) tl_lane_get_key (lane));

      if (key_text != NULL)
        {
          key (self, "key_text");
          put_string (self, key_text);
        }
    }
  else
    {
      key (self, "key");
      put_u64 (self, tl_lane_get_key (lane));
    }
}

static void
put_sort_index (Writer  *self,
                guint32  pid,
                guint64  tid,
                gint32   sort_index)
{
  begin_event (self, "M", pid, tid);
  put (self, ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":");
  put_i64 (self, sort_index);
  put (self, "}}");
}

static void
write_lane_names (Writer  *self,
                  guint32  index)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, index);
  TlLaneKind kind = tl_lane_get_kind (lane);
  guint32 pid = tl_lane_get_pid (lane);
  const char *name = string_of (self, tl_lane_get_name (lane));
  g_autofree char *display = NULL;

  if (kind == TL_LANE_THREAD && name != NULL)
    {
      display = g_strdup (name);
      lane_event (self, "M", index);
      put (self, ",\"name\":\"thread_name\",\"args\":{\"name\":");
      put_string (self, name);
      put (self, "}}");
    }
  else
    {
      const char *key_text = kind == TL_LANE_COUNTER || kind == TL_LANE_ASYNC
                              ? string_of (self, (guint32) tl_lane_get_key (lane)) : NULL;

      /* Viewers get a name for every thread; "named" tells us it is made up. */
      if (name != NULL)
        display = g_strdup (name);
      else if (kind == TL_LANE_THREAD)
        display = g_strdup_printf ("Thread %" G_GUINT64_FORMAT, tl_lane_get_key (lane));
      else if (key_text != NULL)
        display = g_strconcat (tl_lane_kind_to_string (kind), " ", key_text, NULL);
      else
        display = g_strdup_printf ("%s %" G_GUINT64_FORMAT, tl_lane_kind_to_string (kind),
                                   tl_lane_get_key (lane));

      lane_event (self, "M", index);
      put (self, ",\"name\":\"thread_name\",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"name\":");
      put_string (self, display);
      key (self, "named");
      put (self, name != NULL ? "true" : "false");
      if (kind != TL_LANE_THREAD)
        {
          put_lane_identity (self, lane);
          if (kind == TL_LANE_LOCK || kind == TL_LANE_GIL)
            put_object (self, tl_lane_get_object (lane));
        }
      put (self, "}}");
    }
  /* Always, even at 0: it makes an empty lane exist. */
  put_sort_index (self, pid, self->lane_tids[index], tl_lane_get_sort_index (lane));

  /* The other tracks of a lane whose spans do not nest. */
  for (guint t = 1; self->extra_first[index] != G_MAXUINT && t < tl_lane_get_n_tracks (lane); t++)
    {
      g_autofree char *track_name = g_strdup_printf ("%s [%u]", display, t);
      guint64 tid = track_tid (self, index, t);

      begin_event (self, "M", pid, tid);
      put (self, ",\"name\":\"thread_name\",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"name\":");
      put_string (self, track_name);
      put (self, ",\"named\":false");
      put_lane_identity (self, lane);
      key (self, "track");
      put_u64 (self, t);
      put (self, "}}");
      put_sort_index (self, pid, tid, tl_lane_get_sort_index (lane));
    }
}

/* ---- items -------------------------------------------------------------- */

/* A call's text: a string id + 1, 0 for none. */
static void
put_call_text (Writer     *self,
               const char *name,
               guint64     value)
{
  const char *text = value > 0 && value <= G_MAXUINT32 ? string_of (self, (guint32) (value - 1)) : NULL;

  if (text == NULL)
    return;
  key (self, name);
  put_string (self, text);
}

static void
write_span (Writer       *self,
            guint32       index,
            guint64       tid,
            const TlSpan *span)
{
  TlSpanKind kind = span->kind;
  TlSpanRef refers_to = tl_span_kind_ref (kind);
  gboolean named = refers_to == TL_SPAN_REF_STRING;
  gboolean plain = kind == TL_SPAN_SLICE && span->ref != TL_INDEX_NONE &&
                   span->arg == 0 && span->arg2 == 0 && span->flags == 0;

  begin_event (self, "X", tl_lane_get_pid (tl_trace_model_get_lane (self->model, index)), tid);
  key (self, "ts");
  put_us (self, span->start);
  key (self, "dur");
  put_us (self, tl_ts_diff (span->end, span->start));
  key (self, "name");
  if (named)
    {
      const char *name = string_of (self, span->ref);

      put_string (self, name != NULL ? name : tl_span_kind_to_string (kind));
    }
  else
    {
      g_autofree char *text = label (self, tl_span_kind_to_string (kind),
                                     refers_to == TL_SPAN_REF_LANE ? TL_INDEX_NONE : span->ref);

      put_string (self, text);
    }
  if (plain)
    {
      put (self, "}");
      return;
    }

  put (self, ",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"kind\":");
  put_string (self, tl_span_kind_to_string (kind));
  if (span->flags & TL_SPAN_FLAG_CALL_TEXT)
    {
      put_call_text (self, "call_args", span->arg);
      put_call_text (self, "call_result", span->arg2);
    }
  else
    {
      put_nonzero (self, "arg", span->arg);
      put_nonzero (self, "arg2", span->arg2);
    }
  put_nonzero (self, "flags", span->flags & ~TL_SPAN_FLAG_CALL_TEXT);
  if (named)
    {
      if (span->ref == TL_INDEX_NONE || string_of (self, span->ref) == NULL)
        put (self, ",\"ref_none\":true");
    }
  else if (refers_to == TL_SPAN_REF_LANE)
    {
      if (span->ref < tl_trace_model_get_n_lanes (self->model))
        {
          TlLane *owner = tl_trace_model_get_lane (self->model, span->ref);

          key (self, "owner_pid");
          put_u64 (self, tl_lane_get_pid (owner));
          key (self, "owner_tid");
          put_u64 (self, tl_lane_get_key (owner));
        }
    }
  else
    {
      put_object (self, span->ref);
    }
  put (self, "}}");
}

static void
write_instant (Writer          *self,
               guint32          index,
               const TlInstant *instant)
{
  gboolean text = instant->role == TL_ROLE_TEXT;
  gboolean error_message = instant->kind == TL_EVENT_ERROR_RAISED && instant->role == TL_ROLE_ERROR;
  const char *kind = tl_event_kind_to_string (instant->kind);
  gboolean plain = instant->kind == TL_EVENT_MARK && text && instant->ref != TL_INDEX_NONE &&
                   instant->arg == 0 && instant->flags == 0;

  lane_event (self, "i", index);
  put (self, ",\"s\":\"t\"");
  key (self, "ts");
  put_us (self, instant->ts);
  key (self, "name");
  if (text)
    {
      const char *str = string_of (self, instant->ref);

      put_string (self, str != NULL ? str : kind);
    }
  else
    {
      g_autofree char *name = label (self, kind, instant->ref);

      put_string (self, name);
    }
  if (plain)
    {
      put (self, "}");
      return;
    }

  put (self, ",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"kind\":");
  put_string (self, kind);
  key (self, "role");
  put_string (self, tl_object_role_to_string (instant->role));
  put_nonzero (self, "flags", instant->flags);
  if (error_message)
    {
      const char *message = string_of (self, (guint32) MIN (instant->arg, G_MAXUINT32));

      if (message != NULL)
        {
          key (self, "message");
          put_string (self, message);
        }
    }
  else
    {
      put_nonzero (self, "arg", instant->arg);
    }
  if (text)
    {
      if (instant->ref == TL_INDEX_NONE || string_of (self, instant->ref) == NULL)
        put (self, ",\"ref_none\":true");
    }
  else
    {
      put_object (self, instant->ref);
    }
  put (self, "}}");
}

static void
write_samples (Writer  *self,
               guint32  index)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, index);
  const char *name = string_of (self, (guint32) tl_lane_get_key (lane));
  const TlCounterSample *samples;
  guint n;

  if (name == NULL)
    name = string_of (self, tl_lane_get_name (lane));
  samples = tl_lane_get_samples (lane, &n);
  for (guint i = 0; i < n; i++)
    {
      lane_event (self, "C", index);
      key (self, "ts");
      put_us (self, samples[i].ts);
      key (self, "name");
      put_string (self, name != NULL ? name : "counter");
      put (self, ",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"value\":");
      put_double (self, samples[i].value);
      put (self, "}}");
    }
}

static void
write_lane_items (Writer  *self,
                  guint32  index)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, index);
  const TlInstant *instants;
  guint n;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane) && !self->failed; t++)
    {
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      guint64 tid = track_tid (self, index, t);

      for (guint i = 0; i < n; i++)
        write_span (self, index, tid, &spans[i]);
    }
  instants = tl_lane_get_instants (lane, &n);
  for (guint i = 0; i < n; i++)
    write_instant (self, index, &instants[i]);
  write_samples (self, index);
}

static void
write_flows (Writer *self)
{
  const TlFlow *flows;
  guint n;

  flows = tl_trace_model_get_flows (self->model, &n);
  for (guint i = 0; i < n && !self->failed; i++)
    {
      const TlFlow *flow = &flows[i];
      const char *kind = tl_flow_kind_to_string (flow->kind);

      /* Our own ids, one per arrow, so that no two flows can be confused;
       * the model's id travels in args. */
      lane_event (self, "s", flow->from_lane);
      key (self, "ts");
      put_us (self, flow->from_ts);
      key (self, "name");
      put_string (self, kind);
      put (self, ",\"cat\":\"" TL_CHROME_CATEGORY "\",\"id\":");
      put_u64 (self, i);
      put (self, ",\"args\":{\"kind\":");
      put_string (self, kind);
      key (self, "id");
      put_u64 (self, flow->id);
      put_object (self, flow->ref);
      put (self, "}}");

      lane_event (self, "f", flow->to_lane);
      put (self, ",\"bp\":\"e\"");
      key (self, "ts");
      put_us (self, flow->to_ts);
      key (self, "name");
      put_string (self, kind);
      put (self, ",\"cat\":\"" TL_CHROME_CATEGORY "\",\"id\":");
      put_u64 (self, i);
      put (self, "}");

      if (i % 65536 == 65535)
        step (self, 65536.0 / 1024);
    }
}

/* How many runtime events of each kind the model was made from. */
static void
write_event_counts (Writer *self)
{
  guint64 total = tl_trace_model_get_n_events (self->model);
  guint64 known = 0;
  gboolean first = TRUE;

  for (guint kind = 0; kind < TL_EVENT_N_KINDS; kind++)
    {
      guint64 count = tl_trace_model_get_event_count (self->model, (TlEventKind) kind);

      if (count == 0)
        continue;
      if (!first)
        put (self, ",");
      first = FALSE;
      put_string (self, tl_event_kind_to_string ((TlEventKind) kind));
      put (self, ":");
      put_u64 (self, count);
      known += count;
    }
  if (total > known)
    {
      put (self, first ? "\"other\":" : ",\"other\":");
      put_u64 (self, total - known);
    }
}

/* A teacher's bookmarks: instants of global scope (a line across every
 * lane in Chrome's and Perfetto's viewers), named by their notes. */
static void
write_bookmarks (Writer *self)
{
  guint n_processes = tl_trace_model_get_n_processes (self->model);
  guint32 pid = n_processes > 0 ? tl_trace_model_get_process (self->model, 0)->pid : 0;

  for (guint i = 0; i < tl_trace_model_get_n_bookmarks (self->model) && !self->failed; i++)
    {
      const TlBookmark *b = tl_trace_model_get_bookmark (self->model, i);

      begin_event (self, "i", pid, 0);
      put (self, ",\"s\":\"g\"");
      key (self, "ts");
      put_us (self, b->ts);
      key (self, "name");
      put_string (self, b->note);
      put (self, ",\"cat\":\"" TL_CHROME_CATEGORY "\",\"args\":{\"kind\":\"" TL_CHROME_BOOKMARK "\"}}");
    }
}

/* The source of the traced files, as viztracer keeps it: {"files":
 * {path: [text, line count]}, "functions": {}} (a function's file and
 * line are in its name). */
static void
write_file_info (Writer *self)
{
  guint n = tl_trace_model_get_n_sources (self->model);
  gboolean first = TRUE;

  if (n == 0)
    return;
  put (self, ",\n\"file_info\":{\"files\":{");
  for (guint i = 0; i < n && !self->failed; i++)
    {
      const char *path = string_of (self, tl_trace_model_get_source_path (self->model, i));
      gsize len = 0;
      const char *text = tl_trace_model_get_source_text (self->model, i, &len);
      guint64 lines = 0;

      if (path == NULL || text == NULL)
        continue;
      for (const char *p = memchr (text, '\n', len); p != NULL; p = memchr (p + 1, '\n', len - (gsize) (p + 1 - text)))
        lines++;
      if (!first)
        put (self, ",");
      first = FALSE;
      put_string (self, path);
      put (self, ":[");
      put_string (self, text);
      put (self, ",");
      put_u64 (self, lines);
      put (self, "]");
      if (self->out->len >= FLUSH_SIZE)
        flush (self);
    }
  put (self, "},\"functions\":{}}");
}

static void
write_trailer (Writer *self)
{
  g_autofree const char **keys = tl_trace_model_list_metadata (self->model);
  const char *unit = tl_trace_model_get_metadata (self->model, "displayTimeUnit");
  guint64 dropped, torn, corrupt;

  put (self, "\n]");
  if (unit != NULL)
    {
      key (self, "displayTimeUnit");
      put_string (self, unit);
    }
  write_file_info (self);
  tl_trace_model_get_loss (self->model, &dropped, &torn, &corrupt);
  put (self, ",\n\"threadline\":{\"format_version\":");
  put_u64 (self, TL_CHROME_FORMAT_VERSION);
  put (self, ",\"lost\":{\"dropped\":");
  put_u64 (self, dropped);
  key (self, "torn");
  put_u64 (self, torn);
  key (self, "corrupt");
  put_u64 (self, corrupt);
  put (self, "},\"event_counts\":{");
  write_event_counts (self);
  put (self, "},\"metadata\":{");
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (i > 0)
        put (self, ",");
      put_string (self, keys[i]);
      put (self, ":");
      put_string (self, tl_trace_model_get_metadata (self->model, keys[i]));
    }
  put (self, "},\"warnings\":[");
  for (guint i = 0; i < tl_trace_model_get_n_warnings (self->model); i++)
    {
      const TlModelWarning *warning = tl_trace_model_get_warning (self->model, i);

      put (self, i > 0 ? ",{\"domain\":" : "{\"domain\":");
      put_string (self, g_quark_to_string (warning->error->domain));
      key (self, "code");
      put_i64 (self, warning->error->code);
      key (self, "count");
      put_u64 (self, warning->count);
      key (self, "message");
      put_string (self, warning->error->message);
      put (self, "}");
    }
  put (self, "]}}\n");
}

gboolean
tl_chrome_json_save (TlTraceModel          *model,
                     GOutputStream         *stream,
                     TlFormatProgressFunc   progress,
                     gpointer               user_data,
                     GCancellable          *cancellable,
                     GError               **error)
{
  Writer self = { 0 };
  guint n_lanes;
  guint n_flows;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self.model = model;
  self.stream = stream;
  self.cancellable = cancellable;
  self.error = error;
  self.out = g_string_sized_new (FLUSH_SIZE + 64 * 1024);
  self.first = TRUE;
  self.progress = progress;
  self.user_data = user_data;
  n_lanes = tl_trace_model_get_n_lanes (model);
  tl_trace_model_get_flows (model, &n_flows);
  self.total = 1 + n_lanes + n_flows / 1024.0;

  assign_tids (&self);

  put (&self, "{\"traceEvents\":[");
  write_processes (&self);
  for (guint i = 0; i < n_lanes; i++)
    write_lane_names (&self, i);
  step (&self, 1);
  for (guint i = 0; i < n_lanes && !self.failed; i++)
    {
      write_lane_items (&self, i);
      step (&self, 1);
    }
  write_flows (&self);
  write_bookmarks (&self);
  write_trailer (&self);
  flush (&self);

  g_free (self.lane_tids);
  g_free (self.extra_first);
  g_array_unref (self.extra_tids);
  g_string_free (self.out, TRUE);
  if (!self.failed && progress != NULL)
    progress (1.0, user_data);
  return !self.failed;
}
