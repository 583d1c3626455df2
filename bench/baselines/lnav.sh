#!/bin/sh
# The lnav peer of `logmill bench`: lnav headless (-n) over the gzip'd logs,
# one SQL query per bench query; prints logmill's TSV for the same query.
#   lnav.sh QUERY FILE...   QUERY: count-status | top-path | top-path-bytes | distinct-hosts
# lnav folds a line its access_log format cannot parse into the message
# before it, so the lines are taken from each message's raw text by a regex
# (one row per line, as logmill's combined/common parser would take it).
# The request is split by that regex too: lnav 0.11's regexp_replace()
# returns corrupted text.
set -eu
query=$1
shift
lines="(SELECT json_extract(m.content, '\$.host') AS host,
  json_extract(m.content, '\$.status') AS status,
  CASE json_extract(m.content, '\$.bytes') WHEN '-' THEN NULL
       ELSE CAST(json_extract(m.content, '\$.bytes') AS INTEGER) END AS bytes,
  ifnull(json_extract(m.content, '\$.p1'), json_extract(m.content, '\$.p2')) AS path
  FROM access_log, regexp_capture_into_json(access_log.log_raw_text,
    '(?m)^(?<host>\S+) \S+ \S+ \[\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] \"(?:[A-Z_-]{1,32} (?<p1>(?:[^\"\\\\]|\\\\.)*?)(?: [A-Z]+/[0-9.]+)?|(?<p2>(?:[^\"\\\\]|\\\\.)*))\" (?<status>\d{3}) (?<bytes>\d+|-)(?: \"(?:[^\"\\\\]|\\\\.)*\" \"(?:[^\"\\\\]|\\\\.)*\")?\$') AS m)"
# logmill's TSV rule for text cells: backslash, tab, newline and CR escaped.
tsv="replace(replace(replace(replace(path, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')"
case $query in
  count-status) sql="SELECT status || char(9) || count(*) FROM $lines GROUP BY status ORDER BY status" ;;
  top-path)
    sql="SELECT $tsv || char(9) || n FROM (SELECT path, count(*) AS n FROM $lines GROUP BY path
         ORDER BY n DESC, path LIMIT 10)" ;;
  top-path-bytes)
    sql="SELECT $tsv || char(9) || n || char(9) || ifnull(b, '') FROM (SELECT path, count(*) AS n,
         sum(bytes) AS b FROM $lines GROUP BY path ORDER BY n DESC, path LIMIT 10)" ;;
  distinct-hosts) sql="SELECT count(DISTINCT host) FROM $lines" ;;
  *) echo "lnav.sh: unknown query '$query'" >&2; exit 2 ;;
esac
exec lnav -n -c ";$(printf '%s' "$sql" | tr '\n' ' ')" -c ':write-raw-to -' "$@"
