#!/usr/bin/env bash
# MPI mode: `mpirun -np 3 logmill ...` prints byte for byte what one process
# prints, under --oversubscribe on a 2-core machine; a missing path is
# reported once (by rank 0) with exit 1; grep is refused with exit 2.
# Fails, not skips, without mpirun: scripts/install-deps.sh installs it.
source "$(dirname "$0")/lib.bash"

command -v mpirun >/dev/null || fail "mpirun not found (scripts/install-deps.sh installs openmpi-bin)"
# Sanitizer builds (the asan/tsan presets set these): Open MPI's own leaks and
# threads are not logmill's.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  printf 'leak:%s\n' libmpi.so libopen-pal.so libopen-rte.so libpmix.so libhwloc.so libevent >"$work/lsan.supp"
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$work/lsan.supp"
fi
if [ -n "${TSAN_OPTIONS:-}" ]; then
  {
    cat "$(dirname "$0")/../tsan.supp" 2>/dev/null || true
    for lib in libmpi.so libopen-pal.so libopen-rte.so libpmix.so libhwloc.so libevent; do
      printf 'called_from_lib:%s\nrace:%s\n' "$lib" "$lib"
    done
  } >"$work/tsan.supp"
  export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$work/tsan.supp"
fi
# Containers often forbid the cross-memory-attach copy; plain copies work everywhere.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() {  # mpi NP ARGS...: the job's stdout; its stderr to $work/err; $work/rc
  local np=$1
  shift
  set +e
  mpirun --oversubscribe --allow-run-as-root -np "$np" "$bin" "$@" >"$work/out" 2>"$work/err"
  echo $? >"$work/rc"
  set -e
  cat "$work/out"
}

data=$work/logs
"$bin" gen "$data/gen" --files 7 --lines 4000 --seed 8 2>/dev/null
mkdir -p "$data/real"
cp "$(dirname "$0")"/../data/*.log "$data/real/"
one=$work/one.log
cp "$(dirname "$0")/../data/elastic-apache-combined-2015.log" "$one"

# Under MPI the default format is tsv (ranks' stdout is mpirun's pty, not ours).
cases=(
  "robots"
  "count --by status"
  "top --by path -n 10"
  "count --by host,status"
  "count --by status_class --where status>=400"
  "count"
  "top --by host --agg sum(bytes),p50(bytes),distinct(path) --bucket 1d -n 5"
)
# report, where this build has it (a GoAccess-style report in JSON).
if "$bin" report --help >/dev/null 2>&1; then cases+=("report --format json"); fi
for c in "${cases[@]}"; do
  read -ra args <<<"$c"
  want=$("$bin" "${args[@]}" --pool serial "$data")
  [ -n "$want" ] || fail "$c: empty direct output"
  got=$(mpi 3 "${args[@]}" "$data")
  check_eq "exit of mpirun -np 3 $c" 0 "$(cat "$work/rc")"
  [ "$want" == "$got" ] || fail "$c: mpirun -np 3 differs from a direct run: $(diff <(echo "$want") <(echo "$got") | head -5)"
done

# Every pool inside the ranks, and more ranks than tasks (ranks 1, 2 idle).
want=$("$bin" count --by status,method --pool serial "$data")
for pool in "thread -j 2" "serial" "process -j 1"; do
  read -ra p <<<"$pool"
  got=$(mpi 3 count --by status,method --pool "${p[@]}" "$data")
  [ "$want" == "$got" ] || fail "pool $pool under MPI differs"
done
want=$("$bin" top --by host -n 5 --pool serial "$one")
check_eq "one file, three ranks" "$want" "$(mpi 3 top --by host -n 5 "$one")"
check_eq "one rank" "$("$bin" robots --pool serial "$data")" "$(mpi 1 robots "$data")"

# A missing path: reported once, the rest still counted, exit 1.
want=$("$bin" count --by status --pool serial "$data" 2>/dev/null || true)
got=$(mpi 3 count --by status "$data" "$work/no-such.log")
check_eq "exit with a missing path" 1 "$(cat "$work/rc")"
check_eq "output with a missing path" "$want" "$got"
check_eq "missing path reported once" 1 "$(grep -c "cannot open '$work/no-such.log'" "$work/err")"

# rank 0 writes --emit-partial; merging it reproduces the direct run.
mpi 3 count --by host,status --emit-partial "$work/all.lmp" "$data" >/dev/null
check_eq "emit under MPI exit" 0 "$(cat "$work/rc")"
check_eq "merge of the MPI partial" "$("$bin" count --by host,status --pool serial "$data")" \
  "$("$bin" merge count --by host,status "$work/all.lmp")"

# grep streams ordered lines: refused with one clear message, exit 2.
mpi 3 grep --where "status >= 500" "$data" >/dev/null
check_eq "grep under MPI exit" 2 "$(cat "$work/rc")"
check_eq "grep refusal printed once" 1 "$(grep -c "grep is not supported under MPI" "$work/err")"

# --table only when asked: the pty mpirun gives ranks must not pick it.
got=$(mpi 2 count --by status --format csv "$data")
check_eq "explicit --format under MPI" "$("$bin" count --by status --format csv "$data")" "$got"
# A failing rank ends the whole job with a message naming it: one rank's
# worker blocks on a FIFO, every rank waits for it, SIGTERM to a rank that has
# a worker -> MPI_Abort -> every process gone, nothing on stdout.
mkfifo "$work/fifo"
mpirun --oversubscribe --allow-run-as-root -np 3 "$bin" count --by status "$data" "$work/fifo" \
  >"$work/out" 2>"$work/err" &
job=$!
victim=""
for _ in $(seq 300); do
  for r in $(pgrep -f -- "count --by status $data $work/fifo" || true); do
    [ -n "$(worker_pids "$r")" ] && victim=$r && break 2
  done
  sleep 0.1
done
[ -n "$victim" ] || fail "no rank started a worker"
kill -TERM "$victim"
for _ in $(seq 300); do kill -0 "$job" 2>/dev/null || break; sleep 0.1; done
kill -0 "$job" 2>/dev/null && fail "the job outlived a failed rank by 30 s"
set +e
wait "$job"
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "a failed rank left exit 0"
check_eq "stdout of an aborted job" "" "$(cat "$work/out")"
grep -qE "^logmill: MPI rank [0-2] \(.*\): interrupted by signal 15" "$work/err" ||
  fail "abort message: $(head -5 "$work/err")"
sleep 0.5
check_eq "processes left" "" "$(pgrep -f -- "$work/fifo|--parent $victim( |$)" || true)"
echo "mpi: ok"
