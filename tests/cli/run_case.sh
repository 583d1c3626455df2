#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/<case>/cmd (a shell line where "logmill"
# is the binary under test), then compares what it printed and how it ended
# with the case's expected files (zstd's playTests style):
#   stdout  compared when present
#   stderr  compared when present (an empty file pins "nothing on stderr")
#   exit    the expected exit status (default 0)
# cmd runs in the current directory (tests/data) with $CASE_TMP, a fresh
# directory removed afterwards; its path reads as CASE_TMP in both outputs.
set -u
bin=$1 case_dir=$2
name=$(basename "$case_dir")
CASE_TMP=$(mktemp -d)
actual_out="$CASE_TMP.stdout" actual_err="$CASE_TMP.stderr"
trap 'rm -rf "$CASE_TMP" "$actual_out" "$actual_err"' EXIT
export CASE_TMP LOGMILL_BIN="$bin"
( logmill() { "$LOGMILL_BIN" "$@"; }; eval "$(cat "$case_dir/cmd")" ) >"$actual_out" 2>"$actual_err"
status=$?
sed -i "s|$CASE_TMP|CASE_TMP|g" "$actual_out" "$actual_err"
want_status=0
[ -f "$case_dir/exit" ] && want_status=$(cat "$case_dir/exit")
fail=0
for stream in stdout stderr; do
  actual=$actual_out
  [ "$stream" = stderr ] && actual=$actual_err
  if [ -f "$case_dir/$stream" ] && ! diff -u "$case_dir/$stream" "$actual"; then
    echo "$stream differs for $name"; fail=1
  fi
done
if [ "$status" != "$want_status" ]; then
  echo "exit status $status, expected $want_status for $name"; fail=1
fi
exit $fail
