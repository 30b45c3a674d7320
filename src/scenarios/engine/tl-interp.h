/* tl-interp.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interpreter: runs a scenario's steps and expressions in a thread
 * that holds its process's GIL.
 */
#pragma once

#include "tl-exec.h"

G_BEGIN_DECLS

ExecStatus  _tl_exec_block           (TlExec       *x,
                                      TlBlock      *block);
ExecStatus  _tl_exec_eval            (TlExec       *x,
                                      TlExpr       *expr,
                                      TlValue     **out);
/* Runs function @name with @args in @x; the run's TlCallFunction. */
ExecStatus  _tl_exec_call            (TlExec       *x,
                                      const char   *name,
                                      GPtrArray    *args,
                                      TlValue     **result);

G_END_DECLS
