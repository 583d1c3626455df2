#!/usr/bin/env bash
# Installs the engines `logmill bench --peers` compares with: lnav and Miller
# from Debian, and DuckDB's Node.js client from npm at the version and
# integrity pinned in bench/baselines/duckdb/package-lock.json, into a cache
# directory outside the repository ($LOGMILL_PEERS_DIR, default
# ${XDG_CACHE_HOME:-~/.cache}/logmill/peers), where `logmill bench` looks for it.
# Idempotent; not needed to build or test logmill (a missing peer is skipped).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
packages=(lnav miller goaccess)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Any Node.js >= 18 will do (some machines carry one that bundles npm).
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

dir=${LOGMILL_PEERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logmill/peers}
mkdir -p "$dir"
# npm ci installs exactly the lockfile's tree and checks every tarball's
# integrity hash; it is skipped when that lockfile is already installed.
if ! cmp -s "$root/bench/baselines/duckdb/package-lock.json" "$dir/package-lock.json" \
   || [ ! -f "$dir/node_modules/@duckdb/node-api/package.json" ]; then
  cp "$root/bench/baselines/duckdb/package.json" "$root/bench/baselines/duckdb/package-lock.json" "$dir/"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
fi
echo "peers: lnav $(lnav -V | cut -d' ' -f2), miller $(mlr --version | cut -d' ' -f2)," \
     "@duckdb/node-api $(node -p "require('$dir/node_modules/@duckdb/node-api/package.json').version") in $dir"
