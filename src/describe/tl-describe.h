/* tl-describe.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What Threadline says about a trace, said once: the names of lanes,
 * objects and processes, a sentence for every span, instant and arrow,
 * the sentences for what the analyses find, and the one-line summaries
 * that tooltips show.  The inspector, the painter (tooltips, lane names,
 * span labels), the narrator and the command line all ask here, so that
 * they never disagree.
 *
 * Sentences are in the present tense and name who acts: "worker 2 waits
 * for L, held by worker 1", "Process-5 crashes: signal 11 (SIGSEGV)".
 * Every function returns text for people, translated; times are offsets
 * from an origin (usually the trace's start), written as tl-numbers.h
 * says.
 */
#pragma once

#include <glib.h>

#include "tl-analysis-deadlock.h"
#include "tl-analysis-lost-updates.h"
#include "tl-findings.h"
#include "tl-lesson-steps.h"
#include "tl-numbers.h"
#include "tl-trace-model.h"
#include "tl-trace-model-code.h"
#include "tl-trace-overview.h"

G_BEGIN_DECLS

/* ---- names ---- */

/* A lane as a sentence names it: "worker 1"; a process's main thread by
 * its process, "Process-2"; "lock_a"; "GIL of Process-1". */
char *tl_describe_lane                   (TlTraceModel    *model,
                                          guint32          lane);
void  tl_describe_append_lane            (TlTraceModel    *model,
                                          guint32          lane,
                                          GString         *out);
/* A lane listed under its process: its own name ("MainThread", "GIL"),
 * else what tl_describe_lane () says. */
void  tl_describe_append_lane_in_process (TlTraceModel    *model,
                                          guint32          lane,
                                          GString         *out);
/* "lock_a", or what it is and its id: "lock 3", "queue 5". */
char *tl_describe_object                 (TlTraceModel    *model,
                                          guint32          object);
/* "Process-1", or "Process 1234" when it has no name. */
char *tl_describe_process_name           (TlTraceModel    *model,
                                          guint32          process);
void  tl_describe_append_process_name    (TlTraceModel    *model,
                                          guint32          process,
                                          GString         *out);
/* Its name and pid: "Process-1 (pid 1234)". */
char *tl_describe_process                (TlTraceModel    *model,
                                          guint32          process);
void  tl_describe_append_process         (TlTraceModel    *model,
                                          guint32          process,
                                          GString         *out);
/* How it ended: "exit status 0", "killed by signal 11 (SIGSEGV)"; NULL
 * while it runs. */
char *tl_describe_process_end            (TlTraceModel    *model,
                                          guint32          process);
/* One row for the processes (or the threads of one) that a view cannot
 * show: "14 other processes", "16 other threads"; and its tooltip. */
char *tl_describe_folded                 (guint            n,
                                          gboolean         processes);
char *tl_describe_folded_line            (guint            n,
                                          gboolean         processes);
/* @ts from the start of the trace: "1.25 s". */
char *tl_format_time                     (TlTraceModel    *model,
                                          gint64           ts);

/* ---- what happens ---- */

/* What @lane does during @span.  For a wait on a lock, the GIL or a
 * semaphore, who holds it at @at (TL_TS_NONE: as the wait begins). */
char *tl_describe_span                   (TlTraceModel    *model,
                                          guint32          lane,
                                          const TlSpan    *span,
                                          gint64           at);
/* The short label drawn inside a span: the lock, the task, the slice,
 * the owner; nothing for running. */
void  tl_describe_append_span_label      (TlTraceModel    *model,
                                          const TlSpan    *span,
                                          GString         *out);
/* What the span's flags say ("failed", "timed out"...), up to
 * TL_DESCRIBE_MAX_NOTES of them into @notes; returns how many. */
#define TL_DESCRIBE_MAX_NOTES 4
guint tl_describe_span_notes             (const TlSpan    *span,
                                          const char     **notes);
char *tl_describe_instant                (TlTraceModel    *model,
                                          guint32          lane,
                                          const TlInstant *instant);
/* The short text drawn beside an instant's mark, where there is room:
 * the value read or written ("53"), what was printed, the exception
 * ("ZeroDivisionError: division by zero"), how a process crashed;
 * nothing for the rest. */
void  tl_describe_append_instant_label   (TlTraceModel    *model,
                                          const TlInstant *instant,
                                          GString         *out);
char *tl_describe_flow                   (TlTraceModel    *model,
                                          const TlFlow    *flow);
/* The event a step lands on (tl-lesson-steps.h): an instant as
 * tl_describe_instant () says it, a span's beginning as what the thread
 * starts ("Thread-1 takes L", "Thread-2 waits for L, held by Thread-1"),
 * its end as what it stops ("Thread-1 releases L"). */
char *tl_describe_step                   (TlTraceModel    *model,
                                          const TlStep    *step);

/* ---- one line each, for tooltips ---- */

/* "<sentence> · 15.0 ms, from 10.0 ms"; an @open span lasts until @end
 * "so far". */
char *tl_describe_span_line              (TlTraceModel    *model,
                                          guint32          lane,
                                          const TlSpan    *span,
                                          gint64           end,
                                          gboolean         open,
                                          gint64           origin);
/* "Process-5 (pid 1234) · killed by signal 11 (SIGSEGV)" */
char *tl_describe_process_line           (TlTraceModel    *model,
                                          guint32          process);
/* "<sentence> · at 45.0 ms" */
char *tl_describe_instant_line           (TlTraceModel    *model,
                                          guint32          lane,
                                          const TlInstant *instant,
                                          gint64           origin);
/* "<sentence> · 2.0 ms, from 30.0 ms", or "<sentence> · at 30.0 ms" when
 * it takes no time */
char *tl_describe_flow_line              (TlTraceModel    *model,
                                          const TlFlow    *flow,
                                          gint64           origin);
/* Too close together to tell apart: "40 spans in 1.2 ms, mostly
 * Running, often Waiting for a lock · from 3.0 ms" (@often may be NULL). */
char *tl_describe_merged_spans_line      (guint            n,
                                          gint64           start,
                                          gint64           end,
                                          const char      *mostly,
                                          const char      *often,
                                          gint64           origin);
/* "12 events · from 3.0 ms" */
char *tl_describe_merged_instants_line   (guint            n,
                                          gint64           start,
                                          gint64           origin);

/* ---- what the analyses find ---- */

/* "Deadlock: worker 1 waits for lock_b, held by worker 2; worker 2 waits
 * for lock_a, held by worker 1" */
char *tl_describe_deadlock               (TlTraceModel       *model,
                                          const TlDeadlock   *deadlock);
/* "Thread-3 read 53 at 735 ms; Thread-2 wrote 54 at 776 ms; Thread-3
 * wrote 54 at 791 ms, erasing Thread-2's increment": the stale read, the
 * write whose update was lost, the write that erased it (times from the
 * trace's start).  A write that took part in one is described so. */
char *tl_describe_lost_update            (TlTraceModel       *model,
                                          guint32             object,
                                          const TlLostUpdate *update);
/* "counter ends at 150 instead of 200: 50 updates lost" */
char *tl_describe_lost_updates_summary   (TlTraceModel              *model,
                                          guint32                    object,
                                          const TlLostUpdateSummary *summary);

/* ---- a traced program's code (tl-describe-code.c) ---- */

/* What a search found: "No match", "12 matches" (@current past the
 * last: none shown), "3 of 12". */
char *tl_describe_search_count           (guint            current,
                                          guint            n_matches);
/* A thread with its process, as the inspector names it:
 * "ForkPoolWorker-2 / MainThread"; other lanes as tl_describe_lane (). */
char *tl_describe_thread_in_process      (TlTraceModel    *model,
                                          guint32          lane);
/* Where a function is: "/home/u/prog.py:12"; NULL when the trace does
 * not say. */
char *tl_describe_code_location          (TlTraceModel    *model,
                                          const TlFunction *function);
/* A stretch of time picked for measure: "3.45 ms, from 1.25 ms to
 * 4.70 ms". */
char *tl_describe_stretch                (TlTraceModel    *model,
                                          gint64           t0,
                                          gint64           t1);
/* Whose code: "The program’s own code", "The standard library"... */
const char *tl_describe_code_origin_words (TlCodeOrigin    origin);
/* A trace in a few lines, for the story of a file opened: its
 * processes, threads and length, its calls, errors and prints, and its
 * busiest functions ("count_primes: 3.2 ms in 3 calls"). */
char *tl_describe_overview               (TlTraceModel          *model,
                                          const TlTraceOverview *overview);

/* ---- words for a legend ---- */

/* A thread's state in a few words: "Running", "Waiting for a lock". */
const char *tl_describe_state_words          (TlSpanKind          kind);
/* What an instant is: "Print", "Exception", "Writes a value". */
const char *tl_describe_event_words          (TlEventKind         kind);
/* What an arrow shows; @role is that of what it is about, so that the
 * GIL passing on says so: "GIL passes to the next thread". */
const char *tl_describe_flow_words           (TlFlowKind          kind,
                                              TlObjectRole        role);
const char *tl_describe_finding_words        (TlFindingKind       kind);
/* A counter's lane: "Value over time". */
const char *tl_describe_counter_words        (void);
/* Calls drawn in their function's colour: "Your code, by function" (the
 * program's own, in a trace that says where code is), "Calls, by
 * function" (in one that does not); dimmed: "Library code". */
const char *tl_describe_calls_words          (gboolean            library,
                                              gboolean            located);
/* In the lesson's panel while a replay has not reached the end: its
 * cards tell how the run ended, which the class is to find out. */
const char *tl_describe_lesson_later_words   (void);

G_END_DECLS
