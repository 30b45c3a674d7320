/* test-replay.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replay in the real window, under Xvfb, on a recording of race-counter:
 * . visits the lesson's steps in order, and each changes the picture;
 * the caption says exactly the stepped event, the story marks it, the
 * clock tells steps apart; the caption line keeps its height; Shift+.
 * visits every event; bookmarks are made, noted, visited and removed.
 * Without a display the tests are skipped.
 */
#include "config.h"

#include <string.h>

#include "tl-bookmarks.h"
#include "tl-describe.h"
#include "tl-painter.h"
#include "tl-timeline-view.h"
#include "tl-test-util.h"
#include "window-test-util.h"

static TlApplication *app;

/* One of the recordings in tests/data/tltrace. */
static TlWindow *
open_recording (const char *name,
                int         width,
                int         height)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tltrace", name, NULL);

  return tl_window_test_open_in_app (app, path, width, height);
}

/* What the timeline shows, both layers, drawn by its painter. */
static cairo_surface_t *
draw_timeline (TlWindow *window)
{
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (window));
  TlViewport viewport;
  cairo_surface_t *surface;
  cairo_t *cr;

  tl_timeline_view_get_viewport (view, &viewport);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, viewport.width, viewport.height);
  cr = cairo_create (surface);
  tl_painter_draw (tl_timeline_view_get_painter (view), cr, &viewport, TL_PAINT_LAYER_ALL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  gsize size = (gsize) cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a);

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b) &&
         cairo_image_surface_get_height (a) == cairo_image_surface_get_height (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b), size) == 0;
}

static gboolean
same_step (const TlStep *a,
           const TlStep *b)
{
  return a->ts == b->ts && a->edge == b->edge && a->item.lane == b->item.lane &&
         a->item.type == b->item.type && a->item.track == b->item.track && a->item.index == b->item.index;
}

/* The caption line, whatever it says. */
static GtkWidget *
caption_line (TlWindow *window)
{
  return gtk_widget_get_parent (GTK_WIDGET (window->caption_label));
}

/* Steps through @n_steps of the lesson with ".", checking each. */
static void
check_steps (TlWindow   *window,
             guint       n_steps,
             const char *screenshot)
{
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model = tl_session_get_model (session);
  TlLessonSteps *steps = tl_session_get_lesson_steps (session);
  GtkWidget *timeline = tl_window_get_timeline (window);
  cairo_surface_t *before = NULL;
  g_autofree char *last_time = NULL;
  int caption_height = -1, timeline_height = -1;
  gint64 start, end;

  g_assert_nonnull (steps);
  g_assert_cmpuint (tl_lesson_steps_get_n_steps (steps), >=, n_steps);
  tl_trace_model_get_time_range (model, &start, &end);
  for (guint i = 0; i < n_steps; i++)
    {
      const TlStep *expected = tl_lesson_steps_get_step (steps, i);
      const TlStep *step;
      g_autofree char *said = NULL;
      const char *time = NULL;
      cairo_surface_t *after;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.step", "i", 1));
      tl_window_test_settle (window);
      step = tl_session_get_step (session);
      g_assert_nonnull (step);
      /* The lesson's steps, in order. */
      g_assert_true (same_step (step, expected));
      g_assert_cmpint (tl_session_get_playhead (session), ==, step->ts);
      /* The caption says exactly that event; the story marks it. */
      said = tl_describe_step (model, step);
      g_assert_cmpstr (gtk_label_get_label (window->caption_label), ==, said);
      g_assert_cmpstr (tl_narration_panel_get_current (window->narration_panel), ==, said);
      /* The clock tells it from the step before. */
      time = gtk_label_get_label (window->time_label);
      if (i > 0 && step->ts != tl_lesson_steps_get_step (steps, i - 1)->ts)
        g_assert_cmpstr (time, !=, last_time);
      g_free (last_time);
      last_time = g_strdup (time);
      /* Each step changes the picture. */
      after = draw_timeline (window);
      if (before != NULL)
        g_assert_false (same_pixels (before, after));
      g_clear_pointer (&before, cairo_surface_destroy);
      before = after;
      /* The caption line never moves the timeline. */
      if (caption_height < 0)
        {
          caption_height = gtk_widget_get_height (caption_line (window));
          timeline_height = gtk_widget_get_height (timeline);
        }
      g_assert_cmpint (gtk_widget_get_height (caption_line (window)), ==, caption_height);
      g_assert_cmpint (gtk_widget_get_height (timeline), ==, timeline_height);
      if (i == n_steps / 2 && screenshot != NULL)
        {
          g_autofree char *fit = g_strdup_printf ("fit-%s", screenshot);
          gint64 t0, t1;

          tl_window_test_screenshot (window, screenshot);
          /* The whole run, as far as the playhead; then back as it was. */
          tl_session_get_visible (session, &t0, &t1);
          tl_session_zoom_to_fit (session);
          tl_window_test_settle (window);
          tl_window_test_screenshot (window, fit);
          tl_session_set_visible (session, t0, t1);
          tl_window_test_settle (window);
          g_clear_pointer (&before, cairo_surface_destroy);
        }
    }
  g_clear_pointer (&before, cairo_surface_destroy);

  /* Back one: the step before. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.step", "i", -1));
  tl_window_test_settle (window);
  g_assert_true (same_step (tl_session_get_step (session), tl_lesson_steps_get_step (steps, n_steps - 2)));

  /* Played on, the playhead leaves the step: the caption is the story's
   * again, and the line keeps its height. */
  tl_session_set_playhead (session, end);
  tl_window_test_settle (window);
  g_assert_null (tl_session_get_step (session));
  g_assert_cmpint (gtk_widget_get_height (caption_line (window)), ==, caption_height);
  g_assert_cmpint (gtk_widget_get_height (timeline), ==, timeline_height);
}

/* A step halfway through the run, at the whole run's zoom: what a class
 * sees there, and what it has yet to see. */
static void
save_midway (TlWindow   *window,
             const char *name)
{
  TlSession *session = tl_window_get_session (window);
  gint64 start, end;

  tl_trace_model_get_time_range (tl_session_get_model (session), &start, &end);
  tl_session_set_playhead (session, start + (end - start) / 2);
  g_assert_true (tl_session_step (session, 1));
  tl_session_zoom_to_fit (session);
  tl_window_test_settle (window);
  g_assert_nonnull (tl_session_get_step (session));
  tl_window_test_screenshot (window, name);
}

static void
test_replay_steps (void)
{
  TlWindow *window = open_recording ("race-counter.tltrace", 1920, 1080);

  check_steps (window, 40, "replay-race-counter.png");
  save_midway (window, "replay-race-counter-midway.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* On a projector, the caption line is larger, and as steady. */
static void
test_replay_steps_presentation (void)
{
  TlWindow *window = open_recording ("race-counter.tltrace", 1280, 720);

  g_object_set (window, "presentation", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  tl_window_test_settle (window);
  check_steps (window, 20, "replay-race-counter-presentation.png");
  save_midway (window, "replay-race-counter-presentation-midway.png");
  g_object_set (window, "presentation", FALSE, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A step the eye could not tell from the last at this zoom makes the view
 * look closer. */
static void
test_replay_steps_show (void)
{
  TlWindow *window = open_recording ("race-counter.tltrace", 1920, 1080);
  TlSession *session = tl_window_get_session (window);
  gint64 previous = TL_TS_NONE;
  guint zoomed = 0;

  for (guint i = 0; i < 50; i++)
    {
      gint64 t0, t1, before_t0, before_t1;

      tl_session_get_visible (session, &before_t0, &before_t1);
      g_assert_true (tl_session_step (session, 1));
      tl_session_get_visible (session, &t0, &t1);
      g_assert_cmpint (tl_session_get_playhead (session), >=, t0);
      g_assert_cmpint (tl_session_get_playhead (session), <=, t1);
      if (previous != TL_TS_NONE && previous >= t0 && previous <= t1 &&
          tl_session_get_playhead (session) != previous && t1 - t0 > 2000)
        g_assert_cmpfloat ((double) (tl_session_get_playhead (session) - previous), >=, (t1 - t0) / 80.0 - 1);
      zoomed += t1 - t0 < before_t1 - before_t0;
      previous = tl_session_get_playhead (session);
    }
  g_assert_cmpuint (zoomed, >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Shift+. lands on every event, the GIL's too. */
static void
test_replay_every_event (void)
{
  TlWindow *window = open_recording ("race-counter.tltrace", 1600, 1000);
  TlSession *session = tl_window_get_session (window);
  TlLessonSteps *steps = tl_session_get_lesson_steps (session);
  gint64 last = G_MININT64;
  guint outside = 0;

  for (guint i = 0; i < 60; i++)
    {
      const TlStep *step;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.step-every", "i", 1));
      step = tl_session_get_step (session);
      g_assert_nonnull (step);
      g_assert_cmpint (step->ts, >, last);
      last = step->ts;
      outside += tl_lesson_steps_lookup (steps, step) == G_MAXUINT;
    }
  g_assert_cmpuint (outside, >, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* b marks the playhead and asks for a note; n and Shift+N go from one to
 * the next; Shift+B removes the one at the playhead. */
static void
test_replay_bookmarks (void)
{
  TlWindow *window = open_recording ("race-counter.tltrace", 1600, 1000);
  TlSession *session = tl_window_get_session (window);
  TlTraceModel *model = tl_session_get_model (session);
  gint64 first, second;

  for (guint i = 0; i < 5; i++)
    tl_session_step (session, 1);
  first = tl_session_get_playhead (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL));
  tl_window_test_settle (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->bookmark_popover)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (window->bookmark_entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (window->bookmark_entry)));
  gtk_editable_set_text (GTK_EDITABLE (window->bookmark_entry), "Thread-2 reads the old value");
  g_signal_emit_by_name (window->bookmark_entry, "activate");
  tl_window_test_settle (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->bookmark_popover)));
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 1);
  g_assert_cmpint (tl_trace_model_get_bookmark (model, 0)->ts, ==, first);
  g_assert_cmpstr (tl_trace_model_get_bookmark (model, 0)->note, ==, "Thread-2 reads the old value");
  g_assert_false (window->saved);
  tl_window_test_screenshot (window, "replay-bookmark.png");

  for (guint i = 0; i < 7; i++)
    tl_session_step (session, 1);
  second = tl_session_get_playhead (session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL));
  gtk_editable_set_text (GTK_EDITABLE (window->bookmark_entry), "and writes it back");
  gtk_popover_popdown (window->bookmark_popover);
  tl_window_test_settle (window);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 2);
  g_assert_cmpstr (tl_trace_model_get_bookmark (model, 1)->note, ==, "and writes it back");

  /* b on a bookmark edits its note. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark", NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->bookmark_entry)), ==, "and writes it back");
  gtk_popover_popdown (window->bookmark_popover);
  tl_window_test_settle (window);
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 2);

  /* From one to the next, and back. */
  tl_session_set_playhead (session, TL_TS_NONE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.goto-bookmark", "i", 1));
  g_assert_cmpint (tl_session_get_playhead (session), ==, first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.goto-bookmark", "i", 1));
  g_assert_cmpint (tl_session_get_playhead (session), ==, second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.goto-bookmark", "i", -1));
  g_assert_cmpint (tl_session_get_playhead (session), ==, first);

  /* Shift+B: the one at the playhead goes. */
  tl_window_test_settle (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-bookmark", NULL));
  g_assert_cmpuint (tl_trace_model_get_n_bookmarks (model), ==, 1);
  g_assert_cmpint (tl_trace_model_get_bookmark (model, 0)->ts, ==, second);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Pool.map stepped to the middle: its workers, its tasks, and what is
 * still to come hidden; on the desk and on a projector. */
static void
test_replay_pool_map (void)
{
  const struct { int width, height; gboolean presentation; const char *name, *fit; } views[] = {
    { 1920, 1080, FALSE, "replay-pool-map.png", "replay-pool-map-fit.png" },
    { 1280, 720, TRUE, "replay-pool-map-presentation.png", "replay-pool-map-presentation-fit.png" },
  };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      TlWindow *window = open_recording ("pool-map.tltrace", views[v].width, views[v].height);
      TlSession *session = tl_window_get_session (window);
      char *said;
      guint n;

      g_object_set (window, "presentation", views[v].presentation, NULL);
      gtk_window_set_default_size (GTK_WINDOW (window), views[v].width, views[v].height);
      n = tl_lesson_steps_get_n_steps (tl_session_get_lesson_steps (session));
      g_assert_cmpuint (n, >=, 10);
      for (guint i = 0; i < n / 2; i++)
        g_assert_true (tl_session_step (session, 1));
      tl_window_test_settle (window);
      said = tl_describe_step (tl_session_get_model (session), tl_session_get_step (session));
      g_assert_cmpstr (gtk_label_get_label (window->caption_label), ==, said);
      g_clear_pointer (&said, g_free);
      tl_window_test_screenshot (window, views[v].name);
      /* The whole run, as far as the playhead. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "session.zoom-to-fit", NULL));
      tl_window_test_settle (window);
      g_assert_nonnull (tl_session_get_step (session));
      tl_window_test_screenshot (window, views[v].fit);
      g_object_set (window, "presentation", FALSE, NULL);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* g fades the future rather than hiding it. */
static void
test_replay_ghost (void)
{
  TlWindow *window = open_recording ("pool-map.tltrace", 1600, 1000);
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (window));
  TlSession *session = tl_window_get_session (window);
  cairo_surface_t *hidden, *ghost;
  gint64 start, end;

  tl_trace_model_get_time_range (tl_session_get_model (session), &start, &end);
  tl_session_set_playhead (session, start + (end - start) / 2);
  tl_window_test_settle (window);
  hidden = draw_timeline (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.ghost-future", NULL));
  tl_window_test_settle (window);
  g_assert_true (tl_timeline_view_get_ghost (view));
  g_assert_true (tl_painter_get_ghost (tl_timeline_view_get_painter (view)));
  ghost = draw_timeline (window);
  g_assert_false (same_pixels (hidden, ghost));
  tl_window_test_screenshot (window, "replay-pool-map-ghost.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.ghost-future", NULL));
  g_assert_false (tl_timeline_view_get_ghost (view));
  cairo_surface_destroy (hidden);
  cairo_surface_destroy (ghost);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlTestTmpDir) data = tl_test_tmp_dir_new ("threadline-test-replay");
  int status;

  if (!tl_window_test_init (&argc, &argv, data, &app))
    return 0;

  g_test_add_func ("/ui/replay/steps", test_replay_steps);
  g_test_add_func ("/ui/replay/steps-presentation", test_replay_steps_presentation);
  g_test_add_func ("/ui/replay/steps-show", test_replay_steps_show);
  g_test_add_func ("/ui/replay/every-event", test_replay_every_event);
  g_test_add_func ("/ui/replay/bookmarks", test_replay_bookmarks);
  g_test_add_func ("/ui/replay/ghost", test_replay_ghost);
  g_test_add_func ("/ui/replay/pool-map", test_replay_pool_map);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
