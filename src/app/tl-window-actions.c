/* tl-window-actions.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's commands, for its buttons, its menus and its keys alike,
 * and when each is enabled (in one table, for all of them).
 *
 *   session.play               replay, or pause it             Space
 *   session.step (i)           to the next (1) or previous (-1) step    . ,
 *                              of the lesson (tl-lesson-steps.h)
 *   session.step-every (i)     ... of every event              Shift+. Shift+,  (> <)
 *   session.goto-bookmark (i)  to the next or previous bookmark         j  Shift+J
 *   session.speed (d)          multiply the replay speed       ] (2)  [ (0.5)
 *   session.zoom (d)           zoom around the middle          + (1.25)  - (0.8)
 *   session.zoom-to-fit        the whole trace                 f  Ctrl+0
 *   session.zoom-to-selection  the selected item               z
 *   session.zoom-to-phase      the run's next timed phase      n
 *   session.pan (d)            by tenths of the view           Left (-1)  Right (1)
 *   session.scroll-rows (d)    by rows                         Up Down (1)  Page Up/Down (8)
 *   session.follow             follow "now" while live, else fit   End
 *   win.run, win.stop, win.restart     a scenario run          F5  Shift+F5  Ctrl+Shift+R
 *   win.toggle-sidebar         the gallery                     F9
 *   win.toggle-panel           the side panel                  F8
 *   win.presentation           for a projector (a state)       p
 *   win.leave-presentation     back to the desk                Escape
 *   win.ghost-future           replay: the future faded (a state)   g
 *   win.bookmark               mark the moment, with a note    b
 *   win.remove-bookmark        the bookmark at the playhead    Shift+B
 *   win.fullscreen                                             F11
 *   win.show-code              the code beside the run         c
 *   question.answer            show the answer, then go on     Return
 *   question.guess (i)         the class's guess               1 to 9
 *   win.find, win.find-next, win.find-previous, win.dim-library: tl-window-find.c
 *   win.trace-program, win.trace-example: tl-window-trace-program.c
 *
 * The session's keys and p are the window's, in the capture phase: they
 * act wherever the focus is (a header button, a side panel), unless a
 * text field or a spin button has it, where the key types, or a menu or
 * a drop-down's list is open, whose keys are its own; Up, Down and the
 * page keys still move through a list that has the focus.  The
 * F-keys and Ctrl shortcuts are the application's accelerators
 * (tl-application.c).
 */
#define G_LOG_DOMAIN "tl-window"

#include "config.h"

#include "tl-lesson.h"
#include "tl-window-private.h"

#define ZOOM_STEP    1.25
#define PAN_FRACTION 0.1

typedef enum
{
  WHEN_ALWAYS,
  WHEN_MODEL,        /* there is a trace to look at */
  WHEN_REPLAY,       /* ... and it is not growing */
  WHEN_SELECTION,    /* ... and something in it is selected */
  WHEN_CAN_RUN,      /* a scenario is chosen, nothing runs or loads */
  WHEN_CAN_RESTART,  /* a scenario is chosen or a program ran, nothing loads */
  WHEN_NOT_LOADING,
  WHEN_RUNNING,
  WHEN_LOADING,
  WHEN_CAN_SAVE,     /* a whole trace, not running, not loading */
  WHEN_CAN_EXPORT,   /* a trace, not loading */
  WHEN_PRESENTING,   /* in presentation mode */
  WHEN_QUESTION,     /* a question is on screen */
  WHEN_CAN_MARK,     /* a trace, not loading, not being saved */
  WHEN_ON_BOOKMARK,  /* ... and the playhead on a bookmark */
} When;

static const struct
{
  const char *action;
  When        when;
} enablement[] = {
  { "session.play", WHEN_REPLAY },
  { "session.step", WHEN_REPLAY },
  { "session.step-every", WHEN_REPLAY },
  { "session.goto-bookmark", WHEN_REPLAY },
  { "session.speed", WHEN_ALWAYS },
  { "session.zoom", WHEN_MODEL },
  { "session.zoom-to-fit", WHEN_MODEL },
  { "session.zoom-to-selection", WHEN_SELECTION },
  { "session.zoom-to-phase", WHEN_MODEL },
  { "session.pan", WHEN_MODEL },
  { "session.scroll-rows", WHEN_MODEL },
  { "session.follow", WHEN_MODEL },
  { "win.run", WHEN_CAN_RUN },
  { "win.restart", WHEN_CAN_RESTART },
  { "win.stop", WHEN_RUNNING },
  { "win.cancel-load", WHEN_LOADING },
  { "win.save", WHEN_CAN_SAVE },
  { "win.save-as", WHEN_CAN_SAVE },
  { "win.export-image", WHEN_CAN_EXPORT },
  { "win.leave-presentation", WHEN_PRESENTING },
  { "question.answer", WHEN_QUESTION },
  { "question.guess", WHEN_QUESTION },
  { "win.bookmark", WHEN_CAN_MARK },
  { "win.remove-bookmark", WHEN_ON_BOOKMARK },
  { "win.find", WHEN_MODEL },
  { "win.find-next", WHEN_MODEL },
  { "win.find-previous", WHEN_MODEL },
  { "win.trace-program", WHEN_NOT_LOADING },
  { "win.trace-example", WHEN_NOT_LOADING },
};

static gboolean
holds (TlWindow *self,
       When      when)
{
  TlTraceModel *model = tl_session_get_model (self->session);
  gboolean running = _tl_window_is_running (self);
  gboolean loading = gtk_widget_get_visible (self->progress_box) || self->previewing;
  gboolean scenario = tl_gallery_get_scenario (self->gallery) != NULL;

  switch (when)
    {
    case WHEN_ALWAYS:
      return TRUE;
    case WHEN_MODEL:
      return model != NULL;
    case WHEN_REPLAY:
      return model != NULL && tl_session_get_state (self->session) == TL_SESSION_STOPPED;
    case WHEN_SELECTION:
      return model != NULL && tl_session_get_selection (self->session)->lane != TL_INDEX_NONE;
    case WHEN_CAN_RUN:
      return scenario && !running && !loading;
    case WHEN_CAN_RESTART:
      return (scenario || self->program != NULL) && !loading;
    case WHEN_NOT_LOADING:
      return !loading;
    case WHEN_RUNNING:
      return running;
    case WHEN_LOADING:
      return loading;
    case WHEN_CAN_SAVE:
      return model != NULL && !running && !loading;
    case WHEN_CAN_EXPORT:
      return model != NULL && !loading;
    case WHEN_PRESENTING:
      return self->presentation;
    case WHEN_QUESTION:
      return self->questions != NULL && tl_question_deck_get_state (self->questions) != TL_QUESTION_NONE;
    case WHEN_CAN_MARK:
      return model != NULL && !loading && self->n_saving == 0;
    case WHEN_ON_BOOKMARK:
      return model != NULL && !loading && self->n_saving == 0 && _tl_window_bookmark_at_playhead (self) != G_MAXUINT;
    default:
      g_assert_not_reached ();
    }
}

G_STATIC_ASSERT (G_N_ELEMENTS (enablement) <= 32);

/* Called on every frame of a live run: only what changed is told. */
void
_tl_window_update_actions (TlWindow *self)
{
  guint32 enabled = 0;

  for (guint i = 0; i < G_N_ELEMENTS (enablement); i++)
    if (holds (self, enablement[i].when))
      enabled |= 1u << i;
  for (guint i = 0; i < G_N_ELEMENTS (enablement); i++)
    if (!self->actions_known || ((enabled ^ self->actions_enabled) & (1u << i)))
      gtk_widget_action_set_enabled (GTK_WIDGET (self), enablement[i].action, (enabled >> i) & 1);
  self->actions_enabled = enabled;
  self->actions_known = TRUE;
}

static gboolean
is_enabled (TlWindow   *self,
            const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (enablement); i++)
    if (g_str_equal (enablement[i].action, action))
      return holds (self, enablement[i].when);
  return TRUE;
}

/* ---- session.* ------------------------------------------------------------ */

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlSession *session = TL_WINDOW (widget)->session;

  tl_session_set_playing (session, !tl_session_get_playing (session));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tl_session_step (TL_WINDOW (widget)->session, g_variant_get_int32 (parameter));
}

static void
step_every_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  tl_session_step_every (TL_WINDOW (widget)->session, g_variant_get_int32 (parameter));
}

static void
speed_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TlSession *session = TL_WINDOW (widget)->session;

  tl_session_set_speed (session, tl_session_get_speed (session) * g_variant_get_double (parameter));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlSession *session = TL_WINDOW (widget)->session;
  double factor = g_variant_get_double (parameter);
  gint64 t0, t1;

  if (factor <= 0)
    return;
  tl_session_get_visible (session, &t0, &t1);
  tl_session_zoom (session, factor, t0 + (t1 - t0) / 2);
}

static void
zoom_to_fit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  tl_session_zoom_to_fit (TL_WINDOW (widget)->session);
}

static void
zoom_to_selection_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  tl_session_zoom_to_selection (TL_WINDOW (widget)->session);
}

/* The run's next timed phase (a "time" step), however short to see at
 * full view; after the last, the whole trace again. */
static void
zoom_to_phase_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TlSession *session = TL_WINDOW (widget)->session;
  TlTraceModel *model = tl_session_get_model (session);
  g_autoptr(TlLesson) lesson = model != NULL ? tl_lesson_new (model) : NULL;
  gint64 t0, t1;

  tl_session_get_visible (session, &t0, &t1);
  for (guint i = 0; lesson != NULL && i < tl_lesson_get_n_phases (lesson); i++)
    {
      const TlLessonPhase *phase = tl_lesson_get_phase (lesson, i);

      if (phase->start > t0 && phase->end > phase->start)
        {
          tl_session_set_visible (session, phase->start, phase->end);
          return;
        }
    }
  tl_session_zoom_to_fit (session);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TlSession *session = TL_WINDOW (widget)->session;
  gint64 t0, t1;

  tl_session_get_visible (session, &t0, &t1);
  tl_session_pan (session, (gint64) ((t1 - t0) * PAN_FRACTION * g_variant_get_double (parameter)));
}

static void
scroll_rows_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  tl_timeline_view_scroll_rows (TL_WINDOW (widget)->timeline, g_variant_get_double (parameter));
}

static void
follow_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TlSession *session = TL_WINDOW (widget)->session;

  if (tl_session_get_state (session) == TL_SESSION_LIVE)
    {
      tl_session_set_follow (session, TRUE);
      tl_session_follow_now (session);
    }
  else
    {
      /* To the end: the whole trace, the replay over. */
      tl_session_set_playing (session, FALSE);
      tl_session_set_playhead (session, TL_TS_NONE);
      tl_session_zoom_to_fit (session);
    }
}

/* ---- win.* ---------------------------------------------------------------- */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  _tl_window_start_run (TL_WINDOW (widget));
}

/* The last run again: a program's, else the gallery's scenario. */
static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  if (!_tl_window_restart_program (self))
    _tl_window_start_run (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _tl_window_stop_run (TL_WINDOW (widget));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
toggle_panel_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  gtk_toggle_button_set_active (self->panel_button, !gtk_toggle_button_get_active (self->panel_button));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* The side panel at the code; again, the panel away. */
static void
show_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  if (gtk_toggle_button_get_active (self->panel_button) &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->side_stack), "code") == 0)
    gtk_toggle_button_set_active (self->panel_button, FALSE);
  else
    tl_window_show_panel (self, "code");
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  tl_question_deck_answer (TL_WINDOW (widget)->questions);
}

static void
guess_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  tl_question_deck_set_guess (TL_WINDOW (widget)->questions, g_variant_get_int32 (parameter));
}

static void
leave_presentation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  g_object_set (widget, "presentation", FALSE, NULL);
}

void
_tl_window_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "session.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "session.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "session.step-every", "i", step_every_action);
  gtk_widget_class_install_action (widget_class, "session.speed", "d", speed_action);
  gtk_widget_class_install_action (widget_class, "session.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "session.zoom-to-fit", NULL, zoom_to_fit_action);
  gtk_widget_class_install_action (widget_class, "session.zoom-to-selection", NULL,
                                   zoom_to_selection_action);
  gtk_widget_class_install_action (widget_class, "session.zoom-to-phase", NULL, zoom_to_phase_action);
  gtk_widget_class_install_action (widget_class, "session.pan", "d", pan_action);
  gtk_widget_class_install_action (widget_class, "session.scroll-rows", "d", scroll_rows_action);
  gtk_widget_class_install_action (widget_class, "session.follow", NULL, follow_action);

  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  /* A run again from the start, whether one is going on or not. */
  gtk_widget_class_install_action (widget_class, "win.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-panel", NULL, toggle_panel_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  /* A state: the menu shows it checked (tl-window-presentation.c). */
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL,
                                   leave_presentation_action);
  gtk_widget_class_install_action (widget_class, "win.show-code", NULL, show_code_action);
  gtk_widget_class_install_action (widget_class, "question.answer", NULL, answer_action);
  gtk_widget_class_install_action (widget_class, "question.guess", "i", guess_action);
  /* A state: the menu shows it checked. */
  gtk_widget_class_install_property_action (widget_class, "win.ghost-future", "ghost-future");
  _tl_window_install_bookmark_actions (widget_class);
}

/* ---- keys ----------------------------------------------------------------- */

static const struct
{
  guint           keyval;
  GdkModifierType modifiers;
  const char     *action;
  const char     *format;     /* of the parameter, NULL for none */
  double          value;
} keys[] = {
  { GDK_KEY_space, 0, "session.play", NULL, 0 },
  { GDK_KEY_KP_Space, 0, "session.play", NULL, 0 },
  { GDK_KEY_period, 0, "session.step", "i", 1 },
  { GDK_KEY_comma, 0, "session.step", "i", -1 },
  /* Shift+. is > on most layouts: either way. */
  { GDK_KEY_period, GDK_SHIFT_MASK, "session.step-every", "i", 1 },
  { GDK_KEY_comma, GDK_SHIFT_MASK, "session.step-every", "i", -1 },
  { GDK_KEY_greater, 0, "session.step-every", "i", 1 },
  { GDK_KEY_less, 0, "session.step-every", "i", -1 },
  { GDK_KEY_j, 0, "session.goto-bookmark", "i", 1 },
  { GDK_KEY_J, GDK_SHIFT_MASK, "session.goto-bookmark", "i", -1 },
  { GDK_KEY_b, 0, "win.bookmark", NULL, 0 },
  { GDK_KEY_B, GDK_SHIFT_MASK, "win.remove-bookmark", NULL, 0 },
  { GDK_KEY_g, 0, "win.ghost-future", NULL, 0 },
  { GDK_KEY_bracketright, 0, "session.speed", "d", 2.0 },
  { GDK_KEY_bracketleft, 0, "session.speed", "d", 0.5 },
  { GDK_KEY_plus, 0, "session.zoom", "d", ZOOM_STEP },
  { GDK_KEY_equal, 0, "session.zoom", "d", ZOOM_STEP },
  { GDK_KEY_KP_Add, 0, "session.zoom", "d", ZOOM_STEP },
  { GDK_KEY_plus, GDK_CONTROL_MASK, "session.zoom", "d", ZOOM_STEP },
  { GDK_KEY_equal, GDK_CONTROL_MASK, "session.zoom", "d", ZOOM_STEP },
  { GDK_KEY_minus, 0, "session.zoom", "d", 1 / ZOOM_STEP },
  { GDK_KEY_KP_Subtract, 0, "session.zoom", "d", 1 / ZOOM_STEP },
  { GDK_KEY_minus, GDK_CONTROL_MASK, "session.zoom", "d", 1 / ZOOM_STEP },
  { GDK_KEY_f, 0, "session.zoom-to-fit", NULL, 0 },
  { GDK_KEY_0, GDK_CONTROL_MASK, "session.zoom-to-fit", NULL, 0 },
  { GDK_KEY_z, 0, "session.zoom-to-selection", NULL, 0 },
  { GDK_KEY_n, 0, "session.zoom-to-phase", NULL, 0 },
  { GDK_KEY_Left, 0, "session.pan", "d", -1 },
  { GDK_KEY_Right, 0, "session.pan", "d", 1 },
  { GDK_KEY_Up, 0, "session.scroll-rows", "d", -1 },
  { GDK_KEY_Down, 0, "session.scroll-rows", "d", 1 },
  { GDK_KEY_Page_Up, 0, "session.scroll-rows", "d", -8 },
  { GDK_KEY_Page_Down, 0, "session.scroll-rows", "d", 8 },
  { GDK_KEY_End, 0, "session.follow", NULL, 0 },
  { GDK_KEY_p, 0, "win.presentation", NULL, 0 },
  { GDK_KEY_l, 0, "win.dim-library", NULL, 0 },
  { GDK_KEY_Escape, 0, "win.leave-presentation", NULL, 0 },
  { GDK_KEY_c, 0, "win.show-code", NULL, 0 },
  { GDK_KEY_Return, 0, "question.answer", NULL, 0 },
  { GDK_KEY_KP_Enter, 0, "question.answer", NULL, 0 },
  { GDK_KEY_1, 0, "question.guess", "i", 0 },
  { GDK_KEY_2, 0, "question.guess", "i", 1 },
  { GDK_KEY_3, 0, "question.guess", "i", 2 },
  { GDK_KEY_4, 0, "question.guess", "i", 3 },
  { GDK_KEY_5, 0, "question.guess", "i", 4 },
  { GDK_KEY_6, 0, "question.guess", "i", 5 },
  { GDK_KEY_7, 0, "question.guess", "i", 6 },
  { GDK_KEY_8, 0, "question.guess", "i", 7 },
  { GDK_KEY_9, 0, "question.guess", "i", 8 },
};

/* Whether the focus is where keys type: a text field, a spin button, a
 * text view one can edit. */
static gboolean
focus_types (TlWindow *self)
{
  for (GtkWidget *w = gtk_root_get_focus (GTK_ROOT (self)); w != NULL; w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_EDITABLE (w))
        return TRUE;
      if (GTK_IS_TEXT_VIEW (w))
        return gtk_text_view_get_editable (GTK_TEXT_VIEW (w));
    }
  return FALSE;
}

/* Whether a popover (a menu, a drop-down's list) has the focus. */
static gboolean
focus_in_popover (TlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

/* Whether the focus is in a list, which the vertical keys move through. */
static gboolean
focus_in_list (TlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX) != NULL ||
                           gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW) != NULL);
}

static gboolean
is_vertical (guint keyval)
{
  return keyval == GDK_KEY_Up || keyval == GDK_KEY_Down ||
         keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_Page_Down;
}

static gboolean
key_cb (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  TlWindow *self = TL_WINDOW (widget);
  guint index = GPOINTER_TO_UINT (user_data);
  GVariant *parameter = NULL;

  if (focus_types (self) || focus_in_popover (self) || (is_vertical (keys[index].keyval) && focus_in_list (self)) ||
      !is_enabled (self, keys[index].action))
    return FALSE;
  if (keys[index].format != NULL && g_str_equal (keys[index].format, "i"))
    parameter = g_variant_new_int32 ((gint32) keys[index].value);
  else if (keys[index].format != NULL)
    parameter = g_variant_new_double (keys[index].value);
  return gtk_widget_activate_action_variant (widget, keys[index].action, parameter);
}

void
_tl_window_add_keys (TlWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_static_name (controller, "threadline-window-keys");
  /* Before the focused widget (a button would take Space for itself). */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].modifiers),
                                                gtk_callback_action_new (key_cb, GUINT_TO_POINTER (i), NULL));

      /* What it does, for the shortcuts window's test. */
      g_object_set_data (G_OBJECT (shortcut), "action", (gpointer) keys[i].action);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ---- focus order ----------------------------------------------------------- */

/* Tab goes from the header to the timeline and its controls, then to
 * the side panel, then to the gallery: what is looked at first comes
 * first, wherever it sits on screen. */
gboolean
_tl_window_focus (TlWindow         *self,
                  GtkDirectionType  direction)
{
  GtkWidget *regions[] = {
    self->header_bar, self->timeline_column, self->side_panel, GTK_WIDGET (self->gallery),
  };
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int n = G_N_ELEMENTS (regions), step = direction == GTK_DIR_TAB_BACKWARD ? -1 : 1;
  int current = -1;

  for (int i = 0; i < n && focus != NULL; i++)
    if (focus == regions[i] || gtk_widget_is_ancestor (focus, regions[i]))
      current = i;
  if (current < 0)
    return FALSE;

  /* Within the region first, then the next regions that are on screen. */
  if (gtk_widget_child_focus (regions[current], direction))
    return TRUE;
  for (int k = 1; k <= n; k++)
    {
      GtkWidget *next = regions[((current + step * k) % n + n) % n];

      if (gtk_widget_is_drawable (next) && gtk_widget_child_focus (next, direction))
        return TRUE;
    }
  return FALSE;
}
