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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/chrome/hostile/overlap/complete-gz", test_overlap_complete_gz);
  g_test_add_func ("/formats/chrome/hostile/overlap/unclosed-begins", test_overlap_unclosed_begins);
  g_test_add_func ("/formats/chrome/hostile/overlap/below-cap", test_overlap_below_cap);
  g_test_add_func ("/formats/chrome/hostile/unclosed-begins-many", test_unclosed_begins_many);

  return g_test_run ();
}
