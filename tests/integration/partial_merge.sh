#!/usr/bin/env bash
# --emit-partial of two halves of a dataset + `logmill merge` == one direct
# run over all of it; partials of another query are refused (exit 2, naming
# the file and what differs); a truncated partial is an error naming it
# (exit 1, the other partials still merged, as for an unreadable log).
source "$(dirname "$0")/lib.bash"

data=$work/logs
"$bin" gen "$data" --files 6 --lines 3000 --seed 3 2>/dev/null
cp "$(dirname "$0")"/../data/*.log "$data/"
mapfile -t files < <(find "$data" -type f -not -name '.*' | sort)
half=$((${#files[@]} / 2))
first=("${files[@]:0:half}")
second=("${files[@]:half}")
((${#first[@]} > 0 && ${#second[@]} > 0)) || fail "dataset did not split"

cases=(
  "robots"
  "count --by status"
  "count --by host,status"
  "count --by path --where status>=400"
  "count"
  "count --by status --agg count,sum(bytes),p90(bytes),distinct(host)"
  "top --by host --agg sum(bytes),max(bytes) --bucket 1d -n 5"
)
# report, where this build has it (a GoAccess-style report in JSON).
if "$bin" report --help >/dev/null 2>&1; then cases+=("report --format json"); fi
for c in "${cases[@]}"; do
  read -ra args <<<"$c"
  "$bin" "${args[@]}" --emit-partial "$work/a.lmp" "${first[@]}"
  "$bin" "${args[@]}" --pool thread --emit-partial "$work/b.lmp" "${second[@]}"
  want=$("$bin" "${args[@]}" "$data")
  got=$("$bin" merge "${args[@]}" "$work/a.lmp" "$work/b.lmp")
  [ "$want" == "$got" ] || fail "$c: merge differs: $(diff <(echo "$want") <(echo "$got") | head -5)"
done

# top: -n and --format only shape the output, so any -n merges.
"$bin" top --by path -n 3 --emit-partial "$work/a.lmp" "${first[@]}"
"$bin" top --by path -n 3 --emit-partial "$work/b.lmp" "${second[@]}"
check_eq "top -n 7 --format json from -n 3 partials" \
  "$("$bin" top --by path -n 7 --format json "$data")" \
  "$("$bin" merge top --by path -n 7 --format json "$work/a.lmp" "$work/b.lmp")"

# Merges stack: a merge can emit a partial for a later merge.
"$bin" count --by status --emit-partial "$work/a.lmp" "${first[@]}"
"$bin" count --by status --emit-partial "$work/b.lmp" "${second[@]}"
"$bin" merge count --by status --emit-partial "$work/ab.lmp" "$work/a.lmp" "$work/b.lmp"
check_eq "stacked merge" "$("$bin" count --by status "$data")" \
  "$("$bin" merge count --by status "$work/ab.lmp")"

# Another query: exit 2, nothing on stdout, the file and the difference named.
"$bin" count --by host --emit-partial "$work/host.lmp" "${second[@]}"
expect_exit mismatch 2 "$bin" merge count --by status "$work/a.lmp" "$work/host.lmp"
check_eq "mismatch stdout" "" "$(cat "$work/out")"
expect_stderr mismatch "$work/host.lmp: partial of \"count --by host\", cannot merge it as \"count --by status\": --by is 'host' in the file, 'status' on the command line"
expect_exit "command mismatch" 2 "$bin" merge top --by status "$work/a.lmp"
expect_stderr "command mismatch" "the command is 'count' in the file, 'top' on the command line"

"$bin" count --by status --agg "count,p90(bytes)" --emit-partial "$work/agg.lmp" "${second[@]}"
expect_exit "--agg mismatch" 2 "$bin" merge count --by status "$work/a.lmp" "$work/agg.lmp"
expect_stderr "--agg mismatch" "--agg is 'count,p90(bytes)' in the file, (none) on the command line"

# A truncated partial: named, exit 1, the other partial still printed.
size=$(stat -c %s "$work/b.lmp")
head -c $((size - 7)) "$work/b.lmp" >"$work/cut.lmp"
expect_exit truncated 1 "$bin" merge count --by status "$work/a.lmp" "$work/cut.lmp"
expect_stderr truncated "logmill: $work/cut.lmp: truncated or corrupt partial file"
check_eq "the intact half still merged" "$("$bin" count --by status "${first[@]}")" "$(cat "$work/out")"

# Errors recorded in a partial travel with it: printed by merge, exit 1.
expect_exit "emit with a missing input" 1 \
  "$bin" count --by status --emit-partial "$work/miss.lmp" "$work/no-such.log" "${first[@]}"
expect_exit "merge of a partial with an error" 1 "$bin" merge count --by status "$work/miss.lmp" "$work/b.lmp"
check_eq "recorded error printed once" 1 "$(grep -c "cannot open '$work/no-such.log'" "$work/err")"

# Not a partial file at all; grep has no partial.
expect_exit "a log given to merge" 1 "$bin" merge count --by status "${first[0]}"
expect_stderr "log given to merge" "not a logmill partial file"
expect_exit "grep --emit-partial is a usage error" 2 \
  "$bin" grep --where "status >= 500" --emit-partial "$work/g.lmp" "$data"
echo "partial_merge: ok"
