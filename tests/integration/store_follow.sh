#!/usr/bin/env bash
# `logmill ingest --follow`: a writer appends (sometimes half a line at a
# time) and rotates (rename + create, copytruncate, compress) while follow
# runs; after SIGTERM (exit 0) the store equals both a one-shot report of
# every line written and a batch ingest of the files left (exactly once).
# A gzip file still being written is not an error until it is quiet.
# Also: a file followed by name is read on after it is renamed away, SIGINT
# ends a follow with exit 0 after committing (SIGTERM too, mid-backlog),
# --poll works without inotify, --commit-lines splits a backlog into several
# commits, and an idle follow uses (next to) no CPU.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/follow.bash"

start() {  # start NAME ARGS...: a follow on $work/NAME/store.db
  d=$work/$1
  shift
  mkdir -p "$d/logs" "$d/ref"
  "$bin" ingest --follow --interval 0.1 --stats --store "$d/store.db" "$@" 2>"$d/stderr" &
  pid=$!
}
settle() {  # settle N: until the store counts N lines (the machine may be loaded)
  local n
  for _ in $(seq 100); do
    n=$("$bin" count --store "$d/store.db" --format tsv 2>/dev/null || true)
    [ "$n" == "$1" ] && { sleep 0.3; return; }  # and a few intervals more
    sleep 0.1
  done
  fail "$d: the follow did not reach $1 lines (at '$n'): $(tail -3 "$d/stderr")"
}
same() {  # the store's report is the one-shot report of ref/
  "$bin" report --store "$d/store.db" --format json >"$d/store.json"
  "$bin" report --format json "$d/ref" >"$d/oneshot.json"
  cmp -s "$d/store.json" "$d/oneshot.json" ||
    fail "$1: store differs from one-shot: $(diff "$d/store.json" "$d/oneshot.json" | head -10)"
}

# A directory, rotated every way while followed.
start dir "$work/dir/logs"
logs=$work/dir/logs
lines 1 500 >"$logs/access.log"; settle "$(upto 500)"
lines 501 1000 >>"$logs/access.log"
# half a line now, the rest after the follow has looked
line=$(lines 1001 1001)
printf '%s' "${line:0:40}" >>"$logs/access.log"; settle "$(upto 1000)"
printf '%s\n' "${line:40}" >>"$logs/access.log"
lines 1002 1500 >>"$logs/access.log"
mv "$logs/access.log" "$logs/access.log.1"             # rename + create
lines 1501 1600 >>"$logs/access.log.1"                 # the server still writes there
lines 1601 2000 >"$logs/access.log"; settle "$(upto 2000)"
gzip "$logs/access.log.1"                              # compressed after it was read
lines 2001 2500 >>"$logs/access.log"
cp "$logs/access.log" "$logs/access.log.2"; : >"$logs/access.log"  # copytruncate
lines 2501 3000 >>"$logs/access.log"; settle "$(upto 3000)"
mv "$logs/access.log.2" "$logs/access.log.3"; gzip "$logs/access.log.3"  # moved and compressed
lines 3001 3500 >>"$logs/access.log"
mkdir "$logs/vhost2"; lines 3501 4000 >"$logs/vhost2/access.log"  # a new subdirectory
settle "$(upto 4000)"
stop TERM
grep -q "new lines" "$d/stderr" || fail "dir: no --stats after a commit: $(cat "$d/stderr")"
lines 1 4000 >"$d/ref/all"
same dir
"$bin" ingest --store "$d/batch.db" "$logs" 2>/dev/null
"$bin" report --store "$d/batch.db" --format json >"$d/batch.json"
cmp -s "$d/store.json" "$d/batch.json" || fail "dir: follow differs from a batch ingest"

# A gzip file written in two halves (logrotate compressing): no error while
# it is written, its lines once it is whole; one left truncated is an error
# once it has been quiet a while (2 s at this interval).
start gz "$work/gz/logs"
logs=$work/gz/logs
lines 1 300 >"$logs/access.log"; settle "$(upto 300)"
lines 301 1300 | gzip >"$d/whole.gz"
head -c 20000 "$d/whole.gz" >"$logs/access.log.1.gz"; sleep 0.5
tail -c +20001 "$d/whole.gz" >>"$logs/access.log.1.gz"; settle "$(upto 1300)"
head -c 20000 "$d/whole.gz" >"$logs/broken.gz"
for _ in $(seq 100); do grep -q "broken.gz: truncated" "$d/stderr" && break; sleep 0.1; done
stop TERM
grep -q "broken.gz: truncated" "$d/stderr" || fail "gz: no error for a truncated, quiet file: $(cat "$d/stderr")"
grep -q "access.log.1.gz" "$d/stderr" && fail "gz: an error while the file was written: $(cat "$d/stderr")"
lines 1 1300 >"$d/ref/all"
same gz

# A file followed by name: renamed away, the rest written to it is still read.
start byname "$work/byname/logs/access.log"
logs=$work/byname/logs
lines 1 300 >"$logs/access.log"; settle "$(upto 300)"
mv "$logs/access.log" "$logs/access.log.1"
lines 301 400 >>"$logs/access.log.1"
lines 401 700 >"$logs/access.log"; settle "$(upto 700)"
lines 701 800 >>"$logs/access.log"; settle "$(upto 800)"
stop INT
lines 1 800 >"$d/ref/all"
same byname

# --poll: no inotify, a look every interval.
d=$work/poll; mkdir -p "$d/logs" "$d/ref"
"$bin" ingest --follow --poll --interval 0.1 --store "$d/store.db" "$d/logs" 2>"$d/stderr" &
pid=$!
lines 1 200 >"$d/logs/a.log"; settle "$(upto 200)"
lines 201 400 >>"$d/logs/a.log"; settle "$(upto 400)"
stop TERM
lines 1 400 >"$d/ref/all"
same poll

# --commit-lines: a backlog in several commits, the same store at the end.
d=$work/lines; mkdir -p "$d/logs" "$d/ref"
cp "$src" "$d/logs/a.log"; cp "$src" "$d/ref/all"
"$bin" ingest --follow --interval 0.1 --commit-lines 1000 --stats --store "$d/store.db" \
  "$d/logs" 2>"$d/stderr" &
pid=$!
settle "$(upto 10000)"
# Idle: the follow sleeps on inotify, no busy loop (CPU ticks, not wall time).
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(ticks); sleep 1; after=$(ticks)
[ $((after - before)) -le 5 ] || fail "an idle follow used $((after - before)) CPU ticks in 1 s"
stop TERM
commits=$(grep -c "new lines  [1-9]" "$d/stderr")
[ "$commits" -ge 2 ] || fail "--commit-lines 1000: $commits commit(s) for 10000 lines"
same lines
"$bin" ingest --commit-lines 1000 --store "$d/batch.db" "$d/logs"
"$bin" report --store "$d/batch.db" --format json >"$d/batch.json"
cmp -s "$d/store.json" "$d/batch.json" || fail "batch --commit-lines differs"
# SIGTERM in the middle of a backlog: exit 0 after the commit in progress;
# a batch ingest then reads the rest, exactly once.
d=$work/backlog; mkdir -p "$d/logs" "$d/ref"
for _ in 1 2 3 4 5 6 7 8; do cat "$src"; done >"$d/logs/a.log"
cp "$d/logs/a.log" "$d/ref/all"
"$bin" ingest --follow --interval 0.1 --commit-lines 1000 --store "$d/store.db" "$d/logs" \
  2>"$d/stderr" &
pid=$!
for _ in $(seq 100); do
  [ -n "$("$bin" count --store "$d/store.db" --format tsv 2>/dev/null || true)" ] && break
  sleep 0.05
done
stop TERM
"$bin" ingest --store "$d/store.db" "$d/logs"
same backlog
echo "store_follow: ok"
