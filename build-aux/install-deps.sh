#!/usr/bin/env bash
# Installs the Debian 12 packages Threadline needs to build and test, and
# only those that are missing, so that a second run touches nothing.
set -eu

packages=(
  # build
  meson ninja-build pkg-config gcc libc6-dev gettext python3
  # libraries
  libglib2.0-dev
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
