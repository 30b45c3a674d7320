/* tl-cli.h
 *
 * Copyright 2026 The Threadline Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * threadline-cli's commands.  Each takes the arguments after its name
 * (argv[0] is the command name) and returns the process exit status:
 * 0 on success, 1 on failure (a message on stderr), 2 on bad usage.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef int (*TlCliCommandFunc) (int    argc,
                                 char **argv);

typedef struct
{
  const char       *name;
  const char       *summary;
  TlCliCommandFunc  func;
} TlCliCommand;

/* Prints "threadline-cli: MESSAGE" on stderr; returns 1. */
int tl_cli_fail (const char *format,
                 ...) G_GNUC_PRINTF (1, 2);

int tl_cli_info    (int argc, char **argv);
int tl_cli_convert (int argc, char **argv);
int tl_cli_list    (int argc, char **argv);
int tl_cli_record  (int argc, char **argv);
int tl_cli_render  (int argc, char **argv);
int tl_cli_run     (int argc, char **argv);

G_END_DECLS
