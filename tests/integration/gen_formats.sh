#!/usr/bin/env bash
# `logmill gen --log-format X` writes the same requests in every format: one
# answer key, reproduced by each format under its preset and under auto, by
# serial and process pools, and for a W3C file split into ranges.
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/combined" --files 2 --lines 8000 --seed 11 2>/dev/null
key=$(answer_key "$work/combined")
status_counts=$(key_field "$key" "'\n'.join(f'{s}\t{n}' for s, n in sorted(k['status_counts'].items(), key=lambda x: int(x[0])))")
top_paths=$(key_field "$key" "'\n'.join(f'{p}\t{n}' for p, n in k['top_paths'])")
stats_line="lines      $(key_field "$key" "k['lines']") ($(key_field "$key" "k['parsed']") parsed, $(key_field "$key" "k['malformed']") malformed)"

for format in alb elb s3 cloudfront w3c haproxy json; do
  logs=$work/$format
  "$bin" gen "$logs" --files 2 --lines 8000 --seed 11 --log-format "$format" 2>/dev/null
  cmp -s "$work/combined/.answer-key.json" "$logs/.answer-key.json" || fail "$format: another answer key"
  ! cmp -s "$work/combined/access-000.log.gz" "$logs/access-000.log.gz" || fail "$format: combined bytes"
  for spec in "$format" auto; do
    check_eq "$format ($spec) status counts" "$status_counts" \
      "$("$bin" count --by status --log-format "$spec" --pool serial "$logs")"
    check_eq "$format ($spec) top paths" "$top_paths" \
      "$("$bin" top --by path -n 10 --log-format "$spec" --pool process -j 2 "$logs")"
    stats=$("$bin" count --log-format "$spec" --pool serial --stats "$logs" 2>&1 >/dev/null)
    check_eq "$format ($spec) stats lines" "$stats_line" "$(grep '^lines' <<<"$stats")"
  done
  "$bin" robots --pool serial "$logs" > "$work/robots"
  check_eq "$format robots sha256" "$(key_field "$key" "k['robots_sha256']")" \
    "$(sha256sum < "$work/robots" | cut -d' ' -f1)"
done

# A W3C file cut into ranges: each range reads the file's #Fields: header.
zcat "$work/w3c/access-000.log.gz" > "$work/w3c-plain.log"
check_eq "w3c split in ranges" \
  "$("$bin" count --by status --pool serial "$work/w3c-plain.log")" \
  "$("$bin" count --by status --pool process -j 2 --split-size 64KiB "$work/w3c-plain.log")"
echo "gen --log-format: one answer key in every format: ok"
