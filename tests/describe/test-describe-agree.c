/* test-describe-agree.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tooltip (the painter) and the inspector (the app) say the same
 * thing for the same item, because both say the describer's sentence:
 * the tooltip is the inspector's title, then how long and when.  Once
 * they disagreed on a crash: the tooltip gave the pid for the signal.
 *
 * Needs a display for the inspector; skips without one.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "render-test-models.h"
#include "render-test-pixels.h"
#include "tl-inspector.h"
#include "tl-painter.h"

#define MS TL_TEST_MS

static gboolean have_display;

typedef struct
{
  TlTraceModel *model;
  TlPainter    *painter;
  TlViewport    viewport;
  TlSession    *session;
  TlInspector  *inspector;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (!have_display)
    return;
  f->model = render_test_demo_model (TRUE);
  f->painter = tl_painter_new (f->model);
  tl_painter_update (f->painter);
  tl_viewport_init (&f->viewport, 0, 100 * MS, 1200, 0);
  f->viewport.height = tl_painter_get_natural_height (f->painter, 1200);
  f->session = tl_session_new ();
  tl_session_set_model (f->session, f->model, TL_SESSION_STOPPED);
  f->inspector = g_object_ref_sink (g_object_new (TL_TYPE_INSPECTOR, "session", f->session, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (!have_display)
    return;
  g_assert_finalize_object (f->inspector);
  g_object_unref (f->session);
  g_object_unref (f->painter);
  g_object_unref (f->model);
}

/* The inspector's title: its one label in the "title-3" style. */
static GtkLabel *
find_title (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title-3"))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_title (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* Hovers, then clicks (@lane_kind, @pid, @key) at @t: returns the tooltip;
 * the inspector then shows the item clicked. */
static char *
hover_and_select (Fixture     *f,
                  TlLaneKind   lane_kind,
                  guint32      pid,
                  guint64      key,
                  gint64       t,
                  double       dy,
                  TlHitKind    expected)
{
  TlItemRef item;
  TlHit hit;
  double x, y;

  g_assert_true (render_test_locate (f->painter, &f->viewport, lane_kind, pid, key, 0, t, &x, &y));
  g_assert_true (tl_painter_hit_test (f->painter, &f->viewport, x, y + dy, &hit));
  g_assert_cmpint (hit.kind, ==, expected);
  g_assert_true (tl_hit_to_item_ref (&hit, &item));
  tl_session_set_selection (f->session, &item);
  return tl_painter_describe_hit (f->painter, &hit);
}

static void
assert_agree (Fixture    *f,
              const char *tooltip,
              const char *sentence)
{
  GtkLabel *title = find_title (GTK_WIDGET (f->inspector));

  g_test_message ("tooltip: %s", tooltip);
  g_assert_nonnull (title);
  g_assert_cmpstr (gtk_label_get_label (title), ==, sentence);
  g_assert_true (g_str_has_prefix (tooltip, sentence));
  g_assert_true (g_str_has_prefix (tooltip + strlen (sentence), " · "));
}

/* The child process crashes with signal 11; its pid is 200. */
static void
test_agree_crash (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *tooltip = NULL;

  if (!have_display)
    {
      g_test_skip ("no display: the inspector needs one");
      return;
    }
  tooltip = hover_and_select (f, TL_LANE_THREAD, 200, 201, 60 * MS, 0, TL_HIT_INSTANT);
  assert_agree (f, tooltip, "child crashes: signal 11 (SIGSEGV)");
  g_assert_null (strstr (tooltip, "200"));
}

static void
test_agree_span (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *tooltip = NULL;

  if (!have_display)
    {
      g_test_skip ("no display: the inspector needs one");
      return;
    }
  tooltip = hover_and_select (f, TL_LANE_THREAD, 100, 2, 22 * MS, 0, TL_HIT_SPAN);
  assert_agree (f, tooltip, "worker 2 waits for L, held by worker 1");
}

static void
test_agree_flow (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *tooltip = NULL;
  double x, y1, y2;

  if (!have_display)
    {
      g_test_skip ("no display: the inspector needs one");
      return;
    }
  /* Half-way down the hand-over arrow at 30 ms. */
  g_assert_true (render_test_locate (f->painter, &f->viewport, TL_LANE_THREAD, 100, 1, 0, 30 * MS, &x, &y1));
  g_assert_true (render_test_locate (f->painter, &f->viewport, TL_LANE_THREAD, 100, 2, 0, 30 * MS, &x, &y2));
  tooltip = hover_and_select (f, TL_LANE_THREAD, 100, 1, 30 * MS, (y2 - y1) / 2, TL_HIT_FLOW);
  assert_agree (f, tooltip, "worker 1 passes L to worker 2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add ("/describe/agree/crash", Fixture, NULL, fixture_set_up, test_agree_crash, fixture_tear_down);
  g_test_add ("/describe/agree/span", Fixture, NULL, fixture_set_up, test_agree_span, fixture_tear_down);
  g_test_add ("/describe/agree/flow", Fixture, NULL, fixture_set_up, test_agree_flow, fixture_tear_down);

  return g_test_run ();
}
