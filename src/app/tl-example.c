/* tl-example.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-example"

#include "config.h"

#include <string.h>

#include "tl-example.h"

/* What an example's opening says about itself is read from this much of
 * it. */
#define HEAD_BYTES 4096

struct _TlExample
{
  GObject  parent_instance;

  char    *id;
  char    *file_name;
  char    *path;
  char    *directory;
  char    *summary;
  char    *description;
  char    *scenario_id;
  GStrv    argv;
};

G_DEFINE_FINAL_TYPE (TlExample, tl_example, G_TYPE_OBJECT)

/* Examples whose scenario has another name than theirs. */
static const struct
{
  const char *id;
  const char *scenario_id;
} scenario_of[] = {
  { "gil-threads-vs-processes", "gil-cpu" },
  { "pool-error-callback", "exceptions" },
  { "counter-threads", NULL },
};

static void
tl_example_finalize (GObject *object)
{
  TlExample *self = TL_EXAMPLE (object);

  g_free (self->id);
  g_free (self->file_name);
  g_free (self->path);
  g_free (self->directory);
  g_free (self->summary);
  g_free (self->description);
  g_free (self->scenario_id);
  g_strfreev (self->argv);

  G_OBJECT_CLASS (tl_example_parent_class)->finalize (object);
}

static void
tl_example_class_init (TlExampleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tl_example_finalize;
}

static void
tl_example_init (TlExample *self)
{
}

/* ---- what it says about itself -------------------------------------------- */

/* Whether a paragraph is where the text turns to how to run it. */
static gboolean
is_how_to_run (const char *paragraph)
{
  return g_str_has_prefix (paragraph, "Run it") || g_str_has_prefix (paragraph, "Build and run") ||
         g_str_has_prefix (paragraph, "Copyright") || g_str_has_prefix (paragraph, "SPDX");
}

/* @text's lines as paragraphs, each one line: @summary the first line,
 * @description the paragraphs after it up to how to run it. */
static void
split_opening (const char  *text,
               char       **summary,
               char       **description)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean done = FALSE;

  *summary = g_strdup (g_strstrip (lines[0]));
  for (guint i = 1; lines[i] != NULL && !done; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (*line != '\0')
        {
          if (paragraph->len > 0)
            g_string_append_c (paragraph, ' ');
          g_string_append (paragraph, line);
          if (lines[i + 1] != NULL)
            continue;
        }
      if (paragraph->len == 0)
        continue;
      if (is_how_to_run (paragraph->str))
        {
          done = TRUE;
          break;
        }
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, paragraph->str);
      g_string_truncate (paragraph, 0);
    }
  *description = g_string_free (g_steal_pointer (&out), FALSE);
}

/* A Python file's docstring, or a C file's opening comment with its
 * leading stars, as plain lines. */
static char *
opening_text (const char *head,
              gboolean    python)
{
  const char *start, *end;
  g_autoptr(GString) text = NULL;
  g_auto(GStrv) lines = NULL;

  start = strstr (head, python ? "\"\"\"" : "/*");
  if (start == NULL)
    return NULL;
  start += python ? 3 : 2;
  end = strstr (start, python ? "\"\"\"" : "*/");
  if (end == NULL)
    return NULL;
  text = g_string_new_len (start, end - start);
  if (python)
    return g_string_free (g_steal_pointer (&text), FALSE);

  /* " * Each thread ..." */
  lines = g_strsplit (text->str, "\n", -1);
  g_string_truncate (text, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);

      if (*line == '*')
        line++;
      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "counter_threads.c: four threads add..." is "Four threads add...". */
static char *
summary_without_name (char       *summary,
                      const char *file_name)
{
  g_autofree char *prefix = g_strconcat (file_name, ":", NULL);
  char *rest;

  if (!g_str_has_prefix (summary, prefix))
    return summary;
  rest = g_strstrip (g_strdup (summary + strlen (prefix)));
  if (*rest != '\0')
    rest[0] = g_ascii_toupper (rest[0]);
  g_free (summary);
  return rest;
}

static char *
id_for (const char *file_name)
{
  const char *dot = strrchr (file_name, '.');
  char *id = g_strndup (file_name, dot != NULL ? (gsize) (dot - file_name) : strlen (file_name));

  g_strdelimit (id, "_", '-');
  return id;
}

static char *
scenario_id_for (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (scenario_of); i++)
    if (g_str_equal (scenario_of[i].id, id))
      return g_strdup (scenario_of[i].scenario_id);
  return g_strdup (id);
}

TlExample *
tl_example_new_from_file (const char  *path,
                          GError     **error)
{
  g_autoptr(TlExample) self = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *head = g_malloc0 (HEAD_BYTES + 1);
  g_autofree char *opening = NULL;
  gsize n = 0;
  gboolean python;

  g_return_val_if_fail (path != NULL, NULL);

  python = g_str_has_suffix (path, ".py");
  if (!python && !g_str_has_suffix (path, ".c"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "“%s” is no example: a Python (.py) or C (.c) program", path);
      return NULL;
    }
  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, HEAD_BYTES, &n, NULL, error))
    return NULL;

  self = g_object_new (TL_TYPE_EXAMPLE, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->file_name = g_path_get_basename (path);
  self->directory = g_path_get_dirname (self->path);
  self->id = id_for (self->file_name);
  self->scenario_id = scenario_id_for (self->id);
  opening = opening_text (head, python);
  if (opening == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” does not open with what it is (a docstring or a comment)", path);
      return NULL;
    }
  split_opening (opening, &self->summary, &self->description);
  self->summary = summary_without_name (self->summary, self->file_name);

  if (python)
    {
      const char *argv[] = { TL_EXAMPLE_PYTHON, self->path, NULL };

      self->argv = g_strdupv ((char **) argv);
    }
  else
    {
      /* The program built from it, beside it. */
      g_autofree char *stem = g_strndup (self->file_name, strlen (self->file_name) - 2);
      g_autofree char *program = g_build_filename (self->directory, stem, NULL);
      const char *argv[] = { program, NULL };

      if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "“%s” is not built (cc -pthread -o %s %s)", self->file_name, stem,
                       self->file_name);
          return NULL;
        }
      self->argv = g_strdupv ((char **) argv);
    }
  return g_steal_pointer (&self);
}

/* ---- where they are ----------------------------------------------------------- */

char *
tl_example_find_dir (void)
{
  const char *env = g_getenv ("THREADLINE_EXAMPLES");
  g_autofree char *self_exe = NULL;
  g_autofree char *installed = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* Relative to the calling program, as the runner is found: where an
   * install puts them, then where a build tree has them (data/examples
   * beside src/ and tests/, two folders up from a program in either). */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      const char *candidates[] = {
#ifdef BINDIR_TO_DATADIR
        BINDIR_TO_DATADIR "/threadline/examples",
#endif
        "../../data/examples",
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);
          g_autofree char *pool_map = g_build_filename (path, "pool_map.py", NULL);

          if (g_file_test (pool_map, G_FILE_TEST_EXISTS))
            return g_canonicalize_filename (path, NULL);
        }
    }
  installed = g_build_filename (DATADIR, "threadline", "examples", NULL);
  return g_file_test (installed, G_FILE_TEST_IS_DIR) ? g_steal_pointer (&installed) : NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GListModel *
tl_example_list_all (void)
{
  GListStore *store = g_list_store_new (TL_TYPE_EXAMPLE);
  g_autofree char *dir = tl_example_find_dir ();
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL || (folder = g_dir_open (dir, 0, NULL)) == NULL)
    return G_LIST_MODEL (store);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".py") || g_str_has_suffix (name, ".c"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlExample) example = tl_example_new_from_file (path, &error);

      if (example != NULL)
        g_list_store_append (store, example);
      else
        g_debug ("Left out: %s", error->message);
    }
  return G_LIST_MODEL (store);
}

/* ---- accessors ----------------------------------------------------------------- */

const char *
tl_example_get_id (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->id;
}

const char *
tl_example_get_file_name (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->file_name;
}

const char *
tl_example_get_path (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->path;
}

const char *
tl_example_get_summary (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->summary;
}

const char *
tl_example_get_description (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->description;
}

const char *
tl_example_get_scenario_id (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->scenario_id;
}

const char * const *
tl_example_get_argv (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return (const char * const *) self->argv;
}

const char *
tl_example_get_directory (TlExample *self)
{
  g_return_val_if_fail (TL_IS_EXAMPLE (self), NULL);
  return self->directory;
}
