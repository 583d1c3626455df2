# Shared by the --follow tests (sourced after lib.bash): a real log to feed
# the followed files from, and the follow process ($pid, in folder $d).
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data" && pwd)/elastic-apache-combined-2015.log
lines() { sed -n "$1,$2p" "$src"; }
upto() { lines 1 "$1" | "$bin" count --format tsv -; }  # parsed lines among the first N
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"' EXIT
stop() {  # stop SIGNAL: the follow ends with exit 0
  local rc=0
  kill "-$1" "$pid"
  wait "$pid" || rc=$?
  pid=
  check_eq "exit after SIG$1 ($(tail -3 "$d/stderr"))" 0 "$rc"
}
