/* render-test-models.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "render-test-models.h"
#include "tl-test-util.h"

#define MS TL_TEST_MS
#define US TL_TEST_US

static TlModelEvent
name_ev (guint32       pid,
         guint32       tid,
         TlObjectRole  role,
         guint64       object,
         const char   *text)
{
  return tl_test_name_event (0, pid, tid, role, object, text);
}

static int
compare_ts (gconstpointer a,
            gconstpointer b)
{
  const TlModelEvent *x = a, *y = b;

  return x->ts < y->ts ? -1 : x->ts > y->ts;
}

GArray *
render_test_demo_events (void)
{
  const guint32 P = 100, C = 200;
  TlModelEvent list[] = {
    name_ev (P, 1, TL_ROLE_PROCESS, P, "pool"),
    name_ev (P, 1, TL_ROLE_THREAD, 1, "worker 1"),
    name_ev (P, 2, TL_ROLE_THREAD, 2, "worker 2"),
    name_ev (P, 3, TL_ROLE_THREAD, 3, "worker 3"),
    name_ev (P, 4, TL_ROLE_THREAD, 4, "worker 4"),
    name_ev (P, 1, TL_ROLE_MUTEX, 7, "L"),
    name_ev (P, 1, TL_ROLE_GIL, 99, "GIL"),
    name_ev (P, 1, TL_ROLE_QUEUE, 5, "Q"),
    name_ev (P, 1, TL_ROLE_VALUE, 9, "counter"),
    name_ev (P, 1, TL_ROLE_CONDITION, 11, "ready"),
    name_ev (P, 1, TL_ROLE_TASK, 1, "square(3)"),
    name_ev (P, 1, TL_ROLE_TEXT, 1, "hello"),
    name_ev (P, 1, TL_ROLE_TEXT, 2, "ValueError: bad input"),
    name_ev (C, 201, TL_ROLE_PROCESS, C, "child"),
    name_ev (C, 201, TL_ROLE_THREAD, 201, "child main"),
    name_ev (C, 201, TL_ROLE_TEXT, 3, "child up"),

    /* worker 1 */
    tl_test_event (0, P, 1, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 1, 0),
    tl_test_event (10 * MS, P, 1, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (10 * MS, P, 1, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (20 * MS, P, 1, TL_EVENT_WRITE, TL_ROLE_VALUE, 9, 41),
    tl_test_event (30 * MS, P, 1, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (30 * MS, P, 1, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 10 * MS),
    tl_test_event (40 * MS, P, 1, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0),
    tl_test_event (45 * MS, P, 1, TL_EVENT_PRINT, TL_ROLE_TEXT, 1, 0),
    tl_test_event (50 * MS, P, 1, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 1, 3),
    tl_test_flagged (tl_test_event (61 * MS, P, 1, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, C, 11), TL_FLAG_SIGNALED),
    tl_test_event (62 * MS, P, 1, TL_EVENT_ERROR_REPORTED, TL_ROLE_ERROR, 3, 0),
    tl_test_event (70 * MS, P, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 1, 0),
    tl_test_event (70 * MS, P, 1, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 4, 0),
    tl_test_event (80 * MS, P, 1, TL_EVENT_IO_END, TL_ROLE_NONE, 4, 0),
    tl_test_event (90 * MS, P, 1, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 1, 0),

    /* worker 2 */
    tl_test_event (1 * MS, P, 2, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 2, 0),
    tl_test_event (15 * MS, P, 2, TL_EVENT_LOCK_WAIT, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (30 * MS, P, 2, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (35 * MS, P, 2, TL_EVENT_READ, TL_ROLE_VALUE, 9, 41),
    tl_test_event (40 * MS, P, 2, TL_EVENT_LOCK_RELEASE, TL_ROLE_MUTEX, 7, 0),
    tl_test_event (40 * MS, P, 2, TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, 5, 0),
    tl_test_event (55 * MS, P, 2, TL_EVENT_WAIT_END, TL_ROLE_QUEUE, 5, 0),
    tl_test_event (55 * MS, P, 2, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, 5, 7),
    tl_test_event (60 * MS, P, 2, TL_EVENT_ERROR_RAISED, TL_ROLE_ERROR, 3, 2),
    tl_test_event (90 * MS, P, 2, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 2, 0),

    /* worker 3 */
    tl_test_event (2 * MS, P, 3, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 3, 0),
    tl_test_event (2 * MS, P, 3, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 99, 0),
    tl_test_event (2 * MS, P, 3, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 99, 0),
    tl_test_event (20 * MS, P, 3, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 99, 0),
    tl_test_event (54 * MS, P, 3, TL_EVENT_SEND, TL_ROLE_QUEUE, 5, 7),
    tl_test_event (56 * MS, P, 3, TL_EVENT_WAIT_BEGIN, TL_ROLE_CONDITION, 11, 0),
    tl_test_event (69 * MS, P, 3, TL_EVENT_WAIT_END, TL_ROLE_CONDITION, 11, 0),
    tl_test_event (90 * MS, P, 3, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 3, 0),

    /* worker 4 */
    tl_test_event (3 * MS, P, 4, TL_EVENT_THREAD_START, TL_ROLE_THREAD, 4, 0),
    tl_test_event (5 * MS, P, 4, TL_EVENT_LOCK_WAIT, TL_ROLE_GIL, 99, 0),
    tl_test_event (20 * MS, P, 4, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 99, 0),
    tl_test_event (45 * MS, P, 4, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 99, 0),
    tl_test_event (68 * MS, P, 4, TL_EVENT_WAKE, TL_ROLE_CONDITION, 11, 1),
    tl_test_event (90 * MS, P, 4, TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 4, 0),

    /* child */
    tl_test_event (5 * MS, C, 201, TL_EVENT_PRINT, TL_ROLE_TEXT, 3, 0),
    tl_test_event (20 * MS, C, 201, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 1, 0),
    tl_test_event (30 * MS, C, 201, TL_EVENT_IO_END, TL_ROLE_NONE, 1, 0),
    tl_test_event (60 * MS, C, 201, TL_EVENT_CRASH, TL_ROLE_PROCESS, C, 11),
  };
  GArray *events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));

  g_array_append_vals (events, list, G_N_ELEMENTS (list));
  /* Stable: same-time events keep their order (a release before the
   * acquire it lets happen). */
  g_array_sort (events, compare_ts);
  return events;
}

TlTraceModel *
render_test_demo_model (gboolean finish)
{
  g_autoptr(GArray) events = render_test_demo_events ();
  TlTraceModel *model = tl_trace_model_new ();

  for (guint i = 0; i < events->len; i++)
    {
      const TlModelEvent *e = &g_array_index (events, TlModelEvent, i);

      if (!finish && e->ts >= 70 * MS)
        break;
      tl_trace_model_add_event (model, e);
    }
  if (finish)
    tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

/* ---- a simulated workload --------------------------------------------------- */

typedef enum
{
  STEP_RUN_END,       /* a stretch of running ends: choose what next */
  STEP_HOLD_END,      /* done with the lock: write, release */
  STEP_SLEEP_END,
  STEP_IO_END,
  STEP_BLOCKED,       /* waiting for a lock or a message */
} Step;

typedef struct
{
  guint32 pid;
  guint32 tid;
  guint   process;
  gint64  next;
  Step    step;
  gboolean in_task;
  guint64 task;
} SimThread;

typedef struct
{
  guint32  pid;
  gboolean gil;
  guint64  lock;
  guint    owner;          /* thread index, or G_MAXUINT */
  GQueue   lock_waiters;   /* thread indexes */
  GQueue   messages;       /* message ids */
  GQueue   receivers;      /* thread indexes */
  guint    n_threads;
} SimProcess;

typedef struct
{
  TlTraceModel *model;         /* where events go, or */
  GArray       *events;        /* where they are kept */
  GRand        *rand;
  SimThread    *threads;
  SimProcess   *processes;
  guint         n_threads;
  guint64       n_events;
  guint64       target;
  guint64       next_message;
  guint64       next_task;
  gint64        counter;
} Sim;

static void
add (Sim                *sim,
     const TlModelEvent *e)
{
  if (sim->events != NULL)
    g_array_append_vals (sim->events, e, 1);
  else
    tl_trace_model_add_event (sim->model, e);
}

static void
emit (Sim         *sim,
      SimThread   *t,
      gint64       ts,
      TlEventKind  kind,
      TlObjectRole role,
      guint64      object,
      guint64      arg)
{
  TlModelEvent e = tl_test_event (ts, t->pid, t->tid, kind, role, object, arg);

  add (sim, &e);
  sim->n_events++;
}

/* Contention comes and goes: a twelfth of the run is busy, the next calm. */
static gboolean
busy_phase (Sim *sim)
{
  return (sim->n_events * 12 / MAX (sim->target, 1)) % 2 == 1;
}

static gint64
run_time (Sim *sim)
{
  return g_rand_int_range (sim->rand, 2, 40) * US;
}

static gint64
hold_time (Sim *sim)
{
  return g_rand_int_range (sim->rand, 1, busy_phase (sim) ? 60 : 15) * US;
}

static void
acquire (Sim       *sim,
         guint      index,
         gint64     ts)
{
  SimThread *t = &sim->threads[index];
  SimProcess *p = &sim->processes[t->process];

  p->owner = index;
  emit (sim, t, ts, TL_EVENT_LOCK_ACQUIRE, p->gil ? TL_ROLE_GIL : TL_ROLE_MUTEX, p->lock, 0);
  t->step = STEP_HOLD_END;
  t->next = ts + hold_time (sim);
}

static void
run_end (Sim  *sim,
         guint index)
{
  SimThread *t = &sim->threads[index];
  SimProcess *p = &sim->processes[t->process];
  gint64 ts = t->next;
  guint choice = g_rand_int_range (sim->rand, 0, 100);
  guint lock_share = busy_phase (sim) ? 55 : 30;

  if (choice < lock_share)
    {
      emit (sim, t, ts, TL_EVENT_LOCK_WAIT, p->gil ? TL_ROLE_GIL : TL_ROLE_MUTEX, p->lock, 0);
      if (p->owner == G_MAXUINT)
        {
          acquire (sim, index, ts);
        }
      else
        {
          g_queue_push_tail (&p->lock_waiters, GUINT_TO_POINTER (index));
          t->step = STEP_BLOCKED;
          t->next = G_MAXINT64;
        }
      return;
    }
  choice -= lock_share;
  if (choice < 12)
    {
      emit (sim, t, ts, TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0);
      t->step = STEP_SLEEP_END;
      t->next = ts + g_rand_int_range (sim->rand, 5, 50) * US;
      return;
    }
  if (choice < 20)
    {
      emit (sim, t, ts, TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 3, 0);
      t->step = STEP_IO_END;
      t->next = ts + g_rand_int_range (sim->rand, 5, 80) * US;
      return;
    }
  if (choice < 32 ||
      (choice < 44 && g_queue_get_length (&p->receivers) + 1 >= p->n_threads))
    {
      guint64 id = ++sim->next_message;

      emit (sim, t, ts, TL_EVENT_SEND, TL_ROLE_QUEUE, p->pid, id);
      if (!g_queue_is_empty (&p->receivers))
        {
          guint r = GPOINTER_TO_UINT (g_queue_pop_head (&p->receivers));
          SimThread *rt = &sim->threads[r];

          emit (sim, rt, ts, TL_EVENT_WAIT_END, TL_ROLE_QUEUE, p->pid, 0);
          emit (sim, rt, ts, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, p->pid, id);
          rt->step = STEP_RUN_END;
          rt->next = ts + run_time (sim);
        }
      else
        {
          g_queue_push_tail (&p->messages, GSIZE_TO_POINTER (id));
        }
    }
  else if (choice < 44)
    {
      if (!g_queue_is_empty (&p->messages))
        {
          emit (sim, t, ts, TL_EVENT_RECEIVE, TL_ROLE_QUEUE, p->pid,
                GPOINTER_TO_SIZE (g_queue_pop_head (&p->messages)));
        }
      else
        {
          emit (sim, t, ts, TL_EVENT_WAIT_BEGIN, TL_ROLE_QUEUE, p->pid, 0);
          g_queue_push_tail (&p->receivers, GUINT_TO_POINTER (index));
          t->step = STEP_BLOCKED;
          t->next = G_MAXINT64;
          return;
        }
    }
  else if (choice < 47)
    {
      emit (sim, t, ts, TL_EVENT_PRINT, TL_ROLE_TEXT, 1 + g_rand_int_range (sim->rand, 0, 3), 0);
    }
  else if (choice < 60)
    {
      if (t->in_task)
        emit (sim, t, ts, TL_EVENT_TASK_END, TL_ROLE_TASK, t->task, 0);
      else
        emit (sim, t, ts, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, t->task = ++sim->next_task, 0);
      t->in_task = !t->in_task;
    }
  t->step = STEP_RUN_END;
  t->next = ts + run_time (sim);
}

static void
step (Sim  *sim,
      guint index)
{
  SimThread *t = &sim->threads[index];
  SimProcess *p = &sim->processes[t->process];
  gint64 ts = t->next;

  switch (t->step)
    {
    case STEP_RUN_END:
      run_end (sim, index);
      break;
    case STEP_HOLD_END:
      emit (sim, t, ts, TL_EVENT_WRITE, TL_ROLE_VALUE, p->pid, ++sim->counter);
      emit (sim, t, ts, TL_EVENT_LOCK_RELEASE, p->gil ? TL_ROLE_GIL : TL_ROLE_MUTEX, p->lock, 0);
      p->owner = G_MAXUINT;
      if (!g_queue_is_empty (&p->lock_waiters))
        acquire (sim, GPOINTER_TO_UINT (g_queue_pop_head (&p->lock_waiters)), ts);
      t->step = STEP_RUN_END;
      t->next = ts + run_time (sim);
      break;
    case STEP_SLEEP_END:
      emit (sim, t, ts, TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0);
      t->step = STEP_RUN_END;
      t->next = ts + run_time (sim);
      break;
    case STEP_IO_END:
      emit (sim, t, ts, TL_EVENT_IO_END, TL_ROLE_NONE, 3, 0);
      t->step = STEP_RUN_END;
      t->next = ts + run_time (sim);
      break;
    case STEP_BLOCKED:
    default:
      g_assert_not_reached ();
    }
}

static void
simulate (Sim     *sim_out,
          guint64  n_events,
          guint    n_processes,
          guint    n_threads,
          guint32  seed)
{
  static const char * const texts[] = { "processing item", "cache miss", "retrying" };
  Sim sim = *sim_out;
  char name[64];

  sim.rand = g_rand_new_with_seed (seed);
  sim.target = n_events;
  sim.n_threads = n_processes * n_threads;
  sim.threads = g_new0 (SimThread, sim.n_threads);
  sim.processes = g_new0 (SimProcess, n_processes);

  for (guint p = 0; p < n_processes; p++)
    {
      SimProcess *proc = &sim.processes[p];
      TlModelEvent e;

      proc->pid = 1000 + p;
      proc->gil = p % 2 == 1;
      proc->lock = proc->gil ? 0x6100 + p : 0x1000 + p;
      proc->owner = G_MAXUINT;
      proc->n_threads = n_threads;
      g_queue_init (&proc->lock_waiters);
      g_queue_init (&proc->messages);
      g_queue_init (&proc->receivers);

      g_snprintf (name, sizeof name, "worker pool %u", p);
      /* Interned: the event keeps a pointer to its text. */
      e = name_ev (proc->pid, proc->pid * 10, TL_ROLE_PROCESS, proc->pid, g_intern_string (name));
      add (&sim, &e);
      if (!proc->gil)
        {
          e = name_ev (proc->pid, proc->pid * 10, TL_ROLE_MUTEX, proc->lock, "jobs_lock");
          add (&sim, &e);
        }
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          e = name_ev (proc->pid, proc->pid * 10, TL_ROLE_TEXT, 1 + i, texts[i]);
          add (&sim, &e);
        }
      for (guint i = 0; i < n_threads; i++)
        {
          SimThread *t = &sim.threads[p * n_threads + i];

          t->pid = proc->pid;
          t->tid = proc->pid * 10 + i;
          t->process = p;
          t->step = STEP_RUN_END;
          t->next = g_rand_int_range (sim.rand, 0, 20) * US;
          g_snprintf (name, sizeof name, "thread %u.%u", p, i);
          e = name_ev (t->pid, t->tid, TL_ROLE_THREAD, t->tid, g_intern_string (name));
          add (&sim, &e);
          emit (&sim, t, 0, TL_EVENT_THREAD_START, TL_ROLE_THREAD, t->tid, 0);
        }
    }

  while (sim.n_events < n_events)
    {
      guint best = 0;

      /* The thread whose next event comes first. */
      for (guint i = 1; i < sim.n_threads; i++)
        if (sim.threads[i].next < sim.threads[best].next)
          best = i;
      step (&sim, best);
    }

  for (guint p = 0; p < n_processes; p++)
    {
      g_queue_clear (&sim.processes[p].lock_waiters);
      g_queue_clear (&sim.processes[p].messages);
      g_queue_clear (&sim.processes[p].receivers);
    }
  g_free (sim.threads);
  g_free (sim.processes);
  g_rand_free (sim.rand);
  *sim_out = sim;
}

TlTraceModel *
render_test_workload_model (guint64 n_events,
                            guint   n_processes,
                            guint   n_threads,
                            guint32 seed)
{
  Sim sim = { 0 };

  sim.model = tl_trace_model_new ();
  simulate (&sim, n_events, n_processes, n_threads, seed);
  tl_trace_model_finish (sim.model, TL_TS_NONE);
  return sim.model;
}

GArray *
render_test_workload_events (guint64 n_events,
                             guint   n_processes,
                             guint   n_threads,
                             guint32 seed)
{
  Sim sim = { 0 };

  sim.events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  simulate (&sim, n_events, n_processes, n_threads, seed);
  return sim.events;
}

TlTraceModel *
render_test_dense_model (guint  n,
                         gint64 width)
{
  TlTraceModel *model = tl_trace_model_new ();
  guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 1, 1);

  tl_trace_model_set_process_name (model, 1, tl_trace_model_intern (model, "dense", -1));
  for (guint i = 0; i < n; i++)
    {
      TlSpan span = { 0 };

      span.start = (gint64) i * width;
      span.end = span.start + width;
      span.kind = i % 4 == 3 ? TL_SPAN_WAIT_LOCK : TL_SPAN_RUNNING;
      span.ref = TL_INDEX_NONE;
      tl_trace_model_add_span (model, lane, &span);
    }
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}
