/* tl-key-file.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-scenario"

#include "config.h"

#include <string.h>

#include "tl-key-file.h"
#include "tl-scenario-private.h"

typedef struct
{
  char  *key;
  char  *value;            /* as written */
  guint  line;
  guint  value_column;
} Entry;

/* A group has a handful of keys: an array searched in order costs less
 * than a table of its own, which matters for files of many groups. */
typedef struct
{
  char   *name;
  guint   line;
  GArray *entries;         /* Entry */
} Group;

struct _TlKeyFile
{
  const char *origin;
  GPtrArray  *groups;      /* Group *, in file order */
  GHashTable *by_name;     /* name -> Group * */
};

static void
group_free (Group *group)
{
  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = &g_array_index (group->entries, Entry, i);

      g_free (entry->key);
      g_free (entry->value);
    }
  g_array_unref (group->entries);
  g_free (group->name);
  g_free (group);
}

void
_tl_key_file_free (TlKeyFile *file)
{
  g_hash_table_unref (file->by_name);
  g_ptr_array_unref (file->groups);
  g_free (file);
}

static Entry *
group_find (Group      *group,
            const char *key,
            gsize       len)
{
  for (guint i = 0; i < group->entries->len; i++)
    {
      Entry *entry = &g_array_index (group->entries, Entry, i);

      if (strncmp (entry->key, key, len) == 0 && entry->key[len] == '\0')
        return entry;
    }
  return NULL;
}

/* ---- reading ----------------------------------------------------------------- */

static Group *
add_group (TlKeyFile   *file,
           const char  *start,
           const char  *stop,
           guint        line,
           GError     **error)
{
  Group *group;
  char *name;

  if (stop[-1] != ']' || stop - start < 3)
    {
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, line, 0,
                              "a group header must look like “[Name]”");
      return NULL;
    }
  name = g_strndup (start + 1, (gsize) (stop - start - 2));
  group = g_hash_table_lookup (file->by_name, name);
  if (group != NULL)
    {
      _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, line, 0,
                              "the group [%s] appears twice (first on line %u)", name, group->line);
      g_free (name);
      return NULL;
    }
  group = g_new0 (Group, 1);
  group->name = name;
  group->line = line;
  group->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_ptr_array_add (file->groups, group);
  g_hash_table_insert (file->by_name, group->name, group);
  return group;
}

/* "Key = value": the key loses the spaces around it, the value those
 * before it, as in GKeyFile; @line_end is the end of the line, past any
 * trailing spaces, which the value keeps. */
static gboolean
add_entry (TlKeyFile   *file,
           Group       *group,
           const char  *line_start,
           const char  *start,
           const char  *stop,
           const char  *line_end,
           guint        line,
           GError     **error)
{
  const char *eq = memchr (start, '=', (gsize) (stop - start));
  const char *key_end = eq, *value;
  Entry entry, *first;

  if (eq == NULL)
    {
      g_autofree char *text = g_strndup (start, (gsize) MIN (stop - start, 40));

      return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, line, 0,
                                     "“%s” is not “Key=value”, a [Group] or a # comment", text);
    }
  if (group == NULL)
    return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, line, 0,
                                   "a key before the first group (the file starts with [Scenario])");
  while (key_end > start && g_ascii_isspace (key_end[-1]))
    key_end--;
  if (key_end == start)
    return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, line, 0,
                                   "a value with no key before its “=”");
  for (value = eq + 1; value < line_end && g_ascii_isspace (*value); value++)
    ;
  first = group_find (group, start, (gsize) (key_end - start));
  if (first != NULL)
    return _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, line, 0,
                                   "the key “%s” appears twice in [%s] (first on line %u)",
                                   first->key, group->name, first->line);
  entry.key = g_strndup (start, (gsize) (key_end - start));
  entry.value = g_strndup (value, (gsize) (line_end - value));
  entry.line = line;
  entry.value_column = (guint) (value - line_start) + 1;
  g_array_append_val (group->entries, entry);
  return TRUE;
}

TlKeyFile *
_tl_key_file_new (const char  *origin,
                  const char  *data,
                  gsize        len,
                  GError     **error)
{
  g_autoptr(TlKeyFile) file = g_new0 (TlKeyFile, 1);
  Group *group = NULL;
  const char *p = data, *end = data + len;
  guint line = 0;

  file->origin = origin;
  file->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  file->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *line_start = p, *start = p, *line_end = eol != NULL ? eol : end, *stop;

      line++;
      p = eol != NULL ? eol + 1 : end;
      if (line_end > line_start && line_end[-1] == '\r')
        line_end--;
      for (stop = line_end; stop > start && g_ascii_isspace (stop[-1]); stop--)
        ;
      while (start < stop && g_ascii_isspace (*start))
        start++;
      if (start == stop || *start == '#')
        continue;
      if (*start == '[')
        {
          if ((group = add_group (file, start, stop, line, error)) == NULL)
            return NULL;
        }
      else if (!add_entry (file, group, line_start, start, stop, line_end, line, error))
        return NULL;
    }
  return g_steal_pointer (&file);
}

/* ---- looking up ----------------------------------------------------------------- */

static Entry *
find_entry (TlKeyFile  *file,
            const char *group,
            const char *key)
{
  Group *found = g_hash_table_lookup (file->by_name, group);

  return found != NULL ? group_find (found, key, strlen (key)) : NULL;
}

const char *
_tl_key_file_get_group (TlKeyFile *file,
                        guint      i)
{
  return i < file->groups->len ? ((Group *) g_ptr_array_index (file->groups, i))->name : NULL;
}

guint
_tl_key_file_group_line (TlKeyFile  *file,
                         const char *group)
{
  Group *found = g_hash_table_lookup (file->by_name, group);

  return found != NULL ? found->line : 0;
}

const char *
_tl_key_file_get_key (TlKeyFile  *file,
                      const char *group,
                      guint       i)
{
  Group *found = g_hash_table_lookup (file->by_name, group);

  if (found == NULL || i >= found->entries->len)
    return NULL;
  return g_array_index (found->entries, Entry, i).key;
}

gboolean
_tl_key_file_has_key (TlKeyFile  *file,
                      const char *group,
                      const char *key)
{
  return find_entry (file, group, key) != NULL;
}

guint
_tl_key_file_key_line (TlKeyFile  *file,
                       const char *group,
                       const char *key)
{
  Entry *entry = find_entry (file, group, key);

  return entry != NULL ? entry->line : 0;
}

guint
_tl_key_file_value_column (TlKeyFile  *file,
                           const char *group,
                           const char *key)
{
  Entry *entry = find_entry (file, group, key);

  return entry != NULL ? entry->value_column : 0;
}

const char *
_tl_key_file_get_value (TlKeyFile  *file,
                        const char *group,
                        const char *key)
{
  Entry *entry = find_entry (file, group, key);

  return entry != NULL ? entry->value : NULL;
}

/* ---- values ------------------------------------------------------------------------- */

/* GKeyFile's escapes; with @items, an unescaped ";" ends an item and "\;"
 * is a ";".  As GKeyFile does, text keeps an unknown escape as written and
 * loses a "\" at the end, and a list with either is refused (FALSE). */
static gboolean
unescape (const char *value,
          GPtrArray  *items,
          GString    *out)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (items != NULL && *p == ';')
        {
          g_ptr_array_add (items, g_strndup (out->str, out->len));
          g_string_truncate (out, 0);
          continue;
        }
      if (*p != '\\')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case '\0':
          if (items != NULL)
            return FALSE;
          p--;
          break;
        case 's':
          g_string_append_c (out, ' ');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case '\\':
          g_string_append_c (out, '\\');
          break;
        case ';':
          if (items == NULL)
            g_string_append_c (out, '\\');
          g_string_append_c (out, ';');
          break;
        default:
          if (items != NULL)
            return FALSE;
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        }
    }
  if (items != NULL && out->len > 0)
    g_ptr_array_add (items, g_strndup (out->str, out->len));
  return TRUE;
}


char *
_tl_key_file_get_string (TlKeyFile  *file,
                         const char *group,
                         const char *key)
{
  Entry *entry = find_entry (file, group, key);
  GString *out;

  if (entry == NULL)
    return NULL;
  out = g_string_new (NULL);
  unescape (entry->value, NULL, out);
  return g_string_free (out, FALSE);
}

const char *
_tl_key_file_find_translation (TlKeyFile  *file,
                               const char *group,
                               const char *key)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *translated = NULL;
      Entry *entry;

      /* "C" is the untranslated text. */
      if (g_str_equal (languages[i], "C"))
        break;
      translated = g_strdup_printf ("%s[%s]", key, languages[i]);
      if ((entry = find_entry (file, group, translated)) != NULL)
        return entry->key;
    }
  return NULL;
}

char *
_tl_key_file_get_translation (TlKeyFile  *file,
                              const char *group,
                              const char *key)
{
  const char *translated = _tl_key_file_find_translation (file, group, key);

  return translated != NULL ? _tl_key_file_get_string (file, group, translated) : NULL;
}

GStrv
_tl_key_file_get_string_list (TlKeyFile   *file,
                              const char  *group,
                              const char  *key,
                              GError     **error)
{
  Entry *entry = find_entry (file, group, key);
  GStrv items;

  if (entry == NULL)
    return NULL;
  items = _tl_key_file_split_list (entry->value);
  if (items == NULL)
    _tl_scenario_set_error (error, TL_SCENARIO_ERROR_SYNTAX, file->origin, entry->line, 0,
                            "“%s” has a “\\” that is none of \\s \\n \\t \\r \\\\ \\;", entry->key);
  return items;
}

GStrv
_tl_key_file_split_list (const char *value)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  if (!unescape (value, items, out))
    return NULL;
  g_ptr_array_add (items, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}
