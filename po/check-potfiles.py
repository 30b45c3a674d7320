#!/usr/bin/env python3
# POTFILES.in against the tree: every file with translatable strings is
# listed (else its strings never reach translators), and every file listed
# exists and gives xgettext at least one string.  TAP on stdout.
#
# check-potfiles.py SOURCE_ROOT XGETTEXT
#
# XGETTEXT is po/xgettext.py, which reads the scenarios as xgettext is
# run for threadline-pot.
#
# Translatable strings are found by their markers: _(""), N_(), C_(), NC_(),
# ngettext() and the g_d*gettext() family in C; translatable="yes" in
# GtkBuilder files; and the data files whose formats always carry text for
# people (desktop entries, AppStream metainfo, GSettings schemas with
# summaries, shared-mime-info comments, scenarios).

import os
import re
import subprocess
import sys
import tempfile

# A marker around a string literal, after the domain if it takes one
# (g_dngettext (GETTEXT_PACKAGE, "...")): _(c->summary) or g_dgettext
# (GETTEXT_PACKAGE, text) translate a string marked elsewhere.
C_MARKER = re.compile(r'(?<![\w])(?:_|N_|C_|NC_|Q_|ngettext|dngettext|g_dngettext|'
                      r'g_dgettext|g_dcgettext|g_dpgettext2?)\s*\(\s*(?:\w+\s*,\s*)?"')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
C_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
UI_MARKER = re.compile(r'translatable="(?:yes|true|1)"')
# Folders scanned, and which of their files hold strings for people.
SCANNED = ['src', 'ui', 'data']
SKIPPED = []
# Keywords as meson's "glib" preset gives them (po/meson.build).
XGETTEXT_ARGS = ['--from-code=UTF-8', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                 '--keyword=NC_:1c,2', '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
                 '--keyword=g_dpgettext2:2c,3']

results = []


def check(ok, name, diagnostics=()):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    for line in diagnostics if not ok else ():
        print(f'# {line}')


def has_strings(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    name = os.path.basename(path)
    if name.endswith(('.c', '.h')):
        # Markers in comments or inside string literals do not count.
        code = C_STRING.sub('""', C_COMMENT.sub(' ', text))
        return C_MARKER.search(code) is not None
    if name.endswith('.ui'):
        return UI_MARKER.search(text) is not None
    if re.search(r'\.desktop(\.in)*$', name) or name.endswith('.scenario'):
        return True
    if re.search(r'\.(metainfo|appdata)\.xml(\.in)*$', name):
        return True
    if re.search(r'\.gschema\.xml(\.in)*$', name):
        return re.search(r'<(summary|description)>', text) is not None
    if name.endswith(('.xml', '.xml.in')) and '<mime-info' in text:
        return re.search(r'<comment>', text) is not None
    return False


def files_with_strings(root):
    found = set()
    for top in SCANNED:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            relative = os.path.relpath(folder, root)
            dirs[:] = [d for d in dirs if os.path.join(relative, d) not in SKIPPED]
            for name in files:
                path = os.path.join(relative, name)
                if has_strings(os.path.join(root, path)):
                    found.add(path)
    return found


def listed(root):
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def xgettext_sources(root, xgettext):
    """The files xgettext takes at least one string from, or None if it failed."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'check.pot')
        result = subprocess.run([xgettext, '--directory', root,
                                 '--files-from', os.path.join(root, 'po', 'POTFILES.in'),
                                 *XGETTEXT_ARGS, '--output', pot],
                                capture_output=True, text=True)
        if result.returncode != 0:
            return None, result.stderr.splitlines()
        with open(pot, encoding='utf-8') as f:
            references = [line[2:].split() for line in f if line.startswith('#:')]
    return {ref.rsplit(':', 1)[0] for refs in references for ref in refs}, result.stderr.splitlines()


def main():
    root, xgettext = sys.argv[1], sys.argv[2]
    entries = listed(root)
    wanted = files_with_strings(root)

    check(len(entries) == len(set(entries)), 'POTFILES.in lists each file once',
          sorted({e for e in entries if entries.count(e) > 1}))
    gone = [e for e in entries if not os.path.isfile(os.path.join(root, e))]
    check(not gone, 'every file POTFILES.in lists exists', gone)
    missing = sorted(wanted - set(entries))
    check(not missing, 'every file with translatable strings is in POTFILES.in',
          [f'has strings, not listed: {m}' for m in missing])

    sources, messages = xgettext_sources(root, xgettext)
    check(sources is not None, 'xgettext reads every file listed', messages)
    if sources is not None:
        empty = [e for e in entries if e not in sources and e not in gone]
        check(not empty, 'every file listed gives translators a string',
              [f'no strings: {e}' for e in empty])

    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
