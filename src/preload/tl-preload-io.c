/* tl-preload-io.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Reads and writes: what a program prints (writes to descriptors 1 and
 * 2), messages through pipes and socket pairs (a send where a write ends
 * in the stream, a receive where a read consumes that position: see
 * tl-preload-shared.h), and reads that block.
 *
 * What a descriptor is (a pipe, a socket, a terminal, a file) is asked of
 * the kernel once and kept in a table by descriptor number, forgotten when
 * the program closes or replaces the descriptor.  Regular files cost one
 * table lookup per read or write.
 *
 * A read is shown as a wait only when it would block: nothing to read yet
 * on a descriptor that blocks.  In a Python process only the pipes the
 * helper registered (a multiprocessing.Queue, a Pool's task and result
 * queues) carry messages; in a C program every pipe and socket pair does.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-preload-private.h"

#define N_FDS          4096u
#define SPINS_FOR_SEND 200      /* a reader waits this long for the writer to count its write */

enum
{
  KIND_OTHER = 1,
  KIND_PIPE,
  KIND_SOCKET,
  KIND_CHAR,
};

#define WORD_VALID        (UINT64_C (1) << 63)
#define WORD_KIND(w)      ((unsigned int) (((w) >> 56) & 0x7f))
#define WORD_SEND(w)      ((uint32_t) (((w) >> 28) & 0xfffffff))
#define WORD_RECEIVE(w)   ((uint32_t) ((w) & 0xfffffff))

/* Per descriptor: valid bit, kind, and the channels (index + 1, 0: none)
 * its writes go into and its reads come from. */
static uint64_t fds[N_FDS];

void
_tl_fds_forget (int fd)
{
  if (fd >= 0 && (unsigned int) fd < N_FDS)
    __atomic_store_n (&fds[fd], 0, __ATOMIC_RELAXED);
}

void
_tl_fds_forget_range (unsigned int first,
                      unsigned int last)
{
  for (unsigned int fd = first; fd <= last && fd < N_FDS; fd++)
    __atomic_store_n (&fds[fd], 0, __ATOMIC_RELAXED);
}

void
_tl_fds_after_fork (void)
{
  /* Descriptors are inherited as they are. */
}

static bool
channel_shown (const TlChannel *ch)
{
  return ch != NULL && (!_tl_process.python || __atomic_load_n (&ch->visible, __ATOMIC_ACQUIRE));
}

static uint64_t
classify (int fd)
{
  struct stat st;
  TlChannel *send = NULL, *receive = NULL;
  unsigned int kind;

  if (fstat (fd, &st) != 0)
    return 0;
  if (S_ISFIFO (st.st_mode))
    kind = KIND_PIPE;
  else if (S_ISSOCK (st.st_mode))
    kind = KIND_SOCKET;
  else if (S_ISCHR (st.st_mode))
    kind = KIND_CHAR;
  else
    kind = KIND_OTHER;

  if (kind == KIND_PIPE || kind == KIND_SOCKET)
    {
      /* A C program's pipes are all channels; sockets only once paired. */
      send = tl_shared_channel (_tl_process.shared, st.st_dev, st.st_ino,
                                kind == KIND_PIPE && !_tl_process.python);
      receive = tl_shared_read_channel (_tl_process.shared, send);
      if (!channel_shown (send))
        send = receive = NULL;
    }
  return WORD_VALID | (uint64_t) kind << 56 |
         (uint64_t) (send != NULL ? tl_shared_channel_index (_tl_process.shared, send) + 1 : 0) << 28 |
         (uint64_t) (receive != NULL ? tl_shared_channel_index (_tl_process.shared, receive) + 1 : 0);
}

static uint64_t
fd_word (int fd)
{
  uint64_t w;

  if (fd < 0)
    return 0;
  if ((unsigned int) fd >= N_FDS)
    return classify (fd);
  w = __atomic_load_n (&fds[fd], __ATOMIC_RELAXED);
  if (TL_UNLIKELY (w == 0))
    {
      w = classify (fd);
      __atomic_store_n (&fds[fd], w, __ATOMIC_RELAXED);
    }
  return w;
}

static TlChannel *
channel_at (uint32_t plus_one)
{
  return plus_one != 0 ? tl_shared_channel_at (_tl_process.shared, plus_one - 1) : NULL;
}

static void
name_channel (TlChannel *ch)
{
  if (ch->name[0] != '\0' && tl_shared_claim_name (&ch->named))
    tl_trace_name ((TlObjectRole) ch->role, ch->object, ch->name, strlen (ch->name));
}

/* ---- registration ---------------------------------------------------------------- */

uint64_t
_tl_fds_register_channel (int           fd,
                          TlObjectRole  role,
                          const char   *name)
{
  struct stat st;
  TlChannel *ch, *peer;

  if (fstat (fd, &st) != 0 || !(S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode)))
    return 0;
  ch = tl_shared_channel (_tl_process.shared, st.st_dev, st.st_ino, true);
  if (ch == NULL)
    return 0;
  peer = ch->peer_ino != 0 ? tl_shared_channel (_tl_process.shared, ch->dev, ch->peer_ino, false)
                           : NULL;
  for (TlChannel *c = ch; c != NULL; c = c == ch ? peer : NULL)
    {
      c->role = (uint8_t) role;
      tl_copy_name (c->name, sizeof c->name, name);
      __atomic_store_n (&c->visible, 1, __ATOMIC_RELEASE);
    }
  name_channel (ch);
  /* Descriptors classified before now must be asked again. */
  _tl_fds_forget_range (0, N_FDS - 1);
  return ch->object;
}

void
_tl_fds_pair (int fd_a,
              int fd_b)
{
  struct stat a, b;

  if (fstat (fd_a, &a) != 0 || fstat (fd_b, &b) != 0)
    return;
  tl_shared_pair (_tl_process.shared, a.st_dev, a.st_ino, b.st_ino);
  _tl_fds_forget (fd_a);
  _tl_fds_forget (fd_b);
}

/* ---- prints ------------------------------------------------------------------------ */

/* Records this thread's pending text and @text as one print (a line may
 * be empty). */
static void
emit_print (const char *text,
            size_t      len)
{
  char joined[TL_NAME_MAX];
  size_t head = _tl_thread.line_len, n;

  if (head == 0)
    {
      tl_trace_record_text (TL_EVENT_PRINT, 0, 0, text, len > TL_NAME_MAX ? TL_NAME_MAX : len);
      return;
    }
  memcpy (joined, _tl_thread.line, head);
  n = len < sizeof joined - head ? len : sizeof joined - head;
  memcpy (joined + head, text, n);
  _tl_thread.line_len = 0;
  tl_trace_record_text (TL_EVENT_PRINT, 0, 0, joined, head + n);
}

void
_tl_preload_record_print (const char *text,
                          size_t      len)
{
  const char *newline = len > 0 ? memrchr (text, '\n', len) : NULL;

  if (newline != NULL)
    {
      /* The lines end here; what follows the last newline waits for its own. */
      size_t done = (size_t) (newline - text) + 1;

      emit_print (text, done - 1);
      text += done;
      len -= done;
    }
  if (len == 0)
    return;
  if (_tl_thread.line_len + len > sizeof _tl_thread.line)
    emit_print (text, len);
  else
    {
      memcpy (_tl_thread.line + _tl_thread.line_len, text, len);
      _tl_thread.line_len += (uint32_t) len;
    }
}

void
_tl_preload_flush_print (void)
{
  if (_tl_thread.line_len > 0)
    emit_print ("", 0);
}

static void
record_print_iov (const struct iovec *iov,
                  int                 iovcnt,
                  size_t              total)
{
  char text[TL_NAME_MAX];
  size_t len = 0;

  for (int i = 0; i < iovcnt && len < sizeof text && len < total; i++)
    {
      size_t piece = iov[i].iov_len;

      if (piece > sizeof text - len)
        piece = sizeof text - len;
      if (piece > total - len)
        piece = total - len;
      memcpy (text + len, iov[i].iov_base, piece);
      len += piece;
    }
  _tl_preload_record_print (text, len);
}

/* ---- messages ---------------------------------------------------------------------- */

static inline uint64_t
message_id (const TlChannel *ch,
            uint64_t         end)
{
  return end | (uint64_t) ch->direction << 62;
}

static void
record_send (TlChannel *ch,
             size_t     n)
{
  uint64_t end = __atomic_add_fetch (&ch->written, n, __ATOMIC_ACQ_REL);
  uint64_t seq = __atomic_fetch_add (&ch->n_writes, 1, __ATOMIC_ACQ_REL);

  __atomic_store_n (&ch->ends[seq % TL_CHANNEL_N_ENDS], end, __ATOMIC_RELEASE);
  name_channel (ch);
  tl_preload_record (TL_EVENT_SEND, (TlObjectRole) ch->role, 0, ch->object, message_id (ch, end),
                   (uint32_t) (n > UINT32_MAX ? UINT32_MAX : n));
}

/* The messages a read of @n bytes completed: every write whose end lies
 * in the bytes it consumed. */
static void
record_receive (TlChannel *ch,
                size_t     n)
{
  uint64_t start = __atomic_fetch_add (&ch->consumed, n, __ATOMIC_ACQ_REL);
  uint64_t stop = start + n;

  /* The writer counts its write just after the kernel took it: give it a
   * moment if we read its bytes before that. */
  for (int i = 0; i < SPINS_FOR_SEND && __atomic_load_n (&ch->written, __ATOMIC_ACQUIRE) < stop; i++)
    sched_yield ();

  name_channel (ch);
  for (uint32_t i = 0; i < TL_CHANNEL_N_ENDS; i++)
    {
      uint64_t end = __atomic_load_n (&ch->ends[i], __ATOMIC_ACQUIRE);

      if (end > start && end <= stop)
        tl_preload_record (TL_EVENT_RECEIVE, (TlObjectRole) ch->role, 0, ch->object,
                         message_id (ch, end), 0);
    }
}

static void
after_write (int     fd,
             ssize_t n)
{
  uint64_t w;

  if (n <= 0)
    return;
  w = fd_word (fd);
  if (WORD_SEND (w) != 0)
    record_send (channel_at (WORD_SEND (w)), (size_t) n);
}

/* ---- reads that wait --------------------------------------------------------------- */

typedef struct
{
  TlEventKind  end_kind;      /* TL_EVENT_NONE: nothing was begun */
  TlObjectRole role;
  uint64_t     object;
  TlChannel   *receive;
} ReadWait;

static bool
would_block (int fd)
{
  int available = 0, flags;

  if (ioctl (fd, FIONREAD, &available) != 0 || available > 0)
    return false;
  flags = fcntl (fd, F_GETFL);
  return flags >= 0 && (flags & O_NONBLOCK) == 0;
}

static ReadWait
before_read (int fd)
{
  ReadWait wait = { TL_EVENT_NONE, TL_ROLE_NONE, 0, NULL };
  uint64_t w = fd_word (fd);
  unsigned int kind = WORD_KIND (w);

  if (kind != KIND_PIPE && kind != KIND_SOCKET && kind != KIND_CHAR)
    return wait;
  wait.receive = channel_at (WORD_RECEIVE (w));
  if (!would_block (fd))
    return wait;
  if (wait.receive != NULL)
    {
      wait.role = (TlObjectRole) wait.receive->role;
      wait.object = wait.receive->object;
      wait.end_kind = TL_EVENT_WAIT_END;
      tl_preload_record (TL_EVENT_WAIT_BEGIN, wait.role, 0, wait.object, 0, 0);
    }
  else
    {
      wait.object = (uint64_t) fd;
      wait.end_kind = TL_EVENT_IO_END;
      tl_preload_record (TL_EVENT_IO_BEGIN, TL_ROLE_NONE, 0, wait.object, 0, 0);
    }
  return wait;
}

static void
after_read (ReadWait *wait,
            ssize_t   n)
{
  int saved = errno;

  if (n > 0 && wait->receive != NULL)
    record_receive (wait->receive, (size_t) n);
  if (wait->end_kind != TL_EVENT_NONE)
    tl_preload_record (wait->end_kind, wait->role, 0, wait->object, (uint64_t) n, 0);
  errno = saved;
}

/* ---- the wrappers ------------------------------------------------------------------ */

#define WRITE_LIKE(fd, call, print)                                                      \
  do                                                                                     \
    {                                                                                    \
      ssize_t n_;                                                                        \
      int saved_;                                                                        \
                                                                                         \
      if (TL_PASS_THROUGH ())                                                            \
        return call;                                                                     \
      n_ = call;                                                                         \
      saved_ = errno;                                                                    \
      _tl_thread.inside++;                                                               \
      if (n_ > 0 && ((fd) == STDOUT_FILENO || (fd) == STDERR_FILENO))                    \
        print;                                                                           \
      after_write (fd, n_);                                                              \
      _tl_thread.inside--;                                                               \
      errno = saved_;                                                                    \
      return n_;                                                                         \
    }                                                                                    \
  while (0)

#define READ_LIKE(fd, call)                                                              \
  do                                                                                     \
    {                                                                                    \
      ReadWait wait_;                                                                    \
      ssize_t n_;                                                                        \
                                                                                         \
      if (TL_PASS_THROUGH ())                                                            \
        return call;                                                                     \
      _tl_thread.inside++;                                                               \
      wait_ = before_read (fd);                                                          \
      _tl_thread.inside--;                                                               \
      n_ = call;                                                                         \
      _tl_thread.inside++;                                                               \
      after_read (&wait_, n_);                                                           \
      _tl_thread.inside--;                                                               \
      return n_;                                                                         \
    }                                                                                    \
  while (0)

TL_EXPORT ssize_t
write (int         fd,
       const void *buf,
       size_t      count)
{
  WRITE_LIKE (fd, TL_REAL (write) (fd, buf, count), _tl_preload_record_print (buf, (size_t) n_));
}

TL_EXPORT ssize_t
writev (int                 fd,
        const struct iovec *iov,
        int                 iovcnt)
{
  WRITE_LIKE (fd, TL_REAL (writev) (fd, iov, iovcnt), record_print_iov (iov, iovcnt, (size_t) n_));
}

TL_EXPORT ssize_t
send (int         fd,
      const void *buf,
      size_t      len,
      int         flags)
{
  WRITE_LIKE (fd, TL_REAL (send) (fd, buf, len, flags), _tl_preload_record_print (buf, (size_t) n_));
}

TL_EXPORT ssize_t
sendto (int                    fd,
        const void            *buf,
        size_t                 len,
        int                    flags,
        __CONST_SOCKADDR_ARG   addr,
        socklen_t              addr_len)
{
  WRITE_LIKE (fd, TL_REAL (sendto) (fd, buf, len, flags, addr, addr_len),
              _tl_preload_record_print (buf, (size_t) n_));
}

TL_EXPORT ssize_t
sendmsg (int                  fd,
         const struct msghdr *msg,
         int                  flags)
{
  WRITE_LIKE (fd, TL_REAL (sendmsg) (fd, msg, flags),
              record_print_iov (msg->msg_iov, (int) msg->msg_iovlen, (size_t) n_));
}

TL_EXPORT ssize_t
read (int     fd,
      void   *buf,
      size_t  count)
{
  READ_LIKE (fd, TL_REAL (read) (fd, buf, count));
}

TL_EXPORT ssize_t
readv (int                 fd,
       const struct iovec *iov,
       int                 iovcnt)
{
  READ_LIKE (fd, TL_REAL (readv) (fd, iov, iovcnt));
}

TL_EXPORT ssize_t
recv (int     fd,
      void   *buf,
      size_t  len,
      int     flags)
{
  READ_LIKE (fd, TL_REAL (recv) (fd, buf, len, flags));
}

TL_EXPORT ssize_t
recvfrom (int              fd,
          void            *buf,
          size_t           len,
          int              flags,
          __SOCKADDR_ARG   addr,
          socklen_t       *addr_len)
{
  READ_LIKE (fd, TL_REAL (recvfrom) (fd, buf, len, flags, addr, addr_len));
}

TL_EXPORT ssize_t
recvmsg (int            fd,
         struct msghdr *msg,
         int            flags)
{
  READ_LIKE (fd, TL_REAL (recvmsg) (fd, msg, flags));
}

/* ---- descriptors made and unmade ------------------------------------------------- */

TL_EXPORT int
close (int fd)
{
  _tl_fds_forget (fd);
  return TL_REAL (close) (fd);
}

TL_EXPORT int
close_range (unsigned int first,
             unsigned int last,
             int          flags)
{
  /* Only closing forgets; CLOSE_RANGE_CLOEXEC leaves them open. */
  if ((flags & CLOSE_RANGE_CLOEXEC) == 0)
    _tl_fds_forget_range (first, last);
  return TL_REAL (close_range) (first, last, flags);
}

TL_EXPORT void
closefrom (int lowfd)
{
  _tl_fds_forget_range (lowfd < 0 ? 0 : (unsigned int) lowfd, N_FDS - 1);
  TL_REAL (closefrom) (lowfd);
}

TL_EXPORT int
dup2 (int oldfd,
      int newfd)
{
  int r = TL_REAL (dup2) (oldfd, newfd);

  _tl_fds_forget (newfd);
  return r;
}

TL_EXPORT int
dup3 (int oldfd,
      int newfd,
      int flags)
{
  int r = TL_REAL (dup3) (oldfd, newfd, flags);

  _tl_fds_forget (newfd);
  return r;
}

TL_EXPORT int
pipe (int fds_out[2])
{
  int r = TL_REAL (pipe) (fds_out);

  if (r == 0)
    {
      _tl_fds_forget (fds_out[0]);
      _tl_fds_forget (fds_out[1]);
    }
  return r;
}

TL_EXPORT int
pipe2 (int fds_out[2],
       int flags)
{
  int r = TL_REAL (pipe2) (fds_out, flags);

  if (r == 0)
    {
      _tl_fds_forget (fds_out[0]);
      _tl_fds_forget (fds_out[1]);
    }
  return r;
}

TL_EXPORT int
socketpair (int domain,
            int type,
            int protocol,
            int sv[2])
{
  int r = TL_REAL (socketpair) (domain, type, protocol, sv);

  if (r == 0 && _tl_process.active)
    {
      int saved = errno;

      _tl_thread.inside++;
      _tl_fds_pair (sv[0], sv[1]);
      _tl_thread.inside--;
      errno = saved;
    }
  return r;
}
