#include "engine/bench/BenchPeers.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

namespace logmill::engine {
namespace fs = std::filesystem;
namespace {

std::string envOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

/// A shell script of bench/baselines run as `sh SCRIPT QUERY FILE...`, if
/// the script and every tool it needs are there.
void addShellPeer(std::string_view name, std::string_view script,
                  std::initializer_list<std::string_view> tools, const std::string& query,
                  const std::vector<std::string>& files, const PeerPlaces& places,
                  std::vector<PeerCommand>& out, std::vector<std::string>& skipped) {
  for (std::string_view tool : tools) {
    if (!findOnPath(tool)) {
      skipped.push_back(
          fmt::format("{}: '{}' is not installed (scripts/install-peers.sh)", name, tool));
      return;
    }
  }
  const fs::path path = fs::path(places.scriptsDir) / script;
  const auto sh = findOnPath("sh");
  if (!sh || !fs::is_regular_file(path)) {
    skipped.push_back(fmt::format("{}: {} not found (--baselines-dir)", name, path.string()));
    return;
  }
  PeerCommand peer{std::string(name), 1, {*sh, {*sh, path.string(), query}, {"LC_ALL=C"}}};
  peer.command.argv.insert(peer.command.argv.end(), files.begin(), files.end());
  out.push_back(std::move(peer));
}

void addDuckdb(const std::string& query, unsigned jobs, const std::vector<std::string>& files,
               const PeerPlaces& places, std::vector<PeerCommand>& out,
               std::vector<std::string>& skipped) {
  const auto node = findOnPath("node");
  const fs::path script = fs::path(places.scriptsDir) / "duckdb.mjs";
  const fs::path package =
      fs::path(places.duckdbDir) / "node_modules" / "@duckdb" / "node-api" / "package.json";
  if (!node) {
    skipped.emplace_back("duckdb: 'node' is not installed (scripts/install-peers.sh)");
  } else if (!fs::is_regular_file(package)) {
    skipped.push_back(
        fmt::format("duckdb: @duckdb/node-api is not installed in {} "
                    "(scripts/install-peers.sh)",
                    places.duckdbDir));
  } else if (!fs::is_regular_file(script)) {
    skipped.push_back(fmt::format("duckdb: {} not found (--baselines-dir)", script.string()));
  } else {
    PeerCommand peer{fmt::format("duckdb-j{}", jobs),
                     jobs,
                     {*node,
                      {*node, script.string(), query, std::to_string(jobs)},
                      {"LOGMILL_PEERS_DIR=" + places.duckdbDir}}};
    peer.command.argv.insert(peer.command.argv.end(), files.begin(), files.end());
    out.push_back(std::move(peer));
  }
}

}  // namespace

bool peersAnswer(const std::string& query) {
  constexpr std::array<std::string_view, 4> kQueries = {"count-status", "top-path",
                                                        "top-path-bytes", "distinct-hosts"};
  for (std::string_view q : kQueries) {
    if (q == query) return true;
  }
  return false;
}

std::vector<PeerCommand> peerCommands(const std::string& query, unsigned jobs,
                                      const std::vector<std::string>& files,
                                      const PeerPlaces& places, std::vector<std::string>& skipped) {
  std::vector<PeerCommand> out;
  if (!peersAnswer(query)) {
    skipped.push_back("--query " + query +
                      " has its own baselines (robots: the Python recipe and zcat|mawk; report: "
                      "GoAccess); DuckDB, lnav and Miller answer count-status, top-path, "
                      "top-path-bytes and distinct-hosts");
    return out;
  }
  addDuckdb(query, jobs, files, places, out, skipped);
  addShellPeer("lnav", "lnav.sh", {"lnav"}, query, files, places, out, skipped);
  addShellPeer("miller", "miller.sh", {"mlr", "zcat"}, query, files, places, out, skipped);
  return out;
}

std::string checkGoaccessTotals(const std::string& jsonPath, std::uint64_t lines,
                                std::uint64_t parsed) {
  std::ifstream in(jsonPath, std::ios::binary);
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.contains("general")) {
    return "GoAccess wrote no JSON report to " + jsonPath;
  }
  const nlohmann::json& general = doc["general"];
  const auto total = general.value("total_requests", std::uint64_t{0});
  const auto valid = general.value("valid_requests", std::uint64_t{0});
  if (total == lines && valid == parsed) return "";
  return fmt::format("GoAccess counted {} requests, {} valid; logmill {} lines, {} parsed", total,
                     valid, lines, parsed);
}

std::string defaultPeersDir() {
  const char* home = std::getenv("HOME");
  const std::string cache =
      envOr("XDG_CACHE_HOME", (fs::path(home && *home ? home : "/tmp") / ".cache").string());
  return envOr("LOGMILL_PEERS_DIR", (fs::path(cache) / "logmill" / "peers").string());
}

}  // namespace logmill::engine
