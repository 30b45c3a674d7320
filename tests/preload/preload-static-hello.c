/* preload-static-hello.c: a statically linked program, which the tracer
 * cannot attach to (test-preload-cli.c).
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

int
main (void)
{
  puts ("hello from a static program");
  return 0;
}
