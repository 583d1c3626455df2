#!/usr/bin/env bash
# Runs the AVX-512 (and AVX2) window scan of workers/input/scanToLiteral.cpp on
# a CPU without AVX-512, the way this project's 2-core EPYC VMs are: the same
# source, its intrinsics taken from SIMDe's portable implementations (Debian
# libsimde-dev), its target attributes removed and both ISAs marked present,
# built with ASan + UBSan and linked into the scan's and the LineReader
# prefilter's unit tests (whose kBest is then the emulated AVX-512 scan).
# It checks the algorithm (masks, line bookkeeping, bounds), not the compiler's
# AVX-512 code or the CPUID dispatch: a real AVX-512 CPU runs those in the
# default build's ScanToLiteral tests.
# Needs the default build (build/) and libsimde-dev. Usage: scripts/test-scan-emulated.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f /usr/include/simde/x86/avx512.h ] || { echo "no SIMDe: apt-get install libsimde-dev" >&2; exit 2; }
[ -x build/tests/workers_tests ] || { echo "build the default preset first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - workers/input/scanToLiteral.cpp "$work/scanEmulated.cpp" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = s.replace('#include <immintrin.h>',
              '#define SIMDE_ENABLE_NATIVE_ALIASES\n#include <simde/x86/avx512.h>')
s = re.sub(r'target\("[^"]*"\),\s*', '', s)
s = re.sub(r'__attribute__\(\(target\("[^"]*"\)\)\)', '', s)
s, avx512 = re.subn(r'const bool kHaveAvx512 = [^;]*;', 'const bool kHaveAvx512 = true;', s)
s, avx2 = re.subn(r'const bool kHaveAvx2 = [^;]*;', 'const bool kHaveAvx2 = true;', s)
if avx512 != 1 or avx2 != 1 or 'target(' in s:
    sys.exit('scanToLiteral.cpp no longer has the shape this script rewrites')
open(sys.argv[2], 'w').write(s)
PY
san=("-fsanitize=address,undefined" -fno-sanitize-recover=undefined)
c++ -std=c++20 -O2 -g -Wno-psabi -I. "${san[@]}" -c "$work/scanEmulated.cpp" -o "$work/scanEmulated.o"
t=build/tests/CMakeFiles/workers_tests.dir/workers
# The emulated object comes first, so the archive's scanToLiteral.o is never linked.
c++ "${san[@]}" -pthread -o "$work/scan_emulated_tests" "$work/scanEmulated.o" \
  $t/ScanToLiteralTest.cpp.o $t/LineReaderTest.cpp.o $t/CountLinesTest.cpp.o \
  /usr/lib/x86_64-linux-gnu/libgtest.a /usr/lib/x86_64-linux-gnu/libgtest_main.a \
  build/workers/input/liblogmill_workers_input.a build/ipc/liblogmill_ipc.a -lz -lisal -pthread
"$work/scan_emulated_tests" --gtest_filter='*ScanToLiteral*:LineReaderPrefilter.*:CountLines.*' \
  --gtest_brief=1
