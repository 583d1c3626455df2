#!/usr/bin/env bash
# Progress appears on stderr only when it is a terminal (or with --progress),
# and logmill never writes colour (SGR "ESC [ ... m") on a terminal, so
# NO_COLOR has nothing to turn off. script(1) gives the run a pseudo-terminal.
set -euo pipefail
bin=$(readlink -f "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "terminal_output: $*" >&2; exit 1; }
cd "$work"
"$bin" gen logs --files 3 --lines 3000 --seed 5 2>/dev/null

# stderr a file: no progress unless asked
"$bin" count --by status logs >/dev/null 2>err
[[ ! -s err ]] || fail "progress on a non-terminal stderr: $(od -c err | head -3)"
"$bin" count --by status --progress logs >/dev/null 2>err
grep -q "tasks" err || fail "--progress wrote no progress"

# stderr a terminal: progress by default, and no colour in any command's output
script -qec "'$bin' count --by status logs >/dev/null" /dev/null >tty.out
grep -q "tasks" tty.out || fail "no progress on a terminal"
for cmd in "robots logs" "count --by status_class logs" "top --by path -n 3 logs" \
           "report -n 3 logs" "grep --where 'status >= 500' logs" "count --by nope logs" "--help"; do
  script -qec "'$bin' $cmd" /dev/null >tty.out || true
  ! grep -q $'\033\\[[0-9;]*m' tty.out || fail "colour in: logmill $cmd"
  NO_COLOR=1 script -qec "'$bin' $cmd --no-progress" /dev/null >a.out || true
  script -qec "'$bin' $cmd --no-progress" /dev/null >b.out || true
  cmp -s a.out b.out || fail "NO_COLOR changed the output of: logmill $cmd"
done
echo "terminal_output: ok"
