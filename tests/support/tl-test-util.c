/* tl-test-util.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "tl-test-util.h"

TlTestTmpDir *
tl_test_tmp_dir_new (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  /* g_file_test follows symlinks; lstat does not. */
  GStatBuf st;
  if (g_lstat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
tl_test_tmp_dir_free (TlTestTmpDir *dir)
{
  if (dir == NULL)
    return;
  remove_tree (dir);
  g_free (dir);
}

TlModelEvent
tl_test_event (gint64       ts,
               guint32      pid,
               guint32      tid,
               TlEventKind  kind,
               TlObjectRole role,
               guint64      object,
               guint64      arg)
{
  TlModelEvent e = { 0 };

  e.ts = ts;
  e.pid = pid;
  e.tid = tid;
  e.kind = kind;
  e.role = role;
  e.object = object;
  e.arg = arg;
  return e;
}

TlModelEvent
tl_test_name_event (gint64        ts,
                    guint32       pid,
                    guint32       tid,
                    TlObjectRole  role,
                    guint64       object,
                    const char   *text)
{
  TlModelEvent e = tl_test_event (ts, pid, tid, TL_EVENT_NAME, role, object, 0);

  e.text = text;
  e.text_len = (guint32) strlen (text);
  e.aux = e.text_len;
  return e;
}

TlModelEvent
tl_test_flagged (TlModelEvent e,
                 guint8       flags)
{
  e.flags = flags;
  return e;
}
