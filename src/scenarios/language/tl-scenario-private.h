/* tl-scenario-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tl-key-file.h"
#include "tl-program.h"
#include "tl-scenario.h"
#include "tl-scenario-question.h"

G_BEGIN_DECLS

/* Sets a TL_SCENARIO_ERROR "ORIGIN:LINE:COLUMN: message" (no line when
 * @line is 0, no column when @column is 0); returns FALSE. */
gboolean   _tl_scenario_set_error   (GError     **error,
                                     int          code,
                                     const char  *origin,
                                     guint        line,
                                     guint        column,
                                     const char  *format,
                                     ...) G_GNUC_PRINTF (6, 7);

/* The parsed program, checked; owned by the scenario. */
TlProgram *_tl_scenario_get_program (TlScenario *self);

/* Where the built-in scenarios are, and their resource, registered once. */
#define TL_SCENARIO_RESOURCE_DIR "/org/threadline/Threadline/scenarios"

void       _tl_scenario_ensure_resources (void);

/* A regular file of at most TL_SCENARIO_MAX_BYTES, read at once. */
GBytes    *_tl_scenario_read_file   (const char  *path,
                                     GError     **error);

/* [Python] (tl-scenario-python.c): the program's Python, read from the
 * file File= names beside the scenario (or among the built-in ones), and
 * each step's line in it.  Without a [Python] group, both stay NULL. */
gboolean   _tl_scenario_load_python (TlKeyFile   *file,
                                     const char  *origin,
                                     TlProgram   *program,
                                     char       **name,
                                     char       **text,
                                     GError     **error);

/* [Question NAME] (tl-scenario-question.c). */
TlScenarioQuestion *_tl_scenario_load_question (TlKeyFile   *file,
                                                const char  *origin,
                                                gboolean     builtin,
                                                const char  *group,
                                                TlProgram   *program,
                                                GError     **error);
/* A text for people (Name, Summary, a question's Ask...) in the user's
 * language: the file's own translation (Name[de]=...) first; a built-in
 * scenario's texts are in our catalogue (po/xgettext.py puts them there,
 * stripped as here).  NULL if there is no such key. */
char               *_tl_scenario_get_text       (TlKeyFile   *file,
                                                gboolean     builtin,
                                                const char  *group,
                                                const char  *key);
/* What the window shows for each choice of a [Parameter] or a
 * [Question]: the file's translation (Choices[de]=Threads;Prozesse), else
 * for a built-in scenario the catalogue's translation of the whole list,
 * else (NULL) the values themselves.  A file's translation has one label
 * for each choice. */
gboolean            _tl_scenario_get_choice_labels (TlKeyFile   *file,
                                                   const char  *origin,
                                                   gboolean     builtin,
                                                   const char  *group,
                                                   guint        n_choices,
                                                   GStrv       *labels,
                                                   GError     **error);
/* What tl-scenario-question.c checks of a question, wherever it came from. */
gboolean   _tl_scenario_question_check      (TlScenarioQuestion  *question,
                                             char               **message);
void       _tl_scenario_question_set_answer (TlScenarioQuestion  *question,
                                             const char          *answer);

G_END_DECLS
