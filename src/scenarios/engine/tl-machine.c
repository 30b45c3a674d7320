/* tl-machine.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "tl-engine"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "tl-machine.h"

#define NS_PER_S G_GINT64_CONSTANT (1000000000)

static gint64
timeval_ns (const struct timeval *tv)
{
  return (gint64) tv->tv_sec * NS_PER_S + (gint64) tv->tv_usec * 1000;
}

/* The "cpu" line of /proc/stat: every CPU's time, in clock ticks. */
static gboolean
read_busy (gint64 *busy_ns)
{
  char buf[512];
  unsigned long long user, nice, system, idle, iowait, irq, softirq, steal;
  long hz = sysconf (_SC_CLK_TCK);
  ssize_t n;
  int fd;

  fd = open ("/proc/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0 || hz <= 0)
    return FALSE;
  buf[n] = '\0';
  if (sscanf (buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
              &iowait, &irq, &softirq, &steal) != 8)
    return FALSE;
  *busy_ns = (gint64) ((user + nice + system + irq + softirq + steal) * (NS_PER_S / hz));
  return TRUE;
}

gint64
_tl_machine_thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

void
_tl_machine_sample (TlMachineSample *sample)
{
  struct rusage self, children;
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  sample->wall_ns = (gint64) now.tv_sec * NS_PER_S + now.tv_nsec;
  sample->has_busy = read_busy (&sample->busy_ns);
  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &children);
  sample->ours_ns = timeval_ns (&self.ru_utime) + timeval_ns (&self.ru_stime) +
                    timeval_ns (&children.ru_utime) + timeval_ns (&children.ru_stime);
}

char *
_tl_machine_describe_load (const TlMachineSample *before,
                           const TlMachineSample *after)
{
  double wall = (double) MAX (after->wall_ns - before->wall_ns, 1);
  double ours = (double) (after->ours_ns - before->ours_ns) / wall;
  double busy = after->has_busy && before->has_busy
                ? (double) (after->busy_ns - before->busy_ns) / wall : -1;
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  char busy_text[G_ASCII_DTOSTR_BUF_SIZE] = "?";
  char ours_text[G_ASCII_DTOSTR_BUF_SIZE];

  if (busy >= 0)
    g_ascii_formatd (busy_text, sizeof busy_text, "%.3f", busy);
  g_ascii_formatd (ours_text, sizeof ours_text, "%.3f", MAX (ours, 0.0));
  return g_strdup_printf ("%ld cores, %s busy, %s ours", MAX (cores, 1L), busy_text, ours_text);
}
