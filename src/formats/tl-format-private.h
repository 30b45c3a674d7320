/* tl-format-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the formats share below their public API: opening a file to read
 * without being stuck on one that is no file, and writing one so that it
 * is either complete or untouched.
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

/* A file written under another name in the same folder, then renamed
 * over its destination: the destination is complete or untouched, on a
 * full disk, an error, a cancel or a signal.  It keeps the destination's
 * permissions when there is one (a 0600 trace stays 0600).
 *
 * By default the file has no name at all until it is committed (O_TMPFILE,
 * where the file system has it): nothing is left behind whatever happens,
 * kill -9 included.  Elsewhere it is ".NAME.XXXXXX", removed on failure
 * and on SIGINT, SIGTERM or SIGHUP (when the program leaves those to
 * their default action).
 *
 * TL_FORMAT_OUTPUT_KEEP_IF_KILLED is for recordings: the file is named
 * from the start and kept by a signal, so that a recorder that dies
 * leaves what it wrote beside the destination, loadable as a recording
 * cut off. */
typedef enum
{
  TL_FORMAT_OUTPUT_DEFAULT        = 0,
  TL_FORMAT_OUTPUT_KEEP_IF_KILLED = 1 << 0,
} TlFormatOutputFlags;

typedef struct _TlFormatOutput TlFormatOutput;

TlFormatOutput *_tl_format_output_new    (const char            *path,
                                          TlFormatOutputFlags    flags,
                                          GError               **error);
/* Write here; the output keeps it and closes it. */
int             _tl_format_output_get_fd (TlFormatOutput        *out);
/* Its name until it is committed, or NULL while it has none. */
const char     *_tl_format_output_get_temporary_path (TlFormatOutput *out);
/* Syncs the file and gives it its destination's name; frees @out, and
 * removes the file if that fails. */
gboolean        _tl_format_output_commit (TlFormatOutput        *out,
                                          GError               **error);
/* Removes what was written; frees @out. */
void            _tl_format_output_abort  (TlFormatOutput        *out);

/* Tests: whether outputs may go unnamed (TRUE by default), to try the
 * named way on file systems that have O_TMPFILE. */
void            _tl_format_output_set_unnamed_allowed (gboolean allowed);

G_END_DECLS
