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

typedef struct
{
  guint64 bytes;
  guint64 file_info_bytes;
  guint64 n_complete;        /* X events */
  guint64 n_other;
} TlGeneratedJson;

/* A viztracer-like file of about @target_bytes. */
TlGeneratedJson tl_trace_gen_chrome_json (const char *path,
                                          guint64     target_bytes);

G_END_DECLS
