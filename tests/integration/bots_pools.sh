#!/usr/bin/env bash
# Humans and bots and response times are the same for every pool, -j and
# split (process -j2 == thread -j2 == serial, byte for byte), `count --by
# bot` agrees with the report's class rows, and a report from the store's
# day partials has the same bot and response-time panels as a direct run.
source "$(dirname "$0")/lib.bash"
data_dir="$(cd "$(dirname "$0")/../data" && pwd)"
export LOGMILL_BOTS_LIST="$data_dir/bots/crawler-user-agents-fixture.json"
format='%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i" %D'

logs=$work/logs
mkdir -p "$logs"
"$bin" gen "$work/gen" --files 3 --lines 4000 --seed 5 2>/dev/null
# The generated lines with a %D duration each (deterministic).
i=0
for f in "$work"/gen/*; do
  i=$((i + 1))
  if gzip -t "$f" 2>/dev/null; then zcat "$f"; else cat "$f"; fi |
    awk -v s="$i" '{ print $0 " " (NR * 7919 * s) % 2000003 }' >"$logs/access.$i.log"
done
cp "$data_dir/bots/bots-durations.log" "$logs/"

run() { "$bin" report --format json --log-format "$format" "$@" "$logs"; }
serial=$(run --pool serial)
for pool in "--pool thread -j 2" "--pool process -j 2" "--pool process -j 2 --split-size 100KiB"; do
  read -ra args <<<"$pool"
  got=$(run "${args[@]}")
  [ "$serial" == "$got" ] || fail "$pool differs from serial: $(diff <(echo "$serial") <(echo "$got") | head -10)"
done
panels() {  # the bots and response-time panels of a report JSON on stdin
  python3 -c '
import json, sys
d = json.load(sys.stdin)
for k in ("bots", "declared_bots", "suspected_hosts", "response_times"):
    print(k, json.dumps(d[k], sort_keys=True))'
}
echo "$serial" | panels >"$work/direct.txt"
grep -q '"rules": "rate"' "$work/direct.txt" || fail "no host flagged by the rate rule"
grep -q '"p99"' "$work/direct.txt" || fail "no response times"

# count --by bot == the class rows
want=$(echo "$serial" | python3 -c '
import json, sys
for r in sorted(json.load(sys.stdin)["bots"]["rows"], key=lambda r: r["data"]):
    if r["hits"]: print("%s\t%d" % (r["data"], r["hits"]))')
got=$("$bin" count --by bot --log-format "$format" --pool process -j 2 "$logs" | sort)
check_eq "count --by bot vs the report's classes" "$want" "$got"

# The store's day partials merge to the same panels.
"$bin" ingest --store "$work/web.db" --log-format "$format" "$logs" 2>/dev/null || fail "ingest failed"
"$bin" report --store "$work/web.db" --format json | panels >"$work/store.txt"
diff -u "$work/direct.txt" "$work/store.txt" >&2 || fail "report --store differs in the bot and response-time panels"
# The benchmarks' switch (bench/bots-overhead.sh): LOGMILL_REPORT_NO_BOTS
# empties the bot panels, in worker processes too, and leaves every other
# panel as it was.
echo "$serial" >"$work/on.json"
for pool in serial "process -j 2"; do
  read -ra args <<<"--pool $pool"
  LOGMILL_REPORT_NO_BOTS=1 run "${args[@]}" >"$work/off.json"
  python3 - "$work/on.json" "$work/off.json" <<'PY' || fail "LOGMILL_REPORT_NO_BOTS with --pool $pool"
import json, sys
on, off = (json.load(open(p)) for p in sys.argv[1:])
assert any(r["hits"] for r in on["bots"]["rows"]), "no bot hits with classification on"
assert all(r["hits"] == 0 for r in off["bots"]["rows"]), off["bots"]
assert not off["declared_bots"]["rows"] and not off["suspected_hosts"]["rows"]
for k in on:
    if k not in ("bots", "declared_bots", "suspected_hosts"):
        assert on[k] == off[k], k
PY
done
echo "bots pools ok"
