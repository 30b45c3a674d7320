/* tl-preload-python.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The interposer's entry points for the Python helper (python/_threadline.py),
 * which calls them through ctypes.PyDLL with the GIL held.  Roles, event
 * kinds and flags are those of tl-event.h.  Every function does nothing
 * (and returns 0) in a process that records nothing.
 */
#pragma once

#include <stdint.h>

/* Bumped when a function here changes; the helper checks it first. */
int      threadline_py_abi              (void);
/* The helper is loaded: 1 in the traced program's first process, 0 in
 * the others, -1 if this process records nothing. */
int      threadline_py_hello            (void);

void     threadline_py_name_process     (const char *name);
/* Names the thread @tid of this process (0: the calling thread). */
void     threadline_py_name_thread      (uint32_t    tid,
                                         const char *name);

/* A new object of @role (a Condition, an Event, a queue.Queue, a pool...). */
uint64_t threadline_py_new_object       (int         role,
                                         const char *name);
/* The interpreter lock @lock (the sem_t of a PyThread lock) is the
 * programmer's object: shown as @role named @name, or, if @alias is not 0,
 * its waits shown as waits on the object @alias.  Returns the object's id. */
uint64_t threadline_py_register_lock    (uintptr_t   lock,
                                         int         role,
                                         uint64_t    alias,
                                         const char *name);
/* The same for a multiprocessing semaphore (named, shared by processes):
 * every process that has it or opens it later shows it so. */
uint64_t threadline_py_register_semlock (uintptr_t   handle,
                                         int         role,
                                         uint64_t    alias,
                                         const char *name);
/* An id derived from a multiprocessing semaphore's, the same in every
 * process, for the object built on it; 0 if unknown. */
uint64_t threadline_py_semlock_id       (uintptr_t   handle);
/* The pipe or socket behind @fd carries the messages of @role @name (a
 * multiprocessing.Queue, a Pool's queues).  Returns the object's id. */
uint64_t threadline_py_register_channel (int         fd,
                                         int         role,
                                         const char *name);

/* Records an event.  A wait it begins (TL_EVENT_WAIT_BEGIN or
 * TL_EVENT_LOCK_WAIT) hides the interpreter's own waits until it ends. */
void     threadline_py_record           (int         kind,
                                         int         role,
                                         int         flags,
                                         uint64_t    object,
                                         uint64_t    arg,
                                         uint32_t    aux);
/* A pool task named @name ("square(3)") with an input @arg. */
uint64_t threadline_py_task_begin       (const char *name,
                                         uint64_t    arg);
void     threadline_py_task_end         (uint64_t    task,
                                         uint64_t    result,
                                         int         failed);
/* An exception raised here, described by @text; returns its id, which a
 * TL_EVENT_ERROR_REPORTED names where it is handled. */
uint64_t threadline_py_error_raised     (const char *text);
/* The value of the semaphore at @sem (read from a copy), -1 if @sem is
 * not readable: for the helper to check where a lock keeps its semaphore. */
int      threadline_py_sem_value        (uintptr_t   sem);
