#!/usr/bin/env bash
# Start-up cost (issue 16): `logmill` loads no MPI library; runs under an MPI
# launcher are handed to `logmill-mpi` beside it (mpi.sh checks they still
# answer), and a logmill without one says so instead of running.
source "$(dirname "$0")/lib.bash"

if objdump -p "$bin" | grep -q 'NEEDED.*libmpi'; then fail "$bin is linked with MPI"; fi
if LD_DEBUG=libs "$bin" --version 2>&1 >/dev/null | grep -q 'libmpi'; then
  fail "$bin --version loads libmpi"
fi
data=$(dirname "$0")/../data/elastic-apache-combined-2015.log

# A copy without logmill-mpi beside it: --mpi and a launcher's environment
# are both refused with a usage error naming the missing binary.
mkdir "$work/alone"
cp "$bin" "$work/alone/logmill"
for how in "--mpi" "env OMPI_COMM_WORLD_SIZE=2"; do
  set +e
  if [ "$how" = --mpi ]; then
    "$work/alone/logmill" robots --mpi "$data" >"$work/out" 2>"$work/err"
  else
    $how "$work/alone/logmill" robots "$data" >"$work/out" 2>"$work/err"
  fi
  rc=$?
  set -e
  check_eq "exit without logmill-mpi ($how)" 2 "$rc"
  grep -q "cannot run $work/alone/logmill-mpi (No such file or directory)" "$work/err" ||
    fail "$how: no message naming logmill-mpi: $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "$how: printed a result without MPI"
done
echo "startup: ok"
