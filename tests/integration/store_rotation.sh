#!/usr/bin/env bash
# `logmill ingest` across logrotate's moves: each scenario ends with
# `report --store --format json` byte-identical to a one-shot `report
# --format json` over every line written (kept as plain files in ref/, so
# log_size, text bytes, is the same too). Also: a copy truncated and
# rewritten with the same start is a new stream with a note; a corrupt,
# foreign or newer store is refused (exit 1, naming it, left unchanged).
source "$(dirname "$0")/lib.bash"
src=$(cd "$(dirname "$0")/../data" && pwd)/elastic-apache-combined-2015.log
lines() { sed -n "$1,$2p" "$src"; }  # lines A..B of the sample (10000 lines, 4 days)

new_case() {  # new_case NAME: fresh logs/, ref/ and store
  name=$1
  d=$work/$name
  mkdir -p "$d/logs" "$d/ref"
  logs=$d/logs ref=$d/ref db=$d/store.db
}
ingest() { "$bin" ingest --store "$db" "$logs" 2>>"$d/stderr" || fail "$name: ingest failed: $(cat "$d/stderr")"; }
same() {  # the store's report is the one-shot report of ref/
  "$bin" report --store "$db" --format json >"$d/store.json"
  "$bin" report --format json "$ref" >"$d/oneshot.json"
  cmp -s "$d/store.json" "$d/oneshot.json" ||
    fail "$name: report --store differs from one-shot: $(diff "$d/store.json" "$d/oneshot.json" | head -20)"
}

new_case rename_create
lines 1 1000 >"$logs/access.log"; ingest
lines 1001 1500 >>"$logs/access.log"; mv "$logs/access.log" "$logs/access.log.1"
lines 1501 2000 >"$logs/access.log"; ingest; ingest
lines 1 1500 >"$ref/a"; lines 1501 2000 >"$ref/b"; same
# A date range from the store is the same range of a direct run (--from/--to),
# but for the lines read: a direct run reads every line, the store those days'.
"$bin" report --store "$db" --from 2015-05-17 --to 2015-05-17 --format json >"$d/range.json"
"$bin" report --from 2015-05-17 --to 2015-05-17 --format json "$ref" >"$d/direct.json"
python3 - "$d/range.json" "$d/direct.json" <<'PY' || fail "$name: --from/--to from the store differ from a direct run"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for doc in (a, b):
    for k in ("total_requests", "valid_requests", "failed_requests", "log_size"):
        del doc["general"][k]
assert a["general"]["reported_requests"] == 1632, a["general"]
sys.exit(a != b)
PY

new_case copytruncate
lines 1 1000 >"$logs/access.log"; ingest
lines 1001 1200 >>"$logs/access.log"
cp "$logs/access.log" "$logs/access.log.1"; : >"$logs/access.log"
lines 1201 1300 >>"$logs/access.log"; ingest
lines 1 1200 >"$ref/a"; lines 1201 1300 >"$ref/b"; same

new_case copytruncate_same_start  # the rewritten file starts as the old one did
lines 1 1000 >"$logs/access.log"; ingest
lines 1 100 >"$logs/access.log"; lines 3001 3100 >>"$logs/access.log"; ingest
grep -q "read as a new stream" "$d/stderr" || fail "$name: no note on stderr"
lines 1 1000 >"$ref/a"; { lines 1 100; lines 3001 3100; } >"$ref/b"; same

new_case delaycompress
lines 1 1000 >"$logs/access.log"; ingest
lines 1001 1100 >>"$logs/access.log"; mv "$logs/access.log" "$logs/access.log.1"
lines 1101 1200 >"$logs/access.log"; ingest
gzip -n "$logs/access.log.1"; mv "$logs/access.log.1.gz" "$logs/access.log.2.gz"
lines 1201 1250 >>"$logs/access.log"; mv "$logs/access.log" "$logs/access.log.1"
lines 1251 1300 >"$logs/access.log"; ingest
lines 1 1100 >"$ref/a"; lines 1101 1250 >"$ref/b"; lines 1251 1300 >"$ref/c"; same

new_case compressed_between_runs
lines 1 1000 >"$logs/access.log"; ingest
mv "$logs/access.log" "$logs/access.log.1"; ingest
gzip -n "$logs/access.log.1"; mv "$logs/access.log.1.gz" "$logs/access.log.2.gz"
"$bin" ingest --stats --store "$db" "$logs" 2>"$d/stats"
grep -q "(1 unchanged" "$d/stats" || fail "$name: the .2.gz was not recognized: $(cat "$d/stats")"
lines 1001 1100 >"$logs/access.log"; ingest
# appended after the last ingest, then compressed: read on from the offset
lines 1101 1200 >"$logs/access.log.x"; ingest; lines 1201 1250 >>"$logs/access.log.x"
gzip -n "$logs/access.log.x"; ingest
lines 1 1000 >"$ref/a"; lines 1001 1100 >"$ref/b"; lines 1101 1250 >"$ref/c"; same

new_case deleted_after_ingest
lines 1 3000 >"$logs/old.log"; ingest; rm "$logs/old.log"
lines 3001 3100 >"$logs/access.log"; ingest
lines 1 3000 >"$ref/a"; lines 3001 3100 >"$ref/b"; same

new_case line_cut_in_half
{ lines 1 1000; lines 1001 1001 | head -c 60; } >"$logs/access.log"; ingest
mv "$logs/access.log" "$logs/access.log.1"
{ lines 1001 1001 | tail -c +61; lines 1002 1100; } >"$logs/access.log"; ingest
gzip -n "$logs/access.log.1"; mv "$logs/access.log.1.gz" "$logs/access.log.2.gz"; ingest
{ lines 1 1000; lines 1001 1001 | head -c 60; } >"$ref/a"
{ lines 1001 1001 | tail -c +61; lines 1002 1100; } >"$ref/b"; same

new_case shorter_than_fingerprint
lines 1 3 >"$logs/access.log"; ingest   # ~700 bytes
lines 4 5 >>"$logs/access.log"; ingest
lines 6 900 >>"$logs/access.log"; ingest
mv "$logs/access.log" "$logs/access.log.1"; ingest
lines 1 900 >"$ref/a"; same

new_case identical_first_lines  # two logs sharing their first 5 KiB
{ lines 1 20; lines 100 200; } >"$logs/a.log"; { lines 1 20; lines 5000 5100; } >"$logs/b.log"; ingest
lines 201 300 >>"$logs/a.log"; lines 5101 5200 >>"$logs/b.log"; ingest
{ lines 1 20; lines 100 300; } >"$ref/a"; { lines 1 20; lines 5000 5200; } >"$ref/b"; same

# Stores that cannot be used: exit 1, named, untouched.
d=$work/bad; mkdir -p "$d"
check_store_refused() {  # check_store_refused FILE WORDS
  local before after rc=0
  before=$(sha256sum "$1")
  "$bin" ingest --store "$1" "$work/rename_create/logs" 2>"$d/err" || rc=$?
  after=$(sha256sum "$1")
  check_eq "exit for $1" 1 "$rc"
  grep -q "$1" "$d/err" || fail "error does not name $1: $(cat "$d/err")"
  grep -q "$2" "$d/err" || fail "error for $1 does not say '$2': $(cat "$d/err")"
  check_eq "$1 unchanged" "$before" "$after"
  rc=0; "$bin" report --store "$1" --format json >/dev/null 2>&1 || rc=$?
  check_eq "report exit for $1" 1 "$rc"
}
head -c 10000 /dev/urandom >"$d/garbage.db"; check_store_refused "$d/garbage.db" "not a logmill store"
sqlite3 "$d/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
check_store_refused "$d/foreign.db" "not a logmill store"
cp "$work/rename_create/store.db" "$d/newer.db"; sqlite3 "$d/newer.db" "PRAGMA user_version=99"
check_store_refused "$d/newer.db" "newer"
head -c 8192 "$work/rename_create/store.db" >"$d/truncated.db"
rc=0; "$bin" store verify "$d/truncated.db" >/dev/null 2>"$d/err" || rc=$?
check_eq "verify exit for a truncated store" 1 "$rc"
grep -q "truncated.db" "$d/err" || fail "verify does not name the file: $(cat "$d/err")"
echo "store rotation ok"
