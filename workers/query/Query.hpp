#pragma once
// What a run computes. The coordinator builds it from the command line and
// ships it to workers in its byte encoding; every pool maps with it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workers/query/AggregateSpec.hpp"
#include "workers/parse/Field.hpp"

namespace logmill::workers {

enum class Command : std::uint8_t { Robots, Count, Top, Report, Grep };

[[nodiscard]] std::string_view commandName(Command command);

struct Query {
  Command command = Command::Robots;
  std::vector<Field> by;          ///< group keys (count/top); robots groups by host
  std::string where;              ///< --where source text; empty matches all
  std::string logFormat = "auto"; ///< LineParser spec
  std::uint64_t topN = 10;        ///< top -n
  /// --agg columns (count/top); empty: the plain request count, whose map
  /// step stays a hash lookup and an increment.
  std::vector<AggregateSpec> aggregates;
  std::uint32_t bucketSeconds = 0;  ///< --bucket width; 0: no bucket column
  bool approxDistinct = false;      ///< --approx: distinct() by HyperLogLog

  /// Versioned byte encoding, for workers and partial files.
  [[nodiscard]] std::string encode() const;
  /// Throws std::runtime_error on a malformed or foreign encoding.
  [[nodiscard]] static Query decode(std::string_view bytes);
  friend bool operator==(const Query&, const Query&) = default;
};

/// True when the query needs the aggregate table (--agg beyond a lone count,
/// or --bucket) rather than plain counts.
[[nodiscard]] bool usesAggregates(const Query& query);

}  // namespace logmill::workers
