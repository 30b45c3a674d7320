/* tl-chrome-reader.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The structure of a Chrome trace: an array of events (maybe without its
 * closing bracket), or an object whose "traceEvents" holds them, with
 * viztracer's "file_info" (the source of the traced files, handed to the
 * importer undecoded), our own "threadline" object, and other keys
 * skipped unread.  Each event object is read into one reused
 * TlChromeEvent and handed to the importer.
 */
#define G_LOG_DOMAIN "tl-chrome-json"

#include "config.h"

#include <string.h>

#include "tl-chrome-private.h"

/* Longest string kept from a field or an argument; the rest is dropped. */
#define STRING_MAX (1024 * 1024)
/* What one event may hold in strings and arguments; a bigger event is
 * still read through, its extra arguments dropped. */
#define ARENA_MAX (16 * 1024 * 1024)
/* Longest object or array argument kept as JSON text (viztracer's
 * func_args); a longer one is skipped. */
#define NESTED_MAX (64 * 1024)

typedef enum
{
  FIELD_OTHER = 0,
  FIELD_PH,
  FIELD_TS,
  FIELD_DUR,
  FIELD_PID,
  FIELD_TID,
  FIELD_NAME,
  FIELD_CAT,
  FIELD_ID,
  FIELD_ID2,
  FIELD_ARGS,
  FIELD_SCOPE,
} Field;

typedef struct
{
  TlJsonScanner  *scanner;
  TlChromeImport *import;
  TlTraceModel   *model;
  TlChromeEvent   event;
  guint64         n_not_objects;
  guint64         n_oversized;
} Reader;

static Field
identify_field (const char *key,
                gsize       len)
{
  switch (len)
    {
    case 1:
      return key[0] == 's' ? FIELD_SCOPE : FIELD_OTHER;
    case 2:
      if (key[0] == 'p' && key[1] == 'h')
        return FIELD_PH;
      if (key[0] == 't' && key[1] == 's')
        return FIELD_TS;
      if (key[0] == 'i' && key[1] == 'd')
        return FIELD_ID;
      return FIELD_OTHER;
    case 3:
      if (memcmp (key, "pid", 3) == 0)
        return FIELD_PID;
      if (memcmp (key, "tid", 3) == 0)
        return FIELD_TID;
      if (memcmp (key, "dur", 3) == 0)
        return FIELD_DUR;
      if (memcmp (key, "cat", 3) == 0)
        return FIELD_CAT;
      if (memcmp (key, "id2", 3) == 0)
        return FIELD_ID2;
      return FIELD_OTHER;
    case 4:
      if (memcmp (key, "name", 4) == 0)
        return FIELD_NAME;
      if (memcmp (key, "args", 4) == 0)
        return FIELD_ARGS;
      return FIELD_OTHER;
    default:
      return FIELD_OTHER;
    }
}

static gsize
string_budget (Reader *self)
{
  gsize used = self->event.arena.len;

  if (used >= ARENA_MAX)
    return 0;
  return MIN (STRING_MAX, ARENA_MAX - used);
}

/* A string (or a number, or a literal, as text) into the arena.  Objects,
 * arrays and null leave *found FALSE. */
static gboolean
read_text (Reader   *self,
           guint32  *offset,
           guint32  *len,
           gboolean *found)
{
  TlChromeEvent *event = &self->event;
  int c = _tl_json_scanner_peek (self->scanner);

  *found = FALSE;
  if (c == '"')
    {
      gsize start;

      if (!_tl_json_scanner_read_string (self->scanner, &event->arena, string_budget (self), &start, NULL))
        return FALSE;
      *offset = (guint32) start;
      *len = (guint32) (event->arena.len - start - 1);
      *found = TRUE;
      return TRUE;
    }
  if (c == '{' || c == '[' || c < 0)
    return _tl_json_scanner_skip_value (self->scanner);
  else
    {
      char buf[TL_JSON_ATOM_MAX + 1];
      TlJsonAtom atom;
      gsize n;

      if (!_tl_json_scanner_read_atom (self->scanner, buf, &n, &atom))
        return FALSE;
      if (atom == TL_JSON_ATOM_NULL || n == 0)
        return TRUE;
      *offset = (guint32) event->arena.len;
      *len = (guint32) n;
      _tl_json_buf_append (&event->arena, buf, n + 1);
      *found = TRUE;
      return TRUE;
    }
}

/* A number (or a string holding one) scaled by 10^@scale.  *usable is
 * FALSE when the value was there but no number fitting 64 bits. */
static gboolean
read_scaled (Reader   *self,
             int       scale,
             gint64   *value,
             gboolean *usable)
{
  int c = _tl_json_scanner_peek (self->scanner);
  const char *text;
  gsize n;

  *usable = FALSE;
  if (c == '"')
    {
      TlChromeEvent *event = &self->event;
      gsize start, mark = event->arena.len;
      gboolean truncated;

      if (!_tl_json_scanner_read_string (self->scanner, &event->arena, TL_JSON_ATOM_MAX, &start, &truncated))
        return FALSE;
      text = event->arena.data + start;
      n = event->arena.len - start - 1;
      *usable = !truncated && _tl_json_parse_int64 (text, n, scale, value);
      event->arena.len = mark;
      return TRUE;
    }
  if (c == '{' || c == '[' || c < 0)
    return _tl_json_scanner_skip_value (self->scanner);
  return _tl_json_scanner_read_scaled (self->scanner, scale, value, usable, NULL);
}

/* pid and tid: numbers nearly always; some tools write names, which are
 * hashed into ids and kept (*text) to name the process or thread. */
static gboolean
read_process_or_thread (Reader  *self,
                        guint64 *value,
                        guint32 *text)
{
  TlChromeEvent *event = &self->event;
  gsize mark = event->arena.len;
  guint32 offset, len;
  gboolean found, negative;
  guint64 magnitude;
  int c = _tl_json_scanner_peek (self->scanner);

  *text = 0;
  if (c == '-' || (c >= '0' && c <= '9'))
    {
      char digits[TL_JSON_ATOM_MAX + 1];
      gboolean usable;
      gint64 number;

      if (!_tl_json_scanner_read_scaled (self->scanner, 0, &number, &usable, digits))
        return FALSE;
      if (usable)
        *value = (guint64) number;
      /* Negative ids wrap around, as the writer prints them back unsigned. */
      else if (_tl_json_parse_scaled (digits, strlen (digits), 0, &negative, &magnitude))
        *value = negative ? -magnitude : magnitude;
      else
        *value = 0;
      return TRUE;
    }

  if (!read_text (self, &offset, &len, &found))
    return FALSE;
  if (!found)
    {
      *value = 0;
      return TRUE;
    }
  /* Negative ids wrap around, as the writer prints them back unsigned. */
  if (_tl_json_parse_scaled (_tl_chrome_event_str (event, offset), len, 0, &negative, &magnitude))
    {
      *value = negative ? -magnitude : magnitude;
    }
  else
    {
      *value = g_str_hash (_tl_chrome_event_str (event, offset));
      *text = offset;
      return TRUE;
    }
  event->arena.len = mark;
  return TRUE;
}

/* Processes are numbered in 32 bits.  A pid that does not fit (and is no
 * negative 32-bit one, wrapped around) is kept apart from the others as a
 * process known by name, as pids that are names are: its number, in text,
 * is its name. */
static guint32
narrow_pid (TlChromeEvent *event,
            guint64        number)
{
  char text[24];

  if (number <= G_MAXUINT32 || number >= G_GUINT64_CONSTANT (0xffffffff80000000) || event->pid_text != 0)
    return (guint32) number;
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, number);
  event->pid_text = (guint32) event->arena.len;
  _tl_json_buf_append (&event->arena, text, strlen (text) + 1);
  return g_str_hash (text);
}

static guint64
id_value (const char *text,
          gsize       len,
          gboolean    is_string)
{
  gboolean negative;
  guint64 magnitude;
  char *end = NULL;

  if (_tl_json_parse_scaled (text, len, 0, &negative, &magnitude))
    return negative ? (guint64) -magnitude : magnitude;
  if (is_string && len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
      magnitude = g_ascii_strtoull (text + 2, &end, 16);
      if (end == text + len)
        return magnitude;
    }
  return g_str_hash (text);
}

static gboolean
read_id (Reader *self)
{
  TlChromeEvent *event = &self->event;
  gboolean is_string = _tl_json_scanner_peek (self->scanner) == '"';
  guint32 offset, len;
  gboolean found;

  if (!read_text (self, &offset, &len, &found))
    return FALSE;
  if (found)
    {
      event->id = offset;
      event->id_value = id_value (_tl_chrome_event_str (event, offset), len, is_string);
      event->flags |= TL_CHROME_HAS_ID;
    }
  return TRUE;
}

/* id2: {"local": id} or {"global": id}; the scope becomes part of the id. */
static gboolean
read_id2 (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  TlChromeEvent *event = &self->event;
  int c = _tl_json_scanner_peek (scanner);

  if (c != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      char scope[17];
      gsize key_len, scope_len;
      guint32 offset, len;
      gboolean found;

      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      scope_len = MIN (key_len, sizeof scope - 1);
      memcpy (scope, key, scope_len);
      if (!_tl_json_scanner_expect (scanner, ':') || !read_text (self, &offset, &len, &found))
        return FALSE;
      if (found && !(event->flags & TL_CHROME_HAS_ID))
        {
          TlJsonBuf *arena = &event->arena;
          gsize start;

          _tl_json_buf_reserve (arena, scope_len + 1 + len + 1);
          start = arena->len;
          memcpy (arena->data + start, scope, scope_len);
          arena->data[start + scope_len] = ':';
          memcpy (arena->data + start + scope_len + 1, arena->data + offset, len + 1);
          arena->len = start + scope_len + 1 + len + 1;
          event->id = (guint32) start;
          event->id_value = id_value (arena->data + offset, len, TRUE);
          event->flags |= TL_CHROME_HAS_ID;
        }
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, '}');
}

static void
add_arg (Reader      *self,
         guint32      key,
         guint32      value,
         guint32      value_len,
         guint8       type)
{
  TlChromeEvent *event = &self->event;
  TlChromeArg *arg;

  if (event->n_args == event->args_alloc)
    {
      event->args_alloc = MAX (16, event->args_alloc * 2);
      event->args = g_renew (TlChromeArg, event->args, event->args_alloc);
    }
  arg = &event->args[event->n_args++];
  arg->key = key;
  arg->value = value;
  arg->value_len = value_len;
  arg->type = type;
}

/* An object or an array: kept as its JSON text, if it is not too big. */
static gboolean
read_nested_arg (Reader  *self,
                 guint32  key)
{
  TlChromeEvent *event = &self->event;
  gsize start = event->arena.len;
  gboolean truncated = FALSE;

  if (!_tl_json_scanner_copy_value (self->scanner, &event->arena, MIN (NESTED_MAX, string_budget (self)),
                                    &truncated))
    return FALSE;
  if (truncated || event->arena.len == start)
    {
      event->arena.len = start;
      add_arg (self, key, 0, 0, TL_CHROME_VALUE_OTHER);
      return TRUE;
    }
  add_arg (self, key, (guint32) start, (guint32) (event->arena.len - start), TL_CHROME_VALUE_JSON);
  _tl_json_buf_append (&event->arena, "", 1);
  return TRUE;
}

/* A flat view of args: scalars kept as text, objects and arrays as JSON. */
static gboolean
read_args (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  TlChromeEvent *event = &self->event;
  int c = _tl_json_scanner_peek (scanner);

  if (c != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  if (c == '}')
    {
      _tl_json_scanner_advance (scanner);
      return TRUE;
    }

  for (;;)
    {
      const char *key;
      gsize key_len;
      guint32 key_offset;
      gboolean keep;

      if (c != '"')
        return c < 0 ? _tl_json_scanner_fail_eof (scanner) : _tl_json_scanner_fail_syntax (scanner);
      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      keep = event->arena.len + key_len < ARENA_MAX;
      key_offset = (guint32) event->arena.len;
      if (keep)
        {
          _tl_json_buf_append (&event->arena, key, key_len);
          _tl_json_buf_append (&event->arena, "", 1);
        }
      else
        {
          self->n_oversized++;
        }
      if (!_tl_json_scanner_expect (scanner, ':'))
        return FALSE;

      c = _tl_json_scanner_peek (scanner);
      if (!keep || c < 0)
        {
          if (!_tl_json_scanner_skip_value (scanner))
            return FALSE;
          if (keep)
            add_arg (self, key_offset, 0, 0, TL_CHROME_VALUE_OTHER);
        }
      else if (c == '{' || c == '[')
        {
          if (!read_nested_arg (self, key_offset))
            return FALSE;
        }
      else if (c == '"')
        {
          gsize start;

          if (!_tl_json_scanner_read_string (scanner, &event->arena, string_budget (self), &start, NULL))
            return FALSE;
          add_arg (self, key_offset, (guint32) start, (guint32) (event->arena.len - start - 1),
                   TL_CHROME_VALUE_STRING);
        }
      else
        {
          char buf[TL_JSON_ATOM_MAX + 1];
          TlJsonAtom atom;
          gsize n;
          guint8 type;

          if (!_tl_json_scanner_read_atom (scanner, buf, &n, &atom))
            return FALSE;
          switch (atom)
            {
            case TL_JSON_ATOM_NUMBER: type = n > 0 ? TL_CHROME_VALUE_NUMBER : TL_CHROME_VALUE_OTHER; break;
            case TL_JSON_ATOM_NONFINITE: type = TL_CHROME_VALUE_NONFINITE; break;
            case TL_JSON_ATOM_TRUE: type = TL_CHROME_VALUE_TRUE; break;
            case TL_JSON_ATOM_FALSE: type = TL_CHROME_VALUE_FALSE; break;
            case TL_JSON_ATOM_NULL: type = TL_CHROME_VALUE_NULL; break;
            case TL_JSON_ATOM_INVALID:
            default: type = TL_CHROME_VALUE_OTHER; break;
            }
          add_arg (self, key_offset, (guint32) event->arena.len, (guint32) n, type);
          _tl_json_buf_append (&event->arena, buf, n + 1);
        }

      c = _tl_json_scanner_peek (scanner);
      if (c == ',')
        {
          _tl_json_scanner_advance (scanner);
          c = _tl_json_scanner_peek (scanner);
          continue;
        }
      return _tl_json_scanner_expect (scanner, '}');
    }
}

static void
reset_event (TlChromeEvent *event)
{
  event->ph = 0;
  event->scope = 0;
  event->flags = 0;
  event->ts = 0;
  event->dur = 0;
  event->pid = 0;
  event->tid = 0;
  event->id_value = 0;
  event->n_args = 0;
  /* Offset 0 is the empty string, for fields that are missing. */
  event->arena.len = 0;
  _tl_json_buf_append (&event->arena, "", 1);
  event->name = event->cat = event->id = 0;
  event->name_len = 0;
  event->pid_text = event->tid_text = 0;
}

static gboolean
read_field (Reader *self,
            Field   field)
{
  TlChromeEvent *event = &self->event;
  guint32 offset, len;
  gboolean found, usable;
  guint64 number;

  switch (field)
    {
    case FIELD_PH:
      if (!read_text (self, &offset, &len, &found))
        return FALSE;
      event->ph = !found ? 0 : len == 1 ? _tl_chrome_event_str (event, offset)[0] : '?';
      return TRUE;

    case FIELD_TS:
      if (!read_scaled (self, 3, &event->ts, &usable))
        return FALSE;
      event->flags = (event->flags & ~(guint32) TL_CHROME_HAS_TS) |
                     (usable ? TL_CHROME_HAS_TS : TL_CHROME_BAD_TIME);
      return TRUE;

    case FIELD_DUR:
      if (!read_scaled (self, 3, &event->dur, &usable))
        return FALSE;
      event->flags = (event->flags & ~(guint32) TL_CHROME_HAS_DUR) |
                     (usable ? TL_CHROME_HAS_DUR : TL_CHROME_BAD_TIME);
      return TRUE;

    case FIELD_PID:
      if (!read_process_or_thread (self, &number, &event->pid_text))
        return FALSE;
      event->pid = narrow_pid (event, number);
      event->flags |= TL_CHROME_HAS_PID;
      return TRUE;

    case FIELD_TID:
      if (!read_process_or_thread (self, &event->tid, &event->tid_text))
        return FALSE;
      event->flags |= TL_CHROME_HAS_TID;
      return TRUE;

    case FIELD_NAME:
      if (!read_text (self, &offset, &len, &found))
        return FALSE;
      if (found)
        {
          event->name = offset;
          event->name_len = len;
          event->flags |= TL_CHROME_HAS_NAME;
        }
      return TRUE;

    case FIELD_CAT:
      if (!read_text (self, &offset, &len, &found))
        return FALSE;
      if (found)
        {
          event->cat = offset;
          event->flags |= TL_CHROME_HAS_CAT;
        }
      return TRUE;

    case FIELD_ID:
      return read_id (self);

    case FIELD_ID2:
      return read_id2 (self);

    case FIELD_ARGS:
      event->n_args = 0;
      return read_args (self);

    case FIELD_SCOPE:
      if (!read_text (self, &offset, &len, &found))
        return FALSE;
      event->scope = found && len == 1 ? _tl_chrome_event_str (event, offset)[0] : 0;
      return TRUE;

    case FIELD_OTHER:
    default:
      return _tl_json_scanner_skip_value (self->scanner);
    }
}

/* At a '{': one event. */
static gboolean
read_event (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  reset_event (&self->event);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  if (c == '}')
    {
      _tl_json_scanner_advance (scanner);
      return TRUE;
    }

  for (;;)
    {
      const char *key;
      gsize key_len;
      Field field;

      if (c != '"')
        return c < 0 ? _tl_json_scanner_fail_eof (scanner) : _tl_json_scanner_fail_syntax (scanner);
      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      field = identify_field (key, key_len);
      if (!_tl_json_scanner_expect (scanner, ':') || !read_field (self, field))
        return FALSE;

      c = _tl_json_scanner_peek (scanner);
      if (c == ',')
        {
          _tl_json_scanner_advance (scanner);
          c = _tl_json_scanner_peek (scanner);
          continue;
        }
      return _tl_json_scanner_expect (scanner, '}');
    }
}

/* At a '['.  A top-level array may end without its ']': tracers killed
 * mid-write leave it so, and the format allows it. */
static gboolean
read_events (Reader   *self,
             gboolean  top_level)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  for (;;)
    {
      if (c == ']')
        {
          _tl_json_scanner_advance (scanner);
          return TRUE;
        }
      if (c < 0)
        return top_level && scanner->status == TL_JSON_STATUS_OK ? TRUE : _tl_json_scanner_fail_eof (scanner);

      if (c == '{')
        {
          if (!read_event (self))
            return FALSE;
          _tl_chrome_import_event (self->import, &self->event);
        }
      else
        {
          if (!_tl_json_scanner_skip_value (scanner))
            return FALSE;
          self->n_not_objects++;
        }

      c = _tl_json_scanner_peek (scanner);
      if (c == ',')
        {
          _tl_json_scanner_advance (scanner);
          c = _tl_json_scanner_peek (scanner);
        }
      else if (c >= 0 && c != ']')
        {
          return _tl_json_scanner_fail_syntax (scanner);
        }
    }
}

/* ---- the "threadline" object: what our own files carry beside events --- */

static gboolean
read_u64_value (Reader  *self,
                guint64 *value)
{
  gint64 number;
  gboolean usable;

  if (!read_scaled (self, 0, &number, &usable))
    return FALSE;
  *value = usable && number >= 0 ? (guint64) number : 0;
  return TRUE;
}

static gboolean
read_lost (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  guint64 dropped = 0, torn = 0, corrupt = 0;
  int c;

  if (_tl_json_scanner_peek (scanner) != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      gsize key_len;
      guint64 *target = NULL;

      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      if (key_len == 7 && memcmp (key, "dropped", 7) == 0)
        target = &dropped;
      else if (key_len == 4 && memcmp (key, "torn", 4) == 0)
        target = &torn;
      else if (key_len == 7 && memcmp (key, "corrupt", 7) == 0)
        target = &corrupt;
      if (!_tl_json_scanner_expect (scanner, ':'))
        return FALSE;
      if (target != NULL ? !read_u64_value (self, target) : !_tl_json_scanner_skip_value (scanner))
        return FALSE;
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  if (!_tl_json_scanner_expect (scanner, '}'))
    return FALSE;
  tl_trace_model_add_loss (self->model, dropped, torn, corrupt);
  return TRUE;
}

static gboolean
read_event_counts (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  if (_tl_json_scanner_peek (scanner) != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      char kind[32];
      gsize key_len;
      guint64 count;

      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      g_strlcpy (kind, key, MIN (key_len + 1, sizeof kind));
      if (!_tl_json_scanner_expect (scanner, ':') || !read_u64_value (self, &count))
        return FALSE;
      _tl_chrome_import_saved_count (self->import, kind, count);
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, '}');
}

static gboolean
read_metadata (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  TlChromeEvent *event = &self->event;
  int c;

  if (_tl_json_scanner_peek (scanner) != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      gsize key_len;
      guint32 key_offset, offset, len;
      gboolean found;

      reset_event (event);
      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      key_offset = (guint32) event->arena.len;
      _tl_json_buf_append (&event->arena, key, MIN (key_len, STRING_MAX));
      _tl_json_buf_append (&event->arena, "", 1);
      if (!_tl_json_scanner_expect (scanner, ':') || !read_text (self, &offset, &len, &found))
        return FALSE;
      if (found)
        tl_trace_model_set_metadata (self->model, _tl_chrome_event_str (event, key_offset),
                                     _tl_chrome_event_str (event, offset));
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, '}');
}

/* A warning of the file that wrote it, as {domain, code, message}. */
static gboolean
read_warning (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  TlChromeEvent *event = &self->event;
  guint32 domain = 0, message = 0, len;
  gint64 code = 0;
  gboolean found, usable;
  int c;

  if (_tl_json_scanner_peek (scanner) != '{')
    return _tl_json_scanner_skip_value (scanner);
  reset_event (event);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      gsize key_len;
      gboolean ok;

      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      if (key_len == 6 && memcmp (key, "domain", 6) == 0)
        ok = _tl_json_scanner_expect (scanner, ':') && read_text (self, &domain, &len, &found);
      else if (key_len == 7 && memcmp (key, "message", 7) == 0)
        ok = _tl_json_scanner_expect (scanner, ':') && read_text (self, &message, &len, &found);
      else if (key_len == 4 && memcmp (key, "code", 4) == 0)
        ok = _tl_json_scanner_expect (scanner, ':') && read_scaled (self, 0, &code, &usable);
      else
        ok = _tl_json_scanner_expect (scanner, ':') && _tl_json_scanner_skip_value (scanner);
      if (!ok)
        return FALSE;
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  if (!_tl_json_scanner_expect (scanner, '}'))
    return FALSE;
  if (domain != 0 && code >= 0 && code <= G_MAXINT)
    tl_trace_model_add_warning (self->model, g_quark_from_string (_tl_chrome_event_str (event, domain)),
                                (int) code, TL_TS_NONE, "%s", _tl_chrome_event_str (event, message));
  return TRUE;
}

static gboolean
read_warnings (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  if (_tl_json_scanner_peek (scanner) != '[')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c >= 0 && c != ']')
    {
      if (!read_warning (self))
        return FALSE;
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, ']');
}

static gboolean
read_threadline (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  if (_tl_json_scanner_peek (scanner) != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      gsize key_len;
      gboolean (*read) (Reader *) = NULL;

      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      if (key_len == 4 && memcmp (key, "lost", 4) == 0)
        read = read_lost;
      else if (key_len == 8 && memcmp (key, "metadata", 8) == 0)
        read = read_metadata;
      else if (key_len == 12 && memcmp (key, "event_counts", 12) == 0)
        read = read_event_counts;
      else if (key_len == 8 && memcmp (key, "warnings", 8) == 0)
        read = read_warnings;
      if (!_tl_json_scanner_expect (scanner, ':'))
        return FALSE;
      if (read != NULL ? !read (self) : !_tl_json_scanner_skip_value (scanner))
        return FALSE;
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, '}');
}

static gboolean
read_display_time_unit (Reader *self)
{
  guint32 offset, len;
  gboolean found;

  reset_event (&self->event);
  if (!read_text (self, &offset, &len, &found))
    return FALSE;
  if (found)
    tl_trace_model_set_metadata (self->model, "displayTimeUnit",
                                 _tl_chrome_event_str (&self->event, offset));
  return TRUE;
}

/* ---- viztracer's file_info: the source of the traced files --------------- */

/* [source, line count]: the source is handed on as where it lies in the
 * input, to be read and decoded if someone looks at it. */
static gboolean
read_file_entry (Reader     *self,
                 const char *path)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  if (_tl_json_scanner_peek (scanner) != '[')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  if (c == '"')
    {
      if (!_tl_chrome_import_source (self->import, scanner, path))
        return FALSE;
      c = _tl_json_scanner_peek (scanner);
    }
  while (c == ',')
    {
      _tl_json_scanner_advance (scanner);
      if (!_tl_json_scanner_skip_value (scanner))
        return FALSE;
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, ']');
}

/* {"files": {path: [source, line count]...}, "functions": ...}: the
 * functions' files and lines are in their names already. */
static gboolean
read_file_info (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  TlChromeEvent *event = &self->event;
  int c;

  if (_tl_json_scanner_peek (scanner) != '{')
    return _tl_json_scanner_skip_value (scanner);
  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  while (c == '"')
    {
      const char *key;
      gsize key_len;
      gboolean files;

      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;
      files = key_len == 5 && memcmp (key, "files", 5) == 0;
      if (!_tl_json_scanner_expect (scanner, ':'))
        return FALSE;
      if (!files || _tl_json_scanner_peek (scanner) != '{')
        {
          if (!_tl_json_scanner_skip_value (scanner))
            return FALSE;
        }
      else
        {
          _tl_json_scanner_advance (scanner);
          c = _tl_json_scanner_peek (scanner);
          while (c == '"')
            {
              gsize start;

              reset_event (event);
              if (!_tl_json_scanner_read_string (scanner, &event->arena, STRING_MAX, &start, NULL) ||
                  !_tl_json_scanner_expect (scanner, ':') ||
                  !read_file_entry (self, _tl_chrome_event_str (event, (guint32) start)))
                return FALSE;
              c = _tl_json_scanner_peek (scanner);
              if (c != ',')
                break;
              _tl_json_scanner_advance (scanner);
              c = _tl_json_scanner_peek (scanner);
            }
          if (!_tl_json_scanner_expect (scanner, '}'))
            return FALSE;
        }
      c = _tl_json_scanner_peek (scanner);
      if (c != ',')
        break;
      _tl_json_scanner_advance (scanner);
      c = _tl_json_scanner_peek (scanner);
    }
  return _tl_json_scanner_expect (scanner, '}');
}

/* At a '{': the object form.  Keys other than these are skipped unread. */
static gboolean
read_object (Reader *self)
{
  TlJsonScanner *scanner = self->scanner;
  int c;

  _tl_json_scanner_advance (scanner);
  c = _tl_json_scanner_peek (scanner);
  if (c == '}')
    {
      _tl_json_scanner_advance (scanner);
      return TRUE;
    }
  for (;;)
    {
      const char *key;
      gsize key_len;
      gboolean ok;

      if (c != '"')
        return c < 0 ? _tl_json_scanner_fail_eof (scanner) : _tl_json_scanner_fail_syntax (scanner);
      if (!_tl_json_scanner_read_key (scanner, &key, &key_len))
        return FALSE;

      if (key_len == 11 && memcmp (key, "traceEvents", 11) == 0)
        {
          ok = _tl_json_scanner_expect (scanner, ':');
          if (ok && _tl_json_scanner_peek (scanner) == '[')
            ok = read_events (self, FALSE);
          else if (ok)
            ok = _tl_json_scanner_skip_value (scanner);
        }
      else if (key_len == 15 && memcmp (key, "displayTimeUnit", 15) == 0)
        {
          ok = _tl_json_scanner_expect (scanner, ':') && read_display_time_unit (self);
        }
      else if (key_len == 10 && memcmp (key, "threadline", 10) == 0)
        {
          ok = _tl_json_scanner_expect (scanner, ':') && read_threadline (self);
        }
      else if (key_len == 9 && memcmp (key, "file_info", 9) == 0)
        {
          ok = _tl_json_scanner_expect (scanner, ':') && read_file_info (self);
        }
      else if (key_len == 18 && memcmp (key, "viztracer_metadata", 18) == 0)
        {
          _tl_chrome_import_set_viztracer (self->import);
          ok = _tl_json_scanner_expect (scanner, ':') && _tl_json_scanner_skip_value (scanner);
        }
      else
        {
          ok = _tl_json_scanner_expect (scanner, ':') && _tl_json_scanner_skip_value (scanner);
        }
      if (!ok)
        return FALSE;

      c = _tl_json_scanner_peek (scanner);
      if (c == ',')
        {
          _tl_json_scanner_advance (scanner);
          c = _tl_json_scanner_peek (scanner);
          continue;
        }
      return _tl_json_scanner_expect (scanner, '}');
    }
}

gboolean
_tl_chrome_read (TlJsonScanner   *scanner,
                 TlChromeImport  *import,
                 TlTraceModel    *model,
                 GError         **error)
{
  Reader self = { scanner, import, model, { 0 }, 0, 0 };
  gboolean complete = FALSE;
  int c;

  c = _tl_json_scanner_skip_bom (scanner) ? _tl_json_scanner_peek (scanner) : -1;
  if (c == '[')
    complete = read_events (&self, TRUE);
  else if (c == '{')
    complete = read_object (&self);
  else if (c >= 0)
    _tl_json_scanner_fail_syntax (scanner);

  if (complete && _tl_json_scanner_peek (scanner) >= 0)
    {
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT, TL_TS_NONE,
                                  "Data after the end of the trace (at byte %" G_GUINT64_FORMAT
                                  ") was ignored",
                                  _tl_json_scanner_get_offset (scanner));
    }

  g_free (self.event.arena.data);
  g_free (self.event.args);

  switch (scanner->status)
    {
    case TL_JSON_STATUS_FAILED:
      g_propagate_error (error, g_steal_pointer (&scanner->error));
      return FALSE;
    case TL_JSON_STATUS_EOF:
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_TRUNCATED, TL_TS_NONE,
                                  "The file is cut short at byte %" G_GUINT64_FORMAT
                                  "; the events before the cut were loaded",
                                  scanner->error_offset);
      break;
    case TL_JSON_STATUS_SYNTAX:
      tl_trace_model_add_warning (model, TL_FORMAT_ERROR, TL_FORMAT_ERROR_CORRUPT, TL_TS_NONE,
                                  "The file is not valid JSON from byte %" G_GUINT64_FORMAT
                                  "; the events before it were loaded",
                                  scanner->error_offset);
      break;
    case TL_JSON_STATUS_OK:
    default:
      break;
    }
  if (self.n_not_objects > 0)
    tl_trace_model_add_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT, TL_TS_NONE,
                                "%" G_GUINT64_FORMAT " trace events were not objects and were skipped",
                                self.n_not_objects);
  if (self.n_oversized > 0)
    tl_trace_model_add_warning (model, TL_MODEL_ERROR, TL_MODEL_ERROR_BAD_EVENT, TL_TS_NONE,
                                "Arguments of %" G_GUINT64_FORMAT " oversized events were dropped",
                                self.n_oversized);
  return TRUE;
}
