#!/usr/bin/env bash
# Output files (--emit-partial, report -o) are never half-written, never
# replace a FIFO or device, never overwrite an input, and `-` is stdout.
source "$(dirname "$0")/lib.bash"

data=$(dirname "$0")/../data
cp "$data/elastic-apache-combined-2015.log" "$work/x.log"
cp "$work/x.log" "$work/x.orig"
mkdir "$work/logs"
cp "$data/crowdsec-nginx_http-logs.log" "$work/logs/a.log"
ln "$work/logs/a.log" "$work/hard.log"

expect_refused() {  # expect_refused WHAT OUTPUT-NAME-IN-MESSAGE COMMAND...
  local what=$1 name=$2
  shift 2
  set +e
  out=$("$@" 2>"$work/err")
  rc=$?
  set -e
  check_eq "$what: exit" 2 "$rc"
  check_eq "$what: stdout" "" "$out"
  grep -qF "logmill: the output file '$name' is also an input" "$work/err" ||
    fail "$what: message: $(cat "$work/err")"
}

# An input as the output: refused before anything is read or written.
expect_refused "report -o x.log x.log" "$work/x.log" "$bin" report -o "$work/x.log" "$work/x.log"
cmp -s "$work/x.log" "$work/x.orig" || fail "report -o x.log x.log changed x.log"
expect_refused "-o a file found in a directory" "$work/logs/a.log" \
  "$bin" report --format html -o "$work/logs/a.log" "$work/logs"
expect_refused "--emit-partial onto a hard link of an input" "$work/hard.log" \
  "$bin" count --emit-partial "$work/hard.log" "$work/logs"
grep -qF "('$work/logs/a.log' is the same file)" "$work/err" || fail "other name: $(cat "$work/err")"
check_eq "the input survived" "$(cat "$data/crowdsec-nginx_http-logs.log")" "$(cat "$work/logs/a.log")"
"$bin" count --emit-partial "$work/p.lmp" "$work/x.log"
expect_refused "merge --emit-partial onto one of its partials" "$work/p.lmp" \
  "$bin" merge count --emit-partial "$work/p.lmp" "$work/p.lmp"

# -o - is stdout, not a file named "-".
cd "$work"
check_eq "report -o - is stdout" "$("$bin" report x.log)" "$("$bin" report -o - x.log)"
[ ! -e "$work/-" ] || fail "report -o - created a file named -"

# --emit-partial - is stdout too; what arrives is a partial that merges.
"$bin" count --by status --emit-partial - x.log >"$work/stdout.lmp"
check_eq "--emit-partial - merges" "$("$bin" count --by status x.log)" \
  "$("$bin" merge count --by status "$work/stdout.lmp")"

# A FIFO receives the bytes and stays a FIFO.
mkfifo "$work/fifo"
cat "$work/fifo" >"$work/from-fifo.lmp" &
reader=$!
"$bin" count --by status --emit-partial "$work/fifo" x.log
wait "$reader"
[ -p "$work/fifo" ] || fail "the FIFO was replaced"
check_eq "partial through a FIFO" "$("$bin" count --by status x.log)" \
  "$("$bin" merge count --by status "$work/from-fifo.lmp")"

# A link to the process's own stdout (a pipe here) is written through.
ln -s /proc/self/fd/1 "$work/self-out"
"$bin" count --by status --emit-partial "$work/self-out" x.log | cat >"$work/piped.lmp"
[ -L "$work/self-out" ] || fail "the link to /proc/self/fd/1 was replaced"
check_eq "partial through /proc/self/fd/1" "$("$bin" count --by status x.log)" \
  "$("$bin" merge count --by status "$work/piped.lmp")"

# A device: /dev/full reports ENOSPC and stays a device.
if [ -c /dev/full ]; then
  set +e
  "$bin" count --emit-partial /dev/full x.log 2>"$work/err"
  rc=$?
  set -e
  check_eq "--emit-partial /dev/full exit" 1 "$rc"
  grep -qF "logmill: cannot write '/dev/full': No space left on device" "$work/err" ||
    fail "/dev/full message: $(cat "$work/err")"
  [ -c /dev/full ] || fail "/dev/full is no longer a character device"
fi

# A symlink at the output name is replaced itself; its target is untouched.
echo "precious" >"$work/target"
ln -s "$work/target" "$work/report.html"
"$bin" report --format html -o "$work/report.html" x.log
[ ! -L "$work/report.html" ] || fail "-o wrote through the link"
check_eq "link target" "precious" "$(cat "$work/target")"
grep -q "<html" "$work/report.html" || fail "report.html is not the report"

# No temporary file is left beside the outputs.
leftovers=$(find "$work" -name '.*.tmp')
check_eq "temporary files left" "" "$leftovers"
echo "output_files: ok"
