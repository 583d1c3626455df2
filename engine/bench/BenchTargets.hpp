#pragma once
// The performance targets `logmill bench` checks its rows against (the
// project's issue 7): each a ratio of two rows measured in the same run, so
// a noisy machine shifts both sides alike.

#include <string>
#include <vector>

#include "engine/bench/BenchReport.hpp"

namespace logmill::engine {

struct BenchTarget {
  std::string name;        ///< what is compared, e.g. "process-j2 time / igzip-dc time"
  double value = 0;        ///< the measured ratio (or MB for memory)
  std::string comparison;  ///< "<=" or ">="
  double goal = 0;         ///< the target the value is held to
  bool met = false;
};

/// The targets whose rows are present in `report` (a target needing a
/// baseline the machine lacks, or a failed row, is left out). N is the
/// largest -j of the run. The inflate limit applies to robots; the memory
/// cap to queries with a small result (robots, count-status).
[[nodiscard]] std::vector<BenchTarget> benchTargets(const BenchReport& report);

/// The targets as text lines for the bench table ("" when there are none).
[[nodiscard]] std::string benchTargetsText(const std::vector<BenchTarget>& targets);

}  // namespace logmill::engine
