/* tl-preload-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Between the files of the interposer (libthreadline-preload.so), which
 * runs inside the traced program: the real functions it wraps, the state
 * of the process and of each thread, the table of objects it knows, and
 * the hooks the wrappers share.  No GLib: libc, pthreads and the tracing
 * runtime only.
 *
 * Every wrapper starts with TL_PASS_THROUGH (): when the process records
 * nothing, or the thread is inside our own code (we call libc too), the
 * wrapper only calls the real function.
 */
#pragma once

#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>

#include "tl-preload-env.h"
#include "tl-preload-shared.h"
#include "tl-probe.h"

#define TL_EXPORT       __attribute__ ((visibility ("default")))
#define TL_LIKELY(x)    __builtin_expect (!!(x), 1)
#define TL_UNLIKELY(x)  __builtin_expect (!!(x), 0)

/* ---- the real functions ------------------------------------------------------ */

typedef struct
{
  int     (*pthread_create)         (pthread_t *, const pthread_attr_t *, void *(*) (void *), void *);
  void    (*pthread_exit)           (void *) __attribute__ ((noreturn));
  int     (*pthread_join)           (pthread_t, void **);
  int     (*pthread_timedjoin_np)   (pthread_t, void **, const struct timespec *);
  int     (*pthread_setname_np)     (pthread_t, const char *);
  int     (*prctl)                  (int, unsigned long, unsigned long, unsigned long, unsigned long);

  int     (*pthread_mutex_init)     (pthread_mutex_t *, const pthread_mutexattr_t *);
  int     (*pthread_mutex_destroy)  (pthread_mutex_t *);
  int     (*pthread_mutex_lock)     (pthread_mutex_t *);
  int     (*pthread_mutex_trylock)  (pthread_mutex_t *);
  int     (*pthread_mutex_timedlock) (pthread_mutex_t *, const struct timespec *);
  int     (*pthread_mutex_clocklock) (pthread_mutex_t *, clockid_t, const struct timespec *);
  int     (*pthread_mutex_unlock)   (pthread_mutex_t *);

  int     (*pthread_rwlock_rdlock)  (pthread_rwlock_t *);
  int     (*pthread_rwlock_wrlock)  (pthread_rwlock_t *);
  int     (*pthread_rwlock_tryrdlock) (pthread_rwlock_t *);
  int     (*pthread_rwlock_trywrlock) (pthread_rwlock_t *);
  int     (*pthread_rwlock_timedrdlock) (pthread_rwlock_t *, const struct timespec *);
  int     (*pthread_rwlock_timedwrlock) (pthread_rwlock_t *, const struct timespec *);
  int     (*pthread_rwlock_unlock)  (pthread_rwlock_t *);

  int     (*pthread_cond_init)      (pthread_cond_t *, const pthread_condattr_t *);
  int     (*pthread_cond_wait)      (pthread_cond_t *, pthread_mutex_t *);
  int     (*pthread_cond_timedwait) (pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
  int     (*pthread_cond_clockwait) (pthread_cond_t *, pthread_mutex_t *, clockid_t,
                                     const struct timespec *);
  int     (*pthread_cond_signal)    (pthread_cond_t *);
  int     (*pthread_cond_broadcast) (pthread_cond_t *);

  int     (*pthread_barrier_wait)   (pthread_barrier_t *);

  int     (*sem_init)               (sem_t *, int, unsigned int);
  int     (*sem_destroy)            (sem_t *);
  sem_t  *(*sem_open)               (const char *, int, ...);
  int     (*sem_close)              (sem_t *);
  int     (*sem_wait)               (sem_t *);
  int     (*sem_trywait)            (sem_t *);
  int     (*sem_timedwait)          (sem_t *, const struct timespec *);
  int     (*sem_clockwait)          (sem_t *, clockid_t, const struct timespec *);
  int     (*sem_post)               (sem_t *);

  void    (*_exit)                  (int) __attribute__ ((noreturn));
  pid_t   (*waitpid)                (pid_t, int *, int);
  pid_t   (*wait)                   (int *);
  pid_t   (*wait3)                  (int *, int, struct rusage *);
  pid_t   (*wait4)                  (pid_t, int *, int, struct rusage *);
  int     (*waitid)                 (idtype_t, id_t, siginfo_t *, int);
  int     (*execve)                 (const char *, char *const[], char *const[]);
  int     (*execvpe)                (const char *, char *const[], char *const[]);
  int     (*posix_spawn)            (pid_t *, const char *, const void *, const void *,
                                     char *const[], char *const[]);
  int     (*posix_spawnp)           (pid_t *, const char *, const void *, const void *,
                                     char *const[], char *const[]);

  ssize_t (*write)                  (int, const void *, size_t);
  ssize_t (*writev)                 (int, const struct iovec *, int);
  ssize_t (*send)                   (int, const void *, size_t, int);
  ssize_t (*sendto)                 (int, const void *, size_t, int, __CONST_SOCKADDR_ARG,
                                     socklen_t);
  ssize_t (*sendmsg)                (int, const struct msghdr *, int);
  ssize_t (*read)                   (int, void *, size_t);
  ssize_t (*readv)                  (int, const struct iovec *, int);
  ssize_t (*recv)                   (int, void *, size_t, int);
  ssize_t (*recvfrom)               (int, void *, size_t, int, __SOCKADDR_ARG, socklen_t *);
  ssize_t (*recvmsg)                (int, struct msghdr *, int);
  int     (*close)                  (int);
  int     (*close_range)            (unsigned int, unsigned int, int);
  void    (*closefrom)              (int);
  int     (*dup2)                   (int, int);
  int     (*dup3)                   (int, int, int);
  int     (*pipe)                   (int[2]);
  int     (*pipe2)                  (int[2], int);
  int     (*socketpair)             (int, int, int, int[2]);

  int     (*poll)                   (struct pollfd *, nfds_t, int);
  int     (*ppoll)                  (struct pollfd *, nfds_t, const struct timespec *,
                                     const sigset_t *);
  int     (*select)                 (int, fd_set *, fd_set *, fd_set *, struct timeval *);
  int     (*pselect)                (int, fd_set *, fd_set *, fd_set *, const struct timespec *,
                                     const sigset_t *);
  int     (*epoll_wait)             (int, struct epoll_event *, int, int);
  int     (*epoll_pwait)            (int, struct epoll_event *, int, int, const sigset_t *);
  int     (*nanosleep)              (const struct timespec *, struct timespec *);
  int     (*clock_nanosleep)        (clockid_t, int, const struct timespec *, struct timespec *);
  int     (*usleep)                 (useconds_t);
  int     (*vfprintf)               (FILE *, const char *, va_list);
  int     (*__vfprintf_chk)         (FILE *, int, const char *, va_list);
  int     (*fputs)                  (const char *, FILE *);
  int     (*puts)                   (const char *);
  size_t  (*fwrite)                 (const void *, size_t, size_t, FILE *);
  unsigned int (*sleep)             (unsigned int);
} TlReal;

extern TlReal _tl_real;

void _tl_preload_resolve (void);

#define TL_REAL(fn) \
  (TL_UNLIKELY (_tl_real.fn == NULL) ? (_tl_preload_resolve (), _tl_real.fn) : _tl_real.fn)

/* Copies @src into @dst of @size bytes, cut if need be. */
static inline void
tl_copy_name (char       *dst,
              size_t      size,
              const char *src)
{
  size_t len = 0;

  while (src != NULL && src[len] != '\0' && len + 1 < size)
    len++;
  for (size_t i = 0; i < len; i++)
    dst[i] = src[i];
  dst[len] = '\0';
}

/* ---- the process -------------------------------------------------------------- */

typedef struct
{
  bool       active;            /* attached to a ring: wrappers record */
  bool       python;            /* a CPython interpreter runs here */
  bool       helper;            /* the Python helper is loaded */
  uint32_t   pid;               /* ours; updated in a forked child */
  uint32_t   tracer_pid;        /* whose /proc holds the ring */
  TlShared  *shared;
  uint32_t   n_threads;         /* threads started, for their default names */
  uint32_t   n_objects[TL_N_ROLES];
  char       lib_path[TL_PRELOAD_PATH_MAX];
  char       ring_path[TL_PRELOAD_PATH_MAX];
  char       shared_path[TL_PRELOAD_PATH_MAX];
  char       python_dir[TL_PRELOAD_PATH_MAX];
  char       name[256];         /* the process's name in the trace */
} TlProcessState;

extern TlProcessState _tl_process;

/* ---- each thread ------------------------------------------------------------------ */

#define TL_NAMED_CACHE 64
#define TL_LINE_MAX    256

typedef struct
{
  uint32_t   tid;               /* 0 until asked */
  uint32_t   inside;            /* our own code runs: wrappers pass through */
  uint8_t    gil_held;
  uint8_t    gil_waiting;
  uint8_t    py_waiting;        /* the Python helper recorded a wait still open */
  uint8_t    internal_waiting;  /* a wait on a hidden primitive is recorded */
  uintptr_t  named[TL_NAMED_CACHE];  /* objects whose name this process recorded */
  uint64_t   floor;             /* ticks: what this thread records next comes after (see tl-preload-record.c) */
  uint32_t   line_len;
  char       line[TL_LINE_MAX];  /* printed text not yet ended by a newline */
} TlThreadState;

extern __thread TlThreadState _tl_thread __attribute__ ((tls_model ("initial-exec")));

#define TL_PASS_THROUGH() \
  (TL_UNLIKELY (!_tl_process.active || _tl_thread.inside != 0))


/* ---- recording (tl-preload-record.c) -------------------------------------------- */

void     _tl_preload_record_floored (TlEventKind  kind,
                                     TlObjectRole role,
                                     uint8_t      flags,
                                     uint64_t     object,
                                     uint64_t     arg,
                                     uint32_t     aux);
/* A lock's acquire, dated after its last release in this process. */
void     _tl_preload_record_acquire (TlObjectRole role,
                                     uint8_t      flags,
                                     uint64_t     object,
                                     uint64_t     arg,
                                     uint32_t     aux);
/* A lock's release, remembered for its next acquire. */
void     _tl_preload_record_release (TlObjectRole role,
                                     uint8_t      flags,
                                     uint64_t     object,
                                     uint64_t     arg,
                                     uint32_t     aux);

/* Every other event the interposer records. */
static inline void
tl_preload_record (TlEventKind  kind,
                   TlObjectRole role,
                   uint8_t      flags,
                   uint64_t     object,
                   uint64_t     arg,
                   uint32_t     aux)
{
  if (TL_UNLIKELY (_tl_thread.floor != 0))
    _tl_preload_record_floored (kind, role, flags, object, arg, aux);
  else
    tl_trace_record (kind, role, flags, object, arg, aux);
}

uint32_t _tl_preload_tid          (void);
/* Whether this is a vfork () child, which shares our memory until it execs. */
bool     _tl_preload_in_vfork     (void);
void     _tl_preload_name_process (const char *name);
void     _tl_preload_name_thread  (uint32_t    tid,
                                   const char *name);
void     _tl_preload_record_exit  (int         status);
/* Something the program printed (to its standard output or error): a
 * print event per line, or lines, once a newline ends them. */
void     _tl_preload_record_print (const char *text,
                                   size_t      len);
/* Records what this thread printed without a newline yet. */
void     _tl_preload_flush_print  (void);

/* ---- objects -------------------------------------------------------------------- */

enum
{
  TL_OBJECT_SHARED   = 1 << 0,  /* the id is the same in every process */
  TL_OBJECT_SIGNALS  = 1 << 1,  /* a semaphore made with no permit: posts wake waiters */
  TL_OBJECT_NAMED_AT = 1 << 2,  /* sem_open: @name holds its name */
};

typedef struct
{
  uintptr_t  addr;              /* key: 0 free, 1 removed */
  uint64_t   id;
  uint32_t   named_pid;         /* the process that recorded its name for @id */
  uint8_t    role;              /* TlObjectRole */
  uint8_t    show;              /* TlShowMode */
  uint8_t    flags;
  uint8_t    ready;
  uint64_t   alias;             /* TL_SHOW_WAITS: the object the waits are on */
  uint32_t   generation;        /* tells apart objects that reused an address */
  char       name[28];
} TlObjectEntry;

void           _tl_objects_init        (void);
void           _tl_objects_after_fork  (void);
TlObjectEntry *_tl_objects_lookup      (const void    *addr);
TlObjectEntry *_tl_objects_insert      (const void    *addr);
/* A new object at @addr (the helper registered it): a fresh id. */
TlObjectEntry *_tl_objects_register    (const void    *addr);
void           _tl_objects_remove      (const void    *addr);
/* The id of a primitive at @addr, private to this process, or the same in
 * every process for one in shared memory. */
uint64_t       _tl_objects_private_id  (const void    *addr);
uint64_t       _tl_objects_shared_id   (const void    *addr);
/* Records the name of @entry's object once per process (shared objects
 * once per run); makes one up ("mutex 3") if it has none. */
void           _tl_objects_ensure_named (TlObjectEntry *entry);
/* For primitives that need no entry: names the object at @addr with @id
 * once per process (a thread-local cache keeps this cheap).  A made-up
 * name starts with @word, or the role's word if NULL. */
void           _tl_objects_name_once   (const void    *addr,
                                        uint64_t       id,
                                        TlObjectRole   role,
                                        const char    *word);
/* A name for the object at @addr from the program's symbols, if any. */
bool           _tl_symbol_name         (const void    *addr,
                                        char          *out,
                                        size_t         size);

/* ---- the GIL of CPython 3.11 ----------------------------------------------------- */

void     _tl_gil_arm               (void);
void     _tl_gil_after_fork        (void);
/* A thread is about to start: from now on the GIL is contended. */
void     _tl_gil_second_thread     (void);
/* Hooks from the pthread wrappers; each returns true when @object is part
 * of the GIL, which generic recording must then leave alone. */
bool     _tl_gil_mutex_init        (pthread_mutex_t *mutex);
bool     _tl_gil_cond_init         (pthread_cond_t  *cond);
bool     _tl_gil_is_mutex          (pthread_mutex_t *mutex);
bool     _tl_gil_mutex_destroy     (pthread_mutex_t *mutex);
bool     _tl_gil_cond_signal       (pthread_cond_t  *cond);
bool     _tl_gil_cond_wait         (pthread_cond_t  *cond,
                                    bool             timed);
/* At the end of a thread or process that holds it. */
void     _tl_gil_release_if_held   (void);

/* ---- descriptors and channels ------------------------------------------------------ */

void     _tl_fds_after_fork        (void);
void     _tl_fds_forget            (int fd);
void     _tl_fds_forget_range      (unsigned int first,
                                    unsigned int last);
/* Called once the program sees a pair of connected sockets. */
void     _tl_fds_pair              (int fd_a,
                                    int fd_b);
/* Makes the pipe or socket behind @fd a channel shown as @role named
 * @name; returns the channel's object id, 0 if @fd is no pipe or socket. */
uint64_t _tl_fds_register_channel  (int           fd,
                                    TlObjectRole  role,
                                    const char   *name);

/* ---- threads ---------------------------------------------------------------------- */

void     _tl_threads_after_fork    (void);
void     _tl_threads_note_self     (void);
uint32_t _tl_threads_lookup_tid    (pthread_t thread);

/* ---- exec ------------------------------------------------------------------------- */

void     _tl_exec_save_env         (void);
