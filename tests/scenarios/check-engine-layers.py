#!/usr/bin/env python3
# The scenario engine's files form layers (src/scenarios/engine/tl-exec.h):
# each may include the headers of its own layer and those below, never
# one above, so that no lower layer can call up into a higher one and the
# circle of mutual calls the engine once had cannot come back.
#
#   check-engine-layers.py ENGINE_DIR   exits 1 and names the offenders
import os
import re
import sys

LAYERS = [
    ['tl-records', 'tl-gil', 'tl-machine'],
    ['tl-exec', 'tl-limits'],
    ['tl-primitives', 'tl-channels', 'tl-shared'],
    ['tl-process'],
    ['tl-pool', 'tl-manager', 'tl-manager-private', 'tl-manager-server'],
    ['tl-interp', 'tl-interp-private', 'tl-interp-builtins', 'tl-interp-expr',
     'tl-interp-objects', 'tl-interp-tasks'],
    ['tl-engine'],
    ['threadline-runner', 'tl-supervisor'],
]


def layer_of(stem):
    for i, names in enumerate(LAYERS):
        if stem in names:
            return i
    return None


def main():
    top = sys.argv[1]
    problems = []
    for f in sorted(os.listdir(top)):
        if not f.endswith(('.c', '.h')):
            continue
        stem = f[:-2]
        layer = layer_of(stem)
        if layer is None:
            problems.append(f'{f}: in no layer (add it to {os.path.basename(__file__)})')
            continue
        with open(os.path.join(top, f), encoding='utf-8') as fh:
            for n, line in enumerate(fh, 1):
                m = re.match(r'#include "(tl-[a-z-]+)\.h"', line)
                if not m:
                    continue
                other = layer_of(m.group(1))
                if other is not None and other > layer:
                    problems.append(f'{f}:{n}: includes {m.group(1)}.h, a layer above it')
    for p in problems:
        print(p)
    if problems:
        return 1
    print('every engine file includes only its own layer and those below')
    return 0


if __name__ == '__main__':
    sys.exit(main())
