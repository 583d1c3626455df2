#!/usr/bin/env bash
# One big single-member gzip (logrotate's shape). The first run builds its
# checkpoint index as a by-product; later runs split it into range tasks.
# Every pool and -j gives byte-identical output with and without the index,
# a worker killed mid-range changes nothing, a stale index is one warning,
# and damage mid-file reports the lines before it with the same error text,
# indexed or not.
source "$(dirname "$0")/lib.bash"
export XDG_CACHE_HOME=$work/xdg  # never the user's own cache
"$bin" gen "$work/g" --files 2 --lines 60000 --seed 5 2>/dev/null
big=$work/big.gz
zcat "$work"/g/*.gz | gzip -6 > "$big"  # ~20 MB of text, one member
cache=$work/cache
idx=(--index-dir "$cache" --split-size 2M)
stats_of() { "$bin" "$@" --stats 2>&1 >/dev/null; }

cmds=("robots" "count --by status" "top --by path -n 25" "report --format json -n 25"
      "count --by status --agg 'count,sum(bytes),distinct(host),p95(bytes)'" "grep --where 'status >= 500'")
for i in "${!cmds[@]}"; do
  eval "\"\$bin\" ${cmds[i]} --pool serial --no-index \"\$big\"" > "$work/want.$i"
done

# First read: one whole task, which leaves the index behind.
stats=$(stats_of count --by status -j 2 "${idx[@]}" "$big")
grep -q '^index' <<<"$stats" && fail "the first read used an index: $stats"
ls "$cache"/*.gzidx >/dev/null 2>&1 || fail "the first read left no index in $cache"
"$bin" index --check --index-dir "$cache" "$big" > "$work/check" || fail "index --check refused it"
grep -q "^ok $big: [0-9]* checkpoints$" "$work/check" || fail "index --check said: $(cat "$work/check")"

# Indexed runs: split, and byte-identical to the serial run without an index.
for i in "${!cmds[@]}"; do
  for pool in serial thread process; do
    for j in 1 2; do
      eval "\"\$bin\" ${cmds[i]} --pool $pool -j $j \"\${idx[@]}\" \"\$big\"" > "$work/got" 2> "$work/err" ||
        fail "${cmds[i]} --pool $pool -j $j exited $?: $(cat "$work/err")"
      [[ ! -s $work/err ]] || fail "stderr from ${cmds[i]} --pool $pool -j $j: $(cat "$work/err")"
      cmp -s "$work/want.$i" "$work/got" || fail "${cmds[i]} --pool $pool -j $j differs with the index"
    done
  done
done
stats=$(stats_of count --by status --pool process -j 2 "${idx[@]}" "$big")
grep -q '^index      1 gzip file split by an index$' <<<"$stats" || fail "no index line: $stats"
for w in 0 1; do
  grep -Eq "^worker $w +[1-9][0-9]* tasks" <<<"$stats" || fail "worker $w had no range task: $stats"
done

# A worker SIGKILLed in the middle of a range task: re-run, same answer.
LOGMILL_TEST_CRASH_WORKER=0 LOGMILL_TEST_CRASH_AFTER_LINES=10000 \
  "$bin" report --format json -n 25 --pool process -j 2 --stats "${idx[@]}" "$big" > "$work/got" 2> "$work/err" ||
  fail "crash run exited $?"
cmp -s "$work/want.3" "$work/got" || fail "a worker killed mid-range changed the report"
grep -q "restarts" "$work/err" || fail "the crash hook did not fire: $(cat "$work/err")"

# --no-index neither reads the index nor warns.
stats=$(stats_of count --by status --no-index --split-size 2M "$big")
grep -q '^index' <<<"$stats" && fail "--no-index used the index"

# A stale index (the file touched): one warning naming the file and why, the
# same answer, and the index is rebuilt.
touch -d '2001-01-01' "$big"
"$bin" count --by status -j 2 "${idx[@]}" "$big" > "$work/got" 2> "$work/err"
cmp -s "$work/want.1" "$work/got" || fail "a stale index changed the answer"
check_eq "stale warning lines" 1 "$(wc -l < "$work/err")"
grep -q "^logmill: warning: $big: ignoring its gzip index: stale: " "$work/err" ||
  fail "stale warning: $(cat "$work/err")"
"$bin" index --check --index-dir "$cache" "$big" >/dev/null || fail "the stale index was not rebuilt"

# A damaged index file: one warning, the same answer.
for f in "$cache"/*.gzidx; do printf 'XXXX' | dd of="$f" bs=1 seek=200 conv=notrunc status=none; done
"$bin" count --by status -j 2 "${idx[@]}" "$big" > "$work/got" 2> "$work/err"
cmp -s "$work/want.1" "$work/got" || fail "a corrupt index changed the answer"
grep -q "^logmill: warning: $big: ignoring its gzip index: corrupt" "$work/err" ||
  fail "corrupt warning: $(cat "$work/err")"
"$bin" index --check --index-dir "$cache" "$big" >/dev/null || fail "the corrupt index was not rebuilt"

# Damaged gzip files: copies of the big one, indexed first.
dmg=$work/dmg.gz
run_damaged() {  # run_damaged NAME ARGS...: grep every line; out, err, rc in $work/NAME.*
  local name=$1
  shift
  set +e
  "$bin" grep --where 'status >= 0' "$@" "$dmg" > "$work/$name.out" 2> "$work/$name.err"
  echo $? > "$work/$name.rc"
  set -e
}
# Truncated mid-file: the index no longer matches (one warning), and the
# run gives every line before the cut and the same error as without it.
cp -p "$big" "$dmg"
"$bin" index --index-dir "$cache" "$dmg" > /dev/null
truncate -s $(($(stat -c %s "$dmg") * 6 / 10)) "$dmg"
run_damaged plain --no-index
run_damaged indexed -j 2 "${idx[@]}"
check_eq "truncated: exit (no index)" 1 "$(cat "$work/plain.rc")"
check_eq "truncated: exit (indexed)" 1 "$(cat "$work/indexed.rc")"
grep -q "^logmill: $dmg: truncated gzip stream at byte [0-9]*$" "$work/plain.err" ||
  fail "truncated: $(cat "$work/plain.err")"
check_eq "truncated: error" "$(cat "$work/plain.err")" "$(grep -v '^logmill: warning: ' "$work/indexed.err")"
check_eq "truncated: warnings" 1 "$(grep -c "^logmill: warning: $dmg: ignoring its gzip index: stale: " "$work/indexed.err")"
cmp -s "$work/plain.out" "$work/indexed.out" || fail "truncated: the lines differ"
# Zeros written over the middle, in place (size, mtime and both ends kept,
# so the index still matches): they inflate without an error and only the
# CRC sees them. Indexed, the range that holds them says so at its next
# checkpoint instead of at the end of the file: never passed silently.
cp -p "$big" "$dmg"
"$bin" index --index-dir "$cache" "$dmg" > /dev/null
head -c 4096 /dev/zero | dd of="$dmg" bs=1 seek=$(($(stat -c %s "$dmg") / 2)) conv=notrunc status=none
touch -r "$big" "$dmg"
"$bin" index --check --index-dir "$cache" "$dmg" > /dev/null 2>&1 || fail "zeros: the index no longer matches"
run_damaged plain --no-index
run_damaged indexed -j 2 "${idx[@]}"
check_eq "zeros: exit (no index)" 1 "$(cat "$work/plain.rc")"
check_eq "zeros: exit (indexed)" 1 "$(cat "$work/indexed.rc")"
for run in plain indexed; do
  grep -q "^logmill: $dmg: corrupt gzip data at byte [0-9]* (incorrect data check)$" "$work/$run.err" ||
    fail "zeros: $run error: $(cat "$work/$run.err")"
done
echo "bigfile index: ok"
