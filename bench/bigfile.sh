#!/usr/bin/env bash
# One big single-member gzip: first read (no index) vs indexed runs, -j1 vs
# -j2, against `igzip -dc` on one core; the cost of building the index on a
# first read; the index's size. Variants alternate run by run (the machine is
# shared and noisy) and the medians of wall time are printed, with ratios.
# The same text through stdin (`cat text | logmill report -`) is fanned out
# like a first read. Each run also records user+sys CPU of the whole command
# and the largest peak RSS of any one process in it (GNU time).
# usage: bench/bigfile.sh LOGMILL GZIP-FILE [RUNS]   (ONLY=REGEX: some variants)
set -euo pipefail
bin=$1 gz=$2 runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cache=$work/cache
text=$work/text.log
gzip -dc "$gz" > "$text"
declare -A cmd=(
  [first-report-j1]="$bin report --no-index -j 1 $gz"
  [first-report-j2]="$bin report --no-index -j 2 $gz"
  [first-path-j1]="$bin count --by path --no-index -j 1 $gz"
  [first-path-j2]="$bin count --by path --no-index -j 2 $gz"
  [first-status-noindex-j1]="$bin count --by status --no-index -j 1 $gz"
  [first-status-building-j1]="rm -rf $work/fresh; $bin count --by status --index-dir $work/fresh -j 1 $gz"
  [indexed-report-j1]="$bin report --index-dir $cache -j 1 $gz"
  [indexed-report-j2]="$bin report --index-dir $cache -j 2 $gz"
  [indexed-path-j1]="$bin count --by path --index-dir $cache -j 1 $gz"
  [indexed-path-j2]="$bin count --by path --index-dir $cache -j 2 $gz"
  [indexed-robots-j2]="$bin robots --index-dir $cache -j 2 $gz"
  [index-build]="rm -rf $work/fresh2; $bin index --no-progress --index-dir $work/fresh2 $gz"
  [igzip-dc]="igzip -dc $gz"
  [stdin-report-j1]="cat $text | $bin report -j 1 -"
  [stdin-report-j2]="cat $text | $bin report -j 2 -"
  [stdin-path-j1]="cat $text | $bin count --by path -j 1 -"
  [stdin-path-j2]="cat $text | $bin count --by path -j 2 -"
)
"$bin" index --no-progress --index-dir "$cache" "$gz"
for ((r = 0; r < runs; ++r)); do
  for name in $(printf '%s\n' "${!cmd[@]}" | sort | grep -E "${ONLY:-.}"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/one" bash -c "${cmd[$name]}" > /dev/null
    echo "$name $(cat "$work/one")" >> "$work/times"
  done
done
python3 - "$work/times" <<'PY'
import sys, statistics, collections
t, cpu, rss = (collections.defaultdict(list) for _ in range(3))
for line in open(sys.argv[1]):
    name, s, u, k, mb = line.split()
    t[name].append(float(s)); cpu[name].append(float(u) + float(k)); rss[name].append(int(mb) / 1024)
m = {k: statistics.median(v) for k, v in t.items()}
for k in sorted(m):
    print(f"{k:28s} median {m[k]:7.3f} s  cpu {statistics.median(cpu[k]):6.2f} s  "
          f"max rss {max(rss[k]):6.0f} MB  runs {' '.join(f'{x:.2f}' for x in t[k])}")
def r(a, b):
    return m[a] / m[b] if a in m and b in m else float('nan')
print(f"first read report   -j2 speed-up over -j1: {r('first-report-j1','first-report-j2'):.2f}x")
print(f"first read count path -j2 speed-up over -j1: {r('first-path-j1','first-path-j2'):.2f}x")
print(f"indexed report      -j2 speed-up over -j1: {r('indexed-report-j1','indexed-report-j2'):.2f}x")
print(f"indexed count path  -j2 speed-up over -j1: {r('indexed-path-j1','indexed-path-j2'):.2f}x")
print(f"indexed robots -j2 / igzip -dc (1 core): {r('indexed-robots-j2','igzip-dc'):.2f}")
print(f"logmill index (build alone) / igzip -dc: {r('index-build','igzip-dc'):.2f}")
print(f"stdin report        -j2 speed-up over -j1: {r('stdin-report-j1','stdin-report-j2'):.2f}x")
print(f"stdin count path    -j2 speed-up over -j1: {r('stdin-path-j1','stdin-path-j2'):.2f}x")
print(f"first read building the index / plain first read (count status -j1): {r('first-status-building-j1','first-status-noindex-j1'):.2f}")
PY
ls -l "$cache"
