#!/usr/bin/env bash
# Renders `logmill report --format html` headless and saves a PNG, to look at
# the page the way a browser shows it. For humans; installs nothing (needs
# /usr/bin/chromium: `apt-get install chromium`).
#
#   scripts/screenshot-report.sh [LOGMILL] [OUT.png] [PATH...]
#
# Defaults: build/logmill, report.png, and a generated 2 x 20000-line dataset.
set -euo pipefail
bin=${1:-build/logmill}
out=${2:-report.png}
shift $(($# < 2 ? $# : 2))
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "no $chromium: apt-get install chromium" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if (($# == 0)); then
  "$bin" gen "$work/logs" --files 2 --lines 20000 2>/dev/null
  set -- "$work/logs"
fi
"$bin" report --format html "$@" > "$work/report.html"
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --user-data-dir="$work/profile" \
  --screenshot="$work/shot.png" --window-size=1280,2000 "file://$work/report.html" 2>/dev/null
mv "$work/shot.png" "$out"
echo "wrote $out"
