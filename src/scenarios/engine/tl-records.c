/* tl-records.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tl-records.h"

__thread guint64 _tl_records_made;
__thread guint32 _tl_line_now;
__thread guint32 _tl_line_recorded;

static gboolean echo;

void
_tl_record_forget_line (void)
{
  _tl_line_now = 0;
  _tl_line_recorded = 0;
}

void
_tl_record_set_echo (gboolean on)
{
  echo = on;
}

gboolean
_tl_record_get_echo (void)
{
  return echo;
}

guint64
_tl_record_new_object (TlObjectRole  role,
                       const char   *name)
{
  guint64 id = tl_trace_new_id ();

  if (name != NULL)
    _tl_record_name (role, id, name, strlen (name));
  return id;
}

void
_tl_record_print (const char *who,
                  const char *text)
{
  _tl_record_text (TL_EVENT_PRINT, 0, 0, text, strlen (text));
  if (echo)
    fprintf (stderr, "[%s] %s\n", who, text);
}

void
_tl_record_mark (TlScenarioMark  kind,
                 const char     *label,
                 const char     *value)
{
  g_autofree char *text = g_strdup_printf ("%s = %s", label, value);

  _tl_record_text (TL_EVENT_MARK, 0, (guint64) kind, text, strlen (text));
}

void
_tl_record_error_reported (const TlValue *error)
{
  _tl_record (TL_EVENT_ERROR_REPORTED, TL_ROLE_ERROR, 0, error->error.id, 0, 0);
}
