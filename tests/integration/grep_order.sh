#!/usr/bin/env bash
# grep prints matching lines in input order (files in sorted order, lines in
# file order) under every pool and -j, also when a worker dies mid-task and
# its task is re-run (no line lost, none repeated), and ends quietly on a
# closed pipe.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 5 --lines 40000 --seed 11 2>/dev/null
logs=$work/logs
where='status >= 400 or path == "/robots.txt"'
# An independent answer: the same filter in Python with a strict combined
# regex, over the files in sorted order.
python3 - "$logs" > "$work/expected" <<'PY'
import gzip, re, sys, glob
line_re = re.compile(rb'^\S+ \S+ \S+ \[[^\]]+\] "((?:[^"\\]|\\.)*)" (\d{3}) (?:\d+|-) "(?:[^"\\]|\\.)*" "(?:[^"\\]|\\.)*"$')
out = sys.stdout.buffer
for f in sorted(glob.glob(sys.argv[1] + "/access-*.log.gz")):
    for line in gzip.open(f):
        line = line.rstrip(b"\n")
        m = line_re.match(line)
        if not m:
            continue
        parts = m.group(1).split(b" ")
        path = parts[1] if len(parts) > 1 else parts[0]
        if int(m.group(2)) >= 400 or path == b"/robots.txt":
            out.write(line + b"\n")
PY
"$bin" grep --pool serial --where "$where" "$logs" > "$work/serial"
[ -s "$work/serial" ] || fail "grep printed nothing"
cmp -s "$work/expected" "$work/serial" || fail "grep differs from the Python check ($(wc -l < "$work/expected") vs $(wc -l < "$work/serial") lines)"
for pool in thread process; do
  for j in 1 2 3 5; do
    "$bin" grep --pool $pool -j $j --where "$where" "$logs" > "$work/out"
    cmp -s "$work/serial" "$work/out" || fail "grep --pool $pool -j $j differs from serial"
  done
done
LOGMILL_TEST_CRASH_WORKER=1 LOGMILL_TEST_CRASH_AFTER_LINES=20000 \
  "$bin" grep --pool process -j 2 --where "$where" "$logs" > "$work/out"
cmp -s "$work/serial" "$work/out" || fail "grep with a crashed worker differs from serial"
set -o pipefail
"$bin" grep --pool process --where 'status >= 100' "$logs" | head -1 > /dev/null || fail "closed pipe not quiet"
echo "grep order: ok"
