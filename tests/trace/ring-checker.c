/* ring-checker.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ring-checker.h"
#include "tl-probe.h"

void
ring_checker_init (RingChecker *self)
{
  memset (self, 0, sizeof *self);
  self->last_text = g_string_new (NULL);
}

void
ring_checker_clear (RingChecker *self)
{
  g_string_free (self->last_text, TRUE);
  self->last_text = NULL;
}

void
ring_checker_cb (const TlCollectedEvent *event,
                 gpointer                user_data)
{
  RingChecker *self = user_data;
  guint64 worker = event->event.object;

  if (event->event.ts < self->last_ts)
    self->out_of_order++;
  self->last_ts = event->event.ts;

  if (event->event.kind == TL_EVENT_NAME)
    {
      self->names++;
      g_string_assign (self->last_text, event->text != NULL ? event->text : "");
      return;
    }
  if (event->event.kind != TL_EVENT_TASK_BEGIN)
    {
      self->other++;
      return;
    }
  if (worker == 0 || worker > RING_CHECKER_MAX_WORKERS)
    {
      self->foreign++;
      return;
    }

  if (self->producer[worker] == 0)
    {
      self->producer[worker] = event->producer + 1;
      self->pid[worker] = event->pid;
    }
  else if (self->producer[worker] != event->producer + 1)
    {
      /* One worker, one producer. */
      self->out_of_sequence++;
    }

  if (event->event.arg < self->next_seq[worker])
    self->out_of_sequence++;
  else if (event->event.arg > self->next_seq[worker])
    self->gaps++;
  self->next_seq[worker] = event->event.arg + 1;
  self->received[worker]++;
}

const TlProducerStats *
ring_checker_get_producer (RingChecker *self,
                           TlCollector *collector,
                           guint32      worker)
{
  const TlProducerStats *producers;
  size_t n_producers;

  g_assert_cmpuint (self->producer[worker], !=, 0);
  producers = tl_collector_get_producers (collector, &n_producers);
  for (size_t i = 0; i < n_producers; i++)
    if (producers[i].id == self->producer[worker] - 1)
      return &producers[i];
  g_assert_not_reached ();
}

guint64
ring_worker_write (guint32 worker,
                   guint64 n)
{
  guint64 accepted = 0;

  for (guint64 i = 0; i < n; i++)
    accepted += tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, worker, i, 0);
  return accepted;
}

void
ring_checker_drain_until (RingChecker  *self,
                          TlCollector  *collector,
                          gboolean    (*done) (gpointer data),
                          gpointer      data,
                          guint         pause_us)
{
  while (!done (data))
    {
      tl_collector_drain (collector, ring_checker_cb, self);
      if (pause_us > 0)
        g_usleep (pause_us);
    }
  tl_collector_flush (collector, ring_checker_cb, self);
}
