/* fuzz-tltrace.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the .tltrace reader: any input loads into a model
 * (which is then walked, as the window and `info` would) or fails with an
 * error of our domain.  Built with clang only; fuzz-tltrace-corpus runs
 * the seed corpus through the same function with any compiler.
 *
 *   fuzz-tltrace -max_len=65536 tests/fuzz/tltrace/corpus
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "tl-tltrace.h"

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical from the model means the reader let bad data through. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlTraceModel) model = tl_tltrace_load_data (data, size, &error);

  if (model == NULL)
    {
      if (error == NULL || error->domain != TL_FORMAT_ERROR)
        abort ();
      return 0;
    }
  g_free (tl_trace_model_dump (model));
  for (guint i = 0; i < tl_trace_model_get_n_lanes (model); i++)
    {
      TlLane *lane = tl_trace_model_get_lane (model, i);
      guint first, n;

      for (guint t = 0; t < tl_lane_get_n_tracks (lane); t++)
        tl_lane_get_span_range (lane, t, G_MININT64 / 2, G_MAXINT64 / 2, &first, &n);
      tl_lane_get_instant_range (lane, 0, G_MAXINT64, &first, &n);
    }
  for (guint i = 0; i < tl_trace_model_get_n_objects (model); i++)
    {
      guint n_refs;

      tl_trace_model_get_object_history (model, i, &n_refs);
    }
  return 0;
}
