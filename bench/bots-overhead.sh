#!/usr/bin/env bash
# `report` with vs without bot classification, one build, interleaved rounds:
#   off      NEW with LOGMILL_REPORT_NO_BOTS=1 (no declared-bot lookup, no
#            "Humans and bots" panel: the same build without the feature)
#   list     NEW with the crawler-user-agents list (the default)
#   builtin  NEW with the built-in rules (LOGMILL_BOTS_LIST=)
#   base     BASE, when given (a logmill built before the bot fields)
# Serial pool; CPU is perf's task-clock (exact; the tick-sampled user/sys
# times read near zero on these VMs). Prints per variant the median CPU ms
# and the median of the per-round ratios to `off`.
# Usage: bench/bots-overhead.sh NEW LOGS [ROUNDS] [BASE]; raw rounds
# ("variant cpu_ms wall_ms" lines) go to /tmp/bench-bots.raw.
set -euo pipefail
new=$1 logs=$2 rounds=${3:-9} base=${4:-}
variants=(off list builtin)
[ -n "$base" ] && variants+=(base)
raw=/tmp/bench-bots.raw
: > "$raw"
for ((r = 1; r <= rounds; r++)); do
  for v in "${variants[@]}"; do
    bin=$new env=()
    case $v in
      off) env=(LOGMILL_REPORT_NO_BOTS=1);;
      builtin) env=(LOGMILL_BOTS_LIST=);;
      base) bin=$base;;
    esac
    start=$(date +%s%N)
    cpu=$(env "${env[@]}" perf stat -x, -e task-clock "$bin" report --pool serial --format json \
            --no-progress "$logs" 2>&1 >/dev/null | grep task-clock | cut -d, -f1)
    end=$(date +%s%N)
    echo "$r $v $cpu $(( (end - start) / 1000000 ))" >> "$raw"
  done
done
python3 - "$raw" "${variants[@]}" <<'PY'
import statistics, sys
path, variants = sys.argv[1], sys.argv[2:]
rows = [l.split() for l in open(path) if l.strip()]
cpu = {(int(r[0]), r[1]): float(r[2]) for r in rows}
rounds = sorted({k[0] for k in cpu})
print("| variant | runs | median CPU ms | median wall ms | median per-round ratio to off |")
print("|---|---:|---:|---:|---:|")
for v in variants:
    c = [cpu[(r, v)] for r in rounds]
    w = [float(x[3]) for x in rows if x[1] == v]
    ratio = statistics.median(cpu[(r, v)] / cpu[(r, "off")] for r in rounds)
    print(f"| {v} | {len(c)} | {statistics.median(c):.0f} | {statistics.median(w):.0f} | {ratio:.3f}x |")
PY
