/* test-render-cards.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run's lesson in the picture: its cards and chart in a column beside
 * the lanes, never over them, as large as the rest on a projector, in an
 * exported file too; and on a projector's screen too small for every
 * thread, the lesson's objects kept while other threads fold.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "render-test-models.h"
#include "tl-describe.h"
#include "tl-painter.h"
#include "tl-render-export.h"
#include "tl-scenario.h"

#define MS G_GINT64_CONSTANT (1000000)

static void
add (TlTraceModel *model,
     gint64        ts,
     guint32       tid,
     TlEventKind   kind,
     TlObjectRole  role,
     guint64       object,
     guint64       arg,
     guint32       aux)
{
  TlModelEvent ev = { ts, 100, tid, object, arg, (guint16) kind, (guint8) role, 0, aux, NULL, 0 };

  tl_trace_model_add_event (model, &ev);
}

static void
name (TlTraceModel *model,
      guint32       tid,
      TlObjectRole  role,
      guint64       object,
      const char   *text)
{
  TlModelEvent ev = { 0, 100, tid, object, 0, TL_EVENT_NAME, (guint8) role, 0,
                      (guint32) strlen (text), text, (guint32) strlen (text) };

  tl_trace_model_add_event (model, &ev);
}

/* Process 100: @n_threads threads taking lock L (id 7) in turn, and a
 * result mark "answer = 42"; its lesson names L and shows the result. */
static TlTraceModel *
lesson_model (guint n_threads)
{
  TlTraceModel *model = tl_trace_model_new ();

  tl_trace_model_set_metadata (model, "lesson", "[Lesson]\nObjects=L\nCards=result answer; holders L\n");
  tl_trace_model_set_metadata (model, "machine.cores", "2");
  add (model, 0, 100, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 100, 1, 0);
  name (model, 100, TL_ROLE_MUTEX, 7, "L");
  name (model, 100, TL_ROLE_TEXT, 50, "answer = 42");
  for (guint t = 1; t <= n_threads; t++)
    {
      gint64 at = (gint64) t * 10 * MS;
      guint32 tid = 100 + t;

      add (model, at - 5 * MS, 100, TL_EVENT_THREAD_START, TL_ROLE_THREAD, tid, 100, 0);
      add (model, at, tid, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0, 0);
      add (model, at + 1 * MS, tid, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0, 1);
      add (model, at + 9 * MS, tid, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0, 0);
      add (model, at + 9 * MS, tid, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, tid, 0, 0);
    }
  add (model, (n_threads + 1) * 10 * MS, 100, TL_EVENT_MARK, TL_ROLE_TEXT, 50, TL_SCENARIO_MARK_RESULT, 0);
  add (model, (n_threads + 2) * 10 * MS, 100, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 100, 0, 0);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static gboolean
drew (TlPainter  *painter,
      const char *text)
{
  GPtrArray *texts = tl_painter_get_drawn_texts (painter);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static void
draw (TlPainter  *painter,
      TlViewport *viewport,
      int         width,
      int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  gint64 start, end;

  tl_painter_get_time_range (painter, &start, &end);
  tl_viewport_init (viewport, start, end, width, height);
  tl_painter_draw (painter, cr, viewport, TL_PAINT_LAYER_ALL);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Beside the lanes, not over them; its words in the picture. */
static void
test_column (void)
{
  g_autoptr(TlTraceModel) model = lesson_model (3);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  TlViewport viewport;
  TlPaintGeometry g;

  tl_painter_set_record_texts (painter, TRUE);
  draw (painter, &viewport, 1600, 600);
  tl_painter_get_geometry (painter, &viewport, &g);
  g_assert_cmpfloat (g.lesson_width, >, 0);
  g_assert_cmpfloat (g.plot_x + g.plot_width, <=, g.lesson_x);
  g_assert_cmpfloat (g.lesson_x + g.lesson_width, ==, 1600);
  g_assert_true (drew (painter, "answer = 42"));
  g_assert_true (drew (painter, "one holder at a time"));

  /* Without it, the lanes take the width. */
  tl_painter_set_options (painter, TL_PAINT_SHOW_ALL & ~TL_PAINT_SHOW_LESSON);
  tl_painter_get_geometry (painter, &viewport, &g);
  g_assert_cmpfloat (g.lesson_width, ==, 0);
  g_assert_cmpfloat (g.plot_x + g.plot_width, ==, 1600);
}

/* A replay short of the end keeps the cards for it: they tell how the
 * run ended, which a class watching the replay is to find out.  At the
 * end, or with the future shown as a ghost, they are back. */
static void
test_replay_keeps_cards (void)
{
  g_autoptr(TlTraceModel) model = lesson_model (3);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 600);
  cairo_t *cr = cairo_create (surface);
  TlViewport viewport;
  gint64 start, end;
  const struct { gboolean ghost; double at; gboolean cards; } cases[] = {
    { FALSE, 0.5, FALSE },
    { FALSE, 1.0, TRUE },
    { TRUE, 0.5, TRUE },
  };

  tl_painter_set_record_texts (painter, TRUE);
  tl_painter_get_time_range (painter, &start, &end);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      tl_viewport_init (&viewport, start, end, 1600, 600);
      viewport.playhead = start + (gint64) ((double) (end - start) * cases[i].at);
      tl_painter_set_ghost (painter, cases[i].ghost);
      tl_painter_draw (painter, cr, &viewport, TL_PAINT_LAYER_ALL);
      g_assert_cmpint (drew (painter, "one holder at a time"), ==, cases[i].cards);
      g_assert_cmpint (drew (painter, tl_describe_lesson_later_words ()), ==, !cases[i].cards);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* On a projector, as large as the rest; in a file, there too. */
static void
test_presentation_and_export (void)
{
  g_autoptr(TlTraceModel) model = lesson_model (3);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  g_autofree char *dir = g_dir_make_tmp ("tl-cards-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson.svg", NULL);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  TlViewport viewport;

  tl_painter_set_presentation (painter, 768);
  tl_painter_set_record_texts (painter, TRUE);
  draw (painter, &viewport, 1024, 768);
  g_assert_true (drew (painter, "answer = 42"));
  g_assert_cmpfloat (tl_painter_get_min_text_height (painter), >=, 768 / 30.0);

  tl_painter_set_presentation (painter, 0);
  viewport.height = 0;
  g_assert_true (tl_painter_export (painter, &viewport, TL_EXPORT_SVG, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  /* Cairo writes text as glyphs: what the export drew says it is there. */
  g_assert_true (drew (painter, "answer = 42"));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_unlink (path);
  g_rmdir (dir);
}

/* Too many threads for a 768-line projector: the lesson's lock stays,
 * threads fold, and the rows fit the screen. */
static void
test_fit_lesson (void)
{
  g_autoptr(TlTraceModel) model = lesson_model (30);
  g_autoptr(TlPainter) painter = tl_painter_new (model);
  const TlLayout *layout;
  TlViewport viewport;
  TlPaintGeometry g;
  gboolean folded = FALSE, lock_shown = FALSE;

  tl_painter_set_presentation (painter, 768);
  tl_painter_set_record_texts (painter, TRUE);
  draw (painter, &viewport, 1024, 768);
  tl_painter_get_geometry (painter, &viewport, &g);
  layout = tl_painter_get_layout (painter);
  g_assert_cmpfloat (tl_layout_get_height (layout), <=, g.plot_height);
  for (guint r = 0; r < tl_layout_get_n_rows (layout); r++)
    {
      const TlRow *row = tl_layout_get_row (layout, r);

      folded |= row->kind == TL_ROW_FOLDED;
      lock_shown |= row->kind == TL_ROW_LANE && row->lane_kind == TL_LANE_LOCK;
    }
  g_assert_true (folded);
  g_assert_true (lock_shown);
  g_assert_true (drew (painter, "other threads"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/cards/column", test_column);
  g_test_add_func ("/render/cards/presentation-and-export", test_presentation_and_export);
  g_test_add_func ("/render/cards/replay-keeps-cards", test_replay_keeps_cards);
  g_test_add_func ("/render/cards/fit-lesson", test_fit_lesson);
  return g_test_run ();
}
