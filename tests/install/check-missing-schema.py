#!/usr/bin/env python3
# The built program run without its settings schema anywhere it looks
# (no GSETTINGS_SCHEMA_DIR, empty data folders): it must say what to do
# and exit with status 1, not abort in GSettings.  TAP on stdout.
#
# check-missing-schema.py THREADLINE

import os
import signal
import subprocess
import sys
import tempfile


def main():
    program = os.path.abspath(sys.argv[1])
    results = []

    def check(ok, name, diagnostics=()):
        results.append(ok)
        print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
        for line in diagnostics if not ok else ():
            print(f'# {line}')

    with tempfile.TemporaryDirectory(prefix='threadline-no-schema-') as empty:
        env = {k: v for k, v in os.environ.items() if k != 'GSETTINGS_SCHEMA_DIR'}
        env.update(XDG_DATA_DIRS=empty, XDG_DATA_HOME=empty, LC_ALL='C.UTF-8')
        result = subprocess.run([program], env=env, cwd=empty, capture_output=True, text=True,
                                timeout=60)
    said = [f'exit {result.returncode}'] + result.stderr.splitlines()

    check(result.returncode >= 0, 'no crash',
          said + ([f'killed by {signal.Signals(-result.returncode).name}']
                  if result.returncode < 0 else []))
    check(result.returncode == 1, 'exit status 1', said)
    check('org.threadline.Threadline' in result.stderr and 'is not installed' in result.stderr,
          'it names the missing schema', said)
    check('meson devenv' in result.stderr and 'GSETTINGS_SCHEMA_DIR' in result.stderr,
          'it says how to run an uninstalled build', said)
    check('glib-compile-schemas' in result.stderr and 'XDG_DATA_DIRS' in result.stderr,
          'it says how to fix an install', said)
    check('GLib-GIO-ERROR' not in result.stderr, 'no GLib error', said)

    # --help needs no schema.
    with tempfile.TemporaryDirectory(prefix='threadline-no-schema-') as empty:
        env.update(XDG_DATA_DIRS=empty, XDG_DATA_HOME=empty)
        result = subprocess.run([program, '--help'], env=env, capture_output=True, text=True,
                                timeout=60)
    check(result.returncode == 0 and '--scenario' in result.stdout, '--help works without it',
          [f'exit {result.returncode}', result.stderr])

    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
