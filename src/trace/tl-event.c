/* tl-event.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include "tl-event.h"

static const char * const kind_names[TL_EVENT_N_KINDS] = {
  [TL_EVENT_NONE] = "none",
  [TL_EVENT_NAME] = "name",
  [TL_EVENT_PROCESS_START] = "process-start",
  [TL_EVENT_PROCESS_EXIT] = "process-exit",
  [TL_EVENT_THREAD_START] = "thread-start",
  [TL_EVENT_THREAD_EXIT] = "thread-exit",
  [TL_EVENT_TASK_BEGIN] = "task-begin",
  [TL_EVENT_TASK_END] = "task-end",
  [TL_EVENT_LOCK_WAIT] = "lock-wait",
  [TL_EVENT_LOCK_ACQUIRE] = "lock-acquire",
  [TL_EVENT_LOCK_RELEASE] = "lock-release",
  [TL_EVENT_WAIT_BEGIN] = "wait-begin",
  [TL_EVENT_WAIT_END] = "wait-end",
  [TL_EVENT_WAKE] = "wake",
  [TL_EVENT_SEND] = "send",
  [TL_EVENT_RECEIVE] = "receive",
  [TL_EVENT_READ] = "read",
  [TL_EVENT_WRITE] = "write",
  [TL_EVENT_SLEEP_BEGIN] = "sleep-begin",
  [TL_EVENT_SLEEP_END] = "sleep-end",
  [TL_EVENT_IO_BEGIN] = "io-begin",
  [TL_EVENT_IO_END] = "io-end",
  [TL_EVENT_PRINT] = "print",
  [TL_EVENT_ERROR_RAISED] = "error-raised",
  [TL_EVENT_ERROR_REPORTED] = "error-reported",
  [TL_EVENT_CRASH] = "crash",
  [TL_EVENT_MARK] = "mark",
  [TL_EVENT_SLICE_BEGIN] = "slice-begin",
  [TL_EVENT_SLICE_END] = "slice-end",
  [TL_EVENT_COUNTER] = "counter",
  [TL_EVENT_LINE] = "line",
};

static const char * const role_names[TL_N_ROLES] = {
  [TL_ROLE_NONE] = "none",
  [TL_ROLE_PROCESS] = "process",
  [TL_ROLE_THREAD] = "thread",
  [TL_ROLE_MUTEX] = "mutex",
  [TL_ROLE_RLOCK] = "rlock",
  [TL_ROLE_GIL] = "gil",
  [TL_ROLE_CONDITION] = "condition",
  [TL_ROLE_SEMAPHORE] = "semaphore",
  [TL_ROLE_EVENT] = "event",
  [TL_ROLE_BARRIER] = "barrier",
  [TL_ROLE_QUEUE] = "queue",
  [TL_ROLE_PIPE] = "pipe",
  [TL_ROLE_VALUE] = "value",
  [TL_ROLE_TASK] = "task",
  [TL_ROLE_TEXT] = "text",
  [TL_ROLE_ERROR] = "error",
  [TL_ROLE_STEP] = "step",
  [TL_ROLE_MANAGER] = "manager",
  [TL_ROLE_SHARED_MEMORY] = "shared-memory",
  [TL_ROLE_MACHINERY] = "machinery",
};

const char *
tl_event_kind_to_string (TlEventKind kind)
{
  if ((unsigned int) kind >= TL_EVENT_N_KINDS)
    return "unknown";
  return kind_names[kind];
}

const char *
tl_object_role_to_string (TlObjectRole role)
{
  if ((unsigned int) role >= TL_N_ROLES)
    return "unknown";
  return role_names[role];
}
