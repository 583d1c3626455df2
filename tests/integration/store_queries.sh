#!/usr/bin/env bash
# `count` and `top` from a store: for every field a store can group by, alone
# and with date/weekday, over open and closed date ranges, the output equals
# a direct run over the same lines (also for lines with no time or no status,
# and malformed ones). Fields the store cannot answer exactly, --agg and
# --where are refused (exit 2, naming the field), never approximated.
source "$(dirname "$0")/lib.bash"
data=$(cd "$(dirname "$0")/../data" && pwd)
src=$data/elastic-apache-combined-2015.log  # 10000 lines over 4 days
db=$work/web.db
mkdir "$work/logs"
head -n 6000 "$src" >"$work/logs/access.log.1"
gzip -9 "$work/logs/access.log.1"
sed -n 6001,8000p "$src" >"$work/logs/access.log"
"$bin" ingest --store "$db" "$work/logs" || fail "ingest failed"
tail -n +8001 "$src" >>"$work/logs/access.log"  # days stored already get parts
"$bin" ingest --store "$db" "$work/logs" || fail "second ingest failed"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM day_part')" -gt 0 ] || fail "no day has a part"

expect_empty=0
direct=()  # extra arguments of the direct run
same() {  # same DB PATH ARGS...: store and direct outputs equal
  local store=$1 path=$2
  shift 2
  local a b
  a=$("$bin" "$@" --store "$store" --format tsv)
  b=$("$bin" "$@" "${direct[@]}" "$path" --format tsv)
  [ -n "$a" ] || [ "$expect_empty" == 1 ] || fail "no output from the store for: $*"
  [ "$a" == "$b" ] || fail "store and direct run differ for: $* ($(diff <(echo "$a") <(echo "$b") | head -5))"
}
for by in "" date weekday hour status status_class host browser date,hour hour,date \
  weekday,status date,weekday,browser status_class,date; do
  for range in "" "--from 2015-05-18" "--to 2015-05-18" "--from 2015-05-18 --to 2015-05-19" \
    "--from 2015-06-01"; do
    expect_empty=0
    [[ "$range" == "--from 2015-06-01" && -n "$by" ]] && expect_empty=1  # no day in range
    # shellcheck disable=SC2086
    same "$db" "$work/logs" count ${by:+--by $by} $range
  done
done
expect_empty=0
for by in date hour status status_class host browser date,hour weekday,host; do
  for range in "" "--from 2015-05-18 --to 2015-05-19"; do
    # shellcheck disable=SC2086
    same "$db" "$work/logs" count --by $by $range
    # shellcheck disable=SC2086
    same "$db" "$work/logs" top --by $by -n 5 $range
  done
done

# A format with no time and an optional status: lines with no date, hour or
# status, and a malformed line, count as a direct run counts them.
fmt='%h "%r" %>s'
printf '1.1.1.1 "GET /a HTTP/1.1" 200\n2.2.2.2 "GET /b HTTP/1.1" 404\ngarbage\n' >"$work/notime.log"
"$bin" ingest --store "$work/notime.db" --log-format "$fmt" "$work/notime.log"
for by in "" date hour weekday status status_class host browser date,status; do
  direct=(--log-format "$fmt")
  # shellcheck disable=SC2086
  same "$work/notime.db" "$work/notime.log" count ${by:+--by $by}
done

refused() {  # refused WHAT EXPECTED-STDERR ARGS...
  local what=$1 want=$2
  shift 2
  local rc=0
  "$bin" "$@" 2>"$work/err" >/dev/null || rc=$?
  check_eq "$what: exit" 2 "$rc"
  grep -qF -- "$want" "$work/err" || fail "$what: stderr: $(cat "$work/err")"
}
refused "path" "--by: a store cannot group by 'path'" count --by path --store "$db"
refused "os" "--by: a store cannot group by 'os'" top --by os --store "$db"
refused "referrer" "a store cannot group by 'referrer'" count --by date,referrer --store "$db"
refused "two panels" "cannot group by both 'host' and 'status'" count --by host,status --store "$db"
refused "agg" "--agg and --bucket cannot be used with --store" count --agg 'sum(bytes)' --store "$db"
refused "where" "--where cannot be used with --store" count --where 'status = 200' --store "$db"
refused "path and store" "--store reads no log" top --by host --store "$db" "$work/logs"
rc=0
"$bin" count --by host --store "$work/missing.db" 2>"$work/err" || rc=$?
check_eq "missing store: exit" 1 "$rc"
grep -qF "missing.db" "$work/err" || fail "missing store: $(cat "$work/err")"
echo "store_queries: ok"
