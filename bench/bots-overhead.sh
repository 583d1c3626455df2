#!/usr/bin/env bash
# `report` with vs without bot classification, in interleaved rounds:
# BASE (a logmill built before the bot fields), NEW with the
# crawler-user-agents list, NEW with the built-in rules (LOGMILL_BOTS_LIST=).
# Serial pool, so CPU time (user+sys, /usr/bin/time) is the whole cost.
# Usage: bench/bots-overhead.sh BASE NEW LOGS [ROUNDS]; appends
# "variant wall user sys" lines to /tmp/bench-bots.raw.
set -euo pipefail
base=$1 new=$2 logs=$3 rounds=${4:-9}
for r in $(seq "$rounds"); do
  for v in base list builtin; do
    case $v in
      base) cmd=("$base" report --pool serial --format json "$logs"); env=();;
      list) cmd=("$new" report --pool serial --format json "$logs"); env=();;
      builtin) cmd=("$new" report --pool serial --format json "$logs"); env=(LOGMILL_BOTS_LIST=);;
    esac
    /usr/bin/time -f "$v %e %U %S" env "${env[@]}" "${cmd[@]}" >/dev/null 2>>/tmp/bench-bots.raw
  done
done
