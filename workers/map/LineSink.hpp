#pragma once
// Where grep's matching lines go (the searcher/printer seam): the map finds
// lines, a sink decides whether they become stdout in input order
// (engine/output/OrderedOutput) or frames on a worker's pipe.

#include <cstdint>
#include <string_view>

namespace logmill::workers {

class LineSink {
 public:
  virtual ~LineSink() = default;
  /// The next whole lines (each ending in '\n') of task `task`, in input
  /// order within the task. May block (back-pressure).
  virtual void lines(std::uint32_t task, std::string_view batch) = 0;
};

}  // namespace logmill::workers
