#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/<case>/cmd (a shell line where "logmill"
# is the binary under test), then compares stdout and the exit status with
# tests/cli/<case>/stdout and tests/cli/<case>/exit (default 0).
set -u
bin=$1 case_dir=$2
actual=$(mktemp) ; trap 'rm -f "$actual"' EXIT
logmill() { "$bin" "$@"; }
export -f logmill 2>/dev/null || true
export LOGMILL_BIN="$bin"
( logmill() { "$LOGMILL_BIN" "$@"; }; eval "$(cat "$case_dir/cmd")" ) >"$actual"
status=$?
want_status=0
[ -f "$case_dir/exit" ] && want_status=$(cat "$case_dir/exit")
fail=0
if [ -f "$case_dir/stdout" ] && ! diff -u "$case_dir/stdout" "$actual"; then
  echo "stdout differs for $(basename "$case_dir")"; fail=1
fi
if [ "$status" != "$want_status" ]; then
  echo "exit status $status, expected $want_status"; fail=1
fi
exit $fail
