/* tl-traceable.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-traceable.h"

#define MAX_SCRIPT_DEPTH 4
#define HEAD_SIZE        512
#define DEFAULT_PATH     "/usr/local/bin:/usr/bin:/bin"

#if defined(__x86_64__)
# define OUR_MACHINE EM_X86_64
#elif defined(__aarch64__)
# define OUR_MACHINE EM_AARCH64
#elif defined(__i386__)
# define OUR_MACHINE EM_386
#elif defined(__riscv)
# define OUR_MACHINE EM_RISCV
#elif defined(__powerpc64__)
# define OUR_MACHINE EM_PPC64
#elif defined(__s390x__)
# define OUR_MACHINE EM_S390
#else
# error "Tell tl-traceable.c the ELF machine of this architecture"
#endif

#if __SIZEOF_POINTER__ == 8
# define OUR_CLASS ELFCLASS64
#else
# define OUR_CLASS ELFCLASS32
#endif

const char *
tl_traceable_describe (TlTraceable verdict)
{
  switch (verdict)
    {
    case TL_TRACEABLE_YES:
      return "can be traced";
    case TL_TRACEABLE_NOT_FOUND:
      return "was not found";
    case TL_TRACEABLE_NOT_EXECUTABLE:
      return "is not an executable file";
    case TL_TRACEABLE_STATIC:
      return "is statically linked, so the tracer cannot attach to it";
    case TL_TRACEABLE_SETUID:
      return "is setuid or setgid, so the system will not let the tracer attach to it";
    case TL_TRACEABLE_OTHER_ARCH:
      return "is built for another architecture, so the tracer cannot attach to it";
    case TL_TRACEABLE_UNKNOWN_FORMAT:
    default:
      return "is neither an ELF program nor a script, so the tracer cannot attach to it";
    }
}

static ssize_t
read_at (int     fd,
         void   *buf,
         size_t  len,
         off_t   offset)
{
  ssize_t n;

  do
    n = pread (fd, buf, len, offset);
  while (n < 0 && errno == EINTR);
  return n;
}

/* Whether the ELF file behind @fd, whose first bytes are @head, has a
 * program interpreter (the dynamic loader). */
static TlTraceable
check_elf (int                  fd,
           const unsigned char *head,
           size_t               len)
{
  ElfW(Ehdr) ehdr;

  if (len < EI_NIDENT || head[EI_CLASS] != OUR_CLASS || head[EI_DATA] != ELFDATA2LSB)
    return TL_TRACEABLE_OTHER_ARCH;
  if (len < sizeof ehdr)
    return TL_TRACEABLE_UNKNOWN_FORMAT;
  memcpy (&ehdr, head, sizeof ehdr);
  if (ehdr.e_machine != OUR_MACHINE)
    return TL_TRACEABLE_OTHER_ARCH;
  if (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN)
    return TL_TRACEABLE_NOT_EXECUTABLE;
  if (ehdr.e_phentsize != sizeof (ElfW(Phdr)) || ehdr.e_phnum == 0 || ehdr.e_phnum > 256)
    return TL_TRACEABLE_UNKNOWN_FORMAT;

  for (unsigned int i = 0; i < ehdr.e_phnum; i++)
    {
      ElfW(Phdr) phdr;

      if (read_at (fd, &phdr, sizeof phdr,
                   (off_t) (ehdr.e_phoff + (ElfW(Off)) i * sizeof phdr)) != (ssize_t) sizeof phdr)
        return TL_TRACEABLE_UNKNOWN_FORMAT;
      if (phdr.p_type == PT_INTERP)
        return TL_TRACEABLE_YES;
    }
  return TL_TRACEABLE_STATIC;
}

static void
copy_string (char       *out,
             size_t      size,
             const char *in,
             size_t      len)
{
  if (out == NULL || size == 0)
    return;
  if (len >= size)
    len = size - 1;
  memcpy (out, in, len);
  out[len] = '\0';
}

/* The interpreter of a "#!" line: its path and, for /usr/bin/env, the
 * program env will look up.  Returns false if the line is not usable. */
static bool
parse_shebang (const unsigned char *head,
               size_t               len,
               char                *interp,
               size_t               interp_size,
               char                *arg,
               size_t               arg_size)
{
  size_t i = 2, start, end;

  while (i < len && (head[i] == ' ' || head[i] == '\t'))
    i++;
  start = i;
  while (i < len && head[i] != ' ' && head[i] != '\t' && head[i] != '\n')
    i++;
  end = i;
  if (end == start || i == len)
    return false;
  copy_string (interp, interp_size, (const char *) head + start, end - start);

  arg[0] = '\0';
  while (i < len && (head[i] == ' ' || head[i] == '\t'))
    i++;
  start = i;
  while (i < len && head[i] != ' ' && head[i] != '\t' && head[i] != '\n')
    i++;
  if (i > start)
    copy_string (arg, arg_size, (const char *) head + start, i - start);
  return true;
}

static bool
is_env (const char *interp)
{
  const char *slash = strrchr (interp, '/');

  return strcmp (slash != NULL ? slash + 1 : interp, "env") == 0;
}

static TlTraceable
check_path (const char *path,
            char       *culprit,
            size_t      culprit_size,
            int         depth)
{
  unsigned char head[HEAD_SIZE];
  char interp[512], arg[256];
  struct stat st;
  TlTraceable verdict;
  ssize_t len;
  int fd;

  copy_string (culprit, culprit_size, path, strlen (path));
  if (stat (path, &st) != 0)
    return errno == ENOENT || errno == ENOTDIR ? TL_TRACEABLE_NOT_FOUND
                                               : TL_TRACEABLE_NOT_EXECUTABLE;
  if (!S_ISREG (st.st_mode) || access (path, X_OK) != 0)
    return TL_TRACEABLE_NOT_EXECUTABLE;
  if ((st.st_mode & S_ISUID) != 0 || ((st.st_mode & S_ISGID) != 0 && (st.st_mode & S_IXGRP) != 0))
    return TL_TRACEABLE_SETUID;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return TL_TRACEABLE_NOT_EXECUTABLE;
  len = read_at (fd, head, sizeof head, 0);
  if (len >= 4 && memcmp (head, ELFMAG, SELFMAG) == 0)
    {
      verdict = check_elf (fd, head, (size_t) len);
      close (fd);
      return verdict;
    }
  close (fd);

  if (len < 3 || head[0] != '#' || head[1] != '!' || depth >= MAX_SCRIPT_DEPTH ||
      !parse_shebang (head, (size_t) len, interp, sizeof interp, arg, sizeof arg))
    return TL_TRACEABLE_UNKNOWN_FORMAT;

  verdict = check_path (interp, culprit, culprit_size, depth + 1);
  /* "#!/usr/bin/env python3": env is fine; judge what it will run. */
  if (verdict == TL_TRACEABLE_YES && is_env (interp) && arg[0] != '\0' && arg[0] != '-')
    {
      char found[1024];

      if (tl_traceable_find (arg, NULL, found, sizeof found))
        verdict = check_path (found, culprit, culprit_size, depth + 1);
    }
  return verdict;
}

TlTraceable
tl_traceable_check (const char *path,
                    char       *culprit,
                    size_t      culprit_size)
{
  return check_path (path, culprit, culprit_size, 0);
}

bool
tl_traceable_find (const char *file,
                   const char *search_path,
                   char       *out,
                   size_t      out_size)
{
  const char *p;

  if (file == NULL || file[0] == '\0')
    return false;
  if (strchr (file, '/') != NULL)
    {
      if (strlen (file) >= out_size)
        return false;
      copy_string (out, out_size, file, strlen (file));
      return true;
    }

  p = search_path != NULL ? search_path : DEFAULT_PATH;
  for (;;)
    {
      const char *colon = strchr (p, ':');
      size_t dir_len = colon != NULL ? (size_t) (colon - p) : strlen (p);
      size_t file_len = strlen (file);
      struct stat st;

      /* An empty entry means the current directory. */
      if (dir_len + 1 + file_len < out_size)
        {
          if (dir_len == 0)
            memcpy (out, ".", (dir_len = 1));
          else
            memcpy (out, p, dir_len);
          out[dir_len] = '/';
          memcpy (out + dir_len + 1, file, file_len + 1);
          if (stat (out, &st) == 0 && S_ISREG (st.st_mode) && access (out, X_OK) == 0)
            return true;
        }
      if (colon == NULL)
        return false;
      p = colon + 1;
    }
}
