#!/usr/bin/env bash
# count --by status per log format on one core, two builds A and B side by
# side: the files bench/formats_count.sh makes (DIR/FORMAT.log), each round
# running every format with A then B (so load from other processes falls on
# both alike). Prints per format and build the median CPU ms (perf stat
# task-clock) and wall ms, and B/A and FORMAT/combined ratios of CPU.
# Usage: bench/formats_count_ab.sh A B DIR [ROUNDS]
set -euo pipefail
a=$1 b=$2 dir=$3 rounds=${4:-7}
formats=(combined alb elb s3 cloudfront w3c haproxy)
times=$dir/times-ab.tsv
: > "$times"
for ((r = 1; r <= rounds; r++)); do
  for f in "${formats[@]}"; do
    for v in A B; do
      bin=$a
      [ "$v" = B ] && bin=$b
      start=$(date +%s%N)
      cpu=$(perf stat -x, -e task-clock "$bin" count --by status --pool serial --no-progress \
              --log-format "$f" "$dir/$f.log" 2>&1 >/dev/null | grep task-clock | cut -d, -f1)
      end=$(date +%s%N)
      echo "$f	$v	$cpu	$(( (end - start) / 1000000 ))" >> "$times"
    done
  done
done
python3 - "$times" "${formats[@]}" <<'PY'
import statistics, sys
path, formats = sys.argv[1], sys.argv[2:]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
def med(f, v, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == f and r[1] == v)
print("| format | A CPU ms | B CPU ms | B/A | A vs combined | B vs combined | A wall ms | B wall ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for f in formats:
    ca, cb = med(f, "A", 2), med(f, "B", 2)
    print(f"| {f} | {ca:.1f} | {cb:.1f} | {cb / ca:.2f} | {ca / med('combined', 'A', 2):.2f}x"
          f" | {cb / med('combined', 'B', 2):.2f}x | {med(f, 'A', 3):.0f} | {med(f, 'B', 3):.0f} |")
PY
