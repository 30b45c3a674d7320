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
 *
 * The Chrome JSON file is what viztracer writes: X events in end order
 * (callees before their callers) with large fractional microsecond
 * timestamps, forked children keeping their parent's tid, a few counters
 * and instants, and the full source of the traced files under file_info.
 */
#include "config.h"

#include <stdio.h>
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


/* ---- a viztracer-like Chrome JSON file -------------------------------- */

typedef struct
{
  FILE     *out;
  GRand    *rand;
  TlGeneratedJson stats;
  gboolean  first;
  char    **functions;
  guint     n_functions;
} Generator;

static void
emit_json (Generator  *gen,
      const char *text,
      int         len)
{
  if (!gen->first)
    fputc (',', gen->out);
  gen->first = FALSE;
  fwrite (text, 1, (size_t) len, gen->out);
}

/* Microseconds with three decimals, as viztracer prints them. */
static int
format_us (char   *buf,
           gint64  ns)
{
  return g_snprintf (buf, 32, "%" G_GINT64_FORMAT ".%03d", ns / 1000, (int) (ns % 1000));
}

/* One call and its callees, written callees first (in end order), as
 * viztracer's ring of finished calls writes them. */
static gint64
emit_call (Generator *gen,
           guint32    pid,
           guint32    tid,
           gint64     start,
           guint      depth)
{
  gint64 t = start + g_rand_int_range (gen->rand, 50, 400);
  guint n_children = depth < 7 ? (guint) g_rand_int_range (gen->rand, 0, depth < 2 ? 6 : 3) : 0;
  /* A skewed choice: some functions are called far more than others. */
  guint f = (guint) (g_rand_double (gen->rand) * g_rand_double (gen->rand) * gen->n_functions);
  char line[512], ts[32], dur[32];
  int len;

  for (guint i = 0; i < n_children; i++)
    t = emit_call (gen, pid, tid, t, depth + 1) + g_rand_int_range (gen->rand, 20, 300);
  t += g_rand_int_range (gen->rand, 10, 2000);

  format_us (ts, start);
  format_us (dur, t - start);
  if (g_rand_int_range (gen->rand, 0, 50) == 0)
    len = g_snprintf (line, sizeof line,
                      "{\"pid\":%u,\"tid\":%u,\"ts\":%s,\"dur\":%s,\"name\":\"%s\",\"caller_lineno\":%d,"
                      "\"ph\":\"X\",\"cat\":\"FEE\",\"args\":{\"func_args\":{\"n\":\"%d\",\"self\":"
                      "\"<Worker object at 0x7f%08x>\"},\"return_value\":\"None\"}}",
                      pid, tid, ts, dur, gen->functions[f], g_rand_int_range (gen->rand, 1, 900),
                      g_rand_int_range (gen->rand, 0, 1000), g_rand_int (gen->rand));
  else
    len = g_snprintf (line, sizeof line,
                      "{\"pid\":%u,\"tid\":%u,\"ts\":%s,\"dur\":%s,\"name\":\"%s\",\"caller_lineno\":%d,"
                      "\"ph\":\"X\",\"cat\":\"FEE\"}",
                      pid, tid, ts, dur, gen->functions[f], g_rand_int_range (gen->rand, 1, 900));
  emit_json (gen, line, len);
  gen->stats.n_complete++;
  return t;
}

static void
emit_source (Generator *gen,
             guint      file)
{
  static const char * const lines[] = {
    "import os\\nimport sys\\nimport threading\\n\\n",
    "def work(items, lock):\\n    \\\"\\\"\\\"Sum what the workers made.\\\"\\\"\\\"\\n",
    "    with lock:\\n        total = sum(x * x for x in items if x % 3)  # [0, 1] {a: b}\\n",
    "    print(f\\\"worker {threading.get_ident()}: \\\\t{total!r} \\u00e9t\\u00e9\\\")\\n",
    "    return {\\\"total\\\": total, \\\"path\\\": \\\"C:\\\\\\\\tmp\\\\\\\\x\\\"}\\n\\n",
    "class Pool:\\n    def __init__(self, n=4):\\n        self.queue = []  # ]}\\\"\\n\\n",
  };
  guint64 target = 40000 + (guint64) g_rand_int_range (gen->rand, 0, 80000);
  guint64 written = 0;
  guint n_lines = 0;

  fprintf (gen->out, "\"/home/user/project/pkg/module_%u.py\":[\"", file);
  while (written < target)
    {
      const char *line = lines[g_rand_int_range (gen->rand, 0, G_N_ELEMENTS (lines))];

      fputs (line, gen->out);
      written += strlen (line);
      n_lines += 2;
    }
  fprintf (gen->out, "\",%u]", n_lines);
}

TlGeneratedJson
tl_trace_gen_chrome_json (const char *path,
                          guint64     target_bytes)
{
  Generator gen = { 0 };
  const guint32 pids[] = { 4100, 4100, 4100, 4100, 4107, 4108 };
  const guint32 tids[] = { 4100, 4101, 4102, 4103, 4100, 4100 };   /* children keep the parent's tid */
  guint64 event_target = target_bytes * 85 / 100;
  gint64 clock[G_N_ELEMENTS (pids)];
  char line[512];
  guint n_files = 0;
  int len;

  gen.out = fopen (path, "w");
  g_assert_nonnull (gen.out);
  setvbuf (gen.out, NULL, _IOFBF, 1 << 20);
  gen.rand = g_rand_new_with_seed (1732123456);
  gen.first = TRUE;
  gen.n_functions = 3000;
  gen.functions = g_new0 (char *, gen.n_functions + 1);
  for (guint i = 0; i < gen.n_functions; i++)
    gen.functions[i] = g_strdup_printf ("%s_%u (/home/user/project/pkg/module_%u.py:%u)",
                                        i % 5 == 0 ? "Worker.run" : i % 3 == 0 ? "_compute" : "handle_item",
                                        i, i % 40, 10 + (i * 37) % 900);
  for (guint i = 0; i < G_N_ELEMENTS (clock); i++)
    clock[i] = G_GINT64_CONSTANT (1732123456789000000) / 1000 + (gint64) i * 777;

  fputs ("{\"traceEvents\":[", gen.out);
  while ((guint64) ftell (gen.out) < event_target)
    {
      guint who = (guint) g_rand_int_range (gen.rand, 0, G_N_ELEMENTS (pids));

      clock[who] = emit_call (&gen, pids[who], tids[who], clock[who], 0) + g_rand_int_range (gen.rand, 100, 5000);
      if (g_rand_int_range (gen.rand, 0, 40) == 0)
        {
          char ts[32];

          format_us (ts, clock[who]);
          len = g_snprintf (line, sizeof line,
                            "{\"pid\":%u,\"tid\":%u,\"ts\":%s,\"ph\":\"C\",\"name\":\"queue\",\"args\":{\"size\":%d}}",
                            pids[who], tids[who], ts, g_rand_int_range (gen.rand, 0, 64));
          emit_json (&gen, line, len);
          len = g_snprintf (line, sizeof line,
                            "{\"pid\":%u,\"tid\":%u,\"ts\":%s,\"ph\":\"i\",\"name\":\"checkpoint\",\"cat\":\"instant\",\"s\":\"t\"}",
                            pids[who], tids[who], ts);
          emit_json (&gen, line, len);
          gen.stats.n_other += 2;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (pids); i++)
    {
      len = g_snprintf (line, sizeof line,
                        "{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"process_name\",\"args\":{\"name\":\"python3 bench.py\"}},"
                        "{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":\"%s\"}}",
                        pids[i], tids[i], pids[i], tids[i], i == 0 || i >= 4 ? "MainThread" : "Thread-n");
      emit_json (&gen, line, len);
      gen.stats.n_other += 2;
    }
  fputs ("],\"viztracer_metadata\":{\"version\":\"0.16.3\",\"overflow\":false},", gen.out);

  gen.stats.file_info_bytes = (guint64) ftell (gen.out);
  fputs ("\"file_info\":{\"files\":{", gen.out);
  while ((guint64) ftell (gen.out) < target_bytes - 200000 || n_files == 0)
    {
      if (n_files > 0)
        fputc (',', gen.out);
      emit_source (&gen, n_files++);
    }
  fputs ("},\"functions\":{", gen.out);
  for (guint i = 0; i < gen.n_functions; i++)
    fprintf (gen.out, "%s\"%s\":[\"/home/user/project/pkg/module_%u.py\",%u]", i > 0 ? "," : "",
             gen.functions[i], i % 40, 10 + (i * 37) % 900);
  fputs ("}}}\n", gen.out);
  gen.stats.bytes = (guint64) ftell (gen.out);
  gen.stats.file_info_bytes = gen.stats.bytes - gen.stats.file_info_bytes;

  g_assert_cmpint (fclose (gen.out), ==, 0);
  g_strfreev (gen.functions);
  g_rand_free (gen.rand);
  return gen.stats;
}

