/* tl-pool.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * multiprocessing.Pool and concurrent.futures.ThreadPoolExecutor.
 */
#pragma once

#include "tl-process.h"

G_BEGIN_DECLS

typedef struct _TlPool TlPool;

ExecStatus  _tl_pool_new             (TlExec       *x,
                                      gboolean      processes,
                                      gint64        n_workers,
                                      TlPool      **out);
ExecStatus  _tl_pool_map             (TlExec       *x,
                                      TlPool       *pool,
                                      const char   *func,
                                      TlValue      *items,
                                      gint64        chunksize,
                                      TlValue     **out);
/* apply_async / submit: *out is an AsyncResult / Future. */
ExecStatus  _tl_pool_apply           (TlExec       *x,
                                      TlPool       *pool,
                                      const char   *func,
                                      GPtrArray    *args,
                                      const char   *callback,
                                      const char   *error_callback,
                                      TlValue     **out);
ExecStatus  _tl_pool_result_get      (TlExec       *x,
                                      TlObj        *result,
                                      gint64        timeout_ns,
                                      gboolean      raise,
                                      TlValue     **out);
gboolean    _tl_pool_result_ready    (TlObj        *result);
void        _tl_pool_close           (TlExec       *x,
                                      TlPool       *pool);
ExecStatus  _tl_pool_join            (TlExec       *x,
                                      TlPool       *pool);
void        _tl_pool_terminate       (TlExec       *x,
                                      TlPool       *pool);

G_END_DECLS
