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
  libsimde-dev  # scripts/test-scan-emulated.sh: the AVX-512 scan's tests on CPUs without it
  isal pigz gzip mawk hyperfine python3
  linux-perf  # bench/perfstat.sh: CPU time and page faults of interleaved variants
  ca-certificates  # the HTTPS fetch of the crawler list from the npm registry
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

# The crawler list for the `bot` field (README "Humans and bots"): the pinned
# crawler-user-agents npm package (MIT), its tarball checked against the
# registry's sha512 integrity, unpacked into the user's cache (never into the
# repository): crawler-user-agents.json and its LICENSE.
# shellcheck source=crawler-user-agents.env
. "$(dirname "$0")/crawler-user-agents.env"
bots_dir="${XDG_CACHE_HOME:-$HOME/.cache}/logmill/crawler-user-agents/$CRAWLER_USER_AGENTS_VERSION"
# No test needs it (they name a fixture list): without the registry the bot
# field falls back to its built-in rules (`--stats` says so), with a warning.
if [ ! -s "$bots_dir/crawler-user-agents.json" ]; then
  echo "fetching crawler-user-agents $CRAWLER_USER_AGENTS_VERSION into $bots_dir"
  if ! python3 - "$CRAWLER_USER_AGENTS_VERSION" "$CRAWLER_USER_AGENTS_SHA512" "$bots_dir" <<'PY'
import base64, hashlib, io, os, sys, tarfile, tempfile, urllib.request
version, integrity, target = sys.argv[1:4]
url = f"https://registry.npmjs.org/crawler-user-agents/-/crawler-user-agents-{version}.tgz"
with urllib.request.urlopen(url, timeout=60) as response:
    data = response.read(8 << 20)
digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
if digest != integrity:
    sys.exit(f"crawler-user-agents {version}: sha512 {digest} is not the pinned {integrity}")
os.makedirs(target, exist_ok=True)
with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
    for name in ("crawler-user-agents.json", "LICENSE"):
        body = tar.extractfile(f"package/{name}").read()
        fd, tmp = tempfile.mkstemp(dir=target)
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        os.chmod(tmp, 0o644)
        os.replace(tmp, os.path.join(target, name))
PY
  then
    echo "warning: could not fetch crawler-user-agents $CRAWLER_USER_AGENTS_VERSION;" \
      "the bot field uses its built-in rules until this script runs again" >&2
  fi
fi
