#!/usr/bin/env bash
# The process pool survives workers that crash, poison tasks and stopped
# workers, with output identical to a clean serial run.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 6 --lines 60000 --seed 3 2>/dev/null
logs=$work/logs
"$bin" count --by status --pool serial "$logs" > "$work/serial"

# 1. Worker 0 SIGKILLs itself mid-task: it is replaced and its task re-run.
LOGMILL_TEST_CRASH_WORKER=0 LOGMILL_TEST_CRASH_AFTER_LINES=30000 \
  "$bin" count --by status --pool process -j 2 --stats "$logs" > "$work/out" 2> "$work/err" \
  || fail "crash run exited $?: $(cat "$work/err")"
cmp -s "$work/serial" "$work/out" || fail "crash run output differs"
grep -q "restarts" "$work/err" || fail "crash run: no restart in --stats: $(cat "$work/err")"

# 2. A poison task kills every worker that takes it: given up after 3 tries,
#    exit 1, named on stderr, everything else reported.
set +e
LOGMILL_TEST_POISON=access-002 "$bin" count --by status --pool process -j 2 "$logs" > "$work/out" 2> "$work/err"
rc=$?
set -e
check_eq "poison exit" 1 "$rc"
grep -q "access-002.log.gz: gave up after 3 workers died reading it" "$work/err" || fail "poison message: $(cat "$work/err")"
"$bin" count --by status --pool serial --exclude 'access-002*' "$logs" > "$work/expected"
cmp -s "$work/expected" "$work/out" || fail "poison run lost other files' results"

# 3. A stopped worker (SIGSTOP) is caught by the watchdog and its task re-run.
start=$(date +%s)
LOGMILL_TEST_STOP_WORKER=1 "$bin" count --by status --pool process -j 2 --task-timeout 2 "$logs" > "$work/out" \
  || fail "stopped-worker run exited $?"
cmp -s "$work/serial" "$work/out" || fail "stopped-worker run output differs"
[ $(( $(date +%s) - start )) -lt 60 ] || fail "watchdog took too long"
# 4. Never more workers than tasks (issue 17 #8): -j 64 on 6 files starts 6.
"$bin" count --by status --pool process -j 64 --stats "$logs" > "$work/out" 2> "$work/err"
check_eq "workers for 6 tasks at -j 64" 6 "$(grep -c '^worker ' "$work/err")"
cmp -s "$work/serial" "$work/out" || fail "-j 64 output differs"

# Cases 5-7 tamper with a running pool's segment. A run whose worker 0 stops
# (SIGSTOP) and whose task timeout never fires, so the segment stays: sets
# $pid and $segment.
start_held_run() {
  LOGMILL_TEST_STOP_WORKER=0 "$bin" count --pool process -j 2 --task-timeout 3600 "$logs" \
    > "$work/out" 2> "$work/err" &
  pid=$!
  for _ in $(seq 50); do [ -n "$(ls /dev/shm | grep "^logmill-$pid-" || true)" ] && break; sleep 0.1; done
  sleep 1
  segment=$(ls /dev/shm | grep "^logmill-$pid-" || true)
  [ -n "$segment" ] || fail "no segment for the $1 run"
}
# Waits up to $2 tenths of a second for the held run to stop after $1; checks
# exit 1, a stderr line matching $3 and no segment left behind.
expect_stop() {
  set +e
  for _ in $(seq "$2"); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -0 $pid 2>/dev/null && { kill -9 $pid; fail "coordinator still running after $1"; }
  wait $pid; rc=$?
  set -e
  check_eq "exit after $1" 1 "$rc"
  grep -q "$3" "$work/err" || fail "message after $1: $(cat "$work/err")"
  check_eq "segment left after $1" "" "$(ls /dev/shm | grep "^logmill-$pid-" || true)"
}

# 5. The segment truncated by another process (issue 17 #7): the coordinator
#    stops with one clear line and exit 1, and removes the segment.
start_held_run truncated-segment
truncate -s 0 "/dev/shm/$segment"
for w in $(worker_pids $pid); do kill -9 "$w" 2>/dev/null || true; done
expect_stop "the segment was truncated" 100 "was damaged (truncated) by another process"
# 6. A path rewritten in the segment's file table (issue 17 #7): workers
#    started after it refuse the table (its checksum came through their argv),
#    so the run ends with exit 1 and a message, never counts another file.
start_held_run rewritten-table
python3 - "/dev/shm/$segment" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.find(b'access-003.log.gz')
assert at >= 0, 'path not found in the segment'
data[at:at + 17] = b'access-000.log.gz'  # same length: another real file
open(sys.argv[1], 'r+b').write(data)
PY
for w in $(worker_pids $pid); do kill -9 "$w" 2>/dev/null || true; done
expect_stop "the file table was rewritten" 300 "was changed by another process"
check_eq "counts printed from a rewritten table" "" "$(cat "$work/out")"
# 7. The segment zeroed by another process (issue 17 #7): the coordinator
#    holds the queue against its own record of what it pushed, so it stops
#    within seconds whatever --task-timeout says (it used to wait forever),
#    with exit 1, a message naming the segment, and nothing left behind.
start_held_run zeroed-segment
workers=$(worker_pids $pid)
python3 - "/dev/shm/$segment" <<'PY'
import os, sys
with open(sys.argv[1], 'r+b') as f:
    f.write(bytes(os.path.getsize(sys.argv[1])))  # zeros, same size: no SIGBUS
PY
expect_stop "the segment was zeroed (10 s)" 100 \
  "shared memory segment /dev/shm/$segment was modified by another process"
for w in $workers; do kill -0 "$w" 2>/dev/null && fail "worker $w left running after zeroing"; done
echo "process pool faults: ok"
