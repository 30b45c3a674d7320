/* tl-preload-exec.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Programs the traced program runs are traced too: every exec and spawn
 * gets our variables (LD_PRELOAD with this library first, the ring's and
 * the shared table's paths, the Python helper's folder first on
 * PYTHONPATH), whatever environment the program passed, so that an
 * explicit env= of subprocess.Popen does not lose them.  A program we
 * cannot attach to (static, setuid, another architecture) gets none of
 * them, so that the loader does not complain, and the trace says it runs
 * untraced.
 *
 * These wrappers may run in a vfork () child (Python's subprocess does
 * that), which shares our memory until it execs: they only use the stack.
 */
#include "config.h"

#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tl-preload-private.h"
#include "tl-traceable.h"

#define MAX_ENV      8192   /* more than this and the environment is passed on unchanged */
#define MAX_ARGS     4096

/* "NAME=value" of our variables, made at start-up. */
static char env_ring[sizeof TL_PRELOAD_ENV_RING + TL_PRELOAD_PATH_MAX];
static char env_shared[sizeof TL_PRELOAD_ENV_SHARED + TL_PRELOAD_PATH_MAX];
static char env_python[sizeof TL_PRELOAD_ENV_PYTHON + TL_PRELOAD_PATH_MAX];

static void
save (const char *name,
      char       *value_out,
      char       *pair_out,
      size_t      pair_size)
{
  const char *value = getenv (name);

  if (value == NULL || strlen (value) >= TL_PRELOAD_PATH_MAX)
    return;
  strcpy (value_out, value);
  snprintf (pair_out, pair_size, "%s=%s", name, value);
}

void
_tl_exec_save_env (void)
{
  save (TL_PRELOAD_ENV_RING, _tl_process.ring_path, env_ring, sizeof env_ring);
  save (TL_PRELOAD_ENV_SHARED, _tl_process.shared_path, env_shared, sizeof env_shared);
  save (TL_PRELOAD_ENV_PYTHON, _tl_process.python_dir, env_python, sizeof env_python);
}

/* ---- building an environment on the stack ----------------------------------------- */

static bool
has_name (const char *entry,
          const char *name)
{
  size_t len = strlen (name);

  return strncmp (entry, name, len) == 0 && entry[len] == '=';
}

static const char *
lookup (char *const *envp,
        const char  *name)
{
  for (size_t i = 0; envp != NULL && envp[i] != NULL; i++)
    if (has_name (envp[i], name))
      return envp[i] + strlen (name) + 1;
  return NULL;
}

static bool
is_ours (const char *item,
         size_t      len,
         const char *path)
{
  const char *base = TL_PRELOAD_LIB_NAME;
  size_t base_len = strlen (base);

  if (len == strlen (path) && strncmp (item, path, len) == 0)
    return true;
  /* Our library by another path. */
  return path == _tl_process.lib_path && len >= base_len &&
         strncmp (item + len - base_len, base, base_len) == 0;
}

/* Writes NAME=[first<sep>]list into @out, dropping @first wherever it was
 * in @list (a separated list of paths).  Returns @out, or NULL if nothing
 * is left. */
static char *
path_list (char       *out,
           const char *name,
           const char *first,
           const char *list,
           const char *separators)
{
  size_t o = (size_t) sprintf (out, "%s=", name), start = o;

  if (first != NULL && first[0] != '\0')
    o += (size_t) sprintf (out + o, "%s", first);
  while (list != NULL && *list != '\0')
    {
      size_t len = strcspn (list, separators);

      if (len > 0 && !is_ours (list, len, first != NULL ? first : ""))
        {
          if (o > start)
            out[o++] = ':';
          memcpy (out + o, list, len);
          o += len;
        }
      list += len;
      if (*list != '\0')
        list++;
    }
  out[o] = '\0';
  return o > start ? out : NULL;
}

static bool
is_our_variable (const char *entry)
{
  return has_name (entry, TL_PRELOAD_ENV_RING) || has_name (entry, TL_PRELOAD_ENV_SHARED) ||
         has_name (entry, TL_PRELOAD_ENV_PYTHON) || has_name (entry, TL_PRELOAD_ENV_EXEC) ||
         has_name (entry, "LD_PRELOAD") || has_name (entry, "PYTHONPATH");
}

/* Fills @out (room for the entries of @envp and 8 more) with @envp and
 * our variables, or without them if @traced is false. */
static void
fill_env (char *const *envp,
          bool         traced,
          char       **out,
          char        *ld_buf,
          char        *pp_buf,
          char        *exec_buf)
{
  const char *ld = lookup (envp, "LD_PRELOAD");
  const char *pp = lookup (envp, "PYTHONPATH");
  size_t o = 0;
  char *entry;

  for (size_t i = 0; envp != NULL && envp[i] != NULL; i++)
    if (!is_our_variable (envp[i]))
      out[o++] = envp[i];

  if ((entry = path_list (ld_buf, "LD_PRELOAD", traced ? _tl_process.lib_path : NULL, ld,
                          ": ")) != NULL)
    out[o++] = entry;
  /* The helper's folder is only ours to add or take away. */
  if ((entry = path_list (pp_buf, "PYTHONPATH", traced ? _tl_process.python_dir : NULL, pp,
                          ":")) != NULL)
    out[o++] = entry;
  if (traced)
    {
      out[o++] = env_ring;
      if (env_shared[0] != '\0')
        out[o++] = env_shared;
      if (env_python[0] != '\0')
        out[o++] = env_python;
      if (exec_buf != NULL)
        out[o++] = exec_buf;
    }
  out[o] = NULL;
}

static size_t
env_count (char *const *envp)
{
  size_t n = 0;

  while (envp != NULL && envp[n] != NULL)
    n++;
  return n;
}

static size_t
value_len (char *const *envp,
           const char  *name)
{
  const char *value = lookup (envp, name);

  return value != NULL ? strlen (value) : 0;
}

/* Whether @path can be traced; if not, the trace says so. */
static bool
check_traceable (const char *path)
{
  char culprit[512], text[768];
  TlTraceable verdict;

  if (path == NULL)
    return true;
  verdict = tl_traceable_check (path, culprit, sizeof culprit);
  if (verdict == TL_TRACEABLE_YES)
    return true;
  /* Not found: exec fails by itself; the variables do no harm. */
  if (verdict == TL_TRACEABLE_NOT_FOUND || verdict == TL_TRACEABLE_NOT_EXECUTABLE)
    return true;
  snprintf (text, sizeof text, "%s %s: it runs untraced", culprit, tl_traceable_describe (verdict));
  tl_trace_record_text (TL_EVENT_MARK, 0, 0, text, strlen (text));
  return false;
}

/* Runs @call with @newenv, the environment @envp with our variables (for
 * @path, which this very process becomes when @in_place). */
#define WITH_ENV(envp, path, in_place, newenv, call)                                     \
  do                                                                                     \
    {                                                                                    \
      char *const *envp_ = (envp);                                                       \
      size_t n_ = env_count (envp_);                                                     \
      bool vforked_, traced_;                                                            \
      int r_;                                                                            \
                                                                                         \
      if (!_tl_process.active || _tl_process.ring_path[0] == '\0' || n_ > MAX_ENV)       \
        {                                                                                \
          char *const *newenv = envp_;                                                   \
                                                                                         \
          return call;                                                                   \
        }                                                                                \
      {                                                                                  \
        char *newenv_[n_ + 8];                                                           \
        char ld_[value_len (envp_, "LD_PRELOAD") + TL_PRELOAD_PATH_MAX + 16];             \
        char pp_[value_len (envp_, "PYTHONPATH") + TL_PRELOAD_PATH_MAX + 16];             \
        char exec_[sizeof TL_PRELOAD_ENV_EXEC + 24];                                     \
        char *const *newenv = newenv_;                                                   \
                                                                                         \
        /* A vfork () child shares the caller's thread state: it must leave  \
         * it as it found it, exec or not. */                                           \
        vforked_ = (in_place) && _tl_preload_in_vfork ();                                \
        if (!vforked_)                                                                   \
          _tl_thread.inside++;                                                           \
        traced_ = check_traceable (path);                                                \
        snprintf (exec_, sizeof exec_, "%s=%u", TL_PRELOAD_ENV_EXEC, _tl_process.pid);   \
        fill_env (envp_, traced_, newenv_, ld_, pp_,                                     \
                  (in_place) && !vforked_ ? exec_ : NULL);                               \
        if ((in_place) && !vforked_)                                                     \
          leave_image ();                                                                \
        r_ = call;                                                                       \
        if ((in_place) && !vforked_)                                                     \
          stay_in_image ();                                                              \
        if (!vforked_)                                                                   \
          _tl_thread.inside--;                                                           \
        return r_;                                                                       \
      }                                                                                  \
    }                                                                                    \
  while (0)

static TlRing *ring_before_exec;

/* This image ends: the GIL it held goes, and this thread's sub-buffer is
 * handed back now (exec runs no thread destructor). */
static void
leave_image (void)
{
  _tl_preload_flush_print ();
  _tl_gil_release_if_held ();
  ring_before_exec = tl_trace_get_ring ();
  tl_trace_set_ring (NULL);
}

/* The exec failed: record on. */
static void
stay_in_image (void)
{
  int saved = errno;

  tl_trace_set_ring (ring_before_exec);
  errno = saved;
}

static const char *
resolve (const char  *file,
         char        *buf,
         size_t       size)
{
  return tl_traceable_find (file, getenv ("PATH"), buf, size) ? buf : NULL;
}

/* ---- the wrappers ------------------------------------------------------------------ */

TL_EXPORT int
execve (const char   *path,
        char *const   argv[],
        char *const   envp[])
{
  WITH_ENV (envp, path, true, env, TL_REAL (execve) (path, argv, env));
}

TL_EXPORT int
execv (const char *path,
       char *const argv[])
{
  WITH_ENV (environ, path, true, env, TL_REAL (execve) (path, argv, env));
}

TL_EXPORT int
execvpe (const char *file,
         char *const argv[],
         char *const envp[])
{
  char found[1024];

  WITH_ENV (envp, resolve (file, found, sizeof found), true, env,
            TL_REAL (execvpe) (file, argv, env));
}

TL_EXPORT int
execvp (const char *file,
        char *const argv[])
{
  char found[1024];

  WITH_ENV (environ, resolve (file, found, sizeof found), true, env,
            TL_REAL (execvpe) (file, argv, env));
}

/* The list forms gather their arguments (and execle its environment). */
#define GATHER_ARGS(first, args, argv, n)                                                \
  do                                                                                     \
    {                                                                                    \
      (argv)[0] = (char *) (first);                                                      \
      for ((n) = 1; (argv)[(n) - 1] != NULL && (n) < MAX_ARGS; (n)++)                    \
        (argv)[n] = va_arg (args, char *);                                               \
      (argv)[(n) - 1] = NULL;                                                            \
    }                                                                                    \
  while (0)

static size_t
count_args (const char *first,
            va_list     args)
{
  size_t n = 1;
  va_list copy;

  va_copy (copy, args);
  if (first != NULL)
    while (n < MAX_ARGS && va_arg (copy, char *) != NULL)
      n++;
  va_end (copy);
  return n + 1;
}

TL_EXPORT int
execl (const char *path,
       const char *arg,
       ...)
{
  va_list args;
  size_t n;

  va_start (args, arg);
  n = count_args (arg, args);
  {
    char *argv[n + 1];

    GATHER_ARGS (arg, args, argv, n);
    va_end (args);
    return execv (path, argv);
  }
}

TL_EXPORT int
execlp (const char *file,
        const char *arg,
        ...)
{
  va_list args;
  size_t n;

  va_start (args, arg);
  n = count_args (arg, args);
  {
    char *argv[n + 1];

    GATHER_ARGS (arg, args, argv, n);
    va_end (args);
    return execvp (file, argv);
  }
}

TL_EXPORT int
execle (const char *path,
        const char *arg,
        ...)
{
  va_list args;
  size_t n;

  va_start (args, arg);
  n = count_args (arg, args);
  {
    char *argv[n + 1];
    char **envp;

    GATHER_ARGS (arg, args, argv, n);
    envp = va_arg (args, char **);
    va_end (args);
    return execve (path, argv, envp);
  }
}

TL_EXPORT int
posix_spawn (pid_t                       *pid,
             const char                  *path,
             const posix_spawn_file_actions_t *actions,
             const posix_spawnattr_t     *attr,
             char *const                  argv[],
             char *const                  envp[])
{
  WITH_ENV (envp, path, false, env, TL_REAL (posix_spawn) (pid, path, actions, attr, argv, env));
}

TL_EXPORT int
posix_spawnp (pid_t                       *pid,
              const char                  *file,
              const posix_spawn_file_actions_t *actions,
              const posix_spawnattr_t     *attr,
              char *const                  argv[],
              char *const                  envp[])
{
  char found[1024];

  WITH_ENV (envp, resolve (file, found, sizeof found), false, env,
            TL_REAL (posix_spawnp) (pid, file, actions, attr, argv, env));
}
