/* tl-window-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by tl-window.c (the window, runs, state), tl-window-actions.c
 * (commands, keys, focus order), tl-window-files.c (open, save, export,
 * recent files, drops), tl-window-presentation.c (for a projector),
 * tl-window-ending.c (what a run's end means), tl-window-bookmarks.c
 * (a teacher's marks), tl-window-find.c (find, measure, library code
 * dimmed) and tl-window-trace-program.c (real programs, traced live).
 */
#pragma once

#include "tl-gallery.h"
#include "tl-inspector.h"
#include "tl-narration-panel.h"
#include "tl-output-panel.h"
#include "tl-question-card.h"
#include "tl-range-panel.h"
#include "tl-recorder.h"
#include "tl-search-bar.h"
#include "tl-source-pane.h"
#include "tl-stats-panel.h"
#include "tl-timeline-view.h"
#include "tl-window.h"

G_BEGIN_DECLS

struct _TlWindow
{
  AdwApplicationWindow  parent_instance;

  TlSession            *session;
  TlRecorder           *recorder;
  GCancellable         *load_cancellable;
  char                 *screenshot_path;
  double                screenshot_delay;  /* < 0: when the run ends */
  char                 *last_message;
  guint                 live_tick_id;    /* while live: the frame clock paces the views */
  guint32               actions_enabled; /* bits of tl-window-actions.c's table */
  gboolean              actions_known;
  guint                 story_hash;      /* what the story list shows */
  gboolean              story_shown;
  guint                 screenshot_id;
  gulong                after_paint_id;
  gboolean              saved;           /* the session's model is in session->file */
  gboolean              previewing;      /* the model shown is a preview of a file loading */
  gboolean              presentation;    /* large type, full screen, for a projector */
  gboolean              gallery_before;  /* ... and what was open before it */
  gboolean              panel_before;
  gboolean              fixed_size;      /* a size asked for: presentation stays in it */
  int                   height;          /* as last allocated */
  int                   type_px;         /* the text size its class says (type-24) */
  guint                 follow_height_id;
  char                 *ending;          /* how the run ended, when that is its lesson */
  TlQuestionDeck       *questions;       /* predict, then reveal (tl-question-deck.c) */
  char                 *replay_to;       /* --replay-to, once the first run or file is whole */
  gboolean              deadlocked;      /* ... in the deadlock it was meant to */
  guint                 n_saving;        /* saves in flight: the model must not change */
  gboolean              ghost_future;    /* replay: the future faded, not hidden */
  GtkPopover           *bookmark_popover;
  GtkEntry             *bookmark_entry;
  gint64                bookmark_ts;     /* the bookmark whose note is edited, or TL_TS_NONE */
  gboolean              library_dimmed;  /* library code dimmed on the timeline */
  GStrv                 program;         /* the last real program run, for a restart */
  char                 *program_dir;
  char                 *program_title;
  char                 *program_story;
  char                 *program_path;    /* ... as chosen, and its arguments */
  char                 *program_arguments;

  /* Template children. */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *header_bar;
  GtkWidget            *sidebar_button;
  GtkWidget            *open_button;
  GtkWidget            *menu_button;
  GtkWidget            *presenter_box;
  GtkWidget            *header_play_button;
  GtkLabel             *speed_label;
  GtkWidget            *transport_box;
  GtkWidget            *timeline_column;
  TlSearchBar          *search_bar;
  GtkWidget            *side_panel;
  AdwFlap              *flap;
  TlGallery            *gallery;
  TlTimelineView       *timeline;
  AdwStatusPage        *status_page;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkProgressBar       *preview_progress;
  GtkWidget            *play_button;
  GtkDropDown          *speed_dropdown;
  GtkToggleButton      *follow_button;
  GtkToggleButton      *panel_button;
  GtkLabel             *caption_label;
  GtkLabel             *lost_label;
  GtkLabel             *time_label;
  AdwViewStack         *side_stack;
  TlNarrationPanel     *narration_panel;
  TlOutputPanel        *output_panel;
  TlStatsPanel         *stats_panel;
  TlInspector          *inspector;
  TlSourcePane         *source_pane;
  TlQuestionCard       *question_card;
  TlRangePanel         *range_panel;
  GMenu                *recent_submenu;
};

/* tl-window-files.c */
void _tl_window_files_init          (TlWindow   *self);
void _tl_window_install_file_actions (GtkWidgetClass *widget_class);
void _tl_window_update_recent_menu  (TlWindow   *self);

/* tl-window-actions.c */
void     _tl_window_install_actions     (GtkWidgetClass   *widget_class);
void     _tl_window_add_keys            (TlWindow         *self);
/* Enables each command as the window's state allows. */
void     _tl_window_update_actions      (TlWindow         *self);
gboolean _tl_window_focus               (TlWindow         *self,
                                         GtkDirectionType  direction);

/* tl-window-bookmarks.c */
void     _tl_window_install_bookmark_actions (GtkWidgetClass *widget_class);
void     _tl_window_bookmarks_init       (TlWindow    *self);
void     _tl_window_bookmarks_dispose    (TlWindow    *self);
/* The bookmark at the playhead, or G_MAXUINT. */
guint    _tl_window_bookmark_at_playhead (TlWindow    *self);

/* tl-window-presentation.c */
int      _tl_window_type_size_for_height (int          height);
void     _tl_window_add_type_sizes       (GdkDisplay  *display);
void     _tl_window_presentation_resized (TlWindow    *self,
                                          int          height);

/* tl-window-find.c */
void     _tl_window_install_find_actions (GtkWidgetClass *widget_class);
void     _tl_window_find_init            (TlWindow       *self);
/* Library code dimmed on the timeline (the default), or not: the
 * win.dim-library action's state, the window's library-dimmed. */
void     _tl_window_set_library_dimmed   (TlWindow       *self,
                                          gboolean        dimmed);
/* The story of a file opened: its name, and the trace in a few lines. */
void     _tl_window_tell_file_story      (TlWindow       *self,
                                          const char     *name);

/* tl-window-trace-program.c */
void     _tl_window_install_program_actions (GtkWidgetClass *widget_class);
/* Traces @argv live in @directory, as a scenario runs; @title names it,
 * @story tells what it does.  FALSE (and a message shown) if it could
 * not start. */
gboolean _tl_window_trace_command        (TlWindow           *self,
                                          const char * const *argv,
                                          const char         *directory,
                                          const char         *title,
                                          const char         *story,
                                          gboolean            untraced_ok);
/* The program at @path (a .py file runs with Python) with @arguments (a
 * shell's words), in its own folder. */
gboolean _tl_window_trace_program        (TlWindow           *self,
                                          const char         *path,
                                          const char         *arguments,
                                          GError            **error);
/* Runs the last program again; FALSE if none ran last. */
gboolean _tl_window_restart_program      (TlWindow           *self);
/* The last run was a scenario's: restart runs that. */
void     _tl_window_forget_program       (TlWindow           *self);
/* Says a program cannot be traced, and offers to run it untraced. */
void     _tl_window_offer_untraced       (TlWindow           *self,
                                          const GError       *error);

/* tl-window-ending.c */
/* The deadlock a scenario is meant to end in, when the run ended in it
 * ("Deadlock: worker 1 waits for lock_b, held by worker 2; ... — ended
 * after 4.00 s"): then its error is its lesson.  NULL for any other end. */
char    *_tl_window_describe_meant_deadlock (TlScenario   *scenario,
                                             TlTraceModel *model,
                                             const GError *error,
                                             double        elapsed);
/* "counter ends at 298 instead of 800: 502 updates lost; ..." for every
 * shared value written to, when any lost an update; else NULL. */
char    *_tl_window_describe_lost_updates   (TlTraceModel *model);

/* tl-window.c */
gboolean _tl_window_is_running          (TlWindow     *self);
void     _tl_window_start_run           (TlWindow     *self);
/* Shows @recorder's run live (it has started): the timeline, the title,
 * the story, and what its end means when it ends. */
void     _tl_window_watch_run           (TlWindow     *self,
                                         TlRecorder   *recorder,
                                         const char   *title,
                                         const char   *story);
void     _tl_window_stop_run            (TlWindow     *self);
void _tl_window_show_error          (TlWindow     *self,
                                     const char   *title,
                                     const GError *error);
void _tl_window_show_warnings       (TlWindow     *self);
void _tl_window_set_busy            (TlWindow     *self,
                                     const char   *title,
                                     gboolean      busy);
void _tl_window_took_model          (TlWindow     *self);
void _tl_window_update_state        (TlWindow     *self);

G_END_DECLS
