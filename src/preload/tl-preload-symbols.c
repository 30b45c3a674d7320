/* tl-preload-symbols.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * Names from the program's own symbols, so that a C program's
 * "static pthread_mutex_t counter_lock" shows as counter_lock and a thread
 * started on worker () as worker.  The dynamic symbol table (dladdr) knows
 * only exported symbols; a program's static ones are in its .symtab, read
 * from the file once (unless the program is stripped).  Only called when
 * an object is named for the first time, never on the record path.
 */
#include "config.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-preload-private.h"

typedef struct
{
  uintptr_t          header;    /* where its ELF header is mapped (dladdr's dli_fbase) */
  uintptr_t          bias;      /* what its symbol values are relative to */
  const uint8_t     *file;
  size_t             size;
  const ElfW(Sym)   *syms;
  size_t             n_syms;
  const char        *strtab;
  size_t             strtab_size;
  bool               tried;
} SymbolFile;

static SymbolFile program;
static pthread_mutex_t program_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
in_file (const SymbolFile *f,
         uint64_t          offset,
         uint64_t          len)
{
  return offset <= f->size && len <= f->size - offset;
}

static bool
load_symtab (SymbolFile *f,
             const char *path)
{
  const ElfW(Ehdr) *ehdr;
  const ElfW(Shdr) *shdrs;
  struct stat st;
  void *map;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return false;
  if (fstat (fd, &st) != 0 || st.st_size < (off_t) sizeof (ElfW(Ehdr)))
    {
      TL_REAL (close) (fd);
      return false;
    }
  map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  TL_REAL (close) (fd);
  if (map == MAP_FAILED)
    return false;
  f->file = map;
  f->size = (size_t) st.st_size;

  ehdr = (const ElfW(Ehdr) *) map;
  if (memcmp (ehdr->e_ident, ELFMAG, SELFMAG) != 0 || ehdr->e_shentsize != sizeof (ElfW(Shdr)) ||
      !in_file (f, ehdr->e_shoff, (uint64_t) ehdr->e_shnum * sizeof (ElfW(Shdr))))
    return false;
  shdrs = (const ElfW(Shdr) *) (const void *) (f->file + ehdr->e_shoff);
  for (unsigned int i = 0; i < ehdr->e_shnum; i++)
    {
      const ElfW(Shdr) *strs;

      if (shdrs[i].sh_type != SHT_SYMTAB || shdrs[i].sh_link >= ehdr->e_shnum)
        continue;
      strs = &shdrs[shdrs[i].sh_link];
      if (!in_file (f, shdrs[i].sh_offset, shdrs[i].sh_size) ||
          !in_file (f, strs->sh_offset, strs->sh_size))
        return false;
      f->syms = (const ElfW(Sym) *) (const void *) (f->file + shdrs[i].sh_offset);
      f->n_syms = shdrs[i].sh_size / sizeof (ElfW(Sym));
      f->strtab = (const char *) f->file + strs->sh_offset;
      f->strtab_size = strs->sh_size;
      return true;
    }
  return false;
}

static bool
search_symtab (const SymbolFile *f,
               uintptr_t         addr,
               char             *out,
               size_t            size)
{
  uint64_t value = addr - f->bias;

  for (size_t i = 0; i < f->n_syms; i++)
    {
      const ElfW(Sym) *s = &f->syms[i];
      int type = ELF64_ST_TYPE (s->st_info);

      if ((type != STT_OBJECT && type != STT_FUNC) || s->st_name >= f->strtab_size ||
          value < s->st_value || value >= s->st_value + (s->st_size ? s->st_size : 1))
        continue;
      if (value == s->st_value)
        snprintf (out, size, "%s", f->strtab + s->st_name);
      else
        snprintf (out, size, "%s+%u", f->strtab + s->st_name, (unsigned int) (value - s->st_value));
      return true;
    }
  return false;
}

/* The first object dl_iterate_phdr () reports is the program. */
static int
find_program_cb (struct dl_phdr_info *info,
                 size_t               size,
                 void                *data)
{
  SymbolFile *f = data;

  (void) size;
  f->bias = info->dlpi_addr;
  for (unsigned int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_LOAD && info->dlpi_phdr[i].p_offset == 0)
      f->header = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
  return 1;
}

/* The program's .symtab, loaded the first time it is needed. */
static bool
search_program (uintptr_t  header,
                uintptr_t  addr,
                char      *out,
                size_t     size)
{
  bool found = false;

  TL_REAL (pthread_mutex_lock) (&program_lock);
  if (!program.tried)
    {
      program.tried = true;
      dl_iterate_phdr (find_program_cb, &program);
      if (!load_symtab (&program, "/proc/self/exe"))
        program.n_syms = 0;
    }
  if (program.n_syms > 0 && program.header == header)
    found = search_symtab (&program, addr, out, size);
  TL_REAL (pthread_mutex_unlock) (&program_lock);
  return found;
}

bool
_tl_symbol_name (const void *addr,
                 char       *out,
                 size_t      size)
{
  Dl_info info;
  const ElfW(Sym) *sym = NULL;
  uintptr_t a = (uintptr_t) addr;

  if (dladdr1 (addr, &info, (void **) &sym, RTLD_DL_SYMENT) == 0)
    return false;
  if (sym != NULL && info.dli_sname != NULL && info.dli_saddr != NULL &&
      a >= (uintptr_t) info.dli_saddr &&
      a < (uintptr_t) info.dli_saddr + (sym->st_size ? sym->st_size : 1))
    {
      if (a == (uintptr_t) info.dli_saddr)
        snprintf (out, size, "%s", info.dli_sname);
      else
        snprintf (out, size, "%s+%u", info.dli_sname,
                  (unsigned int) (a - (uintptr_t) info.dli_saddr));
      return true;
    }
  /* Only the program's own static symbols: what its author wrote. */
  return search_program ((uintptr_t) info.dli_fbase, a, out, size);
}
