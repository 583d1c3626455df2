#!/bin/sh
# Writes logmill(1) from the built binary's --help output, so the page cannot
# drift from the CLI: help2man reads this script's --help, which is the
# top-level help followed by every command's own (options and examples), and
# adds docs/man/logmill.h2m (fields, where language, escaping, exit status).
#
#   docs/man/make-man.sh BIN OUT.1    (the build runs this; help2man calls
#                                      this script back with --help/--version)
set -eu
here=$(cd "$(dirname "$0")" && pwd)

# The command paths under `logmill PATH... --help`'s "Subcommands:" list.
subcommands() {
  "$LOGMILL_BIN" "$@" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# Every visible command path, parents first: "robots", ..., "merge", "merge count".
commandPaths() {
  for c in $(subcommands); do
    echo "$c"
    for s in $(subcommands "$c"); do echo "$c $s"; done
  done
}

# One command's help as a man subsection: its usage line is the heading, the
# rest indented so help2man keeps it inside the COMMANDS section.
commandHelp() {
  # shellcheck disable=SC2086  # the path splits into words on purpose
  # CLI11's "Positionals:"/"Options:" labels go (help2man would start its
  # OPTIONS section); an example's "$ " line is indented past its "#" line
  # so help2man sets it apart, in a fixed font.
  "$LOGMILL_BIN" $1 --help | awk '
    NR == 1 { description = $0; next }
    /^Usage: / { sub(/^Usage: /, ""); print $0 ":"; print "  " description; next }
    /^(Positionals|Options):$/ { next }
    /^  \$ / { print "      " substr($0, 3); next }
    /^  # / { print "    " substr($0, 5); next }
    /^$/ { print; next }
    { print "  " $0 }'
  echo
}

helpText() {
  paths=$(commandPaths)
  first=1
  echo "$paths" | while read -r p; do
    usage=$("$LOGMILL_BIN" $p --help | sed -n 's/^Usage: //p')
    case "$usage" in *SUBCOMMAND) continue ;; esac  # merge: its commands have their own lines
    if [ "$first" = 1 ]; then echo "Usage: $usage"; first=0; else echo "  or:  $usage"; fi
  done
  echo
  "$LOGMILL_BIN" --help | sed -n '/^Options:/,/^$/p'
  echo "*Commands*"
  echo "$paths" | while read -r p; do commandHelp "$p"; done
}

case "${1-}" in
  --help) helpText ;;
  --version) "$LOGMILL_BIN" --version ;;
  *)
    [ $# -eq 2 ] || { echo "usage: $0 BIN OUT.1" >&2; exit 2; }
    LOGMILL_BIN=$1
    export LOGMILL_BIN
    help2man --no-info --section=1 --manual="User Commands" \
      --name="batch analysis of web-server access logs" \
      --include="$here/logmill.h2m" --output="$2.tmp" "$here/make-man.sh"
    # help2man keeps a subsection heading's trailing colon; the usage line reads better without.
    sed 's/^\(\.SS ".*\):"$/\1"/' "$2.tmp" >"$2"
    rm -f "$2.tmp"
    ;;
esac
