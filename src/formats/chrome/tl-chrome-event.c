/* tl-chrome-event.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an event read (TlChromeEvent) holds: its name and its arguments,
 * as the importers ask for them.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-chrome-private.h"

gboolean
_tl_chrome_event_name_is (const TlChromeEvent *event,
                          const char          *name)
{
  return (event->flags & TL_CHROME_HAS_NAME) &&
         strcmp (_tl_chrome_event_str (event, event->name), name) == 0;
}

const TlChromeArg *
_tl_chrome_event_find_arg (const TlChromeEvent *event,
                           const char          *key)
{
  for (guint i = 0; i < event->n_args; i++)
    if (strcmp (_tl_chrome_event_str (event, event->args[i].key), key) == 0)
      return &event->args[i];
  return NULL;
}

const char *
_tl_chrome_event_arg_string (const TlChromeEvent *event,
                             const char          *key)
{
  const TlChromeArg *arg = _tl_chrome_event_find_arg (event, key);

  if (arg == NULL || arg->type != TL_CHROME_VALUE_STRING)
    return NULL;
  return _tl_chrome_event_str (event, arg->value);
}

gboolean
_tl_chrome_event_arg_int64 (const TlChromeEvent *event,
                            const char          *key,
                            int                  scale,
                            gint64              *value)
{
  const TlChromeArg *arg = _tl_chrome_event_find_arg (event, key);

  if (arg == NULL || arg->type != TL_CHROME_VALUE_NUMBER)
    return FALSE;
  return _tl_json_parse_int64 (_tl_chrome_event_str (event, arg->value), arg->value_len, scale, value);
}

guint64
_tl_chrome_event_arg_u64 (const TlChromeEvent *event,
                          const char          *key)
{
  const TlChromeArg *arg = _tl_chrome_event_find_arg (event, key);
  gboolean negative;
  guint64 magnitude;

  if (arg == NULL || arg->type != TL_CHROME_VALUE_NUMBER ||
      !_tl_json_parse_scaled (_tl_chrome_event_str (event, arg->value), arg->value_len, 0,
                              &negative, &magnitude) || negative)
    return 0;
  return magnitude;
}

gboolean
_tl_chrome_event_arg_wrapped (const TlChromeEvent *event,
                              const char          *key,
                              guint64             *value)
{
  const TlChromeArg *arg = _tl_chrome_event_find_arg (event, key);
  gboolean negative;
  guint64 magnitude;

  if (arg == NULL || arg->type != TL_CHROME_VALUE_NUMBER ||
      !_tl_json_parse_scaled (_tl_chrome_event_str (event, arg->value), arg->value_len, 0,
                              &negative, &magnitude))
    return FALSE;
  *value = negative ? -magnitude : magnitude;
  return TRUE;
}

gboolean
_tl_chrome_event_arg_true (const TlChromeEvent *event,
                           const char          *key)
{
  const TlChromeArg *arg = _tl_chrome_event_find_arg (event, key);

  return arg != NULL && arg->type == TL_CHROME_VALUE_TRUE;
}

gboolean
_tl_chrome_event_arg_double (const TlChromeEvent *event,
                             const TlChromeArg   *arg,
                             double              *value)
{
  const char *text = _tl_chrome_event_str (event, arg->value);

  switch (arg->type)
    {
    case TL_CHROME_VALUE_NUMBER:
    case TL_CHROME_VALUE_NONFINITE:
      *value = g_ascii_strtod (text, NULL);
      return TRUE;
    case TL_CHROME_VALUE_STRING:
      if (strcmp (text, "NaN") == 0)
        *value = NAN;
      else if (strcmp (text, "Infinity") == 0)
        *value = INFINITY;
      else if (strcmp (text, "-Infinity") == 0)
        *value = -INFINITY;
      else
        return FALSE;
      return TRUE;
    case TL_CHROME_VALUE_TRUE:
    case TL_CHROME_VALUE_FALSE:
    case TL_CHROME_VALUE_NULL:
    case TL_CHROME_VALUE_OTHER:
    case TL_CHROME_VALUE_JSON:
    default:
      return FALSE;
    }
}
