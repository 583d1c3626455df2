#include "datasets/Tally.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "datasets/Sha256.hpp"

namespace logmill::datasets {
namespace {
constexpr std::string_view kRobotsPath = "/robots.txt";
constexpr std::size_t kTopPaths = 10;
}  // namespace

void Tally::countValid(std::string_view host, std::string_view path, int status) {
  if (status < 0 || status >= kMaxStatus) {
    throw std::logic_error("generator wrote status " + std::to_string(status));
  }
  ++lines;
  ++parsed;
  ++statusCounts[static_cast<std::size_t>(status)];
  if (auto it = pathCounts.find(path); it != pathCounts.end()) {
    ++it->second;
  } else {
    pathCounts.emplace(std::string(path), 1);
  }
  if (path == kRobotsPath && !robotsHosts.contains(host)) robotsHosts.emplace(host);
}

void Tally::countMalformed() {
  ++lines;
  ++malformed;
}

void Tally::merge(const Tally& other) {
  lines += other.lines;
  parsed += other.parsed;
  malformed += other.malformed;
  for (std::size_t s = 0; s < statusCounts.size(); ++s) statusCounts[s] += other.statusCounts[s];
  robotsHosts.insert(other.robotsHosts.begin(), other.robotsHosts.end());
  for (const auto& [path, count] : other.pathCounts) pathCounts[path] += count;
}

AnswerKey Tally::toAnswerKey() const {
  AnswerKey key;
  key.lines = lines;
  key.parsed = parsed;
  key.malformed = malformed;
  for (std::size_t s = 0; s < statusCounts.size(); ++s) {
    if (statusCounts[s] != 0) key.statusCounts[static_cast<int>(s)] = statusCounts[s];
  }

  std::vector<std::string> hosts(robotsHosts.begin(), robotsHosts.end());
  std::sort(hosts.begin(), hosts.end());  // std::string compares bytewise (char_traits)
  Sha256 sha;
  for (const auto& host : hosts) {
    sha.update(host);
    sha.update("\n");
  }
  key.robotsHosts = hosts.size();
  key.robotsSha256 = toHex(sha.finish());

  std::vector<std::pair<std::string, std::uint64_t>> paths(pathCounts.begin(), pathCounts.end());
  const auto byCountThenPath = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const std::size_t top = std::min(kTopPaths, paths.size());
  std::partial_sort(paths.begin(), paths.begin() + static_cast<std::ptrdiff_t>(top), paths.end(),
                    byCountThenPath);
  paths.resize(top);
  key.topPaths = std::move(paths);
  return key;
}

}  // namespace logmill::datasets
