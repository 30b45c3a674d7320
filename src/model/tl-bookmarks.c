/* tl-bookmarks.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-trace-model"

#include "config.h"

#include <string.h>

#include "tl-bookmarks.h"
#include "tl-trace-model-private.h"

typedef struct
{
  gint64  ts;
  char   *note;
} Bookmark;

struct _TlBookmarks
{
  GArray  *items;       /* Bookmark, by time */
  guint64  serial;
};

static void
bookmark_clear (gpointer data)
{
  Bookmark *b = data;

  g_clear_pointer (&b->note, g_free);
}

TlBookmarks *
_tl_bookmarks_new (void)
{
  TlBookmarks *self = g_new0 (TlBookmarks, 1);

  self->items = g_array_new (FALSE, FALSE, sizeof (Bookmark));
  g_array_set_clear_func (self->items, bookmark_clear);
  return self;
}

void
_tl_bookmarks_free (TlBookmarks *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->items);
  g_free (self);
}

static TlBookmarks *
bookmarks (TlTraceModel *model)
{
  return _tl_trace_model_get_bookmarks_state (model);
}

/* A note as kept: valid UTF-8, one line, at most TL_BOOKMARK_NOTE_MAX
 * bytes, cut where a character ends. */
static char *
clean_note (const char *note)
{
  g_autofree char *valid = g_utf8_make_valid (note != NULL ? note : "", -1);
  const char *end;

  g_strdelimit (valid, "\r\n\t", ' ');
  g_strstrip (valid);
  if (strlen (valid) <= TL_BOOKMARK_NOTE_MAX)
    return g_steal_pointer (&valid);
  end = g_utf8_find_prev_char (valid, valid + TL_BOOKMARK_NOTE_MAX + 1);
  return g_strndup (valid, (gsize) (end - valid));
}

/* The first bookmark after every one at or before @ts. */
static guint
upper_bound (TlBookmarks *self,
             gint64       ts)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->items, Bookmark, mid).ts <= ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static guint
lower_bound (TlBookmarks *self,
             gint64       ts)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->items, Bookmark, mid).ts < ts)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
tl_trace_model_add_bookmark (TlTraceModel *model,
                             gint64        ts,
                             const char   *note)
{
  TlBookmarks *self;
  Bookmark b;
  guint index;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), G_MAXUINT);
  g_return_val_if_fail (ts != TL_TS_NONE, G_MAXUINT);

  self = bookmarks (model);
  b.ts = ts;
  b.note = clean_note (note);
  index = upper_bound (self, ts);
  g_array_insert_val (self->items, index, b);
  self->serial++;
  return index;
}

void
tl_trace_model_remove_bookmark (TlTraceModel *model,
                                guint         index)
{
  TlBookmarks *self;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  self = bookmarks (model);
  g_return_if_fail (index < self->items->len);

  g_array_remove_index (self->items, index);
  self->serial++;
}

void
tl_trace_model_set_bookmark_note (TlTraceModel *model,
                                  guint         index,
                                  const char   *note)
{
  TlBookmarks *self;
  Bookmark *b;
  g_autofree char *clean = NULL;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  self = bookmarks (model);
  g_return_if_fail (index < self->items->len);

  b = &g_array_index (self->items, Bookmark, index);
  clean = clean_note (note);
  if (g_strcmp0 (b->note, clean) == 0)
    return;
  g_free (b->note);
  b->note = g_steal_pointer (&clean);
  self->serial++;
}

void
tl_trace_model_clear_bookmarks (TlTraceModel *model)
{
  TlBookmarks *self;

  g_return_if_fail (TL_IS_TRACE_MODEL (model));
  self = bookmarks (model);
  if (self->items->len == 0)
    return;
  g_array_set_size (self->items, 0);
  self->serial++;
}

guint
tl_trace_model_get_n_bookmarks (TlTraceModel *model)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), 0);
  return bookmarks (model)->items->len;
}

const TlBookmark *
tl_trace_model_get_bookmark (TlTraceModel *model,
                             guint         index)
{
  TlBookmarks *self;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), NULL);
  self = bookmarks (model);
  g_return_val_if_fail (index < self->items->len, NULL);

  /* Bookmark and TlBookmark share their layout. */
  return (const TlBookmark *) &g_array_index (self->items, Bookmark, index);
}

G_STATIC_ASSERT (sizeof (Bookmark) == sizeof (TlBookmark));
G_STATIC_ASSERT (G_STRUCT_OFFSET (Bookmark, note) == G_STRUCT_OFFSET (TlBookmark, note));

guint
tl_trace_model_find_bookmark (TlTraceModel *model,
                              gint64        ts,
                              int           direction)
{
  TlBookmarks *self;
  guint index;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), G_MAXUINT);
  self = bookmarks (model);

  if (direction > 0)
    {
      index = upper_bound (self, ts);
      return index < self->items->len ? index : G_MAXUINT;
    }
  index = lower_bound (self, ts);
  return index > 0 ? index - 1 : G_MAXUINT;
}

guint
tl_trace_model_lookup_bookmark (TlTraceModel *model,
                                gint64        ts)
{
  TlBookmarks *self;
  guint index;

  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), G_MAXUINT);
  self = bookmarks (model);

  index = lower_bound (self, ts);
  if (index < self->items->len && g_array_index (self->items, Bookmark, index).ts == ts)
    return index;
  return G_MAXUINT;
}

guint64
tl_trace_model_get_bookmarks_serial (TlTraceModel *model)
{
  g_return_val_if_fail (TL_IS_TRACE_MODEL (model), 0);
  return bookmarks (model)->serial;
}
