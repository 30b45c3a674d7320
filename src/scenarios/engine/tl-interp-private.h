/* tl-interp-private.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interpreter's insides, shared by its files: expressions
 * (tl-interp-expr.c), built-in functions, methods and attributes
 * (tl-interp-builtins.c), and the steps, one function per kind behind the
 * table in tl-interp.c: control flow and timing there, steps on objects
 * in tl-interp-objects.c, processes, threads and pools in
 * tl-interp-tasks.c.
 */
#pragma once

#include "tl-interp.h"
#include "tl-limits.h"
#include "tl-manager.h"
#include "tl-pool.h"
#include "tl-vocabulary.h"

G_BEGIN_DECLS

/* ---- values and names ---------------------------------------------------------- */

TlValue    *_tl_interp_lookup        (TlExec       *x,
                                      const char   *name);
/* Takes @value. */
void        _tl_interp_bind          (TlExec       *x,
                                      const char   *name,
                                      TlValue      *value);
gboolean    _tl_as_int               (const TlValue *value,
                                      gint64       *out);
gboolean    _tl_as_number            (const TlValue *value,
                                      double       *out);
gint        _tl_compare_values       (gconstpointer a,
                                      gconstpointer b);

/* ---- expressions (tl-interp-expr.c) ---------------------------------------------- */

ExecStatus  _tl_eval_int             (TlExec       *x,
                                      TlExpr       *expr,
                                      gint64       *out);
ExecStatus  _tl_eval_duration        (TlExec       *x,
                                      TlDuration   *duration,
                                      gint64       *ns);
/* A step's timeout: -1 if it has none. */
ExecStatus  _tl_eval_timeout         (TlExec       *x,
                                      TlStmt       *stmt,
                                      gint64       *ns);
ExecStatus  _tl_eval_object          (TlExec       *x,
                                      TlExpr       *expr,
                                      TlObj       **out);
/* Each of @exprs, appended to @out. */
ExecStatus  _tl_eval_list            (TlExec       *x,
                                      GPtrArray    *exprs,
                                      GPtrArray    *out);
/* A step's call arguments. */
ExecStatus  _tl_eval_args            (TlExec       *x,
                                      TlStmt       *stmt,
                                      GPtrArray   **out);
/* @errors, if given, collects the exceptions the text shows. */
ExecStatus  _tl_eval_format          (TlExec       *x,
                                      TlExpr       *expr,
                                      char        **out,
                                      GPtrArray    *errors);
ExecStatus  _tl_eval_text            (TlExec       *x,
                                      TlExpr       *expr,
                                      char        **out);
ExecStatus  _tl_eval_binary          (TlExec       *x,
                                      TlOp          op,
                                      TlValue      *a,
                                      TlValue      *b,
                                      TlValue     **out);
/* A list, or the items a list-like thing holds right now. */
ExecStatus  _tl_items_of             (TlExec       *x,
                                      TlValue      *value,
                                      TlValue     **out);

/* ---- built-ins, methods, attributes (tl-interp-builtins.c) ------------------------ */

ExecStatus  _tl_eval_call            (TlExec       *x,
                                      TlExpr       *expr,
                                      TlValue     **out);
ExecStatus  _tl_eval_attr            (TlExec       *x,
                                      TlExpr       *expr,
                                      TlValue      *base,
                                      TlValue     **out);
ExecStatus  _tl_eval_method          (TlExec       *x,
                                      TlExpr       *expr,
                                      TlValue      *base,
                                      TlValue     **out);

/* ---- objects ------------------------------------------------------------------ */

/* The lock a step like acquire or with takes on @obj, or NULL. */
TlLock     *_tl_lock_of              (TlObj        *obj);
/* TypeError: "“join” does not work on Queue q". */
ExecStatus  _tl_wrong_object         (TlExec       *x,
                                      const char   *step,
                                      TlObj        *obj);

/* ---- steps: one function per kind (TlStmtKind) ------------------------------------- */

/* The tables cover the whole vocabulary (for the tests). */
gboolean    _tl_interp_has_every_step    (void);
gboolean    _tl_interp_has_every_builtin (void);

typedef ExecStatus (*TlStepFn) (TlExec *x,
                                TlStmt *stmt);

#define TL_STEP(name) ExecStatus _tl_step_##name (TlExec *x, TlStmt *stmt)

/* tl-interp.c */
TL_STEP (compute);
TL_STEP (sleep);
TL_STEP (print);
TL_STEP (mark);
TL_STEP (let);
TL_STEP (repeat);
TL_STEP (for);
TL_STEP (while);
TL_STEP (if);
TL_STEP (try);
TL_STEP (raise);
TL_STEP (crash);
TL_STEP (return);
TL_STEP (call);
TL_STEP (result);
TL_STEP (time);

/* tl-interp-objects.c */
TL_STEP (read);
TL_STEP (write);
TL_STEP (update);
TL_STEP (store);
TL_STEP (append);
TL_STEP (pop);
TL_STEP (acquire);
TL_STEP (release);
TL_STEP (with);
TL_STEP (wait);
TL_STEP (notify);
TL_STEP (set);
TL_STEP (send);
TL_STEP (receive);

/* tl-interp-tasks.c */
TL_STEP (start);
TL_STEP (join);
TL_STEP (join_all);
TL_STEP (pool);
TL_STEP (map);
TL_STEP (apply);
TL_STEP (close);

G_END_DECLS
