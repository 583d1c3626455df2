#pragma once
// The synthetic "world" every file of a dataset draws from: clients (host,
// user agent, maybe a user name) and resources (request targets with a kind
// and a size), each pool ranked for Zipf sampling. Built from the seed alone,
// so all files share the same hosts and paths.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/Rng.hpp"
#include "datasets/ZipfTable.hpp"

namespace logmill::datasets {

/// Who sends a request; decides paths, methods, referrers and robots.txt odds.
enum class ClientClass : std::uint8_t { kHuman, kCrawler, kScript };
/// What a request target is; decides methods, statuses and sizes.
enum class PathKind : std::uint8_t { kPage, kStatic, kApi, kScanner };

inline constexpr std::size_t kClientClasses = 3;
inline constexpr std::size_t kPathKinds = 4;

struct Client {
  std::string host;        ///< IPv4, IPv6 or hostname, unique across the catalog
  std::string_view agent;  ///< one user agent per client, as real clients mostly have
  std::string_view user;   ///< a %u name this client sometimes sends; empty for none
};

struct Resource {
  std::string target;      ///< path, maybe with a query string
  std::uint32_t size = 0;  ///< response bytes for a full 200
};

class Catalog {
 public:
  /// Builds about 50,000 clients and 20,000 resources from `seed`.
  explicit Catalog(std::uint64_t seed);

  /// A Zipf-ranked client of class `cls`.
  [[nodiscard]] const Client& client(ClientClass cls, Rng& rng) const;
  /// A Zipf-ranked resource of kind `kind`.
  [[nodiscard]] const Resource& resource(PathKind kind, Rng& rng) const;

  [[nodiscard]] const std::vector<Client>& clients(ClientClass cls) const {
    return m_clients[static_cast<std::size_t>(cls)];
  }
  [[nodiscard]] const std::vector<Resource>& resources(PathKind kind) const {
    return m_resources[static_cast<std::size_t>(kind)];
  }

 private:
  void buildClients(Rng& rng);
  void buildResources(Rng& rng);

  std::array<std::vector<Client>, kClientClasses> m_clients;
  std::array<std::vector<Resource>, kPathKinds> m_resources;
  std::vector<ZipfTable> m_clientRanks;
  std::vector<ZipfTable> m_resourceRanks;
};

/// Picks an index by integer weights (deterministic on every machine).
template <typename T, std::size_t N>
[[nodiscard]] const T& pickWeighted(Rng& rng,
                                    const std::array<std::pair<T, std::uint32_t>, N>& table) {
  std::uint64_t total = 0;
  for (const auto& entry : table) total += entry.second;
  std::uint64_t u = rng.below(total);
  for (const auto& entry : table) {
    if (u < entry.second) return entry.first;
    u -= entry.second;
  }
  return table.back().first;
}

}  // namespace logmill::datasets
