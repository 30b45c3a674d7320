/* render-test-recording.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A .tltrace recording's events, in the order the collector delivered
 * them (docs/tltrace.md, EVENTS chunks), so that a test can feed a model
 * with them as a live run did, and stop wherever it likes.
 */
#pragma once

#include <glib.h>

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef struct
{
  GArray       *events;     /* TlModelEvent */
  GStringChunk *texts;      /* what the naming records' text points into */
} RenderTestRecording;

/* $G_TEST_SRCDIR/data/tltrace/@name; the test fails if it cannot be read. */
RenderTestRecording *render_test_recording_load (const char          *name);
void                 render_test_recording_free (RenderTestRecording *recording);
/* A model of its events up to @until (G_MAXINT64: all), finished or,
 * as a live run left it then, not. */
TlTraceModel        *render_test_recording_model (RenderTestRecording *recording,
                                                  gint64               until,
                                                  gboolean             finish);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderTestRecording, render_test_recording_free)

G_END_DECLS
