/* tl-format-output.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files written whole or not at all (see tl-format-private.h): every
 * writer of a trace goes through here.
 */
#define G_LOG_DOMAIN "tl-format"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tl-format-private.h"

struct _TlFormatOutput
{
  int       fd;
  char     *path;
  char     *dir;
  char     *tmp_path;        /* NULL while unnamed */
  int       cleanup_slot;    /* -1: not removed by a signal */
  gboolean  keep_mode;
  mode_t    mode;
};

static gint unnamed_allowed = TRUE;

void
_tl_format_output_set_unnamed_allowed (gboolean allowed)
{
  g_atomic_int_set (&unnamed_allowed, allowed);
}

/* ---- removal on a signal -------------------------------------------------- */

/* Named temporary files a signal removes.  The handler may only read what
 * async-signal-safe code can: fixed buffers, and a state per slot that is
 * READY only while its path is whole. */
#define N_CLEANUP_SLOTS 8

enum { SLOT_FREE = 0, SLOT_FILLING, SLOT_READY };

static int cleanup_state[N_CLEANUP_SLOTS];
static char cleanup_paths[N_CLEANUP_SLOTS][PATH_MAX];

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void
cleanup_on_signal (int signum)
{
  for (guint i = 0; i < N_CLEANUP_SLOTS; i++)
    if (__atomic_load_n (&cleanup_state[i], __ATOMIC_ACQUIRE) == SLOT_READY)
      unlink (cleanup_paths[i]);
  /* Then die of it, as the program would have. */
  signal (signum, SIG_DFL);
  raise (signum);
}

/* Once, and only for signals the program left to their default action:
 * a program that handles them (the record command stops cleanly on
 * SIGINT) keeps its own handler. */
static void
install_cleanup_handlers (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
        {
          struct sigaction current, action;

          if (sigaction (cleanup_signals[i], NULL, &current) != 0 ||
              current.sa_handler != SIG_DFL || (current.sa_flags & SA_SIGINFO))
            continue;
          memset (&action, 0, sizeof action);
          action.sa_handler = cleanup_on_signal;
          sigemptyset (&action.sa_mask);
          sigaction (cleanup_signals[i], &action, NULL);
        }
      g_once_init_leave (&installed, 1);
    }
}

static int
cleanup_register (const char *path)
{
  if (strlen (path) >= PATH_MAX)
    return -1;
  install_cleanup_handlers ();
  for (int i = 0; i < N_CLEANUP_SLOTS; i++)
    {
      int expected = SLOT_FREE;

      if (__atomic_compare_exchange_n (&cleanup_state[i], &expected, SLOT_FILLING, FALSE,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        {
          strcpy (cleanup_paths[i], path);
          /* Release pairs with the acquire in cleanup_on_signal (). */
          __atomic_store_n (&cleanup_state[i], SLOT_READY, __ATOMIC_RELEASE);
          return i;
        }
    }
  /* More saves at once than slots: this one is only removed on failure. */
  return -1;
}

static void
cleanup_unregister (int slot)
{
  if (slot >= 0)
    __atomic_store_n (&cleanup_state[slot], SLOT_FREE, __ATOMIC_RELEASE);
}

/* ---- the output ------------------------------------------------------------ */

/* "Could not @verb “@path”: why". */
static void
set_errno_error (GError     **error,
                 int          saved,
                 const char  *verb,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Could not %s “%s”: %s",
               verb, path, g_strerror (saved));
}

/* ".NAME.XXXXXX" beside @out->path, opened, or -1. */
static int
open_named (TlFormatOutput  *out,
            GError         **error)
{
  g_autofree char *base = g_path_get_basename (out->path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  char *tmp_path = g_build_filename (out->dir, name, NULL);
  int fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);

  if (fd < 0)
    {
      set_errno_error (error, errno, "create a file in", out->dir);
      g_free (tmp_path);
      return -1;
    }
  out->tmp_path = tmp_path;
  return fd;
}

TlFormatOutput *
_tl_format_output_new (const char           *path,
                       TlFormatOutputFlags   flags,
                       GError              **error)
{
  TlFormatOutput *out;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  out = g_new0 (TlFormatOutput, 1);
  out->path = g_strdup (path);
  out->dir = g_path_get_dirname (path);
  out->cleanup_slot = -1;
  out->fd = -1;
  if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      out->keep_mode = TRUE;
      out->mode = st.st_mode & 07777;
    }

#ifdef O_TMPFILE
  if (!(flags & TL_FORMAT_OUTPUT_KEEP_IF_KILLED) && g_atomic_int_get (&unnamed_allowed))
    out->fd = open (out->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#endif
  if (out->fd < 0)
    {
      out->fd = open_named (out, error);
      if (out->fd < 0)
        {
          _tl_format_output_abort (out);
          return NULL;
        }
      if (!(flags & TL_FORMAT_OUTPUT_KEEP_IF_KILLED))
        out->cleanup_slot = cleanup_register (out->tmp_path);
    }
  return out;
}

int
_tl_format_output_get_fd (TlFormatOutput *out)
{
  return out->fd;
}

const char *
_tl_format_output_get_temporary_path (TlFormatOutput *out)
{
  return out->tmp_path;
}

/* Gives the unnamed file a temporary name beside its destination. */
static gboolean
link_unnamed (TlFormatOutput  *out,
              GError         **error)
{
  g_autofree char *base = g_path_get_basename (out->path);
  char proc_path[64];
  int saved = EEXIST;

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", out->fd);
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x", base, g_random_int ());
      char *tmp_path = g_build_filename (out->dir, name, NULL);

      /* Registered before it has a name, so a signal in between finds it. */
      out->cleanup_slot = cleanup_register (tmp_path);
      if (linkat (AT_FDCWD, proc_path, AT_FDCWD, tmp_path, AT_SYMLINK_FOLLOW) == 0)
        {
          out->tmp_path = tmp_path;
          return TRUE;
        }
      saved = errno;
      cleanup_unregister (out->cleanup_slot);
      out->cleanup_slot = -1;
      g_free (tmp_path);
      if (saved != EEXIST)
        break;
    }
  set_errno_error (error, saved, "save", out->path);
  return FALSE;
}

gboolean
_tl_format_output_commit (TlFormatOutput  *out,
                          GError         **error)
{
  gboolean ok = TRUE;

  /* On disk before it takes the name, so a crash leaves the old file or
   * the new one, never a torn one. */
  if ((out->keep_mode && fchmod (out->fd, out->mode) != 0) || fsync (out->fd) != 0)
    {
      set_errno_error (error, errno, "write", out->path);
      ok = FALSE;
    }
  if (ok && out->tmp_path == NULL)
    ok = link_unnamed (out, error);
  if (ok && g_rename (out->tmp_path, out->path) != 0)
    {
      set_errno_error (error, errno, "save", out->path);
      ok = FALSE;
    }
  /* Renamed: nothing to remove any more. */
  if (ok)
    g_clear_pointer (&out->tmp_path, g_free);
  _tl_format_output_abort (out);
  return ok;
}

void
_tl_format_output_abort (TlFormatOutput *out)
{
  if (out == NULL)
    return;
  if (out->fd >= 0)
    g_close (out->fd, NULL);
  if (out->tmp_path != NULL)
    g_unlink (out->tmp_path);
  cleanup_unregister (out->cleanup_slot);
  g_free (out->tmp_path);
  g_free (out->dir);
  g_free (out->path);
  g_free (out);
}
