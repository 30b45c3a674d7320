/* tl-lesson-chart.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The comparison chart: a bar per phase (a "time" step the [Lesson]
 * names), each figure measured within its own phase, and the machine's
 * context beside them.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tl-analysis-concurrency.h"
#include "tl-lesson-private.h"

/* The engine's step for running Python code, whose slices record the CPU
 * time they used. */
#define COMPUTE_SLICE "compute"
/* The engine's slices for starting a process or thread: "start Thread-2". */
#define START_SLICE "start "
/* Below this share of what the machine could have given them, the
 * workers were starved by other programs. */
#define STARVED_SUPPLY 0.7
/* Shorter than this, a phase's machine load is not measured well enough
 * (/proc/stat counts in ticks) to warn about. */
#define MIN_LOAD_WALL_NS (200 * G_GINT64_CONSTANT (1000000))
/* Other programs using this many cores or more make timings unreliable. */
#define BUSY_CORES 0.4

void
_tl_lesson_bar_clear (gpointer data)
{
  TlLessonBar *bar = data;

  g_free (bar->group);
  g_free (bar->label);
  g_free (bar->value_text);
  g_free (bar->note);
}

/* "tiny tasks, pool of *" with "2": group "tiny tasks", label "pool of 2". */
static void
name_bar (TlLessonBar *bar,
          const char  *pattern,
          const char  *phase)
{
  g_autofree char *matched = NULL;
  const char *star = strchr (pattern, '*');
  const char *comma = NULL;

  if (star == NULL || !tl_lesson_phase_matches (pattern, phase, &matched))
    {
      bar->label = g_strdup (phase);
      return;
    }
  for (const char *p = pattern; p < star; p++)
    if (p[0] == ',' && p[1] == ' ')
      comma = p;
  if (comma == NULL)
    {
      bar->label = g_strdup (phase);
      return;
    }
  bar->group = g_strndup (pattern, (gsize) (comma - pattern));
  bar->label = g_strdup_printf ("%.*s%s%s", (int) (star - comma - 2), comma + 2, matched, star + 1);
}

static char *
cores_text (double cores)
{
  g_autofree char *number = g_strdup_printf ("%.2f", cores);

  /* TRANSLATORS: the cores a phase's work kept busy, "1.93 cores" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s core", "%s cores",
                                       strcmp (number, "1.00") == 0 ? 1 : 2), number);
}

static void
measure_parallelism (TlLesson            *self,
                     const TlLessonPhase *phase,
                     TlLessonBar         *bar)
{
  TlParallelism p;

  tl_analysis_parallelism (self->model, phase->start, phase->end, COMPUTE_SLICE,
                           MAX (self->n_cores, 1u), &p);
  if (p.n_measured == 0 || p.wall == 0)
    {
      bar->value_text = g_strdup (_("not measured"));
      return;
    }
  bar->value = (double) p.cpu / (double) p.wall;
  bar->value_text = cores_text (bar->value);
  bar->unreliable = p.demand > 0 && (double) p.cpu < STARVED_SUPPLY * (double) p.demand;
  if (p.max_computing == 1)
    bar->note = g_strdup (_("one at a time"));
  else
    /* TRANSLATORS: the most workers computing at the same moment, "4 at once" */
    bar->note = g_strdup_printf (_("%u at once"), p.max_computing);
}

/* The time @phase's threads spent sleeping or waiting for I/O. */
static gint64
waits_in (TlLesson            *self,
          const TlLessonPhase *phase)
{
  gint64 total = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (self->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);
      const TlSpan *spans;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD || tl_lane_get_n_tracks (lane) == 0)
        continue;
      spans = tl_lane_get_spans (lane, 0, &n);
      for (guint i = 0; i < n; i++)
        if ((spans[i].kind == TL_SPAN_IO || spans[i].kind == TL_SPAN_SLEEP) &&
            spans[i].end > phase->start && spans[i].start < phase->end)
          total += MIN (spans[i].end, phase->end) - MAX (spans[i].start, phase->start);
    }
  return total;
}

/* Another program's use of the machine during @phase, in cores; < 0
 * when unknown or the phase is too short to tell. */
static double
others_during (TlLesson            *self,
               const TlLessonPhase *phase)
{
  TlLessonLoad load;

  _tl_lesson_phase_load (self, phase, &load);
  if (!load.known || load.busy < 0 || phase->end - phase->start < MIN_LOAD_WALL_NS)
    return -1;
  if (self->n_cores == 0)
    self->n_cores = load.cores;
  return MAX (0.0, load.busy - load.ours);
}

static void
add_bar (TlLesson            *self,
         const char          *pattern,
         const TlLessonPhase *phase)
{
  TlLessonBar bar = { 0 };
  double others = others_during (self, phase);

  name_bar (&bar, pattern, phase->name);
  bar.start = phase->start;
  bar.end = phase->end;
  bar.ready = TRUE;
  switch (tl_lesson_spec_get_chart (self->spec))
    {
    case TL_LESSON_CHART_PARALLELISM:
      measure_parallelism (self, phase, &bar);
      break;
    case TL_LESSON_CHART_TIMES:
      bar.value = (double) (phase->end - phase->start) / 1e9;
      bar.value_text = tl_format_duration (phase->end - phase->start);
      bar.unreliable = others >= BUSY_CORES;
      break;
    case TL_LESSON_CHART_WAITS:
    case TL_LESSON_CHART_STARTS:
    case TL_LESSON_CHART_NONE:
    case TL_N_LESSON_CHARTS:
    default:
      g_assert_not_reached ();
    }
  g_array_append_val (self->bars, bar);
}

/* gil-io's chart: the waits added up, and the time they took together. */
static void
add_wait_bars (TlLesson            *self,
               const TlLessonPhase *phase)
{
  TlLessonBar waits = { 0 }, elapsed = { 0 };
  gint64 total = waits_in (self, phase);

  waits.group = g_strdup (phase->name);
  waits.label = g_strdup (_("the waits, added up"));
  waits.value = (double) total / 1e9;
  waits.value_text = tl_format_duration (total);
  elapsed.group = g_strdup (phase->name);
  elapsed.label = g_strdup (_("elapsed"));
  elapsed.value = (double) (phase->end - phase->start) / 1e9;
  elapsed.value_text = tl_format_duration (phase->end - phase->start);
  waits.ready = elapsed.ready = TRUE;
  waits.start = elapsed.start = phase->start;
  waits.end = elapsed.end = phase->end;
  g_array_append_val (self->bars, waits);
  g_array_append_val (self->bars, elapsed);
}

/* What one start of a process or thread cost its starter in CPU time,
 * on average over @phase (the engine records it at each start's end). */
static void
add_start_bar (TlLesson            *self,
               const TlLessonPhase *phase)
{
  TlLessonBar bar = { 0 };
  gint64 total = 0;
  guint n = 0;

  for (guint l = 0; l < tl_trace_model_get_n_lanes (self->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      for (guint t = 1; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n_spans;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n_spans);

          for (guint i = 0; i < n_spans; i++)
            {
              const char *name = spans[i].kind == TL_SPAN_SLICE
                                 ? _tl_describe_string (self->model, spans[i].ref) : NULL;

              if (name == NULL || spans[i].arg2 == 0 || !g_str_has_prefix (name, START_SLICE) ||
                  spans[i].start < phase->start || spans[i].start >= phase->end)
                continue;
              total += (gint64) MIN (spans[i].arg2, (guint64) G_MAXINT32);
              n++;
            }
        }
    }
  bar.label = g_strdup (phase->name);
  bar.start = phase->start;
  bar.end = phase->end;
  bar.ready = TRUE;
  if (n == 0)
    bar.value_text = g_strdup (_("not measured"));
  else
    {
      bar.value = (double) total / n / 1e9;
      bar.value_text = tl_format_duration (total / n);
      /* TRANSLATORS: how many starts a bar is the average of, "8 started" */
      bar.note = g_strdup_printf (_("%u started"), n);
    }
  g_array_append_val (self->bars, bar);
}

/* A phase the chart names that has not run yet: an empty bar. */
static void
add_pending_bar (TlLesson   *self,
                 const char *pattern)
{
  TlLessonBar bar = { 0 };

  bar.label = g_strdup (pattern);
  bar.start = bar.end = TL_TS_NONE;
  g_array_append_val (self->bars, bar);
}

static const char *
chart_title (TlLessonChartKind kind)
{
  switch (kind)
    {
    case TL_LESSON_CHART_PARALLELISM:
      return _("Cores kept busy: CPU time ÷ elapsed");
    case TL_LESSON_CHART_TIMES:
      return _("Elapsed time");
    case TL_LESSON_CHART_WAITS:
      return _("Waiting for I/O: the waits added up, and the time they took");
    case TL_LESSON_CHART_STARTS:
      return _("CPU time to start one");
    case TL_LESSON_CHART_NONE:
    case TL_N_LESSON_CHARTS:
    default:
      return NULL;
    }
}

static void
add_context (TlLesson *self)
{
  g_autoptr(GString) starved = g_string_new (NULL);
  double others = 0, wall = 0;
  guint n_starved = 0;

  if (self->n_cores > 0)
    /* TRANSLATORS: the machine beside a chart, "On 2 cores" */
    g_ptr_array_add (self->context, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "On %u core",
                                                                  "On %u cores", self->n_cores),
                                                     self->n_cores));
  for (guint i = 0; i < self->bars->len; i++)
    {
      const TlLessonBar *bar = &g_array_index (self->bars, TlLessonBar, i);

      if (!bar->unreliable)
        continue;
      n_starved++;
      g_string_append_printf (starved, "%s“%s”", starved->len > 0 ? _(", ") : "", bar->label);
    }
  for (guint i = 0; i < self->phases->len; i++)
    {
      const TlLessonPhase *phase = &g_array_index (self->phases, TlLessonPhase, i);
      double o = others_during (self, phase);

      if (o >= 0)
        {
          others += o * (double) (phase->end - phase->start);
          wall += (double) (phase->end - phase->start);
        }
    }
  if (tl_lesson_spec_get_chart (self->spec) == TL_LESSON_CHART_PARALLELISM && n_starved > 0)
    /* TRANSLATORS: %s names phases: "“threads”, “processes”" */
    g_ptr_array_add (self->context,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Other programs took the CPU during %s: its figure "
                                                   "is lower than on an idle machine, never higher",
                                                   "Other programs took the CPU during %s: their figures "
                                                   "are lower than on an idle machine, never higher",
                                                   n_starved), starved->str));
  else if (tl_lesson_spec_get_chart (self->spec) != TL_LESSON_CHART_PARALLELISM &&
           tl_lesson_spec_get_chart (self->spec) != TL_LESSON_CHART_STARTS && wall > 0 &&
           others / wall >= BUSY_CORES)
    {
      g_autofree char *busy = g_strdup_printf ("%.1f", others / wall);

      /* TRANSLATORS: "Other programs kept 1.0 of the 2 cores busy meanwhile: ..." */
      g_ptr_array_add (self->context,
                       g_strdup_printf (_("Other programs kept %s of the %u cores busy meanwhile: "
                                          "these times are longer than on an idle machine"),
                                        busy, MAX (self->n_cores, 1u)));
    }
}

void
_tl_lesson_build_chart (TlLesson *self)
{
  TlLessonChartKind kind = tl_lesson_spec_get_chart (self->spec);
  const char * const *patterns = tl_lesson_spec_get_phases (self->spec);

  g_array_set_size (self->bars, 0);
  g_ptr_array_set_size (self->context, 0);
  g_clear_pointer (&self->chart_title, g_free);
  if (kind != TL_LESSON_CHART_NONE)
    {
      self->chart_title = g_strdup (chart_title (kind));
      for (guint p = 0; patterns[p] != NULL; p++)
        {
          guint before = self->bars->len;

          for (guint i = 0; i < self->phases->len; i++)
            {
              const TlLessonPhase *phase = &g_array_index (self->phases, TlLessonPhase, i);

              if (!tl_lesson_phase_matches (patterns[p], phase->name, NULL))
                continue;
              if (kind == TL_LESSON_CHART_WAITS)
                add_wait_bars (self, phase);
              else if (kind == TL_LESSON_CHART_STARTS)
                add_start_bar (self, phase);
              else
                add_bar (self, patterns[p], phase);
            }
          if (self->bars->len == before && strchr (patterns[p], '*') == NULL &&
              kind != TL_LESSON_CHART_WAITS)
            add_pending_bar (self, patterns[p]);
        }
      add_context (self);
    }
  g_ptr_array_add (self->context, NULL);
}

double
tl_lesson_get_scale (TlLesson   *self,
                     const char *group)
{
  double scale = 0;

  g_return_val_if_fail (self != NULL, 1);

  if (tl_lesson_spec_get_chart (self->spec) == TL_LESSON_CHART_PARALLELISM)
    scale = MAX (self->n_cores, 1u);
  for (guint i = 0; i < self->bars->len; i++)
    {
      const TlLessonBar *bar = &g_array_index (self->bars, TlLessonBar, i);

      if (g_strcmp0 (bar->group, group) == 0 && bar->ready)
        scale = MAX (scale, bar->value);
    }
  return scale > 0 ? scale : 1;
}
