/* tl-format-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the formats share below their public API: opening a file to read
 * without being stuck on one that is no file.
 */
#pragma once

#include "tl-format.h"

G_BEGIN_DECLS

/* Opens @path to read, as a regular file only: a FIFO, a device or a
 * folder fails at once (G_IO_ERROR_NOT_REGULAR_FILE) instead of blocking
 * or reading for ever.  Returns the descriptor (close-on-exec, blocking)
 * and its size, or -1 with @error set (G_IO_ERROR codes). */
int      _tl_format_open_regular (const char  *path,
                                  guint64     *size,
                                  GError     **error);

G_END_DECLS
