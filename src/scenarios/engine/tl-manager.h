/* tl-manager.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Manager: a server process owning lists and dicts, and
 * the proxies through which every other process uses them; only the run
 * can reach it (tl-manager-private.h).
 */
#pragma once

#include "tl-process.h"

G_BEGIN_DECLS

typedef struct _TlManager TlManager;
typedef struct _TlProxy   TlProxy;

/* Starts the server; it is shut down when the creating process ends. */
TlManager  *_tl_manager_new          (TlExec       *x,
                                      const char   *name,
                                      GError      **error);
ExecStatus  _tl_proxy_new            (TlExec       *x,
                                      TlManager    *manager,
                                      const char   *name,
                                      gboolean      is_dict,
                                      TlValue      *init,
                                      TlProxy     **out);
/* One round trip: @op on the proxy's object with @args. */
ExecStatus  _tl_proxy_call           (TlExec       *x,
                                      TlProxy      *proxy,
                                      const char   *op,
                                      TlValue      *arg1,
                                      TlValue      *arg2,
                                      TlValue     **out);

G_END_DECLS
