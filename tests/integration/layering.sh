#!/usr/bin/env bash
# The include graph as built is the documented one (README "How it works"):
# each folder may include only the folders listed for it, so no include runs
# back up a floor. Prints every offending include and fails if there is one.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
allowed() {  # folder -> include prefixes it may use
  case $1 in
    ipc) echo "ipc/" ;;
    datasets) echo "datasets/" ;;
    workers/base) echo "workers/base/" ;;
    workers/input) echo "workers/base/ workers/input/" ;;
    workers/parse) echo "workers/base/ workers/parse/" ;;
    workers/query) echo "workers/base/ workers/parse/ workers/query/" ;;
    workers/report) echo "workers/base/ workers/parse/ workers/query/QuantileSketch.hpp workers/report/" ;;
    workers/map) echo "workers/base/ workers/input/ workers/parse/ workers/query/ workers/report/ workers/map/" ;;
    workers/process) echo "workers/ ipc/" ;;
    engine/output) echo "engine/output/ workers/ ipc/" ;;
    engine) echo "engine/output/ engine/[A-Za-z]*.hpp workers/ ipc/ datasets/" ;;
    engine/bench) echo "engine/bench/ engine/output/ engine/[A-Za-z]*.hpp workers/ ipc/ datasets/" ;;
    engine/store) echo "engine/store/ engine/output/ engine/[A-Za-z]*.hpp workers/ ipc/ datasets/" ;;
    engine/cli) echo "engine/ workers/ ipc/ datasets/" ;;
    engine/mpi) echo "engine/mpi/ engine/cli/Cli.hpp engine/[A-Za-z]*.hpp workers/ ipc/" ;;
    *) echo "" ;;
  esac
}
bad=0
while IFS= read -r file; do
  folder=$(dirname "$file")
  prefixes=$(allowed "$folder")
  if [ -z "$prefixes" ]; then echo "no layering rule for $folder ($file)"; bad=1; continue; fi
  while IFS= read -r inc; do
    ok=0
    for p in $prefixes; do
      # shellcheck disable=SC2053  # the prefix is a glob on purpose
      if [[ $inc == $p* ]]; then ok=1; break; fi
    done
    if [ $ok = 0 ]; then echo "$file includes \"$inc\" (allowed: $prefixes)"; bad=1; fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
done < <(find ipc datasets workers engine -name '*.hpp' -o -name '*.cpp' | sort)
[ $bad = 0 ] && echo "layering ok"
exit $bad
