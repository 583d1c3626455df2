#pragma once
// The engines a user would pick instead of logmill (`logmill bench --peers`):
// DuckDB through its Node.js client, lnav headless, and Miller, each run by
// a script under bench/baselines/ that prints logmill's TSV for the query,
// so its answer is checked like any other row before it is timed.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/bench/BenchChild.hpp"

namespace logmill::engine {

/// One peer ready to run on the bench's gzip inputs.
struct PeerCommand {
  std::string name;  ///< the row's variant, e.g. "duckdb-j2"
  unsigned jobs = 1;
  BenchCommand command;  ///< the files already appended
};

/// Where the peers live: the directory holding duckdb.mjs, lnav.sh and
/// miller.sh, and the one where scripts/install-peers.sh put DuckDB's npm
/// package (holding node_modules/).
struct PeerPlaces {
  std::string scriptsDir;
  std::string duckdbDir;
};

/// The queries peers can answer: count-status, top-path, top-path-bytes,
/// distinct-hosts.
[[nodiscard]] bool peersAnswer(const std::string& query);

/// The peers installed on this machine for `query` on `files` (DuckDB with
/// `jobs` threads); each peer left out gets one line in `skipped` saying why.
[[nodiscard]] std::vector<PeerCommand> peerCommands(const std::string& query, unsigned jobs,
                                                    const std::vector<std::string>& files,
                                                    const PeerPlaces& places,
                                                    std::vector<std::string>& skipped);

/// Why GoAccess's JSON report at `jsonPath` does not count the lines logmill
/// counted (its total and valid requests against `lines` and `parsed`), or
/// "" when it does. GoAccess's report is not logmill's, so its totals are
/// what is checked.
[[nodiscard]] std::string checkGoaccessTotals(const std::string& jsonPath, std::uint64_t lines,
                                              std::uint64_t parsed);

/// $LOGMILL_PEERS_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/logmill/peers
/// (where scripts/install-peers.sh installs).
[[nodiscard]] std::string defaultPeersDir();

}  // namespace logmill::engine
