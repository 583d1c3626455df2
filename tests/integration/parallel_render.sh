#!/usr/bin/env bash
# A result of more rows than one thread renders alone (count --by host over
# ~150,000 distinct hosts, with hosts that need escaping) is written by the
# pool's -j threads in row order: every format's bytes equal the serial
# pool's one-thread render, and a reader that closes early (`| head`) ends
# the run quietly.
source "$(dirname "$0")/lib.bash"
mkdir "$work/logs"
for f in 0 1 2; do
  awk -v f="$f" 'BEGIN {
    for (i = 0; i < 50000; i++) {
      host = (i % 5000 == 0) ? "h\033[2J" i "-" f : (i * 7919 % 50021) "." f ".10.1"
      printf "%s - - [30/Nov/2026:00:00:%02d +0000] \"GET /p%d HTTP/1.1\" 200 %d \"-\" \"t/1\"\n", host, i % 60, i % 7, i
    }
  }' | gzip > "$work/logs/access-$f.log.gz"
done
for format in tsv csv json; do
  "$bin" count --by host --format "$format" --pool serial "$work/logs" > "$work/serial"
  rows=$(wc -l < "$work/serial")
  [ "$rows" -gt 140000 ] || fail "$format: only $rows rows; the test needs more than one thread's share"
  for run in "process -j 2" "thread -j 3"; do
    # shellcheck disable=SC2086
    "$bin" count --by host --format "$format" --pool $run "$work/logs" > "$work/pool"
    cmp -s "$work/serial" "$work/pool" || fail "$format, --pool $run: output differs from serial"
  done
done
set +o pipefail
"$bin" count --by host --pool process -j 2 "$work/logs" 2> "$work/err" | head -3 > "$work/head"
rc=${PIPESTATUS[0]}
set -o pipefail
check_eq "exit when the reader closes early" 0 "$rc"
check_eq "lines before the reader closed" 3 "$(wc -l < "$work/head")"
[ ! -s "$work/err" ] || fail "stderr when the reader closed early: $(cat "$work/err")"
echo ok
