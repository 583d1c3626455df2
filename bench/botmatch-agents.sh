#!/usr/bin/env bash
# The distinct user agents bench_botmatch matches: those `logmill gen` writes
# (with crawlers) plus those of every fixture under tests/data, one a line,
# JSON-unescaped (agents holding a newline are left out).
# Usage: bench/botmatch-agents.sh LOGMILL OUT
set -euo pipefail
logmill=$1 out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$logmill" gen "$tmp/gen" --files 2 --lines 20000 --gzip-level 1 --robots-percent 10 >/dev/null 2>&1
here=$(cd "$(dirname "$0")/.." && pwd)
for input in "$tmp/gen" "$here"/tests/data/*.log "$here"/tests/data/formats/*.log \
             "$here"/tests/data/bots/*.log; do
  "$logmill" count --pool serial --no-progress --format json --by agent \
    "$input" 2>/dev/null || true
done | python3 -c '
import json, sys
seen = set()
for line in sys.stdin:
    try:
        agent = json.loads(line).get("agent")
    except (ValueError, AttributeError):
        continue
    if isinstance(agent, str) and "\n" not in agent and agent not in seen:
        seen.add(agent)
        print(agent)
' > "$out"
wc -l < "$out"
