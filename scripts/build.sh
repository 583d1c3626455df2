#!/usr/bin/env bash
# Configures (once) and builds logmill with the default preset into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/CMakeCache.txt ] || cmake --preset default >/dev/null
cmake --build --preset default
