#!/usr/bin/env bash
# Builds logmill_<version>_<arch>.deb and prints its path.
#   scripts/package.sh              build (scripts/build.sh), then package build/
#   scripts/package.sh BUILD_DIR    package an already built tree
# Depends comes from dpkg-shlibdeps (dpkg-dev) on the binary as linked.
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# == 0)); then
  scripts/build.sh >&2
  build=build
else
  build=$1
fi
build=$(cd "$build" && pwd)
rm -f "$build"/package/logmill_*.deb
(cd "$build" && cpack -G DEB --config CPackConfig.cmake >&2)
deb=$(ls "$build"/package/logmill_*.deb)
echo "$deb"
