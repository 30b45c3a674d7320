/* tl-test-util.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What many test suites need: a temporary folder that is removed with
 * everything in it, and runtime events built in one line.
 */
#pragma once

#include <glib.h>

#include "tl-trace-model.h"

G_BEGIN_DECLS

#define TL_TEST_MS (G_GINT64_CONSTANT (1000000))
#define TL_TEST_US (G_GINT64_CONSTANT (1000))

/* A folder's path that removes the folder when freed:
 * g_autoptr (TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-x"); */
typedef char TlTestTmpDir;

/* A new private folder under the temporary directory; the test fails if
 * it cannot be made.  @prefix names it, for whoever finds one left over. */
TlTestTmpDir *tl_test_tmp_dir_new   (const char   *prefix);
/* Removes @dir and everything below it (it does not follow symlinks),
 * then frees the path. */
void          tl_test_tmp_dir_free  (TlTestTmpDir *dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTestTmpDir, tl_test_tmp_dir_free)

/* A runtime event as the collector would deliver it. */
TlModelEvent  tl_test_event         (gint64        ts,
                                     guint32       pid,
                                     guint32       tid,
                                     TlEventKind   kind,
                                     TlObjectRole  role,
                                     guint64       object,
                                     guint64       arg);
/* A naming record for @object (or for the thread, with role
 * TL_ROLE_THREAD...): @text is not copied and must outlive the event. */
TlModelEvent  tl_test_name_event    (gint64        ts,
                                     guint32       pid,
                                     guint32       tid,
                                     TlObjectRole  role,
                                     guint64       object,
                                     const char   *text);
/* @e with @flags set. */
TlModelEvent  tl_test_flagged       (TlModelEvent  e,
                                     guint8        flags);

G_END_DECLS
