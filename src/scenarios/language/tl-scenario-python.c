/* tl-scenario-python.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * [Python]: the Python program a scenario stands for, and where each of
 * its steps is in it.
 *
 *   [Python]
 *   File=pool-map.py
 *   square=12 13 14
 *   Main=18 19 20 21 22 23
 *
 * One list per function, one line per step in the order the steps are
 * written (a block's steps after the step that opens it; an if's else
 * block after its own).  Lists of numbers are what a teacher can keep
 * right by hand, and every mistake is named: a list of the wrong length,
 * a line past the file's end, a line with no code on it.
 */
#define G_LOG_DOMAIN "tl-scenario"

#include "config.h"

#include <string.h>

#include "tl-scenario-private.h"

#define RESOURCE_PREFIX "resource://"

static void
flatten (TlBlock   *block,
         GPtrArray *out)
{
  for (guint i = 0; block != NULL && i < block->len; i++)
    {
      TlStmt *stmt = g_ptr_array_index (block, i);

      g_ptr_array_add (out, stmt);
      flatten (stmt->body, out);
      flatten (stmt->orelse, out);
      flatten (stmt->final, out);
    }
}

/* "put, print, sleep": what the steps are, to find a missing number. */
static char *
describe_steps (GPtrArray *steps)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      TlStmt *stmt = g_ptr_array_index (steps, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", tl_stmt_kind_to_string (stmt->kind));
    }
  return g_string_free (text, FALSE);
}

static GBytes *
read_builtin_python (const char  *name,
                     GError     **error)
{
  g_autofree char *path = g_build_path ("/", TL_SCENARIO_RESOURCE_DIR, name, NULL);

  _tl_scenario_ensure_resources ();
  return g_resources_lookup_data (path, 0, error);
}

/* The Python beside the scenario: a file in its folder, else (a copy of
 * a built-in scenario, made without its program) the built-in program
 * of that name. */
static GBytes *
read_python (const char  *origin,
             const char  *name,
             guint        line,
             GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes = NULL;

  if (!g_str_has_prefix (origin, RESOURCE_PREFIX))
    {
      dir = g_path_get_dirname (origin);
      path = g_build_filename (dir, name, NULL);
      bytes = _tl_scenario_read_file (path, &local_error);
    }
  if (bytes == NULL && (local_error == NULL ||
                        g_error_matches (local_error, TL_SCENARIO_ERROR, TL_SCENARIO_ERROR_NOT_FOUND)))
    {
      g_autoptr(GError) builtin_error = NULL;

      bytes = read_builtin_python (name, &builtin_error);
      if (local_error == NULL)
        local_error = g_steal_pointer (&builtin_error);
    }
  if (bytes == NULL)
    {
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_NOT_FOUND, origin, line, 0,
                              "cannot read the Python “%s”: %s", name, local_error->message);
      return NULL;
    }
  if (g_bytes_get_size (bytes) > TL_SCENARIO_MAX_BYTES ||
      !g_utf8_validate (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL))
    {
      g_bytes_unref (bytes);
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, line, 0,
                              "the Python “%s” is not UTF-8 text of at most %u MiB", name,
                              TL_SCENARIO_MAX_BYTES >> 20);
      return NULL;
    }
  return bytes;
}

static gboolean
has_code (const char *line)
{
  while (g_ascii_isspace (*line))
    line++;
  return *line != '\0' && *line != '#';
}

/* Gives each step of @function its line, from the list @value. */
static gboolean
map_function (TlProgramFunction  *function,
              const char  *value,
              char       **lines,
              const char  *python,
              const char  *origin,
              guint        key_line,
              GError     **error)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new ();
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) words = g_strsplit_set (value, " \t,;", -1);
  guint n_lines = g_strv_length (lines);

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint64 number;
      guint line;

      if (words[i][0] == '\0')
        continue;
      if (!g_ascii_string_to_unsigned (words[i], 10, 1, G_MAXUINT32, &number, NULL))
        return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, key_line, 0,
                                       "%s: “%s” is not a line number", function->name, words[i]);
      if (number > n_lines)
        return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, key_line, 0,
                                       "%s: line %" G_GUINT64_FORMAT " is past the end of %s "
                                       "(%u lines)", function->name, number, python, n_lines);
      if (!has_code (lines[number - 1]))
        return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, key_line, 0,
                                       "%s: line %" G_GUINT64_FORMAT " of %s has no code",
                                       function->name, number, python);
      line = (guint) number;
      g_array_append_val (numbers, line);
    }

  flatten (function->body, steps);
  if (numbers->len != steps->len)
    {
      g_autofree char *kinds = describe_steps (steps);

      return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, key_line, 0,
                                     "%s: %u line numbers for %u steps (%s)", function->name,
                                     numbers->len, steps->len, kinds);
    }
  for (guint i = 0; i < steps->len; i++)
    ((TlStmt *) g_ptr_array_index (steps, i))->py_line = g_array_index (numbers, guint, i);
  return TRUE;
}

static gboolean
check_keys (TlKeyFile   *file,
            const char  *origin,
            TlProgram   *program,
            GError     **error)
{
  const char *key;

  for (guint i = 0; (key = _tl_key_file_get_key (file, "Python", i)) != NULL; i++)
    if (tl_vocabulary_lookup (TL_WORDS_PYTHON_KEYS, key, -1) < 0 &&
        tl_program_lookup (program, key) == NULL)
      return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_UNKNOWN, origin,
                                     _tl_key_file_key_line (file, "Python", key), 0,
                                     "“%s” in [Python] is neither File nor a function", key);
  return TRUE;
}

gboolean
_tl_scenario_load_python (TlKeyFile   *file,
                          const char  *origin,
                          TlProgram   *program,
                          char       **name,
                          char       **text,
                          GError     **error)
{
  g_autofree char *file_name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *python = NULL;
  g_auto(GStrv) lines = NULL;
  const char *data;
  guint file_line;
  gsize len;

  *name = *text = NULL;
  if (_tl_key_file_group_line (file, "Python") == 0)
    return TRUE;
  if (!check_keys (file, origin, program, error))
    return FALSE;
  if ((file_line = _tl_key_file_key_line (file, "Python", "File")) == 0)
    return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_MISSING, origin,
                                   _tl_key_file_group_line (file, "Python"), 0,
                                   "[Python] needs a “File=” key: the program's file, beside this one");
  file_name = g_strstrip (_tl_key_file_get_string (file, "Python", "File"));
  /* Beside the scenario, nowhere else: a shared file reads no other. */
  if (!g_str_has_suffix (file_name, ".py") || strchr (file_name, '/') != NULL ||
      file_name[0] == '.')
    return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_INVALID, origin, file_line, 0,
                                   "File= names a .py file in the scenario's folder, not “%s”",
                                   file_name);
  if ((bytes = read_python (origin, file_name, file_line, error)) == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  python = g_strndup (data, len);
  lines = g_strsplit (python, "\n", -1);
  /* A last newline ends the last line; it starts none. */
  if (len > 0 && python[len - 1] == '\n')
    {
      guint n = g_strv_length (lines);

      g_free (lines[n - 1]);
      lines[n - 1] = NULL;
    }

  for (guint i = 0; i < program->functions->len; i++)
    {
      TlProgramFunction *function = g_ptr_array_index (program->functions, i);
      guint key_line = _tl_key_file_key_line (file, "Python", function->name);

      if (key_line == 0)
        return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_MISSING, origin,
                                       _tl_key_file_group_line (file, "Python"), 0,
                                       "[Python] needs “%s=”: the line of each of its steps",
                                       function->name);
      if (!map_function (function, _tl_key_file_get_value (file, "Python", function->name), lines,
                         file_name, origin, key_line, error))
        return FALSE;
    }
  *name = g_steal_pointer (&file_name);
  *text = g_steal_pointer (&python);
  return TRUE;
}
