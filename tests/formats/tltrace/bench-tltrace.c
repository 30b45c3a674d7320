/* bench-tltrace.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What loading a .tltrace costs, with its baselines measured in the same
 * run on the same file:
 *
 *   write       the recording written through TlTltraceWriter
 *   read()      a plain read() of the file in 1 MiB blocks (page cache warm)
 *   checksum    XXH64 (the format's) and zlib's crc32 over the same bytes
 *   load        tl_tltrace_load (): map, check, replay every event through
 *               the model's derivation, finish
 *   floor       touching as much fresh memory as the loaded model holds:
 *               no load can take less (page faults dominate on VMs)
 *
 * and the memory the loaded model holds: resident set growth after the
 * load (the file unmapped again) per event, and the model's own count of
 * its arrays (tl_trace_model_get_memory_size ()).  Targets (issue 3): load
 * at 50% or more of the plain read's speed; 40 bytes per event or less.
 * It never asserts a time; run as a benchmark, it exits 1 when it misses
 * a target (a --smoke run judges none).
 *
 * The trace is a realistic mix: 8 threads in 2 processes doing tasks that
 * read a value, take one of 4 locks (waiting when another thread holds
 * it), read and write under it, release it, then sleep or do I/O, and
 * print now and then.
 *
 * Usage: bench-tltrace [--smoke] [--events N] [--keep]
 * (or TL_BENCH_EVENTS).  The file is written to the current directory
 * (the build directory under meson) and removed unless --keep.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "tl-tltrace-private.h"
#include "trace-gen.h"

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

/* CPU seconds this process used (user and system): less at the mercy of
 * other work on a shared machine than the wall clock. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + (double) usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + (double) usage.ru_stime.tv_usec / 1e6;
}

/* Resident set size in bytes (VmRSS) or peak (VmHWM). */
static gsize
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  return (gsize) g_ascii_strtoull (line + strlen (field) + 1, NULL, 10) * 1024;
}

static void
reset_peak (void)
{
  /* Linux >= 4.0: writing 5 resets VmHWM. */
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

/* Maps @bytes of fresh memory and writes a byte in every page. */
static double
touch_fresh (gsize bytes)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  double t0 = now_s ();
  guint8 *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  double t;

  g_assert (p != MAP_FAILED);
  for (gsize i = 0; i < bytes; i += page)
    p[i] = 1;
  t = now_s () - t0;
  munmap (p, bytes);
  return t;
}

static double
plain_read (const char *path,
            gsize      *total)
{
  g_autofree guint8 *buffer = g_malloc (1 << 20);
  double t0 = now_s ();
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  gssize n;

  g_assert (fd >= 0);
  *total = 0;
  while ((n = read (fd, buffer, 1 << 20)) > 0)
    *total += (gsize) n;
  close (fd);
  return now_s () - t0;
}

/* "met", or "MISSED" (counted); a smoke run's figures say nothing. */
static const char *
judge (gboolean  smoke,
       gboolean  met,
       guint    *missed)
{
  if (smoke)
    return "not judged";
  if (!met)
    (*missed)++;
  return met ? "met" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  guint missed = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) live = NULL;
  g_autoptr(TlTraceModel) model = NULL;
  g_autofree char *path = NULL;
  guint64 n_events = 10000000;
  gboolean smoke = FALSE, keep = FALSE;
  double t_write, t_read = G_MAXDOUBLE, t_load1, t_load2, t_xxh, t_crc, t_floor, t;
  double c, c_load1, c_load2;
  gsize file_size = 0, rss_before, rss_after, rss_peak, model_size;
  guint64 n_spans = 0;
  guint n_flows;
  guint64 dropped, torn, corrupt;
  const char *env = g_getenv ("TL_BENCH_EVENTS");
  double mb;

  if (env != NULL)
    n_events = g_ascii_strtoull (env, NULL, 10);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--smoke") == 0)
        smoke = TRUE;
      else if (strcmp (argv[i], "--keep") == 0)
        keep = TRUE;
      else if (strcmp (argv[i], "--events") == 0 && i + 1 < argc)
        n_events = g_ascii_strtoull (argv[++i], NULL, 10);
      else
        {
          fprintf (stderr, "Usage: %s [--smoke] [--events N] [--keep]\n", argv[0]);
          return 2;
        }
    }
  if (smoke)
    n_events = 20000;
  path = g_strdup_printf ("bench-tltrace-%" G_GUINT64_FORMAT ".tltrace", n_events);

  /* The live model is the reference only for the smoke run: at ten
   * million events it would double the memory being measured. */
  if (smoke)
    live = tl_trace_model_new ();
  t = now_s ();
  n_events = tl_trace_gen_tltrace (path, n_events, live, &error);
  if (n_events == 0)
    g_error ("%s", error->message);
  t_write = now_s () - t;

  for (int r = 0; r < 3; r++)
    t_read = MIN (t_read, plain_read (path, &file_size));
  mb = (double) file_size / 1e6;

  /* The checksum candidates over the same bytes, file mapped. */
  {
    g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
    const guint8 *data;
    volatile guint64 sink;

    g_assert_no_error (error);
    data = (const guint8 *) g_mapped_file_get_contents (mapped);
    sink = _tl_tltrace_checksum (data, file_size);
    t = now_s ();
    sink = _tl_tltrace_checksum (data, file_size);
    t_xxh = now_s () - t;
    t = now_s ();
    sink = crc32 (0, data, (uInt) MIN (file_size, G_MAXUINT32));
    t_crc = now_s () - t;
    (void) sink;
  }

  rss_before = status_kb ("VmRSS:");
  reset_peak ();
  c = cpu_s ();
  t = now_s ();
  model = tl_tltrace_load (path, NULL, NULL, NULL, &error);
  t_load1 = now_s () - t;
  c_load1 = cpu_s () - c;
  g_assert_no_error (error);
  rss_after = status_kb ("VmRSS:");
  rss_peak = status_kb ("VmHWM:");
  model_size = tl_trace_model_get_memory_size (model);
  g_assert_cmpuint (tl_trace_model_get_n_events (model), ==, n_events);
  tl_trace_model_get_loss (model, &dropped, &torn, &corrupt);
  g_assert_cmpuint (corrupt, ==, 0);
  for (guint i = 0; i < tl_trace_model_get_n_warnings (model); i++)
    g_printerr ("warning: %s\n", tl_trace_model_get_warning (model, i)->error->message);
  g_assert_cmpuint (tl_trace_model_get_n_warnings (model), ==, 0);
  if (live != NULL)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      tl_trace_model_finish (live, TL_TS_NONE);
      a = tl_trace_model_dump (live);
      b = tl_trace_model_dump (model);
      g_assert_cmpstr (a, ==, b);
    }

  printf ("bench-tltrace: %" G_GUINT64_FORMAT " events, file %.1f MB (%.1f bytes/event)\n",
          n_events, mb, (double) file_size / (double) n_events);
  for (guint k = 0; k < TL_N_SPAN_KINDS; k++)
    n_spans += tl_trace_model_get_span_count (model, k);
  tl_trace_model_get_flows (model, &n_flows);
  printf ("  spans %" G_GUINT64_FORMAT ", instants %" G_GUINT64_FORMAT ", flows %u\n",
          n_spans, tl_trace_model_get_n_instants (model), n_flows);
  printf ("  write (TlTltraceWriter)  %8.3f s  %8.0f MB/s  %6.2f M events/s\n",
          t_write, mb / t_write, (double) n_events / t_write / 1e6);
  printf ("  plain read() 1 MiB       %8.3f s  %8.0f MB/s  (best of 3)\n", t_read, mb / t_read);
  printf ("  checksum XXH64           %8.3f s  %8.0f MB/s\n", t_xxh, mb / t_xxh);
  printf ("  checksum zlib crc32      %8.3f s  %8.0f MB/s\n", t_crc, mb / t_crc);
  g_clear_object (&model);

  c = cpu_s ();
  t = now_s ();
  model = tl_tltrace_load (path, NULL, NULL, NULL, &error);
  t_load2 = now_s () - t;
  c_load2 = cpu_s () - c;
  g_assert_no_error (error);
  g_clear_object (&model);

  t_floor = touch_fresh (model_size);
  t = MIN (t_load1, t_load2);
  printf ("  load (1st, 2nd)          %8.3f s, %.3f s  (CPU time %.3f s, %.3f s)\n",
          t_load1, t_load2, c_load1, c_load2);
  printf ("  load (best)              %8.3f s  %8.0f MB/s  %6.2f M events/s  = %.0f%% of read()"
          "  (target >= 50%%: %s)\n",
          t, mb / t, (double) n_events / t / 1e6, 100.0 * t_read / t,
          judge (smoke, t_read / t >= 0.5, &missed));
  printf ("  floor: fresh memory      %8.3f s  to touch the model's %.1f MB (%.0f%% of the load)\n",
          t_floor, (double) model_size / 1e6, 100.0 * t_floor / t);
  printf ("  resident after load      %8.1f MB   %6.1f bytes/event  (target <= 40: %s)\n",
          (double) (rss_after - rss_before) / 1e6,
          (double) (rss_after - rss_before) / (double) n_events,
          judge (smoke, (double) (rss_after - rss_before) / (double) n_events <= 40, &missed));
  printf ("  model memory size        %8.1f MB   %6.1f bytes/event\n",
          (double) model_size / 1e6, (double) model_size / (double) n_events);
  printf ("  peak resident during load growth %.1f MB (the read window included)\n",
          (double) (rss_peak - rss_before) / 1e6);

  if (!keep)
    g_unlink (path);
  if (missed > 0)
    printf ("# %u target%s MISSED\n", missed, missed > 1 ? "s" : "");
  return missed > 0 ? 1 : 0;
}
