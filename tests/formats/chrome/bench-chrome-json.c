/* bench-chrome-json.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a large Chrome trace, against the baselines, measured in one
 * run.  A viztracer-like file (X events written in end order, large
 * absolute fractional ts, forked children with the parent's tid, a big
 * file_info holding source text) is generated in the build directory, then
 * each measurement runs in a child process of its own so that its peak
 * memory (VmHWM) is its own:
 *   read       the file read in 1 MiB chunks, nothing else;
 *   tokenizer  our JSON tokenizer over every token (no skipping, no model);
 *   yajl       YAJL's bare parse, no-op callbacks;
 *   json-glib  json-glib's JsonParser, the DOM it builds;
 *   import     tl_chrome_json_load (): end to end into a finished model.
 * MB are 10^6 bytes.  Nothing here asserts a time; run as a benchmark, it
 * exits 1 when it misses a target (a --smoke run judges none).
 *
 *   bench-chrome-json [--smoke] [--size MB] [--dir DIR]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#ifdef HAVE_YAJL
#include <yajl/yajl_parse.h>
#endif
#ifdef HAVE_JSON_GLIB
#include <json-glib/json-glib.h>
#endif

#include "tl-chrome-json.h"
#include "tl-chrome-private.h"
#include "trace-gen.h"


/* ---- memory ------------------------------------------------------------- */

static guint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* ---- what each child measures ----------------------------------------- */

static guint64
run_read (const char *path)
{
  g_autofree char *buf = g_malloc (1 << 20);
  FILE *in = fopen (path, "r");
  guint64 total = 0;
  size_t n;

  g_assert_nonnull (in);
  while ((n = fread (buf, 1, 1 << 20, in)) > 0)
    total += n;
  fclose (in);
  return total;
}

/* Every token, as a parser that keeps everything would see them. */
static gboolean
walk (TlJsonScanner *scanner,
      guint64       *tokens)
{
  char atom_text[TL_JSON_ATOM_MAX + 1];
  TlJsonAtom atom;
  gsize n;
  int c = _tl_json_scanner_peek (scanner);

  (*tokens)++;
  if (c == '{' || c == '[')
    {
      gboolean object = c == '{';
      char close = object ? '}' : ']';

      _tl_json_scanner_advance (scanner);
      if (_tl_json_scanner_peek (scanner) == close)
        {
          _tl_json_scanner_advance (scanner);
          return TRUE;
        }
      for (;;)
        {
          const char *key;

          if (object && (_tl_json_scanner_peek (scanner) != '"' ||
                         !_tl_json_scanner_read_key (scanner, &key, &n) ||
                         !_tl_json_scanner_expect (scanner, ':')))
            return FALSE;
          if (!walk (scanner, tokens))
            return FALSE;
          if (_tl_json_scanner_peek (scanner) != ',')
            return _tl_json_scanner_expect (scanner, close);
          _tl_json_scanner_advance (scanner);
        }
    }
  if (c == '"')
    {
      const char *str;

      /* As YAJL hands strings over: in place unless they hold escapes. */
      return _tl_json_scanner_read_view (scanner, G_MAXSIZE, &str, &n);
    }
  return _tl_json_scanner_read_atom (scanner, atom_text, &n, &atom);
}

static guint64
run_tokenizer (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  TlChromeInput *input = _tl_chrome_input_new_stream (G_INPUT_STREAM (stream), 1 << 20, 0, NULL, NULL, NULL);
  TlJsonScanner scanner;
  guint64 tokens = 0;

  _tl_json_scanner_init (&scanner, NULL, 0, _tl_chrome_input_refill, input);
  if (!walk (&scanner, &tokens))
    g_error ("the tokenizer failed at byte %" G_GUINT64_FORMAT, scanner.error_offset);
  _tl_json_scanner_clear (&scanner);
  _tl_chrome_input_free (input);
  return tokens;
}

#ifdef HAVE_YAJL
/* YAJL's bare parse: every callback only counts. */
static int
yajl_null_cb (void *ctx)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static int
yajl_bool_cb (void *ctx,
              int   b)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static int
yajl_number_cb (void       *ctx,
                const char *s,
                size_t      l)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static int
yajl_string_cb (void                *ctx,
                const unsigned char *s,
                size_t               l)
{
  (*(guint64 *) ctx)++;
  return 1;
}

static guint64
run_yajl (const char *path)
{
  static const yajl_callbacks callbacks = {
    yajl_null_cb, yajl_bool_cb, NULL, NULL, yajl_number_cb, yajl_string_cb,
    yajl_null_cb, yajl_string_cb, yajl_null_cb, yajl_null_cb, yajl_null_cb,
  };
  g_autofree unsigned char *buf = g_malloc (1 << 20);
  guint64 tokens = 0;
  yajl_handle handle = yajl_alloc (&callbacks, NULL, &tokens);
  FILE *in = fopen (path, "r");
  size_t n;

  g_assert_nonnull (in);
  while ((n = fread (buf, 1, 1 << 20, in)) > 0)
    if (yajl_parse (handle, buf, n) != yajl_status_ok)
      g_error ("YAJL failed");
  if (yajl_complete_parse (handle) != yajl_status_ok)
    g_error ("YAJL failed at the end");
  yajl_free (handle);
  fclose (in);
  return tokens;
}

/* The same import with YAJL under it instead of our tokenizer: YAJL's
 * callbacks fill the same TlChromeEvent and feed the same importer, so the
 * two differ only in the JSON layer.  What a YAJL-based reader would cost. */
typedef enum
{
  YF_OTHER = 0, YF_PH, YF_TS, YF_DUR, YF_PID, YF_TID, YF_NAME, YF_CAT, YF_ID, YF_ARGS, YF_SCOPE,
} YajlField;

typedef struct
{
  TlChromeImport *import;
  TlChromeEvent   event;
  int             depth;
  int             events_depth;   /* depth of the events array, 0 while unknown */
  int             event_depth;    /* depth of the event object being read */
  int             args_depth;
  gboolean        root_key_events;
  gboolean        events_open;
  YajlField       field;
  guint32         arg_key;
  gboolean        in_arg;
} YajlImport;

static void
yi_reset (TlChromeEvent *event)
{
  event->ph = 0;
  event->scope = 0;
  event->flags = 0;
  event->ts = event->dur = 0;
  event->pid = 0;
  event->tid = 0;
  event->id_value = 0;
  event->n_args = 0;
  event->arena.len = 0;
  _tl_json_buf_append (&event->arena, "", 1);
  event->name = event->cat = event->id = event->name_len = 0;
}

static guint32
yi_store (YajlImport *yi,
          const char *s,
          size_t      len)
{
  guint32 at = (guint32) yi->event.arena.len;

  _tl_json_buf_append (&yi->event.arena, s, len);
  _tl_json_buf_append (&yi->event.arena, "", 1);
  return at;
}

static void
yi_arg (YajlImport *yi,
        const char *s,
        size_t      len,
        guint8      type)
{
  TlChromeEvent *event = &yi->event;
  TlChromeArg *arg;

  if (event->n_args == event->args_alloc)
    {
      event->args_alloc = MAX (16, event->args_alloc * 2);
      event->args = g_renew (TlChromeArg, event->args, event->args_alloc);
    }
  arg = &event->args[event->n_args++];
  arg->key = yi->arg_key;
  arg->value = s != NULL ? yi_store (yi, s, len) : 0;
  arg->value_len = (guint32) len;
  arg->type = type;
}

static void
yi_scalar (YajlImport *yi,
           const char *s,
           size_t      len,
           gboolean    is_string,
           guint8      type)
{
  TlChromeEvent *event = &yi->event;
  gboolean negative;
  guint64 magnitude;
  gint64 value;

  if (yi->event_depth == 0)
    return;
  if (yi->depth == yi->args_depth && yi->args_depth > 0)
    {
      yi_arg (yi, s, len, type);
      return;
    }
  if (yi->depth != yi->event_depth || s == NULL)
    return;
  switch (yi->field)
    {
    case YF_PH:
      event->ph = len == 1 ? s[0] : '?';
      break;
    case YF_TS:
    case YF_DUR:
      {
        char buf[TL_JSON_ATOM_MAX + 1];
        gboolean ok = len <= TL_JSON_ATOM_MAX;

        if (ok)
          {
            memcpy (buf, s, len);
            ok = _tl_json_parse_int64 (buf, len, 3, yi->field == YF_TS ? &event->ts : &event->dur);
          }
        if (ok)
          event->flags |= yi->field == YF_TS ? TL_CHROME_HAS_TS : TL_CHROME_HAS_DUR;
        else
          event->flags |= TL_CHROME_BAD_TIME;
      }
      break;
    case YF_PID:
    case YF_TID:
      magnitude = 0;
      if (_tl_json_parse_scaled (s, len, 0, &negative, &magnitude))
        magnitude = negative ? -magnitude : magnitude;
      if (yi->field == YF_PID)
        {
          event->pid = (guint32) magnitude;
          event->flags |= TL_CHROME_HAS_PID;
        }
      else
        {
          event->tid = magnitude;
          event->flags |= TL_CHROME_HAS_TID;
        }
      break;
    case YF_NAME:
      event->name = yi_store (yi, s, len);
      event->name_len = (guint32) len;
      event->flags |= TL_CHROME_HAS_NAME;
      break;
    case YF_CAT:
      event->cat = yi_store (yi, s, len);
      event->flags |= TL_CHROME_HAS_CAT;
      break;
    case YF_ID:
      event->id = yi_store (yi, s, len);
      event->id_value = _tl_json_parse_int64 (s, len, 0, &value) ? (guint64) value : g_str_hash (_tl_chrome_event_str (event, event->id));
      event->flags |= TL_CHROME_HAS_ID;
      break;
    case YF_SCOPE:
      event->scope = len == 1 ? s[0] : 0;
      break;
    case YF_ARGS:
    case YF_OTHER:
    default:
      break;
    }
  (void) is_string;
}

static int
yi_null (void *ctx)
{
  yi_scalar (ctx, NULL, 0, FALSE, TL_CHROME_VALUE_NULL);
  return 1;
}

static int
yi_boolean (void *ctx,
            int   b)
{
  yi_scalar (ctx, b ? "true" : "false", b ? 4 : 5, FALSE, b ? TL_CHROME_VALUE_TRUE : TL_CHROME_VALUE_FALSE);
  return 1;
}

static int
yi_number (void       *ctx,
           const char *s,
           size_t      len)
{
  yi_scalar (ctx, s, len, FALSE, TL_CHROME_VALUE_NUMBER);
  return 1;
}

static int
yi_string (void                *ctx,
           const unsigned char *s,
           size_t               len)
{
  yi_scalar (ctx, (const char *) s, len, TRUE, TL_CHROME_VALUE_STRING);
  return 1;
}

static int
yi_start_map (void *ctx)
{
  YajlImport *yi = ctx;

  yi->depth++;
  if (yi->events_open && yi->depth == yi->events_depth + 1 && yi->event_depth == 0)
    {
      yi_reset (&yi->event);
      yi->event_depth = yi->depth;
      yi->args_depth = 0;
    }
  else if (yi->event_depth > 0 && yi->depth == yi->event_depth + 1 && yi->field == YF_ARGS)
    {
      yi->args_depth = yi->depth;
      yi->event.n_args = 0;
    }
  else if (yi->args_depth > 0 && yi->depth == yi->args_depth + 1)
    {
      yi_arg (yi, NULL, 0, TL_CHROME_VALUE_OTHER);
    }
  return 1;
}

static int
yi_map_key (void                *ctx,
            const unsigned char *key,
            size_t               len)
{
  YajlImport *yi = ctx;
  const char *k = (const char *) key;

  if (yi->depth == 1 && yi->events_depth == 0)
    yi->root_key_events = len == 11 && memcmp (k, "traceEvents", 11) == 0;
  if (yi->event_depth > 0 && yi->depth == yi->event_depth)
    {
      yi->field = YF_OTHER;
      if (len == 2 && memcmp (k, "ph", 2) == 0) yi->field = YF_PH;
      else if (len == 2 && memcmp (k, "ts", 2) == 0) yi->field = YF_TS;
      else if (len == 3 && memcmp (k, "dur", 3) == 0) yi->field = YF_DUR;
      else if (len == 3 && memcmp (k, "pid", 3) == 0) yi->field = YF_PID;
      else if (len == 3 && memcmp (k, "tid", 3) == 0) yi->field = YF_TID;
      else if (len == 4 && memcmp (k, "name", 4) == 0) yi->field = YF_NAME;
      else if (len == 3 && memcmp (k, "cat", 3) == 0) yi->field = YF_CAT;
      else if (len == 2 && memcmp (k, "id", 2) == 0) yi->field = YF_ID;
      else if (len == 4 && memcmp (k, "args", 4) == 0) yi->field = YF_ARGS;
      else if (len == 1 && k[0] == 's') yi->field = YF_SCOPE;
    }
  else if (yi->args_depth > 0 && yi->depth == yi->args_depth)
    {
      yi->arg_key = yi_store (yi, k, len);
    }
  return 1;
}

static int
yi_end_map (void *ctx)
{
  YajlImport *yi = ctx;

  if (yi->depth == yi->args_depth)
    yi->args_depth = 0;
  if (yi->depth == yi->event_depth)
    {
      _tl_chrome_import_event (yi->import, &yi->event);
      yi->event_depth = 0;
    }
  yi->depth--;
  return 1;
}

static int
yi_start_array (void *ctx)
{
  YajlImport *yi = ctx;

  yi->depth++;
  if (yi->events_depth == 0 && (yi->depth == 1 || (yi->depth == 2 && yi->root_key_events)))
    {
      yi->events_depth = yi->depth;
      yi->events_open = TRUE;
    }
  else if (yi->args_depth > 0 && yi->depth == yi->args_depth + 1)
    yi_arg (yi, NULL, 0, TL_CHROME_VALUE_OTHER);
  return 1;
}

static int
yi_end_array (void *ctx)
{
  YajlImport *yi = ctx;

  if (yi->depth == yi->events_depth)
    yi->events_open = FALSE;
  yi->depth--;
  return 1;
}

static guint64
run_yajl_import (const char *path)
{
  static const yajl_callbacks callbacks = {
    yi_null, yi_boolean, NULL, NULL, yi_number, yi_string,
    yi_start_map, yi_map_key, yi_end_map, yi_start_array, yi_end_array,
  };
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autofree unsigned char *buf = g_malloc (1 << 20);
  YajlImport yi = { 0 };
  yajl_handle handle;
  FILE *in = fopen (path, "r");
  size_t n;
  guint64 spans;

  g_assert_nonnull (in);
  yi.import = _tl_chrome_import_new (model);
  handle = yajl_alloc (&callbacks, NULL, &yi);
  while ((n = fread (buf, 1, 1 << 20, in)) > 0)
    if (yajl_parse (handle, buf, n) != yajl_status_ok)
      g_error ("YAJL failed");
  if (yajl_complete_parse (handle) != yajl_status_ok)
    g_error ("YAJL failed at the end");
  yajl_free (handle);
  fclose (in);
  _tl_chrome_import_finish (yi.import);
  _tl_chrome_import_free (yi.import);
  g_free (yi.event.arena.data);
  g_free (yi.event.args);
  spans = tl_trace_model_get_span_count (model, TL_SPAN_SLICE);
  if (tl_trace_model_get_n_warnings (model) > 0)
    g_error ("the YAJL import warned: %s", tl_trace_model_get_warning (model, 0)->error->message);
  return spans;
}
#endif

#ifdef HAVE_JSON_GLIB
static guint64
run_json_glib (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("json-glib failed: %s", error->message);
  root = json_parser_get_root (parser);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (root), "traceEvents"));
}
#endif

/* CPU time of this process: what the work cost, whatever else the
 * machine was doing at the time. */
static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
child (const char *mode,
       const char *path)
{
  guint64 base_kb = status_kb ("VmRSS:");
  gint64 cpu_start = cpu_usec ();
  guint64 result = 0, model_bytes = 0, spans = 0, resident_kb = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed = 0, cpu = 0;

  if (strcmp (mode, "read") == 0)
    {
      result = run_read (path);
    }
  else if (strcmp (mode, "tokenizer") == 0)
    {
      result = run_tokenizer (path);
    }
#ifdef HAVE_YAJL
  else if (strcmp (mode, "yajl") == 0)
    {
      result = run_yajl (path);
    }
  else if (strcmp (mode, "yajl-import") == 0)
    {
      result = run_yajl_import (path);
    }
#endif
#ifdef HAVE_JSON_GLIB
  else if (strcmp (mode, "json-glib") == 0)
    {
      result = run_json_glib (path);
    }
#endif
  else if (strcmp (mode, "import") == 0)
    {
      g_autoptr(GError) error = NULL;
      TlTraceModel *model = tl_chrome_json_load (path, NULL, NULL, NULL, &error);

      if (model == NULL)
        g_error ("import failed: %s", error->message);
      /* The model as the window would get it: loaded, finished, kept. */
      elapsed = g_get_monotonic_time () - start;
      cpu = cpu_usec ();
      result = tl_trace_model_get_n_lanes (model);
      spans = tl_trace_model_get_span_count (model, TL_SPAN_SLICE);
      model_bytes = tl_trace_model_get_memory_size (model);
      resident_kb = status_kb ("VmRSS:");
      if (tl_trace_model_get_n_warnings (model) > 0)
        g_error ("import warned: %s", tl_trace_model_get_warning (model, 0)->error->message);
      g_object_unref (model);
    }
  else
    {
      g_error ("unknown mode %s", mode);
    }
  if (strcmp (mode, "import") != 0)
    {
      elapsed = g_get_monotonic_time () - start;
      cpu = cpu_usec ();
    }

  printf ("usec=%" G_GINT64_FORMAT " cpu_usec=%" G_GINT64_FORMAT " base_kb=%" G_GUINT64_FORMAT
          " peak_kb=%" G_GUINT64_FORMAT " result=%" G_GUINT64_FORMAT " model_bytes=%" G_GUINT64_FORMAT
          " spans=%" G_GUINT64_FORMAT " resident_kb=%" G_GUINT64_FORMAT "\n",
          elapsed, cpu - cpu_start, base_kb, status_kb ("VmHWM:"), result, model_bytes, spans, resident_kb);
  return 0;
}

/* ---- the parent -------------------------------------------------------- */

typedef struct
{
  gboolean ran;
  double   seconds;
  double   cpu_seconds;
  double   peak_mb;     /* above the child's resident size before it started */
  guint64  result;
  guint64  model_bytes;
  guint64  spans;
  double   resident_mb;
} Measure;

static Measure
measure (const char *self_exe,
         const char *mode,
         const char *path)
{
  const char *argv[] = { self_exe, "--child", mode, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  Measure m = { 0 };
  gint64 usec = 0, cpu_usec = 0;
  guint64 base_kb = 0, peak_kb = 0, resident_kb = 0;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", mode, error->message);
  if (sscanf (out, "usec=%" G_GINT64_FORMAT " cpu_usec=%" G_GINT64_FORMAT " base_kb=%" G_GUINT64_FORMAT
              " peak_kb=%" G_GUINT64_FORMAT " result=%" G_GUINT64_FORMAT " model_bytes=%" G_GUINT64_FORMAT
              " spans=%" G_GUINT64_FORMAT " resident_kb=%" G_GUINT64_FORMAT,
              &usec, &cpu_usec, &base_kb, &peak_kb, &m.result, &m.model_bytes, &m.spans, &resident_kb) != 8)
    g_error ("%s: unreadable output: %s", mode, out);
  m.ran = TRUE;
  m.seconds = usec / 1e6;
  m.cpu_seconds = cpu_usec / 1e6;
  m.peak_mb = (double) (peak_kb - base_kb) * 1024 / 1e6;
  m.resident_mb = resident_kb > base_kb ? (double) (resident_kb - base_kb) * 1024 / 1e6 : 0;
  return m;
}

/* The fastest run, and the highest peak of all runs. */
static void
best_of (Measure *best,
         Measure  m)
{
  double peak = MAX (best->peak_mb, m.peak_mb);
  double cpu = best->ran ? MIN (best->cpu_seconds, m.cpu_seconds) : m.cpu_seconds;

  if (!best->ran || m.seconds < best->seconds)
    *best = m;
  best->peak_mb = peak;
  best->cpu_seconds = cpu;
}

static void
print_line (const char    *label,
            const Measure *m,
            double         mb)
{
  if (!m->ran)
    {
      printf ("  %-34s not built in\n", label);
      return;
    }
  printf ("  %-34s %8.1f MB/s %7.3f s  | %8.1f MB/s %7.3f s  | peak +%.1f MB\n", label,
          mb / m->seconds, m->seconds, mb / m->cpu_seconds, m->cpu_seconds, m->peak_mb);
}

/* "met", or "MISSED" (counted); a smoke run's figures say nothing. */
static const char *
judge (gboolean  smoke,
       gboolean  met,
       guint    *missed)
{
  if (smoke)
    return "not judged";
  if (!met)
    (*missed)++;
  return met ? "met" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  gboolean smoke = FALSE;
  guint missed = 0;
  double size_mb = 100;
  const char *dir = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *path = NULL;
  TlGeneratedJson gen;
  Measure read = { 0 }, tokenizer = { 0 }, yajl = { 0 }, yajl_import = { 0 }, json_glib = { 0 }, import = { 0 };
  double mb, model_mb;
  guint repeats;

  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    return child (argv[2], argv[3]);

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--smoke") == 0)
        smoke = TRUE;
      else if (strcmp (argv[i], "--size") == 0 && i + 1 < argc)
        size_mb = g_ascii_strtod (argv[++i], NULL);
      else if (strcmp (argv[i], "--dir") == 0 && i + 1 < argc)
        dir = argv[++i];
    }
  if (smoke)
    size_mb = 0.3;
  if (g_getenv ("TL_BENCH_CHROME_MB") != NULL)
    size_mb = g_ascii_strtod (g_getenv ("TL_BENCH_CHROME_MB"), NULL);
  repeats = smoke ? 1 : 5;

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  path = g_strdup_printf ("%s/bench-viztracer-%gmb.json", dir != NULL ? dir : g_get_tmp_dir (), size_mb);
  gen = tl_trace_gen_chrome_json (path, (guint64) (size_mb * 1e6));
  mb = gen.bytes / 1e6;

  printf ("# Chrome JSON import: %s\n", path);
  printf ("#   %.1f MB: %" G_GUINT64_FORMAT " X events in end order and %" G_GUINT64_FORMAT
          " other events (%.1f MB), file_info %.1f MB of source text\n",
          mb, gen.n_complete, gen.n_other, (gen.bytes - gen.file_info_bytes) / 1e6, gen.file_info_bytes / 1e6);

  /* Round after round, each mode once per round, so that whatever else
   * runs on the machine weighs on all of them alike; the best round of
   * each counts. */
  for (guint round = 0; round < repeats; round++)
    {
      best_of (&read, measure (self_exe, "read", path));
      best_of (&tokenizer, measure (self_exe, "tokenizer", path));
#ifdef HAVE_YAJL
      best_of (&yajl, measure (self_exe, "yajl", path));
      best_of (&yajl_import, measure (self_exe, "yajl-import", path));
#endif
#ifdef HAVE_JSON_GLIB
      best_of (&json_glib, measure (self_exe, "json-glib", path));
#endif
      best_of (&import, measure (self_exe, "import", path));
    }

  g_assert_cmpuint (import.spans, ==, gen.n_complete);
  if (yajl_import.ran)
    g_assert_cmpuint (yajl_import.result, ==, gen.n_complete);
  model_mb = import.model_bytes / 1e6;

  printf ("#   (each in a process of its own, best of %u rounds; peak is VmHWM above the\n"
          "#   process's size before it began, highest of all rounds)\n", repeats);
  printf ("  %-34s %22s  | %22s  |\n", "", "wall clock", "CPU time");
  print_line ("plain read of the file", &read, mb);
  print_line ("our tokenizer, every token", &tokenizer, mb);
  print_line ("YAJL bare parse (no-op callbacks)", &yajl, mb);
  print_line ("json-glib JsonParser", &json_glib, mb);
  print_line ("import end to end into the model", &import, mb);
  print_line ("the same import over YAJL", &yajl_import, mb);
  printf ("#   model: %" G_GUINT64_FORMAT " spans, %.1f MB by tl_trace_model_get_memory_size (), %.1f MB resident after the import\n",
          import.spans, model_mb, import.resident_mb);
  printf ("# ratios (wall clock; CPU time in brackets)%s\n",
          smoke ? "; a smoke run judges no target" : "");
  if (json_glib.ran)
    printf ("  import / json-glib bare parse      %8.1fx  [%.1fx]  (target >= 10x: %s)\n",
            json_glib.seconds / import.seconds, json_glib.cpu_seconds / import.cpu_seconds,
            judge (smoke, json_glib.seconds / import.seconds >= 10, &missed));
  if (yajl.ran)
    {
      printf ("  import / YAJL bare parse           %8.2fx  [%.2fx]\n",
              yajl.seconds / import.seconds, yajl.cpu_seconds / import.cpu_seconds);
      printf ("  our tokenizer / YAJL bare parse    %8.2fx  [%.2fx]\n",
              yajl.seconds / tokenizer.seconds, yajl.cpu_seconds / tokenizer.cpu_seconds);
      printf ("  import / the same import over YAJL %8.2fx  [%.2fx]\n",
              yajl_import.seconds / import.seconds, yajl_import.cpu_seconds / import.cpu_seconds);
    }
  printf ("  import speed                       %8.1f MB/s [%.1f]  (target >= 150: %s)\n",
          mb / import.seconds, mb / import.cpu_seconds, judge (smoke, mb / import.seconds >= 150, &missed));
  printf ("  import peak - model size           %8.1f MB  (target <= 64: %s)\n",
          import.peak_mb - model_mb, judge (smoke, import.peak_mb - model_mb <= 64, &missed));
  if (json_glib.ran)
    printf ("  json-glib peak / file size         %8.1fx\n", json_glib.peak_mb / mb);

  /* TL_BENCH_KEEP keeps the file, for profiling the import on it. */
  if (g_getenv ("TL_BENCH_KEEP") == NULL)
    g_unlink (path);
  if (missed > 0)
    printf ("# %u target%s MISSED\n", missed, missed > 1 ? "s" : "");
  return missed > 0 ? 1 : 0;
}
