/* tl-source-pane.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program beside the run.  Every thread of the lesson that records
 * its lines (tl-source-lines.h) gets a short label (its number: "2" for
 * Thread-2 or ForkPoolWorker-2, "M" for a main thread), shown in the
 * gutter beside the line it is on at the moment the view shows (the
 * playhead, or "now" while live); the line of the event the class looks
 * at, stepped to or selected, is highlighted and kept in sight.  Below
 * the code, each label with its worker's name and line.
 */
#define G_LOG_DOMAIN "tl-source-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "tl-describe.h"
#include "tl-scenario-question.h"
#include "tl-source-lines.h"
#include "tl-source-pane.h"

/* A worker list longer than this says how many more there are. */
#define MAX_LISTED_WORKERS 8

typedef struct
{
  guint32  lane;
  char    *label;        /* "2", "M" */
  char    *name;         /* "Thread-2 (add_unlocked)" */
  guint    line;         /* at the moment shown; 0: none (not alive, or in machinery) */
} Worker;

struct _TlSourcePane
{
  GtkWidget                 parent_instance;

  TlSession                *session;
  TlTraceModel             *model;      /* whose workers are listed */
  char                     *python;     /* shown */
  GArray                   *workers;    /* Worker */
  GHashTable               *gutter;     /* line -> markup of the labels on it */
  guint                     marked_line;
  guint32                   marked_lane;
  guint                     scrolled_to;
  GtkSourceGutterRenderer  *marks;

  /* Template children. */
  GtkStack                 *stack;
  GtkLabel                 *title_label;
  GtkLabel                 *where_label;
  GtkSourceView            *view;
  GtkSourceBuffer          *buffer;
  GtkLabel                 *workers_label;
};

G_DEFINE_FINAL_TYPE (TlSourcePane, tl_source_pane, GTK_TYPE_WIDGET)

static void
worker_clear (Worker *worker)
{
  g_free (worker->label);
  g_free (worker->name);
}

/* ---- the event in view -------------------------------------------------- */

static gboolean
is_lesson_thread (TlTraceModel *model,
                  guint32       lane)
{
  return tl_lane_get_kind (tl_trace_model_get_lane (model, lane)) == TL_LANE_THREAD &&
         !tl_trace_model_is_machinery_lane (model, lane);
}

/* The event the playhead stands on, as a step leaves it: an instant at
 * that very time, else a span that begins then. */
static gboolean
event_at (TlTraceModel *model,
          gint64        ts,
          TlItemRef    *item)
{
  for (guint32 l = 0; l < tl_trace_model_get_n_lanes (model); l++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, l);
      guint first, n;

      if (!is_lesson_thread (model, l) || tl_trace_model_get_line_at (model, l, ts) == 0)
        continue;
      tl_lane_get_instant_range (lane, ts, ts, &first, &n);
      if (n > 0)
        {
          *item = (TlItemRef) { l, TL_ITEM_INSTANT, 0, first };
          return TRUE;
        }
      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        {
          guint n_spans;
          const TlSpan *spans = tl_lane_get_spans (lane, t, &n_spans);

          tl_lane_get_span_range (lane, t, ts, ts, &first, &n);
          for (guint i = first; i < first + n; i++)
            if (spans[i].start == ts)
              {
                *item = (TlItemRef) { l, TL_ITEM_SPAN, (guint16) t, i };
                return TRUE;
              }
        }
    }
  return FALSE;
}

/* The event whose line is highlighted: the one selected, else the one the
 * playhead was stepped onto. */
static gboolean
event_in_view (TlSourcePane *self,
               TlItemRef    *item)
{
  const TlItemRef *selection = tl_session_get_selection (self->session);
  gint64 playhead = tl_session_get_playhead (self->session);

  if (selection->lane != TL_INDEX_NONE && selection->type != TL_ITEM_FLOW &&
      is_lesson_thread (self->model, selection->lane))
    {
      *item = *selection;
      return TRUE;
    }
  return playhead != TL_TS_NONE && event_at (self->model, playhead, item);
}

/* The source a recorded trace carries (viztracer's file_info) of the
 * function the selected call runs, and that function's line; NULL when
 * the selection is no call, or its file came without its source. */
static const char *
selected_call_source (TlSourcePane *self,
                      const char  **path,
                      guint        *line,
                      char        **function_name)
{
  const TlItemRef *selection = tl_session_get_selection (self->session);
  TlFunction function;
  const TlSpan *spans;
  guint n, source;

  if (selection->lane == TL_INDEX_NONE || selection->type != TL_ITEM_SPAN)
    return NULL;
  spans = tl_lane_get_spans (tl_trace_model_get_lane (self->model, selection->lane), selection->track, &n);
  if (selection->index >= n ||
      !tl_trace_model_get_span_function (self->model, &spans[selection->index], &function) ||
      function.file == TL_INDEX_NONE ||
      (source = tl_trace_model_lookup_source (self->model, function.file)) == TL_INDEX_NONE)
    return NULL;
  *path = tl_trace_model_get_string (self->model, function.file);
  *line = function.line;
  *function_name = g_strdup (tl_trace_model_get_string (self->model, function.name));
  return tl_trace_model_get_source_text (self->model, source, NULL);
}

/* ---- the workers ---------------------------------------------------------- */

/* "2" for Thread-2 or ForkPoolWorker-2, "M" for a main thread. */
static char *
short_label (const char *name)
{
  const char *digits = name;

  while (*digits != '\0' && !g_ascii_isdigit (*digits))
    digits++;
  if (*digits == '\0')
    return g_strndup (name, 1);
  return g_strndup (digits, strspn (digits, "0123456789"));
}

/* The lesson's threads that record lines, in the timeline's order, each
 * with a label of its own. */
static void
list_workers (TlSourcePane *self)
{
  guint n_processes;
  const guint32 *processes = tl_trace_model_get_process_order (self->model, &n_processes);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean unique = TRUE;

  g_array_set_size (self->workers, 0);
  for (guint p = 0; p < n_processes; p++)
    {
      guint n_lanes;
      const guint32 *lanes = tl_trace_model_get_lane_order (self->model, processes[p], &n_lanes);

      for (guint i = 0; i < n_lanes; i++)
        {
          Worker worker = { lanes[i], NULL, NULL, 0 };
          guint n_marks = 0;

          if (is_lesson_thread (self->model, lanes[i]))
            tl_trace_model_get_line_marks (self->model, lanes[i], &n_marks);
          if (n_marks == 0)
            continue;
          worker.name = tl_describe_lane (self->model, lanes[i]);
          worker.label = short_label (worker.name);
          unique &= g_hash_table_add (labels, worker.label);
          g_array_append_val (self->workers, worker);
        }
    }
  /* Numbers that repeat (two processes' threads) say nothing: count. */
  for (guint i = 0; !unique && i < self->workers->len; i++)
    {
      Worker *worker = &g_array_index (self->workers, Worker, i);

      g_free (worker->label);
      worker->label = g_strdup_printf ("%u", i + 1);
    }
}

/* Whether @lane's thread is there at @ts: begun, and not yet ended. */
static gboolean
is_alive (TlSourcePane *self,
          guint32       lane,
          gint64        ts)
{
  TlLane *l = tl_trace_model_get_lane (self->model, lane);
  gint64 start = tl_trace_model_get_lane_start (self->model, lane);

  if (start == TL_TS_NONE || ts < start)
    return FALSE;
  return ts <= tl_lane_get_last_ts (l) ||
         (tl_session_get_state (self->session) == TL_SESSION_LIVE && tl_lane_get_n_open (l) > 0);
}

/* ---- showing ------------------------------------------------------------- */

static void
show_program (TlSourcePane *self,
              const char   *python,
              const char   *name)
{
  GtkTextIter start;

  if (g_strcmp0 (python, self->python) == 0)
    return;
  g_free (self->python);
  self->python = g_strdup (python);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), python != NULL ? python : "", -1);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_label_set_label (self->title_label, name != NULL ? name : "");
  gtk_stack_set_visible_child_name (self->stack, python != NULL ? "program" : "none");
  self->scrolled_to = 0;
}

static void
tag_line (TlSourcePane *self,
          const char   *tag,
          guint         line)
{
  GtkTextIter start, end;

  if (line == 0 || line > (guint) gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (self->buffer)))
    return;
  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->buffer), &start, (int) line - 1);
  end = start;
  gtk_text_iter_forward_line (&end);
  gtk_text_buffer_apply_tag_by_name (GTK_TEXT_BUFFER (self->buffer), tag, &start, &end);
}

/* No line of the shown code marked. */
static void
untag_lines (TlSourcePane *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_remove_tag_by_name (GTK_TEXT_BUFFER (self->buffer), "worker-line", &start, &end);
  gtk_text_buffer_remove_tag_by_name (GTK_TEXT_BUFFER (self->buffer), "marked-line", &start, &end);
}

/* Puts the line of the "scroll-to" mark a little above the middle. */
static void
scroll_to_mark (TlSourcePane *self)
{
  GtkTextMark *mark = gtk_text_buffer_get_mark (GTK_TEXT_BUFFER (self->buffer), "scroll-to");

  if (mark != NULL && self->scrolled_to > 0)
    gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), mark, 0, TRUE, 0, 0.4);
}

/* Keeps @line in sight, moving only when it is another line (through a
 * mark: the view scrolls once its lines are measured, and again when its
 * height changes, as the list of workers below it grows). */
static void
scroll_to (TlSourcePane *self,
           guint         line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "scroll-to");
  GtkTextIter iter;

  if (line == 0 || line == self->scrolled_to)
    return;
  self->scrolled_to = line;
  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  if (mark == NULL)
    gtk_text_buffer_create_mark (buffer, "scroll-to", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &iter);
  scroll_to_mark (self);
}

static void
fill_gutter (TlSourcePane *self)
{
  g_autoptr(GString) widest = g_string_new ("M");
  g_autoptr(PangoLayout) layout = NULL;
  int width = 0, height = 0;

  if (self->marks == NULL)
    return;
  g_hash_table_remove_all (self->gutter);
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = &g_array_index (self->workers, Worker, i);
      g_autofree char *escaped = g_markup_escape_text (worker->label, -1);
      const char *before;
      char *markup;

      if (worker->line == 0)
        continue;
      before = g_hash_table_lookup (self->gutter, GUINT_TO_POINTER (worker->line));
      if (worker->lane == self->marked_lane)
        markup = g_strdup_printf ("%s%s<b><u>%s</u></b>", before ? before : "", before ? " " : "", escaped);
      else
        markup = g_strdup_printf ("%s%s%s", before ? before : "", before ? " " : "", escaped);
      g_hash_table_insert (self->gutter, GUINT_TO_POINTER (worker->line), markup);
      if (strlen (markup) > widest->len)
        g_string_assign (widest, markup);
    }
  /* In the renderer's font as it is now (a projector's is larger). */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->marks), NULL);
  pango_layout_set_markup (layout, widest->str, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_widget_set_size_request (GTK_WIDGET (self->marks),
                               width + 2 * gtk_source_gutter_renderer_get_xpad (self->marks), -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->marks));
}

static void
marks_query_data_cb (GtkSourceGutterRenderer *renderer,
                     GObject                 *lines,
                     guint                    line,
                     TlSourcePane            *self)
{
  const char *markup = g_hash_table_lookup (self->gutter, GUINT_TO_POINTER (line + 1));

  gtk_source_gutter_renderer_text_set_markup (GTK_SOURCE_GUTTER_RENDERER_TEXT (renderer),
                                              markup != NULL ? markup : "", -1);
}

/* "Thread-2 (add_unlocked), line 26: value = counter.value" */
static void
describe_marked (TlSourcePane *self,
                 gint64        ts)
{
  g_autofree char *when = ts != TL_TS_NONE ? tl_format_time (self->model, ts) : NULL;
  g_autofree char *who = NULL;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  if (self->marked_line == 0)
    {
      /* TRANSLATORS: %s is a time ("1.25 s"): where each worker is then */
      text = when != NULL ? g_strdup_printf (_("Where each worker is at %s"), when)
                          : g_strdup (_("Where each worker is now"));
    }
  else
    {
      who = tl_describe_lane (self->model, self->marked_lane);
      code = g_strstrip (tl_source_pane_dup_line (self, self->marked_line));
      /* TRANSLATORS: a worker, a line number and the code on that line */
      text = g_strdup_printf (_("%s, line %u: %s"), who, self->marked_line, code);
    }
  gtk_label_set_label (self->where_label, text);
}

static void
list_lines (TlSourcePane *self)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  guint listed = 0;

  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = &g_array_index (self->workers, Worker, i);
      g_autofree char *label = g_markup_escape_text (worker->label, -1);
      g_autofree char *name = g_markup_escape_text (worker->name, -1);

      if (worker->line == 0)
        continue;
      if (++listed > MAX_LISTED_WORKERS)
        continue;
      g_string_append_printf (markup, "%s<b>%s</b>  %s: %u", markup->len > 0 ? "\n" : "", label, name,
                              worker->line);
    }
  if (listed > MAX_LISTED_WORKERS)
    {
      guint more = listed - MAX_LISTED_WORKERS;

      g_string_append_c (markup, '\n');
      /* TRANSLATORS: more workers than the list shows */
      g_string_append_printf (markup, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more),
                              more);
    }
  gtk_label_set_markup (self->workers_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->workers_label), listed > 0);
}

/* A recorded trace: the source of the selected call's function, its
 * first line marked. */
static void
show_call_source (TlSourcePane *self)
{
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  const char *path = NULL;
  const char *source = NULL;
  guint line = 0;

  g_array_set_size (self->workers, 0);
  if (self->model != NULL)
    source = selected_call_source (self, &path, &line, &name);
  if (source != NULL)
    base = g_path_get_basename (path);
  show_program (self, source, base);
  self->marked_line = line;
  self->marked_lane = TL_INDEX_NONE;
  if (source == NULL)
    return;
  untag_lines (self);
  tag_line (self, "marked-line", line);
  fill_gutter (self);
  gtk_label_set_label (self->workers_label, path);
  if (line == 0)
    {
      gtk_label_set_label (self->where_label, path);
      return;
    }
  code = g_strstrip (tl_source_pane_dup_line (self, line));
  /* TRANSLATORS: a worker, a line number and the code on that line */
  text = g_strdup_printf (_("%s, line %u: %s"), name, line, code);
  gtk_label_set_label (self->where_label, text);
  scroll_to (self, line);
}

static void
update (TlSourcePane *self)
{
  TlTraceModel *model = self->session != NULL ? tl_session_get_model (self->session) : NULL;
  const char *python = model != NULL ? tl_trace_model_get_metadata (model, TL_SCENARIO_METADATA_PYTHON) : NULL;
  gint64 playhead, ts;
  TlItemRef item;

  if (model != self->model)
    {
      g_set_object (&self->model, model);
      g_array_set_size (self->workers, 0);
    }
  if (python == NULL)
    {
      show_call_source (self);
      return;
    }
  show_program (self, python, tl_trace_model_get_metadata (model, TL_SCENARIO_METADATA_PYTHON_NAME));

  playhead = tl_session_get_playhead (self->session);
  ts = playhead != TL_TS_NONE ? playhead : tl_session_get_now (self->session);
  list_workers (self);
  for (guint i = 0; i < self->workers->len; i++)
    {
      Worker *worker = &g_array_index (self->workers, Worker, i);

      worker->line = ts != TL_TS_NONE && is_alive (self, worker->lane, ts)
                     ? tl_trace_model_get_line_at (model, worker->lane, ts) : 0;
    }

  self->marked_line = 0;
  self->marked_lane = TL_INDEX_NONE;
  if (event_in_view (self, &item))
    {
      self->marked_line = tl_trace_model_get_item_line (model, &item);
      self->marked_lane = self->marked_line > 0 ? item.lane : TL_INDEX_NONE;
    }

  untag_lines (self);
  for (guint i = 0; i < self->workers->len; i++)
    tag_line (self, "worker-line", g_array_index (self->workers, Worker, i).line);
  tag_line (self, "marked-line", self->marked_line);
  fill_gutter (self);
  describe_marked (self, playhead);
  list_lines (self);
  if (self->marked_line > 0)
    scroll_to (self, self->marked_line);
  else if (self->workers->len > 0)
    scroll_to (self, g_array_index (self->workers, Worker, 0).line);
}

/* ---- style --------------------------------------------------------------- */

static void
dark_changed_cb (TlSourcePane    *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer, gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
add_tags (TlSourcePane *self)
{
  /* Adwaita's blue: readable under either scheme, the marked line more so. */
  GdkRGBA worker = { 0.21, 0.52, 0.89, 0.16 };
  GdkRGBA marked = { 0.21, 0.52, 0.89, 0.42 };

  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "worker-line",
                              "paragraph-background-rgba", &worker, NULL);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "marked-line",
                              "paragraph-background-rgba", &marked, "weight", PANGO_WEIGHT_BOLD, NULL);
}

/* ---- GtkWidget ------------------------------------------------------------- */

/* The gutter's width follows the type size (presentation mode), known
 * for sure only once the pane is on screen. */
static void
tl_source_pane_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (tl_source_pane_parent_class)->css_changed (widget, change);
  fill_gutter (TL_SOURCE_PANE (widget));
}

static void
tl_source_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tl_source_pane_parent_class)->map (widget);
  fill_gutter (TL_SOURCE_PANE (widget));
}

/* ---- GObject --------------------------------------------------------------- */

static void
tl_source_pane_dispose (GObject *object)
{
  TlSourcePane *self = (TlSourcePane *) object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_SOURCE_PANE);

  G_OBJECT_CLASS (tl_source_pane_parent_class)->dispose (object);
}

static void
tl_source_pane_finalize (GObject *object)
{
  TlSourcePane *self = (TlSourcePane *) object;

  g_free (self->python);
  g_array_unref (self->workers);
  g_hash_table_unref (self->gutter);

  G_OBJECT_CLASS (tl_source_pane_parent_class)->finalize (object);
}

static void
tl_source_pane_class_init (TlSourcePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_source_pane_dispose;
  object_class->finalize = tl_source_pane_finalize;
  widget_class->css_changed = tl_source_pane_css_changed;
  widget_class->map = tl_source_pane_map;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-source-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TlSourcePane, stack);
  gtk_widget_class_bind_template_child (widget_class, TlSourcePane, title_label);
  gtk_widget_class_bind_template_child (widget_class, TlSourcePane, where_label);
  gtk_widget_class_bind_template_child (widget_class, TlSourcePane, view);
  gtk_widget_class_bind_template_child (widget_class, TlSourcePane, buffer);
  gtk_widget_class_bind_template_child (widget_class, TlSourcePane, workers_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sourcepane");
}

static void
tl_source_pane_init (TlSourcePane *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceGutter *gutter;

  self->workers = g_array_new (FALSE, TRUE, sizeof (Worker));
  g_array_set_clear_func (self->workers, (GDestroyNotify) worker_clear);
  self->gutter = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->marked_lane = TL_INDEX_NONE;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_source_buffer_set_language (self->buffer, gtk_source_language_manager_get_language (languages, "python3"));
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  add_tags (self);

  /* The workers' labels, beside the line numbers. */
  self->marks = gtk_source_gutter_renderer_text_new ();
  gtk_source_gutter_renderer_set_xpad (self->marks, 4);
  gtk_source_gutter_renderer_set_xalign (self->marks, 1.0);
  g_signal_connect_object (self->marks, "query-data", G_CALLBACK (marks_query_data_cb), self, 0);
  gutter = gtk_source_view_get_gutter (self->view, GTK_TEXT_WINDOW_LEFT);
  gtk_source_gutter_insert (gutter, self->marks, -10);

  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)), "notify::page-size",
                           G_CALLBACK (scroll_to_mark), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  dark_changed_cb (self, NULL, style);
}

void
tl_source_pane_set_session (TlSourcePane *self,
                            TlSession    *session)
{
  g_return_if_fail (TL_IS_SOURCE_PANE (self));
  g_return_if_fail (session == NULL || TL_IS_SESSION (session));

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (!g_set_object (&self->session, session) || session == NULL)
    return;
  g_signal_connect_object (session, "model-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "selection-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::playhead", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

gboolean
tl_source_pane_has_program (TlSourcePane *self)
{
  g_return_val_if_fail (TL_IS_SOURCE_PANE (self), FALSE);
  return self->python != NULL;
}

guint
tl_source_pane_get_marked_line (TlSourcePane *self)
{
  g_return_val_if_fail (TL_IS_SOURCE_PANE (self), 0);
  return self->marked_line;
}

guint
tl_source_pane_get_worker_line (TlSourcePane *self,
                                guint32       lane)
{
  g_return_val_if_fail (TL_IS_SOURCE_PANE (self), 0);

  for (guint i = 0; i < self->workers->len; i++)
    if (g_array_index (self->workers, Worker, i).lane == lane)
      return g_array_index (self->workers, Worker, i).line;
  return 0;
}

char *
tl_source_pane_dup_line (TlSourcePane *self,
                         guint         line)
{
  GtkTextIter start, end;

  g_return_val_if_fail (TL_IS_SOURCE_PANE (self), NULL);

  if (line == 0 || line > (guint) gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (self->buffer)))
    return g_strdup ("");
  gtk_text_buffer_get_iter_at_line (GTK_TEXT_BUFFER (self->buffer), &start, (int) line - 1);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}
