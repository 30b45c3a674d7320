/* test-tltrace-hostile.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * .tltrace files made to hurt, built chunk by chunk (tltrace-builder.c):
 * many overlapping spans on one lane, by items and by events; table
 * indexes at the end of 32 bits, in a sparse file of 16 GiB; a file cut
 * shorter while it loads.  None asserts a time.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tltrace-builder.h"
#include "tl-test-util.h"
#include "trace-gen.h"

/* One more than a lane's tracks can hold. */
#define N_OVERLAPPING (G_MAXUINT16 + 2u)

static TlTraceModel *
load_built (GByteArray *file)
{
  g_autoptr(GError) error = NULL;
  TlTraceModel *model = tl_tltrace_load_data (file->data, file->len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static const TlModelWarning *
find_warning (TlTraceModel *model,
              GQuark        domain,
              int           code)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == domain && w->error->code == code)
        return w;
    }
  return NULL;
}

static guint
lane_span_count (TlLane     *lane,
                 TlSpanKind  kind)
{
  guint total = 0;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

      for (guint i = 0; i < n; i++)
        total += spans[i].kind == kind;
    }
  return total;
}

/* ---- overlapping spans -------------------------------------------------- */

static void
test_overlap_spans_chunk (void)
{
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(GArray) spans = g_array_sized_new (FALSE, TRUE, sizeof (TltraceSpan), N_OVERLAPPING);
  g_autoptr(TlTraceModel) model = NULL;
  TlLane *lane;

  for (guint i = 0; i < N_OVERLAPPING; i++)
    {
      TltraceSpan s = { 0 };

      s.start = 10;
      s.end = 20;
      s.ref = TL_INDEX_NONE;
      s.kind = TL_SPAN_SLICE;
      g_array_append_val (spans, s);
    }
  tltrace_build_thread_lane (file, 0, 1, 1);
  tltrace_build_records (file, TLTRACE_CHUNK_SPANS, 0, spans->len, spans->data, sizeof (TltraceSpan));
  tltrace_build_end (file, 0, 20);

  model = load_built (file);
  lane = tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 1, 1));
  g_assert_cmpuint (tl_lane_get_n_tracks (lane), ==, G_MAXUINT16);
  g_assert_cmpuint (lane_span_count (lane, TL_SPAN_SLICE), ==, G_MAXUINT16);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, G_MAXUINT16);
  g_assert_cmpstr (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_LIMIT)->error->message, ==,
                   "2 spans were left out: more than 65535 overlapped on one lane");
}

/* The same through the runtime's derivation: tasks begun and never
 * ended, each on a track of its own above the thread's state. */
static void
test_overlap_task_events (void)
{
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (TltraceEvent));
  g_autoptr(TlTraceModel) model = NULL;
  guint64 tasks;
  TlLane *lane;

  for (guint i = 0; i < N_OVERLAPPING; i++)
    {
      TltraceEvent e = tltrace_build_event (1000 + i, 1, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, i, 0);

      g_array_append_val (events, e);
    }
  tltrace_build_chunk (file, TLTRACE_CHUNK_EVENTS, events->len, events->data,
                       events->len * sizeof (TltraceEvent));
  tltrace_build_end (file, events->len, 1000 + N_OVERLAPPING);

  model = load_built (file);
  lane = tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 1, 1));
  tasks = tl_trace_model_get_span_count (model, TL_SPAN_TASK);
  g_assert_cmpuint (tl_lane_get_n_tracks (lane), ==, G_MAXUINT16);
  /* Track 0 is the thread's own state. */
  g_assert_cmpuint (tasks, ==, G_MAXUINT16 - 1);
  g_assert_nonnull (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_LIMIT));
}

/* Tasks that end in the order they began: an end finds its task when
 * few are open, and costs no scan of all that are when many are (those
 * then end with their thread, counted). */
static void
test_tasks_first_in_first_out (void)
{
  const guint n = 200000;
  const guint few = 200;
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (TltraceEvent));
  g_autoptr(TlTraceModel) model = NULL;
  TlLane *lane;

  for (guint i = 0; i < 2 * few; i++)
    {
      TltraceEvent e = tltrace_build_event (10 + i, 1, 2, i < few ? TL_EVENT_TASK_BEGIN : TL_EVENT_TASK_END,
                                            TL_ROLE_TASK, i % few, 0);

      g_array_append_val (events, e);
    }
  for (guint i = 0; i < 2 * n; i++)
    {
      TltraceEvent e = tltrace_build_event (1000 + i, 1, 1, i < n ? TL_EVENT_TASK_BEGIN : TL_EVENT_TASK_END,
                                            TL_ROLE_TASK, i % n, 0);

      g_array_append_val (events, e);
      /* Chunks of a writer's size. */
      if (events->len == 6000 || i + 1 == 2 * n)
        {
          tltrace_build_chunk (file, TLTRACE_CHUNK_EVENTS, events->len, events->data,
                               events->len * sizeof (TltraceEvent));
          g_array_set_size (events, 0);
        }
    }
  tltrace_build_end (file, 2 * n, 1000 + 2 * n);

  model = load_built (file);
  lane = tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 1, 2));
  g_assert_cmpuint (lane_span_count (lane, TL_SPAN_TASK), ==, few);
  /* Of the many, those that found a track are there, ended or not. */
  lane = tl_trace_model_get_lane (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 1, 1));
  g_assert_cmpuint (lane_span_count (lane, TL_SPAN_TASK), ==, G_MAXUINT16 - 1);
  g_assert_nonnull (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END));
  g_assert_nonnull (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_LIMIT));
}

/* ---- table indexes ------------------------------------------------------ */

/* Tables whose runs reach past 32 bits are damage, whatever the file's
 * size; one far up but within them costs only what it holds. */
static void
add_far_tables (GByteArray *file)
{
  const char *strings[3] = { "a", "b", "c" };
  TltraceObject objects[3] = { { 0 } };
  TltraceLane lanes[3] = { { 0 } };
  TltraceSpan span = { 0 };

  for (guint i = 0; i < 3; i++)
    {
      objects[i].id = i;
      objects[i].name = TL_INDEX_NONE;
      objects[i].role = TL_ROLE_MUTEX;
      lanes[i].key = i;
      lanes[i].pid = 1;
      lanes[i].name = TL_INDEX_NONE;
      lanes[i].object = TL_INDEX_NONE;
      lanes[i].kind = TL_LANE_THREAD;
    }
  /* Past 32 bits: each of the three records is damage. */
  tltrace_build_strings (file, G_MAXUINT32 - 1, strings, 3);
  tltrace_build_records (file, TLTRACE_CHUNK_OBJECTS, G_MAXUINT32 - 1, 3, objects, sizeof objects[0]);
  tltrace_build_records (file, TLTRACE_CHUNK_LANES, G_MAXUINT32 - 1, 3, lanes, sizeof lanes[0]);
  /* Far up, yet within: one lane at index 4,000,000,000. */
  tltrace_build_records (file, TLTRACE_CHUNK_LANES, 4000000000u, 1, lanes, sizeof lanes[0]);
  span.start = 1;
  span.end = 2;
  span.ref = TL_INDEX_NONE;
  span.kind = TL_SPAN_SLICE;
  tltrace_build_records (file, TLTRACE_CHUNK_SPANS, 4000000000u, 1, &span, sizeof span);
  tltrace_build_end (file, 0, 2);
}

static void
assert_far_tables (TlTraceModel *model)
{
  TlLane *lane;

  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 1);
  lane = tl_trace_model_get_lane (model, 0);
  g_assert_cmpuint (tl_lane_get_key (lane), ==, 0);
  g_assert_cmpuint (lane_span_count (lane, TL_SPAN_SLICE), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_n_objects (model), ==, 0);
  g_assert_nonnull (strstr (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT)->error->message,
                            "9 records of intact chunks could not be used"));
}

static void
test_table_far_indexes (void)
{
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(TlTraceModel) model = NULL;

  add_far_tables (file);
  model = load_built (file);
  assert_far_tables (model);
}

/* Tables of no records, first of all (UBSan once caught a pointer made
 * into the empty array). */
static void
test_table_empty (void)
{
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(TlTraceModel) model = NULL;

  tltrace_build_strings (file, 0, NULL, 0);
  tltrace_build_records (file, TLTRACE_CHUNK_OBJECTS, 5, 0, NULL, sizeof (TltraceObject));
  tltrace_build_records (file, TLTRACE_CHUNK_LANES, 0, 0, NULL, sizeof (TltraceLane));
  tltrace_build_thread_lane (file, 0, 1, 1);
  tltrace_build_end (file, 0, 0);
  model = load_built (file);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 1);
  g_assert_null (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT));
}

/* The same chunks at the start of a sparse file of 16 GiB: where the
 * file's size once let the indexes through. */
static void
test_table_far_indexes_sparse (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-hostile");
  g_autofree char *path = g_build_filename (dir, "sparse.tltrace", NULL);
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  add_far_tables (file);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, file->data, file->len), ==, (gssize) file->len);
  if (ftruncate (fd, (off_t) 16 << 30) != 0 || fsync (fd) != 0)
    {
      g_test_skip ("no sparse file of 16 GiB here");
      close (fd);
      return;
    }
  close (fd);

  model = tl_tltrace_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_far_tables (model);
}

/* ---- times and sizes ------------------------------------------------------ */

/* Every kind of record with a time at the ends of 64 bits: left out,
 * counted; so the model's times differ by what fits 64 bits (the fuzzer
 * once found the flow index's arithmetic overflowing). */
static void
test_times_at_the_edges (void)
{
  static const gint64 bad[] = { G_MININT64 + 1, G_MAXINT64, TL_FORMAT_TS_MAX + 1 };
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (TltraceEvent));
  g_autoptr(TlTraceModel) model = NULL;
  TltraceProcess process = { 0 };
  gint64 start, end;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      TltraceEvent e = tltrace_build_event (bad[i], 1, 2, TL_EVENT_MARK, TL_ROLE_TEXT, 0, 0);
      TltraceSpan span = { 0 };
      TltraceInstant instant = { 0 };
      TltraceSample sample = { bad[i], 1.0 };
      TltraceFlow flow = { 0 };

      g_array_append_val (events, e);
      span.start = G_MININT64 + 1;
      span.end = bad[i];
      span.ref = TL_INDEX_NONE;
      span.kind = TL_SPAN_SLICE;
      instant.ts = bad[i];
      instant.ref = TL_INDEX_NONE;
      instant.kind = TL_EVENT_MARK;
      instant.role = TL_ROLE_TEXT;
      flow.from_ts = G_MININT64 + 1;
      flow.to_ts = bad[i];
      flow.ref = TL_INDEX_NONE;
      flow.kind = TL_FLOW_GENERIC;
      if (i == 0)
        tltrace_build_thread_lane (file, 0, 1, 1);
      tltrace_build_records (file, TLTRACE_CHUNK_SPANS, 0, 1, &span, sizeof span);
      tltrace_build_records (file, TLTRACE_CHUNK_INSTANTS, 0, 1, &instant, sizeof instant);
      tltrace_build_records (file, TLTRACE_CHUNK_SAMPLES, 0, 1, &sample, sizeof sample);
      tltrace_build_records (file, TLTRACE_CHUNK_FLOWS, 0, 1, &flow, sizeof flow);
    }
  process.pid = 1;
  process.name = TL_INDEX_NONE;
  process.start_ts = G_MININT64 + 1;
  process.exit_ts = G_MAXINT64;
  process.flags = TLTRACE_PROCESS_EXITED;
  tltrace_build_records (file, TLTRACE_CHUNK_PROCESSES, 0, 1, &process, sizeof process);
  /* And what a file may hold, at its ends. */
  {
    TltraceEvent first = tltrace_build_event (TL_FORMAT_TS_MIN, 1, 2, TL_EVENT_MARK, TL_ROLE_TEXT, 0, 0);
    TltraceEvent last = tltrace_build_event (TL_FORMAT_TS_MAX, 1, 2, TL_EVENT_MARK, TL_ROLE_TEXT, 0, 0);

    g_array_append_val (events, first);
    g_array_append_val (events, last);
  }
  tltrace_build_chunk (file, TLTRACE_CHUNK_EVENTS, events->len, events->data,
                       events->len * sizeof (TltraceEvent));
  tltrace_build_end (file, events->len, TL_FORMAT_TS_MAX);

  model = load_built (file);
  g_assert_true (tl_trace_model_get_time_range (model, &start, &end));
  g_assert_cmpint (start, ==, TL_FORMAT_TS_MIN);
  g_assert_cmpint (end, ==, TL_FORMAT_TS_MAX);
  g_assert_cmpuint (tl_trace_model_get_n_instants (model), ==, 2);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 0);
  g_assert_cmpstr (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_OUT_OF_RANGE)->error->message, ==,
                   "17 records more than 146 years from the trace's zero were left out");
  g_assert_cmpint (tl_trace_model_get_process (model, 0)->start_ts, ==, TL_TS_NONE);
}

static void
test_too_many_lanes (void)
{
  const guint n = TL_FORMAT_MAX_LANES + 4464;
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(GArray) lanes = g_array_new (FALSE, TRUE, sizeof (TltraceLane));
  g_autoptr(TlTraceModel) model = NULL;

  for (guint i = 0; i < n; i++)
    {
      TltraceLane l = { 0 };

      l.key = i;
      l.pid = 1;
      l.name = TL_INDEX_NONE;
      l.object = TL_INDEX_NONE;
      l.kind = TL_LANE_THREAD;
      g_array_append_val (lanes, l);
    }
  tltrace_build_records (file, TLTRACE_CHUNK_LANES, 0, lanes->len, lanes->data, sizeof (TltraceLane));
  tltrace_build_end (file, 0, 0);
  model = load_built (file);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, TL_FORMAT_MAX_LANES);
  g_assert_cmpstr (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG)->error->message, ==,
                   "This trace has more than 65536 lanes or 65536 processes: 4464 of them were left "
                   "out, with their items");
}

/* A recording of more threads than that stops where it reaches them. */
static void
test_too_many_threads (void)
{
  const guint n = TL_FORMAT_MAX_LANES + 1000;
  g_autoptr(GByteArray) file = tltrace_build_new ();
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (TltraceEvent));
  g_autoptr(TlTraceModel) model = NULL;

  for (guint i = 0; i < n; i++)
    {
      TltraceEvent e = tltrace_build_event (1000 + i, 1, 10 + i, TL_EVENT_THREAD_START, TL_ROLE_THREAD,
                                            10 + i, 0);

      g_array_append_val (events, e);
    }
  tltrace_build_chunk (file, TLTRACE_CHUNK_EVENTS, events->len, events->data,
                       events->len * sizeof (TltraceEvent));
  tltrace_build_end (file, events->len, 1000 + n);
  model = load_built (file);
  /* The limits are looked at every 128 events, of two lanes at most. */
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), >=, TL_FORMAT_MAX_LANES);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), <=, TL_FORMAT_MAX_LANES + 2 * 128);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), <, n);
  g_assert_nonnull (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG));
  /* Neither damage nor a cut: the rest was left out on purpose. */
  g_assert_null (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT));
  g_assert_null (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED));
}

/* ---- a file that shrinks while it loads -------------------------------- */

typedef struct
{
  const char *path;
  gboolean    cut;
} Cutter;

static void
cut_cb (double   fraction,
        gpointer user_data)
{
  Cutter *cutter = user_data;

  /* As `record -o` over the same name once did: truncate in place. */
  if (!cutter->cut && fraction > 0)
    {
      g_assert_cmpint (truncate (cutter->path, 1 << 20), ==, 0);
      cutter->cut = TRUE;
    }
}

static void
test_shrinks_while_loading (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-hostile");
  g_autofree char *path = g_build_filename (dir, "shrinks.tltrace", NULL);
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  Cutter cutter = { path, FALSE };
  GStatBuf st;

  g_assert_cmpuint (tl_trace_gen_tltrace (path, 1500000, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 3 * 8 << 20);

  model = tl_tltrace_load (path, cut_cb, &cutter, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cutter.cut);
  g_assert_cmpuint (tl_trace_model_get_n_events (model), >, 0);
  g_assert_nonnull (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/tltrace/hostile/overlap/spans-chunk", test_overlap_spans_chunk);
  g_test_add_func ("/formats/tltrace/hostile/overlap/task-events", test_overlap_task_events);
  g_test_add_func ("/formats/tltrace/hostile/tasks-fifo", test_tasks_first_in_first_out);
  g_test_add_func ("/formats/tltrace/hostile/table/far-indexes", test_table_far_indexes);
  g_test_add_func ("/formats/tltrace/hostile/table/far-indexes-sparse", test_table_far_indexes_sparse);
  g_test_add_func ("/formats/tltrace/hostile/table/empty", test_table_empty);
  g_test_add_func ("/formats/tltrace/hostile/shrinks-while-loading", test_shrinks_while_loading);
  g_test_add_func ("/formats/tltrace/hostile/times-at-the-edges", test_times_at_the_edges);
  g_test_add_func ("/formats/tltrace/hostile/too-many-lanes", test_too_many_lanes);
  g_test_add_func ("/formats/tltrace/hostile/too-many-threads", test_too_many_threads);

  return g_test_run ();
}
