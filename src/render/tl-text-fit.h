/* tl-text-fit.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text that does not fit is shortened where its identity is not.  A name
 * is told from its neighbours by its end as much as by its start
 * ("ForkPoolWorker-3", "ForkPoolWorker-4"), so the middle goes first and
 * a trailing number stays: "ForkPo…ker-4".  A note in brackets gives way
 * before the name it follows: "Thread-3 (add_unl…)", then "Thread-3".  A
 * call keeps its arguments, which say which one it is: "squ…(3)".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The width of @text, in whatever unit @max_width is. */
typedef double (*TlTextMeasure) (const char *text,
                                 gpointer    user_data);

/* @text, or the longest shortening of it within @max_width; "" when not
 * even one character fits. */
char *tl_text_fit (const char    *text,
                   double         max_width,
                   TlTextMeasure  measure,
                   gpointer       user_data) G_GNUC_WARN_UNUSED_RESULT;

/* Free text (what a program printed, an exception's message) reads from
 * its start: cut at its end, "ZeroDivisionError: divis…"; "" when not
 * even one character fits. */
char *tl_text_fit_end (const char    *text,
                       double         max_width,
                       TlTextMeasure  measure,
                       gpointer       user_data) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
