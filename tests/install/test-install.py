#!/usr/bin/env python3
# Threadline installed into a temporary folder, and run from there only.
#
# test-install.py --meson MESON --build-root DIR --source-root DIR
#                 --prefix P --bindir D --libexecdir D --datadir D --localedir D
#                 --mandir D --app-id ID
#                 [--no-man-pages]
#
# "meson install --destdir TMP" puts the tree under TMP/PREFIX.  meson skips
# its post-install scripts under DESTDIR (a package manager's triggers run
# them); this test reads which ones it skipped and runs them on TMP/PREFIX,
# so the tree ends as "meson install" leaves a real prefix.  Then, with
# nothing pointing into the build tree (no THREADLINE_RUNNER, no
# GSETTINGS_SCHEMA_DIR, only TMP/PREFIX/share in XDG_DATA_DIRS before the
# system's): threadline-cli lists the scenarios, in German too with the
# translations of its own prefix, records one with the
# runner from its own libexec, describes and draws the recording, traces
# an installed example with the tracer from its own libexec, and the
# window starts on it (under the display the test is given; skipped
# without one).  TAP on stdout.

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

POST_INSTALL = {
    'glib-compile-schemas': 'the settings schemas compiled',
    'gtk-update-icon-cache': 'the icon cache updated',
    'update-desktop-database': 'the desktop database updated',
    'update-mime-database': 'the MIME database updated',
}

results = []


def check(ok, name, diagnostics=()):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}", flush=True)
    for line in diagnostics if not ok else ():
        for part in str(line).splitlines():
            print(f'# {part}')
    return ok


def skip(name, why):
    results.append(True)
    print(f'ok {len(results)} - {name} # SKIP {why}', flush=True)


class Tree:
    """The installed tree: where each install directory landed under DESTDIR."""

    def __init__(self, destdir, args):
        self.destdir = destdir
        self.prefix = args.prefix

        def place(option):
            path = option if os.path.isabs(option) else os.path.join(args.prefix, option)
            return destdir + path

        self.root = destdir + args.prefix
        self.bindir = place(args.bindir)
        self.libexecdir = place(args.libexecdir)
        self.real_libexecdir = self.libexecdir[len(destdir):]
        self.datadir = place(args.datadir)
        self.localedir = place(args.localedir)
        self.real_localedir = self.localedir[len(destdir):]
        self.mandir = place(args.mandir)

    def relocate(self, argument):
        """A path under the configured prefix, moved under DESTDIR."""
        if argument == self.prefix or argument.startswith(self.prefix.rstrip('/') + '/'):
            return self.destdir + argument
        return argument


def install(args, tree):
    result = subprocess.run([args.meson, 'install', '-C', args.build_root, '--no-rebuild',
                             '--destdir', tree.destdir],
                            capture_output=True, text=True, timeout=300)
    if not check(result.returncode == 0, 'meson install --destdir',
                 [result.stdout[-3000:], result.stderr[-3000:]]):
        return False

    skipped = re.findall(r"Skipping custom install script because DESTDIR is set '([^']*)'",
                         result.stdout)
    scripts = {}
    for command in skipped:
        argv = command.split()
        scripts[os.path.basename(argv[0]).replace('gtk4-', 'gtk-')] = argv
    for program, what in POST_INSTALL.items():
        argv = scripts.get(program)
        if not check(argv is not None, f'post-install: meson would run {program}',
                     [f'meson install skipped only: {skipped}']):
            continue
        relocated = [tree.relocate(a) for a in argv]
        run = subprocess.run(relocated, capture_output=True, text=True, timeout=120)
        check(run.returncode == 0, f'post-install: {what}',
              [' '.join(relocated), run.stdout, run.stderr])
    return True


def check_files(args, tree):
    app = args.app_id
    expected = [
        (tree.bindir, 'threadline'),
        (tree.bindir, 'threadline-cli'),
        (tree.libexecdir, 'threadline-runner'),
        (tree.libexecdir, 'threadline-tracer'),
        (tree.libexecdir, 'threadline/libthreadline-preload.so'),
        (tree.libexecdir, 'threadline/python/sitecustomize.py'),
        (tree.datadir, 'threadline/examples/pool_map.py'),
        (tree.datadir, f'applications/{app}.desktop'),
        (tree.datadir, 'applications/mimeinfo.cache'),
        (tree.datadir, f'metainfo/{app}.metainfo.xml'),
        (tree.datadir, 'glib-2.0/schemas/org.threadline.Threadline.gschema.xml'),
        (tree.datadir, 'glib-2.0/schemas/gschemas.compiled'),
        (tree.datadir, f'icons/hicolor/scalable/apps/{app}.svg'),
        (tree.datadir, f'icons/hicolor/symbolic/apps/{app}-symbolic.svg'),
        (tree.datadir, 'icons/hicolor/icon-theme.cache'),
        (tree.datadir, f'mime/packages/{app}.xml'),
        (tree.datadir, 'mime/mime.cache'),
        (tree.datadir, 'mime/application/x-threadline-trace.xml'),
        (tree.datadir, 'bash-completion/completions/threadline-cli'),
        (tree.localedir, 'de/LC_MESSAGES/threadline.mo'),
    ]
    missing = [os.path.join(d, f) for d, f in expected if not os.path.isfile(os.path.join(d, f))]
    check(not missing, 'the installed tree has everything', missing)

    if args.no_man_pages:
        skip('each installed program has its man page', 'built with -Dman-pages=disabled')
        return
    programs = sorted(os.listdir(tree.bindir))
    pages = [p for p in programs
             if not os.path.isfile(os.path.join(tree.mandir, 'man1', p + '.1'))]
    check(not pages, 'each installed program has its man page', [f'no man page: {p}' for p in pages])


def elf_files(tree):
    for top in (tree.bindir, tree.libexecdir):
        for folder, _, names in sorted(os.walk(top)):
            for name in sorted(names):
                path = os.path.join(folder, name)
                with open(path, 'rb') as f:
                    if f.read(4) == b'\x7fELF':
                        yield path


def check_no_build_paths(args, tree):
    """Programs find nothing in the build tree: no run path into it, no
    path to it among their strings (debugging information aside)."""
    roots = [os.path.realpath(args.build_root), os.path.realpath(args.source_root)]
    found = []
    for path in elf_files(tree):
        dynamic = subprocess.run(['readelf', '--dynamic', path], capture_output=True, text=True)
        found += [f'{path}: {line.strip()}' for line in dynamic.stdout.splitlines()
                  if 'RPATH' in line or 'RUNPATH' in line]
        for section in ('.rodata', '.data'):
            strings = subprocess.run(['readelf', '--string-dump', section, path],
                                     capture_output=True, text=True, errors='replace')
            found += [f'{path} ({section}): {line.strip()}' for line in strings.stdout.splitlines()
                      if any(root in line for root in roots)]
    for folder, _, files in os.walk(tree.datadir):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, 'rb') as f:
                data = f.read()
            found += [f'{path}: names {root}' for root in roots if root.encode() in data]
    check(not found, 'nothing installed points into the build or source tree', found)


def installed_env(tree, home):
    env = {k: v for k, v in os.environ.items()
           if k not in ('THREADLINE_RUNNER', 'THREADLINE_TRACER', 'GSETTINGS_SCHEMA_DIR', 'XDG_DATA_DIRS', 'G_TEST_SRCDIR',
                        'G_TEST_BUILDDIR', 'LD_LIBRARY_PATH')}
    env.update({
        'PATH': f'{tree.bindir}:/usr/bin:/bin',
        'XDG_DATA_DIRS': f'{tree.datadir}:/usr/share',
        'XDG_DATA_HOME': os.path.join(home, 'data'),
        'XDG_CONFIG_HOME': os.path.join(home, 'config'),
        'XDG_CACHE_HOME': os.path.join(home, 'cache'),
        'XDG_STATE_HOME': os.path.join(home, 'state'),
        'HOME': home,
        'LC_ALL': 'C.UTF-8',
    })
    return env


def run(argv, env, cwd, timeout=120):
    try:
        return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(argv, -1, e.stdout or '', f'timed out after {timeout} s')


def report(result):
    return [f'{" ".join(result.args)}: exit {result.returncode}', result.stdout[-2000:],
            result.stderr[-2000:]]


def png_size(path):
    try:
        with open(path, 'rb') as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b'\x89PNG\r\n\x1a\n':
        return None
    return int.from_bytes(head[16:20], 'big'), int.from_bytes(head[20:24], 'big')


def check_cli(tree, env, work):
    listing = run(['threadline-cli', 'list'], env, work)
    ids = run(['threadline-cli', 'list', '--ids'], env, work)
    check(listing.returncode == 0 and ids.returncode == 0 and 'race-counter' in ids.stdout.split()
          and all(i in listing.stdout for i in ids.stdout.split()),
          'threadline-cli list: every scenario', report(listing) + report(ids))

    trace = os.path.join(work, 'two.tltrace')
    record = ['threadline-cli', 'record', 'two-processes', '-p', 'delay=100', '--tempo', '10',
              '-q', '-o', trace]

    # The runner is the one in this prefix's libexec: without it, record
    # fails and says where it looked, in this prefix.
    runner = os.path.join(tree.libexecdir, 'threadline-runner')
    os.rename(runner, runner + '.away')
    try:
        if os.path.exists(os.path.join(tree.real_libexecdir, 'threadline-runner')):
            skip('record looks for the runner in this prefix', 'one is installed in the real prefix')
        else:
            result = run(record, env, work)
            check(result.returncode == 1 and 'threadline-runner is not at' in result.stderr,
                  'record looks for the runner in this prefix', report(result))
    finally:
        os.rename(runner + '.away', runner)

    result = run(record, env, work)
    with_header = False
    if os.path.isfile(trace):
        with open(trace, 'rb') as f:
            with_header = f.read(7) == b'TLTRACE'
    if not check(result.returncode == 0 and with_header,
                 'threadline-cli record: a scenario, with the installed runner', report(result)):
        return None

    info = run(['threadline-cli', 'info', '--json', trace], env, work)
    try:
        processes = json.loads(info.stdout)['processes']
    except (ValueError, KeyError):
        processes = []
    names = {p.get('name') for p in processes}
    check(info.returncode == 0 and 'threadline-runner' in names and len(processes) >= 3,
          'threadline-cli info: the runner and the scenario\'s processes', report(info))

    picture = os.path.join(work, 'two.png')
    result = run(['threadline-cli', 'render', trace, '-o', picture, '--width', '800'], env, work)
    size = png_size(picture)
    check(result.returncode == 0 and size is not None and size[0] == 800,
          'threadline-cli render: a PNG', report(result) + [f'size: {size}'])
    return trace


def check_translation(tree, env, work):
    """The installed programs find the translations of their own prefix,
    wherever it is, not the configured one."""
    if os.path.exists(os.path.join(tree.real_localedir, 'de', 'LC_MESSAGES', 'threadline.mo')):
        skip('threadline-cli speaks German from this prefix',
             'a translation is installed in the real prefix')
        return
    listing = run(['threadline-cli', 'list'], dict(env, LANGUAGE='de'), work)
    check(listing.returncode == 0 and 'Zwei Prozesse: Quadrat- und Kubikzahl' in listing.stdout,
          'threadline-cli speaks German from this prefix', report(listing))


def check_run(tree, env, work):
    """threadline-cli run with this prefix's tracer, interposer and Python
    helper, on an installed example."""
    python = '/usr/bin/python3.11'
    if not os.path.exists(python):
        skip('threadline-cli run: a Python example, traced', f'no {python}')
        return
    trace = os.path.join(work, 'pool.tltrace')
    example = os.path.join(tree.datadir, 'threadline', 'examples', 'pool_map.py')
    result = run(['threadline-cli', 'run', '-q', '-o', trace, '--', python, example], env, work)
    info = run(['threadline-cli', 'info', '--json', trace], env, work)
    try:
        processes = json.loads(info.stdout)['processes']
    except (ValueError, KeyError):
        processes = []
    names = {p.get('name') for p in processes}
    check(result.returncode == 0 and '[1, 4, 9, 16, 25]' in result.stdout
          and {'threadline-tracer', 'MainProcess', 'ForkPoolWorker-1'} <= names,
          'threadline-cli run: a Python example, traced with the installed tracer',
          report(result) + report(info))


def check_window(tree, env, work, trace):
    if not os.environ.get('DISPLAY'):
        skip('the window starts on a trace', 'no display (run under xvfb-run)')
        return
    if trace is None:
        check(False, 'the window starts on a trace', ['no trace was recorded'])
        return
    env = dict(env, GDK_BACKEND='x11', GSK_RENDERER='cairo', GSETTINGS_BACKEND='memory',
               GDK_DEBUG='gl-disable')
    picture = os.path.join(work, 'window.png')
    # A session bus of its own: the application is unique on its bus, and
    # another Threadline on the test's bus would take the file instead.
    argv = ['threadline', f'--screenshot={picture}', trace]
    if shutil.which('dbus-run-session'):
        argv = ['dbus-run-session', '--'] + argv
    result = run(argv, env, work, timeout=180)
    size = png_size(picture)
    check(result.returncode == 0 and size is not None and size[0] >= 640,
          'the window starts on a trace, with the installed schema', report(result) + [f'size: {size}'])


def check_desktop_entry(args, tree):
    path = os.path.join(tree.datadir, 'applications', f'{args.app_id}.desktop')
    with open(path, encoding='utf-8') as f:
        entry = dict(line.rstrip('\n').split('=', 1) for line in f if '=' in line)
    program = entry.get('Exec', '').split()[0]
    check(os.path.isfile(os.path.join(tree.bindir, program)), 'the desktop entry runs an installed program',
          [entry.get('Exec')])
    icon = os.path.join(tree.datadir, 'icons', 'hicolor', 'scalable', 'apps', entry.get('Icon', '') + '.svg')
    check(os.path.isfile(icon), 'the desktop entry\'s icon is installed', [icon])


def check_completion(tree, env, work):
    script = ('source "$1" && COMP_WORDS=(threadline-cli "") COMP_CWORD=1 && '
              '_threadline_cli threadline-cli "" threadline-cli && printf "%s\\n" "${COMPREPLY[@]}"')
    completion = os.path.join(tree.datadir, 'bash-completion', 'completions', 'threadline-cli')
    result = run(['bash', '-c', script, 'bash', completion], env, work)
    words = result.stdout.split()
    check(result.returncode == 0 and {'list', 'record', 'render'} <= set(words),
          'the installed completion completes the installed commands', report(result))


def main():
    parser = argparse.ArgumentParser()
    for option in ('meson', 'build-root', 'source-root', 'prefix', 'bindir', 'libexecdir',
                   'datadir', 'localedir', 'mandir', 'app-id'):
        parser.add_argument('--' + option, required=True)
    parser.add_argument('--no-man-pages', action='store_true')
    args = parser.parse_args()

    destdir = tempfile.mkdtemp(prefix='threadline-install-')
    try:
        tree = Tree(destdir, args)
        if install(args, tree):
            check_files(args, tree)
            check_no_build_paths(args, tree)
            check_desktop_entry(args, tree)
            work = os.path.join(destdir, 'work')
            home = os.path.join(destdir, 'home')
            os.makedirs(work)
            os.makedirs(home)
            env = installed_env(tree, home)
            trace = check_cli(tree, env, work)
            check_translation(tree, env, work)
            check_run(tree, env, work)
            check_window(tree, env, work, trace)
            check_completion(tree, env, work)
    finally:
        shutil.rmtree(destdir, ignore_errors=True)
    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
