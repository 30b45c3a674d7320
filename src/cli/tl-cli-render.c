/* tl-cli-render.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli render FILE -o OUT.{png,svg,pdf} [--from T --to T]
 *   [--width W --height H] [--style STYLE]: a picture of a trace, drawn
 * by the same painter as the window.
 *
 * Times count from the trace's start, in seconds or with a unit (20ms,
 * 300us, 1.5s).  Without --height the picture is as tall as its rows.  A
 * damaged trace is drawn as far as it could be read, with a warning.
 */
#define G_LOG_DOMAIN "threadline-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "tl-cli.h"
#include "tl-format.h"
#include "tl-painter.h"
#include "tl-render-export.h"
#include "tl-numbers.h"
#include "tl-time-axis.h"

#define MAX_SIDE 32767

static gboolean
parse_offset (const char  *option,
              const char  *text,
              gint64      *ns,
              GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!tl_parse_duration (text, ns, &local))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", option, local->message);
      return FALSE;
    }
  if (*ns < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: times count from the trace's start and cannot be negative"), option);
      return FALSE;
    }
  return TRUE;
}

int
tl_cli_render (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autoptr(TlPainter) painter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *style_text = NULL;
  int width = 1600, height = 0;
  gint64 start, end, from = 0, to = -1;
  TlExportFormat format;
  TlStyle style = TL_STYLE_LIGHT;
  TlViewport viewport;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The picture to write: .png, .svg or .pdf"), N_("OUT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("Start of the range, from the trace's start (default 0)"), N_("T") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text,
      N_("End of the range, from the trace's start (default: its end)"), N_("T") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (default 1600)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height,
      N_("Height in pixels (default: as tall as every row needs)"), N_("H") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_text,
      N_("light (default), dark, high-contrast or presentation"), N_("STYLE") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (N_("FILE -o OUT"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                N_("Draws a trace (.tltrace, .json, .json.gz) as PNG, SVG or PDF.\n"
                                   "Times are seconds, or take a unit: 20ms, 300us, 1.5s."));
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tl_cli_fail ("render: %s", error->message);
      return 2;
    }
  if (argc != 2)
    {
      tl_cli_fail ("%s", _("render: expected one FILE (see 'threadline-cli render --help')"));
      return 2;
    }
  if (output == NULL)
    {
      tl_cli_fail ("%s", _("render: -o OUT is required"));
      return 2;
    }
  if (!tl_export_format_for_path (output, &format))
    {
      tl_cli_fail (_("render: cannot tell the format of “%s” from its name: use .png, .svg or .pdf"),
                   output);
      return 2;
    }
  if (style_text != NULL && !tl_style_from_string (style_text, &style))
    {
      tl_cli_fail (_("render: unknown style “%s”: use light, dark, high-contrast or presentation"),
                   style_text);
      return 2;
    }
  if (width < 200 || width > MAX_SIDE || height < 0 || height > MAX_SIDE)
    {
      tl_cli_fail (_("render: the width must be 200 to %d pixels, the height 0 to %d"),
                   MAX_SIDE, MAX_SIDE);
      return 2;
    }
  if ((from_text != NULL && !parse_offset ("--from", from_text, &from, &error)) ||
      (to_text != NULL && !parse_offset ("--to", to_text, &to, &error)))
    {
      tl_cli_fail ("render: %s", error->message);
      return 2;
    }

  model = tl_trace_file_load (argv[1], NULL, NULL, NULL, &error);
  if (model == NULL)
    return tl_cli_fail ("%s: %s", argv[1], error->message);
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    {
      const TlModelWarning *w = tl_trace_model_get_warning (model, i);

      if (w->error->domain == TL_FORMAT_ERROR)
        /* TRANSLATORS: "threadline-cli: FILE: <what is wrong>; drawing..." */
        g_printerr (_("threadline-cli: %s: %s; drawing what could be read\n"), argv[1],
                    w->error->message);
    }

  painter = tl_painter_new (model);
  tl_painter_set_style (painter, style);
  tl_painter_get_time_range (painter, &start, &end);
  if (to < 0)
    to = tl_ts_diff (end, start);
  if (to <= from)
    {
      g_autofree char *length = tl_format_duration (tl_ts_diff (end, start));

      tl_cli_fail (_("render: the range is empty: --from must come before --to "
                     "(the trace lasts %s)"), length);
      return 2;
    }

  tl_viewport_init (&viewport, tl_ts_sum (start, from), tl_ts_sum (start, to), width, height);
  viewport.origin = start;
  if (height == 0 && tl_painter_get_natural_height (painter, width) > MAX_SIDE)
    {
      tl_cli_fail (_("render: all %u rows need %d pixels, more than a picture can hold: "
                     "give --height"), tl_layout_get_n_rows (tl_painter_get_layout (painter)),
                   tl_painter_get_natural_height (painter, width));
      return 1;
    }
  if (!tl_painter_export (painter, &viewport, format, output, &error))
    return tl_cli_fail ("%s", error->message);
  return 0;
}
