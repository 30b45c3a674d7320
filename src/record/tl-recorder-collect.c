/* tl-recorder-collect.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorder's reader thread: drains the ring every few milliseconds
 * into a batch the main context takes, and streams the same events to the
 * .tltrace file if there is one (the file never waits on the main
 * context, and the main context never waits on the disk).  When it has
 * collected something it wakes the main context, which takes the batch:
 * the ring's poll is the live pipeline's only clock for data.
 */
#define G_LOG_DOMAIN "tl-recorder"

#include "config.h"

#include <string.h>

#include "tl-recorder-private.h"

#define POLL_INTERVAL_US  4000
#define FLUSH_INTERVAL_US 250000

struct _TlCollectJob
{
  TlRing           *ring;
  TlCollector      *collector;
  TlTltraceWriter  *writer;
  GThread          *thread;
  GMutex            mutex;
  TlBatch          *batch;       /* filled by the thread, taken by the main context */
  GSource          *wake;        /* made ready when the batch has something */
  gint              stop;
  GError           *write_error;
  TlCollectorStats  stats;
  GArray           *losses;      /* TlRecorderLoss, made when the thread ends */
};

TlBatch *
_tl_batch_new (void)
{
  TlBatch *batch = g_new0 (TlBatch, 1);

  batch->events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  batch->text_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  batch->texts = g_byte_array_new ();
  return batch;
}

void
_tl_batch_free (TlBatch *batch)
{
  if (batch == NULL)
    return;
  g_array_unref (batch->events);
  g_array_unref (batch->text_offsets);
  g_byte_array_unref (batch->texts);
  g_free (batch);
}

void
_tl_batch_settle (TlBatch *batch)
{
  for (guint i = 0; i < batch->events->len; i++)
    {
      TlModelEvent *event = &g_array_index (batch->events, TlModelEvent, i);
      guint32 offset = g_array_index (batch->text_offsets, guint32, i);

      event->text = offset != G_MAXUINT32 ? (const char *) batch->texts->data + offset : NULL;
    }
}

static void
collect_cb (const TlCollectedEvent *collected,
            void                   *user_data)
{
  TlCollectJob *job = user_data;
  TlModelEvent event;
  guint32 offset = G_MAXUINT32;

  tl_model_event_from_collected (&event, collected);

  if (job->writer != NULL && job->write_error == NULL)
    tl_tltrace_writer_add_event (job->writer, &event, &job->write_error);

  if (collected->text != NULL)
    {
      offset = job->batch->texts->len;
      g_byte_array_append (job->batch->texts, (const guint8 *) collected->text, collected->text_len);
      g_byte_array_append (job->batch->texts, (const guint8 *) "", 1);
    }
  event.text = NULL;
  g_array_append_val (job->batch->events, event);
  g_array_append_val (job->batch->text_offsets, offset);
}

static void
drain (TlCollectJob *job,
       gboolean      flush)
{
  g_autoptr(GSource) wake = NULL;
  guint before;

  g_mutex_lock (&job->mutex);
  before = job->batch->events->len;
  if (flush)
    tl_collector_flush (job->collector, collect_cb, job);
  else
    tl_collector_drain (job->collector, collect_cb, job);
  if (job->batch->events->len > before && job->wake != NULL)
    wake = g_source_ref (job->wake);
  g_mutex_unlock (&job->mutex);

  /* Locks the main context, as GCancellable's source does from any
   * thread; a destroyed source ignores it. */
  if (wake != NULL)
    g_source_set_ready_time (wake, 0);
}

/* Who lost what: nothing is lost silently. */
static GArray *
collect_losses (TlCollector *collector)
{
  GArray *losses = g_array_new (FALSE, FALSE, sizeof (TlRecorderLoss));
  const TlProducerStats *producers;
  size_t n;

  producers = tl_collector_get_producers (collector, &n);
  for (size_t i = 0; i < n; i++)
    if (producers[i].dropped + producers[i].torn + producers[i].corrupt > 0)
      {
        TlRecorderLoss loss = { producers[i].pid, producers[i].tid, producers[i].dropped,
                                producers[i].torn, producers[i].corrupt };

        g_array_append_val (losses, loss);
      }
  return losses;
}

static gpointer
reader_main (gpointer data)
{
  TlCollectJob *job = data;
  gint64 last_flush = g_get_monotonic_time ();

  while (!g_atomic_int_get (&job->stop))
    {
      drain (job, FALSE);
      if (job->writer != NULL && job->write_error == NULL &&
          g_get_monotonic_time () - last_flush > FLUSH_INTERVAL_US)
        {
          tl_tltrace_writer_flush (job->writer, &job->write_error);
          last_flush = g_get_monotonic_time ();
        }
      g_usleep (POLL_INTERVAL_US);
    }

  /* The producers are gone: whatever is still in the ring is final. */
  drain (job, TRUE);
  tl_collector_get_stats (job->collector, &job->stats);
  job->losses = collect_losses (job->collector);
  if (job->writer != NULL)
    {
      if (job->write_error == NULL)
        {
          tl_tltrace_writer_add_loss (job->writer, job->stats.dropped, job->stats.torn,
                                      job->stats.corrupt);
          tl_tltrace_writer_close (job->writer, &job->write_error);
        }
      g_clear_pointer (&job->writer, tl_tltrace_writer_free);
    }
  return NULL;
}

TlCollectJob *
_tl_collect_job_start (TlRing          *ring,
                       TlTltraceWriter *writer)
{
  TlCollectJob *job = g_new0 (TlCollectJob, 1);

  job->ring = ring;
  job->collector = tl_collector_new (ring);
  job->writer = writer;
  job->batch = _tl_batch_new ();
  g_mutex_init (&job->mutex);
  job->thread = g_thread_new ("threadline-collector", reader_main, job);
  return job;
}

void
_tl_collect_job_set_wake (TlCollectJob *job,
                          GSource      *wake)
{
  gboolean pending;

  g_mutex_lock (&job->mutex);
  g_clear_pointer (&job->wake, g_source_unref);
  job->wake = wake != NULL ? g_source_ref (wake) : NULL;
  pending = job->batch->events->len > 0;
  g_mutex_unlock (&job->mutex);
  if (wake != NULL && pending)
    g_source_set_ready_time (wake, 0);
}

TlBatch *
_tl_collect_job_take (TlCollectJob *job)
{
  TlBatch *batch = NULL;

  g_mutex_lock (&job->mutex);
  if (job->batch->events->len > 0)
    {
      batch = job->batch;
      job->batch = _tl_batch_new ();
    }
  g_mutex_unlock (&job->mutex);
  if (batch != NULL)
    _tl_batch_settle (batch);
  return batch;
}

TlBatch *
_tl_collect_job_finish (TlCollectJob      *job,
                        TlCollectorStats  *stats,
                        GError           **write_error)
{
  TlBatch *batch;

  if (job->thread != NULL)
    {
      g_atomic_int_set (&job->stop, 1);
      g_thread_join (g_steal_pointer (&job->thread));
    }
  batch = g_steal_pointer (&job->batch);
  job->batch = _tl_batch_new ();
  _tl_batch_settle (batch);
  *stats = job->stats;
  if (job->write_error != NULL)
    g_propagate_error (write_error, g_steal_pointer (&job->write_error));
  return batch;
}

void
_tl_collect_job_free (TlCollectJob *job)
{
  if (job == NULL)
    return;
  if (job->thread != NULL)
    {
      g_atomic_int_set (&job->stop, 1);
      g_thread_join (g_steal_pointer (&job->thread));
    }
  tl_collector_free (job->collector);
  _tl_batch_free (job->batch);
  g_clear_pointer (&job->wake, g_source_unref);
  g_clear_error (&job->write_error);
  g_clear_pointer (&job->writer, tl_tltrace_writer_free);
  g_clear_pointer (&job->losses, g_array_unref);
  g_mutex_clear (&job->mutex);
  g_free (job);
}

GArray *
_tl_collect_job_steal_losses (TlCollectJob *job)
{
  return job->losses != NULL ? g_steal_pointer (&job->losses)
                             : g_array_new (FALSE, FALSE, sizeof (TlRecorderLoss));
}
