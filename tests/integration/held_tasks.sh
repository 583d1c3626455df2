#!/usr/bin/env bash
# Process workers hold the partials of the tasks they finish and send one
# merged partial when the queue runs dry (issue 16); report and --agg add
# each task to it in place. A worker that dies while
# holding tasks has every one of them run again, exactly once: the output is
# byte-identical to a serial run, for results both small and large.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 12 --lines 8000 --seed 5 2>/dev/null
logs=$work/logs
for by in status host path,status; do
  "$bin" count --by "$by" --pool serial "$logs" > "$work/serial-$by"
  "$bin" count --by "$by" --pool process -j 2 "$logs" > "$work/process-$by"
  cmp -s "$work/serial-$by" "$work/process-$by" || fail "count --by $by: process differs from serial"
done

# crash_run AT EXPECTED ARGS...: worker 0 dies on taking its AT-th task,
# holding the ones before; the output must equal EXPECTED (a serial run's)
# and every line be counted once. On a loaded machine worker 1 may drain the
# queue before worker 0 takes that task: then nothing crashed, so it runs
# again (up to 5 times) until the crash is exercised, each output checked.
crash_run() {
  local at=$1 expected=$2 attempt
  shift 2
  for attempt in 1 2 3 4 5; do
    LOGMILL_TEST_CRASH_WORKER=0 LOGMILL_TEST_CRASH_AT_TASK=$at \
      "$bin" "$@" --pool process -j 2 --stats "$logs" > "$work/out" 2> "$work/err" \
      || fail "$*, crash at task $at exited $?: $(cat "$work/err")"
    cmp -s "$expected" "$work/out" || fail "$*, crash at task $at: output differs from serial"
    grep -q "restarts" "$work/err" && break
    [ "$attempt" = 5 ] && fail "$*, crash at task $at: no restart in --stats in 5 runs: $(cat "$work/err")"
  done
  grep -q "^lines      96000 " "$work/err" ||
    fail "$*, crash at task $at: lines counted twice or lost: $(grep lines "$work/err")"
}

# --agg tables are added to in place like a report's partial.
agg=(count --by path --agg 'count,sum(bytes),max(status)')
"$bin" "${agg[@]}" --pool serial "$logs" > "$work/serial-agg"
for at in 2 4; do
  for by in host status; do crash_run "$at" "$work/serial-$by" count --by "$by"; done
  crash_run "$at" "$work/serial-agg" "${agg[@]}"
done

# report merges held partials the same way.
"$bin" report --format json --pool serial "$logs" > "$work/report-serial"
LOGMILL_TEST_CRASH_WORKER=1 LOGMILL_TEST_CRASH_AT_TASK=3 \
  "$bin" report --format json --pool process -j 2 "$logs" > "$work/report-process"
cmp -s "$work/report-serial" "$work/report-process" || fail "report after a crash differs from serial"
echo ok
