/* tl-preload.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * The interposer's life in a process: it finds the real functions it
 * wraps, attaches to the ring and the shared table whose paths
 * threadline-tracer put in the environment, records the process's start
 * (unless this is the same process after an exec) and its name, follows
 * fork () in the child, and records how the process ends when it ends by
 * itself (a signal's end is recorded by whoever reaps it).
 *
 * Nothing here may stop the program: when something is missing the
 * process simply runs untraced.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tl-preload-private.h"

TlReal _tl_real;
TlProcessState _tl_process;
__thread TlThreadState _tl_thread __attribute__ ((tls_model ("initial-exec")));

/* ---- the real functions ------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *version;   /* glibc keeps old pthread_cond_* for compatibility: take the new */
  size_t      offset;
} Symbol;

#define SYM(f)     { #f, NULL, offsetof (TlReal, f) }
#define SYM_V(f, v) { #f, v, offsetof (TlReal, f) }

static const Symbol symbols[] = {
  SYM (pthread_create), SYM (pthread_exit), SYM (pthread_join), SYM (pthread_timedjoin_np),
  SYM (pthread_setname_np), SYM (prctl),
  SYM (pthread_mutex_init), SYM (pthread_mutex_destroy), SYM (pthread_mutex_lock),
  SYM (pthread_mutex_trylock), SYM (pthread_mutex_timedlock), SYM (pthread_mutex_clocklock),
  SYM (pthread_mutex_unlock),
  SYM (pthread_rwlock_rdlock), SYM (pthread_rwlock_wrlock), SYM (pthread_rwlock_tryrdlock),
  SYM (pthread_rwlock_trywrlock), SYM (pthread_rwlock_timedrdlock),
  SYM (pthread_rwlock_timedwrlock), SYM (pthread_rwlock_unlock),
  SYM_V (pthread_cond_init, "GLIBC_2.3.2"), SYM_V (pthread_cond_wait, "GLIBC_2.3.2"),
  SYM_V (pthread_cond_timedwait, "GLIBC_2.3.2"), SYM (pthread_cond_clockwait),
  SYM_V (pthread_cond_signal, "GLIBC_2.3.2"), SYM_V (pthread_cond_broadcast, "GLIBC_2.3.2"),
  SYM (pthread_barrier_wait),
  SYM (sem_init), SYM (sem_destroy), SYM (sem_open), SYM (sem_close), SYM (sem_wait),
  SYM (sem_trywait), SYM (sem_timedwait), SYM (sem_clockwait), SYM (sem_post),
  SYM (_exit), SYM (waitpid), SYM (wait), SYM (wait3), SYM (wait4), SYM (waitid), SYM (execve), SYM (execvpe),
  SYM (posix_spawn), SYM (posix_spawnp),
  SYM (write), SYM (writev), SYM (send), SYM (sendto), SYM (sendmsg),
  SYM (read), SYM (readv), SYM (recv), SYM (recvfrom), SYM (recvmsg),
  SYM (close), SYM (close_range), SYM (closefrom), SYM (dup2), SYM (dup3), SYM (pipe), SYM (pipe2),
  SYM (socketpair),
  SYM (poll), SYM (ppoll), SYM (select), SYM (pselect), SYM (epoll_wait), SYM (epoll_pwait),
  SYM (nanosleep), SYM (clock_nanosleep), SYM (usleep), SYM (sleep),
  SYM (vfprintf), SYM (__vfprintf_chk), SYM (fputs), SYM (puts), SYM (fwrite),
};

void
_tl_preload_resolve (void)
{
  for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
    {
      void *p = NULL;

      if (symbols[i].version != NULL)
        p = dlvsym (RTLD_NEXT, symbols[i].name, symbols[i].version);
      if (p == NULL)
        p = dlsym (RTLD_NEXT, symbols[i].name);
      /* Function pointers cannot be cast from void * in ISO C; copy them. */
      memcpy ((char *) &_tl_real + symbols[i].offset, &p, sizeof p);
    }
}

/* ---- identity --------------------------------------------------------------- */

uint32_t
_tl_preload_tid (void)
{
  if (TL_UNLIKELY (_tl_thread.tid == 0))
    _tl_thread.tid = (uint32_t) syscall (SYS_gettid);
  return _tl_thread.tid;
}

bool
_tl_preload_in_vfork (void)
{
  return (uint32_t) syscall (SYS_getpid) != _tl_process.pid;
}

void
_tl_preload_name_process (const char *name)
{
  size_t len = strlen (name);

  if (len >= sizeof _tl_process.name)
    len = sizeof _tl_process.name - 1;
  memcpy (_tl_process.name, name, len);
  _tl_process.name[len] = '\0';
  tl_trace_name (TL_ROLE_PROCESS, _tl_process.pid, _tl_process.name, len);
}

void
_tl_preload_name_thread (uint32_t    tid,
                         const char *name)
{
  tl_trace_name (TL_ROLE_THREAD, tid, name, strlen (name));
}

/* "python3 prog.py 4": the program's base name and its arguments. */
static void
read_command_line (char   *out,
                   size_t  size)
{
  char buf[512];
  ssize_t n = 0, r;
  size_t o = 0;
  int fd = open ("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);

  out[0] = '\0';
  if (fd < 0)
    return;
  while (n < (ssize_t) sizeof buf - 1 &&
         (r = TL_REAL (read) (fd, buf + n, sizeof buf - 1 - (size_t) n)) > 0)
    n += r;
  TL_REAL (close) (fd);
  if (n <= 0)
    return;
  buf[n] = '\0';

  for (ssize_t i = 0; i < n && o + 1 < size;)
    {
      const char *arg = buf + i;
      const char *shown = arg;
      size_t len = strlen (arg);

      if (i == 0 && strrchr (arg, '/') != NULL)
        shown = strrchr (arg, '/') + 1;
      if (o > 0 && o + 1 < size)
        out[o++] = ' ';
      for (const char *c = shown; *c != '\0' && o + 1 < size; c++)
        out[o++] = *c;
      i += (ssize_t) len + 1;
    }
  out[o] = '\0';
}

/* ---- the end of the process ---------------------------------------------------- */

void
_tl_preload_record_exit (int status)
{
  if (!_tl_process.active)
    return;
  _tl_thread.inside++;
  _tl_preload_flush_print ();
  _tl_gil_release_if_held ();
  tl_preload_record (TL_EVENT_THREAD_EXIT, TL_ROLE_THREAD, 0, _tl_preload_tid (),
                   (uint64_t) (uint32_t) status, 0);
  _tl_thread.inside--;
}

static void
on_exit_cb (int   status,
            void *data)
{
  (void) data;
  _tl_preload_record_exit (status);
}

TL_EXPORT void
_exit (int status)
{
  _tl_preload_record_exit (status);
  TL_REAL (_exit) (status);
  __builtin_unreachable ();
}

TL_EXPORT void
_Exit (int status)
{
  _tl_preload_record_exit (status);
  TL_REAL (_exit) (status);
  __builtin_unreachable ();
}

/* ---- fork ------------------------------------------------------------------------ */

static void
atfork_child_cb (void)
{
  uint32_t parent = _tl_process.pid;
  char thread_name[64];

  if (!_tl_process.active)
    return;
  _tl_thread.inside++;
  _tl_process.pid = (uint32_t) syscall (SYS_getpid);
  _tl_thread.tid = _tl_process.pid;
  _tl_thread.gil_held = 0;
  _tl_thread.gil_waiting = 0;
  _tl_thread.py_waiting = 0;
  _tl_thread.internal_waiting = 0;
  _tl_thread.line_len = 0;
  memset (_tl_thread.named, 0, sizeof _tl_thread.named);

  _tl_objects_after_fork ();
  _tl_fds_after_fork ();
  _tl_threads_after_fork ();
  _tl_gil_after_fork ();

  tl_preload_record (TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 0, _tl_process.pid, parent, 0);
  _tl_preload_name_process (_tl_process.name);
  snprintf (thread_name, sizeof thread_name, "%s", _tl_process.python ? "MainThread" : "main");
  _tl_preload_name_thread (_tl_process.pid, thread_name);
  _tl_thread.inside--;
}

/* ---- start ------------------------------------------------------------------------ */

static bool
find_own_path (void)
{
  static const char here = 0;
  Dl_info info;

  /* Any address in this library will do: a function's may not be taken as data. */
  if (dladdr (&here, &info) == 0 || info.dli_fname == NULL ||
      strlen (info.dli_fname) >= sizeof _tl_process.lib_path)
    return false;
  strcpy (_tl_process.lib_path, info.dli_fname);
  return true;
}

/* Maps what @path names (/proc/<pid>/fd/<n>) and closes it at once: the
 * program never sees a descriptor of ours. */
static int
open_segment (const char *path)
{
  int fd = open (path, O_RDWR | O_CLOEXEC);

  if (fd < 0)
    return -errno;
  return fd;
}

static bool
attach (void)
{
  TlRing *ring = NULL;
  int fd;
  unsigned int tracer = 0;

  if (_tl_process.ring_path[0] == '\0')
    return false;
  if (sscanf (_tl_process.ring_path, "/proc/%u/fd/", &tracer) == 1)
    _tl_process.tracer_pid = tracer;

  fd = open_segment (_tl_process.ring_path);
  if (fd < 0)
    return false;
  if (tl_ring_attach_fd (fd, &ring) < 0)
    {
      TL_REAL (close) (fd);
      return false;
    }
  /* The mapping stays; the ring never uses its descriptor again here. */
  TL_REAL (close) (fd);
  tl_trace_set_ring (ring);

  if (_tl_process.shared_path[0] != '\0' && (fd = open_segment (_tl_process.shared_path)) >= 0)
    {
      _tl_process.shared = tl_shared_map (fd);
      TL_REAL (close) (fd);
    }
  return true;
}

__attribute__ ((constructor)) static void
tl_preload_init (void)
{
  uint32_t exec_of;
  char name[256];

  _tl_thread.inside++;
  _tl_preload_resolve ();
  _tl_process.pid = (uint32_t) getpid ();
  _tl_thread.tid = _tl_process.pid;
  if (!find_own_path ())
    goto out;

  _tl_exec_save_env ();
  exec_of = (uint32_t) strtoul (getenv (TL_PRELOAD_ENV_EXEC) != NULL ? getenv (TL_PRELOAD_ENV_EXEC)
                                                                     : "0", NULL, 10);
  unsetenv (TL_PRELOAD_ENV_EXEC);
  if (!attach ())
    goto out;

  _tl_objects_init ();
  _tl_gil_arm ();
  pthread_atfork (NULL, NULL, atfork_child_cb);
  on_exit (on_exit_cb, NULL);
  _tl_threads_note_self ();
  _tl_process.active = true;

  /* The same process after an exec: its start and its lane go on. */
  if (exec_of != _tl_process.pid)
    tl_preload_record (TL_EVENT_PROCESS_START, TL_ROLE_PROCESS, 0, _tl_process.pid,
                     (uint64_t) getppid (), 0);
  read_command_line (name, sizeof name);
  _tl_preload_name_process (name[0] != '\0' ? name : "process");
  _tl_preload_name_thread (_tl_process.pid, _tl_process.python ? "MainThread" : "main");

out:
  _tl_thread.inside--;
}
