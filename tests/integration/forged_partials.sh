#!/usr/bin/env bash
# `logmill merge` reads partials other machines wrote: a forged file cannot
# drive memory past a small multiple of its size, wrap a count, or be merged
# twice under another name.
source "$(dirname "$0")/lib.bash"

here=$(dirname "$0")
log=$here/../data/elastic-apache-combined-2015.log
"$bin" count --by status --emit-partial "$work/real.lmp" "$log"
want=$("$bin" count --by status "$log")

# Memory: ~10 MB of empty aggregate rows, refused within 20x its size.
python3 "$here/forged_partials.py" slots "$work/real.lmp" "$work/slots.lmp"
size=$(stat -c %s "$work/slots.lmp")
read -r rc peak_kb < <(python3 - "$bin" "$work/slots.lmp" <<'PY'
import resource, subprocess, sys
rc = subprocess.run([sys.argv[1], "merge", "count", "--by", "status", sys.argv[2]],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
check_eq "forged slots exit" 1 "$rc"
# Sanitizer builds (ASan's shadow memory and quarantine) cannot be held to
# the release build's memory figure; they still check the exit and message.
if ! sanitized_build; then
  ((peak_kb * 1024 < 20 * size)) || fail "peak RSS ${peak_kb} KB for a ${size}-byte partial"
fi

# A count that would wrap: exit 1 naming the file, nothing printed.
python3 "$here/forged_partials.py" overflow "$work/real.lmp" "$work/huge.lmp"
expect_exit overflow 1 "$bin" merge count --by status "$work/real.lmp" "$work/huge.lmp"
check_eq "overflow stdout" "" "$(cat "$work/out")"
expect_stderr overflow "logmill: $work/huge.lmp: corrupt partial file: a count passes 2^64-1"

# One partial under two names: merged once, both names in the message.
ln "$work/real.lmp" "$work/link.lmp"
cp "$work/real.lmp" "$work/copy.lmp"
expect_exit duplicates 1 "$bin" merge count --by status "$work/real.lmp" "$work/link.lmp" "$work/copy.lmp"
check_eq "duplicates merged once" "$want" "$(cat "$work/out")"
grep -qF "$work/link.lmp: the same file as $work/real.lmp (same device and inode); merged once" \
  "$work/err" || fail "hard link message: $(cat "$work/err")"
grep -qF "$work/copy.lmp: the same content as $work/real.lmp; merged once" "$work/err" ||
  fail "copy message: $(cat "$work/err")"
echo "forged_partials: ok"
