#!/usr/bin/env bash
# SIGKILL `logmill ingest` at random moments (while reading, while
# committing), run it again: the store ends equal to one uninterrupted
# ingest (`report --store --format json` byte-identical to a one-shot
# report over the same text). Two ingests at once never count twice.
source "$(dirname "$0")/lib.bash"
logs=$work/logs ref=$work/ref db=$work/store.db
"$bin" gen "$logs" --files 4 --lines 40000 --seed 7 2>/dev/null
mkdir -p "$ref"
for f in "$logs"/*; do zcat -f "$f" >"$ref/$(basename "$f").txt"; done
"$bin" report --format json "$ref" >"$work/oneshot.json"

killed=0
for i in 1 2 3 4 5 6; do
  "$bin" ingest --store "$db" "$logs" 2>/dev/null &
  pid=$!
  sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
  if kill -KILL "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
done
"$bin" ingest --store "$db" "$logs"
"$bin" report --store "$db" --format json >"$work/store.json"
cmp -s "$work/store.json" "$work/oneshot.json" || fail "after $killed kills: $(diff "$work/store.json" "$work/oneshot.json" | head)"

# Two ingests at once over new text: one waits for the other; counted once.
rm -f "$db"*
"$bin" ingest --store "$db" "$logs" 2>"$work/e1" & p1=$!
"$bin" ingest --store "$db" "$logs" 2>"$work/e2" & p2=$!
wait "$p1" || fail "first concurrent ingest: $(cat "$work/e1")"
wait "$p2" || fail "second concurrent ingest: $(cat "$work/e2")"
"$bin" report --store "$db" --format json >"$work/store.json"
cmp -s "$work/store.json" "$work/oneshot.json" || fail "concurrent ingests counted twice"
# With no time to wait, the second fails clearly instead.
"$bin" ingest --store "$db" "$logs" &
p1=$!
rc=0; "$bin" ingest --wait 0 --store "$db" "$logs" 2>"$work/e2" || rc=$?
wait "$p1"
if [ "$rc" != 0 ]; then
  grep -q "busy" "$work/e2" || fail "a busy store is not said to be busy: $(cat "$work/e2")"
fi
# Two ingests that both create the same new store at once (the race is in
# SQLite's switch to WAL and in telling a blank database from a foreign one):
# both succeed, every line is counted once.
for i in 1 2 3 4 5 6 7 8; do
  rm -f "$work/race.db"*
  "$bin" ingest --store "$work/race.db" "$logs" 2>"$work/e1" & p1=$!
  "$bin" ingest --store "$work/race.db" "$logs" 2>"$work/e2" & p2=$!
  wait "$p1" || fail "racing creation $i, first: $(cat "$work/e1")"
  wait "$p2" || fail "racing creation $i, second: $(cat "$work/e2")"
  "$bin" report --store "$work/race.db" --format json >"$work/race.json"
  cmp -s "$work/race.json" "$work/oneshot.json" || fail "racing creation $i counted twice"
done
echo "store kill ok ($killed kills)"
