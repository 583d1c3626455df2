#!/usr/bin/env bash
# SIGINT/SIGTERM stop the pool cleanly (exit 130/143, no child left, no
# segment left); a SIGKILLed coordinator leaves no orphan and its segment is
# removed by the next run.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 4 --lines 20000 --seed 5 2>/dev/null
logs=$work/logs

hung_run() {  # a run that cannot finish by itself: worker 0 stops on its first task
  LOGMILL_TEST_STOP_WORKER=0 "$bin" robots --pool process -j 2 --task-timeout 3600 "$logs" > /dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do [ -n "$(worker_pids $pid)" ] && break; sleep 0.1; done
  sleep 0.5
  [ -n "$(worker_pids $pid)" ] || fail "no workers started"
}

for sig in INT TERM; do
  hung_run
  workers=$(worker_pids $pid)
  kill -$sig $pid
  set +e; wait $pid; rc=$?; set -e
  [ $sig == INT ] && check_eq "exit after SIGINT" 130 $rc
  [ $sig == TERM ] && check_eq "exit after SIGTERM" 143 $rc
  for w in $workers; do kill -0 $w 2>/dev/null && fail "worker $w survived SIG$sig"; done
  # Only this coordinator's segments: other tests may run pools concurrently.
  check_eq "segments left after SIG$sig" "" "$(ls /dev/shm | grep "^logmill-$pid-" || true)"
done

hung_run
workers=$(worker_pids $pid)
kill -KILL $pid
wait $pid 2>/dev/null || true
sleep 2
for w in $workers; do kill -0 $w 2>/dev/null && fail "worker $w orphaned 2 s after the coordinator died"; done
# The dead coordinator's segment is left behind; the next run removes it
# (and any other segment whose coordinator is dead). A concurrently running
# test may already have removed it, which is the same mechanism at work.
bash -c 'exit 0' & dead=$!; wait $dead
fake=/dev/shm/logmill-$dead-00000000000000000000000000000000
: > "$fake"
leftover=$(ls /dev/shm | grep "^logmill-$pid-" || true)
"$bin" robots --pool process -j 1 "$logs" > /dev/null
[ ! -e "$fake" ] || fail "stale segment $fake not removed by the next run"
[ -z "$leftover" ] || [ ! -e "/dev/shm/$leftover" ] || fail "stale segment $leftover not removed by the next run"
echo "process pool signals: ok"
