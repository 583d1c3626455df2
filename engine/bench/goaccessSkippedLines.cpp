#include "engine/bench/goaccessSkippedLines.hpp"

#include <string_view>

#include "workers/input/InputError.hpp"
#include "workers/input/LineReader.hpp"

namespace logmill::engine {

std::uint64_t goaccessSkippedLines(const std::vector<std::string>& files) {
  std::uint64_t skipped = 0;
  for (const std::string& path : files) {
    try {
      workers::LineReader reader(path, workers::ByteRange{}, workers::ReaderOptions{});
      std::string_view line;
      while (reader.next(line)) {
        if (line.empty() || line.front() == '#') ++skipped;
      }
    } catch (const workers::InputError&) {
      // logmill's own run reports the damage; the lines before it count.
    }
  }
  return skipped;
}

}  // namespace logmill::engine
