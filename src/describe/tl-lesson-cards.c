/* tl-lesson-cards.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The result cards: each says, as a person would, one fact the trace
 * holds (a result, a value, the updates lost, which worker ran which
 * task...), and when that fact first happened.
 */
#define G_LOG_DOMAIN "tl-describe"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-analysis-concurrency.h"
#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-lesson-private.h"
#include "tl-scenario.h"

/* Past this many lines a card would not fit a projector's screen: the
 * tasks card says who ran what, a worker a line, instead. */
#define MAX_LINES 6
/* Waiters that went on within this of each other went on together. */
#define TOGETHER_NS (10 * G_GINT64_CONSTANT (1000000))

static const TlObjectRole value_roles[] = { TL_ROLE_VALUE, TL_N_ROLES };
static const TlObjectRole lock_roles[] = {
  TL_ROLE_MUTEX, TL_ROLE_RLOCK, TL_ROLE_SEMAPHORE, TL_N_ROLES
};
static const TlObjectRole waitable_roles[] = {
  TL_ROLE_EVENT, TL_ROLE_BARRIER, TL_ROLE_CONDITION, TL_ROLE_MUTEX, TL_ROLE_RLOCK,
  TL_ROLE_SEMAPHORE, TL_N_ROLES
};
static const TlObjectRole channel_roles[] = {
  TL_ROLE_QUEUE, TL_ROLE_PIPE, TL_ROLE_MANAGER, TL_N_ROLES
};

static void
add_line (TlLessonCardText *card,
          char             *line)
{
  g_ptr_array_add (card->lines, line);
}

static void
see (TlLessonCardText *card,
     gint64            ts)
{
  if (ts != TL_TS_NONE && (card->ts == TL_TS_NONE || ts < card->ts))
    card->ts = ts;
}

/* Every span of @kind (any: TL_N_SPAN_KINDS) on thread lanes, about @ref
 * (any: TL_INDEX_NONE), as TlItemRef. */
static GArray *
spans_of (TlLesson   *self,
          TlSpanKind  kind,
          guint32     ref)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (TlItemRef));

  for (guint l = 0; l < tl_trace_model_get_n_lanes (self->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);

          for (guint i = 0; i < n; i++)
            if ((kind == TL_N_SPAN_KINDS || spans[i].kind == kind) &&
                (ref == TL_INDEX_NONE || spans[i].ref == ref))
              {
                TlItemRef item = { l, TL_ITEM_SPAN, (guint16) t, i };

                g_array_append_val (refs, item);
              }
        }
    }
  return refs;
}

static const TlSpan *
span_of (TlLesson        *self,
         const TlItemRef *item)
{
  guint n;

  return &tl_lane_get_spans (tl_trace_model_get_lane (self->model, item->lane), item->track, &n)[item->index];
}

/* ---- results and values ------------------------------------------------------------ */

/* " ✓", or " ✗ (expected 800)" against the result labelled @expected. */
static void
compare (TlLesson         *self,
         TlLessonCardText *card,
         const char       *value,
         const char       *expected,
         GString          *line)
{
  const TlLessonMark *want = _tl_lesson_find_mark (self, TL_SCENARIO_MARK_RESULT, expected);

  if (want == NULL)
    return;
  if (strcmp (want->value, value) == 0)
    {
      g_string_append (line, " ✓");
      card->mood = TL_LESSON_MOOD_GOOD;
    }
  else
    {
      /* TRANSLATORS: after a value that is not what the run expected: " ✗ (expected 800)" */
      g_string_append_printf (line, _(" ✗ (expected %s)"), want->value);
      card->mood = TL_LESSON_MOOD_BAD;
    }
}

static void
card_result (TlLesson           *self,
             const TlLessonCard *spec,
             TlLessonCardText   *card)
{
  const TlLessonMark *mark = _tl_lesson_find_mark (self, TL_SCENARIO_MARK_RESULT, spec->subject);
  GString *line;

  if (mark == NULL)
    return;
  line = g_string_new (NULL);
  g_string_append_printf (line, "%s = %s", spec->subject, mark->value);
  if (spec->expected != NULL)
    compare (self, card, mark->value, spec->expected, line);
  add_line (card, g_string_free (line, FALSE));
  see (card, mark->ts);
}

static const TlInstant *
instant_of (TlLesson        *self,
            const TlItemRef *item)
{
  guint n;

  return &tl_lane_get_instants (tl_trace_model_get_lane (self->model, item->lane), &n)[item->index];
}

/* The value's last write (or its last read, if it was never written). */
static gboolean
last_value (TlLesson *self,
            guint32   object,
            gint64   *value,
            gint64   *ts)
{
  guint n_refs;
  const TlItemRef *refs = tl_trace_model_get_object_history (self->model, object, &n_refs);
  const TlInstant *write = NULL, *read = NULL;

  for (guint i = 0; i < n_refs; i++)
    {
      const TlInstant *instant;

      if (refs[i].type != TL_ITEM_INSTANT)
        continue;
      instant = instant_of (self, &refs[i]);
      if (instant->kind == TL_EVENT_WRITE && (write == NULL || instant->ts >= write->ts))
        write = instant;
      else if (instant->kind == TL_EVENT_READ && (read == NULL || instant->ts >= read->ts))
        read = instant;
    }
  if (write == NULL)
    write = read;
  if (write == NULL)
    return FALSE;
  *value = (gint64) write->arg;
  *ts = write->ts;
  return TRUE;
}

static void
card_value (TlLesson           *self,
            const TlLessonCard *spec,
            TlLessonCardText   *card)
{
  guint32 object = _tl_lesson_find_object (self, spec->subject, value_roles);
  g_autofree char *text = NULL;
  GString *line;
  gint64 value, ts;

  if (object == TL_INDEX_NONE || !last_value (self, object, &value, &ts))
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  line = g_string_new (NULL);
  g_string_append_printf (line, "%s = %s", spec->subject, text);
  if (spec->expected != NULL)
    compare (self, card, text, spec->expected, line);
  add_line (card, g_string_free (line, FALSE));
  see (card, ts);
}

static void
card_lost_updates (TlLesson           *self,
                   const TlLessonCard *spec,
                   TlLessonCardText   *card)
{
  guint32 object = _tl_lesson_find_object (self, spec->subject, value_roles);
  g_autoptr(GArray) lost = NULL;
  TlLostUpdateSummary summary;
  gboolean increments;

  if (object == TL_INDEX_NONE)
    return;
  lost = tl_analysis_lost_updates (self->model, object, &summary);
  if (summary.n_writes == 0)
    return;
  /* Each write added one: they are increments, and the lost ones are
   * the count's shortfall. */
  increments = summary.expected - summary.initial == (gint64) summary.n_writes;
  if (summary.n_lost == 0)
    {
      add_line (card, increments ? g_strdup (_("no increment lost"))
                                 : g_strdup (_("no update lost")));
      card->mood = TL_LESSON_MOOD_GOOD;
      return;
    }
  add_line (card, g_strdup_printf ("%s = %" G_GINT64_FORMAT, spec->subject, summary.final));
  if (increments)
    /* TRANSLATORS: "480 of 800 increments lost" */
    add_line (card, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u increments lost",
                                                  "%u of %u increments lost", summary.n_lost),
                                     summary.n_lost, summary.n_writes));
  else
    /* TRANSLATORS: "12 of 40 updates lost" */
    add_line (card, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u updates lost",
                                                  "%u of %u updates lost", summary.n_lost),
                                     summary.n_lost, summary.n_writes));
  card->mood = TL_LESSON_MOOD_BAD;
  see (card, g_array_index (lost, TlLostUpdate, 0).by_ts);
}

/* ---- tasks, prints, marks ----------------------------------------------------------- */

static gint
compare_starts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  TlLesson *self = user_data;
  const TlSpan *x = span_of (self, a), *y = span_of (self, b);

  return x->start < y->start ? -1 : x->start > y->start;
}

static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

/* "square(3) → ForkPoolWorker-2 → 9", a task a line; a worker a line
 * when there are too many. */
static void
card_tasks (TlLesson           *self,
            const TlLessonCard *spec,
            TlLessonCardText   *card)
{
  g_autoptr(GArray) tasks = spans_of (self, TL_SPAN_TASK, TL_INDEX_NONE);
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ran = g_ptr_array_new_with_free_func (string_free);

  g_array_sort_with_data (tasks, compare_starts, self);
  for (guint i = 0; i < tasks->len; i++)
    {
      const TlItemRef *item = &g_array_index (tasks, TlItemRef, i);
      const TlSpan *task = span_of (self, item);
      g_autofree char *what = tl_describe_object (self->model, task->ref);
      g_autofree char *who = tl_describe_lane (self->model, item->lane);
      guint w;

      see (card, task->end);
      if (tasks->len <= MAX_LINES)
        {
          if (task->flags & TL_SPAN_FLAG_FAILED)
            /* TRANSLATORS: "square(0) → ForkPoolWorker-2 → raised an exception" */
            add_line (card, g_strdup_printf (_("%s → %s → raised an exception"), what, who));
          else
            add_line (card, g_strdup_printf ("%s → %s → %" G_GINT64_FORMAT, what, who, (gint64) task->arg2));
          continue;
        }
      for (w = 0; w < workers->len && strcmp (g_ptr_array_index (workers, w), who) != 0; w++)
        ;
      if (w == workers->len)
        {
          g_ptr_array_add (workers, g_steal_pointer (&who));
          g_ptr_array_add (ran, g_string_new (NULL));
        }
      g_string_append_printf (g_ptr_array_index (ran, w), "%s%s",
                              ((GString *) g_ptr_array_index (ran, w))->len > 0 ? ", " : "", what);
    }
  for (guint w = 0; w < workers->len; w++)
    /* TRANSLATORS: "ThreadPoolExecutor-0_1 ran f(2), f(7)" */
    add_line (card, g_strdup_printf (_("%s ran %s"), (char *) g_ptr_array_index (workers, w),
                                     ((GString *) g_ptr_array_index (ran, w))->str));
}

/* The instants of @kind whose text (a print's, a plain mark's) holds
 * @prefix, or is @prefix when @whole; as TlItemRef. */
static GArray *
texts_of (TlLesson    *self,
          TlEventKind  kind,
          const char  *prefix,
          gboolean     whole)
{
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (TlItemRef));

  for (guint l = 0; l < tl_trace_model_get_n_lanes (self->model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (self->model, l);
      const TlInstant *instants;
      guint n;

      if (tl_lane_get_kind (lane) != TL_LANE_THREAD)
        continue;
      instants = tl_lane_get_instants (lane, &n);
      for (guint i = 0; i < n; i++)
        {
          const char *text;
          TlItemRef item = { l, TL_ITEM_INSTANT, 0, i };

          if (instants[i].kind != kind ||
              (kind == TL_EVENT_MARK && instants[i].arg != TL_SCENARIO_MARK_PLAIN) ||
              (text = _tl_describe_string (self->model, instants[i].ref)) == NULL ||
              !(whole ? strcmp (text, prefix) == 0 : strstr (text, prefix) != NULL))
            continue;
          g_array_append_val (refs, item);
        }
    }
  return refs;
}


static gint
compare_instants (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const TlInstant *x = instant_of (user_data, a), *y = instant_of (user_data, b);

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static void
card_prints (TlLesson           *self,
             const TlLessonCard *spec,
             TlLessonCardText   *card)
{
  g_autoptr(GArray) prints = texts_of (self, TL_EVENT_PRINT, spec->subject, FALSE);

  g_array_sort_with_data (prints, compare_instants, self);
  for (guint i = 0; i < prints->len; i++)
    {
      const TlInstant *print = instant_of (self, &g_array_index (prints, TlItemRef, i));

      see (card, print->ts);
      add_line (card, g_strdup (_tl_describe_string (self->model, print->ref)));
    }
}

static void
card_marks (TlLesson           *self,
            const TlLessonCard *spec,
            TlLessonCardText   *card)
{
  g_autoptr(GArray) marks = texts_of (self, TL_EVENT_MARK, spec->subject, TRUE);

  g_array_sort_with_data (marks, compare_instants, self);
  if (marks->len == 0)
    return;
  see (card, instant_of (self, &g_array_index (marks, TlItemRef, 0))->ts);
  /* TRANSLATORS: "“list is empty” 3 times" */
  add_line (card, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” once", "“%s” %u times",
                                                marks->len), spec->subject, marks->len));
}

/* ---- locks, waits, messages -------------------------------------------------------- */

static void
card_holders (TlLesson           *self,
              const TlLessonCard *spec,
              TlLessonCardText   *card)
{
  guint32 object = _tl_lesson_find_object (self, spec->subject, lock_roles);
  g_autoptr(GArray) waits = NULL;
  gint64 when = TL_TS_NONE;
  guint most;

  if (object == TL_INDEX_NONE)
    return;
  most = tl_analysis_max_concurrent (self->model, TL_SPAN_HOLD_LOCK, object, 0, &when);
  if (most == 0)
    return;
  if (most == 1)
    add_line (card, g_strdup (_("one holder at a time")));
  else
    /* TRANSLATORS: a lock's card, "at most 2 holders at once" */
    add_line (card, g_strdup_printf (_("at most %u holders at once"), most));
  waits = spans_of (self, tl_trace_model_get_object (self->model, object)->role == TL_ROLE_SEMAPHORE
                          ? TL_SPAN_WAIT_SEMAPHORE : TL_SPAN_WAIT_LOCK, object);
  /* The lesson shows once a thread had to wait for it. */
  for (guint i = 0; i < waits->len; i++)
    see (card, span_of (self, &g_array_index (waits, TlItemRef, i))->start);
  if (waits->len == 0)
    see (card, when);
  if (waits->len > 0)
    /* TRANSLATORS: "4 waits for it" */
    add_line (card, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u wait for it", "%u waits for it",
                                                  waits->len), waits->len));
}

/* Who woke @object's waiters last, by @by: an Event's setter, a
 * Barrier's last party, a Condition's notifier; NULL if nobody did. */
static char *
last_wake (TlLesson *self,
           guint32   object,
           gint64    by)
{
  guint n_refs;
  const TlItemRef *refs = tl_trace_model_get_object_history (self->model, object, &n_refs);
  guint32 lane = TL_INDEX_NONE;
  gint64 when = G_MININT64;

  for (guint i = 0; i < n_refs; i++)
    {
      const TlInstant *instant;

      if (refs[i].type != TL_ITEM_INSTANT)
        continue;
      instant = instant_of (self, &refs[i]);
      if (instant->kind == TL_EVENT_WAKE && instant->ts <= by && instant->ts >= when)
        {
          when = instant->ts;
          lane = refs[i].lane;
        }
    }
  return lane != TL_INDEX_NONE ? tl_describe_lane (self->model, lane) : NULL;
}

static void
card_waiters (TlLesson           *self,
              const TlLessonCard *spec,
              TlLessonCardText   *card)
{
  guint32 object = _tl_lesson_find_object (self, spec->subject, waitable_roles);
  g_autoptr(GArray) waits = NULL;
  g_autofree char *at = NULL;
  g_autofree char *waker = NULL;
  gint64 first = G_MAXINT64, last = G_MININT64;
  guint n = 0;

  if (object == TL_INDEX_NONE)
    return;
  waits = spans_of (self, TL_N_SPAN_KINDS, object);
  for (guint i = 0; i < waits->len; i++)
    {
      const TlSpan *wait = span_of (self, &g_array_index (waits, TlItemRef, i));

      if (!TL_SPAN_KIND_IS_STATE (wait->kind) || wait->kind == TL_SPAN_RUNNING)
        continue;
      n++;
      first = MIN (first, wait->end);
      last = MAX (last, wait->end);
    }
  if (n == 0)
    return;
  see (card, first);
  at = tl_format_time (self->model, last);
  waker = last_wake (self, object, last);
  if (n == 1)
    /* TRANSLATORS: an object's card, "1 waited, and went on at 2.10 s" */
    add_line (card, g_strdup_printf (_("1 waited, and went on at %s"), at));
  else if (last - first <= TOGETHER_NS)
    /* TRANSLATORS: "3 waited; all went on together, at 2.10 s" */
    add_line (card, g_strdup_printf (_("%u waited; all went on together, at %s"), n, at));
  else
    /* TRANSLATORS: "5 waited; the last went on at 2.10 s" */
    add_line (card, g_strdup_printf (_("%u waited; the last went on at %s"), n, at));
  if (waker != NULL)
    /* TRANSLATORS: who let the waiters go: "released by MainProcess" */
    add_line (card, g_strdup_printf (_("released by %s"), waker));
}

static void
card_messages (TlLesson           *self,
               const TlLessonCard *spec,
               TlLessonCardText   *card)
{
  guint32 object = _tl_lesson_find_object (self, spec->subject, channel_roles);
  g_autofree char *pipe = g_strdup_printf ("Pipe(%s, ", spec->subject);
  g_autofree char *pipe_end = g_strdup_printf (", %s)", spec->subject);
  const TlFlow *flows;
  guint n_flows, n = 0;
  gboolean in_order = TRUE;
  gint64 last_from = G_MININT64, last_to = G_MININT64;

  /* A Pipe is named after both its ends. */
  for (guint i = 0; object == TL_INDEX_NONE && i < tl_trace_model_get_n_objects (self->model); i++)
    {
      const char *name = _tl_describe_string (self->model, tl_trace_model_get_object (self->model, i)->name);

      if (name != NULL && (g_str_has_prefix (name, pipe) || g_str_has_suffix (name, pipe_end)))
        object = i;
    }
  if (object == TL_INDEX_NONE)
    return;
  flows = tl_trace_model_get_flows (self->model, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      if (flows[i].kind != TL_FLOW_MESSAGE || flows[i].ref != object)
        continue;
      n++;
      see (card, flows[i].to_ts);
      in_order &= flows[i].from_ts >= last_from && flows[i].to_ts >= last_to;
      last_from = flows[i].from_ts;
      last_to = flows[i].to_ts;
    }
  if (n == 0)
    return;
  if (in_order)
    /* TRANSLATORS: a channel's card, "6 messages, each received, in the order sent" */
    add_line (card, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message, received",
                                                  "%u messages, each received, in the order sent",
                                                  n), n));
  else
    /* TRANSLATORS: "24 messages, each received" */
    add_line (card, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message, received",
                                                  "%u messages, each received", n), n));
}

/* ---- errors, crashes, deadlocks ------------------------------------------------------- */

/* The text an error was raised with, at @ts on @lane. */
static const char *
raised_text (TlLesson *self,
             guint32   lane,
             gint64    ts)
{
  guint n;
  const TlInstant *instants = tl_lane_get_instants (tl_trace_model_get_lane (self->model, lane), &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].kind == TL_EVENT_ERROR_RAISED && instants[i].ts == ts)
      return _tl_describe_string (self->model, (guint32) instants[i].arg);
  return NULL;
}

static void
card_errors (TlLesson           *self,
             const TlLessonCard *spec,
             TlLessonCardText   *card)
{
  const TlFlow *flows;
  guint n_flows, n = 0;

  flows = tl_trace_model_get_flows (self->model, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *said = NULL;
      const char *text;

      if (flows[i].kind != TL_FLOW_ERROR)
        continue;
      see (card, flows[i].to_ts);
      if (++n > MAX_LINES)
        continue;
      from = tl_describe_lane (self->model, flows[i].from_lane);
      to = tl_describe_lane (self->model, flows[i].to_lane);
      text = raised_text (self, flows[i].from_lane, flows[i].from_ts);
      if (text != NULL)
        /* TRANSLATORS: "ZeroDivisionError: division by zero: raised in Thread-1, handled in Process-1" */
        said = g_strdup_printf (_("%s: raised in %s, handled in %s"), text, from, to);
      else
        said = g_strdup_printf (_("raised in %s, handled in %s"), from, to);
      /* One exception handled twice (printed, then reported) is one line. */
      if (card->lines->len > 0 && strcmp (g_ptr_array_index (card->lines, card->lines->len - 1), said) == 0)
        n--;
      else
        add_line (card, g_steal_pointer (&said));
    }
  if (n > MAX_LINES)
    /* TRANSLATORS: "and 3 more" */
    add_line (card, g_strdup_printf (_("and %u more"), n - MAX_LINES));
}

static void
card_crash (TlLesson           *self,
            const TlLessonCard *spec,
            TlLessonCardText   *card)
{
  for (guint i = 0; i < tl_trace_model_get_n_processes (self->model); i++)
    {
      const TlProcess *crashed = tl_trace_model_get_process (self->model, i);
      g_autoptr(GString) finished = NULL;
      g_autofree char *name = NULL;
      g_autofree char *end = NULL;
      const guint32 *order;
      guint n_finished = 0, n_order;

      if (!crashed->signaled || crashed->machinery)
        continue;
      name = tl_describe_process_name (self->model, i);
      end = tl_describe_process_end (self->model, i);
      see (card, crashed->exit_ts);
      card->mood = TL_LESSON_MOOD_BAD;
      add_line (card, g_strdup_printf ("%s: %s", name, end));
      /* Its siblings alive with it carried on.  (A crash is recorded when
       * the parent reaps it, which may be after a sibling ended.) */
      finished = g_string_new (NULL);
      /* In the order they were made, as the view lists them. */
      order = tl_trace_model_get_process_order (self->model, &n_order);
      for (guint o = 0; o < n_order; o++)
        {
          guint j = order[o];
          const TlProcess *sibling = tl_trace_model_get_process (self->model, j);

          if (j == i || sibling->parent_pid != crashed->parent_pid || !sibling->exited ||
              sibling->signaled || sibling->exit_status != 0 ||
              sibling->exit_ts < tl_trace_model_get_process_begin (self->model, i) ||
              tl_trace_model_get_process_begin (self->model, j) > crashed->exit_ts)
            continue;
          n_finished++;
          if (finished->len > 0)
            g_string_append (finished, _(", "));
          tl_describe_append_process_name (self->model, j, finished);
        }
      if (n_finished > 0)
        /* TRANSLATORS: "Process-4, Process-6 carried on and finished" */
        add_line (card, g_strdup_printf (_("%s carried on and finished"), finished->str));
    }
}

static void
card_deadlock (TlLesson           *self,
               const TlLessonCard *spec,
               TlLessonCardText   *card)
{
  g_autoptr(GArray) cycles = tl_analysis_find_deadlocks (self->model);
  const TlDeadlock *cycle;

  if (cycles->len == 0)
    return;
  cycle = &g_array_index (cycles, TlDeadlock, 0);
  see (card, cycle->start);
  card->mood = TL_LESSON_MOOD_BAD;
  for (guint i = 0; i < cycle->n; i++)
    {
      g_autofree char *who = tl_describe_lane (self->model, cycle->lanes[i]);
      g_autofree char *holder = tl_describe_lane (self->model, cycle->lanes[(i + 1) % cycle->n]);
      g_autofree char *lock = tl_describe_object (self->model, cycle->objects[i]);

      add_line (card, _tl_describe_waits_for_lock (who, lock, holder));
    }
}

/* ---- the card ------------------------------------------------------------------------ */

typedef void (*CardFn) (TlLesson           *self,
                        const TlLessonCard *spec,
                        TlLessonCardText   *card);

static const CardFn card_fns[TL_N_LESSON_CARDS] = {
  [TL_LESSON_CARD_RESULT] = card_result,
  [TL_LESSON_CARD_VALUE] = card_value,
  [TL_LESSON_CARD_LOST_UPDATES] = card_lost_updates,
  [TL_LESSON_CARD_TASKS] = card_tasks,
  [TL_LESSON_CARD_PRINTS] = card_prints,
  [TL_LESSON_CARD_HOLDERS] = card_holders,
  [TL_LESSON_CARD_WAITERS] = card_waiters,
  [TL_LESSON_CARD_MARKS] = card_marks,
  [TL_LESSON_CARD_MESSAGES] = card_messages,
  [TL_LESSON_CARD_ERRORS] = card_errors,
  [TL_LESSON_CARD_CRASH] = card_crash,
  [TL_LESSON_CARD_DEADLOCK] = card_deadlock,
};

/* A card's heading: what it is about. */
static const char *
card_title (const TlLessonCard *spec)
{
  switch (spec->kind)
    {
    case TL_LESSON_CARD_TASKS:
      return _("Who ran which task");
    case TL_LESSON_CARD_PRINTS:
      return _("Printed, in this order");
    case TL_LESSON_CARD_ERRORS:
      return _("Exceptions");
    case TL_LESSON_CARD_CRASH:
      return _("Crash");
    case TL_LESSON_CARD_DEADLOCK:
      return _("Deadlock");
    case TL_LESSON_CARD_LOST_UPDATES:
      /* TRANSLATORS: a card's heading */
      return _("Lost updates");
    case TL_LESSON_CARD_MARKS:
      /* TRANSLATORS: a card's heading: how often a mark step said something */
      return _("Marks");
    case TL_LESSON_CARD_RESULT:
    case TL_LESSON_CARD_VALUE:
      /* "pool.map = [1, 4, 9, 16, 25]" says what it is about. */
      return NULL;
    case TL_LESSON_CARD_HOLDERS:
    case TL_LESSON_CARD_WAITERS:
    case TL_LESSON_CARD_MESSAGES:
    case TL_N_LESSON_CARDS:
    default:
      return spec->subject;
    }
}

TlLessonCardText *
_tl_lesson_build_card (TlLesson           *self,
                       const TlLessonCard *spec)
{
  TlLessonCardText *card = _tl_lesson_card_new (spec->kind, card_title (spec));

  card_fns[spec->kind] (self, spec, card);
  /* Until its line comes, a card still says what it waits for. */
  if (card->title == NULL && card->lines->len == 0)
    card->title = g_strdup (spec->subject);
  return card;
}
