/* tl-preload-objects.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: MIT
 *
 * What the interposer knows about the program's primitives, by address:
 * the Python helper's registrations (role, name, how to show it), the ids
 * of semaphores opened by name (the same in every process), and which
 * objects this process has named in the trace.
 *
 * A process-private object's id mixes its address with the pid, so the
 * copy a forked child inherits is another object, with a lane of its
 * own.  The table is private memory made at start-up (no allocation on
 * the record path), inherited by fork (); entries are claimed with a
 * compare-and-swap and removed by leaving a tombstone.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "tl-preload-private.h"

#define N_ENTRIES  8192u          /* a power of two */
#define REMOVED    ((uintptr_t) 1)

static TlObjectEntry *table;
static uint32_t generation;

static_assert (sizeof (TlObjectEntry) == 64, "TlObjectEntry is a cache line");

void
_tl_objects_init (void)
{
  void *p = mmap (NULL, N_ENTRIES * sizeof (TlObjectEntry), PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  table = p != MAP_FAILED ? p : NULL;
}

void
_tl_objects_after_fork (void)
{
  /* Entries stay: ids and names are redone per process as they are used. */
}

static inline uint32_t
slot_of (uintptr_t addr)
{
  return (uint32_t) (((uint64_t) (addr >> 3) * UINT64_C (0x9e3779b97f4a7c15)) >> 40) &
         (N_ENTRIES - 1);
}

TlObjectEntry *
_tl_objects_lookup (const void *addr)
{
  uintptr_t key = (uintptr_t) addr;
  uint32_t start = slot_of (key);

  if (table == NULL)
    return NULL;
  for (uint32_t i = 0; i < N_ENTRIES; i++)
    {
      TlObjectEntry *e = &table[(start + i) & (N_ENTRIES - 1)];
      /* Acquire pairs with the release of ->addr in _tl_objects_insert (). */
      uintptr_t k = __atomic_load_n (&e->addr, __ATOMIC_ACQUIRE);

      if (k == key)
        return __atomic_load_n (&e->ready, __ATOMIC_ACQUIRE) ? e : NULL;
      if (k == 0)
        return NULL;
    }
  return NULL;
}

TlObjectEntry *
_tl_objects_insert (const void *addr)
{
  uintptr_t key = (uintptr_t) addr;
  uint32_t start = slot_of (key);

  if (table == NULL || key <= REMOVED)
    return NULL;
  for (uint32_t i = 0; i < N_ENTRIES; i++)
    {
      TlObjectEntry *e = &table[(start + i) & (N_ENTRIES - 1)];
      uintptr_t expected = 0;

      if (__atomic_load_n (&e->addr, __ATOMIC_ACQUIRE) == key)
        return e;
      if (__atomic_compare_exchange_n (&e->addr, &expected, key, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        {
          e->id = 0;
          e->named_pid = 0;
          e->role = TL_ROLE_NONE;
          e->show = TL_SHOW_HIDDEN;
          e->flags = 0;
          e->alias = 0;
          e->generation = 0;
          e->name[0] = '\0';
          /* Release pairs with the acquire of ->ready in _tl_objects_lookup (). */
          __atomic_store_n (&e->ready, 1, __ATOMIC_RELEASE);
          return e;
        }
      if (expected == key)
        return e;
    }
  return NULL;
}

TlObjectEntry *
_tl_objects_register (const void *addr)
{
  TlObjectEntry *e = _tl_objects_insert (addr);

  if (e == NULL)
    return NULL;
  e->generation = __atomic_add_fetch (&generation, 1, __ATOMIC_RELAXED);
  e->named_pid = 0;
  e->flags = 0;
  e->alias = 0;
  e->name[0] = '\0';
  return e;
}

void
_tl_objects_remove (const void *addr)
{
  TlObjectEntry *e = _tl_objects_lookup (addr);

  if (e == NULL)
    return;
  __atomic_store_n (&e->ready, 0, __ATOMIC_RELEASE);
  __atomic_store_n (&e->addr, REMOVED, __ATOMIC_RELEASE);
}

uint64_t
_tl_objects_private_id (const void *addr)
{
  return tl_shared_mix ((uintptr_t) addr, _tl_process.pid);
}

uint64_t
_tl_objects_shared_id (const void *addr)
{
  return tl_shared_mix ((uintptr_t) addr, 0);
}

static const char *
role_word (TlObjectRole role)
{
  switch (role)
    {
    case TL_ROLE_MUTEX:
      return "mutex";
    case TL_ROLE_RLOCK:
      return "rlock";
    case TL_ROLE_CONDITION:
      return "condition";
    case TL_ROLE_SEMAPHORE:
      return "semaphore";
    case TL_ROLE_EVENT:
      return "event";
    case TL_ROLE_BARRIER:
      return "barrier";
    case TL_ROLE_QUEUE:
      return "queue";
    case TL_ROLE_PIPE:
      return "pipe";
    case TL_ROLE_NONE:
    case TL_ROLE_PROCESS:
    case TL_ROLE_THREAD:
    case TL_ROLE_GIL:
    case TL_ROLE_VALUE:
    case TL_ROLE_TASK:
    case TL_ROLE_TEXT:
    case TL_ROLE_ERROR:
    case TL_ROLE_STEP:
    case TL_ROLE_MANAGER:
    case TL_ROLE_SHARED_MEMORY:
    case TL_N_ROLES:
    default:
      return "object";
    }
}

/* The symbol holding @addr, or "mutex 3". */
static void
make_up_name (const void   *addr,
              TlObjectRole  role,
              const char   *word,
              char         *out,
              size_t        size)
{
  uint32_t n;

  if (_tl_symbol_name (addr, out, size))
    return;
  n = __atomic_add_fetch (&_tl_process.n_objects[role < TL_N_ROLES ? role : 0], 1,
                          __ATOMIC_RELAXED);
  snprintf (out, size, "%s %u", word != NULL ? word : role_word (role), n);
}

static void
record_name (TlObjectEntry *e,
             const char    *word)
{
  char made_up[64];
  const char *name = e->name;

  if (name[0] == '\0')
    {
      make_up_name ((const void *) e->addr, (TlObjectRole) e->role, word, made_up,
                    sizeof made_up);
      /* Keep it, so that a forked child calls its copy the same. */
      tl_copy_name (e->name, sizeof e->name, made_up);
      name = made_up;
    }
  tl_trace_name ((TlObjectRole) e->role, e->id, name, strlen (name));
}

void
_tl_objects_ensure_named (TlObjectEntry *e)
{
  if (e->named_pid == _tl_process.pid)
    return;
  _tl_thread.inside++;
  if ((e->flags & TL_OBJECT_SHARED) != 0)
    {
      TlSharedObject *so = tl_shared_object (_tl_process.shared, e->id, true);

      /* One name for every process that shares it. */
      if (so == NULL || tl_shared_claim_name (&so->named))
        record_name (e, NULL);
    }
  else
    {
      e->id = tl_shared_mix (e->addr ^ ((uint64_t) e->generation << 48), _tl_process.pid);
      record_name (e, NULL);
    }
  e->named_pid = _tl_process.pid;
  _tl_thread.inside--;
}

void
_tl_objects_name_once (const void   *addr,
                       uint64_t      id,
                       TlObjectRole  role,
                       const char   *word)
{
  uintptr_t key = (uintptr_t) addr;
  uintptr_t *cached = &_tl_thread.named[(key >> 4) & (TL_NAMED_CACHE - 1)];
  TlObjectEntry *e;

  if (TL_LIKELY (*cached == key))
    return;
  _tl_thread.inside++;
  e = _tl_objects_insert (addr);
  if (e != NULL && e->named_pid != _tl_process.pid)
    {
      e->role = (uint8_t) role;
      e->id = id;
      record_name (e, word);
      e->named_pid = _tl_process.pid;
    }
  *cached = key;
  _tl_thread.inside--;
}
