#!/usr/bin/env python3
# The AppStream metainfo, as software centres and Flathub read it.
#
# check-metainfo.py METAINFO SCREENSHOTS_DIR VERSION DESKTOP_ID
#
# 1. Plain "appstreamcli validate" (no --no-net): every check runs,
#    including that each URL answers.  It must report nothing, with one
#    exception: on a machine that cannot resolve any public host name (no
#    network: this CI), appstreamcli reports every URL as unreachable with
#    "Could not resolve host".  Those reports, and only those, are excused
#    then, and listed; with a network they fail like any other.
# 2. What the URL checks would have fetched is checked here instead: each
#    screenshot is a file of data/screenshots/ (published under the same
#    name), a PNG of the size the metainfo gives.
# 3. What software centres need: a default screenshot, each
#    with a caption; the newest release is this version; a content rating;
#    keyboard and pointer controls; the desktop file it launches.
# TAP on stdout.

import concurrent.futures
import os
import re
import socket
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

# Issues appstreamcli raises when it cannot download a URL.
NETWORK_TAGS = {'url-not-reachable', 'screenshot-image-not-found', 'screenshot-video-not-found',
                'release-url-not-reachable', 'web-url-not-reachable'}
NO_NETWORK = re.compile(r'Could not resolve host|Couldn\'t resolve host')
# Public names that resolve wherever there is a network at all.
PROBES = ['flathub.org', 'gnome.org', 'freedesktop.org']

results = []


def check(ok, name, diagnostics=()):
    results.append(ok)
    print(f"{'ok' if ok else 'not ok'} {len(results)} - {name}")
    for line in diagnostics if not ok else ():
        print(f'# {line}')


def note(line):
    print(f'# {line}')


def resolves(host):
    try:
        socket.getaddrinfo(host, 443)
        return True
    except OSError:
        return False


def offline():
    """True when no public host name resolves (within a few seconds)."""
    with concurrent.futures.ThreadPoolExecutor(len(PROBES)) as pool:
        futures = [pool.submit(resolves, host) for host in PROBES]
        try:
            for future in concurrent.futures.as_completed(futures, timeout=10):
                if future.result():
                    return False
        except concurrent.futures.TimeoutError:
            pass
    return True


def validate(path):
    """appstreamcli's issues: (tag, line, message), and its summary line."""
    result = subprocess.run(['appstreamcli', 'validate', '--explain', path],
                            capture_output=True, text=True, timeout=300,
                            env=dict(os.environ, LC_ALL='C.UTF-8'))
    issues = []
    current = None
    for line in result.stdout.splitlines():
        m = re.match(r'^([EWIP]): [^:]+:(\d*):? ?([\w-]+)\s*(.*)$', line)
        if m:
            current = [m.group(1), m.group(3), m.group(2), m.group(4)]
            issues.append(current)
        elif current is not None and line.startswith('     '):
            current[3] += ' ' + line.strip()   # a wrapped hint
    summary = [line for line in result.stdout.splitlines() if 'Validation' in line]
    return issues, summary, result.returncode


def check_validation(path):
    issues, summary, status = validate(path)
    network = [i for i in issues if i[1] in NETWORK_TAGS and NO_NETWORK.search(i[3])]
    others = [i for i in issues if i not in network]
    check(not others, 'appstreamcli validate finds no problem',
          [f'{severity}: line {line}: {tag} {hint}' for severity, tag, line, hint in others])
    if not network:
        check(status == 0, 'appstreamcli validate passes', summary)
        return
    is_offline = offline()
    check(is_offline, 'unreachable URLs only because there is no network',
          [f'{tag}: {hint}' for _, tag, _, hint in network] +
          ['public host names resolve here, so these URLs are really unreachable'])
    if is_offline:
        note(f'appstreamcli said: {" ".join(summary)}, because it could not download:')
        for _, tag, line, hint in network:
            note(f'  line {line}: {tag}: {hint.split(" - ")[0]}')


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if head[:8] != b'\x89PNG\r\n\x1a\n' or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def check_screenshots(root, shots_dir):
    screenshots = root.findall('screenshots/screenshot')
    check(len(screenshots) > 0, 'screenshots')
    check(sum(s.get('type') == 'default' for s in screenshots) == 1, 'one default screenshot')
    for shot in screenshots:
        image = shot.find('image')
        caption = shot.find('caption')
        url = image.text.strip() if image is not None and image.text else ''
        name = url.rsplit('/', 1)[-1]
        check(caption is not None and (caption.text or '').strip() != '', f'{name}: a caption')
        check(url.startswith('https://'), f'{name}: an https URL', [url])
        path = os.path.join(shots_dir, name)
        size = png_size(path) if os.path.isfile(path) else None
        check(size is not None, f'{name}: a PNG in data/screenshots', [path])
        if size is not None:
            declared = (int(image.get('width', 0)), int(image.get('height', 0)))
            check(declared == size, f'{name}: the size given is the image\'s',
                  [f'metainfo {declared}, file {size}'])


def check_content(root, version, desktop_id):
    releases = root.findall('releases/release')
    check(len(releases) > 0 and releases[0].get('version') == version,
          f'the newest release is {version}',
          [f'newest: {releases[0].get("version") if releases else None}'])
    check(all(r.find('description') is not None for r in releases), 'each release is described')
    rating = root.find('content_rating')
    check(rating is not None and rating.get('type') == 'oars-1.1', 'an OARS 1.1 content rating')
    controls = {c.text for c in root.findall('recommends/control') + root.findall('requires/control')
                + root.findall('supports/control')}
    check({'keyboard', 'pointing'} <= controls, 'keyboard and pointer controls',
          [f'controls: {sorted(controls)}'])
    launchable = root.find("launchable[@type='desktop-id']")
    check(launchable is not None and launchable.text == desktop_id,
          f'it launches {desktop_id}')


def main():
    path, shots_dir, version, desktop_id = sys.argv[1:5]
    root = ET.parse(path).getroot()
    check_validation(path)
    check_screenshots(root, shots_dir)
    check_content(root, version, desktop_id)
    print(f'1..{len(results)}')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
