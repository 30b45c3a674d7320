/* tl-key-file.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scenario file read as a key file (groups of Key=value lines, #
 * comments), with GKeyFile's rules for values (\s \n \t \r \\ escapes,
 * lists separated by ";", translations as Key[lang]), and what GKeyFile
 * does not give: the line of every group and key, the column where each
 * value starts, and an error for a group or a key written twice, which
 * GKeyFile would silently merge.  One pass, in time linear in the file.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TlKeyFile TlKeyFile;

/* NULL with a TL_SCENARIO_ERROR naming @origin and the line if @data is
 * not a key file. */
TlKeyFile   *_tl_key_file_new            (const char  *origin,
                                          const char  *data,
                                          gsize        len,
                                          GError     **error);
void         _tl_key_file_free           (TlKeyFile   *file);

/* The @i-th group in file order, NULL after the last. */
const char  *_tl_key_file_get_group      (TlKeyFile   *file,
                                          guint        i);
/* 0 if there is no such group. */
guint        _tl_key_file_group_line     (TlKeyFile   *file,
                                          const char  *group);
/* The @i-th key of @group in file order, NULL after the last. */
const char  *_tl_key_file_get_key        (TlKeyFile   *file,
                                          const char  *group,
                                          guint        i);
gboolean     _tl_key_file_has_key        (TlKeyFile   *file,
                                          const char  *group,
                                          const char  *key);
/* 0 if there is no such key. */
guint        _tl_key_file_key_line       (TlKeyFile   *file,
                                          const char  *group,
                                          const char  *key);
/* The 1-based column of the value's first character, 0 if no such key. */
guint        _tl_key_file_value_column   (TlKeyFile   *file,
                                          const char  *group,
                                          const char  *key);

/* The value as written, NULL if no such key. */
const char  *_tl_key_file_get_value      (TlKeyFile   *file,
                                          const char  *group,
                                          const char  *key);
/* The value with its escapes read, NULL if no such key. */
char        *_tl_key_file_get_string     (TlKeyFile   *file,
                                          const char  *group,
                                          const char  *key);
/* "Key[LANG]" for the first of the user's languages the file has a
 * translation in (de_DE, then de...), as GKeyFile finds translations;
 * NULL if it has none. */
const char  *_tl_key_file_find_translation (TlKeyFile  *file,
                                            const char *group,
                                            const char *key);
/* That translation's value with its escapes read, or NULL. */
char        *_tl_key_file_get_translation (TlKeyFile  *file,
                                           const char *group,
                                           const char *key);
/* "a;b;c" as a list, "\;" being a ";" in an item; NULL and no error if
 * there is no such key, NULL with an error naming the line for an escape
 * a list does not take. */
GStrv        _tl_key_file_get_string_list (TlKeyFile  *file,
                                           const char *group,
                                           const char *key,
                                           GError    **error);
/* A value as a list, as above; NULL for an escape a list does not take. */
GStrv        _tl_key_file_split_list      (const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlKeyFile, _tl_key_file_free)

G_END_DECLS
