/* test-model-replay.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a replay asks of the model: the trace as it stood at a moment
 * (its horizon), which must be what a live model held then; the lesson's
 * steps; a teacher's bookmarks.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "tl-bookmarks.h"
#include "tl-findings.h"
#include "tl-horizon.h"
#include "tl-lesson-steps.h"
#include "tl-test-util.h"
#include "tl-trace-model.h"

#define MS  TL_TEST_MS
#define PID 100

enum
{
  LOCK = 7,
  GIL = 99,
  COUNTER = 9,
  PRIVATE = 11,
  QUEUE = 5,
  TEXT_HELLO = 300,
};

static TlModelEvent
ev (gint64       ts,
    guint32      tid,
    TlEventKind  kind,
    TlObjectRole role,
    guint64      object,
    guint64      arg)
{
  return tl_test_event (ts, PID, tid, kind, role, object, arg);
}

/* Two threads take turns on the GIL; both hold lock L once and both
 * read and write the counter, racing: thread 1 writes 1 (W) and reads
 * it back, thread 2 writes 1 from the 0 it read before (B), so W looks
 * lost, until thread 1 writes 2 from W and B is the one lost.  Thread
 * 1 alone uses a private value; thread 2 prints and sends a message
 * that thread 1 receives. */
static GArray *
race_events (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  TlModelEvent list[] = {
    tl_test_name_event (0, PID, 1, TL_ROLE_VALUE, COUNTER, "counter"),
    tl_test_name_event (0, PID, 1, TL_ROLE_MUTEX, LOCK, "L"),
    tl_test_name_event (0, PID, 1, TL_ROLE_TEXT, TEXT_HELLO, "hello"),
    ev (1 * MS, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 2, 0),
    ev (1 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, GIL, 0),
    ev (2 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 0),
    ev (3 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, GIL, 0),
    ev (4 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1),
    ev (5 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, PRIVATE, 3),
    ev (6 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, GIL, 0),
    ev (6 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, GIL, 0),
    ev (7 * MS, 2, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 0),
    ev (8 * MS, 1, TL_EVENT_READ, TL_ROLE_VALUE, COUNTER, 1),
    ev (9 * MS, 2, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 1),
    ev (10 * MS, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK, 0),
    ev (10 * MS, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK, 0),
    ev (11 * MS, 2, TL_EVENT_PRINT, TL_ROLE_TEXT, TEXT_HELLO, 0),
    ev (12 * MS, 2, TL_EVENT_SEND, TL_ROLE_QUEUE, QUEUE, 42),
    ev (13 * MS, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, LOCK, 0),
    ev (14 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK, 0),
    ev (14 * MS, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, LOCK, 0),
    ev (15 * MS, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, COUNTER, 2),
    ev (16 * MS, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, LOCK, 0),
    ev (17 * MS, 1, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, QUEUE, 42),
    ev (18 * MS, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, GIL, 0),
    ev (20 * MS, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0),
    ev (21 * MS, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),
  };

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  return events;
}

static TlTraceModel *
model_until (GArray *events,
             gint64  until,
             gboolean finish)
{
  TlTraceModel *model = tl_trace_model_new ();

  for (guint i = 0; i < events->len; i++)
    {
      const TlModelEvent *e = &g_array_index (events, TlModelEvent, i);

      if (e->ts <= until)
        tl_trace_model_add_event (model, e);
    }
  if (finish)
    tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static guint32
thread_lane (TlTraceModel *model,
             guint32       tid)
{
  return tl_trace_model_lookup_lane (model, TL_LANE_THREAD, PID, tid);
}

/* ---- the horizon -------------------------------------------------------- */

static int
compare_open (gconstpointer a,
              gconstpointer b)
{
  const TlHorizonSpan *x = a, *y = b;

  return x->track != y->track ? (x->track < y->track ? -1 : 1) : 0;
}

/* At every moment, a finished model seen at that horizon holds what the
 * live model held: the same ended spans, the same open ones (as open),
 * the same instants. */
static void
test_horizon_is_live (void)
{
  g_autoptr(GArray) events = race_events ();
  g_autoptr(TlTraceModel) finished = model_until (events, G_MAXINT64, TRUE);

  for (gint64 t = 0; t <= 22 * MS; t += MS / 2)
    {
      g_autoptr(TlTraceModel) live = model_until (events, t, FALSE);

      for (guint32 l = 0; l < tl_trace_model_get_n_lanes (finished); l++)
        {
          TlLane *f = tl_trace_model_get_lane (finished, l);
          guint32 index = tl_trace_model_lookup_lane (live, tl_lane_get_kind (f), tl_lane_get_pid (f),
                                                      tl_lane_get_key (f));
          TlLane *lv;
          g_autoptr(GArray) open_f = g_array_new (FALSE, FALSE, sizeof (TlHorizonSpan));
          g_autoptr(GArray) open_l = g_array_new (FALSE, FALSE, sizeof (TlHorizonSpan));
          guint n_live, n_finished;

          if (index == TL_INDEX_NONE)
            {
              g_assert_false (tl_trace_model_lane_begun (finished, l, t));
              continue;
            }
          lv = tl_trace_model_get_lane (live, index);
          g_assert_cmpuint (tl_lane_get_n_tracks_at (f, t), ==, tl_lane_get_n_tracks_at (lv, TL_HORIZON_NONE));
          for (guint track = 0; track < tl_lane_get_n_tracks (f); track++)
            {
              const TlSpan *a = tl_lane_get_spans (f, track, &n_finished);
              const TlSpan *b = tl_lane_get_spans (lv, track, &n_live);

              g_assert_cmpuint (tl_lane_count_ended_spans (f, track, t), ==, n_live);
              for (guint i = 0; i < n_live; i++)
                {
                  g_assert_cmpint (a[i].start, ==, b[i].start);
                  g_assert_cmpint (a[i].end, ==, b[i].end);
                  g_assert_cmpuint (a[i].kind, ==, b[i].kind);
                }
            }
          g_assert_cmpuint (tl_lane_count_instants_until (f, t), ==,
                            (tl_lane_get_instants (lv, &n_live), n_live));
          tl_lane_collect_open_at (f, t, open_f);
          tl_lane_collect_open_at (lv, TL_HORIZON_NONE, open_l);
          g_array_sort (open_f, compare_open);
          g_array_sort (open_l, compare_open);
          g_assert_cmpuint (open_f->len, ==, open_l->len);
          for (guint i = 0; i < open_f->len; i++)
            {
              const TlHorizonSpan *x = &g_array_index (open_f, TlHorizonSpan, i);
              const TlHorizonSpan *y = &g_array_index (open_l, TlHorizonSpan, i);

              g_assert_false (x->own);
              g_assert_true (y->own);
              g_assert_cmpuint (x->track, ==, y->track);
              g_assert_cmpint (x->span.start, ==, y->span.start);
              g_assert_cmpuint (x->span.kind, ==, y->span.kind);
              g_assert_cmpuint (x->span.ref, ==, y->span.ref);
              g_assert_cmpuint (x->span.arg, ==, y->span.arg);
              g_assert_cmpuint (x->span.arg2, ==, y->span.arg2);
              g_assert_cmpuint (x->span.flags, ==, y->span.flags);
            }
        }
    }
}

/* The lost updates at a moment are those the live run had found then,
 * though a later write changes which one was lost. */
static void
test_findings_until (void)
{
  g_autoptr(GArray) events = race_events ();
  g_autoptr(TlTraceModel) finished = model_until (events, G_MAXINT64, TRUE);
  const TlFinding *f;
  gboolean saw_w_lost = FALSE;
  guint n;

  for (gint64 t = 0; t <= 22 * MS; t += MS / 2)
    {
      g_autoptr(TlTraceModel) live = model_until (events, t, FALSE);
      guint n_live, n_until;
      const TlFinding *a = tl_trace_model_get_findings (live, &n_live);
      g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (TlFinding));
      const TlFinding *b;

      g_array_append_vals (copy, a, n_live);
      b = tl_trace_model_get_findings_until (finished, t, &n_until);
      g_assert_cmpuint (n_until, ==, n_live);
      for (guint i = 0; i < n_live; i++)
        {
          const TlFinding *x = &g_array_index (copy, TlFinding, i);

          g_assert_cmpint (x->kind, ==, b[i].kind);
          g_assert_cmpint (x->ts, ==, b[i].ts);
          g_assert_cmpint (x->by_ts, ==, b[i].by_ts);
          if (x->kind == TL_FINDING_LOST_UPDATE && x->ts == 4 * MS)
            saw_w_lost = TRUE;
        }
    }
  /* W looked lost for a while; in the end B is. */
  g_assert_true (saw_w_lost);
  f = tl_trace_model_get_findings (finished, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (f[0].ts, ==, 9 * MS);
  g_assert_cmpint (f[0].by_ts, ==, 15 * MS);
  /* Going back in time works out the past again. */
  tl_trace_model_get_findings_until (finished, 20 * MS, &n);
  g_assert_cmpuint (n, ==, 1);
  f = tl_trace_model_get_findings_until (finished, 10 * MS, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (f[0].ts, ==, 4 * MS);
}

/* ---- the lesson's steps ------------------------------------------------- */

static void
test_lesson_objects (void)
{
  g_autoptr(GArray) events = race_events ();
  g_autoptr(TlTraceModel) model = model_until (events, G_MAXINT64, TRUE);
  g_autoptr(GArray) objects = tl_trace_model_dup_lesson_objects (model, NULL);
  g_autoptr(GArray) named = NULL;
  const char *names[] = { "counter", NULL };
  gboolean counter = FALSE, lock = FALSE, queue = FALSE;

  /* Shared: the counter, L, the queue; not the GIL, not the private
   * value, not the threads joined. */
  for (guint i = 0; i < objects->len; i++)
    {
      const TlObject *o = tl_trace_model_get_object (model, g_array_index (objects, guint32, i));

      g_assert_cmpint (o->role, !=, TL_ROLE_GIL);
      g_assert_false (o->role == TL_ROLE_VALUE && o->id == PRIVATE);
      counter |= o->role == TL_ROLE_VALUE && o->id == COUNTER;
      lock |= o->role == TL_ROLE_MUTEX && o->id == LOCK;
      queue |= o->role == TL_ROLE_QUEUE && o->id == QUEUE;
    }
  g_assert_true (counter && lock && queue);
  g_assert_cmpuint (objects->len, ==, 3);

  /* A lesson that names its objects is taken at its word. */
  named = tl_trace_model_dup_lesson_objects (model, names);
  g_assert_cmpuint (named->len, ==, 1);
  g_assert_cmpuint (tl_trace_model_get_object (model, g_array_index (named, guint32, 0))->id, ==, COUNTER);
}

static void
test_lesson_steps (void)
{
  g_autoptr(GArray) events = race_events ();
  g_autoptr(TlTraceModel) model = model_until (events, G_MAXINT64, TRUE);
  g_autoptr(TlLessonSteps) steps = tl_lesson_steps_new (model, NULL);
  guint32 t1 = thread_lane (model, 1), t2 = thread_lane (model, 2);
  /* (time, lane, edge): reads and writes of the counter, L taken and
   * released, the print, the message; no GIL, no private value; the
   * wait for L that ends where L is taken is the taking. */
  const struct { gint64 ts; guint32 lane; TlStepEdge edge; } expected[] = {
    { 1 * MS, t1, TL_STEP_INSTANT },     /* thread 1 starts thread 2 */
    { 2 * MS, t1, TL_STEP_INSTANT },     /* reads 0 */
    { 4 * MS, t1, TL_STEP_INSTANT },     /* writes 1 */
    { 7 * MS, t2, TL_STEP_INSTANT },     /* reads 0 */
    { 8 * MS, t1, TL_STEP_INSTANT },     /* reads 1 */
    { 9 * MS, t2, TL_STEP_INSTANT },     /* writes 1 */
    { 10 * MS, t2, TL_STEP_BEGIN },      /* takes L */
    { 11 * MS, t2, TL_STEP_INSTANT },    /* prints */
    { 12 * MS, t2, TL_STEP_INSTANT },    /* sends */
    { 13 * MS, t1, TL_STEP_BEGIN },      /* waits for L */
    { 14 * MS, t1, TL_STEP_BEGIN },      /* takes L */
    { 14 * MS, t2, TL_STEP_END },        /* releases L */
    { 15 * MS, t1, TL_STEP_INSTANT },    /* writes 2 */
    { 16 * MS, t1, TL_STEP_END },        /* releases L */
    { 17 * MS, t1, TL_STEP_INSTANT },    /* receives */
    { 20 * MS, t2, TL_STEP_INSTANT },    /* ends */
    { 21 * MS, t1, TL_STEP_INSTANT },    /* ends */
  };
  TlStep at;
  guint index;

  g_assert_cmpuint (tl_lesson_steps_get_n_steps (steps), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const TlStep *s = tl_lesson_steps_get_step (steps, i);
      gint64 start, end;

      g_assert_cmpint (s->ts, ==, expected[i].ts);
      g_assert_cmpuint (s->item.lane, ==, expected[i].lane);
      g_assert_cmpint (s->edge, ==, expected[i].edge);
      g_assert_true (tl_trace_model_get_item_range (model, &s->item, &start, &end));
      g_assert_cmpint (s->edge == TL_STEP_END ? end : start, ==, s->ts);
      g_assert_cmpuint (tl_lesson_steps_lookup (steps, s), ==, i);
    }

  /* Forward and back from anywhere. */
  g_assert_cmpuint (tl_lesson_steps_find (steps, 0, 1), ==, 0);
  g_assert_cmpuint (tl_lesson_steps_find (steps, 9 * MS, 1), ==, 6);
  g_assert_cmpuint (tl_lesson_steps_find (steps, 9 * MS, -1), ==, 4);
  g_assert_cmpuint (tl_lesson_steps_find (steps, 14 * MS, -1), ==, 9);
  g_assert_cmpuint (tl_lesson_steps_find (steps, 21 * MS, 1), ==, G_MAXUINT);
  g_assert_cmpuint (tl_lesson_steps_find (steps, 1 * MS, -1), ==, G_MAXUINT);

  /* Every event: at 6 ms the GIL passes on, which the lesson skips. */
  g_assert_true (tl_trace_model_find_step_at (model, 6 * MS, &at));
  g_assert_cmpint (at.ts, ==, 6 * MS);
  g_assert_true (at.item.type == TL_ITEM_SPAN);
  g_assert_false (tl_trace_model_find_step_at (model, 6 * MS + 1, &at));
  index = tl_lesson_steps_find (steps, 6 * MS, -1);
  g_assert_cmpint (tl_lesson_steps_get_step (steps, index)->ts, ==, 4 * MS);
}

/* ---- bookmarks ---------------------------------------------------------- */

static void
test_bookmarks (void)
{
  g_autoptr(GArray) events = race_events ();
  g_autoptr(TlTraceModel) model = model_until (events, G_MAXINT64, TRUE);
  guint64 generation = tl_trace_model_get_generation (model);
  guint64 serial = tl_trace_model_get_bookmarks_serial (model);
  g_autofree char *dump = NULL;
  g_autofree char *long_note = g_strnfill (300, 'x');
  const TlBookmark *b;

  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 0);
  g_assert_cmpuint (tl_trace_model_add_bookmark (model, 9 * MS, "B overwrites W"), ==, 0);
  g_assert_cmpuint (tl_trace_model_add_bookmark (model, 4 * MS, "W\twrites  1\n"), ==, 0);
  g_assert_cmpuint (tl_trace_model_add_bookmark (model, 15 * MS, NULL), ==, 2);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 3);
  g_assert_cmpuint (tl_trace_model_get_bookmarks_serial (model), >, serial);
  /* Not part of what was recorded. */
  g_assert_cmpuint (tl_trace_model_get_generation (model), ==, generation);

  b = tl_trace_model_get_bookmark (model, 0);
  g_assert_cmpint (b->ts, ==, 4 * MS);
  g_assert_cmpstr (b->note, ==, "W writes  1");
  g_assert_cmpstr (tl_trace_model_get_bookmark (model, 2)->note, ==, "");

  g_assert_cmpuint (tl_trace_model_find_bookmark (model, 4 * MS, 1), ==, 1);
  g_assert_cmpuint (tl_trace_model_find_bookmark (model, 4 * MS, -1), ==, G_MAXUINT);
  g_assert_cmpuint (tl_trace_model_find_bookmark (model, 10 * MS, -1), ==, 1);
  g_assert_cmpuint (tl_trace_model_find_bookmark (model, 15 * MS, 1), ==, G_MAXUINT);
  g_assert_cmpuint (tl_trace_model_lookup_bookmark (model, 9 * MS), ==, 1);
  g_assert_cmpuint (tl_trace_model_lookup_bookmark (model, 9 * MS + 1), ==, G_MAXUINT);

  tl_trace_model_set_bookmark_note (model, 2, long_note);
  g_assert_cmpuint (strlen (tl_trace_model_get_bookmark (model, 2)->note), ==, TL_BOOKMARK_NOTE_MAX);
  tl_trace_model_set_bookmark_note (model, 2, "«é» ending");
  g_assert_cmpstr (tl_trace_model_get_bookmark (model, 2)->note, ==, "«é» ending");

  dump = tl_trace_model_dump (model);
  g_assert_nonnull (strstr (dump, "bookmark 00000000000009000000 B overwrites W\n"));

  tl_trace_model_remove_bookmark (model, 1);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 2);
  g_assert_cmpint (tl_trace_model_get_bookmark (model, 1)->ts, ==, 15 * MS);
  tl_trace_model_clear_bookmarks (model);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 0);
}

/* A note cut at its limit keeps whole characters. */
static void
test_bookmark_note_cut (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autoptr(GString) note = g_string_new ("a");
  const char *kept;

  for (guint i = 0; i < 150; i++)
    g_string_append (note, "é");
  tl_trace_model_add_bookmark (model, 0, note->str);
  kept = tl_trace_model_get_bookmark (model, 0)->note;
  g_assert_true (g_utf8_validate (kept, -1, NULL));
  g_assert_cmpuint (strlen (kept), <=, TL_BOOKMARK_NOTE_MAX);
  g_assert_cmpuint (strlen (kept), >=, TL_BOOKMARK_NOTE_MAX - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/replay/horizon-is-live", test_horizon_is_live);
  g_test_add_func ("/model/replay/findings-until", test_findings_until);
  g_test_add_func ("/model/replay/lesson-objects", test_lesson_objects);
  g_test_add_func ("/model/replay/lesson-steps", test_lesson_steps);
  g_test_add_func ("/model/replay/bookmarks", test_bookmarks);
  g_test_add_func ("/model/replay/bookmark-note-cut", test_bookmark_note_cut);

  return g_test_run ();
}
