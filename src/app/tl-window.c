/* tl-window.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the gallery, the timeline, its transport controls and
 * the side panels, all looking at one TlSession.  Scenario runs live here;
 * files (open, save, export) are in tl-window-files.c.
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tl-describe.h"
#include "tl-narrator.h"
#include "tl-window-private.h"

#define MAX_STORY_CAPTIONS  40
/* Looked back at for the caption line, machinery's left out. */
#define RECENT_FOR_CAPTION  4
#define SCREENSHOT_DELAY_MS 600
#define REPLAY_ZOOM_MIN_NS  G_GINT64_CONSTANT (4000000)

static const double speeds[] = { 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0 };

G_DEFINE_FINAL_TYPE (TlWindow, tl_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PRESENTATION,
  PROP_GHOST_FUTURE,
  PROP_LIBRARY_DIMMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GSettings *
window_settings (TlWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return TL_IS_APPLICATION (app) ? tl_application_get_settings (TL_APPLICATION (app)) : NULL;
}

/* ---- messages ------------------------------------------------------------ */

static void
toast_details_cb (AdwToast *toast,
                  TlWindow *self)
{
  const char *heading = g_object_get_data (G_OBJECT (toast), "heading");
  const char *body = g_object_get_data (G_OBJECT (toast), "body");
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A toast for what went wrong, with the details a click away; the window
 * keeps working. */
static void
show_message (TlWindow   *self,
              const char *title,
              const char *details)
{
  AdwToast *toast = adw_toast_new (title);

  g_free (self->last_message);
  self->last_message = g_strdup (title);
  adw_toast_set_timeout (toast, 8);
  if (details != NULL)
    {
      g_object_set_data_full (G_OBJECT (toast), "heading", g_strdup (title), g_free);
      g_object_set_data_full (G_OBJECT (toast), "body", g_strdup (details), g_free);
      adw_toast_set_button_label (toast, _("_Details"));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_details_cb), self, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_tl_window_show_error (TlWindow     *self,
                       const char   *title,
                       const GError *error)
{
  g_debug ("%s: %s", title, error ? error->message : "");
  show_message (self, title, error ? error->message : NULL);
}

void
_tl_window_show_warnings (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *title = NULL;
  guint n;

  if (model == NULL || (n = tl_trace_model_get_n_warnings (model)) == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      const TlModelWarning *warning = tl_trace_model_get_warning (model, i);

      if (warning->count > 1)
        g_string_append_printf (details, "• %s (%" G_GUINT64_FORMAT "×)\n",
                                warning->error->message, warning->count);
      else
        g_string_append_printf (details, "• %s\n", warning->error->message);
    }
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The trace has %u oddity",
                                        "The trace has %u kinds of oddity", n), n);
  show_message (self, title, details->str);
}

/* ---- state ----------------------------------------------------------------- */

void
_tl_window_set_busy (TlWindow   *self,
                     const char *title,
                     gboolean    busy)
{
  gtk_widget_set_visible (self->progress_box, busy);
  if (busy)
    {
      adw_status_page_set_title (self->status_page, title);
      adw_status_page_set_description (self->status_page, NULL);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_widget_set_visible (GTK_WIDGET (self->status_page), TRUE);
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("Nothing to Show Yet"));
      adw_status_page_set_description (self->status_page,
                                       _("Run a scenario from the gallery, or open a trace."));
    }
  _tl_window_update_state (self);
}

/* How far the step the playhead is on lies from the lesson's steps
 * around it, in a tenth: the time shown tells them apart at a glance. */
static gint64
step_resolution (TlWindow *self)
{
  const TlStep *step = tl_session_get_step (self->session);
  TlLessonSteps *steps = tl_session_get_lesson_steps (self->session);
  gint64 resolution = G_GINT64_CONSTANT (1000000);

  for (int direction = -1; direction <= 1 && step != NULL && steps != NULL; direction += 2)
    {
      guint other = tl_lesson_steps_find (steps, step->ts, direction);

      if (other != G_MAXUINT)
        resolution = MIN (resolution, ABS (tl_lesson_steps_get_step (steps, other)->ts - step->ts));
    }
  return MAX (resolution / 10, 1);
}

static void
update_time_label (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  gint64 start, end, playhead = tl_session_get_playhead (self->session);
  g_autofree char *text = NULL;
  g_autofree char *length = NULL;

  if (model == NULL || !tl_trace_model_get_time_range (model, &start, &end))
    {
      gtk_label_set_label (self->time_label, "");
      return;
    }
  end = tl_session_get_now (self->session);
  length = tl_format_duration (end - start);
  if (playhead != TL_TS_NONE)
    {
      g_autofree char *at = NULL;

      /* On a step, the digits that tell it from the steps around it. */
      if (tl_session_get_step (self->session) != NULL)
        at = tl_format_moment (playhead - start, step_resolution (self));
      else
        at = tl_format_time (model, playhead);
      /* TRANSLATORS: the playhead's time, of the trace's length */
      text = g_strdup_printf (_("%s of %s"), at, length);
    }
  gtk_label_set_label (self->time_label, text != NULL ? text : length);
}

static void
update_lost_label (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  guint64 dropped = 0, torn = 0, corrupt = 0, lost;
  g_autofree char *text = NULL;

  if (model != NULL)
    tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  if (_tl_window_is_running (self))
    lost = tl_recorder_get_n_lost (self->recorder);
  else
    lost = dropped + torn + corrupt;
  gtk_widget_set_visible (GTK_WIDGET (self->lost_label), lost > 0);
  if (lost > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, lost);

      /* TRANSLATORS: %s is a number of events */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s event lost", "%s events lost", lost),
                              count);
      gtk_label_set_label (self->lost_label, text);
    }
}

gboolean
_tl_window_is_running (TlWindow *self)
{
  return self->recorder != NULL && tl_recorder_get_state (self->recorder) == TL_RECORDER_RUNNING;
}

static void
update_subtitle (TlWindow *self)
{
  TlRecorderState state = self->recorder != NULL ? tl_recorder_get_state (self->recorder) : TL_RECORDER_IDLE;
  g_autofree char *subtitle = NULL;
  g_autofree char *elapsed = NULL;

  if (self->recorder != NULL)
    elapsed = tl_format_duration ((gint64) (tl_recorder_get_elapsed (self->recorder) * 1e9));
  /* A presenter's header is one line: the title. */
  if (self->presentation)
    subtitle = NULL;
  else if (state == TL_RECORDER_RUNNING)
    subtitle = g_strdup_printf (_("Running… %s"), elapsed);
  else if (state == TL_RECORDER_FINISHED)
    subtitle = g_strdup_printf (_("Finished in %s"), elapsed);
  else if (self->deadlocked)
    subtitle = g_strdup_printf (_("Ended in a deadlock after %s"), elapsed);
  else if (state == TL_RECORDER_CANCELLED)
    subtitle = g_strdup (_("Stopped"));
  else if (state == TL_RECORDER_FAILED)
    subtitle = g_strdup (_("Failed"));
  else if (tl_session_get_file (self->session) != NULL)
    subtitle = g_file_get_parse_name (tl_session_get_file (self->session));
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
}

void
_tl_window_update_state (TlWindow *self)
{
  gboolean has_model = tl_session_get_model (self->session) != NULL;
  const char *play_icon;

  _tl_window_update_actions (self);
  tl_gallery_set_running (self->gallery, _tl_window_is_running (self));

  play_icon = tl_session_get_playing (self->session) ? "media-playback-pause-symbolic"
                                                     : "media-playback-start-symbolic";
  gtk_button_set_icon_name (GTK_BUTTON (self->play_button), play_icon);
  gtk_button_set_icon_name (GTK_BUTTON (self->header_play_button), play_icon);
  adw_window_title_set_title (self->window_title,
                              tl_session_get_title (self->session) ? tl_session_get_title (self->session)
                                                                   : "Threadline");
  update_subtitle (self);

  if (!gtk_widget_get_visible (self->progress_box))
    gtk_widget_set_visible (GTK_WIDGET (self->status_page), !has_model);
  update_time_label (self);
  update_lost_label (self);
}

/* ---- captions -------------------------------------------------------------- */

/* The moment the story is told at: the playhead when replaying, else the
 * latest event. */
static gint64
story_time (TlWindow *self)
{
  gint64 playhead = tl_session_get_playhead (self->session);

  return playhead != TL_TS_NONE ? playhead : tl_session_get_now (self->session);
}

/* Whether a caption is about the scenario, not Threadline's own machinery
 * (its runner, whose supervisor sees the main process exit). */
static gboolean
is_lesson (TlTraceModel    *model,
           const TlCaption *caption)
{
  return caption->lane == TL_INDEX_NONE || !tl_trace_model_is_machinery_lane (model, caption->lane);
}

/* @captions without the machinery's. */
static GPtrArray *
only_lesson (TlTraceModel *model,
             GPtrArray    *captions)
{
  for (guint i = captions->len; i-- > 0;)
    if (!is_lesson (model, g_ptr_array_index (captions, i)))
      g_ptr_array_remove_index (captions, i);
  return captions;
}

static int
caption_weight (const TlCaption *caption)
{
  switch (caption->kind)
    {
    case TL_CAPTION_DEADLOCK:
      return 5;
    case TL_CAPTION_ERROR:
      return 4;
    case TL_CAPTION_STATE:
      return 3;
    case TL_CAPTION_RESULT:
      return 2;
    case TL_CAPTION_EVENT:
    case TL_CAPTION_OUTPUT:
    default:
      return 1;
    }
}

/* One line under the timeline: what is happening now.  The most telling
 * thing going on (a deadlock, a wait), else the last thing that happened;
 * at the end of a run whose end is its lesson, that end. */
static void
update_caption (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autofree char *stepped = NULL;
  const TlCaption *best = NULL;
  gint64 ts = story_time (self);
  const char *text = NULL;

  if (model != NULL && ts != TL_TS_NONE)
    {
      now = only_lesson (model, tl_narrator_describe_at (model, ts));
      for (guint i = 0; i < now->len; i++)
        {
          const TlCaption *caption = g_ptr_array_index (now, i);

          if (best == NULL || caption_weight (caption) > caption_weight (best))
            best = caption;
        }
      if (best == NULL)
        {
          last = only_lesson (model, tl_narrator_recent (model, ts, RECENT_FOR_CAPTION));
          best = last->len > 0 ? g_ptr_array_index (last, last->len - 1) : NULL;
        }
      text = best != NULL ? best->text : NULL;
    }
  if (self->ending != NULL && tl_session_get_playhead (self->session) == TL_TS_NONE)
    text = self->ending;
  /* A step says exactly the event it landed on. */
  if (tl_session_get_step (self->session) != NULL)
    text = stepped = tl_describe_step (model, tl_session_get_step (self->session));
  /* The line keeps its height, said or not (tl-window.ui). */
  gtk_label_set_label (self->caption_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->caption_label), text);
}

/* What the story list shows, to leave it alone when nothing changed (the
 * playhead moves on every frame of a replay). */
static guint
story_hash (GPtrArray *captions)
{
  guint hash = captions != NULL ? captions->len : 0;

  for (guint i = 0; captions != NULL && i < captions->len; i++)
    {
      const TlCaption *caption = g_ptr_array_index (captions, i);

      hash = hash * 31 + g_str_hash (caption->text) + (guint) caption->ts;
    }
  return hash;
}

/* Stepping, the story is the steps: the lesson's up to the one the
 * playhead is on, which is the last, marked. */
static GPtrArray *
story_of_steps (TlWindow     *self,
                TlTraceModel *model,
                const TlStep *step)
{
  TlLessonSteps *steps = tl_session_get_lesson_steps (self->session);
  GPtrArray *story = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_caption_free);
  guint index = tl_lesson_steps_lookup (steps, step);
  guint end = index != G_MAXUINT ? index : tl_lesson_steps_find (steps, step->ts, -1) + 1;
  TlCaption caption = { 0 };

  for (guint i = end > MAX_STORY_CAPTIONS - 1 ? end - (MAX_STORY_CAPTIONS - 1) : 0; i < end; i++)
    {
      const TlStep *before = tl_lesson_steps_get_step (steps, i);

      caption = (TlCaption) { before->ts, TL_CAPTION_EVENT, before->item.lane,
                              tl_describe_step (model, before) };
      g_ptr_array_add (story, tl_caption_copy (&caption));
      g_free (caption.text);
    }
  caption = (TlCaption) { step->ts, TL_CAPTION_EVENT, step->item.lane, tl_describe_step (model, step) };
  g_ptr_array_add (story, tl_caption_copy (&caption));
  g_free (caption.text);
  return story;
}

/* The story so far, in the side panel. */
static void
update_story (TlWindow *self)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  const TlStep *step = tl_session_get_step (self->session);
  g_autoptr(GPtrArray) recent = NULL;
  gint64 ts = story_time (self);
  guint hash;

  if (model != NULL && step != NULL)
    recent = story_of_steps (self, model, step);
  else if (model != NULL && ts != TL_TS_NONE)
    recent = only_lesson (model, tl_narrator_recent (model, ts, MAX_STORY_CAPTIONS));
  hash = story_hash (recent);
  if (self->story_shown && hash == self->story_hash)
    return;
  self->story_shown = TRUE;
  self->story_hash = hash;
  tl_narration_panel_clear_captions (self->narration_panel);
  /* In time order, as the timeline reads; the last is now. */
  for (guint i = 0; recent != NULL && i < recent->len; i++)
    {
      const TlCaption *caption = g_ptr_array_index (recent, i);
      g_autofree char *when = tl_format_time (model, caption->ts);

      tl_narration_panel_add_caption (self->narration_panel, when, caption->text);
    }
  tl_narration_panel_mark_last (self->narration_panel);
}

/* The caption and the story follow the model and the playhead: called
 * when either moved (at most once per frame). */
static void
update_story_and_caption (TlWindow *self)
{
  update_caption (self);
  update_story (self);
}

static void
forget_story (TlWindow *self)
{
  self->story_shown = FALSE;
  tl_narration_panel_clear_captions (self->narration_panel);
}

/* ---- screenshots ----------------------------------------------------------- */

gboolean
tl_window_save_screenshot (TlWindow    *self,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (node == NULL || renderer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window is not on screen yet (%s, %dx%d)",
                   node == NULL ? "nothing drawn" : "no renderer", width, height);
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write “%s”", path);
      return FALSE;
    }
  return TRUE;
}

/* Right after a frame is painted the window is laid out and drawn: the
 * moment to take the picture (a live window always has layout pending). */
static void
after_paint_cb (GdkFrameClock *clock,
                TlWindow      *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_signal_handler (&self->after_paint_id, clock);
  if (!tl_window_save_screenshot (self, self->screenshot_path, &error))
    g_printerr ("threadline: %s\n", error->message);
  else
    g_print ("threadline: saved %s\n", self->screenshot_path);
  g_clear_pointer (&self->screenshot_path, g_free);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
screenshot_cb (gpointer data)
{
  TlWindow *self = data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  self->screenshot_id = 0;
  if (clock == NULL)
    return G_SOURCE_REMOVE;
  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* When a run or a load has finished (unless the picture is due mid-run). */
static void
maybe_take_screenshot (TlWindow *self)
{
  if (self->screenshot_path != NULL && self->screenshot_id == 0 && self->screenshot_delay < 0)
    self->screenshot_id = g_timeout_add (SCREENSHOT_DELAY_MS, screenshot_cb, self);
}

void
tl_window_set_screenshot_delay (TlWindow *self,
                                double    seconds)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  self->screenshot_delay = seconds;
}

GtkWidget *
tl_window_get_timeline (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->timeline);
}

gboolean
tl_window_get_loading (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);
  return self->load_cancellable != NULL;
}

const char *
tl_window_get_last_message (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);
  return self->last_message;
}

void
tl_window_set_screenshot_path (TlWindow   *self,
                               const char *path)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);
}

/* ---- runs ------------------------------------------------------------------ */

/* A live run is paced by the frame clock: once per frame, the views hear
 * that the model grew (if a batch came since the last frame), and the
 * clock in the header moves on. */
static gboolean
live_tick_cb (GtkWidget     *widget,
              GdkFrameClock *frame_clock,
              gpointer       user_data)
{
  TlWindow *self = TL_WINDOW (widget);

  if (tl_session_get_state (self->session) != TL_SESSION_LIVE)
    {
      self->live_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  tl_session_refresh_model (self->session);
  update_subtitle (self);
  update_time_label (self);
  update_lost_label (self);
  return G_SOURCE_CONTINUE;
}

static void
session_state_cb (TlWindow *self)
{
  if (tl_session_get_state (self->session) == TL_SESSION_LIVE && self->live_tick_id == 0)
    self->live_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), live_tick_cb, NULL, NULL);
  _tl_window_update_state (self);
}

/* For a step, close enough to the playhead to tell its events apart: a
 * fiftieth of the trace, at least a few milliseconds, and early in a run
 * what came before fills two thirds of the view.  For a question, the
 * whole run so far does, as the class needs it to guess.  The future is
 * empty in a replay: it gets the last third. */
static void
zoom_to_playhead (TlWindow *self,
                  gboolean  whole_past)
{
  gint64 start, end, width, playhead = tl_session_get_playhead (self->session);

  if (playhead == TL_TS_NONE || !tl_trace_model_get_time_range (tl_session_get_model (self->session), &start, &end))
    return;
  width = (playhead - start) * 3 / 2;
  if (!whole_past)
    width = MIN ((end - start) / 50, width);
  width = MAX (width, REPLAY_ZOOM_MIN_NS);
  tl_session_set_follow (self->session, FALSE);
  tl_session_set_visible (self->session, playhead - width * 2 / 3, playhead + width / 3);
}

/* --replay-to, once a whole trace is there. */
static void
maybe_replay_to (TlWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->replay_to == NULL || self->previewing || tl_session_get_model (self->session) == NULL ||
      tl_session_get_state (self->session) != TL_SESSION_STOPPED)
    return;
  if (!tl_question_deck_replay_to (self->questions, self->replay_to, &error))
    _tl_window_show_error (self, _("Could not replay to that moment"), error);
  else
    zoom_to_playhead (self, tl_question_deck_get_state (self->questions) != TL_QUESTION_NONE);
  g_clear_pointer (&self->replay_to, g_free);
}

static void
model_changed_cb (TlWindow *self)
{
  _tl_window_update_state (self);
  update_story_and_caption (self);
  /* A run's end replays once its view is set (recorder_finished_cb). */
  if (self->recorder == NULL)
    maybe_replay_to (self);
}

static void
recorder_finished_cb (TlRecorder   *recorder,
                      const GError *error,
                      TlWindow     *self)
{
  if (recorder != self->recorder)
    return;
  tl_session_set_state (self->session, TL_SESSION_STOPPED);
  tl_session_refresh_model (self->session);
  g_clear_pointer (&self->ending, g_free);
  self->ending = _tl_window_describe_meant_deadlock (tl_recorder_get_scenario (recorder),
                                                     tl_recorder_get_model (recorder), error,
                                                     tl_recorder_get_elapsed (recorder));
  self->deadlocked = self->ending != NULL;
  if (self->ending == NULL)
    self->ending = _tl_window_describe_lost_updates (tl_recorder_get_model (recorder));
  tl_session_zoom_to_fit (self->session);

  if (g_error_matches (error, TL_RECORDER_ERROR, TL_RECORDER_ERROR_UNTRACEABLE))
    {
      /* A program the tracer cannot attach to: it may run untraced. */
      _tl_window_offer_untraced (self, error);
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !self->deadlocked)
    {
      /* A scenario that raises or crashes on purpose still drew something
       * worth looking at: say what happened, keep the trace. */
      _tl_window_show_error (self, _("The run did not end normally"), error);
    }
  _tl_window_update_state (self);
  update_story_and_caption (self);
  maybe_replay_to (self);
  maybe_take_screenshot (self);
}

void
_tl_window_stop_run (TlWindow *self)
{
  if (_tl_window_is_running (self))
    tl_recorder_cancel (self->recorder);
}

void
_tl_window_start_run (TlWindow *self)
{
  TlScenario *scenario = tl_gallery_get_scenario (self->gallery);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlRecorder) recorder = NULL;
  GSettings *settings = window_settings (self);
  GHashTableIter iter;
  gpointer key, value;

  if (scenario == NULL)
    return;
  _tl_window_stop_run (self);

  recorder = tl_recorder_new (scenario);
  values = tl_gallery_dup_values (self->gallery);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!tl_recorder_set_value (recorder, key, value, &error))
      {
        _tl_window_show_error (self, _("A parameter is not right"), error);
        return;
      }
  tl_recorder_set_tempo (recorder, tl_gallery_get_tempo (self->gallery));

  if (!tl_recorder_start (recorder, &error))
    {
      _tl_window_show_error (self, _("Could not start the scenario"), error);
      return;
    }

  _tl_window_forget_program (self);
  _tl_window_watch_run (self, recorder, tl_scenario_get_name (scenario),
                        tl_scenario_get_narration (scenario));
  if (settings != NULL && tl_scenario_is_builtin (scenario))
    g_settings_set_string (settings, "last-scenario", tl_scenario_get_id (scenario));
}

void
_tl_window_watch_run (TlWindow   *self,
                      TlRecorder *recorder,
                      const char *title,
                      const char *story)
{
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_set_object (&self->recorder, recorder);
  g_signal_connect_object (recorder, "finished", G_CALLBACK (recorder_finished_cb), self, 0);

  tl_session_set_title (self->session, title);
  tl_session_set_file (self->session, NULL);
  self->saved = FALSE;
  g_clear_pointer (&self->ending, g_free);
  self->deadlocked = FALSE;
  forget_story (self);
  tl_session_set_model (self->session, tl_recorder_get_model (recorder), TL_SESSION_LIVE);
  tl_narration_panel_set_story (self->narration_panel, title, story);
  if (self->screenshot_path != NULL && self->screenshot_delay >= 0 && self->screenshot_id == 0)
    self->screenshot_id = g_timeout_add ((guint) (self->screenshot_delay * 1000), screenshot_cb, self);
  _tl_window_update_state (self);
}

void
_tl_window_took_model (TlWindow *self)
{
  /* A file replaced the run: the run, if any, is over for this window. */
  _tl_window_stop_run (self);
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_clear_object (&self->recorder);
  g_clear_pointer (&self->ending, g_free);
  self->deadlocked = FALSE;
  /* The story comes back when the new model is in place (::model-changed). */
  forget_story (self);
  _tl_window_update_state (self);
  maybe_take_screenshot (self);
}

void
tl_window_show_scenario (TlWindow   *self,
                         const char *id,
                         gboolean    run)
{
  g_return_if_fail (TL_IS_WINDOW (self));

  if (id == NULL || !tl_gallery_select (self->gallery, id))
    {
      g_autofree char *message = g_strdup_printf (_("There is no scenario “%s”"), id ? id : "");

      show_message (self, message, NULL);
      return;
    }
  tl_narration_panel_set_story (self->narration_panel,
                                tl_scenario_get_name (tl_gallery_get_scenario (self->gallery)),
                                tl_scenario_get_narration (tl_gallery_get_scenario (self->gallery)));
  _tl_window_update_state (self);
  if (run)
    _tl_window_start_run (self);
}

/* ---- controls -------------------------------------------------------------- */

static void
speed_selected_cb (TlWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  if (selected < G_N_ELEMENTS (speeds))
    tl_session_set_speed (self->session, speeds[selected]);
}

static void
session_speed_cb (TlWindow *self)
{
  double speed = tl_session_get_speed (self->session);
  guint best = 0;

  for (guint i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (ABS (speeds[i] - speed) < ABS (speeds[best] - speed))
      best = i;
  if (gtk_drop_down_get_selected (self->speed_dropdown) != best)
    gtk_drop_down_set_selected (self->speed_dropdown, best);
  /* In presentation, where the drop-down is hidden: [ and ] say so. */
  gtk_label_set_label (self->speed_label,
                       gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (self->speed_dropdown)),
                                                   best));
}

static void
follow_toggled_cb (TlWindow *self)
{
  gboolean follow = gtk_toggle_button_get_active (self->follow_button);

  if (follow != tl_session_get_follow (self->session))
    {
      tl_session_set_follow (self->session, follow);
      if (follow)
        tl_session_zoom_to_fit (self->session);
    }
}

/* A window too narrow for the gallery beside the rest folds it away; one
 * that widens again leaves it as the user had it (the flap is locked). */
static void
flap_folded_cb (TlWindow *self)
{
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* Something clicked on the timeline: show what it is (the code shows its
 * line, when the code is what the panel shows). */
static void
selection_changed_cb (TlWindow *self)
{
  if (tl_session_get_selection (self->session)->lane != TL_INDEX_NONE &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->side_stack), "code") != 0)
    adw_view_stack_set_visible_child_name (self->side_stack, "inspector");
  _tl_window_update_actions (self);
}

static void
gallery_scenario_cb (TlWindow *self)
{
  TlScenario *scenario = tl_gallery_get_scenario (self->gallery);

  /* A scenario chosen: a restart runs it, not the last program. */
  _tl_window_forget_program (self);
  if (scenario != NULL && tl_session_get_model (self->session) == NULL)
    tl_narration_panel_set_story (self->narration_panel, tl_scenario_get_name (scenario),
                                  tl_scenario_get_narration (scenario));
  _tl_window_update_state (self);
}

/* ---- GObject --------------------------------------------------------------- */

static gboolean
tl_window_close_request (GtkWindow *window)
{
  TlWindow *self = TL_WINDOW (window);
  GSettings *settings = window_settings (self);

  _tl_window_stop_run (self);
  if (settings != NULL && !gtk_window_is_fullscreen (window))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }
  if (settings != NULL)
    g_settings_set_double (settings, "tempo", tl_gallery_get_tempo (self->gallery));
  return GTK_WINDOW_CLASS (tl_window_parent_class)->close_request (window);
}

static void
tl_window_dispose (GObject *object)
{
  TlWindow *self = (TlWindow *) object;

  _tl_window_stop_run (self);
  if (self->live_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->live_tick_id);
  self->live_tick_id = 0;
  g_clear_handle_id (&self->screenshot_id, g_source_remove);
  g_clear_handle_id (&self->follow_height_id, g_source_remove);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->recorder != NULL)
    g_signal_handlers_disconnect_by_data (self->recorder, self);
  g_clear_object (&self->recorder);
  g_clear_object (&self->questions);
  _tl_window_bookmarks_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->ending, g_free);
  g_clear_pointer (&self->replay_to, g_free);
  _tl_window_forget_program (self);
  g_clear_pointer (&self->program_path, g_free);
  g_clear_pointer (&self->program_arguments, g_free);

  G_OBJECT_CLASS (tl_window_parent_class)->dispose (object);
}

static void
tl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlWindow *self = TL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    case PROP_GHOST_FUTURE:
      g_value_set_boolean (value, self->ghost_future);
      break;
    case PROP_LIBRARY_DIMMED:
      g_value_set_boolean (value, self->library_dimmed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Replay hides what comes after the playhead; a teacher may fade it to
 * a ghost instead (the g key, the menu). */
static void
set_ghost_future (TlWindow *self,
                  gboolean  ghost)
{
  if (self->ghost_future == !!ghost)
    return;
  self->ghost_future = !!ghost;
  tl_timeline_view_set_ghost (self->timeline, self->ghost_future);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GHOST_FUTURE]);
}

/* Set by the win.presentation action (the p key, the menu): the choice is
 * remembered for the next start. */
static void
tl_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TlWindow *self = TL_WINDOW (object);
  GSettings *settings = window_settings (self);

  switch (prop_id)
    {
    case PROP_PRESENTATION:
      tl_window_set_presentation (self, g_value_get_boolean (value));
      if (settings != NULL)
        g_settings_set_boolean (settings, "presentation", self->presentation);
      break;
    case PROP_GHOST_FUTURE:
      set_ghost_future (self, g_value_get_boolean (value));
      break;
    case PROP_LIBRARY_DIMMED:
      _tl_window_set_library_dimmed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  GTK_WIDGET_CLASS (tl_window_parent_class)->size_allocate (widget, width, height, baseline);
  _tl_window_presentation_resized (TL_WINDOW (widget), height);
}

static gboolean
tl_window_focus (GtkWidget        *widget,
                 GtkDirectionType  direction)
{
  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      _tl_window_focus (TL_WINDOW (widget), direction))
    return TRUE;
  return GTK_WIDGET_CLASS (tl_window_parent_class)->focus (widget, direction);
}

static void
tl_window_class_init (TlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tl_window_dispose;
  object_class->get_property = tl_window_get_property;
  object_class->set_property = tl_window_set_property;
  widget_class->focus = tl_window_focus;
  widget_class->size_allocate = tl_window_size_allocate;
  window_class->close_request = tl_window_close_request;

  /* For a projector: see tl-window-presentation.c. */
  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_GHOST_FUTURE] =
    g_param_spec_boolean ("ghost-future", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Library code dimmed on the timeline (tl-window-find.c). */
  properties[PROP_LIBRARY_DIMMED] =
    g_param_spec_boolean ("library-dimmed", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TL_TYPE_GALLERY);
  g_type_ensure (TL_TYPE_TIMELINE_VIEW);
  g_type_ensure (TL_TYPE_NARRATION_PANEL);
  g_type_ensure (TL_TYPE_OUTPUT_PANEL);
  g_type_ensure (TL_TYPE_STATS_PANEL);
  g_type_ensure (TL_TYPE_INSPECTOR);
  g_type_ensure (TL_TYPE_SOURCE_PANE);
  g_type_ensure (TL_TYPE_QUESTION_CARD);
  g_type_ensure (TL_TYPE_SEARCH_BAR);
  g_type_ensure (TL_TYPE_RANGE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/threadline/Threadline/ui/tl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, presenter_box);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, header_play_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, speed_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, transport_box);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, timeline_column);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, preview_progress);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, follow_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, caption_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, lost_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, time_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, narration_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, output_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, stats_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, source_pane);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, question_card);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, range_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, recent_submenu);
  gtk_widget_class_bind_template_callback (widget_class, speed_selected_cb);

  _tl_window_install_actions (widget_class);
  _tl_window_install_file_actions (widget_class);
  _tl_window_install_find_actions (widget_class);
  _tl_window_install_program_actions (widget_class);
}

static void
tl_window_init (TlWindow *self)
{
  self->session = tl_session_new ();
  self->screenshot_delay = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  _tl_window_add_type_sizes (gtk_widget_get_display (GTK_WIDGET (self)));

  tl_timeline_view_set_session (self->timeline, self->session);
  tl_inspector_set_session (self->inspector, self->session);
  tl_output_panel_set_session (self->output_panel, self->session);
  tl_stats_panel_set_session (self->stats_panel, self->session);
  tl_source_pane_set_session (self->source_pane, self->session);
  self->questions = tl_question_deck_new (self->session);
  tl_question_card_set_deck (self->question_card, self->questions);
  g_signal_connect_object (self->questions, "changed", G_CALLBACK (_tl_window_update_actions),
                           self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->session, "follow", self->follow_button, "active",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->follow_button, "toggled", G_CALLBACK (follow_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::speed", G_CALLBACK (session_speed_cb),
                           self, G_CONNECT_SWAPPED);
  session_speed_cb (self);
  g_signal_connect_object (self->session, "notify::playing", G_CALLBACK (_tl_window_update_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::playhead", G_CALLBACK (update_time_label),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::playhead", G_CALLBACK (update_story_and_caption),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::playhead", G_CALLBACK (_tl_window_update_actions),
                           self, G_CONNECT_SWAPPED);
  /* A step says its event, with a time that tells it from the next. */
  g_signal_connect_object (self->session, "stepped", G_CALLBACK (update_story_and_caption),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "stepped", G_CALLBACK (update_time_label),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (session_state_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "model-changed", G_CALLBACK (model_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery, "notify::scenario", G_CALLBACK (gallery_scenario_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "selection-changed", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::folded", G_CALLBACK (flap_folded_cb),
                           self, G_CONNECT_SWAPPED);

  _tl_window_add_keys (self);
  _tl_window_files_init (self);
  _tl_window_bookmarks_init (self);
  _tl_window_find_init (self);
  _tl_window_update_state (self);
}

TlWindow *
tl_window_new (TlApplication *application)
{
  TlWindow *self;
  GSettings *settings;

  self = g_object_new (TL_TYPE_WINDOW, "application", application, NULL);
  settings = window_settings (self);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      tl_gallery_set_tempo (self->gallery, g_settings_get_double (settings, "tempo"));
      tl_window_set_presentation (self, g_settings_get_boolean (settings, "presentation"));
    }
  return self;
}

void
tl_window_set_replay_to (TlWindow   *self,
                         const char *when)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_free (self->replay_to);
  self->replay_to = g_strdup (when);
}

void
tl_window_show_panel (TlWindow   *self,
                      const char *page)
{
  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (page != NULL);

  gtk_toggle_button_set_active (self->panel_button, TRUE);
  adw_view_stack_set_visible_child_name (self->side_stack, page);
}

TlSession *
tl_window_get_session (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);
  return self->session;
}
