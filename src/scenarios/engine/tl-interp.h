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

/* Longer waits are an OverflowError, as Python's time.sleep () has one:
 * no run lasts that long, and the arithmetic of deadlines stays exact. */
#define TL_MAX_DURATION_NS (365.0 * 86400e9)

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

/* Python's int (float): ValueError for NaN, OverflowError past 64 bits. */
ExecStatus  _tl_float_to_int         (TlExec       *x,
                                      double        d,
                                      gint64       *out);
/* @ns at tempo 1 as what it takes now: ValueError for NaN, OverflowError
 * past TL_MAX_DURATION_NS; a negative one is 0. */
ExecStatus  _tl_duration_to_ns       (TlExec       *x,
                                      double        ns,
                                      gint64       *out);

G_END_DECLS
