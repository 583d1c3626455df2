#!/usr/bin/env bash
# README command 2: install, build, run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --preset default "$@"
# These machines have no AVX-512: its window scan runs emulated (SIMDe).
scripts/test-scan-emulated.sh
