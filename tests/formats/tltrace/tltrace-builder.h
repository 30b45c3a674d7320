/* tltrace-builder.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * .tltrace files built chunk by chunk, with any content a test wants
 * (nothing a writer would make): the hostile-input tests and the fuzzing
 * seeds use it.  Checksums are right unless a test spoils them.
 */
#pragma once

#include "tl-tltrace-private.h"

G_BEGIN_DECLS

/* A file header, then nothing. */
GByteArray *tltrace_build_new          (void);
/* A chunk of @type holding @count records in @payload. */
void        tltrace_build_chunk        (GByteArray   *file,
                                        guint16       type,
                                        guint32       count,
                                        const void   *payload,
                                        gsize         len);
/* A chunk of a table (STRINGS, OBJECTS, LANES...) or of a lane's items
 * (SPANS, INSTANTS, SAMPLES): an 8-byte head, then @count records of
 * @size bytes. */
void        tltrace_build_records      (GByteArray   *file,
                                        guint16       type,
                                        guint32       head,
                                        guint32       count,
                                        const void   *records,
                                        gsize         size);
/* STRINGS from @first. */
void        tltrace_build_strings      (GByteArray   *file,
                                        guint32       first,
                                        const char  **strings,
                                        guint32       n);
/* One thread lane (file index @index) for (@pid, @tid). */
void        tltrace_build_thread_lane  (GByteArray   *file,
                                        guint32       index,
                                        guint32       pid,
                                        guint64       tid);
/* An END chunk. */
void        tltrace_build_end          (GByteArray   *file,
                                        guint64       n_events,
                                        gint64        last_ts);

/* An EVENTS record as the writer stores it. */
TltraceEvent tltrace_build_event       (gint64        ts,
                                        guint32       pid,
                                        guint32       tid,
                                        TlEventKind   kind,
                                        TlObjectRole  role,
                                        guint64       object,
                                        guint64       arg);

G_END_DECLS
