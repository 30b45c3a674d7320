/* tl-preload-wait.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Time off the CPU that is not a lock: sleeps, waits for several
 * descriptors (poll, select, epoll), and waits for child processes, whose
 * end is recorded by the parent that reaps them (with the exit status or
 * the signal), as the model expects: a process killed by a signal cannot
 * record its own end.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>

#include "tl-preload-private.h"
#include "tl-preload-reap.h"

/* ---- sleeps ------------------------------------------------------------------------ */

static uint64_t
timespec_ns (const struct timespec *ts)
{
  if (ts == NULL || ts->tv_sec < 0)
    return 0;
  return (uint64_t) ts->tv_sec * 1000000000u + (uint64_t) ts->tv_nsec;
}

#define SLEEP(ns, call)                                                                  \
  do                                                                                     \
    {                                                                                    \
      __typeof__ (call) r_;                                                              \
                                                                                         \
      if (TL_PASS_THROUGH ())                                                            \
        return call;                                                                     \
      tl_preload_record (TL_EVENT_SLEEP_BEGIN, TL_ROLE_NONE, 0, 0, ns, 0);                  \
      r_ = call;                                                                         \
      tl_preload_record (TL_EVENT_SLEEP_END, TL_ROLE_NONE, 0, 0, 0, 0);                     \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT int
nanosleep (const struct timespec *request,
           struct timespec       *remaining)
{
  SLEEP (timespec_ns (request), TL_REAL (nanosleep) (request, remaining));
}

static uint64_t
requested_ns (clockid_t              clock,
              int                    flags,
              const struct timespec *request)
{
  struct timespec now;
  uint64_t until = timespec_ns (request), from;

  if ((flags & TIMER_ABSTIME) == 0)
    return until;
  if (clock_gettime (clock, &now) != 0)
    return 0;
  from = timespec_ns (&now);
  return until > from ? until - from : 0;
}

TL_EXPORT int
clock_nanosleep (clockid_t              clock,
                 int                    flags,
                 const struct timespec *request,
                 struct timespec       *remaining)
{
  SLEEP (requested_ns (clock, flags, request),
         TL_REAL (clock_nanosleep) (clock, flags, request, remaining));
}

TL_EXPORT int
usleep (useconds_t usec)
{
  SLEEP ((uint64_t) usec * 1000u, TL_REAL (usleep) (usec));
}

TL_EXPORT unsigned int
sleep (unsigned int seconds)
{
  SLEEP ((uint64_t) seconds * 1000000000u, TL_REAL (sleep) (seconds));
}

/* ---- waits for descriptors --------------------------------------------------------- */

/* A wait with no time limit, or a positive one, is I/O waiting. */
#define WAIT_IO(blocks, call)                                                            \
  do                                                                                     \
    {                                                                                    \
      int r_;                                                                            \
                                                                                         \
      if (TL_PASS_THROUGH () || !(blocks))                                               \
        return call;                                                                     \
      tl_preload_record (TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 0, 0, 0, 0);                      \
      r_ = call;                                                                         \
      tl_preload_record (TL_EVENT_IO_END, TL_ROLE_NONE, 0, 0, (uint64_t) (int64_t) r_, 0);  \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT int
poll (struct pollfd *pfds,
      nfds_t         n,
      int            timeout)
{
  WAIT_IO (timeout != 0, TL_REAL (poll) (pfds, n, timeout));
}

TL_EXPORT int
ppoll (struct pollfd         *pfds,
       nfds_t                 n,
       const struct timespec *timeout,
       const sigset_t        *mask)
{
  WAIT_IO (timeout == NULL || timespec_ns (timeout) > 0, TL_REAL (ppoll) (pfds, n, timeout, mask));
}

TL_EXPORT int
select (int             n,
        fd_set         *readfds,
        fd_set         *writefds,
        fd_set         *exceptfds,
        struct timeval *timeout)
{
  WAIT_IO (timeout == NULL || timeout->tv_sec > 0 || timeout->tv_usec > 0,
           TL_REAL (select) (n, readfds, writefds, exceptfds, timeout));
}

TL_EXPORT int
pselect (int                    n,
         fd_set                *readfds,
         fd_set                *writefds,
         fd_set                *exceptfds,
         const struct timespec *timeout,
         const sigset_t        *mask)
{
  WAIT_IO (timeout == NULL || timespec_ns (timeout) > 0,
           TL_REAL (pselect) (n, readfds, writefds, exceptfds, timeout, mask));
}

TL_EXPORT int
epoll_wait (int                 epfd,
            struct epoll_event *events,
            int                 max_events,
            int                 timeout)
{
  WAIT_IO (timeout != 0, TL_REAL (epoll_wait) (epfd, events, max_events, timeout));
}

TL_EXPORT int
epoll_pwait (int                 epfd,
             struct epoll_event *events,
             int                 max_events,
             int                 timeout,
             const sigset_t     *mask)
{
  WAIT_IO (timeout != 0, TL_REAL (epoll_pwait) (epfd, events, max_events, timeout, mask));
}

/* ---- waits for children -------------------------------------------------------------- */

/* @call reaps into *status; a wait for one given child is a join. */
#define WAIT_CHILD(pid, options, status, call)                                           \
  do                                                                                     \
    {                                                                                    \
      int local_;                                                                        \
      bool joins_;                                                                       \
      pid_t r_;                                                                          \
      int saved_;                                                                        \
                                                                                         \
      if (TL_PASS_THROUGH ())                                                            \
        return call;                                                                     \
      if ((status) == NULL)                                                              \
        (status) = &local_;                                                              \
      joins_ = (pid) > 0 && ((options) & WNOHANG) == 0;                                  \
      if (joins_)                                                                        \
        tl_preload_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 0, (uint64_t) (pid), 0, 0); \
      r_ = call;                                                                         \
      saved_ = errno;                                                                    \
      if (r_ > 0)                                                                        \
        tl_preload_record_reaped (r_, *(status));                                                   \
      if (joins_)                                                                        \
        tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_PROCESS, 0, (uint64_t) (pid), 0, 0); \
      errno = saved_;                                                                    \
      return r_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT pid_t
waitpid (pid_t  pid,
         int   *status,
         int    options)
{
  WAIT_CHILD (pid, options, status, TL_REAL (waitpid) (pid, status, options));
}

TL_EXPORT pid_t
wait (int *status)
{
  WAIT_CHILD (-1, 0, status, TL_REAL (wait) (status));
}

TL_EXPORT pid_t
wait3 (int           *status,
       int            options,
       struct rusage *usage)
{
  WAIT_CHILD (-1, options, status, TL_REAL (wait3) (status, options, usage));
}

TL_EXPORT pid_t
wait4 (pid_t          pid,
       int           *status,
       int            options,
       struct rusage *usage)
{
  WAIT_CHILD (pid, options, status, TL_REAL (wait4) (pid, status, options, usage));
}

TL_EXPORT int
waitid (idtype_t   idtype,
        id_t       id,
        siginfo_t *info,
        int        options)
{
  bool joins;
  int r, saved;

  if (TL_PASS_THROUGH () || info == NULL)
    return TL_REAL (waitid) (idtype, id, info, options);
  joins = idtype == P_PID && (options & WNOHANG) == 0;
  if (joins)
    tl_preload_record (TL_EVENT_WAIT_BEGIN, TL_ROLE_PROCESS, 0, (uint64_t) id, 0, 0);
  r = TL_REAL (waitid) (idtype, id, info, options);
  saved = errno;
  /* Only a child that is reaped has ended for good. */
  if (r == 0 && info->si_pid > 0 && (options & WNOWAIT) == 0)
    {
      if (info->si_code == CLD_EXITED)
        tl_preload_record_reaped (info->si_pid, W_EXITCODE (info->si_status, 0));
      else if (info->si_code == CLD_KILLED || info->si_code == CLD_DUMPED)
        tl_preload_record_reaped (info->si_pid, info->si_status);
    }
  if (joins)
    tl_preload_record (TL_EVENT_WAIT_END, TL_ROLE_PROCESS, 0, (uint64_t) id, 0, 0);
  errno = saved;
  return r;
}
