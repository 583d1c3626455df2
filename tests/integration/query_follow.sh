#!/usr/bin/env bash
# `report|count|top --follow`: a writer appends (half a line at a time too)
# and rotates (rename + create, copytruncate) while `report --follow -o
# out.json --interval 0.2` runs; out.json is rewritten as lines come and,
# after SIGTERM (exit 0), equals a one-shot report over every line. On a
# pipe, `count --follow` prints nothing until SIGINT, then the one-shot
# answer once; `top --follow --store` ingests into the store each refresh.
# A PATH that does not exist is an error once, not every interval, and
# again only after it was seen and vanished. Bounded: every wait gives up
# after 10 s.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/follow.bash"
total() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["general"]["valid_requests"])' "$1" 2>/dev/null || true; }
shows() {  # shows N: until out.json reports N requests
  local n
  for _ in $(seq 100); do
    n=$(total "$d/out.json")
    [ "$n" == "$1" ] && return
    sleep 0.1
  done
  fail "report --follow did not reach $1 requests in out.json (at '$n'): $(tail -3 "$d/stderr")"
}

# report -o FILE, a file followed by name, rotated.
d=$work/report; mkdir -p "$d/logs"
logs=$d/logs
lines 1 300 >"$logs/access.log"
"$bin" report --follow --interval 0.2 --format json -o "$d/out.json" "$logs/access.log" \
  2>"$d/stderr" &
pid=$!
shows "$(upto 300)"
lines 301 600 >>"$logs/access.log"
line=$(lines 601 601)
printf '%s' "${line:0:40}" >>"$logs/access.log"; shows "$(upto 600)"  # half a line waits
printf '%s\n' "${line:40}" >>"$logs/access.log"; shows "$(upto 601)"
mv "$logs/access.log" "$logs/access.log.1"                # rename + create
lines 602 700 >>"$logs/access.log.1"                      # the server still writes there
lines 701 900 >"$logs/access.log"; shows "$(upto 900)"
cp "$logs/access.log" "$logs/access.log.2"; : >"$logs/access.log"  # copytruncate
lines 901 1200 >>"$logs/access.log"
# The truncated file is a new stream: after 1..900, its 901..1200 (the
# copy in access.log.2 is not followed: not named).
lines 1 1200 >"$d/all.log"
shows "$("$bin" count --format tsv "$d/all.log")"
stop TERM
"$bin" report --format json "$d/all.log" >"$d/oneshot.json"
for _ in $(seq 100); do cmp -s "$d/out.json" "$d/oneshot.json" && break; sleep 0.1; done
cmp -s "$d/out.json" "$d/oneshot.json" ||
  fail "report --follow -o differs from one-shot: $(diff "$d/out.json" "$d/oneshot.json" | head -10)"

# --from/--to: the running report takes only the new days in the range.
d=$work/range; mkdir -p "$d/logs"
lines 1 1500 >"$d/logs/a.log"
"$bin" report --follow --interval 0.1 --format json --from 2015-05-18 --to 2015-05-19 \
  -o "$d/out.json" "$d/logs" 2>"$d/stderr" &
pid=$!
lines 1 6000 >"$d/all.log"
for _ in $(seq 100); do [ -s "$d/out.json" ] && break; sleep 0.1; done
lines 1501 6000 >>"$d/logs/a.log"
shows "$("$bin" count --format tsv --from 2015-05-18 --to 2015-05-19 "$d/all.log")"
stop TERM
# (against the store's answer: a direct run counts every line read in its
# totals, the store only the days' lines)
"$bin" ingest --store "$d/batch.db" "$d/all.log"
"$bin" report --store "$d/batch.db" --format json --from 2015-05-18 --to 2015-05-19 \
  >"$d/oneshot.json"
cmp -s "$d/out.json" "$d/oneshot.json" ||
  fail "report --follow --from/--to differs: $(diff "$d/out.json" "$d/oneshot.json" | head -10)"

# count on a pipe: nothing until SIGINT, then the final answer once.
d=$work/pipe; mkdir -p "$d/logs"
lines 1 500 >"$d/logs/a.log"
"$bin" count --by status --format tsv --follow --interval 0.1 "$d/logs" >"$d/out.tsv" \
  2>"$d/stderr" &
pid=$!
sleep 0.5
lines 501 1000 >>"$d/logs/a.log"
sleep 0.5
[ -s "$d/out.tsv" ] && fail "count --follow on a pipe printed before the signal: $(head -3 "$d/out.tsv")"
stop INT
lines 1 1000 | "$bin" count --by status --format tsv - >"$d/oneshot.tsv"
cmp -s "$d/out.tsv" "$d/oneshot.tsv" ||
  fail "count --follow differs from one-shot: $(diff "$d/out.tsv" "$d/oneshot.tsv" | head -5)"

# top --store: each refresh is an ingest into the store.
d=$work/store; mkdir -p "$d/logs"
lines 1 400 >"$d/logs/a.log"
"$bin" top --by host -n 5 --format tsv --follow --interval 0.1 --store "$d/s.db" "$d/logs" \
  >"$d/out.tsv" 2>"$d/stderr" &
pid=$!
for _ in $(seq 100); do
  [ "$("$bin" count --store "$d/s.db" --format tsv 2>/dev/null || true)" == "$(upto 400)" ] && break
  sleep 0.1
done
stop TERM
"$bin" top --by host -n 5 --format tsv "$d/logs" >"$d/oneshot.tsv"
cmp -s "$d/out.tsv" "$d/oneshot.tsv" || fail "top --follow --store differs from one-shot"
check_eq "store lines after top --follow" "$(upto 400)" \
  "$("$bin" count --store "$d/s.db" --format tsv)"

# A missing PATH: said once, and again after it appeared and vanished.
d=$work/missing; mkdir -p "$d"
"$bin" count --follow --interval 0.05 --store "$d/s.db" "$d/later.log" >/dev/null \
  2>"$d/stderr" &
pid=$!
sleep 1  # twenty intervals
check_eq "errors for a missing path over 20 intervals" 1 "$(grep -c "cannot open" "$d/stderr")"
lines 1 50 >"$d/later.log"
for _ in $(seq 100); do
  [ "$("$bin" count --store "$d/s.db" --format tsv 2>/dev/null || true)" == "$(upto 50)" ] && break
  sleep 0.1
done
rm "$d/later.log"
sleep 1
stop TERM
check_eq "errors once the path vanished again" 2 "$(grep -c "cannot open" "$d/stderr")"

# Usage errors: stdin, and what a store cannot answer.
rc=0; "$bin" report --follow - </dev/null 2>"$work/err" || rc=$?
check_eq "report --follow - exit" 2 "$rc"
grep -q "stdin cannot be followed" "$work/err" || fail "report --follow -: $(cat "$work/err")"
rc=0; "$bin" count --follow --by path "$work" 2>"$work/err" || rc=$?
check_eq "count --follow --by path exit" 2 "$rc"
rc=0; "$bin" report --follow -o "$work/pipe/logs/r.html" "$work/pipe/logs" 2>"$work/err" || rc=$?
check_eq "report --follow -o inside the followed directory exit" 2 "$rc"
grep -q "would be read as a log" "$work/err" || fail "-o inside: $(cat "$work/err")"
echo "query_follow: ok"
