/* test-span-search.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Searching spans by name: the matches and their count, in time order,
 * next and previous, held to a brute-force scan of random models.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "model-brute.h"
#include "tl-test-util.h"

static const char * const needles[] = {
  "prog.py", "PROG.PY", "count", "Count_All", "\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89", "time.",
  "lock-a", "task", "(", " ", ".py:1", "zzz", "",
};

static void
test_random_models (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260611);

  for (guint m = 0; m < 6; m++)
    {
      g_autoptr(TlTraceModel) model = brute_random_model (rand, 1 + m, 5 + 3 * m);

      for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
        brute_assert_search (model, needles[i]);
    }
}

static gint64
start_of (TlTraceModel    *model,
          const TlItemRef *ref)
{
  gint64 start, end;

  g_assert_true (tl_trace_model_get_item_range (model, ref, &start, &end));
  return start;
}

/* Next and previous from any moment: the first match that starts after
 * it, the last that starts before it. */
static void
test_find (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(TlTraceModel) model = brute_random_model (rand, 4, 12);
  g_autoptr(TlSpanSearch) search = tl_span_search_new (model, "prog");
  const TlItemRef *matches;
  gint64 start, end;
  guint n;

  matches = tl_span_search_get_matches (search, &n);
  g_assert_cmpuint (n, >, 20);
  g_assert_true (tl_trace_model_get_time_range (model, &start, &end));
  for (gint64 ts = start - 3; ts <= end + 3; ts += 1 + g_rand_int_range (rand, 0, 300))
    {
      guint next = G_MAXUINT, previous = G_MAXUINT;

      for (guint i = 0; i < n; i++)
        {
          gint64 at = start_of (model, &matches[i]);

          if (at > ts && next == G_MAXUINT)
            next = i;
          if (at < ts)
            previous = i;
        }
      g_assert_cmpuint (tl_span_search_find (search, ts, 1), ==, next);
      g_assert_cmpuint (tl_span_search_find (search, ts, -1), ==, previous);
    }
  /* Stepping visits every moment a match starts, and each only once. */
  {
    guint i = tl_span_search_find (search, start - 1, 1), steps = 0;

    while (i != G_MAXUINT)
      {
        i = tl_span_search_find (search, start_of (model, &matches[i]), 1);
        steps++;
      }
    g_assert_cmpuint (steps, <=, n);
    g_assert_cmpuint (steps, >, 0);
  }
}

/* What a painter asks per span while it draws. */
static void
test_matches_span (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(TlTraceModel) model = brute_random_model (rand, 3, 10);
  g_autoptr(TlSpanSearch) search = tl_span_search_new (model, "Prime");
  g_autoptr(GArray) expected = brute_search (model, "Prime");
  guint matched = 0;

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 0; i < n; i++)
            matched += tl_span_search_matches_span (search, &spans[i]);
        }
    }
  g_assert_cmpuint (matched, ==, expected->len);
  g_assert_false (tl_span_search_matches_name (search, TL_INDEX_NONE));
  /* A name the search never met is looked at when asked. */
  g_assert_true (tl_span_search_matches_name (search, tl_trace_model_intern (model, "is_PRIME2", -1)));
  g_assert_false (tl_span_search_matches_name (search, tl_trace_model_intern (model, "other", -1)));
}

static void
test_what_it_holds (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(TlSpanSearch) search = NULL;
  g_autoptr(TlSpanSearch) empty = NULL;
  guint n;

  TlSpan span = { 10, 20, 0, 0, 0, TL_SPAN_SLICE, 0, 0 };

  span.ref = tl_trace_model_intern (model, "max", -1);
  tl_trace_model_add_span (model, tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1), &span);
  tl_trace_model_finish (model, TL_TS_NONE);
  search = tl_span_search_new (model, "X");
  g_assert_cmpstr (tl_span_search_get_text (search), ==, "X");
  g_assert_true (tl_span_search_get_model (search) == model);
  g_assert_cmpuint (tl_span_search_get_generation (search), ==, tl_trace_model_get_generation (model));
  g_assert_cmpuint (tl_span_search_get_n_matches (search), ==, 1);
  g_assert_cmpuint (tl_span_search_find (search, 9, 1), ==, 0);
  g_assert_cmpuint (tl_span_search_find (search, 10, 1), ==, G_MAXUINT);
  g_assert_cmpuint (tl_span_search_find (search, 10, -1), ==, G_MAXUINT);
  g_assert_cmpuint (tl_span_search_find (search, 11, -1), ==, 0);
  /* Text that is no UTF-8 finds nothing. */
  empty = tl_span_search_new (model, "\xff");
  tl_span_search_get_matches (empty, &n);
  g_assert_cmpuint (n, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/span-search/random-models", test_random_models);
  g_test_add_func ("/model/span-search/find", test_find);
  g_test_add_func ("/model/span-search/matches-span", test_matches_span);
  g_test_add_func ("/model/span-search/what-it-holds", test_what_it_holds);

  return g_test_run ();
}
