/* tl-span-search.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over every track, asking of each span only whether its name
 * matched (a byte per string id, worked out the first time a name comes
 * up), keeps each track's matches in the order the track has them; a
 * merge of the tracks' runs on a heap then puts them in time order, in
 * n log k for k tracks with matches, instead of sorting them all.
 */
#define G_LOG_DOMAIN "tl-span-search"

#include "config.h"

#include <string.h>

#include "tl-span-search.h"
#include "tl-trace-model-code.h"

enum
{
  NAME_UNKNOWN = 0,
  NAME_NO,
  NAME_YES,
};

typedef struct
{
  gint64    start;
  TlItemRef ref;
} Found;

/* A track's matches: found[first .. end). */
typedef struct
{
  guint pos;
  guint end;
} Run;

struct _TlSpanSearch
{
  TlTraceModel *model;
  char         *text;
  char         *folded;       /* @text, case-folded; NULL matches nothing */
  guint64       generation;
  GArray       *matches;      /* TlItemRef */
  guint8       *names;        /* per string id: NAME_* */
  guint         n_names;
};

static gboolean
name_holds (const TlSpanSearch *self,
            guint32             name)
{
  const char *str = tl_trace_model_get_string (self->model, name);
  g_autofree char *folded = NULL;

  if (str == NULL || self->folded == NULL)
    return FALSE;
  folded = g_utf8_casefold (str, -1);
  return strstr (folded, self->folded) != NULL;
}

static gboolean
name_matches (TlSpanSearch *self,
              guint32       name)
{
  if (name >= self->n_names)
    return name != TL_INDEX_NONE && name_holds (self, name);
  if (self->names[name] == NAME_UNKNOWN)
    self->names[name] = name_holds (self, name) ? NAME_YES : NAME_NO;
  return self->names[name] == NAME_YES;
}

static gboolean
found_before (const Found *a,
              const Found *b)
{
  if (a->start != b->start)
    return a->start < b->start;
  if (a->ref.lane != b->ref.lane)
    return a->ref.lane < b->ref.lane;
  if (a->ref.track != b->ref.track)
    return a->ref.track < b->ref.track;
  return a->ref.index < b->ref.index;
}

/* The heap of runs, ordered by their current match. */
static gboolean
run_before (const Found *found,
            const Run   *a,
            const Run   *b)
{
  return found_before (&found[a->pos], &found[b->pos]);
}

static void
sift_down (const Found *found,
           Run         *heap,
           guint        n,
           guint        i)
{
  for (;;)
    {
      guint least = i, l = 2 * i + 1, r = 2 * i + 2;
      Run tmp;

      if (l < n && run_before (found, &heap[l], &heap[least]))
        least = l;
      if (r < n && run_before (found, &heap[r], &heap[least]))
        least = r;
      if (least == i)
        return;
      tmp = heap[i];
      heap[i] = heap[least];
      heap[least] = tmp;
      i = least;
    }
}

static void
merge_runs (TlSpanSearch *self,
            const Found  *found,
            Run          *heap,
            guint         n)
{
  for (guint i = n / 2; i-- > 0;)
    sift_down (found, heap, n, i);
  while (n > 0)
    {
      g_array_append_val (self->matches, found[heap[0].pos].ref);
      if (++heap[0].pos == heap[0].end)
        heap[0] = heap[--n];
      sift_down (found, heap, n, 0);
    }
}

static void
collect (TlSpanSearch *self,
         GArray       *found,
         GArray       *runs)
{
  TlTraceModel *model = self->model;

  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n);
          Run run = { found->len, found->len };

          for (guint i = 0; i < n; i++)
            {
              guint32 name = tl_trace_model_get_span_name (model, &spans[i]);
              Found hit = { spans[i].start, { l, TL_ITEM_SPAN, (guint16) t, i } };

              if (name != TL_INDEX_NONE && name_matches (self, name))
                g_array_append_val (found, hit);
            }
          run.end = found->len;
          if (run.end > run.pos)
            g_array_append_val (runs, run);
        }
    }
}

TlSpanSearch *
tl_span_search_new (TlTraceModel *model,
                    const char   *text)
{
  TlSpanSearch *self;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) runs = NULL;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (TlSpanSearch, 1);
  self->model = g_object_ref (model);
  self->text = g_strdup (text);
  self->generation = tl_trace_model_get_generation (model);
  self->matches = g_array_new (FALSE, FALSE, sizeof (TlItemRef));
  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    return self;

  self->folded = g_utf8_casefold (text, -1);
  self->n_names = tl_trace_model_get_n_strings (model);
  self->names = g_new0 (guint8, MAX (self->n_names, 1));
  found = g_array_new (FALSE, FALSE, sizeof (Found));
  runs = g_array_new (FALSE, FALSE, sizeof (Run));
  collect (self, found, runs);
  g_array_unref (self->matches);
  self->matches = g_array_sized_new (FALSE, FALSE, sizeof (TlItemRef), found->len);
  merge_runs (self, (const Found *) (gpointer) found->data, (Run *) (gpointer) runs->data, runs->len);
  return self;
}

void
tl_span_search_free (TlSpanSearch *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->model);
  g_free (self->text);
  g_free (self->folded);
  g_array_unref (self->matches);
  g_free (self->names);
  g_free (self);
}

const char *
tl_span_search_get_text (const TlSpanSearch *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

TlTraceModel *
tl_span_search_get_model (const TlSpanSearch *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->model;
}

guint64
tl_span_search_get_generation (const TlSpanSearch *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->generation;
}

guint
tl_span_search_get_n_matches (const TlSpanSearch *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->matches->len;
}

const TlItemRef *
tl_span_search_get_matches (const TlSpanSearch *self,
                            guint              *n_matches)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_matches != NULL, NULL);
  *n_matches = self->matches->len;
  return (const TlItemRef *) (gpointer) self->matches->data;
}

static gint64
match_start (const TlSpanSearch *self,
             guint               index)
{
  const TlItemRef *ref = &g_array_index (self->matches, TlItemRef, index);
  guint n;

  return tl_lane_get_spans (tl_trace_model_get_lane (self->model, ref->lane), ref->track, &n)[ref->index].start;
}

guint
tl_span_search_find (const TlSpanSearch *self,
                     gint64              ts,
                     int                 direction)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, G_MAXUINT);
  g_return_val_if_fail (direction != 0, G_MAXUINT);

  /* The first match that starts after @ts (before it, with direction
   * < 0: the first that starts at or after it). */
  hi = self->matches->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 start = match_start (self, mid);

      if (direction > 0 ? start <= ts : start < ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (direction > 0)
    return lo < self->matches->len ? lo : G_MAXUINT;
  return lo > 0 ? lo - 1 : G_MAXUINT;
}

gboolean
tl_span_search_matches_name (const TlSpanSearch *self,
                             guint32             name)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (name == TL_INDEX_NONE)
    return FALSE;
  if (name < self->n_names && self->names[name] != NAME_UNKNOWN)
    return self->names[name] == NAME_YES;
  return name_holds (self, name);
}

gboolean
tl_span_search_matches_span (const TlSpanSearch *self,
                             const TlSpan       *span)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (span != NULL, FALSE);

  return tl_span_search_matches_name (self, tl_trace_model_get_span_name (self->model, span));
}
