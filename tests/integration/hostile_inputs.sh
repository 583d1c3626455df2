#!/usr/bin/env bash
# Hostile inputs (CTest label `corpus`): corrupt, truncated and bomb gzip,
# empty and binary files, NUL bytes, bad UTF-8 and Latin-1, a 100 MB line, an
# unreadable file, a read error, FIFOs, symlink loops, files deleted or
# truncated mid-read, 50,000 tiny files, names with spaces, newlines and
# non-ASCII. Under --pool serial and process, each must end with no crash,
# no hang, bounded memory, a per-file error naming what could not be read,
# the good files' results intact, and exit 1 when something was unreadable.
# LOGMILL_BOMB_GIB (default 10) sets the gzip bomb's inflated size in GiB.
# Scratch space next to the build (CTest runs us in build/tests), not in a
# /tmp that other jobs on the machine may sweep; it holds ~300 MB at most.
mkdir -p "$PWD/tmp" && export TMPDIR="$PWD/tmp"
source "$(dirname "$0")/lib.bash"
gen=$(cd "$(dirname "$0")" && pwd)/hostile_gen.py
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")  # we cd below
bomb_gib=${LOGMILL_BOMB_GIB:-10}
rss_cap_kb=$((200 * 1024))
cd "$work"

# run NAME TIMEOUT ARGS...: runs logmill with a time limit, recording exit
# status, stdout, stderr and the peak RSS of the coordinator and its workers
# (wait4 reports the largest of a process and its reaped descendants).
run() {
  local name=$1 limit=$2
  shift 2
  set +e
  /usr/bin/time -f %M -o "$work/$name.rss" timeout -k 5 "$limit" "$bin" "$@" \
    > "$work/$name.out" 2> "$work/$name.err"
  rc=$?
  set -e
  [ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "$name: hung (killed after $limit s): $(head -c 2000 "$work/$name.err")"
  [ $rc -lt 128 ] || fail "$name: died with signal $((rc - 128)): $(head -c 2000 "$work/$name.err")"
  local rss
  rss=$(tail -1 "$work/$name.rss")
  [ "$rss" -lt $rss_cap_kb ] || fail "$name: peak RSS ${rss} KB over the $((rss_cap_kb / 1024)) MB cap"
  echo "$name: exit $rc, peak RSS $((rss / 1024)) MB"
}
expect_err() {  # expect_err NAME PATTERN: stderr of run NAME has a line matching PATTERN
  grep -qE -- "$2" "$work/$1.err" || fail "$1: no error matching '$2' in: $(cat "$work/$1.err")"
}

# --- the good files, and their results alone -------------------------------
"$bin" gen "$work/good" --files 4 --lines 20000 --seed 11 2>/dev/null
"$bin" count --by host --pool serial "$work/good" > "$work/good.out"
[ "$(wc -l < "$work/good.out")" -gt 100 ] || fail "good run too small"

# --- a directory of good files mixed with hostile ones ---------------------
mixed=$work/mixed
mkdir -p "$mixed/sub"
cp "$work"/good/*.gz "$mixed/"
python3 "$gen" hostile "$mixed/sub"
ln -s .. "$mixed/sub/loop-up"          # a directory cycle
ln -s self-loop "$mixed/sub/self-loop"  # ELOOP
ln -s /proc/self/mem "$mixed/sub/read-error.log"  # opens, then EIO at byte 0
mkfifo "$mixed/sub/fifo.log"            # no writer: would block if opened
# A file that cannot be opened. chmod 000 does not stop root (CI runs as
# root), but a write-only sysfs attribute refuses a read open even to root.
unreadable=""
if [ "$(id -u)" -ne 0 ]; then
  echo x > "$mixed/sub/unreadable.log" && chmod 000 "$mixed/sub/unreadable.log"
  unreadable="$mixed/sub/unreadable.log"
else
  for f in /sys/bus/*/uevent /sys/module/*/uevent; do
    if [ -f "$f" ] && ! (exec 3< "$f") 2>/dev/null; then
      ln -s "$f" "$mixed/sub/unreadable.log"
      unreadable="$mixed/sub/unreadable.log"
      break
    fi
  done
fi
[ -n "$unreadable" ] || echo "SKIP: no file unreadable by uid $(id -u) found; unreadable case not run"

for pool in serial process; do
  name=mixed-$pool
  run $name 300 count --by host --pool $pool -j 2 --stats "$mixed"
  check_eq "$name exit" 1 $rc
  # Good files' results intact: the mixed output less hostile hosts is the
  # good run, line for line.
  grep -v '^hostile-' "$work/$name.out" > "$work/$name.good" || true
  cmp -s "$work/good.out" "$work/$name.good" || fail "$name: good files' results changed:
$(diff "$work/good.out" "$work/$name.good" | head -20)"
  # Readable hostile lines were counted as their bytes say.
  for host in hostile-nul hostile-nul2 hostile-latin1 hostile-after-long hostile-space \
    hostile-newline hostile-unicode hostile-dash hostile-dollar; do
    grep -qx "$host	1" "$work/$name.out" || fail "$name: $host not counted once: $(grep hostile "$work/$name.out")"
  done
  grep -qx "hostile-utf8	2" "$work/$name.out" || fail "$name: invalid UTF-8 lines not counted"
  # Lines before the damage in a corrupt gzip count (as `zcat` shows them),
  # and never more than the two damaged files hold.
  gz=$(awk -F'\t' '$1 == "hostile-gz" {print $2}' "$work/$name.out")
  [ "${gz:-0}" -le 100 ] || fail "$name: $gz lines from two damaged 50-line gzip files"
  # One clear error per unreadable file, naming it.
  expect_err $name "sub/bitflip\.log\.gz: corrupt gzip data at byte [0-9]+"
  expect_err $name "sub/truncated\.log\.gz: truncated gzip stream at byte [0-9]+"
  expect_err $name "sub/not-gzip\.log\.gz: not a gzip file"
  expect_err $name "cannot read '.*sub/read-error\.log' at byte 0: Input/output error"
  expect_err $name "sub/loop-up': directory loop"
  expect_err $name "sub/self-loop': broken or looping symlink"
  [ -z "$unreadable" ] || expect_err $name "cannot open '.*sub/unreadable\.log': Permission denied"
  errors=$(grep -c '^logmill: ' "$work/$name.err")
  check_eq "$name error lines" $((6 + (${#unreadable} > 0 ? 1 : 0))) "$errors"
  grep -q fifo "$work/$name.err" && fail "$name: FIFO in a walk should be skipped quietly"
  # The 100 MB line is one malformed line, not 100 MB of memory.
  grep -qE '^lines +[0-9]+ \([0-9]+ parsed, [1-9][0-9]* malformed\)' "$work/$name.err" \
    || fail "$name: no malformed lines in --stats"
  [ ! -e "$work/pwned" ] || fail "$name: a file name was run by a shell"
done
cmp -s "$work/mixed-serial.out" "$work/mixed-process.out" || fail "serial and process differ on hostile input"

# --- every hostile file alone, explicitly named ----------------------------
for f in "$mixed"/sub/*; do
  [ -p "$f" ] || [ -d "$f" ] && continue
  for pool in serial process; do
    run one $(( 60 )) count --pool $pool -j 2 "$f"
    [ $rc -le 1 ] || fail "$f ($pool): exit $rc: $(cat "$work/one.err")"
    if [ $rc -eq 1 ]; then
      grep -qF -- "$(basename "$f" | head -1)" "$work/one.err" || fail "$f ($pool): error does not name the file: $(cat "$work/one.err")"
    else
      [ ! -s "$work/one.err" ] || fail "$f ($pool): exit 0 with messages: $(cat "$work/one.err")"
    fi
  done
done

# --- an explicit FIFO is read like a pipe -----------------------------------
mkfifo "$work/pipe"
for pool in serial process; do
  cat "$work"/good/access-000.log.gz > "$work/pipe" &
  writer=$!
  run fifo-$pool 60 count --by host --pool $pool "$work/pipe"
  wait $writer
  check_eq "fifo-$pool exit" 0 $rc
  "$bin" count --by host --pool serial "$work"/good/access-000.log.gz > "$work/fifo.expected"
  cmp -s "$work/fifo.expected" "$work/fifo-$pool.out" || fail "fifo-$pool: output differs from the file's"
done

# --- a bad file whose name holds a newline and an escape: one error line ---
odd="$work/odd"
mkdir -p "$odd"
printf 'not gzip at all' > "$odd/$(printf 'bad\nname\033[2J.log.gz')"
for pool in serial process; do
  run odd-$pool 60 count --pool $pool "$odd"
  check_eq "odd-$pool exit" 1 $rc
  check_eq "odd-$pool stderr lines" 1 "$(wc -l < "$work/odd-$pool.err")"
  grep -qF 'bad\nname\x1b[2J.log.gz: not a gzip file' "$work/odd-$pool.err" \
    || fail "odd-$pool: control bytes in the name not escaped: $(cat -v "$work/odd-$pool.err")"
done

# --- gzip bomb: streamed in bounded memory -----------------------------------
python3 "$gen" bomb "$work/bomb" "$bomb_gib"
for pool in serial process; do
  start=$(date +%s)
  run bomb-$pool 600 count --pool $pool --stats "$work/bomb/bomb.log.gz"
  check_eq "bomb-$pool exit" 0 $rc
  grep -qE '^lines +1 \(0 parsed, 1 malformed\)' "$work/bomb-$pool.err" || fail "bomb-$pool: $(cat "$work/bomb-$pool.err")"
  text_mb=$(awk '/^text/ {print int($2)}' "$work/bomb-$pool.err")
  [ "$text_mb" -ge $((bomb_gib * 1073)) ] || fail "bomb-$pool: inflated only $text_mb MB"
  echo "bomb-$pool: $(wc -c < "$work/bomb/bomb.log.gz") bytes -> $text_mb MB in $(( $(date +%s) - start )) s"
done
rm -rf "$work/bomb"

# --- 50,000 tiny files -------------------------------------------------------
python3 "$gen" tiny "$work/many" 50000
for pool in serial process; do
  run tiny-$pool 300 count --pool $pool -j 2 "$work/many"
  check_eq "tiny-$pool exit" 0 $rc
  check_eq "tiny-$pool total" 50000 "$(cat "$work/tiny-$pool.out")"
done
run tiny-hosts 300 count --by host --pool process -j 2 "$work/many"
check_eq "tiny hosts" 100 "$(wc -l < "$work/tiny-hosts.out")"
grep -qx "hostile-tiny-7	500" "$work/tiny-hosts.out" || fail "tiny: wrong per-host count"
rm -rf "$work/many"

# --- files deleted or truncated while being read ------------------------------
# A plain file big enough to be split into several tasks (64 MB each).
for _ in 1 2 3 4 5 6 7 8; do gzip -dc "$work"/good/*.gz; done > "$work/big.log"
"$bin" count --pool serial "$work/big.log" > "$work/big.expected"
for pool in serial process; do
  for change in delete truncate; do
    cp "$work/big.log" "$work/victim.log"
    (
      sleep 0.$((RANDOM % 5 + 1))
      if [ $change == delete ]; then rm -f "$work/victim.log"; else : > "$work/victim.log"; fi
    ) &
    changer=$!
    run $change-$pool 120 count --pool $pool -j 2 "$work/victim.log"
    wait $changer
    [ $rc -le 1 ] || fail "$change-$pool: exit $rc"
    if [ $rc -eq 1 ]; then
      expect_err $change-$pool "victim\.log"
    else
      # Read before the change, or read from descriptors opened before it, or
      # (truncate) cut short: never more lines than the whole file has.
      [ "$(cat "$work/$change-$pool.out")" -le "$(cat "$work/big.expected")" ] \
        || fail "$change-$pool: more lines than the file had"
    fi
  done
done
echo "hostile inputs: ok"
