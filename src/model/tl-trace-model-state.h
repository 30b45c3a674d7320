/* tl-trace-model-state.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * State lanes: what the constructs threads share hold over time, derived
 * from the runtime events (a shared value's value from its writes, a
 * semaphore's permits in use from its acquires and releases...).  Each is
 * a counter lane (TL_LANE_COUNTER) of the process that owns the object,
 * listed right after the object's lock lane where it has one.
 *
 * A state lane appears only once its object's state says more than the
 * rest of the picture does (see tl-trace-model-state.c): a value written
 * to more than once, a semaphore that let two or more in, an RLock taken
 * twice, an Event that released several waiters... A plain Lock, a queue
 * that never held two messages at once, get none.
 *
 * A state lane's key is the string "state:<state>:<role>:<object id>"
 * (as "state:in-use:semaphore:17"), so that it is found again in a saved
 * model, a .tltrace or a Chrome JSON file, whatever carries its samples.
 */
#pragma once

#include "tl-trace-model.h"

G_BEGIN_DECLS

typedef enum
{
  TL_STATE_VALUE = 0,    /* a shared value: its value */
  TL_STATE_IN_USE,       /* a semaphore: permits held */
  TL_STATE_WAITING,      /* a semaphore or a condition: threads waiting */
  TL_STATE_DEPTH,        /* an RLock: how many times its holder took it */
  TL_STATE_SET,          /* an Event: 1 set, 0 clear */
  TL_STATE_ARRIVED,      /* a Barrier: parties waiting for the rest, 0 once it opens */
  TL_STATE_QUEUED,       /* a queue or a pipe: messages put and not yet got */
  TL_N_STATES
} TlStateKind;

/* Whether @lane is a state lane; if so, what it shows and of which
 * object (TL_INDEX_NONE when the model does not hold that object). */
gboolean      tl_trace_model_get_state_lane      (TlTraceModel        *self,
                                                  guint32              lane,
                                                  TlStateKind         *kind,
                                                  guint32             *object);

const char   *tl_state_kind_to_string            (TlStateKind          kind);
gboolean      tl_state_kind_from_string          (const char          *str,
                                                  TlStateKind         *kind);

G_END_DECLS
