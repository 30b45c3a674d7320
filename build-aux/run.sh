#!/usr/bin/env bash
# The README's run command: installs what is missing, builds Threadline and
# starts it.  Until the window lands, "starting Threadline" is the trace
# demo: four forked processes and four threads record through the shared
# ring and the collector prints what it received.
set -eu
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build
exec ./build/src/cli/threadline-trace-demo "$@"
