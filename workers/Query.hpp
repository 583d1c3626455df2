#pragma once
// What a run computes. The coordinator builds it from the command line and
// ships it to workers in its byte encoding; every pool maps with it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workers/Field.hpp"

namespace logmill::workers {

enum class Command : std::uint8_t { Robots, Count, Top, Report, Grep };

[[nodiscard]] std::string_view commandName(Command command);

struct Query {
  Command command = Command::Robots;
  std::vector<Field> by;          ///< group keys (count/top); robots groups by host
  std::string where;              ///< --where source text; empty matches all
  std::string logFormat = "auto"; ///< LineParser spec
  std::uint64_t topN = 10;        ///< top -n

  /// Versioned byte encoding, for workers and partial files.
  [[nodiscard]] std::string encode() const;
  /// Throws std::runtime_error on a malformed or foreign encoding.
  [[nodiscard]] static Query decode(std::string_view bytes);
  friend bool operator==(const Query&, const Query&) = default;
};

}  // namespace logmill::workers
