/* tl-painter-code.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Calls coloured by the function they run, and library code dimmed, so
 * that in a Python program's trace the program's own function is what
 * the eye finds first.  Only calls (slices and async spans: what a trace
 * knows by name alone) take a function's colour; what Threadline
 * understands (running, waits, holds, the GIL, tasks) keeps its state's.
 *
 * A call goes into a batch per code origin and function fill; the colour
 * of each batch is settled when it is filled, because whether built-in
 * calls count as library code depends on whether the trace says where
 * its code is, which may only show as the frame is gathered: a trace
 * that carries source files does, and so does one with any call of a
 * file seen.
 */
#define G_LOG_DOMAIN "tl-render"

#include "config.h"

#include "tl-painter-private.h"

G_STATIC_ASSERT (TL_PAINT_N_SLOTS <= 256);

guint
_tl_painter_span_slot (TlPainter    *self,
                       const TlSpan *span,
                       guint         paint_class)
{
  TlFunction function;

  if (paint_class != TL_PAINT_SLICE || !tl_trace_model_get_span_function (self->model, span, &function))
    return paint_class;
  if (function.origin != TL_CODE_BUILTIN)
    self->code_located = TRUE;
  return TL_PAINT_FIRST_CALL_SLOT + function.origin * TL_N_FUNCTION_FILLS +
         tl_palette_function_fill_index (function.color_key);
}

static gboolean
located (TlPainter *self)
{
  if (!self->code_located && tl_trace_model_get_n_sources (self->model) > 0)
    self->code_located = TRUE;
  return self->code_located;
}

gboolean
tl_painter_dims_origin (TlPainter    *self,
                        TlCodeOrigin  origin)
{
  g_return_val_if_fail (TL_IS_PAINTER (self), FALSE);

  if (self->options & TL_PAINT_LIBRARY_UNDIMMED)
    return FALSE;
  switch (origin)
    {
    case TL_CODE_STDLIB:
    case TL_CODE_LIBRARY:
      return TRUE;
    case TL_CODE_BUILTIN:
      /* "builtins.print" beside the program's own functions is library
       * code; in a trace that names no files, every call is "built in",
       * and none is dimmed. */
      return located (self);
    case TL_CODE_USER:
    case TL_N_CODE_ORIGINS:
    default:
      return FALSE;
    }
}

gboolean
_tl_painter_slot_is_dimmed (TlPainter *self,
                            guint      slot)
{
  if (slot < TL_PAINT_FIRST_CALL_SLOT)
    return FALSE;
  return tl_painter_dims_origin (self, (slot - TL_PAINT_FIRST_CALL_SLOT) / TL_N_FUNCTION_FILLS);
}

const TlRgba *
_tl_painter_slot_fill (TlPainter *self,
                       guint      slot)
{
  const TlPalette *p = self->palette;
  guint index;

  if (slot < TL_PAINT_FIRST_CALL_SLOT)
    return &p->fill[slot];
  index = (slot - TL_PAINT_FIRST_CALL_SLOT) % TL_N_FUNCTION_FILLS;
  return _tl_painter_slot_is_dimmed (self, slot) ? &p->library_fill[index] : &p->function_fill[index];
}

const TlRgba *
tl_painter_get_span_fill (TlPainter    *self,
                          guint32       lane,
                          const TlSpan *span)
{
  TlLane *l;

  g_return_val_if_fail (TL_IS_PAINTER (self), NULL);
  g_return_val_if_fail (span != NULL, NULL);
  g_return_val_if_fail (lane < tl_trace_model_get_n_lanes (self->model), NULL);

  l = tl_trace_model_get_lane (self->model, lane);
  return _tl_painter_slot_fill (self, _tl_painter_span_slot (self, span,
                                                             tl_paint_class_for_span (span->kind,
                                                                                      tl_lane_get_kind (l))));
}
