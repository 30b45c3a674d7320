#!/usr/bin/env python3
# Keeps src/ readable: no function longer than 200 lines, no file longer
# than 1,500.  Our C is GNU style (a function's name at column 0, its
# braces at column 0), which is what makes this simple scan enough.
#
#   build-aux/check-code-shape.py [SRCDIR]   exits 1 and names the offenders
import os
import re
import sys

MAX_FUNCTION = 200
MAX_FILE = 1500

# Offenders known when the check was added; each is to shrink, and the
# list with it.  A name here that is back within bounds fails the check
# too, so that the list never hides a new offender.
KNOWN = {
}


def functions(path):
    name = None
    start = None
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    for i, line in enumerate(lines):
        m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*)\s*\(', line)
        if m:
            name = m.group(1)
        if line.startswith('{') and name:
            start = i
        elif line.startswith('}') and start is not None:
            yield name, i - start + 1
            start = None
            name = None
    return len(lines)


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'src')
    problems = []
    seen = set()
    for root, _, files in os.walk(top):
        for f in sorted(files):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, top)
            with open(path, encoding='utf-8', errors='replace') as fh:
                n_lines = fh.read().count('\n')
            if n_lines > MAX_FILE:
                key = rel
                seen.add(key)
                if key not in KNOWN:
                    problems.append(f'{rel}: {n_lines} lines (at most {MAX_FILE})')
            for name, length in functions(path):
                if length > MAX_FUNCTION:
                    key = f'{rel}:{name}'
                    seen.add(key)
                    if key not in KNOWN:
                        problems.append(f'{rel}: {name} () is {length} lines (at most {MAX_FUNCTION})')
    for key in sorted(set(KNOWN) - seen):
        problems.append(f'{key}: within bounds now; take it off the KNOWN list')
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f'every file within {MAX_FILE} lines, every function within {MAX_FUNCTION}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
