#!/usr/bin/env python3
# xgettext for Threadline: what meson's i18n module runs for threadline-pot
# (po/meson.build puts it in xgettext's place), and what check-potfiles.py
# runs.  It takes xgettext's arguments and runs the real xgettext twice:
#
# 1. on every file POTFILES.in lists but the scenarios, as given;
# 2. on the scenarios (data/scenarios/*.scenario), which xgettext reads
#    only as desktop entries (a key file's format) and only when told so:
#    it tells by a file's extension, and ".scenario" is not one it knows.
#    Their texts for people are the keys of SCENARIO_KEYS in [Scenario],
#    [Parameter NAME] and [Question NAME] (Choices as one string,
#    "threads;processes", whose translation names each choice, in the same
#    order: the loader keeps a question's Answer on the same choice, and a
#    parameter's values as written); the program's groups ([Shared],
#    [Function], [Main])
#    are left out, blanked line for line so that each string keeps its
#    line, because their keys are no desktop keys (xgettext warns about
#    "safe_counter = ...") and hold nothing to translate.  A comment
#    "# TRANSLATORS: ..." above a key reaches the translators.
#
# The scenario loader (src/scenarios/language/tl-scenario.c) looks these
# texts up with the same keys, as they read after GKeyFile's escapes and
# with the spaces around them stripped: that is what the blanked copies
# hold, so the two always agree.

import os
import re
import shutil
import subprocess
import sys
import tempfile

SCENARIO_KEYS = ['Name', 'Topic', 'Summary', 'Narration', 'Label', 'Description', 'Choices', 'Ask',
                 'Explain']
TEXT_GROUP = re.compile(r'\[(Scenario|Parameter [^\]]*|Question [^\]]*)\]\s*$')


def real_xgettext():
    here = os.path.realpath(__file__)
    for folder in os.environ.get('PATH', os.defpath).split(os.pathsep):
        path = os.path.join(folder, 'xgettext')
        if os.access(path, os.X_OK) and os.path.realpath(path) != here:
            return path
    sys.exit('xgettext.py: no xgettext in PATH (Debian: apt-get install gettext)')


def option_value(args, i, short, long):
    """(value, number of arguments it took) if args[i] is the option."""
    arg = args[i]
    if arg == short or arg == long:
        return args[i + 1], 2
    if arg.startswith(long + '='):
        return arg[len(long) + 1:], 1
    if short and arg.startswith(short) and len(arg) > len(short):
        return arg[len(short):], 1
    return None, 0


def split_arguments(args):
    """The arguments without -f LIST, the files LIST names, the search
    folders (-D) and the output (-o, -p)."""
    rest, files, folders, output = [], [], [], {}
    i = 0
    while i < len(args):
        value, n = option_value(args, i, '-f', '--files-from')
        if n:
            with open(value, encoding='utf-8') as f:
                files += [line.strip() for line in f
                          if line.strip() and not line.lstrip().startswith('#')]
            i += n
            continue
        for short, long, where in (('-D', '--directory', None), ('-o', '--output', 'o'),
                                   ('-p', '--output-dir', 'p')):
            value, n = option_value(args, i, short, long)
            if n:
                if where is None:
                    folders.append(value)
                else:
                    output[where] = value
                rest += args[i:i + n]
                i += n
                break
        else:
            rest.append(args[i])
            i += 1
    return rest, files, folders, output


def find(name, folders):
    for folder in folders or ['.']:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    sys.exit(f'xgettext.py: {name} is not in {", ".join(folders or ["."])}')


def text_lines(path):
    """The file with only its text groups' lines, every other line empty."""
    keep = False
    lines = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            stripped = line.strip()
            if stripped.startswith('['):
                keep = TEXT_GROUP.match(stripped) is not None
            if not keep:
                lines.append('\n')
            elif '=' in stripped and not stripped.startswith('#'):
                key, value = stripped.split('=', 1)
                lines.append(f'{key.strip()}={value.strip()}\n')
            else:
                lines.append(stripped + '\n')
    return ''.join(lines)


def main():
    xgettext = real_xgettext()
    rest, files, folders, output = split_arguments(sys.argv[1:])
    scenarios = [f for f in files if f.endswith('.scenario')]
    others = [f for f in files if not f.endswith('.scenario')]

    with tempfile.TemporaryDirectory() as tmp:
        listed = os.path.join(tmp, 'POTFILES')
        with open(listed, 'w', encoding='utf-8') as f:
            f.write(''.join(name + '\n' for name in others))
        status = subprocess.call([xgettext, '--files-from', listed] + rest)
        if status != 0 or not scenarios:
            return status

        copies = os.path.join(tmp, 'scenarios')
        for name in scenarios:
            copy = os.path.join(copies, name)
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            with open(copy, 'w', encoding='utf-8') as f:
                f.write(text_lines(find(name, folders)))
        out = output.get('o', 'messages.po')
        if out != '-' and output.get('p'):
            out = os.path.join(output['p'], out)
        return subprocess.call([xgettext, '--language=Desktop', '--from-code=UTF-8',
                                '--keyword=', *[f'--keyword={k}' for k in SCENARIO_KEYS],
                                '--add-comments=TRANSLATORS:', '--join-existing',
                                '--directory', copies, '--output', out, *scenarios])


if __name__ == '__main__':
    sys.exit(main())
