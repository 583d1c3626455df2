#!/usr/bin/env bash
# `logmill bench` times every variant, checks every answer against serial,
# writes JSON with all rows and well-formed SVG, and exits 1 when a variant's
# output is wrong (LOGMILL_BENCH_CORRUPT makes one wrong on purpose).
source "$(dirname "$0")/lib.bash"
"$bin" gen "$work/logs" --files 3 --lines 5000 2>/dev/null
logs=$work/logs
export LOGMILL_BASELINES=$(cd "$(dirname "$0")/../../bench/baselines" && pwd)

# Rows this machine should have: logmill's, plus each baseline whose tools exist.
expected="serial thread-j1 thread-j2 process-j1 process-j2"
command -v python3 >/dev/null && expected+=" python-serial python-pool-j2"
command -v zcat >/dev/null && command -v mawk >/dev/null && expected+=" zcat-mawk-sort"
for tool in gzip igzip pigz; do command -v $tool >/dev/null && expected+=" $tool-dc"; done

rows() {  # rows JSON: "variant:ok" per row, space-separated, in report order
  python3 -c "import json,sys; print(' '.join(f\"{r['variant']}:{r['ok']}\" for r in json.load(open(sys.argv[1]))['rows']))" "$1"
}

# A clean run: exit 0, every expected row present and ok, table on stdout.
"$bin" bench --runs 1 --jobs 1,2 --json "$work/out.json" --svg "$work/out.svg" "$logs" \
  > "$work/table" 2> "$work/stderr" || fail "bench exited $?: $(cat "$work/stderr")"
check_eq "rows" "$(for v in $expected; do printf '%s:True ' "$v"; done | sed 's/ $//')" "$(rows "$work/out.json")"
grep -q '^variant  *jobs  *median s  *min s  *max s  *MB/s  *speed-up  *peak RSS MB' "$work/table" \
  || fail "table header missing: $(head -5 "$work/table")"
grep -q '^process-j2  *2 .* ok$' "$work/table" || fail "no ok process-j2 row in the table"
nfiles=$(find "$logs" -type f -not -name '.*' | wc -l)  # what logmill reads (hidden files skipped)
python3 - "$work/out.json" "$nfiles" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True and d["runs"] == 1 and d["query"] == "robots", d
assert d["machine"]["cores"] >= 1 and d["machine"]["cpu"] and d["machine"]["date"], d["machine"]
assert d["text_bytes"] > d["input_bytes"] > 0 and d["files"] == int(sys.argv[2]), d
for r in d["rows"]:
    assert len(r["seconds"]) == 1 and r["median_s"] > 0 and r["mb_per_s"] > 0, r
    assert r["peak_rss_mb"] > 0, r
serial = next(r for r in d["rows"] if r["variant"] == "serial")
assert serial["speedup"] == 1.0, serial
# The targets are ratios of this run's rows, each with its verdict.
names = [t["name"] for t in d["targets"]]
assert "largest logmill process, peak RSS MB" in names, names
assert "process-j1 time / process-j2 time" in names, names
for t in d["targets"]:
    assert t["comparison"] in ("<=", ">=") and t["value"] > 0, t
    assert t["met"] == (t["value"] <= t["goal"] if t["comparison"] == "<=" else t["value"] >= t["goal"]), t
PY
grep -q '^targets (ratios of medians in this run):' "$work/table" || fail "no targets in the table"
python3 -c "import sys, xml.etree.ElementTree as ET; r = ET.parse(sys.argv[1]).getroot(); \
assert r.tag.endswith('svg') and len(r.findall('{http://www.w3.org/2000/svg}polyline')) == 2" "$work/out.svg" \
  || fail "SVG is not well-formed or lacks the two pool lines"

# A wrong answer from one variant fails the command and is marked in the JSON.
for victim in process-j2 zcat-mawk-sort; do
  [[ " $expected " == *" $victim "* ]] || continue
  rc=0
  LOGMILL_BENCH_CORRUPT=$victim "$bin" bench --runs 1 --jobs 1,2 --json "$work/bad.json" "$logs" \
    > "$work/table" 2>/dev/null || rc=$?
  check_eq "exit status with $victim corrupted" 1 "$rc"
  check_eq "rows with $victim corrupted" \
    "$(for v in $expected; do [ "$v" == "$victim" ] && printf '%s:False ' "$v" || printf '%s:True ' "$v"; done | sed 's/ $//')" \
    "$(rows "$work/bad.json")"
  grep -q "^$victim .*FAILED: output differs from serial" "$work/table" || fail "table does not mark $victim FAILED"
done

# Other queries: logmill rows plus inflate floors only; stdin is refused.
"$bin" bench --runs 1 --jobs 2 --query top-path --json "$work/top.json" "$logs" >/dev/null 2>&1 \
  || fail "bench --query top-path failed"
floors=""; for tool in gzip igzip pigz; do command -v $tool >/dev/null && floors+=" $tool-dc:True"; done
check_eq "top-path rows" "serial:True thread-j2:True process-j2:True$floors" "$(rows "$work/top.json")"
# -j with a list, then the directory: the directory is not a worker count.
"$bin" bench --runs 1 -j 1,2 --no-baselines --json "$work/list.json" "$logs" >/dev/null 2>&1 \
  || fail "bench -j 1,2 DIR failed"
check_eq "-j 1,2 rows" "serial:True thread-j1:True thread-j2:True process-j1:True process-j2:True" \
  "$(rows "$work/list.json")"
# report: every pool's report equals serial's; GoAccess is the baseline.
"$bin" bench --runs 1 --jobs 2 --query report --json "$work/report.json" "$logs" >/dev/null 2>&1 \
  || fail "bench --query report failed"
goaccess=""; command -v goaccess >/dev/null && goaccess=" goaccess:True"
check_eq "report rows" "serial:True thread-j2:True process-j2:True$goaccess$floors" "$(rows "$work/report.json")"
rc=0; "$bin" bench --runs 1 - < /dev/null >/dev/null 2>&1 || rc=$?
check_eq "bench on stdin" 2 "$rc"
echo "bench command: ok"
