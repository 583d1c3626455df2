#!/usr/bin/env bash
# A generated dataset's answer key is reproduced by every command, and every
# pool and -j gives byte-identical output.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 4 --lines 20000 --seed 7 2>/dev/null
key=$(answer_key "$work/logs")
logs=$work/logs

# robots: the sorted host list's size and SHA-256
"$bin" robots --pool serial "$logs" > "$work/robots"
check_eq "robots host count" "$(key_field "$key" "k['robots_hosts']")" "$(wc -l < "$work/robots")"
check_eq "robots sha256" "$(key_field "$key" "k['robots_sha256']")" "$(sha256sum < "$work/robots" | cut -d' ' -f1)"

# count --by status, total, malformed lines
check_eq "status counts" \
  "$(key_field "$key" "'\n'.join(f'{s}\t{n}' for s, n in sorted(k['status_counts'].items(), key=lambda x: int(x[0])))")" \
  "$("$bin" count --by status --pool serial "$logs")"
check_eq "total" "$(key_field "$key" "k['parsed']")" "$("$bin" count --pool serial "$logs")"
stats=$("$bin" count --pool serial --stats "$logs" 2>&1 >/dev/null)
check_eq "stats lines" "lines      $(key_field "$key" "k['lines']") ($(key_field "$key" "k['parsed']") parsed, $(key_field "$key" "k['malformed']") malformed)" \
  "$(grep '^lines' <<<"$stats")"

# top --by path -n 10
check_eq "top paths" "$(key_field "$key" "'\n'.join(f'{p}\t{n}' for p, n in k['top_paths'])")" \
  "$("$bin" top --by path -n 10 --pool serial "$logs")"

# every pool and -j agrees byte for byte with serial (sanitizer builds, ~20x
# slower, set LOGMILL_TEST_JOBS to a few of them)
for cmd in "robots" "count --by status" "top --by path -n 25" "count --by host,status --format json" \
           "count --by date,hour --where 'status >= 400'" "report --format json -n 25" \
           "report --format html" \
           "count --by status --agg 'count,sum(bytes),avg(bytes),distinct(host),p95(bytes)'" \
           "count --bucket 1h --by status_class --agg 'count,p50(bytes),p99(time),min(path)' --format json" \
           "top --by host -n 20 --agg 'distinct(path),p99(bytes),max(time)' --approx"; do
  eval "\"\$bin\" $cmd --pool serial \"\$logs\"" > "$work/serial"
  for pool in thread process; do
    for j in ${LOGMILL_TEST_JOBS:-1 2 3 4 5 6 7 8}; do
      eval "\"\$bin\" $cmd --pool $pool -j $j \"\$logs\"" > "$work/other" || fail "$cmd --pool $pool -j $j exited $?"
      cmp -s "$work/serial" "$work/other" || fail "$cmd: --pool $pool -j $j differs from serial"
    done
  done
done
# One input that cannot be split (stdin; a single-member gzip without an
# index): one producer fans its text out in blocks (a 4 MiB ring of 2 MiB
# blocks here, so ~6 blocks) and every pool and -j gives serial's bytes.
gzip -dc "$logs"/*.log.gz > "$work/all.log"
gzip -c "$work/all.log" > "$work/one.log.gz"
for cmd in "count --by status" "count --by host,status --format json" "report --format json -n 25" \
           "grep --where 'status >= 500'" \
           "count --bucket 1h --by status_class --agg 'count,p50(bytes),distinct(host)'"; do
  eval "\"\$bin\" $cmd --pool serial - < \"\$work/all.log\"" > "$work/serial"
  eval "\"\$bin\" $cmd --pool serial --no-index \"\$work/one.log.gz\"" > "$work/serial-gz"
  for pool in thread process; do
    for j in ${LOGMILL_TEST_JOBS:-1 2 3 4}; do
      opts="--pool $pool -j $j --ring-size 4MiB"
      eval "\"\$bin\" $cmd $opts - < \"\$work/all.log\"" > "$work/other" || fail "stdin $cmd $opts exited $?"
      cmp -s "$work/serial" "$work/other" || fail "stdin $cmd: $opts differs from serial"
      eval "\"\$bin\" $cmd $opts --no-index --split-size 1MiB \"\$work/one.log.gz\"" > "$work/other" ||
        fail "gzip $cmd $opts exited $?"
      cmp -s "$work/serial-gz" "$work/other" || fail "one gzip $cmd: $opts differs from serial"
    done
  done
done
for pool in thread process; do
  for input in "- < $work/all.log" "--no-index --split-size 1MiB $work/one.log.gz"; do
    stats=$(eval "\"\$bin\" count --pool $pool -j 2 --ring-size 4MiB --stats $input" 2>&1 >/dev/null)
    blocks=$(sed -n 's/^fan-out    1 input read by one producer, \([0-9]*\) blocks, .*/\1/p' <<<"$stats")
    [ "${blocks:-0}" -ge 5 ] || fail "$pool $input: not fanned out in blocks: $stats"
  done
done
# The fanned-out first read leaves the index behind; the next run splits by it.
"$bin" count --by status -j 2 --ring-size 4MiB --split-size 1MiB --index-dir "$work/idx" \
  "$work/one.log.gz" > "$work/first"
stats=$("$bin" count --by status -j 2 --split-size 1MiB --index-dir "$work/idx" --stats \
  "$work/one.log.gz" 2>&1 > "$work/second")
grep -q '^index      1 gzip file split by an index' <<<"$stats" || fail "no index after a fanned-out read: $stats"
cmp -s "$work/first" "$work/second" || fail "indexed run differs from the fanned-out one"
echo "answer key and pool equivalence: ok"
