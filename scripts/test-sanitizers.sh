#!/usr/bin/env bash
# The reliability suites CI runs after the default build and tests:
#   asan  ASan + UBSan build (build-asan/), unit + cli + integration labels
#   tsan  ThreadSanitizer build (build-tsan/), unit + integration labels,
#         less the slow tests with no thread of their own (CMakePresets.json:
#         report decoding, gzip indexing, peers, --help examples, SIGKILLed
#         ingests, gen's formats: ~9 of its 13 test minutes on session 9's VM)
# Both leave out the peers benchmark (DuckDB and friends under a sanitizer)
# and compile the tests' own code at -O0 (tests/CMakeLists.txt), the code
# under test at -O1.
#   fuzz  libFuzzer targets (build-fuzz/, clang), each for LOGMILL_FUZZ_SECONDS
#         (default 60) on a scratch corpus seeded from tests/fuzz/corpus/
# Usage: scripts/test-sanitizers.sh [asan] [tsan] [fuzz]   (none: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
suites=("$@")
((${#suites[@]})) || suites=(asan tsan fuzz)
for suite in "${suites[@]}"; do
  case $suite in
    asan | tsan) ;;
    fuzz) extra=(-DLOGMILL_FUZZ_SECONDS="${LOGMILL_FUZZ_SECONDS:-60}") ;;
    *) echo "unknown suite '$suite' (asan, tsan or fuzz)" >&2; exit 2 ;;
  esac
  start=$SECONDS
  echo "== $suite: configure and build"
  cmake --preset "$suite" "${extra[@]+"${extra[@]}"}" > /dev/null
  cmake --build --preset "$suite"
  echo "== $suite: test"
  ctest --preset "$suite"
  if [ "$suite" = fuzz ]; then  # executions per target, for the record
    awk '/^[0-9]+\/[0-9]+ Test: fuzz\./ {t = $3}
         /stat::number_of_executed_units/ {print "   ", t, $2, "executions"}' \
      build-fuzz/Testing/Temporary/LastTest.log || true
  fi
  echo "== $suite: $((SECONDS - start)) s"
  unset extra
done
