#!/usr/bin/env bash
# The README's run command: installs what is missing, builds Threadline and
# starts it on its default scenario (pool-map), running.
#
# Without a display (a server, a container), it runs in a virtual one and
# saves what the window showed to threadline-screenshot.png instead.
set -eu
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build

# Uninstalled: the settings schema is in the build tree.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/src/app/threadline "$@"
fi

echo "No display: running Threadline in a virtual one (Xvfb)."
export GDK_BACKEND=x11 GSK_RENDERER=cairo GSETTINGS_BACKEND=memory
# A session bus of its own too: there is none to join on such a machine.
bus=()
if command -v dbus-run-session >/dev/null; then
  bus=(dbus-run-session --)
fi
"${bus[@]}" xvfb-run -a -s "-screen 0 1920x1080x24" \
  ./build/src/app/threadline --screenshot="$PWD/threadline-screenshot.png" "$@"
echo "The window as it looked at the end of the run: $PWD/threadline-screenshot.png"
