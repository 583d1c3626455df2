#!/usr/bin/env bash
# Chaos (CTest label `chaos`, about two minutes): random SIGKILL and SIGSTOP
# of workers during runs must not change a single output byte; SIGINT at a
# random moment leaves no child and no /dev/shm segment; a SIGKILLed
# coordinator leaves no orphan within 2 s; output to /dev/full fails with a
# clear error and exit 1; a closed pipe (`| head -1`) ends quietly with 0.
# LOGMILL_CHAOS_SECONDS (default 60) bounds the kill/stop phase, and
# LOGMILL_CHAOS_STREAM_SECONDS (default 20) the same on a fanned-out stdin.
# Scratch space next to the build (CTest runs us in build/tests), not in a
# /tmp that other jobs on the machine may sweep.
mkdir -p "$PWD/tmp" && export TMPDIR="$PWD/tmp"
source "$(dirname "$0")/lib.bash"
budget=${LOGMILL_CHAOS_SECONDS:-60}
seed=${LOGMILL_CHAOS_SEED:-$$}
RANDOM=$seed
echo "chaos seed $seed (LOGMILL_CHAOS_SEED=$seed reproduces the schedule)"
"$bin" gen "$work/logs" --files 8 --lines 40000 --seed 9 2>/dev/null
logs=$work/logs
# Several plain files too, split into byte ranges (tasks of one file run in
# different workers), next to whole-file gzip tasks.
mkdir -p "$work/plain"
for i in 0 1 2; do gzip -dc "$logs"/access-00$i.log.gz > "$work/plain/p$i.log"; done
query=(count --by host,status)
"$bin" "${query[@]}" --pool serial "$logs" "$work/plain" > "$work/clean"
[ "$(wc -l < "$work/clean")" -gt 1000 ] || fail "clean run too small"

segments_of() { ls /dev/shm | grep "^logmill-$1-" || true; }
no_leftovers() {  # no_leftovers PID WHAT: nothing of coordinator PID is left
  local left
  left=$(worker_pids "$1")
  [ -z "$left" ] || fail "$2: workers $left outlived coordinator $1"
  check_eq "$2: segments left" "" "$(segments_of "$1")"
}

# --- 1. Workers stopped where no task is announced are still replaced ------
# Before its Ready message, and with a task popped from the queue but not yet
# announced by a heartbeat: only silence gives these away (workers send
# heartbeats between tasks too). Before that fix, the first failed the run
# after 30 s ("workers did not start") and the second hung for ever.
for at in ready claim task; do
  for jobs in 1 3; do
    start=$SECONDS
    set +e
    LOGMILL_TEST_STOP_WORKER=0 LOGMILL_TEST_STOP_AT=$at timeout -k 5 60 \
      "$bin" "${query[@]}" --pool process -j $jobs --task-timeout 2 "$logs" "$work/plain" \
      > "$work/out" 2> "$work/err"
    rc=$?
    set -e
    check_eq "stopped at $at, -j$jobs: exit; stderr: $(cat "$work/err")" 0 $rc
    cmp -s "$work/clean" "$work/out" || fail "stopped at $at, -j$jobs: output differs from the clean run"
    took=$((SECONDS - start))
    [ $took -le 30 ] || fail "stopped at $at, -j$jobs: took $took s"
    echo "stopped at $at, -j$jobs: replaced, same output, $took s"
  done
done

# --- 2. SIGKILL / SIGSTOP random workers; outputs equal the clean run -------
# At most two faults per run: a task is given up after its third dead worker
# (by design), and two faults can never reach that.
runs=0 faults=0 kills=0 stops=0
end=$((SECONDS + budget))
while [ $SECONDS -lt $end ]; do
  jobs=$((2 + RANDOM % 3))
  "$bin" "${query[@]}" --pool process -j $jobs --task-timeout 2 "$logs" "$work/plain" \
    > "$work/out" 2> "$work/err" &
  pid=$!
  want=$((1 + RANDOM % 2))
  done_faults=0
  while [ $done_faults -lt $want ] && kill -0 $pid 2>/dev/null; do
    sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
    mapfile -t ws < <(worker_pids $pid)
    [ ${#ws[@]} -gt 0 ] || continue
    victim=${ws[RANDOM % ${#ws[@]}]}
    if ((RANDOM % 2)); then
      kill -KILL "$victim" 2>/dev/null && kills=$((kills + 1)) && done_faults=$((done_faults + 1))
    else
      kill -STOP "$victim" 2>/dev/null && stops=$((stops + 1)) && done_faults=$((done_faults + 1))
    fi
  done
  faults=$((faults + done_faults))
  # A stopped worker is replaced after --task-timeout; the run must finish.
  for _ in $(seq 600); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then
    ps -o pid,stat,args --ppid $pid >&2 || true
    kill -KILL $pid
    fail "run $runs (-j$jobs, $done_faults faults) hung for 60 s"
  fi
  set +e; wait $pid; rc=$?; set -e
  check_eq "run $runs (-j$jobs, $done_faults faults) exit; stderr: $(cat "$work/err")" 0 $rc
  cmp -s "$work/clean" "$work/out" || fail "run $runs (-j$jobs, $done_faults faults): output differs from the clean run"
  no_leftovers $pid "run $runs"
  runs=$((runs + 1))
done
[ $runs -ge 3 ] || fail "only $runs runs in $budget s"
echo "kill/stop: $runs runs, $faults faults ($kills SIGKILL, $stops SIGSTOP), every output equal"

# --- 2b. The same faults on a stream fanned out through the block ring ----------
# stdin cannot be split: one producer cuts it into 2 MiB blocks (an 8 MiB
# ring); a block whose worker died is re-run from the ring. Bounded by
# LOGMILL_CHAOS_STREAM_SECONDS (default 20).
cat "$work"/plain/p*.log > "$work/stream.log"
"$bin" "${query[@]}" --pool serial - < "$work/stream.log" > "$work/stream-clean"
runs=0 faults=0
end=$((SECONDS + ${LOGMILL_CHAOS_STREAM_SECONDS:-20}))
while [ $SECONDS -lt $end ]; do
  jobs=$((2 + RANDOM % 2))
  "$bin" "${query[@]}" --pool process -j $jobs --ring-size 8MiB --task-timeout 2 - \
    < "$work/stream.log" > "$work/out" 2> "$work/err" &
  pid=$!
  sleep "0.$((RANDOM % 3))$((RANDOM % 10))"  # a run takes ~0.5 s
  mapfile -t ws < <(worker_pids $pid)
  if [ ${#ws[@]} -gt 0 ]; then
    victim=${ws[RANDOM % ${#ws[@]}]}
    if ((RANDOM % 2)); then kill -KILL "$victim" 2>/dev/null; else kill -STOP "$victim" 2>/dev/null; fi &&
      faults=$((faults + 1))
  fi
  for _ in $(seq 600); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  kill -0 $pid 2>/dev/null && { kill -KILL $pid; fail "stream run $runs hung for 60 s"; }
  set +e; wait $pid; rc=$?; set -e
  check_eq "stream run $runs (-j$jobs) exit; stderr: $(cat "$work/err")" 0 $rc
  cmp -s "$work/stream-clean" "$work/out" || fail "stream run $runs (-j$jobs): output differs"
  no_leftovers $pid "stream run $runs"
  runs=$((runs + 1))
done
for i in $(seq 6); do
  "$bin" "${query[@]}" --pool process -j 2 --ring-size 8MiB - < "$work/stream.log" > /dev/null 2> "$work/err" &
  pid=$!
  sleep "0.$((RANDOM % 8))$((RANDOM % 10))"
  kill -INT $pid 2>/dev/null || true
  set +e; wait $pid; rc=$?; set -e
  [ $rc -eq 130 ] || [ $rc -eq 0 ] || fail "stream SIGINT $i: exit $rc: $(cat "$work/err")"
  sleep 0.2
  no_leftovers $pid "stream SIGINT $i"
done
echo "stream fan-out: $runs runs with $faults faults equal the clean run; 6 SIGINTs left nothing"

# --- 3. SIGINT at random moments ----------------------------------------------
for i in $(seq 12); do
  "$bin" "${query[@]}" --pool process -j 3 "$logs" "$work/plain" > /dev/null 2> "$work/err" &
  pid=$!
  # From "just started" (segment being made, workers being spawned) to mid-run.
  sleep "0.$((RANDOM % 8))$((RANDOM % 10))"
  kill -INT $pid 2>/dev/null || true
  set +e; wait $pid; rc=$?; set -e
  [ $rc -eq 130 ] || [ $rc -eq 0 ] || fail "SIGINT $i: exit $rc: $(cat "$work/err")"
  sleep 0.2  # workers are SIGKILLed and reaped before the coordinator exits; no grace needed
  no_leftovers $pid "SIGINT $i"
done
echo "SIGINT: 12 runs, no child and no segment left"

# --- 4. SIGKILL of the coordinator: no orphan within 2 s -----------------------
for i in $(seq 5); do
  "$bin" "${query[@]}" --pool process -j 3 "$logs" "$work/plain" > /dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 5 + 2))"
  workers=$(worker_pids $pid)
  kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  sleep 2
  for w in $workers; do
    kill -0 "$w" 2>/dev/null && fail "coordinator SIGKILL $i: worker $w still alive after 2 s"
  done
  check_eq "coordinator SIGKILL $i: orphans" "" "$(worker_pids $pid)"
done
"$bin" robots --pool process -j 1 "$logs" > /dev/null  # removes the dead coordinators' segments
echo "coordinator SIGKILL: 5 runs, no orphan"

# --- 5. Output errors: /dev/full fails loudly, a closed pipe quietly -------------
for pool in serial thread process; do
  set +e
  "$bin" "${query[@]}" --pool $pool "$logs" > /dev/full 2> "$work/err"
  rc=$?
  set -e
  check_eq "/dev/full ($pool) exit" 1 $rc
  grep -q "logmill: cannot write output: No space left on device" "$work/err" \
    || fail "/dev/full ($pool): unclear error: $(cat "$work/err")"
  set +e
  "$bin" "${query[@]}" --pool $pool "$logs" "$work/plain" 2> "$work/err" | head -1 > "$work/head"
  rc=${PIPESTATUS[0]}
  set -e
  check_eq "| head -1 ($pool) exit" 0 $rc
  check_eq "| head -1 ($pool) stderr" "" "$(cat "$work/err")"
  check_eq "| head -1 ($pool) line" "$(head -1 "$work/clean")" "$(cat "$work/head")"
done
echo "chaos: ok"
