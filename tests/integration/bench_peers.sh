#!/usr/bin/env bash
# `logmill bench --peers`: each installed peer (DuckDB via npm, lnav, Miller)
# answers every peer query on a small generated dataset (hostile lines
# included) exactly as logmill does, and GoAccess counts the lines logmill
# counts; a wrong peer answer fails its row and the command;
# a peer that is not installed is skipped with a note. Peers that
# this machine lacks are left out (scripts/install-peers.sh installs them).
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 2 --lines 3000 --seed 7 2>/dev/null
logs=$work/logs
export LOGMILL_BASELINES=$(cd "$(dirname "$0")/../../bench/baselines" && pwd)
peers_dir=${LOGMILL_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logmill/peers}

expected=""
if command -v node >/dev/null && [ -f "$peers_dir/node_modules/@duckdb/node-api/package.json" ]; then
  expected+=" duckdb-j2"
fi
command -v lnav >/dev/null && expected+=" lnav"
command -v mlr >/dev/null && expected+=" miller"
[ -n "$expected" ] || { echo "bench peers: skipped (no peer installed: scripts/install-peers.sh)"; exit 0; }

peer_rows() {  # "variant:ok" for every row that is not logmill's or an inflate floor
  python3 -c "import json,sys; print(' '.join(f\"{r['variant']}:{r['ok']}\" for r in json.load(open(sys.argv[1]))['rows'] if r['kind'] == 'baseline'))" "$1"
}
want() { for v in $expected; do printf '%s:True ' "$v"; done | sed 's/ $//'; }

for query in count-status top-path top-path-bytes distinct-hosts; do
  "$bin" bench --runs 1 -j 2 --query "$query" --peers --json "$work/$query.json" "$logs" \
    > "$work/table" 2> "$work/stderr" || fail "$query: bench exited $?: $(grep -v done "$work/stderr")"
  check_eq "$query peer rows" "$(want)" "$(peer_rows "$work/$query.json")"
done
grep -q -- '--peers' <(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['command'])" \
  "$work/distinct-hosts.json") || fail "the recorded command line lacks --peers"

# A peer's answer is checked before it is timed: a wrong one fails the row and the command.
victim=${expected##* }
rc=0
LOGMILL_BENCH_CORRUPT=$victim "$bin" bench --runs 1 -j 2 --query count-status --peers \
  --json "$work/bad.json" "$logs" > "$work/table" 2>/dev/null || rc=$?
check_eq "exit status with $victim corrupted" 1 "$rc"
grep -q "^$victim .*FAILED: output differs from serial" "$work/table" || fail "$victim not FAILED"

# GoAccess (--query report) is checked by its request totals, which match
# logmill's lines and parsed lines; a broken report fails the row. GoAccess
# skips comment and empty lines uncounted (logmill counts them malformed):
# the check allows for them (the 8-file README dataset has six '#' lines).
if command -v goaccess >/dev/null; then
  cp -r "$logs" "$work/glogs"
  printf '# a comment line\n\n' | gzip >> "$work/glogs/access-000.log.gz"
  "$bin" bench --runs 1 -j 2 --query report "$work/glogs" > "$work/table" 2>/dev/null \
    || fail "bench --query report failed: $(grep '^goaccess' "$work/table")"
  rc=0
  LOGMILL_BENCH_CORRUPT=goaccess "$bin" bench --runs 1 -j 2 --query report "$logs" \
    > "$work/table" 2>/dev/null || rc=$?
  check_eq "exit status with GoAccess's report corrupted" 1 "$rc"
  grep -q "^goaccess .*FAILED: GoAccess wrote no JSON report" "$work/table" \
    || fail "goaccess not FAILED: $(grep '^goaccess' "$work/table")"
fi

# Not installed: skipped with a note naming what is missing, the rest still run.
rc=0
LOGMILL_PEERS_DIR=$work/nowhere "$bin" bench --runs 1 -j 2 --query top-path --peers \
  --json "$work/none.json" "$logs" > /dev/null 2> "$work/stderr" || rc=$?
check_eq "exit status without DuckDB" 0 "$rc"
grep -q "peer skipped: duckdb: @duckdb/node-api is not installed in $work/nowhere" "$work/stderr" \
  || fail "no note for the missing DuckDB: $(grep -v done "$work/stderr")"
check_eq "rows without DuckDB" "$(expected=${expected/duckdb-j2/}; want)" "$(peer_rows "$work/none.json")"

# Queries with their own baselines say so and add no peer rows.
"$bin" bench --runs 1 -j 2 --query robots --peers "$logs" >/dev/null 2> "$work/stderr" \
  || fail "bench --query robots --peers failed"
grep -q "peer skipped: --query robots has its own baselines" "$work/stderr" || fail "no note for robots"
echo "bench peers: ok ($expected )"
