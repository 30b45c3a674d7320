/* tl-event.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The fixed-size event record that traced processes write into the shared
 * ring, and the naming records that carry strings beside it.
 *
 * A record is 32 bytes, little-endian, 8-byte aligned, so the ring is a
 * plain array and the reader never parses.  The record does not carry the
 * pid and tid: every producer sub-buffer belongs to exactly one thread, and
 * the sub-buffer's header names it, so the collector adds them.  That leaves
 * room for a 64-bit object id (a lock's address, for the interposer) and a
 * 32-bit auxiliary argument in the same 32 bytes.
 */
#pragma once

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
# error "Threadline's trace records are little-endian; big-endian hosts are not supported"
#endif

/* Bumped whenever the record or the segment layout changes incompatibly. */
#define TL_TRACE_ABI_VERSION 1

typedef enum
{
  TL_EVENT_NONE = 0,

  /* Naming record: names @object (of role @role); @aux is the byte length of
   * the UTF-8 text, which fills the following ceil(aux / 32) records. */
  TL_EVENT_NAME,

  /* Processes and threads.  @object is the pid or tid concerned. */
  TL_EVENT_PROCESS_START,      /* object: pid, arg: parent pid */
  TL_EVENT_PROCESS_EXIT,       /* object: pid, arg: status; flags: TL_FLAG_SIGNALED, _STOPPED */
  TL_EVENT_THREAD_START,       /* object: tid, arg: creating tid */
  TL_EVENT_THREAD_EXIT,        /* object: tid, arg: status */

  /* Units of work (a pool task, a map item). */
  TL_EVENT_TASK_BEGIN,         /* object: task id, arg: input */
  TL_EVENT_TASK_END,           /* object: task id, arg: result; flags: TL_FLAG_FAILED */

  /* Locks, including the GIL (role TL_ROLE_GIL). */
  TL_EVENT_LOCK_WAIT,          /* object: lock id */
  TL_EVENT_LOCK_ACQUIRE,       /* object: lock id, aux: recursion depth; flags: TL_FLAG_TIMEOUT */
  TL_EVENT_LOCK_RELEASE,       /* object: lock id, aux: recursion depth left */

  /* Condition, semaphore, event, barrier, join: role says which. */
  TL_EVENT_WAIT_BEGIN,         /* object: primitive id */
  TL_EVENT_WAIT_END,           /* object: primitive id, arg: value seen; flags: TL_FLAG_TIMEOUT */
  TL_EVENT_WAKE,               /* object: primitive id, arg: waiters woken or new count */

  /* Queues and pipes: @arg is the message id that joins send to receive. */
  TL_EVENT_SEND,               /* object: channel id, arg: message id, aux: payload bytes */
  TL_EVENT_RECEIVE,            /* object: channel id, arg: message id, aux: payload bytes */

  /* Shared values. */
  TL_EVENT_READ,               /* object: value id, arg: the value read */
  TL_EVENT_WRITE,              /* object: value id, arg: the value written (an Event's
                                * flag: role TL_ROLE_EVENT, 0 when cleared) */

  /* Time spent off the CPU by choice. */
  TL_EVENT_SLEEP_BEGIN,        /* arg: requested nanoseconds */
  TL_EVENT_SLEEP_END,
  TL_EVENT_IO_BEGIN,           /* object: fd or resource id */
  TL_EVENT_IO_END,             /* object: fd or resource id, arg: result */

  /* Output, failures, annotations.  Text lives in naming records. */
  TL_EVENT_PRINT,              /* object: text id */
  TL_EVENT_ERROR_RAISED,       /* object: error id, arg: text id of the message */
  TL_EVENT_ERROR_REPORTED,     /* object: error id */
  TL_EVENT_CRASH,              /* object: pid, arg: signal number */
  TL_EVENT_MARK,               /* object: text id, arg: user value */

  /* User annotations: nested named slices and counters. */
  TL_EVENT_SLICE_BEGIN,        /* object: text id of the slice's name */
  TL_EVENT_SLICE_END,          /* closes the innermost open slice */
  TL_EVENT_COUNTER,            /* object: text id of the counter's name, arg: double bits */

  /* Where in its program the thread is: @object is a 1-based line of the
   * program a scenario stands for (its Python), 0 for none (the thread is
   * in machinery of its own).  Recorded before the first event of a line,
   * so that every later event of the thread happens on that line. */
  TL_EVENT_LINE,

  TL_EVENT_N_KINDS
} TlEventKind;

/* What the object of an event is.  The GIL is a lock with its own role. */
typedef enum
{
  TL_ROLE_NONE = 0,
  TL_ROLE_PROCESS,
  TL_ROLE_THREAD,
  TL_ROLE_MUTEX,
  TL_ROLE_RLOCK,
  TL_ROLE_GIL,
  TL_ROLE_CONDITION,
  TL_ROLE_SEMAPHORE,
  TL_ROLE_EVENT,
  TL_ROLE_BARRIER,
  TL_ROLE_QUEUE,
  TL_ROLE_PIPE,
  TL_ROLE_VALUE,
  TL_ROLE_TASK,
  TL_ROLE_TEXT,
  TL_ROLE_ERROR,
  TL_ROLE_STEP,
  TL_ROLE_MANAGER,
  TL_ROLE_SHARED_MEMORY,
  TL_ROLE_MACHINERY,         /* names a pid as Threadline's own (its runner): views hide it */
  TL_N_ROLES
} TlObjectRole;

typedef enum
{
  TL_FLAG_NONE     = 0,
  TL_FLAG_SIGNALED = 1 << 0,  /* exit status is a signal number */
  TL_FLAG_FAILED   = 1 << 1,  /* the task raised instead of returning */
  TL_FLAG_TIMEOUT  = 1 << 2,  /* the wait ended by timeout */
  TL_FLAG_TRY      = 1 << 3,  /* a non-blocking attempt */
  TL_FLAG_ITEM     = 1 << 4,  /* a read or write of one item of a collection (a list's
                               * pop or append), not of its whole value */
  TL_FLAG_STOPPED  = 1 << 5,  /* a process exit: the run ended it (its watchdog, a
                               * cancel, a limit), no fault of its own */
} TlEventFlags;

typedef struct
{
  uint64_t ts;      /* raw clock ticks in the ring; nanoseconds once collected */
  uint64_t object;  /* what the event is about (see TlEventKind) */
  uint64_t arg;     /* value, result, message id, status */
  uint16_t kind;    /* TlEventKind */
  uint8_t  role;    /* TlObjectRole */
  uint8_t  flags;   /* TlEventFlags */
  uint32_t aux;     /* second small argument: depth, payload size, text length */
} TlEvent;

static_assert (sizeof (TlEvent) == 32, "TlEvent is 32 bytes");
static_assert (_Alignof (TlEvent) == 8, "TlEvent is 8-byte aligned");
static_assert (offsetof (TlEvent, ts) == 0, "TlEvent layout");
static_assert (offsetof (TlEvent, object) == 8, "TlEvent layout");
static_assert (offsetof (TlEvent, arg) == 16, "TlEvent layout");
static_assert (offsetof (TlEvent, kind) == 24, "TlEvent layout");
static_assert (offsetof (TlEvent, role) == 26, "TlEvent layout");
static_assert (offsetof (TlEvent, flags) == 27, "TlEvent layout");
static_assert (offsetof (TlEvent, aux) == 28, "TlEvent layout");

/* Longest text a naming record may carry; longer text is cut. */
#define TL_NAME_MAX 4096u

/* Records a naming record of @len bytes occupies, header included. */
static inline uint32_t
tl_event_name_n_records (uint32_t len)
{
  return 1u + (len + (uint32_t) sizeof (TlEvent) - 1u) / (uint32_t) sizeof (TlEvent);
}

const char *tl_event_kind_to_string (TlEventKind kind);
const char *tl_object_role_to_string (TlObjectRole role);

#ifdef __cplusplus
}
#endif
