/* tl-collected-event.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the ring meets the model: an event as the collector delivers it,
 * as the model takes it.  Kept here, with the live pipeline that does the
 * meeting, so that the model knows nothing of the collector.
 */
#pragma once

#include "tl-collector.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

static inline void
tl_model_event_from_collected (TlModelEvent           *out,
                               const TlCollectedEvent *in)
{
  out->ts = (gint64) in->event.ts;
  out->pid = in->pid;
  out->tid = in->tid;
  out->object = in->event.object;
  out->arg = in->event.arg;
  out->kind = in->event.kind;
  out->role = in->event.role;
  out->flags = in->event.flags;
  out->aux = in->event.aux;
  out->text = in->text;
  out->text_len = in->text_len;
}

G_END_DECLS
