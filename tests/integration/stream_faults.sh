#!/usr/bin/env bash
# A stream fanned out through the block ring (stdin, a FIFO, a single-member
# gzip without an index) survives its faults: a worker SIGKILLed mid-block
# loses nothing (the block is re-run from the ring: same bytes, grep in
# order); SIGINT while the producer is blocked on a silent FIFO stops at once
# with exit 130, no worker and no /dev/shm segment left.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 4 --lines 50000 --seed 11 2>/dev/null
gzip -dc "$work"/logs/*.log.gz > "$work/all.log"
gzip -c "$work/all.log" > "$work/one.log.gz"
ring=(--no-index --split-size 1MiB)  # the default ring: 8 blocks of 8 MiB

for cmd in "count --by host,status" "grep --where 'status >= 400'"; do
  eval "\"\$bin\" $cmd --pool serial - < \"\$work/all.log\"" > "$work/clean"
  for input in "- < $work/all.log" "$work/one.log.gz"; do
    # Worker 0 SIGKILLs itself ~20,000 lines into its first block (of ~49,000).
    # On a loaded machine worker 1 may read every block before worker 0 is
    # up: then nothing was killed, and the run is tried again (3 tries).
    for try in 1 2 3; do
      stats=$(eval "LOGMILL_TEST_CRASH_WORKER=0 LOGMILL_TEST_CRASH_AFTER_LINES=20000 \
        \"\$bin\" $cmd -j 2 \"\${ring[@]}\" --stats $input" 2>&1 > "$work/out") ||
        fail "$cmd $input: exit $? after a worker was killed: $stats"
      grep -q '^fan-out    1 input' <<<"$stats" || fail "$cmd $input: not fanned out: $stats"
      cmp -s "$work/clean" "$work/out" || fail "$cmd $input: output differs (try $try): $stats"
      grep -q '^worker 0 .*restarts$' <<<"$stats" && break
    done
    grep -q '^worker 0 .*, 1 restarts$' <<<"$stats" || fail "$cmd $input: worker 0 not restarted: $stats"
  done
done
echo "worker killed mid-block: same output"

# Memory stays bounded by the ring, not the input: with a 4 MiB ring and
# ~45 MB of text through stdin, no process (coordinator or worker; GNU time
# reports the largest) goes past the ring plus 64 MB.
/usr/bin/time -f %M -o "$work/rss" "$bin" count --by path -j 2 --ring-size 4MiB --stats - \
  < "$work/all.log" 2> "$work/err" > "$work/out" || fail "ring RSS run: $(cat "$work/err")"
grep -q '^fan-out    1 input' "$work/err" || fail "ring RSS run: not fanned out: $(cat "$work/err")"
rss_kb=$(tail -1 "$work/rss")
if ! sanitized_build; then  # a sanitizer's shadow memory is not the ring's doing
  ((rss_kb < (4 + 64) * 1024)) || fail "peak RSS ${rss_kb} KB with a 4 MiB ring"
fi
echo "4 MiB ring: peak RSS $((rss_kb / 1024)) MB"

# A block that kills three workers is given up like any task: one error for
# the file (not one per block), exit 1, the run still ends.
set +e
LOGMILL_TEST_POISON=poison-me "$bin" count -j 2 --ring-size 4MiB --stats "${ring[@]}" \
  "$(cp "$work/one.log.gz" "$work/poison-me.log.gz" && echo "$work/poison-me.log.gz")" \
  > /dev/null 2> "$work/err"
rc=$?
set -e
check_eq "poisoned stream exit; stderr: $(cat "$work/err")" 1 $rc
check_eq "poisoned stream errors" 1 "$(grep -c 'poison-me.log.gz: gave up after 3 workers died reading it' "$work/err")"
grep -q '^files      1 (1 failed)$' "$work/err" || fail "poisoned stream: $(cat "$work/err")"
echo "a block that kills three workers: given up, one error"

segments_of() { ls /dev/shm | grep "^logmill-$1-" || true; }
mkfifo "$work/fifo"
# The writer sends some text, then goes silent: the producer blocks in read().
(head -c 3000000 "$work/all.log"; sleep 30) > "$work/fifo" &
writer=$!
"$bin" count --by status -j 2 "${ring[@]}" "$work/fifo" > /dev/null 2> "$work/err" &
pid=$!
for _ in $(seq 50); do
  [ -n "$(worker_pids $pid)" ] && [ -n "$(segments_of $pid)" ] && break
  sleep 0.1
done
[ -n "$(segments_of $pid)" ] || fail "no segment for the fan-out run"
sleep 0.5
kill -INT $pid
start=$SECONDS
set +e
wait $pid
rc=$?
set -e
kill $writer 2>/dev/null || true
check_eq "SIGINT exit status; stderr: $(cat "$work/err")" 130 $rc
[ $((SECONDS - start)) -le 3 ] || fail "SIGINT took $((SECONDS - start)) s"
check_eq "workers left" "" "$(worker_pids $pid)"
check_eq "segments left" "" "$(segments_of $pid)"
echo "SIGINT with the producer blocked on a FIFO: clean stop"
