/* test-chrome-json.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chrome JSON: what each golden file of tests/data/chrome becomes in the
 * model, exact time stamps, streaming across window boundaries, gzip,
 * errors, and round trips (JSON -> model -> JSON -> model, and a model of
 * runtime events -> JSON -> model).
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "chrome-test-util.h"
#include "tl-chrome-private.h"
#include "tl-trace-model-code.h"

/* ---- helpers -------------------------------------------------------------- */

static guint32
lane_of (TlTraceModel *model,
         TlLaneKind    kind,
         guint32       pid,
         guint64       key)
{
  guint32 lane = tl_trace_model_lookup_lane (model, kind, pid, key);

  g_assert_cmpuint (lane, !=, TL_INDEX_NONE);
  return lane;
}

static guint32
named_lane (TlTraceModel *model,
            TlLaneKind    kind,
            guint32       pid,
            const char   *key)
{
  return lane_of (model, kind, pid, tl_trace_model_intern (model, key, -1));
}

static const char *
str (TlTraceModel *model,
     guint32       id)
{
  return tl_trace_model_get_string (model, id);
}

static const char *
lane_name (TlTraceModel *model,
           guint32       lane)
{
  return str (model, tl_lane_get_name (tl_trace_model_get_lane (model, lane)));
}

static void
assert_span (const TlSpan *span,
             TlTraceModel *model,
             gint64        start,
             gint64        end,
             TlSpanKind    kind,
             const char   *name,
             guint8        flags)
{
  g_assert_cmpint (span->start, ==, start);
  g_assert_cmpint (span->end, ==, end);
  g_assert_cmpint (span->kind, ==, kind);
  g_assert_cmpstr (str (model, span->ref), ==, name);
  g_assert_cmpuint (span->flags, ==, flags);
}

/* A traced call's texts, NULL for none. */
static void
assert_call (const TlSpan *span,
             TlTraceModel *model,
             const char   *args,
             const char   *result)
{
  g_assert_true (span->flags & TL_SPAN_FLAG_CALL_TEXT);
  g_assert_cmpstr (tl_trace_model_get_span_args (model, span), ==, args);
  g_assert_cmpstr (tl_trace_model_get_span_result (model, span), ==, result);
}

static guint
n_instants (TlTraceModel *model,
            guint32       lane)
{
  guint n;

  tl_lane_get_instants (tl_trace_model_get_lane (model, lane), &n);
  return n;
}

static const TlInstant *
instant_at (TlTraceModel *model,
            guint32       lane,
            guint         index)
{
  guint n;
  const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (model, lane), &n);

  g_assert_cmpuint (index, <, n);
  return &instants[index];
}

static void
assert_no_warnings (TlTraceModel *model)
{
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    g_test_message ("unexpected warning: %s", tl_trace_model_get_warning (model, i)->error->message);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 0);
}

/* ---- exact numbers --------------------------------------------------------- */

static void
assert_scaled (const char *text,
               int         scale,
               gboolean    ok,
               gint64      expected)
{
  gint64 value = 0;

  g_assert_cmpint (_tl_json_parse_int64 (text, strlen (text), scale, &value), ==, ok);
  if (ok)
    g_assert_cmpint (value, ==, expected);
}

static void
test_numbers_parse (void)
{
  /* Microseconds to nanoseconds, exactly, from the text. */
  assert_scaled ("1732123456789.123", 3, TRUE, G_GINT64_CONSTANT (1732123456789123));
  assert_scaled ("1732123456789.001", 3, TRUE, G_GINT64_CONSTANT (1732123456789001));
  assert_scaled ("0.1", 3, TRUE, 100);
  assert_scaled ("12", 3, TRUE, 12000);
  assert_scaled ("-12.5", 3, TRUE, -12500);
  assert_scaled ("0", 3, TRUE, 0);
  assert_scaled ("-0.0", 3, TRUE, 0);
  assert_scaled ("1e3", 3, TRUE, 1000000);
  assert_scaled ("1.5E+2", 3, TRUE, 150000);
  assert_scaled ("2500e-3", 3, TRUE, 2500);
  assert_scaled ("123456789012345678e-15", 3, TRUE, 123457);
  /* Beyond nanoseconds: rounded half away from zero. */
  assert_scaled ("0.0005", 3, TRUE, 1);
  assert_scaled ("0.0004999", 3, TRUE, 0);
  assert_scaled ("-0.0005", 3, TRUE, -1);
  assert_scaled ("1.23456", 3, TRUE, 1235);
  assert_scaled ("1e-400", 3, TRUE, 0);
  /* The edges of 64 bits. */
  assert_scaled ("9223372036854775807", 0, TRUE, G_MAXINT64);
  assert_scaled ("-9223372036854775808", 0, TRUE, G_MININT64);
  assert_scaled ("9223372036854775808", 0, FALSE, 0);
  assert_scaled ("9223372036854775.807", 3, TRUE, G_MAXINT64);
  assert_scaled ("9223372036854775.808", 3, FALSE, 0);
  assert_scaled ("1e400", 3, FALSE, 0);
  {
    gboolean negative;
    guint64 magnitude;

    g_assert_true (_tl_json_parse_scaled ("18446744073709551615", 20, 0, &negative, &magnitude));
    g_assert_cmpuint (magnitude, ==, G_MAXUINT64);
    g_assert_false (_tl_json_parse_scaled ("18446744073709551616", 20, 0, &negative, &magnitude));
    g_assert_true (_tl_json_parse_scaled ("18446744073709551.615", 21, 3, &negative, &magnitude));
    g_assert_cmpuint (magnitude, ==, G_MAXUINT64);
  }
  /* Not JSON numbers. */
  assert_scaled ("", 3, FALSE, 0);
  assert_scaled ("+1", 3, FALSE, 0);
  assert_scaled ("01", 3, FALSE, 0);
  assert_scaled ("1.", 3, FALSE, 0);
  assert_scaled (".5", 3, FALSE, 0);
  assert_scaled ("1e", 3, FALSE, 0);
  assert_scaled ("NaN", 3, FALSE, 0);
  assert_scaled ("0x10", 0, FALSE, 0);
}

/* The scanner's one-pass reading of plain decimals agrees with the exact
 * general path, on random numbers of every shape. */
static void
test_numbers_fast_path (void)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 200000; i++)
    {
      GString *text = g_string_new (NULL);
      TlJsonScanner scanner;
      gint64 fast = 0, exact = 0;
      gboolean usable, exact_ok;
      int scale = g_rand_boolean (rand) ? 3 : 0;
      guint n_int = (guint) g_rand_int_range (rand, 1, 22);
      guint n_frac = g_rand_boolean (rand) ? 0 : (guint) g_rand_int_range (rand, 1, 8);

      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_c (text, '-');
      for (guint d = 0; d < n_int; d++)
        g_string_append_c (text, (char) (d == 0 && n_int > 1 ? '1' + g_rand_int_range (rand, 0, 9)
                                                             : '0' + g_rand_int_range (rand, 0, 10)));
      if (n_frac > 0)
        g_string_append_c (text, '.');
      for (guint d = 0; d < n_frac; d++)
        g_string_append_c (text, (char) ('0' + (g_rand_int_range (rand, 0, 3) == 0 ? 5 : g_rand_int_range (rand, 0, 10))));
      if (g_rand_int_range (rand, 0, 8) == 0)
        g_string_append_printf (text, "e%d", g_rand_int_range (rand, -6, 6));

      exact_ok = _tl_json_parse_int64 (text->str, text->len, scale, &exact);
      g_string_append_c (text, ',');
      _tl_json_scanner_init (&scanner, text->str, text->len, NULL, NULL);
      g_assert_true (_tl_json_scanner_read_scaled (&scanner, scale, &fast, &usable, NULL));
      g_assert_cmpint (usable, ==, exact_ok);
      if (usable)
        g_assert_cmpint (fast, ==, exact);
      g_assert_cmpint (*scanner.p, ==, ',');
      _tl_json_scanner_clear (&scanner);
      g_string_free (text, TRUE);
    }
  g_rand_free (rand);

  /* Longer than the general path keeps: unusable either way, wherever the
   * windows fall (found by the fuzzer). */
  {
    g_autofree char *digits = g_strnfill (TL_JSON_ATOM_MAX, '4');
    g_autofree char *text = g_strconcat ("1.", digits, ",", NULL);
    TlJsonScanner scanner;
    gboolean usable = TRUE;
    gint64 value;

    _tl_json_scanner_init (&scanner, text, strlen (text), NULL, NULL);
    g_assert_true (_tl_json_scanner_read_scaled (&scanner, 3, &value, &usable, NULL));
    g_assert_false (usable);
    g_assert_cmpint (*scanner.p, ==, ',');
    _tl_json_scanner_clear (&scanner);
  }
}

static void
assert_us (gint64      ns,
           const char *expected)
{
  char buf[32];
  gint64 back = 0;

  g_assert_cmpuint (_tl_chrome_format_us (ns, buf), ==, strlen (expected));
  g_assert_cmpstr (buf, ==, expected);
  g_assert_true (_tl_json_parse_int64 (buf, strlen (buf), 3, &back));
  g_assert_cmpint (back, ==, ns);
}

static void
test_numbers_format (void)
{
  assert_us (1234567, "1234.567");
  assert_us (1234000, "1234");
  assert_us (1234500, "1234.5");
  assert_us (1234560, "1234.56");
  assert_us (1234005, "1234.005");
  assert_us (0, "0");
  assert_us (7, "0.007");
  assert_us (-1, "-0.001");
  assert_us (-1500, "-1.5");
  assert_us (G_GINT64_CONSTANT (1732123456789123), "1732123456789.123");
  assert_us (G_MAXINT64, "9223372036854775.807");
  assert_us (G_MININT64, "-9223372036854775.808");
}

/* ---- golden files ---------------------------------------------------------- */

static void
test_golden_array (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("array.json");
  g_autoptr(GArray) spans = NULL;
  guint32 main_lane = lane_of (model, TL_LANE_THREAD, 1, 10);
  guint32 io_lane = lane_of (model, TL_LANE_THREAD, 1, 11);
  const TlInstant *tick;

  assert_no_warnings (model);
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, 1);
  g_assert_cmpstr (str (model, tl_trace_model_get_process (model, 0)->name), ==, "Browser");
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 2);
  g_assert_cmpstr (lane_name (model, main_lane), ==, "Main");

  spans = chrome_test_lane_spans (model, main_lane);
  g_assert_cmpuint (spans->len, ==, 2);
  assert_span (&g_array_index (spans, TlSpan, 0), model, 100000, 300000, TL_SPAN_SLICE, "main", 0);
  assert_span (&g_array_index (spans, TlSpan, 1), model, 150500, 170750, TL_SPAN_SLICE, "work",
               TL_SPAN_FLAG_CALL_TEXT);
  /* What a call was given is kept, as text. */
  assert_call (&g_array_index (spans, TlSpan, 1), model, "n=3", NULL);
  g_assert_null (tl_trace_model_get_span_args (model, &g_array_index (spans, TlSpan, 0)));
  /* B/E and X on one thread nest: the outer slice below the inner. */
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (model, main_lane)), ==, 2);

  g_assert_cmpuint (n_instants (model, main_lane), ==, 1);
  tick = instant_at (model, main_lane, 0);
  g_assert_cmpint (tick->ts, ==, 160000);
  g_assert_cmpint (tick->kind, ==, TL_EVENT_MARK);
  g_assert_cmpint (tick->role, ==, TL_ROLE_TEXT);
  g_assert_cmpstr (str (model, tick->ref), ==, "tick");

  g_clear_pointer (&spans, g_array_unref);
  spans = chrome_test_lane_spans (model, io_lane);
  g_assert_cmpuint (spans->len, ==, 1);
  assert_span (&g_array_index (spans, TlSpan, 0), model, 120000, 125000, TL_SPAN_SLICE, "io", 0);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 3);
  /* Chrome's events are none of the model's kinds: counted in the total. */
  g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, 7);
  g_assert_cmpuint (tl_trace_model_get_event_count (model, TL_EVENT_MARK), ==, 0);
}

static void
test_golden_object (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("object.json");
  g_autoptr(GArray) spans = NULL;
  guint32 lane = lane_of (model, TL_LANE_THREAD, 7, 7);

  assert_no_warnings (model);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 1);
  g_assert_cmpstr (lane_name (model, lane), ==, "worker");
  /* Kept for display only. */
  g_assert_cmpstr (tl_trace_model_get_metadata (model, "displayTimeUnit"), ==, "ns");

  spans = chrome_test_lane_spans (model, lane);
  g_assert_cmpuint (spans->len, ==, 1);
  assert_span (&g_array_index (spans, TlSpan, 0), model, 1000, 3000, TL_SPAN_SLICE, "step",
               TL_SPAN_FLAG_CALL_TEXT);
  /* Objects and arrays as the JSON they were written as. */
  assert_call (&g_array_index (spans, TlSpan, 0), model,
               "nested={\"a\": [1, 2, {\"b\": \"c\"}]}, s=x\"y, t=false", NULL);
  g_assert_cmpuint (n_instants (model, lane), ==, 1);
  g_assert_cmpint (instant_at (model, lane, 0)->ts, ==, 2500);
}

static void
test_golden_unterminated (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("unterminated.json");
  g_autoptr(TlTraceModel) cut = chrome_test_load ("cut-mid-event.json");
  g_autoptr(GArray) spans = NULL;

  /* A missing ']' is allowed by the format: no warning. */
  assert_no_warnings (model);
  spans = chrome_test_lane_spans (model, lane_of (model, TL_LANE_THREAD, 1, 1));
  g_assert_cmpuint (spans->len, ==, 2);
  assert_span (&g_array_index (spans, TlSpan, 1), model, 20000, 25000, TL_SPAN_SLICE, "b", 0);

  /* Cut inside an event: what came before, and a warning. */
  g_clear_pointer (&spans, g_array_unref);
  spans = chrome_test_lane_spans (cut, lane_of (cut, TL_LANE_THREAD, 1, 1));
  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpuint (chrome_test_warning_count (cut, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (cut), ==, 1);
}

static void
assert_same_dump (TlTraceModel *a,
                  TlTraceModel *b)
{
  g_autofree char *dump_a = tl_trace_model_dump (a);
  g_autofree char *dump_b = tl_trace_model_dump (b);

  g_assert_cmpstr (dump_a, ==, dump_b);
}

static GBytes *
gzip_bytes (const char *data,
            gsize       len)
{
  g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (gzip));
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_golden_gzip (void)
{
  const char *pairs[][2] = {
    { "object.json", "object.json.gz" },
    { "viztracer.json", "viztracer.json.gz" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(TlTraceModel) plain = chrome_test_load (pairs[i][0]);
      g_autoptr(TlTraceModel) gz = chrome_test_load (pairs[i][1]);
      g_autoptr(GBytes) bytes = chrome_test_read (pairs[i][1]);
      g_autoptr(TlTraceModel) from_memory = chrome_test_reload (bytes);

      assert_same_dump (plain, gz);
      assert_same_dump (plain, from_memory);
      assert_no_warnings (gz);
    }

  /* Two gzip members one after the other (what `cat a.gz b.gz` makes). */
  {
    const char *first = "[{\"name\":\"a\",\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1},\n";
    const char *second = "{\"name\":\"b\",\"ph\":\"X\",\"ts\":5,\"dur\":1,\"pid\":1,\"tid\":1}]\n";
    g_autoptr(GBytes) one = gzip_bytes (first, strlen (first));
    g_autoptr(GBytes) two = gzip_bytes (second, strlen (second));
    g_autoptr(GByteArray) both = g_byte_array_new ();
    g_autoptr(GBytes) joined = NULL;
    g_autoptr(TlTraceModel) model = NULL;

    g_byte_array_append (both, g_bytes_get_data (one, NULL), (guint) g_bytes_get_size (one));
    g_byte_array_append (both, g_bytes_get_data (two, NULL), (guint) g_bytes_get_size (two));
    joined = g_byte_array_free_to_bytes (g_steal_pointer (&both));
    model = chrome_test_reload (joined);
    assert_no_warnings (model);
    g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 2);
  }

  /* A cut gzip stream: the part before the cut, and a warning. */
  {
    g_autoptr(GBytes) bytes = chrome_test_read ("viztracer.json.gz");
    g_autoptr(GError) error = NULL;
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);
    g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (data, len - 12, &error);

    /* The last 8 bytes are the trailer, so all of the JSON but its end is there. */
    g_assert_no_error (error);
    g_assert_nonnull (model);
    g_assert_cmpuint (chrome_test_warning_count (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED), >=, 1);
    g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 6);
  }
}

static void
test_golden_unsorted (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("unsorted.json");
  guint32 lane = lane_of (model, TL_LANE_THREAD, 2, 2);
  g_autoptr(GArray) spans = chrome_test_lane_spans (model, lane);
  TlLane *l = tl_trace_model_get_lane (model, lane);
  guint n;

  assert_no_warnings (model);
  g_assert_cmpuint (spans->len, ==, 4);
  assert_span (&g_array_index (spans, TlSpan, 0), model, 5000, 6000, TL_SPAN_SLICE, "early", 0);
  assert_span (&g_array_index (spans, TlSpan, 1), model, 100000, 400000, TL_SPAN_SLICE, "outer", 0);
  assert_span (&g_array_index (spans, TlSpan, 2), model, 200000, 300000, TL_SPAN_SLICE, "inner", 0);
  assert_span (&g_array_index (spans, TlSpan, 3), model, 500000, 510000, TL_SPAN_SLICE, "late", 0);

  /* Placed as they nest: outer on track 0, inner above it. */
  g_assert_cmpuint (tl_lane_get_n_tracks (l), ==, 2);
  g_assert_cmpint (tl_lane_get_spans (l, 1, &n)[0].start, ==, 200000);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (instant_at (model, lane, 0)->ts, ==, 50000);
}

static void
test_golden_null_args (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("null-args.json");
  guint32 lane = lane_of (model, TL_LANE_THREAD, 3, 4);
  g_autoptr(GArray) spans = chrome_test_lane_spans (model, lane);
  const TlProcess *process;

  assert_no_warnings (model);
  g_assert_cmpuint (spans->len, ==, 3);
  assert_span (&g_array_index (spans, TlSpan, 0), model, 1000, 2000, TL_SPAN_SLICE, "a", 0);
  assert_span (&g_array_index (spans, TlSpan, 1), model, 2000, 3000, TL_SPAN_SLICE, "b", 0);
  assert_span (&g_array_index (spans, TlSpan, 2), model, 5000, 6000, TL_SPAN_SLICE, "d", 0);
  g_assert_cmpuint (n_instants (model, lane), ==, 1);

  /* Metadata events carry no ts. */
  process = tl_trace_model_get_process (model, tl_trace_model_lookup_process (model, 3));
  g_assert_cmpstr (str (model, process->name), ==, "p3");
  g_assert_cmpint (process->sort_index, ==, 5);
  g_assert_cmpstr (lane_name (model, lane), ==, "t4");
  g_assert_cmpint (tl_lane_get_sort_index (tl_trace_model_get_lane (model, lane)), ==, -2);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 1);
}

static void
test_golden_begin_end_mismatch (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("begin-end-mismatch.json");
  g_autoptr(GArray) one = chrome_test_lane_spans (model, lane_of (model, TL_LANE_THREAD, 1, 1));
  g_autoptr(GArray) two = chrome_test_lane_spans (model, lane_of (model, TL_LANE_THREAD, 1, 2));

  /* The E at 5 has no B; an E without a name closes the innermost B;
   * B's never ended last to the end of the trace (100 us), flagged. */
  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END), ==, 1);
  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED), ==, 2);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 2);

  g_assert_cmpuint (one->len, ==, 2);
  assert_span (&g_array_index (one, TlSpan, 0), model, 10000, 100000, TL_SPAN_SLICE, "outer",
               TL_SPAN_FLAG_UNCLOSED);
  assert_span (&g_array_index (one, TlSpan, 1), model, 20000, 30000, TL_SPAN_SLICE, "inner", 0);
  g_assert_cmpuint (two->len, ==, 2);
  assert_span (&g_array_index (two, TlSpan, 0), model, 40000, 100000, TL_SPAN_SLICE, "open",
               TL_SPAN_FLAG_UNCLOSED);
  assert_span (&g_array_index (two, TlSpan, 1), model, 90000, 100000, TL_SPAN_SLICE, "x", 0);
}

static void
assert_samples (TlTraceModel *model,
                guint32       lane,
                const gint64 *ts,
                const double *values,
                guint         n)
{
  guint n_samples;
  const TlCounterSample *samples = tl_lane_get_samples (tl_trace_model_get_lane (model, lane), &n_samples);

  g_assert_cmpuint (n_samples, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (samples[i].ts, ==, ts[i]);
      g_assert_cmpfloat (samples[i].value, ==, values[i]);
    }
}

static void
test_golden_counters (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("counters.json");
  const gint64 heap_ts[] = { 5000, 10000, 20000 };
  const double heap[] = { 50, 100, 150 };
  const gint64 stack_ts[] = { 10000, 20000 };
  const double stack[] = { 8.5, 9 };
  const gint64 ctr_ts[] = { 15000 };
  const double ctr[] = { 1000 };
  guint32 heap_lane = named_lane (model, TL_LANE_COUNTER, 1, "memory heap");

  /* Each key of args is a series of its own, sorted in time. */
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 3);
  g_assert_cmpint (tl_lane_get_kind (tl_trace_model_get_lane (model, heap_lane)), ==, TL_LANE_COUNTER);
  g_assert_cmpstr (lane_name (model, heap_lane), ==, "memory heap");
  assert_samples (model, heap_lane, heap_ts, heap, 3);
  assert_samples (model, named_lane (model, TL_LANE_COUNTER, 1, "memory stack"), stack_ts, stack, 2);
  assert_samples (model, named_lane (model, TL_LANE_COUNTER, 1, "ctr[a] value"), ctr_ts, ctr, 1);

  /* A counter event with no numbers is a warning. */
  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 1);
}

static void
test_golden_flows (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("flows.json");
  guint32 t1 = lane_of (model, TL_LANE_THREAD, 1, 1);
  guint32 t2 = lane_of (model, TL_LANE_THREAD, 1, 2);
  guint32 t3 = lane_of (model, TL_LANE_THREAD, 2, 3);
  const TlFlow *flows;
  guint n;

  flows = tl_trace_model_get_flows (model, &n);
  /* s -> t -> f is two arrows; the same id in another category is
   * another flow; an f without s and an s that never ends are warnings. */
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (flows[0].kind, ==, TL_FLOW_GENERIC);
  g_assert_cmpint (flows[0].from_ts, ==, 12000);
  g_assert_cmpint (flows[0].to_ts, ==, 20000);
  g_assert_cmpuint (flows[0].from_lane, ==, t1);
  g_assert_cmpuint (flows[0].to_lane, ==, t2);
  g_assert_cmpuint (flows[0].id, ==, 1);
  g_assert_cmpuint (flows[0].ref, ==, TL_INDEX_NONE);
  g_assert_cmpint (flows[1].from_ts, ==, 20000);
  g_assert_cmpint (flows[1].to_ts, ==, 30000);
  g_assert_cmpuint (flows[1].from_lane, ==, t2);
  g_assert_cmpuint (flows[1].to_lane, ==, t3);
  g_assert_cmpint (flows[2].from_ts, ==, 40000);
  g_assert_cmpint (flows[2].to_ts, ==, 45000);
  g_assert_cmpuint (flows[2].to_lane, ==, t2);

  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNMATCHED_END), ==, 1);
  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 2);
}

static void
test_golden_async (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("async.json");
  guint32 request = named_lane (model, TL_LANE_ASYNC, 1, "request");
  g_autoptr(GArray) spans = chrome_test_lane_spans (model, request);
  g_autoptr(GArray) other = NULL;
  const TlInstant *progress;

  /* No thread lanes: async spans live on lanes of their own, one per name. */
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 5);
  g_assert_cmpstr (lane_name (model, request), ==, "request");
  g_assert_cmpuint (spans->len, ==, 2);
  assert_span (&g_array_index (spans, TlSpan, 0), model, 100000, 200000, TL_SPAN_ASYNC, "request", 0);
  g_assert_cmpuint (g_array_index (spans, TlSpan, 0).arg, ==, 0x10);
  assert_span (&g_array_index (spans, TlSpan, 1), model, 120000, 180000, TL_SPAN_ASYNC, "request", 0);
  g_assert_cmpuint (g_array_index (spans, TlSpan, 1).arg, ==, 0x11);
  /* Overlapping spans of one name take two tracks. */
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (model, request)), ==, 2);

  /* An "n" belongs to the innermost open span of its id. */
  g_assert_cmpuint (n_instants (model, request), ==, 1);
  progress = instant_at (model, request, 0);
  g_assert_cmpint (progress->ts, ==, 160000);
  g_assert_cmpstr (str (model, progress->ref), ==, "progress");

  other = chrome_test_lane_spans (model, named_lane (model, TL_LANE_ASYNC, 1, "dns"));
  g_assert_cmpuint (other->len, ==, 1);
  assert_span (&g_array_index (other, TlSpan, 0), model, 110000, 150000, TL_SPAN_ASYNC, "dns", 0);
  g_clear_pointer (&other, g_array_unref);
  other = chrome_test_lane_spans (model, named_lane (model, TL_LANE_ASYNC, 1, "load"));
  assert_span (&g_array_index (other, TlSpan, 0), model, 300000, 350000, TL_SPAN_ASYNC, "load", 0);
  g_assert_cmpuint (g_array_index (other, TlSpan, 0).arg, ==, 1);
  g_clear_pointer (&other, g_array_unref);
  other = chrome_test_lane_spans (model, named_lane (model, TL_LANE_ASYNC, 1, "legacy"));
  assert_span (&g_array_index (other, TlSpan, 0), model, 400000, 450000, TL_SPAN_ASYNC, "legacy", 0);
  g_clear_pointer (&other, g_array_unref);
  other = chrome_test_lane_spans (model, named_lane (model, TL_LANE_ASYNC, 1, "dangling"));
  assert_span (&g_array_index (other, TlSpan, 0), model, 500000, 500000, TL_SPAN_ASYNC, "dangling",
               TL_SPAN_FLAG_UNCLOSED);

  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_UNCLOSED), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 1);
}

static void
test_golden_bad_events (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("bad-events.json");
  guint32 lane = lane_of (model, TL_LANE_THREAD, 1, 1);
  g_autoptr(GArray) spans = chrome_test_lane_spans (model, lane);
  guint32 named_pid = g_str_hash ("renderer");

  /* Skipped: no ts, a ts that is no number, a negative dur, a sample (P),
   * no phase, and two elements that are not objects. */
  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT), ==, 7);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 1);

  g_assert_cmpuint (spans->len, ==, 3);
  /* No dur: lasts no time (and was warned about). */
  assert_span (&g_array_index (spans, TlSpan, 0), model, 7000, 7000, TL_SPAN_SLICE, "nodur", 0);
  /* Numbers written as strings. */
  assert_span (&g_array_index (spans, TlSpan, 1), model, 12500, 13500, TL_SPAN_SLICE, "str-ts", 0);
  /* 0.0005 us is half a nanosecond: rounded up. */
  assert_span (&g_array_index (spans, TlSpan, 2), model, 1000000, 1000001, TL_SPAN_SLICE, "big", 0);
  g_assert_cmpstr (str (model, instant_at (model, lane, 0)->ref), ==, "esc\xc3\xa9\xf0\x9f\x98\x80\n");

  /* A pid that is a name: hashed, kept apart, and called by that name. */
  g_clear_pointer (&spans, g_array_unref);
  spans = chrome_test_lane_spans (model, lane_of (model, TL_LANE_THREAD, named_pid, 1));
  assert_span (&g_array_index (spans, TlSpan, 0), model, 10000, 11000, TL_SPAN_SLICE, "named-pid", 0);
  g_assert_cmpstr (str (model, tl_trace_model_get_process (model, tl_trace_model_lookup_process (model, named_pid))->name),
                   ==, "renderer");
}

static void
test_golden_viztracer (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_load ("viztracer.json");
  guint32 main_lane = lane_of (model, TL_LANE_THREAD, 4242, 4242);
  guint32 thread_lane = lane_of (model, TL_LANE_THREAD, 4242, 4243);
  /* The forked child's events carry the parent's main-thread tid. */
  guint32 child_lane = lane_of (model, TL_LANE_THREAD, 4250, 4242);
  g_autoptr(GArray) spans = chrome_test_lane_spans (model, main_lane);
  TlLane *lane = tl_trace_model_get_lane (model, main_lane);
  const TlSpan *track;
  guint n;

  assert_no_warnings (model);
  g_assert_cmpuint (tl_trace_model_get_n_lanes (model), ==, 3);
  g_assert_cmpuint (tl_trace_model_get_n_processes (model), ==, 2);
  g_assert_cmpstr (lane_name (model, main_lane), ==, "MainThread");
  g_assert_cmpstr (lane_name (model, thread_lane), ==, "Thread-1");
  g_assert_cmpstr (lane_name (model, child_lane), ==, "MainThread");

  /* Large absolute fractional ts, exact to the nanosecond (a double of
   * 1732123456789.001 would not give ...789001). */
  g_assert_cmpuint (spans->len, ==, 3);
  assert_span (&g_array_index (spans, TlSpan, 0), model,
               G_GINT64_CONSTANT (1732123456789001), G_GINT64_CONSTANT (1732123456792000),
               TL_SPAN_SLICE, "main (/home/u/app.py:9)", 0);
  assert_span (&g_array_index (spans, TlSpan, 1), model,
               G_GINT64_CONSTANT (1732123456789123), G_GINT64_CONSTANT (1732123456790623),
               TL_SPAN_SLICE, "helper (/home/u/app.py:4)", 0);
  assert_span (&g_array_index (spans, TlSpan, 2), model,
               G_GINT64_CONSTANT (1732123456790750), G_GINT64_CONSTANT (1732123456791000),
               TL_SPAN_SLICE, "helper (/home/u/app.py:4)", 0);

  /* Written in end order (callees first), placed as they nest. */
  track = tl_lane_get_spans (lane, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (str (model, track[0].ref), ==, "main (/home/u/app.py:9)");
  tl_lane_get_spans (lane, 1, &n);
  g_assert_cmpuint (n, ==, 2);

  g_clear_pointer (&spans, g_array_unref);
  spans = chrome_test_lane_spans (model, child_lane);
  g_assert_cmpuint (spans->len, ==, 2);
  assert_span (&g_array_index (spans, TlSpan, 0), model,
               G_GINT64_CONSTANT (1732123456794999), G_GINT64_CONSTANT (1732123456799001),
               TL_SPAN_SLICE, "_bootstrap (/usr/lib/python3.11/multiprocessing/process.py:314)", 0);
  assert_span (&g_array_index (spans, TlSpan, 1), model,
               G_GINT64_CONSTANT (1732123456795500), G_GINT64_CONSTANT (1732123456798750),
               TL_SPAN_SLICE, "child_work (/home/u/app.py:13)", 0);

  g_assert_cmpint (instant_at (model, main_lane, 0)->ts, ==, G_GINT64_CONSTANT (1732123456792000));
  g_assert_cmpstr (str (model, tl_trace_model_get_process (model, tl_trace_model_lookup_process (model, 4250))->name),
                   ==, "python3 app.py");
}

/* ---- streaming -------------------------------------------------------------- */

/* Every golden file read through windows of 1, 2, 3... bytes gives the
 * same model as read whole: every token crosses a boundary somewhere. */
static void
test_stream_windows (void)
{
  const gsize chunks[] = { 1, 2, 3, 5, 7, 64, 4096 };

  for (guint f = 0; chrome_golden_files[f] != NULL; f++)
    {
      g_autoptr(GBytes) bytes = chrome_test_read (chrome_golden_files[f]);
      g_autoptr(TlTraceModel) whole = chrome_test_reload (bytes);
      g_autofree char *expected = tl_trace_model_dump (whole);

      for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
        {
          g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
          g_autoptr(GError) error = NULL;
          g_autoptr(TlTraceModel) model = NULL;
          g_autofree char *dump = NULL;

          model = _tl_chrome_json_load_stream (stream, chunks[c], g_bytes_get_size (bytes),
                                               NULL, NULL, NULL, &error);
          g_assert_no_error (error);
          dump = tl_trace_model_dump (model);
          g_assert_cmpstr (dump, ==, expected);
          g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, tl_trace_model_get_n_warnings (whole));
        }
    }
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
cancel_cb (double   fraction,
           gpointer user_data)
{
  if (fraction > 0.3)
    g_cancellable_cancel (user_data);
}

static void
test_stream_progress_and_cancel (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) loaded = NULL;
  g_autofree char *path = NULL;
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  guint32 name = tl_trace_model_intern (model, "slice", -1);
  int fd;

  /* A few hundred kilobytes: progress comes in steps, in order, up to 1. */
  for (guint i = 0; i < 5000; i++)
    {
      TlSpan span = { (gint64) i * 1000, (gint64) i * 1000 + 500, 0, 0, name, TL_SPAN_SLICE, 0, 0 };

      tl_trace_model_add_span (model, lane, &span);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  json = chrome_test_save (model);
  fd = g_file_open_tmp ("chrome-json-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json), &error));

  loaded = tl_chrome_json_load (path, progress_cb, fractions, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_trace_model_get_span_count (loaded, TL_SPAN_SLICE), ==, 5000);
  g_assert_cmpuint (fractions->len, >=, 1);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  /* Cancelled: no model, the GIO error. */
  g_clear_object (&loaded);
  g_cancellable_cancel (cancellable);
  loaded = tl_chrome_json_load (path, NULL, NULL, cancellable, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled half-way, from the progress callback as a window would. */
  {
    g_autoptr(GCancellable) midway = g_cancellable_new ();
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);
    g_autoptr(TlTraceModel) partial = NULL;

    g_assert_no_error (error);
    partial = _tl_chrome_json_load_stream (G_INPUT_STREAM (stream), 4096, g_bytes_get_size (json),
                                           cancel_cb, midway, midway, &error);
    g_assert_null (partial);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* A file that is not there. */
  loaded = tl_chrome_json_load ("/nonexistent/trace.json", NULL, NULL, NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
}

/* ---- nothing usable -------------------------------------------------------- */

static void
assert_fails (const char *json,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);

  g_assert_null (model);
  g_assert_error (error, TL_FORMAT_ERROR, code);
}

static void
test_nothing_usable (void)
{
  assert_fails ("", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("   \n", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("[]", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("[", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("{}", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("{\"traceEvents\":[]}", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("{\"file_info\":{\"files\":{}},\"traceEvents\":[{\"ph\":\"X\"}]}", TL_FORMAT_ERROR_EMPTY);
  assert_fails ("hello", TL_FORMAT_ERROR_CORRUPT);
  assert_fails ("[{\"ph\":\"X\",", TL_FORMAT_ERROR_CORRUPT);
  assert_fails ("{\"traceEvents\":[{\"name\":\"a\" \"ph\":\"X\"}]}", TL_FORMAT_ERROR_CORRUPT);
  assert_fails ("\x1f\x8b garbage", TL_FORMAT_ERROR_CORRUPT);
}

/* A UTF-8 byte order mark, as some Windows tools write, is no damage. */
static void
test_byte_order_mark (void)
{
  const char *json = "\xef\xbb\xbf[{\"name\":\"a\",\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1}]";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);
  g_autoptr(TlTraceModel) streamed = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 1);
  assert_no_warnings (model);
  /* Across windows of one byte too. */
  streamed = _tl_chrome_json_load_stream (stream, 1, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_trace_model_get_span_count (streamed, TL_SPAN_SLICE), ==, 1);
  assert_fails ("\xef\xbb[]", TL_FORMAT_ERROR_CORRUPT);
}

/* Valid up to a point: what came before is kept, the damage is a warning. */
static void
test_damage_keeps_the_start (void)
{
  const char *json = "[{\"name\":\"a\",\"ph\":\"X\",\"ts\":1,\"dur\":1,\"pid\":1,\"tid\":1},\n"
                     "{\"name\":\"b\",\"ph\":\"X\",\"ts\":2,\"dur\":1,\"pid\":1,\"tid\":1}}\n"
                     "{\"name\":\"c\",\"ph\":\"X\",\"ts\":3,\"dur\":1,\"pid\":1,\"tid\":1}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);
  const TlModelWarning *warning;

  g_assert_no_error (error);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 2);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 1);
  warning = tl_trace_model_get_warning (model, 0);
  g_assert_error (warning->error, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (warning->error->message, "byte 107"));
}

/* ---- round trips ------------------------------------------------------------ */

static void
test_round_trip_golden (void)
{
  for (guint f = 0; chrome_golden_files[f] != NULL; f++)
    {
      g_autoptr(TlTraceModel) model = chrome_test_load (chrome_golden_files[f]);
      g_autoptr(GBytes) once = chrome_test_save (model);
      g_autoptr(TlTraceModel) again = chrome_test_reload (once);
      g_autoptr(GBytes) twice = chrome_test_save (again);
      g_autoptr(TlTraceModel) third = chrome_test_reload (twice);
      g_autofree char *dump = tl_trace_model_dump (model);
      g_autofree char *dump_again = tl_trace_model_dump (again);
      g_autofree char *dump_third = tl_trace_model_dump (third);

      g_test_message ("%s", chrome_golden_files[f]);
      g_assert_cmpstr (dump_again, ==, dump);
      g_assert_cmpstr (dump_third, ==, dump);
      g_assert_cmpstr (tl_trace_model_get_metadata (again, "displayTimeUnit"), ==,
                       tl_trace_model_get_metadata (model, "displayTimeUnit"));
    }
}

static void
assert_same_metadata (TlTraceModel *a,
                      TlTraceModel *b)
{
  g_autofree const char **keys_a = tl_trace_model_list_metadata (a);
  g_autofree const char **keys_b = tl_trace_model_list_metadata (b);

  g_assert_cmpuint (g_strv_length ((char **) keys_a), ==, g_strv_length ((char **) keys_b));
  for (guint i = 0; keys_a[i] != NULL; i++)
    {
      g_assert_cmpstr (keys_a[i], ==, keys_b[i]);
      g_assert_cmpstr (tl_trace_model_get_metadata (a, keys_a[i]), ==, tl_trace_model_get_metadata (b, keys_b[i]));
    }
}

static void
test_round_trip_runtime (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_runtime_model ();
  g_autoptr(GBytes) json = chrome_test_save (model);
  g_autoptr(TlTraceModel) back = chrome_test_reload (json);
  g_autofree char *before = tl_trace_model_dump (model);
  g_autofree char *after = tl_trace_model_dump (back);
  guint64 dropped, torn, corrupt;
  const TlProcess *child;

  /* Sanity: the model holds what the test means it to. */
  for (TlSpanKind kind = TL_SPAN_RUNNING; kind < TL_N_SPAN_KINDS; kind++)
    if (kind != TL_SPAN_WAIT_SEMAPHORE && kind != TL_SPAN_WAIT_BARRIER && kind != TL_SPAN_WAIT_EVENT &&
        kind != TL_SPAN_WAIT_OTHER && kind != TL_SPAN_ASYNC)
      g_assert_cmpuint (tl_trace_model_get_span_count (model, kind), >, 0);
  for (TlFlowKind kind = TL_FLOW_MESSAGE; kind < TL_FLOW_GENERIC; kind++)
    {
      const TlFlow *flows;
      guint n;
      gboolean seen = FALSE;

      flows = tl_trace_model_get_flows (model, &n);
      for (guint i = 0; i < n; i++)
        seen |= flows[i].kind == kind;
      g_assert_true (seen);
    }

  g_assert_cmpstr (after, ==, before);

  tl_trace_model_get_loss (back, &dropped, &torn, &corrupt);
  g_assert_cmpuint (dropped, ==, 5);
  g_assert_cmpuint (torn, ==, 2);
  g_assert_cmpuint (corrupt, ==, 1);
  assert_same_metadata (model, back);

  child = tl_trace_model_get_process (back, tl_trace_model_lookup_process (back, 200));
  g_assert_true (child->exited);
  g_assert_cmpint (child->exit_status, ==, 3);
  g_assert_cmpint (child->exit_ts, ==, 70 * MS);
  g_assert_cmpuint (child->parent_pid, ==, 100);
  g_assert_cmpint (child->start_ts, ==, 2 * MS);

  /* What the dump does not show: event counts, and locks tied to their lanes. */
  g_assert_cmpuint (tl_trace_model_get_n_events (back), ==, tl_trace_model_get_n_events (model));
  for (TlEventKind kind = TL_EVENT_NONE; kind < TL_EVENT_N_KINDS; kind++)
    g_assert_cmpuint (tl_trace_model_get_event_count (back, kind), ==, tl_trace_model_get_event_count (model, kind));
  for (guint i = 0; i < tl_trace_model_get_n_lanes (model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      TlLaneKind kind = tl_lane_get_kind (lane);
      guint32 back_lane;
      const TlObject *object, *back_object;

      if (kind != TL_LANE_LOCK && kind != TL_LANE_GIL)
        continue;
      back_lane = lane_of (back, kind, tl_lane_get_pid (lane), tl_lane_get_key (lane));
      object = tl_trace_model_get_object (model, tl_lane_get_object (lane));
      g_assert_cmpuint (tl_lane_get_object (tl_trace_model_get_lane (back, back_lane)), !=, TL_INDEX_NONE);
      back_object = tl_trace_model_get_object (back, tl_lane_get_object (tl_trace_model_get_lane (back, back_lane)));
      g_assert_cmpint (back_object->role, ==, object->role);
      g_assert_cmpuint (back_object->id, ==, object->id);
      g_assert_cmpuint (back_object->lane, ==, back_lane);
    }

  /* The warnings of the original travel too. */
  g_assert_cmpuint (tl_trace_model_get_n_warnings (back), >=, tl_trace_model_get_n_warnings (model));

  /* And once more: the JSON of the re-imported model gives it again. */
  chrome_test_assert_round_trip (back);
}

/* A model of explicit items at awkward times and values. */
static void
test_round_trip_explicit (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 thread = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 9, G_GUINT64_CONSTANT (0x1234567890));
  guint32 real = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 9, 0x40000000u);
  guint32 lock = tl_trace_model_ensure_lane (model, TL_LANE_LOCK, 9, G_MAXUINT64);
  guint32 counter = tl_trace_model_ensure_lane (model, TL_LANE_COUNTER, 9, tl_trace_model_intern (model, "c", -1));
  guint32 async = tl_trace_model_ensure_lane (model, TL_LANE_ASYNC, 10, tl_trace_model_intern (model, "a", -1));
  TlSpan spans[] = {
    { G_GINT64_CONSTANT (-5000000001), 7, 1, 2, tl_trace_model_intern (model, "\x01\"\\/\t\xe2\x80\xa8", -1),
      TL_SPAN_SLICE, TL_SPAN_FLAG_FAILED, 0 },
    { 1, 2, G_MAXUINT64, 0, TL_INDEX_NONE, TL_SPAN_SLICE, 0, 0 },
    /* The latest times a file may hold (past them, readers leave events out). */
    { TL_FORMAT_TS_MAX - 1, TL_FORMAT_TS_MAX, 0, 0, tl_trace_model_ensure_object (model, TL_ROLE_BARRIER, 3), TL_SPAN_WAIT_BARRIER, TL_SPAN_FLAG_TIMEOUT, 0 },
  };
  TlSpan owner = { 5, 9, 0, 0, real, TL_SPAN_OWNER, 0, 0 };
  TlSpan async_span = { 3, 4, 77, 0, tl_trace_model_intern (model, "a", -1), TL_SPAN_ASYNC, 0, 0 };
  TlInstant instant = { 3, 0, TL_INDEX_NONE, TL_EVENT_PRINT, TL_ROLE_TEXT, 0 };
  TlFlow flow = { 1, 2, G_MAXUINT64, thread, real, TL_INDEX_NONE, TL_FLOW_WAKE, 0 };

  tl_trace_model_set_lane_name (model, real, tl_trace_model_intern (model, "named like \"this\"", -1));
  tl_trace_model_set_lane_sort_index (model, real, -7);
  tl_trace_model_set_process_sort_index (model, 9, 3);
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    tl_trace_model_add_span (model, thread, &spans[i]);
  tl_trace_model_add_span (model, lock, &owner);
  tl_trace_model_add_span (model, async, &async_span);
  tl_trace_model_add_instant (model, thread, &instant);
  tl_trace_model_add_flow (model, &flow);
  tl_trace_model_add_counter_sample (model, counter, 0, 5e-324);
  tl_trace_model_add_counter_sample (model, counter, 1, INFINITY);
  tl_trace_model_add_counter_sample (model, counter, 2, -0.0);
  tl_trace_model_ensure_process (model, 11);   /* a process with nothing */
  tl_trace_model_set_metadata (model, "displayTimeUnit", "ms");
  tl_trace_model_finish (model, TL_TS_NONE);

  chrome_test_assert_round_trip (model);

  {
    g_autoptr(GBytes) json = chrome_test_save (model);
    g_autoptr(TlTraceModel) back = chrome_test_reload (json);
    guint32 back_real = lane_of (back, TL_LANE_THREAD, 9, 0x40000000u);
    const TlProcess *process = tl_trace_model_get_process (back, tl_trace_model_lookup_process (back, 9));

    g_assert_cmpint (tl_lane_get_sort_index (tl_trace_model_get_lane (back, back_real)), ==, -7);
    g_assert_cmpint (process->sort_index, ==, 3);
    g_assert_cmpstr (tl_trace_model_get_metadata (back, "displayTimeUnit"), ==, "ms");
    g_assert_cmpuint (tl_trace_model_lookup_process (back, 11), !=, TL_INDEX_NONE);
  }
}

/* ---- what the file looks like ---------------------------------------------- */

static void
test_save_format (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_runtime_model ();
  g_autoptr(GBytes) json = chrome_test_save (model);
  g_autofree char *text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));

  /* traceEvents first; a complete, terminated file. */
  g_assert_true (g_str_has_prefix (text, "{\"traceEvents\":["));
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_nonnull (strstr (text, "\"threadline\":{\"format_version\":1,\"lost\":{\"dropped\":5,\"torn\":2,\"corrupt\":1}"));

  /* Names of every process and thread, as Chrome knows them. */
  g_assert_nonnull (strstr (text, "{\"ph\":\"M\",\"pid\":100,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"main process\"}}"));
  g_assert_nonnull (strstr (text, "{\"ph\":\"M\",\"pid\":100,\"tid\":1,\"name\":\"thread_name\",\"args\":{\"name\":\"worker \\\"1\\\"\"}}"));
  for (guint i = 0; i < tl_trace_model_get_n_lanes (model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      g_autofree char *sort = NULL;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      sort = g_strdup_printf ("{\"ph\":\"M\",\"pid\":%u,\"tid\":%" G_GUINT64_FORMAT ",\"name\":\"thread_sort_index\"",
                              tl_lane_get_pid (lane), tl_lane_get_key (lane));
      g_assert_nonnull (strstr (text, sort));
    }
  /* Unnamed threads get a name for viewers, marked as made up. */
  g_assert_nonnull (strstr (text, "{\"ph\":\"M\",\"pid\":100,\"tid\":2,\"name\":\"thread_name\",\"cat\":\"threadline\",\"args\":{\"name\":\"Thread 2\",\"named\":false}}"));
  g_assert_nonnull (strstr (text, "{\"ph\":\"M\",\"pid\":200,\"tid\":0,\"name\":\"process_name\",\"cat\":\"threadline\",\"args\":{\"name\":\"Process 200\",\"named\":false}}"));
  /* The lock is a pseudo-thread saying what it is. */
  g_assert_nonnull (strstr (text, "\"name\":\"thread_name\",\"cat\":\"threadline\",\"args\":{\"name\":\"L\",\"named\":true,\"lane\":\"lock\",\"key\":7,\"obj_role\":\"mutex\",\"obj_id\":7,\"obj_name\":\"L\"}"));

  /* Exact microseconds from nanoseconds: the task ran from 41 to 45 ms. */
  g_assert_nonnull (strstr (text, "\"ts\":41000,\"dur\":4000,\"name\":\"task\",\"cat\":\"threadline\",\"args\":{\"kind\":\"task\",\"arg\":4,\"arg2\":16,\"obj_role\":\"task\",\"obj_id\":3}"));
  /* A counter's NaN, which JSON cannot write as a number. */
  g_assert_nonnull (strstr (text, "\"name\":\"queue depth\",\"cat\":\"threadline\",\"args\":{\"value\":\"NaN\"}"));
  /* A flow as an s/f pair. */
  g_assert_nonnull (strstr (text, "\"args\":{\"kind\":\"message\",\"id\":1001,\"obj_role\":\"queue\",\"obj_id\":11}"));
  g_assert_nonnull (strstr (text, "\"ph\":\"f\""));
}

/* Spans that cross (a lock held across a wait, two semaphore holders) go
 * to pseudo-threads of their own, one per track, so that every thread of
 * the file nests as Perfetto requires; our reader puts them back. */
static void
test_save_crossing_spans (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 thread = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  guint32 sem = tl_trace_model_ensure_object (model, TL_ROLE_SEMAPHORE, 5);
  guint32 lock = tl_trace_model_ensure_lane (model, TL_LANE_LOCK, 1, 5);
  guint32 other = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 2);
  TlSpan spans[] = {
    { 0, 10 * MS, 0, 0, TL_INDEX_NONE, TL_SPAN_RUNNING, 0, 0 },
    { 10 * MS, 20 * MS, 0, 0, sem, TL_SPAN_WAIT_SEMAPHORE, 0, 0 },
    { 5 * MS, 15 * MS, 0, 0, sem, TL_SPAN_HOLD_LOCK, 0, 0 },
  };
  TlSpan owners[] = {
    { 5 * MS, 15 * MS, 0, 0, thread, TL_SPAN_OWNER, 0, 0 },
    { 8 * MS, 18 * MS, 0, 0, other, TL_SPAN_OWNER, 0, 0 },
  };
  g_autoptr(GBytes) json = NULL;
  g_autofree char *text = NULL;

  tl_trace_model_set_lane_object (model, lock, sem);
  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    tl_trace_model_add_span (model, thread, &spans[i]);
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    tl_trace_model_add_span (model, lock, &owners[i]);
  tl_trace_model_finish (model, TL_TS_NONE);
  g_assert_cmpuint (tl_lane_get_n_tracks (tl_trace_model_get_lane (model, thread)), ==, 2);

  json = chrome_test_save (model);
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_assert_nonnull (strstr (text, "\"name\":\"Thread 1 [1]\",\"named\":false,\"lane\":\"thread\",\"key\":1,\"track\":1}"));
  g_assert_nonnull (strstr (text, "\"lane\":\"lock\",\"key\":5,\"track\":1}"));
  chrome_test_assert_x_events_nest (json);
  chrome_test_assert_round_trip (model);
}

static void
test_save_small_times (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);
  TlSpan span = { 1234567, 1234567 + 1001, 0, 0, tl_trace_model_intern (model, "s", -1), TL_SPAN_SLICE, 0, 0 };
  g_autoptr(GBytes) json = NULL;
  g_autofree char *text = NULL;

  tl_trace_model_add_span (model, lane, &span);
  tl_trace_model_finish (model, TL_TS_NONE);
  json = chrome_test_save (model);
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_assert_nonnull (strstr (text, "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1234.567,\"dur\":1.001,\"name\":\"s\"}"));
}

static void
test_save_progress (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_runtime_model ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_chrome_json_save (model, stream, progress_cb, fractions, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, >, tl_trace_model_get_n_lanes (model));
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
}

static void
test_save_cancelled (void)
{
  g_autoptr(TlTraceModel) model = chrome_test_runtime_model ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (tl_chrome_json_save (model, stream, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Files that say they are ours but are not quite: warnings, no crash. */
static void
test_forged_threadline_events (void)
{
  const char *json =
    "[{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":1,\"name\":\"x\",\"cat\":\"threadline\",\"args\":{\"kind\":\"nonsense\"}},"
    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":2,\"dur\":1,\"name\":\"x\",\"cat\":\"threadline\",\"args\":{\"kind\":\"owner\"}},"
    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":3,\"dur\":1,\"name\":\"x\",\"cat\":\"threadline\",\"args\":{\"kind\":\"hold-lock\",\"obj_role\":\"bogus\"}},"
    "{\"ph\":\"i\",\"pid\":1,\"tid\":1,\"ts\":4,\"name\":\"x\",\"cat\":\"threadline\",\"args\":{\"kind\":\"nope\",\"role\":\"nope\",\"arg\":-1}},"
    "{\"ph\":\"M\",\"pid\":1,\"tid\":5,\"name\":\"thread_name\",\"cat\":\"threadline\",\"args\":{\"lane\":\"bogus\"}},"
    "{\"ph\":\"C\",\"pid\":1,\"tid\":5,\"ts\":5,\"name\":\"c\",\"cat\":\"threadline\",\"args\":{\"value\":\"many\"}},"
    "{\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":6,\"name\":\"x\",\"cat\":\"threadline\",\"id\":1,\"args\":{\"kind\":\"teleport\"}},"
    "{\"ph\":\"f\",\"pid\":1,\"tid\":1,\"ts\":7,\"name\":\"x\",\"cat\":\"threadline\",\"id\":1}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_chrome_json_load_data (json, strlen (json), &error);
  const TlFlow *flows;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpuint (chrome_test_warning_count (model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT), ==, 6);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_SLICE), ==, 1);
  g_assert_cmpuint (tl_trace_model_get_span_count (model, TL_SPAN_HOLD_LOCK), ==, 1);
  flows = tl_trace_model_get_flows (model, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (flows[0].kind, ==, TL_FLOW_GENERIC);
  chrome_test_assert_round_trip (model);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/chrome-json/numbers/parse", test_numbers_parse);
  g_test_add_func ("/formats/chrome-json/numbers/format", test_numbers_format);
  g_test_add_func ("/formats/chrome-json/numbers/fast-path", test_numbers_fast_path);
  g_test_add_func ("/formats/chrome-json/golden/array", test_golden_array);
  g_test_add_func ("/formats/chrome-json/golden/object", test_golden_object);
  g_test_add_func ("/formats/chrome-json/golden/unterminated", test_golden_unterminated);
  g_test_add_func ("/formats/chrome-json/golden/gzip", test_golden_gzip);
  g_test_add_func ("/formats/chrome-json/golden/unsorted", test_golden_unsorted);
  g_test_add_func ("/formats/chrome-json/golden/null-args", test_golden_null_args);
  g_test_add_func ("/formats/chrome-json/golden/begin-end-mismatch", test_golden_begin_end_mismatch);
  g_test_add_func ("/formats/chrome-json/golden/counters", test_golden_counters);
  g_test_add_func ("/formats/chrome-json/golden/flows", test_golden_flows);
  g_test_add_func ("/formats/chrome-json/golden/async", test_golden_async);
  g_test_add_func ("/formats/chrome-json/golden/bad-events", test_golden_bad_events);
  g_test_add_func ("/formats/chrome-json/golden/viztracer", test_golden_viztracer);
  g_test_add_func ("/formats/chrome-json/stream/windows", test_stream_windows);
  g_test_add_func ("/formats/chrome-json/stream/progress-and-cancel", test_stream_progress_and_cancel);
  g_test_add_func ("/formats/chrome-json/errors/nothing-usable", test_nothing_usable);
  g_test_add_func ("/formats/chrome-json/errors/damage-keeps-the-start", test_damage_keeps_the_start);
  g_test_add_func ("/formats/chrome-json/errors/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/formats/chrome-json/errors/forged-threadline-events", test_forged_threadline_events);
  g_test_add_func ("/formats/chrome-json/round-trip/golden", test_round_trip_golden);
  g_test_add_func ("/formats/chrome-json/round-trip/runtime-events", test_round_trip_runtime);
  g_test_add_func ("/formats/chrome-json/round-trip/explicit-items", test_round_trip_explicit);
  g_test_add_func ("/formats/chrome-json/save/format", test_save_format);
  g_test_add_func ("/formats/chrome-json/save/exact-times", test_save_small_times);
  g_test_add_func ("/formats/chrome-json/save/crossing-spans", test_save_crossing_spans);
  g_test_add_func ("/formats/chrome-json/save/progress", test_save_progress);
  g_test_add_func ("/formats/chrome-json/save/cancelled", test_save_cancelled);

  return g_test_run ();
}
