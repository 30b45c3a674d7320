/* test-chrome-hostile.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chrome traces made to hurt: many overlapping spans on one thread,
 * pairings that a scan would make quadratic, ids and times at the edges
 * of 64 bits, and far more threads than anyone records.  Every file is
 * generated here; each test loads it and checks what the model holds and
 * which warnings say what was left out.  None asserts a time: a return
 * to quadratic work shows as the suite's timeout.
 */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "chrome-test-util.h"
#include "tl-chrome-private.h"

/* One more than a lane's tracks can hold. */
#define N_OVERLAPPING (G_MAXUINT16 + 2u)

/* ---- generators ----------------------------------------------------------- */

static GString *
trace_begin (void)
{
  return g_string_new ("[");
}

static GBytes *
trace_end (GString *json)
{
  if (json->len > 1)
    g_string_truncate (json, json->len - 1);   /* the last comma */
  g_string_append (json, "]\n");
  return g_string_free_to_bytes (json);
}

static GBytes *
gzip (GBytes *plain)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);
  z_stream z = { 0 };
  GByteArray *out = g_byte_array_sized_new ((guint) (len / 64 + 1024));
  guint8 buf[65536];
  int r;

  g_assert_cmpint (deflateInit2 (&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);
  z.next_in = (guint8 *) data;
  z.avail_in = (uInt) len;
  do
    {
      z.next_out = buf;
      z.avail_out = sizeof buf;
      r = deflate (&z, Z_FINISH);
      g_assert_cmpint (r, !=, Z_STREAM_ERROR);
      g_byte_array_append (out, buf, (guint) (sizeof buf - z.avail_out));
    }
  while (r != Z_STREAM_END);
  deflateEnd (&z);
  return g_byte_array_free_to_bytes (out);
}

static TlTraceModel *
load_bytes (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  TlTraceModel *model = tl_chrome_json_load_data (data, len, &error);

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
lane_span_total (TlTraceModel *model,
                 guint32       lane_index)
{
  TlLane *lane = tl_trace_model_get_lane (model, lane_index);
  guint total = 0;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n;

      tl_lane_get_spans (lane, t, &n);
      total += n;
    }
  return total;
}

/* Every track of every lane holds spans that do not overlap, in order. */
static void
assert_tracks_sorted (TlTraceModel *model)
{
  for (guint l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 1; i < n; i++)
            g_assert_cmpint (spans[i - 1].end, <=, spans[i].start);
        }
    }
}

/* ---- overlapping spans -------------------------------------------------- */

/* The spans past what a lane's tracks hold are left out and counted; the
 * others are all there. */
static void
assert_overlap_capped (TlTraceModel *model,
                       guint         n_spans)
{
  guint32 lane = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 1, 1);
  const TlModelWarning *w = find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_LIMIT);
  g_autofree char *expected = g_strdup_printf ("%u spans were left out: more than %u overlapped "
                                               "on one lane", n_spans - G_MAXUINT16, G_MAXUINT16);

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (model, lane)), ==, G_MAXUINT16);
  g_assert_cmpuint (lane_span_total (model, lane), ==, G_MAXUINT16);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, G_MAXUINT16);
  g_assert_nonnull (w);
  g_assert_cmpstr (w->error->message, ==, expected);
  assert_tracks_sorted (model);
}

/* 65,537 identical X events, gzipped to a few KB. */
static void
test_overlap_complete_gz (void)
{
  GString *json = trace_begin ();
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(TlTraceModel) model = NULL;

  for (guint i = 0; i < N_OVERLAPPING; i++)
    g_string_append (json, "{\"ph\":\"X\",\"ts\":1,\"dur\":5,\"pid\":1,\"tid\":1,\"name\":\"f\"},");
  plain = trace_end (json);
  packed = gzip (plain);
  g_assert_cmpuint (g_bytes_get_size (packed), <, 64 * 1024);
  model = load_bytes (packed);
  assert_overlap_capped (model, N_OVERLAPPING);
}

/* 65,537 nested B events never ended. */
static void
test_overlap_unclosed_begins (void)
{
  GString *json = trace_begin ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TlTraceModel) model = NULL;

  for (guint i = 0; i < N_OVERLAPPING; i++)
    g_string_append_printf (json, "{\"ph\":\"B\",\"ts\":%u,\"pid\":1,\"tid\":1,\"name\":\"f%u\"},", i, i);
  g_string_append (json, "{\"ph\":\"i\",\"ts\":999999999,\"pid\":1,\"tid\":1,\"name\":\"end\"},");
  bytes = trace_end (json);
  model = load_bytes (bytes);
  assert_overlap_capped (model, N_OVERLAPPING);
  g_assert_cmpuint (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED)->count, ==,
                    N_OVERLAPPING);
}

/* Below the cap, every span finds a track: 200,000 unclosed B on one
 * thread is the same as 65,535 of them, with the rest counted, and far
 * below, all of them are placed, none left out. */
static void
test_overlap_below_cap (void)
{
  const guint n = 30000;
  GString *json = trace_begin ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  guint32 lane;

  /* Staircases: each span overlaps the next 999, so 1,000 tracks do. */
  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "{\"ph\":\"X\",\"ts\":%u,\"dur\":1000,\"pid\":1,\"tid\":1,\"name\":\"s\"},", i);
  bytes = trace_end (json);
  model = load_bytes (bytes);
  lane = tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 1, 1);
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (model, lane)), ==, 1000);
  g_assert_cmpuint (lane_span_total (model, lane), ==, n);
  g_assert_null (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_LIMIT));
  assert_tracks_sorted (model);
}

static void
test_unclosed_begins_many (void)
{
  const guint n = 200000;
  GString *json = trace_begin ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TlTraceModel) model = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "{\"ph\":\"B\",\"ts\":%u,\"pid\":1,\"tid\":1,\"name\":\"f\"},", i);
  /* The trace ends after the last begin: no span lasts no time. */
  g_string_append (json, "{\"ph\":\"i\",\"ts\":999999999,\"pid\":1,\"tid\":1,\"name\":\"end\"},");
  bytes = trace_end (json);
  model = load_bytes (bytes);
  assert_overlap_capped (model, n);
}

/* ---- pairing ------------------------------------------------------------- */

/* 200,000 async spans: four ids of 50,000 spans of as many names, ended
 * in the order they began: each end's begin lies at the bottom of what
 * its id has open. */
static void
test_async_first_in_first_out (void)
{
  const guint n = 50000, n_ids = 4;
  GString *json = trace_begin ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TlTraceModel) model = NULL;

  for (guint id = 0; id < n_ids; id++)
    {
      for (guint i = 0; i < n; i++)
        g_string_append_printf (json, "{\"ph\":\"b\",\"ts\":%u,\"pid\":1,\"tid\":1,\"cat\":\"c\","
                                "\"id\":%u,\"name\":\"n%u\"},", i, 10 + id, i);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (json, "{\"ph\":\"e\",\"ts\":%u,\"pid\":1,\"tid\":1,\"cat\":\"c\","
                                "\"id\":%u,\"name\":\"n%u\"},", n + i, 10 + id, i);
    }
  /* And ends without a name close the innermost, whatever its name. */
  g_string_append (json, "{\"ph\":\"b\",\"ts\":1,\"pid\":1,\"cat\":\"c\",\"id\":8,\"name\":\"x\"},"
                         "{\"ph\":\"b\",\"ts\":2,\"pid\":1,\"cat\":\"c\",\"id\":8,\"name\":\"y\"},"
                         "{\"ph\":\"e\",\"ts\":3,\"pid\":1,\"cat\":\"c\",\"id\":8,\"name\":\"x\"},"
                         "{\"ph\":\"e\",\"ts\":4,\"pid\":1,\"cat\":\"c\",\"id\":8},");
  bytes = trace_end (json);
  model = load_bytes (bytes);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_ASYNC), ==, n_ids * n + 2);
  g_assert_null (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END));
  g_assert_null (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED));
  {
    guint32 y = tl_trace_model_lookup_lane (model, TL_LANE_ASYNC, 1, tl_trace_model_intern (model, "y", -1));
    guint n_spans;
    const TlSpan *spans = tl_lane_get_spans (tl_trace_model_get_lane (model, y), 0, &n_spans);

    g_assert_cmpuint (n_spans, ==, 1);
    g_assert_cmpint (spans[0].start, ==, 2000);
    g_assert_cmpint (spans[0].end, ==, 4000);
  }
}

/* ---- ids and times at the edges of 64 bits -------------------------------- */

/* Process ids past 32 bits stay apart from those they once folded onto
 * (2^32 onto 0, 2^32 + 1 onto 1), known by their number. */
static void
test_pid_past_32_bits (void)
{
  static const char json[] =
    "[{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"one\"}},"
    "{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1,\"name\":\"a\"},"
    "{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":4294967297,\"tid\":1,\"name\":\"b\"},"
    "{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":4294967296,\"tid\":1,\"name\":\"c\"},"
    "{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":-1,\"tid\":1,\"name\":\"d\"}]";
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  model = tl_chrome_json_load_data (json, sizeof json - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, 4);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 4);
  for (guint i = 0; i < tl_trace_model_get_n_processes (model); i++)
    g_ptr_array_add (names, (gpointer) tl_trace_model_get_string (model, tl_trace_model_get_process (model, i)->name));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "one", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "4294967296", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (names, "4294967297", g_str_equal, NULL));
  g_assert_cmpuint (tl_trace_model_lookup_process (model, G_MAXUINT32), !=, TL_INDEX_NONE);
  chrome_test_assert_round_trip (model);
}

/* Times past +-2^62 ns are left out, counted: every difference of two
 * times a model holds then fits 64 bits. */
static void
test_times_at_the_edges (void)
{
  static const char json[] =
    "[{\"ph\":\"X\",\"ts\":-9223372036854775.808,\"dur\":1,\"pid\":1,\"tid\":1,\"name\":\"min\"},"
    "{\"ph\":\"X\",\"ts\":9223372036854775.807,\"dur\":0,\"pid\":1,\"tid\":1,\"name\":\"max\"},"
    "{\"ph\":\"i\",\"ts\":4611686018427387.904,\"pid\":1,\"tid\":1,\"name\":\"past\"},"
    "{\"ph\":\"X\",\"ts\":4611686018427387.900,\"dur\":0.004,\"pid\":1,\"tid\":1,\"name\":\"long\"},"
    "{\"ph\":\"X\",\"ts\":-4611686018427387.904,\"dur\":1,\"pid\":1,\"tid\":1,\"name\":\"first\"},"
    "{\"ph\":\"i\",\"ts\":4611686018427387.903,\"pid\":1,\"tid\":1,\"name\":\"last\"}]";
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, end;

  model = tl_chrome_json_load_data (json, sizeof json - 1, &error);
  g_assert_no_error (error);
  g_assert_true (tl_trace_model_get_time_range (model, &start, &end));
  g_assert_cmpint (start, ==, TL_FORMAT_TS_MIN);
  g_assert_cmpint (end, ==, TL_FORMAT_TS_MAX);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_n_instants (model), ==, 1);
  g_assert_cmpuint (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_OUT_OF_RANGE)->count, ==, 3);
  g_assert_nonnull (find_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT));
}

/* ---- size ---------------------------------------------------------------- */

/* A few MB of gzip naming 100,000 threads: the model takes the first
 * 65,536 and says it left the others out. */
static void
test_too_many_threads (void)
{
  const guint n = 100000;
  GString *json = trace_begin ();
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  const TlModelWarning *w;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\","
                            "\"args\":{\"name\":\"t%u\"}},"
                            "{\"ph\":\"i\",\"ts\":%u,\"pid\":1,\"tid\":%u,\"name\":\"m\"},", i, i, i, i);
  /* Events of threads it has still count. */
  g_string_append (json, "{\"ph\":\"i\",\"ts\":1,\"pid\":1,\"tid\":0,\"name\":\"m\"},");
  plain = trace_end (json);
  packed = gzip (plain);
  model = load_bytes (packed);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, TL_FORMAT_MAX_LANES);
  g_assert_cmpuint (tl_trace_model_get_n_instants (model), ==, TL_FORMAT_MAX_LANES + 1);
  w = find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG);
  g_assert_nonnull (w);
  g_assert_cmpuint (w->count, ==, 2 * (n - TL_FORMAT_MAX_LANES));
  g_test_message ("%u threads in %" G_GSIZE_FORMAT " bytes of gzip: a model of %" G_GSIZE_FORMAT " bytes",
                  n, g_bytes_get_size (packed), tl_trace_model_get_memory_size (model));
}

/* As many processes, one thread each. */
static void
test_too_many_processes (void)
{
  const guint n = TL_FORMAT_MAX_PROCESSES + 10;
  GString *json = trace_begin ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TlTraceModel) model = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "{\"ph\":\"M\",\"pid\":%u,\"tid\":1,\"name\":\"process_name\","
                            "\"args\":{\"name\":\"p%u\"}},", i, i);
  bytes = trace_end (json);
  model = load_bytes (bytes);
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, TL_FORMAT_MAX_PROCESSES);
  g_assert_cmpuint (find_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TOO_BIG)->count, ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/chrome/hostile/overlap/complete-gz", test_overlap_complete_gz);
  g_test_add_func ("/formats/chrome/hostile/overlap/unclosed-begins", test_overlap_unclosed_begins);
  g_test_add_func ("/formats/chrome/hostile/overlap/below-cap", test_overlap_below_cap);
  g_test_add_func ("/formats/chrome/hostile/unclosed-begins-many", test_unclosed_begins_many);
  g_test_add_func ("/formats/chrome/hostile/async-fifo", test_async_first_in_first_out);
  g_test_add_func ("/formats/chrome/hostile/pid-past-32-bits", test_pid_past_32_bits);
  g_test_add_func ("/formats/chrome/hostile/times-at-the-edges", test_times_at_the_edges);
  g_test_add_func ("/formats/chrome/hostile/too-many-threads", test_too_many_threads);
  g_test_add_func ("/formats/chrome/hostile/too-many-processes", test_too_many_processes);

  return g_test_run ();
}
