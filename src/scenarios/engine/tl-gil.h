/* tl-gil.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An emulated global interpreter lock, one per process of the scenario
 * (see tl-gil.c for how it hands over).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TlGil TlGil;

TlGil      *_tl_gil_new              (gint64        interval_ns);
void        _tl_gil_take             (TlGil        *gil,
                                      guint32       tid);
void        _tl_gil_drop             (TlGil        *gil,
                                      guint32       tid,
                                      gboolean      forced);
gboolean    _tl_gil_drop_requested   (TlGil        *gil);

G_END_DECLS
