#!/usr/bin/env bash
# Every example at the end of `logmill COMMAND --help` runs as shown (exit 0,
# output on stdout, nothing on stderr but --stats, gen and bench notes) in a
# directory holding a small logs/ from `logmill gen`, and every example
# appears in the man page the build wrote (share/man/logmill.1.gz beside the
# binary).
set -euo pipefail
bin=$(readlink -f "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "help_examples: $*" >&2; exit 1; }
man_page=$(dirname "$bin")/share/man/logmill.1.gz
[[ -s $man_page ]] || fail "no $man_page (the logmill_docs target writes it)"
# roff escapes '-' as '\-'; undo that to compare with --help
man_text=$(zcat "$man_page" | sed 's/\\-/-/g; s/\\e/\\/g; s/\\fR//g; s/\\f(CW//g')

mkdir "$work/bin"
ln -s "$bin" "$work/bin/logmill"
cd "$work"
"$bin" gen logs --files 3 --lines 2000 --seed 3 2>/dev/null

export XDG_CACHE_HOME=$work/cache  # `logmill index` writes there, not to the user's cache
paths=$(printf '%s\n' robots count top report grep merge index gen bench \
  "merge robots" "merge count" "merge top" "merge report")
ran=0
while read -r path; do
  # shellcheck disable=SC2086  # the path splits into words on purpose
  examples=$("$bin" $path --help | sed -n '/^Examples:/,$s/^  \$ //p')
  (($(wc -l <<<"$examples") >= 2)) || fail "'logmill $path --help' has fewer than 2 examples"
  while IFS= read -r example; do
    grep -Fq -- "$example" <<<"$man_text" || fail "the man page lacks: $example"
    PATH="$work/bin:$PATH" bash -c "$example" </dev/null >out 2>err || fail "failed: $example: $(cat err)"
    if [[ $path != gen && $path != bench && $example != *--stats* ]]; then
      [[ ! -s err ]] || fail "stderr from: $example: $(cat err)"
    fi
    [[ -s out || $example == *" -o "* || $example == *">"* || $example == *"--emit-partial"* ||
       $path == gen ]] || fail "no output from: $example"
    ran=$((ran + 1))
  done <<<"$examples"
done <<<"$paths"
[[ -s report.html && -s api.json && -s merged.html ]] || fail "an example's output file is missing"
echo "help_examples: ok ($ran examples ran)"
