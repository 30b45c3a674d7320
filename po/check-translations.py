#!/usr/bin/env python3
# Every translation in po/ passes "msgfmt --check" (header, format strings,
# plural forms), and LINGUAS names exactly the .po files there are, so
# that none is built without being checked or checked without being built.
# TAP on stdout; with no .po yet, the whole test is skipped.
#
# check-translations.py PO_DIR

import glob
import os
import subprocess
import sys


def main():
    po_dir = sys.argv[1]
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        linguas = [word for line in f if not line.startswith('#') for word in line.split()]
    files = sorted(glob.glob(os.path.join(po_dir, '*.po')))
    languages = [os.path.basename(f)[:-len('.po')] for f in files]

    if not files and not linguas:
        print('1..0 # SKIP no translations yet')
        return 0

    n, failed = 0, 0
    for language in sorted(set(linguas) | set(languages)):
        n += 1
        problems = []
        if language not in languages:
            problems.append(f'LINGUAS names {language}, and there is no {language}.po')
        if language not in linguas:
            problems.append(f'{language}.po is not in LINGUAS: it would never be built')
        if language in languages:
            result = subprocess.run(['msgfmt', '--check', '--check-accelerators=_',
                                     '--output-file', os.devnull,
                                     os.path.join(po_dir, language + '.po')],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                problems += result.stderr.splitlines()
        print(f"{'not ok' if problems else 'ok'} {n} - {language}")
        for line in problems:
            print(f'# {line}')
        failed += bool(problems)
    print(f'1..{n}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
