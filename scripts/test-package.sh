#!/usr/bin/env bash
# Checks the .deb as a user's machine would see it (CTest: package.deb).
#   scripts/test-package.sh [BUILD_DIR | logmill_*.deb]   (default: build)
# A build directory is packaged first (scripts/package.sh BUILD_DIR). The
# package is unpacked into a throw-away root (dpkg -x): the binary, logmill(1)
# and the three completion scripts must be where Debian's tools look, Depends
# must name the package of every library the binary loads, and the unpacked
# binary must run with no LD_LIBRARY_PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
arg=${1:-build}
if [[ -d $arg ]]; then deb=$(scripts/package.sh "$arg"); else deb=$arg; fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail() { echo "test-package: $*" >&2; exit 1; }

dpkg-deb -x "$deb" "$root"
for f in usr/bin/logmill usr/bin/logmill-mpi usr/share/man/man1/logmill.1.gz \
         usr/share/bash-completion/completions/logmill \
         usr/share/zsh/vendor-completions/_logmill \
         usr/share/fish/vendor_completions.d/logmill.fish \
         usr/share/logmill/bench/baselines/findrobots.py; do
  [[ -s $root/$f ]] || fail "$deb has no $f"
done
[[ $(dpkg-deb -f "$deb" Package) == logmill ]] || fail "package name is not logmill"

# Every library the binary is linked against (NEEDED; ldd resolves it on this
# machine) comes from a package Depends names; what those libraries load in
# turn (Open MPI's hwloc, libevent...) their own packages depend on.
depends=$(dpkg-deb -f "$deb" Depends)
[[ -n $depends ]] || fail "no Depends field"
depends_names=$(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*//; s/ //g')
for bin in "$root/usr/bin/logmill" "$root/usr/bin/logmill-mpi"; do
  libs=$(env -u LD_LIBRARY_PATH ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
  [[ -n $libs ]] || fail "ldd found no libraries for $bin"
  for lib in $(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }'); do
    path=$(env -u LD_LIBRARY_PATH ldd "$bin" | awk -v l="$lib" '$1 == l { print $3 }')
    [[ $path == /* ]] || fail "ldd cannot resolve $lib"
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) ||
      pkg=$(dpkg -S "$path" | head -1 | cut -d: -f1)
    [[ -n $pkg ]] || fail "no package owns $path"
    grep -Fxq "$pkg" <<<"$depends_names" || fail "Depends lacks $pkg (for $lib): $depends"
  done
done
# logmill itself loads no MPI: only logmill-mpi does (mpirun/srun hand runs to it).
bin=$root/usr/bin/logmill
if objdump -p "$bin" | grep -q 'NEEDED.*libmpi'; then fail "usr/bin/logmill is linked with MPI"; fi

# The unpacked binary runs, and its man page is the one for this version.
version=$(env -u LD_LIBRARY_PATH "$bin" --version)
[[ $version == "logmill $(dpkg-deb -f "$deb" Version)" ]] || fail "--version says '$version'"
# Read whole, then match: `zcat | grep -q` dies of SIGPIPE under pipefail.
man=$(zcat "$root/usr/share/man/man1/logmill.1.gz")
[[ $man == *'.TH LOGMILL "1"'* ]] || fail "bad man page"
bash -n "$root/usr/share/bash-completion/completions/logmill" || fail "bash rejects the completion"
echo "test-package: ok: $deb"
echo "Depends: $depends"
