/* test-model-order.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order views list processes and lanes in: creation order, whatever
 * order the events arrived in, for live events and explicit items alike,
 * with explicit sort indices first; and Threadline's own machinery, known
 * from the trace itself, through saving and loading.
 */
#include "config.h"

#include <signal.h>

#include <glib.h>

#include "tl-format.h"
#include "tl-test-util.h"
#include "tl-tltrace.h"
#include "tl-trace-model.h"

#define MS TL_TEST_MS

/* The pids of the processes in view order, as "10 12 11". */
static char *
process_order (TlTraceModel *model)
{
  GString *out = g_string_new (NULL);
  guint n;
  const guint32 *order = tl_trace_model_get_process_order (model, &n);

  g_assert_cmpuint (n, ==, tl_trace_model_get_n_processes (model));
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? " " : "",
                            tl_trace_model_get_process (model, order[i])->pid);
  return g_string_free (out, FALSE);
}

/* A process's lanes in view order, by their names. */
static char *
lane_order (TlTraceModel *model,
            guint32       pid)
{
  GString *out = g_string_new (NULL);
  guint32 process = tl_trace_model_lookup_process (model, pid);
  guint n;
  const guint32 *order = tl_trace_model_get_lane_order (model, process, &n);

  for (guint i = 0; i < n; i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, order[i]);
      const char *name = tl_trace_model_get_string (model, tl_lane_get_name (lane));

      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", name != NULL ? name : "?");
    }
  return g_string_free (out, FALSE);
}

/* A parent (pid 10) forks four children, Process-1 to Process-4 (pids
 * 21 to 24, the kernel's numbering is the order of the forks); each
 * records its own start when it first runs, so their starts are not in
 * that order (Process-3 runs first), and their events reach the model in
 * yet another order, as a collector with a buffer per producer delivers
 * them.  The parent starts three threads too, Thread-2 running first. */
static GArray *
family_events (void)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (TlModelEvent));
  /* pid, start time in ms, name */
  static const struct { guint32 pid; gint64 ms; const char *name; } children[] = {
    { 23, 1, "Process-3" },
    { 21, 3, "Process-1" },
    { 24, 4, "Process-4" },
    { 22, 2, "Process-2" },
  };
  static const struct { guint32 tid; gint64 ms; const char *name; } threads[] = {
    { 13, 6, "Thread-2" },
    { 17, 9, "Thread-3" },
    { 11, 7, "Thread-1" },
  };
  TlModelEvent e;

  /* The runner, the parent's parent, is Threadline's machinery. */
  e = tl_test_name_event (0, 5, 5, TL_ROLE_PROCESS, 5, "threadline-runner");
  g_array_append_val (events, e);
  e = tl_test_name_event (0, 5, 5, TL_ROLE_THREAD, 5, "supervisor");
  g_array_append_val (events, e);
  e = tl_test_name_event (0, 5, 5, TL_ROLE_MACHINERY, 5, "threadline-runner");
  g_array_append_val (events, e);

  e = tl_test_event (0, 10, 10, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 10, 5);
  g_array_append_val (events, e);
  e = tl_test_name_event (0, 10, 10, TL_ROLE_PROCESS, 10, "MainProcess");
  g_array_append_val (events, e);
  e = tl_test_name_event (0, 10, 10, TL_ROLE_THREAD, 10, "MainThread");
  g_array_append_val (events, e);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      e = tl_test_name_event (threads[i].ms * MS, 10, threads[i].tid, TL_ROLE_THREAD,
                              threads[i].tid, threads[i].name);
      g_array_append_val (events, e);
      e = tl_test_event (threads[i].ms * MS, 10, threads[i].tid, TL_EVENT_THREAD_START,
                         TL_ROLE_THREAD, threads[i].tid, 10);
      g_array_append_val (events, e);
    }
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      guint32 pid = children[i].pid;

      e = tl_test_event (children[i].ms * MS, pid, pid, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS,
                         pid, 10);
      g_array_append_val (events, e);
      e = tl_test_name_event (children[i].ms * MS, pid, pid, TL_ROLE_PROCESS, pid,
                              children[i].name);
      g_array_append_val (events, e);
      e = tl_test_name_event (children[i].ms * MS, pid, pid, TL_ROLE_THREAD, pid, "MainThread");
      g_array_append_val (events, e);
      e = tl_test_event (20 * MS, pid, pid, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, pid, 0);
      g_array_append_val (events, e);
    }
  /* The GIL, first used by the parent's main thread. */
  e = tl_test_event (1 * MS, 10, 10, TL_EVENT_LOCK_ACQUIRE, TL_ROLE_GIL, 99, 0);
  g_array_append_val (events, e);
  e = tl_test_event (2 * MS, 10, 10, TL_EVENT_LOCK_RELEASE, TL_ROLE_GIL, 99, 0);
  g_array_append_val (events, e);
  /* The run's end takes the main process with it: stopped, no crash. */
  e = tl_test_event (30 * MS, 5, 5, TL_EVENT_PROCESS_EXIT, TL_ROLE_PROCESS, 10, SIGKILL);
  e.flags = TL_FLAG_SIGNALED | TL_FLAG_STOPPED;
  g_array_append_val (events, e);
  return events;
}

static TlTraceModel *
family_model (void)
{
  g_autoptr(GArray) events = family_events ();
  TlTraceModel *model = tl_trace_model_new ();

  tl_trace_model_add_events (model, (TlModelEvent *) (gpointer) events->data, events->len);
  tl_trace_model_finish (model, TL_TS_NONE);
  return model;
}

static void
check_family (TlTraceModel *model)
{
  g_autofree char *processes = process_order (model);
  g_autofree char *lanes = lane_order (model, 10);

  /* The runner, then the parent above its children, in fork order. */
  g_assert_cmpstr (processes, ==, "5 10 21 22 23 24");
  /* The main thread, its threads in the order they were made, the GIL. */
  g_assert_cmpstr (lanes, ==, "MainThread Thread-1 Thread-2 Thread-3 ?");
}

static void
test_order_live (void)
{
  g_autoptr(TlTraceModel) model = family_model ();

  check_family (model);
  g_assert_cmpint (tl_trace_model_get_process_begin (model, tl_trace_model_lookup_process (model, 23)),
                   ==, 1 * MS);
}

/* While events arrive: a child seen before its parent is still listed
 * under it, and the order is worked out again as the model grows. */
static void
test_order_growing (void)
{
  g_autoptr(GArray) events = family_events ();
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  TlModelEvent first = tl_test_event (5 * MS, 30, 30, TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 30, 10);

  tl_trace_model_add_event (model, &first);
  before = process_order (model);
  g_assert_cmpstr (before, ==, "30");
  tl_trace_model_add_events (model, (TlModelEvent *) (gpointer) events->data, events->len);
  after = process_order (model);
  /* 30, forked last, after Process-4. */
  g_assert_cmpstr (after, ==, "5 10 21 22 23 24 30");
}

/* Imported traces: explicit items in file order, the same result; and an
 * explicit sort index wins over times. */
static void
test_order_items (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  static const struct { guint32 pid; gint64 ms; } processes[] = { { 3, 5 }, { 1, 9 }, { 2, 1 } };
  static const struct { guint32 tid; gint64 ms; const char *name; } threads[] = {
    { 30, 8, "late" }, { 31, 2, "early" }, { 32, 4, "middle" }, { 33, 9, "pinned" },
  };
  g_autofree char *by_time = NULL;
  g_autofree char *by_index = NULL;
  g_autofree char *lanes = NULL;
  g_autofree char *pinned = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (processes); i++)
    {
      guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, processes[i].pid, 1);
      TlSpan span = { processes[i].ms * MS, 20 * MS, 0, 0, TL_INDEX_NONE, TL_SPAN_SLICE, 0, 0 };

      tl_trace_model_add_span (model, lane, &span);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      guint32 lane = tl_trace_model_ensure_lane (model, TL_LANE_THREAD, 3, threads[i].tid);
      TlInstant instant = { threads[i].ms * MS, 0, TL_INDEX_NONE, TL_EVENT_MARK, TL_ROLE_TEXT, 0 };

      tl_trace_model_set_lane_name (model, lane, tl_trace_model_intern (model, threads[i].name, -1));
      tl_trace_model_add_instant (model, lane, &instant);
    }
  tl_trace_model_finish (model, TL_TS_NONE);

  by_time = process_order (model);
  g_assert_cmpstr (by_time, ==, "2 3 1");
  lanes = lane_order (model, 3);
  g_assert_cmpstr (lanes, ==, "early middle ? late pinned");

  /* Chrome's process_sort_index and thread_sort_index. */
  tl_trace_model_set_process_sort_index (model, 1, -1);
  tl_trace_model_set_lane_sort_index (model, tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 3, 33),
                                      -5);
  by_index = process_order (model);
  g_assert_cmpstr (by_index, ==, "1 2 3");
  pinned = lane_order (model, 3);
  g_assert_cmpstr (pinned, ==, "pinned early middle ? late");
}

/* Parents that form a loop (pids reused) still list everyone once. */
static void
test_order_loop (void)
{
  g_autoptr(TlTraceModel) model = tl_trace_model_new ();
  g_autofree char *order = NULL;

  tl_trace_model_set_process_parent (model, 1, 2);
  tl_trace_model_set_process_parent (model, 2, 1);
  tl_trace_model_set_process_parent (model, 3, 2);
  tl_trace_model_set_process_start (model, 1, 10);
  tl_trace_model_set_process_start (model, 2, 20);
  tl_trace_model_set_process_start (model, 3, 30);
  order = process_order (model);
  g_assert_cmpstr (order, ==, "1 2 3");
}

static void
check_machinery (TlTraceModel *model)
{
  guint32 runner = tl_trace_model_lookup_process (model, 5);
  guint32 main_process = tl_trace_model_lookup_process (model, 10);

  g_assert_true (tl_trace_model_is_machinery_process (model, runner));
  g_assert_false (tl_trace_model_is_machinery_process (model, main_process));
  g_assert_true (tl_trace_model_is_machinery_lane (model,
                                                   tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 5, 5)));
  g_assert_false (tl_trace_model_is_machinery_lane (model,
                                                    tl_trace_model_lookup_lane (model, TL_LANE_THREAD, 10, 10)));
  g_assert_true (tl_trace_model_get_process (model, main_process)->signaled);
  g_assert_true (tl_trace_model_get_process (model, main_process)->stopped);
  g_assert_false (tl_trace_model_get_process (model, runner)->stopped);
}

/* The runner says what it is in the trace, and which process the run's
 * end stopped; a recording replayed, a model saved as items and its
 * Chrome JSON export all keep both. */
static void
test_machinery_survives_saving (void)
{
  g_autoptr(TlTestTmpDir) dir = tl_test_tmp_dir_new ("threadline-order");
  g_autoptr(TlTraceModel) model = family_model ();
  g_autoptr(TlTraceModel) saved = NULL;
  g_autoptr(TlTraceModel) recorded = NULL;
  g_autoptr(GArray) events = family_events ();
  g_autoptr(GError) error = NULL;
  g_autofree char *items_path = g_build_filename (dir, "items.tltrace", NULL);
  g_autofree char *events_path = g_build_filename (dir, "events.tltrace", NULL);
  g_autofree char *json_path = g_build_filename (dir, "export.json", NULL);
  g_autoptr(TlTraceModel) exported = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *dump_saved = NULL;
  TlTltraceWriter *writer;

  check_machinery (model);
  dump = tl_trace_model_dump (model);
  g_assert_nonnull (strstr (dump, "process 5 name=threadline-runner parent=0 exited=0 signaled=0 "
                                  "status=0 machinery\n"));

  g_assert_true (tl_trace_file_save (model, items_path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  saved = tl_trace_file_load (items_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_machinery (saved);
  check_family (saved);
  dump_saved = tl_trace_model_dump (saved);
  g_assert_cmpstr (dump_saved, ==, dump);

  writer = tl_tltrace_writer_new (events_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    g_assert_true (tl_tltrace_writer_add_event (writer, &g_array_index (events, TlModelEvent, i),
                                                &error));
  g_assert_true (tl_tltrace_writer_close (writer, &error));
  g_assert_no_error (error);
  tl_tltrace_writer_free (writer);
  recorded = tl_trace_file_load (events_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_machinery (recorded);
  check_family (recorded);

  g_assert_true (tl_trace_file_save (model, json_path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  exported = tl_trace_file_load (json_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  check_machinery (exported);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/order/live", test_order_live);
  g_test_add_func ("/model/order/growing", test_order_growing);
  g_test_add_func ("/model/order/items", test_order_items);
  g_test_add_func ("/model/order/loop", test_order_loop);
  g_test_add_func ("/model/order/machinery", test_machinery_survives_saving);

  return g_test_run ();
}
