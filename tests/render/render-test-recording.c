/* render-test-recording.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "render-test-recording.h"

#define FILE_HEADER   32
#define CHUNK_HEADER  32
#define EVENT_RECORD  40
#define CHUNK_EVENTS  1

static guint64
read_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

static guint32
read_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static guint16
read_u16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return GUINT16_FROM_LE (v);
}

static void
read_events (RenderTestRecording *self,
             const guint8        *p,
             gsize                len)
{
  gsize at = 0;

  while (at + EVENT_RECORD <= len)
    {
      TlModelEvent e = { 0 };

      e.ts = (gint64) read_u64 (p + at);
      e.object = read_u64 (p + at + 8);
      e.arg = read_u64 (p + at + 16);
      e.kind = read_u16 (p + at + 24);
      e.role = p[at + 26];
      e.flags = p[at + 27];
      e.aux = read_u32 (p + at + 28);
      e.pid = read_u32 (p + at + 32);
      e.tid = read_u32 (p + at + 36);
      at += EVENT_RECORD;
      if (e.kind == TL_EVENT_NAME)
        {
          g_assert_cmpuint (at + e.aux, <=, len);
          e.text = g_string_chunk_insert_len (self->texts, (const char *) p + at, e.aux);
          e.text_len = e.aux;
          at += (e.aux + 7) & ~7u;
        }
      g_array_append_val (self->events, e);
    }
}

RenderTestRecording *
render_test_recording_load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "tltrace", name, NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  RenderTestRecording *self;
  gsize len, at;

  g_file_get_contents (path, (char **) &data, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, FILE_HEADER);
  g_assert_cmpint (memcmp (data, "TLTRACE", 7), ==, 0);

  self = g_new0 (RenderTestRecording, 1);
  self->events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  self->texts = g_string_chunk_new (4096);
  at = read_u32 (data + 16);
  while (at + CHUNK_HEADER <= len)
    {
      guint16 type = read_u16 (data + at + 4);
      guint32 length = read_u32 (data + at + 8);

      g_assert_cmpuint (read_u32 (data + at), ==, 0x6b434c54u);
      g_assert_cmpuint (at + CHUNK_HEADER + length, <=, len);
      if (type == CHUNK_EVENTS)
        read_events (self, data + at + CHUNK_HEADER, length);
      at += CHUNK_HEADER + ((length + 7) & ~7u);
    }
  g_assert_cmpuint (self->events->len, >, 0);
  return self;
}

void
render_test_recording_free (RenderTestRecording *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->events);
  g_string_chunk_free (self->texts);
  g_free (self);
}

TlTraceModel *
render_test_recording_model (RenderTestRecording *self,
                             gint64               until,
                             gboolean             finish)
{
  TlTraceModel *model = tl_trace_model_new ();

  for (guint i = 0; i < self->events->len; i++)
    {
      const TlModelEvent *e = &g_array_index (self->events, TlModelEvent, i);

      if (e->ts <= until)
        tl_trace_model_add_event (model, e);
    }
  if (finish)
    tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}
