#!/usr/bin/env bash
# count --by status per log format on one core (--pool serial): the same
# generated requests in each format (`logmill gen --log-format`), unzipped,
# timed in interleaved rounds (every format once per round, so load from
# other processes falls on all of them alike); prints per format the median
# wall and CPU seconds (perf stat task-clock) and lines/s, and the ratio to
# combined.
# Usage: bench/formats_count.sh LOGMILL DIR [LINES] [ROUNDS]
set -euo pipefail
bin=$1 dir=$2 lines=${3:-400000} rounds=${4:-5}
formats=(combined alb elb s3 cloudfront w3c haproxy)
mkdir -p "$dir"
for f in "${formats[@]}"; do
  [ -s "$dir/$f.log" ] && continue
  "$bin" gen "$dir/gen-$f" --files 1 --lines "$lines" --seed 1 --log-format "$f" 2>/dev/null
  zcat "$dir/gen-$f/access-000.log.gz" > "$dir/$f.log"
  rm -rf "$dir/gen-$f"
done
times=$dir/times.tsv
: > "$times"
for ((r = 1; r <= rounds; r++)); do
  for f in "${formats[@]}"; do
    # perf's task-clock: CPU milliseconds the process ran (exact, unlike the
    # tick-sampled user/sys times, which read near zero on this VM).
    start=$(date +%s.%N)
    cpu=$(perf stat -x, -e task-clock "$bin" count --by status --pool serial --no-progress \
            --log-format "$f" "$dir/$f.log" 2>&1 >/dev/null | grep task-clock | cut -d, -f1)
    end=$(date +%s.%N)
    echo "$f	$(echo "$end - $start" | bc)	$(echo "$cpu / 1000" | bc -l)	0" >> "$times"
  done
done
python3 - "$times" "$lines" "${formats[@]}" <<'PY'
import statistics, sys
path, lines, formats = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = [l.split("\t") for l in open(path) if l.strip()]
med = {}
for f in formats:
    walls = [float(r[1]) for r in rows if r[0] == f]
    cpus = [float(r[2]) + float(r[3]) for r in rows if r[0] == f]
    med[f] = (statistics.median(walls), statistics.median(cpus), len(walls))
print("| format | runs | median wall s | median CPU s | lines/s (CPU) | CPU vs combined |")
print("|---|---:|---:|---:|---:|---:|")
for f in formats:
    wall, cpu, n = med[f]
    print(f"| {f} | {n} | {wall:.3f} | {cpu:.3f} | {lines / cpu / 1e6:.2f} M | {cpu / med['combined'][1]:.2f}x |")
PY
