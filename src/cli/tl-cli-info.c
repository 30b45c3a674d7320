/* tl-cli-info.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli info [--json] FILE: what a trace holds.
 *
 * Exit status: 0 when the file loaded whole; 1 when it could not be read
 * (a message on stderr), or when it is damaged: then what could be read is
 * still printed, the damage is listed with the warnings, and stderr says
 * so, so that a script never mistakes a partial trace for a whole one.
 * 2 on bad usage.
 */
#define G_LOG_DOMAIN "threadline-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-describe.h"
#include "tl-format.h"

/* Damage, as opposed to odd content: parts of the file were lost. */
static gboolean
warning_is_damage (const TlModelWarning *warning)
{
  return warning->error->domain == TL_FORMAT_ERROR &&
         (warning->error->code == TL_FORMAT_ERROR_CORRUPT ||
          warning->error->code == TL_FORMAT_ERROR_TRUNCATED);
}

/* Seconds with nine decimals, exactly (no double rounding). */
static char *
format_ts (gint64 ns)
{
  guint64 magnitude = ns < 0 ? (guint64) -(ns + 1) + 1 : (guint64) ns;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%09" G_GUINT64_FORMAT " s",
                          ns < 0 ? "-" : "", magnitude / 1000000000u, magnitude % 1000000000u);
}

static const char *
string_or_null (TlTraceModel *model,
                guint32       id)
{
  return id != TL_INDEX_NONE ? tl_trace_model_get_string (model, id) : NULL;
}

/* What identifies a lane within its process: a tid, an object id, or
 * the name of a counter or an async track. */
static char *
describe_lane_key (TlTraceModel *model,
                   TlLane       *lane)
{
  switch (tl_lane_get_kind (lane))
    {
    case TL_LANE_THREAD:
    case TL_LANE_LOCK:
    case TL_LANE_GIL:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, tl_lane_get_key (lane));
    case TL_LANE_COUNTER:
    case TL_LANE_ASYNC:
    case TL_N_LANE_KINDS:
    default:
      {
        const char *name = string_or_null (model, (guint32) tl_lane_get_key (lane));

        return g_strdup (name != NULL ? name : "-");
      }
    }
}

static guint64
lane_n_spans (TlLane *lane)
{
  guint64 n = 0;

  for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
    {
      guint n_spans;

      tl_lane_get_spans (lane, t, &n_spans);
      n += n_spans;
    }
  return n;
}

static guint
lane_n_instants (TlLane *lane)
{
  guint n;

  tl_lane_get_instants (lane, &n);
  return n;
}

static guint
lane_n_samples (TlLane *lane)
{
  guint n;

  tl_lane_get_samples (lane, &n);
  return n;
}

/* ---- text ------------------------------------------------------------------------ */


/* One line per key: a program (a scenario's Python) by its first line. */
static void
print_metadata (const char *key,
                const char *value)
{
  const char *newline = strchr (value, '\n');
  guint n_lines = 1;

  if (newline == NULL)
    {
      printf ("  %-16s %s\n", key, value);
      return;
    }
  for (const char *p = value; (p = strchr (p, '\n')) != NULL && p[1] != '\0'; p++)
    n_lines++;
  printf ("  %-16s %.*s … (%u lines)\n", key, (int) (newline - value), value, n_lines);
}

static void
print_text (TlTraceModel  *model,
            const char    *path,
            TlTraceFormat  format)
{
  g_autofree const char **keys = tl_trace_model_list_metadata (model);
  guint64 dropped, torn, corrupt, n_spans = 0;
  const TlFlow *flows;
  guint n_flows, flow_counts[TL_N_FLOW_KINDS + 1] = { 0 };
  gint64 start, end;

  /* TRANSLATORS: the labels of threadline-cli info's first lines are
   * padded to one width, so that the values line up */
  printf (_("File:       %s\n"), path);
  printf (_("Format:     %s\n"), tl_trace_format_to_string (format));
  if (tl_trace_model_get_time_range (model, &start, &end))
    {
      g_autofree char *from = format_ts (start);
      g_autofree char *to = format_ts (end);
      g_autofree char *duration = tl_format_duration (tl_ts_diff (end, start));

      /* TRANSLATORS: "Time:       0.000000000 s to 1.250000000 s (1.25 s)" */
      printf (_("Time:       %s to %s (%s)\n"), from, to, duration);
    }
  else
    {
      printf ("%s", _("Time:       (empty)\n"));
    }
  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  /* TRANSLATORS: events lost: dropped by a full ring, torn by a writer
   * that died while writing, damaged in the file */
  printf (_("Lost:       %llu dropped, %llu torn, %llu damaged\n"), (unsigned long long) dropped,
          (unsigned long long) torn, (unsigned long long) corrupt);

  printf (_("\nProcesses and threads (%u processes, %u lanes):\n"),
          tl_trace_model_get_n_processes (model), tl_trace_model_get_n_lanes (model));
  for (guint p = 0; p < tl_trace_model_get_n_processes (model); p++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, p);
      const char *name = string_or_null (model, process->name);
      g_autofree char *ended = tl_describe_process_end (model, p);
      const guint32 *lanes;
      guint n_lanes;

      /* TRANSLATORS: "  process 4100  main  exit status 0": its pid, its
       * name, and how it ended (after two spaces), if it did */
      printf (_("  process %u  %s%s%s\n"), process->pid, name != NULL ? name : "-",
              ended != NULL ? "  " : "", ended != NULL ? ended : "");
      lanes = tl_trace_model_get_process_lanes (model, p, &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        {
          TlLane *lane = tl_trace_model_get_lane (model, lanes[i]);
          g_autoptr(GString) lane_name = g_string_new (NULL);
          g_autofree char *key = describe_lane_key (model, lane);

          tl_describe_append_lane_in_process (model, lanes[i], lane_name);
          printf ("    %-8s %-10s %-24s ", tl_lane_kind_to_string (tl_lane_get_kind (lane)), key,
                  lane_name->len > 0 ? lane_name->str : "-");
          if (tl_lane_get_kind (lane) == TL_LANE_COUNTER)
            printf (_("%u samples\n"), lane_n_samples (lane));
          else
            printf (_("%llu spans, %u instants\n"), (unsigned long long) lane_n_spans (lane),
                    lane_n_instants (lane));
        }
    }

  printf (_("\nEvents (%llu):\n"), (unsigned long long) tl_trace_model_get_n_events (model));
  for (guint k = 0; k < TL_EVENT_N_KINDS; k++)
    {
      guint64 n = tl_trace_model_get_event_count (model, k);

      if (n > 0)
        printf ("  %-16s %" G_GUINT64_FORMAT "\n", tl_event_kind_to_string (k), n);
    }

  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    n_spans += tl_trace_model_get_span_count (model, k);
  printf (_("\nSpans (%llu):\n"), (unsigned long long) n_spans);
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    {
      guint64 n = tl_trace_model_get_span_count (model, k);

      if (n > 0)
        printf ("  %-16s %" G_GUINT64_FORMAT "\n", tl_span_kind_to_string (k), n);
    }
  printf (_("\nInstants:   %llu\n"), (unsigned long long) tl_trace_model_get_n_instants (model));

  flows = tl_trace_model_get_flows (model, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    flow_counts[MIN (flows[i].kind, TL_N_FLOW_KINDS)]++;
  printf (_("\nFlows (%u):\n"), n_flows);
  for (guint k = 0; k <= TL_N_FLOW_KINDS; k++)
    if (flow_counts[k] > 0)
      printf ("  %-16s %u\n", tl_flow_kind_to_string (k), flow_counts[k]);

  if (keys[0] != NULL)
    {
      printf ("%s", _("\nMetadata:\n"));
      for (guint i = 0; keys[i] != NULL; i++)
        print_metadata (keys[i], tl_trace_model_get_metadata (model, keys[i]));
    }

  printf (_("\nWarnings (%u):\n"), tl_trace_model_get_n_warnings (model));
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (warning_is_damage (w) && w->count > 1)
        /* TRANSLATORS: a warning of damage, and how many times it was found */
        printf (_("  damaged: %s (%llu times)\n"), w->error->message, (unsigned long long) w->count);
      else if (warning_is_damage (w))
        printf (_("  damaged: %s\n"), w->error->message);
      else if (w->count > 1)
        printf (_("  %s (%llu times)\n"), w->error->message, (unsigned long long) w->count);
      else
        printf ("  %s\n", w->error->message);
    }
}

/* ---- JSON ------------------------------------------------------------------------ */

/* A small pretty-printing emitter: members are written in order, commas
 * and indentation follow the nesting. */
typedef struct
{
  GString *out;
  GArray  *has_members;   /* gboolean per open container */
} Json;

static void
json_escape (GString    *out,
             const char *str)
{
  g_autofree char *valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
json_prefix (Json       *json,
             const char *key)
{
  gboolean *has = &g_array_index (json->has_members, gboolean, json->has_members->len - 1);

  if (*has)
    g_string_append_c (json->out, ',');
  *has = TRUE;
  g_string_append_c (json->out, '\n');
  for (guint i = 0; i < json->has_members->len; i++)
    g_string_append (json->out, "  ");
  if (key != NULL)
    {
      json_escape (json->out, key);
      g_string_append (json->out, ": ");
    }
}

static void
json_open (Json       *json,
           const char *key,
           char        bracket)
{
  gboolean none = FALSE;

  if (json->has_members->len > 0)
    json_prefix (json, key);
  g_string_append_c (json->out, bracket);
  g_array_append_val (json->has_members, none);
}

static void
json_close (Json *json,
            char  bracket)
{
  gboolean had = g_array_index (json->has_members, gboolean, json->has_members->len - 1);

  g_array_set_size (json->has_members, json->has_members->len - 1);
  if (had)
    {
      g_string_append_c (json->out, '\n');
      for (guint i = 0; i < json->has_members->len; i++)
        g_string_append (json->out, "  ");
    }
  g_string_append_c (json->out, bracket);
}

static void
json_string (Json       *json,
             const char *key,
             const char *value)
{
  json_prefix (json, key);
  if (value == NULL)
    g_string_append (json->out, "null");
  else
    json_escape (json->out, value);
}

static void
json_int (Json       *json,
          const char *key,
          gint64      value)
{
  json_prefix (json, key);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

static void
json_uint (Json       *json,
           const char *key,
           guint64     value)
{
  json_prefix (json, key);
  g_string_append_printf (json->out, "%" G_GUINT64_FORMAT, value);
}

static void
json_bool (Json       *json,
           const char *key,
           gboolean    value)
{
  json_prefix (json, key);
  g_string_append (json->out, value ? "true" : "false");
}

static void
print_json (TlTraceModel  *model,
            const char    *path,
            TlTraceFormat  format,
            gboolean       damaged)
{
  g_autofree const char **keys = tl_trace_model_list_metadata (model);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GString) out = g_string_new (NULL);
  Json json = { out, stack };
  guint64 dropped, torn, corrupt, n_spans = 0;
  guint n_flows, flow_counts[TL_N_FLOW_KINDS + 1] = { 0 };
  const TlFlow *flows;
  gint64 start, end;

  json_open (&json, NULL, '{');
  json_string (&json, "file", path);
  json_string (&json, "format", tl_trace_format_to_string (format));
  json_bool (&json, "complete", !damaged);

  json_open (&json, "time", '{');
  if (tl_trace_model_get_time_range (model, &start, &end))
    {
      json_int (&json, "start_ns", start);
      json_int (&json, "end_ns", end);
      json_int (&json, "duration_ns", tl_ts_diff (end, start));
    }
  json_close (&json, '}');

  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  json_open (&json, "lost", '{');
  json_uint (&json, "dropped", dropped);
  json_uint (&json, "torn", torn);
  json_uint (&json, "damaged", corrupt);
  json_close (&json, '}');

  json_open (&json, "processes", '[');
  for (guint p = 0; p < tl_trace_model_get_n_processes (model); p++)
    {
      const TlProcess *process = tl_trace_model_get_process (model, p);
      const guint32 *lanes;
      guint n_lanes;

      json_open (&json, NULL, '{');
      json_uint (&json, "pid", process->pid);
      json_string (&json, "name", string_or_null (model, process->name));
      json_uint (&json, "parent_pid", process->parent_pid);
      json_bool (&json, "exited", process->exited);
      if (process->exited)
        {
          json_bool (&json, "signaled", process->signaled);
          json_int (&json, process->signaled ? "signal" : "exit_status", process->exit_status);
        }
      json_open (&json, "lanes", '[');
      lanes = tl_trace_model_get_process_lanes (model, p, &n_lanes);
      for (guint i = 0; i < n_lanes; i++)
        {
          TlLane *lane = tl_trace_model_get_lane (model, lanes[i]);
          TlLaneKind kind = tl_lane_get_kind (lane);

          json_open (&json, NULL, '{');
          json_string (&json, "kind", tl_lane_kind_to_string (kind));
          if (kind == TL_LANE_THREAD)
            json_uint (&json, "tid", tl_lane_get_key (lane));
          else if (kind == TL_LANE_LOCK || kind == TL_LANE_GIL)
            json_uint (&json, "object", tl_lane_get_key (lane));
          json_string (&json, "name", string_or_null (model, tl_lane_get_name (lane)));
          json_uint (&json, "spans", lane_n_spans (lane));
          json_uint (&json, "instants", lane_n_instants (lane));
          if (kind == TL_LANE_COUNTER)
            json_uint (&json, "samples", lane_n_samples (lane));
          json_close (&json, '}');
        }
      json_close (&json, ']');
      json_close (&json, '}');
    }
  json_close (&json, ']');

  json_open (&json, "events", '{');
  json_uint (&json, "total", tl_trace_model_get_n_events (model));
  json_open (&json, "per_kind", '{');
  for (guint k = 0; k < TL_EVENT_N_KINDS; k++)
    if (tl_trace_model_get_event_count (model, k) > 0)
      json_uint (&json, tl_event_kind_to_string (k), tl_trace_model_get_event_count (model, k));
  json_close (&json, '}');
  json_close (&json, '}');

  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    n_spans += tl_trace_model_get_span_count (model, k);
  json_open (&json, "spans", '{');
  json_uint (&json, "total", n_spans);
  json_open (&json, "per_kind", '{');
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    if (tl_trace_model_get_span_count (model, k) > 0)
      json_uint (&json, tl_span_kind_to_string (k), tl_trace_model_get_span_count (model, k));
  json_close (&json, '}');
  json_close (&json, '}');

  json_uint (&json, "instants", tl_trace_model_get_n_instants (model));

  flows = tl_trace_model_get_flows (model, &n_flows);
  for (guint i = 0; i < n_flows; i++)
    flow_counts[MIN (flows[i].kind, TL_N_FLOW_KINDS)]++;
  json_open (&json, "flows", '{');
  json_uint (&json, "total", n_flows);
  json_open (&json, "per_kind", '{');
  for (guint k = 0; k <= TL_N_FLOW_KINDS; k++)
    if (flow_counts[k] > 0)
      json_uint (&json, tl_flow_kind_to_string (k), flow_counts[k]);
  json_close (&json, '}');
  json_close (&json, '}');

  json_open (&json, "metadata", '{');
  for (guint i = 0; keys[i] != NULL; i++)
    json_string (&json, keys[i], tl_trace_model_get_metadata (model, keys[i]));
  json_close (&json, '}');

  json_open (&json, "warnings", '[');
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      json_open (&json, NULL, '{');
      json_string (&json, "domain", g_quark_to_string (w->error->domain));
      json_int (&json, "code", w->error->code);
      json_bool (&json, "damage", warning_is_damage (w));
      json_string (&json, "message", w->error->message);
      json_uint (&json, "count", w->count);
      json_close (&json, '}');
    }
  json_close (&json, ']');
  json_close (&json, '}');

  printf ("%s\n", out->str);
}

/* ---- the command ------------------------------------------------------------------ */

int
tl_cli_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) damage = g_ptr_array_new ();
  gboolean as_json = FALSE;
  TlTraceFormat format;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON, for scripts"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (N_("FILE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, N_("Describes a trace (.tltrace, or Chrome JSON)."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tl_cli_fail ("info: %s", error->message);
      return 2;
    }
  if (argc != 2)
    {
      tl_cli_fail ("%s", _("info: expected one FILE (see 'threadline-cli info --help')"));
      return 2;
    }

  format = tl_trace_format_sniff (argv[1], &error);
  if (format == TL_TRACE_FORMAT_UNKNOWN)
    return tl_cli_fail ("%s: %s", argv[1], error->message);
  model = tl_trace_file_load (argv[1], NULL, NULL, NULL, &error);
  if (model == NULL)
    return tl_cli_fail ("%s: %s", argv[1], error->message);

  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    if (warning_is_damage (tl_trace_model_get_warning (model, i)))
      g_ptr_array_add (damage, tl_trace_model_get_warning (model, i)->error->message);

  if (as_json)
    print_json (model, argv[1], format, damage->len > 0);
  else
    print_text (model, argv[1], format);
  fflush (stdout);

  if (damage->len > 0)
    {
      g_ptr_array_add (damage, NULL);
      {
        g_autofree char *what = g_strjoinv ("; ", (char **) damage->pdata);

        return tl_cli_fail (_("%s is damaged: %s (what could be read is shown)"), argv[1], what);
      }
    }
  return 0;
}
