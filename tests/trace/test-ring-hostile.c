/* test-ring-hostile.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader against a segment that producers scribble on.  Any process
 * that records can write anything anywhere in the segment; the collector
 * must not crash, loop, read out of bounds or grow without bound.
 *
 * The scribbling runs in the reader's own thread, the producers in forked
 * children (or are faked by the scribbler), so that the test is also clean
 * under ThreadSanitizer.
 * TL_FUZZ_ITERATIONS sets how many rounds of damage it does.
 */
#include "config.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "tl-collector.h"
#include "tl-probe.h"
#include "tl-ring-private.h"

static guint
fuzz_iterations (guint fallback)
{
  const char *value = g_getenv ("TL_FUZZ_ITERATIONS");

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static void
count_cb (const TlCollectedEvent *event,
          gpointer                user_data)
{
  guint64 *count = user_data;

  /* Touch what we were given: a bad pointer here is a reader bug. */
  if (event->text != NULL)
    g_assert_cmpuint (strlen (event->text), <=, event->text_len);
  g_assert_cmpuint (event->event.kind, <, TL_EVENT_N_KINDS);
  g_assert_cmpuint (event->event.kind, !=, TL_EVENT_NONE);
  (*count)++;
}

/* A child that records forever: events, names of every length, texts. */
static pid_t
fork_chatterbox (guint32 seed)
{
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char text[300];
      guint32 x = seed;

      memset (text, 'x', sizeof text);
      for (guint64 i = 0;; i++)
        {
          x = x * 1103515245u + 12345u;
          tl_trace_record (TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, seed, i, 0);
          if (x % 7 == 0)
            tl_trace_name (TL_ROLE_STEP, i, text, x % sizeof text);
          if (x % 11 == 0)
            tl_trace_record_text (TL_EVENT_PRINT, 0, 0, text, (x >> 8) % sizeof text);
          if (i % 64 == 0)
            usleep (50);
        }
    }
  return pid;
}

static void
kill_and_reap (pid_t *children,
               guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      kill (children[i], SIGKILL);
      waitpid (children[i], NULL, 0);
    }
}

static const guint64 edge_values[] = {
  0, 1, 2, 3, 255, 256, 257, 1023, 1024, 4096, 4097, G_MAXUINT32, (guint64) G_MAXUINT32 + 1,
  G_MAXINT64, (guint64) G_MAXINT64 + 1, G_MAXUINT64 - 1, G_MAXUINT64,
};

static guint64
hostile_value (GRand *rand)
{
  if (g_rand_boolean (rand))
    return edge_values[g_rand_int_range (rand, 0, G_N_ELEMENTS (edge_values))];
  return ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
}

/* One act of damage somewhere in the segment. */
static void
scribble (TlRing *ring,
          GRand  *rand)
{
  guint8 *base = ring->base;
  guint choice = g_rand_int_range (rand, 0, 6);
  TlSlot *slot = &ring->slots[g_rand_int_range (rand, 0, ring->n_slots)];

  switch (choice)
    {
    case 0:  /* random bytes at a random place */
      {
        gsize len = g_rand_int_range (rand, 1, 64);
        gsize off = g_rand_int_range (rand, 0, (gint32) (ring->size - len));

        for (gsize i = 0; i < len; i++)
          base[off + i] = (guint8) g_rand_int (rand);
      }
      break;

    case 1:  /* the header */
      {
        gsize off = g_rand_int_range (rand, 0, sizeof (TlRingHeader) - 8);
        guint64 v = hostile_value (rand);

        memcpy (base + off, &v, sizeof v);
      }
      break;

    case 2:  /* a slot's positions */
      {
        guint64 v = hostile_value (rand);

        switch (g_rand_int_range (rand, 0, 5))
          {
          case 0: __atomic_store_n (&slot->head, v, __ATOMIC_RELAXED); break;
          case 1: __atomic_store_n (&slot->reserve, v, __ATOMIC_RELAXED); break;
          case 2: __atomic_store_n (&slot->tail, v, __ATOMIC_RELAXED); break;
          case 3: __atomic_store_n (&slot->dropped, v, __ATOMIC_RELAXED); break;
          default:
            __atomic_store_n (&slot->head,
                              __atomic_load_n (&slot->head, __ATOMIC_RELAXED) +
                              g_rand_int_range (rand, -2000, 2000),
                              __ATOMIC_RELAXED);
            break;
          }
      }
      break;

    case 3:  /* a slot's identity and state */
      {
        guint32 v = (guint32) hostile_value (rand);

        switch (g_rand_int_range (rand, 0, 5))
          {
          case 0: __atomic_store_n (&slot->state, v % 6, __ATOMIC_RELAXED); break;
          case 1: __atomic_store_n (&slot->state, v, __ATOMIC_RELAXED); break;
          case 2: __atomic_store_n (&slot->generation, v, __ATOMIC_RELAXED); break;
          case 3: __atomic_store_n (&slot->pid, v, __ATOMIC_RELAXED); break;
          default: __atomic_store_n (&slot->tid, v, __ATOMIC_RELAXED); break;
          }
      }
      break;

    case 4:  /* a record that lies: a name longer than what follows */
      {
        guint32 index = (guint32) (slot - ring->slots);
        TlEvent *records = _tl_ring_slot_records (ring, index);
        TlEvent *ev = &records[g_rand_int_range (rand, 0, ring->slot_capacity)];

        ev->kind = g_rand_boolean (rand) ? TL_EVENT_NAME : (guint16) g_rand_int (rand);
        ev->aux = (guint32) hostile_value (rand);
        ev->ts = hostile_value (rand);
      }
      break;

    default:  /* a whole slot's records wiped or filled */
      {
        guint32 index = (guint32) (slot - ring->slots);
        TlEvent *records = _tl_ring_slot_records (ring, index);

        memset (records, g_rand_boolean (rand) ? 0 : 0xff,
                (gsize) ring->slot_capacity * sizeof (TlEvent));
      }
      break;
    }
}

static void
test_hostile_scribble (void)
{
  TlRingOptions options;
  TlRing *ring = NULL;
  TlCollector *collector;
  TlCollectorStats stats;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  pid_t children[3];
  guint64 delivered = 0;
  guint iterations = fuzz_iterations (20000);

  tl_ring_options_init (&options);
  options.n_producers = 6;
  options.bytes_per_producer = 512 * sizeof (TlEvent);
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  tl_trace_set_ring (ring);
  collector = tl_collector_new (ring);
  tl_collector_set_liveness_interval (collector, 1);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    children[i] = fork_chatterbox (i + 1);

  for (guint i = 0; i < iterations; i++)
    {
      /* Mostly let the producers write, so that there is real data to
       * damage and to read between the acts. */
      guint acts = g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 1, 4) : 0;
      gsize n;

      for (guint a = 0; a < acts; a++)
        scribble (ring, rand);
      if (i % 16 == 0)
        g_usleep (100);
      /* Fresh producers now and then: damaged ones may have lost their
       * slot, and new claims meet whatever state the slots are in. */
      if (i % 2000 == 1999)
        {
          kill_and_reap (children, G_N_ELEMENTS (children));
          for (guint c = 0; c < G_N_ELEMENTS (children); c++)
            children[c] = fork_chatterbox (i + c);
        }
      n = (i % 50 == 49) ? tl_collector_flush (collector, count_cb, &delivered)
                         : tl_collector_drain (collector, count_cb, &delivered);
      /* A drain reads at most a sub-buffer's worth per slot, plus what it
       * held back: bounded whatever the segment says. */
      g_assert_cmpuint (n, <=, 2 * (gsize) options.n_producers * ring->slot_capacity + (1u << 22));
    }

  kill_and_reap (children, G_N_ELEMENTS (children));
  tl_collector_flush (collector, count_cb, &delivered);
  tl_collector_get_stats (collector, &stats);
  g_test_message ("%u rounds: %" G_GUINT64_FORMAT " delivered, %" G_GUINT64_FORMAT
                  " corrupt, %" G_GUINT64_FORMAT " torn, %u producers",
                  iterations, stats.delivered, stats.corrupt, stats.torn, stats.n_producers);
  g_assert_cmpuint (stats.delivered, ==, delivered);
  g_assert_cmpuint (stats.corrupt, >, 0);

  tl_trace_set_ring (NULL);
  tl_collector_free (collector);
  tl_ring_free (ring);
  g_rand_free (rand);
}

/* Every slot field set to every edge value in turn, with live producers. */
static void
test_hostile_edges (void)
{
  TlRingOptions options;
  TlRing *ring = NULL;
  TlCollector *collector;
  pid_t children[2];
  guint64 delivered = 0;

  tl_ring_options_init (&options);
  options.n_producers = 3;
  options.bytes_per_producer = 256 * sizeof (TlEvent);
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  tl_trace_set_ring (ring);
  collector = tl_collector_new (ring);
  tl_collector_set_liveness_interval (collector, 0);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    children[i] = fork_chatterbox (i + 1);
  g_usleep (20000);

  for (guint field = 0; field < 8; field++)
    for (guint e = 0; e < G_N_ELEMENTS (edge_values); e++)
      for (guint s = 0; s < ring->n_slots; s++)
        {
          TlSlot *slot = &ring->slots[s];
          guint64 v = edge_values[e];

          switch (field)
            {
            case 0: __atomic_store_n (&slot->head, v, __ATOMIC_RELAXED); break;
            case 1: __atomic_store_n (&slot->reserve, v, __ATOMIC_RELAXED); break;
            case 2: __atomic_store_n (&slot->tail, v, __ATOMIC_RELAXED); break;
            case 3: __atomic_store_n (&slot->dropped, v, __ATOMIC_RELAXED); break;
            case 4: __atomic_store_n (&slot->state, (guint32) v, __ATOMIC_RELAXED); break;
            case 5: __atomic_store_n (&slot->generation, (guint32) v, __ATOMIC_RELAXED); break;
            case 6: __atomic_store_n (&slot->pid, (guint32) v, __ATOMIC_RELAXED); break;
            default: __atomic_store_n (&slot->tid, (guint32) v, __ATOMIC_RELAXED); break;
            }
          tl_collector_drain (collector, count_cb, &delivered);
          __atomic_store_n (&slot->state, TL_SLOT_ACTIVE, __ATOMIC_RELAXED);
          tl_collector_drain (collector, count_cb, &delivered);
        }

  kill_and_reap (children, G_N_ELEMENTS (children));
  tl_collector_flush (collector, count_cb, &delivered);
  g_assert_cmpuint (delivered, >, 0);

  tl_trace_set_ring (NULL);
  tl_collector_free (collector);
  tl_ring_free (ring);
}

/* Makes @slot look like a new producer's (a new generation, alive: our own
 * thread) that committed a few records: events with hostile timestamps,
 * and now and then a name as long as names go. */
static void
fake_new_producer (TlRing  *ring,
                   guint32  index,
                   guint32  generation,
                   GRand   *rand)
{
  TlSlot *slot = &ring->slots[index];
  TlEvent *records = _tl_ring_slot_records (ring, index);
  guint64 n = 2;

  records[0] = (TlEvent) { hostile_value (rand), 1, 0, TL_EVENT_TASK_BEGIN, TL_ROLE_TASK, 0, 0 };
  records[1] = (TlEvent) { G_MAXUINT64, 1, 1, TL_EVENT_TASK_END, TL_ROLE_TASK, 0, 0 };
  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      records[2] = (TlEvent) { G_MAXUINT64, 1, 0, TL_EVENT_NAME, TL_ROLE_STEP, 0, TL_NAME_MAX };
      memset (&records[3], 'n', TL_NAME_MAX);
      n += tl_event_name_n_records (TL_NAME_MAX);
    }
  __atomic_store_n (&slot->pid, (guint32) getpid (), __ATOMIC_RELAXED);
  __atomic_store_n (&slot->tid, (guint32) gettid (), __ATOMIC_RELAXED);
  __atomic_store_n (&slot->reserve, n, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->head, n, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->generation, generation, __ATOMIC_RELAXED);
  __atomic_store_n (&slot->state, TL_SLOT_ACTIVE, __ATOMIC_RELAXED);
}

/* Producers that come and go as fast as the reader looks, most of them
 * leaving events stamped far in the future behind: the collector met
 * 1,024,000 of them and kept them all (98 MB, 7.4 ms a drain).  It must
 * forget finished ones and hold a bounded amount whatever they leave. */
static void
test_hostile_churn (void)
{
  TlRingOptions options;
  TlRing *ring = NULL;
  TlCollector *collector;
  TlCollectorStats stats;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint rounds = fuzz_iterations (16000);  /* 1,024,000 producers, as found */
  guint64 delivered = 0, max_held = 0, held_early = 0;
  guint32 max_kept = 0;
  gint64 start;
  double ms_per_drain;

  tl_ring_options_init (&options);
  options.n_producers = 64;
  options.bytes_per_producer = 256 * sizeof (TlEvent);
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);
  collector = tl_collector_new (ring);

  start = g_get_monotonic_time ();
  for (guint r = 1; r <= rounds; r++)
    {
      for (guint32 s = 0; s < ring->n_slots; s++)
        fake_new_producer (ring, s, r, rand);
      tl_collector_drain (collector, count_cb, &delivered);

      tl_collector_get_stats (collector, &stats);
      max_kept = MAX (max_kept, stats.n_kept);
      max_held = MAX (max_held, stats.held_bytes);
      if (r == rounds / 10)
        held_early = max_held;
    }
  ms_per_drain = (double) (g_get_monotonic_time () - start) / 1000.0 / rounds;

  tl_collector_get_stats (collector, &stats);
  g_test_message ("%u rounds: %u producers met, at most %u kept and %" G_GUINT64_FORMAT
                  " bytes held (%" G_GUINT64_FORMAT " after a tenth of the rounds), "
                  "%.3f ms a drain, %" G_GUINT64_FORMAT " pending",
                  rounds, stats.n_producers, max_kept, max_held, held_early,
                  ms_per_drain, stats.pending);

  /* Every producer was met, and every finished one's counts live on. */
  g_assert_cmpuint (stats.n_producers, ==, MIN ((guint64) rounds * ring->n_slots, G_MAXUINT32));
  g_assert_cmpuint (stats.n_active, ==, ring->n_slots);
  g_assert_cmpuint (stats.delivered + stats.pending, >=, 2 * (guint64) rounds * ring->n_slots);
  g_assert_cmpuint (stats.delivered, ==, delivered);

  /* Kept: the running ones, the lingering ones, and the history. */
  g_assert_cmpuint (max_kept, <=, TL_COLLECTOR_HISTORY + 3 * MAX (ring->n_slots, 64));
  /* Held: what the rounds of a tenth of the run needed, and no more
   * (names and pending events within their bounds, and every pool and
   * queue allocated early); 1,280,000 producers kept would be over 100 MB. */
  g_assert_cmpuint (max_held, <=, held_early + (held_early / 2));
  g_assert_cmpuint (max_held, <, 64u << 20);

  /* Whatever is still pending goes out at the end, and only then. */
  tl_collector_flush (collector, count_cb, &delivered);
  tl_collector_get_stats (collector, &stats);
  g_assert_cmpuint (stats.pending, ==, 0);
  g_assert_cmpuint (stats.delivered, ==, delivered);

  tl_collector_free (collector);
  tl_ring_free (ring);
  g_rand_free (rand);
}

/* Segments that were never rings, or whose header lies, are refused at
 * attach; one with a good header and garbage after it is read safely. */
static void
test_hostile_attach (void)
{
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  TlRing *ring = NULL, *attached = NULL;
  TlRingOptions options;
  guint64 delivered = 0;
  guint iterations = fuzz_iterations (20000) / 20;

  tl_ring_options_init (&options);
  options.n_producers = 4;
  options.bytes_per_producer = 256 * sizeof (TlEvent);
  g_assert_cmpint (tl_ring_new (&options, &ring), ==, 0);

  for (guint i = 0; i < iterations; i++)
    {
      TlRingHeader saved = *ring->header;
      gsize off = g_rand_int_range (rand, 0, offsetof (TlRingHeader, pad0));
      guint8 byte = (guint8) g_rand_int (rand);
      int r;

      /* Damage one byte of the static header: attach refuses or the
       * geometry it accepts is still self-consistent. */
      if (((guint8 *) ring->header)[off] == byte)
        byte ^= 1;
      ((guint8 *) ring->header)[off] = byte;
      r = tl_ring_attach_fd (tl_ring_get_fd (ring), &attached);
      if (r == 0)
        {
          TlCollector *collector = tl_collector_new (attached);

          tl_collector_flush (collector, count_cb, &delivered);
          tl_collector_free (collector);
          tl_ring_free (attached);
        }
      else
        {
          g_assert_null (attached);
        }
      memcpy (ring->header, &saved, sizeof saved);
    }

  /* A good header over random slots and records. */
  for (gsize i = TL_RING_HEADER_SIZE; i < ring->size; i++)
    ring->base[i] = (guint8) g_rand_int (rand);
  g_assert_cmpint (tl_ring_attach_fd (tl_ring_get_fd (ring), &attached), ==, 0);
  {
    TlCollector *collector = tl_collector_new (attached);

    for (guint i = 0; i < 100; i++)
      tl_collector_drain (collector, count_cb, &delivered);
    tl_collector_flush (collector, count_cb, &delivered);
    tl_collector_free (collector);
  }
  tl_ring_free (attached);
  tl_ring_free (ring);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/ring/hostile/scribble", test_hostile_scribble);
  g_test_add_func ("/trace/ring/hostile/edges", test_hostile_edges);
  g_test_add_func ("/trace/ring/hostile/churn", test_hostile_churn);
  g_test_add_func ("/trace/ring/hostile/attach", test_hostile_attach);

  return g_test_run ();
}
