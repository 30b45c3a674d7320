#!/usr/bin/env python3
# A man page against its program's --help, both ways: every option the
# program lists is documented, and every option documented is one the
# program has.  With --commands, the same for each command that
# "PROGRAM --help" lists, and each command has its own section with a
# synopsis, its exit statuses and an example.  A command or an option added
# to the program fails this test until the page documents it.
#
# check-man-pages.py --page SOURCE.rst --roff BUILT.1 --program PROGRAM [--commands]
#
# The page's source (docs/man/*.rst) is read: an option is a definition
# list term, a line starting "**-"; a command is a subsection ("----"
# underline) of COMMANDS.  The built page must format without a warning.
# TAP on stdout.

import argparse
import os
import re
import subprocess
import sys

# GLib's groups of help options, which no page needs to repeat.
HELP_GROUP = 'Help Options'
OPTION = re.compile(r'(?<![\w-])(--?[A-Za-z][\w-]*)(=?)')

results = []


def check(ok, name, diagnostics=()):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    for line in diagnostics if not ok else ():
        print(f'# {line}')


def run(program, *args):
    env = dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE='')
    return subprocess.run([program, *args], env=env, capture_output=True,
                          text=True, timeout=60)


def options_of_line(line):
    """{'--output': True, '-o': True} for '-o, --output=OUT': whether each takes a value."""
    found = {}
    for name, equals in OPTION.findall(line):
        found[name] = bool(equals)
    # A short option takes a value when its long twin does.
    takes = any(found.values())
    return {name: takes for name in found}


def help_options(program, *command):
    """Option -> (group, takes a value), from PROGRAM [COMMAND] --help-all."""
    result = run(program, *command, '--help-all')
    if result.returncode != 0:
        raise RuntimeError(f'{program} {" ".join(command)} --help-all: exit {result.returncode}')
    options, group = {}, None
    for line in result.stdout.splitlines():
        if line and not line[0].isspace():
            group = line.rstrip(':')
        elif line.lstrip().startswith('-') and group is not None:
            # The option column ends at two spaces, before its description.
            column = re.split(r'\s{2,}', line.strip())[0]
            for name, takes in options_of_line(column).items():
                options[name] = (group, takes)
    return options


def commands_of(program):
    result = run(program, '--help')
    listing = re.search(r'^Commands:\n((?:  .*\n)+)', result.stdout, re.M)
    if listing is None:
        raise RuntimeError(f'{program} --help lists no commands')
    return [line.split()[0] for line in listing.group(1).splitlines()]


class Page:
    """Sections of an rst man page: ('SECTION', 'subsection' or None) -> lines."""

    def __init__(self, path):
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
        self.sections = {}
        self.title = None
        key = (None, None)
        i = 0
        while i < len(lines):
            line = lines[i]
            under = lines[i + 1] if i + 1 < len(lines) else ''
            over = lines[i - 1] if i > 0 else ''
            if line.strip() and re.fullmatch(r'([=-])\1{2,}', under) and len(under) >= len(line):
                if re.fullmatch(r'=+', over):
                    self.title = line.strip()        # the page's name, over- and underlined
                elif over and re.fullmatch(r'-+', over):
                    pass                             # the one-line summary
                elif under[0] == '=':
                    key = (line.strip(), None)
                else:
                    key = (key[0], line.strip())
                i += 2
                continue
            self.sections.setdefault(key, []).append(line)
            i += 1

    def text(self, section, subsection=None):
        return '\n'.join(self.sections.get((section, subsection), []))

    def subsections(self, section):
        return [sub for (sec, sub) in self.sections if sec == section and sub is not None]

    def options(self, section, subsection=None):
        found = {}
        for line in self.sections.get((section, subsection), []):
            if line.startswith('**-'):
                term = re.sub(r'\\ |\*', '', line)
                found.update(options_of_line(term))
        return found


def compare_options(scope, documented, listed):
    """Both ways; help options need not be documented."""
    missing = sorted(name for name, (group, _) in listed.items()
                     if group != HELP_GROUP and name not in documented)
    check(not missing, f'{scope}: every option in --help is documented',
          [f'not in the man page: {name}' for name in missing])
    unknown = sorted(name for name in documented if name not in listed)
    check(not unknown, f'{scope}: every option documented is in --help',
          [f'not in --help: {name}' for name in unknown])
    wrong = sorted(name for name in documented if name in listed and name.startswith('--')
                   and documented[name] != listed[name][1])
    check(not wrong, f'{scope}: options take a value on both sides or on neither',
          [f'{name}: --help says {"a" if listed[name][1] else "no"} value' for name in wrong])


def check_commands(page, program):
    name = os.path.basename(program)
    commands = commands_of(program)
    documented = page.subsections('COMMANDS')
    check(sorted(documented) == sorted(commands), 'COMMANDS documents each command --help lists',
          [f'not in the man page: {c}' for c in commands if c not in documented] +
          [f'not in --help: {c}' for c in documented if c not in commands])
    examples = page.text('EXAMPLES')
    for command in commands:
        text = page.text('COMMANDS', command)
        check(re.search(rf'^\| \*\*{re.escape(name)} {re.escape(command)}\*\*', text, re.M) is not None,
              f'{command}: a synopsis line')
        check('Exit status:' in text, f'{command}: its exit statuses')
        check(f'{name} {command}' in examples, f'{command}: an example in EXAMPLES')
        compare_options(command, page.options('COMMANDS', command), help_options(program, command))
    # "PROGRAM --help" lists commands, not options: each option the page
    # gives the program itself must work.
    for option in page.options('OPTIONS'):
        result = run(program, option)
        check(result.returncode == 0 and result.stdout.strip() != '',
              f'{name} {option}: works, as documented', [f'exit {result.returncode}'])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--page', required=True)
    parser.add_argument('--roff', required=True)
    parser.add_argument('--program', required=True)
    parser.add_argument('--commands', action='store_true')
    args = parser.parse_args()

    page = Page(args.page)
    name = os.path.basename(args.program)
    check(page.title == name, f'the page is {name}\'s', [f'its title: {page.title}'])
    for section in ['SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES', 'SEE ALSO']:
        check(page.text(section).strip() != '', f'the {section} section')

    if args.commands:
        check_commands(page, args.program)
    else:
        compare_options(name, page.options('OPTIONS'), help_options(args.program))

    groff = subprocess.run(['groff', '-man', '-Tutf8', '-K', 'utf8', '-ww', '-z', args.roff],
                           capture_output=True, text=True)
    check(groff.returncode == 0 and groff.stderr == '', f'{os.path.basename(args.roff)} formats cleanly',
          groff.stderr.splitlines())

    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
