#!/usr/bin/env bash
# `report --store` sums its rows' visitor counts over the stored days where
# that is exact (ReportAggregate::sumVisitorsOverDays) and merges visitor
# sets where it is not (past the visitor budget, days with estimated rows,
# --follow). Either way its JSON must equal a direct run's over the same
# lines byte for byte: here over several days, some stored in parts, with the
# default budget, one that forces estimates, and a store ingested under the
# default but queried under a small budget.
source "$(dirname "$0")/lib.bash"
data=$(cd "$(dirname "$0")/../data" && pwd)
src=$data/elastic-apache-combined-2015.log  # 10000 lines over 4 days
mkdir "$work/gen" "$work/logs"
"$bin" gen --files 3 --lines 20000 --seed 7 "$work/gen" >/dev/null 2>&1
for f in "$work/gen"/*.gz; do gunzip -c "$f" >"$work/logs/$(basename "$f" .gz)"; done
head -n 7000 "$src" >"$work/logs/access.log"

same() {  # same WHAT DB [--from D --to D]: report --store equals the direct run
  local what=$1 db=$2 range=()
  shift 2
  [ $# -gt 0 ] && range=("$@")
  "$bin" report --store "$db" "${range[@]}" --format json >"$work/store.json"
  "$bin" report "${range[@]}" "$work/logs" --format json >"$work/direct.json"
  cmp -s "$work/store.json" "$work/direct.json" ||
    fail "$what: store and direct JSON differ ($(diff "$work/store.json" "$work/direct.json" | head -5))"
}
close() {  # close WHAT DB: as same, an estimated row's visitors within 6%
  local what=$1 db=$2
  "$bin" report --store "$db" --format json >"$work/store.json"
  "$bin" report "$work/logs" --format json >"$work/direct.json"
  python3 - "$work/store.json" "$work/direct.json" <<'PY' || fail "$what: store and direct JSON differ"
import json, sys
def walk(a, b, at):
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), at
        loose = a.get("visitors_estimated") or b.get("visitors_estimated")
        for k in a:
            if loose and k == "visitors":
                assert abs(a[k] - b[k]) <= max(2, 0.06 * max(a[k], b[k])), (at, a[k], b[k])
            elif not (loose and k == "visitors_estimated"):
                walk(a[k], b[k], at + "/" + str(a.get("data", k)))
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), at
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, at + "/" + str(i))
    else:
        assert a == b, (at, a, b)
walk(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), "")
PY
}
estimated() {  # estimated: how many rows of the last store.json are estimates
  grep -c '"visitors_estimated": true' "$work/store.json" || true
}

ingest_all() {  # ingest_all DB: the logs in two ingests (the second adds parts to stored days)
  "$bin" ingest --store "$1" "$work/logs" 2>/dev/null || fail "ingest failed"
  tail -n +7001 "$src" >>"$work/logs/access.log"
  "$bin" ingest --store "$1" "$work/logs" 2>/dev/null || fail "second ingest failed"
  [ "$(sqlite3 "$1" 'SELECT count(*) FROM day_part')" -gt 0 ] || fail "no day has a part"
  head -n 7000 "$src" >"$work/logs/access.log"  # back for the next store
}

# The default budget: every row exact, counts summed.
ingest_all "$work/default.db"
tail -n +7001 "$src" >>"$work/logs/access.log"
same "default budget" "$work/default.db"
check_eq "estimated rows, default budget" 0 "$(estimated)"
# --emit-partial writes the days' sets (a partial is merged later), not sums.
"$bin" report --store "$work/default.db" --emit-partial "$work/range.lmp" ||
  fail "report --store --emit-partial failed"
"$bin" merge report "$work/range.lmp" --format json >"$work/merged.json" || fail "merge failed"
cmp -s "$work/merged.json" "$work/direct.json" || fail "the emitted partial merges to another report"

# A budget the whole range passes though no day does: the sum is given up.
small=400K
LOGMILL_VISITOR_MEMORY=$small close "store ingested under the default, queried under $small" \
  "$work/default.db"
[ "$(estimated)" -gt 0 ] || fail "$small should force estimated rows"

# Ingested and queried under a budget that days pass too (days with estimated rows).
head -n 7000 "$src" >"$work/logs/access.log"
tiny=64K
LOGMILL_VISITOR_MEMORY=$tiny ingest_all "$work/tiny.db"
tail -n +7001 "$src" >>"$work/logs/access.log"
LOGMILL_VISITOR_MEMORY=$tiny close "budget $tiny" "$work/tiny.db"
[ "$(estimated)" -gt 0 ] || fail "$tiny should force estimated rows"
echo ok
