#include "engine/cli/visitorMemoryEnv.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "workers/report/visitorMemory.hpp"

namespace logmill::engine {

std::optional<std::uint64_t> parseByteSize(std::string_view text) {
  std::uint64_t n = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (n > (UINT64_MAX - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = text.substr(i);
  if (unit.ends_with("iB")) {
    unit.remove_suffix(2);
    if (unit.empty()) return std::nullopt;
  } else if (unit.size() == 2 && unit.ends_with('B')) {
    unit.remove_suffix(1);
  }
  int shift = 0;
  if (unit == "K" || unit == "k") {
    shift = 10;
  } else if (unit == "M") {
    shift = 20;
  } else if (unit == "G") {
    shift = 30;
  } else if (!unit.empty()) {
    return std::nullopt;
  }
  if (n > (UINT64_MAX >> shift)) return std::nullopt;
  return n << shift;
}

void applyVisitorMemoryEnv() {
  const char* value = std::getenv(kVisitorMemoryEnv);
  if (value == nullptr || *value == '\0') return;  // set but empty: as if unset
  const auto bytes = parseByteSize(value);
  if (!bytes) {
    throw std::invalid_argument(std::string(kVisitorMemoryEnv) + "='" + value +
                                "': not a size (e.g. 256M, 1G, 65536)");
  }
  workers::setReportVisitorMemory(*bytes);
}

}  // namespace logmill::engine
