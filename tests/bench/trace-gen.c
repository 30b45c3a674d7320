/* trace-gen.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Big traces for the benchmarks, the same for every one of them.
 *
 * The .tltrace is a realistic mix: 8 threads in 2 processes doing tasks
 * that read a value, take one of 4 locks (waiting when another thread
 * holds it), read and write under it, release it, then sleep or do I/O,
 * and print now and then.
 */
#include "config.h"

#include <string.h>

#include "trace-gen.h"

#define N_PROCESSES  2
#define N_THREADS    8
#define N_LOCKS      4
#define PRINT_EVERY  50

typedef struct
{
  guint32 pid;
  guint32 tid;
  guint   step;
  guint64 iteration;
  guint   lock;
  gboolean blocked;
} SimThread;

typedef struct
{
  TlTltraceWriter *writer;
  TlTraceModel    *live;       /* smoke only: the same events fed live */
  guint64          n_events;
  gint64           now;
  guint32          rng;
  guint64          next_text;
  SimThread        threads[N_THREADS];
  gint             owner[N_LOCKS];          /* thread index or -1 */
  GQueue           waiters[N_LOCKS];        /* thread indexes */
  gint             next;                    /* a thread to run next (a handover), or -1 */
  gboolean         failed;                  /* a write failed: stop writing */
  GError          *error;
} Sim;

static guint32
rand_next (Sim *sim)
{
  /* xorshift32: cheap and deterministic. */
  sim->rng ^= sim->rng << 13;
  sim->rng ^= sim->rng >> 17;
  sim->rng ^= sim->rng << 5;
  return sim->rng;
}

static void
emit (Sim          *sim,
      SimThread    *t,
      TlEventKind   kind,
      TlObjectRole  role,
      guint64       object,
      guint64       arg,
      const char   *text)
{
  TlModelEvent e = { 0 };

  sim->now += 50 + rand_next (sim) % 950;
  e.ts = sim->now;
  e.pid = t->pid;
  e.tid = t->tid;
  e.kind = kind;
  e.role = role;
  e.object = object;
  e.arg = arg;
  if (text != NULL)
    {
      e.text = text;
      e.text_len = (guint32) strlen (text);
      e.aux = e.text_len;
    }
  if (!sim->failed && !tl_tltrace_writer_add_event (sim->writer, &e, &sim->error))
    sim->failed = TRUE;
  if (sim->live != NULL)
    tl_trace_model_add_event (sim->live, &e);
  sim->n_events++;
}

/* One step of thread @i's loop. */
static void
step (Sim  *sim,
      guint i)
{
  SimThread *t = &sim->threads[i];
  guint64 task = ((guint64) t->tid << 32) | t->iteration;
  guint lock = t->lock;

  switch (t->step)
    {
    case 0:
      t->lock = (guint) ((t->iteration + i) % N_LOCKS);
      emit (sim, t, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, task, t->iteration, NULL);
      break;
    case 1:
      emit (sim, t, TL_EVENT_READ, TL_ROLE_VALUE, 100, t->iteration, NULL);
      break;
    case 2:
      emit (sim, t, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 10 + lock, 0, NULL);
      /* The lock is the thread's from here: it is next to take it. */
      if (sim->owner[lock] >= 0)
        {
          t->blocked = TRUE;
          g_queue_push_tail (&sim->waiters[lock], GUINT_TO_POINTER (i));
        }
      else
        {
          sim->owner[lock] = (gint) i;
        }
      break;
    case 3:
      emit (sim, t, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 10 + lock, 0, NULL);
      break;
    case 4:
      emit (sim, t, TL_EVENT_READ, TL_ROLE_VALUE, 20 + lock, t->iteration, NULL);
      break;
    case 5:
      emit (sim, t, TL_EVENT_WRITE, TL_ROLE_VALUE, 20 + lock, t->iteration + 1, NULL);
      break;
    case 6:
      emit (sim, t, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 10 + lock, 0, NULL);
      sim->owner[lock] = -1;
      if (!g_queue_is_empty (&sim->waiters[lock]))
        {
          guint w = GPOINTER_TO_UINT (g_queue_pop_head (&sim->waiters[lock]));

          sim->threads[w].blocked = FALSE;
          sim->owner[lock] = (gint) w;
          sim->next = (gint) w;
        }
      break;
    case 7:
      if (t->iteration % 2 == 0)
        emit (sim, t, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 3, 0, NULL);
      else
        emit (sim, t, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 1000, NULL);
      break;
    case 8:
      if (t->iteration % 2 == 0)
        emit (sim, t, TL_EVENT_IO_END, TL_ROLE_NONE, 3, 4096, NULL);
      else
        emit (sim, t, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0, NULL);
      break;
    case 9:
      if (t->iteration % PRINT_EVERY == i % PRINT_EVERY)
        {
          char text[64];
          guint64 id = sim->next_text++;

          g_snprintf (text, sizeof text, "worker %u: step %" G_GUINT64_FORMAT " done",
                      t->tid, t->iteration);
          emit (sim, t, TL_EVENT_NAME, TL_ROLE_TEXT, id, 0, text);
          emit (sim, t, TL_EVENT_PRINT, TL_ROLE_TEXT, id, 0, NULL);
        }
      break;
    case 10:
    default:
      emit (sim, t, TL_EVENT_TASK_END, TL_ROLE_TASK, task, t->iteration * 2, NULL);
      t->iteration++;
      t->step = 0;
      return;
    }
  t->step++;
}

guint64
tl_trace_gen_tltrace (const char   *path,
                      guint64       n_events,
                      TlTraceModel *live,
                      GError      **error)
{
  Sim sim = { 0 };

  sim.writer = tl_tltrace_writer_new (path, error);
  if (sim.writer == NULL)
    return 0;
  sim.live = live;
  sim.rng = 2463534242u;
  sim.next = -1;
  sim.next_text = 1;
  for (guint l = 0; l < N_LOCKS; l++)
    {
      sim.owner[l] = -1;
      g_queue_init (&sim.waiters[l]);
    }
  tl_tltrace_writer_set_metadata (sim.writer, "scenario", "bench-tltrace");

  for (guint i = 0; i < N_THREADS; i++)
    {
      SimThread *t = &sim.threads[i];
      char name[32];

      t->pid = 5000 + i % N_PROCESSES;
      t->tid = t->pid + 1 + i / N_PROCESSES;
      g_snprintf (name, sizeof name, "worker-%u", i);
      emit (&sim, t, TL_EVENT_THREAD_START, TL_ROLE_THREAD, t->tid, 0, NULL);
      emit (&sim, t, TL_EVENT_NAME, TL_ROLE_THREAD, t->tid, 0, name);
    }
  for (guint l = 0; l < N_LOCKS; l++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "lock-%u", l);
      emit (&sim, &sim.threads[0], TL_EVENT_NAME, TL_ROLE_MUTEX, 10 + l, 0, name);
    }

  /* Then every thread finishes its iteration and exits, so that the
   * trace ends clean (no open span, no warning). */
  while (TRUE)
    {
      gboolean winding_down = sim.n_events >= n_events;
      gboolean all_idle = TRUE;
      guint i;

      if (winding_down)
        {
          for (guint j = 0; j < N_THREADS; j++)
            if (sim.threads[j].step != 0)
              all_idle = FALSE;
          if (all_idle)
            break;
        }

      if (sim.next >= 0)
        {
          /* A released lock goes to its first waiter at once. */
          i = (guint) sim.next;
          sim.next = -1;
        }
      else
        {
          do
            i = rand_next (&sim) % N_THREADS;
          while (sim.threads[i].blocked || (winding_down && sim.threads[i].step == 0));
        }
      step (&sim, i);
    }
  for (guint i = 0; i < N_THREADS; i++)
    emit (&sim, &sim.threads[i], TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, sim.threads[i].tid, 0, NULL);

  for (guint l = 0; l < N_LOCKS; l++)
    g_queue_clear (&sim.waiters[l]);
  if (sim.failed || !tl_tltrace_writer_close (sim.writer, sim.failed ? NULL : error))
    {
      if (sim.failed)
        g_propagate_error (error, g_steal_pointer (&sim.error));
      tl_tltrace_writer_free (sim.writer);
      return 0;
    }
  tl_tltrace_writer_free (sim.writer);
  return sim.n_events;
}

