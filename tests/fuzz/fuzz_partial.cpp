// libFuzzer target: the partial-aggregate decoder, which reads bytes that
// come from another process. Bad input must throw std::runtime_error (never
// crash, never over-allocate); good input must survive an encode/decode
// round trip unchanged, and merging it into itself must double every count
// or, when a count would pass 2^64-1, throw CountOverflow (never wrap).

#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "tests/fuzz/fuzzInput.hpp"
#include "workers/base/addCount.hpp"
#include "workers/map/Partial.hpp"

using logmill::workers::Partial;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Partial p;
  try {
    p = Partial::decode(bytes);
  } catch (const std::runtime_error&) {
    return 0;
  }
  const std::string again = p.encode();
  LOGMILL_FUZZ_CHECK(Partial::decode(again) == p);
  Partial doubled = p;
  try {
    doubled.merge(p);
  } catch (const logmill::workers::CountOverflow&) {
    return 0;
  }
  LOGMILL_FUZZ_CHECK(doubled.groups().size() == p.groups().size());
  for (const auto& [key, n] : p.groups()) {
    LOGMILL_FUZZ_CHECK(n <= UINT64_MAX / 2 && doubled.groups().at(key) == 2 * n);
  }
  LOGMILL_FUZZ_CHECK(doubled.errors().size() == 2 * p.errors().size());
  return 0;
}
