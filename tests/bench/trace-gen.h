/* trace-gen.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generated traces for the benchmarks.
 */
#pragma once

#include "tl-tltrace.h"

G_BEGIN_DECLS

/* A recording of about @n_events events (it ends cleanly, so a few more),
 * written with TlTltraceWriter; the same events are fed to @live if not
 * NULL.  Returns the number of events written, 0 on error. */
guint64  tl_trace_gen_tltrace      (const char    *path,
                                    guint64        n_events,
                                    TlTraceModel  *live,
                                    GError       **error);

G_END_DECLS
