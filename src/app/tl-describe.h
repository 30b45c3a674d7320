/* tl-describe.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words for what the model holds: lane and object names, durations,
 * times, as the window shows them to people.
 */
#pragma once

#include <glib.h>

#include "tl-time-axis.h"
#include "tl-trace-model.h"

G_BEGIN_DECLS

char *tl_describe_lane      (TlTraceModel    *model,
                             guint32          lane);
char *tl_describe_object    (TlTraceModel    *model,
                             guint32          object);
char *tl_describe_process   (TlTraceModel    *model,
                             guint            process);
/* A time relative to the trace's start: "+1.250 s" */
char *tl_format_time        (TlTraceModel    *model,
                             gint64           ts);
/* What an instant says: "prints “hello”", "writes 42 to counter"... */
char *tl_describe_instant   (TlTraceModel    *model,
                             const TlInstant *instant);

G_END_DECLS
