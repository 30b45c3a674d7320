/* tl-lesson.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lesson: its spec read from the trace's metadata, the engine's marks
 * and "time" phases collected, the cards and the chart rebuilt whenever
 * the model changed.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tl-lesson-private.h"
#include "tl-scenario.h"

static void
mark_free (TlLessonMark *mark)
{
  g_free (mark->label);
  g_free (mark->value);
  g_free (mark);
}

static void
phase_clear (gpointer data)
{
  g_free (((TlLessonPhase *) data)->name);
}

TlLessonCardText *
_tl_lesson_card_new (TlLessonCardKind  kind,
                     const char       *title)
{
  TlLessonCardText *card = g_new0 (TlLessonCardText, 1);

  card->kind = kind;
  card->title = g_strdup (title);
  card->lines = g_ptr_array_new_with_free_func (g_free);
  card->ts = TL_TS_NONE;
  return card;
}

void
_tl_lesson_card_free (TlLessonCardText *card)
{
  g_free (card->title);
  g_ptr_array_unref (card->lines);
  g_free (card);
}

TlLesson *
tl_lesson_new (TlTraceModel *model)
{
  g_autoptr(GError) error = NULL;
  const char *data, *cores;
  TlLessonSpec *spec;
  TlLesson *self;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);

  data = tl_trace_model_get_metadata (model, "lesson");
  if (data == NULL)
    return NULL;
  spec = tl_lesson_spec_new_from_data (data, "the trace's lesson", &error);
  if (spec == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }

  self = g_new0 (TlLesson, 1);
  self->model = g_object_ref (model);
  self->spec = spec;
  cores = tl_trace_model_get_metadata (model, "machine.cores");
  self->n_cores = cores != NULL ? (guint) MIN (g_ascii_strtoull (cores, NULL, 10), 4096) : 0;
  self->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) mark_free);
  self->phases = g_array_new (FALSE, TRUE, sizeof (TlLessonPhase));
  g_array_set_clear_func (self->phases, phase_clear);
  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) _tl_lesson_card_free);
  self->bars = g_array_new (FALSE, TRUE, sizeof (TlLessonBar));
  g_array_set_clear_func (self->bars, _tl_lesson_bar_clear);
  self->context = g_ptr_array_new_with_free_func (g_free);
  self->visible = TL_TS_NONE;
  tl_lesson_update (self);
  return self;
}

void
tl_lesson_free (TlLesson *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->model);
  tl_lesson_spec_free (self->spec);
  g_ptr_array_unref (self->marks);
  g_array_unref (self->phases);
  g_ptr_array_unref (self->cards);
  g_array_unref (self->bars);
  g_ptr_array_unref (self->context);
  g_free (self->chart_title);
  g_free (self);
}

TlLessonSpec *
tl_lesson_get_spec (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->spec;
}

/* ---- what the engine marked ------------------------------------------------------- */

static gint
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const TlLessonMark *x = *(const TlLessonMark **) a, *y = *(const TlLessonMark **) b;

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static void
collect_marks (TlLesson *self)
{
  guint n_lanes = tl_trace_model_get_n_lanes (self->model);

  g_ptr_array_set_size (self->marks, 0);
  for (guint l = 0; l < n_lanes; l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          const char *text, *eq;
          TlLessonMark *mark;

          if (instants[i].kind != TL_EVENT_MARK || instants[i].arg == TL_SCENARIO_MARK_PLAIN ||
              (text = _tl_describe_string (self->model, instants[i].ref)) == NULL ||
              (eq = strstr (text, " = ")) == NULL)
            continue;
          mark = g_new0 (TlLessonMark, 1);
          mark->ts = instants[i].ts;
          mark->lane = l;
          mark->kind = (guint) instants[i].arg;
          mark->label = g_strndup (text, (gsize) (eq - text));
          mark->value = g_strdup (eq + 3);
          g_ptr_array_add (self->marks, mark);
        }
    }
  g_ptr_array_sort (self->marks, compare_marks);
}

const TlLessonMark *
_tl_lesson_find_mark (TlLesson   *self,
                      guint       kind,
                      const char *label)
{
  for (guint i = self->marks->len; i > 0; i--)
    {
      const TlLessonMark *mark = g_ptr_array_index (self->marks, i - 1);

      if (mark->kind == kind && strcmp (mark->label, label) == 0)
        return mark;
    }
  return NULL;
}

void
_tl_lesson_phase_load (TlLesson            *self,
                       const TlLessonPhase *phase,
                       TlLessonLoad        *load)
{
  char busy[32] = "", ours[32] = "";
  unsigned cores = 0;

  memset (load, 0, sizeof *load);
  load->busy = load->ours = -1;
  for (guint i = 0; i < self->marks->len; i++)
    {
      const TlLessonMark *mark = g_ptr_array_index (self->marks, i);

      if (mark->kind != TL_SCENARIO_MARK_LOAD || strcmp (mark->label, phase->name) != 0 ||
          mark->ts < phase->end)
        continue;
      /* "2 cores, 1.853 busy, 1.802 ours", "?" for what /proc could not say. */
      if (sscanf (mark->value, "%u cores, %31s busy, %31s ours", &cores, busy, ours) != 3)
        return;
      load->cores = cores;
      load->busy = strcmp (busy, "?") == 0 ? -1 : g_ascii_strtod (busy, NULL);
      load->ours = g_ascii_strtod (ours, NULL);
      load->known = TRUE;
      return;
    }
}

/* ---- phases ------------------------------------------------------------------------- */

/* The slice a "time" step made on @lane, named @name, that ended by @ts. */
static gboolean
find_time_slice (TlLesson   *self,
                 guint32     lane_index,
                 const char *name,
                 gint64      ts,
                 TlSpan     *out)
{
  TlLane *lane = tl_trace_model_get_lane (self->model, lane_index);
  gboolean found = FALSE;

  for (guint track = 1; track < tl_lane_get_n_tracks (lane); track++)
    {
      guint n;
      const TlSpan *spans = tl_lane_get_spans (lane, track, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].kind == TL_SPAN_SLICE && spans[i].end <= ts &&
            (!found || spans[i].end > out->end) &&
            g_strcmp0 (_tl_describe_string (self->model, spans[i].ref), name) == 0)
          {
            *out = spans[i];
            found = TRUE;
          }
    }
  return found;
}

static void
collect_phases (TlLesson *self)
{
  g_array_set_size (self->phases, 0);
  for (guint i = 0; i < self->marks->len; i++)
    {
      const TlLessonMark *mark = g_ptr_array_index (self->marks, i);
      TlLessonPhase phase = { NULL, TL_TS_NONE, TL_TS_NONE };
      TlSpan slice;

      if (mark->kind != TL_SCENARIO_MARK_TIME ||
          !find_time_slice (self, mark->lane, mark->label, mark->ts, &slice))
        continue;
      phase.name = g_strdup (mark->label);
      phase.start = slice.start;
      phase.end = slice.end;
      g_array_append_val (self->phases, phase);
    }
}

/* ---- objects -------------------------------------------------------------------------- */

guint32
_tl_lesson_find_object (TlLesson           *self,
                        const char         *name,
                        const TlObjectRole *roles)
{
  guint n = tl_trace_model_get_n_objects (self->model);

  for (guint i = 0; i < n; i++)
    {
      const TlObject *object = tl_trace_model_get_object (self->model, i);
      const char *own = _tl_describe_string (self->model, object->name);

      if (own == NULL || strcmp (own, name) != 0)
        continue;
      for (guint r = 0; roles[r] != TL_N_ROLES; r++)
        if (object->role == roles[r])
          return i;
    }
  return TL_INDEX_NONE;
}

gboolean
tl_lesson_shows_lane (TlLesson *self,
                      guint32   index)
{
  TlLane *lane;
  const char *name;
  guint32 process;

  g_return_val_if_fail (self != NULL, FALSE);

  if (index >= tl_trace_model_get_n_lanes (self->model))
    return FALSE;
  lane = tl_trace_model_get_lane (self->model, index);
  if (tl_lane_get_kind (lane) == TL_LANE_GIL)
    return tl_lesson_spec_has_object (self->spec, "GIL");
  if (tl_lane_get_object (lane) != TL_INDEX_NONE)
    {
      const TlObject *object = tl_trace_model_get_object (self->model, tl_lane_get_object (lane));

      if (tl_lesson_spec_has_object (self->spec, _tl_describe_string (self->model, object->name)))
        return TRUE;
    }
  name = _tl_describe_string (self->model, tl_lane_get_name (lane));
  if (tl_lesson_spec_has_object (self->spec, name))
    return TRUE;
  process = tl_trace_model_lookup_process (self->model, tl_lane_get_pid (lane));
  return process != TL_INDEX_NONE &&
         tl_lesson_spec_has_object (self->spec,
                                    _tl_describe_string (self->model,
                                                         tl_trace_model_get_process (self->model,
                                                                                     process)->name));
}

/* ---- keeping up --------------------------------------------------------------------- */

static void
find_visible_time (TlLesson *self)
{
  self->visible = TL_TS_NONE;
  for (guint i = 0; i < self->cards->len; i++)
    {
      const TlLessonCardText *card = g_ptr_array_index (self->cards, i);

      if (card->ts != TL_TS_NONE && (self->visible == TL_TS_NONE || card->ts < self->visible))
        self->visible = card->ts;
    }
  /* A chart shows its lesson once its first group is measured: a
   * comparison needs both sides. */
  if (self->bars->len > 0)
    {
      const char *group = g_array_index (self->bars, TlLessonBar, 0).group;
      gint64 done = TL_TS_NONE;

      for (guint i = 0; i < self->bars->len; i++)
        {
          const TlLessonBar *bar = &g_array_index (self->bars, TlLessonBar, i);

          if (g_strcmp0 (bar->group, group) != 0)
            break;
          if (!bar->ready)
            return;
          done = MAX (done, bar->end);
        }
      if (done != TL_TS_NONE && (self->visible == TL_TS_NONE || done < self->visible))
        self->visible = done;
    }
}

gboolean
tl_lesson_update (TlLesson *self)
{
  guint64 generation;

  g_return_val_if_fail (self != NULL, FALSE);

  generation = tl_trace_model_get_generation (self->model);
  if (self->built && generation == self->generation)
    return FALSE;
  self->built = TRUE;
  self->generation = generation;

  collect_marks (self);
  collect_phases (self);
  g_ptr_array_set_size (self->cards, 0);
  for (guint i = 0; i < tl_lesson_spec_get_n_cards (self->spec); i++)
    g_ptr_array_add (self->cards, _tl_lesson_build_card (self, tl_lesson_spec_get_card (self->spec, i)));
  _tl_lesson_build_chart (self);
  find_visible_time (self);
  return TRUE;
}

/* ---- what it says ------------------------------------------------------------------ */

guint
tl_lesson_get_n_cards (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->cards->len;
}

const TlLessonCardText *
tl_lesson_get_card (TlLesson *self,
                    guint     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cards->len, NULL);
  return g_ptr_array_index (self->cards, index);
}

TlLessonChartKind
tl_lesson_get_chart_kind (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, TL_LESSON_CHART_NONE);
  return tl_lesson_spec_get_chart (self->spec);
}

const char *
tl_lesson_get_chart_title (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->chart_title;
}

guint
tl_lesson_get_n_bars (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bars->len;
}

const TlLessonBar *
tl_lesson_get_bar (TlLesson *self,
                   guint     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);
  return &g_array_index (self->bars, TlLessonBar, index);
}

const char * const *
tl_lesson_get_context (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->context->pdata;
}

guint
tl_lesson_get_n_cores (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_cores;
}

guint
tl_lesson_get_n_phases (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->phases->len;
}

const TlLessonPhase *
tl_lesson_get_phase (TlLesson *self,
                     guint     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->phases->len, NULL);
  return &g_array_index (self->phases, TlLessonPhase, index);
}

gint64
tl_lesson_get_visible_time (TlLesson *self)
{
  g_return_val_if_fail (self != NULL, TL_TS_NONE);
  return self->visible;
}
