/* tl-records.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the engine writes into the trace.  Every record goes through
 * _tl_record (), _tl_record_text () or _tl_record_name (), which count
 * them per thread so that the run's limits (tl-limits.c) know its rate;
 * and printed lines, marks, new objects and reported exceptions have
 * helpers.  The lowest layer of the engine.
 */
#pragma once

#include "tl-probe.h"
#include "tl-scenario.h"
#include "tl-value.h"

G_BEGIN_DECLS

/* Records this thread made. */
extern __thread guint64 _tl_records_made;

/* The line of the scenario's Python this thread is on (0: none, in
 * machinery), and the last one it recorded: a TL_EVENT_LINE goes out
 * before the first event of a new line, so that a line with no event
 * costs nothing. */
extern __thread guint32 _tl_line_now;
extern __thread guint32 _tl_line_recorded;

static inline void
_tl_record_line (void)
{
  if (G_UNLIKELY (_tl_line_now != _tl_line_recorded))
    {
      _tl_line_recorded = _tl_line_now;
      _tl_records_made++;
      tl_trace_record (TL_EVENT_LINE, TL_ROLE_NONE, 0, _tl_line_now, 0, 0);
    }
}

/* The thread is on @line from now on; returns the line it was on. */
static inline guint32
_tl_record_set_line (guint32 line)
{
  guint32 was = _tl_line_now;

  _tl_line_now = line;
  return was;
}

static inline void
_tl_record (TlEventKind   kind,
            TlObjectRole  role,
            guint8        flags,
            guint64       object,
            guint64       arg,
            guint32       aux)
{
  _tl_record_line ();
  _tl_records_made++;
  tl_trace_record (kind, role, flags, object, arg, aux);
}

static inline guint64
_tl_record_text (TlEventKind  kind,
                 guint8       flags,
                 guint64      arg,
                 const char  *text,
                 gsize        len)
{
  _tl_record_line ();
  _tl_records_made += 2;
  return tl_trace_record_text (kind, flags, arg, text, len);
}

static inline void
_tl_record_name (TlObjectRole  role,
                 guint64       object,
                 const char   *text,
                 gsize         len)
{
  _tl_records_made++;
  tl_trace_name (role, object, text, len);
}

/* A new process (a fork's child) has recorded no line yet, and is on
 * none until its first step. */
void        _tl_record_forget_line    (void);

/* Also print to stderr (THREADLINE_RUNNER_ECHO=1, for debugging). */
void        _tl_record_set_echo       (gboolean        echo);
gboolean    _tl_record_get_echo       (void);

/* A line printed by @who, a thread or a process name. */
void        _tl_record_print          (const char     *who,
                                       const char     *text);
void        _tl_record_mark           (TlScenarioMark  kind,
                                       const char     *label,
                                       const char     *value);
guint64     _tl_record_new_object     (TlObjectRole    role,
                                       const char     *name);
void        _tl_record_error_reported (const TlValue  *error);

G_END_DECLS
