#!/usr/bin/env bash
# The store's costs (issue 14), for one or more logmill binaries (e.g. a
# before and an after build), against a full `report` over the same logs:
# re-ingest of an unchanged directory, the same plus an already ingested file
# compressed (recognized by its gzip trailer), an ingest after 1% more lines
# were appended to one file, and `report --store` over every day. Variants
# alternate run by run (the machine is shared and noisy); medians of wall
# time and of CPU (user + sys) are printed, with ratios to the full report.
# usage: bench/store.sh LOGS-DIR RUNS LOGMILL...   (LOGS-DIR: plain files,
# e.g. `logmill gen` output decompressed; left as it was)
set -euo pipefail
logs=$(readlink -f "$1") runs=$2
shift 2
bins=("$@")
work=$(mktemp -d)
first=$(find "$logs" -maxdepth 1 -type f -name '*.log' | sort | sed -n 4p)
trap 'cp "$work/orig" "$first"; rm -rf "$work"' EXIT
cp "$first" "$work/orig"
lines=$(cat "$logs"/*.log | wc -l)
head -n $((lines / 100)) "$first" >"$work/append"  # 1% more lines, the file's own days
mkdir "$work/withgz"
for f in "$logs"/*.log; do ln -s "$f" "$work/withgz/"; done
gzip -n -c "$(find "$logs" -maxdepth 1 -type f -name '*.log' | sort | sed -n 6p)" >"$work/withgz/rotated.log.gz"

for i in "${!bins[@]}"; do  # each binary its own store (formats may differ)
  "${bins[$i]}" ingest --store "$work/s$i.db" "$logs"
  cp "$work/s$i.db" "$work/s$i.base"
done

declare -A wall cpu
TIMEFORMAT='%3R %3U %3S'  # bash's `time`: wall, user, sys (children included)
measure() {  # measure NAME COMMAND...
  local name=$1 t
  shift
  t=$( { time "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
  wall[$name]+="$(awk '{print $1}' <<<"$t") "
  cpu[$name]+="$(awk '{print $2 + $3}' <<<"$t") "
}
for ((r = 0; r < runs; ++r)); do
  measure full-report "${bins[-1]}" report --format json --pool process "$logs"
  for i in "${!bins[@]}"; do
    b=${bins[$i]} s=$work/s$i.db
    cp "$work/s$i.base" "$s"; rm -f "$s-wal" "$s-shm"
    measure "$i:startup(--version)" "$b" --version
    measure "$i:ingest-unchanged" "$b" ingest --store "$s" "$logs"
    measure "$i:ingest-unchanged+gz" "$b" ingest --store "$s" "$work/withgz"
    measure "$i:report-store" "$b" report --store "$s" --format json
    cat "$work/append" >>"$first"; sync
    measure "$i:ingest-append-1pct" "$b" ingest --store "$s" "$logs"
    cp "$work/orig" "$first"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
full=$(median <<<"${wall[full-report]}")
fullCpu=$(median <<<"${cpu[full-report]}")
printf '%-28s %10s %10s %8s %8s\n' variant wall-s cpu-s wall% cpu%
for name in $(printf '%s\n' "${!wall[@]}" | sort); do
  w=$(median <<<"${wall[$name]}") c=$(median <<<"${cpu[$name]}")
  printf '%-28s %10s %10s %7.1f%% %7.1f%%\n' "$name" "$w" "$c" \
    "$(awk -v a="$w" -v b="$full" 'BEGIN {print 100 * a / b}')" \
    "$(awk -v a="$c" -v b="$fullCpu" 'BEGIN {print 100 * a / b}')"
done
for i in "${!bins[@]}"; do echo "$i: ${bins[$i]} (store after ingest: $(stat -c %s "$work/s$i.base") bytes)"; done
