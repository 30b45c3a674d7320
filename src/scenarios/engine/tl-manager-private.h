/* tl-manager-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Manager's two sides, its clients (tl-manager.c) and its server
 * (tl-manager-server.c), and what they share.
 *
 * Only the run can reach a Manager: requests go through a socket pair made
 * before the run forks anything else, whose clients' end every process of
 * the run inherits, and nothing else has; each request carries a socket
 * pair's end of its own for the reply (SCM_RIGHTS).  And, as Python's
 * Manager does with its authkey, every request is signed with a key of 32
 * random bytes the run's processes inherit: HMAC-SHA256, checked in
 * constant time.  The server checks every request's shape and every
 * argument's type, and answers a bad one with an error, never a crash.
 */
#pragma once

#include "tl-manager.h"

G_BEGIN_DECLS

#define TL_MANAGER_MAX_MESSAGE 65536
#define TL_MANAGER_KEY_BYTES   32
#define TL_MANAGER_MAC_BYTES   32

struct _TlManager
{
  TlPrim     prim;
  int        requests[2];     /* [0] the server's end, [1] the clients' */
  guint8     key[TL_MANAGER_KEY_BYTES];
  TlHandle  *server;
  gboolean   shut_down;
};

/* HMAC-SHA256 of @data under @manager's key. */
void        _tl_manager_sign         (TlManager    *manager,
                                      const char   *data,
                                      gsize         len,
                                      guint8        mac[TL_MANAGER_MAC_BYTES]);
/* The server process's body (TlBody): serves until told to shut down. */
int         _tl_manager_serve        (TlExec       *x,
                                      gpointer      data);

G_END_DECLS
