#!/usr/bin/env bash
# Installs logmill's build and test dependencies from Debian 12 packages.
# Idempotent and fast when everything is already there.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git
  zlib1g-dev libtbb-dev libboost-dev libisal-dev libdeflate-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libre2-dev
  libssl-dev  # datasets: the answer key's SHA-256 (libcrypto EVP)
  libsqlite3-dev  # engine/store: the ingest store
  libsimdjson-dev  # workers/parse: the json log format
  sqlite3  # tests/integration/store_rotation.sh forges foreign and newer stores
  libgtest-dev libgmock-dev libbenchmark-dev
  libabsl-dev  # bench/groups.cpp: abseil's Swiss table against the groups table
  isal pigz gzip mawk hyperfine python3
  goaccess  # tests/integration/goaccess_compare.sh compares `logmill report` with it
  libopenmpi-dev openmpi-bin
  # reliability suites: libFuzzer (fuzz preset), peak RSS and pgrep (corpus, chaos)
  clang libclang-rt-14-dev time procps
  # install: logmill(1) by help2man, the .deb's Depends by dpkg-shlibdeps, the
  # completion scripts checked by zsh -n and fish -n
  help2man dpkg-dev zsh fish
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
