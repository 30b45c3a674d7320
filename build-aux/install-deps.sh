#!/usr/bin/env bash
# Installs the Debian 12 packages Threadline needs to build, run and test,
# and only those that are missing, so that a second run touches nothing.
set -eu

packages=(
  # build
  meson ninja-build pkg-config gcc libc6-dev gettext python3 libxml2-utils
  # libraries
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev zlib1g-dev
  # the code beside the run: Python highlighting (src/app/tl-source-pane.c)
  libgtksourceview-5-dev
  # benchmark baselines
  libjson-glib-dev libyajl-dev
  # tracing real programs: Debian's CPython 3.11 (the examples and their
  # tests), its internal headers (the GIL's layout is checked against
  # them), and valgrind (bench-preload --callgrind)
  python3.11 python3.11-dev valgrind
  # data validation
  desktop-file-utils appstream
  # man pages (rst2man), and checking how they format
  python3-docutils groff-base
  # the post-install steps: MIME database and icon cache
  shared-mime-info gtk-update-icon-cache
  # the window without a screen, for tests: X server, session bus, fonts, icons
  xvfb xauth dbus-daemon fonts-dejavu-core adwaita-icon-theme
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
