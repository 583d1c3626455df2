#pragma once
// What one file's generator wrote, counted as it wrote it; tallies of all
// files merge into the dataset's AnswerKey.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "datasets/Generator.hpp"

namespace logmill::datasets {

/// Hashes std::string and std::string_view alike, so lookups by view do not
/// allocate a key.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};

struct Tally {
  static constexpr int kMaxStatus = 600;

  std::uint64_t lines = 0;
  std::uint64_t parsed = 0;
  std::uint64_t malformed = 0;
  std::array<std::uint64_t, kMaxStatus> statusCounts{};
  std::unordered_set<std::string, StringHash, std::equal_to<>> robotsHosts;
  std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>> pathCounts;

  /// Counts one valid record; `path` is the request target as written.
  void countValid(std::string_view host, std::string_view path, int status);
  void countMalformed();
  /// Adds `other` into this tally.
  void merge(const Tally& other);
  /// The answer key for these counts (files, seed and lines per file unset).
  [[nodiscard]] AnswerKey toAnswerKey() const;
};

}  // namespace logmill::datasets
