/* tl-lesson-spec-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tl-key-file.h"
#include "tl-lesson-spec.h"
#include "tl-program.h"

G_BEGIN_DECLS

/* The [Lesson] group of @file; NULL and no error when it has none.  With
 * @program, the objects the cards name are checked against its [Shared]
 * objects. */
TlLessonSpec *_tl_lesson_spec_load (TlKeyFile   *file,
                                    const char  *origin,
                                    TlProgram   *program,
                                    GError     **error);

G_END_DECLS
