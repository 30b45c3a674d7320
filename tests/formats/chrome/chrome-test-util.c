/* chrome-test-util.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#ifdef HAVE_YAJL
#include <yajl/yajl_parse.h>
#include <yajl/yajl_tree.h>
#endif

#include "chrome-test-util.h"
#include "tl-test-util.h"
#include "tl-chrome-private.h"

const char * const chrome_golden_files[] = {
  "array.json",
  "async.json",
  "bad-events.json",
  "begin-end-mismatch.json",
  "counters.json",
  "cut-mid-event.json",
  "flows.json",
  "null-args.json",
  "object.json",
  "object.json.gz",
  "unsorted.json",
  "unterminated.json",
  "viztracer.json",
  "viztracer.json.gz",
  "viztracer-pool.json",
  "viztracer-threads.json",
  NULL
};

char *
chrome_test_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "chrome", name, NULL);
}

GBytes *
chrome_test_read (const char *name)
{
  g_autofree char *path = chrome_test_path (name);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

TlTraceModel *
chrome_test_load (const char *name)
{
  g_autofree char *path = chrome_test_path (name);
  g_autoptr(GError) error = NULL;
  TlTraceModel *model;

  model = tl_chrome_json_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

/* ---- runtime events ------------------------------------------------------ */

static TlModelEvent
name_ev (gint64        ts,
         guint32       tid,
         TlObjectRole  role,
         guint64       object,
         const char   *text)
{
  return tl_test_name_event (ts, 100, tid, role, object, text);
}

static guint64
double_bits (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return bits;
}

TlTraceModel *
chrome_test_runtime_model (void)
{
  TlTraceModel *model = tl_trace_model_new ();
  TlModelEvent list[] = {
    name_ev (0, 1, TL_ROLE_PROCESS, 100, "main process"),
    name_ev (0, 1, TL_ROLE_THREAD, 1, "worker \"1\""),
    name_ev (0, 1, TL_ROLE_MUTEX, 7, "L"),
    name_ev (0, 1, TL_ROLE_GIL, 1, "GIL"),
    name_ev (0, 1, TL_ROLE_CONDITION, 20, "cv"),
    name_ev (0, 1, TL_ROLE_VALUE, 9, "counter"),
    name_ev (0, 1, TL_ROLE_TEXT, 500, "boom\nbang"),
    name_ev (0, 1, TL_ROLE_TEXT, 501, "hello, world"),
    name_ev (0, 1, TL_ROLE_TEXT, 502, "phase"),
    name_ev (0, 1, TL_ROLE_TEXT, 503, "queue depth"),
    tl_test_event (0, 100, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    tl_test_event (1 * MS, 100, 2, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 2, 1),
    tl_test_event (1 * MS, 100, 3, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 3, 1),
    tl_test_event (2 * MS, 100, 1, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 200, 100),

    /* The GIL, passed from 1 to 2. */
    tl_test_event (2 * MS, 100, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 1, 0),
    tl_test_event (2 * MS, 100, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 1, 0),
    tl_test_event (3 * MS, 100, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 1, 0),
    tl_test_event (4 * MS, 100, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 1, 0),
    tl_test_event (4 * MS, 100, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 1, 0),
    tl_test_event (5 * MS, 100, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 1, 0),

    /* A condition: 3 waits, 1 wakes it. */
    tl_test_event (5 * MS, 100, 3, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, 20, 0),
    tl_test_event (6 * MS, 100, 1, TL_EVENT_WAKE, TL_ROLE_CONDITION, 20, 1),
    tl_test_event (7 * MS, 100, 3, TL_EVENT_WAIT_END, TL_ROLE_CONDITION, 20, 0),

    /* Lock contention with shared value accesses. */
    tl_test_event (10 * MS, 100, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (10 * MS, 100, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (15 * MS, 100, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (20 * MS, 100, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, 9, 41),
    tl_test_event (30 * MS, 100, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (30 * MS, 100, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (35 * MS, 100, 2, TL_EVENT_READ, TL_ROLE_VALUE, 9, G_MAXUINT64),
    tl_test_event (40 * MS, 100, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),

    /* Tasks, messages and errors. */
    tl_test_event (41 * MS, 100, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 3, 4),
    tl_test_event (42 * MS, 100, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 11, 0),
    tl_test_event (43 * MS, 100, 1, TL_EVENT_SEND, TL_ROLE_QUEUE, 11, 1001),
    tl_test_event (44 * MS, 100, 2, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 11, 1001),
    tl_test_event (44 * MS, 100, 2, TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 11, 0),
    tl_test_event (45 * MS, 100, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 3, 16),
    tl_test_event (46 * MS, 100, 1, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 77, 500),
    tl_test_event (49 * MS, 100, 2, TL_EVENT_ERROR_REPORTED, TL_ROLE_ERROR, 77, 0),
    tl_test_event (50 * MS, 100, 3, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 78, 999),   /* unknown text */

    /* Sleep, I/O, prints, marks, slices, counters. */
    tl_test_event (51 * MS, 100, 3, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 1000),
    tl_test_event (52 * MS, 100, 3, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0),
    tl_test_event (53 * MS, 100, 3, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 4, 0),
    tl_test_event (54 * MS, 100, 3, TL_EVENT_IO_END, TL_ROLE_NONE, 4, 12),
    tl_test_event (55 * MS, 100, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 501, 0),
    tl_test_event (55 * MS, 100, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 4242, 0),           /* unknown text */
    tl_test_event (56 * MS, 100, 2, TL_EVENT_MARK, TL_ROLE_TEXT, 502, 5),
    tl_test_event (57 * MS, 100, 2, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 502, 1),
    tl_test_event (57 * MS + 1, 100, 2, TL_EVENT_SLICE_BEGIN, TL_ROLE_TEXT, 9999, 0), /* unknown text */
    tl_test_event (58 * MS, 100, 2, TL_EVENT_SLICE_END, TL_ROLE_TEXT, 0, 0),
    tl_test_event (59 * MS, 100, 2, TL_EVENT_SLICE_END, TL_ROLE_TEXT, 0, 2),
    tl_test_event (60 * MS, 100, 1, TL_EVENT_COUNTER, TL_ROLE_TEXT, 503, double_bits (1.5)),
    tl_test_event (61 * MS, 100, 1, TL_EVENT_COUNTER, TL_ROLE_TEXT, 503, double_bits (NAN)),
    tl_test_event (62 * MS, 100, 1, TL_EVENT_COUNTER, TL_ROLE_TEXT, 503, double_bits (-1e300)),
    tl_test_event (63 * MS, 100, 1, TL_EVENT_COUNTER, TL_ROLE_TEXT, 503, double_bits (0.1)),

    /* A child process holds a lock, then ends with status 3. */
    tl_test_event (64 * MS, 200, 200, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_SEMAPHORE, 5, 0),
    tl_test_event (65 * MS, 200, 200, TL_EVENT_WRITE, TL_ROLE_SHARED_MEMORY, 6, 7),
    tl_test_event (66 * MS, 100, 1, TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 200, 0),
    tl_test_event (70 * MS, 100, 1, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 200, 3),
    tl_test_event (70 * MS, 100, 1, TL_EVENT_WAIT_END, TL_ROLE_PROCESS, 200, 0),
    tl_test_event (71 * MS, 100, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 4, 1),
    tl_test_flagged (tl_test_event (72 * MS, 100, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 4, 0), TL_FLAG_FAILED),
    tl_test_event (80 * MS, 100, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0),
    tl_test_event (81 * MS, 100, 3, TL_EVENT_CRASH, TL_ROLE_PROCESS, 300, 9),
  };

  tl_trace_model_add_events (model, list, G_N_ELEMENTS (list));
  tl_trace_model_add_loss (model, 5, 2, 1);
  tl_trace_model_set_metadata (model, "scenario", "lock-contention");
  tl_trace_model_set_metadata (model, "parameters", "{\"workers\": 3}");
  tl_trace_model_finish (model, 90 * MS);   /* thread 1 and 3 still open */
  return model;
}

/* ---- round trips --------------------------------------------------------- */

#ifdef HAVE_YAJL
static void
assert_valid_json (const char *data,
                   gsize       len)
{
  yajl_handle handle = yajl_alloc (NULL, NULL, NULL);
  yajl_status status;

  status = yajl_parse (handle, (const unsigned char *) data, len);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (handle);
  if (status != yajl_status_ok)
    {
      unsigned char *message = yajl_get_error (handle, 1, (const unsigned char *) data, len);

      g_error ("Not valid JSON: %s", message);
    }
  yajl_free (handle);
}
#endif

GBytes *
chrome_test_save (TlTraceModel *model)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_assert_true (tl_chrome_json_save (model, stream, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
#ifdef HAVE_YAJL
  assert_valid_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
#endif
  return bytes;
}

TlTraceModel *
chrome_test_reload (GBytes *json)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (json, &len);
  TlTraceModel *model = tl_chrome_json_load_data (data, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

#ifdef HAVE_YAJL
static yajl_val
member (yajl_val    object,
        const char *name)
{
  for (size_t i = 0; YAJL_IS_OBJECT (object) && i < object->u.object.len; i++)
    if (strcmp (object->u.object.keys[i], name) == 0)
      return object->u.object.values[i];
  return NULL;
}

static gint64
ns_of (yajl_val number)
{
  gint64 ns = 0;

  g_assert_true (YAJL_IS_NUMBER (number));
  g_assert_true (_tl_json_parse_int64 (number->u.number.r, strlen (number->u.number.r), 3, &ns));
  return ns;
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
#endif

void
chrome_test_assert_x_events_nest (GBytes *json)
{
#ifdef HAVE_YAJL
  g_autofree char *text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_autoptr(GHashTable) threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  char error[256];
  yajl_val root = yajl_tree_parse (text, error, sizeof error);
  yajl_val events;
  GHashTableIter iter;
  gpointer value;

  g_assert_nonnull (root);
  events = member (root, "traceEvents");
  g_assert_true (YAJL_IS_ARRAY (events));
  for (size_t i = 0; i < events->u.array.len; i++)
    {
      yajl_val event = events->u.array.values[i];
      yajl_val ph = member (event, "ph");
      g_autofree char *thread = NULL;
      GArray *extents;
      Extent extent;

      if (!YAJL_IS_STRING (ph) || g_strcmp0 (YAJL_GET_STRING (ph), "X") != 0)
        continue;
      thread = g_strdup_printf ("%s/%s", member (event, "pid")->u.number.r, member (event, "tid")->u.number.r);
      extents = g_hash_table_lookup (threads, thread);
      if (extents == NULL)
        {
          extents = g_array_new (FALSE, FALSE, sizeof (Extent));
          g_hash_table_insert (threads, g_steal_pointer (&thread), extents);
        }
      extent.start = ns_of (member (event, "ts"));
      extent.end = extent.start + ns_of (member (event, "dur"));
      g_array_append_val (extents, extent);
    }

  g_hash_table_iter_init (&iter, threads);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *extents = value;
      g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint64));

      g_array_sort (extents, compare_extents);
      for (guint i = 0; i < extents->len; i++)
        {
          const Extent *extent = &g_array_index (extents, Extent, i);

          while (stack->len > 0 && g_array_index (stack, gint64, stack->len - 1) <= extent->start)
            g_array_set_size (stack, stack->len - 1);
          if (stack->len > 0)
            g_assert_cmpint (extent->end, <=, g_array_index (stack, gint64, stack->len - 1));
          g_array_append_val (stack, extent->end);
        }
    }
  yajl_tree_free (root);
#else
  (void) json;
#endif
}

void
chrome_test_assert_round_trip (TlTraceModel *model)
{
  g_autoptr(GBytes) json = chrome_test_save (model);
  g_autoptr(TlTraceModel) back = chrome_test_reload (json);
  g_autofree char *before = tl_trace_model_dump (model);
  g_autofree char *after = tl_trace_model_dump (back);

  g_assert_cmpstr (after, ==, before);
  chrome_test_assert_x_events_nest (json);
}

guint64
chrome_test_warning_count (TlTraceModel *model,
                           GQuark        domain,
                           int           code)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *warning = tl_trace_model_get_warning (model, i);

      if (warning->error->domain == domain && warning->error->code == code)
        return warning->count;
    }
  return 0;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const TlSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

GArray *
chrome_test_lane_spans (TlTraceModel *model,
                        guint32       lane_index)
{
  TlLane *lane = tl_trace_model_get_lane (model, lane_index);
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (TlSpan));

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *track = tl_lane_get_spans (lane, t, &n);

      g_array_append_vals (spans, track, n);
    }
  g_array_sort (spans, compare_spans);
  return spans;
}
