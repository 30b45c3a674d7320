/* bench-window.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window, measured (under Xvfb, GSK_RENDERER=cairo: CPU only):
 *
 *  live    frames per second of the timeline while producers stream
 *          200,000 events per second through the ring, the collector
 *          thread and the model, as a scenario run does; whether any
 *          event was lost on the way; and what keeping the findings up to
 *          date costs per event, early in the run and late (a long run
 *          must not slow down);
 *  open    time from asking the window to open a file to the timeline's
 *          first frame showing it: a 10,000,000-event .tltrace and a
 *          100 MB Chrome JSON file (viztracer-like).
 *
 * Usage: bench-window [--smoke] [--seconds S] [--events N] [--json-mb M]
 * --smoke uses tiny sizes, so that the test suite checks it still works;
 * its figures are informational.  Run as a benchmark, a missed target is
 * printed "NOT met" and the exit status is 1.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tl-application.h"
#include "tl-findings-private.h"
#include "tl-probe.h"
#include "tl-recorder-private.h"
#include "tl-timeline-view.h"
#include "tl-tltrace.h"
#include "tl-window.h"
#include "trace-gen.h"
#include "tl-test-util.h"

static double   live_seconds = 5.0;
static double   live_rate = 200000.0;
static guint64  file_events = 10000000;
static guint    json_mb = 100;
static gboolean smoke;
static gboolean missed;
static TlApplication *app;

/* "met" or "NOT met"; a miss fails the benchmark (not the smoke test,
 * whose tiny sizes on a busy machine say nothing of the targets). */
static const char *
target (gboolean met)
{
  if (!met && !smoke)
    missed = TRUE;
  return met ? "met" : smoke ? "not met, informational" : "NOT met";
}

/* ---- live -------------------------------------------------------------- */

#define N_PRODUCERS 4

typedef struct
{
  guint    index;
  double   rate;          /* events per second, this producer */
  double   seconds;
  guint64  written;
  guint64  dropped;
} Producer;

/* A worker's day: running, sleeping, taking its own lock, a task, a write. */
static gpointer
producer_thread (gpointer data)
{
  Producer *p = data;
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) (p->seconds * G_USEC_PER_SEC);
  guint64 lock = 1000 + p->index, value = 2000 + p->index;
  guint64 step = 0;

  tl_trace_thread_init ();
  tl_trace_record (TL_EVENT_THREAD_START, TL_ROLE_THREAD, 0, p->index, 0, 0);
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      guint64 due = (guint64) ((now - start) * p->rate / G_USEC_PER_SEC);

      if (now >= end)
        break;
      /* Catch up to the rate in bursts, then nap: like a real program. */
      for (; step < due; step++)
        {
          switch (step % 8)
            {
            case 0: tl_trace_record (TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0, 0, 0); break;
            case 1: tl_trace_record (TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0, 0, 0); break;
            case 2: tl_trace_record (TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 0, lock, 0, 0); break;
            case 3: tl_trace_record (TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 0, lock, 0, 1); break;
            case 4: tl_trace_record (TL_EVENT_WRITE, TL_ROLE_VALUE, 0, value, step, 0); break;
            case 5: tl_trace_record (TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 0, lock, 0, 0); break;
            case 6: tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, step, step, 0); break;
            default: tl_trace_record (TL_EVENT_TASK_END, TL_ROLE_TASK, 0, step - 1, step, 0); break;
            }
        }
      g_usleep (500);
    }
  tl_trace_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, p->index, 0, 0);
  /* The loop's events, and the start and the exit. */
  p->written = step + 2;
  p->dropped = tl_trace_get_dropped ();
  return NULL;
}

#define QUARTERS 4

typedef struct
{
  TlCollectJob *job;
  TlTraceModel *model;
  guint64       delivered;
  gint64        start_us;
  /* What keeping the findings up to date cost, per quarter of the run. */
  gint64        findings_us[QUARTERS];
  guint64       findings_events[QUARTERS];
} Feeder;

static void
feed (Feeder  *feeder,
      TlBatch *batch)
{
  gint64 t0, t1;
  guint quarter, n;

  if (batch == NULL)
    return;
  _tl_batch_settle (batch);
  tl_trace_model_add_events (feeder->model, (TlModelEvent *) (gpointer) batch->events->data,
                             batch->events->len);
  feeder->delivered += batch->events->len;

  /* The painter asks for them at its next frame; asked here, the cost is
   * this batch's alone. */
  t0 = g_get_monotonic_time ();
  tl_trace_model_get_findings (feeder->model, &n);
  t1 = g_get_monotonic_time ();
  quarter = MIN ((guint) ((t1 - feeder->start_us) / (live_seconds * G_USEC_PER_SEC / QUARTERS)),
                 QUARTERS - 1);
  feeder->findings_us[quarter] += t1 - t0;
  feeder->findings_events[quarter] += batch->events->len;
  _tl_batch_free (batch);
}

/* What the recorder does on the main context: take each batch as the
 * reader thread has it.  The window's frame clock tells the views. */
static gboolean
batch_ready_cb (gpointer data)
{
  Feeder *feeder = data;

  feed (feeder, _tl_collect_job_take (feeder->job));
  return G_SOURCE_CONTINUE;
}

static gboolean
batch_ready_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs batch_ready_funcs = { NULL, NULL, batch_ready_dispatch, NULL, NULL, NULL };

static gboolean
producers_done (gpointer data)
{
  return g_atomic_int_get ((gint *) data) == 0;
}

typedef struct
{
  Producer *producer;
  gint     *running;
} ProducerRun;

static gpointer
producer_main (gpointer data)
{
  ProducerRun *run = data;

  producer_thread (run->producer);
  g_atomic_int_dec_and_test (run->running);
  return NULL;
}

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

static double
ns_per_event (const Feeder *feeder,
              guint         quarter)
{
  return feeder->findings_events[quarter] > 0
         ? feeder->findings_us[quarter] * 1000.0 / feeder->findings_events[quarter] : 0;
}

static void
bench_live (TlWindow *window)
{
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (window));
  TlSession *session = tl_window_get_session (window);
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  TlRingOptions options;
  TlRing *ring = NULL;
  Producer producers[N_PRODUCERS];
  ProducerRun runs[N_PRODUCERS];
  GThread *threads[N_PRODUCERS];
  TlCollectorStats stats;
  TlFindingsStats findings;
  Feeder feeder = { NULL, model, 0, 0, { 0 }, { 0 } };
  gint running = N_PRODUCERS;
  guint64 frames0, frames1, written = 0, dropped = 0, lost;
  double fps, early, late;
  gint64 t0, t1;
  GSource *ready;

  tl_ring_options_init (&options);
  options.n_producers = 16;
  options.bytes_per_producer = 256 * 1024;   /* as the recorder uses */
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  tl_trace_set_ring (ring);
  feeder.job = _tl_collect_job_start (ring, NULL);
  ready = g_source_new (&batch_ready_funcs, sizeof (GSource));
  g_source_set_callback (ready, batch_ready_cb, &feeder, NULL);
  g_source_attach (ready, NULL);
  _tl_collect_job_set_wake (feeder.job, ready);

  tl_session_set_title (session, "200,000 events per second");
  tl_session_set_model (session, model, TL_SESSION_LIVE);

  frames0 = tl_timeline_view_get_n_frames (view);
  t0 = feeder.start_us = g_get_monotonic_time ();
  for (guint i = 0; i < N_PRODUCERS; i++)
    {
      producers[i] = (Producer) { i + 1, live_rate / N_PRODUCERS, live_seconds, 0, 0 };
      runs[i] = (ProducerRun) { &producers[i], &running };
      threads[i] = g_thread_new ("producer", producer_main, &runs[i]);
    }
  iterate_until (producers_done, &running);
  t1 = g_get_monotonic_time ();
  frames1 = tl_timeline_view_get_n_frames (view);
  for (guint i = 0; i < N_PRODUCERS; i++)
    {
      g_thread_join (threads[i]);
      written += producers[i].written;
      dropped += producers[i].dropped;
    }

  g_source_destroy (ready);
  g_source_unref (ready);
  feed (&feeder, _tl_collect_job_finish (feeder.job, &stats, NULL));
  _tl_collect_job_free (feeder.job);
  tl_trace_model_finish (model, TL_TS_NONE);
  tl_session_set_state (session, TL_SESSION_STOPPED);
  tl_session_refresh_model (session);

  fps = (double) (frames1 - frames0) / ((t1 - t0) / 1e6);
  lost = stats.dropped + stats.torn + stats.corrupt + dropped;
  g_print ("live: %.0f events/s for %.1f s: %.1f frames per second (target 60, 50 here: %s), "
           "%" G_GUINT64_FORMAT " written, %" G_GUINT64_FORMAT " in the model, "
           "%" G_GUINT64_FORMAT " lost (target 0: %s)\n",
           (double) written / ((t1 - t0) / 1e6), (t1 - t0) / 1e6, fps, target (fps >= 50),
           written, feeder.delivered, lost, target (lost == 0));
  if (feeder.delivered + stats.dropped != written)
    {
      g_print ("live: delivered + dropped != written: %s\n", target (FALSE));
    }

  /* The findings looked at each instant once: the cost of a batch is the
   * batch's, however long the run.  The timings say the same, roughly
   * (informational: a busy machine moves them). */
  _tl_trace_model_get_findings_stats (model, &findings);
  early = ns_per_event (&feeder, 0);
  late = ns_per_event (&feeder, QUARTERS - 1);
  g_print ("live: findings kept up to date: %" G_GUINT64_FORMAT " instants looked at for %"
           G_GUINT64_FORMAT " in the model, %u restarts (target: each once, none: %s); "
           "%.0f ns per event in the first quarter, %.0f in the last (informational)\n",
           findings.instants_read, tl_trace_model_get_n_instants (model), findings.n_restarts,
           target (findings.instants_read == tl_trace_model_get_n_instants (model) &&
                   findings.n_restarts == 0),
           early, late);

  tl_trace_set_ring (NULL);
  tl_ring_free (ring);
}

/* ---- time to first frame ---------------------------------------------- */

typedef struct
{
  TlWindow *window;
  guint64   frames_at_model;
  gboolean  have_model;
} FirstFrame;

static gboolean
first_frame_drawn (gpointer data)
{
  FirstFrame *ff = data;
  TlSession *session = tl_window_get_session (ff->window);
  TlTimelineView *view = TL_TIMELINE_VIEW (tl_window_get_timeline (ff->window));

  if (!ff->have_model && tl_session_get_model (session) != NULL)
    {
      ff->have_model = TRUE;
      ff->frames_at_model = tl_timeline_view_get_n_frames (view);
    }
  return ff->have_model && tl_timeline_view_get_n_frames (view) > ff->frames_at_model;
}

typedef struct
{
  FirstFrame    frame;
  TlTraceModel *preview;      /* the model the first frame showed */
} WholeFile;

static gboolean
whole_file_drawn (gpointer data)
{
  WholeFile *wf = data;
  TlSession *session = tl_window_get_session (wf->frame.window);

  /* Not the preview any more: the whole model, then a frame of it. */
  if (tl_window_get_loading (wf->frame.window) || tl_session_get_model (session) == wf->preview)
    return FALSE;
  return first_frame_drawn (&wf->frame);
}

/* Seconds to the first frame showing the file (a preview of a big one),
 * and to the first frame showing all of it. */
static double
time_to_first_frame (TlWindow   *window,
                     const char *path,
                     double     *whole)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FirstFrame ff = { window, 0, FALSE };
  WholeFile wf = { { window, 0, FALSE }, NULL };
  gint64 start;
  double first;

  tl_session_set_model (tl_window_get_session (window), NULL, TL_SESSION_EMPTY);
  start = g_get_monotonic_time ();
  tl_window_open_file (window, file);
  iterate_until (first_frame_drawn, &ff);
  first = (g_get_monotonic_time () - start) / 1e6;
  if (!tl_window_get_loading (window))
    {
      *whole = first;
      return first;
    }
  wf.preview = tl_session_get_model (tl_window_get_session (window));
  iterate_until (whole_file_drawn, &wf);
  *whole = (g_get_monotonic_time () - start) / 1e6;
  return first;
}

static void
bench_open (TlWindow *window)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-bench");
  g_autofree char *tltrace = g_build_filename (dir, "big.tltrace", NULL);
  g_autofree char *json = g_build_filename (dir, "big.json", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  double seconds, whole;

  if (tl_trace_gen_tltrace (tltrace, file_events, NULL, &error) == 0)
    g_error ("cannot generate the trace: %s", error->message);
  tl_trace_gen_chrome_json (json, (guint64) json_mb << 20);

  seconds = time_to_first_frame (window, tltrace, &whole);
  g_stat (tltrace, &st);
  g_print ("open: %" G_GUINT64_FORMAT "-event .tltrace (%.0f MB): first frame after %.3f s "
           "(target 0.5 s: %s), all of it drawn after %.3f s\n",
           file_events, st.st_size / 1048576.0, seconds, target (seconds <= 0.5), whole);
  seconds = time_to_first_frame (window, json, &whole);
  g_stat (json, &st);
  g_print ("open: %.0f MB Chrome JSON: first frame after %.3f s (target 2 s: %s), "
           "all of it drawn after %.3f s\n",
           st.st_size / 1048576.0, seconds, target (seconds <= 2.0), whole);

  tl_session_set_model (tl_window_get_session (window), NULL, TL_SESSION_EMPTY);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = 0;
  gint64 events = 0;
  gint mb = 0;
  GOptionEntry entries[] = {
    { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "Tiny sizes", NULL },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Length of the live run", "S" },
    { "events", 0, 0, G_OPTION_ARG_INT64, &events, "Events in the .tltrace", "N" },
    { "json-mb", 0, 0, G_OPTION_ARG_INT, &mb, "Size of the JSON file", "MB" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- measure the window");
  g_autoptr(GError) error = NULL;
  TlWindow *window;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (smoke)
    {
      live_seconds = 0.5;
      live_rate = 20000;
      file_events = 20000;
      json_mb = 1;
    }
  if (seconds > 0)
    live_seconds = seconds;
  if (events > 0)
    file_events = (guint64) events;
  if (mb > 0)
    json_mb = (guint) mb;

  if (!gtk_init_check ())
    {
      /* Meson counts 77 as skipped. */
      g_print ("bench-window: skipped, no display (it measures the real window: run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  app = tl_application_new ("org.threadline.Threadline.Bench", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  window = tl_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    {
      g_usleep (10000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_print ("# bench-window: %s renderer, window %dx%d\n",
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default",
           gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  bench_live (window);
  bench_open (window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  if (missed)
    g_print ("# bench-window: a target was missed\n");
  return missed ? 1 : 0;
}
