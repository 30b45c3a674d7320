/* test-preload-python.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Python helper speaks tl-event.h's numbers through ctypes: every
 * EVENT_, ROLE_ and FLAG_ constant it defines must be the runtime's.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "tl-event.h"

static const struct
{
  const char *name;
  int         value;
} expected[] = {
  { "EVENT_TASK_BEGIN", TL_EVENT_TASK_BEGIN },
  { "EVENT_TASK_END", TL_EVENT_TASK_END },
  { "EVENT_LOCK_WAIT", TL_EVENT_LOCK_WAIT },
  { "EVENT_LOCK_ACQUIRE", TL_EVENT_LOCK_ACQUIRE },
  { "EVENT_LOCK_RELEASE", TL_EVENT_LOCK_RELEASE },
  { "EVENT_WAIT_BEGIN", TL_EVENT_WAIT_BEGIN },
  { "EVENT_WAIT_END", TL_EVENT_WAIT_END },
  { "EVENT_WAKE", TL_EVENT_WAKE },
  { "EVENT_SEND", TL_EVENT_SEND },
  { "EVENT_RECEIVE", TL_EVENT_RECEIVE },
  { "EVENT_ERROR_REPORTED", TL_EVENT_ERROR_REPORTED },
  { "ROLE_PROCESS", TL_ROLE_PROCESS },
  { "ROLE_THREAD", TL_ROLE_THREAD },
  { "ROLE_MUTEX", TL_ROLE_MUTEX },
  { "ROLE_RLOCK", TL_ROLE_RLOCK },
  { "ROLE_CONDITION", TL_ROLE_CONDITION },
  { "ROLE_SEMAPHORE", TL_ROLE_SEMAPHORE },
  { "ROLE_EVENT", TL_ROLE_EVENT },
  { "ROLE_BARRIER", TL_ROLE_BARRIER },
  { "ROLE_QUEUE", TL_ROLE_QUEUE },
  { "ROLE_ERROR", TL_ROLE_ERROR },
  { "FLAG_TIMEOUT", TL_FLAG_TIMEOUT },
};

static void
test_constants (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "src", "preload", "python",
                                                 "_threadline.py", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) constant = g_regex_new ("^((EVENT|ROLE|FLAG)_[A-Z_]+) = (\\d+)$", 0, 0, NULL);
  guint checked = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *name = NULL, *value = NULL;
      gboolean known = FALSE;

      if (!g_regex_match (constant, lines[i], 0, &match))
        continue;
      name = g_match_info_fetch (match, 1);
      value = g_match_info_fetch (match, 3);
      for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
        if (strcmp (expected[e].name, name) == 0)
          {
            g_assert_cmpint (atoi (value), ==, expected[e].value);
            known = TRUE;
            checked++;
          }
      if (!known)
        g_error ("%s in _threadline.py: add it to this test", name);
    }
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (expected));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preload/python/constants", test_constants);
  return g_test_run ();
}
