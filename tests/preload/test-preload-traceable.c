/* test-preload-traceable.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which programs the interposer can attach to (tl-traceable.c): dynamic
 * ELF programs of our architecture, and scripts whose interpreter is one;
 * not static programs, setuid ones, other architectures or other formats.
 */
#include "config.h"

#include <elf.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "tl-test-util.h"
#include "tl-traceable.h"

static char *
write_file (const char   *dir,
            const char   *name,
            const void   *contents,
            gsize         len,
            int           mode)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, (gssize) len, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static TlTraceable
check (const char *path)
{
  char culprit[512];

  return tl_traceable_check (path, culprit, sizeof culprit);
}

static void
test_programs (void)
{
  g_assert_cmpint (check ("/bin/sh"), ==, TL_TRACEABLE_YES);
  g_assert_cmpint (check ("/usr/bin/python3"), ==, TL_TRACEABLE_YES);
  g_assert_cmpint (check (g_getenv ("TL_TEST_STATIC")), ==, TL_TRACEABLE_STATIC);
  g_assert_cmpint (check ("/no/such/program"), ==, TL_TRACEABLE_NOT_FOUND);
  g_assert_cmpint (check ("/etc"), ==, TL_TRACEABLE_NOT_EXECUTABLE);
}

static void
test_other_kinds (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-traceable");
  unsigned char elf32[64] = { 0x7f, 'E', 'L', 'F', ELFCLASS32, ELFDATA2LSB, EV_CURRENT };
  unsigned char foreign[64] = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT };
  g_autofree char *old = write_file (dir, "old", elf32, sizeof elf32, 0755);
  g_autofree char *other = NULL, *text = NULL, *script = NULL, *env_script = NULL;
  g_autofree char *static_script = NULL, *setuid = NULL, *script_body = NULL;
  char culprit[512];
  guint16 machine = EM_ARM == EM_AARCH64 ? EM_S390 : EM_AARCH64;

  /* A 64-bit ELF header for another machine. */
  memcpy (foreign + 18, &machine, sizeof machine);
  other = write_file (dir, "other", foreign, sizeof foreign, 0755);
  g_assert_cmpint (check (old), ==, TL_TRACEABLE_OTHER_ARCH);
#if defined(__aarch64__)
  g_assert_cmpint (check (other), ==, TL_TRACEABLE_UNKNOWN_FORMAT);
#else
  g_assert_cmpint (check (other), ==, TL_TRACEABLE_OTHER_ARCH);
#endif

  text = write_file (dir, "text", "just words\n", 11, 0755);
  g_assert_cmpint (check (text), ==, TL_TRACEABLE_UNKNOWN_FORMAT);

  /* Scripts are judged by their interpreter, through env too. */
  script = write_file (dir, "script", "#!/bin/sh\necho hi\n", 18, 0755);
  g_assert_cmpint (check (script), ==, TL_TRACEABLE_YES);
  env_script = write_file (dir, "env-script", "#!/usr/bin/env python3\n", 23, 0755);
  g_assert_cmpint (check (env_script), ==, TL_TRACEABLE_YES);
  script_body = g_strdup_printf ("#!%s\n", g_getenv ("TL_TEST_STATIC"));
  static_script = write_file (dir, "static-script", script_body, strlen (script_body), 0755);
  g_assert_cmpint (tl_traceable_check (static_script, culprit, sizeof culprit), ==,
                   TL_TRACEABLE_STATIC);
  g_assert_cmpstr (culprit, ==, g_getenv ("TL_TEST_STATIC"));

  setuid = write_file (dir, "setuid", "#!/bin/sh\n", 10, 04755);
  g_assert_cmpint (check (setuid), ==, TL_TRACEABLE_SETUID);
}

static void
test_find (void)
{
  char found[1024];

  g_assert_true (tl_traceable_find ("sh", "/nowhere:/bin", found, sizeof found));
  g_assert_cmpstr (found, ==, "/bin/sh");
  g_assert_false (tl_traceable_find ("no-such-program-here", "/bin:/usr/bin", found, sizeof found));
  g_assert_true (tl_traceable_find ("./relative", "/bin", found, sizeof found));
  g_assert_cmpstr (found, ==, "./relative");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preload/traceable/programs", test_programs);
  g_test_add_func ("/preload/traceable/other-kinds", test_other_kinds);
  g_test_add_func ("/preload/traceable/find", test_find);
  return g_test_run ();
}
