#!/bin/sh
# The Miller peer of `logmill bench`: zcat | mlr, each line one field that a
# regex splits as logmill's combined/common parser would; prints logmill's TSV.
#   miller.sh QUERY FILE...   QUERY: count-status | top-path | top-path-bytes | distinct-hosts
set -eu
query=$1
shift
# host ident user [time] "request" status bytes ["referrer" "agent"]; quoted
# fields may hold \" and \\. A line that does not match is dropped (by a
# filter verb: Miller 6.6 keeps dropping every later record after one
# `filter false` inside put).
parse='
  if ($1 =~ "^([^ ]+) [^ ]+ [^ ]+ \[[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}\] \"((?:[^\"\\]|\\.)*)\" ([0-9]{3}) ([0-9]+|-)(?: \"(?:[^\"\\]|\\.)*\" \"(?:[^\"\\]|\\.)*\")?$") {
    $* = {"host": "\1", "request": "\2", "status": "\3", "bytes": "\4"};
    $bytes = $bytes == "-" ? "" : int($bytes);
    if ($request =~ "^[A-Z_-]{1,32} (.*)$") {
      $path = sub("\1", " [A-Z]+/[0-9.]+$", "");
    } else {
      $path = $request;
    }
    $n = 1;
  } else {
    $* = {"skip": 1};
  }'
case $query in
  count-status) verbs="count -g status then sort -f status" ;;
  top-path) verbs="count -g path -o n then sort -nr n -f path then head -n 10" ;;
  top-path-bytes)
    verbs="stats1 -a sum -f n,bytes -g path then sort -nr n_sum -f path then head -n 10" ;;
  distinct-hosts) verbs="count-distinct -f host then count" ;;
  *) echo "miller.sh: unknown query '$query'" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086  # $verbs is a list of words on purpose
zcat -- "$@" | mlr --inidx --ifs ascii_null --otsv --headerless-tsv-output \
  put "$parse" then filter 'is_absent($skip)' then $verbs
