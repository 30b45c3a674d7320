/* bench-ring.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What recording costs, measured on the real record path with baselines
 * taken in the same run:
 *
 *   floor       a clock read plus a 32-byte store into a private array
 *   record      tl_trace_record () into a pre-faulted sub-buffer
 *   mutex ring  the same records into one ring behind a process-shared mutex
 *   fetch_add   one ring whose head producers bump with an atomic add
 *
 * then throughput for 1 and 2 producers (threads and forked processes),
 * and the events lost when one producer records a sustained 10 million
 * events per second into 4 MiB while the collector drains on the other
 * core.  It prints figures and the targets' ratios; it asserts only that
 * the events it wrote arrived, never a time.
 *
 * Usage: bench-ring [--smoke] [--events N] [--seconds S]
 * (or TL_BENCH_EVENTS / TL_BENCH_SECONDS).  --smoke runs tiny counts so
 * that the test suite checks the benchmark still works.
 */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "tl-collector.h"
#include "tl-probe.h"

#define BATCH 1000u

static guint64 n_events = 5000000;   /* per producer, for the throughput runs */
static double  sustained_seconds = 1.0;
static guint   n_batches = 2001;     /* batches of BATCH events, for the medians */
static TlClockSource clock_source;
static TlClockCalibration calibration;

static inline void
cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

static void
pin_to_cpu (int cpu)
{
  cpu_set_t set;

  if (sysconf (_SC_NPROCESSORS_ONLN) <= cpu)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  pthread_setaffinity_np (pthread_self (), sizeof set, &set);
}

static void
unpin (void)
{
  cpu_set_t set;
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  CPU_ZERO (&set);
  for (long i = 0; i < n && i < CPU_SETSIZE; i++)
    CPU_SET (i, &set);
  pthread_setaffinity_np (pthread_self (), sizeof set, &set);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Median of @n samples; sorts them. */
static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

static void
fill (TlEvent *ev,
      guint64  pos)
{
  ev->ts = tl_clock_read (clock_source);
  ev->object = 1;
  ev->arg = pos;
  ev->kind = TL_EVENT_TASK_BEGIN;
  ev->role = TL_ROLE_TASK;
  ev->flags = 0;
  ev->aux = 0;
}

/* ---- single-producer cost, median over batches ------------------------ */

typedef void (*RecordFunc) (gpointer data, guint64 pos);

static double
median_ns_per_event (RecordFunc record,
                     gpointer   data)
{
  double *ns = g_new (double, n_batches);
  guint64 pos = 0;
  double result;

  for (guint b = 0; b < n_batches; b++)
    {
      guint64 start = tl_clock_read_monotonic ();

      for (guint i = 0; i < BATCH; i++, pos++)
        record (data, pos);
      ns[b] = (double) (tl_clock_read_monotonic () - start) / BATCH;
    }
  result = median (ns, n_batches);
  g_free (ns);
  return result;
}

typedef struct
{
  TlEvent *records;
  guint64  mask;
} PrivateArray;

static void
record_floor (gpointer data,
              guint64  pos)
{
  PrivateArray *array = data;

  fill (&array->records[pos & array->mask], pos);
  /* The record path has compiler barriers too (its signal fences). */
  __asm__ volatile ("" ::: "memory");
}

static void
record_ring (gpointer data,
             guint64  pos)
{
  tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, 1, pos, 0);
}

/* One ring shared by every producer, in MAP_SHARED memory like ours. */
typedef struct
{
  pthread_mutex_t lock;
  guint64         head;            /* under the lock */
  guint8          pad[64];
  guint64         atomic_head;     /* for the fetch_add variant */
  guint8          pad2[64];
  guint64         mask;
  TlEvent        *records;
} SharedRing;

static SharedRing *
shared_ring_new (guint64 n_records)
{
  gsize size = sizeof (SharedRing) + n_records * sizeof (TlEvent) + 64;
  SharedRing *ring = mmap (NULL, size, PROT_READ | PROT_WRITE,
                           MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  pthread_mutexattr_t attr;

  g_assert (ring != MAP_FAILED);
  memset (ring, 0, size);
  pthread_mutexattr_init (&attr);
  pthread_mutexattr_setpshared (&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init (&ring->lock, &attr);
  pthread_mutexattr_destroy (&attr);
  ring->mask = n_records - 1;
  ring->records = (TlEvent *) ((guint8 *) ring + ((sizeof (SharedRing) + 63) & ~(gsize) 63));
  return ring;
}

static void
shared_ring_free (SharedRing *ring)
{
  munmap (ring, sizeof (SharedRing) + (ring->mask + 1) * sizeof (TlEvent) + 64);
}

static void
record_mutex_ring (gpointer data,
                   guint64  pos)
{
  SharedRing *ring = data;

  pthread_mutex_lock (&ring->lock);
  fill (&ring->records[ring->head & ring->mask], pos);
  ring->head++;
  pthread_mutex_unlock (&ring->lock);
}

static void
record_fetch_add_ring (gpointer data,
                       guint64  pos)
{
  SharedRing *ring = data;
  guint64 slot = __atomic_fetch_add (&ring->atomic_head, 1, __ATOMIC_RELAXED);

  /* Lower bound for a shared-head design: a real one also needs a commit
   * flag per record so the reader knows the record is complete. */
  fill (&ring->records[slot & ring->mask], pos);
}

static guint64
pow2_at_least (guint64 v)
{
  guint64 p = 1;

  while (p < v)
    p <<= 1;
  return p;
}

static TlRing *
make_ring (guint32 n_producers,
           guint64 records_per_producer)
{
  TlRingOptions options;
  TlRing *ring = NULL;
  int r;

  tl_ring_options_init (&options);
  options.n_producers = n_producers;
  options.bytes_per_producer = (guint32) (pow2_at_least (records_per_producer) * sizeof (TlEvent));
  r = tl_ring_new (&options, &ring);
  if (r < 0)
    g_error ("cannot create a ring: %s", g_strerror (-r));
  return ring;
}

/* ---- throughput ------------------------------------------------------- */

/* Producers write in rounds of EVENTS_PER_ROUND into 4 MiB sub-buffers (the
 * size used live), and the collector empties them between rounds, outside
 * the timed windows: the figure is what the record path can do, not what
 * the machine's memory bandwidth does to 64 MiB of fresh records. */
#define EVENTS_PER_ROUND 100000u
#define RING_RECORDS     (4u * 1024 * 1024 / sizeof (TlEvent))

typedef struct
{
  gint    ready;
  gint    go;        /* the round producers may start */
  gint    done;      /* producers done with the current round */
  guint64 start_ns[2];
  guint64 end_ns[2];
} StartLine;

typedef enum { KIND_RING, KIND_MUTEX, KIND_FETCH_ADD } RingKind;

typedef struct
{
  StartLine  *line;
  guint       index;
  guint       n_rounds;
  RingKind    kind;
  SharedRing *shared;
} ProducerArgs;

/* Waits, without using a CPU, until *@addr is at least @target. */
static void
wait_for_count (gint *addr,
                gint  target)
{
  gint seen;

  while ((seen = __atomic_load_n (addr, __ATOMIC_ACQUIRE)) < target)
    syscall (SYS_futex, addr, FUTEX_WAIT, seen, NULL, NULL, 0);
}

static void
bump_count (gint *addr)
{
  __atomic_add_fetch (addr, 1, __ATOMIC_ACQ_REL);
  syscall (SYS_futex, addr, FUTEX_WAKE, G_MAXINT, NULL, NULL, 0);
}

static void
run_producer (ProducerArgs *args)
{
  guint64 seq = 0;

  pin_to_cpu ((int) args->index);
  if (args->kind == KIND_RING)
    tl_trace_thread_init ();   /* claim and pre-fault before the clock starts */
  bump_count (&args->line->ready);

  for (guint round = 1; round <= args->n_rounds; round++)
    {
      /* Spin, each on its own core, so that all start together. */
      while (__atomic_load_n (&args->line->go, __ATOMIC_ACQUIRE) < (gint) round)
        cpu_relax ();

      args->line->start_ns[args->index] = tl_clock_read_monotonic ();
      for (guint i = 0; i < EVENTS_PER_ROUND; i++, seq++)
        {
          switch (args->kind)
            {
            case KIND_RING:
              tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, args->index + 1, seq, 0);
              break;
            case KIND_MUTEX:
              record_mutex_ring (args->shared, seq);
              break;
            case KIND_FETCH_ADD:
            default:
              record_fetch_add_ring (args->shared, seq);
              break;
            }
        }
      args->line->end_ns[args->index] = tl_clock_read_monotonic ();
      bump_count (&args->line->done);
    }
}

static gpointer
producer_thread (gpointer data)
{
  run_producer (data);
  return NULL;
}

static void
count_cb (const TlCollectedEvent *event,
          gpointer                user_data)
{
  (*(guint64 *) user_data)++;
}

/* Events per second that @n_producers threads or processes record
 * together, from the first start to the last end of a round; the median
 * round, so that one hiccup of the host does not decide the figure. */
static double
throughput (guint         n_producers,
            gboolean      processes,
            RingKind      kind,
            SharedRing   *shared,
            TlCollector  *collector,
            guint64      *delivered)
{
  StartLine *line = mmap (NULL, sizeof *line, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  guint n_rounds = (guint) MAX (1, n_events / EVENTS_PER_ROUND);
  ProducerArgs args[2];
  GThread *threads[2] = { NULL, NULL };
  pid_t pids[2] = { 0, 0 };
  double *round_ns = g_new (double, n_rounds);
  double rate;

  g_assert (line != MAP_FAILED);
  memset (line, 0, sizeof *line);
  for (guint i = 0; i < n_producers; i++)
    {
      args[i] = (ProducerArgs) { line, i, n_rounds, kind, shared };
      if (processes)
        {
          pids[i] = fork ();
          g_assert (pids[i] >= 0);
          if (pids[i] == 0)
            {
              run_producer (&args[i]);
              _exit (0);
            }
        }
      else
        {
          threads[i] = g_thread_new ("producer", producer_thread, &args[i]);
        }
    }

  wait_for_count (&line->ready, (gint) n_producers);

  for (guint round = 1; round <= n_rounds; round++)
    {
      guint64 first = G_MAXUINT64, last = 0;

      __atomic_store_n (&line->done, 0, __ATOMIC_RELEASE);
      __atomic_store_n (&line->go, (gint) round, __ATOMIC_RELEASE);
      wait_for_count (&line->done, (gint) n_producers);
      for (guint i = 0; i < n_producers; i++)
        {
          first = MIN (first, line->start_ns[i]);
          last = MAX (last, line->end_ns[i]);
        }
      round_ns[round - 1] = (double) (last - first);
      if (collector != NULL)
        tl_collector_drain (collector, count_cb, delivered);
    }

  for (guint i = 0; i < n_producers; i++)
    {
      if (processes)
        waitpid (pids[i], NULL, 0);
      else
        g_thread_join (threads[i]);
    }
  munmap (line, sizeof *line);
  rate = (double) n_producers * EVENTS_PER_ROUND / (median (round_ns, n_rounds) / 1e9);
  g_free (round_ns);
  return rate;
}

/* Our ring's throughput, and proof that every event written arrived. */
static double
ring_throughput (guint    n_producers,
                 gboolean processes)
{
  TlRing *ring = make_ring (4, RING_RECORDS);
  guint n_rounds = (guint) MAX (1, n_events / EVENTS_PER_ROUND);
  guint64 expected = (guint64) n_producers * n_rounds * EVENTS_PER_ROUND;
  TlCollector *collector;
  TlCollectorStats stats;
  guint64 delivered = 0;
  double rate;

  tl_trace_set_ring (ring);
  collector = tl_collector_new (ring);
  rate = throughput (n_producers, processes, KIND_RING, NULL, collector, &delivered);
  tl_collector_flush (collector, count_cb, &delivered);
  tl_collector_get_stats (collector, &stats);
  if (delivered != expected || stats.dropped != 0)
    g_error ("throughput run lost events: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
             " delivered, %" G_GUINT64_FORMAT " dropped", delivered, expected, stats.dropped);
  tl_collector_free (collector);
  tl_trace_set_ring (NULL);
  tl_ring_free (ring);
  return rate;
}

/* ---- sustained rate --------------------------------------------------- */

typedef struct
{
  TlCollector *collector;
  gint         stop;
  guint64      delivered;
} Drainer;

static gpointer
drainer_thread (gpointer data)
{
  Drainer *d = data;
  struct timespec pause = { 0, 1000000 };  /* 1 ms, as a live window would */

  pin_to_cpu (1);
  while (!__atomic_load_n (&d->stop, __ATOMIC_ACQUIRE))
    {
      tl_collector_drain (d->collector, count_cb, &d->delivered);
      nanosleep (&pause, NULL);
    }
  return NULL;
}

static void
sustained (double            rate,
           TlCollectorStats *stats,
           guint64          *written,
           double           *achieved)
{
  TlRing *ring = make_ring (4, 4 * 1024 * 1024 / sizeof (TlEvent));
  Drainer drainer = { NULL, 0, 0 };
  GThread *thread;
  guint64 n = (guint64) (rate * sustained_seconds);
  guint64 period = tl_clock_ns_to_ticks (&calibration, (guint64) (1e9 / rate));
  guint64 next, start_ns;

  tl_trace_set_ring (ring);
  drainer.collector = tl_collector_new (ring);
  thread = g_thread_new ("collector", drainer_thread, &drainer);

  pin_to_cpu (0);
  tl_trace_thread_init ();
  start_ns = tl_clock_read_monotonic ();
  next = tl_trace_now ();
  for (guint64 i = 0; i < n; i++)
    {
      while (tl_trace_now () < next)
        cpu_relax ();
      tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, 1, i, 0);
      next += period;
    }
  *achieved = (double) n / ((double) (tl_clock_read_monotonic () - start_ns) / 1e9);
  *written = n;

  __atomic_store_n (&drainer.stop, 1, __ATOMIC_RELEASE);
  g_thread_join (thread);
  tl_collector_flush (drainer.collector, count_cb, &drainer.delivered);
  tl_collector_get_stats (drainer.collector, stats);
  tl_collector_free (drainer.collector);
  tl_trace_set_ring (NULL);
  tl_ring_free (ring);
}

int
main (int   argc,
      char *argv[])
{
  gboolean smoke = FALSE;
  gint64 events_opt = 0;
  double seconds_opt = 0;
  GOptionEntry entries[] = {
    { "smoke", 0, 0, G_OPTION_ARG_NONE, &smoke, "Tiny counts, to check the benchmark runs", NULL },
    { "events", 0, 0, G_OPTION_ARG_INT64, &events_opt, "Events per producer for throughput", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds_opt, "Length of the sustained run", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- measure the trace ring");
  g_autoptr(GError) error = NULL;
  const char *why = NULL;
  double floor_ns, record_ns, mutex_ns, fetch_add_ns;
  double t1, t2, p1, p2, m2, f2, achieved;
  TlCollectorStats stats;
  guint64 written;
  PrivateArray array;
  SharedRing *shared;
  TlRing *ring;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (g_getenv ("TL_BENCH_EVENTS"))
    events_opt = g_ascii_strtoll (g_getenv ("TL_BENCH_EVENTS"), NULL, 10);
  if (g_getenv ("TL_BENCH_SECONDS"))
    seconds_opt = g_ascii_strtod (g_getenv ("TL_BENCH_SECONDS"), NULL);
  if (smoke)
    {
      n_events = 200000;
      n_batches = 21;
      sustained_seconds = 0.01;
    }
  if (events_opt > 0)
    n_events = (guint64) events_opt;
  if (seconds_opt > 0)
    sustained_seconds = seconds_opt;

  clock_source = tl_clock_pick_source (&why);
  tl_clock_calibrate (clock_source, &calibration);
  printf ("# bench-ring: clock %s, %ld cpus, %" G_GUINT64_FORMAT " events per producer\n",
          tl_clock_source_to_string (clock_source), sysconf (_SC_NPROCESSORS_ONLN), n_events);
  printf ("# clock: %s, because %s\n", tl_clock_source_to_string (clock_source), why);

  /* Single producer, median over batches of 1000. */
  pin_to_cpu (0);
  array.mask = pow2_at_least (4 * 1024 * 1024 / sizeof (TlEvent)) - 1;
  array.records = g_new (TlEvent, array.mask + 1);
  memset (array.records, 0xff, (array.mask + 1) * sizeof (TlEvent));  /* pre-fault */
  floor_ns = median_ns_per_event (record_floor, &array);
  g_free (array.records);

  ring = make_ring (2, (guint64) n_batches * BATCH + 16);
  tl_trace_set_ring (ring);
  tl_trace_thread_init ();
  record_ns = median_ns_per_event (record_ring, NULL);
  if (tl_trace_get_dropped () != 0)
    g_error ("the single-producer run dropped events");
  tl_trace_set_ring (NULL);
  tl_ring_free (ring);

  shared = shared_ring_new (pow2_at_least ((guint64) n_batches * BATCH));
  mutex_ns = median_ns_per_event (record_mutex_ring, shared);
  fetch_add_ns = median_ns_per_event (record_fetch_add_ring, shared);
  /* The producers take a core each from here; we only coordinate. */
  unpin ();

  printf ("floor (clock read + 32-byte store)       %7.2f ns/event\n", floor_ns);
  printf ("record, 1 producer                       %7.2f ns/event  = %.2fx floor (target <= 1.5x)\n",
          record_ns, record_ns / floor_ns);
  printf ("baseline: process-shared mutex ring      %7.2f ns/event  = %.2fx floor\n",
          mutex_ns, mutex_ns / floor_ns);
  printf ("baseline: shared fetch_add head          %7.2f ns/event  = %.2fx floor\n",
          fetch_add_ns, fetch_add_ns / floor_ns);

  /* Throughput: everyone flat out, in rounds. */
  t1 = ring_throughput (1, FALSE);
  t2 = ring_throughput (2, FALSE);
  p1 = ring_throughput (1, TRUE);
  p2 = ring_throughput (2, TRUE);
  shared->head = shared->atomic_head = 0;
  m2 = throughput (2, FALSE, KIND_MUTEX, shared, NULL, NULL);
  f2 = throughput (2, FALSE, KIND_FETCH_ADD, shared, NULL, NULL);
  shared_ring_free (shared);

  printf ("throughput, threads:   1 producer %7.1f M/s, 2 producers %7.1f M/s = %.2fx (target >= 1.8x)\n",
          t1 / 1e6, t2 / 1e6, t2 / t1);
  printf ("throughput, processes: 1 producer %7.1f M/s, 2 producers %7.1f M/s = %.2fx (target >= 1.8x)\n",
          p1 / 1e6, p2 / 1e6, p2 / p1);
  printf ("baseline, 2 threads: mutex ring %7.1f M/s = %.2fx, fetch_add head %7.1f M/s = %.2fx of our 1 producer\n",
          m2 / 1e6, m2 / t1, f2 / 1e6, f2 / t1);

  /* Sustained 10 M/s into 4 MiB with the collector on the other core. */
  sustained (10e6, &stats, &written, &achieved);
  printf ("sustained %.1f M events/s for %.2f s, 4 MiB, collector on the other core: "
          "%" G_GUINT64_FORMAT " written, %" G_GUINT64_FORMAT " delivered, "
          "%" G_GUINT64_FORMAT " lost (target 0)\n",
          achieved / 1e6, sustained_seconds, written, stats.delivered, stats.dropped);
  if (stats.delivered + stats.dropped != written)
    g_error ("delivered + dropped != written");

  printf ("for comparison (issue #2, measured here): LTTng-UST ~175 ns/event, "
          "sysprof capture writer ~80 ns/event\n");
  return 0;
}
