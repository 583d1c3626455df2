#!/usr/bin/env bash
# Interleaved variants under perf stat: medians of wall, task-clock (every
# process and thread of the command), user, sys, page faults, and the largest
# peak RSS of any one process (GNU time). On a shared machine CPU time and
# faults say more than wall time.
# usage: bench/perfstat.sh RUNS 'name=command' ...   (e.g. 'j2=logmill count -j 2 f.gz')
set -uo pipefail
runs=$1; shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/runs
for ((r=0;r<runs;r++)); do
  for spec in "$@"; do
    name=${spec%%=*}; cmd=${spec#*=}
    perf stat -e task-clock,page-faults -o $work/ps /usr/bin/time -f "%M" -o $work/tm bash -c "$cmd" >/dev/null 2>&1
    tc=$(awk '/task-clock/{gsub(",","",$1);print $1}' $work/ps)
    pf=$(awk '/page-faults/{gsub(",","",$1);print $1}' $work/ps)
    el=$(awk '/seconds time elapsed/{print $1}' $work/ps)
    us=$(awk '/seconds user/{print $1}' $work/ps)
    sy=$(awk '/seconds sys/{print $1}' $work/ps)
    echo "$name $el $tc $us $sy $pf $(tail -1 $work/tm)" >> $out
  done
done
python3 - $out <<'PY'
import sys,statistics as st,collections
d=collections.defaultdict(list)
order=[]
for l in open(sys.argv[1]):
    n,*v=l.split(); 
    if n not in d: order.append(n)
    d[n].append([float(x) for x in v])
print(f"{'variant':24s} {'wall s':>7s} {'task ms':>8s} {'user s':>7s} {'sys s':>6s} {'faults':>7s} {'maxrss MB':>9s}")
for n in order:
    c=list(zip(*d[n])); m=[st.median(x) for x in c]
    print(f"{n:24s} {m[0]:7.3f} {m[1]:8.0f} {m[2]:7.2f} {m[3]:6.2f} {m[4]:7.0f} {max(c[5])/1024:9.0f}")
PY

