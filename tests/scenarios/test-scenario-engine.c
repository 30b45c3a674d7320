/* test-scenario-engine.c
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's tables cover the language: every kind of step the parser
 * makes has a function in the interpreter, every built-in function of the
 * vocabulary an implementation.
 */
#include "config.h"

#include "tl-interp-private.h"

static void
test_every_step (void)
{
  g_assert_true (_tl_interp_has_every_step ());
}

static void
test_every_builtin (void)
{
  g_assert_true (_tl_interp_has_every_builtin ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scenarios/engine/every-step", test_every_step);
  g_test_add_func ("/scenarios/engine/every-builtin", test_every_builtin);
  return g_test_run ();
}
