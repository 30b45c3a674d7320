/* tl-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-code"

#include "config.h"

#include <string.h>

#include "tl-code.h"

static const char * const origin_ids[TL_N_CODE_ORIGINS] = {
  [TL_CODE_BUILTIN] = "builtin",
  [TL_CODE_USER] = "user",
  [TL_CODE_STDLIB] = "stdlib",
  [TL_CODE_LIBRARY] = "library",
};

const char *
tl_code_origin_to_string (TlCodeOrigin origin)
{
  return (guint) origin < TL_N_CODE_ORIGINS ? origin_ids[origin] : "unknown";
}

/* Names Python gives code that has no file: what a user typed is theirs. */
static TlCodeOrigin
bracketed_origin (const char *path)
{
  static const char * const typed[] = { "<stdin>", "<string>", "<console>", "<ipython-input" };

  if (g_str_has_prefix (path, "<frozen "))
    return TL_CODE_STDLIB;
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    if (g_str_has_prefix (path, typed[i]))
      return TL_CODE_USER;
  return TL_CODE_BUILTIN;
}

/* "/lib/python3.11/", "/lib64/python3.12/", "/lib/pypy3.9/",
 * "/lib/python3.13t/": the folder a Python installation keeps its
 * standard library in, under whatever prefix. */
static gboolean
in_lib_python (const char *path)
{
  static const char * const roots[] = { "/lib/python", "/lib64/python", "/lib/pypy", "/lib64/pypy" };

  for (guint r = 0; r < G_N_ELEMENTS (roots); r++)
    {
      for (const char *at = strstr (path, roots[r]); at != NULL; at = strstr (at + 1, roots[r]))
        {
          const char *p = at + strlen (roots[r]);

          if (!g_ascii_isdigit (*p))
            continue;
          while (g_ascii_isdigit (*p) || *p == '.')
            p++;
          while (g_ascii_isalpha (*p))
            p++;
          if (*p == '/')
            return TRUE;
        }
    }
  return FALSE;
}

TlCodeOrigin
tl_code_origin_from_path (const char *path)
{
  g_autofree char *slashed = NULL;

  if (path == NULL || *path == '\0')
    return TL_CODE_BUILTIN;
  if (*path == '<')
    return bracketed_origin (path);

  /* One separator to look for, whatever wrote the path. */
  slashed = g_strdup (path);
  g_strdelimit (slashed, "\\", '/');
  /* Packages live inside the standard library's folder: asked first. */
  if (strstr (slashed, "/site-packages/") != NULL || strstr (slashed, "/dist-packages/") != NULL ||
      strstr (slashed, "/__pypackages__/") != NULL)
    return TL_CODE_LIBRARY;
  /* Windows keeps the standard library in "<prefix>\Lib\". */
  if (in_lib_python (slashed) || strstr (slashed, "/Lib/") != NULL)
    return TL_CODE_STDLIB;
  return TL_CODE_USER;
}

gboolean
tl_code_split_name (const char  *name,
                    gsize       *func_len,
                    const char **file,
                    gsize       *file_len,
                    guint32     *line)
{
  gsize len = name != NULL ? strlen (name) : 0;
  const char *open, *colon, *digits;
  guint64 value = 0;

  *func_len = len;
  *file = NULL;
  *file_len = 0;
  *line = 0;
  if (len < 6 || name[len - 1] != ')')
    return FALSE;

  digits = name + len - 1;
  while (digits > name && g_ascii_isdigit (digits[-1]))
    digits--;
  colon = digits - 1;
  if (digits == name + len - 1 || colon <= name || *colon != ':')
    return FALSE;
  /* A function's own name has no space (qualified names are dotted);
   * a path may: the first " (" opens the location. */
  open = strstr (name, " (");
  if (open == NULL || open == name || open + 2 >= colon)
    return FALSE;

  for (const char *p = digits; p < name + len - 1; p++)
    value = MIN (value * 10 + (guint64) (*p - '0'), G_MAXUINT32);
  *func_len = (gsize) (open - name);
  *file = open + 2;
  *file_len = (gsize) (colon - *file);
  *line = (guint32) value;
  return TRUE;
}

static guint32
fnv1a (guint32     h,
       const char *data,
       gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      h ^= (guchar) data[i];
      h *= 16777619u;
    }
  return h;
}

guint32
tl_code_color_key (const char *func,
                   gsize       func_len,
                   const char *file,
                   gsize       file_len)
{
  gsize base = 0;
  guint32 h;

  for (gsize i = 0; i < file_len; i++)
    if (file[i] == '/' || file[i] == '\\')
      base = i + 1;
  h = fnv1a (2166136261u, func, func_len);
  h = fnv1a (h, "", 1);
  if (file != NULL)
    h = fnv1a (h, file + base, file_len - base);
  return h != 0 ? h : 1;
}
